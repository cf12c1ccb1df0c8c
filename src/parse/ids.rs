//! Stable ids: GitHub-compatible heading slugs and checklist item ids derived from
//! page, phase and item text, with ordinals for repeats; the pattern explicit ids and
//! secret names must match (`is_valid_id`). Pure. SPEC.md §4.
//!
//! Must not know about Markdown events: `markdown/` calls these with plain text.

use std::borrow::Cow;

use crate::base::hash::{FxHashMap, FxHashSet};
use crate::config::mkdocs_ext::{SlugCase, SlugForm, TocSlug};

/// Longest text segment of a derived item id, in characters.
pub(crate) const MAX_SEGMENT: usize = 48;

/// GitHub's heading slug (github-slugger): lowercase, drop every character that is not
/// a letter, number, mark, connector punctuation (`_`), `-` or space, then spaces → `-`.
/// Emoji are dropped (`🚀 Deploy` → `-deploy`) but a U+FE0F variation selector, being a
/// mark, is kept, as GitHub does.
pub(crate) fn slug(text: &str) -> String {
    if text.is_ascii() {
        let bytes: Vec<u8> = text
            .bytes()
            .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_'))
            .map(|b| {
                if b == b' ' {
                    b'-'
                } else {
                    b.to_ascii_lowercase()
                }
            })
            .collect();
        // Collecting bytes, not chars: no UTF-8 encoding per character.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    slug_chars(text)
}

/// `slug` for any text, char by char.
fn slug_chars(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| keeps(c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Whether github-slugger keeps `c`: Unicode L, M, N, Pc, plus `-` and the ASCII space.
fn keeps(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_');
    }
    // XID_Continue is L + Mn + Mc + Nd + Nl + Pc plus a few extras; add the other
    // numbers (No) and enclosing marks (Me), drop the extras that are not L/M/N/Pc.
    let extra = matches!(
        c,
        '\u{00B7}' | '\u{0387}' | '\u{19DA}' | '\u{200C}' | '\u{200D}' | '\u{30FB}' | '\u{FF65}'
    );
    (unicode_ident::is_xid_continue(c) && !extra) || c.is_numeric() || is_enclosing_mark(c)
}

/// Unicode general category Me (enclosing marks), e.g. the keycap U+20E3 in `1️⃣`.
fn is_enclosing_mark(c: char) -> bool {
    matches!(c, '\u{0488}'..='\u{0489}' | '\u{1ABE}' | '\u{20DD}'..='\u{20E0}' | '\u{20E2}'..='\u{20E4}' | '\u{A670}'..='\u{A672}')
}

/// The id MkDocs gives a heading whose text is `text`, made by the function `toc`'s
/// `slugify` names (`how`):
/// - Python-Markdown's default: accents folded to ASCII (NFKD: `Résumé` → `resume`),
///   other letters outside ASCII dropped, then only letters, digits, `_`, `-` and
///   spaces kept, trimmed and lower-cased, each run of spaces and `-` one `-`
///   (`Skyboxes / Skycubes` → `skyboxes-skycubes`, where GitHub writes
///   `skyboxes--skycubes`); `slugify_unicode` keeps the letters of every script.
/// - `pymdownx.slugs`: normalized (NFC unless set), HTML tags dropped, trimmed, cased
///   as set, then only letters, digits, `_`, `-` and spaces kept, each space one `-`
///   (`A / B` → `a--b`, as GitHub).
///
/// A letter or digit is Rust's `is_alphanumeric` where Python's `\w` says `isalnum`:
/// they differ only on some combining vowel signs of Indic scripts.
pub(crate) fn mkdocs_slug(text: &str, how: TocSlug) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    match how {
        TocSlug::Ascii => {
            let ascii: String = text.nfkd().filter(char::is_ascii).collect();
            toc_slug(&ascii, word)
        }
        TocSlug::Unicode => toc_slug(text, word),
        TocSlug::Pymdownx { case, form } => {
            let untagged = without_tags(text);
            let trimmed = untagged.trim();
            let normal: String = match form {
                SlugForm::Nfc => trimmed.nfc().collect(),
                SlugForm::Nfd => trimmed.nfd().collect(),
                SlugForm::Nfkc => trimmed.nfkc().collect(),
                SlugForm::Nfkd => trimmed.nfkd().collect(),
            };
            let cased = match case {
                SlugCase::Kept => normal,
                SlugCase::Lower => normal.to_lowercase(),
                SlugCase::LowerAscii => normal.to_ascii_lowercase(),
            };
            cased
                .chars()
                .filter(|&c| word(c) || matches!(c, '-' | ' '))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        }
    }
}

/// Python-Markdown's `toc.slugify` after its ASCII step: `\w`, whitespace and `-`
/// kept, trimmed, lower-cased, each run of whitespace and `-` one `-`.
fn toc_slug(text: &str, word: impl Fn(char) -> bool) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| word(c) || c == '-' || c.is_whitespace())
        .collect();
    let mut out = String::with_capacity(kept.len());
    let mut in_run = false;
    for c in kept.trim().chars() {
        if c == '-' || c.is_whitespace() {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.extend(c.to_lowercase());
            in_run = false;
        }
    }
    out
}

