//! `vanban bulk` and `render --data`: the shipped templates over the 1,000 sample schools
//! from XLSX and CSV; every document is its own school's; bad rows are reported and the
//! rest produced; names are safe and distinct; template errors name file, line and column.

use crate::common::*;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::Command;

fn bulk(args: &[&str]) -> std::process::Output {
    let mut a = vec!["bulk"];
    a.extend(args);
    vanban(&a)
}

/// School codes printed in a PDF (`THCS-0123`, also inside a symbol such as `BC-THCS-0123`).
fn codes(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for pre in ["MN", "TH", "THCS", "THPT", "GDNN"] {
        let pat = format!("{pre}-");
        for (i, _) in text.match_indices(&pat) {
            let before = text[..i].chars().next_back();
            let digits: String = text[i + pat.len()..].chars().take(5).collect();
            if before.is_none_or(|c| !c.is_alphanumeric())
                && digits.chars().take(4).all(|c| c.is_ascii_digit())
                && digits.chars().nth(3).is_some()
                && !digits.chars().nth(4).is_some_and(|c| c.is_ascii_digit())
            {
                out.insert(format!("{pat}{}", &digits[..4]));
            }
        }
    }
    out
}

fn csv_rows() -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(root().join("samples/truong.csv")).unwrap();
    r.records().map(Result::unwrap).collect()
}

#[test]
fn xlsx_to_a_folder_of_1000_pdfs_and_1000_docx_each_its_own_school() {
    let dir = tempfile::tempdir().unwrap();
    let o = bulk(&["phieu-bao-cao-quy", "--rows", root().join("samples/truong.xlsx").to_str().unwrap(), "--out-dir", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("rows read: 1000, documents written: 2000, rows failed: 0"), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), 1000);
    assert_eq!(names.iter().filter(|n| n.ends_with(".docx")).count(), 1000);
    assert!(!names.iter().any(|n| n.ends_with(".tmp") || n == "failures.csv"));
    // A sample of rows: the PDF names its own school and code, and no other school's code.
    let rows = csv_rows();
    for i in [0usize, 1, 137, 499, 500, 998, 999] {
        let (code, name) = (&rows[i][1], &rows[i][2]);
        let file = names.iter().find(|n| n.starts_with(&format!("{:04}-", i + 1)) && n.ends_with(".pdf")).unwrap();
        let text = pdftotext(&dir.path().join(file)).replace('\n', " ");
        assert!(text.contains(name) || text.contains(&vanban::vn::upper(name)), "row {}: no `{name}` in {file}", i + 2);
        assert_eq!(codes(&text), BTreeSet::from([code.to_string()]), "row {}: codes in {file}", i + 2);
        let docx = dir.path().join(file.replace(".pdf", ".docx"));
        let mut xml = String::new();
        zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap().by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains(code));
    }
}

