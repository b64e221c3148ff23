//! Reference-server benchmark (`cargo bench --bench server`; release, loopback only).
//!
//! 1. Seeds 100,000 users directly through the store, serves them on 127.0.0.1:0 in-process,
//!    and drives a bounded, time-limited load over loopback with reqwest: `CONCURRENCY` tasks
//!    for `DURATION` against `GET /Users/{id}`, `GET /Users?filter=userName eq "…"` and
//!    `POST /Users`. Prints requests per second and p50/p99 latency. The client shares the
//!    machine's cores with the server, so the figures are a floor, not a ceiling.
//! 2. The `eq` filter's latency as the store grows: 10,000 and then 1,000,000 users, each
//!    measured over many single lookups through the router (`oneshot`, no socket), so the
//!    figure is the server's own cost: parse, index lookup, render, serialise.
//!
//! 0. The ceiling: an axum handler returning a small fixed JSON document, served and driven the
//!    same way in the same run, in slices interleaved with each load phase (the machine's load
//!    varies); each phase prints its ratio to the ceiling over the same slices (issue 10: GET by
//!    id and `eq` should reach 0.5 of the ceiling, POST 0.3, p99 under 2 ms).
//!
//! Environment: `BENCH_SECONDS` (default 5) per load phase (`0` skips the load phases, e.g. to
//! profile only the in-process lookups), `BENCH_CONCURRENCY` (default 32), `BENCH_BIG` (default
//! 1000000) users for the large-store lookup, `BENCH_LOOKUPS` (default 20000) lookups per store,
//! `BENCH_JOURNAL` (default: the server's default) entries of the request journal in the load
//! phases (`0` measures the server without it).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt as _;
use serde_json::{Map, Value, json};
use tower::ServiceExt as _;

use scim_harness::config::{Auth, Secret, ServeConfig};
use scim_harness::server::{self, AppState, Kind, MemoryStore, Store};

/// The allocator the `scim-harness` binary uses (see `src/main.rs`), so the figures are the
/// binary's; the ceiling in the same process gets it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TOKEN: &str = "bench-token";

