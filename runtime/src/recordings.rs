//! Recorded exchanges: requests as they were sent and the answers they got, one JSON document a
//! line, each answering the first request that matches it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::error::Error;
use crate::http_answer::HttpAnswer;
use crate::secret::MASK;

/// Recorded exchanges, each answering one request that matches it, in the order they are
/// written: JSON lines, one exchange a line (blank lines are skipped), as
/// [`Recordings::parse`] describes. Added to [`Mocks`](crate::mock::Mocks) after the rules.
///
/// Cloning shares the exchanges and which of them have answered.
#[derive(Clone)]
pub struct Recordings {
    shared: Arc<Shared>,
}

struct Shared {
    exchanges: Vec<Exchange>,
    /// Which exchanges have answered a request.
    used: Mutex<Vec<bool>>,
}

/// One recorded exchange, read.
struct Exchange {
    method: String,
    /// Percent-decoded.
    path: String,
    /// Decoded, sorted: the order of query parameters does not count.
    query: Vec<(String, String)>,
    /// Compared when recorded.
    body: Option<Value>,
    answer: HttpAnswer,
}

/// A line as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    request: RecordedRequest,
    response: RecordedResponse,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedRequest {
    method: String,
    path: String,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    body: Option<Value>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedResponse {
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
}

impl fmt::Debug for Recordings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recordings")
            .field("exchanges", &self.shared.exchanges.len())
            .field("unused", &self.unused())
            .finish()
    }
}

impl Recordings {
    /// Reads recorded exchanges from JSON lines, one exchange a line:
    ///
    /// ```json
    /// {"request": {"method": "GET", "path": "/v1/things/t-1", "query": "fields=name&limit=10"}, "response": {"status": 200, "headers": {"X-Request-Id": "r-1"}, "body": {"name": "a thing"}}}
    /// {"request": {"method": "POST", "path": "/v1/things", "body": {"name": "new", "token": "<redacted>"}}, "response": {"status": 409, "body": {"code": "Conflict"}}}
    /// ```
    ///
    /// - `request`: `method`, `path` (percent-encoded as sent, or not: both are decoded before
    ///   they are compared; it may end in `?query`), `query` (as sent, without the `?`; the order
    ///   of the parameters does not count; none means a request without a query), and `body`. A
    ///   request matches when its method, path and query are the recorded ones, and its body too
    ///   when one is recorded: a JSON string is compared with the body's text, any other JSON value
    ///   with the body read as JSON, where a recorded `"<redacted>"` (as dry runs and the client's
    ///   Debug output show a secret) stands for any value.
    /// - `response`: `status`, `headers` (an object of names and values) and `body`: a JSON string
    ///   is sent as its text, any other value as JSON (with `Content-Type: application/json`
    ///   unless the headers give one), none as an empty body.
    ///
    /// A line that does not read so is an error naming the line.
    pub fn parse(lines: &str) -> Result<Self, Error> {
        let mut exchanges = Vec::new();
        for (index, line) in lines.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
            let number = index + 1;
            let line: Line = serde_json::from_str(line)
                .map_err(|error| Error::Config(format!("recorded exchanges, line {number}: {error}")))?;
            let exchange = Exchange::read(line)
                .map_err(|problem| Error::Config(format!("recorded exchanges, line {number}: {problem}")))?;
            exchanges.push(exchange);
        }
        let used = Mutex::new(vec![false; exchanges.len()]);
        Ok(Recordings { shared: Arc::new(Shared { exchanges, used }) })
    }

    /// Reads recorded exchanges from a file of JSON lines, as [`Recordings::parse`] describes.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|error| {
            Error::Config(format!("cannot read the recorded exchanges {}: {error}", path.display()))
        })?;
        Recordings::parse(&text)
    }

    /// How many exchanges have answered no request yet.
    pub fn unused(&self) -> usize {
        self.shared.used.lock().unwrap_or_else(PoisonError::into_inner).iter().filter(|used| !**used).count()
    }

    /// The answer of the first unused exchange that matches a request of `method` to `url` with
    /// `body` (none when it is streamed), which is then used.
    pub(crate) fn answer(&self, method: &str, url: &url::Url, body: Option<&[u8]>) -> Option<HttpAnswer> {
        let mut used = self.shared.used.lock().unwrap_or_else(PoisonError::into_inner);
        let query = sorted(url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect());
        let path = decoded(url.path());
        let index = self.shared.exchanges.iter().enumerate().position(|(index, exchange)| {
            !used[index]
                && exchange.method.eq_ignore_ascii_case(method)
                && exchange.path == path
                && exchange.query == query
                && exchange.body.as_ref().is_none_or(|recorded| same_body(recorded, body.unwrap_or_default()))
        })?;
        used[index] = true;
        Some(self.shared.exchanges[index].answer.clone())
    }
}

