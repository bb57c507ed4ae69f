//! A string that must never be shown: SKs, tokens, passwords and keys in bodies.
//!
//! The value is held by `secrecy`, so it is wiped from memory when dropped; this type adds what a
//! client needs around it: redacted Debug and Display, serialization that sends the real value,
//! and a way to print whole bodies with every secret masked ([`redacted`]).

use std::cell::Cell;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// What Debug and Display print in place of a secret.
pub const MASK: &str = "<redacted>";

/// A secret value. Debug and Display print [`MASK`]; serialization sends the real value, because the
/// service needs it. Read it with [`Secret::expose`]. The value is zeroed when the last copy drops.
#[derive(Clone, Default)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The value itself. Every call site is a place where the secret leaves its wrapper.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Secret::from(value))
    }
}

thread_local! {
    static REDACTING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with secrets serialized as [`MASK`]: for printing a value, never for sending it.
pub fn redacted<R>(f: impl FnOnce() -> R) -> R {
    let before = REDACTING.with(|r| r.replace(true));
    let result = f();
    REDACTING.with(|r| r.set(before));
    result
}

impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if REDACTING.with(Cell::get) {
            return serializer.serialize_str(MASK);
        }
        serializer.serialize_str(self.expose())
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_masks_and_serializing_sends() {
        let secret = Secret::from("hunter2");
        assert_eq!(format!("{secret:?} {secret} {secret:#?}"), format!("{MASK} {MASK} {MASK}"));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"");
        let back: Secret = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(back.expose(), "hunter2");
        assert_eq!(back, secret);
        assert_eq!(redacted(|| serde_json::to_string(&secret).unwrap()), format!("\"{MASK}\""));
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"hunter2\"", "redaction ends with its closure");
    }
}
