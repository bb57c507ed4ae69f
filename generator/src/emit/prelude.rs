//! Emitters write standard types by full path (`::std::option::Option`), which is always right.
//! When the generated crate defines no type that would shadow them, this pass shortens those paths
//! to the prelude names before printing: the code reads better.
//!
//! The paths are shortened in the parsed syntax tree, where a path is one node, rather than in the
//! tokens, which would all be copied to rebuild every group; only a macro's arguments and an
//! attribute's list, which syn leaves as tokens, are shortened as tokens.

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};

use crate::ir::Api;

/// `(module, name)`: `::std::<module>::<name>` is the prelude's `<name>`.
pub const PRELUDE: [(&str, &str); 7] = [
    ("option", "Option"),
    ("string", "String"),
    ("vec", "Vec"),
    ("boxed", "Box"),
    ("result", "Result"),
    ("default", "Default"),
    ("convert", "Into"),
];

/// Whether a generated type takes a prelude name (`String`, `Option`, `Result`...), so that generated
/// code must name the standard ones by full path.
pub fn shadowed(api: &Api) -> bool {
    let models = api.models.iter().map(|model| &model.name);
    let variables = api.server.iter().flat_map(|server| &server.variables).map(|variable| &variable.type_name);
    let requests = api.operations.iter().map(|operation| &operation.request_type);
    models.chain(variables).chain(requests).any(|name| PRELUDE.iter().any(|(_, prelude)| *prelude == name.word()))
}

/// Every standard path in `file` with a prelude name, shortened to that name.
pub fn shorten_file(file: &mut syn::File) {
    Shortener.visit_file_mut(file);
}

struct Shortener;

impl VisitMut for Shortener {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let segments = &path.segments;
        let prelude = path.leading_colon.is_some()
            && segments.len() >= 3
            && segments[0].ident == "std"
            && segments[0].arguments.is_none()
            && segments[1].arguments.is_none()
            && PRELUDE.iter().any(|(module, name)| segments[1].ident == module && segments[2].ident == name);
        if prelude {
            path.leading_colon = None;
            path.segments = std::mem::take(&mut path.segments).into_pairs().skip(2).collect();
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = shorten(std::mem::take(&mut mac.tokens));
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        list.tokens = shorten(std::mem::take(&mut list.tokens));
        visit_mut::visit_meta_list_mut(self, list);
    }
}

/// The prelude paths in `tokens` shortened, as tokens.
pub fn shorten(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some(name) = prelude_path(&tokens[i..]) {
            out.push(TokenTree::Ident(name));
            i += 9;
            continue;
        }
        out.push(match &tokens[i] {
            TokenTree::Group(group) => {
                let mut shortened = Group::new(group.delimiter(), shorten(group.stream()));
                shortened.set_span(group.span());
                TokenTree::Group(shortened)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// `:: std :: module :: Name` at the start of `tokens`, for a prelude name: that name.
fn prelude_path(tokens: &[TokenTree]) -> Option<Ident> {
    let colons = |at: usize| {
        matches!((tokens.get(at), tokens.get(at + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && b.as_char() == ':')
    };
    let ident = |at: usize| match tokens.get(at) {
        Some(TokenTree::Ident(ident)) => Some(ident),
        _ => None,
    };
    if !(colons(0) && colons(3) && colons(6)) || ident(2)? != "std" {
        return None;
    }
    let (module, name) = (ident(5)?, ident(8)?);
    PRELUDE.iter().any(|(m, n)| module == m && name == n).then(|| name.clone())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn std_paths_become_prelude_names_in_a_syntax_tree() {
        let mut file: syn::File = syn::parse2(quote! {
            fn f(a: ::std::option::Option<::std::vec::Vec<::std::string::String>>) -> ::std::result::Result<(), E> {
                let b: ::std::collections::BTreeMap<K, V> = m!(::std::option::Option::None);
                ::std::option::Option::Some(a)
            }
        })
        .unwrap();
        shorten_file(&mut file);
        let expected: syn::File = syn::parse2(quote! {
            fn f(a: Option<Vec<String>>) -> Result<(), E> {
                let b: ::std::collections::BTreeMap<K, V> = m!(Option::None);
                Option::Some(a)
            }
        })
        .unwrap();
        assert_eq!(prettyplease::unparse(&file), prettyplease::unparse(&expected));
    }

    #[test]
    fn std_paths_become_prelude_names() {
        let tokens = quote! { ::std::option::Option<::std::vec::Vec<::std::string::String>> };
        assert_eq!(shorten(tokens).to_string(), quote! { Option<Vec<String>> }.to_string());
        let tokens = quote! { fn f() -> ::std::result::Result<(), E> { ::std::option::Option::None } };
        assert_eq!(shorten(tokens).to_string(), quote! { fn f() -> Result<(), E> { Option::None } }.to_string());
        let untouched = quote! { ::std::collections::BTreeMap<K, V> };
        assert_eq!(shorten(untouched.clone()).to_string(), untouched.to_string());
    }
}
