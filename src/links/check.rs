//! Checking links over the network. One tokio runtime and one reqwest client per run; every
//! request (each retry, each redirect hop) passes the address guard and takes a per-host and a
//! global permit. HEAD first, GET when HEAD is refused or when a page's body is needed to spot
//! a soft 404; bodies are read only up to a cap and a short time budget. Redirects are followed
//! by hand so each hop is guarded and recorded. The judgements themselves live in `status.rs`
//! and `policy.rs`.

use super::policy::{self, AddressGuard};
use super::status::{self, Hop, LinkResult, LinkStatus};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::error::Error as StdError;
use std::hash::BuildHasher;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::{OnceCell, Semaphore};

/// How many redirects are followed before a chain counts as too long.
const MAX_REDIRECTS: usize = 10;
/// The longest a body is read after the headers arrived, whatever the request timeout.
const BODY_TIME_BUDGET: Duration = Duration::from_secs(3);

/// How politely and how far links are checked.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one `host:port`.
    pub host_concurrency: usize,
    /// The least time between the starts of two requests to one `host:port`.
    pub host_interval: Option<Duration>,
    /// One request: connecting, the headers, and the part of the body that is read.
    pub timeout: Duration,
    /// One URL, retries and redirects included, counted from its first request.
    pub deadline: Duration,
    /// Retries after the first attempt, for timeouts, resets, 5xx and 429.
    pub max_retries: u32,
    /// The first backoff; it doubles with each retry.
    pub retry_base: Duration,
    /// The longest wait honoured from a `Retry-After` header (and the backoff's cap).
    pub retry_after_cap: Duration,
    /// Which addresses may be contacted.
    pub guard: AddressGuard,
    /// HTTP statuses that count as ok.
    pub accepted: Vec<u16>,
    /// URLs matching any of these are not checked.
    pub exclude: Vec<regex::Regex>,
    pub user_agent: String,
    /// Extra headers as (host or host:port, header name, value).
    pub headers: Vec<(String, String, String)>,
    /// How many (decompressed) body bytes are read to look for a soft 404.
    pub body_cap: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            max_concurrency: 64,
            host_concurrency: 4,
            host_interval: None,
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(30),
            max_retries: 2,
            retry_base: Duration::from_millis(500),
            retry_after_cap: Duration::from_secs(10),
            guard: AddressGuard::default(),
            accepted: Vec::new(),
            exclude: Vec::new(),
            user_agent: format!("healthlint/{} (+link checker)", env!("CARGO_PKG_VERSION")),
            headers: Vec::new(),
            body_cap: 64 * 1024,
        }
    }
}

/// Why no results could be given at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// No link got an answer and the failures point at this machine's network, not the links.
    #[error("the network seems to be unavailable: {0}")]
    NetworkUnavailable(String),
    /// The checker could not be set up (runtime, client, a configured header).
    #[error("the link checker could not run: {0}")]
    Runtime(String),
}

/// Checks every URL and returns one result per input URL, in input order; a URL that appears
/// more than once is checked once. `on_result` is called once per input URL as its check
/// finishes. Must not be called from inside a tokio runtime.
pub fn check_all(
    urls: &[String],
    options: &CheckOptions,
    on_result: &(dyn Fn(&LinkResult) + Sync),
) -> Result<Vec<LinkResult>, CheckError> {
    let extra_headers = parse_headers(&options.headers)?;
    let mut unique: Vec<&str> = Vec::new();
    let mut unique_index: HashMap<&str, usize> = HashMap::new();
    let mut inputs_of: Vec<Vec<usize>> = Vec::new();
    let positions: Vec<usize> = urls
        .iter()
        .enumerate()
        .map(|(input, url)| {
            let next = unique.len();
            let index = *unique_index.entry(url.as_str()).or_insert(next);
            if index == next {
                unique.push(url.as_str());
                inputs_of.push(Vec::new());
            }
            inputs_of[index].push(input);
            index
        })
        .collect();

    // One thread does all the waiting: link checking is I/O, and handing sockets between
    // worker threads cost more CPU than the requests themselves.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .thread_name("healthlint-links")
        .enable_all()
        .build()
        .map_err(|e| CheckError::Runtime(format!("no async runtime: {e}")))?;
    let notify = |index: usize, result: &LinkResult| {
        for _ in &inputs_of[index] {
            on_result(result);
        }
    };
    let verdicts = runtime.block_on(check_unique(&unique, options, extra_headers, &notify));
    // A name lookup that outlived its timeout may still hold a blocking thread; do not wait.
    runtime.shutdown_background();
    let verdicts = verdicts?;

    let reaches: Vec<Reach> = verdicts.iter().map(|v| v.reach.clone()).collect();
    if let Some(why) = network_unavailable(&reaches) {
        return Err(CheckError::NetworkUnavailable(why));
    }
    Ok(positions
        .iter()
        .map(|&index| verdicts[index].result.clone())
        .collect())
}

