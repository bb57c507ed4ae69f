//! Answers read as they arrive: each item of an event stream or of JSON lines printed as it comes
//! (`--query` applied to each; a table once all have come), a download written to standard output
//! as it comes.

use std::io::Write as _;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::exit::exit_code;
use super::invocation::Invocation;
use super::print::Answer;
use super::respond::{Outcome, Pending, dry_run, mask};
use crate::error::Error;
use crate::events::{Event, EventStream};
use crate::future::BoxFuture;
use crate::json_stream::JsonStream;
use crate::request::{self, Request};
use crate::secret;

/// An answer read item by item, as the command line prints it.
pub trait ShownItems: Send + 'static {
    /// The next item as the service sent it, once it has been read as the spec's type (so a
    /// malformed one is an error), secrets masked; `None` once the answer has ended.
    fn next_shown(&mut self) -> BoxFuture<'_, Option<Result<Value, Error>>>;
}

impl<T: DeserializeOwned + Serialize + Send + 'static> ShownItems for EventStream<T> {
    fn next_shown(&mut self) -> BoxFuture<'_, Option<Result<Value, Error>>> {
        Box::pin(async move {
            let (event, text) = match std::future::poll_fn(|cx| self.poll_sent(cx)).await? {
                Ok(sent) => sent,
                Err(error) => return Some(Err(error)),
            };
            let data = if self.data_is_text() { Value::String(text) } else { as_sent(text.as_bytes(), &event.data) };
            let Event { event, id, retry, .. } = event;
            Some(Ok(serde_json::to_value(Event { event, id, retry, data }).unwrap_or_default()))
        })
    }
}

impl<T: DeserializeOwned + Serialize + Send + 'static> ShownItems for JsonStream<T> {
    fn next_shown(&mut self) -> BoxFuture<'_, Option<Result<Value, Error>>> {
        Box::pin(async move {
            Some(std::future::poll_fn(|cx| self.poll_sent(cx)).await?.map(|(item, text)| as_sent(&text, &item)))
        })
    }
}

/// `sent` (JSON that read as `typed`) with the secrets `typed` knows of masked.
fn as_sent<T: Serialize>(sent: &[u8], typed: &T) -> Value {
    let mut sent = serde_json::from_slice(sent).unwrap_or_default();
    let shown = secret::redacted(|| serde_json::to_value(typed)).unwrap_or_default();
    mask(&mut sent, &shown);
    sent
}

/// Sends the request and prints each item of its answer as it arrives, one JSON document per
/// line (or as `--output` says); a table is printed once the answer has ended. An item that is not
/// what the spec says is reported on standard error and the next ones still print; the exit code
/// is then that of the first such error. `--dry-run` only shows the request.
pub fn respond_streamed<R>(invocation: Invocation, request: R) -> Pending
where
    R: Request,
    R::Output: ShownItems,
{
    if invocation.dry_run() {
        return Box::pin(dry_run(&request));
    }
    let printer = invocation.printer();
    let sending = request::send(&request);
    Box::pin(async move {
        let printer = printer?;
        let mut items = sending.await?;
        let mut table = Vec::new();
        let mut code = 0;
        while let Some(item) = items.next_shown().await {
            let item = match item {
                Ok(item) => item,
                Err(error) => {
                    eprintln!("error: {error}");
                    if code == 0 {
                        code = exit_code(&error);
                    }
                    continue;
                }
            };
            match printer.render_item(&item)? {
                // No one is left to print for (`... | head`): the answer is let go.
                Some(line) => {
                    if !print_line(&line)? {
                        break;
                    }
                }
                None => table.push(item),
            }
        }
        let answer = if table.is_empty() { Answer::Nothing } else { Answer::Text(printer.render_table(&table)?) };
        Ok(Outcome { answer, code })
    })
}

/// Prints `line` on standard output at once; `false` when its reader has gone.
fn print_line(line: &str) -> Result<bool, Error> {
    let mut stdout = std::io::stdout().lock();
    let written = writeln!(stdout, "{}", line.trim_end_matches('\n')).and_then(|()| stdout.flush());
    match written {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(error) => Err(Error::Config(format!("cannot write to standard output: {error}"))),
    }
}

/// Sends the request and writes its answer's bytes to standard output as they arrive, never
/// holding them whole. `--dry-run` only shows the request.
pub fn download<R: Request>(invocation: Invocation, request: R) -> Pending {
    if invocation.dry_run() {
        return Box::pin(dry_run(&request));
    }
    let downloading = request::download(&request);
    Box::pin(async move {
        let body = downloading.await?;
        match body.write_to(&mut tokio::io::stdout()).await {
            // A reader that has gone (`... | head`) is no error.
            Err(Error::Write(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
            written => {
                written?;
            }
        }
        Ok(Outcome { answer: Answer::Nothing, code: 0 })
    })
}
