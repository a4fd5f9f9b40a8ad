//! The letterhead's lines: the issuing bodies (joint issuers), the symbol of a joint
//! document, the date's column.

use crate::metrics::Metrics;
use crate::model;
use crate::profile::Profile;
use crate::vn::{computed_symbol, Kind};

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
