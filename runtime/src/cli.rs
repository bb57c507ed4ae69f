//! The command line's machinery: clap commands built from the generated tables, request bodies from
//! `--body` and flags, credentials from the environment, and the exit codes scripts rely on.
//!
//! Exit codes: 0 success; 1 the service answered with an error; 2 bad input (a spec rule broken, an
//! unknown or invalid field, a missing credential: nothing was sent); 3 the service could not be
//! reached.

use std::io::Read;
use std::process::ExitCode;

use api_vocab::cli::{
    ALL_FLAG, BODY_FLAG, CA_BUNDLE, ENDPOINT, INSECURE, POLL_INTERVAL_FLAG, PROXY, REGION, WAIT_FLAG, WAIT_TIMEOUT_FLAG,
};
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{Map, Value};

use crate::binary::Binary;
use crate::config::Config;
use crate::credentials::BoxFuture;
use crate::error::Error;
use crate::secret;
use crate::tables::Service;

pub use clap;

pub const SERVICE_ERROR: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const UNREACHABLE: u8 = 3;
/// A waiter (`--wait`) ended in a failure state, or one it does not know.
pub const WAIT_FAILED: u8 = 4;
/// A waiter (`--wait`) ran out of time while the work was still under way.
pub const WAIT_TIMED_OUT: u8 = 5;

/// The whole command line, as the generator describes it.
pub struct Cli {
    pub name: &'static str,
    pub about: &'static str,
    /// The service the commands call: its platform says where credentials come from.
    pub service: &'static Service,
    /// A global flag per client-level parameter (`--project-id`).
    pub client_parameters: &'static [ClientParameterFlag],
    pub commands: &'static [CommandSpec],
    /// The environment variable a token is read from when the platform finds no credentials.
    pub token_variable: Option<&'static str>,
}

/// A global flag that sets a client-level parameter.
pub struct ClientParameterFlag {
    pub name: &'static str,
    pub flag: Flag,
}

pub struct CommandSpec {
    pub name: &'static str,
    pub about: &'static str,
    pub long_about: &'static str,
    pub parameters: &'static [Flag],
    /// `None` when the operation takes no body.
    pub body: Option<&'static [BodyField]>,
    /// Whether the answers come in pages (`--all` reads them all).
    pub paginated: bool,
    /// The waiters `--wait` can name.
    pub waiters: &'static [&'static str],
}

pub struct Flag {
    pub flag: &'static str,
    pub help: &'static str,
    pub kind: ValueKind,
    pub repeated: bool,
    pub required: bool,
}

impl Flag {
    /// An optional flag taking one value.
    pub const fn new(flag: &'static str, help: &'static str, kind: ValueKind) -> Flag {
        Flag { flag, help, kind, repeated: false, required: false }
    }

    pub const fn required(self) -> Flag {
        Flag { required: true, ..self }
    }

    /// Given once per item of a list.
    pub const fn repeated(self) -> Flag {
        Flag { repeated: true, ..self }
    }
}

/// A top-level body field that a flag can set.
pub struct BodyField {
    pub wire_name: &'static str,
    pub flag: Flag,
}

pub enum ValueKind {
    Text,
    Bool,
    Integer,
    Number,
    OneOf(&'static [&'static str]),
    /// A structured value, given as JSON.
    Json,
}

