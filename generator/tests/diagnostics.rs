//! Mistakes in a spec are shown as a compiler shows them: the file, line and column, the JSON
//! pointer, the offending line with a marker, and what was expected. Each case is an edit a user
//! could make to spec/oms.yaml, or to a file of the fixture of several files.

use std::path::PathBuf;

use generator::diagnostic::{self, Diagnostic};
use generator::{Options, Source};

mod common;

use common::edited;

/// Everything the generator reports for `spec`: its errors if it fails, else its warnings.
fn reported(spec: &str) -> Vec<Diagnostic> {
    match generator::generate(spec, &Options { source: "spec/oms.yaml", crate_name: "oms" }) {
        Ok(generated) => generated.warnings,
        Err(error) => error.diagnostics,
    }
}

fn rendered(spec: &str) -> String {
    diagnostic::render(&reported(spec), &Source::new("spec/oms.yaml", spec), 20)
}

#[test]
fn a_misspelled_type_names_the_types_and_the_closest() {
    let spec =
        edited("migrate_failed_object:\n          type: boolean", "migrate_failed_object:\n          type: bolean");
    assert_eq!(rendered(&spec), BOLEAN);
}

#[test]
fn a_misspelled_key_is_a_warning_with_a_suggestion() {
    let spec = edited(
        "      in: path\n      required: true\n      description: The task group ID.",
        "      in: path\n      requird: true\n      required: true\n      description: The task group ID.",
    );
    assert_eq!(rendered(&spec), REQUIRD);
}

#[test]
fn an_out_of_range_value_is_an_error_at_its_key() {
    let spec = edited(
        "Enter a maximum of 100 characters.\n          minLength: 0\n          maxLength: 100\n        connection_string",
        "Enter a maximum of 100 characters.\n          minLength: 0\n          maxLength: -5\n        connection_string",
    );
    assert_eq!(rendered(&spec), MAX_LENGTH);
}

#[test]
fn a_yaml_syntax_error_shows_the_line() {
    let spec =
        edited("  title: Object Storage Migration Service (OMS)", "  title: [Object Storage Migration Service (OMS)");
    assert_eq!(rendered(&spec), SYNTAX);
}

#[test]
fn independent_problems_are_all_reported_in_one_run() {
    let spec = edited(
        "Enter a maximum of 100 characters.\n          minLength: 0\n          maxLength: 100\n        connection_string",
        "Enter a maximum of 100 characters.\n          minLength: 0\n          maxLength: -1\n        connection_string",
    );
    let spec = spec.replacen(
        "        migrate_failed_object:\n          type: boolean",
        "        migrate_failed_object:\n          type: boolean\n          nullable: maybe",
        1,
    );
    let errors: Vec<String> = reported(&spec).iter().map(|d| d.pointer.to_string()).collect();
    assert_eq!(
        errors,
        [
            "#/components/schemas/RetryTaskGroupReq/properties/src_sk/maxLength",
            "#/components/schemas/RetryTaskGroupReq/properties/migrate_failed_object/nullable",
        ]
    );
}

/// A misspelled key planted in every kind of object a spec holds is found, with the key it
/// stands for.
#[test]
fn misspelled_keys_are_found_in_every_kind_of_object() {
    let spec = r#"openapi: 3.0.3
info:
  titel: t
  version: '1'
  contact: {nam: a}
  license: {name: l, ur: u}
servers:
  - url: https://{host}
    descripton: s
    variables:
      host: {default: h, enun: [h]}
tags:
  - {name: t, descriptio: d, externalDocs: {url: u, descriptin: d}}
paths:
  /a/{id}:
    summry: s
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}, examplle: x}
    post:
      operationid: a
      requestBody:
        requred: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                f: {type: string, fromat: binary}
              discriminator: {propertyName: f, mappings: {}}
              xml: {nme: x}
            encoding:
              f: {contentTpe: image/png}
            exampels: {}
      responses:
        '200':
          descripion: ok
          headers:
            X-A: {schema: {type: string}, descrption: h}
          links:
            l: {operationid: a}
          content:
            application/json:
              example: {}
              schma: {type: string}
