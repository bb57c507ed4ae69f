//! What generated models share, written once: the trait impls of string enums and of tagged
//! unions, as macros generated code invokes with a table.

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {type_name}: expected one of {}", expected.join(", "))]
pub struct UnknownValue {
    pub type_name: &'static str,
    pub value: String,
    pub expected: Vec<&'static str>,
}

/// Everything a generated string enum has beyond its definition, from a table of its variants
/// and the values they stand for: `ALL`, `as_str`, parsing, serde and validation. With `else` and
/// a variant name, the enum is open: that variant holds values the spec does not list, so a
/// response carrying a new value still parses, while sending one fails validation.
///
/// ```ignore
/// string_enum!(CryptoType { Default = "DEFAULT", Kms = "KMS" } else Unknown);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const ALL: [$name; [$($wire),*].len()] = [$($name::$variant),*];

            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownValue;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
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
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? } else $other:ident) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const ALL: [$name; [$($wire),*].len()] = [$($name::$variant),*];

            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::$other(value) => value,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
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
        // By the value on the wire, so that the enum can key a map (`propertyNames` naming it).
        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(self.as_str(), other.as_str())
            }
        }

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
    };
}

/// The trait impls of a generated union told apart by a property (`oneOf` with a
/// `discriminator`): each variant with the tag values that select it, the first being the one it
/// is sent with. A tag the spec does not list is kept whole in the `Unknown` variant, so a
/// response naming a new kind still parses; sending one fails validation.
#[doc(hidden)]
#[macro_export]
macro_rules! tagged_union {
    ($name:ident, $property:literal, [$($variant:ident => [$first:literal $(, $tag:literal)*]),* $(,)?] default $default:ident) => {
        $crate::tagged_union!(@read $name, $property, [$($variant => [$first $(, $tag)*]),*], |value| {
            if value.get($property).is_none() {
                return $crate::codegen::serde_json::from_value(value).map($name::$default);
            }
        });
        $crate::tagged_union!(@common $name, $property, [$($variant => [$first $(, $tag)*]),*]);
    };
    ($name:ident, $property:literal, [$($variant:ident => [$first:literal $(, $tag:literal)*]),* $(,)?]) => {
        $crate::tagged_union!(@read $name, $property, [$($variant => [$first $(, $tag)*]),*], |_value| {});
        $crate::tagged_union!(@common $name, $property, [$($variant => [$first $(, $tag)*]),*]);
    };
    (@read $name:ident, $property:literal, [$($variant:ident => [$first:literal $(, $tag:literal)*]),*], |$value:ident| $untagged:block) => {
        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::codegen::serde_json::Value as $crate::codegen::serde::Deserialize>::deserialize(deserializer)?;
                let read = |$value: $crate::codegen::serde_json::Value| -> ::std::result::Result<Self, $crate::codegen::serde_json::Error> {
                    $untagged
                    let tag = $value.get($property).and_then(|tag| tag.as_str());
                    match tag {
                        $(::std::option::Option::Some($first $(| $tag)*) => $crate::codegen::serde_json::from_value($value).map($name::$variant),)*
                        _ => ::std::result::Result::Ok($name::Unknown($value)),
                    }
                };
                read(value).map_err(<D::Error as $crate::codegen::serde::de::Error>::custom)
            }
        }
    };
    (@common $name:ident, $property:literal, [$($variant:ident => [$first:literal $(, $tag:literal)*]),*]) => {

        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(inner) => $crate::codegen::serialize_tagged(inner, $property, $first, serializer),)*
                    $name::Unknown(value) => $crate::codegen::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl $crate::codegen::Checked for $name {
            fn check(&self, v: &mut $crate::codegen::Validator, _: &[$crate::codegen::Rule]) {
                match self {
                    $($name::$variant(inner) => $crate::codegen::Checked::check(inner, v, &[]),)*
                    $name::Unknown(_) => v.unknown_kind(),
                }
            }
        }
    };
}

