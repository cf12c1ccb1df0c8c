//! book.toml's schema: every section, its keys and what each holds (`SCHEMA`), and the
//! check of each key against it before serde reads the file, so that every unknown
//! section or key and every wrong type is its own diagnostic, with the allowed keys and
//! a did-you-mean as the hint. Validates no values (that is `validate.rs`).

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::base::diag::{Diagnostic, Diagnostics};

use super::{Config, TomlText};

/// Every section of book.toml, its keys, and what each key holds (shown in hints).
/// `schema_matches_the_structs` keeps it in step with the structs above.
const SCHEMA: &[(&str, &[(&str, &str)])] = &[
    (
        "book",
        &[
            ("title", "a string"),
            ("description", "a string"),
            ("language", "a language tag such as \"en\""),
        ],
    ),
    (
        "site",
        &[
            ("url", "an absolute http(s) URL"),
            ("output", "a folder, relative to the book root"),
            ("edit-url", "an http(s) URL containing {path}"),
            ("theme", "the name of a folder under themes/"),
            (
                "content-security-policy",
                "a Content-Security-Policy for every page, or \"\" for none",
            ),
            ("repository", "a GitHub repository as \"owner/repo\""),
        ],
    ),
    (
        "environments",
        &[
            ("names", "an array of environment names"),
            ("aliases", "a table of alias = \"environment\""),
        ],
    ),
    ("phases", &[("heading-level", "a whole number from 1 to 6")]),
    (
        "versions",
        &[
            ("git-tags", "a tag pattern such as \"v*\""),
            ("current", "a version name such as \"main\""),
            ("default", "\"latest-tag\", \"current\" or a tag name"),
            (
                "max-tags",
                "a whole number: how many tags to build, newest first",
            ),
        ],
    ),
    ("state", &[("dir", "a folder, relative to the book root")]),
    (
        "secrets",
        &[
            ("allow", "an array of regular expressions"),
            ("leaks", "\"error\" or \"warn\""),
            (
                "rules",
                "a table of rule id = \"error\", \"warn\" or \"off\"",
            ),
        ],
    ),
    (
        "check",
        &[
            ("broken-links", "\"error\" or \"warn\""),
            ("broken-anchors", "\"error\" or \"warn\""),
        ],
    ),
];

/// Keeps the known sections and keys of `root` whose values have the right type;
/// reports every other one.
pub(super) fn keep_known<'i>(
    src: &TomlText<'_>,
    root: DeTable<'i>,
    diags: &mut Diagnostics,
) -> DeTable<'i> {
    let mut kept = DeTable::new();
    for (name, value) in root {
        let Some(keys) = section_keys(name.get_ref()) else {
            diags.push(unknown_top_level(src, &name, value.get_ref()));
            continue;
        };
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            let msg = format!(
                "`{}` must be a section ([{}]), not a value",
                name.get_ref(),
                name.get_ref()
            );
            diags.push(src.error(span, msg));
            continue;
        };
        let mut good = DeTable::new();
        for (key, value) in table {
            if !keys.iter().any(|(k, _)| *k == key.get_ref()) {
                diags.push(unknown_key(src, name.get_ref(), &key, keys));
            } else if let Err(d) = type_check(src, name.get_ref(), &key, &value, keys) {
                diags.push(*d);
            } else {
                good.insert(key, value);
            }
        }
        kept.insert(name, Spanned::new(span, DeValue::Table(good)));
    }
    kept
}

/// Deserializes a document holding only `[section] key = value` into `Config`, so each
/// wrong type is reported on its own, at its value.
fn type_check(
    src: &TomlText<'_>,
    section: &str,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    value: &Spanned<DeValue<'_>>,
    keys: &[(&str, &str)],
) -> Result<(), Box<Diagnostic>> {
    let mut inner = DeTable::new();
    inner.insert(key.clone(), value.clone());
    let mut doc = DeTable::new();
    doc.insert(
        Spanned::new(0..0, section.into()),
        Spanned::new(value.span(), DeValue::Table(inner)),
    );
    let Err(e) = Config::deserialize(ValueDeserializer::from(Spanned::new(
        0..0,
        DeValue::Table(doc),
    ))) else {
        return Ok(());
    };
    let vspan = value.span();
    let span = e
        .span()
        .filter(|s| s.start >= vspan.start && s.end <= vspan.end)
        .unwrap_or(vspan);
    let name = key.get_ref();
    let what = keys.iter().find(|(k, _)| *k == name).map_or("", |(_, w)| w);
    let message = format!(
        "wrong type for `{name}` in [{section}]: {}",
        plain_words(e.message().trim_end())
    );
    Err(Box::new(
        src.error(span, message)
            .with_hint(format!("`{name}` is {what}")),
    ))
}

