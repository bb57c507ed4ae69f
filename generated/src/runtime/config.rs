//! What a client is configured with: where to send, how to authenticate, client-level parameters
//! and timeouts.

use std::time::Duration;

use super::operation::ServerVariable;
use super::secret::Secret;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for a whole request, from sending to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, sent in the header the spec names (`X-Auth-Token`).
    Token(Secret),
}

/// A client's configuration, built with chained calls and passed to `Client::new`.
///
/// ```
/// let config = oms::Config::new()
///     .region(oms::Region::ApSoutheast1)
///     .token("an IAM token")
///     .project_id("0123456789abcdef0123456789abcdef");
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) endpoint: Option<String>,
    pub(crate) server_variables: Vec<(&'static str, String)>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) client_parameters: Vec<(String, String)>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
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

    /// Picks the region whose endpoint the client talks to.
    pub fn region<V: ServerVariable>(self, region: V) -> Self {
        self.server_variable(region)
    }

    /// Sets a variable of the spec's server URL (the region, for OMS).
    pub fn server_variable<V: ServerVariable>(mut self, value: V) -> Self {
        self.server_variables.retain(|(name, _)| *name != V::NAME);
        self.server_variables.push((V::NAME, value.value().to_owned()));
        self
    }

    /// Authenticates with an IAM token.
    pub fn token(self, token: impl Into<Secret>) -> Self {
        self.credentials(Credentials::Token(token.into()))
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets a parameter the spec marks as set once per client.
    pub fn client_parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.client_parameters.retain(|(existing, _)| *existing != name);
        self.client_parameters.push((name, value.into()));
        self
    }

    /// The project ID: the `project_id` client parameter.
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.client_parameter("project_id", project_id)
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for a whole request, from sending to the last byte of the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}
