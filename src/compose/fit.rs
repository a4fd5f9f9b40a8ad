//! Every run of text fitted to its box, the same way for both back ends: break points (a
//! zero-width space) in a word wider than its box; symbols, dates and URLs otherwise whole.

use super::{CBlock, Composed};
use crate::metrics::Metrics;
use crate::profile::Profile;
use crate::text::{self, Span};
use crate::vn;

/// Makes every run of text fit its box, the same way for both back ends: a word wider than
/// the box it is printed in (a long URL, a file name, a date in a narrow table cell) may break
/// between any two characters (a zero-width space between them, which Typst, Word and
/// LibreOffice all break at; otherwise Typst lets it run past the edge where Word breaks
/// it), and symbols, dates and URLs are otherwise kept whole ([`text::protect`]).
pub(super) fn fit(c: &mut Composed, p: &Profile, m: &Metrics) {
    let portrait = p.text_width_mm();
    for b in &mut c.body {
        fit_block(b, portrait, p, m);
    }
    for a in &mut c.appendices {
        let width = if a.landscape { p.landscape_width_mm() } else { portrait };
        for b in &mut a.body {
            fit_block(b, width, p, m);
        }
    }
    let one = |s: &mut String, size: f64, bold: bool, italic: bool, width: f64| *s = breakable(s, m, size, bold, italic, width);
    let left = p.letterhead_left_mm();
    for l in &mut c.parent {
        one(l, p.parent_size, false, false, left);
    }
    for l in &mut c.issuer {
        one(l, p.issuer_size, true, false, left);
    }
    one(&mut c.number_line, p.number_size, false, false, left);
    one(&mut c.date_line, p.date_size, false, true, c.date_col_mm);
    if let Some(k) = &mut c.kind_title {
        one(k, p.kind_size, true, false, portrait);
    }
    for l in c.summary.iter_mut().chain(c.authority.iter_mut()) {
        one(l, p.summary_size, true, false, portrait);
    }
    // Each signer's column: half the text with one or two signers, a third with three…
    let column = portrait / (c.co_signers.len() + 1).max(2) as f64;
    for l in c.sign_lines.iter_mut().chain([&mut c.signer]) {
        one(l, p.sign_title_size, true, false, column);
    }
    for s in &mut c.co_signers {
        for l in s.lines.iter_mut().chain([&mut s.name]) {
            one(l, p.sign_title_size, true, false, column);
        }
    }
    for a in &mut c.appendices {
        let width = if a.landscape { p.landscape_width_mm() } else { portrait };
        for l in a.label.iter_mut().chain(a.title.iter_mut()).chain(a.subtitle.iter_mut()).chain([&mut a.attached]) {
            one(l, p.appendix_title_size, true, true, width);
        }
    }
    for l in &mut c.vv {
        one(l, p.vv_size, false, false, p.letterhead_left_mm());
    }
    for l in &mut c.noi_nhan {
        one(l, p.noi_nhan_size, false, false, portrait / 2.0);
    }
    for l in &mut c.recipients {
        one(l, p.recipient_size, false, false, portrait - 40.0);
    }
    for l in &mut c.bases {
        one(l, p.body_size, false, true, portrait - p.indent_mm);
    }
}

