//! Credentials, project ids and endpoints found as the vendor's SDKs find them, end to end:
//! the OMS client against a fake IAM, a fake instance metadata service and a fake OMS, all on
//! 127.0.0.1, with settings in fixed environments and temporary home directories.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use huaweicloud_runtime::signer;
use oms::{AccessKey, Client, Config, Environment, Error, Region};
use reqwest::header::HeaderMap;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const GROUP: &str = "group-1";
const FOUND_PROJECT: &str = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";

/// The three services a client may talk to.
struct Fakes {
    oms: MockServer,
    iam: MockServer,
    home: tempfile::TempDir,
}

impl Fakes {
    async fn start() -> Self {
        let oms = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("{}")).mount(&oms).await;
        Fakes { oms, iam: MockServer::start().await, home: tempfile::tempdir().expect("a temporary home") }
    }

    /// IAM answers `projects` for the region's name.
    async fn projects(&self, region: &str, ids: &[&str]) {
        let projects: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id, "name": region})).collect();
        Mock::given(method("GET"))
            .and(path("/v3/projects"))
            .and(query_param("name", region))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "projects": projects })))
            .mount(&self.iam)
            .await;
    }

    /// Settings that point the client at the fakes: OMS in cn-north-4 through the vendor's
    /// endpoint variable, IAM through its own; nothing else but `extra`.
    fn environment(&self, extra: &[(&str, &str)]) -> Environment {
        let mut vars = vec![
            ("HOME".to_owned(), self.home.path().to_string_lossy().into_owned()),
            ("HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4".to_owned(), self.oms.uri()),
            ("HUAWEICLOUD_SDK_IAM_ENDPOINT".to_owned(), self.iam.uri()),
            // No metadata service unless a test starts one.
            ("HUAWEICLOUD_METADATA_ENDPOINT".to_owned(), "http://127.0.0.1:9".to_owned()),
        ];
        for (name, value) in extra {
            vars.retain(|(known, _)| known != name);
            vars.push((name.to_string(), value.to_string()));
        }
        Environment::fixed(vars)
    }

    fn client(&self, extra: &[(&str, &str)]) -> Client {
        Client::new(Config::new().region(Region::CnNorth4).environment(self.environment(extra))).expect("valid")
    }

    /// Writes the profile file in the temporary home.
    fn profile(&self, text: &str) {
        let dir = self.home.path().join(".huaweicloud");
        std::fs::create_dir_all(&dir).expect("a settings directory");
        std::fs::write(dir.join("credentials"), text).expect("a profile file");
    }

    async fn iam_requests(&self) -> Vec<Request> {
        self.iam.received_requests().await.expect("recording is on")
    }

    async fn oms_requests(&self) -> Vec<Request> {
        self.oms.received_requests().await.expect("recording is on")
    }
}

fn header_of<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks that `request` is signed by `key`: the signature is computed again over the headers it
/// names, as received.
fn assert_signed_by(request: &Request, key: &AccessKey) {
    let authorization = header_of(request, "authorization").expect("signed");
    let names = authorization.split(", ").find_map(|p| p.strip_prefix("SignedHeaders=")).expect("signed headers");
    let mut headers = HeaderMap::new();
    for name in names.split(';') {
        let value = request.headers.get(name).unwrap_or_else(|| panic!("signed header {name} was sent"));
        headers.insert(reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("a name"), value.clone());
    }
    let date = header_of(request, "x-sdk-date").expect("dated").to_owned();
    let expected =
        signer::sign(request.method.as_str(), &request.url, &mut headers, &request.body, key, &date).expect("signs");
    assert_eq!(authorization, expected.authorization);
}

#[tokio::test]
async fn a_region_and_an_access_key_in_the_environment_are_enough() {
    let fakes = Fakes::start().await;
    fakes.projects("cn-north-4", &[FOUND_PROJECT]).await;
    let (ak, sk) = ("AK-REGION-ONLY", "SK-REGION-ONLY");
    let vars = [("HUAWEICLOUD_SDK_AK", ak), ("HUAWEICLOUD_SDK_SK", sk)];
    let client = fakes.client(&vars);
    let (first, second) = tokio::join!(client.show_task_group(GROUP).send(), client.show_task_group(GROUP).send());
    first.expect("sent");
    second.expect("sent");
    fakes.client(&vars).show_task_group(GROUP).await.expect("a second client");

    let iam = fakes.iam_requests().await;
    assert_eq!(iam.len(), 1, "one lookup for concurrent calls and for a second client");
    assert_eq!(iam[0].url.query(), Some("name=cn-north-4"));
    assert!(header_of(&iam[0], "authorization").unwrap().contains("SignedHeaders=host;user-agent;x-sdk-date,"));
    assert_eq!(header_of(&iam[0], "content-type"), None);
    assert_signed_by(&iam[0], &AccessKey::new(ak, sk));
    let oms = fakes.oms_requests().await;
    assert_eq!(oms.len(), 3);
    for request in &oms {
        assert_eq!(request.url.path(), format!("/v2/{FOUND_PROJECT}/taskgroups/{GROUP}"));
        assert_eq!(header_of(request, "x-project-id"), Some(FOUND_PROJECT));
        assert_signed_by(request, &AccessKey::new(ak, sk));
    }
}

