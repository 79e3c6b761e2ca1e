//! Every user intent and every async result, as one enum fed to `update`.

use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::aws::errors::AwsError;
use crate::aws::identity::Identity;
use crate::aws::task_definitions::FamilyFilter;
use crate::model::namespace::{CloudMapService, Namespace};
use crate::model::{Cluster, RevisionRef, ServiceSummary, TaskDefinition};
use crate::state::namespaces::EcsServicesInNamespace;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key press from the terminal.
    Key(KeyEvent),
    /// The terminal was resized.
    Resize(u16, u16),
    /// Spinner tick while something is loading.
    Tick,
    /// A scheduled refresh fired; ignored unless `generation` is still the current one.
    RefreshDue { generation: u64 },
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Terminate,
    IdentityLoaded {
        request: u64,
        result: Result<Identity, AwsError>,
    },
    ClustersLoaded {
        request: u64,
        result: Result<Vec<Cluster>, AwsError>,
    },
    ClusterLoaded {
        request: u64,
        result: Result<Box<Cluster>, AwsError>,
    },
    NamespacesLoaded {
        request: u64,
        result: Result<Vec<Namespace>, AwsError>,
    },
    NamespaceServicesLoaded {
        request: u64,
        result: Result<Vec<CloudMapService>, AwsError>,
    },
    NamespaceEcsServicesLoaded {
        request: u64,
        result: Result<EcsServicesInNamespace, AwsError>,
    },
    FamiliesLoaded {
        request: u64,
        result: Result<Vec<String>, AwsError>,
    },
    RevisionsLoaded {
        request: u64,
        result: Result<Vec<RevisionRef>, AwsError>,
    },
    /// Descriptions for the cache; always useful, so not tagged with a request.
    TaskDefsDescribed {
        results: Vec<(String, Result<TaskDefinition, AwsError>)>,
    },
    Deregistered {
        results: Vec<(String, Result<(), AwsError>)>,
    },
    Deleted {
        results: Vec<(String, Result<(), AwsError>)>,
    },
    FamiliesSummarized {
        results: Vec<(String, crate::aws::task_definitions::FamilySummaryResult)>,
    },
    ServiceUsageLoaded {
        result: Result<crate::state::quick::ServiceUsage, AwsError>,
    },
    AutoScalingGroupsLoaded {
        result: Result<Vec<crate::aws::cluster_admin::AutoScalingGroupSummary>, AwsError>,
    },
    VpcsLoaded {
        result: Result<Vec<crate::aws::namespace_admin::VpcSummary>, AwsError>,
    },
    /// One step of a create run moved on (step number from 1, and how it stands).
    CreateProgress { step: usize, line: String },
    ClusterCreated {
        result: Result<Box<crate::aws::cluster_admin::CreatedCluster>, AwsError>,
    },
    NamespaceCreated {
        result: Result<Box<crate::model::namespace::Namespace>, AwsError>,
    },
    RolesLoaded {
        result: Result<Vec<crate::aws::iam::Role>, AwsError>,
    },
    /// The wizard's revision was registered (or why not).
    WizardSubmitted {
        result: Result<Box<TaskDefinition>, AwsError>,
    },
    FileSaved {
        path: String,
        result: Result<(), String>,
    },
    DeletePrecheckLoaded {
        cluster: String,
        result: Result<crate::domain::cluster::DeletePrecheck, AwsError>,
    },
    /// A cluster or namespace change finished: what it was, and a note or the failure.
    ChangeDone {
        what: String,
        result: Result<Option<String>, AwsError>,
    },
    /// A Cloud Map operation is still running.
    OperationProgress { text: String },
    /// $EDITOR closed: the saved text, or why it could not run.
    EditorClosed {
        family: String,
        result: Result<String, String>,
    },
    DraftRegistered {
        family: String,
        result: Result<Box<TaskDefinition>, AwsError>,
    },
    /// The runner refused a mutating effect under --read-only.
    MutationBlocked { what: String },
    ServicesLoaded {
        request: u64,
        result: Result<Vec<ServiceSummary>, AwsError>,
    },
}

