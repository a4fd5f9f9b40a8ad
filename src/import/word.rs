//! The reader of Word documents (`.docx`): a neutral model of what the document holds and how
//! Word shows it, for the importer (`vanban nhap`) and for checking a document made elsewhere.
//!
//! What it gives ([`WordDocument`]):
//! - the sections ([`Section`]): page size and orientation, margins, whether the first page
//!   has its own header and footer (`titlePg`), the headers and footers themselves and whether
//!   a page-number field (`PAGE`) is in them — [`Section::page_number_on_first_page`],
//!   [`Section::page_number_on_other_pages`] answer for a section's pages;
//! - the body in order ([`Item`]): paragraphs ([`Paragraph`]: text, runs with their
//!   *effective* formatting — font, size in pt, bold, italic, underline, caps — resolved
//!   document defaults → table style → paragraph style (its `basedOn` chain) → numbering level
//!   → run style → direct formatting; alignment, indents, spacing, tab stops, page breaks
//!   before and after, the label Word's automatic numbering prints (`I.`, `1.1.`, `a)`), the
//!   fields, text boxes and images anchored in it), and tables ([`Table`]: grid, rows with
//!   `tblHeader`, cells with `gridSpan` and `vMerge`, whether borders are drawn, the
//!   paragraphs and tables inside);
//! - every paragraph numbered ([`Paragraph::index`], 1-based, in document order, those of
//!   tables and text boxes included) so that a finding or an unmapped paragraph can be named.
//!
//! Why the XML is read here with `quick-xml` rather than through `docx_rs::read_docx`: the
//! latter builds docx-rs's writer model, which keeps neither what a document shows (no
//! resolved style chain, no numbering labels — `numId`/`ilvl` only) nor everything it holds:
//! text boxes of `mc:AlternateContent` and VML, complex fields (`PAGE` in a footer), section
//! properties of every section and table-style borders are partly or not read, and unknown
//! markup makes it fail. Reading the parts directly costs a few hundred lines and gives
//! exactly the model above; no IO is done except reading the package from the given bytes.

use super::xml::{self, El, Ns};
use std::collections::HashMap;
use std::io::Read;

/// A Word document as read.
#[derive(Debug, Clone, Default)]
pub struct WordDocument {
    /// The body, in order.
    pub body: Vec<Item>,
    /// The sections, in order; each names the range of [`WordDocument::body`] it covers.
    pub sections: Vec<Section>,
    /// How many paragraphs the body has (tables and text boxes included).
    pub paragraph_count: usize,
    /// Different headers on even pages (`w:evenAndOddHeaders` in settings).
    pub even_and_odd_headers: bool,
}

/// A block of the body, of a table cell, of a text box, of a header or footer.
// Paragraphs are most items: boxing them would cost an allocation each and every caller a
// `*` for the rarer tables' sake.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Item {
    /// A paragraph.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Alignment {
    /// Left (`left`, `start`), Word's default.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Right (`right`, `end`).
    Right,
    /// Justified (`both`, `distribute`).
    Justify,
}

/// Line spacing of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineSpacing {
    /// A multiple of single spacing (`lineRule="auto"`): 1.0 single, 1.15, 1.5.
    Multiple(f64),
    /// Exactly this many points.
    Exact(f64),
    /// At least this many points.
    AtLeast(f64),
}

impl Default for LineSpacing {
    fn default() -> Self {
        LineSpacing::Multiple(1.0)
    }
}

/// The effective character formatting of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunFormat {
    /// The font family (the `ascii` font, else `hAnsi`; theme fonts resolved through the theme).
    pub font: String,
    /// Size in points.
    pub size_pt: f64,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Underlined (any style but `none`).
    pub underline: bool,
    /// Shown in capitals (`w:caps`): the text may be typed in lower case.
    pub caps: bool,
    /// Struck through.
    pub strike: bool,
    /// Superscript or subscript.
    pub vert_align: Option<String>,
}

/// A run of text with one formatting.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text: `\t` for a tab, `\n` for a line break (`w:br`, `w:cr`).
    pub text: String,
    /// The effective formatting.
    pub format: RunFormat,
    /// The text is a field's result (a page number, a date), not typed.
    pub field: bool,
}

/// The label automatic numbering gives a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbering {
    /// `w:numId`.
    pub num_id: String,
    /// `w:ilvl` (0-based).
    pub level: u8,
    /// The level's `w:numFmt` (`decimal`, `upperRoman`, `lowerLetter`, `bullet`, …).
    pub format: String,
    /// The label as Word prints it (`II.`, `1.2.`, `a)`, or the bullet character).
    pub label: String,
    /// What follows the label: `tab` (Word's default), `space` or `nothing`.
    pub suffix: String,
}

/// A tab stop.
#[derive(Debug, Clone, PartialEq)]
pub struct TabStop {
    /// `left`, `center`, `right`, `decimal`, `bar`.
    pub kind: String,
    /// From the left margin, in mm.
    pub position_mm: f64,
    /// Leader (`dot`, `hyphen`, …), if any.
    pub leader: Option<String>,
}

/// A picture in the document (reported, not carried).
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Its name or description as Word keeps it, or what it is.
    pub name: String,
    /// Width and height in mm, when known.
    pub size_mm: Option<(f64, f64)>,
}

/// A text box (`w:txbxContent`, in a DrawingML shape or a VML one).
#[derive(Debug, Clone)]
pub struct TextBox {
    /// What it holds.
    pub items: Vec<Item>,
    /// Horizontal offset in mm, and from what (`page`, `margin`, `column`, …), when given.
    pub x: Option<(f64, String)>,
    /// Vertical offset in mm, and from what (`page`, `paragraph`, …), when given.
    pub y: Option<(f64, String)>,
    /// Width and height in mm, when given.
    pub size_mm: Option<(f64, f64)>,
}

/// A paragraph with its effective formatting.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// 1-based, in document order (the paragraphs of tables and text boxes counted where they
    /// are); 0 in headers and footers.
    pub index: usize,
    /// The paragraph style's id (`Heading1`), if any (the default style otherwise).
    pub style_id: Option<String>,
    /// The paragraph style's name (`heading 1`).
    pub style_name: Option<String>,
    /// The text typed (and fields' results), without the numbering label.
    pub text: String,
    /// The runs that make the text.
    pub runs: Vec<Run>,
    /// The paragraph mark's formatting (what an empty paragraph shows).
    pub mark: RunFormat,
    /// Alignment.
    pub align: Alignment,
    /// Left indent in mm.
    pub indent_left_mm: f64,
    /// Right indent in mm.
    pub indent_right_mm: f64,
    /// First-line indent in mm (negative: hanging).
    pub first_line_mm: f64,
    /// Space before, in points.
    pub space_before_pt: f64,
    /// Space after, in points.
    pub space_after_pt: f64,
    /// Line spacing.
    pub line: LineSpacing,
    /// Automatic numbering.
    pub numbering: Option<Numbering>,
    /// Tab stops (style's and direct, cleared ones removed), by position.
    pub tabs: Vec<TabStop>,
    /// Starts a new page: `pageBreakBefore`, or a page break before any text.
    pub page_break_before: bool,
    /// A page break after text in it (what follows starts a page).
    pub page_break_after: bool,
    /// Ends a section (a `sectPr` in it).
    pub section_break: bool,
    /// Keep with next.
    pub keep_next: bool,
    /// Outline level (0-based), from the style or direct.
    pub outline_level: Option<u8>,
    /// Field instructions in it (`PAGE`, `NUMPAGES`, `DATE \@ …`), trimmed.
    pub fields: Vec<String>,
    /// Text boxes anchored in it.
    pub text_boxes: Vec<TextBox>,
    /// Pictures in it (also embedded objects and charts).
    pub images: Vec<Image>,
    /// Footnotes or comments referenced from it (their text is not read).
    pub notes: usize,
    /// A border drawn above it (`pBdr/top`): a rule.
    pub border_top: bool,
    /// A border drawn below it (`pBdr/bottom`): a rule, as long as the paragraph's width
    /// between its indents.
    pub border_bottom: bool,
    /// Lines drawn as shapes anchored in it (the usual rule under an issuer's name or the
    /// Tiêu ngữ in documents made in Word).
    pub lines: Vec<LineShape>,
}

