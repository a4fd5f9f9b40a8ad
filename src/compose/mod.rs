//! Compose: the input [`Document`] turned into the [`Composed`] document both back ends read,
//! every printed string decided (number, date, kind, signature lines, inline styles) and fitted
//! to its box. It reads no file, renders nothing and uses no back end (`render`) nor capability.
//!
//! - this file: the contract ([`Composed`] and its parts) and [`compose`], a document's parts in order.
//! - `letterhead.rs`: the issuers checked and their lines, the symbol, number and date lines, the
//!   date's column, the boxed marks, the first page's footer.
//! - `signature.rs`: the signers' title lines, the co-signers, the confirmation area, Nơi nhận, ô 12.
//! - `forms.rs`: the fixed wording of the forms (Công điện, Giấy giới thiệu, Giấy nghỉ phép, Biên bản).
//! - `blocks.rs`: the body's blocks (text lines, explicit blocks, the legal structure).
//! - `appendix.rs`: the appendices (label, title, the `(Kèm theo …)` line, blocks).
//! - `table.rs`, `chart.rs`: tables and bar charts.
//! - `copy.rs`: the copy block (bản sao) of `render --copy`.
//! - `fit.rs`: every run of text fitted to its box (break points in words too wide for it).

mod appendix;
mod blocks;
mod chart;
mod copy;
mod fit;
mod forms;
mod letterhead;
mod signature;
mod table;

pub use chart::{CBar, CChart};
pub use copy::{compose_copy, CCopy};
pub use fit::ZWSP;
pub use letterhead::joint_symbol;
pub use table::{CCell, CTable};

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::metrics::Metrics;
use crate::model::{self, Document};
use crate::profile::Profile;
use crate::text::Span;
use crate::vn::{self, parse_date, Kind};
use blocks::compose_blocks;
use fit::fit;
use letterhead::{date_column, joint_letterhead, letterhead_lines};
use serde::Serialize;

/// The document with every printed string decided.
#[derive(Debug, Clone, Serialize)]
pub struct Composed {
    /// Kind id.
    pub kind: &'static str,
    /// Parent body lines.
    pub parent: Vec<String>,
    /// Issuing body lines.
    pub issuer: Vec<String>,
    /// `Số: 106/KH-TCKTNVCB`.
    pub number_line: String,
    /// `Quảng Ngãi, ngày 30 tháng 6 năm 2025`.
    pub date_line: String,
    /// Width of the letterhead's right column on the line of `Số:` and the date, mm: the
    /// right column's width, or wider where the date line needs it (a long place name).
    pub date_col_mm: f64,
    /// Công văn: the `V/v` lines under the number.
    pub vv: Vec<String>,
    /// `KẾ HOẠCH`; none for a công văn.
    pub kind_title: Option<String>,
    /// Trích yếu lines under the kind (not for a công văn).
    pub summary: Vec<String>,
    /// Quyết định authority line(s).
    pub authority: Vec<String>,
    /// Basis lines (italic).
    pub bases: Vec<String>,
    /// The operative line between the bases and the articles: `QUYẾT ĐỊNH:`, `QUYẾT NGHỊ:`
    /// ([`Kind::operative_line`]).
    pub decision_word: Option<String>,
    /// Kính gửi recipients.
    pub recipients: Vec<String>,
    /// Body blocks. In their spans' text, `\n` is a line break inside the paragraph and a
    /// zero-width space ([`ZWSP`]) a place where a word too wide for its box may break.
    pub body: Vec<CBlock>,
    /// Signature title lines (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`).
    pub sign_lines: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Italic lines under the signature titles (`(Ký và ghi rõ họ tên)`).
    pub sign_note: Vec<String>,
    /// The signers printed to the left of the principal one on the same line (a Biên bản's
    /// secretary, a joint document's other heads), left to right. With any, Nơi nhận goes
    /// under the signatures instead of beside them.
    pub co_signers: Vec<CSigner>,
    /// The date line printed above the signature titles, in a report made by a person or a
    /// collective (no issuer, so no letterhead date); none otherwise.
    pub sign_date: Option<String>,
    /// The confirmation area in the signature block's left column, instead of Nơi nhận.
    pub confirm: Option<CConfirm>,
    /// Nơi nhận lines, each starting `- ` (the Lưu line with the copies kept, `02b`).
    pub noi_nhan: Vec<String>,
    /// Ô 12: the drafter's initials and the copies issued (`PL.200`), under Nơi nhận.
    pub release: Option<String>,
    /// The copy block after the document (`render --copy`); none for the document itself.
    pub copy: Option<CCopy>,
    /// The signer's signature image (ký số), centred between the title and the name.
    pub sign_image: Option<CImage>,
    /// The agency's seal image, at its real size, over the left third of the signature.
    pub seal_image: Option<CImage>,
    /// The document's date: year, and month and day unless left blank (a copy cannot be
    /// older; a PDF/A records it as the creation date).
    #[serde(skip)]
    pub date: (i32, Option<u32>, Option<u32>),
    /// Appendices.
    pub appendices: Vec<CAppendix>,
    /// Document title for metadata.
    pub meta_title: String,
    /// Author for metadata.
    pub meta_author: String,
    /// Secrecy and urgency marks, boxed, under the number line (ND30 ô 10a, 10b).
    pub marks: Vec<CMark>,
    /// The circulation note, boxed, centred under the letterhead (ô 11).
    pub circulation: Option<CMark>,
    /// The draft mark, boxed, top right above the national heading.
    pub draft: Option<CMark>,
    /// The agency's address and contacts at the foot of the first page only (ô 13), lines
    /// fitted to the text width, under a full-width rule.
    pub first_footer: Vec<String>,
}

