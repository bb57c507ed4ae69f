//! The generated crate's public API in brief: every operation's method and request, and every
//! model, with the types and rules users meet. It is written with the crate (`api.json`), so that
//! the next run can say what a spec edit means for users of the crate ([`compare`]), computed from
//! the two APIs rather than from a text diff.
//!
//! Which changes break users follows from how the generated types may be used:
//! - Models, unions and enums are `#[non_exhaustive]`: users build structs with `new` (the required
//!   fields) or `Default`, then the chaining setters of optional fields, and match enums with a
//!   wildcard arm. So an added optional field, enum value or union variant is additive; an added
//!   required field changes `new` and breaks.
//! - An operation's required inputs are its method's arguments and its optional ones are setters
//!   of its request: an added optional input is additive, an added required one breaks, and one
//!   moved between the two breaks.
//! - A removed or retyped operation, input, field, value or variant breaks, as does a response
//!   that changes type.
//! - A changed rule (a length, a pattern, a range) changes what the client accepts before sending,
//!   not the types: it is reported, as a patch, because the service enforces the same rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ir::{Api, ModelKind, Presence, ResponseBody, Rules, Type, json_texts, reserved};
use crate::lower::rule_text;

/// The file it is written to, relative to the generated crate.
pub const FILE: &str = "api.json";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Client-level parameters (`Config::client_parameter`), with their rules.
    pub client_parameters: BTreeMap<String, String>,
    /// Operations by method name.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Models and server variable types by name.
    pub types: BTreeMap<String, TypeSurface>,
    /// Server variables by name: whether the user must choose one, else its default, and the
    /// environment variable read for it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub server_variables: BTreeMap<String, ServerVariableSurface>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerVariableSurface {
    /// `None` when the user must choose the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `PUT /v2/{project_id}/taskgroups/{group_id}/retry`
    pub request: String,
    /// The method's arguments, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<InputSurface>,
    /// The request's setters of optional inputs, by setter name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub optional: BTreeMap<String, InputSurface>,
    /// What a successful call returns.
    pub returns: String,
    /// The item type of `pages()` and `items()`, when the answers come in pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// The request's waiters, by method name, with the states each succeeds on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waiters: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InputSurface {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rules: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeSurface {
    Struct {
        fields: BTreeMap<String, FieldSurface>,
    },
    Enum {
        values: Vec<String>,
    },
    Union {
        variants: BTreeMap<String, String>,
    },
    /// A struct around one value (a list or map that holds itself).
    Newtype {
        #[serde(rename = "type")]
        ty: String,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FieldSurface {
    /// The field's Rust type, `Option` included.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether `new` takes it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rules: String,
}

impl Surface {
    pub fn of(api: &Api) -> Surface {
        let client_parameters = api.client_parameters.iter().map(|p| (p.wire_name.clone(), rules(&p.rules))).collect();
        let operations = api
            .operations
            .iter()
            .map(|operation| {
                let mut arguments = Vec::new();
                let mut optional = BTreeMap::new();
                for parameter in &operation.parameters {
                    let input = InputSurface {
                        name: parameter.rust_name.word().to_owned(),
                        ty: type_name(&parameter.ty),
                        rules: rules(&parameter.rules),
                    };
                    match &parameter.setters {
                        Some(setters) => {
                            optional.insert(setters.set.word().to_owned(), input);
                        }
                        None => arguments.push(input),
                    }
                }
                if let Some(body) = &operation.body {
                    let input =
                        InputSurface { name: reserved::BODY.to_owned(), ty: type_name(&body.ty), rules: String::new() };
                    match &body.setters {
                        Some(setters) => {
                            optional.insert(setters.set.word().to_owned(), input);
                        }
                        None => arguments.push(input),
                    }
                }
                let returns = match &operation.response.body {
                    ResponseBody::Empty => "()".to_owned(),
                    ResponseBody::Json(ty) => type_name(ty),
                    ResponseBody::Text => "String".to_owned(),
                    ResponseBody::Bytes => "Vec<u8>".to_owned(),
                    ResponseBody::Stream { format, item } if format.is_events() => {
                        format!("{}<{}>", reserved::EVENT_STREAM, type_name(item))
                    }
                    ResponseBody::Stream { item, .. } => format!("{}<{}>", reserved::JSON_STREAM, type_name(item)),
                };
                let request = format!("{} {}", operation.method.as_str(), operation.path_template);
                let items = operation.pagination.as_ref().map(|pagination| type_name(&pagination.item));
                let waiters = operation
                    .waiters
                    .iter()
                    .map(|waiter| {
                        (
                            waiter.method.word().to_owned(),
                            format!("{} in {}", waiter.state, json_texts(&waiter.success).join(", ")),
                        )
                    })
                    .collect();
                let surface = OperationSurface { request, arguments, optional, returns, items, waiters };
                (operation.fn_name.word().to_owned(), surface)
            })
            .collect();
        let mut types: BTreeMap<String, TypeSurface> = api
            .models
            .iter()
            .map(|model| {
                let surface = match &model.kind {
                    ModelKind::Struct(structure) => TypeSurface::Struct {
                        fields: structure
                            .fields
                            .iter()
                            .map(|field| {
                                let required = field.presence == Presence::Required;
                                let ty = type_name(&field.ty);
                                let ty = if required { ty } else { format!("Option<{ty}>") };
                                (
                                    field.rust_name.word().to_owned(),
                                    FieldSurface { ty, required, rules: rules(&field.rules) },
                                )
                            })
                            .collect(),
                    },
                    ModelKind::Enum(values) => {
                        TypeSurface::Enum { values: values.iter().map(|v| v.wire_name.clone()).collect() }
                    }
                    ModelKind::OneOf(variants) => TypeSurface::Union {
                        variants: variants.iter().map(|v| (v.rust_name.word().to_owned(), type_name(&v.ty))).collect(),
                    },
                    ModelKind::Tagged(tagged) => TypeSurface::Union {
                        variants: tagged
                            .variants
                            .iter()
                            .map(|v| (v.rust_name.word().to_owned(), type_name(&v.ty)))
                            .collect(),
                    },
                    ModelKind::Newtype(ty, _) => TypeSurface::Newtype { ty: type_name(ty) },
                };
                (model.name.word().to_owned(), surface)
            })
            .collect();
        for variable in api.server.iter().flat_map(|server| &server.variables).filter(|v| !v.values.is_empty()) {
            let values = variable.values.iter().map(|v| v.wire_name.clone()).collect();
            types.insert(variable.type_name.word().to_owned(), TypeSurface::Enum { values });
        }
        let server_variables = api
            .server
            .iter()
            .flat_map(|server| &server.variables)
            .map(|v| {
                let default = (!v.user_chosen).then(|| v.default.clone());
                (v.wire_name.clone(), ServerVariableSurface { default, environment: v.environment.clone() })
            })
            .collect();
        Surface { client_parameters, operations, types, server_variables }
    }

    /// The description as the file holds it.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Surface, serde_json::Error> {
        serde_json::from_str(text)
    }
}

