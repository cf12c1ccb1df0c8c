//! The theme: the default theme embedded from `themes/default/` (templates and static
//! files), with a book's `themes/<name>/` files replacing single files. Templates are
//! compiled once per `Theme`; errors become diagnostics naming the template file and
//! line. No I/O: overrides arrive as bytes from `source::scan`. SPEC.md §1, §8.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;

/// The default theme's source, embedded in the binary.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The default `style.css`: build.rs joins `themes/default/static/css/*.css` into it.
/// Those parts are not static files of their own; a book's `static/style.css`
/// replaces the whole stylesheet, as any override replaces one file.
const DEFAULT_STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.css"));

/// Where the embedded theme lives in the opsbook repository (for diagnostics).
const DEFAULT_DIR: &str = "themes/default";

/// Compiled templates plus the static files, ready to render a site.
pub(crate) struct Theme {
    tera: Tera,
    /// Path below `static/` → bytes (`style.css`, `theme.js`, …).
    statics: BTreeMap<String, Vec<u8>>,
    /// Template name → the file it came from, for diagnostics.
    origins: BTreeMap<String, RelPath>,
    /// Hash of the book's theme files and the theme's name: two themes with the same
    /// fingerprint render alike (the embedded theme is the same in one binary).
    fingerprint: u128,
    /// Whether every template uses `body` only as `{{ body | safe }}`: then a page's
    /// body is spliced into the rendered page instead of copied through Tera.
    body_spliced: bool,
}

