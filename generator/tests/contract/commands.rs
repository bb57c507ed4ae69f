//! An operation as a command of its generated command line: a flag for every parameter (optional
//! ones too) with a value its schema accepts, and the body given whole with `--body -`.

use generator::ir::{self, BodyEncoding, Location, Style, ValueKind};
use serde_json::Value;

use crate::values::Values;

/// An operation's command with the values it is given.
#[derive(Debug, Clone)]
pub struct Command {
    /// The subcommand (`list-task-group`).
    pub name: String,
    pub parameters: Vec<Given>,
    pub body: Option<Body>,
}

/// A parameter's value, and how its flag takes it.
#[derive(Debug, Clone)]
pub struct Given {
    pub wire_name: String,
    pub location: Location,
    pub style: Style,
    pub flag: ir::Flag,
    pub value: Value,
    /// Its schema, as the spec writes it.
    pub schema: Value,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub encoding: BodyEncoding,
    pub media_type: String,
    pub value: Value,
    /// Its schema, as the spec writes it.
    pub schema: Value,
}

impl Body {
    /// Whether the command line reads it as JSON (a JSON, form or multipart body), rather than
    /// taking its bytes as they are.
    pub fn reads_as_json(&self) -> bool {
        matches!(self.encoding, BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart)
    }
}

impl Command {
    /// The command for `operation`, each value made from its schema in `document`.
    pub fn for_operation(operation: &ir::Operation, document: &Value, values: &Values) -> Result<Command, String> {
        let spec = spec_operation(operation, document)?;
        let mut parameters = Vec::new();
        for parameter in &operation.parameters {
            let written = spec
                .parameters
                .iter()
                .map(|written| values.resolve(written))
                .find(|written| {
                    written.get("name").and_then(Value::as_str) == Some(&parameter.wire_name)
                        && written.get("in").and_then(Value::as_str) == Some(location_name(parameter.location))
                })
                .ok_or_else(|| format!("the parameter {} is not in the spec", parameter.wire_name))?;
            let value = values.parameter(written).map_err(|e| format!("parameter {}: {e}", parameter.wire_name))?;
            let schema = written.get("schema").cloned().unwrap_or(Value::Null);
            parameters.push(Given {
                wire_name: parameter.wire_name.clone(),
                location: parameter.location,
                style: parameter.style,
                flag: parameter.flag.clone(),
                value,
                schema,
            });
        }
        let body = match &operation.body {
            None => None,
            Some(body) => {
                let schema = spec
                    .request_body
                    .map(|request_body| values.resolve(request_body))
                    .and_then(|request_body| request_body.get("content")?.get(&body.media_type)?.get("schema"))
                    .cloned()
                    .unwrap_or(Value::Null);
                let value = if schema.is_null() {
                    Value::String("contract test body".into())
                } else {
                    values.value(&schema).map_err(|e| format!("body: {e}"))?
                };
                Some(Body { encoding: body.encoding, media_type: body.media_type.clone(), value, schema })
            }
        };
        Ok(Command { name: operation.command.name.clone(), parameters, body })
    }

    /// The command and its flags, as the command line takes them after its global options.
    pub fn args(&self) -> Vec<String> {
        let mut args = vec![self.name.clone()];
        for given in &self.parameters {
            let flag = format!("--{}", given.flag.flag);
            match &given.value {
                Value::Array(items) if given.flag.repeated => {
                    for item in items {
                        args.extend([flag.clone(), flag_text(&given.flag, item)]);
                    }
                }
                value => args.extend([flag, flag_text(&given.flag, value)]),
            }
        }
        if self.body.is_some() {
            args.extend(["--body".to_owned(), "-".to_owned()]);
        }
        args
    }

    /// What `--body -` reads: JSON for a body of a JSON, form or multipart type (the command line
    /// reads all of them as JSON), the text or bytes as they are for others; an XML body,
    /// which the client takes as text, as an XML document of the value.
    pub fn stdin(&self) -> Option<Vec<u8>> {
        let body = self.body.as_ref()?;
        Some(match (&body.encoding, &body.value) {
            (_, value) if body.reads_as_json() => serde_json::to_vec(value).expect("JSON values serialize"),
            (_, Value::String(text)) => text.clone().into_bytes(),
            (_, value) if body.media_type.contains("xml") => {
                let root = body.schema.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next());
                xml_element(root.unwrap_or("Request"), value).into_bytes()
            }
            (_, value) => value.to_string().into_bytes(),
        })
    }
}

/// A flag's value as text: a string as it is, anything else as JSON.
fn flag_text(flag: &ir::Flag, value: &Value) -> String {
    match (value, &flag.kind) {
        (Value::String(text), ValueKind::Text | ValueKind::OneOf(_) | ValueKind::Json) => text.clone(),
        (value, _) => value.to_string(),
    }
}

/// `value` as an XML element named `name`: an object's properties as child elements, a list's
/// items each as an element of the name.
fn xml_element(name: &str, value: &Value) -> String {
    match value {
        Value::Object(fields) => {
            let children: String = fields.iter().map(|(field, value)| xml_element(field, value)).collect();
            format!("<{name}>{children}</{name}>")
        }
        Value::Array(items) => items.iter().map(|item| xml_element(name, item)).collect(),
        Value::String(text) => format!("<{name}>{}</{name}>", xml_escaped(text)),
        other => format!("<{name}>{other}</{name}>"),
    }
}

fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub fn location_name(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

/// An operation as the spec writes it: its parameters (the path item's, unless the operation
/// names the same) and its request body.
pub struct SpecOperation<'a> {
    pub parameters: Vec<&'a Value>,
    pub request_body: Option<&'a Value>,
}

pub fn spec_operation<'a>(operation: &ir::Operation, document: &'a Value) -> Result<SpecOperation<'a>, String> {
    let item = document
        .get("paths")
        .and_then(|paths| paths.get(&operation.path_template))
        .ok_or_else(|| format!("the path {} is not in the spec", operation.path_template))?;
    let method = operation.method.as_str().to_ascii_lowercase();
    let written =
        item.get(&method).ok_or_else(|| format!("{method} {} is not in the spec", operation.path_template))?;
    let list = |value: &'a Value| value.get("parameters").and_then(Value::as_array).into_iter().flatten();
    let parameters = list(written).chain(list(item)).collect();
    Ok(SpecOperation { parameters, request_body: written.get("requestBody") })
}
