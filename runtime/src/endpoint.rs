//! Where requests go: the base URL from the configured endpoint, else the platform's endpoint for
//! the region, else the spec's server URL with its variables filled in.

use crate::config::Config;
use crate::environment::Environment;
use crate::error::Error;
use crate::tables::{Server, Service, Variable};

/// What an operation's own server is filled in from, kept from the configuration.
#[derive(Debug, Clone)]
pub(crate) struct OwnServers {
    /// The configured endpoint, which every request goes to when there is one.
    endpoint: Option<String>,
    server_variables: Vec<(String, String)>,
    region: Option<String>,
    environment: Environment,
    /// A client made from mocks fills servers in from the configuration alone.
    mocked: bool,
}

impl OwnServers {
    pub fn new(config: &Config, region: Option<String>) -> Self {
        OwnServers {
            endpoint: config.endpoint.clone(),
            server_variables: config.server_variables.clone(),
            region,
            environment: config.environment.clone(),
            mocked: config.is_mocked(),
        }
    }

    /// The base URL of an operation's own server, or `None` when the client is configured with
    /// an endpoint (every request then goes there). A variable the server does not have is not
    /// an error here: the configuration names the service server's.
    pub fn base_url(&self, server: &Server) -> Result<Option<String>, Error> {
        if self.endpoint.is_some() {
            return Ok(None);
        }
        if self.mocked {
            return Ok(Some(mocked_url(server, &self.server_variables, self.region.as_deref())));
        }
        let value_of = |variable: &Variable| {
            let configured = self.server_variables.iter().find(|(n, _)| n == variable.name).map(|(_, v)| v.clone());
            let region = (server.region == Some(variable.name)).then(|| self.region.clone()).flatten();
            configured.or(region).or_else(|| variable.environment.and_then(|name| self.environment.var(name)))
        };
        fill_in(server, server.region, value_of, |_| None).map(Some)
    }
}

/// The base URL requests go to, and the region the client is configured with (which may be set
/// with an endpoint too: the platform may need it, to find the project, say).
///
/// The endpoint is, in order: the configured one; the one the platform's settings give the
/// region; the spec's server URL, each variable as configured, else from the environment
/// variable the spec names, else its default, unless the spec says the user must choose it.
pub(crate) fn resolve_server(config: &Config, service: &Service) -> Result<(String, Option<String>), Error> {
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
    let hint = |value: &str| service.platform.region_endpoint_hint(value);
    Ok((fill_in(server, region_variable, value_of, hint)?, region))
}

/// `server`'s URL with each variable filled in (by `value_of`, else its default unless the user
/// must choose it), checked as a base URL. `hint` says where a region the spec does not list has
/// its endpoint.
fn fill_in(
    server: &Server,
    region_variable: Option<&str>,
    value_of: impl Fn(&Variable) -> Option<String>,
    hint: impl Fn(&str) -> Option<String>,
) -> Result<String, Error> {
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let value = match value_of(variable) {
            Some(value) => value,
            None if variable.user_chosen => return Err(unset_variable(variable, region_variable)),
            None => variable.default.to_owned(),
        };
        if !variable.values.is_empty() && !variable.values.contains(&value.as_str()) {
            let hint = hint(&value).filter(|_| region_variable == Some(variable.name));
            return Err(Error::Config(format!(
                "`{value}` is not a {} the spec lists ({}): give its endpoint with Config::endpoint (--endpoint){}",
                variable.name,
                variable.values.join(", "),
                hint.map(|hint| format!(", or {hint}")).unwrap_or_default()
            )));
        }
        url = url.replace(&format!("{{{}}}", variable.name), &value);
    }
    checked_endpoint(&url)
}

/// The base URL of a client made from mocks, which sends nothing: the configured endpoint, else
/// the spec's server URL with each variable as configured, else its default (nothing is read from
/// the environment or the platform, and no variable must be chosen). A spec without a server, or
/// with a relative one, is put on `http://localhost`.
pub(crate) fn mocked_server(config: &Config, service: &Service) -> Result<(String, Option<String>), Error> {
    let region = config.region.clone();
    if let Some(endpoint) = &config.endpoint {
        return Ok((checked_endpoint(endpoint)?, region));
    }
    let url = match &service.server {
        Some(server) => mocked_url(server, &config.server_variables, region.as_deref()),
        None => MOCKED_HOST.to_owned(),
    };
    Ok((url, region))
}

/// Where a client made from mocks says its requests go, which no one asks.
const MOCKED_HOST: &str = "http://localhost";

/// `server`'s URL for a client made from mocks: each variable as configured, else its default; a
/// relative URL on [`MOCKED_HOST`].
fn mocked_url(server: &Server, configured: &[(String, String)], region: Option<&str>) -> String {
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let given = configured.iter().find(|(name, _)| name == variable.name).map(|(_, value)| value.as_str());
        let region = region.filter(|_| server.region == Some(variable.name));
        let value = given.or(region).unwrap_or(variable.default);
        url = url.replace(&format!("{{{}}}", variable.name), value);
    }
    let url = match url.starts_with('/') {
        true => format!("{MOCKED_HOST}{url}"),
        false => url,
    };
    checked_endpoint(&url).unwrap_or_else(|_| MOCKED_HOST.to_owned())
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
