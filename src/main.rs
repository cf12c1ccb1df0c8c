//! The `opsbook` binary: parse the arguments, start logging to stderr, run the command,
//! and exit with its code (0 ok, 1 book errors or failure, 2 usage from clap).

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;
use opsbook::cli::{Cli, Verbosity};
use tracing_subscriber::EnvFilter;

/// mimalloc, tuned by `opsbook::alloc::tune` (why: `src/alloc.rs`). The feature
/// `system-alloc` leaves the system's malloc in place, for memory profilers that watch
/// it (heaptrack): `cargo build --release --features system-alloc`.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: opsbook::alloc::Alloc = opsbook::alloc::Alloc;

fn main() -> ExitCode {
    opsbook::alloc::tune();
    let cli = Cli::parse();
    start_logging(cli.verbosity());
    match opsbook::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprint!("{}", opsbook::base::diag::error_chain(&err));
            ExitCode::FAILURE
        }
    }
}

/// `tracing` to stderr; `OPSBOOK_LOG` (an env filter such as `debug`) overrides -q/-v.
fn start_logging(verbosity: Verbosity) {
    let default = match verbosity {
        Verbosity::Quiet => "error",
        Verbosity::Normal => "warn",
        Verbosity::Verbose => "warn,opsbook=debug",
    };
    let filter = EnvFilter::try_from_env("OPSBOOK_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .init();
}
