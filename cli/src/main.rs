//! `oms`: the command line generated from spec/oms.yaml (see `oms::cli`).

fn main() -> std::process::ExitCode {
    oms::cli::main()
}
