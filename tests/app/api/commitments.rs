//! The commitments list and one commitment, their filters and shapes.

use super::{Case, setup};

#[tokio::test]
async fn commitments_list_filters_and_shapes() {
    let (app, api, [_, _, _, donor]) = setup().await;
    let (s, v) = api.get(Some(&donor), "/commitments").await;
    assert_eq!(s, 200);
    let all = v.as_array().unwrap();
    assert!(all.len() >= 40, "the seeded commitments are listed");
    let c = &all[0];
    for key in [
        "id",
        "code",
        "title",
        "pillar",
        "theme",
        "target_year",
        "tracks",
    ] {
        assert!(c.get(key).is_some(), "missing {key}");
    }
    let t = &c["tracks"][0];
    for key in ["id", "country", "status", "last_accepted_period"] {
        assert!(t.get(key).is_some(), "missing track {key}");
    }
    assert_eq!(t["status"], "no_information");

    let (_, v) = api
        .get(Some(&donor), "/commitments?pillar=4&country=UZ")
        .await;
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["pillar"] == 4));
    assert!(items.iter().all(|c| {
        c["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["country"] == "UZ")
    }));

    let (_, v) = api
        .get(
            Some(&donor),
            "/commitments?q=%D0%A0%D0%95%D0%9F%D0%90%D0%A2%D0%A0%D0%98%D0%90%D0%A6",
        )
        .await;
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|c| c["theme"] == "repatriation"),
        "search is case-insensitive in Cyrillic too"
    );
    let (_, v) = api.get(Some(&donor), "/commitments?theme=youth").await;
    assert!(v.as_array().unwrap().iter().all(|c| c["theme"] == "youth"));
    let (_, v) = api.get(Some(&donor), "/commitments?status=complete").await;
    assert_eq!(v.as_array().unwrap().len(), 0);

    let donor = Some(donor.as_str());
    let mut cases: Vec<Case> = [
        "pillar=5",
        "country=RU",
        "status=done",
        "theme=%3Cscript%3E",
        "from=2021",
        "to=2032-H1",
        "as_of=2024-13-01",
        "from=2025&to=2024",
    ]
    .into_iter()
    .map(|bad| {
        Case::get(donor, format!("/commitments?{bad}"))
            .is(422)
            .field_error()
            .because(bad)
    })
    .collect();
    cases.push(Case::get(donor, "/commitments/999999").is(404));
    cases.push(Case::get(donor, "/commitments/x1").is(404));
    api.check(&cases).await;
    let id = app.commitment("P1.01").await;
    let (s, v) = api.get(donor, &format!("/commitments/{id}")).await;
    assert_eq!(s, 200);
    assert_eq!(
        v["tracks"].as_array().unwrap().len(),
        6,
        "five states and the regional track"
    );
}
