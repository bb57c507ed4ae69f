//! YAML anchors, aliases and merge keys (`<<: *base`, `<<: [*a, *b]`) are read as YAML's merge-key
//! convention says, and what is found in a merged value is shown where the anchor writes it.

use generator::diagnostic::{self, Diagnostic};
use generator::{Options, Source};

mod common;

fn data(name: &str) -> String {
    let path = common::crate_dir().join("tests/data/merge_keys").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const OPTIONS: Options = Options { source: "merges.yaml", crate_name: "merges" };

/// A spec written with merge keys gives the files the same spec written out gives: the mapping's
/// own keys win, the earlier of several merged mappings wins, merged mappings that merge others
/// bring those too, and an alias stands for its anchor's value.
#[test]
fn merge_keys_generate_what_the_spec_written_out_generates() {
    let merged = generator::generate(&data("merged.yaml"), &OPTIONS).expect("the merged spec generates");
    let written_out = generator::generate(&data("written_out.yaml"), &OPTIONS).expect("the written-out spec generates");
    assert!(merged.warnings.is_empty(), "{:#?}", merged.warnings);
    assert_eq!(merged.files.len(), written_out.files.len());
    for (merged, written_out) in merged.files.iter().zip(&written_out.files) {
        assert_eq!(merged.path, written_out.path);
        assert_eq!(merged.contents, written_out.contents, "{} differs", merged.path);
    }
    // The merged fields are there (the comparison alone would pass if both lost them).
    let models = merged.files.iter().find(|file| file.path == "src/api/models.rs").expect("models.rs");
    for field in ["pub born:", "pub lives:", "pub tag: Option<i64>", "pub tag: Option<String>", "pub id: i64"] {
        assert!(models.contents.contains(field), "models.rs has `{field}`");
    }
}

fn rendered(spec: &str) -> String {
    let diagnostics: Vec<Diagnostic> = match generator::generate(spec, &OPTIONS) {
        Ok(generated) => generated.warnings,
        Err(error) => error.diagnostics,
    };
    diagnostic::render(&diagnostics, &Source::new(OPTIONS.source, spec), 20)
}

/// A mistake in an anchor is shown in the anchor for each schema it is merged into (directly, or
/// through another anchor that merges it), at the pointer where it is read.
#[test]
fn a_problem_in_a_merged_value_is_shown_in_the_anchor() {
    let spec =
        data("merged.yaml").replacen("id: {type: integer, format: int64}", "id: {type: integr, format: int64}", 1);
    let rendered = rendered(&spec);
    for schema in ["Pet", "Cat", "Bird"] {
        let at = format!("= at #/components/schemas/{schema}/properties/id/type");
        let report = rendered
            .split("warning: ")
            .find(|report| report.contains(&at))
            .unwrap_or_else(|| panic!("{at}: {rendered}"));
        assert!(report.contains("┌─ merges.yaml:5:16\n"), "{report}");
        assert!(report.contains("5 │     id: {type: integr, format: int64}"), "{report}");
    }
}

/// A merge of something other than mappings is an error at the merge.
#[test]
fn a_merge_of_a_scalar_is_an_error_where_it_stands() {
    let spec = data("merged.yaml").replacen("headers: {<<: *cache-headers}", "headers: {<<: 3}", 1);
    let rendered = rendered(&spec);
    assert!(rendered.contains("a merge key (`<<`) takes a mapping or a list of mappings"), "{rendered}");
    assert!(rendered.contains("merges.yaml:23:"), "{rendered}");
}