/// A straight line drawn as a shape (DrawingML `line`/connector, or VML `v:line`).
#[derive(Debug, Clone, PartialEq)]
pub struct LineShape {
    /// Its length across, in mm (its horizontal extent).
    pub width_mm: f64,
    /// Horizontal offset in mm, and from what, when given.
    pub x: Option<(f64, String)>,
    /// Vertical offset in mm, and from what, when given.
    pub y: Option<(f64, String)>,
}

impl Paragraph {
    /// The numbering label (if any), a space, and the text: the paragraph as a reader sees it.
    pub fn display_text(&self) -> String {
        match &self.numbering {
            Some(n) if !n.label.is_empty() && n.format != "bullet" => format!("{} {}", n.label, self.text),
            Some(n) if !n.label.is_empty() => format!("{} {}", bullet_as_text(&n.label), self.text),
            _ => self.text.clone(),
        }
    }

    /// Whether a page-number field (`PAGE`) is in it.
    pub fn has_page_field(&self) -> bool {
        self.fields.iter().any(|f| f.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("PAGE")))
    }

    /// Whether every non-blank run is bold (false when there is no text).
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        for r in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            if !r.format.bold {
                return false;
            }
            any = true;
        }
        any
    }

    /// Whether every non-blank run is italic (false when there is no text).
    pub fn all_italic(&self) -> bool {
        let mut any = false;
        for r in self.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            if !r.format.italic {
                return false;
            }
            any = true;
        }
        any
    }
}

/// A bullet character as plain text: `-` for dashes and the usual symbol bullets, `+` for a
/// plus.
pub fn bullet_as_text(label: &str) -> &'static str {
    match label.trim() {
        "+" => "+",
        _ => "-",
    }
}

/// Vertical merge of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VMerge {
    /// Not merged.
    #[default]
    None,
    /// Starts a vertical merge.
    Restart,
    /// Continues the merge of the cell above (its content is empty).
    Continue,
}

/// A table cell.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Grid columns it spans (`gridSpan`, 1 when not given).
    pub grid_span: u32,
    /// Vertical merge.
    pub v_merge: VMerge,
    /// Width in mm (`tcW` in twips), when given.
    pub width_mm: Option<f64>,
    /// Its own borders (`tcBorders`): some visible, none visible, or not given.
    pub borders: Option<bool>,
    /// What it holds.
    pub items: Vec<Item>,
}

impl Cell {
    /// The paragraphs of the cell (nested tables' too), in order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut v = Vec::new();
        collect_paragraphs(&self.items, &mut v);
        v
    }

    /// The cell's text, its paragraphs joined by `\n` (numbering labels included).
    pub fn text(&self) -> String {
        self.paragraphs().iter().map(|p| p.display_text()).collect::<Vec<_>>().join("\n")
    }
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Repeated at the top of each page (`tblHeader`).
    pub header: bool,
    /// Grid columns skipped before the first cell (`gridBefore`).
    pub grid_before: u32,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// A table.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The index of its first paragraph (see [`Paragraph::index`]).
    pub first_paragraph: usize,
    /// The table style's id, if any.
    pub style_id: Option<String>,
    /// The grid's column widths in mm (`tblGrid`).
    pub columns_mm: Vec<f64>,
    /// Borders drawn (the table's own, else its style's): any of the outer or inside borders
    /// visible.
    pub borders: bool,
    /// The rows.
    pub rows: Vec<Row>,
}

/// Which pages a header or footer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderKind {
    /// Every page but those below.
    Default,
    /// The first page of the section, when the section has `titlePg`.
    First,
    /// Even pages, when the document has `evenAndOddHeaders`.
    Even,
}

/// A header or a footer.
#[derive(Debug, Clone)]
pub struct HeaderFooter {
    /// Which pages it is for.
    pub kind: HeaderKind,
    /// Its part in the package (`word/footer1.xml`).
    pub part: String,
    /// What it holds.
    pub items: Vec<Item>,
    /// A page-number field is in it (text boxes and tables included).
    pub page_number: bool,
}

/// A section: page setup and its headers and footers.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The body items it covers: `body[start..end]`.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Page width in mm.
    pub page_width_mm: f64,
    /// Page height in mm.
    pub page_height_mm: f64,
    /// `orient="landscape"`, or wider than high.
    pub landscape: bool,
    /// Top margin in mm.
    pub margin_top_mm: f64,
    /// Bottom margin in mm.
    pub margin_bottom_mm: f64,
    /// Left margin in mm.
    pub margin_left_mm: f64,
    /// Right margin in mm.
    pub margin_right_mm: f64,
    /// Header distance from the page's top edge, in mm.
    pub header_mm: f64,
    /// Footer distance from the page's bottom edge, in mm.
    pub footer_mm: f64,
    /// Gutter in mm.
    pub gutter_mm: f64,
    /// The first page has its own header and footer (`titlePg`).
    pub title_page: bool,
    /// `nextPage` (the default), `continuous`, `evenPage`, `oddPage`.
    pub start_type: String,
    /// Its headers, after inheritance from the previous section.
    pub headers: Vec<HeaderFooter>,
    /// Its footers, after inheritance from the previous section.
    pub footers: Vec<HeaderFooter>,
}

impl Section {
    fn shown(list: &[HeaderFooter], kind: HeaderKind) -> Option<&HeaderFooter> {
        list.iter().find(|h| h.kind == kind)
    }

    /// The header and footer shown on the section's first page (`None` each when empty).
    pub fn first_page(&self) -> (Option<&HeaderFooter>, Option<&HeaderFooter>) {
        let kind = if self.title_page { HeaderKind::First } else { HeaderKind::Default };
        (Self::shown(&self.headers, kind), Self::shown(&self.footers, kind))
    }

    /// Whether a page number is printed on the section's first page.
    pub fn page_number_on_first_page(&self) -> bool {
        let (h, f) = self.first_page();
        h.is_some_and(|h| h.page_number) || f.is_some_and(|f| f.page_number)
    }

    /// Whether a page number is printed on the section's other pages (odd ones when even
    /// pages have their own).
    pub fn page_number_on_other_pages(&self) -> bool {
        let h = Self::shown(&self.headers, HeaderKind::Default);
        let f = Self::shown(&self.footers, HeaderKind::Default);
        h.is_some_and(|h| h.page_number) || f.is_some_and(|f| f.page_number)
    }
}

/// Why a file could not be read as a Word document.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// Not a ZIP archive (a `.doc`, a PDF, a text file renamed).
    NotZip,
    /// A ZIP archive without `word/document.xml` (a spreadsheet, a presentation, an ODT).
    NotDocx(String),
    /// A part that is not well-formed XML, or cannot be unpacked.
    BadPart {
        /// The part (`word/document.xml`).
        part: String,
        /// What is wrong (the XML parser's words).
        message: String,
    },
}

impl ReadError {
    /// The error for people, in `file`.
    pub fn diagnostic(self, file: &str) -> crate::diag::Diagnostic {
        let msg = match self {
            ReadError::NotZip => crate::messages::Msg::DocxNotZip,
            ReadError::NotDocx(part) => crate::messages::Msg::DocxNotDocx { part },
            ReadError::BadPart { part, message } => crate::messages::Msg::DocxBadPart { part, error: message },
        };
        crate::diag::Diagnostic::error(msg).in_file(file)
    }
}

/// Largest part read (uncompressed): a document's XML is a few MB at most.
const MAX_PART: u64 = 256 * 1024 * 1024;

type Zip<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

fn read_part(z: &mut Zip, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let bad = |message: String| ReadError::BadPart { part: name.to_string(), message };
    let mut f = match z.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(e.to_string())),
    };
    if f.size() > MAX_PART {
        return Err(bad(format!("{} bytes", f.size())));
    }
    let mut v = Vec::with_capacity(f.size() as usize);
    f.read_to_end(&mut v).map_err(|e| bad(e.to_string()))?;
    Ok(Some(v))
}

fn parse_part(z: &mut Zip, name: &str) -> Result<Option<El>, ReadError> {
    match read_part(z, name)? {
        None => Ok(None),
        Some(b) => xml::parse(&b).map(Some).map_err(|message| ReadError::BadPart { part: name.to_string(), message }),
    }
}

