//! The corpus of broken inputs in `tests/invalid/`: one file per case, each with the exact
//! output of `vanban check` checked in beside it (`<case>.expected`: the exit code, then
//! every diagnostic). A new case is a new file. After a deliberate change of messages,
//! regenerate the expectations and review the diff:
//!
//!     VANBAN_BLESS=1 cargo test --test testsuite invalid::

use crate::common::*;
use std::process::Command;

fn run_check(rel: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_vanban")).current_dir(root()).args(["check", rel]).output().unwrap();
    let code = o.status.code().map_or("signal".to_string(), |c| c.to_string());
    format!("exit: {code}\n{}", String::from_utf8_lossy(&o.stderr))
}

#[test]
fn every_broken_input_gives_its_expected_diagnostics() {
    let dir = root().join("tests/invalid");
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let bless = std::env::var_os("VANBAN_BLESS").is_some();
    let mut report = String::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let rel = format!("tests/invalid/{name}.json");
        let got = run_check(&rel);
        let expected_path = dir.join(format!("{name}.expected"));
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            report.push_str(&format!("--- {name}: expected\n{expected}--- got\n{got}\n"));
        }
        // Whatever the case, never a panic.
        assert!(!got.contains("panicked"), "{name}: {got}");
    }
    assert!(report.is_empty(), "{report}\n(regenerate with VANBAN_BLESS=1 cargo test --test testsuite invalid:: after review)");
}

#[test]
fn a_fifty_megabyte_input_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let mut text = String::from("{\"loai\": \"ke-hoach\", \"noi_dung\": [");
    let para = "\"Nội dung rất dài của một đoạn văn bản hành chính.\",";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    text.push_str("\"./.\"]}");
    std::fs::write(&big, &text).unwrap();
    let out = dir.path().join("big.pdf");
    let o = vanban(&["render", big.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("too-large") && e.contains("big.json") && e.contains("10 MB"), "{e}");
    assert!(!out.exists());
}

#[test]
fn every_sample_checks_clean_but_for_the_seeds_own_departures() {
    // Warnings the seeds themselves earn, each explained:
    let allowed = [
        // The original công văn prints `SGDDĐT` for the issuer's `SGDĐT` (a typo kept).
        ("cong-van-so-gddt-quang-ngai", "unknown-abbreviation"),
        // The college's plan has two sections numbered 4.3.
        ("ke-hoach-cao-dang-son-la", "heading-order"),
        // The Department's plan goes from II to IV.
        ("ke-hoach-so-gddt-quang-ngai", "heading-order"),
        // The school's plan goes from III to V.
        ("ke-hoach-truong-tc-cai-be", "heading-order"),
    ];
    for s in SAMPLES {
        let o = Command::new(env!("CARGO_BIN_EXE_vanban")).args(["check", "--format", "json"]).arg(sample(s)).output().unwrap();
        assert!(o.status.success(), "{s}: {}", String::from_utf8_lossy(&o.stdout));
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
        for d in &diags {
            let code = d["code"].as_str().unwrap();
            assert_eq!(d["severity"], "warning", "{s}: {d}");
            assert!(allowed.contains(&(s, code)), "{s}: unexpected {d}");
            assert!(d["line"].as_u64().is_some() && d["path"].is_string(), "{s}: no location in {d}");
        }
        let expected = allowed.iter().filter(|(a, _)| *a == s).count();
        assert_eq!(diags.len(), expected, "{s}: {diags:?}");
    }
}

#[test]
fn check_reports_every_problem_at_once_as_json() {
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(root())
        .args(["check", "--format", "json", "tests/invalid/several-errors-at-once.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    for c in ["unknown-kind", "bad-date", "noi-nhan-luu", "missing-signing-for"] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
    for d in &diags {
        assert!(
            d["file"] == "tests/invalid/several-errors-at-once.json" && d["line"].is_u64() && d["column"].is_u64() && d["hint"].is_string()
                || d["code"] == "unknown-kind",
            "{d}"
        );
    }
}

#[test]
fn render_runs_the_checks_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = vanban(&["render", root().join("tests/invalid/noi-nhan-without-luu.json").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("noi-nhan-luu") && !out.exists());
    // Warnings are printed, and the document is written.
    let o = vanban(&["render", root().join("tests/invalid/future-date.json").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success() && stderr(&o).contains("warning[future-date]") && out.exists(), "{}", stderr(&o));
}

#[test]
fn the_schema_validates_every_sample_and_starter_and_rejects_a_typo() {
    let o = vanban(&["schema"]);
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Descriptions in Vietnamese for the fields.
    assert!(schema["properties"]["trich_yeu"]["description"].as_str().unwrap().contains("Trích yếu"));
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut docs: Vec<std::path::PathBuf> = SAMPLES.iter().chain(MORE_SAMPLES.iter()).map(|s| sample(s)).collect();
    for k in STARTERS {
        docs.push(root().join("templates/new").join(format!("{k}.json")));
    }
    for d in &docs {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(d).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", d.display());
    }
    let bad: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/invalid/unknown-field-trich-yue.json")).unwrap()).unwrap();
    assert!(!validator.is_valid(&bad));
}

#[test]
fn every_starter_renders_as_it_is_and_checks_clean() {
    // The Quy chế starter is a Quyết định (tests/testsuite/articles.rs renders it).
    for k in STARTERS.into_iter().filter(|k| *k != "quy-che") {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("new.json");
        let o = vanban(&["new", k, "-o", json.to_str().unwrap()]);
        assert!(o.status.success(), "{k}: {}", stderr(&o));
        let o = vanban(&["check", json.to_str().unwrap()]);
        assert!(o.status.success() && stderr(&o).contains("0 error(s), 0 warning(s)"), "{k}: {}", stderr(&o));
        let pdf = dir.path().join("new.pdf");
        let o = vanban(&["render", json.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(o.status.success(), "{k}: {}", stderr(&o));
        let kind = vanban::vn::find_kind(k).unwrap();
        let text = pdftotext(&pdf);
        if !kind.is_cong_van() {
            assert!(text.contains(&kind.title()), "{k}: no kind line");
        }
        // Not overwritten when it exists.
        let o = vanban(&["new", k, "-o", json.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
    }
    let o = vanban(&["new", "sach-giao-khoa"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ke-hoach"));
}
