//! The DOCX: its XML (page, margins, fonts, sizes, first-page header, PAGE field, repeated
//! header rows, landscape appendix sections, properties, compression), and LibreOffice's
//! rendering of it against vanban's own PDF: same page count, same words in the same order,
//! the same first-page, signature, Nơi nhận and page-number positions. Also: the DOCX opened
//! and saved again by LibreOffice keeps its page count.

use crate::common::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

struct Rendered {
    _dir: tempfile::TempDir,
    dir: PathBuf,
}

impl Rendered {
    fn pdf(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.pdf"))
    }
    fn docx(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.docx"))
    }
    /// LibreOffice's PDF of the DOCX.
    fn lo_pdf(&self, name: &str) -> PathBuf {
        self.dir.join("lo").join(format!("{name}.pdf"))
    }
    /// LibreOffice's PDF of the DOCX after LibreOffice opened and saved it as DOCX again.
    fn resaved_pdf(&self, name: &str) -> PathBuf {
        self.dir.join("resaved-pdf").join(format!("{name}.pdf"))
    }
}

fn soffice(args: &[&str], profile: &Path) {
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore"])
        .args(args)
        .output()
        .expect("soffice must be installed (Debian package libreoffice-writer-nogui)");
    assert!(o.status.success(), "soffice {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// Renders every document (samples, starters) to PDF and DOCX once, and has LibreOffice
/// convert the DOCX files to PDF, and to DOCX and that to PDF, in one process each.
fn rendered() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        for (name, input) in documents() {
            for ext in ["pdf", "docx"] {
                let out = dir.join(format!("{name}.{ext}"));
                let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
                assert!(o.status.success(), "{name}: {}", stderr(&o));
            }
        }
        let profile = dir.join("lo-profile");
        let docs: Vec<String> = documents().iter().map(|(s, _)| dir.join(format!("{s}.docx")).to_string_lossy().into_owned()).collect();
        let mut a = vec!["--convert-to", "pdf", "--outdir"];
        let lo = dir.join("lo").to_string_lossy().into_owned();
        a.push(&lo);
        a.extend(docs.iter().map(String::as_str));
        soffice(&a, &profile);
        let resaved = dir.join("resaved").to_string_lossy().into_owned();
        let mut a = vec!["--convert-to", "docx:MS Word 2007 XML", "--outdir", &resaved];
        a.extend(docs.iter().map(String::as_str));
        soffice(&a, &profile);
        let resaved_docs: Vec<String> = documents().iter().map(|(s, _)| format!("{resaved}/{s}.docx")).collect();
        let resaved_pdf = dir.join("resaved-pdf").to_string_lossy().into_owned();
        let mut a = vec!["--convert-to", "pdf", "--outdir", &resaved_pdf];
        a.extend(resaved_docs.iter().map(String::as_str));
        soffice(&a, &profile);
        Rendered { _dir: tmp, dir }
    })
}

/// The names of every rendered document.
fn names() -> Vec<String> {
    documents().into_iter().map(|(n, _)| n).collect()
}

