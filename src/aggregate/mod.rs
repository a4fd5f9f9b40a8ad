//! The quarterly-report loop's return leg: returned forms in, one data value out for the
//! summary report's template (`vanban tong-hop`). It must not render or print: the CLI and the
//! server render the report from its data and show its problems.
//!
//! [`collect`] reads the returned workbooks (the files `bulk --format xlsx` made, possibly
//! renamed or saved again by Excel or LibreOffice), or combined sheets with a row per unit, or
//! JSON; checks every value against the form; keeps one return per unit (saying which and
//! why); matches the returns against the list the forms were sent to; and [`summary`]
//! aggregates the good ones as the report template's `tong_hop` section declares. The
//! renderers know nothing of this: the result is data for `Template::merge`.
//!
//! - `mod.rs`: the returns collected, checked, one kept per unit, matched against the list.
//! - [`summary`]: the `tong_hop` section's aggregation (sums, rates, groups, rankings, the
//!   chart) as the report template's data.

pub mod summary;

use crate::diag::Diagnostic;
use crate::form::{self, Form, Raw};
use crate::messages::{Msg, Text};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// A problem with a returned value or file: where, which unit, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// The sheet (empty for CSV, JSON, or the whole file).
    pub sheet: String,
    /// The cell (`D14`), the row (`row 12`) or empty for the whole file.
    pub cell: String,
    /// The unit's code, when known.
    pub unit: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        use crate::diag::printable;
        write!(f, "{}", self.file)?;
        if !self.sheet.is_empty() {
            write!(f, "{}", Text::ProblemSheet { sheet: printable(&self.sheet).to_string() })?;
        }
        if !self.cell.is_empty() {
            write!(f, ", {}", self.cell)?;
        }
        if !self.unit.is_empty() {
            write!(f, " ({})", printable(&self.unit))?;
        }
        write!(f, ": {}", printable(&self.message))
    }
}

/// One unit's return as read, before the choice between duplicates.
#[derive(Debug, Clone)]
pub struct Return {
    /// Where it came from (for messages).
    pub file: String,
    /// The sheet it is on.
    pub sheet: String,
    /// The unit's code.
    pub code: String,
    /// Identity and period fields (data field → text) as written in the return.
    pub identity: Vec<(String, String)>,
    /// The checked values.
    pub values: Map<String, Value>,
    /// The problems of its values (empty: the return is used).
    pub problems: Vec<Problem>,
    /// When it was saved (`docProps/core.xml`), for choosing between two returns.
    pub saved: Option<String>,
    /// The file's modification time, seconds, likewise.
    pub mtime: u64,
    /// Order of reading (files sorted by path, then rows), the last tie-break.
    pub order: usize,
}

/// A unit the forms were sent to.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The unit's code.
    pub code: String,
    /// Its row in the list (data as in the rows file).
    pub data: Value,
}

/// What `tong-hop` gathered.
#[derive(Debug, Clone)]
pub struct Gathered {
    /// Returns used, one per unit, in the order of the list (or of reading).
    pub used: Vec<Return>,
    /// Units that returned a form with wrong values (not counted), with the return.
    pub rejected: Vec<Return>,
    /// Units of the list that returned nothing.
    pub missing: Vec<Unit>,
    /// Units sent a form (the list), when given.
    pub sent: Option<usize>,
    /// The period (data field → text) the report is of.
    pub period: Vec<(String, String)>,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
    /// How files were read where they differ from what vanban wrote (warnings): rows moved,
    /// a title above a list, rows skipped after the data, a total that differs, encodings.
    pub notes: Vec<Diagnostic>,
    /// Files read.
    pub files: usize,
}

/// What to read.
pub struct Options<'a> {
    /// Files and folders of returned forms (folders are searched, sorted by name).
    pub from: &'a [PathBuf],
    /// The list the forms were sent to (the rows file of `bulk`).
    pub schools: Option<&'a Path>,
    /// The sheet of the list, in a workbook.
    pub schools_sheet: Option<&'a str>,
    /// The period asked for (data field → text), e.g. `ky.quy` = `3`; else the list's, else
    /// the one most returns have.
    pub period: Vec<(String, String)>,
    /// Worker threads for reading workbooks.
    pub jobs: usize,
}

/// Extensions read from a folder.
const READ: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "json"];

