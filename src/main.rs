//! The `vanban` command: parse arguments, run, print diagnostics, set the exit code
//! (0 all written, 1 some input had errors, 2 wrong usage).

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::diag::{Diagnostic, Failure};
use vanban::render::{docx::DocxWriter, fonts::FontSet, pdf::Engine, Format};

// Typst lays out with many small allocations; from two or more bulk workers at once glibc's
// allocator spends a seventh of the run in malloc and free (measured). mimalloc is made for this.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP: JSON → PDF, DOCX",
    long_about = "vanban turns a Vietnamese administrative document described in JSON into a PDF laid out \
                  as Nghị định 30/2020/NĐ-CP prescribes (letterhead, number and date line, title, body, \
                  signature, Nơi nhận, appendices)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render documents to PDF and DOCX.
    ///
    /// Examples:
    ///   vanban render samples/ke-hoach-so-gddt-quang-ngai.json -o ke-hoach.pdf
    ///   vanban render samples/ke-hoach-so-gddt-quang-ngai.json -o ke-hoach.pdf -o ke-hoach.docx
    ///   vanban render samples/*.json --out-dir out/ --format pdf,docx
    ///   cat doc.json | vanban render - -o doc.pdf
    #[command(verbatim_doc_comment)]
    Render(RenderArgs),

    /// Check documents against the input format and the ND30 rules, reporting every
    /// problem at once with its file, JSON path, line and column, and a hint. Exit 0 when no
    /// error is found (warnings allowed), 1 otherwise.
    ///
    /// A template (a shipped name or a file with {{…}} placeholders) is checked for its
    /// syntax; with --data or --rows, merged with the data and checked as `render --data`
    /// and `bulk` would, without rendering: every failing row with its field and message.
    ///
    /// Examples:
    ///   vanban check samples/*.json
    ///   vanban check ke-hoach.json --format json
    ///   vanban check phieu-bao-cao-quy --rows samples/truong.xlsx
    ///   vanban check my-template.json --data row.json
    #[command(verbatim_doc_comment)]
    Check {
        /// Input JSON documents (or templates, with --data/--rows); `-` reads standard input.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
        /// `text` for people, `json` (one array of diagnostics) for programs.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// One data row (a JSON object) to merge into each INPUT template.
        #[arg(long, value_name = "ROW.json", conflicts_with = "rows")]
        data: Option<PathBuf>,
        /// A rows file (.xlsx, .csv, .json) to check row by row against the INPUT template.
        #[arg(long, value_name = "FILE")]
        rows: Option<PathBuf>,
        /// The sheet of an .xlsx rows file (default: the first).
        #[arg(long, value_name = "NAME", requires = "rows")]
        sheet: Option<String>,
    },

    /// Render one document per row of a spreadsheet from a template.
    ///
    /// TEMPLATE is a shipped template (phieu-bao-cao-quy, bao-cao-quy) or a template file.
    /// A bad row is reported with its row number, field and message (also in failures.csv
    /// beside the output) and the other rows are still written; the exit code is then 1.
    ///
    /// Examples:
    ///   vanban bulk phieu-bao-cao-quy --rows samples/truong.xlsx --out-dir out/phieu
    ///   vanban bulk phieu-bao-cao-quy --rows samples/truong.csv --zip out/phieu.zip --format pdf
    ///   vanban bulk my-template.json --rows ds.xlsx --sheet "Danh sách" --name "{{truong.ma}}" --out-dir out
    #[command(verbatim_doc_comment)]
    Bulk(BulkArgs),

    /// Print the JSON Schema of the input format (Vietnamese descriptions), for editors
    /// such as VS Code to complete and validate documents.
    ///
    /// Example:
    ///   vanban schema > vanban.schema.json
    #[command(verbatim_doc_comment)]
    Schema,

    /// Print a starter document of a kind, ready to render and to edit.
    ///
    /// Examples:
    ///   vanban new ke-hoach > ke-hoach.json
    ///   vanban new cong-van -o cong-van.json
    #[command(verbatim_doc_comment)]
    New {
        /// ke-hoach, bao-cao, cong-van, to-trinh, quyet-dinh, thong-bao or giay-moi.
        kind: String,
        /// Write to this file instead of standard output (not overwritten if it exists).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },

    /// Write the Typst project of a document (nd30.typ, nd30-parts.typ, profile.json, data.json) into DIR, for
    /// `typst compile DIR/nd30.typ` (debugging and benchmarks).
    #[command(hide = true)]
    TypstProject {
        /// Input JSON document.
        input: String,
        /// Directory to write into.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Docx,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Docx => Format::Docx,
        }
    }
}

#[derive(clap::Args)]
struct BulkArgs {
    /// A shipped template's name or a template file.
    ///
    /// Example: phieu-bao-cao-quy
    template: String,

