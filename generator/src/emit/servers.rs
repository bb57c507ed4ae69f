//! `servers.rs`: the server URL and a type per server variable (the region, for OMS).

use proc_macro2::TokenStream;
use quote::quote;

use super::string_enum;
use super::tokens::doc_attrs;
use crate::ir::{Api, ServerVariable};

pub fn emit(api: &Api) -> TokenStream {
    let Some(server) = &api.server else {
        return quote! {
            //! Where the service is reached: the spec names no server, so every client needs an
            //! explicit endpoint.

            use client_runtime::codegen as runtime;

            pub(crate) const SERVER: ::std::option::Option<runtime::Server> = ::std::option::Option::None;
        };
    };
    let variables = server.variables.iter().filter(|v| !v.values.is_empty()).map(variable_enum);
    let url = &server.url;
    let defaults = server.variables.iter().map(|v| {
        let (name, default) = (&v.wire_name, &v.default);
        quote! { (#name, #default) }
    });
    let mut server_docs = server.docs.clone();
    server_docs.extend([String::new(), format!("`{url}`")]);
    let server_docs = doc_attrs(&server_docs);
    quote! {
        //! Where the service is reached.

        use client_runtime::codegen as runtime;

        #(#variables)*

        #server_docs
        pub(crate) const SERVER: ::std::option::Option<runtime::Server> = ::std::option::Option::Some(runtime::Server {
            url: #url,
            defaults: &[#(#defaults),*],
        });
    }
}

fn variable_enum(variable: &ServerVariable) -> TokenStream {
    let mut docs = variable.docs.clone();
    docs.extend([
        String::new(),
        format!("The `{{{}}}` in the server URL. Default: `{}`.", variable.wire_name, variable.default),
    ]);
    let docs = doc_attrs(&docs);
    let name = &variable.type_name;
    let wire_name = &variable.wire_name;
    let variants = variable.values.iter().map(|value| {
        let docs = doc_attrs(&[format!("`{}`", value.wire_name)]);
        let variant = &value.rust_name;
        let default = (value.wire_name == variable.default).then(|| quote! { #[default] });
        quote! { #docs #default #variant, }
    });
    let values_impl = string_enum(name, &variable.values, None);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        #values_impl

        impl runtime::ServerVariable for #name {
            const NAME: &'static str = #wire_name;

            fn value(&self) -> &str {
                self.as_str()
            }
        }
    }
}
