//! The intermediate form: what the spec means for the generated crate, with every decision made.
//!
//! Lowering builds it from the OpenAPI document in one pass; emitters turn it into tokens without
//! deciding anything of their own. Types are named after the runtime types they print as
//! (`Location`, `Auth`, `Flag`, `BodyField`, `CommandSpec`); every Rust name is a [`RustName`],
//! with the wire name it stands for kept beside it as `wire_name`.

pub use api_vocab::{Location, Method, Style};

pub use crate::names::RustName;

/// Names generated code gives meaning to, defined once: lowering keeps every generated name clear
/// of them and emitters write them.
pub mod reserved {
    /// The local holding the request body in generated methods and command handlers.
    pub const BODY: &str = "body";
    /// The local holding a call under construction in generated methods.
    pub const CALL: &str = "call";
    /// Locals of generated command-line handlers.
    pub const CLIENT: &str = "client";
    pub const INVOCATION: &str = "invocation";
    pub const REQUEST: &str = "request";
    /// The parameter of a `--wait` follow-up closure that holds the first answer; it only shadows.
    pub const ANSWER: &str = "answer";
    /// The request builders' field holding the client's runtime.
    pub const RUNTIME: &str = "runtime";
    /// The helper of a sample program that reports a failed call, which its locals must not hide.
    pub const SAMPLE_REPORT: &str = "report";
    /// Names a generated method's arguments (and so a request builder's fields) must not take.
    pub const ARGUMENTS: [&str; 7] = [BODY, CALL, CLIENT, INVOCATION, REQUEST, RUNTIME, "self_"];
    /// Methods a model has (its own, and those of the traits it implements that are called by
    /// method syntax), which its setters must not take.
    pub const MODEL_METHODS: [&str; 16] = [
        "new",
        "check",
        "clone",
        "clone_into",
        "default",
        "eq",
        "ne",
        "fmt",
        "hash",
        "serialize",
        "into",
        "try_into",
        "to_owned",
        "borrow",
        "borrow_mut",
        "type_id",
    ];
    /// Methods of every request builder, which its setters must not take.
    pub const REQUEST_METHODS: [&str; 7] = ["send", "call", "new", "into_future", "pages", "items", "download"];
    /// The variant of an open enum or a tagged union that holds what the spec does not list.
    pub const UNKNOWN_VARIANT: &str = "Unknown";
    /// Generated method names that are taken (`Client::new`, and `Client::from_mocks` in tests).
    pub const METHODS: [&str; 2] = ["new", "from_mocks"];
    /// The generated module of mock rules (feature `test-util`), and what it re-exports from the
    /// runtime.
    pub const MOCK_MODULE: &str = "mock";
    pub const MOCK_EXPORTS: [&str; 4] = ["HttpAnswer", "Mocks", "Recordings", "Rule"];
    /// The generated client type.
    pub const CLIENT_TYPE: &str = "Client";
    /// Types the generated crate re-exports from the generic runtime.
    pub const RUNTIME_EXPORTS: [&str; 12] = [
        "AccessKey",
        "Binary",
        "Config",
        "Credentials",
        "Environment",
        "Error",
        "RetryPolicy",
        "Secret",
        "ServiceError",
        "ValidationError",
        "Violation",
        "WaitError",
    ];
    /// Types the `requests` module re-exports from the runtime (what pagers and waiters return),
    /// which request builders' names must not take.
    pub const REQUEST_EXPORTS: [&str; 3] = ["Items", "Pages", "Waiter"];
    /// What streamed answers are read as, which the `requests` module re-exports from the runtime
    /// when some request answers so, and request builders' names must not take.
    pub const BYTE_STREAM: &str = "ByteStream";
    pub const EVENT: &str = "Event";
    pub const EVENT_STREAM: &str = "EventStream";
    pub const JSON_STREAM: &str = "JsonStream";
    pub const STREAM_EXPORTS: [&str; 4] = [BYTE_STREAM, EVENT, EVENT_STREAM, JSON_STREAM];
    /// The header that asks for an event stream to resume after an event, and the name of the
    /// input that sets it when the spec declares none.
    pub const LAST_EVENT_ID: &str = "Last-Event-ID";
    /// Types the generated crate re-exports from the Huawei Cloud runtime, when it uses it.
    pub const HUAWEICLOUD_EXPORTS: [&str; 3] = ["BasicCredentials", "IamToken", "InstanceMetadata"];

