//! Testing code that calls an API without the API: a client whose requests are answered by typed
//! rules (and recorded exchanges) instead of the service. Generated crates expose it with their
//! `test-util` feature: a `mock` module with a constructor of a [`Rule`] per operation, named as
//! the client's method (`mock::show_task_group()`), and `Client::from_mocks`.
//!
//! A [`Rule`] is for one operation. It matches that operation's requests whose inputs its
//! conditions accept ([`Rule::when`], over the generated request: its fields are the inputs as
//! the caller set them), and gives its answers in order: the operation's typed output
//! ([`Rule::then_output`]), an error status with the spec's error model as its body
//! ([`Rule::then_error`]), or any HTTP answer ([`Rule::then_http`], for statuses and headers of
//! your choosing and for the bodies of streamed answers). Each answer is given once unless
//! [`Rule::times`] or [`Rule::forever`] says otherwise; a rule that has given every answer
//! matches no more. [`Rule::hits`] says how many times it answered.
//!
//! [`Mocks`] holds the rules (and [`Recordings`]); for each attempt the first rule that matches
//! and has answers left answers it, then the first recorded exchange left that matches. A request
//! nothing answers fails with [`Error::Config`](crate::Error::Config), naming the operation and
//! showing the request (its Debug, in which secrets are masked).
//!
//! A client made from mocks sends nothing and needs no credentials (nothing is signed); client
//! parameters it is not given (a project id) are their names. Everything else runs as for the
//! service's answers: inputs are checked against the spec before any rule is asked (a request
//! that breaks a rule is refused, and no rule is hit), error statuses become
//! [`Error::Service`](crate::Error::Service) and are retried as the [`RetryPolicy`](crate::RetryPolicy)
//! says, pagers ask for each page and waiters poll until a state ends the wait.
//!
//! **Time.** Waiters wait between polls and retries wait before trying again, on Tokio's clock.
//! Run such tests on a paused clock (`#[tokio::test(start_paused = true)]`, with Tokio's
//! `test-util` feature): the waits then take no real time, as Tokio moves the clock on whenever
//! everything is waiting, and a waiter's time limit is still measured on that clock.
//!
//! ```text
//! let polled = mock::show_task_group()
//!     .when(|request| request.group_id == "g-1")
//!     .then_output(running).times(2)
//!     .then_output(completed);
//! let client = Client::from_mocks(Mocks::new().rule(&polled))?;
//! client.show_task_group("g-1").wait_until_completed().await?;
//! assert_eq!(polled.hits(), 3);
//! ```

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub use crate::http_answer::HttpAnswer;
use crate::mocks::MockRule;
pub use crate::mocks::Mocks;
pub use crate::recordings::Recordings;
use crate::request::{Request, XmlAnswer};

/// A condition on a request's inputs.
type Condition<R> = Arc<dyn Fn(&R) -> bool + Send + Sync>;

/// How the operation's typed output is written as its answer.
type Encode<R> = fn(&<R as Request>::Output) -> HttpAnswer;

/// The answers of one operation's requests that a set of conditions accepts, given in order.
/// Made by the generated `mock::<operation>()`; cloning shares the answers and the hits, so a
/// test keeps a clone to ask [`Rule::hits`] after giving one to [`Mocks::rule`].
pub struct Rule<R: Request> {
    shared: Arc<Shared<R>>,
}

struct Shared<R: Request> {
    encode: Encode<R>,
    state: Mutex<State<R>>,
}

struct State<R> {
    conditions: Vec<Condition<R>>,
    /// The answers still to give, the next first.
    steps: Vec<Step>,
    /// Whether any answer was ever given to the rule.
    has_answers: bool,
    hits: usize,
    /// How the rule was built wrong, said when a request comes for it.
    misuse: Option<String>,
}

/// An answer, and how many more times it is given.
struct Step {
    answer: HttpAnswer,
    left: Left,
}

#[derive(Clone, Copy)]
enum Left {
    Times(usize),
    Forever,
}

impl<R: Request> Clone for Rule<R> {
    fn clone(&self) -> Self {
        Rule { shared: Arc::clone(&self.shared) }
    }
}

impl<R: Request> fmt::Debug for Rule<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Rule")
            .field("request", &std::any::type_name::<R>())
            .field("conditions", &state.conditions.len())
            .field("answers_left", &state.steps.len())
            .field("hits", &state.hits)
            .finish()
    }
}

impl<R: Request> Rule<R> {
    fn with_encoding(encode: Encode<R>) -> Self {
        let state = State { conditions: Vec::new(), steps: Vec::new(), has_answers: false, hits: 0, misuse: None };
        Rule { shared: Arc::new(Shared { encode, state: Mutex::new(state) }) }
    }

    /// A rule for an operation whose success answer is JSON: typed outputs are written as JSON.
    pub fn json() -> Self
    where
        R::Output: serde::Serialize,
    {
        Rule::with_encoding(|output| HttpAnswer::new(200).json(output))
    }

    /// A rule for an operation whose success answer is XML: typed outputs are written by the
    /// request's table of the answer's root element.
    pub fn xml() -> Self
    where
        R: XmlAnswer,
        R::Output: serde::Serialize,
    {
        Rule::with_encoding(|output| HttpAnswer::new(200).xml(&R::ROOT, output))
    }

