//! The response future shared by the route and scope middlewares.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpRequest};
use pin_project_lite::pin_project;

use super::claim::claim;
use super::headers::write;
use super::preflight::Prepared;
use crate::decision::ResponseHeaders;
use crate::policy::Policy;

/// What the middleware does when the inner service answers.
#[derive(Debug)]
pub(crate) enum Then {
    /// A route's own policy: add the headers, turning an error into a response first (the
    /// route is past routing, so holding its request is safe).
    Decorate { request: Option<HttpRequest> },
    /// A scope's policy: add the headers unless a handler's own policy claimed the request.
    DecorateUnclaimed,
    /// A scope's policy on a preflight: give this answer unless a handler's own policy did.
    AnswerUnclaimed(Prepared),
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
        let policy: &'static Policy = this.policy;
        let result = ready!(this.inner.poll(cx));
        let mut response = match (result, &mut *this.then) {
            (Ok(response), Then::Decorate { .. }) => response.map_into_left_body(),
            (Err(error), Then::Decorate { request }) => match request.take() {
                Some(request) => ServiceResponse::from_err(error, request).map_into_right_body(),
                None => return Poll::Ready(Err(error)),
            },
            (Ok(response), _) if !claim(response.request()) => {
                // A handler's own policy answered for it.
                return Poll::Ready(Ok(response.map_into_left_body()));
            }
            (Ok(response), Then::DecorateUnclaimed) => response.map_into_left_body(),
            (Ok(response), Then::AnswerUnclaimed(answer)) => {
                let request = response.request().clone();
                let answer = answer.respond(policy);
                return Poll::Ready(Ok(ServiceResponse::new(request, answer).map_into_right_body()));
            }
            // An error from inside a scope: the headers go on the response it becomes.
            (Err(mut error), Then::DecorateUnclaimed) => {
                let (out, origin) = (*this.out, this.origin.take());
                error.add_response_mapper(move |mut response| {
                    write(response.headers_mut(), policy, &out, origin.clone());
                    response
                });
                return Poll::Ready(Err(error));
            }
            (Err(mut error), Then::AnswerUnclaimed(answer)) => {
                let answer = answer.clone();
                error.add_response_mapper(move |_| answer.respond(policy));
                return Poll::Ready(Err(error));
            }
        };
        write(response.headers_mut(), policy, this.out, this.origin.take());
        Poll::Ready(Ok(response))
    }
}
