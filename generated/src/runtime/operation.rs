//! Static descriptions of the service and its operations (written by the generator), and the
//! values of one call.

use super::error::Error;
use super::path;
use super::secret::Secret;
use super::validate::{Checked, Rule, Validator};

/// The service as a whole: where it is and what every client must be given.
#[derive(Debug)]
pub struct Service {
    pub server: Option<Server>,
    pub client_parameters: &'static [ClientParameter],
}

/// The spec's server: a URL template and the default of each `{variable}` in it.
#[derive(Debug, Clone, Copy)]
pub struct Server {
    pub url: &'static str,
    pub defaults: &'static [(&'static str, &'static str)],
}

/// A value of a server variable (the region, for OMS), set with [`Config::region`](super::Config::region).
pub trait ServerVariable {
    /// The variable's name in the server URL.
    const NAME: &'static str;
    fn value(&self) -> &str;
}

/// A path parameter set once per client rather than on every call (`project_id`).
#[derive(Debug)]
pub struct ClientParameter {
    pub name: &'static str,
    pub rules: &'static [Rule],
}

#[derive(Debug)]
pub struct Operation {
    /// The spec's operationId.
    pub name: &'static str,
    pub method: Method,
    pub path: &'static [PathPart],
    /// Per-call parameters, in the order the generated method passes them.
    pub arguments: &'static [Argument],
    /// Any one of these authenticates the call; empty means none is needed.
    pub auth: &'static [Auth],
    /// Whether sending the request twice is harmless, so it may be retried.
    pub idempotent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    Literal(&'static str),
    /// A client-level parameter, by name.
    Client(&'static str),
    /// A per-call argument, by index into [`Operation::arguments`].
    Argument(usize),
}

#[derive(Debug)]
pub struct Argument {
    pub name: &'static str,
    pub location: Location,
    pub rules: &'static [Rule],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// A way an operation accepts to be authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// AK/SK request signing (SDK-HMAC-SHA256).
    Signature,
    /// A token in the named header (`X-Auth-Token`).
    HeaderToken(&'static str),
    /// A token as `Authorization: Bearer <token>`.
    Bearer,
}

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
