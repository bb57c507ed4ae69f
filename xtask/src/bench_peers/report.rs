//! The figures as lines while they are measured, and as BENCHMARKS.md's tables.

use std::fmt::Write as _;

use super::GenerationRow;
use super::compile::{CLEAN_BUILDS, CleanBuilds, CompileRow};
use super::measure::median;

pub fn generation_line(row: &GenerationRow) -> String {
    format!(
        "{}: ours {} (after an edit {}), peer {}, ratios {} and {}",
        row.spec,
        seconds(row.ours_median()),
        seconds(row.ours_after_edit_median()),
        seconds(row.peer_median()),
        ratio(row.ratio_median()),
        ratio(row.ratio_after_edit_median())
    )
}

pub fn compile_line(row: &CompileRow) -> String {
    format!("{}: cargo check after an edit, ours {}, peer {}", row.spec, seconds(Some(row.ours)), seconds(row.peer))
}

/// When and where: the date, the processors and the peer's version.
pub fn machine(peer_version: &str, runs: usize) -> String {
    let date = crate::today();
    let cores = crate::cores();
    format!("Measured by `cargo xtask bench-peers` on {date}, {cores} cores, against {peer_version}; {runs} runs each.")
}

/// The named sections `cargo xtask bench-peers --write` replaces.
pub fn tables(
    machine: &str,
    generation: Option<(&[GenerationRow], &str)>,
    compiled: Option<&(Vec<CompileRow>, CleanBuilds)>,
) -> Vec<(&'static str, String)> {
    let mut tables = Vec::new();
    if let Some((generation, build)) = generation {
        tables.push(("generation", generation_table(machine, generation, build)));
    }
    if let Some((rows, clean)) = compiled {
        tables.push(("compile", compile_table(machine, rows, clean)));
    }
    tables
}

/// `build`: how the generator's executable was built.
fn generation_table(machine: &str, rows: &[GenerationRow], build: &str) -> String {
    let mut text = format!(
        "{machine} Whole process: ours is the executable `cargo xtask build-generator` builds ({build}), \
         the peer as `cargo install --locked` builds it. Runs interleaved with the peer's; medians, and the medians of \
         the ratios to the peer's run beside each. *From nothing*: a directory no run used before and no format cache \
         (`--no-cache`). *After an edit*: the spec edited (words added to an operation's description) and \
         the crate generated again over the last run's, as a user regenerates; the peer keeps nothing \
         between runs, so its time is the same either way.\n\n\
         | spec | input | from nothing | after an edit | openapi-to-rust | ratio from nothing | ratio after an edit | peak memory from nothing (ours / peer) |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for row in rows {
        let peaks = match (row.ours_peak(), row.peer_peak()) {
            (Some(ours), Some(peer)) => format!("{ours:.0} / {peer:.0} MiB"),
            (Some(ours), None) => format!("{ours:.0} MiB / -"),
            _ => "-".to_owned(),
        };
        let _ = writeln!(
            text,
            "| {} | {:.2} MiB | {} | {} | {} | {} | {} | {peaks} |",
            row.spec,
            row.input_mib,
            seconds(row.ours_median()),
            seconds(row.ours_after_edit_median()),
            row.peer_median().map_or_else(|| "fails".to_owned(), |s| seconds(Some(s))),
            ratio(row.ratio_median()),
            ratio(row.ratio_after_edit_median()),
        );
    }
    let count = |ratios: Vec<f64>| (ratios.iter().filter(|ratio| **ratio <= 0.5).count(), ratios.len());
    let (cold_within, both) = count(rows.iter().filter_map(GenerationRow::ratio_median).collect());
    let (edit_within, edited) = count(rows.iter().filter_map(GenerationRow::ratio_after_edit_median).collect());
    let _ = writeln!(
        text,
        "\nRatio at most 0.5 from nothing on {cold_within} of the {both} specs both tools generate, and after an \
         edit on {edit_within} of {edited}."
    );
    if let Some(fit) = linear_fit(rows) {
        let _ = writeln!(
            text,
            "Peak memory from nothing against input size, least squares over every spec: {:.0} MiB + {:.1} x the \
             input (r² = {:.3}).",
            fit.intercept, fit.slope, fit.r_squared
        );
    }
    text
}

/// The clean builds' figures as a sentence: printed when they are done, and under the table.
pub fn clean_build_line(clean: &CleanBuilds) -> String {
    // The median, then every build's seconds, so that the spread is seen.
    let seconds = |builds: &[f64]| {
        let each: Vec<String> = builds.iter().map(|s| format!("{s:.1}")).collect();
        (median(&mut builds.to_vec()).unwrap_or_default(), each.join(", "))
    };
    let (current, each) = seconds(&clean.current);
    let mut text = format!(
        "Clean build of the `oms` library, `cargo build --locked -p oms --lib` (debug, default features) into an \
         empty target directory: {current:.1} s ({each})"
    );
    match &clean.baseline {
        Some((rev, before)) => {
            let (before, each) = seconds(before);
            let _ = write!(
                text,
                "; the same command at commit `{rev}`, its builds alternating with these in the same run: {before:.1} s \
                 ({each}), a ratio of {:.2}. Medians of {CLEAN_BUILDS} builds each.",
                current / before
            );
        }
        None => text.push('.'),
    }
    text
}

