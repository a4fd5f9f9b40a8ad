//! `vanban render`: documents (or a template with one data row) to PDF and DOCX; and the
//! hidden `typst-project` export.

use super::{backends, print, usage, FormatArg};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vanban::diag::{Diagnostic, Failure};
use vanban::messages::Text;
use vanban::ops::{CopySource, RenderOptions};
use vanban::render::pdf::Archive;
use vanban::render::sigfield::SignatureField;
use vanban::render::Format;

#[derive(clap::Args)]
pub(crate) struct RenderArgs {
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

    /// Give each document its number from the register first, as `vanban register issue`
    /// does: the register file given, else $VANBAN_REGISTER, else vanban.db here.
    ///
    /// Example: vanban render ke-hoach.json -o ke-hoach.pdf --register
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "", conflicts_with = "data")]
    register: Option<String>,

    /// Print the draft mark `DỰ THẢO`, boxed, top right (a document's own `du_thao` wins,
    /// e.g. `"du_thao": 2` for `DỰ THẢO 2`).
    ///
    /// Example: vanban render ke-hoach.json -o du-thao.pdf --draft
    #[arg(long)]
    draft: bool,

    /// Print the marks (urgency, secrecy, circulation, draft) in red, the ink the decree gives
    /// stamped urgency marks; black by default.
    ///
    /// Example: vanban render cong-van-khan.json -o cv.pdf --color-marks
    #[arg(long)]
    color_marks: bool,

    /// Print a copy (bản sao) of the document: `sao-y`, `sao-luc` or `trich-sao`. The copy
    /// block (the kind of copy, the copying agency, `Số: 05/SY-…`, place and date, signature,
    /// Nơi nhận) follows the document under a full-width rule, from --copy-data. With
    /// --register the copy, not the document, is numbered: copies of every kind share one
    /// sequence from 01 each year.
    ///
    /// Example: vanban render ke-hoach.json --copy sao-y --copy-data ban-sao.json -o ban-sao.pdf
    #[arg(long, value_name = "KIND", value_parser = ["sao-y", "sao-luc", "trich-sao"], requires = "copy_data", conflicts_with = "data")]
    copy: Option<String>,

    /// The copy's data for --copy: a JSON file (`vanban schema ban-sao` gives its schema).
    ///
    /// Example: --copy-data samples/ban-sao/sao-y.json
    #[arg(long, value_name = "COPY.json", requires = "copy")]
    copy_data: Option<PathBuf>,

    /// Write the PDF as PDF/A for archiving: `a-2b`, or `a-3b` with the document's JSON file
    /// attached to it as its source data (with --data: the data row).
    ///
    /// Example: vanban render ke-hoach.json -o ke-hoach.pdf --pdf-standard a-3b
    #[arg(long, value_name = "STANDARD", value_parser = ["a-2b", "a-3b"])]
    pdf_standard: Option<String>,

    /// Add an empty PDF signature field for ký số, named by the document's number and symbol:
    /// `nguoi-ky` (the default) over the signer's block, between title and name; `dinh-kem`
    /// for an appendix or attachment in a file of its own, top right of the first page, where
    /// the agency signs it. Signing software (the CA providers' plugins, Foxit, Adobe) then
    /// signs in that place.
    ///
    /// Example: vanban render ke-hoach.json -o ke-hoach.pdf --signature-field
    #[arg(long, value_name = "WHERE", value_parser = ["nguoi-ky", "dinh-kem"], num_args = 0..=1, default_missing_value = "nguoi-ky")]
    signature_field: Option<String>,

    /// A folder the images of ký số (`ky.anh_chu_ky`, `co_quan.anh_dau`) may also come from;
    /// without it they must be in the document's folder or below it. May be repeated.
    ///
    /// Example: --image-path ~/chu-ky
    #[arg(long, value_name = "DIR")]
    image_path: Vec<PathBuf>,

    /// A table of legal texts (JSON, as templates/phap-luat.json) added to vanban's own: the
    /// day each ceased to have effect and what replaced it, for the warnings on citations.
    ///
    /// Example: --van-ban-phap-luat phap-luat-dia-phuong.json
    #[arg(long, value_name = "FILE")]
    van_ban_phap_luat: Option<PathBuf>,

    /// Another directory of fonts (.ttf/.otf). A family named "Times New Roman" found there is
    /// used instead of the bundled Vanban Serif (Liberation Serif). May be repeated.
    ///
    /// Example: --font-path /usr/share/fonts/truetype/msttcorefonts
    #[arg(long, value_name = "DIR")]
    font_path: Vec<PathBuf>,
}

