//! The `claimgraph` command. The command line lives here, in the binary, so that the library
//! (`src/lib.rs`) depends on neither clap nor anyhow: a program embedding claimgraph gets the
//! checker, not the CLI.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
