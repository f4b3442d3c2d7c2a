//! Embeds the detection catalog (`queries/**/*.sql`) and the playbooks (`playbooks/*.toml`) in the
//! binary, so an installed trailhound works anywhere without its source tree.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn files(dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(path);
        }
    }
}

fn embed(root: &Path, dir: &str, extension: &str, name: &str, code: &mut String) {
    let base = root.join(dir);
    println!("cargo:rerun-if-changed={}", base.display());
    let mut found = Vec::new();
    files(&base, extension, &mut found);
    found.sort();
    writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
    for path in found {
        println!("cargo:rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&base).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(code, "    ({relative:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    embed(&root, "queries", "sql", "DETECTIONS", &mut code);
    embed(&root, "playbooks", "toml", "PLAYBOOKS", &mut code);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
