//! Charts drawn on the server as SVG. Each is an image with a title and a
//! description for screen readers, and the same numbers always stand in a
//! table beside it: a chart is for looking, the table for reading and citing.
//! Labels arrive translated; nothing here knows a language.

use maud::{Markup, html};

use super::components::scroll_region;
use crate::domain::{Status, TrackStatus};

const STATUSES: usize = 5;

/// One bar or column: its label and the five counts in `TrackStatus::ALL` order.
pub struct Row {
    pub label: String,
    pub counts: [u32; STATUSES],
}

/// What every chart needs in words.
pub struct Words<'a> {
    pub title: &'a str,
    /// A one-sentence summary for screen readers.
    pub summary: &'a str,
    /// The heading of the label column of the table.
    pub row_header: &'a str,
    pub total: &'a str,
    pub statuses: &'a [String; STATUSES],
    /// "Scroll sideways": said above a table on a narrow screen.
    pub scroll_hint: &'a str,
}

fn symbol(s: TrackStatus) -> &'static str {
    super::components::status_symbol(s)
}

/// The non-empty segments of a stacked bar: status, count, offset, length.
fn stack(counts: [u32; STATUSES], scale: impl Fn(u32) -> u32) -> Vec<(TrackStatus, u32, u32, u32)> {
    let mut at = 0;
    TrackStatus::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| {
            let len = scale(n);
            at += len;
            (s, n, at - len, len)
        })
        .collect()
}

fn numbers_table(id: &str, rows: &[Row], w: &Words<'_>) -> Markup {
    scroll_region(
        w.title,
        w.scroll_hint,
        html! {
                table.chart-numbers aria-describedby={(id) "-t"} {
                    thead { tr {
                        th scope="col" { (w.row_header) }
                        @for (s, label) in TrackStatus::ALL.iter().zip(w.statuses) {
                            th.num scope="col" { span class={"s-" (s.as_str())} aria-hidden="true" { (symbol(*s)) " " } (label) }
                        }
                        th.num scope="col" { (w.total) }
                    } }
                    tbody {
                        @for r in rows {
                            tr {
                                th scope="row" { (r.label) }
                                @for n in r.counts { td.num { (n) } }
                                td.num { (r.counts.iter().sum::<u32>()) }
                            }
                        }
                    }
                }
        },
    )
}

fn frame(id: &str, w: &Words<'_>, width: u32, height: u32, body: &Markup) -> Markup {
    html! {
        svg.chart viewBox={"0 0 " (width) " " (height)} width=(width) height=(height) role="img"
            aria-labelledby={(id) "-t " (id) "-d"} preserveAspectRatio="xMinYMin meet" {
            title id={(id) "-t"} { (w.title) }
            desc id={(id) "-d"} { (w.summary) }
            (body)
        }
    }
}

