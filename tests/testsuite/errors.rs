//! Bad input gives a non-zero exit, one message naming the file, the JSON path (and line and
//! column for syntax errors) and what was expected; no output is created and an existing
//! output is left intact. Hostile strings print literally.

use crate::common::*;
use std::path::Path;

fn minimal() -> serde_json::Value {
    serde_json::json!({
        "loai": "ke-hoach",
        "co_quan": { "chu_quan": ["UBND TỈNH QUẢNG NGÃI"], "ten": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "viet_tat": "SGDĐT" },
        "so": 7,
        "dia_danh": "Quảng Ngãi",
        "ngay": "2026-01-05",
        "trich_yeu": "Thử nghiệm",
        "noi_dung": ["I. MỤC ĐÍCH", "Nội dung./."],
        "ky": { "chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A" },
        "noi_nhan": ["Như trên;", "Lưu: VT, VP."]
    })
}

/// Runs `render` on `text`; returns (exit code, stderr) and checks that the existing output
/// file was not touched and no other file appeared.
fn render_bad(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.json");
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out.pdf");
    std::fs::write(&out, b"previous output").unwrap();
    let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(std::fs::read(&out).unwrap(), b"previous output", "existing output changed");
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 2, "a file was left behind");
    (o.status.code().unwrap_or(-1), stderr(&o), input.to_string_lossy().into_owned())
}

