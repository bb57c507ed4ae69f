//! One invocation: the chosen command, its flags read into values and bodies, and the client's
//! configuration from the global options.

use std::io::Read;
use std::time::Duration;

use api_vocab::cli::{
    ALL_FLAG, BODY_FLAG, CA_BUNDLE, CONNECT_TIMEOUT, DRY_RUN, ENDPOINT, INSECURE, OUTPUT, POLL_INTERVAL_FLAG, PROXY,
    QUERY, REGION, RETRIES, TIMEOUT, WAIT_FLAG, WAIT_TIMEOUT_FLAG, WATCH_FLAG,
};
use clap::ArgMatches;
use serde_json::{Map, Value};

use super::json_body::{read_known, reads_an_object};
use super::print::{Format, Printer};
use super::tables::{Cli, CommandSpec, Flag, ValueKind, WaiterFlag};
use crate::binary::Binary;
use crate::config::Config;
use crate::error::Error;
use crate::retry::RetryPolicy;
use api_vocab::json_kind;

/// One parsed invocation: the subcommand, its flags, and the client configuration.
pub struct Invocation {
    pub(super) command: &'static CommandSpec,
    matches: ArgMatches,
    config: Config,
}

impl Invocation {
    /// The invocation `matches` describe: a command of `cli` and the configuration its global
    /// options give.
    pub(super) fn read(cli: &'static Cli, matches: &ArgMatches) -> Result<Invocation, Error> {
        let (name, sub) = matches.subcommand().ok_or_else(|| Error::Build("no command given".into()))?;
        let command = cli
            .commands
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| Error::Build(format!("unknown command {name}")))?;
        let mut config = Config::new();
        if let Some(endpoint) = sub.get_one::<String>(ENDPOINT) {
            config = config.endpoint(endpoint);
        }
        // Only a spec with a region variable has `--region`.
        if let Some(region) = sub.try_get_one::<String>(REGION).ok().flatten() {
            config = config.region_id(region);
        }
        if let Some(proxy) = sub.get_one::<String>(PROXY) {
            config = config.proxy(proxy.as_str());
        }
        if let Some(file) = sub.get_one::<String>(CA_BUNDLE) {
            config = config.ca_bundle(file);
        }
        if sub.get_flag(INSECURE) {
            config = config.danger_accept_invalid_certs(true);
        }
        if let Some(timeout) = sub.get_one::<Duration>(TIMEOUT) {
            config = config.timeout(*timeout);
        }
        if let Some(timeout) = sub.get_one::<Duration>(CONNECT_TIMEOUT) {
            config = config.connect_timeout(*timeout);
        }
        if let Some(retries) = sub.get_one::<u32>(RETRIES) {
            config = config.retry(RetryPolicy { max_attempts: retries + 1, ..RetryPolicy::default() });
        }
        for parameter in cli.client_parameters {
            if let Some(value) = sub.get_one::<String>(parameter.flag.flag) {
                config = config.client_parameter(parameter.name, value);
            }
        }
        // The platform's own credentials are found by the client; a generic API's token is the
        // command line's to read.
        if let Some(variable) = cli.token_variable {
            match std::env::var(variable).ok().filter(|token| !token.is_empty()) {
                Some(token) => config = config.token(token),
                None => config.missing_credentials_hint = Some(format!("set {variable}")),
            }
        }
        Ok(Invocation { command, matches: sub.clone(), config })
    }

    pub fn command(&self) -> &'static str {
        self.command.name
    }

    pub fn config(&self) -> Config {
        self.config.clone()
    }

    /// Whether `--all` was given.
    pub fn all(&self) -> bool {
        self.command.paginated && self.matches.get_flag(ALL_FLAG)
    }

    /// The waiter `--wait` names, if given.
    pub fn waiter(&self) -> Option<&'static WaiterFlag> {
        let named = self.matches.try_get_one::<String>(WAIT_FLAG).ok().flatten()?;
        self.command.waiters.iter().find(|waiter| waiter.value == named)
    }

    /// Whether `--watch` was given.
    pub(super) fn watch(&self) -> bool {
        self.command.watch && self.matches.get_flag(WATCH_FLAG)
    }

    /// Whether `--dry-run` was given.
    pub(super) fn dry_run(&self) -> bool {
        self.matches.get_flag(DRY_RUN)
    }

    /// `--poll-interval`, if given.
    pub(super) fn poll_interval(&self) -> Option<Duration> {
        self.seconds(POLL_INTERVAL_FLAG)
    }

    /// `--wait-timeout`, if given.
    pub(super) fn wait_timeout(&self) -> Option<Duration> {
        self.seconds(WAIT_TIMEOUT_FLAG)
    }

    fn seconds(&self, flag: &str) -> Option<Duration> {
        self.matches.try_get_one::<u64>(flag).ok().flatten().copied().map(Duration::from_secs)
    }

    /// How the answer is to be printed (`--output`, `--query`); a query that does not parse is
    /// refused before anything is sent.
    pub(super) fn printer(&self) -> Result<Printer, Error> {
        let format = match self.matches.get_one::<String>(OUTPUT).map(String::as_str) {
            Some("yaml") => Format::Yaml,
            Some("table") => Format::Table,
            Some("value") => Format::Value,
            _ => Format::Json,
        };
        Printer::new(format, self.matches.get_one::<String>(QUERY).map(String::as_str), self.command.items)
    }

    pub fn required<T: serde::de::DeserializeOwned>(&self, flag: &str) -> Result<T, Error> {
        self.optional(flag)?.ok_or_else(|| Error::Build(format!("--{flag} is required")))
    }

    pub fn optional<T: serde::de::DeserializeOwned>(&self, flag: &str) -> Result<Option<T>, Error> {
        self.matches.get_one::<String>(flag).map(|value| parse(flag, value)).transpose()
    }

    pub fn list<T: serde::de::DeserializeOwned>(&self, flag: &str) -> Result<Option<Vec<T>>, Error> {
        match self.matches.get_many::<String>(flag) {
            None => Ok(None),
            Some(values) => values.map(|value| parse(flag, value)).collect::<Result<_, _>>().map(Some),
        }
    }

    /// The body from `--body` (any JSON value the body's type takes: an object, an array, a string,
    /// a number, a boolean) and the body flags, which set fields of an object; unknown fields are
    /// refused.
    pub fn body<T: serde::de::DeserializeOwned + serde::Serialize>(&self) -> Result<T, Error> {
        match self.json_body()? {
            Some(body) => read_known(body),
            // An object whose fields are all optional may be left out; any other body may not.
            None if reads_an_object::<T>() => read_known(Value::Object(Map::new())),
            None => Err(Error::Build(format!("--{BODY_FLAG} is required"))),
        }
    }

    /// As [`Invocation::body`], or `None` when neither `--body` nor a body flag was given.
    pub fn optional_body<T: serde::de::DeserializeOwned + serde::Serialize>(&self) -> Result<Option<T>, Error> {
        self.json_body()?.map(read_known).transpose()
    }

    /// A text body: what `--body FILE` (or `-` for standard input) holds, as it is.
    pub fn text_body(&self) -> Result<String, Error> {
        self.optional_text_body()?.ok_or_else(|| Error::Build("--body is required".into()))
    }

    pub fn optional_text_body(&self) -> Result<Option<String>, Error> {
        let Some(source) = self.matches.get_one::<String>(BODY_FLAG) else { return Ok(None) };
        String::from_utf8(read_source(source)?)
            .map(Some)
            .map_err(|_| Error::Build("--body: expected UTF-8 text".into()))
    }

    /// A body of bytes: what `--body FILE` (or `-` for standard input) holds, read as it is sent.
    pub fn binary_body(&self) -> Result<Binary, Error> {
        self.optional_binary_body()?.ok_or_else(|| Error::Build("--body is required".into()))
    }

    pub fn optional_binary_body(&self) -> Result<Option<Binary>, Error> {
        let Some(source) = self.matches.get_one::<String>(BODY_FLAG) else { return Ok(None) };
        if source == "-" {
            return Ok(Some(Binary::streamed_from_reader(tokio::io::stdin(), None)));
        }
        Binary::streamed_from_file(source).map(Some).map_err(|e| Error::Build(format!("--body {source}: {e}")))
    }

    /// The JSON of `--body`, with the body flags' fields set over it; `None` when neither was given.
    fn json_body(&self) -> Result<Option<Value>, Error> {
        let mut body = match self.matches.get_one::<String>(BODY_FLAG) {
            None => None,
            Some(source) => Some(read_json(source)?),
        };
        for field in self.command.body.unwrap_or_default() {
            let Some(values) = self.matches.get_many::<String>(field.flag.flag) else {
                continue;
            };
            let values: Vec<Value> = values.map(|value| json_value(&field.flag, value)).collect::<Result<_, _>>()?;
            let value = if field.flag.repeated {
                Value::Array(values)
            } else {
                values.into_iter().next().unwrap_or(Value::Null)
            };
            match body.get_or_insert_with(|| Value::Object(Map::new())) {
                Value::Object(fields) => {
                    fields.insert(field.wire_name.to_owned(), value);
                }
                other => {
                    return Err(Error::Build(format!(
                        "--{} sets a field of an object body, but --{BODY_FLAG} holds {}",
                        field.flag.flag,
                        json_kind(other)
                    )));
                }
            }
        }
        Ok(body)
    }
}