/// serde's wording of a type mismatch in a TOML user's words: `invalid type: string
/// "two", expected usize` → `found text "two", expected a whole number`.
fn plain_words(message: &str) -> String {
    let mut out = message.replacen("invalid type: ", "found ", 1);
    out = out.replacen("invalid value: ", "found ", 1);
    for (from, to) in [
        ("a sequence", "a list"),
        ("sequence", "a list"),
        ("a map", "a table"),
        ("string ", "text "),
        ("a string", "text"),
        ("a boolean", "true or false"),
        ("boolean ", ""),
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("usize", "a whole number"),
        ("u64", "a whole number"),
        ("u32", "a whole number"),
        ("u8", "a whole number"),
        ("i64", "a whole number"),
    ] {
        out = out.replace(from, to);
    }
    out
}

fn section_keys(name: &str) -> Option<&'static [(&'static str, &'static str)]> {
    SCHEMA
        .iter()
        .find(|(s, _)| *s == name)
        .map(|(_, keys)| *keys)
}

fn unknown_key(
    src: &TomlText<'_>,
    section: &str,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    keys: &[(&str, &str)],
) -> Diagnostic {
    let name = key.get_ref();
    let allowed = keys.iter().map(|(k, _)| *k);
    let hint = choices_hint(
        &format!("the keys allowed in [{section}] are"),
        name,
        allowed,
    );
    src.error(key.span(), format!("unknown key `{name}` in [{section}]"))
        .with_hint(hint)
}

/// A top-level key that is not a section: a misspelt `[section]`, or a key written
/// above every section header.
fn unknown_top_level(
    src: &TomlText<'_>,
    name: &Spanned<std::borrow::Cow<'_, str>>,
    value: &DeValue<'_>,
) -> Diagnostic {
    let key = name.get_ref();
    let sections = SCHEMA.iter().map(|(s, _)| *s);
    if value.is_table() {
        let hint = choices_hint("the sections are", key, sections);
        return src
            .error(name.span(), format!("unknown section `[{key}]`"))
            .with_hint(hint);
    }
    let owner = SCHEMA
        .iter()
        .find(|(_, keys)| keys.iter().any(|(k, _)| *k == key));
    let hint = match owner {
        Some((section, _)) => {
            format!("`{key}` belongs in [{section}]: move it below a `[{section}]` line")
        }
        None => choices_hint("keys go inside a section; the sections are", key, sections),
    };
    src.error(
        name.span(),
        format!("unknown key `{key}` outside any section"),
    )
    .with_hint(hint)
}

/// `did you mean `x`? <intro> `a`, `b`, `c``: the closest choice first, when close.
pub(super) fn choices_hint<'a>(
    intro: &str,
    given: &str,
    choices: impl Iterator<Item = &'a str> + Clone,
) -> String {
    let list: Vec<String> = choices.clone().map(|c| format!("`{c}`")).collect();
    let list = format!("{intro} {}", crate::base::suggest::listing(&list));
    match closest(given, choices) {
        Some(best) => format!("did you mean `{best}`? {list}"),
        None => list,
    }
}

