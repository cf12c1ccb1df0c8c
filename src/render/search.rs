//! Stage 5: the client-side search index, built from the `Book`, split so a reader
//! downloads only what a query needs (as Pagefind does). Pure: no disk, clock or env.
//!
//! Files, all below `search/` (the format `static/search.js` reads):
//!
//! - `manifest.json`: `{"v":2,"keys":["a","ba","bb",…],"frag":200,"count":N}`. `keys`
//!   are the term prefixes of the shards, sorted; shard `i` is `s/<i>.json`.
//! - `s/<i>.json`: `[[term, [p, p, …]], …]`, terms sorted. Each posting is
//!   `record * 4 + field`, delta-encoded (the first is absolute); `field` is
//!   0 title/heading, 1 checklist item, 2 body text, 3 secret name.
//! - `f/<n>.json`: records `n*frag … n*frag+frag-1`, each
//!   `[kind, page title, href, heading, text]`, `href` relative to the site root.
//!
//! A shard holds every term starting with its key; a key is one character, and grows
//! a character at a time while its shard would pass [`SHARD_BYTES`]. A term found in
//! more than [`MAX_POSTINGS`] records keeps the best ones (titles, then items, then
//! body), so no common word can make one shard huge.
//!
//! A single build inverts the book's records in chunks ([`files_for`]). Across the
//! versions of a build, each page's records are indexed once as a [`Unit`] (terms,
//! postings and fragment rows) kept in a [`SearchCache`], and the files are put
//! together from the units; a test checks both give the same files.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::base::cache::Cache;
use crate::base::hash::FxHashMap;
use crate::base::html::{script_json, script_json_bytes};
use crate::base::url::encode_path;
use crate::model::{Book, ItemsRef, Page, TextSection};

/// Raw size a shard may reach before it is split by one more character of its key.
pub(crate) const SHARD_BYTES: usize = 24 * 1024;
/// Records kept per term; a word found in more records than this is not a useful filter.
pub(crate) const MAX_POSTINGS: usize = 2000;
/// Records per fragment file.
pub(crate) const FRAG: usize = 200;
/// Characters of text kept per record for the result snippet.
const SNIPPET_CHARS: usize = 360;

/// What a search record stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A page, with the text before its first H2/H3.
    Page,
    /// An H2/H3 section of a page, with its text.
    Heading,
    /// A checklist item.
    Item,
    /// A secret name (from the secret inventory, when it exists).
    Secret,
}

/// Which part of a record a term was found in: ranks the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Title = 0,
    Item = 1,
    Body = 2,
    Secret = 3,
}

/// One thing search can find. Other stages add their own through [`index_files`]'s
/// `extra` (the hook for secret names: `Kind::Secret`, title = the name).
/// The book's records borrow their text from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    pub kind: Kind,
    pub page_title: Cow<'a, str>,
    /// Site-root-relative link, with the anchor: `ops/deploy.html#rotate-keys`.
    pub href: String,
    /// The heading (or phase) the record sits under; the name for a secret.
    pub heading: Cow<'a, str>,
    /// Plain text: the section text, the item text, or where a secret lives.
    pub text: Cow<'a, str>,
}

impl Record<'_> {
    /// The same record, owning its text.
    pub(crate) fn into_owned(self) -> Record<'static> {
        Record {
            kind: self.kind,
            page_title: Cow::Owned(self.page_title.into_owned()),
            href: self.href,
            heading: Cow::Owned(self.heading.into_owned()),
            text: Cow::Owned(self.text.into_owned()),
        }
    }
}

/// The terms of `text`: lowercase runs of letters and digits, stop words left out.
/// `search.js` splits queries the same way.
#[cfg(test)]
pub(crate) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
    out
}

/// [`terms`] without an allocation per term: each is lent to `f` from one buffer.
fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    if text.is_ascii() {
        return for_each_ascii_term(text, f);
    }
    let mut term = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        term.clear();
        if word.is_ascii() {
            term.push_str(word);
            term.make_ascii_lowercase();
        } else {
            term.push_str(&word.to_lowercase());
        }
        let long_enough = if term.is_ascii() {
            term.len() >= 2
        } else {
            term.chars().count() >= 2
        };
        if long_enough && !STOP_WORDS.contains(&term.as_str()) {
            f(&term);
        }
    }
}

