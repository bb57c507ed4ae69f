//! Bodies: the request body and the media type it is sent as, the success answer and the error
//! answers the spec describes, and the links a success answer gives.

use openapiv3::{MediaType, ReferenceOr, StatusCode};
use serde_json::Value;

use crate::diagnostic::Pointer;
use crate::ir::{
    BodyEncoding, ErrorResponse, RequestBody, Response, ResponseBody, Status, StreamFormat, Type, XmlElement,
};
use crate::lower::docs;
use crate::lower::links::DraftLink;
use crate::lower::lowerer::Lowerer;
use crate::lower::refs::{LINKS, REQUEST_BODIES, RESPONSES};
use crate::lower::schemas::SchemaRef;
use crate::lower::setters::passing;
use crate::lower::xml::XmlUse;
use crate::parse::upgrade::ITEM_SCHEMA;

/// The fields of a server-sent event; an object schema of these (with `data`) describes a whole
/// event, as OpenAPI 3.2 writes an event stream's `itemSchema`.
const EVENT_FIELDS: [&str; 4] = ["data", "event", "id", "retry"];

impl<'a> Lowerer<'a> {
    /// The request body, with the spec's example of it if there is one.
    pub(in crate::lower) fn request_body(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        context: &str,
    ) -> Option<(RequestBody, Option<Value>)> {
        let body = operation.request_body.as_ref()?;
        let body_at = at.push("requestBody");
        let (body, body_at) = match body {
            ReferenceOr::Item(body) => (body, body_at),
            ReferenceOr::Reference { reference } => match self.refs.follow(reference, &REQUEST_BODIES, &body_at) {
                Ok(found) => found,
                Err(warning) => {
                    self.warn(warning.note("the operation is sent without a body"));
                    return None;
                }
            },
        };
        let content_at = body_at.push("content");
        let body_context = format!("{context}Body");
        // JSON first, then XML typed by its schema, then the others.
        let xml = match json_content(&body.content) {
            Some(_) => None,
            None => self.xml_body(&body.content, &content_at, &body_context, XmlUse::Sent),
        };
        let (media_type, media, encoding, ty) = match xml {
            Some((media_type, media, ty, root)) => (media_type, media, BodyEncoding::Xml(Box::new(root)), ty),
            None => {
                let Some((media_type, media, encoding)) = preferred_media(&body.content) else {
                    self.warn(
                        content_at
                            .warning("body skipped", "a request body with no media type")
                            .note("sent without a body"),
                    );
                    return None;
                };
                let ty = match encoding {
                    BodyEncoding::Json | BodyEncoding::Xml(_) | BodyEncoding::Form | BodyEncoding::Multipart => {
                        self.media_type(media, &content_at.push(media_type), &body_context)
                    }
                    BodyEncoding::Text => Type::String,
                    BodyEncoding::Binary => Type::Binary,
                };
                (media_type, media, encoding, ty)
            }
        };
        let media_at = content_at.push(media_type);
        if encoding == BodyEncoding::Binary && !is_binary_media(media_type) {
            self.warn(
                media_at
                    .warning("body as bytes", format!("`{media_type}` bodies are sent as the bytes given"))
                    .note("the generator writes no encoder for it")
                    .at_key(),
            );
        }
        let schema_example = match &media.schema {
            Some(ReferenceOr::Item(schema)) => schema.schema_data.example.clone(),
            _ => None,
        };
        let example = match encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                media.example.clone().or(schema_example)
            }
            // An XML media type's example may be the document's text rather than the value.
            BodyEncoding::Xml(_) => media.example.clone().filter(|example| !example.is_string()).or(schema_example),
            BodyEncoding::Text | BodyEncoding::Binary => Some(Value::String(String::new())),
        };
        let body = RequestBody {
            passing: passing(&ty),
            ty,
            required: body.required,
            media_type: content_type(media_type, &encoding),
            encoding,
            setters: None,
            docs: docs::paragraphs(body.description.as_deref()),
            // Made from the schema once every model is known, when the spec gives none.
            example: Value::Null,
        };
        Some((body, example))
    }

    /// The success body (of the lowest 2xx status the operation declares, else `default`) and every
    /// error response, `default` last.
    pub(super) fn response(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        context: &str,
    ) -> (Response, Vec<DraftLink>) {
        let responses_at = at.push("responses");
        let declared = operation.responses.responses.iter().map(|(status, response)| {
            let success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            let status = match status {
                StatusCode::Code(code) => Status::Code(*code),
                StatusCode::Range(range) => Status::Range(*range),
            };
            (status, success, response)
        });
        let has_success = operation.responses.responses.keys().any(|status| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        });
        // With no 2xx response declared, `default` describes success.
        let default = operation.responses.default.iter().map(|response| (Status::Default, !has_success, response));
        let mut body = None;
        let mut links = Vec::new();
        let mut errors = Vec::new();
        let mut accepted: Vec<&'a str> = Vec::new();
        for (status, success, response) in declared.chain(default) {
            let response_at = responses_at.push(status.to_string());
            let (response, response_at) = match response {
                ReferenceOr::Item(response) => (response, response_at),
                ReferenceOr::Reference { reference } => match self.refs.follow(reference, &RESPONSES, &response_at) {
                    Ok(found) => found,
                    Err(warning) => {
                        self.warn(warning.note("read as a response without a body"));
                        continue;
                    }
                },
            };
            if success {
                if body.is_none() {
                    let (read, media_types) = self.success_body(response, &response_at, &format!("{context}Response"));
                    body = Some(read);
                    accepted.extend(media_types);
                    links = self.links(response, &response_at);
                }
                continue;
            }
            let error_context = match status {
                Status::Default => format!("{context}ErrorDefault"),
                status => format!("{context}Error{status}"),
            };
            let content_at = response_at.push("content");
            let (error_body, xml) = match json_content(&response.content) {
                Some((media_type, media)) => {
                    accepted.push(media_type);
                    (Some(self.media_type(media, &content_at.push(media_type), &error_context)), false)
                }
                None => match self.xml_body(&response.content, &content_at, &error_context, XmlUse::Received) {
                    Some((media_type, _, ty, _)) => {
                        accepted.push(media_type);
                        (Some(ty), true)
                    }
                    None => (None, false),
                },
            };
            errors.push(ErrorResponse { status, description: response.description.clone(), body: error_body, xml });
        }
        (Response { body: body.unwrap_or(ResponseBody::Empty), errors, accept: accept_header(&accepted) }, links)
    }

    /// A response's links, references followed.
    fn links(&mut self, response: &'a openapiv3::Response, at: &Pointer) -> Vec<DraftLink> {
        let mut links = Vec::new();
        for (name, link) in &response.links {
            let link_at = at.push("links").push(name);
            match link {
                ReferenceOr::Item(link) => links.push(DraftLink { link: link.clone(), at: link_at }),
                ReferenceOr::Reference { reference } => match self.refs.follow(reference, &LINKS, &link_at) {
                    Ok((link, at)) => links.push(DraftLink { link: link.clone(), at }),
                    Err(warning) => self.warn(warning.note("the link is not followed")),
                },
            }
        }
        links
    }

    /// How the success answer is read, and the media types it is read in.
    fn success_body(
        &mut self,
        response: &'a openapiv3::Response,
        at: &Pointer,
        context: &str,
    ) -> (ResponseBody, Vec<&'a str>) {
        if let Some((media_type, media)) = json_content(&response.content) {
            let ty = self.media_type(media, &at.push("content").push(media_type), context);
            return (ResponseBody::Json(ty), vec![media_type]);
        }
        if let Some((media_type, media, format)) = streamed_content(&response.content) {
            return (
                self.streamed_body(media, &at.push("content").push(media_type), format, context),
                vec![media_type],
            );
        }
        if let Some((media_type, _, ty, root)) =
            self.xml_body(&response.content, &at.push("content"), context, XmlUse::Received)
        {
            return (ResponseBody::Xml { ty, root }, vec![media_type]);
        }
        match response.content.keys().next() {
            None => (ResponseBody::Empty, Vec::new()),
            Some(media_type) if essence(media_type).starts_with("text/") => (ResponseBody::Text, vec![media_type]),
            // Bytes of any of the media types listed.
            Some(_) => (ResponseBody::Bytes, response.content.keys().map(String::as_str).collect()),
        }
    }

    /// An answer read item by item as it arrives, each item typed by the media type's
    /// `itemSchema` (OpenAPI 3.2), else by its `schema` (where 3.1 specs describe each item, an
    /// event's data among them). An event stream's items are their data: of the event a 3.2
    /// `itemSchema` describes, its `data` field's `contentSchema` (JSON in the text), else the
    /// text as it is.
    fn streamed_body(
        &mut self,
        media: &'a MediaType,
        media_at: &Pointer,
        format: StreamFormat,
        context: &str,
    ) -> ResponseBody {
        let Some((schema, schema_at)) = self.item_schema(media, media_at) else {
            // Nothing says what an item holds: event data is text, other items any JSON.
            return match format {
                format if format.is_events() => {
                    ResponseBody::Stream { format: StreamFormat::TextEvents, item: Type::String }
                }
                format => ResponseBody::Stream { format, item: Type::Any },
            };
        };
        let (schema, schema_at) = match format {
            StreamFormat::Events | StreamFormat::TextEvents => match self.event_data(&schema_at) {
                EventData::Whole => (schema, schema_at),
                EventData::Json(Some((content, content_at))) => (content, content_at),
                EventData::Json(None) => return ResponseBody::Stream { format: StreamFormat::Events, item: Type::Any },
                EventData::Text => {
                    return ResponseBody::Stream { format: StreamFormat::TextEvents, item: Type::String };
                }
            },
            StreamFormat::JsonLines | StreamFormat::JsonSeq => (schema, schema_at),
        };
        let item = self.schema(schema, &schema_at, context).standalone_type();
        let format = match (format, &item) {
            // Data described as a string is the text as it is, not JSON text.
            (StreamFormat::Events | StreamFormat::TextEvents, Type::String) => StreamFormat::TextEvents,
            (StreamFormat::Events | StreamFormat::TextEvents, _) => StreamFormat::Events,
            (format, _) => format,
        };
        ResponseBody::Stream { format, item }
    }

    /// The schema of each item of a sequence and where it is: the media type's `itemSchema` (kept
    /// under an extension key by the upgrade of 3.2 documents), else its `schema`.
    fn item_schema(&mut self, media: &'a MediaType, media_at: &Pointer) -> Option<(SchemaRef<'a>, Pointer)> {
        if media.extensions.contains_key(ITEM_SCHEMA) {
            let item_at = media_at.push(ITEM_SCHEMA);
            match self.refs.schema_at(&item_at) {
                Some(schema) => return Some((SchemaRef::Plain(schema), item_at)),
                None => self.warn(
                    item_at
                        .warning("schema ignored", "`itemSchema` does not read as a schema")
                        .note("each item is read as the media type's `schema` says"),
                ),
            }
        }
        media.schema.as_ref().map(|schema| (SchemaRef::Plain(schema), media_at.push("schema")))
    }

    /// What the schema at `schema_at` says of an event's data: when it describes the whole event
    /// as OpenAPI 3.2 does (an object of the event's fields, its own or its `allOf` parts', whose
    /// `data` is a string), how that string is read; else the schema is the data's own.
    fn event_data(&mut self, schema_at: &Pointer) -> EventData<'a> {
        let Some(data_at) = self.event_data_at(schema_at) else { return EventData::Whole };
        let Some((data, data_at)) = self.raw_schema(&data_at) else { return EventData::Text };
        if data.get("contentSchema").is_none() {
            let json = data.get("contentMediaType").and_then(Value::as_str).is_some_and(is_json);
            return if json { EventData::Json(None) } else { EventData::Text };
        }
        let content_at = data_at.push("contentSchema");
        match self.refs.schema_at(&content_at) {
            Some(schema) => EventData::Json(Some((SchemaRef::Plain(schema), content_at))),
            None => {
                self.warn(
                    content_at
                        .warning("schema ignored", "`contentSchema` does not read as a schema")
                        .note("each event's data is read as any JSON value"),
                );
                EventData::Json(None)
            }
        }
    }

    /// Where the `data` field of an event is described, when the schema at `schema_at` describes a
    /// whole event: an object whose properties (its own and its `allOf` parts') are all fields of
    /// an event, `data` a string among them.
    fn event_data_at(&mut self, schema_at: &Pointer) -> Option<Pointer> {
        let (schema, schema_at) = self.raw_schema(schema_at)?;
        let mut parts = vec![(schema, schema_at.clone())];
        if let Some(Value::Array(all_of)) = schema.get("allOf") {
            for index in 0..all_of.len() {
                parts.push(self.raw_schema(&schema_at.push("allOf").push(index.to_string()))?);
            }
        }
        let mut data_at = None;
        for (part, part_at) in parts {
            let Some(Value::Object(properties)) = part.get("properties") else { continue };
            if properties.keys().any(|name| !EVENT_FIELDS.contains(&name.as_str())) {
                return None;
            }
            if properties.contains_key("data") && data_at.is_none() {
                data_at = Some(part_at.push("properties").push("data"));
            }
        }
        let data_at = data_at?;
        let (data, _) = self.raw_schema(&data_at)?;
        let text = data.get("type").and_then(Value::as_str) == Some("string")
            || data.get("contentSchema").is_some()
            || data.get("contentMediaType").is_some();
        text.then_some(data_at)
    }

    /// The schema at `at` in the document as written (upgraded), its references followed.
    fn raw_schema(&mut self, at: &Pointer) -> Option<(&'a Value, Pointer)> {
        self.refs.raw_schema(at)
    }

    /// The XML entry of a `content` map (at `content_at`) and its type, when a schema types it
    /// as more than text or bytes (which are sent and read as they are), with its root element.
    fn xml_body(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        content_at: &Pointer,
        context: &str,
        usage: XmlUse,
    ) -> Option<(&'a String, &'a MediaType, Type, XmlElement)> {
        let (media_type, media) = xml_content(content)?;
        let media_at = content_at.push(media_type);
        let ty = self.media_type(media, &media_at, context);
        if matches!(ty.without_null(), Type::String | Type::Secret | Type::Binary) {
            return None;
        }
        let fallback = match ty.without_null() {
            Type::Named(name) => name.word().to_owned(),
            _ => context.to_owned(),
        };
        let root = self.xml_root(&ty, &media_at.push("schema"), &fallback, usage);
        Some((media_type, media, ty, root))
    }

    pub(super) fn media_type(&mut self, media: &'a MediaType, at: &Pointer, context: &str) -> Type {
        match &media.schema {
            Some(schema) => self.schema(SchemaRef::Plain(schema), &at.push("schema"), context).standalone_type(),
            None => Type::Any,
        }
    }
}

