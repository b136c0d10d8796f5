//! What the runner prints: one line per item, a detail line under a failure,
//! and the summary; and the exit code that follows from them.

use std::{fmt::Write, process::ExitCode, time::Duration};

use crate::expect::ExpectedStatus;

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub elapsed: Duration,
    pub body: String,
}

/// Why an item has no answer to check.
#[derive(Debug)]
pub enum Failure {
    /// Refused before sending: a bad method, URL, header or body.
    NotSent(String),
    /// Sent, and no answer came: refused, unreachable, timed out.
    NoAnswer(String),
}

/// How one item went.
#[derive(Debug)]
pub enum Outcome {
    Checked {
        answer: Answer,
        expected: ExpectedStatus,
    },
    Failed(Failure),
    /// Not run, and why.
    NotRun(String),
}

/// How many answers' characters a failure shows.
const EXCERPT: usize = 300;

impl Outcome {
    pub fn passed(&self) -> Option<bool> {
        match self {
            Outcome::Checked { answer, expected } => Some(expected.matches(answer.status)),
            Outcome::Failed(_) => Some(false),
            Outcome::NotRun(_) => None,
        }
    }

    /// The item's line, and a detail line for a failure. `what` is what was
    /// sent, such as `POST http://127.0.0.1:3001/users`.
    pub fn lines(&self, name: &str, what: &str) -> String {
        let mut out = String::new();
        match self {
            Outcome::Checked { answer, expected } => {
                let ms = answer.elapsed.as_millis();
                if expected.matches(answer.status) {
                    let _ = write!(out, "PASS  {}  {what}  ({ms} ms)  {name}", answer.status);
                } else {
                    let _ = write!(
                        out,
                        "FAIL  {} expected {expected}  {what}  ({ms} ms)  {name}",
                        answer.status
                    );
                    if !answer.body.trim().is_empty() {
                        let _ = write!(out, "\n      answer: {}", excerpt(&answer.body));
                    }
                }
            }
            Outcome::Failed(Failure::NotSent(why)) => {
                let _ = write!(out, "FAIL  not sent  {what}  {name}\n      {why}");
            }
            Outcome::Failed(Failure::NoAnswer(why)) => {
                let _ = write!(out, "FAIL  no answer  {what}  {name}\n      {why}");
            }
            Outcome::NotRun(why) => {
                let _ = write!(out, "NOT RUN  {why}: {name} ({what})");
            }
        }
        out
    }
}

/// The body on one line, cut at [`EXCERPT`] characters.
fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &flat[..cut], body.len()),
        None => flat,
    }
}

/// The counts of a run.
#[derive(Debug, Default)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub not_run: usize,
}

impl Summary {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome.passed() {
            Some(true) => self.passed += 1,
            Some(false) => self.failed += 1,
            None => self.not_run += 1,
        }
    }

    pub fn line(&self) -> String {
        format!(
            "{} passed, {} failed, {} not run",
            self.passed, self.failed, self.not_run
        )
    }

    /// 0 when every item that ran passed, 1 when one failed.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(status: u16, expected: ExpectedStatus, body: &str) -> Outcome {
        Outcome::Checked {
            answer: Answer {
                status,
                elapsed: Duration::from_millis(12),
                body: body.into(),
            },
            expected,
        }
    }

    #[test]
    fn lines_say_pass_fail_and_not_run() {
        assert_eq!(
            checked(201, ExpectedStatus::Exact(201), "").lines("create", "POST http://h/users"),
            "PASS  201  POST http://h/users  (12 ms)  create"
        );
        assert_eq!(
            checked(
                422,
                ExpectedStatus::Exact(201),
                "{\n \"error\": \"invalid\"\n}"
            )
            .lines("create", "POST http://h/users"),
            "FAIL  422 expected 201  POST http://h/users  (12 ms)  create\n      \
             answer: { \"error\": \"invalid\" }"
        );
        let not_run = Outcome::NotRun("gRPC items need the page or a gRPC client".into());
        assert_eq!(
            not_run.lines("hello", "/helloworld.Greeter/SayHello on http://g"),
            "NOT RUN  gRPC items need the page or a gRPC client: hello \
             (/helloworld.Greeter/SayHello on http://g)"
        );
        assert_eq!(not_run.passed(), None);
    }

    #[test]
    fn long_answers_are_cut() {
        let body = "é".repeat(EXCERPT + 10);
        let shown = excerpt(&body);
        assert!(
            shown.ends_with(&format!("… ({} bytes)", body.len())),
            "{shown}"
        );
        assert_eq!(shown.chars().filter(|c| *c == 'é').count(), EXCERPT);
    }

    #[test]
    fn the_exit_code_is_a_failure_only_when_something_failed() {
        let mut summary = Summary::default();
        summary.add(&Outcome::NotRun("x".into()));
        summary.add(&checked(200, ExpectedStatus::SUCCESS, ""));
        assert_eq!(summary.exit_code(), ExitCode::SUCCESS);
        summary.add(&Outcome::Failed(Failure::NoAnswer("refused".into())));
        assert_eq!(summary.exit_code(), ExitCode::FAILURE);
        assert_eq!(summary.line(), "1 passed, 1 failed, 1 not run");
    }
}