/// The clap command for `cli`.
pub fn command(cli: &Cli) -> Command {
    let global = |name: &'static str, help: &'static str| Arg::new(name).long(name).global(true).help(help);
    let mut root = Command::new(cli.name)
        .about(cli.about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(global(ENDPOINT, "Send requests to this base URL instead of the spec's server.").value_name("URL"));
    if let Some(variable) = cli.service.server.as_ref().and_then(|server| server.region_variable()) {
        let mut help = "The region whose endpoint to use (a region id, such as cn-north-4).".to_owned();
        if let Some(name) = variable.environment {
            help = format!("{help} [env: {name}]");
        }
        root = root.arg(global(REGION, "").help(help).value_name("ID"));
    }
    root = root
        .arg(
            global(PROXY, "Send every request through this proxy (http://[user:password@]host:port); without it, HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY apply.")
                .value_name("URL"),
        )
        .arg(
            global(CA_BUNDLE, "Trust the CA certificates in this PEM file as well as the system's.")
                .value_name("FILE")
                .env(env_name(cli, "CA_BUNDLE")),
        )
        .arg(
            global(INSECURE, "Accept any server certificate: for a private endpoint under test only.")
                .action(ArgAction::SetTrue),
        );
    for parameter in cli.client_parameters {
        root = root.arg(arg(&parameter.flag).global(true));
    }
    root = match cli.token_variable {
        Some(variable) => root.after_help(format!("A token is read from {variable}.")),
        None => root.after_help(cli.service.platform.credentials_help()),
    };
    for spec in cli.commands {
        let mut command = Command::new(spec.name).about(spec.about).long_about(spec.long_about);
        for flag in spec.parameters {
            command = command.arg(arg(flag));
        }
        if let Some(fields) = spec.body {
            command = command.arg(
                Arg::new(BODY_FLAG)
                    .long(BODY_FLAG)
                    .value_name("FILE")
                    .help("The whole request body as JSON, read from FILE, or from standard input for `-`; flags override its fields. Secret fields come only this way."),
            );
            for field in fields {
                command = command.arg(arg(&field.flag));
            }
        }
        if spec.paginated {
            command = command.arg(Arg::new(ALL_FLAG).long(ALL_FLAG).action(ArgAction::SetTrue).help(
                "Read every page, from the one the flags ask for to the last, and print every item as one JSON list.",
            ));
        }
        if !spec.waiters.is_empty() {
            let seconds = |name: &'static str, help: &'static str| {
                Arg::new(name)
                    .long(name)
                    .value_name("SECONDS")
                    .value_parser(clap::value_parser!(u64))
                    .requires(WAIT_FLAG)
                    .help(help)
            };
            command = command
                .arg(
                    Arg::new(WAIT_FLAG)
                        .long(WAIT_FLAG)
                        .value_name("STATE")
                        .value_parser(clap::builder::PossibleValuesParser::new(spec.waiters))
                        .help("Poll until the named waiter's states are reached, then print the last answer; exit code 4 on a failure state, 5 at the time limit."),
                )
                .arg(seconds(POLL_INTERVAL_FLAG, "Seconds between polls (default: the waiter's)."))
                .arg(seconds(WAIT_TIMEOUT_FLAG, "Seconds to wait in all (default: the waiter's)."));
        }
        root = root.subcommand(command);
    }
    root
}

/// The command line's own environment variable for a setting: `OMS_CA_BUNDLE` for `oms`.
pub fn env_name(cli: &Cli, setting: &str) -> String {
    let prefix: String =
        cli.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("{prefix}_{setting}")
}

fn arg(flag: &Flag) -> Arg {
    let mut arg = Arg::new(flag.flag).long(flag.flag).help(flag.help).required(flag.required);
    arg = match flag.kind {
        ValueKind::Text => arg.value_name("TEXT"),
        ValueKind::Bool => arg.value_name("BOOL").value_parser(["true", "false"]),
        ValueKind::Integer => arg.value_name("INTEGER").value_parser(|v: &str| v.parse::<i64>().map(|_| v.to_owned())),
        ValueKind::Number => arg.value_name("NUMBER").value_parser(|v: &str| v.parse::<f64>().map(|_| v.to_owned())),
        ValueKind::OneOf(values) => {
            arg.value_name("VALUE").value_parser(clap::builder::PossibleValuesParser::new(values))
        }
        ValueKind::Json => arg.value_name("JSON"),
    };
    if flag.repeated { arg.action(ArgAction::Append) } else { arg }
}

/// One parsed invocation: the subcommand, its flags, and the client configuration.
pub struct Invocation {
    command: &'static CommandSpec,
    matches: ArgMatches,
    config: Config,
}

impl Invocation {
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
    pub fn waiter(&self) -> Option<&str> {
        if self.command.waiters.is_empty() {
            return None;
        }
        self.matches.get_one::<String>(WAIT_FLAG).map(String::as_str)
    }

    /// `waiter`, with `--poll-interval` and `--wait-timeout` applied.
    pub fn wait<R: crate::Pollable>(&self, waiter: crate::Waiter<R>) -> crate::Waiter<R> {
        let seconds = |flag| self.matches.get_one::<u64>(flag).copied().map(std::time::Duration::from_secs);
        let waiter = match seconds(POLL_INTERVAL_FLAG) {
            Some(interval) => waiter.poll_interval(interval),
            None => waiter,
        };
        match seconds(WAIT_TIMEOUT_FLAG) {
            Some(timeout) => waiter.timeout(timeout),
            None => waiter,
        }
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

    /// The body from `--body` and the body flags; unknown fields are refused.
    pub fn body<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        read_known(Value::Object(self.body_fields()?.unwrap_or_default()))
    }

    /// As [`Invocation::body`], or `None` when neither `--body` nor a body flag was given.
    pub fn optional_body<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        self.body_fields()?.map(|fields| read_known(Value::Object(fields))).transpose()
    }

    /// A text body: what `--body FILE` (or `-` for standard input) holds, as it is.
    pub fn text_body(&self) -> Result<String, Error> {
        self.optional_text_body()?.ok_or_else(|| Error::Build("--body is required".into()))
    }

    pub fn optional_text_body(&self) -> Result<Option<String>, Error> {
        self.optional_binary_body()?
            .map(|body| String::from_utf8(body.data).map_err(|_| Error::Build("--body: expected UTF-8 text".into())))
            .transpose()
    }

    /// A body of bytes: what `--body FILE` (or `-` for standard input) holds.
    pub fn binary_body(&self) -> Result<Binary, Error> {
        self.optional_binary_body()?.ok_or_else(|| Error::Build("--body is required".into()))
    }

    pub fn optional_binary_body(&self) -> Result<Option<Binary>, Error> {
        let Some(source) = self.matches.get_one::<String>(BODY_FLAG) else { return Ok(None) };
        let data = read_source(source)?;
        let file_name = (source != "-")
            .then(|| std::path::Path::new(source).file_name().map(|name| name.to_string_lossy().into_owned()));
        Ok(Some(Binary { data, file_name: file_name.flatten(), content_type: None }))
    }

    fn body_fields(&self) -> Result<Option<Map<String, Value>>, Error> {
        let mut body = match self.matches.get_one::<String>(BODY_FLAG) {
            None => None,
            Some(source) => Some(read_body(source)?),
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
            body.get_or_insert_with(Map::new).insert(field.wire_name.to_owned(), value);
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

/// `--body FILE` or `--body -` (standard input): a JSON object.
fn read_body(source: &str) -> Result<Map<String, Value>, Error> {
    let text =
        String::from_utf8(read_source(source)?).map_err(|_| Error::Build("--body: expected UTF-8 text".into()))?;
    // serde_json's messages name the line and column, never the value.
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(Error::Build("--body: expected a JSON object".into())),
        Err(e) => Err(Error::Build(format!("--body is not valid JSON: {e}"))),
    }
}

/// Reads a body, refusing fields the spec does not define (at any depth).
fn read_known<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, Error> {
    let mut unknown = Vec::new();
    let read: Result<T, _> = serde_ignored::deserialize(value, |path| unknown.push(path.to_string()));
    if let Some(field) = unknown.first() {
        return Err(Error::Build(format!("body: unknown field `{field}`")));
    }
    read.map_err(|e| Error::Build(format!("body: {e}")))
}

/// What a command prints on success: the response body as JSON, secrets masked.
pub struct Output(Option<String>);

impl Output {
    pub fn of<T: serde::Serialize>(value: &T) -> Result<Output, Error> {
        let json = secret::redacted(|| serde_json::to_value(value))
            .map_err(|e| Error::Build(format!("cannot print the response: {e}")))?;
        if json.is_null() {
            return Ok(Output(None));
        }
        Ok(Output(Some(serde_json::to_string_pretty(&json).unwrap_or_default())))
    }
}

/// A command under way: its request, put together and checked, still to be sent.
pub type Pending = BoxFuture<'static, Result<Output, Error>>;

/// What a command prints: the answer `response` gives.
pub fn output<T: serde::Serialize + Send + 'static>(response: BoxFuture<'static, Result<T, Error>>) -> Pending {
    Box::pin(async move { Output::of(&response.await?) })
}

/// `--all`: every item of every page, printed as one list.
pub fn all_items<R: crate::Paginated>(request: R) -> Pending
where
    R::Item: serde::Serialize,
{
    Box::pin(async move { Output::of(&crate::Pages::new(request).items().collect().await?) })
}

/// `--wait`: the answer in the waiter's success state.
pub fn waited<R: crate::Pollable>(waiter: crate::Waiter<R>) -> Pending {
    Box::pin(async move { Output::of(&waiter.send().await?) })
}

/// Parses the process's arguments and runs the chosen command; returns the exit code.
///
/// `dispatch` reads the command's flags into its request and returns it under way; it is a plain
/// function, so that a command line of hundreds of operations is not one huge `async fn`.
pub fn main(cli: &'static Cli, dispatch: fn(Invocation) -> Result<Pending, Error>) -> ExitCode {
    // Warnings (certificate checks turned off, a failed credential refresh) show by default.
    let filter = tracing_subscriber::EnvFilter::builder()
        .with_default_directive(tracing_subscriber::filter::LevelFilter::WARN.into())
        .from_env_lossy();
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
    let matches = match command(cli).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { BAD_INPUT } else { 0 });
        }
    };
    let result = invocation(cli, matches).map(|invocation| {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        match runtime {
            Ok(runtime) => dispatch(invocation).and_then(|pending| runtime.block_on(pending)),
            Err(e) => Err(Error::Config(format!("cannot start the async runtime: {e}"))),
        }
    });
    match result.and_then(|outcome| outcome) {
        Ok(Output(Some(json))) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Ok(Output(None)) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(exit_code(&error))
        }
    }
}

