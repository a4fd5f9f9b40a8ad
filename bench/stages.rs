//! Times each stage of a bulk row on one thread: merge, check+compose, Typst layout, PDF
//! export, DOCX, cache eviction.
//!   cargo run --release --example stages -- [TEMPLATE] [ROWS] [N]
//! Knobs (environment): `MAX_AGE` and `EVERY` (evict Typst's cache to that age every that
//! many documents; default 30 and 1), `UNTAGGED=1` (PDF without structure tags),
//! `NUMBERS_IN_TYPST=1` (page numbers by Typst's own header: two layout passes),
//! `VANBAN_TIMING=1` (Typst's own timing scopes over the second half of the rows, time per
//! document by scope). Under `valgrind --tool=callgrind` it gives instruction counts, which
//! do not vary with the load of this shared machine as times do.
use std::time::{Duration, Instant};
use vanban::render::{docx::DocxWriter, fonts::FontSet, pdf::Engine};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tpl = args.get(1).map(String::as_str).unwrap_or("phieu-bao-cao-quy");
    let rows = args.get(2).map(String::as_str).unwrap_or("samples/truong.csv");
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(200);
    let template = vanban::template::Template::load(tpl).expect("template");
    let fonts = FontSet::load(&[] as &[&str]).expect("fonts");
    let engine = Engine::new(fonts);
    let docx = DocxWriter::new(engine.profile().clone());
    let rows = vanban::rows::open(std::path::Path::new(rows), None).expect("rows");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let every: usize = std::env::var("EVERY").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let max_age: usize = std::env::var("MAX_AGE").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let timing = std::env::var_os("VANBAN_TIMING").is_some();
    let numbers_in_typst = std::env::var_os("NUMBERS_IN_TYPST").is_some();
    let mut t = [Duration::ZERO; 6];
    let mut count = 0;
    for (i, row) in rows.iter.take(n).enumerate() {
        if timing && i == n / 2 {
            typst_timing::enable();
        }
        let data = row.data.expect("row");
        let a = Instant::now();
        let doc = template.merge(&data, "row").expect("merge");
        let b = Instant::now();
        let (composed, _) = vanban::analyse_doc(&doc, today);
        let composed = composed.expect("compose");
        let c = Instant::now();
        let paged = engine.layout_with(&composed, numbers_in_typst).expect("layout");
        let d = Instant::now();
        let opts = typst_pdf::PdfOptions { timestamp: None, tagged: std::env::var_os("UNTAGGED").is_none(), ..Default::default() };
        let pdf = typst_pdf::pdf(&paged, &opts).expect("pdf");
        let e = Instant::now();
        let x = docx.docx(&composed).expect("docx");
        let f = Instant::now();
        if (count + 1) % every == 0 {
            typst::comemo::evict(max_age);
        }
        let g = Instant::now();
        std::hint::black_box((pdf, x));
        for (k, (s, e)) in [(a, b), (b, c), (c, d), (d, e), (e, f), (f, g)].into_iter().enumerate() {
            t[k] += e - s;
        }
        count += 1;
    }
    if timing {
        typst_timing::disable();
        let mut buf = Vec::new();
        typst_timing::export_json(&mut buf, |_| (String::new(), 0)).expect("timing");
        let events: Vec<serde_json::Value> = serde_json::from_slice(&buf).expect("json");
        // Inclusive time per scope name, counting only its outermost occurrence.
        let mut stack: Vec<(String, f64)> = Vec::new();
        let mut sums: std::collections::BTreeMap<String, (f64, usize)> = Default::default();
        for e in &events {
            let name = e["name"].as_str().unwrap_or("").to_string();
            let ts = e["ts"].as_f64().unwrap_or(0.0);
            if e["ph"] == "B" {
                stack.push((name, ts));
            } else if let Some((name, start)) = stack.pop() {
                if !stack.iter().any(|(n, _)| *n == name) {
                    let s = sums.entry(name).or_default();
                    s.0 += ts - start;
                    s.1 += 1;
                }
            }
        }
        let docs = (n - n / 2) as f64;
        let mut v: Vec<_> = sums.into_iter().collect();
        v.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
        for (name, (us, calls)) in v.iter().take(40) {
            println!("{name:>32}: {:7.3} ms/doc {:8.1} calls/doc", us / 1000.0 / docs, *calls as f64 / docs);
        }
    }
    let names = ["merge", "check+compose", "layout", "pdf export", "docx", "evict"];
    let mut total = 0.0;
    for (k, name) in names.iter().enumerate() {
        let ms = t[k].as_secs_f64() * 1000.0 / count as f64;
        total += ms;
        println!("{name:>14}: {ms:7.2} ms/row");
    }
    println!("{:>14}: {total:7.2} ms/row over {count} rows", "total");
}
