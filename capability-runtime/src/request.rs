//! A request under construction: path segments percent-encoded, query arrays as repeated
//! keys, headers checked, the body serialized — all validated before anything is sent.

use std::future::Future;
use std::pin::Pin;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

/// The body of a `multipart/form-data` request, as generated `into_form` methods build it.
pub use crate::multipart::Form;

/// An argument rejected before anything was sent: the parameter's wire name and why.
/// Generated crates turn it into their own error (`Error::InvalidArgument`) with `?`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidArgument {
    /// The parameter's wire name.
    pub name: &'static str,
    /// Why it was rejected.
    pub reason: String,
}

impl std::fmt::Display for InvalidArgument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid argument `{}`: {}", self.name, self.reason)
    }
}

impl std::error::Error for InvalidArgument {}

/// The future behind `.await` on a request builder.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Everything but RFC 3986 unreserved characters is encoded, so a path parameter is always
/// exactly one segment: `a/b` becomes `a%2Fb`, `?` and `#` cannot start a query or fragment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What form encoding leaves as it is: letters, digits and `*-._` (the WHATWG
/// `application/x-www-form-urlencoded` set); a space becomes `%20`, then `+`.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// One request, built by generated code and sent by the generated crate's client.
#[derive(Debug)]
pub struct Request {
    pub operation: &'static str,
    pub method: Method,
    /// Which consumed API serves it (index into the client's base URLs).
    pub api: usize,
    /// The path as the spec writes it (`/users/{user_id}`), for telemetry.
    pub template: &'static str,
    pub options: CallOptions,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// `name=value` pairs for the `Cookie` header.
    pub cookies: Vec<String>,
    pub body: Body,
}

/// The per-call options every request builder has besides its parameters, written once
/// here instead of once per operation. The builder must have an `options: CallOptions`
/// field.
#[macro_export]
#[doc(hidden)]
macro_rules! call_options {
    ($builder:ident) => {
        impl<'a> $builder<'a> {
            /// This call's timeout, instead of the client's.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.set_timeout(timeout);
                self
            }

            /// This call's retry policy, instead of the client's. Also the way to let a
            /// POST or PATCH call be retried, which by default it is not.
            pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
                self.options.set_retry(policy);
                self
            }

            /// This call's response size limit in bytes, instead of the client's.
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.options.set_max_response_bytes(limit);
                self
            }
        }
    };
}
pub use crate::call_options;

/// Settings one call may override, set through its request builder's `timeout`,
/// `retry_policy` and `max_response_bytes` methods.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallOptions {
    timeout: Option<std::time::Duration>,
    retry: Option<crate::RetryPolicy>,
    max_response_bytes: Option<u64>,
}

// Hidden: generated builders and the client use these; callers use the builders' methods.
#[doc(hidden)]
impl CallOptions {
    /// This call's timeout instead of the client's.
    pub fn timeout(&self) -> Option<std::time::Duration> {
        self.timeout
    }

    /// This call's retry policy instead of the client's (which applies to GET, PUT and
    /// DELETE only).
    pub fn retry(&self) -> Option<crate::RetryPolicy> {
        self.retry
    }

    /// This call's response size limit instead of the client's.
    pub fn max_response_bytes(&self) -> Option<u64> {
        self.max_response_bytes
    }

    pub fn set_timeout(&mut self, timeout: std::time::Duration) {
        self.timeout = Some(timeout);
    }

    pub fn set_retry(&mut self, policy: crate::RetryPolicy) {
        self.retry = Some(policy);
    }

    pub fn set_max_response_bytes(&mut self, limit: u64) {
        self.max_response_bytes = Some(limit);
    }
}

/// A request body, already encoded.
#[derive(Debug, Default)]
pub enum Body {
    /// No body.
    #[default]
    None,
    /// Serialized JSON; cheap to send again.
    Json(bytes::Bytes),
    /// Text of a given content type (plain text, XML, a query language).
    Text {
        content_type: &'static str,
        text: bytes::Bytes,
    },
    /// `multipart/form-data` parts; can be sent once only.
    Multipart(Form),
}

