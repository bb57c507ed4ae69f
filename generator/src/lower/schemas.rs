//! Schemas: each one becomes a Rust type where it is used, and objects and enums become models.

use std::collections::HashSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat,
    StringType, VariantOrUnknownOrEmpty,
};

use super::{Lowerer, docs, enum_values};
use crate::error::{Pointer, Result};
use crate::ir::{
    AdditionalField, Bound, Field, IntegerWidth, Model, ModelKind, NumberWidth, Presence, Rules, RustName, Struct,
    Type, Variant,
};
use crate::names;

/// What a schema means where it is used: its type, constraints and documentation.
#[derive(Debug, Clone)]
pub(super) struct Lowered {
    pub ty: Type,
    pub rules: Rules,
    pub description: Option<String>,
    pub default: Option<serde_json::Value>,
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// Facts for the docs that are not rules: a string's format.
    pub notes: Vec<String>,
}

impl Lowered {
    fn of(ty: Type, data: &SchemaData) -> Self {
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
pub(super) enum SchemaRef<'s> {
    Plain(&'s ReferenceOr<Schema>),
    Boxed(&'s ReferenceOr<Box<Schema>>),
}

impl<'s> SchemaRef<'s> {
    fn split(&self) -> Result<&'s Schema, &'s str> {
        match *self {
            SchemaRef::Plain(ReferenceOr::Item(schema)) => Ok(schema),
            SchemaRef::Boxed(ReferenceOr::Item(schema)) => Ok(schema),
            SchemaRef::Plain(ReferenceOr::Reference { reference })
            | SchemaRef::Boxed(ReferenceOr::Reference { reference }) => Err(reference),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema in place. `context` names the model an inline object or enum becomes.
    pub(super) fn schema(&mut self, schema: SchemaRef<'a>, at: &Pointer, context: &str) -> Result<Lowered> {
        match schema.split() {
            Ok(schema) => self.inline_schema(schema, at, context),
            Err(reference) => self.reference(reference, at),
        }
    }

    fn reference(&mut self, reference: &str, at: &Pointer) -> Result<Lowered> {
        if !reference.starts_with("#/components/schemas/") {
            return Err(
                at.error(format!("unsupported reference `{reference}`: expected `#/components/schemas/<name>`"))
            );
        }
        self.named_schema_type(reference, at)
    }

    /// The type a `#/components/schemas/X` reference stands for. Objects and enums become a model
    /// (made once); other schemas are used in place, with their own constraints.
    /// `from` is where the reference stands, for errors.
    pub(super) fn named_schema_type(&mut self, reference: &str, from: &Pointer) -> Result<Lowered> {
        let (schema, at) = self.resolve(reference, "schemas", |c| &c.schemas, from)?;
        let data = &schema.schema_data;
        if let Some(name) = self.named_schemas.get(reference) {
            return Ok(Lowered::of(Type::Named(name.clone()), data));
        }
        let schema_name = at.as_str().rsplit('/').next().unwrap_or_default().to_owned();
        let context = names::pascal(&super::unescape_pointer_token(&schema_name)).word().to_owned();
        if !needs_model(schema) {
            return self.inline_schema(schema, &at, &context);
        }
        let name = names::unique(names::pascal(&context), &mut self.type_names);
        self.named_schemas.insert(reference.to_owned(), name.clone());
        self.model(schema, &at, name.clone())?;
        Ok(Lowered::of(Type::Named(name), data))
    }

    fn inline_schema(&mut self, schema: &'a Schema, at: &Pointer, context: &str) -> Result<Lowered> {
        let data = &schema.schema_data;
        if needs_model(schema) {
            let name = names::unique(names::pascal(context), &mut self.type_names);
            self.model(schema, at, name.clone())?;
            return Ok(Lowered::of(Type::Named(name), data));
        }
        let mut lowered = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) => {
                let mut lowered = Lowered::of(string_type(string), data);
                lowered.notes.extend(format_note(&string.format));
                lowered.rules.min_length = string.min_length.filter(|min| *min > 0);
                lowered.rules.max_length = string.max_length;
                lowered.rules.pattern = string.pattern.clone();
                if let Some(pattern) = &string.pattern {
                    check_pattern(pattern, &at.push("pattern"))?;
                }
                lowered
            }
            SchemaKind::Type(openapiv3::Type::Integer(integer)) => {
                let width = match integer.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
                    _ => IntegerWidth::I64,
                };
                let mut lowered = Lowered::of(Type::Integer(width), data);
                lowered.rules.minimum =
                    integer.minimum.map(|v| Bound { value: v as f64, exclusive: integer.exclusive_minimum });
                lowered.rules.maximum =
                    integer.maximum.map(|v| Bound { value: v as f64, exclusive: integer.exclusive_maximum });
                lowered.rules.multiple_of = integer.multiple_of.map(|v| v as f64);
                lowered.rules.allowed_numbers = integer.enumeration.iter().flatten().map(|v| *v as f64).collect();
                lowered
            }
            SchemaKind::Type(openapiv3::Type::Number(number)) => {
                let width = match number.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => NumberWidth::F32,
                    _ => NumberWidth::F64,
                };
                let mut lowered = Lowered::of(Type::Number(width), data);
                lowered.rules.minimum =
                    number.minimum.map(|value| Bound { value, exclusive: number.exclusive_minimum });
                lowered.rules.maximum =
                    number.maximum.map(|value| Bound { value, exclusive: number.exclusive_maximum });
                lowered.rules.multiple_of = number.multiple_of;
                lowered.rules.allowed_numbers = number.enumeration.iter().flatten().copied().collect();
                check_finite(&lowered.rules, at)?;
                lowered
            }
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => Lowered::of(Type::Bool, data),
            SchemaKind::Type(openapiv3::Type::Array(array)) => {
                let item = match &array.items {
                    Some(items) => {
                        self.schema(SchemaRef::Boxed(items), &at.push("items"), &format!("{context}Item"))?.ty
                    }
                    None => Type::Any,
                };
                let mut lowered = Lowered::of(Type::Array(Box::new(item)), data);
                lowered.rules.min_items = array.min_items.filter(|min| *min > 0);
                lowered.rules.max_items = array.max_items;
                lowered
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                let ty = self.map_type(object.additional_properties.as_ref(), at, context)?;
                Lowered::of(ty, data)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                // `allOf: [$ref]` beside a description: the referenced type, described here.
                let mut inner = self.schema(SchemaRef::Plain(&all_of[0]), &at.push("allOf").push("0"), context)?;
                if data.description.is_some() {
                    inner.description = data.description.clone();
                }
                if data.default.is_some() {
                    inner.default = data.default.clone();
                }
                inner.nullable |= data.nullable;
                inner
            }
            SchemaKind::Any(any) if is_empty_any(any) => Lowered::of(Type::Any, data),

            SchemaKind::Not { .. } => return Err(at.push("not").error("`not` is not supported")),
            _ => return Err(at.error("this combination of schema keywords is not supported")),
        };
        if data.nullable {
            lowered.nullable = true;
        }
        Ok(lowered)
    }

    /// An object schema without properties: a map when it says what its values are, else any JSON.
    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, at: &Pointer, context: &str) -> Result<Type> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let values = self.schema(
                    SchemaRef::Plain(values),
                    &at.push("additionalProperties"),
                    &format!("{context}Value"),
                )?;
                Type::Map(Box::new(values.ty))
            }
            _ => Type::Any,
        })
    }

    /// Makes the model `name` from an object, enum or `allOf` schema.
    fn model(&mut self, schema: &'a Schema, at: &Pointer, name: RustName) -> Result<()> {
        // Reserve the slot first: models keep the order in which they were met, and a schema that
        // refers to itself finds its own name already taken.
        let slot = self.models.len();
        self.models.push((at.to_string(), None));
        let data = &schema.schema_data;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) => {
                let values = string.enumeration.iter().flatten().map(String::as_str);
                ModelKind::Enum(enum_values(values, &["Unknown"]))
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                let properties =
                    object.properties.iter().map(|(wire, schema)| (wire, schema, object.required.contains(wire)));
                let fields = self.fields(properties, &at.push("properties"), name.word())?;
                let additional = match &object.additional_properties {
                    None | Some(AdditionalProperties::Any(false)) => None,
                    Some(AdditionalProperties::Any(true)) => Some(Type::Any),
                    Some(AdditionalProperties::Schema(values)) => {
                        let context = format!("{}Value", name.word());
                        Some(self.schema(SchemaRef::Plain(values), &at.push("additionalProperties"), &context)?.ty)
                    }
                };
                let additional = additional.map(|ty| {
                    let mut taken: HashSet<String> = fields.iter().map(|f| f.rust_name.word().to_owned()).collect();
                    let rust_name = names::unique(names::snake("additional_properties"), &mut taken);
                    AdditionalField { rust_name, checked: checked(&ty, &Rules::default()), ty }
                });
                ModelKind::Struct(Struct { fields, additional })
            }
            SchemaKind::AllOf { all_of } => {
                ModelKind::Struct(Struct { fields: self.merged_fields(all_of, at, name.word())?, additional: None })
            }
            SchemaKind::OneOf { one_of } => ModelKind::OneOf(self.variants(one_of, &at.push("oneOf"), name.word())?),
            SchemaKind::AnyOf { any_of } => ModelKind::OneOf(self.variants(any_of, &at.push("anyOf"), name.word())?),
            _ => return Err(at.error("expected an object, a string enum, an `allOf`, a `oneOf` or an `anyOf`")),
        };
        if matches!(kind, ModelKind::Enum(_)) {
            self.enum_models.insert(name.word().to_owned());
        }
        self.models[slot].1 = Some(Model { name, docs: docs::paragraphs(data.description.as_deref()), kind });
        Ok(())
    }

    fn fields(
        &mut self,
        properties: impl Iterator<Item = (&'a String, &'a ReferenceOr<Box<Schema>>, bool)>,
        at: &Pointer,
        model_name: &str,
    ) -> Result<Vec<Field>> {
        let mut taken = HashSet::new();
        let mut fields = Vec::new();
        for (wire_name, schema, required) in properties {
            let context = format!("{model_name}{}", names::pascal(wire_name).word());
            let lowered = self.schema(SchemaRef::Boxed(schema), &at.push(wire_name), &context)?;
            // A read-only field is absent from requests, so it cannot be required of them.
            let presence = match (lowered.read_only, required, lowered.nullable) {
                (true, _, _) => Presence::ReadOnly,
                (false, true, false) => Presence::Required,
                (false, true, true) => Presence::Nullable,
                (false, false, _) => Presence::Optional,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: names::unique(names::snake(wire_name), &mut taken),
                docs: lowered.docs(),
                presence,
                boxed: false,
                checked: checked(&lowered.ty, &lowered.rules),
                ty: lowered.ty,
                rules: lowered.rules,
            });
        }
        Ok(fields)
    }

    /// The alternatives of a `oneOf` / `anyOf`, named after their types.
    fn variants(&mut self, parts: &'a [ReferenceOr<Schema>], at: &Pointer, model_name: &str) -> Result<Vec<Variant>> {
        if parts.is_empty() {
            return Err(at.error("needs at least one schema"));
        }
        let mut taken = HashSet::new();
        let mut variants = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let context = format!("{model_name}Variant{}", index + 1);
            let lowered = self.schema(SchemaRef::Plain(part), &at.push(index.to_string()), &context)?;
            let rust_name = names::unique(variant_name(&lowered.ty), &mut taken);
            variants.push(Variant { rust_name, ty: lowered.ty, rules: lowered.rules, boxed: false });
        }
        Ok(variants)
    }

    /// `allOf` of several objects: one struct with the fields of each, in order.
    fn merged_fields(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        model_name: &str,
    ) -> Result<Vec<Field>> {
        let mut fields: Vec<Field> = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.push("allOf").push(index.to_string());
            let (schema, schema_at) = match part {
                ReferenceOr::Item(schema) => (schema, part_at.clone()),
                ReferenceOr::Reference { reference } => self.resolve(reference, "schemas", |c| &c.schemas, &part_at)?,
            };
            let object = match &schema.schema_kind {
                SchemaKind::Type(openapiv3::Type::Object(object)) => object,
                _ => return Err(schema_at.error("every part of a merged `allOf` must be an object")),
            };
            let properties =
                object.properties.iter().map(|(wire, schema)| (wire, schema, object.required.contains(wire)));
            for field in self.fields(properties, &schema_at.push("properties"), model_name)? {
                if let Some(existing) = fields.iter().position(|f| f.wire_name == field.wire_name) {
                    fields[existing] = field;
                } else {
                    fields.push(field);
                }
            }
        }
        let mut taken = HashSet::new();
        for field in &mut fields {
            field.rust_name = names::unique(names::snake(&field.wire_name), &mut taken);
        }
        Ok(fields)
    }
}

