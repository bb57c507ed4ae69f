//! A call as an HTTP request, all but its authentication: the URL, headers, cookies and body,
//! which stay the same however many attempts are made.

use std::fmt::Write as _;

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};

use crate::argument::ArgumentValue;
use crate::binary::Streamed;
use crate::body::Body;
use crate::call::Call;
use crate::client_parameters::ClientValue;
use crate::error::Error;
use crate::http::{header_name, header_value};
#[cfg(feature = "test-util")]
use crate::mocks::Matched;
use crate::path;
use crate::platform::Platform;
use crate::tables::{Location, Operation, PathPart, Style};

/// A request ready to be authenticated and sent, as often as needed.
pub(crate) struct Prepared<'r> {
    pub(crate) operation: &'static Operation,
    pub(crate) client_parameters: &'r [ClientValue],
    pub(crate) url: url::Url,
    pub(crate) headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Payload,
    /// In a client made from mocks, the rules the typed request's inputs match.
    #[cfg(feature = "test-util")]
    pub(crate) matched: Option<Matched>,
}

/// What a request carries as its body.
pub(crate) enum Payload {
    /// Bytes at hand (none for a request without a body).
    Bytes(Vec<u8>),
    /// Bytes read from a file or reader as they are sent.
    Streamed(Streamed),
}

impl Payload {
    /// The bytes at hand: none for a streamed body.
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Payload::Bytes(bytes) => bytes,
            Payload::Streamed(_) => &[],
        }
    }

    pub(crate) fn is_streamed(&self) -> bool {
        matches!(self, Payload::Streamed(_))
    }

    /// Whether a request carrying it can be sent again (not when its bytes come from a reader).
    pub(crate) fn can_repeat(&self) -> bool {
        match self {
            Payload::Bytes(_) => true,
            Payload::Streamed(streamed) => streamed.can_repeat(),
        }
    }

    /// The body of one attempt: a file opened afresh, a reader handed over.
    pub(crate) async fn to_send(&self) -> Result<Option<reqwest::Body>, Error> {
        match self {
            Payload::Bytes(bytes) if bytes.is_empty() => Ok(None),
            Payload::Bytes(bytes) => Ok(Some(reqwest::Body::from(bytes.clone()))),
            Payload::Streamed(streamed) => {
                streamed.body().await.map(Some).map_err(|e| Error::Build(format!("the request body: {e}")))
            }
        }
    }

    /// The body as a dry run shows it: the bytes at hand (a streamed body is not read).
    pub(crate) fn to_show(&self) -> Option<reqwest::Body> {
        match self {
            Payload::Bytes(bytes) if !bytes.is_empty() => Some(reqwest::Body::from(bytes.clone())),
            _ => None,
        }
    }
}

impl<'r> Prepared<'r> {
    /// Everything about the request that does not change between attempts: `call` sent to
    /// `base_url` (without a trailing `/`) as `user_agent`.
    pub(crate) fn new(
        call: Call,
        client_parameters: &'r [ClientValue],
        base_url: &str,
        user_agent: &HeaderValue,
        platform: &dyn Platform,
    ) -> Result<Self, Error> {
        let operation = call.operation;
        let url = url(base_url, &call, client_parameters)?;
        let mut headers = HeaderMap::new();
        let content_type = match &call.body {
            Some(body) => Some(header_value("Content-Type", &body.content_type)?),
            None => platform.bodyless_content_type().map(HeaderValue::from_static),
        };
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, content_type);
        }
        headers.insert(USER_AGENT, user_agent.clone());
        // A streamed body of known length says so (sent in chunks otherwise).
        if let Some(length) = call.body.as_ref().and_then(|body| body.streamed.as_ref()).and_then(Streamed::length) {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        let mut cookies = Vec::new();
        for (spec, value) in operation.arguments.iter().zip(&call.arguments) {
            match spec.location {
                Location::Header => {
                    let explode = matches!(spec.style, Style::Simple { explode: true });
                    if let Some(value) = value.simple(explode) {
                        headers.insert(header_name(spec.name)?, header_value(spec.name, &value)?);
                    }
                }
                Location::Cookie => cookies.extend(value.cookies(spec.name)),
                Location::Path | Location::Query => {}
            }
        }
        let body = match call.body {
            Some(Body { streamed: Some(streamed), .. }) => Payload::Streamed(streamed),
            Some(body) => Payload::Bytes(body.bytes),
            None => Payload::Bytes(Vec::new()),
        };
        Ok(Prepared {
            operation,
            client_parameters,
            url,
            headers,
            cookies,
            body,
            #[cfg(feature = "test-util")]
            matched: call.matched,
        })
    }
}

/// The request URL: base, path with its parameters, query.
fn url(base_url: &str, call: &Call, client_parameters: &[ClientValue]) -> Result<url::Url, Error> {
    let operation = call.operation;
    let mut url = base_url.to_owned();
    for part in operation.path {
        match *part {
            // A `#` or `?` in a literal is part of the path, never a fragment or a query.
            PathPart::Literal(text) => url.push_str(&text.replace('#', "%23").replace('?', "%3F")),
            PathPart::Client(name) => {
                let value = client_parameters
                    .iter()
                    .find(|p| p.name == name)
                    .ok_or_else(|| Error::Config(format!("client parameter `{name}` is not set")))?;
                url.push_str(&value.encoded);
            }
            PathPart::Argument(index) => {
                let explode =
                    operation.arguments.get(index).is_some_and(|a| matches!(a.style, Style::Simple { explode: true }));
                match call.arguments.get(index).and_then(|value| value.simple(explode)) {
                    Some(value) => {
                        let _ = write!(url, "{}", path::encode(&value));
                    }
                    None => {
                        return Err(Error::Build(format!("{}: path argument {index} has no value", operation.name)));
                    }
                }
            }
            // Written first and last: the server before, the query after.
            PathPart::FixedQuery { .. } | PathPart::Server(_) => {}
        }
    }
    for part in operation.path {
        if let PathPart::FixedQuery { name, value } = *part {
            ArgumentValue::One(value.to_owned()).write_query(&mut url, name, Style::Form { explode: true });
        }
    }
    for (spec, value) in operation.arguments.iter().zip(&call.arguments) {
        if spec.location == Location::Query {
            value.write_query(&mut url, spec.name, spec.style);
        }
    }
    url::Url::parse(&url).map_err(|e| Error::Build(format!("{}: the request URL is invalid: {e}", operation.name)))
}