fn rules(rules: &Rules) -> String {
    rule_text(rules)
}

fn type_name(ty: &Type) -> String {
    ty.name()
}

/// How much a change asks of the crate's version, by semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Behaviour only (a rule, a request line): no type changes.
    Patch,
    /// Additive: code that built still builds.
    Minor,
    /// Breaking: some code that built no longer does.
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Level::Patch => "changed",
            Level::Minor => "additive",
            Level::Major => "breaking",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub level: Level,
    pub what: String,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<8}  {}", self.level.word(), self.what)
    }
}

/// What changed from `before` to `after`, for users of the crate, in a stable order.
pub fn compare(before: &Surface, after: &Surface) -> Vec<Change> {
    let mut changes = Changes::default();
    changes.keyed(
        &before.client_parameters,
        &after.client_parameters,
        |name| format!("client parameter `{name}`"),
        (Level::Major, Level::Major),
        |changes, name, old, new| changes.rules(&format!("client parameter `{name}`"), old, new),
    );
    changes.keyed(
        &before.operations,
        &after.operations,
        |name| format!("operation `{name}`"),
        (Level::Minor, Level::Major),
        |changes, name, old, new| changes.operation(name, old, new),
    );
    changes.keyed(
        &before.types,
        &after.types,
        |name| format!("type `{name}`"),
        (Level::Minor, Level::Major),
        |changes, name, old, new| changes.type_surface(name, old, new),
    );
    changes.keyed(
        &before.server_variables,
        &after.server_variables,
        |name| format!("server variable `{name}`"),
        (Level::Patch, Level::Major),
        |changes, name, old, new| changes.server_variable(name, old, new),
    );
    changes.list
}

