//! Word documents in (#29): `vanban nhap` on every sample's DOCX as vanban writes it and as
//! LibreOffice re-saves it (the re-rendered PDF has the same words and pages), on documents
//! made the way offices make them (python-docx: tests/import/office.py, and LibreOffice's
//! re-save of each), as a template for `bulk`, and on bad input.

use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn python() -> String {
    std::env::var("VANBAN_PYTHON").unwrap_or_else(|_| root().join("target/test-tools/venv/bin/python").display().to_string())
}

/// LibreOffice re-saves `files` as DOCX into `out` (one process for all).
fn resave(files: &[PathBuf], out: &Path) {
    let profile = out.join("lo-profile");
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "docx", "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice must be installed (Debian package libreoffice-writer-nogui)");
    assert!(o.status.success(), "soffice failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// Words of a PDF's text, whitespace of every kind ignored.
fn pdf_words(pdf: &Path) -> Vec<String> {
    pdftotext(pdf).split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{c}').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn pages(pdf: &Path) -> String {
    pdfinfo(pdf).lines().find(|l| l.starts_with("Pages:")).unwrap_or("").to_string()
}

/// `vanban nhap FILE -o OUT` (with `extra` arguments): the JSON and the warnings.
fn import(file: &Path, out: &Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["--lang", "vi", "nhap", file.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = vanban(&args);
    assert!(o.status.success(), "nhap {} failed:\n{}", file.display(), stderr(&o));
    let text = std::fs::read_to_string(out).unwrap();
    (serde_json::from_str(&text).unwrap(), stderr(&o))
}

struct Rendered {
    dir: tempfile::TempDir,
    names: Vec<String>,
}

/// Every sample rendered to PDF and DOCX once, and its DOCX re-saved by LibreOffice (one
/// process for all).
fn rendered() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = SAMPLES.iter().chain(MORE_SAMPLES.iter()).map(|s| s.to_string()).collect();
        let mut docx = Vec::new();
        for n in &names {
            let (pdf, d) = (dir.path().join(format!("{n}.pdf")), dir.path().join(format!("{n}.docx")));
            let o = vanban(&["render", sample(n).to_str().unwrap(), "-o", pdf.to_str().unwrap(), "-o", d.to_str().unwrap()]);
            assert!(o.status.success(), "render {n}: {}", stderr(&o));
            docx.push(d);
        }
        let lo = dir.path().join("lo");
        std::fs::create_dir_all(&lo).unwrap();
        resave(&docx, &lo);
        Rendered { dir, names }
    })
}

