//! Build steps for the default theme embedded in the binary:
//! - rebuild when any file of `themes/default` changes, is added or is removed
//!   (`include_dir!` alone only notices changes to files that already existed);
//! - join the stylesheet's parts, `themes/default/static/css/*.css`, into the one
//!   `style.css` every page links (`$OUT_DIR/style.css`, embedded by `src/theme.rs`).
//!   Joining here keeps a book's override of `static/style.css` a plain file swap.

use std::path::Path;

/// The parts of `style.css` in cascade order (a later part wins a tie); every file in
/// the folder must be listed.
const STYLE_PARTS: [&str; 7] = [
    "palette",
    "base",
    "layout",
    "content",
    "checklist",
    "search",
    "print",
];

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    let dir = Path::new("themes/default/static/css");
    let mut css = String::new();
    for part in STYLE_PARTS {
        let path = dir.join(format!("{part}.css"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()));
        if !css.is_empty() {
            css.push('\n');
        }
        css.push_str(&text);
    }
    let listed = |name: &str| STYLE_PARTS.iter().any(|p| format!("{p}.css") == name);
    for entry in std::fs::read_dir(dir).expect("invariant: the css folder was just read") {
        let name = entry.expect("invariant: a readable folder").file_name();
        let name = name.to_string_lossy();
        assert!(
            listed(&name),
            "{name} in {} is not in STYLE_PARTS (build.rs)",
            dir.display()
        );
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("style.css");
    std::fs::write(&out, css).unwrap_or_else(|e| panic!("failed to write {}: {e}", out.display()));
}
