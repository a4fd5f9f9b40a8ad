//! The bounded pool that renders run on: at most `size` at once (so one large upload cannot
//! take every core from the others' previews), each on a blocking thread, each with a time
//! limit. A render past its limit answers with an error at once; Typst cannot be stopped in
//! the middle of a layout, so its thread finishes on its own, still holding its place in the
//! pool, and the result is dropped. Bulk runs check a cancel flag between rows instead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

pub(crate) struct Pool {
    slots: Arc<Semaphore>,
    timeout: Duration,
    renders: AtomicUsize,
}

/// Why a render gave no result.
#[derive(Debug)]
pub(crate) enum Failed {
    /// Past the time limit.
    Timeout(Duration),
    /// The render's thread failed (a bug: reported, the server goes on).
    Crashed,
}

impl Pool {
    pub(crate) fn new(size: usize, timeout: Duration) -> Pool {
        Pool { slots: Arc::new(Semaphore::new(size)), timeout, renders: AtomicUsize::new(0) }
    }

    /// Runs `work` on the pool, waiting for a free place, within the time limit (which
    /// counts from when the work starts).
    pub(crate) async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Failed> {
        let permit = self.slots.clone().acquire_owned().await.map_err(|_| Failed::Crashed)?;
        let n = self.renders.fetch_add(1, Ordering::Relaxed);
        let task = tokio::task::spawn_blocking(move || {
            let out = work();
            // Keep Typst's caches to what recent renders used, so memory stays flat over a
            // day of previews.
            if n % 8 == 7 {
                typst::comemo::evict(4);
            }
            drop(permit);
            out
        });
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(_)) => Err(Failed::Crashed),
            Err(_) => Err(Failed::Timeout(self.timeout)),
        }
    }

    /// A pool place for a long job (a bulk run on its own thread), taken when one is free.
    pub(crate) async fn place(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        // `None` only for a closed semaphore, and this pool never closes it.
        self.slots.clone().acquire_owned().await.ok()
    }
}

impl Failed {
    pub(crate) fn response(&self) -> axum::response::Response {
        match self {
            Failed::Timeout(d) => super::error(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                format!("Quá thời gian xử lý ({} giây): văn bản quá lớn hoặc máy chủ đang bận. Hãy thử lại.", d.as_secs()),
            ),
            Failed::Crashed => super::error(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "Lỗi trong khi dàn trang; hãy báo cho người quản trị."),
        }
    }
}
