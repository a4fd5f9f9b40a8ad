//! The register as the book is printed (ND30 Phụ lục IV): ten columns, one line a number, a
//! void number shown with its reason. CSV (UTF-8 with BOM, for Excel) and XLSX (header row,
//! column widths, dates as dates).

use super::Entry;
use crate::diag::Diagnostic;

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
    match crate::compose::parse_date(date) {
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
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADERS);
    for e in entries {
        let _ = w.write_record(row(e));
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// The book as XLSX: a title line, the header row, a line a number; dates as dates.
pub fn xlsx(entries: &[Entry], title: &str) -> Result<Vec<u8>, Diagnostic> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| Diagnostic::error("register-export", format!("cannot write the workbook: {e}"));
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
            match (c, crate::compose::parse_date(&e.date)) {
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

/// What `templates/so-dang-ky.typ` reads: the agency's lines, the year, the first and last
/// numbers, the ten headers and their relative widths, and the rows.
pub fn pdf_data(entries: &[Entry], agency: &[String], year: i32) -> Vec<u8> {
    let rows: Vec<[String; 10]> = entries.iter().map(row).collect();
    let single = entries.windows(2).all(|w| (&w[0].issuer, &w[0].sequence) == (&w[1].issuer, &w[1].sequence));
    let data = serde_json::json!({
        "agency": agency,
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
