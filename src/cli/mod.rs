//! The commands of `vanban`, one file each: each parses nothing itself (clap did) and calls
//! the library; what they share (printing, exit codes, the back ends) is here. No work of a
//! command is done here: it belongs in the library, where the server can call it too.
//!
//! - [`render`]: `render` (PDF, DOCX, copies, PDF/A, a number from the register, a signature
//!   field) and `typst-project`.
//! - [`check`]: `check` (documents, templates, templates against rows; as text or JSON).
//! - [`new`]: `new` (a starter document of a kind).
//! - [`bulk`]: `bulk` (a template × rows, files or ZIP, the progress bar).
//! - [`ho_so`]: `ho-so` (award dossiers: a unit's, the council's `tong-hop`).
//! - [`tong_hop`]: `tong-hop` (the summary report of returned forms).
//! - [`register`]: `register` (issue, void, list, export, import, config).
//! - [`serve`]: `serve` (the web editor's options, accounts, addresses).

pub mod bulk;
pub mod check;
pub mod ho_so;
pub mod new;
pub mod nhap;
pub mod register;
pub mod render;
pub mod serve;
pub mod tong_hop;

use std::path::PathBuf;
use std::process::ExitCode;
use vanban::diag::Diagnostic;
use vanban::messages::Text;
use vanban::render::{docx::DocxWriter, fonts::FontSet, pdf::Engine, Format};

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum FormatArg {
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

/// Writes `text` to standard output. A reader that stops early (`vanban schema | head`) is
/// not an error of ours: the rest is dropped, where `print!` would panic. Any other write
/// error (a full disk behind a redirection) ends the run with exit code 1.
pub(crate) fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("{}", Text::CliCannotWriteStdout { error: e.to_string() });
            std::process::exit(1);
        }
    }
}

/// The two back ends over the bundled fonts and those of `font_path`, loaded once.
pub(crate) fn backends(font_path: &[PathBuf]) -> Result<(std::sync::Arc<Engine>, DocxWriter), ExitCode> {
    let fonts = FontSet::load(font_path).map_err(|d| {
        print(&[d]);
        ExitCode::from(2)
    })?;
    let engine = std::sync::Arc::new(Engine::new(fonts));
    let charts = engine.clone();
    let docx = DocxWriter::new(engine.profile().clone()).with_charts(std::sync::Arc::new(move |c| charts.chart_png(c)));
    Ok((engine, docx))
}

pub(crate) fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

pub(crate) fn usage(msg: &str) -> ExitCode {
    eprintln!("{}", Text::CliError { message: msg.to_string() });
    ExitCode::from(2)
}

/// Prints diagnostics in the chosen format; exit 1 when one is an error.
pub(crate) fn report(files: usize, all: &[Diagnostic], format: CheckFormat) -> ExitCode {
    match format {
        // Cannot fail: diagnostics are plain structs of strings and numbers.
        CheckFormat::Json => print_out(&format!("{}\n", serde_json::to_string_pretty(&all).unwrap_or_default())),
        CheckFormat::Text => {
            print(all);
            let errors = all.iter().filter(|d| d.is_error()).count();
            eprintln!("{}", Text::FilesChecked { files, errors, warnings: all.len() - errors });
        }
    }
    if all.iter().any(Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Adds the legal texts of `--van-ban-phap-luat FILE` to the table `check` dates citations
/// against; a file that cannot be read is reported, every problem with its place.
pub(crate) fn install_law(file: Option<&std::path::Path>) -> Result<(), ExitCode> {
    let Some(file) = file else { return Ok(()) };
    match vanban::law::Table::read(&file.display().to_string()) {
        Ok(t) => {
            vanban::law::install(t);
            Ok(())
        }
        Err(d) => {
            print(&[d]);
            Err(ExitCode::from(1))
        }
    }
}
