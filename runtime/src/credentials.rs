//! What proves who makes a call, and where it comes from.
//!
//! A client holds one [`ProvideCredentials`]: fixed [`Credentials`] given in code, or a source
//! that finds (and may refresh) them. Platforms add their own sources (Huawei Cloud's access keys
//! from the environment, for one).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::Error;
use crate::secret::Secret;

/// A boxed future, as trait objects return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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

    /// A value for a client-level parameter that comes with these credentials, when the client's
    /// configuration sets none (Huawei Cloud credentials name their project, for one).
    fn client_parameter(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl ProvideCredentials for AccessKey {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = Credentials::AccessKey(self.clone());
        Box::pin(async move { Ok(credentials) })
    }
}

/// Credentials with an empty part are refused up front rather than signed or sent.
pub(crate) fn check(credentials: &Credentials) -> Result<(), Error> {
    let empty = match credentials {
        Credentials::Token(token) if token.is_empty() => "the token",
        Credentials::AccessKey(key) if key.access_key_id.is_empty() => "the AK",
        Credentials::AccessKey(key) if key.secret_access_key.is_empty() => "the SK",
        Credentials::AccessKey(AccessKey { security_token: Some(token), .. }) if token.is_empty() => {
            "the security token"
        }
        Credentials::Basic { username, .. } if username.is_empty() => "the user name",
        Credentials::Keys(keys) if keys.iter().any(|(_, key)| key.is_empty()) => "an API key",
        _ => return Ok(()),
    };
    Err(Error::Config(format!("{empty} is empty")))
}