impl Composed {
    /// Prints the urgency and secrecy marks and the draft mark in red (`--color-marks`).
    pub fn red_marks(&mut self) {
        for m in self.marks.iter_mut().chain(self.circulation.iter_mut()).chain(self.draft.iter_mut()) {
            m.red = true;
        }
    }

    /// The document as a copy's entry in the register names it: `Kế hoạch số 15/KH-SGDĐT:
    /// <trích yếu>` (the number left out while blank).
    pub fn description(&self) -> String {
        let name = vn::find_kind(self.kind).map_or("Văn bản", |k| k.name);
        let number = self.number_line.strip_prefix("Số: ").filter(|n| !n.starts_with(vn::BLANK));
        match number {
            Some(n) => format!("{name} số {n}: {}", self.meta_title),
            None => format!("{name}: {}", self.meta_title),
        }
    }

    /// The document's date when it is whole (day and month given).
    pub fn dated(&self) -> Option<chrono::NaiveDate> {
        match self.date {
            (y, Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d),
            _ => None,
        }
    }

    /// Adds the draft mark (`render --draft`) unless the document has one.
    pub fn mark_draft(&mut self, p: &Profile) {
        if self.draft.is_none() {
            self.draft = Some(text_mark("DỰ THẢO", p));
        }
    }
}

/// A mark in a box as wide as its text and padding.
fn text_mark(text: &str, p: &Profile) -> CMark {
    let w = Metrics.width_mm(text, p.mark_size, true, false) + 2.0 * p.mark_pad_mm;
    CMark { text: text.to_string(), width_mm: (w * 2.0).ceil() / 2.0, red: false }
}

/// An image of the signature block (ký số): what Typst reads at `file` (its bytes served by
/// the PDF engine), its printed size and the horizontal offset of its centre from the
/// signature column's centre.
#[derive(Debug, Clone, Serialize)]
pub struct CImage {
    /// The virtual file the template reads (`/anh-chu-ky.png`, `/anh-dau.png`).
    pub file: &'static str,
    /// Printed width, mm.
    pub width_mm: f64,
    /// Printed height, mm.
    pub height_mm: f64,
    /// Offset of its centre from the column's centre, mm (negative: to the left).
    pub dx_mm: f64,
    /// The PNG.
    #[serde(skip)]
    pub png: std::sync::Arc<Vec<u8>>,
}

/// The virtual file of the signature image.
pub const SIGN_IMAGE: &str = "/anh-chu-ky.png";

/// The virtual file of the seal image.
pub const SEAL_IMAGE: &str = "/anh-dau.png";

impl Composed {
    /// Places the signature image `sign` (its size from the file's physical size, else the
    /// profile's width, never taller than the room between title and name) and the seal
    /// `seal` (at the diameter given, else its physical size, else the profile's; its right
    /// edge a third of the way into the signature, as the decree's electronic documents have
    /// it) in the signature block.
    pub fn place_images(&mut self, sign: Option<crate::images::Png>, seal: Option<(crate::images::Png, Option<f64>)>, p: &Profile) {
        let room = p.sign_space_mm - 2.0 * p.sign_image_gap_mm;
        let sign = sign.map(|png| {
            let (pw, ph) = (png.pixels.0 as f64, png.pixels.1 as f64);
            let (mut w, mut h) = png.size_mm.unwrap_or((p.sign_image_width_mm, p.sign_image_width_mm * ph / pw));
            if h > room {
                (w, h) = (w * room / h, room);
            }
            CImage { file: SIGN_IMAGE, width_mm: w, height_mm: h, dx_mm: 0.0, png: std::sync::Arc::new(png.bytes) }
        });
        let sign_w = sign.as_ref().map_or(0.0, |s| s.width_mm);
        self.seal_image = seal.map(|(png, diameter)| {
            let (pw, ph) = (png.pixels.0 as f64, png.pixels.1 as f64);
            let w = diameter.or(png.size_mm.map(|s| s.0)).unwrap_or(p.seal_diameter_mm);
            // Its right edge a third into the signature: centre at −w_sig/2 + w_sig/3 − d/2.
            let dx = if sign_w > 0.0 { -sign_w / 6.0 - w / 2.0 } else { 0.0 };
            CImage { file: SEAL_IMAGE, width_mm: w, height_mm: w * ph / pw, dx_mm: dx, png: std::sync::Arc::new(png.bytes) }
        });
        self.sign_image = sign;
    }
}

