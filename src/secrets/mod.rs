//! Secrets (SPEC.md §6): the leak scanner that refuses to publish real secrets
//! (`rules.rs` what a secret looks like, `scan.rs` the scan and its caches), and the
//! per-environment inventory (`inventory.rs`) of declared secrets
//! (`declared.rs`: `content/secrets.yaml` and checklist `secrets:`) and of those the
//! Markdown mentions (found by `parse::mentions`). `render::secret_pages` renders the
//! inventory; `cmd/secrets.rs` prints it. Uses base/, config/, source/, model/ and
//! parse/.

pub(crate) mod declared;
pub(crate) mod inventory;
pub(crate) mod rules;
pub(crate) mod scan;

use crate::base::diag::Diagnostics;
use crate::config::Config;
use crate::model::Book;
use crate::parse::checklist;
use crate::source::Sources;
use inventory::{Declared, Inventory};

/// The book's inventory: `content/secrets.yaml`, every checklist's `secrets:`, and the
/// mentions in the pages. Problems in `secrets.yaml` go to `diags`.
pub(crate) fn inventory_of(
    cfg: &Config,
    book: &Book,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Inventory {
    let mut declared = declared::load(sources, cfg, diags);
    declared.extend(from_checklists(sources, cfg));
    inventory::build(cfg, book, sources, &declared)
}

/// The secrets every checklist YAML of `content/` declares. The checklist's own
/// problems are reported where checklists are assembled, so they are dropped here.
pub(crate) fn from_checklists(sources: &Sources, cfg: &Config) -> Vec<Declared> {
    let mut out = Vec::new();
    for file in &sources.content {
        let ext = file.path.extension().unwrap_or_default();
        if !(ext == "yaml" || ext == "yml") || file.path.as_str() == declared::SECRETS_FILE {
            continue;
        }
        let Ok(text) = std::str::from_utf8(&file.bytes) else {
            continue;
        };
        let mut ignored = Diagnostics::new();
        if let Some(c) = checklist::parse(text, &file.path, &cfg.environments.names, &mut ignored) {
            out.extend(c.secrets.into_iter().map(|secret| Declared {
                path: file.path.clone(),
                secret,
            }));
        }
    }
    out
}

/// The secret checks of `build` and `check`: the leak scanner on every file, and the
/// shape of `content/secrets.yaml`. The leak scan's per-file results are shared by the
/// versions of a build through `shared` (`SharedScans::off()` for none).
pub(crate) fn check(sources: &Sources, cfg: &Config, shared: &scan::SharedScans) -> Diagnostics {
    let mut diags = scan::scan_shared(sources, cfg, shared);
    declared::load(sources, cfg, &mut diags);
    diags
}

/// `check` for `serve`, at the cost of what changed: the leak scan kept per file in
/// `cache` with only the files at `changed` scanned again (`scan::ScanCache::rescan`),
/// and the diagnostics of `content/secrets.yaml` kept in `declared`, made again when
/// it is `None` or names that file. The same diagnostics as `check`, in another order.
pub(crate) fn check_cached(
    sources: &Sources,
    cfg: &Config,
    cache: &mut scan::ScanCache,
    changed: &[crate::base::path::RelPath],
    hash_of: &dyn Fn(&crate::base::path::RelPath, &[u8]) -> u128,
    declared: &mut Option<Vec<crate::base::diag::Diagnostic>>,
) -> Diagnostics {
    let mut diags = cache.rescan(sources, cfg, changed, hash_of);
    let secrets_file = changed.iter().any(|p| p.as_str() == declared::SECRETS_FILE);
    if declared.is_none() || secrets_file {
        let mut found = Diagnostics::new();
        declared::load(sources, cfg, &mut found);
        *declared = Some(found.into_vec());
    }
    diags.extend(declared.iter().flatten().cloned());
    diags
}

/// [`inventory_of`], or its problems when `secrets.yaml` has errors.
pub(crate) fn inventory_checked(
    cfg: &Config,
    book: &Book,
    sources: &Sources,
) -> Result<Inventory, Diagnostics> {
    let mut diags = Diagnostics::new();
    let inv = inventory_of(cfg, book, sources, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::scan::tests::{UPPER32, fake};
    use super::*;
    use crate::base::cache::Cache;
    use crate::source::test_support::sources;

    #[test]
    fn shared_scan_equals_scan_across_versions() {
        let key = fake("AKIA", UPPER32, 16, 7);
        let other = fake("AKIA", UPPER32, 16, 8);
        let a = format!("# A\n\nkey {key}\n");
        let b = format!("# B\n\n{other}\n");
        let v1 = sources(&[("content/a.md", &a), ("content/b.md", "# B\n")]);
        let v2 = sources(&[("content/a.md", &a), ("content/b.md", &b)]);
        let cfg = Config::default();
        let shared = scan::SharedScans::on();
        for src in [&v1, &v2, &v1] {
            let alone = check(src, &cfg, &scan::SharedScans::off());
            assert!(!alone.is_empty());
            assert_eq!(check(src, &cfg, &shared), alone);
        }
        // Scanned: a.md once, b.md once per content; the rest came from the cache.
        assert_eq!(shared.stats(), (3, 3));
    }
}
