//! The application's whole CORS surface in one place: every `#[cors]` handler and every `Cors`
//! middleware that has been mounted, with its policy.
//!
//! Routes are recorded when actix-web registers them (when the `App` is built, once per worker;
//! each is listed once), so build the app before reading the report. Read on the thread that
//! built the app (before `HttpServer::run`, say, from `actix_web::test::init_service`), the
//! report gives each handler's full path, the prefixes of the scopes around it included, once
//! per place it is mounted; elsewhere, the path as written on the routing attribute.

use std::fmt::{self, Write as _};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::live::{Current, LivePolicy, Source};

/// Where a policy applies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mount {
    /// A handler with `#[cors]`: its fn name and its path.
    Handler {
        /// Its full path, scope prefixes included (a scope's own segment regexes shown as plain
        /// segments), or, where that is not known, the path on its routing attribute. First:
        /// rows sort by path.
        path: String,
        /// The handler's name.
        name: &'static str,
    },
    /// A scope made with `Cors::scope`: every path under it.
    Scope {
        /// Its full path, the prefixes of the scopes around it included, or, where that is not
        /// known, the path as written.
        path: String,
    },
    /// A `Cors` middleware written with `.wrap(..)`: every path under the `App`, `Scope` or
    /// `Resource` it wraps (actix-web does not tell a middleware which).
    Middleware,
}

/// One policy and where it applies.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where it applies.
    pub mount: Mount,
    /// The methods it covers: the route's, or for a middleware the policy's preflight methods.
    pub methods: Vec<String>,
    source: Source,
}

#[cfg_attr(not(feature = "actix"), allow(dead_code))]
impl Row {
    pub(crate) fn handler(name: &'static str, path: String, methods: &[&str], source: Source) -> Row {
        Row {
            mount: Mount::Handler { name, path },
            methods: methods.iter().map(|m| (*m).to_owned()).collect(),
            source,
        }
    }

    /// A `Cors` middleware's row: its methods are the policy's preflight methods, read when a
    /// report is made (see [`with_methods_of`](Row::with_methods_of)).
    pub(crate) fn middleware(mount: Mount, source: Source) -> Row {
        Row { mount, methods: Vec::new(), source }
    }

    /// A middleware's row with the methods of `policy`, its policy as it is now (a live
    /// policy's may have been reloaded since the row was recorded); a handler's are its
    /// route's, which do not change.
    fn with_methods_of(mut self, policy: &Current) -> Row {
        if !matches!(self.mount, Mount::Handler { .. }) {
            self.methods = policy.methods().map(str::to_owned).collect();
        }
        self
    }

    /// The policy, as it is in force now.
    pub fn policy(&self) -> Current {
        self.source.current()
    }

    /// The live policy it comes from, if it is one: it may be reloaded.
    pub fn live(&self) -> Option<&'static LivePolicy> {
        match self.source {
            Source::Live(live) => Some(live),
            Source::Fixed(_) => None,
        }
    }

    /// The origins as written: `*`, exact origins and patterns, `regex(..)`.
    pub fn origins(&self) -> Vec<String> {
        origins_of(&self.policy())
    }

    fn same_place(&self, other: &Row) -> bool {
        self.mount == other.mount && self.source.same(other.source)
    }
}

/// The origins of `policy` as written.
fn origins_of(policy: &Current) -> Vec<String> {
    let parts = policy.parts();
    if parts.any_origin {
        return vec!["*".to_owned()];
    }
    let literals = parts.origins.iter().map(ToString::to_string);
    literals.chain(parts.regexes.iter().map(|r| format!("regex({r})"))).collect()
}

static ROWS: Mutex<Vec<Row>> = Mutex::new(Vec::new());

/// Records a mounted policy, once.
#[cfg_attr(not(feature = "actix"), allow(dead_code))]
pub(crate) fn record(row: Row) {
    let mut rows = ROWS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !rows.iter().any(|r| r.same_place(&row)) {
        rows.push(row);
    }
}

