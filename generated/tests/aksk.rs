//! AK/SK signing on the wire: each operation goes through the generated client to a server on
//! 127.0.0.1, which checks the received request against the signing rules and recomputes the
//! signature from the bytes it received. The recomputation below is written independently of the
//! crate's signer, from the rules alone.

use hmac::{Hmac, KeyInit, Mac};
use oms::{BasicCredentials, Client, Config, RetryTaskGroupReq, StartTaskGroupReq};
use sha2::{Digest, Sha256};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AK: &str = "HPUAEXAMPLEAK0000001";
const SK: &str = "EXAMPLESKexampleSK0000000000000000000001";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const GROUP: &str = "a1b2c3d4-0000-1111-2222-333344445555";

fn client(server: &MockServer, key: BasicCredentials) -> Client {
    Client::new(Config::new().endpoint(server.uri()).credentials(key)).expect("valid configuration")
}

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
}

/// `%XX` for every byte outside the unreserved set.
fn encode_bytes(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// What a server holding the SK computes for a received request, following the published rules.
fn expected_authorization(request: &Request, signed_headers: &str) -> String {
    let raw_path = request.url.path();
    let mut uri: Vec<String> = raw_path.split('/').map(|segment| encode_bytes(&decode(segment))).collect();
    if uri.last().is_some_and(|last| !last.is_empty()) {
        uri.push(String::new());
    }
    let mut query: Vec<(Vec<u8>, Vec<u8>)> = request
        .url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    query.sort();
    let query: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", encode_bytes(k), encode_bytes(v))).collect();
    let mut lines = String::new();
    for name in signed_headers.split(';') {
        lines.push_str(&format!("{name}:{}\n", header(request, name).trim()));
    }
    let body_hash = hex::encode(Sha256::digest(&request.body));
    let canonical = format!(
        "{}\n{}\n{}\n{lines}\n{signed_headers}\n{body_hash}",
        request.method.as_str(),
        uri.join("/"),
        query.join("&")
    );
    let date = header(request, "x-sdk-date");
    let to_sign = format!("SDK-HMAC-SHA256\n{date}\n{}", hex::encode(Sha256::digest(canonical.as_bytes())));
    let mut mac = Hmac::<Sha256>::new_from_slice(SK.as_bytes()).expect("any key length");
    mac.update(to_sign.as_bytes());
    format!(
        "SDK-HMAC-SHA256 Access={AK}, SignedHeaders={signed_headers}, Signature={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Checks one received request against the rules; `extra` are headers that must also be signed.
fn check_signed(request: &Request, server: &MockServer, extra: &[&str]) {
    let authorization = header(request, "authorization");
    let signed_headers = authorization
        .split(", ")
        .find_map(|part| part.strip_prefix("SignedHeaders="))
        .unwrap_or_else(|| panic!("no SignedHeaders in {authorization}"));
    assert!(authorization.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")), "{authorization}");
    let signed: Vec<&str> = signed_headers.split(';').collect();
    let mut sorted = signed.clone();
    sorted.sort();
    assert_eq!(signed, sorted, "signed headers are sorted");
    for required in ["content-type", "host", "x-project-id", "x-sdk-date"].iter().chain(extra) {
        assert!(signed.contains(required), "{required} is not signed: {signed_headers}");
    }
    assert_eq!(header(request, "content-type"), "application/json;charset=utf-8");
    assert_eq!(header(request, "x-project-id"), PROJECT);
    assert_eq!(header(request, "host"), server.address().to_string(), "Host carries the port");
    let date = header(request, "x-sdk-date");
    assert!(
        date.len() == 16
            && date.as_bytes()[8] == b'T'
            && date.ends_with('Z')
            && date[..8].bytes().all(|b| b.is_ascii_digit()),
        "X-Sdk-Date {date}"
    );
    assert_eq!(
        authorization,
        expected_authorization(request, signed_headers),
        "the signature matches the received bytes"
    );
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn retry_is_signed_as_the_vendor_sdk_signs() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/{GROUP}/retry")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let body = RetryTaskGroupReq::default()
        .src_ak("SRCAK")
        .src_sk("SRCSK")
        .dst_ak("DSTAK")
        .dst_sk("DSTSK")
        .migrate_failed_object(true);
    client(&server, BasicCredentials::new(AK, SK).project_id(PROJECT))
        .retry_task_group(GROUP, body)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        request.body,
        br#"{"src_ak":"SRCAK","src_sk":"SRCSK","dst_ak":"DSTAK","dst_sk":"DSTSK","migrate_failed_object":true}"#
    );
    check_signed(&request, &server, &["user-agent"]);
}

#[tokio::test]
async fn start_with_temporary_credentials_signs_the_security_token() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/{GROUP}/start")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let key = BasicCredentials::new(AK, SK).security_token("TEMPORARY-SECURITY-TOKEN-EXAMPLE").project_id(PROJECT);
    client(&server, key).start_task_group(GROUP, StartTaskGroupReq::new("DSTAK", "DSTSK")).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-security-token"), "TEMPORARY-SECURITY-TOKEN-EXAMPLE");
    check_signed(&request, &server, &["x-security-token"]);
}

#[tokio::test]
async fn an_escaped_group_id_is_signed_as_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/g%20id%E7%BB%84%C3%BC/retry")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, BasicCredentials::new(AK, SK).project_id(PROJECT));
    client.retry_task_group("g id组ü", RetryTaskGroupReq::default()).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.body, b"{}");
    check_signed(&request, &server, &[]);
}

#[tokio::test]
async fn the_config_project_id_wins_over_the_key_and_is_the_signed_header() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/{GROUP}/retry")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let key = BasicCredentials::new(AK, SK).project_id("other");
    let config = Config::new().endpoint(server.uri()).credentials(key).client_parameter("project_id", PROJECT);
    Client::new(config).expect("valid").retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect("sent");
    check_signed(&only_request(&server).await, &server, &[]);
}

#[tokio::test]
async fn a_retried_request_is_signed_again_with_a_fresh_date() {
    let server = MockServer::start().await;
    // The Retry-After second guarantees the second attempt's date differs from the first's.
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = client(&server, BasicCredentials::new(AK, SK).project_id(PROJECT));
    client.retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect("the retry succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        check_signed(request, &server, &[]);
    }
    assert_ne!(header(&requests[0], "x-sdk-date"), header(&requests[1], "x-sdk-date"));
    assert_ne!(header(&requests[0], "authorization"), header(&requests[1], "authorization"));
}
