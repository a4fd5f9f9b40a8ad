//! Back ends. Each one reads the [`Composed`](crate::compose::Composed) document and the
//! layout [`Profile`](crate::profile::Profile); none reads the input or the CLI, and none
//! decides a printed string or a layout number (compose and profile do).
//!
//! - [`pdf`]: the Typst world and engine — layout, page numbers, PDF and PDF/A export, SVG pages.
//! - [`docx`]: the DOCX writer (docx-rs), the same layout as the PDF.
//! - [`ooxml`]: docx-rs's XML put into ECMA-376 schema order, so Word and validators accept it.
//! - [`fonts`]: the bundled fonts and `--font-path`, their metrics.
//! - [`inspect`]: a flat view of laid-out pages (text runs, rules, images) for the tests.
//! - [`sigfield`]: the empty signature field added to a rendered PDF (incremental update).

pub mod docx;
pub mod fonts;
pub mod inspect;
pub mod ooxml;
pub mod pdf;
pub mod sigfield;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// PDF through Typst.
    Pdf,
    /// DOCX through docx-rs.
    Docx,
}

impl Format {
    /// The format of an output path, from its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// The media type, for a download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}
