//! A migration from start to end, as a program runs one: create a task group, start it, wait for
//! it while showing its progress, list the tasks that failed (every page) with the lists of the
//! objects they failed on, then retry the failed objects and wait again.
//!
//! `migrate` is the code to copy. The test runs it on mocks (the crate's `test-util` feature):
//! each operation answers as the service would, with nothing sent. It runs on Tokio's paused
//! clock, so the 30 s between polls take no time.

use std::time::Duration;

use oms::mock::{self, Mocks};
use oms::{
    Client, CreateTaskGroupReq, CreateTaskGroupResponse, FailedObjectRecordDto, ListTasksResponse, RetryTaskGroupReq,
    SourceCloudType, StartTaskGroupReq, TaskGroupDstNode, TaskGroupResp, TaskGroupSrcNode, TaskResp, WaitError,
};

/// What a migration came to.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    pub group_id: String,
    /// Objects migrated in the end.
    pub migrated: i64,
    /// Where OMS listed the objects each failed task could not migrate, before they were retried.
    pub failed_object_lists: Vec<String>,
}

/// The task group's state once migration has failed for some objects.
const MIGRATION_FAILED: &str = "5";

/// Creates the task group `request` describes, starts it with the destination's keys, and waits
/// until it completes, showing `progress` each state polled. When migration fails for some
/// objects, lists the failed tasks and their lists of failed objects, retries those objects, and
/// waits again.
pub async fn migrate(
    client: &Client,
    request: CreateTaskGroupReq,
    destination_keys: (&str, &str),
    mut progress: impl FnMut(&TaskGroupResp) + Send,
) -> Result<Outcome, oms::Error> {
    let created = client.create_task_group(request).await?;
    let group_id = created.group_id.unwrap_or_default();
    let (ak, sk) = destination_keys;
    client.start_task_group(&group_id, StartTaskGroupReq::new(ak, sk)).await?;

    let wait = || {
        client
            .show_task_group(&group_id)
            .wait_until_completed()
            .poll_interval(Duration::from_secs(30))
            .timeout(Duration::from_secs(24 * 3600))
    };
    let mut failed_object_lists = Vec::new();
    let group = match wait().send_with_progress(&mut progress).await {
        Ok(group) => group,
        Err(oms::Error::Wait(WaitError::Failed { state, .. })) if state == MIGRATION_FAILED => {
            // The failed tasks (status 4), every page of them, and where each listed its failed objects.
            let failed = client.list_tasks().group_id(&group_id).status(4).limit(100).items().collect().await?;
            failed_object_lists
                .extend(failed.iter().filter_map(|task| task.failed_object_record.as_ref()?.list_file_key.clone()));
            client.retry_task_group(&group_id, RetryTaskGroupReq::default().migrate_failed_object(true)).await?;
            wait().send_with_progress(&mut progress).await?
        }
        Err(error) => return Err(error),
    };
    Ok(Outcome { group_id, migrated: group.success_num.unwrap_or_default(), failed_object_lists })
}

const GROUP: &str = "2c11d99a-9596-4bc6-a6ad-2336455b149c";

fn group(status: i32, migrated: i64, failed: i64) -> TaskGroupResp {
    let mut group = TaskGroupResp::default();
    group.group_id = Some(GROUP.to_owned());
    group.status = Some(status);
    group.total_num = Some(1000);
    group.success_num = Some(migrated);
    group.fail_num = Some(failed);
    group
}

/// A page of failed tasks, each with the list of its failed objects.
fn failed_tasks(ids: std::ops::Range<i64>, count: i64) -> ListTasksResponse {
    let tasks = ids.map(|id| {
        let mut record = FailedObjectRecordDto::default();
        record.list_file_key = Some(format!("oms/failed_object_lists/task-{id}.txt"));
        let mut task = TaskResp::default();
        task.id = Some(id);
        task.status = Some(4);
        task.failed_object_record = Some(record);
        task
    });
    let mut page = ListTasksResponse::default();
    page.tasks = Some(tasks.collect());
    page.count = Some(count);
    page
}

fn request() -> CreateTaskGroupReq {
    let source = TaskGroupSrcNode::default()
        .cloud_type(SourceCloudType::Aliyun)
        .region("cn-hangzhou")
        .bucket("source-bucket")
        .ak("SRC-AK")
        .sk("src-secret")
        .object_key(vec!["logs/".to_owned()]);
    let destination = TaskGroupDstNode::new("DST-AK", "dst-secret", "cn-north-4", "destination-bucket");
    CreateTaskGroupReq::new(source, destination)
}

