//! Latency per transport over the recent calls, drawn as SVG in the page.

use yew::prelude::*;

use crate::history::{CallRecord, Transport};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;
const PAD: f64 = 6.0;

#[derive(Debug, Properties, PartialEq)]
pub struct LatencyChartProps {
    /// Newest first, as in the timeline.
    pub records: Vec<CallRecord>,
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
            let mut latencies: Vec<f64> = props
                .records
                .iter()
                .filter(|record| record.transport == *transport)
                .map(|record| record.latency_ms)
                .collect();
            latencies.sort_by(f64::total_cmp);
            let median = *latencies.get(latencies.len() / 2)?;
            Some(format!("{} p50 {median:.1} ms", transport.label()))
        })
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        <figure class="chart" data-testid="latency-chart">
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                aria-label={format!("Latency per transport, up to {max:.0} ms: {summary}")}>
                <line x1="0" y1={(HEIGHT - PAD).to_string()} x2={WIDTH.to_string()}
                    y2={(HEIGHT - PAD).to_string()} class="axis" />
                { for series.iter().filter(|(_, points)| !points.is_empty()).map(|(transport, points)| {
                    let path = points.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
                    html! {
                        <g class={classes!("series", transport.key())} data-testid={format!("chart-{}", transport.key())}>
                            <polyline points={path} fill="none" />
                            { for points.iter().map(|(x, y)| html! {
                                <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r="2.5" />
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                { for Transport::ALL.iter().map(|transport| html! {
                    <span class={classes!("legend", transport.key())}>{ transport.label() }</span>
                }) }
                <span class="muted">{ format!(" max {max:.0} ms · {summary}") }</span>
            </figcaption>
        </figure>
    }
}
