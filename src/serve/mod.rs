//! `vanban serve`: the web editor. A local HTTP server (axum on tokio) whose pages are built
//! into the binary: the document editor with a live A4 preview, bulk generation, award
//! dossiers, the summary report of returned forms and the outgoing register, each page a
//! thin form over the same library functions as the CLI (nothing of the document logic is
//! in this folder, nor in the JavaScript).
//!
//! - [`auth`]: who may use it — open on the loopback address, otherwise accounts (argon2
//!   hashes) or a token; sessions by cookie; a CSRF token on every state-changing request.
//! - [`pool`]: the bounded pool renders run on, with a time limit.
//! - [`api`]: the document endpoints (kinds, starters, check, preview, downloads).
//! - [`jobs`]: uploads — bulk runs with progress, dossiers, summary reports.
//! - [`kiem_tra`]: a .docx or .pdf made elsewhere checked against the decree's layout.
//! - [`register`]: the outgoing register — a number for the document, the book, exported.
//! - [`assets`]: the embedded pages, scripts and styles.
//! - [`drafts`]: the editor's drafts kept per account, with accounts on.
//! - [`hosts`]: the names the server answers to (`Host`), and the sites that may send it
//!   changes (`Origin`) — against DNS rebinding.

pub mod api;
pub mod assets;
pub mod auth;
pub mod drafts;
pub mod hosts;
pub mod jobs;
pub mod kiem_tra;
pub mod nhap;
pub mod pool;
pub mod register;

use crate::render::{docx::DocxWriter, pdf::Engine};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// A document's largest size, as on the CLI.
pub const DOCUMENT_LIMIT: usize = 10 * 1024 * 1024;

/// How the server is run.
pub struct Config {
    /// The address to listen on (127.0.0.1 unless an office serves its LAN).
    pub host: IpAddr,
    /// The port (0: any free one; the address is printed).
    pub port: u16,
    /// Who may use it.
    pub auth: auth::Auth,
    /// The largest upload (a rows file, returned forms, a nominations workbook), in bytes.
    pub upload_limit: usize,
    /// Renders running at once (the pool's size).
    pub workers: usize,
    /// A render's time limit.
    pub render_timeout: Duration,
    /// The outgoing register (a SQLite file or a PostgreSQL URL), for the register page.
    pub register: Option<String>,
    /// Names besides the address served that the server answers to (`--allowed-host`): a
    /// name the office's DNS gives it, or the reverse proxy's.
    pub allowed_hosts: Vec<String>,
    /// Where the drafts of each account are kept (with accounts only; see [`drafts`]).
    pub drafts: Option<std::path::PathBuf>,
}

/// What every handler shares: the back ends (fonts and templates loaded once), the pool,
/// the sessions and the running jobs.
pub struct App {
    pub(crate) engine: Arc<Engine>,
    pub(crate) docx: Arc<DocxWriter>,
    pub(crate) pool: pool::Pool,
    pub(crate) auth: auth::Sessions,
    pub(crate) jobs: jobs::Jobs,
    pub(crate) upload_limit: usize,
    pub(crate) register: Option<String>,
    pub(crate) hosts: hosts::Hosts,
    /// The drafts folder, when drafts are kept per account.
    pub(crate) drafts: Option<std::path::PathBuf>,
}

/// Why the server cannot start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl App {
    /// The application over loaded back ends. Refuses an address other than the loopback
    /// one without accounts or a token.
    pub fn new(config: &Config, engine: Arc<Engine>, docx: DocxWriter) -> Result<Arc<App>, StartError> {
        if !config.host.is_loopback() && matches!(config.auth, auth::Auth::Open) {
            return Err(StartError(crate::messages::Text::ServeRefusing { host: config.host.to_string() }.to_string()));
        }
        Ok(Arc::new(App {
            engine,
            docx: Arc::new(docx),
            pool: pool::Pool::new(config.workers.max(1), config.render_timeout),
            auth: auth::Sessions::new(config.auth.clone()),
            jobs: jobs::Jobs::default(),
            upload_limit: config.upload_limit,
            register: config.register.clone(),
            hosts: hosts::Hosts::new(config.host, &config.allowed_hosts),
            // Kept per account: without accounts there is no one to keep them for.
            drafts: config.drafts.clone().filter(|_| matches!(config.auth, auth::Auth::Accounts(_))),
        }))
    }
}

/// Every route. Requests outside it get a 404 in Vietnamese.
pub fn router(app: Arc<App>) -> Router {
    let documents = api::routes().layer(axum::extract::DefaultBodyLimit::max(DOCUMENT_LIMIT));
    let uploads = jobs::routes().layer(axum::extract::DefaultBodyLimit::max(app.upload_limit));
    Router::new()
        .merge(assets::routes())
        .merge(auth::routes())
        .merge(documents)
        .merge(register::routes().layer(axum::extract::DefaultBodyLimit::max(DOCUMENT_LIMIT)))
        .merge(uploads)
        .merge(kiem_tra::routes().layer(axum::extract::DefaultBodyLimit::max(app.upload_limit)))
        .merge(nhap::routes().layer(axum::extract::DefaultBodyLimit::max(app.upload_limit)))
        .merge(drafts::routes().layer(axum::extract::DefaultBodyLimit::max(4 * DOCUMENT_LIMIT)))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "Không có trang hoặc địa chỉ API này.") })
        .layer(axum::middleware::from_fn_with_state(app.clone(), auth::guard))
        // Outside the guard: a request for another name makes no session.
        .layer(axum::middleware::from_fn_with_state(app.clone(), hosts::check))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

/// Headers on every response: no framing by other sites, no content sniffing, no
/// resources from anywhere but this server.
async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// "Today", for the documents' date checks (as the CLI takes it).
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// An error as the pages show it: `{"loi": "…"}` with its status.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(serde_json::json!({ "loi": message.into() }))).into_response()
}

/// Listens and serves until the process is stopped. `ready` is told the address bound (the
/// port chosen when 0 was asked).
pub fn run(config: Config, engine: Arc<Engine>, docx: DocxWriter, ready: impl FnOnce(SocketAddr)) -> Result<(), StartError> {
    let app = App::new(&config, engine, docx)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| StartError(crate::messages::Text::ServeThreads { error: e.to_string() }.to_string()))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(config.host, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| StartError(crate::messages::Text::ServeListen { addr: addr.to_string(), error: e.to_string() }.to_string()))?;
        let bound = listener.local_addr().map_err(|e| StartError(e.to_string()))?;
        app.hosts.bound(bound.port());
        ready(bound);
        axum::serve(listener, router(app)).await.map_err(|e| StartError(crate::messages::Text::ServeStopped { error: e.to_string() }.to_string()))
    })
}
