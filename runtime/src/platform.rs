//! What differs between the clouds that generated clients talk to: how a request is signed, where
//! an error body keeps its code and message, where credentials and endpoints come from when the
//! configuration gives none, and what can be looked up before the first request (a project id).
//!
//! The generated service description names its platform; [`Generic`] is the platform of any API
//! that asks for nothing beyond OpenAPI (tokens in headers). Platform crates implement the trait
//! for their cloud (`huaweicloud-runtime` for Huawei Cloud).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

use crate::credentials::{AccessKey, ProvideCredentials};
use crate::environment::Environment;
use crate::error::Error;
use crate::future::BoxFuture;

/// A request ready to be signed: every header it will carry is already in `headers`.
pub struct SigningRequest<'a> {
    pub method: &'static str,
    pub url: &'a url::Url,
    pub headers: &'a mut HeaderMap,
    /// The body's bytes; empty when it is streamed.
    pub body: &'a [u8],
    /// The body is read from a file or reader as it is sent, so its bytes are not at hand to
    /// hash: a signer signs it as an unsigned payload if its scheme has one, else refuses.
    pub body_streamed: bool,
    pub key: &'a AccessKey,
    /// The client-level parameters of the call, by name.
    pub client_parameters: &'a [(&'static str, &'a str)],
}

impl SigningRequest<'_> {
    pub fn client_parameter(&self, name: &str) -> Option<&str> {
        self.client_parameters.iter().find(|(known, _)| *known == name).map(|(_, value)| *value)
    }
}

/// What a platform gets to look up a client-level parameter the configuration lacks.
pub struct Discovery<'a> {
    /// The client's own HTTP client: its proxy, certificates and timeouts apply.
    pub http: &'a reqwest::Client,
    pub credentials: &'a dyn ProvideCredentials,
    /// The region the client was configured with.
    pub region: &'a str,
    pub environment: &'a Environment,
    /// The client's `User-Agent`.
    pub user_agent: &'a HeaderValue,
}

/// The settings a platform finds credentials with, for a client configured with none.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CredentialSettings<'a> {
    pub environment: &'a Environment,
    /// How long the platform's instance metadata service may take in all, connecting and
    /// answering, when the configuration says ([`Config::instance_metadata_timeout`](crate::Config::instance_metadata_timeout)).
    pub metadata_timeout: Option<Duration>,
}

impl<'a> CredentialSettings<'a> {
    /// Settings from `environment` alone: the platform's own defaults for the rest.
    pub fn new(environment: &'a Environment) -> Self {
        CredentialSettings { environment, metadata_timeout: None }
    }
}

pub trait Platform: fmt::Debug + Send + Sync {
    /// Signs a request of an operation that accepts `Auth::Signature`. The error says why not,
    /// without quoting any secret.
    fn sign(&self, request: SigningRequest<'_>) -> Result<(), String>;

    /// The pairs of fields an error body carries its code and message in, in the order they are
    /// looked for: at the top level, then one object deeper.
    fn error_fields(&self) -> &'static [(&'static str, &'static str)];

    /// The error body field that carries an encoded explanation of an authorization failure.
    fn authorization_message_field(&self) -> Option<&'static str> {
        None
    }

    /// Credentials for a client configured with none, found the platform's way (environment
    /// variables, files, an instance metadata service). None when the platform has no way.
    fn default_credentials(
        &self,
        _settings: CredentialSettings<'_>,
    ) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
        Ok(None)
    }

    /// Where credentials come from, for the command line's help.
    fn credentials_help(&self) -> &'static str;

    /// The endpoint of `region` when the platform's own settings name one (an environment
    /// variable, a file), before the spec's server URL is used.
    fn region_endpoint(&self, _region: &str, _environment: &Environment) -> Result<Option<String>, Error> {
        Ok(None)
    }

    /// How else the endpoint of a region the spec does not list can be given.
    fn region_endpoint_hint(&self, _region: &str) -> Option<String> {
        None
    }

    /// The `Content-Type` of a request without a body, if the platform's own SDKs send one (it
    /// is then signed like any header). None by default: a request without a body has no type.
    fn bodyless_content_type(&self) -> Option<&'static str> {
        None
    }

    /// How else a client-level parameter the configuration lacks can be given, if the platform
    /// knows one (Huawei Cloud credentials carry the project id).
    fn client_parameter_hint(&self, _name: &str) -> Option<&'static str> {
        None
    }

    /// Whether the platform can look up the client-level parameter `name` when it is not given
    /// (Huawei Cloud finds a region's project id through IAM).
    fn discovers(&self, _name: &str) -> bool {
        false
    }

    /// Looks up the client-level parameter `name`, before the client's first request.
    fn discover<'a>(&'a self, name: &'a str, _discovery: Discovery<'a>) -> BoxFuture<'a, Result<String, Error>> {
        Box::pin(async move { Err(Error::Config(format!("client parameter `{name}` cannot be looked up"))) })
    }
}

/// The platform of APIs that need nothing beyond OpenAPI: tokens and API keys in headers, errors
/// with a `code` and a `message` (or a `Code` and a `Message`, as AWS's XML errors have them).
#[derive(Debug, Clone, Copy)]
pub struct Generic;

impl Platform for Generic {
    fn sign(&self, _request: SigningRequest<'_>) -> Result<(), String> {
        Err("this API names no request signing scheme".to_owned())
    }

    fn error_fields(&self) -> &'static [(&'static str, &'static str)] {
        &[("code", "message"), ("Code", "Message")]
    }

    fn credentials_help(&self) -> &'static str {
        "This command line reads no credentials from the environment."
    }
}
