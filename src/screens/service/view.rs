//! Draws a service's page.

use crate::widgets::format::count;
use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::ServiceScreen;
use crate::domain::stop_reasons;
use crate::model::service::{Autoscaling, Service, revision_label};
use crate::screens::View;
use crate::widgets::format::{ago, utc_date_time};
use crate::widgets::page::{self, Page};
use crate::widgets::theme::Theme;
use crate::widgets::{list_block, phase};

/// Width of the field names.
const LABEL: usize = 18;

pub fn render(frame: &mut Frame, area: Rect, screen: &ServiceScreen, view: &View) {
    let theme = view.theme;
    let Some(service) = &screen.service.data else {
        let block = list_block(
            format!("service {}", screen.name),
            &screen.service,
            view.now(),
            theme,
            area.width,
        );
        if screen.service.error.is_some() && !screen.service.is_loading() {
            phase::failed(
                frame,
                area,
                block,
                "the service",
                screen.service.error.as_ref(),
                &view.retry_key(),
                theme,
            );
        } else {
            phase::loading(
                frame,
                area,
                block,
                "the service",
                screen.service.in_flight,
                view.now(),
                theme,
            );
        }
        return;
    };
    let now = SystemTime::now();
    let lines = page_lines(
        service,
        &screen.autoscaling,
        now,
        area.width.saturating_sub(2),
        theme,
    );
    let mut title = vec![Span::styled(
        format!(" service {} ", service.name),
        theme.title(),
    )];
    if screen.deploying() {
        title.push(Span::styled(" following the deployment ", theme.warning()));
    }
    let right = match (&screen.service.error, screen.service.in_flight) {
        (Some(_), _) => Some(Line::styled(" refresh failed ", theme.error())),
        (None, Some(_)) => Some(Line::styled(" refreshing ", theme.dim())),
        (None, None) => screen.service.loaded_at.map(|at| {
            Line::styled(
                format!(" updated {} ", crate::widgets::format::clock(at)),
                theme.dim(),
            )
        }),
    };
    page::render(
        frame,
        area,
        Line::from(title),
        right,
        lines,
        &screen.scroll,
        theme,
    );
}

