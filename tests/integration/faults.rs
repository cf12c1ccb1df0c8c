//! Fault injection (issue 17: no acknowledged tick is ever lost, no state file is ever
//! broken, no site is ever half written), all through the real binary:
//! - thousands of page ticks (`opsbook serve` write-back) and CLI ticks (`opsbook tick`)
//!   on one state file: every acknowledged tick is kept;
//! - SIGKILL of `opsbook tick`, of `opsbook serve` in the middle of write-back, and of
//!   `opsbook build`, at random moments: the state file and the site are the old or the
//!   new version, never partial, and the next tick is not blocked by a lock;
//! - a full disk and a read-only state folder (a tmpfs or a read-only bind mount, so only
//!   as root; skipped loudly otherwise): a clear error naming the file, nothing changed.
//!
//! Each test prints its figures (`cargo test --test integration faults -- --nocapture`).
//! The random delays come from a seed that is printed; `OPSBOOK_FAULT_SEED=N` replays it.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::harness::BookTest;
use crate::serve::{Server, cli_tick, list_book, staging_state};

/// The item ids in `state/staging.yaml`; the file must parse cleanly.
fn kept_ids(book: &BookTest) -> BTreeSet<String> {
    staging_state(book).entries.into_keys().collect()
}

fn step(i: usize) -> String {
    format!("step-{i}")
}

/// The JSON body of a page tick of `step-<i>` for staging.
fn tick_body(i: usize) -> String {
    format!(r#"{{"env":"staging","id":"step-{i}","done":true}}"#)
}

/// Fails naming each acknowledged change of `step-<i>` the file does not show; `shown`
/// pairs each `i` with whether it does.
#[track_caller]
fn assert_none_lost(round: usize, shown: impl Iterator<Item = (usize, bool)>) {
    let lost: Vec<usize> = shown.filter(|(_, ok)| !ok).map(|(i, _)| i).collect();
    assert!(
        lost.is_empty(),
        "round {round}: acknowledged and lost: step-{lost:?}"
    );
}

/// Waits for `child` at most `within`; `None` (and the child killed) if it is still
/// running then: a tick that hangs is a failure, never a hung test.
fn finish(child: &mut Child, within: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().expect("wait for a child") {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// One unkilled `opsbook tick`: it must finish within 20 s (no lock left behind by a
/// killed process blocks it) and succeed.
#[track_caller]
fn tick_must_succeed(root: &Path, i: usize) -> Duration {
    let started = Instant::now();
    let mut child = cli_tick(root, "tick", i)
        .spawn()
        .expect("start opsbook tick");
    match finish(&mut child, Duration::from_secs(20)) {
        Some(status) => assert!(status.success(), "tick step-{i} failed: {status}"),
        None => panic!("tick step-{i} still waits after 20 s: a lock was left behind"),
    }
    started.elapsed()
}

/// Random delays that a failure can replay: the seed is printed, and
/// `OPSBOOK_FAULT_SEED=N` sets it.
struct Rng(u64);

impl Rng {
    fn new(test: &str) -> Rng {
        let seed = std::env::var("OPSBOOK_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("{test}: random seed {seed} (replay with OPSBOOK_FAULT_SEED={seed})");
        Rng(seed.max(1))
    }

    /// xorshift64
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A delay before a kill, for a process that takes about `took` when left alone:
    /// half of them anywhere up to 1.2 × `took`, half in its last third, where the
    /// writing happens.
    fn kill_delay(&mut self, took: Duration) -> Duration {
        let span = took.as_micros().max(1) as u64;
        let micros = if self.next().is_multiple_of(2) {
            self.next() % (span * 6 / 5)
        } else {
            span * 2 / 3 + self.next() % (span / 3 + 1)
        };
        Duration::from_micros(micros)
    }
}

/// Temp files left in `dir` by a writer that died (`.opsbook-…`).
fn temp_files(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".opsbook-"))
            .count()
    })
}

/// Round `round`'s change to `step-<i>`: a tick with the note `r<round>` (so the file
/// shows which round it keeps), or in every fourth round an untick.
#[derive(Clone, Copy)]
struct Op {
    i: usize,
    round: usize,
}

impl Op {
    fn ticks(self) -> bool {
        self.round % 4 != 3
    }

    fn note(self) -> String {
        format!("r{}", self.round)
    }

