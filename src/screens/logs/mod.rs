//! Live CloudWatch logs of a service (its tasks' streams merged in time order), a task, or one
//! container. The streams are resolved from each task's own task definition revision
//! (`prefix/container/task-id`); the tail is long-lived work owned by this screen — Live Tail where
//! allowed, polling otherwise — and is cancelled the moment the screen is left.
//!
//! Follow mode scrolls with new lines; moving up pauses it (a counter says how many arrived since),
//! `G`/End or `f` resume. The buffer is bounded; drawing touches only the lines on screen.

pub mod buffer;
mod view;

use crate::domain::console_url::ConsoleTarget;
use std::cell::Cell;
use std::collections::HashMap;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;

use buffer::{LogBuffer, LogLine, line_key};

use super::cx::Cx;
use super::text_page::TextPage;
use super::{Keys, Route, Screen, View};
use crate::effect::{Effect, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::AwsError;
use crate::model::logs::{LogSource, Resolution, Since, TailMode, TailOptions, TailUpdate};
use crate::state::{InputKind, Loadable, Shared};

/// How far back a tail starts when nothing else is asked.
pub const DEFAULT_SINCE: Since = Since::Duration(Duration::from_secs(15 * 60));

/// Whose logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogTarget {
    Service { cluster: String, service: String },
    Task { cluster: String, task: String },
}

impl LogTarget {
    /// A name for titles and file names.
    pub fn name(&self) -> String {
        match self {
            LogTarget::Service { service, .. } => service.clone(),
            LogTarget::Task { task, .. } => {
                format!("task {}", crate::model::task::task_id(task))
            }
        }
    }
}

/// Where a line came from: a task and one of its containers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub task_id: String,
    pub container: String,
}

/// The logs screen.
#[derive(Debug, Clone)]
pub struct LogsScreen {
    pub target: LogTarget,
    /// Which streams, and the containers whose logs are elsewhere.
    pub resolution: Loadable<Resolution>,
    /// The streams the running tail reads, and its ticket.
    tail: Option<(u64, Vec<LogSource>)>,
    pub mode: Option<TailMode>,
    /// Live Tail sampled at least one batch (more than 500 events/s).
    pub sampled: bool,
    /// The last failure of the tail (it retries on its own).
    pub tail_error: Option<AwsError>,
    /// Something the tail wants the operator to know (a limit it works around).
    pub notice: Option<String>,
    pub buffer: LogBuffer,
    /// Task + container of each line (index stored in the line).
    pub origins: Vec<Origin>,
    origin_index: HashMap<Origin, usize>,
    pub since: Since,
    pub filter: Option<String>,
    /// Only this container's lines (client-side).
    pub container: Option<String>,
    pub follow: bool,
    pub wrap: bool,
    pub timestamps: bool,
    pub pretty_json: bool,
    pub search: String,
    /// The line the cursor is on (index into the buffer) while paused.
    pub cursor: usize,
    /// Lines that arrived while paused.
    pub unseen: usize,
    /// Rows the log box had when last drawn (for paging).
    pub height: Cell<usize>,
}

impl LogsScreen {
    pub fn new(target: LogTarget) -> Self {
        Self {
            target,
            resolution: Loadable::default(),
            tail: None,
            mode: None,
            sampled: false,
            tail_error: None,
            notice: None,
            buffer: LogBuffer::new(crate::state::DEFAULT_LOG_LINES),
            origins: Vec::new(),
            origin_index: HashMap::new(),
            since: DEFAULT_SINCE,
            filter: None,
            container: None,
            follow: true,
            wrap: false,
            timestamps: true,
            pretty_json: false,
            search: String::new(),
            cursor: 0,
            unseen: 0,
            height: Cell::new(0),
        }
    }

    /// The logs of a service.
    pub fn of_service(cluster: &str, service: &str) -> Self {
        Self::new(LogTarget::Service {
            cluster: cluster.to_string(),
            service: service.to_string(),
        })
    }

    /// The logs of a task (all its containers; `c` narrows to one).
    pub fn of_task(cluster: &str, task: &str) -> Self {
        Self::new(LogTarget::Task {
            cluster: cluster.to_string(),
            task: task.to_string(),
        })
    }

