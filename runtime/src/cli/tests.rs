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
use super::tables::{BodyField, Cli, CommandSpec, Flag, Progress, ValueKind};
use crate::binary::Binary;
use crate::call::Call;
use crate::error::Error;
use crate::platform::Generic;
use crate::request::Request;
use crate::response::Response;
use crate::runtime::Runtime;
use crate::tables::{Auth, Location, Method, Operation, PathPart, Service};

static SERVICE: Service = Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "things/0" };

/// `POST /things`, open to anyone.
static SEND: Operation = Operation {
    name: "Send",
    method: Method::Post,
    path: &[PathPart::Literal("/things")],
    arguments: &[],
    auth: &[],
    idempotent: false,
    accept: None,
};

/// `GET /things`, with a token.
static LIST: Operation = Operation {
    name: "ListThings",
    method: Method::Get,
    path: &[PathPart::Literal("/things")],
    arguments: &[],
    auth: &[Auth::ApiKey { scheme: "token", location: Location::Header, name: "X-Token" }],
    idempotent: true,
    accept: None,
};

/// `GET /job`, open to anyone: a job `--watch` polls.
static SHOW: Operation = Operation {
    name: "ShowJob",
    method: Method::Get,
    path: &[PathPart::Literal("/job")],
    arguments: &[],
    auth: &[],
    idempotent: true,
    accept: None,
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
    commands: &[
        // A JSON object body with a flag for its `name`.
        spec("send-object", Some(&[BodyField { wire_name: "name", flag: Flag::new("name", "", ValueKind::Text) }])),
        // JSON bodies of other types: no body flags.
        spec("send-list", Some(&[])),
        spec("send-things", Some(&[])),
        spec("send-string", Some(&[])),
        spec("send-number", Some(&[])),
        spec("send-boolean", Some(&[])),
        // `text/plain` and `application/x-ndjson` bodies.
        spec("send-text", Some(&[])),
        spec("send-lines", Some(&[])),
        spec("list-things", None),
        CommandSpec { watch: true, progress: Some(&JOB), ..spec("show-job", None) },
    ],
    token_variable: Some(TOKEN_VARIABLE),
    query_examples: "`name`, `things[].name`",
};

/// A JSON object body, as a model.
#[derive(serde::Deserialize, serde::Serialize)]
struct Thing {
    name: String,
    size: Option<u32>,
}

/// A request as generated code builds one: the operation, and the body read as its type.
#[derive(Debug, Clone)]
struct Sent {
    runtime: Runtime,
    operation: &'static Operation,
    body: Option<Body>,
}

#[derive(Debug, Clone)]
enum Body {
    Json(Value),
    Text(String),
    Lines(Binary),
}

impl Request for Sent {
    type Output = Value;

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        let call = Call::new(self.operation);
        match &self.body {
            None => Ok(call),
            Some(Body::Json(value)) => call.json("application/json", value),
            Some(Body::Text(text)) => call.text("text/plain", text),
            Some(Body::Lines(lines)) => call.binary("application/x-ndjson", lines),
        }
    }

    fn read(response: Response) -> Result<Value, Error> {
        response.json()
    }
}

/// What the generated dispatcher does: each command reads its body as its type.
fn dispatch(invocation: Invocation) -> Result<super::Pending, Error> {
    let (operation, body) = match invocation.command() {
        "send-object" => (&SEND, Some(json::<Thing>(&invocation)?)),
        "send-list" => (&SEND, Some(json::<Vec<String>>(&invocation)?)),
        "send-things" => (&SEND, Some(json::<Vec<Thing>>(&invocation)?)),
        "send-string" => (&SEND, Some(json::<String>(&invocation)?)),
        "send-number" => (&SEND, Some(json::<f64>(&invocation)?)),
        "send-boolean" => (&SEND, invocation.optional_body::<bool>()?.map(|value| Body::Json(json!(value)))),
        "send-text" => (&SEND, Some(Body::Text(invocation.text_body()?))),
        "send-lines" => (&SEND, Some(Body::Lines(invocation.binary_body()?))),
        "list-things" => (&LIST, None),
        "show-job" => (&SHOW, None),
        other => return Err(Error::Build(format!("no command {other}"))),
    };
    let runtime = Runtime::new(invocation.config(), &SERVICE)?;
    Ok(respond(invocation, Sent { runtime, operation, body }))
}

/// The body read as a `T`, then encoded as JSON.
fn json<T: serde::de::DeserializeOwned + serde::Serialize>(invocation: &Invocation) -> Result<Body, Error> {
    let value = serde_json::to_value(invocation.body::<T>()?).map_err(|e| Error::Build(e.to_string()))?;
    Ok(Body::Json(value))
}

/// Runs `things ARGS --endpoint SERVER`.
async fn run(server: &MockServer, args: &[&str]) -> Result<Outcome, Error> {
    let endpoint = server.uri();
    let arguments = ["things"].iter().chain(args).copied().chain(["--endpoint", &endpoint]);
    let matches = command(&CLI).try_get_matches_from(arguments).map_err(|e| Error::Build(e.to_string()))?;
    let invocation = Invocation::read(&CLI, &matches)?;
    dispatch(invocation)?.await
}

/// A server that answers every request `{}` and records them.
async fn recording_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    server
}

