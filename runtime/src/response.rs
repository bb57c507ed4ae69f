//! What comes back: an answer read within the size limit (or, for a streamed one, left to be read
//! as it arrives), an error status as a [`ServiceError`], and a success response as generated code
//! reads it.

use std::fmt;

use reqwest::header::{HeaderName, RETRY_AFTER};

use crate::byte_stream::ByteStream;
use crate::error::{Error, ServiceError};
use crate::events::{DataFormat, EventStream};
use crate::json_stream::{Framing, JsonStream};
use crate::platform::Platform;
use crate::retry;
use crate::xml::{self, XmlElement};

/// The response header that carries the service's request id.
const REQUEST_ID: &str = "x-request-id";

/// How a success answer's body is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receive {
    /// Read whole (within the size limit) before it is read as the spec's type.
    Whole,
    /// Left unread, to be read as it arrives (an event stream, JSON lines, a download). Error
    /// answers are still read whole.
    Streamed,
}

/// A success response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    /// The body, when it was read whole; empty when it is left to be read as it arrives.
    pub body: Vec<u8>,
    /// The body still to come, when it is read as it arrives.
    unread: Option<Unread>,
}

/// A success answer's body not read yet.
struct Unread {
    response: reqwest::Response,
    /// The largest item of a sequence accepted.
    limit: usize,
}

/// Shown without its headers, which may carry anything.
impl fmt::Debug for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unread")
    }
}

impl Response {
    /// Reads the answer to `operation`'s request: its body up to `limit` bytes (a success body
    /// received as `receive` says), and an error status as the service's error, its code and
    /// message where `platform` says they are.
    pub(crate) async fn read(
        mut response: reqwest::Response,
        operation: &str,
        limit: usize,
        platform: &dyn Platform,
        receive: Receive,
    ) -> Result<Response, Error> {
        let status = response.status().as_u16();
        let header = |name: HeaderName| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let request_id = header(HeaderName::from_static(REQUEST_ID));
        let retry_after = header(RETRY_AFTER).as_deref().and_then(retry::parse_retry_after);
        let success = (200..300).contains(&status);
        if success && receive == Receive::Streamed {
            tracing::debug!(operation, status, request_id = request_id.as_deref(), "receiving a streamed response");
            let unread = Some(Unread { response, limit });
            return Ok(Response { status, request_id, body: Vec::new(), unread });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::Transport)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { status, request_id, limit });
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(operation, status, request_id = request_id.as_deref(), "received response");
        if !success {
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
        Ok(Response { status, request_id, body, unread: None })
    }

    /// For operations whose success response has no body: whatever came is ignored.
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// For operations whose success response is text.
    pub fn text(self) -> Result<String, Error> {
        let Response { status, request_id, body, .. } = self;
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

    /// The body read as XML of the spec's success type, as the table `root` describes it.
    pub fn xml<T: serde::de::DeserializeOwned>(self, root: &XmlElement) -> Result<T, Error> {
        let Response { status, request_id, body, .. } = self;
        let value = xml::read(root, &body).map_err(|problem| Error::Decode {
            status,
            request_id: request_id.clone(),
            source: serde::de::Error::custom(problem),
        })?;
        serde_json::from_value(value).map_err(|source| Error::Decode { status, request_id, source })
    }

    /// The body as it arrives, chunk by chunk (a download). A body already read whole comes as
    /// one chunk.
    pub fn byte_stream(self) -> ByteStream {
        let Response { status, request_id, body, unread } = self;
        match unread {
            Some(Unread { response, .. }) => ByteStream::new(response, status, request_id),
            None => {
                let chunks = (!body.is_empty()).then(|| Ok(bytes::Bytes::from(body)));
                ByteStream::of_chunks(Box::pin(futures_util::stream::iter(chunks)), status, request_id)
            }
        }
    }

    /// Server-sent events whose data is JSON, each read as a `T` as it arrives.
    pub fn events<T: serde::de::DeserializeOwned>(self) -> Result<EventStream<T>, Error> {
        Ok(EventStream::new(self.byte_stream(), DataFormat::Json))
    }

    /// Server-sent events whose data is text, as it is.
    pub fn text_events(self) -> Result<EventStream<String>, Error> {
        Ok(EventStream::new(self.byte_stream(), DataFormat::Text))
    }

    /// JSON lines (`application/jsonl`, `application/x-ndjson`), each read as a `T` as it arrives.
    pub fn json_lines<T: serde::de::DeserializeOwned>(self) -> Result<JsonStream<T>, Error> {
        let limit = self.item_limit();
        Ok(JsonStream::new(self.byte_stream(), Framing::Lines, limit))
    }

    /// A JSON text sequence (`application/json-seq`), each document read as a `T` as it arrives.
    pub fn json_seq<T: serde::de::DeserializeOwned>(self) -> Result<JsonStream<T>, Error> {
        let limit = self.item_limit();
        Ok(JsonStream::new(self.byte_stream(), Framing::RecordSeparated, limit))
    }

    /// The largest document of a sequence accepted: the client's largest response.
    fn item_limit(&self) -> usize {
        self.unread.as_ref().map_or(usize::MAX, |unread| unread.limit)
    }
}
