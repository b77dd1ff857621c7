//! Who may do what: every route against every role, and refusals that come
//! before anything is read.

mod matrix;
mod refusals;
