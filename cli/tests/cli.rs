//! The `oms` command line against a server on 127.0.0.1: each exit code for both operations, bodies
//! from flags, files and standard input, help text, and no secret in any output.

use assert_cmd::Command;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

use common::{DST_SK, GROUP, PROJECT, SK, body_file, oms, received, run, tempfile_path};

fn task(action: &str) -> String {
    format!("/v2/{PROJECT}/taskgroups/{GROUP}/{action}")
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_succeeds_with_flags_and_a_body_file() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task("retry")))
        .and(body_json(serde_json::json!({"src_ak": "flag-ak", "src_sk": "file-sk", "migrate_failed_object": true})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let file = body_file(r#"{"src_ak": "file-ak", "src_sk": "file-sk"}"#);
    let mut command = oms();
    // Global options go before or after the command.
    command.args(["--endpoint", &server.uri(), "retry-task-group", "--group-id", GROUP, "--src-ak", "flag-ak"]);
    command.args(["--migrate-failed-object", "true", "--body"]).arg(&file.0);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn start_reads_its_secret_body_from_standard_input() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(task("start")))
        .and(body_json(serde_json::json!({"dst_ak": "dst-ak", "dst_sk": DST_SK})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["start-task-group", "--group-id", GROUP, "--endpoint", &server.uri(), "--body", "-"]);
    command.write_stdin(format!(r#"{{"dst_ak": "dst-ak", "dst_sk": "{DST_SK}"}}"#));
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_error_exits_1_with_its_details() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-cli")
                .set_body_string(r#"{"error_code":"OMS.0003","error_msg":"task group not found"}"#),
        )
        .mount(&server)
        .await;
    for (command_name, extra) in
        [("retry-task-group", vec![]), ("start-task-group", vec!["--dst-ak", "a", "--body", "-"])]
    {
        let mut command = oms();
        command.args([command_name, "--endpoint", &server.uri(), "--group-id", GROUP]).args(&extra);
        command.write_stdin(r#"{"dst_sk": "s"}"#);
        let run = run(command).await;
        assert_eq!(run.code, 1, "{command_name}: {}", run.stderr);
        for expected in
            ["status: 400", "request id: req-cli", "error_code: OMS.0003", "error_msg: task group not found"]
        {
            assert!(run.stderr.contains(expected), "{command_name}: {expected} missing from {}", run.stderr);
        }
    }
    let raw = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(403).set_body_string("denied, plainly"))
        .mount(&raw)
        .await;
    let mut command = oms();
    command.args(["retry-task-group", "--endpoint", &raw.uri(), "--group-id", GROUP]);
    let run = run(command).await;
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("body: denied, plainly"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_exits_2_and_sends_nothing() {
    let server = MockServer::start().await;
    let uri = server.uri();
    let bad_json = body_file("{not json");
    let unknown_field = body_file(r#"{"dst_ak": "a", "dst_sk": "b", "dst_skk": "typo"}"#);
    let not_an_object = body_file("[1, 2]");
    let an_array_in_order = body_file(r#"["dst-ak", "dst-sk"]"#);
    let missing_required = body_file(r#"{"dst_ak": "a"}"#);
    let file = |f: &tempfile_path::TempFile| f.0.to_string_lossy().into_owned();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["retry-task-group".into(), "--group-id".into(), "..".into()], "`group_id` must not be `.` or `..`"),
        (
            vec!["retry-task-group".into(), "--group-id".into(), GROUP.into(), "--src-ak".into(), "a".repeat(101)],
            "`body.src_ak` must be at most 100",
        ),
        (
            vec![
                "retry-task-group".into(),
                "--group-id".into(),
                GROUP.into(),
                "--migrate-failed-object".into(),
                "yes".into(),
            ],
            "invalid value 'yes'",
        ),
        (
            vec!["start-task-group".into(), "--group-id".into(), GROUP.into(), "--body".into(), file(&bad_json)],
            "--body is not valid JSON",
        ),
        (
            vec!["start-task-group".into(), "--group-id".into(), GROUP.into(), "--body".into(), file(&unknown_field)],
            "unknown field `dst_skk`",
        ),
        (
            vec!["start-task-group".into(), "--group-id".into(), GROUP.into(), "--body".into(), file(&not_an_object)],
            "body: expected an object, not an array",
        ),
        (
            vec![
                "start-task-group".into(),
                "--group-id".into(),
                GROUP.into(),
                "--body".into(),
                file(&an_array_in_order),
            ],
            "body: expected an object, not an array",
        ),
        (
            vec![
                "start-task-group".into(),
                "--group-id".into(),
                GROUP.into(),
                "--body".into(),
                file(&missing_required),
            ],
            "missing field `dst_sk`",
        ),
        (vec!["start-task-group".into()], "--group-id"),
    ];
    for (args, expected) in cases {
        let mut command = oms();
        command.args(&args).args(["--endpoint", &uri]);
        let run = run(command).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: expected {expected:?} in {}", run.stderr);
        assert_eq!(
            run.stderr.trim().lines().filter(|l| l.starts_with("error")).count(),
            1,
            "one message: {}",
            run.stderr
        );
    }
    // Half-set credentials.
    let mut command = Command::cargo_bin("oms").expect("binary");
    command.env_clear().env("CLOUD_SDK_AK", "only-the-ak").args([
        "retry-task-group",
        "--group-id",
        GROUP,
        "--project-id",
        PROJECT,
        "--endpoint",
        &uri,
    ]);
    let run = run(command).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("CLOUD_SDK_AK is set but CLOUD_SDK_SK is not"), "{}", run.stderr);
    assert_eq!(received(&server).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_service_exits_3() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let mut retry = oms();
    retry.args(["retry-task-group", "--group-id", GROUP, "--endpoint", &endpoint]);
    let mut start = oms();
    start.args(["start-task-group", "--group-id", GROUP, "--endpoint", &endpoint, "--dst-ak", "a", "--body", "-"]);
    start.write_stdin(r#"{"dst_sk": "s"}"#);
    for command in [retry, start] {
        let run = run(command).await;
        assert_eq!(run.code, 3, "{}", run.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_iam_token_from_the_environment_authenticates() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(wiremock::matchers::header("X-Auth-Token", "IAM-TOKEN"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let mut command = Command::cargo_bin("oms").expect("binary");
    command.env_clear().env("HUAWEICLOUD_SDK_IAM_TOKEN", "IAM-TOKEN");
    command.args(["retry-task-group", "--group-id", GROUP, "--project-id", PROJECT, "--endpoint", &server.uri()]);
    assert_eq!(run(command).await.code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_is_printed_even_at_trace_level() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(400).set_body_string("{}")).mount(&server).await;
    let mut command = oms();
    command.env("RUST_LOG", "trace").env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN-NEVER-SHOWN");
    command.args([
        "start-task-group",
        "--group-id",
        GROUP,
        "--endpoint",
        &server.uri(),
        "--dst-ak",
        "a",
        "--body",
        "-",
    ]);
    command.write_stdin(format!(r#"{{"dst_sk": "{DST_SK}", "src_sk": "SRC-SK-NEVER-SHOWN"}}"#));
    let run = run(command).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("retrying"), "trace output is on: {}", run.stderr);
    for secret in [SK, DST_SK, "SRC-SK-NEVER-SHOWN", "TOKEN-NEVER-SHOWN"] {
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret), "{secret} printed:\n{}", run.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn help_shows_descriptions_limits_and_defaults() {
    let mut command = oms();
    command.args(["retry-task-group", "--help"]);
    let run = run(command).await;
    assert_eq!(run.code, 0);
    for expected in [
        "Restarts a failed migration task group",
        "--group-id <TEXT>",
        "Length: 1 to 1024 characters",
        "Default: `false`",
        "[possible values: true, false]",
        "Secret fields come only this way",
    ] {
        assert!(run.stdout.contains(expected), "{expected} missing from:\n{}", run.stdout);
    }
    // Secret fields have no flags.
    assert!(!run.stdout.contains("--src-sk") && !run.stdout.contains("--dst-sk"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn all_reads_every_page_and_prints_every_item() {
    let server = MockServer::start().await;
    let groups = format!("/v2/{PROJECT}/taskgroups");
    Mock::given(method("GET"))
        .and(path(groups.as_str()))
        .and(query_param_is_missing("offset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "taskgroups": [{"group_id": "g-0"}, {"group_id": "g-1"}], "count": 3
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(groups.as_str()))
        .and(query_param("offset", "2"))
        .and(query_param("limit", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"taskgroups": [{"group_id": "g-2"}], "count": 3})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "list-task-group", "--limit", "2", "--all"]);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON list");
    let ids: Vec<&str> = items.as_array().expect("a list").iter().filter_map(|g| g["group_id"].as_str()).collect();
    assert_eq!(ids, ["g-0", "g-1", "g-2"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_polls_until_the_state_and_exits_5_at_the_time_limit() {
    let server = MockServer::start().await;
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/{GROUP}")))
        .respond_with(move |_: &wiremock::Request| {
            let status = [0, 1][polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst).min(1)];
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"group_id": GROUP, "status": status}))
        })
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP, "--wait", "started"]);
    command.args(["--poll-interval", "1", "--wait-timeout", "30"]);
    let started = run(command).await;
    assert_eq!(started.code, 0, "{}", started.stderr);
    assert!(started.stdout.contains("\"status\": 1"), "{}", started.stdout);

    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP, "--wait", "completed"]);
    command.args(["--poll-interval", "1", "--wait-timeout", "1"]);
    let timed_out = run(command).await;
    assert_eq!(timed_out.code, 5, "still migrating after the time limit: {}", timed_out.stderr);
    assert!(timed_out.stderr.contains("waiting for `completed`: still 1 after"), "{}", timed_out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_exits_4_when_the_work_fails() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/{PROJECT}/taskgroups/{GROUP}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"group_id": GROUP, "status": 5})))
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP, "--wait", "completed"]);
    let failed = run(command).await;
    assert_eq!(failed.code, 4, "migration failed: {}", failed.stderr);
    assert!(failed.stderr.contains("waiting for `completed`: the state became 5, a failure"), "{}", failed.stderr);
    assert_eq!(received(&server).await, 1, "a failure state ends the wait at once");
}

/// An OMS and an IAM on 127.0.0.1; IAM knows one project named `cn-north-4`.
async fn oms_and_iam() -> (MockServer, MockServer) {
    let (service, iam) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("{}")).mount(&service).await;
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .and(query_param("name", "cn-north-4"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"projects": [{"id": PROJECT}]})))
        .mount(&iam)
        .await;
    (service, iam)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_region_and_an_access_key_are_enough_and_the_project_id_is_looked_up() {
    let (service, iam) = oms_and_iam().await;
    for region in [["--region", "cn-north-4"], ["--poll-interval", "1"]] {
        let mut command = Command::cargo_bin("oms").expect("binary");
        command
            .env_clear()
            .env("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE")
            .env("HUAWEICLOUD_SDK_SK", SK)
            .env("HUAWEICLOUD_SDK_IAM_ENDPOINT", iam.uri())
            .env("HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4", service.uri());
        command.args(["show-task-group", "--group-id", GROUP]);
        if region[0] == "--region" {
            command.args(region);
        } else {
            // The project's own variable instead of the flag.
            command.env("HUAWEICLOUD_REGION", "cn-north-4");
        }
        let run = run(command).await;
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let requests = service.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(request.url.path(), format!("/v2/{PROJECT}/taskgroups/{GROUP}"));
        assert!(request.headers.get("authorization").is_some(), "signed");
    }
    assert_eq!(received(&iam).await, 2, "one lookup per process");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unlisted_region_without_an_endpoint_is_refused() {
    let mut command = oms();
    command.args(["show-task-group", "--group-id", GROUP, "--region", "mars-1"]);
    let run = run(command).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`mars-1` is not a region the spec lists (cn-north-4, "), "{}", run.stderr);
    assert!(run.stderr.contains("HUAWEICLOUD_SDK_REGION_OMS_MARS_1"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_region_is_an_error_naming_the_ways_to_give_one() {
    let mut command = oms();
    command.args(["show-task-group", "--group-id", GROUP]);
    let run = run(command).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    for way in ["no region is set", "--region", "HUAWEICLOUD_REGION", "--endpoint"] {
        assert!(run.stderr.contains(way), "{way}: {}", run.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn proxy_ca_bundle_and_insecure_flags() {
    // The proxy answers for a service whose name does not resolve.
    let proxy = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_string("{}")).mount(&proxy).await;
    let mut command = oms();
    command.args(["show-task-group", "--group-id", GROUP, "--endpoint", "http://oms.invalid", "--proxy", &proxy.uri()]);
    let outcome = run(command).await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let through = proxy.received_requests().await.expect("recording is on");
    assert_eq!(through.len(), 1);
    assert_eq!(through[0].url.path(), format!("/v2/{PROJECT}/taskgroups/{GROUP}"));

    // A CA bundle from the flag or the command line's variable; certificate checks off, said on
    // standard error.
    let mut from_flag = oms();
    from_flag.args([
        "show-task-group",
        "--group-id",
        GROUP,
        "--endpoint",
        &proxy.uri(),
        "--ca-bundle",
        "/no/such/ca.pem",
    ]);
    let mut from_env = oms();
    from_env.env("OMS_CA_BUNDLE", "/no/such/ca.pem").args([
        "show-task-group",
        "--group-id",
        GROUP,
        "--endpoint",
        &proxy.uri(),
    ]);
    for command in [from_flag, from_env] {
        let outcome = run(command).await;
        assert_eq!(outcome.code, 2, "{}", outcome.stderr);
        assert!(outcome.stderr.contains("cannot read the CA bundle /no/such/ca.pem"), "{}", outcome.stderr);
    }
    let mut insecure = oms();
    insecure.args(["show-task-group", "--group-id", GROUP, "--endpoint", &proxy.uri(), "--insecure"]);
    let outcome = run(insecure).await;
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(outcome.stderr.contains("certificate checks are off"), "{}", outcome.stderr);
}