/// A boxed mark: secrecy and urgency (under the number line), circulation (under the
/// letterhead), draft (top right).
#[derive(Debug, Clone, Serialize)]
pub struct CMark {
    /// As printed (upper case).
    pub text: String,
    /// The box's width, mm.
    pub width_mm: f64,
    /// Printed in red (`--color-marks`: the ink of stamped urgency marks).
    pub red: bool,
}

/// A signer printed beside the principal one: title lines, note lines, name.
#[derive(Debug, Clone, Serialize)]
pub struct CSigner {
    /// Title lines (`THƯ KÝ`, `KT. GIÁM ĐỐC` / `PHÓ GIÁM ĐỐC`).
    pub lines: Vec<String>,
    /// Italic note lines under them.
    pub note: Vec<String>,
    /// The name.
    pub name: String,
}

/// A composed confirmation area (`Xác nhận của …`).
#[derive(Debug, Clone, Serialize)]
pub struct CConfirm {
    /// Bold title lines.
    pub title: Vec<String>,
    /// Italic note lines.
    pub note: Vec<String>,
    /// The confirming person's name, or empty.
    pub name: String,
}

/// A composed appendix.
#[derive(Debug, Clone, Serialize)]
pub struct CAppendix {
    /// `Phụ lục I`; none for an appendix printed with its title only.
    pub label: Option<String>,
    /// Title lines.
    pub title: Vec<String>,
    /// Lines under the title.
    pub subtitle: Vec<String>,
    /// The italic `(Kèm theo …)` line.
    pub attached: String,
    /// Landscape.
    pub landscape: bool,
    /// Blocks.
    pub body: Vec<CBlock>,
}

/// A composed block. `t` names the kind for the Typst template.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum CBlock {
    /// Heading (bold; level ≥ 4 bold italic).
    Heading { level: u8, spans: Vec<Span> },
    /// A part, chapter or section line with its title under it (`Chương I` / `NHỮNG QUY
    /// ĐỊNH CHUNG`): centred, bold, kept with what follows.
    Division { spans: Vec<Span> },
    /// Paragraph.
    Para { spans: Vec<Span>, align: &'static str, indent: bool },
    /// `- ` item.
    Dash { spans: Vec<Span> },
    /// `+ ` item.
    Plus { spans: Vec<Span> },
    /// Labelled line.
    Label { label: String, spans: Vec<Span> },
    /// Fill-in line: the spans, then dots to the end of the line; `indent` as a paragraph.
    Fill { spans: Vec<Span>, indent: bool },
    /// Table.
    Table(CTable),
    /// Bar chart.
    Chart(CChart),
}

