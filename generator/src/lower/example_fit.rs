//! Whether a spec's example is a value of the type it illustrates, as the generated code reads
//! it: required fields given, scalars of their kind, one alternative of a union fitting. Specs'
//! examples drift from their schemas (a field renamed in one and not the other); one that does
//! not fit is not used as a value the generated code must read.

use api_vocab::json_kind;
use serde_json::Value;

use super::model_table::ModelIndex;
use crate::ir::{ModelKind, Presence, Type};

/// Past this depth an example is taken as fitting: a recursive type's examples are finite, and
/// a check that deep adds nothing.
const DEEPEST: usize = 64;

/// Where `value` does not fit `ty` and why (`data.app_stats: required, not given`); `None` when
/// it fits.
pub fn misfit(value: &Value, ty: &Type, models: &ModelIndex) -> Option<String> {
    Check { models }.misfit(value, ty, "", 0)
}

struct Check<'m, 'i> {
    models: &'i ModelIndex<'m>,
}

impl Check<'_, '_> {
    fn misfit(&self, value: &Value, ty: &Type, at: &str, depth: usize) -> Option<String> {
        if depth > DEEPEST {
            return None;
        }
        let expected = |kind: &str| Some(format!("{}: expected {kind}, not {}", shown(at), json_kind(value)));
        match ty {
            Type::Any => None,
            Type::Nullable(_) if value.is_null() => None,
            Type::Nullable(inner) => self.misfit(value, inner, at, depth),
            Type::String | Type::Secret | Type::Binary => (!value.is_string()).then(|| expected("a string")).flatten(),
            Type::Bool => (!value.is_boolean()).then(|| expected("a boolean")).flatten(),
            Type::Integer(_) => (!(value.is_i64() || value.is_u64())).then(|| expected("an integer")).flatten(),
            Type::Number(_) => (!value.is_number()).then(|| expected("a number")).flatten(),
            Type::Array(item) => match value.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .find_map(|(index, element)| self.misfit(element, item, &format!("{at}[{index}]"), depth + 1)),
                None => expected("an array"),
            },
            Type::Tuple(types) => match value.as_array() {
                Some(items) if items.len() == types.len() => {
                    items.iter().zip(types).enumerate().find_map(|(index, (element, ty))| {
                        self.misfit(element, ty, &format!("{at}[{index}]"), depth + 1)
                    })
                }
                _ => expected(&format!("an array of {} items", types.len())),
            },
            Type::Map { value: held, .. } => match value.as_object() {
                Some(entries) => {
                    entries.iter().find_map(|(key, element)| self.misfit(element, held, &join(at, key), depth + 1))
                }
                None => expected("an object"),
            },
            Type::Named(name) => {
                let model = self.models.get(name)?;
                self.model_misfit(value, &model.kind, at, depth)
            }
        }
    }

    fn model_misfit(&self, value: &Value, kind: &ModelKind, at: &str, depth: usize) -> Option<String> {
        match kind {
            // Enums are open: a value the spec does not list is kept, not refused.
            ModelKind::Enum(_) => (!(value.is_string() || value.is_number() || value.is_boolean()))
                .then(|| format!("{}: expected one of the enum's values, not {}", shown(at), json_kind(value))),
            ModelKind::Struct(structure) => {
                let Some(object) = value.as_object() else {
                    return Some(format!("{}: expected an object, not {}", shown(at), json_kind(value)));
                };
                structure.fields.iter().find_map(|field| match object.get(&field.wire_name) {
                    None | Some(Value::Null) if field.presence == Presence::Required => {
                        Some(format!("{}: required, not given", shown(&join(at, &field.wire_name))))
                    }
                    None | Some(Value::Null) => None,
                    Some(given) => self.misfit(given, &field.ty, &join(at, &field.wire_name), depth + 1),
                })
            }
            ModelKind::OneOf(variants) => {
                let mut reasons = variants.iter().map(|variant| self.misfit(value, &variant.ty, at, depth + 1));
                // The first alternative's reason stands for all, when none fits.
                let first = reasons.next()?;
                let first = first?;
                reasons.all(|reason| reason.is_some()).then_some(first)
            }
            ModelKind::Tagged(tagged) => {
                let tag = value.get(&tagged.property).and_then(Value::as_str);
                let variant =
                    tag.and_then(|tag| tagged.variants.iter().find(|variant| variant.tags.iter().any(|t| t == tag)));
                match (tag, variant) {
                    (_, Some(variant)) => self.misfit(value, &variant.ty, at, depth + 1),
                    // An unknown tag is kept as it is.
                    (Some(_), None) => None,
                    (None, None) if tagged.default.is_some() => None,
                    (None, None) => Some(format!("{}: required, not given", shown(&join(at, &tagged.property)))),
                }
            }
            ModelKind::Newtype(ty, _) => self.misfit(value, ty, at, depth + 1),
        }
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_owned() } else { format!("{at}.{key}") }
}

fn shown(at: &str) -> &str {
    if at.is_empty() { "the value" } else { at }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::misfit;
    use crate::ir::{Field, IntegerWidth, Model, ModelKind, Presence, Rules, Struct, Type, Variant};
    use crate::lower::model_table::ModelIndex;
    use crate::names::{pascal, snake};

    fn named(name: &str) -> Type {
        Type::Named(pascal(name))
    }

    fn object(fields: &[(&str, Type)]) -> ModelKind {
        let fields = fields
            .iter()
            .map(|(name, ty)| Field {
                wire_name: (*name).to_owned(),
                rust_name: snake(name),
                ty: ty.clone(),
                presence: Presence::Required,
                boxed: false,
                docs: Vec::new(),
                rules: Rules::default(),
                checked: false,
                setter: None,
            })
            .collect();
        ModelKind::Struct(Struct { fields, ..Struct::default() })
    }

    fn model(name: &str, kind: ModelKind) -> Model {
        Model { name: pascal(name), docs: Vec::new(), kind, xml: None }
    }

    fn variant(name: &str) -> Variant {
        Variant { rust_name: pascal(name), ty: named(name), rules: Rules::default(), boxed: false }
    }

    #[test]
    fn a_renamed_required_field_inside_a_union_is_found_and_a_fitting_value_passes() {
        let integer = Type::Integer(IntegerWidth::I64);
        let models = vec![
            model("Sent", object(&[("messages_sent", integer.clone())])),
            model("Stats", object(&[("app_stats", Type::Array(Box::new(integer)))])),
            model("Data", ModelKind::OneOf(vec![variant("Sent"), variant("Stats")])),
            model("Event", object(&[("data", named("Data"))])),
        ];
        let index = ModelIndex::new(&models);
        let event = named("Event");
        assert_eq!(misfit(&json!({"data": {"app_stats": [1, 2]}}), &event, &index), None);
        assert_eq!(misfit(&json!({"data": {"messages_sent": 3}}), &event, &index), None);
        assert_eq!(
            misfit(&json!({"data": {"appStats": [1]}}), &event, &index).as_deref(),
            Some("data.messages_sent: required, not given")
        );
        assert_eq!(
            misfit(&json!({"data": {"app_stats": ["one"]}}), &event, &index).as_deref(),
            Some("data.messages_sent: required, not given")
        );
        assert_eq!(misfit(&json!([1]), &event, &index).as_deref(), Some("the value: expected an object, not an array"));
    }
}