    /// As the page sends it to serve.
    fn page_body(self) -> String {
        let (i, note) = (self.i, self.note());
        if self.ticks() {
            format!(r#"{{"env":"staging","id":"step-{i}","done":true,"note":"{note}"}}"#)
        } else {
            format!(r#"{{"env":"staging","id":"step-{i}","done":false}}"#)
        }
    }

    /// As `opsbook tick` or `opsbook untick`.
    fn command(self, root: &Path) -> Command {
        if self.ticks() {
            let mut cmd = cli_tick(root, "tick", self.i);
            cmd.args(["--note", &self.note()]);
            cmd
        } else {
            cli_tick(root, "untick", self.i)
        }
    }

    /// The file shows this change (and no older one).
    fn seen_in(self, state: &opsbook::model::EnvState) -> bool {
        match state.entries.get(&step(self.i)) {
            Some(e) => self.ticks() && e.done && e.note.as_deref() == Some(self.note().as_str()),
            None => !self.ticks(),
        }
    }
}

/// Page ticks (serve write-back, 4 connections at once) and CLI ticks (`opsbook tick`
/// and `untick`, 2 processes at once) on one state file, in rounds: after each round
/// every acknowledged change must be in the file. Each client changes only its own
/// items, one at a time, so the file must show exactly its last change of each; the
/// rounds keep the file small (a write costs time in proportion to the file).
#[test]
fn thousands_of_page_and_cli_ticks_keep_every_acknowledged_one() {
    const ROUNDS: usize = 25;
    const CLIENTS: usize = 4;
    const PAGE_IDS: usize = 20;
    const LANES: usize = 2;
    const CLI_IDS: usize = 4;
    let book = list_book(CLIENTS * PAGE_IDS + LANES * CLI_IDS);
    let server = Server::start(book.root());
    let token = server.token();
    let started = Instant::now();
    let (mut page_acks, mut cli_acks) = (0, 0);
    for round in 0..ROUNDS {
        let (pages, clis): (Vec<Op>, Vec<Op>) = thread::scope(|s| {
            let pages: Vec<_> = (0..CLIENTS)
                .map(|k| {
                    let (server, token) = (&server, &token);
                    s.spawn(move || {
                        (k * PAGE_IDS..(k + 1) * PAGE_IDS)
                            .map(|i| Op { i, round })
                            .filter(|op| {
                                server
                                    .try_tick(token, &op.page_body())
                                    .is_ok_and(|(status, _)| status == 200)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let clis: Vec<_> = (0..LANES)
                .map(|lane| {
                    let first = CLIENTS * PAGE_IDS + lane * CLI_IDS;
                    let root = book.root();
                    s.spawn(move || {
                        (first..first + CLI_IDS)
                            .map(|i| Op { i, round })
                            .filter(|op| {
                                let mut child = op.command(root).spawn().expect("start opsbook");
                                finish(&mut child, Duration::from_secs(30))
                                    .is_some_and(|s| s.success())
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let join = |ts: Vec<thread::ScopedJoinHandle<'_, Vec<Op>>>| -> Vec<Op> {
                ts.into_iter()
                    .flat_map(|t| t.join().expect("a ticking client"))
                    .collect()
            };
            (join(pages), join(clis))
        });
        let state = staging_state(&book);
        let shown = pages
            .iter()
            .chain(&clis)
            .map(|op| (op.i, op.seen_in(&state)));
        assert_none_lost(round, shown);
        page_acks += pages.len();
        cli_acks += clis.len();
    }
    let (page, cli) = (ROUNDS * CLIENTS * PAGE_IDS, ROUNDS * LANES * CLI_IDS);
    eprintln!(
        "faults: ticks attempted {} ({page} page, {cli} CLI; one in four an untick) / \
         acknowledged {} ({page_acks} page, {cli_acks} CLI) / kept {} in {:.1?}",
        page + cli,
        page_acks + cli_acks,
        page_acks + cli_acks,
        started.elapsed()
    );
    assert_eq!(
        (page_acks, cli_acks),
        (page, cli),
        "every tick is acknowledged on a healthy disk\n{}",
        server.stderr()
    );
}

#[test]
fn sigkill_mid_cli_tick_leaves_the_old_or_the_new_file_and_no_lock() {
    const KILLS: usize = 60;
    let mut rng = Rng::new("sigkill_mid_cli_tick");
    let book = list_book(KILLS + 100);
    let state_dir = book.root().join("state");
    // How long a tick takes when left alone (the median of three).
    let mut alone: Vec<Duration> = (0..3)
        .map(|k| tick_must_succeed(book.root(), KILLS + k))
        .collect();
    alone.sort();
    let (mut old, mut new, mut mid_write, mut checks) = (0, 0, 0, 0);
    for i in 0..KILLS {
        let before = kept_ids(&book);
        let mut child = cli_tick(book.root(), "tick", i)
            .spawn()
            .expect("start opsbook tick");
        thread::sleep(rng.kill_delay(alone[1]));
        child.kill().expect("SIGKILL opsbook tick");
        child.wait().expect("reap opsbook tick");
        mid_write += usize::from(temp_files(&state_dir) > 0);
        let after = kept_ids(&book);
        let mut with_it = before.clone();
        with_it.insert(step(i));
        match () {
            () if after == before => old += 1,
            () if after == with_it => new += 1,
            () => panic!("after the kill of tick step-{i} the file holds {after:?}"),
        }
        if i % 10 == 9 {
            // The lock of the killed process is gone: the next tick goes through.
            tick_must_succeed(book.root(), KILLS + 10 + i);
            checks += 1;
        }
    }
    tick_must_succeed(book.root(), KILLS + 99);
    eprintln!(
        "faults: CLI tick kills done {KILLS} / survived {} (old file {old}, new file {new}; \
         {mid_write} left a temp file), {checks} later ticks not blocked; a tick alone takes {:.0?}",
        old + new,
        alone[1]
    );
    assert_eq!(
        temp_files(&state_dir),
        0,
        "the next tick removes the temp files of killed ones"
    );
}

#[test]
fn sigkill_of_serve_mid_write_back_leaves_the_old_or_the_new_file() {
    const ROUNDS: usize = 8;
    const PER_ROUND: usize = 60;
    let mut rng = Rng::new("sigkill_of_serve");
    let book = list_book(ROUNDS * PER_ROUND + ROUNDS);
    let (mut acked_all, mut kept_all, mut mid_write) = (0, 0, 0);
    for round in 0..ROUNDS {
        let before = kept_ids(&book);
        let ids: Vec<usize> = (round * PER_ROUND..(round + 1) * PER_ROUND).collect();
        let server = Server::start(book.root());
        let token = server.token();
        let delay = rng.kill_delay(Duration::from_millis(300));
        let acked: Vec<usize> = thread::scope(|s| {
            let clients: Vec<_> = ids
                .chunks(PER_ROUND / 2)
                .map(|share| {
                    let (server, token) = (&server, &token);
                    s.spawn(move || {
                        share
                            .iter()
                            .copied()
                            .filter(|&i| {
                                server
                                    .try_tick(token, &tick_body(i))
                                    .is_ok_and(|(status, _)| status == 200)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            thread::sleep(delay);
            // The clients then see their connections fail.
            server.kill();
            clients
                .into_iter()
                .flat_map(|c| c.join().expect("a page client"))
                .collect()
        });
        mid_write += usize::from(temp_files(&book.root().join("state")) > 0);
        let after = kept_ids(&book);
        let sent: BTreeSet<String> = ids.iter().map(|&i| step(i)).collect();
        assert!(after.is_superset(&before), "round {round}: ticks vanished");
        let extra: Vec<&String> = after.difference(&before).collect();
        assert!(
            extra.iter().all(|id| sent.contains(*id)),
            "round {round}: {extra:?}"
        );
        assert_none_lost(round, acked.iter().map(|&i| (i, after.contains(&step(i)))));
        acked_all += acked.len();
        kept_all += extra.len();
        // serve held the state folder's lock when it died, perhaps: a CLI tick still works.
        tick_must_succeed(book.root(), ROUNDS * PER_ROUND + round);
    }
    eprintln!(
        "faults: serve kills done {ROUNDS} / survived {ROUNDS} ({mid_write} left a temp file): page ticks sent {} / acknowledged {acked_all} / kept {kept_all}",
        ROUNDS * PER_ROUND
    );
    assert_eq!(temp_files(&book.root().join("state")), 0);
}

/// A book of `pages` runbooks with code, tables and tasks, every page naming `release`.
fn write_pages(book: &mut BookTest, pages: usize, release: &str) {
    for i in 0..pages {
        let mut md = format!("# Runbook {i}\n\nRelease {release}. Deploys service {i}.\n");
        for phase in 1..=3 {
            md.push_str(&format!(
                "\n## Phase {phase}: Step {phase}\n\nCheck the service before and after.\n\n\
                 - [ ] Check pods of service {i} in phase {phase}\n\
                 - [ ] Check logs of service {i} in phase {phase}\n\n\
                 ```bash\nkubectl -n app rollout status deploy/svc-{i}\nkubectl get pods -l app=svc-{i}\n```\n\n\
                 | Step | Owner |\n|---|---|\n| Roll out {i} | platform |\n| Verify {i} | sre |\n"
            ));
        }
        book.write(&format!("content/area{}/runbook-{i}.md", i % 10), md);
    }
}

#[test]
fn sigkill_mid_build_leaves_the_last_good_site_or_the_new_one() {
    const PAGES: usize = 200;
    const KILLS: usize = 10;
    let mut rng = Rng::new("sigkill_mid_build");
    let mut book = BookTest::empty();
    let build = |book: &mut BookTest, release: &str| {
        write_pages(book, PAGES, release);
        Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(["build", "-q"])
            .current_dir(book.root())
            .stderr(Stdio::null())
            .spawn()
            .expect("start opsbook build")
    };
    let started = Instant::now();
    assert!(build(&mut book, "B").wait().unwrap().success());
    let first = started.elapsed();
    let site_b = book.tree("site");
    let started = Instant::now();
    assert!(build(&mut book, "A").wait().unwrap().success());
    // The slower of the two, for other tests share the cores.
    let took = first.max(started.elapsed());
    let site_a = book.tree("site");
    assert_ne!(site_a, site_b);
    let (mut old, mut new, mut leftovers) = (0, 0, 0);
    let mut seen = BTreeSet::new();
    for k in 0..KILLS {
        let (release, new_site) = if k % 2 == 0 {
            ("B", &site_b)
        } else {
            ("A", &site_a)
        };
        let before = book.tree("site");
        let mut child = build(&mut book, release);
        thread::sleep(rng.kill_delay(took));
        child.kill().expect("SIGKILL opsbook build");
        child.wait().expect("reap opsbook build");
        let left = staging_leftovers(book.root());
        leftovers += left.iter().filter(|n| seen.insert(n.to_string())).count();
        let after = book.tree("site");
        if after == before {
            old += 1;
        } else if &after == new_site {
            new += 1;
        } else {
            panic!(
                "kill {k}: site/ is neither the last good site nor the new one ({} files; before {}, new {})",
                after.len(),
                before.len(),
                new_site.len()
            );
        }
    }
    assert!(build(&mut book, "A").wait().unwrap().success());
    assert_eq!(book.tree("site"), site_a);
    eprintln!(
        "faults: build kills done {KILLS} / site intact {} (last good {old}, new {new}); \
         {leftovers} staging folders left by kills; a build takes {took:.1?}",
        old + new
    );
    assert_eq!(
        staging_leftovers(book.root()),
        Vec::<String>::new(),
        "the next build removes what killed builds left"
    );
}

/// Folders beside `site/` that a build makes while it runs (`site.opsbook-…`).
fn staging_leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .expect("read the book folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("site.opsbook-"))
        .collect();
    names.sort();
    names
}

/// A file system mounted for one test (a tmpfs, a read-only bind mount), unmounted
/// when dropped.
struct Mount {
    dir: PathBuf,
}

impl Mount {
    /// `mount ARGS` (the last one is `dir`), or `None` after a loud SKIPPED line when
    /// this machine does not let us mount: not root (then under `CI=true` a failure: CI
    /// runs as root), or root in a container that forbids it (skipped even under CI,
    /// for no setting of ours can allow it).
    fn new(what: &str, dir: &Path, args: &[&str]) -> Option<Mount> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "CI runs as root and needs `mount` for {what}"
            );
            eprintln!("\n*** SKIPPED {what}: mounting a file system needs root ***\n");
            return None;
        }
        let out = Command::new("mount").args(args).arg(dir).output();
        match out {
            Ok(out) if out.status.success() => Some(Mount {
                dir: dir.to_path_buf(),
            }),
            Ok(out) => {
                eprintln!(
                    "\n*** SKIPPED {what}: root, but `mount` was refused here (a container without CAP_SYS_ADMIN?), even under CI: {} ***\n",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("\n*** SKIPPED {what}: cannot run `mount`: {e} ***\n");
                None
            }
        }
    }

    /// A tmpfs of `size` (such as `2m`) on `dir`.
    fn tmpfs(what: &str, dir: &Path, size: &str) -> Option<Mount> {
        fs::create_dir_all(dir).expect("create the mount point");
        Mount::new(
            what,
            dir,
            &["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"],
        )
    }

    /// `dir` bound onto itself, read-only.
    fn read_only(what: &str, dir: &Path) -> Option<Mount> {
        let bind = Mount::new(what, dir, &["--bind", &dir.display().to_string()])?;
        let ro = Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(dir)
            .status();
        if !ro.is_ok_and(|s| s.success()) {
            eprintln!("\n*** SKIPPED {what}: a read-only remount was refused ***\n");
            return None;
        }
        Some(bind)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

/// Fills the file system that holds `dir` to the last byte; returns the filler's path.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = fs::File::create(&path).expect("create the filler");
    for chunk in [1 << 20, 1 << 16, 1 << 12, 1 << 9, 1] {
        let bytes = vec![b'x'; chunk];
        while file.write_all(&bytes).is_ok() {}
    }
    path
}

/// A page tick of `step-<i>` that serve must refuse, and go on serving: the status and
/// the reason the page shows, in plain words.
fn refused_page_tick(server: &Server, i: usize) -> String {
    let (status, answer) = server.tick(&server.token(), &tick_body(i));
    assert_ne!(status, 200, "{answer}");
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or_default().trim();
    assert!(
        !body.contains("os error") && !body.contains("at path"),
        "{answer}"
    );
    assert_eq!(server.get("/").0, 200, "serve still serves");
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
    format!("{status} {body}")
}

#[test]
fn a_full_disk_is_a_clear_error_and_keeps_the_old_state_and_site() {
    let mut book = list_book(20);
    let disk = book.root().join("disk");
    let Some(_disk) = Mount::tmpfs("the full-disk test", &disk, "2m") else {
        return;
    };
    book.write(
        "book.toml",
        "[site]\noutput = \"disk/site\"\n\n[state]\ndir = \"disk/state\"\n",
    )
    .write("disk/state/staging.yaml", "# kept comment\n");
    book.run(["tick", "step-1", "--env", "staging"]).code(0);
    book.run(["build"]).code(0);
    book.write(
        "content/list.md",
        "# List\n\n- [ ] Step 1 {#step-1}\n- [ ] Step 2 {#step-2}\n",
    );
    let server = Server::start(book.root());
    let filler = fill(&disk);
    let (state, site) = (book.tree("disk/state"), book.tree("disk/site"));

    book.run(["tick", "step-2", "--env", "staging"])
        .code(1)
        .stderr_contains("disk/state/staging.yaml")
        .stderr_contains("no space left on device")
        .expect_stderr();
    book.run(["build"])
        .code(1)
        .stderr_contains("disk/site")
        .stderr_contains("no space left on device")
        .expect_stderr();
    let answer = refused_page_tick(&server, 2);
    assert!(
        answer.contains("disk/state/staging.yaml") && answer.contains("no space left on device"),
        "{answer}"
    );
    assert_eq!(
        book.tree("disk/state"),
        state,
        "the state file is unchanged"
    );
    assert_eq!(
        book.tree("disk/site"),
        site,
        "the last good site is unchanged"
    );

    // Space again: both work, and nothing is left of the failed attempts.
    fs::remove_file(filler).expect("remove the filler");
    book.run(["tick", "step-2", "--env", "staging"]).code(0);
    book.run(["build"]).code(0);
    let left: Vec<String> = fs::read_dir(&disk)
        .expect("read the disk")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 2, "only site/ and state/: {left:?}");
    assert_eq!(temp_files(&disk.join("state")), 0);
    eprintln!(
        "faults: full disk: tick and build exit 1, state and site intact; the page is told {answer:?}"
    );
}

#[test]
fn a_read_only_state_folder_is_a_clear_error() {
    let mut book = list_book(20);
    book.run(["tick", "step-1", "--env", "staging"]).code(0);
    let state_dir = book.root().join("state");
    // Root writes through 0555, so as root the folder is bound read-only instead.
    // SAFETY: geteuid has no preconditions and cannot fail.
    let as_root = unsafe { libc::geteuid() } == 0;
    let _ro = if as_root {
        match Mount::read_only("the read-only state test", &state_dir) {
            Some(m) => Some(m),
            None => return,
        }
    } else {
        set_mode(&state_dir, 0o555);
        None
    };
    let server = Server::start(book.root());
    let before = book.tree("state");
    let words = if as_root {
        "read-only file system"
    } else {
        "permission denied"
    };
    book.run(["tick", "step-2", "--env", "staging"])
        .code(1)
        .stderr_contains("state/staging.yaml")
        .stderr_contains(words)
        .stderr_lacks("os error")
        .stderr_lacks("panicked");
    if as_root {
        book.expect_stderr();
    }
    let answer = refused_page_tick(&server, 2);
    assert!(
        answer.contains("state/staging.yaml") && answer.contains(words),
        "{answer}"
    );
    assert_eq!(book.tree("state"), before, "nothing changed");
    if !as_root {
        set_mode(&state_dir, 0o755);
    }
    eprintln!(
        "faults: read-only state folder: tick exits 1, state intact; the page is told {answer:?}"
    );
}

fn set_mode(dir: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(dir, fs::Permissions::from_mode(mode)).expect("chmod the state folder");
}
