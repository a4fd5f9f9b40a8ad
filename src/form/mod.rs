//! Fillable forms: the `bieu_mau` section of a template declares the figures a unit reports.
//! It writes the workbook a unit fills in and reads a returned one back; it must not collect,
//! sum or render reports (that is `crate::aggregate`) nor print. One file, `mod.rs`.
//!
//! The `bieu_mau` section declares one row per indicator, with its unit and kind;
//! `vanban bulk … --format xlsx` writes it,
//! per row, as an Excel workbook the unit fills in ([`workbook`]), and a returned workbook is
//! read back through `crate::sheet` ([`read_book`]: each indicator found by its label) and
//! its values checked ([`Form::check`]) by `crate::aggregate`.
//!
//! The workbook: the unit's identity and period filled in and protected, one row per
//! indicator with its unit, the cells to fill unlocked, shaded and validated (whole numbers
//! ≥ 0, rates 0–100, a completed count not above its total), and a hidden sheet
//! (`_vanban`) identifying the form, its version, the template, the period and the unit, and
//! where each value is, so that a returned file is matched by what it holds, not by its
//! name, even after Excel or LibreOffice saved it again.

use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
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
    /// A cell that cannot be read (an Excel error, a formula without its value, text in a
    /// legacy encoding that cannot be converted): why.
    Bad(String),
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
        let err = |errs: &mut Vec<Diagnostic>, path: &str, msg: Msg| errs.push(template.error_at(path, msg));
        let text = |errs: &mut Vec<Diagnostic>, key: &str, required: bool| -> String {
            match spec.get(key) {
                Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                None if !required => String::new(),
                _ => {
                    err(errs, &format!("bieu_mau.{key}"), Msg::FormNeedsText { key: key.to_string() });
                    String::new()
                }
            }
        };
        let id = text(&mut errs, "ma", true);
        let version = text(&mut errs, "phien_ban", true);
        // Checked only (an error when missing): the sheet renders them from the template.
        let _ = text(&mut errs, "tieu_de", true);
        let _ = text(&mut errs, "ky_bao_cao", true);
        let unit = spec.get("don_vi");
        let unit_code = unit.and_then(|u| u.get("ma")).and_then(Value::as_str).unwrap_or_default().to_string();
        let unit_name = unit.and_then(|u| u.get("ten")).and_then(Value::as_str).unwrap_or_default().to_string();
        if unit_code.is_empty() || unit_name.is_empty() {
            err(&mut errs, "bieu_mau.don_vi", Msg::FormUnit);
        }
        let mut identity = Vec::new();
        if let Some(list) = unit.and_then(|u| u.get("thong_tin")) {
            match list.as_array() {
                Some(items) => {
                    for (i, it) in items.iter().enumerate() {
                        match it.as_array().map(|a| a.iter().map(Value::as_str).collect::<Vec<_>>()).as_deref() {
                            Some([Some(label), Some(field)]) => identity.push((label.to_string(), field.to_string())),
                            _ => err(&mut errs, &format!("bieu_mau.don_vi.thong_tin[{i}]"), Msg::FormIdentityLine),
                        }
                    }
                }
                None => err(&mut errs, "bieu_mau.don_vi.thong_tin", Msg::FormIdentityList),
            }
        }
        let period: Vec<String> = match spec.get("ky") {
            Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_string) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
            _ => {
                err(&mut errs, "bieu_mau.ky", Msg::FormPeriodFields);
                Vec::new()
            }
        };
        let mut items = Vec::new();
        match spec.get("chi_tieu").and_then(Value::as_array) {
            None => err(&mut errs, "bieu_mau.chi_tieu", Msg::FormIndicators),
            Some(list) => {
                for (i, it) in list.iter().enumerate() {
                    let here = format!("bieu_mau.chi_tieu[{i}]");
                    if let Some(g) = it.get("nhom").and_then(Value::as_str) {
                        items.push(Item::Group(g.to_string()));
                        continue;
                    }
                    let s = |k: &str| it.get(k).and_then(Value::as_str).map(str::to_string);
                    let (Some(key), Some(label)) = (s("truong"), s("ten")) else {
                        err(&mut errs, &here, Msg::FormIndicator);
                        continue;
                    };
                    let kind = match s("kieu").as_deref().map(Kind::parse) {
                        None => Kind::Whole,
                        Some(Some(k)) => k,
                        Some(None) => {
                            err(&mut errs, &format!("{here}.kieu"), Msg::FormKind);
                            Kind::Whole
                        }
                    };
                    let required = match it.get("bat_buoc") {
                        None => kind.numeric(),
                        Some(v) => v.as_bool().unwrap_or_else(|| {
                            err(&mut errs, &format!("{here}.bat_buoc"), Msg::FormRequiredFlag);
                            kind.numeric()
                        }),
                    };
                    // Optional texts: absent is none; present and not a text is said.
                    for k in ["don_vi", "khong_qua"] {
                        if it.get(k).is_some_and(|v| !v.is_string()) {
                            err(&mut errs, &format!("{here}.{k}"), Msg::FormIndicatorText { key: k.to_string() });
                        }
                    }
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
                err(&mut errs, &format!("bieu_mau.chi_tieu[{i}].truong"), Msg::FormListedTwice { key: f.key.clone() });
            }
            if let Some(m) = &f.max_of {
                if !form.fields().any(|g| &g.key == m && g.kind.numeric()) || !f.kind.numeric() {
                    err(&mut errs, &format!("bieu_mau.chi_tieu[{i}].khong_qua"), Msg::FormMaxOf { field: m.clone() });
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
                (_, Raw::Bad(why)) => problems.push((f.key.clone(), Text::FieldBad { label: f.label.clone(), why: why.clone() }.to_string())),
                (_, Raw::Empty) => {
                    if f.required {
                        problems.push((f.key.clone(), Text::FieldNotFilled { label: f.label.clone() }.to_string()));
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
                        Raw::Text(t) => crate::sheet::parse_number(t),
                        Raw::Empty | Raw::Bad(_) => None,
                    };
                    let Some(x) = x else {
                        let t = if let Raw::Text(t) = raw { t } else { String::new() };
                        problems
                            .push((f.key.clone(), Text::FieldNotNumber { label: f.label.clone(), value: crate::diag::printable(&t).to_string() }.to_string()));
                        continue;
                    };
                    let bad = match kind {
                        Kind::Whole if x < 0.0 || x.fract() != 0.0 => Some(Text::WantWhole),
                        Kind::Decimal if x < 0.0 => Some(Text::WantNumber),
                        Kind::Rate if !(0.0..=100.0).contains(&x) => Some(Text::WantRate),
                        _ => None,
                    };
                    match bad {
                        Some(want) => {
                            problems.push((f.key.clone(), Text::FieldOutOfRange { label: f.label.clone(), value: show(x), want: Box::new(want) }.to_string()))
                        }
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
                problems.push((
                    f.key.clone(),
                    Text::FieldAboveTotal { label: f.label.clone(), value: show(a), total: total.to_string(), total_value: show(b) }.to_string(),
                ));
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

/// Writes the fillable workbook of one row. The identity and period come from `data`; the
/// values are filled in where `data` has them (last quarter's figures, say).
pub fn workbook(template: &Template, form: &Form, data: &Value) -> Result<Vec<u8>, Vec<Diagnostic>> {
    use rust_xlsxwriter::{
        Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
        ProtectionOptions, Workbook,
    };
    let mut errs = Vec::new();
    // A failed rendering is kept in `errs` (returned below); the empty text is never written.
    let title = template.render_at("bieu_mau.tieu_de", data, "").map_err(|d| errs.push(d)).unwrap_or_default();
    let period_text = template.render_at("bieu_mau.ky_bao_cao", data, "").map_err(|d| errs.push(d)).unwrap_or_default();
    let code = text_of(lookup(data, &form.unit_code));
    let name = text_of(lookup(data, &form.unit_name));
    if code.is_empty() {
        errs.push(Diagnostic::error(Msg::FormUnitCode { field: form.unit_code.clone() }).field(Some(form.unit_code.clone())));
    }
    if name.is_empty() {
        errs.push(Diagnostic::error(Msg::FormUnitName { field: form.unit_name.clone() }).field(Some(form.unit_name.clone())));
    }
    for p in &form.period {
        if text_of(lookup(data, p)).is_empty() {
            errs.push(Diagnostic::error(Msg::FormPeriod { field: p.clone() }).field(Some(p.clone())));
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let x = |e: rust_xlsxwriter::XlsxError| vec![Diagnostic::error(Msg::FormWorkbook { error: e.to_string() })];

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
    // A rate shows its sign, so that `63` and `63%` typed by a school mean the same: a value
    // typed with `%` is stored as 0.63 in a percent format, which the reader reads as 63.
    let rate_f = input_f.clone().set_num_format("General\" %\"");
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
                    Kind::Decimal => &dec_f,
                    Kind::Rate => &rate_f,
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
                                Some(
                                    DataValidation::new()
                                        .allow_whole_number_formula(DataValidationRule::Between(Formula::new("0"), Formula::new(format!("$D${}", tr + 1)))),
                                ),
                            )
                        }
                        _ => ("Số nguyên ≥ 0".to_string(), Some(DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)))),
                    },
                    Kind::Decimal => ("Số ≥ 0".to_string(), Some(DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)))),
                    Kind::Rate => {
                        ("Tỷ lệ từ 0 đến 100 (%)".to_string(), Some(DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0))))
                    }
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
    let protection =
        ProtectionOptions { select_locked_cells: true, select_unlocked_cells: true, format_columns: true, format_rows: true, ..ProtectionOptions::default() };
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
    /// How it was read, where that differs from the form as made (rows or columns inserted).
    pub notes: Vec<Diagnostic>,
    /// The form was changed so that its values cannot be read safely: the cell and why.
    pub refused: Option<(String, String)>,
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

