//! ND30 rules that the types cannot express. Each rule gives a [`Diagnostic`] with a code,
//! the JSON path it is about and a hint; `locate` then turns the path into a line and
//! column of the source file.

use crate::diag::Diagnostic;
use crate::model::{Authority, Block, Document, ExplicitBlock};
use crate::text::{self, LineKind};
use crate::vn;
use chrono::NaiveDate;

/// Personal titles: a `TM.` signs for a collective body, not for one of these.
const PERSONAL_TITLES: &[&str] = &[
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
];

/// Checks `doc` against the ND30 rules; `today` decides what is "in the future".
pub fn check(doc: &Document, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = vn::find_kind(&doc.loai);
    let n = |s: &str| vn::normalize(s.trim());

    // The date: compose reports one that is not a date; here, one in the future.
    if let Some((y, m, d)) = crate::compose::parse_date(&doc.ngay) {
        let first = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1));
        if first.is_some_and(|f| f > today) {
            out.push(
                Diagnostic::warning("future-date", format!("the date {} is in the future", doc.ngay))
                    .at("ngay")
                    .hint("check the year; a document is dated the day it is signed"),
            );
        }
    }

    if let Some(kind) = kind {
        let symbol = doc.ky_hieu.as_deref().map(n);
        let issuer = doc.co_quan.as_ref().map(|c| n(&c.viet_tat)).unwrap_or_default();
        if let Some(sym) = &symbol {
            let groups: Vec<&str> = sym.split('-').collect();
            let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && Some(k.code) == groups.first().copied());
            if let Some(mut d) = symbol_kind(kind, sym, !doc.lien_tich.is_empty()) {
                if code_kind.is_none() && !kind.is_cong_van() {
                    d = d.hint(format!(
                        "leave \"ky_hieu\" out and vanban writes `{}`",
                        crate::compose::computed_symbol(kind, &issuer, doc.don_vi_soan_thao.as_deref())
                    ));
                }
                out.push(d.at("ky_hieu"));
            }
            // The issuer group: the first group after the kind code (or the first for a công văn).
            let issuer_group = if kind.is_cong_van() { groups.first() } else { groups.get(1) };
            if let Some(g) = issuer_group {
                if *g != issuer && code_kind.is_none_or(|_| !kind.is_cong_van()) {
                    out.push(
                        Diagnostic::warning("unknown-abbreviation", format!("`{g}` in the symbol is not the issuer's abbreviation `{issuer}`"))
                            .at("ky_hieu")
                            .hint("check the spelling of the symbol against co_quan.viet_tat"),
                    );
                }
            }
        }
        if kind.is_cong_van() {
            match doc.trich_yeu.as_deref().map(n) {
                None => out.push(
                    Diagnostic::error("cong-van-vv", "a công văn needs its `V/v …` summary under the number")
                        .at("trich_yeu")
                        .hint("e.g. \"trich_yeu\": \"V/v triển khai …\""),
                ),
                Some(t) if !t.starts_with("V/v ") => out.push(
                    Diagnostic::warning("cong-van-vv", format!("a công văn's summary starts with `V/v `, not `{}`", t.chars().take(12).collect::<String>()))
                        .at("trich_yeu")
                        .hint("write \"V/v …\""),
                ),
                _ => {}
            }
            // The symbol of a công văn is `<issuer>-<drafting unit or field>`.
            let unit_missing = match &symbol {
                Some(sym) => !sym.contains('-'),
                None => doc.don_vi_soan_thao.as_deref().is_none_or(|u| u.trim().is_empty()),
            };
            if unit_missing {
                let sym = symbol.clone().unwrap_or_else(|| issuer.clone());
                out.push(
                    Diagnostic::warning("cong-van-unit", format!("the công văn's symbol `{sym}` has no drafting unit: ND30 writes `{sym}-<unit or field>`"))
                        .at(if doc.ky_hieu.is_some() { "ky_hieu" } else { "don_vi_soan_thao" })
                        .hint("add \"don_vi_soan_thao\": \"VP\" (the unit or field that drafted it)"),
                );
            }
            if doc.kinh_gui.is_empty() {
                out.push(
                    Diagnostic::error("cong-van-kinh-gui", "a công văn needs `Kính gửi:` recipients")
                        .at("kinh_gui")
                        .hint("e.g. \"kinh_gui\": [\"Các cơ sở giáo dục trên địa bàn tỉnh.\"]"),
                );
            }
        } else if doc.trich_yeu.as_deref().is_none_or(|t| t.trim().is_empty())
            && !matches!(kind.id, "giay-moi" | "giay-gioi-thieu" | "giay-nghi-phep" | "bien-ban")
        {
            out.push(Diagnostic::warning("missing-summary", format!("a {} usually has a trích yếu under its kind", kind.name)).at("trich_yeu"));
        }
    }

    // The signing authority, of each signer.
    for (at, sig) in doc.ky.with_paths() {
        signer(doc, &at, sig, &mut out);
    }
    signers(doc, kind, &mut out);
    forms(doc, kind, &mut out);

    // Nơi nhận ends with `Lưu: VT, …`; a form made by a person (no issuer) or one with a
    // confirmation area in its place has none.
    let form = doc.co_quan.is_none() || doc.xac_nhan.is_some();
    if doc.xac_nhan.is_some() && !doc.noi_nhan.is_empty() {
        out.push(
            Diagnostic::error("xac-nhan-noi-nhan", "the confirmation area (`xac_nhan`) takes the place of Nơi nhận: give one or the other").at("xac_nhan"),
        );
    }
    if doc.co_quan.is_none() && kind.is_some_and(|k| k.id == "bao-cao") && (doc.so.is_some() || doc.ky_hieu.is_some()) {
        out.push(
            Diagnostic::error("form-number", "a report made by a person or a collective (no `co_quan`) has no number or symbol")
                .at(if doc.so.is_some() { "so" } else { "ky_hieu" })
                .hint("remove it, or give the issuing body in `co_quan`"),
        );
    }
    match doc.noi_nhan.last().map(|s| n(s)) {
        None if form => {}
        None => out.push(Diagnostic::warning("noi-nhan", "no Nơi nhận").at("noi_nhan").hint("list the recipients and end with \"Lưu: VT, <unit>.\"")),
        Some(last) if !is_luu_line(&last) => out.push(
            Diagnostic::error("noi-nhan-luu", format!("Nơi nhận ends with `{last}`, not `Lưu: VT, …`"))
                .at(format!("noi_nhan[{}]", doc.noi_nhan.len() - 1))
                .hint("add \"Lưu: VT, <drafting unit>.\" as the last entry"),
        ),
        _ => {}
    }
    // Ô 12: the drafter's initials (letters, upper case) under Nơi nhận, the copies kept on
    // the Lưu line, which must be there to carry them.
    if let Some(r) = &doc.phat_hanh {
        let initials = n(&r.nguoi_soan);
        if initials.is_empty() || !initials.chars().all(|c| c.is_alphabetic() || c == '.') {
            out.push(
                Diagnostic::error("phat-hanh", format!("the drafter's initials `{initials}` are not letters"))
                    .at("phat_hanh.nguoi_soan")
                    .hint("the initials of the drafter's name, e.g. \"PL\"; the number of copies goes in `so_ban`"),
            );
        } else if !vn::is_upper(&initials) {
            out.push(
                Diagnostic::warning("upper-case", format!("the drafter's initials `{initials}` are printed in upper case"))
                    .at("phat_hanh.nguoi_soan")
                    .hint("fixed automatically; write them in upper case to silence this"),
            );
        }
        if r.so_ban == Some(0) {
            out.push(Diagnostic::error("phat-hanh", "the number of copies issued is 0").at("phat_hanh.so_ban").hint("give 1 or more, or leave `so_ban` out"));
        }
        if r.ban_luu == Some(0) {
            out.push(Diagnostic::error("phat-hanh", "the number of copies kept is 0").at("phat_hanh.ban_luu").hint("give 1 or more, or leave `ban_luu` out"));
        }
        if r.ban_luu.is_some() && !doc.noi_nhan.last().is_some_and(|l| n(l).starts_with("Lưu:")) {
            out.push(
                Diagnostic::error("phat-hanh", "the copies kept are printed on the Lưu line, which Nơi nhận does not have")
                    .at("phat_hanh.ban_luu")
                    .hint("end Nơi nhận with \"Lưu: VT, <drafting unit>.\""),
            );
        }
    }
    if kind.is_some_and(|k| k.is_cong_van()) && doc.noi_nhan.first().is_some_and(|f| !n(f).starts_with("Như trên")) {
        out.push(Diagnostic::warning("noi-nhan-nhu-tren", "a công văn's Nơi nhận starts with `Như trên;`").at("noi_nhan[0]"));
    }

    // Upper case where the layout needs it (the renderer fixes it).
    let mut upper = |value: &str, path: String, what: &str| {
        if !vn::is_upper(value) {
            out.push(
                Diagnostic::warning("upper-case", format!("{what} `{value}` is printed in upper case"))
                    .at(path)
                    .hint("fixed automatically; write it in upper case to silence this"),
            );
        }
    };
    if let Some(c) = &doc.co_quan {
        for (i, l) in c.chu_quan.iter().enumerate() {
            upper(l, format!("co_quan.chu_quan[{i}]"), "the parent body");
        }
        for (i, l) in c.ten.iter().enumerate() {
            upper(l, format!("co_quan.ten[{i}]"), "the issuing body");
        }
    }
    for (at, sig) in doc.ky.with_paths() {
        upper(&sig.chuc_vu, format!("{at}.chuc_vu"), "the signer's title");
        if let Some(t) = &sig.thay_mat {
            upper(t, format!("{at}.thay_mat"), "the title signed for");
        }
    }
    for (i, a) in doc.phu_luc.iter().enumerate() {
        upper(&a.ten, format!("phu_luc[{i}].ten"), "the appendix title");
    }

    characters(doc, &mut out);
    citations(doc, crate::law::table(), &mut out);
    letterhead_lines(doc, &mut out);
    place_name(doc, &mut out);

    headings(&doc.noi_dung, "noi_dung", &mut out);
    legal(&doc.noi_dung, "noi_dung", &mut out);
    for (i, a) in doc.phu_luc.iter().enumerate() {
        headings(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), &mut out);
        legal(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), &mut out);
    }

    // The body ends with `./.` (a Biên bản's closing line, printed after it, does).
    let closed_by_form = doc.bien_ban.is_some() || doc.gioi_thieu.is_some() || doc.nghi_phep.is_some();
    if let Some(last) = last_text(&doc.noi_dung).filter(|_| !closed_by_form) {
        if !last.trim_end().ends_with("./.") {
            out.push(
                Diagnostic::warning("closing", "the body does not end with `./.`")
                    .at(format!("noi_dung[{}]", doc.noi_dung.len() - 1))
                    .hint("end the closing paragraph with \"./.\""),
            );
        }
    }
    out
}

