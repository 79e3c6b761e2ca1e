//! Draws the cluster list.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::ClustersScreen;
use crate::screens::View;
use crate::widgets::remote_list::{self, RemoteList};

pub fn render(frame: &mut Frame, area: Rect, screen: &ClustersScreen, view: &View) {
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: "clusters".into(),
            extra: String::new(),
            what: "clusters",
            data: &view.shared.clusters,
            empty: (
                format!("No clusters in {}.", view.region()),
                "Clusters are per region and account: :region or :profile switches.",
            ),
            table: &screen.table,
            status_column: Some(1),
        },
        view,
    );
}