/// The main document part named by the package's relationships (`word/document.xml` as a rule).
fn main_part(z: &mut Zip) -> Result<String, ReadError> {
    if let Some(rels) = parse_part(z, "_rels/.rels")? {
        for r in rels.elements() {
            if r.attr("Type").is_some_and(|t| t.ends_with("/officeDocument")) {
                if let Some(t) = r.attr("Target") {
                    let t = t.trim_start_matches('/').to_string();
                    if z.by_name(&t).is_ok() {
                        return Ok(t);
                    }
                }
            }
        }
    }
    if z.by_name("word/document.xml").is_ok() {
        return Ok("word/document.xml".into());
    }
    Err(ReadError::NotDocx("word/document.xml".into()))
}

impl WordDocument {
    /// One line per paragraph, indented by where it is (`T1 r2 c1` in a table, `box` in a text
    /// box), with its alignment, bold/italic when the whole paragraph is, its numbering label
    /// and its text: for finding why a part was not recognised.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.sections.iter().enumerate() {
            out.push_str(&format!(
                "== section {} ({}x{} mm, margins {:.0}/{:.0}/{:.0}/{:.0}, titlePg {}, page numbers: first {} others {})\n",
                i + 1,
                s.page_width_mm.round(),
                s.page_height_mm.round(),
                s.margin_top_mm,
                s.margin_bottom_mm,
                s.margin_left_mm,
                s.margin_right_mm,
                s.title_page,
                s.page_number_on_first_page(),
                s.page_number_on_other_pages()
            ));
            outline_items(&self.body[s.start..s.end], "", &mut out);
        }
        out
    }
}

fn outline_items(items: &[Item], prefix: &str, out: &mut String) {
    for it in items {
        match it {
            Item::Paragraph(p) => {
                let flags = format!(
                    "{}{}{}{}",
                    match p.align {
                        Alignment::Left => "L",
                        Alignment::Center => "C",
                        Alignment::Right => "R",
                        Alignment::Justify => "J",
                    },
                    if p.all_bold() { "b" } else { "" },
                    if p.all_italic() { "i" } else { "" },
                    if p.page_break_before { " ⤓" } else { "" }
                );
                let label = p.numbering.as_ref().map(|n| format!("[{}] ", n.label)).unwrap_or_default();
                out.push_str(&format!("{prefix}{:>4} {flags:<4} {label}{:?}\n", p.index, p.text));
                for tb in &p.text_boxes {
                    outline_items(&tb.items, &format!("{prefix}  box "), out);
                }
                for im in &p.images {
                    out.push_str(&format!("{prefix}  image {}\n", im.name));
                }
            }
            Item::Table(t) => {
                out.push_str(&format!("{prefix}table borders={} cols={:?}\n", t.borders, t.columns_mm.iter().map(|c| c.round()).collect::<Vec<_>>()));
                for (ri, r) in t.rows.iter().enumerate() {
                    for (ci, c) in r.cells.iter().enumerate() {
                        let tag = format!(
                            "{prefix}  r{}c{}{}{}{} ",
                            ri + 1,
                            ci + 1,
                            if r.header { "h" } else { "" },
                            if c.grid_span > 1 { format!("s{}", c.grid_span) } else { String::new() },
                            match c.v_merge {
                                VMerge::None => "",
                                VMerge::Restart => "v",
                                VMerge::Continue => "^",
                            }
                        );
                        outline_items(&c.items, &tag, out);
                    }
                }
            }
        }
    }
}

/// Reads a Word document from its bytes.
pub fn read_docx(bytes: &[u8]) -> Result<WordDocument, ReadError> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| ReadError::NotZip)?;
    let main = main_part(&mut z)?;
    let dir = main.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    let in_dir = |target: &str| -> String {
        if let Some(abs) = target.strip_prefix('/') {
            abs.to_string()
        } else if dir.is_empty() {
            target.to_string()
        } else {
            format!("{dir}/{target}")
        }
    };
    let doc = parse_part(&mut z, &main)?.ok_or_else(|| ReadError::NotDocx(main.clone()))?;
    // A workbook or a presentation names its own main part: not a Word document.
    if !doc.is(Ns::W, "document") {
        return Err(ReadError::NotDocx("word/document.xml".into()));
    }
    let (rels_dir, rels_file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels_name = if rels_dir.is_empty() { format!("_rels/{rels_file}.rels") } else { format!("{rels_dir}/_rels/{rels_file}.rels") };
    let mut rels: HashMap<String, (String, String)> = HashMap::new();
    if let Some(r) = parse_part(&mut z, &rels_name)? {
        for e in r.elements() {
            if let (Some(id), Some(t), Some(ty)) = (e.attr("Id"), e.attr("Target"), e.attr("Type")) {
                let kind = ty.rsplit('/').next().unwrap_or("").to_string();
                rels.insert(id.to_string(), (kind, in_dir(t)));
            }
        }
    }
    let by_kind = |kind: &str| rels.values().find(|(k, _)| k == kind).map(|(_, t)| t.clone());
    let theme = match by_kind("theme") {
        Some(p) => parse_part(&mut z, &p)?.map(|t| Theme::read(&t)).unwrap_or_default(),
        None => Theme::default(),
    };
    let styles = match by_kind("styles") {
        Some(p) => parse_part(&mut z, &p)?.map(|s| Styles::read(&s)).unwrap_or_default(),
        None => Styles::default(),
    };
    let numbering = match by_kind("numbering") {
        Some(p) => parse_part(&mut z, &p)?.map(|n| NumDefs::read(&n)).unwrap_or_default(),
        None => NumDefs::default(),
    };
    let even_and_odd_headers = match by_kind("settings") {
        Some(p) => parse_part(&mut z, &p)?.and_then(|s| s.child(Ns::W, "evenAndOddHeaders").map(on)).unwrap_or(false),
        None => false,
    };
    let body = doc.child(Ns::W, "body").ok_or_else(|| ReadError::BadPart { part: main.clone(), message: "no <w:body>".into() })?;

    let mut cx = Ctx {
        styles: &styles,
        numbering: &numbering,
        theme: &theme,
        counters: HashMap::new(),
        next_index: 0,
        table_styles: Vec::new(),
        section_ends: Vec::new(),
    };
    let mut out = WordDocument { even_and_odd_headers, ..Default::default() };
    let mut raw_sections: Vec<(usize, usize, El)> = Vec::new();
    let mut start = 0;
    for e in body.elements() {
        if e.is(Ns::W, "sectPr") {
            raw_sections.push((start, usize::MAX, e.clone()));
            continue;
        }
        cx.block(e, &mut out.body);
        // A paragraph holding a sectPr ends its section.
        for sp in std::mem::take(&mut cx.section_ends) {
            raw_sections.push((start, out.body.len(), sp));
            start = out.body.len();
        }
    }
    if raw_sections.last().is_none_or(|s| s.1 != usize::MAX) {
        // No final sectPr: Word's defaults (Letter) for what remains.
        let empty = El { ns: Ns::W, name: "sectPr".into(), attrs: Vec::new(), kids: Vec::new() };
        raw_sections.push((start, usize::MAX, empty));
    }
    out.paragraph_count = cx.next_index;

    // Headers and footers, each part read once.
    let mut parts: HashMap<String, (Vec<Item>, bool)> = HashMap::new();
    let mut prev: Option<Section> = None;
    for (s, e, sp) in raw_sections {
        let mut sec = section(&sp);
        sec.start = s;
        sec.end = if e == usize::MAX { out.body.len() } else { e };
        for (tag, list_is_header) in [("headerReference", true), ("footerReference", false)] {
            let mut list: Vec<HeaderFooter> = Vec::new();
            for r in sp.children(Ns::W, tag) {
                let kind = match r.attr("type") {
                    Some("first") => HeaderKind::First,
                    Some("even") => HeaderKind::Even,
                    _ => HeaderKind::Default,
                };
                let Some((_, target)) = r.attr_ns(Ns::R, "id").and_then(|id| rels.get(id)) else { continue };
                if !parts.contains_key(target) {
                    let items = match parse_part(&mut z, target)? {
                        Some(root) => {
                            let mut hcx = Ctx {
                                styles: &styles,
                                numbering: &numbering,
                                theme: &theme,
                                counters: HashMap::new(),
                                next_index: 0,
                                table_styles: Vec::new(),
                                section_ends: Vec::new(),
                            };
                            let mut items = Vec::new();
                            for e in root.elements() {
                                hcx.block(e, &mut items);
                            }
                            for_each_paragraph_mut(&mut items, &mut |p| p.index = 0);
                            items
                        }
                        None => Vec::new(),
                    };
                    let mut page = false;
                    for_each_paragraph(&items, &mut |p| page |= p.has_page_field());
                    parts.insert(target.clone(), (items, page));
                }
                let (items, page_number) = parts[target].clone();
                list.retain(|h| h.kind != kind);
                list.push(HeaderFooter { kind, part: target.clone(), items, page_number });
            }
            // What a section does not give it inherits from the one before.
            if let Some(p) = &prev {
                for h in if list_is_header { &p.headers } else { &p.footers } {
                    if !list.iter().any(|x| x.kind == h.kind) {
                        list.push(h.clone());
                    }
                }
            }
            if list_is_header {
                sec.headers = list;
            } else {
                sec.footers = list;
            }
        }
        out.sections.push(sec.clone());
        prev = Some(sec);
    }
    Ok(out)
}

