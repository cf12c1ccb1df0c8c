//! The search script stems a query as the build stems the index: `static/stem.js`, run
//! with Node over every word of the seeds, the public corpus and this repository's
//! book, plus words chosen for each rule of the algorithm, gives the stems of the
//! rust-stemmers crate. Without Node the test says so loudly (under `CI=true` it fails).

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use super::for_each_term;

/// Words that exercise each step and exception of Porter2.
const CHOSEN: &[&str] = &[
    "backups",
    "backup",
    "deploying",
    "deployed",
    "deployment",
    "deployments",
    "caresses",
    "ponies",
    "ties",
    "cries",
    "gas",
    "gaps",
    "kiwis",
    "this",
    "succeed",
    "proceeding",
    "agreed",
    "feed",
    "hopping",
    "hoped",
    "hoping",
    "filing",
    "failing",
    "luxuriating",
    "conflated",
    "troubled",
    "sized",
    "tanned",
    "falling",
    "hissing",
    "fizzed",
    "cry",
    "say",
    "by",
    "happy",
    "relational",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "generate",
    "generously",
    "communication",
    "arsenal",
    "skies",
    "dying",
    "lying",
    "tying",
    "idly",
    "gently",
    "ugly",
    "early",
    "only",
    "singly",
    "sky",
    "news",
    "howe",
    "atlas",
    "cosmos",
    "bias",
    "andes",
    "inning",
    "outings",
    "cannings",
    "herrings",
    "yellow",
    "yield",
    "sayings",
    "enjoying",
    "kubernetes",
    "secrets",
    "rotated",
    "rotation",
    "runbooks",
    "checklists",
    "environments",
    "staging",
    "production",
    "configured",
    "configuration",
    "certificates",
    "renewed",
    "renewal",
    "database",
    "databases",
    "migrations",
    "migrated",
    "rollback",
    "rollbacks",
    "ec2",
    "s3",
    "postgresql",
    "nginx",
    "https",
    "tls",
    "dns",
    "ssl",
    "apis",
    "ip",
    "ab",
    "a",
    "ok",
    "été",
    "naïve",
    "café",
    "straße",
    "überprüfung",
    "ödeme",
    "日本語",
    "y",
    "yy",
    "yyy",
    "ay",
    "aye",
    "eye",
    "bye",
    "boy",
    "toy",
    "ying",
    "eyed",
    "ied",
    "ies",
    "sses",
    "ss",
];

fn node() -> Option<()> {
    let ok = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(());
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI needs Node to check the search script's stemmer"
    );
    let _ = std::io::stderr().write_all(
        b"\n*** SKIPPED stem.js check: `node` not found (install Node.js to run it) ***\n",
    );
    None
}

/// Every term of the Markdown and YAML files below `dir`.
fn words_in(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "md" | "yml" | "yaml") {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(p) {
            for_each_term(&text, |t| {
                out.insert(t.to_string());
            });
        }
    }
}

#[test]
fn the_search_script_stems_as_the_build_does() {
    if node().is_none() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words: BTreeSet<String> = CHOSEN.iter().map(|w| w.to_string()).collect();
    for dir in ["content", "../shared/seeds", "../shared/corpus/public"] {
        words_in(&root.join(dir), &mut words);
    }
    assert!(words.len() > 3000, "only {} words", words.len());
    let words: Vec<String> = words.into_iter().collect();
    let script = root.join("themes/default/static/stem.js");
    let mut child = Command::new("node")
        .arg("-e")
        .arg(format!(
            "const stem = require({:?}); let input = ''; process.stdin.on('data', d => input += d); \
             process.stdin.on('end', () => {{ process.stdout.write(input.split('\\n').filter(w => w).map(stem).join('\\n') + '\\n'); }});",
            script.display().to_string()
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run node");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(words.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let js: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let differ: Vec<String> = words
        .iter()
        .zip(&js)
        .filter(|(w, j)| stemmer.stem(w) != j.as_str())
        .map(|(w, j)| format!("{w}: build {} script {j}", stemmer.stem(w)))
        .collect();
    assert_eq!(js.len(), words.len());
    assert!(
        differ.is_empty(),
        "{} of {} words differ:\n{}",
        differ.len(),
        words.len(),
        differ.join("\n")
    );
    eprintln!("stem.js agrees with the build on {} words", words.len());
}
