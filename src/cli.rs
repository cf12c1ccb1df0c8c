//! Command-line arguments, as clap derive types. Data only: `cmd/` runs them.
//! SPEC.md §9; every flag is explained by `--help`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// `opsbook --version`: the crate version and the commit it was built from, with that
/// commit's date (`0.1.0 (0123abcde 2026-04-14)`; `unknown` outside git, see build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("OPSBOOK_COMMIT"), ")");

/// The GitHub repository (`owner/name`) opsbook is released from: its release archives,
/// its GitHub Action (`uses: OWNER/NAME@vX.Y.Z`, written by `opsbook init`) and
/// `repository` in Cargo.toml. The one place in the code that names it; a test checks
/// that Cargo.toml and the docs agree.
pub const OPSBOOK_REPO: &str = "opsbook/opsbook";

/// opsbook turns a folder of deployment runbooks (Markdown and checklist YAML) into a
/// static site a team works from: checkboxes per environment, progress, secrets.
#[derive(Debug, Parser)]
#[command(name = "opsbook", version = VERSION, propagate_version = true)]
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
    /// Create a new book: book.toml, a sample runbook and checklist, and a GitHub
    /// Pages workflow. Refuses a folder that is not empty unless --force.
    Init(InitArgs),
    /// Build the site into OUT; on any error nothing is written.
    Build(BuildArgs),
    /// Run every check (config, front matter, links, …) and write nothing.
    Check(CheckArgs),
    /// Show checklist progress per runbook and environment.
    Status(StatusArgs),
    /// Mark an item done for an environment in state/<environment>.yaml.
    Tick(TickArgs),
    /// Remove an item's team state for an environment (source ticks stay).
    Untick(UntickArgs),
    /// Write a progress report (every item, every environment, who ticked it) to stdout.
    Export(ExportArgs),
    /// Serve the book on http://127.0.0.1 with live reload and write-back of ticks.
    Serve(ServeArgs),
    /// Print the secret inventory: every secret the runbooks need, per environment.
    Secrets(SecretsArgs),
    /// Work one run of a runbook: start it, tick, skip, sign gates, finish (runs/<id>.yaml).
    Run(RunArgs),
    /// List the runs in runs/, or export their audit trail.
    Runs(RunsArgs),
}

/// `opsbook run …`: one run, one file in runs/ (SPEC.md §11).
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(subcommand)]
    pub action: RunAction,

    /// The book folder.
    #[arg(long, value_name = "DIR", default_value = ".", global = true)]
    pub dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum RunAction {
    /// Start a run of RUNBOOK (its id, as `opsbook status` shows) and print its id.
    #[command(
        group = clap::ArgGroup::new("subject").required(true).args(["env", "for_"]),
        disable_version_flag = true
    )]
    Start {
        #[arg(value_name = "RUNBOOK")]
        runbook: String,
        /// The environment worked in (a deployment).
        #[arg(short, long, value_name = "ENV")]
        env: Option<String>,
        /// The person it is for (onboarding).
        #[arg(long = "for", value_name = "NAME")]
        for_: Option<String>,
        /// The version worked from (default: the release tag at HEAD, else the branch).
        #[arg(long = "version", id = "worked_from", value_name = "V")]
        version: Option<String>,
        /// Who starts it (default: git's user.name, else $USER).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Mark an item done in the run.
    Tick(RunItemNote),
    /// Take back a tick or a skip.
    Untick {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(value_name = "ITEM")]
        item: String,
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Mark an item not applicable this time, with a reason.
    Skip {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(value_name = "ITEM")]
        item: String,
        #[arg(long, value_name = "TEXT", required = true)]
        reason: String,
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Add a note or evidence link to an item, leaving it as it stands.
    Note(RunItemNote),
    /// Sign off a gated phase (by someone who did none of its items).
    Sign {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(value_name = "PHASE")]
        phase: String,
        #[arg(long, value_name = "NAME", required = true)]
        by: String,
    },
    /// End the run: every item done or skipped, every gate signed.
    Finish {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// End the run early, with a reason.
    Abort {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(long, value_name = "TEXT", required = true)]
        reason: String,
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// Print a run: every item with who, when, notes and evidence; gates; estimates.
    Show {
        #[arg(value_name = "RUN")]
        run: String,
        #[arg(long)]
        json: bool,
    },
}