/// The page's lines at `width` columns.
pub fn page_lines(
    s: &Service,
    autoscaling: &crate::state::Loadable<Option<Autoscaling>>,
    now: SystemTime,
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut p = Page::new(width, LABEL, theme);
    p.field_styled("status", &s.status, theme.status(&s.status));
    let health = if s.running < s.desired {
        theme.warning()
    } else {
        Style::default()
    };
    p.field_styled(
        "tasks",
        &format!(
            "{} running / {} desired / {} pending",
            count(s.running),
            count(s.desired),
            count(s.pending)
        ),
        health,
    );
    p.field("task definition", &s.revision_label());
    let mut capacity = s.capacity_label();
    if let Some(pv) = &s.platform_version {
        capacity.push_str(&format!(" (platform {pv})"));
    }
    p.field("capacity", &capacity);
    p.field(
        "ECS Exec",
        if s.enable_execute_command {
            "on"
        } else {
            "off"
        },
    );
    p.field("arn", &s.arn);
    if let Some(at) = s.created_at {
        let by = s
            .created_by
            .as_deref()
            .map(|b| format!(" by {b}"))
            .unwrap_or_default();
        p.field("created", &format!("{}{by}", utc_date_time(at)));
    }

    p.heading("Deployments");
    let config = &s.deployment_config;
    p.field(
        "settings",
        &format!(
            "{} controller · min {} · max {} · circuit breaker {}{}",
            if s.deployment_controller.is_empty() {
                "ECS"
            } else {
                &s.deployment_controller
            },
            config
                .minimum_healthy_percent
                .map_or("-".to_string(), |v| format!("{v}%")),
            config
                .maximum_percent
                .map_or("-".to_string(), |v| format!("{v}%")),
            if config.circuit_breaker { "on" } else { "off" },
            if config.rollback {
                " with rollback"
            } else {
                ""
            }
        ),
    );
    if s.deployments.is_empty() {
        p.text(2, "none", theme.dim());
    }
    for d in &s.deployments {
        let rollout = d.rollout_state.as_deref().unwrap_or("-");
        let style = theme.status(rollout);
        p.line(Line::from(vec![
            Span::styled(format!("  {:<8}", d.status), theme.dim()),
            Span::raw(format!("{}  ", revision_label(&d.task_definition))),
            Span::styled(rollout.to_string(), style),
            Span::raw(format!(
                "  {}/{} running, {} pending, {} failed",
                count(d.running),
                count(d.desired),
                count(d.pending),
                count(d.failed)
            )),
            Span::styled(format!("  {}", ago(now, d.created_at)), theme.dim()),
        ]));
        if let Some(reason) = &d.rollout_state_reason {
            p.text(4, reason, style);
            if rollout == "FAILED"
                && let Some(why) = stop_reasons::explain_text(reason)
            {
                p.text(
                    4,
                    &format!("why: {} — {}", why.title, why.fix),
                    theme.warning(),
                );
            }
        }
    }

    p.heading(&format!("Events ({}, newest first)", s.events.len()));
    if s.events.is_empty() {
        p.text(2, "none yet", theme.dim());
    }
    for e in &s.events {
        p.text(
            2,
            &format!("{:>9}  {}", ago(now, e.created_at), e.message),
            Style::default(),
        );
        if let Some(why) = stop_reasons::explain_text(&e.message)
            && why.id != "replaced"
        {
            p.text(
                13,
                &format!("why: {} — {}", why.title, why.fix),
                theme.warning(),
            );
        }
    }

    p.heading("Load balancers");
    if s.load_balancers.is_empty() {
        p.text(2, "none", theme.dim());
    }
    for lb in &s.load_balancers {
        let target = lb
            .target_group_arn
            .clone()
            .or_else(|| lb.load_balancer_name.clone())
            .unwrap_or_else(|| "-".into());
        p.field(
            &format!(
                "  {}:{}",
                lb.container_name.as_deref().unwrap_or("-"),
                lb.container_port.map_or("-".to_string(), |v| v.to_string())
            ),
            &target,
        );
    }

    p.heading("Network");
    match &s.network {
        Some(n) => {
            p.field("subnets", &join_or_dash(&n.subnets));
            p.field("security groups", &join_or_dash(&n.security_groups));
            p.field("public IP", n.assign_public_ip.as_deref().unwrap_or("-"));
        }
        None => p.text(
            2,
            "no awsvpc configuration (bridge, host or none)",
            theme.dim(),
        ),
    }

    p.heading("Service Connect");
    match &s.service_connect {
        Some(sc) if sc.enabled => {
            p.field("namespace", sc.namespace.as_deref().unwrap_or("-"));
            for line in &sc.services {
                p.text(2, line, Style::default());
            }
        }
        _ => p.text(2, "off", theme.dim()),
    }

    p.heading("Placement");
    p.field("scheduling", &s.scheduling_strategy);
    for line in &s.placement {
        p.text(2, line, Style::default());
    }
    if let Some(grace) = s.health_check_grace_period {
        p.field("health grace", &format!("{grace}s"));
    }

    p.heading("Auto Scaling");
    match (&autoscaling.data, &autoscaling.error) {
        (Some(Some(a)), _) => {
            p.field(
                "capacity",
                &format!(
                    "min {} · max {}",
                    a.min.map_or("-".to_string(), |v| v.to_string()),
                    a.max.map_or("-".to_string(), |v| v.to_string())
                ),
            );
            for policy in &a.policies {
                p.text(2, policy, Style::default());
            }
        }
        (Some(None), _) => p.text(2, "no scalable target", theme.dim()),
        (None, Some(e)) => p.text(2, &format!("not readable: {e}"), theme.error()),
        (None, None) => p.text(2, "loading…", theme.dim()),
    }

    p.heading("Tags");
    if s.tags.is_empty() {
        p.text(2, "none", theme.dim());
    } else {
        let tags: Vec<String> = s.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        p.text(2, &tags.join("  "), Style::default());
    }
    p.into_lines()
}

fn join_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(", ")
    }
}