components:
  examples:
    e: {sumary: s}
  securitySchemes:
    k: {type: apiKey, in: header, name: K, descripton: d}
    o:
      type: oauth2
      flows:
        implicit: {authorizationUrl: u, scopes: {}, refreshUr: r}
      flow: {}
"#;
    let mut found: Vec<(String, Option<String>)> =
        reported(spec).iter().map(|d| (d.pointer.to_string(), d.label.clone())).collect();
    found.sort();
    let expected = [
        ("#/components/examples/e/sumary", "summary"),
        ("#/components/securitySchemes/k/descripton", "description"),
        ("#/components/securitySchemes/o/flow", "flows"),
        ("#/components/securitySchemes/o/flows/implicit/refreshUr", "refreshUrl"),
        ("#/info/contact/nam", "name"),
        ("#/info/license/ur", "url"),
        ("#/info/titel", "title"),
        ("#/paths/~1a~1{id}/parameters/0/examplle", "example"),
        ("#/paths/~1a~1{id}/post/operationid", "operationId"),
        ("#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/encoding/f/contentTpe", "contentType"),
        ("#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/exampels", "examples"),
        ("#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema/discriminator/mappings", "mapping"),
        ("#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/f/fromat", "format"),
        ("#/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema/xml/nme", "name"),
        ("#/paths/~1a~1{id}/post/requestBody/requred", "required"),
        ("#/paths/~1a~1{id}/post/responses/200/content/application~1json/schma", "schema"),
        ("#/paths/~1a~1{id}/post/responses/200/descripion", "description"),
        ("#/paths/~1a~1{id}/post/responses/200/headers/X-A/descrption", "description"),
        ("#/paths/~1a~1{id}/post/responses/200/links/l/operationid", "operationId"),
        ("#/paths/~1a~1{id}/summry", "summary"),
        ("#/servers/0/descripton", "description"),
        ("#/servers/0/variables/host/enun", "enum"),
        ("#/tags/0/descriptio", "description"),
        ("#/tags/0/externalDocs/descriptin", "description"),
    ];
    for (pointer, suggestion) in expected {
        let label = Some(format!("did you mean `{suggestion}`?"));
        assert!(found.contains(&(pointer.to_owned(), label)), "{pointer} -> {suggestion} in {found:#?}");
    }
}

#[test]
fn extension_keys_are_never_flagged() {
    let spec = edited("  x-cli-name: oms", "  x-cli-name: oms\n  x-anything-at-all: {nested: [1]}");
    assert!(reported(&spec).is_empty());
}

/// The fixture of several files (tests/fixtures/multi_file), copied for one test with `edits`
/// made to its files; removed when the test ends.
struct EditedFiles(PathBuf);

impl EditedFiles {
    fn new(test: &str, edits: &[(&str, &str, &str)]) -> Self {
        let fixture = common::crate_dir().join("tests/fixtures/multi_file");
        let dir = std::env::temp_dir().join(format!("multi-file-{}-{test}", std::process::id()));
        for file in ["api.yaml", "common.json", "paths/pets.yaml", "schemas/pet.yaml", "schemas/tag.yaml"] {
            let mut text = std::fs::read_to_string(fixture.join(file)).expect("a fixture file");
            for (_, from, to) in edits.iter().filter(|(edited, _, _)| *edited == file) {
                assert_eq!(text.matches(from).count(), 1, "{from:?} is in {file} once");
                text = text.replacen(from, to, 1);
            }
            std::fs::create_dir_all(dir.join(file).parent().expect("a directory")).expect("a directory");
            std::fs::write(dir.join(file), text).expect("written");
        }
        EditedFiles(dir)
    }

