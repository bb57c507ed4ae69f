//! What a schema becomes, decided from its keywords before anything is made of it: a value used
//! in place, or a model.

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema};
use serde_json::Value;

use super::keywords::Keywords;
use super::{MAX_DEPTH, SchemaRef};
use crate::diagnostic::Pointer;
use crate::ir::{IntegerWidth, NumberWidth};
use crate::lower::lowerer::Lowerer;
use crate::lower::refs::SCHEMAS;

/// What a schema becomes.
pub(super) enum Plan<'a> {
    Value(ValuePlan<'a>),
    Model(ModelPlan<'a>),
}

/// A schema used in place, with its own constraints.
pub(super) enum ValuePlan<'a> {
    /// Any JSON value.
    Any,
    String,
    Secret,
    Binary,
    Bool,
    Integer(IntegerWidth),
    Number(NumberWidth),
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    /// A list whose first items each have their own type (`prefixItems`).
    Tuple,
    /// An object of any keys, each value as given.
    Map(MapValues<'a>),
    /// The type of another schema, described here (`allOf: [$ref]` with a description, a union
    /// with one non-null variant).
    Wrapper(SchemaRef<'a>, Pointer),
}

/// What the values of a map are.
pub(super) enum MapValues<'a> {
    /// `additionalProperties`' schema.
    Schema(&'a ReferenceOr<Schema>),
    /// Those of `patternProperties`, by the pattern their keys match.
    Patterns,
}

/// A schema that becomes a model of its own.
pub(super) enum ModelPlan<'a> {
    /// A struct of the schema's properties.
    Struct,
    /// A struct of the properties of every object among `allOf` and the schema's own.
    Merge,
    /// A string enum.
    Enum(Vec<String>),
    /// An untagged union of these variants.
    Union(Vec<(SchemaRef<'a>, Pointer)>),
    /// A union told apart by a property.
    Tagged(Vec<(SchemaRef<'a>, Pointer)>, Tags<'a>),
}

/// How a tagged union's alternatives are told apart.
pub(super) enum Tags<'a> {
    /// By the discriminator's property: its mapping, else each alternative's schema name.
    Discriminator(&'a Discriminator),
    /// By a property every alternative requires with one value of its own (`const`, or an `enum`
    /// of one value): those values, in the alternatives' order.
    Constant { property: String, values: Vec<String> },
}

impl<'a> From<ValuePlan<'a>> for Plan<'a> {
    fn from(plan: ValuePlan<'a>) -> Self {
        Plan::Value(plan)
    }
}

impl<'a> From<ModelPlan<'a>> for Plan<'a> {
    fn from(plan: ModelPlan<'a>) -> Self {
        Plan::Model(plan)
    }
}

impl<'a> Lowerer<'a> {
    /// Decides what a schema becomes.
    pub(super) fn plan(&mut self, keywords: &Keywords<'a>, at: &Pointer, depth: usize) -> Plan<'a> {
        if keywords.not {
            self.warn(
                at.push("not")
                    .warning("keyword ignored", "`not` cannot be expressed as a Rust type")
                    .note("not enforced: the value is typed from the schema's other keywords"),
            );
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
                (Some(_), _) => ModelPlan::Struct.into(),
                (None, Some(AdditionalProperties::Schema(values))) => ValuePlan::Map(MapValues::Schema(values)).into(),
                (None, None) if keywords.later("patternProperties").is_some() => {
                    ValuePlan::Map(MapValues::Patterns).into()
                }
                (None, _) => ValuePlan::Any.into(),
            },
            Some("string") => {
                let values: Vec<&Value> = keywords.enumeration.iter().filter(|v| !v.is_null()).collect();
                if !values.is_empty() {
                    if values.iter().all(|v| v.is_string()) {
                        return ModelPlan::Enum(values.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                            .into();
                    }
                    self.warn(
                        at.push("enum")
                            .warning("schema degraded", "a string enum with values that are not strings")
                            .note("read as a string of any value"),
                    );
                }
                match keywords.format {
                    Some("password") => ValuePlan::Secret.into(),
                    Some("binary") => ValuePlan::Binary.into(),
                    _ => ValuePlan::String.into(),
                }
            }
            Some("integer") => ValuePlan::Integer(match keywords.format {
                Some("int32" | "int16" | "int8" | "uint8" | "uint16") => IntegerWidth::I32,
                _ => IntegerWidth::I64,
            })
            .into(),
            Some("number") => ValuePlan::Number(match keywords.format {
                Some("float") => NumberWidth::F32,
                _ => NumberWidth::F64,
            })
            .into(),
            Some("boolean") => ValuePlan::Bool.into(),
            Some("array") if keywords.prefix_items() > 0 => ValuePlan::Tuple.into(),
            Some("array") => ValuePlan::Array(keywords.items).into(),
            Some(_) | None => ValuePlan::Any.into(),
        }
    }

    /// `allOf`: a struct merging every object part (and the schema's own properties); else the one
    /// part that says what the value is, described by the others.
    fn plan_all_of(&mut self, keywords: &Keywords<'a>, at: &Pointer, depth: usize) -> Plan<'a> {
        // One part and nothing of its own: the part's type, described here (`allOf: [$ref]` with
        // a description). Merging would make a copy of the type, and of a recursive type forever.
        if let ([part], None) = (keywords.all_of, keywords.properties) {
            return ValuePlan::Wrapper(SchemaRef::Plain(part), at.push("allOf").push("0")).into();
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
            return ModelPlan::Merge.into();
        }
        let mut typed = typed.into_iter();
        match (typed.next(), typed.next()) {
            (Some((only, only_at)), None) => ValuePlan::Wrapper(only, only_at).into(),
            (Some((first, first_at)), Some(_)) => {
                self.warn(
                    at.push("allOf")
                        .warning("schema degraded", "`allOf` of several values that are not objects")
                        .note("read as its first part"),
                );
                ValuePlan::Wrapper(first, first_at).into()
            }
            // Only descriptions and flags: what the outer keywords say, else any value.
            (None, None) => match keywords.inferred_type() {
                Some(_) => {
                    let own = Keywords { all_of: &[], ..keywords.clone() };
                    self.plan(&own, at, depth + 1)
                }
                None => ValuePlan::Any.into(),
            },
            (None, Some(_)) => ValuePlan::Any.into(),
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
            return ModelPlan::Struct.into();
        }
        match variants.len() {
            0 => ValuePlan::Any.into(),
            1 => {
                let (only, only_at) = variants.remove(0);
                ValuePlan::Wrapper(only, only_at).into()
            }
            _ => match &keywords.data.discriminator {
                Some(discriminator) if self.all_objects(&variants) => {
                    ModelPlan::Tagged(variants, Tags::Discriminator(discriminator)).into()
                }
                Some(_) => {
                    self.warn(
                        at.push("discriminator")
                            .warning("schema degraded", "a discriminator over alternatives that are not all objects")
                            .note("the alternatives are tried in order instead"),
                    );
                    ModelPlan::Union(variants).into()
                }
                None => match self.constant_tag(&variants) {
                    Some(tags) => ModelPlan::Tagged(variants, tags).into(),
                    None => ModelPlan::Union(variants).into(),
                },
            },
        }
    }

    /// A property that tells the alternatives apart without a discriminator: one every
    /// alternative is an object requiring, each with one string value (`const`) of its own.
    fn constant_tag(&mut self, variants: &[(SchemaRef<'a>, Pointer)]) -> Option<Tags<'a>> {
        let mut constants: Vec<Vec<(String, String)>> = Vec::new();
        for (variant, at) in variants {
            let (keywords, at) = self.resolve_part(*variant, at)?;
            let properties = keywords.properties?;
            let mut own = Vec::new();
            for (name, property) in properties.iter().filter(|(name, _)| keywords.required.contains(name)) {
                let property_at = at.push("properties").push(name);
                let Some((property, _)) = self.resolve_part(SchemaRef::Boxed(property), &property_at) else { continue };
                if let [Value::String(value)] = property.enumeration.as_slice() {
                    own.push((name.clone(), value.clone()));
                }
            }
            constants.push(own);
        }
        let (first, rest) = constants.split_first()?;
        first.iter().find_map(|(property, _)| {
            let values: Vec<String> = constants
                .iter()
                .map(|own| own.iter().find(|(name, _)| name == property).map(|(_, value)| value.clone()))
                .collect::<Option<_>>()?;
            let distinct = values.iter().collect::<std::collections::HashSet<_>>().len() == values.len();
            (distinct && !rest.is_empty()).then(|| Tags::Constant { property: property.clone(), values })
        })
    }

    fn all_objects(&mut self, variants: &[(SchemaRef<'a>, Pointer)]) -> bool {
        variants.iter().all(|(variant, at)| match self.resolve_part(*variant, at) {
            Some((keywords, _)) => self.is_object_like(&keywords, 0),
            None => false,
        })
    }

    /// A part of a composition with references followed, and where it is. A reference that leads
    /// nowhere is warned about once, where it is lowered.
    pub(super) fn resolve_part(&mut self, part: SchemaRef<'a>, at: &Pointer) -> Option<(Keywords<'a>, Pointer)> {
        match part.split() {
            Ok(schema) => Some((Keywords::of(schema), at.clone())),
            Err(reference) => {
                self.refs.follow(reference, &SCHEMAS, at).ok().map(|(schema, at)| (Keywords::of(schema), at))
            }
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
}
