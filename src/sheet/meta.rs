//! What a workbook's XML says beyond its values, which calamine does not give: percent number
//! formats, formulas saved without their value, hidden rows and columns, merged regions.
//! One streaming pass over each sheet's XML (`.xlsx`) or `content.xml` (`.ods`); values are
//! calamine's, never read here.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

/// One sheet's metadata; rows and columns 0-based.
#[derive(Debug, Default, Clone)]
pub struct SheetMeta {
    pub name: String,
    pub percent: Vec<(u32, u32)>,
    pub formulas_without_value: Vec<(u32, u32)>,
    pub hidden_rows: BTreeSet<u32>,
    pub hidden_cols: BTreeSet<u32>,
    pub merged: Vec<(u32, u32, u32, u32)>,
}

/// A workbook's metadata, by sheet.
#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub sheets: Vec<SheetMeta>,
}

type Zip = zip::ZipArchive<std::io::BufReader<std::fs::File>>;

fn part(z: &mut Zip, name: &str) -> Option<Vec<u8>> {
    let mut f = z.by_name(name).ok()?;
    // A part larger than this is not a form or a list: its metadata is not read.
    if f.size() > 200 * 1024 * 1024 {
        return None;
    }
    let mut v = Vec::with_capacity(f.size() as usize);
    f.read_to_end(&mut v).ok()?;
    Some(v)
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key).map(|a| {
        let raw = String::from_utf8_lossy(&a.value).to_string();
        quick_xml::escape::unescape(&raw).map(|c| c.to_string()).unwrap_or(raw)
    })
}

fn attr_exact(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| String::from_utf8_lossy(&a.value).to_string())
}

