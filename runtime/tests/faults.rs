//! What the runtime does when the network or the service misbehaves: timeouts, dropped and
//! truncated connections, 503 bursts, 429 with Retry-After, malformed and oversized bodies. The
//! operations are described to the runtime directly, as generated code describes them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_runtime::codegen::{
    Argument, Auth, Call, Generic, Location, Method, Operation, PathPart, Rule, Runtime, Service, Style,
};
use client_runtime::{Config, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static SERVICE: Service = Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "faults/0" };

/// `PUT /items/{id}`: safe to repeat, authenticated by a token.
static PUT_ITEM: Operation = Operation {
    name: "PutItem",
    method: Method::Put,
    path: &[PathPart::Literal("/items/"), PathPart::Argument(0)],
    arguments: &[Argument {
        name: "id",
        location: Location::Path,
        style: Style::Simple { explode: false },
        rules: &[],
    }],
    auth: &[Auth::ApiKey { scheme: "token", location: Location::Header, name: "X-Auth-Token" }],
    idempotent: true,
    accept: None,
};

/// Fast retries, so the tests spend milliseconds waiting.
fn quick_retries() -> RetryPolicy {
    RetryPolicy { base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20), ..RetryPolicy::default() }
}

fn config(endpoint: &str) -> Config {
    Config::new().endpoint(endpoint).token("token").retry(quick_retries())
}

async fn retry(config: Config) -> Result<(), Error> {
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    runtime.send(Call::new(&PUT_ITEM).argument("7")?).await?.empty()
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

#[tokio::test]
async fn a_503_burst_is_retried_until_success() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    retry(config(&server.uri())).await.expect("succeeds on the third attempt");
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in client_runtime::RETRYABLE_STATUSES {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
        retry(config(&server.uri())).await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(received(&server).await, 2, "{status}");
    }
}

#[tokio::test]
async fn when_retries_run_out_the_last_error_is_kept_whole() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "req-last")
                .set_body_string(r#"{"code":"E.0500","message":"busy"}"#),
        )
        .mount(&server)
        .await;
    let error = retry(config(&server.uri())).await.expect_err("always 503");
    let service = error.service().expect("a service error");
    assert_eq!(service.status, 503);
    assert_eq!(service.request_id.as_deref(), Some("req-last"));
    assert_eq!((service.error_code.as_deref(), service.error_msg.as_deref()), (Some("E.0500"), Some("busy")));
    assert_eq!(received(&server).await, quick_retries().max_attempts as usize);
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for status in [400, 403, 404, 409] {
        let server = MockServer::start().await;
        Mock::given(method("PUT")).respond_with(ResponseTemplate::new(status)).mount(&server).await;
        let error = retry(config(&server.uri())).await.expect_err("an error status");
        assert_eq!(error.service().map(|s| s.status), Some(status));
        assert_eq!(received(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    retry(config(&server.uri()).retry(RetryPolicy::none())).await.expect_err("503");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let started = Instant::now();
    retry(config(&server.uri())).await.expect("succeeds after waiting");
    // A lower bound only: the client waited at least as long as it was asked to.
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let error = retry(config(&server.uri())).await.expect_err("429");
    assert_eq!(error.service().and_then(|s| s.retry_after), Some(Duration::from_secs(3600)));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let config = config(&server.uri()).timeout(Duration::from_millis(100));
    let error = retry(config.clone().retry(RetryPolicy::none())).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    // An idempotent operation that timed out is tried again, up to the limit.
    let error = retry(config.retry(RetryPolicy { max_attempts: 2, ..quick_retries() })).await.expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(received(&server).await, 3);
}

/// A server on 127.0.0.1 that, for each connection, reads the request and answers with the
/// `answers` entry for it (the last one repeats); `None` closes the connection without a word.
async fn raw_server(answers: Vec<Option<&'static str>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let index = counter.fetch_add(1, Ordering::SeqCst);
            let answer = answers[index.min(answers.len() - 1)];
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                if let Some(answer) = answer {
                    let _ = socket.write_all(answer.as_bytes()).await;
                }
                // Dropping the socket closes the connection.
            });
        }
    });
    (endpoint, connections)
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

#[tokio::test]
async fn dropped_connections_are_retried() {
    let (endpoint, connections) = raw_server(vec![None, None, Some(OK)]).await;
    retry(config(&endpoint)).await.expect("the third connection answers");
    assert_eq!(connections.load(Ordering::SeqCst), 3);

    let (endpoint, connections) = raw_server(vec![None]).await;
    let error = retry(config(&endpoint).retry(RetryPolicy::none())).await.expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    let truncated = "HTTP/1.1 400 Bad Request\r\ncontent-length: 100\r\nconnection: close\r\n\r\n{\"error_code\":";
    let (endpoint, _) = raw_server(vec![Some(truncated)]).await;
    let error = retry(config(&endpoint).retry(RetryPolicy::none())).await.expect_err("cut short");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn nothing_listening_is_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let error = retry(config(&endpoint)).await.expect_err("connection refused");
    assert!(matches!(&error, Error::Transport(e) if e.is_connect()), "{error:?}");
}

