//! The runtime generated API clients stand on: configuration, credentials, transport, retries,
//! validation, errors and the command line's machinery.
//!
//! Generated code describes each service and operation as static tables (the [`codegen`] module,
//! not part of the public API); this crate does the work. What differs between clouds (request
//! signing, error shapes, default credentials) is behind the [`Platform`] trait, implemented by
//! crates of their own.
//!
//! Features: `cli`, the command line's machinery; `xml`, reading and writing XML bodies (a
//! generated crate turns it on when its spec has any); `test-util`, mock clients for tests; `ring`
//! (the default) or `aws-lc-rs`, the TLS crypto provider.

// Layering, from the bottom: each module uses only those after its arrow, all of them listed
// before it, so no two modules use each other, directly or through others.
//
// secret, path, environment, future, webhook, xml -> nothing of this crate
// validate -> secret
// models -> validate
// objects -> validate
// error -> validate, xml
// byte_stream -> error
// http_answer -> error, xml
// recordings -> error, http_answer, secret
// mocks -> error, http_answer, recordings
// events, json_stream -> byte_stream, error
// binary -> validate
// body -> binary, xml
// credentials -> error, future, secret
// retry -> error
// paginate -> error, future
// platform -> credentials, environment, error, future
// tables -> platform, validate
// argument -> path, tables
// config -> credentials, environment, mocks, retry, secret, tables
// call -> argument, binary, body, error, mocks, path, tables, validate, xml
// The phases of a request:
// endpoint -> config, environment, error, platform, tables
// http -> config, error, tables
// client_parameters -> config, credentials, error, path, platform, tables, validate
// response -> byte_stream, error, events, json_stream, platform, retry, xml
// prepare -> argument, binary, body, call, client_parameters, error, http, mocks, path, platform, tables
// auth -> credentials, error, http, platform, prepare, tables
// runtime -> client_parameters, config, credentials, endpoint, environment, error, http, mocks, platform, retry, tables
// send -> auth, call, error, future, http, mocks, prepare, response, runtime, tables
// request -> byte_stream, call, error, future, mocks, objects, response, runtime, send, xml
// mock -> http_answer, mocks, recordings, request
// wait -> error, future, request
// cli -> any of the above; none of them uses it (its own layers are in cli/mod.rs)

mod argument;
mod auth;
mod binary;
mod body;
mod byte_stream;
mod call;
#[cfg(feature = "cli")]
pub mod cli;
mod client_parameters;
mod config;
mod credentials;
mod endpoint;
mod environment;
mod error;
mod events;
mod future;
mod http;
#[cfg(feature = "test-util")]
mod http_answer;
mod json_stream;
#[cfg(feature = "test-util")]
pub mod mock;
#[cfg(feature = "test-util")]
mod mocks;
mod models;
mod objects;
mod paginate;
mod path;
mod platform;
mod prepare;
#[cfg(feature = "test-util")]
mod recordings;
mod request;
mod response;
mod retry;
mod runtime;
mod secret;
mod send;
mod tables;
mod validate;
mod wait;
mod webhook;
mod xml;

pub use binary::Binary;
pub use byte_stream::ByteStream;
pub use config::{Config, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use credentials::{
    AccessKey, Credentials, Expiring, FetchCredentials, ProvideCredentials, REFRESH_AHEAD, Refreshing, empty_credential,
};
pub use environment::Environment;
pub use error::{Error, ServiceError, WaitError};
pub use events::{Event, EventStream};
pub use future::BoxFuture;
pub use http::client_builder as http_client_builder;
pub use json_stream::JsonStream;
pub use models::UnknownValue;
pub use paginate::{Items, Pages, Paginated};
pub use path::UNRESERVED;
pub use platform::{CredentialSettings, Discovery, Generic, Platform, SigningRequest};
pub use retry::{RETRYABLE_STATUSES, RetryPolicy};
pub use secret::{MASK, Secret, redacted};
pub use tables::ServerVariable;
pub use validate::{ValidationError, Violation};
pub use wait::{Pollable, Waiter};
pub use webhook::WebhookError;
pub use xml::Xml;

/// What generated code is written against. Not part of the public API: it changes with the
/// generator.
#[doc(hidden)]
pub mod codegen {
    pub use crate::argument::ArgumentValue;
    pub use crate::body::{Body, JSON};
    pub use crate::call::Call;
    pub use crate::future::BoxFuture;
    pub use crate::models::{ReadVariant, first_fitting, serialize_tagged};
    pub use crate::paginate::{next_cursor, next_offset, next_page};
    pub use crate::request::{Request, XmlAnswer, download, send};
    pub use crate::response::{Receive, Response};
    pub use crate::runtime::Runtime;
    pub use crate::tables::{
        Argument, Auth, ClientParameter, Location, Method, Operation, PathPart, Server, ServerVariable, Service, Style,
        Variable,
    };
    pub use crate::validate::{Checked, Rule, Validator};
    pub use crate::wait::Waiting;
    pub use crate::webhook::{WebhookError, webhook_body, webhook_tag};
    pub use crate::xml::{Xml, XmlElement, XmlField, XmlName, XmlNode, XmlScalar, XmlTable, XmlValue};
    pub use crate::{Binary, ByteStream, Config, Error, Event, EventStream, Generic, JsonStream, Secret};
    pub use crate::{Items, Pages, Paginated, Pollable, Waiter};
    pub use crate::{object, setters, string_enum, tagged_union, untagged_union};
    pub use {serde, serde_json};

    /// What the [`object!`](crate::object) macro's impls call.
    pub mod objects {
        pub use crate::objects::*;
    }

    /// The Debug output of a `T` read from `json`: generated crates' `test-util` feature lists
    /// every model through it, so tests can check them all for leaked secrets.
    #[cfg(feature = "test-util")]
    pub fn debug_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        json: serde_json::Value,
    ) -> Result<String, serde_json::Error> {
        serde_json::from_value::<T>(json).map(|value| format!("{value:?}"))
    }
}
