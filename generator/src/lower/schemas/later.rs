//! What JSON Schema 2020-12 says that OpenAPI 3.0 cannot, as a 3.1 document's schemas use it:
//! tuples (`prefixItems`), the keys of a map (`propertyNames`, `patternProperties`) and fields that
//! come together (`dependentRequired`). The upgrade keeps these under the schema's
//! [`LATER_KEYWORDS`] extension; their subschemas are read from the document where they stand.

use std::collections::HashSet;

use serde_json::Value;

use super::keywords::Keywords;
use super::{SchemaRef, Typed};
use crate::diagnostic::Pointer;
use crate::ir::{Dependency, Field, FieldRef, Presence, Rules, Type};
use crate::lower::lowerer::Lowerer;
use crate::parse::upgrade::LATER_KEYWORDS;

impl<'a> Lowerer<'a> {
    /// The later keyword `name`'s subschema at `rest` (tokens below the keyword), lowered.
    fn later_schema(&mut self, at: &Pointer, name: &str, rest: &[&str], context: &str) -> Typed {
        let mut schema_at = at.push(LATER_KEYWORDS).push(name);
        for token in rest {
            schema_at = schema_at.push(token);
        }
        match self.refs.schema_at(&schema_at) {
            Some(schema) => self.schema(SchemaRef::Plain(schema), &schema_at, context),
            None => Typed::of_type(Type::Any),
        }
    }

    /// `prefixItems`: a tuple of the items' types. Only a list of that length fits a tuple, so a
    /// schema that allows more items (or fewer) is read as any list, with a warning.
    pub(super) fn tuple(&mut self, keywords: &Keywords<'a>, at: &Pointer, context: &str) -> Typed {
        let count = keywords.prefix_items();
        let closed =
            keywords.later("items") == Some(&Value::Bool(false)) || keywords.max_items.is_some_and(|max| max <= count);
        let items: Vec<Type> = (0..count)
            .map(|index| {
                let context = format!("{context}Item{}", index + 1);
                self.later_schema(at, "prefixItems", &[&index.to_string()], &context).standalone_type()
            })
            .collect();
        if !closed {
            self.warn(
                at.push("prefixItems")
                    .warning("schema degraded", format!("a list of {count} typed items that may hold more"))
                    .note("read as a list of any JSON values; set `maxItems` or `items: false` to make it a tuple"),
            );
            return Typed::of(Type::Array(Box::new(Type::Any)), keywords.data);
        }
        if keywords.min_items.is_none_or(|min| min < count) {
            self.warn(
                at.push("prefixItems")
                    .warning("value coerced", format!("a tuple of {count} items that may hold fewer"))
                    .note(format!("read as exactly {count} items")),
            );
        }
        Typed::of(Type::Tuple(items), keywords.data)
    }

    /// A map's values read from `patternProperties`: the schema of its one pattern, or of several
    /// patterns when they give the same type; and the pattern every key must match.
    pub(super) fn pattern_values(
        &mut self,
        keywords: &Keywords<'a>,
        at: &Pointer,
        context: &str,
    ) -> (Typed, Option<String>) {
        let patterns: Vec<String> = keywords
            .later("patternProperties")
            .and_then(Value::as_object)
            .map(|patterns| patterns.keys().cloned().collect())
            .unwrap_or_default();
        let mut values: Vec<Typed> = patterns
            .iter()
            .map(|pattern| self.later_schema(at, "patternProperties", &[pattern], &format!("{context}Value")))
            .collect();
        let key_pattern = match patterns.as_slice() {
            [] => None,
            [only] => Some(only.clone()),
            several => Some(several.iter().map(|pattern| format!("(?:{pattern})")).collect::<Vec<_>>().join("|")),
        };
        let key_pattern = key_pattern.and_then(|pattern| self.checked_pattern(&pattern, &at.push("patternProperties")));
        let first = values.first().map(|value| value.standalone_type());
        let value = if values.iter().all(|value| Some(value.standalone_type()) == first) && !values.is_empty() {
            values.swap_remove(0)
        } else {
            self.warn(
                at.push("patternProperties")
                    .warning("schema degraded", "keys of several patterns with values of different types")
                    .note("the values are read as any JSON value"),
            );
            Typed::of_type(Type::Any)
        };
        (value, key_pattern)
    }

    /// The type of a map's keys and what each must meet: a string enum when `propertyNames`
    /// names one, else text with `propertyNames`' rules and the pattern of `patternProperties`.
    pub(super) fn map_keys(
        &mut self,
        keywords: &Keywords<'a>,
        at: &Pointer,
        context: &str,
        key_pattern: Option<String>,
    ) -> (Type, Rules) {
        let (key, mut rules) = match keywords.later("propertyNames") {
            Some(_) => {
                let names = self.later_schema(at, "propertyNames", &[], &format!("{context}Key"));
                match names.ty {
                    Type::Named(name) if self.models.is_enum(&name) => (Type::Named(name), Rules::default()),
                    Type::String => (Type::String, names.rules),
                    _ => {
                        self.warn(
                            at.push("propertyNames")
                                .warning("keyword ignored", "the keys of a JSON object are text")
                                .note("only a string schema or a string enum says more about them"),
                        );
                        (Type::String, Rules::default())
                    }
                }
            }
            None => (Type::String, Rules::default()),
        };
        if let Some(pattern) = key_pattern {
            // When `propertyNames` has a pattern of its own, that one is checked.
            rules.pattern.get_or_insert(pattern);
        }
        (key, rules)
    }

    /// `dependentRequired`: for each field, the fields that must be given with it.
    pub(super) fn dependencies(&mut self, keywords: &Keywords<'a>, fields: &[Field], at: &Pointer) -> Vec<Dependency> {
        let Some(declared) = keywords.later("dependentRequired").and_then(Value::as_object) else { return Vec::new() };
        let at = at.push("dependentRequired");
        let field_ref = |wire: &str| {
            fields.iter().find(|field| field.wire_name == wire).map(|field| FieldRef {
                rust_name: field.rust_name.clone(),
                wire_name: field.wire_name.clone(),
                optional: field.presence != Presence::Required,
            })
        };
        let mut dependencies = Vec::new();
        for (name, required) in declared {
            let required: Vec<&str> = required.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let mut unknown: HashSet<&str> = HashSet::new();
            let field = field_ref(name);
            let requires: Vec<FieldRef> = required
                .iter()
                .filter_map(|wire| {
                    let found = field_ref(wire);
                    if found.is_none() {
                        unknown.insert(wire);
                    }
                    found
                })
                .collect();
            if field.is_none() {
                unknown.insert(name);
            }
            if !unknown.is_empty() {
                let mut unknown: Vec<&str> = unknown.into_iter().collect();
                unknown.sort_unstable();
                self.warn(
                    at.push(name)
                        .warning("keyword ignored", format!("no property named {}", unknown.join(", ")))
                        .note("only requirements between the object's properties are checked"),
                );
            }
            if let Some(field) = field.filter(|_| !requires.is_empty()) {
                dependencies.push(Dependency { field, requires });
            }
        }
        dependencies
    }
}