    /// The rows: .xlsx (first sheet, or --sheet), .csv (UTF-8, with or without BOM) or .json
    /// (an array of objects). Headers are field names; `truong.ten` makes a nested field.
    ///
    /// Example: --rows samples/truong.xlsx
    #[arg(long, value_name = "FILE")]
    rows: PathBuf,

    /// The sheet of a workbook to read.
    ///
    /// Example: --sheet "Danh sách trường"
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,

    /// Output folder (created if missing); failures.csv is written there when rows fail.
    ///
    /// Example: --out-dir out/phieu
    #[arg(long, value_name = "DIR", required_unless_present = "zip", conflicts_with = "zip")]
    out_dir: Option<PathBuf>,

    /// Write one ZIP archive instead of a folder (entries in row order).
    ///
    /// Example: --zip out/phieu.zip
    #[arg(long, value_name = "OUT.zip")]
    zip: Option<PathBuf>,

    /// Formats, comma-separated.
    ///
    /// Example: --format pdf
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pdf,docx")]
    format: Vec<FormatArg>,

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

#[derive(clap::Args)]
struct RenderArgs {
    /// Input JSON documents; `-` reads standard input.
    ///
    /// Example: samples/ke-hoach-truong-tc-cai-be.json
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,

    /// Output file; the format comes from the extension (.pdf, .docx). May be given more than once
    /// to write several files from one input. Needs exactly one INPUT.
    ///
    /// Example: -o ke-hoach.pdf
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    outputs: Vec<PathBuf>,

    /// Directory for the outputs of several inputs: each INPUT writes DIR/<name>.pdf and
    /// DIR/<name>.docx (see --format). The directory is created if missing.
    ///
    /// Example: --out-dir out/
    #[arg(long, value_name = "DIR", conflicts_with = "outputs")]
    out_dir: Option<PathBuf>,

    /// Formats written with --out-dir, comma-separated.
    ///
    /// Example: --format pdf   (only PDF)
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pdf,docx", requires = "out_dir")]
    format: Vec<FormatArg>,

    /// Merge this data row (a JSON object) into INPUT, which is then a template: a shipped
    /// template's name or a template file.
    ///
    /// Example: vanban render phieu-bao-cao-quy --data truong-01.json -o phieu.pdf
    #[arg(long, value_name = "ROW.json")]
    data: Option<PathBuf>,

    /// Another directory of fonts (.ttf/.otf). A family named "Times New Roman" found there is
    /// used instead of the bundled Vanban Serif (Liberation Serif). May be repeated.
    ///
    /// Example: --font-path /usr/share/fonts/truetype/msttcorefonts
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

/// Writes `text` to standard output. A reader that stops early (`vanban schema | head`) is
/// not an error of ours: the rest is dropped, where `print!` would panic. Any other write
/// error (a full disk behind a redirection) ends the run with exit code 1.
fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("vanban: cannot write to standard output: {e}");
            std::process::exit(1);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render(args) => render(args),
        Command::Bulk(args) => bulk(args),
        Command::Check { inputs, format, data, rows, sheet } => match (data, rows) {
            (Some(data), _) => check_template_row(&inputs, &data, format),
            (None, Some(rows)) => check_rows(&inputs, &rows, sheet.as_deref(), format),
            (None, None) => check(&inputs, format),
        },
        Command::Schema => {
            print_out(&format!("{}\n", vanban::schema()));
            ExitCode::SUCCESS
        }
        Command::New { kind, output } => new(&kind, output.as_deref()),
        Command::TypstProject { input, dir } => typst_project(&input, &dir),
    }
}

