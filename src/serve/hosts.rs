//! Which names the server answers to, and which sites may send it changes.
//!
//! A page on another site can rebind its own name to 127.0.0.1 (DNS rebinding): the
//! browser then treats the server as that site's own and lets the page read its answers
//! (the session's CSRF token, the register). The browser still sends the attacker's name in
//! `Host`, so every request whose `Host` is not an address this server is served at is
//! refused (421). A state-changing request whose `Origin` is another site is refused too
//! (403): the CSRF token already stops those, this is a second lock that does not depend on
//! the token staying secret.

use super::{error, App};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::net::IpAddr;
use std::sync::{Arc, OnceLock};

/// The names a server answers to: the loopback names and the address it listens on, with
/// the port it is bound to, and the names the operator added (`--allowed-host`).
pub struct Hosts {
    listen: IpAddr,
    /// Known once the socket is bound (the port may have been 0: any free one).
    port: OnceLock<u16>,
    /// `--allowed-host` names, lower-case: `name` (any port, e.g. behind a reverse proxy)
    /// or `name:port`.
    extra: Vec<String>,
}

impl Hosts {
    /// The names of a server listening on `listen`, plus `extra`.
    pub fn new(listen: IpAddr, extra: &[String]) -> Hosts {
        Hosts { listen, port: OnceLock::new(), extra: extra.iter().map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase()).collect() }
    }

    /// The port the server is bound to (set once, after binding).
    pub fn bound(&self, port: u16) {
        // A server binds once: there is no second port for `set` to refuse.
        let _ = self.port.set(port);
    }

    /// Whether `host` (a `Host` header's value) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let Some((name, port)) = split(&host) else { return false };
        let name = name.trim_end_matches('.');
        if self.extra.iter().any(|e| e == name || *e == format!("{name}:{}", port.unwrap_or(80))) {
            return true;
        }
        let Some(&bound) = self.port.get() else { return false };
        if port.unwrap_or(80) != bound {
            return false;
        }
        if matches!(name, "localhost" | "127.0.0.1" | "[::1]") || name == literal(self.listen) {
            return true;
        }
        // Listening on every address (0.0.0.0): any of this machine's addresses may be
        // used, and an address cannot be rebound the way a name can.
        self.listen.is_unspecified() && ip_of(name).is_some()
    }

    /// The address to tell the clerk to open instead.
    fn advice(&self) -> String {
        let port = self.port.get().copied().unwrap_or(0);
        if self.listen.is_unspecified() || self.listen.is_loopback() {
            format!("http://127.0.0.1:{port}/")
        } else {
            format!("http://{}:{port}/", literal(self.listen))
        }
    }
}

/// `name` and port of a `Host` value: `name`, `name:port`, `[v6]`, `[v6]:port`.
fn split(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let rest = &host[end + 1..];
        let port = match rest.strip_prefix(':') {
            Some(p) => Some(p),
            None if rest.is_empty() => None,
            None => return None,
        };
        (&host[..=end], port)
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

/// An address as a `Host` names it (`[…]` around IPv6).
fn literal(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn ip_of(name: &str) -> Option<IpAddr> {
    name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name).parse().ok()
}

/// Every request passes here first: a `Host` that is not this server's is refused (421),
/// and a change sent from a page of another site (its `Origin`) is refused (403).
pub(crate) async fn check(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    // HTTP/2 carries the name in the URI's authority instead of a Host header.
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    if !app.hosts.allows(&host) {
        return error(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "Máy chủ vanban không phục vụ địa chỉ `{}`. Hãy mở {}; nếu máy chủ được truy cập bằng tên này, khởi động với --allowed-host TÊN.",
                crate::diag::printable(&host),
                app.hosts.advice()
            ),
        );
    }
    let state_changing = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if state_changing {
        let origin = req.headers().get(header::ORIGIN).map(|v| v.to_str().unwrap_or("null").to_ascii_lowercase());
        let from_elsewhere = match &origin {
            // Programs other than browsers send none; the CSRF token still applies to them.
            None => false,
            // The page's own origin, or another of this server's names (behind a reverse
            // proxy that does not pass the name on, the Host is the proxy's upstream address).
            Some(o) => {
                let authority = o.strip_prefix("http://").or_else(|| o.strip_prefix("https://"));
                authority.is_none_or(|a| !a.eq_ignore_ascii_case(host.trim()) && !app.hosts.allows(a))
            }
        };
        let cross_site = req.headers().get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
        if from_elsewhere || cross_site {
            return error(
                StatusCode::FORBIDDEN,
                format!(
                    "Yêu cầu bị từ chối: gửi từ một trang khác ({}), không phải từ trang của vanban.",
                    crate::diag::printable(origin.as_deref().unwrap_or("không rõ nguồn"))
                ),
            );
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(listen: &str, extra: &[&str]) -> Hosts {
        let h = Hosts::new(listen.parse().unwrap(), &extra.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        h.bound(8080);
        h
    }

    #[test]
    fn the_loopback_names_with_the_port() {
        let h = hosts("127.0.0.1", &[]);
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "localhost.:8080"] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in
            ["evil.example", "evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "localhost", "", "[::1", "127.0.0.1:80:80", "192.168.1.5:8080", "localhost:x"]
        {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn every_address_when_listening_on_all_and_names_only_when_added() {
        let h = hosts("0.0.0.0", &["vanban.truong.edu.vn", "may-chu:9000"]);
        for ok in ["192.168.1.5:8080", "[fe80::1]:8080", "vanban.truong.edu.vn", "vanban.truong.edu.vn:443", "may-chu:9000"] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in ["may-chu:8080", "evil.example:8080", "192.168.1.5:9000"] {
            assert!(!h.allows(bad), "{bad}");
        }
        let h = hosts("192.168.1.5", &[]);
        assert!(h.allows("192.168.1.5:8080"));
        assert!(!h.allows("192.168.1.6:8080"));
    }
}
