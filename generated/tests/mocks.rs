//! The OMS client answered by mocks (the crate's `test-util` feature): typed rules per operation,
//! sequences of answers, typed errors and HTTP answers, recorded exchanges, and the client's
//! pagers, waiters, retries and validation running on them. Nothing is sent, and no test sleeps:
//! those that wait run on Tokio's paused clock.

use std::time::Duration;

use oms::mock::{self, HttpAnswer, Mocks, Recordings};
use oms::{
    Client, Config, CreateTaskGroupResponse, ErrorResponse, ListTasksResponse, RetryPolicy, RetryTaskGroupReq,
    StartTaskGroupReq, TaskGroupResp, TaskResp, WaitError,
};

const GROUP: &str = "2c11d99a-9596-4bc6-a6ad-2336455b149c";

fn group(status: i32, done: i64) -> TaskGroupResp {
    let mut group = TaskGroupResp::default();
    group.group_id = Some(GROUP.to_owned());
    group.status = Some(status);
    group.success_num = Some(done);
    group.total_num = Some(100);
    group
}

fn tasks(ids: std::ops::Range<i64>, count: i64) -> ListTasksResponse {
    let mut page = ListTasksResponse::default();
    page.tasks = Some(
        ids.map(|id| {
            let mut task = TaskResp::default();
            task.id = Some(id);
            task.status = Some(4);
            task
        })
        .collect(),
    );
    page.count = Some(count);
    page
}

fn error_body(code: &str, message: &str) -> ErrorResponse {
    let mut body = ErrorResponse::default();
    body.error_code = Some(code.to_owned());
    body.error_msg = Some(message.to_owned());
    body
}

/// The waiter polls a mocked group every 30 s until it completes, on the paused clock: no real
/// time passes, and each answer of the sequence is given in turn.
#[tokio::test(start_paused = true)]
async fn a_waiter_polls_mocked_states_without_sleeping() {
    let polled = mock::show_task_group()
        .when(|request| request.group_id == GROUP)
        .then_output(group(2, 10))
        .times(2)
        .then_output(group(6, 100));
    let client = Client::from_mocks(Mocks::new().rule(&polled)).expect("a mocked client");

    let mut seen = Vec::new();
    let done = client
        .show_task_group(GROUP)
        .wait_until_completed()
        .poll_interval(Duration::from_secs(30))
        .send_with_progress(|group| seen.push(group.success_num))
        .await
        .expect("completed on the third poll");
    assert_eq!(done.status, Some(6));
    assert_eq!(seen, [Some(10), Some(10), Some(100)]);
    assert_eq!(polled.hits(), 3);

    // A failure state ends the wait with the waiter's error.
    let failing = mock::show_task_group().then_output(group(2, 10)).then_output(group(5, 10));
    let client = Client::from_mocks(Mocks::new().rule(&failing)).expect("a mocked client");
    let error = client.show_task_group(GROUP).wait_until_completed().await.expect_err("state 5 is a failure");
    assert!(matches!(&error, oms::Error::Wait(WaitError::Failed { state, .. }) if state == "5"), "{error:?}");
    assert_eq!(failing.hits(), 2);
}

/// The operation's error model for a status comes back as the service's error, with its body.
#[tokio::test]
async fn a_typed_error_comes_back_as_the_services() {
    let refused = mock::start_task_group()
        .then_error(403, error_body("OMS.0063", "the destination AK/SK are not valid"))
        .then_output(());
    let client = Client::from_mocks(Mocks::new().rule(&refused)).expect("a mocked client");
    let start = || client.start_task_group(GROUP, StartTaskGroupReq::new("DST-AK", "dst-secret"));

    let error = start().await.expect_err("403");
    let service = error.service().expect("the service's error");
    assert_eq!((service.status, service.error_code.as_deref()), (403, Some("OMS.0063")));
    let body = service.body_as::<ErrorResponse>().expect("the spec's error body");
    assert_eq!(body.error_msg.as_deref(), Some("the destination AK/SK are not valid"));
    start().await.expect("the second answer");
    assert_eq!(refused.hits(), 2);
}

/// Conditions read the request's inputs; a request no rule accepts fails naming the operation
/// and showing its inputs, with secrets masked.
#[tokio::test]
async fn a_request_no_rule_accepts_is_shown_without_its_secrets() {
    let started = mock::start_task_group().when(|request| request.body.dst_ak == "DST-AK").then_output(()).forever();
    let client = Client::from_mocks(Mocks::new().rule(&started)).expect("a mocked client");
    client.start_task_group(GROUP, StartTaskGroupReq::new("DST-AK", "dst-secret")).await.expect("accepted");
    client.start_task_group("g-2", StartTaskGroupReq::new("DST-AK", "dst-secret")).await.expect("accepted");

    let error = client
        .start_task_group(GROUP, StartTaskGroupReq::new("OTHER-AK", "other-secret"))
        .await
        .expect_err("no rule accepts OTHER-AK");
    let message = error.to_string();
    for part in ["no mock answers StartTaskGroup", "OTHER-AK", GROUP, "dst_sk: <redacted>"] {
        assert!(message.contains(part), "{part}: {message}");
    }
    assert!(!message.contains("other-secret"), "{message}");
    assert_eq!(started.hits(), 2);

    // An operation with no rule at all fails the same way.
    let error = client.list_task_group().limit(10).await.expect_err("no rule for ListTaskGroup");
    assert!(error.to_string().contains("no mock answers ListTaskGroup"), "{error}");
    assert!(error.to_string().contains("limit: Some(10)"), "{error}");
}

