//! Sign-in throttling, per account and per client address, so that
//! passwords cannot be guessed online at speed.
//!
//! Every attempt counts, not only failed ones: governor cannot hand back a
//! cell after a success, and a person signs in a few times a day at most.
//! Unknown and known accounts are counted alike, so the answer tells
//! nothing about which accounts exist.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// Attempts per account: a burst, then one more every `ACCOUNT_EVERY`.
const ACCOUNT_BURST: u32 = 10;
const ACCOUNT_EVERY: Duration = Duration::from_secs(30);
/// Attempts per client address: an office behind one address signs in
/// together in the morning, so the burst is larger.
const ADDRESS_BURST: u32 = 50;
const ADDRESS_EVERY: Duration = Duration::from_secs(2);
/// Keys kept before forgetting those that are back to a full burst.
const MAX_KEYS: usize = 10_000;

pub struct SignInThrottle {
    accounts: DefaultKeyedRateLimiter<String>,
    addresses: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

fn quota(burst: u32, every: Duration) -> Quota {
    Quota::with_period(every)
        .expect("a non-zero period")
        .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"))
}

impl Default for SignInThrottle {
    fn default() -> Self {
        SignInThrottle {
            accounts: DefaultKeyedRateLimiter::keyed(quota(ACCOUNT_BURST, ACCOUNT_EVERY)),
            addresses: DefaultKeyedRateLimiter::keyed(quota(ADDRESS_BURST, ADDRESS_EVERY)),
            clock: DefaultClock::default(),
        }
    }
}

impl SignInThrottle {
    /// Counts one attempt for `email` from `address`; `Err` holds the
    /// seconds to wait when either has used up its attempts.
    pub fn attempt(&self, email: &str, address: IpAddr) -> Result<(), u64> {
        self.forget_old();
        let now = self.clock.now();
        let wait = |d: Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
        self.addresses
            .check_key(&address)
            .map_err(|n| wait(n.wait_time_from(now)))?;
        self.accounts
            .check_key(&email.trim().to_lowercase())
            .map_err(|n| wait(n.wait_time_from(now)))
    }

    fn forget_old(&self) {
        if self.accounts.len() > MAX_KEYS {
            self.accounts.retain_recent();
        }
        if self.addresses.len() > MAX_KEYS {
            self.addresses.retain_recent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_its_burst_then_waits_whatever_the_address() {
        let t = SignInThrottle::default();
        for i in 0..ACCOUNT_BURST {
            let addr = IpAddr::from([10, 0, 0, u8::try_from(i).unwrap()]);
            assert_eq!(t.attempt("A@example.org", addr), Ok(()));
        }
        let secs = t
            .attempt(" a@EXAMPLE.org", IpAddr::from([10, 0, 1, 1]))
            .unwrap_err();
        assert!((1..=ACCOUNT_EVERY.as_secs()).contains(&secs), "{secs}");
        assert_eq!(
            t.attempt("b@example.org", IpAddr::from([10, 0, 1, 1])),
            Ok(())
        );
    }

    #[test]
    fn an_address_gets_its_burst_then_waits_whatever_the_account() {
        let t = SignInThrottle::default();
        let addr = IpAddr::from([192, 0, 2, 7]);
        for i in 0..ADDRESS_BURST {
            assert_eq!(t.attempt(&format!("p{i}@example.org"), addr), Ok(()));
        }
        assert!(t.attempt("new@example.org", addr).is_err());
        assert_eq!(
            t.attempt("new@example.org", IpAddr::from([192, 0, 2, 8])),
            Ok(())
        );
    }
}