    fn origin(&mut self, source: &LogSource) -> usize {
        let origin = Origin {
            task_id: source.task_id.clone(),
            container: source.container.clone(),
        };
        if let Some(i) = self.origin_index.get(&origin) {
            return *i;
        }
        let i = self.origins.len();
        self.origins.push(origin.clone());
        self.origin_index.insert(origin, i);
        i
    }

    /// Whether a line passes the container narrowing.
    pub fn shown(&self, line: &LogLine) -> bool {
        match &self.container {
            None => true,
            Some(c) => self
                .origins
                .get(line.origin)
                .is_some_and(|o| &o.container == c),
        }
    }

    /// Starts (or restarts) the tail on `sources`, from where the buffer ends so nothing is read
    /// twice; the old tail is cancelled.
    fn start_tail(&mut self, sources: Vec<LogSource>, cx: &mut Cx) {
        if let Some((old, _)) = self.tail.take() {
            cx.effect(Effect::CancelTicket(old));
        }
        if sources.is_empty() {
            return;
        }
        let since = match self.buffer.last_timestamp() {
            Some(ts) => Since::Timestamp(ts),
            None => self.since,
        };
        let ticket = cx.run(Job::TailLogs {
            sources: sources.clone(),
            options: TailOptions {
                since,
                filter: self.filter.clone(),
                follow: true,
            },
        });
        self.tail = Some((ticket.id, sources));
    }

    /// A new start or filter: the buffer starts over and the tail restarts.
    fn restart(&mut self, cx: &mut Cx) {
        self.buffer.clear();
        self.cursor = 0;
        self.unseen = 0;
        self.follow = true;
        self.mode = None;
        self.sampled = false;
        let sources = match self.tail.take() {
            Some((id, sources)) => {
                cx.effect(Effect::CancelTicket(id));
                sources
            }
            None => self
                .resolution
                .data
                .as_ref()
                .map(|r| r.sources.clone())
                .unwrap_or_default(),
        };
        self.start_tail(sources, cx);
    }

    fn on_resolved(&mut self, ticket: Ticket, result: Result<Resolution, AwsError>, cx: &mut Cx) {
        let at = cx.wall_clock();
        if !self.resolution.finish(ticket.id, result, at) {
            return;
        }
        let sources = self
            .resolution
            .data
            .as_ref()
            .map(|r| r.sources.clone())
            .unwrap_or_default();
        // Tasks come and go (a deployment): restart only when the streams changed.
        let running = self.tail.as_ref().map(|(_, s)| s);
        if running != Some(&sources) {
            self.start_tail(sources, cx);
        }
        let outcome = self.resolution.outcome();
        cx.settle(outcome, true);
    }

    fn on_tail(&mut self, ticket: Ticket, update: TailUpdate, cx: &mut Cx) {
        if self.tail.as_ref().map(|(id, _)| *id) != Some(ticket.id) {
            return;
        }
        cx.app.dirty = true;
        match update {
            TailUpdate::Mode(mode) => self.mode = Some(mode),
            TailUpdate::Sampled => self.sampled = true,
            TailUpdate::Retrying(e) => self.tail_error = Some(e),
            TailUpdate::Failed(e) => {
                cx.error(format!("the log tail stopped: {e}"));
                self.tail_error = Some(e);
            }
            TailUpdate::Notice(text) => self.notice = Some(text),
            TailUpdate::Done => {}
            TailUpdate::Events(events) => {
                self.tail_error = None;
                let sources = self
                    .tail
                    .as_ref()
                    .map(|(_, s)| s.clone())
                    .unwrap_or_default();
                let lines: Vec<(u64, LogLine)> = events
                    .into_iter()
                    .filter_map(|e| {
                        let source = sources.get(e.source)?;
                        let origin = self.origin(source);
                        Some((
                            line_key(&source.stream, e.timestamp, &e.message),
                            LogLine {
                                timestamp: e.timestamp,
                                origin,
                                message: e.message,
                            },
                        ))
                    })
                    .collect();
                let dropped_before = self.buffer.dropped;
                let (added, _) = self.buffer.extend(lines);
                let dropped = usize::try_from(self.buffer.dropped.saturating_sub(dropped_before))
                    .unwrap_or(0);
                if self.follow {
                    self.cursor = self.buffer.len().saturating_sub(1);
                } else {
                    self.unseen = self.unseen.saturating_add(added);
                    // Lines dropped from the front (the buffer is full) move the cursor's line up.
                    self.cursor = self.cursor.saturating_sub(dropped);
                }
            }
        }
    }

