//! Raw bytes as a value: a file part of a multipart body, an upload, a binary property. An
//! upload may also come from a file or a reader, read as the request is sent.

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Bytes, with the file name and media type a multipart part or an upload may carry. In a JSON
/// body they travel as base64 text (there is no other way to put bytes in JSON).
///
/// A whole request body can instead be read as it is sent, never held in memory:
/// [`Binary::streamed_from_file`] and [`Binary::streamed_from_reader`]. Such a value's `data` is
/// empty, and it cannot travel inside a JSON or multipart body.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    pub data: Vec<u8>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    /// Where the bytes are read from as the request is sent, when they are not in `data`.
    streamed: Option<Streamed>,
}

/// Bytes read as a request is sent.
#[derive(Clone)]
pub(crate) enum Streamed {
    /// A file, opened again for every attempt; `length` bytes of it are sent.
    File { path: PathBuf, length: u64 },
    /// A reader, which can be read once: a request sending it is not retried.
    Reader { reader: Arc<Mutex<Option<Box<dyn AsyncRead + Send + Unpin>>>>, length: Option<u64> },
}

impl PartialEq for Streamed {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Streamed::File { path, length }, Streamed::File { path: other, length: other_length }) => {
                path == other && length == other_length
            }
            (Streamed::Reader { reader, .. }, Streamed::Reader { reader: other, .. }) => Arc::ptr_eq(reader, other),
            _ => false,
        }
    }
}

impl Eq for Streamed {}

impl Streamed {
    /// How many bytes are sent, when that is known before sending.
    pub(crate) fn length(&self) -> Option<u64> {
        match self {
            Streamed::File { length, .. } => Some(*length),
            Streamed::Reader { length, .. } => *length,
        }
    }

    /// Whether it can be sent again (a file can, a reader cannot).
    pub(crate) fn can_repeat(&self) -> bool {
        matches!(self, Streamed::File { .. })
    }

    /// The bytes as a request body, read as they are sent. A reader is handed over once.
    pub(crate) async fn body(&self) -> Result<reqwest::Body, String> {
        match self {
            Streamed::File { path, length } => {
                let file =
                    tokio::fs::File::open(path).await.map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                Ok(reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(file.take(*length))))
            }
            Streamed::Reader { reader, length } => {
                let taken = reader.lock().unwrap_or_else(PoisonError::into_inner).take();
                let reader = taken.ok_or("the body's reader was read by an earlier request; a reader is sent once")?;
                let reader: Box<dyn AsyncRead + Send + Unpin> = match length {
                    Some(length) => Box::new(reader.take(*length)),
                    None => reader,
                };
                Ok(reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader)))
            }
        }
    }
}

impl Binary {
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        Binary { data: data.into(), file_name: None, content_type: None, streamed: None }
    }

    /// The file at `path`, read as the request is sent (and again if it is retried) rather than
    /// now, so a large upload never sits in memory. The file must exist now; as many bytes are
    /// sent as it holds now. Sent only as a whole request body.
    pub fn streamed_from_file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a file", path.display()),
            ));
        }
        let streamed = Streamed::File { path: path.to_path_buf(), length: metadata.len() };
        Ok(Binary { file_name: file_name(path), streamed: Some(streamed), ..Binary::default() })
    }

    /// What `reader` gives, read as the request is sent: `length` bytes if given (sent as the
    /// `Content-Length`), else all it gives (sent in chunks). A reader can be read once, so a
    /// request sending it is never retried. Sent only as a whole request body.
    pub fn streamed_from_reader(reader: impl AsyncRead + Send + Unpin + 'static, length: Option<u64>) -> Self {
        let reader: Box<dyn AsyncRead + Send + Unpin> = Box::new(reader);
        let streamed = Streamed::Reader { reader: Arc::new(Mutex::new(Some(reader))), length };
        Binary { streamed: Some(streamed), ..Binary::default() }
    }

    /// Whether the bytes are read as the request is sent, rather than held in `data`.
    pub fn is_streamed(&self) -> bool {
        self.streamed.is_some()
    }

    /// Where the bytes are read from as the request is sent, if they are.
    pub(crate) fn streamed(&self) -> Option<&Streamed> {
        self.streamed.as_ref()
    }

    /// Sent with this file name (a multipart part's `filename`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sent with this media type.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The bytes of a file, read now (see [`Binary::streamed_from_file`] to read them as they
    /// are sent).
    pub fn from_file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        Ok(Binary { data: std::fs::read(path)?, file_name: file_name(path), ..Binary::default() })
    }
}

