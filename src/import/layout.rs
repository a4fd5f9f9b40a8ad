//! The decree's layout (Nghị định 30/2020/NĐ-CP, Phụ lục I) checked on a document vanban did
//! not make: a neutral "laid-out document" — pages, lines or paragraphs with their effective
//! font, size, weight and slant, their place or alignment, and the short rules drawn under the
//! issuer, the Tiêu ngữ and the trích yếu — that the PDF reader ([`super::pdf`]) and the DOCX
//! reader fill, and one function per rule over it.
//!
//! The numbers are the decree's ranges ([`Ranges`], next to the values vanban chooses in
//! [`crate::profile`]); the kinds and their codes, the date line's zeros, the Lưu line and the
//! heading numbering are the core's own rules ([`crate::vn`], [`crate::check`]), called here.
//! Each finding is a [`Diagnostic`] whose `path` is its place: `trang 2, dòng 14` in a PDF
//! (lines counted by baseline from the top of the page), `đoạn 12` in a DOCX (paragraphs
//! counted through the body, table cells included, from 1).

use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
use crate::profile::{Ranges, QUOC_HIEU};
use crate::vn;
use std::fmt;

/// Where the laid-out document came from: measured (a PDF) or declared (a DOCX).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// Positions measured from the glyphs.
    #[default]
    Pdf,
    /// Formatting as declared (defaults → styles → direct), no positions.
    Docx,
}

/// A document laid out: what the rules read.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    /// PDF or DOCX.
    pub source: Source,
    /// The pages (a PDF) or sections (a DOCX), in order.
    pub pages: Vec<Page>,
    /// Every line (a PDF) or paragraph (a DOCX) of text, in reading order.
    pub lines: Vec<Line>,
    /// Short horizontal rules: drawn lines (PDF), paragraph bottom borders or line shapes (DOCX).
    pub rules: Vec<Rule>,
    /// Page numbers found in the headers (PDF: on which pages; DOCX: as the sections declare).
    pub page_numbers: Vec<PageNumber>,
}

/// A page (PDF) or a section (DOCX).
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based.
    pub number: usize,
    /// Paper width, mm.
    pub width_mm: f64,
    /// Paper height, mm.
    pub height_mm: f64,
    /// Declared (DOCX) margins; a PDF's are measured over the document by [`Laid::margins`].
    pub margins: Option<Margins>,
}

/// Margins, mm.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Margins {
    /// Top, mm.
    pub top: Option<f64>,
    /// Bottom, mm.
    pub bottom: Option<f64>,
    /// Left, mm.
    pub left: Option<f64>,
    /// Right, mm.
    pub right: Option<f64>,
}

/// The place of a line or paragraph, as a reader finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loc {
    /// Unknown.
    #[default]
    None,
    /// A PDF's page and line (counted by baseline from the top).
    Line {
        /// 1-based page.
        page: usize,
        /// 1-based line on the page.
        line: usize,
    },
    /// A DOCX's paragraph, 1-based through the body.
    Para(usize),
    /// A DOCX section's header or footer.
    Header {
        /// 1-based section.
        section: usize,
    },
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::None => Ok(()),
            Loc::Line { page, line } => write!(f, "trang {page}, dòng {line}"),
            Loc::Para(n) => write!(f, "đoạn {n}"),
            Loc::Header { section } => write!(f, "đầu trang, phần {section}"),
        }
    }
}

/// Which part of the page a line is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Region {
    /// The text block.
    #[default]
    Body,
    /// The header (page numbers).
    Header,
    /// The footer (the first page's address line, ô 13).
    Footer,
}

/// Which half of the text block a line keeps to (the letterhead's columns, Nơi nhận and the
/// signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// Across the middle.
    #[default]
    Whole,
    /// The left half (issuer, number, Nơi nhận).
    Left,
    /// The right half (Quốc hiệu, date, signature).
    Right,
}

/// A paragraph's alignment (DOCX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
    /// Justified.
    Justify,
}

/// A run of text in one font, size and style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// The font family (`Times New Roman`; a PDF's PostScript family, `TimesNewRoman`).
    pub font: String,
    /// Size, pt.
    pub size: f64,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

/// A line of a PDF page, or a paragraph of a DOCX.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// Its place, for the findings.
    pub loc: Loc,
    /// 1-based page (PDF) or section (DOCX).
    pub page: usize,
    /// Text block, header or footer.
    pub region: Region,
    /// Its runs.
    pub spans: Vec<Span>,
    /// From the page's left edge to the first glyph's origin, mm (PDF).
    pub x0_mm: Option<f64>,
    /// From the page's left edge to the last glyph's advance, mm (PDF).
    pub x1_mm: Option<f64>,
    /// From the page's top edge to the baseline, mm (PDF).
    pub y_mm: Option<f64>,
    /// The half of the text block it keeps to.
    pub side: Side,
    /// Alignment (DOCX).
    pub align: Option<Align>,
    /// First-line indent, mm (DOCX: declared; negative for a hanging indent).
    pub indent_first_mm: Option<f64>,
    /// Space before, pt (DOCX).
    pub space_before_pt: Option<f64>,
    /// Space after, pt (DOCX).
    pub space_after_pt: Option<f64>,
    /// Line spacing as a multiple of single (DOCX, "auto" spacing).
    pub line_spacing: Option<f64>,
    /// In a table with borders (a body table), not the letterhead's or signature's layout table.
    pub in_table: bool,
}

/// A short horizontal rule.
#[derive(Debug, Clone, Default)]
pub struct Rule {
    /// 1-based page.
    pub page: usize,
    /// Left end, mm (PDF).
    pub x0_mm: Option<f64>,
    /// Right end, mm (PDF).
    pub x1_mm: Option<f64>,
    /// From the top edge, mm (PDF).
    pub y_mm: Option<f64>,
    /// Length, mm.
    pub len_mm: f64,
    /// The line it stands under (index into [`Laid::lines`]).
    pub above: Option<usize>,
}

/// A page number in a header.
#[derive(Debug, Clone)]
pub struct PageNumber {
    /// The page it is printed on (PDF), or `1` for a DOCX section that shows it on its first page.
    pub page: usize,
    /// Where it is, for the finding.
    pub loc: Loc,
    /// In the header (top), not the footer.
    pub top: bool,
    /// Centred on the page.
    pub centred: bool,
    /// Its size, pt, when known.
    pub size: Option<f64>,
}

