//! Starting each browser engine headless, on loopback, with a WebDriver session that is always
//! closed: a killed geckodriver leaves Firefox running, so the session is deleted in `Drop`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Chromium,
    Firefox,
    WebKit,
}

pub(crate) const ALL: [Kind; 3] = [Kind::Chromium, Kind::Firefox, Kind::WebKit];

impl Kind {
    /// The engine `strict_cors::testing` models for it.
    pub(crate) fn modelled(self) -> strict_cors::testing::Engine {
        match self {
            Kind::Chromium => strict_cors::testing::Engine::Chromium,
            Kind::Firefox => strict_cors::testing::Engine::Firefox,
            Kind::WebKit => strict_cors::testing::Engine::WebKit,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Chromium => "chromium",
            Kind::Firefox => "firefox",
            Kind::WebKit => "webkit",
        }
    }

    /// The programs this engine needs, and how to install them.
    fn requirements(self) -> (&'static [&'static str], &'static str) {
        match self {
            Kind::Chromium => (&["chromium", "chromedriver"], "apt-get install chromium chromium-driver"),
            Kind::Firefox => (
                &["firefox-esr", "geckodriver"],
                "apt-get install firefox-esr && cargo install --locked geckodriver",
            ),
            Kind::WebKit => (
                &["WebKitWebDriver", "Xvfb", MINIBROWSER],
                "apt-get install webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb",
            ),
        }
    }
}

const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A child process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running engine with an open session.
pub(crate) struct Engine {
    pub(crate) kind: Kind,
    pub(crate) client: Client,
    session: Session,
    // Dropped after the session: the driver, then the display it draws on.
    _driver: Process,
    _display: Option<Process>,
}

impl Engine {
    /// The browser's version, as its WebDriver server reported it when the session opened.
    pub(crate) fn version(&self) -> String {
        let capabilities = self.client.capabilities();
        let version = capabilities.and_then(|c| c.get("browserVersion")).and_then(|v| v.as_str());
        version.unwrap_or("(version not reported)").to_owned()
    }

    /// Ends the session cleanly.
    pub(crate) async fn close(mut self) {
        let client = self.client.clone();
        if client.close().await.is_ok() {
            self.session.closed = true;
        }
    }
}

/// Deletes the WebDriver session when dropped unless it was closed, with a blocking request, so
/// that it happens during a panic too.
struct Session {
    driver: String,
    id: String,
    closed: bool,
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.closed {
            let _ = blocking_request(&self.driver, "DELETE", &format!("/session/{}", self.id));
        }
    }
}

fn blocking_request(host_port: &str, method: &str, path: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(host_port)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host_port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    // The status line is enough: drivers may keep the connection open after the body.
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status)?;
    Ok(status)
}

/// Where a program is: on `PATH`, or at an absolute path.
fn find(program: &str) -> Option<std::path::PathBuf> {
    if Path::new(program).is_absolute() {
        return Path::new(program).exists().then(|| program.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())
}

/// Missing programs, as a message that says how to install them.
pub(crate) fn missing(kind: Kind) -> Option<String> {
    let (programs, install) = kind.requirements();
    let absent: Vec<&str> = programs.iter().copied().filter(|p| find(p).is_none()).collect();
    (!absent.is_empty())
        .then(|| format!("{}: {} not found; install with `{install}`", kind.name(), absent.join(", ")))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Reads the child's output until `find` recognizes a line, or gives up after a while.
fn wait_for_line(
    stdout: ChildStdout,
    find: impl Fn(&str) -> Option<String> + Send + 'static,
) -> Option<String> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(found) = find(&line) {
                let _ = send.send(found);
            }
        }
    });
    receive.recv_timeout(Duration::from_secs(30)).ok()
}

fn wait_until_listening(host_port: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if blocking_request(host_port, "GET", "/status").is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no WebDriver listening on {host_port}");
}

fn spawn(command: &mut Command) -> Child {
    command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {command:?}: {e}"))
}

