//! Session payloads in the shapes Clerk has sent over time (provenance per file in
//! `tests/fixtures/README.md`) decode into the models, keeping what they carry.

use clerk_sessions::models::{Session, SessionRefresh, SessionStatus};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    test_support::fixture(env!("CARGO_MANIFEST_DIR"), name)
}

fn session(name: &str) -> Session {
    serde_json::from_value(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_2022_webhook_session_without_newer_fields_decodes() {
    let ended = session("session_2022_webhook");
    assert_eq!(ended.status, Some(SessionStatus::Ended));
    assert_eq!(ended.user_id, "user_2A1bCharlesBabbage");
    assert_eq!(ended.latest_activity, None);
    assert_eq!(ended.actor, None);
    assert_eq!(ended.tasks, None);
    assert_eq!(ended.abandon_at, Some(1_656_606_318_265));
}

#[test]
fn a_pending_session_lists_its_tasks() {
    let pending = session("session_pending");
    assert_eq!(pending.status, Some(SessionStatus::Pending));
    let tasks = pending.tasks.expect("tasks");
    assert_eq!(tasks[0].key, "choose-organization");
}

#[test]
fn an_impersonation_keeps_its_actor_and_a_partial_activity() {
    let session = session("session_impersonated");
    let actor = session.actor.expect("an actor");
    assert_eq!(actor["sub"], "user_2y2SupportAgent");
    let activity = session.latest_activity.expect("activity");
    assert!(activity.is_mobile);
    assert_eq!(activity.city, None);
}

#[test]
fn a_status_clerk_adds_later_is_kept_not_refused() {
    let mut value = fixture("session");
    value["status"] = Value::from("suspended");
    let session: Session = serde_json::from_value(value).expect("decodes");
    assert_eq!(
        session.status,
        Some(SessionStatus::Unknown("suspended".to_owned()))
    );
}

#[test]
fn a_session_without_its_user_is_refused_naming_the_field() {
    let mut value = fixture("session");
    value.as_object_mut().map(|o| o.remove("user_id"));
    let error = serde_json::from_value::<Session>(value).expect_err("user_id is required");
    assert!(error.to_string().contains("user_id"), "{error}");
}

#[test]
fn refresh_answers_decode_by_their_object_tag() {
    let token: SessionRefresh = serde_json::from_value(fixture("token")).expect("token");
    assert!(matches!(token, SessionRefresh::Token(_)));
    let cookies: SessionRefresh = serde_json::from_value(fixture("cookies")).expect("cookies");
    assert!(matches!(cookies, SessionRefresh::Cookies(c) if c.cookies.len() == 2));
    let other: SessionRefresh =
        serde_json::from_value(serde_json::json!({"object": "ticket", "value": "x"}))
            .expect("kept");
    assert!(matches!(other, SessionRefresh::Unknown(_)));
}
