//! Operations: their parameters, bodies, responses and security.

use std::collections::HashSet;

use openapiv3::{APIKeyLocation, MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::cli::{self, Flags, Models};
use super::schemas::SchemaRef;
use super::{Lowerer, docs, template_names};
use crate::error::{Pointer, Result};
use crate::ir::{
    Auth, BodyEncoding, ErrorResponse, Location, Method, Operation, Parameter, Passing, PathPart, RequestBody,
    Response, ResponseBody, RustName, SampleValue, Type, reserved,
};
use crate::names;

/// Header parameters OpenAPI says to ignore: the body, the security schemes and the response types
/// set them.
const IGNORED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];

const FORM: &str = "application/x-www-form-urlencoded";

/// The security scheme extension that asks for Huawei Cloud's request signing.
pub(super) const SIGNING_EXTENSION: &str = "x-huaweicloud-signing";

/// The signing algorithm the Huawei Cloud runtime implements.
const SIGNING_ALGORITHM: &str = "SDK-HMAC-SHA256";

/// A parameter as declared, before it is sorted into client-level and per-call ones.
struct Declared<'a> {
    data: &'a openapiv3::ParameterData,
    location: Location,
    at: Pointer,
    /// Query parameters only: whether the style is the default `form`.
    form_style: bool,
}

/// An operation read from the spec, before every model is known: [`Draft::finish`] adds what needs
/// them (its command line, and a sample body when the spec gives no example).
pub(super) struct Draft {
    wire_name: String,
    fn_name: RustName,
    method: Method,
    path_template: String,
    path: Vec<PathPart>,
    parameters: Vec<Parameter>,
    body: Option<DraftBody>,
    response: Response,
    auth: Vec<Auth>,
    idempotent: bool,
    docs: Vec<String>,
    summary: String,
}

struct DraftBody {
    ty: Type,
    required: bool,
    encoding: BodyEncoding,
    docs: Vec<String>,
    /// The spec's example, if it gives one.
    example: Option<serde_json::Value>,
}

