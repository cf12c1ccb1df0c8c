//! `opsbook serve`: the router without a socket (`tower::ServiceExt::oneshot`): content
//! types, traversal, 404, overlay and token injection, every write-back refusal, 200
//! concurrent ticks; then the real binary end to end (`serve -p 0`: GET, edit, the
//! reload message, the new text, Ctrl-C) and a port in use.

use std::collections::BTreeSet;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use opsbook::base::diag::Diagnostics;
use opsbook::base::path::RelPath;
use opsbook::serve::engine::{Engine, Outcome};
use opsbook::serve::overlay::overlay_html;
use opsbook::serve::writeback::Writer;
use opsbook::serve::{AppState, Guard, Live, router};
use tokio::sync::mpsc;
use tower::ServiceExt as _;

use crate::harness::BookTest;

pub(crate) const HOST: &str = "127.0.0.1:3000";
pub(crate) const ORIGIN: &str = "http://127.0.0.1:3000";

fn sample_book() -> BookTest {
    let mut book = BookTest::empty();
    book.write("book.toml", "[book]\ntitle = \"Serve test\"\n")
        .write("content/index.md", "# Home\n\nWelcome.\n")
        .write(
            "content/ops/deploy.md",
            "# Deploy\n\n## Phase 1\n\n- [ ] Run migrations {#run-migrations}\n- [ ] Flip traffic {#flip}\n- [ ] Warm the CDN {#prod-only env=production}\n",
        )
        .write("content/ops/index.md", "# Ops\n")
        .write("content/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    book
}

/// The router over the book at `root`, with a real writer thread.
pub(crate) fn app(root: &Path) -> (Arc<AppState>, tokio::task::JoinHandle<()>) {
    let (engine, outcome) = Engine::load(root).unwrap();
    assert!(
        matches!(outcome, Outcome::Built(_)),
        "{:?}",
        engine.diagnostics()
    );
    let live = Live::from_site(engine.site(), &engine);
    let (tx, rx) = mpsc::channel(1024);
    let guard = Guard::new(3000, None).unwrap();
    let (rebuild, _) = std::sync::mpsc::channel::<BTreeSet<opsbook::serve::engine::Change>>();
    let writer = Writer {
        root: root.to_path_buf(),
        by: Some("tester".into()),
        rebuild,
    };
    let handle = tokio::task::spawn_blocking(move || writer.run(rx));
    (Arc::new(AppState::new(live, tx, guard)), handle)
}

/// The router's response to a GET of `uri` with `host` as the `Host`.
async fn send(app: &Arc<AppState>, uri: &str, host: &str) -> axum::response::Response {
    let req = Request::builder()
        .uri(uri)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap();
    router(Arc::clone(app)).oneshot(req).await.unwrap()
}

/// Status and the two anti-framing headers of a GET with `host` as the `Host`.
async fn get_with_host(app: &Arc<AppState>, uri: &str, host: &str) -> (StatusCode, String, String) {
    let res = send(app, uri, host).await;
    let h = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (csp, xfo) = (h("content-security-policy"), h("x-frame-options"));
    (res.status(), csp, xfo)
}

#[tokio::test]
async fn every_request_must_name_this_server_and_no_page_can_be_framed() {
    let book = sample_book();
    let (app, _writer) = app(book.root());
    for uri in [
        "/",
        "/ops/deploy.html",
        "/search/manifest.json",
        "/_opsbook/events",
        "/_opsbook/live.js",
    ] {
        let (status, csp, xfo) = get_with_host(&app, uri, "attacker.example:3000").await;
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{uri}");
        assert_eq!(
            (csp.as_str(), xfo.as_str()),
            ("frame-ancestors 'self'", "SAMEORIGIN")
        );
    }
    let (status, csp, xfo) = get_with_host(&app, "/ops/deploy.html", HOST).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (csp.as_str(), xfo.as_str()),
        ("frame-ancestors 'self'", "SAMEORIGIN")
    );
}

