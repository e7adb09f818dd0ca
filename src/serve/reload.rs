//! Live reload: a Server-Sent Events stream per open page, and the script that listens to it.
//!
//! The script goes only into HTML responses of the server, never into the build plan, so a
//! preview's files stay byte for byte what `rosette build` would write. Each page carries the
//! token of the build it came from; the stream announces the token of every new build
//! (`event: ok`) or the text of the latest error (`event: broken`). A page reloads when the
//! token differs from its own and shows an overlay on error, while the server keeps serving
//! the last good build underneath.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame};
use tokio::sync::{mpsc, watch};

use super::State;

/// Path of the event stream.
pub(super) const EVENTS_PATH: &str = "/__rosette/events";
/// A comment line this often tells the stream's task when the page has gone.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The response body of an event stream: frames sent by the stream's task.
pub(super) struct EventStream {
    frames: mpsc::Receiver<Bytes>,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.frames.poll_recv(cx).map(|frame| frame.map(|bytes| Ok(Frame::data(bytes))))
    }
}

/// Opens an event stream that reports the current state now and every new one after.
pub(super) fn events(mut states: watch::Receiver<State>) -> EventStream {
    let (tx, frames) = mpsc::channel(8);
    tokio::spawn(async move {
        // Browsers reconnect after `retry` ms when the server restarts.
        let first = format!("retry: 1000\n{}", message(&states.borrow_and_update()));
        if tx.send(Bytes::from(first)).await.is_err() {
            return;
        }
        let mut keepalive = tokio::time::interval(KEEPALIVE);
        keepalive.tick().await;
        loop {
            let frame = tokio::select! {
                changed = states.changed() => match changed {
                    Ok(()) => message(&states.borrow_and_update()),
                    Err(_) => return,
                },
                _ = keepalive.tick() => ": keepalive\n\n".to_string(),
                () = tx.closed() => return,
            };
            if tx.send(Bytes::from(frame)).await.is_err() {
                return;
            }
        }
    });
    EventStream { frames }
}

/// The event for a state: the error's text, or the token of the build being served.
pub(super) fn message(state: &State) -> String {
    match (&state.error, &state.site) {
        (Some(error), _) => {
            let data: String = data_lines(error).map(|line| format!("data: {line}\n")).collect();
            format!("event: broken\n{data}\n")
        }
        (None, Some(site)) => format!("event: ok\ndata: {}\n\n", site.token),
        (None, None) => "event: ok\ndata: none\n\n".to_string(),
    }
}

/// The lines of `text` as an event stream splits them: at CR LF, LF and also a lone CR
/// (`str::lines` keeps a lone CR inside a line, where it would end the `data:` field and start
/// a field of the text's choosing, such as `event: ok`). One `data:` line each; the browser
/// joins them with newlines.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    text.split("\r\n").flat_map(|part| part.split(['\r', '\n']))
}

/// `html` with the live-reload script for a page of the build `token` before `</body>`.
pub(super) fn inject(html: &[u8], token: &str) -> Vec<u8> {
    let script = script(token);
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served while no build has succeeded yet: the error, and the script that reloads
/// once the site builds.
pub(super) fn error_page(error: &str) -> Vec<u8> {
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rosette serve: the site does \
         not build</title>\n</head>\n<body>\n<h1>The site does not build</h1>\n<p>Fix the problems below; this page \
         reloads when the site builds.</p>\n<pre id=\"rosette-serve-error\">{}</pre>\n</body>\n</html>\n",
        crate::escape::xml(error)
    );
    inject(page.as_bytes(), "none")
}

/// The error text reaches the page through `textContent`, so it is never parsed as HTML. On
/// the error page (no good build yet) the error replaces the page's text instead of covering it.
fn script(token: &str) -> String {
    format!(
        r#"<script>/* rosette serve: live reload */(() => {{
  const token = "{token}";
  let box = null;
  const events = new EventSource("{EVENTS_PATH}");
  events.addEventListener("ok", (e) => {{
    if (e.data !== token) {{ location.reload(); }} else if (box) {{ box.remove(); box = null; }}
  }});
  events.addEventListener("broken", (e) => {{
    const page = document.getElementById("rosette-serve-error");
    if (page && page !== box) {{ page.textContent = e.data; return; }}
    if (!box) {{
      box = document.createElement("pre");
      box.id = "rosette-serve-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:1rem;z-index:2147483647;margin:0;padding:1rem;overflow:auto;" +
        "white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;color:#fff;background:rgba(60,0,0,.95);" +
        "border:2px solid #f55;border-radius:8px";
      document.body.appendChild(box);
    }}
    box.textContent = "The site does not build; the last good build is shown underneath.\n\n" + e.data;
  }});
}})();</script>
"#,
        token = crate::escape::xml(token)
    )
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = inject(b"<html><body><p>hi</p></BODY></html>", "abc");
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<html><body><p>hi</p><script>"), "{page}");
        assert!(page.ends_with("</script>\n</BODY></html>"), "{page}");
        assert!(page.contains(r#"const token = "abc";"#), "{page}");
        assert!(String::from_utf8(inject(b"no body", "t")).unwrap().starts_with("no body<script>"));
        assert!(String::from_utf8(inject(b"", "t")).unwrap().starts_with("<script>"));
    }

    #[test]
    fn errors_are_escaped_and_sent_line_by_line() {
        let page = String::from_utf8(error_page("a.toml:1:1: error: <script>alert(1)</script>")).unwrap();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        let state = State { site: None, error: Some(Arc::from("first\nsecond")) };
        assert_eq!(message(&state), "event: broken\ndata: first\ndata: second\n\n");
        assert_eq!(message(&State::default()), "event: ok\ndata: none\n\n");
    }

    #[test]
    fn every_line_break_of_an_error_starts_a_data_line() {
        let broken = |text: &str| message(&State { site: None, error: Some(Arc::from(text)) });
        assert_eq!(
            broken("unknown key `x\revent: ok\rdata: forged`"),
            "event: broken\ndata: unknown key `x\ndata: event: ok\ndata: data: forged`\n\n"
        );
        assert_eq!(broken("a\r\nb\nc\rd\n"), "event: broken\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
        assert_eq!(broken("a\n\r\n\rb"), "event: broken\ndata: a\ndata: \ndata: \ndata: b\n\n");
        assert_eq!(broken("ends\r\n"), "event: broken\ndata: ends\n\n");
        for text in ["\r", "x\r\r\ny", "\n\n\r", "event: ok\r\rdata: 1"] {
            let event = broken(text);
            // Parsed as a browser does: every line is one of ours.
            let body = event.strip_prefix("event: broken\n").unwrap().strip_suffix("\n\n").unwrap();
            assert!(body.split(['\r', '\n']).all(|line| line.starts_with("data: ")), "{event:?}");
        }
    }
}