/// An item of a run with what is said of it: `opsbook run tick|note RUN ITEM …`.
#[derive(Debug, Args)]
pub struct RunItemNote {
    #[arg(value_name = "RUN")]
    pub run: String,
    #[arg(value_name = "ITEM")]
    pub item: String,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// A link to what shows it was done (a CI job, a dashboard); repeatable.
    #[arg(long, value_name = "URL")]
    pub evidence: Vec<String>,
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// `opsbook runs [export]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RunsArgs {
    #[command(subcommand)]
    pub action: Option<RunsAction>,
    /// The book folder.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Only the runs of this runbook.
    #[arg(long, value_name = "RUNBOOK")]
    pub runbook: Option<String>,
    /// Only the runs in this environment (or for this person).
    #[arg(short, long, value_name = "ENV")]
    pub env: Option<String>,
    /// Only the runs not yet finished or aborted.
    #[arg(long)]
    pub open: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RunsAction {
    /// The audit trail: one row per event (run, runbook, environment, version, phase,
    /// item, action, by, at, note, evidence, reason, sign-off) to stdout.
    Export {
        /// Only events on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only events on or before this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The book folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Write or update runs/ from GitHub issues: FILE is the output of the `gh api
    /// graphql` query in the guide "Runs on GitHub Pages". Prints the ids of the runs it
    /// changed; reports refused and ignored events on stderr.
    ImportGithub {
        /// The JSON GitHub returned (`-` for stdin).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The book folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// Write the issue forms of runbooks whose checklist is too long for a "Start a run
    /// on GitHub" link into .github/ISSUE_TEMPLATE/ (needs `[site] repository`).
    GithubForms {
        /// The book folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SecretsArgs {
    #[command(subcommand)]
    pub action: Option<SecretsAction>,

    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only the secrets this environment needs (an alias works too).
    #[arg(short, long, value_name = "ENV")]
    pub env: Option<String>,

    /// Output format (json: `{"secrets": [{name, description, store, environments,
    /// rotate, owner, declared, references: [{page, line, anchor}]}]}`).
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: SecretsFormat,
}

/// `opsbook secrets allow|rules`.
#[derive(Debug, Subcommand)]
pub enum SecretsAction {
    /// Say that findings are not secrets: record their fingerprints (as a finding's
    /// hint prints them, `rule:path:hash`) in .opsbook-allow at the book root.
    Allow {
        /// One or more fingerprints.
        #[arg(value_name = "FINGERPRINT", required = true)]
        fingerprints: Vec<String>,

        /// The book folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
    /// List the scanner's rules: id, family, where the rule comes from.
    Rules,
}

/// How `opsbook secrets` prints the inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SecretsFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Only this environment (an alias works too); also lists the items still open.
    #[arg(short, long, value_name = "ENV")]
    pub env: Option<String>,

    /// Print JSON (documented in the guide: reference/cli) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TickArgs {
    /// The item's id, as shown by its permalink (`#hsts`) or by `opsbook status --json`.
    #[arg(value_name = "ID", required_unless_present = "from")]
    pub id: Option<String>,

    /// Add every entry of FILE (a state file, e.g. a reader's Export from the site)
    /// instead of one ID; all are checked first, and none is written if one is wrong.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["by", "note"])]
    pub from: Option<PathBuf>,

    /// The environment the item was done in (an alias works too).
    #[arg(short, long, value_name = "ENV")]
    pub env: String,

    /// Who did it [default: `git config user.name`, else $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// Why or how, e.g. "done in PR 412".
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The book folder.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct UntickArgs {
    /// The item's id.
    #[arg(value_name = "ID")]
    pub id: String,

    /// The environment (an alias works too).
    #[arg(short, long, value_name = "ENV")]
    pub env: String,

    /// The book folder.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The book folder.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Report format.
    #[arg(short, long, value_enum)]
    pub format: ExportFormat,

    /// Only this environment (an alias works too).
    #[arg(short, long, value_name = "ENV")]
    pub env: Option<String>,
}

/// Formats of `opsbook export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Md,
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

    /// With versions (git tags, Docusaurus versions.json): write nothing when any
    /// version's book has errors
    ///
    /// Without it, a version that does not build is reported (version, file, line)
    /// and left out; the other versions are written and the exit code is 1.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the book in (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Add the sample files to a folder that is not empty; existing files are kept.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Record every secret finding there is now in .opsbook-allow (adopting opsbook on
    /// an existing book), so that only new findings are refused; then check.
    #[arg(long)]
    pub baseline: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book folder, holding book.toml (optional) and content/.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Port to listen on (0 picks a free one).
    #[arg(short, long, value_name = "PORT", default_value_t = 3000)]
    pub port: u16,

    /// Address to listen on. Anything but a loopback address makes the preview
    /// visible to other machines (a warning says so); ticks stay local only.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Open the site in the browser (xdg-open / open).
    #[arg(long)]
    pub open: bool,
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
