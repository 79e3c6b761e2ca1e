//! `T`: everything involved in running a service's (or a revision's) containers, as a tree that
//! loads as it is expanded — roles and what their policies allow, images in ECR, log groups,
//! the network, load balancers and their targets' health, the namespace — each node present,
//! missing or not readable (naming the denied action), with the revision's findings. Lookups run
//! concurrently, owned by the screen (leaving it cancels what is still loading). Enter opens the
//! matching view, space expands, `y` copies the ARN, `o` shows the console URL.

pub mod nodes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::common;
use super::cx::Cx;
use super::{Keys, Route, Screen, View};
use crate::domain::console_url::ConsoleTarget;
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::RevisionRef;
use crate::model::service::Service;
use crate::state::Shared;
use nodes::{Jump, Node, NodeState, Tree};

/// What the tree is of.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Service(Box<Service>),
    Revision { arn: String },
}

/// The resource tree screen.
#[derive(Debug, Clone)]
pub struct TreeScreen {
    pub subject: Subject,
    pub tree: Tree,
    /// The selected row (an index into the visible rows).
    pub selected: usize,
    /// The visible rows, recomputed when the tree changes (not per frame).
    rows: Vec<usize>,
    /// The first row drawn.
    offset: std::cell::Cell<usize>,
    /// The node the revision's description fills in.
    revision_node: Option<usize>,
    /// The revision to describe.
    revision_arn: String,
    /// The tree's own describe of the revision is in flight.
    describing: bool,
    /// The selected node (rows move under it as answers add children).
    anchor: Option<usize>,
    /// After a rebuild, the node to select again once it is there: its kind and name.
    want: Option<(String, String)>,
    /// Built once; `r` builds it again.
    built: bool,
    /// After a rebuild, each node's expanded state from before (kind, name, expanded), given
    /// back once to the first node of that kind and name as it appears: `r` keeps what the
    /// operator opened and closed.
    kept: Vec<(String, String, bool)>,
}

impl TreeScreen {
    pub fn of_service(service: &Service) -> Self {
        let mut root = Node::new_root("service", &service.name);
        root.arn = Some(service.arn.clone());
        root.console = Some(ConsoleTarget::Service {
            cluster: service.cluster_arn.clone(),
            service: service.name.clone(),
        });
        root.jump = Some(Jump::Service(Box::new(service.clone())));
        root.detail = format!(
            "{} · {}/{} running",
            service.status, service.running, service.desired
        );
        let mut screen = Self::empty(Subject::Service(Box::new(service.clone())), root);
        screen.revision_arn = service.task_definition.clone();
        screen
    }

    pub fn of_revision(arn: &str) -> Self {
        let mut root = Node::new_root(
            "task definition",
            &crate::model::service::revision_label(arn),
        );
        root.state = NodeState::Loading;
        root.arn = Some(arn.to_string());
        root.jump = Some(Jump::Revision {
            arn: arn.to_string(),
        });
        let mut screen = Self::empty(
            Subject::Revision {
                arn: arn.to_string(),
            },
            root,
        );
        screen.revision_arn = arn.to_string();
        screen
    }

    fn empty(subject: Subject, root: Node) -> Self {
        Self {
            subject,
            tree: Tree::with_root(root),
            selected: 0,
            rows: vec![0],
            offset: std::cell::Cell::new(0),
            revision_node: None,
            revision_arn: String::new(),
            describing: false,
            anchor: None,
            want: None,
            built: false,
            kept: Vec::new(),
        }
    }

