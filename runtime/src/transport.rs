//! Sending calls: the URL, headers and authentication of each request, and what comes back.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};

use crate::call::Call;
use crate::config::Config;
use crate::credentials::{self, BoxFuture, Credentials, ProvideCredentials};
use crate::error::{Error, ServiceError};
use crate::path;
use crate::platform::{Platform, SigningRequest};
use crate::retry::{self, RetryPolicy};
use crate::tables::{Auth, Location, Method, Operation, PathPart, Service, Style};
use crate::validate::Validator;

/// The response header that carries the service's request id.
const REQUEST_ID: &str = "x-request-id";

/// This crate, as the `User-Agent` of every request names it after the generated crate.
const RUNTIME_PRODUCT: &str = concat!("client-runtime/", env!("CARGO_PKG_VERSION"));

/// Sends calls for a generated client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing `/`: `https://oms.cn-north-4.myhuaweicloud.com`.
    base_url: String,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    platform: &'static dyn Platform,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// `User-Agent`: the generated crate, then this runtime.
    user_agent: HeaderValue,
    /// Client-level parameters as configured, and encoded as path segments.
    client_parameters: Vec<ClientValue>,
}

#[derive(Debug)]
struct ClientValue {
    name: &'static str,
    value: String,
    encoded: String,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parameters: Vec<(&str, &str)> =
            self.inner.client_parameters.iter().map(|p| (p.name, p.value.as_str())).collect();
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("platform", &self.inner.platform)
            .field("client_parameters", &parameters)
            .finish()
    }
}

/// A request ready to be authenticated and sent, as often as needed.
struct Prepared {
    operation: &'static Operation,
    url: url::Url,
    headers: HeaderMap,
    /// `name=value` pairs for the `Cookie` header.
    cookies: Vec<String>,
    body: Vec<u8>,
}

