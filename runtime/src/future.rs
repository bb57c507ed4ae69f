//! The one boxed future type: what trait objects, generated requests and the command line return.

use std::future::Future;
use std::pin::Pin;

/// A boxed future, as trait objects return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
