//! Operations: their parameters, bodies, responses and security.
//!
//! What a spec writes that the client cannot send as written is read the nearest way it can, with
//! a warning: an operation is left out only when nothing of it could be called.

use std::collections::HashSet;

use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::cli::{self, Flags, Models};
use super::links::DraftLink;
use super::refs::{LINKS, PARAMETERS, REQUEST_BODIES, RESPONSES, SECURITY_SCHEMES};
use super::schemas::SchemaRef;
use super::{Lowerer, docs, paging, template_names};
use crate::diagnostic::{Diagnostic, Pointer, Severity};
use crate::ir::{
    Auth, BodyEncoding, ErrorResponse, IntegerWidth, Location, Method, Operation, Parameter, Passing, PathPart,
    RequestBody, Response, ResponseBody, RustName, SampleValue, Setters, Style, Type, WaiterFlag, WaiterFlags,
    reserved,
};
use crate::names;

/// Header parameters OpenAPI says to ignore: the body, the security schemes and the response types
/// set them.
const IGNORED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];

/// The security scheme extension that asks for Huawei Cloud's request signing.
pub(super) const SIGNING_EXTENSION: &str = "x-huaweicloud-signing";

/// The signing algorithm the Huawei Cloud runtime implements.
pub(super) const SIGNING_ALGORITHM: &str = "SDK-HMAC-SHA256";

/// A parameter as declared, before it is sorted into client-level and per-call ones.
struct Declared<'a> {
    data: &'a openapiv3::ParameterData,
    location: Location,
    style: Style,
    at: Pointer,
}

/// An operation read from the spec, before every model is known: [`Draft::finish`] adds what needs
/// them (its command line, and a sample body when the spec gives no example).
pub(super) struct Draft {
    wire_name: String,
    fn_name: RustName,
    request_type: RustName,
    method: Method,
    path_template: String,
    path: Vec<PathPart>,
    parameters: Vec<Parameter>,
    body: Option<DraftBody>,
    response: Response,
    auth: Vec<Auth>,
    idempotent: bool,
    paging: paging::Draft,
    docs: Vec<String>,
    summary: String,
    /// Its first tag: the command line lists it under it.
    group: Option<String>,
    /// The success response's links, resolved once every operation is known.
    links: Vec<DraftLink>,
}

struct DraftBody {
    ty: Type,
    required: bool,
    encoding: BodyEncoding,
    media_type: String,
    setters: Option<Setters>,
    docs: Vec<String>,
    /// The spec's example, if it gives one.
    example: Option<serde_json::Value>,
}

impl Draft {
    pub(super) fn finish(self, models: &Models, flags: &Flags) -> Result<(Operation, Vec<DraftLink>), Diagnostic> {
        let body = self.body.map(|body| RequestBody {
            example: body.example.unwrap_or_else(|| cli::example(&body.ty, &|name| cli::find(models, name), 0)),
            passing: passing(&body.ty),
            setters: body.setters,
            ty: body.ty,
            required: body.required,
            encoding: body.encoding,
            media_type: body.media_type,
            docs: body.docs,
        });
        let mut command = flags.command(&self.fn_name, &self.parameters, body.as_ref(), models);
        command.group = self.group;
        let static_name = names::shouty(self.fn_name.word());
        let extensions = self.paging.finish(
            paging::Operation {
                static_name: &static_name,
                parameters: &self.parameters,
                body: body.as_ref(),
                response: &self.response,
            },
            models,
        )?;
        command.items = extensions.pagination.as_ref().map(|pagination| pagination.items.wire_name.clone());
        let flags: Vec<WaiterFlag> = extensions
            .waiters
            .iter()
            .map(|waiter| WaiterFlag { value: waiter.flag_value.clone(), static_name: waiter.static_name.clone() })
            .collect();
        command.waiters = (!flags.is_empty())
            .then(|| WaiterFlags { static_name: names::shouty(&format!("{}_waiters", static_name.word())), flags });
        command.watch = extensions.progress.is_some();
        command.progress = extensions.progress;
        let operation = Operation {
            static_name,
            wire_name: self.wire_name,
            fn_name: self.fn_name,
            request_type: self.request_type,
            method: self.method,
            path_template: self.path_template,
            path: self.path,
            parameters: self.parameters,
            body,
            response: self.response,
            auth: self.auth,
            idempotent: self.idempotent,
            pagination: extensions.pagination,
            waiters: extensions.waiters,
            docs: self.docs,
            summary: self.summary,
            command,
            follow_up: None,
        };
        Ok((operation, self.links))
    }
}

