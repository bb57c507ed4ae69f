//! Sequences of JSON documents (`application/jsonl`, `application/x-ndjson`,
//! `application/json-seq`): an answer read document by document as it arrives, each read as the
//! spec's type.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Buf, Bytes, BytesMut};
use futures_util::stream::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use crate::byte_stream::ByteStream;
use crate::error::Error;

/// How a body is cut into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// One document per line (JSON Lines, NDJSON); blank lines are skipped.
    Lines,
    /// Each document after a record separator, `0x1E` (JSON text sequences, RFC 7464).
    RecordSeparated,
}

impl Framing {
    fn delimiter(self) -> u8 {
        match self {
            Framing::Lines => b'\n',
            Framing::RecordSeparated => 0x1E,
        }
    }
}

/// The documents of a JSON lines (or JSON text sequence) answer, each as it arrives.
///
/// Read it with [`next`](JsonStream::next) (or as a [`Stream`]). A document that is not what the
/// spec says, or one longer than the client's largest response, is an error item
/// ([`Error::Decode`]), and the documents after it still come; a connection that drops or stays
/// silent for longer than the client's timeout ends the stream with [`Error::StreamBroken`].
/// Dropping the stream closes the connection.
pub struct JsonStream<T> {
    body: ByteStream,
    records: Records,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> JsonStream<T> {
    /// The documents of `body`, cut as `framing` says, each at most `limit` bytes.
    pub(crate) fn new(body: ByteStream, framing: Framing, limit: usize) -> Self {
        JsonStream { body, records: Records::new(framing, limit), item: PhantomData }
    }

    /// The next document, as it arrives; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        StreamExt::next(self).await
    }

    /// The answer's status (`200`).
    pub fn status(&self) -> u16 {
        self.body.status()
    }

    /// The service's id of the request (the `X-Request-Id` header), if it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id()
    }

    /// The next document as the service sent it, and read as a `T`.
    pub(crate) fn poll_sent(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(T, Bytes), Error>>> {
        loop {
            if let Some(record) = self.records.next_record() {
                return Poll::Ready(Some(self.read(record)));
            }
            match self.body.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => self.records.push(&chunk),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(self.records.last().map(|record| self.read(record))),
            }
        }
    }

    fn read(&self, record: Result<Bytes, TooLong>) -> Result<(T, Bytes), Error> {
        let record = record.map_err(|TooLong(limit)| {
            self.body
                .malformed(serde::de::Error::custom(format!("an item is longer than {limit} bytes; it was skipped")))
        })?;
        match serde_json::from_slice(&record) {
            Ok(item) => Ok((item, record)),
            Err(source) => Err(self.body.malformed(source)),
        }
    }
}

impl<T: DeserializeOwned> Stream for JsonStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_sent(cx).map(|sent| sent.map(|sent| sent.map(|(item, _)| item)))
    }
}

impl<T> fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream").field("body", &self.body).finish_non_exhaustive()
    }
}

/// A record longer than the limit (in bytes), skipped.
#[derive(Debug, PartialEq, Eq)]
struct TooLong(usize);

/// Cuts bytes, as they come, into records: what lies between two delimiters, surrounding
/// whitespace trimmed, empty records skipped.
struct Records {
    framing: Framing,
    limit: usize,
    /// What came after the last delimiter.
    pending: BytesMut,
    /// How much of `pending` is known to hold no delimiter.
    searched: usize,
    /// The record under way is over the limit: its bytes are dropped until the next delimiter.
    skipping: bool,
}

impl Records {
    fn new(framing: Framing, limit: usize) -> Self {
        Records { framing, limit, pending: BytesMut::new(), searched: 0, skipping: false }
    }

    fn push(&mut self, chunk: &[u8]) {
        self.pending.extend_from_slice(chunk);
    }

    /// The next whole record in what has come, if there is one.
    fn next_record(&mut self) -> Option<Result<Bytes, TooLong>> {
        loop {
            let delimiter = self.framing.delimiter();
            let Some(end) = self.pending[self.searched..].iter().position(|byte| *byte == delimiter) else {
                self.searched = self.pending.len();
                return self.over_limit();
            };
            let record = self.pending.split_to(self.searched + end).freeze();
            self.pending.advance(1);
            self.searched = 0;
            if std::mem::take(&mut self.skipping) {
                continue;
            }
            if record.len() > self.limit {
                return Some(Err(TooLong(self.limit)));
            }
            if let Some(record) = trimmed(record) {
                return Some(Ok(record));
            }
        }
    }

