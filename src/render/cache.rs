//! Stage 5, across versions: rendered files by what they were made from. A versioned
//! build renders the working tree and every tag; most pages are the same in all of them
//! (a page does not name its version), so each is rendered once. The key is a 128-bit
//! hash of the theme's fingerprint, the template's name and the whole template context,
//! serialized: any difference the template could show is a different key, so a hit is
//! exactly what rendering would give. A page's body (tens of KiB) is not hashed: it
//! stands in the key by the address of its `Arc<str>`, which versions share when the
//! file is unchanged (the parse cache), and the entry keeps that `Arc` alive so no other
//! body can take its address. Off (a no-op) outside versioned builds.

use crate::base::cache::Cache;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;

use crate::base::diag::Diagnostic;
use crate::render::site::Bytes;
use crate::render::theme::Theme;

/// A rendered file and the body its key points at (kept alive with it).
type Entry = (Bytes, Option<Arc<str>>);

/// Rendered files shared by the versions of one build.
#[derive(Debug, Default)]
pub(crate) struct RenderCache {
    files: Option<Mutex<HashMap<u128, Entry>>>,
    hits: AtomicUsize,
}

impl Cache for RenderCache {
    fn on() -> Self {
        RenderCache {
            files: Some(Mutex::new(HashMap::new())),
            hits: AtomicUsize::new(0),
        }
    }

    fn off() -> Self {
        Self::default()
    }
}

impl RenderCache {
    /// Whether it keeps nothing (`Cache::off`).
    pub(crate) fn is_off(&self) -> bool {
        self.files.is_none()
    }

    /// `theme.render(name, ctx)`, or the text an earlier call with the same theme,
    /// template and context made. Failures are not kept.
    pub(crate) fn render<C: Serialize>(
        &self,
        theme: &Theme,
        name: &str,
        ctx: &C,
    ) -> Result<Bytes, Box<Diagnostic>> {
        self.render_with(theme, name, ctx, None, |c| theme.render(name, c))
    }

    /// Like [`render`](Self::render) for a context whose body is left out of `ctx`
    /// (empty) and given as `body`: the key is `ctx` plus the body's address. On a miss
    /// `render(ctx)` is called, and must put the body back.
    pub(crate) fn render_with<C: Serialize>(
        &self,
        theme: &Theme,
        name: &str,
        ctx: C,
        body: Option<&Arc<str>>,
        render: impl FnOnce(C) -> Result<String, Box<Diagnostic>>,
    ) -> Result<Bytes, Box<Diagnostic>> {
        let fresh = |ctx| render(ctx).map(|text| Arc::new(text.into_bytes()));
        let Some(files) = &self.files else {
            return fresh(ctx);
        };
        let Some(key) = key(theme, name, &ctx, body) else {
            return fresh(ctx);
        };
        let found = files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .map(|(text, _)| Arc::clone(text));
        if let Some(bytes) = found {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(bytes);
        }
        let bytes = fresh(ctx)?;
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, (Arc::clone(&bytes), body.cloned()));
        Ok(bytes)
    }

    /// How many renders were answered from the cache.
    pub(crate) fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }
}

/// The 128-bit key of (theme, template, context, body address): a content
/// fingerprint. `None` if the context does not serialize (then it
/// is not cached). The context is serialized into a buffer first and hashed in one
/// call per hasher: many small writes into a hasher cost several times more.
fn key<C: Serialize>(theme: &Theme, name: &str, ctx: &C, body: Option<&Arc<str>>) -> Option<u128> {
    let json = serde_json::to_vec(ctx).ok()?;
    let body = body.map(|b| (Arc::as_ptr(b).cast::<u8>() as usize, b.len()));
    let key = crate::base::hash::Fingerprint::new()
        .add(&(theme.fingerprint(), name, body))
        .add_bytes(&json)
        .digest();
    Some(key)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Serialize)]
    struct Ctx<'a> {
        title: &'a str,
    }

    fn theme(page_html: Option<&str>) -> Theme {
        let mut files = BTreeMap::new();
        if let Some(t) = page_html {
            files.insert("templates/404.html".to_string(), t.as_bytes().to_vec());
        }
        Theme::load(&files, "default").unwrap()
    }

    fn text(bytes: &Bytes) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn same_context_is_rendered_once_another_is_rendered_again() {
        let t = theme(Some("<p>{{ title }}</p>"));
        let cache = RenderCache::on();
        let a = cache.render(&t, "404.html", &Ctx { title: "A" }).unwrap();
        let again = cache.render(&t, "404.html", &Ctx { title: "A" }).unwrap();
        let b = cache.render(&t, "404.html", &Ctx { title: "B" }).unwrap();
        assert_eq!(text(&a), "<p>A</p>");
        assert!(Arc::ptr_eq(&again, &a), "a hit shares the bytes, no copy");
        assert_eq!(text(&b), "<p>B</p>");
        assert_eq!(cache.hits(), 1);
    }

    #[test]
    fn another_theme_is_another_key() {
        let cache = RenderCache::on();
        let one = theme(Some("<p>{{ title }}</p>"));
        let two = theme(Some("<div>{{ title }}</div>"));
        let ctx = Ctx { title: "A" };
        assert_eq!(
            text(&cache.render(&one, "404.html", &ctx).unwrap()),
            "<p>A</p>"
        );
        assert_eq!(
            text(&cache.render(&two, "404.html", &ctx).unwrap()),
            "<div>A</div>"
        );
        assert_eq!(cache.hits(), 0);
    }

    #[derive(Serialize)]
    struct WithBody<'a> {
        title: &'a str,
        body: &'a str,
    }

    /// Renders `body` through `render_with`, keyed by the `Arc`'s address.
    fn with_body(cache: &RenderCache, t: &Theme, body: &Arc<str>) -> String {
        let ctx = WithBody {
            title: "T",
            body: "",
        };
        text(
            &cache
                .render_with(t, "404.html", ctx, Some(body), |ctx| {
                    t.render("404.html", &WithBody { body, ..ctx })
                })
                .unwrap(),
        )
    }

    #[test]
    fn a_body_is_keyed_by_its_arc_and_kept_alive() {
        let t = theme(Some("{{ title }}:{{ body }}"));
        let cache = RenderCache::on();
        let one: Arc<str> = Arc::from("one");
        assert_eq!(with_body(&cache, &t, &one), "T:one");
        assert_eq!(with_body(&cache, &t, &Arc::clone(&one)), "T:one");
        assert_eq!(cache.hits(), 1);
        // The same text in another Arc: rendered again (a miss, never a wrong hit).
        let copy: Arc<str> = Arc::from("one");
        assert_eq!(with_body(&cache, &t, &copy), "T:one");
        assert_eq!(cache.hits(), 1);
        // Dropped by the caller, the body lives on in the cache: its address cannot be
        // handed to another body while the cache can still answer for it.
        let address = Arc::as_ptr(&one).cast::<u8>();
        drop(one);
        let other: Arc<str> = Arc::from("two");
        assert_ne!(Arc::as_ptr(&other).cast::<u8>(), address);
        assert_eq!(with_body(&cache, &t, &other), "T:two");
    }

    #[test]
    fn off_keeps_nothing() {
        let t = theme(Some("<p>{{ title }}</p>"));
        let cache = RenderCache::off();
        for _ in 0..2 {
            assert_eq!(
                text(&cache.render(&t, "404.html", &Ctx { title: "A" }).unwrap()),
                "<p>A</p>"
            );
        }
        assert_eq!(cache.hits(), 0);
    }
}