/// The files to read: each file given, and the readable files under each folder (sorted,
/// hidden files and office lock files left out).
pub fn files(from: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for p in from {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) => {
                        errs.push(Diagnostic::error(Msg::FolderUnreadable { error: e.to_string() }).in_file(dir.display().to_string()));
                        continue;
                    }
                };
                for e in entries {
                    // An entry the system cannot list is said: a return left out silently would
                    // show as a unit that did not return.
                    let e = match e {
                        Ok(e) => e,
                        Err(e) => {
                            errs.push(Diagnostic::error(Msg::FolderUnreadable { error: e.to_string() }).in_file(dir.display().to_string()));
                            continue;
                        }
                    };
                    let path = e.path();
                    let name = e.file_name().to_string_lossy().to_string();
                    if name.starts_with('.') || name.starts_with("~$") {
                        continue;
                    }
                    if path.is_dir() {
                        stack.push(path);
                    } else if READ.contains(&path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase().as_str()) {
                        found.push(path);
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            errs.push(Diagnostic::error(Msg::NoSuchPath).in_file(p.display().to_string()));
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// Reads every return, checks it, and matches the returns to the list.
pub fn collect(form: &Form, opts: &Options) -> Result<Gathered, Vec<Diagnostic>> {
    // Not returns: the list itself, and the CSVs an earlier run wrote beside its report.
    let list = opts.schools.and_then(|p| p.canonicalize().ok());
    let paths: Vec<PathBuf> = files(opts.from)?
        .into_iter()
        .filter(|p| list.is_none() || p.canonicalize().ok() != list)
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".loi.csv") || n.ends_with(".chua-nop.csv")))
        .collect();
    if paths.is_empty() {
        return Err(vec![Diagnostic::error(Msg::NoReturnedForms)]);
    }
    let (units, list_notes) = match opts.schools {
        Some(p) => {
            let (u, n) = read_list(form, p, opts.schools_sheet)?;
            (Some(u), n)
        }
        None => (None, Vec::new()),
    };

    // Read the files, in parallel; results in file order.
    let jobs = opts.jobs.max(1).min(paths.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<FileRead>>> = (0..paths.len()).map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(p) = paths.get(i) else { break };
                let r = read_file(form, p);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            });
        }
    });
    let mut problems = Vec::new();
    let mut returns = Vec::new();
    let mut notes = list_notes;
    for slot in slots {
        if let Some((rs, ps, ns)) = slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            returns.extend(rs);
            problems.extend(ps);
            notes.extend(ns);
        }
    }
    for (k, r) in returns.iter_mut().enumerate() {
        r.order = k;
    }

    // The period: asked for, else the list's, else the one most returns have.
    let period = if !opts.period.is_empty() {
        opts.period.clone()
    } else if let Some(p) = units.as_ref().and_then(|u| list_period(form, u)) {
        p
    } else {
        majority_period(form, &returns)
    };
    let mut kept = Vec::new();
    // A period field a return does not give reads as empty, as a blank cell would (here, in
    // `name_of` and in `period_of`).
    for r in returns {
        let theirs: Vec<(String, String)> =
            form.period.iter().map(|f| (f.clone(), r.identity.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone()).unwrap_or_default())).collect();
        let differs = theirs.iter().any(|(f, v)| !v.is_empty() && period.iter().any(|(g, w)| g == f && w != v));
        if differs {
            problems.push(Problem {
                file: r.file.clone(),
                sheet: r.sheet.clone(),
                cell: String::new(),
                unit: r.code.clone(),
                message: Text::OtherPeriod { theirs: show_period(&theirs), ours: show_period(&period) }.to_string(),
            });
        } else {
            kept.push(r);
        }
    }

    // One return per unit.
    let mut by_code: std::collections::BTreeMap<String, Vec<Return>> = std::collections::BTreeMap::new();
    for r in kept {
        by_code.entry(r.code.clone()).or_default().push(r);
    }
    let mut chosen: Vec<Return> = Vec::new();
    for (code, mut rs) in by_code {
        if rs.len() > 1 {
            // Prefer a return without problems, then the one saved last, then the file
            // changed last, then the one read last.
            rs.sort_by(|a, b| (a.problems.is_empty(), &a.saved, a.mtime, a.order).cmp(&(b.problems.is_empty(), &b.saved, b.mtime, b.order)));
            let keep = rs.pop().unwrap_or_else(unreachable_return);
            for other in &rs {
                let why = if keep.problems.is_empty() && !other.problems.is_empty() {
                    Text::WhyValid
                } else if let Some(kept) = keep.saved.clone().filter(|_| keep.saved != other.saved) {
                    let other = other.saved.clone().unwrap_or_else(|| Text::Unknown.to_string());
                    Text::WhySavedLater { kept, other }
                } else if keep.mtime != other.mtime {
                    Text::WhyChangedLater
                } else {
                    Text::WhyLaterOrder
                };
                problems.push(Problem {
                    file: other.file.clone(),
                    sheet: other.sheet.clone(),
                    cell: String::new(),
                    unit: code.clone(),
                    message: Text::ReturnedTwice { code: code.clone(), kept: keep.file.clone(), why: Box::new(why.clone()) }.to_string(),
                });
            }
            chosen.push(keep);
        } else if let Some(r) = rs.pop() {
            chosen.push(r);
        }
    }

    // Against the list.
    let (mut used, mut rejected, missing, sent) = match &units {
        Some(units) => {
            let mut order: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for (i, u) in units.iter().enumerate() {
                order.entry(u.code.as_str()).or_insert(i);
            }
            let mut on_list = Vec::new();
            for r in chosen {
                if order.contains_key(r.code.as_str()) {
                    on_list.push(r);
                } else {
                    problems.push(Problem {
                        file: r.file.clone(),
                        sheet: r.sheet.clone(),
                        cell: String::new(),
                        unit: r.code.clone(),
                        message: Text::NotInList { code: r.code.clone() }.to_string(),
                    });
                }
            }
            on_list.sort_by_key(|r| order.get(r.code.as_str()).copied().unwrap_or(usize::MAX));
            let returned: std::collections::HashSet<&str> = on_list.iter().map(|r| r.code.as_str()).collect();
            let missing: Vec<Unit> = units.iter().filter(|u| !returned.contains(u.code.as_str())).cloned().collect();
            // The list's identity fields are authoritative (level, commune).
            let by: std::collections::HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
            for r in on_list.iter_mut() {
                if let Some(u) = by.get(r.code.as_str()) {
                    for (field, value) in r.identity.iter_mut() {
                        let listed = form::text_of(form::lookup(&u.data, field));
                        if !listed.is_empty() {
                            *value = listed;
                        }
                    }
                }
            }
            let (good, bad): (Vec<Return>, Vec<Return>) = on_list.into_iter().partition(|r| r.problems.is_empty());
            (good, bad, missing, Some(units.len()))
        }
        None => {
            let (good, bad): (Vec<Return>, Vec<Return>) = chosen.into_iter().partition(|r| r.problems.is_empty());
            (good, bad, Vec::new(), None)
        }
    };
    for r in &rejected {
        problems.extend(r.problems.iter().cloned());
    }
    let name_of = |r: &Return| r.identity.iter().find(|(f, _)| f == &form.unit_name).map(|(_, v)| v.clone()).unwrap_or_default();
    if units.is_none() {
        used.sort_by(|a, b| crate::vn::compare_text(&name_of(a), &name_of(b)).then(a.code.cmp(&b.code)));
        rejected.sort_by(|a, b| crate::vn::compare_text(&name_of(a), &name_of(b)).then(a.code.cmp(&b.code)));
    }
    // Problems in file order, then cell order within a file.
    problems.sort_by(|a, b| a.file.cmp(&b.file).then(cell_key(&a.cell).cmp(&cell_key(&b.cell))));
    Ok(Gathered { used, rejected, missing, sent, period, problems, notes, files: paths.len() })
}

