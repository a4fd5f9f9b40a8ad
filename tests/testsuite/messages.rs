//! Every message in the language of the user: the CLI speaks Vietnamese under a Vietnamese
//! locale (`LANG=vi_VN.UTF-8`, or LC_ALL / LC_MESSAGES) and English otherwise, `--lang vi|en`
//! over both; the CSVs it writes (headers and messages) follow. The catalogue itself (every
//! code in both languages, the variables of each text) is held by `messages::tests`.

use std::path::Path;
use std::process::{Command, Output};

/// `vanban ARGS…` with exactly the locale variables `env` (the runner's own removed).
fn vanban_in(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run vanban")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A Kế hoạch with an unknown field (line 5), a KT. without the title signed for, and no
/// place name: errors and a warning, each at its line.
fn bad_document(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("sai.json");
    let text = r#"{
  "loai": "ke-hoach",
  "co_quan": { "ten": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "viet_tat": "SGDĐT" },
  "ngay": "2026-03-02",
  "truong_la": 1,
  "dia_danh": "",
  "trich_yeu": "Kế hoạch kiểm tra",
  "noi_dung": ["Nội dung./."],
  "ky": { "hinh_thuc": "KT", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A" },
  "noi_nhan": ["Như trên;", "Lưu: VT."]
}
"#;
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn check_speaks_vietnamese_under_a_vietnamese_locale_and_english_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let doc = bad_document(dir.path());
    let file = doc.to_str().unwrap();

    let vi = vanban_in(&[("LANG", "vi_VN.UTF-8")], &["check", file]);
    assert_eq!(vi.status.code(), Some(1));
    let e = stderr(&vi);
    // The place (file:line:col) and the code as in English; the words Vietnamese.
    assert!(e.contains(&format!("lỗi[unknown-field]: {file}:5:13: `truong_la`: Trường `truong_la` không có trong mẫu văn bản.")), "{e}");
    assert!(e.contains("gợi ý: Xóa trường này hoặc sửa lại tên"), "{e}");
    assert!(e.contains("Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo"), "{e}");
    assert!(!e.contains("error") && !e.contains("hint:") && !e.contains("unknown field"), "{e}");

    // The document read (the unknown field taken out): the rules of the decree, in Vietnamese.
    let fixed = std::fs::read_to_string(&doc).unwrap().replace("  \"truong_la\": 1,\n", "");
    std::fs::write(&doc, fixed).unwrap();
    let vi = vanban_in(&[("LC_ALL", "vi_VN.UTF-8")], &["check", file]);
    let e = stderr(&vi);
    assert!(e.contains(&format!("lỗi[missing-signing-for]: {file}:8:")) && e.contains("Ký `KT.` cần ghi chức vụ được ký thay"), "{e}");
    assert!(e.contains(&format!("cảnh báo[missing-place]: {file}:5:15: `dia_danh`: Địa danh: chưa ghi")), "{e}");

    // --lang en over a Vietnamese locale; no locale at all (CI) is English too.
    for o in [vanban_in(&[("LANG", "vi_VN.UTF-8")], &["--lang", "en", "check", file]), vanban_in(&[], &["check", file])] {
        let e = stderr(&o);
        assert!(e.contains(&format!("error[missing-signing-for]: {file}:8:")) && e.contains("`KT.` needs the title it signs for"), "{e}");
        assert!(e.contains("warning[missing-place]") && e.contains("hint: write where the agency is"), "{e}");
        assert!(e.contains("1 file(s) checked: 1 error(s), 1 warning(s)"), "{e}");
    }
    // --lang vi over an English locale; LC_MESSAGES over LANG.
    assert!(stderr(&vanban_in(&[("LANG", "en_US.UTF-8")], &["--lang", "vi", "check", file])).contains("lỗi[missing-signing-for]"));
    assert!(stderr(&vanban_in(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "vi_VN.UTF-8")], &["check", file])).contains("lỗi[missing-signing-for]"));
    assert!(stderr(&vanban_in(&[("LANG", "vi_VN.UTF-8"), ("LC_ALL", "C")], &["check", file])).contains("error[missing-signing-for]"));

    // The JSON output keeps its codes and speaks the language too.
    let json = vanban_in(&[("LANG", "vi_VN.UTF-8")], &["check", file, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let kt = v.as_array().unwrap().iter().find(|d| d["code"] == "missing-signing-for").unwrap();
    assert_eq!(kt["message"], "Ký `KT.` cần ghi chức vụ được ký thay (ô “Chức vụ được ký thay”).");
}

#[test]
fn bulk_failures_csv_follows_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("truong.csv");
    // One school without its name: the template's placeholder has no value; no document.
    std::fs::write(
        &rows,
        "stt,truong.ma,truong.ten,truong.cap,truong.xa,truong.hieu_truong,truong.dien_thoai,ky.quy,ky.nam,so_cbql,so_gv,so_hs,cbql_hoan_thanh,\
         gv_hoan_thanh,hs_tai_khoan,hs_hoan_thanh,so_lop_tap_huan,kinh_phi,kho_khan,de_xuat\n\
         1,TH-0001,,Tiểu học,Xã A,Nguyễn Văn A,,3,2026,2,20,300,2,20,300,250,1,0,,\n",
    )
    .unwrap();
    for (lang, header, message, summary) in [
        ("vi", "Dòng,Cột dữ liệu,Thông báo", "Chỗ điền `{{truong.ten}}` không có giá trị.", "Đã đọc 1 dòng, ghi 0 văn bản, 1 dòng lỗi"),
        ("en", "row,field,message", "placeholder `{{truong.ten}}` has no value", "rows read: 1, documents written: 0, rows failed: 1"),
    ] {
        let out = dir.path().join(lang);
        let o = vanban_in(
            &[("LANG", "vi_VN.UTF-8")],
            &["--lang", lang, "bulk", "phieu-bao-cao-quy", "--rows", rows.to_str().unwrap(), "--out-dir", out.to_str().unwrap(), "--format", "pdf"],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(summary), "{}", stderr(&o));
        let csv = std::fs::read_to_string(out.join("failures.csv")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(header), "{csv}");
        let row = lines.next().unwrap_or_default();
        assert!(row.starts_with("2,truong.ten,") && row.contains(message), "{csv}");
    }
}
