//! A checklist as Markdown: `to_markdown` writes the `Checklist` as a runbook page so the
//! Markdown stage renders it like any other. Pure string building; validates nothing.

use std::fmt::Write as _;

use crate::base::html::escape;
use crate::model::{Checklist, ChecklistItem, ChecklistPhase};

/// The checklist as a Markdown document, rendered by the Markdown stage like any runbook:
/// `# title`, the description, `## Phase title {#phase-id}` per phase (none for the
/// implicit phase of top-level `items`), `- [ ] text {#id env=a,b}` per item (`[x]` when
/// done), then, indented under the item after a blank line, an `*Owner:* … · *Secrets:* …`
/// line (each secret linked to its entry in the inventory: `secrets_href` is the path from
/// the page to `secrets/index.html`) and the details. Pure; always `\n` line endings.
pub(crate) fn to_markdown(c: &Checklist, secrets_href: &str) -> String {
    let mut md = format!("# {}\n", c.title);
    if let Some(d) = &c.description {
        let _ = write!(md, "\n{}\n", d.trim_end());
    }
    for phase in &c.phases {
        if !phase.title.is_empty() {
            let _ = write!(md, "\n## {}{}\n", phase.title, heading_attrs(phase));
        }
        if !phase.items.is_empty() {
            md.push('\n');
        }
        for item in &phase.items {
            item_markdown(&mut md, item, secrets_href);
        }
    }
    md
}

fn item_markdown(md: &mut String, item: &ChecklistItem, secrets_href: &str) {
    let mark = if item.done { 'x' } else { ' ' };
    let _ = writeln!(
        md,
        "- [{mark}] {}{}",
        item.text,
        attrs(item.id.as_deref(), &item.environments, item.estimate)
    );
    let mut meta = Vec::new();
    if let Some(owner) = &item.owner {
        meta.push(format!("*Owner:* {}", escape_inline(owner)));
    }
    if !item.secrets.is_empty() {
        let names: Vec<String> = item
            .secrets
            .iter()
            .map(|s| secret_link(s, secrets_href))
            .collect();
        meta.push(format!("*Secrets:* {}", names.join(", ")));
    }
    if !meta.is_empty() {
        let _ = write!(md, "\n  {}\n", meta.join(" · "));
    }
    if let Some(details) = &item.details {
        md.push('\n');
        for line in details.lines() {
            if line.trim().is_empty() {
                md.push('\n');
            } else {
                let _ = writeln!(md, "  {line}");
            }
        }
    }
    if !meta.is_empty() || item.details.is_some() {
        md.push('\n');
    }
}

/// A secret's name linked to its entry in the secret inventory (`secrets/index.html`,
/// anchor `secret-<name>`), as inline HTML: the link is the site's, not the author's,
/// so the link check does not see it.
fn secret_link(name: &str, secrets_href: &str) -> String {
    format!(
        "<a class=\"secret-link\" href=\"{}#secret-{}\"><code>{}</code></a>",
        escape(secrets_href),
        escape(name),
        escape(name)
    )
}

/// ` {#id env=a,b}`, or `""` when there is nothing to say.
/// A phase heading's `{#id gate approvers=a,b estimate=30m}`.
fn heading_attrs(phase: &ChecklistPhase) -> String {
    let mut parts = Vec::new();
    if let Some(id) = &phase.id {
        parts.push(format!("#{id}"));
    }
    if phase.gate {
        parts.push("gate".to_string());
    }
    if !phase.approvers.is_empty() {
        parts.push(format!("approvers={}", phase.approvers.join(",")));
    }
    if let Some(m) = phase.estimate {
        parts.push(format!("estimate={m}m"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", parts.join(" "))
    }
}

fn attrs(id: Option<&str>, envs: &[String], estimate: Option<u32>) -> String {
    let mut parts = Vec::new();
    if let Some(id) = id {
        parts.push(format!("#{id}"));
    }
    if !envs.is_empty() {
        parts.push(format!("env={}", envs.join(",")));
    }
    if let Some(m) = estimate {
        parts.push(format!("estimate={m}m"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", parts.join(" "))
    }
}

/// Plain text made safe to put in inline Markdown.
fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '{' | '}' | '|' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_markdown;
    use crate::parse::checklist::tests::{SPEC_EXAMPLE, run};

    #[test]
    fn to_markdown_writes_headings_items_attributes_and_details() {
        let (c, _) = run(SPEC_EXAMPLE);
        let md = to_markdown(&c.expect("a checklist"), "../secrets/index.html");
        assert_eq!(
            md,
            "# Production Deployment Checklist\n\
             \n## Security & Settings {#security}\n\
             \n- [ ] Generate a strong `SECRET_KEY` {#secret-key env=production}\n\
             \n  *Owner:* platform · *Secrets:* <a class=\"secret-link\" href=\"../secrets/index.html#secret-SECRET_KEY\"><code>SECRET_KEY</code></a>\n\
             \n  ```bash\n  python -c \"import secrets; print(secrets.token_urlsafe(50))\"\n  ```\n\n"
        );
    }

    #[test]
    fn to_markdown_marks_done_items_and_skips_the_implicit_heading() {
        let (c, _) = run(
            "title: T\ndescription: Read me.\nitems:\n  - a\n  - text: b\n    done: true\n    environments: [staging, production]\n  - text: c\n    owner: \"*ops*\"\n",
        );
        let md = to_markdown(&c.expect("a checklist"), "secrets/index.html");
        assert_eq!(
            md,
            "# T\n\nRead me.\n\n- [ ] a\n- [x] b {env=staging,production}\n- [ ] c\n\n  *Owner:* \\*ops\\*\n\n"
        );
    }
}
