//! Drive the real tecs binary in a pseudo-terminal and read its screen through a vt100 emulator.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const POLL: Duration = Duration::from_millis(50);

/// Terminal queries a TUI may send at startup and the answers a real terminal would give, so the
/// program does not wait for a reply that never comes. Cursor position is answered separately.
const DEVICE_ATTRIBUTES_QUERIES: &[&[u8]] = &[b"\x1b[c", b"\x1b[0c"];
/// VT220 with no extras: crossterm then concludes there is no keyboard-enhancement support.
const DEVICE_ATTRIBUTES_ANSWER: &[u8] = b"\x1b[?62c";
const CURSOR_POSITION_QUERY: &[u8] = b"\x1b[6n";
const ENTER_ALTERNATE_SCREEN: &[&[u8]] = &[b"\x1b[?1049h", b"\x1b[?1047h", b"\x1b[?47h"];

/// A program running in a pseudo-terminal of a fixed size.
pub struct TuiSession {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Mutex<Box<dyn Child + Send + Sync>>,
    master: Box<dyn MasterPty + Send>,
    bytes: Arc<AtomicU64>,
    entered_alternate_screen: Arc<AtomicBool>,
    output_closed: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    pid: u32,
}

impl TuiSession {
    /// Starts `bin` with `args` in a `cols` x `rows` terminal. The environment is this process's
    /// minus every `AWS_*` variable (tests pass AWS settings explicitly), with `TERM=xterm-256color`,
    /// then `env` on top. The working directory is the test's.
    pub fn spawn(bin: &str, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");

        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("TERM", "xterm-256color");
        // What tecs remembers (the last profile and region) goes to a directory of this
        // session's own, never the real home, unless the test chooses one.
        static SESSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = SESSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let state = std::env::temp_dir().join(format!("tecs-pty-state-{}-{n}", std::process::id()));
        cmd.env("XDG_STATE_HOME", state);
        for (key, value) in env {
            cmd.env(key, value);
        }
        if let Ok(dir) = std::env::current_dir() {
            cmd.cwd(dir);
        }

        let child = pair
            .slave
            .spawn_command(cmd)
            .unwrap_or_else(|e| panic!("spawn {bin} in a pty: {e}"));
        // Only the child may hold the slave end, or reading the master never reports the end.
        drop(pair.slave);
        let pid = child.process_id().unwrap_or(0);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let writer: Arc<Mutex<Box<dyn Write + Send>>> =
            Arc::new(Mutex::new(pair.master.take_writer().expect("pty writer")));
        let bytes = Arc::new(AtomicU64::new(0));
        let entered_alternate_screen = Arc::new(AtomicBool::new(false));
        let output_closed = Arc::new(AtomicBool::new(false));
        let mut source = pair.master.try_clone_reader().expect("pty reader");

        let reader = {
            let parser = Arc::clone(&parser);
            let writer = Arc::clone(&writer);
            let bytes = Arc::clone(&bytes);
            let entered = Arc::clone(&entered_alternate_screen);
            let closed = Arc::clone(&output_closed);
            std::thread::Builder::new()
                .name("pty-reader".into())
                .spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    // The end of the previous chunk, so sequences split across reads are seen.
                    let mut tail: Vec<u8> = Vec::new();
                    loop {
                        let n = match source.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let chunk = &buf[..n];
                        bytes.fetch_add(n as u64, Ordering::Relaxed);
                        let mut window = std::mem::take(&mut tail);
                        let old = window.len();
                        window.extend_from_slice(chunk);

                        let mut answers: Vec<u8> = Vec::new();
                        let (cursor_row, cursor_col);
                        {
                            let mut parser = parser.lock().unwrap_or_else(|p| p.into_inner());
                            // Answer queries in order with the state right after the chunk:
                            // precise enough for startup probes.
                            parser.process(chunk);
                            (cursor_row, cursor_col) = parser.screen().cursor_position();
                            if parser.screen().alternate_screen() {
                                entered.store(true, Ordering::Relaxed);
                            }
                        }
                        if ENTER_ALTERNATE_SCREEN
                            .iter()
                            .any(|seq| ends_in_new_part(&window, seq, old))
                        {
                            entered.store(true, Ordering::Relaxed);
                        }
                        for _ in 0..count_in_new_part(&window, CURSOR_POSITION_QUERY, old) {
                            answers.extend_from_slice(
                                format!("\x1b[{};{}R", cursor_row + 1, cursor_col + 1).as_bytes(),
                            );
                        }
                        for query in DEVICE_ATTRIBUTES_QUERIES {
                            for _ in 0..count_in_new_part(&window, query, old) {
                                answers.extend_from_slice(DEVICE_ATTRIBUTES_ANSWER);
                            }
                        }
                        if !answers.is_empty() {
                            let mut w = writer.lock().unwrap_or_else(|p| p.into_inner());
                            let _ = w.write_all(&answers);
                            let _ = w.flush();
                        }
                        let keep = window.len().min(8);
                        tail = window[window.len() - keep..].to_vec();
                    }
                    closed.store(true, Ordering::Relaxed);
                })
                .expect("spawn pty reader")
        };

        TuiSession {
            parser,
            writer,
            child: Mutex::new(child),
            master: pair.master,
            bytes,
            entered_alternate_screen,
            output_closed,
            reader: Some(reader),
            pid,
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Sends raw bytes (keys) to the program.
    pub fn send(&self, keys: &str) {
        let mut w = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        w.write_all(keys.as_bytes()).expect("write to pty");
        w.flush().expect("flush pty");
    }

    pub fn key_enter(&self) {
        self.send("\r");
    }

    pub fn key_esc(&self) {
        self.send("\x1b");
    }

    pub fn key_tab(&self) {
        self.send("\t");
    }

    pub fn key_backspace(&self) {
        self.send("\x7f");
    }

    pub fn key_up(&self) {
        self.send("\x1b[A");
    }

    pub fn key_down(&self) {
        self.send("\x1b[B");
    }

    pub fn key_right(&self) {
        self.send("\x1b[C");
    }

    pub fn key_left(&self) {
        self.send("\x1b[D");
    }

    pub fn ctrl_c(&self) {
        self.send("\x03");
    }

    /// The visible screen as text, rows separated by newlines.
    pub fn screen_text(&self) -> String {
        self.parser
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .screen()
            .contents()
    }

    /// Runs `f` on the current vt100 screen (colours, cursor, modes).
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self
            .parser
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .screen())
    }

    /// Waits until the screen contains `text`; on timeout returns the last screen as the error.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Result<String, String> {
        self.wait_until(|screen| screen.contains(text), timeout)
            .map_err(|screen| {
                format!("timed out after {timeout:?} waiting for {text:?}; screen:\n{screen}")
            })
    }

    /// Waits until `done(screen)` holds; returns that screen, or the last one on timeout.
    pub fn wait_until(
        &self,
        mut done: impl FnMut(&str) -> bool,
        timeout: Duration,
    ) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen_text();
            if done(&screen) {
                return Ok(screen);
            }
            if Instant::now() >= deadline {
                return Err(screen);
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the program to exit and returns its exit code (`None` on timeout). Also waits
    /// briefly for its last output, so the screen reflects what it did on the way out.
    pub fn wait_for_exit(&self, timeout: Duration) -> Option<u32> {
        let deadline = Instant::now() + timeout;
        let code = loop {
            let status = self
                .child
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .try_wait()
                .ok()
                .flatten();
            if let Some(status) = status {
                break status.exit_code();
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let drain_deadline = Instant::now() + Duration::from_secs(2);
        while !self.output_closed.load(Ordering::Relaxed) && Instant::now() < drain_deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        Some(code)
    }

    /// Whether the program has exited (without waiting).
    pub fn has_exited(&self) -> bool {
        self.child
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .try_wait()
            .ok()
            .flatten()
            .is_some()
    }

    /// Total bytes the program wrote to the terminal so far (to measure redraw volume).
    pub fn bytes_received(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Whether the terminal is in the alternate screen right now.
    pub fn in_alternate_screen(&self) -> bool {
        self.with_screen(|s| s.alternate_screen())
    }

    /// Whether the program ever switched to the alternate screen.
    pub fn entered_alternate_screen(&self) -> bool {
        self.entered_alternate_screen.load(Ordering::Relaxed)
    }

    /// Whether the cursor is currently hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.with_screen(|s| s.hide_cursor())
    }

    /// Whether the pty's line discipline is back in cooked mode (canonical input and echo on), as a
    /// program must leave it: `Some(false)` means raw mode leaked. `None` when it cannot be read.
    #[cfg(target_os = "linux")]
    pub fn terminal_is_cooked(&self) -> Option<bool> {
        // Linux termios bits; nix is only a transitive dependency, so no named constants here.
        const ICANON: u64 = 0o000002;
        const ECHO: u64 = 0o000010;
        let termios = self.master.get_termios()?;
        let local = termios.local_flags.bits() as u64;
        Some(local & ICANON != 0 && local & ECHO != 0)
    }

    /// Asserts the program left the terminal as it found it: main screen, cursor shown, cooked mode.
    pub fn assert_terminal_restored(&self) {
        assert!(
            !self.in_alternate_screen(),
            "still in the alternate screen; screen:\n{}",
            self.screen_text()
        );
        assert!(!self.cursor_hidden(), "the cursor is still hidden");
        #[cfg(target_os = "linux")]
        assert_ne!(
            self.terminal_is_cooked(),
            Some(false),
            "the terminal was left in raw mode"
        );
    }

    /// Changes the terminal size (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
        self.parser
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .screen_mut()
            .set_size(rows, cols);
    }

    /// Sends SIGTERM to the program (through `kill(1)`: the harness has no libc dependency).
    pub fn terminate(&self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
    }

    /// Hangs up on the program (SIGHUP), then SIGKILLs it if it is still alive 200 ms later.
    pub fn kill(&self) {
        let _ = self.child.lock().unwrap_or_else(|p| p.into_inner()).kill();
    }
}

impl Drop for TuiSession {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap_or_else(|p| p.into_inner());
        if matches!(child.try_wait(), Ok(None)) {
            let _ = child.kill();
            let _ = child.wait();
        }
        // The reader ends once the child (the last holder of the slave) is gone.
        if let Some(reader) = self.reader.take() {
            let deadline = Instant::now() + Duration::from_secs(2);
            while !reader.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}

/// Whether `needle` occurs in `window` ending after position `old` (i.e. not entirely inside
/// the tail already scanned last time).
fn ends_in_new_part(window: &[u8], needle: &[u8], old: usize) -> bool {
    count_in_new_part(window, needle, old) > 0
}

fn count_in_new_part(window: &[u8], needle: &[u8], old: usize) -> usize {
    if window.len() < needle.len() {
        return 0;
    }
    (0..=window.len() - needle.len())
        .filter(|&i| i + needle.len() > old && &window[i..i + needle.len()] == needle)
        .count()
}
