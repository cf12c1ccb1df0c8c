//! Shipping opsbook (issue 21): the release archive `scripts/package.sh` packs, the
//! install script of the GitHub Action (`action.yml` → `scripts/install.sh`) run
//! against a release served from 127.0.0.1, the repository's workflows under
//! actionlint, the crates.io package's file list, and the one repository name.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::Instant;

use opsbook::cli::OPSBOOK_REPO;

use crate::harness::{actionlint, skip_without};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What the local release server answers for a path.
enum Reply {
    File(Vec<u8>),
    Redirect(String),
}

/// A release server on 127.0.0.1 from a thread: each path of `replies` as given, 404
/// for any other. Returns `http://127.0.0.1:PORT`.
fn serve(replies: BTreeMap<String, Reply>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}", listener.local_addr().expect("a local address"));
    let replies = Arc::new(replies);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut request = String::new();
            let mut line = String::new();
            let _ = reader.read_line(&mut request);
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("");
            let head = match replies.get(path) {
                Some(Reply::File(bytes)) => (
                    format!("200 OK\r\nContent-Length: {}", bytes.len()),
                    bytes.as_slice(),
                ),
                Some(Reply::Redirect(to)) => (
                    format!("302 Found\r\nLocation: {to}\r\nContent-Length: 0"),
                    &[][..],
                ),
                None => ("404 Not Found\r\nContent-Length: 0".to_string(), &[][..]),
            };
            let _ = write!(stream, "HTTP/1.1 {}\r\nConnection: close\r\n\r\n", head.0);
            let _ = stream.write_all(head.1);
        }
    });
    base
}

/// `bash scripts/NAME`, with none of the variables install.sh reads set.
fn bash(name: &str) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(repo().join("scripts").join(name));
    for var in [
        "OPSBOOK_VERSION",
        "OPSBOOK_BASE_URL",
        "OPSBOOK_INSTALL_DIR",
        "OPSBOOK_BIN",
        "GITHUB_PATH",
        "RUNNER_TOOL_CACHE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `cmd`; its output, after checking it succeeded.
fn ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run bash");
    assert!(out.status.success(), "{cmd:?}:\n{}", stderr(&out));
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `key=value` lines (the `plan` of install.sh) as a map.
fn plan_of(out: &Output) -> BTreeMap<String, String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A release archive, as package.sh writes it.
struct Archive {
    name: String,
    bytes: Vec<u8>,
    sha256: String,
    target: String,
}

/// The archive of this repository's `opsbook` (the binary under test) for the
/// machine's release target, packed by `scripts/package.sh` into `dir/dist`.
fn package_this_binary(dir: &Path) -> Archive {
    let plan = ok(bash("install.sh").arg("plan"));
    let target = plan_of(&plan)["target"].clone();
    let out = ok(bash("package.sh")
        .args([target.as_str(), &dir.join("dist").to_string_lossy()])
        .env("OPSBOOK_BIN", env!("CARGO_BIN_EXE_opsbook")));
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let name = path
        .file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, format!("opsbook-v{VERSION}-{target}.tar.gz"));
    let listing = ok(Command::new("tar").arg("-tzf").arg(&path));
    let listing = String::from_utf8_lossy(&listing.stdout);
    for file in ["opsbook", "LICENSE", "README.md"] {
        let entry = format!("opsbook-v{VERSION}-{target}/{file}");
        assert!(
            listing.lines().any(|l| l == entry),
            "{name} lacks {entry}:\n{listing}"
        );
    }
    let sha256 = fs::read_to_string(path.with_file_name(format!("{name}.sha256")))
        .expect("read the .sha256");
    assert!(sha256.ends_with(&format!("  {name}\n")), "{sha256}");
    let bytes = fs::read(&path).expect("read the archive");
    Archive {
        name,
        bytes,
        sha256,
        target,
    }
}

/// The tools install.sh and package.sh run; `false` after a loud skip when one is missing.
fn has_shell_tools(what: &str) -> bool {
    for tool in ["bash", "curl", "tar"] {
        let found = Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            skip_without(what, tool);
            return false;
        }
    }
    true
}

