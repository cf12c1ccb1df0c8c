//! What a Hugo site's page says in its front matter beyond opsbook's keys, read as
//! Hugo reads it: its dates (`date`, else `publishDate`, `pubdate`, `published`,
//! `lastmod`, `modified`); whether Hugo would build it (not a `headless: true` page
//! or one with `_build: {render: never}`; not a `publishDate` later than now, or an
//! `expiryDate` past, unless the site's `buildFuture` or `buildExpired` says so);
//! whether it is listed (`_build: {list: never}`: built, out of the sidebar); the key
//! Hugo's default order sorts titles by; and the value of a `param` (the page's front
//! matter, then the site's `params`, keys in any case, dotted paths into tables).
//! Front-matter keys are Hugo's in any case. Also the `-v` note on translations left
//! out and the warnings for dates that are none. Pure: the time is the config's
//! (`config/hugo.rs`).

use serde_json::Value;

use std::collections::BTreeMap;

use crate::base::diag::{Code, Diagnostic};
use crate::base::path::RelPath;
use crate::config::Config;
use crate::config::hugo::Hugo;
use crate::model::FrontMatter;
use crate::parse::book::{FileKind, below_content, kind_of};
use crate::source::Sources;

/// The language of a translation's file name (`intro.fa.md`, `_index.zh-cn.md`): one
/// of the site's languages other than its default. Hugo builds it under `/fa/`;
/// opsbook builds the default language only.
pub(crate) fn translation<'a>(rel: &'a str, hugo: &Hugo) -> Option<&'a str> {
    language_of(rel, hugo).filter(|lang| !lang.eq_ignore_ascii_case(&hugo.default_language))
}

/// `rel` without the default language in its file name (`_index.en.md` → `_index.md`),
/// as Hugo places the page.
pub(crate) fn without_language<'a>(rel: &'a str, hugo: &Hugo) -> std::borrow::Cow<'a, str> {
    match language_of(rel, hugo) {
        Some(lang) => {
            let at = rel.len() - rel.rsplit('.').next().map_or(0, str::len) - 1 - lang.len() - 1;
            std::borrow::Cow::Owned(format!("{}{}", &rel[..at], &rel[at + lang.len() + 1..]))
        }
        None => std::borrow::Cow::Borrowed(rel),
    }
}

/// The configured language named before a file's extension, if any.
fn language_of<'a>(rel: &'a str, hugo: &Hugo) -> Option<&'a str> {
    let name = rel.rsplit('/').next()?;
    let (stem, _) = name.rsplit_once('.')?;
    let (_, lang) = stem.rsplit_once('.')?;
    hugo.languages
        .iter()
        .any(|l| l.eq_ignore_ascii_case(lang))
        .then_some(lang)
}

/// The keys Hugo reads a page's date from, in its order.
const DATE_KEYS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];

/// The keys Hugo reads a page's publish date from, in its order.
const PUBLISH_KEYS: &[&str] = &["publishdate", "pubdate", "published", "date"];

/// The keys Hugo reads a page's expiry date from.
const EXPIRY_KEYS: &[&str] = &["expirydate", "unpublishdate"];

/// A front-matter value by its key in any case (`publishDate`, `publishdate`).
fn get<'a>(front: &'a FrontMatter, key: &str) -> Option<&'a Value> {
    front
        .extra
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The first of `keys` that holds a date: its text and its time (seconds since 1970).
fn first_date<'a>(front: &'a FrontMatter, keys: &[&str]) -> Option<(&'a str, i64)> {
    keys.iter().find_map(|k| {
        let text = get(front, k)?.as_str()?;
        Some((text, parse_date(text)?))
    })
}

/// The page's date as written (`2024-01-31T09:00:00+02:00`), for the `:year`,
/// `:month` and `:day` of Hugo's `permalinks`; `None` when it has none.
pub(crate) fn date_text(front: &FrontMatter) -> Option<&str> {
    first_date(front, DATE_KEYS).map(|(text, _)| text)
}

