//! `servers.rs`: the server URL and a type per server variable (the region, for OMS).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, enum_values_impl, ident};
use crate::ir::{Api, ServerVariable};

pub fn emit(api: &Api) -> TokenStream {
    let Some(server) = &api.server else {
        return quote! {
            //! Where the service is reached: the spec names no server, so every client needs an
            //! explicit endpoint.

            pub(crate) const SERVER: ::std::option::Option<crate::runtime::Server> = ::std::option::Option::None;
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

        #(#variables)*

        #server_docs
        pub(crate) const SERVER: ::std::option::Option<crate::runtime::Server> = ::std::option::Option::Some(crate::runtime::Server {
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
    let name = ident(&variable.type_name);
    let wire_name = &variable.wire_name;
    let variants = variable.values.iter().map(|value| {
        let docs = doc_attrs(&[format!("`{}`", value.wire)]);
        let variant = ident(&value.rust);
        let default = (value.wire == variable.default).then(|| quote! { #[default] });
        quote! { #docs #default #variant, }
    });
    let values_impl = enum_values_impl(&name, &variable.values, None);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum #name {
            #(#variants)*
        }

        #values_impl

        crate::runtime::string_enum!(#name);

        impl crate::runtime::ServerVariable for #name {
            const NAME: &'static str = #wire_name;

            fn value(&self) -> &str {
                self.as_str()
            }
        }
    }
}