/// Names already given: operationIds as written, method names and request builder types.
#[derive(Default)]
pub(super) struct OperationNames {
    wire: HashSet<String>,
    methods: HashSet<String>,
    requests: HashSet<String>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Draft> {
        let mut operations = Vec::new();
        let mut names = OperationNames {
            methods: reserved::METHODS.iter().map(|name| name.to_string()).collect(),
            requests: reserved::REQUEST_EXPORTS.iter().map(|name| name.to_string()).collect(),
            ..Default::default()
        };
        if self.raw.get("webhooks").is_some() {
            self.warn(
                Pointer::root()
                    .push("webhooks")
                    .warning("ignored", "webhooks are requests the service sends, not calls a client makes")
                    .note("ignored")
                    .at_key(),
            );
        }
        for (path, item) in self.doc.paths.iter() {
            let item_at = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.warn(
                        item_at
                            .warning(
                                "operation skipped",
                                format!("a path item given by reference (`{reference}`) is not followed"),
                            )
                            .note("its operations are left out"),
                    );
                    continue;
                }
            };
            if !item.servers.is_empty() {
                self.note_servers(&item_at.push("servers"));
            }
            for (method, operation) in item.iter() {
                let at = item_at.push(method);
                match self.operation(path, method, &item.parameters, operation, &at, &mut names) {
                    Ok(draft) => operations.push(draft),
                    Err(problem) if problem.severity == Severity::Error => self.fail(problem),
                    Err(problem) => self.warn(problem),
                }
            }
        }
        operations
    }

    fn note_servers(&mut self, at: &Pointer) {
        self.warn(
            at.warning("ignored", "servers declared on a path or an operation are not used")
                .note("the client sends every request to its endpoint (the spec's first server, or the configured one)")
                .at_key(),
        );
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        shared_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        names: &mut OperationNames,
    ) -> Result<Draft, Diagnostic> {
        let method = Method::from_key(method)
            .ok_or_else(|| at.warning("operation skipped", format!("unknown method `{method}`")))?;
        let wire_name = match &operation.operation_id {
            Some(id) if names.wire.insert(id.clone()) => id.clone(),
            Some(id) => {
                self.warn(
                    at.push("operationId")
                        .warning("duplicate name", format!("operationId `{id}` is used by another operation"))
                        .note("this one's method takes a numbered name"),
                );
                id.clone()
            }
            None => format!("{} {}", method.as_str().to_lowercase(), path.replace(['{', '}'], "")),
        };
        let fn_name = names::unique(names::snake(&wire_name), &mut names.methods);
        let request_type = names::unique(names::pascal(fn_name.word()), &mut names.requests);
        let type_context = names::pascal(&wire_name).word().to_owned();
        if !operation.servers.is_empty() {
            self.note_servers(&at.push("servers"));
        }
        if !operation.callbacks.is_empty() {
            self.warn(
                at.push("callbacks")
                    .warning("ignored", "callbacks are requests the service sends, not calls a client makes")
                    .note("ignored")
                    .at_key(),
            );
        }

        let declared = self.declared_parameters(shared_parameters, &operation.parameters, at);
        let mut parameters = Vec::new();
        let mut client_level = Vec::new();
        let mut arg_names: HashSet<String> = reserved::ARGUMENTS.iter().map(|name| name.to_string()).collect();
        for parameter in declared {
            if parameter.location == Location::Header
                && IGNORED_HEADERS.iter().any(|h| parameter.data.name.eq_ignore_ascii_case(h))
            {
                // The spec says so: these are set from the body, the security schemes and the response types.
                continue;
            }
            if is_client_parameter(parameter.data, &parameter.at)? {
                client_level.push(self.client_parameter(&parameter)?);
                continue;
            }
            let context = format!("{type_context}{}", names::pascal(&parameter.data.name).word());
            let (mut lowered, style) = match &parameter.data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), &context), parameter.style)
                }
                // A parameter described by a media type is sent as that media type's text: JSON.
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media_type, media)) => {
                        let ty = self.media_type(media, &parameter.at.push("content").push(media_type), &context);
                        (super::schemas::Lowered::typed(ty), Style::Json)
                    }
                    None => (super::schemas::Lowered::typed(Type::String), parameter.style),
                },
            };
            if parameter.data.description.is_some() {
                lowered.description = parameter.data.description.clone();
            }
            let required = parameter.data.required;
            let ty = lowered.ty.clone();
            parameters.push(Parameter {
                wire_name: parameter.data.name.clone(),
                rust_name: names::unique(names::snake(&parameter.data.name), &mut arg_names),
                location: parameter.location,
                docs: lowered.docs(),
                required,
                style,
                passing: passing(&ty),
                setters: None,
                sample: self.sample_value(&ty, required, parameter.data.example.as_ref(), &parameter.data.name),
                ty,
                rules: lowered.rules,
            });
        }
        let path_parts = self.path_parts(path, &client_level, &mut parameters, &mut arg_names, at);
        let mut body = self.request_body(operation, at, &type_context);
        let mut request_methods: HashSet<String> =
            reserved::REQUEST_METHODS.iter().map(|name| name.to_string()).collect();
        let paging = paging::read(&operation.extensions, at, &mut request_methods)?;
        assign_setters(&mut parameters, body.as_mut(), request_methods);
        let (response, links) = self.response(operation, at, &type_context);
        let auth = self.security(operation, at);
        let idempotent =
            method.is_idempotent() || operation.extensions.get("x-idempotent") == Some(&serde_json::Value::Bool(true));
        let signature = format!("`{} {path}` (`{wire_name}`)", method.as_str());
        Ok(Draft {
            summary: cli::summary(operation),
            group: operation.tags.first().cloned(),
            links,
            docs: docs::join([
                docs::paragraphs(operation.summary.as_deref()),
                docs::paragraphs(operation.description.as_deref()),
                vec![signature],
            ]),
            wire_name,
            fn_name,
            request_type,
            method,
            path_template: path.to_owned(),
            path: path_parts,
            parameters,
            body,
            response,
            auth,
            idempotent,
            paging,
        })
    }

    /// Path-item parameters, then the operation's own; an operation's parameter replaces a
    /// path-item one with the same name and location.
    fn declared_parameters(
        &mut self,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
    ) -> Vec<Declared<'a>> {
        let path_item_at = at.parent();
        let mut declared: Vec<Declared<'a>> = Vec::new();
        let lists = [(shared, path_item_at.push("parameters")), (own, at.push("parameters"))];
        for (list, list_at) in lists {
            for (index, parameter) in list.iter().enumerate() {
                let item_at = list_at.push(index.to_string());
                let (parameter, parameter_at) = match parameter {
                    ReferenceOr::Item(parameter) => (parameter, item_at),
                    ReferenceOr::Reference { reference } => match self.follow(reference, &PARAMETERS, &item_at) {
                        Ok(found) => found,
                        Err(warning) => {
                            self.warn(warning.note("the parameter is left out"));
                            continue;
                        }
                    },
                };
                let (data, location, style) = self.style(parameter, &parameter_at);
                if location == Location::Path && !data.required {
                    self.warn(
                        parameter_at
                            .push("required")
                            .warning("value coerced", "a path parameter is always required")
                            .note("read as `required: true`"),
                    );
                }
                let same = |d: &Declared| d.data.name == data.name && d.location == location;
                declared.retain(|d| !same(d));
                declared.push(Declared { data, location, style, at: parameter_at });
            }
        }
        declared
    }

    /// A parameter's data, location and style.
    fn style(
        &mut self,
        parameter: &'a openapiv3::Parameter,
        at: &Pointer,
    ) -> (&'a openapiv3::ParameterData, Location, Style) {
        use openapiv3::{Parameter as P, PathStyle, QueryStyle};
        let explode = |data: &openapiv3::ParameterData, default: bool| data.explode.unwrap_or(default);
        match parameter {
            P::Path { parameter_data, style } => {
                if !matches!(style, PathStyle::Simple) {
                    self.warn(
                        at.push("style")
                            .warning("value coerced", "only the `simple` style is written in paths")
                            .note("read as `style: simple`"),
                    );
                }
                (parameter_data, Location::Path, Style::Simple { explode: explode(parameter_data, false) })
            }
            P::Query { parameter_data, style, .. } => {
                let style = match style {
                    QueryStyle::Form => Style::Form { explode: explode(parameter_data, true) },
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                };
                (parameter_data, Location::Query, style)
            }
            P::Header { parameter_data, .. } => {
                (parameter_data, Location::Header, Style::Simple { explode: explode(parameter_data, false) })
            }
            P::Cookie { parameter_data, .. } => {
                (parameter_data, Location::Cookie, Style::Form { explode: explode(parameter_data, true) })
            }
        }
    }

    /// Records a client-level parameter (the same for every operation that uses it).
    fn client_parameter(&mut self, parameter: &Declared<'a>) -> Result<String, Diagnostic> {
        let name = &parameter.data.name;
        if parameter.location != Location::Path {
            return Err(parameter
                .at
                .error("invalid extension", "`x-client-parameter` is supported on path parameters only"));
        }
        let ParameterSchemaOrContent::Schema(schema) = &parameter.data.format else {
            return Err(parameter.at.error("invalid extension", "a client parameter needs a `schema`"));
        };
        let lowered = self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), "ClientParameter");
        if lowered.ty != Type::String {
            return Err(parameter.at.push("schema").error("invalid extension", "a client parameter must be a string"));
        }
        let description = docs::paragraphs(parameter.data.description.as_deref());
        let client_parameter = DeclaredClientParameter {
            wire_name: name.clone(),
            docs: docs::join([description, docs::rule_lines(&lowered.rules, None)]),
            rules: lowered.rules,
        };
        match self.client_parameters.iter().find(|p| p.wire_name == *name) {
            Some(existing) if *existing != client_parameter => Err(parameter.at.error(
                "invalid extension",
                format!("client parameter `{name}` is declared elsewhere with a different description or schema"),
            )),
            Some(_) => Ok(name.clone()),
            None => {
                self.client_parameters.push(client_parameter);
                Ok(name.clone())
            }
        }
    }

    /// Splits a path template into literal text, client parameters and per-call arguments. A
    /// `{name}` no parameter declares becomes a string parameter; a declared path parameter the
    /// template does not name is left out.
    fn path_parts(
        &mut self,
        path: &str,
        client_level: &[String],
        parameters: &mut Vec<Parameter>,
        arg_names: &mut HashSet<String>,
        at: &Pointer,
    ) -> Vec<PathPart> {
        let in_template: Vec<&str> = template_names(path).collect();
        parameters.retain(|p| {
            let kept = p.location != Location::Path || in_template.contains(&p.wire_name.as_str());
            if !kept {
                self.warnings.push(
                    at.warning(
                        "parameter skipped",
                        format!("path parameter `{}` does not appear in the path", p.wire_name),
                    )
                    .note("left out"),
                );
            }
            kept
        });
        for name in &in_template {
            let declared = client_level.iter().any(|c| c == name)
                || parameters.iter().any(|p| p.location == Location::Path && p.wire_name == *name);
            if !declared {
                self.warn(
                    at.warning("parameter added", format!("`{{{name}}}` in the path has no path parameter"))
                        .note("read as a required string parameter"),
                );
                parameters.push(Parameter {
                    wire_name: (*name).to_owned(),
                    rust_name: names::unique(names::snake(name), arg_names),
                    location: Location::Path,
                    ty: Type::String,
                    required: true,
                    docs: Vec::new(),
                    rules: Default::default(),
                    style: Style::Simple { explode: false },
                    passing: Passing::Into,
                    setters: None,
                    sample: SampleValue::Text(format!("{{{name}}}")),
                });
            }
        }
        // Path parameters in the order the path names them, then the rest as declared.
        let position = |p: &Parameter| match p.location {
            Location::Path => in_template.iter().position(|name| *name == p.wire_name).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        parameters.sort_by_key(|p| position(p));
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            if client_level.iter().any(|c| c == name) {
                parts.push(PathPart::Client(name.to_owned()));
            } else if let Some(index) =
                parameters.iter().position(|p| p.location == Location::Path && p.wire_name == name)
            {
                parts.push(PathPart::Argument(index));
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }

    fn request_body(&mut self, operation: &'a openapiv3::Operation, at: &Pointer, context: &str) -> Option<DraftBody> {
        let body = operation.request_body.as_ref()?;
        let body_at = at.push("requestBody");
        let (body, body_at) = match body {
            ReferenceOr::Item(body) => (body, body_at),
            ReferenceOr::Reference { reference } => match self.follow(reference, &REQUEST_BODIES, &body_at) {
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
            BodyEncoding::Text | BodyEncoding::Binary => Some(serde_json::Value::String(String::new())),
        };
        Some(DraftBody {
            ty,
            required: body.required,
            encoding,
            media_type: media_type.clone(),
            setters: None,
            docs: docs::paragraphs(body.description.as_deref()),
            example,
        })
    }

    /// The success body (of the lowest 2xx status the operation declares, else `default`) and every
    /// error response, `default` last.
    fn response(
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
            (status.to_string(), success, response)
        });
        let has_success = operation.responses.responses.keys().any(|status| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        });
        // With no 2xx response declared, `default` describes success.
        let default = operation.responses.default.iter().map(|response| ("default".to_owned(), !has_success, response));
        let mut body = None;
        let mut links = Vec::new();
        let mut errors = Vec::new();
        for (status, success, response) in declared.chain(default) {
            let response_at = responses_at.push(&status);
            let (response, response_at) = match response {
                ReferenceOr::Item(response) => (response, response_at),
                ReferenceOr::Reference { reference } => match self.follow(reference, &RESPONSES, &response_at) {
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
                    let error_context =
                        format!("{context}Error{}", if status == "default" { "Default" } else { &status });
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
                ReferenceOr::Reference { reference } => match self.follow(reference, &LINKS, &link_at) {
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

    fn media_type(&mut self, media: &'a MediaType, at: &Pointer, context: &str) -> Type {
        match &media.schema {
            Some(schema) => self.schema(SchemaRef::Plain(schema), &at.push("schema"), context).standalone_type(),
            None => Type::Any,
        }
    }

    /// The ways the operation can be authenticated: its own `security`, else the document's. A
    /// scheme the client cannot use is left out of the alternatives, with a warning.
    fn security(&mut self, operation: &openapiv3::Operation, at: &Pointer) -> Vec<Auth> {
        let (requirements, requirements_at) = match &operation.security {
            Some(own) => (own, at.push("security")),
            None => match &self.doc.security {
                Some(shared) => (shared, Pointer::root().push("security")),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let requirement_at = requirements_at.push(index.to_string());
            // `{}`: the call may also be made without credentials.
            if requirement.is_empty() {
                continue;
            }
            let schemes: Option<Vec<Auth>> =
                requirement.keys().map(|name| self.security_scheme(name, &requirement_at.push(name))).collect();
            let Some(mut schemes) = schemes else { continue };
            let auth = if schemes.len() == 1 { schemes.remove(0) } else { Auth::All(schemes) };
            if !alternatives.contains(&auth) {
                alternatives.push(auth);
            }
        }
        alternatives
    }

    fn security_scheme(&mut self, name: &str, used_at: &Pointer) -> Option<Auth> {
        let reference = Pointer::root().push("components").push("securitySchemes").push(name);
        let (scheme, at) = match self.follow(reference.as_str(), &SECURITY_SCHEMES, used_at) {
            Ok(found) => found,
            Err(warning) => {
                self.warn(warning.at_key().note("requirements naming it are left out"));
                return None;
            }
        };
        use openapiv3::{APIKeyLocation, SecurityScheme};
        match scheme {
            // The algorithm is checked once, with the platform.
            SecurityScheme::APIKey { location, name: key, extensions, .. } => match extensions.get(SIGNING_EXTENSION) {
                Some(_) => Some(Auth::Signature),
                None => {
                    let location = match location {
                        APIKeyLocation::Header => Location::Header,
                        APIKeyLocation::Query => Location::Query,
                        APIKeyLocation::Cookie => Location::Cookie,
                    };
                    Some(Auth::ApiKey { scheme: name.to_owned(), location, name: key.clone() })
                }
            },
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer),
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Some(Auth::Basic),
            SecurityScheme::HTTP { scheme, .. } => {
                self.warn(
                    at.push("scheme")
                        .warning("security skipped", format!("HTTP `{scheme}` authentication is not supported"))
                        .note("expected `basic` or `bearer`; requirements naming it are left out"),
                );
                None
            }
            // Both end in an access token sent as a bearer token; obtaining it is up to the caller.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(Auth::Bearer),
        }
    }
}

impl Lowerer<'_> {
    /// What a sample program passes for a parameter: the spec's example where it fits, else a
    /// placeholder of the right type; nothing for an optional one without an example.
    fn sample_value(
        &self,
        ty: &Type,
        required: bool,
        example: Option<&serde_json::Value>,
        wire_name: &str,
    ) -> SampleValue {
        if !required && example.is_none() {
            return SampleValue::Absent;
        }
        match ty {
            Type::Bool => SampleValue::Bool(example.and_then(|e| e.as_bool()).unwrap_or(false)),
            Type::Integer(_) | Type::Number(_) => {
                let example = example.and_then(serde_json::Value::as_i64);
                // A sample that does not fit the parameter's type is replaced by 0.
                let fits =
                    |value: &i64| !matches!(ty, Type::Integer(IntegerWidth::I32)) || i32::try_from(*value).is_ok();
                SampleValue::Integer(example.filter(fits).unwrap_or(0), ty.clone())
            }
            Type::String | Type::Secret => SampleValue::Text(
                example.and_then(|e| e.as_str().map(str::to_owned)).unwrap_or_else(|| format!("{{{wire_name}}}")),
            ),
            Type::Array(_) => SampleValue::EmptyList,
            Type::Named(name) if self.enum_models.contains(name.word()) => SampleValue::FirstOf(name.clone()),
            other => {
                let example =
                    example.cloned().unwrap_or_else(|| cli::example(other, &|name| self.model_named(name), 0));
                SampleValue::FromJson(example, other.clone())
            }
        }
    }
}

/// A client-level parameter as declared; the command line's flag for it is added once every
/// operation's flags are known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DeclaredClientParameter {
    pub wire_name: String,
    pub docs: Vec<String>,
    pub rules: crate::ir::Rules,
}

/// How a method takes a value of `ty`: scalars as they are (a literal `10` must not need a
/// suffix to pick a conversion), the rest as anything that converts into it.
fn passing(ty: &Type) -> Passing {
    match ty {
        Type::Bool | Type::Integer(_) | Type::Number(_) | Type::Nullable(_) => Passing::Value,
        _ => Passing::Into,
    }
}

/// Names the request builder's setters for each optional parameter, and the body if it is
/// optional: `limit` and `set_limit`, clear of the builder's other methods (`taken`) and of each
/// other.
fn assign_setters(parameters: &mut [Parameter], body: Option<&mut DraftBody>, mut taken: HashSet<String>) {
    let mut setters = |name: &RustName| Setters {
        set: names::unique(name.clone(), &mut taken),
        set_option: names::unique(names::snake(&format!("set_{}", name.word())), &mut taken),
    };
    for parameter in parameters.iter_mut().filter(|parameter| !parameter.required) {
        parameter.setters = Some(setters(&parameter.rust_name));
    }
    if let Some(body) = body.filter(|body| !body.required) {
        body.setters = Some(setters(&RustName::plain(reserved::BODY)));
    }
}

fn is_client_parameter(data: &openapiv3::ParameterData, at: &Pointer) -> Result<bool, Diagnostic> {
    match data.extensions.get("x-client-parameter") {
        None | Some(serde_json::Value::Bool(false)) => Ok(false),
        Some(serde_json::Value::Bool(true)) => Ok(true),
        Some(_) => Err(at.push("x-client-parameter").error("invalid extension", "expected `true` or `false`")),
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
