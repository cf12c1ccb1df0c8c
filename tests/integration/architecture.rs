//! The tree is the pipeline: a fitness test of `src/`'s import graph, in the manner of
//! ArchUnit. Each top-level module (a folder of `src/`, or a file beside `lib.rs`) may
//! use only the modules that `lib.rs` declares before it, so there is no cycle, and a
//! stage never reaches up into a later one. The graph is built from the `crate::`
//! paths in the source text (comments left out), test modules included.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules it names, with one file that names each.
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The modules `lib.rs` declares, in order.
fn declared_order(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect()
}

/// The top-level module names in `crate::name` and `crate::{a, b::c}` paths of `text`.
fn crate_refs(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut refs = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `opsbook_crate::` or the like
        }
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            for part in group.split(',') {
                let name = part.trim().split("::").next().unwrap_or("").trim();
                if !name.is_empty() {
                    refs.insert(name.to_string());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            refs.insert(name);
        }
    }
    refs
}

fn graph(root: &Path, modules: &[String]) -> Graph {
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("read src/");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(root).expect("below src/");
        let first = rel.components().next().expect("a component");
        let top = first.as_os_str().to_string_lossy();
        let top = top.strip_suffix(".rs").unwrap_or(&top).to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read a source file");
        for name in crate_refs(&text) {
            if name != top && modules.contains(&name) {
                graph
                    .entry(top.clone())
                    .or_default()
                    .entry(name)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    graph
}

/// One cycle of the graph, if there is any (depth-first search).
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

/// Every edge that goes from a module to one `lib.rs` declares after it.
fn upward_edges(graph: &Graph, order: &[String]) -> Vec<String> {
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut out = Vec::new();
    for (from, tos) in graph {
        for (to, file) in tos {
            if rank(to) > rank(from) {
                out.push(format!("{from} -> {to} (src/{file})"));
            }
        }
    }
    out
}

#[test]
fn modules_use_only_the_modules_declared_before_them() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("read lib.rs");
    let order = declared_order(&lib);
    assert!(order.len() >= 10, "lib.rs declares {order:?}");
    let graph = graph(&src(), &order);
    assert!(graph.contains_key("cmd"), "the graph sees cmd's imports");
    assert_eq!(
        find_cycle(&graph),
        None,
        "an import cycle between top-level modules"
    );
    let upward = upward_edges(&graph, &order);
    assert!(
        upward.is_empty(),
        "these modules use one that lib.rs declares after them (move the code down, or \
         reorder lib.rs if the layering itself changed):\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_checker_sees_a_cycle_and_an_upward_edge() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/mod.rs"), "use crate::{b, c::X};\n").unwrap();
    std::fs::write(
        dir.path().join("b.rs"),
        "fn f() { crate::a::g() } // crate::c\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.rs"), "").unwrap();
    let order: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let graph = graph(dir.path(), &order);
    assert_eq!(
        find_cycle(&graph),
        Some(["a", "b", "a"].map(String::from).to_vec())
    );
    assert_eq!(
        upward_edges(&graph, &order),
        ["a -> b (src/a/mod.rs)", "a -> c (src/a/mod.rs)"]
    );
}

#[test]
fn no_file_in_src_is_over_a_thousand_lines() {
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.expect("read src/");
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let lines = std::fs::read_to_string(entry.path())
                .expect("read a source file")
                .lines()
                .count();
            if lines > 1_050 {
                long.push(format!("{} ({lines} lines)", entry.path().display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these files by job:\n{}",
        long.join("\n")
    );
}
