//! The command line from arguments to what a server on 127.0.0.1 receives: a command table and
//! requests written as generated code writes them, read and sent by this module's machinery.

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::command::command;
use super::exit::WAIT_FAILED;
use super::invocation::Invocation;
use super::print::Answer;
use super::respond::{Outcome, respond};
use super::tables::{BodyField, Cli, CommandSpec, Progress};
use crate::call::Call;
use crate::error::Error;
use crate::platform::Generic;
use crate::request::Request;
use crate::response::Response;
use crate::runtime::Runtime;
use crate::tables::{Auth, Location, Method, Operation, PathPart, Service};

static SERVICE: Service = Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "things/0" };

/// `GET /things`, with a token.
static LIST: Operation = Operation {
    name: "ListThings",
    method: Method::Get,
    path: &[PathPart::Literal("/things")],
    arguments: &[],
    auth: &[Auth::ApiKey { scheme: "token", location: Location::Header, name: "X-Token" }],
    idempotent: true,
};

/// `GET /job`, open to anyone: a job `--watch` polls.
static SHOW: Operation = Operation {
    name: "ShowJob",
    method: Method::Get,
    path: &[PathPart::Literal("/job")],
    arguments: &[],
    auth: &[],
    idempotent: true,
};

/// What `--watch` shows and stops on: `status` 6 is done, 4 failed.
static JOB: Progress =
    Progress { state: Some("status"), counters: &[], finished: &["6", "4"], failed: &["4"], interval: Duration::ZERO };

/// The environment variable the token is read from: never set where the tests run.
const TOKEN_VARIABLE: &str = "THINGS_TEST_TOKEN_NEVER_SET";

const fn spec(name: &'static str, body: Option<&'static [BodyField]>) -> CommandSpec {
    CommandSpec {
        name,
        about: "",
        long_about: "",
        group: None,
        parameters: &[],
        body,
        paginated: false,
        items: None,
        waiters: &[],
        progress: None,
        watch: false,
    }
}

static CLI: Cli = Cli {
    name: "things",
    about: "Things, from the command line.",
    service: &SERVICE,
    client_parameters: &[],
    groups: &[],
    commands: &[spec("list-things", None), CommandSpec { watch: true, progress: Some(&JOB), ..spec("show-job", None) }],
    token_variable: Some(TOKEN_VARIABLE),
};

/// A request as generated code builds one.
#[derive(Clone)]
struct Sent {
    runtime: Runtime,
    operation: &'static Operation,
}

impl Request for Sent {
    type Output = Value;

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        Ok(Call::new(self.operation))
    }

    fn read(response: Response) -> Result<Value, Error> {
        response.json()
    }
}

/// What the generated dispatcher does.
fn dispatch(invocation: Invocation) -> Result<super::Pending, Error> {
    let operation = match invocation.command() {
        "list-things" => &LIST,
        "show-job" => &SHOW,
        other => return Err(Error::Build(format!("no command {other}"))),
    };
    let runtime = Runtime::new(invocation.config(), &SERVICE)?;
    Ok(respond(invocation, Sent { runtime, operation }))
}

/// Runs `things ARGS --endpoint SERVER`.
async fn run(server: &MockServer, args: &[&str]) -> Result<Outcome, Error> {
    let endpoint = server.uri();
    let arguments = ["things"].iter().chain(args).copied().chain(["--endpoint", &endpoint]);
    let matches = command(&CLI).try_get_matches_from(arguments).map_err(|e| Error::Build(e.to_string()))?;
    let invocation = Invocation::read(&CLI, &matches)?;
    dispatch(invocation)?.await
}

#[tokio::test]
async fn a_call_without_the_token_says_which_variable_to_set() {
    let server = MockServer::start().await;
    let error = run(&server, &["list-things"]).await.err().expect("no token");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().ends_with(&format!("and the client has none: set {TOKEN_VARIABLE}")), "{error}");
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}

/// A job whose status the service writes as a float: `6.0` is the spec's `6`, and `4.0` its `4`.
#[tokio::test]
async fn watching_stops_on_a_state_written_as_a_float() {
    for (status, code) in [(6.0, 0), (4.0, WAIT_FAILED)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": status})))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        // A second poll would find the job gone.
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
        let outcome = run(&server, &["show-job", "--watch"]).await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(outcome.code, code, "{status}");
        assert!(matches!(outcome.answer, Answer::Json(ref answer) if *answer == json!({"status": status})));
        assert_eq!(server.received_requests().await.expect("recording is on").len(), 1, "{status}: polled once");
    }
}
