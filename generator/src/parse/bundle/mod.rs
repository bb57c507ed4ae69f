//! References to other documents (`./schemas/pet.yaml#/Pet`, `../common.json#/components/schemas/Error`,
//! `other.yaml`) brought into the spec, so that everything after parsing reads one document.
//!
//! Each value another document holds is copied into the section of the spec's components that
//! keeps objects of its kind, under its own name (a schema `Pet` of pet.yaml becomes
//! `#/components/schemas/Pet`, and so a model named `Pet`), and the reference is rewritten to the
//! copy. A components entry of the spec that only refers to another document (`Pet: {$ref:
//! pet.yaml}`) is replaced by the value, keeping the spec's name. What has no section (a path
//! item) is written out where it is used. References in a copied value are read relative to the
//! document it came from, and a value copied once is referred to from everywhere else.
//!
//! [`Origins`] records where each copy came from, so that a problem found in it is shown in the
//! file that writes it. A missing file, a pointer to nothing and references that lead in a circle
//! are errors at the reference. URLs are left as they are (lowering says it does not follow them),
//! as is every reference of a spec given as text.

mod kinds;

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use serde_json::{Map, Value};

use super::documents::{Documents, Unreadable};
use super::upgrade::{Origins, Version};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::suggest;
use kinds::{Found, Kind};

/// Copies what the spec's references to other documents name into `document`, the spec of
/// `version`, and records in the returned `Origins` where each copy came from. Problems are added
/// to `found`, located in `document` (their origins place them in the file).
pub fn bundle(
    document: &mut Value,
    version: Version,
    documents: &mut Documents,
    found: &mut Vec<Diagnostic>,
) -> Origins {
    if !documents.reads_files() {
        return Origins::default();
    }
    let spec = documents.spec_name().to_owned();
    let (members, others): (Vec<Found>, Vec<Found>) =
        kinds::references(document, Kind::Document, &Pointer::root(), is_to_another_document)
            .into_iter()
            .partition(|reference| is_section_member(reference, version));
    // The spec's own components entries first, so that they keep their names.
    let mut pending: VecDeque<Pending> = members
        .into_iter()
        .chain(others)
        .map(|found| Pending { found, from: spec.clone(), inlined: Vec::new() })
        .collect();
    let mut bundler = Bundler { documents, version, spec, origins: Origins::default(), copies: HashMap::new(), found };
    while let Some(reference) = pending.pop_front() {
        bundler.resolve(document, reference, &mut pending);
    }
    bundler.origins
}

/// A reference still to resolve.
struct Pending {
    found: Found,
    /// The document it is written in: its relative paths and `#` pointers are to that one.
    from: String,
    /// The values written out on the way to it (a path item that includes itself would never end).
    inlined: Vec<(String, Pointer)>,
}

impl Pending {
    /// Where the reference's text stands, for a diagnostic about it.
    fn reference_at(&self) -> Pointer {
        if self.found.in_mapping { self.found.at.clone() } else { self.found.at.push("$ref") }
    }
}

struct Bundler<'d> {
    documents: &'d mut Documents,
    version: Version,
    spec: String,
    origins: Origins,
    /// Where each value was copied to, by the document and pointer it was read from and the
    /// section it was copied into.
    copies: HashMap<(String, Pointer, Pointer), Pointer>,
    found: &'d mut Vec<Diagnostic>,
}

/// A value a reference leads to, in another document.
struct Target {
    document: String,
    pointer: Pointer,
    value: Value,
}

