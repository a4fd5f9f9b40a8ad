//! Nominations workbooks for `vanban ho-so`.
//!
//! `cargo run --example gen-ho-so -- xlsx IN.json OUT.xlsx` writes the workbook twin of a
//! nominations JSON file, as a clerk keeps it: sheets `Thông tin chung` (item | value),
//! `Cá nhân`, `Tập thể` and `Lớp` with the documented Vietnamese headers, dates as date
//! cells, kinds by their Vietnamese names, lists one item a line. The samples'
//! workbooks are made this way (README, "Award dossiers"); the output is the same on every
//! run (fixed creation date).
//!
//! `cargo run --example gen-ho-so -- big N M OUT.json` writes a generated unit with N
//! individuals and M collectives within every rule (for `bench/dossier.sh`).

use anyhow::{bail, Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use serde_json::{json, Value};
use vanban::dossier::nominations::{SheetSpec, CLASSES, COLLECTIVES, INDIVIDUALS, INFO_LABELS};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["xlsx", input, output] => xlsx(input, output),
        ["big", n, m, output] => big(n.parse()?, m.parse()?, output),
        _ => bail!("usage: gen-ho-so xlsx IN.json OUT.xlsx | gen-ho-so big N M OUT.json"),
    }
}

/// A kind as a clerk writes it.
fn kind_name(field: &str, v: &str) -> String {
    match (field, v) {
        ("doi_tuong", "sinh-vien") => "Sinh viên".into(),
        ("doi_tuong", "can-bo") => "Cán bộ, giảng viên".into(),
        ("loai", "lop") => "Lớp".into(),
        ("loai", "doi-nhom") => "Đội, nhóm".into(),
        ("loai", "phong-khoa") => "Phòng, khoa".into(),
        _ => v.to_string(),
    }
}

fn date(s: &str) -> Option<ExcelDateTime> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
}

fn write_cell(sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, field: &str, v: &Value, date_format: &Format) -> Result<()> {
    match v {
        Value::Number(n) => {
            sheet.write_number(r, c, n.as_f64().unwrap_or(0.0))?;
        }
        Value::String(s) if field == "ngay_sinh" || field == "ngay" => match date(s) {
            Some(d) => {
                sheet.write_datetime_with_format(r, c, &d, date_format)?;
            }
            None => {
                sheet.write_string(r, c, s)?;
            }
        },
        Value::String(s) => {
            sheet.write_string(r, c, kind_name(field, s))?;
        }
        Value::Array(items) => {
            let lines: Vec<String> = items.iter().map(|x| x.as_str().unwrap_or_default().to_string()).collect();
            sheet.write_string(r, c, lines.join("\n"))?;
        }
        Value::Null => {}
        other => {
            sheet.write_string(r, c, other.to_string())?;
        }
    }
    Ok(())
}

fn xlsx(input: &str, output: &str) -> Result<()> {
    let text = std::fs::read_to_string(input).with_context(|| format!("cannot read {input}"))?;
    let v: Value = serde_json::from_str(&text)?;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_title("Danh sách đề nghị khen thưởng").set_creation_datetime(&created));
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();

    let sheet = wb.add_worksheet();
    sheet.set_name("Thông tin chung")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 90)?;
    sheet.write_string_with_format(0, 0, "Mục", &bold)?;
    sheet.write_string_with_format(0, 1, "Nội dung", &bold)?;
    let mut r = 1;
    let info = &v["thong_tin"];
    for (field, labels) in INFO_LABELS {
        let Some(x) = info.get(*field) else { continue };
        // A list: one row per item, each with the item's label.
        let items: Vec<&Value> = match x {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            sheet.write_string(r, 0, labels[0])?;
            write_cell(sheet, r, 1, field, item, &date_format)?;
            r += 1;
        }
    }
    for (spec, key) in [(&INDIVIDUALS, "ca_nhan"), (&COLLECTIVES, "tap_the"), (&CLASSES, "lop")] {
        table(&mut wb, spec, v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]), &date_format, &bold)?;
    }
    wb.save(output).with_context(|| format!("cannot write {output}"))?;
    Ok(())
}

/// A sheet of records: `STT`, then a column per field any record gives, in the documented order.
fn table(wb: &mut Workbook, spec: &SheetSpec, records: &[Value], date_format: &Format, bold: &Format) -> Result<()> {
    let sheet = wb.add_worksheet();
    sheet.set_name(spec.names[0])?;
    let fields: Vec<(&str, &str)> = spec.columns.iter().filter(|(f, _)| records.iter().any(|r| r.get(*f).is_some())).map(|(f, h)| (*f, h[0])).collect();
    sheet.write_string_with_format(0, 0, "STT", bold)?;
    for (c, (_, header)) in fields.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16 + 1, *header, bold)?;
        sheet.set_column_width(c as u16 + 1, 18)?;
    }
    for (i, rec) in records.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, (i + 1) as f64)?;
        for (c, (field, _)) in fields.iter().enumerate() {
            if let Some(x) = rec.get(*field) {
                write_cell(sheet, r, c as u16 + 1, field, x, date_format)?;
            }
        }
    }
    Ok(())
}

