//! Heading pass: gives every heading an id (explicit `{#id}` wins, else GitHub's slug
//! of its text as rendered, deduplicated as GitHub does), puts a self-link anchor in
//! it, and lists the headings. Must not decide phases (that is `phases.rs`).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Ctx, Events, collapse_ws, escape, plain_text};
use crate::model::Heading;
use crate::parse::ids::{self, Slugger};

/// A heading as the later passes need it.
#[derive(Debug, Clone)]
pub(crate) struct HeadingInfo {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) explicit: bool,
    pub(crate) text: String,
    /// Byte offset of the heading in the body.
    pub(crate) offset: usize,
    /// 1-based line in the file.
    pub(crate) line: u32,
    /// Run attributes (`{gate approvers=a,b estimate=30m}`), taken out of the HTML; they
    /// count only on a heading that starts a phase.
    pub(crate) gate: bool,
    pub(crate) approvers: Vec<String>,
    /// `estimate=` as written (checked by `check_estimates`).
    pub(crate) estimate: Option<String>,
}

impl HeadingInfo {
    pub(crate) fn into_model(self) -> Heading {
        Heading {
            level: self.level,
            id: self.id,
            text: self.text,
            line: self.line,
        }
    }
}

pub(crate) fn run<'a>(events: Events<'a>, ctx: &Ctx<'_>) -> (Events<'a>, Vec<HeadingInfo>) {
    let mut slugger = Slugger::default();
    let mut mkdocs_seen = crate::base::hash::FxHashSet::default();
    // Explicit ids are taken first, so no generated slug can take one.
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = e {
            slugger.reserve(id);
        }
    }
    let mut out = Vec::with_capacity(events.len() + events.len() / 16);
    let mut heads = Vec::new();
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push((event, range));
            continue;
        };
        let inner: Events<'a> = iter
            .by_ref()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
            .collect();
        let raw = plain_text(inner.iter().map(|(e, _)| e));
        let explicit = id.is_some();
        let id = match id {
            Some(id) => id.to_string(),
            // GitHub slugs the text as rendered: inner spacing is kept.
            None => unique_slug(
                &mut slugger,
                raw.trim_matches(|c: char| c.is_ascii_whitespace()),
            ),
        };
        let text = collapse_ws(&raw);
        // The id MkDocs gives the heading, when it is another one.
        let alias = (ctx.opts.mkdocs_ids)
            .filter(|_| !explicit)
            .map(|how| {
                let slug =
                    ids::mkdocs_slug(raw.trim_matches(|c: char| c.is_ascii_whitespace()), how);
                ids::mkdocs_unique(&mut mkdocs_seen, slug)
            })
            .filter(|alias| *alias != id);
        let mut attrs = attrs;
        let mut gate = false;
        let mut approvers = Vec::new();
        let mut estimate = None;
        attrs.retain(|(k, v)| match (k.as_ref(), v) {
            ("gate", None) => {
                gate = true;
                false
            }
            ("approvers", Some(v)) => {
                approvers.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string),
                );
                false
            }
            ("estimate", Some(v)) => {
                estimate = Some(v.to_string());
                false
            }
            _ => true,
        });
        heads.push(HeadingInfo {
            level: level as u8,
            id: id.clone(),
            explicit,
            text,
            offset: range.start,
            line: ctx.pos(range.start).0,
            gate,
            approvers,
            estimate,
        });
        let at = range.start..range.start;
        out.push((
            Event::Start(Tag::Heading {
                level,
                id: Some(CowStr::from(id.clone())),
                classes,
                attrs,
            }),
            range,
        ));
        out.push((Event::InlineHtml(anchor(&id).into()), at.clone()));
        if let Some(alias) = alias {
            let span = format!("<span id=\"{}\"></span>", escape(&alias));
            out.push((Event::InlineHtml(span.into()), at.clone()));
        }
        out.extend(inner);
        out.push((Event::End(TagEnd::Heading(level)), at));
    }
    (out, heads)
}

/// GitHub's slug, made unique; a heading with no sluggable text gets `section`.
fn unique_slug(slugger: &mut Slugger, text: &str) -> String {
    let base = ids::slug(text);
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    slugger.unique(&base)
}

fn anchor(id: &str) -> String {
    let id = escape(id);
    // Hidden from screen readers (the heading says it all) and so from the tab order
    // too: a focusable element must not be aria-hidden, and a tab stop per heading is
    // noise. A click still copies the link (links.js).
    format!("<a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
}

#[cfg(test)]
mod tests {
    use crate::parse::markdown::test_support::render_page;

    fn ids(body: &str) -> Vec<String> {
        render_page(body)
            .0
            .headings
            .iter()
            .map(|h| h.id.clone())
            .collect()
    }

    #[test]
    fn ids_follow_github_slugger() {
        assert_eq!(
            ids("# 🚀 SSH for GitHub Actions\n## 🛠️ SSH Command Settings\n## Q\\&A\n"),
            [
                "-ssh-for-github-actions",
                "\u{FE0F}-ssh-command-settings",
                "qa"
            ]
        );
    }

    #[test]
    fn duplicates_get_numbered_in_order() {
        assert_eq!(
            ids("## Summary\n## Summary\n## Summary\n## Summary 1\n"),
            ["summary", "summary-1", "summary-2", "summary-1-1"]
        );
    }

    #[test]
    fn slug_uses_rendered_text() {
        assert_eq!(
            ids("## Run `make` &amp; <em>go</em> <upgrade-version>\n"),
            ["run-make--go"]
        );
        assert_eq!(
            ids("## :wrench: &nbsp;What is it?\n"),
            ["wrench-what-is-it"]
        );
    }

    #[test]
    fn explicit_id_wins_and_is_reserved() {
        assert_eq!(ids("## Setup\n## Other {#setup}\n"), ["setup-1", "setup"]);
    }

    #[test]
    fn heading_gets_id_and_self_link() {
        let (doc, _) = render_page("## Deploy now\n");
        assert_eq!(
            &*doc.html,
            "<h2 id=\"deploy-now\"><a class=\"anchor\" href=\"#deploy-now\" aria-hidden=\"true\" tabindex=\"-1\">#</a>Deploy now</h2>\n"
        );
        assert_eq!(doc.headings[0].text, "Deploy now");
        assert_eq!(doc.headings[0].line, 1);
    }

    #[test]
    fn h1_is_plain_text_of_first_h1() {
        let (doc, _) = render_page("## a\n# The *real* `title`\n# second\n");
        assert_eq!(doc.h1.as_deref(), Some("The real title"));
    }

    #[test]
    fn emoji_only_heading_gets_a_fallback_id() {
        assert_eq!(ids("## 🚀\n"), ["section"]);
    }
}
