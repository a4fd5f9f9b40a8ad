//! # vanban
//!
//! Drafts Vietnamese administrative documents that follow Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline runs forward only:
//!
//! ```text
//! input (JSON file | stdin) ─ input::parse_document ─► model::Document
//!   ─ compose::compose (NFC, ƣ→ư, number/date/signature lines, inline styles) ─► compose::Composed
//!   ─ render::pdf::Engine (Typst in-process, templates/nd30.typ, bundled fonts) ─► PDF bytes
//!   ─ output::write_atomic ─► file
//! ```
//!
//! - [`model`]: the input types (serde, strict). No IO.
//! - [`text`]: the plain-text conventions of the seeds (`I.`, `1.1.`, `- `, `**bold**`).
//! - [`vn`]: Vietnamese text: NFC, date line, numbers, upper case, kinds of ND30.
//! - [`check`]: the ND30 rules the types cannot express, as diagnostics with locations.
//! - [`compose`]: every printed string decided, for every back end, and how it fits its box
//!   (letterhead lines, the date's column, unbreakable symbols, break points in long words):
//!   the contract `Composed` and `compose` in `mod.rs`, a file each for the letterhead, the
//!   signature block, the forms' wording, the body's blocks, appendices, tables, charts, the
//!   copy block and the fitting.
//! - [`profile`]: every layout number of ND30 in one value, read by every back end.
//! - [`render`]: back ends (PDF through Typst, DOCX through docx-rs put into OOXML schema
//!   order by `render::ooxml`) and the fonts loaded into them.
//! - [`input`], [`output`]: reading with JSON paths in errors; atomic writes.
//! - [`images`]: the one door for the images of ký số (signature, seal) a document names.
//! - [`diag`]: diagnostics with file, JSON path, line/column and hint; the JSON-path locator
//!   (`diag::locator`) that finds the line and column.
//! - [`metrics`]: the bundled fonts' advance widths and coverage, line fitting by width
//!   (compose, profile and check measure with them; render only loads the faces).
//! - [`law`]: the legal texts as data (`templates/phap-luat.json`): what replaced what and
//!   when, for `check`'s citations and current default basis lines.
//!
//! Capabilities built on the core (each used only by the CLI, `src/cli/` in the binary, and
//! by the server, [`serve`]; none is used by the core):
//! - [`dossier`]: award nomination dossiers — nominations file, rules as data, the unit's
//!   documents and combined PDF, the council's Quyết định.
//! - [`register`]: the outgoing register — numbers taken once per issuer and year (SQLite or
//!   PostgreSQL), the book's ten columns, exported, an Excel book imported.
//! - [`sheet`]: the one reader of every spreadsheet (`.xlsx`, `.ods`, `.xls`, `.csv`): header
//!   row under titles, folded headers, footers and totals, percent and date formats, hidden
//!   rows, legacy Vietnamese encodings. Rows, dossiers, forms and the register read through it.
//! - [`template`], [`rows`], [`bulk`]: templates merged with data rows, one document a row.
//! - [`form`]: the fillable workbook of a template's `bieu_mau` (the quarterly forms sent
//!   out), a returned one read back and its values checked.
//! - [`aggregate`]: the returned forms collected, one per unit, matched against the list and
//!   summed as the report template's `tong_hop` declares (`vanban tong-hop`).
//! - [`guide`]: what a spreadsheet read by bulk or a dossier must hold (columns, required,
//!   examples, fixed values), for the web page and as a blank workbook.
//! - [`ops`]: the workflows the CLI and the server both call (render a document to its files,
//!   numbered from the register; a document made ready for its number), returning what they
//!   did; the caller prints or answers.
//! - [`import`]: Word in — a `.docx` read into a neutral model (sections, page numbers,
//!   paragraphs with their effective formatting and numbering labels, tables, text boxes),
//!   turned into a document (`vanban nhap`) or a bulk template (`nhap --template`); and the
//!   decree's layout checked on a .docx or .pdf made elsewhere (`vanban check FILE.pdf`): a
//!   PDF read through hayro's interpreter (`import::pdf`), both laid out in one neutral model
//!   that the rules read (`import::layout`).
//! - [`serve`]: the web editor (`vanban serve`), its pages built in; it calls the functions
//!   the CLI calls.
//! - [`messages`]: every text a person reads, typed, in Vietnamese and English (Fluent catalogues).
//!
//! The binary (`src/main.rs`, `src/cli/`) parses the arguments, calls these and prints; the
//! README's "Architecture" section has a line per file and a glossary of the input's
//! Vietnamese field names and the Rust types they become.

pub mod aggregate;
pub mod bulk;
pub mod check;
pub mod compose;
pub mod diag;
pub mod dossier;
pub mod form;
pub mod guide;
pub mod images;
pub mod import;
pub mod input;
pub mod law;
pub mod messages;
pub mod metrics;
pub mod model;
pub mod ops;
pub mod output;
pub mod profile;
pub mod register;
pub mod render;
pub mod rows;
pub mod serve;
pub mod sheet;
pub mod template;
pub mod text;
pub mod vn;

