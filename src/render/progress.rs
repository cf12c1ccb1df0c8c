//! Progress (SPEC.md §5): done/total per phase and per runbook, for one environment.
//! Pure: a page and an optional team state in, numbers out.
//!
//! Rules:
//! - An item counts for `env` when its own environments list `env`; an item with none
//!   counts when the runbook's environments (front matter / checklist `environments`)
//!   list `env`; when both are empty it counts in every environment.
//! - An item is done when it is ticked in the source (`[x]`, `done: true`), or when the
//!   environment's team state says `done: true`. A source tick wins: a state entry with
//!   `done: false` does not undo it (the author's `[x]` means done everywhere).

use serde::Serialize;

use crate::model::EnvState;
use crate::model::{Item, Page};

/// How many of the counted items are done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Progress {
    pub(crate) done: usize,
    pub(crate) total: usize,
}

impl Progress {
    /// Whole percent done, rounded down (so 100 means all done); 0 when nothing counts.
    pub(crate) fn percent(&self) -> u32 {
        if self.total == 0 {
            return 0;
        }
        let p = self.done.min(self.total) * 100 / self.total;
        u32::try_from(p).unwrap_or(100)
    }

    /// Nothing to do in this environment.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }

    #[cfg(test)]
    pub(crate) fn is_complete(&self) -> bool {
        self.total > 0 && self.done >= self.total
    }

    fn count(&mut self, done: bool) {
        self.total += 1;
        self.done += usize::from(done);
    }
}

impl std::ops::Add for Progress {
    type Output = Progress;
    fn add(self, other: Progress) -> Progress {
        Progress {
            done: self.done + other.done,
            total: self.total + other.total,
        }
    }
}

/// Done in the source, or done in the team state of this environment.
pub(crate) fn is_done(item: &Item, state: Option<&EnvState>) -> bool {
    item.done
        || state
            .and_then(|s| s.entries.get(item.id()))
            .is_some_and(|e| e.done)
}

/// One `Progress` per entry of `page.doc.phases`, in order (phases with no items for
/// `env` are `0/0`). Items pointing past the phase list are left out here, but still
/// count in `runbook_progress`.
pub(crate) fn phase_progress(page: &Page, env: &str, state: Option<&EnvState>) -> Vec<Progress> {
    let mut out = vec![Progress::default(); page.doc.phases.len()];
    let items = page.doc.items.get();
    for item in counted(&items, page, env) {
        if let Some(p) = out.get_mut(item.phase) {
            p.count(is_done(item, state));
        }
    }
    out
}

/// The whole runbook's progress for `env`.
pub(crate) fn runbook_progress(page: &Page, env: &str, state: Option<&EnvState>) -> Progress {
    let mut p = Progress::default();
    let items = page.doc.items.get();
    for item in counted(&items, page, env) {
        p.count(is_done(item, state));
    }
    p
}

