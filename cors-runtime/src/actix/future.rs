//! The response futures of the route and scope middlewares.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpResponse};
use pin_project_lite::pin_project;

use super::claim::{answered_by_any, claim, mark_answered, mark_scope_answered};
use super::headers::{Preflight, judge_actual, origin, write};
use super::preflight::Prepared;
use super::routes::Routed;
use crate::decision::ResponseHeaders;
use crate::live::Current;

/// A route's headers, judged when the request reached it, to be written on its response.
pub(crate) struct RouteHeaders {
    pub(crate) policy: Current,
    pub(crate) out: ResponseHeaders,
    pub(crate) origin: Option<HeaderValue>,
}

pin_project! {
    /// The response future of [`RouteCors`](super::route::RouteCors): adds the route's headers to the
    /// response, or to the one an error from inside becomes.
    pub struct RouteCorsFuture<F> {
        #[pin]
        state: RouteState<F>,
    }
}

pin_project! {
    /// What a route's CORS layer does with the response: one state per case, so that the
    /// common one, a route behind a `Layer`, polls no more than the future it wraps.
    #[project = RouteStateProj]
    enum RouteState<F> {
        /// A `Layer` in front writes the route's headers.
        Relayed {
            #[pin]
            inner: F,
        },
        /// The route writes them (taken when written).
        Own {
            #[pin]
            inner: F,
            write: Option<RouteHeaders>,
        },
        /// A preflight the route declined.
        Declined { error: Option<Error> },
    }
}

impl<F> RouteCorsFuture<F> {
    pub(crate) fn relayed(inner: F) -> Self {
        RouteCorsFuture { state: RouteState::Relayed { inner } }
    }

    pub(crate) fn own(inner: F, write: RouteHeaders) -> Self {
        RouteCorsFuture { state: RouteState::Own { inner, write: Some(write) } }
    }

    pub(crate) fn declined(error: Error) -> Self {
        RouteCorsFuture { state: RouteState::Declined { error: Some(error) } }
    }
}

impl<F, B> Future for RouteCorsFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
{
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let (inner, headers) = match self.project().state.project() {
            RouteStateProj::Relayed { inner } => {
                return inner.poll(cx).map_err(|mut error| {
                    // The layer writes them; a scope's middleware in between must not.
                    error.add_response_mapper(|mut response| {
                        mark_answered(&mut response);
                        response
                    });
                    error
                });
            }
            RouteStateProj::Own { inner, write } => (inner, write),
            RouteStateProj::Declined { error } => {
                return Poll::Ready(Err(error.take().expect("RouteCorsFuture polled after completion")));
            }
        };
        let result = ready!(inner.poll(cx));
        // Only now: a pending poll must leave the headers for the next one.
        let Some(RouteHeaders { policy, out, origin }) = headers.take() else {
            // Polled again after completion: what the inner future gives.
            return Poll::Ready(result);
        };
        Poll::Ready(match result {
            Ok(mut response) => {
                write(response.headers_mut(), &policy, out, origin);
                if !response.status().is_success() {
                    mark_answered(response.response_mut());
                }
                Ok(response)
            }
            Err(mut error) => {
                error.add_response_mapper(move |mut response| {
                    write(response.headers_mut(), &policy, out, origin.clone());
                    mark_answered(&mut response);
                    response
                });
                Err(error)
            }
        })
    }
}

/// What a scope's middleware does when the inner service answers.
#[derive(Debug)]
pub(crate) enum Then {
    /// Add the headers unless a handler's own policy claimed the request.
    DecorateUnclaimed,
    /// On a preflight: give this answer unless a handler's own policy did.
    AnswerUnclaimed(Box<Prepared>),
}

pin_project! {
    /// The response future of [`Cors`](super::Cors).
    pub struct CorsFuture<F> {
        #[pin]
        pub(crate) state: CorsState<F>,
        pub(crate) policy: Current,
        pub(crate) then: Then,
        pub(crate) out: ResponseHeaders,
        pub(crate) origin: Option<HeaderValue>,
        // Where `policy` is that of a `#[cors]` route the path leads to: the middleware's own,
        // for a response that came from something else than the route or what stands in front
        // of it.
        pub(crate) instead: Option<Instead>,
    }
}

