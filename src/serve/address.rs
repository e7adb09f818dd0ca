//! Where `rosette serve` listens and which names it answers to: the address and port (the
//! default port, and the ones tried after it when it is busy), the base URL the preview's links
//! use, and the `Host` headers a request may carry.
//!
//! The `Host` check is the DNS-rebinding protection: a web page on another site could point
//! its own host name at 127.0.0.1 and read the preview; its requests carry that name, so only
//! names that cannot be rebound are answered: 127.0.0.1, localhost and `::1`; with a bind
//! beyond this machine also any IP literal (how other devices reach it); and the host of an
//! explicit `--base-url`, which the user chose.

use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};

use hyper::header::HeaderValue;

use crate::error::{Error, Result};

/// The port serve listens on when none is asked for: not 8000 (`python -m http.server`), nor
/// the ports of other site generators (zola 1111, hugo 1313, mdbook 3000, jekyll 4000).
pub const DEFAULT_PORT: u16 = 4180;
/// When the default port is busy, the ones after it are tried (4181…4189), then any free port.
const NEXT_PORTS: u16 = 9;

/// A socket serve listens on, made by [`listen`] before the first build, and the URL the
/// preview's links use.
#[derive(Debug)]
pub struct Listener {
    pub(super) socket: TcpListener,
    address: SocketAddr,
    busy: Option<u16>,
    /// An explicit base URL for the links, checked.
    base_url: Option<url::Url>,
}

impl Listener {
    /// The address and port actually listened on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The default port, when it was busy and another one was taken instead.
    pub fn busy(&self) -> Option<u16> {
        self.busy
    }

    /// Links lead to `url` instead (e.g. this machine's address on the network), and its host
    /// is answered too. It must end at the server (`/`), since the site is served at `/`.
    pub fn with_base_url(mut self, url: &str) -> Result<Listener> {
        let refuse = |why: String| Error::Refused(format!("serve's --base-url {url}: {why}"));
        let checked = crate::model::rules::base_url(url).map_err(refuse)?;
        let parsed = url::Url::parse(&checked).map_err(|e| refuse(e.to_string()))?;
        if parsed.path() != "/" {
            let origin = parsed.origin().ascii_serialization();
            return Err(refuse(format!("serve answers at `/`, so the URL must end there, e.g. {origin}/")));
        }
        self.base_url = Some(parsed);
        Ok(self)
    }

    /// The base URL of the preview's links: the one given, else the bound address, or this
    /// machine's loopback address of the same family for a bind to every address.
    pub fn url(&self) -> String {
        if let Some(url) = &self.base_url {
            return url.to_string();
        }
        let ip = match self.address.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.address.port()))
    }

    /// The `Host` headers answered.
    pub(super) fn hosts(&self) -> Hosts {
        Hosts::new(self.address, self.base_url.as_ref())
    }
}

/// Listens on `bind`: on `port` when given (0: any free port), else on [`DEFAULT_PORT`] or,
/// when it is busy, the next free one. A port asked for explicitly that is busy is an error:
/// serving elsewhere would surprise whoever asked for it.
pub fn listen(bind: IpAddr, port: Option<u16>) -> Result<Listener> {
    let bound = |socket: TcpListener, busy| {
        let address = socket.local_addr().map_err(|e| Error::failed("cannot read the listening address", e))?;
        Ok(Listener { socket, address, busy, base_url: None })
    };
    if let Some(port) = port {
        let socket = TcpListener::bind((bind, port)).map_err(|e| bind_error(bind, port, &e))?;
        return bound(socket, None);
    }
    for port in DEFAULT_PORT..=DEFAULT_PORT + NEXT_PORTS {
        match TcpListener::bind((bind, port)) {
            Ok(socket) => return bound(socket, (port != DEFAULT_PORT).then_some(DEFAULT_PORT)),
            Err(e) if e.kind() == ErrorKind::AddrInUse => continue,
            Err(e) => return Err(bind_error(bind, port, &e)),
        }
    }
    let socket = TcpListener::bind((bind, 0)).map_err(|e| bind_error(bind, 0, &e))?;
    bound(socket, Some(DEFAULT_PORT))
}

