//! The link checker against small HTTP servers each test starts on 127.0.0.1: statuses,
//! HEAD and GET, redirects, retries, timeouts, bodies that are slow, endless or compressed
//! bombs, resets, the address guard, per-host limits and duplicate URLs. Nothing here leaves
//! this machine: 127.0.0.2 is only ever named, never bound or contacted.

#![allow(clippy::unwrap_used)]

use healthlint::links::check::{CheckError, CheckOptions, check_all};
use healthlint::links::policy::{AddressGuard, AllowedHost};
use healthlint::links::status::{Hop, LinkResult, LinkStatus};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request as the test server read it.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    at: Instant,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server sends after the headers (nothing for HEAD).
enum Body {
    Bytes(Vec<u8>),
    /// These bytes, one at a time, `every` apart.
    Trickle(Vec<u8>, Duration),
    /// Zeros until the client goes away; the headers carry the (huge) Content-Length.
    Endless,
    /// Pre-built bytes written in pieces until done or the client goes away.
    Stream(Arc<Vec<u8>>),
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    delay: Duration,
    reset: bool,
}

impl Reply {
    fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
            delay: Duration::ZERO,
            reset: false,
        }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn text(self, text: &str) -> Self {
        let mut reply = self.header("Content-Type", "text/plain");
        reply.body = Body::Bytes(text.as_bytes().to_vec());
        reply
    }

    fn html(self, html: &str) -> Self {
        let mut reply = self.header("Content-Type", "text/html; charset=utf-8");
        reply.body = Body::Bytes(html.as_bytes().to_vec());
        reply
    }

    fn redirect(status: u16, location: &str) -> Self {
        Self::status(status).header("Location", location)
    }

    fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// Closes the connection with a TCP reset instead of answering.
    fn reset() -> Self {
        Self {
            reset: true,
            ..Self::status(0)
        }
    }
}

#[derive(Default)]
struct ServerState {
    connections: AtomicUsize,
    requests: Mutex<Vec<Request>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Body bytes written (for a gzip stream: compressed bytes).
    body_bytes: AtomicU64,
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

/// An HTTP/1.1 server on 127.0.0.1, one thread per connection, `Connection: close`.
struct Server {
    port: u16,
    state: Arc<ServerState>,
}

impl Server {
    /// Starts a server; `handler` gets each request and its number (from 0, in arrival order).
    fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(ServerState::default());
        let handler: Arc<Handler> = Arc::new(handler);
        let accepting = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                accepting.connections.fetch_add(1, Ordering::SeqCst);
                let state = Arc::clone(&accepting);
                let handler = Arc::clone(&handler);
                thread::spawn(move || serve_connection(stream, &state, &*handler));
            }
        });
        Server { port, state }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    fn methods(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.method).collect()
    }

    /// Options that allow exactly this server, with short waits.
    fn options(&self) -> CheckOptions {
        CheckOptions {
            guard: AddressGuard {
                allow_private: false,
                allowed_hosts: vec![
                    AllowedHost::parse(&format!("127.0.0.1:{}", self.port)).unwrap(),
                ],
            },
            timeout: Duration::from_secs(2),
            deadline: Duration::from_secs(10),
            retry_base: Duration::from_millis(20),
            ..CheckOptions::default()
        }
    }
}

fn serve_connection(stream: TcpStream, state: &ServerState, handler: &Handler) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    let request = Request {
        method,
        path,
        headers,
        at: Instant::now(),
    };
    let number = {
        let mut requests = state.requests.lock().unwrap();
        requests.push(request.clone());
        requests.len() - 1
    };
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let reply = handler(&request, number);
    thread::sleep(reply.delay);
    // Counted out before the answer is written, so the client cannot start its next request
    // while this one still counts.
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    if reply.reset {
        socket2::SockRef::from(&stream)
            .set_linger(Some(Duration::ZERO))
            .unwrap();
        drop(reader);
        drop(stream);
        return;
    }
    let _ = write_reply(stream, &request, reply, state);
}

