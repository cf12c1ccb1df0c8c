//! Write-back of ticks in the preview (SPEC.md §4 item 4): `POST /_opsbook/tick` with
//! `{"env":"staging","id":"…","done":true,"note":null}` and the page's token in
//! `X-Opsbook-Token`. A request is honoured only when every check passes, in this
//! order (the first failure answers):
//!
//! | check                                              | refusal |
//! |----------------------------------------------------|---------|
//! | the peer is a loopback address                     | 403     |
//! | `Host` is 127.0.0.1, localhost or [::1] with the port (or the `--bind` address) | 403 |
//! | `Origin` is exactly `http://` + that `Host`        | 403     |
//! | `Content-Type` is `application/json`               | 415     |
//! | `X-Opsbook-Token` is this process's token          | 403     |
//! | the body is at most `MAX_BODY` bytes               | 413     |
//! | the body is the JSON above (no other keys)         | 400     |
//! | `env` is an environment (or alias) of book.toml    | 422     |
//! | `id` is an item id of the last good build          | 422     |
//!
//! The server picks the file (`<[state] dir>/<env>.yaml`); a request never names one.
//! No CORS headers are ever sent. One writer thread owns the state files: it applies
//! ticks in order (`state::set_entry`; the ticks that queued up meanwhile go into one
//! `fsio::write_atomic` per file), so concurrent ticks are all kept, and then asks the
//! rebuild thread to read the file again.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot};

use super::AppState;
use super::reload::origin_matches;
use crate::base::path::RelPath;
use crate::model::state::Entry;
use crate::output::state::StateError;
use crate::serve::engine::Change;

/// The largest tick body accepted, in bytes.
pub(crate) const MAX_BODY: usize = 4096;

/// The JSON body of a tick.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TickBody {
    pub(crate) env: String,
    pub(crate) id: String,
    pub(crate) done: bool,
    #[serde(default)]
    pub(crate) note: Option<String>,
}

/// One tick for the writer, with where to answer.
#[derive(Debug)]
pub struct TickRequest {
    /// The state file, relative to the book root (decided by the server).
    pub(crate) file: RelPath,
    /// The environment's name (aliases resolved).
    pub(crate) env: String,
    pub(crate) id: String,
    pub(crate) done: bool,
    pub(crate) note: Option<String>,
    pub(crate) reply: oneshot::Sender<Result<(), String>>,
}

/// A refusal: status and a one-line reason (plain text).
pub(crate) fn refuse(status: StatusCode, why: &str) -> Response {
    (status, format!("refused: {why}\n")).into_response()
}

/// The guarded JSON body of a write-back request: the header checks (see the module
/// doc), then at most `max` bytes within the body timeout, then JSON of `T`; else the
/// refusal to send. Every write-back endpoint reads its request through here.
pub(crate) async fn guarded_json<T: serde::de::DeserializeOwned>(
    app: &AppState,
    req: Request,
    max: usize,
) -> Result<T, Response> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    if let Err((status, why)) = check_headers(app, peer, req.headers()) {
        return Err(refuse(status, why));
    }
    let read = axum::body::to_bytes(req.into_body(), max);
    let body = match tokio::time::timeout(super::http::BODY_TIMEOUT, read).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "the body is too large",
            ));
        }
        Err(_) => {
            return Err(refuse(
                StatusCode::REQUEST_TIMEOUT,
                "the body did not arrive in time",
            ));
        }
    };
    serde_json::from_slice(&body)
        .map_err(|e| refuse(StatusCode::BAD_REQUEST, &format!("bad JSON: {e}")))
}

/// `POST /_opsbook/tick`.
pub(crate) async fn tick(State(app): State<Arc<AppState>>, req: Request) -> Response {
    let tick: TickBody = match guarded_json(&app, req, MAX_BODY).await {
        Ok(t) => t,
        Err(refused) => return refused,
    };
    let live = app.current();
    let Some(env) = live.environments.get(&tick.env).cloned() else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "unknown environment");
    };
    let Some(scope) = live.known_ids.scope(&tick.id) else {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "unknown item id");
    };
    if tick.done && !scope.is_empty() && !scope.contains(&env) {
        let why = format!(
            "`{}` does not apply to {env}: it applies to {}",
            tick.id,
            crate::base::suggest::listing(scope)
        );
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, &why);
    }
    let file = RelPath::new(format!(
        "{}/{env}.yaml",
        live.state_dir.trim_end_matches('/')
    ));
    let (reply, answer) = oneshot::channel();
    let request = TickRequest {
        file,
        env,
        id: tick.id,
        done: tick.done,
        note: tick.note,
        reply,
    };
    if app.ticks.send(request).await.is_err() {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping");
    }
    match answer.await {
        Ok(Ok(())) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"ok\":true}",
        )
            .into_response(),
        Ok(Err(why)) => refuse(StatusCode::CONFLICT, &why),
        Err(_) => refuse(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping"),
    }
}

/// Peer, Host, Origin, Content-Type and token, in that order.
pub(super) fn check_headers(
    app: &AppState,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> Result<(), (StatusCode, &'static str)> {
    if !peer.is_some_and(|p| p.ip().is_loopback()) {
        return Err((StatusCode::FORBIDDEN, "only this machine may tick"));
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.guard.allows_host(h)) {
        return Err((StatusCode::FORBIDDEN, "unknown Host"));
    }
    if headers.get(header::ORIGIN).is_none() || !origin_matches(headers) {
        return Err((StatusCode::FORBIDDEN, "foreign or missing Origin"));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        ));
    }
    let token = headers.get("x-opsbook-token").map(|h| h.as_bytes());
    if !token.is_some_and(|t| same_bytes(t, app.guard.token.as_bytes())) {
        return Err((StatusCode::FORBIDDEN, "missing or wrong token"));
    }
    Ok(())
}