    /// What the generator reports, rendered in the files it is found in.
    fn rendered(&self) -> String {
        let read = generator::generate_file(
            &self.0.join("api.yaml"),
            &Options { source: "multi_file/api.yaml", crate_name: "multi_file" },
        );
        let diagnostics = match read.result {
            Ok(generated) => generated.warnings,
            Err(error) => error.diagnostics,
        };
        diagnostic::render_in(&diagnostics, &read.sources, 20)
    }
}

impl Drop for EditedFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_mistake_in_a_referenced_file_is_shown_in_that_file() {
    let files = EditedFiles::new(
        "type",
        &[("schemas/pet.yaml", "id: {type: integer, format: int64}", "id: {type: integr, format: int64}")],
    );
    assert_eq!(files.rendered(), INTEGR);
}

/// What lowering finds (after the shape check, in the document upgraded and bundled) is shown in
/// the file too.
#[test]
fn what_lowering_finds_in_a_referenced_file_is_shown_there() {
    let files = EditedFiles::new(
        "lowering",
        &[("schemas/pet.yaml", "    name: {type: string}\n    pets:", "    name: {not: {type: string}}\n    pets:")],
    );
    let rendered = files.rendered();
    assert!(rendered.contains("┌─ multi_file/schemas/pet.yaml:18:12\n"), "{rendered}");
    assert!(rendered.contains("= at #/Owner/properties/name/not"), "{rendered}");
}

#[test]
fn a_missing_file_is_an_error_at_the_reference() {
    let files =
        EditedFiles::new("missing", &[("paths/pets.yaml", "../schemas/pet.yaml#/NewPet", "../schemas/new-pet.yaml")]);
    let rendered = files.rendered();
    assert!(
        rendered.starts_with("error: `../schemas/new-pet.yaml` cannot be read: multi_file/schemas/new-pet.yaml: "),
        "{rendered}"
    );
    assert!(rendered.contains("┌─ multi_file/paths/pets.yaml:21:24\n"), "{rendered}");
    assert!(rendered.contains("= at #/post/requestBody/content/application~1json/schema/$ref"), "{rendered}");
}

#[test]
fn a_pointer_to_nothing_is_an_error_with_the_closest_name() {
    let files = EditedFiles::new("pointer", &[("api.yaml", "pet.yaml#/Pet'", "pet.yaml#/Pett'")]);
    assert_eq!(files.rendered(), PETT);
}

#[test]
fn a_syntax_error_in_a_referenced_file_is_shown_there() {
    let files = EditedFiles::new(
        "syntax",
        &[("common.json", "\"message\": {\"type\": \"string\"}", "\"message\": {\"type\" \"string\"}")],
    );
    let rendered = files.rendered();
    assert!(rendered.starts_with("error: not valid JSON: expected `:`"), "{rendered}");
    assert!(rendered.contains("┌─ multi_file/common.json:9:30\n"), "{rendered}");
}

/// A URL is not followed, nor is a reference of a spec given as text: a warning says so where
/// the reference is written.
#[test]
fn references_that_are_not_followed_are_warned_of_where_they_stand() {
    let files = EditedFiles::new(
        "url",
        &[("schemas/pet.yaml", "tag: {$ref: 'tag.yaml'}", "tag: {$ref: 'https://example.com/tag.yaml'}")],
    );
    let rendered = files.rendered();
    assert!(
        rendered.starts_with("warning: reference `https://example.com/tag.yaml` is to another document"),
        "{rendered}"
    );
    assert!(rendered.contains("┌─ multi_file/schemas/pet.yaml:14:5\n"), "{rendered}");

    let spec =
        std::fs::read_to_string(common::crate_dir().join("tests/fixtures/multi_file/api.yaml")).expect("api.yaml");
    let reported = match generator::generate(&spec, &Options { source: "api.yaml", crate_name: "api" }) {
        Ok(generated) => generated.warnings,
        Err(error) => error.diagnostics,
    };
    let rendered = diagnostic::render(&reported, &Source::new("api.yaml", spec), 20);
    let report = |start: &str| rendered.split("warning: ").find(|report| report.starts_with(start)).unwrap_or_default();
    assert!(report("reference `./paths/pets.yaml` is to another document").contains("┌─ api.yaml:8:3\n"), "{rendered}");
    assert!(report("reference `common.json#/components/responses/Error`").contains("┌─ api.yaml:24:9\n"), "{rendered}");
}

