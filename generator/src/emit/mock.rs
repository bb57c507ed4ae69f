//! `mock.rs`, compiled with the crate's `test-util` feature: a constructor of a mock rule per
//! operation, named as the client's method. The rules themselves are the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::tokens::{mock_rule, plain};
use crate::ir::{Api, Operation, reserved};

/// Part `part` of `mock.rs`: the first holds the module's docs and imports, each other the rules
/// of a few operations, a chunk each.
pub fn emit(api: &Api, part: usize) -> Vec<Chunk<'_>> {
    match super::operations_of_part(api, part) {
        None => vec![Chunk::Tokens(header(api))],
        Some(operations) => operations.map(|(_, operation)| Chunk::Tokens(constructor(operation))).collect(),
    }
}

fn header(api: &Api) -> TokenStream {
    let exports = reserved::MOCK_EXPORTS.map(plain);
    let requests = (!api.operations.is_empty()).then(|| quote! { use super::requests; });
    quote! {
        //! Testing code that uses the client without the service: a [`Rule`] per operation, made by
        //! the function named as the client's method, answers that operation's requests whose
        //! inputs it accepts with typed outputs, error bodies or HTTP answers, in order; a client
        //! made from [`Mocks`] ([`Client::from_mocks`](super::Client::from_mocks)) sends nothing
        //! and needs no credentials, while validation, retries, pagers and waiters run as they do
        //! with the service. Run tests of waiters and retries on Tokio's paused clock
        //! (`#[tokio::test(start_paused = true)]`), so that their waits take no time. The runtime's
        //! `client_runtime::mock` documents the rules in full.

        pub use client_runtime::mock::{#(#exports),*};
        #requests
    }
}

/// `fn <operation>() -> Rule<requests::<Request>>`.
fn constructor(operation: &Operation) -> TokenStream {
    let (name, request) = (&operation.fn_name, &operation.request_type);
    let rule = mock_rule(&operation.response.body);
    let docs = format!(" A rule for `{}` requests, made by `Client::{}`.", operation.wire_name, name.word());
    quote! {
        #[doc = #docs]
        pub fn #name() -> Rule<requests::#request> {
            #rule
        }
    }
}
