//! Real-world input and parity of the two back ends (issue #13): text pasted from Word
//! (control, bidi and invisible characters), characters the font lacks, long words, symbols
//! at the end of a line, narrow table columns, long letterhead lines and place names, the
//! signature block at the foot of a page, wrapped headings, appendix details. Each case is
//! rendered by vanban (PDF, DOCX) and the DOCX by LibreOffice, and both are read back; each
//! DOCX is validated by `openxml-audit`.

use crate::common::*;
use std::path::{Path, PathBuf};

/// The right margin of an A4 portrait page, pt (15 mm from the right edge).
const RIGHT_EDGE: f64 = 595.28 - 15.0 * 72.0 / 25.4;
/// The left margin, pt (30 mm).
const LEFT_EDGE: f64 = 30.0 * 72.0 / 25.4;
/// Text width, pt.
const TEXT_W: f64 = RIGHT_EDGE - LEFT_EDGE;

fn check(dir: &Path, name: &str, json: &str) -> (i32, String) {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, json).unwrap();
    let o = vanban(&["check", input.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

/// Line and column (1-based, characters) of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the input"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{col}")
}

/// Renders each (name, json) to PDF and DOCX in `dir`, and the DOCX files through
/// LibreOffice: (vanban's PDF, LibreOffice's PDF) per document.
fn both(dir: &Path, docs: &[(String, String)]) -> Vec<(PathBuf, PathBuf)> {
    let mut pdfs = Vec::new();
    let mut docx = Vec::new();
    for (name, json) in docs {
        let (p, d) = render_json(dir, name, json);
        pdfs.push(p);
        docx.push(d);
    }
    let lo = libreoffice_pdfs(&docx, &dir.join("lo"));
    // And each DOCX is valid OOXML.
    assert_valid_docx(dir);
    pdfs.into_iter().zip(lo).collect()
}

/// The texts of the lines from the one starting with `first` to the one ending with `last`.
fn between(lines: &[Line], first: &str, last: &str) -> Vec<String> {
    let start = lines.iter().position(|l| l.text.starts_with(first)).unwrap_or_else(|| panic!("no line starts with `{first}`"));
    let end = lines[start..].iter().position(|l| l.text.ends_with(last)).unwrap_or_else(|| panic!("no line ends with `{last}`")) + start;
    lines[start..=end].iter().map(|l| l.text.clone()).collect()
}

fn page_texts(pdf: &Path) -> Vec<String> {
    pdftotext(pdf).split('\u{c}').map(vanban::vn::normalize).collect()
}

#[test]
fn word_line_and_page_breaks_become_breaks_and_the_docx_stays_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(r#"["Dòng một của đoạn\u000bdòng hai của cùng đoạn.", "Trang một\u000ctrang hai, rồi \u0007chuông và \u001b[31m thoát./."]"#, "");
    let (code, err) = check(dir.path(), "ctl", &json);
    assert_eq!(code, 0, "{err}");
    // Each replaced or removed character is reported where it is, and printed as U+XXXX.
    // (serde_json writes the page break as `\f`.)
    assert!(err.contains(&format!("ctl.json:{}: `noi_dung[1]`: a page or paragraph break (U+000C (page break))", position(&json, "\\f"))), "{err}");
    assert!(err.contains("warning[control-char]") && err.contains("U+0007") && err.contains("U+001B"), "{err}");
    assert!(!err.contains('\u{7}') && !err.contains('\u{1b}'), "raw control bytes echoed: {err:?}");
    assert!(!err.contains("U+000B"), "a Word line break is not a problem: {err}");

    let out = both(dir.path(), &[("ctl".into(), json)]);
    let docx = std::fs::read(dir.path().join("ctl.docx")).unwrap();
    assert_eq!(docx_xml_problem(&docx), None);
    let body = docx_part(&dir.path().join("ctl.docx"), "word/document.xml");
    assert!(body.contains(r#"<w:br w:type="textWrapping" />"#), "the line break is a <w:br/>");
    assert!(!body.contains('\u{b}') && !body.contains('\u{c}') && !body.contains('\u{7}'));
    for (pdf, name) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let lines: Vec<String> = text_lines(pdf).into_iter().map(|l| l.text).collect();
        // The line break: a new line in the same paragraph, the line before it not justified.
        let i = lines.iter().position(|l| l == "Dòng một của đoạn").unwrap_or_else(|| panic!("{name}: {lines:#?}"));
        assert_eq!(lines[i + 1], "dòng hai của cùng đoạn.", "{name}");
        // The page break ends the line; the other controls are gone.
        assert!(lines.contains(&"Trang một".to_string()) && lines.iter().any(|l| l.starts_with("trang hai, rồi chuông và [31m thoát")), "{name}: {lines:#?}");
    }
}

#[test]
fn bidi_and_invisible_characters_are_removed_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(r#"["Nội dung\u200b có ký tự ẩn\ufeff./."]"#, r#""ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "\u202eNguyễn Văn An\u202c"}"#);
    let (code, err) = check(dir.path(), "bidi", &json);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "bidi.json:{}: `ky.ho_ten`: bidirectional control(s) U+202E (right-to-left override), U+202C removed",
            position(&json, "\u{202e}")
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("bidi.json:{}: `noi_dung[0]`: invisible character(s) U+200B (zero width space), U+FEFF", position(&json, "\u{200b}"))),
        "{err}"
    );
    let (pdf, docx) = render_json(dir.path(), "bidi", &json);
    let text = pdftotext(&pdf);
    assert!(text.contains("Nguyễn Văn An") && text.contains("Nội dung có ký tự ẩn./."), "{text}");
    let xml = docx_part(&docx, "word/document.xml");
    assert!(xml.contains(">Nguyễn Văn An<") && !xml.contains('\u{202e}') && !xml.contains('\u{200b}'));
}

