//! Checking a request against the spec's rules before anything is sent.
//!
//! Generated code describes each value's rules as a table ([`Rule`]) and walks its fields with
//! [`Validator::field`]; the checks themselves live here, once.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{OnceLock, RwLock};

use regress::Regex;

use crate::secret::Secret;

/// One constraint from the spec. Lengths count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    MinLength(usize),
    MaxLength(usize),
    Pattern(&'static str),
    Minimum(f64),
    Maximum(f64),
    ExclusiveMinimum(f64),
    ExclusiveMaximum(f64),
    MinItems(usize),
    MaxItems(usize),
    MultipleOf(f64),
    /// A numeric enum.
    AllowedNumbers(&'static [f64]),
    /// Rules every item of a list (or value of a map) must meet.
    EachItem(&'static [Rule]),
    /// Rules every key of a map must meet.
    EachKey(&'static [Rule]),
}

/// The rules for each item, from a list's rules.
fn item_rules(rules: &[Rule]) -> &'static [Rule] {
    rules
        .iter()
        .find_map(|rule| match rule {
            Rule::EachItem(each) => Some(*each),
            _ => None,
        })
        .unwrap_or(&[])
}

/// The rules for each key, from a map's rules.
fn key_rules(rules: &[Rule]) -> &'static [Rule] {
    rules
        .iter()
        .find_map(|rule| match rule {
            Rule::EachKey(each) => Some(*each),
            _ => None,
        })
        .unwrap_or(&[])
}

/// A value that can be checked against rules: strings, numbers, lists, options and every model.
pub trait Checked {
    fn check(&self, v: &mut Validator, rules: &[Rule]);
}

/// A broken rule: where, and which rule. Never the value, which may be a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The path to the value: `body.dst_sk`, `group_id`, `body.items[2].name`.
    pub field: String,
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// A request that breaks the spec's rules; nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {operation} request: {}", join(.violations))]
pub struct ValidationError {
    pub operation: &'static str,
    pub violations: Vec<Violation>,
}

fn join(violations: &[Violation]) -> String {
    violations.iter().map(Violation::to_string).collect::<Vec<_>>().join("; ")
}

#[derive(Debug, Clone)]
enum Step {
    Field(&'static str),
    Index(usize),
    Key(String),
}

/// Walks a value, collecting every broken rule.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<Step>,
    violations: Vec<Violation>,
    /// Whether the value being checked is a map's key rather than its value.
    in_key: bool,
    /// How many enum values or union kinds the client does not know were met.
    unknown: usize,
}

impl Validator {
    pub fn new() -> Self {
        Validator::default()
    }

    /// Checks `value` as the field `name` of the value being walked.
    pub fn field<T: Checked + ?Sized>(&mut self, name: &'static str, value: &T, rules: &[Rule]) {
        self.path.push(Step::Field(name));
        value.check(self, rules);
        self.path.pop();
    }

    /// Records a broken rule of the field `name` of the value being walked.
    pub fn violation_at(&mut self, name: &'static str, rule: impl Into<String>) {
        self.path.push(Step::Field(name));
        self.violation(rule);
        self.path.pop();
    }

    /// Records a broken rule at the current path.
    pub fn violation(&mut self, rule: impl Into<String>) {
        let mut field = String::new();
        for step in &self.path {
            match step {
                Step::Field(name) if field.is_empty() => field.push_str(name),
                Step::Field(name) => {
                    field.push('.');
                    field.push_str(name);
                }
                Step::Index(index) => field.push_str(&format!("[{index}]")),
                Step::Key(key) => field.push_str(&format!("[{key:?}]")),
            }
        }
        let rule = rule.into();
        let rule = if self.in_key { format!("has a key that {rule}") } else { rule };
        self.violations.push(Violation { field, rule });
    }

    /// Records that the fields `required` (with whether each is given) must be given with the
    /// field `name` (`dependentRequired`), when it is.
    pub fn requires(&mut self, name: &'static str, given: bool, required: &[(&'static str, bool)]) {
        if !given {
            return;
        }
        for (other, _) in required.iter().filter(|(_, given)| !given) {
            self.violation_at(other, format!("is required when `{name}` is given"));
        }
    }

    pub fn finish(self, operation: &'static str) -> Result<(), ValidationError> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { operation, violations: self.violations })
        }
    }

    fn string(&mut self, value: &str, rules: &[Rule]) {
        let mut length = None;
        let mut length = || *length.get_or_insert_with(|| value.chars().count());
        for rule in rules {
            match *rule {
                Rule::MinLength(min) if length() < min => {
                    self.violation(format!("must be at least {min} characters long (is {})", length()));
                }
                Rule::MaxLength(max) if length() > max => {
                    self.violation(format!("must be at most {max} characters long (is {})", length()));
                }
                Rule::Pattern(pattern) if !pattern_matches(pattern, value) => {
                    self.violation(format!("must match the pattern `{pattern}`"));
                }
                _ => {}
            }
        }
    }

    fn number(&mut self, value: f64, rules: &[Rule]) {
        for rule in rules {
            let broken = match *rule {
                Rule::Minimum(min) => (value < min).then(|| format!("must be at least {min}")),
                Rule::Maximum(max) => (value > max).then(|| format!("must be at most {max}")),
                Rule::ExclusiveMinimum(min) => (value <= min).then(|| format!("must be greater than {min}")),
                Rule::ExclusiveMaximum(max) => (value >= max).then(|| format!("must be less than {max}")),
                Rule::MultipleOf(step) => {
                    let ratio = value / step;
                    ((ratio - ratio.round()).abs() > 1e-9).then(|| format!("must be a multiple of {step}"))
                }
                Rule::AllowedNumbers(allowed) => (!allowed.contains(&value)).then(|| {
                    let allowed: Vec<String> = allowed.iter().map(f64::to_string).collect();
                    format!("must be one of: {}", allowed.join(", "))
                }),
                _ => None,
            };
            if let Some(rule) = broken {
                self.violation(rule);
            }
        }
    }

    fn items(&mut self, count: usize, rules: &[Rule]) {
        for rule in rules {
            match *rule {
                Rule::MinItems(min) if count < min => {
                    self.violation(format!("must hold at least {min} items (holds {count})"))
                }
                Rule::MaxItems(max) if count > max => {
                    self.violation(format!("must hold at most {max} items (holds {count})"))
                }
                _ => {}
            }
        }
    }

    /// For string enums: a value the spec does not list.
    pub fn unknown_value(&mut self, allowed: &[&str]) {
        self.unknown += 1;
        self.violation(format!("must be one of: {}", allowed.join(", ")));
    }

    /// For tagged unions: a kind the spec does not list.
    pub fn unknown_kind(&mut self) {
        self.unknown += 1;
        self.violation("is a kind this client does not know");
    }

    /// Whether `value` holds no enum value and no union kind the spec does not list.
    pub fn knows_every_value<T: Checked + ?Sized>(value: &T) -> bool {
        let mut v = Validator::new();
        value.check(&mut v, &[]);
        v.unknown == 0
    }
}

