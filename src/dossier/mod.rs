//! Award nomination dossiers (hồ sơ đề nghị khen thưởng): a unit's nominations file becomes
//! its Tờ trình, a report per individual and per collective, and the whole dossier as one PDF;
//! the council's side takes every unit's file to the principal's Quyết định and its Danh sách.
//! Built on the core (model, templates, renderers); prints nothing and never exits: the CLI
//! and the server call it and report.
//!
//! - [`nominations`]: the nominations file (workbook or JSON) read, every problem located.
//! - [`rules`]: the award criteria and quotas as data, evaluated.
//! - [`documents`]: the dossier's forms (`templates/ho-so/`) merged, names in Vietnamese order.
//! - [`council`]: the council's side — every unit's file to the Quyết định and its Danh sách.
//! - `mod.rs`: the parts rendered, the combined PDF with its outline, `danh-muc.csv`.
//!
//! The steps: [`nominations::read`] (workbook or JSON, every problem at once) →
//! [`rules::evaluate`] (criteria and quotas as data) → [`documents::unit_parts`] (the forms in
//! `templates/ho-so/`) → [`render_unit`] (PDF, DOCX, the combined PDF, `danh-muc.csv`) or, for
//! the council, [`council::tong_hop`] → [`render_decision`].

pub mod council;
pub mod documents;
pub mod nominations;
pub mod rules;

use crate::compose::Composed;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::render::{docx::DocxWriter, pdf::Engine, Format};
use documents::{Forms, Part, PartKind};
use nominations::Nominations;
use rules::Violation;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The combined PDF's file name.
pub const COMBINED: &str = "ho-so.pdf";
/// The index's file name.
pub const INDEX: &str = "danh-muc.csv";

/// Where and what to write.
pub struct Output {
    /// A folder (created if missing).
    pub out_dir: Option<PathBuf>,
    /// Or one ZIP archive.
    pub zip: Option<PathBuf>,
    /// Formats of each part (the combined PDF is always written).
    pub formats: Vec<Format>,
    /// Worker threads.
    pub jobs: usize,
    /// "Today", for the documents' date checks.
    pub today: chrono::NaiveDate,
}

/// One line of the index.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// The part's PDF (and DOCX) file name.
    pub file: String,
    /// What it is.
    pub part: PartKind,
    /// Whom it is about.
    pub person: String,
    /// Its pages.
    pub pages: usize,
    /// Its pages in the combined PDF: `3-4`.
    pub combined: String,
    /// Violations concerning it (with `--allow-violations`).
    pub violations: Vec<String>,
}

/// What was written.
#[derive(Debug)]
pub struct Written {
    /// The files, in order.
    pub files: Vec<String>,
    /// The index.
    pub index: Vec<IndexRow>,
    /// Pages of the combined PDF.
    pub combined_pages: usize,
    /// Warnings of the documents (each with the part's file name).
    pub warnings: Vec<Diagnostic>,
    /// The number the Tờ trình or the Quyết định took from the register: `07/TTr-KSP`.
    pub number: Option<String>,
}

/// Composes every part; errors name the part (its file name) and the form.
fn compose_parts(parts: &[Part], today: chrono::NaiveDate) -> Result<(Vec<Composed>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for p in parts {
        let (composed, diags) = crate::analyse_doc(&p.doc, today);
        for d in diags {
            let d = d.reword(|m| Msg::InContext { context: p.stem.clone(), inner: Box::new(m) });
            if d.is_error() {
                errors.push(d);
            } else {
                warnings.push(d);
            }
        }
        out.extend(composed);
    }
    if errors.is_empty() {
        Ok((out, warnings))
    } else {
        Err(errors)
    }
}

