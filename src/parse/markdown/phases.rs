//! Which headings start a phase (SPEC.md §1 `[phases]`, §5). Works on the heading
//! list, not on events; must not touch HTML.
//!
//! A heading *reads like a phase* when, after leading junk (anything that is not an
//! ASCII letter or digit, so emoji and mojibake such as `‚úÖ` are skipped, and a leading
//! `:shortcode:`), it starts with `phase`, `part`, `stage`, `step`, `exercise` or `issue`
//! (any case), whitespace, a number (digits or a word `zero`…`twenty`) and then the end
//! or a character that is not a letter or digit: `PHASE 3: TLS`, `Phase one`,
//! `Part 2 - CI/CD`, `Stage 4`, `Step 1`, `Exercise 2`, `Issue 3:`.
//!
//! The exact rule: a heading starts a phase when
//! 1. it reads like a phase (at any level); or
//! 2. it is at `phase_level` and is not the *parent* of a phase-like heading, i.e. no
//!    phase-like heading sits deeper inside its section (`## TODOs` over
//!    `### Phase 0` … does not split); or
//! 3. it is a *sibling* of a phase-like heading: same level as the latest phase-like
//!    heading, with no shallower heading in between (`### Roll-back` after
//!    `### Phase two` is a phase of its own).

use super::headings::HeadingInfo;
use crate::model::Phase;
use crate::parse::ids;

/// A heading that starts a phase.
#[derive(Debug, Clone)]
pub(crate) struct PhaseStart {
    pub(crate) phase: Phase,
    /// Byte offset in the body where the phase starts.
    pub(crate) offset: usize,
    /// The phase's segment in derived item ids.
    pub(crate) segment: String,
}

const KEYWORDS: &[&str] = &["phase", "part", "stage", "step", "exercise", "issue"];

const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Whether a heading's text reads like a phase (see the module doc).
pub(crate) fn is_phase_title(text: &str) -> bool {
    let rest = skip_junk(text);
    let lower = rest.to_lowercase();
    let Some(after_kw) = KEYWORDS.iter().find_map(|k| lower.strip_prefix(k)) else {
        return false;
    };
    let number = after_kw.trim_start();
    if number.len() == after_kw.len() {
        return false; // no whitespace between keyword and number
    }
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let after = if digits > 0 {
        &number[digits..]
    } else {
        match NUMBER_WORDS.iter().find(|w| number.starts_with(*w)) {
            // The longest match first: `seventeen` before `seven`.
            Some(_) => {
                let word = NUMBER_WORDS
                    .iter()
                    .filter(|w| number.starts_with(*w))
                    .max_by_key(|w| w.len())
                    .expect("invariant: one word matched");
                &number[word.len()..]
            }
            None => return false,
        }
    };
    after.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// Skips leading characters that are not ASCII letters or digits, and `:shortcodes:`.
fn skip_junk(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| !c.is_ascii_alphanumeric() && c != ':');
        if let Some(after) = rest.strip_prefix(':') {
            rest = match after.split_once(':') {
                Some((code, tail)) if is_shortcode(code) => tail,
                _ => after,
            };
            continue;
        }
        return rest;
    }
}

fn is_shortcode(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
}

/// The headings that start a phase, in document order.
pub(crate) fn split(heads: &[HeadingInfo], phase_level: u8) -> Vec<PhaseStart> {
    let pattern: Vec<bool> = heads.iter().map(|h| is_phase_title(&h.text)).collect();
    let mut sibling_level: Option<u8> = None;
    let mut starts = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        if sibling_level.is_some_and(|l| h.level < l) {
            sibling_level = None;
        }
        let starts_phase = pattern[i]
            || (h.level == phase_level && !is_parent_of_pattern(heads, &pattern, i))
            || sibling_level == Some(h.level);
        if pattern[i] {
            sibling_level = Some(h.level);
        }
        if starts_phase {
            starts.push(start_of(h, pattern[i]));
        }
    }
    starts
}

/// Whether a phase-like heading sits deeper inside the section of `heads[i]`.
fn is_parent_of_pattern(heads: &[HeadingInfo], pattern: &[bool], i: usize) -> bool {
    let level = heads[i].level;
    heads[i + 1..]
        .iter()
        .zip(&pattern[i + 1..])
        .take_while(|(h, _)| h.level > level)
        .any(|(_, &p)| p)
}

