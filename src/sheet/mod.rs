//! ONE reader for every spreadsheet vanban takes in (`.xlsx`, `.xlsm`, `.xls`, `.ods`, `.csv`):
//! cells with what their number format means (a percent, a date), hidden rows and columns,
//! merged regions and legacy-encoded text found; [`table`] finds a table's header and footer.
//! It must not know what the rows mean: bulk, dossiers, forms and the register read through it.
//!
//! Values come from calamine; what calamine does not say (a percent format, a formula saved
//! without its value, hidden rows and columns, merged cells) is read from the file's XML by
//! `meta` for `.xlsx` and `.ods`. A `.xls` has no such pass: its percent cells are not known
//! ([`Grid::formats_known`] is false) and readers say so where it matters.
//!
//! - `mod.rs`: the book opened, cells typed, the sheet chosen.
//! - `meta`: percent formats, formulas without value, hidden rows and columns, merged cells.
//! - [`table`]: the header under title rows, folded headers, footers and totals, the records.
//! - [`legacy`]: text in TCVN3 (ABC) and VNI found and converted to Unicode.

pub mod legacy;
mod meta;
pub mod table;

use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use table::{read_table, Column, Expect, Record, Table};

/// A cell's value, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// A number (for a percent-formatted cell, the fraction: 0.63 for `63%`).
    Number(f64),
    /// Text, trimmed and NFC-normalised (legacy encodings converted).
    Text(String),
    /// A boolean.
    Bool(bool),
    /// A date cell (`YYYY-MM-DD`, with ` HH:MM` when it has a time).
    Date(String),
    /// An Excel error (`#DIV/0!`).
    Error(String),
}

/// One cell: its value and what its format says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value.
    pub value: Value,
    /// The number format shows a percent: the cell shows `value × 100 %`.
    pub percent: bool,
    /// A formula saved without its computed value (a file written by a script).
    pub formula_without_value: bool,
    /// The text was in a legacy Vietnamese encoding and was converted.
    pub converted: Option<legacy::Legacy>,
    /// The text looks legacy-encoded but cannot be converted cleanly: never to be printed.
    pub mixed: Option<legacy::Legacy>,
}

impl Cell {
    /// An empty cell.
    pub const EMPTY: Cell = Cell { value: Value::Empty, percent: false, formula_without_value: false, converted: None, mixed: None };

    fn of(value: Value) -> Cell {
        Cell { value, ..Cell::EMPTY }
    }

    /// Whether the cell holds nothing (a formula without its value is not nothing).
    pub fn is_empty(&self) -> bool {
        self.value == Value::Empty && !self.formula_without_value
    }

