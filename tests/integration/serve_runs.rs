//! A run written to by the page (through `opsbook serve`'s write-back) and by
//! `opsbook run note` processes at once: both take the book's write lock, so no note
//! is lost.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use opsbook::serve::router;
use tower::ServiceExt as _;

use crate::serve::{HOST, ORIGIN, app, list_book};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn page_and_cli_notes_on_one_run_are_all_kept() {
    let book = list_book(20);
    let (app, _) = app(book.root());
    let root = book.root().to_path_buf();
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["run", "start", "list", "--for", "ivy", "--by", "ivy"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let (rebuild, _seen) = std::sync::mpsc::channel();
    let backend = opsbook::serve::run_writeback::RunBackend {
        root: root.clone(),
        rebuild: std::sync::Mutex::new(rebuild),
    };
    assert!(app.runs.set(backend).is_ok());
    // 24 `opsbook run note` processes, 4 at a time, while 40 notes come from the page:
    // both writers take the book's write lock, so none may be lost or reordered in time.
    let cli = {
        let (root, id) = (root.clone(), id.clone());
        std::thread::spawn(move || {
            let mut failed = 0;
            for round in 0..6 {
                let children: Vec<Child> = (0..4)
                    .map(|k| {
                        let n = round * 4 + k;
                        Command::new(env!("CARGO_BIN_EXE_opsbook"))
                            .args(["run", "note", &id, &format!("step-{}", n % 20)])
                            .args(["--by", "cli", "--note", &format!("cli {n}")])
                            .current_dir(&root)
                            .stdout(Stdio::null())
                            .stderr(Stdio::null())
                            .spawn()
                            .expect("start opsbook run note")
                    })
                    .collect();
                for mut child in children {
                    failed += usize::from(!child.wait().expect("wait").success());
                }
            }
            failed
        })
    };
    let mut tasks = Vec::new();
    for n in 0..40 {
        let app = Arc::clone(&app);
        let id = id.clone();
        tasks.push(tokio::spawn(async move {
            let body = format!(
                r#"{{"action":"note","run":"{id}","item":"step-{}","note":"page {n}","by":"page"}}"#,
                n % 20
            );
            let mut req = Request::builder()
                .method("POST")
                .uri("/_opsbook/run")
                .header(header::HOST, HOST)
                .header(header::ORIGIN, ORIGIN)
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-opsbook-token", app.guard.token.clone());
            req = req.extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50_000))));
            let res = router(Arc::clone(&app))
                .oneshot(req.body(Body::from(body)).unwrap())
                .await
                .unwrap();
            res.status()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(cli.join().unwrap(), 0, "every CLI note succeeded");
    let text = std::fs::read_to_string(root.join(format!("runs/{id}.yaml"))).unwrap();
    for n in 0..40 {
        assert!(
            text.contains(&format!("\"page {n}\"")),
            "page note {n} lost"
        );
    }
    for n in 0..24 {
        assert!(text.contains(&format!("\"cli {n}\"")), "cli note {n} lost");
    }
    assert_eq!(text.matches("action: note").count(), 64);
    // The file reads back cleanly: times in order, every event admitted.
    Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["check"])
        .current_dir(&root)
        .status()
        .map(|s| assert!(s.success(), "opsbook check after the notes"))
        .unwrap();
}