impl Line {
    /// The whole text.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect::<String>()
    }

    /// The style most of its letters have: (size, bold, italic).
    pub fn style(&self) -> (f64, bool, bool) {
        let count = |s: &Span| s.text.chars().filter(|c| !c.is_whitespace()).count();
        let mut best: Option<(&Span, usize)> = None;
        let mut sizes: Vec<(f64, usize)> = Vec::new();
        let (mut bold, mut italic, mut all) = (0, 0, 0);
        for s in &self.spans {
            let n = count(s);
            all += n;
            if s.bold {
                bold += n;
            }
            if s.italic {
                italic += n;
            }
            match sizes.iter_mut().find(|(z, _)| (*z - s.size).abs() < 0.01) {
                Some(e) => e.1 += n,
                None => sizes.push((s.size, n)),
            }
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((s, n));
            }
        }
        let size = sizes.iter().max_by_key(|(_, n)| *n).map_or(0.0, |(z, _)| *z);
        (size, bold * 2 > all, italic * 2 > all)
    }

    /// Its width, mm: measured (PDF), or the text set in vanban's metrics (DOCX).
    pub fn width_mm(&self) -> f64 {
        if let (Some(a), Some(b)) = (self.x0_mm, self.x1_mm) {
            return b - a;
        }
        let m = crate::metrics::Metrics;
        self.spans.iter().map(|s| m.width_mm(&s.text, s.size, s.bold, s.italic)).sum()
    }

    fn centre_mm(&self) -> Option<f64> {
        Some((self.x0_mm? + self.x1_mm?) / 2.0)
    }
}

const MM_PER_PT: f64 = 25.4 / 72.0;

impl Laid {
    /// After a PDF's lines and rules are read: header and footer lines, sides, body tables,
    /// what each rule stands under, the page numbers.
    pub(crate) fn finish_pdf(&mut self) {
        // The least margins the decree allows.
        let r = Ranges::ND30;
        // Header: a number alone at the top of a page, or anything above 12 mm; footer: below
        // the least bottom margin, or an 11 pt line at the foot of the first page (ô 13).
        for page in &self.pages {
            let on: Vec<usize> = (0..self.lines.len()).filter(|&i| self.lines[i].page == page.number).collect();
            for &i in &on {
                let l = &self.lines[i];
                let y = l.y_mm.unwrap_or(0.0);
                let (size, _, _) = l.style();
                if y < 12.0 {
                    self.lines[i].region = Region::Header;
                } else if y > page.height_mm - 15.0 || (y > page.height_mm - r.margin_bottom_mm.0 - 5.0 && size <= 11.5) {
                    self.lines[i].region = Region::Footer;
                }
            }
            if let Some(&first) = on.iter().find(|&&i| self.lines[i].region != Region::Footer) {
                let l = &self.lines[first];
                let t = l.text();
                if l.y_mm.is_some_and(|y| y < 25.0) && !t.trim().is_empty() && t.trim().chars().all(|c| c.is_ascii_digit()) {
                    self.lines[first].region = Region::Header;
                }
            }
        }
        for i in 0..self.lines.len() {
            let l = &self.lines[i];
            if l.region == Region::Header && l.text().trim().chars().all(|c| c.is_ascii_digit()) {
                let page = &self.pages[l.page - 1];
                let centred = l.centre_mm().is_some_and(|c| (c - page.width_mm / 2.0).abs() < 20.0);
                self.page_numbers.push(PageNumber { page: l.page, loc: l.loc, top: true, centred, size: Some(l.style().0) });
            }
        }
        // Sides, against the text block's middle.
        let m = self.margins();
        for i in 0..self.lines.len() {
            let page = &self.pages[self.lines[i].page - 1];
            let left = m.left.unwrap_or(r.margin_left_mm.0);
            let right = page.width_mm - m.right.unwrap_or(r.margin_right_mm.0);
            let mid = (left + right) / 2.0;
            let l = &mut self.lines[i];
            if let (Some(a), Some(b)) = (l.x0_mm, l.x1_mm) {
                l.side = if b <= mid + 1.0 && a < mid - 5.0 {
                    Side::Left
                } else if a >= mid - 1.0 {
                    Side::Right
                } else {
                    Side::Whole
                };
            }
        }
        // What each rule stands under: the nearest line above it, on its page, that it is
        // centred under.
        for r in self.rules.iter_mut() {
            let (Some(x0), Some(x1), Some(y)) = (r.x0_mm, r.x1_mm, r.y_mm) else { continue };
            let c = (x0 + x1) / 2.0;
            r.above = self
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.page == r.page && l.region == Region::Body)
                .filter(|(_, l)| {
                    let (size, _, _) = l.style();
                    l.y_mm.is_some_and(|ly| ly < y && y - ly < 1.6 * size * MM_PER_PT)
                        && l.x0_mm.is_some_and(|a| a - 2.0 < c)
                        && l.x1_mm.is_some_and(|b| b + 2.0 > c)
                })
                .max_by(|a, b| a.1.y_mm.unwrap_or(0.0).total_cmp(&b.1.y_mm.unwrap_or(0.0)))
                .map(|(i, _)| i);
        }
    }

    /// The margins: declared (the first section of a DOCX), or measured over a PDF's pages —
    /// left where at least three lines start, right where at least three end (justified lines
    /// reach it), top above the highest first line. A PDF's bottom margin is not measured: a
    /// page may end early, and the first page's footer stands in it.
    pub fn margins(&self) -> Margins {
        if self.source == Source::Docx {
            return self.pages.first().and_then(|p| p.margins).unwrap_or_default();
        }
        // The text's top: a line's baseline less the bundled font's ascent.
        let ascent_em = crate::metrics::Metrics::line_em().0;
        let body: Vec<&Line> = self.lines.iter().filter(|l| l.region == Region::Body && !l.in_table).collect();
        let edge = |xs: Vec<f64>, lowest: bool| -> Option<f64> {
            let mut xs = xs;
            xs.sort_by(f64::total_cmp);
            if !lowest {
                xs.reverse();
            }
            xs.iter().enumerate().find(|(i, x)| xs.iter().skip(*i).take(3).filter(|y| (*y - **x).abs() < 0.6).count() >= 3).map(|(_, x)| *x)
        };
        let left = edge(body.iter().filter_map(|l| l.x0_mm).collect(), true);
        // From each line's own page's right edge (a landscape page is wider).
        let width = |l: &Line| self.pages.get(l.page.wrapping_sub(1)).map_or(Ranges::ND30.paper_mm.0, |pg| pg.width_mm);
        let right = edge(body.iter().filter_map(|l| Some(width(l) - l.x1_mm?)).collect(), true);
        let mut top: Option<f64> = None;
        for page in &self.pages {
            let first = body.iter().filter(|l| l.page == page.number).filter_map(|l| Some(l.y_mm? - l.style().0 * MM_PER_PT * ascent_em)).reduce(f64::min);
            if let Some(t) = first {
                top = Some(top.map_or(t, |x: f64| x.min(t)));
            }
        }
        Margins { top, bottom: None, left, right }
    }
}