/// Patterns are ECMA-262 regular expressions (as JSON Schema says), matched anywhere in the value
/// unless anchored, with Unicode semantics (`\p{L}` is a letter) when they compile so, as JSON
/// Schema asks, else as written. Each is compiled once per process; the generator has already
/// checked that they compile.
fn pattern_matches(pattern: &'static str, value: &str) -> bool {
    static CACHE: OnceLock<RwLock<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(compiled) = cache.read().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return compiled.as_ref().is_none_or(|regex| regex.find(value).is_some());
    }
    // Without the `u` flag `\p{L}` would be the letters `p{L}`; a pattern with escapes only the
    // older syntax allows (`\_`) compiles without it.
    let compiled = Regex::with_flags(pattern, "u").or_else(|_| Regex::new(pattern)).ok();
    let matches = compiled.as_ref().is_none_or(|regex| regex.find(value).is_some());
    cache.write().unwrap_or_else(|e| e.into_inner()).insert(pattern, compiled);
    matches
}

impl Checked for str {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        v.string(self, rules);
    }
}

impl Checked for String {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        v.string(self, rules);
    }
}

impl Checked for Secret {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        v.string(self.expose(), rules);
    }
}

impl Checked for bool {
    fn check(&self, _: &mut Validator, _: &[Rule]) {}
}

