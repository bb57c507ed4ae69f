//! Raw bytes as a value: a file part of a multipart body, an upload, a binary property.

use std::cell::RefCell;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

/// Bytes, with the file name and media type a multipart part or an upload may carry. In a JSON
/// body they travel as base64 text (there is no other way to put bytes in JSON).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Binary {
    pub data: Vec<u8>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

impl Binary {
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        Binary { data: data.into(), file_name: None, content_type: None }
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

    /// The bytes of a file.
    pub fn from_file(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(Binary { data: std::fs::read(path)?, file_name: name, content_type: None })
    }
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
        write!(f, "Binary({} bytes", self.data.len())?;
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
