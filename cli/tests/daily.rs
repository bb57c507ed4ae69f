//! The options of daily use, through the binary against servers on 127.0.0.1: dry runs, timeouts
//! and retries, the answer as sent, output formats and queries, completions and the manual page,
//! grouped help, and progress while waiting or watching (on a pipe and on a pseudo-terminal).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{DST_SK, GROUP, PROJECT, SK, oms, received, run};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn group_path() -> String {
    format!("/v2/{PROJECT}/taskgroups/{GROUP}")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_prints_the_request_masked_and_sends_nothing() {
    let server = MockServer::start().await;
    let body = common::body_file(&format!(r#"{{"src_sk": "{SK}", "dst_ak": "dst-ak", "dst_sk": "{DST_SK}"}}"#));
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "--dry-run", "start-task-group", "--group-id", GROUP]);
    command.args(["--body", body.0.to_str().expect("a UTF-8 path"), "--src-ak", "src-ak"]);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(received(&server).await, 0, "a dry run sends nothing");
    let url = format!("PUT {}{}/start", server.uri(), group_path());
    assert!(run.stdout.starts_with(&url), "{}", run.stdout);
    for shown in [
        "authorization: SDK-HMAC-SHA256 <redacted>",
        "content-type: application/json",
        "x-sdk-date: ",
        "\"src_ak\": \"src-ak\"",
        "\"src_sk\": \"<redacted>\"",
        "\"dst_sk\": \"<redacted>\"",
    ] {
        assert!(run.stdout.contains(shown), "{shown} missing from:\n{}", run.stdout);
    }
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains(SK) && !output.contains(DST_SK), "a secret printed:\n{output}");
        assert!(!output.contains("Signature="), "the signature printed:\n{output}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_looks_the_project_up_and_says_so_unless_it_is_given() {
    let (service, iam) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .and(path("/v3/projects"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"projects": [{"id": PROJECT}]})))
        .mount(&iam)
        .await;
    let dry_run = |project: Option<&str>| {
        let mut command = oms();
        command.env_remove("HUAWEICLOUD_SDK_PROJECT_ID").env("HUAWEICLOUD_SDK_IAM_ENDPOINT", iam.uri());
        command.args(["--endpoint", &service.uri(), "--region", "cn-north-4", "--dry-run"]);
        if let Some(project) = project {
            command.args(["--project-id", project]);
        }
        command.args(["show-task-group", "--group-id", GROUP]);
        command
    };
    let looked_up = run(dry_run(None)).await;
    assert_eq!(looked_up.code, 0, "{}", looked_up.stderr);
    assert!(looked_up.stderr.contains("looking up project_id first"), "{}", looked_up.stderr);
    assert!(looked_up.stdout.starts_with(&format!("GET {}{}", service.uri(), group_path())), "{}", looked_up.stdout);
    assert_eq!(received(&iam).await, 1);

    let given = run(dry_run(Some("fedcba9876543210fedcba9876543210"))).await;
    assert_eq!(given.code, 0, "{}", given.stderr);
    assert!(!given.stderr.contains("looking up"), "{}", given.stderr);
    assert!(given.stdout.contains("/v2/fedcba9876543210fedcba9876543210/taskgroups/"), "{}", given.stdout);
    assert_eq!(received(&iam).await, 1, "a project id given skips IAM");
    assert_eq!(received(&service).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn timeouts_and_retries_from_flags_and_the_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)).set_body_string("{}"))
        .mount(&server)
        .await;
    let show = || {
        let mut command = oms();
        command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP]);
        command
    };
    let mut command = show();
    command.args(["--timeout", "0.3", "--retries", "0", "--connect-timeout", "2"]);
    let timed_out = run(command).await;
    assert_eq!(timed_out.code, 3, "{}", timed_out.stderr);
    assert_eq!(received(&server).await, 1, "--retries 0 tries once");

    let mut command = show();
    command.env("OMS_TIMEOUT", "0.3").env("OMS_RETRIES", "1");
    let timed_out = run(command).await;
    assert_eq!(timed_out.code, 3, "{}", timed_out.stderr);
    assert_eq!(received(&server).await, 3, "OMS_RETRIES=1 tries twice");

    for bad in [["--timeout", "0"], ["--connect-timeout", "soon"], ["--retries", "many"]] {
        let mut command = show();
        command.args(bad);
        let refused = run(command).await;
        assert_eq!(refused.code, 2, "{bad:?}: {}", refused.stderr);
        assert!(refused.stderr.contains(bad[0]), "{bad:?}: {}", refused.stderr);
    }
    assert_eq!(received(&server).await, 3, "bad options send nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn retries_repeat_a_failed_request_as_many_times_as_asked() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(ResponseTemplate::new(503).set_body_string(r#"{"error_code": "OMS.0001", "error_msg": "busy"}"#))
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "--retries", "2", "show-task-group", "--group-id", GROUP]);
    let run = run(command).await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(received(&server).await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_answer_is_printed_as_sent_once_it_reads_as_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            r#"{{"group_id": "{GROUP}", "status": 2, "field_the_spec_lacks": {{"new": true}}}}"#
        )))
        .mount(&server)
        .await;
    let other = format!("/v2/{PROJECT}/taskgroups/malformed");
    Mock::given(method("GET"))
        .and(path(other.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"group_id": "malformed", "status": "two"}"#))
        .mount(&server)
        .await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP]);
    let shown = run(command).await;
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let answer: serde_json::Value = serde_json::from_str(&shown.stdout).expect("JSON");
    assert_eq!(answer["field_the_spec_lacks"], serde_json::json!({"new": true}), "{}", shown.stdout);

    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", "malformed"]);
    let malformed = run(command).await;
    assert_eq!(malformed.code, 1, "a malformed answer is an error: {}", malformed.stdout);
    assert!(malformed.stderr.contains("does not match the spec"), "{}", malformed.stderr);
    assert!(malformed.stdout.is_empty());
}