/// The rules of one signer's block, found at `at` (`ky`, `ky[1]`).
fn signer(doc: &Document, at: &str, sig: &crate::model::Signature, out: &mut Vec<Diagnostic>) {
    let n = |s: &str| vn::normalize(s.trim());
    match sig.hinh_thuc {
        Some(Authority::KT) if vn::upper(&n(&sig.chuc_vu)) == vn::upper(&n(sig.thay_mat.as_deref().unwrap_or(""))) => {
            out.push(
                Diagnostic::error("signature-kt", "with `KT.` the signer's own title must differ from the title signed for")
                    .at(format!("{at}.chuc_vu"))
                    .hint("e.g. thay_mat \"GIÁM ĐỐC\", chuc_vu \"PHÓ GIÁM ĐỐC\""),
            );
        }
        Some(Authority::TM) => {
            let over = vn::upper(&n(sig.thay_mat.as_deref().unwrap_or("")));
            if PERSONAL_TITLES.contains(&over.as_str()) {
                out.push(
                    Diagnostic::warning("signature-tm", format!("`TM.` signs on behalf of a collective body, not `{over}`"))
                        .at(format!("{at}.thay_mat"))
                        .hint("use `KT.` for a deputy signing for the head, or name the body (e.g. \"ỦY BAN NHÂN DÂN\")"),
                );
            }
        }
        Some(Authority::Q) if sig.thay_mat.is_some() => {
            out.push(
                Diagnostic::warning("signature-q", "`Q.` (acting head) prints `Q. <chuc_vu>`; `thay_mat` is not used")
                    .at(format!("{at}.thay_mat"))
                    .hint("remove thay_mat"),
            );
        }
        _ => {}
    }
    // A form (no issuer) may leave the name to be written by hand.
    if sig.ho_ten.trim().is_empty() && doc.co_quan.is_some() {
        out.push(Diagnostic::warning("signer-name", "the signer has no name").at(format!("{at}.ho_ten")));
    }
}