fn invocation(cli: &'static Cli, matches: ArgMatches) -> Result<Invocation, Error> {
    let (name, sub) = matches.subcommand().ok_or_else(|| Error::Build("no command given".into()))?;
    let command =
        cli.commands.iter().find(|c| c.name == name).ok_or_else(|| Error::Build(format!("unknown command {name}")))?;
    let mut config = Config::new();
    if let Some(endpoint) = sub.get_one::<String>(ENDPOINT) {
        config = config.endpoint(endpoint);
    }
    if let Some(region) = sub.get_one::<String>(REGION) {
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
    for parameter in cli.client_parameters {
        if let Some(value) = sub.get_one::<String>(parameter.flag.flag) {
            config = config.client_parameter(parameter.name, value);
        }
    }
    // The platform's own credentials are found by the client; a generic API's token is the
    // command line's to read.
    if let Some(token) = cli.token_variable.and_then(|name| std::env::var(name).ok()).filter(|t| !t.is_empty()) {
        config = config.token(token);
    }
    Ok(Invocation { command, matches: sub.clone(), config })
}

pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Service(_) | Error::Decode { .. } | Error::ResponseTooLarge { .. } => SERVICE_ERROR,
        Error::Transport(_) => UNREACHABLE,
        Error::Wait(crate::WaitError::TimedOut { .. }) => WAIT_TIMED_OUT,
        Error::Wait(_) => WAIT_FAILED,
        _ => BAD_INPUT,
    }
}

fn report(error: &Error) {
    match error.service() {
        Some(service) => {
            eprintln!("error: the service answered {}", service.status);
            eprintln!("status: {}", service.status);
            eprintln!("request id: {}", service.request_id.as_deref().unwrap_or("none"));
            match (&service.error_code, &service.error_msg) {
                (Some(code), Some(message)) => {
                    eprintln!("error_code: {code}");
                    eprintln!("error_msg: {message}");
                }
                _ => eprintln!("body: {}", service.body),
            }
            if let Some(message) = &service.encoded_authorization_message {
                eprintln!("encoded_authorization_message: {message}");
            }
        }
        None => eprintln!("error: {error}"),
    }
}
