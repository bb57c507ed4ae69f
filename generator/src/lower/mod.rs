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
mod example_fit;
mod extensions;
mod links;
mod lowerer;
mod model_table;
mod operations;
mod paging;
mod progress;
mod recursion;
mod refs;
mod response_fields;
mod schemas;
mod servers;
mod setters;
mod syntax;
mod webhooks;
mod xml;

use crate::diagnostic::{Diagnostic, Error, Pointer, Result};
use crate::ir::{
    Api, Auth, BodyEncoding, CommandGroup, Model, Operation, Platform, RUNTIME_XML_FEATURE, ResponseBody,
    SampleCredentials,
};
use crate::names;
use crate::parse::Parsed;
use lowerer::Lowerer;
use model_table::ModelIndex;

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
    let region = server
        .as_ref()
        .and_then(servers::region)
        .map(|variable| (variable.wire_name.clone(), variable.type_name.clone()));
    if let (Some(server), Some((wire_name, _))) = (&mut server, &region) {
        server.region = Some(wire_name.clone());
    }
    lowerer.component_schemas();
    let operations = lowerer.operations();
    let webhooks = lowerer.webhooks();
    let cli_name = lowerer
        .extension_or_warn::<extensions::XCliName>(&parsed.document.info.extensions, &Pointer::root().push("info"))
        .map_or_else(|| names::kebab(&parsed.document.info.title), |extensions::XCliName(name)| name);
    let Lowerer { models, client_parameters, mut warnings, errors, mut xml_tables, .. } = lowerer;
    if !errors.is_empty() {
        return Err(Error { diagnostics: errors });
    }
    let mut models = models.into_models();
    for model in &mut models {
        model.xml = xml_tables.remove(model.name.word());
    }
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
    cli::share_body_fields(&mut operations);
    let webhooks = webhooks.map(|draft| webhooks::finish(draft, &index, &mut warnings));
    let query_examples = cli::query_examples(&operations, &index);
    links::resolve(&mut operations, links, &mut warnings);
    setters::assign(&mut models, &operations);
    let command_groups = command_groups(doc, &parsed.raw, &mut operations);
    let runtime_features = runtime_features(&models, &operations);
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
        query_examples,
        models,
        operations,
        webhooks,
        cli_name,
        runtime_features,
    };
    Ok(Lowered { api, warnings })
}

/// The runtime's optional features the generated code calls on: reading and writing XML when a
/// request, an answer or an error body is XML (a model has an XML table only when one reaches it).
fn runtime_features(models: &[Model], operations: &[Operation]) -> Vec<&'static str> {
    let xml_body = |operation: &Operation| {
        operation.body.as_ref().is_some_and(|body| matches!(body.encoding, BodyEncoding::Xml(_)))
            || matches!(operation.response.body, ResponseBody::Xml { .. })
            || operation.response.errors.iter().any(|error| error.xml)
    };
    let xml = models.iter().any(|model| model.xml.is_some()) || operations.iter().any(xml_body);
    xml.then_some(RUNTIME_XML_FEATURE).into_iter().collect()
}

/// The command line's groups: the spec's tags in its order (3.2's nested tags right after their
/// parent, named `Parent › Child`), then those only operations name, in the order they first
/// appear; only groups some command is in.
fn command_groups(
    doc: &openapiv3::OpenAPI,
    raw: &serde_json::Value,
    operations: &mut [Operation],
) -> Vec<CommandGroup> {
    let parent_of = |index: usize| raw.get("tags")?.get(index)?.get("parent")?.as_str();
    let parents: Vec<Option<&str>> = (0..doc.tags.len()).map(parent_of).collect();
    // Each tag's place: under its parent's (after the parent and its earlier children).
    let mut ordered: Vec<usize> = (0..doc.tags.len()).filter(|index| parents[*index].is_none()).collect();
    for (index, parent) in parents.iter().enumerate() {
        let Some(parent) = parent else { continue };
        match ordered.iter().rposition(|other| doc.tags[*other].name == *parent || parents[*other] == Some(*parent)) {
            Some(place) => ordered.insert(place + 1, index),
            None => ordered.push(index),
        }
    }
    // A nested tag's commands are listed under its heading.
    for (tag, parent) in doc.tags.iter().zip(&parents) {
        let Some(parent) = parent else { continue };
        let heading = format!("{parent} › {}", tag.name);
        for command in operations.iter_mut().map(|operation| &mut operation.command) {
            if command.group.as_deref() == Some(tag.name.as_str()) {
                command.group = Some(heading.clone());
            }
        }
    }
    let used: Vec<&str> = operations.iter().filter_map(|operation| operation.command.group.as_deref()).collect();
    let mut groups: Vec<CommandGroup> = ordered
        .into_iter()
        .map(|index| {
            let (tag, parent) = (&doc.tags[index], parents[index]);
            CommandGroup {
                name: parent.map_or_else(|| tag.name.clone(), |parent| format!("{parent} › {}", tag.name)),
                about: docs::paragraphs(tag.description.as_deref()).into_iter().next().unwrap_or_default(),
            }
        })
        .filter(|group| used.contains(&group.name.as_str()))
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
