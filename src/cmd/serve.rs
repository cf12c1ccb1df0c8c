//! `opsbook serve [DIR] [-p PORT] [--bind ADDR] [--open]`: live preview with reload,
//! error overlay and write-back of ticks. The work is in `crate::serve`.

use std::process::ExitCode;

use super::ensure_book_dir;
use crate::cli::{ServeArgs, Verbosity};
use crate::serve::{ServeOptions, serve};

/// Serves the book in `args.dir` until Ctrl-C; exit 1 when the port is taken.
pub(crate) fn run(args: ServeArgs, _verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    ensure_book_dir(&args.dir)?;
    let mut opts = ServeOptions::new(args.dir);
    opts.port = args.port;
    opts.bind = args.bind;
    opts.open = args.open;
    serve(opts)
}
