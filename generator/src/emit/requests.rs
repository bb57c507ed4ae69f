//! `requests.rs`: a request builder per operation, which the client's method returns. It holds
//! the values given so far; setters add the optional ones, and `send` (or `.await`) makes the call
//! from a static description of the operation that the runtime executes.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::paging;
use super::tokens::{
    self, Scope, builder_field_type, inputs_name_a_model, names_a_model, output_read, output_receive, output_type,
    plain, rust_type, string_literal, xml_element,
};
use crate::ir::{Api, BodyEncoding, Operation, Passing, RequestBody, ResponseBody, RustName, Setters, Type, reserved};

/// Part `part` of `requests.rs`: the first holds the module's docs and imports, each other the
/// requests of a few operations, a chunk each.
pub fn emit(api: &Api, part: usize) -> Vec<Chunk<'_>> {
    match super::operations_of_part(api, part) {
        None => vec![Chunk::Tokens(header(api))],
        Some(operations) => operations.map(|(_, operation)| Chunk::item("request", operation, request)).collect(),
    }
}

/// The module's docs and imports.
fn header(api: &Api) -> TokenStream {
    let uses = (!api.operations.is_empty()).then(|| {
        let models = mentions_models(api).then(|| quote! { use super::models; });
        let exports = reserved::REQUEST_EXPORTS.map(plain);
        let stream_exports = stream_exports(api);
        let stream_exports = (!stream_exports.is_empty()).then(|| {
            let exports = stream_exports.into_iter().map(plain);
            quote! { pub use client_runtime::{#(#exports),*}; }
        });
        quote! {
            use client_runtime::codegen as runtime;
            #models

            pub use client_runtime::{#(#exports),*};
            #stream_exports
        }
    });
    quote! {
        //! Requests: what each of the client's methods returns. Set the optional inputs, then
        //! send it with `.send().await`, or `.await` it directly.

        #uses
    }
}

/// An operation's request: its builder, how it is sent, its pages and its static description.
fn request(operation: &Operation) -> TokenStream {
    let builder = builder(operation);
    let request_impl = request_impl(operation);
    let paging = paging::emit(operation);
    let operation_static = operation_static(operation);
    quote! { #builder #request_impl #paging #operation_static }
}

/// Whether a request names a model (so the file imports `models`).
fn mentions_models(api: &Api) -> bool {
    api.operations.iter().any(|operation| {
        let response = match &operation.response.body {
            ResponseBody::Json(ty) | ResponseBody::Xml { ty, .. } | ResponseBody::Stream { item: ty, .. } => {
                names_a_model(ty)
            }
            _ => false,
        };
        response || inputs_name_a_model(operation)
    })
}

/// The runtime's types that the requests' streamed answers are read as, which the module
/// re-exports: a download's, an event stream's, JSON lines'.
fn stream_exports(api: &Api) -> Vec<&'static str> {
    let answers = |wanted: fn(&ResponseBody) -> bool| api.operations.iter().any(|o| wanted(&o.response.body));
    let mut exports = Vec::new();
    if answers(|body| matches!(body, ResponseBody::Bytes)) {
        exports.push(reserved::BYTE_STREAM);
    }
    if answers(|body| matches!(body, ResponseBody::Stream { format, .. } if format.is_events())) {
        exports.extend([reserved::EVENT, reserved::EVENT_STREAM]);
    }
    if answers(|body| matches!(body, ResponseBody::Stream { format, .. } if !format.is_events())) {
        exports.push(reserved::JSON_STREAM);
    }
    exports
}

/// An input of the request: a parameter or the body.
struct RequestInput<'a> {
    name: RustName,
    ty: &'a Type,
    required: bool,
    passing: Passing,
    setters: Option<&'a Setters>,
    docs: &'a [String],
}

fn inputs(operation: &Operation) -> Vec<RequestInput<'_>> {
    let parameters = operation.parameters.iter().map(|parameter| RequestInput {
        name: parameter.rust_name.clone(),
        ty: &parameter.ty,
        required: parameter.required,
        passing: parameter.passing,
        setters: parameter.setters.as_ref(),
        docs: &parameter.docs,
    });
    let body = operation.body.iter().map(|body: &RequestBody| RequestInput {
        name: RustName::plain(reserved::BODY),
        ty: &body.ty,
        required: body.required,
        passing: body.passing,
        setters: body.setters.as_ref(),
        docs: &body.docs,
    });
    parameters.chain(body).collect()
}

fn builder(operation: &Operation) -> TokenStream {
    let name = &operation.request_type;
    let runtime = plain(reserved::RUNTIME);
    let inputs = inputs(operation);
    let fields = inputs.iter().map(|input| {
        let (name, ty) = (&input.name, builder_field_type(input.ty, input.required));
        quote! { pub #name: #ty }
    });
    let given: Vec<&RequestInput> = inputs.iter().filter(|input| input.required).collect();
    let new_arguments = given.iter().map(|input| {
        let (name, ty) = (&input.name, rust_type(input.ty, Scope::Module));
        quote! { #name: #ty }
    });
    let initializers = inputs.iter().map(|input| {
        let name = &input.name;
        if input.required {
            quote! { #name }
        } else {
            quote! { #name: ::std::option::Option::None }
        }
    });
    let setters = setters(&inputs, name);
    let send = send(operation);
    let download = download(operation);
    let output = output_type(&operation.response.body);
    let docs = format!(
        " The `{}` request, made by `Client::{}`: set its optional inputs, then send it.",
        operation.wire_name, operation.fn_name
    );
    quote! {
        #[doc = #docs]
        ///
        /// Its public fields are its inputs, as set so far (what mock rules' conditions read).
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await` or awaited"]
        pub struct #name {
            #runtime: runtime::Runtime,
            #(#fields,)*
        }

        impl #name {
            pub(crate) fn new(#runtime: runtime::Runtime, #(#new_arguments),*) -> Self {
                #name { #runtime, #(#initializers),* }
            }

            #setters

            #send

            #download
        }

        impl ::std::future::IntoFuture for #name {
            type Output = ::std::result::Result<#output, runtime::Error>;
            type IntoFuture = runtime::BoxFuture<'static, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The two setters of each optional input, as a `setters!` table: `field "word": set,
/// set_option(into Type) "docs";`, the docs (the first setter's) as one text.
fn setters(inputs: &[RequestInput], request: &RustName) -> Option<TokenStream> {
    let rows: Vec<TokenStream> = inputs
        .iter()
        .filter_map(|input| {
            let Setters { set, set_option } = input.setters?;
            let (field, word) = (&input.name, input.name.word());
            let mode = plain(match input.passing {
                Passing::Into => "into",
                Passing::Value => "value",
            });
            let ty = rust_type(input.ty, Scope::Module);
            let docs =
                string_literal(&if input.docs.is_empty() { format!("Sets `{word}`.") } else { input.docs.join("\n") });
            Some(quote! { #field #word: #set, #set_option(#mode #ty) #docs; })
        })
        .collect();
    (!rows.is_empty()).then(|| quote! { runtime::setters!(#request { #(#rows)* }); })
}

/// `send`: checks every value against the spec, then makes the call.
fn send(operation: &Operation) -> TokenStream {
    let output = output_type(&operation.response.body);
    let streamed = matches!(operation.response.body, ResponseBody::Stream { .. }).then(|| {
        quote! {
            ///
            /// The answer's items are read one by one as they arrive, from the stream it gives.
        }
    });
    quote! {
        /// Checks every value against the spec's rules, then sends the request; nothing is sent
        /// when a value breaks them.
        #streamed
        pub fn send(self) -> runtime::BoxFuture<'static, ::std::result::Result<#output, runtime::Error>> {
            runtime::send(&self)
        }
    }
}

/// `download`, for an answer of bytes: as `send`, with the bytes given as they arrive.
fn download(operation: &Operation) -> Option<TokenStream> {
    let byte_stream = plain(reserved::BYTE_STREAM);
    matches!(operation.response.body, ResponseBody::Bytes).then(|| {
        quote! {
            /// As `send`, but the answer's bytes are given as they arrive, never held whole (nor
            /// limited in size): save them to a file with `save`, write them with `write_to`, or
            /// read them chunk by chunk.
            pub fn download(self) -> runtime::BoxFuture<'static, ::std::result::Result<runtime::#byte_stream, runtime::Error>> {
                runtime::download(&self)
            }
        }
    })
}

/// What the runtime needs of the request: the call, the runtime that sends it, and how the answer
/// is read.
fn request_impl(operation: &Operation) -> TokenStream {
    let name = &operation.request_type;
    let operation_static = &operation.static_name;
    let call = plain(reserved::CALL);
    let arguments = operation.parameters.iter().map(|parameter| {
        let name = &parameter.rust_name;
        quote! { .argument(&self.#name)? }
    });
    let body_call = operation.body.as_ref().map(|request| {
        let body = plain(reserved::BODY);
        let media_type = &request.media_type;
        let set = match request.encoding {
            BodyEncoding::Json => quote! { json(#media_type, #body) },
            BodyEncoding::Xml(_) => quote! { xml(#media_type, #body, &XML) },
            BodyEncoding::Form => quote! { form(#body) },
            BodyEncoding::Multipart => quote! { multipart(#body) },
            BodyEncoding::Text => quote! { text(#media_type, #body) },
            BodyEncoding::Binary => quote! { binary(#media_type, #body) },
        };
        if request.required {
            quote! { .#set? }
        } else {
            quote! { .maybe(self.#body.as_ref(), |#call, #body| #call.#set)? }
        }
    });
    let body_local = operation.body.as_ref().filter(|request| request.required).map(|_| {
        let body = plain(reserved::BODY);
        quote! { let #body = &self.#body; }
    });
    // An XML body's table, which `xml` above writes it by.
    let body_table = operation.body.as_ref().and_then(|request| match &request.encoding {
        BodyEncoding::Xml(root) => {
            let root = xml_element(root, Scope::Module);
            Some(quote! { static XML: runtime::XmlElement = #root; })
        }
        _ => None,
    });
    let response = plain("response");
    let (output, read) = (output_type(&operation.response.body), output_read(&operation.response.body, &response));
    let receive = output_receive(&operation.response.body);
    // An XML answer's table, which `read` reads it by and the mock rules write it by.
    let xml_answer = match &operation.response.body {
        ResponseBody::Xml { root, .. } => {
            let root = xml_element(root, Scope::Module);
            Some(quote! {
                impl runtime::XmlAnswer for #name {
                    const ROOT: runtime::XmlElement = #root;
                }
            })
        }
        _ => None,
    };
    let runtime = plain(reserved::RUNTIME);
    quote! {
        impl runtime::Request for #name {
            type Output = #output;
            #receive

            fn runtime(&self) -> &runtime::Runtime {
                &self.#runtime
            }

            fn call(&self) -> ::std::result::Result<runtime::Call, runtime::Error> {
                #body_table
                #body_local
                let #call = runtime::Call::new(&#operation_static)
                    #(#arguments)*
                    #body_call;
                ::std::result::Result::Ok(#call)
            }

            fn read(#response: runtime::Response) -> ::std::result::Result<#output, runtime::Error> {
                #read
            }
        }

        #xml_answer
    }
}

fn operation_static(operation: &Operation) -> TokenStream {
    let name = &operation.static_name;
    let wire_name = &operation.wire_name;
    let method = tokens::method(&operation.method);
    let path = &operation.path;
    let arguments = operation.parameters.iter().map(|parameter| {
        let (name, rules) = (&parameter.wire_name, &parameter.rules);
        let at = tokens::argument_constructor(parameter.location);
        let style = parameter.style_beyond_default().map(|style| {
            let style = tokens::style(style);
            quote! { .with_style(#style) }
        });
        quote! { runtime::Argument::#at(#name, #rules) #style }
    });
    let auth = &operation.auth;
    let idempotent = operation.idempotent;
    let accept = match &operation.response.accept {
        Some(media_types) => quote! { Some(#media_types) },
        None => quote! { None },
    };
    let doc = format!(" `{} {}`", operation.method.as_str(), operation.path_template);
    quote! {
        #[doc = #doc]
        static #name: runtime::Operation = runtime::Operation {
            name: #wire_name,
            method: #method,
            path: &[#(#path),*],
            arguments: &[#(#arguments),*],
            auth: &[#(#auth),*],
            idempotent: #idempotent,
            accept: #accept,
        };
    }
}
