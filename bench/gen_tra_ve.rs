//! Fills the quarterly forms as schools would, for bench/quarter.sh: `gen-tra-ve LIST.csv N`
//! writes the list of N schools; `gen-tra-ve fill FORMS_DIR OUT_DIR` fills every form of
//! FORMS_DIR (made by `vanban bulk … --format xlsx`) with valid figures, leaving out every
//! 33rd school (not returned) and writing one wrong value in every 50th. The filling is the
//! tests' (tests/common/quarter.rs), so the benchmark reads what the round-trip test reads.

#[path = "../tests/common/quarter.rs"]
mod quarter;

use quarter::Typed;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["fill", forms, out] => {
            std::fs::create_dir_all(out).expect("create the output folder");
            let mut paths: Vec<_> = std::fs::read_dir(forms).expect("read the forms").flatten().map(|e| e.path()).collect();
            paths.sort();
            let mut written = 0;
            for (i, p) in paths.iter().enumerate() {
                if i % 33 == 17 {
                    continue;
                }
                let mut values = quarter::figures(i as u64);
                if i % 50 == 7 {
                    values[0].1 = Typed::Text("chưa rõ".into());
                }
                let bytes = std::fs::read(p).expect("read a form");
                std::fs::write(std::path::Path::new(out).join(format!("tra-ve-{i:04}.xlsx")), quarter::fill(&bytes, &values)).expect("write");
                written += 1;
            }
            eprintln!("{written} returned forms in {out}");
        }
        [list, n] => {
            let n: usize = n.parse().expect("N");
            std::fs::write(list, quarter::schools_csv(&quarter::schools(n), 3, 2026)).expect("write the list");
        }
        _ => {
            eprintln!("usage: gen-tra-ve LIST.csv N | gen-tra-ve fill FORMS_DIR OUT_DIR");
            std::process::exit(2);
        }
    }
}