#[test]
fn check_finds_characters_the_font_lacks_where_render_would_fail() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(r#"["Mở đầu.", "Trường 中学 kết nghĩa 😀 \u001b./."]"#, "");
    let (code, err) = check(dir.path(), "glyph", &json);
    assert_eq!(code, 1, "{err}");
    // A message quoting the user's text prints its controls as code points too.
    let (_, kind_err) = check(dir.path(), "kind", &ke_hoach(r#"["./."]"#, r#""loai": "ke\u001b[2Jhoach\u202e""#));
    assert!(kind_err.contains("unknown kind `keU+001B[2JhoachU+202E`") && !kind_err.contains('\u{1b}') && !kind_err.contains('\u{202e}'), "{kind_err:?}");
    let at = position(&json, "中");
    assert!(
        err.contains(&format!(
            "error[missing-glyph]: {}:{at}: `noi_dung[1]`: the font has no glyph for U+4E2D `中`, U+5B66 `学`, U+1F600 `😀`",
            dir.path().join("glyph.json").display()
        )),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // render stops at the same place, before writing anything.
    let out = dir.path().join("glyph.pdf");
    let o = vanban(&["render", dir.path().join("glyph.json").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("glyph.json:{at}: `noi_dung[1]`")), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn every_type_error_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(
        r#"["Mở đầu.", 12, {"muc": {"cap": "hai", "text": "1. Mục"}}, {"bang": {"cot": [1], "dong": [[{"text": "a", "gop_cot": "x"}]]}}, "Kết thúc./."]"#,
        r#""so": "mười lăm", "trich_yue": "typo", "ky": {"chuc_vu": 5, "ho_ten": "A"}"#,
    );
    let (code, err) = check(dir.path(), "types", &json);
    assert_eq!(code, 1);
    for (path, what) in [
        ("so", "invalid type: string \"mười lăm\""),
        ("trich_yue", "unknown field `trich_yue`"),
        ("ky.chuc_vu", "invalid type: integer `5`"),
        ("noi_dung[1]", "invalid type: integer `12`"),
        ("noi_dung[2].muc.cap", "invalid type: string \"hai\""),
        ("noi_dung[3].bang.dong[0][0].gop_cot", "invalid type: string \"x\""),
    ] {
        assert!(err.contains(&format!("`{path}`: {what}")), "`{path}` missing:\n{err}");
    }
    assert!(err.contains("6 error(s)"), "{err}");
    // Each with its line and column.
    assert!(err.contains(&format!("types.json:{}: `trich_yue`", position(&json, "\"typo\""))), "{err}");
}

#[test]
fn the_closing_paragraph_stays_with_the_signature_block() {
    let dir = tempfile::tempdir().unwrap();
    // The body grows a line at a time, so that in some variant the signature block would
    // fall just past the foot of the first page.
    let docs: Vec<(String, String)> = (14..30)
        .map(|n| {
            let mut body: Vec<String> = (1..=n).map(|k| format!("\"Nội dung thứ {k} của kế hoạch được triển khai.\"")).collect();
            body.push("\"Trên đây là Kế hoạch triển khai của Sở Giáo dục và Đào tạo, đề nghị các đơn vị nghiêm túc thực hiện./.\"".into());
            (format!("sig{n}"), ke_hoach(&format!("[{}]", body.join(",")), ""))
        })
        .collect();
    let mut two_pages = 0;
    for (pdf, lo) in both(dir.path(), &docs) {
        for (p, who) in [(&pdf, "vanban"), (&lo, "LibreOffice")] {
            let pages = page_texts(p);
            let sig = pages.iter().position(|t| t.contains("Nơi nhận:")).unwrap();
            assert!(pages[sig].contains("Trên đây là Kế hoạch"), "{}, {who}: the signature's page lacks the closing paragraph:\n{}", p.display(), pages[sig]);
            if sig > 0 {
                two_pages += 1;
            }
        }
    }
    assert!(two_pages >= 4, "no variant put the signature on the second page");
}

#[test]
fn long_words_break_inside_their_box_alike_in_both_back_ends() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://www.moet.gov.vn/van-ban/Pages/chi-tiet-van-ban.aspx?ItemID=1234567890abcdef&lang=vi-VN-ban-chinh-thuc-khong-rut-gon";
    let json = ke_hoach(
        &format!(
            r#"["Tài liệu đăng tại {url} và tệp BaoCaoTongHopKetQuaThucHienChuyenDoiSoNamHoc2025-2026-BanChinhThuc.xlsx./.",
               {{"bang": {{"cot": [1, 5], "dau": [["Mã", "Nội dung"]], "dong": [["SBD2026000123456789", "Một"], ["15/11/2026", "Hai"]]}}}}]"#
        ),
        "",
    );
    let out = both(dir.path(), &[("long".into(), json)]);
    let col = LEFT_EDGE + TEXT_W / 6.0;
    let mut texts = Vec::new();
    for (pdf, who) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let lines = text_lines(pdf);
        for l in &lines {
            assert!(l.x0 >= LEFT_EDGE - 1.0 && l.x1 <= RIGHT_EDGE + 1.0, "{who}: `{}` leaves the text block ({:.1}–{:.1})", l.text, l.x0, l.x1);
            for (w, x0, x1) in &l.words {
                if w.starts_with("SBD") || w.chars().all(|c| c.is_ascii_digit()) && w.len() > 4 {
                    assert!(*x0 >= LEFT_EDGE && *x1 <= col, "{who}: `{w}` crosses its cell ({x0:.1}–{x1:.1}, cell ends at {col:.1})");
                }
            }
        }
        texts.push(between(&lines, "Tài liệu", ".xlsx./."));
    }
    assert_eq!(texts[0], texts[1], "the two back ends break the lines differently");
    assert!(!pdftotext(&out[0].0).contains('\u{200b}'), "the PDF's text holds the break opportunities");
    assert!(pdftotext(&out[0].0).replace('\n', "").contains(url), "the URL is not whole in the PDF's text");
}

#[test]
fn symbols_dates_and_urls_are_never_split() {
    let dir = tempfile::tempdir().unwrap();
    // The symbol slides along the line, a word at a time, so that in some paragraph it falls
    // at the end of a line.
    let body: Vec<String> = (0..14)
        .map(|k| {
            format!("\"{}Căn cứ Nghị định số 98/2023/NĐ-CP và Kế hoạch số 106/KH-TCKTNVCB ngày 15/11/2026 đăng tại moet.gov.vn/van-ban.\"", "một ".repeat(k))
        })
        .chain(["\"Kết thúc./.\"".to_string()])
        .collect();
    let out = both(dir.path(), &[("sym".into(), ke_hoach(&format!("[{}]", body.join(",")), ""))]);
    let mut texts = Vec::new();
    for (pdf, who) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let lines: Vec<String> = text_lines(pdf).into_iter().map(|l| l.text).collect();
        let all = lines.join("\n");
        for s in ["98/2023/NĐ-CP", "106/KH-TCKTNVCB", "15/11/2026", "moet.gov.vn/van-ban"] {
            assert_eq!(all.matches(s).count(), 14, "{who}: `{s}` is split somewhere:\n{all}");
        }
        // Some symbol did reach the end of a line: it was moved whole to the next.
        assert!(lines.iter().any(|l| l.starts_with("98/2023/NĐ-CP") || l.starts_with("106/KH-TCKTNVCB")), "{who}: no symbol at a line end:\n{all}");
        texts.push(lines);
    }
    let body = |ls: &[String]| -> Vec<String> {
        let start = ls.iter().position(|l| l.starts_with("Căn cứ")).unwrap();
        let end = ls.iter().position(|l| l == "Kết thúc./.").unwrap();
        ls[start..end].to_vec()
    };
    assert_eq!(body(&texts[0]), body(&texts[1]), "the two back ends break the lines differently");
}

