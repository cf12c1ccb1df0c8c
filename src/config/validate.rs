//! `Config::validate`: what types cannot say about book.toml (slugs, ranges, URLs, tags,
//! unique names), each problem a diagnostic pointing at the offending value (`Locator`).
//! Reads no file; parses nothing but the text it is given to find places.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeTable;

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;

use super::schema::choices_hint;
use super::{Config, TomlText};

impl Config {
    /// Checks what types cannot say (names, ranges, URLs); pushes `Code::Config`
    /// diagnostics pointing at the offending value in `text`.
    pub(crate) fn validate(&self, text: &str, path: &RelPath, diags: &mut Diagnostics) {
        let loc = Locator::new(text, path);
        self.validate_book(&loc, diags);
        self.validate_site(&loc, diags);
        self.validate_environments(&loc, diags);
        self.validate_phases(&loc, diags);
        self.validate_versions(&loc, diags);
        if self.state.dir.trim().is_empty() {
            diags.push(
                loc.error(&["state", "dir"], "`dir` in [state] is empty")
                    .with_hint("remove the key to use `state`, or name a folder"),
            );
        }
    }

    fn validate_book(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let lang = &self.book.language;
        let ok = !lang.is_empty() && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            diags.push(
                loc.error(
                    &["book", "language"],
                    format!("`language` in [book] is not a language tag: `{lang}`"),
                )
                .with_hint("use a tag such as \"en\", \"de\" or \"pt-BR\""),
            );
        }
    }

    fn validate_site(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let site = &self.site;
        if let Some(url) = site.url.as_deref().filter(|u| !is_http_url(u)) {
            diags.push(
                loc.error(
                    &["site", "url"],
                    format!("`url` in [site] must be an absolute http(s) URL, not `{url}`"),
                )
                .with_hint("for example url = \"https://acme.github.io/runbooks/\""),
            );
        }
        if let Some(url) = site.edit_url.as_deref() {
            if !is_http_url(url) {
                diags.push(
                    loc.error(
                        &["site", "edit-url"],
                        format!(
                            "`edit-url` in [site] must be an absolute http(s) URL, not `{url}`"
                        ),
                    )
                    .with_hint("for example \"https://github.com/acme/runbooks/edit/main/{path}\""),
                );
            } else if !url.contains("{path}") {
                diags.push(
                    loc.warning(&["site", "edit-url"], "`edit-url` in [site] has no `{path}`")
                        .with_hint("every page would link to the same URL; add {path} where the source path goes"),
                );
            }
        }
        if site.output.trim().is_empty() {
            diags.push(
                loc.error(&["site", "output"], "`output` in [site] is empty")
                    .with_hint("remove the key to use `site`, or name a folder"),
            );
        }
        if let Some(repo) = site.repository.as_deref().filter(|r| !is_github_repo(r)) {
            diags.push(
                loc.error(
                    &["site", "repository"],
                    format!("`repository` in [site] must be a GitHub repository as `owner/repo`, not `{repo}`"),
                )
                .with_hint("for example repository = \"acme/runbooks\": the part of its address after github.com/"),
            );
        }
        let theme = &site.theme;
        if theme.is_empty() || theme == "." || theme == ".." || theme.contains(['/', '\\']) {
            diags.push(
                loc.error(
                    &["site", "theme"],
                    format!("`theme` in [site] must name one folder under themes/, not `{theme}`"),
                )
                .with_hint("for example theme = \"default\" uses themes/default/"),
            );
        }
    }

    fn validate_environments(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let env = &self.environments;
        if env.names.is_empty() {
            diags.push(
                loc.error(
                    &["environments", "names"],
                    "`names` in [environments] is empty",
                )
                .with_hint("list at least one, e.g. names = [\"staging\", \"production\"]"),
            );
        }
        for (i, name) in env.names.iter().enumerate() {
            let at = |msg: String| loc.error_at(&["environments", "names"], Some(i), msg);
            if !is_slug(name) {
                diags.push(
                    at(format!("environment name `{name}` is not a slug"))
                        .with_hint(slug_hint(name)),
                );
            } else if env.names[..i].contains(name) {
                diags.push(
                    at(format!("environment `{name}` is listed twice"))
                        .with_hint("each environment appears once in `names`"),
                );
            }
        }
        for (alias, target) in &env.aliases {
            let keys = ["environments", "aliases", alias.as_str()];
            if !is_slug(alias) {
                let msg = format!("environment alias `{alias}` is not a slug");
                diags.push(loc.error(&keys, msg).with_hint(slug_hint(alias)));
            } else if env.names.contains(alias) {
                let msg = format!("`{alias}` is both an environment and an alias");
                diags.push(loc.error(&keys, msg).with_hint("remove the alias"));
            }
            if !env.names.contains(target) {
                let msg =
                    format!("alias `{alias}` points to `{target}`, which is not an environment");
                diags.push(loc.error(&keys, msg).with_hint(choices_hint(
                    "the environments are",
                    target,
                    env.names.iter().map(String::as_str),
                )));
            }
        }
    }

    fn validate_phases(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let level = self.phases.heading_level;
        if !(1..=6).contains(&level) {
            diags.push(
                loc.error(
                    &["phases", "heading-level"],
                    format!("`heading-level` in [phases] must be from 1 to 6, not {level}"),
                )
                .with_hint("2 makes every `## ` heading a phase"),
            );
        }
    }

    fn validate_versions(&self, loc: &Locator<'_>, diags: &mut Diagnostics) {
        let v = &self.versions;
        let default = v.default.as_str();
        if !matches!(default, "latest-tag" | "current") && !is_tag_like(default) {
            diags.push(
                loc.error(
                    &["versions", "default"],
                    format!("`default` in [versions] is not `latest-tag`, `current` or a tag name: `{default}`"),
                )
                .with_hint("for example default = \"latest-tag\" or default = \"v1.2.0\""),
            );
        }
        if !is_tag_like(&v.current) {
            diags.push(
                loc.error(
                    &["versions", "current"],
                    format!(
                        "`current` in [versions] is not a usable version name: `{}`",
                        v.current
                    ),
                )
                .with_hint("it names a folder of the site: use letters, digits, `.`, `-`, `_`"),
            );
        }
        if v.git_tags.as_deref().is_some_and(|g| g.trim().is_empty()) {
            diags.push(
                loc.error(
                    &["versions", "git-tags"],
                    "`git-tags` in [versions] is empty",
                )
                .with_hint("remove the key to publish the working tree only, or use e.g. \"v*\""),
            );
        }
        if v.max_tags == Some(0) {
            diags.push(
                loc.error(&["versions", "max-tags"], "`max-tags` in [versions] is 0")
                    .with_hint("remove the key to build every matching tag, or use 1 or more"),
            );
        }
    }
}

