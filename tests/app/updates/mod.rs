//! Progress updates through the pages: logged, kept as drafts, reviewed,
//! returned, revised, accepted, talked about, the review queue, and text
//! kept when a session ends.

mod conversation;
mod drafts;
mod kept_text;
mod queue;
mod rules;
mod workflow;
