//! Fillable forms: the `bieu_mau` section of a template declares the figures a unit reports
//! (one row per indicator, with its unit and kind); `vanban bulk … --format xlsx` writes it,
//! per row, as an Excel workbook the unit fills in ([`workbook`]), and a returned workbook is
//! read back ([`read_workbook`]) and its values checked ([`Form::check`]) by
//! `crate::aggregate`.
//!
//! The workbook: the unit's identity and period filled in and protected, one row per
//! indicator with its unit, the cells to fill unlocked, shaded and validated (whole numbers
//! ≥ 0, rates 0–100, a completed count not above its total), and a hidden sheet
//! (`_vanban`) identifying the form, its version, the template, the period and the unit, and
//! where each value is, so that a returned file is matched by what it holds, not by its
//! name, even after Excel or LibreOffice saved it again.

use crate::diag::Diagnostic;
use crate::template::Template;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The sheet the unit fills in.
pub const SHEET: &str = "Phiếu báo cáo";
/// The hidden sheet identifying the form.
pub const ID_SHEET: &str = "_vanban";
/// The first cell of the hidden sheet: what the file is.
pub const MARK: &str = "vanban-bieu-mau";

/// What kind of value an indicator takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number ≥ 0 (`so_nguyen`): people, classes, đồng.
    Whole,
    /// A number ≥ 0 (`so`).
    Decimal,
    /// A rate in per cent, 0–100 (`ty_le`).
    Rate,
    /// Text (`van_ban`): difficulties, proposals.
    Text,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "so_nguyen" => Kind::Whole,
            "so" => Kind::Decimal,
            "ty_le" => Kind::Rate,
            "van_ban" => Kind::Text,
            _ => return None,
        })
    }

    /// Whether values of this kind are numbers.
    pub fn numeric(self) -> bool {
        self != Kind::Text
    }
}

/// One indicator of the form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The data field it fills (`gv_hoan_thanh`).
    pub key: String,
    /// As printed (`Giáo viên hoàn thành ít nhất 02 khóa học`).
    pub label: String,
    /// Đơn vị tính (`người`).
    pub unit: String,
    /// Its kind.
    pub kind: Kind,
    /// The field it may not exceed (a completed count and its total).
    pub max_of: Option<String>,
    /// Whether a returned form must have it (numbers: yes unless said otherwise).
    pub required: bool,
}

/// A row of the form: a group heading or an indicator.
#[derive(Debug, Clone)]
pub enum Item {
    /// A heading row (`I. Phổ cập kỹ năng số …`).
    Group(String),
    /// An indicator.
    Field(Field),
}

/// A form, from a template's `bieu_mau` section.
#[derive(Debug, Clone)]
pub struct Form {
    /// The form's code (`phieu-bao-cao-quy`), written into every workbook.
    pub id: String,
    /// Its version: a returned workbook of another version is refused.
    pub version: String,
    /// The data field holding the unit's code (`truong.ma`).
    pub unit_code: String,
    /// The data field holding the unit's name (`truong.ten`).
    pub unit_name: String,
    /// Other identity lines (label, data field), printed and kept in the hidden sheet.
    pub identity: Vec<(String, String)>,
    /// The data fields of the period (`ky.quy`, `ky.nam`).
    pub period: Vec<String>,
    /// The rows.
    pub items: Vec<Item>,
}

/// A raw value from a returned form or a combined sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Nothing entered.
    Empty,
    /// A number.
    Number(f64),
    /// Text as entered.
    Text(String),
}

impl Raw {
    /// From a JSON value of a rows file.
    pub fn of(v: Option<&Value>) -> Raw {
        match v {
            None | Some(Value::Null) => Raw::Empty,
            Some(Value::Number(n)) => n.as_f64().map_or(Raw::Empty, Raw::Number),
            Some(Value::String(s)) if s.trim().is_empty() => Raw::Empty,
            Some(Value::String(s)) => Raw::Text(s.trim().to_string()),
            Some(Value::Bool(b)) => Raw::Text(b.to_string()),
            Some(other) => Raw::Text(other.to_string()),
        }
    }
}