/// The key nearest to `given` (`edit_url` → `edit-url`), if it is near enough to be a typo.
pub(crate) fn closest<'a>(given: &str, choices: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    crate::base::suggest::closest(&given.replace('_', "-"), choices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::Code;
    use crate::config::tests::{only, parse, problems};

    #[test]
    fn unknown_key_names_place_key_and_allowed_keys() {
        let d = only("# book\n[book]\ntitel = \"x\"\n");
        assert_eq!(d.code, Code::Config);
        assert_eq!(d.location(), "book.toml:3:1");
        assert_eq!(d.message, "unknown key `titel` in [book]");
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "did you mean `title`? the keys allowed in [book] are `title`, `description`, `language`"
            )
        );
        assert_eq!(d.source_line.as_deref(), Some("titel = \"x\""));
    }

    #[test]
    fn reports_every_unknown_key_not_just_the_first() {
        let text = "[book]\ntitel = \"x\"\nlang = \"en\"\n[site]\noutptu = \"out\"\nurl = \"https://a.b/\"\n";
        assert_eq!(
            problems(text),
            [
                "book.toml:2:1: unknown key `titel` in [book]",
                "book.toml:3:1: unknown key `lang` in [book]",
                "book.toml:5:1: unknown key `outptu` in [site]",
            ]
        );
        let (cfg, _) = parse(text);
        assert_eq!(
            cfg.site.url.as_deref(),
            Some("https://a.b/"),
            "good keys are kept"
        );
    }

    #[test]
    fn unknown_section_suggests_the_closest() {
        let d = only("[sitee]\nurl = \"https://a.b/\"\n");
        assert_eq!(d.location(), "book.toml:1:2");
        assert_eq!(d.message, "unknown section `[sitee]`");
        let hint = d.hint.unwrap_or_default();
        assert!(hint.starts_with("did you mean `site`?"), "{hint}");
        assert!(hint.contains("`environments`"), "{hint}");
    }

    #[test]
    fn key_outside_a_section_says_where_it_belongs() {
        let d = only("title = \"x\"\n");
        assert_eq!(d.location(), "book.toml:1:1");
        assert_eq!(d.message, "unknown key `title` outside any section");
        assert_eq!(
            d.hint.as_deref(),
            Some("`title` belongs in [book]: move it below a `[book]` line")
        );
    }

    #[test]
    fn section_written_as_a_value_is_an_error() {
        let d = only("\nbook = \"x\"\n");
        assert_eq!(d.location(), "book.toml:2:8");
        assert_eq!(d.message, "`book` must be a section ([book]), not a value");
    }

    #[test]
    fn wrong_types_point_at_each_value() {
        let text = "[phases]\nheading-level = \"two\"\n[environments]\nnames = \"prod\"\n[check]\nbroken-links = \"maybe\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("book.toml:2:17: wrong type for `heading-level` in [phases]: found text \"two\", expected"), "{}", found[0]);
        assert!(
            found[1].starts_with("book.toml:4:9: wrong type for `names` in [environments]"),
            "{}",
            found[1]
        );
        assert!(
            found[2].starts_with("book.toml:6:16: wrong type for `broken-links` in [check]"),
            "{}",
            found[2]
        );
        assert!(found[2].contains("`error`"), "{}", found[2]);
        let (cfg, mut diags) = parse(text);
        diags.sort();
        assert_eq!(
            cfg.phases.heading_level, 2,
            "a wrong value keeps its default"
        );
        let hint = diags.iter().next().and_then(|d| d.hint.clone());
        assert_eq!(
            hint.as_deref(),
            Some("`heading-level` is a whole number from 1 to 6")
        );
    }

    #[test]
    fn wrong_type_inside_an_array_points_at_the_element() {
        let d = only("[environments]\nnames = [\"dev\", 3]\n");
        assert_eq!(d.location(), "book.toml:2:17");
    }

    #[test]
    fn schema_matches_the_structs() {
        let json = serde_json::to_value(Config::default()).unwrap();
        let sections = json.as_object().unwrap();
        let names: Vec<_> = SCHEMA.iter().map(|(s, _)| *s).collect();
        let mut expected: Vec<_> = sections.keys().map(String::as_str).collect();
        expected.sort_unstable();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected);
        for (section, keys) in SCHEMA {
            let mut have: Vec<_> = sections[*section]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            have.sort_unstable();
            let mut want: Vec<_> = keys.iter().map(|(k, _)| *k).collect();
            want.sort_unstable();
            assert_eq!(want, have, "[{section}]");
        }
    }

    #[test]
    fn underscores_find_kebab_case_keys() {
        assert_eq!(
            closest("edit_url", ["url", "edit-url"].into_iter()),
            Some("edit-url")
        );
        assert_eq!(closest("zzzzzz", ["url", "output"].into_iter()), None);
    }

    #[test]
    fn type_mismatches_are_in_a_users_words() {
        assert_eq!(
            plain_words("invalid type: string \"staging\", expected a sequence"),
            "found text \"staging\", expected a list"
        );
        assert_eq!(
            plain_words("invalid type: integer `5`, expected a string"),
            "found the number `5`, expected text"
        );
        assert_eq!(
            plain_words("invalid type: boolean `true`, expected usize"),
            "found `true`, expected a whole number"
        );
    }
}