/// Lower-case letters, digits, `-` and `_`, starting with a letter or digit.
pub(crate) fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn slug_hint(name: &str) -> String {
    let slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if is_slug(&slug) {
        format!("use lower-case letters, digits, `-` and `_`, e.g. `{slug}`")
    } else {
        "use lower-case letters, digits, `-` and `_`, e.g. `production`".into()
    }
}

/// A git tag or version folder name: letters, digits, `.`, `-`, `_`, `+`, `/`; no `..`,
/// no leading `-`, `.` or `/`.
fn is_tag_like(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', '.', '/'])
        && !s.contains("..")
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+/".contains(c))
}

/// `http://` or `https://`, a host, and no spaces.
/// `owner/repo` as GitHub spells them: an owner of letters, digits and single `-`, a
/// name of letters, digits, `-`, `_` and `.` (not `.` or `..`).
fn is_github_repo(s: &str) -> bool {
    let Some((owner, name)) = s.split_once('/') else {
        return false;
    };
    let owner_ok = !owner.is_empty()
        && owner.len() <= 39
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !owner.starts_with('-')
        && !owner.ends_with('-');
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    owner_ok && name_ok
}

/// An absolute http(s) URL with a host and no whitespace.
pub(super) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !s.chars().any(char::is_whitespace)
    })
}

