//! Lowering: from the parsed document to the intermediate form in [`crate::ir`].
//!
//! Every decision about the generated crate is made here (names, types, which parameters belong to
//! the client, which security schemes apply, how values are passed and shown on the command line),
//! so that the emitters only print. Schemas and operations are read first; once every model is
//! known, each operation is finished (its command line and sample) and the form is complete.
//!
//! What the crate cannot express as the spec writes it is read the nearest way it can, with a
//! located warning; only what would make the crate wrong is an error.

mod cli;
mod docs;
mod extensions;
mod links;
mod model_table;
mod operations;
mod paging;
mod progress;
mod recursion;
mod refs;
mod response_fields;
mod schemas;
mod setters;

use std::collections::HashSet;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Error, Pointer, Result};
use crate::ir::{
    Api, Auth, ClientParameter, CommandGroup, EnumValue, Platform, SampleCredentials, Server, ServerVariable,
};
use crate::names;
use crate::parse::Parsed;
use model_table::{ModelIndex, ModelTable};

/// Letters, digits and `_` (and `-` where `dashes`), not starting with a digit: a name that can go
/// into an environment variable's.
fn is_identifier(name: &str, dashes: bool) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (dashes && c == '-'))
}

/// The intermediate form of a spec, and what was read differently than written.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed spec into the crate named `crate_name`. Fails with every error found, naming
/// each location.
pub fn lower(parsed: &Parsed, crate_name: &str) -> Result<Lowered> {
    let arena = refs::Arena::default();
    let mut lowerer = Lowerer::new(&parsed.document, &parsed.raw, &arena);
    let platform = lowerer.platform();
    let mut server = lowerer.server();
    let region =
        server.as_ref().and_then(region).map(|variable| (variable.wire_name.clone(), variable.type_name.clone()));
    if let (Some(server), Some((wire_name, _))) = (&mut server, &region) {
        server.region = Some(wire_name.clone());
    }
    lowerer.component_schemas();
    let operations = lowerer.operations();
    let cli_name = lowerer
        .extension_or_warn::<extensions::CliName>(&parsed.document.info.extensions, &Pointer::root().push("info"))
        .map_or_else(|| names::kebab(&parsed.document.info.title), |extensions::CliName(name)| name);
    let Lowerer { models, client_parameters, mut warnings, errors, .. } = lowerer;
    if !errors.is_empty() {
        return Err(Error { diagnostics: errors });
    }
    let mut models = models.into_models();
    recursion::box_cycles(&mut models);

    let doc = &parsed.document;
    let info = &doc.info;
    let index = ModelIndex::new(&models);
    let mut flags = cli::Flags::new();
    let mut client_parameters = client_parameters;
    for parameter in &mut client_parameters {
        flags.client_parameter(parameter);
    }
    let mut errors = Vec::new();
    let (mut operations, links): (Vec<_>, Vec<_>) = operations
        .into_iter()
        .filter_map(|operation| operation.finish(&index, &flags).map_err(|error| errors.push(error)).ok())
        .unzip();
    if !errors.is_empty() {
        return Err(Error { diagnostics: errors });
    }
    links::resolve(&mut operations, links, &mut warnings);
    setters::assign(&mut models, &operations);
    let command_groups = command_groups(doc, &operations);
    let api = Api {
        title: info.title.clone(),
        version: info.version.clone(),
        docs: docs::paragraphs(info.description.as_deref()),
        crate_name: names::snake(crate_name),
        sample_credentials: sample_credentials(&platform, &operations, &cli_name),
        platform,
        region: region.map(|(_, type_name)| type_name),
        server,
        client_parameters,
        command_groups,
        models,
        operations,
        cli_name,
    };
    Ok(Lowered { api, warnings })
}

/// The command line's groups: the spec's tags in its order, then those only operations name, in
/// the order they first appear; only groups some command is in.
fn command_groups(doc: &openapiv3::OpenAPI, operations: &[crate::ir::Operation]) -> Vec<CommandGroup> {
    let used: Vec<&str> = operations.iter().filter_map(|operation| operation.command.group.as_deref()).collect();
    let mut groups: Vec<CommandGroup> = doc
        .tags
        .iter()
        .filter(|tag| used.contains(&tag.name.as_str()))
        .map(|tag| CommandGroup {
            name: tag.name.clone(),
            about: docs::paragraphs(tag.description.as_deref()).into_iter().next().unwrap_or_default(),
        })
        .collect();
    for name in used {
        if !groups.iter().any(|group| group.name == name) {
            groups.push(CommandGroup { name: name.to_owned(), about: String::new() });
        }
    }
    groups
}

/// A value's rules in one line, as the docs give them: `Length: 1 to 64 characters.`
pub fn rule_text(rules: &crate::ir::Rules) -> String {
    docs::rule_lines(rules, None).join(" ")
}

/// The server variable `--region` and `Config::region` set: one named `region`, else the only
/// variable with an enum.
fn region(server: &Server) -> Option<&ServerVariable> {
    let enums: Vec<&ServerVariable> = server.variables.iter().filter(|v| !v.values.is_empty()).collect();
    let region = enums.iter().find(|v| v.wire_name == "region").or(if enums.len() == 1 { enums.first() } else { None });
    region.copied()
}

