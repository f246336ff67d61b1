//! With no command and no terminal: where things stand, and what to do next.

use super::content::load_pack;
use super::{Cli, Failure, Out, open_store};
use crate::clock::Clock;
use crate::text::escape_line;
use chrono::NaiveDate;

/// With no command: where things stand, and what to do next. (The full-screen workbook is being
/// built on the same library; until it lands this keeps `trustwork` useful on its own.)
pub(super) fn overview(cli: &Cli, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let pack = load_pack(cli, err);
    writeln!(
        out,
        "trustwork: a workbook for rebuilding trust, alone or together.\n"
    )?;
    let partners = if store.exists() {
        store.partners()?
    } else {
        Vec::new()
    };
    if partners.is_empty() {
        writeln!(
            out,
            "To begin, add yourself (and your partner, if you are doing this together):"
        )?;
        writeln!(
            out,
            "  trustwork partners add NAME --role hurt|repairing|unsaid\n"
        )?;
    } else {
        let home = store.load_home(0)?;
        let today = clock.today();
        for p in &partners {
            let days: Vec<NaiveDate> = home
                .recent_checkins
                .iter()
                .filter(|c| c.partner == p.id)
                .map(|c| c.date)
                .collect();
            let done = days.contains(&today);
            let streak = crate::stats::streak(&days, today);
            let next = pack
                .next_on_path(p.role, |gid| {
                    home.progress
                        .iter()
                        .any(|x| x.partner == p.id && x.guide == gid && x.completed.is_some())
                })
                .map(|g| format!("{} ({})", g.title, g.id))
                .unwrap_or_else(|| "every guide on your path is done".into());
            writeln!(
                out,
                "{}: check-in {} · streak {}\n  next guide: {}",
                escape_line(&p.name),
                if done {
                    "done today"
                } else {
                    "not done yet today"
                },
                streak.current,
                next
            )?;
        }
        writeln!(out)?;
    }
    out.write_all(
        "Read a guide:  trustwork content list, then trustwork content show ID\n\
         Check in:      trustwork checkin --partner NAME --trust 0..10\n\
         Write:         trustwork journal add --partner NAME -   (Ctrl-D saves)\n\
         Everything:    trustwork --help\n\n\
         This is self-help, not therapy or crisis support. If you are afraid of\n\
         your partner, start here: trustwork content show safety-check\n"
            .as_bytes(),
    )?;
    writeln!(out, "Your data is kept in {}", store.dir().display())?;
    Ok(())
}
