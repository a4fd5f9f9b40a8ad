//! The PDF back end: the composed document goes to Typst as a JSON data file that the
//! embedded template `templates/nd30.typ` reads. The World sees only that template, the
//! data and the fonts; it has no clock and no file system.

use super::fonts::FontSet;
use crate::compose::Composed;
use crate::diag::Diagnostic;
use crate::profile::Profile;
use serde::Serialize;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::layout::{Frame, FrameItem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The layout in Typst, compiled into the binary.
pub const TEMPLATE: &str = include_str!("../../templates/nd30.typ");

fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("static path")).intern()
}

// Fixed ids: interned once for the life of the process (typst allows at most 2^16).
static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/nd30.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/data.json"));

/// What stays the same from one document to the next: library, fonts, template. Build
/// it once and share it between threads.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: FontSet,
    main: Source,
    profile: Profile,
}

impl Engine {
    /// An engine over `fonts` with the default ND30 profile (font families from `fonts`).
    pub fn new(fonts: FontSet) -> Engine {
        let profile = Profile { fonts: fonts.families.clone(), ..Profile::default() };
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book.clone()),
            main: Source::new(*MAIN_ID, TEMPLATE.to_string()),
            fonts,
            profile,
        }
    }

    /// The layout profile in use.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The data file the template reads: the profile and the composed document.
    pub fn data_json(&self, doc: &Composed) -> Vec<u8> {
        #[derive(Serialize)]
        struct Data<'a> {
            profile: &'a Profile,
            doc: &'a Composed,
        }
        // Serialising plain structs of strings and numbers cannot fail.
        serde_json::to_vec(&Data { profile: &self.profile, doc }).unwrap_or_default()
    }

    /// Lays out a composed document.
    pub fn layout(&self, doc: &Composed) -> Result<PagedDocument, Vec<Diagnostic>> {
        let (doc_title, doc_author) = (doc.meta_title.as_str(), doc.meta_author.as_str());
        let world = DocWorld { engine: self, data: Bytes::new(self.data_json(doc)) };
        let warned = typst::compile::<PagedDocument>(&world);
        // An unknown font family is only a warning in typst: vanban makes it an error, as
        // it would silently change the document's font.
        let mut errs: Vec<Diagnostic> = warned
            .warnings
            .iter()
            .filter(|w| w.message.contains("font"))
            .map(typst_diag)
            .collect();
        let mut doc = match warned.output {
            Ok(d) => d,
            Err(es) => {
                errs.extend(es.iter().map(typst_diag));
                return Err(errs);
            }
        };
        // Metadata is set here rather than by the template (see templates/nd30.typ); no
        // date is written, so the same input gives the same bytes.
        let info = doc.info_mut();
        info.title = Some(doc_title.into());
        info.author = vec![doc_author.into()];
        info.date = Smart::Custom(None);
        let missing = missing_glyphs(&doc);
        if !missing.is_empty() {
            errs.push(
                Diagnostic::error(
                    "missing-glyph",
                    format!("the font has no glyph for: {}", missing.iter().map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", ")),
                )
                .hint("remove the character or add a font that has it with --font-path"),
            );
        }
        if errs.is_empty() {
            Ok(doc)
        } else {
            Err(errs)
        }
    }

    /// Lays out and exports to PDF bytes. No creation date is written, so the same
    /// input gives the same bytes.
    pub fn pdf(&self, doc: &Composed) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let paged = self.layout(doc)?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom("vanban".into()),
            timestamp: None,
            ..Default::default()
        };
        typst_pdf::pdf(&paged, &options).map_err(|es| {
            es.iter().map(|e| Diagnostic::error("pdf", e.message.to_string())).collect()
        })
    }
}

fn typst_diag(d: &SourceDiagnostic) -> Diagnostic {
    let mut out = Diagnostic::error("typst", format!("layout failed: {}", d.message));
    if d.severity == Severity::Warning {
        out.message = format!("font problem: {}", d.message);
        out.code = "font";
    }
    if let Some(h) = d.hints.first() {
        out = out.hint(h.v.to_string());
    }
    out
}

/// Characters set with the font's `.notdef` glyph (not in the font; fallback is off).
fn missing_glyphs(doc: &PagedDocument) -> Vec<char> {
    fn walk(frame: &Frame, out: &mut Vec<char>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => {
                    for g in &t.glyphs {
                        if g.id == 0 {
                            if let Some(c) = t.text[g.range()].chars().next() {
                                if !out.contains(&c) {
                                    out.push(c);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for p in doc.pages() {
        walk(&p.frame, &mut out);
    }
    out
}

/// The World of one document: the shared engine plus this document's data.
struct DocWorld<'a> {
    engine: &'a Engine,
    data: Bytes,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        *MAIN_ID
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN_ID {
            Ok(self.engine.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == *MAIN_ID {
            Ok(Bytes::from_string(self.engine.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
