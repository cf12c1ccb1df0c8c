//! Hashing, two kinds and one home for each:
//! - maps and sets keyed by the book's own text (search terms, ids, highlighted lines)
//!   use rustc-hash's FxHash: the book is the author's own, so collision attacks are not
//!   a concern, and SipHash (std's default) costs several times more on short keys;
//! - a [`Fingerprint`] names content for the caches (rendered pages, a theme, a
//!   version's inputs): 128 bits from two differently seeded SipHash runs, so that two
//!   different inputs share a key with a chance no build will meet.

use std::hash::{DefaultHasher, Hash, Hasher};

pub(crate) use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

/// 128 bits naming some content: feed it values and bytes, then `digest`.
#[derive(Debug, Clone)]
pub(crate) struct Fingerprint {
    hashers: [DefaultHasher; 2],
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub(crate) fn new() -> Self {
        let mut hashers = [DefaultHasher::new(), DefaultHasher::new()];
        for (seed, h) in hashers.iter_mut().enumerate() {
            seed.hash(h);
        }
        Fingerprint { hashers }
    }

    /// Adds a value (its `Hash`).
    pub(crate) fn add<T: Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        for h in &mut self.hashers {
            value.hash(h);
        }
        self
    }

    /// Adds raw bytes in one write per hasher (many small writes cost several times more).
    pub(crate) fn add_bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for h in &mut self.hashers {
            h.write(bytes);
        }
        self
    }

    pub(crate) fn digest(&self) -> u128 {
        let [a, b] = [self.hashers[0].finish(), self.hashers[1].finish()];
        u128::from(a) << 64 | u128::from(b)
    }
}

/// A `Hasher`, so any `Hash` value can be fed with `value.hash(&mut fingerprint)`;
/// `Hasher::finish` gives 64 bits, [`Fingerprint::digest`] all 128.
impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        for h in &mut self.hashers {
            h.write(bytes);
        }
    }

    fn finish(&self) -> u64 {
        self.hashers[1].finish()
    }
}

/// The fingerprint of one value.
pub(crate) fn fingerprint<T: Hash + ?Sized>(value: &T) -> u128 {
    Fingerprint::new().add(value).digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_content_equal_fingerprint_and_near_content_apart() {
        assert_eq!(fingerprint("deploy"), fingerprint("deploy"));
        let keys = [
            "a",
            "b",
            "ab",
            "ba",
            "deploy",
            "deploys",
            "12345678",
            "123456789",
        ];
        let mut all: Vec<u128> = keys.iter().map(fingerprint).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), keys.len());
        let mut split = Fingerprint::new();
        split.add_bytes(b"ab");
        assert_ne!(split.digest(), Fingerprint::new().add_bytes(b"ba").digest());
    }

    #[test]
    fn a_map_keeps_every_term() {
        let mut m: FxHashMap<String, usize> = FxHashMap::default();
        for i in 0..10_000 {
            m.insert(format!("term{i}"), i);
        }
        assert_eq!(m.len(), 10_000);
    }
}
