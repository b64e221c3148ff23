//! A minimal Chrome DevTools Protocol client over `--remote-debugging-pipe`.
//!
//! Why hand-written: the protocol is JSON messages, and in pipe mode Chromium reads them from
//! its fd 3 and writes its answers to fd 4, each terminated by a NUL byte — no WebSocket, no
//! debugging port to race for, nothing listening. A `sh` wrapper maps the child's stdin and
//! stdout onto those descriptors (`3<&0 4>&1`), so std's `Command` suffices and no unsafe
//! `pre_exec` is needed. The driver crates (`chromiumoxide`, `headless_chrome`) would bring a
//! generated protocol crate and a WebSocket stack for the dozen commands used here.
//!
//! One [`Browser`] process; each [`Page`] is a target attached with `flatten: true`, so its
//! commands carry a `sessionId`. Every event is kept in a log the tests read (dialogs opened,
//! uncaught exceptions, requests sent); JavaScript dialogs are dismissed at once so that a page
//! that opens one (the XSS test's `alert(1)`) cannot hang the run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::oneshot;

/// How long one protocol command may take before the test fails.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long [`Page::wait_for`] waits by default.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(15);

/// One protocol event: its session (`None` for the browser's own), method and params.
#[derive(Clone, Debug)]
pub struct Event {
    pub session: Option<String>,
    pub method: String,
    pub params: Value,
}

type Pending = HashMap<u64, oneshot::Sender<Result<Value, String>>>;

struct Inner {
    stdin: tokio::sync::Mutex<ChildStdin>,
    next_id: AtomicU64,
    pending: Mutex<Pending>,
    events: Mutex<Vec<Event>>,
}

