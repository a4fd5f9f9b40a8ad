//! `vanban ho-so` and `vanban ho-so tong-hop`: award nomination dossiers, read from the real
//! output (PDF text, the PDF's outline through qpdf, the DOCX's XML, the CSV files) and the
//! messages the rules and the malformed files give.

use crate::common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn dossier_dir() -> PathBuf {
    root().join("samples/ho-so-khen-thuong")
}

/// The sample dossier rendered once (from the workbook) for the tests that read it.
fn sample_out() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let input = dossier_dir().join("khoa-su-pham.xlsx");
        let o = vanban(&["ho-so", input.to_str().unwrap(), "--out-dir", dir.path().to_str().unwrap()]);
        assert!(o.status.success(), "ho-so failed:\n{}", stderr(&o));
        dir
    })
    .path()
}

/// A unit's nominations (JSON) with everything a file needs, and these individuals,
/// collectives and classes.
fn unit(don_vi: &str, individuals: Value, collectives: Value, classes: Value) -> Value {
    json!({
        "thong_tin": {
            "don_vi": don_vi, "chu_quan": "Trường Cao đẳng Sơn La", "viet_tat": "KSP", "dia_danh": "Sơn La",
            "ngay": "2026-06-05", "chuc_vu_nguoi_ky": "Trưởng khoa", "nguoi_ky": "Lò Văn Minh",
            "phong_trao": "Bình dân học vụ số", "nam_hoc": "2025-2026"
        },
        "lop": classes, "ca_nhan": individuals, "tap_the": collectives
    })
}

/// A student who meets the criteria (≥ 20 citizens supported).
fn student(name: &str, class: &str, code: &str) -> Value {
    json!({"ho_ten": name, "ngay_sinh": "2005-01-01", "gioi_tinh": "Nữ", "doi_tuong": "sinh-vien", "lop": class, "khoa": "Khoa Sư phạm", "ma": code, "so_luot_ho_tro": 25})
}

fn staff(name: &str, khoa: &str, code: &str) -> Value {
    json!({"ho_ten": name, "doi_tuong": "can-bo", "lop": "Văn phòng Khoa", "khoa": khoa, "ma": code, "so_luot_ho_tro": 30})
}