/// The verdict: the highest level among `changes`, `None` when there are none.
pub fn verdict(changes: &[Change]) -> Option<Level> {
    changes.iter().map(|change| change.level).max()
}

#[derive(Default)]
struct Changes {
    list: Vec<Change>,
}

impl Changes {
    fn push(&mut self, level: Level, what: String) {
        self.list.push(Change { level, what });
    }

    /// A default taken away makes clients that relied on it fail when made.
    fn server_variable(&mut self, name: &str, old: &ServerVariableSurface, new: &ServerVariableSurface) {
        let what = format!("server variable `{name}`");
        match (&old.default, &new.default) {
            (Some(_), None) => self.push(Level::Major, format!("{what}: must now be chosen (no default)")),
            (None, Some(default)) => self.push(Level::Patch, format!("{what}: now defaults to `{default}`")),
            (Some(before), Some(after)) if before != after => {
                self.push(Level::Patch, format!("{what}: default `{before}` -> `{after}`"));
            }
            _ => {}
        }
        if old.environment != new.environment {
            let shown = |env: &Option<String>| env.as_deref().map_or("none".to_owned(), |e| format!("`{e}`"));
            self.push(
                Level::Patch,
                format!("{what}: environment variable {} -> {}", shown(&old.environment), shown(&new.environment)),
            );
        }
    }

    /// Entries added, removed (at `levels`: added, removed), and changed (by `changed`).
    fn keyed<T: PartialEq>(
        &mut self,
        before: &BTreeMap<String, T>,
        after: &BTreeMap<String, T>,
        describe: impl Fn(&str) -> String,
        (added, removed): (Level, Level),
        changed: impl Fn(&mut Self, &str, &T, &T),
    ) {
        for (name, old) in before {
            match after.get(name) {
                None => self.push(removed, format!("{} removed", describe(name))),
                Some(new) if new != old => changed(self, name, old, new),
                Some(_) => {}
            }
        }
        for name in after.keys().filter(|name| !before.contains_key(*name)) {
            self.push(added, format!("{} added", describe(name)));
        }
    }

    fn rules(&mut self, what: &str, old: &str, new: &str) {
        if old != new {
            let show = |rules: &str| if rules.is_empty() { "none".to_owned() } else { rules.to_owned() };
            self.push(Level::Patch, format!("{what}: rules changed from {} to {}", show(old), show(new)));
        }
    }