#[test]
fn csv_to_one_zip_of_2000_entries_in_row_order_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("phieu.zip");
    let o = bulk(&["bao-cao-quy", "--rows", root().join("samples/truong.csv").to_str().unwrap(), "--zip", zip_path.to_str().unwrap(), "--jobs", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    assert_eq!(z.len(), 2000);
    let names: Vec<String> = (0..z.len()).map(|i| z.by_index(i).unwrap().name().to_string()).collect();
    let rows_in_order: Vec<&str> = names.iter().map(|n| &n[..4]).collect();
    assert!(rows_in_order.windows(2).all(|w| w[0] <= w[1]), "entries not in row order");
    // Each PDF names its own school's code only.
    let rows = csv_rows();
    for i in [0usize, 420, 999] {
        let name = names.iter().find(|n| n.starts_with(&format!("{:04}-", i + 1)) && n.ends_with(".pdf")).unwrap().clone();
        let mut bytes = Vec::new();
        z.by_name(&name).unwrap().read_to_end(&mut bytes).unwrap();
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, bytes).unwrap();
        assert_eq!(codes(&pdftotext(&pdf)), BTreeSet::from([rows[i][1].to_string()]), "{name}");
    }
    // A DOCX (already a ZIP of compressed parts) is stored as it is; a PDF is compressed.
    for (i, name) in names.iter().enumerate().take(4) {
        let method = z.by_index(i).unwrap().compression();
        if name.ends_with(".docx") {
            assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
            let mut bytes = Vec::new();
            z.by_index(i).unwrap().read_to_end(&mut bytes).unwrap();
            let mut inner = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut xml = String::new();
            inner.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
            assert!(xml.contains(&rows[i / 2][1]), "{name}");
        } else {
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name}");
        }
    }
    // The same rows give the same archive, byte for byte, whatever the threads did.
    let small = dir.path().join("small.csv");
    let text = std::fs::read_to_string(root().join("samples/truong.csv")).unwrap();
    std::fs::write(&small, text.lines().take(41).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    for z in [&a, &b] {
        let o = bulk(&["phieu-bao-cao-quy", "--rows", small.to_str().unwrap(), "--zip", z.to_str().unwrap(), "--jobs", "2"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

fn write_csv(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("rows.csv");
    std::fs::write(&p, text).unwrap();
    p
}

const HEADER: &str = "stt,truong.ma,truong.ten,truong.cap,truong.xa,truong.hieu_truong,truong.dien_thoai,ky.quy,ky.nam,so_cbql,so_gv,so_hs,cbql_hoan_thanh,gv_hoan_thanh,hs_tai_khoan,hs_hoan_thanh,so_lop_tap_huan,kinh_phi,kho_khan,de_xuat\n";

#[test]
fn bad_rows_are_reported_and_the_others_produced() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        "{HEADER}\
         1,TH-0001,Trường Tiểu học Lê Lợi,Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,300,2,20,300,250,1,0,,\n\
         2,TH-0002,,Tiểu học,Xã B,Nguyễn Văn B,,3,2026,2,20,300,2,20,300,250,1,0,,\n\
         3,TH-0003,Trường Tiểu học Kim Đồng,Tiểu học,Xã C,Nguyễn Văn C,,3,2026,2,20,ba trăm,2,20,300,250,1,0,,\n\
         ,,,,,,,,,,,,,,,,,,,\n\
         5,../../evil,Trường Tiểu học Lê Lợi,Tiểu học,Xã D,Nguyễn Văn D,,3,2026,2,20,300,2,20,300,250,1,0,,\n\
         6,TH-0006,Trường {{{{x}}}} #read(\"a\"),Tiểu học,Xã E,Nguyễn Văn E,,3,2026,2,20,300,2,20,300,250,1,0,,\n"
    );
    let input = write_csv(dir.path(), &rows);
    let out = dir.path().join("out");
    let o = bulk(&["phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "pdf", "--name", "{{truong.ma}}"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("rows read: 6, documents written: 3, rows failed: 3"), "{e}");
    let failures = std::fs::read_to_string(out.join("failures.csv")).unwrap();
    let lines: Vec<&str> = failures.lines().collect();
    assert_eq!(lines[0], "row,field,message");
    // The field is the column at fault, once per row however often the template uses it,
    // and the message does not repeat the row.
    assert_eq!(lines.iter().filter(|l| l.starts_with("3,")).count(), 1, "{failures}");
    assert!(lines.iter().any(|l| l.starts_with("3,truong.ten,") && l.contains("no value")), "{failures}");
    assert!(lines.iter().any(|l| l.starts_with("4,so_hs,") && l.contains("`so` needs a number, got `ba trăm`")), "{failures}");
    assert!(!failures.contains("row "), "{failures}");
    assert!(lines.iter().any(|l| l.starts_with("5,") && l.contains("empty row")), "{failures}");
    // The escaping name stays inside the folder; the data value prints literally.
    let mut files: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, vec!["evil.pdf", "failures.csv", "th-0001.pdf", "th-0006.pdf"]);
    assert!(!dir.path().join("evil.pdf").exists());
    assert!(pdftotext(&out.join("th-0006.pdf")).contains("Trường {{x}} #read(\"a\")"));
    // `check --rows` finds the same failing rows, fields and messages, writing nothing.
    let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let from_check: Vec<(String, String, String)> =
        listed.iter().map(|f| (f["row"].to_string(), f["field"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())).collect();
    let from_bulk: Vec<(String, String, String)> = csv::Reader::from_reader(failures.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect();
    assert_eq!(from_check, from_bulk);
    assert!(listed.iter().all(|f| f["file"] == input.to_str().unwrap() && f["severity"] == "error"));
    let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", input.to_str().unwrap()]);
    assert!(stderr(&o).contains("6 row(s) checked against phieu-bao-cao-quy: 3 with errors"), "{}", stderr(&o));
    let mut after: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    after.sort();
    assert_eq!(after, files);
}

#[test]
fn check_a_template_alone_with_a_row_and_with_a_rows_file() {
    // The 1,000 sample schools all pass, from the workbook as from the CSV.
    for rows in ["samples/truong.xlsx", "samples/truong.csv"] {
        let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", root().join(rows).to_str().unwrap()]);
        assert!(o.status.success(), "{rows}: {}", stderr(&o));
        assert!(stderr(&o).contains("1000 row(s) checked against phieu-bao-cao-quy: 0 with errors"), "{}", stderr(&o));
    }
    // A shipped template alone: its syntax, and a pointer to --data / --rows. A template
    // file alone is not a document: reported as one, with the same pointer.
    let o = vanban(&["check", "bao-cao-quy"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("a template, its syntax is correct") && stderr(&o).contains("--data"), "{}", stderr(&o));
    let o = vanban(&["check", root().join("templates/phieu-bao-cao-quy.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("note:") && stderr(&o).contains("if it is a template") && stderr(&o).contains("--data"), "{}", stderr(&o));
    // A document whose text holds `{{` is a document, checked as one.
    let dir = tempfile::tempdir().unwrap();
    let doc = std::fs::read_to_string(root().join("samples/ke-hoach-cao-dang-son-la.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    v["trich_yeu"] = serde_json::Value::from("Phát động {{x}} #read(\"a\")");
    let f = dir.path().join("doc.json");
    std::fs::write(&f, v.to_string()).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert!(o.status.success() && !stderr(&o).contains("template"), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 file(s) checked: 0 error(s)"), "{}", stderr(&o));
    // …and the same document made invalid is reported as a document, not as a template.
    v["so"] = serde_json::Value::from(true);
    std::fs::write(&f, v.to_string()).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("`so`") && stderr(&o).contains("if it is a template"), "{}", stderr(&o));
    // One row: the first sample school as a JSON object passes; without its name it fails
    // naming the placeholder and the row's file.
    let mut rows = vanban::rows::open(&root().join("samples/truong.csv"), None).unwrap();
    let mut first = rows.iter.next().unwrap().data.unwrap();
    let row = dir.path().join("row.json");
    std::fs::write(&row, first.to_string()).unwrap();
    let o = vanban(&["check", "bao-cao-quy", "--data", row.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    first["truong"].as_object_mut().unwrap().remove("ten");
    std::fs::write(&row, first.to_string()).unwrap();
    let o = vanban(&["check", "bao-cao-quy", "--data", row.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("error[template-missing]") && e.contains("{{truong.ten}}") && e.contains("row.json"), "{e}");
}

#[test]
fn duplicate_names_get_distinct_files() {
    let dir = tempfile::tempdir().unwrap();
    let rows = format!(
        "{HEADER}\
         1,TH-0001,Trường Tiểu học Lê Lợi,Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,300,2,20,300,250,1,0,,\n\
         2,TH-0002,Trường Tiểu học Lê Lợi,Tiểu học,Xã B,Nguyễn Văn B,,3,2026,2,20,300,2,20,300,250,1,0,,\n\
         3,TH-0003,Trường Tiểu học Lê Lợi,Tiểu học,Xã C,Nguyễn Văn C,,3,2026,2,20,300,2,20,300,250,1,0,,\n"
    );
    let input = write_csv(dir.path(), &rows);
    let out = dir.path().join("out");
    let o = bulk(&["phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "docx", "--name", "{{truong.ten}}"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, vec!["truong-tieu-hoc-le-loi-2.docx", "truong-tieu-hoc-le-loi-3.docx", "truong-tieu-hoc-le-loi.docx"]);
    // A broken pattern stops the run before any row.
    let o = bulk(&["phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--out-dir", dir.path().join("o2").to_str().unwrap(), "--name", "{{#each truong}}"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error[name-pattern]"), "{}", stderr(&o));
    assert!(!dir.path().join("o2").exists());
}

#[test]
fn template_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_csv(dir.path(), &format!("{HEADER}1,TH-0001,Trường A,Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,300,2,20,300,250,1,0,,\n"));
    let shipped = std::fs::read_to_string(root().join("templates/phieu-bao-cao-quy.json")).unwrap();
    let cases = [
        ("unknown.json", shipped.replacen("{{truong.ma}}", "{{truong.ma_so}}", 1), "template-missing", "{{truong.ma_so}}"),
        ("unclosed.json", shipped.replacen("{{truong.ma}}", "{{#each truong}}", 1), "template-syntax", "template syntax"),
        ("syntax.json", shipped.replacen("\"loai\"", "\"loai\" \"", 1), "json-syntax", ""),
    ];
    for (name, text, code, needle) in cases {
        let t = dir.path().join(name);
        std::fs::write(&t, &text).unwrap();
        let o = bulk(&[t.to_str().unwrap(), "--rows", input.to_str().unwrap(), "--out-dir", dir.path().join("o").to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        let file_line = format!("{}:", t.display());
        assert!(e.contains(&format!("error[{code}]")) && e.contains(&file_line) && e.contains(needle), "{name}: {e}");
        // file:line:column
        let after = &e[e.find(&file_line).unwrap() + file_line.len()..];
        let pos: Vec<&str> = after.split(':').take(2).collect();
        assert!(pos.iter().all(|p| p.parse::<usize>().is_ok()), "{name}: no line/column in {e}");
        // `check` finds the same: alone for the syntax, with the rows for a placeholder.
        let mut args = vec!["check", t.to_str().unwrap()];
        if code == "template-missing" {
            args.extend(["--rows", input.to_str().unwrap()]);
        }
        let o = vanban(&args);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(&format!("error[{code}]")) && e.contains(&file_line) && e.contains(needle), "{name}: {e}");
    }
}

#[test]
fn csv_encodings() {
    let dir = tempfile::tempdir().unwrap();
    // With a BOM: fine.
    let bom = dir.path().join("bom.csv");
    std::fs::write(&bom, format!("\u{feff}{HEADER}1,TH-0001,Trường A,Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,300,2,20,300,250,1,0,,\n")).unwrap();
    let o = bulk(&["phieu-bao-cao-quy", "--rows", bom.to_str().unwrap(), "--out-dir", dir.path().join("a").to_str().unwrap(), "--format", "docx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Windows-1258-like bytes: a clear message, nothing written.
    let latin = dir.path().join("latin.csv");
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend(b"1,TH-0001,Tr\xf0\xeang A,Ti\xea\xf2u h\xf2c\n");
    std::fs::write(&latin, bytes).unwrap();
    let o = bulk(&["phieu-bao-cao-quy", "--rows", latin.to_str().unwrap(), "--out-dir", dir.path().join("b").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8 (line 2)") && stderr(&o).contains("CSV UTF-8"), "{}", stderr(&o));
}

#[test]
fn xlsx_numbers_and_dates_keep_their_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "nam").unwrap();
    ws.write_string(0, 1, "ngay").unwrap();
    ws.write_string(0, 2, "ty_le").unwrap();
    ws.write_number(1, 0, 1919).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(1, 1, rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 5).unwrap(), &fmt).unwrap();
    ws.write_number(1, 2, 69.5).unwrap();
    wb.save(&path).unwrap();
    let mut rows = vanban::rows::open(&path, None).unwrap();
    let first = rows.iter.next().unwrap().data.unwrap();
    assert_eq!(first, serde_json::json!({"nam": 1919, "ngay": "2026-01-05", "ty_le": 69.5}));
    // The sample workbook: counts are whole numbers.
    let mut rows = vanban::rows::open(&root().join("samples/truong.xlsx"), None).unwrap();
    assert_eq!(rows.len, 1000);
    let first = rows.iter.next().unwrap().data.unwrap();
    assert!(first["so_hs"].is_i64() && first["ky"]["nam"] == 2026, "{first}");
    let o = bulk(&[
        "phieu-bao-cao-quy",
        "--rows",
        root().join("samples/truong.xlsx").to_str().unwrap(),
        "--sheet",
        "khong-co",
        "--out-dir",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no sheet named `khong-co`") && stderr(&o).contains("truong"), "{}", stderr(&o));
}

#[test]
fn render_one_row_with_data() {
    let dir = tempfile::tempdir().unwrap();
    let row = dir.path().join("row.json");
    std::fs::write(
        &row,
        r#"{"truong": {"ma": "THCS-0007", "ten": "Trường THCS Nguyễn Du", "cap": "THCS", "xa": "Xã Tiên Điền", "hieu_truong": "Trần Thị Bình"},
            "ky": {"quy": 3, "nam": 2026}, "so_cbql": 3, "so_gv": 40, "so_hs": 1919, "cbql_hoan_thanh": 3, "gv_hoan_thanh": 38,
            "hs_tai_khoan": 1500, "hs_hoan_thanh": 1200, "so_lop_tap_huan": 2, "kinh_phi": 153000}"#,
    )
    .unwrap();
    let pdf = dir.path().join("one.pdf");
    let o = vanban(&["render", "bao-cao-quy", "--data", row.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdftotext(&pdf);
    assert!(text.contains("TRƯỜNG THCS NGUYỄN DU") && text.contains("1.919") && text.contains("quý III năm 2026"), "{text}");
    // A missing field names the template, the placeholder and the data file.
    std::fs::write(&row, r#"{"truong": {"ma": "X"}}"#).unwrap();
    let o = vanban(&["render", "bao-cao-quy", "--data", row.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bao-cao-quy") && stderr(&o).contains("has no value") && stderr(&o).contains("row.json"), "{}", stderr(&o));
}

#[test]
fn progress_lines_when_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args([
            "bulk",
            "phieu-bao-cao-quy",
            "--rows",
            root().join("samples/truong.csv").to_str().unwrap(),
            "--format",
            "docx",
            "--out-dir",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let e = stderr(&o);
    assert!(e.lines().last().unwrap().starts_with("rows read: 1000, documents written: 1000, rows failed: 0, time:"), "{e}");
}

/// Bulk reuses Typst's layout cache and the compressed DOCX parts from document to document;
/// neither may change a byte: each row's files are exactly what `render --data` makes of the
/// row alone, in a fresh process. The PDF keeps its title and author.
#[test]
fn bulk_files_are_byte_identical_to_rendering_each_row_alone() {
    let dir = tempfile::tempdir().unwrap();
    // Rows as vanban's own reader nests them (dotted headers), written as JSON so that both
    // paths read the same values.
    let rows: Vec<serde_json::Value> =
        vanban::rows::open(&root().join("samples/truong.csv"), None).unwrap().iter.skip(100).take(12).map(|r| r.data.unwrap()).collect();
    let rows_file = dir.path().join("rows.json");
    std::fs::write(&rows_file, serde_json::to_string(&rows).unwrap()).unwrap();
    let out = dir.path().join("out");
    let o = bulk(&["phieu-bao-cao-quy", "--rows", rows_file.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--name", "{{truong.ma}}", "--jobs", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for row in &rows {
        let code = row["truong"]["ma"].as_str().unwrap();
        let one = dir.path().join("row.json");
        std::fs::write(&one, row.to_string()).unwrap();
        let (pdf, docx) = (dir.path().join("one.pdf"), dir.path().join("one.docx"));
        let o = vanban(&["render", "phieu-bao-cao-quy", "--data", one.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "-o", docx.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            std::fs::read(&pdf).unwrap() == std::fs::read(out.join(format!("{}.pdf", code.to_lowercase()))).unwrap(),
            "{code}.pdf differs from render --data"
        );
        assert!(
            std::fs::read(&docx).unwrap() == std::fs::read(out.join(format!("{}.docx", code.to_lowercase()))).unwrap(),
            "{code}.docx differs from render --data"
        );
    }
    let info = pdfinfo(&out.join(format!("{}.pdf", rows[0]["truong"]["ma"].as_str().unwrap().to_lowercase())));
    let name = rows[0]["truong"]["ten"].as_str().unwrap().to_uppercase();
    assert!(info.contains("Title:") && info.contains("Bình dân học vụ số"), "{info}");
    assert!(info.contains("Author:") && info.contains(&name), "{info}");
}

/// The cells of a workbook's sheet as text, row by row (calamine).
fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{}: sheet {sheet}: {e}", path.display()));
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut line = vec![String::new(); c0 as usize];
        line.extend(row.iter().map(|d| match d {
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        out.push(line);
    }
    out
}

/// A workbook of one sheet `name` with these rows of text (what a clerk would type).
fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// The data validations of the first sheet: (cells, list).
fn validations(xlsx: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml.split("<dataValidation ")
        .skip(1)
        .map(|v| {
            let sqref = v.split("sqref=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("").to_string();
            let list = v.split("<formula1>").nth(1).and_then(|s| s.split("</formula1>").next()).unwrap_or("").to_string();
            (sqref, list)
        })
        .collect()
}

#[test]
fn a_blank_rows_workbook_holds_the_columns_an_example_and_validation_and_reads_back() {
    for template in ["phieu-bao-cao-quy", "bao-cao-quy"] {
        let dir = tempfile::tempdir().unwrap();
        let blank = dir.path().join("blank.xlsx");
        let o = bulk(&[template, "--blank", blank.to_str().unwrap()]);
        assert!(o.status.success(), "{template}: {}", stderr(&o));
        let cells = sheet_cells(&blank, "Dữ liệu");
        // Title, what each column is, the example (marked), then the header the reader needs.
        assert!(cells[0][0].contains("Bình dân học vụ số"), "{template}: title {:?}", cells[0]);
        assert!(cells[2][0].starts_with("Ví dụ"), "{template}: the example row is marked: {:?}", cells[2]);
        let header = &cells[3];
        assert_eq!(header[0], "STT");
        for f in ["truong.ma", "truong.ten", "truong.hieu_truong", "ky.quy", "ky.nam", "so_cbql", "so_hs", "kinh_phi", "kho_khan"] {
            assert!(header.contains(&f.to_string()), "{template}: no column {f}: {header:?}");
        }
        let col = |f: &str| header.iter().position(|h| h == f).unwrap();
        // Required columns said so; optional ones (the template has a default) not.
        assert!(cells[1][col("truong.ten")].contains("Tên trường (bắt buộc)"), "{:?}", cells[1]);
        assert!(!cells[1][col("kho_khan")].contains("bắt buộc"), "{:?}", cells[1]);
        assert!(!cells[1][col("cbql_hoan_thanh")].contains("bắt buộc"), "{:?}", cells[1]);
        assert_eq!(cells[2][col("truong.ma")], "MN-0001");
        // The quarter's fixed values as list validation on its data cells.
        let letter = (b'A' + col("ky.quy") as u8) as char;
        assert!(validations(&blank).iter().any(|(r, l)| r == &format!("{letter}5:{letter}2004") && l == "\"1,2,3,4\""), "{:?}", validations(&blank));
        // The blank itself has no data row: the example is never read.
        let o = vanban(&["check", template, "--rows", blank.to_str().unwrap()]);
        assert!(stderr(&o).contains("0 row(s) checked"), "{template}: {}", stderr(&o));
        // The example typed as the first data row is a valid row.
        let mut rows = cells.clone();
        let mut example = cells[2].clone();
        example[0] = "1".into();
        rows.push(example);
        let filled = dir.path().join("filled.xlsx");
        write_book(&filled, &[("Dữ liệu", rows)]);
        let o = vanban(&["check", template, "--rows", filled.to_str().unwrap()]);
        assert!(o.status.success() && stderr(&o).contains("1 row(s) checked") && stderr(&o).contains(": 0 with errors"), "{template}: {}", stderr(&o));
    }
    // A template with no rows to read is refused, and --blank needs no --rows or --out-dir.
    let o = bulk(&["phieu-bao-cao-quy"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_and_run_agree_on_every_row_of_a_workbook_with_a_title_and_percentages() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("truong.xlsx");
    let header: Vec<&str> = HEADER.trim().split(',').chain(["ty_le_tiet_so"]).collect();
    let row = |code: &str, name: &str, hs: &str| -> Vec<String> {
        let mut r: Vec<String> =
            format!("x,{code},{name},Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,{hs},2,20,300,250,1,0,,").split(',').map(str::to_string).collect();
        r.push(String::new());
        r
    };
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // A title above the header, as offices make their lists.
    ws.write_string(0, 0, "DANH SÁCH CÁC TRƯỜNG TIỂU HỌC").unwrap();
    ws.write_string(1, 0, "(kèm theo Kế hoạch số 15/KH-SGDĐT)").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let percent = Format::new().set_num_format("0%");
    let data = [
        row("TH-0001", "Trường Tiểu học Lê Lợi", "300"),
        row("TH-0002", "Trường Tiểu học Kim Đồng", "ba trăm"),
        row("TH-0003", "Trường Tiểu học Hòa Bình", "280"),
    ];
    for (i, r) in data.iter().enumerate() {
        let rr = 4 + i as u32;
        ws.write_number(rr, 0, (i + 1) as f64).unwrap();
        for (c, v) in r.iter().enumerate().skip(1) {
            if !v.is_empty() {
                match v.parse::<f64>() {
                    Ok(n) if c >= 7 => ws.write_number(rr, c as u16, n).unwrap(),
                    _ => ws.write_string(rr, c as u16, v).unwrap(),
                };
            }
        }
        // The rate typed as a percentage (stored 0.35, shown 35%).
        ws.write_number_with_format(rr, (header.len() - 1) as u16, 0.35, &percent).unwrap();
    }
    wb.save(&input).unwrap();

    let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let from_check: Vec<(String, String, String)> =
        listed.iter().map(|f| (f["row"].to_string(), f["field"].as_str().unwrap().to_string(), f["message"].as_str().unwrap().to_string())).collect();
    let out = dir.path().join("out");
    let o = bulk(&["phieu-bao-cao-quy", "--rows", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("rows read: 3, documents written: 2, rows failed: 1"), "{}", stderr(&o));
    let failures = std::fs::read_to_string(out.join("failures.csv")).unwrap();
    let from_bulk: Vec<(String, String, String)> = csv::Reader::from_reader(failures.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect();
    // The same rows, fields and messages: one bad row (the sheet's row 6), not the title nor
    // the percentage.
    assert_eq!(from_check, from_bulk);
    assert_eq!(from_check.iter().map(|f| f.0.as_str()).collect::<BTreeSet<_>>(), BTreeSet::from(["6"]), "{from_check:?}");
    assert_eq!(from_check[0].1, "so_hs");
    // Files numbered by data row from 0001 (the title rows do not count).
    let mut files: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, vec!["0001-truong-tieu-hoc-le-loi.pdf", "0003-truong-tieu-hoc-hoa-binh.pdf", "failures.csv"]);
    // The rate read as 35 (per cent), printed as such.
    let text = pdftotext(&out.join("0001-truong-tieu-hoc-le-loi.pdf"));
    assert!(text.contains("35"), "{text}");
}