/// Whether two labels are the same to a reader: case, tone marks and spacing aside.
fn same_label(a: &str, b: &str) -> bool {
    crate::sheet::fold(a) == crate::sheet::fold(b)
}

/// A cell of a returned form as a raw value: a percent cell as the number it shows.
fn raw_of(cell: &crate::sheet::Cell) -> Raw {
    use crate::sheet::Value as V;
    if let Some(enc) = cell.mixed {
        return Raw::Bad(Text::MixedEncodingCell { encoding: Box::new(crate::sheet::legacy_name(enc)) }.to_string());
    }
    match &cell.value {
        V::Empty if cell.formula_without_value => Raw::Bad(Text::Formula.to_string()),
        V::Empty => Raw::Empty,
        // Cannot fail: a number cell reads as its number.
        V::Number(_) => cell.number().ok().flatten().map_or(Raw::Empty, Raw::Number),
        V::Text(t) => Raw::Text(t.clone()),
        V::Bool(b) => Raw::Text(b.to_string()),
        V::Date(d) => Raw::Text(d.clone()),
        V::Error(e) => Raw::Bad(Text::ExcelError { error: e.clone() }.to_string()),
    }
}

/// Reads a returned workbook: the hidden sheet says what it is; each indicator's row is found
/// by its label in the form (the hidden sheet's addresses only a hint), so a form with rows or
/// columns inserted or deleted is read right and said so; a form whose labels were changed or
/// that lacks an indicator is marked `refused` at the row where it was changed, its values
/// left unread.
pub fn read_book(book: &mut crate::sheet::Book, form: &Form) -> Result<Returned, Diagnostic> {
    let file = book.file();
    let fail = |msg: Msg| Diagnostic::error(msg).in_file(file.clone());
    let read_failed = |d: Diagnostic| fail(Msg::FormRead { detail: Box::new(d.msg) });
    if !book.has(ID_SHEET) {
        return Err(fail(Msg::FormUnknown));
    }
    let id = book.grid(ID_SHEET).map_err(read_failed)?;
    let mut kv: Vec<(String, String)> = Vec::new();
    for r in 0..id.rows.len() as u32 {
        let k = id.cell(r, 0).text();
        if !k.is_empty() {
            kv.push((k, id.cell(r, 1).text()));
        }
    }
    let get = |k: &str| kv.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    if get(MARK).is_none() {
        return Err(fail(Msg::FormNoMark { sheet: ID_SHEET.to_string(), mark: MARK.to_string() }));
    }
    let identity = kv.iter().filter_map(|(k, v)| k.strip_prefix("=.").map(|k| (k.to_string(), v.clone()))).collect();
    // No id or version: empty, which no form has, so the caller refuses it as another form.
    let mut out = Returned {
        file: book.path.clone(),
        form_id: get("ma").unwrap_or_default(),
        version: get("phien_ban").unwrap_or_default(),
        sheet: get("trang").unwrap_or_else(|| SHEET.to_string()),
        identity,
        values: Vec::new(),
        saved: saved_at(&book.path),
        notes: Vec::new(),
        refused: None,
    };
    // Another form, or another version: the caller refuses it; its labels are not ours.
    if out.form_id != form.id || out.version != form.version {
        return Ok(out);
    }
    // The sheet, renamed by the school or not.
    if !book.has(&out.sheet) {
        let other = book.sheets.iter().find(|s| !s.hidden && s.name != ID_SHEET).map(|s| s.name.clone());
        match other {
            Some(name) => {
                out.notes.push(Diagnostic::warning(Msg::FormRenamed { sheet: out.sheet.clone(), name: name.clone() }).in_file(&file));
                out.sheet = name;
            }
            None => return Err(fail(Msg::FormSheetGone { sheet: out.sheet.clone() })),
        }
    }
    let grid = book.grid(&out.sheet).map_err(read_failed)?;
    let hints: Vec<(String, Option<(u32, u32)>)> =
        kv.iter().filter_map(|(k, v)| k.strip_prefix("@.").map(|k| (k.to_string(), crate::sheet::parse_cell(v)))).collect();
    // The header row: where the label and value columns are now.
    use crate::sheet::{read_table, Column, Expect};
    let expect = Expect {
        columns: vec![
            Column::new("stt", &["STT"]),
            Column::new("chi_tieu", &["Chỉ tiêu"]).required(),
            Column::new("don_vi_tinh", &["Đơn vị tính"]),
            Column::new("so_lieu", &["Số liệu"]).required(),
            Column::new("yeu_cau", &["Yêu cầu"]),
        ],
        keep_unknown: true,
        ..Expect::default()
    };
    let table = read_table(&grid, &expect);
    let col = |k: &str| table.columns.iter().find(|c| c.key == k).map(|c| c.col);
    let (Some(label_col), Some(value_col)) = (col("chi_tieu"), col("so_lieu")) else {
        out.refused = Some((String::new(), Text::FormChangedHeader.to_string()));
        return Ok(out);
    };
    // Each indicator in order: the first row at or after the previous one with its label.
    let mut cursor = table.header_row + 1;
    let mut shift: i64 = 0;
    let mut moved = Vec::new();
    let last = grid.rows.len() as u32;
    for f in self::Form::fields(form) {
        let hint = hints.iter().find(|(k, _)| k == &f.key).and_then(|(_, c)| *c);
        let found = (cursor..last).find(|&r| same_label(&grid.shown(r, label_col), &f.label));
        let Some(row) = found else {
            let expected_row = hint.map_or(cursor, |(r, _)| (r as i64 + shift).max(cursor as i64) as u32);
            let there = grid.shown(expected_row, label_col);
            let what = if there.is_empty() { Text::NothingThere } else { Text::Quoted { text: crate::diag::printable(&there).to_string() } };
            // Nothing of this form is read: values at shifted places could be counted under
            // the wrong indicators.
            out.values.clear();
            out.refused = Some((
                format!("{}{}", crate::sheet::column_name(label_col as usize), expected_row + 1),
                Text::FormChangedAt { row: expected_row + 1, label: f.label.clone(), what: Box::new(what) }.to_string(),
            ));
            return Ok(out);
        };
        let cell_name = format!("{}{}", crate::sheet::column_name(value_col as usize), row + 1);
        if let Some((hr, hc)) = hint {
            if (hr, hc) != (row, value_col) {
                moved.push((f.key.clone(), format!("{}{}", crate::sheet::column_name(hc as usize), hr + 1), cell_name.clone()));
                shift = row as i64 - hr as i64;
            }
        }
        out.values.push((f.key.clone(), cell_name, raw_of(grid.cell(row, value_col))));
        cursor = row + 1;
    }
    if let Some((_, from, to)) = moved.first() {
        out.notes.push(
            Diagnostic::warning(Msg::FormMoved {
                sheet: out.sheet.clone(),
                count: moved.len(),
                from: from.clone(),
                to: to.clone(),
                more: if moved.len() > 1 { ", …" } else { "" }.to_string(),
            })
            .in_file(&file),
        );
    }
    out.notes.extend(table.notes.into_iter().filter(|n| matches!(n.code, "sheet-encoding" | "sheet-hidden")));
    Ok(out)
}

