//! What the generator refuses (a spec it cannot read, or one that would make the crate wrong), and
//! what it reads differently than written, with a warning. Every one names its spec location.

use generator::{Diagnostic, Options, Severity};

fn generate(spec: &str) -> Result<generator::Generated, generator::Error> {
    generator::generate(spec, &Options { source: "test.yaml", crate_name: "test" })
}

fn error_for(spec: &str) -> Diagnostic {
    match generate(spec) {
        Ok(_) => panic!("expected an error for:\n{spec}"),
        Err(error) => error.first().clone(),
    }
}

/// The warnings a spec that generates gives.
fn warnings_for(spec: &str) -> Vec<Diagnostic> {
    match generate(spec) {
        Ok(generated) => generated.warnings,
        Err(error) => panic!("expected {spec} to generate: {error}"),
    }
}

/// The one warning of `kind`.
fn only_warning(spec: &str, kind: &str) -> Diagnostic {
    let warnings = warnings_for(spec);
    let found: Vec<&Diagnostic> = warnings.iter().filter(|w| w.kind == kind).collect();
    assert_eq!(found.len(), 1, "one {kind} warning in {warnings:#?}");
    found[0].clone()
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn spec(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

fn schema_property(property: &str) -> String {
    spec(&format!(
        "paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {property}\n"
    ))
}

fn operation_with_parameter(parameter: &str) -> String {
    spec(&format!(
        "paths:\n  /items:\n    get:\n      parameters:\n        - {parameter}\n      responses: {{'200': {{description: ok}}}}\n"
    ))
}

#[test]
fn invalid_yaml_is_located() {
    let error = error_for("openapi: 3.0.3\ninfo: [unclosed\n");
    assert_eq!(error.kind, "syntax");
    assert!(error.offset.is_some(), "{error}");
}

#[test]
fn documents_that_declare_no_version_of_the_format_are_refused() {
    let error = error_for("openapi: 2.5.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(error.pointer.as_str(), "#/openapi");
    assert!(error.message.contains("2.5.0"), "{error}");
    let error = error_for("info: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(error.pointer.as_str(), "#");
    assert!(error.message.contains("`openapi` is missing"), "{error}");
}

#[test]
fn a_version_newer_than_any_known_is_read_as_the_newest_with_a_warning() {
    let warning = only_warning("openapi: 3.3.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "version");
    assert_eq!(warning.pointer.as_str(), "#/openapi");
    assert!(warning.to_string().contains("read as OpenAPI 3.2"), "{warning}");
}

#[test]
fn numbers_that_are_not_finite_are_refused() {
    let error = error_for(&schema_property("{type: number, maximum: .inf}"));
    assert!(error.message.contains("not a finite number"), "{error}");
    assert!(error.offset.is_some(), "{error}");
}

#[test]
fn wrong_values_are_refused_at_their_key() {
    let error = error_for(&schema_property("{type: string, maxLength: -5}"));
    assert_eq!(error.pointer.as_str(), "#/components/schemas/A/properties/b/maxLength");
    assert_eq!(error.message, "expected a non-negative integer, found -5");
    let error = error_for(&operation_with_parameter("{name: q, in: body, schema: {type: string}}"));
    assert_eq!(error.pointer.as_str(), "#/paths/~1items/get/parameters/0/in");
    let error = error_for(&operation_with_parameter("{in: query, schema: {type: string}}"));
    assert_eq!(
        (error.pointer.as_str(), error.message.as_str()),
        ("#/paths/~1items/get/parameters/0", "a parameter needs `name`")
    );
}

#[test]
fn the_extensions_this_project_defines_are_checked() {
    let error = error_for(&spec(
        "security: [{s: []}]\npaths: {}\ncomponents:\n  securitySchemes:\n    s: {type: apiKey, in: header, name: Authorization, x-huaweicloud-signing: {algorithm: MD5}}\n",
    ));
    assert_eq!(error.pointer.as_str(), "#/components/securitySchemes/s/x-huaweicloud-signing/algorithm");
    let error =
        error_for(&operation_with_parameter("{name: q, in: query, x-client-parameter: true, schema: {type: string}}"));
    assert!(error.message.contains("path parameters only"), "{error}");
}

#[test]
fn not_is_not_enforced_and_the_value_is_typed_from_the_other_keywords() {
    let warning = only_warning(&schema_property("{not: {type: string}}"), "keyword ignored");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/A/properties/b/not");
    let generated = generate(&schema_property("{type: integer, not: {enum: [0]}}")).expect("generates");
    let models = generated.files.iter().find(|f| f.path.ends_with("models.rs")).expect("models");
    assert!(models.contents.contains("pub b: Option<i64>"), "{}", models.contents);
}

#[test]
fn a_dangling_reference_is_read_as_any_value_where_it_stands() {
    let warning = only_warning(&schema_property("{$ref: '#/components/schemas/Missing'}"), "unresolved reference");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/A/properties/b");
    assert!(warning.message.contains("#/components/schemas/Missing"), "{warning}");
    let warning = only_warning(&schema_property("{$ref: 'other.yaml#/B'}"), "unresolved reference");
    assert!(warning.message.contains("other.yaml#/B"), "{warning}");
}

#[test]
fn a_reference_into_another_schema_resolves() {
    let spec = spec(
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {type: string, maxLength: 3}\n    C:\n      type: object\n      properties:\n        d: {$ref: '#/components/schemas/A/properties/b'}\n",
    );
    assert!(warnings_for(&spec).is_empty());
}

#[test]
fn a_path_template_without_its_parameter_gets_one() {
    let warning = only_warning(
        &spec("paths:\n  /items/{id}:\n    get:\n      responses: {'200': {description: ok}}\n"),
        "parameter added",
    );
    assert_eq!(warning.pointer.as_str(), "#/paths/~1items~1{id}/get");
}

#[test]
fn unsupported_http_schemes_leave_their_requirements_out() {
    let spec = spec(
        "security: [{digest: []}]\npaths:\n  /items:\n    get:\n      responses: {'200': {description: ok}}\ncomponents:\n  securitySchemes:\n    digest: {type: http, scheme: digest}\n",
    );
    let warning = only_warning(&spec, "security skipped");
    assert_eq!(warning.pointer.as_str(), "#/components/securitySchemes/digest/scheme");
}

#[test]
fn a_pattern_no_ecma_engine_compiles_is_skipped() {
    let warning = only_warning(&schema_property("{type: string, pattern: '([a-z'}"), "pattern skipped");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/A/properties/b/pattern");
}

#[test]
fn bodies_of_other_media_types_are_bytes() {
    let spec = spec(
        "paths:\n  /items:\n    post:\n      requestBody:\n        content:\n          application/xml: {schema: {type: string}}\n      responses: {'200': {description: ok}}\n",
    );
    let warning = only_warning(&spec, "body as bytes");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1items/post/requestBody/content/application~1xml");
}

#[test]
fn callbacks_are_ignored_with_a_note() {
    let spec = spec(
        "paths:\n  /items:\n    post:\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              responses: {'200': {description: ok}}\n      responses: {'200': {description: ok}}\n",
    );
    let warning = only_warning(&spec, "ignored");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1items/post/callbacks");
    assert_eq!(warning.severity, Severity::Warning);
}

#[test]
fn server_variable_and_platform_extensions_of_the_wrong_shape() {
    let server = |extensions: &str| {
        spec(&format!(
            "servers:\n  - url: https://api.{{region}}.example.com\n    variables:\n      region:\n        default: r1\n{extensions}paths: {{}}\n"
        ))
    };
    let warning = only_warning(&server("        x-user-chosen: 'yes'\n"), "extension ignored");
    assert_eq!(warning.pointer.as_str(), "#/servers/0/variables/region/x-user-chosen");
    assert!(warning.to_string().contains("expected `true` or `false`"), "{warning}");
    let warning = only_warning(&server("        x-environment-variable: 1 BAD\n"), "extension ignored");
    assert_eq!(warning.pointer.as_str(), "#/servers/0/variables/region/x-environment-variable");
    assert!(
        warnings_for(&server("        x-user-chosen: true\n        x-environment-variable: MY_REGION\n")).is_empty()
    );

    let signing = |service: &str| {
        spec(&format!(
            "paths: {{}}\ncomponents:\n  securitySchemes:\n    aksk:\n      type: apiKey\n      in: header\n      name: Authorization\n      x-huaweicloud-signing:\n        algorithm: SDK-HMAC-SHA256\n        service: {service}\n"
        ))
    };
    let error = error_for(&signing("'O M S'"));
    assert_eq!(error.pointer.as_str(), "#/components/securitySchemes/aksk/x-huaweicloud-signing/service");
    assert!(error.message.contains("the service's name"), "{error}");
    assert!(generate(&signing("OMS")).is_ok());
}

/// An operation whose answer has a text `state`, a number `done` and a text `label`, with
/// `x-progress` as given.
fn operation_with_progress(progress: &str) -> String {
    spec(&format!(
        "paths:\n  /jobs/{{id}}:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      x-progress: {progress}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  state: {{type: string}}\n                  done: {{type: integer}}\n                  label: {{type: string}}\n"
    ))
}

#[test]
fn progress_names_number_fields_of_the_answer() {
    assert!(
        generate(&operation_with_progress("{state: state, counters: [{name: items, done: [done], total: done}]}"))
            .is_ok()
    );
    let cases = [
        ("{counters: [{name: items, done: missing}]}", "/x-progress/counters/0/done", "no field `missing`"),
        (
            "{counters: [{name: items, done: [done, label]}]}",
            "/x-progress/counters/0/done/1",
            "`label` is a String, not a number",
        ),
        (
            "{counters: [{name: items, done: done, unit: liters}]}",
            "/x-progress/counters/0/unit",
            "unknown variant `liters`, expected `items` or `bytes`",
        ),
        ("{counters: [{name: items}]}", "/x-progress/counters/0", "missing field `done`"),
        ("{counters: [{name: items, done: []}]}", "/x-progress/counters/0/done", "expected a field name, or a list"),
        ("{state: state, bar: true}", "/x-progress/bar", "unknown key `bar`"),
        ("{interval: 0, state: state}", "/x-progress/interval", "expected a nonzero u64"),
        ("{}", "/x-progress", "name a `state` field or at least one counter"),
    ];
    for (progress, pointer, message) in cases {
        let error = error_for(&operation_with_progress(progress));
        assert_eq!(error.pointer.as_str(), format!("#/paths/~1jobs~1{{id}}/get{pointer}"), "{progress}: {error}");
        assert!(error.message.contains(message), "{progress}: {error}");
    }
}

/// A job started by `POST /jobs`, shown by `GET /jobs/{id}` with a waiter; the start's link as given.
fn linked_operations(link: &str) -> String {
    spec(&format!(
        "paths:\n  /jobs:\n    post:\n      operationId: start\n      responses:\n        '200':\n          description: ok\n          links: {{job: {link}}}\n  /jobs/{{id}}:\n    get:\n      operationId: show\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      x-waiters: {{done: {{state: state, success: [1]}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{state: {{type: integer}}}}}}\n"
    ))
}

#[test]
fn links_the_command_line_cannot_follow_are_left_out_with_a_warning() {
    assert!(warnings_for(&linked_operations("{operationId: show, parameters: {id: '$response.body#/id'}}")).is_empty());
    let cases = [
        (
            "{operationId: show, parameters: {id: '$request.body#/id'}}",
            "/links/job/parameters/id",
            "expected `$request.path.NAME`",
        ),
        (
            "{operationId: show, parameters: {id: '$request.path.nothing'}}",
            "/links/job/parameters/id",
            "expected `$request.path.NAME`",
        ),
        ("{operationId: show}", "/links/job/parameters", "no value for the required parameter `id`"),
        ("{operationId: gone}", "/links/job/operationId", "no operation has the id `gone`"),
        ("{operationRef: '#/paths/~1jobs~1{id}/get'}", "/links/job", "by `operationId` only"),
    ];
    let twice = "{operationId: show, parameters: {id: '$response.body#/id'}}, again: {operationId: show, parameters: {id: '$response.body#/id'}}";
    let warning = only_warning(&linked_operations(twice), "link not followed");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1jobs/post/responses/200/links/again");
    assert!(warning.message.contains("already follows another link"), "{warning}");
    for (link, pointer, message) in cases {
        let warning = only_warning(&linked_operations(link), "link not followed");
        assert_eq!(warning.pointer.as_str(), format!("#/paths/~1jobs/post/responses/200{pointer}"), "{link}");
        assert!(warning.message.contains(message), "{link}: {warning}");
    }
}

#[test]
fn another_tools_extension_under_one_of_our_keys_is_ignored_with_a_warning() {
    // Another generator's `x-pagination`, in words of its own.
    let spec = spec(
        "paths:\n  /items:\n    get:\n      x-pagination: {style: cursor, defaultLimit: 20}\n      responses:\n        '200': {description: ok}\n",
    );
    let warning = only_warning(&spec, "extension ignored");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1items/get/x-pagination");
    assert!(warning.to_string().contains("another tool's extension"), "{warning}");
    let error = error_for(&spec.replace("style: cursor", "itmes: data"));
    assert_eq!(error.pointer.as_str(), "#/paths/~1items/get/x-pagination/itmes");
    assert_eq!(error.label.as_deref(), Some("did you mean `items`?"));
}

/// A 3.1 document with `schema` as the one component schema.
fn openapi31_schema(schema: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    A: {schema}\n")
}

#[test]
fn what_no_rust_type_holds_is_typed_from_the_other_keywords_with_a_warning() {
    for keyword in [
        "if: {required: [a]}",
        "dependentSchemas: {a: {required: [b]}}",
        "unevaluatedItems: false",
        "not: {type: string}",
    ] {
        let spec = openapi31_schema(&format!("{{type: object, properties: {{a: {{type: string}}}}, {keyword}}}"));
        let generated = generate(&spec).unwrap_or_else(|e| panic!("{keyword}: {e}"));
        let key = keyword.split(':').next().unwrap_or_default();
        let warning = generated.warnings.iter().find(|w| w.pointer.as_str() == format!("#/components/schemas/A/{key}"));
        let warning = warning.unwrap_or_else(|| panic!("{keyword}: {:#?}", generated.warnings));
        assert!(warning.to_string().contains("not enforced"), "{warning}");
        let models = generated.files.iter().find(|f| f.path.ends_with("models.rs")).expect("models");
        assert!(models.contents.contains("pub struct A"), "{keyword}: still a struct");
    }
}

#[test]
fn a_tuple_that_may_hold_more_items_is_a_list_with_a_warning() {
    let spec = openapi31_schema("{type: array, prefixItems: [{type: string}, {type: integer}]}");
    let warning = only_warning(&spec, "schema degraded");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/A/prefixItems");
    let spec = openapi31_schema("{type: array, prefixItems: [{type: string}, {type: integer}], items: false}");
    let warning = only_warning(&spec, "value coerced");
    assert!(warning.to_string().contains("read as exactly 2 items"), "{warning}");
}

#[test]
fn a_property_whose_schema_is_false_is_left_out() {
    let spec = openapi31_schema("{type: object, properties: {a: {type: string}, never: false}}");
    let warning = only_warning(&spec, "property skipped");
    assert_eq!(warning.pointer.as_str(), "#/components/schemas/A/properties/never");
}

#[test]
fn problems_in_a_31_document_are_shown_where_the_user_wrote_them() {
    // The `type` list becomes `anyOf` branches, and `prefixItems` moves beside the schema; a
    // problem in either is still located in the user's document.
    let spec = openapi31_schema(
        "{type: [object, 'null'], properties: {p: {type: array, prefixItems: [{$ref: '#/components/schemas/Missing'}], maxItems: 1}}, dependentRequired: {p: [q]}}",
    );
    let warnings = warnings_for(&spec);
    let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert!(pointers.contains(&"#/components/schemas/A/properties/p/prefixItems/0"), "{warnings:#?}");
    assert!(pointers.contains(&"#/components/schemas/A/dependentRequired/p"), "{warnings:#?}");
    let spec = openapi31_schema("{type: [string, integer], minLength: -1}");
    let error = error_for(&spec);
    assert_eq!(error.pointer.as_str(), "#/components/schemas/A/minLength");
}

#[test]
fn a_31_dialect_other_than_openapis_own_is_read_with_a_warning() {
    let spec = "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\ninfo: {title: t, version: '1'}\n";
    let warning = only_warning(spec, "dialect ignored");
    assert_eq!(warning.pointer.as_str(), "#/jsonSchemaDialect");
}