    /// Moves the cursor; moving pauses following.
    fn move_cursor(&mut self, delta: isize) {
        let last = self.buffer.len().saturating_sub(1);
        if self.follow {
            self.cursor = last;
        }
        let target = if delta.is_negative() {
            self.cursor.saturating_sub(delta.unsigned_abs())
        } else {
            self.cursor.saturating_add(delta.unsigned_abs()).min(last)
        };
        self.cursor = target;
        self.follow = self.cursor >= last && delta > 0;
        if self.follow {
            self.unseen = 0;
        }
    }

    fn resume(&mut self) {
        self.follow = true;
        self.unseen = 0;
        self.cursor = self.buffer.len().saturating_sub(1);
    }

    /// Jumps to the next (or previous) line matching the search.
    fn search_step(&mut self, forward: bool, cx: &mut Cx) {
        let needle = self.search.to_lowercase();
        if needle.is_empty() {
            cx.info("search with / first");
            return;
        }
        let n = self.buffer.len();
        if n == 0 {
            return;
        }
        let start = self.cursor;
        let hit = (1..=n)
            .map(|i| {
                if forward {
                    (start + i) % n
                } else {
                    (start + n - (i % n)) % n
                }
            })
            .find(|i| {
                self.buffer
                    .get(*i)
                    .is_some_and(|l| self.shown(l) && l.message.to_lowercase().contains(&needle))
            });
        match hit {
            Some(i) => {
                self.follow = false;
                self.cursor = i;
                // Which match this is, of how many among the lines shown: counted on the key,
                // never per frame.
                let matches = |range: std::ops::Range<usize>| {
                    range
                        .filter(|j| {
                            self.buffer.get(*j).is_some_and(|l| {
                                self.shown(l) && l.message.to_lowercase().contains(&needle)
                            })
                        })
                        .count()
                };
                let before = matches(0..i);
                let total = before + matches(i..n);
                cx.info(format!("/{}: match {} of {total}", self.search, before + 1));
            }
            None => cx.info(format!("no line matches /{}", self.search)),
        }
    }

    /// `c`: all containers → the first → the next → … → all.
    fn cycle_container(&mut self, cx: &mut Cx) {
        let mut names: Vec<&str> = self.origins.iter().map(|o| o.container.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        self.container = match &self.container {
            None => names.first().map(|s| s.to_string()),
            Some(c) => names
                .iter()
                .position(|n| n == c)
                .and_then(|i| names.get(i + 1))
                .map(|s| s.to_string()),
        };
        cx.info(match &self.container {
            Some(c) => format!("showing container {c} only (c for the next)"),
            None => "showing every container".to_string(),
        });
    }

    /// The buffer as plain text, as saved and as `tecs logs` prints it.
    pub fn plain_lines(&self) -> Vec<String> {
        self.buffer
            .iter()
            .filter(|l| self.shown(l))
            .map(|l| {
                let origin = self.origins.get(l.origin);
                format!(
                    "{} {} {} | {}",
                    view::timestamp(l.timestamp),
                    origin.map(|o| short_id(&o.task_id)).unwrap_or(""),
                    origin.map(|o| o.container.as_str()).unwrap_or(""),
                    l.message
                )
            })
            .collect()
    }

    fn save(&self, cx: &mut Cx) {
        let name: String = self
            .target
            .name()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let stamp = view::file_stamp(cx.wall_clock());
        let path = format!("tecs-logs-{name}-{stamp}.log");
        let mut contents = self.plain_lines().join("\n");
        contents.push('\n');
        cx.run(Job::SaveFile { path, contents });
    }
}

/// The first 8 characters of a task id: enough to tell a service's tasks apart.
pub fn short_id(task_id: &str) -> &str {
    task_id.get(..8).unwrap_or(task_id)
}

/// What `S` takes: `200` lines (1 to `max_lines`, what the view keeps), an age (`5m`, `90s`,
/// `1h`, `2d`) or a time (`2026-11-30T10:00:00Z`, not in the future). `now_ms`: milliseconds since
/// the epoch.
pub fn parse_since(text: &str, now_ms: i64, max_lines: usize) -> Result<Since, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<usize>() {
        return if n == 0 {
            Err("0 lines shows nothing: give at least 1".to_string())
        } else if n > max_lines {
            Err(format!(
                "the view keeps at most {max_lines} lines (--log-lines): give {max_lines} or fewer, or an age such as 1h"
            ))
        } else {
            Ok(Since::Lines(n))
        };
    }
    crate::logs_cli::parse_start(t, now_ms).map_err(|e| match e {
        crate::logs_cli::StartError::Future => {
            format!("{t}: that time is in the future (times are UTC)")
        }
        crate::logs_cli::StartError::Malformed => format!(
            "{t:?}: write a number of lines (200), an age (5m, 1h, 2d) or a time (2026-11-30T10:00:00Z)"
        ),
    })
}