/// When a workbook was last saved, from `docProps/core.xml` (Excel and LibreOffice update it).
/// Optional: it only orders two returns of one unit, and a file without it (or unreadable
/// here; the sheet's own read reports that) is "unknown" in the reason given.
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
    fn label_matching_ignores_spacing_and_case() {
        assert!(same_label("Giáo viên  hoàn thành\nkhóa học", "giáo viên hoàn thành khóa học"));
        assert!(!same_label("Giáo viên hoàn thành", "Giáo viên chưa hoàn thành"));
    }

    /// An indicator's optional settings of another shape are said, not read as absent.
    #[test]
    fn indicator_settings_of_another_shape_are_said() {
        let text = r#"{"bieu_mau": {"ma": "p", "phien_ban": "1", "tieu_de": "T", "ky_bao_cao": "K", "ky": ["ky.nam"],
            "don_vi": {"ma": "dv.ma", "ten": "dv.ten", "thong_tin": []},
            "chi_tieu": [{"truong": "a", "ten": "A", "bat_buoc": "có", "don_vi": 5, "khong_qua": ["b"]}, {"truong": "b", "ten": "B"}]}}"#;
        let errs = Form::of(&Template::from_text("t.json", text).unwrap()).err().unwrap();
        let paths: Vec<&str> = errs.iter().filter_map(|d| d.path.as_deref()).collect();
        assert_eq!(paths, ["bieu_mau.chi_tieu[0].bat_buoc", "bieu_mau.chi_tieu[0].don_vi", "bieu_mau.chi_tieu[0].khong_qua"], "{errs:?}");
    }
}