// A typed response, and a POST that is not safe to repeat.
static GET_ITEM: Operation = Operation {
    name: "GetItem",
    method: Method::Get,
    path: &[PathPart::Literal("/items/"), PathPart::Argument(0)],
    arguments: &[Argument {
        name: "id",
        location: Location::Path,
        style: Style::Simple { explode: false },
        rules: &[],
    }],
    auth: &[],
    idempotent: true,
    accept: None,
};
static CREATE_ITEM: Operation = Operation {
    name: "CreateItem",
    method: Method::Post,
    path: &[PathPart::Literal("/items")],
    arguments: &[],
    auth: &[],
    idempotent: false,
    accept: None,
};

/// An open string enum, as generated code declares one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Crypto {
    Default,
    Kms,
    Unknown(String),
}

client_runtime::string_enum!(Crypto { Default = "DEFAULT", Kms = "KMS" } else Unknown);

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Item {
    name: String,
    crypto: Crypto,
}

async fn get_item(endpoint: &str, limit: Option<usize>) -> Result<Item, Error> {
    let mut config = Config::new().endpoint(endpoint).retry(RetryPolicy::none());
    if let Some(limit) = limit {
        config = config.max_response_bytes(limit);
    }
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    runtime.send(Call::new(&GET_ITEM).argument("7")?).await?.json()
}

#[tokio::test]
async fn unknown_fields_and_enum_values_do_not_fail_a_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"name":"a","crypto":"SM4","added_later":[1,2]}"#))
        .mount(&server)
        .await;
    let item = get_item(&server.uri(), None).await.expect("parses");
    assert_eq!(item, Item { name: "a".into(), crypto: Crypto::Unknown("SM4".into()) });
}

#[tokio::test]
async fn a_body_that_does_not_match_the_schema_is_a_decode_error() {
    for body in ["not json", r#"{"name":1}"#, r#"{"name":"a""#] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).insert_header("X-Request-Id", "r-7").set_body_string(body))
            .mount(&server)
            .await;
        let error = get_item(&server.uri(), None).await.expect_err(body);
        assert!(
            matches!(&error, Error::Decode { status: 200, request_id: Some(id), .. } if id == "r-7"),
            "{body}: {error:?}"
        );
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let server = MockServer::start().await;
    let body = format!(r#"{{"name":"{}","crypto":"KMS"}}"#, "x".repeat(4096));
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string(body)).mount(&server).await;
    let error = get_item(&server.uri(), Some(1024)).await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { status: 200, limit: 1024, .. }), "{error:?}");
    assert!(get_item(&server.uri(), None).await.is_ok(), "within the default limit");
}

#[tokio::test]
async fn operations_that_are_not_safe_to_repeat_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let runtime = Runtime::new(Config::new().endpoint(server.uri()).retry(quick_retries()), &SERVICE).expect("valid");
    let error = runtime.send(Call::new(&CREATE_ITEM)).await.expect_err("503");
    assert_eq!(error.service().map(|s| s.status), Some(503));
    assert_eq!(received(&server).await, 1);
}

static LIST_ITEMS: Operation = Operation {
    name: "ListItems",
    method: Method::Get,
    path: &[PathPart::Literal("/items")],
    arguments: &[
        Argument { name: "name", location: Location::Query, style: Style::Form { explode: true }, rules: &[] },
        Argument { name: "tag", location: Location::Query, style: Style::Form { explode: true }, rules: &[] },
        Argument {
            name: "limit",
            location: Location::Query,
            style: Style::Form { explode: true },
            rules: &[Rule::Maximum(100.0)],
        },
        Argument { name: "marker", location: Location::Query, style: Style::Form { explode: true }, rules: &[] },
    ],
    auth: &[],
    idempotent: true,
    accept: None,
};

#[tokio::test]
async fn query_values_are_encoded_and_lists_repeat() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let runtime = Runtime::new(Config::new().endpoint(server.uri()), &SERVICE).expect("valid");
    let tags = ["a&b".to_owned(), "组".to_owned()];
    let call =
        Call::new(&LIST_ITEMS).argument("a b/c~?=").unwrap().argument(&tags[..]).unwrap().argument(&10_i64).unwrap();
    runtime.send(call.argument(&None::<&str>).unwrap()).await.expect("sent");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests[0].url.query(), Some("name=a%20b%2Fc~%3F%3D&tag=a%26b&tag=%E7%BB%84&limit=10"));

    let error = Call::new(&LIST_ITEMS)
        .argument("x")
        .unwrap()
        .argument(&tags[..])
        .unwrap()
        .argument(&101_i64)
        .expect_err("over the maximum");
    assert_eq!(error.to_string(), "invalid ListItems request: `limit` must be at most 100");
}
