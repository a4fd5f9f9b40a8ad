//! Helpers shared by the integration tests: run the binary, extract PDF text.
#![allow(dead_code)]

pub mod quarter;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The five samples that reproduce the seeds.
pub const SAMPLES: [&str; 5] =
    ["ke-hoach-truong-tc-cai-be", "ke-hoach-so-gddt-quang-ngai", "ke-hoach-cao-dang-son-la", "cong-van-so-gddt-quang-ngai", "bao-cao-so-gddt-ha-tinh"];

/// Samples beyond the seeds: kinds and elements the seeds do not use.
pub const MORE_SAMPLES: [&str; 11] = [
    "quyet-dinh-khen-thuong",
    "bao-cao-thanh-tich-ca-nhan",
    "cong-van-hoa-toc-mat",
    "quyet-dinh-ban-hanh-quy-che",
    "cong-van-ky-so",
    // The forms of Phụ lục III and a joint document (issue 27).
    "bien-ban-hop-hoi-dong-truong",
    "ke-hoach-lien-tich-y-te-truong-hoc",
    "nghi-quyet-hoi-dong-truong",
    "cong-dien-phong-chong-bao",
    "giay-gioi-thieu-kho-bac",
    "giay-nghi-phep-giao-vien",
];

/// The starters of `vanban new`.
pub const STARTERS: [&str; 13] = [
    "ke-hoach",
    "bao-cao",
    "cong-van",
    "to-trinh",
    "quyet-dinh",
    "thong-bao",
    "giay-moi",
    "quy-che",
    "bien-ban",
    "cong-dien",
    "nghi-quyet",
    "giay-gioi-thieu",
    "giay-nghi-phep",
];

/// Every document the parity and validity tests render: (name, input file). The starters
/// are named `new-<kind>`.
pub fn documents() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = SAMPLES.iter().chain(MORE_SAMPLES.iter()).map(|s| (s.to_string(), sample(s))).collect();
    out.extend(STARTERS.iter().map(|k| (format!("new-{k}"), root().join("templates/new").join(format!("{k}.json")))));
    out
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(format!("{name}.json"))
}

/// `vanban ARGS…` in the English of a machine without a locale (the language of messages
/// follows LC_ALL, LC_MESSAGES and LANG: see tests/testsuite/messages.rs for Vietnamese).
pub fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban")).args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG").output().expect("run vanban")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Text of a PDF in content-stream order (`pdftotext -raw`), pages separated by form feeds.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (Debian package poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("utf-8")
}

/// `pdfinfo` fields.
pub fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Renders `input` to a PDF in a fresh temporary directory; panics with vanban's errors.
pub fn render_pdf(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.pdf");
    let o = vanban(&["render", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "render {} failed:\n{}", input.display(), stderr(&o));
    (dir, out)
}

/// Lower-case words (letters and digits) of NFC text, with the `ƣ` mojibake repaired and
/// HTML/markdown markup of the seed extraction dropped.
pub fn words(text: &str) -> Vec<String> {
    let mut clean = String::new();
    let mut in_tag = false;
    for c in vanban::vn::normalize(text).chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                clean.push(' ');
            }
            _ if in_tag => {}
            c => clean.push(c),
        }
    }
    clean.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Seed words that a word diff (Myers, as `diff` does) cannot align with `got`: words
/// dropped, changed or moved. Returned as runs of consecutive missing words.
pub fn missing_in_order(seed: &[String], got: &[String]) -> Vec<String> {
    use similar::{capture_diff_slices, Algorithm, DiffOp};
    let mut runs = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, seed, got) {
        match op {
            DiffOp::Delete { old_index, old_len, .. } | DiffOp::Replace { old_index, old_len, .. } => {
                runs.push(seed[old_index..old_index + old_len].join(" "));
            }
            _ => {}
        }
    }
    runs
}

/// One line of a PDF's text as `pdftotext -bbox-layout` finds it (points, top-left origin).
#[derive(Debug, Clone)]
pub struct Line {
    pub page: usize,
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
    pub text: String,
    /// Each word with its left and right edge.
    pub words: Vec<(String, f64, f64)>,
}

