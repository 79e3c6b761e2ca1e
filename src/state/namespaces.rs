//! The Cloud Map namespace list and one namespace's detail, as table rows.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::aws::namespaces::clusters_using;
use crate::model::Cluster;
use crate::model::namespace::{CloudMapService, EcsServiceRef, EcsServicesSource, Namespace};

use super::loadable::Loadable;
use super::table::{Column, TableRow, TableState};

/// Columns of the namespace list. The fixed ones plus the flexible minimums fill exactly the 78
/// cells inside an 80-column frame, so there DESCRIPTION (also on the detail page) gets no room
/// and NAME and DEFAULT FOR get all of it; wider terminals share the extra room among the three.
/// Ids are `ns-` plus 16 characters on AWS.
pub const NAMESPACE_COLUMNS: &[Column] = &[
    Column::flex("NAME", 14),
    Column::text("ID", 19),
    Column::text("TYPE", 11),
    Column::text("CREATED", 10),
    Column::number("SVC", 4),
    Column::flex("DEFAULT FOR", 14),
    Column::flex("DESCRIPTION", 0),
];

/// Columns of a namespace's Cloud Map services.
pub const CLOUD_MAP_SERVICE_COLUMNS: &[Column] = &[
    Column::flex("SERVICE", 12),
    Column::text("ID", 20),
    Column::text("TYPE", 8),
    Column::number("INSTANCES", 9),
    Column::text("CREATED", 10),
    Column::flex("DESCRIPTION", 10),
];

/// The namespace list.
#[derive(Debug, Clone, Default)]
pub struct NamespaceListState {
    pub data: Loadable<Vec<Namespace>>,
    pub table: TableState,
}

impl NamespaceListState {
    /// One row per namespace, keyed by ARN. `clusters` fills DEFAULT FOR.
    pub fn rows(&self, clusters: &[Cluster]) -> Vec<TableRow> {
        self.data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|ns| namespace_row(ns, clusters))
            .collect()
    }

    /// The namespace under the cursor. Needs the clusters because the filter also matches
    /// DEFAULT FOR.
    pub fn selected(&self, clusters: &[Cluster]) -> Option<&Namespace> {
        let rows = self.rows(clusters);
        let key = self.table.selected_row(&rows)?.key.clone();
        self.data.data.as_ref()?.iter().find(|n| n.arn == key)
    }
}

fn namespace_row(ns: &Namespace, clusters: &[Cluster]) -> TableRow {
    TableRow {
        key: ns.arn.clone(),
        cells: vec![
            ns.name.clone(),
            ns.id.clone(),
            ns.kind.label().to_string(),
            ns.created.map_or_else(|| "-".to_string(), utc_date),
            ns.service_count
                .map_or_else(|| "-".to_string(), |n| n.to_string()),
            default_for(&ns.arn, clusters),
            ns.description.clone().unwrap_or_else(|| "-".to_string()),
        ],
    }
}

/// Cluster names whose default namespace this is, comma-separated, or `-`.
pub fn default_for(namespace_arn: &str, clusters: &[Cluster]) -> String {
    let names = clusters_using(namespace_arn, clusters);
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(", ")
    }
}

/// The ECS services attached to a namespace and how the list was built.
pub type EcsServicesInNamespace = (Vec<EcsServiceRef>, EcsServicesSource);

/// One namespace's page: its summary, its Cloud Map services, and the ECS services using it.
#[derive(Debug, Clone)]
pub struct NamespaceDetailState {
    /// From the list: ListNamespaces already says everything the page shows about it.
    pub namespace: Namespace,
    pub services: Loadable<Vec<CloudMapService>>,
    pub ecs_services: Loadable<EcsServicesInNamespace>,
    pub table: TableState,
}

impl NamespaceDetailState {
    /// A detail page for a namespace picked in the list; both collections still to load.
    pub fn new(namespace: Namespace) -> Self {
        Self {
            namespace,
            services: Loadable::default(),
            ecs_services: Loadable::default(),
            table: TableState::default(),
        }
    }

    /// One row per Cloud Map service, keyed by ARN (the id when a summary lacks it).
    pub fn rows(&self) -> Vec<TableRow> {
        self.services
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|s| TableRow {
                key: service_key(s).to_string(),
                cells: vec![
                    s.name.clone(),
                    s.id.clone(),
                    s.kind.clone().unwrap_or_else(|| "-".to_string()),
                    s.instance_count
                        .map_or_else(|| "-".to_string(), |n| n.to_string()),
                    s.created.map_or_else(|| "-".to_string(), utc_date),
                    s.description.clone().unwrap_or_else(|| "-".to_string()),
                ],
            })
            .collect()
    }

    /// The Cloud Map service under the cursor.
    pub fn selected(&self) -> Option<&CloudMapService> {
        let rows = self.rows();
        let key = self.table.selected_row(&rows)?.key.clone();
        self.services
            .data
            .as_ref()?
            .iter()
            .find(|s| service_key(s) == key)
    }
}

