//! Uploads: bulk runs (rows checked first, then run with progress, the ZIP and failures.csv
//! downloaded), award dossiers and summary reports. An upload is saved under a temporary
//! folder of the server's own, by a name the server makes (the client's file name gives
//! only its extension, from a fixed list), and the folder goes with the job.

use super::api::{attachment, diagnostic};
use super::{error, today, App};
use crate::bulk::{self, Progress};
use crate::diag::Diagnostic;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Jobs kept at once; the oldest finished one goes (with its files) when a new one starts.
const KEPT: usize = 16;
/// A bulk run is stopped past this.
const BULK_LIMIT: Duration = Duration::from_secs(30 * 60);

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/templates", get(templates))
        .route("/api/templates/{name}/blank.xlsx", get(template_blank))
        .route("/api/ho-so/guide", get(dossier_guide))
        .route("/api/ho-so/blank.xlsx", get(dossier_blank))
        .route("/api/bulk/check", post(bulk_check))
        .route("/api/bulk", post(bulk_start))
        .route("/api/jobs/{id}", get(job_status))
        .route("/api/jobs/{id}/cancel", post(job_cancel))
        .route("/api/jobs/{id}/zip", get(job_zip))
        .route("/api/jobs/{id}/failures.csv", get(job_failures))
        .route("/api/ho-so", post(dossier))
        .route("/api/tong-hop", post(summary))
}

/// The running and finished jobs of a server.
#[derive(Default)]
pub(crate) struct Jobs {
    map: Mutex<Vec<(String, Arc<Job>)>>,
}

pub(crate) struct Job {
    progress: Arc<Progress>,
    started: Instant,
    state: Mutex<JobState>,
    /// The uploads and outputs, kept as long as the job and removed with it.
    _dir: tempfile::TempDir,
}

enum JobState {
    Running,
    Done { written: usize, failures: Vec<bulk::Failure>, zip: PathBuf, failures_csv: Option<PathBuf> },
    Failed(Vec<Value>),
}

impl Jobs {
    fn add(&self, id: String, job: Arc<Job>) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        while map.len() >= KEPT {
            match map.iter().position(|(_, j)| !matches!(*j.state.lock().unwrap_or_else(|p| p.into_inner()), JobState::Running)) {
                Some(i) => {
                    map.remove(i);
                }
                None => break,
            }
        }
        map.push((id, job));
    }

    fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).iter().find(|(i, _)| i == id).map(|(_, j)| j.clone())
    }

    fn running(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|(_, j)| matches!(*j.state.lock().unwrap_or_else(|p| p.into_inner()), JobState::Running))
            .count()
    }
}

/// What a form sent: its text fields and its files (saved, by extension).
struct Upload {
    dir: tempfile::TempDir,
    fields: HashMap<String, String>,
    /// Field name and saved path, in the order sent.
    files: Vec<(String, PathBuf)>,
    /// Each saved file's name as the clerk uploaded it (its last component only): what
    /// reports name it by, instead of the server's `tep-001.xlsx`.
    uploaded: Vec<(PathBuf, String)>,
}

impl Upload {
    /// `text` with the saved files' paths and names replaced by the names uploaded.
    fn as_uploaded(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (path, name) in &self.uploaded {
            out = out.replace(&path.display().to_string(), name);
            if let Some(saved) = path.file_name().and_then(|n| n.to_str()) {
                out = out.replace(saved, name);
            }
        }
        out
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn file(&self, name: &str) -> Option<&PathBuf> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }

    fn all(&self, name: &str) -> Vec<PathBuf> {
        self.files.iter().filter(|(n, _)| n == name).map(|(_, p)| p.clone()).collect()
    }
}

