//! Example accounts and progress for a newcomer (`serve --demo`). Everything
//! made here is marked as demo in the database and in reports; the synthetic
//! load for scale tests (`demo-data`) is in `synthetic`.

use rusqlite::{Connection, params};

use crate::auth::{password, secret};
use crate::db::Db;
use crate::db::audit::Actor;
use crate::db::users::{self, NewUser};
use crate::domain::cycle::period_end;
use crate::domain::{Country, Email, Password, Period, PersonName, Role, Status, TIMESTAMP_FORMAT};
use crate::error::AppResult;
use crate::services::accounts;
use crate::telemetry::say;

/// A small deterministic generator: the same seed gives the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

pub(crate) const NARRATIVES: &[(&str, &str)] = &[
    (
        "An inter-agency working group met three times and agreed a work plan with the relevant ministries.",
        "Межведомственная рабочая группа провела три заседания и согласовала план работы с профильными министерствами.",
    ),
    (
        "Training was held for 45 officials from law-enforcement and justice bodies, with UNOCT support.",
        "При поддержке КТУ ООН проведено обучение 45 сотрудников правоохранительных и судебных органов.",
    ),
    (
        "A draft law was prepared and submitted to parliament; public consultations are under way.",
        "Подготовлен и внесён в парламент законопроект; идут общественные обсуждения.",
    ),
    (
        "The national action plan was adopted by government decree and funding was allocated for its first year.",
        "Национальный план действий утверждён постановлением правительства, выделено финансирование на первый год.",
    ),
    (
        "Regional experts shared practice at a workshop in Almaty; recommendations were circulated to all five states.",
        "Региональные эксперты обменялись опытом на семинаре в Алматы; рекомендации направлены всем пяти государствам.",
    ),
    (
        "Work has not yet begun; resources are being sought from partners.",
        "Работа ещё не начата; ведётся поиск ресурсов у партнёров.",
    ),
];

const DEMO_ACCOUNTS: &[(&str, &str, Role, Option<Country>)] = &[
    (
        "admin@demo.invalid",
        "Demo Administrator",
        Role::Admin,
        None,
    ),
    (
        "reviewer@demo.invalid",
        "Demo Reviewer (UNOCT)",
        Role::Reviewer,
        None,
    ),
    ("donor@demo.invalid", "Demo Donor", Role::Donor, None),
    (
        "focal-kz@demo.invalid",
        "Demo Focal Point, Kazakhstan",
        Role::FocalPoint,
        Some(Country::KZ),
    ),
    (
        "focal-kg@demo.invalid",
        "Demo Focal Point, Kyrgyzstan",
        Role::FocalPoint,
        Some(Country::KG),
    ),
    (
        "focal-tj@demo.invalid",
        "Demo Focal Point, Tajikistan",
        Role::FocalPoint,
        Some(Country::TJ),
    ),
    (
        "focal-tm@demo.invalid",
        "Demo Focal Point, Turkmenistan",
        Role::FocalPoint,
        Some(Country::TM),
    ),
    (
        "focal-uz@demo.invalid",
        "Demo Focal Point, Uzbekistan",
        Role::FocalPoint,
        Some(Country::UZ),
    ),
];

/// Creates the demo accounts (or gives them new passwords) and, once, the
/// example progress; prints each account's password this one time.
pub async fn load_demo(database: &Db, base: &str) -> anyhow::Result<()> {
    let mut creds = Vec::new();
    for (email, _, _, _) in DEMO_ACCOUNTS {
        let pw = secret::new_password();
        let pw_ = Password::parse(&pw).map_err(|e| anyhow::anyhow!(e))?;
        let hash = tokio::task::spawn_blocking(move || password::hash_blocking(&pw_)).await??;
        creds.push((*email, pw, hash));
    }
    let hashes: Vec<(String, String)> = creds
        .iter()
        .map(|(e, _, h)| ((*e).to_owned(), h.clone()))
        .collect();
    let (made, skipped) = database
        .write(move |tx| {
            let mut skipped = Vec::new();
            for ((email, name, role, country), (_, hash)) in DEMO_ACCOUNTS.iter().zip(&hashes) {
                let existing: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                    "SELECT id FROM users WHERE email = ?1",
                    [email],
                    |r| r.get(0),
                ))?;
                match existing {
                    // A demo account an administrator switched off stays off.
                    Some(id) if users::get(tx, id)?.active => {
                        accounts::set_password(tx, Actor::System("demo"), id, hash)?;
                    }
                    Some(_) => skipped.push(*email),
                    None => {
                        let mut u = NewUser::new(
                            Email::parse(email).map_err(|e| anyhow::anyhow!(e))?,
                            PersonName::parse(name).map_err(|e| anyhow::anyhow!(e))?,
                            *role,
                            *country,
                        )?;
                        u.is_demo = true;
                        accounts::create(tx, Actor::System("demo"), &u, hash)?;
                    }
                }
            }
            Ok((example_progress(tx)?, skipped))
        })
        .await?;
    let heading = format!("Demo accounts (passwords shown only now; sign in at {base}/login):");
    say(&heading, &heading, &[]);
    for (email, pw, _) in &creds {
        if skipped.contains(email) {
            let text = format!("  {email:<24} (deactivated; left as it is)");
            say(
                &text,
                "demo account deactivated; left as it is",
                &[("email", email)],
            );
        } else {
            let text = format!("  {email:<24} {pw}");
            say(&text, "demo account", &[("email", email), ("password", pw)]);
        }
    }
    let mfa = "Accounts that JPOA_MFA covers (by default the administrator and the reviewer) set \
               up a second factor, an authenticator app, at their first sign-in.";
    say(mfa, mfa, &[]);
    if made > 0 {
        let text = format!("Added {made} example progress updates, marked as demo.");
        say(&text, &text, &[]);
    }
    Ok(())
}

