//! What comes back: an answer read within the size limit, an error status as a [`ServiceError`],
//! and a success response as generated code reads it.

use reqwest::header::{HeaderName, RETRY_AFTER};

use crate::error::{Error, ServiceError};
use crate::platform::Platform;
use crate::retry;

/// The response header that carries the service's request id.
const REQUEST_ID: &str = "x-request-id";

/// A success response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

impl Response {
    /// Reads the answer to `operation`'s request: its body up to `limit` bytes, and an error
    /// status as the service's error, its code and message where `platform` says they are.
    pub(crate) async fn read(
        mut response: reqwest::Response,
        operation: &str,
        limit: usize,
        platform: &dyn Platform,
    ) -> Result<Response, Error> {
        let status = response.status().as_u16();
        let header = |name: HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let request_id = header(HeaderName::from_static(REQUEST_ID));
        let retry_after = header(RETRY_AFTER).as_deref().and_then(retry::parse_retry_after);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { status, request_id, limit });
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(operation, status, request_id = request_id.as_deref(), "received response");
        if !(200..300).contains(&status) {
            let mut error = ServiceError::from_response(
                status,
                request_id,
                &body,
                platform.error_fields(),
                platform.authorization_message_field(),
            );
            error.retry_after = retry_after;
            return Err(error.into());
        }
        Ok(Response { status, request_id, body })
    }

    /// For operations whose success response has no body: whatever came is ignored.
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// For operations whose success response is text.
    pub fn text(self) -> Result<String, Error> {
        let Response { status, request_id, body } = self;
        String::from_utf8(body).map_err(|_| Error::Decode {
            status,
            request_id,
            source: serde::de::Error::custom("the body is not UTF-8 text"),
        })
    }

    /// For operations whose success response is neither JSON nor text.
    pub fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// The body parsed as the spec's success type.
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            request_id: self.request_id,
            source,
        })
    }
}
