//! Operations: their names, parameters, bodies, responses and security.
//!
//! What a spec writes that the client cannot send as written is read the nearest way it can, with
//! a warning: an operation is left out only when nothing of it could be called. Operations are
//! read before every model is known, as [`Draft`]s; [`Draft::finish`] completes each once they are.

mod bodies;
mod parameters;
mod security;

use std::collections::HashSet;

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::cli::{self, Flags};
use super::docs;
use super::extensions::XIdempotent;
use super::links::DraftLink;
use super::lowerer::Lowerer;
use super::model_table::ModelIndex;
use super::paging::DeclaredPolling;
use super::refs::PATH_ITEMS;
use crate::diagnostic::{Diagnostic, Pointer, Severity};
use crate::ir::{
    CommandSpec, Method, Operation, Parameter, PathPart, RequestBody, ResponseBody, RustName, Setters, WaiterFlag,
    WaiterFlags, reserved,
};
use crate::names;

/// An operation read from the spec, before every model is known.
pub(super) struct Draft {
    /// The operation as far as it is known. [`Draft::finish`] fills in the rest: its command line
    /// (flags, items, waiters, progress), the body's sample, its pagination and waiters. Its
    /// follow-up is set once every operation is finished.
    operation: Operation,
    /// The request body's example, when the spec gives one.
    body_example: Option<Value>,
    /// Its `x-pagination`, `x-waiters` and `x-progress`, as read.
    polling: DeclaredPolling,
    /// The success response's links, resolved once every operation is known.
    links: Vec<DraftLink>,
}

impl Draft {
    pub(super) fn finish(self, models: &ModelIndex, flags: &Flags) -> Result<(Operation, Vec<DraftLink>), Diagnostic> {
        let Draft { mut operation, body_example, polling, links } = self;
        if let Some(body) = &mut operation.body {
            body.example = body_example.unwrap_or_else(|| cli::example(&body.ty, &|name| models.get(name), 0));
        }
        flags.lay_out(&mut operation, models);
        let polling = polling.finish(&operation, models)?;
        let command = &mut operation.command;
        command.items = polling.pagination.as_ref().map(|pagination| pagination.items.wire_name.clone());
        let waiter_flags: Vec<WaiterFlag> = polling
            .waiters
            .iter()
            .map(|waiter| WaiterFlag { value: waiter.flag_value.clone(), static_name: waiter.static_name.clone() })
            .collect();
        let static_name = names::shouty(&format!("{}_waiters", operation.static_name.word()));
        command.waiters = (!waiter_flags.is_empty()).then_some(WaiterFlags { static_name, flags: waiter_flags });
        command.watch = polling.progress.is_some();
        command.progress = polling.progress;
        operation.pagination = polling.pagination;
        operation.waiters = polling.waiters;
        Ok((operation, links))
    }
}

/// What the operations of a path item share: the path, its parameters and servers, where it is.
struct PathItemShared<'a> {
    path: &'a str,
    parameters: &'a [ReferenceOr<openapiv3::Parameter>],
    servers: &'a [openapiv3::Server],
    at: Pointer,
}

