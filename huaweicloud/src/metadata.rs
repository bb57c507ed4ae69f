//! Temporary credentials from the ECS instance metadata service, for programs on a Huawei Cloud
//! server with an agency attached.
//!
//! 1. `PUT /meta-data/latest/api/token` with `X-Metadata-Token-Ttl-Seconds` gives a session token;
//!    a service that answers 404, 405 or 503 has none, and is asked without one.
//! 2. `GET /openstack/latest/securitykey`, with `X-Metadata-Token` when there is one, gives
//!    `{"credential": {"access", "secret", "securitytoken", "expires_at"}}`. A 401 means the session
//!    token has lapsed: a new one is fetched and the request made once more.
//!
//! The whole attempt, connecting and answering, is bounded (by `Config::instance_metadata_timeout`,
//! else `HUAWEICLOUD_METADATA_TIMEOUT` seconds, else one second): off a cloud server nothing answers
//! at the link-local address. A service that never answered is not asked again by the
//! same process. [`client_runtime::Refreshing`] decides when to fetch.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use client_runtime::{AccessKey, BoxFuture, Credentials, Environment, Error, Expiring, FetchCredentials, Secret};
use serde::Deserialize;

use crate::PROJECT_ID;
use crate::credentials::{self, env};

/// The link-local address of the metadata service.
pub const DEFAULT_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const CREDENTIALS_PATH: &str = "/openstack/latest/securitykey";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
const TOKEN_HEADER: &str = "X-Metadata-Token";
/// How long a session token is asked to last; it is fetched again a minute before.
const TOKEN_TTL: Duration = Duration::from_secs(6 * 60 * 60);
/// How long an attempt may take in all, unless configured: the service is on the server itself
/// and answers in milliseconds; off a cloud server nothing answers at all.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1);
/// The answer of a 401 that no new session token will cure.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";

/// The metadata service as a source of temporary credentials. Debug shows where it is, never the
/// session token.
pub struct InstanceMetadata {
    endpoint: String,
    http: reqwest::Client,
    /// How long one attempt may take in all.
    timeout: Duration,
    /// The session token and when it was fetched; `Some(None)` when the service has none.
    token: Mutex<Option<(Option<Secret>, Instant)>>,
    project_id: Option<String>,
    /// Why the sources before this one in the chain gave no credentials, for its errors.
    passed_over: Vec<String>,
}