fn start_of(h: &HeadingInfo, pattern: bool) -> PhaseStart {
    let segment = if h.explicit {
        h.id.clone()
    } else {
        // A phase-like title is named from its keyword on, so emoji or mojibake in
        // front of `PHASE 1` (and fixing them later) leave item ids alone.
        let text = if pattern { skip_junk(&h.text) } else { &h.text };
        let s = ids::segment(text);
        if s.is_empty() {
            ids::cut(&h.id, ids::MAX_SEGMENT)
        } else {
            s
        }
    };
    PhaseStart {
        phase: Phase {
            id: Some(h.id.clone()),
            title: h.text.clone(),
            line: h.line,
            gate: h.gate,
            approvers: h.approvers.clone(),
            estimate: h
                .estimate
                .as_deref()
                .and_then(crate::parse::duration::minutes),
        },
        offset: h.offset,
        segment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::markdown::test_support::render_page;

    #[test]
    fn phase_patterns_match() {
        for t in [
            "PHASE 3: TLS",
            "Phase one",
            "Phase 0: As early as possible",
            "Part 2 - CI/CD",
            "Stage 4",
            "Step 1",
            "step 12. Deploy",
            "Exercise 2",
            "Issue 3: Upgrade live",
            "‚úÖ PHASE 1: Security & Settings",
            "‚öôÔ∏è PHASE 5: Process Management",
            "🚀 Phase two",
            ":rocket: Stage seventeen: go",
            "Phase twenty",
        ] {
            assert!(is_phase_title(t), "{t}");
        }
    }

    #[test]
    fn non_phases_do_not_match() {
        for t in [
            "Phases",
            "Steps",
            "Prerequisites",
            "DEPLOYMENT STEPS",
            "Phase",
            "Phase 1a",
            "Stepone",
            "Step twentyone",
            "Partition 2",
            "1.1 Step 1",
            "Issue tracker",
        ] {
            assert!(!is_phase_title(t), "{t}");
        }
    }

    fn phase_titles(body: &str) -> Vec<String> {
        render_page(body)
            .0
            .phases
            .into_iter()
            .map(|p| p.title)
            .collect()
    }

    #[test]
    fn h2_sections_are_phases_by_default() {
        assert_eq!(phase_titles("# T\n## A\n### a1\n## B\n"), ["A", "B"]);
    }

    #[test]
    fn parent_of_pattern_phases_does_not_split() {
        assert_eq!(
            phase_titles(
                "## Intro\n## TODOs\n### Phase 0: early\n#### Team\n### Phase 1: later\n## Notes\n"
            ),
            ["Intro", "Phase 0: early", "Phase 1: later", "Notes"]
        );
    }

    #[test]
    fn sibling_of_pattern_phase_is_a_phase() {
        assert_eq!(
            phase_titles(
                "## Procedure\n### Phase one\n### Phase two\n### Roll-back\n## After\n### Deep\n"
            ),
            ["Phase one", "Phase two", "Roll-back", "After"]
        );
    }

    #[test]
    fn leading_phase_holds_items_before_first_phase() {
        let (doc, _) = render_page("# Deploy\n- [ ] early\n## Step 1\n- [ ] later\n");
        assert_eq!(doc.phases[0].id, None);
        assert_eq!(doc.phases[0].title, "Deploy");
        assert_eq!(doc.items[0].phase, 0);
        assert_eq!(doc.items[1].phase, 1);
        let (doc, _) = render_page("- [ ] early\n");
        assert_eq!(doc.phases[0].title, "Before you start");
    }

    #[test]
    fn phase_segment_skips_leading_junk() {
        let (doc, _) = render_page("## ‚úÖ PHASE 1: TLS\n- [ ] x\n## 🚀 Deploy\n- [ ] y\n");
        let ids: Vec<&str> = doc.items.iter().map(|i| i.id()).collect();
        assert_eq!(ids, ["p/phase-1-tls/x", "p/deploy/y"]);
    }

    #[test]
    fn phases_without_items_are_kept() {
        let (doc, _) = render_page("## A\n## B\n- [ ] x\n");
        assert_eq!(doc.phases.len(), 2);
        assert_eq!(doc.items[0].phase, 1);
    }
}
