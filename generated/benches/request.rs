//! What the client adds to a call: building, validating, serializing and signing one request
//! without the network; and round trips to a local server at concurrency 1 and 32.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use client_runtime::codegen::{
    Argument, Auth, Call, ClientParameter, Location, Method, Operation, PathPart, Rule, Runtime, Service, Style,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oms::{BasicCredentials, Config, RetryTaskGroupReq};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

// RetryTaskGroup as the generated client describes it to the runtime (its statics are private).
static SERVICE: Service = Service {
    server: None,
    client_parameters: &[ClientParameter { name: "project_id", rules: &[Rule::MinLength(1), Rule::MaxLength(1024)] }],
    platform: &huaweicloud_runtime::HuaweiCloud::service("OMS"),
    user_agent: "oms/0.1.0",
};
static RETRY_TASK_GROUP: Operation = Operation {
    name: "RetryTaskGroup",
    method: Method::Put,
    path: &[
        PathPart::Literal("/v2/"),
        PathPart::Client("project_id"),
        PathPart::Literal("/taskgroups/"),
        PathPart::Argument(0),
        PathPart::Literal("/retry"),
    ],
    arguments: &[Argument {
        name: "group_id",
        location: Location::Path,
        style: Style::Simple { explode: false },
        rules: &[Rule::MinLength(1), Rule::MaxLength(1024)],
    }],
    auth: &[Auth::Signature, Auth::ApiKey { scheme: "iam_token", location: Location::Header, name: "X-Auth-Token" }],
    idempotent: true,
    accept: None,
};

fn credentials() -> BasicCredentials {
    BasicCredentials::new("HPUAEXAMPLEAK0000001", "EXAMPLESKexampleSK0000000000000000000001")
        .project_id("0123456789abcdef0123456789abcdef")
}

fn runtime(endpoint: &str) -> Runtime {
    Runtime::new(Config::new().endpoint(endpoint).credentials(credentials()), &SERVICE).expect("valid")
}

/// The output of a future that never waits (fixed credentials), without an executor's overhead.
fn now<F: Future>(future: F) -> F::Output {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the future waited"),
    }
}

fn body() -> RetryTaskGroupReq {
    RetryTaskGroupReq::default()
        .src_ak("SRCAK")
        .src_sk("SRCSK")
        .dst_ak("DSTAK")
        .dst_sk("DSTSK")
        .migrate_failed_object(true)
        .src_kms_key_id("0e8a1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b")
}

fn one_request(c: &mut Criterion) {
    let runtime = runtime("https://oms.cn-north-4.myhuaweicloud.com");
    let body = body();
    c.bench_function("retry_task_group: build, validate, serialize, sign (no network)", |b| {
        b.iter(|| {
            let call = Call::new(&RETRY_TASK_GROUP)
                .argument(black_box("a1b2c3d4-0000-1111-2222-333344445555"))
                .and_then(|call| call.json("application/json", black_box(&body)))
                .expect("valid");
            now(runtime.dry_run(call)).expect("signed")
        })
    });
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with an empty 200.
async fn local_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = vec![0; 64 * 1024];
                let mut pending = Vec::new();
                loop {
                    let Ok(read) = socket.read(&mut buffer).await else { return };
                    if read == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buffer[..read]);
                    // Answer each complete request (headers, then the body Content-Length says).
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&pending[..end]).to_ascii_lowercase();
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if pending.len() < end + 4 + length {
                            break;
                        }
                        pending.drain(..end + 4 + length);
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
                        if socket.write_all(answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

fn round_trips(c: &mut Criterion) {
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let endpoint = tokio.block_on(local_server());
    let client = oms::Client::new(Config::new().endpoint(&endpoint).credentials(credentials())).expect("valid");
    let body = body();
    let mut group = c.benchmark_group("round trip to 127.0.0.1");
    group.measurement_time(Duration::from_secs(5));
    for concurrency in [1_usize, 32] {
        group.throughput(Throughput::Elements(concurrency as u64));
        group.bench_function(format!("concurrency {concurrency}"), |b| {
            b.iter(|| {
                tokio.block_on(async {
                    let mut calls = tokio::task::JoinSet::new();
                    for _ in 0..concurrency {
                        let (client, body) = (client.clone(), body.clone());
                        calls.spawn(async move { client.retry_task_group("group-1", body).await });
                    }
                    while let Some(done) = calls.join_next().await {
                        done.expect("joins").expect("200");
                    }
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, one_request, round_trips);
criterion_main!(benches);
