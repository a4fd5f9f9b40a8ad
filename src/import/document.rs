//! A Word document ([`WordDocument`]) turned into vanban's document: the parts of the decree
//! recognised by what they say and where they are, the rest listed, never dropped silently.
//!
//! The document is read as offices write it: the letterhead in a borderless table, in text
//! boxes or as tab-aligned lines; the number, date, kind and trích yếu; Kính gửi; Căn cứ; the
//! body (headings by their numbering, typed or automatic; items; bold and italic runs;
//! tables); the signature block and Nơi nhận (in a table, tab-aligned or as paragraphs); the
//! appendices after a page break. Quốc hiệu and Tiêu ngữ are recognised and left out (vanban
//! prints them). A template's `{{…}}` placeholders are kept whole even when Word split them
//! across runs (the paragraph's text is read, not its runs), and in fields that are numbers
//! or dates they are kept as text for the template to merge.

use super::word::{self, Alignment, Item, Paragraph, VMerge, WordDocument};
use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
use crate::model::{self, Align, Appendix, Authority, Block, Cell, Document, ExplicitBlock, Issuer, Signature, Signers, StrOr, Table};
use crate::vn;
use serde::Serialize;

/// Something of the Word document that is not in the imported document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmapped {
    /// The paragraph's number (see [`Paragraph::index`]); 0 for a header or footer.
    pub paragraph: usize,
    /// Its text (shortened to 120 characters).
    pub text: String,
    /// Why it was not mapped (in the process's language when serialised).
    #[serde(serialize_with = "text_in_process_language")]
    pub why: Text,
}

fn text_in_process_language<S: serde::Serializer>(t: &Text, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_string())
}

impl Unmapped {
    /// The warning a person reads: the paragraph (or the document), why, and the text, in `file`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        let reason = Box::new(self.why.clone());
        let msg = if self.paragraph > 0 {
            Msg::ImportUnmapped { paragraph: self.paragraph, reason, text: self.text.clone() }
        } else {
            Msg::ImportUnmappedDocument { reason, text: self.text.clone() }
        };
        Diagnostic::warning(msg).in_file(file)
    }
}

/// The result of an import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The document as vanban's JSON (a template's placeholders in number and date fields kept
    /// as text).
    pub json: serde_json::Value,
    /// What could not be mapped, in document order.
    pub unmapped: Vec<Unmapped>,
}

impl Imported {
    /// The JSON, pretty-printed with the fields in the order of the input format (`loai`
    /// first), with a final newline.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_ordered(&self.json, 0, &mut out);
        out.push('\n');
        out
    }
}

/// Fields in the order the input format lists them; others after, by name.
const FIELD_ORDER: &[&str] = &[
    "loai",
    "co_quan",
    "chu_quan",
    "ten",
    "viet_tat",
    "ten_goi",
    "dia_chi",
    "dien_thoai",
    "fax",
    "email",
    "website",
    "so",
    "ky_hieu",
    "don_vi_soan_thao",
    "do_mat",
    "do_khan",
    "luu_hanh",
    "du_thao",
    "dia_danh",
    "ngay",
    "trich_yeu",
    "kinh_gui",
    "tham_quyen",
    "can_cu",
    "noi_dung",
    "ky",
    "hinh_thuc",
    "thay_mat",
    "chuc_vu",
    "ho_ten",
    "ghi_chu",
    "lien_tich",
    "xac_nhan",
    "tieu_de",
    "noi_nhan",
    "phat_hanh",
    "nguoi_soan",
    "so_ban",
    "ban_luu",
    "phu_luc",
    "nhan",
    "phu_de",
    "kem_theo",
    "ban_hanh",
    "ngang",
    "text",
    "can",
    "dam",
    "nghieng",
    "thut_dau",
    "cap",
    "cot",
    "dau",
    "dong",
    "co_chu",
    "gop_cot",
    "gop_dong",
];