/// Compares without stopping at the first difference.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The writer: owns the state files of the book at `root`.
pub struct Writer {
    pub root: PathBuf,
    /// Who ticks: `git config user.name`, if set.
    pub by: Option<String>,
    /// Where to ask for a rebuild after a write.
    pub rebuild: std::sync::mpsc::Sender<BTreeSet<Change>>,
}

impl Writer {
    /// Applies ticks one at a time until every sender is gone.
    pub fn run(self, mut ticks: mpsc::Receiver<TickRequest>) {
        while let Some(first) = ticks.blocking_recv() {
            let mut batch = vec![first];
            while let Ok(more) = ticks.try_recv() {
                batch.push(more);
            }
            let mut by_file: BTreeMap<RelPath, Vec<TickRequest>> = BTreeMap::new();
            for mut req in batch {
                // An existing `<env>.yml` is the environment's file: never a second `.yaml`.
                req.file = crate::source::state_file(&self.root, req.file.parent(), &req.env);
                by_file.entry(req.file.clone()).or_default().push(req);
            }
            let mut written = BTreeSet::new();
            for (file, reqs) in by_file {
                let result = self.apply_all(&reqs).map_err(|e| e.to_string());
                match &result {
                    Ok(()) => {
                        written.insert(Change::State(file));
                    }
                    Err(why) => tracing::warn!("ticks for {file} not written: {why}"),
                }
                for req in reqs {
                    let _ = req.reply.send(result.clone());
                }
            }
            if !written.is_empty() {
                let _ = self.rebuild.send(written);
            }
        }
    }

    /// One tick: read the file, edit its text, write it atomically.
    #[cfg(test)]
    pub(crate) fn apply(&self, req: &TickRequest) -> Result<(), StateError> {
        self.apply_all(std::slice::from_ref(req))
    }

    /// Ticks of one file, in order, with one read and one atomic write: the ticks that
    /// arrived while the last write was being synced.
    pub(crate) fn apply_all(&self, reqs: &[TickRequest]) -> Result<(), StateError> {
        let Some(first) = reqs.first() else {
            return Ok(());
        };
        let entries: Vec<Option<Entry>> = reqs
            .iter()
            .map(|req| {
                req.done.then(|| Entry {
                    done: true,
                    by: self.by.clone(),
                    at: Some(utc_now()),
                    note: req.note.clone().filter(|n| !n.is_empty()),
                    line: 0,
                })
            })
            .collect();
        let changes: Vec<_> = reqs
            .iter()
            .zip(&entries)
            .map(|(req, e)| (req.id.as_str(), e.as_ref()))
            .collect();
        crate::output::state::write(&self.root, &first.file, &first.env, &changes)
    }
}

pub(crate) use crate::base::clock::utc_now;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Diagnostics;
    use crate::parse::state;

    #[test]
    fn compares_tokens_fully() {
        assert!(same_bytes(b"abc", b"abc"));
        assert!(!same_bytes(b"abc", b"abd"));
        assert!(!same_bytes(b"abc", b"ab"));
    }

    #[test]
    fn writer_keeps_every_tick_and_other_text() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, _rx) = std::sync::mpsc::channel();
        let writer = Writer {
            root: dir.path().to_path_buf(),
            by: Some("alice".into()),
            rebuild: tx,
        };
        let file = RelPath::new("state/staging.yaml");
        for (id, done) in [("b", true), ("a", true), ("c", true), ("b", false)] {
            let (reply, _) = oneshot::channel();
            let req = TickRequest {
                file: file.clone(),
                env: "staging".into(),
                id: id.into(),
                done,
                note: Some("n: #1".into()),
                reply,
            };
            writer.apply(&req).unwrap();
        }
        let text = std::fs::read_to_string(dir.path().join("state/staging.yaml")).unwrap();
        let mut d = Diagnostics::new();
        let st = state::parse(&text, &file, "staging", &mut d);
        assert!(d.is_empty(), "{d:?}\n{text}");
        assert_eq!(st.entries.keys().collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(st.entries["a"].by.as_deref(), Some("alice"));
        assert_eq!(st.entries["a"].note.as_deref(), Some("n: #1"));
        assert!(text.starts_with("# opsbook team state for staging."));
    }

    #[test]
    fn writer_refuses_to_clobber_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("state")).unwrap();
        std::fs::write(dir.path().join("state/staging.yaml"), "a: [unclosed\n").unwrap();
        let (tx, _rx) = std::sync::mpsc::channel();
        let writer = Writer {
            root: dir.path().to_path_buf(),
            by: None,
            rebuild: tx,
        };
        let (reply, _) = oneshot::channel();
        let req = TickRequest {
            file: RelPath::new("state/staging.yaml"),
            env: "staging".into(),
            id: "a".into(),
            done: true,
            note: None,
            reply,
        };
        assert!(writer.apply(&req).is_err());
        let text = std::fs::read_to_string(dir.path().join("state/staging.yaml")).unwrap();
        assert_eq!(text, "a: [unclosed\n");
    }
}
