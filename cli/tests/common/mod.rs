//! What the command line's tests share: the binary with a clean environment, and running it.

#![allow(dead_code)]

use assert_cmd::Command;
use wiremock::MockServer;

pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";
pub const GROUP: &str = "2c11d99a-9596-4bc6-a6ad-2336455b149c";
pub const SK: &str = "SK-NEVER-SHOWN";
pub const DST_SK: &str = "DST-SK-NEVER-SHOWN";

/// The binary with a clean environment: an access key, the project id, nothing else.
pub fn oms() -> Command {
    let mut command = Command::cargo_bin("oms").expect("the oms binary");
    command
        .env_clear()
        .env("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE")
        .env("HUAWEICLOUD_SDK_SK", SK)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT);
    command
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the command off the async runtime, so the mock server keeps answering.
pub async fn run(mut command: Command) -> Run {
    let output = tokio::task::spawn_blocking(move || command.output().expect("runs")).await.expect("joins");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording is on").len()
}

pub fn body_file(json: &str) -> tempfile_path::TempFile {
    tempfile_path::TempFile::with(json)
}

/// A file that removes itself.
pub mod tempfile_path {
    pub struct TempFile(pub std::path::PathBuf);

    impl TempFile {
        pub fn with(contents: &str) -> TempFile {
            static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let path = std::env::temp_dir().join(format!("oms-cli-test-{}-{n}.json", std::process::id()));
            std::fs::write(&path, contents).expect("write");
            TempFile(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}