async fn get(app: &Arc<AppState>, uri: &str) -> (StatusCode, String, String) {
    let res = send(app, uri, HOST).await;
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, ctype, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn serves_pages_with_content_types_and_index_for_folders() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let (s, t, body) = get(&app, "/").await;
    assert_eq!(
        (s, t.as_str()),
        (StatusCode::OK, "text/html; charset=utf-8")
    );
    assert!(body.contains("Welcome."));
    let (s, _, body) = get(&app, "/ops/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.contains("<h1"), "{body}");
    let (s, _, _) = get(&app, "/ops").await;
    assert_eq!(s, StatusCode::PERMANENT_REDIRECT);
    for (uri, ctype) in [
        ("/ops/deploy.html", "text/html; charset=utf-8"),
        ("/toc.js", "text/javascript; charset=utf-8"),
        ("/static/highlight.css", "text/css; charset=utf-8"),
        ("/logo.svg", "image/svg+xml"),
        ("/_opsbook/live.js", "text/javascript; charset=utf-8"),
    ] {
        let (s, t, _) = get(&app, uri).await;
        assert_eq!((s, t.as_str()), (StatusCode::OK, ctype), "{uri}");
    }
}

#[tokio::test]
async fn unknown_paths_get_the_site_404_page() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let (s, t, body) = get(&app, "/nope.html").await;
    assert_eq!(
        (s, t.as_str()),
        (StatusCode::NOT_FOUND, "text/html; charset=utf-8")
    );
    let site_404 = std::str::from_utf8(
        app.current()
            .files
            .get("404.html")
            .expect("404.html is served"),
    )
    .unwrap()
    .to_string();
    let title = site_404
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(body.contains(title), "{body}");
}

#[tokio::test]
async fn traversal_attempts_are_refused() {
    let book = sample_book();
    book_secret(&book);
    let (app, _) = app(book.root());
    for uri in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/ops/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/ops%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
    ] {
        let (s, _, body) = get(&app, uri).await;
        assert!(
            s == StatusCode::BAD_REQUEST || s == StatusCode::NOT_FOUND,
            "{uri}: {s}"
        );
        assert!(!body.contains("TOP SECRET"), "{uri}");
    }
}

fn book_secret(book: &BookTest) {
    let outside = book.root().parent().unwrap().join("secret.txt");
    std::fs::write(outside, "TOP SECRET").unwrap();
}

#[tokio::test]
async fn pages_carry_the_token_and_the_overlay_while_broken() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let token = app.guard.token.clone();
    let (_, _, body) = get(&app, "/ops/deploy.html").await;
    assert!(body.contains(&format!(
        "<meta name=\"opsbook-serve-token\" content=\"{token}\">"
    )));
    assert!(body.contains(
        "<script src=\"/_opsbook/live.js\" defer></script><script src=\"/_opsbook/runs.js\" defer></script></head>"
    ));
    assert!(!body.contains("opsbook-overlay"));

    let mut diags = Diagnostics::new();
    diags.push(
        opsbook::base::diag::Diagnostic::error(
            opsbook::base::diag::Code::FrontMatter,
            RelPath::new("content/ops/deploy.md"),
            "bad <b>value</b>",
        )
        .at_line(2, 8)
        .with_hint("quote it"),
    );
    app.swap(app.current().failed(overlay_html(&diags)));
    let (s, _, body) = get(&app, "/ops/deploy.html").await;
    assert_eq!(s, StatusCode::OK, "the last good page is still served");
    assert!(body.contains("Run migrations"));
    assert!(body.contains("id=\"opsbook-overlay\""));
    assert!(body.contains("content/ops/deploy.md:2:8"));
    assert!(body.contains("bad &lt;b&gt;value&lt;/b&gt;") && body.contains("hint: quote it"));
}

#[tokio::test]
async fn the_event_stream_refuses_a_foreign_origin() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let req = Request::builder()
        .uri("/_opsbook/events")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::empty())
        .unwrap();
    let res = router(Arc::clone(&app)).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let req = Request::builder()
        .uri("/_opsbook/events")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .body(Body::empty())
        .unwrap();
    let res = router(Arc::clone(&app)).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
}

