//! Reading and writing a generated struct's JSON through the runtime's `object!` impls, beside
//! serde's derive on the same struct (as generated crates had it before): a task with nested
//! objects and a list, and a struct that keeps the properties beyond its named ones.

use std::collections::BTreeMap;
use std::hint::black_box;

use client_runtime::object;
use criterion::{Criterion, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod table {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    pub struct Task {
        pub id: String,
        pub name: Option<String>,
        pub status: Option<i64>,
        pub progress: Option<f64>,
        pub created_at: Option<i64>,
        pub enable_kms: Option<bool>,
        pub description: Option<String>,
        pub object_keys: Option<Vec<String>>,
        pub items: Option<Vec<Item>>,
        pub src_node: Option<Node>,
    }

    object!(Task {
        required id = "id",
        optional name = "name",
        optional status = "status",
        optional progress = "progress",
        optional created_at = "created_at",
        optional enable_kms = "enable_kms",
        optional description = "description",
        optional object_keys = "object_keys",
        optional items = "items",
        optional src_node = "src_node"
    });

    #[derive(Debug, Clone, PartialEq)]
    pub struct Item {
        pub key: String,
        pub size: Option<i64>,
        pub etag: Option<String>,
    }

    object!(Item { required key = "key", optional size = "size", optional etag = "etag" });

    #[derive(Debug, Clone, PartialEq)]
    pub struct Node {
        pub region: String,
        pub bucket: String,
        pub cloud_type: Option<String>,
    }

    object!(Node { required region = "region", required bucket = "bucket", optional cloud_type = "cloud_type" });

    #[derive(Debug, Clone, PartialEq)]
    pub struct Labels {
        pub name: String,
        pub others: BTreeMap<String, Value>,
    }

    object!(Labels { required name = "name" } else others);
}

mod derived {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Task {
        pub id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub progress: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub created_at: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub enable_kms: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub object_keys: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub items: Option<Vec<Item>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub src_node: Option<Node>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Item {
        pub key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub etag: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Node {
        pub region: String,
        pub bucket: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cloud_type: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Labels {
        pub name: String,
        #[serde(flatten)]
        pub others: BTreeMap<String, Value>,
    }
}

/// A task as a service answers it: every field set, 50 items, and two properties the struct does
/// not define.
fn task_json() -> Vec<u8> {
    let items: Vec<Value> = (0..50)
        .map(|i| serde_json::json!({"key": format!("photos/2026/{i:04}.jpg"), "size": 1024 * i, "etag": format!("\"{i:032x}\"")}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "id": "a1b2c3d4-0000-1111-2222-333344445555",
        "name": "nightly-copy",
        "status": 2,
        "progress": 0.75,
        "created_at": 1_764_979_200_000_i64,
        "enable_kms": true,
        "description": "copies the photo bucket to the archive region every night",
        "object_keys": ["a/1", "a/2", "b/3"],
        "items": items,
        "src_node": {"region": "cn-north-4", "bucket": "photos", "cloud_type": "HuaweiCloud"},
        "group_id": "g-1",
        "extra": {"nested": [1, 2, 3]}
    }))
    .expect("writes")
}

/// An object with a named property and twenty others.
fn labels_json() -> Vec<u8> {
    let mut labels: serde_json::Map<String, Value> =
        (0..20).map(|i| (format!("label-{i}"), Value::from(format!("value {i}")))).collect();
    labels.insert("name".to_owned(), Value::from("labels"));
    serde_json::to_vec(&labels).expect("writes")
}

fn objects(c: &mut Criterion) {
    let task = task_json();
    let labels = labels_json();
    // Both read the same values, and write the same text.
    let (read, derived): (table::Task, derived::Task) =
        (serde_json::from_slice(&task).expect("reads"), serde_json::from_slice(&task).expect("reads"));
    assert_eq!(serde_json::to_vec(&read).expect("writes"), serde_json::to_vec(&derived).expect("writes"));
    let (read_labels, derived_labels): (table::Labels, derived::Labels) =
        (serde_json::from_slice(&labels).expect("reads"), serde_json::from_slice(&labels).expect("reads"));
    assert_eq!(read_labels.others, derived_labels.others);

    let mut group = c.benchmark_group("a task with 50 items");
    group.bench_function("read: object!", |b| b.iter(|| serde_json::from_slice::<table::Task>(black_box(&task))));
    group
        .bench_function("read: serde derive", |b| b.iter(|| serde_json::from_slice::<derived::Task>(black_box(&task))));
    group.bench_function("write: object!", |b| b.iter(|| serde_json::to_vec(black_box(&read))));
    group.bench_function("write: serde derive", |b| b.iter(|| serde_json::to_vec(black_box(&derived))));
    group.finish();

    let mut group = c.benchmark_group("an object keeping 20 other properties");
    group.bench_function("read: object!", |b| b.iter(|| serde_json::from_slice::<table::Labels>(black_box(&labels))));
    group.bench_function("read: serde derive (flatten)", |b| {
        b.iter(|| serde_json::from_slice::<derived::Labels>(black_box(&labels)))
    });
    group.bench_function("write: object!", |b| b.iter(|| serde_json::to_vec(black_box(&read_labels))));
    group
        .bench_function("write: serde derive (flatten)", |b| b.iter(|| serde_json::to_vec(black_box(&derived_labels))));
    group.finish();
}

criterion_group!(benches, objects);
criterion_main!(benches);
