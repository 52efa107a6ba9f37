//! The rules of engagement, as pure functions: which URLs are checked at all (scheme, exclude
//! patterns), which addresses may be contacted (loopback, private, link-local, unique-local and
//! unspecified addresses are refused unless allowed), how long to wait before a retry
//! (exponential backoff with jitter, or the server's `Retry-After`, RFC 9110 §10.2.3).
//! Nothing here does I/O, so every decision is tested directly.

use regex::Regex;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// Why an address may not be contacted, or `None` when it is public.
pub fn forbidden_address(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => forbidden_v4(v4),
            None => forbidden_v6(v6),
        },
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if ip.is_unspecified() || a == 0 {
        Some("an unspecified address")
    } else if a == 100 && (64..128).contains(&b) {
        Some("a shared (carrier-grade NAT) address")
    } else if ip.is_broadcast() || ip.is_multicast() {
        Some("a broadcast or multicast address")
    } else {
        None
    }
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    let first = segments[0];
    let embedded = |high: u16, low: u16| {
        let [a, b] = high.to_be_bytes();
        let [c, d] = low.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    // Addresses that carry an IPv4 address and reach it: IPv4-compatible (`::a.b.c.d`), NAT64
    // (`64:ff9b::/96`) and 6to4 (`2002::/16`) are judged by the address inside.
    let compatible = segments[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified();
    let nat64 = segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    let inner = if compatible || nat64 {
        Some(embedded(segments[6], segments[7]))
    } else if first == 0x2002 {
        Some(embedded(segments[1], segments[2]))
    } else {
        None
    };
    if let Some(reason) = inner.and_then(forbidden_v4) {
        return Some(reason);
    }
    if ip.is_loopback() {
        Some("a loopback address")
    } else if ip.is_unspecified() {
        Some("an unspecified address")
    } else if first & 0xfe00 == 0xfc00 {
        Some("a unique-local address")
    } else if first & 0xffc0 == 0xfe80 {
        Some("a link-local address")
    } else if first & 0xffc0 == 0xfec0 {
        Some("a site-local address")
    } else if ip.is_multicast() {
        Some("a multicast address")
    } else {
        None
    }
}

/// A host (and optionally a port) the user allowed with `--allow-host HOST[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    pub host: String,
    pub port: Option<u16>,
}

impl AllowedHost {
    /// `example.org`, `127.0.0.1:8080`, `[::1]:8080`.
    pub fn parse(text: &str) -> Result<AllowedHost, String> {
        let text = text.trim();
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') || host.ends_with(']') => {
                let port = port
                    .parse()
                    .map_err(|_| format!("`{text}`: `{port}` is not a port number"))?;
                (host, Some(port))
            }
            _ => (text, None),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(format!("`{text}` names no host"));
        }
        Ok(AllowedHost {
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

/// Which addresses may be contacted.
#[derive(Debug, Clone, Default)]
pub struct AddressGuard {
    /// `--allow-private`: contact any address.
    pub allow_private: bool,
    pub allowed_hosts: Vec<AllowedHost>,
}

impl AddressGuard {
    /// Whether a host and port were allowed by name, which lifts the address check for them.
    pub fn host_allowed(&self, host: &str, port: u16) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allowed_hosts
            .iter()
            .any(|a| a.host.eq_ignore_ascii_case(host) && a.port.is_none_or(|p| p == port))
    }

    /// Why `ip` (which `host:port` resolved to) may not be contacted, or `None`.
    pub fn refuses(&self, host: &str, port: u16, ip: IpAddr) -> Option<&'static str> {
        if self.allow_private || self.host_allowed(host, port) {
            return None;
        }
        forbidden_address(ip)
    }
}

