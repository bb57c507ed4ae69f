//! Errors the generator reports: every one names where in the spec it comes from.

use std::fmt;

/// A failure to turn a spec into code, with the spec location it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// A JSON pointer into the spec (`#/paths/~1v2~1items/get`), or a line and column for syntax errors.
    pub location: String,
    pub message: String,
}

impl Error {
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error { location: location.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON pointer under construction: `Pointer::root().push("paths").push("/v2/x")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Appends one reference token, escaped as RFC 6901 requires (`~` as `~0`, `/` as `~1`).
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        let escaped = token.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, escaped))
    }

    /// The pointer one level up (`#/a/b` -> `#/a`).
    pub fn parent(&self) -> Self {
        match self.0.rsplit_once('/') {
            Some((parent, _)) => Pointer(parent.to_owned()),
            None => self.clone(),
        }
    }

    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::at(self.0.clone(), message)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
