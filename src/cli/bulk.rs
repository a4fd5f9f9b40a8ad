//! `vanban bulk`: one document per row of a spreadsheet, from a template.

use super::{backends, print};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use vanban::messages::Text;
use vanban::render::Format;

/// A bulk run's progress on the terminal: a bar on a terminal, otherwise a plain line every
/// two seconds (logs, CI).
#[derive(Default)]
struct Terminal {
    bar: OnceLock<indicatif::ProgressBar>,
    done: Arc<AtomicUsize>,
    lines: Mutex<Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>>,
}

impl vanban::bulk::Observer for Terminal {
    fn started(&self, total: usize) {
        if std::io::stderr().is_terminal() {
            let b = indicatif::ProgressBar::new(total as u64);
            b.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            // `started` is called once per run: the bar is not set yet.
            let _ = self.bar.set(b);
            return;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let (done, stopped) = (self.done.clone(), stop.clone());
        let printer = std::thread::spawn(move || {
            let mut last = Instant::now();
            while !stopped.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if last.elapsed() >= Duration::from_secs(2) {
                    eprintln!("… {} of {total} rows", done.load(Ordering::Relaxed));
                    last = Instant::now();
                }
            }
        });
        *self.lines.lock().unwrap_or_else(|p| p.into_inner()) = Some((stop, printer));
    }

    fn row_done(&self, _row: usize, _ok: bool) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if let Some(b) = self.bar.get() {
            b.inc(1);
        }
    }

    fn finished(&self) {
        if let Some(b) = self.bar.get() {
            b.finish_and_clear();
        }
        if let Some((stop, printer)) = self.lines.lock().unwrap_or_else(|p| p.into_inner()).take() {
            stop.store(true, Ordering::Relaxed);
            // The printer only sleeps and prints: a panic there loses a progress line, nothing else.
            let _ = printer.join();
        }
    }
}

/// What bulk writes for each row.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BulkFormat {
    Pdf,
    Docx,
    Xlsx,
}

#[derive(clap::Args)]
pub(crate) struct BulkArgs {
    /// A shipped template's name or a template file.
    ///
    /// Example: phieu-bao-cao-quy
    template: String,

    /// The rows: .xlsx (first sheet, or --sheet), .csv (UTF-8, with or without BOM) or .json
    /// (an array of objects). Headers are field names; `truong.ten` makes a nested field.
    ///
    /// Example: --rows samples/truong.xlsx
    #[arg(long, value_name = "FILE", required_unless_present = "blank")]
    rows: Option<PathBuf>,

    /// Write a blank rows workbook for the template instead: what each column holds (required
    /// or not), an example row, the header row, the fixed values as Excel validation.
    ///
    /// Example: --blank du-lieu.xlsx
    #[arg(long, value_name = "OUT.xlsx", conflicts_with_all = ["rows", "out_dir", "zip"])]
    blank: Option<PathBuf>,

    /// The sheet of a workbook to read.
    ///
    /// Example: --sheet "Danh sách trường"
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,

    /// Output folder (created if missing); failures.csv is written there when rows fail.
    ///
    /// Example: --out-dir out/phieu
    #[arg(long, value_name = "DIR", required_unless_present_any = ["zip", "blank"], conflicts_with = "zip")]
    out_dir: Option<PathBuf>,

    /// Write one ZIP archive instead of a folder (entries in row order).
    ///
    /// Example: --zip out/phieu.zip
    #[arg(long, value_name = "OUT.zip")]
    zip: Option<PathBuf>,

    /// Formats, comma-separated: pdf, docx, and xlsx — the fillable form of the template's
    /// `bieu_mau` as an Excel workbook the unit fills in and sends back for `vanban tong-hop`.
    ///
    /// Example: --format xlsx
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pdf,docx")]
    format: Vec<BulkFormat>,

    /// Output file names, a pattern over the row's fields (made safe: no folders, no `..`,
    /// ASCII, at most 100 characters; duplicates get -2, -3). Default: the row number and
    /// the school's or person's name.
    ///
    /// Example: --name "{{truong.ma}}-quy-{{ky.quy}}"
    #[arg(long, value_name = "PATTERN")]
    name: Option<String>,

    /// Worker threads (default: all cores).
    ///
    /// Example: --jobs 2
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,

    /// Another directory of fonts (see `render --help`).
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

pub(crate) fn bulk(args: BulkArgs) -> ExitCode {
    let template = match vanban::template::Template::load(&args.template) {
        Ok(t) => t,
        Err(ds) => {
            print(&ds);
            return ExitCode::from(2);
        }
    };
    if let Some(out) = &args.blank {
        return blank(&vanban::bulk::guide(&template), out);
    }
    let Some(rows) = args.rows else { return super::usage(&Text::GiveRows.to_string()) };
    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        let f = match f {
            BulkFormat::Pdf => Format::Pdf,
            BulkFormat::Docx => Format::Docx,
            BulkFormat::Xlsx => continue,
        };
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let workbook = args.format.contains(&BulkFormat::Xlsx);
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = vanban::bulk::Options {
        rows,
        sheet: args.sheet,
        out_dir: args.out_dir,
        zip: args.zip,
        formats,
        workbook,
        name: args.name,
        jobs,
        today: chrono::Local::now().date_naive(),
        observer: Some(std::sync::Arc::new(Terminal::default())),
    };
    match vanban::bulk::run(&template, &engine, &docx, &opts) {
        Err(ds) => {
            print(&ds);
            ExitCode::from(2)
        }
        Ok(sum) => {
            for n in &sum.notes {
                eprintln!("{n}");
            }
            for f in sum.failures.iter().take(20) {
                eprintln!("{f}");
            }
            if sum.failures.len() > 20 {
                eprintln!("{}", Text::AndMoreLines { more: sum.failures.len() - 20 });
            }
            let failed_rows = vanban::bulk::failed_rows(&sum.failures);
            let summary = Text::BulkSummary {
                read: sum.rows_read,
                written: sum.documents_written,
                failed: failed_rows,
                seconds: format!("{:.1}", sum.elapsed.as_secs_f64()),
                rate: format!("{:.0}", sum.rows_read as f64 / sum.elapsed.as_secs_f64().max(1e-9)),
                csv: sum.failures_csv.map(|p| Text::SeeFile { path: p.display().to_string() }.to_string()).unwrap_or_default(),
            };
            eprintln!("{summary}");
            if failed_rows > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Writes the blank workbook of `guide` to `out` (`--blank`, of bulk and of ho-so).
pub(crate) fn blank(guide: &vanban::guide::Guide, out: &std::path::Path) -> ExitCode {
    match vanban::guide::blank_workbook(guide).and_then(|bytes| vanban::output::write_atomic(out, &bytes)) {
        Ok(()) => {
            eprintln!("{}", Text::WroteBlank { path: out.display().to_string(), title: guide.title.clone() });
            ExitCode::SUCCESS
        }
        Err(d) => {
            print(&[d]);
            ExitCode::from(2)
        }
    }
}
