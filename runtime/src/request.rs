//! What a generated request is to the runtime (the call it makes and how its answer is read),
//! and the one generic `send` every request's future comes from.

use crate::byte_stream::ByteStream;
use crate::call::Call;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::response::{Receive, Response};
use crate::runtime::Runtime;

/// A generated request: the call it makes and how its success response is read. Sending, paging,
/// polling, dry runs and the command line all work from these two.
pub trait Request: Send + Sized + 'static {
    /// What the success response is read as.
    type Output: Send + 'static;

    /// How the success response's body is taken: whole before [`Request::read`], or left for it
    /// to read as it arrives (a stream of items). Retries apply to the request until its answer
    /// begins, never within a streamed answer.
    const RECEIVE: Receive = Receive::Whole;

    /// The runtime that sends it.
    fn runtime(&self) -> &Runtime;

    /// The call, every value checked and encoded.
    fn call(&self) -> Result<Call, Error>;

    /// Reads the success response.
    fn read(response: Response) -> Result<Self::Output, Error>;
}

/// Checks every value of `request`, then sends it; nothing is sent when a value breaks the spec's
/// rules.
pub fn send<R: Request>(request: &R) -> BoxFuture<'static, Result<R::Output, Error>> {
    request.runtime().clone().execute(request.call(), R::RECEIVE, R::read)
}

/// As [`send`], with the success answer's body given as it arrives, whatever the request reads it
/// as: a download that is never held whole.
pub fn download<R: Request>(request: &R) -> BoxFuture<'static, Result<ByteStream, Error>> {
    request.runtime().clone().execute(request.call(), Receive::Streamed, |response| Ok(response.byte_stream()))
}
