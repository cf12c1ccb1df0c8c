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
        && let Some(c) = candidates.iter().find(|c| {
            let c = c.to_lowercase();
            c.starts_with(&lower) || lower.starts_with(&c)
        })
    {
        return Some(c);
    }
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
}
