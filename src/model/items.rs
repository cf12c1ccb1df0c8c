//! A page's checklist items, in memory or, in a streamed build, in its scratch file.
//!
//! Items are most of a big book's outline: the 10,000-page bench book has 490,000 of
//! them, ~80 MB with their ids and texts, which a streamed build held from the parse
//! to the end. There they go to the scratch file with the page's body as soon as the
//! page is parsed; what reads them asks [`Items::get`], which reads a page's items
//! back for as long as it needs them. Their count stays in memory. A page is read by
//! several readers in a row (its progress per environment, its data, its search
//! records): each thread keeps the last page it read back, so it is read once.
//!
//! A scratch file that cannot be read back (changed under the build, a failing disk)
//! gives no items and marks the file failed ([`Spill::failed`]): the build then fails
//! and writes nothing, so no site is made from a book that lost its items.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::Arc;

use serde::Serialize;

use super::Item;
use crate::base::spill::{Fields, Span, Spill, push_str, push_u32};

/// A page's items: in memory, or where a streamed build put them.
#[derive(Debug, Clone)]
pub enum Items {
    Here(Vec<Item>),
    Spilled {
        spill: Arc<Spill>,
        span: Span,
        len: u32,
    },
}

impl Default for Items {
    fn default() -> Self {
        Items::Here(Vec::new())
    }
}

impl From<Vec<Item>> for Items {
    fn from(items: Vec<Item>) -> Self {
        Items::Here(items)
    }
}

impl FromIterator<Item> for Items {
    fn from_iter<T: IntoIterator<Item = Item>>(iter: T) -> Self {
        Items::Here(iter.into_iter().collect())
    }
}

impl PartialEq for Items {
    fn eq(&self, other: &Self) -> bool {
        *self.get() == *other.get()
    }
}

/// A page's items as [`Items::get`] gives them: borrowed, or read back.
#[derive(Debug, Clone)]
pub enum ItemsRef<'a> {
    Borrowed(&'a [Item]),
    Read(Arc<[Item]>),
}

impl Deref for ItemsRef<'_> {
    type Target = [Item];
    fn deref(&self) -> &[Item] {
        match self {
            ItemsRef::Borrowed(items) => items,
            ItemsRef::Read(items) => items,
        }
    }
}

/// Which scratch file and where: the key of [`LAST_READ`].
type Key = (u64, Span);

std::thread_local! {
    /// The items this thread read back last, with where they were.
    static LAST_READ: RefCell<Option<(Key, Arc<[Item]>)>> = const { RefCell::new(None) };
}