/// The lines of a PDF, page by page, top to bottom as the PDF orders them.
pub fn text_lines(pdf: &Path) -> Vec<Line> {
    let out = Command::new("pdftotext").args(["-bbox-layout"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let unescape = |s: &str| s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&");
    let mut lines = Vec::new();
    for (pi, page) in html.split("<page ").skip(1).enumerate() {
        for l in page.split("<line ").skip(1) {
            let mut words = Vec::new();
            let mut y = 0.0;
            for w in l.split("<word ").skip(1) {
                let attr = |k: &str| -> f64 {
                    let i = w.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                    w[i..].split('"').next().unwrap().parse().unwrap()
                };
                let text = unescape(w.split('>').nth(1).unwrap().split('<').next().unwrap());
                y = attr("yMin");
                // LibreOffice prints Word's non-breaking hyphen as U+2011.
                words.push((vanban::vn::normalize(&text).replace('\u{2011}', "-"), attr("xMin"), attr("xMax")));
            }
            if words.is_empty() {
                continue;
            }
            let text = words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>().join(" ");
            lines.push(Line { page: pi + 1, y, x0: words[0].1, x1: words.last().unwrap().2, text, words });
        }
    }
    lines
}

/// Has LibreOffice convert `docx` files to PDF in `out_dir` (one process); returns the PDFs.
pub fn libreoffice_pdfs(docx: &[PathBuf], out_dir: &Path) -> Vec<PathBuf> {
    let profile = out_dir.join("lo-profile");
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .args(docx)
        .output()
        .expect("soffice must be installed (Debian package libreoffice-writer-nogui)");
    assert!(o.status.success(), "soffice failed: {}", String::from_utf8_lossy(&o.stderr));
    docx.iter().map(|d| out_dir.join(d.with_extension("pdf").file_name().unwrap())).collect()
}

/// Renders the document `json` (written to `dir/name.json`) to `dir/name.pdf` and
/// `dir/name.docx`; panics with vanban's errors.
pub fn render_json(dir: &Path, name: &str, json: &str) -> (PathBuf, PathBuf) {
    let input = dir.join(format!("{name}.json"));
    std::fs::write(&input, json).unwrap();
    let (pdf, docx) = (dir.join(format!("{name}.pdf")), dir.join(format!("{name}.docx")));
    let o = vanban(&["render", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "-o", docx.to_str().unwrap()]);
    assert!(o.status.success(), "render {name} failed:\n{}", stderr(&o));
    (pdf, docx)
}

/// A part of a DOCX package as text.
pub fn docx_part(docx: &Path, name: &str) -> String {
    use std::io::Read;
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", docx.display())).read_to_string(&mut s).unwrap();
    s
}

/// Every part of a DOCX package is well-formed XML (parsed to the end by quick-xml); the
/// first problem otherwise.
pub fn docx_xml_problem(docx: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut z = match zip::ZipArchive::new(std::io::Cursor::new(docx)) {
        Ok(z) => z,
        Err(e) => return Some(format!("not a ZIP: {e}")),
    };
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_err() {
            return Some(format!("{name}: not UTF-8"));
        }
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        if let Some(c) = s.chars().find(|c| matches!(*c as u32, 0..=8 | 0xB | 0xC | 0xE..=0x1F | 0xFFFE | 0xFFFF)) {
            return Some(format!("{name}: U+{:04X} is not allowed in XML", c as u32));
        }
        let mut r = quick_xml::Reader::from_str(&s);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Some(format!("{name}: {e}")),
            }
        }
    }
    None
}