impl Body {
    /// The body for one attempt: a copy, or for multipart the parts themselves (after which
    /// nothing is left to send again).
    pub fn for_attempt(&mut self) -> Body {
        match self {
            Body::None => Body::None,
            Body::Json(bytes) => Body::Json(bytes.clone()),
            Body::Text { content_type, text } => Body::Text {
                content_type,
                text: text.clone(),
            },
            Body::Multipart(_) => std::mem::take(self),
        }
    }

    /// Whether another attempt could send the same body.
    pub fn is_repeatable(&self) -> bool {
        !matches!(self, Body::Multipart(_))
    }
}

impl Request {
    pub fn new(operation: &'static str, method: Method, template: &'static str) -> Self {
        Self {
            operation,
            method,
            api: 0,
            template,
            options: CallOptions::default(),
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Body::None,
        }
    }

    /// Appends a literal part of the path template.
    pub fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter (text, number or boolean) as one percent-encoded segment.
    pub fn path_param<V: ParamValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
    ) -> Result<(), InvalidArgument> {
        if let Some(reason) = value.unusable() {
            return Err(InvalidArgument {
                name,
                reason: reason.to_owned(),
            });
        }
        let text = param_text(value);
        // Dot segments are removed by URL normalization (even when encoded), which would
        // send the request to another path; an empty one would merge two segments.
        if matches!(text.as_str(), "" | "." | "..") {
            return Err(InvalidArgument {
                name,
                reason: format!("{text:?} is not a usable path segment"),
            });
        }
        self.path.extend(utf8_percent_encode(&text, PATH_SEGMENT));
        Ok(())
    }

    /// Adds a query parameter; `None` adds nothing, arrays repeat the key once per item.
    pub fn query<'v, V: ParamValue + ?Sized + 'v>(
        &mut self,
        name: &'static str,
        value: impl Into<Option<&'v V>>,
    ) {
        if let Some(value) = value.into() {
            value.for_each_value(&mut |text| self.query.push((name, text)));
        }
    }

    /// Replaces every value of a query parameter with this one.
    pub fn set_query(&mut self, name: &'static str, value: String) {
        self.remove_query(name);
        self.query.push((name, value));
    }

    /// Removes a query parameter.
    pub fn remove_query(&mut self, name: &str) {
        self.query.retain(|(key, _)| *key != name);
    }

    /// Adds a header; arrays are joined with `,` as HTTP lists are.
    pub fn header<'v, V: ParamValue + ?Sized + 'v>(
        &mut self,
        name: &'static str,
        value: impl Into<Option<&'v V>>,
    ) -> Result<(), InvalidArgument> {
        let Some(value) = value.into() else {
            return Ok(());
        };
        let invalid = |reason: String| InvalidArgument { name, reason };
        if let Some(reason) = value.unusable() {
            return Err(invalid(reason.to_owned()));
        }
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| invalid(format!("not a valid header name: {e}")))?;
        let header_value = HeaderValue::from_str(&param_text(value))
            .map_err(|e| invalid(format!("not a valid header value: {e}")))?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Adds a cookie; the value must not contain `;`, `,`, whitespace or control characters.
    pub fn cookie<'v, V: ParamValue + ?Sized + 'v>(
        &mut self,
        name: &'static str,
        value: impl Into<Option<&'v V>>,
    ) -> Result<(), InvalidArgument> {
        let Some(value) = value.into() else {
            return Ok(());
        };
        let text = param_text(value);
        let forbidden =
            |c: char| matches!(c, ';' | ',' | '"' | '\\') || c.is_whitespace() || c.is_control();
        if text.chars().any(forbidden) {
            return Err(InvalidArgument {
                name,
                reason: "a cookie value cannot contain `;`, `,`, quotes, backslashes or spaces"
                    .to_owned(),
            });
        }
        self.cookies.push(format!("{name}={text}"));
        Ok(())
    }

    /// Serializes the JSON body.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), InvalidArgument> {
        let bytes = serde_json::to_vec(body).map_err(|e| InvalidArgument {
            name: "body",
            reason: format!("cannot be serialized as JSON: {e}"),
        })?;
        self.body = Body::Json(bytes.into());
        Ok(())
    }

    /// Sets a fixed JSON body written in the spec.
    pub fn json_text(&mut self, json: &'static str) {
        self.body = Body::Json(bytes::Bytes::from_static(json.as_bytes()));
    }

    /// Sets a multipart body.
    pub fn multipart_body(&mut self, form: Form) {
        self.body = Body::Multipart(form);
    }

    /// Sets a text body of `content_type` (a body template the capability writes out).
    pub fn text_body(&mut self, content_type: &'static str, text: String) {
        self.body = Body::Text {
            content_type,
            text: text.into(),
        };
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form_body(&mut self, fields: &[(&str, &str)]) {
        self.text_body("application/x-www-form-urlencoded", form_text(fields));
    }
}

