//! Word in: a `.docx` read into a neutral model ([`word`]), and turned into vanban's document
//! (`vanban nhap`) or a bulk template (`--template`); the same model serves the check of DOCX made elsewhere.
//! It must not write files, print or know the CLI or the server: they call it and report.

pub mod word;
mod xml;
