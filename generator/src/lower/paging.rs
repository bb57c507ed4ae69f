//! `x-pagination` and `x-waiters`: how an operation's answers come in pages, and the states a
//! waiter polls it for.
//!
//! ```yaml
//! x-pagination:
//!   items: taskgroups        # the response field that holds a page's items
//!   offset: offset           # an input advanced by the items read ...
//!   total: count             # ... up to this many, when the response says
//!   # or, for a cursor the service gives:
//!   cursor: behind_filename  # the input that takes it
//!   next: next_marker        # the response field that gives it
//!   more: next_page          # a response boolean: whether more pages follow
//! x-waiters:
//!   finished:
//!     state: status          # the response field that holds the state
//!     success: [6]
//!     failure: [4, 5]
//!     pending: [0, 1, 2, 3, 7]   # optional: the only other states expected
//!     interval: 5            # seconds between polls (default 5)
//!     timeout: 3600          # seconds in all (default 600)
//! ```
//!
//! Inputs are named as the spec names them: a parameter, or a top-level field of a required JSON
//! body. Response fields are top-level fields of the response's object. They are read in two
//! steps: the waiters' method names while the operation is read (so the request's setters keep
//! clear of them), the fields once every model is known. A misused extension is an error at its
//! location: a pager or waiter that reads the wrong field would make the crate wrong.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::Value;

use super::extensions::{self, XWaiters};
use super::lowerer::Lowerer;
use super::model_table::ModelIndex;
use super::response_fields::{
    input_field, named_field, optional_response_field, response_field, response_struct, strip,
};
use super::{docs, progress};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{NextPage, Operation, Pagination, Progress, RustName, Type, Waiter};
use crate::names;

const DEFAULT_INTERVAL_SECONDS: u64 = 5;
const DEFAULT_TIMEOUT_SECONDS: u64 = 600;

/// An operation's `x-pagination`, `x-waiters` and `x-progress` as read, before the models are known.
#[derive(Default)]
pub(super) struct DeclaredPolling {
    pagination: Option<(extensions::XPagination, Pointer)>,
    waiters: Vec<DeclaredWaiter>,
    progress: Option<(extensions::XProgress, Pointer)>,
}

/// What the extensions make of an operation.
pub(super) struct Polling {
    pub pagination: Option<Pagination>,
    pub waiters: Vec<Waiter>,
    pub progress: Option<Progress>,
}

struct DeclaredWaiter {
    wire_name: String,
    /// The request builder's method that starts it.
    method: RustName,
    declared: extensions::XWaiter,
    at: Pointer,
}

impl Lowerer<'_> {
    /// Reads the extensions of the operation at `at`, naming the waiters' methods clear of `taken`.
    pub(super) fn polling(
        &mut self,
        extensions: &IndexMap<String, Value>,
        at: &Pointer,
        taken: &mut HashSet<String>,
    ) -> Result<DeclaredPolling, Diagnostic> {
        let pagination = match extensions.get(<extensions::XPagination as extensions::Extension>::KEY) {
            Some(value) => {
                match extensions::DatadogPagination::read(value).map(extensions::DatadogPagination::into_ours) {
                    Some(Ok(pagination)) => Some(pagination),
                    Some(Err(path)) => {
                        self.warn(
                            at.push("x-pagination")
                                .warning("extension ignored", format!("`{path}` is a path into the answer"))
                                .note("the pager reads top-level fields of the answer: no pager is made"),
                        );
                        None
                    }
                    None => self.extension::<extensions::XPagination>(extensions, at)?,
                }
            }
            None => None,
        };
        let progress = self.extension::<extensions::XProgress>(extensions, at)?;
        let waiters = self.extension::<XWaiters>(extensions, at)?.map_or_else(Vec::new, |XWaiters(waiters)| {
            let waiters_at = at.push(<XWaiters as extensions::Extension>::KEY);
            waiters
                .into_iter()
                .map(|(name, declared)| DeclaredWaiter {
                    method: names::unique(names::snake(&format!("wait_until_{name}")), taken),
                    at: waiters_at.push(&name),
                    wire_name: name,
                    declared,
                })
                .collect()
        });
        Ok(DeclaredPolling {
            pagination: pagination
                .map(|pagination| (pagination, at.push(<extensions::XPagination as extensions::Extension>::KEY))),
            waiters,
            progress: progress
                .map(|progress| (progress, at.push(<extensions::XProgress as extensions::Extension>::KEY))),
        })
    }
}

impl DeclaredPolling {
    /// The pager, waiters and progress of `operation`, checked against its inputs and response.
    pub(super) fn finish(self, operation: &Operation, models: &ModelIndex) -> Result<Polling, Diagnostic> {
        let pagination = match &self.pagination {
            Some((declared, at)) => Some(pagination(declared, at, operation, models)?),
            None => None,
        };
        let waiters: Vec<Waiter> =
            self.waiters.into_iter().map(|waiter| waiter.finish(operation, models)).collect::<Result<_, _>>()?;
        let progress = match &self.progress {
            Some((declared, at)) => {
                let response = response_struct(operation, at, models)?;
                Some(progress::declared(&operation.static_name, declared, at, response, &waiters)?)
            }
            None => progress::from_waiters(&operation.static_name, &waiters),
        };
        Ok(Polling { pagination, waiters, progress })
    }
}

