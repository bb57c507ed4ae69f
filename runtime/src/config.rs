//! What a client is configured with: where to send, how to authenticate, client-level parameters,
//! timeouts and the network between (proxy, certificates).

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{AccessKey, Credentials, ProvideCredentials};
use crate::environment::Environment;
#[cfg(feature = "test-util")]
use crate::mocks::Mocks;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::tables::ServerVariable;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Default limit on a response body; larger ones are an error rather than a memory hazard.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// A client's configuration, built with chained calls and passed to the generated `Client::new`.
///
/// ```
/// let config = client_runtime::Config::new()
///     .endpoint("https://api.example.com")
///     .token("a token")
///     .client_parameter("project_id", "0123456789abcdef0123456789abcdef");
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) endpoint: Option<String>,
    pub(crate) server_variables: Vec<(String, String)>,
    /// The region id, for the server variable the spec names as the region.
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) client_parameters: Vec<(String, String)>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    pub(crate) environment: Environment,
    pub(crate) proxy: Option<ProxyUrl>,
    pub(crate) ca_bundle: Option<PathBuf>,
    pub(crate) insecure: bool,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) instance_metadata_timeout: Option<Duration>,
    /// How credentials are given to the program the client is part of, said when a call needs
    /// some and there are none (the command line's token variable); the `Config` methods that give
    /// them when `None`.
    pub(crate) missing_credentials_hint: Option<String>,
    /// What answers requests in place of the service, in tests.
    #[cfg(feature = "test-util")]
    pub(crate) mocks: Option<Mocks>,
}

