//! A success answer's body as it arrives, chunk by chunk, never held whole: what downloads are
//! read as, and what event streams and JSON lines are decoded from.

use std::fmt;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{BoxStream, Stream, StreamExt};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::error::Error;

/// The body of a success answer, chunk by chunk as the service sends it.
///
/// Read it with [`next`](ByteStream::next) (or as a [`Stream`]), or hand it to
/// [`write_to`](ByteStream::write_to) or [`save`](ByteStream::save); only the chunk at hand is in
/// memory. A connection that drops, or stays silent for longer than the client's timeout, ends it
/// with [`Error::StreamBroken`]. Dropping it closes the connection: the rest is never sent.
pub struct ByteStream {
    chunks: BoxStream<'static, reqwest::Result<Bytes>>,
    status: u16,
    request_id: Option<String>,
    /// Nothing more comes: the body ended or broke off.
    ended: bool,
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, status: u16, request_id: Option<String>) -> Self {
        ByteStream::of_chunks(response.bytes_stream().boxed(), status, request_id)
    }

    /// The body `chunks` make up, as they arrive.
    pub(crate) fn of_chunks(
        chunks: BoxStream<'static, reqwest::Result<Bytes>>,
        status: u16,
        request_id: Option<String>,
    ) -> Self {
        ByteStream { chunks, status, request_id, ended: false }
    }

    /// The answer's status (`200`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The service's id of the request (the `X-Request-Id` header), if it gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The next chunk, as it arrives; `None` once the body has ended.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, Error>> {
        StreamExt::next(self).await
    }

    /// Writes the rest of the body to `writer` as it arrives, and returns how many bytes were
    /// written. The writer is flushed, not shut down.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(mut self, writer: &mut W) -> Result<u64, Error> {
        let mut written = 0;
        while let Some(chunk) = std::future::poll_fn(|cx| self.poll_chunk(cx)).await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(Error::Write)?;
            written += chunk.len() as u64;
        }
        writer.flush().await.map_err(Error::Write)?;
        Ok(written)
    }

    /// Writes the rest of the body to the file at `path` (created, or emptied first) as it
    /// arrives, and returns how many bytes were written.
    pub async fn save(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let mut file = tokio::fs::File::create(path.as_ref()).await.map_err(Error::Write)?;
        let written = self.write_to(&mut file).await?;
        file.sync_all().await.map_err(Error::Write)?;
        Ok(written)
    }

    /// The next chunk as it came. After an error nothing more comes, and the connection is let go.
    pub(crate) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Error>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let polled = match self.chunks.as_mut().poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(polled) => polled,
        };
        Poll::Ready(match polled {
            Some(Ok(chunk)) => Some(Ok(chunk)),
            Some(Err(error)) => {
                self.end();
                Some(Err(self.broken(error)))
            }
            None => {
                self.end();
                None
            }
        })
    }

    /// An [`Error::StreamBroken`] of this answer.
    pub(crate) fn broken(&self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::StreamBroken { status: self.status, request_id: self.request_id.clone(), source: source.into() }
    }

    /// An [`Error::Decode`] of this answer: an item that is not what the spec says.
    pub(crate) fn malformed(&self, source: serde_json::Error) -> Error {
        Error::Decode { status: self.status, request_id: self.request_id.clone(), source }
    }

    /// Nothing more is read: the connection is released.
    fn end(&mut self) {
        self.ended = true;
        self.chunks = futures_util::stream::empty().boxed();
    }
}

impl Stream for ByteStream {
    type Item = Result<Vec<u8>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx).map(|chunk| chunk.map(|chunk| chunk.map(Vec::from)))
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}
