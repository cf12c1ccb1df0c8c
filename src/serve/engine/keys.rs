//! Render keys: a hash per page of what its HTML is made from (its source, neighbours,
//! breadcrumb trail, its items' team state) and one over what the shared files show of
//! every page. Equal key, equal bytes: only pages whose key changed are rendered again.
//! Pure hashing; renders nothing.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use crate::base::hash::Fingerprint;

use crate::model::EnvState;
use crate::model::{Book, NavNode};
use crate::render;

/// What rendering depends on, as hashes: one key per page, one summary per page (what
/// the shared files show of it), the sidebar tree and the team state.
#[derive(Debug, Default)]
pub(super) struct Keys {
    pub(super) page: Vec<u128>,
    /// Hash of each page's breadcrumb trail.
    pub(super) trail: Vec<u128>,
    pub(super) summary: Vec<u128>,
    pub(super) nav: u128,
    pub(super) states: u128,
    /// `shared_key` of the above.
    pub(super) shared: u128,
}

/// Every key, from scratch: O(pages).
pub(super) fn full_keys(
    book: &Book,
    hashes: &HashMap<String, u128>,
    states: &BTreeMap<String, EnvState>,
) -> Keys {
    let trail: Vec<u128> = render::trails(&book.nav, book.pages.len())
        .iter()
        .map(|t| {
            let mut h = Fingerprint::new();
            for node in t {
                (
                    node.title.as_str(),
                    node.page.and_then(|p| book.pages.get(p)).map(|p| &p.url),
                )
                    .hash(&mut h);
            }
            h.digest()
        })
        .collect();
    let mut keys = Keys {
        page: vec![0; book.pages.len()],
        summary: vec![0; book.pages.len()],
        trail,
        nav: {
            let mut h = Fingerprint::new();
            hash_nav(&book.nav, &mut h);
            h.digest()
        },
        states: states_hash(states),
        shared: 0,
    };
    let all: Vec<usize> = (0..book.pages.len()).collect();
    update_keys(&mut keys, book, hashes, states, &all);
    keys.shared = shared_key(book, &keys);
    keys
}

/// The keys of pages `indices` again (their trails and the nav are unchanged).
pub(super) fn update_keys(
    keys: &mut Keys,
    book: &Book,
    hashes: &HashMap<String, u128>,
    states: &BTreeMap<String, EnvState>,
    indices: &[usize],
) {
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| book.pages.get(j))
            .map(|p| (&p.title, &p.url))
    };
    for &i in indices {
        let page = &book.pages[i];
        let mut h = Fingerprint::new();
        (
            &book.title,
            &book.description,
            &book.language,
            book.home == Some(i),
        )
            .hash(&mut h);
        match hashes.get(page.source.as_str()) {
            // A Hugo taxonomy's own page: its text and the list made below it.
            Some(_) if page.kind == crate::model::PageKind::Taxonomy => {
                page.source.as_str().hash(&mut h);
                page.doc.hash_body(&mut h);
            }
            Some(file) => (page.source.as_str(), file).hash(&mut h),
            // A page of no file (a Docusaurus generated index): what it says.
            None => (page.source.as_str(), &*page.doc.html).hash(&mut h),
        }
        // What a Hugo page's front matter takes from its sections' `cascade`.
        serde_json::to_string(&page.front)
            .unwrap_or_default()
            .hash(&mut h);
        (&page.title, &page.url, &page.id).hash(&mut h);
        neighbour(i.checked_sub(1)).hash(&mut h);
        neighbour(Some(i + 1)).hash(&mut h);
        keys.trail[i].hash(&mut h);
        item_state_hash(page, states, &mut h);
        for run in book.runs.iter().filter(|r| r.runbook == page.id) {
            run.hash(&mut h);
        }
        keys.page[i] = h.digest();
        keys.summary[i] = summary_key(book, i);
    }
}

/// What the shared files show of page `i`.
fn summary_key(book: &Book, i: usize) -> u128 {
    let page = &book.pages[i];
    let mut h = Fingerprint::new();
    (
        &page.title,
        &page.url,
        &page.id,
        page.kind == crate::model::PageKind::Markdown,
    )
        .hash(&mut h);
    page.front
        .extra
        .get("description")
        .and_then(|v| v.as_str())
        .hash(&mut h);
    (page.doc.items.len(), page.doc.phases.len()).hash(&mut h);
    for phase in &page.doc.phases {
        (&phase.id, &phase.title).hash(&mut h);
    }
    if book.home == Some(i) {
        page.doc.hash_body(&mut h);
    }
    h.digest()
}

fn item_state_hash(
    page: &crate::model::Page,
    states: &BTreeMap<String, EnvState>,
    h: &mut Fingerprint,
) {
    for (env, state) in states {
        for item in page.doc.items.get().iter() {
            if let Some(entry) = state.entries.get(item.id()) {
                (
                    env,
                    item.id(),
                    entry.done,
                    &entry.by,
                    &entry.at,
                    &entry.note,
                )
                    .hash(h);
            }
        }
    }
}

fn states_hash(states: &BTreeMap<String, EnvState>) -> u128 {
    let mut h = Fingerprint::new();
    for (env, state) in states {
        env.hash(&mut h);
        for (id, e) in &state.entries {
            (id, e.done, &e.by, &e.at, &e.note).hash(&mut h);
        }
    }
    h.digest()
}

/// A hash of what the shared files are made from.
pub(super) fn shared_key(book: &Book, keys: &Keys) -> u128 {
    let mut h = Fingerprint::new();
    (&book.title, &book.description, &book.language, book.home).hash(&mut h);
    (&keys.summary, keys.nav, keys.states).hash(&mut h);
    // The home page lists the runs; the sidebar has a Runs entry when there are any.
    book.runs.hash(&mut h);
    h.digest()
}

fn hash_nav(nodes: &[NavNode], h: &mut Fingerprint) {
    for node in nodes {
        (&node.title, node.page, node.children.len(), node.kind).hash(h);
        hash_nav(&node.children, h);
    }
}