fn unreachable_return() -> Return {
    Return {
        file: String::new(),
        sheet: String::new(),
        code: String::new(),
        identity: Vec::new(),
        values: Map::new(),
        problems: Vec::new(),
        saved: None,
        mtime: 0,
        order: 0,
    }
}

/// Sorts `D9` before `D10`, and rows by number: a sort key of the cells vanban names itself,
/// so a cell without digits (none is) would only sort first.
fn cell_key(cell: &str) -> (u32, String) {
    let digits: String = cell.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(0), cell.to_string())
}

fn show_period(p: &[(String, String)]) -> String {
    p.iter().map(|(f, v)| format!("{f} = {v}")).collect::<Vec<_>>().join(", ")
}

/// The list the forms were sent to: every row with its unit code.
fn read_list(form: &Form, path: &Path, sheet: Option<&str>) -> Result<(Vec<Unit>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let rows = crate::rows::open_with(path, sheet, &expected_columns(form), Some(&form.unit_code)).map_err(|d| vec![d])?;
    let notes = rows.notes.clone();
    if let Some(h) = &rows.headers {
        if !h.iter().any(|c| c == &form.unit_code) {
            return Err(vec![Diagnostic::error(Msg::ListNoCode { column: form.unit_code.clone() }).in_file(path.display().to_string())]);
        }
    }
    let mut units = Vec::new();
    let mut errs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for row in rows.iter {
        match row.data {
            Err(d) => errs.push(d),
            Ok(data) if data.as_object().is_some_and(|m| m.is_empty()) => {}
            Ok(data) => {
                let code = form::text_of(form::lookup(&data, &form.unit_code));
                if code.is_empty() {
                    errs.push(Diagnostic::error(Msg::ListCodeEmpty { row: row.number, column: form.unit_code.clone() }).in_file(path.display().to_string()));
                } else if !seen.insert(code.clone()) {
                    errs.push(Diagnostic::error(Msg::ListTwice { row: row.number, code: code.clone() }).in_file(path.display().to_string()));
                } else {
                    units.push(Unit { code, data });
                }
            }
        }
    }
    if errs.is_empty() {
        Ok((units, notes))
    } else {
        Err(errs)
    }
}