fn sample_credentials(platform: &Platform, operations: &[crate::ir::Operation], cli_name: &str) -> SampleCredentials {
    let auth: Vec<&Auth> = operations.iter().flat_map(|operation| &operation.auth).collect();
    match platform {
        _ if auth.is_empty() => SampleCredentials::None,
        Platform::HuaweiCloud { .. } => SampleCredentials::HuaweiCloudEnv,
        Platform::Generic => SampleCredentials::TokenEnv(token_variable(cli_name)),
    }
}

/// The environment variable a generic API's token is read from: `GITHUB_TOKEN` for `github`.
pub fn token_variable(cli_name: &str) -> String {
    format!("{}_TOKEN", names::shouty(cli_name).word())
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// The document untyped, where references outside the components sections are read.
    raw: &'a Value,
    arena: &'a refs::Arena,
    cache: refs::Cache<'a>,
    /// The models made so far, and the crate-level type names taken.
    models: ModelTable,
    /// Schemas being lowered in place, innermost last: one met again is defined through itself.
    resolving: Vec<Pointer>,
    /// Client-level parameters as declared; their flags are given once every operation is read.
    client_parameters: Vec<ClientParameter>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, raw: &'a Value, arena: &'a refs::Arena) -> Self {
        Lowerer {
            doc,
            raw,
            arena,
            cache: refs::Cache::default(),
            models: ModelTable::new(),
            resolving: Vec::new(),
            client_parameters: Vec::new(),
            warnings: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn warn(&mut self, warning: Diagnostic) {
        self.warnings.push(warning);
    }

    fn fail(&mut self, error: Diagnostic) {
        self.errors.push(error);
    }

    /// The spec's first server; one whose variables and URL disagree is not used, with a warning.
    fn server(&mut self) -> Option<Server> {
        let server = self.doc.servers.first()?;
        let at = Pointer::root().push("servers").push("0");
        let mut variables = Vec::new();
        for (name, variable) in server.variables.iter().flatten() {
            let var_at = at.push("variables").push(name);
            if !server.url.contains(&format!("{{{name}}}")) {
                self.warn(
                    var_at
                        .warning("ignored", format!("variable `{name}` does not appear in the server URL"))
                        .note("ignored")
                        .at_key(),
                );
                continue;
            }
            let mut default = variable.default.clone();
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default) {
                default = variable.enumeration[0].clone();
                self.warn(
                    var_at
                        .push("default")
                        .warning(
                            "value coerced",
                            format!("the default `{}` is not one of the enum values", variable.default),
                        )
                        .note(format!("read as `{default}`")),
                );
            }
            let type_name = self.models.type_name(name);
            let user_chosen = self
                .extension_or_warn::<extensions::UserChosen>(&variable.extensions, &var_at)
                .is_some_and(|extensions::UserChosen(chosen)| chosen);
            let environment =
                match self.extension_or_warn::<extensions::EnvironmentVariable>(&variable.extensions, &var_at) {
                    Some(extensions::EnvironmentVariable(name)) if is_identifier(&name, false) => Some(name),
                    Some(_) => {
                        let key = <extensions::EnvironmentVariable as extensions::Extension>::KEY;
                        self.warn(
                            var_at
                                .push(key)
                                .warning("extension ignored", "expected an environment variable's name (`MY_REGION`)")
                                .note("no environment variable is read"),
                        );
                        None
                    }
                    None => None,
                };
            variables.push(ServerVariable {
                wire_name: name.clone(),
                type_name,
                docs: docs::paragraphs(variable.description.as_deref()),
                default,
                values: enum_values(variable.enumeration.iter().map(String::as_str), &[]),
                user_chosen,
                environment,
            });
        }
        if let Some(name) = template_names(&server.url).find(|n| !variables.iter().any(|v| v.wire_name == *n)) {
            self.warn(
                at.push("url")
                    .warning("ignored", format!("`{{{name}}}` in the server URL has no variable"))
                    .note("the server is not used: every client needs an explicit endpoint"),
            );
            return None;
        }
        let docs = docs::paragraphs(server.description.as_deref());
        Some(Server { url: server.url.clone(), docs, variables, region: None })
    }

    /// Lowers every schema under `components/schemas`, so each named object, enum and union
    /// becomes a model even when no operation uses it (error bodies, for one).
    fn component_schemas(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for (name, schema) in &components.schemas {
            let at = Pointer::root().push("components").push("schemas").push(name);
            match schema {
                ReferenceOr::Item(schema) => {
                    self.named_schema(schema, &at);
                }
                ReferenceOr::Reference { reference } => {
                    // An alias: the model is made where it points.
                    let _ = self
                        .follow(reference, &refs::SCHEMAS, &at)
                        .map(|(schema, target)| self.named_schema(schema, &target));
                }
            }
        }
    }
}

/// Names between braces in a URL or path template, in order.
fn template_names(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
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
