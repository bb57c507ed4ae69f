//! The hand-written runtime the generated code (in `src/api`) stands on: configuration, transport,
//! authentication, validation and errors. Generated code describes; this module does.

#[cfg(feature = "cli")]
pub mod cli;
mod config;
mod error;
mod operation;
mod path;
mod retry;
mod secret;
pub mod signer;
mod transport;
mod validate;

pub use config::{
    AccessKey, Config, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, env,
};
pub use error::{Error, ServiceError};
pub use operation::{
    Argument, ArgumentValue, Auth, Body, Call, ClientParameter, Location, Method, Operation, PathPart, Server,
    ServerVariable, Service, ToArgument,
};
pub use path::UNRESERVED;
pub use retry::{RETRYABLE_STATUSES, RetryPolicy};
pub use secret::{MASK, Secret, redacted};
pub use transport::{Response, Runtime};
pub use validate::{Checked, Rule, ValidationError, Validator, Violation};

/// The Debug output of a `T` read from `json`; see the generated `models::debug_model`.
#[doc(hidden)]
pub fn debug_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    json: serde_json::Value,
) -> Result<String, serde_json::Error> {
    serde_json::from_value::<T>(json).map(|value| format!("{value:?}"))
}

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name}: expected one of {}", expected.join(", "))]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
    pub expected: Vec<&'static str>,
}

/// The trait impls of a generated string enum, which has `ALL` and `as_str`. With a second name,
/// the enum is open: that variant holds values the spec does not list.
// Unused when a spec has no string enum.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = $crate::runtime::UnknownValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|known| known.as_str() == value).ok_or_else(|| $crate::runtime::UnknownValue {
                    type_name: stringify!($name),
                    value: value.to_owned(),
                    expected: Self::ALL.iter().map(|known| known.as_str()).collect(),
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                value.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $crate::runtime::Checked for $name {
            fn check(&self, _: &mut $crate::runtime::Validator, _: &[$crate::runtime::Rule]) {}
        }

        $crate::runtime::string_enum!(@common $name);
    };
    ($name:ident, $other:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                let known = Self::ALL.into_iter().find(|known| known.as_str() == value);
                ::std::result::Result::Ok(known.unwrap_or_else(|| $name::$other(value.to_owned())))
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                ::std::result::Result::Ok(value.parse().unwrap_or_else(|never| match never {}))
            }
        }

        impl $crate::runtime::Checked for $name {
            fn check(&self, v: &mut $crate::runtime::Validator, _: &[$crate::runtime::Rule]) {
                if let $name::$other(_) = self {
                    v.unknown_value(&Self::ALL.iter().map(|known| known.as_str()).collect::<::std::vec::Vec<_>>());
                }
            }
        }

        $crate::runtime::string_enum!(@common $name);
    };
    (@common $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::runtime::ToArgument for $name {
            fn to_argument(&self) -> $crate::runtime::ArgumentValue {
                $crate::runtime::ArgumentValue::One(self.as_str().to_owned())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;
