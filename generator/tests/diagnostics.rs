//! Mistakes in a spec are shown as a compiler shows them: the file, line and column, the JSON
//! pointer, the offending line with a marker, and what was expected. Each case is an edit a user
//! could make to spec/oms.yaml.

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
