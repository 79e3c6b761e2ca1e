//! The cluster list and one cluster's detail, as table rows.

use crate::model::{Cluster, ServiceSummary};

use super::loadable::Loadable;
use super::table::{Column, TableRow, TableState};

/// Columns of the cluster list.
pub const CLUSTER_COLUMNS: &[Column] = &[
    Column::flex("NAME", 12),
    Column::text("STATUS", 8),
    Column::number("SVC", 4),
    Column::number("RUNNING", 7),
    Column::number("PENDING", 7),
    Column::number("INST", 4),
    Column::flex("CAPACITY PROVIDERS", 10),
    Column::text("INSIGHTS", 8),
];

/// Columns of a cluster's services.
pub const SERVICE_COLUMNS: &[Column] = &[
    Column::flex("SERVICE", 12),
    Column::text("STATUS", 8),
    Column::number("DESIRED", 7),
    Column::number("RUNNING", 7),
    Column::number("PENDING", 7),
    Column::text("LAUNCH", 8),
    Column::flex("TASK DEFINITION", 12),
];

/// The root view.
#[derive(Debug, Clone, Default)]
pub struct ClusterListState {
    pub data: Loadable<Vec<Cluster>>,
    pub table: TableState,
}

impl ClusterListState {
    /// One row per cluster, keyed by ARN.
    pub fn rows(&self) -> Vec<TableRow> {
        self.data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(cluster_row)
            .collect()
    }

    /// The cluster under the cursor.
    pub fn selected(&self) -> Option<&Cluster> {
        let rows = self.rows();
        let key = self.table.selected_row(&rows)?.key.clone();
        self.data.data.as_ref()?.iter().find(|c| c.arn == key)
    }
}

fn cluster_row(c: &Cluster) -> TableRow {
    TableRow {
        key: c.arn.clone(),
        cells: vec![
            c.name.clone(),
            c.status.clone(),
            c.active_services.to_string(),
            c.running_tasks.to_string(),
            c.pending_tasks.to_string(),
            c.container_instances.to_string(),
            if c.capacity_providers.is_empty() {
                "-".to_string()
            } else {
                c.capacity_providers.join(",")
            },
            c.insights_label().to_string(),
        ],
    }
}

/// One cluster's page: its settings and its services.
#[derive(Debug, Clone)]
pub struct ClusterDetailState {
    pub name: String,
    pub arn: String,
    pub cluster: Loadable<Cluster>,
    pub services: Loadable<Vec<ServiceSummary>>,
    pub table: TableState,
}

impl ClusterDetailState {
    /// A detail page seeded with what the list already knows, so it draws at once.
    pub fn from_list(cluster: &Cluster) -> Self {
        Self {
            name: cluster.name.clone(),
            arn: cluster.arn.clone(),
            cluster: Loadable {
                data: Some(cluster.clone()),
                ..Loadable::default()
            },
            services: Loadable::default(),
            table: TableState::default(),
        }
    }

    /// One row per service, keyed by ARN.
    pub fn rows(&self) -> Vec<TableRow> {
        self.services
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|s| TableRow {
                key: s.arn.clone(),
                cells: vec![
                    s.name.clone(),
                    s.status.clone(),
                    s.desired.to_string(),
                    s.running.to_string(),
                    s.pending.to_string(),
                    s.launch_type.clone(),
                    s.task_definition.clone(),
                ],
            })
            .collect()
    }
}
