//! Drawing the progress screen: tabs, the trust chart, moments per week, the calendar and the
//! guides' milestones.

use super::{ProgressScreen, RANGES, VIEWS, View};
use crate::stats::{Milestone, WeekMoments};
use crate::text::{escape_line, truncate_width};
use crate::ui::{App, widgets};
use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

const MARKS: [&str; 2] = ["⠤⠤", "••"];

pub(super) fn render(frame: &mut Frame, app: &App, p: &ProgressScreen) {
    let body = widgets::page(frame, app, "Progress");
    let t = &app.theme;
    let [tabs, _, main] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(body);
    let names = [
        "1 Trust",
        "2 Moments",
        "3 Calendar",
        "4 Guides",
        "5 All time",
    ];
    // The tabs, spaced out where there is room and close together where there is not; the
    // range and its key after them where they fit.
    let range = matches!(p.view, View::Trust | View::Moments)
        .then(|| format!("  last {} weeks (w)", RANGES[p.range]));
    let roomy: usize =
        names.iter().map(|n| n.len() + 3).sum::<usize>() + range.as_ref().map_or(0, String::len);
    let close = roomy > tabs.width as usize;
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, n) in names.iter().enumerate() {
        let on = VIEWS[i] == p.view;
        let label = match (on, close) {
            (true, _) => format!("[{n}]"),
            (false, false) => format!(" {n} "),
            (false, true) => n.to_string(),
        };
        used += label.len() + 1;
        spans.push(Span::styled(label, if on { t.selected } else { t.dim }));
        spans.push(Span::raw(" "));
    }
    if let Some(range) = range.filter(|r| used + r.len() <= tabs.width as usize) {
        spans.push(Span::styled(range, t.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let Some(f) = &p.figures else {
        frame.render_widget(
            Paragraph::new(Span::styled("Reading your check-ins…", t.dim)),
            main,
        );
        return;
    };
    if f.partners.is_empty() {
        return;
    }
    let weeks = RANGES[p.range];
    let from = f.today - Days::new(weeks * 7 - 1);
    let w = main.width as usize;
    match p.view {
        View::Trust => {
            let [legend_area, chart_area, notes] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Min(6),
                Constraint::Length(4),
            ])
            .areas(main);
            // The chart takes the terminal's whole width; its legend sits above it, outside the
            // plot, so it never covers the latest days.
            let chart_area = full_width(frame, chart_area);
            frame.render_widget(
                Paragraph::new(legend(app, &f.partners)),
                full_width(frame, legend_area),
            );
            let x = |d: NaiveDate| (d - from).num_days() as f64;
            // Each partner's line is cut where there are no check-ins: missing days are gaps.
            let mut series: Vec<(usize, Vec<(f64, f64)>)> = Vec::new();
            for (pi, pf) in f.partners.iter().enumerate() {
                let mut run: Vec<(f64, f64)> = Vec::new();
                for (d, v) in pf.average.iter().filter(|(d, _)| *d >= from) {
                    match v {
                        Some(v) => run.push((x(*d), *v)),
                        None if !run.is_empty() => series.push((pi, std::mem::take(&mut run))),
                        None => {}
                    }
                }
                if !run.is_empty() {
                    series.push((pi, run));
                }
            }
            let mut datasets = Vec::new();
            for (pi, points) in &series {
                let ds = Dataset::default()
                    .marker(if *pi == 0 {
                        Marker::Braille
                    } else {
                        Marker::Dot
                    })
                    .graph_type(GraphType::Line)
                    .style(if *pi == 0 { t.accent } else { t.text })
                    .data(points);
                datasets.push(ds);
            }
            let span = (weeks * 7) as f64;
            let chart = Chart::new(datasets)
                .x_axis(Axis::default().bounds([0.0, span]).labels(vec![
                    Span::styled(from.format("%-d %b").to_string(), t.dim),
                    Span::styled(f.today.format("%-d %b").to_string(), t.dim),
                ]))
                .y_axis(Axis::default().bounds([0.0, 10.0]).labels(vec![
                    Span::styled("0", t.dim),
                    Span::styled("5", t.dim),
                    Span::styled("10", t.dim),
                ]))
                // Who is who is said above the chart, by marker and name (not colour alone).
                .legend_position(None);
            frame.render_widget(chart, chart_area);
            let mut lines = vec![Line::from(Span::styled(
                "Trust check-ins, 7-day average; gaps are days without one. The app's own scale, not a validated measure.",
                t.dim,
            ))];
            if !f.gap.is_empty() {
                let g: Vec<f64> = f
                    .gap
                    .iter()
                    .filter(|(d, _)| *d >= from)
                    .filter_map(|x| x.1)
                    .collect();
                if g.len() >= 2 {
                    let half = g.len() / 2;
                    let early = g[..half].iter().sum::<f64>() / half as f64;
                    let late = g[half..].iter().sum::<f64>() / (g.len() - half) as f64;
                    let trend = if late + 0.3 < early {
                        "closing"
                    } else if late > early + 0.3 {
                        "widening"
                    } else {
                        "about the same"
                    };
                    lines.push(Line::from(Span::styled(
                        format!("Gap between the two lines: {early:.1} → {late:.1} points ({trend}). A closing gap is progress of its own."),
                        t.text,
                    )));
                }
            }
            let wrapped: Vec<Line> = lines
                .into_iter()
                .flat_map(|l| {
                    let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                    let style = l.spans.first().map(|s| s.style).unwrap_or_default();
                    crate::text::wrap(&text, w)
                        .into_iter()
                        .map(move |x| Line::from(Span::styled(x, style)))
                })
                .collect();
            frame.render_widget(Paragraph::new(wrapped), notes);
        }
        View::Moments => {
            let mut lines: Vec<Line> = crate::text::wrap(
                "Difficult moments per week. Fewer and milder over the weeks is one of the clearest signs of recovery.",
                w,
            )
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.dim)))
            .collect();
            for (pi, pf) in f.partners.iter().enumerate() {
                let weeks_in: Vec<&WeekMoments> = pf
                    .moments
                    .iter()
                    .filter(|m| m.week >= crate::stats::week_start(from))
                    .collect();
                lines.push(Line::default());
                let total: usize = weeks_in.iter().map(|m| m.count).sum();
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} {} · {total} in these weeks",
                        MARKS[pi],
                        escape_line(&pf.name)
                    ),
                    t.heading,
                )));
                // One column a week: the count as a small bar, a dot for a quiet week.
                let bars: String = weeks_in
                    .iter()
                    .map(|m| match m.count {
                        0 => '·',
                        1 => '▂',
                        2 => '▄',
                        3 => '▆',
                        _ => '█',
                    })
                    .collect();
                lines.push(Line::from(Span::styled(truncate_width(&bars, w), t.accent)));
                let strengths: Vec<f64> =
                    weeks_in.iter().filter_map(|m| m.average_strength).collect();
                if strengths.len() >= 2 {
                    let half = strengths.len() / 2;
                    let early = strengths[..half].iter().sum::<f64>() / half as f64;
                    let late =
                        strengths[half..].iter().sum::<f64>() / (strengths.len() - half) as f64;
                    lines.extend(widgets::wrapped(&format!("Average strength: {early:.1} in the earlier weeks, {late:.1} in the later ones."), w, t.text));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "· no moment  ▂ 1  ▄ 2  ▆ 3  █ 4 or more",
                t.dim,
            )));
            frame.render_widget(Paragraph::new(lines).scroll((p.scroll, 0)), main);
        }
        View::Calendar => {
            let mut lines = Vec::new();
            // Weeks as columns (Monday to Sunday down), as many as fit, ending this week.
            let cols = (w.saturating_sub(6)).min(53);
            let last_week = crate::stats::week_start(f.today);
            let first_week = last_week - Days::new(7 * (cols as u64).saturating_sub(1));
            for (pi, pf) in f.partners.iter().enumerate() {
                if pi > 0 {
                    lines.push(Line::default());
                }
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} · {} in a row now, longest {}",
                        escape_line(&pf.name),
                        crate::text::plural(pf.streak.current as usize, "day", "days"),
                        pf.streak.longest
                    ),
                    t.heading,
                )));
                let mut months = String::from("     ");
                let mut last_month = 0;
                for c in 0..cols {
                    let wk = first_week + Days::new(7 * c as u64);
                    if wk.month() != last_month && wk.day() <= 7 {
                        last_month = wk.month();
                        months.push_str(&wk.format("%b").to_string());
                    } else if months.chars().count() <= 5 + c {
                        months.push(' ');
                    }
                }
                lines.push(Line::from(Span::styled(truncate_width(&months, w), t.dim)));
                for (row, name) in ["Mon", "", "Wed", "", "Fri", "", "Sun"].iter().enumerate() {
                    let mut s = format!("{name:<4} ");
                    for c in 0..cols {
                        let day = first_week + Days::new(7 * c as u64 + row as u64);
                        s.push(if day > f.today {
                            ' '
                        } else if pf.checkin_days.contains(&day) {
                            '■'
                        } else {
                            '·'
                        });
                    }
                    lines.push(Line::from(Span::styled(s, t.text)));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled("■ a check-in  · none", t.dim)));
            frame.render_widget(Paragraph::new(lines).scroll((p.scroll, 0)), main);
        }
        View::AllTime => all_time(frame, app, f, main),
        View::Guides => {
            let me = app
                .active_partner()
                .and_then(|a| f.partners.iter().find(|x| x.id == a.id))
                .unwrap_or(&f.partners[0]);
            let mut lines = vec![Line::from(Span::styled(
                format!("{}'s guides", escape_line(&me.name)),
                t.heading,
            ))];
            let done = me.guides.iter().filter(|g| g.4).count();
            let answered: usize = me.guides.iter().map(|g| g.1).sum();
            let questions: usize = me.guides.iter().map(|g| g.2).sum();
            let exercises: usize = me.guides.iter().map(|g| g.3).sum();
            lines.push(Line::from(Span::styled(
                format!("{done} completed · {answered} of {questions} questions answered · {exercises} exercises done"),
                t.text,
            )));
            lines.push(Line::default());
            for (title, a, q, ex, completed) in &me.guides {
                let right = format!(
                    "{a}/{q}{}{}",
                    if *ex > 0 {
                        format!(" · {ex} ex.")
                    } else {
                        String::new()
                    },
                    if *completed { " · done" } else { "" }
                );
                let left = truncate_width(title, w.saturating_sub(right.len() + 2));
                let pad = w.saturating_sub(crate::text::display_width(&left) + right.len());
                lines.push(Line::from(vec![
                    Span::styled(left, t.text),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(right, t.dim),
                ]));
            }
            let visible: Vec<&Milestone> = me
                .milestones
                .iter()
                .filter(|m| {
                    m.private_to
                        .as_deref()
                        .is_none_or(|p| Some(p) == app.active_partner().map(|a| a.id.as_str()))
                })
                .collect();
            if !visible.is_empty() {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled("Milestones", t.heading)));
                for m in visible {
                    lines.push(Line::from(Span::styled(
                        truncate_width(&format!("{}  {}", m.date.format("%-d %b %Y"), m.text), w),
                        t.text,
                    )));
                }
            }
            frame.render_widget(Paragraph::new(lines).scroll((p.scroll, 0)), main);
        }
    }
}

