//! The integration tests, one binary with a module per area (as cargo's own `tests/testsuite`):
//! typst, axum and the database drivers are linked once, not once per area. Run one area with
//! `cargo test --test testsuite register::`, one test with its full name
//! (`cargo test --test testsuite serve::a_render_past_its_time_limit_is_answered_with_an_error`).
//! A new area is a new file here and a `mod` line below; the helpers shared by every area (and by
//! bench/gen_tra_ve.rs) stay in tests/common/. The tests of one area run side by side as they did
//! in their own binary: libtest starts them in the order of their names, so an area's tests meet
//! mostly each other (each test has its own server, browser, database and temporary directory).

#[path = "../common/mod.rs"]
mod common;

mod aggregate;
mod articles;
mod browser;
mod bulk;
mod check_foreign;
mod copies;
mod docx;
mod dossier;
mod errors;
mod forms;
mod fuzz;
mod hardening;
mod images;
mod import;
mod invalid;
mod layout;
mod marks;
mod messages;
mod ooxml;
mod pdfsign;
mod register;
mod samples;
mod serve;
mod sheets;
