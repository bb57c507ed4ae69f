//! A client for Huawei Cloud Object Storage Migration Service (OMS).
//!
//! The API (the [`Client`] and its methods, the [`requests`] they return, the [`models`] and
//! [`Region`]) is generated from `spec/oms.yaml` into `src/api`; it stands on the hand-written
//! runtime crates `client-runtime` (transport, retries, validation, errors) and
//! `huaweicloud-runtime` (signing, credentials, error shapes). This page is the guide to using it;
//! each operation's own page gives its inputs, limits and error statuses.
//!
//! The client is asynchronous and runs on [Tokio](https://tokio.rs): call it from within a Tokio
//! runtime (`#[tokio::main]`, say).
//!
//! # Constructing a client
//!
//! A [`Client`] is made from a [`Config`]: where to send (a [`Region`] or an endpoint), how to
//! authenticate, the project, and how to behave on the network. What the `Config` sets wins over
//! the environment, which wins over files.
//!
//! ```no_run
//! use oms::{BasicCredentials, Client, Config, Region};
//!
//! # fn run() -> Result<(), oms::Error> {
//! let client = Client::new(
//!     Config::new()
//!         .region(Region::CnNorth4)
//!         .credentials(BasicCredentials::from_env()?),
//! )?;
//! # Ok(())
//! # }
//! ```
//!
//! [`Client::new`] sends nothing; it fails, naming the ways to give what is missing, when there
//! is no region or endpoint, or when a setting is invalid. Cloning a client is cheap: clones share
//! one connection pool, one credentials source and one project id.
//!
//! **Region.** There is no default region: [`Config::region`] with a [`Region`],
//! [`Config::region_id`] for an id the spec does not list (`"cn-north-4"`), or the
//! `HUAWEICLOUD_REGION` variable. The endpoint is then `HUAWEICLOUD_SDK_REGION_OMS_<REGION>`, else
//! the region's entry in `~/.huaweicloud/regions.yaml`, else `https://oms.<region>.myhuaweicloud.com`.
//! [`Config::endpoint`] sends requests elsewhere (a private endpoint, a local test server); with a
//! region as well, the region still names the project looked up in IAM.
//!
//! **Credentials.** [`Config::credentials`] takes a source:
//!
//! - [`BasicCredentials`]: an access key pair (AK/SK) with which every request is signed
//!   (SDK-HMAC-SHA256, as the vendor SDKs sign), built in code with
//!   `BasicCredentials::new(ak, sk)`, optionally `.security_token(token)` for temporary
//!   credentials and `.project_id(id)`, or read from the environment with
//!   [`BasicCredentials::from_env`] (`HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, else
//!   `CLOUD_SDK_AK` and `CLOUD_SDK_SK`; half a pair is an error naming the missing variable);
//! - [`IamToken`]: an IAM token, sent as `X-Auth-Token`, with `.project_id(id)`.
//!
//! Without one, the client takes the first of these that has credentials: the access key
//! variables above (with `HUAWEICLOUD_SDK_SECURITY_TOKEN`), an IAM token in
//! `HUAWEICLOUD_SDK_IAM_TOKEN`, the profile file (`~/.huaweicloud/credentials`, or the file
//! `HUAWEICLOUD_SDK_CREDENTIALS_FILE` names), then the ECS instance metadata service
//! ([`InstanceMetadata`]), whose temporary credentials are fetched when the first request needs
//! them and again ahead of expiry.
//!
//! **Project.** Every OMS path but the API version queries holds a project id. It is
//! [`Config::client_parameter`]`("project_id", id)`, else the one the credentials carry (theirs
//! in code, `HUAWEICLOUD_SDK_PROJECT_ID`, or the profile's), else looked up in IAM by the region's
//! name before the first request; one lookup serves every clone of the client.
//!
//! **Network.** [`Config::proxy`] (without one, `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
//! `NO_PROXY` apply), [`Config::ca_bundle`] (CA certificates in PEM, trusted beside the system's),
//! [`Config::danger_accept_invalid_certs`] (for a private endpoint under test) and
//! [`Config::user_agent_suffix`].
//!
//! **Tests.** [`Config::environment`] with [`Environment::fixed`] decides exactly which variables
//! (and which home directory) a client reads its settings from, so a test never changes the
//! process's environment. Here the credentials and the project come from the fixed variables, and
//! requests go to a local server:
//!
//! ```
//! use oms::{Client, Config, Environment};
//!
//! # fn main() -> Result<(), oms::Error> {
//! let environment = Environment::fixed([
//!     ("HUAWEICLOUD_SDK_AK", "TEST-AK"),
//!     ("HUAWEICLOUD_SDK_SK", "test-sk"),
//!     ("HUAWEICLOUD_SDK_PROJECT_ID", "0123456789abcdef0123456789abcdef"),
//! ]);
//! let client = Client::new(Config::new().endpoint("http://127.0.0.1:8080").environment(environment))?;
//! # drop(client);
//! # Ok(())
//! # }
//! ```
//!
//! # Calling an operation
//!
//! Each operation is a method of [`Client`], named after its operationId in snake case
//! (`RetryTaskGroup` is [`Client::retry_task_group`]). The method takes the operation's required
//! inputs as arguments (required parameters, such as `ShowSyncTask`'s `sync_task_id` and
//! `query_time`, then the body when it is required) and returns the operation's request, a type in
//! [`requests`]. Optional inputs are set on the request with chaining setters: `x(value)`, or
//! `set_x(Option)` to set or clear one. Nothing is sent until the request is sent with
//! `.send().await`, or simply `.await`ed.
//!
//! Bodies and other [`models`] are built the same way: `new` with the required fields (or
//! `Default` when none are), then a setter per optional field. Models and enums are
//! `#[non_exhaustive]`, so a field or enum value added to the spec does not break code that uses
//! them; match enums with a wildcard arm. Response fields are public (optional ones as `Option`),
//! and a string enum value the spec does not list is kept as `Unknown(String)` rather than failing
//! the response.
//!
//! ```no_run
//! use oms::{Client, RetryTaskGroupReq};
//!
//! # async fn run(client: Client) -> Result<(), oms::Error> {
//! // Required inputs are arguments; the body is a model, built with setters.
//! let body = RetryTaskGroupReq::default().migrate_failed_object(true);
//! client.retry_task_group("2c11d99a-9596-4bc6-a6ad-2336455b149c", body).send().await?;
//!
//! // Optional inputs are setters of the request; `.await` sends it too.
//! let page = client.list_task_group().status(2).limit(50).await?;
//! for group in page.taskgroups.unwrap_or_default() {
//!     println!("{:?}: {:?}", group.group_id, group.status);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every call returns `Result<_, `[`Error`]`>`. [`Error`] is `#[non_exhaustive]`; its variants:
//!
//! - [`Error::Service`]: the service answered with an error status. The [`ServiceError`] carries
//!   `status`, `request_id` (the `X-Request-Id` header), `error_code` and `error_msg` when the body
//!   has them (at its top level, or one object down as IAM's `{"error": {"code", "message"}}`),
//!   `encoded_authorization_message` when IAM explains a denial that way, and the raw `body`.
//!   [`ServiceError::body_as`] reads the body as the type the operation's page names for that
//!   status ([`ErrorResponse`] for OMS). [`Error::service`] returns it from any error.
//! - [`Error::Transport`]: the service could not be reached, or the connection failed or timed out
//!   ([`Error::is_timeout`]).
//! - [`Error::Invalid`]: the request breaks the spec's rules; nothing was sent (see below).
//! - [`Error::Config`]: the client is not configured well enough to send the request (missing
//!   credentials, a missing client parameter, an invalid endpoint); nothing was sent.
//! - [`Error::Build`]: the request could not be put together; nothing was sent.
//! - [`Error::Wait`]: a waiter stopped before a success state ([`WaitError`]).
//! - [`Error::ResponseTooLarge`] and [`Error::Decode`]: a response larger than
//!   [`Config::max_response_bytes`], or a success body that does not read as the spec says.
//!
//! ```no_run
//! use oms::{Client, ErrorResponse, StartTaskGroupReq};
//!
//! # async fn run(client: Client) -> Result<(), oms::Error> {
//! let body = StartTaskGroupReq::new("dst_AK", "dst_SK");
//! match client.start_task_group("00878453-3402-4a86-9e2a-5d5217cd35b2", body).await {
//!     Ok(()) => println!("resumed"),
//!     Err(oms::Error::Service(error)) => {
//!         println!("{} {:?} {:?} {:?}", error.status, error.request_id, error.error_code, error.error_msg);
//!         if let Some(body) = error.body_as::<ErrorResponse>() {
//!             println!("{:?}", body.error_msg);
//!         }
//!     }
//!     Err(other) => return Err(other),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! **Validation.** Before anything is sent, every value is checked against the spec's rules:
//! lengths (in characters), patterns, ranges, enum values and item counts. A
//! [`ValidationError`] lists every broken rule as a [`Violation`]: the path to the field and the
//! rule, never the value, which may be a secret. Path values are sent as exactly one
//! percent-encoded segment; empty values, `.`, `..` and values holding `/` are refused.
//!
//! ```
//! # use oms::{BasicCredentials, Client, Config};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), oms::Error> {
//! # let client = Client::new(
//! #     Config::new()
//! #         .endpoint("http://127.0.0.1:9")
//! #         .credentials(BasicCredentials::new("AK", "SK").project_id("0123456789abcdef0123456789abcdef")),
//! # )?;
//! // `limit` is at most 100: the request is refused before it is sent.
//! let Err(oms::Error::Invalid(invalid)) = client.list_task_group().limit(500).await else {
//!     panic!("a limit of 500 breaks the spec's rules");
//! };
//! assert_eq!(invalid.violations[0].field, "limit");
//! assert_eq!(invalid.to_string(), "invalid ListTaskGroup request: `limit` must be at most 100");
//! # Ok(())
//! # }
//! ```
//!
//! # Pagination
//!
//! The list operations, [`Client::list_task_group`], [`Client::list_tasks`],
//! [`Client::list_sync_tasks`] and [`Client::show_bucket_objects`], answer a page at a time. Their
//! requests have `pages()` and `items()` beside `send()`: [`Pages`](client_runtime::Pages) gives
//! every page and [`Items`](client_runtime::Items) every item of every page, from the request's own
//! page to the last. Each page is requested as it is read, with the request's own filters; the
//! next one is found as the spec says (an offset advanced by the items read, or the cursor the
//! service returns). Read them with `next().await`, all at once with `collect().await`, or as a
//! `futures` `Stream` with `into_stream()`. After an error there are no more pages.
//!
//! ```no_run
//! # async fn run(client: oms::Client) -> Result<(), oms::Error> {
//! // Every failed task (status 4) of a group, however many pages.
//! let failed = client
//!     .list_tasks()
//!     .group_id("2c11d99a-9596-4bc6-a6ad-2336455b149c")
//!     .status(4)
//!     .limit(100)
//!     .items()
//!     .collect()
//!     .await?;
//! println!("{} failed tasks", failed.len());
//!
//! // One page at a time.
//! let mut pages = client.list_task_group().limit(100).pages();
//! while let Some(page) = pages.next().await {
//!     let page = page?;
//!     println!("{} task groups in all", page.count.unwrap_or_default());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Waiters
//!
//! Operations that show a resource's state have waiters, which poll the operation until the state
//! ends the wait: [`requests::ShowTaskGroup::wait_until_started`],
//! [`requests::ShowTaskGroup::wait_until_completed`] and [`requests::ShowTask::wait_until_completed`].
//! Each has a poll interval and a time limit from the spec, changed with `poll_interval` and
//! `timeout`; awaiting the waiter gives the answer in a success state. A failure state, a state the
//! waiter does not expect, or the time limit ends the wait with [`Error::Wait`]: a
//! [`WaitError`] naming the waiter and the last state. An error of the polled request itself ends
//! it too.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use oms::WaitError;
//!
//! # async fn run(client: oms::Client) -> Result<(), oms::Error> {
//! let waited = client
//!     .show_task_group("2c11d99a-9596-4bc6-a6ad-2336455b149c")
//!     .wait_until_completed()
//!     .poll_interval(Duration::from_secs(30))
//!     .timeout(Duration::from_secs(24 * 3600))
//!     .await;
//! match waited {
//!     Ok(group) => println!("{} objects migrated", group.success_num.unwrap_or_default()),
//!     Err(oms::Error::Wait(WaitError::Failed { state, .. })) => println!("the group failed in state {state}"),
//!     Err(oms::Error::Wait(WaitError::TimedOut { state, waited, .. })) => {
//!         println!("still in state {state} after {waited:?}")
//!     }
//!     Err(error) => return Err(error),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Retries and timeouts
//!
//! A failed attempt is tried again when that is safe: connection failures always, and, for
//! operations that may be repeated (PUT, GET and DELETE, and POST or PATCH ones the spec marks
//! `x-idempotent: true`), timeouts, dropped connections and the statuses 429, 500, 502, 503 and
//! 504. The wait is the response's `Retry-After` when it has one, else full-jitter exponential
//! backoff. Every attempt is signed afresh. When retries run out, the error is the last
//! response's. [`RetryPolicy`] sets the bounds (by default 4 attempts in all and 2 minutes at
//! most); [`RetryPolicy::none`] turns retries off.
//!
//! [`Config::connect_timeout`] (10 s by default) bounds opening a connection and
//! [`Config::timeout`] (120 s by default) one attempt, from sending to the last byte of the
//! response. Response bodies over [`Config::max_response_bytes`] (16 MiB by default) are refused.
//! Redirects are not followed.
//!
//! ```
//! use std::time::Duration;
//!
//! use oms::{Config, Region, RetryPolicy};
//!
//! let config = Config::new()
//!     .region(Region::CnNorth4)
//!     .retry(RetryPolicy { max_attempts: 6, max_elapsed: Duration::from_secs(300), ..RetryPolicy::default() })
//!     .connect_timeout(Duration::from_secs(5))
//!     .timeout(Duration::from_secs(60));
//! # drop(config);
//! ```
//!
//! # Secrets
//!
//! Secret values (the SK, tokens and security tokens, and every field the spec marks
//! `format: password`, such as the AK/SK pairs in task bodies) are [`Secret`]s. Their `Debug` and
//! `Display` print `<redacted>`; serialization sends the real value, as the service needs it;
//! [`Secret::expose`] reads it. Neither logs (at any level) nor error messages contain one, and the
//! `Debug` output of models, credentials, configurations and clients shows none. A `&str` or a
//! `String` converts into a `Secret` where one is expected.
//!
//! ```
//! use oms::{Secret, StartTaskGroupReq};
//!
//! let body = StartTaskGroupReq::new("dst_AK", "dst-secret-key");
//! assert!(!format!("{body:?}").contains("dst-secret-key"));
//! assert_eq!(body.dst_sk.to_string(), "<redacted>");
//! assert_eq!(body.dst_sk.expose(), "dst-secret-key");
//!
//! let token = Secret::from("a token");
//! assert_eq!(format!("{token:?}"), "<redacted>");
//! ```
//!
//! # Logging
//!
//! The client logs through [`tracing`](https://docs.rs/tracing): at debug level each request
//! sent (operation, method and path), each response (status and request id), each retry and its
//! delay, each poll of a waiter and its state, and where the credentials, the project id and the
//! endpoint came from; at warning level, certificate checks turned off and a failed refresh of
//! credentials that are still valid. No secret is ever logged. The events come from the targets
//! `client_runtime` and `huaweicloud_runtime`; install any `tracing` subscriber to see them, such
//! as `tracing-subscriber`'s (with its `env-filter` feature,
//! `RUST_LOG=client_runtime=debug,huaweicloud_runtime=debug` picks them):
//!
//! ```no_run
//! # async fn run() -> Result<(), oms::Error> {
//! tracing_subscriber::fmt().with_max_level(tracing::Level::DEBUG).init();
//! let client = oms::Client::new(oms::Config::new().region(oms::Region::CnNorth4))?;
//! client.list_task_group().await?;
//! # Ok(())
//! # }
//! ```
//!
//! # Testing with mocks
//!
//! With the `test-util` feature, the [`mock`] module has a function per operation, named as the
//! client's method, that makes a [`mock::Rule`] for it: [`Rule::when`](mock::Rule::when) picks the
//! requests it answers by their inputs (a request's public fields), and its answers come in order,
//! each once unless [`times`](mock::Rule::times) or [`forever`](mock::Rule::forever) follows it:
//! the operation's typed output ([`then_output`](mock::Rule::then_output)), an error status with
//! the spec's [`ErrorResponse`] ([`then_error`](mock::Rule::then_error)), or any HTTP answer
//! ([`then_http`](mock::Rule::then_http)). [`Client::from_mocks`] makes a client that sends
//! nothing and needs no credentials; validation, pagers, waiters and retries run on the mocks'
//! answers as on the service's, and a request no rule answers fails with [`Error::Config`], naming
//! the operation and showing the request (secrets masked). [`Rule::hits`](mock::Rule::hits) says
//! how many requests a rule answered. [`mock::Recordings`] answers from recorded exchanges.
//!
//! Waiters and retries wait on Tokio's clock: test them on a paused clock
//! (`#[tokio::test(start_paused = true)]`, with Tokio's `test-util` feature), where the waits take
//! no time. A waiter polling every 30 seconds:
//!
//! ```
//! use std::time::Duration;
//!
//! use oms::mock::{self, Mocks};
//! use oms::{Client, TaskGroupResp};
//!
//! fn group(status: i32) -> TaskGroupResp {
//!     let mut group = TaskGroupResp::default();
//!     group.status = Some(status);
//!     group
//! }
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() -> Result<(), oms::Error> {
//! // Migrating twice, then completed.
//! let polled = mock::show_task_group()
//!     .when(|request| request.group_id == "g-1")
//!     .then_output(group(2))
//!     .times(2)
//!     .then_output(group(6));
//! let client = Client::from_mocks(Mocks::new().rule(&polled))?;
//! let done = client
//!     .show_task_group("g-1")
//!     .wait_until_completed()
//!     .poll_interval(Duration::from_secs(30))
//!     .await?;
//! assert_eq!((done.status, polled.hits()), (Some(6), 3));
//! # Ok(())
//! # }
//! ```
//!
//! An error status with its body:
//!
//! ```
//! use oms::mock::{self, Mocks};
//! use oms::{Client, ErrorResponse, RetryTaskGroupReq};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), oms::Error> {
//! let mut body = ErrorResponse::default();
//! body.error_code = Some("OMS.0012".to_owned());
//! body.error_msg = Some("the task group is not in a state that can be retried".to_owned());
//! let retry = mock::retry_task_group().then_error(400, body);
//! let client = Client::from_mocks(Mocks::new().rule(&retry))?;
//!
//! let error = client.retry_task_group("g-1", RetryTaskGroupReq::default()).await.unwrap_err();
//! let service = error.service().expect("the service's error");
//! assert_eq!((service.status, service.error_code.as_deref()), (400, Some("OMS.0012")));
//! let body = service.body_as::<ErrorResponse>().expect("the spec's error body");
//! assert_eq!(body.error_msg, service.error_msg);
//! # Ok(())
//! # }
//! ```
//!
//! # The command line
//!
//! With the `cli` feature, the `cli` module holds the `oms` command line, generated from the same spec: a
//! subcommand per operation. The `oms-cli` package builds it as the `oms` binary; its `--help` and
//! the project's README describe it.

// Generated and formatted by the generator; rustfmt must leave it as written.
#[rustfmt::skip]
mod api;

pub use api::*;

// The README's examples compile as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