/// What a template outputs in place of the body when it is spliced in afterwards: two
/// Unicode noncharacters around a name, which no page text or template holds.
const BODY_MARK: &str = "\u{FDD0}opsbook:body\u{FDD0}";

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.origins.keys().collect::<Vec<_>>())
            .field("statics", &self.statics.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One theme file before compiling: where it came from and its text.
struct TemplateSource {
    name: String,
    origin: RelPath,
    text: String,
}

impl Theme {
    /// The embedded default theme (themes/default/), with the book's overrides (path
    /// inside the theme dir → bytes, e.g. "templates/page.html", "static/style.css")
    /// replacing single files. A template error in an override is a diagnostic naming
    /// the override file (themes/<name>/templates/x.html) and line (Code::Template).
    pub(crate) fn load(
        overrides: &BTreeMap<String, Vec<u8>>,
        theme_name: &str,
    ) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::new();
        let override_dir = RelPath::new(format!("themes/{theme_name}"));
        let mut sources = embedded_templates();
        let mut statics = embedded_statics();
        for (path, bytes) in overrides {
            let origin = override_dir.join(path);
            if let Some(name) = path.strip_prefix("templates/") {
                match std::str::from_utf8(bytes) {
                    Ok(text) => replace_source(&mut sources, name, origin, text),
                    Err(_) => diags.push(Diagnostic::error(
                        Code::Template,
                        origin,
                        "the template is not valid UTF-8",
                    )),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                statics.insert(name.to_string(), bytes.clone());
            }
        }
        let tera = compile(&sources, &mut diags);
        if diags.has_errors() {
            return Err(diags);
        }
        let body_spliced = sources.iter().all(|s| outputs_only(&s.text, "body"));
        let origins = sources.into_iter().map(|s| (s.name, s.origin)).collect();
        let fingerprint = crate::base::hash::fingerprint(&(theme_name, overrides));
        Ok(Theme {
            tera,
            statics,
            origins,
            fingerprint,
            body_spliced,
        })
    }

    /// Renders template `name` (e.g. `page.html`) with a typed context. A failure is a
    /// diagnostic naming the template file and, when Tera knows it, the line.
    pub(crate) fn render<C: Serialize>(
        &self,
        name: &str,
        ctx: &C,
    ) -> Result<String, Box<Diagnostic>> {
        let origin = self.origin(name);
        let context = Context::from_serialize(ctx)
            .map_err(|e| Box::new(tera_diagnostic(origin.clone(), &e, "render")))?;
        let mut out = self
            .tera
            .render(name, &context)
            .map_err(|e| Box::new(tera_diagnostic(origin, &e, "render")))?;
        // The output grows by doubling; a site holds thousands of these until written.
        out.shrink_to_fit();
        Ok(out)
    }

    /// [`Theme::render`] into `out` as it is made, never whole in memory: the home page
    /// of a 10,000-page book is 9 MB, and its output buffer grew to 16 MB.
    pub(crate) fn render_to<C: Serialize>(
        &self,
        name: &str,
        ctx: &C,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Box<Diagnostic>> {
        let origin = self.origin(name);
        let context = Context::from_serialize(ctx)
            .map_err(|e| Box::new(tera_diagnostic(origin.clone(), &e, "render")))?;
        self.tera
            .render_to(name, &context, out)
            .map_err(|e| Box::new(tera_diagnostic(origin, &e, "render")))
    }

    /// The file template `name` comes from.
    fn origin(&self, name: &str) -> RelPath {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| RelPath::new(format!("{DEFAULT_DIR}/templates/{name}")))
    }

    /// Renders `name` with the context `ctx(body)` makes. When the theme outputs `body`
    /// only as `{{ body | safe }}`, Tera sees a short mark in its place and the body is
    /// put where the mark is output: the same page, without copying a page-sized string
    /// into Tera's context and again through its output buffer.
    pub(crate) fn render_with_body<'a, C: Serialize>(
        &self,
        name: &str,
        ctx: impl FnOnce(&'a str) -> C,
        body: &'a str,
    ) -> Result<String, Box<Diagnostic>> {
        // Only the template's output is searched for the mark, never the body.
        if !self.body_spliced {
            return self.render(name, &ctx(body));
        }
        let marked = self.render(name, &ctx(BODY_MARK))?;
        Ok(splice(&marked, BODY_MARK, body))
    }

    /// See the field: equal for themes made from the same files.
    pub(crate) fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    /// Whether the theme has a template called `name`.
    #[cfg(test)]
    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Static files, keyed by their path below `static/`, sorted.
    pub(crate) fn statics(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.statics
    }
}

fn embedded_templates() -> Vec<TemplateSource> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        collect_files(dir, &mut |path, bytes| {
            let name = path.strip_prefix("templates/").unwrap_or(path).to_string();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let origin = RelPath::new(format!("{DEFAULT_DIR}/{path}"));
            out.push(TemplateSource { name, origin, text });
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn embedded_statics() -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        collect_files(dir, &mut |path, bytes| {
            let name = path.strip_prefix("static/").unwrap_or(path);
            if !name.starts_with("css/") {
                out.insert(name.to_string(), bytes.to_vec());
            }
        });
    }
    out.insert("style.css".to_string(), DEFAULT_STYLE.as_bytes().to_vec());
    out
}

/// Calls `f(path, bytes)` for every file below `dir`, paths `/`-separated from the theme root.
fn collect_files(dir: &Dir<'_>, f: &mut dyn FnMut(&str, &[u8])) {
    for file in dir.files() {
        if let Some(path) = file.path().to_str() {
            f(&path.replace('\\', "/"), file.contents());
        }
    }
    for sub in dir.dirs() {
        collect_files(sub, f);
    }
}

fn replace_source(sources: &mut Vec<TemplateSource>, name: &str, origin: RelPath, text: &str) {
    let new = TemplateSource {
        name: name.to_string(),
        origin,
        text: text.to_string(),
    };
    match sources.iter_mut().find(|s| s.name == name) {
        Some(slot) => *slot = new,
        None => sources.push(new),
    }
}

/// `text` with every `mark` replaced by `value`, into a string of the exact size.
fn splice(text: &str, mark: &str, value: &str) -> String {
    let at: Vec<usize> = memchr::memmem::find_iter(text.as_bytes(), mark).collect();
    let mut out =
        String::with_capacity(text.len() + at.len() * value.len() - at.len() * mark.len());
    let mut from = 0;
    for start in at {
        out.push_str(&text[from..start]);
        out.push_str(value);
        from = start + mark.len();
    }
    out.push_str(&text[from..]);
    out
}

/// Whether every Tera tag of `template` that names the variable `var` is exactly
/// `{{ var | safe }}` (whitespace and `-` trim marks aside). `page.var`, `var_x` and
/// text outside tags are other things.
fn outputs_only(template: &str, var: &str) -> bool {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else {
            return !names(after, var);
        };
        let tag = &after[..end + close.len()];
        if close != "#}" && names(tag, var) && !is_safe_output(tag, var) {
            return false;
        }
        rest = &after[end + close.len()..];
    }
    true
}

/// Whether `tag` (`{…}}` or `{%…%}` without its first `{`) has `var` as a whole name.
fn names(tag: &str, var: &str) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    tag.match_indices(var).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + var.len()).copied();
        !before.is_some_and(|b| ident(b) || b == b'.') && !after.is_some_and(ident)
    })
}