/// A flag's value read as the type the operation takes: as JSON (a number, `true`, an object),
/// else as the text it is (a name, an enum value).
fn parse<T: serde::de::DeserializeOwned>(flag: &str, value: &str) -> Result<T, Error> {
    if let Ok(parsed) = serde_json::from_str::<T>(value) {
        return Ok(parsed);
    }
    serde_json::from_value(Value::String(value.to_owned())).map_err(|e| Error::Build(format!("--{flag}: {e}")))
}

fn json_value(flag: &Flag, value: &str) -> Result<Value, Error> {
    let invalid = |what: &str| Error::Build(format!("--{}: expected {what}", flag.flag));
    Ok(match flag.kind {
        ValueKind::Text | ValueKind::OneOf(_) => Value::String(value.to_owned()),
        ValueKind::Json => serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned())),
        ValueKind::Bool => Value::Bool(value.parse().map_err(|_| invalid("true or false"))?),
        ValueKind::Integer => Value::from(value.parse::<i64>().map_err(|_| invalid("an integer"))?),
        ValueKind::Number => serde_json::Number::from_f64(value.parse().map_err(|_| invalid("a number"))?)
            .map(Value::Number)
            .ok_or_else(|| invalid("a finite number"))?,
    })
}

/// The bytes of `--body FILE`, or of standard input for `--body -`.
fn read_source(source: &str) -> Result<Vec<u8>, Error> {
    let mut data = Vec::new();
    let read = if source == "-" {
        std::io::stdin().read_to_end(&mut data).map(drop)
    } else {
        std::fs::File::open(source).and_then(|mut file| file.read_to_end(&mut data)).map(drop)
    };
    read.map_err(|e| Error::Build(format!("--body {source}: {e}")))?;
    Ok(data)
}

/// `--body FILE` or `--body -` (standard input): any JSON value.
fn read_json(source: &str) -> Result<Value, Error> {
    let text =
        String::from_utf8(read_source(source)?).map_err(|_| Error::Build("--body: expected UTF-8 text".into()))?;
    // serde_json's messages name the line and column, never the value.
    serde_json::from_str(&text).map_err(|e| Error::Build(format!("--body is not valid JSON: {e}")))
}
