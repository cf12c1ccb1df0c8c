//! The HTTP routes of `serve`: the site from memory (content types, `index.html` for
//! folders, the site's own 404 page with status 404), `/_opsbook/live.js`,
//! `/_opsbook/runs.js` (the run controls), `/_opsbook/events` (reload.rs),
//! `POST /_opsbook/tick` (writeback.rs) and `POST /_opsbook/run` (run_writeback.rs). Every
//! request must name this server in `Host`; no response may be framed by another origin.
//!
//! A request path is percent-decoded once and must be a plain `/`-separated path:
//! any `..` or `.` segment, empty segment, backslash, NUL or `:` is refused (400).
//! Nothing is ever read from disk here: the site is a map in memory.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::overlay::{head_tags, inject_head, inject_overlay};
use super::{AppState, Live, reload, run_writeback, writeback};

/// The reload client, served only under `serve`.
pub(crate) const LIVE_JS: &str = include_str!("../../themes/default/static/live.js");

/// The run controls, served only under `serve` (the built site is read-only).
pub(crate) const RUNS_JS: &str = include_str!("runs.js");

/// Every route, over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/_opsbook/live.js", get(live_js))
        .route("/_opsbook/events", get(reload::events))
        .route("/_opsbook/tick", post(writeback::tick))
        .route("/_opsbook/run", post(run_writeback::run))
        .route("/_opsbook/runs.js", get(runs_js))
        .fallback(get(site_file))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            guard_every_request,
        ))
        .with_state(state)
}

/// Every request, before its route: its `Host` must name this server, so a page of
/// another site whose name resolves here (DNS rebinding) cannot read the preview, its
/// search index or its event stream (421). Every response forbids framing by another
/// origin: one click in a hidden frame would otherwise tick.
async fn guard_every_request(
    State(app): State<Arc<AppState>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let host_ok = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| app.guard.allows_host(h));
    let mut res = if host_ok {
        next.run(req).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "refused: unknown Host: open the preview at the address `opsbook serve` printed\n",
        )
            .into_response()
    };
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors 'self'"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    res
}

/// Why a path is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused(pub &'static str);

/// The site path a URL path names: `/` → `index.html`, `/ops/` → `ops/index.html`,
/// `/a%20b.html` → `a b.html`. Traversal attempts are refused.
pub(crate) fn site_path(url_path: &str) -> Result<String, Refused> {
    let decoded = percent_decode(url_path).ok_or(Refused("bad percent-encoding"))?;
    if decoded.contains(['\\', '\0', ':']) {
        return Err(Refused("backslash, colon or NUL in the path"));
    }
    let rest = decoded
        .strip_prefix('/')
        .ok_or(Refused("not an absolute URL path"))?;
    let (body, folder) = match rest.strip_suffix('/') {
        Some(b) => (b, true),
        None => (rest, rest.is_empty()),
    };
    if !body.is_empty()
        && body
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(Refused("`.`, `..` or an empty segment in the path"));
    }
    Ok(match (body.is_empty(), folder) {
        (true, _) => "index.html".to_string(),
        (false, true) => format!("{body}/index.html"),
        (false, false) => body.to_string(),
    })
}

/// `%XX` decoded; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type for a site path, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        Some("txt" | "md" | "yaml" | "yml" | "toml") => "text/plain; charset=utf-8",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

async fn live_js() -> Response {
    file_response(StatusCode::OK, "live.js", Body::from(LIVE_JS))
}

async fn runs_js() -> Response {
    file_response(StatusCode::OK, "runs.js", Body::from(RUNS_JS))
}

/// Any other GET: a file of the site.
async fn site_file(State(app): State<Arc<AppState>>, req: Request) -> Response {
    let path = match site_path(req.uri().path()) {
        Ok(p) => p,
        Err(Refused(why)) => {
            return (StatusCode::BAD_REQUEST, format!("refused: {why}\n")).into_response();
        }
    };
    let live = app.current();
    let tags = page_tags(&app, req.headers());
    if let Some(bytes) = live.files.get(path.as_str()) {
        return page_or_file(&live, &path, bytes.clone(), &tags, StatusCode::OK);
    }
    if live
        .files
        .contains_key(format!("{path}/index.html").as_str())
    {
        let to = format!("{}/", req.uri().path().trim_end_matches('/'));
        return redirect(&to);
    }
    match live.files.get("404.html") {
        Some(bytes) => page_or_file(
            &live,
            "404.html",
            bytes.clone(),
            &tags,
            StatusCode::NOT_FOUND,
        ),
        None => {
            // No 404 page: nothing has built yet. The page is the overlay alone.
            let Some(overlay) = &live.overlay else {
                let html = "<!doctype html><html><head></head><body>not found</body></html>";
                return page_or_file(&live, "404.html", html.into(), &tags, StatusCode::NOT_FOUND);
            };
            let html = format!(
                "<!doctype html><html lang=\"en\"><head><title>opsbook: the book has errors</title></head><body>{}</body></html>",
                super::overlay::with_nothing_underneath(overlay)
            );
            let live = Live {
                overlay: None,
                ..(*live).clone()
            };
            page_or_file(
                &live,
                "404.html",
                html.into(),
                &tags,
                StatusCode::SERVICE_UNAVAILABLE,
            )
        }
    }
}

/// The tags for served pages: the token only when `Host` names this server.
fn page_tags(app: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if app.guard.allows_host(host) {
        head_tags(&app.guard.token)
    } else {
        head_tags("")
    }
}

fn page_or_file(
    live: &Live,
    path: &str,
    bytes: axum::body::Bytes,
    tags: &str,
    status: StatusCode,
) -> Response {
    if !path.ends_with(".html") {
        return file_response(status, path, Body::from(bytes));
    }
    let html = String::from_utf8_lossy(&bytes);
    let mut html = inject_head(&html, tags);
    if let Some(overlay) = &live.overlay {
        html = inject_overlay(&html, overlay);
    }
    file_response(status, path, Body::from(html))
}

fn file_response(status: StatusCode, path: &str, body: Body) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            r.headers_mut().insert(header::LOCATION, location);
            r
        }
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_folders_to_index_pages() {
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(site_path("/ops/").unwrap(), "ops/index.html");
        assert_eq!(site_path("/ops/deploy.html").unwrap(), "ops/deploy.html");
        assert_eq!(site_path("/a%20b.html").unwrap(), "a b.html");
    }

    #[test]
    fn refuses_traversal() {
        for bad in [
            "/../etc/passwd",
            "/ops/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/ops/%2e%2e/%2e%2e/x",
            "/..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/./index.html",
            "/C:/Windows",
            "/%00",
            "/%zz",
            "/%c3",
            "relative",
        ] {
            assert!(site_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("toc.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("img/a.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
