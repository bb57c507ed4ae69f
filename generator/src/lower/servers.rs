//! The servers the client talks to: the spec's first, its variables, and which of them is the
//! region that `--region` and `Config::region` set; and the first of a path item's or an
//! operation's own `servers`.

use super::docs;
use super::extensions::{self, Extension};
use super::lowerer::Lowerer;
use super::syntax::{enum_values, is_identifier, template_names};
use crate::diagnostic::Pointer;
use crate::ir::{Server, ServerVariable};
use crate::names;

impl Lowerer<'_> {
    /// The spec's first server, each variable with a type of its own (the `Region` enum); one
    /// whose variables and URL disagree is not used, with a warning.
    pub(super) fn server(&mut self) -> Option<Server> {
        let at = Pointer::root().push("servers");
        let mut server = self.first_server(&self.doc.servers, &at)?;
        for variable in &mut server.variables {
            variable.type_name = self.models.type_name(&variable.wire_name);
        }
        Some(server)
    }

    /// The first of an operation's or a path item's `servers` (at `at`), with its region
    /// variable, if any: the operation is sent there.
    pub(super) fn operation_server(&mut self, servers: &[openapiv3::Server], at: &Pointer) -> Option<Server> {
        let mut server = self.first_server(servers, at)?;
        server.region = region(&server).map(|variable| variable.wire_name.clone());
        Some(server)
    }

    fn first_server(&mut self, servers: &[openapiv3::Server], at: &Pointer) -> Option<Server> {
        let server = servers.first()?;
        let at = at.push("0");
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
            let type_name = names::pascal(name);
            let user_chosen = self
                .extension_or_warn::<extensions::XUserChosen>(&variable.extensions, &var_at)
                .is_some_and(|extensions::XUserChosen(chosen)| chosen);
            let environment =
                match self.extension_or_warn::<extensions::XEnvironmentVariable>(&variable.extensions, &var_at) {
                    Some(extensions::XEnvironmentVariable(name)) if is_identifier(&name) => Some(name),
                    Some(_) => {
                        let key = extensions::XEnvironmentVariable::KEY;
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
}

/// The server variable `--region` and `Config::region` set: one named `region`, else the only
/// variable with an enum.
pub(super) fn region(server: &Server) -> Option<&ServerVariable> {
    let enums: Vec<&ServerVariable> = server.variables.iter().filter(|v| !v.values.is_empty()).collect();
    let region = enums.iter().find(|v| v.wire_name == "region").or(if enums.len() == 1 { enums.first() } else { None });
    region.copied()
}
