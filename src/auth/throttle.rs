//! Throttling of failed sign-ins, per account and per client address, so
//! that passwords cannot be guessed online at speed.
//!
//! Each key has a budget of failures (GCRA: a burst, then one more every
//! period). An attempt holds its place in the budget from before the
//! password is looked at until its outcome is known, so attempts made at
//! the same moment get no more between them than attempts made one after
//! another. A failure is then counted; a success gives its place back and
//! costs nothing. Once a failure finds the budget spent, the key is refused
//! until the next failure would fit, without the password being looked at.
//! Unknown and known accounts are counted alike, so the answer tells
//! nothing about which accounts exist.
//!
//! governor, used before, counts a failure only after it happened and
//! cannot hold a place for one in flight: concurrent guesses got past it.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::settings::Settings;

/// One key's budget: when it is whole again, attempts in flight, and a
/// refusal in force.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The theoretical arrival time of GCRA: the budget is whole from then.
    whole_at: Instant,
    in_flight: u32,
    refused_until: Option<Instant>,
}

struct Limiter<K> {
    burst: u32,
    every: Duration,
    max_keys: usize,
    slots: Mutex<HashMap<K, Slot>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    fn new(burst: u32, every: Duration, max_keys: usize) -> Self {
        Limiter {
            burst: burst.max(1),
            every: every.max(Duration::from_millis(1)),
            max_keys,
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes a place for an attempt, or says how long to wait: an attempt
    /// may start while every attempt in flight could still fail within the
    /// budget (one past it trips the refusal, as one at a time would).
    fn begin(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut slots = self.lock();
        if slots.len() > self.max_keys {
            slots.retain(|_, s| s.in_flight > 0 || s.whole_at > now || s.refused_until > Some(now));
        }
        let slot = slots.entry(key.clone()).or_insert(Slot {
            whole_at: now,
            in_flight: 0,
            refused_until: None,
        });
        if let Some(until) = slot.refused_until.filter(|u| *u > now) {
            return Err(until - now);
        }
        let used = slot.whole_at.max(now) - now + self.every * slot.in_flight;
        let budget = self.every * self.burst;
        if used > budget {
            return Err(used - budget);
        }
        slot.in_flight += 1;
        Ok(())
    }

    /// Gives the place back; a failure is counted, or trips the refusal
    /// when the budget is spent.
    fn finish(&self, key: &K, failed: bool, now: Instant) {
        let mut slots = self.lock();
        let Some(slot) = slots.get_mut(key) else {
            return;
        };
        slot.in_flight = slot.in_flight.saturating_sub(1);
        if !failed {
            return;
        }
        let next = slot.whole_at.max(now) + self.every;
        let budget = self.every * self.burst;
        if next - now > budget {
            // The next failure fits once one period of the budget is free.
            slot.refused_until = Some(next - budget);
        }
        // The failure that trips the refusal is counted too, so that after
        // a refusal one failure a period gets through, not two.
        slot.whole_at = next;
    }
}

pub struct SignInThrottle {
    accounts: Limiter<String>,
    addresses: Limiter<IpAddr>,
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
        let keys = usize::try_from(s.throttle_keys).unwrap_or(usize::MAX);
        SignInThrottle {
            accounts: Limiter::new(s.account_burst, s.account_every, keys),
            addresses: Limiter::new(s.address_burst, s.address_every, keys),
        }
    }

    /// "Forgot your password?" requests: three per account, then one an
    /// hour; twenty per address, then one a minute. Each request counts,
    /// whatever its outcome.
    pub fn for_resets(s: &Settings) -> Self {
        let keys = usize::try_from(s.throttle_keys).unwrap_or(usize::MAX);
        SignInThrottle {
            accounts: Limiter::new(3, Duration::from_secs(3600), keys),
            addresses: Limiter::new(20, Duration::from_secs(60), keys),
        }
    }

    /// Before a password is checked: a place for this attempt against the
    /// account and the address, or `Err` with the seconds to wait.
    pub fn begin(&self, email: &str, address: IpAddr) -> Result<Attempt<'_>, u64> {
        let now = Instant::now();
        let email = account(email);
        self.addresses.begin(&address, now).map_err(seconds)?;
        if let Err(wait) = self.accounts.begin(&email, now) {
            self.addresses.finish(&address, false, now);
            return Err(seconds(wait));
        }
        Ok(Attempt {
            throttle: self,
            email,
            address,
            settled: false,
        })
    }

