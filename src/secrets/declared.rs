//! `content/secrets.yaml`: a list of declared secrets, the same shape as a checklist's
//! `secrets:` (name, description, store, environments, rotate, owner).
//!
//! Validation is the checklist parser's own (one set of rules and messages): the file
//! is wrapped as the `secrets:` of an empty checklist, indented by two spaces, and the
//! diagnostics are moved back to the file's own lines and columns.

use crate::base::diag::{Code, Diagnostic, Diagnostics};
use crate::base::path::RelPath;
use crate::config::Config;
use crate::parse::checklist;
use crate::secrets::inventory::Declared;
use crate::source::Sources;

/// Where the book declares secrets outside checklists.
pub(crate) const SECRETS_FILE: &str = "content/secrets.yaml";

/// Lines the wrapper adds above the file.
const WRAP_LINES: u32 = 3;

/// The secrets `content/secrets.yaml` declares (none if there is no such file).
pub(crate) fn load(sources: &Sources, cfg: &Config, diags: &mut Diagnostics) -> Vec<Declared> {
    let Some(file) = sources
        .content
        .iter()
        .find(|f| f.path.as_str() == SECRETS_FILE)
    else {
        return Vec::new();
    };
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Vec::new();
    };
    parse(text, &file.path, &cfg.environments.names, diags)
}

/// Parses the text of a secrets file; every mistake is a diagnostic at its `line:col`.
pub(crate) fn parse(
    text: &str,
    path: &RelPath,
    envs: &[String],
    diags: &mut Diagnostics,
) -> Vec<Declared> {
    let mut wrapped = String::from("title: secrets\nitems: []\nsecrets:\n");
    for line in text.lines() {
        wrapped.push_str("  ");
        wrapped.push_str(line);
        wrapped.push('\n');
    }
    let mut inner = Diagnostics::new();
    let parsed = checklist::parse(&wrapped, path, envs, &mut inner);
    diags.extend(inner.into_vec().into_iter().map(|d| unwrap_diag(d, text)));
    let secrets = parsed.map(|c| c.secrets).unwrap_or_default();
    secrets
        .into_iter()
        .map(|mut s| {
            s.line = s.line.saturating_sub(WRAP_LINES).max(1);
            s.col = s.col.saturating_sub(2).max(1);
            Declared {
                path: path.clone(),
                secret: s,
            }
        })
        .collect()
}

/// A diagnostic on the wrapped text, moved to the file's own place and code.
fn unwrap_diag(d: Diagnostic, text: &str) -> Diagnostic {
    let (line, col) = if d.line > WRAP_LINES {
        (d.line - WRAP_LINES, d.col.saturating_sub(2).max(1))
    } else {
        (1, 1)
    };
    let code = if d.code == Code::Checklist {
        Code::Secrets
    } else {
        d.code
    };
    let moved = Diagnostic { code, ..d };
    match moved.line {
        0 => moved,
        _ => moved.at(text, line, col),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envs() -> Vec<String> {
        vec!["staging".into(), "production".into()]
    }

    #[test]
    fn reads_declared_secrets_with_their_lines() {
        let text = "- name: DB_PASSWORD\n  description: main db\n  store: Vault\n  environments: [production]\n  rotate: 90 days\n  owner: dba\n- name: API_KEY\n";
        let mut d = Diagnostics::new();
        let got = parse(text, &RelPath::new(SECRETS_FILE), &envs(), &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].secret.name, "DB_PASSWORD");
        assert_eq!(got[0].secret.environments, ["production"]);
        assert_eq!(got[0].secret.owner.as_deref(), Some("dba"));
        assert_eq!((got[1].secret.line, got[1].secret.col), (7, 3));
    }

    #[test]
    fn mistakes_are_reported_at_the_files_own_line_and_column() {
        let text = "- name: DB_PASSWORD\n  colour: red\n";
        let mut d = Diagnostics::new();
        parse(text, &RelPath::new(SECRETS_FILE), &envs(), &mut d);
        let first = d.iter().next().expect("a diagnostic");
        assert_eq!(first.line, 2, "{first}");
        assert_eq!(first.source_line.as_deref(), Some("  colour: red"));
    }
}
