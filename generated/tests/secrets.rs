//! No secret value ever shows: not in the Debug output of any generated model, the credentials or
//! the client, not in error messages, not in logs at any level. The models are enumerated from the
//! spec itself (lowered by the generator), so a model added to the spec is covered without an edit.

use std::io::Write;
use std::sync::{Arc, Mutex};

use generator::ir::{Api, ModelKind, Type};
use oms::{BasicCredentials, Client, Config, IamToken, RetryTaskGroupReq, Secret};
use serde_json::{Map, Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn api() -> Api {
    let spec = include_str!("../../spec/oms.yaml");
    let source = generator::Source::new("spec/oms.yaml", spec);
    generator::lower::lower(&generator::parse::parse(&source).expect("parses"), "oms").expect("lowers").api
}

/// Builds sample values, marking every string so the output can be searched for it.
struct Sampler<'a> {
    api: &'a Api,
    secrets: Vec<String>,
    plain: Vec<String>,
    depth: usize,
}

impl Sampler<'_> {
    fn value(&mut self, ty: &Type) -> Value {
        match ty {
            Type::Secret => {
                let marker = format!("SECRET-VALUE-{}", self.secrets.len());
                self.secrets.push(marker.clone());
                json!(marker)
            }
            Type::String | Type::Any => {
                let marker = format!("plain-value-{}", self.plain.len());
                self.plain.push(marker.clone());
                json!(marker)
            }
            Type::Bool => json!(true),
            Type::Integer(_) => json!(1),
            Type::Number(_) => json!(1.5),
            Type::Array(item) => json!([self.value(item)]),
            Type::Map { value, .. } => json!({ "key": self.value(value) }),
            Type::Tuple(items) => Value::Array(items.iter().map(|item| self.value(item)).collect()),
            Type::Named(name) => self.model(name.word()),
            Type::Nullable(inner) => self.value(inner),
            Type::Binary => json!("AAEC"),
        }
    }

    fn model(&mut self, name: &str) -> Value {
        let model = self.api.models.iter().find(|m| m.name.word() == name).expect("a model of the spec");
        match &model.kind {
            ModelKind::Enum(values) => json!(values[0].wire_name),
            // Recursive models stop after a few levels: absent optional fields end them.
            ModelKind::Struct(_) if self.depth > 4 => json!({}),
            ModelKind::Struct(structure) => {
                self.depth += 1;
                let mut object: Map<String, Value> =
                    structure.fields.iter().map(|field| (field.wire_name.clone(), self.value(&field.ty))).collect();
                if let Some(additional) = &structure.additional {
                    object.insert("an-additional-property".to_owned(), self.value(&additional.ty));
                }
                self.depth -= 1;
                Value::Object(object)
            }
            ModelKind::OneOf(variants) => self.value(&variants[0].ty),
            ModelKind::Tagged(tagged) => {
                let mut value = self.value(&tagged.variants[0].ty);
                value[tagged.property.as_str()] = json!(tagged.variants[0].tags[0]);
                value
            }
            // A list or map that holds itself ends empty.
            ModelKind::Newtype(Type::Map { .. }, _) if self.depth > 4 => json!({}),
            ModelKind::Newtype(_, _) if self.depth > 4 => json!([]),
            ModelKind::Newtype(ty, _) => {
                self.depth += 1;
                let value = self.value(ty);
                self.depth -= 1;
                value
            }
        }
    }
}

#[test]
fn no_generated_model_shows_a_secret_in_debug() {
    let api = api();
    let mut secret_fields = 0;
    for model in &api.models {
        let mut sampler = Sampler { api: &api, secrets: Vec::new(), plain: Vec::new(), depth: 0 };
        let sample = sampler.model(model.name.word());
        let shown = oms::debug_model(model.name.word(), sample.clone())
            .unwrap_or_else(|| panic!("{} is not a generated model", model.name))
            .unwrap_or_else(|e| panic!("{} does not read its own sample {sample}: {e}", model.name));
        for secret in &sampler.secrets {
            assert!(!shown.contains(secret.as_str()), "{}: {secret} shows in {shown}", model.name);
        }
        for plain in &sampler.plain {
            assert!(shown.contains(plain.as_str()), "{}: the sample was not read whole: {shown}", model.name);
        }
        secret_fields += sampler.secrets.len();
    }
    assert!(secret_fields >= 10, "the OMS bodies hold secrets: {secret_fields} found");
}

const SK: &str = "SK-THAT-MUST-NOT-SHOW";
const SECURITY_TOKEN: &str = "SECURITY-TOKEN-THAT-MUST-NOT-SHOW";
const IAM_TOKEN: &str = "IAM-TOKEN-THAT-MUST-NOT-SHOW";
const BODY_SECRET: &str = "BODY-SECRET-THAT-MUST-NOT-SHOW";
const PROXY_PASSWORD: &str = "PROXY-PASSWORD-THAT-MUST-NOT-SHOW";
const TEMPORARY_SK: &str = "TEMPORARY-SK-THAT-MUST-NOT-SHOW";
const TEMPORARY_TOKEN: &str = "TEMPORARY-TOKEN-THAT-MUST-NOT-SHOW";
const SESSION_TOKEN: &str = "METADATA-SESSION-TOKEN-THAT-MUST-NOT-SHOW";
const ALL: [&str; 8] =
    [SK, SECURITY_TOKEN, IAM_TOKEN, BODY_SECRET, PROXY_PASSWORD, TEMPORARY_SK, TEMPORARY_TOKEN, SESSION_TOKEN];

