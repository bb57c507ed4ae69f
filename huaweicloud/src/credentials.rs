//! Huawei Cloud credentials: an access key pair or an IAM token, with the project they work in,
//! from code or from the environment variables the vendor's SDKs read.

use std::sync::Arc;

use client_runtime::{AccessKey, BoxFuture, Credentials, Error, ProvideCredentials, Secret};

use crate::PROJECT_ID;

/// Environment variables, as the vendor's SDKs and API samples name them.
pub mod env {
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// The pair the API reference pages' samples read, used when the two above are unset.
    pub const SAMPLE_AK: &str = "CLOUD_SDK_AK";
    pub const SAMPLE_SK: &str = "CLOUD_SDK_SK";
    /// An IAM token, used by the command line when no access key is set.
    pub const IAM_TOKEN: &str = "HUAWEICLOUD_SDK_IAM_TOKEN";
}

/// Where the command line finds credentials, for its help.
pub(crate) const HELP: &str = "Credentials come from the environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK \
     (or CLOUD_SDK_AK and CLOUD_SDK_SK), with HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials; or an IAM \
     token in HUAWEICLOUD_SDK_IAM_TOKEN. The project id comes from HUAWEICLOUD_SDK_PROJECT_ID unless given as a flag.";

/// An access key pair with the project it works in, as the vendor SDKs' `BasicCredentials`. Every
/// request is signed (SDK-HMAC-SHA256); the project id fills the `project_id` client parameter
/// when the configuration sets none. Debug never shows the SK or the security token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub key: AccessKey,
    pub project_id: Option<String>,
}

impl BasicCredentials {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        BasicCredentials { key: AccessKey::new(access_key_id, secret_access_key), project_id: None }
    }

    /// Temporary credentials: the security token that goes with the pair.
    pub fn security_token(mut self, token: impl Into<Secret>) -> Self {
        self.key = self.key.security_token(token);
        self
    }

    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Reads `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (else `CLOUD_SDK_AK` and `CLOUD_SDK_SK`),
    /// and `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID` when set. A pair with
    /// only one half set is an error naming the missing variable.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`BasicCredentials::from_env`] over any source of variables. Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let read = |name: &str| lookup(name).filter(|value| !value.is_empty());
        let pair = |ak_name: &str, sk_name: &str| match (read(ak_name), read(sk_name)) {
            (Some(ak), Some(sk)) => Ok(Some((ak, sk))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(Error::Config(format!("{ak_name} is set but {sk_name} is not"))),
            (None, Some(_)) => Err(Error::Config(format!("{sk_name} is set but {ak_name} is not"))),
        };
        let (ak, sk) = match pair(env::AK, env::SK)? {
            Some(found) => found,
            None => pair(env::SAMPLE_AK, env::SAMPLE_SK)?.ok_or_else(|| {
                Error::Config(format!(
                    "no access key in the environment: set {} and {} (or {} and {})",
                    env::AK,
                    env::SK,
                    env::SAMPLE_AK,
                    env::SAMPLE_SK
                ))
            })?,
        };
        let mut credentials = BasicCredentials::new(ak, sk);
        credentials.key.security_token = read(env::SECURITY_TOKEN).map(Secret::from);
        credentials.project_id = read(env::PROJECT_ID);
        Ok(credentials)
    }
}

impl ProvideCredentials for BasicCredentials {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = Credentials::AccessKey(self.key.clone());
        Box::pin(async move { Ok(credentials) })
    }

    fn client_parameter(&self, name: &str) -> Option<String> {
        (name == PROJECT_ID).then(|| self.project_id.clone()).flatten()
    }
}

/// An IAM token with the project it works in, sent as `X-Auth-Token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamToken {
    pub token: Secret,
    pub project_id: Option<String>,
}

impl IamToken {
    pub fn new(token: impl Into<Secret>) -> Self {
        IamToken { token: token.into(), project_id: None }
    }

    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }
}