async fn task_groups() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/{PROJECT}/taskgroups")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "count": 2,
            "taskgroups": [
                {"group_id": "g-0", "status": 2, "description": "photos", "total_num": 10},
                {"group_id": "g-1", "status": 6, "description": "logs of the year", "total_num": 2000},
            ],
        })))
        .mount(&server)
        .await;
    server
}

async fn list(server: &MockServer, options: &[&str]) -> common::Run {
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "list-task-group"]).args(options);
    run(command).await
}

#[tokio::test(flavor = "multi_thread")]
async fn output_formats_and_queries() {
    let server = task_groups().await;
    let table = list(&server, &["--output", "table"]).await;
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(
        table.stdout,
        "GROUP_ID  STATUS  DESCRIPTION       TOTAL_NUM\n\
         g-0       2       photos            10\n\
         g-1       6       logs of the year  2000\n"
    );
    let narrow = list(&server, &["--output", "table"]).await;
    assert_eq!(narrow.stdout, table.stdout, "a pipe has no width to fit");
    let mut command = oms();
    command.env("COLUMNS", "30").args(["--endpoint", &server.uri(), "list-task-group", "--output", "table"]);
    let narrow = run(command).await;
    assert!(narrow.stdout.starts_with("GROUP_ID  STATUS\ng-0       2\n"), "{}", narrow.stdout);
    assert!(narrow.stdout.contains("(2 more columns: description, total_num;"), "{}", narrow.stdout);

    let values = list(&server, &["--output", "value", "--query", "taskgroups[?status == `6`].group_id"]).await;
    assert_eq!((values.code, values.stdout.as_str()), (0, "g-1\n"), "{}", values.stderr);
    let rows = list(&server, &["--output", "value", "--query", "taskgroups[].[group_id, total_num]"]).await;
    assert_eq!(rows.stdout, "g-0\t10\ng-1\t2000\n");
    let yaml = list(&server, &["--output", "yaml", "--query", "taskgroups[0]"]).await;
    // Objects keep the answer's field order (not alphabetical here), or the order the query writes.
    assert_eq!(yaml.stdout, "group_id: g-0\nstatus: 2\ndescription: photos\ntotal_num: 10\n");
    let picked =
        list(&server, &["--output", "table", "--query", "taskgroups[].{total: total_num, id: group_id}"]).await;
    assert_eq!(picked.stdout, "TOTAL  ID\n10     g-0\n2000   g-1\n", "{}", picked.stderr);
    let json = list(&server, &["--query", "count"]).await;
    assert_eq!(json.stdout, "2\n");
    let mut command = oms();
    command.env("OMS_OUTPUT", "value").args(["--endpoint", &server.uri(), "list-task-group", "--query", "count"]);
    assert_eq!(run(command).await.stdout, "2\n", "OMS_OUTPUT sets the format");

    let requests = received(&server).await;
    let bad = list(&server, &["--query", "taskgroups[?"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("--query"), "{}", bad.stderr);
    assert_eq!(received(&server).await, requests, "a query that does not parse sends nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn completions_for_four_shells_and_a_manual_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef oms"),
        ("fish", "complete -c oms"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let mut command = oms();
        command.args(["completions", shell]);
        let script = run(command).await;
        assert_eq!(script.code, 0, "{shell}: {}", script.stderr);
        assert!(script.stdout.contains(marker), "{shell}: no {marker}");
        for word in ["show-task-group", "wait-timeout", "dry-run", "list-sync-task-statistic"] {
            assert!(script.stdout.contains(word), "{shell}: {word} missing");
        }
    }
    let mut command = oms();
    command.arg("man");
    let page = run(command).await;
    assert_eq!(page.code, 0, "{}", page.stderr);
    assert!(page.stdout.starts_with(".ie \\n(.g .ds Aq"), "roff: {}", &page.stdout[..80]);
    assert!(page.stdout.contains(".TH oms 1") && page.stdout.contains("show\\-task\\-group"), "{}", page.stdout);
    let mut command = oms();
    command.args(["completions", "tcsh"]);
    assert_eq!(run(command).await.code, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn help_lists_commands_by_the_spec_tags_in_its_order() {
    let mut command = oms();
    command.arg("--help");
    let help = run(command).await;
    assert_eq!(help.code, 0);
    let at = |text: &str| help.stdout.find(text).unwrap_or_else(|| panic!("{text} missing from:\n{}", help.stdout));
    let order = [
        "Migration Task Group Management:",
        "  retry-task-group",
        "  update-task-group",
        "Migration Task Management:",
        "  list-tasks",
        "Synchronization Task Management:",
        "  list-sync-tasks",
        "Object Storage Information:",
        "  show-bucket-list",
        "API Versions:",
        "Privacy Agreements:",
        "  update-privacy-agreement-record",
        "The command line itself:",
        "  completions",
        "Options:",
        "--dry-run",
    ];
    let positions: Vec<usize> = order.iter().map(|text| at(text)).collect();
    assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "out of order:\n{}", help.stdout);
}

/// A task group whose counters advance by a quarter at each poll, completed at the fourth.
async fn migrating_group(final_status: i64) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let polls = Arc::new(AtomicUsize::new(0));
    let counted = polls.clone();
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(move |_: &wiremock::Request| {
            let poll = counted.fetch_add(1, Ordering::SeqCst).min(3) as i64 + 1;
            let status = if poll == 4 { final_status } else { 2 };
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "group_id": GROUP, "status": status,
                "total_size": 4 * 1024 * 1024, "complete_size": poll * 1024 * 1024,
                "total_num": 400, "success_num": poll * 100 - 2, "skip_num": 1, "fail_num": 1,
            }))
        })
        .mount(&server)
        .await;
    (server, polls)
}

