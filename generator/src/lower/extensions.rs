//! The `x-` extensions this generator gives meaning to, declared as data.
//!
//! Each extension is a serde type; [`read`] finds it on an object of the spec and reads it, every
//! problem located at the key or value it is about. Whether the values fit the rest of the spec
//! (a field the response has, an input the operation takes) is checked where they are used.
//!
//! Other tools define extensions too, sometimes under the same key (Datadog's `x-pagination`
//! takes `limitParam` and `pageParam`). An object extension none of whose keys are ours belongs to
//! someone else: it is ignored, with a warning. In one that is ours (a key of ours, or one that
//! nearly matches one), a key that is not ours is an error, with the key it was probably meant to be.

use std::fmt;
use std::num::NonZeroU64;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::suggest;

/// One of our extensions.
pub(super) trait Extension: DeserializeOwned {
    /// Its key (`x-pagination`).
    const KEY: &'static str;
    /// The keys its object takes; empty when its value is not an object.
    const FIELDS: &'static [&'static str];
    /// What a reader must fix when the value is not what the extension takes.
    const EXPECTED: &'static str;

    /// The objects whose keys tell whether the value is ours: the value itself, for most.
    fn keyed<'v>(value: &'v Value, at: &Pointer) -> Vec<(&'v serde_json::Map<String, Value>, Pointer)> {
        value.as_object().map(|object| (object, at.clone())).into_iter().collect()
    }
}

/// What reading an extension found.
pub(super) enum Read<E> {
    Absent,
    Found(E),
    /// Another tool's extension under the same key: ignored, with this warning.
    Foreign(Diagnostic),
}

/// Reads the extension `E` among the `extensions` of the object at `at`.
pub(super) fn read<E: Extension>(extensions: &IndexMap<String, Value>, at: &Pointer) -> Result<Read<E>, Diagnostic> {
    let Some(value) = extensions.get(E::KEY) else { return Ok(Read::Absent) };
    let at = at.push(E::KEY);
    if !E::FIELDS.is_empty() {
        let keyed = E::keyed(value, &at);
        // A key that nearly matches one of ours is a slip in an extension of ours.
        let is_ours =
            |key: &str| E::FIELDS.contains(&key) || suggest::closest(key, E::FIELDS.iter().copied()).is_some();
        let ours = |object: &serde_json::Map<String, Value>| object.keys().any(|key| is_ours(key));
        // An empty object says nothing of whose it is: it is read as ours (and found wanting).
        let foreign = |object: &serde_json::Map<String, Value>| !object.is_empty() && !ours(object);
        if !keyed.is_empty() && keyed.iter().all(|(object, _)| foreign(object)) {
            let warning = at
                .warning(
                    "extension ignored",
                    format!("`{}` here is not this generator's: none of its keys are", E::KEY),
                )
                .note(format!("`{}` takes {}", E::KEY, listed(E::FIELDS)))
                .note("ignored, as another tool's extension")
                .at_key();
            return Ok(Read::Foreign(warning));
        }
        for (object, object_at) in keyed {
            if let Some(key) = object.keys().find(|key| !E::FIELDS.contains(&key.as_str())) {
                let mut error = object_at
                    .push(key)
                    .error("invalid extension", format!("unknown key `{key}` in `{}`", E::KEY))
                    .note(format!("expected one of {}", listed(E::FIELDS)))
                    .at_key();
                if let Some(close) = suggest::closest(key, E::FIELDS.iter().copied()) {
                    error = error.label(format!("did you mean `{close}`?"));
                }
                return Err(error);
            }
        }
    }
    match serde_path_to_error::deserialize::<_, E>(value) {
        Ok(extension) => Ok(Read::Found(extension)),
        Err(error) => {
            let located = pointer_of(&at, error.path());
            let message = error.into_inner().to_string();
            Err(located.error("invalid extension", message).note(E::EXPECTED))
        }
    }
}

/// Whether our extension `E` is among `extensions` (present, and not another tool's).
pub(super) fn is_present<E: Extension>(extensions: &IndexMap<String, Value>) -> bool {
    !matches!(read::<E>(extensions, &Pointer::root()), Ok(Read::Absent | Read::Foreign(_)))
}

