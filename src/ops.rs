//! The workflows both the CLI and the server call (as cargo's `ops`): each takes its options
//! and returns what it did; neither prints nor draws — the CLI prints the result, the server
//! answers with it.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::register::{self, Issued};
use crate::render::docx::DocxWriter;
use crate::render::pdf::{Archive, Engine, Extras};
use crate::render::sigfield::SignatureField;
use crate::render::Format;
use crate::{compose, images, input, model};
use std::path::{Path, PathBuf};

/// A document ready to take its number from the register: read from `name` (its `text`),
/// checked — a document that cannot be printed takes no number, nor one still holding a
/// starter's example text (the web editor's rule too) — and parsed. The document, and the
/// warnings its check gave.
pub fn ready_for_number(
    name: &str,
    text: &str,
    today: chrono::NaiveDate,
    images: Option<&images::Access>,
) -> Result<(model::Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (composed, diags) = crate::analyse_with(name, text, today, images);
    if composed.is_none() {
        return Err(diags);
    }
    let examples = serde_json::from_str::<serde_json::Value>(text).map(|v| register::example_text(&v)).unwrap_or_default();
    if !examples.is_empty() {
        return Err(examples
            .into_iter()
            .map(|mut d| {
                crate::place(name, text, &mut d);
                d
            })
            .collect());
    }
    let doc = input::parse_document(name, text)?;
    Ok((doc, diags))
}

/// Reads the document file `name`, checks it ([`ready_for_number`]), gives it its number and
/// composes it: (the composed document, how it was numbered, its JSON text). The images it
/// names (ký số) are read beside it or in `image_dirs`. `warnings` is told the check's
/// warnings before the number is taken.
pub fn load_numbered(
    store: &mut dyn register::Store,
    name: &str,
    today: chrono::NaiveDate,
    image_dirs: &[std::path::PathBuf],
    warnings: &mut dyn FnMut(&[Diagnostic]),
) -> Result<(compose::Composed, Issued, String), Vec<Diagnostic>> {
    let text = input::read_text(name).map_err(|d| vec![d])?;
    let images = images::Access::of_file(name, image_dirs);
    let (mut doc, diags) = ready_for_number(name, &text, today, Some(&images))?;
    warnings(&diags);
    let issued = register::number(store, &mut doc).map_err(|d| vec![if d.file.is_none() { d.in_file(name) } else { d }])?;
    let (c, errs) = crate::analyse_doc_with(&doc, today, Some(&images));
    let c = c.ok_or_else(|| errs.into_iter().map(|d| d.in_file(name)).collect::<Vec<_>>())?;
    Ok((c, issued, text))
}

/// A template merged with one data row read from the file `data`, checked and composed: the
/// document and its warnings (`vanban render --data`, `vanban check --data`).
pub fn load_template_row(template: &str, data: &Path, today: chrono::NaiveDate) -> Result<(compose::Composed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let t = crate::template::Template::load(template)?;
    let name = data.display().to_string();
    let text = input::read_text(&name).map_err(|d| vec![d])?;
    let row: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| vec![Diagnostic::error(Msg::DataRowJson { detail: e.to_string() }).in_file(&name).line_col(e.line(), e.column().max(1))])?;
    if !row.is_object() {
        return Err(vec![Diagnostic::error(Msg::DataRowNotObject).in_file(&name)]);
    }
    let doc = t.merge(&row, &name)?;
    match crate::analyse_doc(&doc, today) {
        (Some(c), warnings) => Ok((c, warnings)),
        (None, diags) => Err(diags.into_iter().map(|d| if d.file.is_none() { d.in_file(template) } else { d }).collect()),
    }
}

/// How `render` prints each document (`vanban render`'s flags).
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// A data row merged into the input, which is then a template (`--data`).
    pub data: Option<PathBuf>,
    /// The draft mark `DỰ THẢO` (`--draft`).
    pub draft: bool,
    /// The marks in red (`--color-marks`).
    pub color_marks: bool,
    /// PDF/A (`--pdf-standard`); with A-3b the source is attached.
    pub archive: Option<Archive>,
    /// An empty signature field (`--signature-field`).
    pub field: Option<SignatureField>,
    /// Further folders the images of ký số may come from (`--image-path`).
    pub image_dirs: Vec<PathBuf>,
    /// "Today" for the checks and the copy's date.
    pub today: chrono::NaiveDate,
}

/// A copy (bản sao) to print after each document: its kind and its data, read from `name`.
#[derive(Debug, Clone)]
pub struct CopySource {
    /// Sao y, sao lục or trích sao.
    pub kind: model::CopyKind,
    /// The copy's data.
    pub data: model::CopyData,
    /// Its JSON text, for positions in errors.
    pub text: String,
    /// Its file.
    pub name: String,
}

