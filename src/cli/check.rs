//! `vanban check`: documents, templates, and templates against data rows, without rendering.

use super::render::load_template_row;
use super::{print_out, report, usage, CheckFormat};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::diag::Diagnostic;
use vanban::messages::Text;

/// The arguments of `vanban check` (its help is on the command in main.rs).
#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Input JSON documents (or templates, with --data/--rows), or documents made elsewhere
    /// (.docx, .pdf) whose layout is checked against ND30; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<String>,
    /// For a .pdf or .docx: print what was read (each line or paragraph with its place, font,
    /// size and style, and the rules), then the findings.
    #[arg(long)]
    pub(crate) explain: bool,
    /// `text` for people, `json` (one array of diagnostics) for programs.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: CheckFormat,
    /// One data row (a JSON object) to merge into each INPUT template.
    #[arg(long, value_name = "ROW.json", conflicts_with = "rows")]
    pub(crate) data: Option<PathBuf>,
    /// A rows file (.xlsx, .csv, .json) to check row by row against the INPUT template.
    #[arg(long, value_name = "FILE")]
    pub(crate) rows: Option<PathBuf>,
    /// The sheet of an .xlsx rows file (default: the first).
    #[arg(long, value_name = "NAME", requires = "rows")]
    pub(crate) sheet: Option<String>,
    /// A folder the images of ký số may also come from (as `render --image-path`).
    #[arg(long, value_name = "DIR")]
    pub(crate) image_path: Vec<PathBuf>,
    /// A table of legal texts (JSON, as templates/phap-luat.json) added to vanban's own, for
    /// the warnings on citations of texts that have ceased to have effect.
    #[arg(long, value_name = "FILE")]
    pub(crate) van_ban_phap_luat: Option<PathBuf>,
}

/// Runs `vanban check`: documents, a template with one data row, or a template with rows.
pub(crate) fn run(args: CheckArgs) -> ExitCode {
    if let Err(code) = super::install_law(args.van_ban_phap_luat.as_deref()) {
        return code;
    }
    match (args.data, args.rows) {
        (Some(data), _) => check_template_row(&args.inputs, &data, args.format),
        (None, Some(rows)) => check_rows(&args.inputs, &rows, args.sheet.as_deref(), args.format),
        (None, None) if args.explain => explain(&args.inputs),
        (None, None) => check(&args.inputs, args.format, &args.image_path),
    }
}

pub(crate) fn check(inputs: &[String], format: CheckFormat, image_dirs: &[PathBuf]) -> ExitCode {
    let today = chrono::Local::now().date_naive();
    let mut all = Vec::new();
    let mut notes = Vec::new();
    for input in inputs {
        // A PDF or Word document made elsewhere: the decree's layout checked on it.
        if vanban::import::is_foreign(input) {
            all.extend(vanban::import::check_file(input));
            continue;
        }
        // A template is not a document until merged: of a template, its syntax is checked.
        if let Some((name, text)) = vanban::template::SHIPPED.iter().find(|(n, _)| n == input) {
            match vanban::template::Template::from_text(name, text) {
                Ok(_) => {
                    eprintln!("{}", Text::TemplateSyntaxOk { input: input.to_string() })
                }
                Err(ds) => all.extend(ds),
            }
            continue;
        }
        match vanban::input::read_text(input) {
            Ok(text) => {
                let diags = vanban::analyse_with(input, &text, today, Some(&vanban::images::Access::of_file(input, image_dirs))).1;
                // Not a valid document, with placeholders: perhaps a template. It is still
                // reported as a document (a document's text may hold `{{` and is printed
                // as it is), with its template syntax errors if any and a pointer to
                // --data / --rows.
                let template = diags.iter().any(Diagnostic::is_error) && !diags.iter().any(|d| d.code == "json-syntax") && text.contains("{{");
                all.extend(diags);
                if template {
                    match vanban::template::Template::from_text(input, &text) {
                        Ok(_) => notes.push(Text::MaybeTemplate { input: input.to_string() }.to_string()),
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

/// `--explain`: what was read of each .pdf or .docx, then its findings.
fn explain(inputs: &[String]) -> ExitCode {
    let mut all = Vec::new();
    for input in inputs {
        match vanban::import::read_file(input).and_then(|b| vanban::import::read(input, b)) {
            Ok(laid) => {
                print_out(&format!("{}\n{}", Text::ExplainRead { file: input.clone() }, laid.describe()));
                all.extend(vanban::import::layout::check(&laid, input));
            }
            Err(d) => all.push(d),
        }
    }
    report(inputs.len(), &all, CheckFormat::Text)
}

/// Each INPUT template merged with one data row and checked, as `render --data` does.
pub(crate) fn check_template_row(inputs: &[String], data: &Path, format: CheckFormat) -> ExitCode {
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
pub(crate) fn check_rows(inputs: &[String], rows: &Path, sheet: Option<&str>, format: CheckFormat) -> ExitCode {
    let [input] = inputs else {
        return usage(&Text::RowsOneTemplate.to_string());
    };
    let template = match vanban::template::Template::load(input) {
        Ok(t) => t,
        Err(ds) => return report(1, &ds, format),
    };
    let (read, failures, notes) = match vanban::bulk::check_rows(&template, rows, sheet, chrono::Local::now().date_naive()) {
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
            // Cannot fail: a list of `Value`s made by `json!`.
            print_out(&format!("{}\n", serde_json::to_string_pretty(&list).unwrap_or_default()));
        }
        CheckFormat::Text => {
            for n in &notes {
                eprintln!("{n}");
            }
            for f in &failures {
                eprintln!("{}: {f}", rows.display());
            }
            eprintln!("{}", Text::RowsChecked { read, input: input.to_string(), failed });
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