#[tokio::test]
async fn no_project_several_projects_or_an_iam_error_are_named_and_nothing_is_sent() {
    let fakes = Fakes::start().await;
    let client = fakes.client(&[("HUAWEICLOUD_SDK_AK", "AK-IAM-ERRORS"), ("HUAWEICLOUD_SDK_SK", "SK")]);
    let keystone_denial = serde_json::json!({"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}});
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401).insert_header("X-IAM-Trace-Id", "trace-1").set_body_json(keystone_denial),
        )
        .up_to_n_times(1)
        .mount(&fakes.iam)
        .await;
    let answers = [
        serde_json::json!({"projects": []}),
        serde_json::json!({"projects": [{"id": "p-1"}, {"id": "p-2"}]}),
        serde_json::json!({"projects": [{"id": FOUND_PROJECT}]}),
    ];
    let mut expected = vec![
        "401 (request id none): 401: The request you have made requires authentication. (X-IAM-Trace-Id trace-1)",
        "IAM knows no project of that name",
        "IAM has several projects of that name: p-1, p-2",
    ];
    for answer in answers {
        if let Some(expected) = (!expected.is_empty()).then(|| expected.remove(0)) {
            let error = client.show_task_group(GROUP).await.expect_err("no single project");
            let message = error.to_string();
            assert!(matches!(error, Error::Config(_)), "{error:?}");
            assert!(message.contains("cannot find the project id of region `cn-north-4` through IAM"), "{message}");
            assert!(message.contains(expected) && message.contains("--project-id"), "{expected}: {message}");
        }
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .up_to_n_times(1)
            .mount(&fakes.iam)
            .await;
    }
    assert!(fakes.oms_requests().await.is_empty(), "nothing is sent without a project id");
    client.show_task_group(GROUP).await.expect("a failed lookup is tried again by the next call");
    assert_eq!(fakes.oms_requests().await[0].url.path(), format!("/v2/{FOUND_PROJECT}/taskgroups/{GROUP}"));
}

#[tokio::test]
async fn an_endpoint_and_a_region_together() {
    let fakes = Fakes::start().await;
    fakes.projects("ap-southeast-1", &[FOUND_PROJECT]).await;
    let environment = fakes.environment(&[("HUAWEICLOUD_SDK_AK", "AK-BOTH"), ("HUAWEICLOUD_SDK_SK", "SK")]);
    let config = Config::new().endpoint(fakes.oms.uri()).region(Region::ApSoutheast1).environment(environment);
    Client::new(config).expect("valid").show_task_group(GROUP).await.expect("sent to the endpoint");
    assert_eq!(fakes.iam_requests().await[0].url.query(), Some("name=ap-southeast-1"));
    assert_eq!(fakes.oms_requests().await.len(), 1);
}

/// A fake instance metadata service whose temporary credentials live `lifetime`; each answer
/// has a new AK (`TEMP-AK-1`, `TEMP-AK-2`, ...).
async fn metadata_service(lifetime: Duration) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/meta-data/latest/api/token"))
        .and(header("X-Metadata-Token-Ttl-Seconds", "21600"))
        .respond_with(ResponseTemplate::new(200).set_body_string("SESSION-TOKEN"))
        .mount(&server)
        .await;
    let fetched = Arc::new(AtomicUsize::new(0));
    let count = fetched.clone();
    Mock::given(method("GET"))
        .and(path("/openstack/latest/securitykey"))
        .and(header("X-Metadata-Token", "SESSION-TOKEN"))
        .respond_with(move |_: &Request| {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            let expires = humantime::format_rfc3339(SystemTime::now() + lifetime).to_string();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"credential": {
                "access": format!("TEMP-AK-{n}"),
                "secret": format!("TEMP-SK-{n}"),
                "securitytoken": format!("TEMP-TOKEN-{n}"),
                "expires_at": expires,
            }}))
        })
        .mount(&server)
        .await;
    (server, fetched)
}

