//! The PDF reader of `vanban check FILE.pdf`: a PDF made elsewhere (Word, LibreOffice, a
//! scanner's OCR layer, vanban itself) read into the neutral [`Laid`] model — lines of text with
//! their font, size, weight, slant and place, and the short rules drawn on the pages.
//!
//! The PDF is interpreted by `hayro-interpret`, the interpreter of the hayro PDF renderer that
//! Typst already builds (so no new crate comes into the tree): it runs every content stream
//! (forms, nested transforms, Type0/TrueType/Type1 fonts) and hands each glyph over with its
//! font (PostScript name, weight, italic flag), its full transform and its Unicode text, and
//! each path with its transform. `lopdf`, also a dependency, parses objects but would leave the
//! text state, fonts' widths and encodings to be written here — the part most easily got wrong.
//!
//! Glyphs are grouped into lines by their baseline, and a line is cut where two glyphs stand
//! apart with no space between them (the letterhead's two columns share baselines). Sizes are
//! the glyph's em in page space (font size × text matrix × CTM); x extents run from the first
//! glyph's origin to the last one's advance.

use super::layout::{Laid, Line, Loc, Page, Rule, Side, Source, Span};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::{BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint, PathDrawMode, SoftMask};
use kurbo::{Affine, BezPath, Point, Rect, Shape};
use std::collections::HashMap;

const MM: f64 = 25.4 / 72.0;

/// One glyph on a page, in points with y measured down from the top edge.
#[derive(Debug, Clone)]
struct G {
    text: String,
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    font: u128,
}

/// A font's family and style, from its PostScript name and flags.
#[derive(Debug, Clone)]
struct FontInfo {
    family: String,
    bold: bool,
    italic: bool,
}

#[derive(Default)]
struct Collector {
    height: f64,
    glyphs: Vec<G>,
    fonts: HashMap<u128, FontInfo>,
    /// Horizontal strokes or thin filled boxes: (x0, x1, y) in points, y down.
    rules: Vec<(f64, f64, f64)>,
}

impl Collector {
    fn font(&mut self, g: &Glyph<'_>) -> u128 {
        let Glyph::Outline(o) = g else { return 0 };
        let key = o.font_cache_key();
        self.fonts.entry(key).or_insert_with(|| match o.font_data() {
            Some(d) => {
                let ps = d.postscript_name.unwrap_or_default();
                let lower = ps.to_lowercase();
                FontInfo {
                    family: family_of(&ps),
                    bold: d.weight.is_some_and(|w| w >= 600) || lower.contains("bold") || lower.contains("black") || lower.contains("heavy"),
                    italic: d.is_italic || lower.contains("italic") || lower.contains("oblique"),
                }
            }
            None => FontInfo { family: String::new(), bold: false, italic: false },
        });
        key
    }
}

/// The family of a PostScript font name: the subset prefix, the style suffix and the
/// foundry's `PS`/`MT` marks dropped (`ABCDEF+TimesNewRomanPS-BoldItalicMT` → `TimesNewRoman`).
fn family_of(ps: &str) -> String {
    let name = match ps.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => ps,
    };
    let base = name.split([',', '-']).next().unwrap_or(name);
    let base = base.strip_suffix("MT").unwrap_or(base);
    let base = base.strip_suffix("PS").unwrap_or(base);
    base.to_string()
}

impl<'a> Device<'a> for Collector {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}

    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, mode: &PathDrawMode) {
        let b: Rect = (transform * path.clone()).bounding_box();
        let thick = match mode {
            PathDrawMode::Stroke(s) => f64::from(s.line_width) * transform.as_coeffs()[3].abs().max(transform.as_coeffs()[0].abs()),
            PathDrawMode::Fill(_) => b.height(),
        };
        if b.height() <= 2.0 && thick <= 2.5 && b.width() >= 12.0 {
            let y = self.height - (b.y0 + b.y1) / 2.0;
            self.rules.push((b.x0, b.x1, y));
        }
    }

    fn draw_glyph(&mut self, glyph: &Glyph<'a>, transform: Affine, glyph_transform: Affine, _: &Paint<'a>, mode: &GlyphDrawMode) {
        if matches!(mode, GlyphDrawMode::Invisible) {
            return;
        }
        let Some(u) = glyph.as_unicode() else { return };
        let text = match u {
            hayro_interpret::hayro_cmap::BfString::Char(c) => c.to_string(),
            hayro_interpret::hayro_cmap::BfString::String(s) => s,
        };
        let m = transform * glyph_transform;
        let origin = m * Point::new(0.0, 0.0);
        // The em: 1000 glyph units up.
        let up = m * Point::new(0.0, 1000.0);
        let size = ((up.x - origin.x).powi(2) + (up.y - origin.y).powi(2)).sqrt();
        let advance = match glyph {
            Glyph::Outline(o) => f64::from(o.advance_width().unwrap_or(500.0)),
            Glyph::Type3(_) => 500.0,
        };
        let end = (m * Point::new(advance, 0.0)).x;
        let font = self.font(glyph);
        if size < 1.0 {
            return;
        }
        self.glyphs.push(G { text, x: origin.x, end, y: self.height - origin.y, size, font });
    }
}

