//! Where `serve` writes its log: lines go over a bounded channel to one writer thread that
//! batches them into stderr, so a request never waits on a terminal or a pipe.
//!
//! Writing each request's log line straight to stderr costs a system call on the request's
//! own thread (measured: about 15% of throughput under `wrk`, issue 10 item 16). Here the
//! request only copies its line into the channel; the writer drains everything queued and
//! writes it in one go. Nothing is dropped: when [`QUEUE_LINES`] lines are waiting, a logging
//! thread waits for room (back pressure, not loss). [`Flush`] on drop writes out what is
//! queued, so the last lines before exit are not lost.

use std::io::Write;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Duration;

/// Log lines that may wait for the writer before a logging thread blocks.
pub const QUEUE_LINES: usize = 4096;

/// How long [`Flush`] waits for the writer at exit.
const FLUSH_WAIT: Duration = Duration::from_secs(2);

enum Message {
    Line(Vec<u8>),
    /// Write out everything before this, then answer.
    Flush(SyncSender<()>),
}

/// A `tracing_subscriber` writer ([`tracing_subscriber::fmt::MakeWriter`]) feeding the
/// writer thread.
#[derive(Clone)]
pub struct Sink {
    queue: SyncSender<Message>,
}

/// Flushes the writer thread when dropped (keep it alive for as long as the program logs).
pub struct Flush {
    queue: SyncSender<Message>,
}

/// Start the writer thread over `out`; returns the writer to give the subscriber and the guard
/// that flushes at exit.
pub fn spawn(out: impl Write + Send + 'static) -> std::io::Result<(Sink, Flush)> {
    let (queue, lines) = sync_channel(QUEUE_LINES);
    std::thread::Builder::new()
        .name("log-writer".to_owned())
        .spawn(move || write_out(lines, out))?;
    Ok((
        Sink {
            queue: queue.clone(),
        },
        Flush { queue },
    ))
}

/// The writer thread: block for a line, then take every line already queued, then flush once.
fn write_out(lines: Receiver<Message>, out: impl Write) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    while let Ok(first) = lines.recv() {
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Line(line) => {
                    let _ = out.write_all(&line);
                }
                Message::Flush(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                }
            }
            next = lines.try_recv().ok();
        }
        let _ = out.flush();
    }
}

impl Write for Sink {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        // The formatter hands over one whole event per write.
        self.queue
            .send(Message::Line(line.to_vec()))
            .map_err(|_| std::io::Error::other("the log writer has stopped"))?;
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Sink {
    type Writer = Sink;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Drop for Flush {
    fn drop(&mut self) {
        let (done, flushed) = sync_channel(1);
        if self.queue.send(Message::Flush(done)).is_ok() {
            let _ = flushed.recv_timeout(FLUSH_WAIT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A `Write` that appends to a shared buffer.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_is_written_in_order_by_the_time_the_guard_is_dropped() {
        let out = Shared::default();
        let (sink, flush) = spawn(out.clone()).unwrap_or_else(|e| panic!("spawn: {e}"));
        // More lines than the queue holds, from two threads: nothing is lost, and each
        // thread's lines keep their order.
        let writers: Vec<_> = ["a", "b"]
            .into_iter()
            .map(|tag| {
                let mut sink = sink.clone();
                std::thread::spawn(move || {
                    for i in 0..QUEUE_LINES * 2 {
                        let _ = sink.write_all(format!("{tag}{i}\n").as_bytes());
                    }
                })
            })
            .collect();
        for w in writers {
            let _ = w.join();
        }
        drop(flush);
        let written = String::from_utf8(out.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
            .unwrap_or_default();
        for tag in ["a", "b"] {
            let mine: Vec<&str> = written.lines().filter(|l| l.starts_with(tag)).collect();
            let expected: Vec<String> = (0..QUEUE_LINES * 2).map(|i| format!("{tag}{i}")).collect();
            assert_eq!(mine, expected, "lines of writer {tag}");
        }
    }
}