impl Exchange {
    fn read(line: Line) -> Result<Self, String> {
        let RecordedRequest { method, path, query, body } = line.request;
        let (path, query_in_path) = match path.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (path, None),
        };
        if !path.starts_with('/') {
            return Err(format!("the path `{path}` does not begin with `/`"));
        }
        let query = match (query, query_in_path) {
            (Some(_), Some(_)) => return Err("the query is given both in `path` and as `query`".to_owned()),
            (query, in_path) => query.or(in_path).unwrap_or_default(),
        };
        let query = sorted(url::form_urlencoded::parse(query.as_bytes()).into_owned().collect());
        let RecordedResponse { status, headers, body: answer_body } = line.response;
        let mut answer = HttpAnswer::new(status);
        let has_content_type = headers.keys().any(|name| name.eq_ignore_ascii_case("content-type"));
        for (name, value) in headers {
            answer = answer.header(name, value);
        }
        answer = match answer_body {
            None => answer,
            Some(Value::String(text)) => answer.body(text),
            Some(json) if has_content_type => answer.body(json.to_string()),
            Some(json) => answer.json(json),
        };
        Ok(Exchange { method, path: decoded(&path), query, body, answer })
    }
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn decoded(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// Whether a request's `body` is the `recorded` one: its text, for a recorded string; else the
/// same JSON, a recorded `"<redacted>"` standing for any value.
fn same_body(recorded: &Value, body: &[u8]) -> bool {
    match recorded {
        Value::String(text) => text.as_bytes() == body,
        json => serde_json::from_slice::<Value>(body).is_ok_and(|sent| same_json(json, &sent)),
    }
}

fn same_json(recorded: &Value, sent: &Value) -> bool {
    match (recorded, sent) {
        (Value::String(masked), _) if masked == MASK => true,
        (Value::Object(recorded), Value::Object(sent)) => {
            recorded.len() == sent.len()
                && recorded.iter().all(|(name, value)| sent.get(name).is_some_and(|sent| same_json(value, sent)))
        }
        (Value::Array(recorded), Value::Array(sent)) => {
            recorded.len() == sent.len() && recorded.iter().zip(sent).all(|(recorded, sent)| same_json(recorded, sent))
        }
        (recorded, sent) => recorded == sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).expect("a URL")
    }

    #[test]
    fn an_exchange_answers_the_request_that_matches_it_once() {
        let recordings = Recordings::parse(concat!(
            r#"{"request": {"method": "GET", "path": "/v1/things/a%20b?limit=2&fields=x"}, "response": {"status": 200, "body": {"n": 1}}}"#,
            "\n\n",
            r#"{"request": {"method": "GET", "path": "/v1/things/a b", "query": "fields=x&limit=2"}, "response": {"status": 404}}"#,
        ))
        .expect("two exchanges");
        let sent = url("http://host/v1/things/a%20b?fields=x&limit=2");
        assert_eq!(recordings.answer("get", &sent, None).map(|answer| answer.status()), Some(200));
        assert_eq!(recordings.unused(), 1);
        assert_eq!(recordings.answer("GET", &sent, None).map(|answer| answer.status()), Some(404));
        assert!(recordings.answer("GET", &sent, None).is_none(), "each exchange answers once");
        assert!(recordings.answer("GET", &url("http://host/v1/things/a%20b?fields=x"), None).is_none());
    }

    #[test]
    fn recorded_bodies_are_compared_as_json_with_masked_secrets_matching_any_value() {
        let recordings = Recordings::parse(
            r#"{"request": {"method": "POST", "path": "/v1/things", "body": {"name": "a", "key": "<redacted>"}}, "response": {"status": 201}}"#,
        )
        .expect("one exchange");
        let sent = url("http://host/v1/things");
        assert!(recordings.answer("POST", &sent, Some(br#"{"name": "b", "key": "k"}"#)).is_none());
        assert!(recordings.answer("POST", &sent, Some(br#"{"name": "a"}"#)).is_none());
        let answer = recordings.answer("POST", &sent, Some(br#"{"key":"the-real-key","name":"a"}"#));
        assert_eq!(answer.map(|answer| answer.status()), Some(201));
    }

    #[test]
    fn a_line_that_does_not_read_is_an_error_naming_it() {
        let error = Recordings::parse("\n{\"request\": {\"method\": \"GET\"}, \"response\": {\"status\": 200}}")
            .expect_err("no path");
        assert!(error.to_string().contains("line 2") && error.to_string().contains("path"), "{error}");
        let error =
            Recordings::parse(r#"{"request": {"method": "GET", "path": "things"}, "response": {"status": 200}}"#)
                .expect_err("a relative path");
        assert!(error.to_string().contains("does not begin with `/`"), "{error}");
    }
}