/// The two back ends over the bundled fonts and those of `font_path`, loaded once.
fn backends(font_path: &[PathBuf]) -> Result<(Engine, DocxWriter), ExitCode> {
    let fonts = FontSet::load(font_path).map_err(|d| {
        print(&[d]);
        ExitCode::from(2)
    })?;
    let engine = Engine::new(fonts);
    let docx = DocxWriter::new(engine.profile().clone());
    Ok((engine, docx))
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn render(args: RenderArgs) -> ExitCode {
    // Work out every (input, outputs) pair before doing anything.
    let mut jobs: Vec<(String, Vec<(PathBuf, Format)>)> = Vec::new();
    if !args.outputs.is_empty() {
        if args.inputs.len() != 1 {
            return usage("-o takes one INPUT; use --out-dir DIR for several");
        }
        if args.data.is_some() && args.inputs[0] == "-" {
            return usage("with --data, INPUT is a template: a shipped name or a file");
        }
        let mut outs = Vec::new();
        for o in &args.outputs {
            match Format::from_path(o) {
                Some(f) => outs.push((o.clone(), f)),
                None => return usage(&format!("{}: unknown output format; use a .pdf or .docx name", o.display())),
            }
        }
        jobs.push((args.inputs[0].clone(), outs));
    } else if let Some(dir) = &args.out_dir {
        for input in &args.inputs {
            if input == "-" {
                return usage("standard input has no name: use -o OUT with `-`");
            }
            let stem = Path::new(input).file_stem().and_then(|s| s.to_str()).unwrap_or("document");
            let mut outs: Vec<(PathBuf, Format)> = Vec::new();
            for f in &args.format {
                let f = Format::from(*f);
                if !outs.iter().any(|(_, g)| *g == f) {
                    outs.push((dir.join(format!("{stem}.{}", f.ext())), f));
                }
            }
            jobs.push((input.clone(), outs));
        }
        if let Err(e) = std::fs::create_dir_all(dir) {
            return usage(&format!("cannot create {}: {e}", dir.display()));
        }
    } else {
        return usage("say where to write: -o OUT.pdf or --out-dir DIR");
    }

    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut failed = 0;
    for (input, outs) in jobs {
        let loaded = match &args.data {
            Some(data) => load_template_row(&input, data),
            None => vanban::load(&input),
        };
        let result = loaded.and_then(|(doc, warnings)| {
            print(&warnings);
            let in_file = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.in_file(&input)).collect::<Vec<_>>();
            // Everything is rendered before anything is written.
            // Each format once, however many outputs name it.
            let mut rendered: Vec<(Format, Vec<u8>)> = Vec::new();
            for (_, format) in &outs {
                if !rendered.iter().any(|(f, _)| f == format) {
                    let bytes = match format {
                        Format::Pdf => engine.pdf(&doc).map_err(in_file)?,
                        Format::Docx => docx.docx(&doc).map_err(|d| in_file(vec![d]))?,
                    };
                    rendered.push((*format, bytes));
                }
            }
            for (path, format) in &outs {
                let bytes = rendered.iter().find(|(f, _)| f == format).map_or(&[][..], |(_, b)| b.as_slice());
                vanban::output::write_atomic(path, bytes).map_err(|d| vec![d])?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                for (path, _) in &outs {
                    eprintln!("wrote {}", path.display());
                }
            }
            Err(diags) => {
                failed += 1;
                eprintln!("{}", Failure(diags));
            }
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn typst_project(input: &str, dir: &Path) -> ExitCode {
    let doc = match vanban::load(input) {
        Ok((d, _)) => d,
        Err(ds) => {
            print(&ds);
            return ExitCode::from(1);
        }
    };
    let (engine, _) = match backends(&[]) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let files = engine.project_files(&doc);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage(&format!("cannot create {}: {e}", dir.display()));
    }
    for (name, bytes) in files {
        if let Err(d) = vanban::output::write_atomic(&dir.join(name), &bytes) {
            print(&[d]);
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn check(inputs: &[String], format: CheckFormat) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let mut all = Vec::new();
    let mut notes = Vec::new();
    for input in inputs {
        // A template is not a document until merged: of a template, its syntax is checked.
        if let Some((name, text)) = vanban::template::SHIPPED.iter().find(|(n, _)| n == input) {
            match vanban::template::Template::from_text(name, text) {
                Ok(_) => eprintln!("{input}: a template, its syntax is correct; to check data against it: vanban check {input} --data ROW.json (or --rows FILE)"),
                Err(ds) => all.extend(ds),
            }
            continue;
        }
        match vanban::input::read_text(input) {
            Ok(text) => {
                let diags = vanban::analyse(input, &text, today).1;
                // Not a valid document, with placeholders: perhaps a template. It is still
                // reported as a document (a document's text may hold `{{` and is printed
                // as it is), with its template syntax errors if any and a pointer to
                // --data / --rows.
                let template = diags.iter().any(Diagnostic::is_error)
                    && !diags.iter().any(|d| d.code == "json-syntax")
                    && text.contains("{{");
                all.extend(diags);
                if template {
                    match vanban::template::Template::from_text(input, &text) {
                        Ok(_) => notes.push(format!("note: {input} has {{{{…}}}} placeholders: if it is a template, check it with a data row: vanban check {input} --data ROW.json (or --rows FILE)")),
                        Err(ds) => all.extend(ds),
                    }
                }
            }
            Err(d) => all.push(d),
        }
    }
    let code = report(inputs.len(), &all, format);
    for n in notes {
        eprintln!("{n}");
    }
    code
}

/// Each INPUT template merged with one data row and checked, as `render --data` does.
fn check_template_row(inputs: &[String], data: &Path, format: CheckFormat) -> ExitCode {
    let mut all = Vec::new();
    for input in inputs {
        match load_template_row(input, data) {
            Ok((_, warnings)) => all.extend(warnings),
            Err(ds) => all.extend(ds),
        }
    }
    report(inputs.len(), &all, format)
}

/// Every row of a rows file checked against one template, as `bulk` would before rendering.
fn check_rows(inputs: &[String], rows: &Path, sheet: Option<&str>, format: CheckFormat) -> ExitCode {
    let [input] = inputs else {
        return usage("--rows takes one INPUT template");
    };
    let template = match vanban::template::Template::load(input) {
        Ok(t) => t,
        Err(ds) => return report(1, &ds, format),
    };
    let (read, failures) = match vanban::bulk::check_rows(&template, rows, sheet, chrono::Local::now().date_naive()) {
        Ok(r) => r,
        Err(ds) => return report(1, &ds, format),
    };
    let failed = vanban::bulk::failed_rows(&failures);
    match format {
        CheckFormat::Json => {
            let list: Vec<serde_json::Value> = failures
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "severity": "error", "code": "row", "file": rows.display().to_string(),
                        "row": f.row, "field": f.field, "message": f.message,
                    })
                })
                .collect();
            print_out(&format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default()));
        }
        CheckFormat::Text => {
            for f in &failures {
                eprintln!("{}: {f}", rows.display());
            }
            eprintln!("{read} row(s) checked against {input}: {failed} with errors");
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints diagnostics in the chosen format; exit 1 when one is an error.
fn report(files: usize, all: &[Diagnostic], format: CheckFormat) -> ExitCode {
    match format {
        CheckFormat::Json => print_out(&format!("{}\n", serde_json::to_string_pretty(&all).unwrap_or_default())),
        CheckFormat::Text => {
            print(all);
            let errors = all.iter().filter(|d| d.is_error()).count();
            eprintln!("{files} file(s) checked: {errors} error(s), {} warning(s)", all.len() - errors);
        }
    }
    if all.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn new(kind: &str, output: Option<&Path>) -> ExitCode {
    let Some(text) = vanban::starter(kind) else {
        let kinds: Vec<&str> = vanban::STARTERS.iter().map(|(k, _)| *k).collect();
        return usage(&format!("no starter for `{kind}`; choose one of: {}", kinds.join(", ")));
    };
    match output {
        None => {
            print_out(text);
            ExitCode::SUCCESS
        }
        Some(path) if path.exists() => usage(&format!("{} exists; not overwritten", path.display())),
        Some(path) => match vanban::output::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                print(&[d]);
                ExitCode::from(1)
            }
        },
    }
}

/// A template merged with one data row, checked and composed.
fn load_template_row(template: &str, data: &Path) -> Result<(vanban::compose::Composed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let t = vanban::template::Template::load(template)?;
    let name = data.display().to_string();
    let text = vanban::input::read_text(&name).map_err(|d| vec![d])?;
    let row: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| vec![Diagnostic::error("json-syntax", e.to_string()).in_file(&name).line_col(e.line(), e.column().max(1))])?;
    if !row.is_object() {
        return Err(vec![Diagnostic::error("rows-format", "a data row is one JSON object").in_file(&name)]);
    }
    let doc = t.merge(&row, &name)?;
    match vanban::analyse_doc(&doc, chrono::Local::now().date_naive()) {
        (Some(c), warnings) => Ok((c, warnings)),
        (None, diags) => Err(diags.into_iter().map(|d| if d.file.is_none() { d.in_file(template) } else { d }).collect()),
    }
}

fn bulk(args: BulkArgs) -> ExitCode {
    let template = match vanban::template::Template::load(&args.template) {
        Ok(t) => t,
        Err(ds) => {
            print(&ds);
            return ExitCode::from(2);
        }
    };
    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        let f = Format::from(*f);
        if !formats.contains(&f) {
            formats.push(f);
        }
    }
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = vanban::bulk::Options {
        rows: args.rows,
        sheet: args.sheet,
        out_dir: args.out_dir,
        zip: args.zip,
        formats,
        name: args.name,
        jobs,
        today: chrono::Local::now().date_naive(),
    };
    match vanban::bulk::run(&template, &engine, &docx, &opts) {
        Err(ds) => {
            print(&ds);
            ExitCode::from(2)
        }
        Ok(sum) => {
            for f in sum.failures.iter().take(20) {
                eprintln!("{f}");
            }
            if sum.failures.len() > 20 {
                eprintln!("… and {} more", sum.failures.len() - 20);
            }
            let failed_rows = vanban::bulk::failed_rows(&sum.failures);
            eprintln!(
                "rows read: {}, documents written: {}, rows failed: {}, time: {:.1} s ({:.0} rows/s){}",
                sum.rows_read,
                sum.documents_written,
                failed_rows,
                sum.elapsed.as_secs_f64(),
                sum.rows_read as f64 / sum.elapsed.as_secs_f64().max(1e-9),
                sum.failures_csv.map(|p| format!("; see {}", p.display())).unwrap_or_default()
            );
            if failed_rows > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
