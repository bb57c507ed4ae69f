//! The models objects, enums and unions become: a struct's fields (merged through `allOf`), a
//! union's variants, a tagged union's tags.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::keywords::Keywords;
use super::plan::{ModelPlan, Tags};
use super::{MAX_DEPTH, SchemaRef, checked};
use crate::diagnostic::Pointer;
use crate::ir::{
    AdditionalField, Field, ModelKind, Presence, Rules, RustName, Struct, Tagged, TaggedVariant, Type, Variant,
    reserved,
};
use crate::lower::docs;
use crate::lower::lowerer::Lowerer;
use crate::lower::model_table::ModelId;
use crate::lower::syntax::enum_values;
use crate::names;
use crate::parse::upgrade::DEFAULT_MAPPING;

impl<'a> Lowerer<'a> {
    /// Makes the model reserved as `id` from a schema planned as one.
    pub(super) fn model(&mut self, id: ModelId, plan: ModelPlan<'a>, keywords: &Keywords<'a>, at: &Pointer) {
        let name = self.models.name(id).clone();
        let mut field_sites = Vec::new();
        let kind = match plan {
            ModelPlan::Enum(values) => {
                ModelKind::Enum(enum_values(values.iter().map(String::as_str), &[reserved::UNKNOWN_VARIANT]))
            }
            ModelPlan::Struct => {
                let properties = keywords
                    .properties
                    .map(|p| p.iter().map(|(wire, schema)| (wire, schema, at.push("properties").push(wire))));
                let properties: Vec<_> = properties.into_iter().flatten().collect();
                field_sites = properties.iter().map(|(_, _, at)| at.clone()).collect();
                let required: HashSet<&str> = keywords.required.iter().map(String::as_str).collect();
                let fields = self.fields(properties, &required, name.word());
                let additional = self.additional(keywords.additional, keywords, &fields, at, name.word());
                let dependencies = self.dependencies(keywords, &fields, at);
                ModelKind::Struct(Struct { fields, additional, dependencies })
            }
            ModelPlan::Merge => {
                let mut properties = Vec::new();
                let mut required = HashSet::new();
                let mut additional = None;
                self.collect_object(keywords, at, &mut properties, &mut required, &mut additional, 0);
                // A property met again (an override in a later part) replaces the earlier one.
                let mut seen = HashSet::new();
                let mut merged: Vec<_> =
                    properties.into_iter().rev().filter(|(wire, _, _)| seen.insert(*wire)).collect();
                merged.reverse();
                field_sites = merged.iter().map(|(_, _, at)| at.clone()).collect();
                let required: HashSet<&str> = required.iter().map(|s: &&String| s.as_str()).collect();
                let fields = self.fields(merged, &required, name.word());
                let additional = self.additional(additional, keywords, &fields, at, name.word());
                let dependencies = self.dependencies(keywords, &fields, at);
                ModelKind::Struct(Struct { fields, additional, dependencies })
            }
            ModelPlan::Union(variants) => ModelKind::OneOf(self.variants(variants, name.word())),
            ModelPlan::Tagged(variants, tags) => ModelKind::Tagged(self.tagged(variants, tags, name.word())),
        };
        self.models.define(id, docs::paragraphs(keywords.data.description.as_deref()), kind, field_sites);
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

    /// The map field of the properties beyond the named ones: `additionalProperties`, else those
    /// whose names match `patternProperties` (of the schema's own `keywords`).
    fn additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        keywords: &Keywords<'a>,
        fields: &[Field],
        at: &Pointer,
        model_name: &str,
    ) -> Option<Box<AdditionalField>> {
        let context = format!("{model_name}Value");
        let (ty, each, keys) = match additional {
            Some(AdditionalProperties::Any(false)) => return None,
            Some(AdditionalProperties::Any(true)) => (Type::Any, Rules::default(), Rules::default()),
            Some(AdditionalProperties::Schema(values)) => {
                let values = self.schema(SchemaRef::Plain(values), &at.push("additionalProperties"), &context);
                (values.standalone_type(), values.rules, Rules::default())
            }
            None if keywords.later("patternProperties").is_some() => {
                let (values, key_pattern) = self.pattern_values(keywords, at, model_name);
                let keys = Rules { pattern: key_pattern, ..Rules::default() };
                (values.standalone_type(), values.rules, keys)
            }
            None => return None,
        };
        let mut taken: HashSet<String> = fields.iter().map(|f| f.rust_name.word().to_owned()).collect();
        let rust_name = names::unique(names::snake("additional_properties"), &mut taken);
        let rules = Rules {
            items: (!each.is_empty()).then(|| Box::new(each)),
            keys: (!keys.is_empty()).then(|| Box::new(keys)),
            ..Rules::default()
        };
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
            let typed = self.schema(SchemaRef::Boxed(schema), &at, &context);
            // A read-only field is absent from requests, so it cannot be required of them.
            let presence = match (typed.read_only, required.contains(wire_name.as_str()), typed.nullable) {
                (true, _, _) => Presence::ReadOnly,
                (false, true, false) => Presence::Required,
                (false, true, true) => Presence::Nullable,
                (false, false, _) => Presence::Optional,
            };
            // Where the field's `Option` already says `null`, the type need not.
            let ty = match &typed.ty {
                Type::Nullable(inner) => (**inner).clone(),
                ty => ty.clone(),
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: names::unique(names::snake(wire_name), &mut taken),
                docs: typed.docs(),
                presence,
                boxed: false,
                checked: checked(&ty, &typed.rules),
                ty,
                rules: typed.rules,
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
            let typed = self.schema(part, &at, &context);
            let rust_name = names::unique(variant_name(&typed.ty), &mut taken);
            variants.push(Variant { rust_name, ty: typed.standalone_type(), rules: typed.rules, boxed: false });
        }
        variants
    }

