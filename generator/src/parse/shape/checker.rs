//! The walk that checks an untyped document against the tables of [`super::kinds`]: each value
//! against the shape its key calls for, harmless mistakes read as meant (with a warning), later
//! drafts' schema keywords read as OpenAPI 3.0 says, and unknown keys and words reported with the
//! closest known one.

use serde_json::{Map, Value};

use super::kinds::{JSON_SCHEMA_KEYWORDS, Kind, Missing, SCHEMA, Shape, TYPES, TYPES_AND_NULL};
use super::swagger20;
use crate::diagnostic::{Diagnostic, Pointer};
use crate::parse::upgrade::Version;
use crate::suggest::closest;

pub(super) struct Checker<'a> {
    pub found: &'a mut Vec<Diagnostic>,
    /// The version the document declares: which tables' later fields apply.
    pub version: Version,
}

impl Checker<'_> {
    fn value(&mut self, value: &mut Value, shape: Shape, at: &Pointer) {
        match shape {
            Shape::Text => self.text(value, at),
            Shape::Flag => self.flag(value, at),
            Shape::Number => self.number(value, at),
            Shape::Count => self.count(value, at),
            Shape::Anything => {}
            Shape::Word(words) => self.word(value, words, at),
            Shape::Object(kind) => self.object(value, kind, at),
            Shape::RefOr(kind) => self.ref_or(value, kind, at),
            Shape::MapOf(kind) => self.each_entry(value, at, |checker, item, at| checker.object(item, kind, at)),
            Shape::MapOfRefOr(kind) => self.each_entry(value, at, |checker, item, at| checker.ref_or(item, kind, at)),
            Shape::ListOf(kind) => self.each_item(value, at, |checker, item, at| checker.object(item, kind, at)),
            Shape::ListOfRefOr(kind) => self.each_item(value, at, |checker, item, at| checker.ref_or(item, kind, at)),
            Shape::ListOfText => self.each_item(value, at, |checker, item, at| checker.text(item, at)),
            Shape::MapOfText => self.each_entry(value, at, |checker, item, at| checker.text(item, at)),
            Shape::FlagOrSchema(schema) => match value {
                Value::Bool(_) => {}
                Value::String(text) if text == "true" || text == "false" => self.flag(value, at),
                _ => self.ref_or(value, schema, at),
            },
            Shape::Types => self.types(value, at),
            Shape::FlagOrNumber => match value {
                Value::Bool(_) => {}
                _ => self.number(value, at),
            },
        }
    }

    pub fn object(&mut self, value: &mut Value, kind: &'static Kind, at: &Pointer) {
        let Value::Object(fields) = value else {
            self.found.push(
                at.error("wrong type", format!("expected a {} (an object), found {}", kind.name, describe(value))),
            );
            return;
        };
        // A 3.1 schema is JSON Schema 2020-12, which the upgrade reads; a 3.0 or 2.0 one is read
        // here as its author meant it.
        let draft4_schema = (std::ptr::eq(kind, &SCHEMA) && self.version == Version::OpenApi30)
            || std::ptr::eq(kind, &swagger20::SCHEMA);
        if draft4_schema {
            self.normalize_schema(fields, at);
        }
        let mut unknown = Vec::new();
        for (key, item) in fields.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            let item_at = at.push(key);
            let version = self.version;
            let later =
                kind.later.iter().filter(|(since, _, _)| version >= *since).map(|(_, name, shape)| (name, shape));
            if let Some((_, shape)) =
                later.chain(kind.fields.iter().map(|(name, shape)| (name, shape))).find(|(name, _)| *name == key)
            {
                self.value(item, *shape, &item_at);
            } else if let Some((_, shape)) = kind.patterned.filter(|(matches, _)| matches(key)) {
                self.value(item, shape, &item_at);
            } else {
                self.found.push(unknown_key(kind, key, &item_at));
                unknown.push(key.clone());
            }
        }
        // The upgrade of a 2.0 document reads its objects field by field: an unknown key (a 3.0
        // keyword, say) must not be read there as 3.0 would read it.
        if self.version == Version::Swagger2 {
            for key in unknown {
                fields.remove(&key);
            }
        }
        for (name, missing) in kind.required {
            if fields.contains_key(*name) {
                continue;
            }
            let message = format!("a {} needs `{name}`", kind.name);
            match missing {
                Missing::Error => self.found.push(at.error("missing field", message)),
                Missing::OptionalSince(since, fill) if self.version >= *since => {
                    fields.insert((*name).to_owned(), fill());
                }
                Missing::Default(fill) | Missing::OptionalSince(_, fill) => {
                    let value = fill();
                    self.found.push(at.warning("missing field", message).note(format!("read as `{name}: {value}`")));
                    fields.insert((*name).to_owned(), value);
                }
            }
        }
    }

    fn ref_or(&mut self, value: &mut Value, kind: &'static Kind, at: &Pointer) {
        // In 3.1 `true` and `false` are schemas too.
        if value.is_boolean() && std::ptr::eq(kind, &SCHEMA) && self.version >= Version::OpenApi31 {
            return;
        }
        match value.get("$ref") {
            // A reference's other keys are ignored, as OpenAPI 3.0 says.
            Some(Value::String(_)) => {}
            Some(other) => {
                let found = describe(other);
                self.found
                    .push(at.push("$ref").error("wrong type", format!("expected a reference (text), found {found}")));
            }
            None => self.object(value, kind, at),
        }
    }

    fn each_entry(&mut self, value: &mut Value, at: &Pointer, mut check: impl FnMut(&mut Self, &mut Value, &Pointer)) {
        match value {
            Value::Object(entries) => {
                for (key, item) in entries.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
                    check(self, item, &at.push(key));
                }
            }
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a map (an object), found {found}")));
            }
        }
    }

    fn each_item(&mut self, value: &mut Value, at: &Pointer, mut check: impl FnMut(&mut Self, &mut Value, &Pointer)) {
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    check(self, item, &at.push(index.to_string()));
                }
            }
            // A security requirement's scopes, and lists in general, given as one value.
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                let item = value.take();
                self.found.push(
                    at.warning("value coerced", format!("expected a list, found {}", describe(&item)))
                        .note("read as a list of that one value"),
                );
                *value = Value::Array(vec![item]);
                self.each_item(value, at, check);
            }
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a list, found {found}")));
            }
        }
    }

    fn text(&mut self, value: &mut Value, at: &Pointer) {
        let text = match value {
            Value::String(_) => return,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected text, found {found}")));
                return;
            }
        };
        self.found.push(
            at.warning("value coerced", format!("expected text, found {}", describe(value)))
                .note(format!("read as the text \"{text}\"")),
        );
        *value = Value::String(text);
    }

    fn flag(&mut self, value: &mut Value, at: &Pointer) {
        let flag = match value {
            Value::Bool(_) => return,
            Value::String(text) if text.eq_ignore_ascii_case("true") => true,
            Value::String(text) if text.eq_ignore_ascii_case("false") => false,
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected true or false, found {found}")));
                return;
            }
        };
        self.found.push(
            at.warning("value coerced", format!("expected true or false, found {}", describe(value)))
                .note(format!("read as {flag}")),
        );
        *value = Value::Bool(flag);
    }

    fn number(&mut self, value: &mut Value, at: &Pointer) {
        match value {
            Value::Number(_) => {}
            Value::String(text) => match text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(number) => {
                    let number = integral(number);
                    self.found.push(
                        at.warning("value coerced", format!("expected a number, found the text \"{text}\""))
                            .note(format!("read as {number}")),
                    );
                    *value = Value::Number(number);
                }
                None => {
                    self.found.push(at.error("wrong type", format!("expected a number, found the text \"{text}\"")))
                }
            },
            other => {
                let found = describe(other);
                self.found.push(at.error("wrong type", format!("expected a number, found {found}")));
            }
        }
    }

    fn count(&mut self, value: &mut Value, at: &Pointer) {
        if let Value::String(text) = value {
            if let Ok(count) = text.trim().parse::<u64>() {
                self.found.push(
                    at.warning("value coerced", format!("expected a non-negative integer, found the text \"{text}\""))
                        .note(format!("read as {count}")),
                );
                *value = Value::from(count);
                return;
            }
        }
        if value.as_u64().is_none() {
            let found = describe(value);
            self.found.push(at.error("wrong value", format!("expected a non-negative integer, found {found}")));
        }
    }

    /// A 3.1 `type`: a type or a list of them. An unknown type is left out, with a warning, as
    /// in 3.0: the schema is read from its other keywords.
    fn types(&mut self, value: &mut Value, at: &Pointer) {
        let known =
            |typ: &Value| typ.as_str().is_some_and(|typ| TYPES_AND_NULL.iter().any(|t| t.eq_ignore_ascii_case(typ)));
        match value {
            Value::Array(types) => {
                for (index, typ) in types.iter().enumerate().filter(|(_, typ)| !known(typ)) {
                    self.found.push(unknown_type(typ, &at.push(index.to_string())));
                }
                types.retain(known);
                for typ in types.iter_mut() {
                    self.word(typ, TYPES_AND_NULL, at);
                }
            }
            typ if known(typ) => self.word(typ, TYPES_AND_NULL, at),
            typ => {
                self.found.push(unknown_type(typ, at));
                *typ = Value::Array(Vec::new());
            }
        }
    }

    fn word(&mut self, value: &mut Value, words: &'static [&'static str], at: &Pointer) {
        let Value::String(text) = value else {
            let found = describe(value);
            self.found.push(at.error("wrong type", format!("expected one of {}, found {found}", words.join(", "))));
            return;
        };
        if words.contains(&text.as_str()) {
            return;
        }
        // Case is a common slip (`Query`, `apikey`): read it as the word it matches.
        if let Some(word) = words.iter().find(|word| word.eq_ignore_ascii_case(text)) {
            self.found.push(
                at.warning("value coerced", format!("`{text}` is not one of {}", words.join(", ")))
                    .note(format!("read as `{word}`")),
            );
            *text = (*word).to_owned();
            return;
        }
        let mut error =
            at.error("unknown value", format!("unknown value \"{text}\"; expected one of {}", words.join(", ")));
        if let Some(close) = closest(text, words.iter().copied()) {
            error = error.label(format!("did you mean \"{close}\"?"));
        }
        self.found.push(error);
    }

    /// What schemas write in ways the typed parse cannot hold, read as OpenAPI 3.0 (or Swagger
    /// 2.0) says it: later drafts' `type` lists and `null` type, numeric `exclusiveMinimum`,
    /// `const`, Swagger 2's `file` type in a 3.0 document and a property's boolean `required`;
    /// and an unknown type, which is dropped so the schema is read from its other keywords.
    fn normalize_schema(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let type_at = || at.push("type");
        // Most schemas hold none of these: a look at their few keys spares looking each keyword
        // up in every schema. Nothing below adds one.
        let later_keywords = schema.keys().any(|key| JSON_SCHEMA_KEYWORDS.contains(&key.as_str()));
        let (format, a_format) = match self.version {
            Version::Swagger2 => ("Swagger 2.0", "a Swagger 2.0"),
            _ => ("OpenAPI 3.0", "an OpenAPI 3.0"),
        };
        match schema.get("type").cloned() {
            Some(Value::Array(types)) => {
                let nullable = types.iter().any(|t| t == "null");
                let named: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
                let read = match named.as_slice() {
                    [one] => {
                        schema.insert("type".to_owned(), (*one).clone());
                        format!("type {one}")
                    }
                    _ => {
                        schema.remove("type");
                        "any type".to_owned()
                    }
                };
                if nullable {
                    schema.insert("nullable".to_owned(), Value::Bool(true));
                }
                let nullable = if nullable { ", nullable" } else { "" };
                self.found.push(
                    type_at()
                        .warning("later-draft keyword", format!("a list of types is JSON Schema's, not {format}'s"))
                        .note(format!("read as {read}{nullable}")),
                );
            }
            Some(Value::String(name)) if name == "null" => {
                schema.remove("type");
                schema.insert("nullable".to_owned(), Value::Bool(true));
                self.found.push(
                    type_at()
                        .warning("later-draft keyword", format!("`type: null` is JSON Schema's, not {format}'s"))
                        .note("read as `nullable: true`"),
                );
            }
            // Swagger 2.0's own type, which its upgrade reads.
            Some(Value::String(name)) if name == "file" && self.version == Version::Swagger2 => {}
            Some(Value::String(name)) if name == "file" => {
                schema.insert("type".to_owned(), Value::String("string".to_owned()));
                schema.insert("format".to_owned(), Value::String("binary".to_owned()));
                self.found.push(
                    type_at()
                        .warning("later-draft keyword", "`type: file` is Swagger 2's, not OpenAPI 3.0's")
                        .note("read as `type: string, format: binary`"),
                );
            }
            Some(Value::String(name))
                if !TYPES.contains(&name.as_str()) && !TYPES.iter().any(|t| t.eq_ignore_ascii_case(&name)) =>
            {
                schema.remove("type");
                let mut warning = type_at()
                    .warning("unknown type", format!("unknown type \"{name}\"; expected one of {}", TYPES.join(", ")))
                    .note("the schema is read from its other keywords, as any JSON value if none says more");
                if let Some(close) = closest(&name, TYPES.iter().copied()) {
                    warning = warning.label(format!("did you mean \"{close}\"?"));
                }
                self.found.push(warning);
            }
            _ => {}
        }
        for (bound, flag) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(limit)) = schema.get(bound).cloned() {
                schema.insert(flag.to_owned(), Value::Number(limit.clone()));
                schema.insert(bound.to_owned(), Value::Bool(true));
                self.found.push(
                    at.push(bound)
                        .warning("later-draft keyword", format!("a numeric `{bound}` is JSON Schema's, not {format}'s"))
                        .note(format!("read as `{flag}: {limit}, {bound}: true`")),
                );
            }
        }
        if let Some(constant) = schema.remove("const") {
            self.found.push(
                at.push("const")
                    .warning("later-draft keyword", format!("`const` is JSON Schema's, not {format}'s"))
                    .note(format!("read as `enum: [{constant}]`")),
            );
            schema.insert("enum".to_owned(), Value::Array(vec![constant]));
        }
        if let Some(Value::Bool(_)) = schema.get("required") {
            schema.remove("required");
            let message = match self.version {
                Version::Swagger2 => "a boolean `required` is a parameter's, not a schema's",
                _ => "a boolean `required` on a schema is Swagger 2's",
            };
            self.found.push(
                at.push("required")
                    .warning("misplaced keyword", message)
                    .note(format!("in {format} `required` lists property names on the object; ignored")),
            );
        }
        if later_keywords {
            for keyword in JSON_SCHEMA_KEYWORDS {
                if schema.remove(*keyword).is_some() {
                    self.found.push(
                        at.push(keyword)
                            .warning("later-draft keyword", format!("`{keyword}` is not {a_format} schema keyword"))
                            .note("ignored"),
                    );
                }
            }
        }
    }
}

