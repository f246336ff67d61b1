//! `stats`: counts, trends, streaks, moments, guides and milestones, as text or JSON.

use super::content::load_pack;
use super::{Cli, Failure, Out, open_store, plural};
use crate::clock::Clock;
use crate::text::escape_line;
use std::io;

pub(super) fn stats(
    cli: &Cli,
    json: bool,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    // Without the partners nothing can be attributed: that file must read (its error names it).
    store.partners()?;
    let snap = store.load_all()?;
    super::warn_damaged(err, &snap.damaged)?;
    let pack = load_pack(cli, err);
    let stats = crate::stats::compute(&snap, &pack, clock.today());
    if json {
        let json = trustwork_core::json::to_string_pretty(&stats).map_err(io::Error::from)?;
        writeln!(out, "{json}")?;
    } else {
        writeln!(
            out,
            "{}, {}",
            plural(stats.entries, "entry", "entries"),
            plural(stats.checkins, "check-in", "check-ins")
        )?;
        for p in &stats.partners {
            let span = match (p.first, p.last) {
                (Some(f), Some(l)) => format!(", {f} to {l}"),
                _ => String::new(),
            };
            writeln!(
                out,
                "{} ({}): {}, {}{span}; streak {} (longest {})",
                escape_line(&p.name),
                p.role.describe(),
                plural(p.entries, "entry", "entries"),
                plural(p.checkins, "check-in", "check-ins"),
                p.streak.current,
                p.streak.longest
            )?;
            let f = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
            writeln!(
                out,
                "  trust: last {}, 7-day average {}, 28-day average {} (the app's own 0-10 scale, not a validated measure)",
                p.trust
                    .last
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "-".into()),
                f(p.trust.average_7d),
                f(p.trust.average_28d)
            )?;
            writeln!(
                out,
                "  difficult moments: {} in all, {} in the last 28 days (average strength {})",
                p.moments.total,
                p.moments.last_28d,
                f(p.moments.average_strength_28d)
            )?;
            writeln!(
                out,
                "  guides: {} opened, {} completed; {} answered, {} exercises done",
                p.guides.opened,
                p.guides.completed,
                plural(p.guides.prompts_answered, "question", "questions"),
                p.guides.exercises_done
            )?;
            for m in &p.milestones {
                writeln!(out, "  {}: {}", m.date, escape_line(&m.text))?;
            }
        }
        if let Some(g) = stats.gap_28d {
            writeln!(
                out,
                "Gap between the two trust lines, last 28 days: {g:.1} points"
            )?;
        }
    }
    Ok(())
}
