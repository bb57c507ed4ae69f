//! `servers.rs`: the server URL and a type per server variable (the region, for OMS).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, string_enum};
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
    let enums = server.variables.iter().filter(|v| !v.values.is_empty()).map(variable_enum);
    let url = &server.url;
    let mut server_docs = server.docs.clone();
    server_docs.extend([String::new(), format!("`{url}`")]);
    let server_docs = doc_attrs(&server_docs);
    quote! {
        //! Where the service is reached.

        use client_runtime::codegen as runtime;

        #(#enums)*

        #server_docs
        pub(crate) const SERVER: ::std::option::Option<runtime::Server> = ::std::option::Option::Some(#server);
    }
}

fn variable_enum(variable: &ServerVariable) -> TokenStream {
    let mut docs = variable.docs.clone();
    let source = match (&variable.environment, variable.user_chosen) {
        (Some(env), true) => format!("Unless configured, read from `{env}`; there is no default."),
        (Some(env), false) => format!("Unless configured, read from `{env}`, else `{}`.", variable.default),
        (None, true) => "There is no default: it must be configured.".to_owned(),
        (None, false) => format!("Default: `{}`.", variable.default),
    };
    docs.extend([String::new(), format!("The `{{{}}}` in the server URL. {source}", variable.wire_name)]);
    let docs = doc_attrs(&docs);
    let name = &variable.type_name;
    let wire_name = &variable.wire_name;
    // A value the user must choose has no `Default`: nothing picks it for them.
    let has_default = !variable.user_chosen;
    let variants = variable.values.iter().map(|value| {
        let docs = doc_attrs(&[format!("`{}`", value.wire_name)]);
        let variant = &value.rust_name;
        let default = (has_default && value.wire_name == variable.default).then(|| quote! { #[default] });
        quote! { #docs #default #variant, }
    });
    let derive_default = has_default.then(|| quote! { , Default });
    let values_impl = string_enum(name, &variable.values, None);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash #derive_default)]
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