/// A pager asks for each page; rules tell the pages apart by their offset.
#[tokio::test]
async fn a_pager_walks_mocked_pages() {
    let group_id = |request: &oms::requests::ListTasks| request.group_id.as_deref() == Some(GROUP);
    let first =
        mock::list_tasks().when(group_id).when(|request| request.offset.unwrap_or(0) == 0).then_output(tasks(0..2, 5));
    let second =
        mock::list_tasks().when(group_id).when(|request| request.offset == Some(2)).then_output(tasks(2..4, 5));
    let last = mock::list_tasks().when(group_id).when(|request| request.offset == Some(4)).then_output(tasks(4..5, 5));
    let client = Client::from_mocks(Mocks::new().rule(&first).rule(&second).rule(&last)).expect("a mocked client");

    let failed = client.list_tasks().group_id(GROUP).status(4).limit(2).items().collect().await.expect("every page");
    assert_eq!(failed.iter().filter_map(|task| task.id).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    assert_eq!((first.hits(), second.hits(), last.hits()), (1, 1, 1));
}

/// 429 and 5xx answers are retried as the service's are, waiting as `Retry-After` says on the
/// paused clock; when retries run out the last answer is the error.
#[tokio::test(start_paused = true)]
async fn retries_see_mocked_busy_answers() {
    let busy = mock::show_task_group()
        .then_http(HttpAnswer::new(429).header("Retry-After", "20"))
        .then_http(HttpAnswer::new(503))
        .then_output(group(6, 100));
    let client = Client::from_mocks(Mocks::new().rule(&busy)).expect("a mocked client");
    assert_eq!(client.show_task_group(GROUP).await.expect("the third attempt").status, Some(6));
    assert_eq!(busy.hits(), 3);

    let always_busy = mock::show_task_group().then_http(HttpAnswer::new(503).header("X-Request-Id", "r-9")).forever();
    let policy = RetryPolicy { max_attempts: 3, ..RetryPolicy::default() };
    let client = Client::new(Config::new().mocks(Mocks::new().rule(&always_busy)).retry(policy)).expect("valid");
    let error = client.show_task_group(GROUP).await.expect_err("503 every time");
    assert_eq!(error.service().and_then(|service| service.request_id.as_deref()), Some("r-9"));
    assert_eq!(always_busy.hits(), 3);
}

/// Inputs are checked before any rule is asked: a request that breaks the spec reaches none.
#[tokio::test]
async fn validation_refuses_bad_input_before_any_rule() {
    let listed = mock::list_task_group().then_output(Default::default()).forever();
    let retried = mock::retry_task_group().then_output(()).forever();
    let client = Client::from_mocks(Mocks::new().rule(&listed).rule(&retried)).expect("a mocked client");
    let error = client.list_task_group().limit(500).await.expect_err("limit is at most 100");
    assert!(matches!(&error, oms::Error::Invalid(invalid) if invalid.violations[0].field == "limit"), "{error:?}");
    let error = client.retry_task_group("", RetryTaskGroupReq::default()).await.expect_err("an empty path value");
    assert!(matches!(error, oms::Error::Invalid(_)), "{error:?}");
    assert_eq!((listed.hits(), retried.hits()), (0, 0));
}

/// Recorded exchanges answer the requests that match them as sent; the project id the
/// recordings hold is given, as it would be to a real client.
#[tokio::test]
async fn recorded_exchanges_answer_matching_requests() {
    let project = "0123456789abcdef0123456789abcdef";
    let recordings = Recordings::parse(&format!(
        "{}\n{}\n",
        format_args!(
            r#"{{"request": {{"method": "POST", "path": "/v2/{project}/taskgroups", "body": {{"src_node": {{"ak": "<redacted>", "sk": "<redacted>", "bucket": "src", "cloud_type": "Aliyun", "region": "cn-hangzhou"}}, "dst_node": {{"ak": "<redacted>", "sk": "<redacted>", "region": "cn-north-4", "bucket": "dst"}}}}}}, "response": {{"status": 200, "body": {{"group_id": "{GROUP}"}}}}}}"#
        ),
        format_args!(
            r#"{{"request": {{"method": "GET", "path": "/v2/{project}/taskgroups/{GROUP}"}}, "response": {{"status": 200, "headers": {{"X-Request-Id": "r-1"}}, "body": {{"group_id": "{GROUP}", "status": 6}}}}}}"#
        ),
    ))
    .expect("two exchanges");
    let config = Config::new().mocks(Mocks::new().recordings(&recordings)).client_parameter("project_id", project);
    let client = Client::new(config).expect("valid");

    let source = oms::TaskGroupSrcNode::default()
        .cloud_type(oms::SourceCloudType::Aliyun)
        .region("cn-hangzhou")
        .bucket("src")
        .ak("SRC-AK")
        .sk("src-secret");
    let destination = oms::TaskGroupDstNode::new("DST-AK", "dst-secret", "cn-north-4", "dst");
    let created: CreateTaskGroupResponse =
        client.create_task_group(oms::CreateTaskGroupReq::new(source, destination)).await.expect("recorded");
    assert_eq!(created.group_id.as_deref(), Some(GROUP));
    assert_eq!(client.show_task_group(GROUP).await.expect("recorded").status, Some(6));
    assert_eq!(recordings.unused(), 0);
}