async fn check_unique(
    unique: &[&str],
    options: &CheckOptions,
    extra_headers: Vec<(String, HeaderName, HeaderValue)>,
    notify: &(dyn Fn(usize, &LinkResult) + Sync),
) -> Result<Vec<Verdict>, CheckError> {
    let checker = Arc::new(Checker::new(options, extra_headers)?);
    let mut verdicts: Vec<Option<Verdict>> = vec![None; unique.len()];
    let mut tasks = tokio::task::JoinSet::new();
    for (index, &text) in unique.iter().enumerate() {
        match checkable_url(text, &options.exclude) {
            Ok(url) => {
                let checker = Arc::clone(&checker);
                let text = text.to_string();
                tasks.spawn(async move { (index, checker.check(&text, url).await) });
            }
            Err(result) => {
                notify(index, &result);
                verdicts[index] = Some(Verdict {
                    result: *result,
                    reach: Reach::NotAttempted,
                });
            }
        }
    }
    while let Some(joined) = tasks.join_next().await {
        let (index, verdict) =
            joined.map_err(|e| CheckError::Runtime(format!("a link check stopped: {e}")))?;
        notify(index, &verdict.result);
        verdicts[index] = Some(verdict);
    }
    verdicts
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| CheckError::Runtime("a link was left unchecked".into()))
}

/// The URL to check, or the result for one that is not checked over the network.
fn checkable_url(text: &str, exclude: &[regex::Regex]) -> Result<Url, Box<LinkResult>> {
    let url = Url::parse(text).map_err(|e| {
        Box::new(LinkResult::new(
            text,
            LinkStatus::Broken,
            format!("not a valid URL: {e}"),
        ))
    })?;
    policy::checkable(&url, exclude)
        .map_err(|reason| Box::new(LinkResult::new(text, LinkStatus::Excluded, reason)))?;
    Ok(url)
}

fn parse_headers(
    headers: &[(String, String, String)],
) -> Result<Vec<(String, HeaderName, HeaderValue)>, CheckError> {
    headers
        .iter()
        .map(|(host, name, value)| {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                CheckError::Runtime(format!("`{name}` (for {host}) is not a valid header name"))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                CheckError::Runtime(format!(
                    "the value of the header `{name}` for {host} is not a valid header value"
                ))
            })?;
            Ok((host.to_ascii_lowercase(), header_name, header_value))
        })
        .collect()
}

/// The result for one URL and what it says about the network.
#[derive(Debug, Clone)]
struct Verdict {
    result: LinkResult,
    reach: Reach,
}

/// How far one URL's check got over the network, for deciding whether the network itself is
/// down.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    /// Decided without the network: not checkable, a refused address, a reserved name.
    NotAttempted,
    /// Some HTTP answer arrived, from any hop.
    Answered,
    /// The host's name did not resolve.
    NameUnresolved { host: String },
    /// No route to the network or host.
    Unreachable,
    /// Refused, or no answer in time, or another failure to connect.
    ConnectFailed,
    /// A connection was made but no valid HTTP answer came (a reset, a garbled answer).
    ReachedWithoutAnswer,
}

/// Whether the results say more about this machine's network than about the links, and why.
///
/// The rule: at least one URL was attempted over the network; none of them got any HTTP answer
/// or even a connection that then failed; and the failures include either name lookups failing
/// for at least two distinct hosts, or "network unreachable" (no route: evidence about this
/// machine, not about a host). One unresolvable host is just a broken link. Reserved names
/// (`.invalid`, `.test`, `.example`) are decided without a lookup and so are not attempts, and
/// neither are refused addresses or excluded URLs. Refusals and timeouts are consistent with a
/// missing network but prove nothing on their own, so they neither trigger nor veto this.
fn network_unavailable(reaches: &[Reach]) -> Option<String> {
    let attempted: Vec<&Reach> = reaches
        .iter()
        .filter(|r| **r != Reach::NotAttempted)
        .collect();
    if attempted.is_empty()
        || attempted
            .iter()
            .any(|r| matches!(r, Reach::Answered | Reach::ReachedWithoutAnswer))
    {
        return None;
    }
    let unresolved: BTreeSet<&str> = attempted
        .iter()
        .filter_map(|r| match r {
            Reach::NameUnresolved { host } => Some(host.as_str()),
            _ => None,
        })
        .collect();
    let unreachable = attempted
        .iter()
        .filter(|r| ***r == Reach::Unreachable)
        .count();
    if unresolved.len() < 2 && unreachable == 0 {
        return None;
    }
    let mut reasons = Vec::new();
    if !unresolved.is_empty() {
        let mut names: Vec<&str> = unresolved.iter().copied().take(3).collect();
        if unresolved.len() > 3 {
            names.push("…");
        }
        reasons.push(format!(
            "the names of {} hosts did not resolve ({})",
            unresolved.len(),
            names.join(", ")
        ));
    }
    if unreachable > 0 {
        reasons.push(format!("{unreachable} reported \"network unreachable\""));
    }
    Some(format!(
        "none of the {} links checked got an answer: {}",
        attempted.len(),
        reasons.join(" and ")
    ))
}

/// Why an address is not contacted, or a name could not be used.
#[derive(Debug, Clone, thiserror::Error)]
enum Refusal {
    #[error("{ip} is {reason}")]
    Forbidden { ip: IpAddr, reason: &'static str },
    #[error("the name {host} does not resolve{}", reserved_note(reserved_tld))]
    Unresolved {
        host: String,
        /// The reserved top-level name when no lookup was made.
        reserved_tld: Option<&'static str>,
    },
    #[error("looking up the name {host} took longer than {}", describe_duration(*after))]
    LookupTimedOut { host: String, after: Duration },
    #[error("the URL names no host")]
    NoHost,
}

fn reserved_note(tld: &Option<&'static str>) -> String {
    tld.map(|tld| format!(" (.{tld} is reserved and never resolves)"))
        .unwrap_or_default()
}

/// The reserved top-level name (RFC 6761, RFC 2606) a host ends in, if any.
fn reserved_tld(host: &str) -> Option<&'static str> {
    let last = host.trim_end_matches('.').rsplit('.').next()?;
    ["invalid", "test", "example"]
        .into_iter()
        .find(|tld| last.eq_ignore_ascii_case(tld))
}

