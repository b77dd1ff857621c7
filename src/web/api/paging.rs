//! Lists come a page at a time: `limit` items (default [`DEFAULT_LIMIT`],
//! at most [`MAX_LIMIT`]) after an opaque `cursor`. The answer is the JSON
//! array of the page; when more follow, the `Next-Cursor` header holds the
//! cursor of the next page and `Link: <…>; rel="next"` its address, with
//! every other parameter kept. A cursor names the last item of the page
//! before, so a page is not shifted by items added or leaving before it;
//! one whose item is not in the list (it left, or the cursor was made up)
//! is `409`: the list is not what the cursor was made for.

use axum::Json;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::input::Query;
use crate::domain::Msg;
use crate::error::AppError;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 500;
/// The commitments list gave the whole plan before lists paged; a client
/// written then still gets it whole (up to the maximum) without asking.
pub const COMMITMENTS_DEFAULT_LIMIT: usize = MAX_LIMIT;

/// The page asked for: how many, and after which item (its id).
#[derive(Debug, Clone)]
pub struct Page {
    pub limit: usize,
    pub after: Option<i64>,
}

impl Page {
    pub fn read(q: &Query) -> Result<Page, AppError> {
        Page::read_or(q, DEFAULT_LIMIT)
    }

    /// As [`Page::read`], with another default `limit`.
    pub fn read_or(q: &Query, default: usize) -> Result<Page, AppError> {
        let limit = match q.get("limit") {
            None => default,
            Some(s) => s
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| AppError::Invalid {
                    field: Some("limit"),
                    message: Msg::new("api-limit").arg("max", MAX_LIMIT as i64),
                })?,
        };
        let after = match q.get("cursor") {
            None => None,
            Some(c) => Some(decode(c).ok_or_else(|| AppError::Invalid {
                field: Some("cursor"),
                message: Msg::new("api-cursor"),
            })?),
        };
        Ok(Page { limit, after })
    }

    /// For SQL: one row more than the page, which tells whether more follow.
    pub fn fetch(&self) -> i64 {
        i64::try_from(self.limit + 1).unwrap_or(i64::MAX)
    }

    /// This page of a list held whole, in order, each item with a unique
    /// `key`: the items after the cursor's. A cursor whose item is not in
    /// the list is refused rather than taken to mean its end.
    pub fn of<T>(&self, items: Vec<T>, key: impl Fn(&T) -> i64) -> Result<Listed<T>, AppError> {
        let start = match self.after {
            None => 0,
            Some(after) => {
                items
                    .iter()
                    .position(|i| key(i) == after)
                    .ok_or_else(cursor_gone)?
                    + 1
            }
        };
        let rest: Vec<T> = items.into_iter().skip(start).collect();
        Ok(self.cut(rest, key))
    }

    /// A page from rows fetched with [`Page::fetch`]: the extra row, if
    /// any, says that more follow.
    pub fn cut<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> i64) -> Listed<T> {
        let more = rows.len() > self.limit;
        rows.truncate(self.limit);
        let next = if more { rows.last().map(&key) } else { None };
        Listed {
            items: rows,
            next: next.map(encode),
        }
    }
}

/// The cursor's item is not in the list: it left it, or the cursor was
/// made for another list.
pub fn cursor_gone() -> AppError {
    AppError::conflict(Msg::new("api-cursor-gone"))
}

/// A cursor's text: what the document's pattern for it says.
fn encode(id: i64) -> String {
    format!("{id:x}")
}

fn decode(cursor: &str) -> Option<i64> {
    let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    if cursor.is_empty() || cursor.len() > 15 || !cursor.bytes().all(hex) {
        return None;
    }
    i64::from_str_radix(cursor, 16).ok()
}

/// One page of a list, and the cursor of the next if there is one.
pub struct Listed<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Listed<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listed<U> {
        Listed {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }

    /// The answer: the page's array, with `Next-Cursor` and `Link` when
    /// more follow. `path` and `query` are the request's.
    pub fn respond(self, path: &str, query: &Query) -> Response
    where
        T: Serialize,
    {
        let mut resp = Json(self.items).into_response();
        if let Some(next) = self.next {
            let mut pairs: Vec<(String, String)> = query
                .0
                .iter()
                .filter(|(k, _)| k != "cursor")
                .cloned()
                .collect();
            pairs.push(("cursor".to_owned(), next.clone()));
            let q = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            let h = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&next) {
                h.insert(NEXT_CURSOR, v);
            }
            if let Ok(v) = HeaderValue::from_str(&format!("<{path}?{q}>; rel=\"next\"")) {
                h.insert(header::LINK, v);
            }
        }
        resp
    }
}

pub const NEXT_CURSOR: &str = "next-cursor";

/// The paging parameters of the commitments list.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CommitmentPaging {
    /// How many commitments to give, 1–500; 500 when not given (the whole
    /// plan, as before lists paged).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Where to go on from: the `Next-Cursor` of the page before. Opaque.
    #[param(pattern = "^[0-9a-f]{1,15}$")]
    cursor: Option<String>,
}

/// The two parameters of every list.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// How many items to give, 1–500; 100 when not given.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Where to go on from: the `Next-Cursor` of the page before. Opaque.
    #[param(pattern = "^[0-9a-f]{1,15}$")]
    cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(limit: usize, after: Option<i64>) -> Page {
        Page { limit, after }
    }

    #[test]
    fn a_list_is_walked_to_its_end_without_gaps_or_repeats() {
        let items: Vec<i64> = (1..=7).collect();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let p = page(3, after);
            let l = p.of(items.clone(), |i| *i).unwrap();
            seen.extend(l.items);
            match l.next {
                Some(c) => after = Some(decode(&c).unwrap()),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn a_cursor_reads_back_and_anything_else_is_refused() {
        for id in [1, 42, (1 << 59) - 1] {
            assert_eq!(decode(&encode(id)), Some(id));
            assert!(regex_like(&encode(id)));
        }
        for bad in ["", "-1", "G", "0x1", "ffffffffffffffff", " 1"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        assert_eq!(
            page(1, Some(9))
                .of(vec![1, 2], |i| *i)
                .err()
                .map(|e| e.to_string()),
            Some(cursor_gone().to_string())
        );
    }

    /// [`CURSOR_PATTERN`], by hand.
    fn regex_like(s: &str) -> bool {
        (1..=15).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}
