//! The "Run task" wizard, opened on an ACTIVE revision: the cluster, the capacity and how many
//! tasks (1-10), the awsvpc network when the revision needs one, a command override for one
//! container (typed like a shell line, sent as a JSON array), started-by and ECS Exec. The review
//! shows every problem, the exact RunTask JSON and its `aws ecs run-task --cli-input-json` line;
//! the result lists the tasks started and RunTask's failures, and Enter opens the cluster's tasks.
//! Pure state: the app fetches the lists it wants and sends the request.

mod screen;
mod view;

pub use screen::open_from_revision;

use serde_json::Value;

use super::launch::{
    self, Capacity, Lists, Start, Wants, field_mut, place_errors, problem, set_note, value,
};
use super::{Problem, ReviewLine};
use crate::domain::request::Operation;
use crate::domain::service as rules;
use crate::effect::{Job, StartedTasks};
use crate::form::flow::{self, CreateWizard, Flow, Stage, WizardOutcome};
use crate::form::{ChoiceOption, Field, FieldKind, Form, Section, shell};
use crate::keymap::{FormCommand, Keymap};
use crate::model::task::NewTask;
use crate::model::{RevisionRef, TaskDefinition};

/// Field ids of this wizard (the shared ones are in [`launch::ids`]).
pub mod ids {
    pub use crate::screens::wizards::launch::ids::*;
    pub const COUNT: &str = "count";
    pub const CONTAINER: &str = "container";
    pub const COMMAND: &str = "command";
    pub const STARTED_BY: &str = "started_by";
    pub const EXEC: &str = "exec";
}

/// Section kinds.
pub mod kinds {
    pub use crate::screens::wizards::launch::kinds::*;
    pub const TASK: &str = "task";
    pub const OVERRIDES: &str = "overrides";
    pub const OPTIONS: &str = "options";
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct RunTaskWizard {
    pub form: Form,
    pub flow: Flow,
    /// The revision the tasks run (the wizard is opened on it).
    pub revision: RevisionRef,
    /// Its description: `None` until it arrives, else it or why it could not be described.
    described: Option<Result<TaskDefinition, String>>,
    wants: Wants,
    lists: Lists,
    spec: NewTask,
    problems: Vec<Problem>,
    /// Enter on the result: open the cluster's tasks once the wizard has closed.
    open_tasks: bool,
}

fn sections(start: &Start) -> Vec<Section> {
    let mut compute = launch::capacity_fields(launch::preferred_capacity(start.described.as_ref()));
    compute.push(Field::text(
        ids::COUNT,
        "Tasks",
        "How many tasks to start: 1 to 10 (RunTask's limit per call).",
        "1",
        "1",
    ));
    vec![
        Section::new(
            kinds::TASK,
            "Task",
            vec![launch::cluster_field(
                start.cluster.as_deref().unwrap_or(""),
            )],
        ),
        Section::new(kinds::COMPUTE, "Compute", compute),
        Section::new(kinds::NETWORK, "Networking", launch::network_fields()),
        Section::new(
            kinds::OVERRIDES,
            "Overrides",
            vec![
                Field::choice(
                    ids::CONTAINER,
                    "Container",
                    "The container whose command is overridden (←/→).",
                    Vec::new(),
                    "",
                ),
                Field::text(
                    ids::COMMAND,
                    "Command",
                    "Typed like a shell line (quotes group words), sent as a JSON array; empty keeps the container's command.",
                    "",
                    "the container's own command",
                ),
                Field::text(
                    ids::STARTED_BY,
                    "Started by",
                    "Optional tag on the tasks (up to 128 letters, digits, -, / and _), to find them later.",
                    "",
                    "none",
                ),
            ],
        ),
        Section::new(
            kinds::OPTIONS,
            "Options",
            vec![Field::toggle(
                ids::EXEC,
                "ECS Exec",
                "Allow `aws ecs execute-command` into the tasks (the task role needs the SSM permissions).",
                false,
            )],
        ),
    ]
}

impl RunTaskWizard {
    /// A form for `revision`, preset from `start`; it asks for the lists it needs.
    pub fn new(revision: RevisionRef, start: Start) -> Self {
        let described = start
            .described
            .clone()
            .filter(|td| td.arn == revision.arn)
            .map(Ok);
        let mut wizard = Self {
            form: Form::new(sections(&start)),
            flow: Flow::default(),
            revision: revision.clone(),
            described,
            wants: Wants::default(),
            lists: Lists::default(),
            spec: NewTask {
                cluster: String::new(),
                task_definition: revision.label(),
                count: 1,
                launch_type: None,
                capacity_provider_strategy: Vec::new(),
                network: None,
                command_override: None,
                started_by: None,
                enable_execute_command: false,
            },
            problems: Vec::new(),
            open_tasks: false,
        };
        match start.clusters {
            Some(list) => wizard.lists.set_clusters(&mut wizard.form, Ok(list)),
            None => wizard.wants.want(Job::Clusters),
        }
        if wizard.described.is_none() {
            wizard.wants.want(Job::DescribeTaskDefs {
                arns: vec![revision.arn.clone()],
            });
        }
        wizard.sync();
        wizard
    }

