//! Client-level parameters (a project id, say): given in the configuration or with the
//! credentials, else looked up by the platform once, before the first request that needs them.

use crate::config::Config;
use crate::error::Error;
use crate::path;
use crate::platform::{Discovery, Platform};
use crate::tables::{ClientParameter, Service};
use crate::validate::Validator;

/// A client parameter's value, checked, and encoded as a path segment.
#[derive(Debug, Clone)]
pub(crate) struct ClientValue {
    pub(crate) name: &'static str,
    pub(crate) value: String,
    pub(crate) encoded: String,
}

/// The client parameters of one client: those known, and those still to be looked up.
pub(crate) struct ClientParameters {
    /// Client-level parameters as given (in the configuration or with the credentials), while
    /// others are still to be looked up.
    given: Vec<ClientValue>,
    /// Those the platform looks up before the first request (a project id through IAM).
    to_discover: Vec<&'static ClientParameter>,
    /// Every client-level parameter, once known: set at once when nothing is to be looked up.
    known: tokio::sync::OnceCell<Vec<ClientValue>>,
}

impl ClientParameters {
    /// The client parameters given (configured, else named by the credentials), checked and
    /// encoded, and those the platform is to look up before the first request. Unknown names are
    /// refused, and so is a missing parameter the platform cannot look up. A client made from
    /// mocks looks nothing up: a parameter not given is its name.
    pub(crate) fn new(
        config: &Config,
        service: &'static Service,
        has_region: bool,
        mocked: bool,
    ) -> Result<Self, Error> {
        if let Some((unknown, _)) =
            config.client_parameters.iter().find(|(name, _)| !service.client_parameters.iter().any(|p| p.name == name))
        {
            return Err(Error::Config(format!("the API has no client parameter `{unknown}`")));
        }
        let mut v = Validator::new();
        let (mut given, mut to_discover) = (Vec::new(), Vec::new());
        for parameter in service.client_parameters {
            let configured =
                config.client_parameters.iter().find(|(name, _)| name == parameter.name).map(|(_, v)| v.clone());
            let from_credentials = || config.credentials.as_ref().and_then(|c| c.setting(parameter.name));
            match configured.or_else(from_credentials) {
                Some(value) => given.push(client_value(parameter, value, &mut v)),
                None if mocked => given.push(placeholder(parameter)),
                None if service.platform.discovers(parameter.name) && has_region && config.credentials.is_some() => {
                    to_discover.push(parameter);
                }
                None => {
                    let hint = service.platform.client_parameter_hint(parameter.name);
                    return Err(Error::Config(format!(
                        "client parameter `{}` is not set: set it with Config::client_parameter{}",
                        parameter.name,
                        hint.map(|hint| format!(", or {hint}")).unwrap_or_default()
                    )));
                }
            }
        }
        v.finish("client configuration")?;
        // With nothing to look up, every value is known now; `given` is only the lookup's start.
        let known = match to_discover.is_empty() {
            true => tokio::sync::OnceCell::new_with(Some(std::mem::take(&mut given))),
            false => tokio::sync::OnceCell::new(),
        };
        Ok(ClientParameters { given, to_discover, known })
    }

    /// The values known so far: every one once the lookup is done, else those given.
    pub(crate) fn known(&self) -> &[ClientValue] {
        self.known.get().unwrap_or(&self.given)
    }

    /// The names of those the platform looks up.
    pub(crate) fn to_discover(&self) -> Vec<&'static str> {
        self.to_discover.iter().map(|parameter| parameter.name).collect()
    }

    /// The names of those the next call will look up first.
    #[cfg(feature = "cli")]
    pub(crate) fn pending_lookups(&self) -> Vec<&'static str> {
        match self.known.initialized() {
            true => Vec::new(),
            false => self.to_discover(),
        }
    }

    /// Every client-level parameter: those the platform looks up are looked up by the first
    /// call that needs them (one lookup however many calls wait for it; a failed one is tried
    /// again by the next call). `discovery` gives what a lookup needs, when the client has it.
    pub(crate) async fn values<'a>(
        &self,
        platform: &dyn Platform,
        discovery: impl Fn() -> Option<Discovery<'a>>,
    ) -> Result<&[ClientValue], Error> {
        let values = self
            .known
            .get_or_try_init(|| async {
                let mut values = self.given.clone();
                let mut v = Validator::new();
                for parameter in &self.to_discover {
                    let Some(discovery) = discovery() else {
                        return Err(Error::Config("nothing to look client parameters up with".into()));
                    };
                    let value = platform.discover(parameter.name, discovery).await?;
                    values.push(client_value(parameter, value, &mut v));
                }
                v.finish("looked-up client parameters")?;
                Ok(values)
            })
            .await?;
        Ok(values)
    }
}

/// The value of a parameter a client made from mocks is not given: its name, unchecked (it is
/// sent nowhere).
fn placeholder(parameter: &'static ClientParameter) -> ClientValue {
    let value = parameter.name.to_owned();
    let encoded = path::encode(&value).to_string();
    ClientValue { name: parameter.name, value, encoded }
}

/// A client parameter's value, checked against its rules and encoded as a path segment.
fn client_value(parameter: &'static ClientParameter, value: String, v: &mut Validator) -> ClientValue {
    v.field(parameter.name, value.as_str(), parameter.rules);
    if let Some(problem) = path::segment_problem(&value) {
        v.violation_at(parameter.name, problem);
    }
    let encoded = path::encode(&value).to_string();
    ClientValue { name: parameter.name, value, encoded }
}
