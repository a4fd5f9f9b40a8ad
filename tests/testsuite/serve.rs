//! `vanban serve` over HTTP: every endpoint against the real binary on a free local port —
//! pages, the preview and check, downloads checked as the other tests check files, uploads,
//! bad input of every kind (JSON, sizes, content types, routes, names), CSRF, logins, and
//! concurrent use.

use crate::common;

use crate::common::server::{zip_entry, zip_names, Client, Server};
use serde_json::{json, Value};

fn starter(c: &mut Client, kind: &str) -> Value {
    let r = c.get(&format!("/api/starter/{kind}"));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn pages_assets_and_unknown_routes() {
    let s = Server::start(&[]);
    let mut c = Client::new(&s.base);
    let page = c.get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap_or("").starts_with("text/html"));
    assert!(page.text().contains("Soạn văn bản"), "{}", page.text());
    assert!(page.header("content-security-policy").unwrap_or("").contains("default-src 'self'"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    for (asset, mime) in [("app.js", "text/javascript"), ("app.css", "text/css"), ("login.js", "text/javascript")] {
        let r = c.get(&format!("/assets/{asset}"));
        assert_eq!(r.status, 200, "{asset}");
        assert!(r.header("content-type").unwrap_or("").starts_with(mime), "{asset}");
    }
    // The icon browsers ask for by themselves (a 404 is an error in their console).
    let icon = c.get("/favicon.ico");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/svg+xml"));
    assert!(icon.text().starts_with("<svg"));
    for missing in ["/khong-co", "/assets/../Cargo.toml", "/assets/%2e%2e%2fCargo.toml", "/api/starter/khong-co-loai-nay", "/api/download/exe"] {
        let r = if missing.starts_with("/api/download") { c.post_json(missing, &json!({})) } else { c.get(missing) };
        assert!(matches!(r.status, 403 | 404), "{missing}: {}", r.status);
        if r.status == 404 {
            assert!(r.json()["loi"].as_str().is_some_and(|m| !m.is_empty()), "{missing}: {}", r.text());
        }
    }
    let kinds = c.get("/api/kinds").json();
    let names: Vec<(&str, &str)> = kinds.as_array().unwrap().iter().map(|k| (k["id"].as_str().unwrap(), k["ten"].as_str().unwrap())).collect();
    assert!(names.contains(&("ke-hoach", "Kế hoạch")) && names.contains(&("cong-van", "Công văn")), "{names:?}");
    assert_eq!(starter(&mut c, "ke-hoach")["loai"], "ke-hoach");
    assert_eq!(starter(&mut c, "K%E1%BA%BF%20ho%E1%BA%A1ch")["loai"], "ke-hoach");
    let templates = c.get("/api/templates").json();
    assert!(templates.as_array().unwrap().iter().any(|t| t["ten"] == "phieu-bao-cao-quy" && t["bieu_mau"] == true), "{templates}");
}

#[test]
fn every_change_needs_the_csrf_token() {
    let s = Server::start(&[]);
    let doc = starter(&mut Client::new(&s.base), "ke-hoach");
    // No session at all.
    let mut bare = Client::new(&s.base);
    assert_eq!(bare.post_json("/api/preview", &doc).status, 403);
    // A session, but no token, or another session's.
    let mut c = Client::session(&s.base);
    let other = Client::session(&s.base);
    let token = c.csrf.take();
    let r = c.post_json("/api/preview", &doc);
    assert_eq!(r.status, 403);
    assert!(r.json()["loi"].as_str().unwrap().contains("CSRF"));
    c.csrf = other.csrf.clone();
    assert_eq!(c.post_json("/api/check", &doc).status, 403);
    assert_eq!(c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy")]).status, 403);
    c.csrf = token;
    assert_eq!(c.post_json("/api/preview", &doc).status, 200);
}

#[test]
fn preview_follows_the_document_and_check_speaks_vietnamese() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let mut doc = starter(&mut c, "ke-hoach");
    let first = c.post_json("/api/preview", &doc).json();
    let pages = first["trang"].as_array().expect("pages");
    assert!(!pages.is_empty());
    assert!(pages.iter().all(|p| p.as_str().unwrap().starts_with("<svg")), "SVG pages");
    // The same document gives the same pages; another text, other pages.
    assert_eq!(c.post_json("/api/preview", &doc).json()["trang"], first["trang"]);
    doc["noi_dung"].as_array_mut().unwrap().push(json!("Đoạn văn bản mới thêm vào cuối kế hoạch để xem trang thay đổi."));
    let changed = c.post_json("/api/preview", &doc).json();
    assert_ne!(changed["trang"], first["trang"]);

    // A symbol of another kind: no pages, the error at its field, in Vietnamese.
    doc["ky_hieu"] = json!("BC-SGDĐT");
    let r = c.post_json("/api/preview", &doc).json();
    assert!(r["trang"].is_null());
    let d = r["chan_doan"].as_array().unwrap().iter().find(|d| d["ma"] == "symbol-kind").cloned().expect("symbol-kind");
    assert_eq!(d["muc"], "loi");
    assert_eq!(d["duong_dan"], "ky_hieu");
    let msg = d["thong_bao"].as_str().unwrap();
    assert!(msg.starts_with("Ký hiệu `BC-SGDĐT` không khớp với loại văn bản"), "{msg}");
    assert!(d["goi_y"].as_str().unwrap().contains("loại văn bản"));

    // /api/check: the same diagnostics, with lines.
    let checked = c.post_json("/api/check", &doc).json();
    let d = checked["chan_doan"].as_array().unwrap().iter().find(|d| d["ma"] == "symbol-kind").cloned().unwrap();
    assert!(d["dong"].as_u64().is_some());
    // Several problems at once, each at its path.
    doc["ky"]["chuc_vu"] = json!("GIÁM ĐỐC");
    doc["ky"]["thay_mat"] = json!("GIÁM ĐỐC");
    doc["noi_nhan"] = json!(["Các phòng thuộc Sở;"]);
    let all = c.post_json("/api/check", &doc).json();
    let paths: Vec<&str> = all["chan_doan"].as_array().unwrap().iter().filter_map(|d| d["duong_dan"].as_str()).collect();
    for p in ["ky_hieu", "ky.chuc_vu", "noi_nhan[0]"] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }
    // Box 12 (the form's “Người soạn thảo” fields): its problems in Vietnamese at their paths.
    doc["phat_hanh"] = json!({"nguoi_soan": "P1", "so_ban": 0});
    let all = c.post_json("/api/check", &doc).json();
    let at = |path: &str| all["chan_doan"].as_array().unwrap().iter().find(|d| d["duong_dan"] == path).cloned().unwrap_or_else(|| panic!("{path}: {all}"));
    assert!(at("phat_hanh.nguoi_soan")["thong_bao"].as_str().unwrap().contains("Ký hiệu người soạn thảo chỉ gồm chữ cái"), "{all}");
    assert!(at("phat_hanh.so_ban")["thong_bao"].as_str().unwrap().ends_with("Số bản phát hành: phải từ 1 trở lên."), "{all}");
    // Unknown field and wrong type, as serde finds them.
    let bad = c.post_json("/api/check", &json!({ "loai": "ke-hoach", "so": "mười", "truong_la": 1 })).json();
    let codes: Vec<&str> = bad["chan_doan"].as_array().unwrap().iter().map(|d| d["ma"].as_str().unwrap()).collect();
    assert!(codes.contains(&"unknown-field") && codes.contains(&"wrong-type") && codes.contains(&"missing-field"), "{codes:?}");
    let unknown = bad["chan_doan"].as_array().unwrap().iter().find(|d| d["ma"] == "unknown-field").unwrap();
    assert!(unknown["thong_bao"].as_str().unwrap().contains("`truong_la` không có"), "{unknown}");
}

#[test]
fn bad_requests_get_clear_errors() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    // Broken JSON: diagnostics, not a failure of the server.
    let r = c.post("/api/preview", "application/json", b"{\"loai\": \"ke-hoach\",, }");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["chan_doan"][0]["ma"], "json-syntax");
    assert!(r.json()["trang"].is_null());
    let r = c.post("/api/check", "application/json", b"[1, 2]");
    assert_eq!(r.json()["chan_doan"][0]["ma"], "not-a-document");
    // Wrong content types.
    for path in ["/api/preview", "/api/check", "/api/download/pdf"] {
        let r = c.post(path, "text/plain", b"{}");
        assert_eq!(r.status, 415, "{path}");
        assert!(r.json()["loi"].as_str().unwrap().contains("application/json"));
    }
    let r = c.post("/api/bulk/check", "application/json", b"{}");
    assert_eq!(r.status, 415);
    // Not UTF-8.
    assert_eq!(c.post("/api/check", "application/json", b"{\"loai\": \"\xff\xfe\"}").status, 400);
    // Larger than a document may be (10 MB): refused before it is read.
    let big = format!("{{\"loai\": \"{}\"}}", "a".repeat(11 * 1024 * 1024));
    if let Some(r) = c.post_refused("/api/preview", "application/json", big.as_bytes()) {
        assert_eq!(r.status, 413);
    }
    // Still serving.
    assert_eq!(c.get("/api/kinds").status, 200);
}

