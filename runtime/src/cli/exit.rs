//! The exit codes scripts rely on, and the one each error ends the command with.

use crate::error::{Error, WaitError};

pub const SERVICE_ERROR: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const UNREACHABLE: u8 = 3;
/// A waiter (`--wait`) ended in a failure state, or one it does not know; or the work `--watch`
/// showed ended in failure.
pub const WAIT_FAILED: u8 = 4;
/// A waiter (`--wait`) ran out of time while the work was still under way.
pub const WAIT_TIMED_OUT: u8 = 5;
/// Ctrl-C stopped a wait; the work itself goes on.
pub const INTERRUPTED: u8 = 130;

/// The exit code `error` ends a command with.
pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Service(_) | Error::Decode { .. } | Error::ResponseTooLarge { .. } => SERVICE_ERROR,
        Error::Transport(_) | Error::StreamBroken { .. } => UNREACHABLE,
        Error::Wait(WaitError::TimedOut { .. }) => WAIT_TIMED_OUT,
        Error::Wait(_) => WAIT_FAILED,
        _ => BAD_INPUT,
    }
}
