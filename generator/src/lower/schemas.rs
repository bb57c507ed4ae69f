//! Schemas: each one becomes a Rust type where it is used, and objects, enums and unions become
//! models.
//!
//! Whatever keywords a schema combines, it is read as a whole (see [`Keywords`]): a missing `type`
//! is inferred from the other keywords; a keyword that does not apply to the type is ignored; a
//! schema that cannot be typed exactly becomes `serde_json::Value`. Lowering a schema never fails:
//! whatever is read differently than written is a located warning.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema};
use serde_json::Value;

use super::keywords::Keywords;
use super::refs::SCHEMAS;
use super::{Lowerer, docs, enum_values};
use crate::diagnostic::Pointer;
use crate::ir::{
    AdditionalField, Bound, Field, IntegerWidth, Model, ModelKind, NumberWidth, Presence, Rules, RustName, Struct,
    Tagged, TaggedVariant, Type, Variant, reserved,
};
use crate::names;

/// What a schema means where it is used: its type, constraints and documentation.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
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

impl Lowered {
    /// A value of this type, with nothing more said of it.
    pub fn typed(ty: Type) -> Self {
        Lowered::of(ty, &openapiv3::SchemaData::default())
    }

    fn of(ty: Type, data: &openapiv3::SchemaData) -> Self {
        Lowered {
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
        Lowered::typed(Type::Any)
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

/// What a schema becomes.
enum Plan<'a> {
    /// Any JSON value.
    Any,
    String,
    Secret,
    Binary,
    Bool,
    Integer(IntegerWidth),
    Number(NumberWidth),
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    Map(&'a ReferenceOr<Schema>),
    /// The type of another schema, described here (`allOf: [$ref]` with a description, a union
    /// with one non-null variant).
    Wrapper(SchemaRef<'a>, Pointer),
    /// A struct of the schema's properties.
    Struct,
    /// A struct of the properties of every object among `allOf` and the schema's own.
    Merge,
    /// A string enum.
    Enum(Vec<String>),
    /// An untagged union of these variants.
    Union(Vec<(SchemaRef<'a>, Pointer)>),
    /// A union told apart by a property.
    Tagged(Vec<(SchemaRef<'a>, Pointer)>, &'a Discriminator),
}

impl Plan<'_> {
    fn is_model(&self) -> bool {
        matches!(self, Plan::Struct | Plan::Merge | Plan::Enum(_) | Plan::Union(_) | Plan::Tagged(..))
    }
}

/// How deep `allOf` chains are followed before the schema is read as any value (a cycle of them).
const MAX_DEPTH: usize = 32;

impl<'a> Lowerer<'a> {
    /// Lowers a schema where it is used. `context` names the model an inline object, enum or union
    /// becomes.
    pub(super) fn schema(&mut self, schema: SchemaRef<'a>, at: &Pointer, context: &str) -> Lowered {
        match schema.split() {
            Ok(schema) => self.inline_schema(schema, at, context),
            Err(reference) => self.reference(reference, at),
        }
    }

    fn reference(&mut self, reference: &str, at: &Pointer) -> Lowered {
        match self.follow(reference, &SCHEMAS, at) {
            Ok((schema, target)) => self.named_schema(schema, &target),
            Err(warning) => {
                self.warn(warning.note("read as any JSON value"));
                Lowered::any()
            }
        }
    }

    /// The type of the schema at `at` (the target of a reference, or a component). Objects, enums
    /// and unions become a model (made once, named after the schema); other schemas are used in
    /// place, with their own constraints.
    pub(super) fn named_schema(&mut self, schema: &'a Schema, at: &Pointer) -> Lowered {
        let data = &schema.schema_data;
        if let Some(name) = self.named_schemas.get(at.as_str()) {
            return Lowered::of(Type::Named(name.clone()), data);
        }
        let context = names::pascal(&at.last().unwrap_or_default()).word().to_owned();
        let keywords = Keywords::of(schema);
        // A schema used in place whose lowering leads back to itself (through `allOf` wrappers)
        // would never end.
        if self.resolving.contains(at) {
            self.warn(
                at.warning("schema degraded", "the schema is defined through itself").note("read as any JSON value"),
            );
            return Lowered::any();
        }
        self.resolving.push(at.clone());
        let plan = self.plan(&keywords, at, 0);
        let lowered = if plan.is_model() {
            let name = names::unique(names::pascal(&context), &mut self.type_names);
            self.named_schemas.insert(at.to_string(), name.clone());
            self.model(plan, &keywords, at, name.clone());
            let mut lowered = Lowered::of(Type::Named(name), data);
            lowered.nullable |= keywords.is_nullable_union(self);
            lowered
        } else {
            self.lower_plan(plan, &keywords, at, &context)
        };
        self.resolving.pop();
        lowered
    }

    fn inline_schema(&mut self, schema: &'a Schema, at: &Pointer, context: &str) -> Lowered {
        // Schemas nest only so deep in any real spec; deeper is a definition through itself
        // (inline merges that contain themselves), which would never end.
        if self.resolving.len() > MAX_DEPTH * 4 {
            self.warn(
                at.warning("schema degraded", "the schema nests too deeply (it is defined through itself)")
                    .note("read as any JSON value"),
            );
            return Lowered::any();
        }
        self.resolving.push(at.clone());
        let lowered = self.inline_keywords(schema, at, context);
        self.resolving.pop();
        lowered
    }

    fn inline_keywords(&mut self, schema: &'a Schema, at: &Pointer, context: &str) -> Lowered {
        let keywords = Keywords::of(schema);
        let plan = self.plan(&keywords, at, 0);
        if plan.is_model() {
            let name = names::unique(names::pascal(context), &mut self.type_names);
            self.model(plan, &keywords, at, name.clone());
            let mut lowered = Lowered::of(Type::Named(name), keywords.data);
            lowered.nullable |= keywords.is_nullable_union(self);
            return lowered;
        }
        self.lower_plan(plan, &keywords, at, context)
    }

    /// The type and rules of a schema that is not a model.
    fn lower_plan(&mut self, plan: Plan<'a>, keywords: &Keywords<'a>, at: &Pointer, context: &str) -> Lowered {
        let data = keywords.data;
        let mut lowered = match plan {
            Plan::Any => Lowered::of(Type::Any, data),
            Plan::String | Plan::Secret | Plan::Binary => {
                let ty = match plan {
                    Plan::Secret => Type::Secret,
                    Plan::Binary => Type::Binary,
                    _ => Type::String,
                };
                let mut lowered = Lowered::of(ty, data);
                if let Some(format) = keywords.format.filter(|f| !matches!(*f, "password" | "binary")) {
                    lowered.notes.push(format!("Format: {}.", if format == "byte" { "byte (base64)" } else { format }));
                }
                lowered.rules.min_length = keywords.min_length.filter(|min| *min > 0);
                lowered.rules.max_length = keywords.max_length;
                if let Some(pattern) = keywords.pattern {
                    lowered.rules.pattern = self.checked_pattern(pattern, &at.push("pattern"));
                }
                lowered
            }
            Plan::Bool => Lowered::of(Type::Bool, data),
            Plan::Integer(width) => {
                let mut lowered = Lowered::of(Type::Integer(width), data);
                self.numeric_rules(&mut lowered.rules, keywords, at);
                lowered
            }
            Plan::Number(width) => {
                let mut lowered = Lowered::of(Type::Number(width), data);
                self.numeric_rules(&mut lowered.rules, keywords, at);
                lowered
            }
            Plan::Array(items) => {
                let (item, each) = match items {
                    Some(items) => {
                        let item = self.schema(SchemaRef::Boxed(items), &at.push("items"), &format!("{context}Item"));
                        (item.standalone_type(), item.rules)
                    }
                    None => (Type::Any, Rules::default()),
                };
                let mut lowered = Lowered::of(Type::Array(Box::new(item)), data);
                lowered.rules.items = (!each.is_empty()).then(|| Box::new(each));
                lowered.rules.min_items = keywords.min_items.filter(|min| *min > 0);
                lowered.rules.max_items = keywords.max_items;
                lowered
            }
            Plan::Map(values) => {
                let at = at.push("additionalProperties");
                let values = self.schema(SchemaRef::Plain(values), &at, &format!("{context}Value"));
                let mut lowered = Lowered::of(Type::Map(Box::new(values.standalone_type())), data);
                lowered.rules.items = (!values.rules.is_empty()).then(|| Box::new(values.rules));
                lowered
            }
            Plan::Wrapper(inner, inner_at) => {
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
            Plan::Struct | Plan::Merge | Plan::Enum(_) | Plan::Union(_) | Plan::Tagged(..) => {
                unreachable!("models are made by `model`")
            }
        };
        lowered.nullable |= data.nullable;
        lowered
    }

    /// Decides what a schema becomes.
    fn plan(&mut self, keywords: &Keywords<'a>, at: &Pointer, depth: usize) -> Plan<'a> {
        if keywords.not {
            self.warn(
                at.push("not")
                    .warning("schema degraded", "`not` cannot be expressed as a Rust type")
                    .note("read as any JSON value"),
            );
            return Plan::Any;
        }
        if !keywords.all_of.is_empty() {
            return self.plan_all_of(keywords, at, depth);
        }
        if !keywords.one_of.is_empty() || !keywords.any_of.is_empty() {
            return self.plan_union(keywords, at);
        }
        self.ignore_misplaced(keywords, at);
        match keywords.inferred_type() {
            Some("object") => match (keywords.properties, keywords.additional) {
                (Some(_), _) => Plan::Struct,
                (None, Some(AdditionalProperties::Schema(values))) => Plan::Map(values),
                (None, _) => Plan::Any,
            },
            Some("string") => {
                let values: Vec<&Value> = keywords.enumeration.iter().filter(|v| !v.is_null()).collect();
                if !values.is_empty() {
                    if values.iter().all(|v| v.is_string()) {
                        return Plan::Enum(values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect());
                    }
                    self.warn(
                        at.push("enum")
                            .warning("schema degraded", "a string enum with values that are not strings")
                            .note("read as a string of any value"),
                    );
                }
                match keywords.format {
                    Some("password") => Plan::Secret,
                    Some("binary") => Plan::Binary,
                    _ => Plan::String,
                }
            }
            Some("integer") => Plan::Integer(match keywords.format {
                Some("int32" | "int16" | "int8" | "uint8" | "uint16") => IntegerWidth::I32,
                _ => IntegerWidth::I64,
            }),
            Some("number") => Plan::Number(match keywords.format {
                Some("float") => NumberWidth::F32,
                _ => NumberWidth::F64,
            }),
            Some("boolean") => Plan::Bool,
            Some("array") => Plan::Array(keywords.items),
            Some(_) | None => Plan::Any,
        }
    }

    /// `allOf`: a struct merging every object part (and the schema's own properties); else the one
    /// part that says what the value is, described by the others.
    fn plan_all_of(&mut self, keywords: &Keywords<'a>, at: &Pointer, depth: usize) -> Plan<'a> {
        // One part and nothing of its own: the part's type, described here (`allOf: [$ref]` with
        // a description). Merging would make a copy of the type, and of a recursive type forever.
        if let ([part], None) = (keywords.all_of, keywords.properties) {
            return Plan::Wrapper(SchemaRef::Plain(part), at.push("allOf").push("0"));
        }
        let mut typed = Vec::new();
        let mut objects = keywords.properties.is_some();
        for (index, part) in keywords.all_of.iter().enumerate() {
            let part_at = at.push("allOf").push(index.to_string());
            let Some((part_keywords, _)) = self.resolve_part(SchemaRef::Plain(part), &part_at) else { continue };
            if self.is_object_like(&part_keywords, depth + 1) {
                objects = true;
            } else if !part_keywords.is_annotation_only() {
                typed.push((SchemaRef::Plain(part), part_at));
            }
        }
        if objects {
            if !typed.is_empty() {
                self.warn(
                    at.push("allOf")
                        .warning("schema degraded", "`allOf` mixes objects with values that are not objects")
                        .note("the objects' properties are merged; the other parts are ignored"),
                );
            }
            return Plan::Merge;
        }
        let mut typed = typed.into_iter();
        match (typed.next(), typed.next()) {
            (Some((only, only_at)), None) => Plan::Wrapper(only, only_at),
            (Some((first, first_at)), Some(_)) => {
                self.warn(
                    at.push("allOf")
                        .warning("schema degraded", "`allOf` of several values that are not objects")
                        .note("read as its first part"),
                );
                Plan::Wrapper(first, first_at)
            }
            // Only descriptions and flags: what the outer keywords say, else any value.
            (None, None) => match keywords.inferred_type() {
                Some(_) => {
                    let own = Keywords { all_of: &[], ..keywords.clone() };
                    self.plan(&own, at, depth + 1)
                }
                None => Plan::Any,
            },
            (None, Some(_)) => Plan::Any,
        }
    }

    /// `oneOf` / `anyOf`: `null` alternatives make the value nullable; one alternative left is that
    /// type; several are a union, tagged when a discriminator names the property that tells them
    /// apart and every alternative is an object.
    fn plan_union(&mut self, keywords: &Keywords<'a>, at: &Pointer) -> Plan<'a> {
        let mut variants = Vec::new();
        for (keyword, list) in [("oneOf", keywords.one_of), ("anyOf", keywords.any_of)] {
            for (index, variant) in list.iter().enumerate() {
                let variant_at = at.push(keyword).push(index.to_string());
                let Some((variant_keywords, _)) = self.resolve_part(SchemaRef::Plain(variant), &variant_at) else {
                    variants.push((SchemaRef::Plain(variant), variant_at));
                    continue;
                };
                if !variant_keywords.is_null() {
                    variants.push((SchemaRef::Plain(variant), variant_at));
                }
            }
        }
        if keywords.properties.is_some() {
            self.warn(
                at.warning("schema degraded", "a schema with both properties and alternatives (`oneOf`/`anyOf`)")
                    .note("read as its properties; the alternatives are ignored"),
            );
            return Plan::Struct;
        }
        match variants.len() {
            0 => Plan::Any,
            1 => {
                let (only, only_at) = variants.remove(0);
                Plan::Wrapper(only, only_at)
            }
            _ => match &keywords.data.discriminator {
                Some(discriminator) if self.all_objects(&variants) => Plan::Tagged(variants, discriminator),
                Some(_) => {
                    self.warn(
                        at.push("discriminator")
                            .warning("schema degraded", "a discriminator over alternatives that are not all objects")
                            .note("the alternatives are tried in order instead"),
                    );
                    Plan::Union(variants)
                }
                None => Plan::Union(variants),
            },
        }
    }

    fn all_objects(&mut self, variants: &[(SchemaRef<'a>, Pointer)]) -> bool {
        variants.iter().all(|(variant, at)| match self.resolve_part(*variant, at) {
            Some((keywords, _)) => self.is_object_like(&keywords, 0),
            None => false,
        })
    }

    /// A part of a composition with references followed, and where it is. A reference that leads
    /// nowhere is warned about once, where it is lowered.
    fn resolve_part(&mut self, part: SchemaRef<'a>, at: &Pointer) -> Option<(Keywords<'a>, Pointer)> {
        match part.split() {
            Ok(schema) => Some((Keywords::of(schema), at.clone())),
            Err(reference) => self.follow(reference, &SCHEMAS, at).ok().map(|(schema, at)| (Keywords::of(schema), at)),
        }
    }

    /// Whether a schema describes an object with properties (directly or through `allOf`).
    fn is_object_like(&mut self, keywords: &Keywords<'a>, depth: usize) -> bool {
        if keywords.inferred_type() == Some("object") && keywords.one_of.is_empty() && keywords.any_of.is_empty() {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        keywords.all_of.iter().enumerate().any(|(index, part)| {
            let at = Pointer::root().push(index.to_string());
            match self.resolve_part(SchemaRef::Plain(part), &at) {
                Some((part, _)) => self.is_object_like(&part, depth + 1),
                None => false,
            }
        })
    }

    /// Warns about keywords that do not apply to the type the schema states.
    fn ignore_misplaced(&mut self, keywords: &Keywords<'a>, at: &Pointer) {
        let Some(typ) = keywords.typ else { return };
        let object = keywords.properties.is_some() || keywords.additional.is_some();
        let misplaced: &[(&str, bool)] = match typ {
            "string" | "integer" | "number" | "boolean" => {
                &[("properties/additionalProperties", object), ("items", keywords.items.is_some())]
            }
            "array" => &[("properties/additionalProperties", object)],
            "object" => &[("items", keywords.items.is_some())],
            _ => &[],
        };
        for (keyword, present) in misplaced {
            if *present {
                self.warn(
                    at.push("type")
                        .warning("keyword ignored", format!("`{keyword}` does not apply to a value of type {typ}"))
                        .note("ignored"),
                );
            }
        }
    }

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

    /// Makes the model `name` from a schema whose plan is a model.
    fn model(&mut self, plan: Plan<'a>, keywords: &Keywords<'a>, at: &Pointer, name: RustName) {
        // Reserve the slot first: models keep the order in which they were met, and a schema that
        // refers to itself finds its own name already taken.
        let slot = self.models.len();
        self.models.push((at.to_string(), None));
        self.model_slots.insert(name.word().to_owned(), slot);
        let kind = match plan {
            Plan::Enum(values) => {
                self.enum_models.insert(name.word().to_owned());
                ModelKind::Enum(enum_values(values.iter().map(String::as_str), &[reserved::UNKNOWN_VARIANT]))
            }
            Plan::Struct => {
                let properties = keywords
                    .properties
                    .map(|p| p.iter().map(|(wire, schema)| (wire, schema, at.push("properties").push(wire))));
                let properties: Vec<_> = properties.into_iter().flatten().collect();
                let required: HashSet<&str> = keywords.required.iter().map(String::as_str).collect();
                let fields = self.fields(properties, &required, name.word());
                let additional = self.additional(keywords.additional, &fields, at, name.word());
                ModelKind::Struct(Struct { fields, additional })
            }
            Plan::Merge => {
                let mut properties = Vec::new();
                let mut required = HashSet::new();
                let mut additional = None;
                self.collect_object(keywords, at, &mut properties, &mut required, &mut additional, 0);
                // A property met again (an override in a later part) replaces the earlier one.
                let mut seen = HashSet::new();
                let mut merged: Vec<_> =
                    properties.into_iter().rev().filter(|(wire, _, _)| seen.insert(*wire)).collect();
                merged.reverse();
                let required: HashSet<&str> = required.iter().map(|s: &&String| s.as_str()).collect();
                let fields = self.fields(merged, &required, name.word());
                let additional = self.additional(additional, &fields, at, name.word());
                ModelKind::Struct(Struct { fields, additional })
            }
            Plan::Union(variants) => ModelKind::OneOf(self.variants(variants, name.word())),
            Plan::Tagged(variants, discriminator) => {
                ModelKind::Tagged(self.tagged(variants, discriminator, name.word()))
            }
            _ => unreachable!("only models are planned here"),
        };
        self.models[slot].1 = Some(Model { name, docs: docs::paragraphs(keywords.data.description.as_deref()), kind });
    }

    /// The properties, required names and additional-properties schema of an object made by
    /// `allOf`, its parts first, in order.
    fn collect_object(
        &mut self,
        keywords: &Keywords<'a>,
        at: &Pointer,
        properties: &mut Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, Pointer)>,
        required: &mut HashSet<&'a String>,
        additional: &mut Option<&'a AdditionalProperties>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for (index, part) in keywords.all_of.iter().enumerate() {
            let part_at = at.push("allOf").push(index.to_string());
            if let Some((part, part_at)) = self.resolve_part(SchemaRef::Plain(part), &part_at) {
                self.collect_object(&part, &part_at, properties, required, additional, depth + 1);
            }
        }
        if let Some(own) = keywords.properties {
            properties.extend(own.iter().map(|(wire, schema)| (wire, schema, at.push("properties").push(wire))));
        }
        required.extend(keywords.required.iter());
        if additional.is_none() {
            *additional = keywords.additional;
        }
    }

    fn additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        fields: &[Field],
        at: &Pointer,
        model_name: &str,
    ) -> Option<Box<AdditionalField>> {
        let (ty, each) = match additional? {
            AdditionalProperties::Any(false) => return None,
            AdditionalProperties::Any(true) => (Type::Any, Rules::default()),
            AdditionalProperties::Schema(values) => {
                let context = format!("{model_name}Value");
                let values = self.schema(SchemaRef::Plain(values), &at.push("additionalProperties"), &context);
                (values.standalone_type(), values.rules)
            }
        };
        let mut taken: HashSet<String> = fields.iter().map(|f| f.rust_name.word().to_owned()).collect();
        let rust_name = names::unique(names::snake("additional_properties"), &mut taken);
        let rules = Rules { items: (!each.is_empty()).then(|| Box::new(each)), ..Rules::default() };
        Some(Box::new(AdditionalField { rust_name, checked: checked(&ty, &rules), ty, rules }))
    }

    fn fields(
        &mut self,
        properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, Pointer)>,
        required: &HashSet<&str>,
        model_name: &str,
    ) -> Vec<Field> {
        let mut taken = HashSet::new();
        let mut fields = Vec::new();
        for (wire_name, schema, at) in properties {
            let context = format!("{model_name}{}", names::pascal(wire_name).word());
            let lowered = self.schema(SchemaRef::Boxed(schema), &at, &context);
            // A read-only field is absent from requests, so it cannot be required of them.
            let presence = match (lowered.read_only, required.contains(wire_name.as_str()), lowered.nullable) {
                (true, _, _) => Presence::ReadOnly,
                (false, true, false) => Presence::Required,
                (false, true, true) => Presence::Nullable,
                (false, false, _) => Presence::Optional,
            };
            // Where the field's `Option` already says `null`, the type need not.
            let ty = match &lowered.ty {
                Type::Nullable(inner) => (**inner).clone(),
                ty => ty.clone(),
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: names::unique(names::snake(wire_name), &mut taken),
                docs: lowered.docs(),
                presence,
                boxed: false,
                checked: checked(&ty, &lowered.rules),
                ty,
                rules: lowered.rules,
                setter: None,
            });
        }
        fields
    }

    /// The alternatives of an untagged union, named after their types.
    fn variants(&mut self, parts: Vec<(SchemaRef<'a>, Pointer)>, model_name: &str) -> Vec<Variant> {
        let mut taken = HashSet::new();
        let mut variants = Vec::new();
        for (index, (part, at)) in parts.into_iter().enumerate() {
            let context = format!("{model_name}Variant{}", index + 1);
            let lowered = self.schema(part, &at, &context);
            let rust_name = names::unique(variant_name(&lowered.ty), &mut taken);
            variants.push(Variant { rust_name, ty: lowered.standalone_type(), rules: lowered.rules, boxed: false });
        }
        variants
    }

    /// The alternatives of a tagged union, with the tag values that select each: the
    /// discriminator's mapping, else each alternative's schema name.
    fn tagged(
        &mut self,
        parts: Vec<(SchemaRef<'a>, Pointer)>,
        discriminator: &'a Discriminator,
        model_name: &str,
    ) -> Tagged {
        // `Unknown` holds the kinds the spec does not list.
        let mut taken: HashSet<String> = [reserved::UNKNOWN_VARIANT.to_owned()].into();
        let mut variants = Vec::new();
        for (index, (part, at)) in parts.into_iter().enumerate() {
            let context = format!("{model_name}Variant{}", index + 1);
            let reference = part.split().err();
            let lowered = self.schema(part, &at, &context);
            let schema_name = reference.and_then(|r| r.rsplit('/').next()).map(str::to_owned);
            let mut tags: Vec<String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| match (reference, &schema_name) {
                    (Some(reference), Some(name)) => *target == reference || *target == name,
                    _ => false,
                })
                .map(|(tag, _)| tag.clone())
                .collect();
            if tags.is_empty() {
                tags.push(schema_name.unwrap_or_else(|| format!("{}", index + 1)));
            }
            let rust_name = names::unique(variant_name(&lowered.ty), &mut taken);
            variants.push(TaggedVariant { tags, rust_name, ty: lowered.ty, boxed: false });
        }
        Tagged { property: discriminator.property_name.clone(), variants }
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

/// A variant's name: its model's name, else its kind of value.
fn variant_name(ty: &Type) -> RustName {
    match ty {
        Type::Named(name) => name.clone(),
        Type::String => RustName::plain("String"),
        Type::Secret => RustName::plain("Secret"),
        Type::Binary => RustName::plain("Binary"),
        Type::Bool => RustName::plain("Bool"),
        Type::Integer(_) => RustName::plain("Integer"),
        Type::Number(_) => RustName::plain("Number"),
        Type::Array(_) => RustName::plain("List"),
        Type::Map(_) => RustName::plain("Map"),
        Type::Nullable(inner) => variant_name(inner),
        Type::Any => RustName::plain("Value"),
    }
}

/// Whether a value has anything to validate: rules of its own, or a model (every model checks
/// its own fields) somewhere inside.
pub(super) fn checked(ty: &Type, rules: &Rules) -> bool {
    fn nested(ty: &Type) -> bool {
        match ty {
            Type::Named(_) => true,
            Type::Array(item) | Type::Map(item) | Type::Nullable(item) => nested(item),
            _ => false,
        }
    }
    !rules.is_empty() || nested(ty)
}
