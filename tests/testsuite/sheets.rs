//! Spreadsheets as offices make them (#25): each quirk made by openpyxl as Excel would write
//! it (tests/sheets/office.py), copied to .ods and .xls by LibreOffice, and read by every
//! command it applies to — bulk rows and `check --rows`, the dossier's nominations, the
//! summary's combined sheets and list of units, the register's import — with the values
//! checked cell by cell against the same data typed plainly.

use crate::common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn python() -> String {
    std::env::var("VANBAN_PYTHON").unwrap_or_else(|_| root().join("target/test-tools/venv/bin/python").display().to_string())
}

/// Runs tests/sheets/office.py.
fn office(args: &[&str]) {
    let o = std::process::Command::new(python())
        .arg(root().join("tests/sheets/office.py"))
        .args(args)
        .output()
        .expect("run python (tests/run.sh installs openpyxl)");
    assert!(o.status.success(), "office.py {args:?}: {}", String::from_utf8_lossy(&o.stderr));
}

/// A sheet made from a spec (see office.py `table`).
fn table(dir: &Path, name: &str, spec: &Value) -> PathBuf {
    let spec_path = dir.join(format!("{name}.json"));
    std::fs::write(&spec_path, serde_json::to_vec(spec).unwrap()).unwrap();
    let out = dir.join(name);
    office(&["table", out.to_str().unwrap(), spec_path.to_str().unwrap()]);
    out
}

/// LibreOffice's copies of a workbook in other formats (`ods`, `xls`, or `xlsx` for a re-save).
fn converted(src: &Path, dir: &Path, format: &str) -> PathBuf {
    let out = dir.join(format!("lo-{format}"));
    let o = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display()),
            "--convert-to",
            format,
            "--outdir",
            out.to_str().unwrap(),
        ])
        .arg(src)
        .output()
        .expect("run soffice");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = out.join(src.with_extension(format).file_name().unwrap());
    assert!(p.is_file(), "LibreOffice wrote no {}", p.display());
    p
}

/// A row's values as text, for comparing a spreadsheet with a CSV (numbers whole).
fn flat(v: &Value, prefix: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flat(x, &if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, out);
            }
        }
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        Value::Number(n) => {
            out.push((prefix.to_string(), n.as_f64().map_or(n.to_string(), |x| if x.fract() == 0.0 { (x as i64).to_string() } else { x.to_string() })))
        }
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// Rows as (row number, sorted (field, value) pairs).
type FlatRows = Vec<(usize, Vec<(String, String)>)>;

fn read_rows(path: &Path, fields: &[String]) -> (FlatRows, Vec<String>) {
    let rows = vanban::rows::open_expecting(path, None, fields).unwrap_or_else(|d| panic!("{}: {d}", path.display()));
    let notes = rows.notes.iter().map(|n| n.to_string()).collect();
    let data = rows
        .iter
        .map(|r| {
            let mut cells = Vec::new();
            flat(&r.data.unwrap_or_else(|d| panic!("row {}: {d}", r.number)), "", &mut cells);
            cells.sort();
            (r.number, cells)
        })
        .collect();
    (data, notes)
}

const TITLE: [&str; 2] = ["ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH", "DANH SÁCH CÁC ĐƠN VỊ BÁO CÁO QUÝ III NĂM 2026"];

/// The columns of the shipped `phieu-bao-cao-quy` template, plainly named.
const FIELDS: [&str; 18] = [
    "stt",
    "truong.ma",
    "truong.ten",
    "truong.cap",
    "truong.xa",
    "truong.hieu_truong",
    "ky.quy",
    "ky.nam",
    "so_cbql",
    "so_gv",
    "so_hs",
    "cbql_hoan_thanh",
    "gv_hoan_thanh",
    "hs_tai_khoan",
    "hs_hoan_thanh",
    "so_lop_tap_huan",
    "kinh_phi",
    "kho_khan",
];