    /// Every type name a model or server variable must not take.
    pub fn types() -> impl Iterator<Item = &'static str> {
        [CLIENT_TYPE].into_iter().chain(RUNTIME_EXPORTS).chain(HUAWEICLOUD_EXPORTS)
    }
}

/// Everything the generated crate is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub docs: Vec<String>,
    /// The command line's name: `x-cli-name` in `info`, else the title in kebab-case.
    pub cli_name: String,
    /// The generated crate's name, as sample programs import it.
    pub crate_name: RustName,
    pub platform: Platform,
    /// The server the client talks to when no explicit endpoint is given.
    pub server: Option<Server>,
    /// The type of the server variable `--region` and `Config::region` set, if there is one.
    pub region: Option<RustName>,
    /// Path parameters set once on the client rather than on every call (`x-client-parameter`).
    pub client_parameters: Vec<ClientParameter>,
    /// The command line's groups, in the spec's order: its `tags`, then others operations name.
    pub command_groups: Vec<CommandGroup>,
    /// Examples of `--query` on this API's answers, for the command line's help.
    pub query_examples: String,
    pub models: Vec<Model>,
    pub operations: Vec<Operation>,
    /// The requests the service sends to a receiver (3.1's `webhooks`), if the spec has any.
    pub webhooks: Option<Webhooks>,
    /// How sample programs find credentials.
    pub sample_credentials: SampleCredentials,
    /// The features of the `client-runtime` crate the generated code needs beyond its defaults:
    /// `xml` when a body is XML.
    pub runtime_features: Vec<&'static str>,
}

/// The `client-runtime` feature that reads and writes XML bodies.
pub const RUNTIME_XML_FEATURE: &str = "xml";

/// The requests the service sends to a receiver (3.1's `webhooks`): one enum a receiver reads a
/// request's body into.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The enum's name (`Webhook`).
    pub type_name: RustName,
    pub events: Vec<WebhookEvent>,
    /// The property whose value tells the events apart, when every payload is an object with a
    /// value of its own there (`type: message.created`): the body alone then says which it is.
    pub tag: Option<String>,
}

/// One webhook (one of its operations, when it has several).
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookEvent {
    /// The webhook's name in the spec (`newPet`).
    pub wire_name: String,
    pub variant: RustName,
    /// The type of its JSON body; `None` when it has none.
    pub payload: Option<Type>,
    /// Its value of [`Webhooks::tag`].
    pub tag: Option<String>,
    /// A body it may carry: the spec's example, else one made from the schema.
    pub example: serde_json::Value,
    pub docs: Vec<String>,
}

/// The cloud whose conventions the client follows beyond OpenAPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Platform {
    /// Nothing beyond OpenAPI.
    Generic,
    /// Huawei Cloud: SDK-HMAC-SHA256 signing (`x-huaweicloud-signing`), its credentials, endpoints
    /// and errors.
    HuaweiCloud {
        /// The service's name in the vendor's endpoint settings (`OMS`), from the extension's
        /// `service`.
        service: Option<String>,
    },
}

/// Where a sample program's credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleCredentials {
    /// The operations need none.
    None,
    /// Huawei Cloud's access key variables.
    HuaweiCloudEnv,
    /// A token in this environment variable.
    TokenEnv(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, `https://oms.{region}.myhuaweicloud.com`.
    pub url: String,
    pub docs: Vec<String>,
    pub variables: Vec<ServerVariable>,
    /// The variable that names the region (`Config::region_id` and `--region` set it).
    pub region: Option<String>,
}

