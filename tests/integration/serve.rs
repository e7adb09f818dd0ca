//! `rosette serve` as a user runs it: the real binary on a free port, spoken to with raw
//! HTTP/1.1 over a TcpStream. It answers with the right content types, rebuilds after an
//! edit, and keeps serving the last good build (while reporting the error) after a bad one.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::fixture;

/// Upper bound of every wait (polled, so passing runs never wait this long): a debug build of
/// the site takes seconds of CPU, and a loaded CI machine may run several test binaries at once.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `rosette serve`, killed when dropped (also when a test fails).
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `rosette serve SITE --port 0` without a key and waits for the URL it prints.
    fn start(site: &Path) -> Server {
        Server::start_with(site, &["--port", "0"], &[])
    }

    /// Starts `rosette serve SITE` with more arguments and environment variables, without a
    /// key, and waits for the URL it prints.
    fn start_with(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rosette"))
            .args(["serve", "--site", site.to_str().unwrap()])
            .args(args)
            .envs(env.iter().copied())
            .env("SOURCE_DATE_EPOCH", "1795737600") // 2026-11-27T00:00:00Z
            .env_remove("ROSETTE_SIGNING_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (stdout, sink) = (child.stdout.take().unwrap(), Arc::clone(&stderr));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&std::mem::take(&mut line));
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line =
            rx.recv_timeout(PATIENCE).unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", stderr.lock().unwrap()));
        let port = line
            .strip_prefix("serving http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix("/ (Ctrl-C to stop)"))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line: {line}"));
        Server { child, port, stderr }
    }

    fn get(&self, path: &str) -> Reply {
        self.get_from(&format!("127.0.0.1:{}", self.port), path)
    }

    /// GET `path` with the `Host` header `host`, as a browser that reached the server by that name.
    fn get_from(&self, host: &str, path: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no header end: {raw}"));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
        Reply { status, head: head.to_ascii_lowercase(), body: body.to_string() }
    }

    /// Polls `path` until `done` holds for its reply.
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(path);
            if done(&reply) {
                return reply;
            }
            assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}; stderr:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

struct Reply {
    status: u16,
    /// Status line and headers, lower-cased.
    head: String,
    body: String,
}

impl Reply {
    fn content_type(&self) -> &str {
        self.head.lines().find_map(|line| line.strip_prefix("content-type: ")).unwrap_or("")
    }
}

/// The live-reload event stream, as an open page sees it.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(stream, "GET /__rosette/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", server.port).unwrap();
        Events { stream, seen: String::new() }
    }

    /// Reads until `needle` appears after byte `from` of the stream; returns where it ends.
    fn wait_for(&mut self, needle: &str, from: usize) -> usize {
        let start = Instant::now();
        let mut buffer = [0; 4096];
        loop {
            if let Some(at) = self.seen.get(from..).and_then(|rest| rest.find(needle)) {
                return from + at + needle.len();
            }
            assert!(start.elapsed() < PATIENCE, "no `{needle}` in the event stream:\n{}", self.seen);
            match self.stream.read(&mut buffer) {
                Ok(0) => panic!("the event stream ended:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(_) => {} // read timeout: look again
            }
        }
    }
}

