//! No input makes verification panic: arbitrary text, and real tokens with bytes changed,
//! parts dropped or swapped, end in a `VerifyError` (or, for an untouched token, claims).

mod support;

use clerk_auth::Verifier;
use proptest::prelude::*;
use support::*;

fn verifier() -> Verifier {
    Verifier::builder()
        .jwt_key(KEY_1_PUBLIC)
        .build()
        .expect("a PEM key")
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

proptest! {
    #[test]
    fn arbitrary_text_is_refused_without_panicking(text in ".{0,300}") {
        let result = block_on(verifier().verify_at(&text, at(NOW)));
        prop_assert!(result.is_err());
    }

    #[test]
    fn changed_tokens_are_refused_without_panicking(
        position in 0usize..2000,
        byte in any::<u8>(),
        cut in 0usize..2000,
    ) {
        let token = mint(&v2_org_claims(), 1, Some(KID_1));
        let mut bytes = token.clone().into_bytes();
        let at_position = position % bytes.len();
        let changed = bytes[at_position] != byte;
        bytes[at_position] = byte;
        let mangled = String::from_utf8_lossy(&bytes).into_owned();
        let result = block_on(verifier().verify_at(&mangled, at(NOW)));
        prop_assert!(!changed || result.is_err());
        let truncated = &token[..cut % token.len()];
        prop_assert!(block_on(verifier().verify_at(truncated, at(NOW))).is_err());
    }
}