/// A `{name}` in the server URL; with an enum it becomes a Rust enum (`Region`).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub wire_name: String,
    pub type_name: RustName,
    pub docs: Vec<String>,
    pub default: String,
    pub values: Vec<EnumValue>,
    /// The user must choose a value; the default is never used silently (`x-user-chosen`).
    pub user_chosen: bool,
    /// The environment variable a client reads the value from when it is not configured
    /// (`x-environment-variable`).
    pub environment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClientParameter {
    pub wire_name: String,
    pub docs: Vec<String>,
    pub rules: Rules,
    /// The command line's global flag for it (`--project-id`).
    pub flag: Flag,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: RustName,
    pub docs: Vec<String>,
    pub kind: ModelKind,
    /// How the model stands in XML, when an XML body reaches it.
    pub xml: Option<XmlTable>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    Struct(Struct),
    /// A string enum; values outside the list still deserialize (into an `Unknown` variant).
    Enum(Vec<EnumValue>),
    /// `oneOf` / `anyOf`: the first variant the JSON reads as (untagged).
    OneOf(Vec<Variant>),
    /// `oneOf` with a `discriminator`: the variant the tag property names; unknown tags are kept.
    Tagged(Tagged),
    /// A named list or map that holds itself (`Forest: {type: array, items: {$ref: Forest}}`): a
    /// struct around the value, which the list or map holds without a `Box`.
    Newtype(Type, Rules),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The property that names the variant (`petType`).
    pub property: String,
    pub variants: Vec<TaggedVariant>,
    /// The variant a value without the property is read as (3.2's `defaultMapping`).
    pub default: Option<RustName>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag values that select it, the first being the one it is sent with.
    pub tags: Vec<String>,
    pub rust_name: RustName,
    pub ty: Type,
    /// Held in a `Box` because the type contains itself through this variant.
    pub boxed: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside named properties: the other keys, kept in a map field.
    pub additional: Option<Box<AdditionalField>>,
    /// Fields that must be given when another one is (`dependentRequired`).
    pub dependencies: Vec<Dependency>,
}

/// `dependentRequired`: when `field` is given, so must `requires` be.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    pub field: FieldRef,
    pub requires: Vec<FieldRef>,
}

/// A field of the same struct: its Rust name, its name on the wire for messages, and whether it
/// is held in an `Option` (else it is always given).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRef {
    pub rust_name: RustName,
    pub wire_name: String,
    pub optional: bool,
}

impl Struct {
    /// Fields a caller must give: a struct with any has a `new` taking them, else `Default`.
    pub fn given(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|field| field.presence == Presence::Required)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalField {
    pub rust_name: RustName,
    pub ty: Type,
    /// What each value must meet.
    pub rules: Rules,
    /// Whether its values hold anything to validate.
    pub checked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub rust_name: RustName,
    pub ty: Type,
    pub rules: Rules,
    /// Held in a `Box` because the type contains itself through this variant.
    pub boxed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire_name: String,
    pub rust_name: RustName,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: RustName,
    pub ty: Type,
    pub presence: Presence,
    /// Held in a `Box` because the type contains itself through this field.
    pub boxed: bool,
    pub docs: Vec<String>,
    pub rules: Rules,
    /// Whether the field has anything to validate: rules of its own, or a value with some inside.
    pub checked: bool,
    /// The model's chaining setter for it (`.migrate_failed_object(true)`): optional fields of
    /// models that requests send. Models are `#[non_exhaustive]`, so this, with `new` or
    /// `Default`, is how they are built outside the crate.
    pub setter: Option<FieldSetter>,
}

/// A model's chaining setter for an optional field, and how it takes the value.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSetter {
    pub name: RustName,
    pub passing: Passing,
}

/// Whether a field must be given, may be left out, or is only ever received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// A plain value, always sent.
    Required,
    /// An `Option`, left out of the JSON when `None`.
    Optional,
    /// Required but nullable: an `Option` sent as `null` when `None`.
    Nullable,
    /// Set by the service only (`readOnly`): an `Option` read from responses, never sent.
    ReadOnly,
}

/// The Rust type of a value, before `Option` wrapping.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    /// A string the spec marks as a secret (`format: password`): masked in Debug, sent as is.
    Secret,
    /// Raw bytes (`format: binary`): a file part of a multipart body, an upload.
    Binary,
    Bool,
    Integer(IntegerWidth),
    Number(NumberWidth),
    /// A model of this crate.
    Named(RustName),
    Array(Box<Type>),
    /// A list of a fixed length whose items each have their own type (`prefixItems`).
    Tuple(Vec<Type>),
    /// A JSON object with arbitrary keys (`additionalProperties`): text, or a string enum model
    /// (`propertyNames` naming one).
    Map {
        key: Box<Type>,
        value: Box<Type>,
    },
    /// A value that may be `null`, where no field's `Option` says so (a list's items, a map's
    /// values, a response body).
    Nullable(Box<Type>),
    /// Any JSON value (a free-form object or a schema without a type).
    Any,
}

