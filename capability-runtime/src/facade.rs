//! The types a generated crate's users name — `Client`, `ClientBuilder`, `Error` — written
//! into that crate by two macros, so its operations can be their inherent methods (Rust
//! allows those only on a crate's own types) while the work stays in this crate.
//!
//! * [`define_client!`](crate::define_client) (called by generated code, which knows the
//!   API) writes `Client` and `ClientBuilder` over [`client::Client`](crate::client::Client),
//!   and the `tracing` spans and events of each call: they expand in the generated crate,
//!   so they carry its name (`<crate>.request`) and follow its `tracing` feature.
//! * [`define_error!`](crate::define_error) (called by the crate's `lib.rs`) writes `Error`
//!   around an `ApiError` of the crate's choosing: [`ApiError`](crate::ApiError), or one
//!   that reads the API's error envelope.
//!
//! Both name what they need through `$crate`; of the generated crate's own dependencies they
//! use only `tracing`, under that crate's `tracing` feature.

/// Writes a generated crate's `Client` and `ClientBuilder`.
///
/// `define_client!(API, Error, from_env, secret_key)`: `API` is the crate's `static`
/// [`Api`](crate::client::Api); `Error` its error type (from
/// [`define_error!`](crate::define_error)); `from_env` and `secret_key` are doc text naming
/// the environment variables `Client::from_env` reads and how the main API's secret is sent.
#[macro_export]
macro_rules! define_client {
    ($api:expr, $error:ty, $from_env:literal, $secret_key:literal $(,)?) => {
        /// An async client for the API. Cheap to clone: clones share one connection pool.
        ///
        /// Every operation is a method; required parameters are its arguments, optional
        /// ones are methods of the request builder it returns, and awaiting the builder
        /// sends the request.
        ///
        /// ```no_run
        #[doc = concat!("# async fn demo() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::Error> {")]
        #[doc = concat!("let client = ", env!("CARGO_CRATE_NAME"), "::Client::from_env()?;")]
        /// println!("calling {}", client.base_url());
        /// # Ok(()) }
        /// ```
        #[derive(Clone)]
        pub struct Client {
            inner: $crate::client::Client,
        }

        impl Client {
            /// A client configured from the environment, every other setting at its default.
            ///
            #[doc = $from_env]
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::Error::Config) if a secret variable is unset or empty.
            pub fn from_env() -> ::std::result::Result<Self, $error> {
                ClientBuilder::default()
                    .inner
                    .from_env()
                    .map(|inner| Self { inner })
                    .map_err(<$error>::from)
            }

            /// A client with this secret key and every other setting at its default.
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::Error::Config) if the HTTP client cannot be created.
            pub fn new(
                secret_key: impl ::std::convert::Into<$crate::SecretKey>,
            ) -> ::std::result::Result<Self, $error> {
                Self::builder().secret_key(secret_key).build()
            }

            /// Configures a client step by step.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A client with every setting of `shared`, sending through its HTTP client:
            /// clients of several crates built from one [`SharedConfig`](crate::SharedConfig)
            /// share one connection pool, secret and policy.
            ///
            /// ```no_run
            #[doc = concat!("# fn demo() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::Error> {")]
            #[doc = concat!("let shared = ", env!("CARGO_CRATE_NAME"), "::SharedConfig::builder()")]
            ///     .secret_key("sk_test_...")
            ///     .timeout(std::time::Duration::from_secs(10))
            ///     .build()?;
            #[doc = concat!("let client = ", env!("CARGO_CRATE_NAME"), "::Client::from_config(&shared)?;")]
            /// // Clients of other generated crates: `other_crate::Client::from_config(&shared)`.
            /// # let _ = client;
            /// # Ok(()) }
            /// ```
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::Error::Config) as for [`ClientBuilder::build`].
            pub fn from_config(shared: &$crate::SharedConfig) -> ::std::result::Result<Self, $error> {
                Self::builder().config(shared).build()
            }

            /// The URL requests are sent below, without a trailing slash.
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            /// Sends one call (with retries where its policy allows) and decodes a success
            /// body as `T` (an empty body as JSON `null`).
            pub(crate) async fn execute<T: $crate::__private::DeserializeOwned>(
                &self,
                request: $crate::request::Request,
            ) -> ::std::result::Result<T, $error> {
                let operation = request.operation;
                let (status, body) = self.execute_raw(request).await?;
                $crate::client::decode(operation, status, body).map_err(<$error>::from)
            }

            /// Sends one call to a list operation and decodes the items, whether the API
            /// answers the bare list or an envelope holding it under `items`.
            pub(crate) async fn execute_list<T: $crate::__private::DeserializeOwned>(
                &self,
                request: $crate::request::Request,
                items: &'static str,
            ) -> ::std::result::Result<::std::vec::Vec<T>, $error> {
                let operation = request.operation;
                let (_, body) = self.execute_raw(request).await?;
                $crate::pagination::decode_list(operation, &body, items).map_err(<$error>::from)
            }

            /// Sends one call and returns a success body as text (responses that are not
            /// JSON).
            pub(crate) async fn execute_text(
                &self,
                request: $crate::request::Request,
            ) -> ::std::result::Result<::std::string::String, $error> {
                let operation = request.operation;
                let (status, body) = self.execute_raw(request).await?;
                $crate::client::text(operation, status, body).map_err(<$error>::from)
            }

            /// Sends one call and returns a success body as it came (images, PDFs, archives).
            pub(crate) async fn execute_bytes(
                &self,
                request: $crate::request::Request,
            ) -> ::std::result::Result<$crate::__private::Bytes, $error> {
                self.execute_raw(request).await.map(|(_, body)| body)
            }

            /// Sends one call in its span and returns a success's status and undecoded body.
            async fn execute_raw(
                &self,
                request: $crate::request::Request,
            ) -> ::std::result::Result<
                ($crate::__private::StatusCode, $crate::__private::Bytes),
                $error,
            > {
                #[cfg(feature = "tracing")]
                let span = ::tracing::info_span!(
                    concat!(env!("CARGO_CRATE_NAME"), ".request"),
                    operation = request.operation,
                    method = %request.method,
                    path = request.template,
                    attempt = ::tracing::field::Empty,
                    status = ::tracing::field::Empty,
                    latency_ms = ::tracing::field::Empty,
                );
                let call = self.inner.execute_raw(request);
                #[cfg(feature = "tracing")]
                let call = ::tracing::Instrument::instrument(call, span);
                call.await.map_err(<$error>::from)
            }
        }

        // List walks (the runtime's) send their pages through the client, with its retries.
        impl $crate::pagination::PageSource for Client {
            type Error = $error;

            async fn fetch(
                &self,
                request: $crate::request::Request,
            ) -> ::std::result::Result<$crate::__private::Bytes, $error> {
                self.execute_raw(request).await.map(|(_, body)| body)
            }
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        /// Settings for a [`Client`]; every one has a default.
        ///
        /// ```no_run
        #[doc = concat!("# fn demo() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::Error> {")]
        /// use std::time::Duration;
        ///
        #[doc = concat!("let client = ", env!("CARGO_CRATE_NAME"), "::Client::builder()")]
        ///     .secret_key("sk_test_...")
        ///     .base_url("http://127.0.0.1:4010")
        ///     .timeout(Duration::from_secs(10))
        ///     .build()?;
        /// # let _ = client;
        /// # Ok(()) }
        /// ```
        #[derive(Clone)]
        #[must_use]
        pub struct ClientBuilder {
            inner: $crate::client::ClientBuilder,
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    inner: $crate::client::ClientBuilder::new(
                        &$api,
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
                        // The `tracing` events of each attempt (feature `tracing`): number,
                        // status and latency, never the secret, parameter values or bodies.
                        $crate::client::Telemetry {
                            attempt_finished: |attempt, status, latency| {
                                #[cfg(feature = "tracing")]
                                {
                                    let span = ::tracing::Span::current();
                                    let latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX);
                                    span.record("attempt", attempt);
                                    if let Some(status) = status {
                                        span.record("status", status);
                                    }
                                    span.record("latency_ms", latency_ms);
                                    ::tracing::debug!(attempt, status, latency_ms, "attempt finished");
                                }
                                #[cfg(not(feature = "tracing"))]
                                let _ = (attempt, status, latency);
                            },
                            retrying: |attempt, delay| {
                                #[cfg(feature = "tracing")]
                                {
                                    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                                    ::tracing::info!(attempt, delay_ms, "retrying");
                                }
                                #[cfg(not(feature = "tracing"))]
                                let _ = (attempt, delay);
                            },
                        },
                    ),
                }
            }
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl ClientBuilder {
            /// The secret key of the main API.
            ///
            #[doc = $secret_key]
            pub fn secret_key(self, secret_key: impl ::std::convert::Into<$crate::SecretKey>) -> Self {
                Self { inner: self.inner.secret_key(secret_key) }
            }

            /// Takes every setting of `shared` (its HTTP client always, so clients built from
            /// one [`SharedConfig`](crate::SharedConfig) share a connection pool); settings
            /// made after this call override it.
            pub fn config(self, shared: &$crate::SharedConfig) -> Self {
                Self { inner: self.inner.config(shared) }
            }

            /// The credentials of one consumed API; generated builder methods name them.
            pub(crate) fn credential(self, api: usize, credential: $crate::auth::Credential) -> Self {
                Self { inner: self.inner.credential(api, credential) }
            }

            /// Another token endpoint for an OAuth 2 API (a staging or test server).
            pub(crate) fn token_url(self, api: usize, url: ::std::string::String) -> Self {
                Self { inner: self.inner.token_url(api, url) }
            }

            /// Where to send requests instead of the spec's base URL (a proxy, a mock server).
            pub fn base_url(self, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.base_url(base_url) }
            }

            /// Where to send requests of another consumed API than the main one, named by its
            /// namespace in the spec. Unknown namespaces are reported by [`build`](Self::build).
            pub fn api_base_url(
                self,
                namespace: impl ::std::convert::Into<::std::string::String>,
                base_url: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                Self { inner: self.inner.api_base_url(namespace, base_url) }
            }

            /// The `User-Agent` header; defaults to this crate's name and version.
            pub fn user_agent(self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.user_agent(user_agent) }
            }

            /// Sends through this `reqwest::Client` (its pool, proxy and TLS settings).
            /// The connect timeout set here then does not apply; the request timeout still does.
            pub fn http_client(self, http: $crate::__private::reqwest::Client) -> Self {
                Self { inner: self.inner.http_client(http) }
            }

            /// How long a whole request may take; default
            /// [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.timeout(timeout) }
            }

            /// The largest response body a call reads; default
            /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES) (32 MiB). A
            /// larger body fails with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge)
            /// as soon as it passes the limit (or at once, when its `Content-Length` says so),
            /// so a runaway response cannot exhaust memory. Calls can override it with their
            /// own `max_response_bytes`.
            pub fn max_response_bytes(self, limit: u64) -> Self {
                Self { inner: self.inner.max_response_bytes(limit) }
            }

            /// How long connecting may take; default
            /// [`DEFAULT_CONNECT_TIMEOUT`](crate::DEFAULT_CONNECT_TIMEOUT).
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.connect_timeout(timeout) }
            }

            /// How failed GET, PUT and DELETE calls are retried; default
            /// [`RetryPolicy::default`](crate::RetryPolicy::default). Use
            /// [`RetryPolicy::none`](crate::RetryPolicy::none) to send every request once.
            /// POST and PATCH calls are sent once unless the call sets its own policy.
            pub fn retry_policy(self, policy: $crate::RetryPolicy) -> Self {
                Self { inner: self.inner.retry_policy(policy) }
            }

            /// Calls `hook` with the operation, status and headers of every response (success
            /// or not) before it is decoded: for metrics, logging rate-limit headers, or tests.
            ///
            /// ```no_run
            #[doc = concat!("# fn demo() -> Result<(), ", env!("CARGO_CRATE_NAME"), "::Error> {")]
            #[doc = concat!("let client = ", env!("CARGO_CRATE_NAME"), "::Client::builder()")]
            ///     .secret_key("sk_test_...")
            ///     .on_response(|response| {
            ///         if response.status.as_u16() == 429 {
            ///             eprintln!("{} was rate limited", response.operation);
            ///         }
            ///     })
            ///     .build()?;
            /// # let _ = client;
            /// # Ok(()) }
            /// ```
            pub fn on_response(
                self,
                hook: impl Fn(&$crate::client::ResponseInfo<'_>) + Send + Sync + 'static,
            ) -> Self {
                Self { inner: self.inner.on_response(hook) }
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::Config`](crate::Error::Config) if an API needs credentials and none (or
            /// the wrong kind) were given, if a base URL is not an absolute `http(s)` URL, or
            /// if the HTTP client cannot be created.
            pub fn build(self) -> ::std::result::Result<Client, $error> {
                self.inner
                    .build()
                    .map(|inner| Client { inner })
                    .map_err(<$error>::from)
            }
        }
    };
}

/// Writes a generated crate's `Error`: one type for everything a call can fail with, whose
/// `Api` variant holds `$api_error` (which converts from the runtime's
/// [`ApiError`](crate::ApiError), or is it).
#[macro_export]
macro_rules! define_error {
    ($api_error:ty) => {
        /// Everything that can go wrong with a call.
        ///
        /// Match on [`Error::Api`] to inspect what the API answered:
        ///
        /// ```no_run
        #[doc = concat!("fn report(result: Result<(), ", env!("CARGO_CRATE_NAME"), "::Error>) {")]
        ///     match result {
        ///         Ok(()) => {}
        #[doc = concat!("        Err(", env!("CARGO_CRATE_NAME"), "::Error::Api(error)) if error.status.as_u16() == 404 => {")]
        ///             println!("not found: {}", error.body_text());
        ///         }
        ///         Err(other) => eprintln!("{other}"),
        ///     }
        /// }
        /// ```
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The API answered with a non-success status.
            Api(Box<$api_error>),

            /// The last attempt did not complete in time: no answer, or a body that arrived
            /// too slowly (the timeout covers reading the whole body).
            Timeout {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// How many times the request was sent.
                attempts: u32,
                /// The underlying HTTP client error.
                source: $crate::__private::reqwest::Error,
            },

            /// No response arrived: the connection could not be made (DNS, TCP, TLS, ...) or
            /// was closed or reset before the status line, or a redirect could not be
            /// followed.
            Transport {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// How many times the request was sent.
                attempts: u32,
                /// The underlying HTTP client error.
                source: $crate::__private::reqwest::Error,
            },

            /// A response started but its body was cut off: the connection closed or was
            /// reset before the body was complete (shorter than its `Content-Length`, or
            /// chunking ended early).
            BodyInterrupted {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// The response status.
                status: $crate::__private::StatusCode,
                /// How many times the request was sent.
                attempts: u32,
                /// The bytes that arrived before the cut.
                received: $crate::__private::Bytes,
                /// The underlying HTTP client error.
                source: $crate::__private::reqwest::Error,
            },

            /// The response body is larger than the client's limit (`max_response_bytes` on
            /// the client builder).
            /// Reading stopped at the limit, so memory stays bounded.
            ResponseTooLarge {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// The response status.
                status: $crate::__private::StatusCode,
                /// The limit in force, in bytes.
                limit: u64,
                /// How many body bytes were read before stopping (0 when `Content-Length`
                /// alone showed the body was too large).
                read: u64,
                /// The body length the server announced, if it did.
                declared: Option<u64>,
            },

            /// A success response whose body does not have the expected shape.
            Decode {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// The response status.
                status: $crate::__private::StatusCode,
                /// JSON path of the field that failed, e.g. `email_addresses[0].verification`.
                path: String,
                /// What was wrong with it.
                message: String,
                /// The raw response body.
                body: $crate::__private::Bytes,
            },

            /// No access token could be obtained for an API that authenticates with OAuth 2
            /// client credentials: the token endpoint refused the client, failed, or
            /// answered something that is not a token. Never shows the client secret.
            Authentication {
                /// The operation, e.g. `GetUser`.
                operation: &'static str,
                /// What went wrong.
                reason: String,
            },

            /// A walk over pages stopped because the server's pages made no progress.
            Pagination {
                /// The operation, e.g. `GetUserList`.
                operation: &'static str,
                /// What went wrong.
                reason: String,
            },

            /// An argument was rejected before any request was sent.
            InvalidArgument {
                /// The parameter's wire name.
                name: &'static str,
                /// Why it was rejected.
                reason: String,
            },

            /// The client could not be configured (missing secret, bad base URL, ...).
            Config(String),
        }

        impl Error {
            /// The HTTP status, when the API answered.
            pub fn status(&self) -> Option<$crate::__private::StatusCode> {
                match self {
                    Self::Api(error) => Some(error.status),
                    Self::Decode { status, .. }
                    | Self::BodyInterrupted { status, .. }
                    | Self::ResponseTooLarge { status, .. } => Some(*status),
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Api(error) => ::std::fmt::Display::fmt(error, f),
                    Self::Timeout { operation, attempts, source } => {
                        write!(f, "{operation}: timed out after {attempts} attempt(s): {source}")
                    }
                    Self::Transport { operation, attempts, source } => write!(
                        f,
                        "{operation}: could not reach the API after {attempts} attempt(s): {source}"
                    ),
                    Self::BodyInterrupted { operation, status, attempts, received, source } => write!(
                        f,
                        "{operation}: the HTTP {status} response body was cut off after {} bytes ({attempts} attempt(s)): {source}",
                        received.len()
                    ),
                    Self::ResponseTooLarge { operation, status, limit, read, declared } => {
                        write!(
                            f,
                            "{operation}: the HTTP {status} response body exceeds the limit of {limit} bytes ("
                        )?;
                        match declared {
                            Some(length) => write!(f, "Content-Length says {length}")?,
                            None => write!(f, "stopped after reading {read}")?,
                        }
                        write!(f, "); raise it with `max_response_bytes` if this is expected")
                    }
                    Self::Decode { operation, status, path, message, .. } => write!(
                        f,
                        "{operation}: unexpected response body at `{path}` (HTTP {status}): {message}"
                    ),
                    Self::Authentication { operation, reason } => {
                        write!(f, "{operation}: could not get an access token: {reason}")
                    }
                    Self::Pagination { operation, reason } => {
                        write!(f, "{operation}: pagination stopped: {reason}")
                    }
                    Self::InvalidArgument { name, reason } => {
                        write!(f, "invalid argument `{name}`: {reason}")
                    }
                    Self::Config(message) => write!(f, "client configuration: {message}"),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Api(error) => ::std::error::Error::source(&**error),
                    Self::Timeout { source, .. }
                    | Self::Transport { source, .. }
                    | Self::BodyInterrupted { source, .. } => Some(source),
                    _ => None,
                }
            }
        }

        impl ::std::convert::From<$crate::client::Failure> for Error {
            fn from(failure: $crate::client::Failure) -> Self {
                use $crate::client::Failure;
                match failure {
                    Failure::Api(error) => Self::Api(Box::new(<$api_error>::from(*error))),
                    Failure::Timeout { operation, attempts, source } => {
                        Self::Timeout { operation, attempts, source }
                    }
                    Failure::Transport { operation, attempts, source } => {
                        Self::Transport { operation, attempts, source }
                    }
                    Failure::BodyInterrupted { operation, status, attempts, received, source } => {
                        Self::BodyInterrupted { operation, status, attempts, received, source }
                    }
                    Failure::ResponseTooLarge { operation, status, limit, read, declared } => {
                        Self::ResponseTooLarge { operation, status, limit, read, declared }
                    }
                    Failure::Decode { operation, status, path, message, body } => {
                        Self::Decode { operation, status, path, message, body }
                    }
                    Failure::Authentication { operation, reason } => {
                        Self::Authentication { operation, reason }
                    }
                    Failure::Pagination { operation, reason } => Self::Pagination { operation, reason },
                    Failure::InvalidArgument { name, reason } => Self::InvalidArgument { name, reason },
                    Failure::Config(message) => Self::Config(message),
                }
            }
        }

        impl ::std::convert::From<$crate::request::InvalidArgument> for Error {
            fn from(error: $crate::request::InvalidArgument) -> Self {
                Self::from($crate::client::Failure::from(error))
            }
        }

        impl ::std::convert::From<$api_error> for Error {
            fn from(error: $api_error) -> Self {
                Self::Api(Box::new(error))
            }
        }

        // A shared configuration that cannot be built is a configuration error of every
        // client built from it.
        impl ::std::convert::From<$crate::ConfigError> for Error {
            fn from(error: $crate::ConfigError) -> Self {
                Self::Config(error.message().to_owned())
            }
        }
    };
}
