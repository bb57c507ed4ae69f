//! Specs the generator cannot turn into code fail with an error naming the spec location.

fn error_for(spec: &str) -> generator::Error {
    match generator::generate(spec, "test.yaml") {
        Ok(_) => panic!("expected an error for:\n{spec}"),
        Err(error) => error,
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn spec(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

#[test]
fn invalid_yaml_names_line_and_column() {
    let error = error_for("openapi: 3.0.3\ninfo: [unclosed\n");
    assert!(error.location.starts_with("line "), "{error}");
}

#[test]
fn other_openapi_versions_are_refused() {
    assert_eq!(error_for("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").location, "#/openapi");
    let error = error_for("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(error.location, "#/openapi");
    assert!(error.message.contains("3.1.0"), "{error}");
}

#[test]
fn one_of_is_not_supported_yet_and_says_where() {
    let error = error_for(&spec(
        "paths:\n  /v2/{project_id}/taskgroups/{group_id}/retry:\n    put:\n      parameters:\n        - {name: project_id, in: path, required: true, schema: {type: string}}\n        - {name: group_id, in: path, required: true, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              oneOf: [{type: string}, {type: integer}]\n      responses: {'200': {description: ok}}\n",
    ));
    assert_eq!(
        error.location,
        "#/paths/~1v2~1{project_id}~1taskgroups~1{group_id}~1retry/put/requestBody/content/application~1json/schema/oneOf"
    );
}

#[test]
fn a_dangling_reference_names_where_it_stands() {
    let error = error_for(&spec(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/Missing'}\n",
    ));
    assert_eq!(error.location, "#/components/schemas/A/properties/b");
    assert!(error.message.contains("#/components/schemas/Missing"), "{error}");
}

#[test]
fn a_path_template_without_its_parameter_is_an_error() {
    let error = error_for(&spec("paths:\n  /items/{id}:\n    get:\n      responses: {'200': {description: ok}}\n"));
    assert_eq!(error.location, "#/paths/~1items~1{id}/get");
    assert!(error.message.contains("{id}"), "{error}");
}

#[test]
fn unsupported_security_schemes_are_named() {
    let error = error_for(&spec(
        "security: [{basic: []}]\npaths:\n  /items:\n    get:\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    basic: {type: http, scheme: basic}\n",
    ));
    assert_eq!(error.location, "#/components/securitySchemes/basic/type");
}

#[test]
fn a_pattern_that_does_not_compile_is_caught_now() {
    let error = error_for(&spec(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {type: string, pattern: '([a-z'}\n",
    ));
    assert_eq!(error.location, "#/components/schemas/A/properties/b/pattern");
}

#[test]
fn unsupported_media_types_are_listed() {
    let error = error_for(&spec(
        "paths:\n  /items:\n    post:\n      requestBody:\n        content:\n          application/xml: {schema: {type: string}}\n      responses: {'200': {description: ok}}\n",
    ));
    assert_eq!(error.location, "#/paths/~1items/post/requestBody/content");
    assert!(error.message.contains("application/xml"), "{error}");
}