/// Reads the PDF `bytes` (named `file` in messages) into lines and rules, page by page.
pub fn read(file: &str, bytes: Vec<u8>) -> Result<Laid, Diagnostic> {
    let pdf = Pdf::new(bytes).map_err(|e| Diagnostic::error(Msg::PdfRead { error: format!("{e:?}") }).in_file(file))?;
    let cache = InterpreterCache::new();
    let mut laid = Laid { source: Source::Pdf, ..Laid::default() };
    let pages = pdf.pages();
    if pages.is_empty() {
        return Err(Diagnostic::error(Msg::PdfNoPage).in_file(file));
    }
    for (i, page) in pages.iter().enumerate() {
        let media = page.media_box();
        let (w, h) = (media.width(), media.height());
        let mut c = Collector { height: h, ..Collector::default() };
        // Page space with the media box's corner at the origin.
        let origin = Affine::translate((-media.x0, -media.y0));
        let mut ctx = Context::new(origin, Rect::new(0.0, 0.0, w, h), &cache, pdf.xref(), InterpreterSettings::default());
        hayro_interpret::interpret_page(page, &mut ctx, &mut c);
        let number = i + 1;
        laid.pages.push(Page { number, width_mm: w * MM, height_mm: h * MM, margins: None });
        let first = laid.lines.len();
        laid.lines.extend(lines(&c));
        // Line numbers: counted by baseline, top to bottom, as a reader counts them.
        let mut last_y = f64::NEG_INFINITY;
        let mut count = 0;
        for l in laid.lines[first..].iter_mut() {
            let y = l.y_mm.unwrap_or(0.0);
            if (y - last_y).abs() > 0.7 {
                count += 1;
                last_y = y;
            }
            l.page = number;
            l.loc = Loc::Line { page: number, line: count };
        }
        for (x0, x1, y) in c.rules {
            laid.rules.push(Rule { page: number, x0_mm: Some(x0 * MM), x1_mm: Some(x1 * MM), y_mm: Some(y * MM), len_mm: (x1 - x0) * MM, above: None });
        }
    }
    laid.finish_pdf();
    Ok(laid)
}

/// The glyphs of a page grouped into lines, top to bottom and left to right.
fn lines(c: &Collector) -> Vec<Line> {
    let mut gs: Vec<&G> = c.glyphs.iter().collect();
    gs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // Baseline clusters.
    let mut rows: Vec<Vec<&G>> = Vec::new();
    for g in gs {
        match rows.last_mut() {
            Some(r) if (g.y - r[0].y).abs() <= 0.2 * r[0].size.min(g.size).max(4.0) => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut seg: Vec<&G> = Vec::new();
        for g in row {
            if let Some(prev) = seg.last() {
                let gap = g.x - prev.end;
                let em = prev.size.max(g.size);
                let spaced = prev.text.trim().is_empty() || g.text.trim().is_empty();
                if (!spaced && gap > 0.9 * em) || gap > 4.0 * em {
                    out.push(line_of(&seg, c));
                    seg.clear();
                }
            }
            seg.push(g);
        }
        if !seg.is_empty() {
            out.push(line_of(&seg, c));
        }
    }
    out.retain(|l| !l.text().trim().is_empty());
    out
}

fn line_of(seg: &[&G], c: &Collector) -> Line {
    let mut spans: Vec<Span> = Vec::new();
    let mut prev_end: Option<f64> = None;
    for g in seg {
        let f = c.fonts.get(&g.font).cloned().unwrap_or(FontInfo { family: String::new(), bold: false, italic: false });
        // A gap wider than a third of an em with no space glyph reads as a space.
        let gap_space = prev_end.is_some_and(|e| g.x - e > 0.25 * g.size);
        prev_end = Some(g.end);
        let size = (g.size * 4.0).round() / 4.0;
        match spans.last_mut() {
            Some(s) if s.font == f.family && s.bold == f.bold && s.italic == f.italic && (s.size - size).abs() < 0.3 => {
                if gap_space && !s.text.ends_with(' ') && !g.text.starts_with(' ') {
                    s.text.push(' ');
                }
                s.text.push_str(&g.text);
            }
            _ => {
                if gap_space {
                    if let Some(s) = spans.last_mut() {
                        if !s.text.ends_with(' ') {
                            s.text.push(' ');
                        }
                    }
                }
                spans.push(Span { text: g.text.clone(), font: f.family.clone(), size, bold: f.bold, italic: f.italic });
            }
        }
    }
    let first = seg.first().map_or(0.0, |g| g.x);
    // The extent ends at the last glyph that is not a space.
    let last = seg.iter().rev().find(|g| !g.text.trim().is_empty()).map_or(first, |g| g.end);
    let y = seg.iter().map(|g| g.y).sum::<f64>() / seg.len().max(1) as f64;
    for s in spans.iter_mut() {
        s.text = crate::vn::normalize(&s.text);
    }
    Line { spans, x0_mm: Some(first * MM), x1_mm: Some(last * MM), y_mm: Some(y * MM), side: Side::Whole, ..Line::default() }
}

/// The first `max` pages of the PDF `bytes` drawn as SVG (hayro's SVG back end), for a page
/// shown beside its findings; none when the PDF cannot be read.
pub fn pages_svg(bytes: Vec<u8>, max: usize) -> Vec<String> {
    let Ok(pdf) = Pdf::new(bytes) else { return Vec::new() };
    let cache = hayro_svg::RenderCache::new();
    let settings = InterpreterSettings::default();
    let render = hayro_svg::SvgRenderSettings::default();
    pdf.pages().iter().take(max).map(|p| hayro_svg::convert(p, &cache, &settings, &render)).collect()
}
