//! The one way opsbook runs git: `git -C <dir>` with an environment that cannot point it
//! at another repository (a git hook's `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` are
//! removed), that never takes optional locks (no index refresh behind a user's back) and
//! that reads no standard input. Used for last-updated dates, release tags' objects and
//! the name a tick is signed with. Only this file starts a git process.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};

/// A `git` command run in `dir` with the safe environment.
pub(crate) fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` and returns its stdout; a failure is an error with git's message.
pub(crate) fn run(mut cmd: Command, what: &str) -> anyhow::Result<Vec<u8>> {
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("failed to run git to {what}"))?;
    if !out.status.success() {
        bail!(
            "git failed to {what}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(out.stdout)
}

/// The version a run is worked from: the release tag at HEAD, else the branch; and the
/// commit (12 hex). `None`s outside git.
pub(crate) fn head_version(dir: &Path) -> (Option<String>, Option<String>) {
    let text = |args: &[&str]| {
        let mut cmd = git(dir);
        cmd.args(args);
        run(cmd, "read HEAD")
            .ok()
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .filter(|s| !s.is_empty() && s != "HEAD")
    };
    let commit = text(&["rev-parse", "--short=12", "HEAD"]);
    if commit.is_none() {
        return (None, None);
    }
    let version = text(&["describe", "--tags", "--exact-match", "HEAD"])
        .or_else(|| text(&["rev-parse", "--abbrev-ref", "HEAD"]));
    (version, commit)
}

/// Whether a `git` binary can be run at all.
pub(crate) fn available() -> bool {
    Command::new("git")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `git config user.name` in `dir`, if git is there and it is set.
pub(crate) fn user_name(dir: &Path) -> Option<String> {
    let mut cmd = git(dir);
    cmd.args(["config", "user.name"]);
    let out = run(cmd, "read user.name").ok()?;
    let name = String::from_utf8(out).ok()?.trim().to_string();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hooks_repository_variables_are_removed() {
        let cmd = git(Path::new("."));
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
            assert!(
                cmd.get_envs().any(|(k, v)| k == var && v.is_none()),
                "{var} is not removed"
            );
        }
        assert!(
            cmd.get_envs()
                .any(|(k, v)| k == "GIT_OPTIONAL_LOCKS" && v == Some("0".as_ref()))
        );
    }
}
