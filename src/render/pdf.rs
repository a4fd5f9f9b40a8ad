//! The PDF back end: the composed document goes to Typst as a JSON data file that the
//! embedded template `templates/nd30.typ` reads (with the functions of
//! `templates/nd30-parts.typ`). The World sees only those two files, the
//! data and the fonts; it has no clock and no file system.
//!
//! Page numbers are added after layout (see [`Engine::layout`]): a header that asks for its
//! page number would make Typst lay every document out twice.

use super::fonts::FontSet;
use super::sigfield::{self, SignatureField};
use crate::compose::Composed;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::profile::Profile;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic, SourceResult, Warned};
use typst::foundations::{Bytes, Datetime, Duration, Label, Smart};
use typst::introspection::Tag;
use typst::layout::{Frame, FrameItem, Point};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::{Library, LibraryExt, World};
use typst_layout::{Page, PagedDocument};

/// The layout in Typst, compiled into the binary.
pub const TEMPLATE: &str = include_str!("../../templates/nd30.typ");
/// The layout's functions, which do not depend on the document (imported by [`TEMPLATE`]).
pub const PARTS: &str = include_str!("../../templates/nd30-parts.typ");
/// The outgoing register printed as its book (A4 landscape, ten columns).
pub const BOOK: &str = include_str!("../../templates/so-dang-ky.typ");
/// One chart alone, for the DOCX's picture of it.
pub const CHART: &str = include_str!("../../templates/bieu-do.typ");

fn file_id(path: &str) -> FileId {
    RootedPath::new(VirtualRoot::Project, VirtualPath::new(path).expect("static path")).intern()
}

// Fixed ids: interned once for the life of the process (typst allows at most 2^16).
static MAIN_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/nd30.typ"));
static BOOK_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/so-dang-ky.typ"));
static CHART_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/bieu-do.typ"));
static PARTS_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/nd30-parts.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/data.json"));
static PROFILE_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/profile.json"));
static SOURCE_ID: LazyLock<FileId> = LazyLock::new(|| file_id("/source.json"));
static SIGN_ID: LazyLock<FileId> = LazyLock::new(|| file_id(crate::compose::SIGN_IMAGE));
static SEAL_ID: LazyLock<FileId> = LazyLock::new(|| file_id(crate::compose::SEAL_IMAGE));

/// How a PDF is written beyond the plain document ([`Engine::pdf_with`]).
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// PDF/A (`render --pdf-standard`).
    pub archive: Option<Archive>,
    /// The source attached to a PDF/A-3: its file name and bytes.
    pub source: Option<(&'a str, &'a [u8])>,
    /// An empty signature field (`render --signature-field`).
    pub field: Option<SignatureField>,
}

/// PDF/A conformance for archiving (`render --pdf-standard`): PDF/A-2b, or PDF/A-3b with the
/// document's JSON attached as its source data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archive {
    /// PDF/A-2b.
    A2b,
    /// PDF/A-3b, with a source file attached (`AFRelationship /Source`).
    A3b,
}

/// The label of the marker on the first page of each appendix (see the template).
const APPENDIX_MARK: &str = "vanban-appendix";

/// The items of a page header holding one page number.
type NumberHeader = Arc<Vec<(Point, FrameItem)>>;

/// What `/data.json` holds (see the top of `templates/nd30.typ`).
#[derive(Serialize)]
struct Data<'a> {
    doc: Option<&'a Composed>,
    numbers_in_typst: bool,
    number_page: Option<NumberPage>,
    /// Several documents one after the other (a dossier), each from a new page, with its
    /// own page numbers and an outline entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    parts: Option<Vec<PartData<'a>>>,
    /// The name of the source file attached to a PDF/A-3 (its bytes are `/source.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    attach: Option<&'a str>,
}

#[derive(Serialize)]
struct PartData<'a> {
    title: &'a str,
    doc: &'a Composed,
}

#[derive(Serialize)]
struct NumberPage {
    n: usize,
    flipped: bool,
}

