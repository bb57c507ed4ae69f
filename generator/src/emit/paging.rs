//! What a request builder gains from `x-pagination` and `x-waiters`: `pages()` and `items()` over
//! the runtime's pager, and a `wait_until_*` method per waiter over the runtime's poller. Only the
//! accessors are emitted; the runtime decides when the pages end and when a wait is over.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Scope, doc_attrs, output_type, rust_type};
use crate::ir::{InputField, NextPage, Operation, Pagination, ResponseField, Waiter, json_texts};

/// The pager and the waiters of `operation`'s request, if it has any.
pub fn emit(operation: &Operation) -> TokenStream {
    let pagination = operation.pagination.as_ref().map(|pagination| paginated(operation, pagination));
    let waiters = (!operation.waiters.is_empty()).then(|| waiters(operation));
    quote! { #pagination #waiters }
}

fn paginated(operation: &Operation, pagination: &Pagination) -> TokenStream {
    let request = &operation.request_type;
    let page = output_type(&operation.response.body);
    let item = rust_type(&pagination.item, Scope::Module);
    let items = &pagination.items.rust_name;
    let (borrowed, owned) = if pagination.items.optional {
        (quote! { page.#items.as_deref().unwrap_or_default() }, quote! { page.#items.unwrap_or_default() })
    } else {
        (quote! { &page.#items }, quote! { page.#items })
    };
    let next = match &pagination.next {
        NextPage::Offset { input, start, total } => {
            let start = proc_macro2::Literal::i64_unsuffixed(*start);
            let current = current_copy(input);
            let total = match total {
                Some(total) => read(total, quote! {}, quote! {}),
                None => quote! { ::std::option::Option::None::<i64> },
            };
            let assign = assign(input);
            quote! {
                let items = <Self as runtime::Paginated>::page_items(page).len();
                let next = runtime::next_offset(#current, #start, items, #total)?;
                let mut request = self.clone();
                #assign
                ::std::option::Option::Some(request)
            }
        }
        NextPage::Page { input, start } => {
            let start = proc_macro2::Literal::i64_unsuffixed(*start);
            let current = current_copy(input);
            let assign = assign(input);
            quote! {
                let items = <Self as runtime::Paginated>::page_items(page).len();
                let next = runtime::next_page(#current, #start, items)?;
                let mut request = self.clone();
                #assign
                ::std::option::Option::Some(request)
            }
        }
        NextPage::Cursor { input, next, more } => {
            let current = current_ref(input);
            let next_value = read(next, quote! { .clone() }, quote! { .clone() });
            let more = match more {
                Some(more) => read(more, quote! {}, quote! {}),
                None => quote! { ::std::option::Option::None },
            };
            let assign = assign(input);
            quote! {
                let next = runtime::next_cursor(#current, #next_value, #more)?;
                let mut request = self.clone();
                #assign
                ::std::option::Option::Some(request)
            }
        }
    };
    let pages_doc = format!(
        " Every page of the answer, from this request's on: the request is sent again for each next page \
         (its `{}` set from the page before) until the last. Read them with `next().await`, or as a stream.",
        input_name(&pagination.next)
    );
    quote! {
        impl #request {
            #[doc = #pages_doc]
            pub fn pages(self) -> runtime::Pages<Self> {
                runtime::Pages::new(self)
            }

            /// Every item of every page, in order; pages are requested as the items are read.
            pub fn items(self) -> runtime::Items<Self> {
                runtime::Pages::new(self).items()
            }
        }

        impl runtime::Paginated for #request {
            type Page = #page;
            type Item = #item;

            fn send_page(self) -> runtime::BoxFuture<'static, ::std::result::Result<Self::Page, runtime::Error>> {
                self.send()
            }

            fn page_items(page: &Self::Page) -> &[Self::Item] {
                #borrowed
            }

            fn into_page_items(page: Self::Page) -> ::std::vec::Vec<Self::Item> {
                #owned
            }

            fn next_request(&self, page: &Self::Page) -> ::std::option::Option<Self> {
                #next
            }
        }
    }
}

fn input_name(next: &NextPage) -> String {
    let input = match next {
        NextPage::Offset { input, .. } | NextPage::Cursor { input, .. } | NextPage::Page { input, .. } => input,
    };
    input.path.iter().map(|name| name.word().to_owned()).collect::<Vec<_>>().join(".")
}

/// `self.offset` (or `self.body.offset`) as an `Option` of a `Copy` value.
fn current_copy(input: &InputField) -> TokenStream {
    let path = &input.path;
    if input.optional {
        quote! { self.#(#path).* }
    } else {
        quote! { ::std::option::Option::Some(self.#(#path).*) }
    }
}

/// The input as an `Option` of a reference.
fn current_ref(input: &InputField) -> TokenStream {
    let path = &input.path;
    if input.optional {
        quote! { self.#(#path).*.as_ref() }
    } else {
        quote! { ::std::option::Option::Some(&self.#(#path).*) }
    }
}

/// Sets the input of `request` to `next`.
fn assign(input: &InputField) -> TokenStream {
    let path = &input.path;
    if input.optional {
        quote! { request.#(#path).* = ::std::option::Option::Some(next); }
    } else {
        quote! { request.#(#path).* = next; }
    }
}

/// A response field of `page` as an `Option`, `optional` or `required` applied to its value.
fn read(field: &ResponseField, optional: TokenStream, required: TokenStream) -> TokenStream {
    let name = &field.rust_name;
    if field.optional {
        quote! { page.#name #optional }
    } else {
        quote! { ::std::option::Option::Some(page.#name #required) }
    }
}

fn waiters(operation: &Operation) -> TokenStream {
    let request = &operation.request_type;
    let methods = operation.waiters.iter().map(|waiter| {
        let (method, table) = (&waiter.method, &waiter.static_name);
        let docs = doc_attrs(&waiter.docs);
        quote! {
            #docs
            pub fn #method(self) -> runtime::Waiter<Self> {
                runtime::Waiter::new(self, &#table)
            }
        }
    });
    let tables = operation.waiters.iter().map(|waiter| {
        let Waiter { wire_name, static_name, state, success, failure, pending, .. } = waiter;
        let interval_seconds = proc_macro2::Literal::u64_unsuffixed(waiter.interval_seconds);
        let timeout_seconds = proc_macro2::Literal::u64_unsuffixed(waiter.timeout_seconds);
        let (success, failure, pending) = (json_texts(success), json_texts(failure), json_texts(pending));
        quote! {
            pub(crate) static #static_name: runtime::Waiting = runtime::Waiting {
                name: #wire_name,
                field: #state,
                success: &[#(#success),*],
                failure: &[#(#failure),*],
                pending: &[#(#pending),*],
                interval: ::std::time::Duration::from_secs(#interval_seconds),
                timeout: ::std::time::Duration::from_secs(#timeout_seconds),
            };
        }
    });
    quote! {
        impl #request {
            #(#methods)*
        }

        #(#tables)*
    }
}
