//! Data rows for templates: CSV (UTF-8, with or without BOM), XLSX (first sheet or a named
//! one) and JSON (an array of objects). Column headers are field names; a dotted header
//! (`truong.ten`) makes a nested field. Empty cells are left out, so a template's default
//! applies. Rows are numbered as a spreadsheet shows them (the header is row 1) for CSV and
//! XLSX, and from 1 for JSON.

use crate::diag::Diagnostic;
use serde_json::{Map, Value};
use std::path::Path;

/// One data row with its number.
#[derive(Debug, Clone)]
pub struct Row {
    /// Row number as the user sees it.
    pub number: usize,
    /// The data, or why the row cannot be used.
    pub data: Result<Value, Diagnostic>,
}

/// An opened rows file: its headers (for CSV and XLSX), how many rows it has, and the rows.
pub struct Rows {
    /// Column names, when the format has them.
    pub headers: Option<Vec<String>>,
    /// Number of data rows.
    pub len: usize,
    /// The rows, in order, read as they are consumed where the format allows.
    pub iter: Box<dyn Iterator<Item = Row> + Send>,
}

fn err(file: &Path, code: &'static str, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(code, msg).in_file(file.display().to_string())
}

/// Opens `path` by its extension.
pub fn open(path: &Path, sheet: Option<&str>) -> Result<Rows, Diagnostic> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !path.is_file() {
        return Err(err(path, "read", "file not found"));
    }
    match ext.as_str() {
        "csv" => open_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => open_sheet(path, sheet),
        "json" => open_json(path),
        _ => Err(err(path, "rows-format", format!("unknown rows format `.{ext}`"))
            .hint("give a .xlsx, .csv (UTF-8) or .json (array of objects) file")),
    }
}

/// Builds the nested object of one row from (header, value) pairs; empty values are left out.
pub(crate) fn nest(headers: &[String], values: Vec<Option<Value>>) -> Value {
    let mut root = Map::new();
    for (h, v) in headers.iter().zip(values) {
        let Some(v) = v else { continue };
        let mut parts: Vec<&str> = h.split('.').collect();
        let last = parts.pop().unwrap_or("");
        let mut obj = &mut root;
        for p in parts {
            let entry = obj.entry(p.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            obj = entry.as_object_mut().expect("an object");
        }
        obj.insert(last.to_string(), v);
    }
    Value::Object(root)
}

/// Checks headers: non-empty, unique, and no header both a field and a group (`a`, `a.b`).
fn check_headers(path: &Path, headers: &[String]) -> Result<(), Diagnostic> {
    for (i, h) in headers.iter().enumerate() {
        if h.trim().is_empty() || h.split('.').any(|p| p.trim().is_empty()) {
            return Err(err(path, "rows-header", format!("column {} has an empty or malformed name `{h}`", i + 1))
                .hint("every column needs a field name in the first row, e.g. truong.ten"));
        }
        if headers[..i].contains(h) {
            return Err(err(path, "rows-header", format!("column `{h}` appears twice")));
        }
        if let Some(o) = headers.iter().find(|o| o.starts_with(&format!("{h}."))) {
            return Err(err(path, "rows-header", format!("`{h}` is a column and also the group of `{o}`")));
        }
    }
    Ok(())
}

fn open_csv(path: &Path) -> Result<Rows, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| err(path, "read", format!("cannot read: {e}")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(&bytes) {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        let guess = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") { "UTF-16" } else { "a Windows code page (1258 or 1252) or TCVN3" };
        return Err(err(path, "encoding", format!("not UTF-8 (line {line}); it looks like {guess}"))
            .hint("in Excel: File › Save As › \"CSV UTF-8 (Comma delimited)\"; or give the .xlsx file itself"));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(std::io::Cursor::new(bytes.clone()));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| err(path, "rows-read", format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| crate::vn::normalize(h.trim()))
        .collect();
    check_headers(path, &headers)?;
    let len = csv::ReaderBuilder::new().from_reader(std::io::Cursor::new(&bytes)).records().count();
    let file = path.display().to_string();
    let hs = headers.clone();
    let iter = reader.into_records().enumerate().map(move |(i, rec)| {
        let number = i + 2;
        let data = match rec {
            Err(e) => Err(Diagnostic::error("rows-read", format!("row {number}: {e}")).in_file(file.clone())),
            Ok(rec) if rec.len() > hs.len() => Err(Diagnostic::error(
                "rows-width",
                format!("row {number} has {} cells but the header has {} columns", rec.len(), hs.len()),
            )
            .in_file(file.clone())),
            Ok(rec) => {
                let values = (0..hs.len())
                    .map(|k| rec.get(k).map(|s| crate::vn::normalize(s.trim())).filter(|s| !s.is_empty()).map(Value::String))
                    .collect();
                Ok(nest(&hs, values))
            }
        };
        Row { number, data }
    });
    Ok(Rows { headers: Some(headers), len, iter: Box::new(iter) })
}

fn open_sheet(path: &Path, sheet: Option<&str>) -> Result<Rows, Diagnostic> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).map_err(|e| err(path, "rows-read", format!("cannot open the workbook: {e}")))?;
    let names = wb.sheet_names().to_vec();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            err(path, "rows-sheet", format!("no sheet named `{s}`")).hint(format!("sheets: {}", names.join(", ")))
        })?,
        None => names.first().cloned().ok_or_else(|| err(path, "rows-sheet", "the workbook has no sheet"))?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| err(path, "rows-read", format!("cannot read sheet `{name}`: {e}")))?;
    let start_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .ok_or_else(|| err(path, "rows-header", format!("sheet `{name}` is empty")))?
        .iter()
        .map(|c| crate::vn::normalize(c.to_string().trim()))
        .collect();
    let headers: Vec<String> = {
        // Trailing empty header cells are not columns.
        let keep = headers.iter().rposition(|h| !h.is_empty()).map_or(0, |p| p + 1);
        headers[..keep].to_vec()
    };
    check_headers(path, &headers)?;
    let file = path.display().to_string();
    let mut out = Vec::new();
    for (i, r) in rows.enumerate() {
        let number = start_row + i + 2;
        let mut values = Vec::with_capacity(headers.len());
        let mut problem = None;
        for (k, d) in r.iter().enumerate() {
            if k >= headers.len() {
                if !matches!(d, Data::Empty) && problem.is_none() {
                    problem = Some(format!("row {number} has a value in column {} which has no header", k + 1));
                }
                continue;
            }
            match cell_value(d) {
                Ok(v) => values.push(v),
                Err(e) => {
                    problem.get_or_insert(format!("row {number}, column `{}`: {e}", headers[k]));
                    values.push(None);
                }
            }
        }
        values.resize(headers.len(), None);
        let data = match problem {
            Some(p) => Err(Diagnostic::error("rows-cell", p).in_file(file.clone())),
            None => Ok(nest(&headers, values)),
        };
        out.push(Row { number, data });
    }
    Ok(Rows { headers: Some(headers), len: out.len(), iter: Box::new(out.into_iter()) })
}