impl ProvideCredentials for IamToken {
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let credentials = Credentials::Token(self.token.clone());
        Box::pin(async move { Ok(credentials) })
    }

    fn client_parameter(&self, name: &str) -> Option<String> {
        (name == PROJECT_ID).then(|| self.project_id.clone()).flatten()
    }
}

/// The command line's credentials: an access key when any of its variables is set, else an IAM
/// token, else none.
pub(crate) fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Arc<dyn ProvideCredentials>>, Error> {
    let set = |name: &str| lookup(name).is_some_and(|value| !value.is_empty());
    if [env::AK, env::SK, env::SAMPLE_AK, env::SAMPLE_SK].into_iter().any(set) {
        return Ok(Some(Arc::new(BasicCredentials::from_lookup(lookup)?)));
    }
    let project_id = lookup(env::PROJECT_ID).filter(|value| !value.is_empty());
    Ok(lookup(env::IAM_TOKEN)
        .filter(|token| !token.is_empty())
        .map(|token| Arc::new(IamToken { token: token.into(), project_id }) as Arc<dyn ProvideCredentials>))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn from(vars: &[(&str, &str)]) -> Result<BasicCredentials, Error> {
        BasicCredentials::from_lookup(lookup(vars))
    }

    #[test]
    fn the_sdk_variables_come_first() {
        let credentials = from(&[
            ("HUAWEICLOUD_SDK_AK", "AK1"),
            ("HUAWEICLOUD_SDK_SK", "SK1"),
            ("CLOUD_SDK_AK", "AK2"),
            ("CLOUD_SDK_SK", "SK2"),
            ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "t1"),
        ])
        .unwrap();
        assert_eq!(credentials, BasicCredentials::new("AK1", "SK1").security_token("t1").project_id("p1"));
        assert_eq!(credentials.client_parameter(PROJECT_ID).as_deref(), Some("p1"));
    }

    #[test]
    fn the_sample_variables_are_the_fallback() {
        let credentials =
            from(&[("CLOUD_SDK_AK", "AK2"), ("CLOUD_SDK_SK", "SK2"), ("HUAWEICLOUD_SDK_SK", "")]).unwrap();
        assert_eq!(credentials, BasicCredentials::new("AK2", "SK2"));
    }

    #[test]
    fn half_set_or_missing_pairs_are_named() {
        let error =
            from(&[("HUAWEICLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_AK", "AK2"), ("CLOUD_SDK_SK", "SK2")]).unwrap_err();
        assert_eq!(error.to_string(), "configuration: HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not");
        let error = from(&[("CLOUD_SDK_SK", "SK2")]).unwrap_err();
        assert_eq!(error.to_string(), "configuration: CLOUD_SDK_SK is set but CLOUD_SDK_AK is not");
        let error = from(&[]).unwrap_err();
        assert!(error.to_string().contains("no access key in the environment"), "{error}");
    }

    #[test]
    fn the_command_line_takes_a_token_when_no_key_is_set() {
        let found =
            from_env(lookup(&[("HUAWEICLOUD_SDK_IAM_TOKEN", "T0K3N-VALUE"), ("HUAWEICLOUD_SDK_PROJECT_ID", "p")]))
                .unwrap()
                .expect("a token");
        assert_eq!(found.client_parameter(PROJECT_ID).as_deref(), Some("p"));
        assert!(!format!("{found:?}").contains("T0K3N-VALUE"));
        assert!(from_env(lookup(&[])).unwrap().is_none());
        assert!(from_env(lookup(&[("CLOUD_SDK_AK", "a")])).is_err(), "a half-set pair is an error");
    }

    #[test]
    fn the_help_names_every_variable() {
        for name in
            [env::AK, env::SK, env::SAMPLE_AK, env::SAMPLE_SK, env::SECURITY_TOKEN, env::IAM_TOKEN, env::PROJECT_ID]
        {
            assert!(HELP.contains(name), "{name}");
        }
    }
}
