//! The fixed wording of the forms (ND30 Mẫu 1.6 Công điện, 1.8 Giấy giới thiệu, 1.9 Biên bản,
//! 1.10 Giấy nghỉ phép), put around or before the user's text.

use super::CBlock;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{self, Document};
use crate::text;
use crate::vn::{self, parse_date};

/// The forms' wording put around the `body` of `doc` issued by `of` (the issuer as written in
/// a sentence) on `date`: a Công điện's sender and recipients, a Giấy giới thiệu's or Giấy
/// nghỉ phép's text before it, a Biên bản's parts before it and its closing line after it.
/// Returns the recipients left for `Kính gửi:` (none in a Công điện, which lists them itself).
pub(super) fn frame(doc: &Document, of: &str, date: (i32, Option<u32>, Option<u32>), body: &mut Vec<CBlock>, errs: &mut Vec<Diagnostic>) -> Vec<String> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut recipients: Vec<String> = doc.kinh_gui.iter().map(|s| n(s)).collect();
    // The fixed wording of the forms (Mẫu 1.6, 1.8, 1.10), before the user's text.
    let mut opening = Vec::new();
    if let Some(sender) = doc.dien.as_deref().map(n).filter(|s| !s.is_empty()) {
        opening.extend(telegram_blocks(&sender, &recipients));
        recipients.clear();
    }
    if let Some(g) = &doc.gioi_thieu {
        opening.extend(introduction_blocks(g, of, errs));
    }
    if let Some(l) = &doc.nghi_phep {
        opening.extend(leave_blocks(l, of, errs));
    }
    body.splice(0..0, opening);
    // Biên bản (Mẫu 1.9): its parts before the proceedings, its closing line after them.
    if let Some(m) = &doc.bien_ban {
        let (opening, closing) = minutes_blocks(m, date, errs);
        body.splice(0..0, opening);
        body.push(closing);
    }
    recipients
}

/// A paragraph of plain text (the user's, never read for `**`), its unbreakable words kept
/// whole.
fn plain_para(t: String, align: &'static str, indent: bool) -> CBlock {
    CBlock::Para { spans: text::protect(vec![text::Span { text: t, b: false, i: false, nb: false }]), align, indent }
}

/// A Công điện (Mẫu 1.6): the sender's line, `<SENDER> điện:` centred (the sender bold),
/// then the recipients, one `- ` line each, in place of `Kính gửi:`.
fn telegram_blocks(sender: &str, recipients: &[String]) -> Vec<CBlock> {
    let mut out = vec![CBlock::Para {
        spans: vec![text::Span { text: vn::upper(sender), b: true, i: false, nb: false }, text::Span { text: " điện:".into(), b: false, i: false, nb: false }],
        align: "center",
        indent: false,
    }];
    out.extend(recipients.iter().map(|r| CBlock::Dash { spans: text::protect(vec![text::Span { text: r.clone(), b: false, i: false, nb: false }]) }));
    out
}

/// `ngày 05 tháng 3 năm 2026` of a whole date `YYYY-MM-DD` at `path` (an error otherwise).
fn date_words(s: &str, path: &str, errs: &mut Vec<Diagnostic>) -> (String, Option<chrono::NaiveDate>) {
    match parse_date(s) {
        Some((y, Some(m), Some(d))) => (format!("ngày {} tháng {} năm {y}", vn::day_str(d), vn::month_str(m)), chrono::NaiveDate::from_ymd_opt(y, m, d)),
        _ => {
            errs.push(Diagnostic::error(Msg::FormBadDate { date: s.to_string() }).at(path));
            (String::new(), None)
        }
    }
}

/// A Giấy giới thiệu (Mẫu 1.8) in the form's words.
fn introduction_blocks(g: &model::Introduction, of: &str, errs: &mut Vec<Diagnostic>) -> Vec<CBlock> {
    let n = |s: &str| vn::normalize(s.trim());
    let (until, _) = date_words(&g.gia_tri_den, "gioi_thieu.gia_tri_den", errs);
    vec![
        plain_para(format!("{of} trân trọng giới thiệu:"), "justify", true),
        plain_para(format!("Ông (bà): {}", n(&g.ho_ten)), "justify", true),
        plain_para(format!("Chức vụ: {}", n(&g.chuc_vu)), "justify", true),
        plain_para(format!("Được cử đến: {}", n(&g.duoc_cu_den)), "justify", true),
        plain_para(format!("Về việc: {}", n(&g.ve_viec)), "justify", true),
        plain_para("Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.".into(), "justify", true),
        plain_para(format!("Giấy này có giá trị đến hết {until}./."), "justify", true),
    ]
}