/// Reads the Word document at `path`: its bytes, then [`read_docx`]; the error naming the file.
pub fn read_docx_file(path: &std::path::Path) -> Result<WordDocument, crate::diag::Diagnostic> {
    let file = path.display().to_string();
    let bytes = super::read_file(&file)?;
    read_docx(&bytes).map_err(|e| e.diagnostic(&file))
}

/// Calls `f` on every paragraph of `items`, in document order (tables' and text boxes' too).
pub fn for_each_paragraph<'a>(items: &'a [Item], f: &mut dyn FnMut(&'a Paragraph)) {
    for it in items {
        match it {
            Item::Paragraph(p) => {
                f(p);
                for tb in &p.text_boxes {
                    for_each_paragraph(&tb.items, f);
                }
            }
            Item::Table(t) => {
                for r in &t.rows {
                    for c in &r.cells {
                        for_each_paragraph(&c.items, f);
                    }
                }
            }
        }
    }
}

fn for_each_paragraph_mut(items: &mut [Item], f: &mut dyn FnMut(&mut Paragraph)) {
    for it in items {
        match it {
            Item::Paragraph(p) => {
                f(p);
                for tb in &mut p.text_boxes {
                    for_each_paragraph_mut(&mut tb.items, f);
                }
            }
            Item::Table(t) => {
                for r in &mut t.rows {
                    for c in &mut r.cells {
                        for_each_paragraph_mut(&mut c.items, f);
                    }
                }
            }
        }
    }
}

fn collect_paragraphs<'a>(items: &'a [Item], v: &mut Vec<&'a Paragraph>) {
    for_each_paragraph(items, &mut |p| v.push(p));
}

// ---------------------------------------------------------------------------------------
// Units and values.

fn twips_mm(v: f64) -> f64 {
    v * 25.4 / 1440.0
}

fn num(s: Option<&str>) -> Option<f64> {
    s.and_then(|s| s.trim().parse::<f64>().ok())
}

/// A toggle or on/off property: on unless `w:val` says off.
fn on(e: &El) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

fn section(sp: &El) -> Section {
    let mut s = Section { start_type: "nextPage".into(), ..Default::default() };
    // Word's defaults when nothing is given: Letter, 1" margins.
    let (mut w, mut h) = (12240.0, 15840.0);
    if let Some(sz) = sp.child(Ns::W, "pgSz") {
        w = num(sz.attr("w")).unwrap_or(w);
        h = num(sz.attr("h")).unwrap_or(h);
        s.landscape = sz.attr("orient") == Some("landscape");
    }
    s.landscape |= w > h;
    s.page_width_mm = twips_mm(w);
    s.page_height_mm = twips_mm(h);
    let m = sp.child(Ns::W, "pgMar");
    let get = |k: &str, d: f64| twips_mm(m.and_then(|m| num(m.attr(k))).unwrap_or(d));
    s.margin_top_mm = get("top", 1440.0).abs();
    s.margin_bottom_mm = get("bottom", 1440.0).abs();
    s.margin_left_mm = get("left", 1440.0);
    s.margin_right_mm = get("right", 1440.0);
    s.header_mm = get("header", 720.0);
    s.footer_mm = get("footer", 720.0);
    s.gutter_mm = get("gutter", 0.0);
    s.title_page = sp.child(Ns::W, "titlePg").is_some_and(on);
    if let Some(t) = sp.child(Ns::W, "type").and_then(|t| t.attr("val")) {
        s.start_type = t.to_string();
    }
    s
}

// ---------------------------------------------------------------------------------------
// Properties as layers: each `Option` set by a layer overrides the layers below it.

#[derive(Debug, Clone, Default)]
struct RProps {
    font: Option<String>,
    size: Option<f64>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    caps: Option<bool>,
    strike: Option<bool>,
    vert: Option<Option<String>>,
}

impl RProps {
    fn read(e: &El, theme: &Theme) -> RProps {
        let mut r = RProps::default();
        for c in e.elements().filter(|c| c.ns == Ns::W) {
            match c.name.as_str() {
                "rFonts" => {
                    let themed = c.attr("asciiTheme").or(c.attr("hAnsiTheme")).and_then(|t| theme.font(t));
                    r.font = themed.or_else(|| c.attr("ascii").or(c.attr("hAnsi")).map(str::to_string));
                }
                "sz" => r.size = num(c.attr("val")).map(|v| v / 2.0),
                "b" => r.bold = Some(on(c)),
                "i" => r.italic = Some(on(c)),
                "u" => r.underline = Some(!matches!(c.attr("val"), Some("none" | "0" | "false"))),
                "caps" => r.caps = Some(on(c)),
                "strike" | "dstrike" => r.strike = Some(on(c)),
                "vertAlign" => r.vert = Some(c.attr("val").filter(|v| *v != "baseline").map(str::to_string)),
                _ => {}
            }
        }
        r
    }

    fn over(&mut self, top: &RProps) {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f.clone(); } )* };
        }
        take!(font, size, bold, italic, underline, caps, strike, vert);
    }

    fn resolve(&self) -> RunFormat {
        RunFormat {
            font: self.font.clone().unwrap_or_else(|| "Times New Roman".into()),
            size_pt: self.size.unwrap_or(10.0),
            bold: self.bold.unwrap_or(false),
            italic: self.italic.unwrap_or(false),
            underline: self.underline.unwrap_or(false),
            caps: self.caps.unwrap_or(false),
            strike: self.strike.unwrap_or(false),
            vert_align: self.vert.clone().flatten(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct PProps {
    align: Option<Alignment>,
    left: Option<f64>,
    right: Option<f64>,
    first: Option<f64>,
    before: Option<f64>,
    after: Option<f64>,
    line: Option<LineSpacing>,
    keep_next: Option<bool>,
    page_break_before: Option<bool>,
    outline: Option<u8>,
    border_top: Option<bool>,
    border_bottom: Option<bool>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Tab stops set (position in twips → stop) and cleared (position → None).
    tabs: Vec<(i64, Option<TabStop>)>,
}

impl PProps {
    fn read(e: &El) -> PProps {
        let mut p = PProps::default();
        for c in e.elements().filter(|c| c.ns == Ns::W) {
            match c.name.as_str() {
                "jc" => {
                    p.align = c.attr("val").map(|v| match v {
                        "center" => Alignment::Center,
                        "right" | "end" => Alignment::Right,
                        "both" | "distribute" | "lowKashida" | "mediumKashida" | "highKashida" | "thaiDistribute" => Alignment::Justify,
                        _ => Alignment::Left,
                    })
                }
                "ind" => {
                    if let Some(v) = num(c.attr("left").or(c.attr("start"))) {
                        p.left = Some(v);
                    }
                    if let Some(v) = num(c.attr("right").or(c.attr("end"))) {
                        p.right = Some(v);
                    }
                    if let Some(v) = num(c.attr("hanging")) {
                        p.first = Some(-v);
                    } else if let Some(v) = num(c.attr("firstLine")) {
                        p.first = Some(v);
                    }
                }
                "spacing" => {
                    if let Some(v) = num(c.attr("before")) {
                        p.before = Some(v / 20.0);
                    }
                    if let Some(v) = num(c.attr("after")) {
                        p.after = Some(v / 20.0);
                    }
                    if let Some(v) = num(c.attr("line")) {
                        p.line = Some(match c.attr("lineRule") {
                            Some("exact") => LineSpacing::Exact(v.abs() / 20.0),
                            Some("atLeast") => LineSpacing::AtLeast(v / 20.0),
                            _ => LineSpacing::Multiple(v / 240.0),
                        });
                    }
                }
                "keepNext" => p.keep_next = Some(on(c)),
                "pageBreakBefore" => p.page_break_before = Some(on(c)),
                "outlineLvl" => p.outline = num(c.attr("val")).map(|v| v as u8),
                "pBdr" => {
                    p.border_top = c.child(Ns::W, "top").map(|b| !matches!(b.attr("val"), Some("none" | "nil") | None));
                    p.border_bottom = c.child(Ns::W, "bottom").map(|b| !matches!(b.attr("val"), Some("none" | "nil") | None));
                }
                "numPr" => {
                    if let Some(id) = c.child(Ns::W, "numId").and_then(|n| n.attr("val")) {
                        p.num_id = Some(id.to_string());
                    }
                    if let Some(l) = c.child(Ns::W, "ilvl").and_then(|n| num(n.attr("val"))) {
                        p.ilvl = Some(l as u8);
                    }
                }
                "tabs" => {
                    for t in c.children(Ns::W, "tab") {
                        let Some(pos) = num(t.attr("pos")) else { continue };
                        let kind = t.attr("val").unwrap_or("left");
                        let stop = (kind != "clear").then(|| TabStop {
                            kind: match kind {
                                "start" => "left".into(),
                                "end" => "right".into(),
                                k => k.to_string(),
                            },
                            position_mm: twips_mm(pos),
                            leader: t.attr("leader").filter(|l| *l != "none").map(str::to_string),
                        });
                        p.tabs.push((pos as i64, stop));
                    }
                }
                _ => {}
            }
        }
        p
    }

    fn over(&mut self, top: &PProps) {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f.clone(); } )* };
        }
        take!(align, left, right, first, before, after, line, keep_next, page_break_before, outline, border_top, border_bottom, num_id, ilvl);
        self.tabs.extend(top.tabs.iter().cloned());
    }

    fn tab_stops(&self) -> Vec<TabStop> {
        let mut m: std::collections::BTreeMap<i64, TabStop> = std::collections::BTreeMap::new();
        for (pos, s) in &self.tabs {
            match s {
                Some(s) => {
                    m.insert(*pos, s.clone());
                }
                None => {
                    m.remove(pos);
                }
            }
        }
        m.into_values().collect()
    }
}

