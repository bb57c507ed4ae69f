//! The Huawei Cloud parts of generated clients: SDK-HMAC-SHA256 request signing, credentials and
//! project ids as the vendor's SDKs find them, regional endpoints, and the vendor's error shapes.
//!
//! A spec switches this on with an API key security scheme carrying
//! `x-huaweicloud-signing: {algorithm: SDK-HMAC-SHA256, service: OMS}`; the generated service
//! description then names [`HuaweiCloud`] as its platform. A client configured without
//! credentials finds them in this order:
//!
//! 1. `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (else `CLOUD_SDK_AK` and `CLOUD_SDK_SK`), with
//!    `HUAWEICLOUD_SDK_SECURITY_TOKEN` for temporary credentials;
//! 2. an IAM token in `HUAWEICLOUD_SDK_IAM_TOKEN`;
//! 3. the profile file ([`profile`]);
//! 4. the ECS instance metadata service ([`InstanceMetadata`]), refreshed ahead of expiry; an
//!    attempt is given up after `Config::instance_metadata_timeout`, else
//!    `HUAWEICLOUD_METADATA_TIMEOUT` seconds, else one second, and not made again by a process that
//!    found nothing there.
//!
//! The project id is the configured one, else `HUAWEICLOUD_SDK_PROJECT_ID`, else the profile's,
//! else looked up in IAM by the region's name ([`iam`]).

mod credentials;
pub mod iam;
mod metadata;
pub mod profile;
pub mod regions;
pub mod signer;

use std::sync::Arc;

use client_runtime::{
    BoxFuture, CredentialSettings, Discovery, Environment, Error, Platform, ProvideCredentials, Refreshing,
    SigningRequest,
};
use reqwest::header::HeaderValue;

pub use credentials::{BasicCredentials, IamToken, env};
pub use metadata::InstanceMetadata;

/// The client-level parameter that names the project, as Huawei Cloud APIs call it.
pub const PROJECT_ID: &str = "project_id";

/// The credentials setting that names the IAM endpoint project ids are looked up at.
pub const IAM_ENDPOINT: &str = "iam_endpoint";

/// The header signed requests carry the project id in, as the vendor SDK sends it.
const PROJECT_ID_HEADER: &str = "x-project-id";

/// Where Huawei Cloud services put an error's code and message, in the order the vendor SDK
/// looks for them.
const ERROR_FIELDS: &[(&str, &str)] = &[("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")];

/// Where IAM's denials explain themselves, encoded for an administrator to decode.
const AUTHORIZATION_MESSAGE_FIELD: Option<&str> = Some("encoded_authorization_message");

/// Huawei Cloud, as the platform of one service's generated client.
#[derive(Debug, Clone, Copy)]
pub struct HuaweiCloud {
    /// The service's name in the vendor's settings (`OMS`), if the spec gives it: it names the
    /// region endpoint variables and the regions file's entries.
    service: Option<&'static str>,
}

impl HuaweiCloud {
    /// A service the vendor's endpoint settings know by no name.
    pub const fn new() -> Self {
        HuaweiCloud { service: None }
    }

    /// The service the vendor's endpoint settings call `name` (`OMS`).
    pub const fn service(name: &'static str) -> Self {
        HuaweiCloud { service: Some(name) }
    }
}

impl Default for HuaweiCloud {
    fn default() -> Self {
        Self::new()
    }
}

/// The credentials a client configured with none uses: the first source in the documented order
/// that has some. The instance metadata service is asked only when the first request needs it;
/// its errors say why each source before it gave nothing.
pub fn default_credentials(environment: &Environment) -> Result<Arc<dyn ProvideCredentials>, Error> {
    chain(CredentialSettings::new(environment))
}

/// [`default_credentials`] with the client's settings (the metadata service's time limit).
fn chain(settings: CredentialSettings<'_>) -> Result<Arc<dyn ProvideCredentials>, Error> {
    let environment = settings.environment;
    let mut passed_over = Vec::new();
    if let Some(found) = BasicCredentials::from_environment(environment)? {
        tracing::debug!(source = "environment", variable = env::AK, "credentials");
        return Ok(Arc::new(found));
    }
    passed_over.push(format!(
        "{} and {} are not set (nor {} and {})",
        env::AK,
        env::SK,
        env::SAMPLE_AK,
        env::SAMPLE_SK
    ));
    if let Some(token) = IamToken::from_environment(environment) {
        tracing::debug!(source = "environment", variable = env::IAM_TOKEN, "credentials");
        return Ok(Arc::new(token));
    }
    passed_over.push(format!("{} is not set", env::IAM_TOKEN));
    match profile::read(environment)? {
        profile::Found::Credentials(mut found) => {
            tracing::debug!(source = "profile file", path = ?profile::path(environment), "credentials");
            found.project_id = environment.var(env::PROJECT_ID).or(found.project_id);
            return Ok(Arc::new(found));
        }
        profile::Found::Nothing(why) => passed_over.push(why),
    }
    tracing::debug!(source = "instance metadata", "credentials, when the first request needs them");
    let mut metadata = InstanceMetadata::from_environment(environment)?.after(passed_over);
    if let Some(timeout) = settings.metadata_timeout {
        metadata = metadata.timeout(timeout);
    }
    Ok(Arc::new(Refreshing::new(metadata)))
}

