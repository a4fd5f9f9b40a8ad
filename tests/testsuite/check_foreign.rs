//! `vanban check FILE.docx | FILE.pdf` (#29): the decree's layout checked on documents vanban
//! did not make. Every vanban PDF and DOCX, and LibreOffice's PDF of every vanban DOCX, passes;
//! documents with one planted defect each — made by editing a vanban DOCX's XML as Word would
//! save it, and converted to PDF by LibreOffice, so the PDF path is tested on PDFs Typst did
//! not make — have exactly that defect found, at its paragraph (DOCX) or page and line (PDF).

use crate::common;
use crate::common::{libreoffice_pdfs, root, stderr, vanban};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The findings of `vanban check FILE --format json`: (severity, code, path), and the exit code.
fn check(file: &Path) -> (Vec<(String, String, String)>, i32) {
    let o = vanban(&["check", file.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("check {}: {e}\n{}", file.display(), stderr(&o)));
    let list = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            assert_eq!(s("file"), file.to_str().unwrap(), "{d}");
            (s("severity"), s("code"), s("path"))
        })
        .collect();
    (list, o.status.code().unwrap_or(-1))
}

fn errors(list: &[(String, String, String)]) -> Vec<&(String, String, String)> {
    list.iter().filter(|d| d.0 == "error").collect()
}

/// Every sample rendered to PDF and DOCX in `dir`.
fn render_samples(dir: &Path) -> Vec<PathBuf> {
    let inputs: Vec<String> = common::SAMPLES.iter().chain(common::MORE_SAMPLES.iter()).map(|s| common::sample(s).to_str().unwrap().to_string()).collect();
    let mut args = vec!["render".to_string()];
    args.extend(inputs);
    args.extend(["--out-dir".to_string(), dir.to_str().unwrap().to_string()]);
    let o = vanban(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "docx")).collect();
    files.sort();
    assert_eq!(files.len(), 2 * (common::SAMPLES.len() + common::MORE_SAMPLES.len()));
    files
}

#[test]
fn every_vanban_pdf_and_docx_and_libreoffice_pdf_checks_without_error() {
    let dir = tempfile::tempdir().unwrap();
    let files = render_samples(dir.path());
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    let docx: Vec<PathBuf> = files.iter().filter(|p| p.extension().is_some_and(|e| e == "docx")).cloned().collect();
    let lo_pdfs = libreoffice_pdfs(&docx, &lo);
    for f in files.iter().chain(lo_pdfs.iter()) {
        let (list, code) = check(f);
        assert!(errors(&list).is_empty(), "{}: {list:?}", f.display());
        assert_eq!(code, 0, "{}", f.display());
        // Warnings: only what the JSON check says of the same sample (a skipped heading number,
        // printed as written).
        for d in &list {
            assert_eq!(d.1, "heading-order", "{}: {d:?}", f.display());
        }
    }
    // Those warnings are the sample's own: the JSON check of it says the same.
    let o = vanban(&["check", common::sample("ke-hoach-so-gddt-quang-ngai").to_str().unwrap()]);
    assert!(stderr(&o).contains("heading-order"));
    let (list, _) = check(&dir.path().join("ke-hoach-so-gddt-quang-ngai.pdf"));
    assert_eq!(list, vec![("warning".into(), "heading-order".into(), "trang 5, dòng 9".into())]);
}

