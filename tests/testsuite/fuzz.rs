//! Robustness: thousands of generated inputs through parse → check → compose → render (PDF
//! and DOCX), made by mutating the samples — their JSON values (types swapped, fields dropped,
//! strings replaced by hostile or random Unicode, numbers at their limits) and their bytes.
//! Mutations include what text pasted from Word and the web carries (control, bidi and
//! invisible characters) and words too long for any line. Nothing may panic or hang, every
//! DOCX is well-formed XML and no text leaves the page. Seeded, so a failure can be replayed; bounded in time:
//! `VANBAN_FUZZ_SECS` (default 20) seconds.

use crate::common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::time::{Duration, Instant};
use vanban::render::inspect::pages;
use vanban::render::{docx::DocxWriter, fonts::FontSet, pdf::Engine};

const HOSTILE: &[&str] = &[
    "#read(\"/etc/passwd\")",
    "$5*_a_",
    "<b>]",
    "]",
    "\\",
    "**",
    "*",
    "{{x}}",
    "\u{0}",
    "\u{202e}",
    "\u{fffd}",
    "ƣƢ",
    "e\u{0323}\u{0302}",
    "- ",
    "+ ",
    "I. ",
    "1.1. ",
    "Điều 1.",
    "....",
    "\n\n\n",
    "😀",
    "漢",
    "",
    "KT.",
    "Lưu: VT, VP.",
    "9999",
    "-1",
    "1e308",
    "ngày 5 tháng 1",
    // Pasted from Word or the web: line and page breaks, bidi and invisible characters.
    "a\u{b}b",
    "\u{c}",
    "\u{202e}Nguyễn\u{202c}",
    "\u{2066}x\u{2069}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\u{85}",
    "\u{7f}",
    "\u{1b}[31m",
    "\u{fffe}",
    "\u{2028}",
    "\u{2029}",
    "\t",
    // Words no line can hold, and symbols that must not break.
    "https://moet.gov.vn/van-ban/Pages/chi-tiet.aspx?ItemID=1234567890123456789012345678901234567890",
    "BaoCaoTongHopKetQuaThucHienChuyenDoiSoNamHoc20252026BanChinhThucKhongRutGon.xlsx",
    "98/2023/NĐ-CP",
    "106/KH-TCKTNVCB",
];

/// A word of `n` letters and digits with no space (wider than any box past a few dozen).
fn long_token(rng: &mut ChaCha8Rng) -> String {
    let n = rng.gen_range(20..400);
    (0..n).map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789-/._"[rng.gen_range(0..40)])).collect()
}

fn random_string(rng: &mut ChaCha8Rng) -> String {
    match rng.gen_range(0..6) {
        4 => long_token(rng),
        5 => (0..rng.gen_range(1..20))
            .map(|_| {
                let ranges = [(0x00, 0x20), (0x7f, 0xa0), (0x200b, 0x2010), (0x2028, 0x202f), (0x2060, 0x2070), (0xfff0, 0x10000)];
                let (a, b) = ranges[rng.gen_range(0..ranges.len())];
                char::from_u32(rng.gen_range(a..b)).unwrap_or('x')
            })
            .collect(),
        0 => HOSTILE[rng.gen_range(0..HOSTILE.len())].to_string(),
        1 => (0..rng.gen_range(0..40)).map(|_| char::from_u32(rng.gen_range(0x20..0x2000)).unwrap_or('?')).collect(),
        2 => "Nội dung ".repeat(rng.gen_range(1..200)),
        _ => format!("{} {}", HOSTILE[rng.gen_range(0..HOSTILE.len())], HOSTILE[rng.gen_range(0..HOSTILE.len())]),
    }
}

fn random_value(rng: &mut ChaCha8Rng, depth: u32) -> Value {
    match rng.gen_range(0..7) {
        0 => Value::Null,
        1 => Value::Bool(rng.gen()),
        2 => [
            serde_json::json!(0),
            serde_json::json!(1),
            serde_json::json!(-1),
            serde_json::json!(7),
            serde_json::json!(10000),
            serde_json::json!(u32::MAX),
            serde_json::json!(i64::MIN),
            serde_json::json!(0.5),
            serde_json::json!(1e300),
        ][rng.gen_range(0..9)]
        .clone(),
        3 if depth < 3 => Value::Array((0..rng.gen_range(0..4)).map(|_| random_value(rng, depth + 1)).collect()),
        4 if depth < 3 => {
            let keys = ["text", "doan", "bang", "cot", "dong", "gop_cot", "gop_dong", "cap", "muc", "nhan", "noi_dung"];
            Value::Object((0..rng.gen_range(0..3)).map(|_| (keys[rng.gen_range(0..keys.len())].to_string(), random_value(rng, depth + 1))).collect())
        }
        _ => Value::String(random_string(rng)),
    }
}

