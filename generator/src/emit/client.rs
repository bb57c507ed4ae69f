//! `client.rs`: the `Client` with one async method per operation, and a static description of each
//! operation that the runtime executes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rules, rust_type};
use crate::ir::{
    Api, BodyEncoding, Method, Operation, Parameter, ParameterLocation, PathPart, ResponseBody, SecurityScheme, Type,
};
use crate::names;

pub fn emit(api: &Api) -> TokenStream {
    let client_docs = doc_attrs(&client_docs(api));
    let client_parameters = api.client_parameters.iter().map(|parameter| {
        let name = &parameter.wire_name;
        let rules = rules(&parameter.rules);
        quote! { runtime::ClientParameter { name: #name, rules: #rules } }
    });
    let methods = api.operations.iter().map(method);
    let operations = &api.operations;
    let imports = super::imports(
        quote! { crate::runtime },
        &[
            ("Operation", !operations.is_empty()),
            ("Method", !operations.is_empty()),
            ("PathPart", !operations.is_empty()),
            ("Argument", operations.iter().any(|o| !o.parameters.is_empty())),
            ("Location", operations.iter().any(|o| !o.parameters.is_empty())),
            ("Auth", operations.iter().any(|o| !o.security.is_empty())),
        ],
    );
    let statics = api.operations.iter().map(operation_static);
    quote! {
                //! The client: one method per operation.

        use crate::runtime;


        #client_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: runtime::Runtime,
        }

        impl Client {
            /// A client configured by `config`: endpoint, credentials and client-level parameters.
            ///
            /// Fails, before any request is sent, when a client-level parameter is missing or
            /// breaks the spec's rules, or when the endpoint is not a valid URL.
                        pub fn new(config: runtime::Config) -> ::std::result::Result<Self, runtime::Error> {
                runtime::Runtime::new(config, &SERVICE).map(|runtime| Client { runtime })
            }

            #(#methods)*
        }

        static SERVICE: runtime::Service = runtime::Service {
            server: crate::api::servers::SERVER,
            client_parameters: &[#(#client_parameters),*],
        };

        /// What the runtime needs to know of each operation.
                        mod operations {
            #imports

            #(#statics)*
        }
    }
}

fn client_docs(api: &Api) -> Vec<String> {
    let mut docs = vec![format!("A client for {} ({}).", api.title, api.version)];
    if !api.docs.is_empty() {
        docs.push(String::new());
        docs.extend(api.docs.iter().cloned());
    }
    if !api.client_parameters.is_empty() {
        docs.push(String::new());
        docs.push("Parameters set once per client, with `Config::client_parameter`:".to_owned());
        for parameter in &api.client_parameters {
            docs.extend(item_lines(&parameter.wire_name, &parameter.docs));
        }
    }
    docs
}

/// A `- `name`: ...` list item, continuation lines indented.
fn item_lines(name: &str, docs: &[String]) -> Vec<String> {
    let mut lines = vec![format!("- `{name}`: {}", docs.first().map(String::as_str).unwrap_or_default())];
    lines.extend(docs.iter().skip(1).filter(|l| !l.is_empty()).map(|line| format!("  {line}")));
    lines
}

fn static_name(operation: &Operation) -> proc_macro2::Ident {
    ident(&names::shouty(operation.fn_name.trim_start_matches("r#")))
}

fn method(operation: &Operation) -> TokenStream {
    let mut docs = operation.docs.clone();
    let body_docs = operation.body.as_ref().map(|body| body.docs.as_slice()).filter(|docs| !docs.is_empty());
    if !operation.parameters.is_empty() || body_docs.is_some() {
        docs.extend([String::new(), "# Arguments".to_owned(), String::new()]);
        for parameter in &operation.parameters {
            docs.extend(item_lines(&parameter.rust_name, &parameter.docs));
        }
        if let Some(body_docs) = body_docs {
            docs.extend(item_lines("body", body_docs));
        }
    }
    if !operation.response.errors.is_empty() {
        docs.extend([String::new(), "# Errors".to_owned(), String::new()]);
        docs.push("Error statuses come back as `Error::Service`; read a body with `ServiceError::body_as`.".to_owned());
        for error in &operation.response.errors {
            let body = match &error.body {
                Some(ty) => format!(" (body: `{}`)", type_name(ty)),
                None => String::new(),
            };
            docs.push(format!("- `{}`: {}{body}", error.status, error.description.trim()));
        }
    }
    let docs = doc_attrs(&docs);
    let name = ident(&operation.fn_name);
    let params = operation.parameters.iter().map(|parameter| {
        let name = ident(&parameter.rust_name);
        let ty = argument_type(parameter);
        quote! { #name: #ty }
    });
    let arguments = operation.parameters.iter().map(|parameter| {
        let name = ident(&parameter.rust_name);
        quote! { .argument(&#name)? }
    });
    let (body_param, body_call) = match &operation.body {
        None => (quote! {}, quote! {}),
        Some(body) => {
            let ty = borrowed(&body.ty);
            let (required, optional) = match body.content_type {
                BodyEncoding::Json => (quote! { json }, quote! { optional_json }),
                BodyEncoding::Form => (quote! { form }, quote! { optional_form }),
            };
            if body.required {
                (quote! { body: #ty, }, quote! { .#required(body)? })
            } else {
                (quote! { body: ::std::option::Option<#ty>, }, quote! { .#optional(body)? })
            }
        }
    };
    let (output, finish) = match &operation.response.body {
        ResponseBody::Empty => (quote! { () }, quote! { .empty() }),
        ResponseBody::Json(ty) => (rust_type(ty), quote! { .json() }),
        ResponseBody::Text => (quote! { ::std::string::String }, quote! { .text() }),
        ResponseBody::Bytes => (quote! { ::std::vec::Vec<u8> }, quote! { .bytes() }),
    };
    let operation_static = static_name(operation);
    quote! {
        #docs
                pub async fn #name(&self, #(#params,)* #body_param) -> ::std::result::Result<#output, runtime::Error> {
            let call = runtime::Call::new(&operations::#operation_static)
                #(#arguments)*
                #body_call;
            self.runtime.send(call).await? #finish
        }
    }
}

/// A type as the docs name it.
fn type_name(ty: &Type) -> String {
    match ty {
        Type::Named(name) => name.clone(),
        Type::Array(item) => format!("Vec<{}>", type_name(item)),
        Type::Map(value) => format!("BTreeMap<String, {}>", type_name(value)),
        other => rust_type(other).to_string().rsplit("::").next().unwrap_or_default().trim().to_owned(),
    }
}

/// Scalars are taken by value; strings, secrets, lists and models by reference.
fn passed_by_value(ty: &Type) -> bool {
    matches!(ty, Type::Bool | Type::Integer(_) | Type::Number(_))
}

fn borrowed(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { &str },
        Type::Array(item) => {
            let item = rust_type(item);
            quote! { &[#item] }
        }
        other => {
            let ty = rust_type(other);
            quote! { &#ty }
        }
    }
}

fn argument_type(parameter: &Parameter) -> TokenStream {
    let ty = if passed_by_value(&parameter.ty) { rust_type(&parameter.ty) } else { borrowed(&parameter.ty) };
    if parameter.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn operation_static(operation: &Operation) -> TokenStream {
    let name = static_name(operation);
    let wire_name = &operation.wire_name;
    let method = ident(match operation.method {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Patch => "Patch",
        Method::Head => "Head",
        Method::Options => "Options",
        Method::Trace => "Trace",
    });
    let path = operation.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { PathPart::Literal(#text) },
        PathPart::Client(name) => quote! { PathPart::Client(#name) },
        PathPart::Argument(index) => {
            let index = proc_macro2::Literal::usize_unsuffixed(*index);
            quote! { PathPart::Argument(#index) }
        }
    });
    let arguments = operation.parameters.iter().map(|parameter| {
        let name = &parameter.wire_name;
        let location = ident(match parameter.location {
            ParameterLocation::Path => "Path",
            ParameterLocation::Query => "Query",
            ParameterLocation::Header => "Header",
        });
        let rules = rules(&parameter.rules);
        quote! {
            Argument { name: #name, location: Location::#location, rules: #rules }
        }
    });
    let auth = operation.security.iter().map(|scheme| match scheme {
        SecurityScheme::HeaderToken { header } => quote! { Auth::HeaderToken(#header) },
        SecurityScheme::Bearer => quote! { Auth::Bearer },
        SecurityScheme::Signature { .. } => quote! { Auth::Signature },
    });
    let idempotent = operation.idempotent;
    let doc = format!(" `{} {}`", operation.method.as_str(), operation.path_template);
    quote! {
        #[doc = #doc]
        pub(super) static #name: Operation = Operation {
            name: #wire_name,
            method: Method::#method,
            path: &[#(#path),*],
            arguments: &[#(#arguments),*],
            auth: &[#(#auth),*],
            idempotent: #idempotent,
        };
    }
}