    /// The wizard's frame title.
    pub fn title(&self) -> String {
        format!("Run task · {}", self.revision.label())
    }

    /// The request as the form stands.
    pub fn spec(&self) -> &NewTask {
        &self.spec
    }

    /// The problems blocking submit, in form order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether the operator changed anything (lists arriving and presets do not count).
    pub fn is_changed(&self) -> bool {
        self.form
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| f.touched)
    }

    /// The next list to fetch.
    pub fn take_wanted(&mut self) -> Option<Job> {
        self.wants.take()
    }

    /// The exact RunTask body.
    pub fn request(&self) -> Value {
        crate::domain::service_request::run_task_request(&self.spec)
    }

    /// `aws ecs run-task --cli-input-json '…'`.
    pub fn cli(&self) -> String {
        launch::cli_line(Operation::RunTask, &self.request())
    }

    /// The cluster the tasks went to (for opening its tasks).
    pub fn cluster(&self) -> String {
        self.lists
            .cluster(&self.form)
            .map_or_else(|| self.spec.cluster.clone(), |c| c.arn.clone())
    }

    /// A list or the description arrived.
    pub fn absorb(&mut self, outcome: crate::effect::Outcome) {
        use crate::effect::Outcome;
        if let Some(other) = self.lists.absorb(&mut self.form, outcome)
            && let Outcome::Described(results) = other
        {
            for (asked, result) in results {
                if asked == self.revision.arn
                    || result.as_ref().is_ok_and(|t| t.arn == self.revision.arn)
                {
                    self.described = Some(result.map_err(|e| e.to_string()));
                }
            }
        }
        self.sync();
    }

