//! String enums: the trait impls every generated one shares, written once as a macro.

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name}: expected one of {}", expected.join(", "))]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
    pub expected: Vec<&'static str>,
}

/// The trait impls of a generated string enum, which has `ALL` and `as_str`. With a second name,
/// the enum is open: that variant holds values the spec does not list, so a response carrying a
/// new value still parses, while sending one fails validation.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|known| known.as_str() == value).ok_or_else(|| $crate::UnknownValue {
                    type_name: ::std::stringify!($name),
                    value: ::std::borrow::ToOwned::to_owned(value),
                    expected: Self::ALL.iter().map(|known| known.as_str()).collect(),
                })
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::codegen::serde::Deserialize>::deserialize(deserializer)?;
                value.parse().map_err(<D::Error as $crate::codegen::serde::de::Error>::custom)
            }
        }

        impl $crate::codegen::Checked for $name {
            fn check(&self, _: &mut $crate::codegen::Validator, _: &[$crate::codegen::Rule]) {}
        }

        $crate::string_enum!(@common $name);
    };
    ($name:ident, $other:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                let known = Self::ALL.into_iter().find(|known| known.as_str() == value);
                ::std::result::Result::Ok(known.unwrap_or_else(|| $name::$other(::std::borrow::ToOwned::to_owned(value))))
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as $crate::codegen::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(value.parse().unwrap_or_else(|never| match never {}))
            }
        }

        impl $crate::codegen::Checked for $name {
            fn check(&self, v: &mut $crate::codegen::Validator, _: &[$crate::codegen::Rule]) {
                if let $name::$other(_) = self {
                    v.unknown_value(&Self::ALL.iter().map(|known| known.as_str()).collect::<::std::vec::Vec<_>>());
                }
            }
        }

        $crate::string_enum!(@common $name);
    };
    (@common $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::codegen::ToArgument for $name {
            fn to_argument(&self) -> $crate::codegen::ArgumentValue {
                $crate::codegen::ArgumentValue::One(::std::borrow::ToOwned::to_owned(self.as_str()))
            }
        }
    };
}
