//! Bodies: the request body and the media type it is sent as, the success answer and the error
//! answers the spec describes, and the links a success answer gives.

use openapiv3::{MediaType, ReferenceOr, StatusCode};
use serde_json::Value;

use crate::diagnostic::Pointer;
use crate::ir::{BodyEncoding, ErrorResponse, RequestBody, Response, ResponseBody, Status, Type};
use crate::lower::docs;
use crate::lower::links::DraftLink;
use crate::lower::lowerer::Lowerer;
use crate::lower::refs::{LINKS, REQUEST_BODIES, RESPONSES};
use crate::lower::schemas::SchemaRef;
use crate::lower::setters::passing;

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
        let Some((media_type, media, encoding)) = preferred_media(&body.content) else {
            self.warn(
                body_at
                    .push("content")
                    .warning("body skipped", "a request body with no media type")
                    .note("sent without a body"),
            );
            return None;
        };
        let media_at = body_at.push("content").push(media_type);
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                self.media_type(media, &media_at, &format!("{context}Body"))
            }
            BodyEncoding::Text => Type::String,
            BodyEncoding::Binary => Type::Binary,
        };
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
            BodyEncoding::Text | BodyEncoding::Binary => Some(Value::String(String::new())),
        };
        let body = RequestBody {
            passing: passing(&ty),
            ty,
            required: body.required,
            encoding,
            media_type: media_type.clone(),
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
                    body = Some(self.success_body(response, &response_at, &format!("{context}Response")));
                    links = self.links(response, &response_at);
                }
                continue;
            }
            let error_body = match json_content(&response.content) {
                Some((media_type, media)) => {
                    let error_context = match status {
                        Status::Default => format!("{context}ErrorDefault"),
                        status => format!("{context}Error{status}"),
                    };
                    Some(self.media_type(media, &response_at.push("content").push(media_type), &error_context))
                }
                None => None,
            };
            errors.push(ErrorResponse { status, description: response.description.clone(), body: error_body });
        }
        (Response { body: body.unwrap_or(ResponseBody::Empty), errors }, links)
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

    fn success_body(&mut self, response: &'a openapiv3::Response, at: &Pointer, context: &str) -> ResponseBody {
        if let Some((media_type, media)) = json_content(&response.content) {
            return ResponseBody::Json(self.media_type(media, &at.push("content").push(media_type), context));
        }
        match response.content.keys().next() {
            None => ResponseBody::Empty,
            Some(media_type) if essence(media_type).starts_with("text/") => ResponseBody::Text,
            Some(_) => ResponseBody::Bytes,
        }
    }

    pub(super) fn media_type(&mut self, media: &'a MediaType, at: &Pointer, context: &str) -> Type {
        match &media.schema {
            Some(schema) => self.schema(SchemaRef::Plain(schema), &at.push("schema"), context).standalone_type(),
            None => Type::Any,
        }
    }
}

/// A media type without its parameters, lower case: `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
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

/// The media type a request body is sent as: JSON first, then a form, multipart, text, and then
/// the first other one (sent as bytes).
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