impl Checked for serde_json::Value {
    fn check(&self, _: &mut Validator, _: &[Rule]) {}
}

macro_rules! checked_numbers {
    ($($ty:ty),*) => {$(
        impl Checked for $ty {
            fn check(&self, v: &mut Validator, rules: &[Rule]) {
                v.number(*self as f64, rules);
            }
        }
    )*};
}
checked_numbers!(i32, i64, f32, f64);

impl<T: Checked + ?Sized> Checked for &T {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        (**self).check(v, rules);
    }
}

impl<T: Checked + ?Sized> Checked for Box<T> {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        (**self).check(v, rules);
    }
}

impl<T: Checked> Checked for Option<T> {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        if let Some(value) = self {
            value.check(v, rules);
        }
    }
}

impl<T: Checked> Checked for [T] {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        v.items(self.len(), rules);
        let each = item_rules(rules);
        for (index, item) in self.iter().enumerate() {
            v.path.push(Step::Index(index));
            item.check(v, each);
            v.path.pop();
        }
    }
}

impl<T: Checked> Checked for Vec<T> {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        self.as_slice().check(v, rules);
    }
}

impl<K: Checked + fmt::Display, T: Checked> Checked for BTreeMap<K, T> {
    fn check(&self, v: &mut Validator, rules: &[Rule]) {
        let (each, keys) = (item_rules(rules), key_rules(rules));
        for (key, value) in self {
            v.path.push(Step::Key(key.to_string()));
            v.in_key = true;
            key.check(v, keys);
            v.in_key = false;
            value.check(v, each);
            v.path.pop();
        }
    }
}

