//! What a spreadsheet must hold for a capability that reads one (bulk's rows, a dossier's
//! nominations): its sheets and columns (name, required or not, example, fixed values), shown
//! on the web page and written as a blank workbook. It must not read spreadsheets nor know a capability's rules.
//!
//! A blank workbook has, on each sheet: a title row, a row of what each column is (marked
//! "bắt buộc" where a value is required), one example row marked as such, then the header
//! row the readers look for; the clerk types the data under it. The rows above the header
//! are titles to the readers (`crate::sheet`), never data: the example can not become a
//! document. A column with fixed values has Excel's list validation on its data cells.

use crate::diag::Diagnostic;
use serde::Serialize;

/// The spreadsheet a capability reads.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// What is made from it, in Vietnamese.
    pub title: String,
    /// What it is for, in a sentence or two.
    pub description: String,
    /// Its sheets (a rows file: one).
    pub sheets: Vec<Sheet>,
}

/// One sheet of the spreadsheet.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// `true` for a sheet of items, one a row (`Mục` | `Nội dung`), rather than a table with
    /// a column each.
    pub items: bool,
    /// Whether the sheet itself must be there.
    pub required: bool,
    /// Its columns (or items).
    pub columns: Vec<Column>,
}

/// One column a reader reads.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// The header the reader looks for (a field name such as `truong.ten`, or a Vietnamese
    /// header such as `Họ và tên`).
    pub header: String,
    /// What the column holds, in Vietnamese (may equal the header).
    pub label: String,
    /// A value is required in every row.
    pub required: bool,
    /// An example value.
    pub example: String,
    /// The only values accepted, when the column has a fixed list.
    pub values: Vec<String>,
}

/// Data rows that carry the fixed values' validation.
const VALIDATED_ROWS: u32 = 2000;

/// The blank workbook of `guide`: on each sheet a title, what each column is, an example row
/// and the header row; the fixed values as list validation. Deterministic bytes.
pub fn blank_workbook(guide: &Guide) -> Result<Vec<u8>, Diagnostic> {
    use rust_xlsxwriter::{Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| Diagnostic::error(crate::messages::Msg::FormWorkbook { error: e.to_string() });
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(x)?;
    wb.set_properties(&DocProperties::new().set_title(&guide.title).set_author("vanban").set_creation_datetime(&created));
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let title_f = font(Format::new()).set_bold().set_font_size(13);
    let label_f = font(Format::new()).set_italic().set_font_color(Color::RGB(0x404040));
    let example_f = font(Format::new()).set_italic().set_font_color(Color::RGB(0x7F7F7F)).set_background_color(Color::RGB(0xF2F2F2));
    let head_f = font(Format::new()).set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color(Color::RGB(0xD9D9D9));
    let item_f = font(Format::new()).set_bold().set_border(FormatBorder::Thin);
    let input_f = font(Format::new()).set_border(FormatBorder::Thin).set_background_color(Color::RGB(0xFFF2CC));
    for sheet in &guide.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(x)?;
        let title = format!("{} — {}", guide.title, sheet.name);
        if sheet.items {
            // Mục | Nội dung | Ví dụ | Bắt buộc: the clerk fills column B.
            for (c, w) in [(0u16, 30.0), (1, 48.0), (2, 48.0), (3, 12.0)] {
                ws.set_column_width(c, w).map_err(x)?;
            }
            ws.write_with_format(0, 0, &title, &title_f).map_err(x)?;
            for (c, h) in ["Mục", "Nội dung", "Ví dụ (không được đọc)", "Bắt buộc"].iter().enumerate() {
                ws.write_with_format(1, c as u16, *h, &head_f).map_err(x)?;
            }
            for (i, col) in sheet.columns.iter().enumerate() {
                let r = 2 + i as u32;
                ws.write_with_format(r, 0, &col.header, &item_f).map_err(x)?;
                ws.write_with_format(r, 1, "", &input_f).map_err(x)?;
                ws.write_with_format(r, 2, &col.example, &example_f).map_err(x)?;
                ws.write_with_format(r, 3, if col.required { "bắt buộc" } else { "" }, &label_f).map_err(x)?;
                if !col.values.is_empty() {
                    let v = DataValidation::new().allow_list_strings(&col.values).map_err(x)?.set_error_title("Giá trị không có trong danh sách").map_err(x)?;
                    ws.add_data_validation(r, 1, r, 1, &v).map_err(x)?;
                }
            }
            continue;
        }
        // A table: title, what each column is, the example, then the header; data below.
        ws.write_with_format(0, 0, &title, &title_f).map_err(x)?;
        ws.write_with_format(2, 0, "Ví dụ (dòng này không được đọc; gõ dữ liệu dưới dòng tiêu đề cột)", &example_f).map_err(x)?;
        let (about, example, header) = (1u32, 2u32, 3u32);
        for (i, col) in sheet.columns.iter().enumerate() {
            let c = i as u16 + 1;
            ws.set_column_width(c, (col.header.chars().count().max(col.example.chars().count().min(40)).max(12) + 2) as f64).map_err(x)?;
            let about_text = match (col.label == col.header, col.required) {
                (true, true) => "bắt buộc".to_string(),
                (true, false) => String::new(),
                (false, true) => format!("{} (bắt buộc)", col.label),
                (false, false) => col.label.clone(),
            };
            ws.write_with_format(about, c, &about_text, &label_f).map_err(x)?;
            ws.write_with_format(example, c, &col.example, &example_f).map_err(x)?;
            ws.write_with_format(header, c, &col.header, &head_f).map_err(x)?;
            if !col.values.is_empty() {
                let v = DataValidation::new().allow_list_strings(&col.values).map_err(x)?.set_error_title("Giá trị không có trong danh sách").map_err(x)?;
                ws.add_data_validation(header + 1, c, header + VALIDATED_ROWS, c, &v).map_err(x)?;
            }
        }
        ws.set_column_width(0, 22.0).map_err(x)?;
        ws.write_with_format(header, 0, "STT", &head_f).map_err(x)?;
        ws.set_freeze_panes(header + 1, 0).map_err(x)?;
    }
    wb.save_to_buffer().map_err(x)
}
