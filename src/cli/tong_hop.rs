//! `vanban tong-hop`: returned forms in, the summary report out (see `vanban::aggregate`).

use super::{backends, print, usage};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::messages::Text;
use vanban::render::Format;

#[derive(clap::Args)]
pub(crate) struct TongHopArgs {
    /// The summary report's template: a shipped name or a template file with a `tong_hop`
    /// section (which names the form it aggregates).
    ///
    /// Example: bao-cao-tong-hop-quy
    template: String,

    /// Returned forms: workbooks made by `bulk --format xlsx` (any file name, re-saved by Excel
    /// or LibreOffice or not), combined sheets or CSV with a row per unit, or JSON; folders
    /// are searched.
    ///
    /// Example: --from tra-ve/
    #[arg(long, value_name = "DIR_OR_FILE", num_args = 1.., required = true)]
    from: Vec<PathBuf>,

    /// The list the forms were sent to (the rows file given to `bulk`): the units that have
    /// not returned are listed in the report and in <report>.chua-nop.csv.
    ///
    /// Example: --schools samples/truong.xlsx
    #[arg(long, value_name = "LIST")]
    schools: Option<PathBuf>,

    /// The sheet of the list, in a workbook.
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,

    /// The period the report is of, field by field (default: the list's, else the one most
    /// returns have); a return of another period is not counted.
    ///
    /// Example: --ky ky.quy=3 --ky ky.nam=2026
    #[arg(long, value_name = "FIELD=VALUE")]
    ky: Vec<String>,

    /// The report's own data, a JSON object (its number `so_van_ban`, date `ngay`, signer…),
    /// added to the aggregated data.
    ///
    /// Example: --data bao-cao.json
    #[arg(long, value_name = "FILE.json")]
    data: Option<PathBuf>,

    /// Output files (.pdf, .docx); may be repeated. Beside the first: <stem>.loi.csv (every
    /// problem) and <stem>.chua-nop.csv (with --schools).
    ///
    /// Example: -o bao-cao.pdf -o bao-cao.docx
    #[arg(short = 'o', long = "output", value_name = "OUT", required = true)]
    outputs: Vec<PathBuf>,

    /// Threads reading the workbooks (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,

    /// Another directory of fonts (see `render --help`).
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

pub(crate) fn run(args: TongHopArgs) -> ExitCode {
    let start = std::time::Instant::now();
    let mut outs = Vec::new();
    for o in &args.outputs {
        match Format::from_path(o) {
            Some(f) => outs.push((o.clone(), f)),
            None => return usage(&Text::UnknownOutput { path: o.display().to_string() }.to_string()),
        }
    }
    let mut period = Vec::new();
    for k in &args.ky {
        match k.split_once('=') {
            Some((f, v)) if !f.trim().is_empty() && !v.trim().is_empty() => period.push((f.trim().to_string(), v.trim().to_string())),
            _ => return usage(&Text::KyExpected { value: k.to_string() }.to_string()),
        }
    }
    let extra = match &args.data {
        None => serde_json::Map::new(),
        Some(p) => match vanban::input::read_text(&p.display().to_string()).map_err(|d| vec![d]).and_then(|t| {
            serde_json::from_str::<serde_json::Value>(&t).map_err(|e| {
                vec![vanban::diag::Diagnostic::error(vanban::messages::Msg::DataRowJson { detail: e.to_string() })
                    .in_file(p.display().to_string())
                    .line_col(e.line(), e.column().max(1))]
            })
        }) {
            Ok(serde_json::Value::Object(m)) => m,
            Ok(_) => return usage(&Text::DataOneObject { path: p.display().to_string() }.to_string()),
            Err(ds) => {
                print(&ds);
                return ExitCode::from(2);
            }
        },
    };
    let template = match vanban::template::Template::load(&args.template) {
        Ok(t) => t,
        Err(ds) => {
            print(&ds);
            return ExitCode::from(2);
        }
    };
    let dir = std::path::Path::new(&args.template).parent().filter(|p| !p.as_os_str().is_empty());
    let opts = vanban::aggregate::Options {
        from: &args.from,
        schools: args.schools.as_deref(),
        schools_sheet: args.sheet.as_deref(),
        period,
        jobs: args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let report = match vanban::aggregate::report(&template, dir, &opts, &extra, chrono::Local::now().date_naive()) {
        Ok(r) => r,
        Err(ds) => {
            print(&ds);
            return ExitCode::from(2);
        }
    };
    print(&report.warnings);
    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    // Everything is rendered before anything is written.
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (path, format) in &outs {
        let bytes = match format {
            Format::Pdf => engine.pdf(&report.composed),
            Format::Docx => docx.docx(&report.composed).map_err(|d| vec![d]),
        };
        match bytes {
            Ok(b) => files.push((path.clone(), b)),
            Err(ds) => {
                print(&ds);
                return ExitCode::from(2);
            }
        }
    }
    let first = &outs[0].0;
    let stem = first.file_stem().and_then(|s| s.to_str()).unwrap_or("bao-cao").to_string();
    let beside = |suffix: &str| first.with_file_name(format!("{stem}.{suffix}"));
    let g = &report.gathered;
    files.push((beside("loi.csv"), vanban::aggregate::problems_csv(&g.problems)));
    if args.schools.is_some() {
        files.push((beside("chua-nop.csv"), vanban::aggregate::missing_csv(&report)));
    }
    for (path, bytes) in &files {
        if let Err(d) = vanban::output::write_atomic(path, bytes) {
            print(&[d]);
            return ExitCode::from(2);
        }
    }
    for n in g.notes.iter().take(30) {
        eprintln!("{n}");
    }
    if g.notes.len() > 30 {
        eprintln!("{}", Text::AndMoreNotes { more: g.notes.len() - 30 });
    }
    for p in g.problems.iter().take(30) {
        eprintln!("{p}");
    }
    if g.problems.len() > 30 {
        eprintln!("{}", Text::AndMoreLines { more: g.problems.len() - 30 });
    }
    for (path, _) in &files {
        eprintln!("{}", Text::Wrote { path: path.display().to_string() });
    }
    let summary = Text::SummaryLine {
        files: g.files,
        units: g.used.len(),
        rejected: g.rejected.len(),
        sent: g.sent.map(|sent| Text::SentMissing { sent, missing: g.missing.len() }.to_string()).unwrap_or_default(),
        problems: g.problems.len(),
        seconds: format!("{:.1}", start.elapsed().as_secs_f64()),
    };
    eprintln!("{summary}");
    if g.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
