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

/// The two setters of each optional input of a request builder, inside its `impl` block, from a
/// row `FIELD "word": NAME, SET_NAME(MODE TYPE) "docs";`: `NAME` takes the value (`MODE` `into`:
/// anything that converts into `TYPE`; `value`: a `TYPE`) and has the docs given, and `SET_NAME`
/// sets or clears it from an `Option`. `FIELD` is the builder's field, `"word"` the input's name
/// in the second setter's docs.
///
/// ```ignore
/// impl ListTasks {
///     setters!(ListTasks {
///         limit "limit": limit, set_limit(value i64) "How many tasks at most.";
///     });
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! setters {
    ($request:ident {
        $($field:ident $word:literal: $set:ident, $set_option:ident($pass:ident $ty:ty) $doc:literal;)*
    }) => {
        $(
            $crate::setter!($doc, $field, $set, $pass $ty);

            #[doc = ::std::concat!(
                " Sets or clears `", $word, "`: `None` leaves it out of the `", ::std::stringify!($request), "` request."
            )]
            pub fn $set_option(mut self, value: ::std::option::Option<$ty>) -> Self {
                self.$field = value;
                self
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Default)]
    struct ListTasks {
        limit: Option<i64>,
        r#type: Option<String>,
    }

    impl ListTasks {
        setters!(ListTasks {
            limit "limit": limit, set_limit(value i64) "How many tasks at most.";
            r#type "type": kind, set_kind(into String) "The kind of task.";
        });
    }

    #[test]
    fn each_input_gets_a_setter_and_one_that_sets_or_clears_it() {
        let request = ListTasks::default().limit(5).kind("copy");
        assert_eq!((request.limit, request.r#type.as_deref()), (Some(5), Some("copy")));
        let request = request.set_limit(None).set_kind(Some("move".to_owned()));
        assert_eq!((request.limit, request.r#type.as_deref()), (None, Some("move")));
    }
}
