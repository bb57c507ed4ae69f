//! `models.rs`: a struct or enum per model, with serde (through the runtime's macros) and
//! validation.
//!
//! Standard types are written with full paths (`::std::string::String`), so that a model named
//! `String`, `Option` or `Result` shadows nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::tokens::{Scope, doc_attrs, field_type, plain, rule_variants, rust_type, string_enum, xml_table};
use crate::ir::{
    Api, EnumValue, Field, FieldRef, FieldSetter, Model, ModelKind, Passing, Presence, Rules, Struct, Tagged, Type,
    Variant, reserved,
};

/// Models per part of the file: parts are emitted and formatted in parallel, then joined.
const MODELS_PER_PART: usize = 20;

/// How many parts `models.rs` is emitted in.
pub fn parts(api: &Api) -> usize {
    api.models.len().div_ceil(MODELS_PER_PART).max(1)
}

/// Part `part` of `models.rs` as chunks formatted on their own: the module's header first, a
/// chunk per model, the debug table last.
pub fn emit(api: &Api, part: usize) -> Vec<Chunk<'_>> {
    let first = part * MODELS_PER_PART;
    let header = (part == 0).then(|| {
        let runtime = (!api.models.is_empty()).then(|| quote! { use client_runtime::codegen as runtime; });
        quote! {
            //! Request and response bodies.

            #runtime
        }
    });
    let models = api.models.iter().skip(first).take(MODELS_PER_PART).map(|item| Chunk::item("model", item, model));
    let debug_table = (part + 1 == parts(api)).then(|| Chunk::Tokens(debug_model(api)));
    header.map(Chunk::Tokens).into_iter().chain(models).chain(debug_table).collect()
}