/// Whether `tag` (without its first `{`) is `{ var | safe }}`, trim marks allowed.
fn is_safe_output(tag: &str, var: &str) -> bool {
    let Some(inner) = tag.strip_prefix('{').and_then(|t| t.strip_suffix("}}")) else {
        return false;
    };
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    let mut parts = inner.split('|').map(str::trim);
    parts.next() == Some(var) && parts.next() == Some("safe") && parts.next().is_none()
}

/// Compiles every template. Syntax errors are collected for each file on its own
/// (so all of them are reported); then the whole set is linked (extends, includes).
fn compile(sources: &[TemplateSource], diags: &mut Diagnostics) -> Tera {
    let before = diags.error_count();
    for src in sources {
        let mut alone = Tera::new();
        if let Err(e) = alone.add_raw_template(&src.name, &src.text)
            && matches!(e.kind(), ErrorKind::SyntaxError(_))
        {
            diags.push(tera_diagnostic(src.origin.clone(), &e, "parse"));
        }
    }
    let mut tera = Tera::new();
    if diags.error_count() == before {
        let all = sources.iter().map(|s| (s.name.as_str(), s.text.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            let origin = blamed_origin(sources, &e);
            diags.push(tera_diagnostic(origin, &e, "load"));
        }
    }
    tera
}

/// The file a linking error is about: the one Tera names, else the first override.
fn blamed_origin(sources: &[TemplateSource], e: &tera::Error) -> RelPath {
    let named = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r.filename().to_string()),
        ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => {
            Some(tpl.clone())
        }
        _ => None,
    };
    named
        .and_then(|n| sources.iter().find(|s| s.name == n))
        .or_else(|| {
            sources
                .iter()
                .find(|s| !s.origin.as_str().starts_with(DEFAULT_DIR))
        })
        .or(sources.first())
        .map_or_else(|| RelPath::new(DEFAULT_DIR), |s| s.origin.clone())
}

