//! OpenAPI `links` from an operation's success response to an operation with waiters: the command
//! line's `--wait` then sends the first and polls the second (`start-task-group --wait completed`).
//!
//! ```yaml
//! responses:
//!   '200':
//!     links:
//!       ShowTaskGroup:
//!         operationId: ShowTaskGroup
//!         parameters:
//!           group_id: $request.path.group_id   # or $request.query.NAME, $request.header.NAME,
//!                                              # $response.body#/json/pointer
//! ```
//!
//! Every required parameter of the linked operation must be given. A link the command line cannot
//! follow (an `operationRef`, an expression of another kind, a parameter missing) is left out with
//! a warning at its location; a link to an operation without waiters is documentation only.

use api_vocab::Location;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{FollowUp, LinkSource, LinkedArgument, Operation};

/// A link as the spec gives it, with where it stands.
pub(super) struct DraftLink {
    pub link: openapiv3::Link,
    pub at: Pointer,
}

/// Sets each operation's follow-up from its links (`links[i]` are `operations[i]`'s): the first
/// link `--wait` can follow, unless the operation has waiters of its own.
pub(super) fn resolve(operations: &mut [Operation], links: Vec<Vec<DraftLink>>, warnings: &mut Vec<Diagnostic>) {
    for (index, links) in links.into_iter().enumerate() {
        for link in links {
            let (follow_up, target) = match follow_up(operations, index, &link) {
                Ok(found) => found,
                Err(Some(warning)) => {
                    warnings.push(warning);
                    continue;
                }
                Err(None) => continue,
            };
            let operation = &operations[index];
            if !operation.waiters.is_empty() || operation.follow_up.is_some() {
                let which = if operation.waiters.is_empty() { "another link" } else { "its own waiters" };
                warnings.push(
                    link.at.warning("link not followed", format!("`--wait` on this operation already follows {which}")),
                );
                continue;
            }
            let target = &operations[target];
            let waiters = target.command.waiters.clone();
            let progress = target.command.progress.clone();
            let operation = &mut operations[index];
            operation.command.waiters = waiters;
            operation.command.progress = progress;
            operation.follow_up = Some(follow_up);
        }
    }
}

/// What `link` of `operations[index]` gives, and the index of the operation it leads to:
/// `Err(None)` when that has no waiters.
fn follow_up(
    operations: &[Operation],
    index: usize,
    draft: &DraftLink,
) -> Result<(FollowUp, usize), Option<Diagnostic>> {
    let (link, at) = (&draft.link, &draft.at);
    let openapiv3::LinkOperation::OperationId(target_id) = &link.operation else {
        return Err(Some(at.warning("link not followed", "`--wait` follows links by `operationId` only")));
    };
    let Some(target_index) = operations.iter().position(|operation| &operation.wire_name == target_id) else {
        return Err(Some(
            at.push("operationId").warning("link not followed", format!("no operation has the id `{target_id}`")),
        ));
    };
    let target = &operations[target_index];
    if target.waiters.is_empty() {
        return Err(None);
    }
    if target.body.as_ref().is_some_and(|body| body.required) {
        return Err(Some(at.warning("link not followed", "the linked operation needs a request body")));
    }
    let source = &operations[index];
    let mut arguments = Vec::new();
    for parameter in target.parameters.iter().filter(|parameter| parameter.required) {
        let given = link.parameters.iter().find(|(name, _)| {
            let name = name.split_once('.').map_or(name.as_str(), |(_, name)| name);
            name == parameter.wire_name
        });
        let Some((name, expression)) = given else {
            let message = format!("the link gives no value for the required parameter `{}`", parameter.wire_name);
            return Err(Some(at.push("parameters").warning("link not followed", message)));
        };
        let at = at.push("parameters").push(name);
        let source = link_source(source, expression.as_str().unwrap_or_default())
            .ok_or_else(|| {
                at.warning(
                    "link not followed",
                    "expected `$request.path.NAME`, `$request.query.NAME`, `$request.header.NAME` (a parameter \
                     of this operation) or `$response.body#/pointer`",
                )
            })
            .map_err(Some)?;
        arguments.push(LinkedArgument { ty: parameter.ty.clone(), source });
    }
    Ok((FollowUp { target_fn: target.fn_name.clone(), arguments }, target_index))
}

/// Where an expression's value comes from, if the command line can read it.
fn link_source(operation: &Operation, expression: &str) -> Option<LinkSource> {
    if let Some(pointer) = expression.strip_prefix("$response.body#") {
        return Some(LinkSource::Answer(pointer.to_owned()));
    }
    let (location, name) = expression.strip_prefix("$request.")?.split_once('.')?;
    let location = match location {
        "path" => Location::Path,
        "query" => Location::Query,
        "header" => Location::Header,
        _ => return None,
    };
    let parameter = operation
        .parameters
        .iter()
        .find(|parameter| parameter.location == location && parameter.wire_name.eq_ignore_ascii_case(name))?;
    Some(LinkSource::Flag(parameter.flag.flag.clone()))
}
