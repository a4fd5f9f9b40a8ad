//! A flat view of laid-out pages: text runs, rules and images with their positions, sizes
//! and styles. Tests use it to check the layout against ND30 without parsing the PDF.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::text::{FontStyle, FontWeight};
use typst::visualize::{Curve, CurveItem, Geometry};
use typst_layout::PagedDocument;

/// A run of text as laid out.
#[derive(Debug, Clone)]
pub struct TextRun {
    /// The text.
    pub text: String,
    /// Left edge from the page's left edge, mm.
    pub x: f64,
    /// Baseline from the page's top edge, mm.
    pub y: f64,
    /// Advance width, mm.
    pub width: f64,
    /// Font size, pt.
    pub size: f64,
    /// Font family.
    pub family: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// A horizontal rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Left end, mm.
    pub x: f64,
    /// Vertical position, mm.
    pub y: f64,
    /// Length, mm.
    pub length: f64,
}

/// One page.
#[derive(Debug, Clone)]
pub struct PageView {
    /// Width, mm.
    pub width: f64,
    /// Height, mm.
    pub height: f64,
    /// Text runs in layout order.
    pub runs: Vec<TextRun>,
    /// Horizontal lines: rules and table borders.
    pub rules: Vec<Rule>,
    /// Stroked rectangles: the boxed marks (and a chart's bars).
    pub boxes: Vec<Rect>,
    /// Images (the signature and seal of ký số), in drawing order.
    pub images: Vec<Rect>,
}

/// A rectangle, mm.
#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl PageView {
    /// Runs joined into lines: runs whose baselines are within 0.5 mm, ordered left to right.
    pub fn lines(&self) -> Vec<(f64, String)> {
        let mut runs: Vec<&TextRun> = self.runs.iter().collect();
        runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        let mut out: Vec<(f64, Vec<&TextRun>)> = Vec::new();
        for r in runs {
            match out.last_mut() {
                Some((y, v)) if (r.y - *y).abs() < 0.5 => v.push(r),
                _ => out.push((r.y, vec![r])),
            }
        }
        out.into_iter()
            .map(|(y, mut v)| {
                v.sort_by(|a, b| a.x.total_cmp(&b.x));
                let mut s = String::new();
                let mut end = f64::NEG_INFINITY;
                for r in v {
                    if !s.is_empty() && r.x - end > 0.3 {
                        s.push(' ');
                    }
                    s.push_str(&r.text);
                    end = r.x + r.width;
                }
                (y, s)
            })
            .collect()
    }

    /// The first run whose text contains `needle`.
    pub fn find(&self, needle: &str) -> Option<&TextRun> {
        self.runs.iter().find(|r| r.text.contains(needle))
    }
}

fn mm(a: Abs) -> f64 {
    a.to_mm()
}

/// Flattens every page of `doc`.
pub fn pages(doc: &PagedDocument) -> Vec<PageView> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut view = PageView {
                width: mm(p.frame.width()),
                height: mm(p.frame.height()),
                runs: Vec::new(),
                rules: Vec::new(),
                boxes: Vec::new(),
                images: Vec::new(),
            };
            walk(&p.frame, Transform::identity(), &mut view);
            view
        })
        .collect()
}

fn walk(frame: &Frame, ts: Transform, view: &mut PageView) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(g) => walk(&g.frame, here.pre_concat(g.transform), view),
            FrameItem::Text(t) => {
                let origin = Point::zero().transform(here);
                let info = t.font.font().info();
                view.runs.push(TextRun {
                    text: t.text.to_string(),
                    x: mm(origin.x),
                    y: mm(origin.y),
                    width: mm(ink_width(t)),
                    size: t.size.to_pt(),
                    family: info.family.clone(),
                    bold: info.variant.weight >= FontWeight::SEMIBOLD,
                    italic: info.variant.style != FontStyle::Normal,
                });
            }
            FrameItem::Shape(shape, _) => {
                let start = Point::zero().transform(here);
                if let Geometry::Rect(size) = &shape.geometry {
                    view.boxes.push(Rect { x: mm(start.x), y: mm(start.y), width: mm(size.x), height: mm(size.y) });
                }
                let len = match &shape.geometry {
                    Geometry::Line(to) if to.y == Abs::zero() => Some(to.x),
                    Geometry::Curve(c) => horizontal_len(c),
                    _ => None,
                };
                if let Some(len) = len {
                    view.rules.push(Rule { x: mm(start.x), y: mm(start.y), length: mm(len) });
                }
            }
            FrameItem::Image(_, size, _) => {
                let start = Point::zero().transform(here);
                view.images.push(Rect { x: mm(start.x), y: mm(start.y), width: mm(size.x), height: mm(size.y) });
            }
            _ => {}
        }
    }
}

fn horizontal_len(c: &Curve) -> Option<Abs> {
    match c.0.as_slice() {
        [CurveItem::Move(a), CurveItem::Line(b)] if a.y == b.y => Some((b.x - a.x).abs()),
        _ => None,
    }
}

/// Width of a run without its trailing spaces (a justified line's last space hangs into the
/// margin and is not ink).
fn ink_width(t: &typst::text::TextItem) -> Abs {
    let mut glyphs = t.glyphs.as_slice();
    while let Some((last, rest)) = glyphs.split_last() {
        if t.text[last.range()].chars().all(char::is_whitespace) {
            glyphs = rest;
        } else {
            break;
        }
    }
    glyphs.iter().map(|g| g.x_advance.at(t.size)).sum()
}
