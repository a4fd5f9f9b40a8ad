//! The letterhead: the issuing bodies (joint issuers) and their checks, the symbol, number
//! and date lines, the date's column, the boxed marks, the first page's footer.

use super::{optional_lines, text_mark, CMark};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::metrics::{fit_line, Metrics};
use crate::model::{self, Document};
use crate::profile::Profile;
use crate::vn::{self, computed_symbol, Kind};

/// The issuing body (`co_quan`), the number and the joint issuers (`lien_tich`) checked: a
/// body needed, named and abbreviated, a number from 1 to 9999.
pub(super) fn check_issuers(doc: &Document, kind: &Kind, errs: &mut Vec<Diagnostic>) {
    match &doc.co_quan {
        // Only a report made by a person or a collective has no issuing body.
        None if kind.id != "bao-cao" => errs.push(Diagnostic::error(Msg::MissingIssuerKind { kind: kind.name.into() }).at("co_quan")),
        None => {}
        Some(c) => {
            if c.ten.iter().all(|l| l.trim().is_empty()) {
                errs.push(Diagnostic::error(Msg::IssuerNoName).at("co_quan.ten"));
            }
            if c.viet_tat.trim().is_empty() {
                errs.push(Diagnostic::error(Msg::MissingAbbreviation).at("co_quan.viet_tat"));
            }
        }
    }
    if let Some(so) = doc.so {
        if !(1..=9999).contains(&so) {
            errs.push(Diagnostic::error(Msg::BadNumber { number: so }).at("so"));
        }
    }
    for (i, c) in doc.lien_tich.iter().enumerate() {
        if c.ten.iter().all(|l| l.trim().is_empty()) {
            errs.push(Diagnostic::error(Msg::JointIssuerNoName).at(format!("lien_tich[{i}].ten")));
        }
        if c.viet_tat.trim().is_empty() {
            errs.push(Diagnostic::error(Msg::JointAbbreviation).at(format!("lien_tich[{i}].viet_tat")));
        }
    }
}

/// What the letterhead prints under the issuer: the number and symbol, the number and date
/// lines, and the trích yếu's lines (under the number for a công văn, else under the kind).
pub(super) struct Head {
    /// `106`, or the blank left for it.
    pub number: String,
    /// `KH-TCKTNVCB`.
    pub symbol: String,
    /// `Số: 106/KH-TCKTNVCB`; empty for a report made by a person or a collective.
    pub number_line: String,
    /// The letterhead's date line; empty for that report, whose date is above its signature.
    pub date_line: String,
    /// That report's date line above the signature.
    pub sign_date: Option<String>,
    /// The trích yếu's lines.
    pub summary: Vec<String>,
}

/// The number and date lines of `doc` issued by `issuer_of` on `date`; a secrecy or urgency
/// mark on a document with no number (no issuer) is an error.
pub(super) fn head(doc: &Document, kind: &Kind, issuer_of: &model::Issuer, date: (i32, Option<u32>, Option<u32>), errs: &mut Vec<Diagnostic>) -> Head {
    let n = |s: &str| vn::normalize(s.trim());
    let symbol = match &doc.ky_hieu {
        Some(s) => n(s),
        None => joint_symbol(
            kind,
            &std::iter::once(issuer_of).chain(&doc.lien_tich).map(|c| n(&c.viet_tat)).collect::<Vec<_>>(),
            doc.don_vi_soan_thao.as_deref().map(n).as_deref(),
        ),
    };
    let number = doc.so.map(|s| format!("{s:02}")).unwrap_or_else(|| vn::BLANK.to_string());
    let form = doc.co_quan.is_none();
    if form && (doc.do_mat.is_some() || doc.do_khan.is_some()) {
        let at = if doc.do_mat.is_some() { "do_mat" } else { "do_khan" };
        errs.push(Diagnostic::error(Msg::MarkWithoutNumber).at(at));
    }
    let number_line = if form { String::new() } else { format!("Số: {number}/{symbol}") };
    let (year, month, day) = date;
    let date_line = vn::date_line(&n(&doc.dia_danh), year, month, day);
    // A form has no letterhead date: its date is written above the signature.
    let (date_line, sign_date) = if form { (String::new(), Some(date_line)) } else { (date_line, None) };
    Head { number, symbol, number_line, date_line, sign_date, summary: optional_lines(doc.trich_yeu.as_deref()) }
}

