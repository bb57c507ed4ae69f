//! The clap command tree, built from the generated tables: global options, a subcommand per
//! operation listed by group, and the command line's own `completions` and `man`.

use std::fmt::Write as _;

use api_vocab::cli::{
    ALL_FLAG, BODY_FLAG, CA_BUNDLE, CONNECT_TIMEOUT, DRY_RUN, ENDPOINT, INSECURE, OUTPUT, POLL_INTERVAL_FLAG, PROXY,
    QUERY, REGION, RETRIES, TIMEOUT, WAIT_FLAG, WAIT_TIMEOUT_FLAG, WATCH_FLAG,
};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::exit::BAD_INPUT;
use super::tables::{Cli, CommandSpec, Flag, ValueKind};

/// `oms completions SHELL`: a completion script on standard output.
const COMPLETIONS: &str = "completions";
/// `oms man`: the manual page, in roff, on standard output.
const MAN: &str = "man";
/// The shells `completions` writes for.
const SHELLS: [&str; 4] = ["bash", "zsh", "fish", "powershell"];

/// The clap command for `cli`.
pub fn command(cli: &Cli) -> Command {
    let mut root = Command::new(cli.name)
        .about(cli.about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .help_template(help_template(cli));
    root = global_options(root, cli);
    root = match cli.token_variable {
        Some(variable) => root.after_help(format!("A token is read from {variable}.")),
        None => root.after_help(cli.service.platform.credentials_help()),
    };
    for spec in cli.commands {
        root = root.subcommand(subcommand(spec));
    }
    root.subcommand(
        Command::new(COMPLETIONS).about("Print a shell completion script.").arg(
            Arg::new("shell")
                .required(true)
                .value_parser(clap::builder::PossibleValuesParser::new(SHELLS))
                .help("The shell: bash, zsh, fish or powershell."),
        ),
    )
    .subcommand(Command::new(MAN).about("Print the manual page (roff), for `man -l -`."))
}

fn global_options(mut root: Command, cli: &Cli) -> Command {
    let global = |name: &'static str, help: &'static str| Arg::new(name).long(name).global(true).help(help);
    let seconds = |name: &'static str, help: &'static str| {
        global(name, help).value_name("SECONDS").env(env_name(cli, &name.replace('-', "_"))).value_parser(parse_seconds)
    };
    root = root.arg(global(ENDPOINT, "Send requests to this base URL instead of the spec's server.").value_name("URL"));
    if let Some(variable) = cli.service.server.as_ref().and_then(|server| server.region_variable()) {
        let example = variable.values.first().copied().unwrap_or(variable.default);
        let mut help = format!("The region whose endpoint to use (a region id, such as {example}).");
        if let Some(name) = variable.environment {
            help = format!("{help} [env: {name}]");
        }
        root = root.arg(global(REGION, "").help(help).value_name("ID"));
    }
    for parameter in cli.client_parameters {
        root = root.arg(arg(&parameter.flag).global(true));
    }
    root.arg(
        global(OUTPUT, "How to print the answer: json, yaml, table (one row per item of a list) or value (plain text, for scripts).")
            .value_name("FORMAT")
            .value_parser(["json", "yaml", "table", "value"])
            .default_value("json")
            .env(env_name(cli, "OUTPUT")),
    )
    .arg(
        global(QUERY, "")
            .help(format!("A JMESPath expression the answer is put through before printing: {}.", cli.query_examples))
            .value_name("EXPRESSION"),
    )
    .arg(
        global(DRY_RUN, "Print the request (signature and secrets masked) instead of sending it; credentials and client parameters may still be looked up.")
            .action(ArgAction::SetTrue),
    )
    .arg(seconds(TIMEOUT, "Seconds each request may take, from connecting to the last byte of the answer."))
    .arg(seconds(CONNECT_TIMEOUT, "Seconds to wait for a connection."))
    .arg(
        global(RETRIES, "How many times a failed request is tried again (0: never): one that did not reach the service, and, when the operation is safe to repeat, timeouts and 429, 500, 502, 503 and 504 answers.")
            .value_name("N")
            .env(env_name(cli, "RETRIES"))
            .value_parser(clap::value_parser!(u32).range(0..=20)),
    )
    .arg(
        global(PROXY, "Send every request through this proxy (http://[user:password@]host:port); without it, HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY apply.")
            .value_name("URL"),
    )
    .arg(
        global(CA_BUNDLE, "Trust the CA certificates in this PEM file as well as the system's.")
            .value_name("FILE")
            .env(env_name(cli, "CA_BUNDLE")),
    )
    .arg(global(INSECURE, "Accept any server certificate: for a private endpoint under test only.").action(ArgAction::SetTrue))
}

fn subcommand(spec: &CommandSpec) -> Command {
    let mut command = Command::new(spec.name).about(spec.about).long_about(spec.long_about);
    for flag in spec.parameters {
        command = command.arg(arg(flag));
    }
    if let Some(fields) = spec.body {
        command = command.arg(
            Arg::new(BODY_FLAG)
                .long(BODY_FLAG)
                .value_name("FILE")
                .help("The whole request body, read from FILE, or from standard input for `-`: JSON when the operation takes JSON (any value its schema allows; flags override an object's fields), else the bytes as they are. Secret fields come only this way."),
        );
        for field in fields {
            command = command.arg(arg(&field.flag));
        }
    }
    if spec.paginated {
        command =
            command.arg(Arg::new(ALL_FLAG).long(ALL_FLAG).action(ArgAction::SetTrue).help(
                "Read every page, from the one the flags ask for to the last, and print every item as one list.",
            ));
    }
    let seconds = |name: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name("SECONDS").value_parser(clap::value_parser!(u64).range(1..)).help(help)
    };
    if !spec.waiters.is_empty() {
        command = command
            .arg(
                Arg::new(WAIT_FLAG)
                    .long(WAIT_FLAG)
                    .value_name("STATE")
                    .value_parser(clap::builder::PossibleValuesParser::new(spec.waiters.iter().map(|w| w.value)))
                    .help("Poll until the named waiter's states are reached, showing progress on standard error, then print the last answer; exit code 4 on a failure state, 5 at the time limit, 130 on Ctrl-C (the work goes on)."),
            )
            .arg(seconds(WAIT_TIMEOUT_FLAG, "Seconds to wait in all (default: the waiter's).").requires(WAIT_FLAG));
    }
    if spec.watch {
        let mut watch = Arg::new(WATCH_FLAG)
            .long(WATCH_FLAG)
            .action(ArgAction::SetTrue)
            .help("Poll and show progress on standard error until the work is over (exit code 4 if it failed) or Ctrl-C, then print the last answer.");
        if !spec.waiters.is_empty() {
            watch = watch.conflicts_with(WAIT_FLAG);
        }
        command = command.arg(watch);
    }
    if spec.watch || !spec.waiters.is_empty() {
        command = command
            .arg(seconds(POLL_INTERVAL_FLAG, "Seconds between polls of --wait or --watch (default: the spec's)."));
    }
    command
}

