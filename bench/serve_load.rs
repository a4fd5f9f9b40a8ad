//! Load on `vanban serve` (#17): CLIENTS concurrent clients, each previewing a 5-page
//! document as a clerk types (every request changes one line) for SECONDS; prints the
//! median and 99th-percentile preview latency, the errors, and the server's memory over the
//! run (resident size sampled each second: first and last tenth, peak). Only 127.0.0.1.
//!   cargo run --release --example serve-load -- http://127.0.0.1:PORT PID [CLIENTS] [SECONDS]
//! (bench/serve.sh starts the server and runs this.)

use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn rss_kb(pid: &str, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    assert!(base.starts_with("http://127.0.0.1:") || base.starts_with("http://localhost:"), "the load goes to this machine only");
    let pid = args.get(2).cloned().unwrap_or_default();
    let clients: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(16);
    let seconds: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(60);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();

    // A session and the 5-page document: the Kế hoạch starter with its body repeated.
    let mut session = agent.get(format!("{base}/api/session")).call().expect("server");
    let cookie = session.headers().get("set-cookie").and_then(|v| v.to_str().ok()).and_then(|v| v.split(';').next()).unwrap_or("").to_string();
    let csrf =
        serde_json::from_str::<Value>(&session.body_mut().read_to_string().expect("session")).expect("session")["csrf"].as_str().unwrap_or("").to_string();
    let mut doc: Value =
        serde_json::from_str(&agent.get(format!("{base}/api/starter/ke-hoach")).header("Cookie", &cookie).call().unwrap().body_mut().read_to_string().unwrap())
            .unwrap();
    let body = doc["noi_dung"].as_array().unwrap().clone();
    let closing = body.last().cloned().unwrap();
    let mut longer: Vec<Value> = Vec::new();
    let preview = |d: &Value| -> (u16, usize) {
        let mut r = agent
            .post(format!("{base}/api/preview"))
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .header("Content-Type", "application/json")
            .send(d.to_string())
            .expect("preview");
        let status = r.status().as_u16();
        let v: Value = r.body_mut().with_config().limit(100 << 20).read_to_string().ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null);
        (status, v["trang"].as_array().map_or(0, Vec::len))
    };
    while {
        longer.extend(body[..body.len() - 1].iter().cloned());
        let mut b = longer.clone();
        b.push(closing.clone());
        doc["noi_dung"] = Value::Array(b);
        preview(&doc).1 < 5
    } {}
    // Trim to exactly 5 pages where a repetition overshoots.
    while preview(&doc).1 > 5 {
        let b = doc["noi_dung"].as_array_mut().unwrap();
        let n = b.len();
        b.remove(n - 2);
    }
    let pages = preview(&doc).1;
    println!("document: {pages} pages, {} blocks; {clients} clients for {seconds} s against {base}", doc["noi_dung"].as_array().unwrap().len());

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let sampler = {
        let pid = pid.clone();
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            while Instant::now() < deadline {
                samples.push(rss_kb(&pid, "VmRSS:"));
                std::thread::sleep(Duration::from_secs(1));
            }
            samples
        })
    };
    let handles: Vec<_> = (0..clients)
        .map(|k| {
            let (agent, base, cookie, csrf, doc) = (agent.clone(), base.clone(), cookie.clone(), csrf.clone(), doc.clone());
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let mut i = 0usize;
                while Instant::now() < deadline {
                    let mut d = doc.clone();
                    // Typing: the summary grows by a character at a time.
                    d["trich_yeu"] = json!(format!("{} {}", d["trich_yeu"].as_str().unwrap_or(""), "x".repeat(k + i % 40)));
                    let start = Instant::now();
                    let ok = agent
                        .post(format!("{base}/api/preview"))
                        .header("Cookie", &cookie)
                        .header("X-CSRF-Token", &csrf)
                        .header("Content-Type", "application/json")
                        .send(d.to_string())
                        .ok()
                        .and_then(|mut r| {
                            (r.status() == 200)
                                .then(|| r.body_mut().with_config().limit(100 << 20).read_to_string().ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()))
                                .flatten()
                        })
                        .is_some_and(|v| v["trang"].as_array().is_some_and(|p| p.len() == pages));
                    lat.push(start.elapsed());
                    if !ok {
                        errors += 1;
                    }
                    i += 1;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        all.extend(l);
        errors += e;
    }
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)].as_secs_f64() * 1000.0;
    println!("previews: {} ({:.1}/s), errors: {errors}", all.len(), all.len() as f64 / seconds as f64);
    println!("latency: median {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms", pct(0.5), pct(0.9), pct(0.99), pct(1.0));
    let samples = sampler.join().unwrap();
    if !samples.is_empty() {
        let tenth = (samples.len() / 10).max(1);
        let avg = |s: &[u64]| s.iter().sum::<u64>() as f64 / s.len().max(1) as f64 / 1024.0;
        println!(
            "server memory (RSS): first tenth {:.0} MB, last tenth {:.0} MB, peak {:.0} MB (VmHWM {:.0} MB)",
            avg(&samples[..tenth]),
            avg(&samples[samples.len() - tenth..]),
            *samples.iter().max().unwrap() as f64 / 1024.0,
            rss_kb(&pid, "VmHWM:") as f64 / 1024.0
        );
    }
}
