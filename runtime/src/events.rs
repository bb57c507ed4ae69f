//! Server-sent events (`text/event-stream`): an answer read event by event as it arrives, each
//! event's data read as the spec's type, its name, id and retry time kept.
//!
//! The event stream format itself (fields, comments, lines split across chunks, CR, LF and CRLF
//! line ends) is parsed by `sse-stream`; this module keeps what a client needs across events (the
//! last event id, the retry time) and reads the data.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use sse_stream::{Sse, SseByteStream};

use crate::byte_stream::ByteStream;
use crate::error::Error;

/// One server-sent event: its data, read as the spec's type, and what the service sent beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Event<T> {
    /// The event's name (its `event:` field); `None` for an unnamed event (a "message").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The id this event carries (its `id:` field), if it carries one. The id to resume from is
    /// [`EventStream::last_event_id`], which an event without an id leaves as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How long the service asks a client to wait before reconnecting (its `retry:` field).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "as_milliseconds")]
    pub retry: Option<Duration>,
    /// The event's data: its `data:` lines, joined by line feeds, read as the spec's type.
    pub data: T,
}

/// An event read as a `T`, with its data as the service sent it.
pub(crate) type SentEvent<T> = (Event<T>, String);

/// How an event's data is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataFormat {
    /// JSON text, read as the item type.
    Json,
    /// Text, as it is (the spec describes the data as a string).
    Text,
}

/// The events of a `text/event-stream` answer, each as it arrives.
///
/// Read it with [`next`](EventStream::next) (or as a [`Stream`]). An event whose data is not what
/// the spec says is an error item ([`Error::Decode`]), and the events after it still come; a
/// connection that drops or stays silent for longer than the client's timeout ends the stream
/// with [`Error::StreamBroken`]. To pick up where a broken stream stopped, send the request again
/// with the [`last_event_id`](EventStream::last_event_id) seen (generated requests of event
/// streams have a `last_event_id` setter; it is sent as the `Last-Event-ID` header). Dropping the
/// stream closes the connection.
pub struct EventStream<T> {
    blocks: SseByteStream<Chunks>,
    data: DataFormat,
    status: u16,
    request_id: Option<String>,
    last_event_id: Option<String>,
    retry: Option<Duration>,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> EventStream<T> {
    pub(crate) fn new(body: ByteStream, data: DataFormat) -> Self {
        let (status, request_id) = (body.status(), body.request_id().map(str::to_owned));
        EventStream {
            blocks: SseByteStream::new(Chunks(body)),
            data,
            status,
            request_id,
            last_event_id: None,
            retry: None,
            item: PhantomData,
        }
    }

    /// The next event, as it arrives; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error>> {
        StreamExt::next(self).await
    }

    /// The id of the last event that set one: what a request resuming the stream sends as
    /// `Last-Event-ID`. `None` before any, or after the service cleared it (an empty `id:`).
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The last time the service asked a client to wait before reconnecting, if it asked.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The answer's status (`200`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The service's id of the request (the `X-Request-Id` header), if it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether each event's data is text as it is (else JSON): the command line shows it so.
    #[cfg(feature = "cli")]
    pub(crate) fn data_is_text(&self) -> bool {
        self.data == DataFormat::Text
    }

    /// The next event with its data as the service sent it, and that data read as a `T`.
    pub(crate) fn poll_sent(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<SentEvent<T>, Error>>> {
        loop {
            let block = match self.blocks.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(self.error(error)))),
                Poll::Ready(Some(Ok(block))) => block,
            };
            let Sse { event, data, id, retry } = block;
            if let Some(id) = &id {
                self.last_event_id = (!id.is_empty()).then(|| id.clone());
            }
            let retry = retry.map(Duration::from_millis);
            if retry.is_some() {
                self.retry = retry;
            }
            // A block without data sets the id or the retry time, and is no event.
            let Some(text) = data else { continue };
            let read = match self.data {
                DataFormat::Json => serde_json::from_str(&text),
                DataFormat::Text => serde_json::from_value(serde_json::Value::String(text.clone())),
            };
            return Poll::Ready(Some(match read {
                Ok(data) => Ok((Event { event, id, retry, data }, text)),
                Err(source) => Err(Error::Decode { status: self.status, request_id: self.request_id.clone(), source }),
            }));
        }
    }

    /// A decoding error as the crate's: the body's own errors as they were, others as the stream
    /// broken off.
    fn error(&self, error: sse_stream::Error) -> Error {
        let source: Box<dyn std::error::Error + Send + Sync> = match error {
            sse_stream::Error::Body(source) => match source.downcast::<Error>() {
                Ok(error) => return *error,
                Err(other) => other,
            },
            other => Box::new(other),
        };
        Error::StreamBroken { status: self.status, request_id: self.request_id.clone(), source }
    }
}

impl<T: DeserializeOwned> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_sent(cx).map(|sent| sent.map(|sent| sent.map(|(event, _)| event)))
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("last_event_id", &self.last_event_id)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// The body's chunks as the event stream parser takes them.
struct Chunks(ByteStream);

impl Stream for Chunks {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().0.poll_chunk(cx)
    }
}

