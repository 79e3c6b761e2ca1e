//! What the app loop does with the terminal itself: OSC 52 copies, and running $EDITOR with the
//! UI suspended (raw mode and the alternate screen left, then restored and redrawn).

use std::io::Write;

use base64::Engine;
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Puts `text` on the clipboard of the terminal the operator sits at, through SSH and tmux
/// (where `set-clipboard` allows it).
pub fn copy_osc52(terminal: &mut ratatui::DefaultTerminal, text: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let backend = terminal.backend_mut();
    let _ = write!(backend, "\x1b]52;c;{encoded}\x07");
    let _ = backend.flush();
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Set while a program that owns the terminal runs (the editor, an exec shell): Ctrl-C there is
/// the program's, so SIGINT does not end tecs meanwhile.
pub static HANDED_OVER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Leaves raw mode and the alternate screen for a program that takes the terminal.
fn hand_over() {
    HANDED_OVER.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Takes the terminal back after [`hand_over`]: the alternate screen comes back blank; a blank
/// frame is drawn so ratatui's idea of the screen matches, and the next draw repaints
/// everything. (`Terminal::clear` would ask the terminal for the cursor position, which needs the
/// input reader that was stopped.)
fn take_back(terminal: &mut ratatui::DefaultTerminal) {
    let _ = enable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        crossterm::cursor::Hide
    );
    let _ = terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()));
    HANDED_OVER.store(false, std::sync::atomic::Ordering::SeqCst);
}

/// Runs `session-manager-plugin` (an ECS Exec shell) with the terminal handed over; returns how
/// it ended. A line before and after says what is happening, in the operator's scrollback.
pub async fn run_plugin_suspended(
    terminal: &mut ratatui::DefaultTerminal,
    program: &str,
    args: &[String],
    what: &str,
) -> Result<String, String> {
    hand_over();
    println!("tecs: {what} (exit the shell to come back to tecs)");
    let status = tokio::process::Command::new(program)
        .args(args)
        .status()
        .await;
    take_back(terminal);
    match status {
        Ok(s) if s.success() => Ok(format!("{what}: the session ended")),
        Ok(s) => Err(format!("{what}: the session ended with {s}")),
        Err(e) => Err(format!("cannot run {program}: {e}")),
    }
}

/// Writes `text` to a temporary file, runs the editor on it with the terminal handed over, and
/// returns what was saved. The terminal is restored whatever happens.
pub async fn edit_suspended(
    terminal: &mut ratatui::DefaultTerminal,
    name: &str,
    text: &str,
) -> Result<String, String> {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let path = std::env::temp_dir().join(format!("tecs-{safe}-{}.json", std::process::id()));
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;

    hand_over();
    let editor = editor_command();
    // Through the shell so EDITOR may carry arguments ("code --wait", "sed -i ...").
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .await;
    take_back(terminal);

    let result = match status {
        Ok(s) if s.success() => std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display())),
        Ok(s) => Err(format!("{editor} exited with {s}; the edit was not used")),
        Err(e) => Err(format!("cannot run {editor}: {e}")),
    };
    let _ = std::fs::remove_file(&path);
    result
}

/// Raw mode and the alternate screen, with a panic hook that leaves them before the panic report
/// prints. Like `ratatui::try_init`, except that restoring never writes to stderr: when the
/// terminal is gone (SSH dropped, the window closed) ratatui's `restore` reports its own failure
/// with `eprintln!`, which panics on the dead terminal, inside the panic hook — an abort.
pub fn init() -> std::io::Result<ratatui::DefaultTerminal> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // In the log first: the report below goes to stderr, which may be the terminal that is gone.
        tracing::error!(panic = %info, "tecs panicked");
        restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen)?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
}

/// Shows the cursor, leaves raw mode and the alternate screen, and drops the terminal. When the
/// terminal is gone, ratatui's `Drop for Terminal` would `eprintln!` its failure to show the
/// cursor (a panic on the dead terminal), so a terminal that cannot take the cursor back is
/// forgotten instead of dropped: tecs is exiting, and it holds nothing but a buffer.
pub fn close(mut terminal: ratatui::DefaultTerminal) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    } else {
        drop(terminal);
    }
    restore();
}

/// Leaves raw mode and the alternate screen; a failure (the terminal is gone) is logged, never
/// printed, as there is nowhere to print it.
pub fn restore() {
    if let Err(e) = ratatui::try_restore() {
        tracing::debug!(error = %e, "the terminal could not be restored (it is gone)");
    }
}