fn pagination(
    declared: &extensions::XPagination,
    at: &Pointer,
    operation: &Operation,
    models: &ModelIndex,
) -> Result<Pagination, Diagnostic> {
    let response = response_struct(operation, at, models)?;
    let (items, item) = match response_field(response, &declared.items, &at.push("items"))? {
        (field, Type::Array(item)) => (field, (**item).clone()),
        _ => return Err(at.push("items").error("invalid extension", "the items field must be a list")),
    };
    let next = match (&declared.offset, &declared.cursor, &declared.page) {
        (None, None, Some(page)) => {
            let (input, ty) = input_field(operation, page, &at.push("page"), models)?;
            if !matches!(ty, Type::Integer(_)) {
                return Err(at.push("page").error("invalid extension", "the page must be an integer input"));
            }
            // Pages are numbered from the parameter's default, else from 1.
            let start = operation
                .parameters
                .iter()
                .find(|parameter| parameter.wire_name == *page)
                .and_then(|parameter| parameter.default.as_ref()?.as_i64())
                .unwrap_or(1);
            forbid(
                at,
                &[
                    ("next", declared.next.is_some()),
                    ("more", declared.more.is_some()),
                    ("total", declared.total.is_some()),
                ],
                "a cursor or an offset",
            )?;
            NextPage::Page { input, start }
        }
        (Some(offset), None, None) => {
            let (input, ty) = input_field(operation, offset, &at.push("offset"), models)?;
            if !matches!(ty, Type::Integer(_)) {
                return Err(at.push("offset").error("invalid extension", "the offset must be an integer input"));
            }
            let total = optional_response_field(response, declared.total.as_deref(), &at.push("total"), |ty| {
                matches!(ty, Type::Integer(_))
            })?;
            forbid(at, &[("next", declared.next.is_some()), ("more", declared.more.is_some())], "a cursor")?;
            // Offsets count the items before a page, from 0 when the request sets none.
            NextPage::Offset { input, start: 0, total }
        }
        (None, Some(cursor), None) => {
            let (input, input_type) = input_field(operation, cursor, &at.push("cursor"), models)?;
            let Some(next) = &declared.next else {
                return Err(
                    at.error("invalid extension", "`next` is missing: the response field that gives the cursor")
                );
            };
            let (next, next_type) = response_field(response, next, &at.push("next"))?;
            if !matches!(input_type, Type::String | Type::Integer(_)) || strip(next_type) != strip(input_type) {
                let message = format!(
                    "the cursor input ({}) and the `next` field ({}) must both be text or the same integer",
                    input_type.name(),
                    next_type.name()
                );
                return Err(at.push("next").error("invalid extension", message));
            }
            let more = optional_response_field(response, declared.more.as_deref(), &at.push("more"), |ty| {
                matches!(ty, Type::Bool)
            })?;
            forbid(at, &[("total", declared.total.is_some())], "an offset")?;
            NextPage::Cursor { input, next, more }
        }
        _ => {
            return Err(at.error(
                "invalid extension",
                "expected one of `offset` (with `total`), `cursor` (with `next`, `more`) and `page`",
            ));
        }
    };
    Ok(Pagination { items, item, next })
}

/// An error at the first of `keys` that is given, which belongs to pagination by `other`.
fn forbid(at: &Pointer, keys: &[(&str, bool)], other: &str) -> Result<(), Diagnostic> {
    match keys.iter().find(|(_, given)| *given) {
        Some((key, _)) => {
            Err(at.push(key).error("invalid extension", format!("`{key}` belongs to pagination by {other}")).at_key())
        }
        None => Ok(()),
    }
}

impl DeclaredWaiter {
    fn finish(self, operation: &Operation, models: &ModelIndex) -> Result<Waiter, Diagnostic> {
        let DeclaredWaiter { wire_name, method, declared, at } = self;
        let response = response_struct(operation, &at, models)?;
        named_field(response, &declared.state, &at.push("state"))?;
        if declared.success.is_empty() {
            return Err(at.push("success").error("invalid extension", "a waiter needs at least one success state"));
        }
        let seconds =
            |value: Option<std::num::NonZeroU64>, default: u64| value.map_or(default, |seconds| seconds.get());
        let interval_seconds = seconds(declared.interval, DEFAULT_INTERVAL_SECONDS);
        let timeout_seconds = seconds(declared.timeout, DEFAULT_TIMEOUT_SECONDS);
        let failing = if declared.failure.is_empty() {
            String::new()
        } else {
            format!(", or fails on {}", states_text(&declared.failure))
        };
        let how = format!(
            "Sends this request every {interval_seconds} s until `{}` is {}{failing}, for at most \
             {timeout_seconds} s; the answer in a success state is returned. Set `poll_interval` and \
             `timeout` on the waiter, then `.await` it.",
            declared.state,
            states_text(&declared.success)
        );
        let docs = docs::join([docs::paragraphs(declared.description.as_deref()), vec![how]]);
        Ok(Waiter {
            static_name: names::shouty(&format!("{}_{}", operation.static_name.word(), wire_name)),
            flag_value: names::kebab(&wire_name),
            wire_name,
            method,
            state: declared.state,
            success: declared.success,
            failure: declared.failure,
            pending: declared.pending,
            interval_seconds,
            timeout_seconds,
            docs,
        })
    }
}

/// States as the docs list them: `6, 7`, `"SUCCESS"`.
fn states_text(states: &[Value]) -> String {
    states.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
}
