//! Importing commitments from a CSV file: the same parser and the same
//! all-or-nothing rule on the command line and in the browser.

mod command_line;
mod web;
