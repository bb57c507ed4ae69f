//! A request as it arrived at the recording server, against what the spec and the values given
//! require of it: the request line, the query, the headers, the body and the proof of who sent
//! it; and, for Huawei Cloud, the headers its AK/SK signing adds.

use generator::ir::{self, Location, PathPart, Style};
use serde_json::Value;
use wiremock::Request;

use crate::commands::{Command, Given};

/// Checks `request` against `operation` sent as `command`, with `client_values` for client-level
/// path parameters (by wire name) and `token` as the key an API key scheme sends. Every finding
/// is returned, not only the first.
pub fn check(
    operation: &ir::Operation,
    command: &Command,
    client_values: &[(String, String)],
    token: Option<&str>,
    request: &Request,
) -> Result<(), Vec<String>> {
    let mut found = Vec::new();
    if request.method.as_str() != operation.method.as_str() {
        found.push(format!("method {} (the spec says {})", request.method, operation.method.as_str()));
    }
    let (path, mut fixed_query) = expected_path(operation, command, client_values);
    if request.url.path() != path {
        found.push(format!("path {} (expected {path})", request.url.path()));
    }
    if request.url.fragment().is_some() {
        found.push("the URL carries a fragment".to_owned());
    }
    let query: Vec<(String, String)> =
        request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut expected = Vec::new();
    let mut named_only = Vec::new();
    for given in command.parameters.iter().filter(|given| given.location == Location::Query) {
        let (pairs, names) = query_pairs(given);
        expected.extend(pairs);
        named_only.extend(names);
    }
    expected.append(&mut fixed_query);
    found.extend(compare_query(&query, expected, &named_only));
    for given in command.parameters.iter().filter(|given| given.location == Location::Header) {
        let sent = request.headers.get(&given.wire_name).and_then(|value| value.to_str().ok());
        let wanted = scalar_text(&given.value);
        if sent != wanted.as_deref() {
            found.push(format!("header {}: {sent:?} (expected {wanted:?})", given.wire_name));
        }
    }
    if let Some(body) = &command.body {
        let content_type =
            request.headers.get("content-type").and_then(|value| value.to_str().ok()).unwrap_or_default();
        if !content_type.starts_with(&body.media_type) {
            found.push(format!("content-type {content_type:?} (the spec says {})", body.media_type));
        }
        if Some(&request.body) != command.stdin().as_ref() {
            found.push(format!("body {:?} is not the one given", String::from_utf8_lossy(&request.body)));
        }
    }
    found.extend(proof(operation, token, request));
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// The path the request must have, and the query the path key fixes.
fn expected_path(
    operation: &ir::Operation,
    command: &Command,
    client_values: &[(String, String)],
) -> (String, Vec<(String, String)>) {
    let mut path = String::new();
    let mut fixed = Vec::new();
    for part in &operation.path {
        match part {
            PathPart::Literal(text) => path.push_str(text),
            PathPart::Argument(index) => {
                path.push_str(&scalar_text(&command.parameters[*index].value).unwrap_or_default())
            }
            PathPart::Client(name) => {
                path.push_str(client_values.iter().find(|(wire, _)| wire == name).map_or("", |(_, value)| value));
            }
            PathPart::FixedQuery { name, value } => fixed.push((name.clone(), value.clone())),
            // The operation's own server: the endpoint the tests configure (Prism's) replaces it.
            PathPart::Server(_) => {}
        }
    }
    (path, fixed)
}

/// The query pairs OpenAPI's style rules make of a parameter, and the names of the values they
/// give no form to (an object in a list or in an object), which are only looked for by name.
fn query_pairs(given: &Given) -> (Vec<(String, String)>, Vec<String>) {
    let name = given.wire_name.clone();
    if let Some(text) = scalar_text(&given.value) {
        return (vec![(name, text)], Vec::new());
    }
    match (&given.value, given.style) {
        (Value::Array(items), style) => {
            let Some(texts) = items.iter().map(scalar_text).collect::<Option<Vec<_>>>() else {
                return (Vec::new(), vec![name]);
            };
            let separator = match style {
                Style::Form { explode: true } => {
                    return (texts.into_iter().map(|text| (name.clone(), text)).collect(), Vec::new());
                }
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                _ => ",",
            };
            (vec![(name, texts.join(separator))], Vec::new())
        }
        (Value::Object(fields), Style::Form { explode: true } | Style::DeepObject) => {
            let key = |field: &str| match given.style {
                Style::DeepObject => format!("{name}[{field}]"),
                _ => field.to_owned(),
            };
            let (mut pairs, mut names) = (Vec::new(), Vec::new());
            for (field, value) in fields {
                match scalar_text(value) {
                    Some(text) => pairs.push((key(field), text)),
                    None => names.push(key(field)),
                }
            }
            (pairs, names)
        }
        _ => (Vec::new(), vec![name]),
    }
}

/// Every expected pair must have arrived, and nothing else but the parameters whose form is
/// not defined (by their name, as `name`, `name.…` or `name[…]`).
fn compare_query(
    query: &[(String, String)],
    mut expected: Vec<(String, String)>,
    named_only: &[String],
) -> Vec<String> {
    let mut found = Vec::new();
    let mut unexpected = Vec::new();
    let mut seen_names = Vec::new();
    for pair in query {
        if let Some(at) = expected.iter().position(|wanted| wanted == pair) {
            expected.remove(at);
        } else if let Some(name) = named_only.iter().find(|name| {
            pair.0 == **name || pair.0.starts_with(&format!("{name}.")) || pair.0.starts_with(&format!("{name}["))
        }) {
            seen_names.push(name);
        } else {
            unexpected.push(format!("{}={}", pair.0, pair.1));
        }
    }
    if !unexpected.is_empty() {
        found.push(format!("query has {} that was not given", unexpected.join("&")));
    }
    if !expected.is_empty() {
        let missing: Vec<String> = expected.iter().map(|(k, v)| format!("{k}={v}")).collect();
        found.push(format!("query lacks {}", missing.join("&")));
    }
    for name in named_only.iter().filter(|name| !seen_names.contains(name)) {
        found.push(format!("query lacks the parameter {name}"));
    }
    found
}

/// The key an API key scheme sends must be where the scheme says (the first way the operation
/// accepts).
fn proof(operation: &ir::Operation, token: Option<&str>, request: &Request) -> Vec<String> {
    let Some(token) = token else { return Vec::new() };
    let sent = match operation.auth.first() {
        Some(ir::Auth::ApiKey { location: Location::Header, name, .. }) => {
            request.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
        }
        Some(ir::Auth::ApiKey { location: Location::Query, name, .. }) => {
            request.url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
        }
        Some(ir::Auth::Bearer) => request
            .headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned),
        _ => return Vec::new(),
    };
    if sent.as_deref() == Some(token) {
        Vec::new()
    } else {
        vec!["the credentials are not where the security scheme says".into()]
    }
}

