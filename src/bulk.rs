//! Bulk generation: one template × the rows of a spreadsheet. Rows stream in from the
//! reader, are merged, checked and rendered by `jobs` worker threads sharing one engine
//! (fonts and templates loaded once), and stream out as files (each written to a temporary
//! name and renamed) or as entries of one ZIP written in row order. A bad row is reported
//! with its number, field and message, and the others are still produced.

use crate::diag::Diagnostic;
use crate::messages::{Msg, Text};
use crate::render::{docx::DocxWriter, pdf::Engine, Format};
use crate::rows::{self, Row};
use crate::template::{NamePattern, Template};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

/// What to read and where to write.
pub struct Options {
    /// The rows file (.xlsx, .csv, .json).
    pub rows: PathBuf,
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<String>,
    /// Output folder (with `zip` unset).
    pub out_dir: Option<PathBuf>,
    /// One ZIP archive instead of a folder.
    pub zip: Option<PathBuf>,
    /// Formats to write for each row.
    pub formats: Vec<Format>,
    /// Also write each row's fillable form as an Excel workbook (the template's `bieu_mau`).
    pub workbook: bool,
    /// File-name pattern, e.g. `{{truong.ma}}-{{truong.ten}}`.
    pub name: Option<String>,
    /// Worker threads.
    pub jobs: usize,
    /// "Today" for the date checks.
    pub today: chrono::NaiveDate,
    /// Told how the run goes (the terminal's bar, the web page's counter), and asked
    /// between rows whether to stop.
    pub observer: Option<std::sync::Arc<dyn Observer>>,
}

/// What a caller showing a run's progress is told. Called from the worker threads, so it
/// must be cheap and thread-safe; the run itself never writes to the terminal.
pub trait Observer: Send + Sync {
    /// The run starts: `total` rows in the file.
    fn started(&self, total: usize);
    /// The row numbered `row` (as the user sees it) is done: written (`ok`) or failed.
    fn row_done(&self, row: usize, ok: bool);
    /// Every row is done, or the run stopped; called once, before `run` returns.
    fn finished(&self);
    /// Whether to stop: rows not yet handed to a worker are then not read, and the run ends
    /// with an error saying so.
    fn cancelled(&self) -> bool {
        false
    }
}

/// How far a run has gone, and a flag that stops it: rows not yet handed to a worker are
/// then not read, and the run ends with an error saying so. The observer of a caller that
/// polls (the web page).
#[derive(Debug, Default)]
pub struct Progress {
    /// Rows in the file.
    pub total: AtomicUsize,
    /// Rows done (written or failed).
    pub done: AtomicUsize,
    /// Set to stop the run.
    pub cancel: AtomicBool,
}

impl Observer for Progress {
    fn started(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }
    fn row_done(&self, _row: usize, _ok: bool) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
    fn finished(&self) {}
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A row that produced no document.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Row number as the user sees it.
    pub row: usize,
    /// The field (JSON path or placeholder) at fault, when known.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Failure {
    fn new(row: usize, field: &str, message: impl Into<String>) -> Failure {
        Failure { row, field: field.to_string(), message: message.into() }
    }

    /// The failures a row's errors make (its warnings make none): the field is the data
    /// column at fault where the error names one, else the place in the template; a column
    /// missing in several places of the template is one failure.
    fn of(row: usize, diags: &[Diagnostic]) -> Vec<Failure> {
        let mut out: Vec<Failure> = Vec::new();
        for d in diags.iter().filter(|d| d.is_error()) {
            let message = match &d.hint {
                Some(h) => Text::WithHint { message: d.message.clone(), hint: h.clone() }.to_string(),
                None => d.message.clone(),
            };
            // An error naming neither a column nor a place is about the whole row: no field.
            let f = Failure::new(row, d.field.as_deref().or(d.path.as_deref()).unwrap_or_default(), message);
            if !out.iter().any(|o| o.field == f.field && o.message == f.message) {
                out.push(f);
            }
        }
        out
    }
}

/// `row 12 `truong.ten`: message`, as the summary of `bulk` and `check --rows` list it.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        use crate::diag::printable;
        write!(f, "{}", Text::FailureRow { row: self.row })?;
        if !self.field.is_empty() {
            write!(f, " `{}`", printable(&self.field))?;
        }
        write!(f, ": {}", printable(&self.message))
    }
}

