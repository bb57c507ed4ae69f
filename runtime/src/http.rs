//! The HTTP layer underneath: the reqwest client a configuration asks for, and methods, header
//! names and header values as reqwest takes them.

use reqwest::header::{HeaderName, HeaderValue};

use crate::config::Config;
use crate::error::Error;
use crate::tables::Method;

/// The HTTP client `config` asks for: timeouts, no redirects, and the proxy and certificates.
///
/// The timeout bounds a whole exchange, and also each wait for the response and each silence
/// within its body: an answer read as it arrives has no overall deadline (see `send.rs`), only
/// that one.
pub(crate) fn http_client(config: &Config) -> Result<reqwest::Client, Error> {
    let mut builder = client_builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .read_timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none());
    if let Some(proxy) = &config.proxy {
        // reqwest's message would quote the URL, password and all.
        let proxy = reqwest::Proxy::all(proxy.0.expose())
            .map_err(|_| Error::Config("the proxy is not a valid URL (http://[user:password@]host:port)".into()))?;
        builder = builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_env()));
    }
    if let Some(path) = &config.ca_bundle {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| Error::Config(format!("cannot read the CA bundle {shown}: {e}")))?;
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| Error::Config(format!("the CA bundle {shown} is not PEM certificates: {e}")))?;
        if certificates.is_empty() {
            return Err(Error::Config(format!("the CA bundle {shown} holds no certificate")));
        }
        builder = builder.tls_certs_merge(certificates);
    }
    if config.insecure {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            tracing::warn!(
                "certificate checks are off: anyone on the network path can read and change requests, credentials included"
            );
        });
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    builder.build().map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))
}

/// A reqwest client builder whose TLS uses the crate's crypto provider: any other HTTP client a
/// platform makes (for instance metadata, say) starts here.
pub fn client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

/// Makes the crate's TLS crypto provider (its `ring` or `aws-lc-rs` feature) the process's, unless
/// the program installed one of its own first, which is then used as it is.
fn install_crypto_provider() {
    #[cfg(feature = "aws-lc-rs")]
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    // rustls 0.23.48 marks its ring provider deprecated, as it has no post-quantum key exchange.
    // ring stays the default for the build time it saves; `aws-lc-rs` is the feature for that.
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    // `Err` means a provider is installed already, which is all that is needed.
    let _ = provider.install_default();
}

#[cfg(not(any(feature = "ring", feature = "aws-lc-rs")))]
compile_error!("client-runtime needs a TLS crypto provider: its `ring` feature (the default) or `aws-lc-rs`");

pub(crate) fn http_method(method: Method) -> Result<reqwest::Method, Error> {
    Ok(match method {
        Method::Get => reqwest::Method::GET,
        Method::Put => reqwest::Method::PUT,
        Method::Post => reqwest::Method::POST,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
        Method::Head => reqwest::Method::HEAD,
        Method::Options => reqwest::Method::OPTIONS,
        Method::Trace => reqwest::Method::TRACE,
        Method::Query | Method::Other(_) => reqwest::Method::from_bytes(method.as_str().as_bytes())
            .map_err(|_| Error::Build(format!("`{}` is not a valid HTTP method", method.as_str())))?,
    })
}

pub(crate) fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Build(format!("`{name}` is not a valid header name")))
}

/// Header values are never quoted in errors: they may be secrets.
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Build(format!("the value of header `{name}` holds characters a header cannot carry")))
}
