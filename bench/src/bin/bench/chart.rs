//! The latency chart BENCHMARKS.md embeds: percentile curves drawn from the
//! HDR histograms, one panel per kind of measurement.
//!
//! The x axis is in "nines" (x = -log10(1 - q): 1 is p90, 2 is p99, 3 is
//! p99.9), as HdrHistogram's own plots are, so that the tail gets as much room
//! as the median; the y axis is logarithmic so that lapin's sub-millisecond
//! curves and the management API's tens of milliseconds fit one panel.

use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use crate::report::{Panel, Series};

/// Tableau 10's colours: distinct on white, unlike the stock palette's yellow.
const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// The height of one panel, in pixels.
const PANEL_HEIGHT: u32 = 420;
/// p99.9: further out, a few samples decide the curve.
const NINES: f64 = 3.0;
const STEPS_PER_NINE: u32 = 20;

fn percentile_label(nines: f64) -> String {
    let percent = 100.0 * (1.0 - 10f64.powf(-nines));
    if nines < 2.5 {
        format!("p{percent:.0}")
    } else {
        format!("p{percent:.1}")
    }
}

/// The curve of one series: (nines, milliseconds).
fn curve(series: &Series) -> Vec<(f64, f64)> {
    (0..=(NINES as u32 * STEPS_PER_NINE))
        .map(|step| {
            let nines = f64::from(step) / f64::from(STEPS_PER_NINE);
            let quantile = 1.0 - 10f64.powf(-nines);
            (nines, series.stats.quantile_ms(quantile).max(0.001))
        })
        .collect()
}

/// Draws every series that has successful calls into an SVG at `path`.
pub fn draw(path: &Path, series: &[&Series]) -> anyhow::Result<()> {
    let plot_error =
        |error: DrawingAreaErrorKind<_>| anyhow!("drawing {}: {error}", path.display());
    let drawn = |series: &&&Series| series.stats.ok > 0;
    // Only the panels that have curves, so that a partial run has no gaps.
    let panels: Vec<Panel> = Panel::ALL
        .into_iter()
        .filter(|panel| series.iter().filter(drawn).any(|s| s.panel == *panel))
        .collect();
    let height = PANEL_HEIGHT * u32::try_from(panels.len().max(1))?;
    let root = SVGBackend::new(path, (960, height)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let areas = root.split_evenly((panels.len().max(1), 1));
    for (area, panel) in areas.iter().zip(panels) {
        let curves: Vec<(&str, Vec<(f64, f64)>)> = series
            .iter()
            .filter(drawn)
            .filter(|series| series.panel == panel)
            .map(|series| (series.label.as_str(), curve(series)))
            .collect();
        let values = curves
            .iter()
            .flat_map(|(_, points)| points.iter().map(|p| p.1));
        let (low, high) = values.fold((f64::MAX, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let mut chart = ChartBuilder::on(area)
            .caption(panel.title(), ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..NINES, (low * 0.8..high * 1.25).log_scale())
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_labels(NINES as usize + 1)
            .x_label_formatter(&|nines| percentile_label(*nines))
            .y_labels(8)
            .y_label_formatter(&|ms| format!("{ms} ms"))
            .x_desc("percentile")
            .y_desc("latency (log scale)")
            .draw()
            .map_err(plot_error)?;
        for (i, (label, points)) in curves.into_iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(plot_error)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .draw()
            .map_err(plot_error)?;
    }
    root.present().map_err(plot_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nines_are_labelled_as_percentiles() {
        assert_eq!(percentile_label(0.0), "p0");
        assert_eq!(percentile_label(1.0), "p90");
        assert_eq!(percentile_label(2.0), "p99");
        assert_eq!(percentile_label(3.0), "p99.9");
    }
}
