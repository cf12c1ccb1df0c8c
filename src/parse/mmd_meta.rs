//! MultiMarkdown-style meta-data at the top of an MkDocs page, read as MkDocs reads it
//! when the page has no YAML front matter: lines `Key: value` from the first line on
//! (a key is letters, digits, `_` and `-`, up to three spaces before it, in any case),
//! a line indented by four spaces or a tab adding to the value before it, until a
//! blank line (which ends them and is left out too) or a line of another shape (kept,
//! as the page's first line). The lines are not the page's text; `title` is its title.
//! Pure.

use std::collections::BTreeMap;

use crate::parse::frontmatter::Split;

/// The meta-data of a page and where its body starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Meta {
    /// Each key, lowercased, and its value (a key written twice: the values joined by
    /// a space, as MkDocs joins them).
    pub(crate) values: BTreeMap<String, String>,
    /// Byte offset of the body in the text.
    pub(crate) body_start: usize,
    /// Lines before the body.
    pub(crate) lines: u32,
}

/// The meta-data lines at the start of `text`; `None` when its first line is not one.
pub(crate) fn read(text: &str) -> Option<Meta> {
    let mut meta = Meta::default();
    let mut key: Option<String> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if key.is_some() {
                // The blank line that ends them goes with them.
                meta.body_start = at + line.len();
                meta.lines += 1;
            }
            break;
        }
        if let Some((k, value)) = key_line(content) {
            let value = value.trim();
            meta.values
                .entry(k.clone())
                .and_modify(|v| {
                    v.push(' ');
                    v.push_str(value);
                })
                .or_insert_with(|| value.to_string());
            key = Some(k);
        } else if let (Some(k), Some(more)) = (&key, continued(content)) {
            if let Some(v) = meta.values.get_mut(k) {
                v.push(' ');
                v.push_str(more.trim());
            }
        } else {
            break;
        }
        at += line.len();
        meta.body_start = at;
        meta.lines += 1;
    }
    key.is_some().then_some(meta)
}

/// Takes the meta-data lines off the body of `split`, a page that has no front matter
/// block: `title` is its title (an empty one is none), the other keys go to `extra`,
/// as texts (MkDocs' `page.meta`).
pub(crate) fn apply(split: &mut Split<'_>) {
    if split.line_offset != 0 {
        return;
    }
    let Some(meta) = read(split.body) else {
        return;
    };
    split.body = &split.body[meta.body_start..];
    split.line_offset = meta.lines;
    for (key, value) in meta.values {
        if key == "title" {
            split.front.title = Some(value).filter(|t| !t.is_empty());
        } else {
            split
                .front
                .extra
                .insert(key, serde_json::Value::String(value));
        }
    }
}

/// The meta-data of `text` as mkdocs-macros' `page.meta` has it: each key's text.
pub(crate) fn as_json(text: &str) -> BTreeMap<String, serde_json::Value> {
    read(text).map_or_else(BTreeMap::new, |m| {
        (m.values.into_iter())
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect()
    })
}

/// `Key: value` (up to three spaces before the key): the lowercased key and the rest.
fn key_line(line: &str) -> Option<(String, &str)> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let (key, value) = rest.split_once(':')?;
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then(|| (key.to_ascii_lowercase(), value))
}

/// A line that adds to the value before it: four spaces or a tab first.
fn continued(line: &str) -> Option<&str> {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        read(text).map_or_else(Vec::new, |m| m.values.into_iter().collect())
    }

    #[test]
    fn reads_keys_until_the_blank_line_and_leaves_it_out() {
        let text = "Title:   Deploy the API\nAuthors: Ana\n    Bo\nblank-value:\n\n# Heading\n";
        let meta = read(text).expect("meta");
        assert_eq!(
            meta.values.into_iter().collect::<Vec<_>>(),
            [
                ("authors".into(), "Ana Bo".into()),
                ("blank-value".into(), String::new()),
                ("title".into(), "Deploy the API".into()),
            ]
        );
        assert_eq!(&text[meta.body_start..], "# Heading\n");
        assert_eq!(meta.lines, 5);
    }

    #[test]
    fn a_line_of_another_shape_ends_them_and_stays() {
        let text = "title: Rollback\r\nThe steps follow.\r\n";
        let meta = read(text).expect("meta");
        assert_eq!(&text[meta.body_start..], "The steps follow.\r\n");
        assert_eq!(meta.lines, 1);
        assert_eq!(
            values("Title: A\ntitle: B\n"),
            [("title".into(), "A B".into())]
        );
    }

    #[test]
    fn pages_that_do_not_start_with_a_key_have_none() {
        for text in [
            "# Deploy\n\nTitle: not meta\n",
            "\nTitle: after a blank line\n",
            "    Title: code\n",
            "Two words: no\n",
            "---\ntitle: x\n---\n",
            "",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
        assert_eq!(values("   Tags: ops\n"), [("tags".into(), "ops".into())]);
    }

    #[test]
    fn apply_sets_the_title_and_moves_the_body() {
        let path = crate::base::path::RelPath::new("docs/a.md");
        let mut diags = crate::base::diag::Diagnostics::new();
        let text = "Title: Deploy\nDescription: How we ship\n\n# Steps\n";
        let mut split = crate::parse::frontmatter::split(text, &path, &mut diags);
        apply(&mut split);
        assert_eq!(split.front.title.as_deref(), Some("Deploy"));
        assert_eq!(
            split.front.extra.get("description"),
            Some(&serde_json::Value::String("How we ship".into()))
        );
        assert_eq!((split.body, split.line_offset), ("# Steps\n", 3));
        // A YAML block is the front matter: lines after it are the body's.
        let yaml = "---\ntitle: A\n---\nTitle: B\n";
        let mut split = crate::parse::frontmatter::split(yaml, &path, &mut diags);
        apply(&mut split);
        assert_eq!(split.front.title.as_deref(), Some("A"));
        assert_eq!(split.body, "Title: B\n");
        assert!(diags.is_empty());
    }
}