/// Maps a Tera error to a `template` diagnostic at `origin`, with the line and column
/// when Tera reports a span. `action` says what failed (`parse`, `load`, `render`).
fn tera_diagnostic(origin: RelPath, e: &tera::Error, action: &str) -> Diagnostic {
    let (message, span) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            (r.message().to_string(), Some(r.span().clone()))
        }
        other => (other.to_string(), None),
    };
    let mut source_err = std::error::Error::source(e);
    let mut message = message;
    while let Some(inner) = source_err {
        message.push_str(&format!(": {inner}"));
        source_err = inner.source();
    }
    let name = origin.file_name().to_string();
    let d = Diagnostic::error(
        Code::Template,
        origin,
        format!("failed to {action} template `{name}`: {message}"),
    );
    match span {
        Some(s) => d.at_line(s.start_line as u32, s.start_col as u32 + 1),
        None => d,
    }
    .with_hint("opsbook's guide, Reference > Theme, lists the variables each template receives")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overrides(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn only_safe_outputs_of_a_variable_let_it_be_spliced() {
        let only = |t: &str| outputs_only(t, "body");
        assert!(only(
            "<body class=\"{% block body_class %}{% endblock body_class %}\">"
        ));
        assert!(only(
            "<article>{{ body | safe }}</article>{{- body|safe -}}"
        ));
        assert!(only(
            "{% if not page.body_has_h1 %}{{ page.body }}{% endif %}{# body #}"
        ));
        assert!(only("a { color: red } {{ title }} {"));
        assert!(!only("{{ body }}"), "escaped output");
        assert!(!only("{{ body | safe | upper }}"));
        assert!(!only("{% if body %}x{% endif %}"));
        assert!(!only("{% set b = body %}"));
        assert!(!only("{{ body | length }}"));
        assert!(!only("{{ body | safe"), "unclosed tag");
    }

    #[test]
    fn splice_replaces_every_mark_in_an_exact_buffer() {
        let out = splice("<a>M</a><b>M</b>", "M", "body");
        assert_eq!(out, "<a>body</a><b>body</b>");
        assert_eq!(out.capacity(), out.len());
        assert_eq!(splice("none", "M", "body"), "none");
    }

    #[test]
    fn a_spliced_body_renders_as_tera_would_render_it() {
        #[derive(Serialize)]
        struct Ctx<'a> {
            title: &'a str,
            body: &'a str,
        }
        let page = "{% extends \"t-base.html\" %}{% block main %}<h1>{{ title }}</h1>{{ body | safe }}{% endblock main %}";
        let body = "<p>x &amp; {{ not a tag }}</p>";
        for (extra, spliced) in [("", true), ("{{ body | length }}", false)] {
            let base = format!("<main>{{% block main %}}{{% endblock main %}}</main>{extra}");
            let ov = overrides(&[("templates/t.html", page), ("templates/t-base.html", &base)]);
            let theme = Theme::load(&ov, "t").expect("compiles");
            assert_eq!(theme.body_spliced, spliced);
            let direct = theme.render("t.html", &Ctx { title: "T", body }).unwrap();
            let via = theme
                .render_with_body("t.html", |body| Ctx { title: "T", body }, body)
                .unwrap();
            assert_eq!(via, direct);
        }
    }

    #[test]
    fn default_theme_loads_with_every_template_and_static_file() {
        let theme = Theme::load(&BTreeMap::new(), "default").expect("default theme compiles");
        assert!(
            theme.body_spliced,
            "the default theme outputs the body only as is"
        );
        for t in ["page.html", "index.html", "404.html", "toc.html", "toc.js"] {
            assert!(theme.has_template(t), "missing template {t}");
        }
        for s in ["style.css", "theme.js", "copy.js"] {
            assert!(theme.statics().contains_key(s), "missing static {s}");
        }
    }

    #[test]
    fn default_style_is_its_css_parts_joined() {
        let statics = embedded_statics();
        assert!(
            !statics.keys().any(|k| k.starts_with("css/")),
            "parts are not served"
        );
        let css = std::str::from_utf8(&statics["style.css"]).expect("UTF-8");
        assert!(css.starts_with("/* The palette"), "palette.css first");
        assert_eq!(css.matches("@media print").count(), 1, "one print block");
        assert_eq!(css.matches("--caution:").count(), 1, "one palette");
    }

    #[test]
    fn override_replaces_a_template_and_a_static_file() {
        let ov = overrides(&[
            ("templates/404.html", "<p>gone: {{ shell.book_title }}</p>"),
            ("static/style.css", "body{color:red}"),
            ("static/extra.css", "p{}"),
        ]);
        let theme = Theme::load(&ov, "mine").expect("override compiles");
        #[derive(Serialize)]
        struct Shell {
            book_title: &'static str,
        }
        #[derive(Serialize)]
        struct Ctx {
            shell: Shell,
        }
        let ctx = Ctx {
            shell: Shell { book_title: "B<" },
        };
        assert_eq!(
            theme.render("404.html", &ctx).unwrap(),
            "<p>gone: B&lt;</p>"
        );
        assert_eq!(theme.statics()["style.css"], b"body{color:red}");
        assert!(theme.statics().contains_key("extra.css"));
        assert!(theme.statics().contains_key("theme.js"), "others kept");
        assert!(theme.has_template("page.html"), "others kept");
    }

    #[test]
    fn broken_override_names_its_file_and_line() {
        let ov = overrides(&[(
            "templates/page.html",
            "<html>\n<body>\n{% if page.title %}\n{{ page.title }\n</body>",
        )]);
        let diags = Theme::load(&ov, "acme").unwrap_err();
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.code, Code::Template);
        assert_eq!(d.path.as_str(), "themes/acme/templates/page.html");
        assert_eq!(d.line, 4, "{d}");
        assert!(d.message.contains("page.html"), "{}", d.message);
    }

    #[test]
    fn every_broken_override_is_reported() {
        let ov = overrides(&[
            ("templates/404.html", "{{ x"),
            ("templates/toc.html", "{% for %}"),
        ]);
        let diags = Theme::load(&ov, "t").unwrap_err();
        let paths: Vec<_> = diags.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            ["themes/t/templates/404.html", "themes/t/templates/toc.html"]
        );
    }

    #[test]
    fn override_extending_a_missing_parent_is_a_diagnostic() {
        let ov = overrides(&[("templates/404.html", "{% extends \"nope.html\" %}")]);
        let diags = Theme::load(&ov, "t").unwrap_err();
        let d = diags.iter().next().expect("one diagnostic");
        assert_eq!(d.path.as_str(), "themes/t/templates/404.html");
        assert!(d.message.contains("nope.html"), "{}", d.message);
    }

    #[test]
    fn render_error_names_the_template() {
        let ov = overrides(&[("templates/404.html", "a\n{{ missing.field }}")]);
        let theme = Theme::load(&ov, "t").expect("parses");
        let d = theme.render("404.html", &()).unwrap_err();
        assert_eq!(d.code, Code::Template);
        assert_eq!(d.path.as_str(), "themes/t/templates/404.html");
        assert!(d.message.contains("render"), "{}", d.message);
    }
}
