//! How the API appears on the command line and in sample programs: subcommand and flag names, the
//! kind of value each flag takes, and example values.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::docs;
use super::model_table::ModelIndex;
use crate::ir::{
    BodyField, ClientParameter, Flag, Model, ModelKind, Operation, Presence, RustName, SharedBodyFields, Type,
    ValueKind,
};
use crate::names;

/// Finds a model by name.
pub type FindModel<'f, 'm> = &'f dyn Fn(&RustName) -> Option<&'m Model>;

/// The flags every command has already: the runtime's own, then one per client parameter.
pub struct Flags {
    global: HashSet<String>,
}

/// The command line's own flags, which a parameter of the same name cannot take.
fn is_runtime_flag(flag: &str) -> bool {
    api_vocab::cli::GLOBAL_FLAGS.iter().chain(api_vocab::cli::COMMAND_FLAGS).any(|own| *own == flag)
}

/// The flag for the input `wire`, clear of `taken`, and its help: one the command line keeps for
/// itself (`--query`, `--version`) is `--query-param`, which is what a person would guess, and
/// its help says so; two inputs of one name are told apart by a number.
fn flag(wire: &str, help_lines: &[String], taken: &mut HashSet<String>) -> (String, String) {
    let kebab = names::kebab(wire);
    let mut help = help(help_lines);
    let name = if is_runtime_flag(&kebab) {
        let own = format!("The API's `{wire}`; `--{kebab}` is the command line's own.");
        help = if help.is_empty() { own } else { format!("{own} {help}") };
        format!("{kebab}-param")
    } else {
        kebab
    };
    (names::unique_word(name, taken), help)
}

impl Flags {
    pub fn new() -> Flags {
        let runtime = api_vocab::cli::GLOBAL_FLAGS.iter().chain(api_vocab::cli::COMMAND_FLAGS);
        Flags { global: runtime.map(|flag| flag.to_string()).collect() }
    }

    /// Gives a client parameter its global flag (`project_id` -> `--project-id`).
    pub fn client_parameter(&mut self, parameter: &mut ClientParameter) {
        let (flag, help) = flag(&parameter.wire_name, &parameter.docs, &mut self.global);
        parameter.flag = Flag { flag, help, kind: ValueKind::Text, repeated: false, required: false };
    }

    /// Lays the operation out as a subcommand named after its method, with a flag per parameter
    /// and per body field a flag can carry.
    pub fn lay_out(&self, operation: &mut Operation, models: &ModelIndex) {
        let mut taken = self.global.clone();
        for parameter in &mut operation.parameters {
            let (kind, repeated) = kind(&parameter.ty, models).unwrap_or((ValueKind::Json, false));
            let (flag, help) = flag(&parameter.wire_name, &parameter.docs, &mut taken);
            parameter.flag = Flag { flag, help, kind, repeated, required: parameter.required };
        }
        let fields = match operation.body.as_ref().map(|body| &body.ty) {
            Some(Type::Named(name)) => match models.get(name).map(|m| &m.kind) {
                Some(ModelKind::Struct(structure)) => structure.fields.as_slice(),
                _ => &[],
            },
            _ => &[],
        };
        operation.command.body_fields = fields
            .iter()
            .filter(|field| field.presence != Presence::ReadOnly)
            .filter_map(|field| {
                let (kind, repeated) = kind(&field.ty, models)?;
                let (flag, help) = flag(&field.wire_name, &field.docs, &mut taken);
                Some(BodyField {
                    wire_name: field.wire_name.clone(),
                    flag: Flag {
                        flag,
                        help,
                        kind,
                        repeated,
                        // Required body fields may come from `--body` instead.
                        required: false,
                    },
                })
            })
            .collect();
        // From the method name, which is unique where operationIds may collide after case conversion;
        // the command line's own commands keep theirs.
        let mut commands = api_vocab::cli::COMMANDS.iter().map(|name| name.to_string()).collect();
        operation.command.name = names::unique_word(names::kebab(operation.fn_name.word()), &mut commands);
    }
}

/// Gives commands whose bodies have the same flags one list of them, defined by the first and
/// named by the others, rather than a copy each (an API's create and update often take one body).
pub fn share_body_fields(operations: &mut [Operation]) {
    // Commands of one body type, in order: only theirs can have the same flags.
    let mut by_body: HashMap<&RustName, Vec<usize>> = HashMap::new();
    for (index, operation) in operations.iter().enumerate() {
        if let Some(Type::Named(name)) = operation.body.as_ref().map(|body| &body.ty)
            && !operation.command.body_fields.is_empty()
        {
            by_body.entry(name).or_default().push(index);
        }
    }
    // Each command whose flags an earlier one has, and the first that has them.
    let mut sharing = Vec::new();
    for indexes in by_body.values() {
        let mut firsts: Vec<usize> = Vec::new();
        for &index in indexes {
            let fields = &operations[index].command.body_fields;
            match firsts.iter().find(|first| operations[**first].command.body_fields == *fields) {
                Some(&first) => sharing.push((index, first)),
                None => firsts.push(index),
            }
        }
    }
    for (index, first) in sharing {
        let static_name = names::shouty(&format!("{}_body_fields", operations[first].static_name.word()));
        operations[index].command.shared_body_fields =
            Some(SharedBodyFields { static_name: static_name.clone(), defined_here: false });
        operations[first].command.shared_body_fields = Some(SharedBodyFields { static_name, defined_here: true });
    }
}

