//! Stage timings for `-v`: wall time, the process's CPU time and memory (now, and its
//! peak) after a span, read from `/proc/self` (Linux). Logging only; nothing reads these numbers back.

/// `f()`, its time logged at debug level (`-v` with `RUST_LOG=opsbook=debug`).
/// The log line also gives the process's CPU time over the same span (Linux), so a
/// stage's parallelism shows: CPU ms / wall ms.
pub(crate) fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let cpu = process_cpu_ms();
    let out = f();
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    match (cpu, process_cpu_ms()) {
        (Some(a), Some(b)) => tracing::debug!(
            "{what}: {wall:.1} ms (CPU {} ms, RSS {} MiB, peak {} MiB)",
            b - a,
            rss_mib("VmRSS:").unwrap_or(0),
            rss_mib("VmHWM:").unwrap_or(0)
        ),
        _ => tracing::debug!("{what}: {wall:.1} ms"),
    }
    out
}

/// The process's resident memory now (`VmRSS:`) or at its peak so far (`VmHWM:`), from
/// `/proc/self/status` (Linux).
fn rss_mib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// User + system CPU time of this process in ms, from `/proc/self/stat` (10 ms steps).
fn process_cpu_ms() -> Option<u64> {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return None;
    }
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')')?.1;
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}