/// The parts of a document's first pages, found by their text and place.
#[derive(Debug, Default)]
struct Parts {
    quoc_hieu: Option<usize>,
    tieu_ngu: Option<usize>,
    chu_quan: Vec<usize>,
    issuer: Vec<usize>,
    number: Option<usize>,
    date: Option<usize>,
    vv: Vec<usize>,
    kind: Option<(usize, &'static vn::Kind)>,
    trich_yeu: Vec<usize>,
    body: Vec<usize>,
    noi_nhan_label: Option<usize>,
    noi_nhan: Vec<usize>,
    titles: Vec<usize>,
    signer: Option<usize>,
}

fn folded(s: &str) -> String {
    vn::fold(s).split_whitespace().collect::<Vec<_>>().join(" ").replace(['–', '—'], "-")
}

fn is_tieu_ngu(t: &str) -> bool {
    folded(t).replace(" - ", "-").replace(' ', "") == "doclap-tudo-hanhphuc"
}

fn is_mark(t: &str) -> bool {
    let f = folded(t);
    ["du thao", "mat", "toi mat", "tuyet mat", "hoa toc", "thuong khan", "khan", "xem xong tra lai", "luu hanh noi bo"]
        .iter()
        .any(|m| f == *m || f.starts_with("du thao"))
}

fn find_parts(laid: &Laid) -> Parts {
    let mut p = Parts::default();
    let body: Vec<usize> = (0..laid.lines.len()).filter(|&i| laid.lines[i].region == Region::Body).collect();
    let text = |i: usize| laid.lines[i].text().trim().to_string();
    let head: Vec<usize> = body.iter().copied().take(14).collect();
    p.quoc_hieu = head.iter().copied().find(|&i| folded(&text(i)) == folded(QUOC_HIEU));
    p.tieu_ngu = head.iter().copied().find(|&i| is_tieu_ngu(&text(i)));
    p.number = head.iter().copied().find(|&i| {
        let t = text(i);
        t.starts_with("Số:") || t.starts_with("Số :") || t.starts_with("SỐ:")
    });
    p.date = head.iter().copied().find(|&i| date_parts(&text(i)).is_some());
    // A form made by a person has neither number nor date line: no issuer's column then.
    let letterhead_end = p.number.or(p.date).unwrap_or(0);
    // The issuer's column: what stands before the number line and is not the national heading.
    let left: Vec<usize> = head
        .iter()
        .copied()
        .filter(|&i| i < letterhead_end && Some(i) != p.quoc_hieu && Some(i) != p.tieu_ngu && laid.lines[i].side != Side::Right && !is_mark(&text(i)))
        .collect();
    let first_bold = left.iter().position(|&i| laid.lines[i].style().1);
    match first_bold {
        Some(k) if k > 0 => {
            p.chu_quan = left[..k].to_vec();
            p.issuer = left[k..].to_vec();
        }
        _ => p.issuer = left,
    }
    let mut next = [p.number, p.date, p.tieu_ngu, p.quoc_hieu].iter().flatten().copied().max().map_or(0, |x| x + 1);
    // A công văn's `V/v` under the number, in the left column.
    let after_number = p.number.map_or(next, |n| n + 1);
    if let Some(v) = body.iter().copied().filter(|&i| i >= after_number).take(4).find(|&i| text(i).starts_with("V/v")) {
        p.vv.push(v);
        let mut j = v + 1;
        let size = laid.lines[v].style().0;
        while j < laid.lines.len()
            && laid.lines[j].region == Region::Body
            && laid.lines[j].side == Side::Left
            && (laid.lines[j].style().0 - size).abs() < 0.3
            && !text(j).starts_with("Kính gửi")
        {
            p.vv.push(j);
            j += 1;
        }
        next = next.max(j);
    }
    // The kind line, then the trích yếu down to the rule under it.
    if let Some(k) = body.iter().copied().filter(|&i| i >= next).take(6).find(|&i| kind_of_title(&text(i)).is_some()) {
        let kind = kind_of_title(&text(k)).unwrap_or(&vn::KINDS[0]);
        p.kind = Some((k, kind));
        next = k + 1;
        let following: Vec<usize> = body.iter().copied().filter(|&i| i > k).take(5).collect();
        let ruled = following.iter().copied().find(|&i| laid.rules.iter().any(|r| r.above == Some(i)));
        match ruled {
            Some(end) => p.trich_yeu = following.iter().copied().filter(|&i| i <= end).collect(),
            // No rule: a centred line under the kind is still its trích yếu.
            None => p.trich_yeu = following.first().copied().filter(|&i| is_centred(laid, i)).into_iter().collect(),
        }
        if let Some(&last) = p.trich_yeu.last() {
            next = last + 1;
        }
    }
    // Nơi nhận, and the signature beside it.
    let label = body.iter().copied().filter(|&i| i >= next).find(|&i| text(i).starts_with("Nơi nhận"));
    p.noi_nhan_label = label;
    let end = label.unwrap_or_else(|| body.iter().copied().filter(|&i| i >= next).find(|&i| is_title_prefix(&text(i))).unwrap_or(laid.lines.len()));
    p.body = body.iter().copied().filter(|&i| i >= next && i < end).collect();
    // The zone of Nơi nhận and the signature ends where an appendix or an attached text begins
    // (its heading, a new letterhead, or — in a PDF — a new page after the signer's name).
    let zone: Vec<usize> = body.iter().copied().filter(|&i| i >= end && Some(i) != label).collect();
    for &i in &zone {
        let l = &laid.lines[i];
        let t = text(i);
        let signer_page = p.signer.map(|s| laid.lines[s].page);
        if t.starts_with("Phụ lục")
            || t.starts_with("PHỤ LỤC")
            || folded(&t) == folded(QUOC_HIEU)
            || kind_of_title(&t).is_some()
            || (laid.source == Source::Pdf && signer_page.is_some_and(|sp| l.page > sp))
            || (p.signer.is_some() && l.side == Side::Whole)
        {
            break;
        }
        if l.side == Side::Left {
            if !is_release_line(&t) {
                p.noi_nhan.push(i);
            }
        } else if l.side == Side::Right && !t.starts_with('(') {
            if t.chars().any(char::is_lowercase) {
                p.signer = Some(i);
            } else if p.signer.is_none() {
                p.titles.push(i);
            }
        }
    }
    p
}

/// Centred on the text block: a PDF line whose middle is the block's, a DOCX paragraph
/// aligned centre.
fn is_centred(laid: &Laid, i: usize) -> bool {
    let l = &laid.lines[i];
    if laid.source == Source::Docx {
        return l.align == Some(Align::Center);
    }
    let m = laid.margins();
    let Some(page) = laid.pages.get(l.page.wrapping_sub(1)) else { return false };
    let (Some(left), Some(right), Some(c)) = (m.left, m.right, l.centre_mm()) else { return false };
    (c - (left + page.width_mm - right) / 2.0).abs() < 3.0
}

/// `PL.200` under Nơi nhận (ô 12): the drafter's initials and the copies.
fn is_release_line(t: &str) -> bool {
    let t = t.trim();
    t.split_once('.').is_some_and(|(a, b)| !a.is_empty() && a.chars().all(char::is_uppercase) && b.chars().all(|c| c.is_ascii_digit()))
}

fn is_title_prefix(t: &str) -> bool {
    ["KT.", "TM.", "Q.", "TL.", "TUQ."].iter().any(|p| t.starts_with(p))
}

/// The kind whose printed title the line is (`KẾ HOẠCH`).
fn kind_of_title(t: &str) -> Option<&'static vn::Kind> {
    let t = t.trim();
    if !vn::is_upper(t) {
        return None;
    }
    vn::KINDS.iter().find(|k| !k.is_cong_van() && folded(&k.title()) == folded(t))
}