fn write_ordered(v: &serde_json::Value, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by_key(|k| (FIELD_ORDER.iter().position(|f| f == k).unwrap_or(usize::MAX), k.as_str()));
            out.push_str("{\n");
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                // Cannot fail: a string, and below a JSON scalar.
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push_str(": ");
                write_ordered(&m[k.as_str()], indent + 1, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        serde_json::Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write_ordered(x, indent + 1, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

/// Imports a Word document's bytes: the document (or template) and what was not mapped; an
/// error naming `file` when the bytes are not a Word document.
pub fn import_docx(file: &str, bytes: &[u8], template: bool) -> Result<Imported, Diagnostic> {
    let w = word::read_docx(bytes).map_err(|e| e.diagnostic(file))?;
    Ok(import(&w, template))
}

/// Imports a Word document already read.
pub fn import(w: &WordDocument, template: bool) -> Imported {
    let mut im = Importer { template, unmapped: Vec::new(), doc: empty_document(), so_text: None, ngay_text: None, pending_symbol: None };
    im.run(w);
    // Cannot fail: a Document is plain data (strings, numbers, lists, structs).
    let mut json = serde_json::to_value(&im.doc).unwrap_or(serde_json::Value::Null);
    tidy(&mut json);
    if let Some(obj) = json.as_object_mut() {
        if let Some(s) = im.so_text.take() {
            obj.insert("so".into(), serde_json::Value::String(s));
        }
        if let Some(s) = im.ngay_text.take() {
            obj.insert("ngay".into(), serde_json::Value::String(s));
        }
    }
    im.unmapped.sort_by_key(|u| u.paragraph);
    Imported { json, unmapped: im.unmapped }
}

fn empty_document() -> Document {
    Document {
        loai: String::new(),
        co_quan: None,
        so: None,
        ky_hieu: None,
        don_vi_soan_thao: None,
        do_mat: None,
        do_khan: None,
        luu_hanh: None,
        du_thao: None,
        dia_danh: String::new(),
        ngay: String::new(),
        trich_yeu: None,
        kinh_gui: Vec::new(),
        tham_quyen: None,
        can_cu: Vec::new(),
        noi_dung: Vec::new(),
        ky: Signers::one(Signature { hinh_thuc: None, thay_mat: None, chuc_vu: String::new(), ho_ten: String::new(), ghi_chu: None, anh_chu_ky: None }),
        lien_tich: Vec::new(),
        bien_ban: None,
        dien: None,
        gioi_thieu: None,
        nghi_phep: None,
        xac_nhan: None,
        noi_nhan: Vec::new(),
        phat_hanh: None,
        phu_luc: Vec::new(),
    }
}

/// Removes the defaults serde writes (`"dam": false`, `"nghieng": false`, `"ngang": false`)
/// and writes a cell or paragraph that has nothing but its text as that text.
fn tidy(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for k in ["dam", "nghieng", "ngang"] {
                if m.get(k) == Some(&serde_json::Value::Bool(false)) {
                    m.remove(k);
                }
            }
            for (_, x) in m.iter_mut() {
                tidy(x);
            }
            // A cell or a paragraph with its text only.
            if m.len() == 1 {
                if let Some(serde_json::Value::String(t)) = m.get("text") {
                    let t = t.clone();
                    *v = serde_json::Value::String(t);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// A line of the document as read: its paragraph, its text (one line of it), and which
/// column it was in (0 left, 1 right; tables', text boxes' and tab-aligned lines').
#[derive(Clone)]
struct Line<'a> {
    p: &'a Paragraph,
    text: String,
}

/// Spaces of every kind as one space, trimmed.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn short(s: &str) -> String {
    let s = clean(s);
    if s.chars().count() > 120 {
        format!("{}…", s.chars().take(119).collect::<String>())
    } else {
        s
    }
}

fn fold(s: &str) -> String {
    vn::fold(&clean(s))
}

fn is_quoc_hieu(s: &str) -> bool {
    fold(s).replace(' ', "") == "conghoaxahoichunghiavietnam"
}

fn is_tieu_ngu(s: &str) -> bool {
    let f = fold(s);
    f.contains("doc lap") && f.contains("tu do") && f.contains("hanh phuc")
}

/// A line that only draws a rule (`______`, `-----`), or is empty.
fn is_rule_or_empty(s: &str) -> bool {
    s.trim().chars().all(|c| matches!(c, '_' | '-' | '–' | '—' | '=' | '.' | '…' | ' ' | '\u{a0}' | '\t'))
}

fn authority(s: &str) -> Option<(Authority, String)> {
    let t = clean(s);
    for (p, a) in [("TUQ.", Authority::TUQ), ("KT.", Authority::KT), ("TM.", Authority::TM), ("TL.", Authority::TL), ("Q.", Authority::Q)] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some((a, rest.trim().to_string()));
        }
    }
    None
}

fn is_upper_line(s: &str) -> bool {
    let t = clean(s);
    t.chars().any(|c| c.is_alphabetic()) && vn::is_upper(&t)
}

/// `Số: 12/KH-SGDĐT`: the number (None when left blank) and the symbol.
fn number_line(s: &str) -> Option<(Option<String>, String)> {
    let t = clean(s);
    let rest = t.strip_prefix("Số:").or_else(|| t.strip_prefix("Số :")).or_else(|| t.strip_prefix("Số"))?;
    let (n, sym) = rest.split_once('/')?;
    let n = n.trim();
    let n = (!n.is_empty() && !n.chars().all(|c| c == '.' || c == '…')).then(|| n.to_string());
    Some((n, sym.trim().to_string()))
}

/// `Quảng Ngãi, ngày 05 tháng 3 năm 2026`: place, and day, month, year as written (blank
/// when left blank).
fn date_line(s: &str) -> Option<(String, String, String, String)> {
    let t = clean(s);
    let (place, rest) = match t.find(", ngày") {
        Some(i) => (t[..i].trim().to_string(), &t[i + 2..]),
        None => (String::new(), t.strip_prefix("Ngày").map(|_| &t[..]).or_else(|| t.strip_prefix("ngày").map(|_| &t[..]))?),
    };
    let lower = rest.to_lowercase();
    let lower = lower.strip_prefix("ngày")?;
    let (d, r) = lower.split_once("tháng")?;
    let (m, y) = r.split_once("năm")?;
    let y = y.trim().trim_end_matches('.').to_string();
    let keep = |x: &str| x.trim().trim_matches('.').trim_matches('…').trim().to_string();
    if y.is_empty() {
        return None;
    }
    Some((place, keep(d), keep(m), y))
}

fn is_placeholder(s: &str) -> bool {
    s.contains("{{")
}

/// A kind named by a title line (`KẾ HOẠCH`).
fn kind_title(s: &str) -> Option<&'static vn::Kind> {
    let t = clean(s);
    if !is_upper_line(&t) {
        return None;
    }
    vn::KINDS.iter().find(|k| !k.is_cong_van() && vn::upper(k.name) == t)
}

/// The text as vanban's inline markup: bold runs `**…**`, italic `*…*`, literal `*` and `\`
/// escaped. Bold or italic over the whole text is left to the caller.
fn markup(p: &Paragraph, whole_b: bool, whole_i: bool, template: bool) -> String {
    let mut out = String::new();
    // Runs merged by formatting (spaces take the formatting around them).
    let mut spans: Vec<(String, bool, bool)> = Vec::new();
    for r in &p.runs {
        let (b, i) = (r.format.bold && !whole_b, r.format.italic && !whole_i);
        match spans.last_mut() {
            Some(last) if (last.1 == b && last.2 == i) || r.text.trim().is_empty() => last.0.push_str(&r.text),
            _ => spans.push((r.text.clone(), b, i)),
        }
    }
    if template {
        // A placeholder takes the formatting of its first character: no marker inside `{{…}}`.
        let mut merged: Vec<(String, bool, bool)> = Vec::new();
        for s in spans {
            match merged.last_mut() {
                Some(last) if last.0.matches("{{").count() > last.0.matches("}}").count() => {
                    // Up to the `}}` that closes it; the rest keeps its own formatting.
                    let open = last.0.matches("{{").count() - last.0.matches("}}").count();
                    let mut cut = None;
                    let mut need = open;
                    for (i, _) in s.0.match_indices("}}") {
                        need -= 1;
                        if need == 0 {
                            cut = Some(i + 2);
                            break;
                        }
                    }
                    match cut {
                        Some(c) => {
                            last.0.push_str(&s.0[..c]);
                            if c < s.0.len() {
                                merged.push((s.0[c..].to_string(), s.1, s.2));
                            }
                        }
                        None => last.0.push_str(&s.0),
                    }
                }
                _ => merged.push(s),
            }
        }
        spans = merged;
    }
    for (text, b, i) in spans {
        let esc = text.replace('\\', "\\\\").replace('*', "\\*");
        let lead = esc.len() - esc.trim_start().len();
        let trail = esc.len() - esc.trim_end().len();
        let core = esc.trim();
        if core.is_empty() || (!b && !i) {
            out.push_str(&esc);
            continue;
        }
        let m = match (b, i) {
            (true, true) => "***",
            (true, false) => "**",
            _ => "*",
        };
        out.push_str(&esc[..lead]);
        out.push_str(m);
        out.push_str(core);
        out.push_str(m);
        out.push_str(&esc[esc.len() - trail..]);
    }
    out
}

/// The paragraph's text with its numbering label, its bullets as `- `/`+ `.
fn full_text(p: &Paragraph) -> String {
    match &p.numbering {
        Some(n) if n.format == "bullet" => format!("{} {}", word::bullet_as_text(&n.label), p.text.trim_start()),
        Some(n) if !n.label.is_empty() => format!("{} {}", n.label.trim(), p.text.trim_start()),
        _ => p.text.clone(),
    }
}

struct Importer {
    template: bool,
    unmapped: Vec<Unmapped>,
    doc: Document,
    /// `so` as text (a template's placeholder).
    so_text: Option<String>,
    /// `ngay` as text with placeholders.
    ngay_text: Option<String>,
    /// The symbol as printed, the issuer's abbreviation and the drafting unit in it.
    pending_symbol: Option<(String, String, Option<String>)>,
}

/// The signature block's parts as read.
#[derive(Default)]
struct SignBlock<'a> {
    /// Each signer's lines (a column).
    signers: Vec<Vec<Line<'a>>>,
    /// Nơi nhận's lines (after `Nơi nhận:`).
    recipients: Vec<Line<'a>>,
    /// Other lines (a date line over the signature, a confirmation box).
    other: Vec<Line<'a>>,
}

