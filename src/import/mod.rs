//! Documents made elsewhere: Word (.docx) and PDF files read for `vanban check` (the decree's
//! layout checked on a laid-out document) and `vanban nhap` (into vanban's JSON, [`document`], or a bulk template).
//! It reads only; it writes no file and is used by the CLI and the server, never by the core.

pub mod document;
pub mod layout;
pub mod pdf;
pub mod word;
pub mod word_layout;
mod xml;

use crate::diag::Diagnostic;
use crate::messages::Msg;

/// The largest file read, bytes.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// What a file to check is, by its first bytes (then by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF.
    Pdf,
    /// A Word document (.docx, a zip package).
    Docx,
}

/// The format of a file named `name` starting with `bytes`: `None` when it is neither.
pub fn format_of(name: &str, bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(b"%PDF") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK") {
        return Some(Format::Docx);
    }
    let lower = name.to_lowercase();
    if lower.ends_with(".pdf") {
        Some(Format::Pdf)
    } else if lower.ends_with(".docx") {
        Some(Format::Docx)
    } else {
        None
    }
}

/// True when `name` is a file `vanban check` reads as a document made elsewhere.
pub fn is_foreign(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".pdf") || lower.ends_with(".docx") || lower.ends_with(".doc")
}

/// The decree's layout checked on the document `bytes` (named `name` in the findings): every
/// finding, each with its page and line (PDF) or paragraph (DOCX); a file that cannot be read
/// is one error saying why.
pub fn check_bytes(name: &str, bytes: Vec<u8>) -> Vec<Diagnostic> {
    match read(name, bytes) {
        Ok(l) => layout::check(&l, name),
        Err(d) => vec![d],
    }
}

/// The document `bytes` (named `name`) read into the laid-out model the rules read: a PDF's
/// lines and rules as measured, a DOCX's paragraphs with their effective formatting.
pub fn read(name: &str, bytes: Vec<u8>) -> Result<layout::Laid, Diagnostic> {
    match format_of(name, &bytes) {
        Some(Format::Pdf) => pdf::read(name, bytes),
        Some(Format::Docx) => docx_laid(name, &bytes),
        None if name.to_lowercase().ends_with(".doc") => Err(Diagnostic::error(Msg::DocNotRead).in_file(name)),
        None => Err(Diagnostic::error(Msg::ForeignFormat).in_file(name)),
    }
}

/// The bytes of the file at `path`, refused above [`MAX_BYTES`].
pub fn read_file(path: &str) -> Result<Vec<u8>, Diagnostic> {
    let unreadable = |e: std::io::Error| Diagnostic::error(Msg::ForeignUnreadable { error: e.to_string() }).in_file(path);
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_BYTES {
        return Err(Diagnostic::error(Msg::ForeignTooLarge { mb: meta.len() / 1_000_000, max: MAX_BYTES / 1024 / 1024 }).in_file(path));
    }
    std::fs::read(path).map_err(unreadable)
}

/// A document checked for the web editor: each finding with its page and box, and the pages.
#[derive(Debug, Clone)]
pub struct Inspection {
    /// PDF or DOCX.
    pub format: Format,
    /// Every finding, in document order, with where it is.
    pub findings: Vec<Finding>,
    /// The pages (a PDF's, its first [`Inspection::MAX_PAGES`] drawn as SVG) or sections (a DOCX's).
    pub pages: Vec<PageView>,
}

impl Inspection {
    /// Pages drawn at most.
    pub const MAX_PAGES: usize = 30;
}

/// One finding and where it is.
#[derive(Debug, Clone)]
pub struct Finding {
    /// What was found (its `path` the place: `trang 2, dòng 14`, `đoạn 12`).
    pub diagnostic: Diagnostic,
    /// The page (PDF) or section (DOCX), 1-based.
    pub page: Option<usize>,
    /// A PDF line's box, mm from the page's top-left corner: x0, top, x1, bottom.
    pub box_mm: Option<[f64; 4]>,
}

