//! The page on the second origin, and the log of refused preflights.

use actix_web::{HttpResponse, Responder, get, web};

/// Where the page's script sends its requests.
#[derive(Clone)]
pub(crate) struct ApiUrl(pub(crate) String);

#[get("/")]
async fn index(api: web::Data<ApiUrl>) -> impl Responder {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(PAGE.replace("{{API}}", &api.0))
}

pub(crate) fn routes(config: &mut web::ServiceConfig) {
    config.service(index);
}

/// Prints what the runtime logs (target `cors`) at debug level (refused preflights, refused origins).
pub(crate) struct Refusals;

pub(crate) static REFUSALS: Refusals = Refusals;

impl log::Log for Refusals {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "cors"
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            eprintln!("cors: {}", record.args());
        }
    }
    fn flush(&self) {}
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>strict-cors demo</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
  table { border-collapse: collapse; width: 100%; }
  td, th { border-bottom: 1px solid #ddd; padding: .5em; text-align: left; vertical-align: top; }
  .allowed { color: #156a15; font-weight: 600; }
  .blocked { color: #a11; font-weight: 600; }
  .miss { background: #fee; }
  pre { margin: 0; white-space: pre-wrap; font-size: 13px; }
  code { background: #f3f3f3; padding: 0 .2em; }
</style>
</head>
<body>
<h1>strict-cors demo</h1>
<p>This page is served from <code id="origin"></code>; the API is on <code>{{API}}</code>, another
origin. Each button calls one endpoint with <code>fetch</code>; the browser decides from the
response headers whether the page may read the answer. Blocked calls reject with a
<code>TypeError</code> (the server log says why a preflight was refused).</p>
<p><button id="run-all">Run all</button></p>
<table>
<thead><tr><th>call</th><th>expected</th><th>outcome</th><th>what the page could read</th></tr></thead>
<tbody id="rows"></tbody>
</table>
<script>
const API = "{{API}}";
const onSubdomain = location.hostname.endsWith(".localhost");
const json = { "content-type": "application/json" };
const scenarios = [
  { id: "public-read", label: "GET /api/products: public read, any origin", expect: "allowed",
    run: () => fetch(API + "/api/products") },
  { id: "credentialed-write", label: "POST /api/orders with credentials and a JSON body (preflighted)", expect: "allowed",
    run: () => fetch(API + "/api/orders", { method: "POST", credentials: "include", headers: json, body: '["tea"]' }) },
  { id: "error-readable", label: "POST /api/orders with bad JSON: the 400 is readable too", expect: "allowed",
    run: () => fetch(API + "/api/orders", { method: "POST", credentials: "include", headers: json, body: "{oops" }) },
  { id: "subdomain", label: "GET /api/tenant: only *.localhost pages", expect: onSubdomain ? "allowed" : "blocked",
    run: () => fetch(API + "/api/tenant") },
  { id: "custom-header", label: "PUT /api/profile with X-Request-Id (allowed and exposed)", expect: "allowed",
    run: () => fetch(API + "/api/profile", { method: "PUT", headers: { "x-request-id": "42" } }) },
  { id: "header-not-allowed", label: "PUT /api/profile with X-Secret (not allowed)", expect: "blocked",
    run: () => fetch(API + "/api/profile", { method: "PUT", headers: { "x-secret": "1" } }) },
  { id: "other-site", label: "DELETE /api/users/7: only https://admin.example.com", expect: "blocked",
    run: () => fetch(API + "/api/users/7", { method: "DELETE", credentials: "include" }) },
  { id: "behind-auth", label: "GET /api/account with a token: auth never sees the preflight", expect: "allowed",
    run: () => fetch(API + "/api/account", { credentials: "include", headers: { authorization: "Bearer demo" } }) },
  { id: "auth-refusal", label: "GET /api/account with a wrong token: the 401 is readable", expect: "allowed",
    run: () => fetch(API + "/api/account", { credentials: "include", headers: { authorization: "Bearer nope" } }) },
];

document.getElementById("origin").textContent = location.origin;
const rows = document.getElementById("rows");
for (const s of scenarios) {
  const tr = document.createElement("tr");
  tr.id = s.id;
  tr.innerHTML = `<td><button>${s.label}</button></td><td>${s.expect}</td><td class="outcome">not run</td><td><pre class="detail"></pre></td>`;
  tr.querySelector("button").onclick = () => run(s);
  rows.appendChild(tr);
}

async function run(s) {
  const tr = document.getElementById(s.id);
  const outcome = tr.querySelector(".outcome");
  const detail = tr.querySelector(".detail");
  outcome.textContent = "…";
  let result, text;
  try {
    const res = await s.run();
    const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
    text = `status ${res.status}\n${headers}\n\n${await res.text()}`;
    result = "allowed";
    outcome.textContent = `allowed (${res.status})`;
  } catch (e) {
    text = `${e.name}: ${e.message}`;
    result = "blocked";
    outcome.textContent = "blocked by the browser";
  }
  outcome.className = "outcome " + result;
  tr.dataset.outcome = result;
  tr.classList.toggle("miss", result !== s.expect);
  detail.textContent = text;
  return result === s.expect;
}

document.getElementById("run-all").onclick = async () => {
  let matched = 0;
  for (const s of scenarios) if (await run(s)) matched++;
  document.body.dataset.done = `${matched}/${scenarios.length}`;
};
</script>
</body>
</html>
"#;
