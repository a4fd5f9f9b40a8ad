//! ND30's box 12 and copies (`../shared/spec/nd30.md`, "Other elements" and "Copies on
//! paper"): the drafter's initials and copies issued under Nơi nhận, the copies kept on the
//! Lưu line; the copy block (`render --copy sao-y|sao-luc|trich-sao --copy-data`) after the
//! document under a full-width rule, in the PDF and in LibreOffice's rendering of the DOCX;
//! the copies' shared sequence in the register; the checks.

use crate::common::*;
use vanban::render::inspect::pages;
use vanban::render::{fonts::FontSet, pdf::Engine};

const LEFT: f64 = 30.0;
const TEXT_W: f64 = 210.0 - 30.0 - 15.0;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

fn copy_data() -> String {
    root().join("samples/ban-sao/sao-y.json").to_str().unwrap().to_string()
}

#[test]
fn box_12_is_under_noi_nhan_and_the_copies_kept_end_the_luu_line() {
    let (doc, _) = vanban::load(sample("cong-van-hoa-toc-mat").to_str().unwrap()).expect("sample loads");
    assert_eq!(doc.noi_nhan.last().unwrap(), "- Lưu: VT, VP, 02b.");
    assert_eq!(doc.release.as_deref(), Some("PL.30"));
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let laid = pages(&engine.layout(&doc).unwrap());
    let page = laid.iter().find(|p| p.find("Nơi nhận:").is_some()).expect("Nơi nhận's page");
    let label = page.find("Nơi nhận:").unwrap();
    let luu = page.find("- Lưu: VT, VP, 02b.").expect("the Lưu line with the copies kept");
    let release = page.find("PL.30").expect("box 12");
    // Under the last entry, at the left edge of the Nơi nhận column, 11 pt upright.
    assert!(release.y > luu.y && release.y - luu.y < 6.0, "PL.30 at {:.2} mm, Lưu at {:.2} mm", release.y, luu.y);
    assert!(close(release.x, label.x, 0.05) && close(release.x, LEFT, 0.05), "{release:?}");
    assert!(close(release.size, 11.0, 0.01) && !release.bold && !release.italic, "{release:?}");

    // The same in LibreOffice's rendering of the DOCX, relative to `Nơi nhận:`.
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(sample("cong-van-hoa-toc-mat")).unwrap();
    let (pdf, docx) = render_json(dir.path(), "box12", &json);
    let xml = docx_part(&docx, "word/document.xml");
    let at = xml.find(">PL.30<").expect("PL.30 in the DOCX");
    assert!(xml[xml[..at].rfind("<w:r>").unwrap()..at].contains(r#"<w:sz w:val="22" />"#), "11 pt");
    let lo = libreoffice_pdfs(&[docx], &dir.path().join("lo"));
    let find = |ls: &[Line], t: &str| ls.iter().find(|l| l.text.contains(t)).map(|l| (l.page, l.y, l.x0)).unwrap_or_else(|| panic!("`{t}` not found"));
    let (ours, theirs) = (text_lines(&pdf), text_lines(&lo[0]));
    let (a0, b0) = (find(&ours, "Nơi nhận:"), find(&theirs, "Nơi nhận:"));
    for t in ["Lưu: VT, VP, 02b.", "PL.30"] {
        let (a, b) = (find(&ours, t), find(&theirs, t));
        assert_eq!(a.0, b.0, "`{t}`: page");
        assert!(close(a.1 - a0.1, b.1 - b0.1, 1.5), "`{t}`: {:.2} pt under Nơi nhận in the PDF, {:.2} in LibreOffice", a.1 - a0.1, b.1 - b0.1);
        assert!(close(a.2, b.2, 1.0), "`{t}`: left edge {:.2} / {:.2}", a.2, b.2);
    }
    assert_valid_docx(dir.path());
}

#[test]
fn box_12_is_checked_and_counts_in_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("cong-van-hoa-toc-mat")).unwrap()).unwrap();
    // Every problem at once: initials that are not letters, no copies, copies kept with no Lưu line.
    v["phat_hanh"] = serde_json::json!({"nguoi_soan": "P1", "so_ban": 0, "ban_luu": 2});
    v["noi_nhan"] = serde_json::json!(["Như trên;", "Giám đốc Sở (b/c)."]);
    let f = dir.path().join("bad.json");
    std::fs::write(&f, v.to_string()).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for want in [
        "`phat_hanh.nguoi_soan`",
        "`P1` are not letters",
        "`phat_hanh.so_ban`",
        "copies issued is 0",
        "`phat_hanh.ban_luu`",
        "the Lưu line, which Nơi nhận does not have",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    // Lower-case initials: a warning, printed upper case.
    v["phat_hanh"] = serde_json::json!({"nguoi_soan": "pl", "so_ban": 45});
    v["noi_nhan"] = serde_json::json!(["Như trên;", "Lưu: VT, VP."]);
    std::fs::write(&f, v.to_string()).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning[upper-case]") && stderr(&o).contains("`phat_hanh.nguoi_soan`"), "{}", stderr(&o));
    let pdf = dir.path().join("b.pdf");
    let db = dir.path().join("so.db");
    let o = vanban(&["register", "--register", db.to_str().unwrap(), "issue", f.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdftotext(&pdf);
    assert!(text.contains("PL.45") && text.contains("- Lưu: VT, VP."), "{text}");
    // The book's column (7), number of copies: the copies issued (the sample is secret: its
    // book is the secret documents').
    let csv = dir.path().join("so.csv");
    let o = vanban(&["register", "--register", db.to_str().unwrap(), "export", "--year", "2026", "--mat", "-o", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = std::fs::read_to_string(&csv).unwrap();
    let row: Vec<String> =
        csv::Reader::from_reader(book.trim_start_matches('\u{feff}').as_bytes()).records().next().unwrap().unwrap().iter().map(str::to_string).collect();
    assert_eq!(row[6], "45", "{book}");
}

/// Renders the sample Kế hoạch with a copy block of `kind` into `dir`.
fn render_copy(dir: &std::path::Path, kind: &str, extra: &[&str]) -> (std::path::PathBuf, std::path::PathBuf, std::process::Output) {
    let (pdf, docx) = (dir.join(format!("{kind}.pdf")), dir.join(format!("{kind}.docx")));
    let input = sample("cong-van-so-gddt-quang-ngai");
    let data = copy_data();
    let mut args = vec!["render", input.to_str().unwrap(), "--copy", kind, "--copy-data", &data, "-o", pdf.to_str().unwrap(), "-o", docx.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = vanban(&args);
    (pdf, docx, o)
}

#[test]
fn a_copy_block_follows_the_document_under_a_full_width_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, docx, o) = render_copy(dir.path(), "sao-y", &[]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Laid out: after the document's own signature, on its last page, under a rule as wide
    // as the text; SAO Y bold 14 pt centred in the right column, level with the agency; the
    // number under the agency, level with the date; the signature under them.
    let (doc, _) = vanban::load(sample("cong-van-so-gddt-quang-ngai").to_str().unwrap()).unwrap();
    let mut doc = doc;
    let (data, text) = vanban::read_copy(&copy_data()).unwrap();
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    doc.copy = Some(vanban::compose_copy("c.json", &text, &data, vanban::model::CopyKind::SaoY, today, &doc, engine.profile()).unwrap().0);
    let laid = pages(&engine.layout(&doc).unwrap());
    let last = laid.last().unwrap();
    let run = |t: &str| last.runs.iter().find(|r| r.text.contains(t)).unwrap_or_else(|| panic!("`{t}` not on the last page: {:#?}", last.lines()));
    let title = run("SAO Y");
    let agency = run("TRẦN QUỐC TUẤN");
    let number = run("Số: 05/SY-THPTTQT");
    let date = run("Quảng Ngãi, ngày 04 tháng 5 năm 2026");
    let signer = run("Lê Thị Thanh Hương");
    assert!(title.bold && close(title.size, 14.0, 0.01));
    assert!(agency.bold && !number.bold && date.italic);
    let lw = TEXT_W * vanban::profile::Profile::default().letterhead_left_ratio;
    assert!(close(title.x + title.width / 2.0, LEFT + lw + (TEXT_W - lw) / 2.0, 0.3), "SAO Y centred in the right column: {title:?}");
    assert!(close(number.x + number.width / 2.0, LEFT + lw / 2.0, 0.3), "the number centred under the agency: {number:?}");
    assert!(close(number.y, date.y, 0.6), "number and date on one line: {:.2} / {:.2}", number.y, date.y);
    assert!(agency.y < number.y && title.y < date.y && date.y < signer.y);
    // The document's own signer is above the rule, the copy under it.
    let own = last.runs.iter().filter(|r| r.text.contains("Nơi nhận:")).map(|r| r.y).collect::<Vec<_>>();
    assert_eq!(own.len(), 2, "two Nơi nhận on the last page (the document's and the copy's)");
    let rule = last
        .rules
        .iter()
        .find(|r| close(r.length, TEXT_W, 0.2) && r.y > own[0] && r.y < title.y)
        .unwrap_or_else(|| panic!("no full-width rule between the document and its copy: {:?}", last.rules));
    assert!(close(rule.x, LEFT, 0.05));
    assert!(own[1] > date.y);

    // The text of the PDF: the whole document, then the copy.
    let text = pdftotext(&pdf);
    let at = |t: &str| text.find(t).unwrap_or_else(|| panic!("`{t}` not in the PDF"));
    assert!(text.find(&doc.signer).unwrap() < at("SAO Y"), "the copy after the document's signer: {text}");
    assert!(text.rfind("Lưu: VT.").unwrap() > at("SAO Y") && at("SAO Y") > text.find("Lưu: VT, GDTXHSSV").unwrap());

    // LibreOffice's rendering of the DOCX: the copy on the same page, its lines where the PDF
    // has them relative to its first line.
    let lo = libreoffice_pdfs(std::slice::from_ref(&docx), &dir.path().join("lo"));
    let (ours, theirs) = (text_lines(&pdf), text_lines(&lo[0]));
    assert_eq!(ours.last().unwrap().page, theirs.last().unwrap().page, "same page count");
    let find = |ls: &[Line], t: &str| {
        ls.iter().rev().find(|l| l.text.contains(t)).map(|l| (l.page, l.y, (l.x0 + l.x1) / 2.0)).unwrap_or_else(|| panic!("`{t}` not found"))
    };
    let (a0, b0) = (find(&ours, "SỞ GDĐT QUẢNG NGÃI"), find(&theirs, "SỞ GDĐT QUẢNG NGÃI"));
    assert_eq!(a0.0, b0.0);
    for t in ["SAO Y", "TRẦN QUỐC TUẤN", "Số: 05/SY-THPTTQT", "ngày 04 tháng 5 năm 2026", "KT. HIỆU TRƯỞNG", "Lê Thị Thanh Hương", "Lưu: VT."]
    {
        let (a, b) = (find(&ours, t), find(&theirs, t));
        assert_eq!(a.0, b.0, "`{t}`: page");
        assert!(close(a.1 - a0.1, b.1 - b0.1, 2.0), "`{t}`: {:.2} pt under the agency's parent in the PDF, {:.2} in LibreOffice", a.1 - a0.1, b.1 - b0.1);
        assert!(close(a.2, b.2, 2.0), "`{t}`: centred at {:.2} / {:.2}", a.2, b.2);
    }
    assert_valid_docx(dir.path());

    // The same input, the same bytes.
    let again = dir.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    let (pdf2, docx2, o) = render_copy(&again, "sao-y", &[]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&pdf2).unwrap());
    assert_eq!(std::fs::read(&docx).unwrap(), std::fs::read(&docx2).unwrap());
}

#[test]
fn each_kind_of_copy_has_its_title_and_code() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, title, code) in [("sao-luc", "SAO LỤC", "SL"), ("trich-sao", "TRÍCH SAO", "TS")] {
        let (pdf, docx, o) = render_copy(dir.path(), kind, &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let text = pdftotext(&pdf);
        assert!(text.contains(title) && text.contains(&format!("Số: 05/{code}-THPTTQT")), "{kind}: {text}");
        let xml = docx_part(&docx, "word/document.xml");
        assert!(xml.contains(&format!(">{title}<")) && xml.contains(&format!("Số: 05/{code}-THPTTQT")), "{kind}: DOCX");
    }
}

#[test]
fn copies_share_one_sequence_in_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so.db");
    let reg = format!("--register={}", db.display());
    // The copying agency issues a document of its own first: its numbers are not the copies'.
    let own = dir.path().join("own.json");
    // (A sample of the agency's own, not a starter: the register refuses a starter's example text.)
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("ke-hoach-so-gddt-quang-ngai")).unwrap()).unwrap();
    v["co_quan"] = serde_json::json!({"chu_quan": ["SỞ GDĐT QUẢNG NGÃI"], "ten": ["TRẦN QUỐC TUẤN"], "viet_tat": "THPTTQT"});
    v["ngay"] = "2026-05-01".into();
    v.as_object_mut().unwrap().remove("so");
    std::fs::write(&own, v.to_string()).unwrap();
    let o = vanban(&["render", own.to_str().unwrap(), "-o", dir.path().join("own.pdf").to_str().unwrap(), &reg]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("Số: 01/KH-THPTTQT"), "{}", stderr(&o));

    // The copy data without its number: each copy takes the next of the copies' sequence,
    // whatever its kind; the copied document keeps its own (blank) number.
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(copy_data()).unwrap()).unwrap();
    let mut data = data;
    data.as_object_mut().unwrap().remove("so");
    let cd = dir.path().join("copy.json");
    std::fs::write(&cd, data.to_string()).unwrap();
    let input = sample("ke-hoach-so-gddt-quang-ngai");
    let mut printed = Vec::new();
    for (k, kind) in ["sao-y", "trich-sao", "sao-y"].iter().enumerate() {
        let pdf = dir.path().join(format!("c{k}.pdf"));
        let o = vanban(&["render", input.to_str().unwrap(), "--copy", kind, "--copy-data", cd.to_str().unwrap(), "-o", pdf.to_str().unwrap(), &reg]);
        assert!(o.status.success(), "{}", stderr(&o));
        printed.push(pdftotext(&pdf));
    }
    assert!(printed[0].contains("Số: 01/SY-THPTTQT"), "{}", printed[0]);
    assert!(printed[1].contains("Số: 02/TS-THPTTQT"), "{}", printed[1]);
    // The same copy again: its number again.
    assert!(printed[2].contains("Số: 01/SY-THPTTQT"), "{}", printed[2]);
    for p in &printed {
        assert!(!p.contains("01/KH-SGDĐT") && p.contains("/KH-SGDĐT"), "the copied document is not numbered: {p}");
    }
    // The book: the agency's own document and the two copies, each named with the document copied.
    let csv = dir.path().join("so.csv");
    let o = vanban(&["register", "--register", db.to_str().unwrap(), "export", "--year", "2026", "-o", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let book = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(book.trim_start_matches('\u{feff}').as_bytes()).records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    assert_eq!(rows.len(), 3, "{book}");
    let copies: Vec<&Vec<String>> = rows.iter().filter(|r| r[2].starts_with("Bản")).collect();
    assert_eq!(copies.len(), 2, "{book}");
    assert!(
        copies.iter().any(|r| r[0] == "01/SY-THPTTQT" && r[2].contains("Bản sao y") && r[2].contains("Kế hoạch") && r[2].contains("Bình dân học vụ số")),
        "{book}"
    );
    assert!(copies.iter().any(|r| r[0] == "02/TS-THPTTQT" && r[2].contains("Bản trích sao")), "{book}");
    assert!(rows.iter().any(|r| r[0] == "01/KH-THPTTQT"), "{book}");
}

#[test]
fn bad_copy_data_is_reported_whole_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cd = dir.path().join("copy.json");
    std::fs::write(
        &cd,
        r#"{
  "co_quan": {"ten": ["TRƯỜNG THPT A"], "viet_tat": ""},
  "so": 12000,
  "dia_danh": "Quảng Ngãi",
  "ngay": "03/07/2025",
  "ky": {"hinh_thuc": "KT", "chuc_vu": "PHÓ HIỆU TRƯỞNG", "ho_ten": "Lê Văn B"},
  "noi_nhan": ["Các tổ chuyên môn."]
}"#,
    )
    .unwrap();
    let pdf = dir.path().join("x.pdf");
    let o = vanban(&[
        "render",
        sample("ke-hoach-so-gddt-quang-ngai").to_str().unwrap(),
        "--copy",
        "sao-y",
        "--copy-data",
        cd.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for want in ["copy.json", "`co_quan.viet_tat`", "`so`", "12000", "`ngay`", "`ky.thay_mat`", "`noi_nhan[0]`"] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert!(err.contains(":5:"), "line numbers in the copy's file: {err}");
    assert!(!pdf.exists(), "nothing written");
    // A field the format does not have, and a missing one: at once, with their paths.
    std::fs::write(&cd, r#"{"co_quan": {"ten": ["TRƯỜNG THPT A"], "viet_tat": "THPTA"}, "dia_danh": "Quảng Ngãi", "ngay": "2025-07-03", "nguoi_ky": "x"}"#)
        .unwrap();
    let o = vanban(&[
        "render",
        sample("ke-hoach-so-gddt-quang-ngai").to_str().unwrap(),
        "--copy",
        "sao-y",
        "--copy-data",
        cd.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("nguoi_ky") && err.contains("`ky`"), "{err}");
    assert!(!pdf.exists());
    // A copy older than the document it copies (the Kế hoạch of 17/10/2025).
    let mut data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(copy_data()).unwrap()).unwrap();
    data["ngay"] = "2025-10-16".into();
    std::fs::write(&cd, data.to_string()).unwrap();
    let o = vanban(&[
        "render",
        sample("ke-hoach-truong-tc-cai-be").to_str().unwrap(),
        "--copy",
        "sao-y",
        "--copy-data",
        cd.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[copy-date]") && stderr(&o).contains("before the document it copies (2025-10-17)"), "{}", stderr(&o));
    assert!(!pdf.exists());
    data["ngay"] = "2025-10-17".into();
    std::fs::write(&cd, data.to_string()).unwrap();
    let o = vanban(&[
        "render",
        sample("ke-hoach-truong-tc-cai-be").to_str().unwrap(),
        "--copy",
        "sao-y",
        "--copy-data",
        cd.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "the same day is fine: {}", stderr(&o));
    std::fs::remove_file(&pdf).unwrap();
    // Usage: a kind that is not one of the three, --copy without its data.
    let o = vanban(&[
        "render",
        sample("ke-hoach-so-gddt-quang-ngai").to_str().unwrap(),
        "--copy",
        "ban-chinh",
        "--copy-data",
        cd.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sao-y") && stderr(&o).contains("trich-sao"), "{}", stderr(&o));
    let o = vanban(&["render", sample("ke-hoach-so-gddt-quang-ngai").to_str().unwrap(), "--copy", "sao-y", "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--copy-data"), "{}", stderr(&o));
}

#[test]
fn the_copy_schema_describes_the_sample_copy() {
    let o = vanban(&["schema", "ban-sao"]);
    assert!(o.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(copy_data()).unwrap()).unwrap();
    assert!(validator.is_valid(&data));
    let mut bad = data.clone();
    bad["nguoi_ky"] = "x".into();
    assert!(!validator.is_valid(&bad), "unknown fields are refused");
}

/// A copy is held to the document's rules, the same functions: dated tomorrow, a warning and
/// printed; `Lưu: HS.` without VT, an error. A copy that cannot be printed takes no number.
#[test]
fn a_copy_follows_the_documents_rules_and_a_bad_one_takes_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(copy_data()).unwrap()).unwrap();
    data.as_object_mut().unwrap().remove("so");
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    data["ngay"] = tomorrow.clone().into();
    let cd = dir.path().join("copy.json");
    std::fs::write(&cd, data.to_string()).unwrap();
    let input = sample("ke-hoach-so-gddt-quang-ngai");
    let pdf = dir.path().join("c.pdf");
    let render = |db: &std::path::Path| {
        vanban(&[
            "render",
            input.to_str().unwrap(),
            "--copy",
            "sao-y",
            "--copy-data",
            cd.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
            &format!("--register={}", db.display()),
        ])
    };
    let db = dir.path().join("so.db");
    let o = render(&db);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning[future-date]") && stderr(&o).contains("copy.json"), "{}", stderr(&o));
    assert!(pdftotext(&pdf).contains("Số: 01/SY-THPTTQT"));

    // Nơi nhận without VT: refused before the register is asked; the book stays empty.
    std::fs::remove_file(&pdf).unwrap();
    data["noi_nhan"] = serde_json::json!(["Như trên;", "Lưu: HS."]);
    std::fs::write(&cd, data.to_string()).unwrap();
    let fresh = dir.path().join("fresh.db");
    let o = render(&fresh);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[noi-nhan-luu]") && stderr(&o).contains("`noi_nhan[1]`"), "{}", stderr(&o));
    assert!(!pdf.exists());
    let count = |db: &std::path::Path| -> i64 { rusqlite::Connection::open(db).unwrap().query_row("SELECT COUNT(*) FROM entries", [], |r| r.get(0)).unwrap() };
    assert_eq!(count(&db), 1, "the first copy's number");
    assert!(!fresh.exists() || count(&fresh) == 0, "a refused copy took a number");
}
