//! Keybindings as data: the embedded default keymap merged with the user's file. The footer hints and
//! the `?` help are generated from the same table, so they cannot drift from the real bindings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

pub mod layer;

pub use layer::{Keys, Layer, layer};

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    List,
    Scroll,
    Confirm,
    Help,
    Input,
    /// Forms and wizards: keys not bound here go to the focused text field.
    Form,
}

impl Context {
    /// The heading used in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists",
            Context::Scroll => "Details and JSON",
            Context::Confirm => "Confirmation dialogs",
            Context::Help => "Help",
            Context::Input => "Filter and command line",
            Context::Form => "Forms (other keys type into the field)",
        }
    }
}

/// The app's own commands, handled whatever the screen (not asked of it).
pub fn is_app_command(command: Command) -> bool {
    matches!(
        command,
        Command::Quit | Command::ForceQuit | Command::Back | Command::Help | Command::CommandLine
    )
}

/// Every command a key can trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    ForceQuit,
    Back,
    Help,
    CommandLine,
    Refresh,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Describe,
    Filter,
    SortNext,
    SortReverse,
    Mark,
    Deregister,
    Delete,
    ToggleStatus,
    PrefixSearch,
    /// New revision from this one in $EDITOR.
    Edit,
    /// Diff two marked revisions, or one against its predecessor.
    Diff,
    /// Mark every ACTIVE revision except the newest N.
    KeepNewest,
    /// Copy the ARN (OSC 52).
    Copy,
    /// Copy the JSON (OSC 52).
    CopyJson,
    /// Next search match in a text page.
    SearchNext,
    RunTask,
    CreateService,
    /// Open the creation wizard (or, on a revision, the wizard pre-filled from it).
    Create,
    /// Change Container Insights of a cluster.
    Insights,
    /// Change a cluster's capacity providers and default strategy.
    CapacityProviders,
    /// Change a cluster's default namespace.
    DefaultNamespace,
    /// The tasks of the service (or cluster) on screen.
    Tasks,
    /// A cluster's container instances.
    Instances,
    /// Change a service's desired count (UpdateService with desiredCount only).
    Scale,
    /// Move a service to another ACTIVE revision.
    UpdateRevision,
    /// Start a new deployment of a service with its current settings.
    ForceDeploy,
    /// Turn ECS Exec on or off for a service's new tasks.
    ToggleExec,
    /// Stop a task (with a reason that is recorded).
    StopTask,
    /// Show and copy the AWS console URL of what is selected (there is no browser on a bastion).
    ConsoleUrl,
    /// ECS Exec: a shell in a task's container (session-manager-plugin).
    Exec,
    /// Forward a local port to a task's container port (SSM port forwarding).
    PortForward,
    /// The resource tree of a service or a revision.
    Tree,
    /// The CloudWatch logs of the service, task or container on screen.
    Logs,
    /// Logs: follow new lines (again) / pause.
    Follow,
    /// Logs: wrap long lines.
    ToggleWrap,
    /// Logs: show timestamps.
    ToggleTimestamps,
    /// Logs: pretty-print JSON messages.
    ToggleJson,
    /// Logs: the server-side filter pattern.
    FilterPattern,
    /// Logs: where to start (last N lines, 5m, 1h, a time).
    StartFrom,
    /// Logs: only one container's lines (cycles through them).
    CycleContainer,
    /// Save what is on screen to a new file.
    Save,
    /// The previous search match.
    SearchPrev,
    /// Next / previous value in a dialog's picker.
    PickNext,
    PickPrev,
    Yes,
    No,
    Toggle,
    Activate,
    Close,
    Submit,
    Cancel,
    Complete,
}

/// Commands of the `form` context. A separate enum from [`Command`]: form keys are handled by the
/// form itself, never by the list/scroll dispatcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormCommand {
    NextField,
    PrevField,
    NextSection,
    PrevSection,
    NextOption,
    PrevOption,
    Toggle,
    AddItem,
    RemoveItem,
    MoveItemUp,
    MoveItemDown,
    PageUp,
    PageDown,
    Review,
    Submit,
    Copy,
    Save,
    Cancel,
    /// Every key of the form, in the help overlay (`?` is a character in a form).
    Help,
}

/// What a binding triggers: an application command, or a form command in the `form` context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    App(Command),
    Form(FormCommand),
}