#[test]
fn downloads_are_the_documents_the_cli_writes() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let mut doc = starter(&mut c, "ke-hoach");
    doc["trich_yeu"] = json!("Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027");
    let dir = tempfile::tempdir().unwrap();

    let pdf = c.post_json("/api/download/pdf", &doc);
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert_eq!(pdf.header("content-disposition"), Some("attachment; filename=\"ke-hoach.pdf\""));
    let path = dir.path().join("k.pdf");
    std::fs::write(&path, &pdf.body).unwrap();
    let text = common::pdftotext(&path);
    assert!(text.contains("Hội khỏe Phù Đổng"), "{text}");
    assert!(text.contains("KẾ HOẠCH"));
    // The same bytes as `vanban render` of the same JSON.
    let json_path = dir.path().join("k.json");
    std::fs::write(&json_path, doc.to_string()).unwrap();
    let cli_pdf = dir.path().join("cli.pdf");
    let o = common::vanban(&["render", json_path.to_str().unwrap(), "-o", cli_pdf.to_str().unwrap(), "-o", dir.path().join("cli.docx").to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(std::fs::read(&cli_pdf).unwrap(), pdf.body, "the server's PDF is the CLI's");

    let docx = c.post_json("/api/download/docx", &doc);
    assert_eq!(docx.status, 200);
    assert!(docx.header("content-type").unwrap().contains("wordprocessingml"));
    assert_eq!(docx.body, std::fs::read(dir.path().join("cli.docx")).unwrap(), "the server's DOCX is the CLI's");
    let xml = String::from_utf8(zip_entry(&docx.body, "word/document.xml")).unwrap();
    assert!(xml.contains("Phù Đổng"));
    let only = dir.path().join("valid");
    std::fs::create_dir(&only).unwrap();
    std::fs::write(only.join("k.docx"), &docx.body).unwrap();
    common::assert_valid_docx(&only);

    // A document with an error is not made.
    doc["ky_hieu"] = json!("QĐ-SGDĐT");
    let r = c.post_json("/api/download/pdf", &doc);
    assert_eq!(r.status, 422);
    assert!(r.json()["chan_doan"].as_array().unwrap().iter().any(|d| d["ma"] == "symbol-kind"));
}

fn wait_job(c: &mut Client, id: &str) -> Value {
    for _ in 0..600 {
        let s = c.get(&format!("/api/jobs/{id}")).json();
        if s["trang_thai"] != "dang-chay" {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("job {id} did not finish");
}

#[test]
fn bulk_upload_checks_rows_then_makes_the_zip() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start_in(dir.path(), &[]);
    let mut c = Client::session(&s.base);
    let rows = std::fs::read_to_string(common::root().join("samples/truong.csv")).unwrap();
    // The first 6 schools, one with its name blank (a row error).
    let mut lines: Vec<String> = rows.lines().take(7).map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let name_col = header.iter().position(|h| *h == "truong.ten").expect("truong.ten column");
    let mut cells: Vec<String> = lines[3].split(',').map(str::to_string).collect();
    cells[name_col] = String::new();
    lines[3] = cells.join(",");
    let csv = lines.join("\n") + "\n";

    let r = c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("../../truong.csv"), csv.as_bytes())]);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["so_dong"], 6);
    assert_eq!(j["dong_loi"], 1);
    assert_eq!(j["loi"][0]["dong"], 4);
    assert_eq!(j["loi"][0]["truong"], "truong.ten");

    let r = c.post_form(
        "/api/bulk",
        &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("C:\\Users\\vt\\..\\truong.csv"), csv.as_bytes()), ("dinh_dang", None, b"pdf,docx")],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["viec"].as_str().unwrap().to_string();
    let done = wait_job(&mut c, &id);
    assert_eq!(done["trang_thai"], "xong", "{done}");
    assert_eq!((done["tong"].as_u64(), done["xong"].as_u64(), done["so_tep"].as_u64()), (Some(6), Some(6), Some(10)));
    let zip = c.get(&format!("/api/jobs/{id}/zip"));
    assert_eq!(zip.status, 200);
    let names = zip_names(&zip.body);
    assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), 5, "{names:?}");
    assert_eq!(names.iter().filter(|n| n.ends_with(".docx")).count(), 5);
    let failures = c.get(&format!("/api/jobs/{id}/failures.csv"));
    assert_eq!(failures.status, 200);
    // The page speaks Vietnamese: its CSVs too (headers and messages).
    assert!(failures.text().starts_with("Dòng,Cột dữ liệu,Thông báo\n4,truong.ten,"), "{}", failures.text());
    // The client's path-like names were never used: nothing written beside the server.
    let beside: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(beside.is_empty(), "{beside:?}");
    assert!(!dir.path().parent().unwrap().join("truong.csv").exists());

    // Another extension, a missing file, an unknown template, an unknown job.
    let r = c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("truong.exe"), b"MZ")]);
    assert_eq!(r.status, 400);
    assert!(r.json()["loi"].as_str().unwrap().contains(".xlsx"));
    assert_eq!(c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy")]).status, 400);
    assert_eq!(c.post_form("/api/bulk/check", &[("mau", None, b"../../etc/passwd"), ("du_lieu", Some("a.csv"), csv.as_bytes())]).status, 400);
    assert_eq!(c.get("/api/jobs/khong-co/zip").status, 404);
    // A rows file that is not what it says: the reader's error, with the file.
    let r = c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("a.xlsx"), b"not a workbook")]);
    assert_eq!(r.status, 422, "{}", r.text());
}

