//! `healthlint links` and `healthlint check --links` as a user runs them, against a small HTTP
//! server each test starts on 127.0.0.1: findings at every citation, the JSON `links` array,
//! the address guard, one request per URL however often it is cited, and the link store.

#![allow(clippy::unwrap_used)]

use assert_cmd::Command;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;

/// Requests seen, by path (HEAD and GET alike).
type Seen = Arc<Mutex<HashMap<String, usize>>>;

/// A server on 127.0.0.1 that answers by path: `/ok`, `/gone` (404), `/moved` (301 to `/new`),
/// `/new`, `/temporary` (302 to `/ok`), `/lost` (200 with a "Page not found" title),
/// `/guide.pdf` (a PDF, which is never fetched, only asked about with HEAD).
struct Server {
    port: u16,
    seen: Seen,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Seen = Arc::default();
        let counting = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&counting);
                thread::spawn(move || serve(stream, port, &seen));
            }
        });
        Server { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> usize {
        self.seen.lock().unwrap().values().sum()
    }

    fn requests_for(&self, path: &str) -> usize {
        self.seen.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

fn serve(stream: TcpStream, port: u16, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    *seen.lock().unwrap().entry(path.clone()).or_default() += 1;
    let (status, extra, body) = match path.as_str() {
        "/ok" | "/new" => (
            "200 OK",
            String::new(),
            "<title>Back care</title>".to_string(),
        ),
        "/moved" => (
            "301 Moved Permanently",
            format!("Location: http://127.0.0.1:{port}/new\r\n"),
            String::new(),
        ),
        "/temporary" => (
            "302 Found",
            format!("Location: http://127.0.0.1:{port}/ok\r\n"),
            String::new(),
        ),
        "/lost" => (
            "200 OK",
            String::new(),
            "<title>Page not found | Clinic</title>".to_string(),
        ),
        "/guide.pdf" => ("200 OK", String::new(), "%PDF-1.7".to_string()),
        _ => ("404 Not Found", String::new(), "no".to_string()),
    };
    let kind = if path.ends_with(".pdf") {
        "application/pdf"
    } else {
        "text/html"
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(body.as_bytes());
    }
}

/// An article citing `urls` as references (and the first once more in the body).
fn article(title: &str, urls: &[String]) -> String {
    let mut text = format!(
        "---\ntitle: {title}\n---\n# {title}\n\nWalking helps; see [the guide]({}).\n\n\
         ## Exercises to avoid\n\n- Heavy deadlifts.\n\n## References\n\n",
        urls[0]
    );
    for (i, url) in urls.iter().enumerate() {
        text.push_str(&format!(
            "{}. [Source {i}]({url}) (accessed 1 March 2025)\n",
            i + 1
        ));
    }
    text
}

fn healthlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("healthlint").unwrap();
    cmd.current_dir(dir)
        .args(["--today", "2025-06-01", "--no-config"]);
    cmd
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).unwrap()
}