impl Bound {
    /// Parses a command name; the context decides which set of names applies.
    fn parse(context: Context, name: &str) -> Result<Bound, String> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        if context == Context::Form {
            FormCommand::deserialize(de)
                .map(Bound::Form)
                .map_err(|e| format!("form command {name:?}: {e}"))
        } else {
            Command::deserialize(de)
                .map(Bound::App)
                .map_err(|e| format!("command {name:?}: {e}"))
        }
    }
}

/// A key with its modifiers, comparable to crossterm's events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    /// Parses `j`, `G`, `?`, `ctrl-c`, `enter`, `esc`, `tab`, `backtab`, `up`, `pageup`, `space`, `f1`...
    pub fn parse(text: &str) -> Result<Key, String> {
        let (ctrl, name) = match text.strip_prefix("ctrl-") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match name {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" => KeyCode::Delete,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => f[1..]
                .parse::<u8>()
                .map(KeyCode::F)
                .map_err(|_| format!("unknown key {text:?}"))?,
            single => {
                let mut chars = single.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return Err(format!("unknown key {text:?}")),
                }
            }
        };
        Ok(Key { code, ctrl })
    }

    /// The key of a terminal event; Shift is folded into the character (`G`), as terminals send it.
    pub fn from_event(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the key is written in hints and help.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "enter".to_string(),
            KeyCode::Esc => "esc".to_string(),
            KeyCode::Tab => "tab".to_string(),
            KeyCode::BackTab => "shift-tab".to_string(),
            KeyCode::Backspace => "backspace".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "pgup".to_string(),
            KeyCode::PageDown => "pgdn".to_string(),
            KeyCode::Home => "home".to_string(),
            KeyCode::End => "end".to_string(),
            KeyCode::Delete => "del".to_string(),
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_lowercase(),
        };
        if self.ctrl {
            format!("ctrl-{base}")
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub command: Bound,
    pub keys: Vec<Key>,
    pub desc: String,
    pub footer: bool,
}

#[derive(Debug, Deserialize)]
struct RawBinding {
    context: Context,
    command: String,
    keys: Vec<String>,
    #[serde(default)]
    desc: Option<String>,
    #[serde(default)]
    footer: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct RawKeymap {
    #[serde(default)]
    binding: Vec<RawBinding>,
}

/// The merged keymap.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in keymap.
    pub fn default_keymap() -> Keymap {
        // The embedded file is tested to parse; an empty keymap would still let Ctrl-C quit via the app loop.
        Keymap::parse(DEFAULT_KEYMAP).unwrap_or(Keymap {
            bindings: Vec::new(),
        })
    }