fn bind_error(bind: IpAddr, port: u16, error: &std::io::Error) -> Error {
    if error.kind() == ErrorKind::AddrInUse {
        return Error::Refused(format!("port {port} is busy: pick another with --port, or --port 0 for any free port"));
    }
    Error::Refused(format!(
        "cannot listen on {}: {error} (--bind takes an address of this machine, e.g. 127.0.0.1 or 0.0.0.0)",
        SocketAddr::new(bind, port)
    ))
}

/// The `Host` headers serve answers.
#[derive(Debug)]
pub(super) struct Hosts {
    /// The port listened on.
    port: u16,
    /// Whether any IP literal is answered (the bind reaches beyond this machine).
    any_ip: bool,
    /// The host and port of an explicit base URL.
    named: Option<(String, Option<u16>)>,
}

impl Hosts {
    /// The names answered on `address`, with `base_url` the preview's links use if one was given.
    pub(super) fn new(address: SocketAddr, base_url: Option<&url::Url>) -> Hosts {
        let named = base_url.and_then(|url| Some((url.host_str()?.to_ascii_lowercase(), url.port_or_known_default())));
        Hosts { port: address.port(), any_ip: !address.ip().is_loopback(), named }
    }

    /// Whether a request with this `Host` header is answered.
    pub(super) fn allows(&self, host: Option<&HeaderValue>) -> bool {
        let Some(host) = host.and_then(|h| h.to_str().ok()) else {
            // HTTP/1.0 clients may omit Host; they are not browsers that can be rebound.
            return host.is_none();
        };
        let (name, host_port) = match host.strip_prefix('[') {
            Some(bracketed) => match bracketed.split_once(']') {
                Some((address, rest)) => (address, rest.strip_prefix(':')),
                None => return false,
            },
            None => match host.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            },
        };
        let name = name.to_ascii_lowercase();
        let port = match host_port {
            None => None,
            Some(port) => match port.parse::<u16>() {
                Ok(port) => Some(port),
                Err(_) => return false,
            },
        };
        let ours = port.is_none_or(|p| p == self.port);
        if matches!(name.as_str(), "127.0.0.1" | "localhost" | "::1") {
            return ours;
        }
        if self.any_ip && name.parse::<IpAddr>().is_ok() {
            return ours;
        }
        match &self.named {
            Some((named, named_port)) => *named == name && (ours || port == *named_port),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &'static str) -> Option<HeaderValue> {
        Some(HeaderValue::from_static(h))
    }

    #[test]
    fn only_local_host_names_are_answered_on_loopback() {
        let hosts = Hosts::new("127.0.0.1:8000".parse().unwrap(), None);
        for good in ["127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"] {
            assert!(hosts.allows(host(good).as_ref()), "{good}");
        }
        assert!(hosts.allows(None));
        for bad in ["evil.example:8000", "127.0.0.1:9999", "127.0.0.1.evil.example", "192.168.1.20:8000", "[::1"] {
            assert!(!hosts.allows(host(bad).as_ref()), "{bad}");
        }
    }

    #[test]
    fn a_network_bind_answers_ip_literals_and_the_base_url_host() {
        let base = url::Url::parse("http://studio.local:80/").unwrap();
        let hosts = Hosts::new("0.0.0.0:4180".parse().unwrap(), Some(&base));
        for good in ["192.168.1.20:4180", "[fe80::1]:4180", "10.0.0.1", "studio.local", "Studio.Local:4180"] {
            assert!(hosts.allows(host(good).as_ref()), "{good}");
        }
        for bad in ["evil.example:4180", "192.168.1.20:4181", "studio.local.evil.example", "10.0.0.1:x"] {
            assert!(!hosts.allows(host(bad).as_ref()), "{bad}");
        }
    }

    #[test]
    fn links_use_the_base_url_the_bound_address_or_loopback() {
        let listener = |bind: &str| listen(bind.parse().unwrap(), Some(0)).unwrap();
        assert!(listener("0.0.0.0").url().starts_with("http://127.0.0.1:"));
        assert!(listener("127.0.0.1").url().starts_with("http://127.0.0.1:"));
        let named = listener("0.0.0.0").with_base_url("http://Studio.local:4180").unwrap();
        assert_eq!(named.url(), "http://studio.local:4180/");
        let error = listener("0.0.0.0").with_base_url("http://studio.local:4180/badges/").unwrap_err();
        assert_eq!(
            error.to_string(),
            "serve's --base-url http://studio.local:4180/badges/: serve answers at `/`, so the URL must end \
             there, e.g. http://studio.local:4180/"
        );
    }
}