/// `for_each_term` of ASCII text, byte by byte: the same terms.
fn for_each_ascii_term(text: &str, mut f: impl FnMut(&str)) {
    let mut term = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() < 2 {
            continue;
        }
        term.clear();
        term.push_str(word);
        term.make_ascii_lowercase();
        if word.len() > STOP_WORD_MAX || !STOP_WORDS.contains(&term.as_str()) {
            f(&term);
        }
    }
}

/// The length of the longest stop word.
const STOP_WORD_MAX: usize = 4;

/// Words too common to search for (kept in step with `search.js`).
pub(crate) const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "with",
];

/// The search unit of one page. A body in the scratch file (serve keeps them there)
/// is read back for it.
fn page_unit(page: &Page) -> Unit {
    if page.doc.spilled.is_none() {
        return Unit::of(&page_records(page));
    }
    match page.doc.body() {
        Ok(body) => Unit::of(&page_records_with(page, &body.sections)),
        Err(e) => {
            tracing::warn!("{}: page text not searchable: {e}", page.source);
            Unit::of(&page_records(page))
        }
    }
}

fn page_records(page: &Page) -> Vec<Record<'_>> {
    page_records_with(page, &page.doc.sections)
}

/// The records of `page` with its body's `sections` (a streamed build reads them back
/// from its scratch file: `model::body`).
pub(crate) fn page_records_with<'a>(
    page: &'a Page,
    sections: &'a [TextSection],
) -> Vec<Record<'a>> {
    let mut out = Vec::with_capacity(sections.len() + page.doc.items.len());
    let mut rest = sections.iter();
    let intro = rest.next().map_or("", |s| s.text.as_str());
    let title = Cow::Borrowed(page.title.as_str());
    out.push(Record {
        kind: Kind::Page,
        page_title: title.clone(),
        href: encode_path(&page.url).into_owned(),
        heading: Cow::Borrowed(""),
        text: Cow::Borrowed(intro),
    });
    for s in rest {
        out.push(Record {
            kind: Kind::Heading,
            page_title: title.clone(),
            href: format!("{}#{}", encode_path(&page.url), s.id),
            heading: Cow::Borrowed(&s.heading),
            text: Cow::Borrowed(&s.text),
        });
    }
    let items = page.doc.items.get();
    for (n, item) in items.iter().enumerate() {
        // Borrowed from the book when its items are in memory; else copied.
        let text = match &items {
            ItemsRef::Borrowed(all) => Cow::Borrowed(all[n].text()),
            ItemsRef::Read(_) => Cow::Owned(item.text().to_string()),
        };
        let phase = page
            .doc
            .phases
            .get(item.phase)
            .map_or("", |p| p.title.as_str());
        out.push(Record {
            kind: Kind::Item,
            page_title: title.clone(),
            href: format!("{}#{}", encode_path(&page.url), item.id()),
            heading: Cow::Borrowed(phase),
            text,
        });
    }
    out
}

/// Postings of one term: (record, best field), records ascending.
type Postings = Vec<(u32, Field)>;

/// A run of consecutive records, indexed on its own: one page's records, the secret
/// names, or (in a single build) a chunk of the book's records. A page's unit is made
/// once per parsed page and shared by the versions of a build ([`SearchCache`]); the
/// index files are put together from the units in order.
#[derive(Debug, Default)]
pub(crate) struct Unit {
    /// Each term of the unit with its postings, records numbered from 0 in the unit.
    terms: Vec<(Box<str>, Postings)>,
    /// Each record's fragment row, as JSON: `[kind, page title, href, heading, text]`.
    rows: Vec<String>,
}

