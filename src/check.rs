//! ND30 rules that the types cannot express. Each rule gives a [`Diagnostic`] with a code,
//! the JSON path it is about and a hint; `locate` then turns the path into a line and
//! column of the source file.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{Authority, Block, Document, ExplicitBlock};
use crate::profile::Profile;
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
pub fn check(doc: &Document, today: NaiveDate, profile: &Profile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let kind = vn::find_kind(&doc.loai);
    // The date: compose reports one that is not a date; here, one in the future.
    out.extend(future_date(&doc.ngay, today));
    if let Some(kind) = kind {
        symbol(doc, kind, &mut out);
        summary(doc, kind, &mut out);
    }
    // The signing authority, of each signer.
    for (at, sig) in doc.ky.with_paths() {
        signer(doc, &at, sig, &mut out);
    }
    signers(doc, kind, &mut out);
    forms(doc, kind, &mut out);
    recipients_list(doc, kind, &mut out);
    upper_case(doc, &mut out);
    characters(doc, &mut out);
    citations(doc, crate::law::table(), &mut out);
    letterhead_lines(doc, profile, &mut out);
    place_name(doc, &mut out);
    body(doc, &mut out);
    out
}

/// The symbol (`ky_hieu`) of a document of `kind`: its kind's code where it should be (see
/// [`symbol_kind`]), and the issuer's abbreviation in its place.
fn symbol(doc: &Document, kind: &vn::Kind, out: &mut Vec<Diagnostic>) {
    let n = |s: &str| vn::normalize(s.trim());
    let Some(sym) = doc.ky_hieu.as_deref().map(n) else { return };
    // No issuing body (a report made by a person or a collective): no abbreviation to find;
    // compose reports a body missing where the kind needs one.
    let issuer = doc.co_quan.as_ref().map(|c| n(&c.viet_tat)).unwrap_or_default();
    let groups: Vec<&str> = sym.split('-').collect();
    let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && Some(k.code) == groups.first().copied());
    match symbol_kind(kind, &sym, !doc.lien_tich.is_empty()) {
        Some(SymbolFault::CongVanCoded(k)) => out.push(
            Diagnostic::error(Msg::SymbolKindCongVan {
                symbol: sym.clone(),
                code: k.code.into(),
                name: k.name.into(),
                fixed: groups[1..].join("-"),
                id: k.id.into(),
            })
            .at("ky_hieu"),
        ),
        Some(SymbolFault::NotItsCode(other)) => out.push(
            Diagnostic::error(match other {
                Some(k) => Msg::SymbolKindOther {
                    symbol: sym.clone(),
                    code: kind.code.into(),
                    name: kind.name.into(),
                    other: k.code.into(),
                    other_name: k.name.into(),
                    other_id: k.id.into(),
                },
                None => Msg::SymbolKind {
                    symbol: sym.clone(),
                    code: kind.code.into(),
                    name: kind.name.into(),
                    computed: vn::computed_symbol(kind, &issuer, doc.don_vi_soan_thao.as_deref()),
                },
            })
            .at("ky_hieu"),
        ),
        None => {}
    }
    // The issuer group: the first group after the kind code (or the first for a công văn).
    let issuer_group = if kind.is_cong_van() { groups.first() } else { groups.get(1) };
    if let Some(g) = issuer_group {
        if *g != issuer && code_kind.is_none_or(|_| !kind.is_cong_van()) {
            out.push(Diagnostic::warning(Msg::UnknownAbbreviation { group: g.to_string(), issuer: issuer.clone() }).at("ky_hieu"));
        }
    }
}

/// The trích yếu of a document of `kind`: a công văn's `V/v …` (with its rules on the symbol's
/// drafting unit and on Kính gửi, see [`cong_van`]), another kind's summary line (the forms
/// and the Biên bản have none).
fn summary(doc: &Document, kind: &vn::Kind, out: &mut Vec<Diagnostic>) {
    if kind.is_cong_van() {
        cong_van(doc, out);
    } else if doc.trich_yeu.as_deref().is_none_or(|t| t.trim().is_empty()) && !matches!(kind.id, "giay-moi" | "giay-gioi-thieu" | "giay-nghi-phep" | "bien-ban")
    {
        out.push(Diagnostic::warning(Msg::MissingSummary { kind: kind.name.into() }).at("trich_yeu"));
    }
}

