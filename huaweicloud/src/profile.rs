//! The profile file the vendor's SDKs read: `~/.huaweicloud/credentials`, or the file
//! `HUAWEICLOUD_SDK_CREDENTIALS_FILE` names.
//!
//! ```ini
//! [basic]
//! ak = ...
//! sk = ...
//! security_token = ...   ; temporary credentials only
//! project_id = ...       ; else looked up in IAM
//! iam_endpoint = ...     ; where it is looked up
//! ```
//!
//! The section is `[basic]`, or `[basiccredentials]` as the vendor SDKs' default chain names it;
//! keys in `[DEFAULT]` count for every section. Key names are case-insensitive, `=` and `:` both
//! separate, and lines starting with `#` or `;` are comments. Values are taken as they are: no
//! quotes, escapes or `%` interpolation (an SK may hold any of them).

use std::path::{Path, PathBuf};

use client_runtime::{Environment, Error, Secret};

use crate::credentials::{BasicCredentials, env};

/// The sections read, in order.
const SECTIONS: [&str; 2] = ["basic", "basiccredentials"];
const DEFAULT_SECTION: &str = "default";

/// The profile file's path: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`.
pub fn path(environment: &Environment) -> Option<PathBuf> {
    environment.file(env::CREDENTIALS_FILE, &[".huaweicloud", "credentials"])
}

/// What the profile file gave.
pub(crate) enum Found {
    Credentials(BasicCredentials),
    /// Why the file gave none, for the message when no source gives any.
    Nothing(String),
}

/// Reads the profile file. A file that is missing, or has no section or access key, gives
/// nothing; one that cannot be read or parsed, or has half a key pair, is an error.
pub(crate) fn read(environment: &Environment) -> Result<Found, Error> {
    let Some(path) = path(environment) else {
        return Ok(Found::Nothing("no home directory to find the profile file in".into()));
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Found::Nothing(format!("the profile file {} does not exist", path.display())));
        }
        Err(e) => return Err(Error::Config(format!("cannot read the profile file {}: {e}", path.display()))),
    };
    parse(&text, &path)
}

fn parse(text: &str, path: &Path) -> Result<Found, Error> {
    // Values as written: a `;` or `#` after a value is part of it, and no value spans lines.
    let mut defaults = configparser::ini::Ini::new().defaults();
    defaults.enable_inline_comments = false;
    defaults.multiline = false;
    let sections = configparser::ini::Ini::new_from_defaults(defaults)
        .read(text.to_owned())
        .map_err(|e| Error::Config(format!("the profile file {} is not valid INI: {e}", path.display())))?;
    let Some(section) = SECTIONS.into_iter().find(|name| sections.contains_key(*name)) else {
        return Ok(Found::Nothing(format!("the profile file {} has no [basic] section", path.display())));
    };
    let read = |key: &str| {
        [section, DEFAULT_SECTION]
            .into_iter()
            .find_map(|name| sections.get(name)?.get(key)?.as_deref())
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    if read("idp_id").is_some() || read("id_token_file").is_some() {
        return Err(Error::Config(format!(
            "the profile file {} asks for federation (idp_id, id_token_file), which this client does not support",
            path.display()
        )));
    }
    let (ak, sk) = match (read("ak"), read("sk")) {
        (Some(ak), Some(sk)) => (ak, sk),
        (None, None) => {
            return Ok(Found::Nothing(format!("the profile file {} has no ak and sk in [{section}]", path.display())));
        }
        (Some(_), None) => {
            return Err(Error::Config(format!("the profile file {} has an ak but no sk", path.display())));
        }
        (None, Some(_)) => {
            return Err(Error::Config(format!("the profile file {} has an sk but no ak", path.display())));
        }
    };
    let mut credentials = BasicCredentials::new(ak, sk);
    credentials.key.security_token = read("security_token").map(Secret::from);
    credentials.project_id = read("project_id");
    credentials.iam_endpoint = read("iam_endpoint");
    Ok(Found::Credentials(credentials))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(text: &str) -> BasicCredentials {
        match parse(text, Path::new("credentials")) {
            Ok(Found::Credentials(credentials)) => credentials,
            Ok(Found::Nothing(why)) => panic!("no credentials: {why}"),
            Err(e) => panic!("{e}"),
        }
    }

    fn nothing(text: &str) -> String {
        match parse(text, Path::new("credentials")) {
            Ok(Found::Nothing(why)) => why,
            Ok(Found::Credentials(_)) => panic!("credentials found in {text}"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn keys_in_either_section_any_case_either_separator() {
        let found = credentials(
            "# a comment\n[basic]\nAK = AK1\nsk: S%K;1\\x\"q\nproject_id = p1\n; another\nsecurity_token=T1\niam_endpoint = http://iam.local\n",
        );
        assert_eq!(found.key.access_key_id, "AK1");
        assert_eq!(found.key.secret_access_key.expose(), "S%K;1\\x\"q", "values are taken as they are");
        assert_eq!(found.key.security_token.as_ref().map(Secret::expose), Some("T1"));
        assert_eq!(found.project_id.as_deref(), Some("p1"));
        assert_eq!(found.iam_endpoint.as_deref(), Some("http://iam.local"));
        let found = credentials("[DEFAULT]\nproject_id = p0\n[basiccredentials]\nak = A\nsk = S\n");
        assert_eq!((found.key.access_key_id.as_str(), found.project_id.as_deref()), ("A", Some("p0")));
    }

    #[test]
    fn missing_parts_say_what_is_missing() {
        assert!(nothing("[global]\nak = A\nsk = S\n").contains("no [basic] section"));
        assert!(nothing("[basic]\nproject_id = p\n").contains("no ak and sk"));
        for (text, expected) in [
            ("[basic]\nak = A\n", "has an ak but no sk"),
            ("[basic]\nidp_id = i\nid_token_file = f\n", "federation"),
            ("[basic\nak = A\n", "not valid INI"),
        ] {
            let error = parse(text, Path::new("credentials")).err().expect(text).to_string();
            assert!(error.contains(expected), "{error}");
        }
    }

    #[test]
    fn the_path_comes_from_the_variable_or_the_home() {
        let environment = Environment::fixed([("HOME", "/home/u")]);
        assert_eq!(path(&environment), Some(PathBuf::from("/home/u/.huaweicloud/credentials")));
        let environment = Environment::fixed([("HOME", "/home/u"), ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/etc/c")]);
        assert_eq!(path(&environment), Some(PathBuf::from("/etc/c")));
    }
}