/// A proxy URL, which may hold a user name and password: Debug masks the password.
#[derive(Clone)]
pub(crate) struct ProxyUrl(pub(crate) Secret);

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match url::Url::parse(self.0.expose()) {
            Ok(mut url) => {
                if url.password().is_some() {
                    let _ = url.set_password(Some(crate::secret::MASK));
                }
                write!(f, "{:?}", url.as_str())
            }
            Err(_) => f.write_str(crate::secret::MASK),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            endpoint: None,
            server_variables: Vec::new(),
            credentials: None,
            client_parameters: Vec::new(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            region: None,
            environment: Environment::process(),
            proxy: None,
            ca_bundle: None,
            insecure: false,
            user_agent_suffix: None,
            instance_metadata_timeout: None,
            missing_credentials_hint: None,
            #[cfg(feature = "test-util")]
            mocks: None,
        }
    }
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// Sends requests to this base URL instead of the spec's server: a private endpoint, a local
    /// test server (`http://127.0.0.1:8080`). A region may be set too: requests go to the
    /// endpoint, and the region still names the project where the platform looks one up.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Picks the region whose endpoint the client talks to: the spec's region server variable.
    pub fn region<V: ServerVariable>(self, region: V) -> Self {
        self.server_variable(region)
    }

    /// As [`Config::region`], by id (`cn-north-4`): for a region the spec does not list, whose
    /// endpoint is given another way.
    pub fn region_id(mut self, id: impl Into<String>) -> Self {
        self.region = Some(id.into());
        self
    }

    /// Sets a variable of the spec's server URL.
    pub fn server_variable<V: ServerVariable>(mut self, value: V) -> Self {
        self.server_variables.retain(|(name, _)| name != V::NAME);
        self.server_variables.push((V::NAME.to_owned(), value.value().to_owned()));
        self
    }

    /// Authenticates with a token (an IAM token, a bearer token, an API key).
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.credentials(Credentials::Token(token.into()))
    }

    /// Authenticates with a user name and password (HTTP basic).
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.credentials(Credentials::Basic { username: username.into(), password: password.into() })
    }

    /// Authenticates with keys by security scheme name, for APIs whose operations need several
    /// at once (`[("client_id", "..."), ("secret", "...")]`).
    pub fn api_keys<N: Into<String>, K: Into<Secret>>(self, keys: impl IntoIterator<Item = (N, K)>) -> Self {
        let keys = keys.into_iter().map(|(name, key)| (name.into(), key.into())).collect();
        self.credentials(Credentials::Keys(keys))
    }

    /// Authenticates by signing every request with an access key pair.
    pub fn access_key(self, key: AccessKey) -> Self {
        self.credentials(Credentials::AccessKey(key))
    }

    /// Authenticates with what `provider` gives before each request: fixed [`Credentials`], or a
    /// source that finds and refreshes them.
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// As [`Config::credentials`], for a source already shared.
    pub fn shared_credentials(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Sets a parameter the spec marks as set once per client (`x-client-parameter`), such as a
    /// project id. Takes precedence over a value that comes with the credentials.
    pub fn client_parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.client_parameters.retain(|(existing, _)| *existing != name);
        self.client_parameters.push((name, value.into()));
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for one attempt, from sending (an upload included) to the last byte of
    /// the response. A response read as it arrives (an event stream, JSON lines, a download) has
    /// no overall limit: the timeout bounds the wait for it to begin and each silence within it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted; for a response read as it arrives, the largest item
    /// of JSON lines (a download has no limit).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Where settings not given here are read from (the region, the platform's credentials and
    /// endpoints): the process's environment unless set.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Sends every request through this proxy (`http://proxy:3128`, with
    /// `http://user:password@proxy:3128` for one that asks for a password; Debug masks it).
    /// Without one, the `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` variables apply.
    pub fn proxy(mut self, url: impl Into<Secret>) -> Self {
        self.proxy = Some(ProxyUrl(url.into()));
        self
    }

    /// Trusts the CA certificates in this PEM file as well as the system's: for endpoints behind
    /// a private CA.
    pub fn ca_bundle(mut self, pem_file: impl Into<PathBuf>) -> Self {
        self.ca_bundle = Some(pem_file.into());
        self
    }

    /// Accepts any certificate, checking neither who signed it nor the host it names. For a
    /// private endpoint under test only: anyone between can read and change the traffic,
    /// credentials included. A warning is logged once when a client is made with it.
    pub fn danger_accept_invalid_certs(mut self, insecure: bool) -> Self {
        self.insecure = insecure;
        self
    }

    /// How long the platform's instance metadata service (where a client on a cloud server finds
    /// temporary credentials when given none) may take in all, connecting and answering together.
    /// Off a cloud server nothing answers there: the attempt gives up after this, once per process.
    /// Without it, the platform's default (for Huawei Cloud, `HUAWEICLOUD_METADATA_TIMEOUT`, else
    /// one second).
    pub fn instance_metadata_timeout(mut self, timeout: Duration) -> Self {
        self.instance_metadata_timeout = Some(timeout);
        self
    }

    /// Adds a product (`my-tool/1.2`) to the end of every request's `User-Agent`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Answers every request from `mocks` instead of the service, for tests (feature
    /// `test-util`): nothing is sent, no credentials are needed or looked for, client parameters
    /// not given are placeholders (their names) rather than looked up, and the endpoint is the
    /// one given, else the spec's server with its variables' defaults. Validation, retries,
    /// paging, waiters and the reading of answers run as they do for the service's answers.
    #[cfg(feature = "test-util")]
    pub fn mocks(mut self, mocks: Mocks) -> Self {
        self.mocks = Some(mocks);
        self
    }

    /// Whether requests are answered by mocks rather than sent.
    pub(crate) fn is_mocked(&self) -> bool {
        #[cfg(feature = "test-util")]
        return self.mocks.is_some();
        #[cfg(not(feature = "test-util"))]
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let key = AccessKey::new("AK1", "THE-SK").security_token("THE-TOKEN");
        let shown = format!("{:?}", Config::new().access_key(key));
        assert!(shown.contains("AK1") && !shown.contains("THE-SK") && !shown.contains("THE-TOKEN"), "{shown}");
        let shown = format!("{:?}", Config::new().token("THE-TOKEN"));
        assert!(!shown.contains("THE-TOKEN"), "{shown}");
        let shown = format!("{:?}", Config::new().proxy("http://user:PROXY-PASSWORD@proxy.example:3128"));
        assert!(shown.contains("proxy.example:3128") && shown.contains("user"), "{shown}");
        assert!(!shown.contains("PROXY-PASSWORD"), "{shown}");
        let shown = format!("{:?}", Config::new().proxy("not a url PROXY-PASSWORD"));
        assert!(!shown.contains("PROXY-PASSWORD"), "{shown}");
    }
}
