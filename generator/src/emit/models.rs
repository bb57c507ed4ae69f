//! `models.rs`: a struct or enum per model, with serde and validation.
//!
//! Standard types are written with full paths (`::std::string::String`), so that a model named
//! `String`, `Option` or `Result` shadows nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, enum_values_impl, has_nested_checks, ident, rules, rust_type};
use crate::ir::{Api, EnumValue, Field, Model, ModelKind, Struct, Variant};

pub fn emit(api: &Api) -> TokenStream {
    let models = api.models.iter().map(model);
    let debug_arms = api.models.iter().map(|model| {
        let wire = &model.name;
        let name = ident(&model.name);
        quote! { #wire => crate::runtime::debug_of::<#name>(json), }
    });
    quote! {
        //! Request and response bodies.

        #(#models)*

        /// The Debug output of the model `name` read from `json`, so that a test can check every
        /// model for leaked secrets without a list of its own.
        #[doc(hidden)]
        pub fn debug_model(
            name: &str,
            json: serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<::std::string::String, serde_json::Error>> {
            ::std::option::Option::Some(match name {
                #(#debug_arms)*
                _ => return ::std::option::Option::None,
            })
        }
    }
}

fn model(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(structure) => struct_model(model, structure),
        ModelKind::Enum(values) => open_enum(model, values),
        ModelKind::OneOf(variants) => one_of(model, variants),
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    }
}

/// Fields a caller must give: required and not nullable.
fn given(field: &Field) -> bool {
    field.required && !field.nullable
}

fn struct_model(model: &Model, structure: &Struct) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = ident(&model.name);
    let definitions = structure.fields.iter().map(field_definition);
    let additional = structure.additional.as_ref().map(|additional| {
        let member = ident(&additional.rust_name);
        let ty = rust_type(&additional.ty);
        quote! {
            /// Properties beyond the named ones.
            #[serde(flatten)]
            pub #member: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let mut checks: Vec<TokenStream> = structure
        .fields
        .iter()
        .filter(|f| !f.rules.is_empty() || has_nested_checks(&f.ty))
        .map(|field| {
            let wire = &field.wire_name;
            let member = ident(&field.rust_name);
            let rules = rules(&field.rules);
            quote! { v.field(#wire, &self.#member, #rules); }
        })
        .collect();
    if let Some(additional) = structure.additional.as_ref().filter(|a| has_nested_checks(&a.ty)) {
        let member = ident(&additional.rust_name);
        checks.push(quote! { v.field("additionalProperties", &self.#member, &[]); });
    }
    let validator = if checks.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let required: Vec<&Field> = structure.fields.iter().filter(|f| given(f)).collect();
    let (derive_default, constructor) = if required.is_empty() {
        (quote! { Default, }, quote! {})
    } else {
        (quote! {}, constructor(model, structure, &required))
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#definitions)*
            #additional
        }

        #constructor

        impl crate::runtime::Checked for #name {
            fn check(&self, #validator: &mut crate::runtime::Validator, _rules: &[crate::runtime::Rule]) {
                #(#checks)*
            }
        }
    }
}

fn field_definition(field: &Field) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let rename = (field.rust_name.trim_start_matches("r#") != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { #[serde(rename = #wire)] }
    });
    let serde = if field.read_only {
        quote! { #[serde(default, skip_serializing)] }
    } else if field.nullable {
        // Required but nullable: always sent, `None` as `null`.
        quote! {}
    } else if !field.required {
        quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] }
    } else {
        return quote! { #docs #rename pub #name: #ty, };
    };
    quote! {
        #docs
        #rename
        #serde
        pub #name: ::std::option::Option<#ty>,
    }
}

/// `new` taking the fields a caller must give; everything else starts unset.
fn constructor(model: &Model, structure: &Struct, required: &[&Field]) -> TokenStream {
    let name = ident(&model.name);
    let params = required.iter().map(|field| {
        let name = ident(&field.rust_name);
        let ty = field_type(field);
        quote! { #name: impl ::std::convert::Into<#ty> }
    });
    let inits = structure.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        if given(field) {
            quote! { #name: #name.into() }
        } else {
            quote! { #name: ::std::option::Option::None }
        }
    });
    let additional = structure.additional.as_ref().map(|additional| {
        let member = ident(&additional.rust_name);
        quote! { #member: ::std::default::Default::default(), }
    });
    let doc = format!(" A `{}` with the required fields set and every optional field unset.", model.name);
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
    let name = ident(&model.name);
    let variants = values.iter().map(|value| {
        let docs = doc_attrs(&[format!("`{}`", value.wire)]);
        let variant = ident(&value.rust);
        quote! { #docs #variant, }
    });
    let values_impl = enum_values_impl(&name, values, Some(quote! { #name::Unknown(value) => value }));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(::std::string::String),
        }

        #values_impl

        crate::runtime::string_enum!(#name, Unknown);
    }
}

/// `oneOf` / `anyOf`: an untagged enum, read as the first variant the JSON fits.
fn one_of(model: &Model, variants: &[Variant]) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = ident(&model.name);
    let definitions = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = rust_type(&variant.ty);
        let ty = if variant.boxed {
            quote! { ::std::boxed::Box<#ty> }
        } else {
            ty
        };
        quote! { #variant_name(#ty), }
    });
    let checks = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let rules = rules(&variant.rules);
        quote! { #name::#variant_name(value) => crate::runtime::Checked::check(value, v, #rules), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#definitions)*
        }

        impl crate::runtime::Checked for #name {
            fn check(&self, v: &mut crate::runtime::Validator, _rules: &[crate::runtime::Rule]) {
                match self {
                    #(#checks)*
                }
            }
        }
    }
}
