//! The core's architecture, checked: modules depend on each other without cycles, and layers
//! only on the layers below them (model ← rules ← engine ← population ← planning); and no
//! sourced figure is written as a literal outside the data file (comments aside).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 5] = ["model", "rules", "engine", "population", "planning"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `rules::stays`, `population::register::csv`, `lib`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments (line comments, doc comments).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim().is_empty())
}

/// Module → the modules it names through `crate::…` paths.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut deps = BTreeMap::new();
    for f in &files {
        let me = module_of(&src, f);
        let text = std::fs::read_to_string(f).unwrap();
        let mut mine = BTreeSet::new();
        for line in code_lines(&text) {
            for (i, _) in line.match_indices("crate::") {
                let path: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                // The longest known module that prefixes the path.
                let segments: Vec<&str> = path.split("::").collect();
                let target = (1..=segments.len())
                    .rev()
                    .map(|n| segments[..n].join("::"))
                    .find(|m| modules.contains(m));
                if let Some(t) = target {
                    if t != me && !me.starts_with(&format!("{t}::")) {
                        mine.insert(t);
                    }
                }
            }
        }
        deps.insert(me, mine);
    }
    deps
}

fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|l| module == *l || module.starts_with(&format!("{l}::")))
}

#[test]
fn modules_have_no_import_cycles() {
    let deps = dependencies();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for d in deps.get(m).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                0 => visit(d, deps, state, stack),
                1 => panic!("import cycle: {} -> {d}", stack.join(" -> ")),
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    for m in deps.keys() {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            visit(m, &deps, &mut state, &mut Vec::new());
        }
    }
}

#[test]
fn layers_depend_only_on_the_layers_below() {
    for (m, ds) in dependencies() {
        let Some(mine) = layer(&m) else { continue };
        for d in ds {
            if let Some(theirs) = layer(&d) {
                assert!(
                    theirs <= mine,
                    "{m} (layer {}) uses {d} (layer {}), a layer above it",
                    LAYERS[mine],
                    LAYERS[theirs]
                );
            }
        }
    }
}

/// The sourced figures that live only in `data/parameters.toml`.
const SOURCED: [&str; 14] = [
    "104000", "104_000", "104.000", "78000", "78_000", "78.000", "121000", "121_000", "121.000",
    "107446", "107_446", "96.71", "96,71", "0.035",
];

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

#[test]
fn no_sourced_figure_is_written_outside_the_data_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for crate_dir in [
        "refusion-core",
        "refusion-cli",
        "refusion-py",
        "refusion-wasm",
    ] {
        rust_files(&root.join("crates").join(crate_dir).join("src"), &mut files);
    }
    files.extend(files_with(&root.join("python/refusion"), "py"));
    files.extend(files_with(&root.join("web-demo"), "js"));
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let comment = if f.extension().is_some_and(|e| e == "py") {
            "#"
        } else {
            "//"
        };
        for (n, line) in text.lines().enumerate() {
            // Comments may quote a figure (as an example of a format, or with
            // its source); only code must not.
            let trimmed = line.trim_start();
            if trimmed.starts_with("/*") || trimmed.starts_with('*') {
                continue;
            }
            let code = line.split(comment).next().unwrap_or("");
            for figure in SOURCED {
                if code.contains(figure) {
                    offenders.push(format!("{}:{}: {figure}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "sourced figures outside the data file:\n{}",
        offenders.join("\n")
    );
}
