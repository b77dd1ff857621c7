use super::{Invalid, Msg};

pub const HORIZON_START: u16 = 2022;
pub const HORIZON_END: u16 = 2031;

/// The reporting period an update covers: a whole year or one of its halves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    year: u16,
    half: Option<u8>,
}

impl Period {
    pub fn year(self) -> u16 {
        self.year
    }

    /// Orders periods by the day they end on: `2024-H2` and `2024` both end on
    /// 31 December, so they rank alike and the later-accepted one wins.
    pub fn rank(self) -> i64 {
        i64::from(self.year) * 10 + i64::from(self.half.unwrap_or(2))
    }

    /// The rank of the first half-year this period covers, for `from` bounds.
    pub fn start_rank(self) -> i64 {
        i64::from(self.year) * 10 + i64::from(self.half.unwrap_or(1))
    }

    /// The whole year `year`, a year of the horizon.
    pub fn whole_year(year: u16) -> Result<Period, Invalid> {
        Period::checked(year, None)
    }

    /// A half of `year`, 1 or 2, in a year of the horizon.
    pub fn half_year(year: u16, half: u8) -> Result<Period, Invalid> {
        Period::checked(year, Some(half))
    }

    fn checked(year: u16, half: Option<u8>) -> Result<Period, Invalid> {
        if (HORIZON_START..=HORIZON_END).contains(&year) && half.is_none_or(|h| h == 1 || h == 2) {
            Ok(Period { year, half })
        } else {
            Err(invalid_period())
        }
    }

    pub fn half(self) -> Option<u8> {
        self.half
    }

    /// Every period of the horizon, whole years and halves, in order.
    pub fn all() -> Vec<Period> {
        (HORIZON_START..=HORIZON_END)
            .flat_map(|year| {
                [Some(1), Some(2), None]
                    .into_iter()
                    .map(move |half| Period { year, half })
            })
            .collect()
    }
}

impl std::str::FromStr for Period {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let bad = invalid_period;
        let s = s.trim();
        let (year, half) = match s.split_once('-') {
            None => (s, None),
            Some((y, "H1")) => (y, Some(1)),
            Some((y, "H2")) => (y, Some(2)),
            Some(_) => return Err(bad()),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: u16 = year.parse().map_err(|_| bad())?;
        Period::checked(year, half)
    }
}

fn invalid_period() -> Invalid {
    Msg::new("invalid-period")
        .arg("start", HORIZON_START)
        .arg("end", HORIZON_END)
        .into()
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.half {
            None => write!(f, "{}", self.year),
            Some(h) => write!(f, "{}-H{h}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms_inside_the_horizon() {
        for ok in ["2022", "2031", "2024-H1", "2031-H2"] {
            assert_eq!(ok.parse::<Period>().unwrap().to_string(), ok);
        }
        for bad in [
            "2021",
            "2032",
            "2024-H3",
            "2024-h1",
            "24",
            "２０２４",
            "2024-",
            "",
            "+2024",
            "2024 H1",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn a_whole_year_ranks_with_its_second_half() {
        let p = |s: &str| s.parse::<Period>().unwrap().rank();
        assert!(p("2024-H1") < p("2024-H2"));
        assert_eq!(p("2024-H2"), p("2024"));
        assert!(p("2024") < p("2025-H1"));
        assert_eq!(Period::all().len(), 30);
    }

    #[test]
    fn periods_are_made_only_inside_the_horizon() {
        assert_eq!(Period::whole_year(2022).unwrap().to_string(), "2022");
        assert_eq!(Period::half_year(2031, 2).unwrap().to_string(), "2031-H2");
        assert!(Period::whole_year(2021).is_err());
        assert!(Period::whole_year(2032).is_err());
        assert!(Period::half_year(2024, 0).is_err());
        assert!(Period::half_year(2024, 3).is_err());
    }
}
