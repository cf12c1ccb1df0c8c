//! What every browser test shares: the one check for chromium and chromedriver (skip
//! loudly, or fail under `CI=true`), chromedriver and a Chromium session with the
//! STYLE.md flags, the one static-file server for built sites, and `Ui`, short-hands
//! that wait for a selector (never sleep).

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The files of a built site, by path (`ops/deploy.html`).
pub(crate) type Files = BTreeMap<String, opsbook::render::site::Bytes>;

/// Writes to stderr past libtest's output capture (which only sees `eprintln!`), so the
/// line shows in a plain `cargo test` too.
pub(crate) fn loud(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Where chromium and chromedriver are.
pub(crate) struct Chromium {
    browser: PathBuf,
    driver: PathBuf,
}

impl Chromium {
    /// Both programs from `PATH`; `None` (after a loud SKIPPED line naming `what`) when
    /// one is missing. Under `CI=true` a missing browser fails the test instead.
    pub(crate) fn or_skip(what: &str) -> Option<Chromium> {
        let found = Self::on_path();
        if found.is_none() {
            assert_ne!(
                env::var("CI").as_deref(),
                Ok("true"),
                "CI needs chromium + chromium-driver"
            );
            loud(&format!(
                "\n*** SKIPPED browser tests ({what}): chromium or chromedriver not found ***\n"
            ));
        }
        found
    }

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

    /// Starts chromedriver and a fresh headless session (profile in `profile`, window
    /// 1280×1000) on the site at `base`.
    pub(crate) async fn open(&self, base: String, profile: &Path) -> Ui {
        let (driver, driver_url) = start_driver(&self.driver);
        let c = connect(&self.browser, &driver_url, profile).await;
        c.set_window_size(1280, 1000).await.unwrap();
        Ui {
            c,
            base,
            driver_url,
            _driver: driver,
        }
    }
}

/// A child process killed when dropped.
pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The one static-file server: serves `files` under `mount` (`/` or `/runbooks/`) on
/// 127.0.0.1 from a thread, `index.html` for a folder, 404 for anything else. Returns
/// the base URL (`http://127.0.0.1:PORT/runbooks/`) and the log of request paths.
pub(crate) fn serve(files: Files, mount: &'static str) -> (String, Arc<Mutex<Vec<String>>>) {
    serve_with(files, mount, false)
}

/// [`serve`] as GitHub Pages does it: a missing file gets the site's `404.html` (with
/// status 404), whatever its depth.
pub(crate) fn serve_like_pages(
    files: Files,
    mount: &'static str,
) -> (String, Arc<Mutex<Vec<String>>>) {
    serve_with(files, mount, true)
}

fn serve_with(files: Files, mount: &'static str, pages: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let base = format!("http://{}{mount}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let files = Arc::new(files);
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (files, seen) = (Arc::clone(&files), Arc::clone(&seen));
            std::thread::spawn(move || respond(stream, &files, (mount, pages), &seen));
        }
    });
    (base, log)
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

