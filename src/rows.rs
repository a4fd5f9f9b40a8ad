//! Data rows for templates: CSV (UTF-8, with or without BOM), a spreadsheet (`.xlsx`, `.ods`,
//! `.xls`: the first sheet shown, or a named one), read through `crate::sheet` (title rows,
//! folded headers, rows after the data, percent cells, legacy encodings), and JSON (an array
//! of objects). Column headers are field names; a dotted header (`truong.ten`) makes a nested
//! field. Empty cells are left out, so a template's default applies. Rows are numbered as a
//! spreadsheet shows them, and from 1 for JSON.

use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
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

/// An opened rows file: its headers (for CSV and spreadsheets), how many rows it has, the
/// rows, and notes on how a spreadsheet was read (a title above the header, rows skipped
/// after the data, converted encodings…).
pub struct Rows {
    /// Column names, when the format has them.
    pub headers: Option<Vec<String>>,
    /// Number of data rows.
    pub len: usize,
    /// The rows, in order, read as they are consumed where the format allows.
    pub iter: Box<dyn Iterator<Item = Row> + Send>,
    /// How the sheet was read, where it differs from a plain table (warnings).
    pub notes: Vec<Diagnostic>,
    /// The sheet column (0-based) of each header, for cell addresses (empty for JSON).
    pub columns: Vec<u32>,
}

fn err(file: &Path, msg: Msg) -> Diagnostic {
    Diagnostic::error(msg).in_file(file.display().to_string())
}

/// Opens `path` by its extension; the header row is the first of at least two cells.
pub fn open(path: &Path, sheet: Option<&str>) -> Result<Rows, Diagnostic> {
    open_expecting(path, sheet, &[])
}

/// Opens `path` by its extension, the header row found as the first holding some of the
/// `expected` fields (a template's placeholders), headers that fold to one of them (case,
/// tone marks, whitespace) taken as that field.
pub fn open_expecting(path: &Path, sheet: Option<&str>, expected: &[String]) -> Result<Rows, Diagnostic> {
    open_with(path, sheet, &expected.iter().map(|f| crate::sheet::Column::named(f)).collect::<Vec<_>>(), None)
}

/// Opens `path` as [`open_expecting`] does, with the headers accepted for each field (a
/// column `Mã đơn vị` for `truong.ma`), and `key` the field every record has: a row after
/// the data without it (a total, a signature line) is not a record.
pub fn open_with(path: &Path, sheet: Option<&str>, expected: &[crate::sheet::Column], key: Option<&str>) -> Result<Rows, Diagnostic> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !path.is_file() {
        return Err(err(path, Msg::FileNotFound));
    }
    match ext.as_str() {
        "csv" | "xlsx" | "xlsm" | "xls" | "ods" => open_sheet(path, sheet, expected, key),
        "json" => open_json(path),
        _ => Err(err(path, Msg::RowsFormat { ext: ext.to_string() })),
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
            return Err(err(path, Msg::RowsHeaderBad { column: i + 1, name: h.clone() }));
        }
        if headers[..i].contains(h) {
            return Err(err(path, Msg::RowsHeaderTwice { name: h.clone() }));
        }
        if let Some(o) = headers.iter().find(|o| o.starts_with(&format!("{h}."))) {
            return Err(err(path, Msg::RowsHeaderGroup { name: h.clone(), other: o.clone() }));
        }
    }
    Ok(())
}

fn open_sheet(path: &Path, sheet: Option<&str>, expected: &[crate::sheet::Column], key: Option<&str>) -> Result<Rows, Diagnostic> {
    use crate::sheet::{read_table, Book, Expect};
    let mut book = Book::open(path)?;
    let name = book.choose(sheet)?;
    let grid = book.grid(&name)?;
    let generic = Expect { keep_unknown: true, ..Expect::default() };
    let mut table = if expected.is_empty() {
        read_table(&grid, &generic)
    } else {
        let t = read_table(&grid, &Expect { columns: expected.to_vec(), keep_unknown: true, key: key.map(str::to_string), ..Expect::default() });
        if t.columns.is_empty() {
            read_table(&grid, &generic)
        } else {
            t
        }
    };
    if let Some(e) = table.errors.drain(..).next() {
        return Err(e);
    }
    let headers = table.keys();
    check_headers(path, &headers)?;
    let mut out = Vec::new();
    let used: std::collections::HashSet<u32> = table.columns.iter().map(|c| c.col).collect();
    for rec in &table.records {
        let number = rec.row as usize + 1;
        let mut values = Vec::with_capacity(headers.len());
        // (field, what is wrong): the row's number is the failure's, not repeated here.
        let mut problems: Vec<(String, Text)> = Vec::new();
        for (k, cell) in rec.cells.iter().enumerate() {
            match cell.json() {
                Ok(v) => values.push(v),
                Err(e) => {
                    let problem = if grid.sheet.is_empty() {
                        e
                    } else {
                        Text::CellProblem { cell: format!("{}{number}", crate::sheet::column_name(table.columns[k].col as usize)), problem: Box::new(e) }
                    };
                    problems.push((headers[k].clone(), problem));
                    values.push(None);
                }
            }
        }
        if let Some(c) = grid
            .rows
            .get(rec.row as usize)
            .and_then(|r| r.iter().enumerate().find(|(c, cell)| !cell.is_empty() && !used.contains(&(*c as u32))))
            .map(|(c, _)| c)
        {
            problems.push((String::new(), Text::NoHeaderValue { column: crate::sheet::column_name(c) }));
        }
        let data = match problems.first() {
            None => Ok(nest(&headers, values)),
            Some((field, _)) => {
                let lang = crate::messages::lang();
                let text = |(f, m): &(String, Text)| {
                    if f.is_empty() {
                        m.render(lang)
                    } else {
                        Text::FieldProblem { field: f.clone(), problem: m.render(lang) }.render(lang)
                    }
                };
                let message = problems.iter().map(text).collect::<Vec<_>>().join("; ");
                Err(Diagnostic::error(Msg::RowsCell { problems: message })
                    .in_file(path.display().to_string())
                    .field(Some(field.clone()).filter(|f| !f.is_empty())))
            }
        };
        out.push(Row { number, data });
    }
    Ok(Rows {
        headers: Some(headers),
        len: out.len(),
        iter: Box::new(out.into_iter()),
        notes: table.notes,
        columns: table.columns.iter().map(|c| c.col).collect(),
    })
}

fn open_json(path: &Path) -> Result<Rows, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| err(path, Msg::CannotRead { error: e.to_string() }))?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| err(path, Msg::RowsJson { detail: e.to_string() }).line_col(e.line(), e.column().max(1)))?;
    let Value::Array(items) = value else {
        return Err(err(path, Msg::RowsNotArray));
    };
    let file = path.display().to_string();
    let rows: Vec<Row> = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| Row {
            number: i + 1,
            data: match v {
                Value::Object(_) => Ok(v),
                other => Err(Diagnostic::error(Msg::RowsNotObject { row: i + 1, found: Box::new(kind_of(&other)) }).in_file(file.clone())),
            },
        })
        .collect();
    Ok(Rows { headers: None, len: rows.len(), iter: Box::new(rows.into_iter()), notes: Vec::new(), columns: Vec::new() })
}

fn kind_of(v: &Value) -> Text {
    match v {
        Value::Null => Text::FoundNull,
        Value::Bool(_) => Text::FoundBool,
        Value::Number(_) => Text::FoundNumber,
        Value::String(_) => Text::FoundString,
        Value::Array(_) => Text::FoundArray,
        Value::Object(_) => Text::FoundObject,
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