/// Objects with properties, string enums, merged `allOf`s and `oneOf`/`anyOf` are models;
/// everything else is used in place.
fn needs_model(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(openapiv3::Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        _ => false,
    }
}

/// A variant's name: its model's name, else its kind of value.
fn variant_name(ty: &Type) -> RustName {
    match ty {
        Type::Named(name) => name.clone(),
        Type::String => RustName::plain("String"),
        Type::Secret => RustName::plain("Secret"),
        Type::Bool => RustName::plain("Bool"),
        Type::Integer(_) => RustName::plain("Integer"),
        Type::Number(_) => RustName::plain("Number"),
        Type::Array(_) => RustName::plain("List"),
        Type::Map(_) => RustName::plain("Map"),
        Type::Any => RustName::plain("Value"),
    }
}

/// Whether a value has anything to validate: rules of its own, or a model (every model checks
/// its own fields) somewhere inside.
fn checked(ty: &Type, rules: &Rules) -> bool {
    fn nested(ty: &Type) -> bool {
        match ty {
            Type::Named(_) => true,
            Type::Array(item) | Type::Map(item) => nested(item),
            _ => false,
        }
    }
    !rules.is_empty() || nested(ty)
}

/// `Format: date-time.` for strings with a format other than `password` (which makes a secret).
fn format_note(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    let name = match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) | VariantOrUnknownOrEmpty::Empty => return None,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte (base64)",
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
        VariantOrUnknownOrEmpty::Unknown(other) => other,
    };
    Some(format!("Format: {name}."))
}

