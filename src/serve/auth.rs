//! Who may use the server, and the CSRF token.
//!
//! - On the loopback address (the default) the server is open: only this computer reaches it.
//! - On any other address it needs accounts (`--password-file`: lines `name:$argon2id$…`,
//!   written by `vanban serve --add-user`) or a shared `--token`; [`super::App::new`] refuses
//!   to start without one.
//!
//! A session is a random id in an `HttpOnly`, `SameSite=Strict` cookie. Each session has a
//! CSRF token that the pages send in the `X-CSRF-Token` header of every state-changing
//! request (`POST`); a request without it, or with another session's, is refused (403) —
//! the login form included.

use super::{error, App};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COOKIE: &str = "vanban_sid";
/// A session not used for this long is forgotten.
const IDLE: Duration = Duration::from_secs(12 * 3600);
/// Sessions kept at most (every browser without a cookie makes one): past this the least
/// recently used goes, so clients that never come back cannot fill the memory.
const MOST: usize = 10_000;

/// Who may use the server.
#[derive(Clone)]
pub enum Auth {
    /// Anyone who reaches it (the loopback address only).
    Open,
    /// Accounts: name and argon2 PHC hash.
    Accounts(Vec<(String, String)>),
    /// One shared token.
    Token(String),
}

impl Auth {
    /// Reads a password file: `name:$argon2id$…` a line; blank lines and `#` comments
    /// skipped. Every bad line is reported, with its number.
    pub fn read_password_file(path: &std::path::Path) -> Result<Auth, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the password file: {e}", path.display()))?;
        let mut accounts = Vec::new();
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once(':') {
                Some((name, hash)) if !name.trim().is_empty() && PasswordHash::new(hash.trim()).is_ok() => {
                    accounts.push((name.trim().to_string(), hash.trim().to_string()))
                }
                _ => problems.push(crate::messages::Text::AuthBadLine { path: path.display().to_string(), line: i + 1 }.to_string()),
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("\n"));
        }
        if accounts.is_empty() {
            return Err(crate::messages::Text::AuthNoAccount { path: path.display().to_string() }.to_string());
        }
        Ok(Auth::Accounts(accounts))
    }

    fn required(&self) -> bool {
        !matches!(self, Auth::Open)
    }

    /// The account a login names, if its password or the token is right.
    fn verify(&self, user: &str, password: &str) -> Option<String> {
        match self {
            Auth::Open => Some(String::new()),
            Auth::Token(t) => same(t.as_bytes(), password.as_bytes()).then(|| "token".to_string()),
            Auth::Accounts(accounts) => {
                let (name, hash) = accounts.iter().find(|(n, _)| n == user)?;
                let hash = PasswordHash::new(hash).ok()?;
                Argon2::default().verify_password(password.as_bytes(), &hash).ok().map(|_| name.clone())
            }
        }
    }
}

