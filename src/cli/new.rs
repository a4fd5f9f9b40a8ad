//! `vanban new`: a starter document of a kind.

use super::{print, print_out, usage};
use std::path::Path;
use std::process::ExitCode;

pub(crate) fn new(kind: &str, output: Option<&Path>) -> ExitCode {
    let Some(text) = vanban::starter(kind) else {
        let kinds: Vec<&str> = vanban::STARTERS.iter().map(|(k, _)| *k).collect();
        return usage(&vanban::messages::Text::NoStarter { kind: kind.to_string(), kinds: kinds.join(", ") }.to_string());
    };
    match output {
        None => {
            print_out(text);
            ExitCode::SUCCESS
        }
        Some(path) if path.exists() => usage(&vanban::messages::Text::Exists { path: path.display().to_string() }.to_string()),
        Some(path) => match vanban::output::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                print(&[d]);
                ExitCode::from(1)
            }
        },
    }
}
