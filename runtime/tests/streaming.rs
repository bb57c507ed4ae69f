//! Answers read as they arrive and bodies read as they are sent, on the wire: a local server that
//! sends an answer piece by piece when the test says, breaks it off or goes silent, and records
//! what it is sent. Every server is on 127.0.0.1.

use std::io::Write as _;
use std::time::Duration;

use client_runtime::codegen::{Call, Generic, Method, Operation, PathPart, Receive, Response, Runtime, Service};
use client_runtime::{Binary, ByteStream, Config, Error, EventStream, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

static SERVICE: Service =
    Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "streaming/0" };

/// `GET /events`: safe to repeat.
static WATCH: Operation = Operation {
    name: "Watch",
    method: Method::Get,
    path: &[PathPart::Literal("/events")],
    arguments: &[],
    auth: &[],
    idempotent: true,
    accept: None,
};

/// `PUT /upload`: safe to repeat.
static UPLOAD: Operation = Operation {
    name: "Upload",
    method: Method::Put,
    path: &[PathPart::Literal("/upload")],
    arguments: &[],
    auth: &[],
    idempotent: true,
    accept: None,
};

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Tick {
    n: u32,
}

fn runtime(endpoint: &str, config: Config) -> Runtime {
    let quick = RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    Runtime::new(config.endpoint(endpoint).retry(quick), &SERVICE).expect("valid")
}

async fn events(runtime: &Runtime) -> Result<EventStream<Tick>, Error> {
    runtime.clone().execute(Ok(Call::new(&WATCH)), Receive::Streamed, Response::events).await
}

async fn download(runtime: &Runtime) -> Result<ByteStream, Error> {
    runtime.clone().execute(Ok(Call::new(&WATCH)), Receive::Streamed, |response| Ok(response.byte_stream())).await
}

/// A listener on 127.0.0.1 and the endpoint that reaches it.
async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    (listener, endpoint)
}

/// Accepts one connection and reads the request head.
async fn accept(listener: &TcpListener) -> TcpStream {
    let (mut stream, _) = listener.accept().await.expect("a connection");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    stream
}

/// The head of a 200 event stream whose body is sent in chunks.
const EVENT_STREAM_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nx-request-id: r-9\r\n\r\n";

/// `data` as one chunk of a chunked body.
async fn send_chunk(stream: &mut TcpStream, data: &str) {
    let chunk = format!("{:x}\r\n{data}\r\n", data.len());
    stream.write_all(chunk.as_bytes()).await.expect("written");
    stream.flush().await.expect("flushed");
}

#[tokio::test]
async fn each_event_reaches_the_caller_as_it_is_sent() {
    let (listener, endpoint) = listener().await;
    let (go_on, mut told) = mpsc::channel::<()>(1);
    let server = tokio::spawn(async move {
        let mut stream = accept(&listener).await;
        stream.write_all(EVENT_STREAM_HEAD).await.expect("written");
        for n in 1..=3 {
            send_chunk(&mut stream, &format!("id: {n}\ndata: {{\"n\": {n}}}\n\n")).await;
            // The next event is sent only once the caller has this one.
            told.recv().await;
        }
        send_chunk(&mut stream, "").await;
    });
    let mut events = events(&runtime(&endpoint, Config::new())).await.expect("the answer begins");
    assert_eq!(events.request_id(), Some("r-9"));
    for n in 1..=3 {
        let event = events.next().await.expect("an event").expect("read");
        assert_eq!((event.data, event.id), (Tick { n }, Some(n.to_string())));
        go_on.send(()).await.expect("the server waits");
    }
    assert!(events.next().await.is_none(), "the answer ended");
    assert_eq!(events.last_event_id(), Some("3"));
    server.await.expect("the server ran");
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (listener, endpoint) = listener().await;
    let (closed, seen_closed) = oneshot::channel::<usize>();
    tokio::spawn(async move {
        let mut stream = accept(&listener).await;
        stream.write_all(EVENT_STREAM_HEAD).await.expect("written");
        send_chunk(&mut stream, "data: {\"n\": 1}\n\n").await;
        // Read until the client closes its end: a read of nothing.
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest).await.unwrap_or(0);
        let _ = closed.send(read);
    });
    let mut events = events(&runtime(&endpoint, Config::new())).await.expect("the answer begins");
    assert_eq!(events.next().await.expect("an event").expect("read").data, Tick { n: 1 });
    drop(events);
    assert_eq!(seen_closed.await, Ok(0), "the server saw the connection close, and nothing more sent");
}

#[tokio::test]
async fn a_connection_that_drops_midway_is_an_error_item_and_the_end() {
    let (listener, endpoint) = listener().await;
    tokio::spawn(async move {
        let mut stream = accept(&listener).await;
        stream.write_all(EVENT_STREAM_HEAD).await.expect("written");
        send_chunk(&mut stream, "data: {\"n\": 1}\n\ndata: {\"n\"").await;
        // Closed without the chunked body's last chunk.
    });
    let mut events = events(&runtime(&endpoint, Config::new())).await.expect("the answer begins");
    assert_eq!(events.next().await.expect("an event").expect("read").data, Tick { n: 1 });
    let error = events.next().await.expect("an error item").expect_err("broken off");
    assert!(
        matches!(&error, Error::StreamBroken { status: 200, request_id: Some(id), .. } if id == "r-9"),
        "{error:?}"
    );
    assert!(!error.is_timeout());
    assert!(events.next().await.is_none(), "nothing after the break");
}