/// Finds where a value sits in book.toml, so `validate` can point at it.
struct Locator<'a> {
    src: TomlText<'a>,
    root: Option<DeTable<'a>>,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, path: &'a RelPath) -> Self {
        let root = DeTable::parse(text).ok().map(Spanned::into_inner);
        Locator {
            src: TomlText::new(text, path),
            root,
        }
    }

    /// The span of the value at `keys` (and element `index` of it, if an array).
    fn span(&self, keys: &[&str], index: Option<usize>) -> Option<Range<usize>> {
        let (first, rest) = keys.split_first()?;
        let mut value = self.root.as_ref()?.get(*first)?;
        for key in rest {
            value = value.get_ref().as_table()?.get(*key)?;
        }
        match index {
            Some(i) => value.get_ref().as_array()?.get(i).map(Spanned::span),
            None => Some(value.span()),
        }
    }

    fn error_at(&self, keys: &[&str], index: Option<usize>, message: String) -> Diagnostic {
        match self.span(keys, index) {
            Some(span) => self.src.error(span, message),
            None => Diagnostic::error(Code::Config, self.src.path.clone(), message),
        }
    }

    fn error(&self, keys: &[&str], message: impl Into<String>) -> Diagnostic {
        self.error_at(keys, None, message.into())
    }

    fn warning(&self, keys: &[&str], message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::base::diag::Severity::Warning,
            ..self.error(keys, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::{only, parse, problems};

    #[test]
    fn environment_names_must_be_unique_slugs() {
        let text = "[environments]\nnames = [\"dev\", \"Prod Env\", \"\", \"dev\"]\n";
        assert_eq!(
            problems(text),
            [
                "book.toml:2:17: environment name `Prod Env` is not a slug",
                "book.toml:2:29: environment name `` is not a slug",
                "book.toml:2:33: environment `dev` is listed twice",
            ]
        );
        let d = only("[environments]\nnames = [\"Prod Env\"]\n");
        assert_eq!(
            d.hint.as_deref(),
            Some("use lower-case letters, digits, `-` and `_`, e.g. `prod-env`")
        );
    }

    #[test]
    fn no_environments_is_an_error() {
        let d = only("[environments]\nnames = []\n");
        assert_eq!(d.location(), "book.toml:2:9");
    }

    #[test]
    fn aliases_must_point_to_known_environments() {
        let text = "[environments]\nnames = [\"staging\", \"production\"]\naliases = { prod = \"produktion\", staging = \"production\" }\n";
        let found = problems(text);
        assert_eq!(
            found,
            [
                "book.toml:3:20: alias `prod` points to `produktion`, which is not an environment",
                "book.toml:3:44: `staging` is both an environment and an alias",
            ]
        );
        let (cfg, mut diags) = parse(text);
        cfg.validate(text, &RelPath::new("book.toml"), &mut diags);
        diags.sort();
        let hint = diags
            .iter()
            .next()
            .and_then(|d| d.hint.clone())
            .unwrap_or_default();
        assert!(hint.starts_with("did you mean `production`?"), "{hint}");
    }

    #[test]
    fn heading_level_must_be_1_to_6() {
        let d = only("[phases]\nheading-level = 7\n");
        assert_eq!(d.location(), "book.toml:2:17");
        assert_eq!(
            d.message,
            "`heading-level` in [phases] must be from 1 to 6, not 7"
        );
        assert_eq!(
            only("[phases]\nheading-level = 0\n").location(),
            "book.toml:2:17"
        );
        let d = only("[phases]\nheading-level = 300\n");
        assert!(d.message.starts_with("wrong type"), "{}", d.message);
    }

    #[test]
    fn site_url_must_be_absolute_http() {
        for bad in [
            "acme.github.io/runbooks",
            "ftp://x.y/",
            "https://",
            "https://a b/",
        ] {
            let text = format!("[site]\nurl = \"{bad}\"\n");
            let d = only(&text);
            assert_eq!(d.location(), "book.toml:2:7", "{bad}");
        }
        assert!(problems("[site]\nurl = \"http://localhost:8080/x/\"\n").is_empty());
    }

    #[test]
    fn repository_must_be_owner_slash_name() {
        for bad in [
            "acme",
            "acme/",
            "/runbooks",
            "acme/run books",
            "https://github.com/acme/runbooks",
            "a/b/c",
            "acme/..",
        ] {
            let text = format!("[site]\nrepository = \"{bad}\"\n");
            let d = only(&text);
            assert!(d.message.contains("owner/repo"), "{bad}: {}", d.message);
        }
        for good in ["acme/runbooks", "Acme-Corp/ops.book_2"] {
            let text = format!("[site]\nrepository = \"{good}\"\n");
            assert!(problems(&text).is_empty(), "{good}");
        }
    }

    #[test]
    fn edit_url_without_path_is_a_warning() {
        let d = only("[site]\nedit-url = \"https://github.com/a/b/edit/main\"\n");
        assert!(!d.is_error());
        assert_eq!(d.location(), "book.toml:2:12");
    }

    #[test]
    fn output_and_state_dir_must_not_be_empty() {
        assert_eq!(
            problems("[site]\noutput = \" \"\n[state]\ndir = \"\"\n"),
            [
                "book.toml:2:10: `output` in [site] is empty",
                "book.toml:4:7: `dir` in [state] is empty",
            ]
        );
    }

    #[test]
    fn theme_must_be_one_folder() {
        assert_eq!(
            only("[site]\ntheme = \"../x\"\n").location(),
            "book.toml:2:9"
        );
    }

    #[test]
    fn versions_default_is_a_keyword_or_tag() {
        for good in ["latest-tag", "current", "v1.2.0", "release/2024-01"] {
            let text = format!("[versions]\ndefault = \"{good}\"\n");
            assert!(problems(&text).is_empty(), "{good}");
        }
        for bad in ["latest tag", "", "../v1", "-x"] {
            let text = format!("[versions]\ndefault = \"{bad}\"\n");
            assert_eq!(only(&text).location(), "book.toml:2:11", "{bad}");
        }
    }

    #[test]
    fn language_must_be_a_tag() {
        assert_eq!(
            only("[book]\nlanguage = \"en us\"\n").location(),
            "book.toml:2:12"
        );
    }
}
