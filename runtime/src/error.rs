//! The crate's errors: the one [`Error`] every call fails with, and the service's and a waiter's
//! errors it carries.

use std::fmt;

use crate::validate::ValidationError;
use crate::xml::{self, Xml, XmlElement, XmlName};

/// Everything a call can fail with. Nothing in it ever holds a secret value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error status.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The service could not be reached, or the connection failed or timed out.
    #[error("request failed before a response arrived: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request breaks the spec's rules; nothing was sent.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The client is not configured well enough to send the request (missing credentials, a
    /// client parameter, an invalid endpoint); nothing was sent.
    #[error("configuration: {0}")]
    Config(String),
    /// The request could not be put together; nothing was sent.
    #[error("cannot build the request: {0}")]
    Build(String),
    /// A waiter stopped before the resource reached a success state.
    #[error(transparent)]
    Wait(#[from] WaitError),
    /// A response body larger than the configured limit; the rest was not read.
    #[error("{status} response body is larger than {limit} bytes (request id {})", request_id.as_deref().unwrap_or("none"))]
    ResponseTooLarge { status: u16, request_id: Option<String>, limit: usize },
    /// A success response whose body (or one item of a streamed one) is not what the spec says.
    #[error("{status} response body does not match the spec (request id {}): {source}", request_id.as_deref().unwrap_or("none"))]
    Decode {
        status: u16,
        request_id: Option<String>,
        #[source]
        source: serde_json::Error,
    },
    /// A streamed answer broke off after it began: the connection dropped, stayed silent for
    /// longer than the timeout, or sent what the stream's format cannot hold. The items already
    /// received stand; nothing more comes.
    #[error("{status} streamed response broke off (request id {}): {source}", request_id.as_deref().unwrap_or("none"))]
    StreamBroken {
        status: u16,
        request_id: Option<String>,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A streamed answer could not be written where the caller asked (a file, a writer); the
    /// answer itself was fine.
    #[error("cannot write the response: {0}")]
    Write(#[source] std::io::Error),
}

impl Error {
    /// The service's error, when the service answered with one.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the request timed out (connecting or waiting for the response, or a streamed
    /// response that went silent).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(error) => error.is_timeout(),
            Error::StreamBroken { source, .. } => {
                source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_timeout)
            }
            _ => false,
        }
    }
}

impl From<ServiceError> for Error {
    fn from(error: ServiceError) -> Self {
        Error::Service(Box::new(error))
    }
}

/// An error status from the service, with what it said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub status: u16,
    /// The `X-Request-Id` response header, for support requests.
    pub request_id: Option<String>,
    /// The service's error code (`OMS.0001`, say), when the body carries one.
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
    /// An encoded explanation of why the request was denied, which the platform's identity
    /// service can decode for an administrator (Huawei Cloud IAM's `encoded_authorization_message`).
    pub encoded_authorization_message: Option<String>,
    /// The body as received (lossily decoded as UTF-8).
    pub body: String,
    /// How long the service asked the client to wait (`Retry-After`), if it did.
    pub retry_after: Option<std::time::Duration>,
}

impl ServiceError {
    /// Reads the error code and message from the first pair of `fields` (code, message) present
    /// in the JSON body, else the same pairs one object deeper; likewise the field named
    /// `authorization_field`. An XML body is read the same way, its root element's elements as
    /// the object's fields (AWS's `<ErrorResponse><Error><Code>`). Anything else keeps only the
    /// raw body.
    pub fn from_response(
        status: u16,
        request_id: Option<String>,
        body: &[u8],
        fields: &[(&str, &str)],
        authorization_field: Option<&str>,
    ) -> Self {
        let pair = |object: &serde_json::Map<String, serde_json::Value>| {
            fields.iter().find_map(|(code, message)| Some((text(object.get(*code)?)?, text(object.get(*message)?)?)))
        };
        let mut error = ServiceError {
            status,
            request_id,
            error_code: None,
            error_msg: None,
            encoded_authorization_message: None,
            body: String::from_utf8_lossy(body).into_owned(),
            retry_after: None,
        };
        let object = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => Some(value),
            Err(_) => xml::read_any(body).ok(),
        };
        if let Some(serde_json::Value::Object(object)) = object {
            let nested = || object.values().filter_map(|v| v.as_object());
            if let Some((code, message)) = pair(&object).or_else(|| nested().find_map(pair)) {
                (error.error_code, error.error_msg) = (Some(code), Some(message));
            }
            if let Some(field) = authorization_field {
                let found = |object: &serde_json::Map<String, serde_json::Value>| object.get(field).and_then(text);
                error.encoded_authorization_message = found(&object).or_else(|| nested().find_map(found));
            }
        }
        error
    }

    /// The body read as the type the spec gives this status, if it is one.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }

    /// The XML body read as the type the spec gives this status (a model, or any value), if it
    /// is one.
    pub fn xml_body_as<T: Xml + serde::de::DeserializeOwned>(&self) -> Option<T> {
        // The root element's name is not checked when reading.
        let root = XmlElement { name: XmlName::local(""), value: T::xml() };
        let value = xml::read(&root, self.body.as_bytes()).ok()?;
        serde_json::from_value(value).ok()
    }

    /// A 4xx status: the request was wrong.
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// A 5xx status: the service failed.
    pub fn is_server_error(&self) -> bool {
        (500..600).contains(&self.status)
    }
}

