//! Swagger 2.0 documents are read through their upgrade to OpenAPI 3.0, and the upgrade does not
//! show: the same API written in 2.0, 3.0 and 3.1 gives the same client, and what is wrong in a
//! 2.0 document is shown where its author wrote it, with its 2.0 keywords.

use generator::diagnostic::{self, Diagnostic};
use generator::surface::{self, Surface};
use generator::{Generated, Options, Source};

mod common;

fn generate(spec: &str) -> Result<Generated, generator::Error> {
    generator::generate(spec, &Options { source: "library.yaml", crate_name: "library" })
}

fn data(name: &str) -> String {
    let path = common::crate_dir().join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn surface_of(generated: &Generated) -> Surface {
    let file = generated.files.iter().find(|file| file.path == surface::FILE).expect("api.json is generated");
    Surface::from_json(&file.contents).expect("api.json reads back")
}

#[test]
fn the_same_api_in_swagger_2_0_openapi_3_0_and_3_1_gives_the_same_client() {
    let versions = ["upgrade-swagger20.yaml", "upgrade-openapi30.yaml", "upgrade-openapi31.yaml"];
    let generated: Vec<Generated> =
        versions.iter().map(|name| generate(&data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))).collect();
    for (name, generated) in versions.iter().zip(&generated) {
        assert!(generated.warnings.is_empty(), "{name}: {:#?}", generated.warnings);
    }
    let swagger = surface_of(&generated[0]);
    assert_eq!(swagger.operations.len(), 4, "{swagger:#?}");
    for (name, other) in versions.iter().zip(&generated).skip(1) {
        let changes: Vec<String> =
            surface::compare(&swagger, &surface_of(other)).iter().map(ToString::to_string).collect();
        assert!(changes.is_empty(), "{} and {name} differ: {changes:#?}", versions[0]);
        // Not only the surface: every file, the tables of styles and media types included.
        for (file, other_file) in generated[0].files.iter().zip(&other.files) {
            assert_eq!(file.path, other_file.path);
            assert!(file.contents == other_file.contents, "{} differs from {name}'s", file.path);
        }
    }
}

/// A definition and a body parameter's schema, each with a string enum of numbers, which lowering
/// reads as any string with a warning.
const PROBLEMS: &str = r#"swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      parameters:
        - name: pet
          in: body
          schema:
            type: object
            properties:
              size:
                type: string
                enum: [1, 2]
      responses:
        "204": {description: ok}
definitions:
  Pet:
    type: object
    properties:
      age:
        type: string
        enum: [3, 4]
"#;

fn rendered(spec: &str, diagnostics: &[Diagnostic]) -> String {
    diagnostic::render(diagnostics, &Source::new("library.yaml", spec), 20)
}

#[test]
fn problems_lowering_finds_are_shown_where_the_2_0_document_has_them() {
    let warnings = generate(PROBLEMS).expect("generates").warnings;
    let pointers: Vec<&str> = warnings.iter().map(|warning| warning.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["#/definitions/Pet/properties/age/enum", "#/paths/~1pets/post/parameters/0/schema/properties/size/enum"]
    );
    let text = rendered(PROBLEMS, &warnings);
    assert!(text.contains("library.yaml:14:17"), "the body parameter's enum, line 14:\n{text}");
    assert!(text.contains("library.yaml:23:9"), "the definition's enum, line 23:\n{text}");
}

#[test]
fn a_slip_in_a_2_0_document_is_suggested_the_2_0_keyword() {
    let spec = PROBLEMS.replace("in: body", "in: bdoy").replace("definitions:", "definition:");
    let error = generate(&spec).expect_err("an unknown location");
    let text = rendered(&spec, &error.diagnostics);
    assert!(text.contains("unknown key `definition` in a Swagger 2.0 document"), "{text}");
    assert!(text.contains("did you mean `definitions`?"), "{text}");
    assert!(text.contains("library.yaml:8:15"), "{text}");
    assert!(text.contains("expected one of query, header, path, formData, body"), "{text}");
    assert!(text.contains("did you mean \"body\"?"), "{text}");
}
