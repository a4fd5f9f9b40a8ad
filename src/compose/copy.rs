//! The copy block (bản sao) of `vanban render --copy`, printed after the whole document.

use super::letterhead::letterhead_lines;
use super::signature::sign_lines;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model;
use crate::profile::Profile;
use crate::vn::{self, parse_date};
use serde::Serialize;

/// The copy block (bản sao) printed after the whole document, under a full-width rule, on
/// the same sheet: the kind of copy, the copying agency, its number and date, signature
/// and Nơi nhận, each as the same element of a document.
#[derive(Debug, Clone, Serialize)]
pub struct CCopy {
    /// `SAO Y`, `SAO LỤC`, `TRÍCH SAO`.
    pub title: String,
    /// The copying agency's parent body lines.
    pub parent: Vec<String>,
    /// The copying agency's lines.
    pub issuer: Vec<String>,
    /// `Số: 05/SY-VP`.
    pub number_line: String,
    /// `Quảng Ngãi, ngày 10 tháng 01 năm 2026`.
    pub date_line: String,
    /// Signature title lines.
    pub sign_lines: Vec<String>,
    /// Signer's name.
    pub signer: String,
    /// Nơi nhận lines, each starting `- `.
    pub noi_nhan: Vec<String>,
}

/// Composes the copy block of a copy of `kind` from its data (`vanban render --copy`), whose
/// rules [`crate::check::check_copy`] checked first: every problem composing finds, with its
/// JSON path in the copy's data.
pub fn compose_copy(c: &model::CopyData, kind: model::CopyKind, profile: &Profile) -> Result<CCopy, Vec<Diagnostic>> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut errs = Vec::new();
    let sign = sign_lines(&c.ky, "ky", &mut errs);
    let date = parse_date(&c.ngay);
    if date.is_none() {
        errs.push(Diagnostic::error(Msg::CopyBadDate { date: c.ngay.clone() }).at("ngay"));
    }
    let Some((year, month, day)) = date.filter(|_| errs.is_empty()) else {
        return Err(errs);
    };
    let symbol = match &c.ky_hieu {
        Some(s) => n(s),
        None => format!("{}-{}", kind.code(), n(&c.co_quan.viet_tat)),
    };
    let number = c.so.map(|s| format!("{s:02}")).unwrap_or_else(|| vn::BLANK.to_string());
    Ok(CCopy {
        title: kind.title().to_string(),
        parent: letterhead_lines(&c.co_quan.chu_quan, profile.parent_size, false, profile),
        issuer: letterhead_lines(&c.co_quan.ten, profile.issuer_size, true, profile),
        number_line: format!("Số: {number}/{symbol}"),
        date_line: vn::date_line(&n(&c.dia_danh), year, month, day),
        sign_lines: sign,
        signer: n(&c.ky.ho_ten),
        noi_nhan: c.noi_nhan.iter().map(|s| format!("- {}", n(s))).collect(),
    })
}