/// The parts of a DOCX package, by name.
fn unzip(file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

fn zip_parts(parts: &[(String, Vec<u8>)], to: &Path) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// The byte range of the `w:p` element of `xml` whose text holds `needle`.
fn paragraph_at(xml: &str, needle: &str) -> (usize, usize) {
    let at = xml.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the document"));
    let start = [xml[..at].rfind("<w:p "), xml[..at].rfind("<w:p>")].into_iter().flatten().max().unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
    (start, end)
}

/// The 1-based number of the paragraph holding `needle`, counted through the body as Word
/// orders them (tables' paragraphs included).
fn paragraph_number(xml: &str, needle: &str) -> usize {
    let (start, _) = paragraph_at(xml, needle);
    xml[..start].matches("<w:p ").count() + xml[..start].matches("<w:p>").count() + 1
}

/// `f` applied to the XML of the paragraph holding `needle`.
fn edit_paragraph(xml: &str, needle: &str, f: impl Fn(&str) -> String) -> String {
    let (a, b) = paragraph_at(xml, needle);
    format!("{}{}{}", &xml[..a], f(&xml[a..b]), &xml[b..])
}

/// The place `vanban check` names for the PDF line holding `needle` (first occurrence), as
/// poppler's `pdftotext -bbox` finds it: `trang P, dòng L`, lines counted top-down by their
/// baselines (a word's box is the font's: its baseline is 72.4 % down for Liberation Serif).
fn pdf_place(pdf: &Path, needle: &str) -> String {
    let out = std::process::Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    // Rows of (baseline, text), page by page.
    let mut pages: Vec<Vec<(f64, String)>> = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words: Vec<(f64, f64, String)> = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |k: &str| -> f64 {
                let i = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                w[i..].split('"').next().unwrap().parse().unwrap()
            };
            let text = w.split('>').nth(1).unwrap().split('<').next().unwrap().replace("&quot;", "\"").replace("&amp;", "&");
            let (top, bottom) = (attr("yMin"), attr("yMax"));
            words.push((top + 0.724 * (bottom - top), attr("xMin"), vanban::vn::normalize(&text)));
        }
        words.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut rows: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
        for (y, x, t) in words {
            match rows.last_mut() {
                Some(r) if y - r.0 <= 2.0 => r.1.push((x, t)),
                _ => rows.push((y, vec![(x, t)])),
            }
        }
        pages.push(
            rows.into_iter()
                .map(|(y, mut ws)| {
                    ws.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (y, ws.into_iter().map(|w| w.1).collect::<Vec<_>>().join(" "))
                })
                .collect(),
        );
    }
    for (p, rows) in pages.iter().enumerate() {
        for (l, (_, text)) in rows.iter().enumerate() {
            let hit = match needle.strip_prefix('=') {
                Some(whole) => text == whole,
                None => text.contains(needle),
            };
            if hit {
                return format!("trang {}, dòng {}", p + 1, l + 1);
            }
        }
    }
    panic!("`{needle}` not in {}", pdf.display())
}

