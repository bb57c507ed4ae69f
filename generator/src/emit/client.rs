//! `client.rs`: the `Client`, with a method per operation that returns the operation's request, and
//! the static description of the service that the runtime reads.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::tokens::{Scope, argument_type, argument_value, doc_attrs, names_a_model, plain, type_name};
use crate::ir::{Api, Operation, Parameter, Passing, RustName, Type, reserved};

/// Part `part` of `client.rs`: the first holds the client and its constructors, each other the
/// methods of a few operations, a chunk each; the last ends the client's `impl` block and adds the
/// service's description.
pub fn emit(api: &Api, part: usize) -> Vec<Chunk<'_>> {
    let last = part + 1 == super::header_and_operation_parts(api);
    let mut chunks = match super::operations_of_part(api, part) {
        None => vec![Chunk::Tokens(header(api)), Chunk::Tokens(constructors()).member(true, last)],
        Some(operations) => operations
            .map(|(index, operation)| {
                let closing = index + 1 == api.operations.len();
                Chunk::Tokens(method_in_block(operation)).member(false, closing)
            })
            .collect(),
    };
    if last {
        chunks.push(Chunk::Tokens(service(api)));
    }
    chunks
}

/// The module's docs and imports, and the client's type.
fn header(api: &Api) -> TokenStream {
    let client_docs = doc_attrs(&client_docs(api));
    let client = plain(reserved::CLIENT_TYPE);
    let models = api.operations.iter().any(arguments_name_a_model).then(|| quote! { use super::models; });
    let requests = (!api.operations.is_empty()).then(|| quote! { use super::requests; });
    let runtime = plain(reserved::RUNTIME);
    // A spec of webhooks alone sends nothing: the client is there to be configured all the same.
    let unused =
        api.operations.is_empty().then(|| quote! { #[allow(dead_code, reason = "the spec has no operations")] });
    quote! {
        //! The client: a method per operation, which returns the operation's request.

        use client_runtime::codegen as runtime;
        #models
        #requests

        #client_docs
        #[derive(Debug, Clone)]
        pub struct #client {
            #unused
            #runtime: runtime::Runtime,
        }
    }
}

/// The client's `impl` block with its constructors, which the methods join.
fn constructors() -> TokenStream {
    let client = plain(reserved::CLIENT_TYPE);
    let runtime = plain(reserved::RUNTIME);
    let mock = plain(reserved::MOCK_MODULE);
    quote! {
        impl #client {
            /// A client configured by `config`: endpoint, credentials and client-level parameters.
            ///
            /// Fails, before any request is sent, when a client-level parameter is missing or
            /// breaks the spec's rules, or when the endpoint is not a valid URL.
            pub fn new(config: runtime::Config) -> ::std::result::Result<Self, runtime::Error> {
                runtime::Runtime::new(config, &SERVICE).map(|#runtime| #client { #runtime })
            }

            /// A client whose requests the rules and recordings of `mocks` answer instead of
            /// the service, for tests (feature `test-util`; see the `mock` module): nothing is
            /// sent and no credentials are needed. `Config::mocks` does the same for a client
            /// configured otherwise (its retry policy, say).
            #[cfg(feature = "test-util")]
            pub fn from_mocks(mocks: super::#mock::Mocks) -> ::std::result::Result<Self, runtime::Error> {
                Self::new(runtime::Config::new().mocks(mocks))
            }
        }
    }
}

/// The service as the runtime sees it, after the client.
fn service(api: &Api) -> TokenStream {
    let client_parameters = api.client_parameters.iter().map(|parameter| {
        let (name, rules) = (&parameter.wire_name, &parameter.rules);
        quote! { runtime::ClientParameter { name: #name, rules: #rules } }
    });
    let platform = &api.platform;
    quote! {
        /// The service as the runtime sees it.
        pub(crate) static SERVICE: runtime::Service = runtime::Service {
            server: super::servers::SERVER,
            client_parameters: &[#(#client_parameters),*],
            platform: &#platform,
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
        };
    }
}

/// Whether the values the client's method takes (the required inputs) name a model.
fn arguments_name_a_model(operation: &Operation) -> bool {
    operation.parameters.iter().any(|p| p.required && names_a_model(&p.ty))
        || operation.body.as_ref().is_some_and(|body| body.required && names_a_model(&body.ty))
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

/// The client's method for `operation`, in an `impl` block of its own (see [`Chunk::Member`]).
fn method_in_block(operation: &Operation) -> TokenStream {
    let client = plain(reserved::CLIENT_TYPE);
    let method = method(operation);
    quote! {
        impl #client {
            #method
        }
    }
}

fn method(operation: &Operation) -> TokenStream {
    let mut docs = operation.docs.clone();
    let body_docs = operation.body.as_ref().filter(|body| body.required).map(|body| body.docs.as_slice());
    let documented: Vec<&Parameter> =
        operation.parameters.iter().filter(|p| p.required && !p.docs.is_empty()).collect();
    if !documented.is_empty() || body_docs.is_some_and(|docs| !docs.is_empty()) {
        docs.extend([String::new(), "# Arguments".to_owned(), String::new()]);
        for parameter in documented {
            docs.extend(item_lines(parameter.rust_name.word(), &parameter.docs));
        }
        if let Some(body_docs) = body_docs.filter(|docs| !docs.is_empty()) {
            docs.extend(item_lines(reserved::BODY, body_docs));
        }
    }
    let request = &operation.request_type;
    let optional: Vec<String> = operation
        .parameters
        .iter()
        .filter_map(|p| p.setters.as_ref())
        .chain(operation.body.iter().filter_map(|body| body.setters.as_ref()))
        .map(|setters| format!("`{}`", setters.set.word()))
        .collect();
    docs.push(String::new());
    if optional.is_empty() {
        docs.push(format!("Send the [`requests::{request}`] with `.send().await`, or `.await` it."));
    } else {
        docs.push(format!(
            "Optional inputs are set on the [`requests::{request}`] this returns: {}. Then send it with \
             `.send().await`, or `.await` it.",
            optional.join(", ")
        ));
    }
    if !operation.response.errors.is_empty() {
        docs.extend([String::new(), "# Errors".to_owned(), String::new()]);
        let xml = operation.response.errors.iter().any(|error| error.xml);
        let json = operation.response.errors.iter().any(|error| error.body.is_some() && !error.xml);
        docs.push(match (json, xml) {
            (_, false) => "Error statuses come back as `Error::Service`; read a body with `ServiceError::body_as`.",
            (false, true) => "Error statuses come back as `Error::Service`; read a body with `ServiceError::xml_body_as`.",
            (true, true) => {
                "Error statuses come back as `Error::Service`; read a body with `ServiceError::body_as` (an XML one \
                 with `ServiceError::xml_body_as`)."
            }
        }
        .to_owned());
        for error in &operation.response.errors {
            let body = match &error.body {
                Some(ty) if error.xml => format!(" (XML body: `{}`)", type_name(ty)),
                Some(ty) => format!(" (body: `{}`)", type_name(ty)),
                None => String::new(),
            };
            docs.push(format!("- `{}`: {}{body}", error.status, error.description.trim()));
        }
    }
    let docs = doc_attrs(&docs);
    let name = &operation.fn_name;
    let given: Vec<(RustName, &Type, Passing)> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .map(|parameter| (parameter.rust_name.clone(), &parameter.ty, parameter.passing))
        .chain(
            operation
                .body
                .iter()
                .filter(|body| body.required)
                .map(|body| (RustName::plain(reserved::BODY), &body.ty, body.passing)),
        )
        .collect();
    let arguments = given.iter().map(|(name, ty, passing)| {
        let ty = argument_type(ty, *passing, Scope::Module);
        quote! { #name: #ty }
    });
    let values = given.iter().map(|(name, _, passing)| argument_value(name, *passing));
    let runtime = plain(reserved::RUNTIME);
    quote! {
        #docs
        pub fn #name(&self, #(#arguments),*) -> requests::#request {
            requests::#request::new(self.#runtime.clone(), #(#values),*)
        }
    }
}