#[tokio::test(flavor = "multi_thread")]
async fn waiting_on_a_pipe_prints_a_line_per_poll() {
    let (server, polls) = migrating_group(6).await;
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "show-task-group", "--group-id", GROUP]);
    command.args(["--wait", "completed", "--poll-interval", "1"]);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(polls.load(Ordering::SeqCst), 4);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    assert_eq!(
        lines[0],
        "waiting until completed · state 2 · bytes 1.00 MiB of 4.00 MiB (25%) · objects 99 of 400 (25%), 1 failed"
    );
    assert!(
        lines[1].starts_with("waiting until completed · state 2 · bytes 2.00 MiB of 4.00 MiB (50%), "),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("/s, ") && lines[1].contains(" left · objects 199 of 400 (50%), 1 failed"),
        "{}",
        lines[1]
    );
    assert!(lines[3].contains("state 6 · bytes 4.00 MiB of 4.00 MiB (100%)"), "{}", lines[3]);
    let last: serde_json::Value = serde_json::from_str(&run.stdout).expect("the last answer");
    assert_eq!(last["status"], 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn watching_ends_with_the_work_and_exits_4_when_it_failed() {
    let (server, _) = migrating_group(5).await;
    let mut command = oms();
    command.args([
        "--endpoint",
        &server.uri(),
        "show-task-group",
        "--group-id",
        GROUP,
        "--watch",
        "--poll-interval",
        "1",
    ]);
    let run = run(command).await;
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert_eq!(run.stderr.lines().filter(|line| line.starts_with("watching · state ")).count(), 4, "{}", run.stderr);
    assert!(run.stderr.contains("the work ended in failure: status is 5"), "{}", run.stderr);
    assert!(run.stdout.contains("\"status\": 5"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_watching_and_leaves_the_work_alone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(group_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"group_id": GROUP, "status": 2})))
        .mount(&server)
        .await;
    let binary = assert_cmd::cargo::cargo_bin("oms");
    let uri = server.uri();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut child = std::process::Command::new(binary)
            .env_clear()
            .env("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE")
            .env("HUAWEICLOUD_SDK_SK", SK)
            .env("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
            .args(["--endpoint", &uri, "show-task-group", "--group-id", GROUP, "--watch", "--poll-interval", "1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("starts");
        let mut stderr = std::io::BufReader::new(child.stderr.take().expect("piped"));
        let mut first = String::new();
        std::io::BufRead::read_line(&mut stderr, &mut first).expect("a progress line");
        let interrupted = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status();
        assert!(interrupted.expect("kill runs").success());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut rest).expect("reads");
        (first, rest, child.wait().expect("ends").code())
    })
    .await
    .expect("joins");
    let (first, rest, code) = outcome;
    assert_eq!(first, "watching · state 2\n");
    assert!(rest.contains("stopped watching (Ctrl-C); the work itself goes on"), "{rest}");
    assert_eq!(code, Some(130));
    let methods: Vec<String> =
        server.received_requests().await.expect("recorded").iter().map(|r| r.method.to_string()).collect();
    assert!(methods.iter().all(|m| m == "GET"), "only polls were sent: {methods:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_the_progress_is_a_bar_redrawn_in_place() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};

    let (server, polls) = migrating_group(6).await;
    let uri = server.uri();
    let screen = tokio::task::spawn_blocking(move || {
        let pair = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 160, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(assert_cmd::cargo::cargo_bin("oms"));
        command.env_clear();
        command.env("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE");
        command.env("HUAWEICLOUD_SDK_SK", SK);
        command.env("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT);
        command.env("TERM", "xterm-256color");
        command.args(["--endpoint", &uri, "show-task-group", "--group-id", GROUP, "--wait", "completed"]);
        command.args(["--poll-interval", "1", "--query", "status"]);
        let mut child = pair.slave.spawn_command(command).expect("starts on the terminal");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reads the terminal");
        let mut screen = Vec::new();
        // The terminal reports an error once the program is gone and its side is closed.
        let _ = std::io::Read::read_to_end(&mut reader, &mut screen);
        let status = child.wait().expect("ends");
        (String::from_utf8_lossy(&screen).into_owned(), status.success())
    })
    .await
    .expect("joins");
    let (screen, success) = screen;
    assert!(success, "{screen}");
    assert_eq!(polls.load(Ordering::SeqCst), 4);
    assert!(screen.contains('█') && screen.contains('░'), "a bar is drawn: {screen:?}");
    assert!(screen.contains(" 25% waiting until completed · state 2 · bytes 1.00 MiB of 4.00 MiB (25%)"), "{screen:?}");
    assert!(screen.contains("100% waiting until completed · state 6"), "{screen:?}");
    // Redrawn in place: the line is cleared and rewritten, not printed again below.
    assert!(screen.contains("\u{1b}[2K"), "no redraw: {screen:?}");
    assert!(!screen.contains("waiting until completed · state 2 · bytes 1.00 MiB of 4.00 MiB (25%) · objects 99 of 400 (25%), 1 failed\r\n"), "{screen:?}");
    assert!(screen.trim_end().ends_with('6'), "the answer follows: {screen:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn start_then_wait_sends_the_start_once_and_polls_the_group() {
    let (server, polls) = migrating_group(6).await;
    Mock::given(method("PUT"))
        .and(path(format!("{}/start", group_path())))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let body = common::body_file(r#"{"dst_ak": "dst-ak", "dst_sk": "dst-sk"}"#);
    let mut command = oms();
    command.args(["--endpoint", &server.uri(), "start-task-group", "--group-id", GROUP]);
    command.args(["--body", body.0.to_str().expect("a UTF-8 path"), "--wait", "completed", "--poll-interval", "1"]);
    let run = run(command).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(polls.load(Ordering::SeqCst), 4);
    assert_eq!(run.stderr.lines().filter(|line| line.starts_with("waiting until completed · ")).count(), 4);
    assert!(run.stdout.contains("\"status\": 6"), "{}", run.stdout);
    let methods: Vec<String> =
        server.received_requests().await.expect("recorded").iter().map(|r| r.method.to_string()).collect();
    assert_eq!(methods, ["PUT", "GET", "GET", "GET", "GET"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_then_wait_follows_the_new_id_from_the_answer() {
    let server = MockServer::start().await;
    let tasks = format!("/v2/{PROJECT}/tasks");
    Mock::given(method("POST"))
        .and(path(tasks.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 42, "name": "t"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{tasks}/42")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 42, "status": 5})))
        .expect(1)
        .mount(&server)
        .await;
    let body = common::body_file(
        r#"{"src_node": {"region": "r", "ak": "a", "sk": "s", "bucket": "b"}, "dst_node": {"region": "r", "ak": "a", "sk": "s", "bucket": "b"}}"#,
    );
    let create = |server: &MockServer| {
        let mut command = oms();
        command.args(["--endpoint", &server.uri(), "create-task", "--body", body.0.to_str().expect("UTF-8")]);
        command.args(["--wait", "completed"]);
        command
    };
    let created = run(create(&server)).await;
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert!(created.stdout.contains("\"status\": 5"), "{}", created.stdout);

    let without_id = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "t"})))
        .mount(&without_id)
        .await;
    let lost = run(create(&without_id)).await;
    assert_eq!(lost.code, 1, "the service's answer lacks the id: {}", lost.stderr);
    assert!(lost.stderr.contains("no `/id` to wait with (the request was sent and succeeded)"), "{}", lost.stderr);
    assert_eq!(received(&without_id).await, 1);
}
