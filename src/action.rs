//! Every user intent and every async result, as one enum fed to `update`.

use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::aws::errors::AwsError;
use crate::aws::identity::Identity;
use crate::model::{Cluster, ServiceSummary};

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
    ServicesLoaded {
        request: u64,
        result: Result<Vec<ServiceSummary>, AwsError>,
    },
}

/// Work for the effect runner: each runs on its own task and answers with an [`Action`].
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Send `RefreshDue { generation }` after `after`.
    ScheduleRefresh {
        after: Duration,
        generation: u64,
    },
}

impl Effect {
    /// Whether this effect changes anything in AWS; `--read-only` refuses these in the runner.
    pub fn is_mutating(&self) -> bool {
        match self {
            Effect::LoadIdentity { .. }
            | Effect::LoadClusters { .. }
            | Effect::LoadCluster { .. }
            | Effect::LoadServices { .. }
            | Effect::ScheduleRefresh { .. } => false,
        }
    }
}
