//! Contract tests: every operation of several specs is sent through the spec's generated command
//! line, with values made from its schemas (optional parameters and body fields too), to Prism, a
//! mock server that validates each request against the spec and answers with the spec's example;
//! the request must pass and the answer must be decoded (the command exits 0). An answer the
//! spec's own example makes, which breaks the spec, must be refused by the client with a clear
//! error; it is counted apart. Specs whose path keys Prism cannot route (`/#Action=AssumeRole`)
//! are sent to a recording server instead, and what arrived is compared with what the spec
//! requires. A Huawei Cloud spec's requests are also recorded, to check what signing adds.
//!
//! Each spec also gets one deliberately wrong request, which must be refused (by Prism, or by
//! the client before sending), so that the check is known to catch what it is for.
//!
//! Prism comes from the npm registry (`.ci/run` installs it under `target/prism`; `PRISM` may
//! name another copy). Without it the tests say once that they were skipped, and pass; with
//! `CI=true` they fail.

mod client;
mod commands;
mod prism;
mod recorder;
mod report;
mod values;
mod wire;
mod wrong;

#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::scratch::{Scratch, say_once, target_dir, under_ci};
use common::workspace;
use generator::ir::{self, Platform};
use serde_json::Value;

use client::{ACCESS_KEY, Client, Run};
use commands::Command;
use prism::Prism;
use recorder::Recorder;
use report::{Outcome, Report, first_line, judge, shortened};
use values::Values;
use wrong::{WrongRequest, wrong_request};

/// A spec under contract.
struct Contract {
    /// The spec's path, from the workspace (`spec/oms.yaml`) or from `../shared/specs`.
    spec: SpecFile,
    /// What checks the requests.
    server: Server,
    /// Operations left out, by command name, with the reason: what the check cannot do.
    excluded: &'static [(&'static str, &'static str)],
    /// Operations that fall short because of a client bug, by command name, with the bug: they
    /// are run, and excluded while they fall short.
    client_bugs: &'static [(&'static str, &'static str)],
}

