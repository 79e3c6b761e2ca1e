//! Work for the runner and what comes back. Every piece of work carries a [`Ticket`] naming its
//! owner (a screen instance, or the app); its [`Outcome`] goes back to that owner or is dropped, and
//! leaving a screen cancels everything it started.

use std::time::Duration;

use crate::domain::cluster::{ContainerInsights, CreateClusterSpec, DeletePrecheck};
use crate::domain::namespace::NewNamespace;
use crate::model::cluster::RegionClusters;
use crate::model::cluster::{AutoScalingGroupSummary, CreatedCluster};
use crate::model::iam::Role;
use crate::model::logs::{LogSource, Resolution, TailOptions, TailUpdate};
use crate::model::namespace::{
    CloudMapService, EcsServiceRef, EcsServicesSource, Namespace, VpcSummary,
};
use crate::model::network::{SecurityGroup, Subnet, TargetGroup};
use crate::model::profile::ProfileSummary;
use crate::model::service::{Autoscaling, NewService, Service, ServiceUpdate};
use crate::model::task::{ContainerInstance, DesiredStatus, NewTask, Task};
use crate::model::task_definition::{FamilyFilter, FamilySummaryResult, ServiceUsage};
use crate::model::{AwsError, Cluster, Identity, RevisionRef, StrategyItem, TaskDefinition};

/// One screen instance on the navigation stack (ids are never reused in a session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScreenId(pub u64);

/// Who started a piece of work and receives its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    /// The app itself (the account in the header): not tied to a screen.
    App,
    /// A screen: its work is cancelled when it leaves the stack, and late outcomes are dropped.
    Screen(ScreenId),
}

/// Names one piece of work: its id (unique in the session) and its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    pub id: u64,
    pub owner: Owner,
}

/// What `update` asks the app loop and the runner to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Start `job` on its own task; it answers with `Action::Done { ticket, .. }` (once, or several
    /// times for work that reports progress).
    Run { ticket: Ticket, job: Job },
    /// Abort everything `owner` started that is still running.
    CancelOwner(Owner),
    /// Abort one piece of work (a reload replaced it).
    CancelTicket(u64),
    /// Use these clients (and this profile in hints) for every job from now on: a profile or
    /// region switch. Jobs already running finish with the clients they started with.
    UseClients {
        clients: SharedClients,
        profile: Option<String>,
    },
    /// Put `text` on the clipboard with OSC 52 (the app loop writes it; works over SSH).
    Clipboard { text: String },
    /// Suspend the UI and run `session-manager-plugin` (an ECS Exec shell) in the terminal;
    /// answers `Outcome::PluginEnded` once it exits.
    RunPlugin {
        ticket: Ticket,
        program: String,
        /// Holds the session's token: nothing logs this effect's `Debug` (the runner names its
        /// kind only).
        args: Vec<String>,
        /// What runs, for messages ("a shell in web").
        what: String,
    },
    /// Suspend the UI and edit `text` in $VISUAL/$EDITOR; answers `Outcome::Edited`.
    EditText {
        ticket: Ticket,
        family: String,
        /// The revision the edit starts from.
        base_arn: String,
        text: String,
    },
}

impl Effect {
    /// Effects the app loop runs itself because they need the terminal.
    pub fn needs_terminal(&self) -> bool {
        matches!(
            self,
            Effect::EditText { .. } | Effect::Clipboard { .. } | Effect::RunPlugin { .. }
        )
    }
}

