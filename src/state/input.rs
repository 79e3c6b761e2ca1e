//! The one-line text inputs: the `/` filter and the `:` command line (tui-input does the editing).

use tui_input::Input;

/// Which line is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Filter,
    Command,
    /// Server-side family prefix on `:taskdefs`.
    Prefix,
    /// Search in a text page.
    Search,
    /// "Deregister all but the newest N": the N.
    KeepNewest,
    /// A cluster's capacity providers and default strategy (`NAME[:weight[:base]] ...`).
    CapacityProviders,
    /// A service's new desired count.
    DesiredCount,
    /// Why a task is being stopped (recorded in the task).
    StopReason,
    /// A CloudWatch Logs filter pattern (applied by the server).
    FilterPattern,
    /// Where a log tail starts: `200` lines, `5m`, `1h`, or a time.
    StartFrom,
    /// Port forwarding: `[CONTAINER:]PORT [LOCAL]` (the target is the container offered).
    PortForward,
}

impl InputKind {
    /// Whether `?` can be part of the answer. Where it cannot (a number, a start point), `?`
    /// opens help over the line, as it does everywhere else, and what was typed stays.
    pub fn takes_question_mark(self) -> bool {
        !matches!(
            self,
            InputKind::KeepNewest
                | InputKind::DesiredCount
                | InputKind::StartFrom
                | InputKind::PortForward
        )
    }
}

/// An open input line.
#[derive(Debug, Clone)]
pub struct InputLine {
    pub kind: InputKind,
    pub input: Input,
    /// The filter as it was before `/`, restored by Esc.
    pub previous: String,
    /// What the line is about when it is not the screen itself (the cluster to change).
    pub target: Option<String>,
    /// The screen the line belongs to (its filter, its search); `None` for the command line.
    pub owner: Option<crate::effect::ScreenId>,
    /// What was typed before Tab started completing, so that Tab again moves on to the next
    /// candidate; cleared by any other key.
    pub completing: Option<String>,
}

impl InputLine {
    /// A line of `kind` starting with `value` (Esc restores `value` for a filter).
    pub fn new(
        kind: InputKind,
        value: String,
        target: Option<String>,
        owner: Option<crate::effect::ScreenId>,
    ) -> Self {
        Self {
            kind,
            input: Input::new(value.clone()),
            previous: value,
            target,
            owner,
            completing: None,
        }
    }
}

/// The views `:` can open, and `:q`.
pub const COMMANDS: &[(&str, &str)] = &[
    ("clusters", "the cluster list"),
    ("namespaces", "Cloud Map namespaces"),
    ("taskdefs", "task definition families"),
    (
        "services",
        "services of the current cluster (:services NAME for another)",
    ),
    (
        "tasks",
        "tasks of the current cluster (:tasks NAME for another)",
    ),
    ("instances", "container instances of the current cluster"),
    (
        "profile",
        "switch profile (:profile NAME, or pick from the list)",
    ),
    (
        "region",
        "switch region (:region CODE, or pick from the list)",
    ),
    ("overview", "the clusters of every region"),
    (
        "findings",
        "what to fix in every ACTIVE task definition revision",
    ),
    ("help", "the key bindings"),
    ("q", "quit"),
    ("quit", "quit"),
];

/// Commands starting with what is typed, in table order.
pub fn completions(typed: &str) -> Vec<&'static str> {
    let typed = typed.trim();
    COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(typed))
        .collect()
}

/// Commands that take a cluster name.
const TAKE_A_CLUSTER: &[&str] = &["services", "tasks", "instances"];

