//! Running a command's request: sent once, page by page (`--all`), polled (`--wait`, `--watch`),
//! or only shown (`--dry-run`). What is printed is the answer as the service sent it, once it has
//! been read as the spec's type (so a malformed answer is still an error), with secrets masked.

use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

use super::exit::{INTERRUPTED, WAIT_FAILED};
use super::invocation::Invocation;
use super::print::Answer;
use super::progress::View;
use crate::error::Error;
use crate::future::BoxFuture;
use crate::paginate::Paginated;
use crate::request::Request;
use crate::secret::{self, MASK};
use crate::tables::{Auth, Location};
use crate::wait::{Pollable, Waiter, is_among, state_of};

/// A command under way: its request, put together and checked, still to be sent.
pub type Pending = BoxFuture<'static, Result<Outcome, Error>>;

/// How a command ended: what it prints and its exit code.
pub struct Outcome {
    pub(super) answer: Answer,
    pub(super) code: u8,
}

impl Outcome {
    fn success(answer: Answer) -> Outcome {
        Outcome { answer, code: 0 }
    }

    fn interrupted(what: &str) -> Outcome {
        eprintln!("stopped {what} (Ctrl-C); the work itself goes on");
        Outcome { answer: Answer::Nothing, code: INTERRUPTED }
    }
}

/// Sends the request once and prints its answer; or shows it (`--dry-run`), polls it until a
/// waiter's states (`--wait`), or polls it and shows its progress (`--watch`).
pub fn respond<R: Request + Clone>(invocation: Invocation, request: R) -> Pending
where
    R::Output: Serialize,
{
    if invocation.dry_run() {
        return Box::pin(dry_run(&request));
    }
    if let Some(waiter) = invocation.waiter() {
        return Box::pin(wait(invocation, Waiter::new(request, waiter.waiting)));
    }
    if invocation.watch() {
        return Box::pin(watch(invocation, request));
    }
    let exchange = exchange(&request);
    Box::pin(async move { Ok(Outcome::success(exchange.await?.answer)) })
}

/// As [`respond`], for an operation whose success another one shows: with `--wait`, sends
/// `request`, then polls the request `follow` makes from the invocation and the answer
/// (`start-task-group --wait completed` polls `show-task-group`).
pub fn respond_then<R, W, F>(invocation: Invocation, request: R, follow: F) -> Pending
where
    R: Request + Clone,
    R::Output: Serialize,
    W: Request + Clone,
    W::Output: Serialize,
    F: FnOnce(&Invocation, &Value) -> Result<W, Error> + Send + 'static,
{
    let Some(waiter) = invocation.waiter().filter(|_| !invocation.dry_run()) else {
        return respond(invocation, request);
    };
    let exchange = exchange(&request);
    Box::pin(async move {
        let Exchanged { answer, status, request_id, .. } = exchange.await?;
        let answer = match answer {
            Answer::Json(answer) => answer,
            _ => Value::Null,
        };
        // The request was sent and succeeded: an answer without what the link reads is the
        // service's, not the input's.
        let next = follow(&invocation, &answer).map_err(|error| match error {
            Error::Build(message) => Error::Decode { status, request_id, source: serde::de::Error::custom(message) },
            other => other,
        })?;
        wait(invocation, Waiter::new(next, waiter.waiting)).await
    })
}

/// `--all`: every item of every page, printed as one list.
pub fn all_items<R>(invocation: Invocation, request: R) -> Pending
where
    R: Paginated + Request<Output = <R as Paginated>::Page>,
    R::Page: Serialize,
{
    if invocation.dry_run() {
        return Box::pin(dry_run(&request));
    }
    Box::pin(async move {
        let field = invocation.command.items;
        let mut items = Vec::new();
        let mut next = Some(request);
        while let Some(request) = next {
            let Exchanged { typed: page, answer, .. } = exchange(&request).await?;
            next = request.next_request(&page);
            if let (Answer::Json(Value::Object(mut fields)), Some(field)) = (answer, field) {
                if let Some(Value::Array(page_items)) = fields.remove(field) {
                    items.extend(page_items);
                }
            }
        }
        Ok(Outcome::success(Answer::Json(Value::Array(items))))
    })
}

/// The value at `pointer` in `answer`, read as a `T`: an argument of the operation polled next.
pub fn linked<T: serde::de::DeserializeOwned>(answer: &Value, pointer: &str) -> Result<T, Error> {
    let value = answer
        .pointer(pointer)
        .ok_or_else(|| Error::Build(format!("no `{pointer}` to wait with (the request was sent and succeeded)")))?;
    serde_json::from_value(value.clone()).map_err(|e| Error::Build(format!("the answer's `{pointer}`: {e}")))
}

