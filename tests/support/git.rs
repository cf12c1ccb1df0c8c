//! A git command with a fixed identity, no signing and no system or global config, for
//! building repositories that are the same on every machine. Shared through `#[path]`
//! by the integration and browser test binaries (the benchmark has its own, smaller
//! runner in `bench/src/versions.rs`).

use std::path::Path;
use std::process::Command;

/// `git` in `dir` as `name <email>`, every date set to `date` (RFC 3339).
pub(crate) fn command(dir: &Path, name: &str, email: &str, date: &str) -> Command {
    let mut cmd = Command::new("git");
    cmd.args([
        "-c",
        &format!("user.name={name}"),
        "-c",
        &format!("user.email={email}"),
        "-c",
        "commit.gpgsign=false",
        "-c",
        "tag.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ])
    .current_dir(dir)
    .env("GIT_CONFIG_NOSYSTEM", "1")
    .env("GIT_CONFIG_GLOBAL", "/dev/null")
    .env("GIT_AUTHOR_NAME", name)
    .env("GIT_AUTHOR_EMAIL", email)
    .env("GIT_COMMITTER_NAME", name)
    .env("GIT_COMMITTER_EMAIL", email)
    .env("GIT_AUTHOR_DATE", date)
    .env("GIT_COMMITTER_DATE", date);
    cmd
}

/// Runs git in `dir` as `Test` on 2026-01-02 and returns stdout; panics on failure.
pub(crate) fn git(dir: &Path, args: &[&str]) -> String {
    let out = command(dir, "Test", "test@example.com", "2026-01-02T03:04:05+00:00")
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