impl Draft {
    pub(super) fn finish(self, models: &Models, flags: &Flags) -> Operation {
        let body = self.body.map(|body| RequestBody {
            example: body.example.unwrap_or_else(|| cli::example(&body.ty, models, 0)),
            passing: borrowed(&body.ty),
            ty: body.ty,
            required: body.required,
            encoding: body.encoding,
            docs: body.docs,
        });
        let command = flags.command(&self.fn_name, &self.parameters, body.as_ref(), models);
        Operation {
            static_name: names::shouty(self.fn_name.word()),
            wire_name: self.wire_name,
            fn_name: self.fn_name,
            method: self.method,
            path_template: self.path_template,
            path: self.path,
            parameters: self.parameters,
            body,
            response: self.response,
            auth: self.auth,
            idempotent: self.idempotent,
            docs: self.docs,
            summary: self.summary,
            command,
        }
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Result<Vec<Draft>> {
        let mut operations = Vec::new();
        let mut fn_names: HashSet<String> = reserved::METHODS.iter().map(|name| name.to_string()).collect();
        for (path, item) in self.doc.paths.iter() {
            let item_at = Pointer::root().push("paths").push(path);
            let ReferenceOr::Item(item) = item else {
                return Err(item_at.error("a path item given by `$ref` is not supported"));
            };
            for (method, operation) in item.iter() {
                let at = item_at.push(method);
                operations.push(self.operation(path, method, &item.parameters, operation, &at, &mut fn_names)?);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        shared_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        fn_names: &mut HashSet<String>,
    ) -> Result<Draft> {
        let method = Method::from_key(method).ok_or_else(|| at.error(format!("unknown method `{method}`")))?;
        let wire_name = match &operation.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", method.as_str().to_lowercase(), path.replace(['{', '}'], "")),
        };
        let fn_name = names::unique(names::snake(&wire_name), fn_names);
        let type_context = names::pascal(&wire_name).word().to_owned();

        let declared = self.declared_parameters(shared_parameters, &operation.parameters, at)?;
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
            let mut lowered = match &parameter.data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), &context)?
                }
                ParameterSchemaOrContent::Content(_) => {
                    return Err(parameter
                        .at
                        .push("content")
                        .error("parameters described by `content` are not supported yet"));
                }
            };
            if parameter.data.description.is_some() {
                lowered.description = parameter.data.description.clone();
            }
            check_parameter_shape(&parameter, &lowered.ty, |name| self.is_string_enum(name))?;
            let required = parameter.data.required;
            parameters.push(Parameter {
                wire_name: parameter.data.name.clone(),
                rust_name: names::unique(names::snake(&parameter.data.name), &mut arg_names),
                location: parameter.location,
                docs: lowered.docs(),
                required,
                passing: passing(&lowered.ty),
                sample: sample_value(&lowered.ty, required, parameter.data.example.as_ref(), &parameter.data.name),
                ty: lowered.ty,
                rules: lowered.rules,
            });
        }
        // Path parameters in the order the path names them, then the rest as declared.
        let position = |p: &Parameter| match p.location {
            Location::Path => path.find(&format!("{{{}}}", p.wire_name)).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        parameters.sort_by_key(|p| position(p));
        let path_parts = path_parts(path, &client_level, &parameters, at)?;
        let body = self.request_body(operation, at, &type_context)?;
        let response = self.response(operation, at, &type_context)?;
        let auth = self.security(operation, at)?;
        let idempotent =
            method.is_idempotent() || operation.extensions.get("x-idempotent") == Some(&serde_json::Value::Bool(true));
        let signature = format!("`{} {path}` (`{wire_name}`)", method.as_str());
        Ok(Draft {
            summary: cli::summary(operation),
            docs: docs::join([
                docs::paragraphs(operation.summary.as_deref()),
                docs::paragraphs(operation.description.as_deref()),
                vec![signature],
            ]),
            wire_name,
            fn_name,
            method,
            path_template: path.to_owned(),
            path: path_parts,
            parameters,
            body,
            response,
            auth,
            idempotent,
        })
    }

    /// Path-item parameters, then the operation's own; an operation's parameter replaces a
    /// path-item one with the same name and location.
    fn declared_parameters(
        &self,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
    ) -> Result<Vec<Declared<'a>>> {
        let path_item_at = at.parent();
        let mut declared: Vec<Declared<'a>> = Vec::new();
        let lists = [(shared, path_item_at.push("parameters")), (own, at.push("parameters"))];
        for (list, list_at) in lists {
            for (index, parameter) in list.iter().enumerate() {
                let item_at = list_at.push(index.to_string());
                let (parameter, parameter_at) = match parameter {
                    ReferenceOr::Item(parameter) => (parameter, item_at),
                    ReferenceOr::Reference { reference } => {
                        self.resolve(reference, "parameters", |c| &c.parameters, &item_at)?
                    }
                };
                let (data, location, form_style) = match parameter {
                    openapiv3::Parameter::Path { parameter_data, .. } => (parameter_data, Location::Path, true),
                    openapiv3::Parameter::Query { parameter_data, style, .. } => {
                        (parameter_data, Location::Query, matches!(style, openapiv3::QueryStyle::Form))
                    }
                    openapiv3::Parameter::Header { parameter_data, .. } => (parameter_data, Location::Header, true),
                    openapiv3::Parameter::Cookie { .. } => {
                        return Err(parameter_at.error("cookie parameters are not supported"));
                    }
                };
                if location == Location::Path && !data.required {
                    return Err(parameter_at.push("required").error("a path parameter must be required"));
                }
                let same = |d: &Declared| d.data.name == data.name && d.location == location;
                declared.retain(|d| !same(d));
                declared.push(Declared { data, location, at: parameter_at, form_style });
            }
        }
        Ok(declared)
    }

    fn is_string_enum(&self, name: &str) -> bool {
        self.enum_models.contains(name)
    }

    /// Records a client-level parameter (the same for every operation that uses it).
    fn client_parameter(&mut self, parameter: &Declared<'a>) -> Result<String> {
        let name = &parameter.data.name;
        if parameter.location != Location::Path {
            return Err(parameter.at.error("`x-client-parameter` is supported on path parameters only"));
        }
        let ParameterSchemaOrContent::Schema(schema) = &parameter.data.format else {
            return Err(parameter.at.error("a client parameter needs a `schema`"));
        };
        let lowered = self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), "ClientParameter")?;
        if lowered.ty != Type::String {
            return Err(parameter.at.push("schema").error("a client parameter must be a string"));
        }
        let description = docs::paragraphs(parameter.data.description.as_deref());
        let client_parameter = DeclaredClientParameter {
            wire_name: name.clone(),
            docs: docs::join([description, docs::rule_lines(&lowered.rules, None)]),
            rules: lowered.rules,
        };
        match self.client_parameters.iter().find(|p| p.wire_name == *name) {
            Some(existing) if *existing != client_parameter => Err(parameter.at.error(format!(
                "client parameter `{name}` is declared elsewhere with a different description or schema"
            ))),
            Some(_) => Ok(name.clone()),
            None => {
                self.client_parameters.push(client_parameter);
                Ok(name.clone())
            }
        }
    }

    fn request_body(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        context: &str,
    ) -> Result<Option<DraftBody>> {
        let Some(body) = &operation.request_body else {
            return Ok(None);
        };
        let body_at = at.push("requestBody");
        let (body, body_at) = match body {
            ReferenceOr::Item(body) => (body, body_at),
            ReferenceOr::Reference { reference } => {
                self.resolve(reference, "requestBodies", |c| &c.request_bodies, &body_at)?
            }
        };
        let (media_type, media, encoding) = match json_content(&body.content) {
            Some((media_type, media)) => (media_type, media, BodyEncoding::Json),
            None => match body.content.get_key_value(FORM) {
                Some((media_type, media)) => (media_type, media, BodyEncoding::Form),
                None => return Err(body_at.push("content").error(unsupported_media(body.content.keys()))),
            },
        };
        let ty = self.media_type(media, &body_at.push("content").push(media_type), &format!("{context}Body"))?;
        let schema_example = match &media.schema {
            Some(ReferenceOr::Item(schema)) => schema.schema_data.example.clone(),
            _ => None,
        };
        Ok(Some(DraftBody {
            ty,
            required: body.required,
            encoding,
            docs: docs::paragraphs(body.description.as_deref()),
            example: media.example.clone().or(schema_example),
        }))
    }

    /// The success body (of the lowest 2xx status the operation declares) and every error
    /// response, `default` last.
    fn response(&mut self, operation: &'a openapiv3::Operation, at: &Pointer, context: &str) -> Result<Response> {
        let responses_at = at.push("responses");
        let declared = operation.responses.responses.iter().map(|(status, response)| {
            let success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            (status.to_string(), success, response)
        });
        let default = operation.responses.default.iter().map(|response| ("default".to_owned(), false, response));
        let mut body = None;
        let mut errors = Vec::new();
        for (status, success, response) in declared.chain(default) {
            let response_at = responses_at.push(&status);
            let (response, response_at) = match response {
                ReferenceOr::Item(response) => (response, response_at),
                ReferenceOr::Reference { reference } => {
                    self.resolve(reference, "responses", |c| &c.responses, &response_at)?
                }
            };
            if success {
                if body.is_none() {
                    body = Some(self.success_body(response, &response_at, &format!("{context}Response"))?);
                }
                continue;
            }
            let error_body = match json_content(&response.content) {
                Some((media_type, media)) => {
                    let error_context =
                        format!("{context}Error{}", if status == "default" { "Default" } else { &status });
                    Some(self.media_type(media, &response_at.push("content").push(media_type), &error_context)?)
                }
                None => None,
            };
            errors.push(ErrorResponse { status, description: response.description.clone(), body: error_body });
        }
        Ok(Response { body: body.unwrap_or(ResponseBody::Empty), errors })
    }

    fn success_body(&mut self, response: &'a openapiv3::Response, at: &Pointer, context: &str) -> Result<ResponseBody> {
        if let Some((media_type, media)) = json_content(&response.content) {
            return Ok(ResponseBody::Json(self.media_type(media, &at.push("content").push(media_type), context)?));
        }
        Ok(match response.content.keys().next() {
            None => ResponseBody::Empty,
            Some(media_type) if media_type.starts_with("text/") => ResponseBody::Text,
            Some(_) => ResponseBody::Bytes,
        })
    }

    fn media_type(&mut self, media: &'a MediaType, at: &Pointer, context: &str) -> Result<Type> {
        match &media.schema {
            Some(schema) => Ok(self.schema(SchemaRef::Plain(schema), &at.push("schema"), context)?.ty),
            None => Ok(Type::Any),
        }
    }

    /// The schemes that can authenticate the operation: its own `security`, else the document's.
    fn security(&self, operation: &openapiv3::Operation, at: &Pointer) -> Result<Vec<Auth>> {
        let (requirements, requirements_at) = match &operation.security {
            Some(own) => (own, at.push("security")),
            None => match &self.doc.security {
                Some(shared) => (shared, Pointer::root().push("security")),
                None => return Ok(Vec::new()),
            },
        };
        let mut schemes = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let requirement_at = requirements_at.push(index.to_string());
            let mut names = requirement.keys();
            let (Some(name), None) = (names.next(), names.next()) else {
                if requirement.is_empty() {
                    // `{}`: the call may also be made without credentials.
                    continue;
                }
                return Err(requirement_at.error("a requirement that combines several schemes is not supported"));
            };
            let scheme = self.security_scheme(name, &requirement_at)?;
            if !schemes.contains(&scheme) {
                schemes.push(scheme);
            }
        }
        Ok(schemes)
    }

    fn security_scheme(&self, name: &str, used_at: &Pointer) -> Result<Auth> {
        let reference = format!("#/components/securitySchemes/{}", name.replace('~', "~0").replace('/', "~1"));
        let (scheme, at) = self.resolve(&reference, "securitySchemes", |c| &c.security_schemes, used_at)?;
        match scheme {
            openapiv3::SecurityScheme::APIKey { location: APIKeyLocation::Header, name, extensions, .. } => {
                match extensions.get(SIGNING_EXTENSION) {
                    None => Ok(Auth::HeaderToken { header: name.clone() }),
                    Some(signing) => {
                        let algorithm = signing.get("algorithm").and_then(|a| a.as_str()).unwrap_or_default();
                        if algorithm != SIGNING_ALGORITHM {
                            return Err(at.push(SIGNING_EXTENSION).push("algorithm").error(format!(
                                "unsupported signing algorithm `{algorithm}`: expected `{SIGNING_ALGORITHM}`"
                            )));
                        }
                        Ok(Auth::Signature)
                    }
                }
            }
            openapiv3::SecurityScheme::APIKey { .. } => Err(at.push("in").error("only header API keys are supported")),
            openapiv3::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Ok(Auth::Bearer),
            openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                Err(at.push("scheme").error(format!("HTTP `{scheme}` authentication is not supported: only `bearer`")))
            }
            // Both end in an access token sent as a bearer token; obtaining it is up to the caller.
            openapiv3::SecurityScheme::OAuth2 { .. } | openapiv3::SecurityScheme::OpenIDConnect { .. } => {
                Ok(Auth::Bearer)
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

/// How a method takes a value of `ty`: scalars by value, the rest borrowed.
fn passing(ty: &Type) -> Passing {
    match ty {
        Type::Bool | Type::Integer(_) | Type::Number(_) => Passing::Value,
        other => borrowed(other),
    }
}

/// How a method borrows a value of `ty`: strings as `&str`, lists as slices, the rest as `&T`.
fn borrowed(ty: &Type) -> Passing {
    match ty {
        Type::String => Passing::Str,
        Type::Array(_) => Passing::Slice,
        _ => Passing::Reference,
    }
}

/// What a sample program passes for a parameter: the spec's example where it fits, else a
/// placeholder of the right type; nothing for an optional one.
fn sample_value(ty: &Type, required: bool, example: Option<&serde_json::Value>, wire_name: &str) -> SampleValue {
    if !required {
        return SampleValue::Absent;
    }
    match ty {
        Type::Bool => SampleValue::Bool(example.and_then(|e| e.as_bool()).unwrap_or(false)),
        Type::Integer(_) | Type::Number(_) => {
            SampleValue::Integer(example.and_then(|e| e.as_i64()).unwrap_or(0), ty.clone())
        }
        Type::Named(name) => SampleValue::FirstOf(name.clone()),
        Type::Array(_) => SampleValue::EmptyList,
        _ => SampleValue::Text(
            example.and_then(|e| e.as_str().map(str::to_owned)).unwrap_or_else(|| format!("{{{wire_name}}}")),
        ),
    }
}

/// Parameters the runtime can send: scalars anywhere, lists of scalars in a query (repeated, the
/// `form` style) or a header (comma-separated).
fn check_parameter_shape(parameter: &Declared, ty: &Type, is_string_enum: impl Fn(&str) -> bool) -> Result<()> {
    let scalar = |ty: &Type| match ty {
        Type::String | Type::Secret | Type::Bool | Type::Integer(_) | Type::Number(_) => true,
        Type::Named(name) => is_string_enum(name.word()),
        _ => false,
    };
    let at = parameter.at.push("schema");
    match (parameter.location, ty) {
        (Location::Query, _) if !parameter.form_style => {
            Err(parameter.at.push("style").error("only the `form` style is supported for query parameters"))
        }
        (Location::Query, Type::Array(_)) if parameter.data.explode == Some(false) => {
            Err(parameter.at.push("explode").error("lists in a query are sent exploded (`explode: true`) only"))
        }
        (Location::Query | Location::Header, Type::Array(item)) if scalar(item) => Ok(()),
        (_, ty) if scalar(ty) => Ok(()),
        _ => Err(at.error("only scalars (and, in a query or header, lists of scalars) are supported as parameters")),
    }
}

fn is_client_parameter(data: &openapiv3::ParameterData, at: &Pointer) -> Result<bool> {
    match data.extensions.get("x-client-parameter") {
        None | Some(serde_json::Value::Bool(false)) => Ok(false),
        Some(serde_json::Value::Bool(true)) => Ok(true),
        Some(_) => Err(at.push("x-client-parameter").error("expected `true` or `false`")),
    }
}

/// Splits a path template into literal text, client parameters and per-call arguments.
fn path_parts(path: &str, client_level: &[String], parameters: &[Parameter], at: &Pointer) -> Result<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(at.error(format!("unclosed `{{` in path `{path}`")));
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        if client_level.iter().any(|c| c == name) {
            parts.push(PathPart::Client(name.to_owned()));
        } else if let Some(index) = parameters.iter().position(|p| p.location == Location::Path && p.wire_name == name)
        {
            parts.push(PathPart::Argument(index));
        } else {
            return Err(at.error(format!("`{{{name}}}` in the path has no path parameter")));
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    let in_template: Vec<&str> = template_names(path).collect();
    if let Some(unused) =
        parameters.iter().find(|p| p.location == Location::Path && !in_template.contains(&p.wire_name.as_str()))
    {
        return Err(at.error(format!("path parameter `{}` does not appear in the path", unused.wire_name)));
    }
    Ok(parts)
}

/// The JSON entry of a `content` map: `application/json` or any `+json` type.
fn json_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(media_type, _)| {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    })
}

fn unsupported_media<'s>(types: impl Iterator<Item = &'s String>) -> String {
    let types: Vec<&str> = types.map(String::as_str).collect();
    format!("no supported media type (application/json) among: {}", types.join(", "))
}