fn truthy(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

/// Whether an Excel number format scales by 100: a `%` outside quotes and escapes, in the
/// format's first section.
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    let mut bracket = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' | '_' | '*' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted => return false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// The metadata of an `.xlsx` file.
pub fn xlsx(path: &Path) -> Result<Meta, String> {
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut z = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| e.to_string())?;
    // Sheets and their parts. The metadata adds to what calamine reads from the same file (and
    // reports when it cannot): a part missing here means none of what it would add (no sheet
    // parts, no percent formats), as an XLSX without that part has none.
    let rels = part(&mut z, "xl/_rels/workbook.xml.rels").unwrap_or_default();
    let mut targets: HashMap<String, String> = HashMap::new();
    each_start(&rels, |e| {
        if e.local_name().as_ref() == b"Relationship" {
            if let (Some(id), Some(t)) = (attr(e, b"Id"), attr(e, b"Target")) {
                let t = if let Some(abs) = t.strip_prefix('/') { abs.to_string() } else { format!("xl/{t}") };
                targets.insert(id, t);
            }
        }
    });
    let wbx = part(&mut z, "xl/workbook.xml").ok_or("no workbook part")?;
    let mut sheets: Vec<(String, String)> = Vec::new();
    each_start(&wbx, |e| {
        if e.local_name().as_ref() == b"sheet" {
            if let (Some(name), Some(id)) = (attr(e, b"name"), attr_exact(e, b"r:id").or_else(|| attr(e, b"id"))) {
                if let Some(t) = targets.get(&id) {
                    sheets.push((name, t.clone()));
                }
            }
        }
    });
    // Styles: which cell formats are percents.
    let styles = part(&mut z, "xl/styles.xml").unwrap_or_default();
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut percent_xf: Vec<bool> = Vec::new();
    {
        let mut reader = Reader::from_reader(styles.as_slice());
        let mut buf = Vec::new();
        let mut in_cell_xfs = false;
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                    b"numFmt" => {
                        if let (Some(id), Some(code)) = (attr(&e, b"numFmtId").and_then(|i| i.parse().ok()), attr(&e, b"formatCode")) {
                            custom.insert(id, is_percent_format(&code));
                        }
                    }
                    b"cellXfs" => in_cell_xfs = true,
                    b"xf" if in_cell_xfs => {
                        let id: u32 = attr(&e, b"numFmtId").and_then(|i| i.parse().ok()).unwrap_or(0);
                        percent_xf.push(matches!(id, 9 | 10) || custom.get(&id).copied().unwrap_or(false));
                    }
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    let mut meta = Meta::default();
    for (name, target) in sheets {
        let Some(xml) = part(&mut z, &target) else { continue };
        meta.sheets.push(xlsx_sheet(name, &xml, &percent_xf));
    }
    Ok(meta)
}

fn each_start(xml: &[u8], mut f: impl FnMut(&BytesStart)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

fn range(r: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (r0, c0) = super::parse_cell(a)?;
    let (r1, c1) = super::parse_cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

fn xlsx_sheet(name: String, xml: &[u8], percent_xf: &[bool]) -> SheetMeta {
    let mut m = SheetMeta { name, ..SheetMeta::default() };
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    // The cell being read: its place, whether it has a formula and a value.
    let mut cell: Option<(u32, u32)> = None;
    let (mut has_f, mut has_v) = (false, false);
    let mut in_v = false;
    let mut row_no: u32 = 0;
    let mut next_col: u32 = 0;
    loop {
        let ev = reader.read_event_into(&mut buf);
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let empty = matches!(ev, Ok(Event::Empty(_)));
                match e.local_name().as_ref() {
                    b"row" => {
                        row_no = attr(e, b"r").and_then(|r| r.parse::<u32>().ok()).map_or(row_no + 1, |r| r);
                        next_col = 0;
                        if truthy(attr(e, b"hidden")) {
                            m.hidden_rows.insert(row_no - 1);
                        }
                    }
                    b"col" if truthy(attr(e, b"hidden")) => {
                        let min: u32 = attr(e, b"min").and_then(|v| v.parse().ok()).unwrap_or(1);
                        let max: u32 = attr(e, b"max").and_then(|v| v.parse().ok()).unwrap_or(min);
                        // A hidden run to the sheet's end (16384) is the unused columns.
                        for c in min..=max.min(min + 255) {
                            m.hidden_cols.insert(c - 1);
                        }
                    }
                    b"c" => {
                        let place = attr(e, b"r").and_then(|r| super::parse_cell(&r)).unwrap_or((row_no.saturating_sub(1), next_col));
                        next_col = place.1 + 1;
                        let style: usize = attr(e, b"s").and_then(|s| s.parse().ok()).unwrap_or(0);
                        let numeric = !matches!(attr(e, b"t").as_deref(), Some("s" | "str" | "inlineStr" | "b" | "e"));
                        if numeric && percent_xf.get(style).copied().unwrap_or(false) {
                            m.percent.push(place);
                        }
                        if empty {
                            cell = None;
                        } else {
                            cell = Some(place);
                            has_f = false;
                            has_v = false;
                        }
                    }
                    b"f" if cell.is_some() => has_f = true,
                    b"v" if cell.is_some() && !empty => in_v = true,
                    b"is" if cell.is_some() => has_v = true,
                    b"mergeCell" => {
                        if let Some(r) = attr(e, b"ref").and_then(|r| range(&r)) {
                            m.merged.push(r);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(ref t)) if in_v => {
                let bytes: &[u8] = t;
                if !bytes.iter().all(u8::is_ascii_whitespace) {
                    has_v = true;
                }
            }
            Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                b"v" => in_v = false,
                b"c" => {
                    if let Some(p) = cell.take() {
                        if has_f && !has_v {
                            m.formulas_without_value.push(p);
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    m
}

/// The metadata of an `.ods` file (`content.xml`).
pub fn ods(path: &Path) -> Result<Meta, String> {
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut z = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| e.to_string())?;
    let xml = part(&mut z, "content.xml").ok_or("no content.xml")?;
    let mut meta = Meta::default();
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut sheet: Option<SheetMeta> = None;
    let (mut row, mut col): (u32, u32) = (0, 0);
    let mut col_def: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut in_row = false;
    // Repeats beyond this are the sheet's unused remainder: not walked cell by cell.
    const LIMIT: u32 = 100_000;
    loop {
        let ev = reader.read_event_into(&mut buf);
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let empty = matches!(ev, Ok(Event::Empty(_)));
                let num = |k: &[u8]| attr_exact(e, k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1).max(1);
                match e.name().as_ref() {
                    b"table:table" => {
                        sheet = Some(SheetMeta {
                            name: attr_exact(e, b"table:name").map(|n| quick_xml::escape::unescape(&n).map(|c| c.to_string()).unwrap_or(n)).unwrap_or_default(),
                            ..SheetMeta::default()
                        });
                        row = 0;
                        col_def = 0;
                    }
                    b"table:table-column" => {
                        let n = num(b"table:number-columns-repeated");
                        if let Some(s) = sheet.as_mut() {
                            if attr_exact(e, b"table:visibility").is_some_and(|v| v != "visible") && n < 1024 {
                                for c in col_def..col_def + n {
                                    s.hidden_cols.insert(c);
                                }
                            }
                        }
                        col_def = col_def.saturating_add(n);
                    }
                    b"table:table-row" => {
                        row_repeat = num(b"table:number-rows-repeated");
                        col = 0;
                        in_row = !empty;
                        if let Some(s) = sheet.as_mut() {
                            if attr_exact(e, b"table:visibility").is_some_and(|v| v != "visible") && row_repeat < 1024 {
                                for r in row..row + row_repeat {
                                    s.hidden_rows.insert(r);
                                }
                            }
                        }
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    b"table:table-cell" | b"table:covered-table-cell" if in_row => {
                        let n = num(b"table:number-columns-repeated");
                        if let Some(s) = sheet.as_mut() {
                            if e.name().as_ref() == b"table:table-cell" && row_repeat <= 1 && n < LIMIT {
                                let typ = attr_exact(e, b"office:value-type");
                                let formula = attr_exact(e, b"table:formula").is_some();
                                for c in col..col + n {
                                    if typ.as_deref() == Some("percentage") {
                                        s.percent.push((row, c));
                                    }
                                    if formula && typ.is_none() {
                                        s.formulas_without_value.push((row, c));
                                    }
                                }
                                let (cs, rs) = (num(b"table:number-columns-spanned"), num(b"table:number-rows-spanned"));
                                if cs > 1 || rs > 1 {
                                    s.merged.push((row, col, row + rs - 1, col + cs - 1));
                                }
                            }
                        }
                        col = col.saturating_add(n);
                    }
                    _ => {}
                }
            }
            Ok(Event::End(ref e)) => match e.name().as_ref() {
                b"table:table-row" => {
                    row = row.saturating_add(row_repeat);
                    in_row = false;
                }
                b"table:table" => {
                    if let Some(s) = sheet.take() {
                        meta.sheets.push(s);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("#,##0.0%;[Red]-#,##0.0%"));
        assert!(!is_percent_format("0.##\" %\""));
        assert!(!is_percent_format("General\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("#,##0"));
        assert!(!is_percent_format("dd/mm/yyyy"));
    }
}
