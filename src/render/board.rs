//! Progress boards, rendered at build time so a page shows the team's progress without
//! JavaScript: a runbook's phases × environments, the home dashboard of runbooks ×
//! environments, and the JSON each page hands to the checklist script (items, scopes,
//! team state). Typed contexts for the theme. Pure. SPEC.md §4–§5.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::base::html::script_json;
use crate::base::url::relative;
use crate::model::state::Entry;
use crate::model::{Book, Page};
use crate::render::progress::{self, Progress};

/// Done/total of one runbook or phase in one environment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CellContext<'a> {
    pub(crate) env: &'a str,
    pub(crate) done: usize,
    pub(crate) total: usize,
    /// 0–100, rounded down; 0 when there is nothing to count.
    pub(crate) percent: u32,
}

impl<'a> CellContext<'a> {
    fn new(env: &'a str, p: Progress) -> Self {
        CellContext {
            env,
            done: p.done,
            total: p.total,
            percent: p.percent(),
        }
    }
}

/// One phase of a runbook with its progress in every environment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhaseRowContext<'a> {
    pub(crate) title: &'a str,
    /// Anchor of the phase heading (`None` for the leading phase).
    pub(crate) anchor: Option<&'a str>,
    /// Index into the page's phases (the checklist script's `p`).
    pub(crate) index: usize,
    pub(crate) cells: Vec<CellContext<'a>>,
}

/// A runbook's progress board: phases × environments, and the runbook's totals.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BoardContext<'a> {
    /// The environments this runbook applies to, in promotion order.
    pub(crate) environments: Vec<&'a str>,
    /// Phases with at least one item in some environment.
    pub(crate) phases: Vec<PhaseRowContext<'a>>,
    pub(crate) totals: Vec<CellContext<'a>>,
}

/// One runbook on the home dashboard.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DashboardRowContext<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) href: String,
    /// One cell per book environment; `total == 0` where the runbook does not apply.
    pub(crate) cells: Vec<CellContext<'a>>,
}

/// The home dashboard: every runbook with items × every environment.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DashboardContext<'a> {
    pub(crate) environments: Vec<&'a str>,
    pub(crate) rows: Vec<DashboardRowContext<'a>>,
    pub(crate) totals: Vec<CellContext<'a>>,
}

/// The board of page `page`.
pub(crate) fn board<'a>(book: &'a Book, page: &'a Page) -> BoardContext<'a> {
    let envs: Vec<&str> = page
        .environments(&book.environments)
        .iter()
        .map(String::as_str)
        .collect();
    let per_env: Vec<Vec<Progress>> = envs
        .iter()
        .map(|e| progress::phase_progress(page, e, book.state_of(e)))
        .collect();
    let phases = page
        .doc
        .phases
        .iter()
        .enumerate()
        .filter(|(i, _)| per_env.iter().any(|p| p[*i].total > 0))
        .map(|(i, phase)| PhaseRowContext {
            title: &phase.title,
            anchor: phase.id.as_deref(),
            index: i,
            cells: envs
                .iter()
                .zip(&per_env)
                .map(|(e, p)| CellContext::new(e, p[i]))
                .collect(),
        })
        .collect();
    let totals = envs
        .iter()
        .map(|e| CellContext::new(e, progress::runbook_progress(page, e, book.state_of(e))))
        .collect();
    BoardContext {
        environments: envs,
        phases,
        totals,
    }
}

/// The dashboard of the home page (`from` is the home page's own path).
pub(crate) fn dashboard<'a>(book: &'a Book, from: &str) -> DashboardContext<'a> {
    let envs: Vec<&str> = book.environments.iter().map(String::as_str).collect();
    let mut sums = vec![Progress::default(); envs.len()];
    let rows = book
        .pages
        .iter()
        .enumerate()
        .filter(|(i, p)| Some(*i) != book.home && !p.doc.items.is_empty())
        .map(|(_, page)| {
            let cells = envs
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let p = progress::runbook_progress(page, e, book.state_of(e));
                    sums[k] = sums[k] + p;
                    CellContext::new(e, p)
                })
                .collect();
            DashboardRowContext {
                id: &page.id,
                title: &page.title,
                href: relative(from, &page.url),
                cells,
            }
        })
        .collect();
    let totals = envs
        .iter()
        .zip(sums)
        .map(|(e, p)| CellContext::new(e, p))
        .collect();
    DashboardContext {
        environments: envs,
        rows,
        totals,
    }
}