/// Three schools, as typed cells and as the same plain CSV.
fn schools_spec() -> (Vec<Vec<Value>>, String) {
    let figures = |hs: Value| vec![json!(2), json!(20), hs, json!(2), json!(20), json!(300), json!(250), json!(1), json!(1_500_000), json!("Thiếu máy tính")];
    let mut rows = vec![
        vec![
            json!(1),
            json!("TH-0001"),
            json!("Trường Tiểu học Lê Lợi"),
            json!("Tiểu học"),
            json!("Xã Tịnh Hà"),
            json!("Nguyễn Văn An"),
            json!(3),
            json!(2026),
        ],
        vec![
            json!(2),
            json!("TH-0002"),
            json!("Trường Tiểu học Kim Đồng"),
            json!("Tiểu học"),
            json!("Xã Tịnh Sơn"),
            json!("Trần Thị Bình"),
            json!(3),
            json!(2026),
        ],
        vec![json!(3), json!("MN-0003"), json!("Trường Mầm non Hoa Sen"), json!("Mầm non"), json!("Xã Tịnh Hà"), json!("Lê Thị Cúc"), json!(3), json!(2026)],
    ];
    // A number typed as text in Vietnamese style, the same in both: the template reads 1250.
    for (r, hs) in rows.iter_mut().zip([json!(400), json!(380), json!("1.250")]) {
        r.extend(figures(hs));
    }
    let mut csv = FIELDS.join(",") + "\n";
    for r in &rows {
        csv.push_str(&r.iter().map(|v| v.as_str().map(str::to_string).unwrap_or(v.to_string())).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    (rows, csv)
}

/// Bulk rows and `check --rows`: a title above the header, headers in other case and
/// spacing, a hidden sheet of the office's own first, a hidden row, a total and a signature
/// under the data — read as the plain CSV is, in .xlsx, .ods and .xls; the notes say what
/// was taken as title, skipped and hidden.
#[test]
fn bulk_rows_as_offices_make_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut headers: Vec<String> = FIELDS.iter().map(|s| s.to_string()).collect();
    for (i, h) in [(0, "STT"), (1, "Truong.Ma"), (2, "truong.ten "), (3, "TRUONG.CAP"), (5, "truong.hieu_truong\u{a0}"), (10, "So_HS")] {
        headers[i] = h.to_string();
    }
    let (rows, csv) = schools_spec();
    std::fs::write(d.join("plain.csv"), csv).unwrap();
    let spec = json!({
        "hidden_sheet_first": "Ghi chú",
        "sheet": "Danh sách",
        "title": TITLE,
        "blank_before_header": 1,
        "headers": headers,
        "rows": rows,
        "footer": [null, [null, "Tổng cộng: 3 đơn vị", null, null, null, null, null, null, 6, 60, null, 6, 60, 900, 750, 3, 4_500_000]
            , null, [null, null, null, null, "Người lập biểu"], [null, null, null, null, "(Ký, ghi rõ họ tên)"]],
        "hidden_rows": [2],
        "hidden_cols": ["E"],
    });
    let xlsx = table(d, "office.xlsx", &spec);
    let template = vanban::template::Template::load("phieu-bao-cao-quy").unwrap();
    let fields = template.fields();
    assert!(fields.iter().any(|f| f == "truong.ten") && fields.iter().any(|f| f == "ky.quy"), "{fields:?}");
    // The template's fields, compared; a column no placeholder reads keeps its header as typed.
    let used =
        |rows: FlatRows| -> FlatRows { rows.into_iter().map(|(n, cells)| (n, cells.into_iter().filter(|(k, _)| fields.contains(k)).collect())).collect() };
    let (want, _) = read_rows(&d.join("plain.csv"), &fields);
    let want = used(want);
    assert_eq!(want.len(), 3);
    assert!(want[0].1.len() >= 5, "{want:?}");
    for path in [xlsx.clone(), converted(&xlsx, d, "ods"), converted(&xlsx, d, "xls")] {
        let (got, notes) = read_rows(&path, &fields);
        let got = used(got);
        let got_data: Vec<_> = got.iter().map(|(_, c)| c.clone()).collect();
        let want_data: Vec<_> = want.iter().map(|(_, c)| c.clone()).collect();
        assert_eq!(got_data, want_data, "{}", path.display());
        // Rows numbered as the sheet shows them: title 1–2, blank 3, header 4.
        assert_eq!(got.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [5, 6, 7], "{}", path.display());
        let all = notes.join("\n");
        assert!(all.contains("rows 1–3 above the header (row 4) are read as the title") && all.contains("DANH SÁCH CÁC ĐƠN VỊ"), "{all}");
        assert!(all.contains("rows 9–12 after the data are not a record and were skipped") && all.contains("Người lập biểu"), "{all}");
        assert!(!all.contains("total row says"), "the total adds up: {all}");
        if path.extension().is_none_or(|e| e != "xls") {
            assert!(all.contains("row 6 is hidden in the file and read as records"), "{}: {all}", path.display());
            assert!(all.contains("column E (truong.xa) hidden in the file and read"), "{}: {all}", path.display());
        }
    }
    // The commands: `check --rows` reads the same rows and says what it skipped; bulk makes
    // one form per school, numbered from 0001.
    let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", xlsx.to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("read as the title") && e.contains("were skipped"), "{e}");
    assert!(e.contains("3 row(s) checked"), "{e}");
    let out = d.join("phieu");
    let o = vanban(&["bulk", "phieu-bao-cao-quy", "--rows", xlsx.to_str().unwrap(), "--format", "xlsx", "--out-dir", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    // Numbered by data row from 0001, whatever row of the sheet the data starts on.
    assert_eq!(files, ["0001-truong-tieu-hoc-le-loi.xlsx", "0002-truong-tieu-hoc-kim-dong.xlsx", "0003-truong-mam-non-hoa-sen.xlsx"]);
    // The form's rate cell shows `%` after what is typed (`63` shows `63 %`), so a school
    // typing `63%` instead (stored as 0.63 in a percent format, read as 63) means the same.
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::fs::File::open(out.join(&files[0])).unwrap()).unwrap().by_name("xl/styles.xml").unwrap(),
        &mut styles,
    )
    .unwrap();
    assert!(styles.contains("formatCode=\"General&quot; %&quot;\""), "{styles}");
}

/// A formula saved without its value (a file written by a script) and a name half in a
/// legacy encoding are errors at their cells, never a value read as 0 or printed garbled;
/// a name wholly in TCVN3 or VNI is converted, and said so.
#[test]
fn formulas_without_values_and_legacy_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let headers = FIELDS;
    let (mut rows, _) = schools_spec();
    rows[0][2] = json!(TCVN3_SCHOOL);
    rows[1][5] = json!(VNI_NAME);
    let spec = json!({"headers": headers, "rows": rows});
    let ok = table(d, "legacy.xlsx", &spec);
    let fields: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
    let (got, notes) = read_rows(&ok, &fields);
    let find = |row: usize, k: &str| got.iter().find(|(n, _)| *n == row).and_then(|(_, c)| c.iter().find(|(f, _)| f == k)).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(find(2, "truong.ten"), "Trường Tiểu học Lê Lợi");
    assert_eq!(find(3, "truong.hieu_truong"), "Nguyễn Văn Trường");
    let all = notes.join("\n");
    assert!(all.contains("TCVN3") && all.contains("C2"), "{all}");
    assert!(all.contains("VNI") && all.contains("F3"), "{all}");

    rows[0][2] = json!(format!("Trường Tiểu học {TCVN3_PART}"));
    rows[2][6] = json!({"f": "=1+2"});
    let bad = table(d, "bad.xlsx", &json!({"headers": headers, "rows": rows}));
    let r = vanban::rows::open(&bad, None).unwrap();
    let errs: Vec<String> = r.iter.filter_map(|r| r.data.err()).map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].contains("`truong.ten`: cell C2: the text `Trường Tiểu học Lª Lîi` is partly in the TCVN3"), "{errs:?}");
    assert!(errs[0].contains("cannot be converted"), "{errs:?}");
    assert!(errs[1].contains("`ky.quy`: cell G4: a formula saved without its computed value"), "{errs:?}");
    let o = vanban(&["check", "phieu-bao-cao-quy", "--rows", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("formula saved without its computed value"), "{}", stderr(&o));
}

