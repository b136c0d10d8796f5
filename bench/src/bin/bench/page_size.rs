//! `page-size`: the page's first-load transfer, the gzip -9 size of the release `.wasm`
//! and `.js` that `trunk build --release` puts in `dist/`, against the budget
//! recorded in `bench/page-budget.txt`. `scripts/check-size.sh` is the same
//! check for CI, with 10% of slack over the budget.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;
use flate2::{Compression, write::GzEncoder};

use crate::{
    context::{Ctx, Id},
    report::{Row, Section, Verdict, ratio},
};

const TITLE: &str = "Page first-load transfer (gzip -9)";
/// The target for the page, in KB. The recorded budget is what CI holds
/// the page to; it is above this target while the target is not met.
const TARGET_KB: f64 = 150.0;

/// The budget in KB (1 KB = 1,000 bytes): the first line of the file that is
/// neither blank nor a `#` comment, starting with a number.
pub fn read_budget(path: &Path) -> anyhow::Result<f64> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .with_context(|| format!("{} holds no budget in KB", path.display()))
}

/// Bytes after gzip at its best compression, as `gzip -9` would send it.
fn gzip_size(path: &Path) -> anyhow::Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&fs::read(path)?)?;
    Ok(encoder.finish()?.len() as u64)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1_000.0)
}

/// Whether `path` is loaded on demand, not with the page: the console
/// module (`console*`) and its schema worker (`worker*`), which the page
/// fetches the first time a person opens the console or calls the Greeter.
pub fn on_demand(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("console") || name.starts_with("worker"))
}

pub fn run(ctx: &Ctx) -> anyhow::Result<Section> {
    let dist = ctx.dist();
    let budget_file = ctx.root.join("bench/page-budget.txt");
    let budget_kb = read_budget(&budget_file)?;
    let target = format!("≤ {TARGET_KB:.0} KB");
    let (mut later, mut files): (Vec<PathBuf>, Vec<PathBuf>) = fs::read_dir(&dist)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "wasm" || ext == "js")
        })
        .partition(|path| on_demand(path));
    files.sort();
    later.sort();
    if files.is_empty() {
        let why = format!(
            "{} holds no release build: run `trunk build --release` (scripts/bench.sh does \
             when trunk is installed)",
            dist.display()
        );
        return Ok(Section::skipped(Id::PageSize, TITLE, &target, why));
    }

    let mut section = Section::new(Id::PageSize, TITLE);
    let mut total = 0;
    let mut parts = Vec::new();
    for file in &files {
        let gzipped = gzip_size(file)?;
        total += gzipped;
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let raw = fs::metadata(file)?.len();
        parts.push(format!(
            "`{name}`: {} raw, {} gzip -9",
            kb(raw),
            kb(gzipped)
        ));
    }
    let budget = budget_kb * 1_000.0;
    section.rows.push(Row {
        measure: "release `.wasm` + `.js`, gzip -9".into(),
        baseline: "—".into(),
        switchboard: kb(total),
        ratio: format!("{} of target", ratio(total as f64 / (TARGET_KB * 1_000.0))),
        target,
        verdict: Verdict::judge(total as f64 <= TARGET_KB * 1_000.0),
    });
    section.rows.push(Row {
        measure: "the same, against the recorded budget (CI fails above +10%)".into(),
        baseline: "—".into(),
        switchboard: kb(total),
        ratio: format!("{} of budget", ratio(total as f64 / budget)),
        target: format!("≤ {:.0} KB", budget_kb * 1.1),
        verdict: Verdict::judge(total as f64 <= budget * 1.1),
    });
    if !later.is_empty() {
        let mut on_demand = 0;
        for file in &later {
            on_demand += gzip_size(file)?;
        }
        let names: Vec<String> = later
            .iter()
            .map(|file| {
                file.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        section.rows.push(Row {
            measure: format!("loaded on demand, not with the page: {}", names.join(", ")),
            baseline: "—".into(),
            switchboard: kb(on_demand),
            ratio: "—".into(),
            target: "—".into(),
            verdict: Verdict::Info,
        });
    }
    section.conditions = vec![
        format!("files in `{}`: {}", dist.display(), parts.join("; ")),
        format!(
            "budget {budget_kb} KB from `bench/page-budget.txt` (1 KB = 1,000 bytes); \
             `scripts/check-size.sh` fails CI above {:.0} KB (budget + 10%)",
            budget_kb * 1.1
        ),
        "compressed in-process with flate2 at level 9 (`gzip -9` differs by a few bytes)".into(),
    ];
    Ok(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_the_first_number_after_the_comments() {
        let dir = std::env::temp_dir().join(format!("budget-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let file = dir.join("page-budget.txt");
        fs::write(&file, "# a comment\n\n150 KB\n200\n").unwrap();
        assert_eq!(read_budget(&file).unwrap(), 150.0);
        fs::write(&file, "# nothing else\n").unwrap();
        assert!(read_budget(&file).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }
}
