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

use serde_json::{Map, Value};

use super::cli::{Models, find};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{
    Field, InputField, ModelKind, NextPage, Pagination, Parameter, Presence, Progress, RequestBody, Response,
    ResponseBody, ResponseField, RustName, Struct, Type, Waiter, reserved,
};
use crate::names;

const PAGINATION: &str = "x-pagination";
const WAITERS: &str = "x-waiters";
const PROGRESS: &str = "x-progress";
const DEFAULT_INTERVAL_SECONDS: u64 = 5;
const DEFAULT_TIMEOUT_SECONDS: u64 = 600;

/// The extensions as read with the operation, before the models are known.
#[derive(Default)]
pub(super) struct Draft {
    pagination: Option<(Map<String, Value>, Pointer)>,
    waiters: Vec<DraftWaiter>,
    progress: Option<(Map<String, Value>, Pointer)>,
}

/// What the extensions make of an operation.
pub(super) struct Extensions {
    pub pagination: Option<Pagination>,
    pub waiters: Vec<Waiter>,
    pub progress: Option<Progress>,
}

struct DraftWaiter {
    wire_name: String,
    method: RustName,
    fields: Map<String, Value>,
    at: Pointer,
}

/// Reads the extensions of the operation at `at`, naming the waiters' methods clear of `taken`.
pub(super) fn read(
    extensions: &indexmap::IndexMap<String, Value>,
    at: &Pointer,
    taken: &mut HashSet<String>,
) -> Result<Draft, Diagnostic> {
    let mut draft = Draft::default();
    if let Some(value) = extensions.get(PAGINATION) {
        let at = at.push(PAGINATION);
        draft.pagination = Some((object(value, &at)?.clone(), at));
    }
    if let Some(value) = extensions.get(PROGRESS) {
        let at = at.push(PROGRESS);
        draft.progress = Some((object(value, &at)?.clone(), at));
    }
    if let Some(value) = extensions.get(WAITERS) {
        let at = at.push(WAITERS);
        for (name, waiter) in object(value, &at)? {
            let at = at.push(name);
            let method = names::unique(names::snake(&format!("wait_until_{name}")), taken);
            draft.waiters.push(DraftWaiter {
                wire_name: name.clone(),
                method,
                fields: object(waiter, &at)?.clone(),
                at,
            });
        }
    }
    Ok(draft)
}

/// What the finished extensions need of the operation.
pub(super) struct Operation<'o> {
    pub static_name: &'o RustName,
    pub parameters: &'o [Parameter],
    pub body: Option<&'o RequestBody>,
    pub response: &'o Response,
}

impl Draft {
    pub(super) fn finish<'o>(self, operation: Operation<'o>, models: &Models<'o>) -> Result<Extensions, Diagnostic> {
        let pagination = match &self.pagination {
            Some((fields, at)) => Some(pagination(fields, at, &operation, models)?),
            None => None,
        };
        let waiters: Vec<Waiter> =
            self.waiters.into_iter().map(|waiter| waiter.finish(&operation, models)).collect::<Result<_, _>>()?;
        let progress = match &self.progress {
            Some((fields, at)) => {
                let response = response_struct(operation.response, at, models)?;
                Some(super::progress::declared(operation.static_name, fields, at, response, &waiters)?)
            }
            None => super::progress::from_waiters(operation.static_name, &waiters),
        };
        Ok(Extensions { pagination, waiters, progress })
    }
}