impl Importer {
    fn skip(&mut self, p: &Paragraph, text: &str, why: Text) {
        if text.trim().is_empty() {
            return;
        }
        self.unmapped.push(Unmapped { paragraph: p.index, text: short(text), why });
    }

    fn report_images(&mut self, p: &Paragraph) {
        for im in &p.images {
            let size = im.size_mm.map(|(w, h)| format!(" ({w:.0} × {h:.0} mm)")).unwrap_or_default();
            self.unmapped.push(Unmapped { paragraph: p.index, text: format!("[{}{size}]", im.name), why: Text::UnmappedImage });
        }
    }

    fn run(&mut self, w: &WordDocument) {
        let items: Vec<&Item> = w.body.iter().collect();
        // Items that begin a page (after a page break or a section that starts a page).
        let mut page_start = vec![false; items.len()];
        for (i, it) in items.iter().enumerate() {
            if let Item::Paragraph(p) = it {
                if p.page_break_before && !p.text.trim().is_empty() {
                    page_start[i] = true;
                }
                if (p.page_break_after || (p.page_break_before && p.text.trim().is_empty()) || p.section_break) && i + 1 < items.len() {
                    page_start[i + 1] = true;
                }
            }
        }
        let landscape_at = |i: usize| w.sections.iter().find(|s| s.start <= i && i < s.end).is_some_and(|s| s.landscape);

        let mut i = 0;
        i = self.head(&items, i);
        i = self.title(&items, i);
        i = self.recipients_and_basis(&items, i);
        // The signature block: the first item after the body that holds it.
        let appendix_at = (i..items.len()).find(|&k| page_start[k] && self.sign_start(&items, i, k).is_some());
        let end = appendix_at.map(|a| self.sign_start(&items, i, a).unwrap_or(a)).or_else(|| self.sign_start(&items, i, items.len())).unwrap_or(items.len());
        let mut body = Vec::new();
        self.blocks(&items[i..end], &mut body);
        self.doc.noi_dung = body;
        let sign_end = (end..items.len()).find(|&k| page_start[k] && k > end).unwrap_or(items.len());
        self.signature(&items[end..sign_end]);
        // Appendices: each from a page start to the next page start that opens another.
        let mut k = sign_end;
        while k < items.len() {
            let next = (k + 1..items.len()).find(|&j| page_start[j] && self.opens_appendix(items[j])).unwrap_or(items.len());
            self.appendix(&items[k..next], landscape_at(k));
            k = next;
        }
        self.footer(w);
        self.finish();
    }