#[test]
fn narrow_columns_have_the_same_room_in_both_back_ends() {
    let dir = tempfile::tempdir().unwrap();
    // 10.6 mm: `STT` (8.7 mm in bold 13 pt) does not fit between the table's 4 pt paddings;
    // with less padding in that cell it does, the same in both back ends.
    let stt = 10.6 / 165.0;
    let json = ke_hoach(
        &format!(r#"[{{"bang": {{"cot": [{stt}, {}], "dau": [["STT", "Nội dung"]], "dong": [["1", "Một"], ["2", "Hai"]]}}}}, "Kết thúc./."]"#, 1.0 - stt),
        "",
    );
    let out = both(dir.path(), &[("stt".into(), json)]);
    let xml = docx_part(&dir.path().join("stt.docx"), "word/document.xml");
    // Top and bottom: the profile's 3 pt less a quarter point each, the half-point border a
    // word processor adds to every row's height (see src/render/docx.rs `table`).
    assert!(xml.contains(r#"<w:tblCellMar><w:top w:w="55" w:type="dxa" /><w:left w:w="80" w:type="dxa" /><w:bottom w:w="55" w:type="dxa" /><w:right w:w="80" w:type="dxa" /></w:tblCellMar>"#), "cell margins from the profile");
    let stt_at = xml.find(">STT<").unwrap();
    let cell = &xml[xml[..stt_at].rfind("<w:tc>").unwrap()..stt_at];
    assert!(
        cell.contains(r#"<w:tcMar><w:left w:w="50" w:type="dxa" /><w:right w:w="50" w:type="dxa" /></w:tcMar>"#),
        "the STT cell's own padding (2.5 pt): {cell}"
    );
    let mut rows = Vec::new();
    for (pdf, who) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let lines = text_lines(pdf);
        assert!(lines.iter().any(|l| l.words.iter().any(|w| w.0 == "STT")), "{who}: `STT` is split");
        rows.push(lines.iter().find(|l| l.words[0].0 == "2").map(|l| l.y).unwrap());
    }
    assert!((rows[0] - rows[1]).abs() < 2.0, "the rows do not line up: {rows:?}");
}

#[test]
fn long_letterhead_lines_and_place_names() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(
        r#"["Nội dung./."]"#,
        r#""co_quan": {"chu_quan": ["ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"], "ten": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH"], "viet_tat": "SGDĐT"}, "dia_danh": "Thành phố Hồ Chí Minh", "ngay": "2026-11-28""#,
    );
    let (code, err) = check(dir.path(), "hcm", &json);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning[letterhead-line]")
            && err.contains("`co_quan.ten[0]`")
            && err.contains(r#"hint: write it as 2 entries: "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH""#),
        "{err}"
    );
    let out = both(dir.path(), &[("hcm".into(), json)]);
    for (pdf, who) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let lines = text_lines(pdf);
        // The date line on one line, as the decree prints it.
        assert!(lines.iter().any(|l| l.text == "Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2026"), "{who}: {lines:#?}");
        // Balanced: no word alone on a line; the two columns keep apart.
        let qh = lines.iter().find(|l| l.text.starts_with("CỘNG HÒA")).unwrap();
        for l in lines.iter().filter(|l| l.page == 1 && l.y < 120.0 && l.x1 < 300.0) {
            assert!(l.words.len() >= 2, "{who}: `{}` alone on its line", l.text);
            if (l.y - qh.y).abs() < 3.0 {
                assert!(qh.x0 - l.x1 >= 2.0 * 72.0 / 25.4 - 0.5, "{who}: `{}` runs into the Quốc hiệu ({:.1} → {:.1})", l.text, l.x1, qh.x0);
            }
        }
    }
}

#[test]
fn wrapped_headings_are_flush_with_the_right_margin() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(
        r#"["I. MỤC ĐÍCH, YÊU CẦU VÀ NHỮNG NỘI DUNG TRỌNG TÂM CẦN TRIỂN KHAI TRONG NĂM HỌC 2026 - 2027 ĐỐI VỚI CÁC CƠ SỞ GIÁO DỤC", "Nội dung./."]"#,
        "",
    );
    let out = both(dir.path(), &[("head".into(), json)]);
    for (pdf, who) in [(&out[0].0, "vanban"), (&out[0].1, "LibreOffice")] {
        let first = text_lines(pdf).into_iter().find(|l| l.text.starts_with("I. MỤC ĐÍCH")).unwrap();
        assert!((first.x1 - RIGHT_EDGE).abs() < 1.0, "{who}: the heading's first line ends at {:.1}, the margin is at {RIGHT_EDGE:.1}", first.x1);
    }
}