    /// The text the cell shows, for headers, labels and messages.
    pub fn text(&self) -> String {
        match &self.value {
            Value::Empty => String::new(),
            Value::Number(x) if self.percent => format!("{}%", show(x * 100.0)),
            Value::Number(x) => show(*x),
            Value::Text(s) | Value::Date(s) => s.clone(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.clone(),
        }
    }

    /// The number the cell shows: a percent-formatted cell's value × 100 (`63%` → 63); a
    /// number typed as text in Vietnamese or English style (`1.250.000`, `69,5`, `69,5%`,
    /// `12.5`) read as it shows. `Ok(None)` for an empty cell; `Err` with what it holds when
    /// it is not a number.
    pub fn number(&self) -> Result<Option<f64>, Text> {
        match &self.value {
            Value::Empty if self.formula_without_value => Err(Text::Formula),
            Value::Empty => Ok(None),
            Value::Number(x) if self.percent => Ok(Some(round(x * 100.0))),
            Value::Number(x) => Ok(Some(*x)),
            Value::Text(t) => parse_number(t).map(Some).ok_or_else(|| Text::NotNumber { text: crate::diag::printable(t).to_string() }),
            other => Err(Text::NotNumber { text: Cell::of(other.clone()).text() }),
        }
    }

    /// The cell as a JSON value for a data row: text as text, numbers as numbers (a percent
    /// cell as the number it shows), dates as `YYYY-MM-DD`; `Ok(None)` for nothing; `Err`
    /// for an Excel error, a formula without its value or half-converted legacy text.
    pub fn json(&self) -> Result<Option<serde_json::Value>, Text> {
        use serde_json::Value as J;
        if let Some(enc) = self.mixed {
            return Err(Text::MixedEncoding { text: crate::diag::printable(&self.text()).to_string(), encoding: Box::new(legacy_name(enc)) });
        }
        Ok(match &self.value {
            Value::Empty if self.formula_without_value => return Err(Text::Formula),
            Value::Empty => None,
            Value::Text(s) => Some(J::String(s.clone())),
            Value::Number(_) => self.number()?.map(number_json),
            Value::Bool(b) => Some(J::Bool(*b)),
            Value::Date(s) => Some(J::String(s.clone())),
            Value::Error(e) => return Err(Text::ExcelError { error: e.clone() }),
        })
    }
}

/// An encoding's name as an office knows it.
pub fn legacy_name(enc: legacy::Legacy) -> Text {
    match enc {
        legacy::Legacy::Tcvn3 => Text::Tcvn3,
        legacy::Legacy::Vni => Text::Vni,
    }
}

/// A number as JSON: whole numbers whole (1919, not 1919.0).
pub fn number_json(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// A number as a person reads it: `63`, `49.5`.
pub fn show(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        (x as i64).to_string()
    } else {
        format!("{}", round(x))
    }
}

/// 0.63 × 100 is 63.000000000000014: percent values rounded to 10 decimals.
fn round(x: f64) -> f64 {
    (x * 1e10).round() / 1e10
}

/// A number from a JSON value: a number, or text typed as one ([`parse_number`]: `"12.000"`,
/// `"69,5"`). A data row's value read by a template's helpers and by a summary's measures.
pub fn value_number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => parse_number(s),
        _ => None,
    }
}

/// A date in a cell, as the reader gives a date cell (`YYYY-MM-DD`, a time after it ignored)
/// or as an office types one (`DD/MM/YYYY`, `D/M/YYYY`), or a date cell that lost its format
/// (Excel's day number, 1954–2119). `None` for anything else or a day that does not exist.
pub fn parse_date(t: &str) -> Option<chrono::NaiveDate> {
    let t = t.trim();
    if let Some(n) = t.parse::<i64>().ok().filter(|n| (20_000..80_000).contains(n)) {
        return chrono::NaiveDate::from_ymd_opt(1899, 12, 30).map(|d| d + chrono::Duration::days(n));
    }
    // A time after the day (`2026-03-05 00:00:00`, `2026-03-05T08:30`) is not part of it.
    let t = t.split_once([' ', 'T']).filter(|(d, _)| d.contains('-')).map_or(t, |(d, _)| d);
    let num = |p: &str, max: usize| (!p.is_empty() && p.len() <= max && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
    let (y, m, d) = match (t.split('-').collect::<Vec<_>>().as_slice(), t.split('/').collect::<Vec<_>>().as_slice()) {
        ([y, m, d], _) | (_, [d, m, y]) if y.len() == 4 => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// A number typed as text, as a Vietnamese office types it or an English one: `12`, `-3`,
/// `12,5` (decimal comma), `1.250.000` and `1 250 000` (thousands), `1.250,5`, `12.5` (one
/// point not followed by three digits: a decimal point), `1,250,000` and `1,250.5` (English
/// thousands), `45 %`, `69,5%` (the number shown, without the sign). `None` for anything
/// else (`mười`, `12a`, `1.2.3,4,5`).
pub fn parse_number(t: &str) -> Option<f64> {
    let t: String = t.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, t),
    };
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',')) || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let groups_ok = |s: &str, sep: char| {
        let mut parts = s.split(sep);
        let first = parts.next().unwrap_or("");
        !first.is_empty() && first.len() <= 3 && parts.all(|p| p.len() == 3)
    };
    let dots = t.matches('.').count();
    let commas = t.matches(',').count();
    let plain = match (dots, commas) {
        (0, 0) => t.clone(),
        // 12,5 — a decimal comma; 1,250,000 — English thousands.
        (0, 1) => t.replace(',', "."),
        (0, _) => groups_ok(&t, ',').then(|| t.replace(',', ""))?,
        // 12.5 — a decimal point; 1.250 — Vietnamese thousands.
        (1, 0) => {
            let (a, b) = t.split_once('.')?;
            if b.len() == 3 && !a.is_empty() && a.len() <= 3 {
                format!("{a}{b}")
            } else {
                t.clone()
            }
        }
        (_, 0) => groups_ok(&t, '.').then(|| t.replace('.', ""))?,
        // 1.250,5 (Vietnamese) or 1,250.5 (English): the last separator is the decimal one.
        _ => {
            let (last_dot, last_comma) = (t.rfind('.')?, t.rfind(',')?);
            let (thousands, decimal) = if last_comma > last_dot { ('.', ',') } else { (',', '.') };
            let (int, frac) = t.rsplit_once(decimal)?;
            if frac.contains(thousands) || int.contains(decimal) || !groups_ok(int, thousands) {
                return None;
            }
            format!("{}.{frac}", int.replace(thousands, ""))
        }
    };
    let x: f64 = plain.parse().ok()?;
    Some(if neg { -x } else { x })
}