/// A unit of `n` individuals and `m` collectives, every one within the shipped rules:
/// classes of 30 (4 students each), 2 staff per faculty, 2 collectives of a kind per faculty.
fn big(n: usize, m: usize, output: &str) -> Result<()> {
    const FAMILY: &[&str] = &["Lò", "Quàng", "Cầm", "Lường", "Hà", "Tòng", "Vì", "Điêu", "Mùa", "Sồng", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Bạc"];
    const MIDDLE: &[&str] = &["Thị", "Văn", "Minh", "Thu", "Đức", "Ngọc", "A", "Thanh"];
    const GIVEN: &[&str] = &["Ánh", "Anh", "Ảnh", "Dũng", "Đức", "Ơn", "Ôn", "On", "Hoa", "Mai", "Lan", "Sử", "Bình", "Yến", "Hưng", "Thành", "Hà", "Nam"];
    let staff_faculties = (n / 50).max(1);
    let mut people = Vec::new();
    let mut classes = Vec::new();
    for i in 0..n {
        let name = format!("{} {} {}", FAMILY[i % FAMILY.len()], MIDDLE[(i / 3) % MIDDLE.len()], GIVEN[(i * 7) % GIVEN.len()]);
        let staff = i < 2 * staff_faculties;
        let mut p = json!({
            "ho_ten": name,
            "ngay_sinh": format!("{}-{:02}-{:02}", if staff { 1980 } else { 2005 } + (i % 5) as i32, 1 + i % 12, 1 + i % 28),
            "gioi_tinh": if i % 2 == 0 { "Nữ" } else { "Nam" },
            "doi_tuong": if staff { "can-bo" } else { "sinh-vien" },
            "ma": format!("{}{:05}", if staff { "CB" } else { "SV" }, i),
            "so_luot_ho_tro": 20 + (i % 40),
            "qua_trinh": "Hướng dẫn người dân cài đặt VssID, VNeID, đăng ký dịch vụ công trực tuyến và sử dụng mạng xã hội an toàn.",
            "hinh_thuc": "Giấy khen của Hiệu trưởng",
            "minh_chung": ["Ảnh hoạt động tình nguyện", "Giấy xác nhận của địa phương"],
        });
        if i % 3 == 0 {
            p["dien_thoai"] = json!(format!("09{:08}", i));
        }
        if staff {
            p["khoa"] = json!(format!("Khoa {:02}", i / 2 + 1));
            p["lop"] = json!("Văn phòng Khoa");
        } else {
            let class = format!("CĐ K{:03}", i / 4);
            if classes.last() != Some(&class) {
                classes.push(class.clone());
            }
            p["lop"] = json!(class);
            p["khoa"] = json!(format!("Khoa {:02}", i / 100 + 1));
        }
        people.push(p);
    }
    // Four collectives a faculty: two classes and two teams; two of the teams (in all) are
    // offices or faculties, the school-wide limit.
    let mut groups = Vec::new();
    for j in 0..m {
        let kind = match (j % 4, j) {
            (_, 3) | (_, 7) => "phong-khoa",
            (0 | 1, _) => "lop",
            _ => "doi-nhom",
        };
        groups.push(json!({
            "ten": format!("Tập thể {:03}", j + 1),
            "loai": kind,
            "don_vi": format!("Khoa {:02}", j / 4 + 1),
            "so_thanh_vien": 20 + j,
            "so_lop": 2,
            "lop_dong_nhat": 35,
            "so_luot_ho_tro": 150,
            "hoat_dong": "Tổ chức lớp kỹ năng số cho người dân.",
            "hinh_thuc": "Giấy khen của Hiệu trưởng",
        }));
    }
    let doc = json!({
        "thong_tin": {
            "don_vi": "Khoa Sư phạm", "chu_quan": "Trường Cao đẳng Sơn La", "viet_tat": "KSP", "dia_danh": "Sơn La",
            "ngay": "2026-06-05", "chuc_vu_nguoi_ky": "Trưởng khoa", "nguoi_ky": "Lò Văn Minh",
            "phong_trao": "Bình dân học vụ số", "nam_hoc": "2025-2026",
            "thanh_tich": ["Khoa đã tổ chức nhiều lớp hướng dẫn kỹ năng số cho người dân."]
        },
        "lop": classes.iter().map(|c| json!({"ten": c, "si_so": 30})).collect::<Vec<_>>(),
        "ca_nhan": people,
        "tap_the": groups,
    });
    std::fs::write(output, serde_json::to_string_pretty(&doc)?).with_context(|| format!("cannot write {output}"))?;
    Ok(())
}