/// The area's rows at the terminal's whole width (one column's margin each side): a chart
/// uses all of a wide terminal, not only the page's reading column.
fn full_width(frame: &Frame, area: ratatui::layout::Rect) -> ratatui::layout::Rect {
    let whole = frame.area();
    let x = whole.x + 1.min(whole.width);
    ratatui::layout::Rect {
        x: x.min(area.x),
        width: whole.width.saturating_sub(2).max(area.width),
        ..area
    }
    .intersection(whole)
}

/// Which line is whose: marker and name, for the line above a chart.
fn legend(app: &App, partners: &[super::PartnerFigures]) -> Line<'static> {
    let t = &app.theme;
    let mut spans = Vec::new();
    for (pi, pf) in partners.iter().enumerate().take(MARKS.len()) {
        spans.push(Span::styled(
            MARKS[pi].to_string(),
            if pi == 0 { t.accent } else { t.text },
        ));
        spans.push(Span::styled(
            format!(" {}   ", escape_line(&pf.name)),
            t.text,
        ));
    }
    Line::from(spans)
}

/// The all-time view: each partner's monthly average trust as a line, and the moments of each
/// month as bars beneath, from the first record to this month.
fn all_time(frame: &mut Frame, app: &App, f: &super::Figures, main: ratatui::layout::Rect) {
    let t = &app.theme;
    let w = main.width as usize;
    let months = &f.months;
    let para = |text: &str, style| -> Vec<Line<'static>> {
        crate::text::wrap(text, w)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style)))
            .collect()
    };
    if months.len() < 13 {
        let text = if months.is_empty() {
            "Nothing recorded yet. Month by month, the whole story shows here once there is more than a year of it."
        } else {
            "Less than a year recorded: the trust and moments views (1 and 2) show all of it, week by week. Month by month, the whole story shows here after a year."
        };
        frame.render_widget(Paragraph::new(para(text, t.dim)), main);
        return;
    }
    let [legend_area, chart_area, bars_title, bars_area, notes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(2),
    ])
    .areas(main);
    let chart_area = full_width(frame, chart_area);
    frame.render_widget(
        Paragraph::new(legend(app, &f.partners)),
        full_width(frame, legend_area),
    );
    // One line per partner, cut at months without a check-in (gaps, never zeros).
    let mut series: Vec<(usize, Vec<(f64, f64)>)> = Vec::new();
    for pi in 0..f.partners.len().min(MARKS.len()) {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (i, m) in months.iter().enumerate() {
            match m.trust.get(pi).copied().flatten() {
                Some(v) => run.push((i as f64, v)),
                None if !run.is_empty() => series.push((pi, std::mem::take(&mut run))),
                None => {}
            }
        }
        if !run.is_empty() {
            series.push((pi, run));
        }
    }
    let datasets: Vec<Dataset> = series
        .iter()
        .map(|(pi, points)| {
            Dataset::default()
                .marker(if *pi == 0 {
                    Marker::Braille
                } else {
                    Marker::Dot
                })
                .graph_type(GraphType::Line)
                .style(if *pi == 0 { t.accent } else { t.text })
                .data(points)
        })
        .collect();
    let first = months[0].month;
    let last = months[months.len() - 1].month;
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, (months.len() - 1) as f64])
                .labels(vec![
                    Span::styled(first.format("%b %Y").to_string(), t.dim),
                    Span::styled(last.format("%b %Y").to_string(), t.dim),
                ]),
        )
        .y_axis(Axis::default().bounds([0.0, 10.0]).labels(vec![
            Span::styled("0", t.dim),
            Span::styled("5", t.dim),
            Span::styled("10", t.dim),
        ]))
        .legend_position(None);
    frame.render_widget(chart, chart_area);
    // Moments per month as bars, the months shared out over the columns (each column the sum
    // of its months), so ten years fit any width.
    let bars_area = full_width(frame, bars_area);
    let cols = (bars_area.width as usize).max(1).min(months.len());
    let per = months.len().div_ceil(cols);
    let sums: Vec<u64> = months
        .chunks(per)
        .map(|c| c.iter().map(|m| m.moments as u64).sum())
        .collect();
    let busiest = months
        .iter()
        .max_by_key(|m| m.moments)
        .filter(|m| m.moments > 0);
    let title = match busiest {
        Some(m) => {
            let per = format!(
                "Difficult moments per {}",
                if per == 1 { "month" } else { "few months" }
            );
            let most = format!("the most: {} in {}", m.moments, m.month.format("%B %Y"));
            let short = format!("the most: {} in {}", m.moments, m.month.format("%b %Y"));
            widgets::fit(
                &[
                    widgets::Part::keep(&per),
                    widgets::Part::or(&most, &short).optional(),
                ],
                " · ",
                w,
            )
        }
        None => vec!["Difficult moments: none logged".into()],
    };
    let title: Vec<Line> = title
        .into_iter()
        .map(|l| Line::from(Span::styled(l, t.heading)))
        .collect();
    frame.render_widget(Paragraph::new(title), bars_title);
    frame.render_widget(
        ratatui::widgets::Sparkline::default()
            .data(&sums)
            .style(t.accent),
        bars_area,
    );
    let years = months.len() / 12;
    frame.render_widget(
        Paragraph::new(para(
            &format!(
                "Monthly average trust since {} ({}); a gap is a month without a check-in. The app's own scale, not a validated measure.",
                first.format("%B %Y"),
                crate::text::plural(years, "year", "years")
            ),
            t.dim,
        )),
        notes,
    );
}