impl Screen for LogsScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        let sources = &self.resolution.data.as_ref()?.sources;
        let first = sources.first()?;
        Some(match sources.as_slice() {
            [one] => ConsoleTarget::LogStream {
                group: one.group.clone(),
                stream: one.stream.clone(),
            },
            _ => ConsoleTarget::LogGroup {
                group: first.group.clone(),
            },
        })
    }

    fn crumb(&self) -> String {
        format!("{} logs", self.target.name())
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Open => Some("the selected line, whole"),
            Command::Copy => Some("copy the selected line (OSC 52)"),
            _ => None,
        }
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        matches!(
            command,
            Command::Up
                | Command::Down
                | Command::PageUp
                | Command::PageDown
                | Command::Top
                | Command::Bottom
                | Command::Refresh
                | Command::Follow
                | Command::ToggleWrap
                | Command::ToggleTimestamps
                | Command::ToggleJson
                | Command::FilterPattern
                | Command::StartFrom
                | Command::CycleContainer
                | Command::Save
                | Command::Filter
                | Command::SearchNext
                | Command::SearchPrev
                | Command::Copy
                | Command::Open
        )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let page = isize::try_from(self.height.get().max(1)).unwrap_or(1);
        match command {
            Command::Up => self.move_cursor(-1),
            Command::Down => self.move_cursor(1),
            Command::PageUp => self.move_cursor(-page),
            Command::PageDown => self.move_cursor(page),
            Command::Top => {
                self.follow = false;
                self.cursor = 0;
            }
            Command::Bottom => self.resume(),
            Command::Follow => {
                if self.follow {
                    self.follow = false;
                } else {
                    self.resume();
                }
            }
            Command::ToggleWrap => self.wrap = !self.wrap,
            Command::ToggleTimestamps => self.timestamps = !self.timestamps,
            Command::ToggleJson => self.pretty_json = !self.pretty_json,
            Command::CycleContainer => self.cycle_container(cx),
            Command::FilterPattern => cx.open_input(
                InputKind::FilterPattern,
                self.filter.clone().unwrap_or_default(),
                None,
            ),
            Command::StartFrom => cx.open_input(InputKind::StartFrom, String::new(), None),
            Command::Filter => cx.open_input(InputKind::Search, self.search.clone(), None),
            Command::SearchNext => self.search_step(true, cx),
            Command::SearchPrev => self.search_step(false, cx),
            Command::Save => self.save(cx),
            Command::Copy => {
                if let Some(line) = self.buffer.get(self.cursor) {
                    cx.copy("line", line.message.clone());
                }
            }
            Command::Open => {
                if let Some(line) = self.buffer.get(self.cursor) {
                    let text = match serde_json::from_str::<serde_json::Value>(&line.message) {
                        Ok(json) if json.is_object() || json.is_array() => {
                            serde_json::to_string_pretty(&json)
                                .unwrap_or_else(|_| line.message.clone())
                        }
                        _ => line.message.clone(),
                    };
                    let title = format!("log line {}", view::timestamp(line.timestamp));
                    cx.push(Route::Text(Box::new(TextPage::new(title, &text, None))));
                }
            }
            _ => {}
        }
    }

    fn on_input(&mut self, kind: InputKind, value: &str, _target: Option<String>, cx: &mut Cx) {
        match kind {
            InputKind::Search => {
                self.search = value.to_string();
                if !self.search.is_empty() {
                    self.search_step(false, cx);
                }
            }
            InputKind::FilterPattern => {
                if let Err(e) = crate::domain::filter_pattern::check(value) {
                    cx.error(format!("filter pattern: {e}"));
                    return;
                }
                self.filter = Some(value.trim().to_string()).filter(|f| !f.is_empty());
                self.restart(cx);
            }
            InputKind::StartFrom => match parse_since(
                value,
                cx.wall_clock()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
                cx.app.config.log_lines,
            ) {
                Ok(since) => {
                    self.since = since;
                    self.restart(cx);
                }
                Err(e) => cx.error(e),
            },
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::LogSources(result) => self.on_resolved(ticket, result, cx),
            Outcome::Tail(update) => self.on_tail(ticket, update, cx),
            Outcome::TailEnded if self.tail.as_ref().map(|(id, _)| *id) == Some(ticket.id) => {
                self.tail = None;
            }
            Outcome::Saved { path, result } => match result {
                Ok(()) => cx.info(format!("saved {} line(s) to {path}", self.buffer.len())),
                Err(e) => cx.error(e),
            },
            _ => {}
        }
    }

    /// Resolves the streams (again: a service's tasks change); the tail restarts only when they
    /// changed.
    fn load(&mut self, cx: &mut Cx) {
        // The configured size (`--log-lines`), taken before the first line arrives.
        let lines = cx.app.config.log_lines;
        if self.buffer.is_empty() && self.buffer.capacity() != lines.max(1) {
            self.buffer = LogBuffer::new(lines);
        }
        let job = match &self.target {
            LogTarget::Service { cluster, service } => Job::LogSources {
                cluster: cluster.clone(),
                service: Some(service.clone()),
                task: None,
            },
            LogTarget::Task { cluster, task } => Job::LogSources {
                cluster: cluster.clone(),
                service: None,
                task: Some(task.clone()),
            },
        };
        cx.load_into(&mut self.resolution, job);
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.resolution.is_loading() && self.resolution.data.is_none()
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        view::render(frame, area, self, view);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use crate::effect::{Effect, Outcome, Ticket};
    use crate::keymap::Keymap;
    use crate::model::logs::{LogEvent, LogSource, Resolution, TailUpdate};
    use crate::screens::{Nav, Route};
    use crate::state::{AppConfig, State};

    fn ticket(effects: &[Effect], want: fn(&Job) -> bool) -> Ticket {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Run { ticket, job } if want(job) => Some(*ticket),
                _ => None,
            })
            .expect("the job was started")
    }

    /// The whole screen as text, drawn at `width`x`height`.
    fn drawn(state: &State, width: u16, height: u16) -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
                .expect("terminal");
        terminal
            .draw(|f| crate::ui::render(f, state))
            .expect("draw");
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    #[test]
    fn the_buffer_holds_the_configured_number_of_lines() {
        let config = AppConfig {
            log_lines: 3,
            ..AppConfig::default()
        };
        let mut state = State::new(config, Keymap::default_keymap(), (80, 24));
        let root = state.routes.top().id;
        let screen = LogsScreen::of_service("prod", "web");
        let effects = crate::update::router::navigate(
            &mut state,
            root,
            Nav::Push(Route::Logs(Box::new(screen))),
        );
        let resolve = ticket(&effects, |j| matches!(j, Job::LogSources { .. }));
        let source = LogSource {
            group: "/ecs/web".into(),
            region: None,
            stream: "ecs/app/0123456789abcdef".into(),
            task_id: "0123456789abcdef".into(),
            container: "app".into(),
        };
        let outcome = Outcome::LogSources(Ok(Resolution {
            sources: vec![source],
            problems: Vec::new(),
        }));
        let effects = crate::update::update(
            &mut state,
            Action::Done {
                ticket: resolve,
                outcome,
            },
        );
        let tail = ticket(&effects, |j| matches!(j, Job::TailLogs { .. }));
        let events = (0..5)
            .map(|i| LogEvent {
                timestamp: 1_000 + i,
                ingestion_time: None,
                message: format!("line {i}"),
                source: 0,
            })
            .collect();
        crate::update::update(
            &mut state,
            Action::Done {
                ticket: tail,
                outcome: Outcome::Tail(TailUpdate::Events(events)),
            },
        );
        let Route::Logs(screen) = state.route() else {
            panic!("still on the logs screen");
        };
        assert_eq!(screen.buffer.capacity(), 3);
        let kept: Vec<&str> = (0..screen.buffer.len())
            .filter_map(|i| screen.buffer.get(i))
            .map(|l| l.message.as_str())
            .collect();
        assert_eq!(kept, ["line 2", "line 3", "line 4"]);
        // The view says the ring is full.
        let text = drawn(&state, 100, 12);
        assert!(
            text.contains("keeps the last 3 lines, 2 older dropped"),
            "{text}"
        );
        // A long note wraps: the polling reason's end is on screen at 60 columns.
        if let Route::Logs(screen) = &mut state.routes.top_mut().route {
            screen.mode = Some(crate::model::logs::TailMode::Polling {
                why: "live tail is not available at this endpoint (StartLiveTail refused), so every 2 s".into(),
            });
        }
        let text = drawn(&state, 60, 24);
        assert!(text.contains("so every 2 s"), "{text}");

        // `?` names what Enter and y do on a log, not what they do on a draft or a revision.
        crate::update::update(
            &mut state,
            Action::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char('?'),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
        let help = drawn(&state, 100, 40);
        assert!(help.contains("copy the selected line"), "{help}");
        assert!(!help.contains("register draft"), "{help}");

        // A search says which match the cursor is on, of how many.
        let press = |state: &mut State, code: crossterm::event::KeyCode| {
            crate::update::update(
                state,
                Action::Key(crossterm::event::KeyEvent::new(
                    code,
                    crossterm::event::KeyModifiers::NONE,
                )),
            );
        };
        use crossterm::event::KeyCode as K;
        press(&mut state, K::Esc);
        press(&mut state, K::Char('/'));
        for c in "LINE".chars() {
            press(&mut state, K::Char(c));
        }
        press(&mut state, K::Enter);
        let status = |state: &State| state.app.status.as_ref().map(|s| s.text.clone());
        let first = status(&state).unwrap_or_default();
        assert!(
            first.starts_with("/LINE: match ") && first.ends_with(" of 3"),
            "{first}"
        );
        press(&mut state, K::Char('n'));
        let second = status(&state).unwrap_or_default();
        assert!(
            second.ends_with(" of 3") && second != first,
            "{first} then {second}"
        );

        // At the top (g), the box is filled from the oldest line down, as a pager would.
        press(&mut state, K::Char('g'));
        let text = drawn(&state, 100, 12);
        assert!(
            text.contains("line 2") && text.contains("line 3") && text.contains("line 4"),
            "{text}"
        );
    }

    #[test]
    fn start_times_read_as_lines_durations_or_times() {
        let now = 1_796_040_000_000; // 2026-11-30T12:00:00Z
        let parse = |t: &str| parse_since(t, now, 10_000);
        assert_eq!(parse("200"), Ok(Since::Lines(200)));
        assert_eq!(parse("5m"), Ok(Since::Duration(Duration::from_secs(300))));
        assert_eq!(parse("1h"), Ok(Since::Duration(Duration::from_secs(3600))));
        assert_eq!(
            parse("2026-11-30T10:00:00Z"),
            Ok(Since::Timestamp(1_796_032_800_000))
        );
        assert_eq!(
            parse("2026-11-30 10:00"),
            Ok(Since::Timestamp(1_796_032_800_000))
        );
        assert_eq!(
            parse("2026-11-30T11:00:00+01:00"),
            Ok(Since::Timestamp(1_796_032_800_000))
        );
        assert!(parse("soon").is_err());
        // What the view cannot show is refused, saying why.
        assert!(parse("0").is_err_and(|e| e.contains("at least 1")));
        assert!(parse("10001").is_err_and(|e| e.contains("at most 10000 lines")));
        assert!(parse("2026-12-01T00:00:00Z").is_err_and(|e| e.contains("in the future")));
    }
}
