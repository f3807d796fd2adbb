//! Stage 4: every Rust identifier the emitters use comes from here.
//!
//! Spec names may contain anything (`page[size]`, `$top`, `@id`, `type`, `2fa`); this module
//! turns them into valid, warning-free identifiers and resolves collisions deterministically
//! (first in spec order keeps the plain name, later ones get `_2`, `_3`, ...).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};

use crate::ir::{Api, Auth, ParamLocation, TypeKind};

/// Every method of the `Client` the runtime's `define_client!` writes, private ones
/// included: an operation method of the same name would be a duplicate definition. A test
/// reads the macro's `impl Client` block and fails when this list differs from it.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "execute",
    "execute_bytes",
    "execute_list",
    "execute_raw",
    "execute_text",
    "from_config",
    "from_env",
    "new",
];

/// Builder fields and methods that parameters must not take.
const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "options",
    "send",
    "into_future",
    "timeout",
    "retry_policy",
    "max_response_bytes",
    "request",
    "pages",
    "stream",
];

/// Keywords (strict, reserved and edition-2024) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that generated types must not take because the crate root uses them.
const RESERVED_TYPES: &[&str] = &[
    // The crate's own root types.
    "Client",
    "ClientBuilder",
    "Error",
    "Self",
    // The prelude's types, traits and variants that generated code names unqualified: a
    // model or request builder of that name would shadow them in its module.
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Brand words whose inner capital is not a word break (`GetOAuthAccessToken` is
/// `get_oauth_access_token`, not `get_o_auth_access_token`).
const COMPOUND_WORDS: &[(&str, &str)] = &[
    ("OAuth", "Oauth"),
    ("OpenID", "Openid"),
    ("GitHub", "Github"),
    ("GitLab", "Gitlab"),
    ("LinkedIn", "Linkedin"),
    ("YouTube", "Youtube"),
    ("PayPal", "Paypal"),
];

fn join_compound_words(raw: &str) -> String {
    COMPOUND_WORDS
        .iter()
        .fold(raw.to_owned(), |text, (word, joined)| {
            text.replace(word, joined)
        })
}

/// Whether `raw` has an ASCII letter or digit to make an identifier from; without one the
/// identifier is made up (`value`, `Value`), which the converters report where the name is.
pub fn has_word(raw: &str) -> bool {
    raw.chars().any(|c| c.is_ascii_alphanumeric())
}

/// A snake_case identifier for a method, field or module. Never empty, never a keyword.
pub fn snake(raw: &str) -> String {
    let cased = ascii_only(&join_compound_words(raw).to_snake_case());
    let cased = cased.trim_matches('_').to_owned();
    let mut name = if cased.is_empty() {
        "value".to_owned()
    } else {
        cased
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A PascalCase identifier for a type. Never empty, never a keyword.
pub fn pascal(raw: &str) -> String {
    let cased = ascii_only(&raw.to_pascal_case());
    let mut name = if cased.is_empty() {
        "Value".to_owned()
    } else {
        cased
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Op");
    }
    name
}

/// Keeps ASCII letters, digits and underscores; other characters become word breaks.
fn ascii_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out
}

/// Hands out names, adding `_2`, `_3`, ... (or `2`, `3` for types) to names already taken.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `base` if free, else the first free `base_N` (snake) or `BaseN` (types).
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// The Rust names of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The `Client` method, e.g. `get_user_list`.
    pub method: String,
    /// The request builder type, e.g. `GetUserList`.
    pub builder: String,
    /// The generated module (file stem) holding the operation.
    pub module: String,
    /// One field/setter name per parameter, parallel to `Operation::params`.
    pub params: Vec<String>,
    /// The field/setter name of the body, if any.
    pub body: Option<String>,
    /// The struct holding the operation's extracted outputs, if it has any.
    pub output: Option<String>,
    /// One field name per output, parallel to `Operation::outputs` (`raw` is taken).
    pub output_fields: Vec<String>,
}

/// The Rust names of one named type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeNames {
    /// The type, e.g. `EmailAddressVerification`.
    pub rust: String,
    /// The models module (file stem) holding it: its owner's.
    pub module: String,
    /// Struct fields (snake case) or enum/union variants (Pascal case), in spec order.
    pub members: Vec<String>,
    /// The spec names of the members: field names, enum values (empty for unions).
    pub wire_members: Vec<String>,
    /// For struct fields, the name of the builder method that clears the field
    /// (`clear_username`), distinct from every field and from each other.
    pub clear_members: Vec<String>,
}

/// The Rust names of every operation and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// Per operation, parallel to `Api::operations`.
    pub operations: Vec<OperationNames>,
    /// Per consumed API, parallel to `Api::apis`: the `ClientBuilder` method that takes
    /// its credentials (`None` for an API without authentication).
    pub credential_setters: Vec<Option<CredentialSetter>>,
    /// Per named type, parallel to `Api::types`.
    pub types: Vec<TypeNames>,
    /// Spec type name -> Rust type name.
    pub type_lookup: BTreeMap<String, String>,
}

