//! The document endpoints: the kinds and their starters, check, the live preview and the
//! downloads. Each takes the document as the JSON `vanban render` reads and calls the same
//! library functions ([`crate::analyse`], the two back ends).

use super::{error, today, App};
use crate::diag::{Diagnostic, Severity};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/kinds", get(kinds))
        .route("/api/starter/{kind}", get(starter))
        .route("/api/check", post(check))
        .route("/api/preview", post(preview))
        .route("/api/download/{format}", post(download))
}

/// The kinds a document can be started from, with their Vietnamese names.
async fn kinds() -> Json<Value> {
    let list: Vec<Value> = crate::STARTERS.iter().map(|(id, _)| json!({ "id": id, "ten": crate::vn::find_kind(id).map(|k| k.name).unwrap_or(id) })).collect();
    Json(Value::Array(list))
}

async fn starter(Path(kind): Path<String>) -> Response {
    match crate::starter(&kind) {
        Some(text) => ([(header::CONTENT_TYPE, "application/json; charset=utf-8")], text).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("Không có mẫu văn bản loại `{}`.", crate::diag::printable(&kind))),
    }
}

/// The body of a request that carries a document: JSON, UTF-8.
pub(crate) fn json_text(headers: &HeaderMap, body: &Bytes) -> Result<String, Response> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !ct.trim_start().to_ascii_lowercase().starts_with("application/json") {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Cần gửi văn bản dạng JSON (Content-Type: application/json), không phải `{}`.", crate::diag::printable(ct)),
        ));
    }
    String::from_utf8(body.to_vec()).map_err(|_| error(StatusCode::BAD_REQUEST, "Văn bản gửi lên không phải UTF-8."))
}

/// A diagnostic as the page shows it: in Vietnamese, with the JSON path the page maps to
/// its field.
pub(crate) fn diagnostic(d: &Diagnostic) -> Value {
    let (message, hint) = crate::messages::for_page(d);
    json!({
        "muc": if d.severity == Severity::Error { "loi" } else { "canh-bao" },
        "ma": d.code,
        "duong_dan": d.path,
        "dong": d.line,
        "cot": d.column,
        "thong_bao": message,
        "goi_y": hint,
    })
}

fn diagnostics(ds: &[Diagnostic]) -> Vec<Value> {
    ds.iter().map(diagnostic).collect()
}

const FILE: &str = "van-ban.json";

async fn check(headers: HeaderMap, body: Bytes) -> Response {
    let text = match json_text(&headers, &body) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (_, ds) = crate::analyse(FILE, &text, today());
    Json(json!({ "chan_doan": diagnostics(&ds) })).into_response()
}

/// The pages as SVG, and every diagnostic. A document with errors has no pages (the page
/// keeps showing the last good ones).
async fn preview(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let text = match json_text(&headers, &body) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let engine = app.engine.clone();
    let out = app
        .pool
        .run(move || {
            let (composed, ds) = crate::analyse(FILE, &text, today());
            let pages = composed.map(|c| engine.svg_pages(&c));
            (pages, ds)
        })
        .await;
    match out {
        Err(f) => f.response(),
        Ok((None, ds)) => Json(json!({ "trang": null, "chan_doan": diagnostics(&ds) })).into_response(),
        Ok((Some(Err(render)), mut ds)) => {
            ds.extend(render);
            Json(json!({ "trang": null, "chan_doan": diagnostics(&ds) })).into_response()
        }
        Ok((Some(Ok(pages)), ds)) => Json(json!({ "trang": pages, "chan_doan": diagnostics(&ds) })).into_response(),
    }
}

/// The document as a file: `pdf` or `docx`; a document with errors is refused (422) with
/// its diagnostics.
async fn download(State(app): State<Arc<App>>, Path(format): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let format = match format.as_str() {
        "pdf" => crate::render::Format::Pdf,
        "docx" => crate::render::Format::Docx,
        _ => return error(StatusCode::NOT_FOUND, "Chỉ tải về được PDF hoặc DOCX."),
    };
    let text = match json_text(&headers, &body) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let (engine, docx) = (app.engine.clone(), app.docx.clone());
    let out = app
        .pool
        .run(move || {
            let (composed, ds) = crate::analyse(FILE, &text, today());
            let Some(c) = composed else { return Err(ds) };
            let name = file_name(&text);
            let bytes = match format {
                crate::render::Format::Pdf => engine.pdf(&c),
                crate::render::Format::Docx => docx.docx(&c).map_err(|d| vec![d]),
            };
            bytes.map(|b| (b, name))
        })
        .await;
    match out {
        Err(f) => f.response(),
        Ok(Err(ds)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "loi": "Văn bản còn lỗi, chưa tải về được.", "chan_doan": diagnostics(&ds) }))).into_response()
        }
        Ok(Ok((bytes, name))) => attachment(bytes, &format!("{name}.{}", format.ext()), format.mime()),
    }
}

/// A file to save: its type and a safe ASCII name.
pub(crate) fn attachment(bytes: Vec<u8>, name: &str, mime: &'static str) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", crate::bulk::safe_name(name))) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// `ke-hoach-15` for a Kế hoạch số 15: the kind and number of the document.
fn file_name(text: &str) -> String {
    // Cannot fail: called on a text that has just composed (plain JSON).
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let kind = v.get("loai").and_then(Value::as_str).and_then(crate::vn::find_kind).map(|k| k.id).unwrap_or("van-ban");
    match v.get("so").and_then(Value::as_u64) {
        Some(n) => format!("{kind}-{n:02}"),
        None => kind.to_string(),
    }
}
