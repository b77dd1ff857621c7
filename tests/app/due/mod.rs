//! Due and overdue reports: deadlines across period boundaries and leap
//! years, reconstructed as of any day, on the command line and the web; the
//! reporting cycles an administrator sets.

mod cycles;
mod deadlines;
mod page;
