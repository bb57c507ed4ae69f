//! Static descriptions of a service and its operations, written by the generator and read by the
//! runtime: generated code describes, the runtime does.

pub use api_vocab::{Location, Method, Style};

use crate::platform::Platform;
use crate::validate::Rule;

/// The service as a whole: where it is, what every client must be given, and its platform.
#[derive(Debug)]
pub struct Service {
    pub server: Option<Server>,
    pub client_parameters: &'static [ClientParameter],
    pub platform: &'static dyn Platform,
    /// The generated crate's name and version (`oms/0.1.0`), the first product of `User-Agent`.
    pub user_agent: &'static str,
}

/// The spec's server: a URL template and its `{variables}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    pub url: &'static str,
    pub variables: &'static [Variable],
    /// The variable that names the region, which [`Config::region_id`](crate::Config::region_id)
    /// and `--region` set.
    pub region: Option<&'static str>,
}

impl Server {
    /// The variable that names the region, if the spec has one.
    pub fn region_variable(&self) -> Option<&'static Variable> {
        let name = self.region?;
        self.variables.iter().find(|v| v.name == name)
    }
}

/// A `{variable}` of the server URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    pub name: &'static str,
    /// OpenAPI requires one; it is used only when the user need not choose.
    pub default: &'static str,
    /// The values the spec lists; any value when empty.
    pub values: &'static [&'static str],
    /// The user must choose a value (`x-user-chosen`): the default is never used silently.
    pub user_chosen: bool,
    /// The environment variable read when the configuration sets none (`x-environment-variable`).
    pub environment: Option<&'static str>,
}

/// A value of a server variable (a region, say), set with [`Config::server_variable`](crate::Config::server_variable).
pub trait ServerVariable {
    /// The variable's name in the server URL.
    const NAME: &'static str;
    fn value(&self) -> &str;
}

/// A path parameter set once per client rather than on every call (a project id, say).
#[derive(Debug)]
pub struct ClientParameter {
    pub name: &'static str,
    pub rules: &'static [Rule],
}

#[derive(Debug)]
pub struct Operation {
    /// The spec's operationId.
    pub name: &'static str,
    pub method: Method,
    pub path: &'static [PathPart],
    /// Per-call parameters, in the order the generated method passes them.
    pub arguments: &'static [Argument],
    /// Any one of these authenticates the call; empty means none is needed.
    pub auth: &'static [Auth],
    /// Whether sending the request twice is harmless, so it may be retried.
    pub idempotent: bool,
    /// The `Accept` header: the media types of the answers the client reads (`None`: any).
    pub accept: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    Literal(&'static str),
    /// A client-level parameter, by name.
    Client(&'static str),
    /// A per-call argument, by index into [`Operation::arguments`].
    Argument(usize),
    /// A query parameter the spec's path key fixes (`/?Action=List`), sent with every call.
    FixedQuery {
        name: &'static str,
        value: &'static str,
    },
    /// The operation's own server (a path item's or an operation's `servers`), first of its parts:
    /// the request goes there rather than to the service's server, unless the client is
    /// configured with an endpoint. Its variables are filled in as the service server's are.
    Server(&'static Server),
}

#[derive(Debug)]
pub struct Argument {
    pub name: &'static str,
    pub location: Location,
    /// How a list or object value is written (OpenAPI's `style` and `explode`).
    pub style: Style,
    pub rules: &'static [Rule],
}

/// Generated tables build arguments with these: one short call per parameter, in OpenAPI's
/// default style for its location unless [`Argument::with_style`] says otherwise.
impl Argument {
    pub const fn path(name: &'static str, rules: &'static [Rule]) -> Argument {
        Argument::at(name, Location::Path, rules)
    }

    pub const fn query(name: &'static str, rules: &'static [Rule]) -> Argument {
        Argument::at(name, Location::Query, rules)
    }

    pub const fn header(name: &'static str, rules: &'static [Rule]) -> Argument {
        Argument::at(name, Location::Header, rules)
    }

    pub const fn cookie(name: &'static str, rules: &'static [Rule]) -> Argument {
        Argument::at(name, Location::Cookie, rules)
    }

    /// The same argument, written in `style`.
    pub const fn with_style(self, style: Style) -> Argument {
        Argument { style, ..self }
    }

    const fn at(name: &'static str, location: Location, rules: &'static [Rule]) -> Argument {
        Argument { name, location, style: Style::default_for(location), rules }
    }
}

/// A way an operation accepts to be authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Each request signed with an access key pair, as the service's platform signs.
    Signature,
    /// An API key or token, sent as the header, query parameter or cookie `name`. `scheme` names
    /// the security scheme, by which keys are given when an operation needs several.
    ApiKey { scheme: &'static str, location: Location, name: &'static str },
    /// A token as `Authorization: Bearer <token>`.
    Bearer,
    /// A user name and password as `Authorization: Basic`.
    Basic,
    /// Every one of these at once.
    All(&'static [Auth]),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_take_their_locations_default_style_unless_given_one() {
        let simple = Style::Simple { explode: false };
        let form = Style::Form { explode: true };
        let made = [
            (Argument::path("id", &[]), Location::Path, simple),
            (Argument::query("q", &[]), Location::Query, form),
            (Argument::header("X-Id", &[]), Location::Header, simple),
            (Argument::cookie("session", &[]), Location::Cookie, form),
            (Argument::query("ids", &[]).with_style(Style::PipeDelimited), Location::Query, Style::PipeDelimited),
        ];
        for (argument, location, style) in made {
            assert_eq!((argument.location, argument.style), (location, style), "{}", argument.name);
        }
        const RULES: &[Rule] = &[Rule::MaxLength(3)];
        let kept = Argument::header("X-Id", RULES).with_style(Style::Json);
        assert_eq!((kept.name, kept.rules.len(), kept.style), ("X-Id", 1, Style::Json));
    }
}