/// Checks a list argument's length against the spec's `minItems`/`maxItems` before
/// anything is sent (an API would refuse it, after a round trip).
pub fn item_count(
    name: &'static str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidArgument> {
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    let bounds = match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => return Ok(()),
    };
    if min.is_some_and(|min| len < min) || max.is_some_and(|max| len > max) {
        return Err(InvalidArgument {
            name,
            reason: format!("holds {len} items; the API takes {bounds}"),
        });
    }
    Ok(())
}

/// Fields as an `application/x-www-form-urlencoded` body.
pub fn form_text(fields: &[(&str, &str)]) -> String {
    let mut text = String::new();
    for (name, value) in fields {
        if !text.is_empty() {
            text.push('&');
        }
        text.push_str(&form_encode(name));
        text.push('=');
        text.push_str(&form_encode(value));
    }
    text
}

/// `application/x-www-form-urlencoded` encoding of one name or value: letters, digits and
/// `*-._` stay, a space is `+`, everything else is percent-encoded (UTF-8).
fn form_encode(text: &str) -> String {
    utf8_percent_encode(text, FORM_VALUE)
        .to_string()
        .replace("%20", "+")
}

/// A parameter value as one text (lists joined with `,`), for places that take a single
/// string: headers, cookies, multipart fields.
pub fn param_text<V: ParamValue + ?Sized>(value: &V) -> String {
    let mut parts = Vec::new();
    value.for_each_value(&mut |text| parts.push(text));
    parts.join(",")
}

/// How a parameter value is written into a query string or header.
pub trait ParamValue {
    /// Calls `push` once per value (once for scalars, once per item for arrays).
    fn for_each_value(&self, push: &mut dyn FnMut(String));

    /// Why the value cannot be sent in a path or header, if it cannot.
    fn unusable(&self) -> Option<&'static str> {
        None
    }
}

impl ParamValue for str {
    fn for_each_value(&self, push: &mut dyn FnMut(String)) {
        push(self.to_owned());
    }
}

impl ParamValue for String {
    fn for_each_value(&self, push: &mut dyn FnMut(String)) {
        push(self.clone());
    }
}

/// Scalars are written in their `Display` form.
macro_rules! display_param_value {
    ($($scalar:ty),*) => {$(
        impl ParamValue for $scalar {
            fn for_each_value(&self, push: &mut dyn FnMut(String)) {
                push(self.to_string());
            }
        }
    )*};
}

display_param_value!(i64, bool);

impl ParamValue for f64 {
    fn for_each_value(&self, push: &mut dyn FnMut(String)) {
        push(self.to_string());
    }

    fn unusable(&self) -> Option<&'static str> {
        (!self.is_finite()).then_some("is not a finite number")
    }
}

