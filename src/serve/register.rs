//! The outgoing register's page (`vanban serve --register LOCATION`): a number taken for the
//! document being edited, the book of a year listed and exported — the same functions as
//! `vanban register issue`, `list` and `export`. The register's location is the operator's
//! (a flag), never the client's.

use super::api::{attachment, diagnostic, json_text};
use super::{error, today, App};
use crate::register::{self, book, Filter, Issued};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new().route("/api/register/issue", post(issue)).route("/api/register/book", get(list)).route("/api/register/export", get(export))
}

fn location(app: &App) -> Result<String, Response> {
    app.register.clone().ok_or_else(|| error(StatusCode::NOT_FOUND, "Máy chủ chưa có sổ đăng ký văn bản đi (khởi động với --register TỆP)."))
}

#[derive(serde::Deserialize, Default)]
struct IssueQuery {
    /// `1`: the clerk confirmed recording the number the document carries (typed by hand).
    #[serde(default)]
    ghi_so_da_go: Option<String>,
}

/// Takes the document's number: a new one, or the one the same document was given before.
/// A document with errors gets none, nor one still holding a starter's example text; the
/// number a document carries (typed by hand) is recorded only when the request says the
/// clerk confirmed it (`?ghi_so_da_go=1`) — otherwise the book would take whatever number
/// a sample or a mistyped field holds, and the year's numbering would jump.
async fn issue(State(app): State<Arc<App>>, q: Query<IssueQuery>, headers: HeaderMap, body: Bytes) -> Response {
    let loc = match location(&app) {
        Ok(l) => l,
        Err(r) => return r,
    };
    let text = match json_text(&headers, &body) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        // The rule `vanban register issue` applies too (register::example_text).
        let left = register::example_text(&v);
        if !left.is_empty() {
            let names: Vec<String> = left
                .iter()
                .map(|d| crate::messages::field_label(d.path.as_deref().unwrap_or("")))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "loi": format!("Chưa lấy số: văn bản còn nội dung ví dụ của mẫu ({}). Thay bằng nội dung thật rồi lấy số.", names.join(", ")),
                    "chan_doan": left.iter().map(diagnostic).collect::<Vec<_>>(),
                })),
            )
                .into_response();
        }
        let typed = v.get("so").filter(|n| !n.is_null());
        if let (Some(n), false) = (typed, q.ghi_so_da_go.as_deref() == Some("1")) {
            return (
                StatusCode::CONFLICT,
                Json(json!({
                    "loi": format!("Văn bản đang mang số {n} (gõ tay). Để lấy số tiếp theo của sổ, để trống ô Số; để ghi số {n} vào sổ, dùng “Ghi số đã gõ vào sổ” và xác nhận."),
                    "can_xac_nhan": true,
                })),
            )
                .into_response();
        }
    }
    let out = app
        .pool
        .run(move || {
            // The check `vanban register issue` makes (its example text was refused above,
            // with the fields named).
            let (mut doc, _) = crate::ops::ready_for_number("van-ban.json", &text, today(), None)?;
            let mut store = register::open(&loc, true).map_err(|d| vec![d])?;
            register::number(&mut *store, &mut doc).map_err(|d| vec![d])
        })
        .await;
    match out {
        Err(f) => f.response(),
        Ok(Err(ds)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "loi": "Chưa lấy được số.", "chan_doan": ds.iter().map(diagnostic).collect::<Vec<_>>() })))
                .into_response()
        }
        Ok(Ok(issued)) => {
            let how = match &issued {
                Issued::New(_) => "moi",
                Issued::Again(_) => "da-cap",
                Issued::Recorded(_) => "ghi-so",
            };
            let e = issued.entry();
            Json(json!({ "so": e.number, "so_ky_hieu": e.number_and_symbol(), "cach": how, "nam": e.year })).into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct Year {
    nam: Option<i32>,
    dinh_dang: Option<String>,
}

fn year(q: &Year) -> i32 {
    use chrono::Datelike;
    q.nam.unwrap_or_else(|| chrono::Local::now().year())
}

async fn entries(app: &App, y: i32) -> Result<Vec<register::Entry>, Response> {
    let loc = location(app)?;
    let out = app.pool.run(move || register::open(&loc, true).and_then(|mut s| s.list(&Filter { year: Some(y), ..Filter::default() }))).await;
    match out {
        Err(f) => Err(f.response()),
        Ok(Err(d)) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, format!("Không đọc được sổ đăng ký: {}", d.message))),
        Ok(Ok(list)) => Ok(list),
    }
}

/// The book of a year: its ten columns, a line a number.
async fn list(State(app): State<Arc<App>>, q: Query<Year>) -> Response {
    let y = year(&q);
    match entries(&app, y).await {
        Err(r) => r,
        Ok(list) => Json(json!({ "nam": y, "cot": book::HEADERS, "dong": list.iter().map(book::row).collect::<Vec<_>>() })).into_response(),
    }
}

/// The book of a year as XLSX (default) or CSV.
async fn export(State(app): State<Arc<App>>, q: Query<Year>) -> Response {
    let y = year(&q);
    // The book of the documents that are not secret: the secret ones' is kept apart
    // (`vanban register export --mat`).
    let list: Vec<_> = match entries(&app, y).await {
        Err(r) => return r,
        Ok(l) => l.into_iter().filter(|e| e.sequence != crate::register::SECRET).collect(),
    };
    match q.dinh_dang.as_deref().unwrap_or("xlsx") {
        "csv" => attachment(book::csv(&list), &format!("so-dang-ky-{y}.csv"), "text/csv; charset=utf-8"),
        "xlsx" => match book::xlsx(&list, &format!("{} NĂM {y}", book::title(false))) {
            Ok(b) => attachment(b, &format!("so-dang-ky-{y}.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Err(d) => error(StatusCode::INTERNAL_SERVER_ERROR, d.message),
        },
        _ => error(StatusCode::BAD_REQUEST, "Định dạng: xlsx hoặc csv."),
    }
}
