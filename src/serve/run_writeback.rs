//! Write-back of runs in the preview (SPEC.md §11): `POST /_opsbook/run` with the page's
//! token, for the run controls of `serve` (`/_opsbook/runs.js`). The request passes the
//! same checks as a tick, in the same order (`writeback::check_headers`: loopback peer,
//! `Host`, `Origin`, JSON content type, token; then the size limit and the JSON shape),
//! and is then written by `output::run::start` or `output::run::append`, exactly as
//! `opsbook run …` writes it: the book's write lock, the rules of `check::runs`, read
//! back, atomic. The runbook is taken from a fresh check-only build, as the command
//! does. A refusal answers 409 (the rules) or 422 (an unknown run, runbook or
//! environment) with the sentence and hint the command prints; the page shows it.
//!
//! ```json
//! {"action":"start","runbook":"ops/deploy","env":"staging","by":"alice"}
//! {"action":"start","runbook":"onboarding","for":"erin","by":"dave"}
//! {"action":"tick","run":"2026-12-05-1000-ops-deploy-staging","item":"backup","note":"…","evidence":["https://…"],"by":"alice"}
//! {"action":"untick"|"skip"|"note","run":"…","item":"…","reason":"…","by":"…"}
//! {"action":"sign","run":"…","phase":"prepare","by":"carol"}
//! {"action":"finish"|"abort","run":"…","reason":"…","by":"…"}
//! ```

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::writeback::{refuse, utc_now};
use crate::check::runs;
use crate::model::run::{Action, Event, Run, Subject};
use crate::output::run::{self as writer, RunError};
use crate::serve::engine::Change;

/// The largest run request accepted, in bytes (a note and a few evidence links).
pub(crate) const MAX_RUN_BODY: usize = 16 * 1024;

/// The longest operator name accepted, in characters.
const MAX_NAME: usize = 80;

/// Where runs are written and whom to tell: set by `serve` once it runs.
pub struct RunBackend {
    pub root: PathBuf,
    pub rebuild: std::sync::Mutex<std::sync::mpsc::Sender<BTreeSet<Change>>>,
}

/// The JSON body of a run request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunBody {
    pub(crate) action: String,
    pub(crate) by: String,
    #[serde(default)]
    pub(crate) run: Option<String>,
    #[serde(default)]
    pub(crate) runbook: Option<String>,
    #[serde(default)]
    pub(crate) env: Option<String>,
    #[serde(default, rename = "for")]
    pub(crate) for_: Option<String>,
    #[serde(default)]
    pub(crate) item: Option<String>,
    #[serde(default)]
    pub(crate) phase: Option<String>,
    #[serde(default)]
    pub(crate) note: Option<String>,
    #[serde(default)]
    pub(crate) evidence: Vec<String>,
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

/// `POST /_opsbook/run`.
pub(crate) async fn run(State(app): State<Arc<AppState>>, req: Request) -> Response {
    let body: RunBody = match super::writeback::guarded_json(&app, req, MAX_RUN_BODY).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let Some(backend) = app.runs.get() else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server does not write runs",
        );
    };
    let root = backend.root.clone();
    let done = tokio::task::spawn_blocking(move || write(&root, body)).await;
    match done {
        Ok(Ok(id)) => {
            if let Ok(tx) = backend.rebuild.lock() {
                let _ = tx.send(BTreeSet::from([Change::Run(writer::path_of(&id))]));
            }
            let json = serde_json::json!({
                "ok": true,
                "run": id,
                "href": crate::render::runs::run_url(&id),
            });
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                json.to_string(),
            )
                .into_response()
        }
        Ok(Err((status, why))) => refuse(status, &why),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "the write failed"),
    }
}

type Refused = (StatusCode, String);

fn unprocessable(why: impl Into<String>) -> Refused {
    (StatusCode::UNPROCESSABLE_ENTITY, why.into())
}

/// Checks and writes one request; the run's id.
pub(crate) fn write(root: &std::path::Path, body: RunBody) -> Result<String, Refused> {
    let by = body.by.trim().to_string();
    if by.is_empty() || by.chars().count() > MAX_NAME || by.chars().any(char::is_control) {
        return Err(unprocessable(
            "say who you are: set your name (at most 80 characters) on the page",
        ));
    }
    let Some(action) = Action::parse(&body.action)
        .map(Some)
        .or_else(|| (body.action == "start").then_some(None))
    else {
        return Err((
            StatusCode::BAD_REQUEST,
            format!("unknown action `{}`", body.action),
        ));
    };
    let build = crate::build(root, &crate::BuildOptions { check_only: true }).map_err(|e| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            crate::base::diag::error_line(&e),
        )
    })?;
    let Some(action) = action else {
        return start(root, &build, &body, &by);
    };
    let Some(id) = body.run.as_deref() else {
        return Err(unprocessable("name the run"));
    };
    let Some(found) = build.book.runs.iter().find(|r| r.id == id) else {
        return Err(unprocessable(format!("there is no run `{id}`")));
    };
    let mut e = Event::new(action, &by, &utc_now());
    e.item = body.item.filter(|_| action.on_item());
    e.phase = body.phase.filter(|_| action == Action::Sign);
    e.note = body.note.filter(|n| !n.trim().is_empty());
    e.evidence = body
        .evidence
        .into_iter()
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect();
    e.reason = body.reason.filter(|r| !r.trim().is_empty());
    let page = runs::runbook(&build.book, found);
    let e = writer::with_phase(e, page);
    match writer::append(root, &build.config, id, page, &build.book.environments, &e) {
        Ok(()) => Ok(id.to_string()),
        Err(RunError::Refused(r)) => Err((
            StatusCode::CONFLICT,
            format!("{} (hint: {})", r.message, r.hint).replace(" RUN ", &format!(" {id} ")),
        )),
        Err(other) => Err((StatusCode::CONFLICT, other.to_string().replace('\n', " "))),
    }
}

