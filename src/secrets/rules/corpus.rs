//! The rule set against gitleaks' own rule tests (v8.30.1: 6,396 true and 374 false
//! positives), which are not in the repository: they are read from
//! `$OPSBOOK_EXTRA_CORPUS/gitleaks/cases.json`, else `../shared/corpus/extra/gitleaks/`
//! beside the crate; without them the test says so loudly and passes.
//!
//! A true positive is refused when the scanner (all rules) finds something in it; the
//! per-rule figure runs only the rules porting the case's gitleaks rule, as gitleaks'
//! own validation does. A false positive is refused when the rules porting its rule
//! find something (other rules may rightly fire on another rule's false positive: a
//! Cloudflare global key is a false positive of `cloudflare-origin-ca-key`).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;

use super::engine::scan;

/// Where the extra corpus is, if it is there.
pub(crate) fn extra_corpus(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("OPSBOOK_EXTRA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/extra")
        });
    let path = dir.join(what);
    if path.exists() {
        return Some(path);
    }
    loud(&format!(
        "\n*** SKIPPED: {} not found (set OPSBOOK_EXTRA_CORPUS to the folder holding \
         gitleaks/ and real-docs/) ***\n",
        path.display()
    ));
    None
}

/// Writes past the test harness's capture.
fn loud(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[derive(Default)]
struct Tally {
    tp: usize,
    tp_found: usize,
    tp_found_by_rule: usize,
    fp: usize,
    fp_refused: usize,
    fp_refused_by_any: usize,
}

#[test]
fn gitleaks_cases_recall_at_least_95_and_false_positives_at_most_3_percent() {
    let Some(path) = extra_corpus("gitleaks/cases.json") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("cases.json reads")).expect("JSON");
    let mut families: BTreeMap<String, Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut refused = Vec::new();
    for case in json["cases"].as_array().expect("cases") {
        let rule = case["rule"].as_str().unwrap_or_default();
        let text = case["text"].as_str().unwrap_or_default();
        let path = case["path"].as_str();
        let t = families
            .entry(case["family"].as_str().unwrap_or_default().to_string())
            .or_default();
        let by_rule = !scan(path, text, &|r| r.gitleaks.contains(&rule)).is_empty();
        let by_any = !scan(path, text, &|_| true).is_empty();
        if case["kind"] == "tp" {
            t.tp += 1;
            t.tp_found += usize::from(by_any);
            t.tp_found_by_rule += usize::from(by_rule);
            if !by_any {
                missed.push(format!("{rule}: {text:?}"));
            }
        } else {
            t.fp += 1;
            t.fp_refused += usize::from(by_rule);
            t.fp_refused_by_any += usize::from(by_any);
            if by_rule {
                refused.push(format!("{rule}: {text:?}"));
            }
        }
    }
    let mut total = Tally::default();
    let mut table =
        String::from("family                 tp  found  by rule   fp  refused  (any rule)\n");
    for (name, t) in &families {
        table.push_str(&format!(
            "{name:<20} {:>4} {:>6} {:>8} {:>4} {:>8} {:>11}\n",
            t.tp, t.tp_found, t.tp_found_by_rule, t.fp, t.fp_refused, t.fp_refused_by_any
        ));
        total.tp += t.tp;
        total.tp_found += t.tp_found;
        total.tp_found_by_rule += t.tp_found_by_rule;
        total.fp += t.fp;
        total.fp_refused += t.fp_refused;
        total.fp_refused_by_any += t.fp_refused_by_any;
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    let recall = pct(total.tp_found, total.tp);
    let fp_rate = pct(total.fp_refused, total.fp);
    table.push_str(&format!(
        "total                {:>4} {:>6} {:>8} {:>4} {:>8} {:>11}\n\
         recall {recall:.1}% (by the case's own rules {:.1}%), false positives refused \
         {fp_rate:.1}% (by any rule {:.1}%)\n",
        total.tp,
        total.tp_found,
        total.tp_found_by_rule,
        total.fp,
        total.fp_refused,
        total.fp_refused_by_any,
        pct(total.tp_found_by_rule, total.tp),
        pct(total.fp_refused_by_any, total.fp),
    ));
    eprintln!("{table}\nmissed true positives:\n{}\n", missed.join("\n"));
    eprintln!("refused false positives:\n{}\n", refused.join("\n"));
    loud(&format!(
        "gitleaks v8.30.1 cases: recall {recall:.1}%, false positives refused {fp_rate:.1}% \
         (per family: --nocapture)\n"
    ));
    assert!(recall >= 95.0, "recall {recall:.1}% < 95%\n{table}");
    assert!(
        fp_rate <= 3.0,
        "false positives {fp_rate:.1}% > 3%\n{table}"
    );
}
