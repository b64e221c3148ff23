//! `scim-harness serve` with a low open-file limit (`ulimit -n 256`) and 300 connections that
//! trickle a request head: a normal request still gets its answer, quickly, because the
//! connection cap stays below the fd limit and evicts the longest-waiting connection.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn three_hundred_slow_connections_do_not_stop_a_normal_request() {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 256 && exec \"$0\" serve --port 0 --no-auth")
        .arg(env!("CARGO_BIN_EXE_scim-harness"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    let mut stdout = BufReader::new(stdout);
    stdout.read_line(&mut line).expect("banner");
    // Keep reading the banner: a closed pipe would make the server's next line fail.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let base = line
        .trim()
        .strip_prefix("SCIM server listening on ")
        .unwrap_or_else(|| panic!("banner: {line}"))
        .to_owned();
    let authority = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("authority")
        .to_owned();

    let mut slow = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for _ in 0..300 {
        // The server may already have closed an early one to make room: that is the point.
        match TcpStream::connect(&authority).await {
            Ok(mut s) => {
                let _ = s
                    .write_all(b"GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\n")
                    .await;
                slow.push(s);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    assert!(
        slow.len() == 300,
        "only {} slow connections were opened: {:?}",
        slow.len(),
        errors.first()
    );
    let started = Instant::now();
    let mut normal = TcpStream::connect(&authority).await.expect("connect");
    normal
        .write_all(
            b"GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await
        .expect("write");
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), normal.read_to_end(&mut raw))
        .await
        .expect("the normal request is answered within 5 s")
        .expect("read");
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(slow);
    let _ = child.kill();
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("Too many open files"),
        "accept ran out of file descriptors:\n{stderr}"
    );
}
