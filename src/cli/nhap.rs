//! `vanban nhap` (`import`): a Word document into vanban's JSON, or into a bulk template.

use super::print_out;
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::messages::Text;

/// The arguments of `vanban nhap` (its help is on the command in main.rs).
#[derive(clap::Args)]
pub(crate) struct NhapArgs {
    /// The Word document (.docx; .doc is converted with LibreOffice when installed).
    #[arg(value_name = "FILE.docx")]
    pub(crate) input: PathBuf,
    /// Write the JSON to this file (standard output when not given).
    #[arg(short = 'o', long = "output", value_name = "DOC.json")]
    pub(crate) output: Option<PathBuf>,
    /// Keep `{{…}}` placeholders typed in Word: the output is a template for `vanban bulk`.
    #[arg(long)]
    pub(crate) template: bool,
    /// Print the document as read (sections, paragraphs with their formatting, tables, text
    /// boxes) instead of importing it: for finding why a part was not recognised.
    #[arg(long, hide = true)]
    pub(crate) word_model: bool,
}

pub(crate) fn run(args: NhapArgs) -> ExitCode {
    if args.word_model {
        return match vanban::import::word::read_docx_file(&args.input) {
            Ok(doc) => {
                print_out(&doc.outline());
                ExitCode::SUCCESS
            }
            Err(d) => {
                super::print(&[d]);
                ExitCode::from(1)
            }
        };
    }
    let imported = match vanban::import::import_file(&args.input, args.template) {
        Ok(i) => i,
        Err(d) => {
            super::print(&[d]);
            return ExitCode::from(1);
        }
    };
    let file = args.input.display().to_string();
    super::print(&imported.unmapped.iter().map(|u| u.diagnostic(&file)).collect::<Vec<_>>());
    let json = imported.to_json();
    match &args.output {
        None => print_out(&json),
        Some(path) => {
            if let Err(d) = vanban::output::write_atomic(path, json.as_bytes()) {
                super::print(&[d]);
                return ExitCode::from(1);
            }
            eprintln!("{}", Text::ImportWritten { path: path.display().to_string(), count: imported.unmapped.len() });
        }
    }
    ExitCode::SUCCESS
}