/// A warning for a `type` that is none of JSON Schema's.
fn unknown_type(typ: &Value, at: &Pointer) -> Diagnostic {
    let name = typ.as_str().map_or_else(|| describe(typ), str::to_owned);
    let mut warning = at
        .warning("unknown type", format!("unknown type \"{name}\"; expected one of {}", TYPES_AND_NULL.join(", ")))
        .note("left out: the schema is read from its other keywords");
    if let Some(close) = closest(&name, TYPES_AND_NULL.iter().copied()) {
        warning = warning.label(format!("did you mean \"{close}\"?"));
    }
    warning
}

/// A warning for a key `kind` does not take, with the closest one it does take.
fn unknown_key(kind: &Kind, key: &str, at: &Pointer) -> Diagnostic {
    let known: Vec<&str> = kind.fields.iter().map(|(name, _)| *name).collect();
    let mut warning = at
        .warning("unknown key", format!("unknown key `{key}` in a {}", kind.name))
        .at_key()
        .note("ignored; extensions start with `x-`");
    if let Some(close) = closest(key, known.iter().copied()) {
        warning = warning.label(format!("did you mean `{close}`?"));
    }
    warning
}

/// `10.0` as `10`, so a coerced count or bound reads as written.
fn integral(number: serde_json::Number) -> serde_json::Number {
    match number.as_f64() {
        Some(float) if float.fract() == 0.0 && float.abs() < 9.0e15 => serde_json::Number::from(float as i64),
        _ => number,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("the text \"{text}\""),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