// ---------------------------------------------------------------------------------------
// Theme, styles, numbering.

#[derive(Debug, Clone, Default)]
struct Theme {
    major: Option<String>,
    minor: Option<String>,
}

impl Theme {
    fn read(root: &El) -> Theme {
        let latin = |which: &str| root.find(Ns::A, which).and_then(|f| f.child(Ns::A, "latin")).and_then(|l| l.attr("typeface")).map(str::to_string);
        Theme { major: latin("majorFont"), minor: latin("minorFont") }
    }

    fn font(&self, theme_font: &str) -> Option<String> {
        if theme_font.starts_with("major") {
            self.major.clone()
        } else {
            self.minor.clone()
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    ppr: PProps,
    rpr: RProps,
    /// A table style's borders: visible or not, when it gives them.
    borders: Option<bool>,
}

#[derive(Debug, Clone, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
    default_rpr: RProps,
    default_ppr: PProps,
    default_paragraph: Option<String>,
    default_character: Option<String>,
    default_table: Option<String>,
}

impl Styles {
    fn read(root: &El) -> Styles {
        // Theme fonts of the styles are resolved later against the theme; here a themed font
        // is kept as a marker `\u{0}theme:minorHAnsi`.
        let no_theme = Theme::default();
        let mut s = Styles::default();
        if let Some(d) = root.child(Ns::W, "docDefaults") {
            if let Some(r) = d.child(Ns::W, "rPrDefault").and_then(|r| r.child(Ns::W, "rPr")) {
                s.default_rpr = RProps::read(r, &no_theme);
                s.default_rpr.font = themed_marker(r).or(s.default_rpr.font.take());
            }
            if let Some(p) = d.child(Ns::W, "pPrDefault").and_then(|p| p.child(Ns::W, "pPr")) {
                s.default_ppr = PProps::read(p);
            }
        }
        for st in root.children(Ns::W, "style") {
            let Some(id) = st.attr("styleId") else { continue };
            let ty = st.attr("type").unwrap_or("paragraph");
            let mut style = Style {
                name: st.child(Ns::W, "name").and_then(|n| n.attr("val")).map(str::to_string),
                based_on: st.child(Ns::W, "basedOn").and_then(|n| n.attr("val")).map(str::to_string),
                ..Default::default()
            };
            if let Some(p) = st.child(Ns::W, "pPr") {
                style.ppr = PProps::read(p);
            }
            if let Some(r) = st.child(Ns::W, "rPr") {
                style.rpr = RProps::read(r, &no_theme);
                style.rpr.font = themed_marker(r).or(style.rpr.font.take());
            }
            if let Some(b) = st.child(Ns::W, "tblPr").and_then(|t| t.child(Ns::W, "tblBorders")) {
                style.borders = Some(borders_visible(b));
            }
            if st.attr("default").is_some_and(|d| matches!(d, "1" | "true" | "on")) {
                match ty {
                    "paragraph" => s.default_paragraph = Some(id.to_string()),
                    "character" => s.default_character = Some(id.to_string()),
                    "table" => s.default_table = Some(id.to_string()),
                    _ => {}
                }
            }
            s.by_id.insert(id.to_string(), style);
        }
        s
    }

    /// The chain of a style, the base first (at most 20 deep; a loop ends it).
    fn chain(&self, id: &str) -> Vec<&Style> {
        let mut v = Vec::new();
        let mut cur = Some(id.to_string());
        while let Some(c) = cur {
            if v.len() >= 20 {
                break;
            }
            let Some(st) = self.by_id.get(&c) else { break };
            v.push(st);
            cur = st.based_on.clone();
        }
        v.reverse();
        v
    }

    fn ppr(&self, id: &str) -> PProps {
        let mut p = PProps::default();
        for st in self.chain(id) {
            p.over(&st.ppr);
        }
        p
    }

    fn rpr(&self, id: &str) -> RProps {
        let mut r = RProps::default();
        for st in self.chain(id) {
            r.over(&st.rpr);
        }
        r
    }

    fn table_borders(&self, id: &str) -> Option<bool> {
        self.chain(id).iter().rev().find_map(|s| s.borders)
    }
}

fn themed_marker(rpr: &El) -> Option<String> {
    let f = rpr.child(Ns::W, "rFonts")?;
    let t = f.attr("asciiTheme").or(f.attr("hAnsiTheme"))?;
    Some(format!("\u{0}theme:{t}"))
}

fn borders_visible(b: &El) -> bool {
    b.elements().any(|e| !matches!(e.attr("val"), Some("none" | "nil") | None))
}

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: i64,
    suffix: String,
    legal: bool,
    ppr: PProps,
}

#[derive(Debug, Clone, Default)]
struct NumDefs {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    nums: HashMap<String, (String, HashMap<u8, i64>)>,
}

