//! Build script: embeds `features/**/*.feature` into the binary so `scim-harness test` runs the
//! built-in features from any directory (the harness's embedded parser reads the generated table).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=features");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    collect(&manifest.join("features"), &mut files);
    files.sort();
    let mut out = String::from("/// `(virtual path, text)` of every embedded feature file.\n");
    out.push_str("pub static EMBEDDED_FEATURES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&manifest).unwrap_or(file);
        let virtual_path = relative.to_string_lossy().replace('\\', "/");
        // Relative to the manifest at compile time, not an absolute path: a copy of the project
        // built into the same target directory must not embed the other copy's files.
        let _ = writeln!(
            out,
            "    ({virtual_path:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {virtual_path:?}))),"
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap_or_default());
    if let Err(e) = fs::write(out_dir.join("embedded_features.rs"), out) {
        println!("cargo:warning=cannot write the embedded feature table: {e}");
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "feature") {
            files.push(path);
        }
    }
}
