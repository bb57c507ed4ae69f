//! The quick typed read: a document's paths and components, most of a big spec, read apart from
//! each other, the components on a second thread. Lowering waits for the whole typed document, on
//! one core: reading github.json's took a sixth of that wait.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::thread;

use openapiv3::{Components, OpenAPI, Paths};
use serde::Deserialize;
use serde_json::{Map, Value};

/// Below this many paths, the components are read on this thread: starting a thread would cost
/// more than it saves.
const PATHS_WORTH_A_THREAD: usize = 16;

/// The typed document, or `None` when any part fails to read (or its reader panics): the caller
/// then reads the whole document again, to say where it fails. `raw` is left as it was.
pub fn read(raw: &mut Value) -> Option<OpenAPI> {
    let paths = take(raw, "paths", Value::Object(Map::new()))?;
    let components = take(raw, "components", Value::Null);
    let document = read_parts(raw, &paths, components.as_ref());
    put_back(raw, "paths", paths);
    if let Some(components) = components {
        put_back(raw, "components", components);
    }
    document
}

/// The value at `key`, with `placeholder` left in its place, so that the keys keep their order.
fn take(raw: &mut Value, key: &str, placeholder: Value) -> Option<Value> {
    raw.get_mut(key).map(|value| std::mem::replace(value, placeholder))
}

fn put_back(raw: &mut Value, key: &str, value: Value) {
    if let Some(slot) = raw.get_mut(key) {
        *slot = value;
    }
}

fn read_parts(rest: &Value, paths: &Value, components: Option<&Value>) -> Option<OpenAPI> {
    let on_a_thread = paths.as_object().is_some_and(|paths| paths.len() >= PATHS_WORTH_A_THREAD);
    thread::scope(|scope| {
        let elsewhere =
            components.filter(|_| on_a_thread).map(|components| scope.spawn(|| read_components(components)));
        let document = quietly(|| {
            let mut document = OpenAPI::deserialize(rest).ok()?;
            document.paths = Paths::deserialize(paths).ok()?;
            Some(document)
        });
        let components = match (elsewhere, components) {
            (Some(reader), _) => reader.join().ok().flatten().map(Some),
            (None, Some(components)) => read_components(components).map(Some),
            (None, None) => Some(None),
        };
        let mut document = document?;
        document.components = components?;
        Some(document)
    })
}

fn read_components(components: &Value) -> Option<Components> {
    quietly(|| Components::deserialize(components).ok())
}

/// `read`'s answer, or `None` if it panicked (the `openapiv3` crate can, on input it
/// half-accepts).
fn quietly<T>(read: impl FnOnce() -> Option<T>) -> Option<T> {
    catch_unwind(AssertUnwindSafe(read)).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(paths: usize) -> Value {
        let paths: Map<String, Value> = (0..paths)
            .map(|n| {
                let operation = serde_json::json!({
                    "operationId": format!("op{n}"),
                    "x-note": n,
                    "responses": { "200": { "$ref": "#/components/responses/Ok" } }
                });
                (format!("/items/{n}"), serde_json::json!({ "get": operation }))
            })
            .collect();
        serde_json::json!({
            "openapi": "3.0.3",
            "x-top": true,
            "info": { "title": "t", "version": "1" },
            "paths": paths,
            "components": {
                "schemas": { "Item": { "type": "object", "x-kept": 1 } },
                "responses": { "Ok": { "description": "ok" } }
            },
            "tags": [{ "name": "items" }]
        })
    }

    #[test]
    fn reads_as_the_whole_document_reads_and_leaves_the_value_as_it_was() {
        for paths in [0, 3, PATHS_WORTH_A_THREAD + 1] {
            let mut raw = document(paths);
            let before = raw.to_string();
            let whole = OpenAPI::deserialize(&raw).unwrap();
            assert_eq!(read(&mut raw), Some(whole), "{paths} paths");
            assert_eq!(raw.to_string(), before, "{paths} paths");
        }
    }

    #[test]
    fn a_part_that_fails_gives_none_and_the_value_back() {
        for (key, broken) in [("paths", serde_json::json!(7)), ("components", serde_json::json!({ "schemas": 7 }))] {
            for paths in [3, PATHS_WORTH_A_THREAD + 1] {
                let mut raw = document(paths);
                raw[key] = broken.clone();
                let before = raw.to_string();
                assert_eq!(read(&mut raw), None, "{key} with {paths} paths");
                assert_eq!(raw.to_string(), before, "{key} with {paths} paths");
            }
        }
        let mut without_paths = document(1);
        without_paths.as_object_mut().unwrap().shift_remove("paths");
        assert_eq!(read(&mut without_paths), None);
    }
}