/// Work for the effect runner: each runs on its own task and answers with an [`Action`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadIdentity {
        request: u64,
    },
    LoadClusters {
        request: u64,
    },
    LoadCluster {
        request: u64,
        cluster: String,
    },
    LoadServices {
        request: u64,
        cluster: String,
    },
    LoadNamespaces {
        request: u64,
    },
    LoadNamespaceServices {
        request: u64,
        namespace_id: String,
    },
    LoadNamespaceEcsServices {
        request: u64,
        namespace: Box<Namespace>,
        cluster_arns: Vec<String>,
    },
    LoadFamilies {
        request: u64,
        status: FamilyFilter,
        prefix: Option<String>,
    },
    LoadRevisions {
        request: u64,
        family: String,
    },
    DescribeTaskDefs {
        arns: Vec<String>,
    },
    DeregisterTaskDefs {
        arns: Vec<String>,
    },
    DeleteTaskDefs {
        arns: Vec<String>,
    },
    /// Latest revision, ACTIVE count and launch types of these families.
    SummarizeFamilies {
        families: Vec<String>,
    },
    LoadRoles,
    LoadAutoScalingGroups,
    LoadVpcs,
    CreateCluster {
        spec: Box<crate::domain::cluster::CreateClusterSpec>,
    },
    CreateNamespace {
        spec: Box<crate::aws::namespace_admin::NewNamespace>,
    },
    /// Create the log groups (when missing), then register the wizard's JSON.
    SubmitTaskDefinition {
        json: serde_json::Value,
        log_groups: Vec<(String, String)>,
    },
    /// Write the wizard's JSON to a file (never overwriting one).
    SaveFile {
        path: String,
        contents: String,
    },
    DeletePrecheck {
        cluster: String,
    },
    DeleteCluster {
        cluster: String,
    },
    UpdateInsights {
        cluster: String,
        value: crate::domain::cluster::ContainerInsights,
    },
    SetDefaultNamespace {
        cluster: String,
        namespace: Option<String>,
    },
    DeleteNamespace {
        id: String,
        name: String,
    },
    PutCapacityProviders {
        cluster: String,
        providers: Vec<String>,
        strategy: Vec<crate::model::StrategyItem>,
    },
    /// Which services use these revisions (the quick deregister path).
    FindServiceUsage {
        arns: Vec<String>,
    },
    /// Suspend the UI and edit `text` in $VISUAL/$EDITOR (run by the app loop itself).
    EditText {
        family: String,
        text: String,
    },
    /// Put `text` on the clipboard with OSC 52 (written by the app loop; works over SSH).
    Clipboard {
        text: String,
    },
    RegisterTaskDefinition {
        family: String,
        json: serde_json::Value,
    },
    /// Send `RefreshDue { generation }` after `after`.
    ScheduleRefresh {
        after: Duration,
        generation: u64,
    },
}

impl Effect {
    /// Effects the app loop runs itself because they need the terminal.
    pub fn needs_terminal(&self) -> bool {
        matches!(self, Effect::EditText { .. } | Effect::Clipboard { .. })
    }

    /// A short description for messages ("deregister 2 task definitions").
    pub fn describe(&self) -> String {
        match self {
            Effect::DeregisterTaskDefs { arns } => {
                format!("deregister {} task definition revision(s)", arns.len())
            }
            Effect::DeleteTaskDefs { arns } => {
                format!("delete {} task definition revision(s)", arns.len())
            }
            Effect::RegisterTaskDefinition { family, .. } => {
                format!("register a new revision of {family}")
            }
            Effect::DeleteCluster { cluster } => format!("delete cluster {cluster}"),
            Effect::SubmitTaskDefinition { .. } => "register a task definition".to_string(),
            Effect::CreateCluster { spec } => format!("create cluster {}", spec.name),
            Effect::CreateNamespace { spec } => format!("create namespace {}", spec.name),
            Effect::UpdateInsights { cluster, .. } => {
                format!("change Container Insights of {cluster}")
            }
            Effect::SetDefaultNamespace { cluster, .. } => {
                format!("change the default namespace of {cluster}")
            }
            Effect::DeleteNamespace { name, .. } => format!("delete namespace {name}"),
            Effect::PutCapacityProviders { cluster, .. } => {
                format!("change the capacity providers of {cluster}")
            }
            other => format!("{other:?}"),
        }
    }

    /// Whether this effect changes anything in AWS; `--read-only` refuses these in the runner.
    pub fn is_mutating(&self) -> bool {
        // Listed one by one so a new effect must be classified here.
        match self {
            Effect::LoadIdentity { .. }
            | Effect::LoadClusters { .. }
            | Effect::LoadCluster { .. }
            | Effect::LoadServices { .. }
            | Effect::LoadNamespaces { .. }
            | Effect::LoadNamespaceServices { .. }
            | Effect::LoadNamespaceEcsServices { .. }
            | Effect::LoadFamilies { .. }
            | Effect::LoadRevisions { .. }
            | Effect::DescribeTaskDefs { .. }
            | Effect::FindServiceUsage { .. }
            | Effect::SummarizeFamilies { .. }
            | Effect::DeletePrecheck { .. }
            | Effect::LoadRoles
            | Effect::LoadAutoScalingGroups
            | Effect::LoadVpcs
            | Effect::SaveFile { .. }
            | Effect::EditText { .. }
            | Effect::Clipboard { .. }
            | Effect::ScheduleRefresh { .. } => false,
            Effect::DeregisterTaskDefs { .. }
            | Effect::DeleteTaskDefs { .. }
            | Effect::RegisterTaskDefinition { .. }
            | Effect::DeleteCluster { .. }
            | Effect::SubmitTaskDefinition { .. }
            | Effect::CreateCluster { .. }
            | Effect::CreateNamespace { .. }
            | Effect::UpdateInsights { .. }
            | Effect::SetDefaultNamespace { .. }
            | Effect::DeleteNamespace { .. }
            | Effect::PutCapacityProviders { .. } => true,
        }
    }
}
