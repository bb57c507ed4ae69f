//! The serde impls of generated structs, written once: the [`object!`](crate::object) macro gives a
//! struct its table of fields (presence, Rust name, name on the wire), and the code here reads and
//! writes the object from it.
//!
//! What serde's derive would give, with less code per struct: a field is read by name and the value
//! straight into its type, a field given twice is refused, an unknown one skipped (or kept, where
//! the struct holds the properties beyond its named ones), and a missing one is an error unless its
//! type reads "nothing" (an `Option`). An object is read from a map only, never from an array.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A generated struct, read from an object field by field.
#[doc(hidden)]
pub trait Object: Sized {
    /// The struct's name, for errors.
    const NAME: &'static str;
    /// Its fields' names on the wire, in order.
    const FIELDS: &'static [&'static str];

    /// Reads the fields of one object from `map`.
    fn read_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T::deserialize`: an object read field by field.
#[doc(hidden)]
pub fn read_object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_fields(map)
    }
}

/// A property's name as read: borrowed from the input where the input allows.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(name)))
    }

    #[inline]
    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name.to_owned())))
    }

    #[inline]
    fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(name)))
    }

    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(String::from_utf8_lossy(name).into_owned())))
    }
}

/// Reads the value of the field `name` into `slot`; a second value for it is an error.
#[doc(hidden)]
#[inline]
pub fn read_field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Where the properties a struct does not define go: [`Skip`], or the map of a struct that keeps
/// the properties beyond its named ones.
#[doc(hidden)]
pub trait Others<'de> {
    /// Reads the value of the property `key`.
    fn read_value<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error>;
}

/// Reads past the values of properties the struct does not define.
#[doc(hidden)]
pub struct Skip;

impl<'de> Others<'de> for Skip {
    #[inline]
    fn read_value<A: MapAccess<'de>>(&mut self, map: &mut A, _: Key<'de>) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }
}

impl<'de, V: Deserialize<'de>> Others<'de> for BTreeMap<String, V> {
    #[inline]
    fn read_value<A: MapAccess<'de>>(&mut self, map: &mut A, key: Key<'de>) -> Result<(), A::Error> {
        let value = map.next_value()?;
        self.insert(key.0.into_owned(), value);
        Ok(())
    }
}

/// What a field ends as once the object is read, by its presence: the `object!` macro calls the
/// function of the field's presence with what was read (`None` when the field was absent).
#[doc(hidden)]
pub mod finish {
    use super::*;

    /// A required field: an error when absent, unless its type reads "nothing" (an `Option`).
    #[inline]
    pub fn required<'de, T: Deserialize<'de>, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        match slot {
            Some(value) => Ok(value),
            None => T::deserialize(Absent(name, PhantomData)),
        }
    }

    /// A nullable field: like a required one, `None` when absent.
    #[inline]
    pub fn nullable<'de, T: Deserialize<'de>, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        required(slot, name)
    }

    /// An optional field: its default (`None`) when absent.
    #[inline]
    pub fn optional<T: Default, E>(slot: Option<T>, _: &'static str) -> Result<T, E> {
        Ok(slot.unwrap_or_default())
    }

    /// A field only the service sets: read as an optional one.
    #[inline]
    pub fn read_only<T: Default, E>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        optional(slot, name)
    }
}

/// The value of an absent field: nothing for an `Option`, else the error naming the field.
struct Absent<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Writes a generated struct as an object, field by field, each by its presence.
#[doc(hidden)]
pub struct ObjectWriter<M>(M);

impl<M: SerializeMap> ObjectWriter<M> {
    #[inline]
    pub fn new<S: Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(ObjectWriter)
    }

    /// A required field: always written.
    #[inline]
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// A nullable field: always written, `None` as `null`.
    #[inline]
    pub fn nullable<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// An optional field: written when set.
    #[inline]
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(_) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// A field only the service sets: never written.
    #[inline]
    pub fn read_only<T>(&mut self, _: &'static str, _: &T) -> Result<(), M::Error> {
        Ok(())
    }

    /// The properties beyond the named ones, after them.
    #[inline]
    pub fn others<V: Serialize>(&mut self, others: &BTreeMap<String, V>) -> Result<(), M::Error> {
        others.iter().try_for_each(|(name, value)| self.0.serialize_entry(name, value))
    }

    #[inline]
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// Whether a field is given, by its presence: what `dependentRequired` checks (the `requires`
/// clause of [`object!`](crate::object)).
#[doc(hidden)]
pub mod given {
    /// A field held in an `Option`: given when set.
    #[inline]
    pub fn optional<T>(value: &Option<T>) -> bool {
        value.is_some()
    }

    /// A field held as a plain value: always given.
    #[inline]
    pub fn required<T>(_: &T) -> bool {
        true
    }
}

/// The setter `SETTER` of the optional field `FIELD`, with the docs `DOC` (any expression a
/// `#[doc]` takes), for `object!` and the request builders' `setters!`. `MODE` is how it takes the
/// value: `into` anything that converts into `TYPE`, or `value` a `TYPE`; `into_boxed` and
/// `value_boxed` box it, for a field that holds its type through a `Box`.
///
/// ```ignore
/// setter!(" Sets `name`.", name, name, into String);
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! setter {
    ($doc:expr, $field:ident, $setter:ident, into $ty:ty) => {
        #[doc = $doc]
        pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($doc:expr, $field:ident, $setter:ident, value $ty:ty) => {
        #[doc = $doc]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
    ($doc:expr, $field:ident, $setter:ident, into_boxed $ty:ty) => {
        #[doc = $doc]
        pub fn $setter(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(::std::boxed::Box::new(value.into()));
            self
        }
    };
    ($doc:expr, $field:ident, $setter:ident, value_boxed $ty:ty) => {
        #[doc = $doc]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(::std::boxed::Box::new(value));
            self
        }
    };
}

/// Everything a generated struct gets beside its definition, from one table of its fields in order.
///
/// Each field has its presence (`required`, `optional`, `nullable` or `read_only`) and its name on
/// the wire, then, where it has them:
/// - `set(MODE TYPE)`: a chaining setter named as the field, or `set NAME(MODE TYPE)` one named
///   otherwise; `MODE` is `into` (takes `impl Into<TYPE>`) or `value` (takes a `TYPE`), with
///   `_boxed` where the field holds a `Box`;
/// - `check[RULE, ...]`: the rules its value is validated against, each a [`Rule`](crate::codegen::Rule)
///   variant (a field without is not checked).
///
/// After the fields, where the struct has them:
/// - `else NAME`: the map that holds the properties beyond the named ones, optionally with
///   `check[...]`: the rules the map is validated against;
/// - `new(NAME: TYPE, ...)`: a constructor taking the required fields, every other one unset;
/// - `requires "wire" KIND field => ["wire" KIND field, ...]`, repeated: `dependentRequired`, each
///   field `optional` (held in an `Option`) or `required`.
///
/// The struct gets its serde impls, [`Checked`](crate::codegen::Checked), and an inherent impl with
/// the constructor and setters.
///
/// ```ignore
/// object!(Task {
///     required id = "id" check[MaxLength(36)],
///     optional name = "name" set(into String)
/// } new(id: String));
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! object {
    (@others) => { $crate::codegen::objects::Skip };
    (@others $others:ident) => { ::std::collections::BTreeMap::new() };
    (@init required $field:ident) => { $field.into() };
    (@init $presence:ident $field:ident) => { ::std::option::Option::None };
    (@new $name:ident [$($presence:ident $field:ident),*] [$($others:ident)?]) => {};
    (@new $name:ident [$($presence:ident $field:ident),*] [$($others:ident)?] ($($param:ident: $ty:ty),*)) => {
        #[doc = ::std::concat!(
            " A `", ::std::stringify!($name), "` with the required fields set and every optional field unset."
        )]
        pub fn new($($param: impl ::std::convert::Into<$ty>),*) -> Self {
            $name {
                $($field: $crate::object!(@init $presence $field),)*
                $($others: ::std::default::Default::default(),)?
            }
        }
    };
    (@set $wire:literal $field:ident [] $pass:ident $ty:ty) => {
        $crate::object!(@set $wire $field [$field] $pass $ty);
    };
    (@set $wire:literal $field:ident [$setter:ident] $pass:ident $ty:ty) => {
        $crate::setter!(::std::concat!(" Sets `", $wire, "`."), $field, $setter, $pass $ty);
    };
    (
        $name:ident {
            $(
                $presence:ident $field:ident = $wire:literal
                $(set $($setter:ident)?($pass:ident $setter_ty:ty))?
                $(check[$($rule:ident($($rule_argument:tt)*)),* $(,)?])?
            ),* $(,)?
        }
        $(else $others:ident $(check[$($others_rule:ident($($others_rule_argument:tt)*)),* $(,)?])?)?
        $(new($($param:ident: $param_ty:ty),* $(,)?))?
        $(requires $dependent:literal $dependent_kind:ident $dependent_field:ident
            => [$($required:literal $required_kind:ident $required_field:ident),* $(,)?])*
    ) => {
        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // a struct without fields writes none
                let mut object = $crate::codegen::objects::ObjectWriter::new(serializer)?;
                $(object.$presence($wire, &self.$field)?;)*
                $(object.others(&self.$others)?;)?
                object.end()
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::codegen::objects::read_object(deserializer)
            }
        }

        impl $crate::codegen::objects::Object for $name {
            const NAME: &'static str = ::std::stringify!($name);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn read_fields<'de, A: $crate::codegen::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                let mut others = $crate::object!(@others $($others)?);
                while let ::std::option::Option::Some(key) =
                    $crate::codegen::serde::de::MapAccess::next_key::<$crate::codegen::objects::Key<'de>>(&mut map)?
                {
                    match key.as_str() {
                        $($wire => $crate::codegen::objects::read_field(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::codegen::objects::Others::read_value(&mut others, &mut map, key)?,
                    }
                }
                // One binding each, so that an early return drops what is read so far in one chain,
                // not a chain per field (which made a struct of a thousand fields take LLVM minutes).
                $(let $field = $crate::codegen::objects::finish::$presence::<_, A::Error>($field, $wire)?;)*
                ::std::result::Result::Ok(Self { $($field,)* $($others: others,)? })
            }
        }

        impl $crate::codegen::Checked for $name {
            #[allow(unused_variables)] // a struct with nothing to check
            fn check(&self, v: &mut $crate::codegen::Validator, _rules: &[$crate::codegen::Rule]) {
                $($(v.field($wire, &self.$field, &[$($crate::codegen::Rule::$rule($($rule_argument)*)),*]);)?)*
                $($(v.field(
                    "additionalProperties",
                    &self.$others,
                    &[$($crate::codegen::Rule::$others_rule($($others_rule_argument)*)),*],
                );)?)?
                $(v.requires(
                    $dependent,
                    $crate::codegen::objects::given::$dependent_kind(&self.$dependent_field),
                    &[$(($required, $crate::codegen::objects::given::$required_kind(&self.$required_field))),*],
                );)*
            }
        }

        impl $name {
            $crate::object!(@new $name [$($presence $field),*] [$($others)?] $(($($param: $param_ty),*))?);
            $($($crate::object!(@set $wire $field [$($setter)?] $pass $setter_ty);)?)*
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use crate::validate::{Checked, Rule, Validator};

    #[derive(Debug, Clone, PartialEq)]
    struct Task {
        id: String,
        r#type: Option<String>,
        size: Option<i64>,
        parent: Option<Box<Task>>,
        created: Option<String>,
        note: Option<String>,
    }

    object!(Task {
        required id = "id" check[MaxLength(4)],
        optional r#type = "type" set kind(into String),
        optional size = "size" set(value i64) check[Minimum(1.0)],
        optional parent = "parent" set(into_boxed Task) check[],
        read_only created = "created",
        nullable note = "note"
    } new(id: String));

    #[derive(Debug, Clone, PartialEq)]
    struct Labels {
        name: String,
        others: BTreeMap<String, i64>,
    }

    object!(Labels { required name = "name" } else others check[EachItem(&[Rule::Maximum(9.0)])] new(name: String));

    #[derive(Debug, Clone, PartialEq, Default)]
    struct Card {
        number: Option<String>,
        cvc: Option<String>,
        holder: String,
        child: Option<Box<Card>>,
    }

    object!(Card {
        optional number = "number",
        optional cvc = "cvc",
        required holder = "holder",
        optional child = "child" set(value_boxed Card) check[]
    }
    requires "number" optional number => ["cvc" optional cvc, "holder" required holder]
    requires "cvc" optional cvc => ["number" optional number]);

    #[derive(Debug, PartialEq)]
    struct Empty {}

    object!(Empty {});

    fn task(id: &str) -> Task {
        Task::new(id)
    }

    /// Every broken rule of `value`, as "field: rule".
    fn violations<T: Checked>(value: &T) -> Vec<String> {
        let mut validator = Validator::new();
        validator.field("body", value, &[]);
        match validator.finish("Test") {
            Ok(()) => Vec::new(),
            Err(error) => error.violations.iter().map(|v| format!("{}: {}", v.field, v.rule)).collect(),
        }
    }

    #[test]
    fn new_sets_the_required_fields_and_leaves_the_others_unset() {
        let task = Task::new("t1");
        assert_eq!(task.id, "t1");
        assert_eq!((task.r#type, task.size, task.parent, task.created, task.note), (None, None, None, None, None));
        let labels = Labels::new("n");
        assert_eq!((labels.name.as_str(), labels.others.len()), ("n", 0));
    }

    #[test]
    fn setters_take_their_value_in_each_mode_and_box_where_the_field_does() {
        let task = Task::new("t1").kind("copy").size(3).parent(Task::new("t0"));
        assert_eq!(task.r#type.as_deref(), Some("copy"), "a setter may have a name of its own");
        assert_eq!(task.size, Some(3));
        assert_eq!(task.parent, Some(Box::new(Task::new("t0"))));
        let card = Card::default().child(Card::default());
        assert_eq!(card.child, Some(Box::new(Card::default())));
    }

    #[test]
    fn checks_follow_the_table_and_reach_nested_structs() {
        assert!(violations(&Task::new("t1")).is_empty());
        let task = Task::new("t12345").size(0).parent(Task::new("t0").size(-1));
        assert_eq!(
            violations(&task),
            [
                "body.id: must be at most 4 characters long (is 6)",
                "body.size: must be at least 1",
                "body.parent.size: must be at least 1",
            ]
        );
        let mut labels = Labels::new("n");
        labels.others.insert("a".to_owned(), 10);
        assert_eq!(violations(&labels), ["body.additionalProperties[\"a\"]: must be at most 9"]);
    }

    #[test]
    fn requires_checks_a_dependency_only_when_its_field_is_given() {
        assert!(violations(&Card::default()).is_empty());
        let card = Card { number: Some("4242".to_owned()), ..Card::default() };
        assert_eq!(violations(&card), ["body.cvc: is required when `number` is given"]);
        let card = Card { cvc: Some("123".to_owned()), ..Card::default() };
        assert_eq!(violations(&card), ["body.number: is required when `cvc` is given"]);
    }

    #[test]
    fn a_struct_is_written_by_presence_in_field_order() {
        let mut written = task("t1");
        written.size = Some(3);
        written.created = Some("yesterday".to_owned());
        let json = serde_json::to_string(&written).expect("writes");
        // Optional fields left out when unset, read-only ones never, nullable ones always.
        assert_eq!(json, r#"{"id":"t1","size":3,"note":null}"#);
        written.r#type = Some("copy".to_owned());
        written.parent = Some(Box::new(task("t0")));
        let json = serde_json::to_string(&written).expect("writes");
        assert_eq!(json, r#"{"id":"t1","type":"copy","size":3,"parent":{"id":"t0","note":null},"note":null}"#);
    }

    #[test]
    fn a_struct_reads_back_what_it_wrote_from_text_and_from_a_value() {
        let mut original = task("t1");
        original.r#type = Some("copy".to_owned());
        original.parent = Some(Box::new(task("t0")));
        original.note = Some("n".to_owned());
        let text = serde_json::to_string(&original).expect("writes");
        assert_eq!(serde_json::from_str::<Task>(&text).expect("reads text"), original);
        let value = serde_json::to_value(&original).expect("writes");
        assert_eq!(serde_json::from_value::<Task>(value).expect("reads a value"), original);
    }

    #[test]
    fn reading_skips_unknown_keys_and_takes_read_only_and_escaped_ones() {
        let read: Task =
            serde_json::from_str(r#"{"extra":{"deep":[1,2]},"i\u0064":"t1","created":"today","note":null}"#)
                .expect("reads");
        assert_eq!(read.id, "t1", "an escaped key is matched by its value");
        assert_eq!(read.created.as_deref(), Some("today"));
        assert_eq!(read.note, None);
    }

    #[test]
    fn a_missing_required_field_is_an_error_naming_it_and_a_missing_nullable_one_is_none() {
        let error = serde_json::from_str::<Task>(r#"{"type":"copy"}"#).expect_err("id is required");
        assert!(error.to_string().starts_with("missing field `id`"), "{error}");
        let read: Task = serde_json::from_str(r#"{"id":"t1"}"#).expect("note may be absent");
        assert_eq!(read, task("t1"));
    }

    #[test]
    fn a_field_given_twice_is_an_error() {
        let error = serde_json::from_str::<Task>(r#"{"id":"a","id":"b"}"#).expect_err("twice");
        assert!(error.to_string().starts_with("duplicate field `id`"), "{error}");
    }

    #[test]
    fn an_object_is_not_read_from_an_array_or_a_scalar() {
        let error = serde_json::from_str::<Task>(r#"["t1"]"#).expect_err("an array");
        assert!(error.to_string().contains("expected an object (Task)"), "{error}");
        let error = serde_json::from_value::<Task>(json!(["t1"])).expect_err("an array value");
        assert!(error.to_string().contains("expected an object (Task)"), "{error}");
        assert!(serde_json::from_str::<Task>("3").is_err());
    }

    #[test]
    fn a_wrong_value_is_an_error_at_its_place() {
        let error = serde_json::from_str::<Task>(r#"{"id":"t1","size":"big"}"#).expect_err("size is a number");
        assert!(error.to_string().contains("invalid type: string \"big\", expected i64"), "{error}");
        assert_eq!((error.line(), error.column()), (1, 23));
    }

    #[test]
    fn the_properties_beyond_the_named_ones_are_kept_and_written_after_them() {
        let read: Labels = serde_json::from_str(r#"{"a":1,"name":"n","b":2}"#).expect("reads");
        assert_eq!(read.name, "n");
        assert_eq!(read.others, BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]));
        assert_eq!(serde_json::to_string(&read).expect("writes"), r#"{"name":"n","a":1,"b":2}"#);
        let error = serde_json::from_str::<Labels>(r#"{"name":"n","c":"three"}"#).expect_err("others are numbers");
        assert!(error.to_string().contains("expected i64"), "{error}");
    }

    #[test]
    fn a_struct_without_fields_reads_any_object_and_writes_an_empty_one() {
        assert_eq!(serde_json::from_str::<Empty>(r#"{"a":[1]}"#).expect("reads"), Empty {});
        assert_eq!(serde_json::to_value(Empty {}).expect("writes"), Value::Object(Default::default()));
    }
}
