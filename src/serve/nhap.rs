//! "Mở tệp Word" (#29): a `.docx` posted as the request's body, imported by the library
//! function `vanban nhap` calls, returned as the document for the form with the list of what
//! could not be mapped.

use super::{error, App};
use crate::messages::{for_page, Lang, Msg};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new().route("/api/nhap", post(import))
}

async fn import(body: Bytes) -> Response {
    if body.is_empty() {
        return error(StatusCode::BAD_REQUEST, Msg::ImportEmpty.render(Lang::Vi));
    }
    let done = tokio::task::spawn_blocking(move || crate::import::import_docx("tệp Word", &body, false)).await;
    match done {
        Ok(Ok(imported)) => Json(json!({
            "van_ban": imported.json,
            "khong_nhap_duoc": imported.unmapped.iter().map(|u| json!({ "doan": u.paragraph, "noi_dung": u.text, "ly_do": u.why.render(Lang::Vi) })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Ok(Err(d)) => {
            let (message, hint) = for_page(&d);
            error(StatusCode::UNPROCESSABLE_ENTITY, hint.map_or(message.clone(), |h| format!("{message} {h}")))
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, Msg::ImportInternal.render(Lang::Vi)),
    }
}