/// Composes `doc`. Errors (unknown kind, bad date, malformed tables) are all collected.
pub fn compose(doc: &Document, profile: &Profile) -> Result<Composed, Vec<Diagnostic>> {
    let mut errs = Vec::new();
    let n = |s: &str| vn::normalize(s.trim());
    let kind = kind_of(doc, &mut errs);
    let date = date_of(doc, &mut errs);
    letterhead::check_issuers(doc, kind, &mut errs);
    let empty = model::Issuer::default();
    let issuer_of = doc.co_quan.as_ref().unwrap_or(&empty);
    let head = letterhead::head(doc, kind, issuer_of, date, &mut errs);
    let (vv, summary) = if kind.is_cong_van() { (head.summary, vec![]) } else { (vec![], head.summary) };
    let mut body = Vec::new();
    compose_blocks(&doc.noi_dung, "noi_dung", &mut body, &mut errs);
    let (sign_lines, co_signers) = signature::signers(doc, &mut errs);
    let of = issuer_in_sentence(issuer_of);
    let recipients = forms::frame(doc, &of, date, &mut body, &mut errs);
    let appendices = appendix::appendices(doc, kind, date, &head.number, &head.symbol, &of, &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    let sig = doc.ky.principal();
    let issuer = joint_letterhead(std::iter::once(issuer_of).chain(&doc.lien_tich), profile);
    let mut composed = Composed {
        kind: kind.id,
        parent: letterhead_lines(&issuer_of.chu_quan, profile.parent_size, false, profile),
        meta_author: if doc.co_quan.is_none() { n(&sig.ho_ten) } else { issuer.join(" ") },
        issuer,
        date_col_mm: date_column(profile, &Metrics, &head.number_line, &head.date_line),
        number_line: head.number_line,
        date_line: head.date_line,
        vv,
        kind_title: (!kind.is_cong_van()).then(|| kind.title()),
        meta_title: doc.trich_yeu.as_deref().map(|t| n(t).replace('\n', " ")).unwrap_or_else(|| kind.name.to_string()),
        summary,
        // No authority line given: none printed.
        authority: doc.tham_quyen.as_deref().map(|t| lines(&vn::upper(&n(t)))).unwrap_or_default(),
        bases: doc.can_cu.iter().map(|s| n(s)).collect(),
        decision_word: kind.operative_line().map(str::to_string),
        recipients,
        body,
        sign_lines,
        signer: n(&sig.ho_ten),
        sign_note: optional_lines(sig.ghi_chu.as_deref()),
        co_signers,
        sign_date: head.sign_date,
        confirm: signature::confirm(doc),
        noi_nhan: signature::noi_nhan(doc),
        copy: None,
        sign_image: None,
        seal_image: None,
        date,
        release: signature::release(doc),
        appendices,
        marks: letterhead::marks(doc, profile),
        circulation: doc.luu_hanh.map(|c| text_mark(c.text(), profile)),
        first_footer: letterhead::first_footer(issuer_of, profile),
        draft: letterhead::draft(doc, profile),
    };
    fit(&mut composed, profile, &Metrics);
    Ok(composed)
}

/// The document's kind (`loai`); an unknown one is an error, and the first kind stands in for
/// it so that the rest is still checked.
fn kind_of(doc: &Document, errs: &mut Vec<Diagnostic>) -> &'static Kind {
    let kind: Option<&'static Kind> = vn::find_kind(&doc.loai);
    if kind.is_none() {
        errs.push(
            Diagnostic::error(Msg::UnknownKind { kind: doc.loai.clone(), expected: vn::KINDS.iter().map(|k| k.id).collect::<Vec<_>>().join(", ") }).at("loai"),
        );
    }
    kind.unwrap_or(&vn::KINDS[0])
}

/// The document's date (`ngay`): year, and month and day unless left blank; one that is not
/// a date is an error (a date written in words named as such), and a stand-in year goes on.
fn date_of(doc: &Document, errs: &mut Vec<Diagnostic>) -> (i32, Option<u32>, Option<u32>) {
    let date = parse_date(&doc.ngay);
    if date.is_none() {
        let d = if vn::fold(&doc.ngay).contains("ngay") {
            Diagnostic::error(Msg::DateAsText { date: doc.ngay.clone() })
        } else {
            Diagnostic::error(Msg::BadDate { date: doc.ngay.clone() })
        };
        errs.push(d.at("ngay"));
    }
    date.unwrap_or((2000, None, None))
}

/// The issuer as written in a sentence (`… của Sở Giáo dục và Đào tạo`): its `ten_goi`, else
/// its name out of upper case.
fn issuer_in_sentence(issuer: &model::Issuer) -> String {
    match &issuer.ten_goi {
        Some(t) if !t.trim().is_empty() => vn::normalize(t.trim()),
        _ => vn::name_in_sentence(&vn::upper(&vn::normalize(issuer.ten.join(" ").trim()))),
    }
}

/// The lines of an optional text field (a note, a trích yếu); none printed when it is left out.
fn optional_lines(t: Option<&str>) -> Vec<String> {
    t.map(|t| lines(&vn::normalize(t.trim()))).unwrap_or_default()
}

/// The lines of a text: each `\n` (or the line-break character) a line, blank lines dropped.
fn lines(s: &str) -> Vec<String> {
    s.split(['\n', vn::LINE_BREAK]).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-06-30"), Some((2025, Some(6), Some(30))));
        assert_eq!(parse_date("2026-04"), Some((2026, Some(4), None)));
        assert_eq!(parse_date("2026"), Some((2026, None, None)));
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("30/6/2025"), None);
        assert_eq!(parse_date("2025-13"), None);
    }
}
