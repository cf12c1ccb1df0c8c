//! "Did you mean": the one way a misspelt name finds what was meant, for every hint
//! that names a key, an environment, an item id or a page. Case-insensitive; a
//! candidate the name starts (or that starts the name) wins, else the nearest by
//! optimal-string-alignment distance (strsim: a swap of two neighbours costs 1, so
//! `titel` finds `title`) when it is near enough to be a typo.

/// The candidate a misspelt `name` most likely meant, if any is close.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if lower.chars().count() >= 2
        && let Some(c) = candidates
            .iter()
            .find(|c| starts_lowered(c, &lower) || is_lowered_prefix(c, &lower))
    {
        return Some(c);
    }
    // The first of the nearest. A candidate whose length alone puts it further than
    // the nearest so far is not measured (the distance is at least the difference in
    // length): a hint for a link in a 10,000-page book looks at every file.
    let len = lower.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_len = c.chars().count();
        let near_enough = 2.max(c_len / 3);
        let bound = best.map_or(near_enough, |(d, _)| d.min(near_enough));
        if len.abs_diff(c_len) > bound {
            continue;
        }
        let d = strsim::osa_distance(&lower, &c.to_lowercase());
        if d <= near_enough && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether `text`, lower-cased, starts with `prefix` (lower-case already), without
/// making the lower-cased copy.
fn starts_lowered(text: &str, prefix: &str) -> bool {
    let mut text = text.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| text.next() == Some(p))
}

/// Whether `lower` (lower-case already) starts with `text` lower-cased.
fn is_lowered_prefix(text: &str, lower: &str) -> bool {
    let mut lower = lower.chars();
    text.chars()
        .flat_map(char::to_lowercase)
        .all(|t| lower.next() == Some(t))
}

/// "did you mean `x`?" for the closest candidate, if any is close.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// How many names a hint lists before it says how many more there are.
const LISTED: usize = 8;

/// Names for a hint, comma-separated: all of them when there are few, else the first
/// few and how many more (a book with 300 environments should not print 300 names in
/// every hint).
pub(crate) fn listing<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().take(LISTED).map(AsRef::as_ref).collect();
    let mut out = shown.join(", ");
    if names.len() > LISTED {
        out.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_listings_are_capped() {
        assert_eq!(listing(&["a", "b"]), "a, b");
        let many: Vec<String> = (0..300).map(|i| format!("env{i}")).collect();
        let shown = listing(&many);
        assert!(shown.starts_with("env0, env1,"), "{shown}");
        assert!(shown.ends_with("env7 and 292 more"), "{shown}");
    }

    #[test]
    fn closest_prefers_prefixes_then_typos() {
        let keys = ["title", "description", "language"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("desc", keys), Some("description"));
        assert_eq!(closest("LANGUAGE", keys), Some("language"));
        assert_eq!(closest("zzzzzz", keys), None);
        assert_eq!(
            did_you_mean("titel", keys).as_deref(),
            Some("did you mean `title`?")
        );
    }

    #[test]
    fn environments_by_prefix_or_typo() {
        let envs = ["development", "staging", "production"];
        assert_eq!(closest("prod", envs), Some("production"));
        assert_eq!(closest("stagng", envs), Some("staging"));
        assert_eq!(closest("Staging", envs), Some("staging"));
        assert_eq!(closest("qa", envs), None);
    }

    #[test]
    fn a_swap_of_neighbours_costs_one() {
        assert_eq!(strsim::osa_distance("titel", "title"), 1);
        assert_eq!(strsim::osa_distance("kitten", "sitting"), 3);
    }

    /// `closest` as it was before candidates were skipped by length: every one
    /// measured, the first of the nearest kept.
    fn measuring_all<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let lower = name.to_lowercase();
        if lower.chars().count() >= 2
            && let Some(c) = candidates.iter().find(|c| {
                let c = c.to_lowercase();
                c.starts_with(&lower) || lower.starts_with(&c)
            })
        {
            return Some(c);
        }
        candidates
            .iter()
            .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), *c))
            .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    #[test]
    fn skipping_by_length_finds_what_measuring_all_finds() {
        // Words of a small alphabet, of many lengths, in mixed case: many near ties.
        let mut seed = 7u64;
        let mut word = || {
            let mut w = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (seed >> 59) as usize;
            for k in 0..len {
                let c = b"abAB-e.\xc3"[((seed >> (k * 3 % 56)) & 7) as usize];
                w.push(if c == 0xc3 { 'é' } else { c as char });
            }
            w
        };
        let pool: Vec<String> = (0..400).map(|_| word()).collect();
        let names: Vec<String> = (0..300).map(|_| word()).collect();
        for chunk in pool.chunks(40) {
            let candidates: Vec<&str> = chunk.iter().map(String::as_str).collect();
            for name in &names {
                assert_eq!(
                    closest(name, candidates.iter().copied()),
                    measuring_all(name, &candidates),
                    "{name} in {candidates:?}"
                );
            }
        }
    }
}