/// The rows file a template reads: every field it describes or its placeholders read (a
/// column each, named by the field), required where no document can be made without it, with what the
/// template's `gioi_thieu` says of it (name, example, fixed values). What the web page shows
/// and `vanban bulk TEMPLATE --blank OUT.xlsx` writes (see [`crate::guide::blank_workbook`]).
pub fn guide(template: &Template) -> crate::guide::Guide {
    let about = template.about();
    // The columns the template describes, in its order (a field read only under a condition —
    // `neu` — is found no other way), then any other its placeholders read.
    let mut fields: Vec<String> = about.columns.iter().map(|(k, ..)| k.clone()).filter(|k| !k.is_empty()).collect();
    for f in template.fields() {
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let columns = fields
        .iter()
        .map(|f| {
            // Required: the template cannot be filled with every other column but this one.
            let others: Vec<String> = fields.iter().filter(|o| *o != f).cloned().collect();
            let required = template.probe(&others).is_err();
            let (label, example, values) = about
                .columns
                .iter()
                .find(|(k, ..)| k == f)
                .map(|(_, l, e, v)| (l.clone(), e.clone(), v.clone()))
                .unwrap_or_else(|| (f.clone(), String::new(), Vec::new()));
            crate::guide::Column { header: f.clone(), label: if label.is_empty() { f.clone() } else { label }, required, example, values }
        })
        .collect();
    crate::guide::Guide {
        title: about.title,
        description: about.description,
        sheets: vec![crate::guide::Sheet { name: "Dữ liệu".to_string(), items: false, required: true, columns }],
    }
}

/// How many rows the failures (in row order) are of.
pub fn failed_rows(failures: &[Failure]) -> usize {
    let mut rows: Vec<usize> = failures.iter().map(|f| f.row).collect();
    rows.dedup();
    rows.len()
}

/// A row's data, or why it cannot make a document (unreadable or empty).
fn usable(number: usize, data: Result<Value, Diagnostic>) -> Result<Value, Failure> {
    match data {
        Ok(d) if d.as_object().is_some_and(|m| m.is_empty()) => Err(Failure::new(number, "", Text::EmptyRow.to_string())),
        Ok(d) => Ok(d),
        // A row that cannot be read names its column when one is at fault, else none (the row).
        Err(d) => Err(Failure::new(number, d.field.as_deref().unwrap_or_default(), d.message)),
    }
}

/// Merges a row into the template and checks the document, as `run` does before
/// rendering: the composed document, or the row's failures.
fn prepare(template: &Template, row: usize, data: &Value, today: chrono::NaiveDate) -> Result<crate::compose::Composed, Vec<Failure>> {
    let doc = template.merge(data, "").map_err(|ds| Failure::of(row, &ds))?;
    match crate::analyse_doc(&doc, today) {
        (Some(composed), _) => Ok(composed),
        (None, ds) => Err(Failure::of(row, &ds)),
    }
}

/// Checks every row of a rows file against a template without rendering anything: the
/// rows `bulk` would report as failed, with the same messages, in a fraction of the
/// time. Returns the number of rows read and the failures in row order.
pub fn check_rows(
    template: &Template,
    rows_path: &Path,
    sheet: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<(usize, Vec<Failure>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let rows = rows::open_expecting(rows_path, sheet, &template.fields()).map_err(|d| vec![d])?;
    if let Some(headers) = &rows.headers {
        template.probe(headers)?;
    }
    let mut failures = Vec::new();
    for Row { number, data } in rows.iter {
        match usable(number, data) {
            Err(f) => failures.push(f),
            Ok(data) => {
                if let Err(fs) = prepare(template, number, &data, today) {
                    failures.extend(fs);
                }
            }
        }
    }
    Ok((rows.len, failures, rows.notes))
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Rows read from the file.
    pub rows_read: usize,
    /// Files written (documents × formats).
    pub documents_written: usize,
    /// Rows that failed, in row order.
    pub failures: Vec<Failure>,
    /// Wall time.
    pub elapsed: Duration,
    /// How the rows file was read (a title above the header, rows skipped after the data…).
    pub notes: Vec<Diagnostic>,
    /// Where failures.csv was written, if any row failed.
    pub failures_csv: Option<PathBuf>,
}

/// A row handed to a worker: its index in the order sent, its number as the user sees it,
/// its file name (without extension) and its data.
struct Job {
    index: usize,
    row: usize,
    name: String,
    data: Value,
}

/// A file name safe on every system: ASCII letters, digits, `-`, `_` and `.`, no `..`, no
/// leading dot, at most 100 bytes; never empty.
pub fn safe_name(s: &str) -> String {
    let folded = crate::vn::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    let mut out = out.trim_matches(|c| matches!(c, '-' | '.' | '_')).to_string();
    out.truncate(100);
    let out = out.trim_end_matches(['-', '.', '_']).to_string();
    if out.is_empty() {
        "van-ban".to_string()
    } else {
        out
    }
}

/// The default name part of a row: its school or person's name, when it has one.
fn default_label(data: &Value) -> Option<String> {
    ["truong.ten", "ten", "ho_ten", "name", "truong.ma", "ma"].iter().find_map(|p| {
        let v = p.split('.').try_fold(data, |v, k| v.get(k))?;
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    })
}

/// Runs a bulk job. Errors here are about the whole run (unreadable rows file, a template
/// that no row can fill, an output that cannot be created); row errors are in the summary.
pub fn run(template: &Template, engine: &Engine, docx: &DocxWriter, opts: &Options) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let rows = rows::open_expecting(&opts.rows, opts.sheet.as_deref(), &template.fields()).map_err(|d| vec![d])?;
    // Blank forms alone (`--format xlsx`) need only the unit and the period, not the figures
    // the document would print.
    let documents = !opts.formats.is_empty();
    if let (Some(headers), true) = (&rows.headers, documents) {
        template.probe(headers)?;
    }
    let name_pattern = opts.name.as_deref().map(NamePattern::new).transpose().map_err(|d| vec![d])?;
    let form = fillable_form(template, opts.workbook)?;
    let out_dir = output_dir(opts)?;
    let total = rows.len;
    let batch = Batch {
        template,
        engine,
        docx,
        opts,
        form,
        out_dir,
        documents,
        jobs: opts.jobs.max(1),
        failures: Mutex::new(Vec::new()),
        written: AtomicUsize::new(0),
        rendered: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
    };
    if let Some(o) = batch.observer() {
        o.started(total);
    }
    let (zip_result, workers_failed) = batch.stream(rows.iter, name_pattern.as_ref(), total);
    if let Some(o) = batch.observer() {
        o.finished();
    }
    batch.ended(zip_result, workers_failed, total)?;
    let written = batch.written.load(Ordering::Relaxed);
    let mut failures = batch.failures.into_inner().unwrap_or_else(|p| p.into_inner());
    failures.sort_by_key(|f| f.row);
    let failures_csv = write_failures_csv(opts, &batch.out_dir, &failures)?;
    Ok(Summary { rows_read: total, documents_written: written, failures, elapsed: start.elapsed(), failures_csv, notes: rows.notes })
}

/// The fillable form of the template when each row's workbook is asked for (`--workbook`);
/// an error when the template has none.
fn fillable_form(template: &Template, workbook: bool) -> Result<Option<crate::form::Form>, Vec<Diagnostic>> {
    match (workbook, crate::form::Form::of(template)?) {
        (false, _) => Ok(None),
        (true, Some(f)) => Ok(Some(f)),
        (true, None) => Err(vec![Diagnostic::error(Msg::NoFillableForm { template: template.name.clone() })]),
    }
}

/// The folder files go to (the output folder, or the ZIP's folder, which holds its
/// failures.csv), created when missing.
fn output_dir(opts: &Options) -> Result<PathBuf, Vec<Diagnostic>> {
    let out_dir = match (&opts.out_dir, &opts.zip) {
        (_, Some(z)) => z.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")),
        (Some(d), None) => d.clone(),
        (None, None) => return Err(vec![Diagnostic::error(Msg::NoOutput)]),
    };
    std::fs::create_dir_all(&out_dir).map_err(|e| vec![Diagnostic::error(Msg::CannotCreate { path: out_dir.display().to_string(), error: e.to_string() })])?;
    Ok(out_dir)
}

/// Writes the failures (in row order) as `failures.csv` in the output folder, or
/// `NAME.failures.csv` beside the ZIP `NAME.zip`, when a row failed, and removes the file a
/// previous run left when none did: where it was written.
fn write_failures_csv(opts: &Options, out_dir: &Path, failures: &[Failure]) -> Result<Option<PathBuf>, Vec<Diagnostic>> {
    let csv_path = match &opts.zip {
        Some(z) => out_dir.join(format!("{}.failures.csv", z.file_stem().and_then(|s| s.to_str()).unwrap_or("bulk"))),
        None => out_dir.join("failures.csv"),
    };
    if failures.is_empty() {
        let _ = std::fs::remove_file(&csv_path);
        return Ok(None);
    }
    let head = [Text::CsvRow.to_string(), Text::CsvField.to_string(), Text::CsvMessage.to_string()];
    let bytes = crate::output::csv_bytes(false, std::iter::once(head).chain(failures.iter().map(|f| [f.row.to_string(), f.field.clone(), f.message.clone()])));
    crate::output::write_atomic(&csv_path, &bytes).map_err(|d| vec![d])?;
    Ok(Some(csv_path))
}

/// A file of a row: its name and bytes.
type File = (String, Vec<u8>);

/// One run, shared by the reader and the worker threads: what it reads and writes with,
/// and what they count and record.
struct Batch<'a> {
    template: &'a Template,
    engine: &'a Engine,
    docx: &'a DocxWriter,
    opts: &'a Options,
    /// The form each row's workbook fills, when asked for.
    form: Option<crate::form::Form>,
    out_dir: PathBuf,
    /// Whether documents are made (not only workbooks).
    documents: bool,
    /// Worker threads (at least one).
    jobs: usize,
    failures: Mutex<Vec<Failure>>,
    /// Files written (or handed to the ZIP writer).
    written: AtomicUsize,
    /// Rows rendered, for trimming Typst's cache.
    rendered: AtomicUsize,
    /// Rows done (written or failed).
    done: AtomicUsize,
}

