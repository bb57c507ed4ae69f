//! Off a cloud server, the instance metadata service does not answer. Against a listener on
//! 127.0.0.1 that takes connections and never answers, an attempt gives up within its bound
//! (configured, from the environment, or given to the source) and is made once per process.

use client_runtime::codegen::{Auth, Call, Method, Operation, PathPart, Runtime, Service};
use client_runtime::{Config, Environment, Error, FetchCredentials};
use huaweicloud_runtime::{HuaweiCloud, InstanceMetadata};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

static SERVICE: Service =
    Service { server: None, client_parameters: &[], platform: &HuaweiCloud::new(), user_agent: "metadata/0" };

static LIST_ITEMS: Operation = Operation {
    name: "ListItems",
    method: Method::Get,
    path: &[PathPart::Literal("/items")],
    arguments: &[],
    auth: &[Auth::Signature],
    idempotent: true,
    accept: None,
};

/// A listener that takes every connection and never answers.
struct Silent {
    address: String,
    accepted: mpsc::UnboundedReceiver<TcpStream>,
}

impl Silent {
    async fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address").to_string();
        let (taken, accepted) = mpsc::unbounded_channel();
        // Connections are held open, unanswered, until counted.
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                if taken.send(stream).is_err() {
                    break;
                }
            }
        });
        Silent { address, accepted }
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections were made to it so far. A connection of the test's own goes last:
    /// connections are accepted in the order they were made, so once it is taken every earlier
    /// one has been.
    async fn connections(mut self) -> usize {
        let last = TcpStream::connect(&self.address).await.expect("the listener takes connections");
        let last = last.local_addr().expect("an address");
        let mut count = 0;
        while let Some(stream) = self.accepted.recv().await {
            if stream.peer_addr().expect("a peer") == last {
                return count;
            }
            count += 1;
        }
        panic!("the listener stopped");
    }
}

/// Settings with no credentials anywhere but the metadata service at `metadata`.
fn environment(home: &tempfile::TempDir, metadata: &str, extra: &[(&str, &str)]) -> Environment {
    let mut vars = vec![
        ("HOME".to_owned(), home.path().to_string_lossy().into_owned()),
        ("HUAWEICLOUD_METADATA_ENDPOINT".to_owned(), metadata.to_owned()),
    ];
    vars.extend(extra.iter().map(|(name, value)| (name.to_string(), value.to_string())));
    Environment::fixed(vars)
}

/// Two calls of one client, and one of a second client: every one fails for want of credentials.
async fn three_calls(config: Config) -> Vec<String> {
    let mut errors = Vec::new();
    for runtime in [Runtime::new(config.clone(), &SERVICE), Runtime::new(config, &SERVICE)] {
        let runtime = runtime.expect("a valid configuration");
        let calls = if errors.is_empty() { 2 } else { 1 };
        for _ in 0..calls {
            let error = runtime.send(Call::new(&LIST_ITEMS)).await.expect_err("no credentials anywhere");
            assert!(matches!(error, Error::Config(_)), "{error:?}");
            errors.push(error.to_string());
        }
    }
    errors
}

fn assert_given_up_once(errors: &[String], bound: &str) {
    assert!(errors[0].contains(&format!("no answer within {bound}")), "{}", errors[0]);
    assert!(errors[0].contains("HUAWEICLOUD_METADATA_TIMEOUT"), "{}", errors[0]);
    for later in &errors[1..] {
        assert!(later.contains(&format!("no answer within {bound}")), "{later}");
        assert!(later.contains("not asked again by this process"), "{later}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_configured_bound_ends_the_attempt_which_is_made_once() {
    let silent = Silent::start().await;
    let home = tempfile::tempdir().expect("a temporary home");
    // The configuration's bound comes before the environment's.
    let environment = environment(&home, &silent.url(), &[("HUAWEICLOUD_METADATA_TIMEOUT", "30")]);
    let config = Config::new()
        .endpoint("http://127.0.0.1:9")
        .environment(environment)
        .instance_metadata_timeout(std::time::Duration::from_millis(150));
    let errors = three_calls(config).await;
    assert_given_up_once(&errors, "150ms");
    assert_eq!(silent.connections().await, 1, "one attempt for the process");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_environment_sets_the_bound() {
    let silent = Silent::start().await;
    let home = tempfile::tempdir().expect("a temporary home");
    let environment = environment(&home, &silent.url(), &[("HUAWEICLOUD_METADATA_TIMEOUT", "0.2")]);
    let errors = three_calls(Config::new().endpoint("http://127.0.0.1:9").environment(environment)).await;
    assert_given_up_once(&errors, "200ms");
    assert_eq!(silent.connections().await, 1, "one attempt for the process");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_source_made_in_code_takes_its_own_bound() {
    let silent = Silent::start().await;
    let fetch = |silent: &Silent| {
        InstanceMetadata::new(silent.url()).expect("a valid URL").timeout(std::time::Duration::from_millis(100))
    };
    let first = fetch(&silent).fetch().await.expect_err("no answer").to_string();
    assert!(first.contains("no answer within 100ms"), "{first}");
    let second = fetch(&silent).fetch().await.expect_err("no answer").to_string();
    assert!(second.contains("not asked again by this process"), "{second}");
    assert_eq!(silent.connections().await, 1, "one attempt for the process");
}

#[test]
fn a_bound_that_is_not_seconds_is_refused_naming_the_variable() {
    let home = tempfile::tempdir().expect("a temporary home");
    for value in ["soon", "-1", "NaN"] {
        let environment = environment(&home, "http://127.0.0.1:9", &[("HUAWEICLOUD_METADATA_TIMEOUT", value)]);
        let error = Runtime::new(Config::new().endpoint("http://127.0.0.1:9").environment(environment), &SERVICE)
            .expect_err(value);
        assert!(error.to_string().contains("HUAWEICLOUD_METADATA_TIMEOUT: expected seconds"), "{error}");
    }
}
