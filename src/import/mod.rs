//! Documents made elsewhere: Word (.docx) and PDF files read for `vanban check` (the decree's
//! layout checked on a laid-out document) and `vanban nhap` (into vanban's JSON).
//! It reads only; it writes no file and is used by the CLI and the server, never by the core.

pub mod layout;
pub mod pdf;
pub mod word;
pub mod word_layout;
mod xml;

use crate::diag::Diagnostic;

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
        None if name.to_lowercase().ends_with(".doc") => Err(Diagnostic::error("foreign-format", "a Word 97–2003 document (.doc) is not read")
            .in_file(name)
            .hint("open it in Word or LibreOffice and save it as .docx (Word Document), or print it to PDF")),
        None => Err(Diagnostic::error("foreign-format", "neither a PDF nor a Word document (.docx)").in_file(name).hint("give a .pdf or a .docx file")),
    }
}

/// The bytes of the file at `path`, refused above [`MAX_BYTES`].
pub fn read_file(path: &str) -> Result<Vec<u8>, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error("read", format!("cannot read the file: {e}")).in_file(path))?;
    if meta.len() > MAX_BYTES {
        return Err(Diagnostic::error(
            "too-large",
            format!("the file is {} MB; files above {} MB are not read", meta.len() / 1_000_000, MAX_BYTES / 1024 / 1024),
        )
        .in_file(path));
    }
    std::fs::read(path).map_err(|e| Diagnostic::error("read", format!("cannot read the file: {e}")).in_file(path))
}

/// [`check_bytes`] on the file at `path`.
pub fn check_file(path: &str) -> Vec<Diagnostic> {
    match read_file(path) {
        Ok(b) => check_bytes(path, b),
        Err(d) => vec![d],
    }
}

fn docx_laid(name: &str, bytes: &[u8]) -> Result<layout::Laid, Diagnostic> {
    let doc = word::read_docx(bytes).map_err(|e| {
        Diagnostic::error("docx-read", e.message(name)).in_file(name).hint("open it in Word or LibreOffice and save it again as .docx (Word Document)")
    })?;
    Ok(word_layout::laid(&doc))
}