fn listed(keys: &[&str]) -> String {
    keys.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ")
}

/// The JSON pointer of a serde path into the value at `base`.
fn pointer_of(base: &Pointer, path: &serde_path_to_error::Path) -> Pointer {
    path.iter().fold(base.clone(), |pointer, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => pointer.push(index.to_string()),
        serde_path_to_error::Segment::Map { key } => pointer.push(key),
        serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => pointer,
    })
}

/// `x-pagination` on an operation: how its answers come in pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XPagination {
    /// The response field that holds a page's items.
    pub items: String,
    /// An input advanced by the items read ...
    pub offset: Option<String>,
    /// ... up to this many, when the response says.
    pub total: Option<String>,
    /// The input that takes the cursor a page gives ...
    pub cursor: Option<String>,
    /// ... in this response field ...
    pub next: Option<String>,
    /// ... while this response boolean says more pages follow.
    pub more: Option<String>,
    /// Or an input that numbers the pages, one more for each page.
    pub page: Option<String>,
}

impl Extension for XPagination {
    const KEY: &'static str = "x-pagination";
    const FIELDS: &'static [&'static str] = &["items", "offset", "total", "cursor", "next", "more", "page"];
    const EXPECTED: &'static str = "expected `items` (a response field) with `offset` (and `total`), with `cursor` \
                                    (and `next`, `more`), or with `page`: field names as text";
}

/// Datadog's `x-pagination`, read as ours: the items at `resultsPath`, and the page by an offset
/// (`pageOffsetParam`), a page number (`pageParam`) or a cursor (`cursorParam`, from the answer's
/// `cursorPath`). Other keys (`limitParam`, the page size, which the pager leaves as the request
/// sets it) are not read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DatadogPagination {
    pub results_path: String,
    pub page_offset_param: Option<String>,
    pub page_param: Option<String>,
    pub cursor_param: Option<String>,
    pub cursor_path: Option<String>,
}

impl DatadogPagination {
    /// Reads `value` when it is Datadog's vocabulary (it names `resultsPath`).
    pub fn read(value: &Value) -> Option<Self> {
        value.get("resultsPath")?;
        serde_json::from_value(value.clone()).ok()
    }

    /// The same in our words; a path of more than one field, which the pager does not follow, is
    /// the error.
    pub fn into_ours(self) -> Result<XPagination, String> {
        for path in [Some(&self.results_path), self.cursor_path.as_ref()].into_iter().flatten() {
            if path.contains('.') {
                return Err(path.clone());
            }
        }
        Ok(XPagination {
            items: self.results_path,
            offset: self.page_offset_param,
            total: None,
            cursor: self.cursor_param,
            next: self.cursor_path,
            more: None,
            page: self.page_param,
        })
    }
}

/// `x-waiters` on an operation: its waiters by name.
#[derive(Debug, Deserialize)]
pub(super) struct XWaiters(pub IndexMap<String, XWaiter>);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XWaiter {
    /// The response field that holds the state.
    pub state: String,
    pub success: Vec<Value>,
    #[serde(default)]
    pub failure: Vec<Value>,
    /// When not empty, the only other states expected.
    #[serde(default)]
    pub pending: Vec<Value>,
    /// Seconds between polls.
    pub interval: Option<NonZeroU64>,
    /// Seconds in all.
    pub timeout: Option<NonZeroU64>,
    pub description: Option<String>,
}

impl Extension for XWaiters {
    const KEY: &'static str = "x-waiters";
    const FIELDS: &'static [&'static str] =
        &["state", "success", "failure", "pending", "interval", "timeout", "description"];
    const EXPECTED: &'static str = "expected waiters by name, each with `state` (a response field), `success` (a \
                                    list of states) and optionally `failure`, `pending`, `interval` and `timeout` \
                                    (whole seconds above 0), `description`";

    /// Each waiter's object.
    fn keyed<'v>(value: &'v Value, at: &Pointer) -> Vec<(&'v serde_json::Map<String, Value>, Pointer)> {
        let Some(waiters) = value.as_object() else { return Vec::new() };
        waiters.iter().filter_map(|(name, waiter)| Some((waiter.as_object()?, at.push(name)))).collect()
    }
}