/// The page's date as Hugo sorts by it (seconds since 1970); `None` when it has none.
pub(crate) fn date(front: &FrontMatter) -> Option<i64> {
    first_date(front, DATE_KEYS).map(|(_, t)| t)
}

/// A page's `_build` (newer Hugo: `build`) option `key` (`render`, `list`) as Hugo
/// writes it: `always`, `never`, `local`, `link`; Hugo's older booleans read as
/// `always` and `never`.
fn build_option(front: &FrontMatter, key: &str) -> Option<String> {
    let value = get(front, "_build")
        .or_else(|| get(front, "build"))?
        .as_object()?;
    let (_, v) = value.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))?;
    match v {
        Value::Bool(true) => Some("always".into()),
        Value::Bool(false) => Some("never".into()),
        Value::String(s) => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}

/// Whether Hugo leaves the page out of its section's lists (`_build: {list: never}`):
/// built, but not in the sidebar.
pub(crate) fn unlisted(front: &FrontMatter) -> bool {
    build_option(front, "list").as_deref() == Some("never")
}

/// Why Hugo would not build the page now, for a `-v` note; `None` when it would.
pub(crate) fn not_built(front: &FrontMatter, hugo: &Hugo) -> Option<String> {
    if get(front, "headless").and_then(Value::as_bool) == Some(true) {
        return Some("`headless: true`: Hugo writes no page for it".into());
    }
    if let Some(render) = build_option(front, "render").filter(|r| r == "never" || r == "link") {
        let key = if get(front, "_build").is_some() {
            "_build"
        } else {
            "build"
        };
        return Some(format!(
            "`{key}: {{render: {render}}}`: Hugo writes no page for it"
        ));
    }
    unpublished(front, hugo)
}

/// Why Hugo would not publish the page now, by its dates (a section's pages go with
/// it, `parse/hugo_cascade.rs`); `None` when it would.
pub(crate) fn unpublished(front: &FrontMatter, hugo: &Hugo) -> Option<String> {
    let now = hugo.now?;
    if !hugo.build_future
        && let Some((text, t)) = first_date(front, PUBLISH_KEYS)
        && t > now
    {
        return Some(format!(
            "it is to be published on {text}; Hugo builds it then (or with `buildFuture = true`)"
        ));
    }
    if !hugo.build_expired
        && let Some((text, t)) = first_date(front, EXPIRY_KEYS)
        && t <= now
    {
        return Some(format!(
            "it expired on {text}; Hugo leaves it out (or builds it with `buildExpired = true`)"
        ));
    }
    None
}

/// The date keys of the page whose text is not a date: (key as written, text).
pub(crate) fn bad_dates(front: &FrontMatter) -> Vec<(&str, &str)> {
    front
        .extra
        .iter()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            DATE_KEYS.contains(&k.as_str()) || EXPIRY_KEYS.contains(&k.as_str())
        })
        .filter_map(|(k, v)| {
            let text = v.as_str()?;
            parse_date(text).is_none().then_some((k.as_str(), text))
        })
        .collect()
}

/// A date as Hugo's front matter writes it → seconds since 1970 (UTC):
/// `2024-01-02`, `2024-01-02T03:04:05Z`, `2024-01-02 03:04:05`, with fractions of a
/// second and an offset (`+02:00`, `-0700`) or none (UTC).
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let num = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (day, rest) = text.split_at_checked(10)?;
    let mut parts = day.split('-');
    let (y, m, d) = (
        num(parts.next()?)?,
        num(parts.next()?)?,
        num(parts.next()?)?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || day.as_bytes()[4] != b'-' {
        return None;
    }
    let mut secs = crate::base::clock::days_from_civil(y, m, d) * 86_400;
    let rest = rest.trim_start_matches(['T', 't', ' ']);
    if rest.is_empty() {
        return Some(secs);
    }
    let (time, zone) = rest.split_at_checked(8)?;
    let mut hms = time.split(':');
    let (h, mi, s) = (num(hms.next()?)?, num(hms.next()?)?, num(hms.next()?)?);
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    secs += h * 3600 + mi * 60 + s;
    let zone = zone.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let zone = zone.trim();
    let offset = match zone {
        "" | "Z" | "z" | "UTC" => 0,
        _ => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = zone[1..].replace(':', "");
            if digits.len() != 4 {
                return None;
            }
            sign * (num(&digits[..2])? * 3600 + num(&digits[2..])? * 60)
        }
    };
    Some(secs - offset)
}