/// Users created by the POST phase so far (their userNames are numbered by it).
static CREATED: AtomicUsize = AtomicUsize::new(0);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The stored form of user `i` (what `scim::resource::prepare_create` makes of a typical
/// Okta-style POST).
fn user(i: usize) -> Map<String, Value> {
    let v = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": format!("user{i:07}@example.com"),
        "externalId": format!("00u{i:07}"),
        "name": {"givenName": "Given", "familyName": format!("Family{i}")},
        "displayName": format!("Given Family{i}"),
        "emails": [{"value": format!("user{i:07}@example.com"), "type": "work", "primary": true}],
        "active": true,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Seed `n` users; returns their ids in order.
fn seed(store: &dyn Store, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| store.insert(Kind::User, user(i)).map(|s| s.id.clone()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("seeding failed: {e}"))
}

struct Stats {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// Print one phase; returns its requests per second.
fn report(name: &str, mut s: Stats) -> f64 {
    s.latencies.sort();
    let rate = s.requests as f64 / s.elapsed.as_secs_f64();
    println!(
        "{name:<42} {:>9.0} req/s   p50 {:>8.3} ms   p99 {:>8.3} ms   ({} requests, {} errors)",
        rate,
        percentile(&s.latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&s.latencies, 0.99).as_secs_f64() * 1e3,
        s.requests,
        s.errors,
    );
    rate
}

/// The ceiling: the cheapest JSON answer axum gives on this machine, served in-process on
/// its own port. Returns its base URL and the task serving it.
async fn ceiling_server() -> (String, tokio::task::JoinHandle<std::io::Result<()>>) {
    let app = axum::Router::new().route(
        "/ceiling",
        axum::routing::get(|| async { axum::Json(json!({"schemas": ["x"], "id": "1"})) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), server)
}

impl Stats {
    fn empty() -> Self {
        Stats {
            requests: 0,
            errors: 0,
            elapsed: Duration::ZERO,
            latencies: Vec::new(),
        }
    }

    fn add(&mut self, other: Stats) {
        self.requests += other.requests;
        self.errors += other.errors;
        self.elapsed += other.elapsed;
        self.latencies.extend(other.latencies);
    }
}

#[derive(Clone, Copy)]
enum Load {
    Ceiling,
    GetById,
    FilterUserName,
    Create,
}

/// `concurrency` tasks, each sending requests back to back until `duration` has passed.
async fn drive(
    client: &reqwest::Client,
    base: &str,
    ids: &Arc<Vec<String>>,
    load: Load,
    concurrency: usize,
    duration: Duration,
) -> Stats {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for task in 0..concurrency {
        let client = client.clone();
        let base = base.to_owned();
        let ids = ids.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            // A small LCG per task: spread lookups over the whole store.
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ task as u64;
            while Instant::now() < deadline {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let i = (x >> 33) as usize % ids.len();
                let request = match load {
                    Load::Ceiling => client.get(format!("{base}/ceiling")),
                    Load::GetById => client.get(format!("{base}/Users/{}", ids[i])),
                    Load::FilterUserName => client.get(format!(
                        "{base}/Users?filter=userName%20eq%20%22USER{i:07}%40example.com%22"
                    )),
                    Load::Create => {
                        // Unique across tasks and slices: a repeated userName would be a 409.
                        let n = CREATED.fetch_add(1, Ordering::Relaxed);
                        client
                        .post(format!("{base}/Users"))
                        .header("content-type", "application/scim+json")
                        .body(
                            json!({
                                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                "userName": format!("new-{n}@example.com"),
                                "name": {"givenName": "New", "familyName": "User"},
                                "emails": [{"value": format!("new-{n}@example.com"), "type": "work"}],
                                "active": true,
                            })
                            .to_string(),
                        )
                    }
                };
                let t = Instant::now();
                let ok = match request.bearer_auth(TOKEN).send().await {
                    Ok(r) => {
                        let ok = r.status().is_success();
                        ok && r.bytes().await.is_ok()
                    }
                    Err(_) => false,
                };
                latencies.push(t.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut stats = Stats {
        requests: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for t in tasks {
        if let Ok((l, e)) = t.await {
            stats.requests += l.len();
            stats.errors += e;
            stats.latencies.extend(l);
        }
    }
    stats.elapsed = start.elapsed();
    stats
}

/// Many single `userName eq` lookups through the router, one at a time.
async fn eq_latency(users: usize, lookups: usize) {
    let config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
    let store = Arc::new(MemoryStore::new());
    let t = Instant::now();
    seed(store.as_ref(), users);
    let seeded = t.elapsed();
    let app = server::router(AppState::with_store(&config, store));
    let mut latencies = Vec::with_capacity(lookups);
    let mut x: u64 = 12345;
    let mut errors = 0;
    for _ in 0..lookups {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let i = (x >> 33) as usize % users;
        let uri = format!("/scim/v2/Users?filter=userName%20eq%20%22USER{i:07}%40example.com%22");
        let request = Request::get(uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("host", "127.0.0.1")
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("request: {e}"));
        let t = Instant::now();
        let response = app
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {});
        let ok = response.status().is_success();
        let body = response.into_body().collect().await.map(|b| b.to_bytes());
        latencies.push(t.elapsed());
        let one = body
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .is_some_and(|v| v["totalResults"] == 1);
        if !(ok && one) {
            errors += 1;
        }
    }
    latencies.sort();
    let mean = latencies.iter().sum::<Duration>() / lookups.max(1) as u32;
    println!(
        "eq filter, {users:>9} users (seeded in {:>5.1} s): mean {:>7.1} µs   p50 {:>7.1} µs   p99 {:>7.1} µs   ({lookups} lookups, {errors} errors)",
        seeded.as_secs_f64(),
        mean.as_secs_f64() * 1e6,
        percentile(&latencies, 0.50).as_secs_f64() * 1e6,
        percentile(&latencies, 0.99).as_secs_f64() * 1e6,
    );

    // For contrast, a filter no index answers (`co` scans and evaluates every user).
    let scans = 3;
    let t = Instant::now();
    for k in 0..scans {
        let uri = format!("/scim/v2/Users?count=1&filter=userName%20co%20%22er{k:04}42%40%22");
        let request = Request::get(uri)
            .header("authorization", format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("request: {e}"));
        let response = app
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| match e {});
        let _ = response.into_body().collect().await;
    }
    println!(
        "co filter (scan), {users:>9} users: mean {:>9.1} µs   ({scans} lookups)",
        t.elapsed().as_secs_f64() * 1e6 / f64::from(scans)
    );
}

/// 3. The cost of `--data`: `POST /Users` against a fresh in-memory server and against a fresh
///    server keeping its state in SQLite (WAL, `synchronous = FULL`, group commit), same client
///    and load. Every `--data` answer waits until its write is on disk.
async fn durable_posts(client: &reqwest::Client, concurrency: usize, duration: Duration) {
    println!(
        "== POST /Users: in memory vs --data (SQLite file in the temp dir), {concurrency} clients"
    );
    let dir = std::env::temp_dir().join(format!("scim-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bench.db");
    let _ = std::fs::remove_file(&file);
    let mut rates = Vec::new();
    for (name, data) in [
        ("POST /Users, in memory", None),
        ("POST /Users, --data FILE", Some(file.clone())),
    ] {
        let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
        config.data = data;
        let running = server::bind(config)
            .await
            .unwrap_or_else(|e| panic!("bind: {e:#}"));
        let base = running.base_url();
        let handle = running.spawn();
        let ids = Arc::new(vec![String::new()]);
        let stats = drive(client, &base, &ids, Load::Create, concurrency, duration).await;
        rates.push(report(name, stats));
        let _ = handle.shutdown().await;
    }
    if let [memory, durable] = rates[..] {
        println!("{:<42} {:>9.2} of in memory", "", durable / memory);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    runtime.block_on(async {
        let seconds = env_number("BENCH_SECONDS", 5);
        let concurrency = env_number("BENCH_CONCURRENCY", 32) as usize;
        let big = env_number("BENCH_BIG", 1_000_000) as usize;
        let duration = Duration::from_secs(seconds);
        let lookups = env_number("BENCH_LOOKUPS", 20_000) as usize;
        if seconds > 0 {
            load(concurrency, duration).await;
        }
        println!(
            "== eq filter latency as the store grows (router in-process, one request at a time)"
        );
        eq_latency(10_000, lookups).await;
        eq_latency(big, lookups).await;
    });
}

/// Part 0 and 1: the ceiling, then each load phase and its ratio to the ceiling.
async fn load(concurrency: usize, duration: Duration) {
    let seconds = duration.as_secs();
    {
        println!(
            "== load over loopback: 100000 users, {concurrency} concurrent clients, {seconds} s per phase"
        );
        let mut config = ServeConfig::for_tests(Auth::Token(Secret::new(TOKEN)));
        config.journal = env_number("BENCH_JOURNAL", config.journal as u64) as usize;
        println!(
            "(request journal: {} entries; BENCH_JOURNAL=0 turns it off)",
            config.journal
        );
        let running = server::bind(config)
            .await
            .unwrap_or_else(|e| panic!("bind: {e:#}"));
        let t = Instant::now();
        let ids = Arc::new(seed(running.state().store(), 100_000));
        println!("seeded 100000 users in {:.2} s", t.elapsed().as_secs_f64());
        let base = running.base_url();
        let handle = running.spawn();
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(concurrency)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        // The machine is shared: its load changes from second to second. So each phase
        // alternates short slices with the ceiling, and its ratio compares the two over the same
        // stretch of time.
        let (ceiling_base, ceiling_task) = ceiling_server().await;
        let slices = 4u32;
        let slice = duration / slices;
        let mut ceiling_all = Stats::empty();
        for (name, load) in [
            ("GET /Users/{id}", Load::GetById),
            ("GET /Users?filter=userName eq \"…\"", Load::FilterUserName),
            ("POST /Users", Load::Create),
        ] {
            let (mut phase, mut top) = (Stats::empty(), Stats::empty());
            for _ in 0..slices {
                let c = drive(
                    &client,
                    &ceiling_base,
                    &ids,
                    Load::Ceiling,
                    concurrency,
                    slice,
                )
                .await;
                top.requests += c.requests;
                top.elapsed += c.elapsed;
                ceiling_all.add(c);
                phase.add(drive(&client, &base, &ids, load, concurrency, slice).await);
            }
            let top_rate = top.requests as f64 / top.elapsed.as_secs_f64();
            let rate = report(name, phase);
            println!(
                "{:<42} {:>9.2} of the ceiling ({top_rate:.0} req/s in the interleaved slices)",
                "",
                rate / top_rate
            );
        }
        report("ceiling: axum handler, fixed small JSON", ceiling_all);
        ceiling_task.abort();
        let _ = handle.shutdown().await;
        durable_posts(&client, concurrency, duration).await;
    }
}