impl Items {
    /// The items, read back from the scratch file when they are there.
    pub fn get(&self) -> ItemsRef<'_> {
        let (spill, span, len) = match self {
            Items::Here(items) => return ItemsRef::Borrowed(items),
            Items::Spilled { spill, span, len } => (spill, *span, *len),
        };
        let key = (spill.id(), span);
        let last = LAST_READ.with_borrow(|last| {
            last.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, items)| Arc::clone(items))
        });
        if let Some(items) = last {
            return ItemsRef::Read(items);
        }
        match spill.get(span).and_then(|b| decode(&b, len)) {
            Ok(items) => {
                let items: Arc<[Item]> = items.into();
                LAST_READ.set(Some((key, Arc::clone(&items))));
                ItemsRef::Read(items)
            }
            Err(e) => {
                spill.fail(&e);
                ItemsRef::Read(Arc::from([]))
            }
        }
    }

    /// The items to change, brought back into memory first if they were spilled.
    pub fn to_mut(&mut self) -> &mut Vec<Item> {
        if let Items::Spilled { .. } = self {
            *self = Items::Here(self.get().to_vec());
        }
        match self {
            Items::Here(items) => items,
            Items::Spilled { .. } => unreachable!("brought back just above"),
        }
    }

    /// The items' ids, in order.
    pub fn ids(&self) -> Vec<String> {
        self.get().iter().map(|i| i.id().to_string()).collect()
    }

    pub fn len(&self) -> usize {
        match self {
            Items::Here(items) => items.len(),
            Items::Spilled { len, .. } => *len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the items into `spill`, leaving their count; on a write failure (a full
    /// disk) they stay in memory. Nothing to move takes no room in the file.
    pub fn spill_into(&mut self, spill: &Arc<Spill>) {
        let Items::Here(items) = self else {
            return;
        };
        let Ok(len) = u32::try_from(items.len()) else {
            return;
        };
        if len == 0 {
            return;
        }
        if let Ok(span) = spill.put(&encode(items)) {
            *self = Items::Spilled {
                spill: Arc::clone(spill),
                span,
                len,
            };
        }
    }
}

/// Tests read a parse's items as a slice: they are in memory there.
#[cfg(test)]
impl Items {
    pub fn iter(&self) -> std::slice::Iter<'_, Item> {
        match self {
            Items::Here(items) => items.iter(),
            Items::Spilled { .. } => panic!("a test read spilled items as a slice"),
        }
    }
}

#[cfg(test)]
impl std::ops::Index<usize> for Items {
    type Output = Item;
    fn index(&self, i: usize) -> &Item {
        match self {
            Items::Here(items) => &items[i],
            Items::Spilled { .. } => panic!("a test read spilled items as a slice"),
        }
    }
}

impl Serialize for Items {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// Each item's id, text, environments and secrets as strings, then its flags, phase,
/// estimate (`u32::MAX`: none), line and column.
fn encode(items: &[Item]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 128);
    for item in items {
        push_str(&mut out, item.id());
        push_str(&mut out, item.text());
        for list in [item.environments(), item.secrets()] {
            push_u32(&mut out, u32::try_from(list.len()).unwrap_or(0));
            for s in list {
                push_str(&mut out, s);
            }
        }
        let flags = u32::from(item.explicit_id) | (u32::from(item.done) << 1);
        push_u32(&mut out, flags);
        push_u32(&mut out, u32::try_from(item.phase).unwrap_or(u32::MAX));
        push_u32(&mut out, item.estimate.unwrap_or(u32::MAX));
        push_u32(&mut out, item.line);
        push_u32(&mut out, item.col);
    }
    out
}

fn decode(bytes: &[u8], len: u32) -> std::io::Result<Vec<Item>> {
    let mut f = Fields(bytes);
    let mut items = Vec::with_capacity(len as usize);
    for _ in 0..len {
        let (id, text) = (f.str()?, f.str()?);
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            for _ in 0..f.u32()? {
                list.push(f.str()?.to_string());
            }
        }
        let flags = f.u32()?;
        let phase = f.u32()? as usize;
        let estimate = Some(f.u32()?).filter(|e| *e != u32::MAX);
        let (line, col) = (f.u32()?, f.u32()?);
        let mut item = Item::new(id, text, line, col);
        let [environments, secrets] = lists;
        item.set_environments(environments);
        item.set_secrets(secrets);
        item.explicit_id = flags & 1 != 0;
        item.done = flags & 2 != 0;
        item.phase = phase;
        item.estimate = estimate;
        items.push(item);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<Item> {
        let mut a = Item::new("p/deploy", "Deploy — the app", 3, 1);
        a.done = true;
        a.explicit_id = true;
        a.phase = 2;
        a.estimate = Some(10);
        a.set_environments(vec!["prod".into(), "staging".into()]);
        a.set_secrets(vec!["DB_PASSWORD".into()]);
        let b = Item::new("p/check", "", 9, 4);
        vec![a, b]
    }

    #[test]
    fn spilled_items_read_back_the_same_and_keep_their_count() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Arc::new(Spill::create_in(dir.path()).unwrap());
        let mut spilled = Items::from(items());
        spilled.spill_into(&spill);
        assert!(matches!(spilled, Items::Spilled { .. }));
        assert_eq!(spilled.len(), 2);
        assert_eq!(*spilled.get(), items());
        let (first, again) = (spilled.get(), spilled.get());
        match (first, again) {
            (ItemsRef::Read(a), ItemsRef::Read(b)) => assert!(Arc::ptr_eq(&a, &b), "read once"),
            _ => panic!("spilled items are read back"),
        }
        assert_eq!(spilled, Items::from(items()));
        assert_eq!(spilled.to_mut()[0].text(), "Deploy — the app");
        assert!(matches!(spilled, Items::Here(_)));
        let mut none = Items::default();
        none.spill_into(&spill);
        assert!(matches!(none, Items::Here(_)) && none.is_empty());
        assert!(!spill.failed());
    }

    #[test]
    fn items_that_cannot_be_read_back_are_none_and_fail_the_spill() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Arc::new(Spill::create_in(dir.path()).unwrap());
        let span = spill.put(b"\x05\0\0\0ab").unwrap();
        let broken = Items::Spilled {
            spill: Arc::clone(&spill),
            span,
            len: 1,
        };
        assert!(broken.get().is_empty());
        assert!(spill.failed());
        assert!(decode(&encode(&items())[..20], 2).is_err());
    }
}
