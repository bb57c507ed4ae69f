//! Which kind of object each place of a document holds, as far as references go: where `$ref`s
//! may stand, and which components section keeps a referenced object of each kind.
//!
//! The walk follows the fields that hold OpenAPI objects and schemas (of every version: Swagger
//! 2.0's `definitions`, 3.1's `webhooks` and JSON Schema keywords, 3.2's `itemSchema`). Examples,
//! extensions and anything else are data: a `$ref` key in them is not a reference.

use serde_json::Value;

use crate::diagnostic::Pointer;
use crate::parse::upgrade::Version;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Response,
    Callback,
    Link,
    Example,
    SecurityScheme,
    Schema,
}

/// What a field holds.
enum Holds {
    /// One object of the kind (each item, if the field is a list).
    One(Kind),
    /// Objects of the kind, by name or in a list.
    Each(Kind),
}

const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// JSON Schema keywords that hold one schema.
const SCHEMA_KEYWORDS: [&str; 12] = [
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];

/// JSON Schema keywords that hold schemas by name or in a list.
const SCHEMAS_KEYWORDS: [&str; 9] = [
    "properties",
    "patternProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// A reference found by the walk.
#[derive(Debug, Clone)]
pub struct Found {
    /// Where the `$ref`'s object stands (for a discriminator's mapping, the mapped value).
    pub at: Pointer,
    /// What kind of object the reference stands for.
    pub kind: Kind,
    /// The reference as written.
    pub target: String,
    /// A value of a discriminator's `mapping`, rather than a `$ref`.
    pub in_mapping: bool,
}

impl Kind {
    /// What the field `key` of an object of this kind holds.
    fn field(self, key: &str) -> Option<Holds> {
        use Holds::{Each, One};
        use Kind::*;
        if key.starts_with("x-") {
            return None;
        }
        Some(match (self, key) {
            (Document, "paths") => One(Paths),
            (Document, "webhooks") => Each(PathItem),
            (Document, "components") => One(Components),
            // Swagger 2.0's sections.
            (Document, "definitions") => Each(Schema),
            (Document, "parameters") => Each(Parameter),
            (Document, "responses") => Each(Response),
            (Components, section) => Each(Kind::of_section(section)?),
            (Paths | Callback, _) => One(PathItem),
            (PathItem, "parameters") | (Operation, "parameters") => Each(Parameter),
            (PathItem, "additionalOperations") => Each(Operation),
            (PathItem, method) if METHODS.contains(&method) => One(Operation),
            (Operation, "requestBody") => One(RequestBody),
            (Operation, "responses") => Each(Response),
            (Operation, "callbacks") => Each(Callback),
            (Parameter | Header | MediaType | Response, "schema") | (MediaType, "itemSchema") => One(Schema),
            (Parameter | Header | RequestBody | Response, "content") => Each(MediaType),
            (Parameter | Header | MediaType, "examples") => Each(Example),
            (MediaType, "encoding") => Each(Encoding),
            (Encoding | Response, "headers") => Each(Header),
            (Response, "links") => Each(Link),
            (Schema, keyword) if SCHEMA_KEYWORDS.contains(&keyword) => One(Schema),
            (Schema, keyword) if SCHEMAS_KEYWORDS.contains(&keyword) => Each(Schema),
            _ => return None,
        })
    }

    /// The kind a 3.x components section holds.
    fn of_section(section: &str) -> Option<Kind> {
        Some(match section {
            "schemas" => Kind::Schema,
            "responses" => Kind::Response,
            "parameters" => Kind::Parameter,
            "examples" => Kind::Example,
            "requestBodies" => Kind::RequestBody,
            "headers" => Kind::Header,
            "securitySchemes" => Kind::SecurityScheme,
            "links" => Kind::Link,
            "callbacks" => Kind::Callback,
            "pathItems" => Kind::PathItem,
            _ => return None,
        })
    }

    /// Whether an object of this kind may be given by a `$ref`.
    fn referable(self) -> bool {
        use Kind::*;
        matches!(
            self,
            PathItem
                | Parameter
                | Header
                | RequestBody
                | Response
                | Callback
                | Link
                | Example
                | SecurityScheme
                | Schema
        )
    }

    /// The section where a document of `version` keeps named objects of this kind
    /// (`#/components/schemas`); `None` for a kind it has none for (path items, whose references
    /// the typed parse does not follow), which is written out where it is used.
    pub fn section(self, version: Version) -> Option<Pointer> {
        let components = Pointer::root().push("components");
        let name = match (version, self) {
            (Version::Swagger2, Kind::Schema) => return Some(Pointer::root().push("definitions")),
            (Version::Swagger2, Kind::Parameter) => return Some(Pointer::root().push("parameters")),
            (Version::Swagger2, Kind::Response) => return Some(Pointer::root().push("responses")),
            (Version::Swagger2, _) => return None,
            (_, Kind::Schema) => "schemas",
            (_, Kind::Response) => "responses",
            (_, Kind::Parameter) => "parameters",
            (_, Kind::Example) => "examples",
            (_, Kind::RequestBody) => "requestBodies",
            (_, Kind::Header) => "headers",
            (_, Kind::SecurityScheme) => "securitySchemes",
            (_, Kind::Link) => "links",
            (_, Kind::Callback) => "callbacks",
            _ => return None,
        };
        Some(components.push(name))
    }
}

/// Every reference in `value`, an object of `kind` at `at`, whose target `wanted` accepts, in
/// the order the document writes them. The keys beside a `$ref` are walked too: a path item's add
/// to what it refers to.
pub fn references(value: &Value, kind: Kind, at: &Pointer, wanted: fn(&str) -> bool) -> Vec<Found> {
    let mut walk = Walk { start: at, steps: Vec::new(), wanted, found: Vec::new() };
    walk.object(value, kind);
    walk.found
}

/// The same, for `value`, the field `key` of an object of `kind` standing at `at`.
pub fn field_references(kind: Kind, key: &str, value: &Value, at: &Pointer, wanted: fn(&str) -> bool) -> Vec<Found> {
    let mut walk = Walk { start: at, steps: Vec::new(), wanted, found: Vec::new() };
    walk.field(kind, key, value);
    walk.found
}

/// A walk over a document: the steps from where it started are made into a pointer only for a
/// reference it finds (most nodes hold none).
struct Walk<'v, 'p> {
    start: &'p Pointer,
    steps: Vec<Step<'v>>,
    wanted: fn(&str) -> bool,
    found: Vec<Found>,
}

enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

impl<'v> Walk<'v, '_> {
    fn at(&self) -> Pointer {
        self.steps.iter().fold(self.start.clone(), |pointer, step| match step {
            Step::Key(key) => pointer.push(key),
            Step::Index(index) => pointer.push(index.to_string()),
        })
    }

    fn found(&mut self, kind: Kind, target: &str, in_mapping: bool) {
        if (self.wanted)(target) {
            self.found.push(Found { at: self.at(), kind, target: target.to_owned(), in_mapping });
        }
    }

    fn within(&mut self, step: Step<'v>, walk: impl FnOnce(&mut Self)) {
        self.steps.push(step);
        walk(self);
        self.steps.pop();
    }

    fn object(&mut self, value: &'v Value, kind: Kind) {
        let Value::Object(object) = value else { return };
        if kind.referable() {
            if let Some(Value::String(target)) = object.get("$ref") {
                self.found(kind, target, false);
            }
        }
        for (key, child) in object {
            self.within(Step::Key(key), |walk| walk.field(kind, key, child));
        }
        if kind == Kind::Schema {
            self.mapping(object.get("discriminator"));
        }
    }

    /// `value`, the field `key` of an object of `kind`.
    fn field(&mut self, kind: Kind, key: &str, value: &'v Value) {
        let (child_kind, each) = match kind.field(key) {
            Some(Holds::One(child_kind)) => (child_kind, false),
            Some(Holds::Each(child_kind)) => (child_kind, true),
            None => return,
        };
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.within(Step::Index(index), |walk| walk.object(item, child_kind));
                }
            }
            Value::Object(members) if each => {
                for (name, member) in members.iter().filter(|(name, _)| !name.starts_with("x-")) {
                    self.within(Step::Key(name), |walk| walk.object(member, child_kind));
                }
            }
            _ => self.object(value, child_kind),
        }
    }

    /// The values of a discriminator's `mapping` that are references rather than schema names.
    fn mapping(&mut self, discriminator: Option<&'v Value>) {
        let Some(Value::Object(mapping)) = discriminator.and_then(|discriminator| discriminator.get("mapping")) else {
            return;
        };
        self.steps.extend([Step::Key("discriminator"), Step::Key("mapping")]);
        for (tag, target) in mapping {
            if let Value::String(target) = target {
                if target.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|ext| target.ends_with(ext)) {
                    self.within(Step::Key(tag), |walk| walk.found(Kind::Schema, target, true));
                }
            }
        }
        self.steps.truncate(self.steps.len() - 2);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_are_found_where_objects_may_be_references_and_nowhere_else() {
        let document = json!({
            "paths": {"/a": {
                "$ref": "paths.yaml#/a",
                "get": {"parameters": [{"$ref": "p.yaml"}]}
            }, "/b": {
                "get": {
                    "parameters": [{"$ref": "p.yaml"}],
                    "responses": {"200": {"content": {"application/json": {
                        "schema": {"properties": {"$ref": {"$ref": "s.yaml"}, "x": {"items": {"$ref": "#/x"}}}},
                        "example": {"$ref": "not a reference"}
                    }}}}
                },
                "x-ignored": {"$ref": "e.yaml"}
            }},
            "components": {"schemas": {"U": {
                "oneOf": [{"$ref": "dog.yaml"}],
                "discriminator": {"propertyName": "t", "mapping": {"dog": "dog.yaml", "cat": "Cat"}}
            }}}
        });
        let found = references(&document, Kind::Document, &Pointer::root(), |_| true);
        let found: Vec<(&str, Kind, &str, bool)> =
            found.iter().map(|f| (f.at.as_str(), f.kind, f.target.as_str(), f.in_mapping)).collect();
        assert_eq!(
            found,
            [
                ("#/paths/~1a", Kind::PathItem, "paths.yaml#/a", false),
                ("#/paths/~1a/get/parameters/0", Kind::Parameter, "p.yaml", false),
                ("#/paths/~1b/get/parameters/0", Kind::Parameter, "p.yaml", false),
                (
                    "#/paths/~1b/get/responses/200/content/application~1json/schema/properties/$ref",
                    Kind::Schema,
                    "s.yaml",
                    false
                ),
                (
                    "#/paths/~1b/get/responses/200/content/application~1json/schema/properties/x/items",
                    Kind::Schema,
                    "#/x",
                    false
                ),
                ("#/components/schemas/U/oneOf/0", Kind::Schema, "dog.yaml", false),
                ("#/components/schemas/U/discriminator/mapping/dog", Kind::Schema, "dog.yaml", true),
            ]
        );
    }
}
