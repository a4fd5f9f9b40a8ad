//! `vanban register`: numbers taken once (8 processes at a time), written into the document,
//! the year's rollover, void numbers, the book exported, a process killed while issuing, and
//! every kind of bad register file — read back from the register (SQLite), the PDF's text,
//! the exported CSV and XLSX.

use crate::common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A Kế hoạch of the Sở, unnumbered, dated `date`, with `summary`.
fn doc(dir: &Path, name: &str, date: &str, summary: &str) -> PathBuf {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(sample("ke-hoach-so-gddt-quang-ngai")).unwrap()).unwrap();
    let m = v.as_object_mut().unwrap();
    m.remove("so");
    m.remove("ky_hieu");
    m.insert("ngay".into(), json!(date));
    m.insert("trich_yeu".into(), json!(summary));
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    p
}

fn reg(db: &Path, args: &[&str]) -> std::process::Output {
    reg_at(s(db), args)
}

/// `vanban register --register LOCATION ARGS…` (a file or a PostgreSQL URL).
fn reg_at(location: &str, args: &[&str]) -> std::process::Output {
    let mut a = vec!["register", "--register", location];
    a.extend_from_slice(args);
    vanban(&a)
}

/// A fresh database on the test server (`VANBAN_TEST_POSTGRES`, which `bash tests/run.sh`
/// sets after starting one): its URL. Without a server the PostgreSQL tests fail.
fn pg_database() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let admin = std::env::var("VANBAN_TEST_POSTGRES")
        .expect("VANBAN_TEST_POSTGRES must name a PostgreSQL server for the register tests: `bash tests/run.sh` starts one");
    let name = format!("vanban_t{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed));
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| panic!("the test PostgreSQL server at {admin}: {e}"));
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    format!("{}/{name}", &admin[..admin.rfind('/').unwrap()])
}

/// (number, year) of every entry of a PostgreSQL register, in order.
fn pg_entries(url: &str) -> Vec<(u32, i32)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query("SELECT number, year FROM vanban_entries ORDER BY year, number", &[]).unwrap().iter().map(|r| (r.get::<_, i32>(0) as u32, r.get(1))).collect()
}