fn service_key(s: &CloudMapService) -> &str {
    if s.arn.is_empty() { &s.id } else { &s.arn }
}

/// `YYYY-MM-DD` in UTC, so it needs no time zone database.
pub fn utc_date(at: SystemTime) -> String {
    let (y, m, d) = civil_from_days(unix_secs(at).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SSZ` in UTC.
pub fn utc_date_time(at: SystemTime) -> String {
    let secs = unix_secs(at);
    let day = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}Z",
        utc_date(at),
        day / 3600,
        (day % 3600) / 60,
        day % 60
    )
}

fn unix_secs(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| s.saturating_neg())
        }
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day): Howard Hinnant's
/// `civil_from_days`, exact for every day an AWS timestamp can name.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe
        .saturating_add(era.saturating_mul(400))
        .saturating_add(i64::from(month <= 2));
    // Both are within 1..=31 and 1..=12 by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::namespace::NamespaceKind;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc_date(at(0)), "1970-01-01");
        assert_eq!(utc_date_time(at(1_764_085_815)), "2025-11-25 15:50:15Z");
        // Leap day, and the last second of a leap year.
        assert_eq!(utc_date(at(1_709_164_800)), "2024-02-29");
        assert_eq!(utc_date_time(at(1_735_689_599)), "2024-12-31 23:59:59Z");
        assert_eq!(utc_date(at(951_782_400)), "2000-02-29");
        assert_eq!(
            utc_date_time(UNIX_EPOCH - Duration::from_secs(1)),
            "1969-12-31 23:59:59Z"
        );
    }

    #[test]
    fn rows_show_default_for_and_dashes_for_missing_values() {
        let mut http = Namespace::named("shop.local", NamespaceKind::Http);
        http.created = Some(at(1_764_085_815));
        http.service_count = Some(2);
        http.description = Some("shop".into());
        let dns = Namespace::named("corp", NamespaceKind::DnsPrivate);
        let mut staging = Cluster::named("staging");
        staging.default_namespace = Some(http.arn.clone());
        let mut dev = Cluster::named("dev");
        dev.default_namespace = Some(http.arn.clone());
        let list = NamespaceListState {
            data: Loadable {
                data: Some(vec![http.clone(), dns.clone()]),
                ..Loadable::default()
            },
            table: TableState::default(),
        };
        let rows = list.rows(&[staging.clone(), dev.clone()]);
        assert_eq!(rows[0].key, http.arn);
        assert_eq!(
            rows[0].cells,
            [
                "shop.local",
                "ns-shop.local",
                "HTTP",
                "2025-11-25",
                "2",
                "dev, staging",
                "shop"
            ]
        );
        assert_eq!(
            rows[1].cells,
            ["corp", "ns-corp", "DNS private", "-", "-", "-", "-"]
        );
        assert_eq!(rows[0].cells.len(), NAMESPACE_COLUMNS.len());
        assert_eq!(list.selected(&[]).map(|n| &n.name), Some(&http.name));
    }

    #[test]
    fn the_filter_matches_default_for_and_selection_follows_it() {
        let http = Namespace::named("shop.local", NamespaceKind::Http);
        let dns = Namespace::named("corp", NamespaceKind::DnsPrivate);
        let mut staging = Cluster::named("staging");
        staging.default_namespace = Some(dns.arn.clone());
        let mut list = NamespaceListState::default();
        list.data.data = Some(vec![http, dns.clone()]);
        list.table.filter = "stag".into();
        let clusters = [staging];
        list.table.reconcile(&list.rows(&clusters));
        assert_eq!(list.selected(&clusters).map(|n| &n.arn), Some(&dns.arn));
    }

    #[test]
    fn detail_rows_are_the_cloud_map_services() {
        let mut d = NamespaceDetailState::new(Namespace::named("shop", NamespaceKind::Http));
        assert!(d.rows().is_empty());
        d.services.data = Some(vec![
            CloudMapService {
                id: "srv-1".into(),
                arn: "arn:srv-1".into(),
                name: "web".into(),
                kind: Some("HTTP".into()),
                description: None,
                instance_count: Some(3),
                created: Some(at(0)),
            },
            CloudMapService {
                id: "srv-2".into(),
                arn: String::new(),
                name: "api".into(),
                kind: None,
                description: Some("api".into()),
                instance_count: None,
                created: None,
            },
        ]);
        let rows = d.rows();
        assert_eq!(
            rows[0].cells,
            ["web", "srv-1", "HTTP", "3", "1970-01-01", "-"]
        );
        assert_eq!(rows[1].key, "srv-2", "the id keys a service without an ARN");
        assert_eq!(rows[1].cells.len(), CLOUD_MAP_SERVICE_COLUMNS.len());
        d.table.move_by(&rows, 1);
        assert_eq!(d.selected().map(|s| s.name.as_str()), Some("api"));
    }
}