#[tokio::test(start_paused = true)]
async fn a_migration_whose_failed_objects_are_retried_completes() {
    let mut created = CreateTaskGroupResponse::default();
    created.group_id = Some(GROUP.to_owned());
    let create = mock::create_task_group()
        .when(|request| request.body.dst_node.bucket == "destination-bucket")
        .then_output(created);
    let start = mock::start_task_group()
        .when(|request| request.group_id == GROUP && request.body.dst_sk.expose() == "dst-secret")
        .then_output(());
    // Migrating, then failed for 3 objects; after the retry, migrating again, then completed.
    let show = mock::show_task_group()
        .when(|request| request.group_id == GROUP)
        .then_output(group(2, 400, 0))
        .then_output(group(2, 900, 2))
        .then_output(group(5, 997, 3))
        .then_output(group(2, 999, 0))
        .then_output(group(6, 1000, 0));
    let first_page = mock::list_tasks()
        .when(|request| request.group_id.as_deref() == Some(GROUP) && request.status == Some(4))
        .when(|request| request.offset.unwrap_or(0) == 0)
        .then_output(failed_tasks(0..100, 101));
    let last_page = mock::list_tasks()
        .when(|request| request.group_id.as_deref() == Some(GROUP) && request.offset == Some(100))
        .then_output(failed_tasks(100..101, 101));
    let retry = mock::retry_task_group()
        .when(|request| request.group_id == GROUP && request.body.migrate_failed_object == Some(true))
        .then_output(());
    let mocks = Mocks::new().rule(&create).rule(&start).rule(&show).rule(&first_page).rule(&last_page).rule(&retry);
    let client = Client::from_mocks(mocks).expect("a mocked client");

    let mut shown = Vec::new();
    let progress = |group: &TaskGroupResp| {
        shown.push(format!(
            "state {} · {} of {} objects, {} failed",
            group.status.unwrap_or_default(),
            group.success_num.unwrap_or_default(),
            group.total_num.unwrap_or_default(),
            group.fail_num.unwrap_or_default()
        ))
    };
    let outcome =
        migrate(&client, request(), ("DST-AK", "dst-secret"), progress).await.expect("the migration completes");

    assert_eq!(outcome.group_id, GROUP);
    assert_eq!(outcome.migrated, 1000);
    assert_eq!(outcome.failed_object_lists.len(), 101);
    assert_eq!(outcome.failed_object_lists[100], "oms/failed_object_lists/task-100.txt");
    assert_eq!(
        shown,
        [
            "state 2 · 400 of 1000 objects, 0 failed",
            "state 2 · 900 of 1000 objects, 2 failed",
            "state 5 · 997 of 1000 objects, 3 failed",
            "state 2 · 999 of 1000 objects, 0 failed",
            "state 6 · 1000 of 1000 objects, 0 failed",
        ]
    );
    let hits = [create.hits(), start.hits(), show.hits(), first_page.hits(), last_page.hits(), retry.hits()];
    assert_eq!(hits, [1, 1, 5, 1, 1, 1]);
}

#[tokio::test(start_paused = true)]
async fn a_migration_that_cannot_start_says_why() {
    let mut created = CreateTaskGroupResponse::default();
    created.group_id = Some(GROUP.to_owned());
    let create = mock::create_task_group().then_output(created);
    let mut refused = oms::ErrorResponse::default();
    refused.error_code = Some("OMS.0063".to_owned());
    refused.error_msg = Some("the destination AK/SK are not valid".to_owned());
    let start = mock::start_task_group().then_error(400, refused);
    let show = mock::show_task_group().then_output(group(6, 1000, 0)).forever();
    let client = Client::from_mocks(Mocks::new().rule(&create).rule(&start).rule(&show)).expect("a mocked client");

    let error = migrate(&client, request(), ("DST-AK", "wrong"), |_| {}).await.expect_err("the start is refused");
    let service = error.service().expect("the service's error");
    assert_eq!((service.status, service.error_code.as_deref()), (400, Some("OMS.0063")));
    assert_eq!(show.hits(), 0, "no wait after a refused start");
}