impl NumDefs {
    fn read(root: &El) -> NumDefs {
        let mut n = NumDefs::default();
        for a in root.children(Ns::W, "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else { continue };
            let mut levels = vec![Level::default(); 9];
            for l in a.children(Ns::W, "lvl") {
                let Some(i) = num(l.attr("ilvl")).map(|v| v as usize).filter(|i| *i < 9) else { continue };
                levels[i] = Level {
                    format: l.child(Ns::W, "numFmt").and_then(|f| f.attr("val")).unwrap_or("decimal").to_string(),
                    text: l.child(Ns::W, "lvlText").and_then(|f| f.attr("val")).unwrap_or("").to_string(),
                    start: l.child(Ns::W, "start").and_then(|f| num(f.attr("val"))).unwrap_or(0.0) as i64,
                    suffix: l.child(Ns::W, "suff").and_then(|f| f.attr("val")).unwrap_or("tab").to_string(),
                    legal: l.child(Ns::W, "isLgl").is_some_and(on),
                    ppr: l.child(Ns::W, "pPr").map(PProps::read).unwrap_or_default(),
                };
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for e in root.children(Ns::W, "num") {
            let (Some(id), Some(a)) = (e.attr("numId"), e.child(Ns::W, "abstractNumId").and_then(|a| a.attr("val"))) else { continue };
            let mut overrides = HashMap::new();
            for o in e.children(Ns::W, "lvlOverride") {
                if let (Some(l), Some(s)) = (num(o.attr("ilvl")), o.child(Ns::W, "startOverride").and_then(|s| num(s.attr("val")))) {
                    overrides.insert(l as u8, s as i64);
                }
            }
            n.nums.insert(id.to_string(), (a.to_string(), overrides));
        }
        n
    }

    fn level(&self, num_id: &str, ilvl: u8) -> Option<(&String, &Level, &HashMap<u8, i64>)> {
        let (a, ov) = self.nums.get(num_id)?;
        let l = self.abstracts.get(a)?.get(ilvl as usize)?;
        Some((a, l, ov))
    }
}

/// A number in a numbering format.
fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    let mut s = String::new();
    for (v, r) in
        [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Word's letters: A … Z, then AA … ZZ, AAA ….
fn letters(n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    let c = (b'A' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

// ---------------------------------------------------------------------------------------
// The walk.

struct Ctx<'a> {
    styles: &'a Styles,
    numbering: &'a NumDefs,
    theme: &'a Theme,
    /// Counters of each list (abstract numbering, or a `num` restarting it), by level.
    counters: HashMap<String, [Option<i64>; 9]>,
    next_index: usize,
    /// The styles of the tables we are in, innermost last.
    table_styles: Vec<Option<String>>,
    /// The `sectPr` of paragraphs read since last taken (each ends a section).
    section_ends: Vec<El>,
}

/// What a walk through a paragraph's content collects.
#[derive(Default)]
struct ParaState {
    runs: Vec<Run>,
    fields: Vec<String>,
    /// Complex fields open: their instructions so far, and whether their result has begun.
    open_fields: Vec<(String, bool)>,
    page_break_before: bool,
    page_break_after: bool,
    text_boxes: Vec<TextBox>,
    images: Vec<Image>,
    notes: usize,
    lines: Vec<LineShape>,
    /// Inside a `w:fldSimple`.
    simple_field: usize,
}

impl ParaState {
    fn has_text(&self) -> bool {
        self.runs.iter().any(|r| !r.text.trim().is_empty())
    }
}

impl Ctx<'_> {
    fn fix_font(&self, r: &mut RProps) {
        if let Some(f) = &r.font {
            if let Some(t) = f.strip_prefix("\u{0}theme:") {
                r.font = self.theme.font(t);
            }
        }
    }

    /// A block-level element into `out`.
    fn block(&mut self, e: &El, out: &mut Vec<Item>) {
        match (e.ns, e.name.as_str()) {
            (Ns::W, "p") => {
                let p = self.paragraph(e);
                out.push(Item::Paragraph(p));
            }
            (Ns::W, "tbl") => {
                let t = self.table(e);
                out.push(Item::Table(t));
            }
            (Ns::W, "sdt") => {
                if let Some(c) = e.child(Ns::W, "sdtContent") {
                    for k in c.elements() {
                        self.block(k, out);
                    }
                }
            }
            (Ns::W, "customXml" | "ins" | "moveTo" | "smartTag") => {
                for k in e.elements() {
                    self.block(k, out);
                }
            }
            (Ns::Mc, "AlternateContent") => {
                if let Some(c) = alternate(e) {
                    for k in c.elements() {
                        self.block(k, out);
                    }
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, e: &El) -> Table {
        let tpr = e.child(Ns::W, "tblPr");
        let style_id =
            tpr.and_then(|t| t.child(Ns::W, "tblStyle")).and_then(|s| s.attr("val")).map(str::to_string).or_else(|| self.styles.default_table.clone());
        let own = tpr.and_then(|t| t.child(Ns::W, "tblBorders")).map(borders_visible);
        let borders = own.or_else(|| style_id.as_deref().and_then(|s| self.styles.table_borders(s))).unwrap_or(false);
        let columns_mm =
            e.child(Ns::W, "tblGrid").map(|g| g.children(Ns::W, "gridCol").map(|c| twips_mm(num(c.attr("w")).unwrap_or(0.0))).collect()).unwrap_or_default();
        let mut t = Table { first_paragraph: self.next_index + 1, style_id: style_id.clone(), columns_mm, borders, rows: Vec::new() };
        self.table_styles.push(style_id);
        let mut rows: Vec<&El> = Vec::new();
        collect_rows(e, &mut rows);
        for tr in rows {
            let trpr = tr.child(Ns::W, "trPr");
            let mut row = Row {
                header: trpr.and_then(|p| p.child(Ns::W, "tblHeader")).is_some_and(on),
                grid_before: trpr.and_then(|p| p.child(Ns::W, "gridBefore")).and_then(|g| num(g.attr("val"))).unwrap_or(0.0) as u32,
                cells: Vec::new(),
            };
            let mut cells: Vec<&El> = Vec::new();
            collect_cells(tr, &mut cells);
            for tc in cells {
                let pr = tc.child(Ns::W, "tcPr");
                let mut cell = Cell {
                    grid_span: pr.and_then(|p| p.child(Ns::W, "gridSpan")).and_then(|g| num(g.attr("val"))).unwrap_or(1.0).max(1.0) as u32,
                    v_merge: match pr.and_then(|p| p.child(Ns::W, "vMerge")) {
                        None => VMerge::None,
                        Some(v) if v.attr("val") == Some("restart") => VMerge::Restart,
                        Some(_) => VMerge::Continue,
                    },
                    width_mm: pr
                        .and_then(|p| p.child(Ns::W, "tcW"))
                        .filter(|w| matches!(w.attr("type"), Some("dxa") | None))
                        .and_then(|w| num(w.attr("w")))
                        .map(twips_mm),
                    borders: pr.and_then(|p| p.child(Ns::W, "tcBorders")).map(borders_visible),
                    items: Vec::new(),
                };
                let mut items = Vec::new();
                for k in tc.elements() {
                    self.block(k, &mut items);
                }
                cell.items = items;
                row.cells.push(cell);
            }
            t.rows.push(row);
        }
        self.table_styles.pop();
        t
    }

    fn paragraph(&mut self, e: &El) -> Paragraph {
        self.next_index += 1;
        let index = self.next_index;
        let ppr_el = e.child(Ns::W, "pPr");
        let style_id = ppr_el.and_then(|p| p.child(Ns::W, "pStyle")).and_then(|s| s.attr("val")).map(str::to_string);
        let pstyle = style_id.clone().or_else(|| self.styles.default_paragraph.clone());
        // Paragraph properties: defaults → table style → paragraph style → numbering → direct.
        let mut ppr = self.styles.default_ppr.clone();
        let mut rpr = self.styles.default_rpr.clone();
        if let Some(Some(ts)) = self.table_styles.last() {
            ppr.over(&self.styles.ppr(ts));
            rpr.over(&self.styles.rpr(ts));
        }
        if let Some(s) = &pstyle {
            ppr.over(&self.styles.ppr(s));
            rpr.over(&self.styles.rpr(s));
        }
        let direct = ppr_el.map(PProps::read).unwrap_or_default();
        // The numbering: the direct numPr, else the style's.
        let num_id = direct.num_id.clone().or(ppr.num_id.clone());
        let ilvl = direct.ilvl.or(ppr.ilvl).unwrap_or(0).min(8);
        let mut numbering = None;
        if let Some(id) = num_id.filter(|id| id != "0") {
            if let Some((abs, level, overrides)) = self.numbering.level(&id, ilvl) {
                ppr.over(&level.ppr);
                let key = if overrides.is_empty() { format!("a{abs}") } else { format!("n{id}") };
                let levels = self.numbering.abstracts.get(abs).cloned().unwrap_or_default();
                let fresh = !self.counters.contains_key(&key);
                let counters = self.counters.entry(key).or_insert([None; 9]);
                let start_of = |l: usize| overrides.get(&(l as u8)).copied().or(levels.get(l).map(|x| x.start)).unwrap_or(0);
                let l = ilvl as usize;
                counters[l] = Some(match counters[l] {
                    Some(v) if !fresh => v + 1,
                    _ => start_of(l),
                });
                for c in counters.iter_mut().skip(l + 1) {
                    *c = None;
                }
                // Levels above that have not begun count from their start.
                for (k, c) in counters.iter_mut().enumerate().take(l) {
                    if c.is_none() {
                        *c = Some(start_of(k));
                    }
                }
                let label = if level.format == "bullet" {
                    level.text.clone()
                } else {
                    let mut s = level.text.clone();
                    for k in (0..9).rev() {
                        let pat = format!("%{}", k + 1);
                        if s.contains(&pat) {
                            let fmt = if level.legal { "decimal" } else { levels.get(k).map(|x| x.format.as_str()).unwrap_or("decimal") };
                            s = s.replace(&pat, &format_number(counters[k].unwrap_or(0), fmt));
                        }
                    }
                    s
                };
                numbering = Some(Numbering { num_id: id, level: ilvl, format: level.format.clone(), label, suffix: level.suffix.clone() });
            }
        }
        ppr.over(&direct);
        let mark_direct = ppr_el.and_then(|p| p.child(Ns::W, "rPr")).map(|r| RProps::read(r, self.theme)).unwrap_or_default();
        let mut mark = rpr.clone();
        mark.over(&mark_direct);
        self.fix_font(&mut mark);

        if let Some(sp) = ppr_el.and_then(|p| p.child(Ns::W, "sectPr")) {
            self.section_ends.push(sp.clone());
        }
        let mut st = ParaState::default();
        for k in e.elements() {
            self.inline(k, &rpr, &mut st);
        }
        let text: String = st.runs.iter().map(|r| r.text.as_str()).collect();
        let style_name = pstyle.as_deref().and_then(|s| self.styles.by_id.get(s)).and_then(|s| s.name.clone());
        Paragraph {
            index,
            style_id,
            style_name,
            text,
            runs: st.runs,
            mark: mark.resolve(),
            align: ppr.align.unwrap_or_default(),
            indent_left_mm: twips_mm(ppr.left.unwrap_or(0.0)),
            indent_right_mm: twips_mm(ppr.right.unwrap_or(0.0)),
            first_line_mm: twips_mm(ppr.first.unwrap_or(0.0)),
            space_before_pt: ppr.before.unwrap_or(0.0),
            space_after_pt: ppr.after.unwrap_or(0.0),
            line: ppr.line.unwrap_or_default(),
            numbering,
            tabs: ppr.tab_stops(),
            page_break_before: ppr.page_break_before.unwrap_or(false) || st.page_break_before,
            page_break_after: st.page_break_after,
            section_break: ppr_el.is_some_and(|p| p.child(Ns::W, "sectPr").is_some()),
            keep_next: ppr.keep_next.unwrap_or(false),
            outline_level: ppr.outline,
            fields: st.fields,
            text_boxes: st.text_boxes,
            images: st.images,
            notes: st.notes,
            border_top: pbdr(ppr_el, "top").or(ppr.border_top).unwrap_or(false),
            border_bottom: pbdr(ppr_el, "bottom").or(ppr.border_bottom).unwrap_or(false),
            lines: st.lines,
        }
    }

    /// Content of a paragraph (runs and what holds runs).
    fn inline(&mut self, e: &El, para_rpr: &RProps, st: &mut ParaState) {
        match (e.ns, e.name.as_str()) {
            (Ns::W, "r") => self.run(e, para_rpr, st),
            (Ns::W, "hyperlink" | "smartTag" | "customXml" | "ins" | "moveTo" | "dir" | "bdo") => {
                for k in e.elements() {
                    self.inline(k, para_rpr, st);
                }
            }
            (Ns::W, "sdt") => {
                if let Some(c) = e.child(Ns::W, "sdtContent") {
                    for k in c.elements() {
                        self.inline(k, para_rpr, st);
                    }
                }
            }
            (Ns::W, "fldSimple") => {
                if let Some(i) = e.attr("instr") {
                    st.fields.push(i.trim().to_string());
                }
                st.simple_field += 1;
                for k in e.elements() {
                    self.inline(k, para_rpr, st);
                }
                st.simple_field -= 1;
            }
            (Ns::Mc, "AlternateContent") => {
                if let Some(c) = alternate(e) {
                    for k in c.elements() {
                        self.inline(k, para_rpr, st);
                    }
                }
            }
            (Ns::M, "oMath" | "oMathPara") => {
                let t = e.text();
                if !t.is_empty() {
                    let mut f = para_rpr.clone();
                    self.fix_font(&mut f);
                    st.runs.push(Run { text: t, format: f.resolve(), field: false });
                }
            }
            // del, moveFrom (deleted text), bookmarks, proofErr, permStart/End, commentRange…
            _ => {}
        }
    }

    fn run(&mut self, e: &El, para_rpr: &RProps, st: &mut ParaState) {
        let rpr_el = e.child(Ns::W, "rPr");
        let mut r = para_rpr.clone();
        let rstyle =
            rpr_el.and_then(|p| p.child(Ns::W, "rStyle")).and_then(|s| s.attr("val")).map(str::to_string).or_else(|| self.styles.default_character.clone());
        if let Some(s) = rstyle {
            r.over(&self.styles.rpr(&s));
        }
        if let Some(d) = rpr_el {
            r.over(&RProps::read(d, self.theme));
        }
        self.fix_font(&mut r);
        let format = r.resolve();
        let mut text = String::new();
        let in_result = |st: &ParaState| st.simple_field > 0 || st.open_fields.last().is_some_and(|f| f.1);
        let mut field = in_result(st);
        let flush = |text: &mut String, st: &mut ParaState, field: bool| {
            if !text.is_empty() {
                st.runs.push(Run { text: std::mem::take(text), format: format.clone(), field });
            }
        };
        for c in e.elements() {
            match (c.ns, c.name.as_str()) {
                (Ns::W, "t") => {
                    // Text inside a field's instructions part is not shown.
                    if st.open_fields.last().is_some_and(|f| !f.1) {
                        continue;
                    }
                    text.push_str(&c.text());
                }
                (Ns::W, "tab" | "ptab") => text.push('\t'),
                (Ns::W, "br") => match c.attr("type") {
                    Some("page") => {
                        flush(&mut text, st, field);
                        if st.has_text() {
                            st.page_break_after = true;
                        } else {
                            st.page_break_before = true;
                        }
                    }
                    Some("column") => {}
                    _ => text.push('\n'),
                },
                (Ns::W, "cr") => text.push('\n'),
                (Ns::W, "noBreakHyphen") => text.push('-'),
                (Ns::W, "sym") => {
                    if let Some(ch) = c.attr("char").and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32) {
                        // Symbol fonts' private-use codes (F0xx) stand for their low byte.
                        let ch = if (0xF000..=0xF0FF).contains(&(ch as u32)) { char::from_u32(ch as u32 - 0xF000).unwrap_or(ch) } else { ch };
                        text.push(ch);
                    }
                }
                (Ns::W, "fldChar") => {
                    flush(&mut text, st, field);
                    match c.attr("fldCharType") {
                        Some("begin") => st.open_fields.push((String::new(), false)),
                        Some("separate") => {
                            if let Some(f) = st.open_fields.last_mut() {
                                f.1 = true;
                            }
                        }
                        Some("end") => {
                            if let Some((instr, _)) = st.open_fields.pop() {
                                st.fields.push(instr.trim().to_string());
                            }
                        }
                        _ => {}
                    }
                    field = in_result(st);
                }
                (Ns::W, "instrText") => {
                    if let Some(f) = st.open_fields.last_mut() {
                        f.0.push_str(&c.text());
                    }
                }
                (Ns::W, "drawing") => {
                    flush(&mut text, st, field);
                    self.drawing(c, st);
                }
                (Ns::W, "pict" | "object") => {
                    flush(&mut text, st, field);
                    self.vml(c, st, c.name == "object");
                }
                (Ns::Mc, "AlternateContent") => {
                    flush(&mut text, st, field);
                    if let Some(alt) = alternate(c) {
                        let wrapper = El { ns: Ns::W, name: "r".into(), attrs: Vec::new(), kids: alt.kids.clone() };
                        let mut with_rpr = wrapper;
                        if let Some(p) = rpr_el {
                            with_rpr.kids.insert(0, xml::Node::El(p.clone()));
                        }
                        self.run(&with_rpr, para_rpr, st);
                    }
                }
                (Ns::W, "footnoteReference" | "endnoteReference" | "commentReference") => st.notes += 1,
                _ => {}
            }
        }
        flush(&mut text, st, field);
    }

    /// The text boxes of a shape, read as blocks.
    fn text_box(&mut self, content: &El) -> Vec<Item> {
        let mut items = Vec::new();
        self.table_styles.push(None);
        for k in content.elements() {
            self.block(k, &mut items);
        }
        self.table_styles.pop();
        items
    }

    fn drawing(&mut self, d: &El, st: &mut ParaState) {
        for place in d.elements() {
            let anchor = place.is(Ns::Wp, "anchor");
            if !(anchor || place.is(Ns::Wp, "inline")) {
                continue;
            }
            let size = place.child(Ns::Wp, "extent").and_then(|x| Some((num(x.attr("cx"))? / 36000.0, num(x.attr("cy"))? / 36000.0)));
            let pos = |tag: &str| -> Option<(f64, String)> {
                let p = place.child(Ns::Wp, tag)?;
                let from = p.attr("relativeFrom").unwrap_or("").to_string();
                let off = p.child(Ns::Wp, "posOffset").and_then(|o| num(Some(&o.text())))? / 36000.0;
                Some((off, from))
            };
            let (x, y) = if anchor { (pos("positionH"), pos("positionV")) } else { (None, None) };
            let mut boxes = Vec::new();
            find_all(place, Ns::W, "txbxContent", &mut boxes);
            for b in boxes {
                let items = self.text_box(b);
                st.text_boxes.push(TextBox { items, x: x.clone(), y: y.clone(), size_mm: size });
            }
            let mut geoms = Vec::new();
            find_all(place, Ns::A, "prstGeom", &mut geoms);
            if geoms.iter().any(|g| g.attr("prst").is_some_and(|p| p == "line" || p.contains("Connector"))) {
                st.lines.push(LineShape { width_mm: size.map(|s| s.0).unwrap_or(0.0), x: x.clone(), y: y.clone() });
            }
            let mut pics = Vec::new();
            find_all(place, Ns::Pic, "pic", &mut pics);
            let name = place.child(Ns::Wp, "docPr").and_then(|p| p.attr("descr").filter(|d| !d.is_empty()).or(p.attr("name"))).unwrap_or("").to_string();
            for _ in &pics {
                st.images.push(Image { name: if name.is_empty() { "ảnh".into() } else { name.clone() }, size_mm: size });
            }
            // Charts, diagrams and other graphics without text boxes or pictures.
            if pics.is_empty() && geoms.is_empty() && place.find(Ns::W, "txbxContent").is_none() {
                if let Some(g) = place.find(Ns::A, "graphicData") {
                    let uri = g.attr("uri").unwrap_or("");
                    if !uri.ends_with("wordprocessingShape") && !uri.ends_with("wordprocessingGroup") {
                        let what = if uri.ends_with("/chart") {
                            "biểu đồ"
                        } else if uri.ends_with("/diagram") {
                            "sơ đồ SmartArt"
                        } else {
                            "đối tượng đồ họa"
                        };
                        st.images.push(Image { name: if name.is_empty() { what.into() } else { format!("{what} {name}") }, size_mm: size });
                    }
                }
            }
        }
    }

    fn vml(&mut self, pict: &El, st: &mut ParaState, object: bool) {
        fn shapes_of<'a>(e: &'a El, out: &mut Vec<&'a El>) {
            for k in e.elements() {
                if k.is(Ns::V, "group") {
                    shapes_of(k, out);
                } else if k.ns == Ns::V {
                    out.push(k);
                }
            }
        }
        let mut shapes: Vec<&El> = Vec::new();
        shapes_of(pict, &mut shapes);
        let mut any_image = false;
        for sh in shapes {
            let style = sh.attr("style").unwrap_or("");
            let prop = |k: &str| -> Option<f64> {
                style.split(';').filter_map(|kv| kv.split_once(':')).find(|(key, _)| key.trim() == k).and_then(|(_, v)| css_mm(v.trim()))
            };
            let from = |k: &str| style.split(';').filter_map(|kv| kv.split_once(':')).find(|(key, _)| key.trim() == k).map(|(_, v)| v.trim().to_string());
            let size = prop("width").zip(prop("height"));
            let x = prop("margin-left").map(|v| (v, from("mso-position-horizontal-relative").unwrap_or_else(|| "column".into())));
            let y = prop("margin-top").map(|v| (v, from("mso-position-vertical-relative").unwrap_or_else(|| "paragraph".into())));
            if sh.name == "line" {
                let point = |k: &str| -> Option<(f64, f64)> {
                    let (a, b) = sh.attr(k)?.split_once(',')?;
                    Some((css_mm(a.trim())?, css_mm(b.trim())?))
                };
                if let (Some(a), Some(b)) = (point("from"), point("to")) {
                    st.lines.push(LineShape { width_mm: (b.0 - a.0).abs(), x: Some((a.0.min(b.0), "column".into())), y: Some((a.1, "paragraph".into())) });
                }
                continue;
            }
            let mut boxes = Vec::new();
            find_all(sh, Ns::W, "txbxContent", &mut boxes);
            for b in boxes {
                let items = self.text_box(b);
                st.text_boxes.push(TextBox { items, x: x.clone(), y: y.clone(), size_mm: size });
            }
            if sh.find(Ns::V, "imagedata").is_some() || object {
                any_image = true;
                st.images.push(Image {
                    name: if object { "đối tượng nhúng (OLE)".into() } else { sh.attr("alt").filter(|a| !a.is_empty()).unwrap_or("ảnh").to_string() },
                    size_mm: size,
                });
            }
        }
        if object && !any_image {
            st.images.push(Image { name: "đối tượng nhúng (OLE)".into(), size_mm: None });
        }
    }
}

/// A paragraph's own border on `side`, when its pPr gives one.
fn pbdr(ppr: Option<&El>, side: &str) -> Option<bool> {
    let b = ppr?.child(Ns::W, "pBdr")?.child(Ns::W, side)?;
    Some(!matches!(b.attr("val"), Some("none" | "nil") | None))
}

/// A CSS length (`12pt`, `3.5cm`, `20mm`, `1in`, `96px`) in mm.
fn css_mm(v: &str) -> Option<f64> {
    let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
    let n: f64 = n.trim().parse().ok()?;
    Some(match unit {
        "pt" => n * 25.4 / 72.0,
        "cm" => n * 10.0,
        "mm" => n,
        "in" => n * 25.4,
        // VML's unitless lengths are pixels.
        "" | "px" => n * 25.4 / 96.0,
        _ => return None,
    })
}

/// The branch of `mc:AlternateContent` to read: the first `mc:Choice` (what Word shows), else
/// the `mc:Fallback`.
fn alternate(e: &El) -> Option<&El> {
    e.child(Ns::Mc, "Choice").or_else(|| e.child(Ns::Mc, "Fallback"))
}

/// Every descendant `ns:name`, not looking inside those found.
fn find_all<'a>(e: &'a El, ns: Ns, name: &str, out: &mut Vec<&'a El>) {
    for k in e.elements() {
        if k.is(ns, name) {
            out.push(k);
        } else if k.is(Ns::Mc, "AlternateContent") {
            if let Some(a) = alternate(k) {
                find_all(a, ns, name, out);
            }
        } else {
            find_all(k, ns, name, out);
        }
    }
}

fn collect_rows<'a>(e: &'a El, out: &mut Vec<&'a El>) {
    for k in e.elements() {
        match (k.ns, k.name.as_str()) {
            (Ns::W, "tr") => out.push(k),
            (Ns::W, "sdt") => {
                if let Some(c) = k.child(Ns::W, "sdtContent") {
                    collect_rows(c, out);
                }
            }
            (Ns::W, "customXml" | "ins") => collect_rows(k, out),
            _ => {}
        }
    }
}

fn collect_cells<'a>(e: &'a El, out: &mut Vec<&'a El>) {
    for k in e.elements() {
        match (k.ns, k.name.as_str()) {
            (Ns::W, "tc") => out.push(k),
            (Ns::W, "sdt") => {
                if let Some(c) = k.child(Ns::W, "sdtContent") {
                    collect_cells(c, out);
                }
            }
            (Ns::W, "customXml" | "ins") => collect_cells(k, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_formats() {
        assert_eq!(roman(14), "XIV");
        assert_eq!(letters(1), "A");
        assert_eq!(letters(28), "BB");
        assert_eq!(format_number(3, "lowerLetter"), "c");
        assert_eq!(format_number(4, "decimalZero"), "04");
    }

    #[test]
    fn css_lengths() {
        assert!((css_mm("72pt").unwrap() - 25.4).abs() < 1e-9);
        assert_eq!(css_mm("2cm"), Some(20.0));
    }
}