/// An argon2id hash of `password` with a random salt, as a password file holds it.
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| crate::messages::Text::AuthNoRandom { error: e.to_string() }.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Adds or replaces the account `name` in the password file (created if missing).
pub fn add_user(path: &std::path::Path, name: &str, password: &str) -> Result<(), String> {
    if name.is_empty() || name.contains([':', '\n', '\r']) {
        return Err(crate::messages::Text::AuthBadName { name: name.to_string() }.to_string());
    }
    if password.chars().count() < 8 {
        return Err(crate::messages::Text::AuthShortPassword.to_string());
    }
    let old = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut out: String = old.lines().filter(|l| l.split_once(':').map(|(n, _)| n.trim()) != Some(name)).map(|l| format!("{l}\n")).collect();
    out.push_str(&format!("{name}:{}\n", hash_password(password)?));
    crate::output::write_atomic(path, out.as_bytes()).map_err(|d| d.message)
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(crate) fn new_id() -> String {
    let mut b = [0u8; 24];
    // Without the OS's random source no session could be safe: better to refuse them all.
    if getrandom::getrandom(&mut b).is_err() {
        return String::new();
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[derive(Clone)]
struct Session {
    /// The account, once logged in (`""` on an open server).
    user: Option<String>,
    csrf: String,
    used: Instant,
}

/// The session of a request, for the handlers.
#[derive(Clone)]
pub struct Current {
    pub user: Option<String>,
    pub csrf: String,
}

/// The sessions of a server.
pub struct Sessions {
    auth: Auth,
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    pub(crate) fn new(auth: Auth) -> Sessions {
        Sessions { auth, map: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn get(&self, id: &str) -> Option<Session> {
        let mut map = self.lock();
        let s = map.get_mut(id)?;
        if s.used.elapsed() > IDLE {
            map.remove(id);
            return None;
        }
        s.used = Instant::now();
        Some(s.clone())
    }

    fn create(&self, user: Option<String>) -> Option<(String, Session)> {
        let (id, csrf) = (new_id(), new_id());
        if id.is_empty() || csrf.is_empty() {
            return None;
        }
        let s = Session { user, csrf, used: Instant::now() };
        let mut map = self.lock();
        map.retain(|_, s| s.used.elapsed() <= IDLE);
        if map.len() >= MOST {
            if let Some(oldest) = map.iter().min_by_key(|(_, s)| s.used).map(|(k, _)| k.clone()) {
                map.remove(&oldest);
            }
        }
        map.insert(id.clone(), s.clone());
        Some((id, s))
    }

    fn remove(&self, id: &str) {
        self.lock().remove(id);
    }
}

fn cookie_of(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == COOKIE).then(|| v.to_string())
    })
}

fn set_cookie(r: &mut Response, id: &str) {
    if let Ok(v) = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict").parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Paths anyone may fetch: the login page and what it needs.
fn public(path: &str) -> bool {
    path == "/dang-nhap" || path == "/favicon.ico" || path.starts_with("/assets/") || path == "/api/session" || path == "/api/login"
}

/// The answer `r` to a request refused before it was read: its body (a small one) is read
/// first, so that the connection stays open for the next request — a body left unread makes
/// the server close it, and a client that has already sent its next request on it sees the
/// connection reset. What the body held is not looked at; one too large is left, and its
/// connection closed.
async fn refused(req: Request, r: Response) -> Response {
    // Whether the body could be read does not change the answer.
    let _ = axum::body::to_bytes(req.into_body(), 1 << 20).await;
    r
}

/// Every request passes here: the session found or made, a login asked for where one is
/// needed, and the CSRF token checked on every request that changes something.
pub(crate) async fn guard(State(app): State<Arc<App>>, mut req: Request, next: Next) -> Response {
    let sessions = &app.auth;
    let path = req.uri().path().to_string();
    let mut fresh = None;
    let session = match cookie_of(req.headers()).and_then(|id| sessions.get(&id).map(|s| (id, s))) {
        Some(found) => Some(found),
        None if req.method() == Method::GET || req.method() == Method::HEAD => {
            let open = (!sessions.auth.required()).then(String::new);
            let made = sessions.create(open);
            fresh = made.as_ref().map(|(id, _)| id.clone());
            made
        }
        None => None,
    };
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing {
        let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
        let ok = session.as_ref().is_some_and(|(_, s)| !sent.is_empty() && same(s.csrf.as_bytes(), sent.as_bytes()));
        if !ok {
            let r = error(StatusCode::FORBIDDEN, "Yêu cầu bị từ chối: thiếu mã chống giả mạo (CSRF) hoặc phiên đã hết hạn. Hãy tải lại trang.");
            return refused(req, r).await;
        }
    }
    // A link with the token (`/?token=…`) logs in the browser that opens it.
    if let (Auth::Token(t), Some((id, _)), Some(q)) = (&sessions.auth, &session, req.uri().query()) {
        if let Some(given) = q.split('&').find_map(|kv| kv.strip_prefix("token=")) {
            if same(t.as_bytes(), given.as_bytes()) {
                sessions.remove(id);
                if let Some((new_id, _)) = sessions.create(Some("token".into())) {
                    let mut r = Redirect::to("/").into_response();
                    set_cookie(&mut r, &new_id);
                    return r;
                }
            }
        }
    }
    let logged_in = session.as_ref().is_some_and(|(_, s)| s.user.is_some());
    if !logged_in && !public(&path) {
        let mut r =
            if path.starts_with("/api/") { error(StatusCode::UNAUTHORIZED, "Cần đăng nhập.") } else { Redirect::to("/dang-nhap").into_response() };
        if let Some(id) = &fresh {
            set_cookie(&mut r, id);
        }
        return refused(req, r).await;
    }
    if let Some((id, s)) = &session {
        req.extensions_mut().insert(Current { user: s.user.clone(), csrf: s.csrf.clone() });
        req.extensions_mut().insert(SessionId(id.clone()));
    }
    let mut r = next.run(req).await;
    if let Some(id) = &fresh {
        set_cookie(&mut r, id);
    }
    r
}

#[derive(Clone)]
struct SessionId(String);

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new().route("/api/session", get(session)).route("/api/login", post(login)).route("/api/logout", post(logout))
}

/// The page's CSRF token, and whether a login is needed.
async fn session(State(app): State<Arc<App>>, current: Option<axum::Extension<Current>>) -> Response {
    match current {
        Some(axum::Extension(c)) => Json(serde_json::json!({
            "csrf": c.csrf,
            "nguoi_dung": c.user,
            "can_dang_nhap": app.auth.auth.required(),
            "so_dang_ky": app.register.is_some(),
            "ban_nhap_may_chu": app.drafts.is_some() && c.user.as_deref().is_some_and(|u| !u.is_empty()),
            "kieu": match app.auth.auth { Auth::Open => "mo", Auth::Token(_) => "ma", Auth::Accounts(_) => "tai-khoan" },
        }))
        .into_response(),
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "Không tạo được phiên làm việc."),
    }
}

#[derive(serde::Deserialize)]
struct Login {
    #[serde(default)]
    ten: String,
    #[serde(default)]
    mat_khau: String,
}

async fn login(State(app): State<Arc<App>>, id: Option<axum::Extension<SessionId>>, body: axum::body::Bytes) -> Response {
    let Ok(form) = serde_json::from_slice::<Login>(&body) else {
        return error(StatusCode::BAD_REQUEST, "Dữ liệu đăng nhập không đúng dạng: cần JSON {\"ten\": …, \"mat_khau\": …}.");
    };
    let a = app.clone();
    // A check that failed (its thread panicked) is the server's fault, not a wrong password.
    let verified = match tokio::task::spawn_blocking(move || a.auth.auth.verify(&form.ten, &form.mat_khau)).await {
        Ok(v) => v,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("Máy chủ không kiểm tra được mật khẩu: {e}.")),
    };
    let Some(user) = verified else {
        // Each wrong guess costs the guesser a second.
        tokio::time::sleep(Duration::from_secs(1)).await;
        return error(StatusCode::UNAUTHORIZED, "Sai tên đăng nhập hoặc mật khẩu.");
    };
    if let Some(axum::Extension(SessionId(old))) = id {
        app.auth.remove(&old);
    }
    match app.auth.create(Some(user.clone())) {
        Some((new_id, s)) => {
            let mut r = Json(serde_json::json!({ "csrf": s.csrf, "nguoi_dung": user })).into_response();
            set_cookie(&mut r, &new_id);
            r
        }
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "Không tạo được phiên làm việc."),
    }
}

async fn logout(State(app): State<Arc<App>>, id: Option<axum::Extension<SessionId>>) -> Response {
    if let Some(axum::Extension(SessionId(id))) = id {
        app.auth.remove(&id);
    }
    let mut r = Json(serde_json::json!({ "ok": true })).into_response();
    if let Ok(v) = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0").parse() {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}
