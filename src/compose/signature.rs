//! The signature block's title lines.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model;
use crate::vn;

/// The signature's title lines (`KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`) of `sig`, found at `path`.
pub(super) fn sign_lines(sig: &model::Signature, path: &str, errs: &mut Vec<Diagnostic>) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    match sig.hinh_thuc {
        Some(model::Authority::Q) => vec![format!("Q. {}", vn::upper(&n(&sig.chuc_vu)))],
        Some(a) => {
            let over = sig.thay_mat.as_deref().map(n).unwrap_or_default();
            if over.is_empty() {
                errs.push(Diagnostic::error(Msg::MissingSigningFor { prefix: a.prefix().into() }).at(format!("{path}.thay_mat")));
            }
            vec![format!("{} {}", a.prefix(), vn::upper(&over)), vn::upper(&n(&sig.chuc_vu))]
        }
        None => vec![vn::upper(&n(&sig.chuc_vu))],
    }
}