/// Runs `f` over `0..n` on `jobs` threads, results in order.
fn parallel<T: Send>(n: usize, jobs: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, n.max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let r = f(i);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

/// A rendered part: PDF bytes and pages, DOCX bytes.
type Rendered = Result<(Option<(Vec<u8>, usize)>, Option<Vec<u8>>), Vec<Diagnostic>>;

/// Renders a unit's dossier: each part as PDF and DOCX, the combined PDF (an outline entry
/// per part, each part numbered from its own first page), and the index. Nothing is written
/// unless everything rendered. `violations` (allowed by the caller) go into the index.
/// With `register`, the Tờ trình takes its number from the register first (the same
/// dossier again gets the same number).
pub fn render_unit(
    n: &Nominations,
    violations: &[Violation],
    forms: &Forms,
    engine: &Engine,
    docx: &DocxWriter,
    out: &Output,
    register: Option<&mut dyn crate::register::Store>,
) -> Result<Written, Vec<Diagnostic>> {
    let mut parts = documents::unit_parts(n, forms)?;
    let mut number = None;
    if let (Some(store), Some(p)) = (register, parts.iter_mut().find(|p| p.kind == PartKind::ToTrinh)) {
        let issued = crate::register::number(store, &mut p.doc).map_err(|d| vec![d])?;
        number = Some(issued.entry().number_and_symbol());
    }
    let (composed, warnings) = compose_parts(&parts, out.today)?;
    let titles: Vec<String> = parts.iter().map(Part::title).collect();
    let pdf = out.formats.contains(&Format::Pdf);
    let want_docx = out.formats.contains(&Format::Docx);
    // Task 0 is the combined PDF (the longest), the others a part each.
    let author = n.info.don_vi.clone();
    let title = format!("Hồ sơ đề nghị khen thưởng - {}", n.info.don_vi);
    let results: Vec<Rendered> = parallel(parts.len() + 1, out.jobs, |i| {
        if i == 0 {
            let list: Vec<(&str, &Composed)> = titles.iter().map(String::as_str).zip(composed.iter()).collect();
            let paged = engine.layout_parts(&list, &title, &author)?;
            let pages = paged.pages().len();
            return Ok((Some((engine.export(&paged)?, pages)), None));
        }
        let c = &composed[i - 1];
        // Laid out even when only the DOCX is wanted: the index gives every part's pages.
        let paged = engine.layout(c)?;
        let pages = paged.pages().len();
        let p = Some((if pdf { engine.export(&paged)? } else { Vec::new() }, pages));
        let d = if want_docx { Some(docx.docx(c).map_err(|d| vec![d])?) } else { None };
        Ok((p, d))
    });
    let mut errors = Vec::new();
    let mut rendered = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(x) => rendered.push(x),
            Err(es) => {
                let name = if i == 0 { COMBINED.to_string() } else { parts[i - 1].stem.clone() };
                errors.extend(es.into_iter().map(|d| d.reword(|m| Msg::InContext { context: name.clone(), inner: Box::new(m) })));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rendered = rendered.into_iter();
    // A PDF is `None` only when none was asked for (DOCX only): no bytes, no pages.
    let (combined, combined_pages) = rendered.next().and_then(|(c, _)| c).unwrap_or_default();
    let mut files: Vec<(String, Vec<u8>)> = vec![(COMBINED.to_string(), combined)];
    let mut index = Vec::new();
    let mut page = 1;
    for (part, (p, d)) in parts.iter().zip(rendered) {
        let (bytes, pages) = p.unwrap_or_default();
        if pdf {
            files.push((format!("{}.pdf", part.stem), bytes));
        }
        if let Some(d) = d {
            files.push((format!("{}.docx", part.stem), d));
        }
        let concerning: Vec<String> = violations
            .iter()
            .filter(|v| part.nominee.is_some_and(|(ind, i)| v.who.iter().any(|w| w.individual == ind && w.index == i)))
            .map(|v| v.message.clone())
            .collect();
        index.push(IndexRow {
            file: format!("{}.pdf", part.stem),
            part: part.kind,
            person: part.person.clone(),
            pages,
            combined: if pages > 1 { format!("{page}-{}", page + pages - 1) } else { page.to_string() },
            violations: concerning,
        });
        page += pages;
    }
    files.push((INDEX.to_string(), index_csv(&index)));
    let names = write_all(&files, out)?;
    Ok(Written { files: names, index, combined_pages, warnings, number })
}

/// `danh-muc.csv`: file, part, person, pages, pages in the combined PDF, violations.
fn index_csv(rows: &[IndexRow]) -> Vec<u8> {
    let head = ["file", "part", "person", "pages", "combined_pages", "violations"].map(str::to_string);
    let rows =
        rows.iter().map(|r| [r.file.clone(), r.part.name().to_string(), r.person.clone(), r.pages.to_string(), r.combined.clone(), r.violations.join(" | ")]);
    crate::output::csv_bytes(true, std::iter::once(head).chain(rows))
}

/// Writes the files to the folder or the ZIP: each file complete or not at all.
fn write_all(files: &[(String, Vec<u8>)], out: &Output) -> Result<Vec<String>, Vec<Diagnostic>> {
    match (&out.out_dir, &out.zip) {
        (_, Some(zip)) => {
            crate::output::write_zip_atomic(zip, files).map_err(|d| vec![d])?;
            Ok(vec![zip.display().to_string()])
        }
        (Some(dir), None) => {
            std::fs::create_dir_all(dir).map_err(|e| vec![Diagnostic::error(Msg::CannotCreate { path: dir.display().to_string(), error: e.to_string() })])?;
            let mut names = Vec::new();
            for (name, bytes) in files {
                let p = dir.join(name);
                crate::output::write_atomic_with(&p, bytes, false).map_err(|d| vec![d])?;
                names.push(p.display().to_string());
            }
            Ok(names)
        }
        (None, None) => Err(vec![Diagnostic::error(Msg::NoOutput)]),
    }
}

/// Renders the council's decision (PDF and DOCX) and writes it with the summary
/// (`tong-hop.csv`) and the violations (`vi-pham.csv`, when there are any).
/// With `register`, the Quyết định takes its number from the register first.
pub fn render_decision(
    outcome: &council::Outcome,
    forms: &Forms,
    engine: &Engine,
    docx: &DocxWriter,
    out: &Output,
    write_decision: bool,
    register: Option<&mut dyn crate::register::Store>,
) -> Result<Written, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut pages = 0;
    let mut number = None;
    if write_decision {
        let mut doc = documents::decision(forms, &outcome.context, "tong-hop")?;
        if let Some(store) = register {
            number = Some(crate::register::number(store, &mut doc).map_err(|d| vec![d])?.entry().number_and_symbol());
        }
        let (composed, diags) = crate::analyse_doc(&doc, out.today);
        let (errors, warns): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
        warnings = warns;
        let Some(c) = composed.filter(|_| errors.is_empty()) else { return Err(errors) };
        if out.formats.contains(&Format::Pdf) || out.formats.is_empty() {
            let paged = engine.layout(&c)?;
            pages = paged.pages().len();
            files.push(("quyet-dinh.pdf".to_string(), engine.export(&paged)?));
        }
        if out.formats.contains(&Format::Docx) {
            files.push(("quyet-dinh.docx".to_string(), docx.docx(&c).map_err(|d| vec![d])?));
        }
    }
    files.push(("tong-hop.csv".to_string(), summary_csv(&outcome.summary)));
    if !outcome.violations.is_empty() {
        files.push(("vi-pham.csv".to_string(), violations_csv(&outcome.violations)));
    }
    let names = write_all(&files, out)?;
    Ok(Written { files: names, index: vec![], combined_pages: pages, warnings, number })
}

fn summary_csv(rows: &[council::UnitSummary]) -> Vec<u8> {
    use crate::messages::Text;
    let head = [
        Text::SumUnit,
        Text::SumFile,
        Text::SumProposedIndividuals,
        Text::SumProposedCollectives,
        Text::SumWithinIndividuals,
        Text::SumWithinCollectives,
        Text::SumAwardedIndividuals,
        Text::SumAwardedCollectives,
    ]
    .map(|t| t.to_string());
    let n = |x: usize| x.to_string();
    let rows =
        rows.iter().map(|r| [r.unit.clone(), r.file.clone(), n(r.proposed.0), n(r.proposed.1), n(r.within.0), n(r.within.1), n(r.awarded.0), n(r.awarded.1)]);
    crate::output::csv_bytes(true, std::iter::once(head).chain(rows))
}

fn violations_csv(vs: &[Violation]) -> Vec<u8> {
    use crate::messages::Text;
    let head = [Text::VioCode, Text::VioMessage, Text::VioRule, Text::VioNominees].map(|t| t.to_string());
    let rows = vs.iter().map(|v| [v.code.to_string(), v.message.clone(), v.rule.clone(), v.named.join("; ")]);
    crate::output::csv_bytes(true, std::iter::once(head).chain(rows))
}

/// Reads a unit's file and the rules that apply to it (`rules` given, or the file's own, or
/// the shipped ones).
pub fn load_unit(path: &Path, rules: Option<&rules::Rules>, today: chrono::NaiveDate) -> Result<(Nominations, rules::Rules), Vec<Diagnostic>> {
    let n = nominations::read(path, today)?;
    let r = rules::for_unit(rules, &n)?;
    Ok((n, r))
}

/// Reads a rules file (`--quy-dinh FILE.json`).
pub fn read_rules(path: &str) -> Result<rules::Rules, Vec<Diagnostic>> {
    let text = crate::input::read_text(path).map_err(|d| vec![d])?;
    let value = serde_json::from_str(&text)
        .map_err(|e| vec![Diagnostic::error(Msg::RulesJson { detail: e.to_string() }).in_file(path).line_col(e.line(), e.column().max(1))])?;
    rules::Rules::from_value(value, path, Some(&text), "")
}
