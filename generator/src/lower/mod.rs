//! Lowering: from the OpenAPI document to the intermediate form in [`crate::ir`].
//!
//! Every decision about the generated crate is made here (names, types, which parameters belong to
//! the client, which security schemes apply), so that the emitters only print.

mod cli;
mod docs;
mod operations;
mod recursion;
mod schemas;

use std::collections::{HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Pointer, Result};
use crate::ir::{Api, ClientParameter, EnumValue, Model, Server, ServerVariable};
use crate::names;

/// Lowers a parsed document. Fails on the first construct it cannot represent, naming its location.
pub fn lower(doc: &OpenAPI) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc);
    let server = lowerer.server()?;
    lowerer.component_schemas()?;
    let operations = lowerer.operations()?;
    let info = &doc.info;
    let extension = |name: &str| info.extensions.get(name).and_then(|value| value.as_str()).map(str::to_owned);
    let cli_name = extension("x-cli-name").unwrap_or_else(|| cli::kebab(&info.title));
    let crate_name =
        extension("x-crate-name").unwrap_or_else(|| names::snake(&cli_name).trim_start_matches("r#").to_owned());
    let mut models: Vec<Model> = lowerer.models.into_iter().map(|(_, model)| model).collect();
    recursion::box_cycles(&mut models);
    let prelude_shadowed = lowerer.type_names.iter().any(|name| crate::emit::shadows_prelude(name));
    let index: cli::Models = models.iter().map(|model| (model.name.as_str(), model)).collect();
    let mut operations = operations;
    for operation in &mut operations {
        operation.cli = cli::command(operation, &index);
        if let Some(body) = &mut operation.body {
            if body.example.is_null() {
                body.example = cli::example(&body.ty, &index, 0);
            }
        }
    }
    Ok(Api {
        title: info.title.clone(),
        cli_name,
        crate_name,
        version: info.version.clone(),
        docs: docs::paragraphs(info.description.as_deref()),
        server,
        client_parameters: lowerer.client_parameters,
        models,
        prelude_shadowed,
        operations,
    })
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// Models in the order they are first met; the string is the spec location that made each.
    models: Vec<(String, Model)>,
    /// Rust names already used for models (and other crate-level types).
    type_names: HashSet<String>,
    /// The Rust names of the string enum models, for parameter checks.
    enum_models: HashSet<String>,
    /// `#/components/schemas/X` -> the Rust name of its model, once it has one.
    named_schemas: HashMap<String, String>,
    client_parameters: Vec<ClientParameter>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        Lowerer {
            doc,
            models: Vec::new(),
            // Names the generated crate defines besides models.
            type_names: ["Client", "Config", "Error", "Secret", "Credentials", "ServiceError", "ValidationError"]
                .map(String::from)
                .into(),
            named_schemas: HashMap::new(),
            enum_models: HashSet::new(),
            client_parameters: Vec::new(),
        }
    }

    fn server(&mut self) -> Result<Option<Server>> {
        let Some(server) = self.doc.servers.first() else {
            return Ok(None);
        };
        let at = Pointer::root().push("servers").push("0");
        let mut variables = Vec::new();
        for (name, variable) in &server.variables.clone().unwrap_or_default() {
            let var_at = at.push("variables").push(name);
            if !server.url.contains(&format!("{{{name}}}")) {
                return Err(var_at.error(format!("variable `{name}` does not appear in the server URL")));
            }
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default) {
                return Err(var_at.error(format!("the default `{}` is not one of the enum values", variable.default)));
            }
            let type_name = names::unique(names::pascal(name), &mut self.type_names);
            variables.push(ServerVariable {
                wire_name: name.clone(),
                type_name,
                docs: docs::paragraphs(variable.description.as_deref()),
                default: variable.default.clone(),
                values: enum_values(variable.enumeration.iter().map(String::as_str), &[]),
            });
        }
        if let Some(name) = template_names(&server.url).find(|n| !variables.iter().any(|v| v.wire_name == *n)) {
            return Err(at.push("url").error(format!("`{{{name}}}` in the server URL has no variable")));
        }
        Ok(Some(Server { url: server.url.clone(), docs: docs::paragraphs(server.description.as_deref()), variables }))
    }

    /// Lowers every schema under `components/schemas`, so each named object or enum becomes a model
    /// even when no operation uses it (error bodies, for one).
    fn component_schemas(&mut self) -> Result<()> {
        let Some(components) = &self.doc.components else {
            return Ok(());
        };
        for name in components.schemas.keys() {
            let at = Pointer::root().push("components").push("schemas").push(name);
            let escaped = at.as_str().trim_start_matches("#/components/schemas/").to_owned();
            self.named_schema_type(&format!("#/components/schemas/{escaped}"), &at)?;
        }
        Ok(())
    }

    /// Resolves `#/components/<section>/<name>` in `section_of(components)`.
    fn resolve<T>(
        &self,
        reference: &str,
        section: &str,
        section_of: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        at: &Pointer,
    ) -> Result<(&'a T, Pointer)> {
        let prefix = format!("#/components/{section}/");
        let mut reference = reference.to_owned();
        // A reference may point at another reference; follow a bounded number of hops.
        for _ in 0..16 {
            let Some(name) = reference.strip_prefix(&prefix) else {
                return Err(at.error(format!("unsupported reference `{reference}`: expected `{prefix}<name>`")));
            };
            let name = unescape_pointer_token(name);
            let found = self.doc.components.as_ref().and_then(|c| section_of(c).get(&name));
            match found {
                None => return Err(at.error(format!("reference `{reference}` points at nothing"))),
                Some(ReferenceOr::Item(item)) => {
                    return Ok((item, Pointer::root().push("components").push(section).push(&name)));
                }
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
            }
        }
        Err(at.error("reference chain is too long or circular"))
    }
}

/// Names between braces in a URL or path template, in order.
fn template_names(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// JSON pointer tokens escape `/` as `~1` and `~` as `~0`.
fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Enum values with unique Rust variant names, none of them one of `reserved`.
fn enum_values<'s>(wire: impl Iterator<Item = &'s str>, reserved: &[&str]) -> Vec<EnumValue> {
    let mut taken: HashSet<String> = reserved.iter().map(|r| r.to_string()).collect();
    wire.map(|value| EnumValue { wire: value.to_owned(), rust: names::unique(names::pascal(value), &mut taken) })
        .collect()
}
