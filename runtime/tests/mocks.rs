//! Clients answered by mocks: typed rules matched by their conditions and answering in order,
//! recorded exchanges, and the rest of the client (validation, retries, waiters, streamed
//! answers) running on their answers as on the service's. The operations are described to the
//! runtime directly, and their requests written by hand as the generator writes them.
#![cfg(feature = "test-util")]

use std::time::Duration;

use client_runtime::codegen::{
    Argument, Auth, Call, Generic, Location, Method, Operation, PathPart, Receive, Request, Response, Rule as Check,
    Runtime, Server, Service, Style, Variable, Waiting,
};
use client_runtime::mock::{HttpAnswer, Mocks, Recordings, Rule};
use client_runtime::{Config, Error, EventStream, JsonStream, RetryPolicy, Secret, WaitError, Waiter};
use serde::{Deserialize, Serialize};

/// A service whose region the user must choose and whose calls need a token: a mocked client
/// needs neither.
static SERVICE: Service = Service {
    server: Some(Server {
        url: "https://things.{region}.example.com/api",
        variables: &[Variable {
            name: "region",
            default: "north",
            values: &["north", "south"],
            user_chosen: true,
            environment: None,
        }],
        region: Some("region"),
    }),
    client_parameters: &[client_runtime::codegen::ClientParameter { name: "tenant", rules: &[] }],
    platform: &Generic,
    user_agent: "mocks/0",
};

const AUTH: &[Auth] = &[Auth::ApiKey { scheme: "token", location: Location::Header, name: "X-Token" }];

/// `GET /api/{tenant}/things/{id}` with a secret header: safe to repeat.
static SHOW_THING: Operation = Operation {
    name: "ShowThing",
    method: Method::Get,
    path: &[PathPart::Literal("/"), PathPart::Client("tenant"), PathPart::Literal("/things/"), PathPart::Argument(0)],
    arguments: &[
        Argument { name: "id", location: Location::Path, style: Style::Simple { explode: false }, rules: &[] },
        Argument {
            name: "limit",
            location: Location::Query,
            style: Style::Form { explode: true },
            rules: &[Check::Maximum(100.0)],
        },
        Argument { name: "X-Key", location: Location::Header, style: Style::Simple { explode: false }, rules: &[] },
    ],
    auth: AUTH,
    idempotent: true,
    accept: None,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Thing {
    name: String,
    status: String,
}

impl Thing {
    fn new(name: &str, status: &str) -> Self {
        Thing { name: name.to_owned(), status: status.to_owned() }
    }
}

#[derive(Debug, Clone)]
struct ShowThing {
    runtime: Runtime,
    id: String,
    limit: Option<i32>,
    key: Option<Secret>,
}

impl ShowThing {
    fn new(runtime: &Runtime, id: &str) -> Self {
        ShowThing { runtime: runtime.clone(), id: id.to_owned(), limit: None, key: None }
    }

    async fn send(&self) -> Result<Thing, Error> {
        client_runtime::codegen::send(self).await
    }
}

impl Request for ShowThing {
    type Output = Thing;

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        Call::new(&SHOW_THING).argument(&self.id)?.argument(&self.limit)?.argument(&self.key)
    }

    fn read(response: Response) -> Result<Thing, Error> {
        response.json()
    }
}

/// `POST /api/{tenant}/things`: a JSON body, an empty answer, not safe to repeat.
static CREATE_THING: Operation = Operation {
    name: "CreateThing",
    method: Method::Post,
    path: &[PathPart::Literal("/"), PathPart::Client("tenant"), PathPart::Literal("/things")],
    arguments: &[],
    auth: AUTH,
    idempotent: false,
    accept: None,
};

#[derive(Debug, Clone)]
struct CreateThing {
    runtime: Runtime,
    body: Thing,
}

impl Request for CreateThing {
    type Output = ();

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        Call::new(&CREATE_THING).json("application/json", &serde_json::to_value(&self.body).map_err(to_build)?)
    }

    fn read(response: Response) -> Result<(), Error> {
        response.empty()
    }
}

fn to_build(error: serde_json::Error) -> Error {
    Error::Build(error.to_string())
}

/// `GET /api/{tenant}/events`: server-sent events, read as they arrive.
static WATCH: Operation = Operation {
    name: "Watch",
    method: Method::Get,
    path: &[PathPart::Literal("/"), PathPart::Client("tenant"), PathPart::Literal("/events")],
    arguments: &[],
    auth: AUTH,
    idempotent: true,
    accept: None,
};

#[derive(Debug, Clone)]
struct Watch {
    runtime: Runtime,
}