/// Whether `ip`, resolved for `host`, may be contacted on at least one port the guard could
/// allow. The resolver does not know the port; the exact `host:port` check is made before each
/// request, and this keeps a name that re-resolves to a forbidden address from slipping
/// through in between.
fn permitted_on_some_port(guard: &AddressGuard, host: &str, ip: IpAddr) -> bool {
    guard
        .allowed_hosts
        .iter()
        .filter_map(|allowed| allowed.port)
        .chain([0])
        .any(|port| guard.refuses(host, port, ip).is_none())
}

/// Resolves with the system resolver and hands reqwest only addresses the guard permits.
struct GuardedResolver {
    guard: AddressGuard,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let guard = self.guard.clone();
        Box::pin(async move {
            let boxed = |refusal: Refusal| -> Box<dyn StdError + Send + Sync> { Box::new(refusal) };
            if let Some(tld) = reserved_tld(&host) {
                return Err(boxed(Refusal::Unresolved {
                    host,
                    reserved_tld: Some(tld),
                }));
            }
            let lookup: std::io::Result<Vec<SocketAddr>> =
                match tokio::net::lookup_host((host.as_str(), 0)).await {
                    Ok(addresses) => Ok(addresses.collect()),
                    Err(error) => Err(error),
                };
            let Ok(resolved) = lookup else {
                return Err(boxed(Refusal::Unresolved {
                    host,
                    reserved_tld: None,
                }));
            };
            let (permitted, refused): (Vec<SocketAddr>, Vec<SocketAddr>) = resolved
                .into_iter()
                .partition(|address| permitted_on_some_port(&guard, &host, address.ip()));
            if permitted.is_empty() {
                return Err(boxed(match refused.first() {
                    Some(address) => Refusal::Forbidden {
                        ip: address.ip(),
                        reason: policy::forbidden_address(address.ip()).unwrap_or("not allowed"),
                    },
                    None => Refusal::Unresolved {
                        host,
                        reserved_tld: None,
                    },
                }));
            }
            let addresses: reqwest::dns::Addrs = Box::new(permitted.into_iter());
            Ok(addresses)
        })
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone)]
enum Failure {
    Timeout(Duration),
    ConnectionRefused,
    Unreachable,
    ConnectFailed(String),
    Reset,
    Protocol(String),
    Refused(Refusal),
}

impl Failure {
    fn retryable(&self) -> bool {
        matches!(self, Failure::Timeout(_) | Failure::Reset)
    }
}

/// Sorts a reqwest error into what it means for a link.
fn failure_from(error: &reqwest::Error, timeout: Duration) -> Failure {
    use std::io::ErrorKind;
    let mut messages: Vec<String> = Vec::new();
    let mut source: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = source {
        if let Some(refusal) = current.downcast_ref::<Refusal>() {
            return Failure::Refused(refusal.clone());
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            match io.kind() {
                ErrorKind::ConnectionRefused => return Failure::ConnectionRefused,
                ErrorKind::NetworkUnreachable
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkDown => return Failure::Unreachable,
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof => return Failure::Reset,
                ErrorKind::TimedOut => return Failure::Timeout(timeout),
                _ => {}
            }
        }
        let message = current.to_string();
        if !messages.iter().any(|m| m.contains(&message)) {
            messages.push(message);
        }
        source = current.source();
    }
    if error.is_timeout() {
        return Failure::Timeout(timeout);
    }
    let innermost = messages.last().cloned().unwrap_or_default();
    if innermost.contains("connection closed before message completed") {
        Failure::Reset
    } else if error.is_connect() {
        Failure::ConnectFailed(innermost)
    } else {
        Failure::Protocol(innermost)
    }
}

/// What a server answered, as far as judging a link needs.
#[derive(Debug, Clone)]
struct Answer {
    code: u16,
    location: Option<String>,
    bot_challenge: bool,
    html: bool,
    retry_after: Option<Duration>,
    /// The start of the body, read only for a successful GET of an HTML page.
    body: Option<String>,
}

/// The time left for one URL. It starts with the URL's first request, not when it is queued.
struct Clock {
    limit: Duration,
    deadline: Option<Instant>,
}

impl Clock {
    fn start(&mut self) {
        if self.deadline.is_none() {
            self.deadline = Some(Instant::now() + self.limit);
        }
    }

    fn remaining(&self) -> Duration {
        self.deadline
            .map_or(self.limit, |d| d.saturating_duration_since(Instant::now()))
    }
}

/// The permits and pacing for one `host:port`.
struct HostSlot {
    permits: Semaphore,
    next_start: Mutex<Option<Instant>>,
    /// The host answered a HEAD with a page: its pages are read anyway (for soft 404s), so
    /// later checks skip the HEAD and ask with GET straight away.
    serves_pages: std::sync::atomic::AtomicBool,
}