impl std::fmt::Debug for InstanceMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstanceMetadata")
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl InstanceMetadata {
    /// The service at `HUAWEICLOUD_METADATA_ENDPOINT`, else at its link-local address, given
    /// `HUAWEICLOUD_METADATA_TIMEOUT` seconds (else one second); the project id from
    /// `HUAWEICLOUD_SDK_PROJECT_ID`, if set.
    pub fn from_environment(environment: &Environment) -> Result<Self, Error> {
        let endpoint = environment.var(env::METADATA_ENDPOINT).unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
        let mut metadata = Self::new(endpoint)?;
        if let Some(seconds) = environment.var(env::METADATA_TIMEOUT) {
            metadata.timeout = parse_seconds(&seconds).ok_or_else(|| {
                Error::Config(format!("{}: expected seconds (such as 0.5), not `{seconds}`", env::METADATA_TIMEOUT))
            })?;
        }
        metadata.project_id = environment.var(env::PROJECT_ID);
        Ok(metadata)
    }

    pub fn new(endpoint: impl Into<String>) -> Result<Self, Error> {
        let endpoint = endpoint.into().trim_end_matches('/').to_owned();
        // The service is on the instance itself: never through a proxy. The whole attempt is
        // bounded, rather than each request.
        let http = client_runtime::http_client_builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(format!("cannot start the HTTP client for instance metadata: {e}")))?;
        Ok(InstanceMetadata {
            endpoint,
            http,
            timeout: DEFAULT_TIMEOUT,
            token: Mutex::new(None),
            project_id: None,
            passed_over: Vec::new(),
        })
    }

    /// How long an attempt may take in all, connecting and answering together (one second unless
    /// set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Notes why earlier sources gave nothing, to say in this one's errors.
    pub(crate) fn after(mut self, passed_over: Vec<String>) -> Self {
        self.passed_over = passed_over;
        self
    }

    /// The error of a failed fetch. As the last source of the default chain, it says why every
    /// source gave nothing, and every way to give credentials.
    fn failed(&self, why: String) -> Error {
        let mut message = String::from("no credentials found");
        for reason in &self.passed_over {
            message.push_str("; ");
            message.push_str(reason);
        }
        message.push_str(&format!("; instance metadata ({}): {why}", self.endpoint));
        if !self.passed_over.is_empty() {
            message.push_str(". ");
            message.push_str(credentials::WAYS);
        }
        Error::Config(message)
    }

    /// The session token: the one held while it is fresh, else a new one. `force` after a 401,
    /// when even a "no token" answer is an error.
    async fn session_token(&self, force: bool) -> Result<Option<Secret>, String> {
        if !force {
            let held = self.token.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some((token, fetched)) = held {
                if fetched.elapsed() + Duration::from_secs(60) < TOKEN_TTL {
                    return Ok(token);
                }
            }
        }
        let response = self
            .http
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL.as_secs().to_string())
            .send()
            .await
            .map_err(|e| self.unreachable(format!("cannot reach the service: {e}")))?;
        reach::answered(&self.endpoint);
        let status = response.status().as_u16();
        let token = match status {
            200 => Some(Secret::from(response.text().await.map_err(|e| format!("reading the session token: {e}"))?)),
            404 | 405 | 503 if !force => None,
            _ => return Err(format!("asking for a session token, the service answered {status}")),
        };
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = Some((token.clone(), Instant::now()));
        Ok(token)
    }

    async fn security_key(&self, token: Option<&Secret>) -> Result<(u16, String), String> {
        let mut request = self.http.get(format!("{}{CREDENTIALS_PATH}", self.endpoint));
        if let Some(token) = token {
            let mut value = reqwest::header::HeaderValue::from_str(token.expose())
                .map_err(|_| "the session token is not a valid header value".to_owned())?;
            value.set_sensitive(true);
            request = request.header(TOKEN_HEADER, value);
        }
        let response = request.send().await.map_err(|e| self.unreachable(format!("cannot reach the service: {e}")))?;
        reach::answered(&self.endpoint);
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| format!("reading the credentials: {e}"))?;
        Ok((status, body))
    }

    async fn fetch_now(&self) -> Result<Expiring, String> {
        let token = self.session_token(false).await?;
        let (mut status, mut body) = self.security_key(token.as_ref()).await?;
        if status == 401 && !body.contains(NO_AGENCY) {
            let token = self.session_token(true).await?;
            (status, body) = self.security_key(token.as_ref()).await?;
        }
        if status != 200 {
            // Error answers carry no credentials; they say what is wrong (no agency attached).
            let said: String = body.chars().take(200).collect();
            return Err(format!("asking for credentials, the service answered {status}: {said}"));
        }
        let expiring = parse(&body)?;
        tracing::debug!(endpoint = %self.endpoint, expires_at = ?expiring.expires_at, "temporary credentials from instance metadata");
        Ok(expiring)
    }

    /// One attempt, within the time allowed; not made at all when this process has found the
    /// service not there.
    async fn attempt(&self) -> Result<Expiring, String> {
        if let Some(why) = reach::unreachable_before(&self.endpoint) {
            return Err(format!("{why} (not asked again by this process)"));
        }
        match tokio::time::timeout(self.timeout, self.fetch_now()).await {
            Ok(fetched) => fetched,
            Err(_) => Err(self.unreachable(format!(
                "no answer within {:?} (set {} or Config::instance_metadata_timeout to wait longer)",
                self.timeout,
                env::METADATA_TIMEOUT
            ))),
        }
    }

    /// Notes that the service gave no answer (unless it has answered before): `why`.
    fn unreachable(&self, why: String) -> String {
        reach::unreachable(&self.endpoint, &why);
        why
    }
}

impl FetchCredentials for InstanceMetadata {
    fn fetch(&self) -> BoxFuture<'_, Result<Expiring, Error>> {
        Box::pin(async move { self.attempt().await.map_err(|why| self.failed(why)) })
    }

    fn setting(&self, name: &str) -> Option<String> {
        (name == PROJECT_ID).then(|| self.project_id.clone()).flatten()
    }
}

/// Whether each metadata endpoint has answered this process: one that never did (off a cloud
/// server) is not asked again, so that every client of the process does not wait it out anew.
mod reach {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    enum Reach {
        Answered,
        /// Never answered, and why.
        Unreachable(String),
    }

    static ENDPOINTS: Mutex<BTreeMap<String, Reach>> = Mutex::new(BTreeMap::new());

    fn endpoints() -> std::sync::MutexGuard<'static, BTreeMap<String, Reach>> {
        ENDPOINTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn answered(endpoint: &str) {
        endpoints().insert(endpoint.to_owned(), Reach::Answered);
    }

    /// Notes that `endpoint` gave no answer, unless it has answered before (a slow moment of a
    /// service that is there is no reason to stop asking it).
    pub(super) fn unreachable(endpoint: &str, why: &str) {
        endpoints().entry(endpoint.to_owned()).or_insert_with(|| Reach::Unreachable(why.to_owned()));
    }

    /// Why `endpoint` gave no answer before, if it never answered.
    pub(super) fn unreachable_before(endpoint: &str) -> Option<String> {
        match endpoints().get(endpoint) {
            Some(Reach::Unreachable(why)) => Some(why.clone()),
            _ => None,
        }
    }
}

/// Seconds as a duration: `2`, `0.5`.
fn parse_seconds(text: &str) -> Option<Duration> {
    Duration::try_from_secs_f64(text.trim().parse().ok()?).ok()
}

/// The answer of any Huawei Cloud source of temporary credentials: the object under
/// `credential` (or `credentials`, or the top level), with each field under any of the names the
/// vendor's SDKs accept.
#[derive(Deserialize)]
struct Answer {
    credential: Option<Fields>,
    credentials: Option<Fields>,
    #[serde(flatten)]
    top: Fields,
}