/// What a schema describing a server-sent event says of its data.
enum EventData<'a> {
    /// The schema is not of a whole event: it is the data's own.
    Whole,
    /// JSON in the data's text, of this schema (and where it is) if one is given.
    Json(Option<(SchemaRef<'a>, Pointer)>),
    /// Text, as it is.
    Text,
}

/// A media type without its parameters, lower case: `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// The `Accept` header for answers read in `media_types`: each once, in order; `None` (any) when
/// no answer has a body, or one is read whatever its type (`*/*`).
fn accept_header(media_types: &[&str]) -> Option<String> {
    if media_types.is_empty() || media_types.iter().any(|media_type| essence(media_type) == "*/*") {
        return None;
    }
    let mut unique: Vec<&str> = Vec::new();
    for media_type in media_types {
        if !unique.iter().any(|seen| essence(seen) == essence(media_type)) {
            unique.push(media_type.trim());
        }
    }
    Some(unique.join(", "))
}

/// The `Content-Type` a body of `media_type` is sent with. A media range (`*/*`, `text/*`) names no
/// type a server could read, so the body is sent as the type its encoding writes.
fn content_type(media_type: &str, encoding: &BodyEncoding) -> String {
    if !essence(media_type).contains('*') {
        return media_type.to_owned();
    }
    match encoding {
        BodyEncoding::Json => "application/json",
        BodyEncoding::Xml(_) => "application/xml",
        BodyEncoding::Text => "text/plain",
        BodyEncoding::Form => "application/x-www-form-urlencoded",
        BodyEncoding::Multipart => "multipart/form-data",
        BodyEncoding::Binary => "application/octet-stream",
    }
    .to_owned()
}

fn is_binary_media(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/octet-stream"
        || essence.starts_with("image/")
        || essence.starts_with("audio/")
        || essence.starts_with("video/")
        || essence == "application/pdf"
        || essence == "application/zip"
}

/// The JSON entry of a `content` map: `application/json`, any `+json` type, or a wildcard.
fn json_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(media_type, _)| {
            let essence = essence(media_type);
            essence == "application/json" || essence.ends_with("+json")
        })
        .or_else(|| content.iter().find(|(media_type, media)| is_json(media_type) && media.schema.is_some()))
}

