//! `opsbook secrets [DIR] [--env E] [--format table|json|csv]`: the secret inventory
//! on stdout (configuration variables left out). Book errors go to stderr and exit 1;
//! an unknown `--env` exits 1 naming the closest environment.

use std::process::ExitCode;

use serde::Serialize;

use super::{ensure_book_dir, print_diagnostics};
use crate::base::cache::Cache as _;
use crate::base::diag::counts;
use crate::cli::{SecretsArgs, SecretsFormat, Verbosity};
use crate::config::Config;
use crate::parse::book;
use crate::secrets::inventory::{Inventory, Kind, Secret};
use crate::source;

/// The JSON document: `{"secrets": [...]}`.
#[derive(Debug, Serialize)]
pub(crate) struct JsonInventory<'a> {
    pub(crate) secrets: Vec<JsonSecret<'a>>,
}

/// One secret in the JSON output.
#[derive(Debug, Serialize)]
pub(crate) struct JsonSecret<'a> {
    pub(crate) name: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) store: Option<&'a str>,
    pub(crate) environments: &'a [String],
    pub(crate) rotate: Option<&'a str>,
    pub(crate) owner: Option<&'a str>,
    pub(crate) declared: bool,
    pub(crate) references: Vec<JsonRef<'a>>,
}

/// A mention in the JSON output.
#[derive(Debug, Serialize)]
pub(crate) struct JsonRef<'a> {
    pub(crate) page: &'a str,
    pub(crate) line: u32,
    pub(crate) anchor: Option<&'a str>,
}

/// Prints the inventory of the book in `args.dir`.
pub(crate) fn run(args: SecretsArgs, verbosity: Verbosity) -> anyhow::Result<ExitCode> {
    ensure_book_dir(&args.dir)?;
    let (cfg, mut diags) = Config::load(&args.dir)?;
    let sources = source::scan(&args.dir, &cfg)?;
    let book = book::assemble(
        &cfg,
        &sources,
        &mut diags,
        &book::PageCache::off(),
        Default::default(),
    );
    let inv = crate::secrets::inventory_of(&cfg, &book, &sources, &mut diags);
    print_diagnostics(&mut diags, verbosity);
    if diags.has_errors() {
        eprintln!("error: {}", counts(&diags));
        return Ok(ExitCode::FAILURE);
    }
    if let Some(env) = &args.env
        && !inv.environments.contains(env)
    {
        eprintln!("{}", unknown_env(env, &inv.environments));
        return Ok(ExitCode::FAILURE);
    }
    let shown = select(&inv, args.env.as_deref());
    print!("{}", render(&shown, args.format)?);
    Ok(ExitCode::SUCCESS)
}

/// The secrets (not configuration variables) `env` needs, or all of them.
pub(crate) fn select<'a>(inv: &'a Inventory, env: Option<&str>) -> Vec<&'a Secret> {
    inv.secrets
        .iter()
        .filter(|s| s.kind == Kind::Secret)
        .filter(|s| env.is_none_or(|e| s.environments.iter().any(|x| x == e)))
        .collect()
}

/// The inventory in `format`, ending with a newline.
pub(crate) fn render(secrets: &[&Secret], format: SecretsFormat) -> anyhow::Result<String> {
    Ok(match format {
        SecretsFormat::Json => {
            let doc = JsonInventory {
                secrets: secrets.iter().map(|s| json_secret(s)).collect(),
            };
            format!("{}\n", serde_json::to_string_pretty(&doc)?)
        }
        SecretsFormat::Csv => csv(secrets),
        SecretsFormat::Table => table(secrets),
    })
}

fn json_secret(s: &Secret) -> JsonSecret<'_> {
    JsonSecret {
        name: &s.name,
        description: s.description.as_deref(),
        store: s.store.as_deref(),
        environments: &s.environments,
        rotate: s.rotate.as_deref(),
        owner: s.owner.as_deref(),
        declared: s.declared,
        references: s
            .references
            .iter()
            .map(|r| JsonRef {
                page: &r.page,
                line: r.line,
                anchor: r.anchor.as_deref(),
            })
            .collect(),
    }
}

/// The columns of the table and CSV forms.
fn row(s: &Secret) -> [String; 6] {
    [
        s.name.clone(),
        s.environments.join(" "),
        s.store.clone().unwrap_or_default(),
        if s.declared { "yes" } else { "no" }.into(),
        s.references.len().to_string(),
        s.description.clone().unwrap_or_default(),
    ]
}

const HEADER: [&str; 6] = [
    "NAME",
    "ENVIRONMENTS",
    "STORE",
    "DECLARED",
    "REFERENCES",
    "DESCRIPTION",
];

fn table(secrets: &[&Secret]) -> String {
    let rows: Vec<[String; 6]> = secrets.iter().map(|s| row(s)).collect();
    let mut widths = HEADER.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(HEADER.to_vec());
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

fn csv(secrets: &[&Secret]) -> String {
    let mut out = format!("{}\n", HEADER.map(str::to_lowercase).join(","));
    for s in secrets {
        out.push_str(&crate::base::csv::line(row(s).iter().map(String::as_str)));
    }
    out
}

/// `error: unknown environment `prod`; did you mean `production`?`
pub(crate) fn unknown_env(env: &str, known: &[String]) -> String {
    if known.is_empty() {
        return format!("error: unknown environment `{env}`: the book has none");
    }
    match crate::base::suggest::closest(env, known.iter().map(String::as_str)) {
        Some(c) => format!(
            "error: unknown environment `{env}`; did you mean `{c}`? (known: {})",
            crate::base::suggest::listing(known)
        ),
        None => format!(
            "error: unknown environment `{env}` (known: {})",
            crate::base::suggest::listing(known)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_environment_is_named() {
        let known = vec!["staging".to_string(), "production".to_string()];
        assert!(unknown_env("prod", &known).contains("`production`"));
        assert!(unknown_env("stagin", &known).contains("`staging`"));
    }
}