#[tokio::test]
async fn a_foreign_host_gets_no_page_and_no_token() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let req = Request::builder()
        .uri("/")
        .header(header::HOST, "evil.example:3000")
        .body(Body::empty())
        .unwrap();
    let res = router(Arc::clone(&app)).oneshot(req).await.unwrap();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = String::from_utf8_lossy(&body);
    assert!(!body.contains(&app.guard.token));
    assert!(body.starts_with("refused: unknown Host"), "{body}");
}

/// A tick request that passes every check; tests spoil one part at a time.
struct Tick {
    peer: Option<[u8; 4]>,
    host: Option<&'static str>,
    origin: Option<&'static str>,
    ctype: Option<&'static str>,
    token: Option<String>,
    body: String,
}

impl Tick {
    fn good(app: &AppState, id: &str) -> Tick {
        Tick {
            peer: Some([127, 0, 0, 1]),
            host: Some(HOST),
            origin: Some(ORIGIN),
            ctype: Some("application/json"),
            token: Some(app.guard.token.clone()),
            body: format!(r#"{{"env":"staging","id":"{id}","done":true,"note":null}}"#),
        }
    }

    async fn send(self, app: &Arc<AppState>) -> (StatusCode, String) {
        let mut req = Request::builder().method("POST").uri("/_opsbook/tick");
        for (name, value) in [
            (header::HOST.as_str(), self.host),
            (header::ORIGIN.as_str(), self.origin),
            (header::CONTENT_TYPE.as_str(), self.ctype),
            ("x-opsbook-token", self.token.as_deref()),
        ] {
            if let Some(v) = value {
                req = req.header(name, v);
            }
        }
        if let Some(ip) = self.peer {
            req = req.extension(ConnectInfo(SocketAddr::from((ip, 50_000))));
        }
        let res = router(Arc::clone(app))
            .oneshot(req.body(Body::from(self.body)).unwrap())
            .await
            .unwrap();
        assert!(res.headers().get("access-control-allow-origin").is_none());
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}

/// One change that makes a good tick bad.
type Spoil = Box<dyn Fn(&mut Tick)>;

fn state_text(book: &BookTest) -> Option<String> {
    std::fs::read_to_string(book.root().join("state/staging.yaml")).ok()
}

#[tokio::test]
async fn a_tick_goes_into_an_existing_yml_state_file() {
    let mut book = sample_book();
    book.write("state/staging.yml", "# the team's file\n");
    let (app, _) = app(book.root());
    let (s, body) = Tick::good(&app, "flip").send(&app).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(state_text(&book), None, "no second file for staging");
    let yml = std::fs::read_to_string(book.root().join("state/staging.yml")).unwrap();
    assert!(
        yml.starts_with("# the team's file\n") && yml.contains("flip:"),
        "{yml}"
    );
}

#[tokio::test]
async fn a_good_tick_is_written_to_the_state_file() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let (s, body) = Tick::good(&app, "run-migrations").send(&app).await;
    assert_eq!((s, body.as_str()), (StatusCode::OK, "{\"ok\":true}"));
    let text = state_text(&book).unwrap();
    assert!(
        text.contains("run-migrations:\n  done: true\n  by: tester\n"),
        "{text}"
    );
    let mut untick = Tick::good(&app, "run-migrations");
    untick.body = r#"{"env":"staging","id":"run-migrations","done":false}"#.into();
    assert_eq!(untick.send(&app).await.0, StatusCode::OK);
    assert!(!state_text(&book).unwrap().contains("run-migrations"));
}

#[tokio::test]
async fn every_write_back_refusal() {
    let book = sample_book();
    let (app, _) = app(book.root());
    let big = format!(
        r#"{{"env":"staging","id":"flip","done":true,"note":"{}"}}"#,
        "x".repeat(5000)
    );
    let cases: Vec<(&str, Spoil, StatusCode)> = vec![
        (
            "foreign peer",
            Box::new(|t| t.peer = Some([192, 168, 1, 9])),
            StatusCode::FORBIDDEN,
        ),
        (
            "no peer",
            Box::new(|t| t.peer = None),
            StatusCode::FORBIDDEN,
        ),
        (
            "wrong Host",
            Box::new(|t| t.host = Some("evil.example:3000")),
            StatusCode::MISDIRECTED_REQUEST,
        ),
        (
            "Host without port",
            Box::new(|t| t.host = Some("127.0.0.1")),
            StatusCode::MISDIRECTED_REQUEST,
        ),
        (
            "foreign Origin",
            Box::new(|t| t.origin = Some("http://evil.example")),
            StatusCode::FORBIDDEN,
        ),
        (
            "other port Origin",
            Box::new(|t| t.origin = Some("http://127.0.0.1:3001")),
            StatusCode::FORBIDDEN,
        ),
        (
            "null Origin",
            Box::new(|t| t.origin = Some("null")),
            StatusCode::FORBIDDEN,
        ),
        (
            "missing Origin",
            Box::new(|t| t.origin = None),
            StatusCode::FORBIDDEN,
        ),
        (
            "form post",
            Box::new(|t| t.ctype = Some("application/x-www-form-urlencoded")),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "text/plain",
            Box::new(|t| t.ctype = Some("text/plain")),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "no content type",
            Box::new(|t| t.ctype = None),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "missing token",
            Box::new(|t| t.token = None),
            StatusCode::FORBIDDEN,
        ),
        (
            "wrong token",
            Box::new(|t| t.token = Some("0".repeat(32))),
            StatusCode::FORBIDDEN,
        ),
        (
            "oversized body",
            Box::new(move |t| t.body = big.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "not JSON",
            Box::new(|t| t.body = "env=staging".into()),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a path in the body",
            Box::new(|t| {
                t.body = r#"{"env":"staging","id":"flip","done":true,"file":"../x"}"#.into()
            }),
            StatusCode::BAD_REQUEST,
        ),
        (
            "unknown environment",
            Box::new(|t| t.body = r#"{"env":"../etc","id":"flip","done":true}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown id",
            Box::new(|t| t.body = r#"{"env":"staging","id":"nope","done":true}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "an environment the item does not apply to",
            Box::new(|t| t.body = r#"{"env":"staging","id":"prod-only","done":true}"#.into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (name, spoil, want) in cases {
        let mut tick = Tick::good(&app, "flip");
        spoil(&mut tick);
        let (status, body) = tick.send(&app).await;
        assert_eq!(status, want, "{name}: {body}");
        assert!(body.starts_with("refused: "), "{name}: {body}");
    }
    assert_eq!(state_text(&book), None, "no refused tick wrote anything");
    let (_, body) = Tick::good(&app, "prod-only").send(&app).await;
    assert_eq!(
        body,
        "refused: `prod-only` does not apply to staging: it applies to production\n"
    );
    assert_eq!(Tick::good(&app, "flip").send(&app).await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_ticks_are_all_kept() {
    let book = list_book(200);
    let (app, _) = app(book.root());
    tick_pages(&app, 0..200).await;
    let state = staging_state(&book);
    assert_eq!(state.entries.len(), 200);
    assert!(state.entries.values().all(|e| e.done));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn page_ticks_and_cli_ticks_on_one_file_are_all_kept() {
    let book = list_book(280);
    let (app, _) = app(book.root());
    // 80 `opsbook tick` processes, 4 at a time, while 200 page ticks go through serve's
    // writer: both take the state folder's lock, so none may be lost.
    let root = book.root().to_path_buf();
    let cli = std::thread::spawn(move || {
        let mut failed = 0;
        for round in 0..20 {
            let children: Vec<Child> = (0..4)
                .map(|k| {
                    cli_tick(&root, "tick", 200 + round * 4 + k)
                        .args(["--by", "cli"])
                        .spawn()
                        .expect("start opsbook tick")
                })
                .collect();
            for mut child in children {
                failed += usize::from(!child.wait().expect("wait").success());
            }
        }
        failed
    });
    tick_pages(&app, 0..200).await;
    assert_eq!(cli.join().unwrap(), 0, "every CLI tick succeeded");
    let state = staging_state(&book);
    let missing: Vec<usize> = (0..280)
        .filter(|i| !state.entries.contains_key(&format!("step-{i}")))
        .collect();
    assert!(
        missing.is_empty(),
        "ticks acknowledged and lost: {missing:?}"
    );
}

/// `opsbook VERB step-<i> --env staging` (VERB `tick` or `untick`) in the book at `root`,
/// output dropped; `.args` adds `--by` or `--note`.
pub(crate) fn cli_tick(root: &Path, verb: &str, i: usize) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_opsbook"));
    cmd.args([verb, &format!("step-{i}"), "--env", "staging"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// A book whose one page lists `n` items `step-0`…, and a commented staging file.
pub(crate) fn list_book(n: usize) -> BookTest {
    let mut book = BookTest::empty();
    let items: String = (0..n)
        .map(|i| format!("- [ ] Step {i} {{#step-{i}}}\n"))
        .collect();
    book.write("content/list.md", format!("# List\n\n{items}"));
    book.write("state/staging.yaml", "# kept comment\n");
    book
}

/// Ticks `step-<i>` for every `i` of `ids` from the page, all at once; each is answered 200.
async fn tick_pages(app: &Arc<AppState>, ids: std::ops::Range<usize>) {
    let mut tasks = Vec::new();
    for i in ids {
        let app = Arc::clone(app);
        tasks.push(tokio::spawn(async move {
            Tick::good(&app, &format!("step-{i}")).send(&app).await.0
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
}

/// `state/staging.yaml` read back: it kept its first comment and parses cleanly.
pub(crate) fn staging_state(book: &BookTest) -> opsbook::model::EnvState {
    let text = state_text(book).unwrap();
    assert!(text.starts_with("# kept comment\n"));
    let mut diags = Diagnostics::new();
    let state = opsbook::parse::state::parse(
        &text,
        &RelPath::new("state/staging.yaml"),
        "staging",
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:?}");
    state
}

/// `opsbook serve -p 0` on a book; the URL it prints. Its stderr is read all along (a
/// full pipe would stall the server) and kept for `stderr()`. Dropping it kills it
/// with SIGKILL.
pub(crate) struct Server {
    child: Child,
    addr: String,
    stderr: Arc<std::sync::Mutex<String>>,
}

impl Server {
    pub(crate) fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(["serve", "-p", "0"])
            .arg(root)
            .env_remove("OPSBOOK_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        let stderr = Arc::new(std::sync::Mutex::new(String::new()));
        let (pipe, kept) = (child.stderr.take().unwrap(), Arc::clone(&stderr));
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut kept = kept.lock().unwrap();
                kept.push_str(&line);
                kept.push('\n');
            }
        });
        Server {
            child,
            addr,
            stderr,
        }
    }

    /// SIGKILL, now, while other threads may be talking to it.
    pub(crate) fn kill(&self) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-KILL", &pid]).status();
        assert!(killed.is_ok_and(|s| s.success()), "kill -KILL {pid}");
    }

    /// What the server wrote on stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls `page` until it holds `want` (up to 20 s).
    pub(crate) fn wait_until(&self, page: &str, want: &str) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let (status, body) = self.get(page);
            if status == 200 && body.contains(want) {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{page} never held `{want}`: {body}\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends one whole HTTP/1.1 request; the status and the whole answer. An error
    /// when the server is gone or has not answered within 30 s.
    fn request(&self, text: &str) -> std::io::Result<(u16, String)> {
        let mut stream = TcpStream::connect(&self.addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.write_all(text.as_bytes())?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Ok((status, answer))
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        let text = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        self.request(&text).unwrap()
    }

    /// The write-back token, from the home page as the page's script reads it.
    pub(crate) fn token(&self) -> String {
        let (_, page) = self.get("/");
        page.split("name=\"opsbook-serve-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no token in {page}"))
            .to_string()
    }

    /// `POST /_opsbook/tick` as the page's script sends it.
    pub(crate) fn tick(&self, token: &str, body: &str) -> (u16, String) {
        self.try_tick(token, body).unwrap()
    }

    /// `tick`, with an error instead of a panic when the server is gone.
    pub(crate) fn try_tick(&self, token: &str, body: &str) -> std::io::Result<(u16, String)> {
        self.request(&format!(
            "POST /_opsbook/tick HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\n\
             Content-Type: application/json\r\nX-Opsbook-Token: {token}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len(),
            a = self.addr
        ))
    }

    /// An open event stream, read line by line.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "GET /_opsbook/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        reader
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads until a `data:` line containing `needle` (chunked framing lines are skipped).
fn wait_for_event(events: &mut BufReader<TcpStream>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if line.starts_with("data:") && line.contains(needle) {
            return line;
        }
    }
    panic!("no event containing {needle}");
}

#[test]
fn serve_end_to_end_reloads_after_an_edit_and_stops_on_ctrl_c() {
    let book = sample_book();
    let server = Server::start(book.root());
    let (status, page) = server.get("/ops/deploy.html");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Run migrations"));
    let mut events = server.events();
    std::fs::write(
        book.root().join("content/ops/deploy.md"),
        "# Deploy\n\n## Phase 1\n\n- [ ] Run the new migrations {#run-migrations}\n",
    )
    .unwrap();
    let event = wait_for_event(&mut events, "ops/deploy.html");
    assert!(event.contains("\"kind\":\"built\""), "{event}");
    let (_, page) = server.get("/ops/deploy.html");
    assert!(page.contains("Run the new migrations"), "{page}");

    // A tick through the real socket, with the token the page carries.
    let token = server.token();
    let (status, answer) = server.tick(
        &token,
        r#"{"env":"staging","id":"run-migrations","done":true}"#,
    );
    assert_eq!(status, 200, "{answer}");
    let state = std::fs::read_to_string(book.root().join("state/staging.yaml")).unwrap();
    assert!(state.contains("run-migrations:\n  done: true\n"), "{state}");
    let (status, _) = server.tick(
        "wrong",
        r#"{"env":"staging","id":"run-migrations","done":true}"#,
    );
    assert_eq!(status, 403);

    // A mistake: the overlay, the last good page still served; then fixed.
    std::fs::write(
        book.root().join("content/ops/deploy.md"),
        "---\ntitle: [x\n---\n# D\n",
    )
    .unwrap();
    let event = wait_for_event(&mut events, "\"kind\":\"failed\"");
    assert!(event.contains("content/ops/deploy.md:"), "{event}");
    let (_, page) = server.get("/ops/deploy.html");
    assert!(page.contains("Run the new migrations") && page.contains("opsbook-overlay"));

    // Deleting the page: a good build again, and open copies move to the folder's page.
    std::fs::remove_file(book.root().join("content/ops/deploy.md")).unwrap();
    let event = wait_for_event(
        &mut events,
        "\"moved\":{\"ops/deploy.html\":\"ops/index.html\"}",
    );
    assert!(event.contains("\"kind\":\"built\""), "{event}");
    let (status, page) = server.get("/ops/deploy.html");
    assert_eq!(status, 404);
    assert!(
        !page.contains("opsbook-overlay"),
        "the overlay is gone once the book builds"
    );

    let mut server = server;
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status after Ctrl-C: {status}");
            break;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn half_open_connections_are_closed() {
    let book = sample_book();
    let server = Server::start(book.root());
    let token = server.token();
    let started = Instant::now();
    // One sends nothing, one half a head, one a head whose body never comes.
    let silent = TcpStream::connect(&server.addr).unwrap();
    let mut half = TcpStream::connect(&server.addr).unwrap();
    write!(half, "GET / HTTP/1.1\r\nHost: {}\r\nX-Slow", server.addr).unwrap();
    let mut bodiless = TcpStream::connect(&server.addr).unwrap();
    write!(
        bodiless,
        "POST /_opsbook/tick HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\n\
         Content-Type: application/json\r\nX-Opsbook-Token: {token}\r\nContent-Length: 50\r\n\r\n{{",
        a = server.addr
    )
    .unwrap();
    for mut stream in [silent, half] {
        stream
            .set_read_timeout(Some(Duration::from_secs(15)))
            .unwrap();
        let mut rest = Vec::new();
        // The server closes the connection (end of stream, or a reset), not the timeout.
        match stream.read_to_end(&mut rest) {
            Ok(_) => {}
            Err(e) => assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "still open"),
        }
    }
    // A tick whose body stops half way: 408 once it is late.
    bodiless
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut answer = String::new();
    let _ = bodiless.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.ends_with("refused: the body did not arrive in time\n"),
        "{answer}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
    // The server still answers.
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn a_themes_folder_made_after_start_is_watched() {
    let book = sample_book();
    assert!(!book.root().join("themes").exists());
    let server = Server::start(book.root());
    assert_eq!(server.get("/static/brand.css").0, 404);
    let mut events = server.events();
    let dir = book.root().join("themes/default/static");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("brand.css"), "body { color: teal; }\n").unwrap();
    let event = wait_for_event(&mut events, "\"kind\":\"built\"");
    assert!(event.contains("built"), "{event}");
    let (status, css) = server.get("/static/brand.css");
    assert_eq!(status, 200, "{css}");
    assert!(css.contains("color: teal"), "{css}");
    // Now watched: a later edit in the new folder is seen too.
    std::fs::write(dir.join("brand.css"), "body { color: navy; }\n").unwrap();
    wait_for_event(&mut events, "\"kind\":\"built\"");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.get("/static/brand.css").1.contains("navy") {
        assert!(
            Instant::now() < deadline,
            "the edit in the new folder was not served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A hidden file (`.github/…`) is read at the start only when a page links to it; an
/// edit that adds the first link to it reads it on the rebuild the edit starts, so the
/// link lands and the file is served without the dot, with no restart.
#[test]
fn a_hidden_file_linked_by_an_edit_is_served_without_a_restart() {
    let mut book = sample_book();
    book.write(
        "content/.github/workflows/release.yaml",
        "on:\n  push:\n    tags: ['v*']\n",
    );
    let server = Server::start(book.root());
    assert_eq!(server.get("/github/workflows/release.yaml").0, 404);
    let mut events = server.events();
    std::fs::write(
        book.root().join("content/ops/deploy.md"),
        "# Deploy\n\nTag it; [the release workflow](../.github/workflows/release.yaml) runs.\n",
    )
    .unwrap();
    let event = wait_for_event(&mut events, "ops/deploy.html");
    assert!(event.contains("\"kind\":\"built\""), "{event}");
    let (status, yaml) = server.get("/github/workflows/release.yaml");
    assert_eq!(status, 200, "{yaml}");
    assert!(yaml.contains("tags: ['v*']"), "{yaml}");
    let (_, page) = server.get("/ops/deploy.html");
    assert!(
        page.contains("href=\"../github/workflows/release.yaml\"")
            && !page.contains("opsbook-overlay"),
        "{page}"
    );
    // Now the book's: an edit of it is served too, and a hidden file no page links
    // to is still not.
    std::fs::write(
        book.root().join("content/.github/workflows/release.yaml"),
        "on:\n  release:\n",
    )
    .unwrap();
    std::fs::write(book.root().join("content/.github/other.yaml"), "x: 1\n").unwrap();
    let event = wait_for_event(&mut events, "github/workflows/release.yaml");
    assert!(event.contains("\"kind\":\"built\""), "{event}");
    let (_, yaml) = server.get("/github/workflows/release.yaml");
    assert!(yaml.contains("release:"), "{yaml}");
    assert_eq!(server.get("/github/other.yaml").0, 404);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut book = sample_book();
    book.redact_also(&(port + 1).to_string(), "[PORT+1]")
        .redact_also(&port.to_string(), "[PORT]")
        .run(["serve", "-p", &port.to_string()])
        .code(1)
        .expect_stderr();
}

#[test]
fn a_book_that_never_built_serves_its_errors_not_a_claim_of_a_last_build() {
    let book = sample_book();
    std::fs::write(
        book.root().join("content/ops/deploy.md"),
        "---\ntitle: [x\n---\n# D\n",
    )
    .unwrap();
    let server = Server::start(book.root());
    let (status, page) = server.get("/ops/deploy.html");
    assert_eq!(status, 503, "{page}");
    assert!(page.contains("nothing has built yet"), "{page}");
    assert!(!page.contains("shown underneath"), "{page}");
    assert!(page.contains("content/ops/deploy.md:2:8"), "{page}");
    assert!(page.contains("data-opsbook-dismiss"), "{page}");
}