/// Fits a block `width` wide (the page's text width): its text at the body's size, a
/// table's cells in their columns, a chart at the width.
fn fit_block(b: &mut CBlock, width: f64, p: &Profile, m: &Metrics) {
    let body = width - p.indent_mm;
    match b {
        CBlock::Label { label, spans } => {
            *label = breakable(label, m, p.body_size, false, true, body);
            fit_spans(spans, m, p.body_size, body);
        }
        CBlock::Heading { spans, .. }
        | CBlock::Division { spans }
        | CBlock::Para { spans, .. }
        | CBlock::Dash { spans }
        | CBlock::Plus { spans }
        | CBlock::Fill { spans, .. } => {
            fit_spans(spans, m, p.body_size, body);
        }
        CBlock::Chart(c) => {
            c.width_mm = width;
        }
        CBlock::Table(t) => {
            let total: f64 = t.widths.iter().sum();
            let size = if t.size > 0.0 { t.size } else { p.table_size };
            for row in t.header.iter_mut().chain(t.rows.iter_mut()) {
                for cell in row {
                    let end = (cell.col + cell.colspan as usize).min(t.widths.len());
                    let share = t.widths.get(cell.col..end).map_or(0.0, |w| w.iter().sum::<f64>()) / total;
                    let mut room = p.cell_text_mm(width, share);
                    // The widest word: if it fits with less padding (down to 1 pt), the cell
                    // gets less, in both back ends, rather than a word broken in two.
                    let em_mm = size * 25.4 / 72.0;
                    let widest = cell
                        .lines
                        .iter()
                        .flatten()
                        .flat_map(|s| s.text.split(char::is_whitespace).map(move |w| (w, s.b, s.i)))
                        // No glyph is wider than 1 em: most words need no measuring.
                        .filter(|(w, _, _)| w.chars().count() as f64 * em_mm > room)
                        .map(|(w, b, i)| m.width_mm(w, size, b, i))
                        .fold(0.0, f64::max);
                    if widest > room {
                        let pt_mm = 25.4 / 72.0;
                        let half = ((width * share - widest) / 2.0 / pt_mm * 2.0).floor() / 2.0;
                        let inset = half.clamp(1.0, p.table_inset_x_pt);
                        cell.inset_x = Some(inset);
                        room = width * share - 2.0 * inset * pt_mm;
                    }
                    for line in &mut cell.lines {
                        fit_spans(line, m, size, room);
                    }
                }
            }
        }
    }
}

/// Fits spans `width` wide: unbreakable runs marked, line breaks made `\n`, each word too
/// wide for the box made a span of its own with break points.
fn fit_spans(spans: &mut Vec<Span>, m: &Metrics, size: f64, width: f64) {
    let protected = text::protect(std::mem::take(spans));
    for mut s in protected {
        // A line break inside a paragraph: a new line, the one before it not justified (as
        // in Word, whose documents vanban writes with `doNotExpandShiftReturn`).
        if s.text.contains(vn::LINE_BREAK) {
            s.text = s.text.replace(vn::LINE_BREAK, "\n");
        }
        let broken = breakable(&s.text, m, size, s.b, s.i, width);
        if broken.len() == s.text.len() {
            spans.push(s);
            continue;
        }
        // Each word too wide for the box becomes a span of its own (the template sets its
        // pieces as boxes), the rest of the text stays as it was.
        let mut plain = String::new();
        for piece in broken.split_inclusive(char::is_whitespace) {
            let word = piece.trim_end_matches(char::is_whitespace);
            if word.contains(ZWSP) {
                if !plain.is_empty() {
                    spans.push(Span { text: std::mem::take(&mut plain), nb: false, ..s.clone() });
                }
                spans.push(Span { text: word.to_string(), nb: false, ..s.clone() });
                plain.push_str(&piece[word.len()..]);
            } else {
                plain.push_str(piece);
            }
        }
        if !plain.is_empty() {
            spans.push(Span { text: plain, nb: s.nb, ..s });
        }
    }
}

/// `text` with a zero-width space between the characters of each word wider than `width`.
fn breakable(text: &str, m: &Metrics, size: f64, bold: bool, italic: bool, width: f64) -> String {
    // No glyph is wider than 1 em: a word of fewer characters than fit at 1 em each fits.
    let em_mm = size * 25.4 / 72.0;
    let fits = |w: &str| (w.chars().count() as f64) * em_mm <= width || m.width_mm(w, size, bold, italic) <= width;
    if text.split(char::is_whitespace).all(fits) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() * 2);
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        if fits(word) {
            out.push_str(piece);
            continue;
        }
        for (k, ch) in word.chars().enumerate() {
            if k > 0 {
                out.push(ZWSP);
            }
            out.push(ch);
        }
        out.push_str(&piece[word.len()..]);
    }
    out
}

/// The break opportunity inserted into words too wide for their box.
pub const ZWSP: char = '\u{200B}';