/// `retry` as the event stream says it: whole milliseconds.
fn as_milliseconds<S: serde::Serializer>(retry: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
    match retry {
        Some(retry) => serializer.serialize_u64(u64::try_from(retry.as_millis()).unwrap_or(u64::MAX)),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use futures_util::stream;

    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Chunk {
        text: String,
    }

    /// The events of a body sent in `chunks`, read with their data as `format`.
    fn events<T: DeserializeOwned>(chunks: &[&str], format: DataFormat) -> EventStream<T> {
        let chunks: Vec<reqwest::Result<Bytes>> =
            chunks.iter().map(|chunk| Ok(Bytes::copy_from_slice(chunk.as_bytes()))).collect();
        EventStream::new(ByteStream::of_chunks(stream::iter(chunks).boxed(), 200, Some("r1".into())), format)
    }

    async fn all<T: DeserializeOwned>(mut events: EventStream<T>) -> Vec<Result<Event<T>, Error>> {
        let mut read = Vec::new();
        while let Some(event) = events.next().await {
            read.push(event);
        }
        read
    }

    fn event<T>(event: Option<&str>, id: Option<&str>, retry: Option<u64>, data: T) -> Event<T> {
        Event {
            event: event.map(str::to_owned),
            id: id.map(str::to_owned),
            retry: retry.map(Duration::from_millis),
            data,
        }
    }

    #[tokio::test]
    async fn fields_are_kept_and_data_is_read_as_the_type() {
        let body = "event: delta\nid: 1\nretry: 2500\ndata: {\"text\": \"hi\"}\n\ndata: {\"text\": \"there\"}\n\n";
        let read: Vec<Event<Chunk>> =
            all(events(&[body], DataFormat::Json)).await.into_iter().map(|e| e.expect("an event")).collect();
        assert_eq!(
            read,
            [
                event(Some("delta"), Some("1"), Some(2500), Chunk { text: "hi".into() }),
                event(None, None, None, Chunk { text: "there".into() }),
            ]
        );
    }

    #[tokio::test]
    async fn data_lines_join_and_comments_and_unknown_fields_are_ignored() {
        let body = ": keep-alive\ndata: first line\nunknown: x\ndata: second line\n\n:\n\n";
        let read = all::<String>(events(&[body], DataFormat::Text)).await;
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(read[0].as_ref().expect("an event").data, "first line\nsecond line");
    }

    #[tokio::test]
    async fn crlf_and_cr_end_lines_too() {
        let read = all::<String>(events(&["data: a\r\n\r\ndata: b\r\rdata: c\n\n"], DataFormat::Text)).await;
        let data: Vec<String> = read.into_iter().map(|e| e.expect("an event").data).collect();
        assert_eq!(data, ["a", "b", "c"]);
    }

    #[tokio::test]
    async fn a_line_split_between_chunks_is_one_line() {
        let chunks =
            ["ev", "ent: tick\nda", "ta: {\"te", "xt\": \"x\"}\r", "\n\r\n", "id: 7\ndata: {\"text\": \"y\"}\n", "\n"];
        let read: Vec<Event<Chunk>> =
            all(events(&chunks, DataFormat::Json)).await.into_iter().map(|e| e.expect("an event")).collect();
        assert_eq!(
            read,
            [
                event(Some("tick"), None, None, Chunk { text: "x".into() }),
                event(None, Some("7"), None, Chunk { text: "y".into() })
            ]
        );
    }

    #[tokio::test]
    async fn the_last_event_id_and_retry_carry_over_and_an_empty_id_clears_it() {
        let mut stream = events::<String>(
            &["id: 5\ndata: a\n\n", "data: b\n\n", "retry: 10\n\n", "id:\ndata: c\n\n"],
            DataFormat::Text,
        );
        assert_eq!(stream.next().await.expect("a").expect("read").id.as_deref(), Some("5"));
        let second = stream.next().await.expect("b").expect("read");
        assert_eq!((second.id, stream.last_event_id()), (None, Some("5")));
        // A block with only `retry` is no event, but the time is kept.
        let third = stream.next().await.expect("c").expect("read");
        assert_eq!((third.data.as_str(), stream.retry()), ("c", Some(Duration::from_millis(10))));
        assert_eq!(stream.last_event_id(), None);
        assert!(stream.next().await.is_none());
    }

    #[tokio::test]
    async fn a_malformed_event_is_an_error_item_and_the_next_still_comes() {
        let body = "data: {\"text\": 1}\n\ndata: not json\n\ndata: {\"text\": \"ok\"}\n\n";
        let read = all::<Chunk>(events(&[body], DataFormat::Json)).await;
        assert_eq!(read.len(), 3);
        for malformed in &read[..2] {
            assert!(
                matches!(malformed, Err(Error::Decode { status: 200, request_id: Some(id), .. }) if id == "r1"),
                "{malformed:?}"
            );
        }
        assert_eq!(read[2].as_ref().expect("an event").data, Chunk { text: "ok".into() });
    }

    #[tokio::test]
    async fn an_unfinished_last_event_is_not_dispatched() {
        let read = all::<String>(events(&["data: whole\n\ndata: cut off"], DataFormat::Text)).await;
        let data: Vec<String> = read.into_iter().map(|e| e.expect("an event").data).collect();
        assert_eq!(data, ["whole"]);
    }

    #[test]
    fn events_serialize_with_what_they_carry() {
        let shown = serde_json::to_value(event(Some("delta"), Some("3"), Some(1500), "x")).expect("serializes");
        assert_eq!(shown, serde_json::json!({"event": "delta", "id": "3", "retry": 1500, "data": "x"}));
        let bare = serde_json::to_value(event(None, None, None, 1)).expect("serializes");
        assert_eq!(bare, serde_json::json!({"data": 1}));
    }
}