fn with(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v = minimal();
    f(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn minimal_document_renders() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ok.json");
    std::fs::write(&input, with(|_| {})).unwrap();
    let (_d, pdf) = render_pdf(&input);
    let text = pdftotext(&pdf);
    assert!(text.contains("Số: 07/KH-SGDĐT"), "{text}");
    assert!(text.contains("Quảng Ngãi, ngày 05 tháng 01 năm 2026"), "{text}");
}

#[test]
fn missing_file() {
    let o = vanban(&["render", "/nonexistent/x.json", "-o", "/tmp/never.pdf"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("/nonexistent/x.json") && e.contains("file not found"), "{e}");
    assert!(!Path::new("/tmp/never.pdf").exists());
}

#[test]
fn invalid_json_has_line_and_column() {
    let (code, e, file) = render_bad("{\n  \"loai\": \"ke-hoach\",\n  \"so\": ,\n}");
    assert_eq!(code, 1);
    assert!(e.contains(&format!("{file}:3:9")), "{e}");
    assert!(e.contains("json-syntax"), "{e}");
}

#[test]
fn wrong_type_names_the_path() {
    let (code, e, file) = render_bad(&with(|v| v["so"] = serde_json::json!("mười")));
    assert_eq!(code, 1);
    assert!(e.contains(&file) && e.contains("`so`") && e.contains("expected u32"), "{e}");
}

#[test]
fn missing_required_field() {
    let (code, e, _) = render_bad(&with(|v| {
        v["ky"].as_object_mut().unwrap().remove("chuc_vu");
    }));
    assert_eq!(code, 1);
    assert!(e.contains("`ky`") && e.contains("missing field `chuc_vu`"), "{e}");
}

#[test]
fn unknown_field_typo() {
    let (code, e, _) = render_bad(&with(|v| {
        let t = v.as_object_mut().unwrap().remove("trich_yeu").unwrap();
        v["trich_yue"] = t;
    }));
    assert_eq!(code, 1);
    assert!(e.contains("unknown field `trich_yue`") && e.contains("trich_yeu"), "{e}");
}

#[test]
fn unknown_field_deep_in_a_table() {
    let (code, e, _) = render_bad(&with(|v| {
        v["noi_dung"] = serde_json::json!([{"bang": {"cot": [1, 2], "dong": [["a", {"text": "b", "gop": 2}]]}}]);
    }));
    assert_eq!(code, 1);
    assert!(e.contains("noi_dung[0].bang.dong[0][1].gop") || e.contains("noi_dung[0].bang.dong[0][1]"), "{e}");
    assert!(e.contains("unknown field `gop`"), "{e}");
}

#[test]
fn unknown_kind() {
    let (code, e, file) = render_bad(&with(|v| v["loai"] = serde_json::json!("ke-hoachh")));
    assert_eq!(code, 1);
    assert!(e.contains(&file) && e.contains("`loai`") && e.contains("unknown kind `ke-hoachh`") && e.contains("ke-hoach"), "{e}");
}

#[test]
fn impossible_date() {
    let (code, e, _) = render_bad(&with(|v| v["ngay"] = serde_json::json!("2026-02-30")));
    assert_eq!(code, 1);
    assert!(e.contains("`ngay`") && e.contains("not a date"), "{e}");
}

#[test]
fn table_row_of_the_wrong_width() {
    let (code, e, _) = render_bad(&with(|v| {
        v["noi_dung"] = serde_json::json!([{"bang": {"cot": [1, 2, 3], "dong": [["a", "b"]]}}]);
    }));
    assert_eq!(code, 1);
    assert!(e.contains("noi_dung[0].bang.dong[0]") && e.contains("covers 2 columns but the table has 3"), "{e}");
}

#[test]
fn empty_file() {
    let (code, e, _) = render_bad("");
    assert_eq!(code, 1);
    assert!(e.contains("empty"), "{e}");
}

#[test]
fn stdin_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.pdf");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["render", "-", "-o", out.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(with(|_| {}).as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdftotext(&out).contains("KẾ HOẠCH"));
}

#[test]
fn hostile_strings_print_literally() {
    let hostile = ["#read(\"/etc/passwd\")", "$5*_a_", "<b>đậm</b>", "]", "#set page(width: 1cm)", "@ref \\ `raw` = head"];
    let text = with(|v| {
        v["trich_yeu"] = serde_json::json!(hostile[0]);
        v["ky"]["ho_ten"] = serde_json::json!(hostile[1]);
        v["noi_dung"] = serde_json::json!([
            hostile[2],
            {"doan": hostile[3]},
            {"gach": hostile[4]},
            {"bang": {"cot": [1], "dau": [[hostile[5]]], "dong": [[hostile[0]]]}}
        ]);
        v["noi_nhan"] = serde_json::json!([hostile[1], "Lưu: VT."]);
    });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.json");
    std::fs::write(&input, text).unwrap();
    let (_d, pdf) = render_pdf(&input);
    let out = pdftotext(&pdf);
    for h in hostile {
        assert!(out.contains(h), "`{h}` not printed literally:\n{out}");
    }
    assert!(!out.contains("root:x:0"), "a file was read");
    assert!(pdfinfo(&pdf).contains("595.276 x 841.89"), "page size changed by input");
}

#[test]
fn a_character_missing_from_the_font_is_an_error() {
    let (code, e, file) = render_bad(&with(|v| v["trich_yeu"] = serde_json::json!("Kế hoạch 漢字 😀")));
    assert_eq!(code, 1);
    assert!(e.contains(&file) && e.contains("missing-glyph") && e.contains("U+6F22"), "{e}");
}

#[test]
fn works_from_any_folder_with_embedded_templates_and_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(dir.path())
        .args(["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", "x.pdf"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdftotext(&out).contains("Kính gửi:"));
}

#[test]
fn font_path_must_be_a_directory_of_fonts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.ttf"), b"not a font").unwrap();
    let out = dir.path().join("x.pdf");
    let o =
        vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", out.to_str().unwrap(), "--font-path", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("broken.ttf") && stderr(&o).contains("not a font"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", out.to_str().unwrap(), "--font-path", "/nonexistent-fonts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent-fonts"));
}

#[test]
fn extra_fonts_without_times_keep_the_bundled_serif() {
    // Any directory of real fonts: the bundled ones themselves.
    let fonts = root().join("fonts");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    let o = vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", out.to_str().unwrap(), "--font-path", fonts.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let set = vanban::render::fonts::FontSet::load(&[fonts]).unwrap();
    assert_eq!(set.families, vec!["Vanban Serif".to_string()]);
}

/// A reader that stops early (`| head`) ends the output quietly: no panic, and the exit code
/// is the run's own (here 1: every row fails), not Rust's 101. The JSON list of 1,000
/// failures is larger than a pipe's buffer, so vanban is still writing when `head` exits.
#[test]
fn output_into_a_closed_pipe_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("samples/truong.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let code = header.split(',').position(|h| h == "truong.hieu_truong").unwrap();
    let mut rows = vec![header.to_string()];
    // The principal's name emptied in every row: each row fails, with a line of JSON or two.
    for line in lines {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[code] = "";
        rows.push(cells.join(","));
    }
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, rows.join("\n") + "\n").unwrap();
    let script = format!(
        "set -o pipefail; '{}' check phieu-bao-cao-quy --rows '{}' --format json | head -c 10 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_vanban"),
        csv.display()
    );
    let o = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "1", "{err}");
}