/// Whether `sig` signs as a Biên bản's secretary (`THƯ KÝ`, `NGƯỜI GHI BIÊN BẢN`).
fn is_secretary(sig: &crate::model::Signature) -> bool {
    let t = vn::fold(&sig.chuc_vu);
    t.contains("thu ky") || t.contains("nguoi ghi bien ban")
}

/// Who must sign together: a Biên bản its secretary (left) and its chair (right, the
/// principal); a joint document one head for each agency. Every problem at once.
fn signers(doc: &Document, kind: Option<&vn::Kind>, out: &mut Vec<Diagnostic>) {
    let minutes = kind.is_some_and(|k| k.id == "bien-ban");
    if doc.bien_ban.is_some() && !minutes {
        out.push(
            Diagnostic::error("bien-ban-kind", format!("`bien_ban` belongs to a Biên bản, not a {}", kind.map_or("document", |k| k.name)))
                .at("bien_ban")
                .hint("set \"loai\": \"bien-ban\", or remove `bien_ban`"),
        );
    }
    if minutes {
        if doc.bien_ban.is_none() {
            out.push(
                Diagnostic::warning("bien-ban-parts", "a Biên bản gives its time, place, those present, chair and secretary")
                    .at("bien_ban")
                    .hint("\"bien_ban\": {\"bat_dau\": \"08:00\", \"dia_diem\": \"…\", \"thanh_phan\": [\"…\"], \"chu_toa\": \"…\", \"thu_ky\": \"…\", \"ket_thuc\": \"11:00\"}"),
            );
        }
        let secretary = doc.ky.with_paths().find(|(_, s)| is_secretary(s));
        match secretary {
            None => out.push(
                Diagnostic::error("bien-ban-thu-ky", "a Biên bản is signed by its secretary too: `THƯ KÝ` on the left, `CHỦ TỌA` on the right")
                    .at("ky")
                    .hint("\"ky\": [{\"chuc_vu\": \"THƯ KÝ\", \"ho_ten\": \"…\"}, {\"chuc_vu\": \"CHỦ TỌA\", \"ho_ten\": \"…\"}]"),
            ),
            Some((at, _)) if doc.ky.len() < 2 || is_secretary(doc.ky.principal()) => out.push(
                Diagnostic::error("bien-ban-chu-toa", "a Biên bản is signed by its chair on the right, the secretary on the left")
                    .at(at)
                    .hint("put the secretary first in `ky` and the chair (`CHỦ TỌA`) last"),
            ),
            Some(_) => {}
        }
    }
    let agencies = 1 + doc.lien_tich.len();
    if !doc.lien_tich.is_empty() && doc.ky.len() != agencies {
        out.push(
            Diagnostic::error(
                "lien-tich-signers",
                format!("a joint document of {agencies} agencies has {agencies} signers, one head for each; `ky` has {}", doc.ky.len()),
            )
            .at("ky")
            .hint("list them left to right, the leading agency's head (co_quan) last, on the right"),
        );
    }
    if !doc.lien_tich.is_empty() && doc.co_quan.is_none() {
        out.push(Diagnostic::error("lien-tich", "a joint document names its leading agency in `co_quan`").at("lien_tich"));
    }
}

