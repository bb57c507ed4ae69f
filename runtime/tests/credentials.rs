//! Credentials as a client is made with them: parts given empty are refused then, by field and
//! never by value, and a call that needs credentials the client lacks says how to give them. The
//! service is a server on 127.0.0.1 that must receive nothing.

use client_runtime::codegen::{Auth, Call, Generic, Location, Method, Operation, PathPart, Runtime, Service};
use client_runtime::{AccessKey, Config, Credentials, Error};
use wiremock::MockServer;

static SERVICE: Service =
    Service { server: None, client_parameters: &[], platform: &Generic, user_agent: "credentials/0" };

/// `GET /items`: a token in a header, or a user name and password.
static LIST_ITEMS: Operation = Operation {
    name: "ListItems",
    method: Method::Get,
    path: &[PathPart::Literal("/items")],
    arguments: &[],
    auth: &[Auth::ApiKey { scheme: "token", location: Location::Header, name: "X-Api-Key" }, Auth::Basic],
    idempotent: true,
    accept: None,
};

const SECRET: &str = "S3CRET-VALUE";

#[test]
fn parts_given_empty_are_refused_when_the_client_is_made() {
    let base = Config::new().endpoint("http://127.0.0.1:9");
    let cases: Vec<(Config, &str)> = vec![
        (base.clone().token(""), "token"),
        (base.clone().access_key(AccessKey::new("", SECRET)), "access_key_id"),
        (base.clone().access_key(AccessKey::new("AK", "")), "secret_access_key"),
        (base.clone().access_key(AccessKey::new("AK", SECRET).security_token("")), "security_token"),
        (base.clone().credentials(Credentials::AccessKey(AccessKey::new("AK", ""))), "secret_access_key"),
        (base.clone().basic_auth("", SECRET), "username"),
        (base.clone().api_keys([("client_id", SECRET), ("secret", "")]), "key for `secret`"),
    ];
    for (config, field) in cases {
        let error = Runtime::new(config, &SERVICE).expect_err(field);
        assert!(matches!(error, Error::Config(_)), "{field}: {error:?}");
        assert_eq!(error.to_string(), format!("configuration: the credentials have an empty {field}"));
        assert!(!format!("{error:?}").contains(SECRET), "{field}: {error:?}");
    }
    // A password may be empty: some services take a key as the user name and no password.
    assert!(Runtime::new(base.clone().basic_auth("key", ""), &SERVICE).is_ok());
    assert!(Runtime::new(base.access_key(AccessKey::new("AK", SECRET).security_token("T")), &SERVICE).is_ok());
}

#[tokio::test]
async fn a_call_without_credentials_names_the_config_methods_and_sends_nothing() {
    let server = MockServer::start().await;
    let runtime = Runtime::new(Config::new().endpoint(server.uri()), &SERVICE).expect("no credentials is valid");
    let error = runtime.send(Call::new(&LIST_ITEMS)).await.expect_err("no credentials");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "configuration: ListItems needs credentials (a token in X-Api-Key or a user name and password) and the \
         client has none: give them with Config::token or Config::basic_auth, or Config::credentials for a source \
         of your own"
    );
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}