impl Type {
    /// The type without the `null` a nullable value may be.
    pub fn without_null(&self) -> &Type {
        match self {
            Type::Nullable(inner) => inner.without_null(),
            ty => ty,
        }
    }

    /// The type as docs and the API description name it: `Vec<TaskGroup>`, `Option<i32>`.
    pub fn name(&self) -> String {
        match self {
            Type::String => "String".to_owned(),
            Type::Secret => "Secret".to_owned(),
            Type::Binary => "Binary".to_owned(),
            Type::Bool => "bool".to_owned(),
            Type::Integer(IntegerWidth::I32) => "i32".to_owned(),
            Type::Integer(IntegerWidth::I64) => "i64".to_owned(),
            Type::Number(NumberWidth::F32) => "f32".to_owned(),
            Type::Number(NumberWidth::F64) => "f64".to_owned(),
            Type::Named(name) => name.to_string(),
            Type::Array(item) => format!("Vec<{}>", item.name()),
            Type::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Type::name).collect();
                format!("({},)", items.join(", "))
            }
            Type::Map { key, value } => format!("BTreeMap<{}, {}>", key.name(), value.name()),
            Type::Nullable(inner) => format!("Option<{}>", inner.name()),
            Type::Any => "serde_json::Value".to_owned(),
        }
    }
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

/// The constraints a value must meet before a request is sent. Lengths count characters. Only
/// rules that can fail are kept (no `minLength: 0`).
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
    /// What each item of a list (or value of a map) must meet.
    pub items: Option<Box<Rules>>,
    /// What each key of a map must meet (`propertyNames`, `patternProperties`).
    pub keys: Option<Box<Rules>>,
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
    pub fn_name: RustName,
    /// The static that describes it to the runtime (`RETRY_TASK_GROUP`).
    pub static_name: RustName,
    /// In `cli.rs`: the const that describes its subcommand (`RETRY_TASK_GROUP_COMMAND`), and the
    /// function that makes the call from the subcommand's flags (`retry_task_group_command`).
    pub command_const: RustName,
    pub command_fn: RustName,
    pub method: Method<String>,
    pub path_template: String,
    pub path: Vec<PathPart>,
    /// The request builder the client's method returns (`ListTasks`, in the `requests` module).
    pub request_type: RustName,
    /// Per-call parameters: the required ones, in this order, are the method's arguments; the
    /// optional ones are set on the request builder.
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub response: Response,
    /// Alternatives: any one of these authenticates the call. Empty: no authentication.
    pub auth: Vec<Auth>,
    /// Whether sending the request twice is harmless (PUT, GET, DELETE, or `x-idempotent: true`).
    pub idempotent: bool,
    /// How its answers come in pages (`x-pagination`), so that its request can read them all.
    pub pagination: Option<Pagination>,
    /// Ways to wait, by polling this operation, until what it shows reaches a state (`x-waiters`).
    pub waiters: Vec<Waiter>,
    pub docs: Vec<String>,
    /// The summary alone, for one-line help.
    pub summary: String,
    pub command: CommandSpec,
    /// The operation its success is followed by (an OpenAPI `link` to an operation with waiters):
    /// `--wait` on its command sends it, then polls that one.
    pub follow_up: Option<FollowUp>,
}

/// The operation a link leads to, and how its arguments come from this call.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// The client's method for the linked operation.
    pub target_fn: RustName,
    /// The linked operation's required arguments, in order.
    pub arguments: Vec<LinkedArgument>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkedArgument {
    pub ty: Type,
    pub source: LinkSource,
}

/// Where a linked argument's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkSource {
    /// A parameter of this call: the value of its flag (`$request.path.group_id`).
    Flag(String),
    /// A value of the answer, at a JSON pointer (`$response.body#/id`).
    Answer(String),
}

