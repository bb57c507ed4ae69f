//! What a generated request is to the runtime (the call it makes and how its answer is read),
//! and the one generic `send` every request's future comes from.

use std::fmt;

use crate::byte_stream::ByteStream;
use crate::call::Call;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::response::{Receive, Response};
use crate::runtime::Runtime;
use crate::xml::XmlElement;

/// A generated request: the call it makes and how its success response is read. Sending, paging,
/// polling, dry runs and the command line all work from these two. Its Debug shows its inputs,
/// secrets masked.
pub trait Request: fmt::Debug + Send + Sized + 'static {
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

/// A request whose success answer is an XML document: the table of the document's root element,
/// which reads the answer (and writes it, in mock rules).
pub trait XmlAnswer: Request {
    const ROOT: XmlElement;
}

/// Checks every value of `request`, then sends it; nothing is sent when a value breaks the spec's
/// rules.
pub fn send<R: Request>(request: &R) -> BoxFuture<'static, Result<R::Output, Error>> {
    request.runtime().clone().execute(checked_call(request), R::RECEIVE, R::read)
}

/// As [`send`], with the success answer's body given as it arrives, whatever the request reads it
/// as: a download that is never held whole.
pub fn download<R: Request>(request: &R) -> BoxFuture<'static, Result<ByteStream, Error>> {
    request.runtime().clone().execute(checked_call(request), Receive::Streamed, |response| Ok(response.byte_stream()))
}

/// The request's call, every value checked; in a client made from mocks, with the rules its
/// inputs match (asked only once the values pass their checks).
fn checked_call<R: Request>(request: &R) -> Result<Call, Error> {
    let call = request.call()?;
    #[cfg(feature = "test-util")]
    if let Some(mocks) = request.runtime().mocks() {
        return Ok(call.matching(mocks.matched(request, format!("{request:?}"))));
    }
    Ok(call)
}
