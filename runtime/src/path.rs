//! Encoding path segments and query strings.
//!
//! A path value becomes exactly one segment: values that would change the path's shape (empty,
//! `.`, `..`, or holding `/`) are refused, and everything outside the unreserved set is
//! percent-encoded. The vendor SDK sends such values as they are and lets `..` reach another
//! endpoint.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters is encoded, in paths and queries alike (the
/// signer encodes the same way, so what is sent is what is signed).
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Why a value cannot be one path segment, if it cannot.
pub fn segment_problem(value: &str) -> Option<&'static str> {
    match value {
        "" => Some("must not be empty in a path"),
        "." | ".." => Some("must not be `.` or `..` in a path"),
        _ if value.contains('/') => Some("must not contain `/` in a path"),
        _ => None,
    }
}

pub fn encode(value: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(value, UNRESERVED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_segments_are_named() {
        for value in ["", ".", "..", "a/b", "/"] {
            assert!(segment_problem(value).is_some(), "{value:?}");
        }
        for value in ["...", "a.b", "a\\b", "g id组"] {
            assert!(segment_problem(value).is_none(), "{value:?}");
        }
    }

    #[test]
    fn encoding_keeps_only_unreserved() {
        assert_eq!(encode("g id组ü").to_string(), "g%20id%E7%BB%84%C3%BC");
        assert_eq!(encode("a-b_c.d~e").to_string(), "a-b_c.d~e");
        assert_eq!(encode("a\\b?c#d%").to_string(), "a%5Cb%3Fc%23d%25");
    }
}
