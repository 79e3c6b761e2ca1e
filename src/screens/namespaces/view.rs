//! Draws the namespace list.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::NamespacesScreen;
use crate::screens::View;
use crate::widgets::remote_list::{self, RemoteList};

pub fn render_list(frame: &mut Frame, area: Rect, screen: &NamespacesScreen, view: &View) {
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: "namespaces".into(),
            extra: String::new(),
            what: "namespaces",
            data: &view.shared.namespaces,
            empty: (
                format!("No Cloud Map namespaces in {}.", view.region()),
                "Namespaces are per region and account: :region or :profile switches.",
            ),
            table: &screen.table,
            status_column: None,
        },
        view,
    );
}