/// `text` less anything that looks like an HTML tag (`</?[^>]*>`), as `pymdownx.slugs`
/// drops them.
fn without_tags(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let tail_body = tail.strip_prefix('/').unwrap_or(tail);
        match tail_body.find('>') {
            Some(end) => rest = &tail_body[end + 1..],
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `id` made unique among `seen` as Python-Markdown does: the second `x` is `x_1`,
/// a taken `x_1` becomes `x_2`; an empty id is `_1`.
pub(crate) fn mkdocs_unique(seen: &mut FxHashSet<String>, id: String) -> String {
    let mut id = id;
    while id.is_empty() || seen.contains(&id) {
        let count = id
            .rsplit_once('_')
            .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        id = match count {
            Some((base, n)) => format!("{base}_{}", n.parse::<u64>().map_or(1, |n| n + 1)),
            None => format!("{id}_1"),
        };
    }
    seen.insert(id.clone());
    id
}

/// Cuts a slug to at most `max` characters at a `-` word boundary (or hard, when the
/// first word alone is longer), without leading or trailing `-`.
pub(crate) fn cut(slug: &str, max: usize) -> String {
    let slug = slug.trim_matches('-');
    if slug.chars().count() <= max {
        return slug.to_string();
    }
    let end = slug.char_indices().nth(max).map_or(slug.len(), |(i, _)| i);
    let head = &slug[..end];
    // A boundary right after the cut point keeps the whole last word.
    let whole = slug[end..].starts_with('-');
    let cut = if whole {
        head
    } else {
        head.rfind('-').map_or(head, |i| &head[..i])
    };
    cut.trim_matches('-').to_string()
}

/// The id segment for an item's or phase's text: its slug, cut to `MAX_SEGMENT`.
pub(crate) fn segment(text: &str) -> String {
    cut(&slug(text), MAX_SEGMENT)
}

/// A derived item id before ordinals: `{page_id}/{phase_slug}/{text_slug}`, without the
/// phase segment for the leading phase (`phase` = `None`). `phase` is used as given
/// (the caller passes the phase heading's segment); an empty text gives `item`.
pub(crate) fn item_id(page_id: &str, phase: Option<&str>, text: &str) -> String {
    let text = segment(text);
    let text = if text.is_empty() { "item" } else { &text };
    let phase = phase.filter(|p| !p.is_empty());
    let mut id = String::with_capacity(page_id.len() + phase.map_or(0, str::len) + text.len() + 2);
    id.push_str(page_id);
    for part in phase.into_iter().chain([text]) {
        id.push('/');
        id.push_str(part);
    }
    id
}

/// Whether an explicit id (`{#id}`, `id:`) uses only `[A-Za-z0-9._-]`.
pub(crate) fn is_valid_explicit(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Heading ids of one page, deduplicated exactly as github-slugger does: the second
/// `x` is `x-1`, then `x-2` …, skipping any id already taken.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    occurrences: FxHashMap<String, u32>,
}

impl Slugger {
    /// A unique id from an already slugged `base`.
    pub(crate) fn unique(&mut self, base: &str) -> String {
        let mut result = base.to_string();
        while self.occurrences.contains_key(&result) {
            let n = self.occurrences.entry(base.to_string()).or_insert(0);
            *n += 1;
            result = format!("{base}-{n}");
        }
        self.occurrences.insert(result.clone(), 0);
        result
    }

    /// Marks an explicit id as taken so no generated slug collides with it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.occurrences.entry(id.to_string()).or_insert(0);
    }
}

/// Item ids of one page: the second occurrence of an id gets `-2`, the third `-3` …
/// in document order, skipping ids already taken.
#[derive(Debug, Default)]
pub(crate) struct Ordinals {
    taken: FxHashSet<String>,
}

impl Ordinals {
    pub(crate) fn unique(&mut self, id: String) -> String {
        if self.taken.insert(id.clone()) {
            return id;
        }
        let found = (2u32..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("invariant: an unbounded range yields a free ordinal");
        self.taken.insert(found.clone());
        found
    }
}

/// Explicit ids and secret names: `[A-Za-z0-9._-]+`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc(text: &str) -> String {
        mkdocs_slug(text, TocSlug::Ascii)
    }

    #[test]
    fn mkdocs_ids_are_python_markdowns() {
        assert_eq!(toc("Skyboxes / Skycubes"), "skyboxes-skycubes");
        assert_eq!(
            toc("  How do I pin it? (Windows)  "),
            "how-do-i-pin-it-windows"
        );
        assert_eq!(toc("snake_case -- and  dashes"), "snake_case-and-dashes");
        let mut seen = FxHashSet::default();
        let ids: Vec<String> = ["windows", "windows", "windows", "", "a_1", "a_1"]
            .iter()
            .map(|t| mkdocs_unique(&mut seen, t.to_string()))
            .collect();
        assert_eq!(
            ids,
            ["windows", "windows_1", "windows_2", "_1", "a_1", "a_2"]
        );
    }

    #[test]
    fn python_markdowns_default_folds_accents_and_drops_other_scripts() {
        assert_eq!(toc("Résumé"), "resume");
        assert_eq!(toc("Ça marche: déjà vu"), "ca-marche-deja-vu");
        // NFKD: the ligature `ﬁ` is `fi`, the full-width `Ａ` is `A`; Greek and CJK go.
        assert_eq!(toc("ﬁle Ａpi"), "file-api");
        assert_eq!(toc("Δ 配置 Setup"), "setup");
        assert_eq!(toc("服务器配置"), "");
    }

    #[test]
    fn slugify_unicode_keeps_every_script() {
        let slug = |t| mkdocs_slug(t, TocSlug::Unicode);
        assert_eq!(slug("Résumé / Übersicht"), "résumé-übersicht");
        assert_eq!(slug("服务器配置 (Server)"), "服务器配置-server");
    }

    #[test]
    fn pymdownx_slugs_keep_each_space_and_follow_case_and_form() {
        let lower = TocSlug::Pymdownx {
            case: SlugCase::Lower,
            form: SlugForm::Nfc,
        };
        assert_eq!(
            mkdocs_slug("Résumé / Übersicht", lower),
            "résumé--übersicht"
        );
        assert_eq!(
            mkdocs_slug("  服务器配置 <code>x</code>  ", lower),
            "服务器配置-x"
        );
        let cased = TocSlug::Pymdownx {
            case: SlugCase::Kept,
            form: SlugForm::Nfc,
        };
        assert_eq!(mkdocs_slug("Café Setup", cased), "Café-Setup");
        let ascii_lower = TocSlug::Pymdownx {
            case: SlugCase::LowerAscii,
            form: SlugForm::Nfc,
        };
        assert_eq!(mkdocs_slug("ÉTÉ Plan", ascii_lower), "ÉtÉ-plan");
        // NFKD splits `é` into `e` and a combining accent, which is no word character.
        let nfkd = TocSlug::Pymdownx {
            case: SlugCase::Lower,
            form: SlugForm::Nfkd,
        };
        assert_eq!(mkdocs_slug("Résumé", nfkd), "resume");
    }

    proptest::proptest! {
        #[test]
        fn ascii_slug_is_the_char_by_char_slug(text in "[ -~\t]{0,40}") {
            proptest::prop_assert_eq!(slug(&text), slug_chars(&text));
        }
    }

    #[test]
    fn slug_matches_github_for_plain_text() {
        assert_eq!(slug("Table of Contents"), "table-of-contents");
        assert_eq!(slug("Q&A"), "qa");
        assert_eq!(slug("Systems/Services"), "systemsservices");
        assert_eq!(
            slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(slug("Alpha -> Beta Graduation"), "alpha---beta-graduation");
        assert_eq!(slug("  two  spaces "), "--two--spaces-");
    }

    #[test]
    fn slug_drops_emoji_and_keeps_variation_selector() {
        assert_eq!(slug("🚀 Deploy"), "-deploy");
        assert_eq!(slug("🔐 SSH for GitHub Actions"), "-ssh-for-github-actions");
        assert_eq!(
            slug("🛠️ SSH Command Settings"),
            "\u{FE0F}-ssh-command-settings"
        );
        assert_eq!(slug("🗂 Front-End Checklist"), "-front-end-checklist");
    }

    #[test]
    fn slug_keeps_unicode_letters_marks_and_numbers() {
        assert_eq!(slug("Übersicht Größe"), "übersicht-größe");
        assert_eq!(slug("المصادقة API"), "المصادقة-api");
        assert_eq!(slug("x² ½"), "x²-½");
        assert_eq!(slug("1\u{FE0F}\u{20E3} one"), "1\u{FE0F}\u{20E3}-one");
        assert_eq!(slug("a\u{00A0}b·c–d"), "abcd");
        assert_eq!(slug("👩\u{200D}💻 Dev"), "-dev");
    }

    #[test]
    fn slug_keeps_shortcode_text() {
        assert_eq!(
            slug(":ballot_box_with_check: Summary checklist"),
            "ballot_box_with_check-summary-checklist"
        );
    }

    #[test]
    fn slugger_numbers_duplicates_like_github() {
        let mut s = Slugger::default();
        let ids: Vec<String> = ["a", "a", "a-1", "a"].iter().map(|b| s.unique(b)).collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2"]);
    }

    #[test]
    fn slugger_avoids_reserved_ids() {
        let mut s = Slugger::default();
        s.reserve("setup");
        assert_eq!(s.unique("setup"), "setup-1");
    }

    #[test]
    fn cut_stops_at_a_word_boundary() {
        let long = "generate-a-strong-secret-key-and-store-it-in-the-vault-before-deploying";
        let c = cut(long, 48);
        assert!(c.chars().count() <= 48, "{c}");
        assert_eq!(c, "generate-a-strong-secret-key-and-store-it-in-the");
        assert_eq!(cut("abc-def", 7), "abc-def");
        assert_eq!(cut("abc-defgh", 6), "abc");
        assert_eq!(cut("abcdefgh", 4), "abcd");
        assert_eq!(cut("-deploy-", 48), "deploy");
    }

    #[test]
    fn item_id_has_page_phase_and_text() {
        assert_eq!(
            item_id("ops/deploy", Some("phase-1-tls"), "Enable `HSTS`"),
            "ops/deploy/phase-1-tls/enable-hsts"
        );
        assert_eq!(item_id("ops/deploy", None, "Run it"), "ops/deploy/run-it");
        assert_eq!(item_id("p", None, "🚀"), "p/item");
    }

    #[test]
    fn same_text_twice_gets_an_ordinal() {
        let mut o = Ordinals::default();
        let ids: Vec<String> = ["x", "y", "x", "x-2", "x"]
            .iter()
            .map(|s| o.unique(s.to_string()))
            .collect();
        assert_eq!(ids, ["x", "y", "x-2", "x-2-2", "x-3"]);
    }

    #[test]
    fn explicit_id_charset() {
        assert!(is_valid_explicit("hsts"));
        assert!(is_valid_explicit("db.backup_v2-x"));
        assert!(!is_valid_explicit("a b"));
        assert!(!is_valid_explicit("a/b"));
        assert!(!is_valid_explicit(""));
    }
}
