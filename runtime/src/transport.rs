//! Sending calls: the URL, headers and authentication of each request, and what comes back.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER, USER_AGENT};

use crate::call::Call;
use crate::config::Config;
use crate::credentials::{self, Credentials, ProvideCredentials};
use crate::environment::Environment;
use crate::error::{Error, ServiceError};
use crate::future::BoxFuture;
use crate::path;
use crate::platform::{Discovery, Platform, SigningRequest};
use crate::retry::{self, RetryPolicy};
use crate::tables::{Auth, ClientParameter, Location, Method, Operation, PathPart, Service, Style, Variable};
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
    /// `User-Agent`: the generated crate, then this runtime, then the configured suffix.
    user_agent: HeaderValue,
    /// The region the client was configured with, if any (with an endpoint, or in the URL).
    region: Option<String>,
    environment: Environment,
    /// Client-level parameters as given (in the configuration or with the credentials), while
    /// others are still to be looked up.
    given: Vec<ClientValue>,
    /// Those the platform looks up before the first request (a project id through IAM).
    to_discover: Vec<&'static ClientParameter>,
    /// Every client-level parameter, once known: set at once when nothing is to be looked up.
    client_parameters: tokio::sync::OnceCell<Vec<ClientValue>>,
}

#[derive(Debug, Clone)]
struct ClientValue {
    name: &'static str,
    value: String,
    encoded: String,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let known = self.inner.client_parameters.get().unwrap_or(&self.inner.given);
        let parameters: Vec<(&str, &str)> = known.iter().map(|p| (p.name, p.value.as_str())).collect();
        let to_discover: Vec<&str> = self.inner.to_discover.iter().map(|p| p.name).collect();
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.base_url)
            .field("region", &self.inner.region)
            .field("credentials", &self.inner.credentials)
            .field("platform", &self.inner.platform)
            .field("client_parameters", &parameters)
            .field("to_discover", &to_discover)
            .finish()
    }
}