/// The page's `items` (`page.doc.items`, read back) that count in `env`.
fn counted<'p>(items: &'p [Item], page: &'p Page, env: &'p str) -> impl Iterator<Item = &'p Item> {
    let envs = &page.front.environments;
    items.iter().filter(move |i| i.applies_to(envs, env))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::base::path::RelPath;
    use crate::model::FrontMatter;
    use crate::model::state::Entry;
    use crate::model::{Document, PageKind, Phase};

    fn item(id: &str, phase: usize, done: bool, envs: &[&str]) -> Item {
        let mut item = Item::new(id, id, 1, 1);
        item.done = done;
        item.phase = phase;
        item.set_environments(envs.iter().map(|e| e.to_string()).collect());
        item
    }

    fn phase(title: &str) -> Phase {
        Phase {
            id: Some(title.to_lowercase()),
            title: title.into(),
            line: 1,
            ..Phase::default()
        }
    }

    fn page(runbook_envs: &[&str], phases: Vec<Phase>, items: Vec<Item>) -> Page {
        Page {
            source: RelPath::new("content/deploy.md"),
            url: "deploy.html".into(),
            id: "deploy".into(),
            title: "Deploy".into(),
            kind: PageKind::Markdown,
            front: FrontMatter {
                environments: runbook_envs.iter().map(|e| e.to_string()).collect(),
                ..FrontMatter::default()
            },
            doc: Document {
                phases,
                items: items.into(),
                ..Document::default()
            },
        }
    }

    fn state(done: &[(&str, bool)]) -> EnvState {
        let entries: BTreeMap<String, Entry> = done
            .iter()
            .map(|(id, d)| {
                let e = Entry {
                    done: *d,
                    ..Entry::default()
                };
                (id.to_string(), e)
            })
            .collect();
        EnvState {
            environment: "production".into(),
            entries,
        }
    }

    fn p(done: usize, total: usize) -> Progress {
        Progress { done, total }
    }

    #[test]
    fn scoped_items_are_not_counted_in_other_environments() {
        let pg = page(
            &[],
            vec![phase("A")],
            vec![
                item("a", 0, false, &[]),
                item("hsts", 0, false, &["production"]),
            ],
        );
        assert_eq!(runbook_progress(&pg, "production", None), p(0, 2));
        assert_eq!(runbook_progress(&pg, "staging", None), p(0, 1));
    }

    #[test]
    fn runbook_environments_scope_unscoped_items() {
        let pg = page(
            &["staging", "production"],
            vec![phase("A")],
            vec![
                item("a", 0, false, &[]),
                item("dev-only", 0, false, &["development"]),
            ],
        );
        assert_eq!(runbook_progress(&pg, "staging", None), p(0, 1));
        assert_eq!(runbook_progress(&pg, "development", None), p(0, 1));
        assert!(!pg.doc.items[0].applies_to(&pg.front.environments, "development"));
        assert!(pg.doc.items[1].applies_to(&pg.front.environments, "development"));
    }

    #[test]
    fn phases_with_no_items_are_zero_of_zero() {
        let pg = page(
            &[],
            vec![phase("A"), phase("Empty"), phase("C")],
            vec![item("a", 0, true, &[]), item("c", 2, false, &[])],
        );
        assert_eq!(
            phase_progress(&pg, "staging", None),
            [p(1, 1), p(0, 0), p(0, 1)]
        );
        assert_eq!(p(0, 0).percent(), 0);
        assert!(p(0, 0).is_empty());
        let none = page(&[], vec![], vec![]);
        assert!(phase_progress(&none, "staging", None).is_empty());
        assert_eq!(runbook_progress(&none, "staging", None), p(0, 0));
    }

    #[test]
    fn source_done_counts_in_every_environment() {
        let pg = page(
            &[],
            vec![phase("A")],
            vec![item("a", 0, true, &[]), item("b", 0, false, &[])],
        );
        for env in ["development", "staging", "production"] {
            assert_eq!(runbook_progress(&pg, env, None), p(1, 2), "{env}");
        }
    }

    #[test]
    fn team_state_marks_items_done() {
        let pg = page(
            &[],
            vec![phase("A")],
            vec![item("a", 0, false, &[]), item("b", 0, false, &[])],
        );
        let st = state(&[("b", true), ("gone", true)]);
        assert_eq!(runbook_progress(&pg, "production", Some(&st)), p(1, 2));
        assert_eq!(phase_progress(&pg, "production", Some(&st)), [p(1, 2)]);
    }

    #[test]
    fn state_done_false_does_not_undo_a_source_tick() {
        let pg = page(&[], vec![phase("A")], vec![item("a", 0, true, &[])]);
        let st = state(&[("a", false)]);
        assert_eq!(runbook_progress(&pg, "production", Some(&st)), p(1, 1));
    }

    #[test]
    fn items_past_the_phase_list_count_only_for_the_runbook() {
        let pg = page(
            &[],
            vec![phase("A")],
            vec![item("a", 0, false, &[]), item("b", 7, true, &[])],
        );
        assert_eq!(phase_progress(&pg, "staging", None), [p(0, 1)]);
        assert_eq!(runbook_progress(&pg, "staging", None), p(1, 2));
    }

    #[test]
    fn percent_rounds_down_and_never_divides_by_zero() {
        assert_eq!(p(1, 3).percent(), 33);
        assert_eq!(p(2, 3).percent(), 66);
        assert_eq!(p(99, 100).percent(), 99);
        assert_eq!(p(3, 3).percent(), 100);
        assert_eq!(p(5, 3).percent(), 100);
        assert!(p(3, 3).is_complete() && !p(0, 0).is_complete());
        assert_eq!(p(1, 2) + p(2, 3), p(3, 5));
    }

    /// The YAML fixture as the lead's pipeline would see it: one item per checklist item,
    /// explicit id or the text as id.
    #[test]
    fn fixture_yaml_valid_progress_per_environment() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/checklist/yaml_valid/"
        );
        let read = |rel: &str| std::fs::read_to_string(format!("{dir}{rel}")).expect("fixture");
        let envs = ["development", "staging", "production"].map(String::from);
        let mut diags = crate::base::diag::Diagnostics::new();
        let c = crate::parse::checklist::parse(
            &read("content/deploy.yml"),
            &RelPath::new("content/deploy.yml"),
            &envs,
            &mut diags,
        )
        .expect("a checklist");
        let st = crate::parse::state::parse(
            &read("state/production.yaml"),
            &RelPath::new("state/production.yaml"),
            "production",
            &mut diags,
        );
        assert!(diags.is_empty());
        let mut items = Vec::new();
        for (i, ph) in c.phases.iter().enumerate() {
            for it in &ph.items {
                let mut x = item(it.id.as_deref().unwrap_or(&it.text), i, it.done, &[]);
                x.set_environments(it.environments.clone());
                items.push(x);
            }
        }
        let envs: Vec<&str> = c.environments.iter().map(String::as_str).collect();
        let pg = page(
            &envs,
            c.phases.iter().map(|p| phase(&p.title)).collect(),
            items,
        );
        assert_eq!(runbook_progress(&pg, "production", Some(&st)), p(2, 4));
        assert_eq!(
            phase_progress(&pg, "production", Some(&st)),
            [p(1, 2), p(1, 2)]
        );
        assert_eq!(runbook_progress(&pg, "staging", None), p(1, 4));
        assert_eq!(runbook_progress(&pg, "development", None), p(0, 0));
    }
}
