//! Parts, chapters and articles (`../shared/spec/nd30.md`, "Parts, chapters and articles"):
//! `Chương I` and its title centred and bold, `Điều 1. Title` bold and indented, khoản
//! `1.` and điểm `a)` upright, in the PDF's layout and in LibreOffice's rendering of the DOCX;
//! the plain-text conventions and the explicit blocks alike; `check` keeping the numbering.

use crate::common::*;
use vanban::render::inspect::pages;
use vanban::render::{fonts::FontSet, pdf::Engine};

const LEFT: f64 = 30.0;
const TEXT_W: f64 = 210.0 - 30.0 - 15.0;
const INDENT: f64 = 12.7;

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn a_quy_che_of_three_chapters_and_ten_articles_is_laid_out_as_the_decree_says() {
    let (doc, warnings) = vanban::load(sample("quyet-dinh-ban-hanh-quy-che").to_str().unwrap()).expect("sample loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    // The Quy chế attached, issued by the Quyết định.
    let qc = &doc.appendices[0];
    assert!(qc.label.is_none() && qc.title == ["QUY CHẾ"]);
    assert_eq!(qc.attached, "(Ban hành kèm theo Quyết định số 45/QĐ-THPTTQT ngày 05 tháng 9 năm 2026 của Trường THPT Trần Quốc Tuấn)");

    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let laid = pages(&engine.layout(&doc).unwrap());
    let all: Vec<_> = laid.iter().flat_map(|p| p.runs.iter()).collect();
    let run = |t: &str| *all.iter().find(|r| r.text.starts_with(t)).unwrap_or_else(|| panic!("`{t}` not laid out"));
    let centre = LEFT + TEXT_W / 2.0;
    for (label, title) in [("Chương I", "NHỮNG QUY ĐỊNH CHUNG"), ("Chương II", "TRÁCH NHIỆM, QUYỀN HẠN"), ("Chương III", "QUAN HỆ CÔNG TÁC")]
    {
        let (l, t) = (all.iter().find(|r| r.text == label).unwrap_or_else(|| panic!("{label}")), run(title));
        assert!(l.bold && t.bold && (13.0..=14.0).contains(&l.size), "{label}: {l:?}");
        assert!(close(l.x + l.width / 2.0, centre, 0.3), "{label} centred: {l:?}");
        assert!(close(t.x + t.width / 2.0, centre, 0.3) || t.width > TEXT_W - 1.0, "{title} centred: {t:?}");
        assert!(t.y > l.y && t.y - l.y < 8.0, "the title under its chapter");
    }
    // Every article, bold and indented, in order.
    let mut last_y = (0usize, 0.0);
    for n in 1..=10 {
        let (page, a) = laid
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.runs.iter().find(|r| r.text.starts_with(&format!("Điều {n}. "))).map(|r| (i, r)))
            .unwrap_or_else(|| panic!("Điều {n}"));
        assert!(a.bold && close(a.x, LEFT + INDENT, 0.05), "Điều {n}: {a:?}");
        assert!((page, a.y) > last_y, "Điều {n} after Điều {}", n - 1);
        last_y = (page, a.y);
    }
    // A titled article is bold whole; khoản and điểm upright, indented as paragraphs.
    let title = run("Điều 4. Trách nhiệm và quyền hạn của Hiệu trưởng");
    assert!(title.text.contains("Hiệu trưởng"), "the title in the bold run: {title:?}");
    for t in ["1. Quy chế này quy định", "1. Quản lý, điều hành", "a) Xây dựng", "đ) Tổ chức thực hiện"] {
        let r = run(t);
        assert!(!r.bold && !r.italic && close(r.x, LEFT + INDENT, 0.05), "`{t}`: {r:?}");
    }
    // The Quyết định's own articles keep their bold label and upright text.
    let q = run("Điều 1.");
    assert!(q.bold && q.text.trim() == "Điều 1.", "a Quyết định's `Điều 1.` label: {q:?}");

    // LibreOffice's rendering of the DOCX: the same places, relative to `QUY CHẾ`.
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(sample("quyet-dinh-ban-hanh-quy-che")).unwrap();
    let (pdf, docx) = render_json(dir.path(), "quy-che", &json);
    let lo = libreoffice_pdfs(std::slice::from_ref(&docx), &dir.path().join("lo"));
    let (ours, theirs) = (text_lines(&pdf), text_lines(&lo[0]));
    let find = |ls: &[Line], t: &str| {
        ls.iter().find(|l| l.text.starts_with(t)).map(|l| (l.page, l.y, l.x0, (l.x0 + l.x1) / 2.0)).unwrap_or_else(|| panic!("`{t}` not found"))
    };
    let (a0, b0) = (find(&ours, "QUY CHẾ"), find(&theirs, "QUY CHẾ"));
    for t in ["Chương I", "NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "1. Quy chế này", "Điều 3. Giải thích", "Chương II"] {
        let (a, b) = (find(&ours, t), find(&theirs, t));
        assert_eq!(a.0, b.0, "`{t}`: page");
        assert!(close(a.1 - a0.1, b.1 - b0.1, 3.0), "`{t}`: {:.1} pt under QUY CHẾ in the PDF, {:.1} in LibreOffice", a.1 - a0.1, b.1 - b0.1);
        assert!(close(a.2, b.2, 1.5), "`{t}`: left edge {:.1} / {:.1}", a.2, b.2);
    }
    for t in ["Chương I", "Chương III", "QUAN HỆ CÔNG TÁC VÀ TỔ CHỨC THỰC HIỆN"] {
        let (a, b) = (find(&ours, t), find(&theirs, t));
        assert!(close(a.3, b.3, 1.5) && close(a.3, centre * 72.0 / 25.4, 1.5), "`{t}` centred: {:.1} / {:.1}", a.3, b.3);
    }
    // The DOCX: the chapter's paragraph centred and bold, the article's indented 1.27 cm.
    let xml = docx_part(&docx, "word/document.xml");
    let para_of = |t: &str| {
        let at = xml.find(t).unwrap_or_else(|| panic!("`{t}` not in the DOCX"));
        let start = xml[..at].rfind("<w:p>").or_else(|| xml[..at].rfind("<w:p ")).unwrap();
        xml[start..at].to_string()
    };
    let ch = para_of(">Chương I<");
    assert!(ch.contains(r#"<w:jc w:val="center" />"#) && ch.contains("<w:b />") && ch.contains("<w:keepNext />"), "{ch}");
    let art = para_of(">Điều 1. Phạm vi điều chỉnh");
    assert!(art.contains(r#"w:firstLine="720""#) && art.contains("<w:b />"), "{art}");
    assert_valid_docx(dir.path());
}

/// A chapter is never left alone at the foot of a page: however much text comes before it,
/// its first article is on the same page.
#[test]
fn a_chapter_stays_with_its_first_article() {
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("quyet-dinh-ban-hanh-quy-che")).unwrap()).unwrap();
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let mut at_foot = 0;
    for k in 10..60 {
        let mut d = base.clone();
        let filler = "Nội dung này được viết thêm để đẩy chương sau xuống cuối trang in.\n".repeat(k);
        d["phu_luc"][0]["noi_dung"] =
            serde_json::json!([format!("{filler}Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định về lề lối làm việc./.")]);
        let doc: vanban::model::Document = serde_json::from_value(d).unwrap();
        let (c, diags) = vanban::analyse_doc(&doc, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let c = c.unwrap_or_else(|| panic!("{diags:?}"));
        let laid = pages(&engine.layout(&c).unwrap());
        let page_of = |t: &str| laid.iter().position(|p| p.runs.iter().any(|r| r.text.starts_with(t))).unwrap_or_else(|| panic!("`{t}`"));
        let (ch, art) = (page_of("Chương I"), page_of("Điều 1. Phạm vi"));
        assert_eq!(ch, art, "{k} lines before: Chương I on page {}, its first article on page {}", ch + 1, art + 1);
        // Count the cases where the chapter starts a page: the rule was tested there.
        let page = &laid[ch];
        if page
            .runs
            .iter()
            .filter(|r| r.y < page.runs.iter().find(|r| r.text == "Chương I").unwrap().y)
            .all(|r| r.text.trim().chars().all(|c| c.is_ascii_digit()))
        {
            at_foot += 1;
        }
    }
    assert!(at_foot > 0, "no case put the chapter at a page's foot");
}

#[test]
fn the_explicit_blocks_print_as_the_plain_text_conventions() {
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("quyet-dinh-ban-hanh-quy-che")).unwrap()).unwrap();
    let plain = "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định về lề lối làm việc.\na) Điểm thứ nhất;\nb) Điểm thứ hai.\nMục 1\nQUY ĐỊNH RIÊNG\nĐiều 2. Đối tượng áp dụng\nCán bộ, giáo viên, nhân viên./.";
    let explicit = serde_json::json!([
        {"chuong": {"so": "I", "ten": "Những quy định chung"}},
        {"dieu": {"so": 1, "ten": "Phạm vi điều chỉnh"}},
        "1. Quy chế này quy định về lề lối làm việc.\na) Điểm thứ nhất;\nb) Điểm thứ hai.",
        {"muc_chuong": {"so": "1", "ten": "QUY ĐỊNH RIÊNG"}},
        {"dieu": {"so": 2, "ten": "Đối tượng áp dụng"}},
        "Cán bộ, giáo viên, nhân viên./."
    ]);
    let compose = |body: serde_json::Value| {
        let mut d = base.clone();
        d["phu_luc"][0]["noi_dung"] = body;
        let doc: vanban::model::Document = serde_json::from_value(d).unwrap();
        let (c, diags) = vanban::analyse_doc(&doc, chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert!(!diags.iter().any(|d| d.code == "legal-order"), "{diags:?}");
        serde_json::to_value(&c.expect("composes").appendices[0].body).unwrap()
    };
    assert_eq!(compose(serde_json::json!([plain])), compose(explicit));
}

#[test]
fn check_keeps_the_numbering_of_chapters_articles_clauses_and_points() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("quyet-dinh-ban-hanh-quy-che")).unwrap();
    let check = |name: &str, from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        let f = dir.path().join(format!("{name}.json"));
        std::fs::write(&f, text.replacen(from, to, 1)).unwrap();
        let o = vanban(&["check", f.to_str().unwrap()]);
        (o.status.code(), stderr(&o))
    };
    // The sample: no numbering warning.
    let o = vanban(&["check", sample("quyet-dinh-ban-hanh-quy-che").to_str().unwrap()]);
    assert!(o.status.success() && !stderr(&o).contains("legal-order"), "{}", stderr(&o));
    // A skipped article number (Điều 6 follows Điều 4): flagged where it is, with the number expected.
    let (code, err) = check("skipped", "Điều 5. Trách nhiệm", "Điều 6. Trách nhiệm");
    assert_eq!(code, Some(0), "a warning: {err}");
    assert!(
        err.contains("warning[legal-order]")
            && err.contains("`phu_luc[0].noi_dung[0]`")
            && err.contains("`Điều 6. Trách nhiệm")
            && err.contains("skips an article number: expected Điều 5. here"),
        "{err}"
    );
    // The next article then repeats 6: flagged too.
    assert!(err.contains("`Điều 6. Trách nhiệm của tổ trưởng") && err.contains("repeats an article number"), "{err}");
    // A point out of the letters' order (c after a), a chapter skipped, a clause skipped.
    let (_, err) = check("point", "b) Quản lý giáo viên", "c) Quản lý giáo viên");
    assert!(err.contains("điểm `c) Quản lý giáo viên") && err.contains("expected b) here"), "{err}");
    let (_, err) = check("point-d", "đ) Tổ chức thực hiện", "e) Tổ chức thực hiện");
    assert!(err.contains("expected đ) here"), "đ comes after d: {err}");
    let (_, err) = check("chapter", "Chương III", "Chương IV");
    assert!(err.contains("`Chương IV` skips a number: expected Chương III here"), "{err}");
    let (_, err) = check("clause", "2. Chịu trách nhiệm trước Sở", "3. Chịu trách nhiệm trước Sở");
    assert!(err.contains("khoản `3. Chịu trách nhiệm trước Sở") && err.contains("of Điều 4 is out of order: expected 2. here"), "{err}");
    // Khoản restart in each article: not headings, so no heading warning either.
    assert!(!err.contains("heading-order"), "{err}");
}

#[test]
fn the_quy_che_starter_renders() {
    let o = vanban(&["new", "quy-che"]);
    assert!(o.status.success());
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = render_json(dir.path(), "starter", &String::from_utf8(o.stdout).unwrap());
    let text = pdftotext(&pdf);
    for t in ["QUYẾT ĐỊNH", "QUY CHẾ", "Ban hành kèm theo Quyết định số", "/QĐ-SGDĐT", "Chương I", "Điều 3. Trách nhiệm thi hành"] {
        assert!(text.contains(t), "`{t}` in the starter:\n{text}");
    }
    // A starter carries no number: the register gives it (issue 26).
    assert!(!text.contains("số 50/"), "{text}");
}