fn pagination<'o>(
    fields: &Map<String, Value>,
    at: &Pointer,
    operation: &Operation<'o>,
    models: &Models<'o>,
) -> Result<Pagination, Diagnostic> {
    known_keys(fields, at, &["items", "offset", "total", "cursor", "next", "more"])?;
    let response = response_struct(operation.response, at, models)?;
    let (items, item) = {
        let (field, ty) = response_field(response, fields, "items", at)?;
        match ty {
            Type::Array(item) => (field, (**item).clone()),
            _ => return Err(at.push("items").error("invalid extension", "the items field must be a list")),
        }
    };
    let next = match (fields.get("offset"), fields.get("cursor")) {
        (Some(_), None) => {
            let (input, ty) = input_field(operation, fields, "offset", at, models)?;
            if !matches!(ty, Type::Integer(_)) {
                return Err(at.push("offset").error("invalid extension", "the offset must be an integer input"));
            }
            let total = optional_response_field(response, fields, "total", at, |ty| matches!(ty, Type::Integer(_)))?;
            forbid(fields, at, &["next", "more"], "a cursor")?;
            // Offsets count the items before a page, from 0 when the request sets none.
            NextPage::Offset { input, start: 0, total }
        }
        (None, Some(_)) => {
            let (input, input_type) = input_field(operation, fields, "cursor", at, models)?;
            let (next, next_type) = response_field(response, fields, "next", at)?;
            if !matches!(input_type, Type::String | Type::Integer(_)) || strip(next_type) != strip(input_type) {
                let message = format!(
                    "the cursor input ({}) and the `next` field ({}) must both be text or the same integer",
                    input_type.name(),
                    next_type.name()
                );
                return Err(at.push("next").error("invalid extension", message));
            }
            let more = optional_response_field(response, fields, "more", at, |ty| matches!(ty, Type::Bool))?;
            forbid(fields, at, &["total"], "an offset")?;
            NextPage::Cursor { input, next, more }
        }
        _ => {
            return Err(at.error(
                "invalid extension",
                "expected one of `offset` (with `total`) and `cursor` (with `next`, `more`)",
            ));
        }
    };
    Ok(Pagination { items, item, next })
}

impl DraftWaiter {
    fn finish(self, operation: &Operation, models: &Models) -> Result<Waiter, Diagnostic> {
        let at = &self.at;
        let fields = &self.fields;
        known_keys(fields, at, &["state", "success", "failure", "pending", "interval", "timeout", "description"])?;
        let response = response_struct(operation.response, at, models)?;
        let state = text(fields, "state", at)?;
        named_field(response, &state, &at.push("state"))?;
        let states = |key: &str| -> Result<Vec<String>, Diagnostic> {
            match fields.get(key) {
                None => Ok(Vec::new()),
                Some(Value::Array(values)) => Ok(values.iter().map(Value::to_string).collect()),
                Some(_) => Err(at.push(key).error("invalid extension", "expected a list of states")),
            }
        };
        let success = states("success")?;
        if success.is_empty() {
            return Err(at.push("success").error("invalid extension", "a waiter needs at least one success state"));
        }
        let seconds = |key: &str, default: u64| match fields.get(key) {
            None => Ok(default),
            Some(value) => value
                .as_u64()
                .filter(|seconds| *seconds > 0)
                .ok_or_else(|| at.push(key).error("invalid extension", "expected a whole number of seconds, above 0")),
        };
        let description = fields.get("description").and_then(Value::as_str);
        let (success, failure) = (success, states("failure")?);
        let (interval_seconds, timeout_seconds) =
            (seconds("interval", DEFAULT_INTERVAL_SECONDS)?, seconds("timeout", DEFAULT_TIMEOUT_SECONDS)?);
        let failing = if failure.is_empty() { String::new() } else { format!(", or fails on {}", failure.join(", ")) };
        let how = format!(
            "Sends this request every {interval_seconds} s until `{state}` is {}{failing}, for at most \
             {timeout_seconds} s; the answer in a success state is returned. Set `poll_interval` and \
             `timeout` on the waiter, then `.await` it.",
            success.join(", ")
        );
        let docs = super::docs::join([super::docs::paragraphs(description), vec![how]]);
        Ok(Waiter {
            static_name: names::shouty(&format!("{}_{}", operation.static_name.word(), self.wire_name)),
            flag_value: names::kebab(&self.wire_name),
            wire_name: self.wire_name,
            method: self.method,
            state,
            success,
            failure,
            pending: states("pending")?,
            interval_seconds,
            timeout_seconds,
            docs,
        })
    }
}

fn object<'v>(value: &'v Value, at: &Pointer) -> Result<&'v Map<String, Value>, Diagnostic> {
    value.as_object().ok_or_else(|| at.error("invalid extension", "expected an object"))
}

pub(super) fn text(fields: &Map<String, Value>, key: &str, at: &Pointer) -> Result<String, Diagnostic> {
    match fields.get(key) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err(at.push(key).error("invalid extension", "expected a field name")),
        None => Err(at.error("invalid extension", format!("`{key}` is missing"))),
    }
}