#[derive(Clone, Copy)]
enum SpecFile {
    Workspace(&'static str),
    Shared(&'static str),
    /// The spec `CONTRACT_SPEC` names: a user's own.
    Named,
}

/// The variable naming a spec of the user's to check.
const CONTRACT_SPEC: &str = "CONTRACT_SPEC";

enum Server {
    /// Prism validates each request and answers with the spec's example.
    Prism,
    /// A recording server takes each request, which is then compared with the spec; the reason
    /// Prism cannot check them.
    Recorder(&'static str),
}

/// Why the AWS specs are sent to a recording server.
const AWS_PATH_KEYS: &str = "Prism cannot route path keys holding a fragment (`/#Action=AssumeRole`)";

/// The client sends `Accept: */*` although it reads only JSON answers; Prism then answers in the
/// first media type the spec lists.
const ACCEPTS_ANY: &str = "client bug: it accepts any media type (`Accept: */*`) but reads only JSON";
/// A JSON body under the media range `*/*` is sent with `Content-Type: */*`.
const WILDCARD_CONTENT_TYPE: &str = "client bug: a JSON body of the media range `*/*` is sent as `Content-Type: */*`";

const OMS: Contract =
    Contract { spec: SpecFile::Workspace("spec/oms.yaml"), server: Server::Prism, excluded: &[], client_bugs: &[] };
const PETSTORE_EXPANDED: Contract = Contract {
    spec: SpecFile::Shared("petstore-expanded.yaml"),
    server: Server::Prism,
    excluded: &[],
    client_bugs: &[],
};
const USPTO: Contract =
    Contract { spec: SpecFile::Shared("uspto.yaml"), server: Server::Prism, excluded: &[], client_bugs: &[] };
/// An array request body (`createUsersWithListInput`), an API key (`api_key`), a binary upload.
const PETSTORE3: Contract = Contract {
    spec: SpecFile::Shared("corpus/petstore3.yaml"),
    server: Server::Prism,
    excluded: &[],
    client_bugs: &[("login-user", ACCEPTS_ANY)],
};
/// HTTP bearer tokens, tagged unions, multipart bodies.
const ABLY_CONTROL: Contract = Contract {
    spec: SpecFile::Shared("corpus/ably-control.yaml"),
    server: Server::Prism,
    excluded: &[],
    client_bugs: &[],
};
/// Answers in several media types, JSON not the first; bodies of the media range `*/*`.
const K8S_COORDINATION: Contract = Contract {
    spec: SpecFile::Shared("corpus/k8s-coordination-v1.json"),
    server: Server::Prism,
    excluded: &[],
    client_bugs: &[
        ("get-coordination-v1api-resources", ACCEPTS_ANY),
        ("list-coordination-v1-lease-for-all-namespaces", ACCEPTS_ANY),
        ("list-coordination-v1-namespaced-lease", ACCEPTS_ANY),
        ("create-coordination-v1-namespaced-lease", WILDCARD_CONTENT_TYPE),
        ("delete-coordination-v1-collection-namespaced-lease", WILDCARD_CONTENT_TYPE),
        ("read-coordination-v1-namespaced-lease", ACCEPTS_ANY),
        ("replace-coordination-v1-namespaced-lease", WILDCARD_CONTENT_TYPE),
        ("delete-coordination-v1-namespaced-lease", WILDCARD_CONTENT_TYPE),
        ("patch-coordination-v1-namespaced-lease", ACCEPTS_ANY),
        ("watch-coordination-v1-lease-list-for-all-namespaces", ACCEPTS_ANY),
        ("watch-coordination-v1-namespaced-lease-list", ACCEPTS_ANY),
        ("watch-coordination-v1-namespaced-lease", ACCEPTS_ANY),
    ],
};
const AWS_STS: Contract = Contract {
    spec: SpecFile::Shared("corpus/amazonaws_com-sts-2011-06-15.yaml"),
    server: Server::Recorder(AWS_PATH_KEYS),
    excluded: &[],
    client_bugs: &[],
};
const AWS_MONITORING: Contract = Contract {
    spec: SpecFile::Shared("corpus/amazonaws_com-monitoring-2010-08-01.yaml"),
    server: Server::Recorder(AWS_PATH_KEYS),
    excluded: &[],
    client_bugs: &[],
};

/// The spec `CONTRACT_SPEC` names, if it names one.
const NAMED: Contract = Contract { spec: SpecFile::Named, server: Server::Prism, excluded: &[], client_bugs: &[] };

const CONTRACTS: [&Contract; 9] =
    [&OMS, &PETSTORE_EXPANDED, &USPTO, &PETSTORE3, &ABLY_CONTROL, &K8S_COORDINATION, &AWS_STS, &AWS_MONITORING, &NAMED];

#[test]
fn oms() {
    check(&OMS);
}

#[test]
fn petstore_expanded() {
    check(&PETSTORE_EXPANDED);
}

#[test]
fn uspto() {
    check(&USPTO);
}

#[test]
fn petstore3() {
    check(&PETSTORE3);
}

#[test]
fn ably_control() {
    check(&ABLY_CONTROL);
}

#[test]
fn k8s_coordination() {
    check(&K8S_COORDINATION);
}

#[test]
fn aws_sts() {
    check(&AWS_STS);
}

#[test]
fn aws_monitoring() {
    check(&AWS_MONITORING);
}

/// A user's own spec, named by `CONTRACT_SPEC`; without it there is nothing to check.
#[test]
fn named_spec() {
    if std::env::var_os(CONTRACT_SPEC).is_some() {
        check(&NAMED);
    }
}

/// Without Prism the tests pass, saying once, where a passing run shows it, that they were
/// skipped; under CI they fail. Run as `cargo test` runs them, in a process of their own, with
/// `PRISM` naming a file that is not there.
#[test]
fn without_prism_they_say_they_were_skipped() {
    let nowhere = std::env::temp_dir().join(format!("no-prism-{}", std::process::id())).join("prism");
    let run = |ci: Option<&str>| {
        let mut command = std::process::Command::new(std::env::current_exe().expect("this test's binary"));
        command.args(["oms", "--exact"]).env("PRISM", &nowhere).env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        command.output().expect("the test binary runs")
    };
    let passing = run(None);
    let stderr = String::from_utf8_lossy(&passing.stderr);
    assert!(passing.status.success(), "{stderr}");
    let said: Vec<&str> = stderr.lines().filter(|line| line.starts_with("note:")).collect();
    assert_eq!(said.len(), 1, "one line: {stderr}");
    for part in ["contract tests were skipped", "Prism is not installed", "@stoplight/prism-cli@5.16.0", "CI=true"] {
        assert!(said[0].contains(part), "{part}: {}", said[0]);
    }
    let under_ci = run(Some("true"));
    assert!(!under_ci.status.success(), "CI=true makes the absence an error");
    assert!(String::from_utf8_lossy(&under_ci.stdout).contains("Prism is not installed"));
}

impl SpecFile {
    fn path(self) -> PathBuf {
        match self {
            SpecFile::Workspace(path) => workspace().join(path),
            SpecFile::Shared(path) => workspace().join("../shared/specs").join(path),
            // A relative path is read from the workspace, where `cargo test` is typed.
            SpecFile::Named => std::env::var_os(CONTRACT_SPEC).map(|path| workspace().join(path)).unwrap_or_default(),
        }
    }

    /// The generated crate's name: `contract_petstore3` (`contract_named_spec` for a user's).
    fn crate_name(self) -> String {
        if let SpecFile::Named = self {
            return "contract_named_spec".to_owned();
        }
        let stem = self.path().file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let name: String =
            stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
        format!("contract_{name}")
    }
}

/// Prism, or `None` once it was said that the tests are skipped without it; under CI its
/// absence fails the test.
fn prism() -> Option<PathBuf> {
    let found = prism::find(&workspace());
    if found.is_none() {
        assert!(!under_ci(), "Prism is not installed, and CI=true requires the contract tests to run");
        say_once(
            "note: the contract tests were skipped: Prism is not installed (`npm install --prefix target/prism \
             @stoplight/prism-cli@5.16.0`, or name it in PRISM; with CI=true its absence is an error)",
        );
    }
    found
}

/// The command lines of every contract whose spec is there, built once for all tests.
fn built() -> &'static Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut scratch = Scratch::new("contract-crates");
        for contract in CONTRACTS.iter().filter(|contract| contract.spec.path().is_file()) {
            scratch.add(&contract.spec.crate_name(), &contract.spec.path(), &[])?;
        }
        let output = scratch.cargo(&["build", "--bins", "--features", "cli"]);
        if !output.status.success() {
            return Err(format!(
                "the generated command lines do not build:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(())
    })
}

/// Reads the spec as the generator does: the document (upgraded to 3.0's shape) and the
/// intermediate form the crate is generated from.
fn read(spec: &Path, crate_name: &str) -> (Value, ir::Api) {
    let name = spec.display().to_string();
    let mut documents = generator::parse::Documents::file(spec, &name).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let parsed = generator::parse::parse_documents(&mut documents).unwrap_or_else(|e| panic!("{name}: {e}"));
    let api = generator::lower::lower(&parsed, crate_name).unwrap_or_else(|e| panic!("{name}: {e}")).api;
    (parsed.raw, api)
}

fn check(contract: &Contract) {
    let Some(prism_path) = prism() else { return };
    let spec = contract.spec.path();
    if !spec.is_file() {
        assert!(
            !matches!(contract.spec, SpecFile::Named),
            "{CONTRACT_SPEC} names {}, which is not a file",
            spec.display()
        );
        assert!(!under_ci(), "{} is missing", spec.display());
        say_once(&format!(
            "note: {} is absent, so its contract test was skipped (with CI=true its absence is an error)",
            spec.display()
        ));
        return;
    }
    if let Err(error) = built() {
        panic!("{error}");
    }
    let crate_name = contract.spec.crate_name();
    let (document, api) = read(&spec, &crate_name);
    let values = Values::new(&document);
    let binary = target_dir().join("debug").join(&crate_name);
    let client = Client::new(&api, &document, &values, binary, target_dir().join("contract-home"));
    let mut report = Report::new(&spec, api.operations.len());
    let mut planned = Vec::new();
    for operation in &api.operations {
        let name = &operation.command.name;
        if let Some((_, reason)) = contract.excluded.iter().find(|(excluded, _)| excluded == name) {
            report.record(name, Outcome::Excluded((*reason).to_owned()), None);
            continue;
        }
        let known_bug = contract.client_bugs.iter().find(|(listed, _)| listed == name).map(|(_, bug)| *bug);
        match Command::for_operation(operation, &document, &values) {
            Ok(command) => planned.push(Planned { operation, command, known_bug }),
            Err(error) => report.record(name, Outcome::Failed(format!("no values: {error}")), known_bug),
        }
    }
    let subject = Subject { api: &api, document: &document, values: &values, client: &client, planned };
    match contract.server {
        Server::Prism => against_prism(&subject, &prism_path, &spec, &mut report),
        Server::Recorder(why) => against_recorder(&subject, why, &mut report),
    }
    report.finish();
}

/// A spec's generated client, and the commands planned for its operations.
struct Subject<'a> {
    api: &'a ir::Api,
    document: &'a Value,
    values: &'a Values<'a>,
    client: &'a Client,
    planned: Vec<Planned<'a>>,
}

/// An operation's command, and the client bug it is known to fall short by, if any.
struct Planned<'a> {
    operation: &'a ir::Operation,
    command: Command,
    known_bug: Option<&'static str>,
}

/// Every command sent to Prism, then (for Huawei Cloud) to a recording server for its signing,
/// then the wrong request.
fn against_prism(subject: &Subject, prism_path: &Path, spec: &Path, report: &mut Report) {
    let mut prism = Prism::start(prism_path, spec).unwrap_or_else(|e| panic!("{e}"));
    let mut passed = Vec::new();
    for Planned { command, known_bug, .. } in &subject.planned {
        let run = subject.client.run(&prism.endpoint(), command);
        let outcome = judge(&run, &prism.verdict().unwrap_or_else(|e| panic!("{e}")));
        if matches!(outcome, Outcome::Accepted) {
            passed.push(command);
        }
        report.record(&command.name, outcome, *known_bug);
    }
    if let Platform::HuaweiCloud { .. } = subject.api.platform {
        check_signing(subject.client, &passed, report);
    }
    let wrong = wrong_request(&subject.or_all(passed), subject.values, true).expect("a request that can be made wrong");
    let run = subject.client.run(&prism.endpoint(), &wrong.command);
    let verdict = prism.verdict().unwrap_or_else(|e| panic!("{e}"));
    refused(&wrong, &run, &verdict.request_violations, 0, report);
}

/// Every command sent to a recording server and what arrived compared with the spec, then the
/// wrong request.
fn against_recorder(subject: &Subject, why: &str, report: &mut Report) {
    let mut recorder = Recorder::start("text/xml", "<Response/>");
    let mut passed = Vec::new();
    for Planned { operation, command, known_bug } in &subject.planned {
        let run = subject.client.run(&recorder.endpoint(), command);
        let outcome = recorded(operation, command, subject.client, &run, &recorder.take(), subject.document);
        if !matches!(outcome, Outcome::Failed(_)) {
            passed.push(command);
        }
        report.record(&command.name, outcome, *known_bug);
    }
    report.note(format!(
        "{}/{} requests as the spec requires, checked by a recording server: {why}",
        passed.len(),
        subject.api.operations.len()
    ));
    let wrong =
        wrong_request(&subject.or_all(passed), subject.values, false).expect("a request that can be made wrong");
    let run = subject.client.run(&recorder.endpoint(), &wrong.command);
    let arrived = recorder.take().len();
    refused(&wrong, &run, &[], arrived, report);
}

impl Subject<'_> {
    /// The commands that passed, to make a wrong request of; every command when none did.
    fn or_all<'c>(&'c self, passed: Vec<&'c Command>) -> Vec<&'c Command> {
        if passed.is_empty() { self.planned.iter().map(|planned| &planned.command).collect() } else { passed }
    }
}

