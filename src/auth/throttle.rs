//! Throttling of failed sign-ins, per account and per client address, so
//! that passwords cannot be guessed online at speed.
//!
//! governor counts the failures. Once a key has used up its allowance it
//! is refused until governor would let the next failure through, without
//! the password being looked at; a successful sign-in costs nothing.
//! Unknown and known accounts are counted alike, so the answer tells
//! nothing about which accounts exist.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::settings::Settings;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

pub struct SignInThrottle {
    accounts: DefaultKeyedRateLimiter<String>,
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    /// Keys that used up their allowance, and until when.
    refused: Mutex<HashMap<Key, Instant>>,
    /// Keys kept before forgetting those that are back to a full allowance.
    max_keys: usize,
}

/// A burst, then one more every `every`; settings refuse zeros, and a
/// zero here would still mean one.
fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every.max(Duration::from_millis(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
}

fn account(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Whole seconds, rounded up, so that a client waiting that long succeeds.
fn seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl SignInThrottle {
    /// Failures per account, and per client address (an office behind one
    /// address shares it), as the settings say.
    pub fn new(s: &Settings) -> Self {
        SignInThrottle {
            accounts: DefaultKeyedRateLimiter::keyed(quota(s.account_burst, s.account_every)),
            addresses: DefaultKeyedRateLimiter::keyed(quota(s.address_burst, s.address_every)),
            clock: DefaultClock::default(),
            refused: Mutex::new(HashMap::new()),
            max_keys: usize::try_from(s.throttle_keys).unwrap_or(usize::MAX),
        }
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle::new(&Settings::defaults())
    }
}

impl SignInThrottle {
    /// Before a password is checked: `Err` holds the seconds to wait when
    /// the account or the address has used up its failures.
    pub fn check(&self, email: &str, address: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
        if refused.len() > self.max_keys {
            refused.retain(|_, until| *until > now);
        }
        let wait = [Key::Address(address), Key::Account(account(email))]
            .iter()
            .filter_map(|k| refused.get(k))
            .filter(|until| **until > now)
            .map(|until| seconds(*until - now))
            .max();
        wait.map_or(Ok(()), Err)
    }

    /// Counts a failed sign-in against the account and the address.
    pub fn failed(&self, email: &str, address: IpAddr) {
        self.forget_old();
        let now = self.clock.now();
        let until = |wait: Duration| Instant::now() + wait;
        let mut refused = self.refused.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(n) = self.addresses.check_key(&address) {
            refused.insert(Key::Address(address), until(n.wait_time_from(now)));
        }
        let email = account(email);
        if let Err(n) = self.accounts.check_key(&email) {
            refused.insert(Key::Account(email), until(n.wait_time_from(now)));
        }
    }

    fn forget_old(&self) {
        if self.accounts.len() > self.max_keys {
            self.accounts.retain_recent();
        }
        if self.addresses.len() > self.max_keys {
            self.addresses.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT_BURST: u32 = 10;
    const ACCOUNT_EVERY: Duration = Duration::from_secs(30);
    const ADDRESS_BURST: u32 = 50;

    #[test]
    fn the_defaults_are_the_documented_allowances() {
        let s = Settings::defaults();
        assert_eq!(
            (s.account_burst, s.account_every, s.address_burst),
            (ACCOUNT_BURST, ACCOUNT_EVERY, ADDRESS_BURST)
        );
    }

    #[test]
    fn an_account_gets_its_failures_then_waits_whatever_the_address() {
        let t = SignInThrottle::default();
        for i in 0..ACCOUNT_BURST {
            let addr = IpAddr::from([10, 0, 0, u8::try_from(i).unwrap()]);
            assert_eq!(t.check("A@example.org", addr), Ok(()));
            t.failed("A@example.org", addr);
        }
        // Used up, but not refused until a failure goes past the allowance.
        let other = IpAddr::from([10, 0, 1, 1]);
        assert_eq!(t.check("a@example.org", other), Ok(()));
        t.failed("a@example.org", other);
        let secs = t.check(" a@EXAMPLE.org", other).unwrap_err();
        assert!((1..=ACCOUNT_EVERY.as_secs()).contains(&secs), "{secs}");
        assert_eq!(t.check("b@example.org", other), Ok(()));
    }

    #[test]
    fn successes_cost_nothing() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..1000 {
            assert_eq!(t.check("a@example.org", addr), Ok(()));
        }
    }

    #[test]
    fn an_address_gets_its_failures_then_waits_whatever_the_account() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 7]);
        for i in 0..=ADDRESS_BURST {
            t.failed(&format!("p{i}@example.org"), addr);
        }
        assert!(t.check("new@example.org", addr).is_err());
        assert_eq!(
            t.check("new@example.org", IpAddr::from([192, 0, 2, 8])),
            Ok(())
        );
    }
}