/// Horizontal stacked bars, one per row, on a common scale. Drawn 330
/// units wide so that on a 390 px phone it is not scaled down and its
/// 12 px labels stay 12 px; wider screens scale it up (the stylesheet).
pub fn bars(id: &str, rows: &[Row], w: &Words<'_>) -> Markup {
    // Room for the longest label at 12 px, "Региональный трек".
    const LABEL: u32 = 140;
    const BAR: u32 = 155;
    const H: u32 = 30;
    let max = rows
        .iter()
        .map(|r| r.counts.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = H * u32::try_from(rows.len()).unwrap_or(0) + 8;
    let body = html! {
        @for (i, r) in rows.iter().enumerate() {
            @let y = H * u32::try_from(i).unwrap_or(0) + 4;
            @let total: u32 = r.counts.iter().sum();
            text.label x=(LABEL - 8) y=(y + 19) text-anchor="end" { (r.label) }
            @let segments = stack(r.counts, |n| (n * BAR / max).max(2));
            @for (s, n, x, len) in &segments {
                rect class={"fill-" (s.as_str())} x=(LABEL + x) y=(y) width=(len) height=(H - 8) {
                    title { (w.statuses[s.index()]) ": " (n) }
                }
                @if *len >= 16 {
                    text.in-bar x=(LABEL + x + len / 2) y=(y + 16) text-anchor="middle" aria-hidden="true" { (symbol(*s)) }
                }
            }
            @let end = segments.last().map_or(0, |(_, _, x, len)| x + len);
            text.total x=(LABEL + end + 6) y=(y + 19) { (total) }
        }
    };
    html! {
        figure.chart-figure {
            figcaption { (w.title) }
            (frame(id, w, LABEL + BAR + 35, height, &body))
            (numbers_table(id, rows, w))
        }
    }
}

/// Stacked columns, one per row (a year), on a common scale: ten years fit
/// 330 units, as the bars do.
pub fn columns(id: &str, rows: &[Row], w: &Words<'_>) -> Markup {
    // As wide as the bars whatever the number of years, so that both are
    // drawn at the same scale; fewer years get wider columns.
    const WIDTH: u32 = 330;
    const GAP: u32 = 10;
    const PLOT: u32 = 200;
    // A year at 12 px is about 30 units wide: closer than this, every
    // other label goes one line lower so that they never run together.
    const LABEL_ROOM: u32 = 40;
    let max = rows
        .iter()
        .map(|r| r.counts.iter().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let n = u32::try_from(rows.len()).unwrap_or(0).max(1);
    let slot = ((WIDTH - GAP) / n).clamp(GAP + 12, 60);
    let col = slot - GAP;
    let width = (n * slot + GAP).max(WIDTH);
    let stagger = slot < LABEL_ROOM;
    let body = html! {
        line.axis x1="0" y1=(PLOT + 4) x2=(width) y2=(PLOT + 4) {}
        @for (i, r) in rows.iter().enumerate() {
            @let i = u32::try_from(i).unwrap_or(0);
            @let x = GAP + i * slot;
            @for (s, n, from, len) in stack(r.counts, |n| (n * PLOT / max).max(1)) {
                rect class={"fill-" (s.as_str())} x=(x) y=(PLOT + 4 - from - len) width=(col) height=(len) {
                    title { (r.label) ", " (w.statuses[s.index()]) ": " (n) }
                }
            }
            @let below = if stagger && i % 2 == 1 { 14 } else { 0 };
            text.label x=(x + col / 2) y=(PLOT + 22 + below) text-anchor="middle" { (r.label) }
        }
    };
    html! {
        figure.chart-figure {
            figcaption { (w.title) }
            (frame(id, w, width, PLOT + 44, &body))
            (numbers_table(id, rows, w))
        }
    }
}

/// A point on a track's timeline: what was reported for a period.
pub struct Point {
    /// Position on the horizon, in half-years from the start of 2022 (0–19):
    /// the half-year the period ends in.
    pub slot: u16,
    pub period: String,
    /// The accepted status, or `None` when it is still in review.
    pub status: Option<Status>,
}

pub struct Lane {
    pub label: String,
    pub points: Vec<Point>,
}

/// Words for a timeline.
pub struct TimelineWords<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub target: &'a str,
    pub today: &'a str,
    pub in_review: &'a str,
    pub statuses: &'a [String; STATUSES],
    pub scroll_hint: &'a str,
}

/// The ten years of a commitment: one lane per track with its reports,
/// a line at the end of the target year and one at the as-of day.
pub fn timeline(
    id: &str,
    lanes: &[Lane],
    target_year: u16,
    // Half-years since the start of 2022, fractional, for the as-of line.
    today: Option<f32>,
    w: &TimelineWords<'_>,
) -> Markup {
    const LABEL: f32 = 180.0;
    const SLOT: f32 = 24.0;
    const H: f32 = 28.0;
    let years = 10u16;
    let width = LABEL + SLOT * 20.0 + 10.0;
    let lanes_n = f32::from(u16::try_from(lanes.len()).unwrap_or(0));
    let height = 24.0 + H * lanes_n + 6.0;
    let x_of = |slot: f32| LABEL + SLOT * slot;
    let target_x = x_of(f32::from(target_year.saturating_sub(2021).min(years) * 2));
    let body = html! {
        @for y in 0..years {
            @let x = x_of(f32::from(y * 2));
            line.grid x1=(x) y1="18" x2=(x) y2=(height - 4.0) {}
            text.label x=(x + SLOT) y="13" text-anchor="middle" { (2022 + y) }
        }
        line.target x1=(target_x) y1="16" x2=(target_x) y2=(height - 2.0) {
            title { (w.target) ": " (target_year) }
        }
        @if let Some(t) = today.filter(|t| (0.0..=20.0).contains(t)) {
            line.today x1=(x_of(t)) y1="16" x2=(x_of(t)) y2=(height - 2.0) { title { (w.today) } }
        }
        @for (i, lane) in lanes.iter().enumerate() {
            @let cy = 24.0 + H * f32::from(u16::try_from(i).unwrap_or(0)) + H / 2.0;
            text.label x=(LABEL - 8.0) y=(cy + 5.0) text-anchor="end" { (lane.label) }
            line.lane x1=(LABEL) y1=(cy) x2=(x_of(20.0)) y2=(cy) {}
            @for p in &lane.points {
                @let cx = x_of(f32::from(p.slot) + 0.5);
                @match p.status {
                    Some(s) => {
                        @let ts = TrackStatus::Reported(s);
                        circle class={"fill-" (ts.as_str())} cx=(cx) cy=(cy) r="8" {
                            title { (p.period) ": " (w.statuses[ts.index()]) }
                        }
                        text.in-bar x=(cx) y=(cy + 4.0) text-anchor="middle" aria-hidden="true" { (symbol(ts)) }
                    }
                    None => {
                        circle.pending cx=(cx) cy=(cy) r="7" {
                            title { (p.period) ": " (w.in_review) }
                        }
                    }
                }
            }
        }
    };
    // Twenty half-years do not fit a phone at a readable size: the timeline
    // keeps its size and scrolls instead.
    scroll_region(
        w.title,
        w.scroll_hint,
        html! {
                svg.chart.timeline viewBox={"0 0 " (width) " " (height)} width=(width) height=(height) role="img"
                    aria-labelledby={(id) "-t " (id) "-d"} {
                    title id={(id) "-t"} { (w.title) }
                    desc id={(id) "-d"} { (w.summary) }
                    (body)
                }
        },
    )
}
