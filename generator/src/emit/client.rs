//! `client.rs`: the `Client` with one async method per operation, and a static description of each
//! operation that the runtime executes.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, Scope, doc_attrs, names_a_model, plain, rust_type, type_name};
use crate::ir::{Api, BodyEncoding, Operation, Parameter, Passing, ResponseBody, Type, reserved};

pub fn emit(api: &Api) -> TokenStream {
    let client_docs = doc_attrs(&client_docs(api));
    let client_parameters = api.client_parameters.iter().map(|parameter| {
        let (name, rules) = (&parameter.wire_name, &parameter.rules);
        quote! { runtime::ClientParameter { name: #name, rules: #rules } }
    });
    let platform = api.platform;
    let methods = api.operations.iter().map(method);
    let statics = api.operations.iter().map(operation_static);
    let client = plain(reserved::CLIENT_TYPE);
    let models = mentions_models(api).then(|| quote! { use super::models; });
    let operations = (!api.operations.is_empty()).then(|| {
        quote! {
            /// What the runtime needs to know of each operation.
            mod operations {
                use client_runtime::codegen as runtime;

                #(#statics)*
            }
        }
    });
    quote! {
        //! The client: one method per operation.

        use client_runtime::codegen as runtime;
        #models

        #client_docs
        #[derive(Debug, Clone)]
        pub struct #client {
            runtime: runtime::Runtime,
        }

        impl #client {
            /// A client configured by `config`: endpoint, credentials and client-level parameters.
            ///
            /// Fails, before any request is sent, when a client-level parameter is missing or
            /// breaks the spec's rules, or when the endpoint is not a valid URL.
            pub fn new(config: runtime::Config) -> ::std::result::Result<Self, runtime::Error> {
                runtime::Runtime::new(config, &SERVICE).map(|runtime| #client { runtime })
            }

            #(#methods)*
        }

        /// The service as the runtime sees it.
        pub(crate) static SERVICE: runtime::Service = runtime::Service {
            server: super::servers::SERVER,
            client_parameters: &[#(#client_parameters),*],
            platform: &#platform,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
        };

        #operations
    }
}

/// Whether any method names a model (so the file imports `models`).
fn mentions_models(api: &Api) -> bool {
    api.operations.iter().any(|operation| {
        let response = match &operation.response.body {
            ResponseBody::Json(ty) => names_a_model(ty),
            _ => false,
        };
        response || arguments_mention_models(operation)
    })
}

/// Whether an operation's parameters or body name a model.
pub fn arguments_mention_models(operation: &Operation) -> bool {
    operation.parameters.iter().any(|p| names_a_model(&p.ty))
        || operation.body.as_ref().is_some_and(|body| names_a_model(&body.ty))
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

/// A `- `name`: ...` list item, continuation lines indented; a name alone when it has no docs.
fn item_lines(name: &str, docs: &[String]) -> Vec<String> {
    let mut lines = vec![match docs.first() {
        Some(first) => format!("- `{name}`: {first}"),
        None => format!("- `{name}`"),
    }];
    lines.extend(docs.iter().skip(1).filter(|l| !l.is_empty()).map(|line| format!("  {line}")));
    lines
}

fn method(operation: &Operation) -> TokenStream {
    let mut docs = operation.docs.clone();
    let body_docs = operation.body.as_ref().map(|body| body.docs.as_slice()).filter(|docs| !docs.is_empty());
    let documented: Vec<&Parameter> = operation.parameters.iter().filter(|p| !p.docs.is_empty()).collect();
    if !documented.is_empty() || body_docs.is_some() {
        docs.extend([String::new(), "# Arguments".to_owned(), String::new()]);
        for parameter in documented {
            docs.extend(item_lines(parameter.rust_name.word(), &parameter.docs));
        }
        if let Some(body_docs) = body_docs {
            docs.extend(item_lines(reserved::BODY, body_docs));
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
    let name = &operation.fn_name;
    let params = operation.parameters.iter().map(|parameter| {
        let name = &parameter.rust_name;
        let ty = argument_type(&parameter.ty, parameter.passing, parameter.required);
        quote! { #name: #ty }
    });
    let arguments = operation.parameters.iter().map(|parameter| {
        let name = &parameter.rust_name;
        quote! { .argument(&#name)? }
    });
    let body = plain(reserved::BODY);
    let (body_param, body_call) = match &operation.body {
        None => (quote! {}, quote! {}),
        Some(request) => {
            let ty = argument_type(&request.ty, request.passing, request.required);
            let media_type = &request.media_type;
            let set = |body: &proc_macro2::Ident| match request.encoding {
                BodyEncoding::Json => quote! { json(#media_type, #body) },
                BodyEncoding::Form => quote! { form(#body) },
                BodyEncoding::Multipart => quote! { multipart(#body) },
                BodyEncoding::Text => quote! { text(#media_type, #body) },
                BodyEncoding::Binary => quote! { binary(#media_type, #body) },
            };
            let call = if request.required {
                let set = set(&body);
                quote! { .#set? }
            } else {
                let call = plain(reserved::CALL);
                let set = set(&body);
                quote! { .maybe(#body, |#call, #body| #call.#set)? }
            };
            (quote! { #body: #ty, }, call)
        }
    };
    let (output, finish) = match &operation.response.body {
        ResponseBody::Empty => (quote! { () }, quote! { .empty() }),
        ResponseBody::Json(ty) => (rust_type(ty, Scope::Module), quote! { .json() }),
        ResponseBody::Text => (quote! { ::std::string::String }, quote! { .text() }),
        ResponseBody::Bytes => (quote! { ::std::vec::Vec<u8> }, quote! { .bytes() }),
    };
    let operation_static = &operation.static_name;
    let call = plain(reserved::CALL);
    quote! {
        #docs
        pub async fn #name(&self, #(#params,)* #body_param) -> ::std::result::Result<#output, runtime::Error> {
            let #call = runtime::Call::new(&operations::#operation_static)
                #(#arguments)*
                #body_call;
            self.runtime.send(#call).await? #finish
        }
    }
}

/// The type a method takes a value as.
fn argument_type(ty: &Type, passing: Passing, required: bool) -> TokenStream {
    let ty = match (passing, ty) {
        (Passing::Value, ty) => rust_type(ty, Scope::Module),
        (Passing::Str, _) => quote! { &str },
        (Passing::Slice, Type::Array(item)) => {
            let item = rust_type(item, Scope::Module);
            quote! { &[#item] }
        }
        (_, ty) => {
            let ty = rust_type(ty, Scope::Module);
            quote! { &#ty }
        }
    };
    if required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn operation_static(operation: &Operation) -> TokenStream {
    let name = &operation.static_name;
    let wire_name = &operation.wire_name;
    let method = tokens::method(operation.method);
    let path = &operation.path;
    let arguments = operation.parameters.iter().map(|parameter| {
        let (name, location, rules) = (&parameter.wire_name, tokens::location(parameter.location), &parameter.rules);
        let style = tokens::style(parameter.style);
        quote! {
            runtime::Argument { name: #name, location: #location, style: #style, rules: #rules }
        }
    });
    let auth = &operation.auth;
    let idempotent = operation.idempotent;
    let doc = format!(" `{} {}`", operation.method.as_str(), operation.path_template);
    quote! {
        #[doc = #doc]
        pub(super) static #name: runtime::Operation = runtime::Operation {
            name: #wire_name,
            method: #method,
            path: &[#(#path),*],
            arguments: &[#(#arguments),*],
            auth: &[#(#auth),*],
            idempotent: #idempotent,
        };
    }
}
