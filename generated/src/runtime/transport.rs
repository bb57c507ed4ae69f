//! Sending calls: the URL, headers and authentication of each request, and what comes back.

use std::fmt::Write as _;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::config::{Config, Credentials};
use super::error::{Error, ServiceError};
use super::operation::{ArgumentValue, Auth, Call, Location, PathPart, Service};
use super::path;
use super::validate::Validator;

/// The response header that carries the service's request id.
const REQUEST_ID: &str = "x-request-id";

/// Sends calls for a generated client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing `/`: `https://oms.cn-north-4.myhuaweicloud.com`.
    base_url: String,
    credentials: Option<Credentials>,
    /// Client-level parameters, already encoded as path segments.
    client_parameters: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let credentials = match &self.inner.credentials {
            None => "none",
            Some(Credentials::Token(_)) => "token",
        };
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &credentials)
            .field("client_parameters", &self.inner.client_parameters)
            .finish()
    }
}

impl Runtime {
    /// Checks `config` against what `service` needs. Fails before any I/O.
    pub fn new(config: Config, service: &'static Service) -> Result<Self, Error> {
        let base_url = base_url(&config, service)?;
        let client_parameters = client_parameters(&config, service)?;
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("oms-rust/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))?;
        Ok(Runtime { inner: Arc::new(Inner { http, base_url, credentials: config.credentials, client_parameters }) })
    }

    /// Sends a call and returns the success response; an error status becomes [`Error::Service`].
    pub async fn send(&self, call: Call) -> Result<Response, Error> {
        let operation = call.operation;
        let (url, path) = self.url(&call)?;
        let mut headers = HeaderMap::new();
        for (spec, value) in operation.arguments.iter().zip(&call.arguments) {
            if let (Location::Header, ArgumentValue::One(value)) = (spec.location, value) {
                headers.insert(header_name(spec.name)?, header_value(spec.name, value)?);
            }
        }
        if let Some(body) = &call.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(body.content_type));
        }
        self.authenticate(operation.name, operation.auth, &mut headers)?;

        let method = operation.method.to_http();
        let mut request = self.inner.http.request(method, url.as_str()).headers(headers);
        if let Some(body) = call.body {
            request = request.body(body.bytes);
        }
        tracing::debug!(operation = operation.name, method = operation.method.as_str(), path = %path, "sending request");
        let response = request.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let request_id = response.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
        tracing::debug!(operation = operation.name, status, request_id = request_id.as_deref(), "received response");
        if !(200..300).contains(&status) {
            return Err(ServiceError::from_response(status, request_id, &body).into());
        }
        Ok(Response { status, request_id, body })
    }

    /// The request URL, and its path for logs.
    fn url(&self, call: &Call) -> Result<(String, String), Error> {
        let operation = call.operation;
        let mut path = String::new();
        for part in operation.path {
            match *part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Client(name) => {
                    let value = self.inner.client_parameters.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
                    path.push_str(value.ok_or_else(|| Error::Config(format!("client parameter `{name}` is not set")))?);
                }
                PathPart::Argument(index) => match call.arguments.get(index) {
                    Some(ArgumentValue::One(value)) => {
                        let _ = write!(path, "{}", path::encode(value));
                    }
                    _ => return Err(Error::Build(format!("{}: path argument {index} has no value", operation.name))),
                },
            }
        }
        let mut url = format!("{}{path}", self.inner.base_url);
        let mut separator = '?';
        for (spec, value) in operation.arguments.iter().zip(&call.arguments) {
            if spec.location != Location::Query {
                continue;
            }
            let values = match value {
                ArgumentValue::Absent => continue,
                ArgumentValue::One(value) => std::slice::from_ref(value),
                ArgumentValue::Many(values) => values.as_slice(),
            };
            for value in values {
                let _ = write!(url, "{separator}{}={}", path::encode(spec.name), path::encode(value));
                separator = '&';
            }
        }
        Ok((url, path))
    }

    fn authenticate(&self, operation: &str, accepted: &[Auth], headers: &mut HeaderMap) -> Result<(), Error> {
        if accepted.is_empty() {
            return Ok(());
        }
        match &self.inner.credentials {
            Some(Credentials::Token(token)) => {
                let Some(header) = accepted.iter().find_map(|auth| match auth {
                    Auth::HeaderToken(header) => Some(*header),
                    Auth::Signature => None,
                }) else {
                    return Err(Error::Config(format!("{operation} does not accept token authentication")));
                };
                let mut value = header_value(header, token.expose())?;
                value.set_sensitive(true);
                headers.insert(header_name(header)?, value);
                Ok(())
            }
            None => Err(Error::Config(format!("{operation} needs credentials and the client has none"))),
        }
    }
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Build(format!("`{name}` is not a valid header name")))
}

/// Header values are never quoted in errors: they may be secrets.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Build(format!("the value of header `{name}` holds characters a header cannot carry")))
}

/// The spec's server URL with its variables filled in, or the configured endpoint.
fn base_url(config: &Config, service: &Service) -> Result<String, Error> {
    let url = match (&config.endpoint, &service.server) {
        (Some(endpoint), _) => {
            if !config.server_variables.is_empty() {
                return Err(Error::Config("set either an endpoint or a region (server variables), not both".into()));
            }
            endpoint.clone()
        }
        (None, Some(server)) => {
            let mut url = server.url.to_owned();
            for (name, _) in &config.server_variables {
                if !server.defaults.iter().any(|(known, _)| known == name) {
                    return Err(Error::Config(format!("the server URL has no variable `{name}`")));
                }
            }
            for (name, default) in server.defaults {
                let value =
                    config.server_variables.iter().find(|(n, _)| n == name).map_or(*default, |(_, v)| v.as_str());
                url = url.replace(&format!("{{{name}}}"), value);
            }
            url
        }
        (None, None) => return Err(Error::Config("the spec names no server: set an endpoint".into())),
    };
    let parsed =
        url::Url::parse(&url).map_err(|e| Error::Config(format!("endpoint `{url}` is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::Config(format!("endpoint `{url}` must be an http or https URL with a host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!("endpoint `{url}` must not have a query or fragment")));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Every client parameter the service declares, checked and encoded; unknown names are refused.
fn client_parameters(config: &Config, service: &Service) -> Result<Vec<(&'static str, String)>, Error> {
    if let Some((unknown, _)) =
        config.client_parameters.iter().find(|(name, _)| !service.client_parameters.iter().any(|p| p.name == name))
    {
        return Err(Error::Config(format!("the API has no client parameter `{unknown}`")));
    }
    let mut v = Validator::new();
    let mut encoded = Vec::new();
    for parameter in service.client_parameters {
        let Some((_, value)) = config.client_parameters.iter().find(|(name, _)| name == parameter.name) else {
            return Err(Error::Config(format!("client parameter `{}` is not set", parameter.name)));
        };
        v.field(parameter.name, value.as_str(), parameter.rules);
        if let Some(problem) = path::segment_problem(value) {
            v.violation_at(parameter.name, problem);
        }
        encoded.push((parameter.name, path::encode(value).to_string()));
    }
    v.finish("client configuration")?;
    Ok(encoded)
}

/// A success response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    /// For operations whose success response has no body: whatever came is ignored.
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// The body parsed as the spec's success type.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            request_id: self.request_id,
            source,
        })
    }
}
