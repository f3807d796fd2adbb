//! What a verified session token says, typed for both of Clerk's claim layouts: version 1
//! (`org_id`, `org_role`, `org_slug`, `org_permissions`) and version 2 (`v: 2`, the nested
//! `o` object whose permissions are spread over `o.per`, `o.fpm` and `fea`). Every claim,
//! including those of custom JWT templates, stays available as JSON.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::VerifyError;

/// The claims of a verified session token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Claims {
    /// The signed-in user's id (`sub`), e.g. `user_2NNEqL2nrIRdJ194ndJqAHwEfxC`.
    pub user_id: String,
    /// The session's id (`sid`); absent from tokens of custom JWT templates.
    pub session_id: Option<String>,
    /// The instance's Frontend API URL (`iss`).
    pub issuer: String,
    /// The origin the token was made for (`azp`), when the browser sent one.
    pub authorized_party: Option<String>,
    /// When the token was issued (`iat`), in Unix seconds.
    pub issued_at: i64,
    /// When the token expires (`exp`), in Unix seconds.
    pub expires_at: i64,
    /// The session's status (`sts`); `Active` when the instance does not send it.
    pub status: SessionStatus,
    /// The claim layout (`v`): 1 unless the token says 2.
    pub version: u32,
    /// The active organization, if the session has one.
    pub organization: Option<Organization>,
    /// Minutes since the first and second factor were last verified (`fva`); `None` for
    /// a factor never verified (or absent), `None` as a whole when the instance does not
    /// send the claim.
    pub factor_verification_age: Option<[Option<u32>; 2]>,
    /// Enabled features (`fea`, version 2), as written: `o:dashboard`, `u:export`.
    pub features: Vec<String>,
    /// Active plans (`pla`, version 2), as written: `u:free`, `o:pro`.
    pub plans: Vec<String>,
    /// Who is acting for the user during an impersonation (`act`).
    pub actor: Option<Value>,
    raw: Map<String, Value>,
}

/// A session's status.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionStatus {
    /// Signed in.
    Active,
    /// Signed in, but a task (choosing an organization, for example) is not done yet:
    /// refused unless the verifier allows pending sessions.
    Pending,
    /// A status this version does not know, as sent.
    Unknown(String),
}

/// The session's active organization.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Organization {
    /// The organization's id, e.g. `org_2h3bKFZ...`.
    pub id: String,
    /// Its slug, if it has one.
    pub slug: Option<String>,
    /// The user's role in it, as Clerk's SDKs spell it: `org:admin`.
    pub role: Option<String>,
    /// The user's permissions in it: `org:invoices:read` (system permissions such as
    /// `org:sys_memberships:manage` in version 1 tokens too).
    pub permissions: Vec<String>,
}

impl Organization {
    /// Whether the user has `permission` in the organization (`org:invoices:read`).
    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|granted| granted == permission)
    }
}

impl Claims {
    /// Reads the claims of a token whose signature and times were checked.
    pub(crate) fn from_json(raw: Map<String, Value>) -> Result<Self, VerifyError> {
        let text = |name: &str| raw.get(name).and_then(Value::as_str).map(str::to_owned);
        let number = |name: &str| raw.get(name).and_then(Value::as_i64);
        let version = raw
            .get("v")
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(1);
        let features = list(raw.get("fea"));
        let organization = if version >= 2 {
            raw.get("o").and_then(|o| organization_v2(o, &features))
        } else {
            organization_v1(&raw)
        };
        Ok(Self {
            user_id: text("sub").ok_or(VerifyError::Malformed("no `sub` claim"))?,
            session_id: text("sid"),
            issuer: text("iss").ok_or(VerifyError::InvalidIssuer)?,
            authorized_party: text("azp"),
            issued_at: number("iat").ok_or(VerifyError::Malformed("no `iat` claim"))?,
            expires_at: number("exp").ok_or(VerifyError::Malformed("no `exp` claim"))?,
            status: match raw.get("sts").and_then(Value::as_str) {
                None | Some("active") => SessionStatus::Active,
                Some("pending") => SessionStatus::Pending,
                Some(other) => SessionStatus::Unknown(other.to_owned()),
            },
            version,
            organization,
            factor_verification_age: raw.get("fva").and_then(factor_ages),
            features,
            plans: list(raw.get("pla")),
            actor: raw.get("act").cloned(),
            raw,
        })
    }