fn respond(
    mut stream: TcpStream,
    files: &Files,
    (mount, pages): (&str, bool),
    log: &Mutex<Vec<String>>,
) {
    let Some(line) = read_request_line(&mut stream) else {
        return;
    };
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("").to_string();
    log.lock().unwrap().push(path.clone());
    let file = path.strip_prefix(mount).map(|rel| {
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        }
    });
    let not_found = files.get("404.html").filter(|_| pages);
    let (status, body, file) = match file.as_ref().and_then(|f| files.get(f)) {
        Some(b) => ("200 OK", b.as_slice(), file.as_deref()),
        None => match not_found {
            Some(b) => ("404 Not Found", b.as_slice(), Some("404.html")),
            None => ("404 Not Found", b"not found".as_slice(), file.as_deref()),
        },
    };
    let kind = match file.and_then(|f| f.rsplit('.').next()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
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
pub(crate) struct Ui {
    pub(crate) c: Client,
    pub(crate) base: String,
    /// chromedriver's URL, for calls fantoccini lacks (CDP).
    pub(crate) driver_url: String,
    _driver: Killed,
}

impl Ui {
    /// A Chrome DevTools command on this session (emulated media, …).
    pub(crate) async fn cdp(&self, cmd: &str, params: Value) -> Value {
        let session = self.c.session_id().await.unwrap().expect("a session");
        cdp_call(&self.driver_url, &session, cmd, params)
    }

    pub(crate) async fn open(&self, page: &str) {
        self.c.goto(&format!("{}{page}", self.base)).await.unwrap();
        self.wait("html.js #env-select option").await;
    }

    /// Waits (up to 5 s) for an element matching `css`.
    pub(crate) async fn wait(&self, css: &str) -> fantoccini::elements::Element {
        self.c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}`: {e}"))
    }

    /// Waits (up to `secs`) for an element matching `css` on a page that is reloading:
    /// a lookup the reload aborts ("aborted by navigation") is tried again.
    pub(crate) async fn wait_across_reload(
        &self,
        css: &str,
        secs: u64,
    ) -> fantoccini::elements::Element {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let error = match self.c.find(Locator::Css(css)).await {
                Ok(el) => return el,
                Err(e) => e,
            };
            if Instant::now() >= deadline {
                let url = self.c.current_url().await.map(|u| u.to_string());
                let text = self
                    .c
                    .execute(
                        "return document.body ? document.body.innerText.slice(0, 800) : ''",
                        vec![],
                    )
                    .await;
                panic!("no element `{css}`: {error}\n  at {url:?}\n  page text: {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element to the middle of the window, then clicks it like a user.
    pub(crate) async fn click(&self, css: &str) {
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

    pub(crate) async fn js(&self, script: &str) -> Value {
        self.c.execute(script, vec![]).await.expect(script)
    }

    pub(crate) async fn text(&self, css: &str) -> String {
        self.wait(css).await.text().await.unwrap()
    }

    pub(crate) async fn cell(&self, env: &str, p: &str) -> (String, String) {
        let td = format!("#ck-board td[data-env=\"{env}\"][data-p=\"{p}\"]");
        let num = self.text(&format!("{td} .cell-num")).await;
        let width = self
            .js(&format!(
                "return document.querySelector('{td} .bar-fill').style.width"
            ))
            .await;
        (num, width.as_str().unwrap_or("").to_string())
    }

    pub(crate) async fn select_env(&self, env: &str) {
        let sel = self.wait("#env-select").await;
        sel.select_by_value(env).await.unwrap();
        self.wait(&format!("#ck-board th.env-current[data-env=\"{env}\"]"))
            .await;
    }

    pub(crate) async fn import(&self, dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        let input = self.wait("#ck-import").await;
        input.send_keys(&path.display().to_string()).await.unwrap();
        self.wait("#ck-report ul").await;
    }
}

/// Sends a Chrome DevTools command through chromedriver's `goog/cdp/execute` endpoint
/// (fantoccini has no call for it); a plain HTTP/1.1 POST on the driver's port.
fn cdp_call(driver_url: &str, session: &str, cmd: &str, params: Value) -> Value {
    let addr = driver_url.trim_start_matches("http://");
    let body = json!({ "cmd": cmd, "params": params }).to_string();
    let mut stream = TcpStream::connect(addr).expect("connect to chromedriver");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let request = format!(
        "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    // chromedriver keeps the connection open: read the head, then Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut response = String::new();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        response.push_str(&header);
        let lower = header.to_ascii_lowercase();
        if let Some(n) = lower.strip_prefix("content-length:") {
            length = n.trim().parse().unwrap();
        }
        if header.trim().is_empty() {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let json = String::from_utf8(body).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200"),
        "{cmd} failed: {response}{json}"
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{cmd}: {e}: {json}"))
}
