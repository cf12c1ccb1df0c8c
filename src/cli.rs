//! Command-line arguments, as clap derive types. Data only: `cmd/` runs them.
//! SPEC.md §9; every flag is explained by `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// opsbook turns a folder of deployment runbooks (Markdown and checklist YAML) into a
/// static site a team works from: checkboxes per environment, progress, secrets.
#[derive(Debug, Parser)]
#[command(name = "opsbook", version, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 success (warnings allowed), 1 the book has errors or \
    the command failed, 2 wrong usage.\nLogging: set OPSBOOK_LOG (e.g. OPSBOOK_LOG=debug) \
    to override -q/-v."
)]
pub struct Cli {
    /// Print only errors: no warnings, no summary when all went well.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Explain what happens: files read, pages written, timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into OUT; on any error nothing is written.
    Build(BuildArgs),
    /// Run every check (config, front matter, links, …) and write nothing.
    Check(CheckArgs),
    /// Print the secret inventory: every secret the runbooks need, per environment.
    Secrets(SecretsArgs),
}

#[derive(Debug, Args)]
pub struct SecretsArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only the secrets this environment needs.
    #[arg(long, value_name = "E")]
    pub env: Option<String>,

    /// Output format (json: `{"secrets": [{name, description, store, environments,
    /// rotate, owner, declared, references: [{page, line, anchor}]}]}`).
    #[arg(long, value_enum, default_value = "table")]
    pub format: SecretsFormat,
}

/// How `opsbook secrets` prints the inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretsFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Output folder, relative to the current folder [default: DIR/site]
    ///
    /// The default is DIR joined with `output` of the [site] section of book.toml
    /// (`site`). OUT must be new, empty, or a folder opsbook built before (it holds a
    /// .opsbook-output file); it is replaced as a whole, and only after a good build.
    #[arg(short, long, value_name = "OUT")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// How much the commands and the log say, from `-q` / `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Cli {
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}