/// Bounds are printed as Rust literals, which cannot be infinite or NaN.
fn check_finite(rules: &Rules, at: &Pointer) -> Result<()> {
    let bounds = [rules.minimum.map(|b| b.value), rules.maximum.map(|b| b.value), rules.multiple_of];
    match bounds.into_iter().flatten().chain(rules.allowed_numbers.iter().copied()).find(|v| !v.is_finite()) {
        Some(value) => Err(at.error(format!("{value} is not a finite number"))),
        None => Ok(()),
    }
}

fn string_type(string: &StringType) -> Type {
    match string.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Type::Secret,
        _ => Type::String,
    }
}

fn is_empty_any(any: &openapiv3::AnySchema) -> bool {
    let openapiv3::AnySchema { typ, properties, all_of, one_of, any_of, not, items, enumeration, .. } = any;
    typ.is_none()
        && properties.is_empty()
        && all_of.is_empty()
        && one_of.is_empty()
        && any_of.is_empty()
        && not.is_none()
        && items.is_none()
        && enumeration.is_empty()
}

/// A pattern the generated client could not compile is an error now, not at run time.
fn check_pattern(pattern: &str, at: &Pointer) -> Result<()> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(drop)
        .map_err(|error| at.error(format!("the pattern does not compile as a regular expression: {error}")))
}
