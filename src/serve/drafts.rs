//! Drafts kept on the server, per account (issue #26): with accounts on, the editor's list of
//! drafts is also saved here, so a clerk finds them from another computer or after the
//! browser's storage was cleared. One JSON file per account under the drafts folder
//! (`--drafts DIR`, by default `<password file>.ban-nhap/` beside the password file), named
//! by a hash of the account's name (a name may hold any character but `:`), written
//! atomically. Without accounts (the loopback server, a shared token) there is no one to keep
//! them for: the browser's own storage is the only copy.

use super::{error, App};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// Drafts kept per account at most (the page keeps as many).
pub const MOST: usize = 30;

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new().route("/api/drafts", get(list).post(replace))
}

/// The file of `user`'s drafts, when drafts are kept on this server.
fn file_of(app: &App, current: &super::auth::Current) -> Option<PathBuf> {
    let dir = app.drafts.as_ref()?;
    let user = current.user.as_deref().filter(|u| !u.is_empty())?;
    let hash: String = Sha256::digest(user.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect();
    Some(dir.join(format!("{hash}.json")))
}

fn not_kept() -> Response {
    error(StatusCode::NOT_FOUND, "Máy chủ này không lưu bản nháp (chỉ lưu khi có tài khoản đăng nhập): bản nháp chỉ được lưu trong trình duyệt.")
}

/// The account's drafts: `{"ban_nhap": [...]}`.
async fn list(State(app): State<Arc<App>>, Extension(current): Extension<super::auth::Current>) -> Response {
    let Some(path) = file_of(&app, &current) else { return not_kept() };
    // Always there: `file_of` names the file.
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let read = tokio::task::spawn_blocking(move || std::fs::read_to_string(&path)).await;
    let text = match read {
        Ok(Ok(t)) => t,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => String::from("[]"),
        Ok(Err(e)) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không đọc được bản nháp đã lưu: {e}")),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không đọc được bản nháp đã lưu: {e}")),
    };
    // A damaged file is said, not shown as no drafts (the page would then save its own list over it).
    match serde_json::from_str::<Value>(&text) {
        Ok(drafts @ Value::Array(_)) => Json(json!({ "ban_nhap": drafts })).into_response(),
        Ok(_) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("Tệp bản nháp đã lưu trên máy chủ ({name}) bị hỏng: không phải một danh sách JSON.")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("Tệp bản nháp đã lưu trên máy chủ ({name}) bị hỏng: {e}.")),
    }
}

/// Replaces the account's drafts with the list sent (the page sends its whole list after
/// each save): a JSON array of objects, each with a text `id`, at most [`MOST`].
async fn replace(State(app): State<Arc<App>>, Extension(current): Extension<super::auth::Current>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(path) = file_of(&app, &current) else { return not_kept() };
    let text = match super::api::json_text(&headers, &body) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let list = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(list)) if list.iter().all(|d| d.get("id").is_some_and(Value::is_string)) => list,
        _ => return error(StatusCode::BAD_REQUEST, "Danh sách bản nháp không đúng dạng: cần một mảng JSON, mỗi bản nháp có `id`."),
    };
    let kept: Vec<Value> = list.into_iter().take(MOST).collect();
    // Cannot fail: JSON values read from JSON serialise again (string keys, finite numbers).
    let bytes = serde_json::to_vec(&kept).unwrap_or_default();
    let written = tokio::task::spawn_blocking(move || {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        crate::output::write_atomic(&path, &bytes).map_err(|d| d.message)
    })
    .await;
    match written {
        Ok(Ok(())) => Json(json!({ "so": kept.len() })).into_response(),
        Ok(Err(e)) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không lưu được bản nháp trên máy chủ: {e}")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không lưu được bản nháp trên máy chủ: {e}")),
    }
}