/// The day, month and year tokens of a date line, as written: `Quảng Ngãi, ngày 05 tháng 3
/// năm 2026` → (`05`, `3`, `2026`).
fn date_parts(t: &str) -> Option<(String, String, String)> {
    let lower = t.trim().to_lowercase();
    let at = lower.find("ngày")?;
    // `<place>, ngày …` or `Ngày …`: a short place name before it.
    let before = lower[..at].trim_end();
    if !(before.is_empty() || (before.ends_with(',') && before.split_whitespace().count() <= 6)) {
        return None;
    }
    let rest = &lower[at..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let after = |w: &str| words.iter().position(|x| *x == w).and_then(|i| words.get(i + 1)).map(|s| s.to_string());
    let (d, m, y) = (after("ngày")?, after("tháng")?, after("năm")?);
    let y = y.trim_end_matches(['.', ',']).to_string();
    (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then_some((d, m, y))
}

/// The checker: the rules over one laid-out document.
struct Checker<'a> {
    laid: &'a Laid,
    file: &'a str,
    r: Ranges,
    parts: Parts,
    out: Vec<Diagnostic>,
    /// The line each finding of `out` is about, when it is one line.
    lines_of: Vec<Option<usize>>,
}

/// Where a finding is: a line (its place, and its box on a PDF page), or a place alone.
#[derive(Debug, Clone, Copy)]
enum At {
    Line(usize),
    Loc(Loc),
}

impl From<usize> for At {
    fn from(i: usize) -> At {
        At::Line(i)
    }
}

impl From<Loc> for At {
    fn from(l: Loc) -> At {
        At::Loc(l)
    }
}

/// Every finding of the decree's layout on `laid` (read from `file`), in document order.
pub fn check(laid: &Laid, file: &str) -> Vec<Diagnostic> {
    check_placed(laid, file).into_iter().map(|(d, _)| d).collect()
}

/// [`check`], each finding with the line it is about (an index into [`Laid::lines`]) when it
/// is one line: what marks it on its page.
pub fn check_placed(laid: &Laid, file: &str) -> Vec<(Diagnostic, Option<usize>)> {
    if !laid.lines.iter().any(|l| l.region == Region::Body && !l.text().trim().is_empty()) {
        let d = Diagnostic::error(if laid.source == Source::Pdf { Msg::LayoutPdfNoText } else { Msg::LayoutNoText }).in_file(file);
        return vec![(d, None)];
    }
    let mut c = Checker { laid, file, r: Ranges::ND30, parts: find_parts(laid), out: Vec::new(), lines_of: Vec::new() };
    c.page_size();
    c.margins();
    c.fonts();
    c.letterhead();
    c.letterhead_rules();
    c.number_line();
    c.date_line();
    c.kind_and_summary();
    c.body_text();
    c.headings();
    c.indent_and_spacing();
    c.signature();
    c.noi_nhan();
    c.page_numbers();
    c.out.into_iter().zip(c.lines_of).collect()
}

/// Size tolerance, pt: a PDF's sizes are computed from its matrices.
const PT_TOL: f64 = 0.15;

impl Checker<'_> {
    fn line(&self, i: usize) -> &Line {
        &self.laid.lines[i]
    }

    /// Pushes `d` placed at `at` (its path the place, and the line kept for its box).
    fn push(&mut self, d: Diagnostic, at: impl Into<At>) {
        let at = at.into();
        let (loc, line) = match at {
            At::Line(i) => (self.line(i).loc, Some(i)),
            At::Loc(l) => (l, None),
        };
        let d = d.in_file(self.file);
        let d = match loc {
            Loc::None => d,
            l => d.at(l.to_string()),
        };
        self.out.push(d);
        self.lines_of.push(line);
    }

    fn error(&mut self, at: impl Into<At>, msg: Msg) {
        self.push(Diagnostic::error(msg), at);
    }

    fn warning(&mut self, at: impl Into<At>, msg: Msg) {
        self.push(Diagnostic::warning(msg), at);
    }

    /// A form made by a person (a report of one's achievements, an application): no issuer,
    /// no number, its date above the signature — and no Nơi nhận.
    fn is_personal_form(&self) -> bool {
        self.parts.issuer.is_empty() && self.parts.number.is_none()
    }

    /// Paper: A4, portrait (a landscape page for a wide table).
    fn page_size(&mut self) {
        let (pw, ph) = self.r.paper_mm;
        for page in &self.laid.pages {
            let (w, h) = (page.width_mm, page.height_mm);
            let a4 = |a: f64, b: f64| (a - pw).abs() < 1.5 && (b - ph).abs() < 1.5;
            if !a4(w, h) && !a4(h, w) {
                let loc = if self.laid.source == Source::Pdf { format!("trang {}", page.number) } else { format!("phần {}", page.number) };
                let d = Diagnostic::error(Msg::PageSize { width: format!("{w:.0}"), height: format!("{h:.0}") }).at(loc);
                self.push(d, Loc::None);
            }
        }
    }

    /// Margins: top 20–25 mm, bottom 20–25, left 30–35, right 15–20.
    fn margins(&mut self) {
        let r = self.r.clone();
        // Measured margins (a PDF) carry the error of the measure.
        let (tol, top_tol) = if self.laid.source == Source::Pdf { (0.8, 2.0) } else { (0.2, 0.2) };
        let check = |side: Text, v: Option<f64>, (lo, hi): (f64, f64), tol: f64| -> Option<Msg> {
            let v = v?;
            (v < lo - tol || v > hi + tol).then(|| Msg::Margin {
                side: Box::new(side),
                value: format!("{v:.1}"),
                low: format!("{lo:.0}"),
                high: format!("{hi:.0}"),
            })
        };
        let mut sections: Vec<(Loc, String, Margins)> = Vec::new();
        if self.laid.source == Source::Docx {
            for page in &self.laid.pages {
                if let Some(m) = page.margins {
                    sections.push((Loc::None, format!("phần {}", page.number), m));
                }
            }
        } else {
            sections.push((Loc::None, "trang 1".to_string(), self.laid.margins()));
        }
        for (_, at, m) in sections {
            for (side, v, range, t) in [
                (Text::MarginTop, m.top, r.margin_top_mm, top_tol),
                (Text::MarginBottom, m.bottom, r.margin_bottom_mm, tol),
                (Text::MarginLeft, m.left, r.margin_left_mm, tol),
                (Text::MarginRight, m.right, r.margin_right_mm, tol),
            ] {
                if let Some(msg) = check(side, v, range, t) {
                    let d = Diagnostic::error(msg).at(at.clone());
                    self.push(d, Loc::None);
                }
            }
        }
    }

    /// Every line in Times New Roman (or a font with its metrics): one finding per font, at
    /// its first line, with the count.
    fn fonts(&mut self) {
        // (font, last line seen in it, lines) and the first line of each.
        let mut seen: Vec<(String, usize, usize)> = Vec::new();
        let mut first: Vec<usize> = Vec::new();
        for (i, l) in self.laid.lines.iter().enumerate() {
            for s in &l.spans {
                if s.font.is_empty() || s.text.trim().is_empty() || is_times(&s.font) {
                    continue;
                }
                match seen.iter_mut().find(|(f, _, _)| *f == s.font) {
                    Some(e) => {
                        if e.1 != i {
                            e.2 += 1;
                            e.1 = i;
                        }
                    }
                    None => {
                        seen.push((s.font.clone(), i, 1));
                        first.push(i);
                    }
                }
            }
        }
        for ((font, _, n), loc) in seen.into_iter().zip(first) {
            let unit = if self.laid.source == Source::Pdf { Text::UnitLines } else { Text::UnitParagraphs };
            self.error(loc, Msg::FontFamily { font, count: n, unit: Box::new(unit) });
        }
    }

    /// A size in a range, with the element's name.
    fn size(&mut self, i: usize, what: Text, (lo, hi): (f64, f64)) {
        let (size, _, _) = self.line(i).style();
        if size > 0.0 && (size < lo - PT_TOL || size > hi + PT_TOL) {
            let range = if (lo - hi).abs() < 0.01 { format!("{lo}") } else { format!("{lo}–{hi}") };
            let loc = At::Line(i);
            self.error(loc, Msg::FontSize { element: Box::new(what), size: format!("{size}"), range });
        }
    }

    /// Bold or not, italic or not, as the element requires (`None`: either).
    fn style(&mut self, i: usize, what: Text, bold: Option<bool>, italic: Option<bool>) {
        let (_, b, it) = self.line(i).style();
        let loc = At::Line(i);
        let word = |on: bool, yes: Text, no: Text| Box::new(if on { yes } else { no });
        if let Some(want) = bold.filter(|w| *w != b) {
            let msg = Msg::FontStyle {
                element: Box::new(what.clone()),
                style: word(b, Text::StyleBold, Text::StyleNotBold),
                want: word(want, Text::WantBold, Text::WantNotBold),
            };
            self.error(loc, msg);
        }
        if let Some(want) = italic.filter(|w| *w != it) {
            let msg = Msg::FontStyle {
                element: Box::new(what),
                style: word(it, Text::StyleItalic, Text::StyleUpright),
                want: word(want, Text::WantItalic, Text::StyleUpright),
            };
            self.error(loc, msg);
        }
    }

    fn upper(&mut self, i: usize, what: Text) {
        let t = self.line(i).text();
        if !vn::is_upper(&t) {
            let loc = At::Line(i);
            self.error(loc, Msg::LetterCase { element: Box::new(what), text: t.trim().to_string() });
        }
    }

    /// The letterhead: Quốc hiệu, Tiêu ngữ, the parent body and the issuer.
    fn letterhead(&mut self) {
        let r = self.r.clone();
        let first = self.laid.lines.iter().position(|l| l.region == Region::Body).map_or(At::Loc(Loc::None), At::Line);
        match self.parts.quoc_hieu {
            Some(i) => {
                self.size(i, Text::ElementQuocHieu, r.quoc_hieu_size);
                self.style(i, Text::ElementQuocHieu, Some(true), Some(false));
                self.upper(i, Text::ElementQuocHieu);
            }
            None => self.error(first, Msg::NoQuocHieu { quoc_hieu: QUOC_HIEU.to_string() }),
        }
        match self.parts.tieu_ngu {
            Some(i) => {
                self.size(i, Text::ElementTieuNgu, r.tieu_ngu_size);
                self.style(i, Text::ElementTieuNgu, Some(true), Some(false));
            }
            None => self.error(first, Msg::NoTieuNgu),
        }
        for i in self.parts.chu_quan.clone() {
            self.size(i, Text::ElementParent, r.parent_size);
            self.style(i, Text::ElementParent, Some(false), Some(false));
            self.upper(i, Text::ElementParent);
        }
        if self.parts.issuer.is_empty() && !self.is_personal_form() {
            self.error(first, Msg::NoIssuerName);
        }
        for i in self.parts.issuer.clone() {
            self.size(i, Text::ElementIssuer, r.issuer_size);
            self.style(i, Text::ElementIssuer, Some(true), Some(false));
            self.upper(i, Text::ElementIssuer);
        }
    }

    /// The rules under the issuer (⅓–½ of its line) and under the Tiêu ngữ (as long as it).
    fn letterhead_rules(&mut self) {
        let r = self.r.clone();
        if let Some(&last) = self.parts.issuer.last() {
            let widest = self.parts.issuer.iter().map(|&i| self.line(i).width_mm()).fold(0.0, f64::max);
            self.rule_under(last, widest, Text::ElementIssuer, r.issuer_rule_ratio, Text::RuleThird { element: Box::new(Text::ElementIssuer) });
        }
        if let Some(t) = self.parts.tieu_ngu {
            let w = self.line(t).width_mm();
            self.rule_under(t, w, Text::ElementTieuNgu, r.tieu_ngu_rule_ratio, Text::RuleFull);
        }
    }

    fn rule_under(&mut self, line: usize, width: f64, what: Text, (lo, hi): (f64, f64), rule_text: Text) {
        let loc = At::Line(line);
        let Some(rule) = self.laid.rules.iter().find(|r| r.above == Some(line)) else {
            self.error(loc, Msg::NoRuleUnder { element: Box::new(what), rule: Box::new(rule_text) });
            return;
        };
        let ratio = rule.len_mm / width.max(1.0);
        if ratio < lo || ratio > hi {
            let msg = Msg::RuleLength {
                element: Box::new(what),
                length: format!("{:.0}", rule.len_mm),
                percent: format!("{:.0}", ratio * 100.0),
                width: format!("{width:.0}"),
                rule: Box::new(rule_text),
            };
            self.error(loc, msg);
        }
    }

    /// `Số: 15/KH-SGDĐT`: 13 pt upright, the kind code of the document's kind.
    fn number_line(&mut self) {
        let Some(i) = self.parts.number else {
            if !self.parts.issuer.is_empty() {
                let loc = At::Line(self.parts.issuer[0]);
                self.error(loc, Msg::NoNumberLine);
            }
            return;
        };
        let r = self.r.clone();
        self.size(i, Text::ElementNumber, r.number_size);
        self.style(i, Text::ElementNumber, None, Some(false));
        let t = self.line(i).text();
        let loc = At::Line(i);
        let after = t.split_once(':').map_or("", |(_, b)| b).trim().to_string();
        let Some((number, symbol)) = after.split_once('/') else { return };
        let number = number.trim();
        if let Ok(n) = number.parse::<u32>() {
            if n < 10 && number.len() < 2 {
                self.error(loc, Msg::NumberZero { number: number.to_string() });
            }
        }
        let symbol = symbol.trim().to_string();
        let kind = self.parts.kind.map(|(_, k)| k).or_else(|| vn::find_kind("cong-van"));
        if let Some(kind) = kind {
            let joint = symbol.split('-').next().is_some_and(|g| g.ends_with("LT"));
            match crate::check::symbol_kind(kind, &symbol, joint) {
                Some(crate::check::SymbolFault::CongVanCoded(k)) => {
                    self.error(loc, Msg::LayoutSymbolCongVan { symbol: symbol.clone(), code: k.code.into(), name: k.name.into() })
                }
                Some(crate::check::SymbolFault::NotItsCode(_)) => {
                    self.error(loc, Msg::LayoutSymbolKind { symbol: symbol.clone(), code: kind.code.into(), name: kind.name.into() })
                }
                None => {}
            }
        }
    }

    /// `Quảng Ngãi, ngày 05 tháng 3 năm 2026`: 13–14 pt italic, the core's zeros.
    fn date_line(&mut self) {
        let Some(i) = self.parts.date else {
            if let Some(q) = self.parts.tieu_ngu.filter(|_| !self.is_personal_form()) {
                let loc = At::Line(q);
                self.error(loc, Msg::NoDateLine);
            }
            return;
        };
        let r = self.r.clone();
        self.size(i, Text::ElementDate, r.date_size);
        self.style(i, Text::ElementDate, None, Some(true));
        let t = self.line(i).text();
        let loc = At::Line(i);
        let Some((d, m, _)) = date_parts(&t) else { return };
        for (token, expected, part) in
            [(&d, d.parse::<u32>().ok().map(vn::day_str), Text::DayPart), (&m, m.parse::<u32>().ok().map(vn::month_str), Text::MonthPart)]
        {
            if let Some(e) = expected.filter(|e| e != token) {
                self.error(loc, Msg::DateZero { part: Box::new(part), written: token.clone(), expected: e });
            }
        }
    }

    /// The kind line and the trích yếu (or a công văn's `V/v`), and the rule under the trích yếu.
    fn kind_and_summary(&mut self) {
        let r = self.r.clone();
        if let Some((k, _)) = self.parts.kind {
            self.size(k, Text::ElementKind, r.kind_size);
            self.style(k, Text::ElementKind, Some(true), Some(false));
            for i in self.parts.trich_yeu.clone() {
                self.size(i, Text::ElementTrichYeu, r.summary_size);
                self.style(i, Text::ElementTrichYeu, Some(true), Some(false));
            }
            if let Some(&last) = self.parts.trich_yeu.last() {
                if self.laid.rules.iter().any(|x| x.above == Some(last)) {
                    let w = self.parts.trich_yeu.iter().map(|&i| self.line(i).width_mm()).fold(0.0, f64::max);
                    self.rule_under(last, w, Text::ElementTrichYeu, r.issuer_rule_ratio, Text::RuleThird { element: Box::new(Text::ElementTrichYeu) });
                }
            }
        } else if self.parts.vv.is_empty() {
            let loc = self.parts.number.or(self.parts.date).map_or(At::Loc(Loc::None), At::Line);
            self.error(loc, Msg::NoKindLine);
        }
        for i in self.parts.vv.clone() {
            self.size(i, Text::ElementVv, r.vv_size);
            self.style(i, Text::ElementVv, None, Some(false));
        }
    }

    /// Body paragraphs: 13–14 pt (tables 12–13).
    fn body_text(&mut self) {
        let r = self.r.clone();
        let mut first_off: Option<(usize, f64, usize)> = None;
        for i in self.parts.body.clone() {
            let l = self.line(i);
            let (size, _, _) = l.style();
            let (lo, hi) = if l.in_table { r.table_size } else { r.body_size };
            if size > 0.0 && (size < lo - PT_TOL || size > hi + PT_TOL) {
                match &mut first_off {
                    Some((_, s, n)) if (*s - size).abs() < 0.01 => *n += 1,
                    Some(_) => {}
                    None => first_off = Some((i, size, 1)),
                }
            }
        }
        if let Some((i, size, n)) = first_off {
            let loc = At::Line(i);
            self.error(loc, Msg::BodySize { size: format!("{size}"), count: n });
        }
    }

    /// Heading numbering (`I.`, `1.`, `1.1.`, `a)`): the core's rule, over the body's lines;
    /// a Roman heading in bold.
    fn headings(&mut self) {
        // A PDF line that continues a paragraph (the line above runs to the right edge, this
        // one starts at the left) is no heading, whatever it starts with.
        let m = self.laid.margins();
        let body: Vec<usize> =
            self.parts.body.iter().copied().enumerate().filter(|&(k, i)| k == 0 || !self.continues(self.parts.body[k - 1], i, &m)).map(|(_, i)| i).collect();
        let blocks: Vec<crate::model::Block> = body.iter().map(|&i| crate::model::Block::Text(self.line(i).text().trim().to_string())).collect();
        let mut found = Vec::new();
        crate::check::headings(&blocks, "b", &mut found);
        for d in found {
            let k = d.path.as_deref().and_then(|p| p.strip_prefix("b[")).and_then(|p| p.strip_suffix(']')).and_then(|p| p.parse::<usize>().ok());
            let loc = k.and_then(|k| body.get(k)).map_or(At::Loc(Loc::None), |&i| At::Line(i));
            let mut d = d;
            d.path = None;
            self.push(d, loc);
        }
        for &i in &body {
            let t = self.line(i).text();
            if let (crate::text::LineKind::Heading { level: 1, .. }, _) = crate::text::classify(t.trim()) {
                if !self.line(i).in_table {
                    self.style(i, Text::ElementHeading, Some(true), None);
                }
            }
        }
    }

    /// Whether the PDF line `i` continues the paragraph of the line `prev` above it.
    fn continues(&self, prev: usize, i: usize, m: &Margins) -> bool {
        let (a, b) = (self.line(prev), self.line(i));
        let (Some(left), Some(right)) = (m.left, m.right) else { return false };
        let Some(page) = self.laid.pages.get(a.page.wrapping_sub(1)) else { return false };
        let full = a.x1_mm.is_some_and(|x| x >= page.width_mm - right - 3.0);
        let at_left = b.x0_mm.is_some_and(|x| x <= left + 1.0);
        let close = a.page != b.page || b.y_mm.zip(a.y_mm).is_some_and(|(y1, y0)| y1 - y0 < 1.6 * b.style().0 * MM_PER_PT);
        self.laid.source == Source::Pdf && full && at_left && close
    }

    /// First-line indent 1–1.27 cm; paragraphs' line spacing single to 1.5 (DOCX), at least
    /// 6 pt between paragraphs.
    fn indent_and_spacing(&mut self) {
        let r = self.r.clone();
        let (lo, hi) = r.indent_mm;
        if self.laid.source == Source::Docx {
            for i in self.parts.body.clone() {
                let l = self.line(i);
                if l.in_table || l.align == Some(Align::Center) || l.align == Some(Align::Right) {
                    continue;
                }
                let (loc, indent, spacing) = (l.loc, l.indent_first_mm, l.line_spacing);
                if let Some(ind) = indent.filter(|v| *v > 0.5 && (*v < lo - 0.3 || *v > hi + 0.3)) {
                    self.warning(loc, Msg::IndentFirst { indent: format!("{ind:.1}") });
                }
                if let Some(s) = spacing.filter(|s| *s < r.line_spacing.0 - 0.01 || *s > r.line_spacing.1 + 0.01) {
                    self.warning(loc, Msg::LineSpacing { spacing: format!("{s:.2}") });
                }
            }
            return;
        }
        // A PDF: the indent most paragraphs' first lines have.
        let m = self.laid.margins();
        let Some(left) = m.left else { return };
        let mut counts: Vec<(i64, usize, Loc)> = Vec::new();
        for &i in &self.parts.body {
            let l = self.line(i);
            if l.in_table || l.side == Side::Right {
                continue;
            }
            let Some(x0) = l.x0_mm else { continue };
            let d = x0 - left;
            if (3.0..25.0).contains(&d) {
                let key = (d * 2.0).round() as i64;
                match counts.iter_mut().find(|(k, _, _)| *k == key) {
                    Some(e) => e.1 += 1,
                    None => counts.push((key, 1, l.loc)),
                }
            }
        }
        if let Some((key, n, loc)) = counts.iter().max_by_key(|(_, n, _)| *n).copied() {
            let d = key as f64 / 2.0;
            if n >= 3 && (d < lo - 0.6 || d > hi + 0.6) {
                self.warning(loc, Msg::IndentLines { indent: format!("{d:.1}"), count: n });
            }
        }
    }

    /// The signature: titles 13–14 pt bold capitals, the signer's name 13–14 pt bold.
    fn signature(&mut self) {
        let r = self.r.clone();
        for i in self.parts.titles.clone() {
            self.size(i, Text::ElementTitle, r.sign_title_size);
            self.style(i, Text::ElementTitle, Some(true), Some(false));
        }
        if let Some(i) = self.parts.signer {
            self.size(i, Text::ElementSigner, r.signer_size);
            self.style(i, Text::ElementSigner, Some(true), Some(false));
        }
    }

    /// `Nơi nhận:` 12 pt bold italic; its entries 11 pt upright, the last `- Lưu: VT, …`.
    fn noi_nhan(&mut self) {
        let r = self.r.clone();
        let Some(label) = self.parts.noi_nhan_label else {
            if (self.parts.kind.is_some() || !self.parts.vv.is_empty()) && !self.is_personal_form() {
                let loc = self.parts.body.last().map_or(At::Loc(Loc::None), |&i| At::Line(i));
                self.warning(loc, Msg::NoNoiNhanLabel);
            }
            return;
        };
        self.size(label, Text::ElementNoiNhanLabel, r.noi_nhan_label_size);
        self.style(label, Text::ElementNoiNhanLabel, Some(true), Some(true));
        let entries = self.parts.noi_nhan.clone();
        let mut sized = false;
        for &i in &entries {
            let (size, _, _) = self.line(i).style();
            if !sized && size > 0.0 && (size < r.noi_nhan_size.0 - PT_TOL || size > r.noi_nhan_size.1 + PT_TOL) {
                sized = true;
                self.size(i, Text::ElementNoiNhanList, r.noi_nhan_size);
            }
        }
        // The last entry: the last line that starts one (`- …`), with what wraps after it.
        let starts: Vec<usize> = entries.iter().copied().filter(|&i| self.line(i).text().trim_start().starts_with(['-', '+', '–'])).collect();
        let last = starts.last().copied().or(entries.last().copied());
        let text = last.map(|i| {
            let mut t = self.line(i).text();
            for &j in entries.iter().filter(|&&j| j > i) {
                t.push(' ');
                t.push_str(&self.line(j).text());
            }
            t.trim().trim_start_matches(['-', '+', '–']).trim().to_string()
        });
        match (last, text) {
            (Some(i), Some(t)) if !crate::check::is_luu_line(&t) => {
                let loc = At::Line(i);
                self.error(loc, Msg::LayoutNoiNhanLuu { last: t });
            }
            (None, _) => {
                let loc = At::Line(label);
                self.error(loc, Msg::NoiNhanEmpty);
            }
            _ => {}
        }
    }

    /// Page numbers: none on the first page; from the second, centred in the top margin.
    fn page_numbers(&mut self) {
        let r = self.r.clone();
        for n in self.laid.page_numbers.clone() {
            if n.page == 1 {
                self.error(n.loc, Msg::PageNumberFirst);
            } else if !n.top || !n.centred {
                self.error(n.loc, Msg::PageNumberPlace);
            } else if let Some(s) = n.size.filter(|s| *s < r.page_number_size.0 - PT_TOL || *s > r.page_number_size.1 + PT_TOL) {
                self.error(n.loc, Msg::PageNumberSize { size: format!("{s}") });
            }
        }
    }
}

