//! Swagger 2.0 documents in the shape of OpenAPI 3.0.
//!
//! The 3.0 document is built from the 2.0 one, section by section:
//!
//! - `host`, `basePath` and `schemes` are the `servers` (one per scheme, https first, as the
//!   client uses the first; a relative one without a host; none without any of the three);
//! - `definitions`, `parameters` (all but body and form ones, which are read where they are
//!   used), `responses` and `securityDefinitions` are the `components`;
//! - a body parameter is the `requestBody`, in each media type the operation `consumes` (else the
//!   document, else JSON); form parameters are the properties of an object sent as a form, or as
//!   `multipart/form-data` when the operation consumes it or sends a file;
//! - a simple parameter's or header's `type`, `format`, `items` and limits are its `schema`, and
//!   its `collectionFormat` a `style` (what no 3.0 style says, tab-separated values and spaces or
//!   pipes outside the query, is kept in [`COLLECTION_FORMAT`] for lowering);
//! - a response's `schema` and `examples` are its `content` in each media type the operation
//!   `produces` (else the document, else JSON);
//! - in schemas, `x-nullable` is `nullable`, a `discriminator` (a property name) is
//!   `{propertyName}` and the `file` type a binary string.
//!
//! Every value that moves is recorded in [`Origins`], and every `$ref` (`#/definitions/Pet`) is
//! redirected to where its target now stands.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::COLLECTION_FORMAT;
use super::origins::Origins;
use crate::diagnostic::{Diagnostic, Pointer};

/// Operation fields of a path item.
const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The media type of bodies and responses when neither the operation nor the document says.
const DEFAULT_MEDIA_TYPE: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// The keywords of a simple value (a parameter outside the body, a header, a list's items) that
/// its schema takes as they are.
const SIMPLE_VALUE_KEYWORDS: [&str; 15] = [
    "type",
    "format",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Rewrites a Swagger 2.0 `document` as OpenAPI 3.0, in place.
pub fn upgrade(document: &mut Value, origins: &mut Origins, found: &mut Vec<Diagnostic>) {
    let Value::Object(swagger) = document.take() else { return };
    *document = Value::Object(Upgrade { swagger: &swagger, origins, found }.document());
    origins.redirect_references(document, &HashMap::new());
}

struct Upgrade<'u> {
    /// The user's document.
    swagger: &'u Map<String, Value>,
    origins: &'u mut Origins,
    found: &'u mut Vec<Diagnostic>,
}

/// A parameter as an operation sees it: written in its list, or where its `$ref` points.
struct Declared<'u> {
    fields: &'u Map<String, Value>,
    /// Where it is written in the user's document.
    at: Pointer,
}

impl Declared<'_> {
    fn location(&self) -> &str {
        self.fields.get("in").and_then(Value::as_str).unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.fields.get("name").and_then(Value::as_str).unwrap_or_default()
    }

    fn is_payload(&self) -> bool {
        matches!(self.location(), "body" | "formData")
    }

    fn is_required(&self) -> bool {
        self.fields.get("required") == Some(&Value::Bool(true))
    }
}

/// An entry of a parameter list, as 3.0 lists it.
enum Entry<'u> {
    /// A `$ref` to a parameter 3.0 lists too, kept as a reference; and where it is written.
    Reference(Value, Pointer),
    /// A parameter read from where it is written (a body or form parameter, where its `$ref`
    /// points).
    Parameter(Declared<'u>),
}