impl Names {
    /// The Rust name of the spec type `name` (as `Value` if unknown, which resolve prevents).
    pub fn rust_type(&self, name: &str) -> &str {
        // `resolve` reports references to unknown types; one reaching here is a generator bug.
        debug_assert!(
            self.type_lookup.contains_key(name),
            "no Rust name for the type {name:?}"
        );
        self.type_lookup.get(name).map_or("Value", String::as_str)
    }

    /// The Rust name of the member `wire` (a field) of the spec type `type_name`.
    pub fn member(&self, type_name: &str, wire: &str) -> Option<&str> {
        let rust = self.type_lookup.get(type_name)?;
        let names = self.types.iter().find(|t| &t.rust == rust)?;
        let index = names.wire_members.iter().position(|w| w == wire)?;
        names.members.get(index).map(String::as_str)
    }
}

/// Assigns every name of the API. Deterministic: depends only on spec order and names.
pub fn assign(api: &Api) -> Names {
    let mut methods = Namespace::with_reserved(CLIENT_METHODS);
    let mut types = Namespace::with_reserved(RESERVED_TYPES);
    // Models first: they are what users name most, and keep their names when operations come.
    let type_names = assign_types(api, &mut types);
    let type_lookup = api
        .types
        .iter()
        .zip(&type_names)
        .map(|(def, names)| (def.name.clone(), names.rust.clone()))
        .collect();
    // `client` holds the crate's `Client` and `ClientBuilder` in the index module.
    let mut modules = Namespace::with_reserved(&["mod", "client"]);
    let mut module_of_resource: BTreeMap<&str, String> = BTreeMap::new();

    let operations = api
        .operations
        .iter()
        .map(|operation| {
            let module = module_of_resource
                .entry(operation.resource.as_str())
                .or_insert_with(|| modules.claim(snake(&operation.resource)))
                .clone();
            let mut members = Namespace::with_reserved(BUILDER_MEMBERS);
            // Path parameters first: they are the method's arguments, and keep plain names.
            let mut params = vec![String::new(); operation.params.len()];
            let order = operation
                .params
                .iter()
                .enumerate()
                .filter(|(_, p)| p.location == ParamLocation::Path)
                .chain(
                    operation
                        .params
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.location != ParamLocation::Path),
                );
            for (index, param) in order {
                params[index] = members.claim(snake(&param.name));
            }
            let body = operation
                .body
                .as_ref()
                .map(|_| members.claim("body".to_owned()));
            let builder = types.claim(pascal(&operation.name));
            let output =
                (!operation.outputs.is_empty()).then(|| types.claim(format!("{builder}Output")));
            let mut output_members = Namespace::with_reserved(&["raw"]);
            let output_fields = operation
                .outputs
                .iter()
                .map(|output| output_members.claim(snake(&output.name)))
                .collect();
            OperationNames {
                method: methods.claim(snake(&operation.name)),
                builder,
                module,
                params,
                body,
                output,
                output_fields,
            }
        })
        .collect();
    Names {
        operations,
        credential_setters: credential_setters(api),
        types: type_names,
        type_lookup,
    }
}

/// Every method of the `ClientBuilder` the runtime's `define_client!` writes, crate-private
/// ones included; generated credential methods must not clash with them. A test reads the
/// macro's `impl ClientBuilder` block and fails when this list differs from it.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "api_base_url",
    "base_url",
    "build",
    "config",
    "connect_timeout",
    "credential",
    "http_client",
    "max_response_bytes",
    "on_response",
    "retry_policy",
    "secret_key",
    "timeout",
    "token_url",
    "user_agent",
];

/// The `ClientBuilder` method that takes one consumed API's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSetter {
    /// The method, e.g. `secret_key` or `billing_basic_auth`.
    pub name: String,
    /// Whether it is generated (else the runtime's own `secret_key`).
    pub generated: bool,
    /// For OAuth 2: the method that sets another token endpoint.
    pub token_url: Option<String>,
}

