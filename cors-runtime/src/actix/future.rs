//! The response future shared by the route and scope middlewares: it turns an error from
//! inside into a response, then adds the CORS headers (or, for a scope, answers a preflight no
//! handler claimed).

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpRequest};
use pin_project_lite::pin_project;

use super::claim::claim;
use super::headers::write;
use super::preflight::preflight_response;
use crate::decision::ResponseHeaders;
use crate::policy::Policy;

/// What the middleware does when the response comes back.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Then {
    /// A route's own policy: always add the headers.
    Decorate,
    /// A scope's policy: add the headers unless a handler's own policy claimed the request.
    DecorateUnclaimed,
    /// A scope's policy on a preflight: answer it unless a handler's own policy did.
    AnswerUnclaimedPreflight,
}

pin_project! {
    /// The response future of the CORS middlewares.
    pub struct CorsFuture<F> {
        #[pin]
        pub(crate) inner: F,
        pub(crate) policy: &'static Policy,
        pub(crate) then: Then,
        pub(crate) out: ResponseHeaders,
        pub(crate) origin: Option<HeaderValue>,
        // Kept to turn an `Err` from inside into a response that carries the headers too.
        pub(crate) request: Option<HttpRequest>,
    }
}

impl<F, B> Future for CorsFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match ready!(this.inner.poll(cx)) {
            Ok(response) => response.map_into_left_body(),
            Err(error) => match this.request.take() {
                Some(request) => ServiceResponse::from_err(error, request).map_into_right_body(),
                None => return Poll::Ready(Err(error)),
            },
        };
        let scoped = matches!(this.then, Then::DecorateUnclaimed | Then::AnswerUnclaimedPreflight);
        if scoped && !claim(response.request()) {
            // A handler's own policy answered for it.
            return Poll::Ready(Ok(response));
        }
        if let Then::AnswerUnclaimedPreflight = this.then {
            let request = response.request().clone();
            let answer = preflight_response(this.policy, &request);
            return Poll::Ready(Ok(ServiceResponse::new(request, answer).map_into_right_body()));
        }
        write(response.headers_mut(), this.policy, this.out, this.origin.take());
        Poll::Ready(Ok(response))
    }
}