/// The parts of the forms (Công điện, Giấy giới thiệu, Giấy nghỉ phép) belong to their kind,
/// and each of those kinds has its own.
fn forms(doc: &Document, kind: Option<&vn::Kind>, out: &mut Vec<Diagnostic>) {
    let id = kind.map_or("", |k| k.id);
    let name = kind.map_or("document", |k| k.name);
    for (field, given, owner, owner_name) in [
        ("dien", doc.dien.is_some(), "cong-dien", "Công điện"),
        ("gioi_thieu", doc.gioi_thieu.is_some(), "giay-gioi-thieu", "Giấy giới thiệu"),
        ("nghi_phep", doc.nghi_phep.is_some(), "giay-nghi-phep", "Giấy nghỉ phép"),
    ] {
        if given && id != owner {
            out.push(
                Diagnostic::error("form-field", format!("`{field}` belongs to a {owner_name}, not a {name}"))
                    .at(field)
                    .hint(format!("set \"loai\": \"{owner}\", or remove `{field}`")),
            );
        } else if !given && id == owner && kind.is_some() {
            let hint = match field {
                "dien" => "\"dien\": \"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\" prints `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:` before the recipients",
                "gioi_thieu" => "\"gioi_thieu\": {\"ho_ten\", \"chuc_vu\", \"duoc_cu_den\", \"ve_viec\", \"gia_tri_den\"}: vanban writes the form's words",
                _ => "\"nghi_phep\": {\"ho_ten\", \"chuc_vu\", \"don_vi\", \"tu_ngay\", \"den_ngay\", \"noi_nghi\"}: vanban writes the form's words",
            };
            out.push(Diagnostic::warning("form-parts", format!("a {owner_name} has `{field}` (Phụ lục III of the decree)")).at(field).hint(hint));
        }
    }
    if id == "cong-dien" && doc.dien.is_some() && doc.kinh_gui.is_empty() {
        out.push(
            Diagnostic::error("cong-dien-recipients", "a Công điện lists those it is sent to (`kinh_gui`), printed after the sender's line").at("kinh_gui"),
        );
    }
}

