//! The DOCX back end: the composed document as a Word file a careful văn thư would have
//! made by hand — real paragraphs and tables, borderless tables for the letterhead and the
//! signature area, rules as paragraph borders, a PAGE field in the header hidden on the
//! first page, each appendix its own section. Sizes, margins and spacings come from the
//! same [`Profile`] as the PDF.

use super::ooxml;
use crate::compose::{CAppendix, CBlock, CCell, CTable, Composed};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::metrics::Metrics;
use crate::profile::Profile;
use crate::text::Span;
use docx_rs::*;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::sync::{Arc, Mutex};

/// The font named in every run: the documents are edited in offices that have it.
const FONT: &str = "Times New Roman";
/// Marks header rows until the XML is patched: docx-rs cannot write `w:tblHeader`.
const HEADER_ROW_MARK: f32 = 7.0;
const HEADER_ROW_XML: &str = r#"<w:trHeight w:val="7" w:hRule="exact" />"#;
/// What [`NO_BREAK_HYPHEN`] becomes in `w:t`'s text: the text closed, the element, reopened.
const NO_BREAK_HYPHEN_XML: &str = r#"</w:t><w:noBreakHyphen /><w:t xml:space="preserve">"#;

fn tw(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT)
}

/// Stands for `<w:noBreakHyphen/>` in the text until the XML is patched: docx-rs has no such
/// element. A hyphen inside a symbol that must stay on one line (`98/2023/NĐ-CP`) is one.
const NO_BREAK_HYPHEN: char = '\u{2011}';

/// A run of `text` in the serif at `size` pt, bold and italic as asked.
fn run(text: &str, size: f64, bold: bool, italic: bool) -> Run {
    // A line break inside the paragraph (Word's Shift+Enter) is a `<w:br/>` between texts.
    let mut r = Run::new();
    for (k, part) in text.split(['\n', crate::vn::LINE_BREAK]).enumerate() {
        if k > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        if !part.is_empty() || k == 0 {
            r = r.add_text(part);
        }
    }
    let mut r = r.size(half_points(size)).fonts(fonts());
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

/// `p` with a run for each span (an unbreakable span's hyphens made non-breaking).
fn with_spans(mut p: Paragraph, spans: &[Span], size: f64) -> Paragraph {
    for s in spans {
        if s.nb && s.text.contains('-') {
            p = p.add_run(run(&s.text.replace('-', &NO_BREAK_HYPHEN.to_string()), size, s.b, s.i));
        } else {
            p = p.add_run(run(&s.text, size, s.b, s.i));
        }
    }
    p
}

/// A paragraph set solid: no space around it, single line spacing.
fn tight(align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).line_spacing(LineSpacing::new().before(0).after(0).line(240).line_rule(LineSpacingType::Auto))
}

/// Builds DOCX files; holds the profile and the font metrics used to size rules.
pub struct DocxWriter {
    profile: Profile,
    metrics: Metrics,
    /// Compressed package parts by name and content. Most parts (styles, settings, fonts,
    /// numbering, the page-number header…) are the same in every document of a bulk run;
    /// each is compressed once and copied as it is into every later package.
    parts: Mutex<PartCache>,
    /// Draws charts (a document with a chart cannot be written without it).
    charts: Option<ChartRaster>,
}

/// Parts kept in [`DocxWriter::parts`] at most; past it the cache starts again empty.
const PART_CACHE_MAX: usize = 64;
/// Parts larger than this (the body of a long document) are compressed every time.
const PART_CACHE_BYTES: usize = 64 * 1024;

struct Ctx<'a> {
    p: &'a Profile,
    m: &'a Metrics,
    /// Text width of the current section, mm.
    width: f64,
    /// The pictures of the document's charts, by the chart's address (see [`DocxWriter::docx`]).
    pics: &'a HashMap<usize, Picture>,
}

/// A chart's picture: the PNG, its size in points, and its number in the package.
struct Picture {
    png: Vec<u8>,
    w_pt: f64,
    h_pt: f64,
    n: usize,
}

/// Draws a chart as a PNG of exactly what the PDF shows, with its size in points
/// (`render::pdf::Engine::chart_png`).
pub type ChartRaster = Arc<dyn Fn(&crate::compose::CChart) -> Result<(Vec<u8>, f64, f64), Vec<Diagnostic>> + Send + Sync>;

impl DocxWriter {
    /// A writer over the layout profile.
    pub fn new(profile: Profile) -> DocxWriter {
        DocxWriter { profile, metrics: Metrics, parts: Mutex::new(HashMap::new()), charts: None }
    }

    /// The same writer, drawing charts with `raster` (the Typst engine's, so that the picture
    /// is the chart of the PDF).
    pub fn with_charts(mut self, raster: ChartRaster) -> DocxWriter {
        self.charts = Some(raster);
        self
    }

    /// Every chart of `doc` drawn, by its address.
    fn pictures(&self, doc: &Composed) -> Result<HashMap<usize, Picture>, Diagnostic> {
        let mut out = HashMap::new();
        let all = doc.body.iter().chain(doc.appendices.iter().flat_map(|a| a.body.iter()));
        for b in all {
            let CBlock::Chart(c) = b else { continue };
            let Some(raster) = &self.charts else {
                return Err(Diagnostic::error(Msg::DocxNoCharts));
            };
            let (png, w_pt, h_pt) = raster(c).map_err(|ds| {
                let msg = ds.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; ");
                Diagnostic::error(Msg::DocxChart { title: c.title.clone(), detail: msg })
            })?;
            let n = out.len() + 1;
            out.insert(c as *const _ as usize, Picture { png, w_pt, h_pt, n });
        }
        Ok(out)
    }