/// Starts `kind` and opens a session. Panics if the engine is installed but does not start.
pub(crate) async fn launch(kind: Kind, profile: &Path) -> Engine {
    let (driver, display, host_port, capabilities) = match kind {
        Kind::Chromium => {
            let mut child = spawn(Command::new("chromedriver").arg("--port=0").stdout(Stdio::piped()));
            let stdout = child.stdout.take().expect("piped");
            let port = wait_for_line(stdout, |line| {
                line.split("started successfully on port ").nth(1).map(|p| p.trim_end_matches('.').to_owned())
            })
            .expect("chromedriver prints its port");
            let args = [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1200,1000",
            ];
            let mut args: Vec<String> = args.map(String::from).to_vec();
            args.push(format!("--user-data-dir={}", profile.display()));
            let options = json!({ "binary": find("chromium"), "args": args });
            let capabilities =
                json!({ "goog:chromeOptions": options, "goog:loggingPrefs": { "browser": "ALL" } });
            (Process(child), None, format!("127.0.0.1:{port}"), capabilities)
        }
        Kind::Firefox => {
            let mut child = spawn(
                Command::new("geckodriver")
                    .args(["--port", "0", "--profile-root"])
                    .arg(profile)
                    .env("MOZ_REMOTE_SETTINGS_DEVTOOLS", "1")
                    .stdout(Stdio::piped()),
            );
            let stdout = child.stdout.take().expect("piped");
            let host_port =
                wait_for_line(stdout, |line| line.split("Listening on ").nth(1).map(|a| a.trim().to_owned()))
                    .expect("geckodriver prints its address");
            // Keep Firefox off the network: remote settings at a dead loopback port.
            let prefs = json!({
                "services.settings.server": "http://127.0.0.1:1/",
                "network.captive-portal-service.enabled": false,
                "app.update.disabledForTesting": true,
                "browser.safebrowsing.provider.mozilla.updateURL": "",
                "network.connectivity-service.enabled": false,
            });
            let options = json!({ "binary": find("firefox-esr"), "args": ["-headless"], "prefs": prefs });
            (Process(child), None, host_port, json!({ "moz:firefoxOptions": options }))
        }
        Kind::WebKit => {
            let mut xvfb = spawn(
                Command::new("Xvfb")
                    .args(["-displayfd", "1", "-screen", "0", "1200x1000x24"])
                    .stdout(Stdio::piped()),
            );
            let stdout = xvfb.stdout.take().expect("piped");
            let display =
                wait_for_line(stdout, |line| Some(line.trim().to_owned())).expect("Xvfb prints its display");
            let port = free_port();
            let child = spawn(
                Command::new("WebKitWebDriver")
                    .arg(format!("--port={port}"))
                    .env("DISPLAY", format!(":{display}"))
                    .stdout(Stdio::null()),
            );
            let options = json!({ "binary": MINIBROWSER, "args": ["--automation"] });
            (
                Process(child),
                Some(Process(xvfb)),
                format!("127.0.0.1:{port}"),
                json!({ "webkitgtk:browserOptions": options }),
            )
        }
    };
    wait_until_listening(&host_port);
    let mut capabilities: Capabilities = match capabilities {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("capabilities are an object"),
    };
    capabilities.insert("timeouts".into(), json!({ "script": 20_000, "pageLoad": 20_000 }));
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://{host_port}"))
        .await
        .unwrap_or_else(|e| panic!("{}: no session: {e}", kind.name()));
    let id = client.session_id().await.ok().flatten().unwrap_or_default();
    Engine {
        kind,
        client,
        session: Session { driver: host_port, id, closed: false },
        _driver: driver,
        _display: display,
    }
}

/// The messages Chromium's console logged since the last read, through chromedriver's log
/// command (`goog:loggingPrefs`); other engines' drivers have none.
#[derive(Debug)]
struct ConsoleLog;

impl fantoccini::wd::WebDriverCompatibleCommand for ConsoleLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

impl Engine {
    /// What the console logged since the last call, for Chromium; `None` for the others.
    pub(crate) async fn console(&self) -> Option<Vec<String>> {
        if self.kind != Kind::Chromium {
            return None;
        }
        let entries = self.client.issue_cmd(ConsoleLog).await.ok()?;
        let messages = entries.as_array()?.iter().filter_map(|e| e["message"].as_str().map(str::to_owned));
        Some(messages.collect())
    }
}
