//! The boxed marks of ND30 (`../shared/spec/nd30.md`, "Other elements"): secrecy (ô 10a) and
//! urgency (ô 10b) under the number line, the circulation note (ô 11) under the letterhead,
//! the draft mark top right; their boxes' sizes, in the PDF and in LibreOffice's rendering of
//! the DOCX; `--draft`, `--color-marks`; and the checks.

use crate::common::*;
use vanban::render::inspect::{pages, Rect};
use vanban::render::{fonts::FontSet, pdf::Engine};

const LEFT: f64 = 30.0;
const RIGHT_EDGE: f64 = 210.0 - 15.0;
const TEXT_W: f64 = 210.0 - 30.0 - 15.0;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn marks_sit_in_their_boxes_where_the_decree_puts_them() {
    let (doc, _) = vanban::load(sample("cong-van-hoa-toc-mat").to_str().unwrap()).expect("sample loads");
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let page = &pages(&engine.layout(&doc).unwrap())[0];
    let run = |t: &str| page.runs.iter().find(|r| r.text.contains(t)).unwrap_or_else(|| panic!("`{t}` not on page 1: {:#?}", page.lines()));
    let boxed = |t: &str| -> (Rect, f64) {
        let r = run(t);
        let b = page
            .boxes
            .iter()
            .find(|b| r.x >= b.x && r.x + r.width <= b.x + b.width + 0.01 && r.y > b.y && r.y < b.y + b.height)
            .unwrap_or_else(|| panic!("`{t}` is in no box: {:?}", page.boxes))
            .clone();
        // The word centred in its box, bold, 13 pt.
        assert!(close(r.x + r.width / 2.0, b.x + b.width / 2.0, 0.3), "`{t}` is not centred in its box");
        assert!(r.bold && close(r.size, 13.0, 0.01), "`{t}`: bold 13 pt");
        (b, r.y)
    };
    let number = run("Số:");
    let left_centre = LEFT + (TEXT_W - doc.date_col_mm) / 2.0;

    // 10a: MẬT, in a box as wide as the word and its padding, under the number line, centred
    // in the number's column.
    let (secret, _) = boxed("MẬT");
    assert!(secret.y > number.y, "the secrecy mark is under the number line");
    assert!(close(secret.height, 8.0, 0.05) && secret.width > 15.0 && secret.width < 25.0, "{secret:?}");
    assert!(close(secret.x + secret.width / 2.0, left_centre, 0.3));
    // 10b: HỎA TỐC in its 30 × 8 mm box, under 10a.
    let (urgent, _) = boxed("HỎA TỐC");
    assert!(close(urgent.width, 30.0, 0.05) && close(urgent.height, 8.0, 0.05), "{urgent:?}");
    assert!(urgent.y > secret.y + secret.height, "urgency under secrecy");
    assert!(close(urgent.x + urgent.width / 2.0, left_centre, 0.3));
    // 11: the circulation note centred under the letterhead, above the recipients.
    let (note, _) = boxed("XEM XONG TRẢ LẠI");
    assert!(close(note.x + note.width / 2.0, LEFT + TEXT_W / 2.0, 0.3), "{note:?}");
    assert!(note.y > urgent.y + urgent.height, "under the letterhead");
    assert!(note.y + note.height < run("Kính gửi").y);
    // The draft mark: top right, above the national heading.
    let (draft, _) = boxed("DỰ THẢO 2");
    assert!(close(draft.x + draft.width, RIGHT_EDGE, 0.3), "{draft:?}");
    assert!(draft.y >= 20.0 - 0.01 && draft.y + draft.height < run("CỘNG HÒA").y, "{draft:?}");
}