    /// The DOCX bytes of `doc`, compressed, the same for the same input.
    pub fn docx(&self, doc: &Composed) -> Result<Vec<u8>, Diagnostic> {
        let p = &self.profile;
        let portrait_w = p.page_width_mm - p.margin_left_mm - p.margin_right_mm;
        let landscape_w = p.page_height_mm - p.margin_left_mm - p.margin_right_mm;

        // Parts: the main text, then each appendix, each one a section.
        let pics = self.pictures(doc)?;
        let mut parts: Vec<(Vec<Child>, bool, bool)> = Vec::new();
        let cx = Ctx { p, m: &self.metrics, width: portrait_w, pics: &pics };
        parts.push((main_text(doc, &cx), false, false));
        for a in &doc.appendices {
            let w = if a.landscape { landscape_w } else { portrait_w };
            let cx = Ctx { p, m: &self.metrics, width: w, pics: &pics };
            parts.push((appendix(a, &cx), a.landscape, true));
        }

        if let (Some(c), Some(last)) = (&doc.copy, parts.last_mut()) {
            let w = if last.1 { landscape_w } else { portrait_w };
            last.0.extend(copy_block(c, &Ctx { p, m: &self.metrics, width: w, pics: &pics }, portrait_w));
        }

        let mut docx = Docx::new().default_fonts(fonts()).default_size(half_points(p.body_size)).default_tab_stop(720);
        let last = parts.len() - 1;
        for (i, (children, landscape, restart)) in parts.into_iter().enumerate() {
            let (w, h) = self.page(landscape);
            let margin = self.margin();
            let orient = if landscape { PageOrientationType::Landscape } else { PageOrientationType::Portrait };
            if i < last {
                let mut s = Section::new().page_size(PageSize::new().size(w, h).orient(orient)).page_margin(margin).title_pg().header(self.header());
                if restart {
                    s = s.page_num_type(PageNumType::new().start(1));
                }
                if !doc.first_footer.is_empty() {
                    // Only the first page: a later section would inherit it, so each
                    // appendix gets an empty one of its own.
                    s = s.first_footer(if i == 0 { self.first_footer(doc) } else { Footer::new() });
                }
                for c in children {
                    s = match c {
                        Child::P(p) => s.add_paragraph(p),
                        Child::T(t) => s.add_table(t),
                    };
                }
                docx = docx.add_section(s);
            } else {
                for c in children {
                    docx = match c {
                        Child::P(p) => docx.add_paragraph(p),
                        Child::T(t) => docx.add_table(t),
                    };
                }
                docx = docx.page_size(w, h).page_orient(orient).page_margin(margin).title_pg().header(self.header());
                if !doc.first_footer.is_empty() {
                    docx = docx.first_footer(if i == 0 { self.first_footer(doc) } else { Footer::new() });
                }
                if restart {
                    docx = docx.page_num_type(PageNumType::new().start(1));
                }
            }
        }
        let mut raw = Cursor::new(Vec::new());
        docx.build().pack(&mut raw).map_err(|e| Diagnostic::error(Msg::DocxPackage { error: e.to_string() }))?;
        self.repack(raw.into_inner(), doc)
    }

    fn page(&self, landscape: bool) -> (u32, u32) {
        let (w, h) = (tw(self.profile.page_width_mm) as u32, tw(self.profile.page_height_mm) as u32);
        if landscape {
            (h, w)
        } else {
            (w, h)
        }
    }

    fn margin(&self) -> PageMargin {
        let p = &self.profile;
        PageMargin::new()
            .top(tw(p.margin_top_mm))
            .bottom(tw(p.margin_bottom_mm))
            .left(tw(p.margin_left_mm))
            .right(tw(p.margin_right_mm))
            .header(tw(p.page_number_top_mm))
            .footer(tw(p.footer_mm))
            .gutter(0)
    }

    /// The first page's footer (ô 13): a rule as wide as the text, then the agency's
    /// address and contacts, centred; its last line ends `footer_mm` above the page's foot.
    fn first_footer(&self, doc: &Composed) -> Footer {
        let p = &self.profile;
        let width = p.text_width_mm();
        let mut f = Footer::new().add_paragraph(rule(width, width, p.rule_stroke_pt, 0.0));
        for (k, l) in doc.first_footer.iter().enumerate() {
            let before = if k == 0 { (p.rule_gap_pt * 20.0).round() as u32 } else { 0 };
            f =
                f.add_paragraph(
                    tight(AlignmentType::Center)
                        .line_spacing(LineSpacing::new().before(before).after(0).line(240).line_rule(LineSpacingType::Auto))
                        .add_run(run(l, p.first_footer_size, false, false)),
                );
        }
        f
    }

    /// The header: the page number centred, as a PAGE field. With `titlePg` and no first-page
    /// header, the first page of each section has none.
    fn header(&self) -> Header {
        let size = half_points(self.profile.page_number_size);
        let field = Run::new()
            .size(size)
            .fonts(fonts())
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("2")
            .add_field_char(FieldCharType::End, false);
        Header::new().add_paragraph(tight(AlignmentType::Center).add_run(field))
    }
}

/// A picture's drawing properties as docx-rs writes them.
const DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";

/// Numbers the pictures' drawings 1, 2, 3… in document order.
fn number_pictures(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    for (k, piece) in xml.split(DOC_PR).enumerate() {
        if k > 0 {
            out.push_str(&format!("<wp:docPr id=\"{k}\" name=\"Figure {k}\" />"));
        }
        out.push_str(piece);
    }
    out
}

/// Compressed package parts by (name, uncompressed bytes).
type PartCache = HashMap<(String, Vec<u8>), Arc<Vec<u8>>>;

// A few children a document, each moved once into the body: boxing the paragraph would cost
// more than the size difference.
#[allow(clippy::large_enum_variant)]
enum Child {
    P(Paragraph),
    T(Table),
}

/// An empty paragraph `pt` points high: vertical space that does not depend on how a word
/// processor combines the space after one paragraph with the space before the next.
fn spacer(pt: f64) -> Paragraph {
    tight(AlignmentType::Left).line_spacing(LineSpacing::new().before(0).after(0).line((pt * 20.0).round() as i32).line_rule(LineSpacingType::Exact)).size(2)
}

/// The space the template puts above `first`, the first block after the title block or an
/// appendix's heading, on top of their own: Typst spaces a paragraph from the paragraph before
/// it but not from a block before it (`after_block`: the rule under a trích yếu or a `Kèm
/// theo` line), and a heading or a table by their own `above` in both cases.
fn space_above(first: Option<&CBlock>, after_block: bool, p: &Profile) -> f64 {
    match first {
        None => 0.0,
        Some(CBlock::Heading { .. } | CBlock::Division { .. } | CBlock::Table(_)) => par_gap(p),
        Some(_) if after_block => 0.0,
        Some(_) => par_gap(p),
    }
}

/// The space between two body paragraphs as the template sets it, pt: the space after a
/// paragraph plus the leading its last line lacks (see `par-gap` in nd30-parts.typ).
fn par_gap(p: &Profile) -> f64 {
    p.par_spacing_pt + (p.line_spacing - 1.0) * (p.line_ascent_em + p.line_descent_em) * p.body_size
}

