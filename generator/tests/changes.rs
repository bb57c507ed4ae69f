//! What a spec edit means for users of the generated crate: the API descriptions of the spec before
//! and after the edit compared, each change marked additive or breaking, with a semver verdict.
//! Each case is an edit a user could make to spec/oms.yaml.

use generator::Options;
use generator::surface::{self, Level, Surface};

mod common;

use common::{edited, oms_two_operations as oms};

/// The API description the generator writes for `spec`.
fn surface(spec: &str) -> Surface {
    let generated =
        generator::generate(spec, &Options { source: "spec/oms.yaml", crate_name: "oms" }).expect("the spec generates");
    let file = generated.files.iter().find(|file| file.path == surface::FILE).expect("api.json is generated");
    Surface::from_json(&file.contents).expect("api.json reads back")
}

/// The changes from spec/oms.yaml to `after`, as codegen prints them, and the verdict.
fn changes(after: &str) -> (Vec<String>, Option<Level>) {
    let changes = surface::compare(&surface(&oms()), &surface(after));
    (changes.iter().map(ToString::to_string).collect(), surface::verdict(&changes))
}

const REQUIRED_OF_START: &str = "      required:\n        - dst_ak\n        - dst_sk\n";

#[test]
fn an_optional_field_added_is_additive() {
    let spec = edited(
        "      description: The request body of RetryTaskGroup.\n      properties:\n",
        "      description: The request body of RetryTaskGroup.\n      properties:\n        priority:\n          type: integer\n          format: int32\n          maximum: 10\n",
    );
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes, ["additive  type `RetryTaskGroupReq`: field `priority` added"]);
    assert_eq!(verdict, Some(Level::Minor));
}

#[test]
fn a_field_made_required_is_breaking() {
    let spec = edited(REQUIRED_OF_START, "      required:\n        - dst_ak\n        - dst_sk\n        - src_ak\n");
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes, ["breaking  type `StartTaskGroupReq`: field `src_ak` made required"]);
    assert_eq!(verdict, Some(Level::Major));
}

#[test]
fn an_operation_removed_is_breaking() {
    let spec = oms();
    let start = spec.find("  /v2/{project_id}/taskgroups/{group_id}/start:").expect("the start operation");
    let end = start + spec[start..].find("components:").expect("components follow the paths");
    let spec = format!("{}{}", &spec[..start], &spec[end..]);
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes, ["breaking  operation `start_task_group` removed"]);
    assert_eq!(verdict, Some(Level::Major));
}

#[test]
fn an_enum_value_added_is_additive() {
    let spec = edited("        - DEFAULT\n        - KMS\n", "        - DEFAULT\n        - KMS\n        - SSE_C\n");
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes, ["additive  type `CryptoType`: value `SSE_C` added"]);
    assert_eq!(verdict, Some(Level::Minor));
}

#[test]
fn an_optional_query_parameter_is_a_setter_and_additive() {
    let spec = edited(
        "      operationId: RetryTaskGroup\n",
        "      operationId: RetryTaskGroup\n      parameters:\n        - name: dry_run\n          in: query\n          schema:\n            type: boolean\n",
    );
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes, ["additive  operation `retry_task_group`: optional input `dry_run` added"]);
    assert_eq!(verdict, Some(Level::Minor));
}

#[test]
fn a_tightened_limit_is_reported_without_breaking_types() {
    let spec = oms().replacen("maxLength: 1024", "maxLength: 64", 1);
    let (changes, verdict) = changes(&spec);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].starts_with("changed   client parameter `project_id`: rules changed from Length: 1 to 1024 characters. to Length: 1 to 64 characters."), "{changes:?}");
    assert_eq!(verdict, Some(Level::Patch));
}

#[test]
fn the_same_spec_changes_nothing() {
    let (changes, verdict) = changes(&oms());
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(verdict, None);
}

#[test]
fn the_description_reads_back_as_written() {
    let described = surface(&oms());
    assert_eq!(Surface::from_json(&described.to_json()).expect("reads back"), described);
    let operation = &described.operations["retry_task_group"];
    assert_eq!(operation.request, "PUT /v2/{project_id}/taskgroups/{group_id}/retry");
    let arguments: Vec<(&str, &str)> = operation.arguments.iter().map(|a| (a.name.as_str(), a.ty.as_str())).collect();
    assert_eq!(arguments, [("group_id", "String"), ("body", "RetryTaskGroupReq")]);
}

#[test]
fn a_server_variable_the_user_must_now_choose_is_breaking() {
    let spec = edited("        default: cn-north-4\n", "        default: cn-north-4\n        x-user-chosen: true\n");
    let (found, verdict) = changes(&spec);
    assert_eq!(found, ["breaking  server variable `region`: must now be chosen (no default)"]);
    assert_eq!(verdict, Some(Level::Major));
    let spec = edited(
        "        default: cn-north-4\n",
        "        default: cn-north-4\n        x-environment-variable: MY_REGION\n",
    );
    let (found, verdict) = changes(&spec);
    assert_eq!(found, ["changed   server variable `region`: environment variable none -> `MY_REGION`"]);
    assert_eq!(verdict, Some(Level::Patch));
}
