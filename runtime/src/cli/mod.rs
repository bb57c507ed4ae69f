//! The command line's machinery: clap commands built from the generated tables, request bodies from
//! `--body` and flags, answers printed as JSON, YAML, tables or plain values (streamed answers item
//! by item as they arrive), progress while polling, and the exit codes scripts rely on.
//!
//! Exit codes: 0 success; 1 the service answered with an error; 2 bad input (a spec rule broken, an
//! unknown or invalid field, a missing credential: nothing was sent); 3 the service could not be
//! reached; 4 the work waited for ended in failure; 5 the wait's time limit came first; 130
//! interrupted (Ctrl-C) while waiting.

// Layering inside, from the bottom: tables, exit, json_body and query use no other part of the
// command line; print -> query; progress -> tables; invocation -> json_body, print, tables;
// command -> exit, print, tables; respond -> exit, invocation, print, progress; stream -> exit,
// invocation, print, respond; this module (`main`) -> any of them.

mod command;
mod exit;
mod invocation;
mod json_body;
mod print;
mod progress;
mod query;
mod respond;
mod stream;
mod tables;
#[cfg(test)]
mod tests;

use std::process::ExitCode;

pub use clap;
pub use command::{command, env_name};
pub use exit::{BAD_INPUT, INTERRUPTED, SERVICE_ERROR, UNREACHABLE, WAIT_FAILED, WAIT_TIMED_OUT, exit_code};
pub use invocation::Invocation;
pub use respond::{Pending, all_items, linked, respond, respond_then};
pub use stream::{ShownItems, download, respond_streamed};
pub use tables::{
    BodyField, Cli, ClientParameterFlag, CommandSpec, Counter, Flag, Group, Progress, ValueKind, WaiterFlag,
};

use crate::error::Error;

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