/// The period of the list, when every row that has one has the same.
fn list_period(form: &Form, units: &[Unit]) -> Option<Vec<(String, String)>> {
    let mut found: Option<Vec<(String, String)>> = None;
    for u in units {
        let p: Vec<(String, String)> = form.period.iter().map(|f| (f.clone(), form::text_of(form::lookup(&u.data, f)))).collect();
        if p.iter().any(|(_, v)| v.is_empty()) {
            continue;
        }
        match &found {
            None => found = Some(p),
            Some(q) if *q != p => return None,
            _ => {}
        }
    }
    found
}

/// The period most returns have (ties: the latest, as the fields compare).
fn majority_period(form: &Form, returns: &[Return]) -> Vec<(String, String)> {
    let mut counts: std::collections::BTreeMap<Vec<(String, String)>, usize> = std::collections::BTreeMap::new();
    for r in returns {
        let p: Vec<(String, String)> =
            form.period.iter().map(|f| (f.clone(), r.identity.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone()).unwrap_or_default())).collect();
        if p.iter().all(|(_, v)| !v.is_empty()) {
            *counts.entry(p).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(p, n)| (*n, p.clone())).map(|(p, _)| p).unwrap_or_default()
}

/// Reads one file: a returned form (one return), or a combined sheet or JSON (one return
/// per row). A file that is neither is one problem.
/// What one file gives: its returns, the problems of the file, the notes on how it was read.
type FileRead = (Vec<Return>, Vec<Problem>, Vec<Diagnostic>);

fn read_file(form: &Form, path: &Path) -> FileRead {
    match read_one(form, path) {
        Ok(x) => x,
        Err(p) => (Vec::new(), vec![p], Vec::new()),
    }
}

