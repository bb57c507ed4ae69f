//! No input makes the generator panic: real specs (a Swagger 2.0 one among them), mutated at
//! random (nodes replaced, removed, swapped for other parts of the document, keys renamed), and
//! raw text cut and spliced, all give either files or an error.

use proptest::prelude::*;
use serde_yaml::Value;

mod common;

fn seeds() -> Vec<Value> {
    let root = common::crate_dir();
    let mut paths = vec![root.join("../spec/oms.yaml")];
    for name in ["schemas", "parameters", "names", "taskgroups", "swagger2"] {
        paths.push(root.join(format!("tests/fixtures/{name}.yaml")));
    }
    paths
        .iter()
        .map(|path| serde_yaml::from_str(&std::fs::read_to_string(path).expect("readable")).expect("YAML"))
        .collect()
}

/// Values that tend to break assumptions.
fn awkward(pick: u32) -> Value {
    let strings = [
        "",
        "x",
        "type",
        "self",
        "1",
        "-",
        "a b",
        "{",
        "}",
        "{id}",
        "/",
        "~1",
        "#/components/schemas/Missing",
        "#/components/schemas/Tree",
        "#/components/parameters/ProjectId",
        "object",
        "array",
        "string",
        "integer",
        "password",
        "path",
        "query",
        "header",
        "cookie",
        "formData",
        "body",
        "#/definitions/Pet",
        "#/parameters/petId",
        "application/json",
        "text/plain",
        "Self",
        "r#type",
        "é",
    ];
    let string = strings[(pick / 16) as usize % strings.len()];
    match pick % 16 {
        0 => Value::Null,
        1 => Value::Bool(pick % 2 == 0),
        2 => Value::Number((i64::from(pick % 4096) - 2048).into()),
        3 => Value::Number(serde_yaml::Number::from(f64::from(pick) / 7.0)),
        4 => Value::Mapping(Default::default()),
        5 => Value::Sequence(vec![Value::String(string.into())]),
        _ => Value::String(string.into()),
    }
}

/// The path (child indexes) of every node of `value`, so a mutation can pick any node evenly.
fn all_paths(value: &Value, prefix: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
    out.push(prefix.clone());
    let children: Vec<&Value> = match value {
        Value::Mapping(map) => map.values().collect(),
        Value::Sequence(items) => items.iter().collect(),
        _ => Vec::new(),
    };
    for (index, child) in children.into_iter().enumerate() {
        prefix.push(index as u32);
        all_paths(child, prefix, out);
        prefix.pop();
    }
}

/// Follows `path` (child choices) down from `value` as far as it goes.
fn node<'v>(value: &'v mut Value, path: &[u32]) -> &'v mut Value {
    let Some((&choice, rest)) = path.split_first() else {
        return value;
    };
    let len = match value {
        Value::Mapping(map) => map.len(),
        Value::Sequence(items) => items.len(),
        _ => 0,
    };
    if len == 0 {
        return value;
    }
    let index = choice as usize % len;
    match value {
        Value::Mapping(map) => {
            let child = map.values_mut().nth(index).expect("in range");
            node(child, rest)
        }
        Value::Sequence(items) => node(&mut items[index], rest),
        _ => unreachable!("has children"),
    }
}

/// Which node to change (an index into every node of the original), how, and with what.
#[derive(Debug, Clone)]
struct Mutation {
    target: usize,
    action: u8,
    pick: u32,
    donor: usize,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<usize>(), any::<u8>(), any::<u32>(), any::<usize>()).prop_map(|(target, action, pick, donor)| Mutation {
        target,
        action,
        pick,
        donor,
    })
}

fn apply(document: &mut Value, original: &Value, paths: &[Vec<u32>], mutation: &Mutation) {
    let mut source = original.clone();
    let donor = node(&mut source, &paths[mutation.donor % paths.len()]).clone();
    let target = node(document, &paths[mutation.target % paths.len()]);
    match mutation.action % 5 {
        0 => *target = awkward(mutation.pick),
        1 => *target = donor,
        2 => {
            if let Value::Mapping(map) = target {
                // Drop one entry.
                if let Some(key) = map.keys().nth(mutation.pick as usize % map.len().max(1)).cloned() {
                    map.remove(&key);
                }
            }
        }
        3 => {
            if let Value::Mapping(map) = target {
                // Rename one key.
                if let Some(key) = map.keys().nth(mutation.pick as usize % map.len().max(1)).cloned() {
                    let value = map.remove(&key).expect("present");
                    map.insert(awkward(mutation.pick / 8 * 8 + 6), value);
                }
            }
        }
        _ => {
            if let Value::Sequence(items) = target {
                items.push(donor);
            } else {
                *target = Value::Sequence(vec![target.clone(), donor]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(seed in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
                let original = &seeds[seed % seeds.len()];
        let mut paths = Vec::new();
        all_paths(original, &mut Vec::new(), &mut paths);
        let mut document = original.clone();
        for mutation in &mutations {
            apply(&mut document, original, &paths, mutation);
        }
        let text = serde_yaml::to_string(&document).expect("serializable");
        // Either outcome is fine; a panic fails the test.
        let _ = generator::generate(&text, &generator::Options { source: "mutated.yaml", crate_name: "mutated" });
    }

    #[test]
    fn cut_and_spliced_text_never_panics(seed in any::<usize>(), cut in any::<usize>(), len in 0usize..200, at in any::<usize>()) {
        let seeds = seeds();
        let text = serde_yaml::to_string(&seeds[seed % seeds.len()]).expect("serializable");
        let bytes = text.as_bytes();
        let start = cut % bytes.len();
        let end = (start + len).min(bytes.len());
        let mut spliced = bytes[..start].to_vec();
        spliced.extend_from_slice(&bytes[end..]);
        let insert = at % (spliced.len() + 1);
        let piece = bytes[start..end].to_vec();
        spliced.splice(insert..insert, piece);
        let _ = generator::generate(&String::from_utf8_lossy(&spliced), &generator::Options { source: "spliced.yaml", crate_name: "spliced" });
    }
}