/// A công văn's rules: its trích yếu starts `V/v `, its symbol is `<issuer>-<drafting unit or
/// field>`, it has Kính gửi.
fn cong_van(doc: &Document, out: &mut Vec<Diagnostic>) {
    let n = |s: &str| vn::normalize(s.trim());
    match doc.trich_yeu.as_deref().map(n) {
        None => out.push(Diagnostic::error(Msg::CongVanVvMissing).at("trich_yeu")),
        Some(t) if !t.starts_with("V/v ") => out.push(Diagnostic::warning(Msg::CongVanVv { start: t.chars().take(12).collect() }).at("trich_yeu")),
        _ => {}
    }
    let symbol = doc.ky_hieu.as_deref().map(n);
    let unit_missing = match &symbol {
        Some(sym) => !sym.contains('-'),
        None => doc.don_vi_soan_thao.as_deref().is_none_or(|u| u.trim().is_empty()),
    };
    if unit_missing {
        // Without a symbol, the one computed from the issuer's abbreviation (none without an
        // issuing body, which compose reports).
        let sym = symbol.unwrap_or_else(|| doc.co_quan.as_ref().map(|c| n(&c.viet_tat)).unwrap_or_default());
        out.push(Diagnostic::warning(Msg::CongVanUnit { symbol: sym.to_string() }).at(if doc.ky_hieu.is_some() { "ky_hieu" } else { "don_vi_soan_thao" }));
    }
    if doc.kinh_gui.is_empty() {
        out.push(Diagnostic::error(Msg::CongVanKinhGui).at("kinh_gui"));
    }
}

/// Nơi nhận ends with `Lưu: VT, …` (a form made by a person, with no issuer, or one with a
/// confirmation area in its place has none), ô 12 under it (see [`release`]), and a công
/// văn's starts with `Như trên`; a report made by a person has no number.
fn recipients_list(doc: &Document, kind: Option<&vn::Kind>, out: &mut Vec<Diagnostic>) {
    let form = doc.co_quan.is_none() || doc.xac_nhan.is_some();
    if doc.xac_nhan.is_some() && !doc.noi_nhan.is_empty() {
        out.push(Diagnostic::error(Msg::XacNhanNoiNhan).at("xac_nhan"));
    }
    if doc.co_quan.is_none() && kind.is_some_and(|k| k.id == "bao-cao") && (doc.so.is_some() || doc.ky_hieu.is_some()) {
        out.push(Diagnostic::error(Msg::FormNumber).at(if doc.so.is_some() { "so" } else { "ky_hieu" }));
    }
    if !form {
        out.extend(noi_nhan(&doc.noi_nhan));
    }
    release(doc, out);
    if kind.is_some_and(|k| k.is_cong_van()) && doc.noi_nhan.first().is_some_and(|f| !vn::normalize(f.trim()).starts_with("Như trên")) {
        out.push(Diagnostic::warning(Msg::NoiNhanNhuTren).at("noi_nhan[0]"));
    }
}

/// Ô 12: the drafter's initials (letters, upper case) under Nơi nhận, the copies issued and
/// kept (not zero), the copies kept on the Lưu line, which must be there to carry them.
fn release(doc: &Document, out: &mut Vec<Diagnostic>) {
    let n = |s: &str| vn::normalize(s.trim());
    let Some(r) = &doc.phat_hanh else { return };
    let initials = n(&r.nguoi_soan);
    if initials.is_empty() || !initials.chars().all(|c| c.is_alphabetic() || c == '.') {
        out.push(Diagnostic::error(Msg::DrafterLetters { initials: initials.to_string() }).at("phat_hanh.nguoi_soan"));
    } else if !vn::is_upper(&initials) {
        out.push(Diagnostic::warning(Msg::DrafterUpper { initials: initials.to_string() }).at("phat_hanh.nguoi_soan"));
    }
    if r.so_ban == Some(0) {
        out.push(Diagnostic::error(Msg::CopiesIssuedZero).at("phat_hanh.so_ban"));
    }
    if r.ban_luu == Some(0) {
        out.push(Diagnostic::error(Msg::CopiesKeptZero).at("phat_hanh.ban_luu"));
    }
    if r.ban_luu.is_some() && !doc.noi_nhan.last().is_some_and(|l| n(l).starts_with("Lưu:")) {
        out.push(Diagnostic::error(Msg::CopiesKeptNoLuu).at("phat_hanh.ban_luu"));
    }
}

