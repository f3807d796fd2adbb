//! Walking lists: the exact page requests for various sizes, cursor vs offset, totals, the
//! loop guard, and a cursor walk that stays exact while users are created mid-walk.

use std::sync::{Arc, Mutex};

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::setup;

/// A small but complete user (every required field present).
fn user(id: &str, created_at: i64) -> Value {
    json!({
        "id": id, "object": "user", "username": null, "first_name": null, "last_name": null,
        "has_image": false, "primary_email_address_id": null, "primary_phone_number_id": null,
        "primary_web3_wallet_id": null, "password_enabled": false, "two_factor_enabled": false,
        "totp_enabled": false, "backup_code_enabled": false, "email_addresses": [],
        "phone_numbers": [], "web3_wallets": [], "passkeys": [], "external_accounts": [],
        "saml_accounts": [], "enterprise_accounts": [], "public_metadata": {},
        "external_id": null, "last_sign_in_at": null, "banned": false, "locked": false,
        "lockout_expires_in_seconds": null, "verification_attempts_remaining": null,
        "created_at": created_at, "updated_at": created_at, "delete_self_enabled": true,
        "create_organization_enabled": true, "last_active_at": null, "mfa_enabled_at": null,
        "mfa_disabled_at": null, "legal_accepted_at": null
    })
}

/// An in-memory user list, newest first, served like Clerk serves `GET /users`.
#[derive(Clone, Default)]
struct Users {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// (id, created_at), newest first.
    users: Vec<(String, i64)>,
    next: i64,
    /// Users created right after each answered request.
    created_per_request: usize,
    queries: Vec<String>,
}

impl Users {
    fn with(count: usize) -> Self {
        let users = Self::default();
        users.create(count);
        users
    }

    fn create(&self, count: usize) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        for _ in 0..count {
            state.next += 1;
            let id = format!("user_{:04}", state.next);
            let created_at = 1_700_000_000_000 + state.next;
            state.users.insert(0, (id, created_at));
        }
    }

    fn queries(&self) -> Vec<String> {
        self.state
            .lock()
            .map(|s| s.queries.clone())
            .unwrap_or_default()
    }
}

impl Respond for Users {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Ok(mut state) = self.state.lock() else {
            return ResponseTemplate::new(500);
        };
        state
            .queries
            .push(request.url.query().unwrap_or("").to_owned());
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let limit: usize = param("limit").and_then(|v| v.parse().ok()).unwrap_or(10);
        let start = match param("starting_after") {
            Some(after) => state
                .users
                .iter()
                .position(|(id, _)| *id == after)
                .map_or(0, |i| i + 1),
            None => param("offset").and_then(|v| v.parse().ok()).unwrap_or(0),
        };
        let page: Vec<Value> = state
            .users
            .iter()
            .skip(start)
            .take(limit)
            .map(|(id, created_at)| user(id, *created_at))
            .collect();
        let created = state.created_per_request;
        drop(state);
        self.create(created);
        ResponseTemplate::new(200).set_body_json(page)
    }
}

async fn serve(users: &Users) -> (MockServer, clerk_users::Client) {
    let (server, clerk) = setup().await;
    Mock::given(path("/users"))
        .respond_with(users.clone())
        .mount(&server)
        .await;
    (server, clerk)
}

#[tokio::test]
async fn page_requests_are_the_minimum_for_every_size() {
    let cases: [(usize, &[&str]); 6] = [
        (0, &["limit=500"]),
        (1, &["limit=500"]),
        (499, &["limit=500"]),
        (500, &["limit=500", "limit=500&starting_after=user_0001"]),
        (501, &["limit=500", "limit=500&starting_after=user_0002"]),
        (
            1234,
            &[
                "limit=500",
                "limit=500&starting_after=user_0735",
                "limit=500&starting_after=user_0235",
            ],
        ),
    ];
    for (count, expected) in cases {
        let users = Users::with(count);
        let (_server, clerk) = serve(&users).await;
        let listed: Vec<_> = clerk
            .get_user_list()
            .limit(500)
            .stream()
            .try_collect()
            .await
            .expect("walk succeeds");
        assert_eq!(listed.len(), count, "{count} users");
        assert_eq!(users.queries(), expected, "{count} users");
        let requests = users.queries().len();
        assert!(
            requests <= (count + 1).div_ceil(500),
            "{count} users took {requests} requests"
        );
    }
}

#[tokio::test]
async fn the_default_page_size_is_100_and_the_maximum_500() {
    let users = Users::with(3);
    let (_server, clerk) = serve(&users).await;
    let pages: Vec<_> = clerk
        .get_user_list()
        .pages()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(pages.len(), 1);
    assert_eq!(users.queries(), ["limit=100"]);

    let users = Users::with(3);
    let (_server, clerk) = serve(&users).await;
    let _: Vec<_> = clerk
        .get_user_list()
        .limit(10_000)
        .pages()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(users.queries(), ["limit=500"]);
}

#[tokio::test]
async fn other_orderings_and_offsets_walk_by_offset() {
    let users = Users::with(5);
    let (_server, clerk) = serve(&users).await;
    let listed: Vec<_> = clerk
        .get_user_list()
        .order_by("first_name")
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(listed.len(), 5);
    assert_eq!(
        users.queries(),
        [
            "order_by=first_name&limit=2&offset=0",
            "order_by=first_name&limit=2&offset=2",
            "order_by=first_name&limit=2&offset=4",
        ]
    );

    let users = Users::with(5);
    let (_server, clerk) = serve(&users).await;
    let listed: Vec<_> = clerk
        .get_user_list()
        .offset(3)
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(listed.len(), 2);
    assert_eq!(users.queries(), ["limit=2&offset=3", "limit=2&offset=5"]);
}

