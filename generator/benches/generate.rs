//! How long the generator takes, from spec text to formatted files: on spec/oms.yaml, and on
//! synthetic specs of 10 to 10,000 operations, to see that time per operation stays flat.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};

/// A spec of `operations` operations, half reads with query parameters and half writes with a body,
/// each with its own model (strings with limits, an enum, a list, a nested shared model).
fn synthetic(operations: usize) -> String {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Common".into(),
        json!({"type": "object", "properties": {"created": {"type": "string", "format": "date-time"}, "owner": {"type": "string"}}}),
    );
    for i in 0..operations {
        let model = format!("Item{i}");
        schemas.insert(
            model.clone(),
            json!({
                "type": "object",
                "description": format!("Item number {i}."),
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 64, "description": "The name."},
                    "secret": {"type": "string", "format": "password", "maxLength": 100},
                    "size": {"type": "integer", "format": "int64", "minimum": 0},
                    "enabled": {"type": "boolean", "default": true},
                    "state": {"type": "string", "enum": ["new", "in-progress", "done"]},
                    "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
                    "common": {"$ref": "#/components/schemas/Common"}
                }
            }),
        );
        let reference = json!({"$ref": format!("#/components/schemas/{model}")});
        let project = json!({"name": "project_id", "in": "path", "required": true, "x-client-parameter": true, "schema": {"type": "string", "minLength": 1}});
        let item =
            json!({"name": "item_id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 128}});
        let operation = if i % 2 == 0 {
            json!({"get": {
                "operationId": format!("GetItem{i}"),
                "summary": "Read an item.",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "maximum": 100}},
                    {"name": "marker", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": reference}}}}
            }})
        } else {
            json!({"put": {
                "operationId": format!("PutItem{i}"),
                "summary": "Write an item.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": reference}}},
                "responses": {"204": {"description": "Written"}, "400": {"description": "Bad"}}
            }})
        };
        let mut item_path = operation;
        item_path["parameters"] = json!([project, item]);
        paths.insert(format!("/v1/{{project_id}}/items{i}/{{item_id}}"), item_path);
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://{region}.example.com", "variables": {"region": {"default": "a", "enum": ["a", "b"]}}}],
        "security": [{"token": []}],
        "paths": Value::Object(paths),
        "components": {
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
            "schemas": Value::Object(schemas)
        }
    });
    serde_json::to_string(&spec).expect("serializable")
}

fn oms_spec(c: &mut Criterion) {
    let spec = include_str!("../../spec/oms.yaml");
    c.bench_function("oms.yaml: text to formatted files", |b| {
        b.iter(|| {
            generator::generate(black_box(spec), &generator::Options { source: "spec/oms.yaml", crate_name: "oms" })
                .expect("generates")
        })
    });
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic spec");
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(4));
    for operations in [10, 100, 1_000, 10_000] {
        let spec = synthetic(operations);
        // Throughput in operations: criterion reports time per operation, which should stay flat.
        group.throughput(Throughput::Elements(operations as u64));
        group.bench_with_input(BenchmarkId::from_parameter(operations), &spec, |b, spec| {
            b.iter(|| {
                generator::generate(
                    black_box(spec),
                    &generator::Options { source: "synthetic.yaml", crate_name: "synthetic" },
                )
                .expect("generates")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, oms_spec, scaling);
criterion_main!(benches);
