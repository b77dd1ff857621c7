//! What every page shares on the wire: compression, caching, protective
//! headers and escaping, cross-site refusals, and what a failure looks like.

mod bounds;
mod caching;
mod compression;
mod failures;
mod html_valid;
mod invisible_text;
mod logging;
mod metrics;
mod security;
mod settings;
mod site_files;
mod slow_clients;
