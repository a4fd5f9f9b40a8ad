//! The forms of Phụ lục III that need more than one signer or their own wording (issue 27):
//! a Biên bản's two signatures on one line (`THƯ KÝ` left, `CHỦ TỌA` right) and a joint
//! document's, in vanban's PDF and in LibreOffice's rendering of the DOCX, the same page
//! count in both; a Nghị quyết's `QUYẾT NGHỊ:` centred and bold; a Công điện's sender line;
//! the fixed wording of the Giấy giới thiệu and Giấy nghỉ phép; `check`'s rules on who signs;
//! citations of legal texts that have ceased to have effect.

use crate::common::*;
use std::path::Path;

const PT: f64 = 72.0 / 25.4;
const LEFT: f64 = 30.0 * PT;
const TEXT_W: f64 = (210.0 - 30.0 - 15.0) * PT;

/// The line holding `word` as a word of its own, first found.
fn line_of<'a>(lines: &'a [Line], word: &str) -> &'a Line {
    lines.iter().find(|l| l.words.iter().any(|w| w.0 == word)).unwrap_or_else(|| panic!("`{word}` not found"))
}

/// The page, left edge and top of `word` (the last of that word, alone: the signature is
/// the end of the main text).
fn word_at(lines: &[Line], word: &str) -> (usize, f64, f64) {
    let l = lines.iter().rev().find(|l| l.words.iter().any(|w| w.0 == word)).unwrap_or_else(|| panic!("`{word}` not found"));
    let w = l.words.iter().find(|w| w.0 == word).unwrap();
    (l.page, w.1, l.y)
}

/// Two signatures on one line: the left title in the left half, the right in the right
/// half, on the same line; the two names on one line under them, each under its title.
fn two_signatures(lines: &[Line], left: (&str, &str), right: (&str, &str), who: &str) {
    let (lp, lx, ly) = word_at(lines, left.0);
    let (rp, rx, ry) = word_at(lines, right.0);
    assert_eq!(lp, rp, "{who}: the two titles on one page");
    assert!((ly - ry).abs() < 1.0, "{who}: `{}` at y {ly:.1}, `{}` at y {ry:.1}: not on one line", left.0, right.0);
    assert!(lx < LEFT + TEXT_W / 2.0 && rx > LEFT + TEXT_W / 2.0, "{who}: `{}` at x {lx:.0} (left half), `{}` at x {rx:.0} (right half)", left.0, right.0);
    // The names: the last time each is printed (the body may name them too), first words.
    let name = |n: &str| -> (f64, f64) {
        let first = n.split(' ').next().unwrap();
        lines
            .iter()
            .rev()
            .find(|l| l.text.contains(n))
            .and_then(|l| l.words.iter().rev().find(|w| w.0 == first).map(|w| (w.1, l.y)))
            .unwrap_or_else(|| panic!("{who}: name `{n}` not found"))
    };
    let (a, b) = (name(left.1), name(right.1));
    assert!((a.1 - b.1).abs() < 1.0 && a.1 > ly + 20.0 * PT, "{who}: names at y {:.1} and {:.1}, titles at {ly:.1}", a.1, b.1);
    assert!(a.0 < LEFT + TEXT_W / 2.0 && b.0 > LEFT + TEXT_W / 2.0, "{who}: names at x {:.0} and {:.0}", a.0, b.0);
}