/// Waits until `child` (run with `VANBAN_FAULT_AT`) says it is at its fault point: its
/// standard error for the rest, and what it said.
fn at_fault_point(child: &mut std::process::Child) -> (std::process::ChildStderr, String) {
    let mut err = child.stderr.take().unwrap();
    let mut buf = [0u8; 256];
    let mut seen = String::new();
    while !seen.contains("fault point") {
        let n = std::io::Read::read(&mut err, &mut buf).unwrap();
        assert!(n > 0, "the child ended before the fault point: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    (err, seen)
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// (number, symbol, date, void?) of every entry, straight from the SQLite file.
fn entries(db: &Path) -> Vec<(u32, i32, String, bool)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT number, year, symbol, void_at IS NOT NULL FROM entries ORDER BY year, number").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn numbers_are_taken_in_order_written_into_the_document_and_given_again_to_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let a = doc(dir.path(), "a.json", "2026-03-02", "Kế hoạch A");
    let b = doc(dir.path(), "b.json", "2026-03-03", "Kế hoạch B");
    let pdf = dir.path().join("a.pdf");
    let o = reg(&db, &["issue", s(&a), "-o", s(&pdf)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("created the register"), "{}", stderr(&o));
    assert!(stdout(&o).contains("Số: 01/KH-SGDĐT"), "{}", stdout(&o));
    assert!(pdftotext(&pdf).contains("Số: 01/KH-SGDĐT"), "the number is in the PDF");
    let o = reg(&db, &["issue", s(&b)]);
    assert!(stdout(&o).contains("Số: 02/KH-SGDĐT"));
    // The same document again: its number, no new one.
    let o = reg(&db, &["issue", s(&a)]);
    assert!(stdout(&o).contains("Số: 01/KH-SGDĐT (issued before)"), "{}", stdout(&o));
    assert_eq!(entries(&db).len(), 2);
    // Written back into the JSON, atomically; issuing it again finds it.
    let c = doc(dir.path(), "c.json", "2026-03-04", "Kế hoạch C");
    let o = reg(&db, &["issue", s(&c), "--write-back"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&c).unwrap()).unwrap();
    assert_eq!(v["so"], 3);
    let o = reg(&db, &["issue", s(&c)]);
    assert!(stdout(&o).contains("Số: 03/KH-SGDĐT (issued before)"), "{}", stdout(&o));
    // A document carrying a number taken by another: refused, naming it.
    let mut d: Value = serde_json::from_str(&std::fs::read_to_string(doc(dir.path(), "d.json", "2026-04-01", "Kế hoạch D")).unwrap()).unwrap();
    d["so"] = json!(2);
    std::fs::write(dir.path().join("d.json"), d.to_string()).unwrap();
    let o = reg(&db, &["issue", s(&dir.path().join("d.json"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("number 02 of 2026 is taken: 02/KH-SGDĐT of 2026-03-03, “Kế hoạch B”"), "{}", stderr(&o));
    // … and a free one is recorded as it is.
    d["so"] = json!(9);
    std::fs::write(dir.path().join("d.json"), d.to_string()).unwrap();
    let o = reg(&db, &["issue", s(&dir.path().join("d.json"))]);
    assert!(stdout(&o).contains("Số: 09/KH-SGDĐT (the document's own number, recorded)"), "{}", stdout(&o));
    let o = reg(&db, &["issue", s(&doc(dir.path(), "e.json", "2026-04-02", "Kế hoạch E"))]);
    assert!(stdout(&o).contains("Số: 10/KH-SGDĐT"), "the next continues after the highest: {}", stdout(&o));
}

/// `doc` marked secret (`MẬT`).
fn secret(dir: &Path, name: &str, date: &str, summary: &str) -> PathBuf {
    let p = doc(dir, name, date, summary);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["do_mat"] = json!("mat");
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

/// Issues each document, returning what each was given (`01/KH-SGDĐT`).
fn issue_all(location: &str, docs: &[PathBuf]) -> Vec<String> {
    docs.iter()
        .map(|p| {
            let o = reg_at(location, &["issue", s(p)]);
            assert!(o.status.success(), "{}", stderr(&o));
            stdout(&o).split("Số: ").nth(1).unwrap().trim().to_string()
        })
        .collect()
}

#[test]
fn secret_documents_are_numbered_in_a_sequence_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("so-di.db");
    let got = issue_all(
        s(&db),
        &[
            doc(d, "a.json", "2026-03-02", "A"),
            secret(d, "m1.json", "2026-03-02", "M1"),
            doc(d, "b.json", "2026-03-03", "B"),
            secret(d, "m2.json", "2026-03-04", "M2"),
            doc(d, "c.json", "2026-03-05", "C"),
        ],
    );
    assert_eq!(got, ["01/KH-SGDĐT", "01/KH-SGDĐT", "02/KH-SGDĐT", "02/KH-SGDĐT", "03/KH-SGDĐT"]);
    let c = rusqlite::Connection::open(&db).unwrap();
    let seqs: Vec<(String, u32)> = c
        .prepare("SELECT sequence, number FROM entries ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(seqs, [("chung".into(), 1), ("mat".into(), 1), ("chung".into(), 2), ("mat".into(), 2), ("chung".into(), 3)]);
    // Voiding 01/KH-SGDĐT voids the ordinary one; --mat the secret one.
    assert!(reg(&db, &["void", "01/KH-SGDĐT", "--year", "2026", "--reason", "Nhầm"]).status.success());
    let void: Vec<(String, u32)> = c
        .prepare("SELECT sequence, number FROM entries WHERE void_at IS NOT NULL")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(void, [("chung".into(), 1)]);
    assert!(reg(&db, &["void", "2", "--mat", "--year", "2026", "--reason", "Hủy"]).status.success());
    let o = reg(&db, &["void", "2", "--mat", "--year", "2026", "--reason", "Hủy"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("02/KH-SGDĐT is already void"), "{}", stderr(&o));
    // The mark is on the document the register numbered.
    let pdf = d.join("m3.pdf");
    assert!(reg(&db, &["issue", s(&secret(d, "m3.json", "2026-03-06", "M3")), "-o", s(&pdf)]).status.success());
    let text = pdftotext(&pdf);
    assert!(text.contains("Số: 03/KH-SGDĐT") && text.contains("MẬT"), "{text}");
    // Two books: the ordinary documents', and the secret ones' apart (`--mat`).
    let (plain, secret_book, secret_pdf) = (d.join("so.csv"), d.join("mat.csv"), d.join("mat.pdf"));
    assert!(reg(&db, &["export", "--year", "2026", "-o", s(&plain)]).status.success());
    assert!(reg(&db, &["export", "--year", "2026", "--mat", "-o", s(&secret_book)]).status.success());
    let summaries = |p: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(p).unwrap();
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes()).records().map(|r| r.unwrap()[2].to_string()).collect()
    };
    let (a, b) = (summaries(&plain), summaries(&secret_book));
    assert_eq!(a.len(), 3, "{a:?}");
    assert!(a.iter().all(|x| !x.contains('M')), "no secret document in the ordinary book: {a:?}");
    assert_eq!(b.len(), 3, "{b:?}");
    assert!(b.iter().all(|x| x.contains('M')), "only secret documents in theirs: {b:?}");
    let o = reg(&db, &["export", "--year", "2026", "--mat", "-o", s(&secret_pdf)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdftotext(&secret_pdf).contains("SỔ ĐĂNG KÝ VĂN BẢN MẬT ĐI"));
}

/// The book's table as schema version 1 created it (the register of vanban before secret
/// documents had a sequence of their own).
const SCHEMA_1: &str = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('app', 'vanban-register'), ('schema_version', '1'), ('created_by', 'vanban 0.1.0');
    CREATE TABLE entries (id INTEGER PRIMARY KEY, issuer TEXT NOT NULL, agency TEXT NOT NULL, sequence TEXT NOT NULL, year INTEGER NOT NULL,
        number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9999), symbol TEXT NOT NULL, date TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
        signer TEXT NOT NULL, recipients TEXT NOT NULL, kept_by TEXT NOT NULL, copies INTEGER NOT NULL, sent TEXT NOT NULL DEFAULT '',
        received_by TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', hash TEXT NOT NULL, issued_at TEXT NOT NULL, void_at TEXT, void_by TEXT,
        void_reason TEXT, UNIQUE (issuer, sequence, year, number), UNIQUE (issuer, year, number, symbol));
    CREATE INDEX entries_hash ON entries (issuer, year, hash);
    INSERT INTO entries (issuer, agency, sequence, year, number, symbol, date, kind, summary, signer, recipients, kept_by, copies, hash, issued_at)
        VALUES ('SGDĐT', 'UBND TỈNH QUẢNG NGÃI\nSỞ GIÁO DỤC VÀ ĐÀO TẠO', 'chung', 2026, 1, 'KH-SGDĐT', '2026-01-05', 'Kế hoạch', 'Cũ', 'Nguyễn Văn A', '', 'VT', 1, 'x', '2026-01-05T08:00:00Z');";

#[test]
fn a_register_of_schema_version_1_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cu.db");
    rusqlite::Connection::open(&db).unwrap().execute_batch(SCHEMA_1).unwrap();
    let got = issue_all(s(&db), &[secret(dir.path(), "m.json", "2026-02-01", "M"), doc(dir.path(), "a.json", "2026-02-02", "A")]);
    assert_eq!(got, ["01/KH-SGDĐT", "02/KH-SGDĐT"], "the old entry kept its number; the secret one starts its own sequence");
    let c = rusqlite::Connection::open(&db).unwrap();
    let v: String = c.query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "2");
    let summaries: Vec<String> =
        c.prepare("SELECT summary FROM entries ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!(summaries, ["Cũ", "M", "A"]);
    // The number and symbol stay unique among the ordinary documents.
    let e = c.execute(
        "INSERT INTO entries (issuer, agency, sequence, year, number, symbol, date, kind, summary, signer, recipients, kept_by, copies, hash, issued_at)
         VALUES ('SGDĐT', '', 'KH', 2026, 2, 'KH-SGDĐT', '2026-02-03', 'Kế hoạch', 'X', '', '', '', 1, 'y', '')",
        [],
    );
    assert!(e.is_err(), "02/KH-SGDĐT twice among ordinary documents");
}

#[test]
fn render_numbers_from_the_register_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let (a, b) = (doc(dir.path(), "a.json", "2026-03-02", "A"), doc(dir.path(), "b.json", "2026-03-02", "B"));
    let out = dir.path().join("out");
    let o = vanban(&["render", s(&a), s(&b), "--out-dir", s(&out), "--register", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdftotext(&out.join("a.pdf")).contains("Số: 01/KH-SGDĐT") && pdftotext(&out.join("b.pdf")).contains("Số: 02/KH-SGDĐT"));
    assert!(docx_part(&out.join("b.docx"), "word/document.xml").contains("Số: 02/KH-SGDĐT"));
    // `VANBAN_REGISTER` names the register when --register has no value.
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["render", s(&a), "-o", s(&dir.path().join("a2.pdf")), "--register"])
        .env("VANBAN_REGISTER", &db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(pdftotext(&dir.path().join("a2.pdf")).contains("Số: 01/KH-SGDĐT"), "the same document, its number");
}

/// 8 processes issuing 100 documents each at the same time against `location`.
fn race(dir: &Path, location: &str) {
    // The register exists before the race (its creation is one process's).
    let o = reg_at(location, &["issue", s(&doc(dir, "first.json", "2026-01-02", "Đầu tiên"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut children = Vec::new();
    for p in 0..8 {
        let files: Vec<PathBuf> = (0..100).map(|i| doc(dir, &format!("p{p}-{i}.json"), "2026-05-05", &format!("Văn bản {p}-{i}"))).collect();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
        cmd.args(["register", "--register", location, "issue"]).args(&files).stdout(Stdio::piped()).stderr(Stdio::piped());
        children.push(cmd.spawn().unwrap());
    }
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 100);
    }
}

#[test]
fn eight_processes_issuing_100_documents_each_end_with_800_numbers_without_duplicates_or_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    race(dir.path(), s(&db));
    let numbers: Vec<u32> = entries(&db).iter().map(|e| e.0).collect();
    assert_eq!(numbers, (1..=801).collect::<Vec<_>>(), "801 numbers, 01 to 801, none twice, none missing");
}

#[test]
fn postgres_eight_processes_issuing_100_documents_each_end_with_800_numbers_without_duplicates_or_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let url = pg_database();
    race(dir.path(), &url);
    let numbers: Vec<u32> = pg_entries(&url).iter().map(|e| e.0).collect();
    assert_eq!(numbers, (1..=801).collect::<Vec<_>>(), "801 numbers, 01 to 801, none twice, none missing");
}

#[test]
fn postgres_register_gives_the_same_answers_as_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = pg_database();
    let a = doc(dir.path(), "a.json", "2026-12-31", "A");
    let out = |o: std::process::Output| {
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    assert!(out(reg_at(&url, &["issue", s(&a)])).contains("Số: 01/KH-SGDĐT"));
    assert!(out(reg_at(&url, &["issue", s(&a)])).contains("(issued before)"));
    // A secret document: a sequence of its own, the same number and symbol allowed.
    assert_eq!(
        issue_all(&url, &[secret(dir.path(), "m.json", "2026-12-31", "M"), secret(dir.path(), "n.json", "2026-12-31", "N")]),
        ["01/KH-SGDĐT", "02/KH-SGDĐT"]
    );
    assert!(reg_at(&url, &["void", "2", "--mat", "--year", "2026", "--reason", "Hủy"]).status.success());
    assert!(out(reg_at(&url, &["issue", s(&doc(dir.path(), "b.json", "2027-01-01", "B"))])).contains("Số: 01/KH-SGDĐT"), "a new year, 01");
    assert!(reg_at(&url, &["void", "1", "--year", "2027", "--reason", "Nhầm năm"]).status.success());
    assert!(out(reg_at(&url, &["issue", s(&doc(dir.path(), "c.json", "2027-01-02", "C"))])).contains("Số: 02/KH-SGDĐT"), "a void number is not reused");
    let csv = dir.path().join("so.csv");
    assert!(reg_at(&url, &["export", "--year", "2027", "-o", s(&csv)]).status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("01/KH-SGDĐT,01/01/2027") && text.contains("Hủy số: Nhầm năm"), "{text}");
    // A database whose vanban_meta is another application's is refused untouched.
    let other = pg_database();
    postgres::Client::connect(&other, postgres::NoTls)
        .unwrap()
        .batch_execute("CREATE TABLE vanban_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO vanban_meta VALUES ('app', 'khac');")
        .unwrap();
    let o = reg_at(&other, &["issue", s(&a)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a vanban register"), "{}", stderr(&o));
    // A damaged schema version: said with what was found, not taken as version 0.
    let damaged = pg_database();
    postgres::Client::connect(&damaged, postgres::NoTls)
        .unwrap()
        .batch_execute(
            "CREATE TABLE vanban_meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO vanban_meta VALUES ('app', 'vanban-register'), ('schema_version', 'x2');",
        )
        .unwrap();
    let o = reg_at(&damaged, &["issue", s(&a)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the schema version in vanban_meta is “x2”"), "{}", stderr(&o));
    // No server: a clear error.
    let o = reg_at("postgres://postgres@127.0.0.1:1/khong_co", &["issue", s(&a)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the PostgreSQL server cannot be reached"), "{}", stderr(&o));
}

#[test]
fn postgres_server_going_away_mid_issue_takes_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let url = pg_database();
    assert!(reg_at(&url, &["issue", s(&doc(dir.path(), "0.json", "2026-02-02", "Văn bản 0"))]).status.success());
    let a = doc(dir.path(), "a.json", "2026-02-03", "Văn bản A");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["register", "--register", &url, "issue", s(&a)])
        .env("VANBAN_FAULT_AT", "in-transaction")
        .env("VANBAN_FAULT_PAUSE_MS", "3000")
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut err, seen) = at_fault_point(&mut child);
    // The server drops the clerk's connection in the middle of the transaction.
    let db = url.rsplit('/').next().unwrap().to_string();
    let admin = std::env::var("VANBAN_TEST_POSTGRES").unwrap();
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let killed: i64 = c
        .query_one("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t", &[&db])
        .unwrap()
        .get(0);
    assert!(killed >= 1);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{seen}{rest}");
    assert!(rest.contains("the PostgreSQL server cannot be reached or went away"), "{rest}");
    assert_eq!(pg_entries(&url), [(1, 2026)], "no number half-taken");
    let o = reg_at(&url, &["issue", s(&a)]);
    assert!(stdout(&o).contains("Số: 02/KH-SGDĐT"), "{}", stdout(&o));
}

#[test]
fn the_year_rolls_over_on_the_first_of_january() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    for (i, date) in ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"].iter().enumerate() {
        assert!(reg(&db, &["issue", s(&doc(dir.path(), &format!("{i}.json"), date, &format!("Văn bản {i}")))]).status.success());
    }
    let e = entries(&db);
    assert_eq!(e.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), [(1, 2026), (2, 2026), (1, 2027), (2, 2027)]);
}

#[test]
fn a_kind_with_its_own_sequence_counts_apart_and_restarts_each_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let o = reg(&db, &["config", "--theo-loai", "QĐ"]);
    assert!(o.status.success() && stderr(&o).contains("a sequence of their own: QĐ"), "{}", stderr(&o));
    let qd = |name: &str, date: &str| {
        let p = doc(dir.path(), name, date, name);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        v["loai"] = json!("quyet-dinh");
        v["tham_quyen"] = json!("GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO");
        std::fs::write(&p, v.to_string()).unwrap();
        p
    };
    let mut got = Vec::new();
    for p in [
        doc(dir.path(), "k1.json", "2026-12-30", "K1"),
        qd("q1.json", "2026-12-30"),
        doc(dir.path(), "k2.json", "2026-12-31", "K2"),
        qd("q2.json", "2026-12-31"),
        qd("q3.json", "2027-01-01"),
        doc(dir.path(), "k3.json", "2027-01-01", "K3"),
    ] {
        let o = reg(&db, &["issue", s(&p)]);
        assert!(o.status.success(), "{}", stderr(&o));
        got.push(stdout(&o).split("Số: ").nth(1).unwrap().trim().to_string());
    }
    assert_eq!(got, ["01/KH-SGDĐT", "01/QĐ-SGDĐT", "02/KH-SGDĐT", "02/QĐ-SGDĐT", "01/QĐ-SGDĐT", "01/KH-SGDĐT"]);
    // Number 01 of 2027 is in two sequences: voiding it needs its symbol.
    let o = reg(&db, &["void", "1", "--year", "2027", "--reason", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("give the number with its symbol: 01/QĐ-SGDĐT, 01/KH-SGDĐT")
            || stderr(&o).contains("give the number with its symbol: 01/KH-SGDĐT, 01/QĐ-SGDĐT"),
        "{}",
        stderr(&o)
    );
    assert!(reg(&db, &["void", "01/QĐ-SGDĐT", "--year", "2027", "--reason", "Ký nhầm"]).status.success());
}

/// An advisory body issuing under the agency's seal (its abbreviation in the symbol,
/// `QĐ-HĐTĐKT`) keeps a sequence of its own once configured; before that its documents share
/// the agency's. Secret documents and copies keep theirs too.
#[test]
fn an_advisory_body_under_the_agency_s_seal_has_a_sequence_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let council = |name: &str, date: &str| {
        let p = doc(dir.path(), name, date, name);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        v["loai"] = json!("quyet-dinh");
        v["tham_quyen"] = json!("HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG");
        v["ky_hieu"] = json!("QĐ-HĐTĐKT");
        std::fs::write(&p, v.to_string()).unwrap();
        p
    };
    let number = |p: &Path| {
        let o = reg(&db, &["issue", s(p)]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).split("Số: ").nth(1).unwrap().trim().to_string()
    };
    // Unconfigured: one sequence for the agency.
    assert_eq!(number(&doc(dir.path(), "k1.json", "2025-03-02", "K1")), "01/KH-SGDĐT");
    assert_eq!(number(&council("h1.json", "2025-03-03")), "02/QĐ-HĐTĐKT");
    // Configured mid-year, the body's own sequence steps over the 02/QĐ-HĐTĐKT its
    // documents took in the agency's: number and symbol stay unique in the year.
    let o = reg(&db, &["config", "--hoi-dong", "HĐTĐKT"]);
    assert!(o.status.success());
    assert_eq!(number(&council("h0a.json", "2025-03-04")), "01/QĐ-HĐTĐKT");
    assert_eq!(number(&council("h0b.json", "2025-03-05")), "03/QĐ-HĐTĐKT");
    assert!(reg(&db, &["config", "--hoi-dong", ""]).status.success());
    let o = reg(&db, &["config", "--hoi-dong", "HĐTĐKT"]);
    assert!(o.status.success() && stderr(&o).contains("advisory bodies, each with a sequence of its own: HĐTĐKT"), "{}", stderr(&o));
    // A kind configured later keeps the advisory body (and the other way round).
    let o = reg(&db, &["config", "--theo-loai", "TB"]);
    assert!(o.status.success() && stderr(&o).contains("HĐTĐKT") && stderr(&o).contains("a sequence of their own: TB"), "{}", stderr(&o));
    assert_eq!(number(&council("h2.json", "2026-03-04")), "01/QĐ-HĐTĐKT");
    assert_eq!(number(&doc(dir.path(), "k2.json", "2026-03-05", "K2")), "01/KH-SGDĐT");
    assert_eq!(number(&council("h3.json", "2026-03-06")), "02/QĐ-HĐTĐKT");
    // Upper and lower case of the same abbreviation are the same body.
    let o = reg(&db, &["config", "--hoi-dong", "hđtđkt"]);
    assert!(o.status.success());
    assert_eq!(number(&council("h4.json", "2026-03-07")), "03/QĐ-HĐTĐKT");
    // Removed: back to the agency's sequence.
    let o = reg(&db, &["config", "--hoi-dong", ""]);
    assert!(o.status.success() && !stderr(&o).contains("advisory bodies"), "{}", stderr(&o));
    assert_eq!(number(&doc(dir.path(), "k3.json", "2027-01-04", "K3")), "01/KH-SGDĐT");
    assert_eq!(number(&council("h5.json", "2027-01-05")), "02/QĐ-HĐTĐKT");
}

#[test]
fn a_void_number_stays_in_the_book_with_its_reason_and_is_never_given_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    for i in 0..3 {
        reg(&db, &["issue", s(&doc(dir.path(), &format!("{i}.json"), "2026-02-02", &format!("Văn bản {i}")))]);
    }
    let o = reg(&db, &["void", "3", "--year", "2026", "--reason", "Trùng nội dung với số 02"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = reg(&db, &["issue", s(&doc(dir.path(), "n.json", "2026-02-03", "Văn bản mới"))]);
    assert!(stdout(&o).contains("Số: 04/KH-SGDĐT"), "a void number is not reused: {}", stdout(&o));
    // Issuing the voided document again gives it a new number, not the void one.
    let o = reg(&db, &["issue", s(&dir.path().join("2.json"))]);
    assert!(stdout(&o).contains("Số: 05/KH-SGDĐT"), "{}", stdout(&o));
    let csv = dir.path().join("so.csv");
    assert!(reg(&db, &["export", "--year", "2026", "-o", s(&csv)]).status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    let line = text.lines().find(|l| l.starts_with("03/KH-SGDĐT")).unwrap();
    assert!(line.contains("Hủy số: Trùng nội dung với số 02"), "{line}");
    let o = reg(&db, &["list", "--year", "2026", "--search", "trung noi dung"]);
    assert!(stdout(&o).contains("03/KH-SGDĐT"), "{}", stdout(&o));
}

#[test]
fn the_book_exports_with_its_ten_columns_as_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    reg(&db, &["issue", s(&doc(dir.path(), "a.json", "2026-06-30", "Thực hiện phong trào “Bình dân học vụ số”"))]);
    let (csv, xlsx) = (dir.path().join("so.csv"), dir.path().join("so.xlsx"));
    assert!(reg(&db, &["export", "--year", "2026", "-o", s(&csv)]).status.success());
    assert!(reg(&db, &["export", "--year", "2026", "-o", s(&xlsx)]).status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, vanban::register::book::HEADERS);
    let row: Vec<String> = r.records().next().unwrap().unwrap().iter().map(str::to_string).collect();
    assert_eq!(row[0], "01/KH-SGDĐT");
    assert_eq!(row[1], "30/06/2026");
    assert_eq!(row[2], "Kế hoạch Thực hiện phong trào “Bình dân học vụ số”");
    assert_eq!(row[3], "Nguyễn Ngọc Thái");
    assert!(row[4].contains("Lãnh đạo Sở") && !row[4].contains("Lưu"), "{}", row[4]);
    assert_eq!(row[5], "VT, VP");
    // The workbook: the ten headers under the title, the date a date cell.
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let sheet = wb.worksheet_range(&wb.sheet_names()[0].clone()).unwrap();
    let heads: Vec<String> = (0..10).map(|c| sheet.get((1, c)).unwrap().to_string()).collect();
    assert_eq!(heads, vanban::register::book::HEADERS);
    assert!(matches!(sheet.get((2, 1)), Some(Data::DateTime(_))), "{:?}", sheet.get((2, 1)));
    assert_eq!(sheet.get((2, 0)).unwrap().to_string(), "01/KH-SGDĐT");
    // LibreOffice opens both with the ten columns: the workbook saved as CSV, the CSV
    // (read as UTF-8, comma-separated) saved as a workbook.
    let lo = |input: &Path, to: &str, out: &Path, filter: Option<&str>| {
        let mut cmd = Command::new("soffice");
        cmd.arg(format!("-env:UserInstallation=file://{}", dir.path().join("lo-profile").display())).arg("--headless");
        if let Some(f) = filter {
            cmd.arg(format!("--infilter={f}"));
        }
        let o = cmd.args(["--convert-to", to, "--outdir"]).arg(out).arg(input).output().expect("soffice (libreoffice-calc-nogui)");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let (out_x, out_c) = (dir.path().join("lo-x"), dir.path().join("lo-c"));
    lo(&xlsx, "csv:Text - txt - csv (StarCalc):44,34,76", &out_x, None);
    let from_xlsx = std::fs::read_to_string(out_x.join("so.csv"))
        .unwrap_or_else(|e| panic!("LibreOffice did not open the XLSX ({e}): is libreoffice-calc-nogui installed?"));
    assert!(from_xlsx.lines().nth(1).unwrap().starts_with("\"Số, ký hiệu văn bản\",Ngày tháng văn bản,"), "{from_xlsx}");
    assert!(from_xlsx.lines().nth(2).unwrap().starts_with("01/KH-SGDĐT,30/06/2026,"), "{from_xlsx}");
    lo(&csv, "xlsx", &out_c, Some("CSV:44,34,76"));
    let mut wb = open_workbook_auto(out_c.join("so.xlsx")).unwrap();
    let sheet = wb.worksheet_range(&wb.sheet_names()[0].clone()).unwrap();
    let heads: Vec<String> = (0..10).map(|c| sheet.get((0, c)).unwrap().to_string()).collect();
    assert_eq!(heads, vanban::register::book::HEADERS);
    assert_eq!(sheet.get((1, 0)).unwrap().to_string(), "01/KH-SGDĐT");
}

#[test]
fn the_book_prints_as_a4_landscape_with_a_cover_its_columns_on_every_page_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let files: Vec<PathBuf> =
        (1..=40).map(|i| doc(dir.path(), &format!("{i}.json"), "2026-03-02", &format!("Văn bản số {i} về việc triển khai nhiệm vụ năm học"))).collect();
    let mut args = vec!["issue"];
    args.extend(files.iter().map(|f| s(f)));
    assert!(reg(&db, &args).status.success());
    reg(&db, &["void", "7", "--year", "2026", "--reason", "Ký nhầm"]);
    let pdf = dir.path().join("so.pdf");
    let o = reg(&db, &["export", "--year", "2026", "-o", s(&pdf)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info = pdfinfo(&pdf);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "landscape A4: {info}");
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages >= 3, "a cover and more than one page of entries: {pages}");
    let lines = text_lines(&pdf);
    let page = |n: usize| lines.iter().filter(|l| l.page == n).collect::<Vec<_>>();
    let cover: Vec<&str> = page(1).iter().map(|l| l.text.as_str()).collect();
    assert_eq!(cover, ["UBND TỈNH QUẢNG NGÃI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm 2026", "Từ số 01 đến số 40 (40 số)"]);
    for n in 2..=pages {
        let p = page(n);
        assert_eq!(p[0].text, n.to_string(), "page {n} is numbered at its top");
        assert!(
            p.iter().any(|l| l.text.contains("Số, ký hiệu")) && p.iter().any(|l| l.text.contains("Ghi chú (10)")),
            "page {n} repeats the ten columns' header"
        );
        // Inside the decree's margins: left 30 mm, right 15 mm (of 297 mm).
        for l in &p {
            assert!(l.x0 >= 30.0 / 25.4 * 72.0 - 1.0 && l.x1 <= (297.0 - 15.0) / 25.4 * 72.0 + 1.0, "page {n}: `{}` outside the margins", l.text);
        }
    }
    let all: String = lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join(" ");
    assert!(all.contains("01/KH-SGDĐT") && all.contains("40/KH-SGDĐT") && all.contains("Hủy số: Ký nhầm"), "{all}");
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.lines().skip(2).all(|l| l.contains("VanbanSerif") && l.contains(" yes yes yes ")), "embedded, subset, with Unicode: {fonts}");
}

#[test]
fn an_excel_register_is_imported_and_the_numbers_continue_after_it() {
    let dir = tempfile::tempdir().unwrap();
    // A book kept in Excel: a title, the ten columns, three numbers (one dated as a date cell).
    let xlsx = dir.path().join("so-cu.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sh = wb.add_worksheet();
        sh.write_string(0, 0, "SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2026").unwrap();
        for (c, h) in vanban::register::book::HEADERS.iter().enumerate() {
            sh.write_string(1, c as u16, *h).unwrap();
        }
        let rows = [
            ["01/KH-SGDĐT", "05/01/2026", "Kế hoạch Tuyển sinh năm học 2026-2027", "Nguyễn Ngọc Thái", "Các trường THPT", "VT, QLCL", "5"],
            ["02/SGDĐT-VP", "", "Công văn V/v báo cáo số liệu", "Trần Văn B", "Phòng GDĐT", "VT, VP", "2"],
            ["03/QĐ-SGDĐT", "20/01/2026", "Quyết định Khen thưởng", "Nguyễn Ngọc Thái", "Như Điều 3", "VT, TCCB", "3"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sh.write_string(r as u32 + 2, c as u16, *v).unwrap();
            }
        }
        sh.write_datetime(3, 1, rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 12).unwrap()).unwrap();
        wb.save(&xlsx).unwrap();
    }
    let db = dir.path().join("so-di.db");
    let o = reg(&db, &["import", s(&xlsx)]);
    assert!(o.status.success() && stderr(&o).contains("imported 3 number(s)"), "{}", stderr(&o));
    let o = reg(&db, &["issue", s(&doc(dir.path(), "a.json", "2026-02-01", "Mới"))]);
    assert!(stdout(&o).contains("Số: 04/KH-SGDĐT"), "continues after the highest imported: {}", stdout(&o));
    // Imported again: refused, nothing added.
    let o = reg(&db, &["import", s(&xlsx)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("01/KH-SGDĐT of 2026 is already in the register: nothing imported"), "{}", stderr(&o));
    assert_eq!(entries(&db).len(), 4);
    // The exported book imports into a new register as it was.
    let book = dir.path().join("so.xlsx");
    assert!(reg(&db, &["export", "--year", "2026", "-o", s(&book)]).status.success());
    let db2 = dir.path().join("moi.db");
    assert!(reg(&db2, &["import", s(&book)]).status.success());
    let (c1, c2) = (dir.path().join("1.csv"), dir.path().join("2.csv"));
    reg(&db, &["export", "--year", "2026", "-o", s(&c1)]);
    reg(&db2, &["export", "--year", "2026", "-o", s(&c2)]);
    assert_eq!(std::fs::read_to_string(&c1).unwrap(), std::fs::read_to_string(&c2).unwrap());
    // Bad rows: every one named with its row and column; nothing imported.
    let bad = dir.path().join("sai.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sh = wb.add_worksheet();
        for (c, h) in vanban::register::book::HEADERS.iter().enumerate() {
            sh.write_string(0, c as u16, *h).unwrap();
        }
        for (r, (n, d)) in [("bảy", "05/01/2026"), ("08/KH-SGDĐT", "32/01/2026")].iter().enumerate() {
            sh.write_string(r as u32 + 1, 0, *n).unwrap();
            sh.write_string(r as u32 + 1, 1, *d).unwrap();
        }
        for (c, v) in [(0, "09/KH-SGDĐT"), (1, "06/01/2026"), (6, "năm bản")] {
            sh.write_string(3, c, v).unwrap();
        }
        wb.save(&bad).unwrap();
    }
    let db3 = dir.path().join("ba.db");
    let o = reg(&db3, &["import", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("row 2, column A (Số, ký hiệu văn bản): `bảy` is not a number and symbol"), "{err}");
    assert!(err.contains("row 3, column B (Ngày tháng văn bản): `32/01/2026` is not a date"), "{err}");
    assert!(err.contains("row 4, column G (Số lượng bản): `năm bản` is not a number of copies"), "{err}");
    assert!(!db3.exists(), "nothing created");
}

#[test]
fn a_process_killed_while_issuing_leaves_the_register_consistent_and_no_half_written_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    reg(&db, &["issue", s(&doc(dir.path(), "0.json", "2026-02-02", "Văn bản 0"))]);
    let a = doc(dir.path(), "a.json", "2026-02-03", "Văn bản A");
    let pdf = dir.path().join("a.pdf");
    for (point, taken) in [("in-transaction", false), ("after-commit", true)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["register", "--register", s(&db), "issue", s(&a), "-o", s(&pdf)])
            .env("VANBAN_FAULT_AT", point)
            .env("VANBAN_FAULT_PAUSE_MS", "20000")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until it is at the point, then kill it.
        at_fault_point(&mut child);
        child.kill().unwrap();
        child.wait().unwrap();
        let numbers: Vec<u32> = entries(&db).iter().map(|e| e.0).collect();
        assert_eq!(numbers, if taken { vec![1, 2] } else { vec![1] }, "{point}: the number is recorded with its document, or not taken");
        assert!(!pdf.exists(), "{point}: no output file");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with(".vanban-")),
            "{point}: no temporary file left"
        );
    }
    // Issued again: the number recorded before the kill, and now the file.
    let o = reg(&db, &["issue", s(&a), "-o", s(&pdf)]);
    assert!(stdout(&o).contains("Số: 02/KH-SGDĐT (issued before)"), "{}", stdout(&o));
    assert!(pdftotext(&pdf).contains("Số: 02/KH-SGDĐT"));
}

#[test]
fn bad_register_files_are_refused_and_left_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let a = doc(dir.path(), "a.json", "2026-02-03", "Văn bản A");
    // Missing: `list` says so; `issue` creates it, saying so.
    let missing = dir.path().join("chua-co.db");
    let o = reg(&missing, &["list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no register here") && !missing.exists(), "{}", stderr(&o));
    // Not an SQLite file, an SQLite file of something else, a damaged register, a newer one.
    let text = dir.path().join("ghi-chu.db");
    std::fs::write(&text, "Sổ ghi chép, không phải cơ sở dữ liệu").unwrap();
    let other = dir.path().join("khac.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE hoc_sinh (ten TEXT); INSERT INTO hoc_sinh VALUES ('A');").unwrap();
    let newer = dir.path().join("moi.db");
    assert!(reg(&newer, &["issue", s(&a)]).status.success());
    rusqlite::Connection::open(&newer).unwrap().execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'", []).unwrap();
    // A version that is not a whole number of 0 or more: damaged, not taken as version 0.
    let bad_version = dir.path().join("phien-ban-hong.db");
    assert!(reg(&bad_version, &["issue", s(&a)]).status.success());
    rusqlite::Connection::open(&bad_version).unwrap().execute("UPDATE meta SET value = 'hai' WHERE key = 'schema_version'", []).unwrap();
    let negative = dir.path().join("phien-ban-am.db");
    assert!(reg(&negative, &["issue", s(&a)]).status.success());
    rusqlite::Connection::open(&negative).unwrap().execute("UPDATE meta SET value = '-1' WHERE key = 'schema_version'", []).unwrap();
    let damaged = dir.path().join("hong.db");
    assert!(reg(&damaged, &["issue", s(&a)]).status.success());
    {
        // Overwrite the middle of the file (the tables' pages) with garbage.
        let mut bytes = std::fs::read(&damaged).unwrap();
        for b in bytes.iter_mut().skip(100) {
            *b = 0xA5;
        }
        std::fs::write(&damaged, bytes).unwrap();
        let _ = std::fs::remove_file(damaged.with_extension("db-wal"));
    }
    for (file, expected) in [
        (&text, "not a vanban register (not an SQLite database"),
        (&other, "not a vanban register (an SQLite database of something else)"),
        (&newer, "the register has schema version 99, newer than this vanban's 2"),
        (&bad_version, "a damaged vanban register: its schema version is “hai”, not a whole number of 0 or more"),
        (&negative, "its schema version is “-1”"),
        (&damaged, "damaged"),
    ] {
        let before = std::fs::read(file).unwrap();
        let o = reg(file, &["issue", s(&a)]);
        assert_eq!(o.status.code(), Some(1), "{}", file.display());
        assert!(stderr(&o).contains(expected), "{}: {}", file.display(), stderr(&o));
        assert!(stderr(&o).contains(&file.display().to_string()), "the file is named: {}", stderr(&o));
        assert_eq!(std::fs::read(file).unwrap(), before, "{} is left as it was", file.display());
    }
}

