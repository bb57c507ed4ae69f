//! Prism, the validating mock server: started on 127.0.0.1 for one spec, its log read to learn
//! what it found wrong with each request and with the answer it gave, and stopped when dropped
//! (a failing test included).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long Prism may take to read a spec and listen.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// How long the log may take to show a request Prism has answered.
const LOG_TIMEOUT: Duration = Duration::from_secs(30);
/// The path of the requests that mark the end of an exchange in the log: one no spec routes.
const MARK: &str = "/contract-test/end-of-exchange";

/// Where the Prism command line is: the file `PRISM` names (when set, nowhere else), else the
/// copy `.ci/run` installs under `target/prism`, else `prism` on the `PATH`.
pub fn find(workspace: &Path) -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("PRISM") {
        return Some(PathBuf::from(named)).filter(|named| named.is_file());
    }
    let installed = workspace.join("target/prism/node_modules/.bin/prism");
    if installed.is_file() {
        return Some(installed);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("prism")).find(|candidate| candidate.is_file())
}

/// A running Prism mock server.
pub struct Prism {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
    /// How many lines of the log have been handed out.
    read: usize,
    marks: u32,
}

/// What Prism said about one exchange.
#[derive(Debug, Default)]
pub struct Verdict {
    /// What it found wrong with the request (empty: the request passed its validation).
    pub request_violations: Vec<String>,
    /// What it found wrong with the answer it gave (the spec's example, or one made from the schema).
    pub response_violations: Vec<String>,
    /// Requests it could not route or refused before validating (`NO_PATH_MATCHED_ERROR`).
    pub errors: Vec<String>,
    /// Its warnings and errors about the exchange, as logged.
    pub complaints: Vec<String>,
}

impl Prism {
    /// Starts `prism mock SPEC` on a free port of 127.0.0.1 and waits until it answers.
    pub fn start(prism: &Path, spec: &Path) -> Result<Prism, String> {
        let port = free_port()?;
        let mut child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{} cannot be started: {e}", prism.display()))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
            child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>),
        ] {
            let (stream, log) = (stream.expect("piped"), Arc::clone(&log));
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap_or_else(PoisonError::into_inner).push(line);
                }
            });
        }
        let mut prism = Prism { child, port, log, read: 0, marks: 0 };
        let started = Instant::now();
        loop {
            if prism.lines().iter().any(|line| line.contains("Prism is listening"))
                && TcpStream::connect(("127.0.0.1", port)).is_ok()
            {
                prism.read = prism.lines().len();
                return Ok(prism);
            }
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!("Prism ended ({status}) before listening:\n{}", prism.lines().join("\n")));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!("Prism did not listen within {START_TIMEOUT:?}:\n{}", prism.lines().join("\n")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn lines(&self) -> Vec<String> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// What Prism logged about the requests since the last call. A request to a path no spec
    /// has marks the end: Prism handles requests in turn, so once the mark shows, everything
    /// about the earlier ones has been logged.
    pub fn verdict(&mut self) -> Result<Verdict, String> {
        self.marks += 1;
        let mark = format!("{MARK}/{}/end", self.marks);
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| format!("Prism: {e}"))?;
        write!(stream, "GET {mark} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .map_err(|e| format!("Prism: {e}"))?;
        let _ = stream.read_to_end(&mut Vec::new());
        let started = Instant::now();
        let lines = loop {
            let lines = self.lines();
            if let Some(at) = lines.iter().skip(self.read).position(|line| line.contains(&mark)) {
                let end = self.read + at;
                // Lines about earlier marks, which may be logged after their first one, are
                // not about an exchange.
                let exchange =
                    lines[self.read..end].iter().filter(|line| !line.contains(MARK)).cloned().collect::<Vec<_>>();
                self.read = end + 1;
                break exchange;
            }
            if started.elapsed() > LOG_TIMEOUT {
                return Err(format!("Prism's log does not show {mark}"));
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut verdict = Verdict::default();
        for line in lines {
            let said = line.split_once("› ").map_or(line.as_str(), |(_, said)| said).trim();
            if said.contains('✖') || said.contains('⚠') {
                verdict.complaints.push(said.to_owned());
            }
            if let Some((_, error)) = said.split_once("Request terminated with error: ") {
                verdict.errors.push(error.trim().to_owned());
            } else if let Some((_, message)) = said.split_once("[VALIDATOR] ✖") {
                // A refused request's reasons are logged as they are; a request or answer that is
                // served all the same has them logged as `Violation: request…` or `…response…`.
                let message = message.trim().trim_start_matches("error").trim();
                let (target, message) = match message.strip_prefix("Violation: ") {
                    Some(violation) if violation.starts_with("response") => {
                        (&mut verdict.response_violations, violation)
                    }
                    Some(violation) => (&mut verdict.request_violations, violation),
                    None => (&mut verdict.request_violations, message),
                };
                if !target.iter().any(|known| known.ends_with(message) || message.ends_with(known.as_str())) {
                    target.push(message.to_owned());
                }
            }
        }
        Ok(verdict)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 nothing listens on now.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|e| format!("no free port: {e}"))
}
