//! What proves who makes a call, and where it comes from.
//!
//! A client holds one [`ProvideCredentials`]: fixed [`Credentials`] given in code, or a source
//! that finds (and may refresh) them. Platforms add their own sources (Huawei Cloud's access keys
//! from the environment, for one).

use std::fmt;
use std::sync::RwLock;
use std::time::{Duration, SystemTime};

use crate::error::Error;
use crate::future::BoxFuture;
use crate::secret::Secret;

/// Proof of who makes a call, in the form one request needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// A token: sent in the header an API key scheme names, or as `Authorization: Bearer`.
    Token(Secret),
    /// An access key pair, for schemes that sign every request with it.
    AccessKey(AccessKey),
    /// A user name and password (HTTP basic).
    Basic { username: String, password: Secret },
    /// Keys by security scheme name, for APIs whose operations need several at once.
    Keys(Vec<(String, Secret)>),
}

impl Credentials {
    /// The key given for the security scheme `scheme`: a token stands for any one scheme.
    pub fn key_for(&self, scheme: &str) -> Option<&Secret> {
        match self {
            Credentials::Token(token) => Some(token),
            Credentials::Keys(keys) => keys.iter().find(|(name, _)| name == scheme).map(|(_, key)| key),
            _ => None,
        }
    }
}

/// An access key pair (AK/SK), with the security token of temporary credentials. Debug never
/// shows the secret key or the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessKey {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    /// The security token of temporary credentials, sent (and signed) with each request.
    pub security_token: Option<Secret>,
}

impl AccessKey {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        AccessKey {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            security_token: None,
        }
    }

    /// Temporary credentials: the security token that goes with the pair.
    pub fn security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }
}

/// A source of credentials, asked before each request is sent.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// The credentials for the next request.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>>;

    /// Refuses credentials with an empty part (an access key id, a secret, a token) when the client
    /// is made, rather than at its first request: the error names the part, never a value (see
    /// [`empty_credential`]). Sources that find their credentials later have nothing to check
    /// until then.
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// A setting that comes with these credentials: a client-level parameter the configuration
    /// sets none of (Huawei Cloud credentials name their project, `project_id`), or one of the
    /// platform's own (the IAM endpoint a Huawei Cloud profile names, `iam_endpoint`).
    fn setting(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }

    fn check(&self) -> Result<(), Error> {
        match self {
            Credentials::Token(token) if token.is_empty() => Err(empty_credential("token")),
            Credentials::AccessKey(key) => key.check(),
            Credentials::Basic { username, .. } if username.is_empty() => Err(empty_credential("username")),
            Credentials::Keys(keys) => match keys.iter().find(|(_, key)| key.is_empty()) {
                Some((scheme, _)) => Err(empty_credential(&format!("key for `{scheme}`"))),
                None => Ok(()),
            },
            // An empty password is allowed: some services take a key as the user name and no password.
            _ => Ok(()),
        }
    }
}

impl ProvideCredentials for AccessKey {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = Credentials::AccessKey(self.clone());
        Box::pin(async move { Ok(credentials) })
    }

    fn check(&self) -> Result<(), Error> {
        if self.access_key_id.is_empty() {
            Err(empty_credential("access_key_id"))
        } else if self.secret_access_key.is_empty() {
            Err(empty_credential("secret_access_key"))
        } else if self.security_token.as_ref().is_some_and(Secret::is_empty) {
            Err(empty_credential("security_token"))
        } else {
            Ok(())
        }
    }
}

/// Credentials that stop working at a known moment (temporary credentials), as a source fetches
/// them.
#[derive(Debug, Clone)]
pub struct Expiring {
    pub credentials: Credentials,
    /// `None`: they do not expire.
    pub expires_at: Option<SystemTime>,
}

/// A source that fetches credentials afresh each time it is asked (an instance metadata service,
/// a token exchange); [`Refreshing`] decides when to ask.
pub trait FetchCredentials: fmt::Debug + Send + Sync {
    fn fetch(&self) -> BoxFuture<'_, Result<Expiring, Error>>;