/// What authenticating one request adds to it.
enum Proof<'c> {
    Header(&'static str, String),
    Query(&'static str, String),
    Cookie(&'static str, String),
    Sign(&'c crate::credentials::AccessKey),
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
            .build()
            .map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))?;
        let inner = Inner {
            http,
            base_url,
            credentials: config.credentials,
            platform: service.platform,
            retry: config.retry,
            max_response_bytes: config.max_response_bytes,
            user_agent: header_value("User-Agent", &format!("{} {RUNTIME_PRODUCT}", service.user_agent))?,
            client_parameters,
        };
        Ok(Runtime { inner: Arc::new(inner) })
    }

    /// Sends `call`, unless putting it together failed (then nothing is sent), and reads the
    /// success response with `read`. One boxed future for every operation: generated requests
    /// return it rather than a future type of their own.
    pub fn execute<T: Send + 'static>(
        self,
        call: Result<Call, Error>,
        read: fn(Response) -> Result<T, Error>,
    ) -> BoxFuture<'static, Result<T, Error>> {
        Box::pin(async move { read(self.send(call?).await?) })
    }

    /// Sends a call, retrying as the [`RetryPolicy`] allows, and returns the success response; an
    /// error status becomes [`Error::Service`] (the last one, when retries run out).
    pub async fn send(&self, call: Call) -> Result<Response, Error> {
        let prepared = self.prepare(call)?;
        let operation = prepared.operation;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let result = self.attempt(&prepared).await;
            let Some(delay) = self.inner.retry.delay(&result, operation.idempotent, attempt, started.elapsed()) else {
                return result;
            };
            if let Err(error) = &result {
                let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                tracing::debug!(operation = operation.name, attempt, delay_ms, %error, "retrying");
            }
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Everything about the request that does not change between attempts.
    fn prepare(&self, call: Call) -> Result<Prepared, Error> {
        let operation = call.operation;
        let url = self.url(&call)?;
        let mut headers = HeaderMap::new();
        let content_type = match &call.body {
            Some(body) => Some(header_value("Content-Type", &body.content_type)?),
            None => self.inner.platform.bodyless_content_type().map(HeaderValue::from_static),
        };
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, content_type);
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
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
        Ok(Prepared { operation, url, headers, cookies, body: call.body.map(|body| body.bytes).unwrap_or_default() })
    }

    /// One attempt: authenticated afresh (a new signature date), sent, and its response read.
    async fn attempt(&self, prepared: &Prepared) -> Result<Response, Error> {
        let operation = prepared.operation;
        let request = self.request(prepared).await?;
        let path = prepared.url.path();
        tracing::debug!(operation = operation.name, method = operation.method.as_str(), path, "sending request");
        let mut response = self.inner.http.execute(request).await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let header = |name: HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let request_id = header(HeaderName::from_static(REQUEST_ID));
        let retry_after = header(RETRY_AFTER).as_deref().and_then(retry::parse_retry_after);
        let limit = self.inner.max_response_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { status, request_id, limit });
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(operation = operation.name, status, request_id = request_id.as_deref(), "received response");
        if !(200..300).contains(&status) {
            let mut error = ServiceError::from_response(status, request_id, &body, self.inner.platform.error_fields());
            error.retry_after = retry_after;
            return Err(error.into());
        }
        Ok(Response { status, request_id, body })
    }

    /// The request of one attempt, authenticated (signed with the current time).
    async fn request(&self, prepared: &Prepared) -> Result<reqwest::Request, Error> {
        let mut headers = prepared.headers.clone();
        let mut url = prepared.url.clone();
        let mut cookies = prepared.cookies.clone();
        self.authenticate(prepared, &mut headers, &mut url, &mut cookies).await?;
        if !cookies.is_empty() {
            let mut value = header_value("Cookie", &cookies.join("; "))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        let method = http_method(prepared.operation.method);
        let mut request = self.inner.http.request(method, url).headers(headers);
        if !prepared.body.is_empty() {
            request = request.body(prepared.body.clone());
        }
        request.build().map_err(|e| Error::Build(format!("{}: {e}", prepared.operation.name)))
    }

    /// The request `send` would send first, built, checked and signed, but not sent: for seeing
    /// exactly what goes on the wire, and for measuring the client's own cost.
    pub async fn dry_run(&self, call: Call) -> Result<reqwest::Request, Error> {
        self.request(&self.prepare(call)?).await
    }

    fn client_value(&self, name: &str) -> Option<&ClientValue> {
        self.inner.client_parameters.iter().find(|p| p.name == name)
    }

    /// The request URL: base, path with its parameters, query.
    fn url(&self, call: &Call) -> Result<url::Url, Error> {
        let operation = call.operation;
        let mut url = self.inner.base_url.clone();
        for part in operation.path {
            match *part {
                PathPart::Literal(text) => url.push_str(text),
                PathPart::Client(name) => {
                    let value = self
                        .client_value(name)
                        .ok_or_else(|| Error::Config(format!("client parameter `{name}` is not set")))?;
                    url.push_str(&value.encoded);
                }
                PathPart::Argument(index) => {
                    let explode = operation
                        .arguments
                        .get(index)
                        .is_some_and(|a| matches!(a.style, Style::Simple { explode: true }));
                    match call.arguments.get(index).and_then(|value| value.simple(explode)) {
                        Some(value) => {
                            let _ = write!(url, "{}", path::encode(&value));
                        }
                        None => {
                            return Err(Error::Build(format!(
                                "{}: path argument {index} has no value",
                                operation.name
                            )));
                        }
                    }
                }
            }
        }
        for (spec, value) in operation.arguments.iter().zip(&call.arguments) {
            if spec.location == Location::Query {
                value.write_query(&mut url, spec.name, spec.style);
            }
        }
        url::Url::parse(&url).map_err(|e| Error::Build(format!("{}: the request URL is invalid: {e}", operation.name)))
    }

    /// Adds what proves who is calling, by the first way the operation accepts that the
    /// configured credentials can provide.
    async fn authenticate(
        &self,
        prepared: &Prepared,
        headers: &mut HeaderMap,
        url: &mut url::Url,
        cookies: &mut Vec<String>,
    ) -> Result<(), Error> {
        let operation = prepared.operation;
        if operation.auth.is_empty() {
            return Ok(());
        }
        let provider = self.inner.credentials.as_ref().ok_or_else(|| {
            Error::Config(format!(
                "{} needs credentials ({}) and the client has none",
                operation.name,
                accepted(operation.auth)
            ))
        })?;
        let credentials = provider.provide_credentials().await?;
        credentials::check(&credentials)?;
        let proofs = operation.auth.iter().find_map(|auth| proofs(auth, &credentials)).ok_or_else(|| {
            Error::Config(format!(
                "{} accepts {}, which the configured credentials cannot provide",
                operation.name,
                accepted(operation.auth)
            ))
        })?;
        let mut signer = None;
        for proof in proofs {
            match proof {
                Proof::Header(name, value) => {
                    let mut value = header_value(name, &value)?;
                    value.set_sensitive(true);
                    headers.insert(header_name(name)?, value);
                }
                Proof::Query(name, value) => {
                    url.query_pairs_mut().append_pair(name, &value);
                }
                Proof::Cookie(name, value) => cookies.push(format!("{name}={value}")),
                Proof::Sign(key) => signer = Some(key),
            }
        }
        // Signing comes last: it covers every header and the query the other proofs added.
        if let Some(key) = signer {
            let client_parameters: Vec<(&'static str, &str)> =
                self.inner.client_parameters.iter().map(|p| (p.name, p.value.as_str())).collect();
            let request = SigningRequest {
                method: operation.method.as_str(),
                url,
                headers,
                body: &prepared.body,
                key,
                client_parameters: &client_parameters,
            };
            self.inner
                .platform
                .sign(request)
                .map_err(|e| Error::Build(format!("{}: cannot sign the request: {e}", operation.name)))?;
        }
        Ok(())
    }
}

/// What `auth` adds to a request made with `credentials`, if they can provide it.
fn proofs<'c>(auth: &Auth, credentials: &'c Credentials) -> Option<Vec<Proof<'c>>> {
    Some(match (auth, credentials) {
        (Auth::Signature, Credentials::AccessKey(key)) => vec![Proof::Sign(key)],
        (Auth::ApiKey { scheme, location, name }, credentials) => {
            let key = credentials.key_for(scheme)?.expose().to_owned();
            vec![match location {
                Location::Query => Proof::Query(name, key),
                Location::Cookie => Proof::Cookie(name, key),
                Location::Header | Location::Path => Proof::Header(name, key),
            }]
        }
        (Auth::Bearer, Credentials::Token(token)) => {
            vec![Proof::Header("Authorization", format!("Bearer {}", token.expose()))]
        }
        (Auth::Basic, Credentials::Basic { username, password }) => {
            use base64::Engine as _;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", password.expose()));
            vec![Proof::Header("Authorization", format!("Basic {pair}"))]
        }
        (Auth::All(all), credentials) => {
            let mut proofs = Vec::new();
            for auth in *all {
                proofs.extend(self::proofs(auth, credentials)?);
            }
            proofs
        }
        _ => return None,
    })
}