    /// Parses a keymap file's text.
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let raw: RawKeymap = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut bindings = Vec::new();
        for b in raw.binding {
            let keys = b
                .keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<_>, _>>()?;
            let command = Bound::parse(b.context, &b.command)?;
            bindings.push(Binding {
                context: b.context,
                command,
                keys,
                desc: b.desc.unwrap_or_else(|| b.command.replace('_', " ")),
                footer: b.footer.unwrap_or(false),
            });
        }
        Ok(Keymap { bindings })
    }

    /// Applies a user's file on top: an entry for an existing (context, command) replaces its keys
    /// (and desc/footer when given); new entries are added.
    pub fn merge_user(&mut self, text: &str) -> Result<(), String> {
        let raw: RawKeymap = toml::from_str(text).map_err(|e| e.to_string())?;
        for b in raw.binding {
            let keys = b
                .keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<_>, _>>()?;
            let command = Bound::parse(b.context, &b.command)?;
            match self
                .bindings
                .iter_mut()
                .find(|x| x.context == b.context && x.command == command)
            {
                Some(existing) => {
                    existing.keys = keys;
                    if let Some(desc) = b.desc {
                        existing.desc = desc;
                    }
                    if let Some(footer) = b.footer {
                        existing.footer = footer;
                    }
                }
                None => self.bindings.push(Binding {
                    context: b.context,
                    command,
                    keys,
                    desc: b.desc.unwrap_or_else(|| b.command.replace('_', " ")),
                    footer: b.footer.unwrap_or(false),
                }),
            }
        }
        Ok(())
    }

    /// The command bound to `key` in the first of `contexts` that binds it.
    pub fn lookup(&self, contexts: &[Context], key: &KeyEvent) -> Option<Command> {
        self.lookup_for(contexts, key, |_| true)
    }

    /// The command bound to `key` that the screen supports: one key may mean different commands on
    /// different screens (`t`: tasks of a service, or the status toggle of a list that has one).
    /// Falls back to the key's only binding, so an unsupported key can be reported by name.
    pub fn lookup_for(
        &self,
        contexts: &[Context],
        key: &KeyEvent,
        supports: impl Fn(Command) -> bool,
    ) -> Option<Command> {
        let key = Key::from_event(key);
        let bound: Vec<Command> = contexts
            .iter()
            .flat_map(|ctx| {
                self.bindings
                    .iter()
                    .filter(move |b| b.context == *ctx && b.keys.contains(&key))
            })
            .filter_map(|b| match b.command {
                Bound::App(c) => Some(c),
                Bound::Form(_) => None,
            })
            .collect();
        // With several meanings, none of them here, naming one would mislead ("t: ACTIVE/INACTIVE
        // not available" on the cluster list): the key is then reported as doing nothing here.
        bound
            .iter()
            .copied()
            .find(|c| supports(*c))
            .or_else(|| (bound.len() == 1).then(|| bound[0]))
    }

    /// The label of the first key bound to the form's help (`f1`), if any.
    pub fn form_help_key(&self) -> Option<String> {
        self.bindings_in(Context::Form)
            .find(|b| b.command == Bound::Form(FormCommand::Help))
            .and_then(|b| b.keys.first().map(Key::label))
    }

    /// The form command bound to `key` in the `form` context.
    pub fn lookup_form(&self, key: &KeyEvent) -> Option<FormCommand> {
        let key = Key::from_event(key);
        self.bindings_in(Context::Form)
            .filter(|b| b.keys.contains(&key))
            .find_map(|b| match b.command {
                Bound::Form(c) => Some(c),
                Bound::App(_) => None,
            })
    }

    /// Footer hints of the `form` context for the commands that apply right now: `(keys, desc)`.
    pub fn form_hints(&self, applies: impl Fn(FormCommand) -> bool) -> Vec<(String, String)> {
        self.bindings_in(Context::Form)
            .filter(|b| b.footer && !b.keys.is_empty())
            .filter(|b| matches!(b.command, Bound::Form(c) if applies(c)))
            .map(|b| (b.keys[0].label(), b.desc.clone()))
            .collect()
    }

    /// The first key bound to a form command, for messages like "press ctrl-s to review".
    pub fn form_key_for(&self, command: FormCommand) -> Option<String> {
        self.bindings_in(Context::Form)
            .find(|b| b.command == Bound::Form(command))
            .and_then(|b| b.keys.first())
            .map(Key::label)
    }

    /// Bindings of the given contexts, in file order.
    pub fn bindings_in<'a>(&'a self, context: Context) -> impl Iterator<Item = &'a Binding> + 'a {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// Footer hints for the contexts, filtered by what the current view supports: `(keys, desc)`.
    pub fn hints(
        &self,
        contexts: &[Context],
        supported: impl Fn(Command) -> bool,
    ) -> Vec<(String, String)> {
        contexts
            .iter()
            .flat_map(|ctx| self.bindings_in(*ctx))
            .filter(|b| {
                b.footer && !b.keys.is_empty() && matches!(b.command, Bound::App(c) if supported(c))
            })
            .map(|b| (b.keys[0].label(), b.desc.clone()))
            .collect()
    }

    /// What a command does, in the keymap's words ("Container Insights"), for messages.
    pub fn desc_for(&self, command: Command) -> Option<&str> {
        self.bindings
            .iter()
            .find(|b| b.command == Bound::App(command))
            .map(|b| b.desc.as_str())
    }

    /// Footer hints with their commands, for fitting them to the width: `(command, keys, desc)`.
    pub fn hint_commands(
        &self,
        contexts: &[Context],
        supported: impl Fn(Command) -> bool,
    ) -> Vec<(Command, String, String)> {
        contexts
            .iter()
            .flat_map(|ctx| self.bindings_in(*ctx))
            .filter(|b| b.footer && !b.keys.is_empty())
            .filter_map(|b| match b.command {
                Bound::App(c) if supported(c) => Some((c, b.keys[0].label(), b.desc.clone())),
                _ => None,
            })
            .collect()
    }

    /// The first key bound to a command in a context, for messages like "press r to retry".
    pub fn key_for(&self, context: Context, command: Command) -> Option<String> {
        self.bindings_in(context)
            .find(|b| b.command == Bound::App(command))
            .and_then(|b| b.keys.first())
            .map(Key::label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_keymap_parses_and_binds_the_basics() {
        let km = Keymap::parse(DEFAULT_KEYMAP).expect("default keymap parses");
        let list = [Context::List, Context::Global];
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Command::Bottom)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Command::ForceQuit)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Command::Quit)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('z'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn confirm_context_enter_activates_and_esc_cancels() {
        let km = Keymap::default_keymap();
        let c = [Context::Confirm];
        assert_eq!(
            km.lookup(&c, &ev(KeyCode::Enter, KeyModifiers::NONE)),
            Some(Command::Activate)
        );
        assert_eq!(
            km.lookup(&c, &ev(KeyCode::Esc, KeyModifiers::NONE)),
            Some(Command::No)
        );
        assert_eq!(
            km.lookup(&c, &ev(KeyCode::Char('y'), KeyModifiers::NONE)),
            Some(Command::Yes)
        );
    }

    #[test]
    fn user_file_rebinds_and_hints_follow() {
        let mut km = Keymap::default_keymap();
        km.merge_user(
            r#"
[[binding]]
context = "list"
command = "filter"
keys = ["f"]
"#,
        )
        .expect("user keymap parses");
        let list = [Context::List, Context::Global];
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('f'), KeyModifiers::NONE)),
            Some(Command::Filter)
        );
        assert_eq!(
            km.lookup(&list, &ev(KeyCode::Char('/'), KeyModifiers::NONE)),
            None
        );
        let hints = km.hints(&list, |_| true);
        assert!(hints.iter().any(|(k, d)| k == "f" && d == "filter"));
    }

    #[test]
    fn form_context_has_its_own_commands() {
        let km = Keymap::default_keymap();
        assert_eq!(
            km.lookup_form(&ev(KeyCode::Tab, KeyModifiers::NONE)),
            Some(FormCommand::NextSection)
        );
        assert_eq!(
            km.lookup_form(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(FormCommand::PrevSection)
        );
        assert_eq!(
            km.lookup_form(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(FormCommand::Review)
        );
        assert_eq!(
            km.lookup_form(&ev(KeyCode::Up, KeyModifiers::CONTROL)),
            Some(FormCommand::MoveItemUp)
        );
        // Plain letters are typed, never commands.
        for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
            assert_eq!(
                km.lookup_form(&ev(KeyCode::Char(c), KeyModifiers::NONE)),
                None,
                "{c}"
            );
        }
        // The list dispatcher never sees form commands.
        assert_eq!(
            km.lookup(&[Context::Form], &ev(KeyCode::Tab, KeyModifiers::NONE)),
            None
        );
        assert!(km.form_key_for(FormCommand::Submit).is_some());
        let hints = km.form_hints(|c| c == FormCommand::Review);
        assert_eq!(hints, [("ctrl-s".to_string(), "review".to_string())]);
    }

    #[test]
    fn every_form_command_is_bound_by_default() {
        let km = Keymap::default_keymap();
        use FormCommand::*;
        for c in [
            NextField,
            PrevField,
            NextSection,
            PrevSection,
            NextOption,
            PrevOption,
            Toggle,
            AddItem,
            RemoveItem,
            MoveItemUp,
            MoveItemDown,
            PageUp,
            PageDown,
            Review,
            Submit,
            Copy,
            Save,
            Cancel,
        ] {
            assert!(km.form_key_for(c).is_some(), "{c:?}");
        }
    }

    #[test]
    fn user_file_rebinds_form_commands_and_rejects_app_names_there() {
        let mut km = Keymap::default_keymap();
        km.merge_user("[[binding]]\ncontext = \"form\"\ncommand = \"review\"\nkeys = [\"f2\"]\n")
            .expect("user keymap parses");
        assert_eq!(
            km.lookup_form(&ev(KeyCode::F(2), KeyModifiers::NONE)),
            Some(FormCommand::Review)
        );
        assert_eq!(
            km.lookup_form(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            None
        );
        assert!(
            km.merge_user(
                "[[binding]]\ncontext = \"form\"\ncommand = \"sort_next\"\nkeys = [\"x\"]\n"
            )
            .is_err()
        );
        assert!(
            km.merge_user(
                "[[binding]]\ncontext = \"list\"\ncommand = \"review\"\nkeys = [\"x\"]\n"
            )
            .is_err()
        );
    }

    #[test]
    fn bad_keys_are_reported() {
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("banana").is_err());
        assert!(
            Keymap::parse("[[binding]]\ncontext = \"list\"\ncommand = \"nope\"\nkeys = [\"x\"]")
                .is_err()
        );
    }
}