    /// Builds the first levels (again, on `r` or when revealed: what it shows may have changed);
    /// lookups still running for the old tree are cancelled.
    fn build(&mut self, cx: &mut Cx) {
        for ticket in self.tree.nodes.iter().filter_map(|n| n.ticket) {
            cx.effect(crate::effect::Effect::CancelTicket(ticket));
        }
        self.describing = false;
        if let Some(n) = self.selected_node() {
            self.want = Some((n.kind.clone(), n.name.clone()));
        }
        self.anchor = None;
        self.kept = self
            .tree
            .nodes
            .iter()
            .skip(1)
            .filter(|n| n.expandable())
            .map(|n| (n.kind.clone(), n.name.clone(), n.expanded))
            .collect();
        let root = self.tree.nodes.first().cloned();
        let Some(mut root) = root else { return };
        root.children.clear();
        self.tree = Tree::with_root(root);
        match &self.subject {
            Subject::Service(s) => {
                let s = (**s).clone();
                self.tree.add_service(0, &s);
                self.revision_node = self
                    .tree
                    .nodes
                    .iter()
                    .position(|n| n.kind == "task definition");
            }
            Subject::Revision { .. } => {
                if let Some(r) = self.tree.nodes.get_mut(0) {
                    r.state = NodeState::Loading;
                }
                self.revision_node = Some(0);
            }
        }
        self.reopen();
        self.sync();
    }

    /// Gives the nodes that have appeared since a rebuild their expanded state from before.
    fn reopen(&mut self) {
        if self.kept.is_empty() {
            return;
        }
        for n in self.tree.nodes.iter_mut().skip(1) {
            if let Some(at) = self
                .kept
                .iter()
                .position(|(kind, name, _)| *kind == n.kind && *name == n.name)
            {
                n.expanded = self.kept.remove(at).2;
            }
        }
    }