/// The main API's bearer token or key is the runtime's `secret_key`; every other
/// credential gets a generated method named after its API's namespace.
fn credential_setters(api: &Api) -> Vec<Option<CredentialSetter>> {
    let mut taken = Namespace::with_reserved(CLIENT_BUILDER_METHODS);
    api.apis
        .iter()
        .enumerate()
        .map(|(index, base)| {
            let prefix = if index == 0 {
                String::new()
            } else {
                format!("{}_", snake(&base.namespace))
            };
            let mut generated = |suffix: &str| CredentialSetter {
                name: taken.claim(format!("{prefix}{suffix}")),
                generated: true,
                token_url: None,
            };
            match &base.auth {
                Auth::None => None,
                Auth::Bearer { .. } | Auth::ApiKey { .. } if index == 0 => Some(CredentialSetter {
                    name: "secret_key".to_owned(),
                    generated: false,
                    token_url: None,
                }),
                Auth::Bearer { .. } | Auth::ApiKey { .. } => Some(generated("secret_key")),
                Auth::Basic { .. } => Some(generated("basic_auth")),
                Auth::OAuth2 { .. } => {
                    let mut setter = generated("oauth2_client");
                    setter.token_url = Some(generated("oauth2_token_url").name);
                    Some(setter)
                }
            }
        })
        .collect()
}

fn assign_types(api: &Api, types: &mut Namespace) -> Vec<TypeNames> {
    // `client` holds the crate's `Client` and `ClientBuilder` in the index module.
    let mut modules = Namespace::with_reserved(&["mod", "client"]);
    let mut module_of_owner: BTreeMap<&str, String> = BTreeMap::new();
    let rust: Vec<String> = api
        .types
        .iter()
        .map(|def| types.claim(pascal(&def.name)))
        .collect();
    let rust_of = |name: &str| {
        api.types
            .iter()
            .position(|def| def.name == name)
            .map_or_else(|| pascal(name), |i| rust[i].clone())
    };
    api.types
        .iter()
        .zip(&rust)
        .map(|(def, rust_name)| {
            let module = module_of_owner
                .entry(def.owner.as_str())
                .or_insert_with(|| modules.claim(snake(&def.owner)))
                .clone();
            let mut clear_members = Vec::new();
            let members = match &def.kind {
                TypeKind::Struct(fields) => {
                    // Fields and `clear_*` builder methods share one namespace.
                    let mut members = Namespace::with_reserved(&["new"]);
                    let fields: Vec<String> = fields
                        .iter()
                        .map(|f| members.claim(snake(&f.name)))
                        .collect();
                    clear_members = fields
                        .iter()
                        .map(|field| members.claim(format!("clear_{field}")))
                        .collect();
                    fields
                }
                TypeKind::Enum(values) => {
                    let mut members = Namespace::with_reserved(&["Unknown"]);
                    values.iter().map(|v| members.claim(pascal(v))).collect()
                }
                TypeKind::Union { variants, .. } => {
                    let full: Vec<String> = variants.iter().map(|v| rust_of(&v.ty)).collect();
                    let mut members = Namespace::with_reserved(&["Unknown"]);
                    strip_common_prefix(&full)
                        .into_iter()
                        .map(|name| members.claim(name))
                        .collect()
                }
            };
            let wire_members = match &def.kind {
                TypeKind::Struct(fields) => fields.iter().map(|f| f.name.clone()).collect(),
                TypeKind::Enum(values) => values.clone(),
                TypeKind::Union { .. } => Vec::new(),
            };
            TypeNames {
                rust: rust_name.clone(),
                module,
                members,
                wire_members,
                clear_members,
            }
        })
        .collect()
}