impl Bundler<'_> {
    fn resolve(&mut self, document: &mut Value, reference: Pending, pending: &mut VecDeque<Pending>) {
        let Some(target) = self.follow(document, &reference) else { return };
        match reference.found.kind.section(self.version) {
            Some(section) => self.copy(document, &reference, target, section, pending),
            None => self.write_out(document, reference, target, pending),
        }
    }

    /// The value `reference` leads to, following references that only lead to others; `None`
    /// when it leads into the spec or to a URL (the reference is rewritten to that), or nowhere
    /// (reported).
    fn follow(&mut self, document: &mut Value, reference: &Pending) -> Option<Target> {
        let mut from = reference.from.clone();
        let mut target = reference.found.target.clone();
        let mut visited: Vec<(String, Pointer)> = Vec::new();
        loop {
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            if is_url(file) {
                rewrite(document, &reference.found, &target);
                return None;
            }
            let name = if file.is_empty() { from.clone() } else { self.documents.resolve(&from, file) };
            let Some(pointer) = pointer_of(fragment) else {
                self.report(
                    reference,
                    "unresolved reference",
                    format!("`{target}`: only JSON pointers (`#/...`) are followed"),
                );
                return None;
            };
            if name == self.spec {
                rewrite(document, &reference.found, pointer.as_str());
                return None;
            }
            if visited.contains(&(name.clone(), pointer.clone())) {
                let chain: Vec<String> = visited.iter().map(|(name, pointer)| format!("{name}{pointer}")).collect();
                let message = format!("the references lead in a circle: {} -> {name}{pointer}", chain.join(" -> "));
                self.report(reference, "circular reference", message);
                return None;
            }
            visited.push((name.clone(), pointer.clone()));
            let value = match self.documents.value(&name) {
                Ok(value) => value,
                Err(Unreadable::Missing(why)) => {
                    let message = format!("`{target}` cannot be read: {name}: {why}");
                    self.report(reference, "missing document", message);
                    return None;
                }
                Err(Unreadable::Syntax(error)) => {
                    let error = error.clone();
                    if !self.found.contains(&error) {
                        self.found.push(error);
                    }
                    return None;
                }
            };
            let node = match find(value, &pointer) {
                Ok(node) => node,
                Err(suggestion) => {
                    let mut error = reference
                        .reference_at()
                        .error("unresolved reference", format!("`{target}` points at nothing in {name}"));
                    if let Some(suggestion) = suggestion {
                        error = error.label(format!("did you mean `{suggestion}`?"));
                    }
                    self.found.push(error);
                    return None;
                }
            };
            match node.as_object().filter(|object| object.len() == 1).and_then(|object| object.get("$ref")) {
                Some(Value::String(next)) => {
                    target = next.clone();
                    from = name;
                }
                _ => return Some(Target { document: name, pointer, value: node.clone() }),
            }
        }
    }

    /// Copies `target` into `section` (once), and points the reference at the copy.
    fn copy(
        &mut self,
        document: &mut Value,
        reference: &Pending,
        target: Target,
        section: Pointer,
        pending: &mut VecDeque<Pending>,
    ) {
        let key = (target.document.clone(), target.pointer.clone(), section.clone());
        if let Some(copy) = self.copies.get(&key) {
            rewrite(document, &reference.found, copy.as_str());
            return;
        }
        let in_place = reference.from == self.spec
            && is_section_member(&reference.found, self.version)
            && get(document, &reference.found.at).and_then(Value::as_object).is_some_and(|object| object.len() == 1);
        let place = if in_place {
            reference.found.at.clone()
        } else {
            section.push(unique_name(get(document, &section), &target.document, &target.pointer))
        };
        let kind = reference.found.kind;
        let references = kinds::references(&target.value, kind, &place, is_any);
        if !put(document, &place, target.value) {
            let message =
                format!("`{}` cannot be copied into {section}, which is not a mapping", reference.found.target);
            self.report(reference, "unresolved reference", message);
            return;
        }
        if !in_place {
            rewrite(document, &reference.found, place.as_str());
        }
        self.origins.copied(&place, &target.document, &target.pointer);
        self.copies.insert(key, place);
        let from = target.document;
        pending.extend(references.into_iter().map(|found| Pending { found, from: from.clone(), inlined: Vec::new() }));
    }

    /// Writes `target` out in place of the reference: its keys, then those written beside the
    /// `$ref`, which win.
    fn write_out(&mut self, document: &mut Value, reference: Pending, target: Target, pending: &mut VecDeque<Pending>) {
        let origin = (target.document.clone(), target.pointer.clone());
        if reference.inlined.contains(&origin) {
            let message = format!("`{}` includes itself", reference.found.target);
            self.report(&reference, "circular reference", message);
            return;
        }
        let at = &reference.found.at;
        let mut inlined = reference.inlined;
        inlined.push(origin);
        let from = target.document;
        let (found, value) = match target.value {
            Value::Object(copied) => {
                let Some(Value::Object(written)) = get_mut(document, at) else { return };
                written.remove("$ref");
                let mut found = Vec::new();
                let mut merged = Map::new();
                for (key, value) in copied {
                    if !written.contains_key(&key) {
                        let key_at = at.push(&key);
                        found.extend(kinds::field_references(reference.found.kind, &key, &value, &key_at, is_any));
                        self.origins.copied(&key_at, &from, &target.pointer.push(&key));
                        merged.insert(key, value);
                    }
                }
                merged.extend(std::mem::take(written));
                (found, Value::Object(merged))
            }
            // Not an object: nothing to add keys to; it stands for the whole.
            other => {
                self.origins.copied(at, &from, &target.pointer);
                (kinds::references(&other, reference.found.kind, at, is_any), other)
            }
        };
        put(document, at, value);
        pending.extend(found.into_iter().map(|found| Pending { found, from: from.clone(), inlined: inlined.clone() }));
    }

    fn report(&mut self, reference: &Pending, kind: &'static str, message: String) {
        self.found.push(reference.reference_at().error(kind, message));
    }
}

