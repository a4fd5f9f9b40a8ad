//! Bar charts: the axis and bars both back ends draw.

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::model;
use crate::vn;
use serde::Serialize;

/// A composed bar chart: what both back ends draw (the PDF through Typst; the DOCX as the
/// picture Typst draws of it, see `render::pdf::Engine::chart_png`).
#[derive(Debug, Clone, Serialize)]
pub struct CChart {
    /// Title, bold, centred above.
    pub title: String,
    /// Label of the horizontal axis.
    pub x_label: String,
    /// Label of the vertical axis.
    pub y_label: String,
    /// Ticks of the vertical axis, bottom to top: fraction of the height, label.
    pub ticks: Vec<(f64, String)>,
    /// The bars.
    pub bars: Vec<CBar>,
    /// The width it is laid out at, mm: the text width of its page (set by `fit`).
    pub width_mm: f64,
    /// Height of the plot area, mm.
    pub height_mm: f64,
}

/// One bar.
#[derive(Debug, Clone, Serialize)]
pub struct CBar {
    /// Label under the bar.
    pub label: String,
    /// Height as a fraction of the axis (0–1).
    pub frac: f64,
    /// The value as printed above the bar (`69,5%`, `-`).
    pub value: String,
}

/// The axis and bars of a chart: the top of the axis is `toi_da`, or the largest value
/// rounded up to 1, 2, 2.5 or 5 times a power of ten; five intervals.
pub(super) fn chart(c: &model::Chart, here: &str, errs: &mut Vec<Diagnostic>) -> CChart {
    let n = |s: &str| vn::normalize(s.trim());
    // No bars (a summary with nothing to count yet) draws the axes alone.
    for (i, b) in c.cot.iter().enumerate() {
        if b.gia_tri.is_some_and(|v| !v.is_finite() || v < 0.0) {
            errs.push(Diagnostic::error(Msg::BarValue).at(format!("{here}.cot[{i}].gia_tri")));
        }
    }
    let largest = c.cot.iter().filter_map(|b| b.gia_tri).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = match c.toi_da {
        Some(t) if t.is_finite() && t > 0.0 => {
            if largest > t {
                errs.push(
                    Diagnostic::error(Msg::BarAboveTop { largest: vn::format_decimal(largest, 2), top: vn::format_decimal(t, 2) }).at(format!("{here}.toi_da")),
                );
            }
            t
        }
        Some(_) => {
            errs.push(Diagnostic::error(Msg::AxisTop).at(format!("{here}.toi_da")));
            1.0
        }
        None => nice_ceiling(largest),
    };
    let unit = n(&c.don_vi);
    let ticks = (0..=5).map(|k| (k as f64 / 5.0, vn::format_decimal(top * k as f64 / 5.0, 2))).collect();
    let bars = c
        .cot
        .iter()
        .map(|b| CBar {
            label: n(&b.nhan),
            frac: b.gia_tri.map_or(0.0, |v| (v / top).clamp(0.0, 1.0)),
            value: b.gia_tri.map_or("-".to_string(), |v| format!("{}{unit}", vn::format_decimal(v, 1))),
        })
        .collect();
    CChart { title: n(&c.tieu_de), x_label: n(&c.truc_x), y_label: n(&c.truc_y), ticks, bars, width_mm: 0.0, height_mm: 60.0 }
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `x` (1 for nothing to show).
fn nice_ceiling(x: f64) -> f64 {
    // Also for NaN: not a positive number.
    if x.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * p).find(|v| *v >= x * (1.0 - 1e-12)).unwrap_or(10.0 * p)
}
