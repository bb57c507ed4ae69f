//! A recording server on 127.0.0.1: it answers every request with one fixed answer and keeps
//! what it received, for the checks Prism cannot make (path keys it cannot route, the
//! platform's signing headers).

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub struct Recorder {
    runtime: tokio::runtime::Runtime,
    server: MockServer,
    /// How many of the requests received have been handed out.
    taken: usize,
}

impl Recorder {
    /// A server answering `200` with `body` as `content_type`.
    pub fn start(content_type: &str, body: &str) -> Recorder {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a Tokio runtime");
        let answer = ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), content_type);
        let server = runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(any()).respond_with(answer).mount(&server).await;
            server
        });
        Recorder { runtime, server, taken: 0 }
    }

    pub fn endpoint(&self) -> String {
        self.server.uri()
    }

    /// The requests received since the last call.
    pub fn take(&mut self) -> Vec<Request> {
        let received = self.runtime.block_on(self.server.received_requests()).unwrap_or_default();
        let new = received.into_iter().skip(self.taken).collect::<Vec<_>>();
        self.taken += new.len();
        new
    }
}