/// Imports `docx`, renders the JSON, and compares with the sample's own PDF: the differing
/// words (a short diff) or the page counts, if any.
fn round_trip(name: &str, docx: &Path, work: &Path) -> Option<String> {
    let r = rendered();
    let json = work.join(format!("{name}.json"));
    let (_, _) = import(docx, &json, &[]);
    let pdf = work.join(format!("{name}.pdf"));
    let o = vanban(&["render", json.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    if !o.status.success() {
        return Some(format!("{name}: the imported JSON does not render:\n{}", stderr(&o)));
    }
    let original = r.dir.path().join(format!("{name}.pdf"));
    let (a, b) = (pdf_words(&original), pdf_words(&pdf));
    if a != b {
        let first = a.iter().zip(b.iter()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        let from = first.saturating_sub(5);
        return Some(format!(
            "{name}: words differ from word {first}:\n  sample:   {:?}\n  imported: {:?}",
            &a[from..(first + 8).min(a.len())],
            &b[from..(first + 8).min(b.len())]
        ));
    }
    if pages(&original) != pages(&pdf) {
        return Some(format!("{name}: {} vs {}", pages(&original), pages(&pdf)));
    }
    None
}

#[test]
fn every_sample_docx_imports_to_the_same_words_and_pages() {
    let r = rendered();
    let work = tempfile::tempdir().unwrap();
    let problems: Vec<String> = r.names.iter().filter_map(|n| round_trip(n, &r.dir.path().join(format!("{n}.docx")), work.path())).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_sample_docx_resaved_by_libreoffice_imports_to_the_same_words_and_pages() {
    let r = rendered();
    let work = tempfile::tempdir().unwrap();
    let problems: Vec<String> = r.names.iter().filter_map(|n| round_trip(n, &r.dir.path().join("lo").join(format!("{n}.docx")), work.path())).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn imported_fields_of_a_sample() {
    // The fields themselves, not only the printed words: the letterhead, number and symbol,
    // marks, the signer and the release line.
    let r = rendered();
    let work = tempfile::tempdir().unwrap();
    let (v, warnings) = import(&r.dir.path().join("cong-van-hoa-toc-mat.docx"), &work.path().join("a.json"), &[]);
    assert_eq!(v["loai"], "cong-van");
    assert_eq!(v["co_quan"]["chu_quan"][0], "UBND TỈNH HÀ TĨNH");
    assert_eq!(v["co_quan"]["ten"][0], "SỞ GIÁO DỤC VÀ ĐÀO TẠO");
    assert_eq!(v["co_quan"]["viet_tat"], "SGDĐT");
    assert_eq!(v["co_quan"]["dien_thoai"], "0239 3855 678");
    assert_eq!(v["don_vi_soan_thao"], "VP");
    assert_eq!((v["do_mat"].as_str(), v["do_khan"].as_str(), v["luu_hanh"].as_str()), (Some("mat"), Some("hoa-toc"), Some("xem-xong-tra-lai")));
    assert_eq!(v["du_thao"], 2);
    assert_eq!(v["ngay"], "2026-11");
    assert_eq!(v["ky"]["hinh_thuc"], "KT");
    assert_eq!(v["ky"]["thay_mat"], "GIÁM ĐỐC");
    assert_eq!(v["ky"]["chuc_vu"], "PHÓ GIÁM ĐỐC");
    assert_eq!(v["noi_nhan"].as_array().unwrap().last().unwrap(), "Lưu: VT, VP.");
    assert_eq!(v["phat_hanh"]["nguoi_soan"], "PL");
    assert_eq!(v["phat_hanh"]["so_ban"], 30);
    assert_eq!(v["phat_hanh"]["ban_luu"], 2);
    assert!(!warnings.contains("cảnh báo"), "{warnings}");
    // The Quốc hiệu and Tiêu ngữ are recognised and left out of the data.
    let text = serde_json::to_string(&v).unwrap();
    assert!(!text.contains("CỘNG HÒA") && !text.contains("Hạnh phúc"), "{text}");
}

/// The office corpus: tests/import/office.py's documents, and LibreOffice's re-save of each.
fn corpus() -> &'static (tempfile::TempDir, PathBuf) {
    static C: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    C.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o =
            Command::new(python()).arg(root().join("tests/import/office.py")).arg(dir.path()).output().expect("run python (tests/run.sh installs python-docx)");
        assert!(o.status.success(), "office.py: {}", String::from_utf8_lossy(&o.stderr));
        let lo = dir.path().join("lo");
        std::fs::create_dir_all(&lo).unwrap();
        resave(&["bang", "hop-chu", "mau"].map(|n| dir.path().join(format!("{n}.docx"))), &lo);
        let d = dir.path().to_path_buf();
        (dir, d)
    })
}

/// Both versions of a corpus document: as python-docx wrote it and as LibreOffice re-saved it.
fn both(name: &str) -> [PathBuf; 2] {
    let d = &corpus().1;
    [d.join(format!("{name}.docx")), d.join("lo").join(format!("{name}.docx"))]
}

#[test]
fn office_letterhead_in_a_table_automatic_numbering_merged_cells() {
    for file in both("bang") {
        let work = tempfile::tempdir().unwrap();
        let json = work.path().join("bang.json");
        let (v, warnings) = import(&file, &json, &[]);
        let at = file.display();
        assert_eq!(v["loai"], "ke-hoach", "{at}");
        assert_eq!(v["co_quan"]["chu_quan"], serde_json::json!(["UBND TỈNH QUẢNG NGÃI"]), "{at}");
        assert_eq!(v["co_quan"]["ten"], serde_json::json!(["SỞ GIÁO DỤC VÀ ĐÀO TẠO"]), "{at}");
        assert_eq!(v["co_quan"]["viet_tat"], "SGDĐT", "{at}");
        assert_eq!(v["so"], 15, "{at}");
        assert!(v.get("ky_hieu").is_none(), "{at}: the symbol is the one vanban makes");
        assert_eq!((v["dia_danh"].as_str(), v["ngay"].as_str()), (Some("Quảng Ngãi"), Some("2026-03-05")), "{at}");
        assert_eq!(v["trich_yeu"], "Tổ chức Ngày hội chuyển đổi số năm 2026", "{at}");
        let body = &v["noi_dung"];
        assert_eq!(body[0], "Thực hiện chỉ đạo của **Ủy ban nhân dân tỉnh**, Sở Giáo dục và Đào tạo ban hành kế hoạch *như sau*:", "{at}");
        // Word's automatic numbering (I., 1., 1.1., a)) rendered as the label text.
        assert_eq!(body[1], "I. MỤC ĐÍCH, YÊU CẦU", "{at}");
        assert_eq!(body[2], "1. Mục đích", "{at}");
        assert_eq!(body[3], "1.1. Phổ biến kỹ năng số", "{at}");
        assert_eq!(body[4], "- Tổ chức các gian trưng bày sản phẩm số của học sinh;", "{at}");
        assert_eq!(body[5], "+ Mỗi trường một gian;", "{at}");
        assert_eq!(body[6], "a) các trường trung học phổ thông;", "{at}");
        assert_eq!(body[7], "II. NỘI DUNG", "{at}");
        let t = &body[8]["bang"];
        assert_eq!(t["cot"].as_array().unwrap().len(), 3, "{at}");
        assert_eq!(t["dau"], serde_json::json!([["STT", "Nội dung", "Thời gian"]]), "{at}: the repeated header row");
        assert_eq!(t["dong"][1][2]["gop_dong"], 2, "{at}: the merged cell");
        assert_eq!(t["dong"][1][2]["text"], "Tháng 5", "{at}");
        assert_eq!(t["dong"][2].as_array().unwrap().len(), 2, "{at}: the covered cell is not written again");
        assert_eq!(v["ky"]["hinh_thuc"], "KT", "{at}");
        assert_eq!(v["ky"]["thay_mat"], "GIÁM ĐỐC", "{at}");
        assert_eq!(v["ky"]["chuc_vu"], "PHÓ GIÁM ĐỐC", "{at}");
        assert_eq!(v["ky"]["ho_ten"], "Nguyễn Văn An", "{at}");
        assert_eq!(v["noi_nhan"], serde_json::json!(["UBND tỉnh (b/c);", "Các trường THPT;", "Lưu: VT, VP."]), "{at}");
        let a = &v["phu_luc"][0];
        assert_eq!(a["ten"], "DANH SÁCH ĐƠN VỊ THAM GIA", "{at}");
        assert!(a["kem_theo"].as_str().unwrap().starts_with("(Kèm theo Kế hoạch số 15/KH-SGDĐT"), "{at}");
        assert!(a["noi_dung"].to_string().contains("Trường THPT Trần Quốc Tuấn."), "{at}");
        // The image is reported with its paragraph, not carried.
        assert!(warnings.contains("ảnh không được mang sang") && warnings.contains("đoạn "), "{at}: {warnings}");
        // vanban's own check reads it.
        let o = vanban(&["check", json.to_str().unwrap()]);
        assert!(o.status.success(), "{at}: {}", stderr(&o));
    }
}

#[test]
fn office_letterhead_in_text_boxes_and_a_tab_aligned_signature() {
    // python-docx writes VML text boxes; LibreOffice re-saves them as DrawingML shapes.
    for file in both("hop-chu") {
        let work = tempfile::tempdir().unwrap();
        let json = work.path().join("hop-chu.json");
        let (v, warnings) = import(&file, &json, &[]);
        let at = file.display();
        assert_eq!(v["loai"], "cong-van", "{at}");
        assert_eq!(v["co_quan"]["chu_quan"], serde_json::json!(["UBND TỈNH QUẢNG NGÃI"]), "{at}");
        assert_eq!(v["co_quan"]["ten"], serde_json::json!(["SỞ GIÁO DỤC VÀ ĐÀO TẠO"]), "{at}");
        assert_eq!(v["so"], 27, "{at}");
        assert_eq!(v["don_vi_soan_thao"], "VP", "{at}");
        assert_eq!(v["trich_yeu"], "V/v tăng cường an toàn thông tin", "{at}");
        assert_eq!(v["ngay"], "2026-01-12", "{at}");
        assert_eq!(v["kinh_gui"], serde_json::json!(["Các trường trung học phổ thông;", "Các trung tâm giáo dục thường xuyên."]), "{at}");
        assert_eq!(v["can_cu"][0], "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;", "{at}");
        assert!(v["noi_dung"].to_string().contains("rà soát hệ thống thông tin./."), "{at}");
        assert_eq!(v["ky"]["hinh_thuc"], "TL", "{at}");
        assert_eq!(v["ky"]["thay_mat"], "GIÁM ĐỐC", "{at}");
        assert_eq!(v["ky"]["chuc_vu"], "CHÁNH VĂN PHÒNG", "{at}");
        assert_eq!(v["ky"]["ho_ten"], "Trần Thị Bình", "{at}");
        assert_eq!(v["noi_nhan"], serde_json::json!(["Như trên;", "Lưu: VT, VP."]), "{at}");
        assert!(!warnings.contains("cảnh báo"), "{at}: {warnings}");
        let o = vanban(&["check", json.to_str().unwrap()]);
        assert!(o.status.success(), "{at}: {}", stderr(&o));
    }
}

#[test]
fn office_form_becomes_a_bulk_template_with_split_placeholders() {
    for file in both("mau") {
        let work = tempfile::tempdir().unwrap();
        let json = work.path().join("mau.json");
        let (v, _) = import(&file, &json, &["--template"]);
        let at = file.display();
        assert_eq!(v["loai"], "giay-moi", "{at}");
        assert_eq!(v["so"], "{{so_vb}}", "{at}");
        let body = v["noi_dung"].to_string();
        // Split by runs, a spell-check mark and a bookmark in Word; whole here.
        assert!(body.contains("kính mời {{truong.ten}} đến dự"), "{at}: {body}");
        assert!(body.contains("{{hieu_truong}}"), "{at}: {body}");
        // A placeholder half bold: no marker inside it.
        assert!(body.contains("**{{dia_diem}}**./."), "{at}: {body}");
        // Merged by bulk's engine with a row: the values in the PDF.
        let row = work.path().join("row.json");
        std::fs::write(&row, r#"{"so_vb": 12, "truong": {"ten": "Trường THPT Lê Khiết"}, "hieu_truong": "Ông Phạm Văn Dũng", "dia_diem": "Hội trường Sở"}"#)
            .unwrap();
        let pdf = work.path().join("mau.pdf");
        let o = vanban(&["render", json.to_str().unwrap(), "--data", row.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(o.status.success(), "{at}: {}", stderr(&o));
        let text = pdftotext(&pdf);
        for want in ["Số: 12/GM-SGDĐT", "kính mời Trường THPT Lê Khiết đến dự", "Người dự: Ông Phạm Văn Dũng.", "Hội trường Sở./."]
        {
            assert!(text.contains(want), "{at}: `{want}` not in:\n{text}");
        }
    }
}

#[test]
fn bad_input_is_refused_in_vietnamese_without_output() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out.json");
    // A text file renamed .docx.
    let txt = work.path().join("ghi-chu.docx");
    std::fs::write(&txt, "không phải tài liệu Word").unwrap();
    let o = vanban(&["--lang", "vi", "nhap", txt.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("lỗi[docx-read]: ") && e.contains("ghi-chu.docx") && e.contains("không phải tài liệu Word .docx"), "{e}");
    assert!(!out.exists());
    // The same refusal in English under --lang en.
    let o = vanban(&["--lang", "en", "nhap", txt.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("error[docx-read]: ") && e.contains("ghi-chu.docx: not a Word document (.docx)") && !e.contains("Tệp"), "{e}");
    assert!(!out.exists());
    // A ZIP that is not a Word document (a workbook).
    let xlsx = root().join("samples/truong.xlsx");
    let o = vanban(&["--lang", "vi", "nhap", xlsx.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("không có `word/document.xml`"), "{}", stderr(&o));
    assert!(!out.exists());
    // A document whose main part is broken.
    let broken = work.path().join("hong.docx");
    {
        let f = std::fs::File::create(&broken).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>").unwrap();
        z.finish().unwrap();
    }
    let o = vanban(&["--lang", "vi", "nhap", broken.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("hong.docx") && stderr(&o).contains("bị hỏng"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn a_doc_without_libreoffice_is_refused_with_how_to_save_as_docx() {
    let work = tempfile::tempdir().unwrap();
    // The bytes of a legacy .doc (OLE2) start so.
    let doc = work.path().join("cu.doc");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    std::fs::write(&doc, bytes).unwrap();
    let out = work.path().join("cu.json");
    // No LibreOffice on this PATH.
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["--lang", "vi", "nhap", doc.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env("PATH", work.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("cu.doc") && e.contains("LibreOffice") && e.contains("Word Document (*.docx)"), "{e}");
    assert!(!out.exists());
}

#[test]
fn a_doc_is_converted_with_libreoffice() {
    // A real .doc, written by LibreOffice from the corpus, imports as its .docx does.
    let work = tempfile::tempdir().unwrap();
    let src = corpus().1.join("hop-chu.docx");
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", work.path().join("p").display()))
        .args(["--headless", "--norestore", "--convert-to", "doc", "--outdir"])
        .arg(work.path())
        .arg(&src)
        .output()
        .unwrap();
    assert!(o.status.success());
    let (v, _) = import(&work.path().join("hop-chu.doc"), &work.path().join("doc.json"), &[]);
    assert_eq!(v["so"], 27);
    assert_eq!(v["ky"]["ho_ten"], "Trần Thị Bình");
    assert_eq!(v["kinh_gui"][1], "Các trung tâm giáo dục thường xuyên.");
}

#[test]
fn unmappable_content_is_listed_with_its_paragraph() {
    // A document with no letterhead, no signature and a text box in the body.
    let work = tempfile::tempdir().unwrap();
    let docx = work.path().join("le.docx");
    let body = r#"<w:p><w:r><w:t>Một đoạn văn bản thường.</w:t></w:r></w:p><w:p><w:r><w:pict><v:shape style="position:absolute;width:100pt;height:20pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>Chữ trong hộp</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"#;
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>"#
    );
    {
        let f = std::fs::File::create(&docx).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut z, xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let out = work.path().join("le.json");
    let (v, warnings) = import(&docx, &out, &[]);
    assert!(
        warnings.contains("cảnh báo[import-unmapped]: ")
            && warnings.contains("le.docx: đoạn 3: chữ trong hộp văn bản (text box) giữa nội dung không được mang sang — Chữ trong hộp"),
        "{warnings}"
    );
    assert!(warnings.contains("không tìm thấy phần ký"), "{warnings}");
    assert!(warnings.contains("không tìm thấy tên loại văn bản"), "{warnings}");
    assert_eq!(v["noi_dung"][0]["doan"]["text"], "Một đoạn văn bản thường.");
    // The same warnings in English under --lang en.
    let o = vanban(&["--lang", "en", "nhap", docx.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let en = stderr(&o);
    assert!(
        en.contains("warning[import-unmapped]: ")
            && en.contains("le.docx: paragraph 3: text in a text box within the body is not carried over — Chữ trong hộp"),
        "{en}"
    );
    assert!(en.contains("the signature block (the signer's title and name) was not found") && !en.contains("cảnh báo"), "{en}");
    // What was imported still parses as a document.
    let o = vanban(&["check", out.to_str().unwrap(), "--format", "json"]);
    assert!(!stderr(&o).contains("json-syntax") && !String::from_utf8_lossy(&o.stdout).contains("unknown-field"), "{}", String::from_utf8_lossy(&o.stdout));
}