impl HostSlot {
    /// Waits until a request to this host may start, keeping `interval` between starts.
    async fn wait_turn(&self, interval: Option<Duration>) {
        let Some(interval) = interval else { return };
        let wait = {
            let mut next_start = self
                .next_start
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let start = next_start.map_or(now, |at| at.max(now));
            *next_start = Some(start + interval);
            start - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

/// The outcome of asking one URL (one hop), retries included.
struct Probe {
    outcome: Result<Answer, Failure>,
    attempts: u32,
}

/// One name lookup per `host:port` per run, shared by the checks that need it.
type Lookup = OnceCell<Result<(), Refusal>>;

/// Shared by every check of a run.
struct Checker {
    client: reqwest::Client,
    options: CheckOptions,
    extra_headers: Vec<(String, HeaderName, HeaderValue)>,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
    lookups: Mutex<HashMap<String, Arc<Lookup>>>,
}

impl Checker {
    fn new(
        options: &CheckOptions,
        extra_headers: Vec<(String, HeaderName, HeaderValue)>,
    ) -> Result<Self, CheckError> {
        let mut default_headers = reqwest::header::HeaderMap::new();
        default_headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"),
        );
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .gzip(true)
            .referer(false)
            .dns_resolver(GuardedResolver {
                guard: options.guard.clone(),
            })
            .user_agent(options.user_agent.as_str())
            .default_headers(default_headers)
            .connect_timeout(options.timeout)
            .build()
            .map_err(|e| CheckError::Runtime(format!("no HTTP client: {e}")))?;
        Ok(Self {
            client,
            options: options.clone(),
            extra_headers,
            global: Semaphore::new(options.max_concurrency.max(1)),
            hosts: Mutex::new(HashMap::new()),
            lookups: Mutex::new(HashMap::new()),
        })
    }

    /// Checks one URL: each hop is vetted, asked (with retries), and followed if it redirects.
    async fn check(&self, input: &str, url: Url) -> Verdict {
        let mut clock = Clock {
            limit: self.options.deadline,
            deadline: None,
        };
        let mut chain = Chain {
            input,
            hops: Vec::new(),
            moved_to: None,
            only_permanent: true,
            answered: false,
        };
        let mut seen: HashSet<String> = HashSet::from([url.to_string()]);
        let mut current = url;
        loop {
            if clock.deadline.is_some() && clock.remaining().is_zero() {
                return chain.timed_out(&current, self.options.deadline);
            }
            if let Err(refusal) = self.vet(&current, &mut clock).await {
                return chain.refused(&current, &refusal);
            }
            let probe = self.probe(&current, &mut clock).await;
            let answer = match probe.outcome {
                Ok(answer) => answer,
                Err(failure) => return chain.failed(&current, &failure, probe.attempts),
            };
            chain.answered = true;
            let location = match (&answer.location, is_redirect(answer.code)) {
                (Some(location), true) => location.clone(),
                _ => return chain.judged(&current, &answer, probe.attempts, &self.options),
            };
            chain.hops.push(Hop {
                url: current.to_string(),
                http_status: answer.code,
            });
            let Ok(next) = current.join(&location) else {
                return chain.ended(
                    &current,
                    LinkStatus::Broken,
                    Some(answer.code),
                    format!("the redirect points to `{location}`, which is not a valid URL"),
                );
            };
            // The address to cite instead is where the leading permanent redirects end: a
            // temporary redirect after them (to a login page, say) is not a new address.
            chain.only_permanent &= matches!(answer.code, 301 | 308);
            if chain.only_permanent {
                chain.moved_to = Some(next.to_string());
            }
            if !seen.insert(next.to_string()) {
                return chain.ended(
                    &next,
                    LinkStatus::Broken,
                    Some(answer.code),
                    "redirect loop",
                );
            }
            if chain.hops.len() > MAX_REDIRECTS {
                return chain.ended(
                    &next,
                    LinkStatus::Broken,
                    Some(answer.code),
                    "too many redirects",
                );
            }
            if let Err(reason) = policy::checkable(&next, &self.options.exclude) {
                return chain.ended(
                    &next,
                    LinkStatus::Excluded,
                    Some(answer.code),
                    format!("not checked: redirected to {next}, and {reason}"),
                );
            }
            current = next;
        }
    }

    /// Whether `url`'s host may be contacted on its port: IP literals are checked directly
    /// (reqwest does not resolve them), names are looked up once per `host:port` per run.
    async fn vet(&self, url: &Url, clock: &mut Clock) -> Result<(), Refusal> {
        let port = url.port_or_known_default().unwrap_or(80);
        let host_text = url.host_str().unwrap_or_default().to_string();
        let guard = &self.options.guard;
        let ip = match url.host() {
            None => return Err(Refusal::NoHost),
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            Some(url::Host::Domain(name)) => {
                if let Some(tld) = reserved_tld(name) {
                    return Err(Refusal::Unresolved {
                        host: name.to_string(),
                        reserved_tld: Some(tld),
                    });
                }
                let key = format!("{}:{port}", name.to_ascii_lowercase());
                let cell = {
                    let mut lookups = self.lookups.lock().unwrap_or_else(PoisonError::into_inner);
                    Arc::clone(lookups.entry(key).or_default())
                };
                // The URL's clock starts with its first request, after the host's permit: a
                // URL queued behind others on a busy host has not used any of its time yet.
                let timeout = self.options.timeout.min(clock.remaining());
                let outcome = cell
                    .get_or_init(|| async {
                        // The semaphores are never closed, so a permit always comes.
                        let _permit = self.global.acquire().await.ok();
                        vet_name(guard, name, port, timeout).await
                    })
                    .await;
                return outcome.clone();
            }
        };
        match guard.refuses(&host_text, port, ip) {
            Some(reason) => Err(Refusal::Forbidden { ip, reason }),
            None => Ok(()),
        }
    }

    /// Asks one URL: HEAD, then GET when HEAD is refused, fails oddly or the page's body is
    /// needed; retries timeouts, resets, 5xx and 429 with backoff or `Retry-After`, within the
    /// URL's deadline.
    async fn probe(&self, url: &Url, clock: &mut Clock) -> Probe {
        let slot = self.host_slot(slot_key(url));
        let mut method = Method::HEAD;
        let mut retries = 0;
        let mut attempts = 0;
        let mut last: Option<Result<Answer, Failure>> = None;
        loop {
            if attempts > 0 && clock.remaining().is_zero() {
                let outcome = last.unwrap_or(Err(Failure::Timeout(self.options.timeout)));
                return Probe { outcome, attempts };
            }
            attempts += 1;
            let outcome = self.send(&mut method, attempts == 1, url, clock).await;
            let head = method == Method::HEAD;
            // A retry cut short by the deadline says nothing new: the last real outcome stands.
            if let Err(Failure::Timeout(timeout)) = &outcome
                && *timeout < self.options.timeout
                && let Some(previous) = last
            {
                return Probe {
                    outcome: previous,
                    attempts,
                };
            }
            let wait = match &outcome {
                Ok(answer) if settles(answer, &self.options.accepted) => {
                    if head && answer.html && (200..300).contains(&answer.code) {
                        slot.serves_pages
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                        return Probe {
                            outcome: Ok(self.read_page(url, clock, answer).await),
                            attempts,
                        };
                    }
                    return Probe { outcome, attempts };
                }
                Ok(answer) if head => {
                    // Many servers mishandle HEAD: the answer is judged only after a GET.
                    method = Method::GET;
                    if retryable_code(answer.code) {
                        retries = (retries + 1).min(self.options.max_retries);
                        Some(self.retry_delay(answer.retry_after, retries.max(1), url))
                    } else {
                        None
                    }
                }
                Ok(answer) if retryable_code(answer.code) && retries < self.options.max_retries => {
                    retries += 1;
                    Some(self.retry_delay(answer.retry_after, retries, url))
                }
                Ok(_) => return Probe { outcome, attempts },
                Err(Failure::Protocol(_)) if head => {
                    method = Method::GET;
                    None
                }
                Err(failure) if failure.retryable() && retries < self.options.max_retries => {
                    method = Method::GET;
                    retries += 1;
                    Some(self.retry_delay(None, retries, url))
                }
                Err(_) => return Probe { outcome, attempts },
            };
            if let Some(wait) = wait {
                if wait >= clock.remaining() {
                    return Probe { outcome, attempts };
                }
                tokio::time::sleep(wait).await;
            }
            last = Some(outcome);
        }
    }

    /// A GET for the start of a page HEAD said is fine, to look for a soft 404. If the GET
    /// fails or answers with a retryable status, HEAD's answer stands.
    async fn read_page(&self, url: &Url, clock: &mut Clock, head: &Answer) -> Answer {
        if clock.remaining().is_zero() {
            return head.clone();
        }
        let mut get = Method::GET;
        match self.send(&mut get, false, url, clock).await {
            Ok(answer) if !retryable_code(answer.code) => answer,
            _ => head.clone(),
        }
    }

    /// How long to wait before retry number `retry`.
    fn retry_delay(&self, retry_after: Option<Duration>, retry: u32, url: &Url) -> Duration {
        retry_after.unwrap_or_else(|| {
            let jitter = std::collections::hash_map::RandomState::new().hash_one((
                url.as_str(),
                retry,
                Instant::now(),
            ));
            let jitter = (jitter >> 11) as f64 / (1u64 << 53) as f64;
            policy::backoff(
                retry,
                self.options.retry_base,
                self.options.retry_after_cap,
                jitter,
            )
        })
    }

    fn host_slot(&self, key: String) -> Arc<HostSlot> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        let limit = self.options.host_concurrency.max(1);
        Arc::clone(hosts.entry(key).or_insert_with(|| {
            Arc::new(HostSlot {
                permits: Semaphore::new(limit),
                next_start: Mutex::new(None),
                serves_pages: std::sync::atomic::AtomicBool::new(false),
            })
        }))
    }

    /// One request, holding this host's permit and a global one until the answer (and the part
    /// of the body that is read) is in. A first HEAD becomes a GET once the host is known to
    /// serve pages (`may_skip_head`), decided when the request's turn comes.
    async fn send(
        &self,
        method: &mut Method,
        may_skip_head: bool,
        url: &Url,
        clock: &mut Clock,
    ) -> Result<Answer, Failure> {
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let port = url.port_or_known_default().unwrap_or(80);
        let slot = self.host_slot(slot_key(url));
        // The semaphores are never closed, so a permit always comes.
        let _host_permit = slot.permits.acquire().await.ok();
        slot.wait_turn(self.options.host_interval).await;
        let _permit = self.global.acquire().await.ok();
        if *method == Method::HEAD
            && may_skip_head
            && slot.serves_pages.load(std::sync::atomic::Ordering::Relaxed)
            && !names_a_file(url)
        {
            *method = Method::GET;
        }
        let method = &*method;
        clock.start();
        let timeout = self.options.timeout.min(clock.remaining());
        let started = Instant::now();

        let mut request = self.client.request(method.clone(), url.clone());
        let host_port = format!("{host}:{port}");
        for (for_host, name, value) in &self.extra_headers {
            if *for_host == host || *for_host == host_port {
                request = request.header(name.clone(), value.clone());
            }
        }
        let mut response = match tokio::time::timeout(timeout, request.send()).await {
            Err(_) => return Err(Failure::Timeout(timeout)),
            Ok(Err(error)) => return Err(failure_from(&error, timeout)),
            Ok(Ok(response)) => response,
        };

        let code = response.status().as_u16();
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let html = content_type.starts_with("text/html")
            || content_type.starts_with("application/xhtml+xml");
        let mut answer = Answer {
            code,
            // Some servers send a raw UTF-8 path (`/café`); browsers follow it, and joining
            // it to the URL percent-encodes it.
            location: headers
                .get("location")
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            bot_challenge: status::is_bot_challenge(code, header),
            html,
            retry_after: header("retry-after").and_then(|value| {
                policy::retry_after(&value, jiff::Timestamp::now(), self.options.retry_after_cap)
            }),
            body: None,
        };
        if *method == Method::GET && html && (200..300).contains(&code) {
            let until =
                (started + timeout).min(Instant::now() + BODY_TIME_BUDGET.min(clock.remaining()));
            answer.body = Some(read_capped(&mut response, self.options.body_cap, until).await);
        }
        Ok(answer)
    }
}

/// The `host:port` a URL's requests count against.
fn slot_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default().to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(80)
    )
}