/// What stays the same from one document to the next: library, fonts, template. Build
/// it once and share it between threads.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: FontSet,
    main: Source,
    parts: Source,
    profile: Profile,
    profile_json: Bytes,
    /// Page headers by page number and orientation, laid out once per engine.
    numbers: Mutex<HashMap<(usize, bool), NumberHeader>>,
}

impl Engine {
    /// An engine over `fonts` with the default ND30 profile (font families from `fonts`).
    pub fn new(fonts: FontSet) -> Engine {
        let profile = Profile { fonts: fonts.families.clone(), ..Profile::default() };
        // Serialising plain structs of strings and numbers cannot fail.
        let profile_json = Bytes::new(serde_json::to_vec(&profile).unwrap_or_default());
        Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book.clone()),
            main: Source::new(*MAIN_ID, TEMPLATE.to_string()),
            parts: Source::new(*PARTS_ID, PARTS.to_string()),
            fonts,
            profile,
            profile_json,
            numbers: Mutex::new(HashMap::new()),
        }
    }

    /// The layout profile in use.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The files of a stand-alone Typst project of `doc` (file name, bytes), for
    /// `typst compile nd30.typ`: there the header numbers the pages itself.
    pub fn project_files(&self, doc: &Composed) -> Vec<(&'static str, Vec<u8>)> {
        let data = Data { doc: Some(doc), numbers_in_typst: true, number_page: None, parts: None, attach: None };
        vec![
            ("nd30.typ", TEMPLATE.as_bytes().to_vec()),
            ("nd30-parts.typ", PARTS.as_bytes().to_vec()),
            ("profile.json", self.profile_json.to_vec()),
            // Serialising plain structs of strings and numbers cannot fail.
            ("data.json", serde_json::to_vec(&data).unwrap_or_default()),
        ]
    }

    fn compile(&self, data: &Data) -> Warned<SourceResult<PagedDocument>> {
        self.compile_with(data, None)
    }

    /// [`Engine::compile`] with a source file to attach (`/source.json`, PDF/A-3).
    fn compile_with(&self, data: &Data, source: Option<Bytes>) -> Warned<SourceResult<PagedDocument>> {
        // The signature block's images (ký số), served at their fixed paths.
        let bytes = |i: Option<&crate::compose::CImage>| i.map(|i| Bytes::new(i.png.to_vec()));
        let sign = data.doc.and_then(|d| bytes(d.sign_image.as_ref()));
        let seal = data.doc.and_then(|d| bytes(d.seal_image.as_ref()));
        // Serialising plain structs of strings and numbers cannot fail.
        let data = Bytes::new(serde_json::to_vec(data).unwrap_or_default());
        typst::compile::<PagedDocument>(&DocWorld { engine: self, data, main: *MAIN_ID, source, sign, seal })
    }

    /// Lays out a composed document, with page numbers.
    pub fn layout(&self, doc: &Composed) -> Result<PagedDocument, Vec<Diagnostic>> {
        self.layout_with(doc, false)
    }

    /// Lays out a composed document, with the page numbers added after layout
    /// (`numbers_in_typst = false`, what [`Engine::layout`] does) or set by Typst's own
    /// header (as the `typst-project` export does; slower: two layout passes).
    pub fn layout_with(&self, doc: &Composed, numbers_in_typst: bool) -> Result<PagedDocument, Vec<Diagnostic>> {
        let warned = self.compile(&Data { doc: Some(doc), numbers_in_typst, number_page: None, parts: None, attach: None });
        self.finish(warned, numbers_in_typst, &doc.meta_title, &doc.meta_author)
    }

    /// Lays out several documents as one (a dossier): each starts on a new page, counts its
    /// pages from 1 (its first page unnumbered, as when it is printed alone) and has an
    /// entry, its title, in the PDF's outline.
    pub fn layout_parts(&self, parts: &[(&str, &Composed)], title: &str, author: &str) -> Result<PagedDocument, Vec<Diagnostic>> {
        let parts = parts.iter().map(|(title, doc)| PartData { title, doc }).collect();
        let warned = self.compile(&Data { doc: None, numbers_in_typst: false, number_page: None, parts: Some(parts), attach: None });
        self.finish(warned, false, title, author)
    }

    /// Typst's output made vanban's: font warnings as errors, page numbers, metadata, and
    /// the check that every character has its glyph.
    fn finish(
        &self,
        warned: Warned<SourceResult<PagedDocument>>,
        numbers_in_typst: bool,
        doc_title: &str,
        doc_author: &str,
    ) -> Result<PagedDocument, Vec<Diagnostic>> {
        // An unknown font family is only a warning in typst: vanban makes it an error, as
        // it would silently change the document's font.
        let mut errs: Vec<Diagnostic> = warned.warnings.iter().filter(|w| w.message.contains("font")).map(typst_diag).collect();
        let mut doc = match warned.output {
            Ok(d) => d,
            Err(es) => {
                errs.extend(es.iter().map(typst_diag));
                return Err(errs);
            }
        };
        if !numbers_in_typst {
            doc = self.number_pages(doc)?;
        }
        // Metadata is set here rather than by the template (see templates/nd30.typ); no
        // date is written, so the same input gives the same bytes.
        let info = doc.info_mut();
        info.title = Some(doc_title.into());
        info.author = vec![doc_author.into()];
        info.date = Smart::Custom(None);
        let missing = missing_glyphs(&doc);
        if !missing.is_empty() {
            errs.push(Diagnostic::error(Msg::LayoutGlyph {
                list: missing.iter().map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect::<Vec<_>>().join(", "),
            }));
        }
        if errs.is_empty() {
            Ok(doc)
        } else {
            Err(errs)
        }
    }

    /// Adds the page numbers: from page 2, each appendix counting its own pages from 1 (its
    /// first page unnumbered) from the marker on its first page. Each number is the header
    /// of a page the template lays out with only that number (so it sits exactly where
    /// Typst's own header would put it); its tags get locations of their own per page.
    fn number_pages(&self, mut doc: PagedDocument) -> Result<PagedDocument, Vec<Diagnostic>> {
        let mark = Label::new(PicoStr::intern(APPENDIX_MARK));
        let mut pages: Vec<Page> = doc.pages().to_vec();
        let mut start = 0;
        let mut numbered = false;
        for (i, page) in pages.iter_mut().enumerate() {
            if i > 0 && mark.is_some_and(|m| has_label(&page.frame, m)) {
                start = i;
            }
            let n = i - start + 1;
            if n < 2 {
                continue;
            }
            numbered = true;
            let flipped = page.frame.width() > page.frame.height();
            let header = self.number_header(n, flipped)?;
            // Where Typst puts a header: after the tags that open the page, before the body.
            let at = page.frame.items().position(|(_, it)| !matches!(it, FrameItem::Tag(_))).unwrap_or(page.frame.layer());
            for (k, (pos, item)) in header.iter().enumerate() {
                let mut item = item.clone();
                relocate(&mut item, i);
                page.frame.insert(at + k, *pos, item);
            }
        }
        if !numbered {
            // Nothing added: keep Typst's document rather than index the same pages again.
            return Ok(doc);
        }
        let info = doc.info_mut().clone();
        Ok(PagedDocument::new(pages.into_iter().collect(), info))
    }

    /// The header items of page number `n` on a portrait or landscape (`flipped`) page.
    fn number_header(&self, n: usize, flipped: bool) -> Result<NumberHeader, Vec<Diagnostic>> {
        let key = (n, flipped);
        if let Some(h) = self.numbers.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(h.clone());
        }
        let warned = self.compile(&Data { doc: None, numbers_in_typst: false, number_page: Some(NumberPage { n, flipped }), parts: None, attach: None });
        let doc = warned.output.map_err(|es| es.iter().map(typst_diag).collect::<Vec<_>>())?;
        let page = doc.pages().first().ok_or_else(|| vec![Diagnostic::error(Msg::NumberPage)])?;
        // The body is empty: the page holds only its header (an artifact: its tags with it).
        let header: NumberHeader = Arc::new(page.frame.items().cloned().collect());
        self.numbers.lock().unwrap_or_else(|e| e.into_inner()).insert(key, header.clone());
        Ok(header)
    }

    /// Lays out and exports to PDF bytes. No creation date is written, so the same
    /// input gives the same bytes.
    pub fn pdf(&self, doc: &Composed) -> Result<Vec<u8>, Vec<Diagnostic>> {
        self.export(&self.layout(doc)?)
    }

    /// A PDF of `doc` written with `extras`: as PDF/A for archiving (PDF/A-2b, or PDF/A-3b
    /// with the source attached as the file it was made from; Typst checks the standard's
    /// rules as it writes — fonts embedded, no transparency, XMP metadata, output intent —
    /// and reports what breaks one), and with an empty signature field.
    pub fn pdf_with(&self, doc: &Composed, extras: &Extras) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let (attach, bytes) = match (extras.archive, extras.source) {
            (Some(Archive::A3b), Some((name, bytes))) => (Some(name), Some(Bytes::new(bytes.to_vec()))),
            _ => (None, None),
        };
        let warned = self.compile_with(&Data { doc: Some(doc), numbers_in_typst: false, number_page: None, parts: None, attach }, bytes);
        let mut paged = self.finish(warned, false, &doc.meta_title, &doc.meta_author)?;
        let standards = match extras.archive {
            None => typst_pdf::PdfStandards::default(),
            Some(archive) => {
                // PDF/A needs a creation date: the document's own (its first day where the day
                // or month is left blank), so that the same input still gives the same bytes.
                let (y, m, d) = doc.date;
                paged.info_mut().date = Smart::Custom(Datetime::from_ymd(y, m.unwrap_or(1) as u8, d.unwrap_or(1) as u8));
                let standard = match archive {
                    Archive::A2b => typst_pdf::PdfStandard::A_2b,
                    Archive::A3b => typst_pdf::PdfStandard::A_3b,
                };
                typst_pdf::PdfStandards::new(&[standard]).map_err(|e| vec![Diagnostic::error(Msg::PdfError { detail: e.message().to_string() })])?
            }
        };
        let pdf = self.export_with(&paged, standards)?;
        match extras.field {
            None => Ok(pdf),
            Some(kind) => {
                let place = sigfield::place(&super::inspect::pages(&paged), doc, kind, &self.profile).map_err(|d| vec![d])?;
                sigfield::add(pdf, &sigfield::field_name(doc), place, &self.profile).map_err(|d| vec![d])
            }
        }
    }

    /// The pages as SVG (the web editor's preview): the same layout as [`Engine::pdf`], page
    /// numbers included; text is drawn as glyph outlines, so nothing of it is markup.
    pub fn svg_pages(&self, doc: &Composed) -> Result<Vec<String>, Vec<Diagnostic>> {
        let paged = self.layout(doc)?;
        let options = typst_svg::SvgOptions { render_bleed: false, pretty: false };
        Ok(paged.pages().iter().map(|p| typst_svg::svg(p, &options)).collect())
    }

    /// The register's book as a PDF: `data` is the JSON `templates/so-dang-ky.typ` reads (see
    /// `register::book`); the pages are numbered by the template (a book is printed once in a
    /// while: the second layout pass is no cost worth avoiding).
    pub fn book(&self, data: Vec<u8>, title: &str, author: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let warned = typst::compile::<PagedDocument>(&DocWorld { engine: self, data: Bytes::new(data), main: *BOOK_ID, source: None, sign: None, seal: None });
        let doc = self.finish(warned, true, title, author)?;
        self.export(&doc)
    }

    /// A chart as the picture the DOCX shows: a PNG at 300 dpi of exactly what the PDF draws
    /// (the same Typst function, on a page of the chart's width), with its size in points.
    pub fn chart_png(&self, chart: &crate::compose::CChart) -> Result<(Vec<u8>, f64, f64), Vec<Diagnostic>> {
        // Serialising plain structs of strings and numbers cannot fail.
        let data = Bytes::new(serde_json::to_vec(chart).unwrap_or_default());
        let warned = typst::compile::<PagedDocument>(&DocWorld { engine: self, data, main: *CHART_ID, source: None, sign: None, seal: None });
        let doc = warned.output.map_err(|es| es.iter().map(typst_diag).collect::<Vec<_>>())?;
        let page = doc.pages().first().ok_or_else(|| vec![Diagnostic::error(Msg::ChartNoPage)])?;
        let size = page.frame.size();
        let pixmap = typst_render::render(page, &typst_render::RenderOptions { pixel_per_pt: (300.0 / 72.0).into(), render_bleed: false });
        let png = pixmap.encode_png().map_err(|e| vec![Diagnostic::error(Msg::ChartEncode { error: e.to_string() })])?;
        Ok((png, size.x.to_pt(), size.y.to_pt()))
    }

    /// Exports a laid-out document to PDF bytes (no creation date: the same input gives the
    /// same bytes).
    pub fn export(&self, paged: &PagedDocument) -> Result<Vec<u8>, Vec<Diagnostic>> {
        self.export_with(paged, typst_pdf::PdfStandards::default())
    }

    fn export_with(&self, paged: &PagedDocument, standards: typst_pdf::PdfStandards) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let options = typst_pdf::PdfOptions { ident: Smart::Custom("vanban".into()), timestamp: None, standards, ..Default::default() };
        typst_pdf::pdf(paged, &options).map_err(|es| es.iter().map(|e| Diagnostic::error(Msg::PdfError { detail: e.message.to_string() })).collect())
    }
}