/// The key Hugo's default order compares titles by, near its collation: case and
/// the accents of Latin letters do not count, except to break a tie.
pub(crate) fn title_key(title: &str) -> (String, String) {
    let folded = title
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì'..='ï' | 'ī' | 'į' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ś' | 'š' => 's',
            'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            other => other,
        })
        .collect();
    (folded, title.to_string())
}

/// The value a `param` shortcode prints for `key` on a page: the page's front matter
/// (and its `params` table), then the site's `params`; a dotted key (`a.b`) goes into
/// tables. `None` when neither has it.
pub(crate) fn param(front: &FrontMatter, site: &Value, key: &str) -> Option<String> {
    let mut path = key.split('.');
    let first = path.next()?;
    let rest: Vec<&str> = path.collect();
    let page = get(front, first)
        .or_else(|| get(front, "params").and_then(|p| lookup(p, &[first])))
        .and_then(|v| lookup(v, &rest));
    let value = page.or_else(|| {
        let mut all = vec![first];
        all.extend(&rest);
        lookup(site, &all)
    })?;
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Null | Value::Object(_) => None,
        Value::Array(items) => Some(format!(
            "[{}]",
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(" ")
        )),
        other => Some(other.to_string()),
    }
}

/// `value` at `path` of table keys (any case).
fn lookup<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| {
        v.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A Hugo site's leaf bundles: the folders with an `index.md` (and no `_index.md`).
/// Hugo builds no page for the other Markdown files in one (or in its folders, at any
/// depth): they are the bundle's resources, for its page to use. Its other files are
/// copied, as any file is.
#[derive(Debug, Default)]
pub(crate) struct LeafBundles(std::collections::BTreeSet<String>);

impl LeafBundles {
    /// The leaf bundles among `src`'s content (none unless `cfg` is a Hugo site's).
    pub(crate) fn of(cfg: &Config, src: &Sources) -> Self {
        let Some(hugo) = &cfg.hugo else {
            return LeafBundles::default();
        };
        let mut leaves = std::collections::BTreeSet::new();
        let mut branches = std::collections::BTreeSet::new();
        for f in &src.content {
            let rel = below_content(&f.path, cfg.content_prefix());
            if kind_of(&f.path) != FileKind::Markdown || translation(rel, hugo).is_some() {
                continue;
            }
            let rel = without_language(rel, hugo);
            let (dir, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            match stem {
                "index" if !dir.is_empty() => leaves.insert(dir.to_string()),
                "_index" => branches.insert(dir.to_string()),
                _ => false,
            };
        }
        LeafBundles(leaves.difference(&branches).cloned().collect())
    }

    /// The leaf bundle whose resource the Markdown file `rel` (below the content
    /// folder) is, if any: never its own `index.md`.
    pub(crate) fn holding<'a>(&'a self, rel: &str) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        let mut dir = rel.rsplit_once('/')?.0;
        let name = &rel[dir.len() + 1..];
        let own = name.starts_with("index.");
        loop {
            if let Some(found) = self.0.get(dir)
                && !(own && dir.len() + 1 + name.len() == rel.len())
            {
                return Some(found);
            }
            dir = dir.rsplit_once('/')?.0;
        }
    }

    /// A `-v` note for each Markdown file of a leaf bundle, not built.
    pub(crate) fn note_resources(&self, cfg: &Config, src: &Sources) {
        for f in &src.content {
            let rel = below_content(&f.path, cfg.content_prefix());
            if kind_of(&f.path) == FileKind::Markdown
                && let Some(bundle) = self.holding(rel)
            {
                tracing::info!(
                    "{}: not built: a resource of the leaf bundle `{bundle}` (its page is `{bundle}/index.md`), as in Hugo",
                    f.path
                );
            }
        }
    }
}

