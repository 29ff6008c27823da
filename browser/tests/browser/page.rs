//! The page the scenarios run from, on its own origin, and the script that makes each call.

use std::net::TcpListener;

use actix_web::{App, HttpResponse, HttpServer, web};

/// Serves a blank page on loopback; returns its port. Listens on IPv6 loopback too when it can,
/// since browsers may try `::1` first for `localhost`.
pub(crate) fn serve() -> u16 {
    let v4 = TcpListener::bind("127.0.0.1:0").expect("a loopback port for the page");
    let port = v4.local_addr().expect("bound").port();
    let mut server = HttpServer::new(|| {
        App::new().route(
            "/",
            web::get().to(|| async {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body("<!doctype html><title>cors browser tests</title>")
            }),
        )
    })
    .workers(1)
    .listen(v4)
    .expect("listening");
    if let Ok(v6) = TcpListener::bind(("::1", port)) {
        server = server.listen(v6).expect("listening");
    }
    actix_web::rt::spawn(server.run());
    port
}

/// Makes one call with `fetch` and reports what the script could see.
pub(crate) const FETCH: &str = r#"
const [url, method, headers, body, credentials, done] = arguments;
const init = { method, headers, credentials: credentials ? "include" : "same-origin" };
if (body !== null) init.body = body;
fetch(url, init).then(
  async (res) => {
    const readable = {};
    for (const [name, value] of res.headers) readable[name] = value;
    done({ ok: true, status: res.status, headers: readable, body: await res.text() });
  },
  (err) => done({ ok: false, error: err.name, message: String(err.message) }),
);
"#;

/// [`FETCH`] from a sandboxed frame of the page (`sandbox="allow-scripts"`: origin `null`), its
/// result posted back to the page.
pub(crate) const FETCH_FROM_SANDBOX: &str = r#"
const [url, method, headers, body, credentials, done] = arguments;
const init = { method, headers, credentials: credentials ? "include" : "same-origin" };
if (body !== null) init.body = body;
const frame = document.createElement("iframe");
frame.sandbox = "allow-scripts";
frame.srcdoc = `<script>
fetch(${JSON.stringify(url)}, ${JSON.stringify(init)}).then(
  async (res) => {
    const readable = {};
    for (const [name, value] of res.headers) readable[name] = value;
    parent.postMessage({ ok: true, status: res.status, headers: readable, body: await res.text() }, "*");
  },
  (err) => parent.postMessage({ ok: false, error: err.name, message: String(err.message) }, "*"),
);
<\/script>`;
window.addEventListener("message", function listen(event) {
  if (event.source !== frame.contentWindow) return;
  window.removeEventListener("message", listen);
  frame.remove();
  done(event.data);
});
document.body.appendChild(frame);
"#;
