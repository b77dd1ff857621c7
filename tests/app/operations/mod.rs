//! Running the tracker for real: `jpoa-tracker check`.

mod check;