fn assert_hidden(shown: &str) {
    for secret in ALL {
        assert!(!shown.contains(secret), "{secret} shows in:\n{shown}");
    }
}

fn key() -> BasicCredentials {
    BasicCredentials::new("AK-ID", SK).security_token(SECURITY_TOKEN).project_id("project")
}

#[test]
fn credentials_config_and_client_hide_secrets() {
    let signed = Config::new()
        .region(oms::Region::CnNorth4)
        .credentials(key())
        .proxy(format!("http://user:{PROXY_PASSWORD}@proxy.example:3128"));
    let token = Config::new().region(oms::Region::CnNorth4).credentials(IamToken::new(IAM_TOKEN).project_id("project"));
    let shown = format!(
        "{:?} {:#?} {signed:?} {token:?} {:?} {:?} {}",
        key(),
        key(),
        Client::new(signed.clone()).expect("valid"),
        Client::new(token.clone()).expect("valid"),
        Secret::from(BODY_SECRET),
    );
    assert_hidden(&shown);
}

#[tokio::test]
async fn errors_about_secret_fields_quote_no_value() {
    let server = MockServer::start().await;
    let client = Client::new(Config::new().endpoint(server.uri()).credentials(key())).expect("valid");
    let too_long = RetryTaskGroupReq::default().src_sk(format!("{BODY_SECRET}{}", "x".repeat(100)));
    let error = client.retry_task_group("group", too_long).await.expect_err("src_sk is too long");
    assert!(error.to_string().contains("body.src_sk"), "{error}");
    assert_hidden(&format!("{error} {error:?}"));
}

/// Collects everything a subscriber is given, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged on this thread at any level, until the guard drops.
    fn logs() -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("not poisoned").clone()).expect("utf-8")
    }
}

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
async fn logs_at_trace_level_hold_no_secret() {
    let (captured, _guard) = Captured::logs();

    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let body = RetryTaskGroupReq::default().dst_sk(BODY_SECRET);
    let signed = Client::new(Config::new().endpoint(server.uri()).credentials(key())).expect("valid");
    signed.retry_task_group("group", body.clone()).await.expect("the retry succeeds");
    let token = Client::new(Config::new().endpoint(server.uri()).credentials(IamToken::new(IAM_TOKEN).project_id("p")))
        .expect("valid");
    token.retry_task_group("group", body).await.expect("sent");

    let logs = captured.text();
    assert!(logs.contains("retrying") && logs.contains("RetryTaskGroup"), "the client logged its work:\n{logs}");
    assert_hidden(&logs);
}

/// A fake instance metadata service handing out [`TEMPORARY_SK`] and [`TEMPORARY_TOKEN`], and a
/// fake IAM and OMS, for a client that finds everything itself.
async fn services_for_temporary_credentials() -> (MockServer, MockServer, MockServer) {
    let (metadata, iam, service) = (MockServer::start().await, MockServer::start().await, MockServer::start().await);
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_string(SESSION_TOKEN))
        .mount(&metadata)
        .await;
    let credentials = json!({"credential": {"access": "TEMP-AK", "secret": TEMPORARY_SK, "securitytoken": TEMPORARY_TOKEN, "expires_at": "2099-01-01T00:00:00.000000Z"}});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(credentials))
        .mount(&metadata)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"projects": [{"id": "p1"}]})))
        .mount(&iam)
        .await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("{}")).mount(&service).await;
    (metadata, iam, service)
}

#[tokio::test]
async fn the_credential_sources_hide_their_secrets_in_debug_and_logs() {
    let (captured, _guard) = Captured::logs();

    let (metadata, iam, service) = services_for_temporary_credentials().await;
    let home = tempfile::tempdir().expect("a temporary home");
    let environment = oms::Environment::fixed([
        ("HOME", home.path().to_string_lossy().into_owned()),
        ("HUAWEICLOUD_METADATA_ENDPOINT", metadata.uri()),
        ("HUAWEICLOUD_SDK_IAM_ENDPOINT", iam.uri()),
        ("HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4", service.uri()),
        ("UNRELATED_SECRET", SK.to_owned()),
    ]);
    let config = Config::new().region(oms::Region::CnNorth4).environment(environment.clone());
    let client = Client::new(config.clone()).expect("valid");
    client.show_task_group("group").await.expect("sent with temporary credentials");
    let chain = huaweicloud_runtime::default_credentials(&environment).expect("the chain");
    chain.provide_credentials().await.expect("fetched");

    // A profile file with an access key, through the same chain.
    std::fs::create_dir(home.path().join(".huaweicloud")).expect("a settings directory");
    let profile = format!("[basic]\nak = AK\nsk = {SK}\nsecurity_token = {SECURITY_TOKEN}\n");
    std::fs::write(home.path().join(".huaweicloud/credentials"), profile).expect("a profile");
    let from_profile = huaweicloud_runtime::default_credentials(&environment).expect("the chain");
    let provided = from_profile.provide_credentials().await.expect("provided");

    let shown = format!("{environment:?} {config:?} {client:?} {chain:?} {from_profile:?} {provided:?} {provided:#?}");
    assert!(shown.contains("InstanceMetadata") && shown.contains("AK"), "the sources show: {shown}");
    assert_hidden(&shown);
    let logs = captured.text();
    assert!(logs.contains("instance metadata") && logs.contains("found the project id"), "{logs}");
    assert_hidden(&logs);
}