/// A request ready to be authenticated and sent, as often as needed.
struct Prepared<'r> {
    operation: &'static Operation,
    client_parameters: &'r [ClientValue],
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
    /// Checks `config` against what `service` needs, and fills in what it leaves out from the
    /// environment and the platform's defaults. Sends nothing: what must be looked up over the
    /// network (temporary credentials, a project id) is, before the first request.
    pub fn new(mut config: Config, service: &'static Service) -> Result<Self, Error> {
        let (base_url, region) = resolve_server(&config, service)?;
        if config.credentials.is_none() {
            config.credentials = service.platform.default_credentials(&config.environment)?;
        }
        let (mut given, to_discover) = client_parameters(&config, service, region.is_some())?;
        // With nothing to look up, every value is known now; `given` is only the lookup's start.
        let client_parameters = match to_discover.is_empty() {
            true => tokio::sync::OnceCell::new_with(Some(std::mem::take(&mut given))),
            false => tokio::sync::OnceCell::new(),
        };
        let mut user_agent = format!("{} {RUNTIME_PRODUCT}", service.user_agent);
        if let Some(suffix) = &config.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let inner = Inner {
            http: http_client(&config)?,
            base_url,
            credentials: config.credentials,
            platform: service.platform,
            retry: config.retry,
            max_response_bytes: config.max_response_bytes,
            user_agent: header_value("User-Agent", &user_agent)?,
            region,
            environment: config.environment,
            given,
            to_discover,
            client_parameters,
        };
        Ok(Runtime { inner: Arc::new(inner) })
    }

    /// The client-level parameters the next call will look up first (a project id through IAM).
    #[cfg(feature = "cli")]
    pub(crate) fn pending_lookups(&self) -> Vec<&'static str> {
        match self.inner.client_parameters.initialized() {
            true => Vec::new(),
            false => self.inner.to_discover.iter().map(|parameter| parameter.name).collect(),
        }
    }

    /// Every client-level parameter: those the platform looks up are looked up by the first
    /// call that needs them (one lookup however many calls wait for it; a failed one is tried
    /// again by the next call).
    async fn client_parameters(&self) -> Result<&[ClientValue], Error> {
        let inner = &*self.inner;
        let values = inner
            .client_parameters
            .get_or_try_init(|| async {
                let mut values = inner.given.clone();
                let (Some(credentials), Some(region)) = (&inner.credentials, &inner.region) else {
                    return Err(Error::Config("nothing to look client parameters up with".into()));
                };
                let mut v = Validator::new();
                for parameter in &inner.to_discover {
                    let discovery = Discovery {
                        http: &inner.http,
                        credentials: credentials.as_ref(),
                        region,
                        environment: &inner.environment,
                        user_agent: &inner.user_agent,
                    };
                    let value = inner.platform.discover(parameter.name, discovery).await?;
                    values.push(client_value(parameter, value, &mut v));
                }
                v.finish("looked-up client parameters")?;
                Ok(values)
            })
            .await?;
        Ok(values)
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
        let client_parameters = self.client_parameters().await?;
        let prepared = self.prepare(call, client_parameters)?;
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
    fn prepare<'r>(&self, call: Call, client_parameters: &'r [ClientValue]) -> Result<Prepared<'r>, Error> {
        let operation = call.operation;
        let url = self.url(&call, client_parameters)?;
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
        let body = call.body.map(|body| body.bytes).unwrap_or_default();
        Ok(Prepared { operation, client_parameters, url, headers, cookies, body })
    }

    /// One attempt: authenticated afresh (a new signature date), sent, and its response read.
    async fn attempt(&self, prepared: &Prepared<'_>) -> Result<Response, Error> {
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
            let platform = self.inner.platform;
            let mut error = ServiceError::from_response(
                status,
                request_id,
                &body,
                platform.error_fields(),
                platform.authorization_message_field(),
            );
            error.retry_after = retry_after;
            return Err(error.into());
        }
        Ok(Response { status, request_id, body })
    }

    /// The request of one attempt, authenticated (signed with the current time).
    async fn request(&self, prepared: &Prepared<'_>) -> Result<reqwest::Request, Error> {
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
        let client_parameters = self.client_parameters().await?;
        self.request(&self.prepare(call, client_parameters)?).await
    }

    /// The request URL: base, path with its parameters, query.
    fn url(&self, call: &Call, client_parameters: &[ClientValue]) -> Result<url::Url, Error> {
        let operation = call.operation;
        let mut url = self.inner.base_url.clone();
        for part in operation.path {
            match *part {
                PathPart::Literal(text) => url.push_str(text),
                PathPart::Client(name) => {
                    let value = client_parameters
                        .iter()
                        .find(|p| p.name == name)
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
        prepared: &Prepared<'_>,
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
                prepared.client_parameters.iter().map(|p| (p.name, p.value.as_str())).collect();
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

/// The HTTP client `config` asks for: timeouts, no redirects, and the proxy and certificates.
fn http_client(config: &Config) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none());
    if let Some(proxy) = &config.proxy {
        // reqwest's message would quote the URL, password and all.
        let proxy = reqwest::Proxy::all(proxy.0.expose())
            .map_err(|_| Error::Config("the proxy is not a valid URL (http://[user:password@]host:port)".into()))?;
        builder = builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_env()));
    }
    if let Some(path) = &config.ca_bundle {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| Error::Config(format!("cannot read the CA bundle {shown}: {e}")))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| Error::Config(format!("the CA bundle {shown} is not PEM certificates: {e}")))?;
        if certificates.is_empty() {
            return Err(Error::Config(format!("the CA bundle {shown} holds no certificate")));
        }
        builder = builder.tls_certs_merge(certificates);
    }
    if config.insecure {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            tracing::warn!(
                "certificate checks are off: anyone on the network path can read and change requests, credentials included"
            );
        });
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))
}

/// The base URL requests go to, and the region the client is configured with (which may be set
/// with an endpoint too: the platform may need it, to find the project, say).
///
/// The endpoint is, in order: the configured one; the one the platform's settings give the
/// region; the spec's server URL, each variable as configured, else from the environment
/// variable the spec names, else its default, unless the spec says the user must choose it.
fn resolve_server(config: &Config, service: &Service) -> Result<(String, Option<String>), Error> {
    let server = service.server.as_ref();
    let variables = server.map(|s| s.variables).unwrap_or_default();
    if let Some((unknown, _)) = config.server_variables.iter().find(|(n, _)| !variables.iter().any(|v| v.name == n)) {
        return Err(Error::Config(format!("the server URL has no variable `{unknown}`")));
    }
    let region_variable = server.and_then(|s| s.region);
    let value_of = |variable: &Variable| {
        let configured = config.server_variables.iter().find(|(n, _)| n == variable.name).map(|(_, v)| v.clone());
        let region = (region_variable == Some(variable.name)).then(|| config.region.clone()).flatten();
        configured.or(region).or_else(|| variable.environment.and_then(|name| config.environment.var(name)))
    };
    let region = match server.and_then(|s| s.region_variable()) {
        Some(variable) => value_of(variable),
        None => config.region.clone(),
    };
    if let Some(endpoint) = &config.endpoint {
        return Ok((checked_endpoint(endpoint)?, region));
    }
    let Some(server) = server else {
        return Err(Error::Config("the spec names no server: set an endpoint".into()));
    };
    if let Some(region) = &region {
        if let Some(endpoint) = service.platform.region_endpoint(region, &config.environment)? {
            return Ok((checked_endpoint(&endpoint)?, Some(region.clone())));
        }
    }
    if region_variable.is_none() && config.region.is_some() {
        return Err(Error::Config("the spec's server URL names no region: give an endpoint with the region".into()));
    }
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let value = match value_of(variable) {
            Some(value) => value,
            None if variable.user_chosen => return Err(unset_variable(variable, region_variable)),
            None => variable.default.to_owned(),
        };
        if !variable.values.is_empty() && !variable.values.contains(&value.as_str()) {
            let hint = service.platform.region_endpoint_hint(&value).filter(|_| region_variable == Some(variable.name));
            return Err(Error::Config(format!(
                "`{value}` is not a {} the spec lists ({}): give its endpoint with Config::endpoint (--endpoint){}",
                variable.name,
                variable.values.join(", "),
                hint.map(|hint| format!(", or {hint}")).unwrap_or_default()
            )));
        }
        url = url.replace(&format!("{{{}}}", variable.name), &value);
    }
    Ok((checked_endpoint(&url)?, region))
}