#[test]
fn uploads_past_the_limit_are_refused() {
    let s = Server::start(&["--upload-limit", "1"]);
    let mut c = Client::session(&s.base);
    let big = vec![b'a'; 2 * 1024 * 1024];
    let r = c.post_form("/api/bulk/check", &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("a.csv"), &big)]);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["loi"].as_str().unwrap().contains("quá lớn"));
}

#[test]
fn dossier_and_summary_uploads() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let xlsx = std::fs::read(common::root().join("samples/ho-so-khen-thuong/khoa-su-pham.xlsx")).unwrap();
    let r = c.post_form("/api/ho-so", &[("de_nghi", Some("khoa-su-pham.xlsx"), &xlsx)]);
    let zip = if r.status == 422 {
        // The sample breaks a quota on purpose: listed, nothing made; then made on request.
        assert!(!r.json()["vi_pham"].as_array().unwrap().is_empty(), "{}", r.text());
        let r = c.post_form("/api/ho-so", &[("de_nghi", Some("khoa-su-pham.xlsx"), &xlsx), ("bo_qua_vi_pham", None, b"1")]);
        assert_eq!(r.status, 200, "{}", r.text());
        r.body
    } else {
        assert_eq!(r.status, 200, "{}", r.text());
        r.body
    };
    let names = zip_names(&zip);
    assert!(names.iter().any(|n| n == "ho-so.pdf"), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".docx")), "{names:?}");

    // Returned forms: the forms of 4 schools, 3 filled in, and the list of 4.
    let dir = tempfile::tempdir().unwrap();
    let schools = common::quarter::schools(4);
    let list = dir.path().join("truong.csv");
    std::fs::write(&list, common::quarter::schools_csv(&schools, 3, 2026)).unwrap();
    let out = dir.path().join("phieu");
    let o = common::vanban(&["bulk", "phieu-bao-cao-quy", "--rows", list.to_str().unwrap(), "--format", "xlsx", "--out-dir", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let mut forms: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "xlsx")).collect();
    forms.sort();
    assert_eq!(forms.len(), 4);
    let filled: Vec<Vec<u8>> =
        forms.iter().take(3).enumerate().map(|(i, p)| common::quarter::fill(&std::fs::read(p).unwrap(), &common::quarter::figures(i as u64 + 1))).collect();
    let list_bytes = std::fs::read(&list).unwrap();
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = vec![("mau", None, b"bao-cao-tong-hop-quy"), ("danh_sach", Some("truong.csv"), &list_bytes)];
    for f in &filled {
        parts.push(("tra_ve", Some("phieu.xlsx"), f));
    }
    // A file that is not a workbook: a problem, named as uploaded (issue 26, item 9).
    parts.push(("tra_ve", Some("C:\\Phieu\\phieu-truong-hong.xlsx"), b"not a workbook"));
    let r = c.post_form("/api/tong-hop", &parts);
    assert_eq!(r.status, 200, "{}", r.text());
    let problems = String::from_utf8(zip_entry(&r.body, "bao-cao-tong-hop.loi.csv")).unwrap();
    assert!(problems.contains("phieu-truong-hong.xlsx") && !problems.contains("tep-0") && !problems.contains("vanban-serve-"), "{problems}");
    assert_eq!(r.header("x-vanban-tong-hop"), Some("3"));
    assert_eq!(r.header("x-vanban-chua-nop"), Some("1"));
    let names = zip_names(&r.body);
    for n in ["bao-cao-tong-hop.pdf", "bao-cao-tong-hop.docx", "bao-cao-tong-hop.loi.csv", "bao-cao-tong-hop.chua-nop.csv"] {
        assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
    }
    let missing = String::from_utf8(zip_entry(&r.body, "bao-cao-tong-hop.chua-nop.csv")).unwrap();
    assert!(missing.contains(&schools[3].name), "{missing}");

    // The page's form of the same (issue 26, item 9): the counts, every problem as a row
    // (file as uploaded, sheet, cell, unit, message) and the units missing, the same ZIP to
    // download as a finished job.
    let r = c.post_form("/api/tong-hop?ket_qua=json", &parts);
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!((j["tong_hop"].as_u64(), j["so_loi"].as_u64()), (Some(3), Some(1)), "{j}");
    let p = &j["loi"][0];
    assert_eq!(p["tep"], "phieu-truong-hong.xlsx", "{j}");
    assert!(["trang", "o", "don_vi", "thong_bao"].iter().all(|k| p[*k].is_string()), "{j}");
    assert_eq!(j["chua_nop"], json!([schools[3].code]), "{j}");
    let zip = c.get(j["tai"].as_str().unwrap());
    assert_eq!(zip.status, 200);
    assert!(zip.header("content-disposition").is_some_and(|d| d.contains("bao-cao-tong-hop.zip")), "{:?}", zip.header("content-disposition"));
    assert_eq!(String::from_utf8(zip_entry(&zip.body, "bao-cao-tong-hop.loi.csv")).unwrap(), problems);
}

