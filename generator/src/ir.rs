//! The intermediate form: what the spec means for the generated crate, with every decision made.
//!
//! Lowering fills it from the OpenAPI document; emitters turn it into tokens without deciding
//! anything of their own. Names here are already valid Rust identifiers; wire names are kept beside
//! them.

/// Everything the generated crate is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub docs: Vec<String>,
    /// The command line's name: `x-cli-name` in `info`, else the title in kebab-case.
    pub cli_name: String,
    /// The generated library's crate name, for sample programs: `x-crate-name` in `info`, else the
    /// command line's name in snake case.
    pub crate_name: String,
    /// The server the client talks to when no explicit endpoint is given.
    pub server: Option<Server>,
    /// Path parameters set once on the client rather than on every call (`x-client-parameter`).
    pub client_parameters: Vec<ClientParameter>,
    pub models: Vec<Model>,
    pub operations: Vec<Operation>,
    /// Whether a generated type takes a prelude name (`String`, `Option`, `Result`...), so generated
    /// code must name the standard ones by full path.
    pub prelude_shadowed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, `https://oms.{region}.myhuaweicloud.com`.
    pub url: String,
    pub docs: Vec<String>,
    pub variables: Vec<ServerVariable>,
}

/// A `{name}` in the server URL; with an enum it becomes a Rust enum (`Region`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub wire_name: String,
    pub type_name: String,
    pub docs: Vec<String>,
    pub default: String,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClientParameter {
    pub wire_name: String,
    pub docs: Vec<String>,
    pub rules: Rules,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub docs: Vec<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    Struct(Struct),
    /// A string enum; values outside the list still deserialize (into an `Unknown` variant).
    Enum(Vec<EnumValue>),
    /// `oneOf` / `anyOf`: the first variant the JSON reads as (untagged).
    OneOf(Vec<Variant>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside named properties: the other keys, kept in a map field.
    pub additional: Option<AdditionalField>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalField {
    pub rust_name: String,
    pub ty: Type,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub ty: Type,
    pub rules: Rules,
    /// Held in a `Box` because the type contains itself through this variant.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    pub rust: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Type,
    /// Required fields are plain values; optional ones are `Option` and left out when unset.
    pub required: bool,
    /// A required field that may be `null`: an `Option` that is sent even when `None`.
    pub nullable: bool,
    /// Set by the service only (`readOnly`): read from responses, never sent.
    pub read_only: bool,
    /// Held in a `Box` because the type contains itself through this field.
    pub boxed: bool,
    pub docs: Vec<String>,
    pub rules: Rules,
}

/// The Rust type of a value, before `Option` wrapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    /// A string the spec marks as a secret (`format: password`): masked in Debug, sent as is.
    Secret,
    Bool,
    Integer(IntegerWidth),
    Number(NumberWidth),
    /// A model of this crate, by its Rust name.
    Named(String),
    Array(Box<Type>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<Type>),
    /// Any JSON value (a free-form object or a schema without a type).
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    I32,
    I64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberWidth {
    F32,
    F64,
}

/// The constraints a value must meet before a request is sent. Lengths count characters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub multiple_of: Option<f64>,
    /// The allowed values of a numeric enum.
    pub allowed_numbers: Vec<f64>,
}

impl Rules {
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's operationId (or a name made from method and path).
    pub wire_name: String,
    pub fn_name: String,
    pub method: Method,
    pub path_template: String,
    pub path: Vec<PathPart>,
    /// Per-call parameters, in the order the method takes them.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub response: Response,
    /// Alternatives: any one of these schemes authenticates the call. Empty: no authentication.
    pub security: Vec<SecurityScheme>,
    /// Whether sending the request twice is harmless (PUT, GET, DELETE, or `x-idempotent: true`).
    pub idempotent: bool,
    pub docs: Vec<String>,
    /// The summary alone, for one-line help.
    pub summary: String,
    pub cli: CliCommand,
}

/// How the operation appears on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct CliCommand {
    /// The subcommand: the operationId in kebab-case (`retry-task-group`).
    pub name: String,
    /// One flag per per-call parameter, in `Operation::parameters` order.
    pub parameter_flags: Vec<CliValue>,
    /// Flags for the body's top-level fields that a flag can carry (not secrets, not objects).
    pub body_flags: Vec<BodyFlag>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyFlag {
    pub wire_name: String,
    pub value: CliValue,
}

/// A flag and the kind of value it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct CliValue {
    pub flag: String,
    pub help: String,
    pub kind: CliKind,
    /// Repeated for each item of a list.
    pub repeated: bool,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CliKind {
    Text,
    Bool,
    Integer,
    Number,
    /// One of these values (a string enum).
    OneOf(Vec<String>),
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
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// A client-level parameter, by wire name.
    Client(String),
    /// A per-call path parameter, by its index in `Operation::parameters`.
    Argument(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: String,
    pub location: ParameterLocation,
    pub ty: Type,
    pub required: bool,
    pub docs: Vec<String>,
    pub rules: Rules,
    /// The spec's example value, for sample programs.
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: Type,
    pub required: bool,
    pub content_type: BodyEncoding,
    pub docs: Vec<String>,
    /// The spec's example body, or one made from the schema, for sample programs.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
}

/// What a call returns: its success body, and what each error status carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub body: ResponseBody,
    pub errors: Vec<ErrorResponse>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Empty,
    Json(Type),
    /// `text/*`: the body as a string.
    Text,
    /// Any other media type: the raw bytes.
    Bytes,
}

/// A non-2xx response the spec describes: `404`, `4XX` or `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: String,
    pub description: String,
    /// The Rust type of its JSON body, if it has one.
    pub body: Option<Type>,
}

/// How a call proves who makes it.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityScheme {
    /// A token in a request header (`X-Auth-Token`).
    HeaderToken { header: String },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect schemes).
    Bearer,
    /// The request signed with an access key pair, by the named algorithm (`SDK-HMAC-SHA256`).
    Signature { algorithm: String },
}