/// The spreadsheet formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// OpenDocument (`.ods`).
    Ods,
    /// The old binary Excel format (`.xls`).
    Xls,
    /// Comma-separated values, UTF-8.
    Csv,
}

impl Format {
    /// The format of a file, by its extension.
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "ods" => Some(Format::Ods),
            "xls" => Some(Format::Xls),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// A sheet's name and whether it is shown.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    /// The name on its tab.
    pub name: String,
    /// Hidden (or very hidden) by its office.
    pub hidden: bool,
}

/// A whole sheet: its cells from A1, and what else the file says about them.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file, as given.
    pub file: String,
    /// The sheet's name (empty for a CSV).
    pub sheet: String,
    /// Rows from row 1, cells from column A (ragged: missing cells are empty).
    pub rows: Vec<Vec<Cell>>,
    /// Hidden rows (0-based).
    pub hidden_rows: BTreeSet<u32>,
    /// Hidden columns (0-based).
    pub hidden_cols: BTreeSet<u32>,
    /// Merged regions: (first row, first column, last row, last column), 0-based, inclusive.
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Whether percent formats and formulas were read (`.xlsx`, `.ods`, `.csv`: yes; `.xls`: no).
    pub formats_known: bool,
}

impl Grid {
    /// The cell at (row, column), 0-based; empty outside the sheet.
    pub fn cell(&self, row: u32, col: u32) -> &Cell {
        self.rows.get(row as usize).and_then(|r| r.get(col as usize)).unwrap_or(&Cell::EMPTY)
    }

    /// The text a cell shows, a merged region's text in each of its cells.
    pub fn shown(&self, row: u32, col: u32) -> String {
        let c = self.cell(row, col);
        if !c.is_empty() {
            return c.text();
        }
        match self.merged.iter().find(|(r0, c0, r1, c1)| (*r0..=*r1).contains(&row) && (*c0..=*c1).contains(&col)) {
            Some((r0, c0, _, _)) => self.cell(*r0, *c0).text(),
            None => String::new(),
        }
    }

    /// The number of columns of the widest row.
    pub fn width(&self) -> u32 {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32
    }

    /// `sheet "Name", ` for messages (nothing for a CSV).
    pub fn sheet_prefix(&self) -> String {
        if self.sheet.is_empty() {
            String::new()
        } else {
            format!("sheet \"{}\", ", self.sheet)
        }
    }

    /// `sheet "Name", cell D12` — a cell as messages name it (for a CSV, `row 12, column 4`).
    pub fn at(&self, row: u32, col: u32) -> String {
        if self.sheet.is_empty() {
            Text::CsvCellAt { row: row + 1, column: col + 1 }.to_string()
        } else {
            Text::SheetCellAt { sheet: self.sheet.clone(), cell: format!("{}{}", column_name(col as usize), row + 1) }.to_string()
        }
    }

