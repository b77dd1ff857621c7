//! Progress updates through the pages: logged, reviewed, returned, revised,
//! accepted, and the review queue.

mod queue;
mod rules;
mod workflow;
