//! A tower layer that verifies every request's session token: the verified [`Claims`] go
//! into the request's extensions for the handler, and a request without a valid token is
//! answered `401 Unauthorized` without reaching it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response, StatusCode};

use crate::{Claims, Verifier};

/// Guards a service: only requests with a valid Clerk session token reach it.
///
/// ```no_run
/// # fn demo(verifier: clerk_auth::Verifier) {
/// use axum::{Extension, Router, routing::get};
/// use clerk_auth::{Claims, ClerkAuthLayer};
///
/// async fn me(Extension(claims): Extension<Claims>) -> String {
///     format!("hello {}", claims.user_id)
/// }
///
/// let app: Router = Router::new()
///     .route("/me", get(me))
///     .layer(ClerkAuthLayer::new(verifier));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ClerkAuthLayer {
    verifier: Verifier,
}

impl ClerkAuthLayer {
    /// A layer that verifies with `verifier`.
    pub fn new(verifier: Verifier) -> Self {
        Self { verifier }
    }
}

impl<S> tower_layer::Layer<S> for ClerkAuthLayer {
    type Service = ClerkAuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ClerkAuthService {
            inner,
            verifier: self.verifier.clone(),
        }
    }
}

/// The service [`ClerkAuthLayer`] wraps around yours.
#[derive(Debug, Clone)]
pub struct ClerkAuthService<S> {
    inner: S,
    verifier: Verifier,
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for ClerkAuthService<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    ReqBody: Send + 'static,
    ResBody: Default + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready handles this request; a fresh clone stays for
        // the next one.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.verifier.clone();
        Box::pin(async move {
            match verifier.authenticate(request.headers()).await {
                Ok(claims) => {
                    request.extensions_mut().insert::<Claims>(claims);
                    inner.call(request).await
                }
                Err(_) => {
                    let mut response = Response::new(ResBody::default());
                    *response.status_mut() = StatusCode::UNAUTHORIZED;
                    Ok(response)
                }
            }
        })
    }
}
