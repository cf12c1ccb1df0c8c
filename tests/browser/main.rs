//! Browser tests: the checklist script in real headless Chromium, driven through
//! chromedriver with fantoccini, against a fixture book built with `opsbook::build` and
//! served from memory on 127.0.0.1 (not `file://`: localStorage is per origin).
//! One browser session, the steps in order, inside one `#[test]`. Skipped with a loud
//! line when chromium or chromedriver is missing; a failure under `CI=true`.

mod search;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use serde_json::{Value, json};

mod serve;
mod versions;

const RUNBOOK: &str = "---
environments: [staging, production]
---
# Deploy the API

- [ ] Announce the window {#announce}

## Phase 1: Prepare

- [x] Freeze merges {#freeze}
- [ ] Back up the database {#backup}
- [ ] Warm the production cache {#warm env=production}

## Phase 2: Ship

- [ ] Deploy the build {#ship}
- [ ] Enable HSTS {#hsts}
";

const TEAM_STATE: &str = "hsts:
  done: true
  by: alice
  at: 2026-11-24T12:00:00Z
  note: \"<script>window.pwned = 1</script><b>bold</b> PR 412\"
";

/// Writes to stderr past libtest's output capture (which only sees `eprintln!`), so the
/// line shows in a plain `cargo test` too.
fn loud(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Where chromium and chromedriver are, if both are installed.
struct Chromium {
    browser: PathBuf,
    driver: PathBuf,
}

impl Chromium {
    fn on_path() -> Option<Chromium> {
        let find = |names: &[&str]| {
            let path = env::var_os("PATH")?;
            env::split_paths(&path)
                .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
                .find(|p| p.is_file())
        };
        Some(Chromium {
            browser: find(&["chromium", "chromium-browser"])?,
            driver: find(&["chromedriver"])?,
        })
    }
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The fixture book, built; returns the site's files.
fn build_fixture(root: &Path) -> BTreeMap<String, opsbook::render::site::Bytes> {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "book.toml",
        "[book]\ntitle = \"Browser fixture\"\n\n[environments]\nnames = [\"development\", \"staging\", \"production\"]\n",
    );
    write("content/deploy.md", RUNBOOK);
    write("state/production.yaml", TEAM_STATE);
    let build = opsbook::build(root, &opsbook::BuildOptions::default()).expect("build runs");
    assert!(!build.diagnostics.has_errors(), "{:?}", build.diagnostics);
    build.site.expect("a site").files
}

/// Serves `files` on 127.0.0.1 from a thread; returns the base URL.
fn serve(files: BTreeMap<String, opsbook::render::site::Bytes>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let files = Arc::clone(&files);
            std::thread::spawn(move || respond(stream, &files));
        }
    });
    base
}

/// Reads an HTTP request up to its blank line; returns the request line.
fn read_request_line(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    Some(line)
}

fn respond(mut stream: TcpStream, files: &BTreeMap<String, opsbook::render::site::Bytes>) {
    let Some(line) = read_request_line(&mut stream) else {
        return;
    };
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    let (status, body) = match files.get(&path) {
        Some(b) => ("200 OK", b.as_slice()),
        None => ("404 Not Found", b"not found".as_slice()),
    };
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Starts chromedriver on a free port and waits for its "started" line.
fn start_driver(driver: &Path) -> (Killed, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = out.read_line(&mut line).expect("read chromedriver output");
        seen.push_str(&line);
        assert!(n > 0, "chromedriver exited:\n{seen}");
        if line.contains("started successfully") {
            break;
        }
    }
    std::thread::spawn(move || {
        let _ = out.read_to_end(&mut Vec::new());
    });
    (Killed(child), format!("http://127.0.0.1:{port}"))
}

async fn connect(browser: &Path, driver_url: &str, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        // The theme scrolls smoothly unless the reader prefers less motion; clicks need
        // the element where it will stay.
        "--force-prefers-reduced-motion",
        &format!("--user-data-dir={}", profile.display()),
    ];
    let caps = json!({ "goog:chromeOptions": { "binary": browser, "args": args } });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::rustls()
        .expect("rustls")
        .capabilities(caps)
        .connect(driver_url)
        .await
        .expect("connect to chromedriver")
}

/// The browser, the site's base URL, and short-hands for waiting and asking.
struct Ui {
    c: Client,
    base: String,
}

impl Ui {
    async fn open(&self, page: &str) {
        self.c.goto(&format!("{}{page}", self.base)).await.unwrap();
        self.wait("html.js #env-select option").await;
    }

    /// Waits (up to 5 s) for an element matching `css`.
    async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}`: {e}"))
    }

    /// Scrolls the element to the middle of the window, then clicks it like a user.
    async fn click(&self, css: &str) {
        let el = self.wait(css).await;
        let arg = serde_json::to_value(&el).unwrap();
        self.c
            .execute(
                "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
                vec![arg],
            )
            .await
            .unwrap();
        if let Err(e) = el.click().await {
            let at = self
                .js(&format!(
                    "var r = document.querySelector({css:?}).getBoundingClientRect(); return [r.x, r.y, window.scrollY, window.innerHeight]"
                ))
                .await;
            panic!("click `{css}` at [x, y, scrollY, innerHeight] = {at}: {e}");
        }
    }

    async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.expect(script)
    }

    async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap()
    }

    async fn cell(&self, env: &str, p: &str) -> (String, String) {
        let td = format!("#ck-board td[data-env=\"{env}\"][data-p=\"{p}\"]");
        let num = self.text(&format!("{td} .cell-num")).await;
        let width = self
            .js(&format!(
                "return document.querySelector('{td} .bar-fill').style.width"
            ))
            .await;
        (num, width.as_str().unwrap_or("").to_string())
    }

    async fn select_env(&self, env: &str) {
        let sel = self.wait("#env-select").await;
        sel.select_by_value(env).await.unwrap();
        self.wait(&format!("#ck-board th.env-current[data-env=\"{env}\"]"))
            .await;
    }

    async fn import(&self, dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        let input = self.wait("#ck-import").await;
        input.send_keys(&path.display().to_string()).await.unwrap();
        self.wait("#ck-report ul").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checklist_works_in_a_real_browser() {
    let Some(chromium) = Chromium::on_path() else {
        assert_ne!(
            env::var("CI").as_deref(),
            Ok("true"),
            "CI needs chromium + chromium-driver"
        );
        loud("\n*** SKIPPED browser tests: chromium or chromedriver not found ***\n");
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    let base = serve(build_fixture(&root));
    let (_driver, driver_url) = start_driver(&chromium.driver);
    let c = connect(&chromium.browser, &driver_url, &tmp.path().join("profile")).await;
    c.set_window_size(1280, 1000).await.unwrap();
    let ui = Ui { c, base };
    let steps = async {
        defaults_and_team_state(&ui).await;
        tick_updates_progress_and_survives_reload(&ui).await;
        environments_keep_their_own_ticks(&ui).await;
        export_reset_import_round_trip(&ui, tmp.path()).await;
        imported_markup_stays_text(&ui, tmp.path()).await;
        space_ticks_a_focused_box(&ui).await;
        dashboard_adds_reader_ticks(&ui).await;
    };
    steps.await;
    ui.c.close().await.unwrap();
    loud(&format!("browser tests took {:?}\n", started.elapsed()));
}

/// Default environment = the runbook's first; the team's note is text, with and
/// without the script.
async fn defaults_and_team_state(ui: &Ui) {
    ui.open("deploy.html").await;
    let env = ui
        .js("return document.getElementById('env-select').value")
        .await;
    assert_eq!(env, "staging");
    assert_eq!(
        ui.cell("staging", "all").await,
        ("1/5".into(), "20%".into())
    );
    assert!(
        ui.text("#ck-summary")
            .await
            .starts_with("staging: 1 of 5 items done"),
        "summary"
    );
    assert_eq!(ui.text("li#warm > .task-badge").await, "not in staging");
    assert_eq!(ui.text("li#freeze > .task-badge").await, "done in source");
    let note = ui
        .js("return document.querySelector('#ck-team .team-note').textContent")
        .await;
    assert_eq!(note, "<script>window.pwned = 1</script><b>bold</b> PR 412");
    let phases = ui
        .js("return document.querySelectorAll('.phase-progress').length")
        .await;
    assert_eq!(phases, 3, "leading phase, Phase 1, Phase 2");
}

async fn tick_updates_progress_and_survives_reload(ui: &Ui) {
    ui.js("window.calls = []; window.opsbookServe = { tick: function (e, i, d) { window.calls.push([e, i, d]); } }")
        .await;
    ui.click("[id=\"backup\"] label").await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
    assert_eq!(
        ui.cell("staging", "all").await,
        ("2/5".into(), "40%".into())
    );
    let p1 = ui
        .js("return document.querySelector('tr[data-p]:nth-child(2)').getAttribute('data-p')")
        .await;
    let p1 = p1.as_str().unwrap().to_string();
    assert_eq!(ui.cell("staging", &p1).await, ("2/2".into(), "100%".into()));
    assert_eq!(
        ui.cell("production", "all").await,
        ("2/6".into(), "33%".into()),
        "production untouched"
    );
    assert_eq!(ui.text("li#backup > .task-badge").await, "your tick");
    assert!(
        ui.text(".phase-progress .phase-num")
            .await
            .contains("done in staging")
    );
    assert_eq!(
        ui.js("return window.calls").await,
        json!([["staging", "backup", true]])
    );
    ui.c.refresh().await.unwrap();
    ui.wait("html.js li#backup[data-ck=\"reader\"]").await;
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        true
    );
    assert_eq!(ui.cell("staging", "all").await.0, "2/5");
}

async fn environments_keep_their_own_ticks(ui: &Ui) {
    ui.select_env("production").await;
    ui.wait("li#backup[data-ck=\"open\"]").await;
    ui.wait("li#warm[data-ck=\"open\"]").await;
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        false
    );
    assert_eq!(
        ui.text("li#hsts > .task-badge").await,
        "by alice \u{b7} 2026-11-24 \u{b7} <script>window.pwned = 1</script><b>bold</b> PR 412"
    );
    let elements = ui
        .js("return document.querySelectorAll('li#hsts script, li#hsts b').length + String(window.pwned)")
        .await;
    assert_eq!(
        elements, "0undefined",
        "the team note made no element and ran nothing"
    );
    ui.c.refresh().await.unwrap();
    ui.wait("html.js #ck-board th.env-current[data-env=\"production\"]")
        .await;
    assert_eq!(
        ui.js("return document.getElementById('env-select').value")
            .await,
        "production",
        "remembered"
    );
    ui.select_env("staging").await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
}

async fn export_reset_import_round_trip(ui: &Ui, dir: &Path) {
    ui.js("localStorage.setItem('opsbook:browser-fixture:by', 'carol')")
        .await;
    let text = ui.js("return window.opsbookChecklist.exportText()").await;
    let text = text.as_str().expect("export text").to_string();
    assert!(
        text.contains("backup:\n  done: true\n  by: carol\n  at: \""),
        "{text}"
    );
    let mut diags = opsbook::base::diag::Diagnostics::new();
    let path = opsbook::base::path::RelPath::new("state/staging.yaml");
    let state = opsbook::parse::state::parse(&text, &path, "staging", &mut diags);
    assert!(diags.is_empty(), "{diags:?}\n{text}");
    assert_eq!(state.entries.keys().collect::<Vec<_>>(), ["backup"]);
    assert_eq!(state.entries["backup"].by.as_deref(), Some("carol"));

    ui.click(".ck-toggle").await;
    ui.click("[data-ck=\"reset\"]").await;
    ui.c.accept_alert().await.unwrap();
    ui.wait("li#backup[data-ck=\"open\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "1/5");
    assert_eq!(
        ui.js("return document.getElementById('backup').querySelector('.task-box').checked")
            .await,
        false
    );

    ui.import(dir, "staging.yaml", &text).await;
    ui.wait("li#backup[data-ck=\"reader\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "2/5");
    assert!(
        ui.text("#ck-report p")
            .await
            .starts_with("Imported 1, skipped 0")
    );
    assert_eq!(
        ui.text("li#backup > .task-badge").await,
        "your tick \u{b7} by carol"
    );
}

async fn imported_markup_stays_text(ui: &Ui, dir: &Path) {
    let evil = "# a comment\nship:\n  done: true\n  by: eve\n  note: \"<script>window.pwned = 2</script><img src=x onerror=\\\"window.pwned = 3\\\">\"\nnope:\n  done: true\nwarm:\n  done: true\nhsts:\n  done: maybe\n__proto__:\n  done: true\n";
    ui.import(dir, "evil.yaml", evil).await;
    ui.wait("li#ship[data-ck=\"reader\"]").await;
    let note = "<script>window.pwned = 2</script><img src=x onerror=\"window.pwned = 3\">";
    assert_eq!(
        ui.text("li#ship > .task-badge").await,
        format!("your tick \u{b7} by eve \u{b7} {note}")
    );
    let report = ui
        .js("return document.getElementById('ck-report').textContent")
        .await;
    let report = report.as_str().unwrap();
    assert!(report.contains("Imported 1, skipped 4"), "{report}");
    assert!(report.contains("unknown item id __proto__"), "{report}");
    assert!(report.contains("unknown item id nope"), "{report}");
    assert!(report.contains("warm is not in staging"), "{report}");
    assert!(
        report.contains("hsts: done must be true or false"),
        "{report}"
    );
    let made = ui
        .js("return document.querySelectorAll('main script:not(#opsbook-data), main img').length + String(window.pwned)")
        .await;
    assert_eq!(
        made, "0undefined",
        "nothing from the file became an element"
    );
}

async fn space_ticks_a_focused_box(ui: &Ui) {
    ui.js("document.getElementById('hsts').querySelector('.task-box').focus()")
        .await;
    let active = ui.c.active_element().await.unwrap();
    assert_eq!(
        active.attr("class").await.unwrap().as_deref(),
        Some("task-box"),
        "the box has the focus"
    );
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"reader\"]").await;
    assert_eq!(ui.cell("staging", "all").await.0, "4/5");
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"open\"]").await;
    active.send_keys(&Key::Space.to_string()).await.unwrap();
    ui.wait("li#hsts[data-ck=\"reader\"]").await;
}

async fn dashboard_adds_reader_ticks(ui: &Ui) {
    ui.open("index.html").await;
    let cell = |env: &str| {
        format!("#dashboard tr[data-runbook=\"deploy\"] td[data-env=\"{env}\"] .cell-num")
    };
    assert_eq!(
        ui.text(&cell("staging")).await,
        "4/5",
        "freeze + backup, ship, hsts"
    );
    assert_eq!(ui.text(&cell("production")).await, "2/6");
    assert_eq!(ui.text(&cell("development")).await, "\u{2013}");
    // A reader's tick the team has committed since (hsts, done in production's state
    // file) is not counted twice, and is dropped.
    let key = "opsbook:browser-fixture:tick:main:production:hsts";
    ui.js(&format!(
        "localStorage.setItem('{key}', JSON.stringify({{r: 'deploy'}})); return null"
    ))
    .await;
    ui.open("index.html").await;
    assert_eq!(ui.text(&cell("production")).await, "2/6", "not 3/6");
    let kept = ui
        .js(&format!("return localStorage.getItem('{key}')"))
        .await;
    assert!(kept.is_null(), "{kept:?}");
    assert!(
        ui.text("#ck-summary")
            .await
            .starts_with("staging: 4 of 5 items done (80%), 3 of them your ticks"),
        "{}",
        ui.text("#ck-summary").await
    );
}