/// A copy of the golden site (without its expected output) to edit.
fn site_copy() -> tempfile::TempDir {
    let work = tempfile::tempdir().unwrap();
    let from = fixture("build_golden_site");
    for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
        let relative = entry.path().strip_prefix(&from).unwrap();
        if entry.file_type().is_file() && !relative.starts_with("expected") {
            let to = work.path().join(relative);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    work
}

#[test]
fn serve_answers_with_content_types_and_a_preview_banner() {
    let site = site_copy();
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!((home.status, home.content_type()), (200, "text/html; charset=utf-8"), "{}", home.head);
    assert!(home.body.contains("class=\"preview-banner\""), "no preview banner:\n{}", home.body);
    assert!(home.body.contains("/__rosette/events"), "no live-reload script:\n{}", home.body);
    // Absolute addresses are the server's; links within the site are paths.
    let canonical = format!("<link rel=\"canonical\" href=\"http://127.0.0.1:{}/\">", server.port);
    assert!(home.body.contains(&canonical) && home.body.contains("href=\"/badges/first-program/\""), "{}", home.body);
    assert!(server.stderr().contains("throwaway preview key"), "{}", server.stderr());

    let badge = server.get("/badges/first-program/");
    assert_eq!((badge.status, badge.content_type()), (200, "text/html; charset=utf-8"));
    assert!(badge.body.contains("class=\"preview-banner\""));
    let json = server.get("/badges/first-program/ob2.json");
    assert_eq!((json.status, json.content_type()), (200, "application/json"));
    assert!(!json.body.contains("__rosette"), "the reload script belongs in HTML only");
    assert!(json.body.contains(&format!("\"id\":\"http://127.0.0.1:{}/badges/first-program/ob2.json\"", server.port)));
    assert_eq!(server.get("/badges/first-program/image.svg").content_type(), "image/svg+xml");
    assert_eq!(server.get("/issuers/harbour/image.png").content_type(), "image/png");
    assert_eq!(server.get("/sitemap.xml").content_type(), "application/xml");

    let folder = server.get("/badges/first-program");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("location: /badges/first-program/"), "{}", folder.head);
    let missing = server.get("/no/such/page");
    assert_eq!((missing.status, missing.content_type()), (404, "text/html; charset=utf-8"));
    assert!(missing.body.contains("/__rosette/events"));
    for bad in ["/../site.toml", "/badges/%2e%2e/%2e%2e/site.toml", "//etc/passwd"] {
        assert_eq!(server.get(bad).status, 400, "{bad}");
    }
    assert!(!site.path().join("public").exists(), "serve must not write the site's output folder");
}

#[test]
fn serve_rebuilds_after_an_edit_and_survives_a_broken_edit() {
    let site = site_copy();
    let server = Server::start(site.path());
    let mut events = Events::open(&server);
    let mut at = events.wait_for("event: ok", 0);

    let badge = site.path().join("badges/first-program.md");
    let text = std::fs::read_to_string(&badge).unwrap();
    std::fs::write(&badge, text.replacen("name = \"First Program\"", "name = \"Hello World Hero\"", 1)).unwrap();
    server.wait_for("/badges/first-program/", "the new badge name", |r| r.body.contains("Hello World Hero"));
    at = events.wait_for("event: ok", at);

    let issuer = site.path().join("issuers/harbour.toml");
    let good = std::fs::read_to_string(&issuer).unwrap();
    std::fs::write(&issuer, format!("{good}\nurl = = broken\n")).unwrap();
    at = events.wait_for("event: broken", at);
    at = events.wait_for("harbour.toml", at);
    let status = server.get("/__rosette/status");
    assert!(status.body.starts_with("error\n") && status.body.contains("harbour.toml"), "{}", status.body);
    let page = server.get("/badges/first-program/");
    assert_eq!(page.status, 200, "the last good build must stay served");
    assert!(page.body.contains("Hello World Hero"));
    server.wait_for("/", "the error in the terminal", |_| server.stderr().contains("harbour.toml"));

    std::fs::write(&issuer, good).unwrap();
    events.wait_for("event: ok", at);
    let status = server.get("/__rosette/status");
    assert!(status.body.starts_with("ok "), "{}", status.body);
    assert_eq!(server.get("/badges/first-program/").status, 200);
    assert!(server.stderr().contains("rebuilt"), "{}", server.stderr());
}

#[test]
fn serve_splits_every_line_break_of_an_error_into_data_lines() {
    let site = site_copy();
    let server = Server::start(site.path());
    let mut events = Events::open(&server);
    let at = events.wait_for("event: ok", 0);
    // A key with bare CRs: in the error text they would end the `data:` field and forge an
    // `ok` event (the page would reload as if the site built) with data of the key's choosing.
    let issuer = site.path().join("issuers/harbour.toml");
    let good = std::fs::read_to_string(&issuer).unwrap();
    std::fs::write(&issuer, format!("\"x\\revent: ok\\rdata: forged\" = 1\n{good}")).unwrap();
    let start = events.wait_for("event: broken\n", at);
    let end = events.wait_for("forged", start);
    let end = events.wait_for("\n\n", end);
    let event = &events.seen[start..end];
    // Split as a browser splits an event stream: CR LF, LF, or a lone CR ends a line.
    let lines: Vec<&str> = event.split("\r\n").flat_map(|part| part.split(['\r', '\n'])).collect();
    let (fields, blank) = lines.split_at(lines.len() - 2);
    assert_eq!(blank, ["", ""], "{event:?}");
    assert!(fields.iter().all(|line| line.starts_with("data: ")), "a line of the error is not a data line: {event:?}");
    assert!(fields.contains(&"data: event: ok"), "{event:?}");
}

