//! What a client is configured with: where to send, how to authenticate, client-level parameters
//! and timeouts.

use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{AccessKey, Credentials, ProvideCredentials};
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
    pub(crate) server_variables: Vec<(&'static str, String)>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) client_parameters: Vec<(String, String)>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
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
        }
    }
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// Sends requests to this base URL instead of the spec's server: a private endpoint, a proxy,
    /// a local test server (`http://127.0.0.1:8080`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Picks the region whose endpoint the client talks to: the spec's `region` server variable.
    pub fn region<V: ServerVariable>(self, region: V) -> Self {
        self.server_variable(region)
    }

    /// Sets a variable of the spec's server URL.
    pub fn server_variable<V: ServerVariable>(mut self, value: V) -> Self {
        self.server_variables.retain(|(name, _)| *name != V::NAME);
        self.server_variables.push((V::NAME, value.value().to_owned()));
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

    /// The time allowed for one attempt, from sending to the last byte of the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How failed requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
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
    }
}