fn collective(name: &str, kind: &str, don_vi: &str) -> Value {
    json!({"ten": name, "loai": kind, "don_vi": don_vi, "so_lop": 2, "lop_dong_nhat": 35})
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `vanban ho-so FILE --check`: (exit code, stderr).
fn check(file: &Path) -> (i32, String) {
    let o = vanban(&["ho-so", s(file), "--check"]);
    (o.status.code().unwrap_or(-1), stderr(&o))
}

fn read_csv(p: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(p).unwrap();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

fn pages(pdf: &Path) -> usize {
    pdfinfo(pdf).lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// The outline of a PDF (qpdf's JSON): every entry's title, in order.
fn outline(pdf: &Path) -> Vec<(String, usize)> {
    let o = Command::new("qpdf").arg("--json").arg(pdf).output().expect("qpdf must be installed (Debian package qpdf; bash tests/run.sh installs it)");
    let v: Value = serde_json::from_slice(&o.stdout).expect("qpdf JSON");
    let pages: Vec<String> = v["pages"].as_array().unwrap().iter().map(|p| p["object"].as_str().unwrap().to_string()).collect();
    fn walk(items: &Value, pages: &[String], out: &mut Vec<(String, usize)>) {
        for it in items.as_array().into_iter().flatten() {
            let page = it["destpageposfrom1"].as_u64().map(|n| n as usize).or_else(|| {
                let obj = it["dest"].as_array()?.first()?.as_str()?.to_string();
                pages.iter().position(|p| *p == obj).map(|i| i + 1)
            });
            out.push((it["title"].as_str().unwrap_or_default().to_string(), page.unwrap_or(0)));
            walk(&it["kids"], pages, out);
        }
    }
    let mut out = Vec::new();
    walk(&v["outlines"], &pages, &mut out);
    out
}

/// The text of page `n` of a PDF.
fn page_text(pdf: &Path, n: usize) -> String {
    let o = Command::new("pdftotext").args(["-layout", "-enc", "UTF-8", "-f", &n.to_string(), "-l", &n.to_string()]).arg(pdf).arg("-").output().unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_sample_dossier_writes_every_part_as_pdf_and_docx_with_the_combined_pdf_and_its_index() {
    let out = sample_out();
    let index = read_csv(&out.join("danh-muc.csv"));
    assert_eq!(index[0], ["file", "part", "person", "pages", "combined_pages", "violations"]);
    let rows = &index[1..];
    // The Tờ trình, 14 personal reports, 3 collective reports.
    assert_eq!(rows.len(), 18);
    assert_eq!(rows[0][0], "to-trinh.pdf");
    assert_eq!(rows.iter().filter(|r| r[1] == "Báo cáo thành tích cá nhân").count(), 14);
    assert_eq!(rows.iter().filter(|r| r[1] == "Báo cáo thành tích tập thể").count(), 3);
    for r in rows {
        let pdf = out.join(&r[0]);
        assert!(pdf.is_file(), "{} missing", r[0]);
        assert!(pdf.with_extension("docx").is_file(), "{} has no DOCX", r[0]);
        assert_eq!(pages(&pdf).to_string(), r[3], "{}: the index gives its pages", r[0]);
        assert!(r[5].is_empty(), "no violation in the sample: {r:?}");
    }
    assert!(out.join("ho-so.pdf").is_file());
    assert_valid_docx(out);
}

#[test]
fn the_combined_pdf_has_an_outline_entry_per_part_the_sum_of_their_pages_and_each_part_numbered_from_its_own_first_page() {
    let out = sample_out();
    let combined = out.join("ho-so.pdf");
    let rows = read_csv(&out.join("danh-muc.csv"));
    let rows = &rows[1..];
    let sum: usize = rows.iter().map(|r| pages(&out.join(&r[0]))).sum();
    assert_eq!(pages(&combined), sum, "the combined PDF holds every part's pages");
    let entries = outline(&combined);
    assert_eq!(entries.len(), rows.len(), "one outline entry per part: {entries:?}");
    let mut first = 1;
    for (r, (title, page)) in rows.iter().zip(&entries) {
        let expected = if r[2].is_empty() { r[1].clone() } else { format!("{}: {}", r[1], r[2]) };
        assert_eq!(*title, expected);
        assert_eq!(*page, first, "{title}: its entry goes to its first page");
        assert_eq!(r[4].split('-').next().unwrap(), first.to_string(), "{title}: danh-muc gives its pages in the combined PDF");
        let n: usize = r[3].parse().unwrap();
        // Its first page has no number; its second (if any) is numbered 2, as when printed alone.
        let top = |p: usize| page_text(&combined, p).lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_string();
        assert!(top(first).parse::<usize>().is_err(), "{title}: its first page starts with `{}`", top(first));
        if n > 1 {
            assert_eq!(top(first + 1), "2", "{title}: its second page is numbered 2");
        }
        first += n;
    }
}

#[test]
fn the_workbook_and_its_json_twin_read_the_same() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let a = vanban::dossier::nominations::read(&dossier_dir().join("khoa-su-pham.xlsx"), today).expect("workbook reads");
    let b = vanban::dossier::nominations::read(&dossier_dir().join("khoa-su-pham.json"), today).expect("JSON reads");
    assert_eq!(a.info, b.info);
    let values = |n: &vanban::dossier::nominations::Nominations| {
        (
            n.individuals.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
            n.collectives.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
            n.classes.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(values(&a), values(&b));
    assert!(a.individuals.len() >= 12 && a.individuals.iter().filter(|p| p.value.doi_tuong == vanban::dossier::nominations::PersonKind::CanBo).count() == 2);
    assert_eq!(a.collectives.len(), 3);
    let classes: std::collections::BTreeSet<_> = a.individuals.iter().filter_map(|p| p.value.lop.clone()).collect();
    assert!(classes.len() >= 4, "individuals from several classes");
}

#[test]
fn the_to_trinh_lists_every_nominee_in_vietnamese_order() {
    let dir = tempfile::tempdir().unwrap();
    // Tricky names: tones (Anh, Ảnh, Ánh), đ after d, o ô ơ, the same given name with
    // different family names, a given name of one letter; written in no order.
    let names = [
        "Lò Thị Ánh",
        "Tòng Văn Đức",
        "Vì Thị Ơn",
        "Quàng Văn Anh",
        "Lò Văn Ôn",
        "Lường Văn Dũng",
        "Cầm Thị Ảnh",
        "Vì Văn On",
        "Lò Thị Hoa",
        "Điêu Thị Hoa",
        "Hà Văn A",
    ];
    let classes: Vec<Value> = (0..names.len()).map(|i| json!({"ten": format!("L{i}"), "si_so": 30})).collect();
    let people: Vec<Value> = names.iter().enumerate().map(|(i, n)| student(n, &format!("L{i}"), &format!("SV{i:02}"))).collect();
    let f = write(dir.path(), "ds.json", &unit("Khoa Sư phạm", json!(people), json!([]), json!(classes)));
    let out = dir.path().join("out");
    let o = vanban(&["ho-so", s(&f), "--out-dir", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = [
        "Hà Văn A",
        "Quàng Văn Anh",
        "Cầm Thị Ảnh",
        "Lò Thị Ánh",
        "Lường Văn Dũng",
        "Tòng Văn Đức",
        "Điêu Thị Hoa",
        "Lò Thị Hoa",
        "Vì Văn On",
        "Lò Văn Ôn",
        "Vì Thị Ơn",
    ];
    // In the PDF's table, top to bottom.
    let lines = text_lines(&out.join("to-trinh.pdf"));
    let found: Vec<&str> = lines.iter().filter_map(|l| expected.iter().find(|n| l.text.contains(*n)).copied()).collect();
    assert_eq!(found, expected, "the Tờ trình's table in Vietnamese order");
    // In the DOCX's table, row by row.
    let xml = docx_part(&out.join("to-trinh.docx"), "word/document.xml");
    let at: Vec<usize> = expected.iter().map(|n| xml.find(&format!(">{n}<")).unwrap_or_else(|| panic!("{n} in the DOCX"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "DOCX order: {at:?}");
    // The personal reports follow the same order, numbered.
    let index = read_csv(&out.join("danh-muc.csv"));
    let reports: Vec<&str> = index[2..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(reports, expected);
    assert!(index[2][0].starts_with("ca-nhan-01-ha-van-a"), "{:?}", index[2]);
}

/// The lines of a personal report that start with `label`, as pdftotext lays them out.
fn line_of<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines().map(str::trim).find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no line `{label}` in:\n{text}"))
}

#[test]
fn each_personal_report_carries_its_data_and_dotted_lines_for_exactly_the_empty_fields() {
    let dir = tempfile::tempdir().unwrap();
    let full = json!({"ho_ten": "Lò Thị Ánh", "ngay_sinh": "2005-03-14", "gioi_tinh": "Nữ", "doi_tuong": "sinh-vien", "lop": "CĐ GDMN K15A",
        "khoa": "Khoa Sư phạm", "ma": "2115001", "dien_thoai": "0912 345 678", "email": "anh@cdsl.edu.vn", "qua_trinh": "Hướng dẫn người dân bản Hài cài VssID.",
        "so_luot_ho_tro": 46, "san_pham": "Video hướng dẫn VssID", "tu_danh_gia": "Nhiệt tình, trách nhiệm.", "hinh_thuc": "Giấy khen của Hiệu trưởng",
        "minh_chung": ["Ảnh hoạt động"]});
    // Only a name, a kind, a class and the number that meets the criterion.
    let bare = json!({"ho_ten": "Quàng Văn Bình", "doi_tuong": "sinh-vien", "lop": "CĐ GDMN K15A", "so_luot_ho_tro": 21});
    let f = write(dir.path(), "ds.json", &unit("Khoa Sư phạm", json!([full, bare]), json!([]), json!([{"ten": "CĐ GDMN K15A", "si_so": 31}])));
    let out = dir.path().join("out");
    let o = vanban(&["ho-so", s(&f), "--out-dir", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = |stem: &str| (1..=pages(&out.join(format!("{stem}.pdf")))).map(|p| page_text(&out.join(format!("{stem}.pdf")), p)).collect::<String>();
    let a = text("ca-nhan-01-lo-thi-anh");
    let b = text("ca-nhan-02-quang-van-binh");
    let dots = |l: &str| l.contains(".....");
    // (label, value in the full report)
    let fields = [
        ("Họ và tên:", Some("Lò Thị Ánh")),
        ("Ngày sinh:", Some("14/03/2005")),
        ("Khoa:", Some("Khoa Sư phạm")),
        ("Số điện thoại:", Some("0912 345 678")),
        ("Email (nếu có):", Some("anh@cdsl.edu.vn")),
        ("Số lượt người dân được hỗ trợ:", Some("46")),
        ("Sản phẩm/kết quả nổi bật (nếu có):", Some("Video hướng dẫn VssID")),
        ("Tự đánh giá về thái độ, trách nhiệm, hiệu quả công việc:", Some("Nhiệt tình, trách nhiệm.")),
        ("- Đề xuất hình thức khen thưởng:", Some("Giấy khen của Hiệu trưởng")),
    ];
    for (label, value) in fields {
        let l = line_of(&a, label);
        assert!(l.contains(value.unwrap()) && !dots(l), "full report, `{label}`: {l}");
    }
    assert!(a.contains("Hướng dẫn người dân bản Hài cài VssID.") && a.contains("Ảnh hoạt động"));
    // The bare report: its data, and dots exactly where it has none.
    assert!(!dots(line_of(&b, "Họ và tên:")) && line_of(&b, "Họ và tên:").contains("Quàng Văn Bình"));
    assert!(!dots(line_of(&b, "Số lượt người dân được hỗ trợ:")) && line_of(&b, "Số lượt người dân được hỗ trợ:").contains("21"));
    for label in [
        "Ngày sinh:",
        "Khoa:",
        "Số điện thoại:",
        "Email (nếu có):",
        "Sản phẩm/kết quả nổi bật (nếu có):",
        "Tự đánh giá về thái độ, trách nhiệm, hiệu quả công việc:",
        "- Đề xuất hình thức khen thưởng:",
    ] {
        assert!(dots(line_of(&b, label)), "bare report, `{label}` has a dotted line: {}", line_of(&b, label));
    }
    // The lines under the participation and the evidence are dotted only in the bare report.
    let after = |t: &str, label: &str| t.lines().map(str::trim).skip_while(|l| !l.starts_with(label)).nth(1).unwrap_or_default().to_string();
    assert!(dots(&after(&b, "- Minh chứng kèm theo")) && !dots(&after(&a, "- Minh chứng kèm theo")));
    // The confirmation and signature areas, and the date to fill in.
    for t in [&a, &b] {
        assert!(t.contains("CÁN BỘ PHỤ TRÁCH/") && t.contains("NGƯỜI VIẾT BÁO CÁO") && t.contains("(Ký và ghi rõ họ tên)"));
        assert!(
            vanban::vn::normalize(t).split_whitespace().collect::<Vec<_>>().windows(4).any(|w| w == ["Ngày", "tháng", "năm", "2026"]),
            "the date to fill in"
        );
    }
    // The DOCX says the same: the value in the full one, a dotted fill line in the bare one.
    let xa = docx_part(&out.join("ca-nhan-01-lo-thi-anh.docx"), "word/document.xml");
    let xb = docx_part(&out.join("ca-nhan-02-quang-van-binh.docx"), "word/document.xml");
    assert!(xa.contains("0912 345 678") && xa.contains("anh@cdsl.edu.vn"));
    assert!(xb.matches("w:leader=\"dot\"").count() > xa.matches("w:leader=\"dot\"").count(), "more dotted lines in the bare report");
    assert_valid_docx(&out);
}

#[test]
fn the_collective_report_follows_the_form_field_by_field() {
    let out = sample_out();
    let pdf = out.join("tap-the-02-lop-cd-gdmn-k15a.pdf");
    let t: String = (1..=pages(&pdf)).map(|p| page_text(&pdf, p)).collect();
    for (label, value) in [
        ("Tên tập thể:", "Lớp CĐ GDMN K15A"),
        ("Đơn vị trực thuộc:", "Khoa Sư phạm"),
        ("Số lượng thành viên:", "31"),
        ("Thời gian thực hiện:", "Tháng 6 – tháng 11/2025"),
        ("Địa bàn triển khai (nếu có):", "Xã Chiềng Ngần"),
        ("Số lớp kỹ năng số đã tổ chức:", "5 lớp (lớp đông nhất 42 người)"),
        ("Số người dân được hỗ trợ:", "310 lượt"),
    ] {
        assert!(line_of(&t, label).contains(value), "`{label}`: {}", line_of(&t, label));
    }
    assert!(t.contains("XÁC NHẬN CỦA LÃNH ĐẠO") && t.contains("ĐẠI DIỆN TẬP THỂ") && t.contains("Lò Thị Ánh"));
    assert!(t.contains("Sơn La, ngày"));
}

/// Runs `--check` on a unit and returns its messages; asserts the exit code.
fn violations(v: &Value, code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "ds.json", v);
    let (c, err) = check(&f);
    assert_eq!(c, code, "{err}");
    err
}

#[test]
fn each_quota_has_its_message_with_the_numbers() {
    let sp = "Khoa Sư phạm";
    // Students per class, by class size: each band, one over.
    for (size, quota) in [(9, 1), (15, 2), (25, 3), (31, 4)] {
        let people: Vec<Value> = (0..=quota).map(|i| student(&format!("Lò Thị A{i}"), "CĐ K15A", &format!("SV{i}"))).collect();
        let err = violations(&unit(sp, json!(people), json!([]), json!([{"ten": "CĐ K15A", "si_so": size}])), 1);
        assert!(err.contains(&format!("Lớp CĐ K15A: {} sinh viên được đề nghị, chỉ tiêu {quota} (lớp {size} HSSV)", quota + 1)), "{err}");
        assert!(err.contains("(ds.json") || err.contains("ds.json, ca_nhan[0]"), "names the nominees and their place: {err}");
        // At the quota: no violation.
        let people: Vec<Value> = (0..quota).map(|i| student(&format!("Lò Thị A{i}"), "CĐ K15A", &format!("SV{i}"))).collect();
        violations(&unit(sp, json!(people), json!([]), json!([{"ten": "CĐ K15A", "si_so": size}])), 0);
    }
    // Staff: at most 2 per faculty or office.
    let people =
        json!([staff("Nguyễn Văn A", sp, "CB1"), staff("Trần Thị B", sp, "CB2"), staff("Lê Văn C", sp, "CB3"), staff("Phạm Văn D", "Khoa Kinh tế", "CB4")]);
    let err = violations(&unit(sp, people, json!([]), json!([])), 1);
    assert!(err.contains("Khoa Sư phạm: 3 cán bộ, giảng viên được đề nghị, chỉ tiêu 2"), "{err}");
    assert!(!err.contains("Khoa Kinh tế:"), "{err}");
    // Collectives: 2 class collectives per faculty, 2 teams per faculty, 2 offices/faculties for the school.
    for (kind, noun, group) in
        [("lop", "tập thể lớp", "Khoa Sư phạm"), ("doi-nhom", "tập thể đội, nhóm", "Khoa Sư phạm"), ("phong-khoa", "tập thể phòng, khoa", "Toàn trường")]
    {
        let groups: Vec<Value> = (1..=3).map(|i| collective(&format!("Tập thể {i}"), kind, sp)).collect();
        let err = violations(&unit(sp, json!([]), json!(groups), json!([])), 1);
        assert!(err.contains(&format!("{group}: 3 {noun} được đề nghị, chỉ tiêu 2")), "{kind}: {err}");
    }
    // Two class collectives in each of two faculties: within the quota.
    let groups =
        json!([collective("L1", "lop", sp), collective("L2", "lop", sp), collective("L3", "lop", "Khoa Kinh tế"), collective("L4", "lop", "Khoa Kinh tế")]);
    violations(&unit(sp, json!([]), groups, json!([])), 0);
}

#[test]
fn each_criterion_list_has_its_message() {
    let sp = "Khoa Sư phạm";
    // An individual with 12 citizens supported and nothing else meets none of 4.2.1.1.
    let mut p = student("Lò Văn Bình", "CĐ K15A", "SV1");
    p["so_luot_ho_tro"] = json!(12);
    let err = violations(&unit(sp, json!([p.clone()]), json!([]), json!([{"ten": "CĐ K15A", "si_so": 30}])), 1);
    assert!(err.contains("Lò Văn Bình: không đạt tiêu chí nào dành cho cá nhân (cần đạt ít nhất một)"), "{err}");
    assert!(err.contains("Số lượt người dân được hỗ trợ: 12, cần từ 20"), "{err}");
    // Any one criterion is enough: a product, an initiative, a volunteer team.
    for field in ["san_pham", "sang_kien", "doi_hinh"] {
        let mut q = p.clone();
        q[field] = json!("Có");
        violations(&unit(sp, json!([q]), json!([]), json!([{"ten": "CĐ K15A", "si_so": 30}])), 0);
    }
    // A collective whose largest class had 25 people and no product meets none of 4.2.1.2.
    let c = json!({"ten": "Lớp CĐ K15A", "loai": "lop", "don_vi": sp, "so_lop": 1, "lop_dong_nhat": 25});
    let err = violations(&unit(sp, json!([]), json!([c.clone()]), json!([])), 1);
    assert!(err.contains("Lớp CĐ K15A: không đạt tiêu chí nào dành cho tập thể"), "{err}");
    assert!(err.contains("Số người của lớp đông nhất: 25, cần từ 30"), "{err}");
    let mut c2 = c.clone();
    c2["lop_dong_nhat"] = json!(30);
    violations(&unit(sp, json!([]), json!([c2]), json!([])), 0);
    // Or no class at all but communication products.
    let c3 = json!({"ten": "Nhóm Truyền thông", "loai": "doi-nhom", "don_vi": sp, "san_pham": "14 video"});
    violations(&unit(sp, json!([]), json!([c3]), json!([])), 0);
    // Without a class held, the class criterion is not met even with a large class size.
    let c4 = json!({"ten": "Nhóm B", "loai": "doi-nhom", "don_vi": sp, "so_lop": 0, "lop_dong_nhat": 40});
    let err = violations(&unit(sp, json!([]), json!([c4]), json!([])), 1);
    assert!(err.contains("Số lớp kỹ năng số: 0, cần từ 1"), "{err}");
}

#[test]
fn violations_block_rendering_unless_allowed_and_are_then_listed_in_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let people: Vec<Value> = (0..3).map(|i| student(&format!("Lò Thị A{i}"), "CĐ K15A", &format!("SV{i}"))).collect();
    let f = write(dir.path(), "ds.json", &unit("Khoa Sư phạm", json!(people), json!([]), json!([{"ten": "CĐ K15A", "si_so": 15}])));
    let out = dir.path().join("out");
    let o = vanban(&["ho-so", s(&f), "--out-dir", s(&out)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Lớp CĐ K15A: 3 sinh viên được đề nghị, chỉ tiêu 2 (lớp 15 HSSV)"));
    assert!(!out.exists(), "nothing written");
    let o = vanban(&["ho-so", s(&f), "--out-dir", s(&out), "--allow-violations"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = read_csv(&out.join("danh-muc.csv"));
    let listed: Vec<&Vec<String>> = index.iter().filter(|r| r[5].contains("chỉ tiêu 2 (lớp 15 HSSV)")).collect();
    assert_eq!(listed.len(), 3, "each nominee of the class lists it: {index:?}");
}

#[test]
fn rules_are_data_another_schools_rules_need_no_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules: Value = serde_json::from_str(&std::fs::read_to_string(root().join("templates/ho-so/quy-dinh.json")).unwrap()).unwrap();
    rules["chi_tieu"][0]["toi_da"] = json!(1);
    rules["tieu_chi_ca_nhan"] = json!([{"ten": "Hỗ trợ từ 50 lượt", "dieu_kien": [{"truong": "so_luot_ho_tro", "toi_thieu": 50}]}]);
    let r = write(dir.path(), "quy-dinh.json", &rules);
    let people = json!([staff("Nguyễn Văn A", "Khoa Sư phạm", "CB1"), staff("Trần Thị B", "Khoa Sư phạm", "CB2")]);
    let f = write(dir.path(), "ds.json", &unit("Khoa Sư phạm", people.clone(), json!([]), json!([])));
    let o = vanban(&["ho-so", s(&f), "--check", "--quy-dinh", s(&r)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("Khoa Sư phạm: 2 cán bộ, giảng viên được đề nghị, chỉ tiêu 1"), "{err}");
    assert!(err.contains("“Hỗ trợ từ 50 lượt” (Số lượt người dân được hỗ trợ: 30, cần từ 50)"), "{err}");
    // The same rules inside the nominations file (`quy_dinh`).
    let mut v = unit("Khoa Sư phạm", people, json!([]), json!([]));
    v["quy_dinh"] = rules.clone();
    let (code, err2) = check(&write(dir.path(), "ds2.json", &v));
    assert_eq!(code, 1);
    assert!(err2.contains("chỉ tiêu 1"), "{err2}");
    // A rules file naming a field that does not exist is refused, with its path.
    rules["tieu_chi_ca_nhan"][0]["dieu_kien"][0]["truong"] = json!("so_luot");
    let r = write(dir.path(), "sai.json", &rules);
    let o = vanban(&["ho-so", s(&f), "--check", "--quy-dinh", s(&r)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`tieu_chi_ca_nhan[0].dieu_kien[0].truong`: unknown field `so_luot`"), "{}", stderr(&o));
}

/// A workbook of sheets (name, rows of cells), cells as strings or numbers.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<Value>>)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sh = wb.add_worksheet();
        sh.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v {
                    Value::Number(n) => {
                        sh.write_number(r as u32, c as u16, n.as_f64().unwrap()).unwrap();
                    }
                    Value::String(t) => {
                        sh.write_string(r as u32, c as u16, t).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    wb.save(path).unwrap();
}

fn info_sheet() -> (&'static str, Vec<Vec<Value>>) {
    let rows = [
        ("Mục", "Nội dung"),
        ("Đơn vị đề nghị", "Khoa Sư phạm"),
        ("Đơn vị cấp trên", "Trường Cao đẳng Sơn La"),
        ("Viết tắt", "KSP"),
        ("Địa danh", "Sơn La"),
        ("Ngày", "2026-06-05"),
        ("Chức vụ người ký", "Trưởng khoa"),
        ("Người ký", "Lò Văn Minh"),
        ("Phong trào", "Bình dân học vụ số"),
        ("Năm học", "2025-2026"),
    ];
    ("Thông tin chung", rows.iter().map(|(a, b)| vec![json!(a), json!(b)]).collect())
}

#[test]
fn malformed_nominations_give_every_error_with_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("ds.xlsx");
    let header = ["STT", "Họ và tên", "Ngày sinh", "Đối tượng", "Lớp/Đơn vị", "Mã SV/CB", "Số lượt người dân được hỗ trợ"];
    let people = vec![
        header.iter().map(|h| json!(h)).collect(),
        vec![json!(1), json!("Lò Thị Ánh"), json!("14/03/2005"), json!("Sinh viên"), json!("CĐ K15A"), json!("SV1"), json!(30)],
        // Row 3: no name.
        vec![json!(2), json!(""), json!("01/01/2005"), json!("Sinh viên"), json!("CĐ K15A"), json!("SV2"), json!(25)],
        // Row 4: born in the future.
        vec![json!(3), json!("Quàng Văn Anh"), json!("2031-02-03"), json!("Sinh viên"), json!("CĐ K15A"), json!("SV3"), json!(22)],
        // Row 5: the person of row 2 again (same code).
        vec![json!(4), json!("Lò Thị Ánh"), json!("14/03/2005"), json!("Sinh viên"), json!("CĐ K15A"), json!("SV1"), json!(30)],
        // Row 6: a number that is not one.
        vec![json!(5), json!("Cầm Văn Dũng"), json!("02/02/2005"), json!("Sinh viên"), json!("CĐ K15A"), json!("SV5"), json!("hai mươi")],
    ];
    let classes = vec![vec![json!("Lớp"), json!("Sĩ số")], vec![json!("CĐ K15A"), json!("ba mươi")]];
    workbook(&f, &[info_sheet(), ("Cá nhân", people), ("Lớp", classes)]);
    let (code, err) = check(&f);
    assert_eq!(code, 1, "{err}");
    for expected in [
        r#"`sheet "Lớp", row 2, column B (Sĩ số)`: class size: expected a whole number, got string "ba mươi""#,
        r#"`sheet "Cá nhân", row 3, column B (Họ và tên)`: the name is empty"#,
        r#"`sheet "Cá nhân", row 4, column C (Ngày sinh)`: Quàng Văn Anh (2031-02-03): the date of birth is in the future"#,
        r#"`sheet "Cá nhân", row 5, column B (Họ và tên)`: Lò Thị Ánh is nominated twice: also at Cá nhân, row 2"#,
        r#"`sheet "Cá nhân", row 6, column G (Số lượt người dân được hỗ trợ)`: expected a whole number, got string "hai mươi""#,
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(err.contains("ds.xlsx"), "names the file: {err}");
    // A sheet missing: the individuals' and the information's, both reported.
    let g = dir.path().join("thieu.xlsx");
    workbook(&g, &[("Lớp", vec![vec![json!("Lớp"), json!("Sĩ số")]])]);
    let (code, err) = check(&g);
    assert_eq!(code, 1);
    assert!(err.contains("the workbook has no sheet `Thông tin chung`") && err.contains("the workbook has no sheet `Cá nhân`"), "{err}");
    assert!(err.contains("its sheets: Lớp"), "{err}");
}

#[test]
fn a_file_that_nominates_no_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = check(&write(dir.path(), "ds.json", &unit("Khoa Sư phạm", json!([]), json!([]), json!([]))));
    assert_eq!(code, 1);
    assert!(err.contains("the file nominates no individual and no collective"), "{err}");
}

#[test]
fn malformed_json_nominations_give_json_paths_lines_and_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut people = vec![
        student("Lò Thị Ánh", "CĐ K15A", "SV1"),
        student("", "CĐ K15A", "SV2"),
        student("Quàng Văn Anh", "CĐ K15A", "SV3"),
        student("Lò Thị Ánh", "CĐ K15A", "SV1"),
    ];
    people[2]["ngay_sinh"] = json!("2031-02-03");
    let mut v = unit("Khoa Sư phạm", json!(people), json!([]), json!([{"ten": "CĐ K15A", "si_so": "ba mươi"}]));
    v["ca_nhan"][0]["doi_tuong"] = json!("hoc-vien");
    // Two problems in one record, two items missing in the information: all reported.
    v["ca_nhan"][0]["so_luot_ho_tro"] = json!("nhiều");
    v["thong_tin"].as_object_mut().unwrap().remove("nam_hoc");
    v["thong_tin"].as_object_mut().unwrap().remove("viet_tat");
    let (code, err) = check(&write(dir.path(), "ds.json", &v));
    assert_eq!(code, 1);
    for expected in [
        "`lop[0].si_so`: class size: expected a whole number",
        "`ca_nhan[0].doi_tuong`: unknown value `hoc-vien`",
        "`ca_nhan[0].so_luot_ho_tro`: expected a whole number, got string \"nhiều\"",
        "`ca_nhan[1].ho_ten`: the name is empty",
        "`ca_nhan[2].ngay_sinh`:",
        "the date of birth is in the future",
        "`thong_tin.viet_tat`: `viet_tat` is missing",
        "`thong_tin.nam_hoc`: `nam_hoc` is missing",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    // Line and column of each.
    assert!(err.lines().filter(|l| l.starts_with("error[")).all(|l| l.contains("ds.json:")), "{err}");
}

/// Three units for the council, as JSON files in `dir`: two students and a team each.
fn three_units(dir: &Path, extra: impl Fn(&str, &mut Value)) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (file, name, class, people) in [
        ("a.json", "Khoa Sư phạm", "CĐ SP K15", ["Lò Thị Hoa", "Cầm Văn Hải"]),
        ("b.json", "Khoa Kinh tế", "CĐ KT K15", ["Quàng Văn Nam", "Tòng Thị Mai"]),
        ("c.json", "Đoàn Thanh niên Trường", "CĐ SP K15", ["Vì Thị Lan", "Hà Văn Tú"]),
    ] {
        let people: Vec<Value> = people.iter().enumerate().map(|(i, p)| student(p, class, &format!("{file}-{}", i + 1))).collect();
        let mut v = unit(name, json!(people), json!([collective(&format!("Đội {name}"), "doi-nhom", name)]), json!([{"ten": class, "si_so": 30}]));
        extra(file, &mut v);
        out.push(write(dir, file, &v));
    }
    out
}

#[test]
fn tong_hop_writes_the_decision_and_its_list_grouped_by_unit_in_vietnamese_order() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_units(dir.path(), |_, _| {});
    let out = dir.path().join("qd");
    let mut args = vec!["ho-so", "tong-hop"];
    args.extend(files.iter().map(|f| s(f)));
    let info = dossier_dir().join("hoi-dong/thong-tin.json");
    args.extend(["--thong-tin", s(&info), "--out-dir", s(&out)]);
    let o = vanban(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = pdftotext(&out.join("quyet-dinh.pdf"));
    let flat = vanban::vn::normalize(&t).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "QUYẾT ĐỊNH",
        "HIỆU TRƯỞNG TRƯỜNG CAO ĐẲNG SƠN LA",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Theo đề nghị của Hội đồng Thi đua - Khen thưởng Trường.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen của Hiệu trưởng Trường Cao đẳng Sơn La cho 06 cá nhân và 03 tập thể",
        "Điều 2.",
        "Điều 3.",
        "- Như Điều 3;",
        "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG",
        "Số: 215/QĐ-CĐSL",
    ] {
        assert!(flat.contains(expected), "missing `{expected}` in the decision:\n{flat}");
    }
    // Units in Vietnamese order (Đoàn after D…, before K), each with its nominees.
    let units: Vec<usize> = ["Đoàn Thanh niên Trường", "Khoa Kinh tế", "Khoa Sư phạm"].iter().map(|u| flat.rfind(u).unwrap()).collect();
    assert!(units.windows(2).all(|w| w[0] < w[1]), "units in order: {units:?}");
    let summary = read_csv(&out.join("tong-hop.csv"));
    assert_eq!(summary[0][0], "unit");
    assert_eq!(summary.len(), 4);
    assert!(summary[1..].iter().all(|r| r[2] == "2" && r[3] == "1" && r[6] == "2" && r[7] == "1"), "{summary:?}");
    assert!(stderr(&o).contains("Đề nghị CN/TT"), "the summary in the terminal: {}", stderr(&o));
    assert_valid_docx(&out);
}

#[test]
fn tong_hop_refuses_what_exceeds_the_school_wide_quotas_and_with_allow_violations_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    // Each unit proposes its own office or faculty as a collective: 3 for the school, 2 allowed.
    let files = three_units(dir.path(), |_, v| v["tap_the"] = json!([collective(v["thong_tin"]["don_vi"].as_str().unwrap(), "phong-khoa", "")]));
    let out = dir.path().join("qd");
    let mut args = vec!["ho-so", "tong-hop"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--out-dir", s(&out)]);
    // Each file alone is within the rules.
    for f in &files {
        assert_eq!(check(f).0, 0, "{}", check(f).1);
    }
    let o = vanban(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Toàn trường: 3 tập thể phòng, khoa được đề nghị, chỉ tiêu 2"), "{}", stderr(&o));
    assert!(!out.join("quyet-dinh.pdf").exists(), "no decision written");
    let v = read_csv(&out.join("vi-pham.csv"));
    assert!(v[1][1].contains("Toàn trường: 3 tập thể phòng, khoa"), "{v:?}");
    // The per-unit quotas again, across units: a class shared by two units.
    args.push("--allow-violations");
    let o = vanban(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("quyet-dinh.pdf").is_file() && out.join("quyet-dinh.docx").is_file());
    let summary = read_csv(&out.join("tong-hop.csv"));
    assert!(summary[1..].iter().all(|r| r[5] == "0" && r[7] == "1"), "collectives out of quota but awarded with --allow-violations: {summary:?}");
}

#[test]
fn tong_hop_applies_the_per_unit_quotas_across_units_and_flags_a_person_nominated_twice() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_units(dir.path(), |file, v| {
        if file == "b.json" {
            // The same student as in a.json (same code) …
            v["ca_nhan"][0] = student("Lò Thị Hoa", "CĐ SP K15", "a.json-1");
            v["lop"] = json!([{"ten": "CĐ SP K15", "si_so": 30}, {"ten": "CĐ KT K15", "si_so": 30}]);
        }
        if file == "c.json" {
            // … and one nominated by a.json too, found by name and date of birth.
            v["ca_nhan"][1] = student("Cầm Văn Hải", "CĐ SP K15", "KHAC");
            v["ca_nhan"].as_array_mut().unwrap().push(student("Vì Văn Hùng", "CĐ SP K15", "c-3"));
        }
    });
    let out = dir.path().join("qd");
    let mut args = vec!["ho-so", "tong-hop"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--out-dir", s(&out)]);
    let o = vanban(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("Lò Thị Hoa (mã a.json-1) được đề nghị bởi 2 đơn vị: Khoa Sư phạm và Khoa Kinh tế"), "{err}");
    assert!(err.contains("Cầm Văn Hải (cùng họ tên và ngày sinh 2005-01-01) được đề nghị bởi 2 đơn vị: Khoa Sư phạm và Đoàn Thanh niên Trường"), "{err}");
    // The class of 30 is shared by the three units: 2 + 1 + 3 students, 4 allowed.
    assert!(err.contains("Lớp CĐ SP K15: 6 sinh viên được đề nghị, chỉ tiêu 4 (lớp 30 HSSV)"), "{err}");
    // Allowed: the decision lists each person once.
    args.push("--allow-violations");
    let o = vanban(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = pdftotext(&out.join("quyet-dinh.pdf"));
    assert_eq!(t.matches("Cầm Văn Hải").count(), 1, "{t}");
    assert_eq!(t.matches("Lò Thị Hoa").count(), 1, "{t}");
}

#[test]
fn the_dossier_is_deterministic_and_zips_as_bulk_does() {
    let dir = tempfile::tempdir().unwrap();
    let input = dossier_dir().join("khoa-ky-thuat-cong-nghe.json");
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    for z in [&a, &b] {
        let o = vanban(&["ho-so", s(&input), "--zip", s(z)]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "the same input gives the same bytes");
    let z = zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
    let names: Vec<&str> = z.file_names().collect();
    for n in ["ho-so.pdf", "to-trinh.pdf", "to-trinh.docx", "danh-muc.csv", "tap-the-01-khoa-ky-thuat-cong-nghe.pdf"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
}

#[test]
fn the_to_trinh_and_the_decision_take_their_numbers_from_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let input = dossier_dir().join("khoa-ky-thuat-cong-nghe.json");
    let out = dir.path().join("a");
    for _ in 0..2 {
        let o = vanban(&["ho-so", s(&input), "--out-dir", s(&out), "--register", s(&db)]);
        assert!(o.status.success(), "{}", stderr(&o));
        // The same dossier again: the same number.
        assert!(stderr(&o).contains("Tờ trình: Số: 01/TTr-KKTCN"), "{}", stderr(&o));
    }
    assert!(pdftotext(&out.join("to-trinh.pdf")).contains("Số: 01/TTr-KKTCN"));
    assert!(pdftotext(&out.join("ho-so.pdf")).contains("Số: 01/TTr-KKTCN"), "the combined PDF too");
    // The decision carries its own number (215): recorded in the register.
    let files = three_units(dir.path(), |_, _| {});
    let mut args = vec!["ho-so", "tong-hop"];
    args.extend(files.iter().map(|f| s(f)));
    let info = dossier_dir().join("hoi-dong/thong-tin.json");
    let qd = dir.path().join("qd");
    args.extend(["--thong-tin", s(&info), "--out-dir", s(&qd), "--register", s(&db)]);
    let o = vanban(&args);
    assert!(o.status.success() && stderr(&o).contains("Quyết định: Số: 215/QĐ-CĐSL"), "{}", stderr(&o));
    let o = vanban(&["register", "--register", s(&db), "list"]);
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(listed.contains("01/TTr-KKTCN") && listed.contains("215/QĐ-CĐSL"), "{listed}");
}

#[test]
fn help_shows_the_command_and_its_alias() {
    let o = vanban(&["--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("ho-so"));
    let o = vanban(&["dossier", "--help"]);
    assert!(o.status.success());
    let h = String::from_utf8_lossy(&o.stdout);
    assert!(h.contains("--allow-violations") && h.contains("tong-hop") && h.contains("--quy-dinh"), "{h}");
}

#[test]
fn tong_hop_without_can_cu_cites_the_texts_in_effect_on_the_decisions_date() {
    let dir = tempfile::tempdir().unwrap();
    let files = three_units(dir.path(), |_, _| {});
    let mut info: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dossier_dir().join("hoi-dong/thong-tin.json")).unwrap()).unwrap();
    info.as_object_mut().unwrap().remove("can_cu");
    for (date, cited, not_cited) in [("2026-06-15", "Nghị định số 152/2025/NĐ-CP", "98/2023"), ("2024-09-02", "Nghị định số 98/2023/NĐ-CP", "152/2025")]
    {
        info["ngay"] = json!(date);
        let info_file = dir.path().join(format!("thong-tin-{date}.json"));
        std::fs::write(&info_file, info.to_string()).unwrap();
        let out = dir.path().join(format!("qd-{date}"));
        let mut args = vec!["ho-so", "tong-hop"];
        args.extend(files.iter().map(|f| s(f)));
        args.extend(["--thong-tin", s(&info_file), "--out-dir", s(&out)]);
        let o = vanban(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let flat = vanban::vn::normalize(&pdftotext(&out.join("quyet-dinh.pdf"))).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;") && flat.contains(cited), "{date}: `{cited}` in {flat}");
        assert!(!flat.contains(not_cited), "{date}: no `{not_cited}` in {flat}");
        // The shipped rules are written for the texts in effect from 01/7/2025.
        let warned = stderr(&o).contains("warning[rules-validity]");
        assert_eq!(warned, date < "2025-07-01", "{date}: {}", stderr(&o));
    }
}

/// The cells of a workbook's sheet as text, row by row (calamine).
fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut book = open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap_or_else(|e| panic!("{}: sheet {sheet}: {e}", path.display()));
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut line = vec![String::new(); c0 as usize];
        line.extend(row.iter().map(|d| match d {
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        out.push(line);
    }
    out
}

#[test]
fn the_blank_nominations_workbook_has_every_sheet_and_column_and_its_examples_read_clean() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.xlsx");
    let o = vanban(&["ho-so", "--blank", s(&blank)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let sheets = ["Thông tin chung", "Cá nhân", "Tập thể", "Lớp"];
    let mut filled = Vec::new();
    for name in sheets {
        let mut cells = sheet_cells(&blank, name);
        if name == "Thông tin chung" {
            // Mục | Nội dung | Ví dụ | Bắt buộc: every item, the required ones said so.
            assert_eq!(cells[1][..4], ["Mục", "Nội dung", "Ví dụ (không được đọc)", "Bắt buộc"]);
            let items: Vec<&str> = cells[2..].iter().map(|r| r[0].as_str()).collect();
            for i in ["Đơn vị đề nghị", "Đơn vị cấp trên", "Viết tắt", "Ngày", "Chức vụ người ký", "Phong trào", "Năm học", "Thành tích nổi bật"]
            {
                assert!(items.contains(&i), "no item {i}: {items:?}");
            }
            assert!(cells.iter().any(|r| r[0] == "Đơn vị đề nghị" && r[3] == "bắt buộc"));
            // The examples typed in as the values.
            for r in cells.iter_mut().skip(2) {
                r[1] = r[2].clone();
            }
        } else {
            assert!(cells[2][0].starts_with("Ví dụ"), "{name}: {:?}", cells[2]);
            assert_eq!(cells[3][0], "STT");
            let mut example = cells[2].clone();
            example[0] = "1".into();
            cells.push(example);
        }
        filled.push((name, cells));
    }
    let individuals = &filled[1].1;
    for h in ["Họ và tên", "Ngày sinh", "Giới tính", "Đối tượng", "Lớp/Đơn vị", "Hình thức khen thưởng", "Minh chứng"] {
        assert!(individuals[3].contains(&h.to_string()), "no column {h}: {:?}", individuals[3]);
    }
    let col = individuals[3].iter().position(|h| h == "Họ và tên").unwrap();
    assert_eq!(individuals[1][col], "bắt buộc");
    // The fixed values of Đối tượng and Loại as list validation.
    let mut z = zip::ZipArchive::new(std::fs::File::open(&blank).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet2.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("Sinh viên,Học sinh,Cán bộ,Giảng viên,Nhân viên"), "{xml}");
    // The blank with its examples filled in is a valid nominations file.
    let path = dir.path().join("filled.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in &filled {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(&path).unwrap();
    let (code, err) = check(&path);
    assert_eq!(code, 0, "{err}");
}