    /// The visible rows again, with the selection kept on its node.
    fn sync(&mut self) {
        self.rows = self.tree.visible();
        if let Some((kind, name)) = &self.want
            && let Some(&i) = self.rows.iter().find(|&&i| {
                self.tree
                    .nodes
                    .get(i)
                    .is_some_and(|n| &n.kind == kind && &n.name == name)
            })
        {
            self.anchor = Some(i);
            self.want = None;
        }
        if let Some(anchor) = self.anchor
            && let Some(row) = self.rows.iter().position(|&i| i == anchor)
        {
            self.selected = row;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    fn selected_node(&self) -> Option<&Node> {
        self.rows
            .get(self.selected)
            .and_then(|i| self.tree.nodes.get(*i))
    }

    /// Fills the revision in once described, and starts the lookups now visible.
    fn advance(&mut self, cx: &mut Cx) {
        if let Some(ri) = self.revision_node
            && self
                .tree
                .nodes
                .get(ri)
                .is_some_and(|n| n.state == NodeState::Loading && n.children.is_empty())
        {
            let td = cx
                .shared
                .taskdefs
                .values()
                .find(|t| t.arn == self.revision_arn)
                .cloned();
            match td {
                Some(td) => self.tree.add_revision(ri, &td),
                None => crate::screens::revisions::actions::describe(
                    cx,
                    vec![self.revision_arn.clone()],
                ),
            }
        }
        self.reopen();
        for (node, lookup) in self.tree.due() {
            let ticket = cx.run(Job::TreeLookup { node, lookup });
            if let Some(n) = self.tree.nodes.get_mut(node) {
                n.ticket = Some(ticket.id);
            }
        }
        self.sync();
        cx.app.dirty = true;
    }

    fn toggle(&mut self, cx: &mut Cx) {
        let Some(&i) = self.rows.get(self.selected) else {
            return;
        };
        if let Some(n) = self.tree.nodes.get_mut(i)
            && n.expandable()
        {
            n.expanded = !n.expanded;
        }
        self.anchor = Some(i);
        self.advance(cx);
    }

    fn jump(&mut self, cx: &mut Cx) {
        let Some(node) = self.selected_node().cloned() else {
            return;
        };
        match node.jump {
            Some(Jump::Revision { arn }) => match RevisionRef::from_arn(&arn, "") {
                Some(r) => cx.push(Route::RevisionDetail(
                    crate::screens::revision_detail::RevisionDetailScreen::new(&r, Vec::new()),
                )),
                None => cx.error(format!("{arn} is not a task definition ARN")),
            },
            Some(Jump::Service(s)) => cx.push(Route::Service(Box::new(
                crate::screens::service::ServiceScreen::from_list(&s),
            ))),
            Some(Jump::Cluster { name }) => cx.push(Route::ClusterDetail(Box::new(
                crate::screens::cluster_detail::ClusterDetailScreen::named(&name),
            ))),
            Some(Jump::ServiceLogs { cluster, service }) => cx.push(Route::Logs(Box::new(
                crate::screens::logs::LogsScreen::of_service(&cluster, &service),
            ))),
            Some(Jump::Namespaces) => cx.push(Route::Namespaces(
                crate::screens::namespaces::NamespacesScreen::default(),
            )),
            None if node.expandable() => self.toggle(cx),
            // A leaf: its whole text on a page (a row is cut to the terminal's width).
            None => {
                let state = match &node.state {
                    NodeState::Info | NodeState::Present => String::new(),
                    NodeState::Loading => "loading…".into(),
                    NodeState::Missing(why) => format!("MISSING: {why}"),
                    NodeState::Denied(action) => format!("not readable: {action} denied"),
                    NodeState::Failed(why) => format!("failed: {why}"),
                };
                let text = [node.kind.as_str(), &node.name, &state, &node.detail]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n\n");
                cx.push(Route::Text(Box::new(
                    crate::screens::text_page::TextPage::new(
                        format!("{} {}", node.kind, node.name).trim().to_string(),
                        &text,
                        node.arn.clone(),
                    ),
                )));
            }
        }
    }

    fn row_line(&self, node: &Node, width: usize, selected: bool, view: &View) -> Line<'static> {
        let theme = view.theme;
        let indent = "  ".repeat(usize::from(node.depth));
        let marker = if node.expandable() {
            if node.expanded { "▾ " } else { "▸ " }
        } else {
            "  "
        };
        let (badge, badge_style) = match &node.state {
            NodeState::Info => (String::new(), theme.dim()),
            NodeState::Loading => ("loading…".to_string(), theme.dim()),
            NodeState::Present => ("✓".to_string(), theme.ok()),
            NodeState::Missing(why) => (format!("MISSING: {why}"), theme.error()),
            NodeState::Denied(action) => {
                (format!("not readable: {action} denied"), theme.warning())
            }
            NodeState::Failed(why) => (format!("failed: {why} (r retries)"), theme.error()),
        };
        let kind_style = match node.kind.as_str() {
            "HIGH" => theme.error(),
            "MEDIUM" => theme.warning(),
            _ => theme.dim(),
        };
        let mut spans = vec![Span::raw(format!("{indent}{marker}"))];
        if !node.kind.is_empty() {
            spans.push(Span::styled(format!("{} ", node.kind), kind_style));
        }
        spans.push(Span::raw(node.name.clone()));
        if !badge.is_empty() {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(badge, badge_style));
        }
        if !node.detail.is_empty() {
            spans.push(Span::styled(format!("  {}", node.detail), theme.dim()));
        }
        let line = crate::widgets::text::fit_spans(spans, width);
        if selected {
            line.style(theme.selected())
        } else {
            line
        }
    }
}

impl Node {
    /// A root node, expanded.
    fn new_root(kind: &str, name: &str) -> Self {
        let mut n = nodes::Node::info(name);
        n.kind = kind.to_string();
        n.state = NodeState::Present;
        n
    }
}

impl Screen for TreeScreen {
    fn crumb(&self) -> String {
        match &self.subject {
            Subject::Service(s) => format!("{} tree", s.name),
            Subject::Revision { arn } => {
                format!("{} tree", crate::model::service::revision_label(arn))
            }
        }
    }

