//! Numbers as text, with integer arithmetic only.
//!
//! `format!("{:.1}", x)` or `x.to_string()` on an `f64` links core's float
//! formatting (Grisu with a Dragon4 fallback, and their tables): 15 KB of
//! wasm, 7 KB gzipped, for a few latencies and chart coordinates. Rounding to
//! a fixed number of decimals and printing the integers costs almost nothing.

/// `value` with exactly `decimals` digits after the point, as `{:.N}` prints
/// it, except that a tie rounds away from zero (`{:.N}` rounds the exact
/// binary value, to even on a tie).
pub fn fixed(value: f64, decimals: u32) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value < 0.0 { "-inf" } else { "inf" }.to_owned();
    }
    let scale = 10_u64.pow(decimals);
    // Saturates beyond u64::MAX, far past any latency or coordinate here.
    let units = (value.abs() * scale as f64 + 0.5).floor() as u64;
    let sign = if value < 0.0 && units > 0 { "-" } else { "" };
    let whole = units / scale;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let fraction = units % scale;
    format!(
        "{sign}{whole}.{fraction:0width$}",
        width = decimals as usize
    )
}

/// A duration in milliseconds, to a tenth: `12.3 ms`.
pub fn millis(ms: f64) -> String {
    format!("{} ms", fixed(ms, 1))
}

/// Whole milliseconds as seconds, with no trailing zeros: `1.5`, `0.25`, `2`.
pub fn seconds(ms: u32) -> String {
    let (whole, fraction) = (ms / 1000, ms % 1000);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:03}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_to_the_given_decimals() {
        assert_eq!(fixed(12.34, 1), "12.3");
        assert_eq!(fixed(12.36, 1), "12.4");
        assert_eq!(fixed(0.04, 1), "0.0");
        assert_eq!(fixed(7.0, 1), "7.0");
        assert_eq!(fixed(0.999, 2), "1.00");
        assert_eq!(fixed(599.6, 0), "600");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(-0.01, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 0), "-inf");
    }

    #[test]
    fn fixed_agrees_with_the_float_formatter_off_ties() {
        for value in [0.0, 0.12, 3.3, 99.94, 114.0, 1234.5678, 1e9 + 0.3] {
            assert_eq!(fixed(value, 1), format!("{value:.1}"), "{value}");
            assert_eq!(fixed(value, 0), format!("{value:.0}"), "{value}");
        }
    }

    #[test]
    fn millis_and_seconds() {
        assert_eq!(millis(3.25), "3.3 ms");
        assert_eq!(seconds(1500), "1.5");
        assert_eq!(seconds(250), "0.25");
        assert_eq!(seconds(1), "0.001");
        assert_eq!(seconds(2000), "2");
        for ms in [1, 20, 250, 999, 1000, 1500, 123_456] {
            assert_eq!(seconds(ms), (f64::from(ms) / 1000.0).to_string());
        }
    }
}