/// Upper case where the layout needs it (the renderer fixes it, so a warning): the letterhead's
/// bodies, the signers' titles and whom they sign for, the appendices' titles.
fn upper_case(doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut upper = |value: &str, path: String, what: fn(String) -> Msg| {
        if !vn::is_upper(value) {
            out.push(Diagnostic::warning(what(value.to_string())).at(path));
        }
    };
    if let Some(c) = &doc.co_quan {
        for (i, l) in c.chu_quan.iter().enumerate() {
            upper(l, format!("co_quan.chu_quan[{i}]"), |value| Msg::UpperParent { value });
        }
        for (i, l) in c.ten.iter().enumerate() {
            upper(l, format!("co_quan.ten[{i}]"), |value| Msg::UpperIssuer { value });
        }
    }
    for (at, sig) in doc.ky.with_paths() {
        upper(&sig.chuc_vu, format!("{at}.chuc_vu"), |value| Msg::UpperTitle { value });
        if let Some(t) = &sig.thay_mat {
            upper(t, format!("{at}.thay_mat"), |value| Msg::UpperSignedFor { value });
        }
    }
    for (i, a) in doc.phu_luc.iter().enumerate() {
        upper(&a.ten, format!("phu_luc[{i}].ten"), |value| Msg::UpperAppendix { value });
    }
}

/// The body's and each appendix's headings and legal structure, and the body's closing `./.`
/// (a Biên bản's closing line, printed after it, has one).
fn body(doc: &Document, out: &mut Vec<Diagnostic>) {
    headings(&doc.noi_dung, "noi_dung", out);
    legal(&doc.noi_dung, "noi_dung", out);
    for (i, a) in doc.phu_luc.iter().enumerate() {
        headings(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), out);
        legal(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), out);
    }
    let closed_by_form = doc.bien_ban.is_some() || doc.gioi_thieu.is_some() || doc.nghi_phep.is_some();
    if let Some(last) = last_text(&doc.noi_dung).filter(|_| !closed_by_form) {
        if !last.trim_end().ends_with("./.") {
            out.push(Diagnostic::warning(Msg::Closing).at(format!("noi_dung[{}]", doc.noi_dung.len() - 1)));
        }
    }
}

/// The rules of one signer's block, found at `at` (`ky`, `ky[1]`).
fn signer(doc: &Document, at: &str, sig: &crate::model::Signature, out: &mut Vec<Diagnostic>) {
    let n = |s: &str| vn::normalize(s.trim());
    match sig.hinh_thuc {
        Some(Authority::KT) if vn::upper(&n(&sig.chuc_vu)) == vn::upper(&n(sig.thay_mat.as_deref().unwrap_or(""))) => {
            out.push(Diagnostic::error(Msg::SignatureKt).at(format!("{at}.chuc_vu")));
        }
        Some(Authority::TM) => {
            let over = vn::upper(&n(sig.thay_mat.as_deref().unwrap_or("")));
            if PERSONAL_TITLES.contains(&over.as_str()) {
                out.push(Diagnostic::warning(Msg::SignatureTm { over: over.to_string() }).at(format!("{at}.thay_mat")));
            }
        }
        Some(Authority::Q) if sig.thay_mat.is_some() => {
            out.push(Diagnostic::warning(Msg::SignatureQ).at(format!("{at}.thay_mat")));
        }
        _ => {}
    }
    // A form (no issuer) may leave the name to be written by hand.
    if sig.ho_ten.trim().is_empty() && doc.co_quan.is_some() {
        out.push(Diagnostic::warning(Msg::SignerName).at(format!("{at}.ho_ten")));
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
        out.push(Diagnostic::error(kind.map_or(Msg::BienBanKindNone, |k| Msg::BienBanKind { kind: k.name.into() })).at("bien_ban"));
    }
    if minutes {
        if doc.bien_ban.is_none() {
            out.push(Diagnostic::warning(Msg::BienBanParts).at("bien_ban"));
        }
        let secretary = doc.ky.with_paths().find(|(_, s)| is_secretary(s));
        match secretary {
            None => out.push(Diagnostic::error(Msg::BienBanThuKy).at("ky")),
            Some((at, _)) if doc.ky.len() < 2 || is_secretary(doc.ky.principal()) => out.push(Diagnostic::error(Msg::BienBanChuToa).at(at)),
            Some(_) => {}
        }
    }
    let agencies = 1 + doc.lien_tich.len();
    if !doc.lien_tich.is_empty() && doc.ky.len() != agencies {
        out.push(Diagnostic::error(Msg::LienTichSigners { agencies, signers: doc.ky.len() }).at("ky"));
    }
    if !doc.lien_tich.is_empty() && doc.co_quan.is_none() {
        out.push(Diagnostic::error(Msg::LienTich).at("lien_tich"));
    }
}