/// An empty paragraph whose bottom border is a rule of `len` mm centred in `width` mm,
/// `gap_pt` below the line above.
fn rule(len: f64, width: f64, stroke_pt: f64, gap_pt: f64) -> Paragraph {
    let side = tw(((width - len) / 2.0).max(0.0));
    let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size(((stroke_pt * 8.0).round() as usize).max(2))
        .space(0)
        .color("000000");
    tight(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .set_borders(ParagraphBorders::with_empty().set(border))
        // As high as the gap: the border at its foot is `gap_pt` below the line above, and
        // nothing else is added (in the template, a rule takes no height of its own).
        .line_spacing(LineSpacing::new().before(0).after(0).line(((gap_pt * 20.0).round() as i32).max(20)).line_rule(LineSpacingType::Exact))
        .size(2)
}

/// A borderless one-row table of fixed columns (mm) with no cell padding, each cell a list of
/// paragraphs; the row stays on one page.
fn layout_table(widths: &[f64], cells: Vec<Vec<Paragraph>>, indent_mm: f64) -> Table {
    layout_table_of(widths, cells.into_iter().map(|ps| ps.into_iter().map(Child::P).collect()).collect(), indent_mm)
}

/// [`layout_table`] whose cells may hold tables too (the boxed marks under the number line).
fn layout_table_of(widths: &[f64], cells: Vec<Vec<Child>>, indent_mm: f64) -> Table {
    let grid: Vec<usize> = widths.iter().map(|w| tw(*w) as usize).collect();
    let row = TableRow::new(
        cells
            .into_iter()
            .zip(&grid)
            .map(|(items, w)| {
                let mut c = TableCell::new().width(*w, WidthType::Dxa).vertical_align(VAlignType::Top);
                for item in items {
                    c = match item {
                        Child::P(p) => c.add_paragraph(p),
                        Child::T(t) => c.add_table(t),
                    };
                }
                c
            })
            .collect(),
    )
    .cant_split();
    Table::without_borders(vec![row])
        .set_grid(grid.clone())
        .width(grid.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(tw(indent_mm))
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// A boxed mark: a one-cell table of the mark's width and `mark_height_mm` (exactly), its
/// single border `mark_stroke_pt`, the word bold and centred both ways, as the PDF's box.
fn mark_table(m: &crate::compose::CMark, p: &Profile, align: TableAlignmentType) -> Table {
    let ink = if m.red { "D00000" } else { "000000" };
    let border = |pos| TableBorder::new(pos).size(((p.mark_stroke_pt * 8.0).round() as usize).max(2)).color(ink);
    let w = tw(m.width_mm) as usize;
    let para = tight(AlignmentType::Center).add_run(run(&m.text, p.mark_size, true, false).color(ink));
    let cell = TableCell::new().width(w, WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(para);
    // A word processor adds the border to the row's height (see `table`): the row is that
    // much less than the box, which then measures `mark_height_mm` as in the PDF.
    let height = tw(p.mark_height_mm) as f32 - (p.mark_stroke_pt * 20.0) as f32;
    let row = TableRow::new(vec![cell]).row_height(height).height_rule(HeightRule::Exact).cant_split();
    Table::new(vec![row])
        .set_borders(
            TableBorders::new()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Right)),
        )
        .set_grid(vec![w])
        .width(w, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(align)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

fn widest(m: &Metrics, lines: &[String], size: f64, bold: bool, italic: bool) -> f64 {
    lines.iter().map(|l| m.width_mm(l, size, bold, italic)).fold(0.0, f64::max)
}

/// The document's text from the letterhead to the signature, as the PDF template lays it out:
/// the letterhead, the title block, Kính gửi, the bases, the body, the signature.
fn main_text(doc: &Composed, cx: &Ctx) -> Vec<Child> {
    let mut out = Vec::new();
    letterhead(doc, cx, &mut out);
    title_block(doc, cx, &mut out);
    recipients(doc, cx, &mut out);
    bases(doc, cx, &mut out);
    body(doc, cx, &mut out);
    if let Some(anchor) = signature_anchor(doc, cx) {
        out.push(Child::P(anchor));
    }
    if doc.co_signers.is_empty() {
        out.push(Child::T(signature(doc, cx)));
    } else {
        out.extend(several_signers(doc, cx));
    }
    out
}

/// The national heading's lines (Quốc hiệu, Tiêu ngữ and its rule) in a column `width` wide.
fn national_heading(cx: &Ctx, width: f64) -> Vec<Paragraph> {
    let p = cx.p;
    let tieu_ngu = "Độc lập - Tự do - Hạnh phúc";
    vec![
        tight(AlignmentType::Center).add_run(run(crate::profile::QUOC_HIEU, p.quoc_hieu_size, true, false)),
        tight(AlignmentType::Center).add_run(run(tieu_ngu, p.tieu_ngu_size, true, false)),
        rule(cx.m.width_mm(tieu_ngu, p.tieu_ngu_size, true, false).min(width), width, p.rule_stroke_pt, p.rule_gap_pt),
    ]
}

/// The letterhead: the draft mark, then two borderless rows, issuer | national heading and
/// number (with its secrecy and urgency marks) | date; the circulation mark under them.
fn letterhead(doc: &Composed, cx: &Ctx, out: &mut Vec<Child>) {
    let p = cx.p;
    let lw = cx.width * p.letterhead_left_ratio;
    let rw = cx.width - lw;
    if let Some(d) = &doc.draft {
        out.push(Child::T(mark_table(d, p, TableAlignmentType::Right)));
        out.push(Child::P(spacer(p.mark_gap_pt)));
    }
    if doc.issuer.is_empty() {
        // A report made by a person or a collective: the national heading alone, centred
        // over the text width as in the PDF (a one-cell borderless table, the same box).
        out.push(Child::T(layout_table(&[cx.width], vec![national_heading(cx, cx.width)], 0.0)));
    } else {
        out.push(Child::T(layout_table(&[lw, rw], vec![issuer_column(doc, cx, lw), national_heading(cx, rw)], 0.0)));
        let right = vec![Child::P(
            tight(AlignmentType::Center).line_spacing(LineSpacing::new().before(160).after(0).line(240).line_rule(LineSpacingType::Auto)).add_run(run(
                &doc.date_line,
                p.date_size,
                false,
                true,
            )),
        )];
        // The date's column is as wide as the date line needs (see `Composed::date_col_mm`).
        out.push(Child::T(layout_table_of(&[cx.width - doc.date_col_mm, doc.date_col_mm], vec![number_column(doc, cx), right], 0.0)));
    }
    if let Some(c) = &doc.circulation {
        out.push(Child::P(spacer(p.mark_gap_pt)));
        out.push(Child::T(mark_table(c, p, TableAlignmentType::Center)));
    }
}

/// The issuer's column, `lw` wide: the parent body, the issuer in bold and the rule under it.
fn issuer_column(doc: &Composed, cx: &Ctx, lw: f64) -> Vec<Paragraph> {
    let p = cx.p;
    let mut left = Vec::new();
    for l in &doc.parent {
        left.push(tight(AlignmentType::Center).add_run(run(l, p.parent_size, false, false)));
    }
    for l in &doc.issuer {
        left.push(tight(AlignmentType::Center).add_run(run(l, p.issuer_size, true, false)));
    }
    let iw = widest(cx.m, &doc.issuer, p.issuer_size, true, false).min(lw);
    left.push(rule(iw * p.issuer_rule_ratio, lw, p.rule_stroke_pt, p.rule_gap_pt));
    left
}

/// The number's column: the number line, the lines of V/v, then the secrecy and urgency marks.
fn number_column(doc: &Composed, cx: &Ctx) -> Vec<Child> {
    let p = cx.p;
    let mut left = vec![Child::P(
        tight(AlignmentType::Center).line_spacing(LineSpacing::new().before(160).after(0).line(240).line_rule(LineSpacingType::Auto)).add_run(run(
            &doc.number_line,
            p.number_size,
            false,
            false,
        )),
    )];
    for (k, l) in doc.vv.iter().enumerate() {
        let before = if k == 0 { (p.vv_gap_pt * 20.0) as u32 } else { 0 };
        left.push(Child::P(
            tight(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(before).after(0).line(240).line_rule(LineSpacingType::Auto))
                .add_run(run(l, p.vv_size, false, false)),
        ));
    }
    // Secrecy and urgency, each boxed under the number line; a cell ends with a
    // paragraph, here one point high (as the template's 1 pt after the marks).
    for m in &doc.marks {
        left.push(Child::P(spacer(p.mark_gap_pt)));
        left.push(Child::T(mark_table(m, p, TableAlignmentType::Center)));
    }
    if !doc.marks.is_empty() {
        left.push(Child::P(spacer(1.0)));
    }
    left
}

/// The title block: the kind, trích yếu and its rule, the authority line, and the space under
/// them (12 pt when the document has no kind line).
fn title_block(doc: &Composed, cx: &Ctx, out: &mut Vec<Child>) {
    let p = cx.p;
    let Some(kind) = &doc.kind_title else {
        out.push(Child::P(spacer(12.0)));
        return;
    };
    out.push(Child::P(
        tight(AlignmentType::Center).line_spacing(LineSpacing::new().before(360).after(0).line(240).line_rule(LineSpacingType::Auto)).add_run(run(
            kind,
            p.kind_size,
            true,
            false,
        )),
    ));
    for l in &doc.summary {
        out.push(Child::P(tight(AlignmentType::Center).add_run(run(l, p.summary_size, true, false))));
    }
    if !doc.summary.is_empty() {
        let sw = widest(cx.m, &doc.summary, p.summary_size, true, false).min(cx.width);
        out.push(Child::P(rule(sw * p.summary_rule_ratio, cx.width, p.rule_stroke_pt, p.rule_gap_pt)));
    }
    for (k, l) in doc.authority.iter().enumerate() {
        let before = if k == 0 { 240 } else { 0 };
        out.push(Child::P(
            tight(AlignmentType::Center).line_spacing(LineSpacing::new().before(before).after(0).line(240).line_rule(LineSpacingType::Auto)).add_run(run(
                l,
                p.summary_size,
                true,
                false,
            )),
        ));
    }
    // The template's 6 pt under the title block, and the paragraph spacing of what
    // follows when it has some (a recipient line brings its own).
    let after_rule = !doc.summary.is_empty() && doc.authority.is_empty();
    let next = if !doc.recipients.is_empty() || (doc.bases.is_empty() && doc.decision_word.is_some()) {
        0.0
    } else if !doc.bases.is_empty() {
        if after_rule {
            0.0
        } else {
            par_gap(p)
        }
    } else {
        space_above(doc.body.first(), after_rule, p)
    };
    out.push(Child::P(spacer(6.0 + next)));
}

/// Kính gửi: one recipient on a centred line, several in a list beside the label.
fn recipients(doc: &Composed, cx: &Ctx, out: &mut Vec<Child>) {
    let p = cx.p;
    match doc.recipients.as_slice() {
        [] => {}
        // 12 pt under the recipients, on top of the paragraph spacing of what follows, as in
        // the template.
        [one] => out.push(Child::P(
            tight(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(120).after(((12.0 + par_gap(p)) * 20.0).round() as u32).line(240).line_rule(LineSpacingType::Auto))
                .add_run(run(&format!("Kính gửi: {one}"), p.recipient_size, false, false)),
        )),
        many => {
            let label_w = cx.m.width_mm("Kính gửi: ", p.recipient_size, false, false) + 1.0;
            let indent = 12.0;
            let items =
                many.iter()
                    .enumerate()
                    .map(|(k, r)| {
                        // 0.35 em between the recipients (none after the last), as in the template.
                        let after = if k + 1 < many.len() { (0.35 * p.recipient_size * 20.0).round() as u32 } else { 0 };
                        tight(AlignmentType::Both)
                            .line_spacing(LineSpacing::new().before(0).after(after).line(240).line_rule(LineSpacingType::Auto))
                            .add_run(run(&format!("- {r}"), p.recipient_size, false, false))
                    })
                    .collect();
            let label = vec![tight(AlignmentType::Left).add_run(run("Kính gửi:", p.recipient_size, false, false))];
            // 6 pt above the list and 12 pt under it, as in the template (which gives a
            // paragraph after the list no spacing of its own; see `space_above`).
            out.push(Child::P(spacer(6.0)));
            out.push(Child::T(layout_table(&[label_w, cx.width - indent - label_w], vec![label, items], indent)));
            let first = if doc.bases.is_empty() { doc.body.first() } else { None };
            out.push(Child::P(spacer(12.0 + space_above(first, true, p))));
        }
    }
}

/// The basis lines (Căn cứ …), in italics, and the decision word (`QUYẾT ĐỊNH:`) after them.
fn bases(doc: &Composed, cx: &Ctx, out: &mut Vec<Child>) {
    let p = cx.p;
    for b in &doc.bases {
        out.push(Child::P(body_para(cx).add_run(run(b, p.body_size, false, true))));
    }
    if let Some(w) = &doc.decision_word {
        // `QUYẾT ĐỊNH:` 6 pt below the paragraph spacing of the last basis, and 6 pt above
        // that of the first article, as in the template; only one of two adjacent paragraphs
        // ever carries the space between them (Word adds the two, LibreOffice takes the
        // larger), so the space above is a paragraph of its own.
        let leading = if doc.bases.is_empty() { 0.0 } else { par_gap(p) - p.par_spacing_pt };
        out.push(Child::P(spacer(6.0 + leading)));
        out.push(Child::P(
            tight(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(0).after(((6.0 + par_gap(p)) * 20.0).round() as u32).line(240).line_rule(LineSpacingType::Auto))
                .add_run(run(w, p.body_size, true, false)),
        ));
    }
}

/// The body's blocks, the closing paragraph kept whole on the signature's page (as in the PDF).
fn body(doc: &Composed, cx: &Ctx, out: &mut Vec<Child>) {
    blocks(&doc.body, cx, out);
    if matches!(doc.body.last(), Some(CBlock::Para { .. } | CBlock::Dash { .. } | CBlock::Plus { .. } | CBlock::Label { .. } | CBlock::Fill { .. })) {
        if let Some(Child::P(last)) = out.pop() {
            out.push(Child::P(last.keep_next(true).keep_lines(true)));
        }
    }
}

/// The paragraph above the signature block, when it has room to give or images to hold: 12 pt
/// above the block, as in the template (the space after the last paragraph, or the one under a
/// table, and the rest), kept with the signature as the closing paragraph keeps with it; the
/// images of ký số anchored in it.
fn signature_anchor(doc: &Composed, cx: &Ctx) -> Option<Paragraph> {
    let p = cx.p;
    let gap = if doc.body.is_empty() { 0.0 } else { 12.0 - p.par_spacing_pt };
    if gap <= 0.0 && doc.sign_image.is_none() && doc.seal_image.is_none() {
        return None;
    }
    let mut anchor = spacer(gap.max(1.0)).keep_next(true);
    // The images of ký số, centred in the room between the title lines and the name.
    let line_mm = |size: f64| (p.line_ascent_em + p.line_descent_em) * size * 25.4 / 72.0;
    // With co-signers, every column's title and note lines are padded to the most any has.
    let titles = doc.co_signers.iter().map(|s| s.lines.len()).chain([doc.sign_lines.len()]).max().unwrap_or(0);
    let notes = doc.co_signers.iter().map(|s| s.note.len()).chain([doc.sign_note.len()]).max().unwrap_or(0);
    let above = gap.max(1.0) * 25.4 / 72.0
        + doc.sign_date.iter().count() as f64 * line_mm(p.date_size)
        + titles as f64 * line_mm(p.sign_title_size)
        + notes as f64 * line_mm(p.sign_note_size);
    // The centre of the principal signer's column, the last (rightmost).
    let columns = (doc.co_signers.len() + 1).max(2) as f64;
    let centre_x = cx.width * (1.0 - 0.5 / columns);
    for (i, im) in [&doc.sign_image, &doc.seal_image].into_iter().flatten().enumerate() {
        let pic = floating_image(im, cx.pics.len() + 1 + i, centre_x + im.dx_mm - im.width_mm / 2.0, above + (p.sign_space_mm - im.height_mm) / 2.0);
        anchor = anchor.add_run(Run::new().add_image(pic));
    }
    Some(anchor)
}

/// Several signers side by side on one line (a Biên bản, a joint document), the principal on
/// the right, each in a column of equal width, their title and note lines padded to the most
/// any column has (so the names stand on one line); Nơi nhận under them in the first column,
/// as the template's `signature-block`: one row, kept whole on its page.
fn several_signers(doc: &Composed, cx: &Ctx) -> Vec<Child> {
    let p = cx.p;
    let space = (p.sign_space_mm * 72.0 / 25.4 * 20.0) as u32;
    let all: Vec<(&[String], &[String], &str)> = doc
        .co_signers
        .iter()
        .map(|s| (s.lines.as_slice(), s.note.as_slice(), s.name.as_str()))
        .chain([(doc.sign_lines.as_slice(), doc.sign_note.as_slice(), doc.signer.as_str())])
        .collect();
    let titles = all.iter().map(|s| s.0.len()).max().unwrap_or(0);
    let notes = all.iter().map(|s| s.1.len()).max().unwrap_or(0);
    let last = all.len() - 1;
    let centred = |text: &str, size: f64, bold: bool, italic: bool| tight(AlignmentType::Center).keep_next(true).add_run(run(text, size, bold, italic));
    let columns: Vec<Vec<Paragraph>> =
        all.iter()
            .enumerate()
            .map(|(k, (lines, note, name))| {
                let mut col = Vec::new();
                if let Some(d) = doc.sign_date.as_deref() {
                    col.push(centred(if k == last { d } else { "\u{00A0}" }, p.date_size, false, true));
                }
                col.extend(lines.iter().map(|l| centred(l, p.sign_title_size, true, false)));
                col.extend((lines.len()..titles).map(|_| centred("\u{00A0}", p.sign_title_size, true, false)));
                col.extend(note.iter().map(|l| centred(l, p.sign_note_size, false, true)));
                col.extend((note.len()..notes).map(|_| centred("\u{00A0}", p.sign_note_size, false, true)));
                col.push(
                    tight(AlignmentType::Center)
                        .line_spacing(LineSpacing::new().before(space).after(0).line(240).line_rule(LineSpacingType::Auto))
                        .add_run(run(name, p.signer_size, true, false)),
                );
                col
            })
            .collect();
    let mut columns = columns;
    if !doc.noi_nhan.is_empty() {
        // Under the signatures, in the first column: one row, kept whole on its page.
        let first = &mut columns[0];
        first.push(spacer(12.0));
        first.push(tight(AlignmentType::Left).add_run(run("Nơi nhận:", p.noi_nhan_label_size, true, true)));
        first.extend(doc.noi_nhan.iter().map(|l| tight(AlignmentType::Left).add_run(run(l, p.noi_nhan_size, false, false))));
        if let Some(r) = &doc.release {
            first.push(tight(AlignmentType::Left).add_run(run(r, p.release_size, false, false)));
        }
    }
    let w = cx.width / all.len() as f64;
    vec![Child::T(layout_table(&vec![w; all.len()], columns, 0.0))]
}

/// The copy block (bản sao) after the document, as the template's `copy-block`: a rule as
/// wide as the text, the copying agency and the copy's number | the kind of copy and the
/// date (two rows, so that number and date share a line), then the signature. Every
/// paragraph keeps with the next: the block stays whole on one page.
fn copy_block(c: &crate::compose::CCopy, cx: &Ctx, portrait_w: f64) -> Vec<Child> {
    let p = cx.p;
    let lw = portrait_w * p.letterhead_left_ratio;
    let mut out = vec![
        Child::P(spacer(p.copy_gap_pt).keep_next(true)),
        Child::P(rule(cx.width, cx.width, p.rule_stroke_pt, 0.0).keep_next(true)),
        Child::P(spacer(p.copy_rule_gap_pt).keep_next(true)),
    ];
    let centred = |text: &str, size: f64, bold: bool, italic: bool, before_pt: f64| {
        tight(AlignmentType::Center)
            .keep_next(true)
            .line_spacing(LineSpacing::new().before((before_pt * 20.0).round() as u32).after(0).line(240).line_rule(LineSpacingType::Auto))
            .add_run(run(text, size, bold, italic))
    };
    let mut agency: Vec<Paragraph> = c.parent.iter().map(|l| centred(l, p.parent_size, false, false, 0.0)).collect();
    agency.extend(c.issuer.iter().map(|l| centred(l, p.issuer_size, true, false, 0.0)));
    out.push(Child::T(layout_table(&[lw, portrait_w - lw], vec![agency, vec![centred(&c.title, p.copy_title_size, true, false, 0.0)]], 0.0)));
    out.push(Child::T(layout_table(
        &[lw, portrait_w - lw],
        vec![vec![centred(&c.number_line, p.number_size, false, false, 8.0)], vec![centred(&c.date_line, p.date_size, false, true, 8.0)]],
        0.0,
    )));
    out.push(Child::P(spacer(12.0).keep_next(true)));
    let sign = Signing { confirm: None, noi_nhan: &c.noi_nhan, release: None, sign_date: None, sign_lines: &c.sign_lines, sign_note: &[], signer: &c.signer };
    out.push(Child::T(sign.table(cx)));
    out
}

/// What the signature block prints: a document's, or a copy's.
struct Signing<'a> {
    confirm: Option<&'a crate::compose::CConfirm>,
    noi_nhan: &'a [String],
    release: Option<&'a str>,
    sign_date: Option<&'a str>,
    sign_lines: &'a [String],
    sign_note: &'a [String],
    signer: &'a str,
}

/// The signature block of one signer: Nơi nhận (or the confirmation area) on the left, the
/// signature on the right.
fn signature(doc: &Composed, cx: &Ctx) -> Table {
    Signing {
        confirm: doc.confirm.as_ref(),
        noi_nhan: &doc.noi_nhan,
        release: doc.release.as_deref(),
        sign_date: doc.sign_date.as_deref(),
        sign_lines: &doc.sign_lines,
        sign_note: &doc.sign_note,
        signer: &doc.signer,
    }
    .table(cx)
}

/// A signature block's image (ký số) as a floating picture anchored to the paragraph just
/// before the signature block: horizontally from the text's left edge (`left_mm`), vertically
/// from that paragraph's top (`top_mm`), over the text, as Typst places it in the room above
/// the name. (Anchored in the block's table instead, word processors measure from the cell,
/// and a seal wider than its share of the cell would need a negative offset.)
fn floating_image(im: &crate::compose::CImage, n: usize, left_mm: f64, top_mm: f64) -> Pic {
    let emu = |mm: f64| (mm * 36000.0).round().max(0.0) as i32;
    let px = |mm: f64| (mm / 25.4 * 300.0).round() as u32;
    let mut pic = Pic::new_with_dimensions(im.png.to_vec(), px(im.width_mm), px(im.height_mm))
        .size(emu(im.width_mm) as u32, emu(im.height_mm) as u32)
        .id(format!("rIdImage{n}"))
        .floating()
        .overlapping()
        .relative_from_h(RelativeFromHType::Margin)
        .relative_from_v(RelativeFromVType::Paragraph)
        .offset_x(emu(left_mm))
        .offset_y(emu(top_mm));
    // Drawn in the order given: the seal over the signature.
    pic.relative_height = 251_658_240 + n as u32;
    pic
}

impl Signing<'_> {
    fn table(&self, cx: &Ctx) -> Table {
        let doc = self;
        let p = cx.p;
        let half = cx.width / 2.0;
        let space = (p.sign_space_mm * 72.0 / 25.4 * 20.0) as u32;
        let name = |text: &str| {
            tight(AlignmentType::Center).line_spacing(LineSpacing::new().before(space).after(0).line(240).line_rule(LineSpacingType::Auto)).add_run(run(
                text,
                p.signer_size,
                true,
                false,
            ))
        };
        let mut left = Vec::new();
        if let Some(c) = doc.confirm {
            // A form's confirmation area: set as the signature beside it.
            for l in &c.title {
                left.push(tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.sign_title_size, true, false)));
            }
            for l in &c.note {
                left.push(tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.sign_note_size, false, true)));
            }
            left.push(name(&c.name));
        } else if !doc.noi_nhan.is_empty() {
            left.push(tight(AlignmentType::Left).add_run(run("Nơi nhận:", p.noi_nhan_label_size, true, true)));
            for l in doc.noi_nhan {
                left.push(tight(AlignmentType::Left).add_run(run(l, p.noi_nhan_size, false, false)));
            }
            if let Some(r) = doc.release {
                left.push(tight(AlignmentType::Left).add_run(run(r, p.release_size, false, false)));
            }
        } else {
            left.push(tight(AlignmentType::Left));
        }
        let mut right: Vec<Paragraph> = Vec::new();
        if let Some(d) = doc.sign_date {
            right.push(tight(AlignmentType::Center).keep_next(true).add_run(run(d, p.date_size, false, true)));
        }
        right.extend(doc.sign_lines.iter().map(|l| tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.sign_title_size, true, false))));
        right.extend(doc.sign_note.iter().map(|l| tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.sign_note_size, false, true))));
        right.push(name(doc.signer));
        layout_table(&[half, half], vec![left, right], 0.0)
    }
}

