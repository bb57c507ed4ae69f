//! Huawei Cloud credentials: an access key pair or an IAM token, with the project they work in,
//! from code or from the environment variables the vendor's SDKs read.

use client_runtime::{
    AccessKey, BoxFuture, Credentials, Environment, Error, ProvideCredentials, Secret, empty_credential,
};

use crate::{IAM_ENDPOINT, PROJECT_ID};

/// Environment variables: those the vendor's SDKs and API samples read, and a few of this
/// crate's own (marked so).
pub mod env {
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    pub const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
    /// The profile file, instead of `~/.huaweicloud/credentials`.
    pub const CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
    /// The IAM endpoint project ids are looked up at.
    pub const IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
    /// The regions file, instead of `~/.huaweicloud/regions.yaml`.
    pub const REGIONS_FILE: &str = "HUAWEICLOUD_SDK_REGIONS_FILE";
    /// Endpoints of a service in a region: `HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4`.
    pub const REGION_ENDPOINT_PREFIX: &str = "HUAWEICLOUD_SDK_REGION_";
    /// The pair the API reference pages' samples read, used when the two above are unset.
    pub const SAMPLE_AK: &str = "CLOUD_SDK_AK";
    pub const SAMPLE_SK: &str = "CLOUD_SDK_SK";
    /// An IAM token, used when no access key is set (this crate's own).
    pub const IAM_TOKEN: &str = "HUAWEICLOUD_SDK_IAM_TOKEN";
    /// The instance metadata service, instead of `http://169.254.169.254` (this crate's own).
    pub const METADATA_ENDPOINT: &str = "HUAWEICLOUD_METADATA_ENDPOINT";
    /// Seconds an attempt at the instance metadata service may take in all (this crate's own).
    pub const METADATA_TIMEOUT: &str = "HUAWEICLOUD_METADATA_TIMEOUT";
}

/// The sources of the default chain, in order: one text for the help and the errors.
macro_rules! sources {
    () => {
        "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (or CLOUD_SDK_AK and CLOUD_SDK_SK), with \
         HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials; an IAM token in HUAWEICLOUD_SDK_IAM_TOKEN; \
         the profile file (~/.huaweicloud/credentials, or HUAWEICLOUD_SDK_CREDENTIALS_FILE) with ak and sk in \
         [basic]; the ECS instance metadata service (http://169.254.169.254, or \
         HUAWEICLOUD_METADATA_ENDPOINT; given up after HUAWEICLOUD_METADATA_TIMEOUT seconds, else 1), on a \
         server with an agency attached"
    };
}

/// Where the command line finds credentials, for its help.
pub(crate) const HELP: &str = concat!(
    "Credentials are looked for in this order: ",
    sources!(),
    ". The project id is --project-id, else HUAWEICLOUD_SDK_PROJECT_ID, else the profile's, else looked up in IAM \
     by the region's name."
);

/// Every way to give credentials, for the error when the default chain found none.
pub(crate) const WAYS: &str = concat!(
    "Give credentials in code (Config::credentials with BasicCredentials::new or IamToken::new, \
     Config::access_key, Config::token), or with any of the sources looked for in this order: ",
    sources!(),
    "."
);

/// An access key pair with the project it works in, as the vendor SDKs' `BasicCredentials`. Every
/// request is signed (SDK-HMAC-SHA256); the project id fills the `project_id` client parameter
/// when the configuration sets none, and is looked up in IAM when neither names it. Debug never
/// shows the SK or the security token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub key: AccessKey,
    pub project_id: Option<String>,
    /// Where the project id is looked up, instead of the region's IAM endpoint.
    pub iam_endpoint: Option<String>,
}