/// The last part of `path`, as a file name to send.
fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|name| name.to_string_lossy().into_owned())
}

impl From<Vec<u8>> for Binary {
    fn from(data: Vec<u8>) -> Self {
        Binary::new(data)
    }
}

impl From<&[u8]> for Binary {
    fn from(data: &[u8]) -> Self {
        Binary::new(data)
    }
}

/// The contents may be anything, a secret included: Debug shows the size.
impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.streamed {
            None => write!(f, "Binary({} bytes", self.data.len())?,
            Some(streamed) => match streamed.length() {
                Some(length) => write!(f, "Binary({length} bytes, streamed")?,
                None => f.write_str("Binary(streamed")?,
            },
        }
        if let Some(name) = &self.file_name {
            write!(f, ", {name:?}")?;
        }
        f.write_str(")")
    }
}

thread_local! {
    /// While a multipart body is encoded: the binary values met, in order.
    static COLLECTING: RefCell<Option<Vec<Binary>>> = const { RefCell::new(None) };
}

/// What a binary value serializes as while a multipart body is encoded: a marker the encoder
/// replaces with a file part.
pub(crate) const MARKER: &str = "\u{0}binary:";

/// Runs `f` with binary values serialized as markers, and returns them beside its result.
pub(crate) fn collecting<R>(f: impl FnOnce() -> R) -> (R, Vec<Binary>) {
    let before = COLLECTING.with(|c| c.replace(Some(Vec::new())));
    let result = f();
    let collected = COLLECTING.with(|c| c.replace(before)).unwrap_or_default();
    (result, collected)
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.streamed.is_some() {
            return Err(serde::ser::Error::custom(
                "bytes read from a file or reader as they are sent can only be a whole request body",
            ));
        }
        let marker = COLLECTING.with(|c| {
            c.borrow_mut().as_mut().map(|collected| {
                collected.push(self.clone());
                format!("{MARKER}{}", collected.len() - 1)
            })
        });
        match marker {
            Some(marker) => serializer.serialize_str(&marker),
            None => serializer.serialize_str(&BASE64.encode(&self.data)),
        }
    }
}

/// Read from base64 text (or, if it is not base64, the text's own bytes), or from bytes.
impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Binary;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("base64 text or bytes")
            }

            fn visit_str<E>(self, text: &str) -> Result<Binary, E> {
                Ok(Binary::new(BASE64.decode(text).unwrap_or_else(|_| text.as_bytes().to_vec())))
            }

            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Binary, E> {
                Ok(Binary::new(bytes))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl crate::validate::Checked for Binary {
    fn check(&self, _: &mut crate::validate::Validator, _: &[crate::validate::Rule]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_base64_and_multipart_a_marker() {
        let binary = Binary::new(b"hi".to_vec()).file_name("a.txt");
        assert_eq!(serde_json::to_string(&binary).unwrap(), "\"aGk=\"");
        let back: Binary = serde_json::from_str("\"aGk=\"").unwrap();
        assert_eq!(back.data, b"hi");
        let (value, collected) = collecting(|| serde_json::to_value([&binary, &binary]).unwrap());
        assert_eq!(value, serde_json::json!([format!("{MARKER}0"), format!("{MARKER}1")]));
        assert_eq!(collected.len(), 2);
        assert_eq!(format!("{binary:?}"), "Binary(2 bytes, \"a.txt\")");
    }
}