/// The action's install script against a release served from 127.0.0.1: the default
/// version (the action's own, from Cargo.toml), `latest` (followed through the
/// redirect GitHub answers), then a `.sha256` that does not match: refused, with a
/// clear error, and nothing installed.
#[test]
fn install_script_verifies_and_installs_a_release() {
    let what = "the test of the action's install script";
    if !cfg!(unix) || !has_shell_tools(what) {
        return;
    }
    let tmp = tempfile::tempdir().expect("a temp dir");
    let archive = package_this_binary(tmp.path());
    let (name, tag) = (&archive.name, format!("v{VERSION}"));
    let wrong = format!("{}  {name}\n", "0".repeat(64));
    let mut replies = BTreeMap::new();
    for (release, sha) in [("good", &archive.sha256), ("bad", &wrong)] {
        let at = format!("/{release}/releases/download/{tag}/{name}");
        replies.insert(at.clone(), Reply::File(archive.bytes.clone()));
        replies.insert(
            format!("{at}.sha256"),
            Reply::File(sha.clone().into_bytes()),
        );
    }
    let release_page = format!("/good/releases/tag/{tag}");
    replies.insert(
        "/good/releases/latest".into(),
        Reply::Redirect(release_page.clone()),
    );
    replies.insert(release_page, Reply::File(b"the release page".to_vec()));
    let server = serve(replies);
    let good = format!("{server}/good/releases/download");

    // The default version: the one in Cargo.toml beside the script (the action's own).
    let dir = tmp.path().join("tool-cache/opsbook");
    let github_path = tmp.path().join("github_path");
    let started = Instant::now();
    let out = ok(bash("install.sh")
        .env("OPSBOOK_BASE_URL", &good)
        .env("OPSBOOK_INSTALL_DIR", &dir)
        .env("GITHUB_PATH", &github_path));
    eprintln!(
        "install.sh installed {name} ({:.1} MB) from 127.0.0.1 in {:.2} s",
        archive.bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let hash = &archive.sha256[..64];
    assert!(
        stderr(&out).contains(&format!("sha256 {hash}")),
        "{}",
        stderr(&out)
    );
    let runs = ok(Command::new(dir.join("opsbook")).arg("--version"));
    let printed = String::from_utf8_lossy(&runs.stdout);
    assert!(
        printed.starts_with(&format!("opsbook {VERSION} (")),
        "{printed}"
    );
    let on_path = fs::read_to_string(&github_path).expect("read GITHUB_PATH");
    assert_eq!(on_path, format!("{}\n", dir.display()));

    // `latest` is the tag GitHub's /releases/latest redirects to; `plan` prints what
    // the action caches: the version, the target and the folder.
    let plan = ok(bash("install.sh")
        .arg("plan")
        .env("OPSBOOK_VERSION", "latest")
        .env("OPSBOOK_BASE_URL", &good)
        .env("RUNNER_TOOL_CACHE", tmp.path().join("runner")));
    let plan = plan_of(&plan);
    assert_eq!(plan["version"], VERSION);
    assert_eq!(plan["target"], archive.target);
    let cached = tmp
        .path()
        .join(format!("runner/opsbook/{VERSION}/{}", archive.target));
    assert_eq!(plan["dir"], cached.display().to_string());

    // A checksum that does not match: exit 1, a clear error, nothing installed.
    let bad_dir = tmp.path().join("bad");
    let out = bash("install.sh")
        .arg("install")
        .env("OPSBOOK_VERSION", &tag)
        .env(
            "OPSBOOK_BASE_URL",
            format!("{server}/bad/releases/download"),
        )
        .env("OPSBOOK_INSTALL_DIR", &bad_dir)
        .output()
        .expect("run bash");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let refusal = format!("error: checksum mismatch for {name}: nothing was installed");
    assert!(err.contains(&refusal), "{err}");
    assert!(err.contains(&format!("downloaded file:  {hash}")), "{err}");
    assert!(
        !bad_dir.exists(),
        "a refused download left {}",
        bad_dir.display()
    );
}

/// The repository's own workflows pass actionlint: the release, CI and docs ones (the
/// workflow `opsbook init` writes has its own test in site.rs). release.yml's last job
/// runs action.yml (`uses: ./`), so this lints the action's use too.
#[test]
fn repository_workflows_pass_actionlint() {
    let dir = repo().join(".github/workflows");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("read .github/workflows")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    let names: Vec<_> = files.iter().filter_map(|f| f.file_name()).collect();
    assert_eq!(names, ["ci.yml", "docs.yml", "release.yml"]);
    if let Some(findings) = actionlint("the actionlint check of .github/workflows", &files) {
        assert_eq!(findings, "", "actionlint");
    }
}

/// action.yml is a composite action with the inputs the guide documents; its steps run
/// scripts/install.sh (`plan`, then `install` unless actions/cache restored the
/// binary), so what the tests run is what GitHub runs.
#[test]
fn action_runs_the_install_script() {
    let text = fs::read_to_string(repo().join("action.yml")).expect("read action.yml");
    let action: serde_json::Value = serde_saphyr::from_str(&text).expect("action.yml is YAML");
    let inputs: Vec<_> = action["inputs"]
        .as_object()
        .expect("inputs")
        .keys()
        .collect();
    assert_eq!(inputs, ["base-url", "version"]);
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for mode in ["plan", "install"] {
        let call = format!("bash \"$GITHUB_ACTION_PATH/scripts/install.sh\" {mode}");
        assert!(
            runs.iter().any(|r| r.starts_with(&call)),
            "no step runs `{call}`"
        );
    }
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    let key = cache["with"]["key"].as_str().expect("a cache key");
    assert!(key.contains("steps.plan.outputs.version"), "{key}");
    assert!(key.contains("steps.plan.outputs.target"), "{key}");
}

/// `cargo package --list`: what `cargo publish` uploads holds the code, the theme and
/// the diagram script it embeds and the files `opsbook init` writes, and nothing
/// test-only; one binary.
#[test]
fn crates_io_package_holds_the_theme_and_nothing_test_only() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = ok(Command::new(cargo)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--offline",
            "--locked",
        ])
        .args(["--package", "opsbook"])
        .current_dir(repo()));
    let list = String::from_utf8_lossy(&out.stdout);
    let files: Vec<&str> = list.lines().collect();
    for needed in [
        "Cargo.lock",
        "LICENSE",
        "README.md",
        "build.rs",
        "src/main.rs",
        "src/init/github/workflows/pages.yml",
        "themes/default/templates/page.html",
        "themes/default/static/css/base.css",
        "vendor/mermaid/mermaid.min.js.gz",
        "vendor/mermaid/LICENSE",
    ] {
        assert!(files.contains(&needed), "the package lacks {needed}");
    }
    let test_only = |f: &&str| {
        [
            "tests/", "bench/", "content/", "docs/", "scripts/", ".github/", ".ci/", "proptest",
        ]
        .iter()
        .any(|dir| f.starts_with(dir))
            || f.ends_with(".snap")
            || f.ends_with("tests.rs")
    };
    let wrong: Vec<_> = files.iter().copied().filter(test_only).collect();
    assert!(
        wrong.is_empty(),
        "test-only files in the package: {wrong:?}"
    );
    let manifest: toml::Table = fs::read_to_string(repo().join("Cargo.toml"))
        .expect("read Cargo.toml")
        .parse()
        .expect("Cargo.toml is TOML");
    let bins = manifest["bin"].as_array().expect("[[bin]]");
    assert_eq!(bins.len(), 1, "`cargo install opsbook` installs one binary");
    assert_eq!(bins[0]["name"].as_str(), Some("opsbook"));
    assert!(
        !repo().join("src/bin").exists(),
        "src/bin/ would add binaries"
    );
}

