//! Schemas: each one becomes a Rust type where it is used, and objects, enums and unions become
//! models.
//!
//! Whatever keywords a schema combines, it is read as a whole (see [`Keywords`]): a missing `type`
//! is inferred from the other keywords; a keyword that does not apply to the type is ignored; a
//! schema that cannot be typed exactly becomes `serde_json::Value`. Lowering a schema never fails:
//! whatever is read differently than written is a located warning. [`plan`] decides what a schema
//! becomes; [`composite`] makes the models.

mod composite;
mod keywords;
mod later;
mod plan;

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

use self::keywords::Keywords;
use self::plan::{MapValues, ModelPlan, Plan, ValuePlan};
use super::docs;
use super::lowerer::Lowerer;
use super::refs::SCHEMAS;
use crate::diagnostic::Pointer;
use crate::ir::{Bound, ModelKind, Rules, Type};
use crate::lower::model_table::ModelId;
use crate::names;

/// What a schema means where it is used: its type, constraints and documentation.
#[derive(Debug, Clone)]
pub(super) struct Typed {
    pub ty: Type,
    pub rules: Rules,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Facts for the docs that are not rules: a string's format.
    pub notes: Vec<String>,
}

impl Typed {
    /// A value of this type, with nothing more said of it.
    pub fn of_type(ty: Type) -> Self {
        Typed::of(ty, &openapiv3::SchemaData::default())
    }

    fn of(ty: Type, data: &openapiv3::SchemaData) -> Self {
        Typed {
            ty,
            rules: Rules::default(),
            description: data.description.clone(),
            default: data.default.clone(),
            nullable: data.nullable,
            read_only: data.read_only,
            write_only: data.write_only,
            notes: Vec::new(),
        }
    }

    fn any() -> Self {
        Typed::of_type(Type::Any)
    }

    /// The type where nothing else says whether the value may be `null`.
    pub fn standalone_type(&self) -> Type {
        match (&self.ty, self.nullable) {
            (Type::Any, _) | (_, false) => self.ty.clone(),
            (ty, true) => Type::Nullable(Box::new(ty.clone())),
        }
    }

    /// Doc lines for a field or parameter holding this value.
    pub fn docs(&self) -> Vec<String> {
        let mut facts = self.notes.clone();
        if self.read_only {
            facts.push("Read-only: set by the service, never sent.".to_owned());
        }
        if self.write_only {
            facts.push("Write-only: sent, never returned.".to_owned());
        }
        facts.extend(docs::rule_lines(&self.rules, self.default.as_ref()));
        docs::join([docs::paragraphs(self.description.as_deref()), facts])
    }
}

/// The two shapes of schema position the `openapiv3` crate uses.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Plain(&'s ReferenceOr<Schema>),
    Boxed(&'s ReferenceOr<Box<Schema>>),
}

impl<'s> SchemaRef<'s> {
    fn split(self) -> Result<&'s Schema, &'s str> {
        match self {
            SchemaRef::Plain(ReferenceOr::Item(schema)) => Ok(schema),
            SchemaRef::Boxed(ReferenceOr::Item(schema)) => Ok(schema),
            SchemaRef::Plain(ReferenceOr::Reference { reference })
            | SchemaRef::Boxed(ReferenceOr::Reference { reference }) => Err(reference),
        }
    }
}

/// How deep `allOf` chains are followed before the schema is read as any value (a cycle of them).
const MAX_DEPTH: usize = 32;

