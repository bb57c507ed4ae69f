//! Lowering: from the OpenAPI document to the intermediate form in [`crate::ir`].
//!
//! Every decision about the generated crate is made here (names, types, which parameters belong to
//! the client, which security schemes apply, how values are passed and shown on the command line),
//! so that the emitters only print. Schemas and operations are read first; once every model is
//! known, each operation is finished (its command line and sample) and the form is complete.

mod cli;
mod docs;
mod operations;
mod recursion;
mod schemas;

use std::collections::{HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::error::{Pointer, Result};
use crate::ir::{
    Api, Auth, ClientParameter, EnumValue, Model, Platform, RustName, SampleCredentials, Server, ServerVariable,
    reserved,
};
use crate::names;

/// Lowers a parsed document into the crate named `crate_name`. Fails on the first construct it
/// cannot represent, naming its location.
pub fn lower(doc: &OpenAPI, crate_name: &str) -> Result<Api> {
    let mut lowerer = Lowerer::new(doc);
    let server = lowerer.server()?;
    lowerer.component_schemas()?;
    let operations = lowerer.operations()?;
    let Lowerer { models, client_parameters, .. } = lowerer;
    // Every slot is filled: a model's lowering either finishes or fails the whole run.
    let mut models: Vec<Model> = models.into_iter().filter_map(|(_, model)| model).collect();
    recursion::box_cycles(&mut models);

    let info = &doc.info;
    let cli_name = info
        .extensions
        .get("x-cli-name")
        .and_then(|value| value.as_str())
        .map_or_else(|| names::kebab(&info.title), str::to_owned);
    let index: cli::Models = models.iter().map(|model| (model.name.word(), model)).collect();
    let mut flags = cli::Flags::new();
    let client_parameters: Vec<ClientParameter> =
        client_parameters.into_iter().map(|parameter| flags.client_parameter(parameter)).collect();
    let operations: Vec<_> = operations.into_iter().map(|operation| operation.finish(&index, &flags)).collect();
    let platform = platform(doc);
    Ok(Api {
        title: info.title.clone(),
        version: info.version.clone(),
        docs: docs::paragraphs(info.description.as_deref()),
        crate_name: names::snake(crate_name),
        platform,
        region: server.as_ref().and_then(region),
        server,
        client_parameters,
        models,
        sample_credentials: sample_credentials(platform, &operations, &cli_name),
        operations,
        cli_name,
    })
}

/// Huawei Cloud when a security scheme asks for its request signing.
fn platform(doc: &OpenAPI) -> Platform {
    let schemes = doc.components.iter().flat_map(|components| components.security_schemes.values());
    let signing = |scheme: &ReferenceOr<openapiv3::SecurityScheme>| match scheme {
        ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { extensions, .. }) => {
            extensions.contains_key(operations::SIGNING_EXTENSION)
        }
        _ => false,
    };
    if schemes.into_iter().any(signing) { Platform::HuaweiCloud } else { Platform::Generic }
}

/// The server variable `--region` and `Config::region` set: one named `region`, else the only
/// variable with an enum.
fn region(server: &Server) -> Option<RustName> {
    let enums: Vec<&ServerVariable> = server.variables.iter().filter(|v| !v.values.is_empty()).collect();
    let region = enums.iter().find(|v| v.wire_name == "region").or(if enums.len() == 1 { enums.first() } else { None });
    region.map(|variable| variable.type_name.clone())
}

fn sample_credentials(platform: Platform, operations: &[crate::ir::Operation], cli_name: &str) -> SampleCredentials {
    let auth: Vec<&Auth> = operations.iter().flat_map(|operation| &operation.auth).collect();
    match platform {
        _ if auth.is_empty() => SampleCredentials::None,
        Platform::HuaweiCloud => SampleCredentials::HuaweiCloudEnv,
        Platform::Generic => SampleCredentials::TokenEnv(token_variable(cli_name)),
    }
}

/// The environment variable a generic API's token is read from: `GITHUB_TOKEN` for `github`.
pub fn token_variable(cli_name: &str) -> String {
    format!("{}_TOKEN", names::shouty(cli_name).word())
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// Models in the order they are first met, each with the spec location that made it. A slot
    /// is taken before the model is lowered, so that a schema that refers to itself finds its name.
    models: Vec<(String, Option<Model>)>,
    /// Rust names already used for models (and other crate-level types).
    type_names: HashSet<String>,
    /// The Rust names of the string enum models, for parameter checks.
    enum_models: HashSet<String>,
    /// `#/components/schemas/X` -> the Rust name of its model, once it has one.
    named_schemas: HashMap<String, RustName>,
    client_parameters: Vec<operations::DeclaredClientParameter>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        Lowerer {
            doc,
            models: Vec::new(),
            type_names: reserved::types().map(String::from).collect(),
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
        for (name, variable) in server.variables.iter().flatten() {
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
    wire.map(|value| EnumValue {
        wire_name: value.to_owned(),
        rust_name: names::unique(names::pascal(value), &mut taken),
    })
    .collect()
}