    /// A rule whose typed outputs `encode` writes as answers of its own making (another status,
    /// more headers).
    pub fn encoded(encode: fn(&R::Output) -> HttpAnswer) -> Self {
        Rule::with_encoding(encode)
    }

    /// A rule for an operation whose success answer is streamed (events, JSON lines): a typed
    /// output cannot be written, so answers are given with [`Rule::then_http`].
    pub fn streamed() -> Self {
        Rule::with_encoding(|_| {
            HttpAnswer::new(200).problem(
                "a streamed answer is given as its body, with then_http(HttpAnswer::new(200).body(...))".to_owned(),
            )
        })
    }

    /// Answers only requests `condition` accepts (every condition, when given several). Without
    /// one, every request of the operation.
    ///
    /// ```text
    /// mock::list_tasks().when(|request| request.group_id.as_deref() == Some("g-1") && request.offset == Some(0))
    /// ```
    pub fn when(self, condition: impl Fn(&R) -> bool + Send + Sync + 'static) -> Self {
        self.state().conditions.push(Arc::new(condition));
        self
    }

    /// Answers with the operation's typed output, written as the operation's success answer.
    pub fn then_output(self, output: R::Output) -> Self {
        let answer = (self.shared.encode)(&output);
        self.then(answer)
    }

    /// Answers with an error `status` (400 to 599) whose body is `body` written as JSON: the
    /// model the spec gives for that status (each client method's documentation names it).
    pub fn then_error(self, status: u16, body: impl serde::Serialize) -> Self {
        let answer = HttpAnswer::new(status).json(body);
        match (400..=599).contains(&status) {
            true => self.then(answer),
            false => self.then(answer.problem(format!("then_error takes an error status (400 to 599), not {status}"))),
        }
    }

    /// Answers with `answer` as it is: any status, headers and body.
    pub fn then_http(self, answer: HttpAnswer) -> Self {
        self.then(answer)
    }

    /// Gives the answer before this `times` times in all, rather than once.
    pub fn times(self, times: usize) -> Self {
        self.repeat(Left::Times(times), "times")
    }

    /// Gives the answer before this to every request from then on: the rule never runs out.
    pub fn forever(self) -> Self {
        self.repeat(Left::Forever, "forever")
    }

    /// How many attempts the rule has answered (a retried request counts each attempt).
    pub fn hits(&self) -> usize {
        self.state().hits
    }

    fn then(self, answer: HttpAnswer) -> Self {
        {
            let mut state = self.state();
            state.steps.push(Step { answer, left: Left::Times(1) });
            state.has_answers = true;
        }
        self
    }

    fn repeat(self, left: Left, method: &str) -> Self {
        {
            let mut state = self.state();
            match state.steps.last_mut() {
                Some(step) => step.left = left,
                None => state.misuse = Some(format!("{method}() comes before any answer it could repeat")),
            }
        }
        self
    }

    fn state(&self) -> MutexGuard<'_, State<R>> {
        // A condition that panicked leaves the state as it was: nothing is half-changed.
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<R: Request<Output = ()>> Rule<R> {
    /// A rule for an operation whose success answer has no body.
    pub fn empty() -> Self {
        Rule::with_encoding(|_| HttpAnswer::new(200))
    }
}

impl<R: Request<Output = String>> Rule<R> {
    /// A rule for an operation whose success answer is text.
    pub fn text() -> Self {
        Rule::with_encoding(|text: &String| {
            HttpAnswer::new(200).header("Content-Type", "text/plain").body(text.clone())
        })
    }
}

impl<R: Request<Output = Vec<u8>>> Rule<R> {
    /// A rule for an operation whose success answer is bytes.
    pub fn bytes() -> Self {
        Rule::with_encoding(|bytes: &Vec<u8>| {
            HttpAnswer::new(200).header("Content-Type", "application/octet-stream").body(bytes.clone())
        })
    }
}

impl<R: Request> MockRule for Rule<R> {
    fn matches(&self, request: &dyn Any) -> bool {
        let Some(request) = request.downcast_ref::<R>() else { return false };
        // Asked without the lock: a condition is the caller's code.
        let conditions = self.state().conditions.clone();
        conditions.iter().all(|condition| condition(request))
    }

    fn take_answer(&self) -> Option<Result<HttpAnswer, String>> {
        let mut state = self.state();
        if let Some(misuse) = &state.misuse {
            return Some(Err(misuse.clone()));
        }
        if !state.has_answers {
            return Some(Err("the rule has no answer: give one with then_output, then_error or then_http".to_owned()));
        }
        while let Some(step) = state.steps.first_mut() {
            let answer = step.answer.clone();
            match &mut step.left {
                Left::Forever => {}
                Left::Times(0) => {
                    state.steps.remove(0);
                    continue;
                }
                Left::Times(1) => {
                    state.steps.remove(0);
                }
                Left::Times(left) => *left -= 1,
            }
            state.hits += 1;
            return Some(Ok(answer));
        }
        None
    }
}

impl Mocks {
    /// Adds a rule, after those added before it. The rule is shared: the test's own clone
    /// of it sees its hits.
    pub fn rule<R: Request>(mut self, rule: &Rule<R>) -> Self {
        self.rules.push(Arc::new(rule.clone()));
        self
    }
}