    /// The letterhead: every item up to the kind's title, Kính gửi or the body; returns where
    /// it stopped.
    fn head<'a>(&mut self, items: &[&'a Item], mut i: usize) -> usize {
        let mut left: Vec<Line<'a>> = Vec::new();
        let mut right: Vec<Line<'a>> = Vec::new();
        let mut seen_number = false;
        while i < items.len() {
            match items[i] {
                Item::Table(t) if !self.in_head_table(t) => break,
                Item::Table(t) => {
                    for r in &t.rows {
                        let n = r.cells.len();
                        for (ci, c) in r.cells.iter().enumerate() {
                            let col = if n > 1 && ci == n - 1 { &mut right } else { &mut left };
                            push_cell_lines(&c.items, col);
                        }
                    }
                }
                Item::Paragraph(p) => {
                    let text = full_text(p);
                    let t = clean(&text);
                    if !p.text_boxes.is_empty() {
                        let mut boxes: Vec<&word::TextBox> = p.text_boxes.iter().collect();
                        boxes.sort_by(|a, b| a.x.as_ref().map(|x| x.0).unwrap_or(0.0).total_cmp(&b.x.as_ref().map(|x| x.0).unwrap_or(0.0)));
                        let n = boxes.len();
                        for (bi, b) in boxes.iter().enumerate() {
                            let col = if n > 1 && bi == n - 1 { &mut right } else { &mut left };
                            push_cell_lines(&b.items, col);
                        }
                        self.report_images(p);
                        if t.is_empty() {
                            i += 1;
                            continue;
                        }
                    }
                    if t.is_empty() {
                        self.report_images(p);
                        i += 1;
                        continue;
                    }
                    if text.contains('\t') && !text.trim_start().starts_with("Kính gửi") {
                        // Tab-aligned: what is before the tabs is the left column.
                        for line in text.split('\n') {
                            let parts: Vec<&str> = line.split('\t').map(str::trim).filter(|s| !s.is_empty()).collect();
                            let lead = line.starts_with('\t');
                            match (parts.as_slice(), lead) {
                                ([], _) => {}
                                ([one], true) => right.push(Line { p, text: one.to_string() }),
                                ([one], false) => left.push(Line { p, text: one.to_string() }),
                                ([first, rest @ ..], _) => {
                                    left.push(Line { p, text: first.to_string() });
                                    right.push(Line { p, text: rest.join(" ") });
                                }
                            }
                        }
                        if number_line(&t).is_some() {
                            seen_number = true;
                        }
                    } else if is_quoc_hieu(&t) || is_tieu_ngu(&t) || date_line(&t).is_some() || mark_of(&t).is_some() {
                        right.push(Line { p, text: t });
                    } else if number_line(&t).is_some() || (t.starts_with("V/v") && !seen_number) {
                        seen_number = true;
                        left.push(Line { p, text: t });
                    } else if t.starts_with("V/v") || (!seen_number && is_upper_line(&t) && kind_title(&t).is_none() && p.align != Alignment::Justify) {
                        left.push(Line { p, text: t });
                    } else {
                        break;
                    }
                }
            }
            i += 1;
        }
        self.head_columns(&left, &right);
        i
    }

    /// Whether a table at the top is the letterhead's (or a mark's): borderless, or a
    /// one-cell box of a mark (`DỰ THẢO`, `MẬT`).
    fn in_head_table(&self, t: &word::Table) -> bool {
        let mut texts = Vec::new();
        for r in &t.rows {
            for c in &r.cells {
                word::for_each_paragraph(&c.items, &mut |p| texts.push(clean(&p.text)));
            }
        }
        let texts: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
        if texts.is_empty() {
            return true;
        }
        if texts.iter().any(|t| t.starts_with("Kính gửi") || kind_title(t).is_some()) {
            return false;
        }
        if t.borders {
            return texts.iter().all(|t| mark_of(t).is_some());
        }
        texts
            .iter()
            .any(|t| is_quoc_hieu(t) || is_tieu_ngu(t) || number_line(t).is_some() || date_line(t).is_some() || mark_of(t).is_some() || t.starts_with("V/v"))
    }

    fn head_columns(&mut self, left: &[Line], right: &[Line]) {
        let mut chu_quan: Vec<String> = Vec::new();
        let mut ten: Vec<(String, bool)> = Vec::new();
        let mut vv: Option<String> = None;
        let mut after_number = false;
        let mut in_vv = false;
        let mut symbol = None;
        for (is_left, l) in left.iter().map(|l| (true, l)).chain(right.iter().map(|l| (false, l))) {
            let t = clean(&l.text);
            if t.is_empty() || is_rule_or_empty(&t) {
                in_vv = false;
                continue;
            }
            if let Some(m) = mark_of(&t) {
                self.set_mark(m);
                continue;
            }
            if is_quoc_hieu(&t) || is_tieu_ngu(&t) {
                continue;
            }
            if let Some((n, sym)) = number_line(&t) {
                after_number = true;
                self.set_number(l.p, n);
                symbol = Some(sym);
                continue;
            }
            if let Some((place, d, m, y)) = date_line(&t) {
                self.set_date(l.p, &t, place, &d, &m, &y);
                continue;
            }
            if t.starts_with("V/v") {
                vv = Some(t.clone());
                in_vv = true;
                continue;
            }
            if in_vv {
                if let Some(v) = vv.as_mut() {
                    v.push('\n');
                    v.push_str(&t);
                }
                continue;
            }
            if is_left && !after_number && (is_upper_line(&t) || self.template && is_placeholder(&t)) {
                ten.push((t, l.p.all_bold() || l.p.runs.iter().any(|r| r.format.bold && !r.text.trim().is_empty())));
                continue;
            }
            self.skip(l.p, &t, Text::UnmappedHeadPart);
        }
        // Issuer lines are bold, chủ quản lines are not; with none bold, the last is the issuer.
        if !ten.is_empty() {
            let first_bold = ten.iter().position(|(_, b)| *b).unwrap_or(ten.len() - 1);
            for (t, _) in ten.drain(..first_bold) {
                chu_quan.push(t);
            }
            // A joint document's issuers: a line ending with ` -` closes one.
            let mut groups: Vec<Vec<String>> = vec![Vec::new()];
            for (t, _) in ten {
                let joint = t.ends_with(" -");
                groups.last_mut().expect("one group").push(t.trim_end_matches(" -").trim().to_string());
                if joint {
                    groups.push(Vec::new());
                }
            }
            groups.retain(|g| !g.is_empty());
            let mut groups = groups.into_iter();
            let names = groups.next().unwrap_or_default();
            self.doc.co_quan = Some(Issuer { chu_quan, ten: names, ..Default::default() });
            self.doc.lien_tich = groups.map(|ten| Issuer { ten, ..Default::default() }).collect();
        }
        if let Some(v) = vv {
            self.doc.trich_yeu = Some(v);
            if self.doc.loai.is_empty() {
                self.doc.loai = "cong-van".into();
            }
        }
        if let Some(sym) = symbol {
            self.set_symbol(&sym);
        }
    }

    fn set_mark(&mut self, m: Mark) {
        match m {
            Mark::Secrecy(s) => self.doc.do_mat = Some(s),
            Mark::Urgency(u) => self.doc.do_khan = Some(u),
            Mark::Circulation(c) => self.doc.luu_hanh = Some(c),
            Mark::Draft(d) => self.doc.du_thao = Some(d),
        }
    }

    fn set_number(&mut self, p: &Paragraph, n: Option<String>) {
        let Some(n) = n else { return };
        match n.parse::<u32>() {
            Ok(v) if (1..=9999).contains(&v) => self.doc.so = Some(v),
            _ if self.template && is_placeholder(&n) => self.so_text = Some(n),
            _ => self.skip(p, &format!("Số: {n}"), Text::UnmappedNumber),
        }
    }

    fn set_date(&mut self, p: &Paragraph, line: &str, place: String, d: &str, m: &str, y: &str) {
        if !place.is_empty() {
            self.doc.dia_danh = place;
        }
        let part = |s: &str| -> Option<Option<u32>> {
            if s.is_empty() {
                Some(None)
            } else {
                s.parse::<u32>().ok().map(Some)
            }
        };
        match (part(d), part(m), y.parse::<i32>().ok()) {
            (Some(d), Some(m), Some(y)) => {
                let ok_day = match (d, m) {
                    (Some(d), Some(m)) => chrono::NaiveDate::from_ymd_opt(y, m, d).is_some(),
                    (None, Some(m)) => (1..=12).contains(&m),
                    (None, None) => true,
                    (Some(_), None) => false,
                };
                if !ok_day {
                    self.skip(p, line, Text::UnmappedDateNotReal);
                    return;
                }
                self.doc.ngay = match (d, m) {
                    (Some(d), Some(m)) => format!("{y:04}-{m:02}-{d:02}"),
                    (None, Some(m)) => format!("{y:04}-{m:02}"),
                    _ => format!("{y:04}"),
                };
            }
            _ if self.template && (is_placeholder(d) || is_placeholder(m) || is_placeholder(y)) => {
                let pad = |s: &str| if is_placeholder(s) || s.len() >= 2 { s.to_string() } else { format!("0{s}") };
                self.ngay_text = Some(format!("{}-{}-{}", y, pad(m), pad(d)));
                self.doc.ngay = "2000-01-01".into();
            }
            _ => self.skip(p, line, Text::UnmappedDateUnread),
        }
    }

    /// `KH-SGDĐT-VP`: the kind's code, the issuer's abbreviation, the drafting unit.
    fn set_symbol(&mut self, sym: &str) {
        let parts: Vec<&str> = sym.split('-').map(str::trim).collect();
        let joint = !self.doc.lien_tich.is_empty();
        let code_kind = vn::KINDS.iter().find(|k| !k.code.is_empty() && (k.code == parts[0] || (joint && format!("{}LT", k.code) == parts[0])));
        if self.doc.loai.is_empty() {
            if let Some(k) = code_kind {
                self.doc.loai = k.id.to_string();
            }
        }
        let rest = if code_kind.is_some() { &parts[1..] } else { &parts[..] };
        let (abbr, unit) = match rest {
            [] => (String::new(), None),
            [a] => (a.to_string(), None),
            [a, u @ ..] => (a.to_string(), Some(u.join("-"))),
        };
        self.pending_symbol = Some((sym.to_string(), abbr, unit));
    }

    /// The kind's title, trích yếu and thẩm quyền.
    fn title(&mut self, items: &[&Item], mut i: usize) -> usize {
        let Some(Item::Paragraph(p)) = items.get(i) else { return i };
        let Some(kind) = kind_title(&p.text) else { return i };
        self.doc.loai = kind.id.to_string();
        i += 1;
        let mut lines: Vec<String> = Vec::new();
        let mut authority: Vec<String> = Vec::new();
        let mut gap = false;
        while let Some(Item::Paragraph(p)) = items.get(i) {
            let t = clean(&full_text(p));
            if t.is_empty() || is_rule_or_empty(&t) {
                if !lines.is_empty() {
                    gap = true;
                }
                i += 1;
                continue;
            }
            if p.align != Alignment::Center || Some(t.as_str()) == kind.operative_line() {
                break;
            }
            if gap || (!lines.is_empty() && is_upper_line(&t) && !lines.iter().any(|l| is_upper_line(l))) {
                if is_upper_line(&t) {
                    authority.push(t);
                    i += 1;
                    continue;
                }
                break;
            }
            lines.push(t);
            i += 1;
        }
        if !lines.is_empty() {
            // Its lines as Word breaks them (vanban breaks the same way when told).
            self.doc.trich_yeu = Some(lines.join("\n"));
        }
        if !authority.is_empty() {
            self.doc.tham_quyen = Some(authority.join(" "));
        }
        i
    }

    /// Kính gửi, Căn cứ and the operative line (`QUYẾT ĐỊNH:`).
    fn recipients_and_basis(&mut self, items: &[&Item], mut i: usize) -> usize {
        while i < items.len() {
            match items[i] {
                Item::Table(t) => {
                    let mut lines = Vec::new();
                    for r in &t.rows {
                        for c in &r.cells {
                            push_cell_lines(&c.items, &mut lines);
                        }
                    }
                    if !lines.first().is_some_and(|l| clean(&l.text).starts_with("Kính gửi")) {
                        break;
                    }
                    self.kinh_gui(&lines);
                }
                Item::Paragraph(p) => {
                    let t = clean(&full_text(p));
                    if t.is_empty() {
                        i += 1;
                        continue;
                    }
                    if t.starts_with("Kính gửi") {
                        let mut lines = vec![Line { p, text: full_text(p) }];
                        // The recipients' list follows as `- ` paragraphs.
                        while let Some(Item::Paragraph(q)) = items.get(i + 1) {
                            let qt = clean(&full_text(q));
                            if qt.starts_with("- ") || qt.starts_with("+ ") || (q.numbering.as_ref().is_some_and(|n| n.format == "bullet")) {
                                lines.push(Line { p: q, text: full_text(q) });
                                i += 1;
                            } else {
                                break;
                            }
                        }
                        self.kinh_gui(&lines);
                    } else if p.all_italic() && ["Căn cứ", "Theo đề nghị", "Xét ", "Theo "].iter().any(|s| t.starts_with(s)) {
                        self.doc.can_cu.push(t);
                    } else if vn::find_kind(&self.doc.loai).and_then(|k| k.operative_line()) == Some(t.as_str()) {
                        // vanban prints it.
                    } else {
                        break;
                    }
                }
            }
            i += 1;
        }
        i
    }

    fn kinh_gui(&mut self, lines: &[Line]) {
        for (k, l) in lines.iter().enumerate() {
            let mut t = clean(&l.text);
            if k == 0 {
                t = t.trim_start_matches("Kính gửi").trim_start_matches(':').trim().to_string();
            }
            let t = t.strip_prefix("- ").or_else(|| t.strip_prefix("-")).unwrap_or(&t).trim().to_string();
            if !t.is_empty() {
                self.doc.kinh_gui.push(t);
            }
        }
    }

    /// Where the signature block begins, looking from `from` to before `to`: the last run of
    /// items holding `Nơi nhận` or a signer's title.
    fn sign_start(&self, items: &[&Item], from: usize, to: usize) -> Option<usize> {
        let mut found = None;
        for k in (from..to).rev() {
            let is_sign = match items[k] {
                Item::Table(t) => {
                    let mut lines = Vec::new();
                    for r in &t.rows {
                        for c in &r.cells {
                            push_cell_lines(&c.items, &mut lines);
                        }
                    }
                    !t.borders
                        && (lines.iter().any(|l| is_sign_line(&clean(&l.text)))
                            || t.rows.last().and_then(|r| r.cells.last()).is_some_and(|c| looks_like_signer(&c.paragraphs())))
                }
                Item::Paragraph(p) => {
                    let t = clean(&full_text(p));
                    t.starts_with("Nơi nhận")
                        || (p.text.contains('\t') && p.text.split('\t').any(|x| is_sign_line(&clean(x))))
                        || (authority(&t).is_some() && p.all_bold() && p.align != Alignment::Justify)
                }
            };
            if is_sign {
                found = Some(k);
            } else if found.is_some() {
                // Keep going up through the signer's title lines written as paragraphs.
                if let Item::Paragraph(p) = items[k] {
                    let t = clean(&full_text(p));
                    if t.is_empty() {
                        continue;
                    }
                    if p.all_bold() && is_upper_line(&t) && p.align != Alignment::Justify && p.numbering.is_none() && text_kind_is_paragraph(&t) {
                        found = Some(k);
                        continue;
                    }
                }
                break;
            }
        }
        found.or_else(|| {
            // A signer's title and name as centred or right paragraphs at the end, no prefix.
            let mut k = to;
            let mut name_seen = false;
            while k > from {
                k -= 1;
                let Item::Paragraph(p) = items[k] else { break };
                let t = clean(&full_text(p));
                if t.is_empty() {
                    continue;
                }
                if p.align == Alignment::Justify || p.align == Alignment::Left && p.indent_left_mm < 50.0 {
                    break;
                }
                if p.all_bold() && is_upper_line(&t) && name_seen {
                    return Some(k);
                }
                name_seen = true;
            }
            None
        })
    }

    /// Whether an item after a page break opens an appendix.
    fn opens_appendix(&self, it: &Item) -> bool {
        match it {
            Item::Paragraph(p) => {
                let t = clean(&full_text(p));
                p.align == Alignment::Center && (fold(&t).starts_with("phu luc") || (is_upper_line(&t) && (p.all_bold() || p.mark.bold)))
            }
            Item::Table(_) => false,
        }
    }

    fn signature(&mut self, items: &[&Item]) {
        let mut sb = SignBlock::default();
        let mut loose: Vec<Line> = Vec::new();
        for it in items {
            match it {
                Item::Table(t) => {
                    for r in &t.rows {
                        for c in &r.cells {
                            let mut lines = Vec::new();
                            push_cell_lines(&c.items, &mut lines);
                            split_sign_cell(lines, &mut sb);
                        }
                    }
                }
                Item::Paragraph(p) => {
                    self.report_images(p);
                    let text = full_text(p);
                    if text.contains('\t') {
                        for line in text.split('\n') {
                            let parts: Vec<&str> = line.split('\t').map(str::trim).filter(|s| !s.is_empty()).collect();
                            let lead = line.starts_with('\t');
                            match (parts.as_slice(), lead) {
                                ([], _) => {}
                                ([one], true) => loose.push(Line { p, text: format!("\t{one}") }),
                                ([one], false) => loose.push(Line { p, text: one.to_string() }),
                                ([first, rest @ ..], _) => {
                                    loose.push(Line { p, text: first.to_string() });
                                    loose.push(Line { p, text: format!("\t{}", rest.join(" ")) });
                                }
                            }
                        }
                    } else {
                        for line in text.split('\n') {
                            let right = p.align == Alignment::Center || p.align == Alignment::Right || p.indent_left_mm >= 50.0;
                            loose.push(Line { p, text: if right { format!("\t{line}") } else { line.to_string() } });
                        }
                    }
                }
            }
        }
        if !loose.is_empty() {
            // Lines marked with a leading tab are the signer's column; the others Nơi nhận's.
            let (right, left): (Vec<Line>, Vec<Line>) = loose.into_iter().partition(|l| l.text.starts_with('\t') && !clean(&l.text).starts_with("Nơi nhận"));
            let right: Vec<Line> = right.into_iter().map(|l| Line { text: l.text.trim_start_matches('\t').to_string(), ..l }).collect();
            split_sign_cell(left, &mut sb);
            if !right.is_empty() {
                split_sign_cell(right, &mut sb);
            }
        }
        self.recipients(&sb.recipients);
        for l in &sb.other {
            let t = clean(&l.text);
            if t.is_empty() {
                continue;
            }
            if let Some((place, d, m, y)) = date_line(&t) {
                if self.doc.ngay.is_empty() {
                    self.set_date(l.p, &t, place, &d, &m, &y);
                    continue;
                }
            }
            self.skip(l.p, &t, Text::UnmappedNotSignature);
        }
        // A confirmation box (`XÁC NHẬN CỦA …`) beside the signer.
        if sb.signers.len() > 1 && sb.signers[0].iter().find(|l| !clean(&l.text).is_empty()).is_some_and(|l| fold(&l.text).starts_with("xac nhan")) {
            let col = sb.signers.remove(0);
            let mut title = Vec::new();
            let mut note = None;
            let mut name = String::new();
            for l in &col {
                let t = clean(&l.text);
                if t.is_empty() {
                    continue;
                }
                if t.starts_with('(') {
                    note = Some(t);
                } else if is_upper_line(&t) && note.is_none() {
                    title.push(t);
                } else {
                    name = t;
                }
            }
            self.doc.xac_nhan = Some(model::Confirmation { tieu_de: title.join("\n"), ghi_chu: note, ho_ten: name });
        }
        let mut signers = Vec::new();
        for col in &sb.signers {
            if let Some(s) = self.signer(col) {
                signers.push(s);
            }
        }
        match signers.len() {
            0 => {}
            1 => self.doc.ky = Signers::one(signers.pop().expect("one")),
            _ => self.doc.ky = Signers::many(signers),
        }
    }

    fn signer(&mut self, lines: &[Line]) -> Option<Signature> {
        let lines: Vec<&Line> = lines.iter().filter(|l| !clean(&l.text).is_empty()).collect();
        if lines.is_empty() {
            return None;
        }
        let mut s = Signature { hinh_thuc: None, thay_mat: None, chuc_vu: String::new(), ho_ten: String::new(), ghi_chu: None, anh_chu_ky: None };
        let mut titles: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let mut name: Option<(usize, String)> = None;
        for l in &lines {
            let t = clean(&l.text);
            if let Some((a, rest)) = authority(&t).filter(|_| titles.is_empty() && s.hinh_thuc.is_none()) {
                s.hinh_thuc = Some(a);
                s.thay_mat = (!rest.is_empty()).then_some(rest);
                continue;
            }
            if t.starts_with('(') && t.ends_with(')') {
                if fold(&t).contains("da ky") {
                    self.skip(l.p, &t, Text::UnmappedSignedStamp);
                } else {
                    notes.push(t);
                }
                continue;
            }
            if is_upper_line(&t) && name.is_none() {
                titles.push(t);
                continue;
            }
            if let Some((idx, prev)) = name.replace((l.p.index, t.clone())) {
                self.skip_index(idx, &prev, Text::UnmappedSignatureExtra);
            }
        }
        s.chuc_vu = titles.join(" ");
        s.ho_ten = name.map(|(_, n)| n).unwrap_or_default();
        if !notes.is_empty() {
            s.ghi_chu = Some(notes.join("\n"));
        }
        // `TM. ỦY BAN NHÂN DÂN` then `CHỦ TỊCH`; `KT. GIÁM ĐỐC` then `PHÓ GIÁM ĐỐC`.
        // `Q. HIỆU TRƯỞNG`: the title is the one acted for.
        if s.chuc_vu.is_empty() {
            if let Some(t) = s.thay_mat.take() {
                s.chuc_vu = t;
                if s.hinh_thuc != Some(Authority::Q) {
                    s.hinh_thuc = None;
                }
            }
        } else if s.hinh_thuc == Some(Authority::Q) {
            s.thay_mat = None;
        }
        Some(s)
    }

    fn skip_index(&mut self, paragraph: usize, text: &str, why: Text) {
        self.unmapped.push(Unmapped { paragraph, text: short(text), why });
    }

    fn recipients(&mut self, lines: &[Line]) {
        for l in lines {
            let t = clean(&l.text);
            let t = t.strip_prefix("- ").or_else(|| t.strip_prefix('-')).unwrap_or(&t).trim().to_string();
            if t.is_empty() {
                continue;
            }
            // `PL.30`: who drafted it and how many copies.
            if let Some((who, n)) = t.split_once('.') {
                if !who.is_empty() && who.chars().all(|c| c.is_uppercase()) && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !who.contains(' ') {
                    let rel = self.doc.phat_hanh.get_or_insert_with(model::Release::default);
                    rel.nguoi_soan = who.to_string();
                    rel.so_ban = n.parse().ok();
                    continue;
                }
            }
            self.doc.noi_nhan.push(t);
        }
        // `Lưu: VT, VP, 02b.`: the copies kept, with a drafter's line.
        if self.doc.phat_hanh.is_some() {
            if let Some(last) = self.doc.noi_nhan.last_mut() {
                if let Some((head, n)) = last.rsplit_once(", ") {
                    let n = n.trim_end_matches('.');
                    if let Some(num) = n.strip_suffix('b').filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())) {
                        if let Some(rel) = self.doc.phat_hanh.as_mut() {
                            rel.ban_luu = num.parse().ok();
                        }
                        *last = format!("{head}.");
                    }
                }
            }
        }
    }

    fn appendix(&mut self, items: &[&Item], landscape: bool) {
        let mut i = 0;
        let mut a = Appendix {
            so: None,
            ten: String::new(),
            phu_de: Vec::new(),
            kem_theo: None,
            ban_hanh: false,
            ngang: landscape,
            nhan: Some(false),
            noi_dung: Vec::new(),
        };
        let mut title: Vec<String> = Vec::new();
        while let Some(Item::Paragraph(p)) = items.get(i) {
            let t = clean(&full_text(p));
            if t.is_empty() {
                i += 1;
                if !title.is_empty() || a.kem_theo.is_some() {
                    // The title ends at the first empty line after it.
                    if a.kem_theo.is_some() {
                        break;
                    }
                }
                continue;
            }
            if p.align != Alignment::Center {
                break;
            }
            let f = fold(&t);
            if title.is_empty() && a.nhan == Some(false) && f.starts_with("phu luc") {
                a.nhan = None;
                let so = t.split_whitespace().skip(2).collect::<Vec<_>>().join(" ");
                let so = so.trim_end_matches(['.', ':']).trim().to_string();
                a.so = (!so.is_empty()).then_some(so);
            } else if t.starts_with('(') && (f.starts_with("(kem") || f.starts_with("(ban hanh kem")) {
                a.ban_hanh = f.starts_with("(ban hanh kem theo");
                a.kem_theo = Some(t);
            } else if is_upper_line(&t) && a.phu_de.is_empty() && a.kem_theo.is_none() {
                title.push(t);
            } else if !title.is_empty() && a.kem_theo.is_none() {
                a.phu_de.push(t);
            } else {
                break;
            }
            i += 1;
        }
        if title.is_empty() {
            if !items.is_empty() {
                let mut blocks = Vec::new();
                self.blocks(items, &mut blocks);
                // No title: the pages are kept as an appendix named by its first line.
                if blocks.is_empty() {
                    return;
                }
                self.skip_index(first_index(items), &Text::ExcerptAppendix.to_string(), Text::UnmappedAppendixNoName);
                a.ten = "PHỤ LỤC".into();
                a.noi_dung = blocks;
                self.doc.phu_luc.push(a);
            }
            return;
        }
        a.ten = title.join("\n");
        let mut blocks = Vec::new();
        self.blocks(&items[i..], &mut blocks);
        a.noi_dung = blocks;
        self.doc.phu_luc.push(a);
    }

    /// Body items as blocks.
    fn blocks(&mut self, items: &[&Item], out: &mut Vec<Block>) {
        for it in items {
            match it {
                Item::Paragraph(p) => self.paragraph_block(p, out),
                Item::Table(t) => self.table_block(t, out),
            }
        }
    }

    fn paragraph_block(&mut self, p: &Paragraph, out: &mut Vec<Block>) {
        self.report_images(p);
        for tb in &p.text_boxes {
            word::for_each_paragraph(&tb.items, &mut |q| {
                if !q.text.trim().is_empty() {
                    self.unmapped.push(Unmapped { paragraph: q.index, text: short(&q.text), why: Text::UnmappedTextBox });
                }
            });
        }
        let mut plain = full_text(p);
        // A tab with a dotted leader is a line to fill in.
        let dotted = p.tabs.iter().any(|t| t.leader.as_deref() == Some("dot"));
        if dotted && plain.contains('\t') {
            plain = plain.trim_end_matches(' ').replace('\t', ".....");
        }
        if clean(&plain).is_empty() {
            return;
        }
        let lines: Vec<&str> = plain.split('\n').map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        let first = lines.first().copied().unwrap_or("");
        let (kind, _) = crate::text::classify(first);
        // A typed number on a paragraph that is not bold is not a heading (vanban would make it one).
        let not_heading = matches!(kind, crate::text::LineKind::Heading { .. }) && !p.all_bold() && p.numbering.is_none() && lines.len() == 1;
        let structural = !matches!(kind, crate::text::LineKind::Paragraph | crate::text::LineKind::Fill) && !not_heading;
        let text = if structural || lines.len() > 1 {
            // Headings, items, articles, points, divisions: vanban styles them itself.
            lines.iter().map(|l| l.replace('\\', "\\\\").replace('*', "\\*")).collect::<Vec<_>>().join("\n")
        } else {
            let whole_b = p.all_bold();
            let whole_i = p.all_italic();
            let label = match &p.numbering {
                Some(n) if n.format == "bullet" => format!("{} ", word::bullet_as_text(&n.label)),
                Some(n) if !n.label.is_empty() => format!("{} ", n.label.trim()),
                _ => String::new(),
            };
            let mut marked = markup(p, whole_b, whole_i, self.template);
            if dotted {
                marked = marked.trim_end_matches(' ').replace('\t', ".....");
            }
            let body = format!("{label}{}", marked.trim());
            let body = clean_keep_markup(&body);
            let unindented = p.first_line_mm.abs() < 1.0;
            let plain_para = matches!(crate::text::classify(&clean(&plain)).0, crate::text::LineKind::Paragraph | crate::text::LineKind::Fill);
            if whole_b || whole_i || p.align != Alignment::Justify || (unindented && plain_para) || not_heading {
                let thut_dau = match p.align {
                    Alignment::Justify if unindented => Some(false),
                    Alignment::Left if !unindented => Some(true),
                    Alignment::Left => Some(false),
                    _ => None,
                };
                out.push(Block::Explicit(ExplicitBlock::Doan(StrOr(model::Paragraph {
                    text: body,
                    can: match p.align {
                        Alignment::Center => Some(Align::Giua),
                        Alignment::Right => Some(Align::Phai),
                        Alignment::Left => Some(Align::Trai),
                        Alignment::Justify => None,
                    },
                    dam: whole_b,
                    nghieng: whole_i,
                    thut_dau,
                }))));
                return;
            }
            body
        };
        out.push(Block::Text(text));
    }

    fn table_block(&mut self, t: &word::Table, out: &mut Vec<Block>) {
        let ncols = if t.columns_mm.is_empty() {
            t.rows.iter().map(|r| r.cells.iter().map(|c| c.grid_span as usize).sum::<usize>()).max().unwrap_or(1)
        } else {
            t.columns_mm.len()
        };
        if ncols == 0 || t.rows.is_empty() {
            return;
        }
        // Each cell's grid column, and how many rows a vertical merge covers.
        let mut grid: Vec<Vec<(usize, &word::Cell)>> = Vec::new();
        for r in &t.rows {
            let mut col = r.grid_before as usize;
            let mut row = Vec::new();
            for c in &r.cells {
                row.push((col, c));
                col += c.grid_span as usize;
            }
            grid.push(row);
        }
        let mut sizes: Vec<f64> = Vec::new();
        let mut dau = Vec::new();
        let mut dong = Vec::new();
        let mut in_header = true;
        for (ri, row) in grid.iter().enumerate() {
            let mut cells = Vec::new();
            for (col, c) in row {
                if c.v_merge == VMerge::Continue {
                    continue;
                }
                let mut down = 1;
                if c.v_merge == VMerge::Restart {
                    for below in grid.iter().skip(ri + 1) {
                        if below.iter().any(|(k, x)| k == col && x.v_merge == VMerge::Continue) {
                            down += 1;
                        } else {
                            break;
                        }
                    }
                }
                let paras = c.paragraphs();
                for p in &paras {
                    self.report_images(p);
                    for r in &p.runs {
                        if !r.text.trim().is_empty() {
                            sizes.push(r.format.size_pt);
                        }
                    }
                }
                let text = paras
                    .iter()
                    .map(|p| clean(&full_text(p)).replace('\\', "\\\\").replace('*', "\\*"))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                let bold = !paras.is_empty()
                    && paras.iter().filter(|p| !p.text.trim().is_empty()).all(|p| p.all_bold())
                    && paras.iter().any(|p| !p.text.trim().is_empty());
                let italic = paras.iter().filter(|p| !p.text.trim().is_empty()).all(|p| p.all_italic()) && paras.iter().any(|p| !p.text.trim().is_empty());
                let align = paras.iter().find(|p| !p.text.trim().is_empty()).map(|p| p.align);
                let header = t.rows[ri].header && in_header;
                cells.push(StrOr(Cell {
                    text,
                    gop_cot: (c.grid_span > 1).then_some(c.grid_span),
                    gop_dong: (down > 1).then_some(down),
                    dam: bold && !header,
                    nghieng: italic,
                    can: match align {
                        Some(Alignment::Center) if !header => Some(Align::Giua),
                        Some(Alignment::Right) => Some(Align::Phai),
                        _ => None,
                    },
                }));
            }
            if t.rows[ri].header && in_header {
                dau.push(cells);
            } else {
                in_header = false;
                dong.push(cells);
            }
        }
        let cot = if t.columns_mm.is_empty() || t.columns_mm.iter().any(|w| *w <= 0.0) {
            vec![1.0; ncols]
        } else {
            t.columns_mm.iter().map(|w| (w * 10.0).round() / 10.0).collect()
        };
        sizes.sort_by(f64::total_cmp);
        let co_chu = sizes.get(sizes.len() / 2).copied().filter(|s| (*s - 13.0).abs() > 0.25);
        let bordered = t.borders || t.rows.iter().flat_map(|r| &r.cells).any(|c| c.borders == Some(true));
        if !bordered {
            self.skip_index(t.first_paragraph, &Text::ExcerptTable.to_string(), Text::UnmappedBorderlessTable);
        }
        out.push(Block::Explicit(ExplicitBlock::Bang(Table { cot, dau, dong, co_chu, can: Vec::new() })));
    }

    /// Ô 13: the address line in the first page's footer.
    fn footer(&mut self, w: &WordDocument) {
        let Some(s) = w.sections.first() else { return };
        let (_, f) = s.first_page();
        let Some(f) = f else { return };
        let mut texts = Vec::new();
        word::for_each_paragraph(&f.items, &mut |p| texts.push(p.text.clone()));
        // vanban breaks the line where it must: a key can be split across paragraphs.
        let all = texts.join(" ");
        if all.trim().is_empty() {
            return;
        }
        let Some(issuer) = self.doc.co_quan.as_mut() else { return };
        for part in all.split([';', '\t']) {
            let t = clean(part);
            let Some((k, v)) = t.split_once(':') else { continue };
            let v = v.trim().trim_end_matches('.').to_string();
            match fold(k).as_str() {
                "dia chi" => issuer.dia_chi = Some(v),
                "dien thoai" | "dt" | "đt" => issuer.dien_thoai = Some(v),
                "fax" => issuer.fax = Some(v),
                "e-mail" | "email" => issuer.email = Some(v),
                "website" => issuer.website = Some(v),
                _ => {}
            }
        }
    }

    /// Fills what the decree requires and the document did not give, each reported.
    fn finish(&mut self) {
        if self.doc.loai.is_empty() {
            self.doc.loai = "cong-van".into();
            self.skip_index(0, &Text::ExcerptKind.to_string(), Text::UnmappedNoKind);
        }
        if let Some((sym, abbr, mut unit)) = self.pending_symbol.take() {
            if let Some(issuer) = self.doc.co_quan.as_mut() {
                issuer.viet_tat = abbr.clone();
            }
            // A joint document: each issuer's abbreviation in turn after the leading one's.
            let mut abbrs = vec![abbr.clone()];
            if !self.doc.lien_tich.is_empty() {
                let mut rest: Vec<String> =
                    unit.as_deref().map(|u| u.split('-').map(str::to_string).collect::<Vec<_>>()).unwrap_or_default().into_iter().rev().collect();
                for other in self.doc.lien_tich.iter_mut() {
                    other.viet_tat = rest.pop().unwrap_or_default();
                    abbrs.push(other.viet_tat.clone());
                }
                rest.reverse();
                unit = (!rest.is_empty()).then(|| rest.join("-"));
            }
            let kind = vn::find_kind(&self.doc.loai);
            self.doc.don_vi_soan_thao = unit.clone();
            let computed = kind.map(|k| crate::compose::joint_symbol(k, &abbrs, unit.as_deref()));
            if computed.as_deref() != Some(sym.as_str()) {
                self.doc.ky_hieu = Some(sym);
                self.doc.don_vi_soan_thao = None;
            }
        }
        if (self.doc.dia_danh.is_empty() && self.doc.co_quan.is_some()) || self.doc.ngay.is_empty() {
            self.skip_index(0, &Text::ExcerptPlaceDate.to_string(), Text::UnmappedNoPlaceDate);
            if self.doc.ngay.is_empty() {
                self.doc.ngay = "2000".into();
            }
        }
        if self.doc.ky.principal().chuc_vu.is_empty() {
            self.skip_index(0, &Text::ExcerptSignature.to_string(), Text::UnmappedNoSignature);
        }
        if let Some(c) = &self.doc.co_quan {
            if c.viet_tat.is_empty() {
                self.skip_index(0, &Text::ExcerptAbbreviation.to_string(), Text::UnmappedNoAbbreviation);
            }
        }
    }
}