/// Tuples (`prefixItems`): each item checked in its place.
macro_rules! checked_tuples {
    ($(($($item:ident $index:tt),+)),*) => {$(
        impl<$($item: Checked),+> Checked for ($($item,)+) {
            fn check(&self, v: &mut Validator, _: &[Rule]) {
                $(
                    v.path.push(Step::Index($index));
                    self.$index.check(v, &[]);
                    v.path.pop();
                )+
            }
        }
    )*};
}
checked_tuples!(
    (A 0),
    (A 0, B 1),
    (A 0, B 1, C 2),
    (A 0, B 1, C 2, D 3),
    (A 0, B 1, C 2, D 3, E 4),
    (A 0, B 1, C 2, D 3, E 4, F 5),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6),
    (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
);

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(check: impl FnOnce(&mut Validator)) -> Vec<String> {
        let mut v = Validator::new();
        check(&mut v);
        v.violations.iter().map(Violation::to_string).collect()
    }

    #[test]
    fn lengths_count_characters() {
        let rules = [Rule::MinLength(1), Rule::MaxLength(3)];
        assert!(violations(|v| v.field("name", "组ü€", &rules)).is_empty());
        assert_eq!(violations(|v| v.field("name", "", &rules)), ["`name` must be at least 1 characters long (is 0)"]);
        assert_eq!(
            violations(|v| v.field("name", "abcd", &rules)),
            ["`name` must be at most 3 characters long (is 4)"]
        );
    }

    #[test]
    fn patterns_numbers_and_items() {
        let pattern = [Rule::Pattern(r#"^[^<>&"'\\]*$"#)];
        let lookaround = [Rule::Pattern("^(?![0-9a-fA-F]{8}-)[a-z][a-z0-9-]*$")];
        assert!(violations(|v| v.field("name", "my-bucket", &lookaround)).is_empty());
        assert_eq!(violations(|v| v.field("name", "deadbeef-bucket", &lookaround)).len(), 1);
        let lookaround = [Rule::Pattern("^(?![0-9a-fA-F]{8}-)[a-z][a-z0-9-]*$")];
        assert!(violations(|v| v.field("name", "my-bucket", &lookaround)).is_empty());
        assert_eq!(violations(|v| v.field("name", "deadbeef-bucket", &lookaround)).len(), 1);
        assert!(violations(|v| v.field("id", "plain-id", &pattern)).is_empty());
        let letters = [Rule::Pattern(r"^[\p{L}\p{N}_\-]+$")];
        assert!(violations(|v| v.field("key", "Projekt_ß-7", &letters)).is_empty(), "Unicode property escapes");
        assert_eq!(violations(|v| v.field("key", "a b", &letters)).len(), 1);
        let older_syntax = [Rule::Pattern(r"^\_[a-z]+$")];
        assert!(violations(|v| v.field("key", "_ok", &older_syntax)).is_empty(), "an escape `u` refuses");
        assert_eq!(violations(|v| v.field("id", "a<b", &pattern)).len(), 1);
        assert_eq!(violations(|v| v.field("n", &7_i64, &[Rule::MultipleOf(5.0)])), ["`n` must be a multiple of 5"]);
        assert!(violations(|v| v.field("n", &0.3_f64, &[Rule::MultipleOf(0.1)])).is_empty());
        assert_eq!(
            violations(|v| v.field("n", &3_i32, &[Rule::AllowedNumbers(&[1.0, 2.0])])),
            ["`n` must be one of: 1, 2"]
        );
        let range = [Rule::Minimum(1.0), Rule::ExclusiveMaximum(10.0)];
        assert_eq!(violations(|v| v.field("n", &10_i64, &range)), ["`n` must be less than 10"]);
        assert_eq!(violations(|v| v.field("n", &0_i32, &range)), ["`n` must be at least 1"]);
        let list = vec!["a".to_owned()];
        assert_eq!(
            violations(|v| v.field("list", &list, &[Rule::MinItems(2)])),
            ["`list` must hold at least 2 items (holds 1)"]
        );
        assert_eq!(
            violations(|v| v.field("list", &list, &[Rule::EachItem(&[Rule::MinLength(2)])])),
            ["`list[0]` must be at least 2 characters long (is 1)"]
        );
    }

    #[test]
    fn map_keys_tuples_and_dependent_fields() {
        let map: BTreeMap<String, i32> = [("ok".to_owned(), 1), ("Bad Key".to_owned(), 200)].into();
        let rules = [Rule::EachKey(&[Rule::Pattern("^[a-z]+$")]), Rule::EachItem(&[Rule::Maximum(100.0)])];
        assert_eq!(
            violations(|v| v.field("labels", &map, &rules)),
            [
                r#"`labels["Bad Key"]` has a key that must match the pattern `^[a-z]+$`"#,
                r#"`labels["Bad Key"]` must be at most 100"#
            ]
        );
        let tuple = (Some(Secret::from("x")), vec![1_i64]);
        assert!(violations(|v| v.field("pair", &tuple, &[])).is_empty());
        assert_eq!(
            violations(|v| v.requires("card", true, &[("cvv", false), ("expiry", true)])),
            ["`cvv` is required when `card` is given"]
        );
        assert!(violations(|v| v.requires("card", false, &[("cvv", false)])).is_empty());
    }

    #[test]
    fn unset_options_pass_and_secrets_are_never_quoted() {
        let none: Option<Secret> = None;
        assert!(violations(|v| v.field("sk", &none, &[Rule::MinLength(1)])).is_empty());
        let secret = Some(Secret::from("s3cr3t-value-too-long"));
        let found = violations(|v| v.field("sk", &secret, &[Rule::MaxLength(3)]));
        assert_eq!(found.len(), 1);
        assert!(!found[0].contains("s3cr3t"));
    }
}
