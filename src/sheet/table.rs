//! A table in a sheet as offices make them: the header row found under any title rows,
//! header cells compared folded (case, tone marks, whitespace), merged header cells read as
//! the text they show, the rows after the data that are not records (a total row, a
//! signature block) set apart, the total row compared with the sum, and notes saying what
//! was taken as a title, skipped, hidden or converted. It gives cells, never their meaning.

use super::{fold, legacy_name, Cell, Grid, Value};
use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};

/// A column a reader expects.
#[derive(Debug, Clone)]
pub struct Column {
    /// The field it fills (`ho_ten`, `truong.ma`).
    pub key: String,
    /// The headers accepted for it (compared folded); the first is the one documented.
    pub accepted: Vec<String>,
    /// Whether a table without it is refused.
    pub required: bool,
}

impl Column {
    /// A column known by its field name alone.
    pub fn named(key: &str) -> Column {
        Column { key: key.to_string(), accepted: vec![key.to_string()], required: false }
    }

    /// A column with the headers accepted for it.
    pub fn new(key: &str, accepted: &[&str]) -> Column {
        Column { key: key.to_string(), accepted: accepted.iter().map(|s| s.to_string()).collect(), required: false }
    }

    /// The same column, required.
    pub fn required(mut self) -> Column {
        self.required = true;
        self
    }
}

/// What a reader expects of a table.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The columns it knows. Empty: any header row, each header its own field.
    pub columns: Vec<Column>,
    /// The field every record has (a unit's code, a person's name): a row after the data
    /// without it is not a record.
    pub key: Option<String>,
    /// A header matching no column: an error (`false`) or a field of its own (`true`).
    pub keep_unknown: bool,
    /// Headers of columns that are read by no one and are not errors (`STT`).
    pub ignore: Vec<String>,
}

/// A column of the table as found.
#[derive(Debug, Clone)]
pub struct TableColumn {
    /// Its 0-based column in the sheet.
    pub col: u32,
    /// The field it fills.
    pub key: String,
    /// Its header as the sheet shows it.
    pub header: String,
}

/// A record: a row of the table, its cells in the order of [`Table::columns`].
#[derive(Debug, Clone)]
pub struct Record {
    /// The 0-based row in the sheet.
    pub row: u32,
    /// One cell per column of the table.
    pub cells: Vec<Cell>,
}

impl Record {
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// A table read from a sheet.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file.
    pub file: String,
    /// The sheet (empty for a CSV).
    pub sheet: String,
    /// The 0-based row of the header (its first row when it spans two).
    pub header_row: u32,
    /// The columns found, left to right.
    pub columns: Vec<TableColumn>,
    /// The records, top to bottom (blank rows between records kept, trailing ones left out).
    pub records: Vec<Record>,
    /// The total row after the data, if there is one.
    pub total: Option<Record>,
    /// What was read differently from a plain table (warnings): title rows, rows skipped
    /// after the data, hidden rows and columns, converted encodings, a total that differs.
    pub notes: Vec<Diagnostic>,
    /// Problems of the header: unknown or repeated columns, a required one missing.
    pub errors: Vec<Diagnostic>,
    formats_known: bool,
}