    fn td(&self) -> Option<&TaskDefinition> {
        self.described.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// Re-reads the form: wants what is now needed, refreshes pickers, notes and every problem.
    fn sync(&mut self) {
        let td = self.td().cloned();
        if let Some(f) = field_mut(&mut self.form, ids::CAPACITY)
            && !f.touched
        {
            f.set_value(launch::preferred_capacity(td.as_ref()));
        }
        let cluster = self.lists.cluster(&self.form).cloned();
        let cap = launch::read_capacity(&self.form, cluster.as_ref());
        let awsvpc = td
            .as_ref()
            .map(|t| t.network_mode.as_deref() == Some("awsvpc"));
        let mode = td
            .as_ref()
            .and_then(|t| t.network_mode.clone())
            .unwrap_or_else(|| "bridge".to_string());
        self.lists.want(&mut self.form, &mut self.wants, awsvpc);
        let unknown = match &self.described {
            Some(Err(_)) => format!(
                "{} could not be described: its network mode is not known.",
                self.revision.label()
            ),
            _ => format!(
                "Describing {} to learn its network mode…",
                self.revision.label()
            ),
        };
        launch::sync_fields(&mut self.form, &self.lists, &cap, awsvpc, &mode, &unknown);
        let task_note = match (&self.described, &td) {
            (_, Some(t)) => format!(
                "Revision {} · {} networking · {} · {}",
                t.label(),
                mode,
                if t.launch_types.is_empty() {
                    "no compatibilities named".to_string()
                } else {
                    t.launch_types.join(", ")
                },
                t.size()
            ),
            (Some(Err(e)), None) => format!(
                "Revision {}: could not be described ({e})",
                self.revision.label()
            ),
            _ => format!("Revision {}: describing…", self.revision.label()),
        };
        set_note(&mut self.form, kinds::TASK, Some(task_note));
        self.sync_overrides(td.as_ref());
        self.check(&cap, awsvpc, td.as_ref());
        place_errors(&mut self.form, &self.problems);
        self.form.fix_focus();
    }

    fn sync_overrides(&mut self, td: Option<&TaskDefinition>) {
        let mut options: Vec<ChoiceOption> = td
            .map(|t| {
                t.containers
                    .iter()
                    .map(|c| ChoiceOption::new(c.name.clone(), c.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if options.is_empty() {
            options.push(
                ChoiceOption::new("", "the revision's containers")
                    .disabled(Some("waiting for the revision's description".to_string())),
            );
        }
        if let Some(FieldKind::Choice(c)) =
            field_mut(&mut self.form, ids::CONTAINER).map(|f| &mut f.kind)
        {
            c.set_options(options);
        }
        let container = value(&self.form, ids::CONTAINER).to_string();
        let own = td
            .and_then(|t| t.containers.iter().find(|c| c.name == container))
            .map(|c| {
                if c.command.is_empty() {
                    "the image's default command".to_string()
                } else {
                    serde_json::to_string(&c.command).unwrap_or_default()
                }
            });
        let typed = value(&self.form, ids::COMMAND).to_string();
        let preview = if typed.trim().is_empty() {
            own.map(|o| format!("keeps {o}"))
        } else {
            shell::split(&typed)
                .ok()
                .map(|words| serde_json::to_string(&words).unwrap_or_default())
        };
        if let Some(f) = field_mut(&mut self.form, ids::COMMAND) {
            f.preview = preview;
        }
    }

    /// Reads the form into the request and lists every problem, in form order.
    fn check(&mut self, cap: &Capacity, awsvpc: Option<bool>, td: Option<&TaskDefinition>) {
        let form = &self.form;
        let mut problems: Vec<Problem> = Vec::new();
        let mut add = |id: &'static str, message: String| problems.push(problem(form, id, message));

        let cluster_text = value(form, ids::CLUSTER).trim().to_string();
        let cluster = self.lists.cluster(form);
        if let Some(e) = self.lists.cluster_problem(form, "tasks") {
            add(ids::CLUSTER, e);
        }
        let label = self.revision.label();
        let status = td.map_or(self.revision.status.as_str(), |t| t.status.as_str());
        if let Err(e) = rules::validate_revision_status(&label, status) {
            add(ids::CLUSTER, e);
        }
        match &self.described {
            None => add(
                ids::CLUSTER,
                format!("describing {label} (its network mode and containers)…"),
            ),
            Some(Err(e)) => add(ids::CLUSTER, format!("{label} could not be described: {e}")),
            Some(Ok(_)) => {}
        }

        for (id, e) in launch::check_capacity(form, cap, td, &label) {
            add(id, e);
        }
        let count = match rules::parse_count(value(form, ids::COUNT), "number of tasks") {
            Ok(n) => {
                if let Err(e) = rules::validate_run_count(n) {
                    add(ids::COUNT, e);
                }
                n
            }
            Err(e) => {
                add(ids::COUNT, e);
                1
            }
        };

        let network = launch::check_network(form, &self.lists, awsvpc, cap.fargate);
        for (id, e) in network.problems {
            add(id, e);
        }

        let container = value(form, ids::CONTAINER).to_string();
        let command_text = value(form, ids::COMMAND);
        let command_override = if command_text.trim().is_empty() {
            None
        } else {
            match shell::split(command_text) {
                Ok(words) if container.is_empty() => {
                    add(
                        ids::CONTAINER,
                        "choose the container whose command is overridden".to_string(),
                    );
                    Some((container.clone(), words))
                }
                Ok(words) => Some((container.clone(), words)),
                Err(e) => {
                    add(ids::COMMAND, e);
                    None
                }
            }
        };
        let started_by = value(form, ids::STARTED_BY).trim().to_string();
        if let Err(e) = rules::validate_started_by(&started_by) {
            add(ids::STARTED_BY, e);
        }

        let spec = NewTask {
            cluster: cluster.map_or(cluster_text, |c| c.name.clone()),
            task_definition: label,
            count,
            launch_type: cap.launch_type.clone(),
            capacity_provider_strategy: cap.strategy.clone(),
            network: network.config,
            command_override,
            started_by: (!started_by.is_empty()).then_some(started_by),
            enable_execute_command: value(form, ids::EXEC) == "true",
        };
        problems.sort_by_key(|p| p.section);
        self.problems = problems;
        self.spec = spec;
    }

    /// Running failed: keep everything as typed and show the error above the review.
    pub fn set_submit_error(&mut self, message: String) {
        self.flow.set_submit_error(message);
    }

    /// The operator said No to discarding: keep editing.
    pub fn cancel_discard(&mut self) {
        self.flow.clear_notice();
    }

    /// RunTask answered: the tasks it started (ids) and its failures become the result.
    pub fn set_started(&mut self, (tasks, failures): StartedTasks) {
        let mut lines = vec![format!(
            "Started {} of {} task{} of {} in {}.",
            tasks.len(),
            self.spec.count,
            launch::plural(usize::try_from(self.spec.count).unwrap_or(0)),
            self.spec.task_definition,
            self.spec.cluster
        )];
        for t in &tasks {
            lines.push(format!("task {} · {}", t.id(), t.last_status));
        }
        if !failures.is_empty() {
            lines.push(String::new());
            lines.push(format!(
                "{} failure{} (RunTask's failures):",
                failures.len(),
                launch::plural(failures.len())
            ));
            lines.extend(failures);
        }
        self.flow.set_result(lines);
    }

    /// Handles a key (Ctrl-C is the app's). On the result, Enter opens the cluster's tasks.
    pub fn handle_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        keymap: &Keymap,
    ) -> WizardOutcome<NewTask> {
        if self.flow.stage() == Stage::Done && keymap.lookup_form(&key) == Some(FormCommand::Submit)
        {
            self.open_tasks = true;
            return WizardOutcome::Cancel;
        }
        flow::handle_key(self, key, keymap)
    }

    /// Whether Enter on the result asked for the cluster's tasks (once).
    pub fn take_open_tasks(&mut self) -> bool {
        std::mem::take(&mut self.open_tasks)
    }

    /// Whether a form command does something right now (keeps footer hints honest).
    pub fn applies(&self, command: FormCommand) -> bool {
        if self.flow.stage() == Stage::Done && command == FormCommand::Submit {
            return true;
        }
        flow::applies(&self.flow, &self.form, command, self.problems.len())
    }

    /// Footer hints for the stage and the focused field.
    pub fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        let stage = self.flow.stage();
        flow::hints(
            keymap,
            |c| self.applies(c),
            |c| match (stage, c) {
                (Stage::Review, FormCommand::Submit) => Some("run"),
                (Stage::Review, FormCommand::Copy) => Some("copy CLI"),
                (Stage::Done, FormCommand::Submit) => Some("open tasks"),
                (Stage::Done, FormCommand::Copy) => Some("copy line"),
                (Stage::Done, FormCommand::Cancel) => Some("close"),
                _ => None,
            },
        )
    }

    fn summary(&self) -> Vec<String> {
        let s = &self.spec;
        let mut out = vec![format!(
            "{} task{} of {} in {}",
            s.count,
            launch::plural(usize::try_from(s.count).unwrap_or(0)),
            s.task_definition,
            if s.cluster.is_empty() {
                "(no cluster)"
            } else {
                &s.cluster
            }
        )];
        let capacity = match (&s.launch_type, s.capacity_provider_strategy.is_empty()) {
            (Some(lt), _) => format!("launch type {lt}"),
            (None, false) => format!(
                "strategy {}",
                launch::format_strategy(&s.capacity_provider_strategy)
            ),
            (None, true) => "the cluster's default strategy".to_string(),
        };
        let network = match &s.network {
            Some(n) => format!(
                "awsvpc: {} subnet{}, {} security group{}",
                n.subnets.len(),
                launch::plural(n.subnets.len()),
                n.security_groups.len(),
                launch::plural(n.security_groups.len())
            ),
            None => "no network configuration".to_string(),
        };
        out.push(format!("{capacity} · {network}"));
        if let Some((container, command)) = &s.command_override {
            out.push(format!(
                "Command of {container}: {}",
                serde_json::to_string(command).unwrap_or_default()
            ));
        }
        out
    }

    /// The review: problems (or ready), what runs where, the CLI line and the exact JSON.
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        launch::review(
            &self.form,
            &self.problems,
            "No problems: the tasks can be started.",
            "run",
            self.summary(),
            Operation::RunTask,
            &self.request(),
        )
    }

    /// The lines the view shows for the current stage: the review, or after the result what
    /// Enter does.
    pub fn stage_lines(&self) -> Vec<ReviewLine> {
        match self.flow.stage() {
            Stage::Edit => Vec::new(),
            Stage::Review => self.review_lines(),
            Stage::Done => vec![ReviewLine::Info(
                "Enter opens the cluster's tasks; Esc closes.".to_string(),
            )],
        }
    }
}

impl CreateWizard for RunTaskWizard {
    type Spec = NewTask;

    fn form_and_flow(&mut self) -> (&mut Form, &mut Flow) {
        (&mut self.form, &mut self.flow)
    }

    fn review_len(&self) -> usize {
        self.review_lines().len()
    }

    fn problem_count(&self) -> usize {
        self.problems.len()
    }

    fn spec(&self) -> NewTask {
        self.spec.clone()
    }

    fn review_copy(&self) -> String {
        self.cli()
    }

    fn edited(&mut self) {
        self.sync();
    }

    fn changed(&self) -> bool {
        self.is_changed()
    }
}

#[cfg(test)]
mod tests;
