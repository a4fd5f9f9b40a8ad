//! The signature block: each signer's title lines, the co-signers, the confirmation area,
//! Nơi nhận with the copies kept, and ô 12 (the drafter's initials and the copies issued).

use super::{lines, optional_lines, CConfirm, CSigner};
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{self, Document};
use crate::vn;

/// The principal signer's title lines and the co-signers printed beside them, left to right;
/// a co-signer's signature image, or co-signers with a confirmation area, is an error.
pub(super) fn signers(doc: &Document, errs: &mut Vec<Diagnostic>) -> (Vec<String>, Vec<CSigner>) {
    let n = |s: &str| vn::normalize(s.trim());
    let principal = sign_lines(doc.ky.principal(), &doc.ky.principal_path(), errs);
    let mut co_signers = Vec::new();
    for (path, s) in doc.ky.with_paths().take(doc.ky.len() - 1) {
        co_signers.push(CSigner { lines: sign_lines(s, &path, errs), note: optional_lines(s.ghi_chu.as_deref()), name: n(&s.ho_ten) });
        if s.anh_chu_ky.is_some() {
            errs.push(Diagnostic::error(Msg::CoSignerImage).at(format!("{path}.anh_chu_ky")));
        }
    }
    if !co_signers.is_empty() && doc.xac_nhan.is_some() {
        errs.push(Diagnostic::error(Msg::XacNhanSigners).at("xac_nhan"));
    }
    (principal, co_signers)
}

/// The confirmation area (`xac_nhan`) in the signature block's left column.
pub(super) fn confirm(doc: &Document) -> Option<CConfirm> {
    let n = |s: &str| vn::normalize(s.trim());
    doc.xac_nhan.as_ref().map(|x| CConfirm { title: lines(&n(&x.tieu_de)), note: optional_lines(x.ghi_chu.as_deref()), name: n(&x.ho_ten) })
}

/// Nơi nhận, a `- ` line each; the copies kept close the Lưu line: `Lưu: VT, VP, 02b.` (ND30
/// ô 12's companion).
pub(super) fn noi_nhan(doc: &Document) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut lines: Vec<String> = doc.noi_nhan.iter().map(|s| format!("- {}", n(s))).collect();
    let kept = doc.phat_hanh.as_ref().and_then(|r| r.ban_luu);
    if let (Some(kept), Some(last)) = (kept, lines.last_mut().filter(|l| l.starts_with("- Lưu:"))) {
        let body = last.trim_end().trim_end_matches(['.', ';']).to_string();
        *last = format!("{body}, {kept:02}b.");
    }
    lines
}

/// Ô 12: the drafter's initials and the copies issued (`PL.200`), under Nơi nhận.
pub(super) fn release(doc: &Document) -> Option<String> {
    let n = |s: &str| vn::normalize(s.trim());
    doc.phat_hanh.as_ref().map(|r| {
        let initials = vn::upper(&n(&r.nguoi_soan));
        match r.so_ban {
            Some(copies) => format!("{initials}.{copies}"),
            None => initials,
        }
    })
}

/// The signature's title lines (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`) of `sig`, found at `path`.
pub(super) fn sign_lines(sig: &model::Signature, path: &str, errs: &mut Vec<Diagnostic>) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    match sig.hinh_thuc {
        Some(model::Authority::Q) => vec![format!("Q. {}", vn::upper(&n(&sig.chuc_vu)))],
        Some(a) => {
            // Left out, it is empty: the error just below says so.
            let over = sig.thay_mat.as_deref().map(n).unwrap_or_default();
            if over.is_empty() {
                errs.push(Diagnostic::error(Msg::MissingSigningFor { prefix: a.prefix().into() }).at(format!("{path}.thay_mat")));
            }
            vec![format!("{} {}", a.prefix(), vn::upper(&over)), vn::upper(&n(&sig.chuc_vu))]
        }
        None => vec![vn::upper(&n(&sig.chuc_vu))],
    }
}