/// Whether a URL is checked at all: `Err` with the reason when it is not.
pub fn checkable(url: &url::Url, exclude: &[Regex]) -> Result<(), String> {
    match url.scheme() {
        "http" | "https" => {}
        "mailto" => {
            let address = url.path();
            let valid = address
                .split_once('@')
                .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
            return Err(if valid {
                "a mailto: link; its address is well formed, and mail is not sent to check it"
                    .into()
            } else {
                format!("a mailto: link whose address `{address}` is not well formed")
            });
        }
        other => return Err(format!("`{other}:` links are not checked")),
    }
    if let Some(pattern) = exclude.iter().find(|p| p.is_match(url.as_str())) {
        return Err(format!("excluded by the pattern `{}`", pattern.as_str()));
    }
    Ok(())
}

/// How long to wait before retry `attempt` (1-based): exponential from `base`, capped, with
/// up to 25% jitter from `jitter` (a number in 0..1) so that retries do not arrive together.
pub fn backoff(attempt: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let exponential = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exponential.min(cap);
    capped.mul_f64(1.0 + 0.25 * jitter.clamp(0.0, 1.0))
}

/// A `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as a wait from
/// `now`, capped at `cap`. A date in the past means no wait.
pub fn retry_after(value: &str, now: jiff::Timestamp, cap: Duration) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let when = jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(value)
            .ok()?;
        let span = when.as_duration().checked_sub(now.as_duration())?;
        Duration::try_from(span).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(cap))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn private_and_special_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "fec0::1",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert!(forbidden_address(ip).is_some(), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "172.32.0.1",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(forbidden_address(ip), None, "{ip}");
        }
    }

    #[test]
    fn allowed_hosts_lift_the_guard_for_that_host_and_port_only() {
        let guard = AddressGuard {
            allow_private: false,
            allowed_hosts: vec![AllowedHost::parse("127.0.0.1:8080").unwrap()],
        };
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(guard.refuses("127.0.0.1", 8080, local), None);
        assert!(guard.refuses("127.0.0.1", 9090, local).is_some());
        assert!(
            guard
                .refuses("127.0.0.2", 8080, "127.0.0.2".parse().unwrap())
                .is_some()
        );
        assert_eq!(
            AllowedHost::parse("[::1]:80").unwrap(),
            AllowedHost {
                host: "::1".into(),
                port: Some(80)
            }
        );
        assert_eq!(AllowedHost::parse("Example.org").unwrap().port, None);
        assert!(AllowedHost::parse("example.org:http").is_err());
    }

    #[test]
    fn schemes_and_exclusions() {
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert!(checkable(&url("https://example.org/a"), &[]).is_ok());
        assert!(checkable(&url("ftp://example.org/a"), &[]).is_err());
        let mail = checkable(&url("mailto:clinic@example.org"), &[]).unwrap_err();
        assert!(mail.contains("well formed"), "{mail}");
        let bad = checkable(&url("mailto:clinic"), &[]).unwrap_err();
        assert!(bad.contains("not well formed"), "{bad}");
        let exclude = [Regex::new(r"^https://intranet\.").unwrap()];
        assert!(checkable(&url("https://intranet.example.org/x"), &exclude).is_err());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        assert_eq!(backoff(1, base, cap, 0.0), Duration::from_millis(100));
        assert_eq!(backoff(3, base, cap, 0.0), Duration::from_millis(400));
        assert_eq!(backoff(10, base, cap, 0.0), cap);
        assert_eq!(backoff(1, base, cap, 1.0), Duration::from_millis(125));
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now: jiff::Timestamp = "2026-01-15T10:00:00Z".parse().unwrap();
        let cap = Duration::from_secs(60);
        assert_eq!(retry_after("1", now, cap), Some(Duration::from_secs(1)));
        assert_eq!(retry_after("3600", now, cap), Some(cap));
        assert_eq!(
            retry_after("Thu, 15 Jan 2026 10:00:05 GMT", now, cap),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after("Thu, 15 Jan 2026 09:00:00 GMT", now, cap),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now, cap), None);
    }
}