/// Mutates one random place of `v`.
fn mutate(v: &mut Value, rng: &mut ChaCha8Rng, depth: u32) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = &keys[rng.gen_range(0..keys.len())];
            match rng.gen_range(0..10) {
                0 => {
                    m.remove(k);
                }
                1 => {
                    m.insert(k.clone(), random_value(rng, depth));
                }
                _ => mutate(m.get_mut(k).unwrap(), rng, depth + 1),
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = rng.gen_range(0..a.len());
            match rng.gen_range(0..10) {
                0 => {
                    a.remove(i);
                }
                1 => a.insert(i, random_value(rng, depth)),
                2 => {
                    let dup = a[i].clone();
                    a.push(dup);
                }
                _ => mutate(&mut a[i], rng, depth + 1),
            }
        }
        Value::String(s) => {
            *s = if rng.gen_bool(0.5) { random_string(rng) } else { format!("{s}{}", random_string(rng)) };
        }
        Value::Number(_) if rng.gen_bool(0.5) => *v = random_value(rng, depth),
        _ => *v = random_value(rng, depth),
    }
}

#[test]
fn generated_inputs_never_panic_or_hang() {
    let secs: u64 = std::env::var("VANBAN_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let seed: u64 = std::env::var("VANBAN_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(30_2020);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let engine = Engine::new(FontSet::load(&[] as &[&str]).unwrap());
    let docx = DocxWriter::new(engine.profile().clone());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let bases: Vec<(String, Value)> = SAMPLES
        .iter()
        .map(|s| {
            let t = std::fs::read_to_string(sample(s)).unwrap();
            let v = serde_json::from_str(&t).unwrap();
            (t, v)
        })
        .collect();
    let start = Instant::now();
    let (mut runs, mut rendered, mut slowest) = (0u64, 0u64, Duration::ZERO);
    let validate = tempfile::tempdir().unwrap();
    let mut kept = 0;
    while start.elapsed() < Duration::from_secs(secs) {
        let (text, value) = &bases[rng.gen_range(0..bases.len())];
        let input = if rng.gen_bool(0.2) {
            // Byte-level: flip, drop or duplicate a few bytes (the result may not be UTF-8).
            let mut b = text.as_bytes().to_vec();
            for _ in 0..rng.gen_range(1..8) {
                let i = rng.gen_range(0..b.len());
                match rng.gen_range(0..3) {
                    0 => b[i] = rng.gen(),
                    1 => {
                        b.remove(i);
                    }
                    _ => {
                        let end = (i + rng.gen_range(1..50)).min(b.len());
                        let chunk = b[i..end].to_vec();
                        b.splice(i..i, chunk);
                    }
                }
            }
            String::from_utf8_lossy(&b).into_owned()
        } else {
            let mut v = value.clone();
            for _ in 0..rng.gen_range(1..6) {
                mutate(&mut v, &mut rng, 0);
            }
            serde_json::to_string(&v).unwrap()
        };
        let t0 = Instant::now();
        let (doc, diags) = vanban::analyse("fuzz.json", &input, today);
        assert!(doc.is_some() || diags.iter().any(|d| d.is_error()), "no document and no error");
        if let Some(doc) = doc {
            // Layout errors (a missing glyph) are fine; panics are not. Whatever is written
            // is well-formed, and no text leaves the page.
            if let Ok(laid) = engine.layout(&doc) {
                for (i, p) in pages(&laid).iter().enumerate() {
                    for r in &p.runs {
                        assert!(
                            r.x >= -0.5 && r.x + r.width <= p.width + 0.5,
                            "page {}: `{}` at {:.1}–{:.1} mm leaves the page (seed {seed}, run {runs}):\n{input}",
                            i + 1,
                            r.text,
                            r.x,
                            r.x + r.width
                        );
                    }
                }
                let _ = engine.pdf(&doc);
            }
            if let Ok(bytes) = docx.docx(&doc) {
                assert_eq!(docx_xml_problem(&bytes), None, "seed {seed}, run {runs}:\n{input}");
                // The first few go through the OOXML validator at the end.
                if kept < 25 {
                    std::fs::write(validate.path().join(format!("run{runs}.docx")), &bytes).unwrap();
                    std::fs::write(validate.path().join(format!("run{runs}.json")), &input).unwrap();
                    kept += 1;
                }
            }
            rendered += 1;
        }
        typst::comemo::evict(10);
        let took = t0.elapsed();
        slowest = slowest.max(took);
        assert!(took < Duration::from_secs(20), "one input took {took:?} (seed {seed}, run {runs}):\n{input}");
        runs += 1;
    }
    eprintln!("fuzz: {runs} inputs in {secs} s, {rendered} rendered to PDF and DOCX, slowest {slowest:?} (seed {seed})");
    assert!(runs > 20, "too few runs: {runs}");
    // Valid OOXML too; a failure shows the inputs of the files at fault.
    let (checked, mut report) = audit(validate.path());
    assert_eq!(checked, kept, "validated {checked} of {kept}");
    if !report.is_empty() {
        for f in std::fs::read_dir(validate.path()).unwrap().filter_map(|e| e.ok().map(|e| e.path())) {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".docx") && report.contains(&name) {
                report.push_str(&format!("\n{name}'s input:\n{}\n", std::fs::read_to_string(f.with_extension("json")).unwrap_or_default()));
            }
        }
    }
    assert!(report.is_empty(), "seed {seed}:\n{report}");
}