/// What Huawei Cloud's AK/SK signing adds to every request: `X-Sdk-Date`, `X-Project-Id` (when the
/// path has a project) and an `Authorization` of the access key, naming the signed headers.
pub fn check_huawei_signing(request: &Request, access_key: &str, project_id: Option<&str>) -> Result<(), Vec<String>> {
    let header = |name: &str| request.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let mut found = Vec::new();
    let date = header("x-sdk-date");
    let is_date = date.len() == 16
        && date.char_indices().all(|(at, c)| match at {
            8 => c == 'T',
            15 => c == 'Z',
            _ => c.is_ascii_digit(),
        });
    if !is_date {
        found.push(format!("X-Sdk-Date {date:?} is not a time as YYYYMMDDTHHMMSSZ"));
    }
    if let Some(project_id) = project_id
        && header("x-project-id") != project_id
    {
        found.push(format!("X-Project-Id {:?} (expected the project {project_id})", header("x-project-id")));
    }
    let authorization = header("authorization");
    let prefix = format!("SDK-HMAC-SHA256 Access={access_key}, SignedHeaders=");
    match authorization.strip_prefix(&prefix).and_then(|rest| rest.split_once(", Signature=")) {
        None => found.push("Authorization is not an SDK-HMAC-SHA256 signature of the access key".into()),
        Some((signed, signature)) => {
            let signed: Vec<&str> = signed.split(';').collect();
            let wanted = ["host", "x-sdk-date"].into_iter().chain(project_id.map(|_| "x-project-id"));
            for name in wanted.filter(|name| !signed.contains(name)) {
                found.push(format!("the signature does not cover {name}"));
            }
            if signature.len() != 64 || !signature.chars().all(|c| c.is_ascii_hexdigit()) {
                found.push("the signature is not 64 hexadecimal digits".into());
            }
        }
    }
    if found.is_empty() { Ok(()) } else { Err(found) }
}