/// The flag kind for a type, if a flag can carry it, and whether the flag repeats.
fn kind(ty: &Type, models: &ModelIndex) -> Option<(ValueKind, bool)> {
    let scalar = |ty: &Type| match ty {
        Type::String => Some(ValueKind::Text),
        Type::Bool => Some(ValueKind::Bool),
        Type::Integer(_) => Some(ValueKind::Integer),
        Type::Number(_) => Some(ValueKind::Number),
        Type::Named(name) => match &models.get(name)?.kind {
            ModelKind::Enum(values) => Some(ValueKind::OneOf(values.iter().map(|v| v.wire_name.clone()).collect())),
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

/// A value of `ty` for a sample program when the spec gives no example: required fields only,
/// placeholders for strings, the first value of enums.
pub fn example<'m>(ty: &Type, models: FindModel<'_, 'm>, depth: usize) -> Value {
    match ty {
        Type::String => json!("string"),
        Type::Secret => json!("secret"),
        Type::Binary => json!(""),
        Type::Nullable(_) => Value::Null,
        Type::Bool => json!(false),
        Type::Integer(_) => json!(0),
        Type::Number(_) => json!(0.0),
        Type::Array(_) => json!([]),
        Type::Tuple(items) => Value::Array(items.iter().map(|item| example(item, models, depth + 1)).collect()),
        Type::Map { .. } | Type::Any => json!({}),
        Type::Named(name) => match models(name).map(|m| &m.kind) {
            // A recursive type stops at an empty object.
            _ if depth > 8 => json!({}),
            Some(ModelKind::Tagged(tagged)) => match tagged.variants.first() {
                Some(variant) => {
                    let mut value = example(&variant.ty, models, depth + 1);
                    if let (Value::Object(object), Some(tag)) = (&mut value, variant.tags.first()) {
                        object.insert(tagged.property.clone(), json!(tag));
                    }
                    value
                }
                None => Value::Null,
            },
            Some(ModelKind::Enum(values)) => values.first().map_or(json!("value"), |v| json!(v.wire_name)),
            Some(ModelKind::Newtype(ty, _)) => example(ty, models, depth + 1),
            Some(ModelKind::OneOf(variants)) => {
                variants.first().map_or(Value::Null, |v| example(&v.ty, models, depth + 1))
            }
            Some(ModelKind::Struct(structure)) => Value::Object(
                structure
                    .fields
                    .iter()
                    .filter(|f| matches!(f.presence, Presence::Required | Presence::Nullable))
                    .map(|f| (f.wire_name.clone(), example(&f.ty, models, depth + 1)))
                    .collect(),
            ),
            None => Value::Null,
        },
    }
}

/// One line for `--help` listings: the summary, else the docs' first line, as a headline.
pub fn summary(operation: &openapiv3::Operation) -> String {
    let text = operation.summary.as_deref().or(operation.description.as_deref());
    docs::paragraphs(text).first().map(|line| docs::headline(line)).unwrap_or_default()
}

/// Examples of `--query` on this API's answers, for the command line's help: a field of an
/// answer, the field of each item of a list, and an object made of two fields.
pub fn query_examples(operations: &[Operation], models: &ModelIndex) -> String {
    // Names JMESPath takes without quotes.
    let plain = |name: &str| {
        let mut chars = name.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let fields_of = |ty: &Type| -> Vec<&str> {
        let Type::Named(name) = ty else { return Vec::new() };
        match models.get(name).map(|model| &model.kind) {
            Some(ModelKind::Struct(structure)) => {
                structure.fields.iter().map(|field| field.wire_name.as_str()).filter(|name| plain(name)).collect()
            }
            _ => Vec::new(),
        }
    };
    let answers = operations.iter().filter_map(|operation| operation.response.body.typed().map(fields_of));
    let mut examples = Vec::new();
    let answer: Vec<&str> = answers.clone().find(|fields| !fields.is_empty()).unwrap_or_default();
    if let Some(field) = answer.first() {
        examples.push(format!("`{field}`"));
    }
    let listed = operations.iter().find_map(|operation| {
        let items = operation.command.items.as_deref().filter(|items| plain(items))?;
        let item = fields_of(&operation.pagination.as_ref()?.item).first().copied()?;
        Some(format!("`{items}[].{item}`"))
    });
    examples.extend(listed);
    if let Some(pair) =
        answers.map(|fields| fields.into_iter().take(2).collect::<Vec<_>>()).find(|pair| pair.len() == 2)
    {
        examples.push(format!("`{{{0}: {0}, {1}: {1}}}`", pair[0], pair[1]));
    }
    if examples.is_empty() {
        examples.push("`@` (the whole answer)".to_owned());
    }
    examples.join(", ")
}
