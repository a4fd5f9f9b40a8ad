//! Helpers shared by the integration tests: run the binary, extract PDF text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The five samples that reproduce the seeds.
pub const SAMPLES: [&str; 5] = [
    "ke-hoach-truong-tc-cai-be",
    "ke-hoach-so-gddt-quang-ngai",
    "ke-hoach-cao-dang-son-la",
    "cong-van-so-gddt-quang-ngai",
    "bao-cao-so-gddt-ha-tinh",
];

/// Samples beyond the seeds: kinds and elements the seeds do not use.
pub const MORE_SAMPLES: [&str; 1] = ["quyet-dinh-khen-thuong"];

/// The starters of `vanban new`.
pub const STARTERS: [&str; 7] = ["ke-hoach", "bao-cao", "cong-van", "to-trinh", "quyet-dinh", "thong-bao", "giay-moi"];

/// Every document the parity and validity tests render: (name, input file). The starters
/// are named `new-<kind>`.
pub fn documents() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = SAMPLES.iter().chain(MORE_SAMPLES.iter()).map(|s| (s.to_string(), sample(s))).collect();
    out.extend(STARTERS.iter().map(|k| (format!("new-{k}"), root().join("templates/new").join(format!("{k}.json")))));
    out
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(format!("{name}.json"))
}

pub fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban")).args(args).output().expect("run vanban")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Text of a PDF in content-stream order (`pdftotext -raw`), pages separated by form feeds.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (Debian package poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `pdfinfo` fields.
pub fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders `input` to a PDF in a fresh temporary directory; panics with vanban's errors.
pub fn render_pdf(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "render {} failed:\n{}", input.display(), stderr(&o));
    (dir, out)
}

/// Lower-case words (letters and digits) of NFC text, with the `ƣ` mojibake repaired and
/// HTML/markdown markup of the seed extraction dropped.
pub fn words(text: &str) -> Vec<String> {
    let mut clean = String::new();
    let mut in_tag = false;
    for c in vanban::vn::normalize(text).chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                clean.push(' ');
            }
            _ if in_tag => {}
            c => clean.push(c),
        }
    }
    clean
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Seed words that a word diff (Myers, as `diff` does) cannot align with `got`: words
/// dropped, changed or moved. Returned as runs of consecutive missing words.
pub fn missing_in_order(seed: &[String], got: &[String]) -> Vec<String> {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let mut runs = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, seed, got) {
        match op {
            DiffOp::Delete { old_index, old_len, .. } | DiffOp::Replace { old_index, old_len, .. } => {
                runs.push(seed[old_index..old_index + old_len].join(" "));
            }
            _ => {}
        }
    }
    runs
}
