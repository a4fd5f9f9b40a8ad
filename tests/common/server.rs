//! A real `vanban serve` for the web tests: the binary started on a free port of 127.0.0.1,
//! stopped when dropped; and a plain HTTP client keeping its session cookie and CSRF token.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Server {
    pub base: String,
    child: Child,
}

impl Server {
    /// `vanban serve --port 0 ARGS…` in `dir`, once it has printed its address.
    pub fn start_in(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start vanban serve");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("read the address");
        let base = line.trim().strip_prefix("vanban serve: ").unwrap_or_else(|| panic!("unexpected first line: {line:?}")).trim_end_matches('/').to_string();
        Server { base, child }
    }

    pub fn start(args: &[&str]) -> Server {
        Server::start_in(&std::env::temp_dir(), args)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers we look at, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A browser-like client: it keeps the session cookie and sends the CSRF token.
pub struct Client {
    pub base: String,
    agent: ureq::Agent,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        Client { base: base.to_string(), agent, cookie: None, csrf: None }
    }

    /// A client with a session and its CSRF token, as the page has after loading.
    pub fn session(base: &str) -> Client {
        let mut c = Client::new(base);
        let s = c.get("/api/session");
        assert_eq!(s.status, 200, "{}", s.text());
        c.csrf = s.json()["csrf"].as_str().map(str::to_string);
        c
    }

    fn keep(&mut self, r: &ureq::http::Response<ureq::Body>) {
        for v in r.headers().get_all("set-cookie") {
            if let Some(kv) = v.to_str().ok().and_then(|v| v.split(';').next()) {
                if kv.starts_with("vanban_sid=") {
                    self.cookie = Some(kv.to_string()).filter(|c| c != "vanban_sid=");
                }
            }
        }
    }

    fn finish(&mut self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut r = r.unwrap_or_else(|e| panic!("request failed: {e}"));
        self.keep(&r);
        let status = r.status().as_u16();
        let headers = r.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let body = r.body_mut().with_config().limit(500 * 1024 * 1024).read_to_vec().unwrap_or_default();
        Reply { status, headers, body }
    }

    pub fn get(&mut self, path: &str) -> Reply {
        let mut req = self.agent.get(format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        let r = req.call();
        self.finish(r)
    }

    /// POST of a body the server is to refuse for its size: the reply, or none when the
    /// server closed the connection before the whole body was sent (HTTP lets a server answer
    /// 413 and close at once; whether the client reads the answer first is a race).
    /// It goes over a connection of its own: the server closes that one, and the client's
    /// other requests must not be sent on it afterwards (a browser opens a new one too).
    pub fn post_refused(&mut self, path: &str, content_type: &str, body: &[u8]) -> Option<Reply> {
        let own: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).max_idle_connections(0).build().into();
        let mut req = own.post(format!("{}{path}", self.base)).header("Content-Type", content_type);
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &self.csrf {
            req = req.header("X-CSRF-Token", t);
        }
        match req.send(body) {
            Err(ureq::Error::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::UnexpectedEof) =>
            {
                None
            }
            r => Some(self.finish(r)),
        }
    }

    /// POST with a content type; the CSRF token is sent when the client has one.
    pub fn post(&mut self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        let mut req = self.agent.post(format!("{}{path}", self.base)).header("Content-Type", content_type);
        if let Some(c) = &self.cookie {
            req = req.header("Cookie", c);
        }
        if let Some(t) = &self.csrf {
            req = req.header("X-CSRF-Token", t);
        }
        let r = req.send(body);
        self.finish(r)
    }

    pub fn post_json(&mut self, path: &str, value: &serde_json::Value) -> Reply {
        self.post(path, "application/json", value.to_string().as_bytes())
    }

    /// POST a multipart form: (field, file name or none, bytes).
    pub fn post_form(&mut self, path: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
        let boundary = "vanban-test-boundary-7d1c";
        let mut body = Vec::new();
        for (name, file, bytes) in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match file {
                Some(f) => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
                ),
                None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
            }
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.post(path, &format!("multipart/form-data; boundary={boundary}"), &body)
    }
}

/// The names of the entries of a ZIP archive.
pub fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    (0..z.len()).map(|i| z.by_index(i).expect("entry").name().to_string()).collect()
}

/// One entry of a ZIP archive.
pub fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut e = z.by_name(name).unwrap_or_else(|_| panic!("no {name} in the ZIP"));
    let mut out = Vec::new();
    e.read_to_end(&mut out).expect("read entry");
    out
}
