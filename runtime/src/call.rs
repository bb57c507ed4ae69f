//! The values of one call: checked and encoded arguments and body.

use crate::error::Error;
use crate::path;
use crate::secret::Secret;
use crate::tables::{Location, Operation};
use crate::validate::{Checked, Validator};

/// An argument's value as text: absent (an unset optional), one value, or several (a list).
#[derive(Clone, PartialEq)]
pub enum ArgumentValue {
    Absent,
    One(String),
    Many(Vec<String>),
}

/// Argument values carry no secrets by type, but a header argument may be one: never print them.
impl std::fmt::Debug for ArgumentValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ArgumentValue::Absent => "Absent",
            ArgumentValue::One(_) => "One(..)",
            ArgumentValue::Many(_) => "Many(..)",
        })
    }
}

/// A value that can be sent as a path, query or header parameter.
pub trait ToArgument {
    fn to_argument(&self) -> ArgumentValue;
}

impl ToArgument for str {
    fn to_argument(&self) -> ArgumentValue {
        ArgumentValue::One(self.to_owned())
    }
}

impl ToArgument for String {
    fn to_argument(&self) -> ArgumentValue {
        ArgumentValue::One(self.clone())
    }
}

impl ToArgument for Secret {
    fn to_argument(&self) -> ArgumentValue {
        ArgumentValue::One(self.expose().to_owned())
    }
}

macro_rules! display_arguments {
    ($($ty:ty),*) => {$(
        impl ToArgument for $ty {
            fn to_argument(&self) -> ArgumentValue {
                ArgumentValue::One(self.to_string())
            }
        }
    )*};
}
display_arguments!(bool, i32, i64, f32, f64);

impl<T: ToArgument + ?Sized> ToArgument for &T {
    fn to_argument(&self) -> ArgumentValue {
        (**self).to_argument()
    }
}

impl<T: ToArgument> ToArgument for Option<T> {
    fn to_argument(&self) -> ArgumentValue {
        self.as_ref().map_or(ArgumentValue::Absent, ToArgument::to_argument)
    }
}

impl<T: ToArgument> ToArgument for [T] {
    fn to_argument(&self) -> ArgumentValue {
        let values = self.iter().flat_map(|item| match item.to_argument() {
            ArgumentValue::Absent => Vec::new(),
            ArgumentValue::One(value) => vec![value],
            ArgumentValue::Many(values) => values,
        });
        ArgumentValue::Many(values.collect())
    }
}

/// A request body, serialized.
#[derive(Clone)]
pub struct Body {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The body may hold secrets: never print it.
impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Body({}, {} bytes)", self.content_type, self.bytes.len())
    }
}

/// The content type of JSON bodies, as the vendor SDK sends it.
pub const JSON: &str = "application/json;charset=utf-8";
/// The content type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// One call of an operation: its checked and encoded arguments and body.
#[derive(Debug)]
pub struct Call {
    pub operation: &'static Operation,
    pub arguments: Vec<ArgumentValue>,
    pub body: Option<Body>,
}

impl Call {
    pub fn new(operation: &'static Operation) -> Self {
        Call { operation, arguments: Vec::with_capacity(operation.arguments.len()), body: None }
    }

    /// Adds the next argument, checked against its rules.
    pub fn argument<T: ToArgument + Checked + ?Sized>(mut self, value: &T) -> Result<Self, Error> {
        let Some(spec) = self.operation.arguments.get(self.arguments.len()) else {
            return Err(Error::Build(format!("{}: more arguments than the operation declares", self.operation.name)));
        };
        let mut v = Validator::new();
        v.field(spec.name, value, spec.rules);
        let argument = value.to_argument();
        if let (Location::Path, ArgumentValue::One(text)) = (spec.location, &argument) {
            if let Some(problem) = path::segment_problem(text) {
                v.violation_at(spec.name, problem);
            }
        }
        v.finish(self.operation.name)?;
        self.arguments.push(argument);
        Ok(self)
    }

    /// Sets a JSON body, checked against the spec's rules first.
    pub fn json<T: serde::Serialize + Checked + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.body(body, JSON, |body| serde_json::to_vec(body).map_err(|e| e.to_string()))
    }

    /// Sets a form body (`application/x-www-form-urlencoded`), checked against the spec's rules first.
    pub fn form<T: serde::Serialize + Checked + ?Sized>(self, body: &T) -> Result<Self, Error> {
        self.body(body, FORM, |body| {
            serde_urlencoded::to_string(body).map(String::into_bytes).map_err(|e| e.to_string())
        })
    }

    /// Sets a JSON body if there is one.
    pub fn optional_json<T: serde::Serialize + Checked + ?Sized>(self, body: Option<&T>) -> Result<Self, Error> {
        match body {
            Some(body) => self.json(body),
            None => Ok(self),
        }
    }

    /// Sets a form body if there is one.
    pub fn optional_form<T: serde::Serialize + Checked + ?Sized>(self, body: Option<&T>) -> Result<Self, Error> {
        match body {
            Some(body) => self.form(body),
            None => Ok(self),
        }
    }

    /// Checks `body`, then encodes it as `content_type`.
    fn body<T: Checked + ?Sized>(
        mut self,
        body: &T,
        content_type: &'static str,
        encode: impl FnOnce(&T) -> Result<Vec<u8>, String>,
    ) -> Result<Self, Error> {
        let mut v = Validator::new();
        v.field("body", body, &[]);
        v.finish(self.operation.name)?;
        let bytes = encode(body).map_err(|e| {
            Error::Build(format!("{}: cannot encode the body as {content_type}: {e}", self.operation.name))
        })?;
        self.body = Some(Body { content_type, bytes });
        Ok(self)
    }
}