/// A body paragraph: justified, first line indented, the body's line and paragraph spacing.
fn body_para(cx: &Ctx) -> Paragraph {
    let p = cx.p;
    // Widow and orphan control, as typst does by default.
    Paragraph::new().widow_control(true).align(AlignmentType::Both).indent(None, Some(SpecialIndentType::FirstLine(tw(p.indent_mm))), None, None).line_spacing(
        LineSpacing::new().before(0).after((p.par_spacing_pt * 20.0) as u32).line((p.line_spacing * 240.0).round() as i32).line_rule(LineSpacingType::Auto),
    )
}

/// The composed blocks of `list` (the body or an appendix) appended to `out`.
fn blocks(list: &[CBlock], cx: &Ctx, out: &mut Vec<Child>) {
    let p = cx.p;
    for b in list {
        match b {
            CBlock::Heading { spans, .. } => {
                out.push(Child::P(with_spans(body_para(cx).keep_next(true), spans, p.body_size)));
            }
            CBlock::Division { spans } => {
                let para = body_para(cx).align(AlignmentType::Center).indent(None, Some(SpecialIndentType::FirstLine(0)), None, None).keep_next(true);
                out.push(Child::P(with_spans(para, spans, p.body_size)));
            }
            CBlock::Para { spans, align, indent } => {
                let a = match *align {
                    "center" => AlignmentType::Center,
                    "right" => AlignmentType::Right,
                    "left" => AlignmentType::Left,
                    _ => AlignmentType::Both,
                };
                let mut para = body_para(cx).align(a);
                if !indent {
                    para = para.indent(None, Some(SpecialIndentType::FirstLine(0)), None, None);
                }
                out.push(Child::P(with_spans(para, spans, p.body_size)));
            }
            CBlock::Dash { spans } | CBlock::Plus { spans } => {
                let mark = if matches!(b, CBlock::Dash { .. }) { "- " } else { "+ " };
                let para = body_para(cx).add_run(run(mark, p.body_size, false, false));
                out.push(Child::P(with_spans(para, spans, p.body_size)));
            }
            CBlock::Label { label, spans } => {
                let para = body_para(cx).add_run(run(&format!("{label}:"), p.body_size, false, true)).add_run(run(" ", p.body_size, false, false));
                out.push(Child::P(with_spans(para, spans, p.body_size)));
            }
            CBlock::Fill { spans, indent } => {
                let mut para = body_para(cx).align(AlignmentType::Left);
                if !indent {
                    para = para.indent(None, Some(SpecialIndentType::FirstLine(0)), None, None);
                }
                let para = with_spans(para, spans, p.body_size)
                    .add_tab(Tab::new().val(TabValueType::Right).leader(TabLeaderType::Dot).pos(tw(cx.width) as usize))
                    .add_run(run(" ", p.body_size, false, false))
                    .add_run(Run::new().add_tab().size(half_points(p.body_size)).fonts(fonts()));
                out.push(Child::P(para));
            }
            CBlock::Chart(c) => {
                // The picture, in a paragraph of its own with the gaps the PDF puts around it.
                let gap = (par_gap(p) * 20.0).round() as u32;
                let mut para = Paragraph::new()
                    .align(AlignmentType::Left)
                    .line_spacing(LineSpacing::new().before(gap).after(gap).line(240).line_rule(LineSpacingType::Auto))
                    .keep_lines(true);
                if let Some(pic) = cx.pics.get(&(c as *const _ as usize)) {
                    let emu = |pt: f64| (pt * 12700.0).round() as u32;
                    let px = |pt: f64| (pt * 300.0 / 72.0).round() as u32;
                    let image = Pic::new_with_dimensions(pic.png.clone(), px(pic.w_pt), px(pic.h_pt))
                        .size(emu(pic.w_pt), emu(pic.h_pt))
                        .id(format!("rIdImage{}", pic.n));
                    para = para.add_run(Run::new().add_image(image));
                }
                out.push(Child::P(para));
            }
            CBlock::Table(t) => {
                out.push(Child::T(table(t, cx)));
                // The space after a table, as in the PDF: a small empty paragraph.
                out.push(Child::P(
                    tight(AlignmentType::Left)
                        .line_spacing(LineSpacing::new().before(0).after(0).line((p.par_spacing_pt * 20.0) as i32).line_rule(LineSpacingType::Exact)),
                ));
            }
        }
    }
}