fn write_reply(
    mut stream: TcpStream,
    request: &Request,
    reply: Reply,
    state: &ServerState,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Test\r\nConnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let has_length = reply
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
    match &reply.body {
        Body::Bytes(bytes) | Body::Trickle(bytes, _) if !has_length => {
            head.push_str(&format!("Content-Length: {}\r\n", bytes.len()));
        }
        _ => {}
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.flush()?;
    if request.method == "HEAD" {
        return Ok(());
    }
    let count = |n: usize| {
        state.body_bytes.fetch_add(n as u64, Ordering::SeqCst);
    };
    match reply.body {
        Body::Bytes(bytes) => {
            stream.write_all(&bytes)?;
            count(bytes.len());
        }
        Body::Trickle(bytes, every) => {
            for byte in bytes {
                stream.write_all(&[byte])?;
                stream.flush()?;
                count(1);
                thread::sleep(every);
            }
        }
        Body::Endless => {
            let zeros = vec![0u8; 64 * 1024];
            loop {
                stream.write_all(&zeros)?;
                count(zeros.len());
            }
        }
        Body::Stream(bytes) => {
            for piece in bytes.chunks(16 * 1024) {
                stream.write_all(piece)?;
                count(piece.len());
            }
        }
    }
    stream.flush()
}

fn check(urls: &[String], options: &CheckOptions) -> Vec<LinkResult> {
    check_all(urls, options, &|_| {}).unwrap()
}

fn check_one(url: &str, options: &CheckOptions) -> LinkResult {
    let results = check(&[url.to_string()], options);
    assert_eq!(results.len(), 1);
    results.into_iter().next().unwrap()
}

#[test]
fn a_page_that_answers_200_is_ok_after_one_head() {
    let server = Server::start(|_, _| Reply::status(200).text("hello"));
    let result = check_one(&server.url("/page"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(result.http_status, Some(200));
    assert_eq!(result.detail, "200 OK");
    assert_eq!(result.url, server.url("/page"));
    assert_eq!(result.final_url, None);
    assert!(result.redirects.is_empty());
    assert_eq!(server.methods(), ["HEAD"]);
}

#[test]
fn the_user_agent_and_per_host_headers_are_sent() {
    let server = Server::start(|_, _| Reply::status(200).text("hello"));
    let options = CheckOptions {
        user_agent: "healthlint-test/1".into(),
        headers: vec![
            ("127.0.0.1".into(), "X-Clinic-Token".into(), "abc".into()),
            (
                "other.example.org".into(),
                "X-Elsewhere".into(),
                "no".into(),
            ),
        ],
        ..server.options()
    };
    check_one(&server.url("/"), &options);
    let request = &server.requests()[0];
    assert_eq!(request.header("user-agent"), Some("healthlint-test/1"));
    assert_eq!(request.header("x-clinic-token"), Some("abc"));
    assert_eq!(request.header("x-elsewhere"), None);
}

#[test]
fn head_refused_with_405_falls_back_to_get() {
    let server = Server::start(|request, _| match request.method.as_str() {
        "HEAD" => Reply::status(405),
        _ => Reply::status(200).text("fine"),
    });
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(result.http_status, Some(200));
    assert_eq!(server.methods(), ["HEAD", "GET"]);
}

#[test]
fn a_chain_of_permanent_redirects_is_redirected_to_the_new_address() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/old" => Reply::redirect(301, "/older"),
        "/older" => Reply::redirect(308, "/new"),
        _ => Reply::status(200).text("new home"),
    });
    let result = check_one(&server.url("/old"), &server.options());
    assert_eq!(result.status, LinkStatus::Redirected, "{result:?}");
    assert_eq!(
        result.final_url.as_deref(),
        Some(server.url("/new").as_str())
    );
    assert_eq!(
        result.detail,
        format!("moved permanently to {}", server.url("/new"))
    );
    assert_eq!(
        result.redirects,
        [
            Hop {
                url: server.url("/old"),
                http_status: 301
            },
            Hop {
                url: server.url("/older"),
                http_status: 308
            }
        ]
    );
    assert_eq!(result.http_status, Some(200));
}