/// The parts of the forms (Công điện, Giấy giới thiệu, Giấy nghỉ phép) belong to their kind,
/// and each of those kinds has its own.
fn forms(doc: &Document, kind: Option<&vn::Kind>, out: &mut Vec<Diagnostic>) {
    let id = kind.map_or("", |k| k.id);
    for (field, given, owner, owner_name) in [
        ("dien", doc.dien.is_some(), "cong-dien", "Công điện"),
        ("gioi_thieu", doc.gioi_thieu.is_some(), "giay-gioi-thieu", "Giấy giới thiệu"),
        ("nghi_phep", doc.nghi_phep.is_some(), "giay-nghi-phep", "Giấy nghỉ phép"),
    ] {
        if given && id != owner {
            out.push(
                Diagnostic::error(match kind {
                    Some(k) => Msg::FormField { field: field.into(), owner_name: owner_name.into(), name: k.name.into(), owner: owner.into() },
                    None => Msg::FormFieldNone { field: field.into(), owner_name: owner_name.into(), owner: owner.into() },
                })
                .at(field),
            );
        } else if !given && id == owner && kind.is_some() {
            let (owner_name, field_) = (owner_name.to_string(), field.to_string());
            let msg = match field {
                "dien" => Msg::FormPartsDien { owner_name, field: field_ },
                "gioi_thieu" => Msg::FormPartsGioiThieu { owner_name, field: field_ },
                _ => Msg::FormPartsNghiPhep { owner_name, field: field_ },
            };
            out.push(Diagnostic::warning(msg).at(field));
        }
    }
    if id == "cong-dien" && doc.dien.is_some() && doc.kinh_gui.is_empty() {
        out.push(Diagnostic::error(Msg::CongDienRecipients).at("kinh_gui"));
    }
}

/// Characters that do not belong in the text (controls, bidi and invisible characters,
/// which [`vn::normalize`] removes or turns into breaks) and characters the fonts cannot
/// print, each string's at once, at the string's path and the first one's place in it.
fn characters(doc: &Document, out: &mut Vec<Diagnostic>) {
    let Ok(value) = serde_json::to_value(doc) else { return };
    let coverage = crate::metrics::coverage();
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
            let msg = match kind {
                vn::Unwanted::ParagraphBreak => Msg::ParagraphBreak { list },
                vn::Unwanted::Tab => Msg::TabChar { list },
                vn::Unwanted::Control => Msg::ControlChar { list },
                vn::Unwanted::Bidi => Msg::BidiChar { list },
                vn::Unwanted::Invisible => Msg::InvisibleChar { list },
                vn::Unwanted::LineBreak => continue,
            };
            let mut d = Diagnostic::warning(msg).at(path);
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
            let mut d = Diagnostic::error(Msg::MissingGlyph { list }).at(path);
            d.within = raw.chars().position(|c| c == *first);
            out.push(d);
        }
    });
}

