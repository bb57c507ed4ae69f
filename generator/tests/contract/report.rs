//! What happened to each operation of a spec, and the lines that say it.

use std::path::Path;

use common::scratch::say_once;
use common::workspace;

use crate::client::Run;
use crate::common;
use crate::prism::Verdict;

/// How one operation fared.
#[derive(Debug)]
pub enum Outcome {
    /// Its request was accepted (by Prism, or as the spec requires at a recording server) and
    /// its answer decoded.
    Accepted,
    /// The answer Prism gave (the spec's own example) breaks the spec, and the client refused it
    /// with a clear error.
    ExampleBreaksSpec(String),
    /// Left out of the count, with the reason.
    Excluded(String),
    Failed(String),
}

/// Prism's verdict on an operation's request, and whether its answer was decoded.
pub fn judge(run: &Run, verdict: &Verdict) -> Outcome {
    let refused_answer = run.code == Some(1) && run.stderr.contains("response body does not match the spec");
    if !verdict.request_violations.is_empty() {
        Outcome::Failed(format!("Prism refused the request: {}", verdict.request_violations.join("; ")))
    } else if !verdict.errors.is_empty() {
        Outcome::Failed(format!("Prism: {}", verdict.complaints.join("; ")))
    } else if run.code == Some(0) {
        Outcome::Accepted
    } else if refused_answer && !verdict.response_violations.is_empty() {
        Outcome::ExampleBreaksSpec(format!(
            "{} (Prism: {})",
            first_line(&run.stderr),
            verdict.response_violations.join("; ")
        ))
    } else {
        Outcome::Failed(format!("exit {:?}: {}", run.code, shortened(&run.stderr)))
    }
}

/// What happened to each operation of a spec, said when the spec is done.
pub struct Report {
    spec: String,
    operations: usize,
    accepted: usize,
    example_breaks_spec: Vec<String>,
    /// (command, reason)
    excluded: Vec<(String, String)>,
    failed: Vec<String>,
    /// Lines said after the count: how the requests were checked, the wrong request.
    notes: Vec<String>,
}

impl Report {
    pub fn new(spec: &Path, operations: usize) -> Report {
        let spec = spec.strip_prefix(workspace()).unwrap_or(spec).display().to_string();
        Report {
            spec,
            operations,
            accepted: 0,
            example_breaks_spec: Vec::new(),
            excluded: Vec::new(),
            failed: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Records how the command `name` fared. One listed as falling short because of a known
    /// client bug (`known_bug`) is excluded with that reason while it does, and said to be
    /// listed no longer needed once it passes.
    pub fn record(&mut self, name: &str, outcome: Outcome, known_bug: Option<&str>) {
        let outcome = match (outcome, known_bug) {
            (Outcome::Failed(how), Some(bug)) => Outcome::Excluded(format!("{bug} (as it does: {how})")),
            (outcome, Some(bug)) => {
                self.notes.push(format!("{name} passes now: take it off the known client bugs ({bug})"));
                outcome
            }
            (outcome, None) => outcome,
        };
        match outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::ExampleBreaksSpec(how) => self.example_breaks_spec.push(format!("{name}: {how}")),
            Outcome::Excluded(why) => self.excluded.push((name.to_owned(), why)),
            Outcome::Failed(how) => self.failed.push(format!("{name}: {how}")),
        }
    }

    /// A finding about an operation beyond its outcome (its signature), which fails the test.
    pub fn fail(&mut self, name: &str, how: String) {
        self.failed.push(format!("{name}: {how}"));
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Says how the spec fared, on a line that shows even when the test passes, and fails the
    /// test if any operation not excluded fell short.
    pub fn finish(self) {
        let mut said =
            format!("contract {}: {}/{} operations accepted and decoded", self.spec, self.accepted, self.operations);
        let mut section = |title: &str, count: usize, lines: &[String]| {
            if count > 0 {
                said.push_str(&format!("\n  {title} ({count}):"));
                for line in lines {
                    said.push_str(&format!("\n    {line}"));
                }
            }
        };
        section("excluded", self.excluded.len(), &by_reason(&self.excluded));
        let example_breaks_spec = "the spec's own example breaks the spec, and the client refuses it";
        section(example_breaks_spec, self.example_breaks_spec.len(), &self.example_breaks_spec);
        section("FAILED", self.failed.len(), &self.failed);
        for note in &self.notes {
            said.push_str(&format!("\n  {note}"));
        }
        say_once(&said);
        assert!(self.failed.is_empty(), "{} falls short of its contract:\n{}", self.spec, self.failed.join("\n"));
        let accounted = self.accepted + self.example_breaks_spec.len() + self.excluded.len();
        assert_eq!(accounted, self.operations, "every operation of {} is accounted for", self.spec);
    }
}

/// `reason: name, name` for each reason, in the order first given.
fn by_reason(excluded: &[(String, String)]) -> Vec<String> {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, reason) in excluded {
        match reasons.iter_mut().find(|(known, _)| known == reason) {
            Some((_, names)) => names.push(name),
            None => reasons.push((reason, vec![name])),
        }
    }
    reasons.into_iter().map(|(reason, names)| format!("{}: {reason}", names.join(", "))).collect()
}

pub fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Text cut to a length a report can show.
pub fn shortened(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(600) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