/// A spreadsheet cell as a JSON value: text trimmed and normalised (empty → none), whole
/// numbers whole (1919, not 1919.0), date cells `YYYY-MM-DD` (with `HH:MM` when they have a
/// time); an Excel error is refused.
pub(crate) fn cell_value(d: &calamine::Data) -> Result<Option<Value>, String> {
    use calamine::Data;
    Ok(match d {
        Data::Empty => None,
        Data::String(s) => Some(crate::vn::normalize(s.trim())).filter(|s| !s.is_empty()).map(Value::String),
        Data::Int(i) => Some(Value::from(*i)),
        // Whole numbers stay whole: 1919, not 1919.0.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(Value::from(*f as i64)),
        Data::Float(f) => Some(serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)),
        Data::Bool(b) => Some(Value::Bool(*b)),
        Data::DateTime(dt) => {
            let ndt = dt.as_datetime().ok_or_else(|| format!("a date cell out of range ({dt})"))?;
            if ndt.time() == chrono::NaiveTime::MIN {
                Some(Value::String(ndt.date().format("%Y-%m-%d").to_string()))
            } else {
                Some(Value::String(ndt.format("%Y-%m-%d %H:%M").to_string()))
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Value::String(s.clone())),
        Data::Error(e) => return Err(format!("a cell holds the Excel error {e:?}")),
    })
}

fn open_json(path: &Path) -> Result<Rows, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| err(path, "read", format!("cannot read: {e}")))?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        err(path, "json-syntax", e.to_string()).line_col(e.line(), e.column().max(1))
    })?;
    let Value::Array(items) = value else {
        return Err(err(path, "rows-format", "expected an array of objects").hint("[{\"truong\": {\"ten\": \"Trường …\"}}, …]"));
    };
    let file = path.display().to_string();
    let rows: Vec<Row> = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| Row {
            number: i + 1,
            data: match v {
                Value::Object(_) => Ok(v),
                other => Err(Diagnostic::error("rows-format", format!("row {} is {}, not an object", i + 1, kind_of(&other))).in_file(file.clone())),
            },
        })
        .collect();
    Ok(Rows { headers: None, len: rows.len(), iter: Box::new(rows.into_iter()) })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_headers_nest() {
        let h: Vec<String> = ["stt", "truong.ten", "truong.ma", "ky.quy"].iter().map(|s| s.to_string()).collect();
        let v = nest(&h, vec![Some(Value::from(1)), Some(Value::from("Trường A")), None, Some(Value::from(3))]);
        assert_eq!(v, serde_json::json!({"stt": 1, "truong": {"ten": "Trường A"}, "ky": {"quy": 3}}));
    }

    #[test]
    fn header_conflicts() {
        let p = Path::new("x.csv");
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_headers(p, &h(&["a", "a.b"])).is_err());
        assert!(check_headers(p, &h(&["a", "a"])).is_err());
        assert!(check_headers(p, &h(&["a", ""])).is_err());
        assert!(check_headers(p, &h(&["a.", "b"])).is_err());
        assert!(check_headers(p, &h(&["a.b", "a.c"])).is_ok());
    }
}
