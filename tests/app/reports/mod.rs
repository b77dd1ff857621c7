//! The four reports as CSV and XLSX: contract columns, Excel safety,
//! filters, as-of reconstruction, frozen snapshots and the command line's
//! export.

mod as_of;
mod command_line;
mod csv_files;
mod snapshots;
mod xlsx;

use crate::helpers::{Client, Country, Role, TestApp, parse_csv};

async fn setup() -> (TestApp, Client) {
    let app = TestApp::spawn().await;
    app.add_user("kz@example.org", Role::FocalPoint, Some(Country::KZ))
        .await;
    app.add_user("rev@example.org", Role::Reviewer, None).await;
    app.add_user("donor@example.org", Role::Donor, None).await;
    let donor = app.login_as("donor@example.org").await;
    (app, donor)
}

async fn csv(c: &Client, path: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let r = c.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cd.starts_with("attachment; filename=\"jpoa-"), "{cd}");
    parse_csv(&r.bytes().await.unwrap())
}
