//! `vanban register`: the outgoing-document register (sổ đăng ký văn bản đi) — issue numbers,
//! list, export and void.

use super::{backends, print, print_out, usage};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::diag::{Diagnostic, Failure};
use vanban::messages::Text;
use vanban::register::{self, book, Filter, Issued};
use vanban::render::Format;

/// The arguments of `vanban register` (its help is on the command in main.rs).
#[derive(clap::Args)]
pub(crate) struct RegisterArgs {
    #[command(subcommand)]
    command: RegisterCommand,

    /// The register: a file (created on first `issue`). Default: $VANBAN_REGISTER, else
    /// vanban.db in the working folder.
    ///
    /// Example: --register /srv/van-thu/so-di.db
    #[arg(long, value_name = "PATH", global = true)]
    register: Option<String>,
}

#[derive(clap::Subcommand)]
enum RegisterCommand {
    /// Take the next number for each document (its issuer's sequence for the year of its
    /// date), record the book's ten columns, render the outputs with the number in them and
    /// print `Số: 07/KH-SGDĐT`. The same document issued again gets its number again; a
    /// document that carries a number is recorded with it, unless that number is taken.
    ///
    /// Examples:
    ///   vanban register issue ke-hoach.json -o ke-hoach.pdf -o ke-hoach.docx
    ///   vanban register issue ke-hoach.json --write-back
    ///   vanban register issue a.json b.json c.json
    #[command(verbatim_doc_comment)]
    Issue {
        /// The documents (JSON).
        #[arg(required = true, value_name = "DOC.json")]
        inputs: Vec<PathBuf>,
        /// Output files (.pdf, .docx) of a single document, with its number.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        outputs: Vec<PathBuf>,
        /// Write the number into the document's JSON (`"so": 7`), atomically.
        #[arg(long)]
        write_back: bool,
    },
    /// List the register (number order), with the book's columns.
    ///
    /// Examples:
    ///   vanban register list --year 2026
    ///   vanban register list --kind KH --search "chuyển đổi số"
    #[command(verbatim_doc_comment)]
    List {
        /// Only this year.
        #[arg(long)]
        year: Option<i32>,
        /// Only this kind code (`KH`, `QĐ`, `CV` …: the symbol's first part).
        #[arg(long)]
        kind: Option<String>,
        /// Text in the number, kind, summary, signer or recipients (tone marks optional).
        #[arg(long)]
        search: Option<String>,
    },
    /// Export the book of a year: .pdf (A4 landscape, a cover page with the agency and the
    /// year, the ten columns, pages numbered), .xlsx (header row, column widths, dates as
    /// dates) or .csv.
    ///
    /// The secret documents (mật) are a book of their own: --mat exports it, and only it.
    ///
    /// Examples:
    ///   vanban register export --year 2026 -o so-dang-ky-2026.pdf
    ///   vanban register export --year 2026 -o so-dang-ky-2026.xlsx
    ///   vanban register export --year 2026 --mat -o so-van-ban-mat-2026.pdf
    #[command(verbatim_doc_comment)]
    Export {
        /// The year.
        #[arg(long, required = true)]
        year: i32,
        /// The secret documents' book instead of the others'.
        #[arg(long)]
        mat: bool,
        /// The file: .pdf, .xlsx or .csv.
        #[arg(short = 'o', long = "output", required = true, value_name = "FILE")]
        output: PathBuf,
    },
    /// Take an existing register kept in Excel (the ten columns), so that an office can
    /// switch mid-year: the next number continues after the highest imported. All rows or
    /// none: a number already in the register stops the import.
    ///
    /// Example:
    ///   vanban register import so-di-2026.xlsx
    #[command(verbatim_doc_comment)]
    Import {
        /// The workbook (.xlsx).
        file: PathBuf,
    },
    /// Show or set how the numbers run: one sequence for every administrative document of
    /// an issuer (the default, ND30 Điều 15), or a sequence of its own for some kinds, and for
    /// each advisory body (Hội đồng, Ban, Tổ) issuing under the agency's seal. Secret
    /// documents and copies always have their own.
    ///
    /// Examples:
    ///   vanban register config
    ///   vanban register config --theo-loai QĐ,KH
    ///   vanban register config --hoi-dong HĐTĐKT,HĐKH   (symbols such as QĐ-HĐTĐKT)
    ///   vanban register config --chung
    #[command(verbatim_doc_comment)]
    Config {
        /// Kind codes numbered in a sequence of their own, comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "CODES", conflicts_with = "chung")]
        theo_loai: Option<Vec<String>>,
        /// Advisory bodies issuing under the agency's seal, by the abbreviation in their
        /// documents' symbols (`QĐ-HĐTĐKT`), comma-separated; each gets a sequence of its own.
        /// An empty value removes them.
        #[arg(long, value_delimiter = ',', value_name = "ABBRS")]
        hoi_dong: Option<Vec<String>>,
        /// Back to one sequence for all kinds.
        #[arg(long)]
        chung: bool,
    },
    /// Mark a number taken by mistake void, with the reason; it is never given again and
    /// the book shows it.
    ///
    /// Example:
    ///   vanban register void 12 --year 2026 --reason "Trùng nội dung với số 11"
    ///   vanban register void 03/QĐ-SGDĐT --year 2026 --reason "Ký nhầm"
    #[command(verbatim_doc_comment)]
    Void {
        /// The number (`12`), or the number and symbol (`12/QĐ-SGDĐT`) where several
        /// sequences have it.
        number: String,
        /// Its year.
        #[arg(long, required = true)]
        year: i32,
        /// Why.
        #[arg(long, required = true)]
        reason: String,
        /// A number of the secret documents' sequence (documents with `do_mat`), which has
        /// numbers of its own.
        #[arg(long)]
        mat: bool,
    },
}