/// `x-progress` on an operation: what the command line shows while it polls it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XProgress {
    /// The response field that holds the state.
    pub state: Option<String>,
    /// Seconds between polls.
    pub interval: Option<NonZeroU64>,
    #[serde(default)]
    pub counters: Vec<XCounter>,
}

impl Extension for XProgress {
    const KEY: &'static str = "x-progress";
    const FIELDS: &'static [&'static str] = &["state", "interval", "counters"];
    const EXPECTED: &'static str = "expected `state` (a response field), `interval` (whole seconds above 0) and \
                                    `counters` (a list of `name`, `done`, `total`, `failed`, `unit`)";
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XCounter {
    /// What it counts, as shown.
    pub name: String,
    /// Fields whose sum is the work done.
    pub done: FieldNames,
    pub total: Option<String>,
    pub failed: Option<String>,
    #[serde(default)]
    pub unit: Unit,
}

/// A field name, or a non-empty list of them.
#[derive(Debug)]
pub(super) enum FieldNames {
    One(String),
    Many(Vec<String>),
}

impl FieldNames {
    /// Each name, with where it stands when the list stands at `at`.
    pub fn located(&self, at: &Pointer) -> Vec<(&str, Pointer)> {
        match self {
            FieldNames::One(name) => vec![(name.as_str(), at.clone())],
            FieldNames::Many(names) => {
                names.iter().enumerate().map(|(index, name)| (name.as_str(), at.push(index.to_string()))).collect()
            }
        }
    }
}

impl<'de> Deserialize<'de> for FieldNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = FieldNames;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name, or a list of them")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<FieldNames, E> {
                Ok(FieldNames::One(name.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                if names.is_empty() {
                    return Err(de::Error::invalid_length(0, &self));
                }
                Ok(FieldNames::Many(names))
            }
        }
        deserializer.deserialize_any(Names)
    }
}

/// What a counter counts.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Unit {
    #[default]
    Items,
    /// Shown as KiB, MiB ...
    Bytes,
}

/// `x-huaweicloud-signing` on an API key security scheme: the request is signed, by this algorithm.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct XSigning {
    pub algorithm: String,
    /// The service's name in the vendor's endpoint settings (`OMS`).
    pub service: Option<String>,
}

impl Extension for XSigning {
    const KEY: &'static str = "x-huaweicloud-signing";
    const FIELDS: &'static [&'static str] = &["algorithm", "service"];
    const EXPECTED: &'static str = "expected `algorithm` (`SDK-HMAC-SHA256`) and optionally `service` (the \
                                    service's name in the vendor's settings)";
}

/// `x-client-parameter: true` on a path parameter: set once on the client, not on every call.
#[derive(Debug, Deserialize)]
pub(super) struct XClientParameter(pub bool);

impl Extension for XClientParameter {
    const KEY: &'static str = "x-client-parameter";
    const FIELDS: &'static [&'static str] = &[];
    const EXPECTED: &'static str = "expected `true` or `false`";
}

/// `x-idempotent: true` on an operation: sending it twice is harmless, so it is retried.
#[derive(Debug, Deserialize)]
pub(super) struct XIdempotent(pub bool);

impl Extension for XIdempotent {
    const KEY: &'static str = "x-idempotent";
    const FIELDS: &'static [&'static str] = &[];
    const EXPECTED: &'static str = "expected `true` or `false`";
}

/// `x-user-chosen: true` on a server variable: the user must choose its value.
#[derive(Debug, Deserialize)]
pub(super) struct XUserChosen(pub bool);

impl Extension for XUserChosen {
    const KEY: &'static str = "x-user-chosen";
    const FIELDS: &'static [&'static str] = &[];
    const EXPECTED: &'static str = "expected `true` or `false`";
}

/// `x-environment-variable` on a server variable: the variable its value is read from.
#[derive(Debug, Deserialize)]
pub(super) struct XEnvironmentVariable(pub String);