    fn settle(&self, email: &str, address: IpAddr, failed: bool) {
        let now = Instant::now();
        self.addresses.finish(&address, failed, now);
        self.accounts.finish(&email.to_owned(), failed, now);
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle::new(&Settings::defaults())
    }
}

/// A sign-in attempt in flight. It counts as a failure unless it is marked
/// a success, so an attempt abandoned half-way (a client that hangs up
/// while the password is checked) is not free.
pub struct Attempt<'a> {
    throttle: &'a SignInThrottle,
    email: String,
    address: IpAddr,
    settled: bool,
}

impl Attempt<'_> {
    pub fn succeeded(mut self) {
        self.settled = true;
        self.throttle.settle(&self.email, self.address, false);
    }

    /// The password was never looked at (the server was too busy): the
    /// place is given back and nothing is counted.
    pub fn withdrawn(mut self) {
        self.settled = true;
        self.throttle.settle(&self.email, self.address, false);
    }

    pub fn failed(mut self) {
        self.settled = true;
        self.throttle.settle(&self.email, self.address, true);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.throttle.settle(&self.email, self.address, true);
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
            t.begin("A@example.org", addr).unwrap().failed();
        }
        // Used up, but not refused until a failure goes past the allowance.
        let other = IpAddr::from([10, 0, 1, 1]);
        t.begin("a@example.org", other).unwrap().failed();
        let secs = t.begin(" a@EXAMPLE.org", other).err().unwrap();
        assert!((1..=ACCOUNT_EVERY.as_secs()).contains(&secs), "{secs}");
        assert!(t.begin("b@example.org", other).is_ok());
    }

    #[test]
    fn successes_cost_nothing() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 1]);
        for _ in 0..1000 {
            t.begin("a@example.org", addr).unwrap().succeeded();
        }
    }

    #[test]
    fn an_address_gets_its_failures_then_waits_whatever_the_account() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 7]);
        for i in 0..=ADDRESS_BURST {
            t.begin(&format!("p{i}@example.org"), addr)
                .unwrap()
                .failed();
        }
        assert!(t.begin("new@example.org", addr).is_err());
        assert!(
            t.begin("new@example.org", IpAddr::from([192, 0, 2, 8]))
                .is_ok()
        );
    }

    #[test]
    fn attempts_at_the_same_moment_get_no_more_than_one_after_another() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 9]);
        // Thirty-five guesses in flight at once: the burst and the one that
        // trips the refusal are let through, as they would be one by one.
        let mut started = Vec::new();
        for _ in 0..35 {
            if let Ok(a) = t.begin("a@example.org", addr) {
                started.push(a);
            }
        }
        assert_eq!(started.len(), usize::try_from(ACCOUNT_BURST).unwrap() + 1);
        started.into_iter().for_each(Attempt::failed);
        assert!(t.begin("a@example.org", addr).is_err());
    }

    #[test]
    fn past_the_burst_one_failure_a_period_gets_through() {
        let every = Duration::from_secs(30);
        let l = Limiter::new(10, every, 100);
        let t0 = Instant::now();
        let mut judged = 0;
        // Ten minutes of guessing, one try a second.
        for s in 0..600 {
            let now = t0 + Duration::from_secs(s);
            if l.begin(&"k", now).is_ok() {
                judged += 1;
                l.finish(&"k", true, now);
            }
        }
        // The burst, the one that trips the refusal, then one per 30 s.
        assert_eq!(judged, 10 + 1 + 19);
    }

    #[test]
    fn an_attempt_given_up_half_way_counts_as_a_failure() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 10]);
        for _ in 0..=ACCOUNT_BURST {
            drop(t.begin("a@example.org", addr).unwrap());
        }
        assert!(t.begin("a@example.org", addr).is_err());
    }
}