/// The GitHub repository is `OPSBOOK_REPO` everywhere: Cargo.toml's links, every
/// `OWNER/opsbook@v…` and `github.com/OWNER/opsbook` in the docs, the action and the
/// workflows; cargo-binstall's URL is the archive install.sh downloads.
#[test]
fn the_repository_is_named_the_same_everywhere() {
    let manifest: toml::Table = fs::read_to_string(repo().join("Cargo.toml"))
        .expect("read Cargo.toml")
        .parse()
        .expect("Cargo.toml is TOML");
    let package = &manifest["package"];
    let url = format!("https://github.com/{OPSBOOK_REPO}");
    assert_eq!(package["repository"].as_str(), Some(url.as_str()));
    assert_eq!(package["homepage"].as_str(), Some(url.as_str()));
    let (owner, name) = OPSBOOK_REPO.split_once('/').expect("owner/name");
    let site = format!("https://{owner}.github.io/{name}/");
    assert_eq!(package["documentation"].as_str(), Some(site.as_str()));

    let mut files = vec![repo().join("README.md"), repo().join("action.yml")];
    for dir in ["content", ".github/workflows"] {
        for entry in walkdir::WalkDir::new(repo().join(dir)).sort_by_file_name() {
            let entry = entry.expect("walk");
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
    }
    let named =
        regex::Regex::new(r"([\w.-]+/opsbook)@v(\d+\.\d+\.\d+)?|github\.com/([\w.-]+/opsbook)\b")
            .expect("a regex");
    let mut seen = 0;
    for file in &files {
        let text = fs::read_to_string(file).expect("read a file");
        for caps in named.captures_iter(&text) {
            let repo_named = caps.get(1).or(caps.get(3)).expect("a group").as_str();
            assert_eq!(repo_named, OPSBOOK_REPO, "in {}", file.display());
            if let Some(version) = caps.get(2) {
                let at = file.display();
                assert_eq!(version.as_str(), VERSION, "{at} names another release");
            }
            seen += 1;
        }
    }
    assert!(seen >= 3, "the docs never name the repository");

    let binstall = &package["metadata"]["binstall"];
    let target = "x86_64-unknown-linux-musl";
    let pkg_url = binstall["pkg-url"]
        .as_str()
        .expect("pkg-url")
        .replace("{ repo }", &url)
        .replace("{ name }", "opsbook")
        .replace("{ version }", VERSION)
        .replace("{ target }", target)
        .replace("{ archive-suffix }", ".tar.gz");
    let archive = format!("opsbook-v{VERSION}-{target}");
    let expected = format!("{url}/releases/download/v{VERSION}/{archive}.tar.gz");
    assert_eq!(pkg_url, expected);
    let bin_dir = binstall["bin-dir"].as_str().expect("bin-dir");
    let bin_dir = bin_dir
        .replace("{ name }", "opsbook")
        .replace("{ version }", VERSION)
        .replace("{ target }", target)
        .replace("{ bin }", "opsbook")
        .replace("{ binary-ext }", "");
    assert_eq!(bin_dir, format!("{archive}/opsbook"));
}
