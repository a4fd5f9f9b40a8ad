//! The register as the book is printed (ND30 Phụ lục IV): ten columns, one line a number, a
//! void number shown with its reason. CSV (UTF-8 with BOM, for Excel) and XLSX (header row,
//! column widths, dates as dates).

use super::Entry;
use crate::diag::Diagnostic;
use crate::messages::Msg;

/// The book's ten columns.
pub const HEADERS: [&str; 10] = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
];

/// `30/06/2026` from `2026-06-30` (`06/2026`, `2026` for dates left blank).
fn dmy(date: &str) -> String {
    match crate::vn::parse_date(date) {
        Some((y, Some(m), Some(d))) => format!("{d:02}/{m:02}/{y}"),
        Some((y, Some(m), None)) => format!("{m:02}/{y}"),
        Some((y, None, _)) => y.to_string(),
        None => date.to_string(),
    }
}

/// The note column: the clerk's note, and for a void number why, by whom and when.
fn note(e: &Entry) -> String {
    match &e.void {
        Some((at, by, why)) => {
            let v = format!("Hủy số: {why} ({by}, {})", at.get(..10).unwrap_or(at));
            if e.note.is_empty() {
                v
            } else {
                format!("{}; {v}", e.note)
            }
        }
        None => e.note.clone(),
    }
}

/// One line of the book, column by column.
pub fn row(e: &Entry) -> [String; 10] {
    [
        e.number_and_symbol(),
        dmy(&e.date),
        format!("{} {}", e.kind, e.summary).trim().to_string(),
        e.signer.clone(),
        e.recipients.clone(),
        e.kept_by.clone(),
        e.copies.to_string(),
        e.sent.clone(),
        e.received_by.clone(),
        note(e),
    ]
}

/// The book as CSV.
pub fn csv(entries: &[Entry]) -> Vec<u8> {
    let head: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    crate::output::csv_bytes(true, std::iter::once(head).chain(entries.iter().map(|e| row(e).to_vec())))
}

/// The book as XLSX: a title line, the header row, a line a number; dates as dates.
pub fn xlsx(entries: &[Entry], title: &str) -> Result<Vec<u8>, Diagnostic> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Diagnostic::error(Msg::RegisterExport { error: e.to_string() });
    let mut wb = Workbook::new();
    // A fixed creation date: the same register gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?;
    wb.set_properties(&DocProperties::new().set_title(title).set_creation_datetime(&created));
    let sheet = wb.add_worksheet();
    sheet.set_name("Sổ đăng ký văn bản đi").map_err(fail)?;
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd/mm/yyyy").set_border(FormatBorder::Thin);
    sheet.write_string_with_format(0, 0, title, &Format::new().set_bold()).map_err(fail)?;
    for (c, (h, w)) in HEADERS.iter().zip([14.0, 12.0, 48.0, 18.0, 30.0, 16.0, 8.0, 12.0, 12.0, 24.0]).enumerate() {
        sheet.set_column_width(c as u16, w).map_err(fail)?;
        sheet.write_string_with_format(1, c as u16, *h, &bold).map_err(fail)?;
    }
    for (i, e) in entries.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, v) in row(e).iter().enumerate() {
            let c = c as u16;
            match (c, crate::vn::parse_date(&e.date)) {
                (1, Some((y, Some(m), Some(d)))) => {
                    let dt = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).map_err(fail)?;
                    sheet.write_datetime_with_format(r, c, &dt, &date).map_err(fail)?;
                }
                (6, _) => {
                    sheet.write_number_with_format(r, c, e.copies as f64, &cell).map_err(fail)?;
                }
                _ => {
                    sheet.write_string_with_format(r, c, v, &cell).map_err(fail)?;
                }
            }
        }
    }
    wb.save_to_buffer().map_err(fail)
}

/// The book's title: the secret documents' (`secret`) is a book of its own (ND30 Điều 15).
pub fn title(secret: bool) -> &'static str {
    if secret {
        "SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI"
    } else {
        "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    }
}

/// What `templates/so-dang-ky.typ` reads: the agency's lines, the book's title, the year, the first and last
/// numbers, the ten headers and their relative widths, and the rows.
pub fn pdf_data(entries: &[Entry], agency: &[String], year: i32, title: &str) -> Vec<u8> {
    let rows: Vec<[String; 10]> = entries.iter().map(row).collect();
    let single = entries.windows(2).all(|w| (&w[0].issuer, &w[0].sequence) == (&w[1].issuer, &w[1].sequence));
    let data = serde_json::json!({
        "agency": agency,
        "title": title,
        "year": year,
        "count": entries.len(),
        // From … to … where the book is one sequence; else the count alone.
        "first": if single { entries.first().map(|e| format!("{:02}", e.number)).unwrap_or_default() } else { String::new() },
        "last": if single { entries.last().map(|e| format!("{:02}", e.number)).unwrap_or_default() } else { String::new() },
        "headers": HEADERS,
        "widths": [1.8, 1.1, 3.4, 1.3, 2.4, 1.2, 0.8, 1.0, 1.0, 1.5],
        "rows": rows,
    });
    serde_json::to_vec(&data).unwrap_or_default()
}

