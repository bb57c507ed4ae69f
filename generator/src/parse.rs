//! Parsing: YAML (or JSON) text into an OpenAPI 3.0 document.

use openapiv3::OpenAPI;

use crate::error::{Error, Result};

pub fn parse(text: &str) -> Result<OpenAPI> {
    // Read as a plain value first: the version check below gives a clearer error than the typed
    // parse would for an OpenAPI 2 or 3.1 document.
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(yaml_error)?;
    match value.get("openapi").and_then(serde_yaml::Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => {
            return Err(Error::at("#/openapi", format!("OpenAPI {version} is not supported: expected 3.0.x")));
        }
        None => return Err(Error::at("#/openapi", "missing: expected an OpenAPI 3.0.x document")),
    }
    serde_yaml::from_value(value).map_err(|error| Error::at("#", format!("not a valid OpenAPI 3.0 document: {error}")))
}

fn yaml_error(error: serde_yaml::Error) -> Error {
    let location = match error.location() {
        Some(at) => format!("line {}, column {}", at.line(), at.column()),
        None => "#".to_owned(),
    };
    Error::at(location, format!("not valid YAML: {error}"))
}