/// Whole command lines that complete `typed`: a command name, or after `services`, `tasks` or
/// `instances` and a space, the names of the clusters tecs has listed (`clusters`).
pub fn complete_line(typed: &str, clusters: &[&str]) -> Vec<String> {
    let typed = typed.trim_start();
    match typed.split_once(' ') {
        None => completions(typed)
            .iter()
            .map(|c| (*c).to_string())
            .collect(),
        Some((command, arg)) if TAKE_A_CLUSTER.contains(&command) => {
            let arg = arg.trim_start();
            clusters
                .iter()
                .filter(|name| name.starts_with(arg))
                .map(|name| format!("{command} {name}"))
                .collect()
        }
        Some((command @ "region", arg)) => {
            let arg = arg.trim_start();
            crate::domain::regions::KNOWN_REGIONS
                .iter()
                .filter(|r| r.code.starts_with(arg))
                .map(|r| format!("{command} {}", r.code))
                .collect()
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_commands_then_cluster_names() {
        let clusters = ["prod-fargate", "prod-ec2", "staging"];
        assert_eq!(complete_line("ta", &clusters), ["taskdefs", "tasks"]);
        assert_eq!(complete_line("tasks ", &clusters).len(), 3);
        assert_eq!(
            complete_line("tasks p", &clusters),
            ["tasks prod-fargate", "tasks prod-ec2"]
        );
        assert_eq!(
            complete_line("services st", &clusters),
            ["services staging"]
        );
        assert!(complete_line("taskdefs x", &clusters).is_empty());
        assert_eq!(
            complete_line("region eu-w", &clusters),
            ["region eu-west-1", "region eu-west-2", "region eu-west-3"]
        );
    }

    #[test]
    fn completes_prefixes() {
        assert_eq!(completions("cl"), vec!["clusters"]);
        assert_eq!(completions("q"), vec!["q", "quit"]);
        assert!(completions("zz").is_empty());
        assert_eq!(completions("").len(), COMMANDS.len());
    }
}

/// Parses `FARGATE:1:1 FARGATE_SPOT:3` (commas also separate): every name is a capacity provider of
/// the cluster; one with a weight or base is also in the default strategy.
pub fn parse_capacity(
    text: &str,
) -> Result<(Vec<String>, Vec<crate::model::StrategyItem>), String> {
    let mut providers = Vec::new();
    let mut strategy = Vec::new();
    for token in text.split([' ', ',']).filter(|t| !t.is_empty()) {
        let mut parts = token.split(':');
        let name = parts.next().unwrap_or_default().to_string();
        let number = |p: Option<&str>, what: &str| -> Result<Option<i32>, String> {
            p.map(|v| {
                v.parse::<i32>()
                    .map_err(|_| format!("{what} of {name} must be a number, not {v:?}"))
            })
            .transpose()
        };
        let weight = number(parts.next(), "the weight")?;
        let base = number(parts.next(), "the base")?;
        if parts.next().is_some() {
            return Err(format!(
                "{token:?}: write NAME, NAME:weight or NAME:weight:base"
            ));
        }
        if weight.is_some() || base.is_some() {
            strategy.push(crate::model::StrategyItem {
                provider: name.clone(),
                weight: weight.unwrap_or(0),
                base: base.unwrap_or(0),
            });
        }
        providers.push(name);
    }
    Ok((providers, strategy))
}

/// The inverse of [`parse_capacity`], for pre-filling the line with what the cluster has.
pub fn format_capacity(providers: &[String], strategy: &[crate::model::StrategyItem]) -> String {
    providers
        .iter()
        .map(|p| match strategy.iter().find(|s| &s.provider == p) {
            Some(s) => format!("{p}:{}:{}", s.weight, s.base),
            None => p.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod capacity_tests {
    use super::*;

    #[test]
    fn capacity_lines_round_trip() {
        let (p, s) = parse_capacity("FARGATE:1:1, FARGATE_SPOT:3 my-asg").expect("parses");
        assert_eq!(p, ["FARGATE", "FARGATE_SPOT", "my-asg"]);
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].weight, s[1].base), (3, 0));
        assert_eq!(
            format_capacity(&p, &s),
            "FARGATE:1:1 FARGATE_SPOT:3:0 my-asg"
        );
        assert!(
            parse_capacity("FARGATE:x")
                .unwrap_err()
                .contains("weight of FARGATE")
        );
        assert!(parse_capacity("A:1:2:3").is_err());
        assert_eq!(parse_capacity("").expect("empty is fine"), (vec![], vec![]));
    }
}