fn compile_table(machine: &str, rows: &[CompileRow], clean: &CleanBuilds) -> String {
    let mut text = format!(
        "{machine} `cargo check --lib` of the generated library after a line is added to a generated \
         file, dependencies built, the two tools' checks alternating; medians.\n\n\
         | spec | this project | openapi-to-rust | ratio |\n\
         | --- | ---: | ---: | ---: |\n"
    );
    for row in rows {
        let ratio_text = ratio(row.peer.map(|peer| row.ours / peer));
        let _ = writeln!(
            text,
            "| {} | {} | {} | {ratio_text} |",
            row.spec,
            seconds(Some(row.ours)),
            row.peer.map_or_else(|| "does not check".to_owned(), |s| format!("{s:.1} s"))
        );
    }
    let _ = writeln!(text, "\n{}", clean_build_line(clean));
    text
}

struct Fit {
    intercept: f64,
    slope: f64,
    r_squared: f64,
}

/// Our peak memory as a straight line of the input size.
fn linear_fit(rows: &[GenerationRow]) -> Option<Fit> {
    let points: Vec<(f64, f64)> = rows.iter().filter_map(|row| Some((row.input_mib, row.ours_peak()?))).collect();
    let n = points.len() as f64;
    if points.len() < 3 {
        return None;
    }
    let (mean_x, mean_y) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let covariance: f64 = points.iter().map(|(x, y)| (x - mean_x) * (y - mean_y)).sum();
    let variance_x: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    let variance_y: f64 = points.iter().map(|(_, y)| (y - mean_y).powi(2)).sum();
    if variance_x == 0.0 || variance_y == 0.0 {
        return None;
    }
    let slope = covariance / variance_x;
    Some(Fit { intercept: mean_y - slope * mean_x, slope, r_squared: covariance.powi(2) / (variance_x * variance_y) })
}

/// A time in seconds as the tables show it: in milliseconds below a tenth of a second, where
/// whole milliseconds would hide the small specs' differences.
fn seconds(value: Option<f64>) -> String {
    match value {
        None => "-".to_owned(),
        Some(s) if s < 0.1 => format!("{:.1} ms", s * 1000.0),
        Some(s) => format!("{s:.3} s"),
    }
}

fn ratio(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
}

/// `document` with the text between `<!-- bench-peers:NAME -->` and the next
/// `<!-- /bench-peers -->` replaced by `table`.
pub fn replace_section(document: &str, name: &str, table: &str) -> Result<String, String> {
    let start_marker = format!("<!-- bench-peers:{name} -->");
    const END_MARKER: &str = "<!-- /bench-peers -->";
    let start = document
        .find(&start_marker)
        .ok_or_else(|| format!("BENCHMARKS.md has no `{start_marker}` line to write the {name} table after"))?
        + start_marker.len();
    let end = document[start..]
        .find(END_MARKER)
        .map(|at| start + at)
        .ok_or_else(|| format!("BENCHMARKS.md has no `{END_MARKER}` after `{start_marker}`"))?;
    Ok(format!("{}\n{table}{}", &document[..start], &document[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_under_a_tenth_of_a_second_are_shown_in_milliseconds() {
        assert_eq!(seconds(Some(0.00287)), "2.9 ms");
        assert_eq!(seconds(Some(0.0995)), "99.5 ms");
        assert_eq!(seconds(Some(0.1)), "0.100 s");
        assert_eq!(seconds(Some(1.955)), "1.955 s");
        assert_eq!(seconds(None), "-");
    }

    #[test]
    fn a_section_is_replaced_between_its_markers_and_nothing_else_moves() {
        let document = "# B\n<!-- bench-peers:generation -->\nold\n<!-- /bench-peers -->\ntail\n";
        let replaced = replace_section(document, "generation", "new\n").expect("markers found");
        assert_eq!(replaced, "# B\n<!-- bench-peers:generation -->\nnew\n<!-- /bench-peers -->\ntail\n");
        let missing = replace_section(document, "compile", "x").expect_err("no such section");
        assert!(missing.contains("bench-peers:compile"), "{missing}");
    }

    #[test]
    fn a_clean_build_is_reported_beside_the_baseline_commit_s() {
        let alone = CleanBuilds { current: vec![31.0, 29.0, 30.0], baseline: None };
        assert!(
            clean_build_line(&alone).ends_with("directory: 30.0 s (31.0, 29.0, 30.0)."),
            "{}",
            clean_build_line(&alone)
        );
        let paired = CleanBuilds {
            current: vec![31.0, 29.0, 30.0],
            baseline: Some(("abc1234".to_owned(), vec![60.0, 58.0, 66.0])),
        };
        let sentence = clean_build_line(&paired);
        assert!(
            sentence.contains("at commit `abc1234`")
                && sentence.contains(": 60.0 s (60.0, 58.0, 66.0), a ratio of 0.50."),
            "{sentence}"
        );
    }

    #[test]
    fn memory_that_grows_with_the_input_fits_a_line() {
        let row = |input_mib: f64, peak_mib: f64| GenerationRow {
            spec: String::new(),
            input_mib,
            ours: vec![super::super::Sample { wall: std::time::Duration::ZERO, peak_mib }],
            ours_after_edit: Vec::new(),
            peer: Vec::new(),
            ratios: Vec::new(),
            ratios_after_edit: Vec::new(),
        };
        let fit = linear_fit(&[row(1.0, 30.0), row(2.0, 50.0), row(4.0, 90.0)]).expect("a fit");
        assert!((fit.slope - 20.0).abs() < 1e-9 && (fit.intercept - 10.0).abs() < 1e-9, "{}", fit.slope);
        assert!((fit.r_squared - 1.0).abs() < 1e-9);
    }
}