/// Whether a reference of the spec names another document (an empty one names none).
fn is_to_another_document(target: &str) -> bool {
    !target.is_empty() && !target.starts_with('#')
}

fn is_any(_: &str) -> bool {
    true
}

/// Whether the reference is a components entry of its own (`#/components/schemas/Pet`).
fn is_section_member(reference: &Found, version: Version) -> bool {
    !reference.in_mapping && reference.kind.section(version).is_some_and(|section| reference.at.parent() == section)
}

/// Whether the document part of a reference is a URL (`https://...`), not a path.
fn is_url(file: &str) -> bool {
    match file.split_once(':') {
        // A scheme has two characters at least: `C:` is a drive.
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The JSON pointer a reference's fragment writes (`/components/schemas/Pet`); the whole document
/// for none.
fn pointer_of(fragment: &str) -> Option<Pointer> {
    if fragment.is_empty() { Some(Pointer::root()) } else { Pointer::parse(&format!("#{fragment}")) }
}

/// The value at `pointer`; or, where it leads nowhere, the key closest to the one that is missing.
fn find<'v>(value: &'v Value, pointer: &Pointer) -> Result<&'v Value, Option<String>> {
    let mut node = value;
    for token in pointer.tokens() {
        node = match node {
            Value::Object(map) => match map.get(&token) {
                Some(child) => child,
                None => return Err(suggest::closest(&token, map.keys().map(String::as_str)).map(str::to_owned)),
            },
            Value::Array(items) => token.parse::<usize>().ok().and_then(|index| items.get(index)).ok_or(None)?,
            _ => return Err(None),
        };
    }
    Ok(node)
}

fn json_pointer(pointer: &Pointer) -> &str {
    pointer.as_str().strip_prefix('#').unwrap_or_default()
}

fn get<'v>(document: &'v Value, pointer: &Pointer) -> Option<&'v Value> {
    document.pointer(json_pointer(pointer))
}

fn get_mut<'v>(document: &'v mut Value, pointer: &Pointer) -> Option<&'v mut Value> {
    document.pointer_mut(json_pointer(pointer))
}