    /// The alternatives of a tagged union, with the tag values that select each: the
    /// discriminator's mapping, else each alternative's schema name.
    fn tagged(&mut self, parts: Vec<(SchemaRef<'a>, Pointer)>, tags: Tags<'a>, model_name: &str) -> Tagged {
        // `Unknown` holds the kinds the spec does not list.
        let mut taken: HashSet<String> = [reserved::UNKNOWN_VARIANT.to_owned()].into();
        let mut variants = Vec::new();
        let mut default = None;
        // 3.2's `defaultMapping`: the schema a value without the property is, by reference or name.
        let default_target = match &tags {
            Tags::Discriminator(discriminator) => {
                discriminator.extensions.get(DEFAULT_MAPPING).and_then(|v| v.as_str())
            }
            Tags::Constant { .. } => None,
        };
        for (index, (part, at)) in parts.into_iter().enumerate() {
            let context = format!("{model_name}Variant{}", index + 1);
            let reference = part.split().err();
            let typed = self.schema(part, &at, &context);
            let schema_name = reference.and_then(|r| r.rsplit('/').next()).map(str::to_owned);
            let names_this = |target: &str| match (reference, &schema_name) {
                (Some(reference), Some(name)) => target == reference || target == name,
                _ => false,
            };
            let selecting = match &tags {
                Tags::Discriminator(discriminator) => {
                    let mut mapped: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| names_this(target))
                        .map(|(tag, _)| tag.clone())
                        .collect();
                    if mapped.is_empty() {
                        mapped.push(schema_name.clone().unwrap_or_else(|| format!("{}", index + 1)));
                    }
                    mapped
                }
                Tags::Constant { values, .. } => values.get(index).cloned().into_iter().collect(),
            };
            let rust_name = names::unique(variant_name(&typed.ty), &mut taken);
            if default.is_none() && default_target.is_some_and(names_this) {
                default = Some(rust_name.clone());
            }
            variants.push(TaggedVariant { tags: selecting, rust_name, ty: typed.ty, boxed: false });
        }
        let property = match tags {
            Tags::Discriminator(discriminator) => discriminator.property_name.clone(),
            Tags::Constant { property, .. } => property,
        };
        Tagged { property, variants, default }
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
        Type::Map { .. } => RustName::plain("Map"),
        Type::Tuple(_) => RustName::plain("Tuple"),
        Type::Nullable(inner) => variant_name(inner),
        Type::Any => RustName::plain("Value"),
    }
}
