//! `models.rs`: a struct or enum per model, with serde (through the runtime's macros) and
//! validation.
//!
//! Standard types are written with full paths (`::std::string::String`), so that a model named
//! `String`, `Option` or `Result` shadows nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::tokens::{
    Scope, argument_type, argument_value, doc_attrs, field_type, plain, rust_type, string_enum, xml_table,
};
use crate::ir::{
    Api, EnumValue, Field, FieldRef, FieldSetter, Model, ModelKind, Presence, Rules, Struct, Tagged, Type, Variant,
    reserved,
};

/// Models per part of the file: parts are emitted and formatted in parallel, then joined.
const MODELS_PER_PART: usize = 200;

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
    let serde_fields = structure.fields.iter().map(|field| {
        let (member, wire) = (&field.rust_name, &field.wire_name);
        let presence = plain(match field.presence {
            Presence::Required => "required",
            Presence::Optional => "optional",
            Presence::Nullable => "nullable",
            Presence::ReadOnly => "read_only",
        });
        quote! { #presence #member = #wire }
    });
    let others = structure.additional.as_ref().map(|additional| {
        let member = &additional.rust_name;
        quote! { else #member }
    });
    let mut checks: Vec<TokenStream> = structure
        .fields
        .iter()
        .filter(|field| field.checked)
        .map(|field| {
            let (wire, member, rules) = (&field.wire_name, &field.rust_name, &field.rules);
            quote! { v.field(#wire, &self.#member, #rules); }
        })
        .collect();
    if let Some(additional) = structure.additional.as_ref().filter(|a| a.checked) {
        let (member, rules) = (&additional.rust_name, &additional.rules);
        checks.push(quote! { v.field("additionalProperties", &self.#member, #rules); });
    }
    checks.extend(structure.dependencies.iter().map(|dependency| {
        let (name, is_given) = (&dependency.field.wire_name, given(&dependency.field));
        let required = dependency.requires.iter().map(|field| {
            let (required, is_given) = (&field.wire_name, given(field));
            quote! { (#required, #is_given) }
        });
        quote! { v.requires(#name, #is_given, &[#(#required),*]); }
    }));
    let validator = if checks.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let has_required = structure.given().next().is_some();
    let derive_default = (!has_required).then(|| quote! { , Default });
    let constructor = has_required.then(|| constructor(model, structure));
    let setters: Vec<TokenStream> = structure.fields.iter().filter_map(setter).collect();
    let setters = (!setters.is_empty()).then(|| quote! { impl #name { #(#setters)* } });
    let xml = xml_impl(model);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#definitions)*
            #additional
        }

        runtime::object!(#name { #(#serde_fields),* } #others);

        #constructor

        #setters

        impl runtime::Checked for #name {
            fn check(&self, #validator: &mut runtime::Validator, _rules: &[runtime::Rule]) {
                #(#checks)*
            }
        }

        #xml
    }
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

/// Whether a field is given: `self.card.is_some()`, or `true` for one that always is.
fn given(field: &FieldRef) -> TokenStream {
    let member = &field.rust_name;
    if field.optional {
        quote! { self.#member.is_some() }
    } else {
        quote! { true }
    }
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

/// The chaining setter of an optional field.
fn setter(field: &Field) -> Option<TokenStream> {
    let FieldSetter { name: setter, passing } = field.setter.as_ref()?;
    let passing = *passing;
    let member = &field.rust_name;
    let argument = argument_type(&field.ty, passing, Scope::Models);
    let value = argument_value(quote! { value }, passing);
    let value = if field.boxed {
        quote! { ::std::boxed::Box::new(#value) }
    } else {
        value
    };
    let doc = format!(" Sets `{}`.", field.wire_name);
    Some(quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: #argument) -> Self {
            self.#member = ::std::option::Option::Some(#value);
            self
        }
    })
}

/// `new` taking the fields a caller must give; everything else starts unset.
fn constructor(model: &Model, structure: &Struct) -> TokenStream {
    let name = &model.name;
    let params = structure.given().map(|field| {
        let name = &field.rust_name;
        let ty = field_type(&field.ty, field.boxed);
        quote! { #name: impl ::std::convert::Into<#ty> }
    });
    let inits = structure.fields.iter().map(|field| {
        let name = &field.rust_name;
        if field.presence == Presence::Required {
            quote! { #name: #name.into() }
        } else {
            quote! { #name: ::std::option::Option::None }
        }
    });
    let additional = structure.additional.as_ref().map(|additional| {
        let member = &additional.rust_name;
        quote! { #member: ::std::default::Default::default(), }
    });
    let doc = format!(" A `{name}` with the required fields set and every optional field unset.");
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits,)* #additional }
            }
        }
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