/// A Giấy nghỉ phép (Mẫu 1.10) in the form's words; the days counted from the first to the
/// last day of leave.
fn leave_blocks(l: &model::Leave, of: &str, errs: &mut Vec<Diagnostic>) -> Vec<CBlock> {
    let n = |s: &str| vn::normalize(s.trim());
    let mut out = Vec::new();
    if let Some(d) = &l.ngay_don {
        let (day, _) = date_words(d, "nghi_phep.ngay_don", errs);
        out.push(plain_para(format!("Xét Đơn đề nghị nghỉ phép {day} của ông (bà) {},", n(&l.ho_ten)), "justify", true));
    }
    let grantor = l.nguoi_cap.as_deref().map(n).filter(|g| !g.is_empty()).unwrap_or_else(|| of.to_string());
    let (from, a) = date_words(&l.tu_ngay, "nghi_phep.tu_ngay", errs);
    let (to, b) = date_words(&l.den_ngay, "nghi_phep.den_ngay", errs);
    let days = match (a, b) {
        (Some(a), Some(b)) if b >= a => (b - a).num_days() + 1,
        (Some(_), Some(_)) => {
            errs.push(Diagnostic::error(Msg::LeaveDates).at("nghi_phep.den_ngay"));
            0
        }
        _ => 0,
    };
    // No kind of leave given: none named (`Nghỉ phép trong thời gian …`).
    let kind = l.loai.as_deref().map(n).filter(|k| !k.is_empty()).map(|k| format!(" {k}")).unwrap_or_default();
    out.extend([
        plain_para(format!("{grantor} cấp cho:"), "justify", true),
        plain_para(format!("Ông (bà): {}", n(&l.ho_ten)), "justify", true),
        plain_para(format!("Chức vụ: {}", n(&l.chuc_vu)), "justify", true),
        plain_para(format!("Đơn vị công tác: {}", n(&l.don_vi)), "justify", true),
        plain_para(format!("Nghỉ phép{kind} trong thời gian {days:02} ngày, kể từ {from} đến hết {to}, tại {}./.", n(&l.noi_nghi)), "justify", true),
    ]);
    out
}

/// A time of a Biên bản: `HH:MM` on the document's date, or `YYYY-MM-DD HH:MM`; printed
/// `08 giờ 30, ngày 05 tháng 3 năm 2026` (a blank for what the document's date leaves blank).
fn minutes_time(s: &str, date: (i32, Option<u32>, Option<u32>), path: &str, errs: &mut Vec<Diagnostic>) -> String {
    let s = s.trim();
    let (day_part, time) = match s.rsplit_once([' ', 'T']) {
        Some((d, t)) => (Some(d.trim()), t.trim()),
        None => (None, s),
    };
    let hm =
        time.split_once(':').and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?))).filter(|(h, m)| *h < 24 && *m < 60 && time.len() <= 5);
    let date = match day_part {
        Some(d) => parse_date(d),
        None => Some(date),
    };
    let (Some((h, m)), Some((y, mo, d))) = (hm, date) else {
        errs.push(Diagnostic::error(Msg::BadTime { time: s.to_string() }).at(path));
        return String::new();
    };
    let blank = || vn::BLANK.to_string();
    format!("{h:02} giờ {m:02}, ngày {} tháng {} năm {y}", d.map(vn::day_str).unwrap_or_else(blank), mo.map(vn::month_str).unwrap_or_else(blank))
}

/// The parts of a Biên bản (Mẫu 1.9) before its proceedings — time, place, those present,
/// the chair, the secretary — and its closing line after them (`Cuộc họp kết thúc vào …./.`).
/// The user's text is printed as it is (never read for `**`).
fn minutes_blocks(m: &model::Minutes, date: (i32, Option<u32>, Option<u32>), errs: &mut Vec<Diagnostic>) -> (Vec<CBlock>, CBlock) {
    let n = |s: &str| vn::normalize(s.trim());
    let plain = |t: String| vec![text::Span { text: t, b: false, i: false, nb: false }];
    let line = |label: &str, value: String| CBlock::Para { spans: plain(format!("{label}: {value}")), align: "justify", indent: true };
    let start = minutes_time(&m.bat_dau, date, "bien_ban.bat_dau", errs);
    let end = minutes_time(&m.ket_thuc, date, "bien_ban.ket_thuc", errs);
    let mut out = vec![line("Thời gian bắt đầu", start), line("Địa điểm", n(&m.dia_diem))];
    match m.thanh_phan.as_slice() {
        [] => errs.push(Diagnostic::error(Msg::BienBanPresent).at("bien_ban.thanh_phan")),
        [one] => out.push(line("Thành phần tham dự", n(one))),
        many => {
            out.push(CBlock::Para { spans: plain("Thành phần tham dự:".into()), align: "justify", indent: true });
            out.extend(many.iter().map(|p| CBlock::Dash { spans: plain(n(p)) }));
        }
    }
    out.push(line("Chủ trì (chủ tọa)", n(&m.chu_toa)));
    out.push(line("Thư ký (người ghi biên bản)", n(&m.thu_ky)));
    let what = m.ten_goi.as_deref().map(n).filter(|t| !t.is_empty()).unwrap_or_else(|| "Cuộc họp".into());
    let closing = CBlock::Para { spans: text::protect(plain(format!("{what} kết thúc vào {end}./."))), align: "justify", indent: true };
    (
        out.into_iter()
            .map(|b| match b {
                CBlock::Para { spans, align, indent } => CBlock::Para { spans: text::protect(spans), align, indent },
                b => b,
            })
            .collect(),
        closing,
    )
}
