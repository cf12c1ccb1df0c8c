//! The inventory pages: `secrets/index.html` (the matrix secret × environment, with
//! undeclared and unused flags) and `secrets/<env>.html` (every secret an environment
//! needs, each with its mentions linked). Values are never shown: the inventory holds
//! none. Pure: inventory and theme in, `(path, html)` out.

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::model::Book;
use crate::render::ShellContext;
use crate::secrets::inventory::{Inventory, Kind, Secret};
use crate::theme::Theme;

/// One cell of the matrix.
#[derive(Debug, Serialize)]
pub struct CellContext {
    pub env: String,
    /// `used`, `declared`, `undeclared`, `unused` or empty.
    pub state: &'static str,
}

/// A mention, linked relative to the secrets pages.
#[derive(Debug, Serialize)]
pub struct RefContext {
    pub href: String,
    pub title: String,
    pub line: u32,
}

/// A secret as the pages show it.
#[derive(Debug, Serialize)]
pub struct SecretContext<'a> {
    pub secret: &'a Secret,
    /// `secret-<name>` anchor of its section.
    pub anchor: String,
    pub cells: Vec<CellContext>,
    pub refs: Vec<RefContext>,
}

/// Context of `secrets.html` (the matrix) and `secrets-env.html` (one environment).
#[derive(Debug, Serialize)]
pub struct SecretsContext<'a> {
    pub shell: ShellContext<'a>,
    /// The environment of an environment page; `None` on the matrix.
    pub env: Option<&'a str>,
    pub environments: &'a [String],
    pub secrets: Vec<SecretContext<'a>>,
    pub config_vars: Vec<SecretContext<'a>>,
}

/// Renders the matrix and one page per environment.
pub fn pages(
    cfg: &Config,
    book: &Book,
    inventory: &Inventory,
    theme: &Theme,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    let mut targets = vec![("secrets/index.html".to_string(), "secrets.html", None)];
    for env in &inventory.environments {
        targets.push((
            format!("secrets/{env}.html"),
            "secrets-env.html",
            Some(env.as_str()),
        ));
    }
    // The matrix and one page per environment: megabytes each in a big book.
    let rendered: Vec<_> = targets
        .par_iter()
        .map(|(path, template, env)| {
            let ctx = context(cfg, book, inventory, path, *env);
            (path, theme.render(template, &ctx))
        })
        .collect();
    for (path, result) in rendered {
        match result {
            Ok(html) => out.push((path.clone(), html)),
            Err(d) => diags.push(*d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

fn context<'a>(
    cfg: &'a Config,
    book: &'a Book,
    inv: &'a Inventory,
    current: &'a str,
    env: Option<&'a str>,
) -> SecretsContext<'a> {
    let shown = |kind: Kind| -> Vec<SecretContext<'a>> {
        inv.secrets
            .iter()
            .filter(|s| s.kind == kind)
            .filter(|s| env.is_none_or(|e| s.environments.iter().any(|x| x == e)))
            .map(|s| secret_context(s, &inv.environments))
            .collect()
    };
    SecretsContext {
        shell: crate::render::shell(cfg, book, current),
        env,
        environments: &inv.environments,
        secrets: shown(Kind::Secret),
        config_vars: shown(Kind::Config),
    }
}

fn secret_context<'a>(s: &'a Secret, envs: &[String]) -> SecretContext<'a> {
    let cells = envs
        .iter()
        .map(|e| CellContext {
            env: e.clone(),
            state: cell_state(s, e),
        })
        .collect();
    let refs = s
        .references
        .iter()
        .map(|r| RefContext {
            href: match &r.anchor {
                Some(a) => format!("../{}#{a}", r.page),
                None => format!("../{}", r.page),
            },
            title: r.title.clone(),
            line: r.line,
        })
        .collect();
    SecretContext {
        secret: s,
        anchor: format!("secret-{}", s.name),
        cells,
        refs,
    }
}

fn cell_state(s: &Secret, env: &str) -> &'static str {
    let used = s.used_environments.iter().any(|e| e == env);
    let declared = s.declared_environments.iter().any(|e| e == env);
    match (s.undeclared_in(env), s.unused_in(env), declared, used) {
        (true, _, _, _) => "undeclared",
        (_, true, _, _) => "unused",
        (_, _, true, _) => "declared",
        (_, _, _, true) => "used",
        _ => "",
    }
}