impl BasicCredentials {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        BasicCredentials { key: AccessKey::new(access_key_id, secret_access_key), project_id: None, iam_endpoint: None }
    }

    pub fn iam_endpoint(mut self, url: impl Into<String>) -> Self {
        self.iam_endpoint = Some(url.into());
        self
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
        let environment = Environment::process();
        Self::from_lookup(|name| environment.var(name))
    }

    /// [`BasicCredentials::from_env`] over `environment`: `None` when no access key variable is
    /// set.
    pub fn from_environment(environment: &Environment) -> Result<Option<Self>, Error> {
        let set = |name: &str| environment.var(name).is_some();
        if ![env::AK, env::SK, env::SAMPLE_AK, env::SAMPLE_SK].into_iter().any(set) {
            return Ok(None);
        }
        Self::from_lookup(|name| environment.var(name)).map(Some)
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

    fn check(&self) -> Result<(), Error> {
        self.key.check()?;
        check_project_id(self.project_id.as_deref())
    }

    fn setting(&self, name: &str) -> Option<String> {
        match name {
            PROJECT_ID => self.project_id.clone(),
            IAM_ENDPOINT => self.iam_endpoint.clone(),
            _ => None,
        }
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

    fn check(&self) -> Result<(), Error> {
        if self.token.is_empty() {
            return Err(empty_credential("token"));
        }
        check_project_id(self.project_id.as_deref())
    }

    fn setting(&self, name: &str) -> Option<String> {
        (name == PROJECT_ID).then(|| self.project_id.clone()).flatten()
    }
}

impl IamToken {
    /// `HUAWEICLOUD_SDK_IAM_TOKEN`, with `HUAWEICLOUD_SDK_PROJECT_ID`, if the token is set. Empty
    /// values count as unset.
    pub fn from_environment(environment: &Environment) -> Option<Self> {
        let read = |name: &str| environment.var(name).filter(|value| !value.is_empty());
        let token = read(env::IAM_TOKEN)?;
        Some(IamToken { token: token.into(), project_id: read(env::PROJECT_ID) })
    }
}

/// A project id given empty would make a path with an empty segment.
fn check_project_id(project_id: Option<&str>) -> Result<(), Error> {
    match project_id {
        Some("") => Err(empty_credential(PROJECT_ID)),
        _ => Ok(()),
    }
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
        assert_eq!(credentials.setting(PROJECT_ID).as_deref(), Some("p1"));
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
    fn a_token_from_the_environment() {
        let environment =
            Environment::fixed([("HUAWEICLOUD_SDK_IAM_TOKEN", "T0K3N-VALUE"), ("HUAWEICLOUD_SDK_PROJECT_ID", "p")]);
        let found = IamToken::from_environment(&environment).expect("a token");
        assert_eq!(found.setting(PROJECT_ID).as_deref(), Some("p"));
        assert!(!format!("{found:?}").contains("T0K3N-VALUE"));
        assert!(BasicCredentials::from_environment(&environment).unwrap().is_none(), "no key variable is set");
        let half = Environment::fixed([("CLOUD_SDK_AK", "a")]);
        assert!(BasicCredentials::from_environment(&half).is_err(), "a half-set pair is an error");
    }

    #[test]
    fn the_help_names_every_variable() {
        for name in
            [env::AK, env::SK, env::SAMPLE_AK, env::SAMPLE_SK, env::SECURITY_TOKEN, env::IAM_TOKEN, env::PROJECT_ID]
        {
            assert!(HELP.contains(name), "{name}");
        }
    }

    #[test]
    fn the_ways_to_give_credentials_name_every_source() {
        for way in [
            env::AK,
            env::SK,
            env::SAMPLE_AK,
            env::SAMPLE_SK,
            env::SECURITY_TOKEN,
            env::IAM_TOKEN,
            env::CREDENTIALS_FILE,
            "~/.huaweicloud/credentials",
            env::METADATA_ENDPOINT,
            env::METADATA_TIMEOUT,
            "instance metadata",
            "Config::credentials",
            "BasicCredentials::new",
            "IamToken::new",
            "Config::access_key",
            "Config::token",
        ] {
            assert!(WAYS.contains(way), "{way}: {WAYS}");
        }
    }

    #[test]
    fn credentials_given_empty_are_refused_by_field_never_by_value() {
        let refused = |credentials: &dyn ProvideCredentials| credentials.check().expect_err("refused").to_string();
        assert_eq!(
            refused(&BasicCredentials::new("", "S3CRET")),
            "configuration: the credentials have an empty access_key_id"
        );
        assert_eq!(
            refused(&BasicCredentials::new("AK", "")),
            "configuration: the credentials have an empty secret_access_key"
        );
        let shown = refused(&BasicCredentials::new("AK", "S3CRET").security_token(""));
        assert_eq!(shown, "configuration: the credentials have an empty security_token");
        let shown = refused(&BasicCredentials::new("AK", "S3CRET").project_id(""));
        assert_eq!(shown, "configuration: the credentials have an empty project_id");
        assert_eq!(refused(&IamToken::new("")), "configuration: the credentials have an empty token");
        assert_eq!(
            refused(&IamToken::new("T0K3N").project_id("")),
            "configuration: the credentials have an empty project_id"
        );
        assert!(BasicCredentials::new("AK", "S3CRET").security_token("T").project_id("p").check().is_ok());
        assert!(IamToken::new("T0K3N").project_id("p").check().is_ok());
        let empty_token = Environment::fixed([("HUAWEICLOUD_SDK_IAM_TOKEN", "")]);
        assert!(IamToken::from_environment(&empty_token).is_none(), "an empty variable counts as unset");
    }
}
