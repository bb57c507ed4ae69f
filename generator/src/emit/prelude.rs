//! Emitters write standard types by full path (`::std::option::Option`), which is always right.
//! When the generated crate defines no type that would shadow them, this pass shortens those paths
//! to the prelude names before formatting: the code reads better and formats faster.

use proc_macro2::{Group, Ident, TokenStream, TokenTree};

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
    fn std_paths_become_prelude_names() {
        let tokens = quote! { ::std::option::Option<::std::vec::Vec<::std::string::String>> };
        assert_eq!(shorten(tokens).to_string(), quote! { Option<Vec<String>> }.to_string());
        let tokens = quote! { fn f() -> ::std::result::Result<(), E> { ::std::option::Option::None } };
        assert_eq!(shorten(tokens).to_string(), quote! { fn f() -> Result<(), E> { Option::None } }.to_string());
        let untouched = quote! { ::std::collections::BTreeMap<K, V> };
        assert_eq!(shorten(untouched.clone()).to_string(), untouched.to_string());
    }
}