#[test]
fn a_cong_van_needs_its_drafting_unit() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(
        r#"["Nội dung./."]"#,
        r#""loai": "cong-van", "trich_yeu": "V/v triển khai", "kinh_gui": ["Các trường THPT."], "co_quan": {"ten": ["TRƯỜNG THPT CHUYÊN LÊ KHIẾT"], "viet_tat": "THPTCLK"}"#,
    );
    let (code, err) = check(dir.path(), "cv", &json);
    assert_eq!(code, 0);
    assert!(err.contains("warning[cong-van-unit]") && err.contains("`don_vi_soan_thao`: the công văn's symbol `THPTCLK` has no drafting unit"), "{err}");
    let with_unit = json.replacen("\"loai\"", "\"don_vi_soan_thao\": \"VP\", \"loai\"", 1);
    let (_, err) = check(dir.path(), "cv2", &with_unit);
    assert!(!err.contains("cong-van-unit"), "{err}");
}

#[test]
fn appendix_attached_line_label_and_column_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let json = ke_hoach(
        r#"["Nội dung./."]"#,
        r#""phu_luc": [
            {"so": "I", "ten": "DANH MỤC", "noi_dung": [{"bang": {"cot": [1, 4, 2], "can": ["giua", "trai", "phai"], "dau": [["STT", "Tên", "Số tiền"]], "dong": [["1", "Một", "1.500.000"], ["2", "Hai", {"text": "20.000", "can": "giua"}]]}}]},
            {"nhan": false, "ten": "DANH SÁCH KHÔNG NHÃN", "noi_dung": ["Nội dung."]}
        ]"#,
    );
    let (pdf, docx) = render_json(dir.path(), "pl", &json);
    let text = vanban::vn::normalize(&pdftotext(&pdf)).replace('\n', " ");
    assert!(text.contains("(Kèm theo Kế hoạch số 15/KH-SGDĐT ngày 05 tháng 01 năm 2026 của Sở Giáo dục và Đào tạo)"), "{text}");
    assert_eq!(text.matches("Phụ lục").count(), 1, "the second appendix has no label:\n{text}");
    let lines = text_lines(&pdf);
    // Column 1 centred, column 3 right-aligned, the cell's own alignment over its column's.
    let cell = |w: &str| lines.iter().filter(|l| l.page >= 2).flat_map(|l| l.words.clone()).find(|x| x.0 == w).unwrap();
    let total = 7.0;
    let (c1_mid, c3_right) = (LEFT_EDGE + TEXT_W * 0.5 / total, RIGHT_EDGE - 4.0);
    let one = cell("1");
    assert!(((one.1 + one.2) / 2.0 - c1_mid).abs() < 1.0, "`1` is not centred: {one:?}, column centre {c1_mid:.1}");
    let amount = cell("1.500.000");
    assert!((amount.2 - c3_right).abs() < 1.0, "`1.500.000` is not right-aligned: {amount:?}");
    let small = cell("20.000");
    assert!(((small.1 + small.2) / 2.0 - (LEFT_EDGE + TEXT_W * 6.0 / total)).abs() < 1.0, "the cell's own alignment: {small:?}");
    let xml = docx_part(&docx, "word/document.xml");
    assert!(!xml.contains(">Phụ lục<") && xml.matches(">Phụ lục I<").count() == 1);
    let amount_at = xml.find(">1.500.000<").unwrap();
    let para = &xml[xml[..amount_at].rfind("<w:p ").unwrap()..amount_at];
    assert!(para.contains(r#"<w:jc w:val="right" />"#), "{para}");
    // The rule under the attached line: 2 pt below it, nothing more (as in the PDF).
    let kem = xml.find("(Kèm theo Kế hoạch").unwrap();
    let rest = &xml[kem..];
    let rule = rest.get(..rest.find("</w:p><w:p ").unwrap() + 400).unwrap_or(rest);
    assert!(rule.contains(r#"<w:spacing w:before="0" w:after="0" w:line="40" w:lineRule="exact" />"#) && rule.contains("<w:pBdr><w:bottom"), "{rule}");
}