/// Reads a multipart form: text fields, and files whose extension is one of `allowed`.
/// The client's file name is never a path here: only its extension is kept.
async fn upload(form: Result<Multipart, MultipartRejection>, allowed: &[&str]) -> Result<Upload, Response> {
    let mut form = form.map_err(|_| error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Cần gửi biểu mẫu có tệp đính kèm (Content-Type: multipart/form-data)."))?;
    let dir = tempfile::Builder::new()
        .prefix("vanban-serve-")
        .tempdir()
        .map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không tạo được thư mục tạm: {e}")))?;
    let mut fields = HashMap::new();
    let mut files = Vec::new();
    let mut uploaded = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e)),
        };
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(multipart_error)?;
        match file_name {
            None => {
                fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => {
                let ext = std::path::Path::new(&f.replace('\\', "/")).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
                if !allowed.contains(&ext.as_str()) {
                    return Err(error(
                        StatusCode::BAD_REQUEST,
                        format!(
                            "Tệp `{}` (ô `{}`): chỉ nhận tệp {}.",
                            crate::diag::printable(&f),
                            crate::diag::printable(&name),
                            allowed.iter().map(|a| format!(".{a}")).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                let path = dir.path().join(format!("tep-{:03}.{ext}", files.len() + 1));
                std::fs::write(&path, &bytes).map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không lưu được tệp tải lên: {e}")))?;
                let base = f.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).collect::<String>();
                uploaded.push((path.clone(), if base.is_empty() { format!("tệp {}", files.len() + 1) } else { base }));
                files.push((name, path));
            }
        }
    }
    Ok(Upload { dir, fields, files, uploaded })
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        error(StatusCode::PAYLOAD_TOO_LARGE, "Tệp tải lên quá lớn so với giới hạn của máy chủ (--upload-limit).")
    } else {
        error(StatusCode::BAD_REQUEST, format!("Biểu mẫu gửi lên bị hỏng: {}", e.body_text()))
    }
}

fn unprocessable(message: &str, ds: &[Diagnostic]) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "loi": message, "chan_doan": ds.iter().map(diagnostic).collect::<Vec<_>>() }))).into_response()
}

/// The shipped templates: name, Vietnamese title and description, whether each has a
/// fillable form or is a summary's, and the rows file it reads (its columns: the guide).
async fn templates() -> Json<Value> {
    let list: Vec<Value> = crate::template::SHIPPED
        .iter()
        .filter_map(|(name, _)| {
            let t = crate::template::Template::load(name).ok()?;
            let about = t.about();
            let summary = t.section("tong_hop").is_some();
            Some(json!({
                "ten": name,
                "tieu_de": about.title,
                "mo_ta": about.description,
                "bieu_mau": t.section("bieu_mau").is_some(),
                "tong_hop": summary,
                // Cannot fail (here and in `dossier_guide`): plain structs of strings.
                "huong_dan": if summary { Value::Null } else { serde_json::to_value(bulk::guide(&t)).unwrap_or(Value::Null) },
            }))
        })
        .collect();
    Json(Value::Array(list))
}

/// A blank workbook to give the rows file of a shipped template.
async fn template_blank(Path(name): Path<String>) -> Response {
    let Some(name) = Some(name.as_str()).filter(|n| crate::template::SHIPPED.iter().any(|(s, _)| s == n)) else {
        return error(StatusCode::NOT_FOUND, format!("Không có mẫu `{}`.", crate::diag::printable(&name)));
    };
    match crate::template::Template::load(name) {
        Ok(t) => blank(&bulk::guide(&t), &format!("du-lieu-{name}.xlsx")),
        Err(ds) => unprocessable("Mẫu có lỗi.", &ds),
    }
}

/// The nominations workbook's sheets and columns.
async fn dossier_guide() -> Json<Value> {
    Json(serde_json::to_value(crate::dossier::nominations::guide()).unwrap_or(Value::Null))
}

