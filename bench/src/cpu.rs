//! CPU time of the processes on a measured path. The broker, the server and
//! the load generator share a few cores, so a benchmark that misses its
//! target needs to say which of them ran out: these readings are that
//! evidence.

use std::{fmt, time::Instant};

use procfs::{CurrentSI, KernelStats, process::Process};

/// A process to watch, by the name the report gives it.
#[derive(Debug, Clone)]
pub struct Watched {
    pub label: String,
    pub pid: u32,
}

impl Watched {
    pub fn new(label: &str, pid: u32) -> Self {
        Self {
            label: label.to_owned(),
            pid,
        }
    }

    /// This process: the load generator, and any server it runs in-process.
    pub fn this_process() -> Self {
        Self::new(THIS_PROCESS, std::process::id())
    }

    /// RabbitMQ's Erlang VM, if it runs on this machine.
    pub fn broker() -> Option<Self> {
        let processes = procfs::process::all_processes().ok()?;
        processes
            .flatten()
            .filter(|process| process.stat().is_ok_and(|stat| stat.comm == "beam.smp"))
            .filter(|process| {
                process
                    .cmdline()
                    .is_ok_and(|args| args.iter().any(|arg| arg.contains("rabbit")))
            })
            .map(|process| process.pid)
            .min()
            .and_then(|pid| u32::try_from(pid).ok())
            .map(|pid| Self::new("RabbitMQ", pid))
    }
}

/// User plus system CPU seconds of a process, all its threads included.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = Process::new(i32::try_from(pid).ok()?).ok()?.stat().ok()?;
    Some((stat.utime + stat.stime) as f64 / procfs::ticks_per_second() as f64)
}

/// Busy CPU seconds of the whole machine: every process and the kernel.
fn machine_seconds() -> Option<f64> {
    let total = KernelStats::current().ok()?.total;
    let ticks = total.user
        + total.nice
        + total.system
        + total.irq.unwrap_or_default()
        + total.softirq.unwrap_or_default()
        + total.steal.unwrap_or_default();
    Some(ticks as f64 / procfs::ticks_per_second() as f64)
}

/// The label of everything the machine did besides the watched processes:
/// other people's builds, say, on a shared machine.
pub const OTHERS: &str = "others";

/// How [`Watched::this_process`] is labelled.
pub const THIS_PROCESS: &str = "bench";

/// CPU seconds each watched process used over some wall-clock seconds.
#[derive(Debug, Clone, Default)]
pub struct CpuUse {
    pub wall: f64,
    pub busy: Vec<(String, f64)>,
}

impl CpuUse {
    /// Adds `other`'s seconds, process by process.
    pub fn merge(&mut self, other: &CpuUse) {
        self.wall += other.wall;
        for (label, seconds) in &other.busy {
            match self.busy.iter_mut().find(|(name, _)| name == label) {
                Some((_, total)) => *total += seconds,
                None => self.busy.push((label.clone(), *seconds)),
            }
        }
    }
}

/// `bridge 0.71 · RabbitMQ 0.83 · bench 0.41`: cores kept busy on average.
impl fmt::Display for CpuUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wall = self.wall.max(f64::EPSILON);
        let shares: Vec<String> = self
            .busy
            .iter()
            .map(|(label, seconds)| format!("{label} {:.2}", seconds / wall))
            .collect();
        f.write_str(&shares.join(" · "))
    }
}

/// Readings taken at the start of a measurement.
#[derive(Debug)]
pub struct CpuMeter {
    start: Vec<(Watched, Option<f64>)>,
    machine: Option<f64>,
    began: Instant,
}

impl CpuMeter {
    pub fn start(watched: &[Watched]) -> Self {
        Self {
            start: watched
                .iter()
                .map(|process| (process.clone(), cpu_seconds(process.pid)))
                .collect(),
            machine: machine_seconds(),
            began: Instant::now(),
        }
    }

    /// What each process used since `start`, and everything else as
    /// `others`; a process that could not be read twice (it exited, say) is
    /// left out.
    pub fn stop(self) -> CpuUse {
        let mut busy: Vec<(String, f64)> = self
            .start
            .into_iter()
            .filter_map(|(process, before)| {
                let used = cpu_seconds(process.pid)? - before?;
                Some((process.label, used))
            })
            .collect();
        if let (Some(before), Some(after)) = (self.machine, machine_seconds()) {
            let watched: f64 = busy.iter().map(|(_, seconds)| seconds).sum();
            busy.push((OTHERS.to_owned(), (after - before - watched).max(0.0)));
        }
        CpuUse {
            wall: self.began.elapsed().as_secs_f64(),
            busy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_measured_and_merged_by_label() {
        let meter = CpuMeter::start(&[Watched::this_process()]);
        let mut spin = 0u64;
        for i in 0..5_000_000u64 {
            spin = spin.wrapping_add(i * i);
        }
        std::hint::black_box(spin);
        let mut first = meter.stop();
        assert_eq!(first.busy.len(), 2, "this process and the others");
        let second = first.clone();
        first.merge(&second);
        assert_eq!(first.busy.len(), 2, "same labels, one entry each");
        assert!(first.to_string().starts_with("bench "));
    }
}