#[tokio::test]
async fn the_cursor_walk_stays_exact_while_users_are_created() {
    let users = Users::with(1234);
    if let Ok(mut state) = users.state.lock() {
        state.created_per_request = 7;
    }
    let original: Vec<String> = users
        .state
        .lock()
        .map(|s| s.users.iter().map(|(id, _)| id.clone()).collect())
        .unwrap_or_default();
    let (_server, clerk) = serve(&users).await;
    let listed: Vec<String> = clerk
        .get_user_list()
        .limit(500)
        .stream()
        .map_ok(|user| user.id)
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(
        listed, original,
        "every user once, none skipped, none repeated"
    );
    assert_eq!(users.queries().len(), 3);
}

#[tokio::test]
async fn a_repeated_page_stops_the_walk_with_an_error() {
    let (server, clerk) = setup().await;
    let page: Vec<Value> = (0..2).map(|i| user(&format!("user_{i}"), i)).collect();
    Mock::given(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let result: Result<Vec<_>, _> = clerk
        .get_user_list()
        .order_by("username")
        .limit(2)
        .stream()
        .try_collect()
        .await;
    let error = result.expect_err("the server repeats itself");
    assert!(
        matches!(
            error,
            clerk_users::Error::Pagination {
                operation: "GetUserList",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.map_or(0, |r| r.len()), 2);
}

#[tokio::test]
async fn envelopes_stop_at_the_reported_total() {
    let (server, clerk) = setup().await;
    let membership = crate::support::fixture("organization_memberships")["data"][0].clone();
    let total = 4;
    let pages: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = Arc::clone(&pages);
    Mock::given(path("/users/user_1/organization_memberships"))
        .respond_with(move |request: &Request| {
            let query = request.url.query().unwrap_or("").to_owned();
            if let Ok(mut seen) = seen.lock() {
                seen.push(query);
            }
            let offset: usize = request
                .url
                .query_pairs()
                .find(|(key, _)| key == "offset")
                .and_then(|(_, value)| value.parse().ok())
                .unwrap_or(0);
            let data: Vec<Value> = (offset..offset + 2)
                .map(|i| {
                    let mut item = membership.clone();
                    item["id"] = json!(format!("orgmem_{i}"));
                    item
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({"data": data, "total_count": total}))
        })
        .mount(&server)
        .await;
    let listed: Vec<_> = clerk
        .users_get_organization_memberships("user_1")
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("ok");
    assert_eq!(listed.len(), 4);
    assert_eq!(
        pages.lock().map(|p| p.clone()).unwrap_or_default(),
        ["limit=2&offset=0", "limit=2&offset=2"]
    );
}

#[tokio::test]
async fn oauth_tokens_walk_with_paginated_set() {
    let (server, clerk) = setup().await;
    Mock::given(path("/users/user_1/oauth_access_tokens/oauth_google"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let tokens: Vec<_> = clerk
        .get_oauth_access_token("user_1", "oauth_google")
        .stream()
        .try_collect()
        .await
        .expect("ok");
    assert!(tokens.is_empty());
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.query(),
        Some("paginated=true&limit=100&offset=0")
    );
}

/// With `paginated=true` Clerk wraps the tokens in `{data, total_count}` (as its Go and JS
/// SDKs read them), where the OpenAPI documents a bare array: the walk reads both, and the
/// envelope's total ends it.
#[tokio::test]
async fn oauth_tokens_walk_reads_the_envelope_clerk_sends_and_the_bare_array() {
    let (server, clerk) = setup().await;
    let token = |n: u32| json!({"object": "oauth_access_token", "token": format!("tok_{n}"), "provider": "oauth_google"});
    Mock::given(path("/users/user_1/oauth_access_tokens/oauth_google"))
        .and(wiremock::matchers::query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": [token(1), token(2)], "total_count": 3})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/users/user_1/oauth_access_tokens/oauth_google"))
        .and(wiremock::matchers::query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([token(3)])))
        .mount(&server)
        .await;
    let tokens: Vec<_> = clerk
        .get_oauth_access_token("user_1", "oauth_google")
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("both shapes decode");
    let values: Vec<&str> = tokens.iter().map(|t| t.token.as_str()).collect();
    assert_eq!(values, ["tok_1", "tok_2", "tok_3"]);
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

/// A single call decodes either shape too: the envelope when the caller asks for
/// `paginated=true`, the bare array otherwise; a body that is neither names what it lacks.
#[tokio::test]
async fn one_oauth_tokens_call_reads_the_envelope_and_the_bare_array() {
    let (server, clerk) = setup().await;
    let token =
        json!({"object": "oauth_access_token", "token": "tok_1", "provider": "oauth_google"});
    Mock::given(path("/users/user_1/oauth_access_tokens/oauth_google"))
        .and(wiremock::matchers::query_param("paginated", "true"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": [token], "total_count": 1})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/users/user_2/oauth_access_tokens/oauth_google"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([token])))
        .mount(&server)
        .await;
    Mock::given(path("/users/user_3/oauth_access_tokens/oauth_google"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tokens": []})))
        .mount(&server)
        .await;
    let wrapped = clerk
        .get_oauth_access_token("user_1", "oauth_google")
        .paginated(true)
        .await
        .expect("the envelope decodes");
    let bare = clerk
        .get_oauth_access_token("user_2", "oauth_google")
        .await
        .expect("the array decodes");
    assert_eq!(wrapped, bare);
    assert_eq!(wrapped[0].token, "tok_1");
    let error = clerk
        .get_oauth_access_token("user_3", "oauth_google")
        .await
        .expect_err("neither shape");
    assert!(
        error.to_string().contains("missing field `data`"),
        "{error}"
    );
}