/// Issue 26, item 10: the templates by their Vietnamese titles with a description and the
/// columns of their rows file; the blank workbooks the page offers are the CLI's, byte for byte.
#[test]
fn templates_have_titles_columns_and_blank_workbooks() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let templates = c.get("/api/templates").json();
    let list = templates.as_array().unwrap();
    let phieu = list.iter().find(|t| t["ten"] == "phieu-bao-cao-quy").unwrap();
    assert!(phieu["tieu_de"].as_str().unwrap().starts_with("Phiếu báo cáo quý"), "{phieu}");
    assert!(!phieu["mo_ta"].as_str().unwrap().is_empty());
    assert!(list.iter().all(|t| t["tieu_de"] != t["ten"]), "every shipped template has a title: {templates}");
    let cols = phieu["huong_dan"]["sheets"][0]["columns"].as_array().unwrap();
    let col = |h: &str| cols.iter().find(|c| c["header"] == h).unwrap_or_else(|| panic!("no {h}: {cols:?}"));
    assert_eq!((col("truong.ten")["label"].as_str(), col("truong.ten")["required"].as_bool()), (Some("Tên trường"), Some(true)));
    assert_eq!(col("kho_khan")["required"], false);
    assert_eq!(col("ky.quy")["values"], json!(["1", "2", "3", "4"]));
    assert_eq!(col("truong.ma")["example"], "MN-0001");
    let summary = list.iter().find(|t| t["ten"] == "bao-cao-tong-hop-quy").unwrap();
    assert!(summary["tong_hop"] == true && summary["huong_dan"].is_null(), "{summary}");

    let dir = tempfile::tempdir().unwrap();
    let cli = dir.path().join("blank.xlsx");
    let o = common::vanban(&["bulk", "phieu-bao-cao-quy", "--blank", cli.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let r = c.get("/api/templates/phieu-bao-cao-quy/blank.xlsx");
    assert_eq!(r.status, 200);
    assert!(r.header("content-disposition").is_some_and(|d| d.contains("du-lieu-phieu-bao-cao-quy.xlsx")));
    assert_eq!(r.body, std::fs::read(&cli).unwrap(), "the page's blank workbook is the CLI's");
    assert_eq!(c.get("/api/templates/khong-co/blank.xlsx").status, 404);

    let guide = c.get("/api/ho-so/guide").json();
    let sheets: Vec<&str> = guide["sheets"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(sheets, ["Thông tin chung", "Cá nhân", "Tập thể", "Lớp"]);
    let o = common::vanban(&["ho-so", "--blank", cli.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert_eq!(c.get("/api/ho-so/blank.xlsx").body, std::fs::read(&cli).unwrap());
}

#[test]
fn a_network_address_needs_a_login() {
    let o = common::vanban(&["serve", "--host", "0.0.0.0", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("--password-file"), "{}", common::stderr(&o));
    let o = common::vanban(&["serve", "--token", "short"]);
    assert_eq!(o.status.code(), Some(2));
    // A bad password file: its line named.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("tk.txt");
    std::fs::write(&bad, "vanthu:plaintext\n").unwrap();
    let o = common::vanban(&["serve", "--password-file", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("tk.txt:1:"), "{}", common::stderr(&o));
}

fn add_user(file: &std::path::Path, name: &str, password: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--add-user", name, "--password-file", file.to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn accounts_and_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tai-khoan.txt");
    add_user(&file, "vanthu", "mat-khau-dai-1");
    add_user(&file, "hieupho", "mat-khau-dai-2");
    add_user(&file, "vanthu", "mat-khau-moi-3");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().all(|l| l.contains(":$argon2id$")), "{text}");

    let s = Server::start(&["--host", "0.0.0.0", "--password-file", file.to_str().unwrap()]);
    let mut c = Client::session(&s.base);
    // Nothing but the login page without logging in.
    let r = c.get("/");
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/dang-nhap"));
    assert_eq!(c.get("/dang-nhap").status, 200);
    assert_eq!(c.get("/api/kinds").status, 401);
    assert_eq!(c.post_json("/api/preview", &json!({})).status, 401);
    // Wrong password, an old one, an unknown user, no CSRF token.
    for (user, pw) in [("vanthu", "sai"), ("vanthu", "mat-khau-dai-1"), ("ai-do", "mat-khau-dai-2")] {
        let r = c.post_json("/api/login", &json!({ "ten": user, "mat_khau": pw }));
        assert_eq!(r.status, 401, "{user}");
        assert_eq!(r.json()["loi"], "Sai tên đăng nhập hoặc mật khẩu.");
    }
    let token = c.csrf.take();
    assert_eq!(c.post_json("/api/login", &json!({ "ten": "vanthu", "mat_khau": "mat-khau-moi-3" })).status, 403);
    c.csrf = token;
    let before = c.cookie.clone();
    let r = c.post_json("/api/login", &json!({ "ten": "vanthu", "mat_khau": "mat-khau-moi-3" }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_ne!(c.cookie, before, "a new session id after login");
    c.csrf = r.json()["csrf"].as_str().map(str::to_string);
    assert_eq!(c.get("/api/kinds").status, 200);
    assert_eq!(c.get("/api/session").json()["nguoi_dung"], "vanthu");
    assert_eq!(c.post_json("/api/logout", &json!({})).status, 200);
    assert_eq!(c.get("/api/kinds").status, 401);
    drop(s);

    let s = Server::start(&["--host", "0.0.0.0", "--token", "ma-truy-cap-cua-phong"]);
    let mut c = Client::session(&s.base);
    assert_eq!(c.get("/api/kinds").status, 401);
    assert_eq!(c.post_json("/api/login", &json!({ "mat_khau": "ma-sai-hoan-toan" })).status, 401);
    let r = c.get("/?token=ma-truy-cap-cua-phong");
    assert_eq!(r.status, 303);
    assert_eq!(c.get("/api/kinds").status, 200);
}

#[test]
fn concurrent_previews_each_get_their_own_pages() {
    let s = Server::start(&["--workers", "2"]);
    let base = s.base.clone();
    let mut c = Client::session(&base);
    let doc = starter(&mut c, "ke-hoach");
    let variant = |i: usize| {
        let mut d = doc.clone();
        d["so"] = json!(100 + i);
        d["noi_dung"].as_array_mut().unwrap().extend((0..i * 6).map(|k| json!(format!("- Nội dung bổ sung số {k} của phiên bản {i}."))));
        d
    };
    // Each variant alone first.
    let alone: Vec<Value> = (0..6).map(|i| c.post_json("/api/preview", &variant(i)).json()["trang"].clone()).collect();
    assert!(alone.windows(2).all(|w| w[0] != w[1]));
    let handles: Vec<_> = (0..6)
        .map(|t| {
            let base = base.clone();
            let docs: Vec<Value> = (0..6).map(|k| variant((t + k) % 6)).collect();
            std::thread::spawn(move || {
                let mut c = Client::session(&base);
                docs.iter()
                    .map(|d| (d["so"].as_u64().unwrap() as usize - 100, c.post_json("/api/preview", d)))
                    .map(|(i, r)| (i, r.status, r.json()["trang"].clone()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (i, status, pages) in h.join().unwrap() {
            assert_eq!(status, 200);
            assert_eq!(pages, alone[i], "variant {i} under load");
        }
    }
}

#[test]
fn the_register_numbers_the_document_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so.db");
    // Without a register: the page has none.
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    assert_eq!(c.get("/api/session").json()["so_dang_ky"], false);
    let doc = starter(&mut c, "ke-hoach");
    assert_eq!(c.post_json("/api/register/issue", &doc).status, 404);
    drop(s);

    let s = Server::start(&["--register", db.to_str().unwrap()]);
    let mut c = Client::session(&s.base);
    assert_eq!(c.get("/api/session").json()["so_dang_ky"], true);
    let mut doc = own(starter(&mut c, "ke-hoach"));
    let first = c.post_json("/api/register/issue", &doc).json();
    assert_eq!((first["so"].as_u64(), first["cach"].as_str()), (Some(1), Some("moi")), "{first}");
    assert_eq!(first["so_ky_hieu"], "01/KH-SGDĐT");
    // The same document again: its number again.
    assert_eq!(c.post_json("/api/register/issue", &doc).json()["cach"], "da-cap");
    doc["trich_yeu"] = json!("Một kế hoạch khác");
    assert_eq!(c.post_json("/api/register/issue", &doc).json()["so"], 2);
    // A document with an error gets no number.
    doc["ky_hieu"] = json!("BC-SGDĐT");
    let r = c.post_json("/api/register/issue", &doc);
    assert_eq!(r.status, 422);
    assert!(r.json()["chan_doan"].as_array().unwrap().iter().any(|d| d["ma"] == "symbol-kind"));

    let book = c.get("/api/register/book?nam=2026").json();
    assert_eq!(book["cot"].as_array().unwrap().len(), 10);
    let rows = book["dong"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "02/KH-SGDĐT");
    assert!(rows[1][2].as_str().unwrap().contains("Một kế hoạch khác"));
    let xlsx = c.get("/api/register/export?nam=2026&dinh_dang=xlsx");
    assert_eq!(xlsx.status, 200);
    assert!(zip_names(&xlsx.body).iter().any(|n| n == "xl/workbook.xml"));
    let csv = c.get("/api/register/export?nam=2026&dinh_dang=csv").text();
    assert!(csv.contains("01/KH-SGDĐT") && csv.contains("02/KH-SGDĐT"), "{csv}");
    assert_eq!(c.get("/api/register/export?nam=2026&dinh_dang=pdf").status, 400);
    // What the register holds, read by the CLI.
    let o = common::vanban(&["register", "list", "--year", "2026", "--register", db.to_str().unwrap()]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("02/KH-SGDĐT"), "{}", common::stderr(&o));
}

/// A starter made the clerk's own: a summary, a signer and a body of its own.
fn own(mut doc: Value) -> Value {
    doc["trich_yeu"] = json!("Tổ chức Hội khỏe Phù Đổng cấp trường năm học 2026 - 2027");
    doc["ky"]["ho_ten"] = json!("Nguyễn Thị Minh Hằng");
    doc["noi_dung"] = json!([
        "Thực hiện kế hoạch năm học, Trường xây dựng Kế hoạch tổ chức Hội khỏe Phù Đổng cấp trường như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Phát triển phong trào thể dục thể thao trong học sinh./."
    ]);
    doc.as_object_mut().unwrap().remove("phu_luc");
    doc
}

/// Issue 26, item 2: no starter carries a number; the register refuses a document still
/// holding a starter's example text, and records a number typed by hand only when asked
/// to explicitly.
#[test]
fn sample_data_never_reaches_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so.db");
    let s = Server::start(&["--register", db.to_str().unwrap()]);
    let mut c = Client::session(&s.base);
    let kinds = c.get("/api/kinds").json();
    for k in kinds.as_array().unwrap() {
        let id = k["id"].as_str().unwrap();
        let d = starter(&mut c, id);
        assert!(d.get("so").is_none(), "the {id} starter carries the number {}", d["so"]);
        // `vanban new` prints the same starter.
        let o = common::vanban(&["new", id]);
        assert!(o.status.success());
        assert!(serde_json::from_slice::<Value>(&o.stdout).unwrap().get("so").is_none(), "vanban new {id}");
    }

    // The starter as it is: refused, each example field named at its path.
    let example = starter(&mut c, "ke-hoach");
    let r = c.post_json("/api/register/issue", &example);
    assert_eq!(r.status, 422, "{}", r.text());
    let j = r.json();
    assert!(j["loi"].as_str().unwrap().starts_with("Chưa lấy số: văn bản còn nội dung ví dụ của mẫu (Họ tên người ký, Nội dung, Trích yếu)"), "{j}");
    let paths: Vec<&str> = j["chan_doan"].as_array().unwrap().iter().map(|d| d["duong_dan"].as_str().unwrap()).collect();
    assert!(paths.contains(&"trich_yeu") && paths.contains(&"ky.ho_ten") && paths.iter().any(|p| p.starts_with("noi_dung[")), "{paths:?}");
    // Each in Vietnamese, at its field (the rule `vanban register issue` applies too).
    assert!(
        j["chan_doan"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["ma"] == "example-text" && d["thong_bao"].as_str().unwrap().contains("vẫn là nội dung ví dụ của mẫu")),
        "{j}"
    );
    // Only the summary left as the example: still refused, for it alone.
    let mut partly = own(example.clone());
    partly["trich_yeu"] = example["trich_yeu"].clone();
    let j = c.post_json("/api/register/issue", &partly).json();
    assert_eq!(j["chan_doan"].as_array().unwrap().len(), 1, "{j}");
    assert_eq!(j["chan_doan"][0]["duong_dan"], "trich_yeu");
    // Another kind's example paragraph in a Kế hoạch: refused too.
    let mut borrowed = own(example.clone());
    let cv = starter(&mut c, "cong-van");
    let long = cv["noi_dung"].as_array().unwrap().iter().find(|p| p.as_str().is_some_and(|t| t.chars().count() >= 40)).unwrap().clone();
    borrowed["noi_dung"].as_array_mut().unwrap().push(long);
    assert_eq!(c.post_json("/api/register/issue", &borrowed).status, 422);

    // The clerk's own document: the year's first number.
    let mine = own(example.clone());
    let first = c.post_json("/api/register/issue", &mine).json();
    assert_eq!((first["so"].as_u64(), first["cach"].as_str()), (Some(1), Some("moi")), "{first}");
    // A real signer may bear the example's (common) name: not refused for it alone.
    let mut namesake = own(example.clone());
    namesake["ky"]["ho_ten"] = example["ky"]["ho_ten"].clone();
    namesake["trich_yeu"] = json!("Kế hoạch bồi dưỡng thường xuyên giáo viên năm học 2026 - 2027");
    let r = c.post_json("/api/register/issue", &namesake);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["so"], 2);
    // A number typed by hand: not recorded without the clerk's confirmation…
    let mut typed = own(example.clone());
    typed["trich_yeu"] = json!("Kế hoạch tổ chức Ngày hội đọc sách năm 2026");
    typed["so"] = json!(15);
    let r = c.post_json("/api/register/issue", &typed);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(r.json()["can_xac_nhan"], true);
    assert!(r.json()["loi"].as_str().unwrap().contains("Văn bản đang mang số 15 (gõ tay)"), "{}", r.text());
    let book = c.get("/api/register/book?nam=2026").json();
    assert_eq!(book["dong"].as_array().unwrap().len(), 2, "{book}");
    // …and recorded with it.
    let r = c.post("/api/register/issue?ghi_so_da_go=1", "application/json", typed.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!((r.json()["so"].as_u64(), r.json()["cach"].as_str()), (Some(15), Some("ghi-so")));
    // Without the number, "Lấy số" of another document takes the next one.
    let mut next = own(example);
    next["trich_yeu"] = json!("Kế hoạch kiểm tra nội bộ năm học 2026 - 2027");
    assert_eq!(c.post_json("/api/register/issue", &next).json()["so"], 16);
}

#[test]
fn a_bulk_run_can_be_stopped() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let rows = std::fs::read(common::root().join("samples/truong.csv")).unwrap();
    let r = c.post_form("/api/bulk", &[("mau", None, b"phieu-bao-cao-quy"), ("du_lieu", Some("truong.csv"), &rows), ("dinh_dang", None, b"pdf")]);
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["viec"].as_str().unwrap().to_string();
    assert_eq!(c.post_json(&format!("/api/jobs/{id}/cancel"), &json!({})).status, 200);
    let done = wait_job(&mut c, &id);
    assert_eq!(done["trang_thai"], "loi", "{done}");
    assert_eq!(done["chan_doan"][0]["ma"], "cancelled");
    assert!(done["xong"].as_u64().unwrap() < 1000, "{done}");
    // Nothing to download from a stopped run.
    assert_eq!(c.get(&format!("/api/jobs/{id}/zip")).status, 409);
}

#[test]
fn a_render_past_its_time_limit_is_answered_with_an_error() {
    let s = Server::start(&["--render-timeout", "1", "--workers", "2"]);
    let mut c = Client::session(&s.base);
    let doc = starter(&mut c, "ke-hoach");
    let mut huge = doc.clone();
    // Hundreds of pages: far more than a second's layout.
    huge["noi_dung"] = Value::Array(
        (0..8000).map(|i| json!(format!("- Nội dung thứ {i} của một kế hoạch rất dài, viết để vượt thời gian dàn trang cho phép của máy chủ;"))).collect(),
    );
    let start = std::time::Instant::now();
    let r = c.post_json("/api/preview", &huge);
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.json()["loi"].as_str().unwrap().contains("Quá thời gian"), "{}", r.text());
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "answered at the limit, not when the render ended");
    // The others' previews go on.
    let r = c.post_json("/api/preview", &doc);
    assert_eq!(r.status, 200);
    assert!(r.json()["trang"].is_array());
}

/// A request written by hand, with the `Host` and other headers a browser on another site
/// would send: its status and body.
fn raw(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.strip_prefix("http://").unwrap();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn only_the_servers_own_names_are_answered_and_only_its_pages_may_post() {
    let s = Server::start(&["--allowed-host", "vanban.truong.edu.vn"]);
    let port = s.base.rsplit(':').next().unwrap().to_string();
    // A rebound name (DNS rebinding): refused before any session is made, in Vietnamese.
    for host in ["evil.example".to_string(), format!("evil.example:{port}"), "127.0.0.1:1".into(), "".into(), format!("192.168.1.5:{port}")] {
        let headers: Vec<(&str, &str)> = if host.is_empty() { vec![] } else { vec![("Host", host.as_str())] };
        let (status, body) = raw(&s.base, "GET", "/api/session", &headers, "");
        assert!(status == 421 || (host.is_empty() && status == 400), "Host {host:?}: {status} {body}");
        if status == 421 {
            assert!(!body.contains("csrf"), "{body}");
            assert!(body.contains("không phục vụ địa chỉ") && body.contains("--allowed-host"), "{body}");
        }
    }
    // The served address, the loopback names with the port, and the name added.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        "vanban.truong.edu.vn".into(),
        "vanban.truong.edu.vn:443".into(),
    ] {
        let (status, body) = raw(&s.base, "GET", "/api/session", &[("Host", &host)], "");
        assert_eq!(status, 200, "Host {host}: {body}");
        assert!(body.contains("csrf"), "{body}");
    }

    // Origin: a change sent by a page of another site is refused even with a good token.
    let mut c = Client::session(&s.base);
    let cookie = c.cookie.clone().unwrap();
    let csrf = c.csrf.clone().unwrap();
    let doc = starter(&mut c, "ke-hoach").to_string();
    let host = format!("127.0.0.1:{port}");
    let post = |origin: Option<&str>, extra: Option<(&str, &str)>| {
        let mut h = vec![("Host", host.as_str()), ("Cookie", cookie.as_str()), ("X-CSRF-Token", csrf.as_str()), ("Content-Type", "application/json")];
        if let Some(o) = origin {
            h.push(("Origin", o));
        }
        if let Some(e) = extra {
            h.push(e);
        }
        raw(&s.base, "POST", "/api/check", &h, &doc)
    };
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        "null".into(),
        "ftp://127.0.0.1".into(),
        format!("http://127.0.0.1:{}", port.parse::<u16>().unwrap() + 1),
    ] {
        let (status, body) = post(Some(&origin), None);
        assert_eq!(status, 403, "Origin {origin}: {body}");
        assert!(body.contains("gửi từ một trang khác"), "{body}");
    }
    let (status, body) = post(None, Some(("Sec-Fetch-Site", "cross-site")));
    assert_eq!(status, 403, "{body}");
    // The page itself (its own origin), another of the server's names (a reverse proxy's,
    // HTTPS), and a program that sends no Origin.
    for origin in [Some(format!("http://127.0.0.1:{port}")), Some(format!("http://localhost:{port}")), Some("https://vanban.truong.edu.vn".into()), None] {
        let (status, body) = post(origin.as_deref(), Some(("Sec-Fetch-Site", "same-origin")));
        assert_eq!(status, 200, "Origin {origin:?}: {body}");
        assert!(body.contains("chan_doan"), "{body}");
    }
    // Reading is not a change: a GET with another Origin (a link followed) is answered.
    let (status, _) = raw(&s.base, "GET", "/api/kinds", &[("Host", &host), ("Origin", "http://evil.example")], "");
    assert_eq!(status, 200);
}

#[test]
fn on_every_address_the_machines_addresses_are_answered_but_not_other_names() {
    let s = Server::start(&["--host", "0.0.0.0", "--token", "ma-truy-cap-cua-phong"]);
    let port = s.base.rsplit(':').next().unwrap().to_string();
    let (status, _) = raw(&s.base, "GET", "/api/session", &[("Host", &format!("192.168.1.5:{port}"))], "");
    assert_eq!(status, 200);
    let (status, body) = raw(&s.base, "GET", "/api/session", &[("Host", &format!("vanban.local:{port}"))], "");
    assert_eq!(status, 421, "{body}");
}

/// Issue 26, item 7: an empty place name under a letterhead is flagged at its field, in
/// Vietnamese (the CLI's `check` too: tests/invalid/empty-place-name.json).
#[test]
fn an_empty_place_name_is_flagged_at_its_field() {
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    let mut doc = starter(&mut c, "cong-van");
    doc["dia_danh"] = json!("");
    let all = c.post_json("/api/check", &doc).json();
    let d = all["chan_doan"].as_array().unwrap().iter().find(|d| d["ma"] == "missing-place").cloned().unwrap_or_else(|| panic!("{all}"));
    assert_eq!(d["duong_dan"], "dia_danh");
    assert!(d["thong_bao"].as_str().unwrap().starts_with("Địa danh: chưa ghi — dòng ngày tháng sẽ in"), "{d}");
    doc["dia_danh"] = json!("Đà Nẵng");
    let all = c.post_json("/api/check", &doc).json();
    assert!(!all["chan_doan"].as_array().unwrap().iter().any(|d| d["ma"] == "missing-place"), "{all}");
}

/// Logs `user` in: a client with the logged-in session and its token.
fn logged_in(base: &str, user: &str, password: &str) -> Client {
    let mut c = Client::session(base);
    let r = c.post_json("/api/login", &json!({ "ten": user, "mat_khau": password }));
    assert_eq!(r.status, 200, "{}", r.text());
    c.csrf = r.json()["csrf"].as_str().map(str::to_string);
    c
}

/// Issue 26, item 5: with accounts, each account's drafts are kept on the server (beside the
/// password file), its own only, across restarts; without accounts, none are.
#[test]
fn drafts_are_kept_per_account_with_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tai-khoan.txt");
    add_user(&file, "vanthu", "mat-khau-dai-1");
    add_user(&file, "hieupho", "mat-khau-dai-2");
    let args = ["--host", "0.0.0.0", "--password-file", file.to_str().unwrap()];
    let s = Server::start(&args);
    let mut a = logged_in(&s.base, "vanthu", "mat-khau-dai-1");
    assert_eq!(a.get("/api/session").json()["ban_nhap_may_chu"], true);
    assert_eq!(a.get("/api/drafts").json(), json!({ "ban_nhap": [] }));
    let drafts =
        json!([{ "id": "n1", "loai": "ke-hoach", "tieu_de": "Kế hoạch Hội khỏe Phù Đổng", "luc": "2026-12-06T08:00:00Z", "doc": { "loai": "ke-hoach" } }]);
    let r = a.post_json("/api/drafts", &drafts);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(a.get("/api/drafts").json()["ban_nhap"], drafts);
    // Another account sees its own (none); nobody without a login or without the token.
    let mut b = logged_in(&s.base, "hieupho", "mat-khau-dai-2");
    assert_eq!(b.get("/api/drafts").json()["ban_nhap"], json!([]));
    assert_eq!(Client::session(&s.base).get("/api/drafts").status, 401);
    let token = a.csrf.take();
    assert_eq!(a.post_json("/api/drafts", &json!([])).status, 403);
    a.csrf = token;
    // Not a list of drafts: refused, in Vietnamese; the drafts kept as they were.
    let r = a.post_json("/api/drafts", &json!({ "id": "n1" }));
    assert_eq!(r.status, 400);
    assert!(r.json()["loi"].as_str().unwrap().contains("Danh sách bản nháp"));
    // Kept across a restart, in a folder beside the password file.
    drop(s);
    assert!(dir.path().join("tai-khoan.txt.ban-nhap").is_dir());
    let s = Server::start(&args);
    let mut a = logged_in(&s.base, "vanthu", "mat-khau-dai-1");
    assert_eq!(a.get("/api/drafts").json()["ban_nhap"], drafts);
    // A damaged file: said, not shown as no drafts.
    let kept = std::fs::read_dir(dir.path().join("tai-khoan.txt.ban-nhap")).unwrap().next().unwrap().unwrap().path();
    std::fs::write(&kept, "[{\"id\": \"n1\", ").unwrap();
    let r = a.get("/api/drafts");
    assert_eq!(r.status, 500);
    assert!(r.json()["loi"].as_str().unwrap().contains("bị hỏng"), "{}", r.text());
    drop(s);

    // Without accounts: the browser's storage only.
    let s = Server::start(&[]);
    let mut c = Client::session(&s.base);
    assert_eq!(c.get("/api/session").json()["ban_nhap_may_chu"], false);
    assert_eq!(c.get("/api/drafts").status, 404);
    assert_eq!(c.post_json("/api/drafts", &json!([])).status, 404);
}
