//! Waiting until a resource reaches a state, by polling the operation that shows it.
//!
//! The spec names each waiter (`x-waiters` on the polled operation): the response field that
//! holds the state, the states that end the wait in success or failure, and optionally the only
//! states that may come before them. Generated code describes each waiter as a static [`Waiting`]
//! table and implements [`Pollable`] for the polled request; the polling is done here.

use std::future::IntoFuture;
use std::time::Duration;

use serde_json::{Number, Value};

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

/// A waiter, as the spec describes it. States are written as JSON (`6`, `"SUCCESS"`) and compared
/// with the answer's as JSON values (see `is_among`).
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

    /// As [`Waiter::send`], handing `progress` each answer as it comes, before it is known whether
    /// the wait goes on: to show how far the work has got.
    pub async fn send_with_progress(self, mut progress: impl FnMut(&R::Output) + Send) -> Result<R::Output, Error> {
        self.send_observed(|output, _| progress(output)).await
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
        mut observe: impl FnMut(&R::Output, &Value) + Send,
    ) -> Result<R::Output, Error> {
        let started = tokio::time::Instant::now();
        let waiting = self.waiting;
        loop {
            let output = self.request.poll().await?;
            let state = state_of(&output, waiting.field);
            let is = |states: &[&str]| is_among(&state, states);
            tracing::debug!(waiter = waiting.name, state = %state, "polled");
            observe(&output, &state);
            if is(waiting.success) {
                return Ok(output);
            }
            // Errors carry the state as the answer had it, as JSON text.
            let state_text = || state.to_string();
            if is(waiting.failure) {
                return Err(WaitError::Failed { waiter: waiting.name, state: state_text() }.into());
            }
            if !waiting.pending.is_empty() && !is(waiting.pending) {
                return Err(WaitError::Unexpected { waiter: waiting.name, state: state_text() }.into());
            }
            let waited = started.elapsed();
            if waited + self.interval > self.timeout {
                return Err(WaitError::TimedOut { waiter: waiting.name, state: state_text(), waited }.into());
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

/// The state `output` is in: its `field` (`null` when absent).
pub(crate) fn state_of<T: serde::Serialize>(output: &T, field: &str) -> Value {
    match serde_json::to_value(output) {
        Ok(Value::Object(mut fields)) => fields.remove(field).unwrap_or_default(),
        _ => Value::Null,
    }
}

/// Whether `state` is one of `states`, which the spec wrote as JSON text. They are compared as
/// JSON values, numbers by their value: an answer's `6.0` is the spec's `6`, while the text `"6"`
/// is not the number 6. A state that is not JSON matches nothing.
pub(crate) fn is_among(state: &Value, states: &[&str]) -> bool {
    states.iter().any(|text| serde_json::from_str::<Value>(text).is_ok_and(|listed| same_value(&listed, state)))
}

/// JSON equality with numbers compared by value.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => same_number(a, b),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_value(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same_value(a, b)))
        }
        _ => a == b,
    }
}

/// Integers are compared exactly (a float with no fraction counts as one); other numbers as
/// floating point.
fn same_number(a: &Number, b: &Number) -> bool {
    match (whole_number(a), whole_number(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// The number as an integer, if it is a whole one within the range of JSON integers serde reads.
fn whole_number(number: &Number) -> Option<i128> {
    if let Some(integer) = number.as_i64() {
        return Some(integer.into());
    }
    if let Some(integer) = number.as_u64() {
        return Some(integer.into());
    }
    // Below 2^64 in size a float with no fraction converts to i128 exactly.
    let float = number.as_f64()?;
    (float.fract() == 0.0 && float.abs() < 18_446_744_073_709_551_616.0).then_some(float as i128)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use serde_json::json;

    use super::*;

    #[derive(serde::Serialize)]
    struct Shown {
        status: Option<i32>,
        name: &'static str,
    }

    #[test]
    fn the_state_is_the_field_as_json() {
        assert_eq!(state_of(&Shown { status: Some(6), name: "g" }, "status"), json!(6));
        assert_eq!(state_of(&Shown { status: Some(6), name: "g" }, "name"), json!("g"));
        assert_eq!(state_of(&Shown { status: None, name: "g" }, "status"), Value::Null);
        assert_eq!(state_of(&Shown { status: None, name: "g" }, "missing"), Value::Null);
    }

    #[test]
    fn states_are_compared_as_json_values_numbers_by_value() {
        assert!(is_among(&json!(6.0), &["6"]));
        assert!(is_among(&json!(6), &["6.0"]));
        assert!(is_among(&json!(6), &["1", "6e0"]));
        assert!(is_among(&json!(-2.0), &["-2"]));
        assert!(is_among(&json!(0.5), &["0.50"]));
        assert!(is_among(&json!(u64::MAX), &["18446744073709551615"]));
        assert!(!is_among(&json!(6.5), &["6"]));
        assert!(!is_among(&json!(9_007_199_254_740_993_u64), &["9007199254740992"]));
        // Text is text: "6" is not 6, nor the other way round.
        assert!(!is_among(&json!("6"), &["6"]));
        assert!(!is_among(&json!(6), &["\"6\""]));
        assert!(is_among(&json!("SUCCESS"), &["\"SUCCESS\""]));
        assert!(!is_among(&json!("success"), &["\"SUCCESS\""]));
        assert!(is_among(&Value::Null, &["null"]));
        assert!(!is_among(&Value::Null, &["0", "false", "\"\""]));
        assert!(is_among(&json!({"a": [1.0, true]}), &[r#"{"a": [1, true]}"#]));
        assert!(!is_among(&json!("SUCCESS"), &["SUCCESS", ""]), "text that is not JSON matches nothing");
    }

    /// A resource whose state is a number in floating point, as a `type: number` field reads.
    #[derive(Clone)]
    struct Counted {
        answers: Arc<Mutex<Vec<f64>>>,
    }

    #[derive(Debug, serde::Serialize)]
    struct Status {
        status: f64,
    }

    impl Pollable for Counted {
        type Output = Status;

        fn poll(&self) -> BoxFuture<'static, Result<Status, Error>> {
            let status = self.answers.lock().unwrap().remove(0);
            Box::pin(async move { Ok(Status { status }) })
        }
    }

    static DONE: Waiting = Waiting {
        name: "done",
        field: "status",
        success: &["6"],
        failure: &["4"],
        pending: &["1", "2"],
        interval: Duration::ZERO,
        timeout: Duration::from_secs(3600),
    };

    #[tokio::test]
    async fn a_waiter_ends_on_a_number_the_spec_wrote_as_an_integer() {
        let answers = Arc::new(Mutex::new(vec![1.0, 2.0, 6.0]));
        let output = Waiter::new(Counted { answers: answers.clone() }, &DONE).send().await.expect("success at 6.0");
        assert_eq!(output.status, 6.0);
        assert!(answers.lock().unwrap().is_empty(), "polled three times");

        let answers = Arc::new(Mutex::new(vec![2.0, 4.0]));
        let error = Waiter::new(Counted { answers }, &DONE).send().await.expect_err("failure at 4.0");
        assert!(matches!(&error, Error::Wait(WaitError::Failed { state, .. }) if state == "4.0"), "{error:?}");
    }
}