fn typst_diag(d: &SourceDiagnostic) -> Diagnostic {
    let detail = d.message.to_string();
    let hint = d.hints.first().map(|h| h.v.to_string());
    Diagnostic::error(match (d.severity == Severity::Warning, hint) {
        (true, Some(hint)) => Msg::FontProblem { detail, hint },
        (true, None) => Msg::FontProblemBare { detail },
        (false, Some(hint)) => Msg::LayoutFailed { detail, hint },
        (false, None) => Msg::LayoutFailedBare { detail },
    })
}

/// Whether `frame` holds the start of an element labelled `label`.
fn has_label(frame: &Frame, label: Label) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => has_label(&g.frame, label),
        FrameItem::Tag(Tag::Start(elem, _)) => elem.label() == Some(label),
        _ => false,
    })
}

/// Gives the tags in `item` locations of their own for page `page` (a header laid out once
/// is used on many pages; two elements must never share a location).
fn relocate(item: &mut FrameItem, page: usize) {
    match item {
        FrameItem::Group(g) => g.frame.retain(|it| {
            relocate(it, page);
            true
        }),
        FrameItem::Tag(Tag::Start(elem, _)) => {
            if let Some(loc) = elem.location() {
                elem.set_location(loc.variant(page));
            }
        }
        FrameItem::Tag(Tag::End(loc, _, _)) => *loc = loc.variant(page),
        _ => {}
    }
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
    /// The main file: the ND30 document, or the register's book.
    main: FileId,
    /// The source attached to a PDF/A-3 (`/source.json`).
    source: Option<Bytes>,
    /// The signature image (`/anh-chu-ky.png`).
    sign: Option<Bytes>,
    /// The seal image (`/anh-dau.png`).
    seal: Option<Bytes>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *MAIN_ID {
            Ok(self.engine.main.clone())
        } else if id == *BOOK_ID {
            Ok(Source::new(*BOOK_ID, BOOK.to_string()))
        } else if id == *CHART_ID {
            Ok(Source::new(*CHART_ID, CHART.to_string()))
        } else if id == *PARTS_ID {
            Ok(self.engine.parts.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == *PROFILE_ID {
            Ok(self.engine.profile_json.clone())
        } else if let (true, Some(source)) = (id == *SOURCE_ID, &self.source) {
            Ok(source.clone())
        } else if let (true, Some(sign)) = (id == *SIGN_ID, &self.sign) {
            Ok(sign.clone())
        } else if let (true, Some(seal)) = (id == *SEAL_ID, &self.seal) {
            Ok(seal.clone())
        } else if id == *MAIN_ID {
            Ok(Bytes::from_string(self.engine.main.clone()))
        } else if id == *PARTS_ID {
            Ok(Bytes::from_string(self.engine.parts.clone()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use typst::pdf::ArtifactElem;

    /// The sample with two appendices (landscape and portrait), and an engine.
    fn sample() -> (Composed, Engine) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ke-hoach-truong-tc-cai-be.json");
        let (doc, _) = crate::load(path).expect("sample loads");
        (doc, Engine::new(FontSet::load(&[] as &[&str]).expect("fonts")))
    }

    /// Texts inside an artifact (tags are flat in a frame: start … end around the text).
    fn artifact_texts(frame: &Frame, depth: &mut usize, out: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => artifact_texts(&g.frame, depth, out),
                FrameItem::Tag(Tag::Start(elem, _)) if elem.is::<ArtifactElem>() => *depth += 1,
                FrameItem::Tag(Tag::End(..)) if *depth > 0 => *depth -= 1,
                FrameItem::Text(t) if *depth > 0 => out.push(t.text.to_string()),
                _ => {}
            }
        }
    }

    fn locations(frame: &Frame, out: &mut Vec<u128>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => locations(&g.frame, out),
                FrameItem::Tag(Tag::Start(elem, _)) => out.extend(elem.location().map(|l| l.hash())),
                _ => {}
            }
        }
    }

    /// The decompressed streams of a PDF.
    fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
        use std::io::Read;
        let mut out = Vec::new();
        let mut rest = pdf;
        while let Some(i) = rest.windows(7).position(|w| w == b"stream\n") {
            rest = &rest[i + 7..];
            let end = rest.windows(9).position(|w| w == b"endstream").unwrap_or(rest.len());
            let mut buf = Vec::new();
            if flate2::read::ZlibDecoder::new(&rest[..end]).read_to_end(&mut buf).is_ok() {
                out.push(buf);
            }
            rest = &rest[(end + 9).min(rest.len())..];
        }
        out
    }

    #[test]
    fn page_numbers_are_marked_as_header_artifacts_in_the_pdf() {
        let (doc, engine) = sample();
        let numbered = engine.layout(&doc).expect("lays out").pages().len() - 3; // page 1 and two appendix first pages
        let pdf = engine.pdf(&doc).expect("pdf");
        let marked: usize = streams(&pdf).iter().map(|s| s.windows(15).filter(|w| w == b"/Subtype/Header").count()).sum();
        assert_eq!(marked, numbered, "each page number is a header artifact (Tagged PDF), not body text");
    }

    #[test]
    fn added_page_numbers_are_artifacts_with_locations_of_their_own() {
        let (doc, engine) = sample();
        let doc = engine.layout(&doc).expect("lays out");
        assert!(doc.pages().len() >= 4);
        for (i, page) in doc.pages().iter().enumerate().skip(1).take(2) {
            let mut texts = Vec::new();
            artifact_texts(&page.frame, &mut 0, &mut texts);
            assert_eq!(texts, vec![(i + 1).to_string()], "page {}: the number is the page's only artifact text", i + 1);
        }
        let mut locs = Vec::new();
        for page in doc.pages() {
            locations(&page.frame, &mut locs);
        }
        let n = locs.len();
        locs.sort_unstable();
        locs.dedup();
        assert_eq!(locs.len(), n, "two tags share a location");
    }
}