impl Platform for HuaweiCloud {
    /// The vendor's SDKs send `application/json` on every call, a body or not, and sign it.
    fn bodyless_content_type(&self) -> Option<&'static str> {
        Some("application/json")
    }

    fn sign(&self, request: SigningRequest<'_>) -> Result<(), String> {
        if let Some(project_id) = request.client_parameter(PROJECT_ID) {
            let value = HeaderValue::from_str(project_id).map_err(|_| "the project id is not a valid header value")?;
            request.headers.insert(PROJECT_ID_HEADER, value);
        }
        // A body read as it is sent cannot be hashed before it is: it is signed as an unsigned
        // payload, which the vendor's scheme allows for every type but JSON and BSON.
        if request.body_streamed && signer::signs_payload(request.headers) {
            return Err(
                "a JSON or BSON body is signed with its hash, so it cannot be read from a file or reader as it \
                 is sent; give its bytes instead"
                    .to_owned(),
            );
        }
        let date = signer::sdk_date(std::time::SystemTime::now());
        signer::sign(request.method, request.url, request.headers, request.body, request.key, &date).map(drop)
    }

    fn error_fields(&self) -> &'static [(&'static str, &'static str)] {
        ERROR_FIELDS
    }

    fn authorization_message_field(&self) -> Option<&'static str> {
        AUTHORIZATION_MESSAGE_FIELD
    }

    fn default_credentials(
        &self,
        settings: CredentialSettings<'_>,
    ) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
        chain(settings).map(Some)
    }

    fn credentials_help(&self) -> &'static str {
        credentials::HELP
    }

    fn region_endpoint(&self, region: &str, environment: &Environment) -> Result<Option<String>, Error> {
        match self.service {
            Some(service) => regions::endpoint(service, region, environment),
            None => Ok(None),
        }
    }

    fn region_endpoint_hint(&self, region: &str) -> Option<String> {
        let service = self.service?;
        Some(format!(
            "with {}, or in the regions file (~/.huaweicloud/regions.yaml, or {})",
            regions::variable(service, region),
            env::REGIONS_FILE
        ))
    }

    fn client_parameter_hint(&self, name: &str) -> Option<&'static str> {
        (name == PROJECT_ID).then_some(
            "with credentials that name it (BasicCredentials::project_id, HUAWEICLOUD_SDK_PROJECT_ID, the profile \
             file's project_id), or set a region so that it is looked up in IAM",
        )
    }

    fn discovers(&self, name: &str) -> bool {
        name == PROJECT_ID
    }

    fn discover<'a>(&'a self, name: &'a str, discovery: Discovery<'a>) -> BoxFuture<'a, Result<String, Error>> {
        Box::pin(async move {
            match name {
                PROJECT_ID => iam::project_id(discovery).await,
                _ => Err(Error::Config(format!("client parameter `{name}` cannot be looked up"))),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use client_runtime::ServiceError;

    use super::*;

    fn parsed(body: &str) -> (Option<String>, Option<String>) {
        let platform = HuaweiCloud::new();
        let error = ServiceError::from_response(400, None, body.as_bytes(), platform.error_fields(), None);
        (error.error_code, error.error_msg)
    }

    fn pair(code: &str, message: &str) -> (Option<String>, Option<String>) {
        (Some(code.to_owned()), Some(message.to_owned()))
    }

    #[test]
    fn the_four_body_shapes() {
        assert_eq!(parsed(r#"{"error_code":"OMS.0001","error_msg":"bad"}"#), pair("OMS.0001", "bad"));
        assert_eq!(parsed(r#"{"errorCode":"E1","errorMsg":"m"}"#), pair("E1", "m"));
        assert_eq!(parsed(r#"{"code":404,"message":"gone"}"#), pair("404", "gone"));
        assert_eq!(parsed(r#"{"error":{"code":"APIGW.0101","message":"no route"}}"#), pair("APIGW.0101", "no route"));
    }

    /// Signs a request whose body is streamed, of `content_type`; the headers it then carries.
    fn sign_streamed(content_type: &'static str) -> Result<reqwest::header::HeaderMap, String> {
        let url = url::Url::parse("https://oms.cn-north-4.myhuaweicloud.com/v2/p/objects").expect("a URL");
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        let key = client_runtime::AccessKey::new("AK", "SK");
        let request = SigningRequest {
            method: "PUT",
            url: &url,
            headers: &mut headers,
            body: &[],
            body_streamed: true,
            key: &key,
            client_parameters: &[],
        };
        HuaweiCloud::new().sign(request).map(|()| headers)
    }

    #[test]
    fn a_streamed_body_is_signed_as_an_unsigned_payload_unless_it_is_json() {
        let headers = sign_streamed("application/octet-stream").expect("signed");
        assert_eq!(headers.get(signer::CONTENT_SHA256_HEADER).expect("announced"), signer::UNSIGNED_PAYLOAD);
        assert!(headers.contains_key(reqwest::header::AUTHORIZATION));
        let refused = sign_streamed("application/json;charset=utf-8").expect_err("a JSON body needs its hash");
        assert!(refused.contains("cannot be read from a file or reader"), "{refused}");
    }

    #[test]
    fn anything_else_keeps_the_raw_body() {
        for body in ["not json", "[1,2]", r#"{"error_code":"only code"}"#, ""] {
            assert_eq!(parsed(body), (None, None), "{body}");
        }
    }
}
