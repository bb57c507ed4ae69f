//! `webhooks.rs`: the requests the service sends to a receiver, as one enum to read a request's
//! body into.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, doc_attrs, rust_type};
use crate::ir::Webhooks;

pub fn emit(webhooks: &Webhooks) -> TokenStream {
    let name = &webhooks.type_name;
    let variants = webhooks.events.iter().map(|event| {
        let docs = doc_attrs(&event.docs);
        let variant = &event.variant;
        match &event.payload {
            Some(payload) => {
                let payload = rust_type(payload, Scope::Module);
                quote! { #docs #variant(#payload), }
            }
            None => quote! { #docs #variant, },
        }
    });
    let names = webhooks.events.iter().map(|event| &event.wire_name);
    let parses = webhooks.events.iter().map(|event| {
        let (wire, variant) = (&event.wire_name, &event.variant);
        match event.payload {
            Some(_) => quote! { #wire => runtime::webhook_body(#wire, body).map(#name::#variant), },
            None => quote! { #wire => ::std::result::Result::Ok(#name::#variant), },
        }
    });
    let wire_names = webhooks.events.iter().map(|event| {
        let (wire, variant) = (&event.wire_name, &event.variant);
        let fields = event.payload.as_ref().map(|_| quote! { (_) });
        quote! { #name::#variant #fields => #wire, }
    });
    let parse_any = webhooks.tag.as_ref().map(|property| {
        let tagged = webhooks.events.iter().filter_map(|event| {
            let (wire, tag) = (&event.wire_name, event.tag.as_ref()?);
            Some(quote! { #tag => Self::parse(#wire, body), })
        });
        let doc = format!(" Reads the body of a webhook request, telling which webhook it is by its `{property}`.");
        quote! {
            #[doc = #doc]
            pub fn parse_any(body: &[u8]) -> ::std::result::Result<Self, runtime::WebhookError> {
                let tag = runtime::webhook_tag(body, #property)?;
                match tag.as_str() {
                    #(#tagged)*
                    _ => ::std::result::Result::Err(runtime::WebhookError::UnknownTag { property: #property, value: tag }),
                }
            }
        }
    });
    let examples = webhooks.events.iter().map(|event| {
        let (wire, body) = (&event.wire_name, serde_json::to_string(&event.example).unwrap_or_default());
        quote! { (#wire, #body), }
    });
    quote! {
        //! The requests the service sends to a receiver (the spec's webhooks), read from their bodies.

        use client_runtime::codegen as runtime;

        use super::models;

        /// A request the service sends, its body read as the spec describes it.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The webhooks' names, as the spec gives them.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Reads the body of the webhook the spec names `name`.
            pub fn parse(name: &str, body: &[u8]) -> ::std::result::Result<Self, runtime::WebhookError> {
                match name {
                    #(#parses)*
                    other => ::std::result::Result::Err(runtime::WebhookError::UnknownWebhook {
                        name: ::std::borrow::ToOwned::to_owned(other),
                        expected: Self::NAMES,
                    }),
                }
            }

            #parse_any

            /// The webhook's name, as the spec gives it.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#wire_names)*
                }
            }
        }

        #[cfg(test)]
        mod tests {
            /// Each webhook reads a body it may carry: the spec's example, else one made from its
            /// schema.
            #[test]
            fn every_webhook_reads_its_example() {
                for (name, body) in [#(#examples)*] {
                    let read = super::#name::parse(name, body.as_bytes());
                    assert_eq!(read.map(|webhook| webhook.name()).map_err(|e| e.to_string()), ::std::result::Result::Ok(name));
                }
            }
        }
    }
}