fn pages(pdf: &Path) -> usize {
    pdfinfo(pdf).lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

#[test]
fn a_bien_ban_and_a_joint_document_sign_side_by_side_in_the_pdf_and_the_docx() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("bien-ban-hop-hoi-dong-truong", ("THƯ", "Trần Thị Bích"), ("CHỦ", "Nguyễn Văn An")),
        ("ke-hoach-lien-tich-y-te-truong-hoc", ("KT.", "Lê Thị Hồng"), ("KT.", "Phạm Văn Minh")),
    ];
    let mut docx = Vec::new();
    for (name, _, _) in &cases {
        let text = std::fs::read_to_string(sample(name)).unwrap();
        let (_, d) = render_json(dir.path(), name, &text);
        docx.push(d);
    }
    let lo = libreoffice_pdfs(&docx, &dir.path().join("lo"));
    for ((name, left, right), lo_pdf) in cases.iter().zip(&lo) {
        let pdf = dir.path().join(format!("{name}.pdf"));
        for (who, file) in [("vanban", &pdf), ("LibreOffice", lo_pdf)] {
            let lines = text_lines(file);
            if left.0 == right.0 {
                // A joint document: the two `KT.` lines, one in each half, on one line.
                let kt: Vec<(usize, f64, f64)> = lines.iter().flat_map(|l| l.words.iter().filter(|w| w.0 == left.0).map(move |w| (l.page, w.1, l.y))).collect();
                assert_eq!(kt.len(), 2, "{name} ({who}): {kt:?}");
                assert!((kt[0].2 - kt[1].2).abs() < 1.0 && kt[0].0 == kt[1].0, "{name} ({who}): {kt:?}");
                assert!(kt[0].1.min(kt[1].1) < LEFT + TEXT_W / 2.0 && kt[0].1.max(kt[1].1) > LEFT + TEXT_W / 2.0, "{name} ({who}): {kt:?}");
                let y = |n: &str| lines.iter().rev().find(|l| l.text.contains(n)).unwrap_or_else(|| panic!("{name} ({who}): `{n}`")).y;
                assert!((y(left.1) - y(right.1)).abs() < 1.0, "{name} ({who}): the names on one line");
                // The leading agency (co_quan) on the right: its head's title there.
                let gd = lines.iter().find(|l| l.text.contains("SỞ GDĐT")).unwrap();
                assert!(gd.x0 > LEFT + TEXT_W / 2.0 - 5.0, "{name} ({who}): the leading agency's head on the right: {gd:?}");
            } else {
                two_signatures(&lines, *left, *right, &format!("{name} ({who})"));
            }
            // Nơi nhận under the signatures.
            let nn = line_of(&lines, "Nơi");
            let names_y = lines.iter().rev().find(|l| l.text.contains(right.1)).unwrap().y;
            assert!(nn.y > names_y && nn.x0 < LEFT + 5.0, "{name} ({who}): Nơi nhận under the signatures, on the left: {nn:?}");
        }
        assert_eq!(pages(&pdf), pages(lo_pdf), "{name}: the same page count");
    }
}

#[test]
fn the_joint_letterhead_names_both_agencies_and_the_symbol_both() {
    let (_d, pdf) = render_pdf(&sample("ke-hoach-lien-tich-y-te-truong-hoc"));
    let text = pdftotext(&pdf);
    assert!(text.contains("SỞ GIÁO DỤC VÀ ĐÀO TẠO -") && text.contains("SỞ Y TẾ"), "{text}");
    assert!(text.contains("Số: 07/KHLT-SGDĐT-SYT"), "{text}");
    let lines = text_lines(&pdf);
    let (a, b) = (line_of(&lines, "GIÁO"), lines.iter().find(|l| l.text == "SỞ Y TẾ").expect("SỞ Y TẾ on its own line"));
    assert!(b.y > a.y && b.x1 < LEFT + TEXT_W * 0.5, "the second agency under the first, in the left column");
}

