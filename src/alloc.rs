//! The allocator's tuning: mimalloc, declared the global allocator by each binary
//! (`src/main.rs`, the benchmark's `bench/src/main.rs`), then tuned by [`tune`].
//!
//! Highlighting and Markdown make millions of small, short-lived allocations across
//! threads; mimalloc serves them with less CPU than glibc's malloc (user time −10% on
//! the 1,000-page bench book). A build is a short batch job, so freed memory is kept
//! for reuse instead of handed back to the OS after mimalloc's default delay (1 s in
//! v3): every page handed back must be zeroed by the kernel again on its next touch,
//! which on this kind of VM cost more system time than the user time saved. Nor does
//! the process use transparent huge pages: each one is zeroed whole on first touch,
//! 2 MiB at a time, used or not, and finding one may compact memory first (system time
//! +50% at 10,000 pages, and from 0.1 to 0.8 s between runs at 1,000). The bench's
//! floor program links the same allocator, so the floor comparison stays like for like.

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (the `mi_option_e` enum);
/// libmimalloc-sys names only some options. A test pins the value by its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process for the rest of its life, in small pages. Call
/// first in `main`.
pub fn tune() {
    // mimalloc's own `MIMALLOC_PURGE_DELAY`, when set, is left to rule (to measure).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: `mi_option_set` only writes mimalloc's option table; any option and
        // value are accepted, and `-1` for the purge delay means "never purge".
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    }
    // mimalloc reserved its first arena, with `MADV_HUGEPAGE`, before `main`; the
    // process-wide switch covers it too. Failure (an old kernel) only costs time.
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
}

/// How long memory freed by a long-lived process (`serve`) stays in it before it is
/// handed back to the OS: long enough that a rebuild reuses what the one before it
/// freed while it runs, short enough that nothing waits for an idle server.
const SERVER_PURGE_DELAY_MS: std::ffi::c_long = 100;

/// For a process that lives on after its first build (`serve`): freed memory goes back
/// to the OS after [`SERVER_PURGE_DELAY_MS`] instead of never. A 10,000-page book's
/// first build frees about 300 MB it made on the way (secret pages, search index)
/// that the server would otherwise keep for its whole life. Call before that build.
pub fn hand_back_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: as in `tune`.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, SERVER_PURGE_DELAY_MS) };
    }
}

/// Hands back now what [`hand_back_freed_memory`] would hand back later: after a build,
/// while the server waits for the next edit and frees nothing that would do it.
pub fn collect() {
    // SAFETY: `mi_collect` only walks mimalloc's own heaps and arenas.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purge_delay_is_option_15() {
        // mimalloc's default purge delay is 1000 ms (v3 `options.c`); its neighbours
        // differ (the deprecated eager-commit delay 1, `use_numa_nodes` 0). Unit tests
        // never call `tune`.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