/// Citations of legal texts that had ceased to have effect on the document's date (its first
/// possible day, when the day or month is left blank), in the Căn cứ lines, the summary and
/// the body, each at its place, naming what replaced it (`law::Table`).
pub fn citations(doc: &Document, table: &crate::law::Table, out: &mut Vec<Diagnostic>) {
    // A date that is not one is compose's to report; without it, nothing is stale.
    let Some((y, m, d)) = crate::vn::parse_date(&doc.ngay) else { return };
    let Some(date) = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1)) else { return };
    // A Document is strings, numbers and maps with string keys: it always becomes JSON.
    let Ok(value) = serde_json::to_value(doc) else { return };
    for key in ["can_cu", "trich_yeu", "noi_dung", "phu_luc"] {
        let Some(v) = value.get(key) else { continue };
        walk_strings(v, &mut key.to_string(), &mut |path, raw| {
            for s in crate::law::stale_citations(table, raw, date) {
                // Never empty: a stale citation is of a text that ceased (`stale_citations`).
                let end = s.cited.het_hieu_luc.map(|e| e.format("%d/%m/%Y").to_string()).unwrap_or_default();
                let (cited, date) = (s.cited.ten.to_string(), doc.ngay.clone());
                let msg = match s.replaced_by {
                    Some(r) => Msg::ExpiredLawReplaced { cited, end, date, replacement: r.ten.to_string(), can_cu: r.can_cu.to_string() },
                    None => Msg::ExpiredLaw { cited, end, date },
                };
                let mut d = Diagnostic::warning(msg).at(path);
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
fn letterhead_lines(doc: &Document, p: &Profile, out: &mut Vec<Diagnostic>) {
    // The leading agency's lines, and each joint issuer's name (văn bản liên tịch).
    let mut all: Vec<(String, &Vec<String>, f64, bool)> = Vec::new();
    if let Some(c) = &doc.co_quan {
        all.push(("co_quan.chu_quan".into(), &c.chu_quan, p.parent_size, false));
        all.push(("co_quan.ten".into(), &c.ten, p.issuer_size, true));
    }
    for (i, c) in doc.lien_tich.iter().enumerate() {
        all.push((format!("lien_tich[{i}].ten"), &c.ten, p.issuer_size, true));
    }
    let m = crate::metrics::Metrics;
    for (key, lines, size, bold) in all {
        for line in p.letterhead_lines(lines, size, bold).into_iter().filter(|l| l.printed.len() > 1) {
            let (text, broken) = (line.text, line.printed);
            out.push(
                Diagnostic::warning(Msg::LetterheadLine {
                    width: format!("{:.0}", m.width_mm(&text, size, bold, false)),
                    text,
                    column: format!("{:.0}", p.letterhead_line_mm()),
                    printed: broken.join(" / "),
                    count: broken.len(),
                    entries: broken.iter().map(|b| format!("\"{b}\"")).collect::<Vec<_>>().join(", "),
                })
                .at(format!("{key}[{}]", line.entry)),
            );
        }
    }
}

/// The date line's place name: under a letterhead the line is “<địa danh>, ngày … tháng …
/// năm …” (ND30, Phụ lục I); an empty one prints “Ngày …” without a place, which the clerk
/// does not see until it is printed. Only a report without an issuer (a person's or a
/// collective's) has none.
fn place_name(doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.co_quan.is_some() && vn::normalize(&doc.dia_danh).trim().is_empty() {
        out.push(Diagnostic::warning(Msg::MissingPlace).at("dia_danh"));
    }
}

/// The last line of text of `blocks`, where it ends in text (not a table or a chart).
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
                let exp = if level == 1 { vn::roman(expected) } else { expected.to_string() };
                let heading: String = line.trim().chars().take(40).collect();
                let msg = if last[l] == Some(value) { Msg::HeadingRepeats { heading, expected: exp } } else { Msg::HeadingSkips { heading, expected: exp } };
                out.push(Diagnostic::warning(msg).at(format!("{path}[{i}]")));
            }
            last[l] = Some(value);
            for deeper in last.iter_mut().skip(l + 1) {
                *deeper = None;
            }
        }
    }
}