impl<'a> Lowerer<'a> {
    /// Lowers every schema under `components/schemas`, so each named object, enum and union
    /// becomes a model even when no operation uses it (error bodies, for one).
    pub(in crate::lower) fn component_schemas(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let at = Pointer::root().push("components").push("schemas").push(name);
            match schema {
                ReferenceOr::Item(schema) => {
                    self.named_schema(schema, &at);
                }
                ReferenceOr::Reference { reference } => {
                    // An alias: the model is made where it points.
                    let _ = self
                        .refs
                        .follow(reference, &SCHEMAS, &at)
                        .map(|(schema, target)| self.named_schema(schema, &target));
                }
            }
        }
    }

    /// Lowers a schema where it is used. `context` names the model an inline object, enum or union
    /// becomes.
    pub(super) fn schema(&mut self, schema: SchemaRef<'a>, at: &Pointer, context: &str) -> Typed {
        match schema.split() {
            Ok(schema) => self.inline_schema(schema, at, context),
            Err(reference) => self.reference(reference, at),
        }
    }

    fn reference(&mut self, reference: &str, at: &Pointer) -> Typed {
        match self.refs.follow(reference, &SCHEMAS, at) {
            Ok((schema, target)) => self.named_schema(schema, &target),
            Err(warning) => {
                self.warn(warning.note("read as any JSON value"));
                Typed::any()
            }
        }
    }

    /// The type of the schema at `at` (the target of a reference, or a component). Objects, enums
    /// and unions become a model (made once, named after the schema); other schemas are used in
    /// place, with their own constraints.
    pub(super) fn named_schema(&mut self, schema: &'a Schema, at: &Pointer) -> Typed {
        let data = &schema.schema_data;
        if let Some(id) = self.models.at(at) {
            return Typed::of(Type::Named(self.models.name(id).clone()), data);
        }
        let context = names::pascal(&at.last().unwrap_or_default()).word().to_owned();
        let keywords = Keywords::of(schema);
        // A schema used in place whose lowering leads back to itself becomes a model of its own,
        // named here and made once the value's type is known (see `value_of_itself`).
        if self.resolving.contains(at) {
            let id = self.models.reserve(&context, Some(at));
            return Typed::of(Type::Named(self.models.name(id).clone()), data);
        }
        self.resolving.push(at.clone());
        let typed = match self.plan(&keywords, at, 0) {
            Plan::Model(plan) => self.make_model(plan, &keywords, at, &context, Some(at)),
            Plan::Value(plan) => {
                let typed = self.lower_value(plan, &keywords, at, &context);
                match self.models.at(at) {
                    Some(id) => self.value_of_itself(id, typed, at),
                    None => typed,
                }
            }
        };
        self.resolving.pop();
        typed
    }

    fn inline_schema(&mut self, schema: &'a Schema, at: &Pointer, context: &str) -> Typed {
        // Schemas nest only so deep in any real spec; deeper is a definition through itself
        // (inline merges that contain themselves), which would never end.
        if self.resolving.len() > MAX_DEPTH * 4 {
            self.warn(
                at.warning("schema degraded", "the schema nests too deeply (it is defined through itself)")
                    .note("read as any JSON value"),
            );
            return Typed::any();
        }
        self.resolving.push(at.clone());
        let typed = self.inline_keywords(schema, at, context);
        self.resolving.pop();
        typed
    }

    fn inline_keywords(&mut self, schema: &'a Schema, at: &Pointer, context: &str) -> Typed {
        let keywords = Keywords::of(schema);
        match self.plan(&keywords, at, 0) {
            Plan::Model(plan) => self.make_model(plan, &keywords, at, context, None),
            Plan::Value(plan) => self.lower_value(plan, &keywords, at, context),
        }
    }

    /// A named schema used in place whose value holds itself: through a list or a map it is a
    /// newtype model around the value; held in place (through `allOf` wrappers alone) it has no
    /// finite Rust type, and is read as any JSON value, with a warning.
    fn value_of_itself(&mut self, id: ModelId, typed: Typed, at: &Pointer) -> Typed {
        let name = self.models.name(id).clone();
        let held_in_place = |ty: &Type| match ty {
            Type::Named(named) => *named == name,
            Type::Nullable(inner) => matches!(inner.as_ref(), Type::Named(named) if *named == name),
            _ => false,
        };
        let (ty, rules) = if held_in_place(&typed.ty) {
            self.warn(
                at.warning("schema degraded", "the schema is defined through itself").note("read as any JSON value"),
            );
            (Type::Any, Rules::default())
        } else {
            (typed.ty.clone(), typed.rules.clone())
        };
        self.models.define(id, docs::paragraphs(typed.description.as_deref()), ModelKind::Newtype(ty, rules));
        Typed { ty: Type::Named(name), rules: Rules::default(), ..typed }
    }

    /// The model a schema becomes, named after `context`; one at `location` is found there again.
    fn make_model(
        &mut self,
        plan: ModelPlan<'a>,
        keywords: &Keywords<'a>,
        at: &Pointer,
        context: &str,
        location: Option<&Pointer>,
    ) -> Typed {
        let id = self.models.reserve(context, location);
        self.model(id, plan, keywords, at);
        let mut typed = Typed::of(Type::Named(self.models.name(id).clone()), keywords.data);
        typed.nullable |= keywords.is_nullable_union(self);
        typed
    }

    /// The type and rules of a schema that is not a model.
    fn lower_value(&mut self, plan: ValuePlan<'a>, keywords: &Keywords<'a>, at: &Pointer, context: &str) -> Typed {
        let data = keywords.data;
        let mut typed = match plan {
            ValuePlan::Any => Typed::of(Type::Any, data),
            ValuePlan::String | ValuePlan::Secret | ValuePlan::Binary => {
                let ty = match plan {
                    ValuePlan::Secret => Type::Secret,
                    ValuePlan::Binary => Type::Binary,
                    _ => Type::String,
                };
                let mut typed = Typed::of(ty, data);
                if let Some(format) = keywords.format.filter(|f| !matches!(*f, "password" | "binary")) {
                    typed.notes.push(format!("Format: {}.", if format == "byte" { "byte (base64)" } else { format }));
                }
                typed.rules.min_length = keywords.min_length.filter(|min| *min > 0);
                typed.rules.max_length = keywords.max_length;
                if let Some(pattern) = keywords.pattern {
                    typed.rules.pattern = self.checked_pattern(pattern, &at.push("pattern"));
                }
                typed
            }
            ValuePlan::Bool => Typed::of(Type::Bool, data),
            ValuePlan::Integer(width) => {
                let mut typed = Typed::of(Type::Integer(width), data);
                self.numeric_rules(&mut typed.rules, keywords, at);
                typed
            }
            ValuePlan::Number(width) => {
                let mut typed = Typed::of(Type::Number(width), data);
                self.numeric_rules(&mut typed.rules, keywords, at);
                typed
            }
            ValuePlan::Array(items) => {
                let (item, each) = match items {
                    Some(items) => {
                        let item = self.schema(SchemaRef::Boxed(items), &at.push("items"), &format!("{context}Item"));
                        (item.standalone_type(), item.rules)
                    }
                    None => (Type::Any, Rules::default()),
                };
                let mut typed = Typed::of(Type::Array(Box::new(item)), data);
                typed.rules.items = (!each.is_empty()).then(|| Box::new(each));
                typed.rules.min_items = keywords.min_items.filter(|min| *min > 0);
                typed.rules.max_items = keywords.max_items;
                typed
            }
            ValuePlan::Tuple => self.tuple(keywords, at, context),
            ValuePlan::Map(values) => {
                let (values, key_pattern) = match values {
                    MapValues::Schema(values) => {
                        let values_at = at.push("additionalProperties");
                        (self.schema(SchemaRef::Plain(values), &values_at, &format!("{context}Value")), None)
                    }
                    MapValues::Patterns => self.pattern_values(keywords, at, context),
                };
                let (key, keys) = self.map_keys(keywords, at, context, key_pattern);
                let ty = Type::Map { key: Box::new(key), value: Box::new(values.standalone_type()) };
                let mut typed = Typed::of(ty, data);
                typed.rules.items = (!values.rules.is_empty()).then(|| Box::new(values.rules));
                typed.rules.keys = (!keys.is_empty()).then(|| Box::new(keys));
                typed
            }
            ValuePlan::Wrapper(inner, inner_at) => {
                // The wrapped type, described and constrained here.
                let mut inner = self.schema(inner, &inner_at, context);
                if data.description.is_some() {
                    inner.description = data.description.clone();
                }
                if data.default.is_some() {
                    inner.default = data.default.clone();
                }
                inner.nullable |= data.nullable || keywords.is_nullable_union(self);
                inner.read_only |= data.read_only;
                inner.write_only |= data.write_only;
                inner
            }
        };
        typed.nullable |= data.nullable;
        typed
    }

    /// Decides what a schema becomes.
    fn numeric_rules(&mut self, rules: &mut Rules, keywords: &Keywords<'a>, at: &Pointer) {
        rules.minimum = keywords.minimum.map(|value| Bound { value, exclusive: keywords.exclusive_minimum });
        rules.maximum = keywords.maximum.map(|value| Bound { value, exclusive: keywords.exclusive_maximum });
        rules.multiple_of = keywords.multiple_of.filter(|step| *step > 0.0);
        rules.allowed_numbers = keywords.enumeration.iter().filter_map(Value::as_f64).collect();
        if keywords.multiple_of.is_some_and(|step| step <= 0.0) {
            self.warn(
                at.push("multipleOf").warning("keyword ignored", "`multipleOf` must be greater than 0").note("ignored"),
            );
        }
    }

    /// The pattern when an ECMA-262 engine compiles it; else none, with a warning.
    fn checked_pattern(&mut self, pattern: &str, at: &Pointer) -> Option<String> {
        match regress::Regex::new(pattern) {
            Ok(_) => Some(pattern.to_owned()),
            Err(error) => {
                self.warn(
                    at.warning(
                        "pattern skipped",
                        format!("the pattern does not compile as an ECMA-262 regular expression: {error}"),
                    )
                    .note("values are not checked against it"),
                );
                None
            }
        }
    }
}
impl<'a> Keywords<'a> {
    /// Whether a `oneOf`/`anyOf` of this schema has a `null` alternative.
    fn is_nullable_union(&self, lowerer: &mut Lowerer<'a>) -> bool {
        let alternatives = self.one_of.iter().chain(self.any_of);
        alternatives.enumerate().any(|(index, part)| {
            let at = Pointer::root().push(index.to_string());
            lowerer.resolve_part(SchemaRef::Plain(part), &at).is_some_and(|(keywords, _)| keywords.is_null())
        })
    }
}

/// Whether a value has anything to validate: rules of its own, or a model (every model checks
/// its own fields) somewhere inside.
pub(super) fn checked(ty: &Type, rules: &Rules) -> bool {
    fn nested(ty: &Type) -> bool {
        match ty {
            Type::Named(_) => true,
            Type::Array(item) | Type::Nullable(item) => nested(item),
            Type::Map { key, value } => nested(key) || nested(value),
            Type::Tuple(items) => items.iter().any(nested),
            _ => false,
        }
    }
    !rules.is_empty() || nested(ty)
}
