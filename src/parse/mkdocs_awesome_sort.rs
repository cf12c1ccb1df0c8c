//! Stage 3: the order awesome-nav and awesome-pages give what a glob or a rest entry
//! (`*`, `...`) finds (`parse/mkdocs_awesome.rs` finds it): by path, filename or title,
//! natural or alphabetical, case kept or not, ascending or descending, sections first,
//! last or mixed. The keys are the plugins' (both use natsort): awesome-nav's natural
//! order groups a letter's cases together and, unless by title, compares paths name
//! by name with the extensions apart (`guide.md` before `guide-2.md`); awesome-pages
//! sorts by the name or the title alone. Equal keys keep their order, descending too,
//! as Python's stable `sort(reverse=True)` does. Pure.

use crate::config::mkdocs_awesome::SortBy;

/// How one folder's found entries are sorted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Order {
    pub(crate) by: SortBy,
    pub(crate) descending: bool,
    pub(crate) alphabetical: bool,
    pub(crate) sections_first: bool,
    pub(crate) mixed: bool,
    pub(crate) ignore_case: bool,
    /// awesome-pages' keys: the name or the title alone, natural without grouping.
    pub(crate) pages: bool,
}

impl Default for Order {
    /// awesome-nav's defaults: by path, ascending, natural, sections last.
    fn default() -> Self {
        Order {
            by: SortBy::Path,
            descending: false,
            alphabetical: false,
            sections_first: false,
            mixed: false,
            ignore_case: false,
            pages: false,
        }
    }
}

/// One entry found, with what it is sorted by: its path below `docs_dir` (a folder's,
/// or the page's a folder was flattened to), whether it is a section, its title.
#[derive(Debug, Clone)]
pub(crate) struct Found<T> {
    pub(crate) path: String,
    pub(crate) section: bool,
    pub(crate) title: String,
    pub(crate) item: T,
}

/// Sorts `found` as the plugin whose `o` it is would.
pub(crate) fn sort<T>(found: &mut Vec<Found<T>>, o: &Order) {
    let mut keyed: Vec<(Key, Found<T>)> = found.drain(..).map(|f| (key(&f, o), f)).collect();
    if o.descending {
        keyed.sort_by(|a, b| b.0.cmp(&a.0));
    } else {
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
    }
    found.extend(keyed.into_iter().map(|(_, f)| f));
    if !o.mixed {
        // Stable: sections after (or before) the pages, each kept in order.
        found.sort_by_key(|f| f.section != o.sections_first);
    }
}

/// Fields (`(title, name, path)`), each split into segments (a path's names and
/// extensions), each of parts.
type Key = Vec<Vec<Vec<Part>>>;

fn key<T>(f: &Found<T>, o: &Order) -> Key {
    let name = f.path.rsplit('/').next().unwrap_or(&f.path);
    let fields: Vec<&str> = match (o.pages, o.by) {
        (true, SortBy::Title) => vec![&f.title],
        (true, _) => vec![name],
        (false, SortBy::Path) => vec![&f.path],
        (false, SortBy::Filename) => vec![name, &f.path],
        (false, SortBy::Title) => vec![&f.title, name, &f.path],
    };
    let as_path = !o.pages && !o.alphabetical && o.by != SortBy::Title;
    (fields.into_iter())
        .map(|field| {
            let segments = if as_path {
                path_segments(field)
            } else {
                vec![field]
            };
            segments.into_iter().map(|s| parts(s, o)).collect()
        })
        .collect()
}

/// One segment's parts: the text as it is (or case-folded), or natural parts.
fn parts(s: &str, o: &Order) -> Vec<Part> {
    let folded = if o.ignore_case {
        s.to_lowercase()
    } else {
        s.to_string()
    };
    if o.alphabetical {
        return vec![Part::Text(folded)];
    }
    natural(&folded)
        .into_iter()
        .map(|p| match p {
            // natsort's GROUPLETTERS: `a` and `A` side by side, the lower first.
            Part::Text(t) if !o.pages && !o.ignore_case => Part::Text(group_letters(&t)),
            other => other,
        })
        .collect()
}

fn group_letters(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase().chain(std::iter::once(c)))
        .collect()
}