/// A blank nominations workbook.
async fn dossier_blank() -> Response {
    blank(&crate::dossier::nominations::guide(), "de-nghi-khen-thuong.xlsx")
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn blank(guide: &crate::guide::Guide, file: &str) -> Response {
    match crate::guide::blank_workbook(guide) {
        Ok(bytes) => attachment(bytes, file, XLSX),
        Err(d) => error(StatusCode::INTERNAL_SERVER_ERROR, crate::messages::for_page(&d).0),
    }
}

/// The template a form names: `mau` (a shipped one) or the file `mau_tep`.
fn template_of(u: &Upload) -> Result<crate::template::Template, Response> {
    let loaded = match (u.file("mau_tep"), u.field("mau")) {
        (Some(p), _) => match std::fs::read_to_string(p) {
            Ok(text) => crate::template::Template::from_text("mau.json", &text),
            Err(_) => return Err(error(StatusCode::BAD_REQUEST, "Tệp mẫu không phải văn bản UTF-8.")),
        },
        (None, Some(name)) if crate::template::SHIPPED.iter().any(|(n, _)| *n == name) => crate::template::Template::load(name),
        (None, Some(name)) => return Err(error(StatusCode::BAD_REQUEST, format!("Không có mẫu `{}`.", crate::diag::printable(name)))),
        (None, None) => return Err(error(StatusCode::BAD_REQUEST, "Chọn một mẫu có sẵn hoặc tải lên tệp mẫu (.json).")),
    };
    loaded.map_err(|ds| unprocessable("Mẫu có lỗi.", &ds))
}

fn failures_json(fs: &[bulk::Failure]) -> Vec<Value> {
    fs.iter().map(|f| json!({ "dong": f.row, "truong": f.field, "thong_bao": f.message })).collect()
}

/// What a bulk form sends: the upload, its template and its rows file.
async fn bulk_inputs(form: Result<Multipart, MultipartRejection>) -> Result<(Upload, crate::template::Template, PathBuf), Response> {
    let u = upload(form, &["xlsx", "csv", "json"]).await?;
    let template = template_of(&u)?;
    let rows = u.file("du_lieu").cloned().ok_or_else(|| error(StatusCode::BAD_REQUEST, "Chọn tệp dữ liệu (.xlsx, .csv)."))?;
    Ok((u, template, rows))
}

/// The rows that would fail, before anything is rendered (`check --rows`).
async fn bulk_check(State(app): State<Arc<App>>, form: Result<Multipart, MultipartRejection>) -> Response {
    let (u, template, rows) = match bulk_inputs(form).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let sheet = u.field("trang_tinh").map(str::to_string);
    let out = app.pool.run(move || {
        let r = bulk::check_rows(&template, &rows, sheet.as_deref(), today());
        drop(u);
        r
    });
    match out.await {
        Err(f) => f.response(),
        Ok(Err(ds)) => unprocessable("Không đọc được tệp dữ liệu.", &ds),
        Ok(Ok((n, fs, notes))) => Json(json!({
            "so_dong": n,
            "dong_loi": bulk::failed_rows(&fs),
            "loi": failures_json(&fs),
            "ghi_chu": notes.iter().map(|d| crate::messages::for_page(d).0).collect::<Vec<_>>(),
        }))
        .into_response(),
    }
}

/// Starts a bulk run: its id, for the progress and the downloads.
async fn bulk_start(State(app): State<Arc<App>>, form: Result<Multipart, MultipartRejection>) -> Response {
    let (u, template, rows) = match bulk_inputs(form).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut formats = Vec::new();
    let mut workbook = false;
    for f in u.field("dinh_dang").unwrap_or("pdf,docx").split(',') {
        match f.trim() {
            "pdf" => formats.push(crate::render::Format::Pdf),
            "docx" => formats.push(crate::render::Format::Docx),
            "xlsx" => workbook = true,
            "" => {}
            other => return error(StatusCode::BAD_REQUEST, format!("Định dạng `{}`: chỉ có pdf, docx, xlsx.", crate::diag::printable(other))),
        }
    }
    if formats.is_empty() && !workbook {
        return error(StatusCode::BAD_REQUEST, "Chọn ít nhất một định dạng.");
    }
    if app.jobs.running() >= KEPT {
        return error(StatusCode::TOO_MANY_REQUESTS, "Máy chủ đang chạy quá nhiều việc; hãy chờ một việc xong.");
    }
    let id = super::auth::new_id();
    let progress = Arc::new(Progress::default());
    let zip = u.dir.path().join("van-ban.zip");
    let opts = bulk::Options {
        rows,
        sheet: u.field("trang_tinh").map(str::to_string),
        out_dir: None,
        zip: Some(zip.clone()),
        formats,
        workbook,
        name: u.field("ten_tep").map(str::to_string),
        jobs: 1,
        today: today(),
        observer: Some(progress.clone()),
    };
    let job = Arc::new(Job { progress: progress.clone(), started: Instant::now(), state: Mutex::new(JobState::Running), _dir: u.dir });
    app.jobs.add(id.clone(), job.clone());
    let a = app.clone();
    tokio::spawn(async move {
        // One place of the pool for the whole run: previews go on beside it.
        let place = a.pool.place().await;
        let (engine, docx) = (a.engine.clone(), a.docx.clone());
        let j = job.clone();
        let watch = job.progress.clone();
        let deadline = tokio::spawn(async move {
            tokio::time::sleep(BULK_LIMIT).await;
            watch.cancel.store(true, Ordering::Relaxed);
        });
        let result = tokio::task::spawn_blocking(move || bulk::run(&template, &engine, &docx, &opts)).await;
        deadline.abort();
        drop(place);
        let state = match result {
            Ok(Ok(s)) => JobState::Done { written: s.documents_written, failures: s.failures, zip, failures_csv: s.failures_csv },
            Ok(Err(ds)) => JobState::Failed(ds.iter().map(diagnostic).collect()),
            Err(_) => JobState::Failed(vec![json!({ "thong_bao": "Lỗi trong khi tạo văn bản." })]),
        };
        *j.state.lock().unwrap_or_else(|p| p.into_inner()) = state;
    });
    Json(json!({ "viec": id })).into_response()
}

fn job(app: &App, id: &str) -> Result<Arc<Job>, Response> {
    app.jobs.get(id).ok_or_else(|| error(StatusCode::NOT_FOUND, "Không có việc này (đã quá lâu hoặc máy chủ đã khởi động lại)."))
}

async fn job_status(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let j = match job(&app, &id) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let (done, total) = (j.progress.done.load(Ordering::Relaxed), j.progress.total.load(Ordering::Relaxed));
    let state = j.state.lock().unwrap_or_else(|p| p.into_inner());
    let body = match &*state {
        JobState::Running => json!({ "trang_thai": "dang-chay", "xong": done, "tong": total, "giay": j.started.elapsed().as_secs() }),
        JobState::Done { written, failures, .. } => json!({
            "trang_thai": "xong", "xong": done, "tong": total, "so_tep": written,
            "dong_loi": bulk::failed_rows(failures), "loi": failures_json(failures),
        }),
        JobState::Failed(ds) => json!({ "trang_thai": "loi", "xong": done, "tong": total, "chan_doan": ds }),
    };
    Json(body).into_response()
}

async fn job_cancel(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match job(&app, &id) {
        Ok(j) => {
            j.progress.cancel.store(true, Ordering::Relaxed);
            Json(json!({ "ok": true })).into_response()
        }
        Err(r) => r,
    }
}

fn finished_file(app: &App, id: &str, which: fn(&JobState) -> Option<PathBuf>) -> Result<Vec<u8>, Response> {
    let j = job(app, id)?;
    let path = which(&j.state.lock().unwrap_or_else(|p| p.into_inner())).ok_or_else(|| error(StatusCode::CONFLICT, "Việc chưa xong hoặc không có tệp này."))?;
    std::fs::read(&path).map_err(|e| error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không đọc được kết quả: {e}")))
}

async fn job_zip(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match finished_file(&app, &id, |s| match s {
        JobState::Done { zip, .. } => Some(zip.clone()),
        _ => None,
    }) {
        // Named as made: `van-ban.zip` of a bulk run, `bao-cao-tong-hop.zip` of a summary.
        Ok(b) => {
            let name = job(&app, &id)
                .ok()
                .and_then(|j| match &*j.state.lock().unwrap_or_else(|p| p.into_inner()) {
                    JobState::Done { zip, .. } => zip.file_name().and_then(|n| n.to_str()).map(str::to_string),
                    _ => None,
                })
                .unwrap_or_else(|| "van-ban.zip".to_string());
            attachment(b, &name, "application/zip")
        }
        Err(r) => r,
    }
}

async fn job_failures(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match finished_file(&app, &id, |s| match s {
        JobState::Done { failures_csv, .. } => failures_csv.clone(),
        _ => None,
    }) {
        Ok(b) => attachment(b, "failures.csv", "text/csv; charset=utf-8"),
        Err(r) => r,
    }
}

/// A unit's award dossier from its nominations workbook: the violations of the rules
/// (422, nothing made) or the dossier as a ZIP.
async fn dossier(State(app): State<Arc<App>>, form: Result<Multipart, MultipartRejection>) -> Response {
    let u = match upload(form, &["xlsx", "json"]).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Some(path) = u.file("de_nghi").cloned() else { return error(StatusCode::BAD_REQUEST, "Chọn tệp đề nghị khen thưởng (.xlsx).") };
    let allow = u.field("bo_qua_vi_pham").is_some_and(|v| v == "1" || v == "true" || v == "on");
    let (engine, docx) = (app.engine.clone(), app.docx.clone());
    let out = app
        .pool
        .run(move || -> Result<Result<Vec<u8>, Vec<String>>, Vec<Diagnostic>> {
            let (n, rules) = crate::dossier::load_unit(&path, None, today())?;
            let violations = crate::dossier::rules::evaluate(&rules, &[&n]);
            if !violations.is_empty() && !allow {
                return Ok(Err(violations.iter().map(|v| v.to_string()).collect()));
            }
            let forms = crate::dossier::documents::Forms::load(None)?;
            let zip = u.dir.path().join("ho-so.zip");
            let output = crate::dossier::Output {
                out_dir: None,
                zip: Some(zip.clone()),
                formats: vec![crate::render::Format::Pdf, crate::render::Format::Docx],
                jobs: 1,
                today: today(),
            };
            crate::dossier::render_unit(&n, &violations, &forms, &engine, &docx, &output, None)?;
            std::fs::read(&zip).map(Ok).map_err(|e| vec![Diagnostic::error(crate::messages::Msg::ZipRead { error: e.to_string() })])
        })
        .await;
    match out {
        Err(f) => f.response(),
        Ok(Err(ds)) => unprocessable("Tệp đề nghị có lỗi.", &ds),
        Ok(Ok(Err(violations))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "loi": "Vượt tiêu chuẩn hoặc chỉ tiêu khen thưởng.", "vi_pham": violations }))).into_response()
        }
        Ok(Ok(Ok(zip))) => attachment(zip, "ho-so.zip", "application/zip"),
    }
}