impl Form {
    /// The form of a template, if it declares one; every problem of the declaration at once.
    pub fn of(template: &Template) -> Result<Option<Form>, Vec<Diagnostic>> {
        let Some(spec) = template.section("bieu_mau") else { return Ok(None) };
        let mut errs = Vec::new();
        let err = |errs: &mut Vec<Diagnostic>, path: &str, msg: String| errs.push(template.error_at("template-form", path, msg));
        let text = |errs: &mut Vec<Diagnostic>, key: &str, required: bool| -> String {
            match spec.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                None if !required => String::new(),
                _ => {
                    err(errs, &format!("bieu_mau.{key}"), format!("`bieu_mau.{key}` needs a text"));
                    String::new()
                }
            }
        };
        let id = text(&mut errs, "ma", true);
        let version = text(&mut errs, "phien_ban", true);
        let _ = text(&mut errs, "tieu_de", true);
        let _ = text(&mut errs, "ky_bao_cao", true);
        let unit = spec.get("don_vi");
        let unit_code = unit.and_then(|u| u.get("ma")).and_then(Value::as_str).unwrap_or_default().to_string();
        let unit_name = unit.and_then(|u| u.get("ten")).and_then(Value::as_str).unwrap_or_default().to_string();
        if unit_code.is_empty() || unit_name.is_empty() {
            err(&mut errs, "bieu_mau.don_vi", "`bieu_mau.don_vi` needs \"ma\" and \"ten\": the data fields of the unit's code and name".into());
        }
        let mut identity = Vec::new();
        if let Some(list) = unit.and_then(|u| u.get("thong_tin")) {
            match list.as_array() {
                Some(items) => {
                    for (i, it) in items.iter().enumerate() {
                        match it.as_array().map(|a| a.iter().map(Value::as_str).collect::<Vec<_>>()).as_deref() {
                            Some([Some(label), Some(field)]) => identity.push((label.to_string(), field.to_string())),
                            _ => err(&mut errs, &format!("bieu_mau.don_vi.thong_tin[{i}]"), "each identity line is [\"label\", \"data field\"]".into()),
                        }
                    }
                }
                None => err(&mut errs, "bieu_mau.don_vi.thong_tin", "a list of [\"label\", \"data field\"]".into()),
            }
        }
        let period: Vec<String> = match spec.get("ky") {
            Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_string) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => {
                err(&mut errs, "bieu_mau.ky", "`bieu_mau.ky` needs the data fields of the period, e.g. [\"ky.quy\", \"ky.nam\"]".into());
                Vec::new()
            }
        };
        let mut items = Vec::new();
        match spec.get("chi_tieu").and_then(Value::as_array) {
            None => err(&mut errs, "bieu_mau.chi_tieu", "`bieu_mau.chi_tieu` needs the list of indicators".into()),
            Some(list) => {
                for (i, it) in list.iter().enumerate() {
                    let here = format!("bieu_mau.chi_tieu[{i}]");
                    if let Some(g) = it.get("nhom").and_then(Value::as_str) {
                        items.push(Item::Group(g.to_string()));
                        continue;
                    }
                    let s = |k: &str| it.get(k).and_then(Value::as_str).map(str::to_string);
                    let (Some(key), Some(label)) = (s("truong"), s("ten")) else {
                        err(&mut errs, &here, "an indicator needs \"truong\" (its data field) and \"ten\"; a heading row is {\"nhom\": \"…\"}".into());
                        continue;
                    };
                    let kind = match s("kieu").as_deref().map(Kind::parse) {
                        None => Kind::Whole,
                        Some(Some(k)) => k,
                        Some(None) => {
                            err(&mut errs, &format!("{here}.kieu"), "`kieu` is one of so_nguyen, so, ty_le, van_ban".into());
                            Kind::Whole
                        }
                    };
                    let required = it.get("bat_buoc").and_then(Value::as_bool).unwrap_or(kind.numeric());
                    let max_of = s("khong_qua");
                    items.push(Item::Field(Field { key, label, unit: s("don_vi").unwrap_or_default(), kind, max_of, required }));
                }
            }
        }
        let form = Form { id, version, unit_code, unit_name, identity, period, items };
        let mut seen = std::collections::HashSet::new();
        for (i, it) in form.items.iter().enumerate() {
            let Item::Field(f) = it else { continue };
            if !seen.insert(f.key.clone()) {
                err(&mut errs, &format!("bieu_mau.chi_tieu[{i}].truong"), format!("`{}` is listed twice", f.key));
            }
            if let Some(m) = &f.max_of {
                if !form.fields().any(|g| &g.key == m && g.kind.numeric()) || !f.kind.numeric() {
                    err(&mut errs, &format!("bieu_mau.chi_tieu[{i}].khong_qua"), format!("`khong_qua` names `{m}`, which is not a number indicator of this form"));
                }
            }
        }
        if errs.is_empty() {
            Ok(Some(form))
        } else {
            Err(errs)
        }
    }

    /// The indicators, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.items.iter().filter_map(|i| match i {
            Item::Field(f) => Some(f),
            Item::Group(_) => None,
        })
    }

    /// The indicator filling `key`.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().find(|f| f.key == key)
    }

    /// Checks the values of one returned form: the usable values, and a message for each
    /// value that is wrong (by field). A completed count above its total is reported on the
    /// count, and neither is used.
    pub fn check(&self, get: &dyn Fn(&str) -> Raw) -> (Map<String, Value>, Vec<(String, String)>) {
        let mut values = Map::new();
        let mut problems = Vec::new();
        for f in self.fields() {
            match (f.kind, get(&f.key)) {
                (_, Raw::Empty) => {
                    if f.required {
                        problems.push((f.key.clone(), format!("“{}” is not filled in", f.label)));
                    }
                }
                (Kind::Text, Raw::Number(x)) => {
                    values.insert(f.key.clone(), Value::String(crate::vn::format_decimal(x, 2)));
                }
                (Kind::Text, Raw::Text(t)) => {
                    values.insert(f.key.clone(), Value::String(t));
                }
                (kind, raw) => {
                    let x = match &raw {
                        Raw::Number(x) => Some(*x),
                        Raw::Text(t) => parse_number(t),
                        Raw::Empty => None,
                    };
                    let Some(x) = x else {
                        let t = if let Raw::Text(t) = raw { t } else { String::new() };
                        problems.push((f.key.clone(), format!("“{}”: `{}` is not a number", f.label, crate::diag::printable(&t))));
                        continue;
                    };
                    let bad = match kind {
                        Kind::Whole if x < 0.0 || x.fract() != 0.0 => Some("a whole number ≥ 0"),
                        Kind::Decimal if x < 0.0 => Some("a number ≥ 0"),
                        Kind::Rate if !(0.0..=100.0).contains(&x) => Some("a rate from 0 to 100 (%)"),
                        _ => None,
                    };
                    match bad {
                        Some(want) => problems.push((f.key.clone(), format!("“{}”: {} is out of range (expected {want})", f.label, show(x)))),
                        None => {
                            values.insert(f.key.clone(), number_value(x));
                        }
                    }
                }
            }
        }
        // A count may not exceed its total.
        for f in self.fields() {
            let Some(m) = &f.max_of else { continue };
            let (Some(a), Some(b)) = (values.get(&f.key).and_then(Value::as_f64), values.get(m).and_then(Value::as_f64)) else { continue };
            if a > b {
                let total = self.field(m).map_or(m.as_str(), |g| g.label.as_str());
                problems.push((f.key.clone(), format!("“{}”: {} is above its total “{}” ({})", f.label, show(a), total, show(b))));
                values.remove(&f.key);
                values.remove(m);
            }
        }
        (values, problems)
    }
}

fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        (x as i64).to_string()
    } else {
        x.to_string()
    }
}

/// A number typed as text: `12`, `12,5`, `1.200` (Vietnamese thousands), `45 %`.
fn parse_number(t: &str) -> Option<f64> {
    let t: String = t.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-')) {
        return None;
    }
    let t = if t.contains(',') || t.matches('.').count() > 1 || t.split('.').nth(1).is_some_and(|f| f.len() == 3) {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    t.parse().ok()
}

/// A dotted data field (`truong.ma`) of a row.
pub fn lookup<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(data, |v, k| v.get(k))
}

/// A value as text, for identity cells and matching (`3`, `MN-0001`).
pub fn text_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 => (x as i64).to_string(),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

/// The column letters of a 0-based column (`0` → `A`, `27` → `AB`).
pub fn column_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Writes the fillable workbook of one row. The identity and period come from `data`; the
/// values are filled in where `data` has them (last quarter's figures, say).
pub fn workbook(template: &Template, form: &Form, data: &Value) -> Result<Vec<u8>, Vec<Diagnostic>> {
    use rust_xlsxwriter::{
        Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
        ProtectionOptions, Workbook,
    };
    let mut errs = Vec::new();
    let title = template.render_at("bieu_mau.tieu_de", data, "").map_err(|d| errs.push(d)).unwrap_or_default();
    let period_text = template.render_at("bieu_mau.ky_bao_cao", data, "").map_err(|d| errs.push(d)).unwrap_or_default();
    let code = text_of(lookup(data, &form.unit_code));
    let name = text_of(lookup(data, &form.unit_name));
    if code.is_empty() {
        errs.push(Diagnostic::error("form-unit", format!("the unit's code `{}` has no value", form.unit_code)).field(Some(form.unit_code.clone())));
    }
    if name.is_empty() {
        errs.push(Diagnostic::error("form-unit", format!("the unit's name `{}` has no value", form.unit_name)).field(Some(form.unit_name.clone())));
    }
    for p in &form.period {
        if text_of(lookup(data, p)).is_empty() {
            errs.push(Diagnostic::error("form-period", format!("the period field `{p}` has no value")).field(Some(p.clone())));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let x = |e: rust_xlsxwriter::XlsxError| vec![Diagnostic::error("write", format!("cannot write the workbook: {e}"))];

    let mut wb = Workbook::new();
    // A fixed date: the same row gives the same bytes; a re-saved file shows a later one.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(x)?;
    wb.set_properties(&DocProperties::new().set_title(&title).set_author("vanban").set_creation_datetime(&created));
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    let title_f = font(Format::new()).set_bold().set_font_size(13).set_align(FormatAlign::Center);
    let label_f = font(Format::new()).set_bold();
    let plain_f = font(Format::new());
    let head_f = border(font(Format::new()).set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xD9D9D9)));
    let group_f = border(font(Format::new()).set_bold());
    let cell_f = border(font(Format::new()));
    let centre_f = border(font(Format::new()).set_align(FormatAlign::Center));
    let input_f = border(font(Format::new()).set_unlocked().set_background_color(Color::RGB(0xFFF2CC)));
    let whole_f = input_f.clone().set_num_format("#,##0");
    let dec_f = input_f.clone().set_num_format("#,##0.##");
    let note_f = font(Format::new()).set_italic();

    let ws = wb.add_worksheet();
    ws.set_name(SHEET).map_err(x)?;
    for (c, w) in [(0u16, 6.0), (1, 58.0), (2, 12.0), (3, 18.0), (4, 30.0)] {
        ws.set_column_width(c, w).map_err(x)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.merge_range(0, 0, 0, 4, &title, &title_f).map_err(x)?;
    ws.set_row_height(0, 48).map_err(x)?;
    let mut r: u32 = 2;
    let mut ident = vec![("Tên đơn vị".to_string(), name.clone()), ("Mã đơn vị".to_string(), code.clone())];
    for (label, field) in &form.identity {
        ident.push((label.clone(), text_of(lookup(data, field))));
    }
    ident.push(("Kỳ báo cáo".to_string(), period_text.clone()));
    for (label, value) in &ident {
        ws.merge_range(r, 0, r, 1, label, &label_f).map_err(x)?;
        ws.merge_range(r, 2, r, 4, value, &plain_f).map_err(x)?;
        r += 1;
    }
    r += 1;
    for (c, h) in ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Yêu cầu"].iter().enumerate() {
        ws.write_with_format(r, c as u16, *h, &head_f).map_err(x)?;
    }
    r += 1;
    let mut cells: Vec<(String, String)> = Vec::new();
    let mut rows_of: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut n = 0;
    for item in &form.items {
        match item {
            Item::Group(g) => {
                ws.merge_range(r, 0, r, 4, g, &group_f).map_err(x)?;
                n = 0;
            }
            Item::Field(f) => {
                n += 1;
                ws.write_with_format(r, 0, n, &centre_f).map_err(x)?;
                ws.write_with_format(r, 1, &f.label, &cell_f).map_err(x)?;
                ws.write_with_format(r, 2, &f.unit, &centre_f).map_err(x)?;
                let fmt = match f.kind {
                    Kind::Whole => &whole_f,
                    Kind::Decimal | Kind::Rate => &dec_f,
                    Kind::Text => &input_f,
                };
                match (f.kind, lookup(data, &f.key)) {
                    (Kind::Text, Some(v)) if !text_of(Some(v)).is_empty() => ws.write_with_format(r, 3, text_of(Some(v)), fmt).map_err(x)?,
                    (k, Some(Value::Number(v))) if k.numeric() => ws.write_with_format(r, 3, v.as_f64().unwrap_or(0.0), fmt).map_err(x)?,
                    _ => ws.write_blank(r, 3, fmt).map_err(x)?,
                };
                let total_row = f.max_of.as_deref().and_then(|m| rows_of.get(m).copied());
                let (need, validation) = match f.kind {
                    Kind::Whole => match (&f.max_of, total_row) {
                        (Some(m), Some(tr)) => {
                            let total = form.field(m).map_or(m.clone(), |g| g.label.clone());
                            (
                                format!("Số nguyên ≥ 0, không quá “{}” (dòng {})", total, tr + 1),
                                Some(DataValidation::new().allow_whole_number_formula(DataValidationRule::Between(Formula::new("0"), Formula::new(format!("$D${}", tr + 1))))),
                            )
                        }
                        _ => ("Số nguyên ≥ 0".to_string(), Some(DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)))),
                    },
                    Kind::Decimal => ("Số ≥ 0".to_string(), Some(DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)))),
                    Kind::Rate => ("Tỷ lệ từ 0 đến 100 (%)".to_string(), Some(DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)))),
                    Kind::Text => ("Ghi bằng chữ (nếu có)".to_string(), None),
                };
                let need = if f.required { need } else { format!("{need}; có thể bỏ trống") };
                ws.write_with_format(r, 4, &need, &cell_f).map_err(x)?;
                if let Some(v) = validation {
                    let v = v
                        .set_error_style(DataValidationErrorStyle::Stop)
                        .set_error_title("Số liệu không hợp lệ")
                        .map_err(x)?
                        .set_error_message(&need)
                        .map_err(x)?;
                    ws.add_data_validation(r, 3, r, 3, &v).map_err(x)?;
                }
                rows_of.insert(&f.key, r);
                cells.push((f.key.clone(), format!("D{}", r + 1)));
            }
        }
        r += 1;
    }
    r += 1;
    ws.merge_range(
        r,
        0,
        r,
        4,
        "Ghi chú: điền số liệu vào các ô tô màu ở cột “Số liệu”; không đổi tên trang tính, không thêm hay xóa dòng, cột. Lưu tệp (.xlsx) và gửi lại; có thể đổi tên tệp.",
        &note_f,
    )
    .map_err(x)?;
    ws.set_row_height(r, 36).map_err(x)?;
    let protection = ProtectionOptions { select_locked_cells: true, select_unlocked_cells: true, format_columns: true, format_rows: true, ..ProtectionOptions::default() };
    ws.protect_with_options(&protection);

    // The hidden sheet: what this file is, key by key.
    let id = wb.add_worksheet();
    id.set_name(ID_SHEET).map_err(x)?;
    let mut kv: Vec<(String, String)> = vec![
        (MARK.to_string(), "1".to_string()),
        ("ma".to_string(), form.id.clone()),
        ("phien_ban".to_string(), form.version.clone()),
        ("mau".to_string(), template.name.clone()),
        ("trang".to_string(), SHEET.to_string()),
        ("don_vi".to_string(), form.unit_code.clone()),
    ];
    let mut fields: Vec<&str> = vec![form.unit_code.as_str(), form.unit_name.as_str()];
    fields.extend(form.identity.iter().map(|(_, f)| f.as_str()));
    fields.extend(form.period.iter().map(String::as_str));
    for f in fields {
        kv.push((format!("=.{f}"), text_of(lookup(data, f))));
    }
    for (key, cell) in cells {
        kv.push((format!("@.{key}"), cell));
    }
    for (i, (k, v)) in kv.iter().enumerate() {
        id.write_string(i as u32, 0, k).map_err(x)?;
        id.write_string(i as u32, 1, v).map_err(x)?;
    }
    id.protect();
    id.set_hidden(true);
    wb.save_to_buffer().map_err(x)
}