impl Table {
    /// The index of a field's column.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// A record's cell for a field.
    pub fn get<'a>(&self, rec: &'a Record, key: &str) -> Option<&'a Cell> {
        self.index(key).and_then(|i| rec.cells.get(i))
    }

    /// The headers (field names), left to right.
    pub fn keys(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.key.clone()).collect()
    }

    /// Where a record's field is, as messages say it: `sheet "Cá nhân", row 7, column C (Ngày
    /// sinh)`; for a CSV `row 7, column `ngay_sinh``.
    pub fn at(&self, row: u32, key: &str) -> String {
        let col = self.columns.iter().find(|c| c.key == key);
        match (self.sheet.is_empty(), col) {
            (true, Some(c)) => Text::CsvFieldAt { row: row + 1, header: c.header.clone() },
            (true, None) => Text::CsvRowAt { row: row + 1 },
            (false, Some(c)) => {
                Text::SheetFieldAt { sheet: self.sheet.clone(), row: row + 1, column: super::column_name(c.col as usize), header: c.header.clone() }
            }
            (false, None) => Text::SheetRowAt { sheet: self.sheet.clone(), row: row + 1 },
        }
        .to_string()
    }

    /// The cell address of a record's field (`D12`), empty for a CSV.
    pub fn cell_name(&self, row: u32, key: &str) -> String {
        match self.columns.iter().find(|c| c.key == key) {
            Some(c) if !self.sheet.is_empty() => format!("{}{}", super::column_name(c.col as usize), row + 1),
            _ => String::new(),
        }
    }

    /// An error at a record's field.
    pub fn error(&self, row: u32, key: &str, msg: Msg) -> Diagnostic {
        Diagnostic::error(Msg::InContext { context: self.at(row, key), inner: Box::new(msg) }).in_file(&self.file)
    }

    /// Whether percent formats were known (not for `.xls`).
    pub fn formats_known(&self) -> bool {
        self.formats_known
    }
}

/// Footer phrases (folded): a signature block, a note, a date line.
const FOOTER: &[&str] = &[
    "nguoi lap",
    "lap bieu",
    "thu truong",
    "hieu truong",
    "giam doc",
    "truong phong",
    "ke toan",
    "ky ten",
    "(ky",
    "ky,",
    "ky va",
    "ghi ro ho ten",
    "xac nhan",
    "ghi chu",
    "tm.",
    "kt.",
    "nguoi ky",
    "dong dau",
];

fn is_total_text(s: &str) -> bool {
    let f = fold(s);
    let f = f.trim_end_matches([':', '.']);
    matches!(f, "tong" | "cong" | "tong cong" | "tong so" | "cong chung" | "tong hop" | "total")
        || f.starts_with("tong cong")
        || f.starts_with("tong so ")
        || f.starts_with("cong:")
}

fn is_footer_text(s: &str) -> bool {
    let f = fold(s);
    FOOTER.iter().any(|p| f.contains(p)) || (f.contains("ngay") && f.contains("thang") && f.contains("nam") && f.len() < 80)
}