/// The secrecy and urgency marks, boxed under the number line (ô 10a, 10b).
pub(super) fn marks(doc: &Document, profile: &Profile) -> Vec<CMark> {
    doc.do_mat
        .map(|s| text_mark(s.text(), profile))
        .into_iter()
        .chain(doc.do_khan.map(|u| {
            let (t, w) = u.text_and_width();
            CMark { text: t.to_string(), width_mm: w, red: false }
        }))
        .collect()
}

/// The draft mark (`du_thao`: `DỰ THẢO`, or with its version).
pub(super) fn draft(doc: &Document, profile: &Profile) -> Option<CMark> {
    match doc.du_thao {
        None | Some(model::Draft::Flag(false)) => None,
        Some(model::Draft::Flag(true)) => Some(text_mark("DỰ THẢO", profile)),
        Some(model::Draft::Version(v)) => Some(text_mark(&format!("DỰ THẢO {v}"), profile)),
    }
}

/// The agency's address and contacts at the foot of the first page (ô 13), fitted to the
/// text width; none when it gives none.
pub(super) fn first_footer(issuer_of: &model::Issuer, profile: &Profile) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    let parts: Vec<String> = [
        ("Địa chỉ", &issuer_of.dia_chi),
        ("Điện thoại", &issuer_of.dien_thoai),
        ("Fax", &issuer_of.fax),
        ("E-mail", &issuer_of.email),
        ("Website", &issuer_of.website),
    ]
    .iter()
    .filter_map(|(label, v)| v.as_deref().map(n).filter(|v| !v.is_empty()).map(|v| format!("{label}: {v}")))
    .collect();
    if parts.is_empty() {
        Vec::new()
    } else {
        fit_line(&Metrics, &parts.join("; "), profile.first_footer_size, false, false, profile.text_width_mm())
    }
}

/// The issuing bodies' lines of the letterhead: the leading agency's name, then each joint
/// issuer's (văn bản liên tịch), every name but the last ending ` -` (the decree's hyphen
/// between the names of joint issuers), each name broken as its own lines.
pub(super) fn joint_letterhead<'a>(issuers: impl Iterator<Item = &'a model::Issuer>, profile: &Profile) -> Vec<String> {
    let names: Vec<Vec<String>> = issuers.map(|c| letterhead_lines(&c.ten, profile.issuer_size, true, profile)).filter(|l| !l.is_empty()).collect();
    let count = names.len();
    let mut out = Vec::new();
    for (k, mut lines) in names.into_iter().enumerate() {
        if k + 1 < count {
            if let Some(last) = lines.last_mut() {
                last.push_str(" -");
            }
        }
        out.extend(lines);
    }
    out
}

/// The symbol of a document of `issuers` (their abbreviations, the leading agency first): one
/// issuer's as [`computed_symbol`]; a joint document's (văn bản liên tịch) the kind code with
/// `LT` then every issuer's abbreviation, as practice writes it (`KHLT-SGDĐT-SYT`; a công văn
/// `SGDĐT-SYT`); `ky_hieu` gives another.
pub fn joint_symbol(kind: &Kind, issuers: &[String], unit: Option<&str>) -> String {
    match issuers {
        [] => computed_symbol(kind, "", unit),
        [one] => computed_symbol(kind, one, unit),
        many => {
            let mut parts: Vec<String> = Vec::new();
            if !kind.code.is_empty() {
                parts.push(format!("{}LT", kind.code));
            }
            parts.extend(many.iter().cloned());
            if let Some(u) = unit.filter(|u| !u.is_empty()) {
                parts.push(u.to_string());
            }
            parts.join("-")
        }
    }
}

/// Letterhead lines (an agency's parent or name) as printed ([`Profile::letterhead_lines`]).
pub(super) fn letterhead_lines(lines: &[String], size: f64, bold: bool, profile: &Profile) -> Vec<String> {
    profile.letterhead_lines(lines, size, bold).into_iter().flat_map(|l| l.printed).collect()
}

/// The right column's width on the line of `Số:` and the date: the letterhead's right
/// column, or as much wider as a long date line needs (`Thành phố Hồ Chí Minh, ngày …`
/// stays on one line, as the decree prints it), short of the number line.
pub(super) fn date_column(p: &Profile, m: &Metrics, number_line: &str, date_line: &str) -> f64 {
    let right = p.text_width_mm() - p.letterhead_left_mm();
    let need = m.width_mm(date_line, p.date_size, false, true) + 1.0;
    let room = p.text_width_mm() - m.width_mm(number_line, p.number_size, false, false) - p.letterhead_gap_mm;
    need.clamp(right, room.max(right))
}
