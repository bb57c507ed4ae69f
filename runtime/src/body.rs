//! Request bodies: a value encoded as the operation's media type says.
//!
//! JSON and text are written as they are; XML as the body's table says (`xml.rs`); forms flatten nested values (`a[b]=c`, repeated keys for
//! lists of scalars, `a[0][b]=c` for lists of objects); multipart bodies take a part per property
//! (text for scalars, a file part for binary values, JSON for objects); other media types are the
//! bytes given.

use serde_json::Value;

use crate::binary::{self, Binary, Streamed};
use crate::xml::{self, XmlElement};

/// The content type of JSON bodies, as the vendor SDKs of the services we follow send it.
pub const JSON: &str = "application/json;charset=utf-8";
/// The content type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// A request body, encoded.
#[derive(Clone)]
pub struct Body {
    pub content_type: String,
    pub bytes: Vec<u8>,
    /// Where the bytes are read from as the request is sent, when they are not in `bytes`.
    pub(crate) streamed: Option<Streamed>,
}

/// The body may hold secrets: never print it.
impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.streamed {
            None => write!(f, "Body({}, {} bytes)", self.content_type, self.bytes.len()),
            Some(_) => write!(f, "Body({}, streamed)", self.content_type),
        }
    }
}

impl Body {
    /// JSON, as `media_type` (`application/json` is sent with its charset).
    pub fn json<T: serde::Serialize + ?Sized>(media_type: &str, value: &T) -> Result<Body, String> {
        let content_type = if media_type.eq_ignore_ascii_case("application/json") { JSON } else { media_type };
        let bytes = serde_json::to_vec(value).map_err(|e| e.to_string())?;
        Ok(Body { content_type: content_type.to_owned(), bytes, streamed: None })
    }

    /// XML, as `media_type`: the value's JSON form written as the table `root` describes.
    pub fn xml<T: serde::Serialize + ?Sized>(media_type: &str, value: &T, root: &XmlElement) -> Result<Body, String> {
        let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
        let bytes = xml::write(root, &value)?;
        Ok(Body { content_type: media_type.to_owned(), bytes, streamed: None })
    }

    /// `application/x-www-form-urlencoded`.
    pub fn form<T: serde::Serialize + ?Sized>(value: &T) -> Result<Body, String> {
        let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
        let mut pairs = Vec::new();
        match value {
            Value::Object(fields) => {
                for (name, value) in fields {
                    flatten(name, value, &mut pairs);
                }
            }
            Value::Null => {}
            _ => return Err("a form body must be an object".to_owned()),
        }
        let bytes = serde_urlencoded::to_string(&pairs).map_err(|e| e.to_string())?.into_bytes();
        Ok(Body { content_type: FORM.to_owned(), bytes, streamed: None })
    }

