//! Finding a region's project id through IAM, as the vendor's SDKs do when none is given:
//! `GET {iam}/v3/projects?name=<region>`, signed with the client's own credentials.
//!
//! The IAM endpoint is the one the credentials name (a profile's `iam_endpoint`), else
//! `HUAWEICLOUD_SDK_IAM_ENDPOINT`, else the region's own for the regions that have one, else
//! `https://iam.myhuaweicloud.com`. Answers are kept for the life of the process, by IAM
//! endpoint, access key and region.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use client_runtime::{Credentials, Discovery, Error, ServiceError};
use reqwest::header::{HeaderMap, USER_AGENT};
use serde::Deserialize;

use crate::credentials::env;
use crate::{AUTHORIZATION_MESSAGE_FIELD, ERROR_FIELDS, IAM_ENDPOINT, signer};

/// The global IAM endpoint, for regions without one of their own.
pub const GLOBAL_ENDPOINT: &str = "https://iam.myhuaweicloud.com";

/// Regions with an IAM endpoint of their own, `https://iam.<region>.myhuaweicloud.com`: the
/// vendor SDKs' list.
const REGIONAL_ENDPOINTS: &[&str] = &[
    "af-south-1",
    "ae-ad-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "cn-east-2",
    "cn-east-3",
    "cn-east-4",
    "cn-east-5",
    "cn-north-1",
    "cn-north-2",
    "cn-north-4",
    "cn-north-9",
    "cn-north-12",
    "cn-south-1",
    "cn-south-2",
    "cn-southwest-2",
    "eu-west-0",
    "la-north-2",
    "la-south-2",
    "me-east-1",
    "my-kualalumpur-1",
    "na-mexico-1",
    "ru-moscow-1",
    "sa-brazil-1",
    "tr-west-1",
];

/// The header IAM names its trace id in, which IAM support asks for.
const TRACE_ID: &str = "x-iam-trace-id";

/// Found project ids, by (IAM endpoint, access key id, region).
type Cache = Mutex<HashMap<(String, String, String), String>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The IAM endpoint for `region`.
pub fn endpoint(configured: Option<String>, environment: &client_runtime::Environment, region: &str) -> String {
    configured
        .or_else(|| environment.var(env::IAM_ENDPOINT))
        .unwrap_or_else(|| match REGIONAL_ENDPOINTS.contains(&region) {
            true => format!("https://iam.{region}.myhuaweicloud.com"),
            false => GLOBAL_ENDPOINT.to_owned(),
        })
        .trim_end_matches('/')
        .to_owned()
}

#[derive(Deserialize)]
struct Projects {
    #[serde(default)]
    projects: Option<Vec<Project>>,
}

#[derive(Deserialize)]
struct Project {
    id: String,
}

/// The project id of `discovery.region`, from the cache or IAM.
pub(crate) async fn project_id(discovery: Discovery<'_>) -> Result<String, Error> {
    let region = discovery.region;
    let iam = endpoint(discovery.credentials.setting(IAM_ENDPOINT), discovery.environment, region);
    let Credentials::AccessKey(key) = discovery.credentials.provide_credentials().await? else {
        return Err(Error::Config(format!(
            "the project id of region `{region}` can only be looked up with an access key: set it with \
             Config::client_parameter, --project-id or {}",
            env::PROJECT_ID
        )));
    };
    let cache_key = (iam.clone(), key.access_key_id.clone(), region.to_owned());
    if let Some(found) = cache().lock().unwrap_or_else(|p| p.into_inner()).get(&cache_key) {
        return Ok(found.clone());
    }
    let failed = |why: String| {
        Error::Config(format!(
            "cannot find the project id of region `{region}` through IAM ({iam}): {why}; set it with \
             Config::client_parameter, --project-id or {}",
            env::PROJECT_ID
        ))
    };
    let mut url = url::Url::parse(&format!("{iam}/v3/projects"))
        .map_err(|e| Error::Config(format!("the IAM endpoint `{iam}` is not a valid URL: {e}")))?;
    url.query_pairs_mut().append_pair("name", region);
    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, discovery.user_agent.clone());
    let date = signer::sdk_date(std::time::SystemTime::now());
    signer::sign("GET", &url, &mut headers, b"", &key, &date)
        .map_err(|e| Error::Build(format!("cannot sign the IAM request: {e}")))?;
    tracing::debug!(%iam, region, "looking up the project id in IAM");
    let response = discovery.http.get(url).headers(headers).send().await.map_err(Error::Transport)?;
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (request_id, trace_id) = (header("x-request-id"), header(TRACE_ID));
    let body = response.bytes().await.map_err(Error::Transport)?;
    let trace = format!("X-IAM-Trace-Id {}", trace_id.as_deref().unwrap_or("none"));
    if !(200..300).contains(&status) {
        let error = ServiceError::from_response(status, request_id, &body, ERROR_FIELDS, AUTHORIZATION_MESSAGE_FIELD);
        return Err(failed(format!("{error} ({trace})")));
    }
    let projects = serde_json::from_slice::<Projects>(&body)
        .map_err(|e| failed(format!("the answer is not a project list ({e}, {trace})")))?
        .projects
        .unwrap_or_default();
    let id = match projects.as_slice() {
        [project] => project.id.clone(),
        [] => return Err(failed(format!("IAM knows no project of that name in this account ({trace})"))),
        several => {
            let ids: Vec<&str> = several.iter().map(|p| p.id.as_str()).collect();
            return Err(failed(format!("IAM has several projects of that name: {} ({trace})", ids.join(", "))));
        }
    };
    tracing::debug!(region, project_id = %id, "found the project id in IAM");
    cache().lock().unwrap_or_else(|p| p.into_inner()).insert(cache_key, id.clone());
    Ok(id)
}

#[cfg(test)]
mod tests {
    use client_runtime::Environment;

    use super::*;

    #[test]
    fn the_endpoint_in_order() {
        let none = Environment::fixed([("HOME", "/h")]);
        let set = Environment::fixed([("HUAWEICLOUD_SDK_IAM_ENDPOINT", "http://iam.env/")]);
        assert_eq!(endpoint(Some("http://iam.profile".into()), &set, "cn-north-4"), "http://iam.profile");
        assert_eq!(endpoint(None, &set, "cn-north-4"), "http://iam.env");
        assert_eq!(endpoint(None, &none, "cn-north-4"), "https://iam.cn-north-4.myhuaweicloud.com");
        assert_eq!(endpoint(None, &none, "ap-southeast-5"), GLOBAL_ENDPOINT, "a region without its own");
    }
}