/// A returned workbook, as read.
#[derive(Debug, Clone)]
pub struct Returned {
    /// The file.
    pub file: PathBuf,
    /// The form code and version written in it.
    pub form_id: String,
    /// The form version written in it.
    pub version: String,
    /// The sheet the values are on.
    pub sheet: String,
    /// Identity and period fields (data field → text) as written when the form was made.
    pub identity: Vec<(String, String)>,
    /// The values by field, with their cell.
    pub values: Vec<(String, String, Raw)>,
    /// When the file was last saved, from its properties (`2026-10-05T08:12:00Z`), if known.
    pub saved: Option<String>,
}

impl Returned {
    /// An identity or period field's text.
    pub fn ident(&self, field: &str) -> &str {
        self.identity.iter().find(|(f, _)| f == field).map_or("", |(_, v)| v.as_str())
    }

    /// A value and its cell.
    pub fn value(&self, key: &str) -> Option<(&str, &Raw)> {
        self.values.iter().find(|(k, _, _)| k == key).map(|(_, c, r)| (c.as_str(), r))
    }
}

/// Whether `path` holds a vanban form (a workbook with the hidden sheet); `None` when it is
/// not a workbook at all or cannot be opened.
pub fn is_form(path: &Path) -> Option<bool> {
    use calamine::Reader;
    let wb = calamine::open_workbook_auto(path).ok()?;
    Some(wb.sheet_names().iter().any(|n| n == ID_SHEET))
}