/// Characters that do not belong in the text (controls, bidi and invisible characters,
/// which [`vn::normalize`] removes or turns into breaks) and characters the fonts cannot
/// print, each string's at once, at the string's path and the first one's place in it.
fn characters(doc: &Document, out: &mut Vec<Diagnostic>) {
    let Ok(value) = serde_json::to_value(doc) else { return };
    let coverage = crate::render::fonts::coverage();
    walk_strings(&value, &mut String::new(), &mut |path, raw| {
        let mut by_kind: Vec<(vn::Unwanted, Vec<char>, usize)> = Vec::new();
        for (i, c) in raw.chars().enumerate() {
            let Some(u) = vn::unwanted(c) else { continue };
            if u == vn::Unwanted::LineBreak {
                continue; // a line break, as in Word
            }
            match by_kind.iter_mut().find(|(k, _, _)| *k == u) {
                Some((_, cs, _)) => {
                    if !cs.contains(&c) {
                        cs.push(c)
                    }
                }
                None => by_kind.push((u, vec![c], i)),
            }
        }
        for (kind, cs, at) in by_kind {
            let list = cs.iter().map(|c| code_point(*c)).collect::<Vec<_>>().join(", ");
            let (code, message, hint) = match kind {
                vn::Unwanted::ParagraphBreak => (
                    "control-char",
                    format!("a page or paragraph break ({list}) pasted into the text ends the line there"),
                    "split the text into paragraphs yourself to silence this",
                ),
                vn::Unwanted::Tab => ("control-char", format!("a tab ({list}) is printed as a space"), "use spaces, or a table for columns"),
                vn::Unwanted::Control => {
                    ("control-char", format!("control character(s) {list} removed"), "text pasted from another program can carry them; retype or delete them")
                }
                vn::Unwanted::Bidi => (
                    "bidi-char",
                    format!("bidirectional control(s) {list} removed: they can make text display in another order than it is stored"),
                    "delete them; Vietnamese text needs none",
                ),
                vn::Unwanted::Invisible => {
                    ("invisible-char", format!("invisible character(s) {list} removed"), "text pasted from the web or Word can carry them; nothing is lost")
                }
                vn::Unwanted::LineBreak => continue,
            };
            let mut d = Diagnostic::warning(code, message).at(path).hint(hint);
            d.within = Some(at);
            out.push(d);
        }
        let clean = vn::normalize(raw);
        let mut missing: Vec<char> = Vec::new();
        for c in clean.chars() {
            if !coverage.covers(c) && !c.is_whitespace() && !missing.contains(&c) {
                missing.push(c);
            }
        }
        if let Some(first) = missing.first() {
            let list = missing.iter().map(|c| format!("{} `{c}`", code_point(*c))).collect::<Vec<_>>().join(", ");
            let mut d = Diagnostic::error("missing-glyph", format!("the font has no glyph for {list}"))
                .at(path)
                .hint("remove the character, or add a font that has it with --font-path (a family named Times New Roman)");
            d.within = raw.chars().position(|c| c == *first);
            out.push(d);
        }
    });
}

/// Citations of legal texts that had ceased to have effect on the document's date (its first
/// possible day, when the day or month is left blank), in the Căn cứ lines, the summary and
/// the body, each at its place, naming what replaced it (`law::Table`).
pub fn citations(doc: &Document, table: &crate::law::Table, out: &mut Vec<Diagnostic>) {
    let Some((y, m, d)) = crate::compose::parse_date(&doc.ngay) else { return };
    let Some(date) = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1)) else { return };
    let Ok(value) = serde_json::to_value(doc) else { return };
    for key in ["can_cu", "trich_yeu", "noi_dung", "phu_luc"] {
        let Some(v) = value.get(key) else { continue };
        walk_strings(v, &mut key.to_string(), &mut |path, raw| {
            for s in crate::law::stale_citations(table, raw, date) {
                let end = s.cited.het_hieu_luc.map(|e| e.format("%d/%m/%Y").to_string()).unwrap_or_default();
                let (message, hint) = match s.replaced_by {
                    Some(r) => (
                        format!("{} ceased to have effect on {end}, before this document's date ({}): it was replaced by {}", s.cited.ten, doc.ngay, r.ten),
                        format!("cite {}: Căn cứ {};", r.ten, r.can_cu),
                    ),
                    None => (
                        format!("{} ceased to have effect on {end}, before this document's date ({})", s.cited.ten, doc.ngay),
                        "cite the text in effect".to_string(),
                    ),
                };
                let mut d = Diagnostic::warning("expired-law", message).at(path).hint(hint);
                d.within = Some(s.at);
                out.push(d);
            }
        });
    }
}

