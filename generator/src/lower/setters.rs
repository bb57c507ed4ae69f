//! Setters on models. Models are `#[non_exhaustive]` (a field added to the spec is then an
//! additive change), so outside the crate they are built with `new` (or `Default`) and a chaining
//! setter per optional field. Only models that requests send need them: the rest are read from
//! responses.

use std::collections::{HashMap, HashSet};

use crate::ir::{FieldSetter, Model, ModelKind, Operation, Passing, Presence, Type, reserved};
use crate::names;

pub fn assign(models: &mut [Model], operations: &[Operation]) {
    let index: HashMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.word().to_owned(), i)).collect();
    let mut sent = vec![false; models.len()];
    let mut pending: Vec<usize> = Vec::new();
    let inputs = operations
        .iter()
        .flat_map(|operation| operation.parameters.iter().map(|p| &p.ty).chain(operation.body.iter().map(|b| &b.ty)));
    for ty in inputs {
        named_in(ty, &index, &mut pending);
    }
    while let Some(model) = pending.pop() {
        if std::mem::replace(&mut sent[model], true) {
            continue;
        }
        let mut found = Vec::new();
        match &models[model].kind {
            ModelKind::Struct(structure) => {
                for field in structure.fields.iter().filter(|f| f.presence != Presence::ReadOnly) {
                    named_in(&field.ty, &index, &mut found);
                }
                if let Some(additional) = &structure.additional {
                    named_in(&additional.ty, &index, &mut found);
                }
            }
            ModelKind::OneOf(variants) => variants.iter().for_each(|v| named_in(&v.ty, &index, &mut found)),
            ModelKind::Tagged(tagged) => tagged.variants.iter().for_each(|v| named_in(&v.ty, &index, &mut found)),
            ModelKind::Newtype(ty, _) => named_in(ty, &index, &mut found),
            ModelKind::Enum(_) => {}
        }
        pending.extend(found.into_iter().filter(|m| !sent[*m]));
    }
    for (model, _) in models.iter_mut().zip(&sent).filter(|(_, sent)| **sent) {
        let ModelKind::Struct(structure) = &mut model.kind else { continue };
        let mut taken: HashSet<String> = reserved::MODEL_METHODS.iter().map(|name| name.to_string()).collect();
        for field in &mut structure.fields {
            if matches!(field.presence, Presence::Optional | Presence::Nullable) {
                let name = if taken.contains(field.rust_name.word()) {
                    names::snake(&format!("set_{}", field.rust_name.word()))
                } else {
                    field.rust_name.clone()
                };
                field.setter = Some(FieldSetter { name: names::unique(name, &mut taken), passing: passing(&field.ty) });
            }
        }
    }
}

/// The models `ty` names, directly or as items.
fn named_in(ty: &Type, index: &HashMap<String, usize>, found: &mut Vec<usize>) {
    match ty {
        Type::Named(name) => found.extend(index.get(name.word())),
        Type::Array(inner) | Type::Nullable(inner) => named_in(inner, index, found),
        Type::Map { key, value } => {
            named_in(key, index, found);
            named_in(value, index, found);
        }
        Type::Tuple(items) => items.iter().for_each(|item| named_in(item, index, found)),
        _ => {}
    }
}

/// How a method or setter takes a value of `ty`: scalars as they are (a literal `10` must not need
/// a suffix to pick a conversion), the rest as anything that converts into it.
pub(super) fn passing(ty: &Type) -> Passing {
    match ty {
        Type::Bool | Type::Integer(_) | Type::Number(_) | Type::Nullable(_) => Passing::Value,
        _ => Passing::Into,
    }
}
