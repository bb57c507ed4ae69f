//! Specs the generator cannot turn into code fail with an error naming the spec location.

fn error_for(spec: &str) -> generator::Error {
    match generator::generate(spec, &generator::Options { source: "test.yaml", crate_name: "test" }) {
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
fn not_is_not_supported_and_says_where() {
    let error = error_for(&spec(
        "paths:\n  /v2/{project_id}/taskgroups/{group_id}/retry:\n    put:\n      parameters:\n        - {name: project_id, in: path, required: true, schema: {type: string}}\n        - {name: group_id, in: path, required: true, schema: {type: string}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              not: {type: string}\n      responses: {'200': {description: ok}}\n",
    ));
    assert_eq!(
        error.location,
        "#/paths/~1v2~1{project_id}~1taskgroups~1{group_id}~1retry/put/requestBody/content/application~1json/schema/not"
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
    assert_eq!(error.location, "#/components/securitySchemes/basic/scheme");
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

fn operation_with_parameter(parameter: &str) -> String {
    spec(&format!(
        "paths:\n  /items:\n    get:\n      parameters:\n        - {parameter}\n      responses: {{'200': {{description: ok}}}}\n"
    ))
}

#[test]
fn parameters_the_runtime_cannot_send_are_named() {
    let cases = [
        ("{name: c, in: cookie, schema: {type: string}}", "#/paths/~1items/get/parameters/0", "cookie"),
        (
            "{name: q, in: query, style: deepObject, schema: {type: object}}",
            "#/paths/~1items/get/parameters/0/style",
            "form",
        ),
        (
            "{name: q, in: query, explode: false, schema: {type: array, items: {type: string}}}",
            "#/paths/~1items/get/parameters/0/explode",
            "exploded",
        ),
        (
            "{name: q, in: query, schema: {type: object, properties: {a: {type: string}}}}",
            "#/paths/~1items/get/parameters/0/schema",
            "scalars",
        ),
    ];
    for (parameter, location, words) in cases {
        let error = error_for(&operation_with_parameter(parameter));
        assert_eq!(error.location, location, "{parameter}");
        assert!(error.message.contains(words), "{parameter}: {error}");
    }
}

#[test]
fn numbers_that_are_not_finite_are_refused() {
    let error = error_for(&spec(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: number, maximum: .inf}\n",
    ));
    assert_eq!(error.location, "#/components/schemas/A/properties/n/maximum");
}

#[test]
fn a_reference_to_another_document_is_refused() {
    let error = error_for(&spec(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: 'other.yaml#/B'}\n",
    ));
    assert_eq!(error.location, "#/components/schemas/A/properties/b");
    assert!(error.message.contains("other.yaml#/B"), "{error}");
}