/// The policy of a `Cors` middleware, which answers instead of that of the `#[cors]` route a
/// request's path leads to when the request is unclaimed because the router inside went
/// elsewhere, as the part of the path it read tells (see [`Routed`]), or found nothing and
/// answered 404 (in a scope for another host, say). Anything else unclaimed came from in front
/// of the route, an auth layer's refusal say, and is the route's to answer.
#[derive(Clone, Debug)]
pub(crate) struct Instead {
    /// The middleware's policy, as it was when the request reached it.
    pub(crate) own: Current,
    pub(crate) routed: Routed,
}

impl Instead {
    fn applies<B>(&self, response: &ServiceResponse<B>) -> bool {
        let path = response.request().match_info();
        response.status() == StatusCode::NOT_FOUND || self.routed.elsewhere(path.as_str(), path.unprocessed())
    }
}

pin_project! {
    /// Whether a [`CorsFuture`] waits for what the middleware wraps.
    #[project = CorsStateProj]
    pub(crate) enum CorsState<F> {
        /// A preflight the middleware answered without calling it: no route inside answers it.
        Answered { response: Option<ServiceResponse> },
        /// What it wraps answers, and the middleware acts on that as [`Then`] says.
        Inner {
            #[pin]
            inner: F,
        },
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
        let policy: &Current = this.policy;
        let inner = match this.state.project() {
            CorsStateProj::Answered { response } => {
                let response = response.take().expect("CorsFuture polled after completion");
                return Poll::Ready(Ok(response.map_into_right_body()));
            }
            CorsStateProj::Inner { inner } => inner,
        };
        match ready!(inner.poll(cx)) {
            Ok(response) if !claim(response.request()) => {
                // A handler's own policy answered for it.
                Poll::Ready(Ok(response.map_into_left_body()))
            }
            Ok(mut response) => {
                let instead = this.instead.as_ref().filter(|instead| instead.applies(&response));
                match (this.then, instead.map(|instead| &instead.own)) {
                    (Then::DecorateUnclaimed, None) => {
                        write(response.headers_mut(), policy, *this.out, this.origin.take());
                        Poll::Ready(Ok(response.map_into_left_body()))
                    }
                    (Then::DecorateUnclaimed, Some(own)) => {
                        let (input, value) = origin(response.request().head());
                        let (_, out, origin) = judge_actual(own, input, value);
                        write(response.headers_mut(), own, out, origin);
                        Poll::Ready(Ok(response.map_into_left_body()))
                    }
                    (Then::AnswerUnclaimed(answer), instead) => {
                        let request = response.request().clone();
                        let answer = match instead {
                            None => answer.respond(policy),
                            Some(own) => {
                                let (input, value) = origin(request.head());
                                let preflight = Preflight { head: request.head(), origin: input };
                                Prepared::new(own, &preflight, value).respond(own)
                            }
                        };
                        Poll::Ready(Ok(ServiceResponse::new(request, answer).map_into_right_body()))
                    }
                }
            }
            // An error from inside: act on the response it becomes, unless a route's own policy
            // or a `Cors` further in already did.
            Err(mut error) => {
                let act: Box<dyn Fn(&mut HttpResponse)> = match this.then {
                    Then::DecorateUnclaimed => {
                        let (out, origin) = (*this.out, this.origin.take());
                        let policy = policy.clone();
                        Box::new(move |response| write(response.headers_mut(), &policy, out, origin.clone()))
                    }
                    Then::AnswerUnclaimed(answer) => {
                        let answer = answer.clone();
                        let policy = policy.clone();
                        Box::new(move |response| *response = answer.respond(&policy))
                    }
                };
                error.add_response_mapper(move |mut response| {
                    if !answered_by_any(&response) {
                        act(&mut response);
                        mark_scope_answered(&mut response);
                    }
                    response
                });
                Poll::Ready(Err(error))
            }
        }
    }
}
