//! What a few strings of the spec are made of: templates with `{names}`, identifiers, and enum
//! values with the Rust names of their variants.

use std::collections::HashSet;

use crate::ir::EnumValue;
use crate::names;

/// Names between braces in a URL or path template, in order.
pub(super) fn template_names(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// Enum values with unique Rust variant names, none of them one of `reserved`.
pub(super) fn enum_values<'s>(wire: impl Iterator<Item = &'s str>, reserved: &[&str]) -> Vec<EnumValue> {
    let mut taken: HashSet<String> = reserved.iter().map(|r| r.to_string()).collect();
    wire.map(|value| EnumValue {
        wire_name: value.to_owned(),
        rust_name: names::unique(names::pascal(value), &mut taken),
    })
    .collect()
}

/// Letters, digits and `_`, not starting with a digit: a name that can go into an environment
/// variable's.
pub(super) fn is_identifier(name: &str) -> bool {
    identifier(name, |c| c.is_ascii_alphanumeric() || c == '_')
}

/// An identifier that may also hold `-`: a service's name in the vendor's settings.
pub(super) fn is_dashed_identifier(name: &str) -> bool {
    identifier(name, |c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn identifier(name: &str, rest: fn(char) -> bool) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(rest)
}