use diag::Diagnostic;

/// Parses, checks and composes one document read from `file`: every diagnostic found (errors
/// and warnings, each with the file, JSON path, line and column), and the composed document
/// when there is no error.
/// Images it names are refused: the document did not come from a folder (the web editor);
/// see [`analyse_with`].
pub fn analyse(file: &str, text: &str, today: chrono::NaiveDate) -> (Option<compose::Composed>, Vec<Diagnostic>) {
    analyse_with(file, text, today, None)
}

/// [`analyse`], reading the images the document names (ký số) through `images`.
pub fn analyse_with(file: &str, text: &str, today: chrono::NaiveDate, images: Option<&images::Access>) -> (Option<compose::Composed>, Vec<Diagnostic>) {
    let doc = match input::parse_document(file, text) {
        Ok(d) => d,
        Err(ds) => return (None, ds),
    };
    let (composed, mut diags) = analyse_doc_with(&doc, today, images);
    for d in diags.iter_mut() {
        place(file, text, d);
    }
    // Errors first, then warnings, each in document order.
    diags.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.line.unwrap_or(0), d.column.unwrap_or(0)));
    (composed, diags)
}

/// Gives `d` its file, and the line and column of its JSON path in `text`.
pub fn place(file: &str, text: &str, d: &mut Diagnostic) {
    d.file = Some(file.to_string());
    if let Some(offset) = d.path.as_deref().and_then(|p| locate_nearest(text, p)) {
        let offset = d.within.and_then(|k| diag::char_offset(text, offset, k)).unwrap_or(offset);
        let (l, c) = diag::line_col(text, offset);
        d.line = Some(l);
        d.column = Some(c);
    }
}

/// A copy's data (`render --copy-data`) read from `file`, with its text (for positions).
pub fn read_copy(file: &str) -> Result<(model::CopyData, String), Vec<Diagnostic>> {
    let text = input::read_text(file).map_err(|d| vec![d])?;
    let data = input::parse_as::<model::CopyData>(file, &text)?;
    Ok((data, text))
}

/// The copy block of kind `kind` of `copied`, checked ([`check::check_copy`]) and composed
/// from a copy's data read from `file` (its `text`) with the layout `profile` the document is
/// printed with: the block and its warnings, or every problem at once; each with the file,
/// JSON path, line and column.
pub fn compose_copy(
    file: &str,
    text: &str,
    data: &model::CopyData,
    kind: model::CopyKind,
    today: chrono::NaiveDate,
    copied: &compose::Composed,
    profile: &profile::Profile,
) -> Result<(compose::CCopy, Vec<Diagnostic>), Vec<Diagnostic>> {
    let placed = |mut ds: Vec<Diagnostic>| {
        for d in ds.iter_mut() {
            place(file, text, d);
        }
        ds
    };
    // Every problem at once: the rules' and composing's (the same one found by both, once).
    let mut found = placed(check::check_copy(data, copied.dated(), today));
    match compose::compose_copy(data, kind, profile) {
        Ok(block) if !found.iter().any(Diagnostic::is_error) => Ok((block, found)),
        Ok(_) => Err(found),
        Err(errs) => {
            for d in placed(errs) {
                if !found.iter().any(|f| f.code == d.code && f.path == d.path) {
                    found.push(d);
                }
            }
            Err(found)
        }
    }
}

/// Checks and composes a document already parsed (from a file or a merged template): the
/// composed document when there is no error, and every diagnostic (without file positions).
pub fn analyse_doc(doc: &model::Document, today: chrono::NaiveDate) -> (Option<compose::Composed>, Vec<Diagnostic>) {
    analyse_doc_with(doc, today, None)
}

