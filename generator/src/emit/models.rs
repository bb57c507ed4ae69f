//! `models.rs`: a struct or enum per model, with serde and validation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, enum_values_impl, has_nested_checks, ident, rules, rust_type};
use crate::ir::{Api, EnumValue, Field, Model, ModelKind};

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
        pub fn debug_model(name: &str, json: serde_json::Value) -> Option<Result<String, serde_json::Error>> {
            Some(match name {
                #(#debug_arms)*
                _ => return None,
            })
        }
    }
}

fn model(model: &Model) -> TokenStream {
    match &model.kind {
        ModelKind::Struct(fields) => structure(model, fields),
        ModelKind::Enum(values) => open_enum(model, values),
    }
}

fn structure(model: &Model, fields: &[Field]) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = ident(&model.name);
    let definitions = fields.iter().map(field_definition);
    let checks: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.rules.is_empty() || has_nested_checks(&f.ty))
        .map(|field| {
            let wire = &field.wire_name;
            let member = ident(&field.rust_name);
            let rules = rules(&field.rules);
            quote! { v.field(#wire, &self.#member, #rules); }
        })
        .collect();
    let validator = if checks.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let (derive_default, constructor) = if required.is_empty() {
        (quote! { Default, }, quote! {})
    } else {
        (quote! {}, constructor(model, fields, &required))
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#definitions)*
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
    let ty = rust_type(&field.ty);
    let rename = (field.rust_name.trim_start_matches("r#") != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { #[serde(rename = #wire)] }
    });
    if field.required {
        quote! { #docs #rename pub #name: #ty, }
    } else {
        quote! {
            #docs
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    }
}

/// `new` taking the required fields; optional ones start unset.
fn constructor(model: &Model, fields: &[Field], required: &[&Field]) -> TokenStream {
    let name = ident(&model.name);
    let params = required.iter().map(|field| {
        let name = ident(&field.rust_name);
        let ty = rust_type(&field.ty);
        quote! { #name: impl Into<#ty> }
    });
    let inits = fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        if field.required {
            quote! { #name: #name.into() }
        } else {
            quote! { #name: None }
        }
    });
    let doc = format!(" A `{}` with the required fields set and every optional field unset.", model.name);
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#params),*) -> Self {
                #name { #(#inits),* }
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
            Unknown(String),
        }

        #values_impl

        crate::runtime::string_enum!(#name, Unknown);
    }
}
