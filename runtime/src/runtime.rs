//! The [`Runtime`] a generated client sends with: built once from the configuration and the
//! service's description, then shared by every request of the client.

use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::client_parameters::{ClientParameters, ClientValue};
use crate::config::Config;
use crate::credentials::ProvideCredentials;
use crate::endpoint;
use crate::environment::Environment;
use crate::error::Error;
use crate::http::{header_value, http_client};
#[cfg(feature = "test-util")]
use crate::mocks::Mocks;
use crate::platform::{CredentialSettings, Discovery, Platform};
use crate::retry::RetryPolicy;
use crate::tables::Service;

/// This crate, as the `User-Agent` of every request names it after the generated crate.
const RUNTIME_PRODUCT: &str = concat!("client-runtime/", env!("CARGO_PKG_VERSION"));

/// Sends calls for a generated client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Runtime {
    pub(crate) inner: Arc<Inner>,
}

/// What every call of one client uses.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The base URL without a trailing `/`: `https://oms.cn-north-4.myhuaweicloud.com`.
    pub(crate) base_url: String,
    /// What the servers of operations with their own are filled in from.
    pub(crate) own_servers: endpoint::OwnServers,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) platform: &'static dyn Platform,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// `User-Agent`: the generated crate, then this runtime, then the configured suffix.
    pub(crate) user_agent: HeaderValue,
    /// How to give credentials, for the error of a call that needs some when there are none.
    pub(crate) missing_credentials_hint: Option<String>,
    /// What answers requests in place of the service, in a client made from mocks.
    #[cfg(feature = "test-util")]
    pub(crate) mocks: Option<Mocks>,
    /// The region the client was configured with, if any (with an endpoint, or in the URL).
    region: Option<String>,
    environment: Environment,
    client_parameters: ClientParameters,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Short, as it shows in every mocked request a test prints (and in the error of one that
        // no mock answers), where the inputs are what matters.
        if self.is_mocked() {
            return f.write_str("Runtime(mocked)");
        }
        let known = self.inner.client_parameters.known();
        let parameters: Vec<(&str, &str)> = known.iter().map(|p| (p.name, p.value.as_str())).collect();
        f.debug_struct("Runtime")
            .field("base_url", &self.inner.base_url)
            .field("region", &self.inner.region)
            .field("credentials", &self.inner.credentials)
            .field("platform", &self.inner.platform)
            .field("client_parameters", &parameters)
            .field("to_discover", &self.inner.client_parameters.to_discover())
            .finish()
    }
}

impl Runtime {
    /// Checks `config` against what `service` needs, and fills in what it leaves out from the
    /// environment and the platform's defaults. Sends nothing: what must be looked up over the
    /// network (temporary credentials, a project id) is, before the first request.
    pub fn new(mut config: Config, service: &'static Service) -> Result<Self, Error> {
        let mocked = config.is_mocked();
        let (base_url, region) = match mocked {
            true => endpoint::mocked_server(&config, service)?,
            false => endpoint::resolve_server(&config, service)?,
        };
        let own_servers = endpoint::OwnServers::new(&config, region.clone());
        // Mocks need no credentials: none are looked for.
        if config.credentials.is_none() && !mocked {
            let settings = CredentialSettings {
                environment: &config.environment,
                metadata_timeout: config.instance_metadata_timeout,
            };
            config.credentials = service.platform.default_credentials(settings)?;
        }
        if let Some(credentials) = &config.credentials {
            credentials.check()?;
        }
        let client_parameters = ClientParameters::new(&config, service, region.is_some(), mocked)?;
        let mut user_agent = format!("{} {RUNTIME_PRODUCT}", service.user_agent);
        if let Some(suffix) = &config.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let inner = Inner {
            http: http_client(&config)?,
            base_url,
            own_servers,
            credentials: config.credentials,
            platform: service.platform,
            retry: config.retry,
            max_response_bytes: config.max_response_bytes,
            user_agent: header_value("User-Agent", &user_agent)?,
            missing_credentials_hint: config.missing_credentials_hint,
            #[cfg(feature = "test-util")]
            mocks: config.mocks,
            region,
            environment: config.environment,
            client_parameters,
        };
        Ok(Runtime { inner: Arc::new(inner) })
    }

    /// Whether the client's requests are answered by mocks rather than sent.
    pub(crate) fn is_mocked(&self) -> bool {
        #[cfg(feature = "test-util")]
        return self.inner.mocks.is_some();
        #[cfg(not(feature = "test-util"))]
        false
    }

    /// The mocks that answer the client's requests, in a client made from mocks.
    #[cfg(feature = "test-util")]
    pub(crate) fn mocks(&self) -> Option<&Mocks> {
        self.inner.mocks.as_ref()
    }

    /// The client-level parameters the next call will look up first (a project id through IAM).
    #[cfg(feature = "cli")]
    pub(crate) fn pending_lookups(&self) -> Vec<&'static str> {
        self.inner.client_parameters.pending_lookups()
    }

    /// Every client-level parameter, those the platform looks up looked up by the first call
    /// that needs them, with the client's own HTTP client, credentials and region.
    pub(crate) async fn client_parameters(&self) -> Result<&[ClientValue], Error> {
        let inner = &*self.inner;
        let discovery = || {
            Some(Discovery {
                http: &inner.http,
                credentials: inner.credentials.as_deref()?,
                region: inner.region.as_deref()?,
                environment: &inner.environment,
                user_agent: &inner.user_agent,
            })
        };
        inner.client_parameters.values(inner.platform, discovery).await
    }
}