impl Request for Watch {
    type Output = EventStream<Thing>;
    const RECEIVE: Receive = Receive::Streamed;

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        Ok(Call::new(&WATCH))
    }

    fn read(response: Response) -> Result<EventStream<Thing>, Error> {
        response.events()
    }
}

/// The same path answering JSON lines.
#[derive(Debug, Clone)]
struct Export {
    runtime: Runtime,
}

impl Request for Export {
    type Output = JsonStream<Thing>;
    const RECEIVE: Receive = Receive::Streamed;

    fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    fn call(&self) -> Result<Call, Error> {
        Ok(Call::new(&WATCH))
    }

    fn read(response: Response) -> Result<JsonStream<Thing>, Error> {
        response.json_lines()
    }
}

fn mocked(mocks: Mocks) -> Runtime {
    Runtime::new(Config::new().mocks(mocks), &SERVICE).expect("a mocked client needs no region, credentials or tenant")
}

#[tokio::test]
async fn rules_answer_the_requests_their_conditions_accept_in_order() {
    let first = Rule::<ShowThing>::json()
        .when(|request| request.id == "t-1")
        .then_output(Thing::new("one", "RUNNING"))
        .times(2)
        .then_output(Thing::new("one", "DONE"));
    let other = Rule::<ShowThing>::json().then_output(Thing::new("other", "DONE")).forever();
    let runtime = mocked(Mocks::new().rule(&first).rule(&other));

    let one = ShowThing::new(&runtime, "t-1");
    let statuses = [one.send().await, one.send().await, one.send().await].map(|thing| thing.expect("answered").status);
    assert_eq!(statuses, ["RUNNING", "RUNNING", "DONE"]);
    // The first rule has given every answer: the next rule that matches answers from then on.
    assert_eq!(one.send().await.expect("answered by the other rule").name, "other");
    for _ in 0..3 {
        assert_eq!(ShowThing::new(&runtime, "t-2").send().await.expect("forever").name, "other");
    }
    assert_eq!((first.hits(), other.hits()), (3, 4));
}

#[tokio::test]
async fn a_request_no_rule_answers_names_the_operation_and_shows_the_input_without_secrets() {
    let rule = Rule::<ShowThing>::json().when(|request| request.id == "t-1").then_output(Thing::new("one", "DONE"));
    let runtime = mocked(Mocks::new().rule(&rule));
    let mut request = ShowThing::new(&runtime, "t-2");
    request.key = Some(Secret::new("the-secret-key"));
    let error = request.send().await.expect_err("no rule matches t-2");
    let message = error.to_string();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    for part in ["no mock answers ShowThing", "no rule matches it", "id: \"t-2\"", "GET /api/tenant/things/t-2"] {
        assert!(message.contains(part), "{part}: {message}");
    }
    assert!(!message.contains("the-secret-key"), "{message}");
    assert_eq!(rule.hits(), 0);

    // A rule that has given its answer matches no more, and says so.
    ShowThing::new(&runtime, "t-1").send().await.expect("the one answer");
    let error = ShowThing::new(&runtime, "t-1").send().await.expect_err("used up");
    assert!(error.to_string().contains("the 1 rule(s) that match it have given every answer"), "{error}");
}

#[tokio::test]
async fn a_rule_built_wrong_says_how_when_it_matches() {
    let unanswered = Rule::<ShowThing>::json();
    let error = ShowThing::new(&mocked(Mocks::new().rule(&unanswered)), "t").send().await.expect_err("no answer");
    assert!(error.to_string().contains("the rule has no answer"), "{error}");

    let repeated_nothing = Rule::<ShowThing>::json().times(2).then_output(Thing::new("a", "b"));
    let error = ShowThing::new(&mocked(Mocks::new().rule(&repeated_nothing)), "t").send().await.expect_err("misuse");
    assert!(error.to_string().contains("times() comes before any answer"), "{error}");

    let not_an_error = Rule::<ShowThing>::json().then_error(200, serde_json::json!({}));
    let error = ShowThing::new(&mocked(Mocks::new().rule(&not_an_error)), "t").send().await.expect_err("misuse");
    assert!(error.to_string().contains("then_error takes an error status (400 to 599), not 200"), "{error}");
}