/// Every policy mounted so far, handlers by path then middlewares.
///
/// ```
/// use actix_web::{App, HttpResponse, Responder, get, test};
/// use strict_cors::cors;
///
/// #[cors(origins = ["https://app.example.com"], credentials, max_age = 600)]
/// #[get("/account")]
/// async fn account() -> impl Responder {
///     HttpResponse::Ok()
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let _app = test::init_service(App::new().service(account)).await;
/// let report = strict_cors::report();
/// let row = report.rows().iter().find(|r| r.methods == ["GET"]).unwrap();
/// assert_eq!(row.origins(), ["https://app.example.com"]);
/// println!("{report}");
/// # });
/// ```
pub fn report() -> Report {
    let mut rows = ROWS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    #[cfg(feature = "actix")]
    {
        // Built on this thread: each handler where it is mounted, with its full path.
        use crate::actix::Mounted;
        let mut mounted: Vec<Row> = crate::actix::mounted_here()
            .into_iter()
            .map(|mounted| match mounted {
                Mounted::Route(route, full) => {
                    Row::handler(route.handler, full.pattern, route.methods, route.source)
                }
                Mounted::Scope(path, source, ..) => Row::middleware(Mount::Scope { path }, source),
            })
            .collect();
        if !mounted.is_empty() {
            mounted.dedup_by(|a, b| a.same_place(b));
            rows.retain(|row| row.mount == Mount::Middleware);
            for row in mounted {
                if !rows.iter().any(|r| r.same_place(&row)) {
                    rows.push(row);
                }
            }
        }
    }
    rows.sort_by(|a, b| a.mount.cmp(&b.mount));
    let in_force: Vec<(Current, Option<SystemTime>)> =
        rows.iter().map(|row| (row.policy(), row.live().and_then(LivePolicy::reloaded_at))).collect();
    let rows =
        rows.into_iter().zip(&in_force).map(|(row, (policy, _))| row.with_methods_of(policy)).collect();
    Report { rows, in_force }
}

/// A snapshot of the mounted policies; displays as a table.
#[derive(Clone, Debug)]
pub struct Report {
    rows: Vec<Row>,
    /// Each row's policy as it was when the report was made, and when a live one was last
    /// reloaded, for the table: a live policy reloaded meanwhile shows whole, never half old
    /// and half new, beside the time of the reload that made it.
    in_force: Vec<(Current, Option<SystemTime>)>,
}

impl Report {
    /// The rows.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
}

const HEADINGS: [&str; 8] =
    ["where", "path", "methods", "origins", "credentials", "max-age", "private network", "live"];

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
        let cells: Vec<[String; 8]> = self
            .rows
            .iter()
            .zip(&self.in_force)
            .map(|(row, (policy, reloaded_at))| {
                let (place, path) = match &row.mount {
                    Mount::Handler { name, path } => (format!("#[cors] {name}"), path.clone()),
                    Mount::Scope { path } => ("Cors::scope".to_owned(), format!("{path}/*")),
                    Mount::Middleware => ("Cors middleware".to_owned(), "(all it wraps)".to_owned()),
                };
                let live = match (row.live(), reloaded_at) {
                    (None, _) => "no".to_owned(),
                    (Some(_), None) => "yes, never reloaded".to_owned(),
                    (Some(_), Some(at)) => {
                        let ago = at.elapsed().unwrap_or_default().as_secs();
                        format!("yes, reloaded {ago} s ago")
                    }
                };
                [
                    place,
                    path,
                    row.methods.join(", "),
                    origins_of(policy).join(", "),
                    yes_no(policy.allows_credentials()),
                    policy.max_age_value().unwrap_or("-").to_owned(),
                    yes_no(policy.allows_private_network()),
                    live,
                ]
            })
            .collect();
        let mut widths = HEADINGS.map(str::len);
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, cells: &[&str]| {
            let mut text = String::new();
            for (cell, width) in cells.iter().zip(widths) {
                let _ = write!(text, "{cell:<width$}  ");
            }
            writeln!(f, "{}", text.trim_end())
        };
        line(f, &HEADINGS)?;
        line(f, &widths.map(|w| "-".repeat(w)).iter().map(String::as_str).collect::<Vec<_>>())?;
        for row in &cells {
            line(f, &row.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        Ok(())
    }
}