#[test]
fn the_docx_puts_the_marks_where_the_pdf_does() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(sample("cong-van-hoa-toc-mat")).unwrap();
    let (pdf, docx) = render_json(dir.path(), "marks", &json);
    let lo = libreoffice_pdfs(std::slice::from_ref(&docx), &dir.path().join("lo"));
    assert_valid_docx(dir.path());
    let ours = text_lines(&pdf);
    let theirs = text_lines(&lo[0]);
    // Positions relative to the first line (the draft mark): the two PDF writers report a
    // line's top from different font boxes, a constant offset.
    let find =
        |ls: &[Line], t: &str| ls.iter().find(|l| l.text.contains(t)).map(|l| (l.page, l.y, (l.x0 + l.x1) / 2.0)).unwrap_or_else(|| panic!("`{t}` not found"));
    let (first_ours, first_theirs) = (find(&ours, "DỰ THẢO 2"), find(&theirs, "DỰ THẢO 2"));
    for t in ["CỘNG HÒA", "Số:", "MẬT", "HỎA TỐC", "XEM XONG TRẢ LẠI", "Kính gửi:", "Để bảo đảm"] {
        let (a, b) = (find(&ours, t), find(&theirs, t));
        assert_eq!(a.0, b.0, "`{t}`: page");
        let (da, db) = (a.1 - first_ours.1, b.1 - first_theirs.1);
        assert!(close(da, db, 1.5), "`{t}`: {da:.2} pt below the draft mark in the PDF, {db:.2} in LibreOffice");
        assert!(close(a.2, b.2, 2.0), "`{t}`: centred at {:.2} pt in the PDF, {:.2} in LibreOffice", a.2, b.2);
    }
    assert!(close(first_ours.2, first_theirs.2, 2.0));
    // The boxes are one-cell tables of the decree's size: exactly 8 mm high with their
    // half-point border (454 twips less 10).
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains(r#"<w:trHeight w:val="444" w:hRule="exact" />"#), "8 mm rows: {}", &xml[xml.find("trHeight").unwrap_or(0)..][..60]);
    assert!(xml.contains(r#"<w:tblW w:w="1701" w:type="dxa" />"#), "the 30 mm box of HỎA TỐC");
}

#[test]
fn draft_and_red_marks_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, docx) = (dir.path().join("d.pdf"), dir.path().join("d.docx"));
    let o = vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", pdf.to_str().unwrap(), "-o", docx.to_str().unwrap(), "--draft"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdftotext(&pdf).contains("DỰ THẢO"));
    assert!(docx_part(&docx, "word/document.xml").contains("DỰ THẢO"));
    // Without --draft, no mark.
    let plain = dir.path().join("p.pdf");
    assert!(vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", plain.to_str().unwrap()]).status.success());
    assert!(!pdftotext(&plain).contains("DỰ THẢO"));
    // --color-marks: red ink in the DOCX's mark runs and borders; black otherwise.
    let red = dir.path().join("r.docx");
    assert!(vanban(&["render", sample("cong-van-hoa-toc-mat").to_str().unwrap(), "-o", red.to_str().unwrap(), "--color-marks"]).status.success());
    assert!(docx_part(&red, "word/document.xml").contains(r#"<w:color w:val="D00000" />"#));
    let black = dir.path().join("b.docx");
    assert!(vanban(&["render", sample("cong-van-hoa-toc-mat").to_str().unwrap(), "-o", black.to_str().unwrap()]).status.success());
    assert!(!docx_part(&black, "word/document.xml").contains("D00000"));
}

#[test]
fn a_mark_that_is_not_the_decree_s_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(sample("cong-van-hoa-toc-mat")).unwrap().replace("\"hoa-toc\"", "\"khan-cap\"");
    let f = dir.path().join("x.json");
    std::fs::write(&f, json).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("`do_khan`") && err.contains("unknown variant `khan-cap`, expected one of `khan`, `thuong-khan`, `hoa-toc`"), "{err}");
    // A report made by a person has no number line to put a mark under.
    let json = r#"{"loai": "bao-cao", "do_mat": "mat", "dia_danh": "Hà Tĩnh", "ngay": "2026-05-04", "trich_yeu": "Thành tích",
        "noi_dung": ["Nội dung./."], "ky": {"chuc_vu": "NGƯỜI BÁO CÁO", "ho_ten": "Nguyễn Văn A"}}"#;
    let f = dir.path().join("y.json");
    std::fs::write(&f, json).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[mark-without-number]") && stderr(&o).contains("`do_mat`"), "{}", stderr(&o));
}

/// Ô 13: the agency's address and contacts at the foot of the first page only, under a rule
/// as wide as the text, in the bottom margin (the body keeps its height), in both back ends.
#[test]
fn the_first_page_has_the_agency_s_address_at_its_foot() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("ke-hoach-so-gddt-quang-ngai")).unwrap()).unwrap();
    v["co_quan"]["dia_chi"] = "Số 166 đường Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi".into();
    v["co_quan"]["dien_thoai"] = "0255 3822 345".into();
    v["co_quan"]["email"] = "sgddt@quangngai.gov.vn".into();
    let (pdf, docx) = render_json(dir.path(), "dc", &v.to_string());
    let lo = libreoffice_pdfs(std::slice::from_ref(&docx), &dir.path().join("lo"));
    assert_valid_docx(dir.path());
    for (who, f) in [("PDF", &pdf), ("LibreOffice", &lo[0])] {
        let lines = text_lines(f);
        let foot: Vec<&Line> = lines.iter().filter(|l| l.text.contains("Địa chỉ: Số 166")).collect();
        assert_eq!(foot.len(), 1, "{who}: once, on one page");
        assert_eq!(foot[0].page, 1, "{who}: on the first page");
        assert!(lines.iter().any(|l| l.page == 1 && l.text.contains("E-mail: sgddt@quangngai.gov.vn")), "{who}");
        // In the bottom margin: below the text block (277 mm), above the page's foot.
        let mm = foot[0].y / 72.0 * 25.4;
        assert!(mm > 277.0 - 12.0 && mm < 287.0, "{who}: the footer at {mm:.1} mm");
        assert!(lines.iter().all(|l| l.page == 1 || !l.text.contains("Địa chỉ:")), "{who}: only the first page");
    }
    // LibreOffice puts it where the PDF does, relative to the national heading.
    let at = |f: &std::path::Path, t: &str| text_lines(f).into_iter().find(|l| l.text.contains(t)).map(|l| l.y).unwrap();
    let ours = at(&pdf, "Địa chỉ: Số 166") - at(&pdf, "CỘNG HÒA");
    let theirs = at(&lo[0], "Địa chỉ: Số 166") - at(&lo[0], "CỘNG HÒA");
    assert!(close(ours, theirs, 2.0), "the footer {ours:.1} pt below the heading in the PDF, {theirs:.1} in LibreOffice");
    // The rule: full text width, on page 1.
    let (doc, _) = vanban::load(dir.path().join("dc.json").to_str().unwrap()).unwrap();
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let pages = pages(&engine.layout(&doc).unwrap());
    assert!(pages[0].rules.iter().any(|r| close(r.length, TEXT_W, 0.2) && r.y > 277.0 - 12.0), "{:?}", pages[0].rules);
}