/// Reads an existing register kept in Excel (a sheet with the ten columns, under a title row
/// or not: the header row is found by its headers, through `crate::sheet`; a row under the
/// data that is no entry, a signature, is skipped), for an office that switches mid-year. Every bad row is reported (sheet, row, column); the entries are
/// numbered as the book gives them.
pub fn read_xlsx(path: &std::path::Path) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    use crate::sheet::{read_table, Book, Column, Expect};
    let file = path.display().to_string();
    let fail = |msg: Msg| Diagnostic::error(Msg::RegisterImport { detail: Box::new(msg) }).in_file(&file);
    let mut book = Book::open(path).map_err(|d| vec![fail(d.msg)])?;
    let sheet = book.choose(None).map_err(|d| vec![fail(d.msg)])?;
    let grid = book.grid(&sheet).map_err(|d| vec![fail(d.msg)])?;
    let keys: Vec<String> = (0..HEADERS.len()).map(|i| format!("c{i}")).collect();
    let expect = Expect {
        columns: HEADERS.iter().enumerate().map(|(i, h)| if i == 0 { Column::new(&keys[i], &[h]).required() } else { Column::new(&keys[i], &[h]) }).collect(),
        key: Some(keys[0].clone()),
        keep_unknown: true,
        ignore: vec![],
    };
    let table = read_table(&grid, &expect);
    if !table.errors.is_empty() || table.columns.is_empty() {
        let mut errs: Vec<Msg> = table.errors.iter().map(|d| d.msg.clone()).collect();
        if errs.is_empty() {
            errs.push(Msg::RegisterNoHeader { sheet: sheet.to_string(), first: HEADERS[0].to_string() });
        }
        let columns = HEADERS.join(" | ");
        return Err(errs
            .into_iter()
            .map(|m| Diagnostic::error(Msg::RegisterImportColumns { detail: Box::new(m), columns: columns.clone() }).in_file(&file))
            .collect());
    }
    // Each of the ten columns: by its header, else (a header worded otherwise) at its place
    // counted from the first column, as the book's order has it.
    let first = table.columns.iter().find(|c| c.key == keys[0]).map_or(0, |c| c.col);
    let by_header: Vec<Option<u32>> = keys.iter().map(|k| table.columns.iter().find(|c| &c.key == k).map(|c| c.col)).collect();
    let cols: Vec<u32> = (0..keys.len()).map(|k| by_header[k].unwrap_or_else(|| first + k as u32)).collect();
    let rows: Vec<(u32, Vec<String>)> = table
        .records
        .iter()
        .map(|rec| {
            let cells = cols
                .iter()
                .map(|&c| {
                    let cell = grid.cell(rec.row, c);
                    match cell.json() {
                        Ok(Some(serde_json::Value::String(s))) => s,
                        Ok(Some(v)) => v.to_string(),
                        _ => cell.text(),
                    }
                })
                .collect();
            (rec.row, cells)
        })
        .collect();
    let col_of = |k: usize| cols[k];
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (row, r) in &rows {
        let at = |col: usize, msg: Msg| {
            fail(Msg::RegisterCell {
                sheet: sheet.clone(),
                row: *row + 1,
                column: crate::sheet::column_name(col_of(col) as usize),
                header: HEADERS[col].to_string(),
                detail: Box::new(msg),
            })
        };
        let cell = |k: usize| r.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (number, symbol) = match cell(0).split_once('/') {
            Some((n, s)) if n.trim().parse::<u32>().is_ok_and(|n| (1..=9999).contains(&n)) => {
                (n.trim().parse::<u32>().unwrap_or(0), crate::vn::normalize(s.trim()))
            }
            _ => {
                errors.push(at(0, Msg::RegisterBadSymbol { value: cell(0) }));
                continue;
            }
        };
        let raw_date = cell(1);
        // A date as text, a date cell, or a date cell without its format.
        let date = match crate::sheet::parse_date(&raw_date) {
            Some(d) => d,
            None => {
                errors.push(at(1, Msg::RegisterBadImportDate { value: raw_date.to_string() }));
                continue;
            }
        };
        use chrono::Datelike;
        let groups: Vec<&str> = symbol.split('-').collect();
        let kind_code = crate::vn::KINDS.iter().find(|k| !k.code.is_empty() && k.code == groups[0]);
        let issuer = if kind_code.is_some() { groups.get(1).copied().unwrap_or("") } else { groups[0] }.to_string();
        let title = cell(2);
        let (kind, summary) = match crate::vn::KINDS.iter().find(|k| title.starts_with(k.name)) {
            Some(k) => (k.name.to_string(), title[k.name.len()..].trim().to_string()),
            None => (kind_code.map_or("Công văn", |k| k.name).to_string(), title.clone()),
        };
        let copies = cell(6).parse::<u32>().unwrap_or(0);
        let hash = {
            use sha2::{Digest, Sha256};
            Sha256::digest(format!("import\u{1f}{}", r.join("\u{1f}")).as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
        };
        out.push(Entry {
            issuer,
            agency: String::new(),
            sequence: "chung".into(),
            year: date.year(),
            number,
            symbol,
            date: date.format("%Y-%m-%d").to_string(),
            kind,
            summary,
            signer: cell(3),
            recipients: cell(4),
            kept_by: cell(5),
            copies,
            sent: cell(7),
            received_by: cell(8),
            note: cell(9),
            hash,
            issued_at: String::new(),
            void: None,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
