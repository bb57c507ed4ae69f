//! A deliberately wrong request: one command that passed, with one value made to break the
//! spec, which must then be refused, naming what is wrong.

use serde_json::Value;

use crate::commands::{Command, Given};
use crate::values::{Values, type_of};

/// String formats the client sends unchecked: a value breaking one reaches the server.
const UNCHECKED_FORMATS: [&str; 4] = ["uuid", "date-time", "email", "uri"];

pub struct WrongRequest {
    /// What was made wrong, in words.
    pub what: String,
    /// Names one of which the refusal must mention: the field or flag.
    pub names: Vec<String>,
    pub command: Command,
}

/// A wrong copy of one of `passed` (of any of `commands` when none passed). With `past_the_client`, a value of a format the client does
/// not check is preferred, so that the server's verdict is what refuses it; else (or when there
/// is none) a required body field left out, a length or bound broken, or a required parameter
/// left out, which the client refuses before sending.
pub fn wrong_request(passed: &[&Command], values: &Values, past_the_client: bool) -> Option<WrongRequest> {
    let first =
        |strategy: &dyn Fn(&Command) -> Option<WrongRequest>| passed.iter().find_map(|command| strategy(command));
    let unchecked = if past_the_client { first(&|command| unchecked_format(command, values)) } else { None };
    unchecked
        .or_else(|| first(&|command| body_lacking_a_required_field(command, values)))
        .or_else(|| first(&|command| broken_rule(command, values)))
        .or_else(|| first(&required_parameter_left_out))
}

fn unchecked_format(command: &Command, values: &Values) -> Option<WrongRequest> {
    let format_of = |schema: &Value| {
        let schema = values.merged(values.resolve(schema));
        let format = schema.get("format").and_then(Value::as_str)?;
        UNCHECKED_FORMATS.contains(&format).then(|| format.to_owned())
    };
    for (at, given) in command.parameters.iter().enumerate() {
        if let Some(format) = format_of(&given.schema) {
            let mut wrong = command.clone();
            wrong.parameters[at].value = Value::String(format!("not-a-{format}"));
            return Some(WrongRequest {
                what: format!("{} with --{} not a {format}", command.name, given.flag.flag),
                names: names_of(given),
                command: wrong,
            });
        }
    }
    let body = command.body.as_ref().filter(|body| body.reads_as_json())?;
    let schema = values.merged(values.resolve(&body.schema));
    let properties = schema.get("properties")?.as_object()?;
    let (field, format) = properties.iter().find_map(|(field, property)| {
        body.value.get(field)?.as_str()?;
        Some((field.clone(), format_of(property)?))
    })?;
    let mut wrong = command.clone();
    if let Some(Value::Object(fields)) = wrong.body.as_mut().map(|body| &mut body.value) {
        fields.insert(field.clone(), Value::String(format!("not-a-{format}")));
    }
    Some(WrongRequest {
        what: format!("{} with a body whose `{field}` is not a {format}", command.name),
        names: vec![field],
        command: wrong,
    })
}

/// A JSON body (or one the command line reads as JSON) lacking a required field: the client
/// takes other bodies as they are.
fn body_lacking_a_required_field(command: &Command, values: &Values) -> Option<WrongRequest> {
    let body = command.body.as_ref().filter(|body| body.reads_as_json())?;
    let schema = values.merged(values.resolve(&body.schema));
    let field = schema
        .get("required")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|field| body.value.get(field).is_some())?;
    let mut wrong = command.clone();
    if let Some(Value::Object(fields)) = wrong.body.as_mut().map(|body| &mut body.value) {
        fields.remove(field);
    }
    Some(WrongRequest {
        what: format!("{} with a body lacking its required `{field}`", command.name),
        names: vec![field.to_owned()],
        command: wrong,
    })
}

fn broken_rule(command: &Command, values: &Values) -> Option<WrongRequest> {
    for (at, given) in command.parameters.iter().enumerate() {
        let schema = values.merged(values.resolve(&given.schema));
        let number = |key: &str| schema.get(key).and_then(Value::as_f64);
        let broken = match (type_of(&schema), number("maxLength"), number("minimum")) {
            ("string", Some(max), _) => {
                Some((Value::String("x".repeat(max as usize + 1)), format!("longer than {max} characters")))
            }
            ("integer" | "number", _, Some(minimum)) => {
                Some((serde_json::json!(minimum - 1.0), format!("below its minimum {minimum}")))
            }
            _ => None,
        };
        if let Some((value, how)) = broken {
            let mut wrong = command.clone();
            wrong.parameters[at].value = value;
            return Some(WrongRequest {
                what: format!("{} with --{} {how}", command.name, given.flag.flag),
                names: names_of(given),
                command: wrong,
            });
        }
    }
    None
}

fn required_parameter_left_out(command: &Command) -> Option<WrongRequest> {
    let at = command.parameters.iter().position(|given| given.flag.required)?;
    let mut wrong = command.clone();
    let given = wrong.parameters.remove(at);
    Some(WrongRequest {
        what: format!("{} without its required --{}", command.name, given.flag.flag),
        names: names_of(&given),
        command: wrong,
    })
}

/// How a refusal may name a parameter: by its name in the spec or its flag.
fn names_of(given: &Given) -> Vec<String> {
    let rust_name = generator::names::snake(&given.wire_name).word().to_owned();
    vec![given.wire_name.clone(), given.flag.flag.clone(), rust_name]
}
