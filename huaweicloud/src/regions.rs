//! Endpoints for a region from the vendor SDKs' settings, before the spec's server URL: the
//! variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (upper case, `-` as `_`; a comma-separated
//! list), else the regions file (`~/.huaweicloud/regions.yaml`, or `HUAWEICLOUD_SDK_REGIONS_FILE`):
//!
//! ```yaml
//! OMS:
//!   - id: eu-west-101
//!     endpoint: https://oms.eu-west-101.myhuaweicloud.eu
//! ```
//!
//! An entry may list `endpoints` instead. Where several are given the first is used: this client
//! does not fail over between endpoints.

use client_runtime::{Environment, Error};
use yaml_rust2::{Yaml, YamlLoader};

use crate::credentials::env;

/// The variable that names `service`'s endpoints in `region`.
pub fn variable(service: &str, region: &str) -> String {
    let upper = |text: &str| text.to_ascii_uppercase().replace('-', "_");
    format!("{}{}_{}", env::REGION_ENDPOINT_PREFIX, upper(service), upper(region))
}

/// The endpoint the vendor's settings give `service` in `region`, if any.
pub(crate) fn endpoint(service: &str, region: &str, environment: &Environment) -> Result<Option<String>, Error> {
    let name = variable(service, region);
    if let Some(list) = environment.var(&name) {
        let first = list.split(',').map(str::trim).find(|e| !e.is_empty());
        let first = first.ok_or_else(|| Error::Config(format!("{name} names no endpoint")))?;
        tracing::debug!(variable = %name, endpoint = first, "endpoint from the environment");
        return Ok(Some(with_scheme(first)));
    }
    let Some(path) = environment.file(env::REGIONS_FILE, &[".huaweicloud", "regions.yaml"]) else { return Ok(None) };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::Config(format!("cannot read the regions file {}: {e}", path.display()))),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let found = endpoint_in_file(&text, service, region)
        .map_err(|e| Error::Config(format!("the regions file {} is not as expected: {e}", path.display())))?;
    if let Some(found) = &found {
        tracing::debug!(file = %path.display(), endpoint = found.as_str(), "endpoint from the regions file");
    }
    Ok(found)
}

/// The endpoint a regions file gives `service` (its name in any case) in `region`: the first
/// non-empty one of the entry's `endpoints`, else its `endpoint`. Every entry of every service is
/// checked, and an error names the entry or field that is misshapen.
fn endpoint_in_file(text: &str, service: &str, region: &str) -> Result<Option<String>, String> {
    let documents = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let services = match documents.first() {
        None | Some(Yaml::Null) => return Ok(None),
        Some(Yaml::Hash(services)) => services,
        Some(_) => return Err("it is not a mapping of service names to lists of regions".to_owned()),
    };
    let mut found = None;
    for (name, entries) in services {
        let name = name.as_str().ok_or("a service name is not a string")?;
        let Yaml::Array(entries) = entries else { return Err(format!("`{name}` is not a list of regions")) };
        for (index, entry) in entries.iter().enumerate() {
            let at = |key: &str| format!("`{name}[{index}].{key}`");
            if !matches!(entry, Yaml::Hash(_)) {
                return Err(format!("`{name}[{index}]` is not a mapping"));
            }
            let string_field = |key: &str| match &entry[key] {
                Yaml::BadValue | Yaml::Null => Ok(None),
                Yaml::String(text) => Ok(Some(text.as_str())),
                _ => Err(format!("{} is not a string", at(key))),
            };
            let (id, endpoint) = (string_field("id")?, string_field("endpoint")?);
            let endpoints = match &entry["endpoints"] {
                Yaml::BadValue | Yaml::Null => Vec::new(),
                Yaml::Array(list) => list
                    .iter()
                    .map(|item| {
                        item.as_str().ok_or_else(|| format!("{} lists a value that is not a string", at("endpoints")))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => return Err(format!("{} is not a list", at("endpoints"))),
            };
            if found.is_none() && id == Some(region) && name.eq_ignore_ascii_case(service) {
                let first = endpoints.into_iter().chain(endpoint).map(str::trim).find(|e| !e.is_empty());
                found = Some(first.map(with_scheme));
            }
        }
    }
    Ok(found.flatten())
}

/// Endpoints without a scheme are https, as the vendor SDKs read them.
fn with_scheme(endpoint: &str) -> String {
    match endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        true => endpoint.to_owned(),
        false => format!("https://{endpoint}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_comes_before_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("regions.yaml");
        std::fs::write(
            &file,
            "oms:\n  - id: eu-west-101\n    endpoints: [' b.example', c.example]\n    endpoint: d.example\n  - endpoint: x\nECS:\n  - id: cn-north-4\n    endpoint: ecs.example\n",
        )
        .unwrap();
        let file = file.to_string_lossy().into_owned();
        let environment = Environment::fixed([
            ("HUAWEICLOUD_SDK_REGIONS_FILE", file.as_str()),
            ("HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4", " , http://a.example:8080,https://z.example"),
        ]);
        let found = |region| endpoint("OMS", region, &environment).unwrap();
        assert_eq!(found("cn-north-4").as_deref(), Some("http://a.example:8080"));
        assert_eq!(found("eu-west-101").as_deref(), Some("https://b.example"));
        assert_eq!(found("cn-north-1"), None);
        assert_eq!(variable("OMS", "ap-southeast-1"), "HUAWEICLOUD_SDK_REGION_OMS_AP_SOUTHEAST_1");
    }

    #[test]
    fn a_missing_or_empty_file_gives_nothing_and_a_broken_one_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("regions.yaml");
        let environment = Environment::fixed([("HUAWEICLOUD_SDK_REGIONS_FILE", file.to_string_lossy().into_owned())]);
        assert_eq!(endpoint("OMS", "cn-north-4", &environment).unwrap(), None);
        std::fs::write(&file, "\n").unwrap();
        assert_eq!(endpoint("OMS", "cn-north-4", &environment).unwrap(), None);
        for (text, says) in [
            ("OMS: [1, 2", "regions file"),
            ("- OMS", "not a mapping of service names"),
            ("OMS: {id: cn-north-4}", "`OMS` is not a list"),
            ("ECS:\n  - id: a\nOMS:\n  - id: cn-north-4\n  - id: 4\n", "`OMS[1].id` is not a string"),
            ("OMS:\n  - id: cn-north-4\n    endpoints: x.example\n", "`OMS[0].endpoints` is not a list"),
        ] {
            std::fs::write(&file, text).unwrap();
            let error = endpoint("OMS", "cn-north-4", &environment).unwrap_err().to_string();
            assert!(error.contains("regions file") && error.contains(says), "{text}: {error}");
        }
    }
}
