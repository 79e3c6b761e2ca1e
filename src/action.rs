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
    /// Send `RefreshDue { generation }` after `after`.
    ScheduleRefresh {
        after: Duration,
        generation: u64,
    },
}

impl Effect {
    /// A short description for messages ("deregister 2 task definitions").
    pub fn describe(&self) -> String {
        match self {
            Effect::DeregisterTaskDefs { arns } => {
                format!("deregister {} task definition revision(s)", arns.len())
            }
            Effect::DeleteTaskDefs { arns } => {
                format!("delete {} task definition revision(s)", arns.len())
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
            | Effect::ScheduleRefresh { .. } => false,
            Effect::DeregisterTaskDefs { .. } | Effect::DeleteTaskDefs { .. } => true,
        }
    }
}