/// Names already given: operationIds as written, method names and request builder types.
#[derive(Default)]
pub(super) struct OperationNames {
    wire: HashSet<String>,
    methods: HashSet<String>,
    requests: HashSet<String>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self) -> Vec<Draft> {
        let mut drafts = Vec::new();
        let mut names = OperationNames {
            methods: reserved::METHODS.iter().map(|name| name.to_string()).collect(),
            requests: reserved::REQUEST_EXPORTS
                .iter()
                .chain(&reserved::STREAM_EXPORTS)
                .map(|name| name.to_string())
                .collect(),
            ..Default::default()
        };
        for (path, item) in self.doc.paths.iter() {
            let item_at = Pointer::root().push("paths").push(path);
            let (item, item_at) = match item {
                ReferenceOr::Item(item) => (item, item_at),
                // 3.1's `components/pathItems`, or any path item elsewhere.
                ReferenceOr::Reference { reference } => match self.refs.follow(reference, &PATH_ITEMS, &item_at) {
                    Ok(found) => found,
                    Err(warning) => {
                        self.warn(warning.note("its operations are left out"));
                        continue;
                    }
                },
            };
            let shared =
                PathItemShared { path, parameters: &item.parameters, servers: &item.servers, at: item_at.clone() };
            let named =
                item.iter().filter_map(|(key, operation)| Some((Method::from_key(key)?, operation, item_at.push(key))));
            let operations: Vec<_> = named.chain(self.later_operations(&item_at)).collect();
            for (method, operation, at) in operations {
                match self.operation(&shared, method, operation, &at, &mut names) {
                    Ok(draft) => drafts.push(draft),
                    Err(problem) if problem.severity == Severity::Error => self.fail(problem),
                    Err(problem) => self.warn(problem),
                }
            }
        }
        drafts
    }

    /// OpenAPI 3.2's operations the typed document has no place for: `query`, and
    /// `additionalOperations` by the method they are sent with.
    fn later_operations(&mut self, item_at: &Pointer) -> Vec<(Method<String>, &'a openapiv3::Operation, Pointer)> {
        let mut found = Vec::new();
        let query_at = item_at.push("query");
        if let Some(operation) = self.refs.value_at::<openapiv3::Operation>(&query_at) {
            found.push((Method::Query, operation, query_at));
        }
        let additional_at = item_at.push("additionalOperations");
        let methods: Vec<String> = self
            .refs
            .value_at::<serde_json::Map<String, serde_json::Value>>(&additional_at)
            .map(|methods| methods.keys().cloned().collect())
            .unwrap_or_default();
        for name in methods {
            let at = additional_at.push(&name);
            let is_token =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !is_token {
                self.warn(at.warning("operation skipped", format!("`{name}` is not an HTTP method's name")).at_key());
                continue;
            }
            if Method::<String>::from_key(&name).is_some() {
                self.warn(
                    at.warning("operation skipped", format!("`{name}` has a field of its own in the path item"))
                        .note(format!("write it as `{}`", name.to_ascii_lowercase()))
                        .at_key(),
                );
                continue;
            }
            if let Some(operation) = self.refs.value_at::<openapiv3::Operation>(&at) {
                found.push((Method::Other(name), operation, at));
            }
        }
        found
    }

    fn operation(
        &mut self,
        shared: &PathItemShared<'a>,
        method: Method<String>,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        names: &mut OperationNames,
    ) -> Result<Draft, Diagnostic> {
        let path = shared.path;
        let wire_name = match &operation.operation_id {
            Some(id) if names.wire.insert(id.clone()) => id.clone(),
            Some(id) => {
                self.warn(
                    at.push("operationId")
                        .warning("duplicate name", format!("operationId `{id}` is used by another operation"))
                        .note("this one's method takes a numbered name"),
                );
                id.clone()
            }
            None => format!("{} {}", method.as_str().to_lowercase(), path.replace(['{', '}'], "")),
        };
        let fn_name = names::unique(names::snake(&wire_name), &mut names.methods);
        let request_type = names::unique(names::pascal(fn_name.word()), &mut names.requests);
        let type_context = names::pascal(&wire_name).word().to_owned();
        // The operation's own servers, else its path item's: it is sent there.
        let own_server = if operation.servers.is_empty() {
            self.operation_server(shared.servers, &shared.at.push("servers"))
        } else {
            self.operation_server(&operation.servers, &at.push("servers"))
        };
        if !operation.callbacks.is_empty() {
            self.warn(
                at.push("callbacks")
                    .warning("ignored", "callbacks are requests the service sends, not calls a client makes")
                    .note("ignored")
                    .at_key(),
            );
        }

        let mut argument_names: HashSet<String> = reserved::ARGUMENTS.iter().map(|name| name.to_string()).collect();
        let (mut parameters, client_level) =
            self.parameters(shared.parameters, &operation.parameters, at, &type_context, &mut argument_names)?;
        let mut path_parts = self.path_parts(path, &client_level, &mut parameters, &mut argument_names, at);
        if let Some(server) = own_server {
            path_parts.insert(0, PathPart::Server(Box::new(server)));
        }
        let (mut body, body_example) = match self.request_body(operation, at, &type_context) {
            Some((body, example)) => (Some(body), example),
            None => (None, None),
        };
        let (response, links) = self.response(operation, at, &type_context);
        if matches!(response.body, ResponseBody::Stream { format, .. } if format.is_events()) {
            parameters.extend(parameters::last_event_id(&parameters, &mut argument_names));
        }
        let mut request_methods: HashSet<String> =
            reserved::REQUEST_METHODS.iter().map(|name| name.to_string()).collect();
        let polling = self.polling(&operation.extensions, at, &mut request_methods)?;
        assign_setters(&mut parameters, body.as_mut(), request_methods);
        let auth = self.security(operation, at);
        let idempotent = method.is_idempotent()
            || self.extension_or_warn::<XIdempotent>(&operation.extensions, at).is_some_and(|XIdempotent(yes)| yes);
        let signature = format!("`{} {path}` (`{wire_name}`)", method.as_str());
        let operation = Operation {
            static_name: names::shouty(fn_name.word()),
            // The other names in `cli.rs` (`main`, `command`, `dispatch`, `CLI`, and the statics
            // ending `_PROGRESS` or `_WAITERS`) never end this way.
            command_const: names::shouty(&format!("{}_command", fn_name.word())),
            command_fn: names::snake(&format!("{}_command", fn_name.word())),
            summary: cli::summary(operation),
            command: CommandSpec { group: operation.tags.first().cloned(), ..CommandSpec::default() },
            docs: docs::join([
                docs::paragraphs(operation.summary.as_deref()),
                docs::paragraphs(operation.description.as_deref()),
                vec![signature],
            ]),
            wire_name,
            fn_name,
            request_type,
            method,
            path_template: path.to_owned(),
            path: path_parts,
            parameters,
            body,
            response,
            auth,
            idempotent,
            pagination: None,
            waiters: Vec::new(),
            follow_up: None,
        };
        Ok(Draft { operation, body_example, polling, links })
    }
}

/// Names the request builder's setters for each optional parameter, and the body if it is
/// optional: `limit` and `set_limit`, clear of the builder's other methods (`taken`) and of each
/// other.
fn assign_setters(parameters: &mut [Parameter], body: Option<&mut RequestBody>, mut taken: HashSet<String>) {
    let mut setters = |name: &RustName| Setters {
        set: names::unique(name.clone(), &mut taken),
        set_option: names::unique(names::snake(&format!("set_{}", name.word())), &mut taken),
    };
    for parameter in parameters.iter_mut().filter(|parameter| !parameter.required) {
        parameter.setters = Some(setters(&parameter.rust_name));
    }
    if let Some(body) = body.filter(|body| !body.required) {
        body.setters = Some(setters(&RustName::plain(reserved::BODY)));
    }
}
