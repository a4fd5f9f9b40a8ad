//! # vanban
//!
//! Drafts Vietnamese administrative documents that follow Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline runs forward only:
//!
//! ```text
//! input (JSON file | stdin) ─ input::parse_document ─► model::Document
//!   ─ compose::compose (NFC, ƣ→ư, number/date/signature lines, inline styles) ─► compose::Composed
//!   ─ render::pdf::Engine (Typst in-process, templates/nd30.typ, bundled fonts) ─► PDF bytes
//!   ─ output::write_atomic ─► file
//! ```
//!
//! - [`model`]: the input types (serde, strict). No IO.
//! - [`text`]: the plain-text conventions of the seeds (`I.`, `1.1.`, `- `, `**bold**`).
//! - [`vn`]: Vietnamese text: NFC, date line, numbers, upper case, kinds of ND30.
//! - [`compose`]: every printed string decided, for every back end.
//! - [`profile`]: every layout number of ND30 in one value, read by every back end.
//! - [`render`]: back ends (PDF through Typst) and the fonts.
//! - [`input`], [`output`]: reading with JSON paths in errors; atomic writes.
//! - [`diag`]: diagnostics with file, JSON path, line/column and hint.

pub mod compose;
pub mod diag;
pub mod input;
pub mod model;
pub mod output;
pub mod profile;
pub mod render;
pub mod text;
pub mod vn;

use diag::Diagnostic;

/// Reads, parses and composes one input file (`-` for standard input). Every error found
/// carries the file name.
pub fn load(path: &str) -> Result<compose::Composed, Vec<Diagnostic>> {
    let text = input::read_text(path).map_err(|d| vec![d])?;
    let doc = input::parse_document(path, &text).map_err(|d| vec![d])?;
    compose::compose(&doc).map_err(|ds| ds.into_iter().map(|d| d.in_file(path)).collect())
}