/// How an operation's answers come in pages: where a page's items are, and how the request for
/// the next page is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The response field that holds the page's items (a list).
    pub items: ResponseField,
    /// The type of one item.
    pub item: Type,
    pub next: NextPage,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// An offset input, advanced by the items each page holds, until `total` items are read when
    /// the page says how many there are, else until an empty page.
    Offset { input: InputField, start: i64, total: Option<ResponseField> },
    /// A cursor each page gives (`next`), sent back in `input`, until a page gives none, gives
    /// the same one again, or says there are no more (`more`).
    Cursor { input: InputField, next: ResponseField, more: Option<ResponseField> },
    /// A page number in `input`, one more for each page, from `start` when the request sets none,
    /// until an empty page.
    Page { input: InputField, start: i64 },
}

/// A top-level field of a response model: `page.count`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseField {
    pub rust_name: RustName,
    /// The name on the wire.
    pub wire_name: String,
    /// Held in an `Option`.
    pub optional: bool,
}

/// An input of a request builder, as the builder holds it: a parameter (`offset`) or a field of
/// its body (`body.behind_filename`).
#[derive(Debug, Clone, PartialEq)]
pub struct InputField {
    /// The path from the builder: `[offset]`, or `[body, behind_filename]`.
    pub path: Vec<RustName>,
    /// Held in an `Option`.
    pub optional: bool,
}

/// A waiter: polls its operation until the response's `state` field holds one of the success
/// states, and fails on a failure state.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Its name in the spec (`finished`).
    pub wire_name: String,
    /// The request builder's method that starts it (`wait_until_finished`).
    pub method: RustName,
    /// The static that describes it to the runtime.
    pub static_name: RustName,
    /// The response field that holds the state, as named on the wire.
    pub state: String,
    /// States as the response holds them (`6`, `"SUCCESS"`).
    pub success: Vec<serde_json::Value>,
    pub failure: Vec<serde_json::Value>,
    /// When not empty, the only other states expected.
    pub pending: Vec<serde_json::Value>,
    /// Default seconds between polls, and in all.
    pub interval_seconds: u64,
    pub timeout_seconds: u64,
    pub docs: Vec<String>,
    /// The command line's value for `--wait`: the name in kebab-case.
    pub flag_value: String,
}

/// Values as JSON text (`6`, `"SUCCESS"`), as the runtime's tables hold states.
pub fn json_texts(values: &[serde_json::Value]) -> Vec<String> {
    values.iter().map(serde_json::Value::to_string).collect()
}

/// What the command line shows while it polls an operation (`--wait`, `--watch`).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The static that describes it, named after the operation it belongs to.
    pub static_name: RustName,
    /// The response field that holds the state, as named on the wire.
    pub state: Option<String>,
    pub counters: Vec<Counter>,
    /// States in which the work is over: every waiter stops there.
    pub finished: Vec<serde_json::Value>,
    /// Those of `finished` that some waiter calls a failure.
    pub failed: Vec<serde_json::Value>,
    /// Default seconds between polls.
    pub interval_seconds: u64,
}

/// A count of the work, read from response fields (wire names).
#[derive(Debug, Clone, PartialEq)]
pub struct Counter {
    /// What it counts, as shown (`objects`).
    pub name: String,
    /// Fields whose sum is the work done.
    pub done: Vec<String>,
    /// The field that holds the whole amount.
    pub total: Option<String>,
    /// The field that counts failures.
    pub failed: Option<String>,
    /// Whether it counts bytes (shown as KiB, MiB ...).
    pub bytes: bool,
}

/// An operation's waiters, as `--wait` names them.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterFlags {
    /// The static that lists them, named after the operation they belong to.
    pub static_name: RustName,
    pub flags: Vec<WaiterFlag>,
}

/// A value of `--wait`, and the static describing its waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiterFlag {
    /// The waiter's name in kebab-case.
    pub value: String,
    pub static_name: RustName,
}

/// A group of commands in `--help`: a tag of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandGroup {
    /// As `--help` shows it: the tag's name, after its parent's for a nested tag (`Pets › Cats`).
    pub name: String,
    /// The tag's description, first line.
    pub about: String,
}

