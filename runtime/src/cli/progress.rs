//! The progress of polled work on standard error: a bar redrawn at each poll on a terminal, one
//! plain line per poll otherwise. What is shown (the state, the counters) is the spec's.

use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, HumanCount, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use super::tables::{Counter, Progress};

/// What is being shown: the spec's description, and a bar on a terminal.
pub struct View {
    progress: Option<&'static Progress>,
    /// What the polling is for: `waiting until completed`, `watching`.
    purpose: String,
    bar: Option<ProgressBar>,
    /// The first poll's time and amount done of the first counter, for the rate.
    first: Option<(Instant, f64)>,
}

impl View {
    pub fn new(progress: Option<&'static Progress>, purpose: String) -> View {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let counted = progress.is_some_and(|progress| progress.counters.first().is_some_and(|c| c.total.is_some()));
            let template = if counted { "{bar:30} {percent:>3}% {msg}" } else { "{spinner} {msg}" };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar
        });
        View { progress, purpose, bar, first: None }
    }

    /// Shows the answer of one poll.
    pub fn update(&mut self, answer: &Value) {
        let now = Instant::now();
        let line = self.line(answer, now);
        match &self.bar {
            Some(bar) => {
                if let Some((done, Some(total))) = self.bar_amounts(answer) {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
                bar.set_message(line);
                bar.tick();
            }
            None => eprintln!("{line}"),
        }
    }

    /// Leaves the last state on the screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.abandon();
        }
    }

    /// One line: the state, then each counter; the first with its rate and the time left.
    fn line(&mut self, answer: &Value, now: Instant) -> String {
        let mut parts = vec![self.purpose.clone()];
        let Some(progress) = self.progress else { return parts.join(" · ") };
        if let Some(state) = progress.state.and_then(|field| answer.get(field)) {
            let state = match state {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            parts.push(format!("state {state}"));
        }
        for (index, counter) in progress.counters.iter().enumerate() {
            let Some(done) = sum(answer, counter.done) else { continue };
            let total = counter.total.and_then(|field| number(answer, field));
            let amount = |value: f64| amount(counter, value);
            let mut text = match total {
                Some(total) if total > 0.0 => {
                    format!("{} {} of {} ({:.0}%)", counter.name, amount(done), amount(total), done / total * 100.0)
                }
                Some(total) => format!("{} {} of {}", counter.name, amount(done), amount(total)),
                None => format!("{} {}", counter.name, amount(done)),
            };
            if let Some(failed) = counter.failed.and_then(|field| number(answer, field)) {
                text.push_str(&format!(", {} failed", amount(failed)));
            }
            if index == 0 {
                let (started, done_then) = *self.first.get_or_insert((now, done));
                let elapsed = now.duration_since(started).as_secs_f64();
                if elapsed > 0.0 && done > done_then {
                    let rate = (done - done_then) / elapsed;
                    text.push_str(&format!(", {}/s", amount(rate)));
                    if let Some(total) = total.filter(|total| *total > done) {
                        let left = Duration::from_secs_f64(((total - done) / rate).min(1e9));
                        text.push_str(&format!(", {} left", HumanDuration(left)));
                    }
                }
            }
            parts.push(text);
        }
        parts.join(" · ")
    }

    /// The first counter's done and total, for the bar.
    fn bar_amounts(&self, answer: &Value) -> Option<(f64, Option<f64>)> {
        let counter = self.progress?.counters.first()?;
        Some((sum(answer, counter.done)?, counter.total.and_then(|field| number(answer, field))))
    }
}

/// The sum of the fields that are present; `None` when none is.
fn sum(answer: &Value, fields: &[&str]) -> Option<f64> {
    fields.iter().filter_map(|field| number(answer, field)).reduce(|a, b| a + b)
}

fn number(answer: &Value, field: &str) -> Option<f64> {
    answer.get(field).and_then(Value::as_f64).filter(|value| value.is_finite() && *value >= 0.0)
}

fn amount(counter: &Counter, value: f64) -> String {
    if counter.bytes {
        HumanBytes(value as u64).to_string()
    } else if value.fract() == 0.0 {
        HumanCount(value as u64).to_string()
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    static PROGRESS: Progress = Progress {
        state: Some("status"),
        counters: &[
            Counter { name: "bytes", done: &["complete_size"], total: Some("total_size"), failed: None, bytes: true },
            Counter {
                name: "objects",
                done: &["success_num", "skip_num"],
                total: Some("total_num"),
                failed: Some("fail_num"),
                bytes: false,
            },
        ],
        finished: &["6"],
        failed: &[],
        interval: Duration::from_secs(1),
    };

    #[test]
    fn a_line_shows_the_state_counters_rate_and_time_left() {
        let mut view = View { progress: Some(&PROGRESS), purpose: "watching".into(), bar: None, first: None };
        let start = Instant::now();
        let answer = |done: u64, objects: u64| {
            json!({"status": 2, "complete_size": done, "total_size": 4096 * 1024,
                   "success_num": objects, "skip_num": 1, "total_num": 2000, "fail_num": 3})
        };
        assert_eq!(
            view.line(&answer(1024 * 1024, 99), start),
            "watching · state 2 · bytes 1.00 MiB of 4.00 MiB (25%) · objects 100 of 2,000 (5%), 3 failed"
        );
        assert_eq!(
            view.line(&answer(2 * 1024 * 1024, 999), start + Duration::from_secs(2)),
            "watching · state 2 · bytes 2.00 MiB of 4.00 MiB (50%), 512.00 KiB/s, 4 seconds left · objects 1,000 of 2,000 (50%), 3 failed"
        );
    }

    #[test]
    fn missing_counters_are_left_out() {
        let mut view =
            View { progress: Some(&PROGRESS), purpose: "waiting until completed".into(), bar: None, first: None };
        assert_eq!(view.line(&json!({"status": "RUNNING"}), Instant::now()), "waiting until completed · state RUNNING");
    }
}
