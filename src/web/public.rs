//! The public portal (`JPOA_PUBLIC=1`): the dashboard, the commitments and
//! their `public` accepted updates, and CSV downloads of the same, for
//! anybody. No handler here asks who is signed in: everything is read as
//! [`Viewer::public`] may read it, the same for everyone, and so may be
//! cached. While the portal is closed every address here is not found, as
//! any unknown address is; the routes are declared all the same, so that
//! the route table lists them and the authorization matrix covers them.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::Markup;

use super::commitments::{HISTORY_SHOWN, ShownKey};
use super::download::{csv_download, report_file};
use super::forms::{ValidPath, ValidQuery, parse_id};
use super::language::Ui;
use super::paging::Paging;
use super::routes::Routes;
use super::views::commitments::{History, Shown};
use super::views::dashboard::Figures;
use super::views::public::{self as view, Frame, ListPage};
use super::{AppState, with_query};
use crate::db::tracks::{Matrix, TrackFilter};
use crate::db::{commitments, due, tracks, updates};
use crate::domain::{AsOf, Viewer};
use crate::error::{AppError, AppResult};
use crate::reports::ReportQuery;
use crate::settings::Settings;

/// How long a browser or a proxy may keep a portal page or file.
const CACHE: &str = "public, max-age=300";

pub fn router(s: &Settings) -> Routes {
    Routes::new()
        .get("/public", dashboard)
        .get("/public/commitments", list)
        .get("/public/commitments/{id}", show)
        .get("/public/reports/{file}", download)
        .route_layer(axum::middleware::from_fn_with_state(s.public, gate))
}

/// Not found while the portal is closed; open, what it answers may be
/// kept for a while by anyone (it differs by language only).
async fn gate(State(open): State<bool>, req: Request, next: Next) -> Response {
    if !open {
        return AppError::NotFound.into_response();
    }
    let mut resp = next.run(req).await;
    if resp.status().is_success() {
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
        h.insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    resp
}

/// The time of the latest acceptance by the day looked at.
async fn current(state: &AppState, filter: &TrackFilter) -> AppResult<Option<String>> {
    let cutoff = filter.cutoff();
    state
        .db
        .read(move |conn| updates::latest_acceptance(conn, &cutoff))
        .await
}

/// Of a query, only the day looked at: what the dashboard and a
/// commitment's page take.
fn day_only(q: ReportQuery) -> ReportQuery {
    ReportQuery {
        as_of: q.as_of,
        ..ReportQuery::default()
    }
}

async fn dashboard(
    State(state): State<AppState>,
    ui: Ui,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    let q = day_only(q);
    let filter = q.to_filter()?;
    let f = filter.clone();
    // Kept beside the signed-in dashboard's figures, under keys of its own:
    // the links written into them lead to the portal.
    let key = (
        filter.cutoff(),
        filter.day(),
        with_query("/public", &q.pairs()),
    );
    let figures = state
        .db
        .read_kept(&state.memos.dashboard, key, move |conn| {
            read_figures(conn, &f)
        })
        .await?;
    let current = current(&state, &filter).await?;
    let frame = Frame {
        q: &q,
        filter: &filter,
        current: current.as_deref(),
    };
    Ok(view::dashboard(&ui, &frame, &figures))
}

/// The dashboard's figures without what anyone owes.
fn read_figures(conn: &rusqlite::Connection, f: &TrackFilter) -> AppResult<Figures> {
    let rows = tracks::list(conn, f)?;
    Ok(Figures {
        owed: Vec::new(),
        matrix: Matrix::from_rows(&rows),
        reference: commitments::reference(conn)?,
        years: super::dashboard::years_so_far(conn, f)?,
        shown: Default::default(),
    })
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    ValidQuery(q): ValidQuery<ReportQuery>,
    paging: Paging,
) -> AppResult<Markup> {
    let filter = q.to_filter()?;
    // The same list as signed in (statuses count for everyone), kept once.
    let listed = super::commitments::kept_list(&state, &q, &filter).await?;
    let current = current(&state, &filter).await?;
    let frame = Frame {
        q: &q,
        filter: &filter,
        current: current.as_deref(),
    };
    let page = ListPage {
        items: &listed.0,
        reference: &listed.1,
        paging,
    };
    Ok(view::list(&ui, &frame, &page))
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    ValidPath(id): ValidPath,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Markup> {
    let q = day_only(q);
    let filter = q.to_filter()?;
    let id = parse_id(&id)?;
    let key = ShownKey {
        id,
        query: with_query("", &q.pairs()),
        day: filter.day(),
        page: 1,
        viewer: Viewer::public(),
    };
    let (as_of, cutoff) = (filter.as_of, filter.as_of.map(|_| filter.cutoff()));
    let shown = state
        .db
        .read_kept(&state.memos.commitment, key, move |conn| {
            read_shown(conn, id, as_of, cutoff.as_deref())
        })
        .await?;
    let current = current(&state, &filter).await?;
    let frame = Frame {
        q: &q,
        filter: &filter,
        current: current.as_deref(),
    };
    Ok(view::show(&ui, &frame, &shown))
}

/// A commitment as of the day, its tracks' marks on the timeline and each
/// track's latest public accepted updates.
fn read_shown(
    conn: &rusqlite::Connection,
    id: i64,
    as_of: Option<AsOf>,
    cutoff: Option<&str>,
) -> AppResult<Shown> {
    let c = commitments::get_as_of(conn, id, as_of)?;
    let histories = c
        .tracks
        .iter()
        .map(|t| {
            let (items, more) = updates::public_history(conn, t.id, HISTORY_SHOWN, cutoff)?;
            Ok(History::Latest(items, more))
        })
        .collect::<AppResult<Vec<_>>>()?;
    let public = Viewer::public();
    let marks = c
        .tracks
        .iter()
        .map(|t| due::track_marks(conn, &public, (t.id, t.country), cutoff.unwrap_or("9999")))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Shown {
        c,
        histories,
        marks,
        reference: commitments::reference(conn)?,
        html: Default::default(),
    })
}

/// A report as CSV, as the public may read it: the progress report has
/// the public accepted updates only, and no names. No XLSX here.
async fn download(
    State(state): State<AppState>,
    ValidPath(file): ValidPath,
    ValidQuery(q): ValidQuery<ReportQuery>,
) -> AppResult<Response> {
    let (report, extension) = report_file(&file)?;
    if extension != "csv" {
        return Err(AppError::NotFound);
    }
    let filter = TrackFilter {
        reader: Some(Viewer::public()),
        ..q.to_filter()?
    };
    let output = q.output(extension)?;
    let file_name = report
        .file_name(&filter, &output)
        .replacen("jpoa-", "jpoa-public-", 1);
    csv_download(&state, &file_name, report.name(), move |conn, out| {
        report.write(conn, &filter, &output, out)
    })
}
