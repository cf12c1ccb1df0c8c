//! The HTTP server loop: accepts connections and serves each with hyper's HTTP/1, with
//! the timeouts a preview needs so that a client that connects and never finishes its
//! request (or idles on a kept-alive connection) cannot hold a connection for ever:
//! the request head must arrive within `HEAD_TIMEOUT` (hyper's timer runs while it
//! waits for a head), and the tick handler bounds its body read the same way
//! (`BODY_TIMEOUT`). The event stream stays open as long as its page does. On Ctrl-C it
//! stops accepting, lets each connection finish its response, and returns.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt as _;

/// How long a connection may take to send a request head, or stay idle between requests.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a request body may take to arrive once its head has.
pub(crate) const BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long open connections get to finish after Ctrl-C.
const DRAIN: Duration = Duration::from_secs(5);

/// Serves `router` on `listener` until `stop` resolves.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    stop: impl std::future::Future<Output = ()>,
) {
    let (closing, closed) = watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(connection(stream, peer, router.clone(), closed.clone()));
                }
                // Out of file descriptors or a reset before accept: wait, go on.
                Err(e) => {
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    let _ = closing.send(true);
    let _ = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

/// One connection: the peer's address goes into every request (`ConnectInfo`), as the
/// write-back's loopback check needs it.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    mut closed: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = router.map_request(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(Body::new);
        req.extensions_mut().insert(ConnectInfo(peer));
        req
    });
    let service = TowerToHyperService::new(service.map_err(|e: Infallible| match e {}));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        _ = closed.changed() => conn.as_mut().graceful_shutdown(),
    }
    let _ = conn.await;
}
