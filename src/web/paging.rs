//! Long lists in pages of [`PAGE_SIZE`]: `?page=N` (1-based), with links to
//! the pages before and after that keep every other filter.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use maud::{Markup, html};
use serde::Deserialize;

use super::with_query;
use crate::domain::{Msg, Tr};
use crate::error::AppError;

/// Rows on one page of a list.
pub const PAGE_SIZE: usize = 50;

/// Which page of a list was asked for; a `page` that is not a whole number
/// from 1 up is invalid input (422).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// 1-based.
    pub page: usize,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { page: 1 }
    }
}

impl Paging {
    pub fn parse(raw: Option<&str>) -> Result<Paging, AppError> {
        match raw.map(str::trim) {
            None | Some("") => Ok(Paging::default()),
            // Any whole number from 1 is a page; one past the end of the
            // list is an empty page that links back to the last one, however
            // far past it is.
            Some(s) if s.bytes().all(|b| b.is_ascii_digit()) && s.bytes().any(|b| b != b'0') => {
                Ok(Paging {
                    page: s.parse().unwrap_or(usize::MAX),
                })
            }
            Some(_) => Err(AppError::Invalid {
                field: Some("page"),
                message: Msg::new("err-page"),
            }),
        }
    }

    /// Rows to skip (saturating: a page far past the end skips them all).
    pub fn offset(self) -> usize {
        (self.page - 1).saturating_mul(PAGE_SIZE)
    }

    /// For SQL `LIMIT :limit OFFSET :offset`.
    pub fn sql(self) -> (i64, i64) {
        (
            i64::try_from(PAGE_SIZE).unwrap_or(i64::MAX),
            i64::try_from(self.offset()).unwrap_or(i64::MAX),
        )
    }

    /// This page's share of a list held whole.
    pub fn slice<T>(self, items: &[T]) -> &[T] {
        let start = self.offset().min(items.len());
        let end = start.saturating_add(PAGE_SIZE).min(items.len());
        &items[start..end]
    }
}

#[derive(Deserialize)]
struct PageParam {
    page: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let super::forms::ValidQuery(p) =
            super::forms::ValidQuery::<PageParam>::from_request_parts(parts, state).await?;
        Paging::parse(p.page.as_deref())
    }
}

/// "Showing 51–100 of 1,234" and the links to the neighbouring pages; past
/// the end, a link back to the last page. `pairs` are the list's other
/// filters, kept in every link; `anchor` (e.g. `#track-3`) is added to them.
pub fn pager(
    tr: Tr,
    paging: Paging,
    total: usize,
    path: &str,
    pairs: &[(&str, String)],
    anchor: &str,
) -> Markup {
    let link = |page: usize| {
        let mut p: Vec<(&str, String)> = pairs.to_vec();
        if page > 1 {
            p.push(("page", page.to_string()));
        }
        format!("{}{anchor}", with_query(path, &p))
    };
    let last = total.div_ceil(PAGE_SIZE).max(1);
    let from = paging.offset().saturating_add(1);
    let to = paging.offset().saturating_add(PAGE_SIZE).min(total);
    html! {
        @if from > total {
            @if total > 0 {
                p.pager role="status" {
                    (tr.t_args("paging-past-end", &[("page", paging.page.into()), ("total", total.into())])) " "
                    a href=(link(last)) { (tr.t_args("paging-go-last", &[("page", last.into())])) }
                }
            }
        } @else if total > PAGE_SIZE {
            nav.pager aria-label=(tr.t("paging-label")) {
                p { (tr.t_args("paging-showing", &[("from", from.into()), ("to", to.into()), ("total", total.into())])) }
                ul {
                    @if paging.page > 1 {
                        li { a href=(link(paging.page - 1)) rel="prev" { span aria-hidden="true" { "← " } (tr.t("paging-prev")) } }
                    }
                    li aria-current="page" { (tr.t_args("paging-page-of", &[("page", paging.page.into()), ("last", last.into())])) }
                    @if paging.page < last {
                        li { a href=(link(paging.page + 1)) rel="next" { (tr.t("paging-next")) span aria-hidden="true" { " →" } } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_whole_numbers_from_one() {
        assert_eq!(Paging::parse(None).unwrap().page, 1);
        assert_eq!(Paging::parse(Some("")).unwrap().page, 1);
        assert_eq!(Paging::parse(Some("3")).unwrap().offset(), 2 * PAGE_SIZE);
        for bad in ["0", "00", "-1", "+1", "1.5", "abc", "1e3", "٣"] {
            assert!(Paging::parse(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_page_far_past_the_end_is_an_empty_page_not_an_error() {
        let items: Vec<usize> = (0..120).collect();
        for far in ["1000001", "99999999999999999999"] {
            let p = Paging::parse(Some(far)).unwrap();
            assert!(p.slice(&items).is_empty(), "{far}");
            assert_eq!(p.sql().0, 50);
        }
    }

    #[test]
    fn a_slice_past_the_end_is_empty() {
        let items: Vec<usize> = (0..120).collect();
        assert_eq!(Paging { page: 3 }.slice(&items), &items[100..120]);
        assert!(Paging { page: 4 }.slice(&items).is_empty());
    }
}