/// How the operation appears on the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommandSpec {
    /// The subcommand: the method name in kebab-case (`retry-task-group`).
    pub name: String,
    /// The group it is listed under in `--help`: its first tag.
    pub group: Option<String>,
    /// The response field that holds a list's items (for tables and `--all`), as named on the wire.
    pub items: Option<String>,
    /// The waiters `--wait` names: the operation's own, else those of the operation it is followed by.
    pub waiters: Option<WaiterFlags>,
    /// What is shown while polling (`x-progress`, and the waiters'): the operation's own, else that
    /// of the operation its links lead to.
    pub progress: Option<Progress>,
    /// Whether `--watch` polls the operation itself (it has progress of its own).
    pub watch: bool,
    /// Flags for the body's top-level fields that a flag can carry (not secrets, not objects).
    pub body_fields: Vec<BodyField>,
    /// The list the body's flags are in, when commands with the same flags share one (an API's
    /// create and update often take one body).
    pub shared_body_fields: Option<SharedBodyFields>,
}

/// A list of body flags that several commands name.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedBodyFields {
    pub static_name: RustName,
    /// Whether this command's code defines the list (the first command that has it); the others
    /// name it.
    pub defined_here: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyField {
    pub wire_name: String,
    pub flag: Flag,
}

/// A command-line flag and the kind of value it takes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flag {
    pub flag: String,
    pub help: String,
    pub kind: ValueKind,
    /// Repeated for each item of a list.
    pub repeated: bool,
    pub required: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum ValueKind {
    #[default]
    Text,
    Bool,
    Integer,
    Number,
    /// One of these values (a string enum).
    OneOf(Vec<String>),
    /// A structured value, given as JSON.
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// A client-level parameter, by wire name.
    Client(String),
    /// A per-call path parameter, by its index in `Operation::parameters`.
    Argument(usize),
    /// A query parameter the path key fixes (`/?Action=List`), sent with every call, as written.
    FixedQuery {
        name: String,
        value: String,
    },
    /// The operation's own server (its path item's or its own `servers`), first of its parts:
    /// its URL comes before the path, unless the client is configured with an endpoint.
    Server(Box<Server>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: RustName,
    pub location: Location,
    pub ty: Type,
    pub required: bool,
    pub docs: Vec<String>,
    pub rules: Rules,
    pub style: Style,
    pub passing: Passing,
    /// The request builder's setters, for an optional parameter.
    pub setters: Option<Setters>,
    /// The value a sample program passes.
    pub sample: SampleValue,
    /// Its command-line flag.
    pub flag: Flag,
    /// The value the service takes when none is sent (the schema's `default`).
    pub default: Option<serde_json::Value>,
}

impl Parameter {
    /// Its style, when it is not OpenAPI's default for its location.
    pub fn style_beyond_default(&self) -> Option<Style> {
        (self.style != Style::default_for(self.location)).then_some(self.style)
    }
}

/// How a method or setter takes a value: as it is (scalars, so that literals need no suffix), or as
/// anything that converts into it (`impl Into<String>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    Value,
    Into,
}

/// The two setters of an optional input on a request builder: `limit(10)`, and
/// `set_limit(Option<i32>)` for a value that may be absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setters {
    pub set: RustName,
    pub set_option: RustName,
}

/// A value for a sample program's call.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleValue {
    /// An optional parameter left out (one with an example is set).
    Absent,
    Bool(bool),
    /// An integer, as the parameter's type.
    Integer(i64, Type),
    Text(String),
    /// The first value of a string enum model.
    FirstOf(RustName),
    EmptyList,
    /// A value of the type read from this JSON, into the sample's local `local`.
    FromJson {
        example: serde_json::Value,
        ty: Type,
        local: RustName,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: Type,
    pub required: bool,
    pub encoding: BodyEncoding,
    /// The media type it is sent as (`application/json`, `image/png`).
    pub media_type: String,
    pub passing: Passing,
    /// The request builder's setters, for an optional body.
    pub setters: Option<Setters>,
    pub docs: Vec<String>,
    /// The spec's example body, or one made from the schema, for sample programs.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/xml`, `text/xml`, `+xml`: the value written as XML, from this root element.
    Xml(Box<XmlElement>),
    /// `application/x-www-form-urlencoded`
    Form,
    /// `multipart/form-data`: a part per property.
    Multipart,
    /// `text/*`: a string as it is.
    Text,
    /// Any other media type: bytes as they are.
    Binary,
}

