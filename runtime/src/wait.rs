//! Waiting until a resource reaches a state, by polling the operation that shows it.
//!
//! The spec names each waiter (`x-waiters` on the polled operation): the response field that
//! holds the state, the states that end the wait in success or failure, and optionally the only
//! states that may come before them. Generated code describes each waiter as a static [`Waiting`]
//! table and implements [`Pollable`] for the polled request; the polling is done here.

use std::future::IntoFuture;
use std::time::Duration;

use crate::error::{Error, WaitError};
use crate::future::BoxFuture;
use crate::request::{self, Request};

/// A request that can be sent again and again to see a resource's state.
pub trait Pollable: Clone + Send + 'static {
    /// What the operation answers; the state is one of its fields.
    type Output: serde::Serialize + Send + 'static;

    /// Sends the request once.
    fn poll(&self) -> BoxFuture<'static, Result<Self::Output, Error>>;
}

/// Every generated request can be polled: it is sent again as it is.
impl<R: Request + Clone> Pollable for R
where
    R::Output: serde::Serialize,
{
    type Output = R::Output;

    fn poll(&self) -> BoxFuture<'static, Result<Self::Output, Error>> {
        request::send(self)
    }
}

/// A waiter, as the spec describes it. States are written as JSON (`6`, `"SUCCESS"`).
#[derive(Debug)]
pub struct Waiting {
    /// The waiter's name in the spec.
    pub name: &'static str,
    /// The response field that holds the state (its name on the wire).
    pub field: &'static str,
    /// States that end the wait successfully.
    pub success: &'static [&'static str],
    /// States that end it with [`WaitError::Failed`].
    pub failure: &'static [&'static str],
    /// When not empty, the only other states that may be seen; any other ends the wait with
    /// [`WaitError::Unexpected`]. When empty, every other state is waited through.
    pub pending: &'static [&'static str],
    /// How long to wait between polls, unless the caller says otherwise.
    pub interval: Duration,
    /// How long to wait in all, unless the caller says otherwise.
    pub timeout: Duration,
}

/// Polls a request until the resource it shows reaches a state the waiter ends on. Set the poll
/// interval and time limit, then `.await` it (or `.send().await`): it gives the last response,
/// the one in a success state.
#[must_use = "a waiter polls only when awaited"]
#[derive(Debug, Clone)]
pub struct Waiter<R> {
    request: R,
    waiting: &'static Waiting,
    interval: Duration,
    timeout: Duration,
}

impl<R: Pollable> Waiter<R> {
    /// A waiter for `request`, as `waiting` describes it.
    pub fn new(request: R, waiting: &'static Waiting) -> Self {
        Waiter { request, waiting, interval: waiting.interval, timeout: waiting.timeout }
    }

    /// How long to wait between polls.
    pub fn poll_interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long to wait in all before giving up with [`WaitError::TimedOut`]. The first poll is
    /// always made.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Polls until a success state (its response is returned), a failure or unexpected state, an
    /// error of the request itself, or the time limit.
    pub async fn send(self) -> Result<R::Output, Error> {
        self.send_observed(|_, _| {}).await
    }

    /// The same wait, polling what `adapt` makes of the request.
    #[cfg(feature = "cli")]
    pub(crate) fn adapt<S: Pollable>(self, adapt: impl FnOnce(R) -> S) -> Waiter<S> {
        let Waiter { request, waiting, interval, timeout } = self;
        Waiter { request: adapt(request), waiting, interval, timeout }
    }

    /// As [`Waiter::send`], showing `observe` each answer and its state.
    pub(crate) async fn send_observed(
        self,
        mut observe: impl FnMut(&R::Output, &str) + Send,
    ) -> Result<R::Output, Error> {
        let started = tokio::time::Instant::now();
        let waiting = self.waiting;
        loop {
            let output = self.request.poll().await?;
            let state = state_of(&output, waiting.field);
            let is = |states: &[&str]| states.contains(&state.as_str());
            tracing::debug!(waiter = waiting.name, state = %state, "polled");
            observe(&output, &state);
            if is(waiting.success) {
                return Ok(output);
            }
            if is(waiting.failure) {
                return Err(WaitError::Failed { waiter: waiting.name, state }.into());
            }
            if !waiting.pending.is_empty() && !is(waiting.pending) {
                return Err(WaitError::Unexpected { waiter: waiting.name, state }.into());
            }
            let waited = started.elapsed();
            if waited + self.interval > self.timeout {
                return Err(WaitError::TimedOut { waiter: waiting.name, state, waited }.into());
            }
            tokio::time::sleep(self.interval).await;
        }
    }
}

impl<R: Pollable> IntoFuture for Waiter<R> {
    type Output = Result<R::Output, Error>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The state `output` is in: its `field` as JSON text (`null` when absent).
pub(crate) fn state_of<T: serde::Serialize>(output: &T, field: &str) -> String {
    let state = match serde_json::to_value(output) {
        Ok(serde_json::Value::Object(mut fields)) => fields.remove(field).unwrap_or_default(),
        _ => serde_json::Value::Null,
    };
    state.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Shown {
        status: Option<i32>,
        name: &'static str,
    }

    #[test]
    fn the_state_is_the_field_as_json() {
        assert_eq!(state_of(&Shown { status: Some(6), name: "g" }, "status"), "6");
        assert_eq!(state_of(&Shown { status: Some(6), name: "g" }, "name"), "\"g\"");
        assert_eq!(state_of(&Shown { status: None, name: "g" }, "status"), "null");
        assert_eq!(state_of(&Shown { status: None, name: "g" }, "missing"), "null");
    }
}