#[derive(Deserialize, Default)]
struct Fields {
    #[serde(alias = "accessKeyId", alias = "access_key_id")]
    access: Option<String>,
    #[serde(alias = "secretAccessKey", alias = "secret_access_key")]
    secret: Option<Secret>,
    #[serde(alias = "securityToken", alias = "security_token")]
    securitytoken: Option<Secret>,
    #[serde(alias = "expiration")]
    expires_at: Option<String>,
}

/// Reads temporary credentials. Errors name the field, never a value.
pub(crate) fn parse(body: &str) -> Result<Expiring, String> {
    let answer: Answer =
        serde_json::from_str(body).map_err(|_| "the credentials are not the JSON expected".to_owned())?;
    let fields = answer.credential.or(answer.credentials).unwrap_or(answer.top);
    let missing = |name: &str| format!("the credentials have no {name}");
    let access = fields.access.filter(|a| !a.is_empty()).ok_or_else(|| missing("access"))?;
    let secret = fields.secret.filter(|s| !s.is_empty()).ok_or_else(|| missing("secret"))?;
    let expires_at = fields.expires_at.ok_or_else(|| missing("expires_at"))?;
    let expires_at =
        rfc3339(&expires_at).ok_or_else(|| format!("expires_at `{expires_at}` is not an RFC 3339 time"))?;
    let mut key = AccessKey::new(access, secret);
    key.security_token = fields.securitytoken.filter(|t| !t.is_empty());
    Ok(Expiring { credentials: Credentials::AccessKey(key), expires_at: Some(expires_at) })
}

/// An RFC 3339 time, in UTC (`Z`) or with a numeric offset (`+08:00`), as the services give it.
fn rfc3339(text: &str) -> Option<SystemTime> {
    let Some((local, east)) = numeric_offset(text) else {
        return humantime::parse_rfc3339(text).ok();
    };
    // humantime reads UTC only: the local time is read as UTC, then moved by its offset.
    let as_utc = humantime::parse_rfc3339(&format!("{local}Z")).ok()?;
    let offset = Duration::from_secs(east.unsigned_abs());
    if east >= 0 { as_utc.checked_sub(offset) } else { as_utc.checked_add(offset) }
}

/// `2026-11-23T21:44:20+08:00` split into its local time and its offset east of UTC, in seconds.
fn numeric_offset(text: &str) -> Option<(&str, i64)> {
    let (local, offset) = text.split_at_checked(text.len().checked_sub(6)?)?;
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = offset[1..].split_once(':')?;
    let two_digits = |part: &str| match part.as_bytes() {
        [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] => Some(i64::from((tens - b'0') * 10 + (ones - b'0'))),
        _ => None,
    };
    Some((local, sign * (two_digits(hours)? * 3600 + two_digits(minutes)? * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_shapes_the_vendor_sdks_accept() {
        for body in [
            r#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2026-11-23T13:44:20.379000Z"}}"#,
            r#"{"credentials":{"accessKeyId":"A","secretAccessKey":"S","securityToken":"T","expiration":"2026-11-23T13:44:20Z"}}"#,
            r#"{"access_key_id":"A","secret_access_key":"S","security_token":"T","expires_at":"2026-11-23T21:44:20+08:00"}"#,
            r#"{"credential":{"access":"A","secret":"S","securitytoken":"T","expires_at":"2026-11-23T08:14:20.5-05:30"}}"#,
        ] {
            let parsed = parse(body).unwrap_or_else(|e| panic!("{body}: {e}"));
            let Credentials::AccessKey(key) = parsed.credentials else { panic!("an access key") };
            assert_eq!(key.access_key_id, "A");
            assert_eq!(key.secret_access_key.expose(), "S");
            assert_eq!(key.security_token.as_ref().map(Secret::expose), Some("T"));
            let at = parsed.expires_at.unwrap().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
            assert_eq!(at, 1_795_441_460, "{body}");
        }
    }

    #[test]
    fn errors_name_fields_never_values() {
        let error = parse(r#"{"credential":{"access":"A","secret":"S3CRET","expires_at":"soon"}}"#).unwrap_err();
        assert!(error.contains("RFC 3339") && !error.contains("S3CRET"), "{error}");
        assert_eq!(parse(r#"{"credential":{"secret":"S3CRET"}}"#).unwrap_err(), "the credentials have no access");
        assert!(!parse("S3CRET").unwrap_err().contains("S3CRET"));
    }

    #[test]
    fn times_need_a_zone_and_a_whole_offset() {
        assert_eq!(rfc3339("1970-01-01T01:00:00+01:00"), Some(SystemTime::UNIX_EPOCH));
        for text in [
            "2026-11-23T21:44:20",
            "2026-11-23 21:44:20Z",
            "2026-11-23T21:44:20+8:00",
            "2026-11-23T21:44:20+08:0x",
            "2026-11-23T21:44:20*08:00",
            "+08:00",
        ] {
            assert_eq!(rfc3339(text), None, "{text}");
        }
    }
}