/// A page as shown.
#[derive(Debug, Clone)]
pub struct PageView {
    /// Width, mm.
    pub width_mm: f64,
    /// Height, mm.
    pub height_mm: f64,
    /// The page drawn (a PDF's), SVG.
    pub svg: Option<String>,
}

/// [`check_bytes`], with each finding placed on its page and a PDF's pages drawn: what the web
/// editor's "Kiểm tra văn bản" page shows. A file that cannot be read is its one error.
pub fn inspect(name: &str, bytes: Vec<u8>) -> Result<Inspection, Diagnostic> {
    let format = format_of(name, &bytes);
    let svgs = if format == Some(Format::Pdf) { pdf::pages_svg(bytes.clone(), Inspection::MAX_PAGES) } else { Vec::new() };
    let laid = read(name, bytes)?;
    let findings = layout::check_placed(&laid, name)
        .into_iter()
        .map(|(d, line)| {
            // The line it is about, else its place (a page, a paragraph).
            let (page, box_mm) = match line {
                Some(i) => (laid.lines.get(i).map(|l| l.page), laid.line_box(i)),
                None => d.path.as_deref().and_then(|p| laid.place(p)).map_or((None, None), |(p, b)| (Some(p), b)),
            };
            Finding { page, box_mm, diagnostic: d }
        })
        .collect();
    let pages = laid.pages.iter().enumerate().map(|(i, p)| PageView { width_mm: p.width_mm, height_mm: p.height_mm, svg: svgs.get(i).cloned() }).collect();
    Ok(Inspection { format: format.unwrap_or(Format::Docx), findings, pages })
}

/// [`check_bytes`] on the file at `path`.
pub fn check_file(path: &str) -> Vec<Diagnostic> {
    match read_file(path) {
        Ok(b) => check_bytes(path, b),
        Err(d) => vec![d],
    }
}

fn docx_laid(name: &str, bytes: &[u8]) -> Result<layout::Laid, Diagnostic> {
    let doc = word::read_docx(bytes).map_err(|e| e.diagnostic(name))?;
    Ok(word_layout::laid(&doc))
}
pub use document::{import_docx, Imported, Unmapped};
use std::path::{Path, PathBuf};

/// The bytes a legacy Word file (`.doc`, OLE2) starts with.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Imports the Word document at `path` (see [`document`]): a `.doc` is first converted with
/// LibreOffice when it is installed (`soffice` on the PATH), else refused with how to save it
/// as `.docx`. An error names the file.
pub fn import_file(path: &Path, template: bool) -> Result<Imported, Diagnostic> {
    let file = path.display().to_string();
    let bytes = read_file(&file)?;
    if bytes.starts_with(&OLE_MAGIC) || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("doc")) {
        let converted = convert_doc(path).map_err(|m| Diagnostic::error(m).in_file(&file))?;
        return import_docx(&file, &converted, template);
    }
    import_docx(&file, &bytes, template)
}

/// `soffice` (or `libreoffice`) on the PATH.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n))).find(|p| p.is_file())
}

/// A `.doc` converted to `.docx` by LibreOffice, in a temporary folder.
fn convert_doc(path: &Path) -> Result<Vec<u8>, Msg> {
    let Some(office) = soffice() else {
        return Err(Msg::ImportDocNoOffice);
    };
    let dir = tempfile::tempdir().map_err(|e| Msg::ImportDocTempDir { error: e.to_string() })?;
    // A profile of its own: an office already open for the user does not take the job.
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    let input = dir.path().join("in.doc");
    std::fs::copy(path, &input).map_err(|e| Msg::ForeignUnreadable { error: e.to_string() })?;
    let out = std::process::Command::new(office)
        .arg(profile)
        .args(["--headless", "--convert-to", "docx", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .map_err(|e| Msg::ImportDocRun { error: e.to_string() })?;
    match std::fs::read(dir.path().join("in.docx")) {
        Ok(b) => Ok(b),
        Err(_) => Err(Msg::ImportDocFailed { detail: String::from_utf8_lossy(&out.stderr).trim().to_string() }),
    }
}