/// `--wait`: polls until the waiter's states, showing progress, and prints the last answer.
async fn wait<R: Request + Clone>(invocation: Invocation, waiter: Waiter<R>) -> Result<Outcome, Error>
where
    R::Output: Serialize,
{
    let name = invocation.waiter().map(|waiter| waiter.value).unwrap_or_default();
    let mut waiter = waiter.adapt(Answered);
    if let Some(interval) = invocation.poll_interval() {
        waiter = waiter.poll_interval(interval);
    }
    if let Some(timeout) = invocation.wait_timeout() {
        waiter = waiter.timeout(timeout);
    }
    let view = Mutex::new(View::new(invocation.command.progress, format!("waiting until {name}")));
    let show = |answer: &Value, _state: &Value| lock(&view).update(answer);
    tokio::select! {
        result = waiter.send_observed(show) => {
            lock(&view).finish();
            Ok(Outcome::success(Answer::Json(result?)))
        }
        _ = tokio::signal::ctrl_c() => {
            lock(&view).finish();
            Ok(Outcome::interrupted("waiting"))
        }
    }
}

/// `--watch`: polls until the work is over (exit code 4 if it failed), showing progress, and
/// prints the last answer.
async fn watch<R: Request + Clone>(invocation: Invocation, request: R) -> Result<Outcome, Error>
where
    R::Output: Serialize,
{
    let progress = invocation.command.progress;
    let interval = invocation.poll_interval().or(progress.map(|progress| progress.interval)).unwrap_or_default();
    let view = Mutex::new(View::new(progress, "watching".to_owned()));
    let shared = &view;
    let polling = async move {
        loop {
            let answer = match exchange(&request).await?.answer {
                Answer::Json(answer) => answer,
                _ => Value::Null,
            };
            lock(shared).update(&answer);
            if let Some((progress, field)) = progress.and_then(|p| p.state.map(|field| (p, field))) {
                let state = state_of(&answer, field);
                if is_among(&state, progress.finished) {
                    let failed = is_among(&state, progress.failed);
                    if failed {
                        eprintln!("the work ended in failure: {field} is {state}");
                    }
                    return Ok::<_, Error>(Outcome {
                        answer: Answer::Json(answer),
                        code: if failed { WAIT_FAILED } else { 0 },
                    });
                }
            }
            tokio::time::sleep(interval).await;
        }
    };
    tokio::select! {
        outcome = polling => {
            lock(&view).finish();
            outcome
        }
        _ = tokio::signal::ctrl_c() => {
            lock(&view).finish();
            Ok(Outcome::interrupted("watching"))
        }
    }
}

fn lock(view: &Mutex<View>) -> std::sync::MutexGuard<'_, View> {
    view.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A success answer: read as the spec's type, and as it is to be printed.
struct Exchanged<T> {
    typed: T,
    answer: Answer,
    status: u16,
    request_id: Option<String>,
}

/// Sends `request` and reads its answer as the spec's type.
fn exchange<R: Request>(request: &R) -> impl Future<Output = Result<Exchanged<R::Output>, Error>> + Send + 'static
where
    R::Output: Serialize,
{
    let (call, runtime) = (request.call(), request.runtime().clone());
    async move {
        let response = runtime.send(call?).await?;
        let (body, status, request_id) = (response.body.clone(), response.status, response.request_id.clone());
        let typed = R::read(response)?;
        let answer = answer(body, &typed);
        Ok(Exchanged { typed, answer, status, request_id })
    }
}

/// The answer as it came: JSON with the secrets `typed` knows of masked, else text or bytes.
fn answer<T: Serialize>(body: Vec<u8>, typed: &T) -> Answer {
    if body.is_empty() {
        return Answer::Nothing;
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(mut sent) => {
            let shown = secret::redacted(|| serde_json::to_value(typed)).unwrap_or_default();
            mask(&mut sent, &shown);
            Answer::Json(sent)
        }
        Err(_) => match String::from_utf8(body) {
            Ok(text) => Answer::Text(text),
            Err(bytes) => Answer::Bytes(bytes.into_bytes()),
        },
    }
}

