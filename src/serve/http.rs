//! The HTTP side of `rosette serve`: hyper on a current-thread tokio runtime.
//!
//! Requests are answered from the build in memory. Paths are decoded and checked before they
//! are looked up (no `..`, no absolute paths), `Host` must be a name that cannot be rebound
//! (see [`Hosts`]: a web page elsewhere cannot read the preview through DNS rebinding), and
//! nothing is cached, since the next edit changes everything.
//!
//! A client gets [`HEADER_TIMEOUT`] to send each request's headers (a connection that sends
//! nothing would otherwise be held forever), and at most [`MAX_CONNECTIONS`] connections are
//! served at once; more wait in the system's backlog until one closes.

use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{Semaphore, watch};

use super::address::Hosts;
use super::{State, reload};
use crate::error::{Error, Result};

type Body = BoxBody<Bytes, Infallible>;

/// Path of a plain-text summary of the current state, for scripts and tests.
const STATUS_PATH: &str = "/__rosette/status";
/// How long a client may take to send a request's headers (also between requests on a
/// kept-alive connection): browsers on this machine take milliseconds.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once: every open page holds one for its live-reload stream, and a
/// browser opens a few more per page; more than this is something other than a person.
pub(super) const MAX_CONNECTIONS: usize = 128;

/// Answers requests on `listener` until the process ends; fails only if it cannot start.
pub(super) fn serve(listener: TcpListener, states: watch::Receiver<State>, hosts: Hosts) -> Result<()> {
    let hosts = Arc::new(hosts);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::failed("cannot start the web server", e))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| Error::failed("cannot start the web server", e))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| Error::failed("cannot start the web server", e))?;
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        loop {
            // Never closed, so never an error; a connection frees its slot when it ends.
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { continue };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors and the like: wait for connections to close.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let (states, hosts) = (states.clone(), Arc::clone(&hosts));
            tokio::spawn(async move {
                let _slot = slot;
                let service = service_fn(move |request| {
                    let response = respond(&request, &states, &hosts);
                    async move { Ok::<_, Infallible>(response) }
                });
                // A client that hangs up mid-request is not our problem.
                let _ = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

/// The response to one request, given the state served right now.
fn respond(request: &Request<Incoming>, states: &watch::Receiver<State>, hosts: &Hosts) -> Response<Body> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are supported\n");
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if !hosts.allows(request.headers().get(header::HOST)) {
        return text(
            StatusCode::FORBIDDEN,
            "rosette serve answers requests for 127.0.0.1 and localhost (also any IP address with a --bind \
             beyond this machine, and the host of --base-url), not for other host names\n",
        );
    }
    let path = request.uri().path();
    if path == reload::EVENTS_PATH {
        let mut response = Response::new(reload::events(states.clone()).boxed());
        set_type(&mut response, "text/event-stream");
        return response;
    }
    let state = states.borrow().clone();
    if path == STATUS_PATH {
        let body = match (&state.error, &state.site) {
            (Some(error), _) => format!("error\n{error}\n"),
            (None, Some(site)) => format!("ok {}\n", site.token),
            (None, None) => "ok\n".to_string(),
        };
        return text(StatusCode::OK, &body);
    }
    let mut response = page(&state, path);
    if request.method() == Method::HEAD {
        // Same headers, no body: say how long the body would have been.
        let length = response.body().size_hint().exact().unwrap_or(0);
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        *response.body_mut() = Full::new(Bytes::new()).boxed();
    }
    response
}

/// A file of the build, a redirect to a folder's `/`, or the site's 404 page.
fn page(state: &State, path: &str) -> Response<Body> {
    let Some(relative) = resolve(path) else {
        return text(StatusCode::BAD_REQUEST, "bad path: `..`, `.`, empty or absolute segments are refused\n");
    };
    let Some(site) = &state.site else {
        let error = state.error.as_deref().unwrap_or("the site has not been built yet");
        return file(StatusCode::INTERNAL_SERVER_ERROR, "error.html", Bytes::from(reload::error_page(error)), None);
    };
    if let Some(bytes) = site.files.get(&relative) {
        return file(StatusCode::OK, &relative, bytes.clone(), Some(&site.token));
    }
    if site.files.contains_key(&format!("{relative}/index.html")) {
        let mut response = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
        if let Ok(location) = HeaderValue::from_str(&format!("{}/", path.trim_end_matches('/'))) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    match site.files.get("404.html") {
        Some(bytes) => file(StatusCode::NOT_FOUND, "404.html", bytes.clone(), Some(&site.token)),
        None => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// A file's response; HTML pages get the live-reload script of the build `token`.
fn file(status: StatusCode, path: &str, bytes: Bytes, token: Option<&str>) -> Response<Body> {
    let content_type = content_type(path);
    let bytes = match token {
        Some(token) if content_type.starts_with("text/html") => Bytes::from(reload::inject(&bytes, token)),
        _ => bytes,
    };
    let mut response = Response::new(Full::new(bytes).boxed());
    *response.status_mut() = status;
    set_type(&mut response, content_type);
    response
}

fn text(status: StatusCode, body: &str) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())).boxed());
    *response.status_mut() = status;
    set_type(&mut response, "text/plain; charset=utf-8");
    response
}

fn set_type(response: &mut Response<Body>, content_type: &'static str) {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
}

/// The plan path a URL path names (`/a/` → `a/index.html`), or `None` if it tries to leave
/// the site: `..`, `.`, empty segments, backslashes, NUL, or an absolute path.
fn resolve(path: &str) -> Option<String> {
    let decoded = crate::escape::percent_decode(path)?;
    let relative = decoded.strip_prefix('/')?;
    let (folders, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let safe = |segment: &str| {
        !segment.is_empty() && segment != "." && segment != ".." && !segment.contains(['\\', '\0', ':'])
    };
    if !folders.is_empty() && !folders.split('/').all(safe) {
        return None;
    }
    if relative.starts_with('/') || (!name.is_empty() && !safe(name)) {
        return None;
    }
    Some(if name.is_empty() { format!("{relative}index.html") } else { relative.to_string() })
}

/// The `Content-Type` of a file, by extension.
fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_only() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(resolve("/badges/a/").as_deref(), Some("badges/a/index.html"));
        assert_eq!(resolve("/badges/a/ob2.json").as_deref(), Some("badges/a/ob2.json"));
        assert_eq!(resolve("/static/my%20file.txt").as_deref(), Some("static/my file.txt"));
        assert_eq!(resolve("/badges/a").as_deref(), Some("badges/a"));
        for bad in ["", "x", "/../site.toml", "/a/../b", "/a/./b", "//etc/passwd", "/a//b", "/%2e%2e/x", "/a%2f..%2fb"]
        {
            assert_eq!(resolve(bad), None, "{bad}");
        }
        for bad in ["/..", "/a\\..\\b", "/c:/x", "/%00", "/%zz", "/%ff"] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a/ob2.json"), "application/json");
        assert_eq!(content_type("static/rosette.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("b/image.SVG"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
    }
}