impl Unit {
    /// The unit of `records`, numbered from 0.
    pub(crate) fn of(records: &[Record<'_>]) -> Unit {
        let terms = invert_chunk(records, 0)
            .into_iter()
            .map(|(t, p)| (t.into_boxed_str(), p))
            .collect();
        let rows = records.iter().map(|r| script_json(&row_of(r))).collect();
        Unit { terms, rows }
    }

    fn len(&self) -> usize {
        self.rows.len()
    }
}

/// term → postings of `records`, the first being record number `first`.
fn invert_chunk(records: &[Record<'_>], first: usize) -> FxHashMap<String, Postings> {
    let mut index: FxHashMap<String, Postings> = FxHashMap::default();
    for (i, r) in records.iter().enumerate() {
        let id = u32::try_from(first + i).unwrap_or(u32::MAX);
        let (title_field, body_field) = match r.kind {
            Kind::Page | Kind::Heading => (Field::Title, Field::Body),
            Kind::Item => (Field::Item, Field::Item),
            Kind::Secret => (Field::Secret, Field::Body),
        };
        let title_text = match r.kind {
            Kind::Page => &r.page_title,
            Kind::Heading | Kind::Secret => &r.heading,
            Kind::Item => "",
        };
        for (text, field) in [(title_text, title_field), (&r.text, body_field)] {
            for_each_term(text, |t| match index.get_mut(t) {
                Some(postings) => match postings.last_mut() {
                    Some((last, best)) if *last == id => *best = (*best).min(field),
                    _ => postings.push((id, field)),
                },
                None => {
                    index.insert(t.to_string(), vec![(id, field)]);
                }
            });
        }
    }
    index
}

/// The units of the book's pages, shared by the versions of one build: a page whose
/// parse another version shares (the same `Arc` body, title and url) is indexed once.
/// The entry keeps the body alive, so no other page can take its address.
#[derive(Debug, Default)]
pub(crate) struct SearchCache {
    units: Option<std::sync::Mutex<HashMap<UnitKey, KeptUnit>>>,
    /// The units of the extra records (secret names) made so far, with the records.
    extras: std::sync::Mutex<Vec<(Vec<Record<'static>>, Arc<Unit>)>>,
}

/// A page's body address, title and url.
type UnitKey = (usize, String, String);

/// A unit and the body its key points at, kept alive with it.
type KeptUnit = (Arc<Unit>, Arc<str>);

impl Cache for SearchCache {
    fn on() -> Self {
        SearchCache {
            units: Some(std::sync::Mutex::new(HashMap::new())),
            extras: Default::default(),
        }
    }

    fn off() -> Self {
        Self::default()
    }
}

impl SearchCache {
    /// The unit of `extra`, made once per distinct list of records.
    fn extra_unit(&self, extra: &[Record<'_>]) -> Arc<Unit> {
        let lock = || {
            self.extras
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some((_, unit)) = lock()
            .iter()
            .find(|(records, _)| records.as_slice() == extra)
        {
            return Arc::clone(unit);
        }
        let unit = Arc::new(Unit::of(extra));
        let owned = extra.iter().cloned().map(Record::into_owned).collect();
        lock().push((owned, Arc::clone(&unit)));
        unit
    }

    fn unit(&self, page: &Page) -> Arc<Unit> {
        let make = || Arc::new(Unit::of(&page_records(page)));
        let Some(units) = &self.units else {
            return make();
        };
        let key = (
            Arc::as_ptr(&page.doc.html).cast::<u8>() as usize,
            page.title.clone(),
            page.url.clone(),
        );
        let lock = || {
            units
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some((unit, _)) = lock().get(&key) {
            return Arc::clone(unit);
        }
        let unit = make();
        lock().insert(key, (Arc::clone(&unit), Arc::clone(&page.doc.html)));
        unit
    }
}

/// term → postings, over every unit in order; terms sorted. Chunks of units are
/// inverted in parallel and merged in order, so postings stay ascending.
fn invert(units: &[Arc<Unit>]) -> Vec<(String, Postings)> {
    const CHUNK: usize = 64;
    let mut first = Vec::with_capacity(units.len());
    let mut n = 0usize;
    for u in units {
        first.push(u32::try_from(n).unwrap_or(u32::MAX));
        n += u.len();
    }
    let parts: Vec<FxHashMap<&str, Postings>> = units
        .par_chunks(CHUNK)
        .zip(first.par_chunks(CHUNK))
        .map(|(chunk, firsts)| {
            let mut index: FxHashMap<&str, Postings> = FxHashMap::default();
            for (unit, &base) in chunk.iter().zip(firsts) {
                for (term, postings) in &unit.terms {
                    index
                        .entry(term)
                        .or_default()
                        .extend(postings.iter().map(|&(r, f)| (base.saturating_add(r), f)));
                }
            }
            index
        })
        .collect();
    merge(parts)
}

/// Joins the postings of chunks (in record order) into one list sorted by term. The
/// serial pass only moves each chunk's vector under its term; each term's vectors are
/// then joined once, in parallel, so postings stay ascending.
fn merge<K>(parts: Vec<FxHashMap<K, Postings>>) -> Vec<(String, Postings)>
where
    K: Into<String> + Eq + std::hash::Hash + Send,
{
    let mut by_term: FxHashMap<K, Vec<Postings>> = FxHashMap::default();
    for part in parts {
        for (term, postings) in part {
            by_term.entry(term).or_default().push(postings);
        }
    }
    let mut merged: Vec<(String, Postings)> = by_term
        .into_par_iter()
        .map(|(term, mut lists)| {
            let postings = if lists.len() == 1 {
                lists.pop().unwrap_or_default()
            } else {
                lists.concat()
            };
            (term.into(), postings)
        })
        .collect();
    merged.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    merged
}

/// A term's postings as `record * 4 + field`, ascending, at most [`MAX_POSTINGS`].
fn encode(mut kept: Postings) -> Vec<u64> {
    if kept.len() > MAX_POSTINGS {
        kept.sort_by_key(|&(r, f)| (f, r));
        kept.truncate(MAX_POSTINGS);
        kept.sort_by_key(|&(r, _)| r);
    }
    let mut prev = 0u64;
    kept.iter()
        .map(|&(r, f)| {
            let v = u64::from(r) * 4 + f as u64;
            let d = v - prev;
            prev = v;
            d
        })
        .collect()
}

/// One shard: its key and its terms with encoded postings.
type Shard = (String, Vec<(String, Vec<u64>)>);

/// Groups the sorted terms into shards by prefix (see the module doc).
fn shard(terms: Vec<(String, Vec<u64>)>) -> Vec<Shard> {
    let mut out = Vec::new();
    split(String::new(), terms, &mut out);
    out
}

fn weight(entry: &(String, Vec<u64>)) -> usize {
    entry.0.len() + 6 + entry.1.iter().map(|d| digits(*d) + 1).sum::<usize>()
}

fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

fn split(key: String, terms: Vec<(String, Vec<u64>)>, out: &mut Vec<Shard>) {
    let size: usize = terms.iter().map(weight).sum();
    let depth = key.chars().count();
    if !key.is_empty() && (size <= SHARD_BYTES || terms.len() <= 1) {
        out.push((key, terms));
        return;
    }
    let mut groups: BTreeMap<String, Vec<(String, Vec<u64>)>> = BTreeMap::new();
    let mut exact = Vec::new();
    for t in terms {
        match t.0.chars().nth(depth) {
            Some(c) => groups.entry(format!("{key}{c}")).or_default().push(t),
            None => exact.push(t),
        }
    }
    if !exact.is_empty() {
        out.push((key, exact));
    }
    for (k, group) in groups {
        split(k, group, out);
    }
}

/// Manifest of the index, as `search.js` reads it.
#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    keys: Vec<&'a str>,
    frag: usize,
    count: usize,
}

/// The search index files (paths below the site root → bytes) for the book's records
/// plus `extra` (secret names, once the inventory exists), taking the pages' units
/// from `cache` when another version made them (`SearchCache::off()` in a single
/// build). Deterministic.
pub(crate) fn index_files(
    book: &Book,
    extra: &[Record<'_>],
    cache: &SearchCache,
) -> BTreeMap<String, Vec<u8>> {
    if cache.units.is_none() {
        // A page's records at a time, as a streamed build indexes them: every record of
        // a 10,000-page book at once took 220 MB of a server's first build.
        const CHUNK: usize = 128;
        let kept = std::sync::Mutex::new(crate::render::site::Site::default());
        let mut index = stream::IndexBuilder::default();
        for chunk in book.pages.chunks(CHUNK) {
            let units: Vec<Unit> = chunk.par_iter().map(page_unit).collect();
            units.into_iter().for_each(|u| index.add(u, &kept));
        }
        index.add(Unit::of(extra), &kept);
        index.finish(&kept);
        let site = kept
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        return site
            .files
            .into_iter()
            .map(|(path, bytes)| (path, Arc::unwrap_or_clone(bytes)))
            .collect();
    }
    let mut units: Vec<Arc<Unit>> = book.pages.par_iter().map(|p| cache.unit(p)).collect();
    units.push(cache.extra_unit(extra));
    files_of(&units)
}

/// The index files for any records: chunks of records inverted in parallel, merged in
/// record order; fragments serialized straight from the records.
pub fn files_for(records: &[Record<'_>]) -> BTreeMap<String, Vec<u8>> {
    const CHUNK: usize = 2048;
    let parts: Vec<FxHashMap<String, Postings>> = records
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| invert_chunk(chunk, c * CHUNK))
        .collect();
    let index = merge(parts);
    let fragments = records
        .par_chunks(FRAG)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<Row<'_>> = chunk.iter().map(row_of).collect();
            (format!("search/f/{n}.json"), script_json_bytes(&rows))
        })
        .collect();
    assemble(index, fragments, records.len())
}

/// A record's fragment row: `[kind, page title, href, heading, snippet]`.
type Row<'a> = (Kind, &'a str, &'a str, &'a str, String);

fn row_of<'a>(r: &'a Record<'_>) -> Row<'a> {
    (
        r.kind,
        &r.page_title,
        r.href.as_str(),
        &r.heading,
        snippet_text(&r.text),
    )
}

/// The index files for the records of `units`, numbered in order.
fn files_of(units: &[Arc<Unit>]) -> BTreeMap<String, Vec<u8>> {
    let rows: Vec<&str> = units
        .iter()
        .flat_map(|u| u.rows.iter().map(String::as_str))
        .collect();
    let fragments = rows
        .par_chunks(FRAG)
        .enumerate()
        .map(|(n, chunk)| {
            let json = format!("[{}]", chunk.join(","));
            (format!("search/f/{n}.json"), json.into_bytes())
        })
        .collect();
    assemble(invert(units), fragments, rows.len())
}

/// `index` (sorted by term) with each term's English stem as a term of its own holding
/// the postings of every word that stems to it (`backups` and `backup` under `backup`),
/// sorted again. The words stay too, so a word still being typed finds its prefix.
/// `static/stem.js` stems a query the same way (a test checks both stemmers agree).
fn with_stems(index: Vec<(String, Postings)>) -> Vec<(String, Postings)> {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let stems: Vec<Option<String>> = index
        .iter()
        .map(|(t, _)| {
            let s = stemmer.stem(t);
            (s != t.as_str()).then(|| s.into_owned())
        })
        .collect();
    if stems.iter().all(Option::is_none) {
        return index;
    }
    let mut map: BTreeMap<String, Postings> = BTreeMap::new();
    let mut grown = Vec::new();
    for ((term, postings), stem) in index.into_iter().zip(stems) {
        if let Some(stem) = stem {
            map.entry(stem.clone())
                .or_default()
                .extend(postings.iter().copied());
            grown.push(stem);
        }
        map.entry(term).or_default().extend(postings);
    }
    grown.sort_unstable();
    grown.dedup();
    for stem in grown {
        if let Some(p) = map.get_mut(&stem) {
            // One posting a record, its best field.
            p.sort_unstable_by_key(|&(r, f)| (r, f));
            p.dedup_by_key(|&mut (r, _)| r);
        }
    }
    map.into_iter().collect()
}

/// The shards of `index` (sorted by term), the `fragments` and the manifest, as files.
fn assemble(
    index: Vec<(String, Postings)>,
    fragments: Vec<(String, Vec<u8>)>,
    count: usize,
) -> BTreeMap<String, Vec<u8>> {
    let index = with_stems(index);
    let terms: Vec<(String, Vec<u64>)> =
        index.into_par_iter().map(|(t, p)| (t, encode(p))).collect();
    let shards = shard(terms);
    let mut files: BTreeMap<String, Vec<u8>> = shards
        .par_iter()
        .enumerate()
        .map(|(i, (_, entries))| (format!("search/s/{i}.json"), script_json_bytes(entries)))
        .collect();
    files.extend(fragments);
    let manifest = Manifest {
        v: 2,
        keys: shards.iter().map(|(k, _)| k.as_str()).collect(),
        frag: FRAG,
        count,
    };
    files.insert(
        "search/manifest.json".to_string(),
        script_json_bytes(&manifest),
    );
    files
}

fn snippet_text(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// One search record per secret name; it opens the name's row of the matrix.
pub(crate) fn secret_records(inv: &crate::secrets::inventory::Inventory) -> Vec<Record<'_>> {
    inv.secrets
        .iter()
        .map(|s| Record {
            kind: Kind::Secret,
            page_title: "Secrets".into(),
            href: format!("secrets/index.html#secret-{}", s.name),
            heading: s.name.as_str().into(),
            text: s
                .store
                .as_deref()
                .or(s.description.as_deref())
                .unwrap_or_default()
                .into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `for_each_term` before its ASCII path: the reference it must match.
    fn terms_reference(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let term = word.to_lowercase();
            if term.chars().count() >= 2 && !STOP_WORDS.contains(&term.as_str()) {
                out.push(term);
            }
        }
        out
    }

    #[test]
    fn stop_word_max_is_the_longest_stop_word() {
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(STOP_WORD_MAX)
        );
    }

    proptest::proptest! {
        #[test]
        fn terms_match_the_reference(text in "[ -~]{0,60}|[ a-zA-Z0-9_é\u{130}-]{0,30}") {
            let mut terms = Vec::new();
            for_each_term(&text, |t| terms.push(t.to_string()));
            proptest::prop_assert_eq!(terms, terms_reference(&text));
        }
    }

    fn rec(kind: Kind, title: &str, heading: &str, text: &str) -> Record<'static> {
        Record {
            kind,
            page_title: title.to_string().into(),
            href: "a.html".into(),
            heading: heading.to_string().into(),
            text: text.to_string().into(),
        }
    }

    #[test]
    fn terms_of_mixed_case_and_non_ascii_words() {
        assert_eq!(
            terms("ÉTAT Straße ÅB x é DNS İx"),
            ["état", "straße", "åb", "dns", "i̇x"]
        );
    }

    #[test]
    fn terms_lowercase_split_and_drop_stop_words() {
        let t: Vec<String> = terms("Rotate the DATABASE_URL key, then café-2 x");
        assert_eq!(t, ["rotate", "database", "url", "key", "then", "café"]);
    }

    #[test]
    fn postings_are_delta_encoded_with_best_field() {
        let recs = [
            rec(Kind::Page, "Deploy", "", "deploy text"),
            rec(Kind::Item, "Deploy", "P", "ship deploy"),
        ];
        let idx: BTreeMap<String, Postings> =
            invert(&[Arc::new(Unit::of(&recs))]).into_iter().collect();
        assert_eq!(
            encode(idx["deploy"].clone()),
            vec![0, 5],
            "record 1 as an item: 1 * 4 + 1"
        );
        assert_eq!(encode(idx["ship"].clone()), vec![5]);
    }

    #[test]
    fn units_give_the_files_one_run_of_records_gives() {
        // Three fragment files, the last one partly filled.
        let recs: Vec<Record<'static>> = (0..2 * FRAG + FRAG / 2)
            .map(|i| {
                let kind = [Kind::Page, Kind::Heading, Kind::Item][i % 3];
                rec(
                    kind,
                    &format!("Page {}", i / 7),
                    "Phase",
                    &format!("deploy w{i} x{} deploy", i % 11),
                )
            })
            .collect();
        let one = files_for(&recs);
        let units: Vec<Arc<Unit>> = recs.chunks(7).map(|c| Arc::new(Unit::of(c))).collect();
        assert_eq!(files_of(&units), one);
        assert!(one.contains_key("search/f/2.json"));
    }

    #[test]
    fn extra_records_are_indexed_once_per_distinct_list() {
        let cache = SearchCache::on();
        let a = [rec(Kind::Secret, "Secrets", "API_KEY", "vault")];
        let b = [rec(Kind::Secret, "Secrets", "DB_URL", "vault")];
        let first = cache.extra_unit(&a);
        assert!(Arc::ptr_eq(&first, &cache.extra_unit(&a.clone())));
        assert!(!Arc::ptr_eq(&first, &cache.extra_unit(&b)));
        assert_eq!(files_of(&[cache.extra_unit(&b)]), files_for(&b));
    }

    #[test]
    fn capped_postings_keep_titles_first() {
        let mut p: Postings = (0..(MAX_POSTINGS as u32 + 9))
            .map(|r| (r, Field::Body))
            .collect();
        p.push((MAX_POSTINGS as u32 + 9, Field::Title));
        let enc = encode(p);
        assert_eq!(enc.len(), MAX_POSTINGS);
        let last: u64 = enc.iter().sum();
        assert_eq!(last, (MAX_POSTINGS as u64 + 9) * 4);
    }

    #[test]
    fn every_word_is_also_indexed_under_its_stem() {
        let recs = [
            rec(Kind::Item, "P", "", "Take the backups"),
            rec(Kind::Heading, "P", "Backup", "restarting"),
            rec(Kind::Item, "P", "", "backup"),
        ];
        let index = with_stems(invert(&[Arc::new(Unit::of(&recs))]));
        let get = |t: &str| index.iter().find(|(k, _)| k == t).map(|(_, p)| p.clone());
        // The stem holds every record of its words, each once, with its best field.
        assert_eq!(
            get("backup"),
            Some(vec![(0, Field::Item), (1, Field::Title), (2, Field::Item)])
        );
        assert_eq!(
            get("backups"),
            Some(vec![(0, Field::Item)]),
            "the word stays"
        );
        assert_eq!(get("restart"), Some(vec![(1, Field::Body)]));
        assert_eq!(get("restarting"), Some(vec![(1, Field::Body)]));
        let terms: Vec<&str> = index.iter().map(|(t, _)| t.as_str()).collect();
        let mut sorted = terms.clone();
        sorted.sort_unstable();
        assert_eq!(terms, sorted);
    }

    #[test]
    fn big_shards_split_by_longer_prefixes_and_cover_every_term() {
        let recs: Vec<Record> = (0..3000)
            .map(|i| rec(Kind::Item, "P", "", &format!("alpha{i} alpine beta{i}")))
            .collect();
        let files = files_for(&recs);
        let manifest: serde_json::Value =
            serde_json::from_slice(&files["search/manifest.json"]).unwrap();
        let keys: Vec<&str> = manifest["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(keys.len() > 2, "{keys:?}");
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "keys are sorted for the client's search");
        let mut seen = 0;
        for (i, key) in keys.iter().enumerate() {
            let bytes = &files[&format!("search/s/{i}.json")];
            let shard: Vec<(String, Vec<u64>)> = serde_json::from_slice(bytes).unwrap();
            for (t, _) in &shard {
                assert!(t.starts_with(key), "{t} in shard {key}");
                // the longest key that prefixes the term is this shard's
                let best = keys
                    .iter()
                    .filter(|k| t.starts_with(*k))
                    .max_by_key(|k| k.len());
                assert_eq!(best, Some(key));
                seen += 1;
            }
            assert!(
                bytes.len() < SHARD_BYTES * 3,
                "shard {key} is {}",
                bytes.len()
            );
        }
        // alphaN, betaN, alpine and its stem alpin.
        assert_eq!(seen, 3000 * 2 + 2);
        assert_eq!(manifest["count"], 3000);
        let last = 3000 / FRAG - 1;
        assert!(files.contains_key(&format!("search/f/{last}.json")));
        assert!(!files.contains_key(&format!("search/f/{}.json", last + 1)));
    }

    #[test]
    fn output_is_deterministic_and_has_no_raw_lt() {
        let recs = [rec(Kind::Secret, "S", "API_KEY", "<vault> path")];
        let a = files_for(&recs);
        assert_eq!(a, files_for(&recs));
        assert!(a.values().all(|b| !b.contains(&b'<')));
        let rows: serde_json::Value = serde_json::from_slice(&a["search/f/0.json"]).unwrap();
        assert_eq!(rows[0][4], "<vault> path");
    }

    #[test]
    fn snippets_are_cut_on_char_boundaries() {
        let long = "é".repeat(SNIPPET_CHARS + 5);
        assert_eq!(snippet_text(&long).chars().count(), SNIPPET_CHARS + 1);
    }
}

#[cfg(test)]
mod stem_tests;
pub(crate) mod stream;
