//! Reading the requests a service sends to a receiver (the spec's webhooks): a generated enum
//! names each webhook, and these read a request's body into it.

use serde::de::DeserializeOwned;

/// A webhook request that cannot be read as the spec describes it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The name is none of the spec's webhooks.
    #[error("`{name}` is not a webhook of this API: expected one of {}", expected.join(", "))]
    UnknownWebhook { name: String, expected: &'static [&'static str] },
    /// The body is not what the spec says the webhook carries.
    #[error("the body of the `{webhook}` webhook does not match the spec: {source}")]
    Body {
        webhook: String,
        #[source]
        source: serde_json::Error,
    },
    /// The body does not say which webhook it is (`parse_any`).
    #[error("the body has no text `{property}` telling which webhook it is")]
    NoTag { property: &'static str },
    /// The body names a webhook the spec does not list (`parse_any`).
    #[error("`{property}: {value}` names no webhook of this API")]
    UnknownTag { property: &'static str, value: String },
}

/// The body of the webhook `name`, read as `T`.
#[doc(hidden)]
pub fn webhook_body<T: DeserializeOwned>(name: &str, body: &[u8]) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|source| WebhookError::Body { webhook: name.to_owned(), source })
}

/// The text of `property` in a webhook's JSON body: which webhook it is.
#[doc(hidden)]
pub fn webhook_tag(body: &[u8], property: &'static str) -> Result<String, WebhookError> {
    #[derive(serde::Deserialize)]
    struct Tagged {
        #[serde(flatten)]
        fields: serde_json::Map<String, serde_json::Value>,
    }
    let tagged: Tagged = serde_json::from_slice(body).map_err(|_| WebhookError::NoTag { property })?;
    match tagged.fields.get(property) {
        Some(serde_json::Value::String(tag)) => Ok(tag.clone()),
        _ => Err(WebhookError::NoTag { property }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_and_its_tag_found() {
        let body = br#"{"type": "pet.created", "pet": {"name": "Rex"}}"#;
        assert_eq!(webhook_tag(body, "type").expect("tagged"), "pet.created");
        assert!(matches!(webhook_tag(b"[1]", "type"), Err(WebhookError::NoTag { property: "type" })));
        assert!(matches!(webhook_tag(br#"{"type": 1}"#, "type"), Err(WebhookError::NoTag { .. })));
        let value: serde_json::Value = webhook_body("petCreated", body).expect("JSON");
        assert_eq!(value["pet"]["name"], "Rex");
        let error = webhook_body::<Vec<u8>>("petCreated", body).expect_err("not a list");
        assert!(
            error.to_string().starts_with("the body of the `petCreated` webhook does not match the spec"),
            "{error}"
        );
    }
}