impl Inner {
    async fn send(&self, session: Option<&str>, method: &str, params: Value) -> Result<(), String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.send_with_id(id, session, method, params).await
    }

    async fn send_with_id(
        &self,
        id: u64,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<(), String> {
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        let mut stdin = self.stdin.lock().await;
        stdin
            .write_all(&bytes)
            .await
            .map_err(|e| format!("cannot write to Chromium's pipe: {e}"))?;
        stdin
            .flush()
            .await
            .map_err(|e| format!("cannot write to Chromium's pipe: {e}"))
    }

    async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        lock(&self.pending).insert(id, tx);
        self.send_with_id(id, session, method, params).await?;
        match tokio::time::timeout(COMMAND_TIMEOUT, rx).await {
            Ok(Ok(answer)) => answer.map_err(|e| format!("{method}: {e}")),
            Ok(Err(_)) => Err(format!(
                "{method}: Chromium closed the pipe before answering"
            )),
            Err(_) => Err(format!("{method}: no answer within {COMMAND_TIMEOUT:?}")),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A headless Chromium process and its protocol pipe. Dropping it kills the process.
pub struct Browser {
    inner: Arc<Inner>,
    child: Child,
    profile: PathBuf,
}

impl Browser {
    /// Start `chromium` headless with a fresh profile; no network beyond loopback (every host
    /// name but `localhost` fails to resolve; background services that phone home are off).
    pub async fn launch(chromium: &Path) -> Result<Browser, String> {
        static N: AtomicU64 = AtomicU64::new(0);
        let profile = std::env::temp_dir().join(format!(
            "scim-harness-chromium-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let log = std::env::var_os("BROWSER_LOG").is_some();
        let mut child = Command::new("sh")
            .arg("-c")
            // fd 3 is what Chromium reads commands from, fd 4 where it writes answers.
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium)
            .args([
                "--headless",
                "--remote-debugging-pipe",
                // Tests run as root in CI, where Chromium's sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-breakpad",
                "--no-pings",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--hide-scrollbars",
                "--mute-audio",
                "--window-size=1280,800",
                "--lang=en-US",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if log { Stdio::inherit() } else { Stdio::null() })
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin pipe")?;
        let stdout = child.stdout.take().ok_or("no stdout pipe")?;
        let inner = Arc::new(Inner {
            stdin: tokio::sync::Mutex::new(stdin),
            next_id: AtomicU64::new(1),
            pending: Mutex::new(HashMap::new()),
            events: Mutex::new(Vec::new()),
        });
        tokio::spawn(read_messages(BufReader::new(stdout), inner.clone()));
        let browser = Browser {
            inner,
            child,
            profile,
        };
        let version = browser
            .inner
            .call(None, "Browser.getVersion", json!({}))
            .await?;
        if log {
            eprintln!("chromium: {}", version["product"]);
        }
        Ok(browser)
    }

    /// A new tab at `about:blank`, 1280×800, with page, runtime and network events on.
    pub async fn new_page(&self) -> Result<Page, String> {
        let target = self
            .inner
            .call(None, "Target.createTarget", json!({ "url": "about:blank" }))
            .await?;
        let target_id = target["targetId"].as_str().ok_or("no targetId")?.to_owned();
        let attached = self
            .inner
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
            )
            .await?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("no sessionId")?
            .to_owned();
        let page = Page {
            inner: self.inner.clone(),
            session,
        };
        for domain in ["Page.enable", "Runtime.enable", "Network.enable"] {
            page.call(domain, json!({})).await?;
        }
        page.set_viewport(1280, 800).await?;
        Ok(page)
    }

    /// Close the browser politely, then make sure the process is gone.
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(
            Duration::from_secs(5),
            self.inner.call(None, "Browser.close", json!({})),
        )
        .await;
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Read NUL-terminated messages: answers go to their caller, events to the log.
async fn read_messages(mut reader: BufReader<tokio::process::ChildStdout>, inner: Arc<Inner>) {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(0, &mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else {
            continue;
        };
        if let Some(id) = message["id"].as_u64() {
            if let Some(tx) = lock(&inner.pending).remove(&id) {
                let answer = match message.get("error") {
                    Some(e) => Err(e.to_string()),
                    None => Ok(message["result"].clone()),
                };
                let _ = tx.send(answer);
            }
            continue;
        }
        let Some(method) = message["method"].as_str() else {
            continue;
        };
        let session = message["sessionId"].as_str().map(str::to_owned);
        if method == "Page.javascriptDialogOpening" {
            let inner = inner.clone();
            let session = session.clone();
            tokio::spawn(async move {
                let _ = inner
                    .send(
                        session.as_deref(),
                        "Page.handleJavaScriptDialog",
                        json!({ "accept": false }),
                    )
                    .await;
            });
        }
        lock(&inner.events).push(Event {
            session,
            method: method.to_owned(),
            params: message["params"].clone(),
        });
    }
    // Chromium is gone: fail whoever still waits.
    for (_, tx) in lock(&inner.pending).drain() {
        let _ = tx.send(Err("Chromium exited".to_owned()));
    }
}

/// One tab.
pub struct Page {
    inner: Arc<Inner>,
    session: String,
}

impl Page {
    /// Send a protocol command to this tab and wait for its answer.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, String> {
        self.inner.call(Some(&self.session), method, params).await
    }

    /// Resize the viewport (CSS pixels), e.g. to a phone's width.
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<(), String> {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await
        .map(drop)
    }

    /// Navigate and wait until the document has loaded.
    pub async fn goto(&self, url: &str) -> Result<(), String> {
        let answer = self.call("Page.navigate", json!({ "url": url })).await?;
        if let Some(error) = answer["errorText"].as_str() {
            return Err(format!("navigate to {url}: {error}"));
        }
        self.wait_for("document.readyState === 'complete'").await
    }

    /// Evaluate `expression` in the page (promises awaited) and return its JSON value.
    pub async fn eval(&self, expression: &str) -> Result<Value, String> {
        let answer = self
            .call(
                "Runtime.evaluate",
                json!({
                    "expression": expression,
                    "returnByValue": true,
                    "awaitPromise": true,
                    "userGesture": true,
                }),
            )
            .await?;
        if let Some(details) = answer.get("exceptionDetails") {
            let text = details["exception"]["description"]
                .as_str()
                .or_else(|| details["text"].as_str())
                .unwrap_or("exception");
            return Err(format!("{expression}\n  threw: {text}"));
        }
        Ok(answer["result"]["value"].clone())
    }

    /// Poll `condition` (a JavaScript expression) until it is truthy, for [`WAIT_TIMEOUT`].
    pub async fn wait_for(&self, condition: &str) -> Result<(), String> {
        self.wait_for_within(condition, WAIT_TIMEOUT).await
    }

    pub async fn wait_for_within(&self, condition: &str, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        let probe = format!("!!({condition})");
        loop {
            let last = self.eval(&probe).await;
            if last == Ok(Value::Bool(true)) {
                return Ok(());
            }
            if start.elapsed() > timeout {
                let text = self
                    .eval("location.href + '\\n' + (document.body ? document.body.innerText.slice(0, 1500) : '')")
                    .await
                    .unwrap_or_default();
                return Err(format!(
                    "waited {timeout:?} for `{condition}`; last: {last:?}\n  page text:\n{}",
                    text.as_str().unwrap_or_default()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text of the first element matching `selector` (`None` when there is none).
    pub async fn text(&self, selector: &str) -> Result<Option<String>, String> {
        let v = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); return e ? e.textContent : null; }})()",
                js_string(selector)
            ))
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// A real mouse click (pressed and released) at the centre of the element.
    pub async fn click(&self, selector: &str) -> Result<(), String> {
        let at = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); if (!e) return null; \
                 e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
                 return [r.x + r.width / 2, r.y + r.height / 2]; }})()",
                js_string(selector)
            ))
            .await?;
        let (Some(x), Some(y)) = (at[0].as_f64(), at[1].as_f64()) else {
            return Err(format!("click: no element matches {selector}"));
        };
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )
            .await?;
        }
        Ok(())
    }

    /// Focus the element (a click) and type `text` into it, as a keyboard would.
    pub async fn type_into(&self, selector: &str, text: &str) -> Result<(), String> {
        self.click(selector).await?;
        self.call("Input.insertText", json!({ "text": text }))
            .await
            .map(drop)
    }

    /// Press and release one key: `Enter`, `Tab`, `Escape`, or a single character.
    pub async fn press(&self, key: &str) -> Result<(), String> {
        let (code, vk, text) = match key {
            "Enter" => ("Enter", 13, "\r"),
            "Tab" => ("Tab", 9, ""),
            "Escape" => ("Escape", 27, ""),
            " " => ("Space", 32, " "),
            other => (other, 0, other),
        };
        let mut down =
            json!({ "type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk });
        if !text.is_empty() {
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down).await?;
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk }),
        )
        .await
        .map(drop)
    }

    /// A PNG of the viewport, written to `path` (parent folders created).
    pub async fn screenshot(&self, path: &Path) -> Result<(), String> {
        let shot = self
            .call("Page.captureScreenshot", json!({ "format": "png" }))
            .await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().ok_or("no screenshot data")?)
            .map_err(|e| format!("screenshot: {e}"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// This tab's events named `method`, oldest first.
    pub fn events(&self, method: &str) -> Vec<Value> {
        lock(&self.inner.events)
            .iter()
            .filter(|e| e.session.as_deref() == Some(&self.session) && e.method == method)
            .map(|e| e.params.clone())
            .collect()
    }

    /// Messages of JavaScript dialogs (`alert`, `confirm`, …) the page opened.
    pub fn dialogs(&self) -> Vec<String> {
        self.events("Page.javascriptDialogOpening")
            .iter()
            .map(|p| p["message"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// Uncaught exceptions thrown in the page.
    pub fn exceptions(&self) -> Vec<String> {
        self.events("Runtime.exceptionThrown")
            .iter()
            .map(|p| {
                let d = &p["exceptionDetails"];
                d["exception"]["description"]
                    .as_str()
                    .or_else(|| d["text"].as_str())
                    .unwrap_or("exception")
                    .to_owned()
            })
            .collect()
    }

    /// The URL of every request the page sent (documents, scripts, fetches, images…).
    pub fn requested_urls(&self) -> Vec<String> {
        self.events("Network.requestWillBeSent")
            .iter()
            .filter_map(|p| p["request"]["url"].as_str().map(str::to_owned))
            .collect()
    }
}

/// `text` as a JavaScript string literal (JSON's escaping is valid JavaScript).
pub fn js_string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}
