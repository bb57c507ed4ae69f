//! The Huawei Cloud parts of generated clients: SDK-HMAC-SHA256 request signing, credentials as
//! the vendor's SDKs find them, and the vendor's error shapes.
//!
//! A spec switches this on with an API key security scheme carrying
//! `x-huaweicloud-signing: {algorithm: SDK-HMAC-SHA256}`; the generated service description then
//! names [`HuaweiCloud`] as its platform.

mod credentials;
pub mod signer;

use std::sync::Arc;

use client_runtime::{Error, Platform, ProvideCredentials, SigningRequest};
use reqwest::header::HeaderValue;

pub use credentials::{BasicCredentials, IamToken, env};

/// The client-level parameter that names the project, as Huawei Cloud APIs call it.
pub const PROJECT_ID: &str = "project_id";

/// The header signed requests carry the project id in, as the vendor SDK sends it.
const PROJECT_ID_HEADER: &str = "x-project-id";

/// Where Huawei Cloud services put an error's code and message, in the order the vendor SDK
/// looks for them.
const ERROR_FIELDS: &[(&str, &str)] = &[("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")];

/// Huawei Cloud, as a platform of generated clients.
#[derive(Debug, Clone, Copy)]
pub struct HuaweiCloud;

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
        let date = signer::sdk_date(time::OffsetDateTime::now_utc());
        signer::sign(request.method, request.url, request.headers, request.body, request.key, &date).map(drop)
    }

    fn error_fields(&self) -> &'static [(&'static str, &'static str)] {
        ERROR_FIELDS
    }

    fn credentials_from_env(&self) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
        credentials::from_env(|name| std::env::var(name).ok())
    }

    fn credentials_help(&self) -> &'static str {
        credentials::HELP
    }

    fn client_parameter_hint(&self, name: &str) -> Option<&'static str> {
        (name == PROJECT_ID).then_some(
            "with credentials that name it (BasicCredentials::project_id, IamToken::project_id, or \
             HUAWEICLOUD_SDK_PROJECT_ID for BasicCredentials::from_env)",
        )
    }
}

#[cfg(test)]
mod tests {
    use client_runtime::ServiceError;

    use super::*;

    fn parsed(body: &str) -> (Option<String>, Option<String>) {
        let error = ServiceError::from_response(400, None, body.as_bytes(), HuaweiCloud.error_fields());
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

    #[test]
    fn anything_else_keeps_the_raw_body() {
        for body in ["not json", "[1,2]", r#"{"error_code":"only code"}"#, ""] {
            assert_eq!(parsed(body), (None, None), "{body}");
        }
    }
}