impl Batch<'_> {
    /// Who is told how the run goes.
    fn observer(&self) -> Option<&dyn Observer> {
        self.opts.observer.as_deref()
    }

    /// Whether the observer asks to stop.
    fn cancelled(&self) -> bool {
        self.observer().is_some_and(|o| o.cancelled())
    }

    /// Records a row's failures.
    fn record(&self, fs: Vec<Failure>) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).extend(fs);
    }

    /// Counts a row done and tells the observer.
    fn row_done(&self, row: usize, ok: bool) {
        self.done.fetch_add(1, Ordering::Relaxed);
        if let Some(o) = self.observer() {
            o.row_done(row, ok);
        }
    }

    /// Streams the rows to the workers (and, for a ZIP, their files to the one thread
    /// writing it) and waits for all: the ZIP writer's outcome, if there is one, and how
    /// many workers panicked.
    fn stream(&self, rows: impl Iterator<Item = Row>, name_pattern: Option<&NamePattern>, total: usize) -> (Option<Result<(), Diagnostic>>, usize) {
        let zip_result: Mutex<Option<Result<(), Diagnostic>>> = Mutex::new(None);
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(self.jobs * 2);
        let job_rx = Mutex::new(job_rx);
        let (zip_tx, zip_rx) = mpsc::sync_channel::<ZipEntries>(self.jobs * 2);
        let workers_failed = std::thread::scope(|s| {
            // The ZIP writer: entries in row order, whatever order the workers finish in.
            if let Some(zip_path) = &self.opts.zip {
                let zip_result = &zip_result;
                s.spawn(move || {
                    let r = write_zip(zip_path, zip_rx);
                    *zip_result.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                });
            } else {
                drop(zip_rx);
            }
            let job_rx = &job_rx;
            let workers: Vec<_> = (0..self.jobs)
                .map(|_| {
                    let zip_tx = zip_tx.clone();
                    s.spawn(move || self.work(job_rx, zip_tx))
                })
                .collect();
            drop(zip_tx);
            self.read_rows(rows, name_pattern, total, job_tx);
            // Workers end when the channel is drained.
            workers.into_iter().map(|w| w.join()).filter(Result::is_err).count()
        });
        (zip_result.into_inner().unwrap_or_else(|p| p.into_inner()), workers_failed)
    }

    /// The reader: rows stream into the workers until the last or a stop; names are decided
    /// here, in row order, so that duplicates get the same distinct names on every run. A row
    /// that cannot be used or named fails here.
    fn read_rows(&self, rows: impl Iterator<Item = Row>, name_pattern: Option<&NamePattern>, total: usize, job_tx: mpsc::SyncSender<Job>) {
        // Files are numbered by data row from 0001 (not by the sheet's row: a title above the
        // header would start them at 0005).
        let width = total.to_string().len().max(4);
        let mut used: HashMap<String, usize> = HashMap::new();
        let mut index = 0;
        for (ordinal, Row { number, data }) in rows.enumerate() {
            if self.cancelled() {
                break;
            }
            let named = usable(number, data).and_then(|data| Ok((base_name(name_pattern, &data, number, ordinal + 1, width)?, data)));
            let (base, data) = match named {
                Ok(n) => n,
                Err(f) => {
                    self.record(vec![f]);
                    self.row_done(number, false);
                    continue;
                }
            };
            let name = unique(&mut used, base);
            if job_tx.send(Job { index, row: number, name, data }).is_err() {
                break;
            }
            index += 1;
        }
    }

    /// A worker: takes the next row until none is left, makes its files and writes them
    /// (or hands them to the ZIP writer).
    fn work(&self, jobs: &Mutex<mpsc::Receiver<Job>>, zip_tx: mpsc::SyncSender<ZipEntries>) {
        loop {
            let job = match jobs.lock().unwrap_or_else(|p| p.into_inner()).recv() {
                Ok(j) => j,
                Err(_) => break,
            };
            let (files, mut ok) = self.make_files(&job);
            let n = files.len();
            if self.opts.zip.is_some() {
                // Every row sends, even an empty list, so the writer can keep row order.
                if zip_tx.send((job.index, files)).is_err() {
                    break;
                }
                self.written.fetch_add(n, Ordering::Relaxed);
            } else {
                ok &= self.write_files(job.row, files);
            }
            self.row_done(job.row, ok);
        }
    }

    /// A row's files: its document in each format, then its workbook; none, with `false`,
    /// when one cannot be made (its failures recorded).
    fn make_files(&self, job: &Job) -> (Vec<File>, bool) {
        let composed = match self.documents.then(|| prepare(self.template, job.row, &job.data, self.opts.today)).transpose() {
            Ok(c) => c,
            Err(fs) => {
                self.record(fs);
                return (Vec::new(), false);
            }
        };
        let mut ok = true;
        let mut files = match self.render(job, composed.as_ref()) {
            Ok(files) => files,
            Err(fs) => {
                ok = false;
                self.record(fs);
                Vec::new()
            }
        };
        if let Some(form) = &self.form {
            match crate::form::workbook(self.template, form, &job.data) {
                Ok(b) if ok => files.push((format!("{}.xlsx", job.name), b)),
                Ok(_) => {}
                Err(ds) => {
                    ok = false;
                    self.record(Failure::of(job.row, &ds));
                    files.clear();
                }
            }
        }
        self.trim_cache();
        (files, ok)
    }

    /// The row's document in each format asked for (none without a composed document), or
    /// the failures of the first format it cannot be rendered in.
    fn render(&self, job: &Job, composed: Option<&crate::compose::Composed>) -> Result<Vec<File>, Vec<Failure>> {
        let Some(composed) = composed else { return Ok(Vec::new()) };
        self.opts
            .formats
            .iter()
            .map(|f| {
                let bytes = match f {
                    Format::Pdf => self.engine.pdf(composed),
                    Format::Docx => self.docx.docx(composed).map_err(|d| vec![d]),
                };
                bytes.map(|b| (format!("{}.{}", job.name, f.ext()), b)).map_err(|ds| Failure::of(job.row, &ds))
            })
            .collect()
    }

    /// Trims Typst's cache every `2 × jobs` documents so memory stays flat: what no document
    /// used since the last trim goes. What every document lays out alike (letterhead, fixed
    /// text, table cells) is used again by the next documents on any worker and so survives.
    /// A trim scans every cache under a lock the other workers wait for; trimming after each
    /// document to an age of `2 × jobs` kept about as much but scanned each entry 5 times
    /// (≈2 % more instructions per row, measured with callgrind). Trimming every 16
    /// documents saved 2 % of the instructions but raised the peak from ≈120 MB to ≈170 MB
    /// at 1,000 rows.
    fn trim_cache(&self) {
        let every = 2 * self.jobs;
        if self.rendered.fetch_add(1, Ordering::Relaxed) % every == every - 1 {
            typst::comemo::evict(1);
        }
    }

    /// Writes a row's files into the output folder, each to a temporary name renamed when
    /// complete: whether all were written (a failure recorded for each that was not).
    fn write_files(&self, row: usize, files: Vec<File>) -> bool {
        let mut ok = true;
        for (name, bytes) in files {
            match crate::output::write_atomic_with(&self.out_dir.join(&name), &bytes, false) {
                Ok(()) => {
                    self.written.fetch_add(1, Ordering::Relaxed);
                }
                Err(d) => {
                    ok = false;
                    self.record(vec![Failure::new(row, "", d.message)]);
                }
            }
        }
        ok
    }

    /// What ends the run as a whole once every worker is done: the ZIP that could not be
    /// written, workers that panicked (their rows are neither written nor failures), a stop.
    fn ended(&self, zip_result: Option<Result<(), Diagnostic>>, workers_failed: usize, total: usize) -> Result<(), Vec<Diagnostic>> {
        if let Some(Err(d)) = zip_result {
            return Err(vec![d]);
        }
        if workers_failed > 0 {
            return Err(vec![Diagnostic::error(Msg::WorkersFailed { count: workers_failed })]);
        }
        if self.cancelled() {
            return Err(vec![Diagnostic::error(Msg::Cancelled { done: self.done.load(Ordering::Relaxed), total })]);
        }
        Ok(())
    }
}

