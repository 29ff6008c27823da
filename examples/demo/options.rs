//! Ports from flags or environment variables.

use std::env;

pub(crate) const USAGE: &str =
    "The strict-cors demo: an API whose handlers carry CORS policies, and a page on
another origin whose buttons call them and show what the browser allowed.

usage: cargo run --example demo -- [--api-port N] [--page-port N] [--report]
  --api-port N    the API's port on 127.0.0.1 (default 8080)
  --page-port N   the page's port on localhost (default 8081)
  --report        print every CORS policy the API serves, then exit
  -h, --help      print this and exit
environment: CORS_DEMO_API_PORT, CORS_DEMO_PAGE_PORT (flags win)";

/// What the command line asks for.
pub(crate) enum Command {
    Run(Options),
    Help,
}

pub(crate) struct Options {
    pub(crate) api_port: u16,
    pub(crate) page_port: u16,
    /// Print the policy report instead of serving.
    pub(crate) report: bool,
}

impl Options {
    pub(crate) fn from_env_and_args() -> Result<Command, String> {
        let mut options = Options {
            api_port: port_from_env("CORS_DEMO_API_PORT", 8080)?,
            page_port: port_from_env("CORS_DEMO_PAGE_PORT", 8081)?,
            report: false,
        };
        let mut args = env::args().skip(1);
        while let Some(flag) = args.next() {
            if flag == "--report" {
                options.report = true;
                continue;
            }
            let slot = match flag.as_str() {
                "--api-port" => &mut options.api_port,
                "--page-port" => &mut options.page_port,
                "-h" | "--help" => return Ok(Command::Help),
                other => return Err(format!("unknown argument `{other}`")),
            };
            let value = args.next().ok_or_else(|| format!("`{flag}` needs a port number"))?;
            *slot = parse_port(&flag, &value)?;
        }
        if options.api_port == options.page_port {
            return Err("the API and the page need two different ports".into());
        }
        Ok(Command::Run(options))
    }
}

fn port_from_env(name: &str, default: u16) -> Result<u16, String> {
    match env::var(name) {
        Ok(value) => parse_port(name, &value),
        Err(_) => Ok(default),
    }
}

fn parse_port(name: &str, value: &str) -> Result<u16, String> {
    value.parse().map_err(|_| format!("`{name}`: `{value}` is not a port number (1-65535)"))
}
