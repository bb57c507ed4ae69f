//! `src/api/mod.rs`: the generated modules, and the names the crate's root re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::plain;
use crate::ir::{Api, Platform, reserved};

pub fn emit(api: &Api) -> TokenStream {
    let title = format!(" The generated API of {} ({}).", api.title, api.version);
    // `servers` exports only the types of its enum variables, if there are any.
    let has_server_types = api.server.iter().flat_map(|s| &s.variables).any(|v| !v.values.is_empty());
    let server_types = has_server_types.then(|| quote! { pub use servers::*; });
    let models = (!api.models.is_empty()).then(|| quote! { pub use models::*; });
    let client = plain(reserved::CLIENT_TYPE);
    let runtime_exports = reserved::RUNTIME_EXPORTS.map(plain);
    // Only specs with webhooks have the module, so that the others' output stays as it was.
    let webhooks = api.webhooks.as_ref().map(|webhooks| {
        let name = &webhooks.type_name;
        quote! {
            pub mod webhooks;
            pub use webhooks::#name;
            pub use client_runtime::WebhookError;
        }
    });
    let platform_exports = matches!(api.platform, Platform::HuaweiCloud { .. }).then(|| {
        let names = reserved::HUAWEICLOUD_EXPORTS.map(plain);
        quote! { pub use huaweicloud_runtime::{#(#names),*}; }
    });
    let mock = plain(reserved::MOCK_MODULE);
    quote! {
        #![doc = #title]
        // Constructors and methods take what the spec requires, however many values that is.
        #![allow(clippy::too_many_arguments)]

        #[cfg(feature = "cli")]
        pub mod cli;
        pub mod client;
        #[cfg(feature = "test-util")]
        pub mod #mock;
        pub mod models;
        pub mod requests;
        pub mod servers;
        #webhooks

        pub use client::#client;
        #models
        #server_types
        pub use client_runtime::{#(#runtime_exports),*};
        #platform_exports
    }
}