pub(crate) fn render(args: RenderArgs) -> ExitCode {
    if let Err(code) = super::install_law(args.van_ban_phap_luat.as_deref()) {
        return code;
    }
    // Work out every (input, outputs) pair before doing anything.
    let mut jobs: Vec<(String, Vec<(PathBuf, Format)>)> = Vec::new();
    if !args.outputs.is_empty() {
        if args.inputs.len() != 1 {
            return usage(&Text::OneInputForO.to_string());
        }
        if args.data.is_some() && args.inputs[0] == "-" {
            return usage(&Text::DataNeedsTemplate.to_string());
        }
        let mut outs = Vec::new();
        for o in &args.outputs {
            match Format::from_path(o) {
                Some(f) => outs.push((o.clone(), f)),
                None => return usage(&Text::UnknownOutput { path: o.display().to_string() }.to_string()),
            }
        }
        jobs.push((args.inputs[0].clone(), outs));
    } else if let Some(dir) = &args.out_dir {
        for input in &args.inputs {
            if input == "-" {
                return usage(&Text::StdinNoName.to_string());
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
            return usage(&Text::CannotCreateDir { path: dir.display().to_string(), error: e.to_string() }.to_string());
        }
    } else {
        return usage(&Text::SayWhereRender.to_string());
    }

    let archive = match args.pdf_standard.as_deref() {
        Some("a-2b") => Some(Archive::A2b),
        Some("a-3b") => Some(Archive::A3b),
        _ => None,
    };
    let field = match args.signature_field.as_deref() {
        Some("dinh-kem") => Some(SignatureField::Attachment),
        Some(_) => Some(SignatureField::Signer),
        None => None,
    };
    if archive == Some(Archive::A3b) && args.data.is_none() && jobs.iter().any(|(i, _)| i == "-") {
        return usage(&Text::PdfA3Stdin.to_string());
    }
    let (engine, docx) = match backends(&args.font_path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let mut store = match args.register.as_deref() {
        None => None,
        Some(flag) => {
            if jobs.iter().any(|(i, _)| i == "-") {
                return usage(&Text::RegisterStdin.to_string());
            }
            let location = vanban::register::location(Some(flag).filter(|f| !f.is_empty()));
            match vanban::register::open(&location, true) {
                Ok(s) => Some(s),
                Err(d) => {
                    print(&[d]);
                    return ExitCode::from(1);
                }
            }
        }
    };
    // The copy's data, read once for every input.
    let copy = match (args.copy.as_deref().and_then(vanban::model::CopyKind::from_id), &args.copy_data) {
        (Some(kind), Some(path)) => {
            let name = path.display().to_string();
            match vanban::read_copy(&name) {
                Ok((data, text)) => Some(CopySource { kind, data, text, name }),
                Err(ds) => {
                    eprintln!("{}", Failure(ds));
                    return ExitCode::from(1);
                }
            }
        }
        _ => None,
    };
    let opts = RenderOptions {
        data: args.data.clone(),
        draft: args.draft,
        color_marks: args.color_marks,
        archive,
        field,
        image_dirs: args.image_path.clone(),
        today: chrono::Local::now().date_naive(),
    };
    let mut failed = 0;
    for (input, outs) in jobs {
        let store = store.as_mut().map(|s| -> &mut dyn vanban::register::Store { s.as_mut() });
        let done = vanban::ops::render(&input, &outs, &opts, &engine, &docx, store, copy.as_ref());
        print(&done.warnings);
        if let Some(number) = done.issued {
            eprintln!("{}", Text::IssuedNumber { input: input.to_string(), number });
        }
        if let Some((kind, number)) = done.copy_issued {
            eprintln!("{}", Text::IssuedCopyNumber { input: input.to_string(), kind, number });
        }
        match done.result {
            Ok(written) => {
                for path in &written {
                    eprintln!("{}", Text::Wrote { path: path.display().to_string() });
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

pub(crate) fn typst_project(input: &str, dir: &Path) -> ExitCode {
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
        return usage(&Text::CannotCreateDir { path: dir.display().to_string(), error: e.to_string() }.to_string());
    }
    for (name, bytes) in files {
        if let Err(d) = vanban::output::write_atomic(&dir.join(name), &bytes) {
            print(&[d]);
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

/// A template merged with one data row, checked and composed ([`vanban::ops::load_template_row`]).
pub(crate) fn load_template_row(template: &str, data: &Path) -> Result<(vanban::compose::Composed, Vec<Diagnostic>), Vec<Diagnostic>> {
    vanban::ops::load_template_row(template, data, chrono::Local::now().date_naive())
}