fn first_index(items: &[&Item]) -> usize {
    for it in items {
        let mut idx = 0;
        word::for_each_paragraph(std::slice::from_ref(*it), &mut |p| {
            if idx == 0 {
                idx = p.index;
            }
        });
        if idx != 0 {
            return idx;
        }
    }
    0
}

fn text_kind_is_paragraph(t: &str) -> bool {
    matches!(crate::text::classify(t).0, crate::text::LineKind::Paragraph)
}

/// Spaces collapsed as [`clean`] does, the markup kept.
fn clean_keep_markup(s: &str) -> String {
    clean(s)
}

/// A column that ends with a signer: a bold title in capitals, then a name (or nothing yet).
fn looks_like_signer(ps: &[&Paragraph]) -> bool {
    let ps: Vec<&&Paragraph> = ps.iter().filter(|p| !clean(&p.text).is_empty()).collect();
    let Some(title) = ps.iter().position(|p| p.all_bold() && is_upper_line(&p.text) && p.numbering.is_none()) else { return false };
    ps.len() - title <= 4 && ps.iter().skip(title + 1).all(|p| !p.text.contains('.') || p.text.trim().starts_with('('))
}

fn is_sign_line(t: &str) -> bool {
    t.starts_with("Nơi nhận") || authority(t).is_some()
}