/// The error for a server variable the user must choose and has not.
fn unset_variable(variable: &Variable, region_variable: Option<&str>) -> Error {
    let (what, setter) = match region_variable == Some(variable.name) {
        true => ("no region is set".to_owned(), "Config::region (--region)".to_owned()),
        false => (format!("server variable `{}` is not set", variable.name), "Config::server_variable".to_owned()),
    };
    let env = variable.environment.map(|name| format!(", the {name} environment variable")).unwrap_or_default();
    Error::Config(format!("{what}: set it with {setter}{env}, or give an endpoint with Config::endpoint (--endpoint)"))
}

/// `url` as a base URL: http or https, with a host, no query or fragment, no trailing `/`.
fn checked_endpoint(url: &str) -> Result<String, Error> {
    let parsed =
        url::Url::parse(url).map_err(|e| Error::Config(format!("endpoint `{url}` is not a valid URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::Config(format!("endpoint `{url}` must be an http or https URL with a host")));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::Config(format!("endpoint `{url}` must not have a query or fragment")));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// The client parameters given (configured, else named by the credentials), checked and
/// encoded, and those the platform is to look up before the first request. Unknown names are
/// refused, and so is a missing parameter the platform cannot look up.
fn client_parameters(
    config: &Config,
    service: &'static Service,
    has_region: bool,
) -> Result<(Vec<ClientValue>, Vec<&'static ClientParameter>), Error> {
    if let Some((unknown, _)) =
        config.client_parameters.iter().find(|(name, _)| !service.client_parameters.iter().any(|p| p.name == name))
    {
        return Err(Error::Config(format!("the API has no client parameter `{unknown}`")));
    }
    let mut v = Validator::new();
    let (mut given, mut to_discover) = (Vec::new(), Vec::new());
    for parameter in service.client_parameters {
        let configured =
            config.client_parameters.iter().find(|(name, _)| name == parameter.name).map(|(_, v)| v.clone());
        let from_credentials = || config.credentials.as_ref().and_then(|c| c.setting(parameter.name));
        match configured.or_else(from_credentials) {
            Some(value) => given.push(client_value(parameter, value, &mut v)),
            None if service.platform.discovers(parameter.name) && has_region && config.credentials.is_some() => {
                to_discover.push(parameter);
            }
            None => {
                let hint = service.platform.client_parameter_hint(parameter.name);
                return Err(Error::Config(format!(
                    "client parameter `{}` is not set: set it with Config::client_parameter{}",
                    parameter.name,
                    hint.map(|hint| format!(", or {hint}")).unwrap_or_default()
                )));
            }
        }
    }
    v.finish("client configuration")?;
    Ok((given, to_discover))
}

/// A client parameter's value, checked against its rules and encoded as a path segment.
fn client_value(parameter: &'static ClientParameter, value: String, v: &mut Validator) -> ClientValue {
    v.field(parameter.name, value.as_str(), parameter.rules);
    if let Some(problem) = path::segment_problem(&value) {
        v.violation_at(parameter.name, problem);
    }
    let encoded = path::encode(&value).to_string();
    ClientValue { name: parameter.name, value, encoded }
}

/// A generated request: the call it makes and how its success response is read. Sending, paging,
/// polling, dry runs and the command line all work from these two.
pub trait Request: Send + Sized + 'static {
    /// What the success response is read as.
    type Output: Send + 'static;

    /// The runtime that sends it.
    fn runtime(&self) -> &Runtime;

    /// The call, every value checked and encoded.
    fn call(&self) -> Result<Call, Error>;

    /// Reads the success response.
    fn read(response: Response) -> Result<Self::Output, Error>;
}

/// Checks every value of `request`, then sends it; nothing is sent when a value breaks the spec's
/// rules.
pub fn send<R: Request>(request: &R) -> BoxFuture<'static, Result<R::Output, Error>> {
    request.runtime().clone().execute(request.call(), R::read)
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
