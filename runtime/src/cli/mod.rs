//! The command line's machinery: clap commands built from the generated tables, request bodies from
//! `--body` and flags, answers printed as JSON, YAML, tables or plain values, progress while
//! polling, and the exit codes scripts rely on.
//!
//! Exit codes: 0 success; 1 the service answered with an error; 2 bad input (a spec rule broken, an
//! unknown or invalid field, a missing credential: nothing was sent); 3 the service could not be
//! reached; 4 the work waited for ended in failure; 5 the wait's time limit came first; 130
//! interrupted (Ctrl-C) while waiting.

mod command;
mod invocation;
mod print;
mod progress;
mod respond;

use std::process::ExitCode;

pub use clap;
pub use command::{command, env_name};
pub use invocation::Invocation;
pub use respond::{Pending, all_items, linked, respond, respond_then};

use crate::error::{Error, WaitError};
use crate::tables::Service;

pub const SERVICE_ERROR: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const UNREACHABLE: u8 = 3;
/// A waiter (`--wait`) ended in a failure state, or one it does not know; or the work `--watch`
/// showed ended in failure.
pub const WAIT_FAILED: u8 = 4;
/// A waiter (`--wait`) ran out of time while the work was still under way.
pub const WAIT_TIMED_OUT: u8 = 5;
/// Ctrl-C stopped a wait; the work itself goes on.
pub const INTERRUPTED: u8 = 130;

/// The whole command line, as the generator describes it.
pub struct Cli {
    pub name: &'static str,
    pub about: &'static str,
    /// The service the commands call: its platform says where credentials come from.
    pub service: &'static Service,
    /// A global flag per client-level parameter (`--project-id`).
    pub client_parameters: &'static [ClientParameterFlag],
    /// The groups `--help` lists the commands in, in order.
    pub groups: &'static [Group],
    pub commands: &'static [CommandSpec],
    /// The environment variable a token is read from when the platform finds no credentials.
    pub token_variable: Option<&'static str>,
}

/// A group of commands in `--help`.
pub struct Group {
    pub name: &'static str,
    pub about: &'static str,
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
    /// The group `--help` lists it under.
    pub group: Option<&'static str>,
    pub parameters: &'static [Flag],
    /// `None` when the operation takes no body.
    pub body: Option<&'static [BodyField]>,
    /// Whether the answers come in pages (`--all` reads them all).
    pub paginated: bool,
    /// The answer's field that holds a list's items (one table row each), when the spec says.
    pub items: Option<&'static str>,
    /// The waiters `--wait` can name: the operation's own, or those of the operation its success
    /// is followed by.
    pub waiters: &'static [WaiterFlag],
    /// What polling shows (`--wait`, `--watch`).
    pub progress: Option<&'static Progress>,
    /// Whether `--watch` polls the operation itself.
    pub watch: bool,
}

/// A value of `--wait` and the waiter it names.
pub struct WaiterFlag {
    pub value: &'static str,
    pub waiting: &'static crate::wait::Waiting,
}

/// What is shown while an operation is polled: its state and its counters, read from the answer
/// (fields as named on the wire).
pub struct Progress {
    pub state: Option<&'static str>,
    /// The first one draws the bar.
    pub counters: &'static [Counter],
    /// States (as JSON text) in which the work is over: `--watch` stops there.
    pub finished: &'static [&'static str],
    /// Those of `finished` that are failures.
    pub failed: &'static [&'static str],
    /// The default time between polls.
    pub interval: std::time::Duration,
}

/// An amount of work: done (the sum of `done`) of `total`, with `failed` failures.
pub struct Counter {
    pub name: &'static str,
    pub done: &'static [&'static str],
    pub total: Option<&'static str>,
    pub failed: Option<&'static str>,
    /// Counted in bytes (shown as KiB, MiB ...).
    pub bytes: bool,
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
    if let Some(code) = command::own_command(cli, &matches) {
        return ExitCode::from(code);
    }
    let result = Invocation::read(cli, &matches).and_then(|invocation| {
        let printer = invocation.printer()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the async runtime: {e}")))?;
        let outcome = dispatch(invocation).and_then(|pending| runtime.block_on(pending))?;
        Ok((printer, outcome))
    });
    match result {
        Ok((printer, outcome)) => match printer.print(&outcome.answer) {
            Ok(()) => ExitCode::from(outcome.code),
            Err(error) => {
                report(&error);
                ExitCode::from(BAD_INPUT)
            }
        },
        Err(error) => {
            report(&error);
            ExitCode::from(exit_code(&error))
        }
    }
}

pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Service(_) | Error::Decode { .. } | Error::ResponseTooLarge { .. } => SERVICE_ERROR,
        Error::Transport(_) => UNREACHABLE,
        Error::Wait(WaitError::TimedOut { .. }) => WAIT_TIMED_OUT,
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