/// A row's file name before duplicates are told apart: the `--name` pattern filled with its
/// data, else its number in the file (`ordinal`, from 1, `width` digits) and its school or
/// person's name when it has one.
fn base_name(name_pattern: Option<&NamePattern>, data: &Value, row: usize, ordinal: usize, width: usize) -> Result<String, Failure> {
    match name_pattern {
        Some(pattern) => match pattern.render(data) {
            Ok(s) => Ok(safe_name(&s)),
            Err(e) => Err(Failure::new(row, "--name", Text::NamePatternFailed { error: e.to_string() }.to_string())),
        },
        None => Ok(match default_label(data) {
            Some(l) => safe_name(&format!("{ordinal:0width$}-{l}")),
            None => format!("{ordinal:0width$}"),
        }),
    }
}

/// A row's name as given, or with `-2`, `-3`… when an earlier row took it.
fn unique(used: &mut HashMap<String, usize>, base: String) -> String {
    let mut name = base.clone();
    let mut k = 1;
    while used.contains_key(&name) {
        k += 1;
        name = format!("{base}-{k}");
    }
    used.insert(name.clone(), 1);
    name
}

/// A row's files for the ZIP: its index in row order, and (name, bytes) of each.
type ZipEntries = (usize, Vec<File>);

/// Writes the ZIP: entries are kept in row order by buffering the few that arrive early;
/// the archive goes to a temporary name and is renamed when complete.
fn write_zip(path: &Path, rx: mpsc::Receiver<ZipEntries>) -> Result<(), Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| Diagnostic::error(Msg::CannotWrite { path: path.display().to_string(), error: e.to_string() });
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new().prefix(".vanban-").suffix(".zip.tmp").tempfile_in(dir).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(tmp.reopen().map_err(|e| fail(&e))?));
    // A DOCX is itself a ZIP of compressed parts: it is stored as it is, as compressing it
    // again gains nothing. A PDF's streams are compressed but its objects are not: the
    // fastest level takes off a third (≈50 KB → 33 KB) in three quarters of the time of the
    // default level, which takes off 2 % more. This one thread compresses for all the
    // workers, so its time counts.
    let base = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    let stored = base.compression_method(zip::CompressionMethod::Stored);
    let deflated = base.compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1));
    // Jobs are numbered as they are sent; entries go out strictly in that order, the few
    // that finish early waiting in `pending` (at most the jobs in flight).
    let mut pending: BTreeMap<usize, Vec<File>> = BTreeMap::new();
    let mut next = 0;
    for (index, files) in rx {
        pending.insert(index, files);
        while let Some(files) = pending.remove(&next) {
            for (name, bytes) in files {
                // A workbook, like a DOCX, is a ZIP already.
                let opts = if name.ends_with(".docx") || name.ends_with(".xlsx") { stored } else { deflated };
                zip.start_file(name, opts).map_err(|e| fail(&e))?;
                zip.write_all(&bytes).map_err(|e| fail(&e))?;
            }
            next += 1;
        }
    }
    let mut w = zip.finish().map_err(|e| fail(&e))?;
    w.flush().map_err(|e| fail(&e))?;
    drop(w);
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(safe_name("0001-Trường THCS Nguyễn Du"), "0001-truong-thcs-nguyen-du");
        assert_eq!(safe_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_name("a/b\\c\u{0}d"), "a-b-c-d");
        assert_eq!(safe_name("..."), "van-ban");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert!(safe_name(&"x".repeat(500)).len() <= 100);
        let mut used = HashMap::new();
        assert_eq!(unique(&mut used, "a".into()), "a");
        assert_eq!(unique(&mut used, "a".into()), "a-2");
        assert_eq!(unique(&mut used, "a".into()), "a-3");
    }
}