/// The work itself: one async function each in `app::jobs`.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    Identity,
    Clusters,
    Cluster {
        cluster: String,
    },
    /// A cluster's services, described (for the cluster page and `:services`).
    Services {
        cluster: String,
    },
    /// One service, described (its page).
    Service {
        cluster: String,
        service: String,
    },
    /// A service's Application Auto Scaling target and policies.
    Autoscaling {
        cluster: String,
        service: String,
    },
    /// Tasks of a cluster, or of one of its services, RUNNING or STOPPED.
    Tasks {
        cluster: String,
        service: Option<String>,
        status: DesiredStatus,
    },
    Task {
        cluster: String,
        task: String,
    },
    ContainerInstances {
        cluster: String,
    },
    /// ACTIVE revisions of a family (the update-service revision picker).
    ActiveRevisions {
        family: String,
    },
    /// The CloudWatch streams of a service's tasks or of one task, from their own task definitions.
    LogSources {
        cluster: String,
        service: Option<String>,
        task: Option<String>,
    },
    /// A long-lived log tail: answers `Outcome::Tail` until cancelled.
    TailLogs {
        sources: Vec<LogSource>,
        options: TailOptions,
    },
    Namespaces,
    NamespaceServices {
        namespace_id: String,
    },
    NamespaceEcsServices {
        namespace: Box<Namespace>,
        cluster_arns: Vec<String>,
    },
    Families {
        status: FamilyFilter,
        prefix: Option<String>,
    },
    Revisions {
        family: String,
    },
    DescribeTaskDefs {
        arns: Vec<String>,
    },
    /// Latest revision, ACTIVE count and launch types of these families.
    SummarizeFamilies {
        families: Vec<String>,
    },
    /// Which services use these revisions (the quick deregister path).
    FindServiceUsage {
        arns: Vec<String>,
    },
    Roles,
    AutoScalingGroups,
    Vpcs,
    /// Subnets of a VPC (the region's without one), for the awsvpc pickers.
    Subnets {
        vpc: Option<String>,
    },
    /// Security groups of a VPC (the region's without one).
    SecurityGroups {
        vpc: Option<String>,
    },
    /// The region's ELBv2 target groups (the create-service load balancer picker).
    TargetGroups,
    DeletePrecheck {
        cluster: String,
    },
    /// The named profiles of the shared AWS config and credentials files.
    Profiles,
    /// Builds clients for `profile` (`None`: the current one) in `region` (`None`: a new
    /// profile's own region, else the current one), remembers the choice, answers `Switched`.
    Switch {
        profile: Option<String>,
        region: Option<String>,
    },
    /// Saves the profile and region as the next start's (`last-used.toml`).
    Remember {
        profile: Option<String>,
        region: String,
    },
    /// The clusters of every region (`regions`, or the account's enabled ones): answers
    /// `OverviewRegions`, then `OverviewRegion` per region as each finishes, then `OverviewDone`.
    Overview {
        regions: Option<Vec<String>>,
    },
    /// ECS Exec: checks the plugin is installed, calls ExecuteCommand on `container` and answers
    /// `ExecReady` with the plugin's command line (`target` is the container's SSM target).
    Exec {
        cluster: String,
        task: String,
        container: String,
        target: String,
    },
    /// Port forwarding: StartSession with the port forwarding document, then the plugin in the
    /// background; answers `Forwarding` once it listens and `ForwardEnded` when it stops. Cancel
    /// it to close the session (the plugin is killed and the session terminated).
    PortForward {
        target: String,
        container: String,
        remote: u16,
        local: u16,
    },
    /// Findings of every ACTIVE revision: answers `FindingsSoFar` per chunk, then `Findings`.
    Findings,
    /// One node of the resource tree (`node` is the tree's own index, echoed in the answer).
    TreeLookup {
        node: usize,
        lookup: crate::model::resources::Lookup,
    },
    /// Wait, then answer `Outcome::RefreshDue`.
    Sleep {
        after: Duration,
    },
    /// Write to a new file (never overwriting one).
    SaveFile {
        path: String,
        contents: String,
    },
    DeregisterTaskDefs {
        arns: Vec<String>,
    },
    DeleteTaskDefs {
        arns: Vec<String>,
    },
    /// Register edited JSON as a new revision of `family`.
    RegisterTaskDefinition {
        family: String,
        json: serde_json::Value,
    },
    /// Create the log groups (when missing), then register the wizard's JSON.
    SubmitTaskDefinition {
        json: serde_json::Value,
        log_groups: Vec<(String, String)>,
    },
    CreateCluster {
        spec: Box<CreateClusterSpec>,
    },
    CreateNamespace {
        spec: Box<NewNamespace>,
    },
    /// A change to an existing cluster or namespace.
    Change(Change),
    /// UpdateService with only what is set.
    UpdateService(Box<ServiceUpdate>),
    /// Scale to 0 (when needed), then DeleteService.
    DeleteService {
        cluster: String,
        service: String,
    },
    /// StopTask with the operator's reason (recorded in the task).
    StopTask {
        cluster: String,
        task: String,
        reason: String,
    },
    /// CreateService with the wizard's request.
    CreateService(Box<NewService>),
    /// RunTask with the wizard's request.
    RunTask(Box<NewTask>),
}

