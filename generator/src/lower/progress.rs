//! `x-progress`: what the command line shows while it polls an operation (`--wait`, `--watch`).
//!
//! ```yaml
//! x-progress:
//!   state: status              # optional: the response field that holds the state
//!   interval: 15               # optional: seconds between polls
//!   counters:                  # the first one draws the bar
//!     - name: bytes
//!       done: complete_size    # a field, or a list of fields to add up
//!       total: total_size
//!       unit: bytes            # optional: shown as KiB, MiB ...
//!     - name: objects
//!       done: [success_num, skip_num]
//!       total: total_num
//!       failed: fail_num
//! ```
//!
//! The states in which the work is over come from the operation's waiters: those every waiter
//! stops on (in success or failure). An operation with waiters and no `x-progress` shows its state
//! alone. Fields are top-level fields of the response's object, and counters must be numbers.

use serde_json::Value;

use super::extensions::{self, Unit};
use super::response_fields::{named_field, strip};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Counter, Progress, RustName, Struct, Type, Waiter};
use crate::names;

const DEFAULT_INTERVAL_SECONDS: u64 = 5;

/// The progress `declared` describes, checked against the operation's `response`.
pub(super) fn declared(
    operation_static: &RustName,
    declared: &extensions::XProgress,
    at: &Pointer,
    response: &Struct,
    waiters: &[Waiter],
) -> Result<Progress, Diagnostic> {
    let state = match &declared.state {
        Some(name) => Some(named_field(response, name, &at.push("state"))?.wire_name.clone()),
        None => waiters.first().map(|waiter| waiter.state.clone()),
    };
    let interval_seconds = declared.interval.map_or_else(|| default_interval(waiters), |seconds| seconds.get());
    let counters = declared
        .counters
        .iter()
        .enumerate()
        .map(|(index, counter)| self::counter(counter, &at.push("counters").push(index.to_string()), response))
        .collect::<Result<Vec<_>, _>>()?;
    if state.is_none() && counters.is_empty() {
        return Err(at.error("invalid extension", "name a `state` field or at least one counter"));
    }
    let (finished, failed) = ends(state.as_deref(), waiters);
    Ok(Progress { static_name: static_name(operation_static), state, counters, finished, failed, interval_seconds })
}

fn static_name(operation_static: &RustName) -> RustName {
    names::shouty(&format!("{}_progress", operation_static.word()))
}

/// The progress of an operation with waiters and no `x-progress`: its state alone.
pub(super) fn from_waiters(operation_static: &RustName, waiters: &[Waiter]) -> Option<Progress> {
    let state = waiters.first()?.state.clone();
    let (finished, failed) = ends(Some(&state), waiters);
    Some(Progress {
        static_name: static_name(operation_static),
        state: Some(state),
        counters: Vec::new(),
        finished,
        failed,
        interval_seconds: default_interval(waiters),
    })
}

fn default_interval(waiters: &[Waiter]) -> u64 {
    waiters.iter().map(|waiter| waiter.interval_seconds).min().unwrap_or(DEFAULT_INTERVAL_SECONDS)
}

/// The states every waiter of `state` stops on, and those of them some waiter calls a failure.
fn ends(state: Option<&str>, waiters: &[Waiter]) -> (Vec<Value>, Vec<Value>) {
    let waiters: Vec<&Waiter> = waiters.iter().filter(|waiter| Some(waiter.state.as_str()) == state).collect();
    let Some(first) = waiters.first() else { return (Vec::new(), Vec::new()) };
    let stops = |waiter: &Waiter, value: &Value| waiter.success.contains(value) || waiter.failure.contains(value);
    let finished: Vec<Value> = first
        .success
        .iter()
        .chain(&first.failure)
        .filter(|value| waiters.iter().all(|waiter| stops(waiter, value)))
        .cloned()
        .collect();
    let failed =
        finished.iter().filter(|value| waiters.iter().any(|waiter| waiter.failure.contains(value))).cloned().collect();
    (finished, failed)
}

fn counter(declared: &extensions::XCounter, at: &Pointer, response: &Struct) -> Result<Counter, Diagnostic> {
    let number = |name: &Option<String>, key: &str| -> Result<Option<String>, Diagnostic> {
        name.as_deref().map(|name| number_field(response, name, &at.push(key))).transpose()
    };
    let done = declared
        .done
        .located(&at.push("done"))
        .into_iter()
        .map(|(name, at)| number_field(response, name, &at))
        .collect::<Result<_, _>>()?;
    Ok(Counter {
        name: declared.name.clone(),
        done,
        total: number(&declared.total, "total")?,
        failed: number(&declared.failed, "failed")?,
        bytes: declared.unit == Unit::Bytes,
    })
}

/// `name`, a field of `response` that holds a number.
fn number_field(response: &Struct, name: &str, at: &Pointer) -> Result<String, Diagnostic> {
    let field = named_field(response, name, at)?;
    if !matches!(strip(&field.ty), Type::Integer(_) | Type::Number(_)) {
        return Err(at.error("invalid extension", format!("`{name}` is a {}, not a number", field.ty.name())));
    }
    Ok(name.to_owned())
}