/// A path as natsort's `PATH` splits it: each name, then the last name's extensions
/// apart (`a/b.tar.gz` → `a`, `b`, `.tar`, `.gz`), up to one starting with a digit.
fn path_segments(path: &str) -> Vec<&str> {
    let mut names: Vec<&str> = path.split('/').collect();
    let Some(mut base) = names.pop() else {
        return names;
    };
    let mut exts = Vec::new();
    while let Some(dot) = base.rfind('.') {
        let (stem, ext) = base.split_at(dot);
        let digit = ext[1..].starts_with(|c: char| c.is_ascii_digit());
        if stem.is_empty() || ext.len() < 2 || digit {
            break;
        }
        exts.push(ext);
        base = stem;
    }
    names.push(base);
    names.extend(exts.into_iter().rev());
    names
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    Num(u128),
    Text(String),
}

/// `page10` after `page9`: runs of digits compared by value.
pub(crate) fn natural(s: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            out.push(Part::Num(rest[..digits].parse().unwrap_or(u128::MAX)));
            rest = &rest[digits..];
        } else {
            let text = rest
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(rest.len());
            out.push(Part::Text(rest[..text].to_string()));
            rest = &rest[text..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(entries: &[(&str, bool, &str)], o: Order) -> Vec<String> {
        let mut found: Vec<Found<()>> = (entries.iter())
            .map(|(path, section, title)| Found {
                path: (*path).to_string(),
                section: *section,
                title: (*title).to_string(),
                item: (),
            })
            .collect();
        sort(&mut found, &o);
        found.into_iter().map(|f| f.path).collect()
    }

    #[test]
    fn by_path_numbers_by_value_letters_grouped_extensions_apart() {
        let entries = [
            ("version-10.0.md", false, ""),
            ("LICENSE.md", false, ""),
            ("guide-2.md", false, ""),
            ("version-9.1.md", false, ""),
            ("guide.md", false, ""),
            ("api", true, ""),
        ];
        assert_eq!(
            sorted(&entries, Order::default()),
            [
                "guide.md",
                "guide-2.md",
                "LICENSE.md",
                "version-9.1.md",
                "version-10.0.md",
                "api"
            ]
        );
        let alphabetical = Order {
            alphabetical: true,
            ..Order::default()
        };
        assert_eq!(
            sorted(&entries, alphabetical)[..3],
            ["LICENSE.md", "guide-2.md", "guide.md"]
        );
    }

    #[test]
    fn by_title_then_name_sections_mixed_and_descending() {
        let entries = [
            ("a.md", false, "Zebra"),
            ("b.md", false, "apple"),
            ("ops", true, "Mango"),
            ("c.md", false, "b.md"),
            ("d.md", false, "Apple"),
        ];
        let by_title = Order {
            by: SortBy::Title,
            mixed: true,
            ..Order::default()
        };
        assert_eq!(
            sorted(&entries, by_title),
            ["d.md", "b.md", "c.md", "ops", "a.md"],
            "Apple before apple: each letter's cases together, the capital first"
        );
        let descending = Order {
            descending: true,
            sections_first: true,
            mixed: false,
            ..by_title
        };
        assert_eq!(
            sorted(&entries, descending),
            ["ops", "a.md", "c.md", "b.md", "d.md"]
        );
    }

    #[test]
    fn awesome_pages_sorts_by_the_title_alone_and_keeps_ties_in_order() {
        let entries = [
            ("x/b.md", false, "Same"),
            ("x/a.md", false, "Same"),
            ("x/c.md", false, "Earlier"),
        ];
        let pages = Order {
            by: SortBy::Title,
            pages: true,
            alphabetical: true,
            mixed: true,
            ..Order::default()
        };
        assert_eq!(sorted(&entries, pages), ["x/c.md", "x/b.md", "x/a.md"]);
        let desc = Order {
            descending: true,
            ..pages
        };
        assert_eq!(sorted(&entries, desc), ["x/b.md", "x/a.md", "x/c.md"]);
    }

    #[test]
    fn a_path_splits_into_names_and_extensions() {
        assert_eq!(path_segments("a/b.tar.gz"), ["a", "b", ".tar", ".gz"]);
        assert_eq!(
            path_segments("v/version-9.1.md"),
            ["v", "version-9.1", ".md"]
        );
        assert_eq!(path_segments(".hidden"), [".hidden"]);
    }
}