/// Reads the table of `grid` as `expect` says.
pub fn read_table(grid: &Grid, expect: &Expect) -> Table {
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    let width = grid.width();
    let folded_accepted: Vec<Vec<String>> =
        expect.columns.iter().map(|c| c.accepted.iter().map(|a| fold(a)).chain(std::iter::once(fold(&c.key))).collect()).collect();
    let ignore: Vec<String> = expect.ignore.iter().map(|s| fold(s)).collect();
    let match_col = |text: &str| -> Option<usize> {
        let f = fold(text);
        folded_accepted.iter().position(|acc| acc.contains(&f))
    };
    // The header texts of a row (and of the row under it, when the header's cells are
    // merged down or a group header spans sub-headers).
    let header_end =
        |r: u32| -> u32 { grid.merged.iter().filter(|(r0, _, r1, _)| *r0 == r && *r1 > r && *r1 - r < 3).map(|(_, _, r1, _)| *r1).max().unwrap_or(r) };
    let texts = |r: u32| -> Vec<Vec<String>> {
        let end = header_end(r);
        (0..width)
            .map(|c| {
                let mut parts: Vec<String> = Vec::new();
                for rr in r..=end {
                    let t = grid.shown(rr, c);
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !t.is_empty() && parts.last() != Some(&t) {
                        parts.push(t);
                    }
                }
                parts
            })
            .collect()
    };
    let non_empty = |r: u32| (0..width).filter(|&c| !grid.cell(r, c).is_empty()).count();
    let scan = (grid.rows.len() as u32).min(60);
    let header_row = if expect.columns.is_empty() {
        // The first row of at least two cells and two thirds as many as the widest row (a title is
        // one merged cell; a letterhead, `UBND …` and `CỘNG HÒA …`, two), or the first row at
        // all in a one-column sheet.
        let widest = (0..scan).map(non_empty).max().unwrap_or(0);
        (0..scan).find(|&r| non_empty(r) >= 2 && 3 * non_empty(r) >= 2 * widest).or_else(|| (0..scan).find(|&r| non_empty(r) >= 1))
    } else {
        let need = expect.columns.len().min(2);
        let key_col = expect.key.as_ref().and_then(|k| expect.columns.iter().position(|c| &c.key == k));
        (0..scan).find(|&r| {
            let found: Vec<usize> =
                texts(r).iter().filter_map(|parts| parts.iter().rev().find_map(|p| match_col(p)).or_else(|| match_col(&parts.join(" ")))).collect();
            found.len() >= need && key_col.is_none_or(|k| found.contains(&k))
        })
    };
    let empty_table = |header_row, errors| Table {
        file: grid.file.clone(),
        sheet: grid.sheet.clone(),
        header_row,
        columns: Vec::new(),
        records: Vec::new(),
        total: None,
        notes: Vec::new(),
        errors,
        formats_known: grid.formats_known,
    };
    let Some(header_row) = header_row else {
        let msg = if expect.columns.is_empty() {
            Msg::SheetEmpty
        } else {
            let shown: Vec<&str> = expect.columns.iter().take(6).map(|c| c.accepted.first().map_or(c.key.as_str(), String::as_str)).collect();
            Msg::NoHeaderRow { last: scan.max(1) as usize, shown: format!("{}{}", shown.join(", "), if expect.columns.len() > 6 { ", …" } else { "" }) }
        };
        return empty_table(0, vec![Diagnostic::error(grid.in_sheet(msg)).in_file(&grid.file)]);
    };
    let end = header_end(header_row);
    if header_row > 0 {
        let title: Vec<String> =
            (0..header_row).flat_map(|r| (0..width).map(move |c| (r, c))).map(|(r, c)| grid.cell(r, c).text()).filter(|t| !t.is_empty()).collect();
        if !title.is_empty() {
            notes.push(grid.note(Msg::SheetTitle {
                last: header_row,
                header: header_row + 1,
                title: crate::diag::printable(&title.join(" · ").chars().take(120).collect::<String>()).to_string(),
            }));
        }
    }

    // The columns.
    let mut columns: Vec<TableColumn> = Vec::new();
    for (c, parts) in texts(header_row).into_iter().enumerate() {
        let c = c as u32;
        if parts.is_empty() {
            continue;
        }
        let full = parts.join(" ");
        let header = parts.last().cloned().unwrap_or_default();
        let found = parts.iter().rev().find_map(|p| match_col(p)).or_else(|| match_col(&full));
        let key = match found {
            Some(i) => expect.columns[i].key.clone(),
            None if ignore.contains(&fold(&full)) || ignore.contains(&fold(&header)) => continue,
            None if expect.keep_unknown || expect.columns.is_empty() => full.clone(),
            None => {
                let known: Vec<&str> = expect.columns.iter().map(|c| c.accepted.first().map_or(c.key.as_str(), String::as_str)).collect();
                errors.push(
                    Diagnostic::error(Msg::UnknownColumn {
                        place: grid.at(header_row, c),
                        column: crate::diag::printable(&full).to_string(),
                        known: known.join(", "),
                    })
                    .in_file(&grid.file),
                );
                continue;
            }
        };
        if let Some(prev) = columns.iter().find(|p| p.key == key) {
            errors.push(
                Diagnostic::error(Msg::SecondColumn {
                    place: grid.at(header_row, c),
                    column: crate::diag::printable(&full).to_string(),
                    key: key.clone(),
                    first: super::column_name(prev.col as usize),
                })
                .in_file(&grid.file),
            );
            continue;
        }
        columns.push(TableColumn { col: c, key, header: if found.is_some() { full } else { header } });
    }
    for col in &expect.columns {
        if col.required && !columns.iter().any(|c| c.key == col.key) {
            errors.push(
                Diagnostic::error(grid.in_sheet(Msg::NoColumn { row: header_row + 1, column: col.accepted.first().unwrap_or(&col.key).clone() }))
                    .in_file(&grid.file),
            );
        }
    }

    // The rows under the header, blank ones left out.
    let last = grid.rows.len() as u32;
    let mut rows: Vec<Record> = ((end + 1)..last).map(|r| Record { row: r, cells: columns.iter().map(|c| grid.cell(r, c.col).clone()).collect() }).collect();
    let blank_line = |r: u32| (0..width).all(|c| grid.cell(r, c).is_empty());
    // Rows after the data that are not records: from the bottom up, while they look like a
    // total row or a signature block.
    let key_index = expect.key.as_ref().and_then(|k| columns.iter().position(|c| &c.key == k));
    let widths: Vec<usize> = rows.iter().map(|r| (0..width).filter(|&c| !grid.cell(r.row, c).is_empty()).count()).filter(|&n| n > 0).collect();
    let median = {
        let mut w = widths.clone();
        w.sort_unstable();
        w.get(w.len() / 2).copied().unwrap_or(0)
    };
    let row_texts = |r: u32| -> Vec<String> { (0..width).map(|c| grid.cell(r, c)).filter(|c| !c.is_empty()).map(Cell::text).collect() };
    let is_total = |rec: &Record| -> bool {
        let first_texts: Vec<String> = (0..width.min(4)).map(|c| grid.shown(rec.row, c)).filter(|t| !t.is_empty()).take(2).collect();
        first_texts.iter().any(|t| is_total_text(t)) && key_index.is_none_or(|k| rec.cells[k].is_empty() || is_total_text(&rec.cells[k].text()))
    };
    let footer_like = |rec: &Record| -> bool {
        let n = (0..width).filter(|&c| !grid.cell(rec.row, c).is_empty()).count();
        let texts = row_texts(rec.row);
        let phrase = texts.iter().any(|t| is_footer_text(t));
        let all_text = (0..width).all(|c| matches!(grid.cell(rec.row, c).value, Value::Empty | Value::Text(_)));
        is_total(rec)
            || (n <= 2 && all_text && phrase)
            || match key_index {
                Some(k) => rec.cells[k].is_empty() && n <= 2 && all_text,
                None => n <= 2 && all_text && median >= 4,
            }
    };
    // From the bottom: blank lines, then rows that look like a footer, until a record.
    let mut cut = rows.len();
    let mut footer_rows = 0;
    while cut > 0 {
        let rec = &rows[cut - 1];
        if blank_line(rec.row) {
            cut -= 1;
        } else if footer_like(rec) {
            cut -= 1;
            footer_rows += 1;
        } else {
            break;
        }
    }
    // A footer needs a record above it; trailing blank lines alone are no footer.
    if cut == 0 || footer_rows == 0 {
        cut = rows.len();
    }
    let footer: Vec<Record> = rows.split_off(cut).into_iter().filter(|r| !blank_line(r.row)).collect();
    let mut total = None;
    if !footer.is_empty() {
        // The first text of each row: `Tổng cộng · Người lập biểu · (Ký, ghi rõ họ tên)`.
        let shown: Vec<String> = footer.iter().filter_map(|r| row_texts(r.row).into_iter().next()).collect();
        let shown = crate::diag::printable(&shown.join(" · ").chars().take(120).collect::<String>()).to_string();
        notes.push(grid.note(if footer.len() == 1 {
            Msg::SheetFooterOne { row: footer[0].row + 1, shown }
        } else {
            Msg::SheetFooterMany { first: footer[0].row + 1, last: footer[footer.len() - 1].row + 1, shown }
        }));
        total = footer.into_iter().find(|r| is_total(r));
    }
    // Blank rows after the last record are nothing; blank rows between records are kept
    // (a reader may count them: bulk reports an empty row).
    while rows.last().is_some_and(Record::is_blank) {
        rows.pop();
    }

    // The total row against the sum of the records.
    if let Some(t) = &total {
        for (i, col) in columns.iter().enumerate() {
            let Ok(Some(stated)) = t.cells[i].number() else { continue };
            let values: Vec<Result<Option<f64>, Text>> = rows.iter().filter(|r| !r.is_blank()).map(|r| r.cells[i].number()).collect();
            if values.iter().any(Result::is_err) || !values.iter().any(|v| matches!(v, Ok(Some(_)))) {
                continue;
            }
            let nums: Vec<f64> = values.into_iter().filter_map(|v| v.ok().flatten()).collect();
            let sum: f64 = nums.iter().sum();
            let mean = sum / nums.len() as f64;
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0) || (a - b).abs() < 0.005;
            if !close(sum, stated) && !close(mean, stated) {
                notes.push(grid.note(Msg::SheetTotal {
                    cell: format!("{}{}", super::column_name(col.col as usize), t.row + 1),
                    header: col.header.clone(),
                    stated: super::show(stated),
                    sum: super::show((sum * 1e6).round() / 1e6),
                }));
            }
        }
    }

    // Hidden rows and columns are read, and said.
    let hidden_rows: Vec<u32> = rows.iter().map(|r| r.row).filter(|r| grid.hidden_rows.contains(r)).collect();
    if !hidden_rows.is_empty() {
        notes.push(grid.note(if hidden_rows.len() == 1 {
            Msg::SheetHiddenRow { row: (hidden_rows[0] + 1).to_string() }
        } else {
            Msg::SheetHiddenRows { rows: list_rows(&hidden_rows) }
        }));
    }
    let hidden_cols: Vec<&TableColumn> = columns.iter().filter(|c| grid.hidden_cols.contains(&c.col)).collect();
    if !hidden_cols.is_empty() {
        let names: Vec<String> = hidden_cols.iter().map(|c| format!("{} ({})", super::column_name(c.col as usize), c.header)).collect();
        let columns = names.join(", ");
        notes.push(grid.note(if names.len() > 1 { Msg::SheetHiddenColumns { columns } } else { Msg::SheetHiddenColumn { columns } }));
    }
    // Converted encodings and percent cells, named by cell.
    let mut converted: Vec<(super::legacy::Legacy, String)> = Vec::new();
    let mut percents: Vec<String> = Vec::new();
    for r in &rows {
        for (i, c) in r.cells.iter().enumerate() {
            let name = format!("{}{}", super::column_name(columns[i].col as usize), r.row + 1);
            if let Some(enc) = c.converted {
                converted.push((enc, name.clone()));
            }
            if c.percent {
                percents.push(name);
            }
        }
    }
    for enc in [super::legacy::Legacy::Tcvn3, super::legacy::Legacy::Vni] {
        let cells: Vec<&str> = converted.iter().filter(|(e, _)| *e == enc).map(|(_, c)| c.as_str()).collect();
        if !cells.is_empty() {
            notes.push(grid.note(Msg::SheetEncoding { encoding: Box::new(legacy_name(enc)), cells: list_cells(&cells) }));
        }
    }
    if !percents.is_empty() {
        let cells: Vec<&str> = percents.iter().map(String::as_str).collect();
        notes.push(grid.note(Msg::SheetPercent { cells: list_cells(&cells) }));
    }
    Table { file: grid.file.clone(), sheet: grid.sheet.clone(), header_row, columns, records: rows, total, notes, errors, formats_known: grid.formats_known }
}