fn accepted(auth: &[Auth]) -> String {
    fn one(auth: &Auth) -> String {
        match auth {
            Auth::Signature => "AK/SK signing".to_owned(),
            Auth::ApiKey { name, location: Location::Query, .. } => format!("a key in the query parameter {name}"),
            Auth::ApiKey { name, location: Location::Cookie, .. } => format!("a key in the cookie {name}"),
            Auth::ApiKey { name, .. } => format!("a token in {name}"),
            Auth::Bearer => "a bearer token".to_owned(),
            Auth::Basic => "a user name and password".to_owned(),
            Auth::All(all) => all.iter().map(one).collect::<Vec<_>>().join(" and "),
        }
    }
    auth.iter().map(one).collect::<Vec<_>>().join(" or ")
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Put => reqwest::Method::PUT,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
        Method::Head => reqwest::Method::HEAD,
        Method::Options => reqwest::Method::OPTIONS,
        Method::Trace => reqwest::Method::TRACE,
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

/// Every client parameter the service declares, checked and encoded: as configured, else as the
/// credentials name it. Unknown names are refused.
fn client_parameters(config: &Config, service: &Service) -> Result<Vec<ClientValue>, Error> {
    if let Some((unknown, _)) =
        config.client_parameters.iter().find(|(name, _)| !service.client_parameters.iter().any(|p| p.name == name))
    {
        return Err(Error::Config(format!("the API has no client parameter `{unknown}`")));
    }
    let mut v = Validator::new();
    let mut values = Vec::new();
    for parameter in service.client_parameters {
        let configured =
            config.client_parameters.iter().find(|(name, _)| name == parameter.name).map(|(_, v)| v.clone());
        let from_credentials = || config.credentials.as_ref().and_then(|c| c.client_parameter(parameter.name));
        let value = configured.or_else(from_credentials).ok_or_else(|| {
            let hint = service.platform.client_parameter_hint(parameter.name);
            Error::Config(format!(
                "client parameter `{}` is not set: set it with Config::client_parameter{}",
                parameter.name,
                hint.map(|hint| format!(", or {hint}")).unwrap_or_default()
            ))
        })?;
        v.field(parameter.name, value.as_str(), parameter.rules);
        if let Some(problem) = path::segment_problem(&value) {
            v.violation_at(parameter.name, problem);
        }
        let encoded = path::encode(&value).to_string();
        values.push(ClientValue { name: parameter.name, value, encoded });
    }
    v.finish("client configuration")?;
    Ok(values)
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

    /// For operations whose success response is text.
    pub fn text(self) -> Result<String, Error> {
        let Response { status, request_id, body } = self;
        String::from_utf8(body).map_err(|_| Error::Decode {
            status,
            request_id,
            source: serde::de::Error::custom("the body is not UTF-8 text"),
        })
    }

    /// For operations whose success response is neither JSON nor text.
    pub fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
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