pub(super) fn known_keys(fields: &Map<String, Value>, at: &Pointer, known: &[&str]) -> Result<(), Diagnostic> {
    match fields.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(at
            .push(key)
            .error("invalid extension", format!("unknown key `{key}`; expected one of {}", known.join(", ")))
            .at_key()),
        None => Ok(()),
    }
}

fn forbid(fields: &Map<String, Value>, at: &Pointer, keys: &[&str], other: &str) -> Result<(), Diagnostic> {
    match keys.iter().find(|key| fields.contains_key(**key)) {
        Some(key) => {
            Err(at.push(key).error("invalid extension", format!("`{key}` belongs to pagination by {other}")).at_key())
        }
        None => Ok(()),
    }
}

/// The operation's success response, which must be a JSON object of a model.
fn response_struct<'m>(response: &Response, at: &Pointer, models: &Models<'m>) -> Result<&'m Struct, Diagnostic> {
    let model = match &response.body {
        ResponseBody::Json(Type::Named(name)) => find(models, name),
        _ => None,
    };
    match model.map(|model| &model.kind) {
        Some(ModelKind::Struct(structure)) => Ok(structure),
        _ => {
            Err(at.error("invalid extension", "the operation's success response must be a JSON object with properties"))
        }
    }
}

fn response_field<'s>(
    response: &'s Struct,
    fields: &Map<String, Value>,
    key: &str,
    at: &Pointer,
) -> Result<(ResponseField, &'s Type), Diagnostic> {
    let name = text(fields, key, at)?;
    let field = named_field(response, &name, &at.push(key))?;
    let optional = field.presence != Presence::Required;
    Ok((ResponseField { rust_name: field.rust_name.clone(), wire_name: name, optional }, &field.ty))
}

/// The top-level field of `response` named `name` on the wire; an error at `at` when there is none.
pub(super) fn named_field<'s>(response: &'s Struct, name: &str, at: &Pointer) -> Result<&'s Field, Diagnostic> {
    response
        .fields
        .iter()
        .find(|field| field.wire_name == name)
        .ok_or_else(|| at.error("invalid extension", format!("the response has no field `{name}`")))
}

fn optional_response_field(
    response: &Struct,
    fields: &Map<String, Value>,
    key: &str,
    at: &Pointer,
    fits: impl Fn(&Type) -> bool,
) -> Result<Option<ResponseField>, Diagnostic> {
    if !fields.contains_key(key) {
        return Ok(None);
    }
    let (field, ty) = response_field(response, fields, key, at)?;
    if !fits(strip(ty)) {
        return Err(at.push(key).error("invalid extension", format!("`{key}` cannot be a {}", ty.name())));
    }
    Ok(Some(field))
}

/// An input named by the spec: a parameter, else a top-level field of a required JSON body.
fn input_field<'o>(
    operation: &Operation<'o>,
    fields: &Map<String, Value>,
    key: &str,
    at: &Pointer,
    models: &Models<'o>,
) -> Result<(InputField, &'o Type), Diagnostic> {
    let name = text(fields, key, at)?;
    if let Some(parameter) = operation.parameters.iter().find(|parameter| parameter.wire_name == name) {
        let input = InputField { path: vec![parameter.rust_name.clone()], optional: !parameter.required };
        return Ok((input, &parameter.ty));
    }
    let body = operation.body.filter(|body| body.required).and_then(|body| match &body.ty {
        Type::Named(model) => find(models, model),
        _ => None,
    });
    let field = body.and_then(|model| match &model.kind {
        ModelKind::Struct(structure) => structure.fields.iter().find(|field| field.wire_name == name),
        _ => None,
    });
    match field {
        Some(field) => {
            let path = vec![RustName::plain(reserved::BODY), field.rust_name.clone()];
            Ok((InputField { path, optional: field.presence != Presence::Required }, &field.ty))
        }
        None => Err(at.push(key).error(
            "invalid extension",
            format!("the operation has no parameter `{name}`, and its body (if required) no such field"),
        )),
    }
}

/// A type without a `Nullable` around it.
pub(super) fn strip(ty: &Type) -> &Type {
    match ty {
        Type::Nullable(inner) => strip(inner),
        other => other,
    }
}
