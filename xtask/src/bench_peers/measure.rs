//! One timed run of a command, as a whole process: its wall time and its peak resident memory.
//!
//! The memory is the kernel's own accounting of a reaped child (`getrusage` of the children),
//! which covers every child reaped so far. So each run goes through a small process of its own,
//! this binary again (`bench-peers --measure-one`), whose only child is the command measured.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// The argument that makes this binary run one command and print its figures.
pub const MEASURE_ONE: &str = "--measure-one";

/// What one run took.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall: Duration,
    /// Peak resident memory of the command's process, in MiB.
    pub peak_mib: f64,
}

/// Runs `program` with `args` once, through a measuring process; `Ok(None)` when it fails.
///
/// The file systems are synced first, so that no run pays for writing back what the runs before
/// it wrote: without that, a small spec measured after a big one took twice its time.
pub fn run(this_binary: &Path, program: &Path, args: &[&str]) -> Result<Option<Sample>, String> {
    nix::unistd::sync();
    let output = Command::new(this_binary)
        .args(["bench-peers", MEASURE_ONE])
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", this_binary.display()))?;
    if !output.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut figures = text.split_whitespace().map(str::parse::<f64>);
    match (figures.next(), figures.next()) {
        (Some(Ok(seconds)), Some(Ok(peak_kib))) => {
            Ok(Some(Sample { wall: Duration::from_secs_f64(seconds), peak_mib: peak_kib / 1024.0 }))
        }
        _ => Err(format!("the measuring process printed `{}`, not seconds and KiB", text.trim())),
    }
}

/// The measuring process: runs the command, its output thrown away, and prints its wall seconds
/// and peak KiB; fails when the command does.
pub fn measure_one(command: &[&str]) -> Result<(), String> {
    let (program, args) = command.split_first().ok_or("--measure-one needs a command")?;
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{program}: {e}"))?;
    let wall = started.elapsed();
    if !status.success() {
        return Err(format!("{program} failed: {status}"));
    }
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).map_err(|e| format!("getrusage: {e}"))?;
    // Linux gives the peak in KiB.
    println!("{} {}", wall.as_secs_f64(), usage.max_rss());
    Ok(())
}

/// The median of `values` (the mean of the middle two for an even count); `None` when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 0 { (values[middle - 1] + values[middle]) / 2.0 } else { values[middle] })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