    /// `multipart/form-data`, a part per property.
    pub fn multipart<T: serde::Serialize + ?Sized>(value: &T) -> Result<Body, String> {
        let (value, files) = binary::collecting(|| serde_json::to_value(value));
        let Value::Object(fields) = value.map_err(|e| e.to_string())? else {
            return Err("a multipart body must be an object".to_owned());
        };
        let boundary = format!("{:032x}", fastrand::u128(..));
        let mut bytes = Vec::new();
        for (name, value) in fields {
            let items = match value {
                Value::Array(items) if items.iter().all(|item| !item.is_object() && !item.is_array()) => items,
                other => vec![other],
            };
            for item in items {
                write_part(&mut bytes, &boundary, &name, item, &files);
            }
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok(Body { content_type: format!("multipart/form-data; boundary={boundary}"), bytes, streamed: None })
    }

    /// Text, as `media_type`.
    pub fn text(media_type: &str, text: &str) -> Body {
        Body { content_type: media_type.to_owned(), bytes: text.as_bytes().to_vec(), streamed: None }
    }

    /// Bytes as given (or as a file or reader gives them while the request is sent), as
    /// `media_type` (the value's own media type when the spec's is a wildcard).
    pub fn binary(media_type: &str, value: &Binary) -> Body {
        let content_type = match &value.content_type {
            Some(own) if media_type.contains('*') => own.clone(),
            _ => media_type.to_owned(),
        };
        Body { content_type, bytes: value.data.clone(), streamed: value.streamed().cloned() }
    }
}

/// Form pairs for `name` holding `value`.
fn flatten(name: String, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(text) => pairs.push((name, text)),
        Value::Bool(_) | Value::Number(_) => pairs.push((name, value.to_string())),
        Value::Array(items) if items.iter().all(|item| !item.is_object() && !item.is_array()) => {
            for item in items {
                flatten(name.clone(), item, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.into_iter().enumerate() {
                flatten(format!("{name}[{index}]"), item, pairs);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                flatten(format!("{name}[{key}]"), item, pairs);
            }
        }
    }
}

fn write_part(bytes: &mut Vec<u8>, boundary: &str, name: &str, value: Value, files: &[Binary]) {
    let name = quoted(name);
    let file = value.as_str().and_then(|text| text.strip_prefix(binary::MARKER)).and_then(|i| i.parse::<usize>().ok());
    let (headers, data) = match (value, file.and_then(|index| files.get(index))) {
        (Value::Null, _) => return,
        (_, Some(file)) => {
            let file_name = quoted(file.file_name.as_deref().unwrap_or(&name));
            let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
            let headers = format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n"
            );
            (headers, file.data.clone())
        }
        (Value::String(text), None) => {
            (format!("Content-Disposition: form-data; name=\"{name}\"\r\n"), text.into_bytes())
        }
        (scalar @ (Value::Bool(_) | Value::Number(_)), None) => {
            (format!("Content-Disposition: form-data; name=\"{name}\"\r\n"), scalar.to_string().into_bytes())
        }
        (structured, None) => (
            format!("Content-Disposition: form-data; name=\"{name}\"\r\nContent-Type: application/json\r\n"),
            structured.to_string().into_bytes(),
        ),
    };
    bytes.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n").as_bytes());
    bytes.extend_from_slice(&data);
    bytes.extend_from_slice(b"\r\n");
}

/// A name for a quoted header parameter: quotes and line breaks escaped.
fn quoted(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "\\\"").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn forms_flatten_nested_values() {
        let body = Body::form(
            &json!({"a": "x y", "tags": ["p", "q"], "meta": {"k": 1}, "items": [{"n": true}], "skip": null}),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(body.bytes).unwrap(),
            "a=x+y&tags=p&tags=q&meta%5Bk%5D=1&items%5B0%5D%5Bn%5D=true"
        );
    }

    #[test]
    fn multipart_takes_a_part_per_property() {
        #[derive(serde::Serialize)]
        struct Upload {
            name: &'static str,
            count: u8,
            file: Binary,
            tags: Vec<&'static str>,
            meta: serde_json::Value,
        }
        let upload = Upload {
            name: "n",
            count: 2,
            file: Binary::new(b"\x00\x01".to_vec()).file_name("a.bin"),
            tags: vec!["x", "y"],
            meta: json!({"k": 1}),
        };
        let body = Body::multipart(&upload).unwrap();
        let boundary = body.content_type.strip_prefix("multipart/form-data; boundary=").unwrap().to_owned();
        let text = String::from_utf8_lossy(&body.bytes).into_owned();
        let parts: Vec<&str> = text.split(&format!("--{boundary}")).collect();
        assert_eq!(parts.len(), 8, "{text}");
        assert!(parts[1].contains("name=\"name\"\r\n\r\nn\r\n"));
        assert!(parts[2].contains("name=\"count\"\r\n\r\n2\r\n"));
        assert!(parts[3].contains(
            "name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}\r\n"
        ));
        assert!(parts[4].contains("\r\n\r\nx\r\n") && parts[5].contains("\r\n\r\ny\r\n"));
        assert!(parts[6].contains("Content-Type: application/json\r\n\r\n{\"k\":1}\r\n"));
        assert_eq!(parts.last(), Some(&"--\r\n"));
    }

    #[test]
    fn json_keeps_its_charset_and_other_media_types_as_given() {
        assert_eq!(Body::json("application/json", &json!({})).unwrap().content_type, JSON);
        assert_eq!(
            Body::json("application/merge-patch+json", &json!({})).unwrap().content_type,
            "application/merge-patch+json"
        );
        assert_eq!(Body::binary("image/*", &Binary::new(vec![1]).content_type("image/png")).content_type, "image/png");
    }
}