/// A request a recording server took, against the spec. Its answer, the server's own, is read
/// as the client reads the spec's answers: one the spec gives as XML is excluded while the
/// client reads XML as text; once it decodes XML, the server must answer with the spec's example.
fn recorded(
    operation: &ir::Operation,
    command: &Command,
    client: &Client,
    run: &Run,
    received: &[wiremock::Request],
    document: &Value,
) -> Outcome {
    if run.code != Some(0) {
        return Outcome::Failed(format!("exit {:?}: {}", run.code, shortened(&run.stderr)));
    }
    let checked = match received {
        [request] => wire::check(operation, command, &client.client_values, client.token.as_deref(), request),
        other => Err(vec![format!("{} requests arrived", other.len())]),
    };
    if let Err(found) = checked {
        return Outcome::Failed(found.join("; "));
    }
    let answers_xml = success_media_types(operation, document).iter().any(|media| media.contains("xml"));
    match (&operation.response.body, answers_xml) {
        (ir::ResponseBody::Text, true) => Outcome::Excluded(
            "its answer is XML, which the client reads as text, not decoded into the spec's types yet \
             (its request is as the spec requires)"
                .into(),
        ),
        (ir::ResponseBody::Json(_), true) => Outcome::Failed(
            "XML answers are decoded now: the recording server must answer with the spec's example as XML".into(),
        ),
        (other, true) => Outcome::Failed(format!("its XML answer is read as {other:?}")),
        (ir::ResponseBody::Empty, false) => Outcome::Accepted,
        (_, false) => Outcome::Failed("its answer is not XML: check it with Prism".into()),
    }
}

