//! When a failed attempt is tried again, and after how long.
//!
//! Retried: connection failures (nothing reached the service), and, for operations that are safe to
//! repeat, timeouts, dropped connections and the statuses 429, 500, 502, 503 and 504. The wait is
//! the response's `Retry-After` when it has one, else full-jitter exponential backoff; attempts and
//! total time are bounded. Other statuses are final.

use std::time::Duration;

use crate::error::Error;

/// The statuses that say "try again later".
pub const RETRYABLE_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

/// How persistently a failed request is tried again. On by default; [`RetryPolicy::none`] turns it
/// off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included: 1 means no retries.
    pub max_attempts: u32,
    /// The backoff before the first retry is drawn from zero up to this, doubling each time.
    pub base_delay: Duration,
    /// The most any one backoff may be.
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt began, and none is
    /// scheduled to start after it.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Every request is attempted once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to return this result as it is.
    /// `elapsed` is the time since the first attempt began.
    pub fn delay<T>(
        &self,
        result: &Result<T, Error>,
        idempotent: bool,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let server_wait = match result {
            Ok(_) => return None,
            Err(Error::Transport(error)) if error.is_connect() => None,
            Err(Error::Transport(_)) if idempotent => None,
            Err(Error::Service(error)) if idempotent && RETRYABLE_STATUSES.contains(&error.status) => error.retry_after,
            Err(_) => return None,
        };
        let delay = server_wait.unwrap_or_else(|| self.backoff(attempt));
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }

    /// Full jitter: uniformly from zero to `min(max_delay, base_delay * 2^(attempt - 1))`.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.base_delay.saturating_mul(1 << attempt.saturating_sub(1).min(30)).min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=millis))
    }
}

/// `Retry-After` as seconds or as an HTTP date; a date in the past means now.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ServiceError;

    fn status(status: u16, retry_after: Option<Duration>) -> Result<(), Error> {
        let mut error = ServiceError::from_response(status, None, b"", &[], None);
        error.retry_after = retry_after;
        Err(error.into())
    }

    #[test]
    fn retryable_statuses_back_off_within_the_ceiling() {
        let policy = RetryPolicy { base_delay: Duration::from_millis(100), ..RetryPolicy::default() };
        for code in RETRYABLE_STATUSES {
            for attempt in 1..=3 {
                let delay = policy.delay(&status(code, None), true, attempt, Duration::ZERO).expect("retried");
                assert!(delay <= Duration::from_millis(100 << (attempt - 1)), "{code} attempt {attempt}: {delay:?}");
            }
        }
    }

    #[test]
    fn other_statuses_and_unsafe_operations_are_final() {
        let policy = RetryPolicy::default();
        for code in [400, 401, 403, 404, 409, 501] {
            assert_eq!(policy.delay(&status(code, None), true, 1, Duration::ZERO), None, "{code}");
        }
        assert_eq!(policy.delay(&status(503, None), false, 1, Duration::ZERO), None);
        assert_eq!(policy.delay(&Ok::<(), Error>(()), true, 1, Duration::ZERO), None);
    }

    #[test]
    fn retry_after_is_honoured_within_the_time_budget() {
        let policy = RetryPolicy { max_elapsed: Duration::from_secs(10), ..RetryPolicy::default() };
        let wait = Some(Duration::from_secs(3));
        assert_eq!(policy.delay(&status(429, wait), true, 1, Duration::ZERO), wait);
        assert_eq!(policy.delay(&status(429, wait), true, 1, Duration::from_secs(8)), None);
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy { max_attempts: 2, ..RetryPolicy::default() };
        assert!(policy.delay(&status(503, None), true, 1, Duration::ZERO).is_some());
        assert_eq!(policy.delay(&status(503, None), true, 2, Duration::ZERO), None);
        assert_eq!(RetryPolicy::none().delay(&status(503, None), true, 1, Duration::ZERO), None);
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(60));
        assert!(parse_retry_after(&soon).is_some_and(|d| d > Duration::from_secs(50)));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
