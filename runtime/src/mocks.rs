//! What a client made from mocks answers with, whatever the operation: the rules (typed by their
//! operation's request in `mock.rs`, held here as trait objects) and recorded exchanges, and the
//! choice of the answer to each attempt, made where a request would otherwise go over HTTP.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use crate::error::Error;
use crate::http_answer::HttpAnswer;
use crate::recordings::Recordings;

/// A rule as the set holds it, whatever its operation.
pub(crate) trait MockRule: Send + Sync {
    /// Whether the rule answers `request`: a request of its operation that its conditions accept.
    fn matches(&self, request: &dyn Any) -> bool;

    /// The rule's next answer, counted as a hit; `None` once it has given every answer, and an
    /// error when it cannot give one (it was given none).
    fn take_answer(&self) -> Option<Result<HttpAnswer, String>>;
}

/// The rules and recorded exchanges that answer a client's requests in place of the service, in
/// the order they were added: for each attempt, the first rule that matches the request and has
/// answers left gives the next one, else the first unused recorded exchange that matches.
/// A client is made from them with `Client::from_mocks` (or [`Config::mocks`](crate::Config::mocks)).
///
/// Cloning shares the rules and recordings, and what they have given.
#[derive(Clone, Default)]
pub struct Mocks {
    pub(crate) rules: Vec<Arc<dyn MockRule>>,
    recordings: Vec<Recordings>,
}

impl fmt::Debug for Mocks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mocks").field("rules", &self.rules.len()).field("recordings", &self.recordings).finish()
    }
}

/// The rules a typed request matched when it was sent, and how it shows (its Debug, secrets
/// masked), for the error when none answers.
pub(crate) struct Matched {
    rules: Vec<Arc<dyn MockRule>>,
    shown: String,
}

impl fmt::Debug for Matched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Matched").field("rules", &self.rules.len()).finish()
    }
}

impl Mocks {
    /// No rules and no recordings: every request fails, naming itself.
    pub fn new() -> Self {
        Mocks::default()
    }

    /// Adds recorded exchanges, consulted after the rules.
    pub fn recordings(mut self, recordings: &Recordings) -> Self {
        self.recordings.push(recordings.clone());
        self
    }

    /// The rules that answer `request` (a generated request, shown as `shown`). A rule's
    /// conditions are on the request's inputs, which do not change between attempts, so they are
    /// asked once, when it is sent.
    pub(crate) fn matched(&self, request: &dyn Any, shown: String) -> Matched {
        let rules = self.rules.iter().filter(|rule| rule.matches(request)).cloned().collect();
        Matched { rules, shown }
    }

    /// The answer to one attempt of `operation`'s `request`: from the first rule `matched` that
    /// has answers left, else from the first recorded exchange that matches the request as sent.
    /// No answer is an error that names the operation and shows the request (its secrets masked).
    pub(crate) fn answer(
        &self,
        operation: &str,
        request: &reqwest::Request,
        matched: Option<&Matched>,
    ) -> Result<reqwest::Response, Error> {
        for rule in matched.map(|matched| matched.rules.as_slice()).unwrap_or_default() {
            match rule.take_answer() {
                Some(Ok(answer)) => return answer.into_response(operation),
                Some(Err(reason)) => {
                    return Err(Error::Config(format!("the mock rule that matches {operation}: {reason}")));
                }
                None => {}
            }
        }
        let body = request.body().and_then(reqwest::Body::as_bytes);
        for recordings in &self.recordings {
            if let Some(answer) = recordings.answer(request.method().as_str(), request.url(), body) {
                return answer.into_response(operation);
            }
        }
        Err(Error::Config(self.unanswered(operation, request, matched)))
    }

    /// Why nothing answers `request`, naming the operation and showing the request: the typed
    /// request's Debug, else its method and path (its query's values and its body may hold
    /// secrets, so only the query's names are shown).
    fn unanswered(&self, operation: &str, request: &reqwest::Request, matched: Option<&Matched>) -> String {
        let url = request.url();
        let names: Vec<String> = url.query_pairs().map(|(name, _)| name.into_owned()).collect();
        let query = match names.is_empty() {
            true => String::new(),
            false => format!(" (query: {})", names.join(", ")),
        };
        let sent = format!("{} {}{query}", request.method(), url.path());
        let mut reasons = Vec::new();
        let shown = match matched {
            Some(matched) => {
                reasons.push(match matched.rules.is_empty() {
                    true => "no rule matches it".to_owned(),
                    false => format!("the {} rule(s) that match it have given every answer", matched.rules.len()),
                });
                format!("{}, sent as {sent}", matched.shown)
            }
            None => {
                if !self.rules.is_empty() {
                    reasons.push("rules answer only requests sent with their typed inputs".to_owned());
                }
                sent
            }
        };
        if !self.recordings.is_empty() {
            reasons.push("no recorded exchange left matches it".to_owned());
        }
        if reasons.is_empty() {
            reasons.push("the mocks hold no rule and no recording".to_owned());
        }
        format!("no mock answers {operation}: {}; the request: {shown}", reasons.join(", and "))
    }
}
