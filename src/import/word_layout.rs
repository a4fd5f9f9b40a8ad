//! A Word document, as [`super::word`] reads it, turned into the neutral laid-out model the
//! decree's layout rules read ([`super::layout`]): each section a page setup with its declared
//! margins; each paragraph with text a line (its effective font, size, weight and slant, its
//! alignment, indents and spacing), placed by its paragraph number; the rules under the issuer
//! and the Tiêu ngữ as Word documents draw them — a paragraph's bottom border (as long as the
//! paragraph between its indents), a line shape, or an underlined run; page numbers from the
//! headers and footers each section shows.

use super::layout::{Align, Laid, Line, Loc, Margins, Page, PageNumber, Region, Rule, Side, Source, Span};
use super::word::{Alignment, Item, LineSpacing, Paragraph, WordDocument};

/// The laid-out model of the Word document `doc`.
pub fn laid(doc: &WordDocument) -> Laid {
    let mut laid = Laid { source: Source::Docx, ..Laid::default() };
    for (k, s) in doc.sections.iter().enumerate() {
        let number = k + 1;
        laid.pages.push(Page {
            number,
            width_mm: s.page_width_mm,
            height_mm: s.page_height_mm,
            margins: Some(Margins {
                top: Some(s.margin_top_mm),
                bottom: Some(s.margin_bottom_mm),
                left: Some(s.margin_left_mm),
                right: Some(s.margin_right_mm),
            }),
        });
        let width = s.page_width_mm - s.margin_left_mm - s.margin_right_mm;
        let mut w = Walker { laid: &mut laid, section: number };
        let end = s.end.min(doc.body.len());
        w.items(&doc.body[s.start.min(end)..end], width, Side::Whole, false);
        // Page numbers: a section's first page, and its other pages.
        let at = Loc::Header { section: number };
        let placed = |list: &[super::word::HeaderFooter], first: bool| -> Option<PageNumber> {
            let kind = if first && s.title_page { super::word::HeaderKind::First } else { super::word::HeaderKind::Default };
            let top = s.headers.iter().any(|h| h.kind == kind && h.page_number);
            let hf = list.iter().find(|h| h.kind == kind && h.page_number)?;
            let mut centred = false;
            let mut size = None;
            super::word::for_each_paragraph(&hf.items, &mut |p: &Paragraph| {
                if p.has_page_field() {
                    centred = p.align == Alignment::Center;
                    size = p.runs.iter().find(|r| r.field).or(p.runs.first()).map(|r| r.format.size_pt).or(Some(p.mark.size_pt));
                }
            });
            Some(PageNumber { page: if first { 1 } else { 2 }, loc: at, top, centred, size })
        };
        for first in [true, false] {
            if let Some(n) = placed(&s.headers, first).or_else(|| placed(&s.footers, first)) {
                // Only the document's first page is "page 1"; a later section's first page
                // (an appendix) is its own first page, held to the same rule.
                laid.page_numbers.push(n);
            }
        }
    }
    laid
}

struct Walker<'a> {
    laid: &'a mut Laid,
    section: usize,
}

impl Walker<'_> {
    /// The paragraphs of `items`, in a container `width` mm wide, on `side` of the text block.
    fn items(&mut self, items: &[Item], width: f64, side: Side, in_table: bool) {
        // The last line with text in this container: what a rule drawn next stands under.
        let mut last: Option<usize> = None;
        for it in items {
            match it {
                Item::Paragraph(p) => {
                    let here = self.paragraph(p, side, in_table);
                    if here.is_some() {
                        last = here;
                    }
                    let text_width = (width - p.indent_left_mm - p.indent_right_mm).max(0.0);
                    if p.border_bottom {
                        self.rule(last, text_width);
                    }
                    for l in &p.lines {
                        self.rule(last, l.width_mm);
                    }
                    // An underlined run drawn as the rule (under the Tiêu ngữ, typed in Word).
                    if let Some(i) = here {
                        let m = crate::metrics::Metrics;
                        let under: f64 = p
                            .runs
                            .iter()
                            .filter(|r| r.format.underline && !r.text.trim().is_empty())
                            .map(|r| m.width_mm(r.text.trim(), r.format.size_pt, r.format.bold, r.format.italic))
                            .sum();
                        if under > 0.0 && !p.border_bottom && p.lines.is_empty() {
                            self.rule(Some(i), under);
                        }
                    }
                    for tb in &p.text_boxes {
                        let w = tb.size_mm.map_or(width, |(w, _)| w);
                        self.items(&tb.items, w, Side::Whole, in_table);
                    }
                }
                Item::Table(t) => {
                    for row in &t.rows {
                        let n = row.cells.len();
                        let mut col = row.grid_before as usize;
                        for (k, c) in row.cells.iter().enumerate() {
                            let span = c.grid_span.max(1) as usize;
                            let w = c.width_mm.unwrap_or_else(|| t.columns_mm.iter().skip(col).take(span).sum());
                            col += span;
                            // A borderless two-column table lays out the letterhead or the
                            // signature: its cells are the text block's halves.
                            let side = if t.borders || n < 2 {
                                side
                            } else if k == 0 {
                                Side::Left
                            } else if k == n - 1 {
                                Side::Right
                            } else {
                                Side::Whole
                            };
                            self.items(&c.items, w, side, in_table || t.borders);
                        }
                    }
                }
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph, side: Side, in_table: bool) -> Option<usize> {
        let text = p.display_text();
        if text.trim().is_empty() {
            return None;
        }
        let caps = |s: &str, on: bool| if on { crate::vn::upper(s) } else { s.to_string() };
        let mut spans: Vec<Span> = Vec::new();
        if let Some(n) = p.numbering.as_ref().filter(|n| !n.label.is_empty()) {
            let f = &p.mark;
            let label = if n.format == "bullet" { super::word::bullet_as_text(&n.label).to_string() } else { n.label.clone() };
            spans.push(Span { text: format!("{label} "), font: f.font.clone(), size: f.size_pt, bold: f.bold, italic: f.italic });
        }
        for r in &p.runs {
            let f = &r.format;
            spans.push(Span {
                text: caps(&crate::vn::normalize(&r.text.replace(['\t', '\n'], " ")), f.caps),
                font: f.font.clone(),
                size: f.size_pt,
                bold: f.bold,
                italic: f.italic,
            });
        }
        let align = match p.align {
            Alignment::Left => Align::Left,
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
            Alignment::Justify => Align::Justify,
        };
        self.laid.lines.push(Line {
            loc: Loc::Para(p.index),
            page: self.section,
            region: Region::Body,
            spans,
            side,
            align: Some(align),
            indent_first_mm: Some(p.first_line_mm),
            space_before_pt: Some(p.space_before_pt),
            space_after_pt: Some(p.space_after_pt),
            line_spacing: match p.line {
                LineSpacing::Multiple(x) => Some(x),
                _ => None,
            },
            in_table,
            ..Line::default()
        });
        Some(self.laid.lines.len() - 1)
    }

    fn rule(&mut self, above: Option<usize>, len_mm: f64) {
        if len_mm <= 0.5 {
            return;
        }
        self.laid.rules.push(Rule { page: self.section, len_mm, above, ..Rule::default() });
    }
}
