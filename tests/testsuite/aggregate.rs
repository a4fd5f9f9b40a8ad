//! The quarterly loop end to end: `bulk --format xlsx` makes a form per school, a generator
//! fills them as schools would (some left blank, some wrong, some not returned, two returned
//! twice, a few saved again by LibreOffice, all renamed), and `tong-hop` makes the report.
//! Every total and rate of the report (its DOCX tables) is checked against a computation of
//! this file over the same figures; the missing schools, and each kind of bad value's message
//! with its file and cell; and the report's layout as the samples' (landscape appendix,
//! repeated header rows, page numbers, the chart, the same pages in LibreOffice).

use crate::common::quarter::{self, Typed};
use crate::common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

const N: usize = 1000;

/// Vietnamese number style: `12.000`, `69,5`.
fn vn_int(x: i64) -> String {
    let s = x.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if x < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn vn_rate(top: f64, bottom: f64) -> String {
    if bottom == 0.0 {
        return "-".into();
    }
    let r = (1000.0 * top / bottom).round() / 10.0;
    let int = r.trunc() as i64;
    let tenth = ((r - r.trunc()) * 10.0).round() as i64;
    if tenth == 0 {
        format!("{}%", vn_int(int))
    } else {
        format!("{},{}%", vn_int(int), tenth)
    }
}

/// The rows of every table of a DOCX body: each row its cells' texts.
fn docx_rows(xml: &str) -> Vec<Vec<String>> {
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    let text = |s: &str| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("<w:t") {
            let after = &rest[i + 4..];
            if !(after.starts_with('>') || after.starts_with(' ')) {
                rest = after;
                continue;
            }
            let open = after.find('>').unwrap() + 1;
            let close = after.find("</w:t>").unwrap();
            out.push_str(&unescape(&after[open..close]));
            rest = &after[close..];
        }
        out.replace('\u{200B}', "")
    };
    let mut rows = Vec::new();
    for tr in xml.split("<w:tr>").skip(1).chain(xml.split("<w:tr ").skip(1)) {
        let tr = &tr[..tr.find("</w:tr>").unwrap_or(tr.len())];
        let cells: Vec<String> = tr.split("<w:tc>").skip(1).map(|tc| text(&tc[..tc.find("</w:tc>").unwrap_or(tc.len())])).collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    rows
}

struct Counted {
    level: &'static str,
    name: String,
    commune: &'static str,
    v: HashMap<&'static str, f64>,
}

#[test]
fn quarterly_round_trip_1000_schools() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    // VANBAN_KEEP_TEST_DIR=1 keeps the forms and the report for a look.
    let _guard = if std::env::var_os("VANBAN_KEEP_TEST_DIR").is_some() {
        let _ = tmp.keep();
        None
    } else {
        Some(tmp)
    };
    let d = dir.as_path();
    eprintln!("test files in {}", d.display());
    let schools = quarter::schools(N);
    std::fs::write(d.join("truong.csv"), quarter::schools_csv(&schools, 3, 2026)).unwrap();

    // Forms out.
    let o = vanban(&[
        "bulk",
        "phieu-bao-cao-quy",
        "--rows",
        d.join("truong.csv").to_str().unwrap(),
        "--format",
        "xlsx",
        "--out-dir",
        d.join("phieu").to_str().unwrap(),
        "--name",
        "{{truong.ma}}",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let form_of = |code: &str| std::fs::read(d.join("phieu").join(format!("{}.xlsx", code.to_ascii_lowercase()))).unwrap_or_else(|e| panic!("{code}: {e}"));
    assert_eq!(std::fs::read_dir(d.join("phieu")).unwrap().count(), N);
    // The same row gives the same bytes.
    let again = vanban(&[
        "bulk",
        "phieu-bao-cao-quy",
        "--rows",
        d.join("truong.csv").to_str().unwrap(),
        "--format",
        "xlsx",
        "--out-dir",
        d.join("phieu2").to_str().unwrap(),
        "--name",
        "{{truong.ma}}",
    ]);
    assert!(again.status.success());
    let first = format!("{}.xlsx", schools[0].code.to_ascii_lowercase());
    assert_eq!(std::fs::read(d.join("phieu2").join(&first)).unwrap(), form_of(&schools[0].code));

    // Schools fill them in, under names of their own, in folders by commune.
    let back = d.join("tra-ve");
    let missing: Vec<usize> = (0..30).map(|k| 17 + k * 33).collect();
    let blank: Vec<usize> = vec![3, 104, 205, 306, 407, 508];
    let not_number: Vec<usize> = vec![11, 222, 433, 645];
    let rate_out: Vec<usize> = vec![19, 319, 619];
    let fraction: Vec<usize> = vec![27, 727];
    let above: Vec<usize> = vec![35, 135, 535, 935];
    let resave: Vec<usize> = vec![40, 440, 840];
    // As schools really fill them in (#25): a rate typed with `%` (a percent cell), numbers and
    // rates typed as text in Vietnamese style, a row or a column inserted, the blank row above
    // the table deleted, an indicator's label changed (refused, never read at shifted cells).
    let percent_typed: Vec<usize> = vec![44, 144, 244, 344, 444, 544, 654, 744];
    let text_typed: Vec<usize> = vec![45, 145, 245, 345, 555];
    let inserted_row: Vec<usize> = vec![46, 146, 646];
    let inserted_col: Vec<usize> = vec![47, 147, 647];
    let deleted_blank: Vec<usize> = vec![48, 148];
    let changed_label: usize = 49;
    let mut edits: BTreeMap<String, Value> = BTreeMap::new();
    let (dup_later, dup_bad) = (51usize, 61usize);
    let mut expected: Vec<(usize, HashMap<&'static str, f64>)> = Vec::new();
    let mut file_of: HashMap<usize, PathBuf> = HashMap::new();
    let mut to_resave: Vec<PathBuf> = Vec::new();
    for (i, s) in schools.iter().enumerate() {
        if missing.contains(&i) {
            continue;
        }
        let mut values = quarter::figures(i as u64);
        let set = |values: &mut Vec<(&'static str, Typed)>, k: &str, t: Typed| {
            for v in values.iter_mut() {
                if v.0 == k {
                    v.1 = t.clone();
                }
            }
        };
        let get = |values: &Vec<(&'static str, Typed)>, k: &str| match values.iter().find(|v| v.0 == k).map(|v| &v.1) {
            Some(Typed::Number(x)) => *x,
            _ => f64::NAN,
        };
        if blank.contains(&i) {
            set(&mut values, "gv_hoan_thanh", Typed::Blank);
        } else if not_number.contains(&i) {
            set(&mut values, "so_hs", Typed::Text("khoảng 500".into()));
        } else if rate_out.contains(&i) {
            set(&mut values, "ty_le_tiet_so", Typed::Number(120.0));
        } else if fraction.contains(&i) {
            set(&mut values, "so_lop_tap_huan", Typed::Number(2.5));
        } else if above.contains(&i) {
            let total = get(&values, "so_hs");
            set(&mut values, "hs_hoan_thanh", Typed::Number(total + 10.0));
        }
        let folder = back.join(quarter::COMMUNES.iter().position(|c| *c == s.commune).map_or("khac".into(), |k| format!("xa-{k}")));
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(format!("bao cao quy 3 - {}.xlsx", i * 7 % 1009));
        // What the school types, where it differs from the number it means.
        let mut typed = values.clone();
        if text_typed.contains(&i) {
            let hs = get(&values, "so_hs");
            let shown = if hs >= 1000.0 { format!("{}.{:03}", hs as i64 / 1000, hs as i64 % 1000) } else { format!("{}", hs as i64) };
            set(&mut typed, "so_hs", Typed::Text(shown));
            let rate = get(&values, "ty_le_tiet_so");
            let rate_text = format!("{}", rate).replace('.', ",");
            set(&mut typed, "ty_le_tiet_so", Typed::Text(if i % 2 == 1 { format!("{rate_text}%") } else { rate_text }));
        }
        std::fs::write(&path, quarter::fill(&form_of(&s.code), &typed)).unwrap();
        let cells_here: HashMap<String, String> = quarter::cells_of(&form_of(&s.code)).into_iter().collect();
        let edit = if percent_typed.contains(&i) {
            Some(json!([{"op": "set", "cell": cells_here["ty_le_tiet_so"], "v": get(&values, "ty_le_tiet_so") / 100.0, "fmt": "0.0%"}]))
        } else if inserted_row.contains(&i) {
            Some(json!([{"op": "insert_rows", "at": 2}]))
        } else if inserted_col.contains(&i) {
            Some(json!([{"op": "insert_cols", "at": 1}]))
        } else if deleted_blank.contains(&i) {
            Some(json!([{"op": "delete_blank_above_header"}]))
        } else if i == changed_label {
            let row: u32 = cells_here["so_gv"][1..].parse().unwrap();
            Some(json!([{"op": "label", "cell": format!("B{row}"), "v": "Tổng số giáo viên và nhân viên"}]))
        } else {
            None
        };
        if let Some(e) = edit {
            edits.insert(path.display().to_string(), e);
        }
        file_of.insert(i, path.clone());
        if resave.contains(&i) {
            to_resave.push(path.clone());
        }
        let bad = blank.contains(&i) || not_number.contains(&i) || rate_out.contains(&i) || fraction.contains(&i) || above.contains(&i) || i == changed_label;
        if i == dup_later {
            // Sent again with other figures, then saved by LibreOffice: that one is kept.
            let mut v2 = values.clone();
            set(&mut v2, "gv_hoan_thanh", Typed::Number(get(&values, "so_gv")));
            let p2 = folder.join("gui lai.xlsx");
            std::fs::write(&p2, quarter::fill(&form_of(&s.code), &v2)).unwrap();
            to_resave.push(p2.clone());
            file_of.insert(10_000 + i, p2);
            values = v2;
        }
        if i == dup_bad {
            // Sent again with a blank: the valid first one is kept.
            let mut v2 = values.clone();
            set(&mut v2, "so_gv", Typed::Blank);
            let p2 = folder.join("ban sua.xlsx");
            std::fs::write(&p2, quarter::fill(&form_of(&s.code), &v2)).unwrap();
            file_of.insert(10_000 + i, p2);
        }
        if !bad {
            let nums = values.iter().filter_map(|(k, t)| if let Typed::Number(x) = t { Some((*k, *x)) } else { None }).collect();
            expected.push((i, nums));
        }
    }
    // The schools' edits, made as Excel would store them (openpyxl).
    let edits_file = d.join("edits.json");
    std::fs::write(&edits_file, serde_json::to_vec(&edits).unwrap()).unwrap();
    let py = std::env::var("VANBAN_PYTHON").unwrap_or_else(|_| root().join("target/test-tools/venv/bin/python").display().to_string());
    let o = std::process::Command::new(py)
        .arg(root().join("tests/sheets/office.py"))
        .args(["edit", "-", edits_file.to_str().unwrap()])
        .output()
        .expect("python with openpyxl");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A few saved again by LibreOffice (as a school opening and saving the file would).
    let resaved = d.join("resaved");
    let lo = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}", d.join("lo-profile").display()),
            "--convert-to",
            "xlsx",
            "--outdir",
            resaved.to_str().unwrap(),
        ])
        .args(&to_resave)
        .output()
        .expect("run soffice");
    assert!(lo.status.success(), "{}", String::from_utf8_lossy(&lo.stderr));
    for p in &to_resave {
        let saved = resaved.join(p.file_name().unwrap());
        let bytes = std::fs::read(&saved).unwrap_or_else(|e| panic!("LibreOffice did not save {}: {e}", saved.display()));
        assert_ne!(bytes, std::fs::read(p).unwrap());
        std::fs::write(p, bytes).unwrap();
    }
    // Last quarter's form, sent by mistake, and a workbook that is not a form.
    let old_list = d.join("quy2.csv");
    std::fs::write(&old_list, quarter::schools_csv(&schools[..1], 2, 2026)).unwrap();
    assert!(vanban(&[
        "bulk",
        "phieu-bao-cao-quy",
        "--rows",
        old_list.to_str().unwrap(),
        "--format",
        "xlsx",
        "--out-dir",
        d.join("quy2").to_str().unwrap(),
        "--name",
        "cu"
    ])
    .status
    .success());
    std::fs::copy(d.join("quy2/cu.xlsx"), back.join("quy truoc.xlsx")).unwrap();
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "Danh sách giáo viên").unwrap();
        wb.save(back.join("danh sach.xlsx")).unwrap();
    }

    // The report.
    let out = d.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (pdf, docx) = (out.join("bao-cao.pdf"), out.join("bao-cao.docx"));
    let o = vanban(&[
        "tong-hop",
        "bao-cao-tong-hop-quy",
        "--from",
        back.to_str().unwrap(),
        "--schools",
        d.join("truong.csv").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "-o",
        docx.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "problems give exit 1: {err}");
    assert!(pdf.is_file() && docx.is_file(), "{err}");

    // Missing schools: exactly the 30, in the CSV and in Phụ lục 3.
    let csv = std::fs::read_to_string(out.join("bao-cao.chua-nop.csv")).unwrap();
    let listed: Vec<String> = csv.lines().skip(1).map(|l| l.split(',').nth(1).unwrap().to_string()).collect();
    let want: Vec<String> = missing.iter().map(|&i| schools[i].code.clone()).collect();
    assert_eq!(listed, want);

    // Every problem, with its file and cell.
    let problems = std::fs::read_to_string(out.join("bao-cao.loi.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(problems.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let find = |i: usize, needle: &str| -> csv::StringRecord {
        let file = file_of[&i].display().to_string();
        rows.iter().find(|r| r[0] == file && r[4].contains(needle)).cloned().unwrap_or_else(|| panic!("no problem `{needle}` for {file} in\n{problems}"))
    };
    let cells: HashMap<String, String> = quarter::cells_of(&form_of(&schools[0].code)).into_iter().collect();
    for &i in &blank {
        let r = find(i, "is not filled in");
        assert_eq!((&r[1], &r[2], &r[3]), ("Phiếu báo cáo", cells["gv_hoan_thanh"].as_str(), schools[i].code.as_str()));
    }
    for &i in &not_number {
        assert_eq!(&find(i, "`khoảng 500` is not a number")[2], cells["so_hs"].as_str());
    }
    for &i in &rate_out {
        assert_eq!(&find(i, "120 is out of range (expected a rate from 0 to 100 (%))")[2], cells["ty_le_tiet_so"].as_str());
    }
    for &i in &fraction {
        assert_eq!(&find(i, "2.5 is out of range (expected a whole number ≥ 0)")[2], cells["so_lop_tap_huan"].as_str());
    }
    for &i in &above {
        assert_eq!(&find(i, "is above its total “Tổng số học sinh”")[2], cells["hs_hoan_thanh"].as_str());
    }
    let r = find(changed_label, "the form was changed at row");
    assert_eq!((&r[1], &r[3]), ("Phiếu báo cáo", schools[changed_label].code.as_str()), "{:?}", r);
    assert!(r[4].contains("“Tổng số giáo viên”") && r[4].contains("Tổng số giáo viên và nhân viên"), "{:?}", r);
    // The moved forms are read by their labels, and the terminal says so.
    assert!(err.contains("indicator(s) read by their labels at their new cells"), "{err}");
    for i in inserted_row.iter().chain(&inserted_col).chain(&deleted_blank).chain(&percent_typed).chain(&text_typed) {
        let f = file_of[i].display().to_string();
        assert!(!rows.iter().any(|r| r[0] == f), "{f} has problems:\n{problems}");
    }
    let kept = file_of[&(10_000 + dup_later)].display().to_string();
    let r = find(dup_later, "returned more than once");
    // LibreOffice's conversion keeps the saved date: the file's time tells them apart.
    assert!(r[4].contains(&format!("{kept} is kept")) && (r[4].contains("saved later") || r[4].contains("changed later")), "{:?}", r);
    let r = rows.iter().find(|r| r[0] == file_of[&(10_000 + dup_bad)].display().to_string()).expect("the bad duplicate is reported");
    assert!(r[4].contains("returned more than once") && r[4].contains("its values are all valid"), "{:?}", r);
    assert!(rows.iter().any(|r| r[0].ends_with("quy truoc.xlsx") && r[4].contains("another period")), "{problems}");
    assert!(rows.iter().any(|r| r[0].ends_with("danh sach.xlsx") && r[4].contains("not a vanban form")), "{problems}");
    // And on the terminal, with file and cell.
    let f = file_of[&blank[0]].display().to_string();
    assert!(err.contains(&format!("{f}, sheet `Phiếu báo cáo`, {} ({})", cells["gv_hoan_thanh"], schools[blank[0]].code)), "{err}");

    // The figures, computed here.
    let counted: Vec<Counted> = expected
        .iter()
        .map(|(i, v)| Counted { level: schools[*i].level, name: schools[*i].name.clone(), commune: schools[*i].commune, v: v.clone() })
        .collect();
    assert_eq!(counted.len(), N - 30 - blank.len() - not_number.len() - rate_out.len() - fraction.len() - above.len() - 1);
    let sum = |us: &[&Counted], k: &str| us.iter().map(|u| u.v[k]).sum::<f64>();
    let xml = docx_part(&docx, "word/document.xml");
    let table = docx_rows(&xml);
    let row_of = |first: &str, second: &str| -> Vec<String> {
        table.iter().find(|r| r.len() > 2 && r[0] == first && r[1] == second).cloned().unwrap_or_else(|| panic!("no row [{first}, {second}] in the report"))
    };
    let all: Vec<&Counted> = counted.iter().collect();
    // The per-level table of the body, and its total row.
    let mut by_level: BTreeMap<usize, Vec<&Counted>> = BTreeMap::new();
    for u in &counted {
        by_level.entry(quarter::LEVELS.iter().position(|l| *l == u.level).unwrap()).or_default().push(u);
    }
    for (k, (_, us)) in by_level.iter().enumerate() {
        let r = row_of(&(k + 1).to_string(), us[0].level);
        assert_eq!(r[2], vn_int(us.len() as i64));
        assert_eq!(r[3], format!("{}/{}", vn_int(sum(us, "gv_hoan_thanh") as i64), vn_int(sum(us, "so_gv") as i64)));
        assert_eq!(r[4], vn_rate(sum(us, "gv_hoan_thanh"), sum(us, "so_gv")));
        assert_eq!(r[6], vn_rate(sum(us, "hs_hoan_thanh"), sum(us, "so_hs")));
    }
    let total = row_of("", "Tổng cộng");
    assert_eq!(total[2], vn_int(all.len() as i64));
    assert_eq!(total[4], vn_rate(sum(&all, "gv_hoan_thanh"), sum(&all, "so_gv")));
    // Phụ lục 1: the group rows, every unit's row, the grand total.
    for (k, (_, us)) in by_level.iter().enumerate() {
        let roman = ["I", "II", "III", "IV", "V"][k];
        let r = row_of(roman, &format!("{} ({} đơn vị)", us[0].level, vn_int(us.len() as i64)));
        // The label spans two columns: one cell.
        assert_eq!(r[2], format!("{}/{}", vn_int(sum(us, "cbql_hoan_thanh") as i64), vn_int(sum(us, "so_cbql") as i64)));
        assert_eq!(r[9], vn_int(sum(us, "kinh_phi") as i64));
    }
    for u in &counted {
        let r = table.iter().find(|r| r.len() == 11 && r[1] == u.name).unwrap_or_else(|| panic!("no row for {}", u.name));
        assert_eq!(r[2], u.commune);
        assert_eq!(r[5], format!("{}/{}", vn_int(u.v["gv_hoan_thanh"] as i64), vn_int(u.v["so_gv"] as i64)), "{}", u.name);
        assert_eq!(r[6], vn_rate(u.v["gv_hoan_thanh"], u.v["so_gv"]), "{}", u.name);
        assert_eq!(r[4], vn_rate(u.v["cbql_hoan_thanh"], u.v["so_cbql"]), "{}", u.name);
        assert_eq!(r[10], vn_int(u.v["kinh_phi"] as i64));
    }
    let grand = row_of("", &format!("TỔNG CỘNG ({} đơn vị)", vn_int(all.len() as i64)));
    assert_eq!(grand[7], vn_rate(sum(&all, "hs_hoan_thanh"), sum(&all, "so_hs")));
    assert_eq!(grand[9], vn_int(sum(&all, "kinh_phi") as i64));
    // Phụ lục 2, by commune.
    for c in quarter::COMMUNES {
        let us: Vec<&Counted> = counted.iter().filter(|u| u.commune == c).collect();
        if us.is_empty() {
            continue;
        }
        let r = table.iter().find(|r| r.len() == 8 && r[1] == c).unwrap_or_else(|| panic!("no row for {c}"));
        assert_eq!(r[2], vn_int(us.len() as i64));
        assert_eq!(r[4], vn_rate(sum(&us, "gv_hoan_thanh"), sum(&us, "so_gv")));
    }

    // The prose quotes the figures in Vietnamese style.
    let text = pdftotext(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let gv = format!(
        "{}/{} người, đạt {}",
        vn_int(sum(&all, "gv_hoan_thanh") as i64),
        vn_int(sum(&all, "so_gv") as i64),
        vn_rate(sum(&all, "gv_hoan_thanh"), sum(&all, "so_gv"))
    );
    assert!(flat.contains(&gv), "`{gv}` not in the report");
    let sent = format!("gửi phiếu báo cáo đến {} đơn vị và nhận được phiếu của {} đơn vị", vn_int(N as i64), vn_int((N - 30) as i64));
    assert!(flat.contains(&sent), "`{sent}` not in the report");
    let money = format!("{} đồng", vn_int(sum(&all, "kinh_phi") as i64));
    assert!(flat.contains(&money), "{money}");
    // The mean rate, over the rates the schools meant: `63%` typed into a percent cell is 63,
    // `63,5` typed as text is 63.5 (read as 0.63, the mean would be far lower).
    let mean = sum(&all, "ty_le_tiet_so") / all.len() as f64;
    let tiet = format!("bình quân {}", vn_rate(mean, 100.0));
    assert!(flat.contains(&tiet), "`{tiet}` not in the report");
    // The top and the bottom of the ranking: a unit of the highest rate, and of the lowest.
    let rate = |u: &Counted| (1000.0 * u.v["gv_hoan_thanh"] / u.v["so_gv"]).round();
    let (hi, lo) = counted.iter().fold((f64::MIN, f64::MAX), |(h, l), u| (h.max(rate(u)), l.min(rate(u))));
    for edge in [hi, lo] {
        let line = |u: &&Counted| format!("{} ({}): {}.", u.name, u.commune, vn_rate(u.v["gv_hoan_thanh"], u.v["so_gv"]));
        assert!(counted.iter().filter(|u| rate(u) == edge).any(|u| flat.contains(&line(&u))), "no unit of rate {edge} ‰ in the ranking");
    }
    // Layout: ND30 landmarks, the chart, landscape appendix with its header on every page.
    assert!(flat.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && flat.contains("/BC-SGDĐT"), "{flat:.300}");
    assert!(flat.contains("Biểu đồ 1. Tỷ lệ giáo viên hoàn thành"));
    assert!(flat.contains("Phụ lục 1") && flat.contains("DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let info = pdfinfo(&pdf);
    let n_pages: usize = info.lines().find(|l| l.starts_with("Pages:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(n_pages > 20, "{n_pages} pages");
    let sizes = std::process::Command::new("pdfinfo").args(["-f", "1", "-l", &n_pages.to_string()]).arg(&pdf).output().unwrap();
    let wide: Vec<usize> = String::from_utf8_lossy(&sizes.stdout)
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("Page")?;
            let (n, size) = rest.split_once("size:")?;
            let dims: Vec<f64> = size.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            (dims.len() >= 2 && dims[0] > dims[1]).then(|| n.trim().parse::<usize>().ok()).flatten()
        })
        .collect();
    assert!(wide.len() >= 15, "the per-unit appendix is on landscape pages: {wide:?}");
    for &k in &wide {
        assert!(pages[k - 1].contains("STT"), "the header row repeats on landscape page {k}");
    }
    for (k, p) in pages.iter().enumerate().take(n_pages).skip(1) {
        let first = p.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        // An appendix's first page is numbered from 1 and unnumbered, as the samples'.
        if first.trim().starts_with("Phụ lục") {
            continue;
        }
        assert!(first.trim().chars().all(|c| c.is_ascii_digit()), "page {} starts with its number: `{first}`", k + 1);
    }
    // The DOCX: the chart as a picture, valid OOXML, the same pages in LibreOffice.
    assert!(xml.contains("<w:drawing>") && xml.contains("r:embed=\"rIdImage1\""));
    let z = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    assert!(z.file_names().any(|n| n.starts_with("word/media/") && n.ends_with(".png")), "the chart's picture is in the package");
    assert_valid_docx(&out);
    let lo_pdf = libreoffice_pdfs(std::slice::from_ref(&docx), &d.join("lo"));
    let lo_pages = pdfinfo(&lo_pdf[0]);
    assert!(lo_pages.contains(&format!("Pages:           {n_pages}")), "LibreOffice: {lo_pages}, Typst: {n_pages}");

    // Deterministic: the same returns give the same report.
    let (pdf2, docx2) = (out.join("b2.pdf"), out.join("b2.docx"));
    let o = vanban(&[
        "tong-hop",
        "bao-cao-tong-hop-quy",
        "--from",
        back.to_str().unwrap(),
        "--schools",
        d.join("truong.csv").to_str().unwrap(),
        "-o",
        pdf2.to_str().unwrap(),
        "-o",
        docx2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&pdf).unwrap(), std::fs::read(&pdf2).unwrap());
    assert_eq!(std::fs::read(&docx).unwrap(), std::fs::read(&docx2).unwrap());
}

/// A combined sheet (a row per school) and JSON are read as the workbooks are; a school
/// listed twice across them is reported; the report can be made without a list.
#[test]
fn combined_sheet_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let schools = quarter::schools(6);
    let mut csv = String::from("truong.ma,truong.ten,truong.cap,truong.xa,ky.quy,ky.nam,so_cbql,cbql_hoan_thanh,so_gv,gv_hoan_thanh,so_lop_tap_huan,ty_le_tiet_so,so_hs,hs_tai_khoan,hs_hoan_thanh,kinh_phi\n");
    for (i, s) in schools.iter().enumerate().take(4) {
        let gv = if i == 2 { "abc".to_string() } else { "8".to_string() };
        csv.push_str(&format!("{},{},{},{},3,2026,2,1,10,{gv},1,50,100,90,80,1000000\n", s.code, s.name, s.level, s.commune));
    }
    std::fs::write(d.join("tong.csv"), csv).unwrap();
    let s = &schools[4];
    let json = format!(
        r#"[{{"truong": {{"ma": "{}", "ten": "{}", "cap": "{}", "xa": "{}"}}, "ky": {{"quy": 3, "nam": 2026}}, "so_cbql": 1, "cbql_hoan_thanh": 1, "so_gv": 20, "gv_hoan_thanh": 25, "so_lop_tap_huan": 0, "ty_le_tiet_so": 12.5, "so_hs": 50, "hs_tai_khoan": 50, "hs_hoan_thanh": 40, "kinh_phi": 0}}]"#,
        s.code, s.name, s.level, s.commune
    );
    std::fs::write(d.join("them.json"), json).unwrap();
    let pdf = d.join("bc.pdf");
    let o = vanban(&[
        "tong-hop",
        "bao-cao-tong-hop-quy",
        "--from",
        d.join("tong.csv").to_str().unwrap(),
        d.join("them.json").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let f = d.join("tong.csv").display().to_string();
    assert!(
        err.contains(&format!(
            "{f}, row 4, column `gv_hoan_thanh` ({}): “Giáo viên hoàn thành ít nhất 02 khóa học trên nền tảng “Bình dân học vụ số””: `abc` is not a number",
            schools[2].code
        )),
        "{err}"
    );
    let j = d.join("them.json").display().to_string();
    assert!(err.contains(&format!("{j}, [0].gv_hoan_thanh ({}):", s.code)) && err.contains("25 is above its total “Tổng số giáo viên” (20)"), "{err}");
    assert!(err.contains("units counted: 3, returned with errors (not counted): 2"), "{err}");
    let text = pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("nhận được phiếu báo cáo của 5 đơn vị"), "{text:.2000}");
    assert!(text.contains("24/30 người, đạt 80%"), "3 schools × 8/10: {text:.3000}");
    // The folder as --from: the list in it and the CSVs of the run before are not returns.
    std::fs::write(d.join("truong.csv"), quarter::schools_csv(&schools, 3, 2026)).unwrap();
    assert!(d.join("bc.loi.csv").is_file());
    let o = vanban(&[
        "tong-hop",
        "bao-cao-tong-hop-quy",
        "--from",
        d.to_str().unwrap(),
        "--schools",
        d.join("truong.csv").to_str().unwrap(),
        "-o",
        d.join("bc2.pdf").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(err.contains("files read: 2, units counted: 3") && err.contains("sent: 6, not returned: 1"), "{err}");
}

/// A template without a form cannot make workbooks; a report template names what it needs.
#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = vanban(&[
        "bulk",
        "bao-cao-quy",
        "--rows",
        root().join("samples/truong.csv").to_str().unwrap(),
        "--format",
        "xlsx",
        "--out-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("declares no fillable form (`bieu_mau`)"), "{}", stderr(&o));
    let o = vanban(&["tong-hop", "phieu-bao-cao-quy", "--from", dir.path().to_str().unwrap(), "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("declares no aggregation (`tong_hop`)"), "{}", stderr(&o));
    let o = vanban(&["tong-hop", "bao-cao-tong-hop-quy", "--from", dir.path().to_str().unwrap(), "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no returned forms found"), "{}", stderr(&o));
    assert!(!Path::new(&dir.path().join("x.pdf")).exists());
    // Returns none of which can be read, and no list: the period is unknown — said as such,
    // with each file's problem (not as the template's empty `ky.quy`).
    let bad = dir.path().join("tra-ve");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("phieu-a.xlsx"), b"not a workbook").unwrap();
    let o = vanban(&["tong-hop", "bao-cao-tong-hop-quy", "--from", bad.to_str().unwrap(), "-o", dir.path().join("x.pdf").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("error[tong-hop-period]") && e.contains("`ky.quy`") && !e.contains("template-missing"), "{e}");
    assert!(e.contains("error[tong-hop-return]") && e.contains("phieu-a.xlsx"), "{e}");
}