/// A table cell's lines, a paragraph each, aligned as the cell.
fn cell_paragraphs(c: &CCell, size: f64) -> Vec<Paragraph> {
    let align = match c.align {
        "center" => AlignmentType::Center,
        "right" => AlignmentType::Right,
        _ => AlignmentType::Left,
    };
    c.lines.iter().map(|l| with_spans(tight(align), l, size)).collect()
}

/// A bordered table with header rows marked to repeat, merged cells as in the model, and
/// rows that do not break across pages.
fn table(t: &CTable, cx: &Ctx) -> Table {
    let size = if t.size > 0.0 { t.size } else { cx.p.table_size };
    let total: f64 = t.widths.iter().sum();
    let widths: Vec<f64> = t.widths.iter().map(|w| w / total * cx.width).collect();
    let grid: Vec<usize> = widths.iter().map(|w| tw(*w) as usize).collect();
    let ncols = grid.len();
    let mut rows = Vec::new();
    for (rows_in, header) in [(&t.header, true), (&t.rows, false)] {
        // Remaining rows of a vertical merge per column, and its colspan.
        let mut carry: Vec<(u32, u32)> = vec![(0, 1); ncols];
        for row in rows_in {
            let mut cells = Vec::new();
            let mut col = 0;
            let mut it = row.iter();
            while col < ncols {
                if carry[col].0 > 0 {
                    let span = carry[col].1;
                    carry[col].0 -= 1;
                    let w: usize = grid[col..(col + span as usize).min(ncols)].iter().sum();
                    let mut c = TableCell::new().vertical_merge(VMergeType::Continue).width(w, WidthType::Dxa).add_paragraph(tight(AlignmentType::Left));
                    if span > 1 {
                        c = c.grid_span(span as usize);
                    }
                    cells.push(c);
                    col += span as usize;
                    continue;
                }
                let Some(cell) = it.next() else { break };
                let span = cell.colspan.max(1);
                let w: usize = grid[col..(col + span as usize).min(ncols)].iter().sum();
                let mut c = TableCell::new().width(w, WidthType::Dxa).vertical_align(VAlignType::Center);
                if span > 1 {
                    c = c.grid_span(span as usize);
                }
                if cell.rowspan > 1 {
                    c = c.vertical_merge(VMergeType::Restart);
                    carry[col] = (cell.rowspan - 1, span);
                }
                for para in cell_paragraphs(cell, size) {
                    c = c.add_paragraph(para);
                }
                if let Some(x) = cell.inset_x {
                    let x = (x * 20.0).round() as usize;
                    c.property = c.property.margins(CellMargins::new().margin_left(x, WidthType::Dxa).margin_right(x, WidthType::Dxa));
                }
                cells.push(c);
                col += span as usize;
            }
            let mut r = TableRow::new(cells).cant_split();
            if header {
                r = r.row_height(HEADER_ROW_MARK).height_rule(HeightRule::Exact);
            }
            rows.push(r);
        }
    }
    let border = |pos| TableBorder::new(pos).size(4).color("000000");
    Table::new(rows)
        .set_borders(
            TableBorders::new()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Right))
                .set(border(TableBorderPosition::InsideH))
                .set(border(TableBorderPosition::InsideV)),
        )
        .set_grid(grid.clone())
        .width(grid.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins({
            // A word processor adds the row's border (0.5 pt) to its height, where Typst's
            // stroke takes no room: each cell's top and bottom padding is a quarter point
            // less, or a table of a thousand rows runs two pages longer in LibreOffice.
            let (x, y) = ((cx.p.table_inset_x_pt * 20.0).round() as usize, ((cx.p.table_inset_y_pt - 0.25) * 20.0).round() as usize);
            TableCellMargins::new().margin(y, x, y, x)
        })
}