fn debug_model(api: &Api) -> TokenStream {
    let debug_entries = api.models.iter().map(|model| {
        let (wire, name) = (model.name.to_string(), &model.name);
        quote! { (#wire, runtime::debug_of::<#name>), }
    });
    quote! {
        /// The Debug output of the model `name` read from `json`, so that a test can check every
        /// model for leaked secrets without a list of its own.
        #[cfg(feature = "test-util")]
        pub fn debug_model(
            name: &str,
            json: serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<::std::string::String, serde_json::Error>> {
            type Debug = fn(serde_json::Value) -> ::std::result::Result<::std::string::String, serde_json::Error>;
            const MODELS: &[(&str, Debug)] = &[#(#debug_entries)*];
            MODELS.iter().find(|(model, _)| *model == name).map(|(_, debug)| debug(json))
        }
    }
}

fn model(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(structure) => struct_model(model, structure),
        ModelKind::Enum(values) => open_enum(model, values),
        ModelKind::OneOf(variants) => one_of(model, variants),
        ModelKind::Tagged(tagged) => tagged_union(model, tagged),
        ModelKind::Newtype(ty, rules) => newtype(model, ty, rules),
    }
}

fn struct_model(model: &Model, structure: &Struct) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = &model.name;
    let definitions = structure.fields.iter().map(field_definition);
    let additional = structure.additional.as_ref().map(|additional| {
        let member = &additional.rust_name;
        let ty = rust_type(&additional.ty, Scope::Models);
        quote! {
            /// Properties beyond the named ones.
            pub #member: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let table = structure.fields.iter().map(|field| {
        let (member, wire) = (&field.rust_name, &field.wire_name);
        let presence = plain(match field.presence {
            Presence::Required => "required",
            Presence::Optional => "optional",
            Presence::Nullable => "nullable",
            Presence::ReadOnly => "read_only",
        });
        let setter = field.setter.as_ref().map(|setter| setter_clause(field, setter));
        let check = field.checked.then(|| check_clause(&field.rules));
        quote! { #presence #member = #wire #setter #check }
    });
    let others = structure.additional.as_ref().map(|additional| {
        let member = &additional.rust_name;
        let check = additional.checked.then(|| check_clause(&additional.rules));
        quote! { else #member #check }
    });
    let constructor = structure.given().next().is_some().then(|| {
        let params = structure.given().map(|field| {
            let name = &field.rust_name;
            let ty = field_type(&field.ty, field.boxed);
            quote! { #name: #ty }
        });
        quote! { new(#(#params),*) }
    });
    let dependencies = structure.dependencies.iter().map(|dependency| {
        let dependent = field_ref(&dependency.field);
        let required = dependency.requires.iter().map(field_ref);
        quote! { requires #dependent => [#(#required),*] }
    });
    let derive_default = constructor.is_none().then(|| quote! { , Default });
    let xml = xml_impl(model);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#definitions)*
            #additional
        }

        runtime::object!(#name { #(#table),* } #others #constructor #(#dependencies)*);

        #xml
    }
}

/// A field's setter in `object!`'s table: `set(into String)`, with the setter's name where it is
/// not the field's (`set kind(into String)`), the mode `_boxed` where the field holds a `Box` of
/// what the setter takes.
fn setter_clause(field: &Field, setter: &FieldSetter) -> TokenStream {
    let FieldSetter { name, passing } = setter;
    let mode = match (passing, field.boxed) {
        (Passing::Into, false) => "into",
        (Passing::Value, false) => "value",
        (Passing::Into, true) => "into_boxed",
        (Passing::Value, true) => "value_boxed",
    };
    let (mode, ty) = (plain(mode), rust_type(&field.ty, Scope::Models));
    let name = (*name != field.rust_name).then_some(name);
    quote! { set #name(#mode #ty) }
}

/// What a field is checked against in `object!`'s table: `check[MaxLength(100)]`, or `check[]`
/// for a value that checks itself (a nested model, an enum).
fn check_clause(rules: &Rules) -> TokenStream {
    let variants = rule_variants(rules);
    quote! { check[#(#variants),*] }
}

/// A field in a `requires` clause of `object!`: its name on the wire, whether it is held in an
/// `Option`, and its member.
fn field_ref(field: &FieldRef) -> TokenStream {
    let (wire, member) = (&field.wire_name, &field.rust_name);
    let kind = plain(if field.optional { "optional" } else { "required" });
    quote! { #wire #kind #member }
}

/// How a model an XML body reaches stands in XML: its table.
fn xml_impl(model: &Model) -> Option<TokenStream> {
    let name = &model.name;
    let table = xml_table(model.xml.as_ref()?);
    Some(quote! {
        impl runtime::Xml for #name {
            fn xml() -> runtime::XmlValue {
                #table
            }
        }
    })
}

fn field_definition(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = &field.rust_name;
    let ty = field_type(&field.ty, field.boxed);
    match field.presence {
        Presence::Required => quote! { #docs pub #name: #ty, },
        Presence::Optional | Presence::Nullable | Presence::ReadOnly => quote! {
            #docs
            pub #name: ::std::option::Option<#ty>,
        },
    }
}

/// A string enum that also holds values the spec does not list, so a response carrying a new value
/// still parses; sending such a value fails validation.
fn open_enum(model: &Model, values: &[EnumValue]) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = &model.name;
    let variants = values.iter().map(|value| {
        let docs = doc_attrs(&[format!("`{}`", value.wire_name)]);
        let variant = &value.rust_name;
        quote! { #docs #variant, }
    });
    let values_impl = string_enum(name, values, Some(reserved::UNKNOWN_VARIANT));
    let unknown = plain(reserved::UNKNOWN_VARIANT);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            #unknown(::std::string::String),
        }

        #values_impl
    }
}

/// A list or map that holds itself, in a struct of its own (serialized as the value alone).
fn newtype(model: &Model, ty: &Type, rules: &Rules) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = &model.name;
    let ty = rust_type(ty, Scope::Models);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #ty);

        impl runtime::Checked for #name {
            fn check(&self, v: &mut runtime::Validator, _rules: &[runtime::Rule]) {
                runtime::Checked::check(&self.0, v, #rules);
            }
        }
    }
}

/// `oneOf` / `anyOf`: an untagged enum, read as the first variant the JSON fits.
fn one_of(model: &Model, variants: &[Variant]) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = &model.name;
    let definitions = variants.iter().map(|variant| {
        let variant_name = &variant.rust_name;
        let ty = field_type(&variant.ty, variant.boxed);
        quote! { #variant_name(#ty), }
    });
    let checks = variants.iter().map(|variant| {
        let (variant_name, rules) = (&variant.rust_name, &variant.rules);
        quote! { #name::#variant_name(value) => runtime::Checked::check(value, v, #rules), }
    });
    let variant_names = variants.iter().map(|variant| &variant.rust_name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#definitions)*
        }

        runtime::untagged_union!(#name { #(#variant_names),* });

        impl runtime::Checked for #name {
            fn check(&self, v: &mut runtime::Validator, _rules: &[runtime::Rule]) {
                match self {
                    #(#checks)*
                }
            }
        }
    }
}

/// A union told apart by a property: an enum whose serde impls (from the runtime's macro) read the
/// tag and keep kinds the spec does not list.
fn tagged_union(model: &Model, tagged: &Tagged) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = &model.name;
    let definitions = tagged.variants.iter().map(|variant| {
        let variant_name = &variant.rust_name;
        let ty = field_type(&variant.ty, variant.boxed);
        let docs = doc_attrs(&[format!(
            "`{}`: {}",
            tagged.property,
            variant.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        )]);
        quote! { #docs #variant_name(#ty), }
    });
    let table = tagged.variants.iter().map(|variant| {
        let (variant_name, tags) = (&variant.rust_name, &variant.tags);
        quote! { #variant_name => [#(#tags),*] }
    });
    let property = &tagged.property;
    let default = tagged.default.as_ref().map(|variant| quote! { default #variant });
    let unknown = plain(reserved::UNKNOWN_VARIANT);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#definitions)*
            /// A kind this version of the crate does not know, as received.
            #unknown(serde_json::Value),
        }

        runtime::tagged_union!(#name, #property, [#(#table),*] #default);
    }
}
