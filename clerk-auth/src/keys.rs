//! The keys tokens are checked against: one PEM public key (networkless), or the RSA keys
//! of the instance's JSON Web Key Set, by key id.

use std::collections::HashMap;
use std::sync::Arc;

use jsonwebtoken::DecodingKey;

use crate::models::Jwks;

/// The usable keys of a key set: RSA signing keys, by `kid`. Keys of other kinds (or for
/// other algorithms) are left out, since session tokens are RS256 only.
#[derive(Clone, Default)]
pub(crate) struct KeySet {
    by_id: HashMap<String, Arc<DecodingKey>>,
}

impl KeySet {
    pub(crate) fn from_jwks(jwks: &Jwks) -> Self {
        let by_id = jwks
            .keys
            .iter()
            .filter(|key| key.kty.as_deref() == Some("RSA"))
            .filter(|key| key.alg.as_deref().is_none_or(|alg| alg == "RS256"))
            .filter(|key| key.use_.as_deref().is_none_or(|usage| usage == "sig"))
            .filter_map(|key| {
                let (n, e) = (key.n.as_deref()?, key.e.as_deref()?);
                let decoding = DecodingKey::from_rsa_components(n, e).ok()?;
                Some((key.kid.clone(), Arc::new(decoding)))
            })
            .collect();
        Self { by_id }
    }

    pub(crate) fn get(&self, kid: &str) -> Option<&Arc<DecodingKey>> {
        self.by_id.get(kid)
    }
}

/// A PEM public key as Clerk's dashboard shows it (`-----BEGIN PUBLIC KEY-----`), also
/// accepted with its line breaks written as `\n` (as environment variables often hold it).
pub(crate) fn pem_key(pem: &str) -> Option<DecodingKey> {
    let pem = pem.trim().replace("\\n", "\n");
    DecodingKey::from_rsa_pem(pem.as_bytes()).ok()
}