/// The serde impls of a generated union told apart by its shape (`oneOf`/`anyOf` without a
/// property naming the variant): written as the variant's value; read as the first variant the
/// value reads as, preferring one that knows every enum value in it. An open enum reads any text,
/// so without the preference a value of a later variant could read as an earlier one whose enum
/// merely holds an unknown value.
#[doc(hidden)]
#[macro_export]
macro_rules! untagged_union {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $($name::$variant(value) => $crate::codegen::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::codegen::serde_json::Value as $crate::codegen::serde::Deserialize>::deserialize(deserializer)?;
                let readers: &[$crate::codegen::ReadVariant<$name>] =
                    &[$(|value| $crate::codegen::serde_json::from_value(value).map($name::$variant)),*];
                $crate::codegen::first_fitting(value, readers, ::std::stringify!($name))
                    .map_err(<D::Error as $crate::codegen::serde::de::Error>::custom)
            }
        }
    };
}

/// Reads a JSON value as one variant of a union.
#[doc(hidden)]
pub type ReadVariant<T> = fn(serde_json::Value) -> Result<T, serde_json::Error>;

/// The first of `readers` that reads `value` and knows every enum value in what it read; else the
/// first that reads it at all.
#[doc(hidden)]
pub fn first_fitting<T: crate::validate::Checked>(
    value: serde_json::Value,
    readers: &[ReadVariant<T>],
    name: &str,
) -> Result<T, String> {
    let mut fallback = None;
    for read in readers {
        let Ok(candidate) = read(value.clone()) else { continue };
        if crate::validate::Validator::knows_every_value(&candidate) {
            return Ok(candidate);
        }
        fallback.get_or_insert(candidate);
    }
    fallback.ok_or_else(|| format!("the value fits none of the alternatives of {name}"))
}

/// Serializes `inner` with `property` set to `tag` (when `inner` does not set it itself).
#[doc(hidden)]
pub fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
    inner: &T,
    property: &str,
    tag: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(inner).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(fields) = &mut value {
        fields.entry(property).or_insert_with(|| serde_json::Value::String(tag.to_owned()));
    }
    serde::Serialize::serialize(&value, serializer)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Colour {
        Red,
        Unknown(String),
    }
    string_enum!(Colour { Red = "red" } else Unknown);

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Size {
        Small,
        Unknown(String),
    }
    string_enum!(Size { Small = "small" } else Unknown);

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Paint {
        value: Colour,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Fit {
        value: Size,
    }

    impl crate::validate::Checked for Paint {
        fn check(&self, v: &mut crate::validate::Validator, _: &[crate::validate::Rule]) {
            v.field("value", &self.value, &[]);
        }
    }

    impl crate::validate::Checked for Fit {
        fn check(&self, v: &mut crate::validate::Validator, _: &[crate::validate::Rule]) {
            v.field("value", &self.value, &[]);
        }
    }

    #[derive(Debug)]
    enum Choice {
        Paint(Paint),
        Fit(Fit),
    }
    untagged_union!(Choice { Paint, Fit });

    impl crate::validate::Checked for Choice {
        fn check(&self, v: &mut crate::validate::Validator, rules: &[crate::validate::Rule]) {
            match self {
                Choice::Paint(paint) => paint.check(v, rules),
                Choice::Fit(fit) => fit.check(v, rules),
            }
        }
    }

    #[test]
    fn an_untagged_union_prefers_the_variant_that_knows_the_value() {
        let read = |json: &str| serde_json::from_str::<Choice>(json).expect("reads");
        assert!(matches!(read(r#"{"value": "red"}"#), Choice::Paint(_)));
        // Both open enums read "small"; only the second knows it.
        assert!(matches!(read(r#"{"value": "small"}"#), Choice::Fit(_)));
        // Neither knows "large": the first that reads it.
        assert!(matches!(read(r#"{"value": "large"}"#), Choice::Paint(Paint { value: Colour::Unknown(_) })));
        let written = serde_json::to_string(&read(r#"{"value": "small"}"#)).expect("writes");
        assert_eq!(written, r#"{"value":"small"}"#, "written as the variant's value");
        let error = serde_json::from_str::<Choice>("[1]").expect_err("fits neither");
        assert!(error.to_string().contains("fits none of the alternatives of Choice"), "{error}");
    }
}