/// Runs `vanban register`.
pub(crate) fn run(args: RegisterArgs) -> ExitCode {
    let location = register::location(args.register.as_deref());
    match args.command {
        RegisterCommand::Issue { inputs, outputs, write_back } => issue(&location, &inputs, &outputs, write_back),
        RegisterCommand::List { year, kind, search } => {
            let mut store = match register::open(&location, false) {
                Ok(s) => s,
                Err(d) => return fail(d),
            };
            match store.list(&Filter { year, kind, search }) {
                Err(d) => fail(d),
                Ok(entries) => {
                    let mut out = String::new();
                    for e in &entries {
                        let r = book::row(e);
                        out.push_str(&format!(
                            "{:<16} {:<10} {}{}\n",
                            r[0],
                            r[1],
                            r[2],
                            if e.void.is_some() { format!("  [{}]", r[9]) } else { String::new() }
                        ));
                    }
                    print_out(&out);
                    eprintln!("{}", Text::NumbersListed { count: entries.len() });
                    ExitCode::SUCCESS
                }
            }
        }
        RegisterCommand::Export { year, mat, output } => {
            let mut store = match register::open(&location, false) {
                Ok(s) => s,
                Err(d) => return fail(d),
            };
            let entries: Vec<_> = match store.list(&Filter { year: Some(year), ..Default::default() }) {
                Ok(e) => e.into_iter().filter(|e| (e.sequence == register::SECRET) == mat).collect(),
                Err(d) => return fail(d),
            };
            let title = book::title(mat);
            let ext = output.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let bytes = match ext.as_str() {
                "csv" => book::csv(&entries),
                "xlsx" => match book::xlsx(&entries, &format!("{title} NĂM {year}")) {
                    Ok(b) => b,
                    Err(d) => return fail(d),
                },
                "pdf" => {
                    let agency: Vec<String> = entries.last().map(|e| e.agency.lines().map(str::to_string).collect()).unwrap_or_default();
                    let (engine, _) = match backends(&[]) {
                        Ok(b) => b,
                        Err(code) => return code,
                    };
                    match engine.book(
                        book::pdf_data(&entries, &agency, year, title),
                        &format!("{} năm {year}", if mat { "Sổ đăng ký văn bản mật đi" } else { "Sổ đăng ký văn bản đi" }),
                        &agency.join(" "),
                    ) {
                        Ok(b) => b,
                        Err(ds) => {
                            print(&ds);
                            return ExitCode::from(1);
                        }
                    }
                }
                _ => return usage(&Text::ExportFormats { path: output.display().to_string() }.to_string()),
            };
            match vanban::output::write_atomic(&output, &bytes) {
                Ok(()) => {
                    eprintln!("{}", Text::WroteNumbers { path: output.display().to_string(), count: entries.len(), year });
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        RegisterCommand::Import { file } => {
            let entries = match book::read_xlsx(&file) {
                Ok(e) => e,
                Err(ds) => {
                    print(&ds);
                    return ExitCode::from(1);
                }
            };
            let mut store = match register::open(&location, true) {
                Ok(s) => s,
                Err(d) => return fail(d),
            };
            match store.import(&entries) {
                Ok(n) => {
                    eprintln!("{}", Text::Imported { count: n, path: file.display().to_string() });
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        RegisterCommand::Config { theo_loai, hoi_dong, chung } => {
            let change = theo_loai.is_some() || hoi_dong.is_some() || chung;
            let mut store = match register::open(&location, change) {
                Ok(s) => s,
                Err(d) => return fail(d),
            };
            if change {
                let mut config = match store.config() {
                    Ok(c) => c,
                    Err(d) => return fail(d),
                };
                let list = |v: Vec<String>| v.into_iter().map(|k| vanban::vn::normalize(k.trim())).filter(|k| !k.is_empty()).collect::<Vec<_>>();
                if chung || theo_loai.is_some() {
                    config.theo_loai = list(theo_loai.unwrap_or_default());
                }
                // An abbreviation names its sequence: one spelling (upper case) for one body.
                if let Some(bodies) = hoi_dong {
                    config.hoi_dong = list(bodies).iter().map(|b| vanban::vn::upper(b)).collect();
                }
                if let Err(d) = store.set_config(&config) {
                    return fail(d);
                }
            }
            match store.config() {
                Ok(c) => {
                    if c.theo_loai.is_empty() {
                        eprintln!("{}", Text::OneSequence);
                    } else {
                        eprintln!("{}", Text::OwnSequences { kinds: c.theo_loai.join(", ") });
                    }
                    if !c.hoi_dong.is_empty() {
                        eprintln!("{}", Text::AdvisorySequences { bodies: c.hoi_dong.join(", ") });
                    }
                    eprintln!("{}", Text::SecretSequences);
                }
                Err(d) => return fail(d),
            }
            ExitCode::SUCCESS
        }
        RegisterCommand::Void { number, year, reason, mat } => {
            let (n, symbol) = match number.split_once('/') {
                Some((n, s)) => (n.trim(), Some(vanban::vn::normalize(s.trim()))),
                None => (number.trim(), None),
            };
            let Ok(number) = n.parse::<u32>() else { return usage(&Text::NotANumber { value: n.to_string() }.to_string()) };
            let mut store = match register::open(&location, false) {
                Ok(s) => s,
                Err(d) => return fail(d),
            };
            let who = std::env::var("USER").unwrap_or_else(|_| "?".into());
            match store.void(symbol.as_deref(), mat, year, number, &reason, &who) {
                Ok(e) => {
                    eprintln!("{}", Text::Voided { entry: e.number_and_symbol(), year, reason: reason.to_string() });
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
    }
}

fn fail(d: Diagnostic) -> ExitCode {
    print(&[d]);
    ExitCode::from(1)
}

/// The JSON text with `"so": number` at the top level: the value replaced where the key is,
/// or the key added after the opening brace.
fn with_number(text: &str, number: u32) -> Option<String> {
    match vanban::diag::locate(text, "so") {
        Some(at) => {
            let end = at + text[at..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))?;
            Some(format!("{}{number}{}", &text[..at], &text[end..]))
        }
        None => {
            let brace = text.find('{')?;
            let indent = if text[brace + 1..].starts_with('\n') { "\n  " } else { " " };
            Some(format!("{}{indent}\"so\": {number},{}", &text[..=brace], &text[brace + 1..]))
        }
    }
}

/// [`vanban::ops::load_numbered`], the check's warnings printed before the number is taken.
pub(crate) fn load_numbered(
    store: &mut dyn register::Store,
    name: &str,
    today: chrono::NaiveDate,
    image_dirs: &[std::path::PathBuf],
) -> Result<(vanban::compose::Composed, Issued, String), Vec<Diagnostic>> {
    vanban::ops::load_numbered(store, name, today, image_dirs, &mut |w| super::print(w))
}

/// Whether the JSON text already carries `"so": number` at the top level.
fn text_has_number(text: &str, number: u32) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("so").and_then(serde_json::Value::as_u64) == Some(number as u64))
}

fn issue(location: &str, inputs: &[PathBuf], outputs: &[PathBuf], write_back: bool) -> ExitCode {
    if !outputs.is_empty() && inputs.len() != 1 {
        return usage(&Text::OneDocumentForO.to_string());
    }
    let mut formats = Vec::new();
    for o in outputs {
        match Format::from_path(o) {
            Some(f) => formats.push((o.clone(), f)),
            None => return usage(&Text::UnknownOutput { path: o.display().to_string() }.to_string()),
        }
    }
    let existed = location.contains("://") || std::path::Path::new(location).exists();
    let mut store = match register::open(location, true) {
        Ok(s) => s,
        Err(d) => return fail(d),
    };
    if !existed {
        eprintln!("{}", Text::CreatedRegister { location: location.to_string() });
    }
    let backends = if formats.is_empty() {
        None
    } else {
        match backends(&[]) {
            Ok(b) => Some(b),
            Err(code) => return code,
        }
    };
    let today = chrono::Local::now().date_naive();
    let mut failed = 0;
    for input in inputs {
        let name = input.display().to_string();
        let result = (|| -> Result<(), Vec<Diagnostic>> {
            let (c, issued, text) = load_numbered(store.as_mut(), &name, today, &[])?;
            let e = issued.entry();
            if let Some((engine, docx)) = &backends {
                let mut rendered = Vec::new();
                for (path, f) in &formats {
                    let bytes = match f {
                        Format::Pdf => engine.pdf(&c)?,
                        Format::Docx => docx.docx(&c).map_err(|d| vec![d])?,
                    };
                    rendered.push((path, bytes));
                }
                for (path, bytes) in rendered {
                    vanban::output::write_atomic(path, &bytes).map_err(|d| vec![d])?;
                    eprintln!("{}", Text::Wrote { path: path.display().to_string() });
                }
            }
            if write_back && !matches!(issued, Issued::Recorded(_)) && !text_has_number(&text, e.number) {
                let updated = with_number(&text, e.number).ok_or_else(|| vec![Diagnostic::error(vanban::messages::Msg::WriteBack).in_file(&name)])?;
                vanban::output::write_atomic(input, updated.as_bytes()).map_err(|d| vec![d])?;
            }
            let how = match &issued {
                Issued::New(_) => "",
                Issued::Again(_) => " (issued before)",
                Issued::Recorded(_) => " (the document's own number, recorded)",
            };
            print_out(&format!("{}\n", Text::NumberOf { name: name.to_string(), number: e.number_and_symbol(), how: how.to_string() }));
            Ok(())
        })();
        if let Err(ds) = result {
            failed += 1;
            eprintln!("{}", Failure(ds));
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::with_number;

    #[test]
    fn the_number_goes_into_the_json() {
        assert_eq!(with_number("{\n  \"loai\": \"ke-hoach\"\n}", 7).unwrap(), "{\n  \"so\": 7,\n  \"loai\": \"ke-hoach\"\n}");
        assert_eq!(with_number("{\"so\": null, \"a\": 1}", 12).unwrap(), "{\"so\": 12, \"a\": 1}");
        assert_eq!(with_number("{\"a\": {\"so\": 3}, \"so\": 5}", 6).unwrap(), "{\"a\": {\"so\": 3}, \"so\": 6}");
    }
}