/// `U+000C`, with the character's name where it is one of the usual suspects.
fn code_point(c: char) -> String {
    let name = match c {
        '\u{0C}' => " (page break)",
        '\u{09}' => " (tab)",
        '\u{200B}' => " (zero width space)",
        '\u{FEFF}' => " (zero width no-break space)",
        '\u{00AD}' => " (soft hyphen)",
        '\u{202E}' => " (right-to-left override)",
        '\u{202D}' => " (left-to-right override)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Calls `f` with the JSON path and text of every string in `value`.
fn walk_strings(value: &serde_json::Value, path: &mut String, f: &mut impl FnMut(&str, &str)) {
    match value {
        serde_json::Value::String(s) => f(path, s),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk_strings(v, path, f);
                path.truncate(len);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk_strings(v, path, f);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Letterhead lines too long for their column: printed broken in two (balanced), with a
/// suggestion to write them as two lines.
fn letterhead_lines(doc: &Document, out: &mut Vec<Diagnostic>) {
    let p = crate::profile::Profile::default();
    let m = crate::render::fonts::Metrics;
    // The leading agency's lines, and each joint issuer's name (văn bản liên tịch).
    let mut all: Vec<(String, &Vec<String>, f64, bool)> = Vec::new();
    if let Some(c) = &doc.co_quan {
        all.push(("co_quan.chu_quan".into(), &c.chu_quan, p.parent_size, false));
        all.push(("co_quan.ten".into(), &c.ten, p.issuer_size, true));
    }
    for (i, c) in doc.lien_tich.iter().enumerate() {
        all.push((format!("lien_tich[{i}].ten"), &c.ten, p.issuer_size, true));
    }
    for (key, lines, size, bold) in all {
        for (i, entry) in lines.iter().enumerate() {
            // An entry may hold line breaks of its own: each of its lines is measured.
            for text in vn::upper(&vn::normalize(entry)).split(['\n', vn::LINE_BREAK]).map(str::trim).filter(|t| !t.is_empty()) {
                let broken = crate::compose::fit_line(&m, text, size, bold, false, p.letterhead_line_mm());
                if broken.len() > 1 {
                    out.push(
                        Diagnostic::warning(
                            "letterhead-line",
                            format!(
                                "`{text}` is too long for one line of the letterhead ({:.0} mm, the column holds {:.0} mm): printed as `{}`",
                                m.width_mm(text, size, bold, false),
                                p.letterhead_line_mm(),
                                broken.join(" / ")
                            ),
                        )
                        .at(format!("{key}[{i}]"))
                        .hint(format!(
                            "write it as {} entries: {}",
                            broken.len(),
                            broken.iter().map(|b| format!("\"{b}\"")).collect::<Vec<_>>().join(", ")
                        )),
                    );
                }
            }
        }
    }
}

/// The date line's place name: under a letterhead the line is “<địa danh>, ngày … tháng …
/// năm …” (ND30, Phụ lục I); an empty one prints “Ngày …” without a place, which the clerk
/// does not see until it is printed. Only a report without an issuer (a person's or a
/// collective's) has none.
fn place_name(doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.co_quan.is_some() && vn::normalize(&doc.dia_danh).trim().is_empty() {
        out.push(
            Diagnostic::warning("missing-place", "the place name of the date line (`dia_danh`) is empty: the line prints `Ngày … tháng … năm …` without it")
                .at("dia_danh")
                .hint("write where the agency is, e.g. \"Quảng Ngãi\""),
        );
    }
}

fn last_text(blocks: &[Block]) -> Option<String> {
    match blocks.last()? {
        Block::Text(t) => t.lines().rev().find(|l| !l.trim().is_empty()).map(str::to_string),
        Block::Explicit(ExplicitBlock::Doan(p)) => Some(p.0.text.clone()),
        Block::Explicit(ExplicitBlock::Gach(t) | ExplicitBlock::Cong(t)) => Some(t.clone()),
        _ => None,
    }
}

/// Numbering order: within each parent, headings of one level go 1, 2, 3 (I, II, III).
pub(crate) fn headings(blocks: &[Block], path: &str, out: &mut Vec<Diagnostic>) {
    // Last number seen per level (index 0 = level 1), reset when a shallower heading comes.
    let mut last: [Option<u32>; 5] = [None; 5];
    // Khoản inside an article (`1.`) are the legal structure's, not headings (see `legal`).
    let mut structure = text::Structure::default();
    for (i, b) in blocks.iter().enumerate() {
        let lines: Vec<String> = match b {
            Block::Text(t) => vn::normalize(t).lines().map(str::to_string).collect(),
            Block::Explicit(ExplicitBlock::Muc(h)) => vec![h.text.clone()],
            Block::Explicit(ExplicitBlock::Dieu(_)) => {
                structure.enter_article();
                continue;
            }
            Block::Explicit(ExplicitBlock::Phan(_) | ExplicitBlock::Chuong(_) | ExplicitBlock::MucChuong(_) | ExplicitBlock::TieuMuc(_)) => {
                structure.leave_article();
                continue;
            }
            _ => continue,
        };
        for line in lines {
            if structure.line(line.trim()).is_some() {
                continue;
            }
            let (LineKind::Heading { level, number }, _) = text::classify(line.trim()) else { continue };
            let inner = number.trim_end_matches('.');
            let value = vn::parse_roman(inner).or_else(|| inner.rsplit('.').next().and_then(|x| x.parse().ok()));
            let Some(value) = value else { continue };
            let l = usize::from(level - 1);
            let expected = last[l].map_or(1, |v| v + 1);
            if value != expected {
                let what = if last[l] == Some(value) { "repeats" } else { "skips" };
                let exp = if level == 1 { vn::roman(expected) } else { expected.to_string() };
                out.push(
                    Diagnostic::warning(
                        "heading-order",
                        format!("heading `{}` {what} a number: expected {exp} here", line.trim().chars().take(40).collect::<String>()),
                    )
                    .at(format!("{path}[{i}]"))
                    .hint("rendered as written; renumber if this is not intended"),
                );
            }
            last[l] = Some(value);
            for deeper in last.iter_mut().skip(l + 1) {
                *deeper = None;
            }
        }
    }
}

/// The kind code in a symbol (`KH-SGDĐT`) against the document's kind: a công văn's symbol has
/// none, another kind's starts with its code (`KHLT` in a joint document). The error, with a
/// hint; the caller places it.
pub fn symbol_kind(kind: &vn::Kind, sym: &str, joint: bool) -> Option<Diagnostic> {
    let groups: Vec<&str> = sym.split('-').collect();
    let first = groups.first().copied().unwrap_or("");
    let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && k.code == first);
    if kind.is_cong_van() {
        let k = code_kind?;
        return Some(
            Diagnostic::error("symbol-kind", format!("a công văn's symbol has no kind code, but `{sym}` starts with `{}` ({})", k.code, k.name)).hint(format!(
                "write `{}` or set \"loai\" to \"{}\"",
                groups[1..].join("-"),
                k.id
            )),
        );
    }
    if first == kind.code || (joint && first == format!("{}LT", kind.code)) {
        return None;
    }
    Some(Diagnostic::error("symbol-kind", format!("the symbol `{sym}` does not start with `{}`, the code of {}", kind.code, kind.name)).hint(match code_kind {
        Some(k) => format!("`{}` is the code of {}: fix the symbol or set \"loai\" to \"{}\"", k.code, k.name, k.id),
        None => format!("a {} has the symbol `{}-<issuer>`", kind.name, kind.code),
    }))
}

/// The last entry of Nơi nhận is the Lưu line: `Lưu: VT, <drafting unit>[, <copies>].`
pub fn is_luu_line(entry: &str) -> bool {
    entry.starts_with("Lưu:") && entry.contains("VT")
}

/// The numbering of the legal structure (ND30: Phần, Chương, Mục, Tiểu mục, Điều, khoản,
/// điểm): parts and chapters run through the document, a Mục restarts in each chapter and a
/// Tiểu mục in each Mục; articles run through the whole document, across chapters; khoản
/// restart at 1 in each article, điểm at `a)` in each khoản, in Vietnamese letter order. A
/// skipped or repeated number is a warning, printed as written.
fn legal(blocks: &[Block], path: &str, out: &mut Vec<Diagnostic>) {
    use text::{Division, Legal};
    let mut structure = text::Structure::default();
    let mut divisions: [Option<u32>; 4] = [None; 4];
    let (mut article, mut clause, mut point): (Option<u32>, Option<u32>, Option<u32>) = (None, None, None);
    let mut warn = |what: String, expected: String, at: String| {
        out.push(
            Diagnostic::warning("legal-order", format!("{what}: expected {expected} here"))
                .at(at)
                .hint("rendered as written; renumber if this is not intended"),
        );
    };
    for (i, b) in blocks.iter().enumerate() {
        let here = format!("{path}[{i}]");
        let found: Vec<(Legal, String)> = match b {
            Block::Text(t) => vn::normalize(t).lines().filter_map(|l| structure.line(l.trim()).map(|k| (k, l.trim().chars().take(40).collect()))).collect(),
            Block::Explicit(e) => {
                let div = |d: Division, x: &crate::model::Division| {
                    let n = if d.roman() { vn::parse_roman(x.so.trim()) } else { x.so.trim().parse().ok() };
                    n.map(|n| (Legal::Division(d, n), format!("{} {}", d.word(), x.so.trim())))
                };
                let one = match e {
                    ExplicitBlock::Phan(x) => div(Division::Phan, x),
                    ExplicitBlock::Chuong(x) => div(Division::Chuong, x),
                    ExplicitBlock::MucChuong(x) => div(Division::Muc, x),
                    ExplicitBlock::TieuMuc(x) => div(Division::TieuMuc, x),
                    ExplicitBlock::Dieu(a) => Some((Legal::Article { number: a.so, titled: true }, format!("Điều {}.", a.so))),
                    _ => None,
                };
                match &one {
                    Some((Legal::Article { .. }, _)) => structure.enter_article(),
                    Some(_) => structure.leave_article(),
                    None => {}
                }
                one.into_iter().collect()
            }
        };
        for (kind, line) in found {
            match kind {
                Legal::Division(d, n) => {
                    let k = Division::ALL.iter().position(|x| *x == d).unwrap_or(0);
                    let expected = divisions[k].map_or(1, |v| v + 1);
                    if n != expected {
                        let e = if d.roman() { vn::roman(expected) } else { expected.to_string() };
                        warn(
                            format!("`{line}` {} a number", if divisions[k] == Some(n) { "repeats" } else { "skips" }),
                            format!("{} {e}", d.word()),
                            here.clone(),
                        );
                    }
                    divisions[k] = Some(n);
                    // A Mục restarts in each chapter, a Tiểu mục in each Mục.
                    for inner in divisions.iter_mut().skip(k + 1).filter(|_| k >= 1) {
                        *inner = None;
                    }
                }
                Legal::Article { number, .. } => {
                    let expected = article.map_or(1, |v| v + 1);
                    if number != expected {
                        warn(
                            format!("`{line}` {} an article number", if article == Some(number) { "repeats" } else { "skips" }),
                            format!("Điều {expected}."),
                            here.clone(),
                        );
                    }
                    article = Some(number);
                    (clause, point) = (None, None);
                }
                Legal::Clause(n) => {
                    let expected = clause.map_or(1, |v| v + 1);
                    if n != expected {
                        warn(format!("khoản `{line}` of Điều {} is out of order", article.unwrap_or(0)), format!("{expected}."), here.clone());
                    }
                    clause = Some(n);
                    point = None;
                }
                Legal::Point(n) => {
                    let expected = point.map_or(1, |v| v + 1);
                    if n != expected {
                        let letter = text::POINT_LETTERS.get(expected as usize - 1).copied().unwrap_or('?');
                        warn(
                            format!("điểm `{line}` of Điều {} is out of the letters' order (a, b, c, d, đ, e, g, …)", article.unwrap_or(0)),
                            format!("{letter})"),
                            here.clone(),
                        );
                    }
                    point = Some(n);
                }
            }
        }
    }
}

/// The byte offset of the value at a JSON path such as `noi_dung[3].bang.cot` in `text`,
/// which must be valid JSON. `None` if the path does not exist.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let segs = segments(path)?;
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    for seg in segs {
        match (seg, b.get(pos)?) {
            (Seg::Key(k), b'{') => {
                pos = skip_ws(b, pos + 1);
                loop {
                    if b.get(pos)? == &b'}' {
                        return None;
                    }
                    let end = string_end(b, pos)?;
                    let name: String = serde_json::from_str(&text[pos..end]).ok()?;
                    pos = skip_ws(b, end);
                    pos = skip_ws(b, pos + 1); // ':'
                    if name == k {
                        break;
                    }
                    pos = skip_ws(b, value_end(b, pos)?);
                    if b.get(pos)? == &b',' {
                        pos = skip_ws(b, pos + 1);
                    }
                }
            }
            (Seg::Index(i), b'[') => {
                pos = skip_ws(b, pos + 1);
                for _ in 0..i {
                    if b.get(pos)? == &b']' {
                        return None;
                    }
                    pos = skip_ws(b, value_end(b, pos)?);
                    if b.get(pos)? == &b',' {
                        pos = skip_ws(b, pos + 1);
                    }
                }
                if b.get(pos)? == &b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(pos)
}

/// The byte offset of the `index`-th character of the JSON string literal at `start` in
/// `text` (escapes such as `\u000c` count as the one character they stand for).
pub fn char_offset(text: &str, start: usize, index: usize) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(start)? != &b'"' {
        return None;
    }
    let mut i = start + 1;
    let mut n = 0;
    while i < b.len() && b[i] != b'"' {
        if n == index {
            return Some(i);
        }
        i += match b[i] {
            // A surrogate pair `\ud83d\ude00` is one character.
            b'\\'
                if b.get(i + 1) == Some(&b'u')
                    && text.get(i + 2..i + 4).is_some_and(|h| {
                        h.eq_ignore_ascii_case("d8") || h.eq_ignore_ascii_case("d9") || h.eq_ignore_ascii_case("da") || h.eq_ignore_ascii_case("db")
                    }) =>
            {
                12
            }
            b'\\' if b.get(i + 1) == Some(&b'u') => 6,
            b'\\' => 2,
            _ => text[i..].chars().next()?.len_utf8(),
        };
        n += 1;
    }
    None
}

/// A step of a JSON path: a field or an array index.
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// The steps of a JSON path such as `noi_dung[3].bang.cot`; `None` if it is malformed.
pub(crate) fn segments(path: &str) -> Option<Vec<Seg>> {
    let mut segs: Vec<Seg> = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(k) => (&part[..k], &part[k..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            segs.push(Seg::Key(key.to_string()));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            segs.push(Seg::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
    }
    Some(segs)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

fn string_end(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start)? != &b'"' {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the JSON value starting at `start`.
fn value_end(b: &[u8], start: usize) -> Option<usize> {
    match b.get(start)? {
        b'"' => string_end(b, start),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = start;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = start;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_paths() {
        let t = "{\n  \"a\": 1,\n  \"b\": [\"x\", {\"c\": [1, 2, \"é\\\"]\"]}],\n  \"d\": {\"e\": true}\n}";
        let at = |p| locate(t, p).map(|o| crate::diag::line_col(t, o));
        assert_eq!(at("a"), Some((2, 8)));
        assert_eq!(at("b[1].c[2]"), Some((3, 27)));
        assert_eq!(at("d.e"), Some((4, 14)));
        assert_eq!(at("b[5]"), None);
        assert_eq!(at("zz"), None);
    }

    #[test]
    fn character_offsets_in_string_literals() {
        let t = r#"{"a": "xé\u000by\ud83d\ude00z"}"#;
        let start = locate(t, "a").unwrap();
        let at = |k| char_offset(t, start, k).map(|o| &t[o..o + 1]);
        assert_eq!(at(0), Some("x"));
        assert_eq!(at(2), Some("\\"));
        assert_eq!(at(3), Some("y"));
        assert_eq!(at(5), Some("z"));
        assert_eq!(at(6), None);
    }
}
