//! Tables: cells with their spans, alignment and place in the grid.

use super::blocks::align_name;
use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model::{self, StrOr};
use crate::text::{self, Span};
use crate::vn;
use serde::Serialize;

/// A composed table.
#[derive(Debug, Clone, Serialize)]
pub struct CTable {
    /// Relative widths.
    pub widths: Vec<f64>,
    /// Font size, pt.
    pub size: f64,
    /// Header rows.
    pub header: Vec<Vec<CCell>>,
    /// Body rows.
    pub rows: Vec<Vec<CCell>>,
}

/// A composed cell.
#[derive(Debug, Clone, Serialize)]
pub struct CCell {
    /// Lines, each a list of spans.
    pub lines: Vec<Vec<Span>>,
    /// Columns spanned.
    pub colspan: u32,
    /// Rows spanned.
    pub rowspan: u32,
    /// `left`, `center`, `right`.
    pub align: &'static str,
    /// The first grid column the cell covers.
    #[serde(skip)]
    pub col: usize,
    /// Horizontal padding of this cell, pt, where the table's would break a word that
    /// fits with less (`STT` in a narrow column); none: the table's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inset_x: Option<f64>,
}

/// A table at `here`: its cells placed in the grid (column and row spans), aligned; a row
/// whose cells do not fill the columns, or a bad width or alignment, is an error.
pub(super) fn table(t: &model::Table, here: &str, errs: &mut Vec<Diagnostic>) -> CTable {
    let ncols = t.cot.len();
    if ncols == 0 {
        errs.push(Diagnostic::error(Msg::EmptyTable).at(format!("{here}.cot")));
    }
    if t.cot.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        errs.push(Diagnostic::error(Msg::BadWidth).at(format!("{here}.cot")));
    }
    if !t.can.is_empty() && t.can.len() != ncols {
        errs.push(Diagnostic::error(Msg::BadAlign { given: t.can.len(), columns: ncols }).at(format!("{here}.can")));
    }
    let mut convert = |rows: &[Vec<StrOr<model::Cell>>], key: &str, header: bool| {
        // Rows still covered by a row span from above, per column.
        let mut carry = vec![0u32; ncols];
        let mut out = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let mut width = carry.iter().filter(|&&c| c > 0).count();
            let mut cells = Vec::new();
            let mut col = 0;
            for StrOr(c) in row {
                while col < ncols && carry[col] > 0 {
                    col += 1;
                }
                let colspan = c.gop_cot.unwrap_or(1).max(1);
                let rowspan = c.gop_dong.unwrap_or(1).max(1);
                width += colspan as usize;
                let column_align = if header { None } else { t.can.get(col).copied() };
                let default_align = if header { "center" } else { "left" };
                let body = vn::normalize(&c.text);
                let lines = body.split(['\n', vn::LINE_BREAK]).map(|l| text::inline(l.trim(), c.dam || header, c.nghieng)).collect();
                cells.push(CCell { lines, colspan, rowspan, align: align_name(c.can.or(column_align), default_align), col, inset_x: None });
                col += colspan as usize;
            }
            if width != ncols && ncols > 0 {
                errs.push(Diagnostic::error(Msg::RowWidth { width, columns: ncols }).at(format!("{here}.{key}[{r}]")));
            }
            // The next row: spans from above run on, this row's start.
            for c in carry.iter_mut() {
                *c = c.saturating_sub(1);
            }
            for cell in &cells {
                for c in carry.iter_mut().take((cell.col + cell.colspan as usize).min(ncols)).skip(cell.col) {
                    *c = (*c).max(cell.rowspan - 1);
                }
            }
            out.push(cells);
        }
        out
    };
    let header = convert(&t.dau, "dau", true);
    let rows = convert(&t.dong, "dong", false);
    CTable { widths: t.cot.clone(), size: t.co_chu.unwrap_or(0.0), header, rows }
}