#[test]
fn a_temporary_redirect_that_ends_well_is_ok() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/today" => Reply::redirect(302, "/2026/01/15"),
        _ => Reply::status(200).text("today's page"),
    });
    let result = check_one(&server.url("/today"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(
        result.final_url.as_deref(),
        Some(server.url("/2026/01/15").as_str())
    );
    assert_eq!(result.redirects.len(), 1);
    assert_eq!(result.redirects[0].http_status, 302);
}

#[test]
fn a_redirect_to_a_missing_page_is_broken() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/old" => Reply::redirect(301, "/gone"),
        _ => Reply::status(404),
    });
    let result = check_one(&server.url("/old"), &server.options());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.http_status, Some(404));
    assert!(result.detail.contains("404 Not Found"), "{}", result.detail);
}

#[test]
fn not_found_is_broken_after_a_get_confirms_it() {
    let server = Server::start(|_, _| Reply::status(404));
    let result = check_one(&server.url("/missing"), &server.options());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.http_status, Some(404));
    assert_eq!(result.detail, "404 Not Found");
    assert_eq!(server.methods(), ["HEAD", "GET"]);
}

#[test]
fn gone_is_broken() {
    let server = Server::start(|_, _| Reply::status(410));
    let result = check_one(&server.url("/withdrawn"), &server.options());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.detail, "410 Gone");
}

#[test]
fn a_redirect_loop_is_broken() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/a" => Reply::redirect(302, "/b"),
        _ => Reply::redirect(302, "/a"),
    });
    let result = check_one(&server.url("/a"), &server.options());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.detail, "redirect loop");
    assert_eq!(result.redirects.len(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn more_than_ten_redirects_are_too_many() {
    let server = Server::start(|request, _| {
        let n: u32 = request.path.trim_start_matches('/').parse().unwrap_or(0);
        Reply::redirect(307, &format!("/{}", n + 1))
    });
    let result = check_one(&server.url("/0"), &server.options());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.detail, "too many redirects");
    // The first URL and ten redirects were asked; the eleventh redirect was not followed.
    assert_eq!(server.requests().len(), 11);
    assert_eq!(result.redirects.len(), 11);
}

#[test]
fn a_server_error_that_passes_is_retried_until_ok() {
    let server = Server::start(|_, number| {
        if number < 2 {
            Reply::status(503)
        } else {
            Reply::status(200).text("back")
        }
    });
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.methods(), ["HEAD", "GET", "GET"]);
}

#[test]
fn a_lasting_server_error_is_reported_with_its_attempts() {
    let server = Server::start(|_, _| Reply::status(503));
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::ServerError, "{result:?}");
    assert_eq!(result.detail, "503 Service Unavailable after 3 attempts");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn the_deadline_bounds_retries() {
    let server = Server::start(|_, _| {
        Reply::status(503)
            .header("Retry-After", "0")
            .delayed(Duration::from_millis(200))
    });
    let options = CheckOptions {
        max_retries: 100,
        deadline: Duration::from_secs(1),
        ..server.options()
    };
    let started = Instant::now();
    let result = check_one(&server.url("/"), &options);
    let elapsed = started.elapsed();
    assert_eq!(result.status, LinkStatus::ServerError, "{result:?}");
    assert!(elapsed < Duration::from_millis(1600), "took {elapsed:?}");
    let asked = server.requests().len();
    assert!((3..=7).contains(&asked), "{asked} requests");
}

#[test]
fn too_many_requests_waits_as_retry_after_asks() {
    let server = Server::start(|_, number| {
        if number == 0 {
            Reply::status(429).header("Retry-After", "1")
        } else {
            Reply::status(200).text("now")
        }
    });
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].at - requests[0].at;
    assert!(waited >= Duration::from_millis(950), "waited {waited:?}");
}

#[test]
fn lasting_too_many_requests_is_blocked() {
    let server = Server::start(|_, _| Reply::status(429).header("Retry-After", "0"));
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Blocked, "{result:?}");
    assert_eq!(result.detail, "429 Too Many Requests after 3 attempts");
}

