//! "Kiểm tra văn bản": a .docx or .pdf made elsewhere, uploaded, checked against the decree's
//! layout by the library function `vanban check FILE` calls ([`crate::import::inspect`]);
//! the findings in Vietnamese with their place, and a PDF's pages drawn as SVG to mark them on.

use super::api::diagnostic;
use super::{error, App};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new().route("/api/kiem-tra-van-ban", post(check))
}

async fn check(form: Result<Multipart, MultipartRejection>) -> Response {
    let Ok(mut form) = form else {
        return error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Cần gửi biểu mẫu có tệp đính kèm (Content-Type: multipart/form-data).");
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(f)) => {
                let name = f.file_name().map(|n| n.rsplit(['/', '\\']).next().unwrap_or("").chars().filter(|c| !c.is_control()).collect::<String>());
                let Some(name) = name else { continue };
                match f.bytes().await {
                    Ok(b) => file = Some((name, b.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return error(StatusCode::PAYLOAD_TOO_LARGE, "Tệp tải lên quá lớn so với giới hạn của máy chủ (--upload-limit).")
                    }
                    Err(e) => return error(StatusCode::BAD_REQUEST, format!("Biểu mẫu gửi lên bị hỏng: {}", e.body_text())),
                }
            }
            Ok(None) => break,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("Biểu mẫu gửi lên bị hỏng: {}", e.body_text())),
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "Chọn một tệp .pdf hoặc .docx để kiểm tra.");
    };
    let shown = if name.is_empty() { "tep".to_string() } else { name };
    let result = tokio::task::spawn_blocking(move || crate::import::inspect(&shown, bytes)).await;
    match result {
        Ok(Ok(ins)) => {
            let findings: Vec<Value> = ins
                .findings
                .iter()
                .map(|f| {
                    let mut v = diagnostic(&f.diagnostic);
                    v["vi_tri"] = json!(f.diagnostic.path);
                    v["trang"] = json!(f.page);
                    v["khung_mm"] = json!(f.box_mm);
                    v
                })
                .collect();
            let pages: Vec<Value> = ins.pages.iter().map(|p| json!({ "rong_mm": p.width_mm, "cao_mm": p.height_mm, "svg": p.svg })).collect();
            let kind = match ins.format {
                crate::import::Format::Pdf => "pdf",
                crate::import::Format::Docx => "docx",
            };
            Json(json!({ "loai_tep": kind, "chan_doan": findings, "trang": pages })).into_response()
        }
        Ok(Err(d)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "loi": crate::messages::for_page(&d).0, "chan_doan": [diagnostic(&d)] }))).into_response()
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "Không kiểm tra được tệp này."),
    }
}