#[test]
fn a_nghi_quyet_has_its_quyet_nghi_line_centred_and_bold() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(sample("nghi-quyet-hoi-dong-truong")).unwrap();
    let (pdf, docx) = render_json(dir.path(), "nq", &text);
    let lines = text_lines(&pdf);
    let l = lines.iter().find(|l| l.text == "QUYẾT NGHỊ:").expect("`QUYẾT NGHỊ:` on a line of its own");
    let centre = (l.x0 + l.x1) / 2.0;
    assert!((centre - (LEFT + TEXT_W / 2.0)).abs() < 2.0, "centred: {l:?}");
    // Bold and centred in the laid-out page (Typst's own frames), and in the DOCX.
    let (doc, _) = vanban::load(sample("nghi-quyet-hoi-dong-truong").to_str().unwrap()).expect("the sample loads");
    let engine = vanban::render::pdf::Engine::new(vanban::render::fonts::FontSet::load(&[] as &[&str]).unwrap());
    let laid = vanban::render::inspect::pages(&engine.layout(&doc).unwrap());
    let run = laid[0].find("QUYẾT NGHỊ:").expect("on the first page");
    assert!(run.bold && !run.italic, "bold: {run:?}");
    let centre_mm = run.x + run.width / 2.0;
    assert!((centre_mm - (30.0 + 165.0 / 2.0)).abs() < 0.5, "centred: {run:?}");
    let xml = docx_part(&docx, "word/document.xml");
    let at = xml.find(">QUYẾT NGHỊ:<").expect("in the DOCX");
    let run = &xml[xml[..at].rfind("<w:r>").unwrap()..at];
    assert!(run.contains("<w:b />"), "bold in the DOCX: {run}");
    let para = &xml[xml[..at].rfind("<w:pPr>").unwrap()..at];
    assert!(para.contains(r#"<w:jc w:val="center" />"#), "centred in the DOCX: {para}");
    assert!(!pdftotext(&pdf).contains("QUYẾT ĐỊNH:"));
}

#[test]
fn the_forms_print_their_fixed_wording() {
    let text = |name: &str| pdftotext(&render_pdf(&sample(name)).1).replace('\n', " ");
    let cd = text("cong-dien-phong-chong-bao");
    assert!(cd.contains("CÔNG ĐIỆN") && cd.contains("GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO điện:"), "{cd}");
    assert!(!cd.contains("Kính gửi"), "a Công điện lists its recipients after the sender's line: {cd}");
    assert!(cd.find("điện:").unwrap() < cd.find("- Trưởng phòng Văn hóa").unwrap());
    let gt = text("giay-gioi-thieu-kho-bac");
    for want in [
        "GIẤY GIỚI THIỆU",
        "Trường THPT Trần Quốc Tuấn trân trọng giới thiệu:",
        "Ông (bà): Võ Thị Lan",
        "Được cử đến:",
        "Đề nghị Quý cơ quan tạo điều kiện",
        "Giấy này có giá trị đến hết ngày 31 tháng 3 năm 2026./.",
    ] {
        assert!(gt.contains(want), "`{want}` in {gt}");
    }
    let np = text("giay-nghi-phep-giao-vien");
    for want in [
        "GIẤY NGHỈ PHÉP",
        "Xét Đơn đề nghị nghỉ phép ngày 05 tháng 01 năm 2026 của ông (bà) Trần Thị Bích,",
        "cấp cho:",
        "Nghỉ phép năm 2026 trong thời gian 05 ngày, kể từ ngày 12 tháng 01 năm 2026 đến hết ngày 16 tháng 01 năm 2026",
    ] {
        assert!(np.contains(want), "`{want}` in {np}");
    }
    let bb = text("bien-ban-hop-hoi-dong-truong");
    for want in [
        "BIÊN BẢN",
        "Thời gian bắt đầu: 14 giờ 00, ngày 05 tháng 3 năm 2026",
        "Thư ký (người ghi biên bản):",
        "Cuộc họp kết thúc vào 16 giờ 30, ngày 05 tháng 3 năm 2026./.",
    ] {
        assert!(bb.contains(want), "`{want}` in {bb}");
    }
}

fn check_json(json: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("doc.json");
    std::fs::write(&f, json).unwrap();
    let o = vanban(&["check", f.to_str().unwrap()]);
    (o.status.success(), format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn check_wants_the_secretary_of_a_bien_ban_and_one_head_per_joint_agency() {
    let bb = std::fs::read_to_string(sample("bien-ban-hop-hoi-dong-truong")).unwrap();
    let (ok, out) = check_json(&bb);
    assert!(ok && !out.contains("error["), "{out}");
    // The chair alone: an error at `ky`, with the line; the rest reported too.
    let alone = bb.replace(r#"{"chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị Bích"},"#, "").replace(r#""bat_dau": "14:00""#, r#""bat_dau": "14h""#);
    let (ok, out) = check_json(&alone);
    assert!(!ok, "{out}");
    assert!(out.contains("error[bien-ban-thu-ky]") && out.contains("doc.json:"), "{out}");
    assert!(out.contains("error[bad-time]") && out.contains("`bien_ban.bat_dau`"), "every problem at once: {out}");
    // Secretary on the right: an error.
    let swapped = bb.replace(
        r#"{"chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị Bích"},
    {"chuc_vu": "CHỦ TỌA", "ho_ten": "Nguyễn Văn An"}"#,
        r#"{"chuc_vu": "CHỦ TỌA", "ho_ten": "Nguyễn Văn An"},
    {"chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị Bích"}"#,
    );
    assert_ne!(swapped, bb);
    let (ok, out) = check_json(&swapped);
    assert!(!ok && out.contains("error[bien-ban-chu-toa]"), "{out}");
    // A joint document of two agencies with one signer.
    let lt = std::fs::read_to_string(sample("ke-hoach-lien-tich-y-te-truong-hoc")).unwrap();
    let (ok, out) = check_json(&lt);
    assert!(ok && !out.contains("error["), "{out}");
    let one = lt.replace(r#"{"hinh_thuc": "KT", "thay_mat": "GIÁM ĐỐC SỞ Y TẾ", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Lê Thị Hồng"},"#, "");
    let (ok, out) = check_json(&one);
    assert!(!ok && out.contains("error[lien-tich-signers]"), "{out}");
    // A signer of a list is named by its index.
    let bad = lt.replace(r#""thay_mat": "GIÁM ĐỐC SỞ Y TẾ", "#, "");
    let (ok, out) = check_json(&bad);
    assert!(!ok && out.contains("`ky[0].thay_mat`"), "{out}");
    // An empty list of signers is refused, at its place.
    let (ok, out) = check_json(&lt.replace(&lt[lt.find("\"ky\": [").unwrap()..lt.find("\"noi_nhan\"").unwrap()], "\"ky\": [],\n  "));
    assert!(!ok && out.contains("ky"), "{out}");
}

#[test]
fn check_warns_about_a_citation_of_a_text_replaced_before_the_documents_date() {
    let qd = |date: &str| {
        format!(
            r#"{{"loai": "quyet-dinh", "co_quan": {{"ten": ["TRƯỜNG THPT", "TRẦN QUỐC TUẤN"], "viet_tat": "THPTTQT"}}, "so": 5, "dia_danh": "Quảng Ngãi", "ngay": "{date}",
  "trich_yeu": "Về việc khen thưởng", "tham_quyen": "HIỆU TRƯỞNG TRƯỜNG THPT TRẦN QUỐC TUẤN",
  "can_cu": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;"],
  "noi_dung": ["Điều 1. Tặng Giấy khen cho ông Nguyễn Văn A./."],
  "ky": {{"chuc_vu": "HIỆU TRƯỞNG", "ho_ten": "Nguyễn Văn An"}}, "noi_nhan": ["Như Điều 1;", "Lưu: VT."]}}"#
        )
    };
    let (ok, out) = check_json(&qd("2026-03-02"));
    assert!(ok, "a warning, not an error: {out}");
    // Line 4, the column of the number.
    let line = "    \"Căn cứ Nghị định số 98/2023/NĐ-CP";
    let col = line[..line.find("98/2023").unwrap()].chars().count() + 1;
    assert!(out.contains(&format!("doc.json:4:{col}: `can_cu[1]`")) && out.contains("warning[expired-law]"), "{out}");
    assert!(out.contains("Nghị định số 152/2025/NĐ-CP") && out.contains("01/07/2025"), "{out}");
    let (ok, out) = check_json(&qd("2024-05-02"));
    assert!(ok && !out.contains("expired-law"), "{out}");
    // A table of one's own: a text vanban does not know, replaced.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("luat.json");
    std::fs::write(&table, r#"{"van_ban": [{"so_hieu": "12/2020/QĐ-UBND", "ten": "Quyết định số 12/2020/QĐ-UBND", "can_cu": "Quyết định số 12/2020/QĐ-UBND", "het_hieu_luc": "2025-01-01", "thay_the_boi": "30/2020/NĐ-CP"}]}"#).unwrap();
    let doc = dir.path().join("qd.json");
    std::fs::write(&doc, qd("2026-03-02").replace("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Căn cứ Quyết định số 12/2020/QĐ-UBND;"))
        .unwrap();
    let o = vanban(&["check", doc.to_str().unwrap(), "--van-ban-phap-luat", table.to_str().unwrap()]);
    let out = stderr(&o) + &String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Quyết định số 12/2020/QĐ-UBND ceased") && out.contains("98/2023"), "{out}");
    let o = vanban(&["check", doc.to_str().unwrap(), "--van-ban-phap-luat", dir.path().join("khong-co.json").to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn the_names_of_several_signers_stand_on_one_line_whatever_their_titles_in_both_back_ends() {
    let dir = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sample("bien-ban-hop-hoi-dong-truong")).unwrap()).unwrap();
    let cases = [
        // Two title lines and a note on the right, one line on the left.
        (
            "uneven",
            serde_json::json!([{"chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị Bích"}, {"hinh_thuc": "KT", "thay_mat": "CHỦ TỌA", "chuc_vu": "PHÓ CHỦ TỌA", "ho_ten": "Nguyễn Văn An", "ghi_chu": "(Ký, ghi rõ họ tên)"}]),
        ),
        // Three signers: thirds of the text.
        (
            "three",
            serde_json::json!([{"chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị Bích"}, {"chuc_vu": "ĐẠI DIỆN CÔNG ĐOÀN", "ho_ten": "Lê Văn Cường"}, {"chuc_vu": "CHỦ TỌA", "ho_ten": "Nguyễn Văn An"}]),
        ),
    ];
    let mut docx = Vec::new();
    for (name, ky) in &cases {
        let mut doc = base.clone();
        doc["ky"] = ky.clone();
        docx.push(render_json(dir.path(), name, &doc.to_string()).1);
    }
    let lo = libreoffice_pdfs(&docx, &dir.path().join("lo"));
    for ((name, ky), lo_pdf) in cases.iter().zip(&lo) {
        let n = ky.as_array().unwrap().len();
        let mut found = Vec::new();
        for file in [dir.path().join(format!("{name}.pdf")), lo_pdf.clone()] {
            let lines = text_lines(&file);
            // Each name's first word: the last time it is printed.
            let at: Vec<(usize, f64, f64)> = ky
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    let first = s["ho_ten"].as_str().unwrap().split(' ').next().unwrap().to_string();
                    lines.iter().rev().find_map(|l| l.words.iter().find(|w| w.0 == first).map(|w| (l.page, w.1, l.y))).unwrap()
                })
                .collect();
            for (k, a) in at.iter().enumerate() {
                assert!((a.2 - at[0].2).abs() < 1.0 && a.0 == at[0].0, "{name} ({}): names on one line: {at:?}", file.display());
                // Each in its own column, left to right.
                let (from, to) = (LEFT + TEXT_W * k as f64 / n as f64, LEFT + TEXT_W * (k + 1) as f64 / n as f64);
                assert!(a.1 > from && a.1 < to, "{name} ({}): signer {k} at x {:.0}, its column {from:.0}–{to:.0}", file.display(), a.1);
            }
            found.push(at);
        }
        // vanban's PDF and LibreOffice's: the same places (the writers' line tops differ a little).
        for (a, b) in found[0].iter().zip(&found[1]) {
            assert!(a.0 == b.0 && (a.1 - b.1).abs() < 3.0 && (a.2 - b.2).abs() < 4.0, "{name}: vanban {a:?}, LibreOffice {b:?}");
        }
    }
}
