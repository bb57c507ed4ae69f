//! Webhooks (OpenAPI 3.1): the requests the service sends to a receiver. Each one's body becomes a
//! model, and together they become one enum a receiver reads a request's body into: by the
//! webhook's name, or, when every body carries a value of its own in one property (`type`), by
//! the body alone.

use std::collections::{HashMap, HashSet};

use openapiv3::{PathItem, ReferenceOr};
use serde_json::Value;

use super::cli;
use super::docs;
use super::example_fit::misfit;
use super::lowerer::Lowerer;
use super::model_table::ModelIndex;
use super::refs::PATH_ITEMS;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{BodyEncoding, ModelKind, Presence, Type, WebhookEvent, Webhooks, reserved};
use crate::names;

/// The webhooks, and where the spec's example of each one's body is (by variant), to be checked
/// once every model is known.
pub(super) struct DraftWebhooks {
    webhooks: Webhooks,
    examples_at: HashMap<String, Pointer>,
}

impl<'a> Lowerer<'a> {
    /// The spec's webhooks, their bodies lowered; `None` when it has none.
    pub(super) fn webhooks(&mut self) -> Option<DraftWebhooks> {
        let names: Vec<String> = self.raw.get("webhooks")?.as_object()?.keys().cloned().collect();
        let webhooks_at = Pointer::root().push("webhooks");
        let mut variants: HashSet<String> = [reserved::UNKNOWN_VARIANT.to_owned()].into();
        let mut events = Vec::new();
        let mut examples_at = HashMap::new();
        for name in names {
            let at = webhooks_at.push(&name);
            let (item, item_at) = match self.refs.value_at::<ReferenceOr<PathItem>>(&at) {
                Some(ReferenceOr::Item(item)) => (item, at),
                Some(ReferenceOr::Reference { reference }) => match self.refs.follow(reference, &PATH_ITEMS, &at) {
                    Ok(found) => found,
                    Err(warning) => {
                        self.warn(warning.note("the webhook is left out"));
                        continue;
                    }
                },
                None => {
                    self.warn(at.warning("webhook skipped", "a webhook is a path item").note("left out").at_key());
                    continue;
                }
            };
            let operations: Vec<(&str, &'a openapiv3::Operation)> = item.iter().collect();
            for (method, operation) in &operations {
                // A webhook is named by its key; one sent with several methods, by both.
                let variant = match operations.len() {
                    1 => names::pascal(&name),
                    _ => names::pascal(&format!("{name} {method}")),
                };
                let variant = names::unique(variant, &mut variants);
                let operation_at = item_at.push(method);
                let context = format!("{}Event", variant.word());
                let (payload, example) = match self.request_body(operation, &operation_at, &context) {
                    Some((body, example)) if body.encoding == BodyEncoding::Json => (Some(body.ty), example),
                    Some((body, _)) => {
                        self.warn(
                            operation_at
                                .push("requestBody")
                                .warning("body skipped", format!("a webhook body of `{}`", body.media_type))
                                .note("only JSON webhook bodies are read; this one's variant holds none"),
                        );
                        (None, None)
                    }
                    None => (None, None),
                };
                let docs = docs::join([
                    docs::paragraphs(operation.summary.as_deref()),
                    docs::paragraphs(operation.description.as_deref()),
                    vec![format!("The `{name}` webhook.")],
                ]);
                if example.is_some() {
                    examples_at.insert(variant.word().to_owned(), operation_at.push("requestBody"));
                }
                let example = example.unwrap_or(Value::Null);
                events.push(WebhookEvent { wire_name: name.clone(), variant, payload, tag: None, example, docs });
            }
        }
        if events.is_empty() {
            return None;
        }
        let webhooks = Webhooks { type_name: self.models.type_name("Webhook"), events, tag: None };
        Some(DraftWebhooks { webhooks, examples_at })
    }
}

/// What needs every model: each event's sample body (the spec's example when it fits the body's
/// type, else one made from the schema), and the property that tells the events apart by their
/// bodies.
pub(super) fn finish(draft: DraftWebhooks, models: &ModelIndex, warnings: &mut Vec<Diagnostic>) -> Webhooks {
    let DraftWebhooks { mut webhooks, examples_at } = draft;
    for event in &mut webhooks.events {
        let Some(payload) = &event.payload else { continue };
        if let Some(why) = misfit(&event.example, payload, models).filter(|_| !event.example.is_null()) {
            if let Some(at) = examples_at.get(event.variant.word()) {
                warnings.push(
                    at.warning("example ignored", format!("the body's example does not fit its schema: {why}"))
                        .note("the webhook's test reads a body made from the schema instead"),
                );
            }
            event.example = Value::Null;
        }
        if event.example.is_null() {
            event.example = cli::example(payload, &|name| models.get(name), 0);
        }
    }
    tag_events(&mut webhooks, models);
    webhooks
}

/// The property that tells the events apart by their bodies, when one does.
fn tag_events(webhooks: &mut Webhooks, models: &ModelIndex) {
    let constants: Option<Vec<Vec<(String, String)>>> =
        webhooks.events.iter().map(|event| constant_fields(event.payload.as_ref()?, models)).collect();
    let Some(constants) = constants else { return };
    let Some(first) = constants.first() else { return };
    let tag = first.iter().map(|(property, _)| property).find(|property| {
        let values: Option<Vec<&String>> = constants
            .iter()
            .map(|own| own.iter().find(|(name, _)| name == *property).map(|(_, value)| value))
            .collect();
        values.is_some_and(|values| values.iter().collect::<HashSet<_>>().len() == values.len())
    });
    let Some(tag) = tag.cloned() else { return };
    for (event, own) in webhooks.events.iter_mut().zip(&constants) {
        event.tag = own.iter().find(|(name, _)| *name == tag).map(|(_, value)| value.clone());
    }
    webhooks.tag = Some(tag);
}

/// The required fields of a payload that hold one string value only (a `const`, or an enum of
/// one value): their wire names and values.
fn constant_fields(payload: &Type, models: &ModelIndex) -> Option<Vec<(String, String)>> {
    let Type::Named(name) = payload else { return None };
    let ModelKind::Struct(structure) = &models.get(name)?.kind else { return None };
    let fields = structure.fields.iter().filter(|field| field.presence == Presence::Required);
    let constants = fields.filter_map(|field| {
        let Type::Named(value_type) = &field.ty else { return None };
        match &models.get(value_type)?.kind {
            ModelKind::Enum(values) if values.len() == 1 => {
                values.first().map(|value| (field.wire_name.clone(), value.wire_name.clone()))
            }
            _ => None,
        }
    });
    Some(constants.collect())
}