/// The first XML entry of a `content` map that has a schema: `application/xml`, `text/xml` or any
/// `+xml` type.
fn xml_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, media)| {
        let essence = essence(media_type);
        (essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")) && media.schema.is_some()
    })
}

/// The entry of a `content` map whose items are read one by one as they arrive, and how they
/// are cut: server-sent events, JSON lines, JSON text sequences.
fn streamed_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType, StreamFormat)> {
    content.iter().find_map(|(media_type, media)| {
        let format = match essence(media_type).as_str() {
            "text/event-stream" => StreamFormat::Events,
            "application/jsonl" | "application/x-ndjson" => StreamFormat::JsonLines,
            essence if essence == "application/json-seq" || essence.ends_with("+json-seq") => StreamFormat::JsonSeq,
            _ => return None,
        };
        Some((media_type, media, format))
    })
}

/// The media type a request body is sent as when no XML schema types it: JSON first, then a form,
/// multipart, text, and then the first other one (sent as bytes).
fn preferred_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType, BodyEncoding)> {
    if let Some((media_type, media)) = json_content(content) {
        return Some((media_type, media, BodyEncoding::Json));
    }
    let kinds =
        [("application/x-www-form-urlencoded", BodyEncoding::Form), ("multipart/form-data", BodyEncoding::Multipart)];
    for (wanted, encoding) in kinds {
        if let Some((media_type, media)) = content.iter().find(|(media_type, _)| essence(media_type) == wanted) {
            return Some((media_type, media, encoding));
        }
    }
    if let Some((media_type, media)) = content.iter().find(|(media_type, _)| essence(media_type).starts_with("text/")) {
        return Some((media_type, media, BodyEncoding::Text));
    }
    content.iter().next().map(|(media_type, media)| (media_type, media, BodyEncoding::Binary))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_header_lists_each_media_type_read_once_and_any_for_a_full_range() {
        assert_eq!(
            accept_header(&["application/json", "application/problem+json", "application/json"]).as_deref(),
            Some("application/json, application/problem+json")
        );
        assert_eq!(
            accept_header(&["application/vnd.a+json; version=2"]).as_deref(),
            Some("application/vnd.a+json; version=2")
        );
        assert_eq!(accept_header(&["application/json", "*/*"]), None);
        assert_eq!(accept_header(&[]), None);
    }

    #[test]
    fn a_media_range_is_sent_as_the_type_its_encoding_writes() {
        assert_eq!(content_type("*/*", &BodyEncoding::Json), "application/json");
        assert_eq!(content_type("application/*", &BodyEncoding::Json), "application/json");
        assert_eq!(content_type("text/*", &BodyEncoding::Text), "text/plain");
        assert_eq!(content_type("image/*", &BodyEncoding::Binary), "application/octet-stream");
        assert_eq!(content_type("application/merge-patch+json", &BodyEncoding::Json), "application/merge-patch+json");
        assert_eq!(content_type("text/csv; charset=utf-8", &BodyEncoding::Text), "text/csv; charset=utf-8");
    }
}