/// Puts `value` at `pointer`, making the mappings above it that are missing; `false` when
/// something above it is not a mapping.
fn put(document: &mut Value, pointer: &Pointer, value: Value) -> bool {
    let tokens: Vec<String> = pointer.tokens().collect();
    let Some((last, parents)) = tokens.split_last() else {
        *document = value;
        return true;
    };
    let mut node = document;
    for token in parents {
        let Value::Object(map) = node else { return false };
        node = map.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    match node {
        Value::Object(map) => {
            map.insert(last.clone(), value);
            true
        }
        Value::Array(items) => match last.parse::<usize>().ok().and_then(|index| items.get_mut(index)) {
            Some(item) => {
                *item = value;
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Points the reference at `target`.
fn rewrite(document: &mut Value, reference: &Found, target: &str) {
    let at = if reference.in_mapping { reference.at.clone() } else { reference.at.push("$ref") };
    if let Some(slot) = get_mut(document, &at) {
        *slot = Value::String(target.to_owned());
    }
}

/// A name for a value of `document` at `pointer` not yet taken in `section`: the last token of
/// its pointer (`Pet` for `pet.yaml#/Pet`), or the file's name for a whole document (`Pet` for
/// `schemas/Pet.yaml`); a number is added when the name is taken.
fn unique_name(section: Option<&Value>, document: &str, pointer: &Pointer) -> String {
    let stem = Path::new(document).file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let base = match pointer.last() {
        Some(token) if token.chars().all(|c| c.is_ascii_digit()) => format!("{stem}{token}"),
        Some(token) if !token.is_empty() => token,
        _ => stem,
    };
    let taken = |name: &str| section.and_then(|section| section.get(name)).is_some();
    if !taken(&base) {
        return base;
    }
    (2..).map(|number| format!("{base}{number}")).find(|name| !taken(name)).unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::json;

    use super::*;
    use crate::parse::untyped;

    /// Files written for one test, removed when it ends.
    struct Files(PathBuf);

    impl Files {
        fn new(test: &str, files: &[(&str, &str)]) -> Files {
            let dir = std::env::temp_dir().join(format!("bundle-{}-{test}", std::process::id()));
            for (name, text) in files {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Files(dir)
        }

        /// The spec `api.yaml` bundled: the document, and what was found, as text.
        fn bundle(&self) -> (Value, Origins, Vec<String>) {
            let mut documents = Documents::file(&self.0.join("api.yaml"), "api.yaml").unwrap();
            let mut document = untyped::read(documents.spec()).unwrap();
            let mut found = Vec::new();
            let origins = bundle(&mut document, Version::OpenApi30, &mut documents, &mut found);
            let found = found.into_iter().map(|d| origins.written(d).to_string()).collect();
            (document, origins, found)
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn values_are_copied_under_their_names_and_entries_keep_theirs() {
        let api = format!(
            "{HEAD}paths:\n  /a:\n    $ref: 'paths.yaml#/a'\n    description: kept\ncomponents:\n  schemas:\n    \
             Pet: {{$ref: 'pet.yaml'}}\n    Error: {{type: string}}\n    \
             U:\n      oneOf: [{{$ref: 'common.json#/Error'}}]\n      \
             discriminator: {{propertyName: t, mapping: {{e: 'common.json#/Error'}}}}\n"
        );
        let files = Files::new(
            "copied",
            &[
                ("api.yaml", &api),
                (
                    "paths.yaml",
                    "a:\n  description: replaced\n  get: {responses: {'200': {$ref: '#/ok'}}}\nok: {description: ok}\n",
                ),
                ("pet.yaml", "type: object\nproperties:\n  owner: {$ref: 'people/owner.yaml#/Owner'}\n"),
                (
                    "people/owner.yaml",
                    "Owner: {properties: {pet: {$ref: '../pet.yaml'}, u: {$ref: '../api.yaml#/components/schemas/U'}}}\n",
                ),
                ("common.json", "{\"Error\": {\"type\": \"integer\"}}"),
            ],
        );
        let (document, origins, found) = files.bundle();
        assert!(found.is_empty(), "{found:?}");
        let schemas = &document["components"]["schemas"];
        let names: Vec<&String> = schemas.as_object().unwrap().keys().collect();
        assert_eq!(names, ["Pet", "Error", "U", "Error2", "Owner"]);
        assert_eq!(schemas["Pet"]["properties"]["owner"], json!({"$ref": "#/components/schemas/Owner"}));
        assert_eq!(schemas["Owner"]["properties"]["pet"], json!({"$ref": "#/components/schemas/Pet"}));
        assert_eq!(schemas["Owner"]["properties"]["u"], json!({"$ref": "#/components/schemas/U"}));
        assert_eq!(schemas["U"]["oneOf"][0], json!({"$ref": "#/components/schemas/Error2"}));
        assert_eq!(schemas["U"]["discriminator"]["mapping"]["e"], "#/components/schemas/Error2");
        assert_eq!(schemas["Error2"], json!({"type": "integer"}));
        // A path item is written out, the keys beside its `$ref` winning.
        let path = &document["paths"]["/a"];
        assert_eq!(path["description"], "kept");
        assert_eq!(path["get"]["responses"]["200"], json!({"$ref": "#/components/responses/ok"}));
        assert_eq!(document["components"]["responses"]["ok"], json!({"description": "ok"}));
        let origin = |pointer: &str| {
            let shown = origins.written(Pointer::parse(pointer).unwrap().warning("w", "w"));
            format!("{}{}", shown.file.unwrap_or_default(), shown.pointer)
        };
        assert_eq!(origin("#/components/schemas/Pet/properties/owner"), "pet.yaml#/properties/owner");
        assert_eq!(origin("#/components/schemas/Owner/properties"), "people/owner.yaml#/Owner/properties");
        assert_eq!(origin("#/paths/~1a/get/responses"), "paths.yaml#/a/get/responses");
        assert_eq!(origin("#/paths/~1a/description"), "#/paths/~1a/description");
        assert_eq!(origin("#/components/schemas/Error"), "#/components/schemas/Error");
    }

    #[test]
    fn what_cannot_be_followed_is_an_error_at_the_reference_in_its_file() {
        let api = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'a.yaml#/A'}}\n    B: {{$ref: 'missing.yaml'}}\n    \
             C: {{$ref: 'a.yaml#/Loop'}}\n    D: {{$ref: 'https://example.com/d.yaml'}}\n    E: {{$ref: 'broken.json'}}\n"
        );
        let files = Files::new(
            "errors",
            &[
                ("api.yaml", &api),
                ("a.yaml", "A: {properties: {x: {$ref: '#/Pett'}}}\nPet: {}\nLoop: {$ref: 'b.yaml#/Loop'}\n"),
                ("b.yaml", "Loop: {$ref: 'a.yaml#/Loop'}\n"),
                ("broken.json", "{\"a\": [}"),
            ],
        );
        let (document, _, found) = files.bundle();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found[0].starts_with("error: #/components/schemas/B/$ref: `missing.yaml` cannot be read: missing.yaml:")
        );
        assert_eq!(
            found[1],
            "error: #/components/schemas/C/$ref: the references lead in a circle: a.yaml#/Loop -> b.yaml#/Loop -> a.yaml#/Loop"
        );
        assert!(found[2].starts_with("error: broken.json#: not valid JSON"), "{}", found[2]);
        assert_eq!(
            found[3],
            "error: a.yaml#/A/properties/x/$ref: `#/Pett` points at nothing in a.yaml (did you mean `Pet`?)"
        );
        // A URL is left for lowering, which says it is not followed.
        assert_eq!(document["components"]["schemas"]["D"]["$ref"], "https://example.com/d.yaml");
    }

    #[test]
    fn a_path_item_that_includes_itself_is_an_error() {
        let api = format!("{HEAD}paths:\n  /a: {{$ref: 'a.yaml'}}\n");
        let a = "get:\n  responses: {}\n  callbacks:\n    c:\n      '{$url}': {$ref: 'a.yaml'}\n";
        let files = Files::new("includes", &[("api.yaml", &api), ("a.yaml", a)]);
        let (_, _, found) = files.bundle();
        assert_eq!(found, ["error: a.yaml#/get/callbacks/c/{$url}/$ref: `a.yaml` includes itself"]);
    }

    #[test]
    fn a_spec_given_as_text_is_left_as_it_is() {
        let text = format!("{HEAD}paths: {{}}\ncomponents: {{schemas: {{A: {{$ref: 'a.yaml'}}}}}}\n");
        let mut documents = Documents::text(crate::diagnostic::Source::new("api.yaml", text));
        let mut document = untyped::read(documents.spec()).unwrap();
        let before = document.clone();
        let mut found = Vec::new();
        let origins = bundle(&mut document, Version::OpenApi30, &mut documents, &mut found);
        assert_eq!(document, before);
        assert!(found.is_empty() && origins.is_empty());
    }

    #[test]
    fn urls_and_drives_are_told_apart() {
        assert!(is_url("https://example.com/a.yaml"));
        assert!(is_url("urn:x"));
        assert!(!is_url("C:/specs/a.yaml"));
        assert!(!is_url("schemas/a.yaml"));
    }
}
