//! Every OMS list read to the end through its pager, against a local server that pages as OMS
//! does (limit/offset with a count, or the objects' cursor in the POST body), and the task-group
//! and task waiters against a server whose state changes over time, time limit included.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use oms::{BucketCloudType, Client, Config, Error, IamToken, ShowBucketReq, WaitError};
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

fn client(server: &MockServer) -> Client {
    Client::new(Config::new().endpoint(server.uri()).credentials(IamToken::new("token").project_id(PROJECT)))
        .expect("valid")
}

fn at(rest: &str) -> String {
    format!("/v2/{PROJECT}{rest}")
}

/// Serves `total` records under `items`, `limit` at a time by `offset`, with `count`.
async fn offset_pages(server: &MockServer, rest: &str, items: &str, total: usize, record: fn(usize) -> Value) {
    let limit = 2;
    for offset in (0..total).step_by(limit) {
        let page: Vec<Value> = (offset..total.min(offset + limit)).map(record).collect();
        let matcher = Mock::given(method("GET")).and(path(at(rest))).and(query_param("limit", "2"));
        let matcher = if offset == 0 {
            matcher.and(query_param_is_missing("offset"))
        } else {
            matcher.and(query_param("offset", offset.to_string().as_str()))
        };
        matcher
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ items: page, "count": total })))
            .expect(1)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn task_groups_are_read_to_the_end() {
    let server = MockServer::start().await;
    offset_pages(&server, "/taskgroups", "taskgroups", 5, |n| json!({"group_id": format!("g-{n}"), "status": 6})).await;
    let groups = client(&server).list_task_group().limit(2).items().collect().await.expect("every page");
    let ids: Vec<_> = groups.iter().filter_map(|group| group.group_id.as_deref()).collect();
    assert_eq!(ids, ["g-0", "g-1", "g-2", "g-3", "g-4"]);
}

#[tokio::test]
async fn tasks_are_read_to_the_end_with_the_filters_kept() {
    let server = MockServer::start().await;
    offset_pages(&server, "/tasks", "tasks", 3, |n| json!({"id": n, "status": 4})).await;
    let tasks =
        client(&server).list_tasks().group_id("g-1").status(4).limit(2).items().collect().await.expect("every page");
    assert_eq!(tasks.iter().filter_map(|task| task.id).collect::<Vec<_>>(), [0, 1, 2]);
    for request in server.received_requests().await.expect("recorded") {
        let query = request.url.query().unwrap_or_default().to_owned();
        assert!(query.contains("group_id=g-1") && query.contains("status=4"), "filters on every page: {query}");
    }
}

#[tokio::test]
async fn sync_tasks_are_read_page_by_page() {
    let server = MockServer::start().await;
    offset_pages(&server, "/sync-tasks", "tasks", 4, |n| json!({"sync_task_id": format!("s-{n}")})).await;
    let mut pages = client(&server).list_sync_tasks().limit(2).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        assert_eq!(page.count, Some(4));
        sizes.push(page.tasks.map_or(0, |tasks| tasks.len()));
    }
    assert_eq!(sizes, [2, 2]);
}

#[tokio::test]
async fn bucket_objects_follow_the_marker_in_the_body() {
    let server = MockServer::start().await;
    let objects = at("/objectstorage/buckets/objects");
    let pages = [("", "b", true, &["a", "b"][..]), ("b", "d", true, &["c", "d"][..]), ("d", "e", false, &["e"][..])];
    for (behind, marker, more, names) in pages {
        let records: Vec<Value> = names.iter().map(|name| json!({"name": name, "size": "1"})).collect();
        Mock::given(method("POST"))
            .and(path(objects.as_str()))
            .and(body_partial_json(json!({"behind_filename": behind, "page_size": 2, "bucket_name": "src"})))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"records": records, "next_marker": marker, "next_page": more})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let request = ShowBucketReq::new(BucketCloudType::Aliyun, "logs/", "cn-hangzhou", 2, "", "src").ak("AK").sk("SK");
    let names: Vec<String> = client(&server)
        .show_bucket_objects(request)
        .items()
        .collect()
        .await
        .expect("every page")
        .into_iter()
        .filter_map(|record| record.name)
        .collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
}

/// Answers a status from `statuses` per poll, staying on the last.
async fn changing(server: &MockServer, rest: &str, statuses: &'static [i64]) {
    let polls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(at(rest)))
        .respond_with(move |_: &Request| {
            let poll = polls.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(json!({"status": statuses[poll.min(statuses.len() - 1)]}))
        })
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_started_group_is_waited_for_until_it_migrates() {
    let server = MockServer::start().await;
    changing(&server, "/taskgroups/g-1", &[0, 0, 1]).await;
    let group = client(&server)
        .show_task_group("g-1")
        .wait_until_started()
        .poll_interval(Duration::from_millis(10))
        .await
        .expect("started");
    assert_eq!(group.status, Some(1));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn a_failed_migration_ends_the_wait_for_completion() {
    let server = MockServer::start().await;
    changing(&server, "/taskgroups/g-1", &[1, 2, 5]).await;
    let error = client(&server)
        .show_task_group("g-1")
        .wait_until_completed()
        .poll_interval(Duration::from_millis(10))
        .await
        .expect_err("migration failed");
    assert!(matches!(&error, Error::Wait(WaitError::Failed { state, .. }) if state == "5"), "{error:?}");
}

#[tokio::test]
async fn a_task_that_never_finishes_times_out() {
    let server = MockServer::start().await;
    changing(&server, "/tasks/42", &[2]).await;
    let error = client(&server)
        .show_task(42)
        .wait_until_completed()
        .poll_interval(Duration::from_millis(20))
        .timeout(Duration::from_millis(90))
        .await
        .expect_err("still migrating");
    assert!(matches!(&error, Error::Wait(WaitError::TimedOut { state, .. }) if state == "2"), "{error:?}");
    assert!(error.to_string().contains("still 2 after"), "{error}");
}

#[tokio::test]
async fn a_task_is_waited_for_until_it_succeeds() {
    let server = MockServer::start().await;
    changing(&server, "/tasks/42", &[1, 2, 2, 5]).await;
    let task = client(&server)
        .show_task(42)
        .wait_until_completed()
        .poll_interval(Duration::from_millis(5))
        .await
        .expect("done");
    assert_eq!(task.status, Some(5));
}