#[test]
fn a_bot_challenge_is_blocked_not_broken() {
    let server = Server::start(|_, _| {
        Reply::status(403)
            .header("cf-mitigated", "challenge")
            .html("<title>Just a moment...</title>")
    });
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Blocked, "{result:?}");
    assert!(result.detail.contains("bot challenge"), "{}", result.detail);
}

#[test]
fn a_200_page_that_says_not_found_is_a_soft_404() {
    let server = Server::start(|_, _| {
        Reply::status(200).html("<html><head><title>Page not found</title></head></html>")
    });
    let result = check_one(&server.url("/moved-somewhere"), &server.options());
    assert_eq!(result.status, LinkStatus::Soft404, "{result:?}");
    assert_eq!(server.methods(), ["HEAD", "GET"]);
}

#[test]
fn an_ordinary_html_page_is_ok_after_its_title_is_read() {
    let server = Server::start(|_, _| {
        Reply::status(200).html("<html><head><title>Knee pain exercises</title></head></html>")
    });
    let result = check_one(&server.url("/knee"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(server.methods(), ["HEAD", "GET"]);
}

#[test]
fn headers_slower_than_the_timeout_are_a_timeout() {
    let server = Server::start(|_, _| {
        Reply::status(200)
            .text("too late")
            .delayed(Duration::from_secs(3))
    });
    let options = CheckOptions {
        timeout: Duration::from_millis(300),
        max_retries: 1,
        ..server.options()
    };
    let started = Instant::now();
    let result = check_one(&server.url("/slow"), &options);
    assert_eq!(result.status, LinkStatus::Timeout, "{result:?}");
    assert_eq!(result.detail, "no answer within 300 ms after 2 attempts");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_trickling_body_is_judged_on_what_arrived() {
    // Read to the end, this body would be a soft 404; it arrives one byte a second.
    let mut body = vec![b' '; 60];
    body.extend_from_slice(b"<title>Page not found</title>");
    let server = Server::start(move |request, _| {
        let reply = Reply::status(200).header("Content-Type", "text/html");
        match request.method.as_str() {
            "HEAD" => reply.header("Content-Length", &body.len().to_string()),
            _ => reply.body(Body::Trickle(body.clone(), Duration::from_secs(1))),
        }
    });
    // The request timeout would allow 10 s; the body's own budget (3 s) ends the wait first.
    let options = CheckOptions {
        timeout: Duration::from_secs(10),
        ..server.options()
    };
    let started = Instant::now();
    let result = check_one(&server.url("/drip"), &options);
    let elapsed = started.elapsed();
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_ten_gigabyte_body_is_not_read() {
    let server = Server::start(|_, _| {
        Reply::status(200)
            .header("Content-Type", "text/html")
            .header("Content-Length", "10737418240")
            .body(Body::Endless)
    });
    let options = CheckOptions {
        timeout: Duration::from_secs(10),
        ..server.options()
    };
    let started = Instant::now();
    let result = check_one(&server.url("/huge"), &options);
    let elapsed = started.elapsed();
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    thread::sleep(Duration::from_millis(300));
    let written = server.state.body_bytes.load(Ordering::SeqCst);
    assert!(
        written < 100 * 1024 * 1024,
        "the server wrote {written} bytes"
    );
    assert_eq!(server.methods(), ["HEAD", "GET"]);
}

/// A gzip member holding `1 + 258 * matches` zero bytes, deflated by hand: one fixed-Huffman
/// block of a literal zero and then `matches` copies of (length 258, distance 1). About
/// 13 bits per 258 bytes.
fn gzip_of_zeros(matches: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        buffer: u64,
        count: u32,
    }
    impl Bits {
        /// `count` bits of `value`, least significant first (header fields, extra bits).
        fn put(&mut self, value: u64, count: u32) {
            self.buffer |= value << self.count;
            self.count += count;
            while self.count >= 8 {
                self.out.push(self.buffer as u8);
                self.buffer >>= 8;
                self.count -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u64, length: u32) {
            let reversed = code.reverse_bits() >> (64 - length);
            self.put(reversed, length);
        }
        fn finish(mut self) -> Vec<u8> {
            if self.count > 0 {
                self.out.push(self.buffer as u8);
            }
            self.out
        }
    }
    let mut bits = Bits {
        out: vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff],
        buffer: 0,
        count: 0,
    };
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..matches {
        bits.code(0b1100_0101, 8); // length code 285: 258 bytes
        bits.code(0, 5); // distance code 0: 1 byte back
    }
    bits.code(0, 7); // end of block
    let mut out = bits.finish();

    // The CRC of all those zeros, by combining CRCs of doubling runs.
    let mut crc = flate2::Crc::new();
    crc.update(&[0]);
    let mut run = flate2::Crc::new();
    run.update(&[0; 258]);
    let mut left = matches;
    while left > 0 {
        if left & 1 == 1 {
            crc.combine(&run);
        }
        let mut doubled = flate2::Crc::new();
        doubled.combine(&run);
        doubled.combine(&run);
        run = doubled;
        left >>= 1;
    }
    let size = 1 + 258 * matches;
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out
}

#[test]
fn the_hand_made_gzip_is_valid() {
    use std::io::Read;
    let matches = 5000;
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&gzip_of_zeros(matches)[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded.len() as u64, 1 + 258 * matches);
    assert!(decoded.iter().all(|&b| b == 0));
}

#[test]
fn a_gzip_bomb_is_decided_on_its_first_bytes() {
    // About 4 GB of zeros in about 25 MB, far more than socket buffers hold.
    let bomb = Arc::new(gzip_of_zeros(15_500_000));
    let compressed = bomb.len() as u64;
    let server = Server::start(move |_, _| {
        Reply::status(200)
            .header("Content-Type", "text/html")
            .header("Content-Encoding", "gzip")
            .body(Body::Stream(Arc::clone(&bomb)))
    });
    // With a 10 s timeout the body may be read for up to 3 s: only the byte cap ends it sooner.
    let options = CheckOptions {
        timeout: Duration::from_secs(10),
        ..server.options()
    };
    let started = Instant::now();
    let result = check_one(&server.url("/bomb"), &options);
    let elapsed = started.elapsed();
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    let gzip = server.requests()[1]
        .header("accept-encoding")
        .map(str::to_string);
    assert!(
        gzip.as_deref().is_some_and(|v| v.contains("gzip")),
        "{gzip:?}"
    );
    thread::sleep(Duration::from_millis(300));
    let written = server.state.body_bytes.load(Ordering::SeqCst);
    assert!(
        written < compressed,
        "the whole bomb was taken: {written} bytes"
    );
}

#[test]
fn a_reset_connection_is_a_server_error() {
    let server = Server::start(|_, _| Reply::reset());
    let options = CheckOptions {
        max_retries: 1,
        ..server.options()
    };
    let result = check_one(&server.url("/"), &options);
    assert_eq!(result.status, LinkStatus::ServerError, "{result:?}");
    assert!(
        result.detail.starts_with("connection reset"),
        "{}",
        result.detail
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_refused_connection_is_broken() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let options = CheckOptions {
        guard: AddressGuard {
            allow_private: false,
            allowed_hosts: vec![AllowedHost::parse(&format!("127.0.0.1:{port}")).unwrap()],
        },
        retry_base: Duration::from_millis(20),
        ..CheckOptions::default()
    };
    let result = check_one(&format!("http://127.0.0.1:{port}/"), &options);
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert_eq!(result.detail, "connection refused");
}

#[test]
fn a_reserved_name_is_broken_without_a_lookup() {
    let started = Instant::now();
    let result = check_one("http://name.invalid/", &CheckOptions::default());
    assert_eq!(result.status, LinkStatus::Broken, "{result:?}");
    assert!(
        result
            .detail
            .starts_with("the name name.invalid does not resolve"),
        "{}",
        result.detail
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn reserved_names_never_make_the_network_look_unavailable() {
    let urls = [
        "http://one.invalid/".to_string(),
        "https://two.test/".to_string(),
        "http://three.example/".to_string(),
    ];
    let results = check_all(&urls, &CheckOptions::default(), &|_| {});
    let results = match results {
        Ok(results) => results,
        Err(CheckError::NetworkUnavailable(why)) => panic!("network unavailable: {why}"),
        Err(other) => panic!("{other}"),
    };
    assert!(results.iter().all(|r| r.status == LinkStatus::Broken));
}

#[test]
fn a_server_that_was_not_allowed_is_excluded_and_never_contacted() {
    let server = Server::start(|_, _| Reply::status(200).text("private"));
    let options = CheckOptions {
        guard: AddressGuard::default(),
        ..server.options()
    };
    let result = check_one(&server.url("/"), &options);
    assert_eq!(result.status, LinkStatus::Excluded, "{result:?}");
    assert_eq!(
        result.detail,
        "not checked: 127.0.0.1 is a loopback address (use --allow-private or --allow-host to \
         check it)"
    );
    thread::sleep(Duration::from_millis(100));
    assert_eq!(server.state.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn the_allowed_port_does_not_allow_another_port() {
    let server = Server::start(|_, _| Reply::status(200).text("private"));
    let other = Server::start(|_, _| Reply::status(200).text("other"));
    let result = check_one(&other.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Excluded, "{result:?}");
    thread::sleep(Duration::from_millis(100));
    assert_eq!(other.state.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn a_redirect_to_a_forbidden_address_is_not_followed() {
    let server = Server::start(|request, _| {
        let port = request
            .header("host")
            .and_then(|h| h.rsplit_once(':'))
            .map(|(_, port)| port.to_string())
            .unwrap_or_default();
        Reply::redirect(302, &format!("http://127.0.0.2:{port}/admin"))
    });
    let result = check_one(&server.url("/innocent"), &server.options());
    assert_eq!(result.status, LinkStatus::Excluded, "{result:?}");
    let target = format!("http://127.0.0.2:{}/admin", server.port);
    assert!(
        result.detail.contains(&format!("the redirect to {target}"))
            && result.detail.contains("forbidden address")
            && result.detail.contains("127.0.0.2 is a loopback address"),
        "{}",
        result.detail
    );
    assert_eq!(
        result.redirects,
        [Hop {
            url: server.url("/innocent"),
            http_status: 302
        }]
    );
    assert_eq!(result.final_url.as_deref(), Some(target.as_str()));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_redirect_to_a_name_for_a_forbidden_address_is_not_followed() {
    // `localhost` must come from /etc/hosts: this test may not send a DNS query.
    let hosts = std::fs::read_to_string("/etc/hosts").unwrap_or_default();
    assert!(
        hosts.lines().any(|line| {
            let mut fields = line.split_whitespace();
            fields.next() == Some("127.0.0.1") && fields.any(|name| name == "localhost")
        }),
        "this test needs `127.0.0.1 localhost` in /etc/hosts"
    );
    let server = Server::start(|request, _| {
        let port = request
            .header("host")
            .and_then(|h| h.rsplit_once(':'))
            .map(|(_, port)| port.to_string())
            .unwrap_or_default();
        Reply::redirect(301, &format!("http://localhost:{port}/"))
    });
    let result = check_one(&server.url("/"), &server.options());
    assert_eq!(result.status, LinkStatus::Excluded, "{result:?}");
    assert!(
        result.detail.contains("is a loopback address"),
        "{}",
        result.detail
    );
    // The allowed address was asked once; the same server under another name was not.
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn excluded_schemes_and_patterns_make_no_request() {
    let server = Server::start(|_, _| Reply::status(200).text("hi"));
    let options = CheckOptions {
        exclude: vec![regex::Regex::new("/private/").unwrap()],
        ..server.options()
    };
    let urls = [
        server.url("/private/page"),
        "mailto:clinic@example.org".to_string(),
        "ftp://files.example.org/a.pdf".to_string(),
    ];
    let results = check(&urls, &options);
    assert!(
        results.iter().all(|r| r.status == LinkStatus::Excluded),
        "{results:?}"
    );
    assert!(
        results[0].detail.contains("/private/"),
        "{}",
        results[0].detail
    );
    thread::sleep(Duration::from_millis(100));
    assert_eq!(server.state.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn the_per_host_limit_is_never_exceeded() {
    let server = Server::start(|_, _| {
        Reply::status(200)
            .text("ok")
            .delayed(Duration::from_millis(100))
    });
    let options = CheckOptions {
        host_concurrency: 3,
        ..server.options()
    };
    let urls: Vec<String> = (0..40).map(|n| server.url(&format!("/{n}"))).collect();
    let results = check(&urls, &options);
    assert!(results.iter().all(|r| r.status == LinkStatus::Ok));
    assert_eq!(server.requests().len(), 40);
    let most = server.state.max_in_flight.load(Ordering::SeqCst);
    assert!(most <= 3, "{most} requests at once");
    assert!(most > 1, "the checks did not run in parallel");
}

#[test]
fn the_per_host_limit_holds_across_retries_and_redirects() {
    // Each /rN redirects to /tN, which fails once with 503 and then answers.
    let failed_once: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let server = Server::start(move |request, _| {
        let slow = Duration::from_millis(50);
        if let Some(n) = request.path.strip_prefix("/r") {
            return Reply::redirect(302, &format!("/t{n}")).delayed(slow);
        }
        let mut failed = failed_once.lock().unwrap();
        if failed.contains(&request.path) {
            Reply::status(200).text("ok").delayed(slow)
        } else {
            failed.push(request.path.clone());
            Reply::status(503).delayed(slow)
        }
    });
    let options = CheckOptions {
        host_concurrency: 2,
        ..server.options()
    };
    let urls: Vec<String> = (0..20).map(|n| server.url(&format!("/r{n}"))).collect();
    let results = check(&urls, &options);
    assert!(
        results.iter().all(|r| r.status == LinkStatus::Ok),
        "{results:?}"
    );
    assert!(server.requests().len() > 40);
    let most = server.state.max_in_flight.load(Ordering::SeqCst);
    assert!(most <= 2, "{most} requests at once");
}

#[test]
fn the_host_interval_spaces_request_starts() {
    let server = Server::start(|_, _| Reply::status(200).text("ok"));
    let interval = Duration::from_millis(200);
    let options = CheckOptions {
        host_interval: Some(interval),
        ..server.options()
    };
    let urls: Vec<String> = (0..4).map(|n| server.url(&format!("/{n}"))).collect();
    check(&urls, &options);
    let mut starts: Vec<Instant> = server.requests().iter().map(|r| r.at).collect();
    starts.sort();
    assert_eq!(starts.len(), 4);
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(180), "gap {gap:?}");
    }
}

#[test]
fn a_url_given_twenty_times_is_asked_once() {
    let server = Server::start(|_, _| Reply::status(200).text("once"));
    let urls = vec![server.url("/same"); 20];
    let calls = AtomicUsize::new(0);
    let results = check_all(&urls, &server.options(), &|_| {
        calls.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    assert_eq!(results.len(), 20);
    assert!(results.iter().all(|r| r.status == LinkStatus::Ok));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 20);
}

#[test]
fn results_keep_the_input_order() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/slow" => Reply::status(200)
            .text("slow")
            .delayed(Duration::from_millis(300)),
        "/missing" => Reply::status(404),
        _ => Reply::status(200).text("fast"),
    });
    let urls = [
        server.url("/slow"),
        server.url("/missing"),
        "mailto:clinic@example.org".to_string(),
        server.url("/fast"),
    ];
    let results = check(&urls, &server.options());
    let got: Vec<(&str, LinkStatus)> = results.iter().map(|r| (r.url.as_str(), r.status)).collect();
    assert_eq!(
        got,
        [
            (urls[0].as_str(), LinkStatus::Ok),
            (urls[1].as_str(), LinkStatus::Broken),
            (urls[2].as_str(), LinkStatus::Excluded),
            (urls[3].as_str(), LinkStatus::Ok),
        ]
    );
}

#[test]
fn a_host_that_serves_pages_is_asked_with_get_after_the_first_head() {
    let server = Server::start(|request, _| {
        if request.path.ends_with(".pdf") {
            Reply::status(200).header("Content-Type", "application/pdf")
        } else {
            Reply::status(200).html("<title>Exercises for knee pain</title>")
        }
    });
    let options = CheckOptions {
        host_concurrency: 1,
        ..server.options()
    };
    let urls: Vec<String> = ["/a", "/b", "/c", "/leaflet.pdf"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let results = check(&urls, &options);
    assert!(
        results.iter().all(|r| r.status == LinkStatus::Ok),
        "{results:?}"
    );
    let requests = server.requests();
    let first = requests.iter().find(|r| !r.path.ends_with(".pdf")).unwrap();
    assert_eq!(first.method, "HEAD");
    let mut asked: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    asked.sort();
    // The first page asked needs HEAD and then GET (for its body); the host is known to serve
    // pages after that, so the other pages are one GET each; a PDF is only asked with HEAD.
    let mut expected: Vec<(String, String)> = ["/a", "/b", "/c"]
        .iter()
        .map(|p| ("GET".to_string(), p.to_string()))
        .chain([
            ("HEAD".to_string(), first.path.clone()),
            ("HEAD".to_string(), "/leaflet.pdf".to_string()),
        ])
        .collect();
    expected.sort();
    assert_eq!(asked, expected);
}

/// Whether `localhost` comes from /etc/hosts, so a test may use the name without a DNS query.
fn localhost_from_hosts_file() -> bool {
    std::fs::read_to_string("/etc/hosts")
        .unwrap_or_default()
        .lines()
        .any(|line| {
            let mut fields = line.split_whitespace();
            fields.next() == Some("127.0.0.1") && fields.any(|name| name == "localhost")
        })
}

#[test]
fn a_url_waiting_for_a_busy_named_host_has_not_used_its_deadline() {
    assert!(
        localhost_from_hosts_file(),
        "this test needs `127.0.0.1 localhost` in /etc/hosts"
    );
    let server = Server::start(|_, _| {
        Reply::status(200)
            .text("slow but fine")
            .delayed(Duration::from_millis(250))
    });
    let options = CheckOptions {
        guard: AddressGuard {
            allow_private: false,
            allowed_hosts: vec![AllowedHost::parse(&format!("localhost:{}", server.port)).unwrap()],
        },
        host_concurrency: 1,
        timeout: Duration::from_secs(2),
        // Six URLs one at a time take 1.5 s in all, more than any one URL's deadline.
        deadline: Duration::from_millis(900),
        ..server.options()
    };
    let urls: Vec<String> = (0..6)
        .map(|i| format!("http://localhost:{}/page{i}", server.port))
        .collect();
    let results = check(&urls, &options);
    assert!(
        results.iter().all(|r| r.status == LinkStatus::Ok),
        "{results:?}"
    );
    assert_eq!(server.state.max_in_flight.load(Ordering::SeqCst), 1);
}

#[test]
fn the_new_address_is_where_the_permanent_redirects_end() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/moved" => Reply::redirect(301, "/login-wall"),
        "/login-wall" => Reply::redirect(302, "/login?session=abc123"),
        "/temporary" => Reply::redirect(302, "/moved-later"),
        "/moved-later" => Reply::redirect(301, "/final"),
        _ => Reply::status(200).text("here"),
    });
    let result = check_one(&server.url("/moved"), &server.options());
    assert_eq!(result.status, LinkStatus::Redirected, "{result:?}");
    assert_eq!(
        result.moved_to.as_deref(),
        Some(server.url("/login-wall").as_str())
    );
    assert_eq!(
        result.final_url.as_deref(),
        Some(server.url("/login?session=abc123").as_str())
    );
    // A temporary redirect first: the cited address is still the one to use.
    let result = check_one(&server.url("/temporary"), &server.options());
    assert_eq!(result.status, LinkStatus::Ok, "{result:?}");
    assert_eq!(result.moved_to, None);
}

#[test]
fn a_location_in_raw_utf8_is_followed() {
    let server = Server::start(|request, _| match request.path.as_str() {
        "/old" => Reply::redirect(301, "/café"),
        _ => Reply::status(200).text("here"),
    });
    let result = check_one(&server.url("/old"), &server.options());
    assert_eq!(result.status, LinkStatus::Redirected, "{result:?}");
    assert_eq!(
        result.moved_to.as_deref(),
        Some(server.url("/caf%C3%A9").as_str())
    );
}
