//! The quarterly loop's test data: a list of schools, and the figures each school types into
//! its returned workbook. Shared by tests/testsuite/aggregate.rs and bench/gen_tra_ve.rs (the
//! benchmark's generator), so both fill forms the same way: by reading the form's hidden
//! sheet for where each value goes and writing the values into the sheet's XML, as Excel
//! stores what a person typed.
#![allow(dead_code)]

use std::io::{Read, Write};

/// The levels and communes schools are spread over.
pub const LEVELS: [&str; 5] = ["Mầm non", "Tiểu học", "THCS", "THPT", "GDNN-GDTX"];
pub const COMMUNES: [&str; 12] = [
    "Xã Tiên Điền",
    "Xã Vũ Quang",
    "Phường Thành Sen",
    "Xã Cẩm Xuyên",
    "Xã Đức Thọ",
    "Xã Hương Khê",
    "Phường Hồng Lĩnh",
    "Xã Kỳ Anh",
    "Xã Thạch Hà",
    "Xã Nghi Xuân",
    "Xã Can Lộc",
    "Xã Lộc Hà",
];
const NAMES: [&str; 16] = [
    "Hoa Sen",
    "Bình Minh",
    "Nguyễn Du",
    "Lê Hữu Trác",
    "Phan Đình Phùng",
    "Trần Phú",
    "Hàm Nghi",
    "Sao Mai",
    "Hướng Dương",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Nguyễn Trãi",
    "Mai Thúc Loan",
    "Hồng Lam",
    "Thiên Cầm",
];

/// A deterministic generator (the same data on every run).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// One school of the list.
#[derive(Clone, Debug)]
pub struct School {
    pub code: String,
    pub name: String,
    pub level: &'static str,
    pub commune: &'static str,
}

/// `n` schools, in list order.
pub fn schools(n: usize) -> Vec<School> {
    let mut r = Lcg(7);
    (0..n)
        .map(|i| {
            let level = LEVELS[(r.below(100) as usize * LEVELS.len()) / 100];
            let prefix = match level {
                "Mầm non" => ("MN", "Trường Mầm non"),
                "Tiểu học" => ("TH", "Trường Tiểu học"),
                "THCS" => ("THCS", "Trường THCS"),
                "THPT" => ("THPT", "Trường THPT"),
                _ => ("GDTX", "Trung tâm GDNN-GDTX"),
            };
            School {
                code: format!("{}-{:04}", prefix.0, i + 1),
                name: format!("{} {} số {}", prefix.1, NAMES[r.below(NAMES.len() as u64) as usize], i + 1),
                level,
                commune: COMMUNES[r.below(COMMUNES.len() as u64) as usize],
            }
        })
        .collect()
}

/// The list as the rows file `bulk` and `tong-hop --schools` read (quarter `quy` of `nam`).
pub fn schools_csv(schools: &[School], quy: u32, nam: u32) -> String {
    let mut s = String::from("stt,truong.ma,truong.ten,truong.cap,truong.xa,truong.hieu_truong,ky.quy,ky.nam\n");
    for (i, sc) in schools.iter().enumerate() {
        s.push_str(&format!("{},{},{},{},{},Nguyễn Văn {},{quy},{nam}\n", i + 1, sc.code, sc.name, sc.level, sc.commune, i + 1));
    }
    s
}

/// What a school types into one cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    Number(f64),
    Text(String),
    Blank,
}

/// A school's figures, by field (the form's indicators), all valid.
pub fn figures(seed: u64) -> Vec<(&'static str, Typed)> {
    let mut r = Lcg(seed.wrapping_mul(2654435761).wrapping_add(11));
    let cbql = 1 + r.below(4);
    let gv = 10 + r.below(70);
    let hs = 100 + r.below(1200);
    let n = |x: u64| Typed::Number(x as f64);
    vec![
        ("so_cbql", n(cbql)),
        ("cbql_hoan_thanh", n(r.below(cbql + 1))),
        ("so_gv", n(gv)),
        ("gv_hoan_thanh", n(gv - r.below(gv / 2 + 1))),
        ("so_lop_tap_huan", n(r.below(6))),
        ("ty_le_tiet_so", Typed::Number((r.below(1000) as f64) / 10.0)),
        ("so_hs", n(hs)),
        ("hs_tai_khoan", n(hs - r.below(hs / 3))),
        ("hs_hoan_thanh", n(hs - r.below(hs / 2))),
        ("kinh_phi", n(r.below(50) * 500_000)),
        ("kho_khan", if r.below(4) == 0 { Typed::Text("Thiếu thiết bị".into()) } else { Typed::Blank }),
    ]
}

/// Where each field's value goes, from the workbook's hidden sheet `_vanban` (`@.field` → cell).
pub fn cells_of(xlsx: &[u8]) -> Vec<(String, String)> {
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).expect("a workbook");
    let range = wb.worksheet_range("_vanban").expect("the hidden sheet");
    range
        .rows()
        .filter_map(|row| {
            let k = row.first()?.to_string();
            let v = row.get(1)?.to_string();
            k.strip_prefix("@.").map(|k| (k.to_string(), v))
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The workbook with `values` typed into the cells the hidden sheet names for their fields,
/// as Excel would store them (numbers as numbers, text inline); `Blank` clears the cell.
pub fn fill(xlsx: &[u8], values: &[(&str, Typed)]) -> Vec<u8> {
    let cells = cells_of(xlsx);
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read entry");
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::from_utf8(data).expect("utf-8");
            for (field, typed) in values {
                let Some((_, cell)) = cells.iter().find(|(k, _)| k == field) else { continue };
                xml = set_cell(&xml, cell, typed);
            }
            data = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// Replaces the `<c r="D12" …>` element of a sheet's XML.
fn set_cell(xml: &str, cell: &str, typed: &Typed) -> String {
    let open = format!("<c r=\"{cell}\"");
    let Some(start) = xml.find(&open) else { return xml.to_string() };
    let rest = &xml[start..];
    let head_end = rest.find('>').expect("cell tag end");
    let (head, self_closing) = if rest[..head_end].ends_with('/') { (&rest[..head_end - 1], true) } else { (&rest[..head_end], false) };
    let end = if self_closing { head_end + 1 } else { rest.find("</c>").expect("cell end") + 4 };
    // Keep the style; drop any type.
    let style = head.split_whitespace().find(|a| a.starts_with("s=")).unwrap_or("");
    let new = match typed {
        Typed::Number(x) => format!("<c r=\"{cell}\" {style}><v>{x}</v></c>"),
        Typed::Text(t) => format!("<c r=\"{cell}\" {style} t=\"inlineStr\"><is><t>{}</t></is></c>", escape(t)),
        Typed::Blank => format!("<c r=\"{cell}\" {style}/>"),
    };
    format!("{}{}{}", &xml[..start], new, &rest[end..])
}