    /// Every claim of the token, as JSON: custom claims of your JWT template included.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.raw
    }

    /// One claim by name, as JSON.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.raw.get(name)
    }

    /// The claims decoded into your own type (for custom session token templates).
    ///
    /// # Errors
    ///
    /// The decoding error, naming the field that does not fit.
    pub fn custom<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(Value::Object(self.raw.clone()))
    }
}

/// A claim that is a comma-separated list (`fea`, `pla`), or a JSON array of strings.
fn list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// `fva`: `[first, second]` in minutes, `-1` for never.
fn factor_ages(value: &Value) -> Option<[Option<u32>; 2]> {
    let items = value.as_array()?;
    let age = |index: usize| {
        items
            .get(index)
            .and_then(Value::as_i64)
            .and_then(|minutes| u32::try_from(minutes).ok())
    };
    Some([age(0), age(1)])
}

fn organization_v1(raw: &Map<String, Value>) -> Option<Organization> {
    let id = raw.get("org_id")?.as_str()?.to_owned();
    let text = |name: &str| raw.get(name).and_then(Value::as_str).map(str::to_owned);
    Some(Organization {
        id,
        slug: text("org_slug"),
        role: text("org_role"),
        permissions: list(raw.get("org_permissions")),
    })
}

/// Version 2: `o: {id, slg, rol, per, fpm}`. `per` lists permission names; `fpm` holds,
/// for each organization feature of `fea` in order, a decimal bit mask of which of those
/// permissions apply to it (bit 0 is the first permission). Each set bit grants
/// `org:<feature>:<permission>`.
fn organization_v2(o: &Value, features: &[String]) -> Option<Organization> {
    let text = |name: &str| o.get(name).and_then(Value::as_str).map(str::to_owned);
    let permissions = list(o.get("per"));
    let masks: Vec<String> = list(o.get("fpm"));
    let org_features = features.iter().filter_map(|entry| {
        let (scope, feature) = entry.split_once(':')?;
        scope.contains('o').then_some(feature)
    });
    let mut granted = Vec::new();
    for (feature, mask) in org_features.zip(&masks) {
        for (index, permission) in permissions.iter().enumerate() {
            if decimal_bit(mask, index) {
                granted.push(format!("org:{feature}:{permission}"));
            }
        }
    }
    Some(Organization {
        id: text("id")?,
        slug: text("slg"),
        role: text("rol").map(|role| format!("org:{role}")),
        permissions: granted,
    })
}

/// Bit `index` (0 = least significant) of a non-negative decimal number of any length;
/// `false` for text that is not one.
fn decimal_bit(decimal: &str, index: usize) -> bool {
    let mut digits: Vec<u8> = decimal.bytes().map(|b| b.wrapping_sub(b'0')).collect();
    if digits.is_empty() || digits.iter().any(|d| *d > 9) {
        return false;
    }
    // Halve the number `index` times; the remainder of the last halving is the bit.
    for _ in 0..index {
        halve(&mut digits);
        if digits.iter().all(|d| *d == 0) {
            return false;
        }
    }
    digits.last().is_some_and(|last| last % 2 == 1)
}

fn halve(digits: &mut [u8]) {
    let mut carry = 0;
    for digit in digits.iter_mut() {
        let value = carry * 10 + *digit;
        *digit = value / 2;
        carry = value % 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_bits_read_any_length() {
        assert!(decimal_bit("5", 0) && !decimal_bit("5", 1) && decimal_bit("5", 2));
        assert!(!decimal_bit("5", 3) && !decimal_bit("0", 0));
        // 2^70 + 1: beyond u64.
        let big = "1180591620717411303425";
        assert!(decimal_bit(big, 0) && decimal_bit(big, 70) && !decimal_bit(big, 69));
        assert!(!decimal_bit("12a", 0) && !decimal_bit("", 0) && !decimal_bit("-1", 0));
    }

    #[test]
    fn version_2_permissions_combine_features_and_masks() {
        let o = serde_json::json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,2"});
        let features = list(Some(&Value::String("o:invoices,u:export,o:reports".into())));
        let org = organization_v2(&o, &features).expect("an organization");
        assert_eq!(org.role.as_deref(), Some("org:admin"));
        assert_eq!(
            org.permissions,
            [
                "org:invoices:read",
                "org:invoices:manage",
                "org:reports:manage"
            ]
        );
    }
}