/// What a call returns: its success body, and what each error status carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub body: ResponseBody,
    pub errors: Vec<ErrorResponse>,
    /// The `Accept` header: the media types of the answers read, success first (`None`: any).
    pub accept: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Empty,
    Json(Type),
    /// XML read as `ty`, from this root element.
    Xml {
        ty: Type,
        root: XmlElement,
    },
    /// `text/*`: the body as a string.
    Text,
    /// Any other media type: the raw bytes (which the request can also give as they arrive).
    Bytes,
    /// A sequence of items read one by one as they arrive, each as `item`.
    Stream {
        format: StreamFormat,
        item: Type,
    },
}

impl ResponseBody {
    /// The type the answer is read as, when it is read whole as a value (JSON or XML).
    pub fn typed(&self) -> Option<&Type> {
        match self {
            ResponseBody::Json(ty) | ResponseBody::Xml { ty, .. } => Some(ty),
            _ => None,
        }
    }
}

/// How a streamed answer is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    /// `text/event-stream`: server-sent events whose data is JSON of the item type.
    Events,
    /// `text/event-stream` whose events' data is text, taken as it is (the item type is `String`).
    TextEvents,
    /// `application/jsonl`, `application/x-ndjson`: a JSON document per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): JSON documents each after a record separator.
    JsonSeq,
}

impl StreamFormat {
    /// Whether its items are server-sent events (with names, ids and retry times).
    pub fn is_events(self) -> bool {
        matches!(self, StreamFormat::Events | StreamFormat::TextEvents)
    }
}

/// A non-2xx response the spec describes: `404`, `4XX` or `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: Status,
    pub description: String,
    /// The Rust type of its body, if it has one.
    pub body: Option<Type>,
    /// Its body is XML (else JSON).
    pub xml: bool,
}

/// An element of an XML body: its root, or each item of a list. The XML types are what the
/// runtime's XML tables are made of: OpenAPI's `xml` objects with their defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlElement {
    pub name: XmlName,
    pub value: XmlValue,
}

/// A name in XML, with the namespace and prefix the spec gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlName {
    pub local: String,
    pub namespace: Option<String>,
    pub prefix: Option<String>,
}

/// What an XML element holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlValue {
    /// Text, read as this kind of scalar.
    Text(XmlScalar),
    /// A model's fields, as its table says.
    Model(RustName),
    /// A list of elements `item`: within an element of the field's name when `wrapped`, else
    /// directly in the parent (a list that is an element's whole value is always within it).
    List { wrapped: bool, item: Box<XmlElement> },
    /// A map: an element per key.
    Map(Box<XmlValue>),
    /// Any value.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlScalar {
    String,
    Integer,
    Number,
    Boolean,
}

/// A model's XML table: its fields in the spec's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlTable {
    pub fields: Vec<XmlField>,
    /// How elements no field names are read, for a model with properties beyond the named ones.
    pub others: Option<XmlValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlField {
    /// The field's name in the model's JSON form.
    pub wire_name: String,
    /// Its element's or attribute's name (a wrapped list's wrapper).
    pub name: XmlName,
    pub node: XmlNode,
    pub value: XmlValue,
}

/// Which part of its model's element a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlNode {
    Element,
    Attribute,
    /// The element's own text (OpenAPI 3.2's `nodeType: text`).
    Text,
}

/// The statuses a response describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// One status (`404`).
    Code(u16),
    /// A class of statuses by first digit (`4XX` is `Range(4)`).
    Range(u16),
    /// Every status the others do not describe.
    Default,
}

impl std::fmt::Display for Status {
    /// As the spec writes it: `404`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// A way a call proves who makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// An API key or token sent as the header, query parameter or cookie `name`. `scheme` is the
    /// security scheme's name, by which keys are given when an operation needs several.
    ApiKey { scheme: String, location: Location, name: String },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect schemes).
    Bearer,
    /// `Authorization: Basic` with a user name and password (HTTP basic).
    Basic,
    /// The request signed with an access key pair, by the platform's algorithm.
    Signature,
    /// Every one of these at once (a security requirement naming several schemes).
    All(Vec<Auth>),
}