impl<'u> Upgrade<'u> {
    fn document(&mut self) -> Map<String, Value> {
        let swagger = self.swagger;
        let root = Pointer::root();
        let mut document = Map::new();
        document.insert("openapi".to_owned(), json!("3.0.3"));
        for (key, value) in swagger {
            match key.as_str() {
                "info" => {
                    document.insert(key.clone(), value.clone());
                    if let Some(servers) = self.servers() {
                        document.insert("servers".to_owned(), servers);
                    }
                }
                "security" | "tags" | "externalDocs" => {
                    document.insert(key.clone(), value.clone());
                }
                "paths" => {
                    let paths = self.paths(value, &root.push("paths"));
                    document.insert(key.clone(), paths);
                }
                extension if extension.starts_with("x-") => {
                    document.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        let components = self.components();
        if !components.is_empty() {
            document.insert("components".to_owned(), Value::Object(components));
        }
        document
    }

    /// `host`, `basePath` and `schemes` as servers: one URL per scheme, https first.
    fn servers(&mut self) -> Option<Value> {
        let root = Pointer::root();
        let host = self.swagger.get("host").and_then(Value::as_str);
        let base_path = self.swagger.get("basePath").and_then(Value::as_str);
        let schemes: Option<Vec<&str>> = self
            .swagger
            .get("schemes")
            .and_then(Value::as_array)
            .map(|schemes| schemes.iter().filter_map(Value::as_str).collect());
        if host.is_none() && base_path.is_none() && schemes.is_none() {
            return None;
        }
        // What real documents write beside the host alone and the path alone.
        let host = host.map(|host| match host.split_once("://") {
            Some((_, rest)) => {
                let rest = rest.trim_end_matches('/');
                let note = format!("read as `host: {rest}`");
                self.warn(&root.push("host"), "value coerced", "`host` is the host alone, without a scheme", &note);
                rest
            }
            None => host,
        });
        let host = host.map(|host| host.trim_end_matches('/'));
        let base_path = match base_path.unwrap_or_default() {
            "" => String::new(),
            path if path.starts_with('/') => path.to_owned(),
            path => {
                let note = format!("read as `basePath: /{path}`");
                self.warn(&root.push("basePath"), "value coerced", "`basePath` starts with `/`", &note);
                format!("/{path}")
            }
        };
        let (urls, written_at) = match host {
            Some(host) => {
                let mut schemes = schemes.filter(|schemes| !schemes.is_empty()).unwrap_or_else(|| vec!["https"]);
                schemes.sort_by_key(|scheme| !scheme.eq_ignore_ascii_case("https"));
                let urls = schemes.iter().map(|scheme| format!("{}://{host}{base_path}", scheme.to_ascii_lowercase()));
                (urls.collect(), root.push("host"))
            }
            None if base_path.is_empty() => (vec!["/".to_owned()], root.push("schemes")),
            None => (vec![base_path], root.push("basePath")),
        };
        let servers: Vec<Value> = urls
            .into_iter()
            .enumerate()
            .map(|(index, url)| {
                self.origins.derived(&root.push("servers").push(index.to_string()).push("url"), &written_at);
                json!({ "url": url })
            })
            .collect();
        Some(Value::Array(servers))
    }

    fn components(&mut self) -> Map<String, Value> {
        let swagger = self.swagger;
        let root = Pointer::root();
        let at = root.push("components");
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = swagger.get("definitions") {
            let schemas_at = at.push("schemas");
            self.origins.moved(&schemas_at, &root.push("definitions"));
            let schemas = definitions
                .iter()
                .map(|(name, schema)| (name.clone(), self.schema(schema, &schemas_at.push(name))))
                .collect();
            components.insert("schemas".to_owned(), Value::Object(schemas));
        }
        if let Some(Value::Object(parameters)) = swagger.get("parameters") {
            let parameters_at = at.push("parameters");
            let original_at = root.push("parameters");
            self.origins.moved(&parameters_at, &original_at);
            let mut kept = Map::new();
            for (name, parameter) in parameters {
                let Value::Object(fields) = parameter else { continue };
                let declared = Declared { fields, at: original_at.push(name) };
                // Body and form parameters are read where operations use them.
                if !declared.is_payload() {
                    kept.insert(name.clone(), self.parameter(&declared, &parameters_at.push(name)));
                }
            }
            if !kept.is_empty() {
                components.insert("parameters".to_owned(), Value::Object(kept));
            }
        }
        if let Some(Value::Object(responses)) = swagger.get("responses") {
            let responses_at = at.push("responses");
            self.origins.moved(&responses_at, &root.push("responses"));
            let produces = self.media_types(None, "produces");
            let responses = responses
                .iter()
                .map(|(name, response)| (name.clone(), self.response(response, &responses_at.push(name), &produces)))
                .collect();
            components.insert("responses".to_owned(), Value::Object(responses));
        }
        if let Some(Value::Object(definitions)) = swagger.get("securityDefinitions") {
            let schemes_at = at.push("securitySchemes");
            self.origins.moved(&schemes_at, &root.push("securityDefinitions"));
            let schemes = definitions
                .iter()
                .map(|(name, scheme)| (name.clone(), self.security_scheme(scheme, &schemes_at.push(name))))
                .collect();
            components.insert("securitySchemes".to_owned(), Value::Object(schemes));
        }
        components
    }

    /// `basic` is HTTP basic authentication, `apiKey` as it is, and `oauth2` one flow of 3.0's
    /// `flows` (`application` is `clientCredentials`, `accessCode` is `authorizationCode`).
    fn security_scheme(&mut self, scheme: &Value, at: &Pointer) -> Value {
        let Value::Object(fields) = scheme else { return scheme.clone() };
        let original = self.origins.original(at);
        let mut upgraded = Map::new();
        let copy = |upgraded: &mut Map<String, Value>, keys: &[&str]| {
            for key in keys {
                if let Some(value) = fields.get(*key) {
                    upgraded.insert((*key).to_owned(), value.clone());
                }
            }
        };
        match fields.get("type").and_then(Value::as_str) {
            Some("basic") => {
                upgraded.insert("type".to_owned(), json!("http"));
                upgraded.insert("scheme".to_owned(), json!("basic"));
            }
            Some("oauth2") => {
                upgraded.insert("type".to_owned(), json!("oauth2"));
                let flow = match fields.get("flow").and_then(Value::as_str) {
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    Some("password") => "password",
                    _ => "implicit",
                };
                let mut urls = Map::new();
                copy(&mut urls, &["authorizationUrl", "tokenUrl"]);
                urls.insert("scopes".to_owned(), fields.get("scopes").cloned().unwrap_or_else(|| json!({})));
                self.origins.derived(&at.push("flows").push(flow), &original);
                upgraded.insert("flows".to_owned(), json!({ flow: urls }));
            }
            _ => copy(&mut upgraded, &["type", "name", "in"]),
        }
        copy(&mut upgraded, &["description"]);
        copy_extensions(fields, &mut upgraded);
        Value::Object(upgraded)
    }

    fn paths(&mut self, paths: &'u Value, at: &Pointer) -> Value {
        let Value::Object(paths) = paths else { return paths.clone() };
        let upgraded = paths
            .iter()
            .map(|(path, item)| {
                let item = match item {
                    Value::Object(item) => Value::Object(self.path_item(item, &at.push(path))),
                    other => other.clone(),
                };
                (path.clone(), item)
            })
            .collect();
        Value::Object(upgraded)
    }

    /// A path item: its simple parameters stay; its body and form parameters go to each operation.
    fn path_item(&mut self, item: &'u Map<String, Value>, at: &Pointer) -> Map<String, Value> {
        let shared = self.entries(item.get("parameters"), &at.push("parameters"));
        let mut upgraded = Map::new();
        for (key, value) in item {
            match key.as_str() {
                "$ref" => {
                    upgraded.insert(key.clone(), value.clone());
                }
                "parameters" => {
                    if let Some(list) = self.parameter_list(&shared, &at.push(key)) {
                        upgraded.insert(key.clone(), list);
                    }
                }
                method if METHODS.contains(&method) => {
                    if let Value::Object(operation) = value {
                        let operation = self.operation(operation, &at.push(method), &shared);
                        upgraded.insert(key.clone(), Value::Object(operation));
                    }
                }
                extension if extension.starts_with("x-") => {
                    upgraded.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        upgraded
    }

    fn operation(
        &mut self,
        operation: &'u Map<String, Value>,
        at: &Pointer,
        shared: &[Entry<'u>],
    ) -> Map<String, Value> {
        let own = self.entries(operation.get("parameters"), &at.push("parameters"));
        let mut upgraded = Map::new();
        for (key, value) in operation {
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId" | "deprecated" | "security" => {
                    upgraded.insert(key.clone(), value.clone());
                }
                "parameters" => {
                    if let Some(list) = self.parameter_list(&own, &at.push(key)) {
                        upgraded.insert(key.clone(), list);
                    }
                }
                "responses" => {
                    let produces = self.media_types(Some(operation), "produces");
                    let responses = self.responses(value, &at.push(key), &produces);
                    upgraded.insert(key.clone(), responses);
                }
                extension if extension.starts_with("x-") => {
                    upgraded.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if let Some(body) = self.request_body(operation, &own, shared, &at.push("requestBody")) {
            upgraded.insert("requestBody".to_owned(), body);
        }
        upgraded
    }

    /// The entries of a parameter list, a `$ref` to a body or form parameter read where it points.
    fn entries(&mut self, list: Option<&'u Value>, at: &Pointer) -> Vec<Entry<'u>> {
        let Some(Value::Array(list)) = list else { return Vec::new() };
        let mut entries = Vec::new();
        for (index, entry) in list.iter().enumerate() {
            let Value::Object(fields) = entry else { continue };
            let item_at = at.push(index.to_string());
            let Some(reference) = fields.get("$ref").and_then(Value::as_str) else {
                entries.push(Entry::Parameter(Declared { fields, at: item_at }));
                continue;
            };
            let target =
                Pointer::parse(reference).and_then(|pointer| self.lookup(&pointer).map(|found| (pointer, found)));
            match target {
                Some((pointer, Value::Object(target))) => {
                    let declared = Declared { fields: target, at: pointer };
                    if declared.is_payload() {
                        entries.push(Entry::Parameter(declared));
                    } else {
                        entries.push(Entry::Reference(json!({ "$ref": reference }), item_at));
                    }
                }
                // Lowering reports a reference it cannot follow.
                _ => entries.push(Entry::Reference(json!({ "$ref": reference }), item_at)),
            }
        }
        entries
    }

    /// The value a pointer of the user's document points to.
    fn lookup(&self, pointer: &Pointer) -> Option<&'u Value> {
        let mut value = self.swagger.get(&pointer.tokens().next()?)?;
        for token in pointer.tokens().skip(1) {
            value = match value {
                Value::Object(fields) => fields.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(value)
    }

    /// The simple parameters of a list, as 3.0 lists them (`None` when there are none). A
    /// parameter that now stands at another index is recorded as moved.
    fn parameter_list(&mut self, entries: &[Entry<'u>], at: &Pointer) -> Option<Value> {
        let mut list = Vec::new();
        for entry in entries {
            let upgraded_at = at.push(list.len().to_string());
            let original_at = match entry {
                Entry::Reference(reference, written_at) => {
                    list.push(reference.clone());
                    written_at
                }
                Entry::Parameter(declared) if declared.is_payload() => continue,
                Entry::Parameter(declared) => {
                    list.push(self.parameter(declared, &upgraded_at));
                    &declared.at
                }
            };
            if upgraded_at != *original_at {
                self.origins.moved(&upgraded_at, original_at);
            }
        }
        (!list.is_empty()).then_some(Value::Array(list))
    }

    /// A parameter outside the body: its type and limits as a `schema`, its `collectionFormat`
    /// as a style.
    fn parameter(&mut self, declared: &Declared, at: &Pointer) -> Value {
        let fields = declared.fields;
        let location = declared.location();
        let mut upgraded = Map::new();
        for key in ["name", "in", "description", "required"] {
            if let Some(value) = fields.get(key) {
                upgraded.insert(key.to_owned(), value.clone());
            }
        }
        if location == "query" {
            if let Some(value) = fields.get("allowEmptyValue") {
                upgraded.insert("allowEmptyValue".to_owned(), value.clone());
            }
        }
        copy_extensions(fields, &mut upgraded);
        let schema = self.simple_schema(fields, &declared.at);
        self.origins.derived(&at.push("schema"), &declared.at);
        upgraded.insert("schema".to_owned(), schema);
        if fields.get("type").and_then(Value::as_str) == Some("array") {
            let format = fields.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            match (format, location) {
                ("csv", "query") => {
                    upgraded.insert("style".to_owned(), json!("form"));
                    upgraded.insert("explode".to_owned(), json!(false));
                }
                ("multi", "query") => {
                    upgraded.insert("style".to_owned(), json!("form"));
                    upgraded.insert("explode".to_owned(), json!(true));
                }
                ("ssv", "query") => {
                    upgraded.insert("style".to_owned(), json!("spaceDelimited"));
                }
                ("pipes", "query") => {
                    upgraded.insert("style".to_owned(), json!("pipeDelimited"));
                }
                ("csv", _) => {}
                ("multi", _) => self.warn(
                    &declared.at.push("collectionFormat"),
                    "value coerced",
                    format!("`multi` is for query and form parameters, not `in: {location}`"),
                    "read as `collectionFormat: csv`",
                ),
                (format, _) => {
                    upgraded.insert(COLLECTION_FORMAT.to_owned(), json!(format));
                }
            }
        }
        Value::Object(upgraded)
    }

    /// The schema of a simple value: its keywords as they are, its items' the same way, the
    /// `file` type as a binary string. A value without a type is read as text.
    fn simple_schema(&mut self, fields: &Map<String, Value>, original: &Pointer) -> Value {
        let mut schema = Map::new();
        for keyword in SIMPLE_VALUE_KEYWORDS {
            if let Some(value) = fields.get(keyword) {
                schema.insert(keyword.to_owned(), value.clone());
            }
        }
        if let Some(Value::Object(items)) = fields.get("items") {
            schema.insert("items".to_owned(), self.simple_schema(items, &original.push("items")));
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("file") => {
                schema.insert("type".to_owned(), json!("string"));
                schema.insert("format".to_owned(), json!("binary"));
            }
            Some(_) => {}
            None => {
                self.warn(
                    original,
                    "missing field",
                    "a parameter, header or list of items needs `type`",
                    "read as `type: string`",
                );
                schema.insert("type".to_owned(), json!("string"));
            }
        }
        if fields.get("x-nullable") == Some(&Value::Bool(true)) {
            schema.insert("nullable".to_owned(), json!(true));
        }
        Value::Object(schema)
    }

    /// The operation's body: its own body or form parameters, else the path item's. Form
    /// parameters are the path item's that the operation does not redeclare, then its own.
    fn request_body(
        &mut self,
        operation: &Map<String, Value>,
        own: &[Entry<'u>],
        shared: &[Entry<'u>],
        at: &Pointer,
    ) -> Option<Value> {
        let consumes = self.media_types(Some(operation), "consumes");
        let (own_body, own_form) = (in_location(own, "body"), in_location(own, "formData"));
        let (shared_body, shared_form) = (in_location(shared, "body"), in_location(shared, "formData"));
        let body = match (own_body.first(), own_form.is_empty()) {
            (Some(body), _) => Some(body),
            (None, true) => shared_body.first(),
            (None, false) => None,
        };
        if let Some(body) = body {
            return Some(self.body(body, &consumes, at));
        }
        let redeclared = |shared: &&Declared| own_form.iter().any(|own| own.name() == shared.name());
        let mut form: Vec<&Declared> = shared_form.into_iter().filter(|d| !redeclared(d)).collect();
        form.extend(own_form.iter().copied());
        if form.is_empty() {
            return None;
        }
        Some(self.form(&form, &consumes, at))
    }

    /// A body parameter as a request body, in each media type the operation consumes.
    fn body(&mut self, body: &Declared, consumes: &[String], at: &Pointer) -> Value {
        let fields = body.fields;
        self.origins.derived(at, &body.at);
        let schema_at = body.at.push("schema");
        let mut content = Map::new();
        for (index, media_type) in consumes.iter().enumerate() {
            let media_at = at.push("content").push(media_type).push("schema");
            if index == 0 {
                self.origins.moved(&media_at, &schema_at);
            } else {
                self.origins.derived(&media_at, &schema_at);
            }
            let schema = match fields.get("schema") {
                Some(schema) => self.schema(schema, &media_at),
                None => json!({}),
            };
            content.insert(media_type.clone(), json!({ "schema": schema }));
        }
        let mut upgraded = Map::new();
        if let Some(description) = fields.get("description") {
            upgraded.insert("description".to_owned(), description.clone());
        }
        upgraded.insert("content".to_owned(), Value::Object(content));
        if body.is_required() {
            upgraded.insert("required".to_owned(), json!(true));
        }
        copy_extensions(fields, &mut upgraded);
        Value::Object(upgraded)
    }

    /// Form parameters as an object sent as a form: `multipart/form-data` when the operation
    /// consumes it or sends a file, else `application/x-www-form-urlencoded`.
    fn form(&mut self, parameters: &[&Declared], consumes: &[String], at: &Pointer) -> Value {
        let file = parameters.iter().any(|p| p.fields.get("type").and_then(Value::as_str) == Some("file"));
        let consumed = |wanted: &str| consumes.iter().any(|media_type| essence(media_type) == wanted);
        let media_type = if file || (consumed(MULTIPART) && !consumed(FORM)) { MULTIPART } else { FORM };
        let schema_at = at.push("content").push(media_type).push("schema");
        if let Some(first) = parameters.first() {
            self.origins.derived(at, &first.at);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for parameter in parameters {
            let name = parameter.name();
            let mut property = self.simple_schema(parameter.fields, &parameter.at);
            if let (Value::Object(property), Some(description)) = (&mut property, parameter.fields.get("description")) {
                property.insert("description".to_owned(), description.clone());
            }
            self.origins.derived(&schema_at.push("properties").push(name), &parameter.at);
            properties.insert(name.to_owned(), property);
            if parameter.is_required() {
                required.push(json!(name));
            }
            let format = parameter.fields.get("collectionFormat").and_then(Value::as_str);
            let is_list = parameter.fields.get("type").and_then(Value::as_str) == Some("array");
            if is_list && format != Some("multi") {
                self.warn(
                    &parameter.at,
                    "value coerced",
                    format!(
                        "a list in a form is sent as one field per item, not `collectionFormat: {}`",
                        format.unwrap_or("csv")
                    ),
                    "read as `collectionFormat: multi`",
                );
            }
        }
        let mut schema = Map::new();
        schema.insert("type".to_owned(), json!("object"));
        if !required.is_empty() {
            schema.insert("required".to_owned(), Value::Array(required.clone()));
        }
        schema.insert("properties".to_owned(), Value::Object(properties));
        let mut upgraded = Map::new();
        upgraded.insert("content".to_owned(), json!({ media_type: { "schema": schema } }));
        if !required.is_empty() {
            upgraded.insert("required".to_owned(), json!(true));
        }
        Value::Object(upgraded)
    }

    fn responses(&mut self, responses: &Value, at: &Pointer, produces: &[String]) -> Value {
        let Value::Object(responses) = responses else { return responses.clone() };
        let upgraded = responses
            .iter()
            .map(|(status, response)| {
                let response = match status.starts_with("x-") {
                    true => response.clone(),
                    false => self.response(response, &at.push(status), produces),
                };
                (status.clone(), response)
            })
            .collect();
        Value::Object(upgraded)
    }

    /// A response: its schema in each media type produced, with the example given for it; its
    /// headers with their types as schemas.
    fn response(&mut self, response: &Value, at: &Pointer, produces: &[String]) -> Value {
        let Value::Object(fields) = response else { return response.clone() };
        if fields.contains_key("$ref") {
            return response.clone();
        }
        let original = self.origins.original(at);
        let mut upgraded = Map::new();
        upgraded.insert("description".to_owned(), fields.get("description").cloned().unwrap_or_else(|| json!("")));
        if let Some(Value::Object(headers)) = fields.get("headers") {
            let mut upgraded_headers = Map::new();
            for (name, header) in headers {
                let Value::Object(header) = header else { continue };
                let header_at = at.push("headers").push(name);
                let header_original = original.push("headers").push(name);
                let mut upgraded_header = Map::new();
                if let Some(description) = header.get("description") {
                    upgraded_header.insert("description".to_owned(), description.clone());
                }
                upgraded_header.insert("schema".to_owned(), self.simple_schema(header, &header_original));
                self.origins.derived(&header_at.push("schema"), &header_original);
                copy_extensions(header, &mut upgraded_header);
                upgraded_headers.insert(name.clone(), Value::Object(upgraded_header));
            }
            upgraded.insert("headers".to_owned(), Value::Object(upgraded_headers));
        }
        if let Some(schema) = fields.get("schema") {
            let examples = fields.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for (index, media_type) in produces.iter().enumerate() {
                let media_at = at.push("content").push(media_type);
                if index == 0 {
                    self.origins.moved(&media_at.push("schema"), &original.push("schema"));
                } else {
                    self.origins.derived(&media_at.push("schema"), &original.push("schema"));
                }
                let mut media = Map::new();
                media.insert("schema".to_owned(), self.schema(schema, &media_at.push("schema")));
                if let Some(example) = examples.and_then(|examples| examples.get(media_type)) {
                    self.origins.derived(&media_at.push("example"), &original.push("examples").push(media_type));
                    media.insert("example".to_owned(), example.clone());
                }
                content.insert(media_type.clone(), Value::Object(media));
            }
            upgraded.insert("content".to_owned(), Value::Object(content));
        }
        copy_extensions(fields, &mut upgraded);
        Value::Object(upgraded)
    }

    /// A schema as 3.0 writes it: `x-nullable` as `nullable` (around a reference, an `allOf` of
    /// it), a `discriminator` as an object, `file` as a binary string; the same in every schema
    /// inside it.
    fn schema(&mut self, schema: &Value, at: &Pointer) -> Value {
        let mut schema = schema.clone();
        self.schema_in_place(&mut schema, at);
        schema
    }

    fn schema_in_place(&mut self, schema: &mut Value, at: &Pointer) {
        let Value::Object(keywords) = schema else { return };
        if let Some(nullable) = keywords.remove("x-nullable") {
            if nullable == Value::Bool(true) {
                if let Some(reference) = keywords.remove("$ref") {
                    let original = self.origins.original(at);
                    self.origins.derived(&at.push("allOf").push("0"), &original);
                    keywords.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
                }
                keywords.insert("nullable".to_owned(), json!(true));
            }
        }
        if let Some(Value::String(property)) = keywords.get("discriminator") {
            let discriminator = json!({ "propertyName": property });
            keywords.insert("discriminator".to_owned(), discriminator);
        }
        if keywords.get("type").and_then(Value::as_str) == Some("file") {
            keywords.insert("type".to_owned(), json!("string"));
            keywords.insert("format".to_owned(), json!("binary"));
        }
        for keyword in ["items", "additionalProperties"] {
            if let Some(inner @ Value::Object(_)) = keywords.get_mut(keyword) {
                self.schema_in_place(inner, &at.push(keyword));
            }
        }
        if let Some(Value::Object(properties)) = keywords.get_mut("properties") {
            for (name, property) in properties.iter_mut() {
                self.schema_in_place(property, &at.push("properties").push(name));
            }
        }
        if let Some(Value::Array(parts)) = keywords.get_mut("allOf") {
            for (index, part) in parts.iter_mut().enumerate() {
                self.schema_in_place(part, &at.push("allOf").push(index.to_string()));
            }
        }
    }

    /// The media types an operation consumes or produces: its own, else the document's, else
    /// JSON.
    fn media_types(&self, operation: Option<&Map<String, Value>>, key: &str) -> Vec<String> {
        let listed = |fields: &Map<String, Value>| -> Option<Vec<String>> {
            let list = fields.get(key)?.as_array()?;
            let media_types: Vec<String> = list.iter().filter_map(Value::as_str).map(str::to_owned).collect();
            (!media_types.is_empty()).then_some(media_types)
        };
        operation
            .and_then(listed)
            .or_else(|| listed(self.swagger))
            .unwrap_or_else(|| vec![DEFAULT_MEDIA_TYPE.to_owned()])
    }

    fn warn(&mut self, at: &Pointer, kind: &'static str, message: impl Into<String>, note: &str) {
        self.found.push(at.warning(kind, message).note(note));
    }
}

/// The parameters of `entries` that are `in` this location.
fn in_location<'e, 'u>(entries: &'e [Entry<'u>], location: &str) -> Vec<&'e Declared<'u>> {
    let of_location = |entry: &'e Entry<'u>| match entry {
        Entry::Parameter(declared) if declared.location() == location => Some(declared),
        _ => None,
    };
    entries.iter().filter_map(of_location).collect()
}

/// `application/json` of `application/json; charset=utf-8`, in lower case.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (key, value) in from.iter().filter(|(key, _)| key.starts_with("x-") && *key != "x-nullable") {
        to.insert(key.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The upgraded document, its origins and the warnings, for a 2.0 document of `sections`.
    fn upgraded(sections: Value) -> (Value, Origins, Vec<String>) {
        let mut document = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}});
        if let (Value::Object(document), Value::Object(sections)) = (&mut document, sections) {
            document.extend(sections);
        }
        let (mut origins, mut found) = (Origins::default(), Vec::new());
        upgrade(&mut document, &mut origins, &mut found);
        (document, origins, found.iter().map(Diagnostic::to_string).collect())
    }

    fn original(origins: &Origins, upgraded: &str) -> String {
        origins.original(&Pointer::parse(upgraded).expect("a pointer")).as_str().to_owned()
    }

    /// The upgraded operation `GET /a` of the operation `operation`.
    fn operation(operation: Value, sections: Value) -> (Value, Origins, Vec<String>) {
        let mut all = json!({"paths": {"/a": {"post": operation}}});
        if let (Value::Object(all), Value::Object(sections)) = (&mut all, sections) {
            all.extend(sections);
        }
        let (document, origins, found) = upgraded(all);
        (document["paths"]["/a"]["post"].clone(), origins, found)
    }

    #[test]
    fn host_base_path_and_schemes_are_the_servers() {
        let (document, origins, _) =
            upgraded(json!({"host": "api.example.com:8443", "basePath": "/v1", "schemes": ["http", "https"]}));
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(
            document["servers"],
            json!([{"url": "https://api.example.com:8443/v1"}, {"url": "http://api.example.com:8443/v1"}])
        );
        assert_eq!(original(&origins, "#/servers/1/url"), "#/host");
        for stale in ["host", "basePath", "schemes", "swagger"] {
            assert!(document.get(stale).is_none(), "{stale} is left: {document}");
        }
        let (document, _, _) = upgraded(json!({"host": "api.example.com"}));
        assert_eq!(document["servers"], json!([{"url": "https://api.example.com"}]));
        let (document, origins, _) = upgraded(json!({"basePath": "/v2"}));
        assert_eq!(document["servers"], json!([{"url": "/v2"}]));
        assert_eq!(original(&origins, "#/servers/0/url"), "#/basePath");
        let (document, _, _) = upgraded(json!({}));
        assert!(document.get("servers").is_none(), "{document}");
    }

    #[test]
    fn a_scheme_in_the_host_and_a_base_path_without_a_slash_are_read_as_meant() {
        let (document, _, found) = upgraded(json!({"host": "https://api.example.com/", "basePath": "v1"}));
        assert_eq!(document["servers"], json!([{"url": "https://api.example.com/v1"}]));
        assert_eq!(
            found,
            [
                "warning: #/host: `host` is the host alone, without a scheme; read as `host: api.example.com`",
                "warning: #/basePath: `basePath` starts with `/`; read as `basePath: /v1`",
            ]
        );
    }

    #[test]
    fn definitions_parameters_and_responses_are_components_and_references_follow_them() {
        let (document, origins, found) = upgraded(json!({
            "produces": ["application/xml"],
            "definitions": {"Pet": {"type": "object", "properties": {"owner": {"$ref": "#/definitions/Owner"}}},
                            "Owner": {"type": "object"}},
            "parameters": {
                "limit": {"name": "limit", "in": "query", "type": "integer", "maximum": 100},
                "pet": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}},
                "file": {"name": "file", "in": "formData", "type": "file"}
            },
            "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/Pet"}}},
            "paths": {"/pets": {"get": {
                "parameters": [{"$ref": "#/parameters/limit"}],
                "responses": {"404": {"$ref": "#/responses/NotFound"}}
            }}}
        }));
        assert!(found.is_empty(), "{found:#?}");
        let components = &document["components"];
        assert_eq!(components["schemas"]["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/Owner"}));
        assert_eq!(
            components["parameters"],
            json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}}),
            "body and form parameters are read where they are used"
        );
        assert_eq!(
            components["responses"]["NotFound"],
            json!({"description": "gone", "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        let get = &document["paths"]["/pets"]["get"];
        assert_eq!(get["parameters"][0], json!({"$ref": "#/components/parameters/limit"}));
        assert_eq!(get["responses"]["404"], json!({"$ref": "#/components/responses/NotFound"}));
        for stale in ["definitions", "parameters", "responses", "produces"] {
            assert!(document.get(stale).is_none(), "{stale} is left");
        }
        assert_eq!(
            original(&origins, "#/components/schemas/Pet/properties/owner"),
            "#/definitions/Pet/properties/owner"
        );
        assert_eq!(original(&origins, "#/components/parameters/limit/schema/maximum"), "#/parameters/limit/maximum");
        assert_eq!(
            original(&origins, "#/components/responses/NotFound/content/application~1xml/schema"),
            "#/responses/NotFound/schema"
        );
    }

    #[test]
    fn security_definitions_are_security_schemes() {
        let flow = |flow: &str| {
            json!({"type": "oauth2", "flow": flow, "authorizationUrl": "https://a", "tokenUrl": "https://t",
                   "scopes": {"read": "reads"}})
        };
        let (document, origins, _) = upgraded(json!({"securityDefinitions": {
            "basic": {"type": "basic", "description": "user and password"},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-huaweicloud-signing": {}},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a", "scopes": {}},
            "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://t"},
            "application": flow("application"),
            "accessCode": flow("accessCode"),
        }}));
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic", "description": "user and password"}));
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header", "x-huaweicloud-signing": {}})
        );
        assert_eq!(
            schemes["implicit"],
            json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}})
        );
        assert_eq!(
            schemes["password"],
            json!({"type": "oauth2", "flows": {"password": {"tokenUrl": "https://t", "scopes": {}}}})
        );
        let both = json!({"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"read": "reads"}});
        assert_eq!(schemes["application"]["flows"], json!({"clientCredentials": both}));
        assert_eq!(schemes["accessCode"]["flows"], json!({"authorizationCode": both}));
        assert_eq!(
            original(&origins, "#/components/securitySchemes/accessCode/flows/authorizationCode/tokenUrl"),
            "#/securityDefinitions/accessCode/tokenUrl"
        );
    }

    #[test]
    fn a_body_parameter_is_the_request_body_in_each_media_type_consumed() {
        let body = json!({"name": "pet", "in": "body", "required": true, "description": "the pet",
                          "schema": {"type": "object", "x-nullable": true}});
        let (post, origins, _) = operation(
            json!({"consumes": ["application/json", "application/xml"],
                   "parameters": [{"name": "q", "in": "query", "type": "string"}, body],
                   "responses": {}}),
            json!({"consumes": ["text/plain"]}),
        );
        let schema = json!({"type": "object", "nullable": true});
        assert_eq!(
            post["requestBody"],
            json!({"description": "the pet", "required": true, "content": {
                "application/json": {"schema": schema}, "application/xml": {"schema": schema}}})
        );
        assert_eq!(post["parameters"].as_array().map(Vec::len), Some(1), "{post}");
        assert_eq!(
            original(&origins, "#/paths/~1a/post/requestBody/content/application~1xml/schema/type"),
            "#/paths/~1a/post/parameters/1/schema/type"
        );
        assert_eq!(original(&origins, "#/paths/~1a/post/requestBody"), "#/paths/~1a/post/parameters/1");

        // The document's media types, else JSON; a body given by reference is read where it is.
        let by_reference = json!({"parameters": [{"$ref": "#/parameters/pet"}], "responses": {}});
        let shared = json!({"pet": {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Pet"}}});
        let sections = json!({"consumes": ["application/yaml"], "parameters": shared, "definitions": {"Pet": {}}});
        let (post, origins, _) = operation(by_reference.clone(), sections);
        assert_eq!(
            post["requestBody"],
            json!({"content": {"application/yaml": {"schema": {"$ref": "#/components/schemas/Pet"}}}})
        );
        assert!(post.get("parameters").is_none(), "{post}");
        assert_eq!(
            original(&origins, "#/paths/~1a/post/requestBody/content/application~1yaml/schema"),
            "#/parameters/pet/schema"
        );
        let (post, _, _) = operation(by_reference, json!({"parameters": shared}));
        assert!(post["requestBody"]["content"].get(DEFAULT_MEDIA_TYPE).is_some(), "{post}");
    }

    #[test]
    fn a_path_items_body_parameter_goes_to_each_operation() {
        let (document, _, _) = upgraded(json!({"paths": {"/a": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"},
                           {"name": "b", "in": "body", "schema": {"type": "string"}}],
            "put": {"responses": {}},
            "patch": {"parameters": [{"name": "c", "in": "body", "schema": {"type": "integer"}}], "responses": {}}
        }}}));
        let item = &document["paths"]["/a"];
        assert_eq!(
            item["parameters"],
            json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
        );
        assert_eq!(item["put"]["requestBody"]["content"]["application/json"]["schema"], json!({"type": "string"}));
        assert_eq!(item["patch"]["requestBody"]["content"]["application/json"]["schema"], json!({"type": "integer"}));
    }

    #[test]
    fn form_parameters_are_an_object_sent_as_a_form_or_multipart() {
        let form = json!({"parameters": [
            {"name": "id", "in": "path", "required": true, "type": "string"},
            {"name": "text", "in": "formData", "type": "string", "required": true, "maxLength": 9, "description": "d"},
            {"name": "count", "in": "formData", "type": "integer", "default": 1},
        ], "responses": {}});
        let (post, origins, found) = operation(form.clone(), json!({}));
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(
            post["requestBody"],
            json!({"required": true, "content": {FORM: {"schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "maxLength": 9, "description": "d"},
                    "count": {"type": "integer", "default": 1}
                }
            }}}})
        );
        assert_eq!(
            original(
                &origins,
                "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/count/default"
            ),
            "#/paths/~1a/post/parameters/2/default"
        );

        // Multipart when the operation consumes it, or when a file is sent.
        let (post, _, _) = operation(form, json!({"consumes": [MULTIPART]}));
        assert!(post["requestBody"]["content"].get(MULTIPART).is_some(), "{post}");
        let file = json!({"parameters": [{"name": "f", "in": "formData", "type": "file"}], "responses": {}});
        let (post, _, _) = operation(file, json!({"consumes": [FORM]}));
        assert_eq!(
            post["requestBody"]["content"][MULTIPART]["schema"]["properties"]["f"],
            json!({"type": "string", "format": "binary"})
        );
        assert!(post["requestBody"].get("required").is_none(), "{post}");
    }

    #[test]
    fn a_list_in_a_form_is_sent_one_field_per_item() {
        let list = json!({"parameters": [{"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}}],
                          "responses": {}});
        let (_, _, found) = operation(list, json!({}));
        assert_eq!(
            found,
            [
                "warning: #/paths/~1a/post/parameters/0: a list in a form is sent as one field per item, not `collectionFormat: csv`; read as `collectionFormat: multi`"
            ]
        );
    }

    #[test]
    fn simple_parameters_take_a_schema_and_a_style() {
        let list = |location: &str, format: Option<&str>| {
            let mut parameter = json!({"name": "l", "in": location, "type": "array", "items": {"type": "integer", "format": "int64", "minimum": 1}});
            if let Some(format) = format {
                parameter["collectionFormat"] = json!(format);
            }
            let (post, _, found) = operation(json!({"parameters": [parameter], "responses": {}}), json!({}));
            let mut parameter = post["parameters"][0].clone();
            assert_eq!(
                parameter["schema"],
                json!({"type": "array", "items": {"type": "integer", "format": "int64", "minimum": 1}})
            );
            let fields = parameter.as_object_mut().expect("an object");
            for key in ["name", "in", "schema"] {
                fields.remove(key);
            }
            (parameter, found)
        };
        assert_eq!(list("query", None).0, json!({"style": "form", "explode": false}));
        assert_eq!(list("query", Some("csv")).0, json!({"style": "form", "explode": false}));
        assert_eq!(list("query", Some("multi")).0, json!({"style": "form", "explode": true}));
        assert_eq!(list("query", Some("ssv")).0, json!({"style": "spaceDelimited"}));
        assert_eq!(list("query", Some("pipes")).0, json!({"style": "pipeDelimited"}));
        assert_eq!(list("query", Some("tsv")).0, json!({COLLECTION_FORMAT: "tsv"}));
        assert_eq!(list("header", Some("csv")).0, json!({}));
        assert_eq!(list("header", Some("tsv")).0, json!({COLLECTION_FORMAT: "tsv"}));
        assert_eq!(list("path", Some("pipes")).0, json!({COLLECTION_FORMAT: "pipes"}));
        let (multi_in_path, found) = list("path", Some("multi"));
        assert_eq!(multi_in_path, json!({}));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("collectionFormat") && found[0].contains("read as `collectionFormat: csv`"));

        let scalar = json!({"name": "s", "in": "query", "type": "string", "format": "date", "enum": ["2020-01-01"],
                            "default": "2020-01-01", "pattern": "^2", "allowEmptyValue": true, "description": "d",
                            "required": false, "x-example": "2020-01-01", "collectionFormat": "csv"});
        let (post, origins, _) = operation(json!({"parameters": [scalar], "responses": {}}), json!({}));
        assert_eq!(
            post["parameters"][0],
            json!({"name": "s", "in": "query", "description": "d", "required": false, "allowEmptyValue": true,
                   "x-example": "2020-01-01", "schema": {"type": "string", "format": "date", "enum": ["2020-01-01"],
                   "default": "2020-01-01", "pattern": "^2"}})
        );
        assert_eq!(
            original(&origins, "#/paths/~1a/post/parameters/0/schema/pattern"),
            "#/paths/~1a/post/parameters/0/pattern"
        );
    }

    #[test]
    fn parameters_after_a_body_parameter_are_recorded_where_they_were() {
        let (post, origins, _) = operation(
            json!({"parameters": [{"name": "b", "in": "body", "schema": {}}, {"name": "q", "in": "query"}], "responses": {}}),
            json!({}),
        );
        assert_eq!(post["parameters"][0]["name"], "q");
        assert_eq!(original(&origins, "#/paths/~1a/post/parameters/0/name"), "#/paths/~1a/post/parameters/1/name");
        assert_eq!(
            original(&origins, "#/paths/~1a/post/parameters/0/schema/type"),
            "#/paths/~1a/post/parameters/1/type"
        );

        let (post, origins, _) = operation(
            json!({"parameters": [{"name": "b", "in": "body", "schema": {}}, {"$ref": "#/parameters/q"}], "responses": {}}),
            json!({"parameters": {"q": {"name": "q", "in": "query", "type": "string"}}}),
        );
        assert_eq!(post["parameters"], json!([{"$ref": "#/components/parameters/q"}]));
        assert_eq!(original(&origins, "#/paths/~1a/post/parameters/0/$ref"), "#/paths/~1a/post/parameters/1/$ref");
    }

    #[test]
    fn a_parameter_without_a_type_is_text_with_a_warning() {
        let (post, _, found) =
            operation(json!({"parameters": [{"name": "q", "in": "query"}], "responses": {}}), json!({}));
        assert_eq!(post["parameters"][0]["schema"], json!({"type": "string"}));
        assert_eq!(
            found,
            [
                "warning: #/paths/~1a/post/parameters/0: a parameter, header or list of items needs `type`; read as `type: string`"
            ]
        );
    }

    #[test]
    fn responses_have_content_for_each_media_type_produced_and_headers_with_schemas() {
        let (post, origins, _) = operation(
            json!({"produces": ["application/json", "text/csv"], "responses": {
                "200": {
                    "description": "ok",
                    "schema": {"type": "array", "items": {"type": "string"}},
                    "headers": {"X-Rate": {"type": "integer", "format": "int32", "description": "left"}},
                    "examples": {"text/csv": "a,b", "application/pdf": "%PDF"}
                },
                "204": {"description": "none"},
                "default": {"description": "file", "schema": {"type": "file"}}
            }}),
            json!({"produces": ["application/xml"]}),
        );
        let schema = json!({"type": "array", "items": {"type": "string"}});
        assert_eq!(
            post["responses"]["200"],
            json!({
                "description": "ok",
                "headers": {"X-Rate": {"description": "left", "schema": {"type": "integer", "format": "int32"}}},
                "content": {"application/json": {"schema": schema}, "text/csv": {"schema": schema, "example": "a,b"}}
            })
        );
        assert_eq!(post["responses"]["204"], json!({"description": "none"}));
        assert_eq!(
            post["responses"]["default"]["content"]["application/json"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        let at = "#/paths/~1a/post/responses/200";
        assert_eq!(original(&origins, &format!("{at}/content/text~1csv/example")), format!("{at}/examples/text~1csv"));
        assert_eq!(
            original(&origins, &format!("{at}/headers/X-Rate/schema/format")),
            format!("{at}/headers/X-Rate/format")
        );
        assert_eq!(
            original(&origins, &format!("{at}/content/application~1json/schema/items")),
            format!("{at}/schema/items")
        );
    }

    #[test]
    fn schemas_say_in_3_0_what_2_0_says_in_its_own_words() {
        let (document, origins, _) = upgraded(json!({"definitions": {
            "Pet": {
                "type": "object",
                "discriminator": "kind",
                "required": ["kind"],
                "properties": {
                    "kind": {"type": "string"},
                    "nickname": {"type": "string", "x-nullable": true},
                    "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                    "photo": {"type": "file"},
                    "id": {"type": "integer", "readOnly": true},
                    "tags": {"type": "object", "additionalProperties": {"type": "string", "x-nullable": false}}
                }
            },
            "Cat": {"allOf": [{"$ref": "#/definitions/Pet"}, {"type": "object", "properties": {"lives": {"type": "integer"}}}]},
            "Owner": {"type": "object"}
        }}));
        let schemas = &document["components"]["schemas"];
        let pet = &schemas["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(pet["properties"]["nickname"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            pet["properties"]["owner"],
            json!({"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": true})
        );
        assert_eq!(pet["properties"]["photo"], json!({"type": "string", "format": "binary"}));
        assert_eq!(pet["properties"]["id"], json!({"type": "integer", "readOnly": true}));
        assert_eq!(pet["properties"]["tags"]["additionalProperties"], json!({"type": "string"}));
        assert_eq!(schemas["Cat"]["allOf"][0], json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(
            original(&origins, "#/components/schemas/Pet/properties/owner/allOf/0/$ref"),
            "#/definitions/Pet/properties/owner/$ref"
        );
    }
}
