//! The search index of a streamed build (`render::stream`), made as the pages go by:
//! each page's [`Unit`] is added in book order, fragment files are handed to the sink
//! as soon as they are full, and each term keeps at most twice [`MAX_POSTINGS`]
//! postings, pruned to the best as it grows, instead of every posting of the book.
//! The files are those of [`super::files_for`] over the same records, byte for byte:
//! `encode` keeps a term's best `MAX_POSTINGS` (field, then record), and the best of a
//! pruned list are the best of the whole, also once stems join words' lists.

use super::{FRAG, MAX_POSTINGS, Postings, Unit, assemble};
use crate::base::hash::FxHashMap;
use crate::render::site::Sink;

/// The index so far.
#[derive(Default)]
pub(crate) struct IndexBuilder {
    index: FxHashMap<Box<str>, Postings>,
    /// Fragment rows not yet written: fewer than `FRAG`.
    rows: Vec<String>,
    /// Records added.
    count: usize,
    /// Fragment files written.
    fragments: usize,
    /// Every path handed to the sink.
    paths: Vec<String>,
}

impl IndexBuilder {
    /// Adds the records of `unit`, numbered after those already added.
    pub(crate) fn add(&mut self, unit: Unit, sink: &dyn Sink) {
        let base = u32::try_from(self.count).unwrap_or(u32::MAX);
        let count = unit.len();
        for (term, postings) in unit.terms {
            let renumbered = postings.iter().map(|&(r, f)| (base.saturating_add(r), f));
            let list = match self.index.get_mut(&term) {
                Some(list) => {
                    list.extend(renumbered);
                    list
                }
                None => self
                    .index
                    .entry(term)
                    .or_insert_with(|| renumbered.collect()),
            };
            if list.len() > 2 * MAX_POSTINGS {
                prune(list);
            }
        }
        for row in unit.rows {
            self.rows.push(row);
            if self.rows.len() == FRAG {
                self.flush(sink);
            }
        }
        self.count += count;
    }

    fn flush(&mut self, sink: &dyn Sink) {
        let path = format!("search/f/{}.json", self.fragments);
        let json = format!("[{}]", self.rows.join(","));
        sink.put(path.clone(), std::sync::Arc::new(json.into_bytes()));
        self.paths.push(path);
        self.rows.clear();
        self.fragments += 1;
    }

    /// Writes the last fragment, the shards and the manifest; returns every path written.
    pub(crate) fn finish(mut self, sink: &dyn Sink) -> Vec<String> {
        if !self.rows.is_empty() {
            self.flush(sink);
        }
        let mut index: Vec<(String, Postings)> = self
            .index
            .into_iter()
            .map(|(t, p)| (t.into_string(), p))
            .collect();
        index.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (path, bytes) in assemble(index, Vec::new(), self.count) {
            sink.put(path.clone(), std::sync::Arc::new(bytes));
            self.paths.push(path);
        }
        self.paths
    }
}

/// Keeps the best `MAX_POSTINGS` of `list` (field, then record), in record order.
fn prune(list: &mut Postings) {
    list.sort_unstable_by_key(|&(r, f)| (f, r));
    list.truncate(MAX_POSTINGS);
    list.sort_unstable_by_key(|&(r, _)| r);
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Mutex;

    use super::super::{Kind, Record, files_for};
    use super::*;
    use crate::render::site::Site;

    fn record(i: usize) -> Record<'static> {
        // `deploy` is in every record (pruned many times over), in the title of every
        // seventh: the kept postings mix fields; `n<i>` is in one record each.
        let title = if i.is_multiple_of(7) {
            "Deploy"
        } else {
            "Runbook"
        };
        Record {
            kind: if i.is_multiple_of(3) {
                Kind::Item
            } else {
                Kind::Heading
            },
            page_title: Cow::Owned(format!("{title} {}", i / 10)),
            href: format!("p{}.html#s{i}", i / 10),
            heading: Cow::Owned(format!("Step n{i}")),
            text: Cow::Owned(format!("deploy deploying backups n{i} and more text")),
        }
    }

    #[test]
    fn streamed_index_files_are_the_whole_index_files() {
        let records: Vec<Record<'static>> = (0..3 * 2 * MAX_POSTINGS + 17).map(record).collect();
        let whole = files_for(&records);
        let site = Mutex::new(Site::default());
        let mut builder = IndexBuilder::default();
        // Units of uneven sizes, as pages are.
        let mut at = 0;
        for size in [1, 9, 40, 3].iter().cycle() {
            if at >= records.len() {
                break;
            }
            let end = (at + size).min(records.len());
            builder.add(Unit::of(&records[at..end]), &site);
            at = end;
        }
        let paths = builder.finish(&site);
        let site = site.into_inner().unwrap();
        assert_eq!(paths.len(), whole.len());
        assert_eq!(site.files.len(), whole.len());
        for (path, bytes) in &whole {
            assert_eq!(site.get(path), Some(bytes.as_slice()), "{path}");
        }
    }
}
