//! The generated client against a real HTTP server on 127.0.0.1.

use oms::{BasicCredentials, Client, Config, Environment, Error, IamToken, RetryTaskGroupReq, StartTaskGroupReq};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const GROUP: &str = "2c11d99a-9596-4bc6-a6ad-2336455b149c";
const TOKEN: &str = "MIIT-example-iam-token";

fn client(server: &MockServer) -> Client {
    Client::new(Config::new().endpoint(server.uri()).credentials(IamToken::new(TOKEN).project_id(PROJECT)))
        .expect("valid configuration")
}

fn task_path(group: &str, action: &str) -> String {
    format!("/v2/{PROJECT}/taskgroups/{group}/{action}")
}

async fn received_nothing(server: &MockServer) -> bool {
    server.received_requests().await.unwrap_or_default().is_empty()
}

#[tokio::test]
async fn retry_sends_method_path_token_and_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task_path(GROUP, "retry")))
        .and(header("X-Auth-Token", TOKEN))
        .and(header("Content-Type", "application/json;charset=utf-8"))
        .and(body_string(
            r#"{"src_ak":"src_AK","src_sk":"src_SK","dst_ak":"dst_AK","dst_sk":"dst_SK","migrate_failed_object":false}"#,
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let body = RetryTaskGroupReq::default()
        .src_ak("src_AK")
        .src_sk("src_SK")
        .dst_ak("dst_AK")
        .dst_sk("dst_SK")
        .migrate_failed_object(false);
    client(&server).retry_task_group(GROUP, body).await.expect("200 is success");
}

#[tokio::test]
async fn an_all_unset_retry_body_is_an_empty_object() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task_path(GROUP, "retry")))
        .and(body_string("{}"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect("sent");
}

#[tokio::test]
async fn start_sends_required_fields_and_enums_by_wire_value() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task_path(GROUP, "start")))
        .and(header("X-Auth-Token", TOKEN))
        .and(body_string(r#"{"dst_ak":"dst_AK","dst_sk":"dst_SK","dst_crypto_type":"KMS"}"#))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let body = StartTaskGroupReq::new("dst_AK", "dst_SK").dst_crypto_type(oms::CryptoType::Kms);
    client(&server).start_task_group(GROUP, body).await.expect("sent");
}

#[tokio::test]
async fn a_group_id_is_one_percent_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task_path("g%20id%E7%BB%84%C3%BC%5C%3F", "retry")))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).retry_task_group("g id组ü\\?", RetryTaskGroupReq::default()).await.expect("sent");
}

#[tokio::test]
async fn path_values_that_change_the_path_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for group in ["", ".", "..", "a/b", "../../retry"] {
        let error = client.retry_task_group(group, RetryTaskGroupReq::default()).await.expect_err(group);
        let Error::Invalid(invalid) = &error else { panic!("{group:?}: {error:?}") };
        assert_eq!(invalid.violations[0].field, "group_id", "{group:?}");
    }
    assert!(received_nothing(&server).await);
}

#[tokio::test]
async fn bodies_breaking_the_spec_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let error = client.start_task_group(GROUP, StartTaskGroupReq::new("dst_AK", "")).await.expect_err("empty dst_sk");
    assert_eq!(
        error.to_string(),
        "invalid StartTaskGroup request: `body.dst_sk` must be at least 1 characters long (is 0)"
    );

    let too_long = RetryTaskGroupReq::default().src_ak("a".repeat(101));
    let error = client.retry_task_group(GROUP, too_long).await.expect_err("src_ak too long");
    assert!(error.to_string().contains("`body.src_ak` must be at most 100 characters"), "{error}");

    let bad_key = RetryTaskGroupReq::default().src_kms_key_id(format!("{}<", "a".repeat(35)));
    let error = client.retry_task_group(GROUP, bad_key).await.expect_err("pattern");
    assert!(error.to_string().contains("`body.src_kms_key_id` must match the pattern"), "{error}");

    let unknown = RetryTaskGroupReq::default().dst_crypto_type(oms::CryptoType::Unknown("AES".into()));
    let error = client.retry_task_group(GROUP, unknown).await.expect_err("unknown enum value");
    assert!(error.to_string().contains("`body.dst_crypto_type` must be one of: DEFAULT, KMS"), "{error}");

    let too_long_group = "g".repeat(1025);
    let error = client.retry_task_group(&too_long_group, RetryTaskGroupReq::default()).await.expect_err("group id");
    assert!(error.to_string().contains("`group_id` must be at most 1024 characters"), "{error}");
    assert!(received_nothing(&server).await);
}

