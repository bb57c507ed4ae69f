//! How each operation appears on the command line and in sample programs: subcommand and flag
//! names, the kind of value each flag takes, and example values.

use std::collections::{HashMap, HashSet};

use heck::ToKebabCase;
use serde_json::{Value, json};

use super::docs;
use crate::ir::{BodyFlag, CliCommand, CliKind, CliValue, Model, ModelKind, Operation, Type};
use crate::names;

/// Flags every command has already (global options and `--body`).
const RESERVED_FLAGS: [&str; 6] = ["body", "endpoint", "region", "project-id", "help", "version"];

/// `RetryTaskGroup` -> `retry-task-group`; never empty.
pub fn kebab(wire: &str) -> String {
    let words: String = wire.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let name = words.to_kebab_case();
    if name.is_empty() { "value".to_owned() } else { name }
}

/// Models by name.
pub type Models<'m> = HashMap<&'m str, &'m Model>;

fn model<'m>(models: &Models<'m>, name: &str) -> Option<&'m Model> {
    models.get(name).copied()
}

/// The flag kind for a type, if a flag can carry it, and whether the flag repeats.
fn kind(ty: &Type, models: &Models) -> Option<(CliKind, bool)> {
    let scalar = |ty: &Type| match ty {
        Type::String => Some(CliKind::Text),
        Type::Bool => Some(CliKind::Bool),
        Type::Integer(_) => Some(CliKind::Integer),
        Type::Number(_) => Some(CliKind::Number),
        Type::Named(name) => match &model(models, name)?.kind {
            ModelKind::Enum(values) => Some(CliKind::OneOf(values.iter().map(|v| v.wire.clone()).collect())),
            _ => None,
        },
        // Secrets come through `--body` (a file or standard input), never the command line.
        _ => None,
    };
    match ty {
        Type::Array(item) => scalar(item).map(|kind| (kind, true)),
        other => scalar(other).map(|kind| (kind, false)),
    }
}

fn help(lines: &[String]) -> String {
    lines.iter().filter(|line| !line.is_empty()).cloned().collect::<Vec<_>>().join(" ")
}

pub fn command(operation: &Operation, models: &Models) -> CliCommand {
    let mut taken: HashSet<String> = RESERVED_FLAGS.iter().map(|f| f.to_string()).collect();
    let parameter_flags = operation
        .parameters
        .iter()
        .map(|parameter| {
            let (kind, repeated) = kind(&parameter.ty, models).unwrap_or((CliKind::Text, false));
            CliValue {
                flag: names::unique(kebab(&parameter.wire_name), &mut taken),
                help: help(&parameter.docs),
                kind,
                repeated,
                required: parameter.required,
            }
        })
        .collect();
    let fields = match operation.body.as_ref().map(|body| &body.ty) {
        Some(Type::Named(name)) => match model(models, name).map(|m| &m.kind) {
            Some(ModelKind::Struct(structure)) => structure.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let body_flags = fields
        .iter()
        .filter(|field| !field.read_only)
        .filter_map(|field| {
            let (kind, repeated) = kind(&field.ty, models)?;
            Some(BodyFlag {
                wire_name: field.wire_name.clone(),
                value: CliValue {
                    flag: names::unique(kebab(&field.wire_name), &mut taken),
                    help: help(&field.docs),
                    kind,
                    repeated,
                    // Required body fields may come from `--body` instead.
                    required: false,
                },
            })
        })
        .collect();
    // From the method name, which is unique where operationIds may collide after case conversion.
    CliCommand { name: kebab(&operation.fn_name), parameter_flags, body_flags }
}

/// A value of `ty` for a sample program when the spec gives no example: required fields only,
/// placeholders for strings, the first value of enums.
pub fn example(ty: &Type, models: &Models, depth: usize) -> Value {
    match ty {
        Type::String => json!("string"),
        Type::Secret => json!("secret"),
        Type::Bool => json!(false),
        Type::Integer(_) => json!(0),
        Type::Number(_) => json!(0.0),
        Type::Array(_) => json!([]),
        Type::Map(_) | Type::Any => json!({}),
        Type::Named(name) => match model(models, name).map(|m| &m.kind) {
            // A recursive type stops at an empty object.
            _ if depth > 8 => json!({}),
            Some(ModelKind::Enum(values)) => values.first().map_or(json!("value"), |v| json!(v.wire)),
            Some(ModelKind::OneOf(variants)) => {
                variants.first().map_or(Value::Null, |v| example(&v.ty, models, depth + 1))
            }
            Some(ModelKind::Struct(structure)) => Value::Object(
                structure
                    .fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.wire_name.clone(), example(&f.ty, models, depth + 1)))
                    .collect(),
            ),
            None => Value::Null,
        },
    }
}

/// One line for `--help` listings: the summary, else the first line of the docs.
pub fn summary(operation: &openapiv3::Operation) -> String {
    let text = operation.summary.as_deref().or(operation.description.as_deref());
    docs::paragraphs(text).into_iter().next().unwrap_or_default()
}