    /// An error at a cell, in the file.
    pub fn error(&self, row: u32, col: u32, msg: Msg) -> Diagnostic {
        Diagnostic::error(Msg::InContext { context: self.at(row, col), inner: Box::new(msg) }).in_file(&self.file)
    }

    /// A note (a warning) about the sheet, in the file.
    pub fn note(&self, msg: Msg) -> Diagnostic {
        Diagnostic::warning(self.in_sheet(msg)).in_file(&self.file)
    }

    /// `msg` about this sheet: named by the sheet of a workbook (a CSV has none).
    pub fn in_sheet(&self, msg: Msg) -> Msg {
        if self.sheet.is_empty() {
            msg
        } else {
            Msg::InSheet { sheet: self.sheet.clone(), inner: Box::new(msg) }
        }
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

/// `D12` → (11, 3): 0-based (row, column); `$` allowed.
pub fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    let letters = letters.trim_end_matches('$');
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().fold(0u32, |a, b| a * 26 + (b - b'A' + 1) as u32) - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

/// An open spreadsheet file.
pub struct Book {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// Its sheets, in tab order (one unnamed sheet for a CSV).
    pub sheets: Vec<SheetInfo>,
    inner: Option<calamine::Sheets<std::io::BufReader<std::fs::File>>>,
    meta: Option<meta::Meta>,
}

fn file_err(path: &Path, msg: Msg) -> Diagnostic {
    Diagnostic::error(msg).in_file(path.display().to_string())
}

impl Book {
    /// Opens a spreadsheet by its extension.
    pub fn open(path: &Path) -> Result<Book, Diagnostic> {
        use calamine::Reader;
        if !path.is_file() {
            return Err(file_err(path, Msg::FileNotFound));
        }
        let Some(format) = Format::of(path) else {
            return Err(file_err(path, Msg::NotSpreadsheet));
        };
        if format == Format::Csv {
            return Ok(Book { path: path.to_path_buf(), format, sheets: vec![SheetInfo { name: String::new(), hidden: false }], inner: None, meta: None });
        }
        let wb = calamine::open_workbook_auto(path).map_err(|e| file_err(path, Msg::CannotOpenWorkbook { error: e.to_string() }))?;
        let sheets = wb
            .sheets_metadata()
            .iter()
            .filter(|s| s.typ == calamine::SheetType::WorkSheet)
            .map(|s| SheetInfo { name: s.name.clone(), hidden: s.visible != calamine::SheetVisible::Visible })
            .collect();
        let meta = match format {
            Format::Xlsx => meta::xlsx(path).ok(),
            Format::Ods => meta::ods(path).ok(),
            _ => None,
        };
        Ok(Book { path: path.to_path_buf(), format, sheets, inner: Some(wb), meta })
    }

    /// The file as messages name it.
    pub fn file(&self) -> String {
        self.path.display().to_string()
    }

    /// The first sheet shown on its tab (a hidden sheet first in the file is the office's own).
    pub fn first_visible(&self) -> Option<&str> {
        self.sheets.iter().find(|s| !s.hidden).or(self.sheets.first()).map(|s| s.name.as_str())
    }

    /// The sheet whose name is one of `accepted`, compared folded (case, tone marks, spaces).
    pub fn find(&self, accepted: &[&str]) -> Option<String> {
        self.sheets.iter().find(|s| accepted.iter().any(|a| fold(a) == fold(&s.name))).map(|s| s.name.clone())
    }

    /// Whether a sheet of exactly this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.sheets.iter().any(|s| s.name == name)
    }

    /// The sheet named `name` (as written), or the first shown one; an unknown name is an
    /// error listing the sheets.
    pub fn choose(&self, name: Option<&str>) -> Result<String, Diagnostic> {
        match name {
            Some(s) => self.sheets.iter().find(|n| n.name == s || fold(&n.name) == fold(s)).map(|n| n.name.clone()).ok_or_else(|| {
                file_err(
                    &self.path,
                    Msg::NoSheetNamed { sheet: s.to_string(), sheets: self.sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ") },
                )
            }),
            None => self.first_visible().map(str::to_string).ok_or_else(|| file_err(&self.path, Msg::NoSheets)),
        }
    }

    /// Reads one sheet whole.
    pub fn grid(&mut self, name: &str) -> Result<Grid, Diagnostic> {
        use calamine::Reader;
        let file = self.file();
        if self.format == Format::Csv {
            return csv_grid(&self.path);
        }
        let Some(wb) = self.inner.as_mut() else { return Err(file_err(&self.path, Msg::NotOpen)) };
        let range = wb.worksheet_range(name).map_err(|e| file_err(&self.path, Msg::CannotReadSheet { sheet: name.to_string(), error: e.to_string() }))?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
            rows.resize((r1 + 1) as usize, Vec::new());
            for r in r0..=r1 {
                let row = &mut rows[r as usize];
                row.resize((c1 + 1) as usize, Cell::EMPTY);
                for c in c0..=c1 {
                    if let Some(d) = range.get_value((r, c)) {
                        row[c as usize] = cell_of(d);
                    }
                }
                while row.last().is_some_and(|c| c.value == Value::Empty) {
                    row.pop();
                }
            }
        }
        let mut grid = Grid {
            file,
            sheet: name.to_string(),
            rows,
            hidden_rows: BTreeSet::new(),
            hidden_cols: BTreeSet::new(),
            merged: Vec::new(),
            formats_known: self.format != Format::Xls,
        };
        match self.meta.as_ref().and_then(|m| m.sheets.iter().find(|s| s.name == name)) {
            Some(m) => {
                for &(r, c) in &m.percent {
                    if let Some(cell) = grid.rows.get_mut(r as usize).and_then(|row| row.get_mut(c as usize)) {
                        if matches!(cell.value, Value::Number(_)) {
                            cell.percent = true;
                        }
                    }
                }
                for &(r, c) in &m.formulas_without_value {
                    let row = r as usize;
                    if grid.rows.len() <= row {
                        grid.rows.resize(row + 1, Vec::new());
                    }
                    let cells = &mut grid.rows[row];
                    if cells.len() <= c as usize {
                        cells.resize(c as usize + 1, Cell::EMPTY);
                    }
                    if cells[c as usize].value == Value::Empty {
                        cells[c as usize].formula_without_value = true;
                    }
                }
                grid.hidden_rows = m.hidden_rows.clone();
                grid.hidden_cols = m.hidden_cols.clone();
                grid.merged = m.merged.clone();
            }
            None => {
                if let calamine::Sheets::Xls(x) = wb {
                    grid.merged = x.worksheet_merge_cells(name).unwrap_or_default().iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect();
                }
            }
        }
        Ok(grid)
    }
}

/// Folds a header or label for comparison: case, tone marks and every kind of whitespace
/// (line breaks, non-breaking and repeated spaces) do not count: `Ngày⏎sinh` = `ngay sinh`.
pub fn fold(s: &str) -> String {
    let f = crate::vn::fold(&crate::vn::normalize(s));
    f.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == crate::vn::LINE_BREAK).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A text cell: trimmed, normalised, legacy encodings converted (or marked).
fn text_cell(s: &str) -> Cell {
    // Before normalising: TCVN3's `ư` is U+00AD, which normalising removes as invisible.
    let s = s.trim();
    if s.is_empty() {
        return Cell::EMPTY;
    }
    match legacy::detect(s) {
        legacy::Detected::Unicode => match crate::vn::normalize(s) {
            t if t.trim().is_empty() => Cell::EMPTY,
            t => Cell::of(Value::Text(t.trim().to_string())),
        },
        legacy::Detected::Converted(enc, t) => Cell { converted: Some(enc), ..Cell::of(Value::Text(crate::vn::normalize(t.trim()))) },
        legacy::Detected::Mixed(enc) => Cell { mixed: Some(enc), ..Cell::of(Value::Text(crate::vn::normalize(s))) },
    }
}

fn cell_of(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::EMPTY,
        Data::String(s) => text_cell(s),
        Data::Int(i) => Cell::of(Value::Number(*i as f64)),
        Data::Float(f) => Cell::of(Value::Number(*f)),
        Data::Bool(b) => Cell::of(Value::Bool(*b)),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(ndt) if ndt.time() == chrono::NaiveTime::MIN => Cell::of(Value::Date(ndt.date().format("%Y-%m-%d").to_string())),
            Some(ndt) => Cell::of(Value::Date(ndt.format("%Y-%m-%d %H:%M").to_string())),
            None => Cell::of(Value::Error(Text::DateOutOfRange { date: dt.to_string() }.to_string())),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::of(Value::Date(s.clone())),
        Data::Error(e) => Cell::of(Value::Error(format!("{e}"))),
    }
}