#[test]
fn a_register_that_cannot_be_written_gives_a_clear_error_and_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let a = doc(dir.path(), "a.json", "2026-02-02", "Văn bản 0");
    reg(&db, &["issue", s(&a)]);
    let b = doc(dir.path(), "b.json", "2026-02-03", "Văn bản B");
    use std::os::unix::fs::PermissionsExt;
    // Another user's register, readable but not writable by us: as root (CI), the clerk is
    // `nobody`; otherwise the file is made read-only.
    let root = unsafe_is_root();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(if root { 0o755 } else { 0o555 })).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let mut cmd = if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_vanban")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_vanban"))
    };
    let o = cmd.args(["register", "--register", s(&db), "issue", s(&b)]).output().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("register-read-only") || err.contains("cannot open the register"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the register is left as it was");
    assert_eq!(entries(&db).len(), 1);
}

/// Whether the tests run as root (CI), from /proc (no libc call).
fn unsafe_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
}

#[test]
fn a_register_locked_beyond_the_timeout_gives_a_clear_error_and_takes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    reg(&db, &["issue", s(&doc(dir.path(), "0.json", "2026-02-02", "Văn bản 0"))]);
    // Another clerk's transaction holds the register.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["register", "--register", s(&db), "issue", s(&doc(dir.path(), "a.json", "2026-02-03", "Văn bản A"))])
        .env("VANBAN_REGISTER_TIMEOUT_MS", "300")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the register is busy (another process held it for more than 0.3 s)"), "{}", stderr(&o));
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let o = reg(&db, &["issue", s(&dir.path().join("a.json"))]);
    assert!(stdout(&o).contains("Số: 02/KH-SGDĐT"), "{}", stdout(&o));
}

