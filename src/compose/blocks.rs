//! The body's blocks: plain-text lines read for headings, items and the legal structure
//! (Phần, Chương, Điều, khoản, điểm), and the explicit blocks.

use super::chart::chart;
use super::table::table;
use super::CBlock;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{Align, Block, ExplicitBlock, StrOr};
use crate::text::{self, LineKind, Span};
use crate::vn;

/// The template's name of an alignment (`can`), or `default` when none is given.
pub(super) fn align_name(a: Option<Align>, default: &'static str) -> &'static str {
    match a {
        Some(Align::Trai) => "left",
        Some(Align::Giua) => "center",
        Some(Align::Phai) => "right",
        Some(Align::Deu) => "justify",
        None => default,
    }
}

/// The blocks of `blocks` (the body or an appendix, at `path`) appended to `out`: plain text
/// read line by line for headings, items and the legal structure, explicit blocks as they say.
pub(super) fn compose_blocks(blocks: &[Block], path: &str, out: &mut Vec<CBlock>, errs: &mut Vec<Diagnostic>) {
    // The legal structure (Chương, Điều, khoản, điểm) runs across blocks; a division's title
    // is the upper-case line after it.
    let mut structure = text::Structure::default();
    let mut titling = false;
    for (i, b) in blocks.iter().enumerate() {
        let here = format!("{path}[{i}]");
        match b {
            Block::Text(t) => {
                for line in vn::normalize(t).split('\n') {
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    let legal = structure.line(line);
                    if titling && legal.is_none() && vn::is_upper(line) {
                        if let Some(CBlock::Division { spans }) = out.last_mut() {
                            spans[0].text.push('\n');
                            spans[0].text.push_str(line);
                        }
                        titling = false;
                        continue;
                    }
                    titling = false;
                    out.push(match legal {
                        Some(text::Legal::Division(d, _)) => {
                            titling = true;
                            division_block(d.word(), line[d.word().len().min(line.len())..].trim().trim_end_matches('.'), "")
                        }
                        Some(text::Legal::Article { titled, .. }) => article_block(line, titled),
                        Some(text::Legal::Clause(_) | text::Legal::Point(_)) => {
                            CBlock::Para { spans: text::inline(line, false, false), align: "justify", indent: true }
                        }
                        None => text_line(line),
                    });
                }
            }
            Block::Explicit(e) => {
                match e {
                    ExplicitBlock::Dieu(_) => structure.enter_article(),
                    ExplicitBlock::Phan(_) | ExplicitBlock::Chuong(_) | ExplicitBlock::MucChuong(_) | ExplicitBlock::TieuMuc(_) => structure.leave_article(),
                    _ => {}
                }
                titling = false;
                out.push(explicit(e, &here, errs));
            }
        }
    }
}

/// One line of plain text as a block.
fn text_line(line: &str) -> CBlock {
    let (kind, rest) = text::classify(line);
    match kind {
        LineKind::Heading { level, .. } => {
            let rest = rest.trim_start_matches("**");
            let rest = rest.strip_suffix("**").unwrap_or(rest);
            CBlock::Heading { level, spans: text::inline(rest, true, level >= 4) }
        }
        LineKind::Dash => CBlock::Dash { spans: text::inline(rest, false, false) },
        LineKind::Plus => CBlock::Plus { spans: text::inline(rest, false, false) },
        // Articles are read as the legal structure (see `compose_blocks`); one that is not
        // (a number too large) prints as a paragraph.
        LineKind::Article { .. } => CBlock::Para { spans: text::inline(rest, false, false), align: "justify", indent: true },
        LineKind::Fill => CBlock::Fill { spans: text::inline(strip_dots(rest), false, false), indent: true },
        LineKind::Point | LineKind::Paragraph => CBlock::Para { spans: text::inline(rest, false, false), align: "justify", indent: true },
    }
}

/// Ends in five dots or more (or two `…`), not in `./.`.
fn ends_in_dots(s: &str) -> bool {
    let s = s.trim_end();
    let dots = s.chars().rev().take_while(|c| *c == '.').count();
    let ellipses = s.chars().rev().take_while(|c| *c == '…').count();
    dots >= 5 || ellipses >= 2
}

/// `s` without the dots (or `…`) it ends in.
fn strip_dots(s: &str) -> &str {
    s.trim_end().trim_end_matches(['.', '…']).trim_end()
}

/// An explicit block (`doan`, `muc`, `bang`, `bieu_do`, `dieu`…) at `here`, its errors collected.
fn explicit(e: &ExplicitBlock, here: &str, errs: &mut Vec<Diagnostic>) -> CBlock {
    let n = |s: &str| vn::normalize(s.trim());
    match e {
        ExplicitBlock::Doan(StrOr(p)) => {
            let align = align_name(p.can, "justify");
            let indent = p.thut_dau.unwrap_or(align == "justify");
            let text = n(&p.text);
            // A paragraph ending in a run of dots is a line to fill in: the dots reach the
            // end of the line (`Số điện thoại: .....`).
            if ends_in_dots(&text) {
                return CBlock::Fill { spans: text::inline(strip_dots(&text), p.dam, p.nghieng), indent };
            }
            CBlock::Para { spans: text::inline(&text, p.dam, p.nghieng), align, indent }
        }
        ExplicitBlock::Muc(h) => {
            if !(1..=5).contains(&h.cap) {
                errs.push(Diagnostic::error(Msg::BadHeadingLevel { level: h.cap }).at(format!("{here}.muc.cap")));
            }
            CBlock::Heading { level: h.cap.clamp(1, 5), spans: text::inline(&n(&h.text), true, h.cap >= 4) }
        }
        ExplicitBlock::Gach(t) => CBlock::Dash { spans: text::inline(&n(t), false, false) },
        ExplicitBlock::Cong(t) => CBlock::Plus { spans: text::inline(&n(t), false, false) },
        ExplicitBlock::Dong(l) => CBlock::Label { label: n(&l.nhan), spans: text::inline(&n(&l.noi_dung), false, false) },
        ExplicitBlock::Dien(t) => {
            let t = n(t);
            let label = strip_dots(&t);
            // No label: a line of dots only (room to write more).
            let label = if label.ends_with(':') || label.is_empty() { label.to_string() } else { format!("{label}:") };
            CBlock::Fill { spans: text::inline(&label, false, false), indent: !label.is_empty() }
        }
        ExplicitBlock::Bang(t) => CBlock::Table(table(t, &format!("{here}.bang"), errs)),
        ExplicitBlock::BieuDo(c) => CBlock::Chart(chart(c, &format!("{here}.bieu_do"), errs)),
        ExplicitBlock::Phan(d) => division_block(text::Division::Phan.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::Chuong(d) => division_block(text::Division::Chuong.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::MucChuong(d) => division_block(text::Division::Muc.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::TieuMuc(d) => division_block(text::Division::TieuMuc.word(), &n(&d.so), &n(&d.ten)),
        ExplicitBlock::Dieu(a) => article_block(&format!("Điều {}. {}", a.so, n(&a.ten)), true),
    }
}

/// `Chương I` and its title under it, centred and bold (ND30: parts, chapters, sections).
fn division_block(word: &str, number: &str, title: &str) -> CBlock {
    let mut text = format!("{word} {number}");
    if !title.is_empty() {
        text.push('\n');
        text.push_str(&vn::upper(title));
    }
    CBlock::Division { spans: vec![Span { text, b: true, i: false, nb: false }] }
}

/// `Điều 1. …` indented: a title bold whole (`titled`), else a bold label before the
/// article's text (a Quyết định's `Điều 1. Tặng Giấy khen …`).
fn article_block(line: &str, titled: bool) -> CBlock {
    if titled {
        return CBlock::Para { spans: text::inline(line, true, false), align: "justify", indent: true };
    }
    let label_len = line.find('.').map_or(0, |k| k + 1);
    let mut spans = vec![Span { text: line[..label_len].to_string(), b: true, i: false, nb: false }];
    spans.extend(text::inline(&line[label_len..], false, false));
    CBlock::Para { spans, align: "justify", indent: true }
}
