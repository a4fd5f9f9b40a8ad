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
    "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
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
        let issuer = n(&doc.co_quan.viet_tat);
        if let Some(sym) = &symbol {
            let groups: Vec<&str> = sym.split('-').collect();
            let first = groups.first().copied().unwrap_or("");
            let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && k.code == first);
            if kind.is_cong_van() {
                if let Some(k) = code_kind {
                    out.push(
                        Diagnostic::error("symbol-kind", format!("a công văn's symbol has no kind code, but `{sym}` starts with `{}` ({})", k.code, k.name))
                            .at("ky_hieu")
                            .hint(format!("write `{}` or set \"loai\" to \"{}\"", groups[1..].join("-"), k.id)),
                    );
                }
            } else if first != kind.code {
                out.push(
                    Diagnostic::error("symbol-kind", format!("the symbol `{sym}` does not start with `{}`, the code of {}", kind.code, kind.name))
                        .at("ky_hieu")
                        .hint(match code_kind {
                            Some(k) => format!("`{}` is the code of {}: fix the symbol or set \"loai\" to \"{}\"", k.code, k.name, k.id),
                            None => format!("leave \"ky_hieu\" out and vanban writes `{}`", crate::compose::computed_symbol(kind, &issuer, doc.don_vi_soan_thao.as_deref())),
                        }),
                );
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
            if doc.kinh_gui.is_empty() {
                out.push(
                    Diagnostic::error("cong-van-kinh-gui", "a công văn needs `Kính gửi:` recipients")
                        .at("kinh_gui")
                        .hint("e.g. \"kinh_gui\": [\"Các cơ sở giáo dục trên địa bàn tỉnh.\"]"),
                );
            }
        } else if doc.trich_yeu.as_deref().is_none_or(|t| t.trim().is_empty()) && !matches!(kind.id, "giay-moi" | "giay-gioi-thieu" | "giay-nghi-phep" | "bien-ban") {
            out.push(Diagnostic::warning("missing-summary", format!("a {} usually has a trích yếu under its kind", kind.name)).at("trich_yeu"));
        }
    }

    // The signing authority.
    let sig = &doc.ky;
    match sig.hinh_thuc {
        Some(Authority::KT) if vn::upper(&n(&sig.chuc_vu)) == vn::upper(&n(sig.thay_mat.as_deref().unwrap_or(""))) => {
            out.push(
                Diagnostic::error("signature-kt", "with `KT.` the signer's own title must differ from the title signed for")
                    .at("ky.chuc_vu")
                    .hint("e.g. thay_mat \"GIÁM ĐỐC\", chuc_vu \"PHÓ GIÁM ĐỐC\""),
            );
        }
        Some(Authority::TM) => {
            let over = vn::upper(&n(sig.thay_mat.as_deref().unwrap_or("")));
            if PERSONAL_TITLES.contains(&over.as_str()) {
                out.push(
                    Diagnostic::warning("signature-tm", format!("`TM.` signs on behalf of a collective body, not `{over}`"))
                        .at("ky.thay_mat")
                        .hint("use `KT.` for a deputy signing for the head, or name the body (e.g. \"ỦY BAN NHÂN DÂN\")"),
                );
            }
        }
        Some(Authority::Q) if sig.thay_mat.is_some() => {
            out.push(
                Diagnostic::warning("signature-q", "`Q.` (acting head) prints `Q. <chuc_vu>`; `thay_mat` is not used")
                    .at("ky.thay_mat")
                    .hint("remove thay_mat"),
            );
        }
        _ => {}
    }
    if sig.ho_ten.trim().is_empty() {
        out.push(Diagnostic::warning("signer-name", "the signer has no name").at("ky.ho_ten"));
    }

    // Nơi nhận ends with `Lưu: VT, …`.
    match doc.noi_nhan.last().map(|s| n(s)) {
        None => out.push(
            Diagnostic::warning("noi-nhan", "no Nơi nhận")
                .at("noi_nhan")
                .hint("list the recipients and end with \"Lưu: VT, <unit>.\""),
        ),
        Some(last) if !(last.starts_with("Lưu:") && last.contains("VT")) => out.push(
            Diagnostic::error("noi-nhan-luu", format!("Nơi nhận ends with `{last}`, not `Lưu: VT, …`"))
                .at(format!("noi_nhan[{}]", doc.noi_nhan.len() - 1))
                .hint("add \"Lưu: VT, <drafting unit>.\" as the last entry"),
        ),
        _ => {}
    }
    if kind.is_some_and(|k| k.is_cong_van()) && doc.noi_nhan.first().is_some_and(|f| !n(f).starts_with("Như trên")) {
        out.push(
            Diagnostic::warning("noi-nhan-nhu-tren", "a công văn's Nơi nhận starts with `Như trên;`")
                .at("noi_nhan[0]"),
        );
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
    for (i, l) in doc.co_quan.chu_quan.iter().enumerate() {
        upper(l, format!("co_quan.chu_quan[{i}]"), "the parent body");
    }
    for (i, l) in doc.co_quan.ten.iter().enumerate() {
        upper(l, format!("co_quan.ten[{i}]"), "the issuing body");
    }
    upper(&sig.chuc_vu, "ky.chuc_vu".into(), "the signer's title");
    if let Some(t) = &sig.thay_mat {
        upper(t, "ky.thay_mat".into(), "the title signed for");
    }
    for (i, a) in doc.phu_luc.iter().enumerate() {
        upper(&a.ten, format!("phu_luc[{i}].ten"), "the appendix title");
    }

    headings(&doc.noi_dung, "noi_dung", &mut out);
    for (i, a) in doc.phu_luc.iter().enumerate() {
        headings(&a.noi_dung, &format!("phu_luc[{i}].noi_dung"), &mut out);
    }

    // The body ends with `./.`.
    if let Some(last) = last_text(&doc.noi_dung) {
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

fn last_text(blocks: &[Block]) -> Option<String> {
    match blocks.last()? {
        Block::Text(t) => t.lines().rev().find(|l| !l.trim().is_empty()).map(str::to_string),
        Block::Explicit(ExplicitBlock::Doan(p)) => Some(p.0.text.clone()),
        Block::Explicit(ExplicitBlock::Gach(t) | ExplicitBlock::Cong(t)) => Some(t.clone()),
        _ => None,
    }
}

/// Numbering order: within each parent, headings of one level go 1, 2, 3 (I, II, III).
fn headings(blocks: &[Block], path: &str, out: &mut Vec<Diagnostic>) {
    // Last number seen per level (index 0 = level 1), reset when a shallower heading comes.
    let mut last: [Option<u32>; 5] = [None; 5];
    for (i, b) in blocks.iter().enumerate() {
        let lines: Vec<String> = match b {
            Block::Text(t) => vn::normalize(t).lines().map(str::to_string).collect(),
            Block::Explicit(ExplicitBlock::Muc(h)) => vec![h.text.clone()],
            _ => continue,
        };
        for line in lines {
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

/// The byte offset of the value at a JSON path such as `noi_dung[3].bang.cot` in `text`,
/// which must be valid JSON. `None` if the path does not exist.
pub fn locate(text: &str, path: &str) -> Option<usize> {
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

enum Seg {
    Key(String),
    Index(usize),
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
}
