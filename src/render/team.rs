//! The committed team state of one page, per environment, for the page's "Team state"
//! list: who ticked what, when and why, readable without JavaScript. Built from
//! `book.state` at render time; a typed context for the theme. Pure. SPEC.md §4.

use serde::Serialize;

use crate::model::{Book, Page};

/// One team entry of one of the page's items.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TeamEntryContext<'a> {
    pub(crate) id: String,
    /// The item's plain text.
    pub(crate) text: String,
    pub(crate) done: bool,
    pub(crate) by: Option<&'a str>,
    pub(crate) at: Option<&'a str>,
    pub(crate) note: Option<&'a str>,
}

/// The team state of one environment for one page, in item order.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TeamEnvContext<'a> {
    pub(crate) env: &'a str,
    pub(crate) entries: Vec<TeamEntryContext<'a>>,
}

/// Every environment of the runbook with at least one entry for one of its items.
pub(crate) fn team<'a>(book: &'a Book, page: &'a Page) -> Vec<TeamEnvContext<'a>> {
    page.environments(&book.environments)
        .iter()
        .filter_map(|env| {
            let state = book.state_of(env)?;
            let entries: Vec<_> = page
                .doc
                .items
                .get()
                .iter()
                .filter_map(|item| {
                    let e = state.entries.get(item.id())?;
                    Some(TeamEntryContext {
                        id: item.id().to_string(),
                        text: item.text().to_string(),
                        done: e.done,
                        by: e.by.as_deref(),
                        at: e.at.as_deref(),
                        note: e.note.as_deref(),
                    })
                })
                .collect();
            (!entries.is_empty()).then_some(TeamEnvContext { env, entries })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn book(files: &[(&str, &str)]) -> Book {
        crate::parse::book::test_book(files)
    }

    #[test]
    fn lists_entries_of_this_page_per_environment_in_item_order() {
        let b = book(&[
            (
                "content/deploy.md",
                "# Deploy\n## Phase 1\n- [ ] z {#zed}\n- [ ] a {#ay}\n",
            ),
            ("content/other.md", "# Other\n- [ ] o {#oh}\n"),
            (
                "state/staging.yaml",
                "ay:\n  done: true\n  by: bob\nzed:\n  done: false\n  note: later\noh:\n  done: true\n",
            ),
        ]);
        let page = b.pages.iter().find(|p| p.id == "deploy").unwrap();
        let t = team(&b, page);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].env, "staging");
        let ids: Vec<_> = t[0]
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.done))
            .collect();
        assert_eq!(ids, [("zed", false), ("ay", true)], "no entry of other.md");
        assert_eq!(t[0].entries[1].by, Some("bob"));
        assert_eq!(t[0].entries[0].note, Some("later"));
    }

    /// The page and the home page carry the committed progress and team state in their
    /// HTML, so readers without JavaScript see them; notes stay text.
    #[test]
    fn pages_show_board_dashboard_and_team_state_without_javascript() {
        let b = book(&[
            (
                "content/deploy.md",
                "# Deploy\n## Phase 1: Prep\n- [x] a\n- [ ] b {#bee env=production}\n",
            ),
            (
                "state/production.yaml",
                "bee:\n  done: true\n  by: alice\n  note: \"<b>x</b>\"\n",
            ),
        ]);
        let theme = crate::render::theme::Theme::load(&Default::default(), "default").unwrap();
        let site = crate::render::site(
            &Config::default(),
            &b,
            &theme,
            &crate::base::cache::Cache::off(),
        )
        .unwrap();
        let page = site.page("deploy.html").unwrap();
        let board = page.split_once("id=\"ck-board\"").expect("board").1;
        let total = r#"<td data-env="production" data-p="all"><span class="cell-num">2/2</span><span class="bar" aria-hidden="true"><span class="bar-fill" style="width:100%"></span></span></td>"#;
        assert!(board.contains(total), "{board}");
        assert!(
            board.contains(
                r#"<td data-env="staging" data-p="all"><span class="cell-num">1/1</span>"#
            )
        );
        let team = page.split_once("id=\"ck-team\"").expect("team state").1;
        assert!(team.contains(r#"<details class="team-env" data-env="production">"#));
        assert!(
            team.contains(r#"<span class="team-by">alice</span>"#),
            "{team}"
        );
        assert!(!team.contains("<b>x"), "the note is escaped: {team}");
        assert!(page.contains(r#"<script type="application/json" id="opsbook-data">{"book":"#));
        let home = site.page("index.html").unwrap();
        assert!(
            home.contains(r#"<tr data-runbook="deploy"><th scope="row"><a href="deploy.html">Deploy</a></th><td data-env="development" data-done="1" data-total="1">"#),
            "{home}"
        );
        assert!(
            home.contains(r#"id="opsbook-data">{"book":"b","#)
                || home.contains(r#"id="opsbook-data">{"#)
        );
    }
}
