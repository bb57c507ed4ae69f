//! What a client is configured with: where to send, how to authenticate, client-level parameters
//! and timeouts.

use std::time::Duration;

use super::error::Error;
use super::operation::ServerVariable;
use super::retry::RetryPolicy;
use super::secret::Secret;

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt, from sending to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Default limit on a response body; larger ones are an error rather than a memory hazard.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// How requests are authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, sent in the header the spec names (`X-Auth-Token`).
    Token(Secret),
    /// An access key pair: every request is signed (SDK-HMAC-SHA256), as the vendor SDKs do.
    AccessKey(AccessKey),
}

/// Environment variables read by [`AccessKey::from_env`], as the vendor SDKs name them.
pub mod env {
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// The pair the API reference pages' samples read, used when the two above are unset.
    pub const SAMPLE_AK: &str = "CLOUD_SDK_AK";
    pub const SAMPLE_SK: &str = "CLOUD_SDK_SK";
}

/// An access key pair (AK/SK), with a security token for temporary credentials and optionally the
/// project id. Debug never shows the SK or the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// The security token of temporary credentials; sent (and signed) as `X-Security-Token`.
    pub security_token: Option<Secret>,
    /// The project id, used for the `project_id` client parameter when the config sets none.
    pub project_id: Option<String>,
}

impl AccessKey {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        AccessKey {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            security_token: None,
            project_id: None,
        }
    }

    /// Temporary credentials: the security token that goes with the pair.
    pub fn security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (else `CLOUD_SDK_AK` and `CLOUD_SDK_SK`),
    /// and `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID` when set. A pair with
    /// only one half set is an error naming the missing variable.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`AccessKey::from_env`] over any source of variables. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let pair = |ak_name: &str, sk_name: &str| match (read(ak_name), read(sk_name)) {
            (Some(ak), Some(sk)) => Ok(Some((ak, sk))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(Error::Config(format!("{ak_name} is set but {sk_name} is not"))),
            (None, Some(_)) => Err(Error::Config(format!("{sk_name} is set but {ak_name} is not"))),
        };
        let (ak, sk) = match pair(env::AK, env::SK)? {
            Some(found) => found,
            None => pair(env::SAMPLE_AK, env::SAMPLE_SK)?.ok_or_else(|| {
                Error::Config(format!(
                    "no access key in the environment: set {} and {} (or {} and {})",
                    env::AK,
                    env::SK,
                    env::SAMPLE_AK,
                    env::SAMPLE_SK
                ))
            })?,
        };
        let mut key = AccessKey::new(ak, sk);
        key.security_token = read(env::SECURITY_TOKEN).map(Secret::from);
        key.project_id = read(env::PROJECT_ID);
        Ok(key)
    }
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

    /// Authenticates by signing every request with an access key pair.
    pub fn access_key(self, key: AccessKey) -> Self {
        self.credentials(Credentials::AccessKey(key))
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

    /// The project ID: the `project_id` client parameter. Takes precedence over the project id of
    /// an [`AccessKey`].
    pub fn project_id(self, project_id: impl Into<String>) -> Self {
        self.client_parameter("project_id", project_id)
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

    fn from(vars: &[(&str, &str)]) -> Result<AccessKey, Error> {
        AccessKey::from_lookup(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn the_sdk_variables_come_first() {
        let key = from(&[
            ("HUAWEICLOUD_SDK_AK", "AK1"),
            ("HUAWEICLOUD_SDK_SK", "SK1"),
            ("CLOUD_SDK_AK", "AK2"),
            ("CLOUD_SDK_SK", "SK2"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "t1"),
        ])
        .unwrap();
        assert_eq!(key, AccessKey::new("AK1", "SK1").security_token("t1").project_id("p1"));
    }

    #[test]
    fn the_sample_variables_are_the_fallback() {
        let key = from(&[("CLOUD_SDK_AK", "AK2"), ("CLOUD_SDK_SK", "SK2"), ("HUAWEICLOUD_SDK_SK", "")]).unwrap();
        assert_eq!(key, AccessKey::new("AK2", "SK2"));
    }

    #[test]
    fn half_set_or_missing_pairs_are_named() {
        let error =
            from(&[("HUAWEICLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_AK", "AK2"), ("CLOUD_SDK_SK", "SK2")]).unwrap_err();
        assert_eq!(error.to_string(), "configuration: HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not");
        let error = from(&[("CLOUD_SDK_SK", "SK2")]).unwrap_err();
        assert_eq!(error.to_string(), "configuration: CLOUD_SDK_SK is set but CLOUD_SDK_AK is not");
        let error = from(&[]).unwrap_err();
        assert!(error.to_string().contains("no access key in the environment"), "{error}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let key = AccessKey::new("AK1", "THE-SK").security_token("THE-TOKEN");
        let shown = format!("{:?}", Config::new().access_key(key));
        assert!(shown.contains("AK1") && !shown.contains("THE-SK") && !shown.contains("THE-TOKEN"), "{shown}");
    }
}