    /// What remains once the body has ended: a last record without a delimiter after it.
    fn last(&mut self) -> Option<Result<Bytes, TooLong>> {
        if let Some(record) = self.next_record() {
            return Some(record);
        }
        let rest = std::mem::take(&mut self.pending).freeze();
        self.searched = 0;
        if std::mem::take(&mut self.skipping) {
            return None;
        }
        trimmed(rest).map(Ok)
    }

    /// A record under way that is already over the limit: reported once, then skipped.
    fn over_limit(&mut self) -> Option<Result<Bytes, TooLong>> {
        if self.pending.len() <= self.limit {
            return None;
        }
        self.pending.clear();
        self.searched = 0;
        if std::mem::replace(&mut self.skipping, true) {
            return None;
        }
        Some(Err(TooLong(self.limit)))
    }
}

/// `record` without the whitespace around it (a line's `\r` among it), unless nothing is left.
fn trimmed(record: Bytes) -> Option<Bytes> {
    let start = record.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let end = record.iter().rposition(|byte| !byte.is_ascii_whitespace()).map_or(start, |end| end + 1);
    Some(record.slice(start..end))
}

#[cfg(test)]
mod tests {
    use futures_util::stream;

    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Line {
        n: u32,
    }

    fn documents<T: DeserializeOwned>(chunks: &[&[u8]], framing: Framing, limit: usize) -> JsonStream<T> {
        let chunks: Vec<reqwest::Result<Bytes>> =
            chunks.iter().map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
        JsonStream::new(ByteStream::of_chunks(stream::iter(chunks).boxed(), 200, None), framing, limit)
    }

    async fn all<T: DeserializeOwned>(mut stream: JsonStream<T>) -> Vec<Result<T, Error>> {
        let mut read = Vec::new();
        while let Some(item) = stream.next().await {
            read.push(item);
        }
        read
    }

    fn numbers(read: Vec<Result<Line, Error>>) -> Vec<u32> {
        read.into_iter().map(|line| line.expect("a document").n).collect()
    }

    #[tokio::test]
    async fn each_line_is_a_document_wherever_the_chunks_break() {
        let chunks: [&[u8]; 5] = [b"{\"n\"", b": 1}\n{\"n\": 2", b"}\r\n\n  \n{", b"\"n\": 3}\n", b"{\"n\": 4}"];
        assert_eq!(numbers(all(documents(&chunks, Framing::Lines, 1024)).await), [1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn a_malformed_line_is_an_error_item_and_the_next_still_comes() {
        let read =
            all::<Line>(documents(&[b"{\"n\": 1}\n{\"n\": \"x\"}\nnot json\n{\"n\": 4}\n"], Framing::Lines, 1024))
                .await;
        assert_eq!(read.len(), 4);
        assert!(matches!(read[1], Err(Error::Decode { status: 200, .. })), "{:?}", read[1]);
        assert!(matches!(read[2], Err(Error::Decode { .. })), "{:?}", read[2]);
        assert_eq!(read[3].as_ref().expect("a document"), &Line { n: 4 });
    }

    #[tokio::test]
    async fn a_line_over_the_limit_is_one_error_and_skipped() {
        let long = format!("{{\"n\": 1, \"pad\": \"{}\"}}\n", "x".repeat(40));
        let chunks: [&[u8]; 4] = [b"{\"n\": 0}\n", &long.as_bytes()[..20], &long.as_bytes()[20..], b"{\"n\": 2}\n"];
        let read = all::<Line>(documents(&chunks, Framing::Lines, 32)).await;
        assert_eq!(read.len(), 3, "{read:?}");
        assert!(read[1].as_ref().is_err_and(|error| error.to_string().contains("longer than 32 bytes")));
        assert_eq!(read[2].as_ref().expect("a document"), &Line { n: 2 });
    }

    #[tokio::test]
    async fn json_text_sequences_are_cut_at_record_separators() {
        let body = b"\x1e{\"n\":\n 1}\n\x1e{\"n\": 2}\n\x1e{\"n\": 3}";
        assert_eq!(numbers(all(documents(&[&body[..9], &body[9..]], Framing::RecordSeparated, 1024)).await), [1, 2, 3]);
    }

    #[tokio::test]
    async fn the_text_as_sent_comes_with_each_document() {
        let mut stream = documents::<serde_json::Value>(&[b"  {\"a\": [1]}\r\n"], Framing::Lines, 1024);
        let sent = std::future::poll_fn(|cx| stream.poll_sent(cx)).await.expect("one").expect("read");
        assert_eq!(sent.1, Bytes::from_static(b"{\"a\": [1]}"));
    }
}