#[tokio::test]
async fn a_stream_silent_for_longer_than_the_timeout_breaks_off() {
    let (listener, endpoint) = listener().await;
    let (_keep_open, open) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let mut stream = accept(&listener).await;
        stream.write_all(EVENT_STREAM_HEAD).await.expect("written");
        send_chunk(&mut stream, "data: {\"n\": 1}\n\n").await;
        // Silent, with the connection open, until the test ends.
        let _ = open.await;
    });
    let runtime = runtime(&endpoint, Config::new().timeout(Duration::from_secs(1)));
    let mut events = events(&runtime).await.expect("the answer begins");
    assert_eq!(events.next().await.expect("an event").expect("read").data, Tick { n: 1 });
    let error = events.next().await.expect("an error item").expect_err("silent too long");
    assert!(matches!(error, Error::StreamBroken { .. }) && error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn retries_end_once_the_answer_begins() {
    let (listener, endpoint) = listener().await;
    tokio::spawn(async move {
        let mut first = accept(&listener).await;
        first
            .write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
            .await
            .expect("written");
        drop(first);
        let mut second = accept(&listener).await;
        second.write_all(EVENT_STREAM_HEAD).await.expect("written");
        send_chunk(&mut second, "data: {\"n\": 1}\n\n").await;
        drop(second);
        // Any later request would be a retry of the broken answer: it would get another event.
        loop {
            let mut later = accept(&listener).await;
            later.write_all(EVENT_STREAM_HEAD).await.expect("written");
            send_chunk(&mut later, "data: {\"n\": 99}\n\n").await;
            send_chunk(&mut later, "").await;
        }
    });
    let mut events = events(&runtime(&endpoint, Config::new())).await.expect("the 503 is retried");
    assert_eq!(events.next().await.expect("an event").expect("read").data, Tick { n: 1 });
    let broken = events.next().await;
    assert!(matches!(broken, Some(Err(Error::StreamBroken { .. }))), "{broken:?}");
    assert!(events.next().await.is_none(), "the broken answer is not sent for again");
}

#[tokio::test]
async fn a_download_is_written_as_it_arrives() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..200_000u32).flat_map(|n| n.to_le_bytes()).collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .mount(&server)
        .await;
    let runtime = runtime(&server.uri(), Config::new().max_response_bytes(1024));
    // The size limit is for answers read whole: a download has none.
    let mut written = Vec::new();
    let count = download(&runtime).await.expect("begins").write_to(&mut written).await.expect("written");
    assert_eq!((count, written == body), (body.len() as u64, true));

    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("saved.bin");
    download(&runtime).await.expect("begins").save(&path).await.expect("saved");
    assert_eq!(std::fs::read(&path).expect("readable"), body);
}

#[tokio::test]
async fn an_error_answer_of_a_streamed_request_is_read_whole() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"code": "NotFound", "message": "gone"})),
        )
        .mount(&server)
        .await;
    let error = events(&runtime(&server.uri(), Config::new())).await.expect_err("404");
    let service = error.service().expect("the service's error");
    assert_eq!((service.status, service.error_code.as_deref()), (404, Some("NotFound")));
}

async fn upload(runtime: &Runtime, body: &Binary) -> Result<(), Error> {
    runtime.send(Call::new(&UPLOAD).binary("application/octet-stream", body)?).await?.empty()
}

#[tokio::test]
async fn a_file_body_is_read_as_it_is_sent_and_again_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let mut file = tempfile::NamedTempFile::new().expect("a file");
    let contents: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();
    file.write_all(&contents).expect("written");
    let body = Binary::streamed_from_file(file.path()).expect("a file");
    assert!(body.is_streamed() && body.data.is_empty());
    upload(&runtime(&server.uri(), Config::new()), &body).await.expect("sent after one retry");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    for request in received {
        assert_eq!(request.body, contents);
        assert_eq!(request.headers.get("content-length").and_then(|v| v.to_str().ok()), Some("100000"));
        assert_eq!(request.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/octet-stream"));
    }
}

#[tokio::test]
async fn a_reader_body_is_sent_once_and_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let body = Binary::streamed_from_reader(&b"from a reader"[..], None);
    let runtime = runtime(&server.uri(), Config::new());
    let error = upload(&runtime, &body).await.expect_err("503");
    assert_eq!(error.service().map(|service| service.status), Some(503));
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1, "not retried");
    assert_eq!(received[0].body, b"from a reader");
    // A clone shares the reader, which has been read.
    let again = upload(&runtime, &body.clone()).await.expect_err("read already");
    assert!(matches!(&again, Error::Build(message) if message.contains("sent once")), "{again:?}");
}

#[tokio::test]
async fn a_dry_run_reads_no_streamed_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let body = Binary::streamed_from_reader(&b"12345"[..], Some(5));
    let runtime = runtime(&server.uri(), Config::new());
    let shown = runtime.dry_run(Call::new(&UPLOAD).binary("application/octet-stream", &body).expect("valid")).await;
    let shown = shown.expect("built");
    assert!(shown.body().is_none());
    assert_eq!(shown.headers().get("content-length").and_then(|v| v.to_str().ok()), Some("5"));
    upload(&runtime, &body).await.expect("the reader is still there to send");
    assert_eq!(server.received_requests().await.expect("recorded")[0].body, b"12345");
}

#[test]
fn a_streamed_binary_cannot_travel_inside_a_json_body() {
    #[derive(serde::Serialize)]
    struct Holder {
        file: Binary,
    }
    impl client_runtime::codegen::Checked for Holder {
        fn check(&self, _: &mut client_runtime::codegen::Validator, _: &[client_runtime::codegen::Rule]) {}
    }
    let holder = Holder { file: Binary::streamed_from_reader(&b""[..], None) };
    let error = Call::new(&UPLOAD).json("application/json", &holder).expect_err("not encodable");
    assert!(matches!(&error, Error::Build(message) if message.contains("whole request body")), "{error:?}");
    let missing = Binary::streamed_from_file("/nonexistent/file.bin").expect_err("no such file");
    assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
}
