//! The allocator: mimalloc, declared the global allocator by each binary (`src/main.rs`
//! as [`Alloc`], which adds [`Heap`]s; the benchmark's `bench/src/main.rs`), then
//! tuned by [`tune`].
//!
//! Highlighting and Markdown make millions of small, short-lived allocations across
//! threads; mimalloc serves them with less CPU than glibc's malloc (user time −10% on
//! the 1,000-page bench book). A build is a short batch job, so freed memory is kept
//! for reuse instead of handed back to the OS after mimalloc's default delay (1 s in
//! v3): every page handed back must be zeroed by the kernel again on its next touch,
//! which on this kind of VM cost more system time than the user time saved (handing
//! back at once: about +3 s of CPU at 10,000 pages). It is handed back only between a
//! build's stages ([`hand_back_now`]), where one stage has let go of what the next does
//! not reuse: −25 to −60 MiB at the 10,000-page peak for a few milliseconds. Nor does
//! the process use transparent huge pages: each one is zeroed whole on first touch,
//! 2 MiB at a time, used or not, and finding one may compact memory first (system time
//! +50% at 10,000 pages, and from 0.1 to 0.8 s between runs at 1,000). The bench's
//! floor program links the same allocator, so the floor comparison stays like for like.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, Ordering};

use libmimalloc_sys as mi;

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (the `mi_option_e` enum);
/// libmimalloc-sys names only some options. A test pins the value by its default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before mimalloc hands it back by itself: longer than
/// any build. Not "never" (`-1`): then mimalloc does not even note what was freed,
/// and [`hand_back_now`] would find nothing to hand back.
const BUILD_PURGE_DELAY_MS: std::ffi::c_long = 3_600_000;

/// Keeps freed memory in the process until [`hand_back_now`], in small pages. Call
/// first in `main`.
pub fn tune() {
    // mimalloc's own `MIMALLOC_PURGE_DELAY`, when set, is left to rule (to measure).
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: `mi_option_set` only writes mimalloc's option table; any option and
        // value are accepted.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, BUILD_PURGE_DELAY_MS) };
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

/// Hands back to the OS, now, the memory every thread of the build has freed: between
/// stages, when what one stage let go of is more than the next one reuses (after a
/// streamed build's parse, its home page, its secret inventory).
pub fn hand_back_now() {
    // Each thread's heap gives its empty pages back to mimalloc's arenas; the last
    // call hands what the arenas hold free back to the OS (`mi_collect(true)` purges
    // at once what waits for its delay).
    rayon::broadcast(|_| collect());
    collect();
}

/// A mimalloc heap of its own, for data that lives long and is let go of all at once
/// (a cache): what [`Heap::within`] allocates goes there, in pages no other data
/// shares. Mixed with the build's short-lived allocations, a cache's blocks keep
/// partly used pages resident after the cache is dropped; on pages of its own, its
/// drop frees whole pages, which the next stage reuses (10,000-page bench book: the
/// highlighter's line caches, 34 MB, dropped after the parse).
pub struct Heap(AtomicPtr<libmimalloc_sys::mi_heap_t>);

std::thread_local! {
    /// The heap this thread allocates from, inside [`Heap::within`]; null outside.
    static CURRENT: Cell<*mut libmimalloc_sys::mi_heap_t> = const { Cell::new(std::ptr::null_mut()) };
}

impl Heap {
    pub const fn new() -> Heap {
        Heap(AtomicPtr::new(std::ptr::null_mut()))
    }

    /// Runs `f` with this thread's allocations made in this heap (when the binary's
    /// allocator is [`Alloc`]; otherwise just runs `f`). Blocks may be freed anywhere.
    pub fn within<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Restore(*mut libmimalloc_sys::mi_heap_t);
        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|c| c.set(self.0));
            }
        }
        let heap = self.get();
        let _restore = Restore(CURRENT.with(|c| c.replace(heap)));
        f()
    }

    fn get(&self) -> *mut libmimalloc_sys::mi_heap_t {
        let heap = self.0.load(Ordering::Acquire);
        if !heap.is_null() {
            return heap;
        }
        // SAFETY: mimalloc makes the heap with its own memory, not through `Alloc`.
        let new = unsafe { libmimalloc_sys::mi_heap_new() };
        match self.0.compare_exchange(
            std::ptr::null_mut(),
            new,
            Ordering::AcqRel,
            Ordering::Acquire,
        ) {
            Ok(_) => new,
            Err(first) => {
                // SAFETY: `new` was never used; another thread's heap won.
                unsafe { libmimalloc_sys::mi_heap_delete(new) };
                first
            }
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// mimalloc as the global allocator, allocating in the thread's [`Heap`] inside
/// [`Heap::within`] and in mimalloc's main heap elsewhere. Declared by `src/main.rs`.
pub struct Alloc;

// SAFETY: every block comes from mimalloc with the layout's size and alignment, and
// `mi_free` frees a block of any heap, from any thread.
unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let heap = CURRENT.with(|c| c.get());
        // SAFETY: mimalloc's allocation calls take any size and a power-of-two
        // alignment, which a `Layout` guarantees; `heap`, when set, is a live heap.
        unsafe {
            if heap.is_null() {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            } else {
                mi::mi_heap_malloc_aligned(heap, layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let heap = CURRENT.with(|c| c.get());
        // SAFETY: as in `alloc`.
        unsafe {
            if heap.is_null() {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            } else {
                mi::mi_heap_zalloc_aligned(heap, layout.size(), layout.align()).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from one of the calls above.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let heap = CURRENT.with(|c| c.get());
        // SAFETY: `ptr` came from one of the calls above, with `layout`'s alignment.
        unsafe {
            if heap.is_null() {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            } else {
                mi::mi_heap_realloc_aligned(heap, ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
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

    #[test]
    fn within_allocates_in_the_heap_and_outside_it_elsewhere() {
        // Unit tests run on the system allocator, so `Alloc` is called directly.
        unsafe extern "C" {
            // mimalloc v3's `mimalloc.h`; libmimalloc-sys declares it for v2 only.
            fn mi_heap_contains(heap: *const mi::mi_heap_t, p: *const std::ffi::c_void) -> bool;
        }
        static HEAP: Heap = Heap::new();
        let layout = Layout::from_size_align(100, 16).unwrap();
        // SAFETY: each block is freed with the allocator it came from.
        unsafe {
            let inside = HEAP.within(|| Alloc.alloc(layout));
            let grown = HEAP.within(|| Alloc.realloc(inside, layout, 5000));
            let outside = Alloc.alloc(layout);
            let heap = HEAP.get();
            assert!(mi_heap_contains(heap, grown.cast()));
            assert!(!mi_heap_contains(heap, outside.cast()));
            assert_eq!(grown as usize % 16, 0);
            // Freed from another thread, as the line caches' blocks may be.
            let grown = grown as usize;
            std::thread::spawn(move || Alloc.dealloc(grown as *mut u8, layout))
                .join()
                .unwrap();
            Alloc.dealloc(outside, layout);
        }
        assert!(CURRENT.with(|c| c.get()).is_null(), "left the heap behind");
    }
}