/// Whether a URL's path names a download rather than a page (a PDF, an archive, media), which
/// is asked with HEAD so that it is not fetched.
fn names_a_file(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        extension,
        "pdf"
            | "zip"
            | "gz"
            | "tgz"
            | "tar"
            | "7z"
            | "rar"
            | "doc"
            | "docx"
            | "xls"
            | "xlsx"
            | "ppt"
            | "pptx"
            | "epub"
            | "mp3"
            | "mp4"
            | "m4a"
            | "mov"
            | "avi"
            | "webm"
            | "jpg"
            | "jpeg"
            | "png"
            | "gif"
            | "webp"
            | "svg"
            | "csv"
            | "xml"
            | "json"
            | "exe"
            | "dmg"
            | "iso"
    )
}

/// Looks a name up and checks every address it resolves to against the guard for `port`.
async fn vet_name(
    guard: &AddressGuard,
    name: &str,
    port: u16,
    timeout: Duration,
) -> Result<(), Refusal> {
    let unresolved = || Refusal::Unresolved {
        host: name.to_string(),
        reserved_tld: None,
    };
    let addresses: Vec<SocketAddr> =
        match tokio::time::timeout(timeout, tokio::net::lookup_host((name, port))).await {
            Ok(Ok(addresses)) => addresses.collect(),
            Ok(Err(_)) => return Err(unresolved()),
            Err(_) => {
                return Err(Refusal::LookupTimedOut {
                    host: name.to_string(),
                    after: timeout,
                });
            }
        };
    let mut refusal = None;
    for address in &addresses {
        match guard.refuses(name, port, address.ip()) {
            None => return Ok(()),
            Some(reason) => {
                refusal.get_or_insert(Refusal::Forbidden {
                    ip: address.ip(),
                    reason,
                });
            }
        }
    }
    Err(refusal.unwrap_or_else(unresolved))
}