/// A change to an existing cluster or namespace: typed, so its outcome needs no parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    DeleteCluster {
        cluster: String,
    },
    Insights {
        cluster: String,
        value: ContainerInsights,
    },
    DefaultNamespace {
        cluster: String,
        /// The namespace's ARN (or name), `None` to clear it.
        namespace: Option<String>,
    },
    DeleteNamespace {
        id: String,
        name: String,
    },
    CapacityProviders {
        cluster: String,
        providers: Vec<String>,
        strategy: Vec<StrategyItem>,
    },
}

impl Change {
    /// What it does, for messages ("delete cluster web").
    pub fn describe(&self) -> String {
        match self {
            Change::DeleteCluster { cluster } => format!("delete cluster {cluster}"),
            Change::Insights { cluster, .. } => format!("change Container Insights of {cluster}"),
            Change::DefaultNamespace { cluster, .. } => {
                format!("change the default namespace of {cluster}")
            }
            Change::DeleteNamespace { name, .. } => format!("delete namespace {name}"),
            Change::CapacityProviders { cluster, .. } => {
                format!("change the capacity providers of {cluster}")
            }
        }
    }

    /// What happened once it succeeded ("deleted cluster web").
    pub fn done(&self) -> String {
        match self {
            Change::DeleteCluster { cluster } => format!("deleted cluster {cluster}"),
            Change::Insights { cluster, value } => {
                format!("Container Insights of {cluster} is now {}", value.as_api())
            }
            Change::DefaultNamespace { cluster, namespace } => match namespace {
                Some(ns) => format!("the default namespace of {cluster} is now {ns}"),
                None => format!("{cluster} has no default namespace now"),
            },
            Change::DeleteNamespace { name, .. } => format!("deleted namespace {name}"),
            Change::CapacityProviders {
                cluster, providers, ..
            } => format!("capacity providers of {cluster}: {}", providers.join(", ")),
        }
    }
}

impl Job {
    /// Whether this job changes anything in AWS; `--read-only` refuses these in the runner.
    pub fn is_mutating(&self) -> bool {
        // Listed one by one so a new job must be classified here.
        match self {
            Job::Identity
            | Job::Clusters
            | Job::Cluster { .. }
            | Job::Services { .. }
            | Job::Service { .. }
            | Job::Autoscaling { .. }
            | Job::Tasks { .. }
            | Job::Task { .. }
            | Job::ContainerInstances { .. }
            | Job::ActiveRevisions { .. }
            | Job::LogSources { .. }
            | Job::TailLogs { .. }
            | Job::Namespaces
            | Job::NamespaceServices { .. }
            | Job::NamespaceEcsServices { .. }
            | Job::Families { .. }
            | Job::Revisions { .. }
            | Job::DescribeTaskDefs { .. }
            | Job::SummarizeFamilies { .. }
            | Job::FindServiceUsage { .. }
            | Job::Roles
            | Job::AutoScalingGroups
            | Job::Vpcs
            | Job::Subnets { .. }
            | Job::SecurityGroups { .. }
            | Job::TargetGroups
            | Job::DeletePrecheck { .. }
            | Job::Sleep { .. }
            | Job::SaveFile { .. }
            | Job::Profiles
            | Job::Switch { .. }
            | Job::Overview { .. }
            // Forwarding a port changes nothing by itself (what is sent through it is the
            // operator's business, as with any connection).
            | Job::PortForward { .. }
            | Job::TreeLookup { .. }
            | Job::Findings
            | Job::Remember { .. } => false,
            // A shell can change anything in the container.
            Job::Exec { .. } => true,
            Job::DeregisterTaskDefs { .. }
            | Job::DeleteTaskDefs { .. }
            | Job::RegisterTaskDefinition { .. }
            | Job::SubmitTaskDefinition { .. }
            | Job::CreateCluster { .. }
            | Job::CreateNamespace { .. }
            | Job::Change(_)
            | Job::UpdateService(_)
            | Job::DeleteService { .. }
            | Job::StopTask { .. }
            | Job::CreateService(_)
            | Job::RunTask(_) => true,
        }
    }

