//! A generated command line, run with the credentials its platform needs and the client-level
//! values it takes, in an environment of the test's own.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::Stdio;

use generator::ir::{self, Platform, SampleCredentials};
use serde_json::Value;

use crate::commands::Command;
use crate::values::Values;
use crate::wire;

/// The key, secret and token every command is given: none is real.
pub const ACCESS_KEY: &str = "CONTRACTTESTACCESSKEY";
const SECRET_KEY: &str = "contract-test-secret-key";
const TOKEN: &str = "contract-test-token";

pub struct Client {
    binary: PathBuf,
    environment: Vec<(String, String)>,
    /// Client-level path parameters: (wire name, value); each is given by its global flag.
    pub client_values: Vec<(String, String)>,
    client_flags: Vec<String>,
    /// The key an API key or bearer scheme sends, for a spec of no platform.
    pub token: Option<String>,
}

/// What a command did.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
}

impl Client {
    /// The command line `binary` of `api`: Huawei Cloud's gets an access key pair, any other
    /// spec with security a token; client-level values are made from their schemas.
    pub fn new(api: &ir::Api, document: &Value, values: &Values, binary: PathBuf, home: PathBuf) -> Client {
        // A home of its own: no profile or region file of the machine's is read.
        let mut environment = vec![("HOME".to_owned(), home.display().to_string())];
        let mut token = None;
        match (&api.platform, &api.sample_credentials) {
            (Platform::HuaweiCloud { .. }, _) => {
                environment.push(("HUAWEICLOUD_SDK_AK".into(), ACCESS_KEY.into()));
                environment.push(("HUAWEICLOUD_SDK_SK".into(), SECRET_KEY.into()));
            }
            (_, SampleCredentials::TokenEnv(variable)) => {
                environment.push((variable.clone(), TOKEN.into()));
                token = Some(TOKEN.to_owned());
            }
            _ => {}
        }
        let mut client_values = Vec::new();
        let mut client_flags = Vec::new();
        for parameter in &api.client_parameters {
            let value = client_parameter_value(document, values, &parameter.wire_name);
            client_flags.extend([format!("--{}", parameter.flag.flag), value.clone()]);
            client_values.push((parameter.wire_name.clone(), value));
        }
        Client { binary, environment, client_values, client_flags, token }
    }

    /// Runs `command` against `endpoint`, once (no retries).
    pub fn run(&self, endpoint: &str, command: &Command) -> Run {
        let mut process = std::process::Command::new(&self.binary);
        process
            .args(["--endpoint", endpoint, "--retries", "0", "--timeout", "60"])
            .args(&self.client_flags)
            .args(command.args())
            .env_clear()
            .envs(self.environment.iter().map(|(name, value)| (name, value)))
            .stdin(if command.body.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = process.spawn().unwrap_or_else(|e| panic!("{}: {e}", self.binary.display()));
        if let (Some(mut stdin), Some(body)) = (child.stdin.take(), command.stdin()) {
            // A command that refuses its input may not read it all.
            let _ = stdin.write_all(&body);
        }
        let output = child.wait_with_output().expect("the command line runs");
        Run { code: output.status.code(), stderr: String::from_utf8_lossy(&output.stderr).into_owned() }
    }
}

/// A value for a client-level path parameter, made from its schema where the spec first
/// declares it.
fn client_parameter_value(document: &Value, values: &Values, wire_name: &str) -> String {
    let items = document.get("paths").and_then(Value::as_object).into_iter().flat_map(|paths| paths.values());
    let declared = items
        .flat_map(|item| {
            let operations = item.as_object().into_iter().flat_map(|item| item.values());
            operations.chain([item]).filter_map(|holder| holder.get("parameters")?.as_array()).flatten()
        })
        .map(|parameter| values.resolve(parameter))
        .find(|parameter| parameter.get("name").and_then(Value::as_str) == Some(wire_name));
    declared
        .and_then(|parameter| values.parameter(parameter).ok())
        .as_ref()
        .and_then(wire::scalar_text)
        .unwrap_or_else(|| "sample".to_owned())
}
