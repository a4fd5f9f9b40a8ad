//! `vanban new`: a starter document of a kind.

use super::{print, print_out, usage};
use std::path::Path;
use std::process::ExitCode;

pub(crate) fn new(kind: &str, output: Option<&Path>) -> ExitCode {
    let Some(text) = vanban::starter(kind) else {
        let kinds: Vec<&str> = vanban::STARTERS.iter().map(|(k, _)| *k).collect();
        return usage(&format!("no starter for `{kind}`; choose one of: {}", kinds.join(", ")));
    };
    match output {
        None => {
            print_out(text);
            ExitCode::SUCCESS
        }
        Some(path) if path.exists() => usage(&format!("{} exists; not overwritten", path.display())),
        Some(path) => match vanban::output::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(d) => {
                print(&[d]);
                ExitCode::from(1)
            }
        },
    }
}