/// Each request that Prism accepted of a Huawei Cloud spec, sent once more to a recording
/// server: Prism does not check signatures, but every request must carry what AK/SK signing adds.
fn check_signing(client: &Client, passed: &[&Command], report: &mut Report) {
    let mut recorder = Recorder::start("application/json", "{}");
    let project_id =
        client.client_values.iter().find(|(name, _)| name == "project_id").map(|(_, value)| value.as_str());
    for command in passed {
        client.run(&recorder.endpoint(), command);
        let signed = match recorder.take().as_slice() {
            [request] => wire::check_huawei_signing(request, ACCESS_KEY, project_id),
            other => Err(vec![format!("{} requests arrived", other.len())]),
        };
        if let Err(found) = signed {
            report.fail(&command.name, format!("signing: {}", found.join("; ")));
        }
    }
    report.note(format!(
        "{} requests carry X-Sdk-Date, X-Project-Id and an SDK-HMAC-SHA256 signature of the access key, \
         checked by a recording server (Prism does not check signatures)",
        passed.len()
    ));
}

/// The wrong request must be refused, naming what is wrong: by the client before sending
/// (exit 2, nothing `arrived` at a recording server), or by Prism (its `violations`).
fn refused(wrong: &WrongRequest, run: &Run, violations: &[String], arrived: usize, report: &mut Report) {
    // Prism writes parameter names in lower case.
    let names = |said: &str| wrong.names.iter().any(|name| said.to_lowercase().contains(&name.to_lowercase()));
    let said = match run.code {
        Some(2) if arrived == 0 && names(&run.stderr) => format!("refused by the client: {}", first_line(&run.stderr)),
        Some(1) if violations.iter().any(|violation| names(violation)) => {
            format!("refused by Prism: {}", violations.join("; "))
        }
        code => {
            return report.fail(
                &wrong.command.name,
                format!(
                    "the wrong request ({}) was not refused for what is wrong with it: exit {code:?}, {arrived} \
                     requests arrived, Prism: {violations:?}, {}",
                    wrong.what,
                    shortened(&run.stderr)
                ),
            );
        }
    };
    report.note(format!("wrong request ({}): {said}", wrong.what));
}

/// The media types of an operation's success answers, as the spec writes them.
fn success_media_types(operation: &ir::Operation, document: &Value) -> Vec<String> {
    let method = operation.method.as_str().to_ascii_lowercase();
    let responses = document
        .get("paths")
        .and_then(|paths| paths.get(&operation.path_template)?.get(&method)?.get("responses")?.as_object().cloned())
        .unwrap_or_default();
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(_, response)| response.get("content")?.as_object())
        .flat_map(|content| content.keys().cloned())
        .collect()
}