/// Codes are sometimes numbers; both count.
fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Longest body shown by Display; the full body stays in [`ServiceError::body`].
const SHOWN_BODY: usize = 512;

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_server_error() { "server error" } else { "error" };
        write!(f, "service {kind} {} (request id {})", self.status, self.request_id.as_deref().unwrap_or("none"))?;
        match (&self.error_code, &self.error_msg) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}"),
            _ if self.body.is_empty() => Ok(()),
            _ => {
                let cut = self.body.char_indices().nth(SHOWN_BODY).map_or(self.body.len(), |(i, _)| i);
                let more = if cut < self.body.len() { "..." } else { "" };
                write!(f, ": {}{more}", &self.body[..cut])
            }
        }
    }
}

impl std::error::Error for ServiceError {}

/// Why a wait ended without reaching a success state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitError {
    /// The resource reached a state the waiter calls a failure.
    #[error("waiting for `{waiter}`: the state became {state}, a failure")]
    Failed { waiter: &'static str, state: String },
    /// The resource reached a state the waiter does not know.
    #[error("waiting for `{waiter}`: unexpected state {state}")]
    Unexpected { waiter: &'static str, state: String },
    /// The time limit passed first.
    #[error("waiting for `{waiter}`: still {state} after {waited:?}")]
    TimedOut { waiter: &'static str, state: String, waited: std::time::Duration },
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[(&str, &str)] = &[("code", "message")];

    fn parsed(body: &str) -> (Option<String>, Option<String>) {
        let error = ServiceError::from_response(400, None, body.as_bytes(), FIELDS, None);
        (error.error_code, error.error_msg)
    }

    fn pair(code: &str, message: &str) -> (Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()))
    }

    #[test]
    fn code_and_message_at_the_top_or_one_level_down() {
        assert_eq!(parsed(r#"{"code":404,"message":"gone"}"#), pair("404", "gone"));
        assert_eq!(parsed(r#"{"error":{"code":"E.1","message":"no route"}}"#), pair("E.1", "no route"));
    }

    #[test]
    fn anything_else_keeps_the_raw_body() {
        for body in ["not json", "[1,2]", r#"{"code":"only code"}"#, r#"{"error_code":"E","error_msg":"m"}"#, ""] {
            let error = ServiceError::from_response(502, Some("r-1".into()), body.as_bytes(), FIELDS, None);
            assert_eq!((error.error_code, error.error_msg), (None, None), "{body}");
            assert_eq!(error.body, body);
        }
    }

    #[test]
    fn an_authorization_message_at_the_top_or_one_level_down() {
        let read = |body: &str| {
            ServiceError::from_response(403, None, body.as_bytes(), FIELDS, Some("encoded_authorization_message"))
                .encoded_authorization_message
        };
        assert_eq!(read(r#"{"code":"E","message":"m","encoded_authorization_message":"X1"}"#).as_deref(), Some("X1"));
        assert_eq!(read(r#"{"error":{"code":"E","encoded_authorization_message":"X2"}}"#).as_deref(), Some("X2"));
        assert_eq!(read(r#"{"code":"E","message":"m"}"#), None);
        let unnamed = ServiceError::from_response(403, None, br#"{"encoded_authorization_message":"X"}"#, FIELDS, None);
        assert_eq!(unnamed.encoded_authorization_message, None, "only the platform's field counts");
    }

    #[test]
    fn code_and_message_of_an_xml_body() {
        const AWS: &[(&str, &str)] = &[("Code", "Message")];
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
            <Error><Type>Sender</Type><Code>ExpiredTokenException</Code><Message>The token expired</Message></Error>
            <RequestId>4c2d2f52-0000</RequestId></ErrorResponse>"#;
        let error = ServiceError::from_response(400, None, body.as_bytes(), AWS, None);
        assert_eq!((error.error_code, error.error_msg), pair("ExpiredTokenException", "The token expired"));
        assert_eq!(error.body, body, "the raw body is kept");
        let s3 = "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>";
        let error = ServiceError::from_response(404, None, s3.as_bytes(), AWS, None);
        assert_eq!((error.error_code, error.error_msg), pair("NoSuchKey", "none"));
        let error = ServiceError::from_response(400, None, b"<oops", AWS, None);
        assert_eq!((error.error_code, error.error_msg), (None, None));
    }

    #[test]
    fn an_xml_body_read_as_its_type() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>";
        let error = ServiceError::from_response(400, None, body.as_bytes(), FIELDS, None);
        let value: serde_json::Value = error.xml_body_as().expect("any value");
        assert_eq!(value, serde_json::json!({"Error": {"Code": "Throttling"}}));
        assert_eq!(error.body_as::<serde_json::Value>(), None, "not JSON");
        let count = ServiceError::from_response(400, None, b"<count> 3 </count>", FIELDS, None);
        assert_eq!(count.xml_body_as::<i64>(), Some(3));
    }

    #[test]
    fn display_names_status_request_id_and_code() {
        let error =
            ServiceError::from_response(403, Some("abc".into()), br#"{"code":"E.1","message":"denied"}"#, FIELDS, None);
        assert_eq!(error.to_string(), "service error 403 (request id abc): E.1: denied");
        let error = ServiceError::from_response(503, None, b"upstream down", FIELDS, None);
        assert_eq!(error.to_string(), "service server error 503 (request id none): upstream down");
        assert!(error.is_server_error() && !error.is_client_error());
    }
}