#[test]
fn every_status_is_reported_where_the_link_is_cited() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let urls: Vec<String> = ["/ok", "/gone", "/moved", "/temporary", "/lost"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    std::fs::write(dir.path().join("back.md"), article("Back pain", &urls)).unwrap();

    let out = healthlint(dir.path())
        .args(["links", "--no-cache", "--allow-host", &server.host(), "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("HL401(broken-link)"), "{stdout}");
    assert!(
        stdout.contains("this link is broken: 404 Not Found"),
        "{stdout}"
    );
    assert!(stdout.contains("HL404(redirected-link)"), "{stdout}");
    assert!(
        stdout.contains(&format!("cite the new address: {}", server.url("/new"))),
        "{stdout}"
    );
    assert!(stdout.contains("HL406(soft-404)"), "{stdout}");
    assert!(
        stdout.contains("checked 5 links: 2 ok, 1 broken, 1 soft-404, 1 redirected"),
        "{stdout}"
    );
    // `links` reports links only: the article's content findings are not repeated here.
    assert!(!stdout.contains("HL2"), "{stdout}");
    // No progress bar when standard error is not a terminal.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = healthlint(dir.path())
        .args(["links", "--no-cache", "--format", "json"])
        .args(["--allow-host", &server.host(), "back.md"])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    let links = report["links"].as_array().unwrap();
    assert_eq!(links.len(), 5);
    let ok = &links[0];
    assert_eq!(ok["url"], urls[0]);
    assert_eq!(ok["status"], "ok");
    assert_eq!(ok["http_status"], 200);
    // Cited in the body (line 6) and as reference 1 (line 14).
    let lines: Vec<u64> = ok["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 14]);
    assert_eq!(links[1]["status"], "broken");
    assert_eq!(links[2]["status"], "redirected");
    assert_eq!(links[2]["final_url"], server.url("/new"));
    assert_eq!(links[2]["redirects"][0]["http_status"], 301);
    assert_eq!(links[3]["status"], "ok");
    assert_eq!(links[3]["final_url"], server.url("/ok"));
    assert_eq!(links[4]["status"], "soft-404");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["HL401", "HL404", "HL406"]);
}

#[test]
fn private_addresses_are_not_contacted_unless_allowed() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("neck.md"),
        article("Neck pain", &[server.url("/ok")]),
    )
    .unwrap();
    let out = healthlint(dir.path())
        .args(["links", "--no-cache", "--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "infos do not fail the run");
    assert_eq!(report["links"][0]["status"], "excluded");
    assert_eq!(report["diagnostics"][0]["code"], "HL407");
    assert!(
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1 is a loopback address"),
        "{report}"
    );
    assert_eq!(server.requests(), 0, "the server must see no request");

    // --allow-private lifts the guard for every address.
    let out = healthlint(dir.path())
        .args([
            "links",
            "--no-cache",
            "--allow-private",
            "--format",
            "json",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout)["links"][0]["status"], "ok");
    assert!(server.requests() > 0);
}

#[test]
fn a_url_cited_in_twenty_articles_is_fetched_once() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        std::fs::write(
            dir.path().join(format!("article-{i:02}.md")),
            article(&format!("Hip pain {i}"), &[server.url("/guide.pdf")]),
        )
        .unwrap();
    }
    let out = healthlint(dir.path())
        .args(["links", "--no-cache", "--allow-host", &server.host()])
        .args(["--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["links"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["links"][0]["locations"].as_array().unwrap().len(),
        40
    );
    assert_eq!(
        server.requests_for("/guide.pdf"),
        1,
        "one HEAD for the one URL"
    );
}

#[test]
fn the_store_reuses_ok_results_and_rechecks_failures() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("knee.md"),
        article(
            "Knee pain",
            &[server.url("/guide.pdf"), server.url("/gone")],
        ),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = healthlint(dir.path())
            .args(["links", "--allow-host", &server.host()])
            .args(extra)
            .arg(".")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    run(&[]);
    assert!(dir.path().join(".healthlint/history.db").is_file());
    assert_eq!(server.requests_for("/guide.pdf"), 1);
    let gone_before = server.requests_for("/gone");

    let second = run(&[]);
    assert!(second.contains("(1 from the link store)"), "{second}");
    assert!(second.contains("HL401(broken-link)"), "{second}");
    assert_eq!(
        server.requests_for("/guide.pdf"),
        1,
        "the ok result is reused"
    );
    assert!(
        server.requests_for("/gone") > gone_before,
        "a failure is checked again"
    );

    run(&["--no-cache"]);
    assert_eq!(
        server.requests_for("/guide.pdf"),
        2,
        "--no-cache asks again"
    );

    // A stored result does not stand for a URL this run would not check.
    let out = healthlint(dir.path())
        .args(["links", "--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["links"][0]["status"], "excluded", "{report}");
    let out = healthlint(dir.path())
        .args([
            "links",
            "--allow-host",
            &server.host(),
            "--exclude",
            "guide",
        ])
        .args(["--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["links"][0]["status"], "excluded", "{report}");
    assert_eq!(server.requests_for("/guide.pdf"), 2);
}

#[test]
fn a_broken_store_is_a_warning_not_a_failure() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".healthlint")).unwrap();
    std::fs::write(
        dir.path().join(".healthlint/history.db"),
        "not a database, only some text that is long enough to look like a header",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ankle.md"),
        article("Ankle sprain", &[server.url("/guide.pdf")]),
    )
    .unwrap();
    let out = healthlint(dir.path())
        .args(["links", "--allow-host", &server.host(), "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: cannot use"), "{stderr}");
    assert!(stderr.contains("links are checked without it"), "{stderr}");
    assert_eq!(server.requests_for("/guide.pdf"), 1);
}

#[test]
fn check_with_links_adds_link_findings_to_the_content_rules() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let text =
        article("Shoulder pain", &[server.url("/gone")]).replace(" (accessed 1 March 2025)", "");
    std::fs::write(dir.path().join("shoulder.md"), text).unwrap();

    let out = healthlint(dir.path())
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let codes = |report: &serde_json::Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let plain = json(&out.stdout);
    assert_eq!(codes(&plain), ["HL201"], "{plain}");
    assert_eq!(
        server.requests(),
        0,
        "check without --links stays off the network"
    );

    let out = healthlint(dir.path())
        .args([
            "check",
            "--links",
            "--no-cache",
            "--allow-host",
            &server.host(),
        ])
        .args(["--format", "json", "."])
        .output()
        .unwrap();
    let with_links = json(&out.stdout);
    // In text order: the body link, then reference 1's missing date and its broken link.
    assert_eq!(
        codes(&with_links),
        ["HL401", "HL201", "HL401"],
        "{with_links}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn link_findings_follow_rule_levels_and_suppression() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let text = article("Wrist pain", &[server.url("/moved"), server.url("/gone")]).replace(
        "## References\n\n",
        "## References\n\n<!-- healthlint-disable-next-line HL404 -- the new address is not live yet -->\n",
    );
    std::fs::write(dir.path().join("wrist.md"), text).unwrap();
    std::fs::write(
        dir.path().join(".healthlint.yaml"),
        "rules:\n  broken-link: warning\nlinks:\n  cache: false\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("healthlint").unwrap();
    let out = cmd
        .current_dir(dir.path())
        .args([
            "--today",
            "2025-06-01",
            "links",
            "--allow-host",
            &server.host(),
        ])
        .args(["--format", "json", "."])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The body citation of /moved (line 6) is reported; the suppressed reference line is not.
    assert_eq!(
        found,
        [
            ("HL404".to_string(), "warning".to_string(), 6),
            ("HL401".to_string(), "warning".to_string(), 16)
        ],
        "{report}"
    );
    assert!(
        !dir.path().join(".healthlint/history.db").exists(),
        "cache: false"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not fail by default"
    );
}

#[test]
fn bad_link_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = healthlint(dir.path())
        .args(["links", "--exclude", "(", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid regular expression"));
    let out = healthlint(dir.path())
        .args(["links", "--timeout", "0", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