/// The command line's own environment variable for a setting: `OMS_CA_BUNDLE` for `oms`.
pub fn env_name(cli: &Cli, setting: &str) -> String {
    let prefix: String =
        cli.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("{prefix}_{setting}").to_ascii_uppercase()
}

/// A number of seconds above zero, fractions allowed.
fn parse_seconds(value: &str) -> Result<std::time::Duration, String> {
    match value.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 1e9 => {
            Ok(std::time::Duration::from_secs_f64(seconds))
        }
        _ => Err("expected a number of seconds above 0".to_owned()),
    }
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

/// The root's help: the commands under their groups, in the spec's order, then the options.
fn help_template(cli: &Cli) -> String {
    let width = cli.commands.iter().map(|c| c.name.len()).chain([COMPLETIONS.len()]).max().unwrap_or(0);
    let mut listing = String::new();
    let mut section = |heading: &str, commands: &mut dyn Iterator<Item = (&str, &str)>| {
        let _ = writeln!(listing, "{heading}:");
        for (name, about) in commands {
            let _ = writeln!(listing, "  {name:<width$}  {about}");
        }
        listing.push('\n');
    };
    for group in cli.groups {
        let mut commands = cli.commands.iter().filter(|c| c.group == Some(group.name)).map(|c| (c.name, c.about));
        section(group.name, &mut commands);
    }
    let mut ungrouped = cli
        .commands
        .iter()
        .filter(|c| !cli.groups.iter().any(|group| c.group == Some(group.name)))
        .map(|c| (c.name, c.about))
        .peekable();
    if ungrouped.peek().is_some() {
        section(if cli.groups.is_empty() { "Commands" } else { "Other commands" }, &mut ungrouped);
    }
    section(
        "The command line itself",
        &mut [
            (COMPLETIONS, "Print a shell completion script."),
            (MAN, "Print the manual page."),
            ("help", "Print the help of a command."),
        ]
        .into_iter(),
    );
    // clap reads `{...}` in a template as its own tags.
    let listing = listing.replace('{', "{{").replace('}', "}}");
    format!(
        "{{before-help}}{{about-with-newline}}\n{{usage-heading}} {{usage}}\n\n{listing}Options:\n{{options}}{{after-help}}"
    )
}

/// Runs `completions` or `man` when one of them was asked for, giving the exit code.
pub(super) fn own_command(cli: &Cli, matches: &ArgMatches) -> Option<u8> {
    let (name, sub) = matches.subcommand()?;
    let mut text = Vec::new();
    match name {
        COMPLETIONS => {
            let shell = match sub.get_one::<String>("shell").map(String::as_str) {
                Some("bash") => clap_complete::Shell::Bash,
                Some("zsh") => clap_complete::Shell::Zsh,
                Some("fish") => clap_complete::Shell::Fish,
                _ => clap_complete::Shell::PowerShell,
            };
            clap_complete::generate(shell, &mut command(cli), cli.name, &mut text);
        }
        MAN => {
            // Rendering into memory cannot fail.
            let _ = clap_mangen::Man::new(command(cli)).render(&mut text);
        }
        _ => return None,
    }
    Some(match super::print::write_stdout(&text) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            BAD_INPUT
        }
    })
}
