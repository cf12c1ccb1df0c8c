//! The 404 page's links at any depth. A host serves `404.html` for a missing URL at any
//! depth (GitHub Pages: `/repo/a/b/missing.html`), so links relative to the site root
//! break there. With `[site] url` the page gets a `<base href>`; without it, an inline
//! script (`find_root.js`) finds the root and gives it to every relative link, style
//! and script. Being inline, the script is allowed by its hash, added to the page's
//! Content-Security-Policy.

use sha2::{Digest, Sha256};

/// The script that finds the site root from a 404 page (see the module doc).
pub(crate) const FIND_ROOT: &str = include_str!("find_root.js");

/// `'sha256-…'`: the CSP source that allows exactly the inline script `text`.
pub(crate) fn script_source(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// `policy` with `source` allowed for scripts: added to its `script-src`, or to a
/// `script-src` made from its `default-src`; unchanged when neither limits scripts.
pub(crate) fn allow_script(policy: &str, source: &str) -> String {
    let mut directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    let named = |d: &str, name: &str| {
        d.split_whitespace()
            .next()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    };
    if let Some(d) = directives.iter_mut().find(|d| named(d, "script-src")) {
        d.push(' ');
        d.push_str(source);
    } else if let Some(d) = directives.iter().find(|d| named(d, "default-src")) {
        let sources = d["default-src".len()..].trim();
        directives.push(format!("script-src {sources} {source}"));
    } else {
        return policy.to_string();
    }
    directives.join("; ")
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        let got: Vec<String> = ["", "f", "fo", "foo", "foob", "fooba", "foobar"]
            .iter()
            .map(|s| base64(s.as_bytes()))
            .collect();
        assert_eq!(
            got,
            [
                "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"
            ]
        );
    }

    #[test]
    fn the_hash_of_a_known_script() {
        // `echo -n "alert('Hello, world.');" | openssl sha256 -binary | base64`, the
        // example of the CSP specification.
        assert_eq!(
            script_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn the_script_is_allowed_in_script_src_or_a_copy_of_default_src() {
        let s = "'sha256-x'";
        assert_eq!(
            allow_script("default-src 'self'; script-src 'self'; img-src https:", s),
            "default-src 'self'; script-src 'self' 'sha256-x'; img-src https:"
        );
        assert_eq!(
            allow_script("default-src 'self' https:; img-src data:", s),
            "default-src 'self' https:; img-src data:; script-src 'self' https: 'sha256-x'"
        );
        assert_eq!(allow_script("img-src data:", s), "img-src data:");
    }
}