    /// A short description for messages ("deregister 2 task definition revision(s)").
    pub fn describe(&self) -> String {
        match self {
            Job::DeregisterTaskDefs { arns } => {
                format!("deregister {} task definition revision(s)", arns.len())
            }
            Job::DeleteTaskDefs { arns } => {
                format!("delete {} task definition revision(s)", arns.len())
            }
            Job::RegisterTaskDefinition { family, .. } => {
                format!("register a new revision of {family}")
            }
            Job::SubmitTaskDefinition { .. } => "register a task definition".to_string(),
            Job::CreateCluster { spec } => format!("create cluster {}", spec.name),
            Job::CreateNamespace { spec } => format!("create namespace {}", spec.name),
            Job::Change(change) => change.describe(),
            Job::UpdateService(u) => format!("update service {}", u.service),
            Job::DeleteService { service, .. } => format!("delete service {service}"),
            Job::StopTask { task, .. } => {
                format!("stop task {}", crate::model::task::task_id(task))
            }
            Job::CreateService(spec) => format!("create service {}", spec.name),
            Job::RunTask(spec) => format!("run {} task(s) of {}", spec.count, spec.task_definition),
            Job::Exec { container, .. } => {
                format!("open a shell in container {container} (ECS Exec)")
            }
            other => format!("{other:?}"),
        }
    }
}

/// The ECS services attached to a namespace and how the list was built.
pub type EcsServicesInNamespace = (Vec<EcsServiceRef>, EcsServicesSource);

/// What RunTask started, and its `failures` as `arn: reason` lines.
pub type StartedTasks = (Vec<Task>, Vec<String>);

/// Per-item results of a bulk call, by ARN.
pub type PerItem<T> = Vec<(String, Result<T, AwsError>)>;

