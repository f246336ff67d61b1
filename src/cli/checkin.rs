//! `checkin`, `moment` and `today`: the daily check-in, a difficult moment, and the one line for a
//! shell prompt.

use super::{CheckinArgs, Cli, Failure, MomentArgs, Out, acting, data_dir, no_partner, open_store};
use crate::clock::Clock;
use crate::store::Store;
use crate::text::{self, escape_line};
use chrono::NaiveDate;

pub(super) fn checkin(cli: &Cli, a: &CheckinArgs, clock: Clock, out: Out) -> Result<(), Failure> {
    let today = clock.today();
    let date = a.date.unwrap_or(today);
    if date > today {
        return Err(Failure::usage(format!(
            "{date} is in the future; a check-in can be for today ({today}) or a past day"
        )));
    }
    for (what, v) in [("--mood", &a.mood), ("--note", &a.note)] {
        if let Some(v) = v {
            if v.trim().is_empty() {
                return Err(Failure::usage(format!("{what} cannot be empty")));
            }
            if v.contains(['\n', '\r']) || text::has_control(v) {
                return Err(Failure::usage(format!("{what} is one line of text")));
            }
        }
    }
    let store = open_store(cli, clock)?;
    let actor = acting(&store, &a.partner, a.note.is_some())?;
    let c = store.put_checkin(
        &actor,
        date,
        a.trust,
        a.mood.as_ref().map(|s| s.trim().to_string()),
        a.note.as_ref().map(|s| s.trim().to_string()),
    )?;
    writeln!(
        out,
        "checked in for {}: trust {}/10{}",
        c.date,
        c.trust,
        c.mood
            .as_deref()
            .map(|m| format!(", {}", escape_line(m)))
            .unwrap_or_default()
    )?;
    Ok(())
}

pub(super) fn moment(cli: &Cli, a: &MomentArgs, clock: Clock, out: Out) -> Result<(), Failure> {
    for (what, v) in [
        ("--trigger", &a.trigger),
        ("--helped", &a.helped),
        ("--note", &a.note),
    ] {
        if let Some(v) = v
            && (v.trim().is_empty() || text::has_control(v))
        {
            return Err(Failure::usage(format!(
                "{what} is one line of text, not empty"
            )));
        }
    }
    let store = open_store(cli, clock)?;
    let has_text = a.trigger.is_some() || a.helped.is_some() || a.note.is_some();
    let actor = acting(&store, &a.partner, has_text && !a.shared)?;
    let partner = actor.partner.clone();
    let m = crate::model::Moment {
        id: crate::ids::new_id(),
        partner,
        date: clock.now(),
        strength: a.strength,
        trigger: a.trigger.as_ref().map(|s| s.trim().to_string()),
        helped: a.helped.as_ref().map(|s| s.trim().to_string()),
        note: a.note.as_ref().map(|s| s.trim().to_string()),
        reassure: a.reassure,
        shared: a.shared,
        acknowledged: None,
        sealed: None,
    };
    store.put_moment(&actor, m)?;
    writeln!(
        out,
        "logged a difficult moment (strength {}/10){}",
        a.strength,
        if a.reassure {
            "; your partner will see that you asked for reassurance"
        } else {
            ""
        }
    )?;
    Ok(())
}

/// One line for a shell prompt: each partner's check-in today and streak. With no store it
/// prints nothing and creates nothing. Reads only partners and the check-in years it needs.
pub(super) fn today(
    cli: &Cli,
    clock: Clock,
    only: Option<&str>,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let Ok(dir) = data_dir(cli) else {
        return Ok(());
    };
    if !Store::at(&dir, clock).exists() {
        return Ok(());
    }
    // As this device sees it, so that its own files go by their short names; moving nothing.
    let (store, _) = Store::for_this_device(dir, clock)?;
    let partners = store.partners()?;
    let today = clock.today();
    let years = store.checkin_years()?;
    let mut damaged = Vec::new();
    let mut parts = Vec::new();
    for p in &partners {
        if only.is_some_and(|n| p.name.to_lowercase() != n.trim().to_lowercase()) {
            continue;
        }
        // Read back a year at a time, only while the streak could reach into the year before.
        let mut days: Vec<NaiveDate> = Vec::new();
        for y in years.iter().rev() {
            let cs: Vec<crate::model::CheckIn> =
                store.read_noting(crate::store::paths::checkins_file(*y), &mut damaged)?;
            days.extend(cs.iter().filter(|c| c.partner == p.id).map(|c| c.date));
            let current = crate::stats::streak(&days, today).current as u64;
            let start = today - chrono::Days::new(current.saturating_sub(1));
            if NaiveDate::from_ymd_opt(*y, 1, 1).is_some_and(|jan1| start > jan1) {
                break;
            }
        }
        let s = crate::stats::streak(&days, today);
        let done = days.contains(&today);
        let mut part = format!(
            "{}: {}",
            escape_line(&p.name),
            if done { "done" } else { "check-in not done" }
        );
        if s.current > 0 {
            part.push_str(&format!(" · streak {}", s.current));
        }
        parts.push(part);
    }
    if only.is_some() && parts.is_empty() {
        return Err(no_partner(only.unwrap_or_default()));
    }
    if !parts.is_empty() {
        writeln!(out, "{}", parts.join(" | "))?;
    }
    // Each partner read the same years: name each damaged one once.
    damaged.sort_by(|a, b| a.rel.cmp(&b.rel));
    damaged.dedup_by(|a, b| a.rel == b.rel);
    super::warn_damaged(err, &damaged)?;
    Ok(())
}