/// A scalar value as text (a string as it is, a number or boolean as JSON writes it); `None` for
/// a list or an object.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::ir::Flag;
    use serde_json::json;

    fn given(name: &str, style: Style, value: Value) -> Given {
        let flag = Flag::default();
        Given { wire_name: name.into(), location: Location::Query, style, flag, value, schema: Value::Null }
    }

    #[test]
    fn query_pairs_follow_the_parameter_style() {
        let exploded = given("tag", Style::Form { explode: true }, json!(["a", "b"]));
        assert_eq!(query_pairs(&exploded).0, [("tag".into(), "a".into()), ("tag".into(), "b".into())]);
        let piped = given("tag", Style::PipeDelimited, json!(["a", "b"]));
        assert_eq!(query_pairs(&piped).0, [("tag".to_owned(), "a|b".to_owned())]);
        let deep = given("filter", Style::DeepObject, json!({"kind": "cat", "ages": [1]}));
        assert_eq!(query_pairs(&deep), (vec![("filter[kind]".into(), "cat".into())], vec!["filter[ages]".into()]));
        let objects = given("Tags", Style::Form { explode: true }, json!([{"Key": "k"}]));
        assert_eq!(query_pairs(&objects), (Vec::new(), vec!["Tags".to_owned()]));
    }

    #[test]
    fn a_query_must_hold_what_was_given_and_nothing_else() {
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let expected = vec![pair("Action", "List"), pair("limit", "1")];
        assert!(compare_query(&[pair("limit", "1"), pair("Action", "List")], expected.clone(), &[]).is_empty());
        let found = compare_query(&[pair("limit", "2"), pair("Action", "List")], expected.clone(), &[]);
        assert_eq!(found, ["query has limit=2 that was not given", "query lacks limit=1"]);
        let named = ["Tags".to_owned()];
        assert!(compare_query(&[pair("Tags.member.1.Key", "k")], Vec::new(), &named).is_empty());
        assert_eq!(compare_query(&[], Vec::new(), &named), ["query lacks the parameter Tags"]);
    }

    fn signed(headers: &[(&'static str, &str)]) -> Request {
        let mut map = wiremock::http::HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, value.parse().expect("a header value"));
        }
        let url = "http://127.0.0.1/v2/p1/taskgroups".parse().expect("a URL");
        Request { url, method: wiremock::http::Method::GET, headers: map, body: Vec::new() }
    }

    #[test]
    fn huawei_signing_needs_its_headers_and_a_signature_of_the_key() {
        let signature = "0".repeat(64);
        let authorization =
            format!("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-project-id;x-sdk-date, Signature={signature}");
        let good =
            signed(&[("x-sdk-date", "20261206T041500Z"), ("x-project-id", "p1"), ("authorization", &authorization)]);
        assert_eq!(check_huawei_signing(&good, "AK", Some("p1")), Ok(()));
        let found = check_huawei_signing(&good, "OTHER", Some("p2")).expect_err("another key and project");
        assert_eq!(found.len(), 2, "{found:?}");
        let unsigned = signed(&[("x-sdk-date", "yesterday")]);
        assert_eq!(check_huawei_signing(&unsigned, "AK", None).expect_err("no signature").len(), 2);
    }
}