pub(crate) fn user_id(conn: &Connection, email: &str) -> AppResult<i64> {
    Ok(
        conn.query_row("SELECT id FROM users WHERE email = ?1", [email], |r| {
            r.get(0)
        })?,
    )
}

/// A living dashboard: accepted history on most tracks up to the last
/// half-year that has ended, some updates awaiting review, one returned.
fn example_progress(tx: &rusqlite::Transaction) -> AppResult<usize> {
    let already: i64 = tx.query_row("SELECT count(*) FROM updates WHERE is_demo = 1", [], |r| {
        r.get(0)
    })?;
    if already > 0 {
        return Ok(0);
    }
    let reviewer = user_id(tx, "reviewer@demo.invalid")?;
    let admin = user_id(tx, "admin@demo.invalid")?;
    let tracks: Vec<(i64, String)> = {
        let mut stmt = tx.prepare("SELECT id, country FROM tracks ORDER BY id")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let today = chrono::Utc::now().date_naive();
    let ended: Vec<Period> = Period::all()
        .into_iter()
        .filter(|p| p.to_string().contains('H'))
        .filter(|p| period_end(*p) + chrono::Duration::days(45) < today)
        .collect();
    let mut rng = Rng::new(2022);
    let mut n = 0;
    for (track_id, country) in tracks {
        let author = match country.as_str() {
            "REG" => reviewer,
            c => user_id(tx, &format!("focal-{}@demo.invalid", c.to_lowercase()))?,
        };
        let decider = if author == reviewer { admin } else { reviewer };
        if rng.below(10) < 3 || ended.is_empty() {
            continue;
        }
        let mut level = 0usize;
        let steps = 1 + rng.below(3) as usize;
        let start = rng.below(ended.len() as u64) as usize;
        for (i, p) in ended.iter().skip(start).step_by(2).take(steps).enumerate() {
            level = (level + rng.below(2) as usize + usize::from(i == 0)).min(3);
            let status = Status::ALL[level];
            let (en, ru) = NARRATIVES[rng.below(NARRATIVES.len() as u64) as usize];
            let submitted = period_end(*p) + chrono::Duration::days(20 + rng.below(20) as i64);
            let reviewed = submitted + chrono::Duration::days(3 + rng.below(10) as i64);
            let pending = i + 1 == steps && rng.below(6) == 0;
            tx.execute(
                "INSERT INTO updates (track_id, period, period_rank, status, narrative_en, narrative_ru,
                    evidence_url, state, author_id, created_at, submitted_at, reviewer_id, reviewed_at, is_demo)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?9, ?10, ?11, 1)",
                params![
                    track_id,
                    p.to_string(),
                    p.rank(),
                    status.as_str(),
                    en,
                    ru,
                    if pending { "submitted" } else { "accepted" },
                    author,
                    stamp(submitted),
                    (!pending).then_some(decider),
                    (!pending).then(|| stamp(reviewed)),
                ],
            )?;
            n += 1;
        }
    }
    Ok(n)
}

/// Ten o'clock UTC on `d`, written as every other time is.
pub(crate) fn stamp(d: chrono::NaiveDate) -> String {
    d.and_time(chrono::NaiveTime::MIN + chrono::Duration::hours(10))
        .format(TIMESTAMP_FORMAT)
        .to_string()
}
