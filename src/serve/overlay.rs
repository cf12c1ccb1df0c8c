//! What `serve` adds to the pages it serves: the per-process token and the reload
//! client (`live.js`) and the run controls (`runs.js`) in `<head>`, and, while the book has errors, the error overlay
//! before `</body>`. Every diagnostic is HTML-escaped; the overlay names
//! `file:line:col`, the message and the hint.

use crate::base::diag::Diagnostics;
use crate::base::html::escape;

/// The `<meta>` and `<script>` put into the `<head>` of every served page.
pub(crate) fn head_tags(token: &str) -> String {
    format!(
        "<meta name=\"opsbook-serve-token\" content=\"{}\">\
         <script src=\"/_opsbook/live.js\" defer></script>\
         <script src=\"/_opsbook/runs.js\" defer></script>",
        escape(token)
    )
}

/// `html` with `tags` inserted before `</head>` (or at the start when it has none).
pub(crate) fn inject_head(html: &str, tags: &str) -> String {
    insert_before(html, "</head>", tags, false)
}

/// `html` with `overlay` inserted before the last `</body>` (or at the end).
pub(crate) fn inject_overlay(html: &str, overlay: &str) -> String {
    insert_before(html, "</body>", overlay, true)
}

fn insert_before(html: &str, marker: &str, extra: &str, last: bool) -> String {
    let at = if last {
        html.rfind(marker)
    } else {
        html.find(marker)
    };
    let at = at.unwrap_or(if last { html.len() } else { 0 });
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(extra);
    out.push_str(&html[at..]);
    out
}

/// The overlay for a failed build: every error (warnings left out), escaped.
pub fn overlay_html(diags: &Diagnostics) -> String {
    let mut items = String::new();
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        items.push_str(&format!(
            "<li><code>{}</code> <b>error[{}]</b>: {}",
            escape(&d.location()),
            escape(d.code.as_str()),
            escape(&d.message)
        ));
        if let Some(line) = &d.source_line {
            items.push_str(&format!("<pre>{}</pre>", escape(line)));
        }
        if let Some(hint) = &d.hint {
            items.push_str(&format!("<p>hint: {}</p>", escape(hint)));
        }
        items.push_str("</li>");
    }
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    overlay_box(&format!("the book has {count}"), &items)
}

/// The overlay for a failure that is not a diagnostic (a file that cannot be read).
pub(crate) fn overlay_message(message: &str) -> String {
    overlay_box("the build failed", &format!("<li>{}</li>", escape(message)))
}

/// What the overlay says of the page under it, while there is a last good build.
const UNDERNEATH: &str = "the last good build is shown underneath";

/// A panel over the top of the page (the page stays visible and scrolls below it),
/// with a button that hides it (Esc too: live.js); it is an alert, so it is read out.
fn overlay_box(title: &str, items: &str) -> String {
    format!(
        "<div id=\"opsbook-overlay\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
         max-height:60vh;z-index:2147483647;overflow:auto;background:rgba(20,0,0,.95);color:#fff;\
         font:14px/1.5 system-ui,sans-serif;padding:1em 2em;box-shadow:0 4px 16px rgba(0,0,0,.5)\">\
         <button type=\"button\" data-opsbook-dismiss style=\"float:right;font:inherit;color:#fff;\
         background:transparent;border:1px solid #fff;border-radius:4px;padding:.2em .8em;\
         cursor:pointer\">Hide (Esc)</button>\
         <h2 style=\"color:#ff9b9b;margin-top:0\">opsbook: {title}; {UNDERNEATH}</h2><ol>{items}</ol>\
         <p>Fix the file and save: this message goes away by itself.</p></div>"
    )
}

/// The overlay for a book that has never built: there is no page under it.
pub(crate) fn with_nothing_underneath(overlay: &str) -> String {
    overlay.replacen(
        UNDERNEATH,
        "nothing has built yet, so there is no page to show",
        1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diag::{Code, Diagnostic};
    use crate::base::path::RelPath;

    #[test]
    fn overlay_escapes_and_names_the_place() {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                Code::FrontMatter,
                RelPath::new("content/a.md"),
                "bad <script>",
            )
            .at_line(3, 7)
            .with_hint("use \"quotes\" & <b>"),
        );
        let html = overlay_html(&d);
        assert!(html.contains("content/a.md:3:7"), "{html}");
        assert!(html.contains("bad &lt;script&gt;"), "{html}");
        assert!(
            html.contains("hint: use &quot;quotes&quot; &amp; &lt;b&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("1 error"));
    }

    #[test]
    fn injects_in_head_and_before_body_end() {
        let page = "<html><head><title>x</title></head><body><p>hi</p></body></html>";
        let with_head = inject_head(page, &head_tags("t0k\"en"));
        assert!(with_head.contains(
            "<meta name=\"opsbook-serve-token\" content=\"t0k&quot;en\"><script src=\"/_opsbook/live.js\" defer></script><script src=\"/_opsbook/runs.js\" defer></script></head>"
        ));
        let with_overlay = inject_overlay(&with_head, "<div>E</div>");
        assert!(with_overlay.ends_with("<p>hi</p><div>E</div></body></html>"));
        assert_eq!(inject_overlay("no body", "X"), "no bodyX");
        assert_eq!(inject_head("no head", "X"), "Xno head");
    }
}