/// The one request `server` received: its content type and body.
async fn received(server: &MockServer) -> (String, Vec<u8>) {
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "one request");
    let content_type = requests[0].headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    (content_type.to_owned(), requests[0].body.clone())
}

/// A file holding `contents`, removed when dropped.
fn file(contents: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::io::Write::write_all(&mut file, contents).expect("written");
    file
}

fn path(file: &tempfile::NamedTempFile) -> &str {
    file.path().to_str().expect("a UTF-8 path")
}

#[tokio::test]
async fn a_json_body_is_any_value_its_type_takes() {
    let cases: [(&str, &str, Value); 5] = [
        ("send-list", r#"["a", "b"]"#, json!(["a", "b"])),
        ("send-string", r#""plain words""#, json!("plain words")),
        ("send-number", "2.5", json!(2.5)),
        ("send-boolean", "false", json!(false)),
        ("send-object", r#"{"name": "n", "size": 3}"#, json!({"name": "n", "size": 3})),
    ];
    for (name, given, sent) in cases {
        let server = recording_server().await;
        let body = file(given.as_bytes());
        let outcome = run(&server, &[name, "--body", path(&body)]).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(outcome.code, 0);
        let (content_type, bytes) = received(&server).await;
        assert_eq!(content_type, "application/json;charset=utf-8", "{name}");
        assert_eq!(serde_json::from_slice::<Value>(&bytes).expect("JSON"), sent, "{name}");
    }
}

#[tokio::test]
async fn flags_set_fields_of_an_object_body_only() {
    let server = recording_server().await;
    let body = file(br#"{"name": "from the file", "size": 3}"#);
    run(&server, &["send-object", "--body", path(&body), "--name", "from the flag"]).await.expect("sent");
    let (_, bytes) = received(&server).await;
    assert_eq!(serde_json::from_slice::<Value>(&bytes).expect("JSON"), json!({"name": "from the flag", "size": 3}));

    let server = recording_server().await;
    let list = file(br#"["a"]"#);
    let error = run(&server, &["send-object", "--body", path(&list), "--name", "n"]).await.err().expect("refused");
    assert_eq!(
        error.to_string(),
        "cannot build the request: --name sets a field of an object body, but --body holds an array"
    );
    assert!(server.received_requests().await.expect("recording is on").is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_body_its_type_does_not_take_is_refused() {
    let server = recording_server().await;
    // An object is not a list, nor the other way round.
    for (given, kind) in [(r#"["n", 3]"#, "an array"), (r#""n""#, "a string"), ("null", "null")] {
        let error = run(&server, &["send-object", "--body", path(&file(given.as_bytes()))]).await.err().expect(given);
        assert_eq!(error.to_string(), format!("cannot build the request: body: expected an object, not {kind}"));
    }
    // serde would read an array into an object field by field, in order.
    let nested = file(br#"[{"name": "n"}, ["m", 1]]"#);
    let error = run(&server, &["send-things", "--body", path(&nested)]).await.err().expect("refused");
    assert_eq!(error.to_string(), "cannot build the request: body[1]: expected an object, not an array");
    let object = file(br#"{"name": "n"}"#);
    let error = run(&server, &["send-list", "--body", path(&object)]).await.err().expect("refused");
    assert!(error.to_string().contains("body: invalid type: map"), "{error}");
    let unknown = file(br#"{"name": "n", "colour": "red"}"#);
    let error = run(&server, &["send-object", "--body", path(&unknown)]).await.err().expect("refused");
    assert!(error.to_string().contains("body: unknown field `colour`"), "{error}");
    let error = run(&server, &["send-list"]).await.err().expect("refused");
    assert_eq!(error.to_string(), "cannot build the request: --body is required");
    let error = run(&server, &["send-number", "--body", path(&file(b"2.5 and more"))]).await.err().expect("refused");
    assert!(error.to_string().contains("--body is not valid JSON"), "{error}");
    assert!(server.received_requests().await.expect("recording is on").is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_optional_body_left_out_sends_none() {
    let server = recording_server().await;
    run(&server, &["send-boolean"]).await.expect("sent");
    let (_, bytes) = received(&server).await;
    assert!(bytes.is_empty());
}

#[tokio::test]
async fn text_and_other_bodies_are_the_file_as_it_is() {
    let server = recording_server().await;
    let text = file(b"line one\n  line two, not JSON\n");
    run(&server, &["send-text", "--body", path(&text)]).await.expect("sent");
    assert_eq!(received(&server).await, ("text/plain".to_owned(), b"line one\n  line two, not JSON\n".to_vec()));

    let server = recording_server().await;
    let lines = b"{\"a\": 1}\n{\"a\": 2}\n";
    run(&server, &["send-lines", "--body", path(&file(lines))]).await.expect("sent");
    assert_eq!(received(&server).await, ("application/x-ndjson".to_owned(), lines.to_vec()));
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

#[test]
fn global_flags_and_their_help_come_from_the_api() {
    let mut root = command(&CLI);
    let help = root.render_long_help().to_string();
    assert!(help.contains("`name`, `things[].name`"), "{help}");
    assert!(!help.contains("taskgroups"), "no other API's fields: {help}");
    // The API has no region variable: no `--region` to set.
    assert!(!help.contains("--region"), "{help}");
}