/// What the checklist script needs about one page, as JSON.
#[derive(Debug, Serialize)]
struct PageData<'a> {
    /// Key of the book in localStorage.
    book: &'a str,
    /// Left out in a versioned site: the script takes it from the page's folder, so a
    /// page unchanged between versions is the same file in each.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    environments: &'a [String],
    runbook: &'a str,
    /// The runbook's environments (empty = all).
    scope: &'a [String],
    items: Vec<ItemData<'a>>,
    /// Team state of this page's items: environment → item id → entry.
    team: BTreeMap<&'a str, BTreeMap<&'a str, &'a Entry>>,
}

#[derive(Debug, Serialize)]
struct ItemData<'a> {
    id: &'a str,
    /// Phase index.
    p: usize,
    /// Environments the item is scoped to (empty = the runbook's).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    e: &'a [String],
    /// Done in the source (`[x]`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    s: bool,
}

/// The page's data for `<script type="application/json" id="opsbook-data">`, with every
/// `<` written `\u003c` so no text in it can close the script element.
pub(crate) fn page_data_json(
    book: &Book,
    page: &Page,
    book_key: &str,
    version: Option<&str>,
) -> String {
    let all = page.doc.items.get();
    let items: Vec<ItemData<'_>> = all
        .iter()
        .map(|i| ItemData {
            id: i.id(),
            p: i.phase,
            e: i.environments(),
            s: i.done,
        })
        .collect();
    let mut team = BTreeMap::new();
    for (env, state) in &book.state {
        let entries: BTreeMap<&str, &Entry> = all
            .iter()
            .filter_map(|i| state.entries.get(i.id()).map(|e| (i.id(), e)))
            .collect();
        if !entries.is_empty() {
            team.insert(env.as_str(), entries);
        }
    }
    let data = PageData {
        book: book_key,
        version,
        environments: &book.environments,
        runbook: &page.id,
        scope: &page.front.environments,
        items,
        team,
    };
    script_json(&data)
}

/// Per environment, the item ids the team state marks done: the dashboard leaves out a
/// reader's tick the team has done since, which the build already counts.
pub(crate) fn team_done(book: &Book) -> BTreeMap<&str, Vec<&str>> {
    book.state
        .iter()
        .map(|(env, state)| {
            let done = state
                .entries
                .iter()
                .filter(|(_, e)| e.done)
                .map(|(id, _)| id.as_str())
                .collect();
            (env.as_str(), done)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(files: &[(&str, &str)]) -> Book {
        crate::parse::book::test_book(files)
    }

    const RUNBOOK: &str = "# Deploy\n## Phase 1: Prep\n- [x] a\n- [ ] b {#bee env=production}\n## Phase 2: Go\n- [ ] c\n## Notes\ntext\n";

    #[test]
    fn board_counts_per_phase_and_environment() {
        let b = book(&[
            ("content/deploy.md", RUNBOOK),
            (
                "state/staging.yaml",
                "deploy/phase-2-go/c:\n  done: true\n  by: alice\n",
            ),
        ]);
        let board = board(&b, &b.pages[0]);
        assert_eq!(board.environments, ["development", "staging", "production"]);
        let cells = |row: &PhaseRowContext<'_>| {
            row.cells
                .iter()
                .map(|c| (c.done, c.total))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            board.phases.len(),
            2,
            "the phase without items is not a row"
        );
        assert_eq!(cells(&board.phases[0]), [(1, 1), (1, 1), (1, 2)]);
        assert_eq!(cells(&board.phases[1]), [(0, 1), (1, 1), (0, 1)]);
        let totals: Vec<_> = board
            .totals
            .iter()
            .map(|c| (c.done, c.total, c.percent))
            .collect();
        assert_eq!(totals, [(1, 2, 50), (2, 2, 100), (1, 3, 33)]);
    }

    #[test]
    fn dashboard_has_a_row_per_runbook_with_items() {
        let b = book(&[
            ("content/deploy.md", RUNBOOK),
            ("content/about.md", "# About\n"),
        ]);
        let d = dashboard(&b, "index.html");
        assert_eq!(d.rows.len(), 1);
        assert_eq!(d.rows[0].href, "deploy.html");
        let totals: Vec<_> = d.totals.iter().map(|c| (c.done, c.total)).collect();
        assert_eq!(totals, [(1, 2), (1, 2), (1, 3)]);
    }

    #[test]
    fn page_data_escapes_script_breaking_text() {
        let b = book(&[
            ("content/deploy.md", RUNBOOK),
            (
                "state/production.yaml",
                "bee:\n  done: true\n  note: \"</script><b>x\"\n",
            ),
        ]);
        let json = page_data_json(&b, &b.pages[0], "book", Some("main"));
        assert!(!json.contains('<'), "{json}");
        assert!(json.contains(r#""bee","p":0,"e":["production"]"#), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["team"]["production"]["bee"]["note"], "</script><b>x");
    }
}