fn read_one(form: &Form, path: &Path) -> Result<FileRead, Problem> {
    let file = path.display().to_string();
    let whole = |message: String| Problem { file: file.clone(), sheet: String::new(), cell: String::new(), unit: String::new(), message };
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    // Only orders two returns of one unit (the file changed last kept): 0 when the system has no time.
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let mut notes = Vec::new();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xls") {
        let mut book = crate::sheet::Book::open(path).map_err(|_| whole(Text::CannotOpenAsWorkbook.to_string()))?;
        if book.has(form::ID_SHEET) {
            let r = form::read_book(&mut book, form).map_err(|d| whole(d.message))?;
            notes.extend(r.notes.iter().cloned());
            if r.form_id != form.id {
                return Err(whole(Text::FormOfOther { theirs: r.form_id.clone(), ours: form.id.clone() }.to_string()));
            }
            if r.version != form.version {
                return Err(whole(Text::FormVersion { theirs: r.version.to_string(), ours: form.version.to_string() }.to_string()));
            }
            let code = r.ident(&form.unit_code).to_string();
            if code.is_empty() {
                return Err(whole(Text::FormNoUnit { column: form.unit_code.clone() }.to_string()));
            }
            // A form changed so that its values cannot be read safely: one problem, no value.
            let (values, problems) = match &r.refused {
                Some((cell, why)) => {
                    (Map::new(), vec![Problem { file: file.clone(), sheet: r.sheet.clone(), cell: cell.clone(), unit: code.clone(), message: why.clone() }])
                }
                None => {
                    let (values, msgs) = form.check(&|k| r.value(k).map_or(Raw::Empty, |(_, raw)| raw.clone()));
                    let problems = msgs
                        .into_iter()
                        .map(|(k, m)| Problem {
                            file: file.clone(),
                            sheet: r.sheet.clone(),
                            cell: r.value(&k).map_or(String::new(), |(c, _)| c.to_string()),
                            unit: code.clone(),
                            message: m,
                        })
                        .collect();
                    (values, problems)
                }
            };
            let ret = Return { file, sheet: r.sheet.clone(), code, identity: r.identity.clone(), values, problems, saved: r.saved.clone(), mtime, order: 0 };
            return Ok((vec![ret], Vec::new(), notes));
        }
    }
    // A combined sheet (or CSV, JSON): a row per unit, headers are data fields (or, in a
    // sheet typed by hand, the form's labels).
    let rows = crate::rows::open_with(path, None, &expected_columns(form), Some(&form.unit_code)).map_err(|d| whole(d.message))?;
    notes.extend(rows.notes.iter().cloned());
    let sheet = if matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xls") { first_sheet(path) } else { String::new() };
    if let Some(h) = &rows.headers {
        if !h.iter().any(|c| c == &form.unit_code) {
            return Err(whole(Text::NotAForm { column: form.unit_code.clone() }.to_string()));
        }
    }
    let headers = rows.headers.clone();
    let columns = rows.columns.clone();
    let at = |number: usize, key: &str| -> String {
        match &headers {
            Some(h) => match h.iter().position(|c| c == key) {
                Some(i) if !sheet.is_empty() || ext == "csv" => {
                    if ext == "csv" {
                        Text::CsvColumnAt { row: number, key: key.to_string() }.to_string()
                    } else {
                        format!("{}{number}", crate::sheet::column_name(columns.get(i).copied().unwrap_or(i as u32) as usize))
                    }
                }
                _ => Text::CsvRowAt { row: number as u32 }.to_string(),
            },
            None => format!("[{}].{key}", number - 1),
        }
    };
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for row in rows.iter {
        let data = match row.data {
            Ok(d) => d,
            Err(d) => {
                bad.push(Problem {
                    file: file.clone(),
                    sheet: sheet.clone(),
                    cell: Text::CsvRowAt { row: row.number as u32 }.to_string(),
                    unit: String::new(),
                    message: d.message,
                });
                continue;
            }
        };
        let code = form::text_of(form::lookup(&data, &form.unit_code));
        if code.is_empty() {
            if data.as_object().is_some_and(|m| !m.is_empty()) {
                bad.push(Problem {
                    file: file.clone(),
                    sheet: sheet.clone(),
                    cell: at(row.number, &form.unit_code),
                    unit: String::new(),
                    message: Text::CodeEmptyRow { column: form.unit_code.clone() }.to_string(),
                });
            }
            continue;
        }
        let mut identity = vec![(form.unit_code.clone(), code.clone())];
        for f in std::iter::once(&form.unit_name).chain(form.identity.iter().map(|(_, f)| f)).chain(form.period.iter()) {
            identity.push((f.clone(), form::text_of(form::lookup(&data, f))));
        }
        let (values, msgs) = form.check(&|k| Raw::of(form::lookup(&data, k)));
        let problems = msgs
            .into_iter()
            .map(|(k, m)| Problem { file: file.clone(), sheet: sheet.clone(), cell: at(row.number, &k), unit: code.clone(), message: m })
            .collect();
        out.push(Return { file: file.clone(), sheet: sheet.clone(), code, identity, values, problems, saved: None, mtime, order: 0 });
    }
    Ok((out, bad, notes))
}

/// The first sheet shown, as the rows reader takes it. The rows reader has just read the same
/// file (its failure is reported there); the name only places the problems, so a file that
/// changed in between leaves them without a sheet's name rather than failing the summary.
fn first_sheet(path: &Path) -> String {
    crate::sheet::Book::open(path).ok().and_then(|b| b.first_visible().map(str::to_string)).unwrap_or_default()
}

/// The columns of a combined sheet or a list of units: each data field, also under the
/// label a person would type (`Mã đơn vị`, an indicator's label).
fn expected_columns(form: &Form) -> Vec<crate::sheet::Column> {
    use crate::sheet::Column;
    let mut cols = vec![
        Column { key: form.unit_code.clone(), accepted: vec![form.unit_code.clone(), "Mã đơn vị".into()], required: false },
        Column { key: form.unit_name.clone(), accepted: vec![form.unit_name.clone(), "Tên đơn vị".into()], required: false },
    ];
    for (label, field) in &form.identity {
        cols.push(Column { key: field.clone(), accepted: vec![field.clone(), label.clone()], required: false });
    }
    cols.extend(form.period.iter().map(|p| Column::named(p)));
    for f in form.fields() {
        cols.push(Column { key: f.key.clone(), accepted: vec![f.key.clone(), f.label.clone()], required: false });
    }
    cols
}