impl ParamValue for serde_json::Value {
    fn for_each_value(&self, push: &mut dyn FnMut(String)) {
        match self {
            Self::String(text) => push(text.clone()),
            other => push(other.to_string()),
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn for_each_value(&self, push: &mut dyn FnMut(String)) {
        for item in self {
            item.for_each_value(push);
        }
    }

    fn unusable(&self) -> Option<&'static str> {
        self.iter().find_map(ParamValue::unusable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lengths_outside_the_bounds_are_refused_with_them() {
        assert_eq!(item_count("body", 1, Some(1), Some(10)), Ok(()));
        assert_eq!(item_count("body", 10, Some(1), Some(10)), Ok(()));
        let empty = item_count("body", 0, Some(1), Some(10)).expect_err("too few");
        assert_eq!(empty.name, "body");
        assert_eq!(empty.reason, "holds 0 items; the API takes 1 to 10");
        let many = item_count("ids", 101, None, Some(100)).expect_err("too many");
        assert_eq!(many.reason, "holds 101 items; the API takes at most 100");
        assert_eq!(item_count("ids", 0, None, None), Ok(()));
    }

    #[test]
    fn form_bodies_are_url_encoded_as_browsers_do() {
        let mut request = Request::new("Op", Method::POST, "/x");
        request.form_body(&[
            ("grant type", "client credentials"),
            ("scope", "a+b/é&c=d*-._~"),
        ]);
        let Body::Text { content_type, text } = &request.body else {
            panic!("a text body: {:?}", request.body);
        };
        assert_eq!(*content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            &text[..],
            b"grant+type=client+credentials&scope=a%2Bb%2F%C3%A9%26c%3Dd*-._%7E"
        );
        assert!(request.body.is_repeatable());
    }

    #[test]
    fn path_params_are_single_encoded_segments() {
        let mut request = Request::new("Op", Method::GET, "/x");
        request.path("/users/");
        request
            .path_param("user_id", "../admin?x=1#f é")
            .expect("valid segment");
        assert_eq!(request.path, "/users/..%2Fadmin%3Fx%3D1%23f%20%C3%A9");
    }

    #[test]
    fn typed_path_params_are_written_as_text() {
        let mut request = Request::new("Op", Method::GET, "/x");
        request.path("/accounts/");
        request.path_param("account_id", &42_i64).expect("integer");
        request.path("/");
        request.path_param("ratio", &0.5_f64).expect("number");
        request.path("/");
        request.path_param("active", &true).expect("boolean");
        assert_eq!(request.path, "/accounts/42/0.5/true");
        for value in [f64::NAN, f64::INFINITY] {
            let error = request.path_param("ratio", &value).expect_err("not finite");
            assert!(error.to_string().contains("finite"), "{error}");
        }
    }

    #[test]
    fn dot_and_empty_segments_are_refused() {
        for value in ["", ".", ".."] {
            let mut request = Request::new("Op", Method::GET, "/x");
            let error = request.path_param("user_id", value).expect_err(value);
            assert!(matches!(
                error,
                InvalidArgument {
                    name: "user_id",
                    ..
                }
            ));
        }
    }

    #[test]
    fn arrays_repeat_the_key_and_none_adds_nothing() {
        let mut request = Request::new("Op", Method::GET, "/x");
        let emails = vec!["a@x.io".to_owned(), "b@x.io".to_owned()];
        request.query("email_address", &emails);
        request.query::<i64>("limit", None);
        request.query("banned", &true);
        assert_eq!(
            request.query,
            vec![
                ("email_address", "a@x.io".to_owned()),
                ("email_address", "b@x.io".to_owned()),
                ("banned", "true".to_owned()),
            ]
        );
    }

    #[test]
    fn header_values_are_checked_before_sending() {
        let mut request = Request::new("Op", Method::GET, "/x");
        let error = request
            .header("X-Trace", &"a\nb".to_owned())
            .expect_err("newline in header");
        assert!(matches!(
            error,
            InvalidArgument {
                name: "X-Trace",
                ..
            }
        ));
    }
}
