//! The two halves of the link-checking benchmark (`scripts/bench-links.sh`):
//!
//! - `link_bench serve LATENCY_MS` answers HTTP/1.1 on 127.0.0.1 (keep-alive), waiting
//!   LATENCY_MS before each answer, and prints its port. `/ok/N` is a small page, `/gone/N` is
//!   404, `/moved/N` is a 301 to `/ok/N`.
//! - `link_bench corpus DIR PORT UNIQUE` writes Markdown articles citing UNIQUE distinct URLs on
//!   that server (one in 50 is 404, one in 50 redirects), ten per article, each article also
//!   citing two URLs that other articles cite.

use std::fmt::Write as _;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["serve", latency] => serve(Duration::from_millis(latency.parse()?)),
        ["corpus", dir, port, unique] => corpus(dir, port.parse()?, unique.parse()?),
        _ => Err("usage: link_bench serve LATENCY_MS | link_bench corpus DIR PORT UNIQUE".into()),
    }
}

fn serve(latency: Duration) -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        println!("{}", listener.local_addr()?.port());
        loop {
            let (stream, _) = listener.accept().await?;
            tokio::spawn(connection(stream, latency));
        }
    })
}

/// Answers requests on one connection until the client closes it.
async fn connection(mut stream: TcpStream, latency: Duration) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
        buffer.drain(..end);
        let mut words = head.split_whitespace();
        let method = words.next().unwrap_or("");
        let path = words.next().unwrap_or("/");
        tokio::time::sleep(latency).await;
        let number = path.rsplit('/').next().unwrap_or("0");
        let (status, extra, body) = if path.starts_with("/ok/") {
            (
                "200 OK",
                String::new(),
                format!("<html><title>Guidance page {number}</title></html>"),
            )
        } else if path.starts_with("/moved/") {
            (
                "301 Moved Permanently",
                format!("Location: /ok/{number}\r\n"),
                String::new(),
            )
        } else {
            ("404 Not Found", String::new(), "not here".to_string())
        };
        let mut reply = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n{extra}\r\n",
            body.len()
        );
        if method != "HEAD" {
            reply.push_str(&body);
        }
        if stream.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn corpus(dir: &str, port: u16, unique: usize) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let url = |n: usize| {
        let kind = match n % 50 {
            17 => "gone",
            33 => "moved",
            _ => "ok",
        };
        format!("http://127.0.0.1:{port}/{kind}/{n}")
    };
    let per_article = 10;
    let articles = unique.div_ceil(per_article);
    for a in 0..articles {
        let mut text = format!(
            "---\ntitle: Guidance {a}\n---\n# Guidance {a}\n\nSee [the overview]({}).\n\n\
             ## Exercises to avoid\n\n- Heavy lifting.\n\n## References\n\n",
            url((a * 7919) % unique)
        );
        let cited =
            (a * per_article..((a + 1) * per_article).min(unique)).chain([(a * 31 + 5) % unique]);
        for (i, n) in cited.enumerate() {
            writeln!(
                text,
                "{}. [Source {n}]({}) (accessed 1 March 2025)",
                i + 1,
                url(n)
            )?;
        }
        std::fs::write(format!("{dir}/guidance-{a:05}.md"), text)?;
    }
    Ok(())
}