/// Reads a returned workbook: the hidden sheet says what it is and where each value is.
pub fn read_workbook(path: &Path) -> Result<Returned, Diagnostic> {
    use calamine::{Data, Reader};
    let file = path.display().to_string();
    let fail = |code: &'static str, msg: String| Diagnostic::error(code, msg).in_file(file.clone());
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| fail("form-read", format!("cannot open the workbook: {e}")))?;
    if !wb.sheet_names().iter().any(|n| n == ID_SHEET) {
        return Err(fail("form-unknown", "not a vanban form: the workbook has no `_vanban` sheet".into())
            .hint("send the schools the workbooks `vanban bulk … --format xlsx` made, or give one combined sheet with a row per unit"));
    }
    let id = wb.worksheet_range(ID_SHEET).map_err(|e| fail("form-read", format!("cannot read sheet `{ID_SHEET}`: {e}")))?;
    let mut kv: Vec<(String, String)> = Vec::new();
    for row in id.rows() {
        let k = row.first().map(|d| d.to_string()).unwrap_or_default();
        let v = row.get(1).map(|d| match d {
            Data::Float(f) if f.fract() == 0.0 => (*f as i64).to_string(),
            other => other.to_string(),
        });
        if !k.is_empty() {
            kv.push((k, v.unwrap_or_default()));
        }
    }
    let get = |k: &str| kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    if get(MARK).is_none() {
        return Err(fail("form-unknown", format!("not a vanban form: sheet `{ID_SHEET}` does not start with `{MARK}`")));
    }
    let sheet = get("trang").unwrap_or_else(|| SHEET.to_string());
    let range = wb.worksheet_range(&sheet).map_err(|e| fail("form-read", format!("cannot read sheet `{sheet}`: {e}")))?;
    let mut values = Vec::new();
    for (k, cell) in kv.iter().filter_map(|(k, v)| k.strip_prefix("@.").map(|k| (k, v))) {
        let Some((row, col)) = parse_cell(cell) else {
            return Err(fail("form-unknown", format!("sheet `{ID_SHEET}`: `{cell}` is not a cell")));
        };
        let raw = match range.get_value((row, col)) {
            None | Some(Data::Empty) => Raw::Empty,
            Some(Data::Int(i)) => Raw::Number(*i as f64),
            Some(Data::Float(f)) => Raw::Number(*f),
            Some(Data::String(s)) if s.trim().is_empty() => Raw::Empty,
            Some(Data::String(s)) => Raw::Text(crate::vn::normalize(s.trim())),
            Some(Data::Bool(b)) => Raw::Text(b.to_string()),
            Some(Data::Error(e)) => Raw::Text(format!("#{e:?}")),
            Some(other) => Raw::Text(other.to_string()),
        };
        values.push((k.to_string(), cell.clone(), raw));
    }
    let identity = kv.iter().filter_map(|(k, v)| k.strip_prefix("=.").map(|k| (k.to_string(), v.clone()))).collect();
    Ok(Returned {
        file: path.to_path_buf(),
        form_id: get("ma").unwrap_or_default(),
        version: get("phien_ban").unwrap_or_default(),
        sheet,
        identity,
        values,
        saved: saved_at(path),
    })
}

/// `D12` → (11, 3), as calamine addresses cells (absolute, from A1).
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    let letters = letters.trim_end_matches('$');
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |a, b| a * 26 + (b - b'A' + 1) as u32) - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// When a workbook was last saved, from `docProps/core.xml` (Excel and LibreOffice update it).
fn saved_at(path: &Path) -> Option<String> {
    let f = std::fs::File::open(path).ok()?;
    let mut z = zip::ZipArchive::new(f).ok()?;
    let mut core = z.by_name("docProps/core.xml").ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut core, &mut xml).ok()?;
    let start = xml.find("<dcterms:modified")?;
    let rest = &xml[start..];
    let open = rest.find('>')? + 1;
    let close = rest.find("</dcterms:modified>")?;
    Some(rest[open..close].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_columns() {
        assert_eq!(parse_cell("D12"), Some((11, 3)));
        assert_eq!(parse_cell("$AB$3"), Some((2, 27)));
        assert_eq!(parse_cell("12"), None);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
        assert_eq!(parse_number("1.200"), Some(1200.0));
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number("45 %"), Some(45.0));
        assert_eq!(parse_number("mười"), None);
    }
}
