//! The response fields and inputs an extension names: a top-level field of the operation's JSON
//! response, or one of its inputs (a parameter, or a top-level field of a required JSON body).
//! A name that is not there is an error at the extension's key.

use super::model_table::ModelIndex;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{Field, InputField, ModelKind, Operation, Presence, ResponseField, RustName, Struct, Type, reserved};

/// The operation's success response, which must be a JSON object of a model.
pub(super) fn response_struct<'m>(
    operation: &Operation,
    at: &Pointer,
    models: &ModelIndex<'m>,
) -> Result<&'m Struct, Diagnostic> {
    let model = match operation.response.body.typed() {
        Some(Type::Named(name)) => models.get(name),
        _ => None,
    };
    match model.map(|model| &model.kind) {
        Some(ModelKind::Struct(structure)) => Ok(structure),
        _ => {
            Err(at.error("invalid extension", "the operation's success response must be a JSON object with properties"))
        }
    }
}

/// The top-level field of `response` named `name` on the wire; an error at `at` when there is none.
pub(super) fn named_field<'s>(response: &'s Struct, name: &str, at: &Pointer) -> Result<&'s Field, Diagnostic> {
    response
        .fields
        .iter()
        .find(|field| field.wire_name == name)
        .ok_or_else(|| at.error("invalid extension", format!("the response has no field `{name}`")))
}

/// The field `name` of `response` as pagers read it, and its type.
pub(super) fn response_field<'s>(
    response: &'s Struct,
    name: &str,
    at: &Pointer,
) -> Result<(ResponseField, &'s Type), Diagnostic> {
    let field = named_field(response, name, at)?;
    let optional = field.presence != Presence::Required;
    Ok((ResponseField { rust_name: field.rust_name.clone(), wire_name: name.to_owned(), optional }, &field.ty))
}

/// The field `name` of `response` if one is named, which must be of a type that `fits`.
pub(super) fn optional_response_field(
    response: &Struct,
    name: Option<&str>,
    at: &Pointer,
    fits: impl Fn(&Type) -> bool,
) -> Result<Option<ResponseField>, Diagnostic> {
    let Some(name) = name else { return Ok(None) };
    let (field, ty) = response_field(response, name, at)?;
    if !fits(strip(ty)) {
        let key = at.last().unwrap_or_default();
        return Err(at.error("invalid extension", format!("`{key}` cannot be a {}", ty.name())));
    }
    Ok(Some(field))
}

/// An input named by the spec: a parameter, else a top-level field of a required JSON body.
pub(super) fn input_field<'o>(
    operation: &'o Operation,
    name: &str,
    at: &Pointer,
    models: &ModelIndex<'o>,
) -> Result<(InputField, &'o Type), Diagnostic> {
    if let Some(parameter) = operation.parameters.iter().find(|parameter| parameter.wire_name == name) {
        let input = InputField { path: vec![parameter.rust_name.clone()], optional: !parameter.required };
        return Ok((input, &parameter.ty));
    }
    let body = operation.body.as_ref().filter(|body| body.required).and_then(|body| match &body.ty {
        Type::Named(model) => models.get(model),
        _ => None,
    });
    let field = body.and_then(|model| match &model.kind {
        ModelKind::Struct(structure) => structure.fields.iter().find(|field| field.wire_name == name),
        _ => None,
    });
    match field {
        Some(field) => {
            let path = vec![RustName::plain(reserved::BODY), field.rust_name.clone()];
            Ok((InputField { path, optional: field.presence != Presence::Required }, &field.ty))
        }
        None => Err(at.error(
            "invalid extension",
            format!("the operation has no parameter `{name}`, and its body (if required) no such field"),
        )),
    }
}

/// A type without a `Nullable` around it.
pub(super) fn strip(ty: &Type) -> &Type {
    match ty {
        Type::Nullable(inner) => strip(inner),
        other => other,
    }
}