    fn operation(&mut self, name: &str, old: &OperationSurface, new: &OperationSurface) {
        let at = format!("operation `{name}`");
        if old.request != new.request {
            self.push(Level::Patch, format!("{at} now sends `{}` (was `{}`)", new.request, old.request));
        }
        let signature = |inputs: &[InputSurface]| {
            inputs.iter().map(|input| format!("{}: {}", input.name, input.ty)).collect::<Vec<_>>().join(", ")
        };
        if signature(&old.arguments) != signature(&new.arguments) {
            self.push(
                Level::Major,
                format!(
                    "{at}: arguments changed from ({}) to ({})",
                    signature(&old.arguments),
                    signature(&new.arguments)
                ),
            );
        } else {
            for (old_input, new_input) in old.arguments.iter().zip(&new.arguments) {
                self.rules(&format!("{at}, argument `{}`", new_input.name), &old_input.rules, &new_input.rules);
            }
        }
        self.keyed(
            &old.optional,
            &new.optional,
            |setter| format!("{at}: optional input `{setter}`"),
            (Level::Minor, Level::Major),
            |changes, setter, old, new| {
                if old.ty != new.ty {
                    changes.push(
                        Level::Major,
                        format!("{at}: optional input `{setter}` changed type from {} to {}", old.ty, new.ty),
                    );
                }
                changes.rules(&format!("{at}, optional input `{setter}`"), &old.rules, &new.rules);
            },
        );
        if old.returns != new.returns {
            self.push(Level::Major, format!("{at} returns {} (was {})", new.returns, old.returns));
        }
        match (&old.items, &new.items) {
            (None, Some(item)) => self.push(Level::Minor, format!("{at}: pages of {item} added")),
            (Some(_), None) => self.push(Level::Major, format!("{at}: pages removed")),
            (Some(old), Some(new)) if old != new => {
                self.push(Level::Major, format!("{at}: pages hold {new} (was {old})"));
            }
            _ => {}
        }
        self.keyed(
            &old.waiters,
            &new.waiters,
            |waiter| format!("{at}: waiter `{waiter}`"),
            (Level::Minor, Level::Major),
            |changes, waiter, old, new| {
                if old != new {
                    changes.push(Level::Patch, format!("{at}: waiter `{waiter}` now waits for {new} (was {old})"));
                }
            },
        );
    }

    fn type_surface(&mut self, name: &str, old: &TypeSurface, new: &TypeSurface) {
        let at = format!("type `{name}`");
        match (old, new) {
            (TypeSurface::Struct { fields: old }, TypeSurface::Struct { fields: new }) => {
                for (field, before) in old {
                    match new.get(field) {
                        None => self.push(Level::Major, format!("{at}: field `{field}` removed")),
                        Some(after) if after.ty != before.ty || after.required != before.required => {
                            let what = match (before.required, after.required) {
                                (false, true) => "made required".to_owned(),
                                (true, false) => "made optional".to_owned(),
                                _ => format!("changed type from {} to {}", before.ty, after.ty),
                            };
                            self.push(Level::Major, format!("{at}: field `{field}` {what}"));
                        }
                        Some(after) => self.rules(&format!("{at}, field `{field}`"), &before.rules, &after.rules),
                    }
                }
                for (field, added) in new.iter().filter(|(field, _)| !old.contains_key(*field)) {
                    if added.required {
                        self.push(Level::Major, format!("{at}: required field `{field}` added"));
                    } else {
                        self.push(Level::Minor, format!("{at}: field `{field}` added"));
                    }
                }
            }
            (TypeSurface::Enum { values: old }, TypeSurface::Enum { values: new }) => {
                for value in old.iter().filter(|value| !new.contains(value)) {
                    self.push(Level::Major, format!("{at}: value `{value}` removed"));
                }
                for value in new.iter().filter(|value| !old.contains(value)) {
                    self.push(Level::Minor, format!("{at}: value `{value}` added"));
                }
            }
            (TypeSurface::Union { variants: old }, TypeSurface::Union { variants: new }) => {
                self.keyed(
                    old,
                    new,
                    |variant| format!("{at}: variant `{variant}`"),
                    (Level::Minor, Level::Major),
                    |changes, variant, old, new| {
                        changes
                            .push(Level::Major, format!("{at}: variant `{variant}` changed type from {old} to {new}"));
                    },
                );
            }
            (TypeSurface::Newtype { ty: old }, TypeSurface::Newtype { ty: new }) if old != new => {
                self.push(Level::Major, format!("{at}: changed type from {old} to {new}"));
            }
            (TypeSurface::Newtype { .. }, TypeSurface::Newtype { .. }) => {}
            _ => self.push(Level::Major, format!("{at} changed kind")),
        }
    }
}