/// Every line of a cell's (or text box's) paragraphs.
fn push_cell_lines<'a>(items: &'a [Item], out: &mut Vec<Line<'a>>) {
    word::for_each_paragraph(items, &mut |p| {
        let text = full_text(p);
        for l in text.split('\n') {
            out.push(Line { p, text: l.to_string() });
        }
    });
}

/// The lines of one column of the signature block: Nơi nhận, or a signer, or other.
fn split_sign_cell<'a>(lines: Vec<Line<'a>>, sb: &mut SignBlock<'a>) {
    let mut signer: Vec<Line<'a>> = Vec::new();
    let mut in_recipients = false;
    for l in lines {
        let t = clean(&l.text);
        if t.starts_with("Nơi nhận") {
            in_recipients = true;
            let rest = t.trim_start_matches("Nơi nhận").trim_start_matches(':').trim().to_string();
            if !rest.is_empty() {
                sb.recipients.push(Line { p: l.p, text: rest });
            }
            continue;
        }
        if in_recipients {
            sb.recipients.push(l);
            continue;
        }
        if date_line(&t).is_some() && signer.is_empty() {
            sb.other.push(l);
            continue;
        }
        signer.push(l);
    }
    if signer.iter().any(|l| !clean(&l.text).is_empty()) {
        sb.signers.push(signer);
    }
}

