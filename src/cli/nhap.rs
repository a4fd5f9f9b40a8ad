//! `vanban nhap` (`import`): a Word document into vanban's JSON, or into a bulk template.

use super::{print_out, usage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
                print_out(&format!("{doc:#?}\n"));
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("lỗi: {msg}");
                ExitCode::from(1)
            }
        };
    }
    let _ = (args.output.as_deref().map(Path::new), args.template);
    usage("nhap: not yet")
}
