//! The words the client generator and the client runtime share, defined once.
//!
//! The generator writes them into generated code and the runtime reads them back: an HTTP method
//! or a parameter location means the same on both sides because it is the same type, and the
//! command line's flags that the runtime owns are the ones the generator keeps free.

/// An HTTP method an operation can use. `S` holds the name of a method beyond those OpenAPI
/// names (3.2's `additionalOperations`): text the generator reads, `&'static str` in generated
/// tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method<S = &'static str> {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
    Trace,
    /// `QUERY` (OpenAPI 3.2): a safe request with a body.
    Query,
    /// Another method, as it is sent (`COPY`).
    Other(S),
}

impl<S> Method<S> {
    /// The methods a path item names by a key of its own.
    pub const NAMED: [Method<S>; 9] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
        Method::Trace,
        Method::Query,
    ];

    /// The method an OpenAPI path item names by its key in lower case (`get`), if it is one.
    pub fn from_key(key: &str) -> Option<Method<S>> {
        Method::<S>::NAMED.into_iter().find(|method| method.named().is_some_and(|name| name.eq_ignore_ascii_case(key)))
    }

    /// The name of a method OpenAPI names: `GET`.
    fn named(&self) -> Option<&'static str> {
        Some(match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(_) => return None,
        })
    }

    /// Whether sending the same request twice is harmless by the method's definition; another
    /// method is not known to be.
    pub fn is_idempotent(&self) -> bool {
        !matches!(self, Method::Post | Method::Patch | Method::Other(_))
    }
}

impl<S: AsRef<str>> Method<S> {
    /// The method as sent: `GET`.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Other(name) => name.as_ref(),
            named => named.named().unwrap_or_default(),
        }
    }
}

/// Where a parameter (or an API key) travels in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter's value is written: OpenAPI's `style` and `explode`, for the values that need
/// more than one piece of text (lists and objects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// Path and header values: `a,b,c`; an object as `k,v,k2,v2`, or `k=v,k2=v2` when exploded.
    Simple { explode: bool },
    /// Query and cookie values: `name=a&name=b` when exploded, else `name=a,b`; an object's
    /// properties as `k=v&k2=v2`, or `name=k,v,k2,v2`.
    Form { explode: bool },
    /// A list as `a b c` (`name=a%20b%20c` in a query).
    SpaceDelimited,
    /// A list as `a|b|c`.
    PipeDelimited,
    /// A list as `a<tab>b<tab>c` (Swagger 2.0's `tsv`), in any location.
    TabDelimited,
    /// A query object as `name[k]=v&name[k2]=v2`.
    DeepObject,
    /// The value as JSON text (a parameter described by `content: application/json`).
    Json,
}

impl Style {
    /// OpenAPI's default for a location: `simple` for paths and headers, exploded `form` otherwise.
    pub const fn default_for(location: Location) -> Style {
        match location {
            Location::Path | Location::Header => Style::Simple { explode: false },
            Location::Query | Location::Cookie => Style::Form { explode: true },
        }
    }
}

/// The command line's own flags, which no operation's flag may take.
pub mod cli {
    /// The base URL to send requests to, instead of the spec's server.
    pub const ENDPOINT: &str = "endpoint";
    /// The value of the server URL's region variable.
    pub const REGION: &str = "region";

    /// A proxy every request goes through.
    pub const PROXY: &str = "proxy";
    /// A PEM file of CA certificates trusted beside the system's.
    pub const CA_BUNDLE: &str = "ca-bundle";
    /// Accept any server certificate.
    pub const INSECURE: &str = "insecure";

    /// Print the request instead of sending it.
    pub const DRY_RUN: &str = "dry-run";
    /// Seconds each request may take.
    pub const TIMEOUT: &str = "timeout";
    /// Seconds to connect.
    pub const CONNECT_TIMEOUT: &str = "connect-timeout";
    /// How many times a failed request is tried again.
    pub const RETRIES: &str = "retries";
    /// How the answer is printed: json, yaml, table or value.
    pub const OUTPUT: &str = "output";
    /// A JMESPath expression applied to the answer before printing.
    pub const QUERY: &str = "query";

    /// Options every command has, handled by the runtime before the command runs.
    pub const GLOBAL_FLAGS: &[&str] = &[
        ENDPOINT,
        REGION,
        PROXY,
        CA_BUNDLE,
        INSECURE,
        DRY_RUN,
        TIMEOUT,
        CONNECT_TIMEOUT,
        RETRIES,
        OUTPUT,
        QUERY,
        "help",
        "version",
    ];

    /// The command line's own commands, which no operation's command may take.
    pub const COMMANDS: &[&str] = &["completions", "man", "help"];

    /// The flag that gives a command's whole request body as JSON.
    pub const BODY_FLAG: &str = "body";

    /// On a paginated operation: read every page and print every item.
    pub const ALL_FLAG: &str = "all";
    /// On an operation with waiters: poll until the named waiter's states.
    pub const WAIT_FLAG: &str = "wait";
    /// Seconds between polls of `--wait`.
    pub const POLL_INTERVAL_FLAG: &str = "poll-interval";
    /// Seconds `--wait` waits in all.
    pub const WAIT_TIMEOUT_FLAG: &str = "wait-timeout";
    /// On an operation that shows progress: poll and show it until the work is over.
    pub const WATCH_FLAG: &str = "watch";

    /// Flags some commands have beside their operation's.
    pub const COMMAND_FLAGS: &[&str] =
        &[BODY_FLAG, ALL_FLAG, WAIT_FLAG, POLL_INTERVAL_FLAG, WAIT_TIMEOUT_FLAG, WATCH_FLAG];
}

/// What a JSON value is, as messages on both sides name it ("expected an object, not an array"):
/// the generator's about a spec's examples, the runtime's about a body given on the command line.
pub fn json_kind(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_read_from_spec_keys() {
        let from_key = Method::<&str>::from_key;
        assert_eq!(from_key("get"), Some(Method::Get));
        assert_eq!(from_key("PATCH"), Some(Method::Patch));
        assert_eq!(from_key("query"), Some(Method::Query));
        assert_eq!(from_key("parameters"), None);
        assert!(Method::<&str>::Put.is_idempotent() && !Method::<&str>::Post.is_idempotent());
        assert!(Method::<&str>::Query.is_idempotent() && !Method::Other("COPY").is_idempotent());
        assert_eq!(Method::Other("COPY").as_str(), "COPY");
        assert_eq!(Method::<&str>::Query.as_str(), "QUERY");
    }
}