/// A mark of the letterhead.
enum Mark {
    Secrecy(model::Secrecy),
    Urgency(model::Urgency),
    Circulation(model::Circulation),
    Draft(model::Draft),
}

fn mark_of(t: &str) -> Option<Mark> {
    let t = clean(t);
    Some(match t.as_str() {
        "MẬT" => Mark::Secrecy(model::Secrecy::Mat),
        "TỐI MẬT" => Mark::Secrecy(model::Secrecy::ToiMat),
        "TUYỆT MẬT" => Mark::Secrecy(model::Secrecy::TuyetMat),
        "KHẨN" => Mark::Urgency(model::Urgency::Khan),
        "THƯỢNG KHẨN" => Mark::Urgency(model::Urgency::ThuongKhan),
        "HỎA TỐC" | "HOẢ TỐC" => Mark::Urgency(model::Urgency::HoaToc),
        "XEM XONG TRẢ LẠI" => Mark::Circulation(model::Circulation::XemXongTraLai),
        "LƯU HÀNH NỘI BỘ" => Mark::Circulation(model::Circulation::LuuHanhNoiBo),
        "DỰ THẢO" => Mark::Draft(model::Draft::Flag(true)),
        _ => {
            let n = t.strip_prefix("DỰ THẢO ")?.trim().parse::<u32>().ok()?;
            Mark::Draft(model::Draft::Version(n))
        }
    })
}
