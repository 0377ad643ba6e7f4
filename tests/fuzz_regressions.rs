//! The fuzz targets' properties (errbook::fuzzing) over their seed corpora
//! and every crasher the fuzzers found (fuzz/regressions/<target>/), in the
//! normal test suite.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["fuzz/seeds", "fuzz/regressions"] {
        let dir = Path::new(dir).join(target);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_file() {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn run(target: &str, prop: fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no inputs for {target}");
    for (name, data) in inputs {
        if std::panic::catch_unwind(|| prop(&data)).is_err() {
            panic!("{target}: property failed on {name}");
        }
    }
}

#[test]
fn extract() {
    run("extract", errbook::fuzzing::extract_props);
}

#[test]
fn sync() {
    run("sync", errbook::fuzzing::sync_props);
}

#[test]
fn escape() {
    run("escape", errbook::fuzzing::escape_props);
}

#[test]
fn check() {
    run("check", errbook::fuzzing::check_props);
}

#[test]
fn read() {
    run("read", errbook::fuzzing::read_props);
}

#[test]
fn exchange() {
    run("exchange", errbook::fuzzing::exchange_props);
}