/// Times New Roman, or a font made with its metrics (Liberation Serif, Tinos, vanban's own
/// Vanban Serif, TeX Gyre Termes, Nimbus Roman).
fn is_times(font: &str) -> bool {
    let f: String = font.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    ["timesnewroman", "times", "liberationserif", "tinos", "vanbanserif", "texgyretermes", "nimbusroman", "nimbusromno9l"]
        .iter()
        .any(|t| f == *t || f.starts_with(t))
}

impl Laid {
    /// One line per line of text and rule, for people reading what was understood (`vanban
    /// check --explain`) and for tests: place, side, size, style, font, text.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            let (size, b, it) = l.style();
            let font = l.spans.first().map_or("", |s| s.font.as_str());
            let x = match (l.x0_mm, l.x1_mm, l.y_mm) {
                (Some(a), Some(b), Some(y)) => format!("x {a:.1}–{b:.1} y {y:.1}"),
                _ => format!("{:?} ind {:?}", l.align, l.indent_first_mm),
            };
            out.push_str(&format!(
                "{i} [{}] {:?} {:?} {x} {size}{}{} {font} {}{}\n",
                l.loc,
                l.region,
                l.side,
                if b { " b" } else { "" },
                if it { " i" } else { "" },
                if l.in_table { "T " } else { "" },
                l.text()
            ));
        }
        for r in &self.rules {
            out.push_str(&format!("rule p{} {:.1} mm under {:?} ({:?}–{:?} y {:?})\n", r.page, r.len_mm, r.above, r.x0_mm, r.x1_mm, r.y_mm));
        }
        out
    }
}

