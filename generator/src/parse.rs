//! Parsing: YAML (or JSON) text into an OpenAPI 3.0 document.

use std::panic::{AssertUnwindSafe, catch_unwind};

use openapiv3::OpenAPI;

use crate::error::{Error, Pointer, Result};

pub fn parse(text: &str) -> Result<OpenAPI> {
    // Read as a plain value first: the checks below give clearer errors than the typed parse would.
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(yaml_error)?;
    match value.get("openapi").and_then(serde_yaml::Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => {
            return Err(Error::at("#/openapi", format!("OpenAPI {version} is not supported: expected 3.0.x")));
        }
        None => return Err(Error::at("#/openapi", "missing: expected an OpenAPI 3.0.x document")),
    }
    // JSON has no infinite or NaN numbers, and the typed parse goes through JSON values.
    if let Some(at) = non_finite_number(&value, &Pointer::root()) {
        return Err(at.error("not a finite number"));
    }
    // The `openapiv3` crate can panic on input it half-accepts; that must not end the run.
    let typed = catch_unwind(AssertUnwindSafe(|| serde_yaml::from_value::<OpenAPI>(value)));
    match typed {
        Ok(Ok(document)) => Ok(document),
        Ok(Err(error)) => Err(Error::at("#", format!("not a valid OpenAPI 3.0 document: {error}"))),
        Err(_) => Err(Error::at("#", "not a valid OpenAPI 3.0 document (the OpenAPI parser gave up on it)")),
    }
}

fn non_finite_number(value: &serde_yaml::Value, at: &Pointer) -> Option<Pointer> {
    match value {
        serde_yaml::Value::Number(number) if number.as_f64().is_some_and(|n| !n.is_finite()) => Some(at.clone()),
        serde_yaml::Value::Sequence(items) => {
            items.iter().enumerate().find_map(|(i, item)| non_finite_number(item, &at.push(i.to_string())))
        }
        serde_yaml::Value::Mapping(entries) => entries.iter().find_map(|(key, item)| {
            let key = match key {
                serde_yaml::Value::String(key) => key.clone(),
                other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
            };
            non_finite_number(item, &at.push(key))
        }),
        serde_yaml::Value::Tagged(tagged) => non_finite_number(&tagged.value, at),
        _ => None,
    }
}

fn yaml_error(error: serde_yaml::Error) -> Error {
    let location = match error.location() {
        Some(at) => format!("line {}, column {}", at.line(), at.column()),
        None => "#".to_owned(),
    };
    Error::at(location, format!("not valid YAML: {error}"))
}