    fn keys(&self) -> Keys {
        Keys::List
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::moving(command)
            || matches!(command, Command::Refresh | Command::Open | Command::Mark)
            || (command == Command::Copy && self.selected_node().is_some_and(|n| n.arn.is_some()))
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Open => Some(
                "open the node's view; expand or collapse a node that has none; read a leaf's whole text",
            ),
            Command::Mark => Some("expand / collapse the node"),
            Command::Copy => Some("copy the node's ARN (OSC 52)"),
            _ => None,
        }
    }

    fn why_not(&self, command: Command, _shared: &Shared) -> Option<String> {
        match command {
            Command::Copy => Some(
                "this node has nothing to copy (y copies the ARN of a service, role, revision, image…)"
                    .into(),
            ),
            Command::ConsoleUrl => Some(match self.selected_node().map(|n| &n.state) {
                Some(NodeState::Missing(_)) => {
                    "it does not exist, so the AWS console has no page for it".into()
                }
                _ => "this node has no page of its own in the AWS console".into(),
            }),
            _ => None,
        }
    }

    fn footer_word(&self, command: Command) -> Option<&'static str> {
        (command == Command::Mark).then_some("expand")
    }

    /// None for a node that does not exist: its console page would only say so.
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        self.selected_node()
            .filter(|n| !matches!(n.state, NodeState::Missing(_)))
            .and_then(|n| n.console.clone())
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let page = cx.page_guess().max(1);
        let last = self.rows.len().saturating_sub(1);
        match command {
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::PageUp => self.selected = self.selected.saturating_sub(page),
            Command::PageDown => self.selected = (self.selected + page).min(last),
            Command::Top => self.selected = 0,
            Command::Bottom => self.selected = last,
            _ => {}
        }
        if common::moving(command) {
            self.anchor = self.rows.get(self.selected).copied();
            self.want = None;
        }
        match command {
            Command::Mark => self.toggle(cx),
            Command::Open => self.jump(cx),
            Command::Copy => {
                if let Some(n) = self.selected_node() {
                    let what = if n.kind == "image" {
                        "image reference"
                    } else {
                        "ARN"
                    };
                    if let Some(arn) = n.arn.clone() {
                        cx.copy(what, arn);
                    }
                }
            }
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::TreeLookup { node, result }
                if self
                    .tree
                    .nodes
                    .get(node)
                    .is_some_and(|n| n.ticket == Some(ticket.id)) =>
            {
                self.tree.apply(node, result);
                self.advance(cx);
            }
            Outcome::Described(results) => {
                self.describing = false;
                let failed: Vec<String> = results
                    .iter()
                    .filter_map(|(_, r)| r.as_ref().err().map(ToString::to_string))
                    .collect();
                crate::screens::revisions::actions::on_described(cx, results);
                if let (Some(ri), Some(why)) = (self.revision_node, failed.first())
                    && let Some(n) = self.tree.nodes.get_mut(ri)
                {
                    n.state = NodeState::Failed(why.clone());
                }
                self.advance(cx);
            }
            _ => {}
        }
    }

    /// The first open builds the tree; coming back to it keeps what was expanded and loaded
    /// (`r` builds it again).
    fn load(&mut self, cx: &mut Cx) {
        if !self.built {
            self.built = true;
            self.build(cx);
        }
        self.advance(cx);
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.built = true;
        self.build(cx);
        self.advance(cx);
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.tree
            .nodes
            .iter()
            .any(|n| n.state == NodeState::Loading && n.ticket.is_some())
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let loading = self.is_loading(view.shared);
        let title = format!(
            " {}{} ",
            self.crumb(),
            if loading { " · loading…" } else { "" }
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme.title()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let height = usize::from(inner.height).max(1);
        // Kept full: collapsing a node near the end must not hide the rows above.
        let offset =
            crate::state::table::scroll_into_view(self.selected, self.offset.get(), height)
                .min(self.rows.len().saturating_sub(height));
        self.offset.set(offset);
        let width = usize::from(inner.width);
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .filter_map(|(row, i)| {
                self.tree
                    .nodes
                    .get(*i)
                    .map(|n| self.row_line(n, width, row == self.selected, view))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).style(Style::default()), inner);
    }
}
