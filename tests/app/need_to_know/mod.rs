//! Need to know: what an update says reaches only those cleared for its
//! sensitivity, whatever the route; its status counts for everyone.

mod routes;