fn start(
    root: &std::path::Path,
    build: &crate::Build,
    body: &RunBody,
    by: &str,
) -> Result<String, Refused> {
    let runbook = body.runbook.as_deref().unwrap_or("");
    let Some(page) = build.book.pages.iter().find(|p| p.id == runbook) else {
        return Err(unprocessable(format!("no runbook has the id `{runbook}`")));
    };
    if page.doc.items.is_empty() {
        return Err(unprocessable(format!(
            "`{runbook}` has no checklist items, so there is nothing to run"
        )));
    }
    let person = body
        .for_
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let subject = match (body.env.as_deref().filter(|e| !e.is_empty()), person) {
        (Some(env), _) => {
            let names = super::environments(&build.config);
            let Some(env) = names.get(env) else {
                return Err(unprocessable(format!(
                    "`{env}` is not an environment of this book"
                )));
            };
            let envs = page.environments(&build.book.environments);
            if !envs.is_empty() && !envs.contains(env) {
                return Err(unprocessable(format!(
                    "`{runbook}` does not apply to {env}: it applies to {}",
                    crate::base::suggest::listing(envs)
                )));
            }
            Subject::Environment(env.clone())
        }
        (None, Some(p)) if p.chars().count() <= MAX_NAME => Subject::Person(p.to_string()),
        _ => {
            return Err(unprocessable(
                "say who or where the run is for: an environment or a person's name",
            ));
        }
    };
    let (version, commit) = crate::source::git::head_version(root);
    let at = utc_now();
    let run = Run {
        id: writer::proposed_id(&at, runbook, &subject),
        source: writer::path_of("x"),
        runbook: runbook.to_string(),
        subject,
        version,
        commit,
        started_by: by.to_string(),
        started_at: at,
        issue: None,
        events: Vec::new(),
        line: 0,
    };
    writer::start(root, &run).map_err(|e| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            e.to_string().replace('\n', " "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(
            root.join("book.toml"),
            "[book]\ntitle = \"T\"\n[environments]\nnames = [\"staging\"]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/deploy.md"),
            "# Deploy\n## Prepare {#prepare gate}\n- [ ] Back up {#backup}\n## Release {#release}\n- [ ] Roll out {#rollout}\n",
        )
        .unwrap();
        dir
    }

    fn req(action: &str, by: &str) -> RunBody {
        RunBody {
            action: action.into(),
            by: by.into(),
            ..RunBody::default()
        }
    }

    #[test]
    fn starts_ticks_and_refuses_by_the_rules_of_runs() {
        let dir = book();
        let root = dir.path();
        let id = write(
            root,
            RunBody {
                runbook: Some("deploy".into()),
                env: Some("staging".into()),
                ..req("start", "alice")
            },
        )
        .unwrap();
        let tick = |item: &str, by: &str| {
            write(
                root,
                RunBody {
                    run: Some(id.clone()),
                    item: Some(item.into()),
                    ..req("tick", by)
                },
            )
        };
        tick("backup", "alice").unwrap();
        let (status, why) = tick("rollout", "alice").unwrap_err();
        assert_eq!(status, StatusCode::CONFLICT, "{why}");
        let sign = |by: &str| {
            write(
                root,
                RunBody {
                    run: Some(id.clone()),
                    phase: Some("prepare".into()),
                    ..req("sign", by)
                },
            )
        };
        let (status, why) = sign("alice").unwrap_err();
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "the operator may not sign: {why}"
        );
        sign("bob").unwrap();
        tick("rollout", "alice").unwrap();
        let text = std::fs::read_to_string(root.join(writer::path_of(&id).as_str())).unwrap();
        assert_eq!(text.matches("action: ").count(), 3, "{text}");
    }

    #[test]
    fn refuses_without_a_name_or_with_an_unknown_run() {
        let dir = book();
        let (status, _) = write(dir.path(), req("tick", "  ")).unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, why) = write(
            dir.path(),
            RunBody {
                run: Some("nope".into()),
                ..req("finish", "a")
            },
        )
        .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let (status, _) = write(dir.path(), req("dance", "a")).unwrap_err();
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
}