const INTEGR: &str = r#"warning: unknown type "integr"; expected one of string, number, integer, boolean, array, object
  ┌─ multi_file/schemas/pet.yaml:5:16
  │
5 │     id: {type: integr, format: int64}
  │                ^^^^^^ did you mean "integer"?
  │
  = at #/Pet/properties/id/type
  = the schema is read from its other keywords, as any JSON value if none says more

"#;
const PETT: &str = r#"error: `./schemas/pet.yaml#/Pett` points at nothing in multi_file/schemas/pet.yaml
   ┌─ multi_file/api.yaml:29:13
   │
29 │       $ref: './schemas/pet.yaml#/Pett'
   │             ^^^^^^^^^^^^^^^^^^^^^^^^^^ did you mean `Pet`?
   │
   = at #/components/schemas/Pet/$ref

"#;
const BOLEAN: &str = r#"warning: unknown type "bolean"; expected one of string, number, integer, boolean, array, object
    ┌─ spec/oms.yaml:223:17
    │
223 │           type: bolean
    │                 ^^^^^^ did you mean "boolean"?
    │
    = at #/components/schemas/RetryTaskGroupReq/properties/migrate_failed_object/type
    = the schema is read from its other keywords, as any JSON value if none says more

"#;
const REQUIRD: &str = r#"warning: unknown key `requird` in a parameter
    ┌─ spec/oms.yaml:132:7
    │
132 │       requird: true
    │       ^^^^^^^ did you mean `required`?
    │
    = at #/components/parameters/GroupId/requird
    = ignored; extensions start with `x-`

"#;
const MAX_LENGTH: &str = r#"error: expected a non-negative integer, found -5
    ┌─ spec/oms.yaml:192:22
    │
192 │           maxLength: -5
    │                      ^^
    │
    = at #/components/schemas/RetryTaskGroupReq/properties/src_sk/maxLength

"#;
const SYNTAX: &str = r#"error: not valid YAML: did not find expected ',' or ']' at line 4 column 10, while parsing a flow sequence at line 3 column 10
  ┌─ spec/oms.yaml:4:10
  │
4 │   version: v2
  │          ^
  │
  = at #/info/title

"#;

#[test]
fn a_webhook_example_that_does_not_fit_its_schema_is_set_aside_with_a_warning_at_it() {
    let spec = r#"openapi: 3.1.0
info: {title: Kennel, version: '1'}
webhooks:
  pet.renamed:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [pet_id, new_name]
              properties:
                pet_id: {type: string}
                new_name: {type: string}
            example: {pet_id: p-7, newName: Rex}
      responses:
        '200': {description: Received.}
"#;
    let generated =
        generator::generate(spec, &Options { source: "kennel.yaml", crate_name: "kennel" }).expect("generates");
    let warning = generated.warnings.iter().find(|w| w.kind == "example ignored").expect("a warning for the example");
    assert_eq!(warning.pointer.to_string(), "#/webhooks/pet.renamed/post/requestBody");
    assert!(warning.message.contains("new_name: required, not given"), "{}", warning.message);
    let webhooks = generated.files.iter().find(|file| file.path == "src/api/webhooks.rs").expect("webhooks.rs");
    assert!(!webhooks.contents.contains("newName"), "the example that does not fit is not the test's body");
    assert!(webhooks.contents.contains("new_name"), "the test reads a body made from the schema");
}