/// The folders (below the content folder) with their own section page (`_index.md`)
/// among the pages at `rels` (without the default language's name).
pub(crate) fn sections<'a>(
    rels: impl Iterator<Item = &'a str>,
) -> std::collections::BTreeSet<&'a str> {
    rels.filter_map(|rel| {
        let (dir, name) = rel.rsplit_once('/')?;
        name.starts_with("_index.").then_some(dir)
    })
    .collect()
}

/// A `-v` note for each language of a Hugo site's translations, which are not built.
pub(crate) fn note_translations(cfg: &Config, src: &Sources) {
    let Some(hugo) = &cfg.hugo else {
        return;
    };
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &src.content {
        let rel = below_content(&f.path, cfg.content_prefix());
        if kind_of(&f.path) == FileKind::Markdown
            && let Some(lang) = crate::parse::hugo_page::translation(rel, hugo)
        {
            *count.entry(lang).or_default() += 1;
        }
    }
    for (lang, n) in count {
        tracing::info!(
            "{}: {n} pages in `{lang}` (translations: `name.{lang}.md`) are not built: opsbook builds the default language, `{}`",
            hugo.file,
            hugo.default_language
        );
    }
}

/// A `front-matter` warning for each of a Hugo page's dates that is not a date, at
/// the line of its key.
pub(crate) fn bad_dates_diagnostics(
    front: &FrontMatter,
    text: &str,
    path: &RelPath,
) -> Vec<Diagnostic> {
    let bad = bad_dates(front);
    bad.into_iter()
        .map(|(key, value)| {
            let line = text
                .lines()
                .position(|l| {
                    let l = l.trim_start().trim_start_matches(['"', '\'']);
                    l.starts_with(key)
                })
                .map_or(1, |n| u32::try_from(n + 1).unwrap_or(1));
            let col = text
                .lines()
                .nth(line as usize - 1)
                .and_then(|l| l.find(value))
                .map_or(1, |c| u32::try_from(c + 1).unwrap_or(1));
            Diagnostic::warning(
                Code::FrontMatter,
                path.clone(),
                format!("`{key}` is not a date Hugo reads: `{value}`; it is ignored"),
            )
            .at(text, line, col)
            .with_hint(format!(
                "write it as `{key}: 2024-01-31` or `{key}: 2024-01-31T09:00:00Z`"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(pairs: &[(&str, Value)]) -> FrontMatter {
        FrontMatter {
            extra: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn dates_in_hugo_forms() {
        assert_eq!(parse_date("1970-01-02"), Some(86_400));
        assert_eq!(parse_date("2024-01-02T03:04:05Z"), Some(1_704_164_645));
        assert_eq!(parse_date("2024-01-02 03:04:05"), Some(1_704_164_645));
        assert_eq!(parse_date("2024-01-02T05:04:05+02:00"), Some(1_704_164_645));
        assert_eq!(
            parse_date("2024-01-02T03:04:05.123-0100"),
            Some(1_704_168_245)
        );
        assert_eq!(parse_date("1969-12-31"), Some(-86_400));
        for bad in ["yesterday", "2024-13-01", "2024-1-2", "2024-01-02T3:04", ""] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_date_falls_back_as_hugo_reads_it() {
        let f = front(&[
            ("lastmod", "2020-01-01".into()),
            ("publishDate", "2021-01-01".into()),
        ]);
        assert_eq!(date(&f), parse_date("2021-01-01"));
        assert_eq!(date(&front(&[])), None);
        let f = front(&[("Date", "nope".into()), ("expiryDate", "2020-01-01".into())]);
        assert_eq!(bad_dates(&f), [("Date", "nope")]);
    }

    #[test]
    fn future_and_expired_pages_are_not_built() {
        let hugo = Hugo {
            now: parse_date("2025-06-01"),
            ..Hugo::default()
        };
        let future = front(&[("date", "2025-07-01".into())]);
        let why = not_built(&future, &hugo).expect("left out");
        assert!(
            why.starts_with("it is to be published on 2025-07-01"),
            "{why}"
        );
        let published = front(&[
            ("date", "2025-07-01".into()),
            ("publishdate", "2025-01-01".into()),
        ]);
        assert_eq!(not_built(&published, &hugo), None, "publishDate wins");
        let expired = front(&[("ExpiryDate", "2025-05-31T23:59:59Z".into())]);
        assert!(not_built(&expired, &hugo).is_some());
        let both = Hugo {
            build_future: true,
            build_expired: true,
            ..hugo.clone()
        };
        assert_eq!(not_built(&future, &both), None);
        assert_eq!(not_built(&expired, &both), None);
        let clockless = Hugo::default();
        assert_eq!(not_built(&future, &clockless), None);
    }

    #[test]
    fn headless_and_build_options() {
        let hugo = Hugo::default();
        let headless = front(&[("headless", true.into())]);
        assert!(not_built(&headless, &hugo).is_some());
        let never = front(&[("_build", serde_json::json!({"render": "never"}))]);
        let why = not_built(&never, &hugo).expect("left out");
        assert_eq!(why, "`_build: {render: never}`: Hugo writes no page for it");
        let old = front(&[("_build", serde_json::json!({"render": false}))]);
        assert!(not_built(&old, &hugo).is_some(), "Hugo's older boolean");
        let unlisted_page = front(&[("_build", serde_json::json!({"list": "never"}))]);
        assert_eq!(not_built(&unlisted_page, &hugo), None);
        assert!(unlisted(&unlisted_page));
        assert!(!unlisted(&front(&[(
            "_build",
            serde_json::json!({"list": "local"})
        )])));
    }

    #[test]
    fn translations_and_the_default_language() {
        let hugo = Hugo {
            languages: vec!["en".into(), "fa".into(), "zh-cn".into()],
            default_language: "en".into(),
            ..Hugo::default()
        };
        assert_eq!(translation("blog/v1.fa.md", &hugo), Some("fa"));
        assert_eq!(translation("_index.zh-cn.md", &hugo), Some("zh-cn"));
        assert_eq!(translation("glossary/_index.en.md", &hugo), None);
        assert_eq!(translation("v1.0.md", &hugo), None);
        assert_eq!(
            without_language("glossary/_index.en.md", &hugo),
            "glossary/_index.md"
        );
        assert_eq!(without_language("v1.0.md", &hugo), "v1.0.md");
        assert_eq!(without_language("a/b.EN.md", &hugo), "a/b.md");
    }

    #[test]
    fn titles_compare_without_case_or_accents() {
        let mut titles = vec!["zebra", "Banana", "Ähnlich", "apple", "_under"];
        titles.sort_by_key(|t| title_key(t));
        assert_eq!(titles, ["_under", "Ähnlich", "apple", "Banana", "zebra"]);
    }

    #[test]
    fn params_from_the_page_then_the_site() {
        let site: Value = serde_json::json!({
            "version": "1.2", "Ports": {"http": 80}, "list": ["a", 1], "table": {"x": 1}
        });
        let f = front(&[
            ("version", "2.0".into()),
            ("params", serde_json::json!({"team": "sre"})),
        ]);
        assert_eq!(param(&f, &site, "version").as_deref(), Some("2.0"));
        assert_eq!(param(&f, &site, "team").as_deref(), Some("sre"));
        assert_eq!(param(&f, &site, "ports.HTTP").as_deref(), Some("80"));
        assert_eq!(param(&f, &site, "list").as_deref(), Some("[a 1]"));
        assert_eq!(param(&f, &site, "table"), None);
        assert_eq!(param(&f, &site, "missing"), None);
        assert_eq!(param(&front(&[]), &Value::Null, "x"), None);
    }
}