/// What `render` did for one input, in the order it happened.
#[derive(Debug)]
pub struct Rendered {
    /// The warnings of the document's check.
    pub warnings: Vec<Diagnostic>,
    /// The number and symbol the register gave the document (`Some` with a register and no copy).
    pub issued: Option<String>,
    /// The copy's kind and the number and symbol the register gave the copy.
    pub copy_issued: Option<(String, String)>,
    /// The files written, or every error (then nothing was written).
    pub result: Result<Vec<PathBuf>, Vec<Diagnostic>>,
}

/// Renders the document (or template with `opts.data`) `input` to every output of `outs`:
/// numbered first from `store` when given (the copy, not the document, when `copy` is given),
/// its copy block added, each format rendered once, everything rendered before anything is
/// written, each file written atomically.
pub fn render(
    input: &str,
    outs: &[(PathBuf, Format)],
    opts: &RenderOptions,
    engine: &Engine,
    docx: &DocxWriter,
    mut store: Option<&mut dyn register::Store>,
    copy: Option<&CopySource>,
) -> Rendered {
    let mut done = Rendered { warnings: Vec::new(), issued: None, copy_issued: None, result: Ok(Vec::new()) };
    let loaded = match (&opts.data, store.as_deref_mut()) {
        (Some(data), _) => load_template_row(input, data, opts.today),
        // A copy is of a document issued already: the register numbers the copy.
        (None, Some(_)) if copy.is_some() => crate::load_with(input, &opts.image_dirs),
        (None, Some(store)) => {
            let mut warnings = Vec::new();
            let loaded = load_numbered(store, input, opts.today, &opts.image_dirs, &mut |w| warnings.extend_from_slice(w));
            done.warnings = warnings;
            loaded.map(|(c, issued, _)| {
                done.issued = Some(issued.entry().number_and_symbol());
                (c, Vec::new())
            })
        }
        (None, None) => crate::load_with(input, &opts.image_dirs),
    };
    done.result = loaded.and_then(|(mut doc, warnings)| {
        done.warnings.extend(warnings);
        if opts.draft {
            doc.mark_draft(engine.profile());
        }
        if opts.color_marks {
            doc.red_marks();
        }
        if let Some(CopySource { kind, data, text, name }) = copy {
            // The copy is checked before it takes a number: one that cannot be printed takes none.
            let mut data = data.clone();
            let (mut block, warnings) = crate::compose_copy(name, text, &data, *kind, opts.today, &doc, engine.profile())?;
            done.warnings.extend(warnings);
            if let Some(store) = store {
                let req = register::copy_request(&data, *kind, &doc.description()).map_err(|d| vec![d.in_file(name)])?;
                let issued = store.issue(&req).map_err(|d| vec![d])?;
                data.so = Some(issued.entry().number);
                done.copy_issued = Some((kind.title().to_string(), issued.entry().number_and_symbol()));
                block = crate::compose_copy(name, text, &data, *kind, opts.today, &doc, engine.profile())?.0;
            }
            doc.copy = Some(block);
        }
        let in_file = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.in_file(input)).collect::<Vec<_>>();
        // Everything is rendered before anything is written.
        // Each format once, however many outputs name it.
        let mut rendered: Vec<(Format, Vec<u8>)> = Vec::new();
        for (_, format) in outs {
            if !rendered.iter().any(|(f, _)| f == format) {
                let bytes = match format {
                    Format::Pdf if opts.archive.is_none() && opts.field.is_none() => engine.pdf(&doc).map_err(in_file)?,
                    Format::Pdf => {
                        // The source attached to a PDF/A-3: the document's file as written
                        // (with --data, the data row it was merged from).
                        let source = match (opts.archive, &opts.data) {
                            (Some(Archive::A3b), Some(row)) => Some(row.display().to_string()),
                            (Some(Archive::A3b), None) => Some(input.to_string()),
                            _ => None,
                        };
                        let bytes = match &source {
                            Some(path) => {
                                Some(std::fs::read(path).map_err(|e| vec![Diagnostic::error(Msg::CannotRead { error: e.to_string() }).in_file(path)])?)
                            }
                            None => None,
                        };
                        let name = source.as_deref().and_then(|p| Path::new(p).file_name()).and_then(|n| n.to_str()).unwrap_or("van-ban.json");
                        let extras = Extras { archive: opts.archive, source: bytes.as_deref().map(|b| (name, b)), field: opts.field };
                        engine.pdf_with(&doc, &extras).map_err(in_file)?
                    }
                    Format::Docx => docx.docx(&doc).map_err(|d| in_file(vec![d]))?,
                };
                rendered.push((*format, bytes));
            }
        }
        for (path, format) in outs {
            let bytes = rendered.iter().find(|(f, _)| f == format).map_or(&[][..], |(_, b)| b.as_slice());
            crate::output::write_atomic(path, bytes).map_err(|d| vec![d])?;
        }
        Ok(outs.iter().map(|(p, _)| p.clone()).collect())
    });
    done
}