/// A summary made: the upload (its folder holds the ZIP), the ZIP, the units summarised,
/// the problems and the codes of the units missing.
type Summarised = (Upload, PathBuf, usize, Vec<crate::aggregate::Problem>, Vec<String>);

/// The summary report of returned forms: the report (PDF, DOCX), every problem
/// (`loi.csv`) and the units that have not returned (`chua-nop.csv`) as one ZIP; the counts
/// in headers. With `?ket_qua=json` (the page): the counts, every problem (file as uploaded,
/// sheet, cell, unit, message) and the units missing as JSON, the ZIP kept as a finished job
/// to download from `/api/jobs/{id}/zip`.
async fn summary(State(app): State<Arc<App>>, Query(q): Query<HashMap<String, String>>, form: Result<Multipart, MultipartRejection>) -> Response {
    let u = match upload(form, &["xlsx", "csv", "json"]).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let template = match u.field("mau").unwrap_or("bao-cao-tong-hop-quy") {
        name if crate::template::SHIPPED.iter().any(|(n, _)| *n == name) => match crate::template::Template::load(name) {
            Ok(t) => t,
            Err(ds) => return unprocessable("Mẫu có lỗi.", &ds),
        },
        name => return error(StatusCode::BAD_REQUEST, format!("Không có mẫu `{}`.", crate::diag::printable(name))),
    };
    let returns = u.all("tra_ve");
    if returns.is_empty() {
        return error(StatusCode::BAD_REQUEST, "Chọn các phiếu báo cáo các đơn vị đã gửi về (.xlsx).");
    }
    let as_json = q.get("ket_qua").is_some_and(|v| v == "json");
    let (engine, docx) = (app.engine.clone(), app.docx.clone());
    let out = app
        .pool
        .run(move || -> Result<Summarised, Vec<Diagnostic>> {
            let schools = u.file("danh_sach").cloned();
            let opts = crate::aggregate::Options { from: &returns, schools: schools.as_deref(), schools_sheet: None, period: Vec::new(), jobs: 1 };
            let mut report = crate::aggregate::report(&template, None, &opts, &serde_json::Map::new(), today()).map_err(|ds| {
                ds.into_iter()
                    .map(|d| {
                        // The page renders the typed message: a return's file named in it as uploaded.
                        let mut d = d.reword(|m| match m {
                            crate::messages::Msg::TongHopReturn { file, problem } => {
                                crate::messages::Msg::TongHopReturn { file: u.as_uploaded(&file), problem: u.as_uploaded(&problem) }
                            }
                            other => other,
                        });
                        d.message = u.as_uploaded(&d.message);
                        d.file = d.file.map(|f| u.as_uploaded(&f));
                        d
                    })
                    .collect::<Vec<_>>()
            })?;
            // The problems name the files as the clerk uploaded them.
            for p in &mut report.gathered.problems {
                p.file = u.as_uploaded(&p.file);
                p.message = u.as_uploaded(&p.message);
            }
            let pdf = engine.pdf(&report.composed)?;
            let docx = docx.docx(&report.composed).map_err(|d| vec![d])?;
            let g = &report.gathered;
            let mut files = vec![
                ("bao-cao-tong-hop.pdf".to_string(), pdf),
                ("bao-cao-tong-hop.docx".to_string(), docx),
                ("bao-cao-tong-hop.loi.csv".to_string(), crate::aggregate::problems_csv(&g.problems)),
            ];
            if schools.is_some() {
                files.push(("bao-cao-tong-hop.chua-nop.csv".to_string(), crate::aggregate::missing_csv(&report)));
            }
            let zip = u.dir.path().join("bao-cao-tong-hop.zip");
            crate::output::write_zip_atomic(&zip, &files).map_err(|d| vec![d])?;
            let missing = g.missing.iter().map(|m| m.code.clone()).collect();
            Ok((u, zip, g.used.len(), g.problems.clone(), missing))
        })
        .await;
    let (u, zip, used, problems, missing) = match out {
        Err(f) => return f.response(),
        Ok(Err(ds)) => return unprocessable("Không lập được báo cáo tổng hợp.", &ds),
        Ok(Ok(x)) => x,
    };
    if as_json {
        let id = super::auth::new_id();
        let state = JobState::Done { written: 0, failures: Vec::new(), zip, failures_csv: None };
        app.jobs.add(id.clone(), Arc::new(Job { progress: Arc::new(Progress::default()), started: Instant::now(), state: Mutex::new(state), _dir: u.dir }));
        let rows: Vec<Value> =
            problems.iter().map(|p| json!({ "tep": p.file, "trang": p.sheet, "o": p.cell, "don_vi": p.unit, "thong_bao": p.message })).collect();
        return Json(json!({ "tong_hop": used, "so_loi": rows.len(), "loi": rows, "chua_nop": missing, "tai": format!("/api/jobs/{id}/zip") })).into_response();
    }
    let bytes = match std::fs::read(&zip) {
        Ok(b) => b,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không đọc được kết quả: {e}")),
    };
    let mut r = attachment(bytes, "bao-cao-tong-hop.zip", "application/zip");
    for (k, v) in [("x-vanban-tong-hop", used), ("x-vanban-loi", problems.len()), ("x-vanban-chua-nop", missing.len())] {
        if let Ok(v) = v.to_string().parse() {
            r.headers_mut().insert(k, v);
        }
    }
    r
}
