//! Sending one call: its request prepared once, then on each attempt authenticated, sent and its
//! answer read, retried as the [`RetryPolicy`](crate::retry::RetryPolicy) allows.

use std::time::{Duration, Instant};

use crate::auth;
use crate::call::Call;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::http::{header_value, http_method};
use crate::prepare::Prepared;
use crate::response::{Receive, Response};
use crate::runtime::Runtime;
use crate::tables::PathPart;

/// The deadline of a request whose answer streams: none. reqwest takes only a deadline for the
/// whole exchange, so such requests get one that never comes; the client's read timeout still
/// bounds the wait for the answer to begin and each silence within it.
const NO_DEADLINE: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

impl Runtime {
    /// Sends `call`, unless putting it together failed (then nothing is sent), and reads the
    /// success response, received as `receive` says, with `read`. One boxed future for every
    /// operation: generated requests return it rather than a future type of their own.
    pub fn execute<T: Send + 'static>(
        self,
        call: Result<Call, Error>,
        receive: Receive,
        read: fn(Response) -> Result<T, Error>,
    ) -> BoxFuture<'static, Result<T, Error>> {
        Box::pin(async move { read(self.send_receiving(call?, receive).await?) })
    }

    /// Sends a call, retrying as the [`RetryPolicy`](crate::retry::RetryPolicy) allows, and returns the
    /// success response; an error status becomes [`Error::Service`] (the last one, when retries
    /// run out).
    pub async fn send(&self, call: Call) -> Result<Response, Error> {
        self.send_receiving(call, Receive::Whole).await
    }

    /// As [`Runtime::send`], the success response's body taken as `receive` says. Retries end
    /// once an answer begins; a body that can be sent only once (from a reader) is never retried.
    async fn send_receiving(&self, call: Call, receive: Receive) -> Result<Response, Error> {
        let prepared = self.prepare(call).await?;
        let operation = prepared.operation;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let result = self.attempt(&prepared, receive).await;
            if !prepared.body.can_repeat() {
                return result;
            }
            let Some(delay) = self.inner.retry.delay(&result, operation.idempotent, attempt, started.elapsed()) else {
                return result;
            };
            if let Err(error) = &result {
                let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                tracing::debug!(operation = operation.name, attempt, delay_ms, %error, "retrying");
            }
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The request `send` would send first, built, checked and signed, but not sent: for seeing
    /// exactly what goes on the wire, and for measuring the client's own cost.
    pub async fn dry_run(&self, call: Call) -> Result<reqwest::Request, Error> {
        let prepared = self.prepare(call).await?;
        let mut request = self.request(&prepared).await?;
        *request.body_mut() = prepared.body.to_show();
        Ok(request)
    }

    /// Everything about the request that does not change between attempts, the client
    /// parameters looked up first if they are not known yet.
    async fn prepare(&self, call: Call) -> Result<Prepared<'_>, Error> {
        let inner = &*self.inner;
        let client_parameters = self.client_parameters().await?;
        // An operation with a server of its own goes there, unless an endpoint is configured.
        let own = match call.operation.path.first() {
            Some(PathPart::Server(server)) => inner.own_servers.base_url(server)?,
            _ => None,
        };
        let base_url = own.as_deref().unwrap_or(&inner.base_url);
        Prepared::new(call, client_parameters, base_url, &inner.user_agent, inner.platform)
    }

    /// One attempt: authenticated afresh (a new signature date), sent, and its response read.
    async fn attempt(&self, prepared: &Prepared<'_>, receive: Receive) -> Result<Response, Error> {
        let operation = prepared.operation;
        let mut request = self.request(prepared).await?;
        *request.body_mut() = prepared.body.to_send().await?;
        if receive == Receive::Streamed {
            *request.timeout_mut() = Some(NO_DEADLINE);
        }
        let path = prepared.url.path();
        tracing::debug!(operation = operation.name, method = operation.method.as_str(), path, "sending request");
        let response = self.exchange(prepared, request).await?;
        Response::read(response, operation.name, self.inner.max_response_bytes, self.inner.platform, receive).await
    }

    /// The one place a request leaves the client: sent over HTTP, or, in a client made from
    /// mocks, answered by them (the answer is then read as one from the network).
    #[cfg_attr(not(feature = "test-util"), allow(unused_variables, reason = "only mocks read which call it is"))]
    async fn exchange(&self, prepared: &Prepared<'_>, request: reqwest::Request) -> Result<reqwest::Response, Error> {
        #[cfg(feature = "test-util")]
        if let Some(mocks) = &self.inner.mocks {
            return mocks.answer(prepared.operation.name, &request, prepared.matched.as_ref());
        }
        self.inner.http.execute(request).await.map_err(Error::Transport)
    }

    /// The request of one attempt, authenticated (signed with the current time), without its body
    /// (a dry run shows what is sent without reading a file or a reader).
    async fn request(&self, prepared: &Prepared<'_>) -> Result<reqwest::Request, Error> {
        let mut headers = prepared.headers.clone();
        let mut url = prepared.url.clone();
        let mut cookies = prepared.cookies.clone();
        let credentials = auth::Given {
            provider: self.inner.credentials.as_deref(),
            missing_hint: self.inner.missing_credentials_hint.as_deref(),
        };
        // Mocks answer whoever asks: nothing is signed, and no credentials are needed.
        if !self.is_mocked() {
            auth::authenticate(prepared, credentials, self.inner.platform, &mut headers, &mut url, &mut cookies)
                .await?;
        }
        // Added after signing, as the vendor SDKs' own `Accept` is: a preference of the transport,
        // which the signature need not cover.
        if let Some(accept) = prepared.operation.accept {
            headers.entry(reqwest::header::ACCEPT).or_insert(header_value("Accept", accept)?);
        }
        if !cookies.is_empty() {
            let mut value = header_value("Cookie", &cookies.join("; "))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        let method = http_method(prepared.operation.method)?;
        let request = self.inner.http.request(method, url).headers(headers);
        request.build().map_err(|e| Error::Build(format!("{}: {e}", prepared.operation.name)))
    }
}