/// Reads at most `cap` bytes of the (decompressed) body, stopping at `until` whatever has
/// arrived by then.
async fn read_capped(response: &mut reqwest::Response, cap: usize, until: Instant) -> String {
    let mut body: Vec<u8> = Vec::new();
    while body.len() < cap {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match tokio::time::timeout(left, response.chunk()).await {
            Ok(Ok(Some(chunk))) => {
                let take = chunk.len().min(cap - body.len());
                body.extend_from_slice(&chunk[..take]);
            }
            Ok(Ok(None)) | Ok(Err(_)) | Err(_) => break,
        }
    }
    String::from_utf8_lossy(&body).into_owned()
}

fn is_redirect(code: u16) -> bool {
    matches!(code, 301 | 302 | 303 | 307 | 308)
}

/// Statuses worth asking again later.
fn retryable_code(code: u16) -> bool {
    code == 429 || ((500..600).contains(&code) && code != 501)
}

/// Whether an answer can be judged as it is (or followed), without trying GET.
fn settles(answer: &Answer, accepted: &[u16]) -> bool {
    accepted.contains(&answer.code)
        || (200..300).contains(&answer.code)
        || (is_redirect(answer.code) && answer.location.is_some())
}

/// "10 s", "2.5 s", "300 ms".
fn describe_duration(duration: Duration) -> String {
    if duration >= Duration::from_secs(1) {
        if duration.subsec_millis() == 0 {
            format!("{} s", duration.as_secs())
        } else {
            format!("{:.1} s", duration.as_secs_f64())
        }
    } else {
        format!("{} ms", duration.as_millis())
    }
}

