//! The harness against hostile targets: each serves a valid `/ServiceProviderConfig` (so the run
//! starts) and then misbehaves on every other request in one way. Every run must end within a
//! time bound, with exit 1 or 3, and with its peak memory under a bound, whatever the target sends.
#![allow(clippy::unwrap_used)]

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_scim-harness");

/// The most a run against any of these targets may take (the README states the bounds).
const WALL_BOUND: Duration = Duration::from_secs(60);
/// The most resident memory the harness process may reach (VmHWM), in KiB.
const RSS_BOUND_KIB: u64 = 150 * 1024;

const SPC: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
"patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},
"filter":{"supported":true,"maxResults":200},"changePassword":{"supported":false},
"sort":{"supported":true},"etag":{"supported":true},"authenticationSchemes":[]}"#;

#[derive(Clone, Copy, Debug)]
enum Hostility {
    Silent,
    Drip,
    Reset,
    HugeBody,
    GzipBomb,
    DeepJson,
    RedirectLoop,
    RedirectOffLoopback,
    Garbage,
}

fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

fn respond(stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

/// 32 MiB of spaces in about 32 KiB: eight times the harness's body bound.
fn gzip_bomb() -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..32 {
        e.write_all(&zeros).unwrap();
    }
    e.finish().unwrap()
}

fn misbehave(mut stream: TcpStream, how: Hostility, port: u16, bomb: &[u8]) {
    loop {
        let Some(head) = read_head(&mut stream) else {
            return;
        };
        // Drain a request body so the next head parses (bodies here are small JSON).
        if let Some(len) = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(str::to_owned)
            })
            .and_then(|v| v.trim().parse::<usize>().ok())
        {
            let mut body = vec![0u8; len];
            let _ = stream.read_exact(&mut body);
        }
        if head.contains("/ServiceProviderConfig ") {
            respond(
                &mut stream,
                "200 OK",
                "Content-Type: application/scim+json\r\n",
                SPC.as_bytes(),
            );
            continue;
        }
        match how {
            Hostility::Silent => std::thread::sleep(Duration::from_secs(600)),
            Hostility::Drip => {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 100000\r\n\r\n",
                );
                for _ in 0..600 {
                    if stream.write_all(b" ").is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
            Hostility::Reset => return,
            Hostility::HugeBody => {
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/scim+json\r\nContent-Length: 209715200\r\n\r\n[",
                );
                let chunk = vec![b'1'; 64 * 1024];
                for _ in 0..3200 {
                    if stream.write_all(&chunk).is_err() {
                        return;
                    }
                }
            }
            Hostility::GzipBomb => respond(
                &mut stream,
                "200 OK",
                "Content-Type: application/scim+json\r\nContent-Encoding: gzip\r\n",
                bomb,
            ),
            Hostility::DeepJson => {
                let mut body = "[".repeat(100_000);
                body.push_str(&"]".repeat(100_000));
                respond(
                    &mut stream,
                    "200 OK",
                    "Content-Type: application/scim+json\r\n",
                    body.as_bytes(),
                );
            }
            Hostility::RedirectLoop => {
                let location = format!("Location: http://127.0.0.1:{port}/scim/v2/Users\r\n");
                respond(&mut stream, "302 Found", &location, b"");
            }
            Hostility::RedirectOffLoopback => {
                respond(
                    &mut stream,
                    "302 Found",
                    "Location: http://scim.example.invalid/\r\n",
                    b"",
                );
            }
            Hostility::Garbage => {
                let _ = stream.write_all(b"\x00\x01garbage that is not HTTP at all\r\n\r\n");
                return;
            }
        }
    }
}

/// Start the target; it serves until the test process ends.
fn start(how: Hostility) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bomb = std::sync::Arc::new(match how {
        Hostility::GzipBomb => gzip_bomb(),
        _ => Vec::new(),
    });
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let bomb = std::sync::Arc::clone(&bomb);
            std::thread::spawn(move || misbehave(stream, how, port, &bomb));
        }
    });
    port
}

/// Peak resident memory of a running process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn run_against(how: Hostility) {
    let port = start(how);
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args([
            "test",
            "-q",
            "--no-snapshots",
            "--timeout",
            "3",
            "--token",
            "hostile-t0ken",
        ])
        .args(["--target", &format!("http://127.0.0.1:{port}/scim/v2")])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Drain the output while the run goes on: a full pipe would stall the child.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let mut stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    let mut peak = 0;
    let status = loop {
        if let Some(rss) = peak_rss_kib(pid) {
            peak = peak.max(rss);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WALL_BOUND {
            let _ = child.kill();
            panic!("{how:?}: the run did not end within {WALL_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    assert!(
        matches!(status.code(), Some(1 | 3)),
        "{how:?}: exit {:?}\n{out}",
        status.code()
    );
    assert!(
        peak < RSS_BOUND_KIB,
        "{how:?}: peak RSS {peak} KiB is over {RSS_BOUND_KIB} KiB"
    );
    assert!(!out.contains("hostile-t0ken"), "{how:?}: the token leaked");
    eprintln!(
        "{how:?}: exit {:?} in {:?}, peak RSS {} MiB",
        status.code(),
        started.elapsed(),
        peak / 1024
    );
}

macro_rules! hostile {
    ($($name:ident => $how:expr),* $(,)?) => {
        $(#[test] fn $name() { run_against($how); })*
    };
}

hostile! {
    a_silent_target_ends_the_run_as_could_not_test => Hostility::Silent,
    a_target_that_drips_one_byte_a_second_ends_within_the_timeout => Hostility::Drip,
    a_target_that_resets_every_connection_ends_the_run => Hostility::Reset,
    a_200_mb_body_is_not_held_in_memory => Hostility::HugeBody,
    a_gzip_bomb_is_not_inflated_past_the_bound => Hostility::GzipBomb,
    a_100k_level_json_body_is_a_violation_not_a_crash => Hostility::DeepJson,
    a_redirect_loop_is_never_followed => Hostility::RedirectLoop,
    a_redirect_off_loopback_is_never_followed => Hostility::RedirectOffLoopback,
    garbage_instead_of_http_ends_the_run => Hostility::Garbage,
}