/// What is wrong with the kind code of a symbol, by [`symbol_kind`].
#[derive(Debug, Clone, Copy)]
pub enum SymbolFault {
    /// A công văn's symbol has no kind code, but this one starts with that kind's.
    CongVanCoded(&'static vn::Kind),
    /// Another kind's symbol does not start with its code; the kind whose code it starts with, if any.
    NotItsCode(Option<&'static vn::Kind>),
}

/// The kind code in a symbol (`KH-SGDĐT`) against the document's kind: a công văn's symbol has
/// none, another kind's starts with its code (`KHLT` in a joint document). `None` when right;
/// the caller words and places the finding.
pub fn symbol_kind(kind: &vn::Kind, sym: &str, joint: bool) -> Option<SymbolFault> {
    let first = sym.split('-').next().unwrap_or("");
    let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && k.code == first);
    if kind.is_cong_van() {
        return code_kind.map(SymbolFault::CongVanCoded);
    }
    if first == kind.code || (joint && first == format!("{}LT", kind.code)) {
        return None;
    }
    Some(SymbolFault::NotItsCode(code_kind))
}

/// The date a document or a copy bears (`ngay`, `YYYY-MM-DD`, or a month or a year), against
/// `today`: one in the future is a warning — a draft may be dated the day it is to be signed.
/// A date that is not one is compose's to report.
pub fn future_date(date: &str, today: NaiveDate) -> Option<Diagnostic> {
    let (y, m, d) = vn::parse_date(date)?;
    let first = NaiveDate::from_ymd_opt(y, m.unwrap_or(1), d.unwrap_or(1))?;
    (first > today).then(|| Diagnostic::warning(Msg::FutureDate { date: date.to_string() }).at("ngay"))
}

/// Nơi nhận (`noi_nhan`) of a document or a copy: it ends with the Lưu line ([`is_luu_line`]),
/// an error otherwise; none at all is a warning. (A form made by a person, or one with a
/// confirmation area in its place, has none: the caller does not ask.)
pub fn noi_nhan(list: &[String]) -> Option<Diagnostic> {
    match list.last().map(|s| vn::normalize(s.trim())) {
        None => Some(Diagnostic::warning(Msg::NoiNhan).at("noi_nhan")),
        Some(last) if !is_luu_line(&last) => Some(Diagnostic::error(Msg::NoiNhanLuu { last }).at(format!("noi_nhan[{}]", list.len() - 1))),
        Some(_) => None,
    }
}

/// The rules of a copy's data (`render --copy-data`, ND30 art. 25–27), every problem at once
/// with its JSON path in the copy's data: the copying agency named, its abbreviation, the
/// number, the date (a date, not before `copied` — the date of the document copied — and, as a
/// document's, not in the future) and place, Nơi nhận as a document's.
pub fn check_copy(c: &crate::model::CopyData, copied: Option<NaiveDate>, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if c.co_quan.ten.iter().all(|l| l.trim().is_empty()) {
        out.push(Diagnostic::error(Msg::CopyAgencyNoName).at("co_quan.ten"));
    }
    if c.co_quan.viet_tat.trim().is_empty() {
        out.push(Diagnostic::error(Msg::CopyAbbreviation).at("co_quan.viet_tat"));
    }
    if let Some(so) = c.so.filter(|s| !(1..=9999).contains(s)) {
        out.push(Diagnostic::error(Msg::CopyBadNumber { number: so }).at("so"));
    }
    match vn::parse_day(&c.ngay) {
        None => out.push(Diagnostic::error(Msg::CopyBadDate { date: c.ngay.clone() }).at("ngay")),
        Some(d) if copied.is_some_and(|o| d < o) => {
            out.push(Diagnostic::error(Msg::CopyDate { date: c.ngay.clone(), original: copied.unwrap_or(d).to_string() }).at("ngay"))
        }
        Some(_) => out.extend(future_date(&c.ngay, today)),
    }
    if c.dia_danh.trim().is_empty() {
        out.push(Diagnostic::error(Msg::CopyPlace).at("dia_danh"));
    }
    out.extend(noi_nhan(&c.noi_nhan));
    out
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
    let mut warn = |msg: Msg, at: String| {
        out.push(Diagnostic::warning(msg).at(at));
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
                        let (line, expected) = (line.to_string(), format!("{} {e}", d.word()));
                        let msg = if divisions[k] == Some(n) { Msg::DivisionRepeats { line, expected } } else { Msg::DivisionSkips { line, expected } };
                        warn(msg, here.clone());
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
                        let (line, expected) = (line.to_string(), format!("Điều {expected}."));
                        let msg = if article == Some(number) { Msg::ArticleRepeats { line, expected } } else { Msg::ArticleSkips { line, expected } };
                        warn(msg, here.clone());
                    }
                    article = Some(number);
                    (clause, point) = (None, None);
                }
                Legal::Clause(n) => {
                    let expected = clause.map_or(1, |v| v + 1);
                    if n != expected {
                        warn(Msg::ClauseOrder { line: line.to_string(), article: article.unwrap_or(0), expected: format!("{expected}.") }, here.clone());
                    }
                    clause = Some(n);
                    point = None;
                }
                Legal::Point(n) => {
                    let expected = point.map_or(1, |v| v + 1);
                    if n != expected {
                        let letter = text::POINT_LETTERS.get(expected as usize - 1).copied().unwrap_or('?');
                        warn(Msg::PointOrder { line: line.to_string(), article: article.unwrap_or(0), expected: format!("{letter})") }, here.clone());
                    }
                    point = Some(n);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn copy(ngay: &str, noi_nhan: &[&str]) -> crate::model::CopyData {
        serde_json::from_value(serde_json::json!({
            "co_quan": {"ten": ["TRƯỜNG THPT A"], "viet_tat": "THPTA"},
            "dia_danh": "Quảng Ngãi",
            "ngay": ngay,
            "ky": {"chuc_vu": "Hiệu trưởng", "ho_ten": "Lê Văn B"},
            "noi_nhan": noi_nhan,
        }))
        .unwrap()
    }

    fn codes(ds: &[Diagnostic]) -> Vec<(crate::diag::Severity, &str, Option<&str>)> {
        ds.iter().map(|d| (d.severity, d.code, d.path.as_deref())).collect()
    }

    #[test]
    fn a_future_date_is_one_warning_for_documents_and_copies() {
        use crate::diag::Severity::Warning;
        let today = day(2026, 3, 5);
        assert!(future_date("2026-03-05", today).is_none());
        assert!(future_date("2026-03", today).is_none(), "a month that has begun");
        assert!(future_date("not a date", today).is_none(), "compose's to report");
        let d = future_date("2026-03-06", today).unwrap();
        assert_eq!((d.severity, d.code, d.path.as_deref()), (Warning, "future-date", Some("ngay")));
        assert!(future_date("2027", today).is_some());
        // A copy dated tomorrow: the same warning, nothing else.
        assert_eq!(codes(&check_copy(&copy("2026-03-06", &["Lưu: VT."]), Some(day(2026, 1, 2)), today)), vec![(Warning, "future-date", Some("ngay"))]);
    }

    #[test]
    fn noi_nhan_ends_with_luu_vt_for_documents_and_copies() {
        use crate::diag::Severity::{Error, Warning};
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(noi_nhan(&list(&["Như trên;", "Lưu: VT, VP."])).is_none());
        let d = noi_nhan(&list(&["Như trên;", "Lưu: HS."])).unwrap();
        assert_eq!((d.severity, d.code, d.path.as_deref()), (Error, "noi-nhan-luu", Some("noi_nhan[1]")));
        let d = noi_nhan(&[]).unwrap();
        assert_eq!((d.severity, d.code), (Warning, "noi-nhan"));
        // A copy is held to the same rule: `Lưu: HS.` has no VT.
        let today = day(2026, 3, 5);
        assert_eq!(codes(&check_copy(&copy("2026-03-01", &["Lưu: HS."]), None, today)), vec![(Error, "noi-nhan-luu", Some("noi_nhan[0]"))]);
        assert!(check_copy(&copy("2026-03-01", &["Lưu: VT."]), None, today).is_empty());
    }

    #[test]
    fn a_copy_is_not_older_than_what_it_copies() {
        use crate::diag::Severity::Error;
        let today = day(2026, 3, 5);
        assert_eq!(codes(&check_copy(&copy("2026-02-01", &["Lưu: VT."]), Some(day(2026, 2, 2)), today)), vec![(Error, "copy-date", Some("ngay"))]);
        assert_eq!(codes(&check_copy(&copy("01/02/2026", &["Lưu: VT."]), None, today)), vec![(Error, "bad-date", Some("ngay"))]);
    }

    #[test]
    fn letterhead_lines_warned_as_compose_breaks_them() {
        let p = Profile::default();
        let mut doc: Document =
            serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/ke-hoach-so-gddt-quang-ngai.json")).unwrap()).unwrap();
        let long = "TRUNG TÂM GIÁO DỤC NGHỀ NGHIỆP - GIÁO DỤC THƯỜNG XUYÊN HUYỆN SƠN TỊNH".to_string();
        doc.co_quan.as_mut().unwrap().ten = vec![long.clone()];
        let mut out = Vec::new();
        letterhead_lines(&doc, &p, &mut out);
        let printed = p.letterhead_lines(&[long], p.issuer_size, true);
        assert_eq!(printed.len(), 1);
        assert!(printed[0].printed.len() > 1, "{printed:?}");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path.as_deref(), Some("co_quan.ten[0]"));
        assert!(out[0].message.contains(&printed[0].printed.join(" / ")), "{}", out[0].message);
    }
}
