//! The pages, script and style, built into the binary from `static/` (no CDN, no
//! separate install: the editor works with no internet).

use super::App;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

const FILES: &[(&str, &str, &str)] = &[
    ("app.js", "text/javascript; charset=utf-8", include_str!("static/app.js")),
    ("app.css", "text/css; charset=utf-8", include_str!("static/app.css")),
    ("login.js", "text/javascript; charset=utf-8", include_str!("static/login.js")),
];

/// The tab's icon: a page with a red seal, as SVG.
const ICON: &str = include_str!("static/icon.svg");

const INDEX: &str = include_str!("static/index.html");
const LOGIN: &str = include_str!("static/login.html");

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(|| async { html(INDEX) }))
        .route("/dang-nhap", get(|| async { html(LOGIN) }))
        .route("/assets/{name}", get(asset))
        // Browsers ask for it on every page: a 404 would be an error in the console.
        .route("/favicon.ico", get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "max-age=86400")], ICON).into_response() }))
}

fn html(page: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, mime, body)) => ([(header::CONTENT_TYPE, *mime)], *body).into_response(),
        None => super::error(StatusCode::NOT_FOUND, "Không có tệp này."),
    }
}
