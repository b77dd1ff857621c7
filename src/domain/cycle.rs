//! Reporting cycles: which periods a track reports on, and when each
//! report is due. Pure date arithmetic, so it is tested here directly.

use chrono::{Days, NaiveDate};

use super::{HORIZON_END, HORIZON_START, Invalid, Msg, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cycle {
    #[default]
    Annual,
    Semiannual,
}

impl Cycle {
    pub const ALL: [Cycle; 2] = [Cycle::Annual, Cycle::Semiannual];

    pub fn as_str(self) -> &'static str {
        match self {
            Cycle::Annual => "annual",
            Cycle::Semiannual => "semiannual",
        }
    }
}

impl std::str::FromStr for Cycle {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        match s.trim() {
            "annual" => Ok(Cycle::Annual),
            "semiannual" => Ok(Cycle::Semiannual),
            _ => Err(Msg::new("invalid-cycle").into()),
        }
    }
}

/// Days after a period's end by which its report is due: 0–365.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueDays(u16);

impl DueDays {
    pub const DEFAULT: DueDays = DueDays(31);

    pub fn get(self) -> u16 {
        self.0
    }
}

impl std::str::FromStr for DueDays {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|d| *d <= 365)
            .map(DueDays)
            .ok_or_else(|| Msg::new("invalid-due-days").into())
    }
}

impl TryFrom<i64> for DueDays {
    type Error = Invalid;
    fn try_from(v: i64) -> Result<Self, Invalid> {
        v.to_string().parse()
    }
}

/// An outcome document's reporting schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub cycle: Cycle,
    pub due_days: DueDays,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            cycle: Cycle::Annual,
            due_days: DueDays::DEFAULT,
        }
    }
}

/// The first day a period covers: nobody can report on a period before it.
pub fn period_start(p: Period) -> NaiveDate {
    let month = if p.half() == Some(2) { 7 } else { 1 };
    NaiveDate::from_ymd_opt(i32::from(p.year()), month, 1).unwrap_or(NaiveDate::MAX)
}

/// The last day a period covers.
pub fn period_end(p: Period) -> NaiveDate {
    let (month, day) = if p.half() == Some(1) {
        (6, 30)
    } else {
        (12, 31)
    };
    NaiveDate::from_ymd_opt(i32::from(p.year()), month, day).unwrap_or(NaiveDate::MAX)
}

impl Schedule {
    /// The periods of the horizon this schedule asks a report for, in order.
    pub fn periods(self) -> Vec<Period> {
        (HORIZON_START..=HORIZON_END)
            .flat_map(|y| match self.cycle {
                Cycle::Annual => vec![Period::whole_year(y)],
                Cycle::Semiannual => vec![Period::half_year(y, 1), Period::half_year(y, 2)],
            })
            .flatten()
            .collect()
    }

    pub fn due_date(self, p: Period) -> NaiveDate {
        period_end(p)
            .checked_add_days(Days::new(u64::from(self.due_days.get())))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The latest period whose report was due before `day`: if it is
    /// missing, the track is overdue.
    pub fn last_closed(self, day: NaiveDate) -> Option<Period> {
        self.periods()
            .into_iter()
            .rev()
            .find(|p| self.due_date(*p) < day)
    }

    /// The period whose report falls due next, on or after `day`.
    pub fn next_due(self, day: NaiveDate) -> Option<Period> {
        self.periods()
            .into_iter()
            .find(|p| self.due_date(*p) >= day)
    }
}

/// Whether a commitment's target year is over (at the end of `day`).
pub fn past_target(day: NaiveDate, target_year: i64) -> bool {
    i64::from(chrono::Datelike::year(&day)) > target_year
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sched(cycle: Cycle, days: &str) -> Schedule {
        Schedule {
            cycle,
            due_days: days.parse().unwrap(),
        }
    }

    #[test]
    fn the_years_report_is_due_by_31_january() {
        let s = Schedule::default();
        assert_eq!(
            s.due_date(Period::whole_year(2024).unwrap()),
            d("2025-01-31")
        );
        // Due on the 31st itself; overdue from 1 February.
        assert_eq!(
            s.last_closed(d("2025-01-31")),
            Some(Period::whole_year(2023).unwrap())
        );
        assert_eq!(
            s.last_closed(d("2025-02-01")),
            Some(Period::whole_year(2024).unwrap())
        );
        assert_eq!(
            s.next_due(d("2025-01-31")),
            Some(Period::whole_year(2024).unwrap())
        );
        assert_eq!(
            s.next_due(d("2025-02-01")),
            Some(Period::whole_year(2025).unwrap())
        );
        assert_eq!(s.last_closed(d("2023-01-31")), None);
        assert_eq!(s.next_due(d("2032-02-01")), None);
    }

    #[test]
    fn leap_years_move_due_dates_by_a_day() {
        let s = sched(Cycle::Annual, "60");
        // 31 Dec 2023 + 60 days lands in leap February 2024.
        assert_eq!(
            s.due_date(Period::whole_year(2023).unwrap()),
            d("2024-02-29")
        );
        assert_eq!(
            s.due_date(Period::whole_year(2024).unwrap()),
            d("2025-03-01")
        );
        let h = sched(Cycle::Semiannual, "0");
        assert_eq!(
            h.due_date(Period::half_year(2028, 1).unwrap()),
            d("2028-06-30")
        );
        assert_eq!(
            h.last_closed(d("2028-07-01")),
            Some(Period::half_year(2028, 1).unwrap())
        );
        assert_eq!(
            h.last_closed(d("2028-06-30")),
            Some(Period::half_year(2027, 2).unwrap())
        );
    }

    #[test]
    fn semiannual_cycles_ask_for_both_halves() {
        let s = sched(Cycle::Semiannual, "31");
        assert_eq!(s.periods().len(), 20);
        assert_eq!(
            s.due_date(Period::half_year(2026, 1).unwrap()),
            d("2026-07-31")
        );
        assert_eq!(
            s.next_due(d("2026-11-23")),
            Some(Period::half_year(2026, 2).unwrap())
        );
        assert_eq!(
            s.last_closed(d("2026-11-23")),
            Some(Period::half_year(2026, 1).unwrap())
        );
    }

    #[test]
    fn due_days_are_bounded() {
        assert!("366".parse::<DueDays>().is_err());
        assert!("-1".parse::<DueDays>().is_err());
        assert!("x".parse::<DueDays>().is_err());
        assert_eq!("365".parse::<DueDays>().unwrap().get(), 365);
    }

    #[test]
    fn target_year_passes_at_the_end_of_the_year() {
        assert!(!past_target(d("2026-12-31"), 2026));
        assert!(past_target(d("2027-01-01"), 2026));
    }
}