/// Masks in `sent` every value `shown` (the typed answer, serialized redacted) masks.
pub(super) fn mask(sent: &mut Value, shown: &Value) {
    match (sent, shown) {
        (sent, Value::String(text)) if text == MASK => *sent = Value::String(MASK.to_owned()),
        (Value::Object(sent), Value::Object(shown)) => {
            for (key, shown) in shown {
                if let Some(sent) = sent.get_mut(key) {
                    mask(sent, shown);
                }
            }
        }
        (Value::Array(sent), Value::Array(shown)) => {
            for (sent, shown) in sent.iter_mut().zip(shown) {
                mask(sent, shown);
            }
        }
        _ => {}
    }
}

/// A request polled for its answer as the service sent it.
#[derive(Clone)]
struct Answered<R>(R);

impl<R: Request + Clone> Pollable for Answered<R>
where
    R::Output: Serialize,
{
    type Output = Value;

    fn poll(&self) -> BoxFuture<'static, Result<Value, Error>> {
        let exchange = exchange(&self.0);
        Box::pin(async move {
            match exchange.await?.answer {
                Answer::Json(answer) => Ok(answer),
                _ => Ok(Value::Null),
            }
        })
    }
}

/// `--dry-run`: the request as it would be sent first, signature and secrets masked; nothing is
/// sent to the service. Looking up what the request needs (a project id) is said on standard error.
pub(super) fn dry_run<R: Request>(request: &R) -> impl Future<Output = Result<Outcome, Error>> + Send + 'static {
    // Secret fields are encoded masked: this body is for reading only.
    let call = secret::redacted(|| request.call());
    let runtime = request.runtime().clone();
    async move {
        let call = call?;
        let query_keys = query_keys(call.operation.auth);
        for name in runtime.pending_lookups() {
            eprintln!("dry run: looking up {name} first, as a real call would");
        }
        let built = runtime.dry_run(call).await?;
        eprintln!("dry run: nothing was sent to the service");
        Ok(Outcome::success(Answer::Text(shown(&built, &query_keys))))
    }
}

/// The names of API keys that travel in the query, which the URL shown masks.
fn query_keys(auth: &[Auth]) -> Vec<&'static str> {
    let mut names = Vec::new();
    for auth in auth {
        match auth {
            Auth::ApiKey { location: Location::Query, name, .. } => names.push(*name),
            Auth::All(all) => names.extend(query_keys(all)),
            _ => {}
        }
    }
    names
}

/// A request as text: method and URL, headers, a blank line, the body.
fn shown(request: &reqwest::Request, query_keys: &[&str]) -> String {
    let mut url = request.url().clone();
    if !query_keys.is_empty() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if query_keys.contains(&name.as_ref()) { MASK.to_owned() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let mut text = format!("{} {url}\n", request.method());
    for (name, value) in request.headers() {
        let value = if value.is_sensitive() {
            // The scheme (`SDK-HMAC-SHA256`, `Bearer`) says how the request is authenticated.
            let scheme = value.to_str().ok().and_then(|v| v.split_once(' ')).map(|(scheme, _)| scheme);
            match scheme {
                Some(scheme) if name == reqwest::header::AUTHORIZATION => format!("{scheme} {MASK}"),
                _ => MASK.to_owned(),
            }
        } else {
            value.to_str().unwrap_or("(not text)").to_owned()
        };
        text.push_str(&format!("{name}: {value}\n"));
    }
    let body = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default();
    if !body.is_empty() {
        text.push('\n');
        match serde_json::from_slice::<Value>(body) {
            Ok(json) => text.push_str(&serde_json::to_string_pretty(&json).unwrap_or_default()),
            Err(_) => match std::str::from_utf8(body) {
                Ok(body) => text.push_str(body),
                Err(_) => text.push_str(&format!("({} bytes)", body.len())),
            },
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_answer_keeps_unknown_fields_and_masks_known_secrets() {
        #[derive(Serialize)]
        struct Known {
            name: String,
            key: secret::Secret,
            items: Vec<Known>,
        }
        let sent = json!({"name": "a", "key": "k1", "new_field": 1, "items": [{"name": "b", "key": "k2", "items": [], "x": true}]});
        let typed = Known {
            name: "a".into(),
            key: "k1".into(),
            items: vec![Known { name: "b".into(), key: "k2".into(), items: vec![] }],
        };
        let Answer::Json(printed) = answer(serde_json::to_vec(&sent).unwrap(), &typed) else { panic!("JSON") };
        assert_eq!(
            printed,
            json!({"name": "a", "key": MASK, "new_field": 1, "items": [{"name": "b", "key": MASK, "items": [], "x": true}]})
        );
        assert!(matches!(answer(b"plain".to_vec(), &"plain"), Answer::Text(text) if text == "plain"));
        assert!(matches!(answer(Vec::new(), &()), Answer::Nothing));
    }
}