/// A minimal Kế hoạch with `body` as its `noi_dung` (a JSON array) and `extra` fields
/// (a JSON object's members, or empty) merged over it.
pub fn ke_hoach(body: &str, extra: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(
        r#"{
  "loai": "ke-hoach",
  "co_quan": {"chu_quan": ["UBND TỈNH QUẢNG NGÃI"], "ten": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "viet_tat": "SGDĐT"},
  "so": 15, "dia_danh": "Quảng Ngãi", "ngay": "2026-01-05",
  "trich_yeu": "Thực hiện phong trào \"Bình dân học vụ số\" năm 2026",
  "noi_dung": [],
  "ky": {"hinh_thuc": "KT", "thay_mat": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"},
  "noi_nhan": ["Như trên;", "Lưu: VT, VP."]
}"#,
    )
    .unwrap();
    v["noi_dung"] = serde_json::from_str(body).unwrap();
    if !extra.is_empty() {
        let e: serde_json::Value = serde_json::from_str(&format!("{{{extra}}}")).unwrap();
        for (k, x) in e.as_object().unwrap() {
            v[k] = x.clone();
        }
    }
    serde_json::to_string_pretty(&v).unwrap()
}

/// The OOXML validator: `$VANBAN_OPENXML_AUDIT`, or `openxml-audit` on the PATH (PyPI;
/// `bash tests/run.sh` installs it).
pub fn validator() -> String {
    std::env::var("VANBAN_OPENXML_AUDIT").unwrap_or_else(|_| "openxml-audit".to_string())
}

/// Validates every `.docx` under `dir` for Microsoft 365: (files checked, report of the
/// invalid ones, empty when all are valid).
pub fn audit(dir: &Path) -> (usize, String) {
    let o = Command::new(validator())
        .args(["--validator", "ooxml", "-f", "microsoft365", "-m", "0", "-o", "json", "-r", "-q"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{} cannot run ({e}): install it with `pip install openxml-audit`, or run `bash tests/run.sh`", validator()));
    let results: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("validator output is not JSON ({e}): {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)));
    let mut report = String::new();
    for r in &results {
        if r["valid"] != true || r["error_count"] != 0 {
            report.push_str(&format!("{}: {} error(s)\n", r["file"], r["error_count"]));
            for e in r["errors"].as_array().into_iter().flatten().take(5) {
                report.push_str(&format!("  {} {} ({})\n", e["part_uri"], e["description"], e["path"]));
            }
        }
    }
    (results.len(), report)
}

/// Every `.docx` under `dir` is valid OOXML (see [`audit`]).
pub fn assert_valid_docx(dir: &Path) {
    let (checked, report) = audit(dir);
    assert!(checked > 0, "no DOCX under {}", dir.display());
    assert!(report.is_empty(), "{report}");
}

/// Page `page` (from 1) of `pdf` rendered by poppler's pdftoppm with `args` (`-r`, `-gray`, …)
/// into `pdf`'s folder: (width, height, samples), the PGM or PPM read past its header.
pub fn pdftoppm(pdf: &Path, page: usize, args: &[&str]) -> (usize, usize, Vec<u8>) {
    let prefix = pdf.with_file_name(format!("{}-p{page}", pdf.file_stem().unwrap().to_str().unwrap()));
    for e in ["pgm", "ppm"] {
        let _ = std::fs::remove_file(prefix.with_extension(e));
    }
    let o = Command::new("pdftoppm")
        .args(args)
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
    let file = ["pgm", "ppm"].iter().map(|e| prefix.with_extension(e)).find(|f| f.exists()).expect("pdftoppm's picture");
    let data = std::fs::read(file).unwrap();
    // The header: magic, width, height, maxval, each after whitespace; one byte, then samples.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).to_string());
    }
    (fields[1].parse().unwrap(), fields[2].parse().unwrap(), data[i + 1..].to_vec())
}

/// The images of a PDF's page (from 1) as poppler finds them: (left, top, width, height) in
/// mm from the page's top left, in drawing order.
pub fn pdf_images(pdf: &Path, page: usize) -> Vec<[f64; 4]> {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new("pdftohtml")
        .args(["-xml", "-zoom", "1", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg(dir.path().join("out"))
        .output()
        .expect("pdftohtml (poppler-utils)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = std::fs::read_to_string(dir.path().join("out.xml")).unwrap();
    xml.split("<image ")
        .skip(1)
        .map(|t| {
            let attr = |k: &str| -> f64 {
                let i = t.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
                t[i..].split('"').next().unwrap().parse::<f64>().unwrap() * 25.4 / 72.0
            };
            [attr("left"), attr("top"), attr("width"), attr("height")]
        })
        .collect()
}
