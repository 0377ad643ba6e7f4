//! The modules of each crate depend on each other in one direction: no
//! module reaches, through others, back to itself. The edges are read from
//! the sources (`crate::x` paths, `use crate::{x, y}` groups), the way a
//! reader would find them, without their tests, comments or root module.
//! docs/architecture.md draws the graph this keeps.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level module a file of `src` belongs to (`None` for the root).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The names right after `crate::` in `code`, and the first name of each
/// item of a `crate::{…}` group.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `errbook_crate::`, not this crate
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Items are split at the top-level commas.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        item.push(c);
                    }
                    '}' if depth == 0 => break,
                    '}' => {
                        depth -= 1;
                        item.push(c);
                    }
                    ',' if depth == 0 => {
                        out.insert(ident(item.trim()));
                        item.clear();
                    }
                    _ => item.push(c),
                }
            }
            out.insert(ident(item.trim()));
        } else {
            out.insert(ident(rest));
        }
    }
    out.remove("");
    out
}

/// A file's code without its line comments and its `mod tests`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            // `"https://…"` in a string is cut too: it holds no path.
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph(src: &Path) -> Graph {
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, files);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut g = Graph::new();
    for f in &files {
        let Some(m) = module_of(src, f) else { continue };
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let deps = crate_paths(&code);
        g.entry(m.clone()).or_default().extend(deps);
    }
    // Only edges between the crate's own modules (not `crate::io_reason`).
    let modules: BTreeSet<String> = g.keys().cloned().collect();
    for (m, deps) in g.iter_mut() {
        deps.retain(|d| d != m && modules.contains(d));
    }
    g
}

/// A cycle of `g`, if it has one: the modules along it.
fn a_cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(
        g: &Graph,
        m: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_owned());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for d in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(g, d, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    g.keys()
        .find_map(|m| visit(g, m, &mut Vec::new(), &mut done))
}

fn render(g: &Graph) -> String {
    g.iter()
        .map(|(m, d)| {
            format!(
                "{m} -> {}\n",
                d.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect()
}

#[test]
fn the_paths_of_a_file_are_read_as_a_reader_reads_them() {
    let code = code_of(
        "use crate::diag::{Diagnostic, FileId};\nuse crate::{catalog, ftl::{self, escape}};\n\
         let x = crate::tag::canonical_tag(t); // crate::render is a comment\n\
         errbook_crate::no();\n#[cfg(test)]\nmod tests {\n    use crate::source;\n}\n",
    );
    let found: Vec<String> = crate_paths(&code).into_iter().collect();
    assert_eq!(found, ["catalog", "diag", "ftl", "tag"]);
    let g: Graph = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(m, d)| (m.to_owned(), d.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(a_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
}

#[test]
fn the_modules_of_each_crate_depend_one_way() {
    for src in ["crates/core/src", "src"] {
        let g = graph(Path::new(src));
        assert!(g.len() > 5, "{src}: too few modules read:\n{}", render(&g));
        if let Some(cycle) = a_cycle(&g) {
            panic!(
                "{src}: the modules {} depend on each other in a cycle; move what they share down.\n{}",
                cycle.join(" -> "),
                render(&g)
            );
        }
    }
}

/// The stages below the project know nothing of it or of each other's
/// callers: the registry, Fluent syntax, tags and the input helpers are
/// leaves, and diagnostics depend only on the registry.
#[test]
fn the_core_keeps_its_layers() {
    let g = graph(Path::new("crates/core/src"));
    for leaf in [
        "registry", "ftl", "tag", "input", "utf8", "progress", "catalog",
    ] {
        let deps = &g[leaf];
        assert!(
            deps.is_empty(),
            "{leaf} depends on {deps:?}:\n{}",
            render(&g)
        );
    }
    let diag: Vec<&String> = g["diag"].iter().collect();
    assert_eq!(diag, ["registry"], "{}", render(&g));
    for stage in ["source", "check", "locale", "standing", "config"] {
        assert!(
            !g[stage].contains("project"),
            "{stage} reaches up to project:\n{}",
            render(&g)
        );
    }
    // The loaded project (its model, its read caches) knows nothing of the
    // checks run on it: `run` holds that, above it.
    for checks in ["check", "run"] {
        assert!(
            !g["project"].contains(checks),
            "project reaches up to {checks}:\n{}",
            render(&g)
        );
    }
    assert!(g["run"].contains("project"), "{}", render(&g));
}