fn after_attempts(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// The redirect chain of one URL so far, and how its result is worded.
struct Chain<'a> {
    input: &'a str,
    hops: Vec<Hop>,
    /// The end of the chain's leading permanent (301, 308) redirects.
    moved_to: Option<String>,
    /// Whether every hop so far was permanent.
    only_permanent: bool,
    answered: bool,
}

impl Chain<'_> {
    fn last_status(&self) -> Option<u16> {
        self.hops.last().map(|hop| hop.http_status)
    }

    fn verdict(self, result: LinkResult, reach: Reach) -> Verdict {
        let reach = if self.answered {
            Reach::Answered
        } else {
            reach
        };
        Verdict { result, reach }
    }

    /// A result for `at`, with the hops so far; a detail about a later hop names it.
    fn ended(
        self,
        at: &Url,
        status: LinkStatus,
        http_status: Option<u16>,
        detail: impl Into<String>,
    ) -> Verdict {
        let mut result = LinkResult::new(self.input, status, detail);
        result.http_status = http_status;
        if !self.hops.is_empty() {
            result.final_url = Some(at.to_string());
        }
        if status == LinkStatus::Redirected {
            result.moved_to = self.moved_to.clone();
        }
        result.redirects = self.hops.clone();
        self.verdict(result, Reach::Answered)
    }

    fn at_hop(&self, at: &Url, detail: String) -> String {
        if self.hops.is_empty() {
            detail
        } else {
            format!("redirected to {at}: {detail}")
        }
    }

    fn timed_out(self, at: &Url, deadline: Duration) -> Verdict {
        let detail = format!(
            "the redirects did not end within {}",
            describe_duration(deadline)
        );
        let status = self.last_status();
        self.ended(at, LinkStatus::Timeout, status, detail)
    }

    fn refused(self, at: &Url, refusal: &Refusal) -> Verdict {
        let (status, detail, reach) = match refusal {
            Refusal::Forbidden { .. } if self.hops.is_empty() => (
                LinkStatus::Excluded,
                format!("not checked: {refusal} (use --allow-private or --allow-host to check it)"),
                Reach::NotAttempted,
            ),
            Refusal::Forbidden { .. } => (
                LinkStatus::Excluded,
                format!(
                    "not checked: the redirect to {at} went to a forbidden address, as {refusal} \
                     (use --allow-private or --allow-host to check it)"
                ),
                Reach::NotAttempted,
            ),
            Refusal::Unresolved {
                host,
                reserved_tld: None,
            } => (
                LinkStatus::Broken,
                self.at_hop(at, refusal.to_string()),
                Reach::NameUnresolved { host: host.clone() },
            ),
            Refusal::Unresolved { .. } | Refusal::NoHost => (
                LinkStatus::Broken,
                self.at_hop(at, refusal.to_string()),
                Reach::NotAttempted,
            ),
            // A lookup that never answers says nothing about the page; with several hosts it
            // says the network is down.
            Refusal::LookupTimedOut { host, .. } => (
                LinkStatus::Timeout,
                self.at_hop(at, refusal.to_string()),
                Reach::NameUnresolved { host: host.clone() },
            ),
        };
        let http_status = self.last_status();
        let mut result = LinkResult::new(self.input, status, detail);
        result.http_status = http_status;
        if !self.hops.is_empty() {
            result.final_url = Some(at.to_string());
        }
        result.redirects = self.hops.clone();
        self.verdict(result, reach)
    }

    fn failed(self, at: &Url, failure: &Failure, attempts: u32) -> Verdict {
        let (status, detail, reach) = match failure {
            Failure::Refused(refusal) => return self.refused(at, refusal),
            Failure::Timeout(timeout) => (
                LinkStatus::Timeout,
                format!(
                    "no answer within {}{}",
                    describe_duration(*timeout),
                    after_attempts(attempts)
                ),
                Reach::ConnectFailed,
            ),
            Failure::ConnectionRefused => (
                LinkStatus::Broken,
                "connection refused".to_string(),
                Reach::ConnectFailed,
            ),
            Failure::Unreachable => (
                LinkStatus::Broken,
                "network unreachable".to_string(),
                Reach::Unreachable,
            ),
            Failure::ConnectFailed(message) => (
                LinkStatus::Broken,
                format!("could not connect: {message}"),
                Reach::ConnectFailed,
            ),
            Failure::Reset => (
                LinkStatus::ServerError,
                format!("connection reset{}", after_attempts(attempts)),
                Reach::ReachedWithoutAnswer,
            ),
            Failure::Protocol(message) => (
                LinkStatus::ServerError,
                format!("the answer was not valid HTTP: {message}"),
                Reach::ReachedWithoutAnswer,
            ),
        };
        let detail = self.at_hop(at, detail);
        let http_status = self.last_status();
        let mut result = LinkResult::new(self.input, status, detail);
        result.http_status = http_status;
        if !self.hops.is_empty() {
            result.final_url = Some(at.to_string());
        }
        result.redirects = self.hops.clone();
        self.verdict(result, reach)
    }

    /// Judges the final answer of the chain.
    fn judged(self, at: &Url, answer: &Answer, attempts: u32, options: &CheckOptions) -> Verdict {
        let code = answer.code;
        let described = status::describe_code(code);
        let mut status = status::classify(code, answer.bot_challenge, &options.accepted);
        let detail = match status {
            LinkStatus::Ok
                if answer
                    .body
                    .as_deref()
                    .is_some_and(status::looks_not_found) =>
            {
                status = LinkStatus::Soft404;
                self.at_hop(
                    at,
                    format!("{described}, but the page says it was not found"),
                )
            }
            LinkStatus::Ok if self.moved_to.is_some() => {
                status = LinkStatus::Redirected;
                format!(
                    "moved permanently to {}",
                    self.moved_to.as_deref().unwrap_or_default()
                )
            }
            LinkStatus::Ok if !self.hops.is_empty() => {
                format!("{described} after a temporary redirect to {at}")
            }
            LinkStatus::Blocked if answer.bot_challenge => self.at_hop(
                at,
                format!("{described}: a bot challenge stood in the way, so the page could not be checked"),
            ),
            LinkStatus::Broken if (300..400).contains(&code) => {
                self.at_hop(at, format!("{described} without a Location to follow"))
            }
            LinkStatus::ServerError | LinkStatus::Blocked => {
                self.at_hop(at, format!("{described}{}", after_attempts(attempts)))
            }
            _ => self.at_hop(at, described),
        };
        self.ended(at, status, Some(code), detail)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::links::policy::AllowedHost;

    fn unresolved(host: &str) -> Reach {
        Reach::NameUnresolved { host: host.into() }
    }

    #[test]
    fn network_unavailable_needs_evidence_about_the_machine() {
        // Nothing attempted, or one unresolvable host: ordinary results.
        assert_eq!(network_unavailable(&[]), None);
        assert_eq!(network_unavailable(&[Reach::NotAttempted]), None);
        assert_eq!(network_unavailable(&[unresolved("a.org")]), None);
        assert_eq!(
            network_unavailable(&[unresolved("a.org"), unresolved("a.org")]),
            None
        );
        assert_eq!(
            network_unavailable(&[unresolved("a.org"), Reach::ConnectFailed]),
            None
        );
        // Two hosts that do not resolve and nothing else reached: the network.
        let why = network_unavailable(&[
            unresolved("a.org"),
            unresolved("b.org"),
            Reach::NotAttempted,
        ])
        .unwrap();
        assert!(why.contains("2 hosts") && why.contains("a.org"), "{why}");
        // No route at all, even for one link.
        assert!(network_unavailable(&[Reach::Unreachable]).is_some());
        assert!(network_unavailable(&[Reach::Unreachable, Reach::ConnectFailed]).is_some());
    }

    #[test]
    fn any_answer_vetoes_network_unavailable() {
        for reached in [Reach::Answered, Reach::ReachedWithoutAnswer] {
            assert_eq!(
                network_unavailable(&[
                    unresolved("a.org"),
                    unresolved("b.org"),
                    Reach::Unreachable,
                    reached.clone()
                ]),
                None,
                "{reached:?}"
            );
        }
    }

    #[test]
    fn reserved_names_are_known_without_a_lookup() {
        assert_eq!(reserved_tld("name.invalid"), Some("invalid"));
        assert_eq!(reserved_tld("Shop.EXAMPLE."), Some("example"));
        assert_eq!(reserved_tld("a.b.test"), Some("test"));
        assert_eq!(reserved_tld("example.org"), None);
        assert_eq!(reserved_tld("testing.org"), None);
    }

    #[test]
    fn the_resolver_keeps_only_addresses_some_allowed_port_permits() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let public: IpAddr = "93.184.216.34".parse().unwrap();
        let strict = AddressGuard::default();
        assert!(!permitted_on_some_port(&strict, "localhost", local));
        assert!(permitted_on_some_port(&strict, "example.org", public));
        let allowed = AddressGuard {
            allow_private: false,
            allowed_hosts: vec![AllowedHost::parse("localhost:8080").unwrap()],
        };
        assert!(permitted_on_some_port(&allowed, "localhost", local));
        assert!(!permitted_on_some_port(
            &allowed,
            "rebound.example.org",
            local
        ));
        let private = AddressGuard {
            allow_private: true,
            allowed_hosts: Vec::new(),
        };
        assert!(permitted_on_some_port(&private, "anything", local));
    }

    #[test]
    fn durations_for_an_editor() {
        assert_eq!(describe_duration(Duration::from_secs(10)), "10 s");
        assert_eq!(describe_duration(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(describe_duration(Duration::from_millis(300)), "300 ms");
    }

    #[test]
    fn which_answers_are_retried_and_which_settle() {
        assert!(retryable_code(503) && retryable_code(429) && retryable_code(500));
        assert!(!retryable_code(501) && !retryable_code(404) && !retryable_code(403));
        let answer = |code: u16, location: Option<&str>| Answer {
            code,
            location: location.map(str::to_string),
            bot_challenge: false,
            html: false,
            retry_after: None,
            body: None,
        };
        assert!(settles(&answer(200, None), &[]));
        assert!(settles(&answer(301, Some("/new")), &[]));
        assert!(!settles(&answer(301, None), &[]));
        assert!(!settles(&answer(405, None), &[]));
        assert!(settles(&answer(403, None), &[403]));
    }
}
