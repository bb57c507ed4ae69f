//! An answer as it comes over HTTP (a status, headers and a body), given by a mock rather than a
//! service: turned into the `reqwest::Response` the rest of the client reads, as it reads any.

use bytes::Bytes;

use crate::error::Error;
use crate::xml::XmlElement;

/// An HTTP answer a mock gives: a status, headers and body bytes, read by the client exactly as
/// an answer from the service (error statuses become [`Error::Service`], retries apply, streamed
/// operations read the body as their items).
///
/// ```
/// use client_runtime::mock::HttpAnswer;
///
/// let busy = HttpAnswer::new(503).header("Retry-After", "1");
/// let events = HttpAnswer::new(200)
///     .header("Content-Type", "text/event-stream")
///     .body("data: {\"text\": \"hello\"}\n\n");
/// # drop((busy, events));
/// ```
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
    /// Why the answer cannot be given (a body that could not be written as JSON), said when a
    /// request comes for it.
    problem: Option<String>,
}

impl HttpAnswer {
    /// An answer with this status, no header and an empty body.
    pub fn new(status: u16) -> Self {
        HttpAnswer { status, headers: Vec::new(), body: Bytes::new(), problem: None }
    }

    /// Adds a header (several of one name are all sent).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body, as bytes or text.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// The body as `value` written in JSON, with `Content-Type: application/json`.
    pub fn json(self, value: impl serde::Serialize) -> Self {
        match serde_json::to_vec(&value) {
            Ok(body) => self.header("Content-Type", "application/json").body(body),
            Err(error) => self.problem(format!("the body cannot be written as JSON: {error}")),
        }
    }

    /// The body as `value` written in XML by the table `root` (the generated mock module's),
    /// with `Content-Type: application/xml`.
    pub fn xml(self, root: &XmlElement, value: impl serde::Serialize) -> Self {
        let written = serde_json::to_value(&value)
            .map_err(|error| error.to_string())
            .and_then(|value| crate::xml::write(root, &value));
        match written {
            Ok(body) => self.header("Content-Type", "application/xml").body(body),
            Err(problem) => self.problem(format!("the body cannot be written as XML: {problem}")),
        }
    }

    #[cfg(test)]
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// The same answer, unable to be given for `reason`.
    pub(crate) fn problem(mut self, reason: String) -> Self {
        self.problem = Some(reason);
        self
    }

    /// The answer as reqwest's response to `operation`'s request, or why it cannot be given (a
    /// status or header HTTP does not allow).
    pub(crate) fn into_response(self, operation: &str) -> Result<reqwest::Response, Error> {
        let refused = |reason: String| Error::Config(format!("the mocked answer to {operation}: {reason}"));
        if let Some(problem) = self.problem {
            return Err(refused(problem));
        }
        let mut builder = ::http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let response = builder.body(reqwest::Body::from(self.body)).map_err(|error| refused(error.to_string()))?;
        Ok(reqwest::Response::from(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_answer_is_read_as_one_from_the_network() {
        let answer = HttpAnswer::new(404).header("X-Request-Id", "r-1").json(serde_json::json!({"code": "E1"}));
        let response = answer.into_response("ShowThing").expect("a valid answer");
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.headers()["x-request-id"], "r-1");
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.bytes().await.expect("the body").as_ref(), br#"{"code":"E1"}"#);
    }

    #[test]
    fn an_answer_http_does_not_allow_is_an_error_naming_the_operation() {
        let error = HttpAnswer::new(1000).into_response("ShowThing").expect_err("no such status");
        assert!(error.to_string().contains("the mocked answer to ShowThing"), "{error}");
        let error = HttpAnswer::new(200).header("bad name", "v").into_response("ShowThing").expect_err("bad header");
        assert!(matches!(error, Error::Config(_)), "{error}");
    }
}
