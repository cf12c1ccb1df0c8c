//! "Start a run on GitHub" (SPEC.md §11): with `[site] repository` set, each runbook page
//! links, per environment, to GitHub's new-issue page with the run's title, labels
//! (`opsbook-run` and the environment) and body (`parse::github::issue_body`) in the
//! query. GitHub answers a request line longer than about 8 KB with `414 URI Too Long`,
//! so a link longer than `URL_LIMIT` opens the runbook's issue form instead
//! (`template=`), which `opsbook runs github-forms` (and `opsbook init`) write into
//! `.github/ISSUE_TEMPLATE/` with the checklist as the default text. Pure.

use serde::Serialize;

use crate::base::url::encode_query_value;
use crate::config::Config;
use crate::model::{Book, Page};
use crate::parse::github::{Header, LABEL, issue_body, task_list};

/// The longest link opsbook puts on a page: GitHub refuses request lines over 8,192 bytes
/// (nginx's default large header buffer; `414 URI Too Long`); the rest is headroom for
/// the request line's method and protocol and for a longer repository name.
pub(crate) const URL_LIMIT: usize = 8000;

/// Where `opsbook runs github-forms` writes the issue forms.
pub(crate) const FORMS_DIR: &str = ".github/ISSUE_TEMPLATE";

/// One "Start a run on GitHub" link of a runbook page (`github-run.html`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StartRunLink {
    /// The environment the run is for.
    pub env: String,
    /// GitHub's new-issue page, ready to open (escape it as any attribute).
    pub href: String,
    /// The link opens the runbook's issue form (the checklist was too long for a link).
    pub form: bool,
}

/// `Run: Deploy the API (production)`.
pub(crate) fn issue_title(page: &Page, env: &str) -> String {
    format!("Run: {} ({env})", page.title)
}

/// The new-issue link with the whole body in it (may be longer than `URL_LIMIT`).
pub(crate) fn new_issue_url(
    repo: &str,
    page: &Page,
    header: &Header,
    all_envs: &[String],
) -> String {
    let env = header.environment.as_deref().unwrap_or_default();
    format!(
        "https://github.com/{repo}/issues/new?title={}&labels={}&body={}",
        encode_query_value(&issue_title(page, env)),
        encode_query_value(&format!("{LABEL},{env}")),
        encode_query_value(&issue_body(page, header, all_envs))
    )
}

/// The issue form's file name for `page`: `opsbook-ops-deploy.yml`.
pub(crate) fn form_name(page: &Page) -> String {
    let slug = crate::parse::ids::slug(&page.id.replace('/', " "));
    format!("opsbook-{slug}.yml")
}

/// The new-issue link that opens `page`'s issue form.
pub(crate) fn form_url(repo: &str, page: &Page, env: &str) -> String {
    format!(
        "https://github.com/{repo}/issues/new?template={}&title={}&labels={}",
        encode_query_value(&form_name(page)),
        encode_query_value(&issue_title(page, env)),
        encode_query_value(&format!("{LABEL},{env}"))
    )
}

/// The environments a run of `page` can be for.
fn run_envs<'a>(book: &'a Book, page: &'a Page) -> &'a [String] {
    page.environments(&book.environments)
}

fn header(page: &Page, env: Option<&str>, cfg: &Config) -> Header {
    Header {
        runbook: page.id.clone(),
        environment: env.map(str::to_string),
        version: Some(cfg.versions.current.clone()).filter(|v| !v.is_empty()),
    }
}

/// The page's links, one per environment; none without `[site] repository` or items.
pub(crate) fn start_links(cfg: &Config, book: &Book, page: &Page) -> Vec<StartRunLink> {
    let Some(repo) = cfg.site.repository.as_deref() else {
        return Vec::new();
    };
    if page.doc.items.is_empty() {
        return Vec::new();
    }
    run_envs(book, page)
        .iter()
        .map(|env| {
            let h = header(page, Some(env), cfg);
            let url = new_issue_url(repo, page, &h, &book.environments);
            if url.len() <= URL_LIMIT {
                StartRunLink {
                    env: env.clone(),
                    href: url,
                    form: false,
                }
            } else {
                StartRunLink {
                    env: env.clone(),
                    href: form_url(repo, page, env),
                    form: true,
                }
            }
        })
        .collect()
}

/// A YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The issue form of `page`: its whole checklist (every environment's items; the
/// environment comes from the link's label) as the default text of one field.
pub(crate) fn issue_form(cfg: &Config, book: &Book, page: &Page) -> String {
    let h = header(page, None, cfg);
    let text = format!(
        "{}\n{}",
        crate::parse::github::header_comment(&h),
        task_list(page, None, &book.environments)
    );
    let value: String = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("        {l}\n")
            }
        })
        .collect();
    format!(
        "# Written by `opsbook runs github-forms` from {source}: its checklist is too long for\n\
         # a link, so \"Start a run on GitHub\" opens this form. After the runbook changes,\n\
         # run `opsbook runs github-forms` again and commit what it rewrites.\n\
         name: {name}\n\
         description: {description}\n\
         title: {title}\n\
         labels: [{label}]\n\
         body:\n  \
           - type: textarea\n    \
             id: checklist\n    \
             attributes:\n      \
               label: Checklist\n      \
               description: Leave it as it is; tick the items in the issue once it is open.\n      \
               value: |\n{value}    \
             validations:\n      \
               required: true\n",
        source = page.source,
        name = quoted(&format!("Run: {}", page.title)),
        description = quoted(&format!("Start a run of the runbook {} (opsbook)", page.id)),
        title = quoted(&format!("Run: {}", page.title)),
        label = quoted(LABEL),
    )
}

/// The issue forms the book needs: one per runbook with a link too long in some
/// environment, as (path below the book, text). None without `[site] repository`.
pub(crate) fn issue_forms(cfg: &Config, book: &Book) -> Vec<(String, String)> {
    book.pages
        .iter()
        .filter(|p| start_links(cfg, book, p).iter().any(|l| l.form))
        .map(|p| {
            (
                format!("{FORMS_DIR}/{}", form_name(p)),
                issue_form(cfg, book, p),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