/// What a job answered, typed.
#[derive(Debug, Clone)]
pub enum Outcome {
    Identity(Result<Identity, AwsError>),
    Clusters(Result<Vec<Cluster>, AwsError>),
    /// Clusters described so far by the `Clusters` job (one chunk; the final `Clusters` answer
    /// has them all).
    ClustersSoFar(Vec<Cluster>),
    Cluster(Result<Box<Cluster>, AwsError>),
    Services(Result<Vec<Service>, AwsError>),
    /// Services described so far by the `Services` job (one chunk, in list order; the final
    /// `Services` answer has them all, sorted).
    ServicesSoFar(Vec<Service>),
    Service(Result<Box<Service>, AwsError>),
    Autoscaling(Result<Option<Autoscaling>, AwsError>),
    Tasks(Result<Vec<Task>, AwsError>),
    /// Tasks described so far by the `Tasks` job (one chunk; the final `Tasks` answer has them
    /// all).
    TasksSoFar(Vec<Task>),
    Task(Result<Box<Task>, AwsError>),
    ContainerInstances(Result<Vec<ContainerInstance>, AwsError>),
    ActiveRevisions(Result<Vec<RevisionRef>, AwsError>),
    LogSources(Result<Resolution, AwsError>),
    /// A log tail moved on (many of these per tail).
    Tail(TailUpdate),
    /// A log tail ended (it was not following).
    TailEnded,
    /// UpdateService answered with the service as it now is.
    ServiceUpdated(Result<Box<Service>, AwsError>),
    ServiceDeleted {
        service: String,
        result: Result<(), AwsError>,
    },
    TaskStopped(Result<Box<Task>, AwsError>),
    Namespaces(Result<Vec<Namespace>, AwsError>),
    NamespaceServices(Result<Vec<CloudMapService>, AwsError>),
    NamespaceEcsServices(Result<EcsServicesInNamespace, AwsError>),
    Families(Result<Vec<String>, AwsError>),
    Revisions(Result<Vec<RevisionRef>, AwsError>),
    /// One ListTaskDefinitions page of the `Revisions` job (the final `Revisions` answer has them
    /// all).
    RevisionsSoFar(Vec<RevisionRef>),
    Described(PerItem<TaskDefinition>),
    Summarized(Vec<(String, FamilySummaryResult)>),
    ServiceUsage(Result<ServiceUsage, AwsError>),
    Roles(Result<Vec<Role>, AwsError>),
    AutoScalingGroups(Result<Vec<AutoScalingGroupSummary>, AwsError>),
    Vpcs(Result<Vec<VpcSummary>, AwsError>),
    /// The subnets of `vpc` (the VPC asked, so a late answer for another one is dropped).
    Subnets {
        vpc: Option<String>,
        result: Result<Vec<Subnet>, AwsError>,
    },
    SecurityGroups {
        vpc: Option<String>,
        result: Result<Vec<SecurityGroup>, AwsError>,
    },
    TargetGroups(Result<Vec<TargetGroup>, AwsError>),
    /// CreateService answered with the new service.
    ServiceCreated(Result<Box<Service>, AwsError>),
    /// RunTask answered: the tasks started and its failures.
    TasksStarted(Result<StartedTasks, AwsError>),
    Precheck {
        cluster: String,
        result: Result<DeletePrecheck, AwsError>,
    },
    /// A scheduled refresh is due.
    RefreshDue,
    Saved {
        path: String,
        result: Result<(), String>,
    },
    Deregistered(PerItem<()>),
    Deleted(PerItem<()>),
    /// An edited revision was registered (or why not).
    Registered {
        family: String,
        result: Result<Box<TaskDefinition>, AwsError>,
    },
    /// The wizard's revision was registered (or why not).
    Submitted(Result<Box<TaskDefinition>, AwsError>),
    /// One step of a create run moved on (step number from 1, and how it stands).
    Progress {
        step: usize,
        line: String,
    },
    ClusterCreated(Result<Box<CreatedCluster>, AwsError>),
    NamespaceCreated(Result<Box<Namespace>, AwsError>),
    /// A change finished: a note (e.g. which API was used) or the failure.
    Changed {
        change: Change,
        result: Result<Option<String>, AwsError>,
    },
    /// $EDITOR closed: the saved text, or why it could not run.
    Edited {
        family: String,
        base_arn: String,
        result: Result<String, String>,
    },
    /// The runner refused a mutating job under --read-only.
    Blocked {
        what: String,
    },
    /// The named profiles of the shared AWS files.
    Profiles(Result<Vec<ProfileSummary>, AwsError>),
    /// Clients for another profile or region are ready (or why not: nothing changed then).
    Switched(Result<Switched, String>),
    /// The last profile and region were saved.
    Remembered,
    /// The regions the overview lists, and why they are these (a fallback list, say).
    OverviewRegions {
        regions: Vec<String>,
        note: Option<String>,
    },
    /// One region of the overview answered.
    OverviewRegion(RegionClusters),
    /// Every region of the overview answered.
    OverviewDone,
    /// ExecuteCommand opened a session: the plugin's command line (or why not).
    ExecReady {
        container: String,
        result: Result<PluginCommand, AwsError>,
    },
    /// The plugin (an exec shell) exited: how, or why it could not run.
    PluginEnded(Result<String, String>),
    /// Port forwarding listens on `local`.
    Forwarding {
        local: u16,
        remote: u16,
        container: String,
        session_id: String,
    },
    /// Port forwarding stopped (or never started): why.
    ForwardEnded(Result<String, AwsError>),
    /// Findings of some revisions (a chunk, in list order).
    FindingsSoFar(Vec<crate::domain::findings::RevisionFindings>),
    /// Every ACTIVE revision was checked: all of them (or why they could not be listed).
    Findings(Result<Vec<crate::domain::findings::RevisionFindings>, AwsError>),
    /// A resource tree node's lookup answered.
    TreeLookup {
        node: usize,
        result: Result<crate::model::resources::LookupAnswer, AwsError>,
    },
}

/// How to run `session-manager-plugin` for a session.
#[derive(Clone, PartialEq, Eq)]
pub struct PluginCommand {
    pub program: String,
    /// The first holds the session's token: never logged (see the `Debug` below).
    pub args: Vec<String>,
    pub session_id: String,
}

impl std::fmt::Debug for PluginCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginCommand")
            .field("program", &self.program)
            .field("session_id", &self.session_id)
            .finish_non_exhaustive()
    }
}

pub use crate::app::clients::SharedClients;

/// A profile or region switch that is ready to take effect.
#[derive(Debug, Clone)]
pub struct Switched {
    pub clients: SharedClients,
    pub profile: Option<String>,
    pub region: String,
    /// Regions chosen recently, newest first (this one included).
    pub recent_regions: Vec<String>,
    /// Something the operator must know about the new credentials (keys in the environment
    /// win over the profile's).
    pub warning: Option<String>,
}