/// A CSV file as a grid of text cells (UTF-8 with or without BOM; another encoding refused).
fn csv_grid(path: &Path) -> Result<Grid, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| file_err(path, Msg::CannotRead { error: e.to_string() }))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(&bytes) {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        let guess = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") { Text::Utf16 } else { Text::CodePage };
        return Err(file_err(path, Msg::CsvNotUtf8 { line, guess: Box::new(guess) }));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| file_err(path, Msg::CsvRowError { row: i + 1, error: e.to_string() }))?;
        let mut row: Vec<Cell> = rec.iter().map(text_cell).collect();
        while row.last().is_some_and(|c| c.value == Value::Empty) {
            row.pop();
        }
        rows.push(row);
    }
    Ok(Grid {
        file: path.display().to_string(),
        sheet: String::new(),
        rows,
        hidden_rows: BTreeSet::new(),
        hidden_cols: BTreeSet::new(),
        merged: Vec::new(),
        formats_known: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_offices_type_them() {
        assert_eq!(parse_number("1.250.000"), Some(1_250_000.0));
        assert_eq!(parse_number("1 250 000"), Some(1_250_000.0));
        assert_eq!(parse_number("69,5"), Some(69.5));
        assert_eq!(parse_number("69,5%"), Some(69.5));
        assert_eq!(parse_number("45 %"), Some(45.0));
        assert_eq!(parse_number("12.5"), Some(12.5));
        assert_eq!(parse_number("1.200"), Some(1200.0));
        assert_eq!(parse_number("1.250,5"), Some(1250.5));
        assert_eq!(parse_number("1,250,000"), Some(1_250_000.0));
        assert_eq!(parse_number("1,250.5"), Some(1250.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("mười"), None);
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("0912.345.678"), None);
    }

    #[test]
    fn dates_as_cells_hold_them() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("2026-03-05"), day(2026, 3, 5));
        assert_eq!(parse_date("2026-03-05 00:00:00"), day(2026, 3, 5));
        assert_eq!(parse_date("2026-03-05T08:30"), day(2026, 3, 5));
        assert_eq!(parse_date("05/03/2026"), day(2026, 3, 5));
        assert_eq!(parse_date(" 5/3/2026 "), day(2026, 3, 5));
        assert_eq!(parse_date("2026-3-5"), day(2026, 3, 5));
        assert_eq!(parse_date("46086"), day(2026, 3, 5));
        for bad in ["", "31/02/2026", "2026-02-30", "05/03/26", "2026-03-05x", "5.3.2026", "12", "mùng 5"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn folding_ignores_whitespace_case_and_tones() {
        assert_eq!(fold("Ngày\nsinh"), "ngay sinh");
        assert_eq!(fold("  HỌ   và\u{a0}TÊN "), "ho va ten");
        assert_eq!(fold("Ngày\u{2028}sinh"), "ngay sinh");
    }

    #[test]
    fn cells_and_columns() {
        assert_eq!(parse_cell("D12"), Some((11, 3)));
        assert_eq!(parse_cell("$AB$3"), Some((2, 27)));
        assert_eq!(parse_cell("12"), None);
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn percent_cells_show_their_number() {
        let c = Cell { percent: true, ..Cell::of(Value::Number(0.63)) };
        assert_eq!(c.number(), Ok(Some(63.0)));
        assert_eq!(c.text(), "63%");
        assert_eq!(Cell::of(Value::Text("69,5%".into())).number(), Ok(Some(69.5)));
        let f = Cell { formula_without_value: true, ..Cell::EMPTY };
        assert!(f.number().is_err() && f.json().is_err() && !f.is_empty());
    }
}
