//! Latency per transport over the recent calls, drawn as SVG in the page.

use yew::prelude::*;

use crate::{
    history::{History, Transport},
    number::fixed,
};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;
const PAD: f64 = 6.0;

#[derive(Debug, Properties, PartialEq)]
pub struct LatencyChartProps {
    /// Newest first, as in the timeline.
    pub records: History,
}

#[component]
pub fn LatencyChart(props: &LatencyChartProps) -> Html {
    if props.records.is_empty() {
        return html! {};
    }
    let max = props
        .records
        .iter()
        .map(|record| record.latency_ms)
        .fold(1.0_f64, f64::max);
    let count = props.records.len();
    // Oldest on the left: x follows the order calls were made in.
    let x = |index: usize| {
        PAD + (WIDTH - 2.0 * PAD) * (count - 1 - index) as f64 / (count.max(2) - 1) as f64
    };
    let y = |ms: f64| HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * ms / max;
    let series = Transport::ALL.map(|transport| {
        let points: Vec<(f64, f64)> = props
            .records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.transport == transport)
            .map(|(index, record)| (x(index), y(record.latency_ms)))
            .collect();
        (transport, points)
    });
    let summary = Transport::ALL
        .iter()
        .filter_map(|transport| {
            let latencies: Vec<f64> = props
                .records
                .iter()
                .filter(|record| record.transport == *transport)
                .map(|record| record.latency_ms)
                .collect();
            let median = median(&latencies)?;
            Some(format!("{} p50 {} ms", transport.label(), fixed(median, 1)))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (width, axis, max) = (fixed(WIDTH, 0), fixed(HEIGHT - PAD, 0), fixed(max, 0));
    html! {
        <figure class="chart" data-testid="latency-chart">
            <svg viewBox={format!("0 0 {width} {}", fixed(HEIGHT, 0))} role="img"
                aria-label={format!("Latency per transport, up to {max} ms: {summary}")}>
                <line x1="0" y1={axis.clone()} x2={width} y2={axis} class="axis" />
                { for series.iter().filter(|(_, points)| !points.is_empty()).map(|(transport, points)| {
                    let key = transport.key();
                    let path = points.iter().map(|(x, y)| format!("{},{}", fixed(*x, 1), fixed(*y, 1))).collect::<Vec<_>>().join(" ");
                    // Each call is a dot drawn by a marker, not an element of
                    // its own: every new call moves every dot, and one
                    // attribute per series is far cheaper to update than a
                    // hundred circles. The marker sits inside the series'
                    // group so that its dot takes the series' colour.
                    let dot = format!("url(#chart-dot-{key})");
                    html! {
                        <g key={key} class={classes!("series", key)} data-testid={format!("chart-{key}")}>
                            <marker id={format!("chart-dot-{key}")} viewBox="0 0 6 6" refX="3" refY="3"
                                markerWidth="5" markerHeight="5" markerUnits="userSpaceOnUse">
                                <circle cx="3" cy="3" r="3" />
                            </marker>
                            <polyline points={path} fill="none" marker-start={dot.clone()}
                                marker-mid={dot.clone()} marker-end={dot} />
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                { for Transport::ALL.iter().map(|transport| html! {
                    <span class={classes!("legend", transport.key())}>{ transport.label() }</span>
                }) }
                <span class="muted">{ format!(" max {max} ms · {summary}") }</span>
            </figcaption>
        </figure>
    }
}

/// The median (the upper one of an even count), found without sorting: there
/// are at most a hundred values, and a sort would add 4 KB of wasm.
fn median(values: &[f64]) -> Option<f64> {
    let half = values.len() / 2;
    values.iter().copied().find(|&candidate| {
        let below = values.iter().filter(|&&value| value < candidate).count();
        let up_to = values.iter().filter(|&&value| value <= candidate).count();
        below <= half && half < up_to
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_is_the_middle_value_in_order() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4.0]), Some(4.0));
        assert_eq!(median(&[9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&[3.0, 1.0, 4.0, 2.0]), Some(3.0));
        assert_eq!(median(&[2.0, 7.0, 2.0, 2.0, 7.0]), Some(2.0));
    }
}