/// [`analyse_doc`], reading the images the document names through `images` (none: such a
/// document is refused, its images named).
pub fn analyse_doc_with(doc: &model::Document, today: chrono::NaiveDate, images: Option<&images::Access>) -> (Option<compose::Composed>, Vec<Diagnostic>) {
    // The layout numbers of ND30, built once here and passed to each step.
    let profile = profile::Profile::default();
    let mut diags = check::check(doc, today, &profile);
    let mut composed = match compose::compose(doc, &profile) {
        Ok(c) => Some(c),
        Err(errs) => {
            diags.extend(errs);
            None
        }
    };
    // The images (ký số), every problem with its field.
    let mut read = |path: Option<&String>, at: &str, what: messages::Text| -> Option<images::Png> {
        let path = path?;
        let result = match images {
            Some(access) => access.read(path),
            None => Err(messages::Msg::ImageNotReadHere { image: path.clone() }),
        };
        match result {
            Ok(png) => {
                if !png.transparent {
                    diags.push(Diagnostic::warning(messages::Msg::ImageBackground { what: Box::new(what), image: path.clone() }).at(at));
                }
                Some(png)
            }
            Err(msg) => {
                diags.push(Diagnostic::error(msg).at(at));
                None
            }
        }
    };
    let sign_at = format!("{}.anh_chu_ky", doc.ky.principal_path());
    let sign = read(doc.ky.principal().anh_chu_ky.as_ref(), &sign_at, messages::Text::SignatureImage);
    let seal = read(doc.co_quan.as_ref().and_then(|c| c.anh_dau.as_ref()), "co_quan.anh_dau", messages::Text::SealImage);
    if let Some(d) = doc.co_quan.as_ref().and_then(|c| c.duong_kinh_dau).filter(|d| !(10.0..=80.0).contains(d)) {
        diags.push(Diagnostic::error(messages::Msg::SealSize { diameter: d.to_string() }).at("co_quan.duong_kinh_dau"));
    }
    if let Some(c) = composed.as_mut() {
        let diameter = doc.co_quan.as_ref().and_then(|c| c.duong_kinh_dau);
        c.place_images(sign, seal.map(|s| (s, diameter)), &profile);
    }
    let composed = composed.filter(|_| !diags.iter().any(Diagnostic::is_error));
    (composed, diags)
}

/// Reads, checks and composes one input file (`-` for standard input) as of today, with the
/// images it names beside it. On success, the document and its warnings; otherwise every
/// diagnostic.
pub fn load(path: &str) -> Result<(compose::Composed, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with(path, &[])
}

/// [`load`], with images allowed in the folders `image_dirs` too (`--image-path`).
pub fn load_with(path: &str, image_dirs: &[std::path::PathBuf]) -> Result<(compose::Composed, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = input::read_text(path).map_err(|d| vec![d])?;
    match analyse_with(path, &text, chrono::Local::now().date_naive(), Some(&images::Access::of_file(path, image_dirs))) {
        (Some(doc), warnings) => Ok((doc, warnings)),
        (None, diags) => Err(diags),
    }
}

/// The JSON Schema of the input format, with Vietnamese descriptions.
pub fn schema() -> String {
    let mut schema = schemars::schema_for!(model::Document);
    schema.insert("title".into(), "vanban: văn bản hành chính theo Nghị định 30/2020/NĐ-CP".into());
    // Cannot fail: a schemars `Schema` is a JSON value (likewise in `copy_schema`).
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// The JSON Schema of a copy's data (`vanban render --copy … --copy-data COPY.json`).
pub fn copy_schema() -> String {
    let mut schema = schemars::schema_for!(model::CopyData);
    schema.insert("title".into(), "vanban: thông tin bản sao (sao y, sao lục, trích sao)".into());
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Starter documents for `vanban new`, by kind id.
pub const STARTERS: &[(&str, &str)] = &[
    ("ke-hoach", include_str!("../templates/new/ke-hoach.json")),
    ("bao-cao", include_str!("../templates/new/bao-cao.json")),
    ("cong-van", include_str!("../templates/new/cong-van.json")),
    ("to-trinh", include_str!("../templates/new/to-trinh.json")),
    ("quyet-dinh", include_str!("../templates/new/quyet-dinh.json")),
    ("thong-bao", include_str!("../templates/new/thong-bao.json")),
    ("giay-moi", include_str!("../templates/new/giay-moi.json")),
    // A Quyết định ban hành with its Quy chế attached (chapters, articles, khoản, điểm).
    ("quy-che", include_str!("../templates/new/quy-che.json")),
    // The forms of Phụ lục III: Biên bản (Mẫu 1.9, two signatures), Công điện (1.6), Nghị
    // quyết (1.1), Giấy giới thiệu (1.8), Giấy nghỉ phép (1.10).
    ("bien-ban", include_str!("../templates/new/bien-ban.json")),
    ("cong-dien", include_str!("../templates/new/cong-dien.json")),
    ("nghi-quyet", include_str!("../templates/new/nghi-quyet.json")),
    ("giay-gioi-thieu", include_str!("../templates/new/giay-gioi-thieu.json")),
    ("giay-nghi-phep", include_str!("../templates/new/giay-nghi-phep.json")),
];

/// The starter of a kind given by id or Vietnamese name (`ke-hoach`, `Kế hoạch`).
pub fn starter(kind: &str) -> Option<&'static str> {
    let id = vn::find_kind(kind)?.id;
    STARTERS.iter().find(|(k, _)| *k == id).map(|(_, t)| *t)
}

/// The offset of the value at `path`, or of its nearest ancestor that exists (a missing
/// field is reported at the object that lacks it).
pub(crate) fn locate_nearest(text: &str, path: &str) -> Option<usize> {
    let mut p = path.to_string();
    loop {
        if let Some(o) = diag::locate(text, &p) {
            return Some(o);
        }
        let cut = p.rfind(['.', '['])?;
        p.truncate(cut);
        if p.is_empty() {
            // A top-level field: the document object itself.
            return diag::locate(text, "");
        }
    }
}
