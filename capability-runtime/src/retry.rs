//! When to try a request again, and how long to wait first.
//!
//! One classifier ([`classify`]) decides what is retryable: HTTP 429, 502, 503 and 504;
//! failures to connect, connections closed or reset before a response, time-outs, and
//! bodies cut off mid-way. Never any other 4xx, and never a body over the size limit.
//! Whether a retryable attempt is repeated is the policy's business: POST and PATCH are
//! sent once unless the call opts in (docs/decisions/0018). The wait is exponential backoff
//! with full jitter, unless the server sent `Retry-After`, which wins; either way the total
//! time spent stays within the policy's budget.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a client retries failed requests.
///
/// By default (`RetryPolicy::default()`): up to 3 attempts, backoff from 500 ms doubling up
/// to 8 s per wait, and at most 30 s spent on one call in total. GET, PUT and DELETE
/// requests use the client's policy; POST and PATCH are sent once unless a call opts in
/// with its `retry_policy` method, because repeating them may repeat their effect.
///
/// ```
/// use std::time::Duration;
/// use capability_runtime::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(200))
///     .budget(Duration::from_secs(60));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Every request is sent once.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many times a request may be sent in all (1 = no retries). At least 1.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff wait; each later one may be twice as long.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff wait (a server's `Retry-After` may ask for more, within budget).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time one call may spend from its first attempt until it starts its last.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The configured number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to stop: out of attempts, or
    /// the wait would end past the budget (`elapsed` is the time spent so far).
    #[doc(hidden)] // the client's machinery, public until the client moves here
    pub fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
        jitter: &mut Jitter,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = retry_after.unwrap_or_else(|| {
            let exponent = attempt.saturating_sub(1).min(31);
            let ceiling = self
                .base_delay
                .saturating_mul(1 << exponent)
                .min(self.max_delay);
            jitter.up_to(ceiling)
        });
        (elapsed.saturating_add(delay) <= self.budget).then_some(delay)
    }
}

/// What the classifier says about one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)] // the client's machinery, public until the client moves here
pub enum Verdict {
    /// Done: a success, or an error that another attempt would not fix.
    Final,
    /// Worth another attempt, after the server's `Retry-After` if it sent one.
    Retry { retry_after: Option<Duration> },
}

/// What happened on one attempt.
#[doc(hidden)] // the client's machinery, public until the client moves here
pub enum Attempt<'a> {
    /// The server answered.
    Answered(StatusCode, &'a HeaderMap),
    /// No answer: the request failed in transport.
    Failed(&'a reqwest::Error),
    /// An answer whose body broke off before it was complete.
    Cut,
}

/// The one place that decides what is retried.
#[doc(hidden)] // the client's machinery, public until the client moves here
pub fn classify(attempt: &Attempt<'_>, now: SystemTime) -> Verdict {
    match attempt {
        Attempt::Answered(status, headers) => match status.as_u16() {
            429 | 502 | 503 | 504 => Verdict::Retry {
                retry_after: retry_after(headers, now),
            },
            _ => Verdict::Final,
        },
        // `is_request`: the connection was closed or reset before the status line, as when
        // a server drops an idle pooled connection just as it is reused.
        Attempt::Failed(error)
            if error.is_connect() || error.is_timeout() || error.is_request() =>
        {
            Verdict::Retry { retry_after: None }
        }
        Attempt::Cut => Verdict::Retry { retry_after: None },
        Attempt::Failed(_) => Verdict::Final,
    }
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date (a date in the past is no wait).
#[doc(hidden)] // the client's machinery, public until the client moves here
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Random waits for full jitter, seeded per call from the standard library's hash keys.
#[doc(hidden)] // the client's machinery, public until the client moves here
pub struct Jitter(u64);

impl Default for Jitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Jitter {
    pub fn new() -> Self {
        // `RandomState` is randomly keyed per process and per instance: enough to keep
        // clients from retrying in lockstep, without a random-number dependency.
        let seed = RandomState::new().build_hasher().finish();
        Self(seed | 1)
    }

    /// A uniformly distributed duration in `0..=ceiling` (xorshift64*).
    pub fn up_to(&mut self, ceiling: Duration) -> Duration {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let random = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(if nanos == u64::MAX {
            random
        } else {
            random % (nanos + 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_str(retry_after).expect("valid"),
        );
        headers
    }

    #[test]
    fn only_throttling_and_gateway_errors_are_retried() {
        let now = SystemTime::now();
        let empty = HeaderMap::new();
        for status in [429, 502, 503, 504] {
            let status = StatusCode::from_u16(status).expect("valid");
            assert!(matches!(
                classify(&Attempt::Answered(status, &empty), now),
                Verdict::Retry { .. }
            ));
        }
        for status in [200, 400, 401, 403, 404, 409, 422, 500] {
            let status = StatusCode::from_u16(status).expect("valid");
            assert_eq!(
                classify(&Attempt::Answered(status, &empty), now),
                Verdict::Final
            );
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").expect("date");
        assert_eq!(
            retry_after(&headers("7"), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2026 07:28:30 GMT"), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(&headers("Wed, 21 Oct 2026 07:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
    }

    #[test]
    fn backoff_grows_within_its_ceiling_and_the_budget() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(400))
            .budget(Duration::from_secs(2));
        let mut jitter = Jitter::new();
        for attempt in 1..10 {
            let ceiling = Duration::from_millis(100 << (attempt - 1).min(2));
            let delay = policy
                .delay(attempt, Duration::ZERO, None, &mut jitter)
                .expect("within budget");
            assert!(
                delay <= ceiling,
                "attempt {attempt}: {delay:?} > {ceiling:?}"
            );
        }
        assert_eq!(
            policy.delay(10, Duration::ZERO, None, &mut jitter),
            None,
            "out of attempts"
        );
    }

    #[test]
    fn retry_after_wins_but_never_past_the_budget() {
        let policy = RetryPolicy::default().budget(Duration::from_secs(10));
        let mut jitter = Jitter::new();
        let wait = Some(Duration::from_secs(4));
        assert_eq!(
            policy.delay(1, Duration::from_secs(5), wait, &mut jitter),
            wait
        );
        assert_eq!(
            policy.delay(1, Duration::from_secs(7), wait, &mut jitter),
            None
        );
    }

    #[test]
    fn jitter_stays_in_range() {
        let mut jitter = Jitter::new();
        for _ in 0..1000 {
            assert!(jitter.up_to(Duration::from_millis(3)) <= Duration::from_millis(3));
        }
        assert_eq!(jitter.up_to(Duration::ZERO), Duration::ZERO);
    }
}
