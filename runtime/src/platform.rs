//! What differs between the clouds that generated clients talk to: how a request is signed, where
//! an error body keeps its code and message, and where credentials come from by default.
//!
//! The generated service description names its platform; [`Generic`] is the platform of any API
//! that asks for nothing beyond OpenAPI (tokens in headers). Platform crates implement the trait
//! for their cloud (`huaweicloud-runtime` for Huawei Cloud).

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;

use crate::credentials::{AccessKey, ProvideCredentials};
use crate::error::Error;

/// A request ready to be signed: every header it will carry is already in `headers`.
pub struct SigningRequest<'a> {
    pub method: &'static str,
    pub url: &'a url::Url,
    pub headers: &'a mut HeaderMap,
    pub body: &'a [u8],
    pub key: &'a AccessKey,
    /// The client-level parameters of the call, by name.
    pub client_parameters: &'a [(&'static str, &'a str)],
}

impl SigningRequest<'_> {
    pub fn client_parameter(&self, name: &str) -> Option<&str> {
        self.client_parameters.iter().find(|(known, _)| *known == name).map(|(_, value)| *value)
    }
}

pub trait Platform: fmt::Debug + Send + Sync {
    /// Signs a request of an operation that accepts `Auth::Signature`. The error says why not,
    /// without quoting any secret.
    fn sign(&self, request: SigningRequest<'_>) -> Result<(), String>;

    /// The pairs of fields an error body carries its code and message in, in the order they are
    /// looked for: at the top level, then one object deeper.
    fn error_fields(&self) -> &'static [(&'static str, &'static str)];

    /// Credentials found in the process environment, for the command line.
    fn credentials_from_env(&self) -> Result<Option<Arc<dyn ProvideCredentials>>, Error>;

    /// Where credentials come from, for the command line's help.
    fn credentials_help(&self) -> &'static str;

    /// How else a client-level parameter the configuration lacks can be given, if the platform
    /// knows one (Huawei Cloud credentials carry the project id).
    /// The `Content-Type` of a request without a body, if the platform's own SDKs send one (it
    /// is then signed like any header). None by default: a request without a body has no type.
    fn bodyless_content_type(&self) -> Option<&'static str> {
        None
    }

    fn client_parameter_hint(&self, _name: &str) -> Option<&'static str> {
        None
    }
}

/// The platform of APIs that need nothing beyond OpenAPI: tokens and API keys in headers, errors
/// with a `code` and a `message`.
#[derive(Debug, Clone, Copy)]
pub struct Generic;

impl Platform for Generic {
    fn sign(&self, _request: SigningRequest<'_>) -> Result<(), String> {
        Err("this API names no request signing scheme".to_owned())
    }

    fn error_fields(&self) -> &'static [(&'static str, &'static str)] {
        &[("code", "message")]
    }

    fn credentials_from_env(&self) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
        Ok(None)
    }

    fn credentials_help(&self) -> &'static str {
        "This command line reads no credentials from the environment."
    }
}
