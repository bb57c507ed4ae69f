//! SDK-HMAC-SHA256, the vendor's AK/SK request signing.
//!
//! 1. Headers whose names hold no `_` are signed: lower-cased, sorted, joined by `;`.
//! 2. Canonical request: method, canonical URI (the path decoded, each segment re-encoded, a `/`
//!    appended), canonical query (pairs sorted and encoded), `name:value` lines, the signed header
//!    list, and the hex SHA-256 of the body (or `UNSIGNED-PAYLOAD` for a body that is neither JSON
//!    nor BSON, announced in `X-Sdk-Content-Sha256`).
//! 3. String to sign: the algorithm, the `X-Sdk-Date`, and the hex SHA-256 of the canonical request.
//! 4. Signature: hex HMAC-SHA256 of the string to sign, keyed with the SK itself.

use std::time::SystemTime;

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, percent_encode};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use client_runtime::{AccessKey, UNRESERVED};

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
pub const DATE_HEADER: &str = "x-sdk-date";
pub const SECURITY_TOKEN_HEADER: &str = "x-security-token";
pub const CONTENT_SHA256_HEADER: &str = "x-sdk-content-sha256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The intermediate results of signing one request, for tests and debugging. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signed_headers: String,
    pub authorization: String,
}

/// `X-Sdk-Date` for a moment: `20250101T000000Z`, RFC 3339's UTC form to the second without
/// its separators.
pub fn sdk_date(moment: SystemTime) -> String {
    humantime::format_rfc3339_seconds(moment).to_string().replace(['-', ':'], "")
}

/// Signs a request in place: adds `Host` (with the port when the URL has one), `X-Sdk-Date`,
/// `X-Security-Token` for temporary credentials and `X-Sdk-Content-Sha256` where needed, then
/// `Authorization`. Every other header the request will carry must already be in `headers`.
pub fn sign(
    method: &str,
    url: &url::Url,
    headers: &mut HeaderMap,
    body: &[u8],
    key: &AccessKey,
    date: &str,
) -> Result<Signature, String> {
    if !headers.contains_key(HOST) {
        let host = url.host_str().ok_or("the URL has no host")?;
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        headers.insert(HOST, HeaderValue::from_str(&host).map_err(|_| "the host is not a valid header value")?);
    }
    headers.insert(DATE_HEADER, HeaderValue::from_str(date).map_err(|_| "the date is not a valid header value")?);
    if let Some(token) = &key.security_token {
        let mut value = HeaderValue::from_str(token.expose())
            .map_err(|_| "the security token holds characters a header cannot carry")?;
        value.set_sensitive(true);
        headers.insert(SECURITY_TOKEN_HEADER, value);
    }
    let payload_hash = if signs_payload(headers) {
        hex::encode(Sha256::digest(body))
    } else {
        headers.insert(CONTENT_SHA256_HEADER, HeaderValue::from_static(UNSIGNED_PAYLOAD));
        UNSIGNED_PAYLOAD.to_owned()
    };

    let signed: Vec<(String, String)> = signed_headers(headers);
    let signed_names = signed.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(";");
    let header_lines: String = signed.iter().map(|(name, value)| format!("{name}:{value}\n")).collect();
    let canonical_request = format!(
        "{method}\n{}\n{}\n{header_lines}\n{signed_names}\n{payload_hash}",
        canonical_uri(url.path()),
        canonical_query(url.query().unwrap_or_default()),
    );
    let string_to_sign = format!("{ALGORITHM}\n{date}\n{}", hex::encode(Sha256::digest(canonical_request.as_bytes())));
    let mut mac = Hmac::<Sha256>::new_from_slice(key.secret_access_key.expose().as_bytes())
        .map_err(|_| "the SK cannot key an HMAC")?;
    mac.update(string_to_sign.as_bytes());
    let signature = hex::encode(mac.finalize().into_bytes());
    let authorization =
        format!("{ALGORITHM} Access={}, SignedHeaders={signed_names}, Signature={signature}", key.access_key_id);
    let mut value =
        HeaderValue::from_str(&authorization).map_err(|_| "the AK holds characters a header cannot carry")?;
    value.set_sensitive(true);
    headers.insert(AUTHORIZATION, value);
    Ok(Signature { canonical_request, string_to_sign, signed_headers: signed_names, authorization })
}

/// JSON and BSON bodies are signed; any other content type is sent as an unsigned payload.
pub fn signs_payload(headers: &HeaderMap) -> bool {
    match headers.get(CONTENT_TYPE) {
        None => true,
        Some(value) => {
            let value = value.as_bytes();
            value.starts_with(b"application/json") || value.starts_with(b"application/bson")
        }
    }
}

/// Lower-case names without `_`, sorted, each with its trimmed value.
fn signed_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut signed: Vec<(String, String)> = headers
        .keys()
        .filter(|name| !name.as_str().contains('_'))
        .map(|name: &HeaderName| {
            let value = headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned());
            (name.as_str().to_owned(), value.unwrap_or_default())
        })
        .collect();
    signed.sort();
    signed
}

fn canonical_uri(path: &str) -> String {
    let decoded: Vec<u8> = percent_decode_str(path).collect();
    let mut uri = decoded
        .split(|byte| *byte == b'/')
        .map(|segment| percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn canonical_query(query: &str) -> String {
    let decode = |text: &str| percent_decode_str(text).collect::<Vec<u8>>();
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", percent_encode(key, UNRESERVED), percent_encode(value, UNRESERVED)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_compact_utc() {
        let moment = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_735_689_600);
        assert_eq!(sdk_date(moment), "20250101T000000Z");
        let later = moment + std::time::Duration::from_millis(3_723_999);
        assert_eq!(sdk_date(later), "20250101T010203Z", "fractions of a second are dropped");
        let leap_day = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_709_251_199);
        assert_eq!(sdk_date(leap_day), "20240229T235959Z");
    }

    #[test]
    fn canonical_uri_reencodes_each_segment_and_ends_with_a_slash() {
        assert_eq!(canonical_uri("/v2/p/taskgroups"), "/v2/p/taskgroups/");
        assert_eq!(canonical_uri("/v2/g%20id%7e/"), "/v2/g%20id~/");
        assert_eq!(canonical_uri("/"), "/");
    }

    #[test]
    fn canonical_query_sorts_then_encodes() {
        assert_eq!(
            canonical_query("status=5&limit=10&name=a%20b%2Fc~&b=2&b=1"),
            "b=1&b=2&limit=10&name=a%20b%2Fc~&status=5"
        );
        assert_eq!(canonical_query(""), "");
    }
}