#[test]
fn a_document_that_cannot_be_printed_takes_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so-di.db");
    let bad = dir.path().join("bad.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(doc(dir.path(), "x.json", "2026-02-02", "X")).unwrap()).unwrap();
    v["ngay"] = json!("ngày 5 tháng 2");
    std::fs::write(&bad, v.to_string()).unwrap();
    let o = reg(&db, &["issue", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("date-as-text"), "{}", stderr(&o));
    let o = reg(&db, &["issue", s(&dir.path().join("x.json"))]);
    assert!(stdout(&o).contains("Số: 01/KH-SGDĐT"), "{}", stdout(&o));
}

/// Issue 26, item 2: a document still holding a starter's example text (`vanban new` as it
/// came) gets no number from `register issue` — the rule the web editor's “Lấy số” applies
/// (register::example_text) — and nothing is recorded; once its text is its own, it does.
#[test]
fn a_starter_s_example_text_gets_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("so.db");
    let json = dir.path().join("cv.json");
    let o = vanban(&["new", "cong-van", "-o", s(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = reg(&db, &["issue", s(&json)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("error[example-text]") && e.contains("`trich_yeu`") && e.contains("`noi_dung[0]`") && e.contains("still the example text"), "{e}");
    // Each at its line in the file.
    assert!(e.contains(&format!("{}:", s(&json))), "{e}");
    let o = reg(&db, &["list", "--year", "2026"]);
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("/CV-") && !String::from_utf8_lossy(&o.stdout).contains("V/v"),
        "nothing recorded: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    // `render --register` takes the number through the same door: refused too.
    let pdf = dir.path().join("cv.pdf");
    let o = vanban(&["render", s(&json), "-o", s(&pdf), &format!("--register={}", s(&db))]);
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("example-text") && !pdf.exists(), "{}", stderr(&o));
    // The clerk's own text: numbered.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    v["trich_yeu"] = json!("V/v tổ chức kiểm tra nội bộ trường học năm 2026");
    v["noi_dung"] =
        json!(["Sở Giáo dục và Đào tạo đề nghị các đơn vị tổ chức kiểm tra nội bộ theo kế hoạch đã ban hành và báo cáo kết quả trước ngày 30/5/2026./."]);
    v["ky"]["ho_ten"] = json!("Trần Văn Hùng");
    std::fs::write(&json, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let o = reg(&db, &["issue", s(&json)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Số: 01/"), "{}", String::from_utf8_lossy(&o.stdout));
}
