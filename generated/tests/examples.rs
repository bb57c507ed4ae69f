//! The example responses spec/oms.yaml quotes from the vendor's API reference pages decode into the
//! operations' response models, served by a local server and read through the client.

use oms::{Client, Config, IamToken};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// The example of `operation_id`'s 200 response in spec/oms.yaml.
fn example(operation_id: &str) -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/oms.yaml")).expect("the spec");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    let operation = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_object().expect("a path item").values())
        .find(|operation| operation["operationId"] == operation_id)
        .unwrap_or_else(|| panic!("{operation_id} is in the spec"));
    operation["responses"]["200"]["content"]["application/json"]["example"].clone()
}

/// A client of a server that answers `at` with `operation_id`'s example.
async fn serving(operation_id: &str, at: &str) -> (MockServer, Client) {
    let example = example(operation_id);
    assert!(!example.is_null(), "{operation_id} has an example response");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(ResponseTemplate::new(200).set_body_json(example))
        .mount(&server)
        .await;
    let client = Client::new(Config::new().endpoint(server.uri()).credentials(IamToken::new("t").project_id(PROJECT)))
        .expect("valid");
    (server, client)
}

#[tokio::test]
async fn show_region_info_reads_its_pages_example() {
    let (_server, client) = serving("ShowRegionInfo", &format!("/v2/{PROJECT}/objectstorage/data-center")).await;
    let clouds = client.show_region_info().await.expect("the example decodes");
    let first = clouds.first().expect("at least one cloud");
    assert!(first.service_name.is_some() && first.region_list.as_ref().is_some_and(|regions| !regions.is_empty()));
}

#[tokio::test]
async fn list_api_versions_reads_its_pages_example() {
    let (_server, client) = serving("ListApiVersions", "/").await;
    let versions = client.list_api_versions().await.expect("the example decodes").versions.expect("versions");
    assert!(versions.iter().all(|version| version.id.is_some() && version.status.is_some()), "{versions:?}");
}

#[tokio::test]
async fn show_api_info_reads_its_pages_example() {
    let (_server, client) = serving("ShowApiInfo", "/v2").await;
    let info = client.show_api_info("v2").await.expect("the example decodes");
    assert_eq!(info.id.as_deref(), Some("v2"));
    assert!(info.links.is_some_and(|links| !links.is_empty()));
}
