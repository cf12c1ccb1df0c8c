//! Telling open pages about builds: `GET /_opsbook/events` is a Server-Sent Events
//! stream of `Reload` messages as JSON (`live.js` reads them). A request whose `Origin`
//! is not exactly this server (`http://` + its `Host`) is refused, as for ticks.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use serde::Serialize;
use tokio::sync::broadcast;

use super::AppState;

/// One message to the open pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reload {
    /// A good build: these site paths changed or went; a page whose path went moves to
    /// `moved[path]` (its nearest existing page).
    Built {
        changed: Vec<String>,
        removed: Vec<String>,
        moved: BTreeMap<String, String>,
    },
    /// The book has errors: show this overlay (escaped HTML).
    Failed { overlay: String },
    /// The server stops: close the stream.
    Shutdown,
}

/// `a/b/c.html` → the first of `a/b/index.html`, `a/index.html`, `index.html` that
/// `exists`.
pub(crate) fn nearest_page(path: &str, exists: impl Fn(&str) -> bool) -> String {
    let mut dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        let candidate = if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        };
        if dir.is_empty() || (candidate != path && exists(&candidate)) {
            return candidate;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

/// Whether `Origin`, when the request has one, is exactly this server.
pub(crate) fn origin_matches(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match (origin.to_str().ok(), host) {
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        _ => false,
    }
}

/// `GET /_opsbook/events`.
pub(crate) async fn events(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !origin_matches(&headers) {
        return (StatusCode::FORBIDDEN, "foreign Origin\n").into_response();
    }
    let first = app
        .current()
        .overlay
        .clone()
        .map(|overlay| Reload::Failed { overlay });
    let stream = messages(first, app.reload.subscribe());
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The current overlay (if any), then every message until `Shutdown`.
fn messages(
    first: Option<Reload>,
    rx: broadcast::Receiver<Reload>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold((first, rx), |(pending, mut rx)| async move {
        let message = match pending {
            Some(m) => m,
            None => match rx.recv().await {
                Ok(m) => m,
                // Too far behind: reload to be safe.
                Err(broadcast::error::RecvError::Lagged(_)) => Reload::Built {
                    changed: vec!["*".into()],
                    removed: Vec::new(),
                    moved: BTreeMap::new(),
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            },
        };
        if message == Reload::Shutdown {
            return None;
        }
        let data = serde_json::to_string(&message).unwrap_or_default();
        Some((Ok(Event::default().data(data)), (None, rx)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_page_climbs_folders() {
        let have = ["ops/index.html", "index.html"];
        let exists = |p: &str| have.contains(&p);
        assert_eq!(
            nearest_page("ops/db/restore.html", exists),
            "ops/index.html"
        );
        assert_eq!(nearest_page("ops/index.html", exists), "index.html");
        assert_eq!(nearest_page("top.html", exists), "index.html");
    }

    #[test]
    fn origin_must_be_exactly_this_server() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        assert!(origin_matches(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        assert!(origin_matches(&h));
        for bad in [
            "http://evil.example",
            "http://127.0.0.1:3001",
            "https://127.0.0.1:3000",
            "null",
        ] {
            h.insert(header::ORIGIN, bad.parse().unwrap());
            assert!(!origin_matches(&h), "{bad}");
        }
    }

    #[test]
    fn messages_are_json_with_a_kind() {
        let m = Reload::Built {
            changed: vec!["a.html".into()],
            removed: vec![],
            moved: BTreeMap::new(),
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"kind":"built","changed":["a.html"],"removed":[],"moved":{}}"#
        );
    }
}
