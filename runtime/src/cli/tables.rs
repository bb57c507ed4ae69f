//! The command line as the generator describes it: commands in groups, their flags and body
//! fields, the waiters `--wait` names, and what polling shows.

use crate::tables::Service;
use crate::wait::Waiting;

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
    /// Examples of `--query` on this API's answers, for its help: `` `status`, `items[].id` ``.
    pub query_examples: &'static str,
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
    pub waiting: &'static Waiting,
}

/// What is shown while an operation is polled: its state and its counters, read from the answer
/// (fields as named on the wire).
pub struct Progress {
    pub state: Option<&'static str>,
    /// The first one draws the bar.
    pub counters: &'static [Counter],
    /// States (as JSON text, compared as JSON values) in which the work is over: `--watch` stops
    /// there.
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