/// A planted defect: its name, the edit, and what must be found — (code, needle of the place)
/// for the DOCX and for LibreOffice's PDF of it (`None`: the document's page setup).
struct Defect {
    name: &'static str,
    edit: fn(&str) -> String,
    docx: Vec<(&'static str, Place)>,
    pdf: Vec<(&'static str, Place)>,
}

#[derive(Clone, Copy)]
enum Place {
    /// The paragraph or line holding this text.
    Text(&'static str),
    /// As written.
    Exactly(&'static str),
}

const BODY: &str = "Căn cứ Luật Thi đua";

fn arial_body(xml: &str) -> String {
    // Every body paragraph (indented first line) set in Arial, as a clerk who changed the
    // Normal style's font would have it.
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:p ") {
        out.push_str(&rest[..i]);
        let end = i + rest[i..].find("</w:p>").unwrap() + 6;
        let p = &rest[i..end];
        out.push_str(&if p.contains("w:firstLine=") { p.replace("\"Times New Roman\"", "\"Arial\"") } else { p.to_string() });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn defects() -> Vec<Defect> {
    vec![
        Defect { name: "arial", edit: arial_body, docx: vec![("font-family", Place::Text(BODY))], pdf: vec![("font-family", Place::Text(BODY))] },
        Defect {
            name: "issuer-14pt",
            edit: |x| edit_paragraph(x, "TRƯỜNG CAO ĐẲNG SƠN LA</w:t>", |p| p.replace("w:val=\"25\"", "w:val=\"28\"")),
            docx: vec![("font-size", Place::Text("TRƯỜNG CAO ĐẲNG SƠN LA</w:t>"))],
            // LibreOffice breaks the name, wider at 14 pt, in two lines: both are found.
            pdf: vec![("font-size", Place::Text("TRƯỜNG CAO ĐẲNG SƠN")), ("font-size", Place::Text("=LA"))],
        },
        Defect {
            name: "date-no-zero",
            edit: |x| x.replace("Sơn La, ngày 15 tháng 6 năm 2026", "Sơn La, ngày 5 tháng 3 năm 2026"),
            docx: vec![("date-zero", Place::Text("Sơn La, ngày 5 tháng 3"))],
            pdf: vec![("date-zero", Place::Text("Sơn La, ngày 5 tháng 3"))],
        },
        Defect {
            name: "no-luu",
            edit: |x| {
                let (a, b) = paragraph_at(x, "- Lưu: VT, TCHC.");
                format!("{}{}", &x[..a], &x[b..])
            },
            docx: vec![("noi-nhan-luu", Place::Text("- Đăng website Trường;"))],
            pdf: vec![("noi-nhan-luu", Place::Text("- Đăng website Trường;"))],
        },
        Defect {
            name: "page-number-on-page-1",
            // The first section loses its distinct first page: its header, with the PAGE
            // field, shows on page 1.
            edit: |x| x.replacen("<w:titlePg />", "", 1),
            docx: vec![("page-number", Place::Exactly("đầu trang, phần 1"))],
            pdf: vec![("page-number", Place::Exactly("trang 1, dòng 1"))],
        },
        Defect {
            name: "margins-25mm",
            edit: |x| x.replace("w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\"", "w:right=\"1418\" w:bottom=\"1134\" w:left=\"1418\""),
            docx: vec![
                ("margin", Place::Exactly("phần 1")),
                ("margin", Place::Exactly("phần 1")),
                ("margin", Place::Exactly("phần 2")),
                ("margin", Place::Exactly("phần 2")),
            ],
            pdf: vec![("margin", Place::Exactly("trang 1")), ("margin", Place::Exactly("trang 1"))],
        },
        Defect {
            name: "trich-yeu-not-bold",
            edit: |x| {
                let x = edit_paragraph(x, "Về việc khen thưởng", |p| p.replace("<w:b /><w:bCs />", ""));
                edit_paragraph(&x, "trong phong trào &quot;Bình dân", |p| p.replace("<w:b /><w:bCs />", ""))
            },
            docx: vec![("font-style", Place::Text("Về việc khen thưởng")), ("font-style", Place::Text("trong phong trào &quot;Bình dân"))],
            pdf: vec![("font-style", Place::Text("Về việc khen thưởng")), ("font-style", Place::Text("trong phong trào \"Bình dân"))],
        },
    ]
}

#[test]
fn planted_defects_are_found_at_their_place_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (_, base) = common::render_json(dir.path(), "qd", &std::fs::read_to_string(root().join("samples/quyet-dinh-khen-thuong.json")).unwrap());
    let parts = unzip(&base);
    let xml = String::from_utf8(parts.iter().find(|(n, _)| n == "word/document.xml").unwrap().1.clone()).unwrap();
    // The document as vanban wrote it has nothing to find.
    assert_eq!(check(&base), (vec![], 0));
    let mut made = Vec::new();
    for d in defects() {
        let edited = (d.edit)(&xml);
        assert_ne!(edited, xml, "{}: the edit changed nothing", d.name);
        let parts: Vec<(String, Vec<u8>)> =
            parts.iter().map(|(n, b)| (n.clone(), if n == "word/document.xml" { edited.clone().into_bytes() } else { b.clone() })).collect();
        let file = dir.path().join(format!("{}.docx", d.name));
        zip_parts(&parts, &file);
        made.push((d, file, edited));
    }
    let lo = dir.path().join("lo");
    std::fs::create_dir_all(&lo).unwrap();
    let pdfs = libreoffice_pdfs(&made.iter().map(|m| m.1.clone()).collect::<Vec<_>>(), &lo);
    for ((d, docx, edited), pdf) in made.iter().zip(pdfs) {
        let want_docx: BTreeSet<(String, String)> = d
            .docx
            .iter()
            .map(|(code, place)| {
                let at = match place {
                    Place::Text(t) => format!("đoạn {}", paragraph_number(edited, t)),
                    Place::Exactly(p) => p.to_string(),
                };
                (code.to_string(), at)
            })
            .collect();
        let want_pdf: BTreeSet<(String, String)> = d
            .pdf
            .iter()
            .map(|(code, place)| {
                let at = match place {
                    Place::Text(t) => pdf_place(&pdf, t),
                    Place::Exactly(p) => p.to_string(),
                };
                (code.to_string(), at)
            })
            .collect();
        for (file, want, n) in [(docx, want_docx, d.docx.len()), (&pdf, want_pdf, d.pdf.len())] {
            let (list, code) = check(file);
            let got: BTreeSet<(String, String)> = list.iter().map(|(_, c, p)| (c.clone(), p.clone())).collect();
            assert_eq!(got, want, "{}: {list:?}", file.display());
            assert_eq!(list.len(), n, "{}: {list:?}", file.display());
            assert!(list.iter().all(|x| x.0 == "error"), "{}: {list:?}", file.display());
            assert_eq!(code, 1, "{}", file.display());
        }
    }
}

#[test]
fn what_is_neither_pdf_nor_docx_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("bao-cao.pdf");
    std::fs::write(&fake, "%PDF-1.7\nthis is not a PDF at all").unwrap();
    let doc = dir.path().join("cu.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0 an old Word file").unwrap();
    let broken = dir.path().join("hong.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    // A PDF with a page and no text (a scan's picture, here an empty page).
    let blank = dir.path().join("ban-quet.pdf");
    let pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    std::fs::write(&blank, pdf).unwrap();
    for (f, code) in [(&fake, "pdf-read"), (&doc, "foreign-format"), (&broken, "docx-read"), (&blank, "no-text")] {
        let o = vanban(&["check", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(&format!("error[{code}]")) && e.contains(f.to_str().unwrap()), "{e}");
        assert!(!e.contains("panicked"), "{e}");
    }
}

/// A Quyết định as vanban writes it, with two defects planted in its DOCX (`ngày 5 tháng 3`,
/// no Lưu line), converted to PDF by LibreOffice in `dir`: what the browser test uploads.
pub(crate) fn planted_pdf(dir: &Path) -> PathBuf {
    let (_, base) = common::render_json(dir, "qd", &std::fs::read_to_string(root().join("samples/quyet-dinh-khen-thuong.json")).unwrap());
    let parts = unzip(&base);
    let xml = String::from_utf8(parts.iter().find(|(n, _)| n == "word/document.xml").unwrap().1.clone()).unwrap();
    let xml = xml.replace("Sơn La, ngày 15 tháng 6 năm 2026", "Sơn La, ngày 5 tháng 3 năm 2026");
    let (a, b) = paragraph_at(&xml, "- Lưu: VT, TCHC.");
    let xml = format!("{}{}", &xml[..a], &xml[b..]);
    let parts: Vec<(String, Vec<u8>)> = parts.into_iter().map(|(n, b)| if n == "word/document.xml" { (n, xml.clone().into_bytes()) } else { (n, b) }).collect();
    let docx = dir.join("qd-sai.docx");
    zip_parts(&parts, &docx);
    let out = dir.join("lo");
    std::fs::create_dir_all(&out).unwrap();
    libreoffice_pdfs(&[docx], &out).remove(0)
}