#[tokio::test]
async fn a_typed_error_is_the_service_error_with_its_body() {
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Problem {
        code: String,
        message: String,
    }
    let problem = Problem { code: "Things.404".to_owned(), message: "no such thing".to_owned() };
    let rule = Rule::<ShowThing>::json().then_error(404, &problem);
    let error = ShowThing::new(&mocked(Mocks::new().rule(&rule)), "t").send().await.expect_err("404");
    let service = error.service().expect("the service's error");
    assert_eq!(service.status, 404);
    assert_eq!(
        (service.error_code.as_deref(), service.error_msg.as_deref()),
        (Some("Things.404"), Some("no such thing"))
    );
    assert_eq!(service.body_as::<Problem>(), Some(problem));
}

#[tokio::test(start_paused = true)]
async fn retries_run_on_mocked_answers_as_on_the_services() {
    let rule = Rule::<ShowThing>::json()
        .then_http(HttpAnswer::new(503).header("Retry-After", "30"))
        .then_http(HttpAnswer::new(429))
        .then_output(Thing::new("one", "DONE"));
    let runtime = mocked(Mocks::new().rule(&rule));
    assert_eq!(ShowThing::new(&runtime, "t").send().await.expect("the third attempt").status, "DONE");
    assert_eq!(rule.hits(), 3);

    // An operation that is not safe to repeat is not retried.
    let create = Rule::<CreateThing>::empty().then_http(HttpAnswer::new(503)).then_output(());
    let runtime = mocked(Mocks::new().rule(&create));
    let request = CreateThing { runtime, body: Thing::new("new", "NEW") };
    let error = client_runtime::codegen::send(&request).await.expect_err("503, not retried");
    assert_eq!(error.service().map(|service| service.status), Some(503));
    assert_eq!(create.hits(), 1);

    // With retries turned off, the first answer is the last.
    let rule = Rule::<ShowThing>::json().then_http(HttpAnswer::new(500)).then_output(Thing::new("a", "b"));
    let config = Config::new().mocks(Mocks::new().rule(&rule)).retry(RetryPolicy::none());
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    assert!(ShowThing::new(&runtime, "t").send().await.is_err());
    assert_eq!(rule.hits(), 1);
}

#[tokio::test]
async fn an_input_that_breaks_the_spec_is_refused_before_any_rule_is_asked() {
    let rule = Rule::<ShowThing>::json().then_output(Thing::new("a", "b")).forever();
    let mut request = ShowThing::new(&mocked(Mocks::new().rule(&rule)), "t");
    request.limit = Some(500);
    let error = request.send().await.expect_err("limit is at most 100");
    assert!(matches!(&error, Error::Invalid(invalid) if invalid.violations[0].field == "limit"), "{error:?}");
    assert_eq!(rule.hits(), 0);
}

static POLLED: Waiting = Waiting {
    name: "done",
    field: "status",
    success: &["\"DONE\""],
    failure: &["\"FAILED\""],
    pending: &[],
    interval: Duration::from_secs(30),
    timeout: Duration::from_secs(3600),
};

/// A waiter that polls every 30 s runs on Tokio's paused clock: the waits take no real time, and
/// the time limit is measured on that clock.
#[tokio::test(start_paused = true)]
async fn a_waiter_polls_mocked_states_on_a_paused_clock() {
    let rule = Rule::<ShowThing>::json()
        .then_output(Thing::new("one", "RUNNING"))
        .times(2)
        .then_output(Thing::new("one", "DONE"));
    let runtime = mocked(Mocks::new().rule(&rule));
    let done = Waiter::new(ShowThing::new(&runtime, "t"), &POLLED).send().await.expect("DONE on the third poll");
    assert_eq!(done.status, "DONE");
    assert_eq!(rule.hits(), 3);

    let stuck = Rule::<ShowThing>::json().then_output(Thing::new("one", "RUNNING")).forever();
    let runtime = mocked(Mocks::new().rule(&stuck));
    let waiter = Waiter::new(ShowThing::new(&runtime, "t"), &POLLED).timeout(Duration::from_secs(300));
    let error = waiter.send().await.expect_err("still running after five minutes");
    assert!(matches!(error, Error::Wait(WaitError::TimedOut { .. })), "{error:?}");
    // Polled at 0, 30, ..., 300 s: no poll would have ended before the limit after that.
    assert_eq!(stuck.hits(), 11);
}