#[test]
fn serve_times_out_stalled_headers_and_caps_connections() {
    let site = site_copy();
    let server = Server::start(site.path());
    assert_eq!(server.get("/").status, 200);
    // As many connections as the server serves at once (MAX_CONNECTIONS in src/serve/http.rs),
    // sending nothing, or half a request.
    let start = Instant::now();
    let stalled: Vec<TcpStream> = (0..128)
        .map(|i| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            if i % 2 == 0 {
                write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n", server.port).unwrap();
            }
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    // One more waits for a free slot: it is answered once the stalled ones have timed out.
    let reply = server.get("/");
    let waited = start.elapsed();
    assert_eq!(reply.status, 200);
    assert!(waited >= Duration::from_secs(4), "answered after {waited:?}: connections are not capped");
    for mut stream in stalled {
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut rest = Vec::new();
        let closed = stream.read_to_end(&mut rest);
        assert!(closed.is_ok() || start.elapsed() < PATIENCE, "a stalled connection was never closed");
        assert!(!String::from_utf8_lossy(&rest).contains("200 OK"), "{}", String::from_utf8_lossy(&rest));
    }
    let closed_after = start.elapsed();
    assert!(closed_after < Duration::from_secs(30), "stalled connections were closed only after {closed_after:?}");
}

/// The default port is busy (another serve, say): serve takes the next free one and says so.
#[test]
fn serve_moves_on_from_a_busy_default_port() {
    // Held for the whole test; already busy is as good.
    let _holder = std::net::TcpListener::bind(("127.0.0.1", 4180));
    let site = site_copy();
    let server = Server::start_with(site.path(), &[], &[]);
    assert_ne!(server.port, 4180);
    let note = format!("note: port 4180 is busy (another rosette serve?); serving on {}\n", server.port);
    assert!(server.stderr().starts_with(&note), "{}", server.stderr());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    // Absolute addresses are the server's; links within the site are paths.
    let canonical = format!("<link rel=\"canonical\" href=\"http://127.0.0.1:{}/\">", server.port);
    assert!(home.body.contains(&canonical) && home.body.contains("href=\"/badges/first-program/\""), "{}", home.body);
}

/// `--open` hands the URL to the browser the BROWSER variable names, once the site is served.
#[test]
fn serve_opens_the_browser_named_by_browser() {
    let site = site_copy();
    let work = tempfile::tempdir().unwrap();
    let (script, opened) = (work.path().join("browser.sh"), work.path().join("opened.txt"));
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", opened.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let server = Server::start_with(site.path(), &["--port", "0", "--open"], &[("BROWSER", script.to_str().unwrap())]);
    let expected = format!("http://127.0.0.1:{}/\n", server.port);
    server.wait_for("/", "the URL in the browser script", |_| {
        std::fs::read_to_string(&opened).is_ok_and(|text| text == expected)
    });
    assert!(!server.stderr().contains("could not open a browser"), "{}", server.stderr());
}

/// On every address, other devices reach serve by IP address; host names that could be
/// rebound to this machine by a web page elsewhere are still refused.
#[test]
fn serve_on_every_address_refuses_host_names_but_answers_ip_addresses() {
    let site = site_copy();
    let server = Server::start_with(site.path(), &["--bind", "0.0.0.0", "--port", "0"], &[]);
    let port = server.port;
    let refused = server.get_from(&format!("evil.example:{port}"), "/");
    assert_eq!(refused.status, 403, "{}", refused.head);
    assert!(refused.body.contains("not for other host names"), "{}", refused.body);
    for host in [format!("127.0.0.1:{port}"), format!("192.0.2.7:{port}"), format!("[2001:db8::7]:{port}")] {
        let home = server.get_from(&host, "/");
        assert_eq!(home.status, 200, "{host}");
    }
    assert_eq!(server.get_from(&format!("localhost.evil.example:{port}"), "/").status, 403);
    assert!(
        server.stderr().starts_with(&format!(
            "warning: listening on 0.0.0.0:{port}: everyone who can reach this machine on the network can see the \
             preview\nnote: links in the preview lead to http://127.0.0.1:{port}/, on this machine only; for links \
             that work on other devices, add --base-url http://<this machine's address>:{port}/ --port {port}\n"
        )),
        "{}",
        server.stderr()
    );
}
