use super::{Invalid, Lang, Msg};

/// One of the five states, or the regional track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Country {
    KZ,
    KG,
    TJ,
    TM,
    UZ,
    REG,
}

impl Country {
    pub const ALL: [Country; 6] = [
        Country::KZ,
        Country::KG,
        Country::TJ,
        Country::TM,
        Country::UZ,
        Country::REG,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Country::KZ => "KZ",
            Country::KG => "KG",
            Country::TJ => "TJ",
            Country::TM => "TM",
            Country::UZ => "UZ",
            Country::REG => "REG",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Country::KZ => "Kazakhstan",
            Country::KG => "Kyrgyzstan",
            Country::TJ => "Tajikistan",
            Country::TM => "Turkmenistan",
            Country::UZ => "Uzbekistan",
            Country::REG => "Regional",
        }
    }

    /// The name as the seeds give it in Russian.
    pub fn name_ru(self) -> &'static str {
        match self {
            Country::KZ => "Казахстан",
            Country::KG => "Кыргызстан",
            Country::TJ => "Таджикистан",
            Country::TM => "Туркменистан",
            Country::UZ => "Узбекистан",
            Country::REG => "Региональный трек",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.name_en(),
            Lang::Ru => self.name_ru(),
        }
    }

    pub fn is_state(self) -> bool {
        self != Country::REG
    }
}

impl std::str::FromStr for Country {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        Country::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Msg::new("invalid-country").into())
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
