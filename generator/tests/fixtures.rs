//! Each fixture spec under tests/fixtures covers one area of OpenAPI; its generated files are
//! locked by snapshots (tests/compile.rs builds them). Every construct the generator supports
//! becomes an exact Rust type: a fixture that degrades anything (a warning) fails here. A fixture
//! of several files is a directory, whose spec is `api.yaml`.

mod common;

fn generate(name: &str) -> generator::Generated {
    let path = common::crate_dir().join("tests/fixtures").join(format!("{name}.yaml"));
    let spec = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::generate(&spec, &generator::Options { source: &format!("{name}.yaml"), crate_name: name })
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The fixture of several files in the directory `name`.
fn generate_directory(name: &str) -> generator::Generated {
    let path = common::crate_dir().join("tests/fixtures").join(name).join("api.yaml");
    let options = generator::Options { source: &format!("{name}/api.yaml"), crate_name: name };
    generator::generate_file(&path, &options).result.unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Snapshots the files whose names end with one of `files` (every file for an empty list).
fn snapshot(name: &str, files: &[&str]) {
    snapshot_generated(name, generate(name), files);
}

fn snapshot_generated(name: &str, generated: generator::Generated, files: &[&str]) {
    assert!(generated.warnings.is_empty(), "{name} is not read exactly as written: {:#?}", generated.warnings);
    for file in generated.files {
        // `src/api/models.rs` as `models.rs`; a sample program as `examples__<operation>.rs`.
        let key = match file.path.strip_prefix("src/api/") {
            Some(module) => module.to_owned(),
            None => file.path.replace('/', "__"),
        };
        let wanted = if files.is_empty() { key != "mod.rs" } else { files.contains(&key.as_str()) };
        if wanted {
            insta::assert_snapshot!(format!("{name}__{key}"), file.contents);
        }
    }
}

/// The types and the calls: what a construct becomes for users of the crate.
const API: &[&str] = &["models.rs", "client.rs"];

#[test]
fn schemas() {
    snapshot("schemas", &[]);
}

#[test]
fn parameters() {
    snapshot("parameters", &[]);
}

#[test]
fn names() {
    snapshot("names", &[]);
}

#[test]
fn taskgroups() {
    snapshot("taskgroups", &[]);
}

/// `oneOf` with a discriminator (mapping by reference and by name, several tags for one schema,
/// a base extended by `allOf`), and unions without one.
#[test]
fn discriminated_unions() {
    snapshot("discriminated_unions", API);
}

/// `nullable` spelled every way: the keyword, `anyOf`/`oneOf` with a null alternative, `enum: [null]`.
#[test]
fn nullable_variants() {
    snapshot("nullable_variants", API);
}

/// `allOf` around a single reference, with a description, a default or flags beside it.
#[test]
fn allof_wrappers() {
    snapshot("allof_wrappers", API);
}

/// Query lists exploded and not, space- and pipe-delimited, deepObject and form objects, JSON.
#[test]
fn query_arrays() {
    snapshot("query_arrays", API);
}

#[test]
fn multipart() {
    snapshot("multipart", API);
}

/// Text, JSON-string and binary bodies, and one offered in several media types; mock rules write
/// typed text and bytes answers as such.
#[test]
fn string_bodies() {
    snapshot("string_bodies", &["models.rs", "client.rs", "mock.rs"]);
}

#[test]
fn media_types() {
    snapshot("media_types", &["models.rs", "client.rs", "requests.rs"]);
}

/// Answers read item by item as they arrive: server-sent events typed by 3.2's `itemSchema` (a
/// whole event, or the data's own schema) and by `schema`, JSON lines, a JSON text sequence; and
/// a download and an upload of bytes. Mock rules answer streams with HTTP answers only.
#[test]
fn streaming() {
    snapshot("streaming", &["requests.rs", "models.rs", "cli.rs", "mock.rs", "api.json", "examples__stream_chat.rs"]);
}

/// Operations without operationIds, and ids that collide once converted.
#[test]
fn missing_operation_ids() {
    snapshot("missing_operation_ids", &["client.rs"]);
}

/// Parameters and fields named like what generated code writes.
#[test]
fn param_collisions() {
    snapshot("param_collisions", &["client.rs", "cli.rs"]);
}

#[test]
fn param_overrides() {
    snapshot("param_overrides", &["client.rs"]);
}

/// ECMA-262 patterns with look-ahead and look-behind.
#[test]
fn lookaround() {
    snapshot("lookaround", API);
}

#[test]
fn recursive_trees() {
    snapshot("recursive_trees", &["models.rs"]);
}

#[test]
fn maps_and_free_form() {
    snapshot("maps_and_free_form", &["models.rs"]);
}

#[test]
fn awkward_enums() {
    snapshot("awkward_enums", &["models.rs"]);
}

#[test]
fn name_normalization() {
    snapshot("name_normalization", &["models.rs"]);
}

#[test]
fn integer_formats() {
    snapshot("integer_formats", &["models.rs"]);
}

#[test]
fn responses_and_status() {
    snapshot("responses_and_status", &["client.rs"]);
}

#[test]
fn path_oddities() {
    snapshot("path_oddities", &["client.rs"]);
}

/// The smallest shapes a spec takes: no component schemas, no parameters, no security, one
/// operation. Each builds with warnings denied (tests/compile.rs).
#[test]
fn minimal_specs() {
    for name in ["no_schemas", "no_parameters", "no_security", "single_operation"] {
        snapshot(name, &["models.rs", "client.rs"]);
    }
}

/// `x-pagination` (an offset with a total, cursors in the body and the query) and `x-waiters`
/// (string and integer states): the pagers and waiters on the requests, and `--all`/`--wait`.
#[test]
fn shared_bodies() {
    snapshot("shared_bodies", &["cli.rs"]);
}

#[test]
fn paging() {
    snapshot("paging", &["requests.rs", "cli.rs", "api.json"]);
}

/// OpenAPI 3.1's JSON Schema 2020-12: type lists, `const`, `$ref` beside other keywords, `$defs`,
/// `$anchor` and `$id`, tuples, maps keyed by an enum or a pattern, `dependentRequired`.
#[test]
fn openapi31_schemas() {
    snapshot("openapi31_schemas", API);
}

/// XML bodies typed by their schema: the models' XML tables (names, attributes, wrapped and
/// unwrapped lists, namespaces with prefixes, scalar kinds), the requests' root elements, and the
/// XML error body in the client's docs.
#[test]
fn xml_bodies() {
    snapshot("xml_bodies", &["models.rs", "client.rs", "requests.rs", "api.json"]);
}

/// OpenAPI 3.2's `nodeType` in the `xml` object: an element wrapping a list, an attribute, an
/// element's own text.
#[test]
fn xml_node_types() {
    snapshot("xml_node_types", &["models.rs"]);
}

/// OpenAPI 3.2: `query` and `additionalOperations`, `in: querystring`, nested tags, `$self`,
/// `defaultMapping`, path items by reference.
#[test]
fn openapi32() {
    snapshot("openapi32", &["models.rs", "client.rs", "cli.rs"]);
}

/// A 3.1 document of webhooks alone: payload models and the enum a receiver reads bodies into.
#[test]
fn openapi31_webhooks() {
    snapshot("openapi31_webhooks", &["models.rs", "webhooks.rs", "client.rs"]);
}

/// A spec in several files: a path item, schemas and a components file in JSON in other files,
/// reached by relative paths (`../common.json`), which refer on to others (`./tag.yaml`, a whole
/// file) and to their own values (`#/Owner`). Each becomes the model or component of its name.
#[test]
fn multi_file() {
    snapshot_generated("multi_file", generate_directory("multi_file"), API);
}

/// The spec of several files gives the files the same spec written out in one gives, but for the
/// header naming the spec.
#[test]
fn multi_file_generates_what_it_written_out_generates() {
    let path = common::crate_dir().join("tests/data/multi_file/written_out.yaml");
    let written_out = std::fs::read_to_string(&path).expect("tests/data/multi_file/written_out.yaml");
    let options = generator::Options { source: "multi_file/api.yaml", crate_name: "multi_file" };
    let written_out = generator::generate(&written_out, &options).expect("the written-out spec generates");
    let from_files = generate_directory("multi_file");
    assert!(written_out.warnings.is_empty(), "{:#?}", written_out.warnings);
    let paths =
        |generated: &generator::Generated| generated.files.iter().map(|file| file.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&from_files), paths(&written_out));
    for (from_files, written_out) in from_files.files.iter().zip(&written_out.files) {
        assert_eq!(from_files.contents, written_out.contents, "{} differs", from_files.path);
    }
}

/// Pagination in Datadog's words (an offset, a page number, a cursor), and by page number in ours.
#[test]
fn vendor_pagination() {
    snapshot("vendor_pagination", &["requests.rs"]);
}

/// A Swagger 2.0 document, read through its upgrade to 3.0: body, form and multipart parameters,
/// every `collectionFormat` (the styles of the operation tables), shared parameters and
/// responses, nullable and polymorphic definitions, the server of `host`, `basePath` and
/// `schemes`.
#[test]
fn swagger2() {
    snapshot("swagger2", &["models.rs", "client.rs", "requests.rs", "servers.rs"]);
}

/// Servers of a path item and of an operation: their operations' tables name them.
#[test]
fn operation_servers() {
    snapshot("operation_servers", &["requests.rs"]);
}

/// The runtime reads and writes XML only with its `xml` feature: a crate asks for it, in its
/// manifest, when a body it sends or reads is XML, and only then (string_bodies offers XML beside
/// JSON, and JSON is the one used).
#[test]
fn a_crate_needs_the_runtimes_xml_feature_only_for_xml_bodies() {
    for (name, features) in
        [("xml_bodies", &["xml"][..]), ("xml_node_types", &["xml"]), ("string_bodies", &[]), ("schemas", &[])]
    {
        let generated = generate(name);
        assert_eq!(generated.runtime_features, features, "{name}");
        let (client, huaweicloud) = (std::path::Path::new("/r/c"), std::path::Path::new("/r/h"));
        let runtimes = generator::package::Runtimes { client, huaweicloud };
        let files = generator::package::standalone(name, generated, runtimes, &[]);
        let manifest = files.iter().find(|file| file.path == "Cargo.toml").expect("a manifest");
        let dependency =
            manifest.contents.lines().find(|line| line.starts_with("client-runtime =")).expect("the runtime");
        let expected = match features {
            [] => r#"client-runtime = { path = "/r/c" }"#,
            _ => r#"client-runtime = { path = "/r/c", features = ["xml"] }"#,
        };
        assert_eq!(dependency, expected, "{name}");
    }
}
