//! The `claimgraph` command; everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    claimgraph::cli::main()
}