/// An appendix: its label, title, subtitle and `(Kèm theo …)` lines, then its blocks.
fn appendix(a: &CAppendix, cx: &Ctx) -> Vec<Child> {
    let p = cx.p;
    let mut out = Vec::new();
    if let Some(label) = &a.label {
        out.push(Child::P(tight(AlignmentType::Center).keep_next(true).add_run(run(label, p.appendix_label_size, true, false))));
    }
    for l in &a.title {
        out.push(Child::P(tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.appendix_title_size, true, false))));
    }
    for l in &a.subtitle {
        out.push(Child::P(tight(AlignmentType::Center).keep_next(true).add_run(run(l, p.appendix_attached_size, false, false))));
    }
    out.push(Child::P(tight(AlignmentType::Center).keep_next(true).add_run(run(&a.attached, p.appendix_attached_size, false, true))));
    let aw = cx.m.width_mm(&a.attached, p.appendix_attached_size, false, true).min(cx.width);
    out.push(Child::P(rule(aw * p.appendix_rule_ratio, cx.width, p.rule_stroke_pt, p.rule_gap_pt)));
    out.push(Child::P(spacer(8.0 + space_above(a.body.first(), true, p))));
    blocks(&a.body, cx, &mut out);
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A ZIP archive holding one entry, `name` with `data`, with a fixed timestamp.
/// How a part is packed depends only on its name and size, never on the cache: a part under
/// 1 KiB (the per-document core.xml) is stored, since compressing it would save a few hundred
/// bytes at the price of a compressor's setup; the body, different in every document, is
/// compressed at the fastest level (a little larger, several times quicker); the rest, the
/// same in every document and so compressed once per run, at the default level.
fn single_entry(name: &str, data: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let opts = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    let opts = if data.len() < 1024 {
        opts.compression_method(zip::CompressionMethod::Stored)
    } else if name == "word/document.xml" {
        opts.compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1))
    } else {
        opts.compression_method(zip::CompressionMethod::Deflated)
    };
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file(name, opts)?;
    z.write_all(data)?;
    Ok(z.finish()?.into_inner())
}