/// Sends `n` calls at once; returns the AKs they were signed with.
async fn concurrent_calls(fakes: &Fakes, client: &Client, n: usize) -> Vec<String> {
    let before = fakes.oms_requests().await.len();
    let calls = (0..n).map(|_| client.show_task_group(GROUP).send());
    for result in futures_util::future::join_all(calls).await {
        result.expect("sent");
    }
    let requests = fakes.oms_requests().await;
    requests[before..]
        .iter()
        .map(|r| {
            let authorization = header_of(r, "authorization").expect("signed");
            let ak = authorization.split("Access=").nth(1).and_then(|rest| rest.split(',').next()).expect("an AK");
            let token = header_of(r, "x-security-token").expect("temporary credentials carry their token");
            assert_eq!(token.strip_prefix("TEMP-TOKEN-"), ak.strip_prefix("TEMP-AK-"), "token and key match");
            ak.to_owned()
        })
        .collect()
}

#[tokio::test]
async fn temporary_credentials_from_instance_metadata_are_refreshed_ahead_of_expiry_once() {
    let fakes = Fakes::start().await;
    fakes.projects("cn-north-4", &[FOUND_PROJECT]).await;
    // Refreshed when half their lifetime is left (less than the 40 minutes ahead they would be).
    let lifetime = Duration::from_millis(2000);
    let (metadata, fetched) = metadata_service(lifetime).await;
    let client = fakes.client(&[("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str())]);

    assert_eq!(concurrent_calls(&fakes, &client, 8).await, vec!["TEMP-AK-1"; 8]);
    assert_eq!(fetched.load(Ordering::SeqCst), 1, "one fetch for eight concurrent first calls");
    let iam = &fakes.iam_requests().await[0];
    assert!(header_of(iam, "authorization").unwrap().starts_with("SDK-HMAC-SHA256 Access=TEMP-AK-1,"));
    assert_eq!(header_of(iam, "x-security-token"), Some("TEMP-TOKEN-1"), "IAM is asked with the token too");

    // Due for refresh but valid: one call fetches, the others go on without waiting.
    tokio::time::sleep(lifetime / 2 + Duration::from_millis(200)).await;
    let aks = concurrent_calls(&fakes, &client, 8).await;
    assert_eq!(fetched.load(Ordering::SeqCst), 2, "one refresh for eight concurrent calls: {aks:?}");
    assert!(aks.contains(&"TEMP-AK-2".to_owned()), "{aks:?}");
    assert!(aks.iter().all(|ak| ak == "TEMP-AK-1" || ak == "TEMP-AK-2"), "{aks:?}");

    // Expired: every call waits for the one fetch.
    tokio::time::sleep(lifetime + Duration::from_millis(200)).await;
    assert_eq!(concurrent_calls(&fakes, &client, 8).await, vec!["TEMP-AK-3"; 8]);
    assert_eq!(fetched.load(Ordering::SeqCst), 3);
    assert_eq!(fakes.iam_requests().await.len(), 1, "the project id is looked up once per client");
}

#[tokio::test]
async fn a_metadata_service_without_session_tokens_and_a_lapsed_session_token() {
    let fakes = Fakes::start().await;
    fakes.projects("cn-north-4", &[FOUND_PROJECT]).await;
    let metadata = MockServer::start().await;
    let credentials = serde_json::json!({"credential": {"access": "TEMP-AK-1", "secret": "S", "securitytoken": "TEMP-TOKEN-1", "expires_at": "2099-01-01T00:00:00.000000Z"}});
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(404)).mount(&metadata).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(credentials.clone()))
        .mount(&metadata)
        .await;
    let client = fakes.client(&[("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str())]);
    client.show_task_group(GROUP).await.expect("sent");
    let asked = metadata.received_requests().await.expect("recording is on");
    assert_eq!(asked.len(), 2);
    assert_eq!(header_of(&asked[1], "x-metadata-token"), None, "no session token to send");

    // A 401 for a lapsed session token: a new one, and the credentials asked for once more.
    let metadata = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_string("T")).mount(&metadata).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(credentials))
        .mount(&metadata)
        .await;
    let client = fakes.client(&[("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str())]);
    client.show_task_group(GROUP).await.expect("sent");
    let asked: Vec<String> =
        metadata.received_requests().await.expect("on").iter().map(|r| r.method.to_string()).collect();
    assert_eq!(asked, ["PUT", "GET", "PUT", "GET"]);

    // No agency attached: the service's own words, and each source passed over, in the error.
    let metadata = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_string("T")).mount(&metadata).await;
    let no_agency = "Please configure Cloud Service Agency first";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string(no_agency))
        .mount(&metadata)
        .await;
    let client = fakes.client(&[("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str())]);
    let error = client.show_task_group(GROUP).await.expect_err("no credentials").to_string();
    assert!(error.contains(no_agency) && error.contains("answered 401"), "{error}");
    assert!(error.contains("HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set"), "{error}");
    assert!(error.contains("credentials does not exist"), "{error}");
}

#[tokio::test]
async fn the_profile_file_in_a_temporary_home() {
    let fakes = Fakes::start().await;
    fakes.profile("[basic]\nak = AK-PROFILE\nsk = SK-PROFILE\nproject_id = 11112222333344445555666677778888\n");
    let client = fakes.client(&[]);
    client.show_task_group(GROUP).await.expect("sent");
    let request = &fakes.oms_requests().await[0];
    assert_signed_by(request, &AccessKey::new("AK-PROFILE", "SK-PROFILE"));
    assert_eq!(header_of(request, "x-project-id"), Some("11112222333344445555666677778888"));
    assert!(fakes.iam_requests().await.is_empty(), "the profile names the project");

    // A profile elsewhere, naming its IAM endpoint (which wins over the variable's) and no project.
    let other_iam = MockServer::start().await;
    let answer = serde_json::json!({"projects": [{"id": FOUND_PROJECT}]});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(answer)).mount(&other_iam).await;
    let file = fakes.home.path().join("elsewhere.ini");
    std::fs::write(
        &file,
        format!("[basiccredentials]\nak = AK-ELSEWHERE\nsk = SK\niam_endpoint = {}\n", other_iam.uri()),
    )
    .expect("a profile file");
    let client = fakes.client(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", file.to_string_lossy().as_ref())]);
    client.show_task_group(GROUP).await.expect("sent");
    assert_eq!(other_iam.received_requests().await.expect("on").len(), 1);
    assert!(fakes.iam_requests().await.is_empty());
}

#[tokio::test]
async fn explicit_beats_the_environment_which_beats_the_profile_which_beats_metadata() {
    let fakes = Fakes::start().await;
    let (metadata, fetched) = metadata_service(Duration::from_secs(3600)).await;
    fakes.profile("[basic]\nak = AK-PROFILE\nsk = SK\nproject_id = p-profile\n");
    let signed_by = |request: &Request| {
        let authorization = header_of(request, "authorization").expect("signed").to_owned();
        authorization.split("Access=").nth(1).and_then(|r| r.split(',').next()).expect("an AK").to_owned()
    };
    let environment = fakes.environment(&[
        ("HUAWEICLOUD_SDK_AK", "AK-ENV"),
        ("HUAWEICLOUD_SDK_SK", "SK"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p-env"),
        ("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str()),
    ]);
    let explicit = Config::new()
        .region(Region::CnNorth4)
        .environment(environment.clone())
        .access_key(AccessKey::new("AK-EXPLICIT", "SK"))
        .client_parameter("project_id", "p-explicit");
    Client::new(explicit).expect("valid").show_task_group(GROUP).await.expect("sent");
    Client::new(Config::new().region(Region::CnNorth4).environment(environment))
        .expect("valid")
        .show_task_group(GROUP)
        .await
        .expect("sent");
    fakes
        .client(&[("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri().as_str())])
        .show_task_group(GROUP)
        .await
        .expect("sent");
    let requests = fakes.oms_requests().await;
    let seen: Vec<(String, Option<&str>)> =
        requests.iter().map(|r| (signed_by(r), header_of(r, "x-project-id"))).collect();
    assert_eq!(
        seen,
        [
            ("AK-EXPLICIT".to_owned(), Some("p-explicit")),
            ("AK-ENV".to_owned(), Some("p-env")),
            ("AK-PROFILE".to_owned(), Some("p-profile")),
        ]
    );
    assert_eq!(fetched.load(Ordering::SeqCst), 0, "the metadata service is not asked while another source answers");
}

#[tokio::test]
async fn an_iam_denial_keeps_its_encoded_authorization_message() {
    let fakes = Fakes::start().await;
    let oms = MockServer::start().await;
    let denial = serde_json::json!({"error_code": "OMS.0403", "error_msg": "denied", "encoded_authorization_message": "ENCODED-DENIAL"});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(403).set_body_json(denial)).mount(&oms).await;
    let config = Config::new()
        .endpoint(oms.uri())
        .environment(fakes.environment(&[]))
        .access_key(AccessKey::new("AK", "SK"))
        .client_parameter("project_id", "p");
    let error = Client::new(config).expect("valid").show_task_group(GROUP).await.expect_err("denied");
    let service = error.service().expect("a service error");
    assert_eq!((service.error_code.as_deref(), service.error_msg.as_deref()), (Some("OMS.0403"), Some("denied")));
    assert_eq!(service.encoded_authorization_message.as_deref(), Some("ENCODED-DENIAL"));
}