fn pages(pdf: &Path) -> usize {
    let info = pdfinfo(pdf);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

fn part(docx: &Path, name: &str) -> String {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", docx.display())).read_to_string(&mut s).unwrap();
    s
}

#[test]
fn libreoffice_renders_the_same_page_count_as_vanban() {
    let r = rendered();
    let mut report = String::new();
    for s in &names() {
        let s = s.as_str();
        let (ours, lo) = (pages(&r.pdf(s)), pages(&r.lo_pdf(s)));
        if ours != lo || ours == 0 {
            report.push_str(&format!("{s}: vanban PDF {ours} pages, LibreOffice from DOCX {lo}\n"));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn libreoffice_keeps_the_page_count_after_saving_the_docx_again() {
    let r = rendered();
    for s in &names() {
        let s = s.as_str();
        assert_eq!(pages(&r.resaved_pdf(s)), pages(&r.lo_pdf(s)), "{s}: page count changed after open and save");
    }
}

/// The letters and digits of a PDF's text below the top margin (page numbers excluded) and
/// above a portrait page's bottom margin (the first page's address footer, which the two
/// writers put at different places of the text's order), lower-cased: how the two layouts
/// split words or break long URLs does not matter.
fn letters(pdf: &Path) -> Vec<char> {
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8", "-x", "0", "-y", "50", "-W", "2000", "-H", "735"]).arg(pdf).arg("-").output().unwrap();
    vanban::vn::normalize(&String::from_utf8_lossy(&out.stdout)).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn docx_says_the_same_words_in_the_same_order_as_the_pdf() {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let r = rendered();
    let mut report = String::new();
    for s in &names() {
        let s = s.as_str();
        let ours = letters(&r.pdf(s));
        let lo = letters(&r.lo_pdf(s));
        for op in capture_diff_slices(Algorithm::Myers, &ours, &lo) {
            if !matches!(op, DiffOp::Equal { .. }) {
                let (o, n) = (op.old_range(), op.new_range());
                let ctx = |v: &[char], r: std::ops::Range<usize>| v[r.start.saturating_sub(20)..(r.end + 20).min(v.len())].iter().collect::<String>();
                report.push_str(&format!("{s}: vanban `{}` / LibreOffice `{}`\n", ctx(&ours, o), ctx(&lo, n)));
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

/// Words with their boxes (points, top-left origin) per page, from `pdftotext -bbox`.
fn boxes(pdf: &Path) -> Vec<Vec<(String, f64, f64)>> {
    let out = Command::new("pdftotext").args(["-bbox"]).arg(pdf).arg("-").output().unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |k: &str| -> f64 {
                let i = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                w[i..].split('"').next().unwrap().parse().unwrap()
            };
            let text = w.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
            words.push((text, attr("xMin"), attr("yMin")));
        }
        pages.push(words);
    }
    pages
}

#[test]
fn libreoffice_places_letterhead_signature_and_page_numbers_where_vanban_does() {
    let r = rendered();
    let mut report = String::new();
    for s in &names() {
        let s = s.as_str();
        let ours = boxes(&r.pdf(s));
        let lo = boxes(&r.lo_pdf(s));
        // Key words: first occurrence on the page where vanban prints them.
        let keys = [
            "CỘNG", "Độc", "Số:", "KẾ", "BÁO", "TỜ", "THÔNG", "GIẤY", "QUYẾT", "Căn", "Điều", "Kính", "Nơi", "KT.", "Q.", "TM.", "GIÁM", "HIỆU", "Lưu:", "Phụ",
            "DANH", "STT",
        ];
        for (page, words) in ours.iter().enumerate() {
            let mut seen: HashMap<&str, ()> = HashMap::new();
            for (w, x, y) in words {
                let Some(k) = keys.iter().find(|k| **k == w.as_str()) else { continue };
                if seen.insert(k, ()).is_some() {
                    continue;
                }
                let Some(theirs) = lo.get(page).and_then(|p| p.iter().find(|(t, _, _)| t == w)) else {
                    report.push_str(&format!("{s} p{}: `{w}` missing in LibreOffice's page\n", page + 1));
                    continue;
                };
                if (theirs.1 - x).abs() > 8.0 || (theirs.2 - y).abs() > 12.0 {
                    report.push_str(&format!("{s} p{}: `{w}` at ({x:.0},{y:.0}) in vanban, ({:.0},{:.0}) in LibreOffice\n", page + 1, theirs.1, theirs.2));
                }
            }
            // The page number: none on page 1; on others the same number at the same place.
            let num = |ws: &Vec<(String, f64, f64)>| ws.iter().find(|(t, _, y)| *y < 56.0 && t.chars().all(|c| c.is_ascii_digit())).cloned();
            let (a, b) = (num(words), lo.get(page).and_then(num));
            match (&a, &b) {
                (None, None) => {}
                (Some(a), Some(b)) if a.0 == b.0 && (a.1 - b.1).abs() < 6.0 && (a.2 - b.2).abs() < 8.0 => {}
                _ => report.push_str(&format!("{s} p{}: page number {a:?} in vanban, {b:?} in LibreOffice\n", page + 1)),
            }
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn document_xml_page_margins_fonts_sizes() {
    let r = rendered();
    for s in SAMPLES {
        let doc = part(&r.docx(s), "word/document.xml");
        // A4 portrait for the main text, margins 20/20/30/15 mm.
        assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838" w:orient="portrait" />"#) || doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{s}: A4");
        assert!(doc.contains(r#"w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#), "{s}: margins");
        // Every run names Times New Roman for all four scripts.
        let runs = doc.matches("<w:r>").count();
        let tnr =
            doc.matches(r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" />"#).count();
        assert!(runs > 20 && tnr >= runs, "{s}: {tnr} of {runs} runs name Times New Roman");
        // Sizes: Quốc hiệu 12.5 pt bold, Nơi nhận 12 pt bold italic, entries 11 pt.
        let qh = doc.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").unwrap();
        let qh_run = &doc[doc[..qh].rfind("<w:r>").unwrap()..qh];
        assert!(qh_run.contains(r#"<w:sz w:val="25" />"#) && qh_run.contains("<w:b />"), "{s}: Quốc hiệu run {qh_run}");
        let nn = doc.find(">Nơi nhận:<").unwrap();
        let nn_run = &doc[doc[..nn].rfind("<w:r>").unwrap()..nn];
        assert!(nn_run.contains(r#"<w:sz w:val="24" />"#) && nn_run.contains("<w:b />") && nn_run.contains("<w:i />"), "{s}: {nn_run}");
        let lu = doc.find(">- Lưu: VT").unwrap();
        assert!(doc[doc[..lu].rfind("<w:r>").unwrap()..lu].contains(r#"<w:sz w:val="22" />"#), "{s}: Lưu entry size");
        // Different first page in every section, with a PAGE field in the default header only.
        let sections = doc.matches("<w:sectPr>").count();
        assert_eq!(doc.matches("<w:titlePg />").count(), sections, "{s}: titlePg in every section");
        assert_eq!(doc.matches(r#"<w:headerReference w:type="first""#).count(), 0, "{s}: no first-page header");
        let header = part(&r.docx(s), "word/header1.xml");
        assert!(header.contains("PAGE") && header.contains(r#"<w:jc w:val="center" />"#) && header.contains(r#"<w:sz w:val="26" />"#), "{s}: header {header}");
        // Core properties.
        let core = part(&r.docx(s), "docProps/core.xml");
        assert!(core.contains("<dc:title>") && core.contains("<dc:creator>") && !core.contains("unknown"), "{s}: {core}");
    }
}

#[test]
fn tables_repeat_header_rows_and_appendices_are_sections() {
    let r = rendered();
    let doc = part(&r.docx("ke-hoach-truong-tc-cai-be"), "word/document.xml");
    // Phụ lục I's header row and Phụ lục III's both repeat; no row splits across pages.
    assert_eq!(doc.matches("<w:tblHeader />").count(), 2);
    assert!(!doc.contains(r#"w:hRule="exact""#), "a header-row mark was left");
    assert!(doc.matches("<w:cantSplit />").count() > 20);
    // Group rows span 4 columns.
    assert!(doc.contains(r#"<w:gridSpan w:val="4" />"#));
    // Main text + Phụ lục I + Phụ lục III: three sections, the appendices landscape and
    // numbered from 1.
    assert_eq!(doc.matches("<w:sectPr>").count(), 3);
    assert_eq!(doc.matches(r#"w:orient="landscape""#).count(), 2);
    assert_eq!(doc.matches(r#"<w:pgNumType w:start="1" />"#).count(), 2);
    assert!(doc.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#));
}

#[test]
fn docx_is_compressed_and_reproducible() {
    let r = rendered();
    for s in SAMPLES {
        let bytes = std::fs::read(r.docx(s)).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        for i in 0..z.len() {
            let f = z.by_index(i).unwrap();
            // Parts under 1 KiB are stored: compressing them would save a few bytes.
            let want = if f.size() < 1024 { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
            assert_eq!(f.compression(), want, "{s}: {} ({} bytes)", f.name(), f.size());
        }
        // A second run in another process gives the same bytes.
        let dir = tempfile::tempdir().unwrap();
        let again = dir.path().join("again.docx");
        let o = vanban(&["render", sample(s).to_str().unwrap(), "-o", again.to_str().unwrap()]);
        assert!(o.status.success());
        assert_eq!(std::fs::read(&again).unwrap(), bytes, "{s}: DOCX differs between runs");
    }
}

#[test]
fn pdf_and_docx_from_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let (p, d) = (dir.path().join("a.pdf"), dir.path().join("a.docx"));
    let o = vanban(&["render", sample("cong-van-so-gddt-quang-ngai").to_str().unwrap(), "-o", p.to_str().unwrap(), "-o", d.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&p).unwrap().starts_with(b"%PDF"));
    assert!(part(&d, "word/document.xml").contains("Kính gửi:"));
}