impl Laid {
    /// The box of the PDF line `i`, mm from its page's top-left corner: x0, top, x1, bottom.
    pub fn line_box(&self, i: usize) -> Option<[f64; 4]> {
        let l = self.lines.get(i)?;
        let em = l.style().0 * MM_PER_PT;
        let y = l.y_mm?;
        Some([l.x0_mm?, y - 0.9 * em, l.x1_mm?, y + 0.25 * em])
    }

    /// Where a finding's place (`trang 2, dòng 14`, `trang 1`, `đoạn 12`) is: the page and,
    /// for a PDF line, its box in mm from the page's top-left corner (x0, top, x1, bottom).
    pub fn place(&self, path: &str) -> Option<(usize, Option<[f64; 4]>)> {
        let num = |s: &str| s.trim().parse::<usize>().ok();
        if let Some(rest) = path.strip_prefix("trang ") {
            let (page, line) = match rest.split_once(", dòng ") {
                Some((p, l)) => (num(p)?, num(l)),
                None => (num(rest)?, None),
            };
            let Some(line) = line else { return Some((page, None)) };
            let mut b: Option<[f64; 4]> = None;
            for i in (0..self.lines.len()).filter(|&i| self.lines[i].loc == Loc::Line { page, line }) {
                let Some(r) = self.line_box(i) else { continue };
                b = Some(b.map_or(r, |o| [o[0].min(r[0]), o[1].min(r[1]), o[2].max(r[2]), o[3].max(r[3])]));
            }
            return Some((page, b));
        }
        if let Some(rest) = path.strip_prefix("đoạn ") {
            let n = num(rest)?;
            return self.lines.iter().find(|l| l.loc == Loc::Para(n)).map(|l| (l.page, None));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_tokens() {
        assert_eq!(date_parts("Quảng Ngãi, ngày 5 tháng 3 năm 2026"), Some(("5".into(), "3".into(), "2026".into())));
        assert_eq!(date_parts("Hà Nội, ngày 05 tháng 01 năm 2026."), Some(("05".into(), "01".into(), "2026".into())));
        assert!(date_parts("Căn cứ ngày làm việc").is_none());
    }

    #[test]
    fn times_and_its_metric_twins() {
        assert!(is_times("Times New Roman") && is_times("TimesNewRoman") && is_times("LiberationSerif") && is_times("VanbanSerif"));
        assert!(!is_times("Arial") && !is_times("ArialMT") && !is_times("DejaVuSans"));
    }

    #[test]
    fn kind_titles() {
        assert_eq!(kind_of_title("KẾ HOẠCH").map(|k| k.code), Some("KH"));
        assert!(kind_of_title("Kế hoạch").is_none());
    }
}
