//! The network between client and service: a proxy (one that records what passes through it), a
//! TLS server whose certificate comes from a test CA, certificate checks turned off, and the
//! User-Agent suffix. Every server is on 127.0.0.1.

use std::io::Write;
use std::sync::{Arc, Mutex};

use client_runtime::codegen::{Call, Generic, Method, Operation, Response, Runtime, Service};
use client_runtime::{Config, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

static SERVICE: Service = Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "network/0" };

static GET_ITEM: Operation = Operation {
    name: "GetItem",
    method: Method::Get,
    path: &[client_runtime::codegen::PathPart::Literal("/item")],
    arguments: &[],
    auth: &[],
    idempotent: true,
};

async fn get(config: Config) -> Result<Response, Error> {
    Runtime::new(config, &SERVICE)?.send(Call::new(&GET_ITEM)).await
}

/// Reads one request head from `stream` and answers `200 {}`; returns the head.
async fn answer<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(mut stream: S) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}").await;
    let _ = stream.shutdown().await;
    String::from_utf8_lossy(&head).into_owned()
}

/// A proxy that answers every request itself and records each request head it is sent.
async fn recording_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let recorded = heads.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let head = answer(stream).await;
            recorded.lock().expect("not poisoned").push(head);
        }
    });
    (address.to_string(), heads)
}

#[tokio::test]
async fn requests_go_through_the_configured_proxy_with_its_credentials() {
    let (proxy, heads) = recording_proxy().await;
    // The service's host does not resolve: only the proxy can have answered.
    let config = Config::new().endpoint("http://service.invalid").proxy(format!("http://user:p%40ss@{proxy}"));
    get(config).await.expect("the proxy answers");
    let heads = heads.lock().expect("not poisoned").clone();
    assert_eq!(heads.len(), 1);
    let head = heads[0].to_ascii_lowercase();
    assert!(head.starts_with("get http://service.invalid/item http/1.1\r\n"), "{head}");
    // base64("user:p@ss")
    assert!(head.contains("proxy-authorization: basic dxnlcjpwqhnz\r\n"), "{head}");
}

#[tokio::test]
async fn a_proxy_url_that_is_not_one_is_refused_without_quoting_it() {
    let config = Config::new().endpoint("http://127.0.0.1:9").proxy("http://user:PROXY-SECRET@[::1");
    let error = get(config).await.expect_err("not a URL");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("PROXY-SECRET"), "{error}");
}

/// A certificate authority, and a certificate for `localhost` it signed (or signed by itself,
/// when `self_signed`).
struct Certificates {
    ca_pem: String,
    chain: Vec<rustls::pki_types::CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
}

fn certificates(self_signed: bool) -> Certificates {
    let ca_key = rcgen::KeyPair::generate().expect("a CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("a CA certificate");
    let key = rcgen::KeyPair::generate().expect("a server key");
    let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("server parameters");
    let certificate = match self_signed {
        true => params.self_signed(&key),
        false => params.signed_by(&key, &rcgen::Issuer::new(ca_params, ca_key)),
    }
    .expect("a server certificate");
    Certificates {
        ca_pem: ca.pem(),
        chain: vec![certificate.der().clone()],
        key: rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    }
}

/// An HTTPS server on 127.0.0.1 answering `200 {}`; its base URL names `localhost`.
async fn tls_server(certificates: &Certificates) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(certificates.chain.clone(), certificates.key.clone_key())
        .expect("a server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(stream) = acceptor.accept(stream).await {
                    answer(stream).await;
                }
            });
        }
    });
    format!("https://localhost:{port}")
}

#[tokio::test]
async fn a_private_ca_is_trusted_from_a_pem_file() {
    let certificates = certificates(false);
    let endpoint = tls_server(&certificates).await;
    let error = get(Config::new().endpoint(&endpoint)).await.expect_err("an unknown CA");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");

    let dir = tempfile::tempdir().expect("a temporary directory");
    let bundle = dir.path().join("ca.pem");
    std::fs::write(&bundle, &certificates.ca_pem).expect("a CA bundle");
    get(Config::new().endpoint(&endpoint).ca_bundle(&bundle)).await.expect("the CA is trusted");

    let missing = dir.path().join("missing.pem");
    let error = get(Config::new().endpoint(&endpoint).ca_bundle(&missing)).await.expect_err("no such file");
    assert!(error.to_string().contains("cannot read the CA bundle") && error.to_string().contains("missing.pem"));
    std::fs::write(&bundle, "not a certificate").expect("a broken bundle");
    let error = get(Config::new().endpoint(&endpoint).ca_bundle(&bundle)).await.expect_err("no certificate");
    assert!(error.to_string().contains("ca.pem"), "{error}");
}

/// Everything a subscriber is given.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn certificate_checks_turned_off_accept_any_certificate_with_one_warning() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let endpoint = tls_server(&certificates(true)).await;
    let error = get(Config::new().endpoint(&endpoint)).await.expect_err("a self-signed certificate");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    for _ in 0..2 {
        get(Config::new().endpoint(&endpoint).danger_accept_invalid_certs(true)).await.expect("accepted");
    }
    let logs = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("utf-8");
    assert_eq!(logs.matches("certificate checks are off").count(), 1, "{logs}");
    assert!(logs.contains("WARN"), "{logs}");
}

#[tokio::test]
async fn the_user_agent_suffix_ends_the_user_agent() {
    let (proxy, heads) = recording_proxy().await;
    let config = Config::new().endpoint(format!("http://{proxy}")).user_agent_suffix("my-tool/1.2");
    get(config).await.expect("answered");
    let head = heads.lock().expect("not poisoned")[0].to_ascii_lowercase();
    let user_agent = head.lines().find_map(|line| line.strip_prefix("user-agent: ")).expect("a user agent");
    assert!(user_agent.starts_with("network/0 client-runtime/"), "{user_agent}");
    assert!(user_agent.ends_with(" my-tool/1.2"), "{user_agent}");
}

#[tokio::test]
async fn an_api_of_the_generic_platform_reads_no_cloud_settings() {
    static WHO_AM_I: Operation = Operation {
        name: "WhoAmI",
        method: Method::Get,
        path: &[client_runtime::codegen::PathPart::Literal("/me")],
        arguments: &[],
        auth: &[client_runtime::codegen::Auth::Bearer],
        idempotent: true,
    };
    let (proxy, heads) = recording_proxy().await;
    let environment = client_runtime::Environment::fixed([
        ("HUAWEICLOUD_SDK_AK", "AK"),
        ("HUAWEICLOUD_SDK_SK", "SK"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p"),
    ]);
    let config = Config::new().endpoint(format!("http://{proxy}")).environment(environment);
    let runtime = Runtime::new(config, &SERVICE).expect("valid");
    let error = runtime.send(Call::new(&WHO_AM_I)).await.expect_err("no credentials");
    assert!(error.to_string().contains("WhoAmI needs credentials (a bearer token) and the client has none"), "{error}");
    assert!(heads.lock().expect("not poisoned").is_empty(), "nothing is sent, to IAM or anywhere");
}
