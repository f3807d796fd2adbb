//! A session token a real Clerk development instance issued (2022), verified against that
//! instance's key set as the Backend API serves it: Clerk's own layout and signature, not
//! tokens minted by these tests. The token, a copy with a tampered `azp`, and one whose
//! payload holds only `iat` are the vectors Clerk's JavaScript SDK tests its verifier with
//! (provenance: `tests/keys/README.md`).

mod support;

use clerk_auth::{Verifier, VerifyError};
use support::{JwksServer, Mode, at};

const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";
const TAMPERED_AZP: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLnRhbXBlcmVkLWRvbWFpbi5kZXYiLCJleHAiOjE2NjY2NDgzMTAsImlhdCI6MTY2NjY0ODI1MCwiaXNzIjoiaHR0cHM6Ly9jbGVyay5pbnNwaXJlZC5wdW1hLTc0LmxjbC5kZXYiLCJuYmYiOjE2NjY2NDgyNDAsInNpZCI6InNlc3NfMkdiREI0ZW5OZENhNXZTMXpwQzNYemc5dEs5Iiwic3ViIjoidXNlcl8yR0lwWE9FcFZ5Snc1MXJrWm45S21uYzZTeHIifQ.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";
const ONLY_IAT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJpYXQiOjE2NjY2NDgyNTB9.n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";

/// When the token was issued (its `iat`).
const ISSUED: i64 = 1_666_648_250;

async fn verifier(server: &JwksServer) -> Verifier {
    Verifier::builder()
        .secret_key("sk_test_real")
        .api_url(&server.url)
        .authorized_parties(["https://accounts.inspired.puma-74.lcl.dev"])
        .build()
        .expect("builds")
}

#[tokio::test]
async fn a_token_clerk_issued_verifies_against_its_instance_key_set() {
    let server = JwksServer::start(Mode::ClerkDev).await;
    let verifier = verifier(&server).await;
    let claims = verifier
        .verify_at(TOKEN, at(ISSUED))
        .await
        .expect("Clerk's token verifies");
    assert_eq!(claims.user_id, "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr");
    assert_eq!(
        claims.session_id.as_deref(),
        Some("sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9")
    );
    assert_eq!(claims.issuer, "https://clerk.inspired.puma-74.lcl.dev");
    assert_eq!((claims.version, claims.organization), (1, None));
    assert_eq!(server.count(), 1);
    // Its lifetime is one minute: expired 65 s after issue (60 s + 5 s of skew).
    assert_eq!(
        verifier.verify_at(TOKEN, at(ISSUED + 65)).await,
        Err(VerifyError::Expired { seconds_ago: 0 })
    );
}

#[tokio::test]
async fn changed_copies_of_it_are_refused() {
    let server = JwksServer::start(Mode::ClerkDev).await;
    let verifier = verifier(&server).await;
    for changed in [TAMPERED_AZP, ONLY_IAT] {
        assert_eq!(
            verifier.verify_at(changed, at(ISSUED)).await,
            Err(VerifyError::BadSignature)
        );
    }
    // Not one of this instance's origins.
    let elsewhere = Verifier::builder()
        .secret_key("sk_test_real")
        .api_url(&server.url)
        .authorized_parties(["https://app.example.test"])
        .build()
        .expect("builds");
    assert_eq!(
        elsewhere.verify_at(TOKEN, at(ISSUED)).await,
        Err(VerifyError::UnauthorizedParty)
    );
}