#[tokio::test]
async fn error_statuses_carry_status_request_id_code_and_message() {
    let server = MockServer::start().await;
    Mock::given(path(task_path(GROUP, "retry")))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-400")
                .set_body_string(r#"{"error_code":"OMS.0003","error_msg":"task group not found"}"#),
        )
        .mount(&server)
        .await;
    Mock::given(path(task_path(GROUP, "start")))
        .respond_with(
            ResponseTemplate::new(403).set_body_string(r#"{"error_code":"OMS.0002","error_msg":"forbidden"}"#),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect_err("400");
    let service = error.service().expect("a service error");
    assert_eq!(service.status, 400);
    assert_eq!(service.request_id.as_deref(), Some("req-400"));
    assert_eq!(service.error_code.as_deref(), Some("OMS.0003"));
    assert_eq!(service.error_msg.as_deref(), Some("task group not found"));
    assert!(service.is_client_error());
    assert_eq!(error.to_string(), "service error 400 (request id req-400): OMS.0003: task group not found");

    let error = client.start_task_group(GROUP, StartTaskGroupReq::new("a", "b")).await.expect_err("403");
    let service = error.service().expect("a service error");
    assert_eq!((service.status, service.request_id.as_deref()), (403, None));
    assert_eq!(service.error_code.as_deref(), Some("OMS.0002"));
}

#[tokio::test]
async fn a_body_that_is_not_an_error_object_is_kept_raw() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"))
        .mount(&server)
        .await;
    let error = client(&server).retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect_err("502");
    let service = error.service().expect("a service error");
    assert!(service.is_server_error());
    assert_eq!((service.error_code.as_ref(), service.body.as_str()), (None, "<html>bad gateway</html>"));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "http://127.0.0.1:9/elsewhere"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect_err("307");
    assert_eq!(error.service().map(|s| s.status), Some(307));
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // A port that was just free: bind it, note it, release it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let client = Client::new(Config::new().endpoint(endpoint).credentials(IamToken::new(TOKEN).project_id(PROJECT)))
        .expect("valid");
    let error = client.retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn the_project_id_is_required_and_checked_when_the_client_is_made() {
    // With an endpoint and no region, there is no project name to look up in IAM.
    let config = Config::new().endpoint("http://127.0.0.1:9").token(TOKEN);
    let error = Client::new(config.clone()).expect_err("no project id");
    assert!(error.to_string().starts_with("configuration: client parameter `project_id` is not set"), "{error}");
    assert!(error.to_string().contains("HUAWEICLOUD_SDK_PROJECT_ID"), "{error}");
    assert!(error.to_string().contains("set a region so that it is looked up in IAM"), "{error}");
    let error = Client::new(config.clone().client_parameter("project_id", "..")).expect_err("unsafe project id");
    assert!(matches!(error, Error::Invalid(_)), "{error:?}");
    let unknown = config.credentials(IamToken::new(TOKEN).project_id(PROJECT)).client_parameter("domain_id", "x");
    let error = Client::new(unknown).expect_err("unknown client parameter");
    assert!(error.to_string().contains("no client parameter `domain_id`"), "{error}");
}

#[tokio::test]
async fn calls_without_credentials_are_refused_before_sending() {
    let server = MockServer::start().await;
    // Nothing in the environment, no profile file, and no metadata service listening.
    let home = tempfile::tempdir().expect("a temporary home");
    let environment = Environment::fixed([
        ("HOME", home.path().to_string_lossy().as_ref()),
        ("HUAWEICLOUD_METADATA_ENDPOINT", "http://127.0.0.1:9"),
    ]);
    let config = Config::new().endpoint(server.uri()).client_parameter("project_id", PROJECT).environment(environment);
    let client = Client::new(config).expect("valid");
    let error = client.retry_task_group(GROUP, RetryTaskGroupReq::default()).await.expect_err("no credentials");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let message = error.to_string();
    for source in [
        "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set (nor CLOUD_SDK_AK and CLOUD_SDK_SK)",
        "HUAWEICLOUD_SDK_IAM_TOKEN is not set",
        "/.huaweicloud/credentials does not exist",
        "instance metadata (http://127.0.0.1:9)",
    ] {
        assert!(message.contains(source), "{source}: {message}");
    }
    // Every way to give them, in code and in the chain's order.
    let ways = [
        "Config::credentials with BasicCredentials::new or IamToken::new",
        "Config::access_key",
        "Config::token",
        "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK and CLOUD_SDK_SK)",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_IAM_TOKEN;",
        "the profile file (~/.huaweicloud/credentials, or HUAWEICLOUD_SDK_CREDENTIALS_FILE)",
        "the ECS instance metadata service (http://169.254.169.254, or HUAWEICLOUD_METADATA_ENDPOINT; given up \
         after HUAWEICLOUD_METADATA_TIMEOUT seconds, else 1)",
    ];
    let mut at = 0;
    for way in ways {
        let found = message[at..].find(way).unwrap_or_else(|| panic!("{way} after {at}: {message}"));
        at += found + way.len();
    }
    assert!(received_nothing(&server).await);
}

#[test]
fn credentials_given_empty_are_refused_when_the_client_is_made() {
    let base = Config::new().endpoint("http://127.0.0.1:9").client_parameter("project_id", PROJECT);
    let cases = [
        (base.clone().credentials(BasicCredentials::new("", "S3CRET-SK")), "access_key_id"),
        (base.clone().credentials(BasicCredentials::new("AK", "")), "secret_access_key"),
        (base.clone().credentials(BasicCredentials::new("AK", "S3CRET-SK").security_token("")), "security_token"),
        (base.clone().credentials(BasicCredentials::new("AK", "S3CRET-SK").project_id("")), "project_id"),
        (base.clone().credentials(IamToken::new("")), "token"),
        (base.clone().token(""), "token"),
    ];
    for (config, field) in cases {
        let error = Client::new(config).expect_err(field);
        assert_eq!(error.to_string(), format!("configuration: the credentials have an empty {field}"));
        assert!(!format!("{error:?}").contains("S3CRET-SK"), "{error:?}");
    }
}

#[test]
fn regions_give_the_regional_endpoint() {
    assert_eq!(oms::Region::ALL.len(), 21);
    for region in oms::Region::ALL {
        assert_eq!(region.as_str().parse::<oms::Region>(), Ok(region));
        assert_eq!(region.to_string(), region.as_str());
    }
    let error = "mars-north-1".parse::<oms::Region>().expect_err("unknown region");
    assert!(error.to_string().contains("cn-north-4"), "{error}");
    let credentials = IamToken::new(TOKEN).project_id(PROJECT);
    let no_settings = Environment::fixed([("HOME", "/nonexistent")]);
    let base = Config::new().credentials(credentials).environment(no_settings.clone());
    let endpoint_of = |config: Config| {
        let client = Client::new(config).expect("valid");
        let shown = format!("{client:?}");
        let start = shown.find("base_url: \"").expect("a base URL") + "base_url: \"".len();
        shown[start..].split('"').next().expect("quoted").to_owned()
    };
    assert_eq!(
        endpoint_of(base.clone().region(oms::Region::ApSoutheast1)),
        "https://oms.ap-southeast-1.myhuaweicloud.com"
    );
    assert_eq!(endpoint_of(base.clone().region_id("la-south-2")), "https://oms.la-south-2.myhuaweicloud.com");

    // No silent default: the error names every way to set one.
    let error = Client::new(base.clone()).expect_err("no region").to_string();
    for way in
        ["no region is set", "Config::region", "--region", "HUAWEICLOUD_REGION", "Config::endpoint", "--endpoint"]
    {
        assert!(error.contains(way), "{way}: {error}");
    }
    // The region from the environment, and endpoints from the vendor's variable and regions file.
    let from_env = base.clone().environment(Environment::fixed([("HUAWEICLOUD_REGION", "cn-east-3")]));
    assert_eq!(endpoint_of(from_env), "https://oms.cn-east-3.myhuaweicloud.com");
    let vendor_variable = Environment::fixed([("HUAWEICLOUD_SDK_REGION_OMS_EU_WEST_101", "oms.eu-west-101.example")]);
    let unlisted = base.clone().region_id("eu-west-101");
    assert_eq!(endpoint_of(unlisted.clone().environment(vendor_variable)), "https://oms.eu-west-101.example");
    let error = Client::new(unlisted).expect_err("an unlisted region without an endpoint").to_string();
    assert!(error.contains("`eu-west-101` is not a region the spec lists"), "{error}");
    assert!(error.contains("HUAWEICLOUD_SDK_REGION_OMS_EU_WEST_101") && error.contains("regions.yaml"), "{error}");
    let home = tempfile::tempdir().expect("a temporary home");
    std::fs::create_dir(home.path().join(".huaweicloud")).expect("a settings directory");
    let regions = "OMS:\n  - id: cn-north-4\n    endpoint: https://oms.private.example\n";
    std::fs::write(home.path().join(".huaweicloud/regions.yaml"), regions).expect("a regions file");
    let with_file = Environment::fixed([("HOME", home.path().to_string_lossy().as_ref())]);
    assert_eq!(
        endpoint_of(base.clone().region(oms::Region::CnNorth4).environment(with_file)),
        "https://oms.private.example"
    );
    // An endpoint and a region together: requests go to the endpoint.
    let both = base.region(oms::Region::CnNorth4).endpoint("http://127.0.0.1:8080");
    let client = Client::new(both).expect("valid");
    assert!(format!("{client:?}").contains("region: Some(\"cn-north-4\")"), "{client:?}");
    assert_eq!(
        endpoint_of(
            Config::new().credentials(IamToken::new(TOKEN).project_id(PROJECT)).endpoint("http://127.0.0.1:8080/")
        ),
        "http://127.0.0.1:8080"
    );
}

#[test]
fn debug_output_never_shows_secrets() {
    let body = RetryTaskGroupReq::default()
        .src_sk("SOURCE-SECRET")
        .dst_sk("DEST-SECRET")
        .connection_string("AccountKey=CONN-SECRET")
        .json_auth_file("{\"private_key\":\"GCS-SECRET\"}")
        .source_cdn_authentication_key("CDN-SECRET");
    let config = Config::new()
        .region(oms::Region::CnNorth4)
        .credentials(IamToken::new(TOKEN).project_id(PROJECT))
        .proxy("http://user:PROXY-SECRET@proxy.example:3128");
    let client = Client::new(config.clone()).expect("valid");
    let shown = format!("{body:?} {body:#?} {config:?} {client:?}");
    for secret in ["SOURCE-SECRET", "DEST-SECRET", "CONN-SECRET", "GCS-SECRET", "CDN-SECRET", "PROXY-SECRET", TOKEN] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    // The real values still go on the wire.
    let json = serde_json::to_string(&body).expect("serializes");
    assert!(json.contains("SOURCE-SECRET") && json.contains("CDN-SECRET"));
}