/// `[VerificationOtp, VerificationAdmin]` -> `[Otp, Admin]`: the shared leading words go,
/// as long as every name keeps a valid identifier.
fn strip_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let words = |name: &str| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() || words.is_empty() {
                words.push(String::new());
            }
            if let Some(last) = words.last_mut() {
                last.push(c);
            }
        }
        words
    };
    let split: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common + 1 < shortest && split.iter().all(|w| w[common] == split[0][common]) {
        common += 1;
    }
    split
        .iter()
        .map(|w| {
            let rest: String = w[common..].concat();
            if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                rest
            } else {
                w.concat()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names of the methods in the `impl <ty> {` block of the runtime's
    /// `define_client!` (the block's items are indented by 12 spaces).
    fn methods_the_runtime_defines(ty: &str) -> Vec<String> {
        let facade = include_str!("../../capability-runtime/src/facade.rs");
        let header = format!("        impl {ty} {{");
        let body = facade
            .split_once(&header)
            .and_then(|(_, rest)| rest.split_once("\n        }\n"))
            .map_or("", |(body, _)| body);
        let mut methods: Vec<String> = body
            .lines()
            .filter_map(|line| line.strip_prefix("            "))
            .map(|item| {
                item.trim_start_matches("pub(crate) ")
                    .trim_start_matches("pub ")
                    .trim_start_matches("async ")
            })
            .filter_map(|item| item.strip_prefix("fn "))
            .map(|name| {
                name.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect();
        methods.sort();
        methods
    }

    #[test]
    fn builder_members_include_every_per_call_option_the_runtime_writes() {
        let request = include_str!("../../capability-runtime/src/request.rs");
        let body = request
            .split_once("macro_rules! call_options {")
            .and_then(|(_, rest)| rest.split_once("\n}\n"))
            .map_or("", |(body, _)| body);
        let methods: Vec<&str> = body
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("pub fn "))
            .filter_map(|rest| rest.split('(').next())
            .collect();
        assert_eq!(methods, ["timeout", "retry_policy", "max_response_bytes"]);
        for method in methods {
            assert!(
                BUILDER_MEMBERS.contains(&method),
                "`{method}` is a builder method the runtime writes: add it to BUILDER_MEMBERS"
            );
        }
    }

    #[test]
    fn the_reserved_client_methods_are_the_ones_the_runtime_defines() {
        for (ty, reserved) in [
            ("Client", CLIENT_METHODS),
            ("ClientBuilder", CLIENT_BUILDER_METHODS),
        ] {
            let defined = methods_the_runtime_defines(ty);
            assert!(defined.len() >= 5, "{ty}: found only {defined:?}");
            assert_eq!(
                defined, reserved,
                "the reserved methods of `{ty}` must be exactly those `define_client!` writes"
            );
        }
    }

    #[test]
    fn snake_case_handles_odd_spec_names() {
        assert_eq!(snake("GetUserList"), "get_user_list");
        assert_eq!(snake("VerifyTOTP"), "verify_totp");
        assert_eq!(snake("GetOAuthAccessToken"), "get_oauth_access_token");
        assert_eq!(snake("page[size]"), "page_size");
        assert_eq!(snake("$top"), "top");
        assert_eq!(snake("@id"), "id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(snake("get-user"), "get_user");
        assert_eq!(snake("x.y z"), "x_y_z");
        assert_eq!(snake("日本"), "value");
        assert_eq!(snake(""), "value");
    }

    #[test]
    fn pascal_case_handles_odd_spec_names() {
        assert_eq!(pascal("GetUserList"), "GetUserList");
        assert_eq!(pascal("get-user"), "GetUser");
        assert_eq!(pascal("2fa"), "N2fa");
        assert_eq!(pascal("client"), "ClientOp");
        assert_eq!(pascal("***"), "Value");
    }

    #[test]
    fn clear_methods_never_collide_with_fields() {
        use crate::ir::{Field, TypeDef, TypeRef};
        let field = |name: &str| Field {
            name: name.to_owned(),
            ty: TypeRef::String,
            required: false,
            nullable: true,
            deprecated: false,
            identity: false,
            description: None,
            items: None,
        };
        let api = Api {
            title: "T".into(),
            description: None,
            apis: Vec::new(),
            base_url_env: None,
            operations: Vec::new(),
            types: vec![TypeDef {
                name: "Patchy".into(),
                owner: "Patchy".into(),
                description: None,
                kind: TypeKind::Struct(vec![field("username"), field("clear_username")]),
            }],
        };
        let names = assign(&api);
        assert_eq!(names.types[0].members, ["username", "clear_username"]);
        assert_eq!(
            names.types[0].clear_members,
            ["clear_username_2", "clear_clear_username"]
        );
    }

    #[test]
    fn union_variants_lose_their_shared_prefix() {
        let names = [
            "VerificationOtp",
            "VerificationAdmin",
            "VerificationFromOauth",
        ]
        .map(String::from);
        assert_eq!(strip_common_prefix(&names), ["Otp", "Admin", "FromOauth"]);
        let same = ["Verification2", "Verification3"].map(String::from);
        assert_eq!(
            strip_common_prefix(&same),
            ["Verification2", "Verification3"]
        );
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut names = Namespace::with_reserved(&["send"]);
        assert_eq!(names.claim("send".into()), "send_2");
        assert_eq!(names.claim("user_id".into()), "user_id");
        assert_eq!(names.claim("user_id".into()), "user_id_2");
        assert_eq!(names.claim("user_id".into()), "user_id_3");
        let mut types = Namespace::default();
        assert_eq!(types.claim("GetUser".into()), "GetUser");
        assert_eq!(types.claim("GetUser".into()), "GetUser2");
    }
}