/// A summary report ready to render, with what was gathered for it.
pub struct Report {
    /// The report, composed.
    pub composed: crate::compose::Composed,
    /// Warnings of its checks.
    pub warnings: Vec<Diagnostic>,
    /// What was read.
    pub gathered: Gathered,
    /// The data the template was merged with (for `--data-out`, tests and the server).
    pub data: Value,
    /// The form's identity fields (data field, label), for the CSV of missing units.
    pub identity: Vec<(String, String)>,
}

/// The summary report of `template` (a template with a `tong_hop` section) over the returns
/// `opts` names; `extra` is the report's own data (number, date, signer…). Errors here are
/// of the whole run (a template, the list, no files); each return's problems are in
/// `gathered.problems`.
pub fn report(
    template: &crate::template::Template,
    template_dir: Option<&Path>,
    opts: &Options,
    extra: &Map<String, Value>,
    today: chrono::NaiveDate,
) -> Result<Report, Vec<Diagnostic>> {
    let spec = summary::Spec::of(template)?;
    let form_template = {
        let name = &spec.form_template;
        let shipped = crate::template::SHIPPED.iter().any(|(n, _)| n == name);
        let beside = template_dir.map(|d| d.join(name)).filter(|p| !shipped && p.is_file());
        match beside {
            Some(p) => crate::template::Template::load(&p.display().to_string())?,
            None => crate::template::Template::load(name)?,
        }
    };
    let form =
        Form::of(&form_template)?.ok_or_else(|| vec![template.error_at("tong_hop.bieu_mau", Msg::NoFormInSummary { template: form_template.name.clone() })])?;
    spec.check_against(&form, template)?;
    let gathered = collect(&form, opts)?;
    // No return read and no list giving the period: the report cannot say which quarter it
    // is of. Said as such, with every return's problem, not as the template's empty field.
    let unknown: Vec<&str> = form.period.iter().filter(|f| !gathered.period.iter().any(|(g, v)| g == *f && !v.is_empty())).map(String::as_str).collect();
    if gathered.used.is_empty() && !unknown.is_empty() {
        let mut ds = vec![Diagnostic::error(Msg::TongHopPeriod { fields: unknown.join("`, `") })];
        ds.extend(gathered.problems.iter().map(|p| Diagnostic::error(Msg::TongHopReturn { file: p.file.clone(), problem: p.message.clone() })));
        return Err(ds);
    }
    let data = summary::data(&spec, &form, &gathered, extra);
    let doc = template.merge(&data, "")?;
    let (composed, diags) = crate::analyse_doc(&doc, today);
    let Some(composed) = composed else {
        return Err(diags.into_iter().map(|d| d.in_file(&template.name)).collect());
    };
    let mut identity = vec![(form.unit_code.clone(), "Mã đơn vị".to_string()), (form.unit_name.clone(), "Tên đơn vị".to_string())];
    identity.extend(form.identity.iter().map(|(l, f)| (f.clone(), l.clone())));
    Ok(Report { composed, warnings: diags, gathered, data, identity })
}

/// `danh sách đơn vị chưa nộp` as CSV: STT, then the unit's identity columns.
pub fn missing_csv(r: &Report) -> Vec<u8> {
    let mut head = vec!["STT".to_string()];
    head.extend(r.identity.iter().map(|(_, l)| l.clone()));
    let rows = r.gathered.missing.iter().enumerate().map(|(i, u)| {
        let mut rec = vec![(i + 1).to_string()];
        rec.extend(r.identity.iter().map(|(f, _)| form::text_of(form::lookup(&u.data, f))));
        rec
    });
    crate::output::csv_bytes(false, std::iter::once(head).chain(rows))
}

/// Every problem as CSV: file, sheet, cell, unit, message.
pub fn problems_csv(problems: &[Problem]) -> Vec<u8> {
    let head = [Text::LoiFile, Text::LoiSheet, Text::LoiCell, Text::LoiUnit, Text::LoiMessage].map(|t| t.to_string());
    let rows = problems.iter().map(|p| [p.file.clone(), p.sheet.clone(), p.cell.clone(), p.unit.clone(), p.message.clone()]);
    crate::output::csv_bytes(false, std::iter::once(head).chain(rows))
}