impl Extension for XEnvironmentVariable {
    const KEY: &'static str = "x-environment-variable";
    const FIELDS: &'static [&'static str] = &[];
    const EXPECTED: &'static str = "expected an environment variable's name (`MY_REGION`)";
}

/// `x-cli-name` in `info`: the command line's name.
#[derive(Debug, Deserialize)]
pub(super) struct XCliName(pub String);

impl Extension for XCliName {
    const KEY: &'static str = "x-cli-name";
    const FIELDS: &'static [&'static str] = &[];
    const EXPECTED: &'static str = "expected the command's name as text";
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn extensions(key: &str, value: Value) -> IndexMap<String, Value> {
        [(key.to_owned(), value)].into_iter().collect()
    }

    fn read_at<E: Extension>(value: Value) -> Result<Read<E>, Diagnostic> {
        read::<E>(&extensions(E::KEY, value), &Pointer::root().push("op"))
    }

    #[test]
    fn another_tools_extension_under_our_key_is_ignored_with_a_warning() {
        let read = read_at::<XPagination>(json!({"limitParam": "page[size]", "pageParam": "page[number]"}));
        let Ok(Read::Foreign(warning)) = read else { panic!("expected a foreign extension") };
        assert_eq!(warning.pointer.as_str(), "#/op/x-pagination");
        assert!(warning.notes.iter().any(|note| note.contains("`items`")), "{warning}");
    }

    #[test]
    fn a_near_miss_in_our_extension_is_an_error_with_a_suggestion() {
        let Err(error) = read_at::<XPagination>(json!({"items": "list", "ofset": "offset"})) else {
            panic!("expected an error")
        };
        assert_eq!(error.pointer.as_str(), "#/op/x-pagination/ofset");
        assert_eq!(error.label.as_deref(), Some("did you mean `offset`?"));
    }

    #[test]
    fn an_unknown_key_in_a_waiter_is_located_in_it() {
        let Err(error) = read_at::<XWaiters>(json!({"done": {"state": "s", "success": [1], "intervall": 5}})) else {
            panic!("expected an error")
        };
        assert_eq!(error.pointer.as_str(), "#/op/x-waiters/done/intervall");
        assert_eq!(error.label.as_deref(), Some("did you mean `interval`?"));
    }

    #[test]
    fn a_wrong_value_is_located_at_it() {
        let Err(error) = read_at::<XWaiters>(json!({"done": {"state": "s", "success": [1], "interval": 0}})) else {
            panic!("expected an error")
        };
        assert_eq!(error.pointer.as_str(), "#/op/x-waiters/done/interval");
        let Err(error) = read_at::<XProgress>(json!({"counters": [{"name": "n", "done": []}]})) else {
            panic!("expected an error")
        };
        assert_eq!(error.pointer.as_str(), "#/op/x-progress/counters/0/done");
        assert!(error.message.contains("a field name, or a list of them"), "{error}");
    }

    #[test]
    fn values_are_read_as_declared() {
        let Ok(Read::Found(progress)) = read_at::<XProgress>(json!({
            "state": "status",
            "counters": [{"name": "bytes", "done": "size", "unit": "bytes"}, {"name": "n", "done": ["a", "b"]}]
        })) else {
            panic!("expected progress")
        };
        let at = Pointer::root();
        let names =
            |names: &FieldNames| names.located(&at).into_iter().map(|(name, _)| name.to_owned()).collect::<Vec<_>>();
        assert_eq!(names(&progress.counters[0].done), ["size"]);
        assert_eq!(progress.counters[0].unit, Unit::Bytes);
        assert_eq!(names(&progress.counters[1].done), ["a", "b"]);
        assert_eq!(progress.counters[1].done.located(&at)[1].1.as_str(), "#/1");
        assert_eq!(progress.counters[1].unit, Unit::Items);
        assert!(matches!(read_at::<XIdempotent>(json!(true)), Ok(Read::Found(XIdempotent(true)))));
        assert!(read_at::<XIdempotent>(json!("yes")).is_err());
    }
}
