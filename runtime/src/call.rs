//! The values of one call: its arguments, checked and encoded, and its body.

use crate::argument::ArgumentValue;
use crate::binary::Binary;
use crate::body::Body;
use crate::error::Error;
#[cfg(feature = "test-util")]
use crate::mocks::Matched;
use crate::path;
use crate::tables::{Location, Operation, Style};
use crate::validate::{Checked, Validator};
use crate::xml::XmlElement;

/// One call of an operation: its checked and encoded arguments and body.
#[derive(Debug)]
pub struct Call {
    pub operation: &'static Operation,
    pub arguments: Vec<ArgumentValue>,
    pub body: Option<Body>,
    /// In a client made from mocks, the rules the typed request's inputs match.
    #[cfg(feature = "test-util")]
    pub(crate) matched: Option<Matched>,
}

impl Call {
    pub fn new(operation: &'static Operation) -> Self {
        Call {
            operation,
            arguments: Vec::with_capacity(operation.arguments.len()),
            body: None,
            #[cfg(feature = "test-util")]
            matched: None,
        }
    }

    /// The call, answered by the mock rules `matched`.
    #[cfg(feature = "test-util")]
    pub(crate) fn matching(mut self, matched: Matched) -> Self {
        self.matched = Some(matched);
        self
    }

    /// Adds the next argument, checked against its rules.
    pub fn argument<T: serde::Serialize + Checked + ?Sized>(mut self, value: &T) -> Result<Self, Error> {
        let Some(spec) = self.operation.arguments.get(self.arguments.len()) else {
            return Err(Error::Build(format!("{}: more arguments than the operation declares", self.operation.name)));
        };
        let mut v = Validator::new();
        v.field(spec.name, value, spec.rules);
        let json = serde_json::to_value(value)
            .map_err(|e| Error::Build(format!("{}: `{}`: {e}", self.operation.name, spec.name)))?;
        let argument = ArgumentValue::of(json, spec.style);
        if spec.location == Location::Path {
            let explode = matches!(spec.style, Style::Simple { explode: true });
            if let Some(problem) = argument.simple(explode).as_deref().and_then(path::segment_problem) {
                v.violation_at(spec.name, problem);
            }
        }
        v.finish(self.operation.name)?;
        self.arguments.push(argument);
        Ok(self)
    }

    /// Sets a JSON body (as `media_type`), checked against the spec's rules first.
    pub fn json<T: serde::Serialize + Checked + ?Sized>(self, media_type: &str, body: &T) -> Result<Self, Error> {
        self.body(body, |body| Body::json(media_type, body))
    }

    /// Sets an XML body (as `media_type`), written as the table `root` describes, checked against
    /// the spec's rules first.
    pub fn xml<T: serde::Serialize + Checked + ?Sized>(
        self,
        media_type: &str,
        body: &T,
        root: &'static XmlElement,
    ) -> Result<Self, Error> {
        self.body(body, |body| Body::xml(media_type, body, root))
    }

    /// Sets a form body (`application/x-www-form-urlencoded`), checked against the spec's rules first.
    pub fn form<T: serde::Serialize + Checked + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.body(body, Body::form)
    }

    /// Sets a `multipart/form-data` body, checked against the spec's rules first.
    pub fn multipart<T: serde::Serialize + Checked + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.body(body, Body::multipart)
    }

    /// Sets a text body, as `media_type`.
    pub fn text(self, media_type: &str, body: &str) -> Result<Self, Error> {
        self.body(body, |body| Ok(Body::text(media_type, body)))
    }

    /// Sets a body of bytes, as `media_type`.
    pub fn binary(self, media_type: &str, body: &Binary) -> Result<Self, Error> {
        self.body(body, |body| Ok(Body::binary(media_type, body)))
    }

    /// Sets an optional body with `set` when there is one.
    pub fn maybe<T: ?Sized>(
        self,
        body: Option<&T>,
        set: impl FnOnce(Self, &T) -> Result<Self, Error>,
    ) -> Result<Self, Error> {
        match body {
            Some(body) => set(self, body),
            None => Ok(self),
        }
    }

    /// Checks `body`, then encodes it.
    fn body<T: Checked + ?Sized>(
        mut self,
        body: &T,
        encode: impl FnOnce(&T) -> Result<Body, String>,
    ) -> Result<Self, Error> {
        let mut v = Validator::new();
        v.field("body", body, &[]);
        v.finish(self.operation.name)?;
        let encoded =
            encode(body).map_err(|e| Error::Build(format!("{}: cannot encode the body: {e}", self.operation.name)))?;
        self.body = Some(encoded);
        Ok(self)
    }
}