    /// As [`ProvideCredentials::setting`].
    fn setting(&self, _name: &str) -> Option<String> {
        None
    }
}

/// How long before they expire credentials are fetched again, at most: the vendor SDKs' margin.
pub const REFRESH_AHEAD: Duration = Duration::from_secs(40 * 60);

/// Temporary credentials, fetched when first needed and again ahead of their expiry.
///
/// Credentials are fetched again once they are within [`REFRESH_AHEAD`] (or half their lifetime,
/// when that is shorter) of expiring. While they are still valid one caller fetches and the
/// others go on with the current ones; once they have expired, every caller waits for the one
/// fetch under way. A failed fetch is returned to whoever waited for it and tried again by the
/// next caller; a failed early refresh keeps the still-valid credentials.
pub struct Refreshing<F> {
    source: F,
    cached: RwLock<Option<Cached>>,
    /// Held by the one caller fetching.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    expires_at: Option<SystemTime>,
    refresh_at: Option<SystemTime>,
}

impl Cached {
    fn new(fetched: Expiring, now: SystemTime) -> Self {
        let refresh_at = fetched.expires_at.map(|expires_at| {
            let lifetime = expires_at.duration_since(now).unwrap_or_default();
            expires_at - REFRESH_AHEAD.min(lifetime / 2)
        });
        Cached { credentials: fetched.credentials, expires_at: fetched.expires_at, refresh_at }
    }

    fn is_valid(&self, now: SystemTime) -> bool {
        self.expires_at.is_none_or(|at| now < at)
    }

    fn is_fresh(&self, now: SystemTime) -> bool {
        self.refresh_at.is_none_or(|at| now < at)
    }
}

impl<F: FetchCredentials> Refreshing<F> {
    pub fn new(source: F) -> Self {
        Refreshing { source, cached: RwLock::new(None), fetching: tokio::sync::Mutex::new(()) }
    }

    fn current(&self) -> Option<Cached> {
        self.cached.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    async fn fetch_and_store(&self) -> Result<Credentials, Error> {
        let fetched = self.source.fetch().await?;
        let cached = Cached::new(fetched, SystemTime::now());
        let credentials = cached.credentials.clone();
        *self.cached.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(cached);
        Ok(credentials)
    }

    async fn credentials(&self) -> Result<Credentials, Error> {
        let now = SystemTime::now();
        match self.current() {
            Some(cached) if cached.is_fresh(now) => return Ok(cached.credentials),
            Some(cached) if cached.is_valid(now) => {
                // Due for a refresh but still good: only a caller that finds no fetch under way
                // does it; the others carry on with what they have.
                let Ok(_fetching) = self.fetching.try_lock() else { return Ok(cached.credentials) };
                if let Some(newer) = self.current().filter(|c| c.is_fresh(SystemTime::now())) {
                    return Ok(newer.credentials);
                }
                return match self.fetch_and_store().await {
                    Ok(credentials) => Ok(credentials),
                    Err(error) => {
                        tracing::warn!(source = ?self.source, %error, "refreshing credentials failed; the current ones are still valid");
                        Ok(cached.credentials)
                    }
                };
            }
            _ => {}
        }
        let _fetching = self.fetching.lock().await;
        if let Some(fetched_meanwhile) = self.current().filter(|c| c.is_valid(SystemTime::now())) {
            return Ok(fetched_meanwhile.credentials);
        }
        self.fetch_and_store().await
    }
}

impl<F: FetchCredentials> ProvideCredentials for Refreshing<F> {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(self.credentials())
    }

    fn setting(&self, name: &str) -> Option<String> {
        self.source.setting(name)
    }
}

impl<F: fmt::Debug> fmt::Debug for Refreshing<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_at = self.cached.read().ok().and_then(|cached| cached.as_ref().and_then(|c| c.expires_at));
        f.debug_struct("Refreshing").field("source", &self.source).field("expires_at", &expires_at).finish()
    }
}

/// The error for credentials with an empty `field` (`secret_access_key`): it names the field,
/// never a value.
pub fn empty_credential(field: &str) -> Error {
    Error::Config(format!("the credentials have an empty {field}"))
}
