//! A cache of per-file results shared by the versions of a versioned build: a content
//! file whose bytes, path and config are the same in two versions is parsed once
//! (`parse::book::assemble`). Keyed by the full inputs (hashed, then compared), so a
//! hit is exactly what parsing again would give. Owned by one build and passed in:
//! no global state. SPEC.md §7.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::base::cache::Cache;
use crate::config::Config;
use crate::source::SourceFile;

/// What a file's result depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The config, as JSON.
    config: String,
    path: String,
    bytes: Vec<u8>,
}

/// Per-file results of type `V`; `FileCache::off()` caches nothing.
#[derive(Debug)]
pub(crate) struct FileCache<V> {
    /// One cell per key: a second version asking for a file another is parsing right
    /// now waits for that result instead of parsing it again.
    map: Option<Mutex<HashMap<Key, Arc<OnceLock<V>>>>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl<V: Clone> Cache for FileCache<V> {
    fn on() -> Self {
        FileCache {
            map: Some(Mutex::new(HashMap::new())),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    fn off() -> Self {
        FileCache {
            map: None,
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }
}

impl<V: Clone> FileCache<V> {
    /// The key part for `cfg`; compute it once per book, not per file. `[versions]`
    /// and `[site] url` are left out: parsing a file reads neither, and they differ
    /// between tags of one book (a tag made before `[versions]` was added).
    pub(crate) fn config_key(&self, cfg: &Config) -> String {
        match self.map {
            Some(_) => {
                let mut cfg = cfg.clone();
                cfg.versions = Default::default();
                cfg.site.url = None;
                let mut key = serde_json::to_string(&cfg).unwrap_or_default();
                // What a Hugo site's pages read of its config (`param`, `_index.en.md`).
                if let Some(hugo) = &cfg.hugo {
                    key.push_str(&hugo.params.to_string());
                    key.push_str(&hugo.default_language);
                }
                key
            }
            None => String::new(),
        }
    }

    /// The cached result for `file` under the config `config_key`, or `compute()`
    /// (outside the map's lock, so different files are still parsed in parallel).
    pub(crate) fn get_or(
        &self,
        config_key: &str,
        file: &SourceFile,
        compute: impl FnOnce() -> V,
    ) -> V {
        let Some(map) = &self.map else {
            return compute();
        };
        let key = Key {
            config: config_key.to_string(),
            path: file.path.as_str().to_string(),
            bytes: file.bytes.clone(),
        };
        let Some(cell) = map
            .lock()
            .ok()
            .map(|mut m| m.entry(key).or_default().clone())
        else {
            return compute();
        };
        let mut computed = false;
        let v = cell
            .get_or_init(|| {
                computed = true;
                compute()
            })
            .clone();
        let counter = if computed { &self.misses } else { &self.hits };
        counter.fetch_add(1, Ordering::Relaxed);
        v
    }

    /// (files taken from the cache, files computed).
    pub(crate) fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::path::RelPath;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile {
            path: RelPath::new(path),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn same_file_and_config_is_computed_once() {
        let cache = FileCache::on();
        let cfg = cache.config_key(&Config::default());
        let mut calls = 0;
        for f in [
            file("a.md", "x"),
            file("a.md", "x"),
            file("a.md", "y"),
            file("b.md", "x"),
        ] {
            cache.get_or(&cfg, &f, || {
                calls += 1;
                calls
            });
        }
        assert_eq!(calls, 3);
        assert_eq!(cache.stats(), (1, 3));
        let mut other = Config::default();
        other.phases.heading_level = 3;
        let other = cache.config_key(&other);
        assert_eq!(cache.get_or(&other, &file("a.md", "x"), || 99), 99);
    }

    #[test]
    fn a_file_asked_for_twice_at_once_is_computed_once() {
        let cache = FileCache::on();
        let cfg = cache.config_key(&Config::default());
        let calls = AtomicUsize::new(0);
        let f = file("a.md", "x");
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    cache.get_or(&cfg, &f, || {
                        calls.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        7
                    })
                });
            }
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(cache.stats(), (3, 1));
    }

    #[test]
    fn a_hugo_sites_params_are_part_of_the_key_and_its_clock_is_not() {
        let cache: FileCache<u8> = FileCache::on();
        let hugo = |params: serde_json::Value, now| Config {
            hugo: Some(crate::config::hugo::Hugo {
                params,
                now,
                ..Default::default()
            }),
            ..Config::default()
        };
        let a = cache.config_key(&hugo(serde_json::json!({"v": 1}), Some(1)));
        let later = cache.config_key(&hugo(serde_json::json!({"v": 1}), Some(2)));
        let other = cache.config_key(&hugo(serde_json::json!({"v": 2}), Some(1)));
        assert_eq!(a, later, "pages are parsed the same at any time");
        assert_ne!(a, other, "`param` prints the new value");
    }

    #[test]
    fn off_always_computes() {
        let cache = FileCache::off();
        let cfg = cache.config_key(&Config::default());
        assert_eq!(cache.get_or(&cfg, &file("a.md", "x"), || 1), 1);
        assert_eq!(cache.get_or(&cfg, &file("a.md", "x"), || 2), 2);
    }
}