#[tokio::test]
async fn streamed_answers_come_from_a_raw_body() {
    let events = Rule::<Watch>::streamed().then_http(
        HttpAnswer::new(200)
            .header("Content-Type", "text/event-stream")
            .body("id: 1\ndata: {\"name\": \"a\", \"status\": \"NEW\"}\n\nid: 2\ndata: {\"name\": \"b\", \"status\": \"DONE\"}\n\n"),
    );
    let lines = Rule::<Export>::streamed().then_http(
        HttpAnswer::new(200)
            .body("{\"name\": \"a\", \"status\": \"NEW\"}\nnot json\n{\"name\": \"b\", \"status\": \"DONE\"}\n"),
    );
    let runtime = mocked(Mocks::new().rule(&events).rule(&lines));

    let mut stream = client_runtime::codegen::send(&Watch { runtime: runtime.clone() }).await.expect("a stream");
    let mut names = Vec::new();
    while let Some(event) = stream.next().await {
        names.push(event.expect("an event").data.name);
    }
    assert_eq!(names, ["a", "b"]);
    assert_eq!(stream.last_event_id(), Some("2"));

    let mut stream = client_runtime::codegen::send(&Export { runtime: runtime.clone() }).await.expect("a stream");
    let items = [stream.next().await, stream.next().await, stream.next().await, stream.next().await];
    assert!(matches!(&items[0], Some(Ok(thing)) if thing.name == "a"));
    assert!(matches!(&items[1], Some(Err(Error::Decode { .. }))), "a malformed line is an error item");
    assert!(matches!(&items[2], Some(Ok(thing)) if thing.name == "b"));
    assert!(items[3].is_none());

    // Any operation's answer can be downloaded: its bytes as they arrive.
    let download = client_runtime::codegen::download(&ShowThing::new(
        &mocked(Mocks::new().rule(&Rule::<ShowThing>::json().then_output(Thing::new("a", "b")))),
        "t",
    ))
    .await
    .expect("bytes as they arrive");
    let mut bytes = Vec::new();
    download.write_to(&mut bytes).await.expect("written");
    assert_eq!(serde_json::from_slice::<Thing>(&bytes).expect("JSON"), Thing::new("a", "b"));
}

#[tokio::test]
async fn recorded_exchanges_answer_requests_that_match_them_as_sent() {
    let recordings = Recordings::parse(concat!(
        r#"{"request": {"method": "GET", "path": "/api/acme/things/t-1", "query": "limit=5"}, "response": {"status": 200, "headers": {"X-Request-Id": "r-1"}, "body": {"name": "one", "status": "RUNNING"}}}"#,
        "\n",
        r#"{"request": {"method": "GET", "path": "/api/acme/things/t-1?limit=5"}, "response": {"status": 200, "body": {"name": "one", "status": "DONE"}}}"#,
        "\n",
        r#"{"request": {"method": "POST", "path": "/api/acme/things", "body": {"name": "new", "status": "<redacted>"}}, "response": {"status": 409, "body": {"code": "Conflict", "message": "exists"}}}"#,
    ))
    .expect("three exchanges");
    // The tenant is given: recorded paths hold the real one.
    let config = Config::new().mocks(Mocks::new().recordings(&recordings)).client_parameter("tenant", "acme");
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    let mut request = ShowThing::new(&runtime, "t-1");
    request.limit = Some(5);
    assert_eq!(request.send().await.expect("the first recording").status, "RUNNING");
    assert_eq!(request.send().await.expect("the second recording").status, "DONE");
    let error = request.send().await.expect_err("each recording answers once");
    assert!(error.to_string().contains("no recorded exchange left matches it"), "{error}");

    let create = CreateThing { runtime, body: Thing::new("new", "anything") };
    let error = client_runtime::codegen::send(&create).await.expect_err("409 as recorded");
    assert_eq!(error.service().and_then(|service| service.error_code.clone()).as_deref(), Some("Conflict"));
    assert_eq!(recordings.unused(), 0);
}

#[tokio::test]
async fn a_mocked_client_takes_the_configured_endpoint_and_server_variables() {
    let recordings = Recordings::parse(concat!(
        r#"{"request": {"method": "GET", "path": "/base/tenant/things/t"}, "response": {"status": 200, "body": {"name": "at the endpoint", "status": "x"}}}"#,
        "\n",
        r#"{"request": {"method": "GET", "path": "/api/tenant/things/t"}, "response": {"status": 200, "body": {"name": "on the server", "status": "x"}}}"#,
    ))
    .expect("two exchanges");
    let config = Config::new().mocks(Mocks::new().recordings(&recordings)).endpoint("http://127.0.0.1:9/base");
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    assert_eq!(ShowThing::new(&runtime, "t").send().await.expect("answered").name, "at the endpoint");
    let runtime = Runtime::new(Config::new().mocks(Mocks::new().recordings(&recordings)).region_id("south"), &SERVICE)
        .expect("valid");
    assert_eq!(ShowThing::new(&runtime, "t").send().await.expect("answered").name, "on the server");
}
