//! A client for Huawei Cloud Object Storage Migration Service (OMS).
//!
//! The API (models, the [`Client`] and its methods, [`Region`]) is generated from `spec/oms.yaml`
//! into `src/api`; it stands on the hand-written runtime crates `client-runtime` (transport,
//! retries, validation, errors) and `huaweicloud-runtime` (signing, credentials, error shapes).
//!
//! ```no_run
//! # async fn run() -> Result<(), oms::Error> {
//! let client = oms::Client::new(
//!     oms::Config::new()
//!         .region(oms::Region::CnNorth4)
//!         .credentials(oms::BasicCredentials::from_env()?),
//! )?;
//! let body = oms::RetryTaskGroupReq::default().migrate_failed_object(true);
//! client.retry_task_group("2c11d99a-9596-4bc6-a6ad-2336455b149c", body).await?;
//! # Ok(())
//! # }
//! ```

// Generated and formatted by the generator; rustfmt must leave it as written.
#[rustfmt::skip]
mod api;

pub use api::*;

// The README's examples compile as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