impl DocxWriter {
    /// Rewrites docx-rs's stored (uncompressed) package compressed (see [`single_entry`]) and
    /// with fixed timestamps, patching what docx-rs cannot write: repeated header rows and the
    /// title and author. Directory entries are left out (a DOCX needs none).
    /// Every part goes through a one-entry archive that is then copied raw, whether it was
    /// just compressed or came from the cache, so the bytes never depend on the cache.
    fn repack(&self, raw: Vec<u8>, doc: &Composed) -> Result<Vec<u8>, Diagnostic> {
        let fail = |e: &dyn std::fmt::Display| Diagnostic::error(Msg::DocxPackage { error: e.to_string() });
        let mut zin = zip::ZipArchive::new(Cursor::new(raw)).map_err(|e| fail(&e))?;
        let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
        // docx-rs numbers paragraphs from a per-thread counter that runs on from document to
        // document: renumber them so the same input gives the same bytes in any process. The
        // page-number headers count in a range of their own, so that they are the same bytes
        // in every document (and compressed once in a bulk run); ids stay below 0x80000000.
        let mut para_id = 0u32;
        let mut header_para_id = 0x7000_0000u32;
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).map_err(|e| fail(&e))?;
            if f.is_dir() {
                continue;
            }
            let name = f.name().to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).map_err(|e| fail(&e))?;
            let data = match name.as_str() {
                "word/document.xml" => {
                    let xml = String::from_utf8_lossy(&data).replace(HEADER_ROW_XML, "<w:tblHeader />");
                    let xml = if xml.contains(NO_BREAK_HYPHEN) { xml.replace(NO_BREAK_HYPHEN, NO_BREAK_HYPHEN_XML) } else { xml };
                    // docx-rs numbers every picture's drawing 1; ids must be unique.
                    let xml = if xml.matches(DOC_PR).count() > 1 { number_pictures(&xml) } else { xml };
                    renumber(&xml, &mut para_id).into_bytes()
                }
                n if n.starts_with("word/header") || n.starts_with("word/footer") => {
                    renumber(&String::from_utf8_lossy(&data), &mut header_para_id).into_bytes()
                }
                "[Content_Types].xml" => ooxml::with_theme_content_type(&String::from_utf8_lossy(&data)).into_bytes(),
                "word/_rels/document.xml.rels" => ooxml::with_theme_relationship(&String::from_utf8_lossy(&data)).into_bytes(),
                "docProps/core.xml" => {
                    let s = String::from_utf8_lossy(&data);
                    let author = xml_escape(&doc.meta_author);
                    s.replace(
                        "<dc:creator>unknown</dc:creator>",
                        &format!("<dc:title>{}</dc:title><dc:creator>{author}</dc:creator>", xml_escape(&doc.meta_title)),
                    )
                    .replace("<cp:lastModifiedBy>unknown</cp:lastModifiedBy>", &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"))
                    .into_bytes()
                }
                _ => data,
            };
            let entry = self.compressed(name, data).map_err(|e| fail(&e))?;
            let mut one = zip::ZipArchive::new(Cursor::new(entry.as_slice())).map_err(|e| fail(&e))?;
            zout.raw_copy_file(one.by_index_raw(0).map_err(|e| fail(&e))?).map_err(|e| fail(&e))?;
        }
        // The theme, which docx-rs does not write (see `ooxml`).
        let entry = self.compressed("word/theme/theme1.xml".into(), ooxml::THEME.as_bytes().to_vec()).map_err(|e| fail(&e))?;
        let mut one = zip::ZipArchive::new(Cursor::new(entry.as_slice())).map_err(|e| fail(&e))?;
        zout.raw_copy_file(one.by_index_raw(0).map_err(|e| fail(&e))?).map_err(|e| fail(&e))?;
        Ok(zout.finish().map_err(|e| fail(&e))?.into_inner())
    }

    /// The one-entry archive of a part, from the cache when the same part was seen before.
    /// The word processing parts are put into schema order first ([`ooxml::conform`]), once
    /// per run for the parts that are the same in every document.
    fn compressed(&self, name: String, data: Vec<u8>) -> zip::result::ZipResult<Arc<Vec<u8>>> {
        if data.len() > PART_CACHE_BYTES {
            return single_entry(&name, &conformed(&name, data)).map(Arc::new);
        }
        let key = (name, data);
        if let Some(hit) = self.parts.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
            return Ok(hit.clone());
        }
        let entry = Arc::new(single_entry(&key.0, &conformed(&key.0, key.1.clone()))?);
        let mut parts = self.parts.lock().unwrap_or_else(|p| p.into_inner());
        if parts.len() >= PART_CACHE_MAX {
            parts.clear();
        }
        parts.insert(key, entry.clone());
        Ok(entry)
    }
}

/// A part of the `word/` folder in schema order; other parts (and anything that does not
/// parse, which docx-rs never writes) as they are.
fn conformed(name: &str, data: Vec<u8>) -> Vec<u8> {
    if !(name.starts_with("word/") && name.ends_with(".xml")) || name.starts_with("word/theme/") {
        return data;
    }
    match std::str::from_utf8(&data).ok().and_then(ooxml::conform) {
        Some(xml) => xml.into_bytes(),
        None => data,
    }
}

/// Replaces every `w14:paraId="…"` with the next number of `counter`.
fn renumber(xml: &str, counter: &mut u32) -> String {
    const KEY: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(k) = rest.find(KEY) {
        let start = k + KEY.len();
        let Some(len) = rest[start..].find('"') else { break };
        *counter += 1;
        out.push_str(&rest[..start]);
        out.push_str(&format!("{:08X}", *counter));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}
