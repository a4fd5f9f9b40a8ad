//! Appendices (phụ lục): the label, the title, the `(Kèm theo …)` line naming the document
//! they go with, and their blocks.

use super::blocks::compose_blocks;
use super::{lines, CAppendix};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::vn::{self, Kind};

/// The appendices of `doc` (of `kind`, dated `date`, numbered `number`/`symbol`, issued by
/// `of`, the issuer as written in a sentence), each with its blocks; their errors collected.
pub(super) fn appendices(
    doc: &Document,
    kind: &Kind,
    date: (i32, Option<u32>, Option<u32>),
    number: &str,
    symbol: &str,
    of: &str,
    errs: &mut Vec<Diagnostic>,
) -> Vec<CAppendix> {
    let n = |s: &str| vn::normalize(s.trim());
    let (year, month, day) = date;
    let mut appendices = Vec::new();
    for (i, a) in doc.phu_luc.iter().enumerate() {
        let mut ablocks = Vec::new();
        compose_blocks(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), &mut ablocks, errs);
        let label = match &a.so {
            _ if a.nhan == Some(false) => None,
            Some(s) if !s.trim().is_empty() => Some(format!("Phụ lục {}", n(s))),
            _ => Some("Phụ lục".to_string()),
        };
        let attached = match &a.kem_theo {
            Some(k) => n(k),
            None => {
                let d = day.map(vn::day_str).unwrap_or_else(|| vn::BLANK.to_string());
                let m = month.map(vn::month_str).unwrap_or_else(|| vn::BLANK.to_string());
                // "… của <issuer>", the issuer as written in a sentence (Sở Giáo dục và Đào tạo).
                format!(
                    "({} {} số {number}/{symbol} ngày {d} tháng {m} năm {year} của {of})",
                    if a.ban_hanh { "Ban hành kèm theo" } else { "Kèm theo" },
                    if kind.is_cong_van() { "Công văn" } else { kind.name },
                )
            }
        };
        appendices.push(CAppendix {
            label,
            title: lines(&vn::upper(&n(&a.ten))),
            subtitle: a.phu_de.iter().map(|s| n(s)).collect(),
            attached,
            landscape: a.ngang,
            body: ablocks,
        });
    }
    appendices
}