/// The nominations workbook retyped as offices do — a title above each list, headers with
/// line breaks and double spaces, a two-row header of merged cells (`Liên hệ` over the phone
/// and e-mail columns), dates typed as text, a total and a signature under the data, a title
/// on the general sheet — reads as the clean sample and makes the same dossier.
#[test]
fn nominations_workbook_as_an_office_retypes_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let clean = root().join("samples/ho-so-khen-thuong/khoa-su-pham.xlsx");
    let retyped = d.join("khoa-su-pham.xlsx");
    office(&["nominations", clean.to_str().unwrap(), retyped.to_str().unwrap()]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let a = vanban::dossier::nominations::read(&clean, today).expect("the sample reads");
    let b =
        vanban::dossier::nominations::read(&retyped, today).unwrap_or_else(|ds| panic!("{}", ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
    assert_eq!(a.info, b.info);
    let values = |n: &vanban::dossier::nominations::Nominations| {
        (
            n.individuals.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
            n.collectives.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
            n.classes.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(values(&a), values(&b));
    let notes: String = b.notes.iter().map(|n| n.to_string() + "\n").collect();
    assert!(notes.contains("DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG") && notes.contains("Người lập biểu"), "{notes}");
    // The dossier itself, from each: the same documents, word for word.
    let (out_a, out_b) = (d.join("a"), d.join("b"));
    for (src, out) in [(&clean, &out_a), (&retyped, &out_b)] {
        let o = vanban(&["ho-so", src.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "pdf"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let mut names: Vec<String> =
        std::fs::read_dir(&out_a).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".pdf")).collect();
    names.sort();
    assert!(names.len() > 3, "{names:?}");
    for n in &names {
        assert_eq!(pdftotext(&out_a.join(n)), pdftotext(&out_b.join(n)), "{n}");
    }
}

/// A combined sheet typed by hand: the form's labels as headers (with line breaks), a title,
/// rates typed as `63%` (a percent cell) and `69,5`, numbers as text `1.250`, a total row that
/// does not add up (a warning), a signature line. Its figures are read as the schools meant
/// them, and the list of units with a title is read too.
#[test]
fn combined_sheet_typed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let template = vanban::template::Template::load("phieu-bao-cao-quy").unwrap();
    let form = vanban::form::Form::of(&template).unwrap().unwrap();
    let label = |k: &str| form.field(k).unwrap().label.replacen(' ', "\n", 1);
    let keys =
        ["so_cbql", "cbql_hoan_thanh", "so_gv", "gv_hoan_thanh", "so_lop_tap_huan", "ty_le_tiet_so", "so_hs", "hs_tai_khoan", "hs_hoan_thanh", "kinh_phi"];
    let mut headers: Vec<String> = vec!["STT".into(), "Mã đơn vị".into(), "Tên  đơn vị".into(), "ky.quy".into(), "ky.nam".into()];
    headers.extend(keys.iter().map(|k| label(k)));
    let row = |i: usize, code: &str, name: &str, rate: Value, hs: Value| -> Vec<Value> {
        vec![
            json!(i),
            json!(code),
            json!(name),
            json!(3),
            json!(2026),
            json!(2),
            json!(1),
            json!(20),
            json!(18),
            json!(2),
            rate,
            hs,
            json!(1000),
            json!(900),
            json!("1.500.000"),
        ]
    };
    let rows = vec![
        row(1, "TH-0001", "Trường Tiểu học Lê Lợi", json!({"v": 0.63, "fmt": "0%"}), json!("1.250")),
        row(2, "TH-0002", "Trường Tiểu học Kim Đồng", json!("69,5"), json!(1100)),
        row(3, "TH-0003", "Trường Tiểu học Quang Trung", json!("47,5%"), json!(1300)),
    ];
    let mut total = vec![json!(null), json!("Tổng cộng"), json!(null), json!(null), json!(null)];
    total.extend(vec![json!(6), json!(3), json!(60), json!(54), json!(6), json!(null), json!(3650), json!(3000), json!(2700), json!(4_500_000)]);
    let spec = json!({
        "title": ["TỔNG HỢP SỐ LIỆU QUÝ III NĂM 2026"],
        "blank_before_header": 1,
        "headers": headers,
        "rows": rows,
        "footer": [total, null, [null, null, "Người lập biểu"]],
    });
    let sheet = table(d, "tong-hop.xlsx", &spec);
    let from = d.join("tra-ve");
    std::fs::create_dir_all(&from).unwrap();
    std::fs::rename(&sheet, from.join("tong-hop.xlsx")).unwrap();
    // Read as `tong-hop` reads it: each unit's values as the schools meant them.
    let opts = vanban::aggregate::Options { from: std::slice::from_ref(&from), schools: None, schools_sheet: None, period: vec![], jobs: 1 };
    let g = vanban::aggregate::collect(&form, &opts).unwrap_or_else(|ds| panic!("{ds:?}"));
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let value = |code: &str, k: &str| g.used.iter().find(|r| r.code == code).and_then(|r| r.values.get(k)).and_then(Value::as_f64);
    assert_eq!(value("TH-0001", "ty_le_tiet_so"), Some(63.0), "63% typed in a percent cell");
    assert_eq!(value("TH-0002", "ty_le_tiet_so"), Some(69.5), "69,5 typed as text");
    assert_eq!(value("TH-0003", "ty_le_tiet_so"), Some(47.5), "47,5% typed as text");
    assert_eq!(value("TH-0001", "so_hs"), Some(1250.0), "1.250 typed as text");
    assert_eq!(value("TH-0002", "kinh_phi"), Some(1_500_000.0), "1.500.000 typed as text");
    assert_eq!(g.used.len(), 3);
    let notes: String = g.notes.iter().map(|n| n.to_string() + "\n").collect();
    assert!(notes.contains("read as the title") && notes.contains("were skipped") && !notes.contains("total row says"), "{notes}");
    // LibreOffice's .ods copy: its percent cell (`office:value-type="percentage"`) reads the same.
    let ods_dir = d.join("ods");
    std::fs::create_dir_all(&ods_dir).unwrap();
    std::fs::copy(converted(&from.join("tong-hop.xlsx"), d, "ods"), ods_dir.join("tong-hop.ods")).unwrap();
    let g2 = vanban::aggregate::collect(
        &form,
        &vanban::aggregate::Options { from: std::slice::from_ref(&ods_dir), schools: None, schools_sheet: None, period: vec![], jobs: 1 },
    )
    .unwrap();
    let values = |g: &vanban::aggregate::Gathered| g.used.iter().map(|r| (r.code.clone(), r.values.clone())).collect::<Vec<_>>();
    assert_eq!(values(&g2), values(&g), "the .ods copy reads as the .xlsx");
    // The list of units the forms were sent to, under a title and with a signature: read too.
    let list = table(
        d,
        "ds.xlsx",
        &json!({
            "title": ["DANH SÁCH ĐƠN VỊ"],
            "blank_before_header": 1,
            "headers": ["STT", "Mã đơn vị", "Tên đơn vị", "truong.cap", "truong.xa", "ky.quy", "ky.nam"],
            "rows": [
                [1, "TH-0001", "Trường Tiểu học Lê Lợi", "Tiểu học", "Xã A", 3, 2026],
                [2, "TH-0002", "Trường Tiểu học Kim Đồng", "Tiểu học", "Xã B", 3, 2026],
                [3, "TH-0003", "Trường Tiểu học Quang Trung", "Tiểu học", "Xã A", 3, 2026],
                [4, "TH-0004", "Trường Tiểu học Chu Văn An", "Tiểu học", "Xã C", 3, 2026],
            ],
            "footer": [null, [null, null, "Người lập danh sách"]],
        }),
    );
    let opts = vanban::aggregate::Options { from: std::slice::from_ref(&from), schools: Some(&list), schools_sheet: None, period: vec![], jobs: 1 };
    let g3 = vanban::aggregate::collect(&form, &opts).unwrap_or_else(|ds| panic!("{ds:?}"));
    assert_eq!((g3.sent, g3.used.len(), g3.missing.iter().map(|u| u.code.as_str()).collect::<Vec<_>>()), (Some(4), 3, vec!["TH-0004"]));
    assert!(g3.notes.iter().any(|n| n.message.contains("Người lập danh sách")), "{:?}", g3.notes);
    // The command: the report made, the notes on the terminal.
    let o = vanban(&["tong-hop", "bao-cao-tong-hop-quy", "--from", from.to_str().unwrap(), "-o", d.join("bc.pdf").to_str().unwrap()]);
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(e.contains("read as the title") && e.contains("were skipped"), "{e}");
    assert!(pdftotext(&d.join("bc.pdf")).split_whitespace().collect::<Vec<_>>().join(" ").contains("nhận được phiếu báo cáo của 3 đơn vị"));

    // A total that does not add up is a warning with its cell.
    let mut spec = spec;
    spec["footer"][0][11] = json!(3600);
    let wrong = table(d, "sai.xlsx", &spec);
    let o = vanban(&["tong-hop", "bao-cao-tong-hop-quy", "--from", wrong.to_str().unwrap(), "-o", d.join("bc2.pdf").to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("cell L") && e.contains("the total row says 3600, but the rows above add up to 3650"), "{e}");
}

/// The register book kept in Excel, under a title and with a signature under it, imports.
#[test]
fn register_import_under_a_title() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let headers = vanban::register::book::HEADERS;
    let rows = vec![
        vec![json!("01/KH-SGDĐT"), json!("05/01/2026"), json!("Kế hoạch Tổ chức hội nghị"), json!("Nguyễn Văn A"), json!("Các phòng"), json!("VP"), json!(5)],
        vec![
            json!("02/QĐ-SGDĐT"),
            json!({"v": 46032, "fmt": "dd/mm/yyyy"}),
            json!("Quyết định Khen thưởng"),
            json!("Nguyễn Văn A"),
            json!("Các trường"),
            json!("VP"),
            json!(3),
        ],
    ];
    let book = table(
        d,
        "so-di.xlsx",
        &json!({
            "title": ["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026"],
            "blank_before_header": 1,
            "headers": headers,
            "rows": rows,
            "footer": [null, [null, null, "Người lập sổ: Trần Thị B"]],
        }),
    );
    let db = d.join("so.db");
    let o = vanban(&["register", "--register", db.to_str().unwrap(), "import", book.to_str().unwrap()]);
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(e.contains("imported 2 number(s)"), "{e}");
}

/// "Trường Tiểu học Lê Lợi" typed with a .VnTime font (TCVN3): the bytes as Excel stores them.
const TCVN3_SCHOOL: &str = "Tr\u{AD}êng TiÓu häc Lª Lîi";
/// "Lê Lợi" alone in TCVN3, for a half-converted name.
const TCVN3_PART: &str = "Lª Lîi";
/// "Nguyễn Văn Trường" typed with a VNI-Times font.
const VNI_NAME: &str = "Nguyeãn Vaên Tröôøng";