fn list_rows(rows: &[u32]) -> String {
    let shown: Vec<String> = rows.iter().take(10).map(|r| (r + 1).to_string()).collect();
    if rows.len() > 10 {
        Text::AndMoreRows { list: shown.join(", "), more: rows.len() - 10 }.to_string()
    } else {
        shown.join(", ")
    }
}

/// `B5, B6, C7 and 12 more`.
pub fn list_cells(cells: &[&str]) -> String {
    let shown = cells.iter().take(10).copied().collect::<Vec<_>>().join(", ");
    if cells.len() > 10 {
        Text::AndMore { list: shown, more: cells.len() - 10 }.to_string()
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            file: "x.xlsx".into(),
            sheet: "S".into(),
            rows: rows.iter().map(|r| r.iter().map(|t| if t.is_empty() { Cell::EMPTY } else { super::super::text_cell(t) }).collect()).collect(),
            hidden_rows: BTreeSet::new(),
            hidden_cols: BTreeSet::new(),
            merged: Vec::new(),
            formats_known: true,
        }
    }

    #[test]
    fn title_header_footer_and_total() {
        let mut g = grid(&[
            &["DANH SÁCH CÁC ĐƠN VỊ"],
            &[],
            &["STT", "Mã\nđơn vị", "Tên  đơn vị", "Số lớp"],
            &["1", "MN-01", "Trường A", "3"],
            &["2", "MN-02", "Trường B", "4"],
            &[],
            &["", "Tổng cộng", "", "8"],
            &[],
            &["", "", "Người lập biểu"],
        ]);
        g.merged.push((0, 0, 0, 3));
        let e = Expect {
            columns: vec![Column::new("ma", &["Mã đơn vị"]), Column::new("ten", &["Tên đơn vị"]), Column::new("so_lop", &["Số lớp"])],
            key: Some("ma".into()),
            keep_unknown: false,
            ignore: vec!["STT".into()],
        };
        let t = read_table(&g, &e);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        assert_eq!(t.header_row, 2);
        assert_eq!(t.keys(), ["ma", "ten", "so_lop"]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(t.total.as_ref().map(|r| r.row), Some(6));
        let codes: Vec<&str> = t.notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, ["sheet-title", "sheet-footer", "sheet-total"], "{:?}", t.notes);
        assert!(t.notes[2].message.contains("says 8") && t.notes[2].message.contains("add up to 7"), "{}", t.notes[2].message);
    }

    #[test]
    fn merged_header_cells_read_as_they_show() {
        // `Họ và tên` merged down over two header rows; `Kết quả` across its two sub-headers.
        let mut g = grid(&[&["DANH SÁCH"], &["STT", "Họ và tên", "Kết quả", ""], &["", "", "Số lượng", "Tỷ lệ"], &["1", "Nguyễn Văn A", "3", "50"]]);
        g.merged.extend([(0, 0, 0, 3), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3)]);
        let e = Expect {
            columns: vec![Column::new("ho_ten", &["Họ và tên"]), Column::new("so_luong", &["Số lượng"]), Column::new("ty_le", &["Tỷ lệ"])],
            key: Some("ho_ten".into()),
            keep_unknown: false,
            ignore: vec!["STT".into()],
        };
        let t = read_table(&g, &e);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        assert_eq!(t.keys(), ["ho_ten", "so_luong", "ty_le"]);
        assert_eq!(t.records.len(), 1);
        assert_eq!(t.records[0].row, 3);
        assert_eq!(t.records[0].cells[1].text(), "3");
    }

    #[test]
    fn generic_tables_keep_their_headers() {
        let g = grid(&[
            &["UBND XÃ A", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            &["Danh sách"],
            &["truong.ma", "truong.ten", "ghi_chu", "x"],
            &["A", "Trường A", "", "1"],
            &["B", "Trường B", "x", "2"],
        ]);
        let t = read_table(&g, &Expect::default());
        assert_eq!(t.header_row, 2, "a letterhead of two cells is no header");
        assert_eq!(t.keys(), ["truong.ma", "truong.ten", "ghi_chu", "x"]);
        assert_eq!(t.records.len(), 2);
    }
}
