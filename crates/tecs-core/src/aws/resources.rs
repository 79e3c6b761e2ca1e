//! The resources around a service or a revision, for the resource tree: roles and their policies,
//! images in ECR, log groups, subnets and security groups, target groups and their targets' health.
//! Each lookup says whether the resource is there, missing, or not readable (with the IAM action
//! that was denied); any other failure is an error the tree shows and can retry.

use std::time::{Duration, UNIX_EPOCH};

use super::errors::classify;
use super::iam::percent_decode;
use crate::domain::findings::star_actions;
pub use crate::domain::images::{ecr_reference, ecr_registry};
pub use crate::model::resources::*;
use crate::model::{AwsError, ErrorKind};

/// Error codes that mean "no such resource" across the services the tree reads.
const MISSING_CODES: &[&str] = &[
    "NoSuchEntity",
    "ResourceNotFoundException",
    "RepositoryNotFoundException",
    "ImageNotFoundException",
    "TargetGroupNotFound",
    "InvalidGroup.NotFound",
    "InvalidSubnetID.NotFound",
    "InvalidVpcID.NotFound",
];

/// Sorts an answer into present, missing, denied (naming `action` unless the error names one),
/// or an error to show and retry.
pub fn presence<T>(result: Result<T, AwsError>, action: &str) -> Result<Presence<T>, AwsError> {
    match result {
        Ok(v) => Ok(Presence::Present(v)),
        Err(e) => match &e.kind {
            ErrorKind::AccessDenied { action: named } => Ok(Presence::Denied(
                named.clone().unwrap_or_else(|| action.to_string()),
            )),
            ErrorKind::NotFound => Ok(Presence::Missing(e.message.clone())),
            _ if e
                .code
                .as_deref()
                .is_some_and(|c| MISSING_CODES.contains(&c)) =>
            {
                Ok(Presence::Missing(e.message.clone()))
            }
            _ => Err(e),
        },
    }
}

fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The role and its attached and inline policies, with each statement summarised.
pub async fn role(iam: &aws_sdk_iam::Client, arn: &str) -> Result<Presence<RoleInfo>, AwsError> {
    let name = role_name(arn).to_string();
    let got = iam
        .get_role()
        .role_name(&name)
        .send()
        .await
        .map_err(|e| classify("GetRole", &e));
    let role = match presence(got, "iam:GetRole")? {
        Presence::Present(out) => out,
        Presence::Missing(_) => return Ok(Presence::Missing(format!("no role {name}"))),
        Presence::Denied(action) => return Ok(Presence::Denied(action)),
    };
    let mut policies = Vec::new();
    match iam
        .list_attached_role_policies()
        .role_name(&name)
        .send()
        .await
    {
        Ok(out) => {
            for p in out.attached_policies() {
                let policy_name = p.policy_name().unwrap_or_default().to_string();
                let document = match p.policy_arn() {
                    Some(policy_arn) => managed_document(iam, policy_arn).await,
                    None => Err("no ARN".to_string()),
                };
                policies.push(policy_info(policy_name, "attached", document));
            }
        }
        Err(e) => policies.push(unreadable(
            "attached policies",
            &classify("ListAttachedRolePolicies", &e),
        )),
    }
    match iam.list_role_policies().role_name(&name).send().await {
        Ok(out) => {
            for policy_name in out.policy_names() {
                let document = iam
                    .get_role_policy()
                    .role_name(&name)
                    .policy_name(policy_name)
                    .send()
                    .await
                    .map(|o| percent_decode(o.policy_document()))
                    .map_err(|e| classify("GetRolePolicy", &e).to_string());
                policies.push(policy_info(policy_name.clone(), "inline", document));
            }
        }
        Err(e) => policies.push(unreadable(
            "inline policies",
            &classify("ListRolePolicies", &e),
        )),
    }
    Ok(Presence::Present(RoleInfo {
        name,
        arn: role
            .role()
            .map(|r| r.arn().to_string())
            .unwrap_or_else(|| arn.to_string()),
        policies,
    }))
}

fn unreadable(what: &str, e: &AwsError) -> PolicyInfo {
    PolicyInfo {
        name: what.to_string(),
        kind: "?",
        statements: Vec::new(),
        star_actions: Vec::new(),
        unreadable: Some(e.to_string()),
    }
}

async fn managed_document(iam: &aws_sdk_iam::Client, arn: &str) -> Result<String, String> {
    let policy = iam
        .get_policy()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|e| classify("GetPolicy", &e).to_string())?;
    let version = policy
        .policy()
        .and_then(|p| p.default_version_id())
        .unwrap_or("v1")
        .to_string();
    let out = iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(version)
        .send()
        .await
        .map_err(|e| classify("GetPolicyVersion", &e).to_string())?;
    Ok(out
        .policy_version()
        .and_then(|v| v.document())
        .map(percent_decode)
        .unwrap_or_default())
}

fn policy_info(name: String, kind: &'static str, document: Result<String, String>) -> PolicyInfo {
    match document.map(|d| serde_json::from_str::<serde_json::Value>(&d)) {
        Ok(Ok(doc)) => PolicyInfo {
            name,
            kind,
            statements: statements(&doc),
            star_actions: star_actions(&doc),
            unreadable: None,
        },
        Ok(Err(e)) => PolicyInfo {
            name,
            kind,
            statements: Vec::new(),
            star_actions: Vec::new(),
            unreadable: Some(format!("the document is not JSON: {e}")),
        },
        Err(e) => PolicyInfo {
            name,
            kind,
            statements: Vec::new(),
            star_actions: Vec::new(),
            unreadable: Some(e),
        },
    }
}

/// `Allow a, b on r1, r2` per statement.
fn statements(doc: &serde_json::Value) -> Vec<String> {
    let list = match doc.get("Statement") {
        Some(serde_json::Value::Array(l)) => l.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    let words = |v: Option<&serde_json::Value>| -> String {
        match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(l)) => l
                .iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            _ => "-".into(),
        }
    };
    list.iter()
        .map(|s| {
            format!(
                "{} {} on {}",
                s.get("Effect").and_then(|e| e.as_str()).unwrap_or("?"),
                words(s.get("Action").or_else(|| s.get("NotAction"))),
                words(s.get("Resource").or_else(|| s.get("NotResource")))
            )
        })
        .collect()
}

/// DescribeImages for one tag (or digest) of a repository.
/// `registry` is the account id of the registry host (another account's images are looked up
/// there, when its repository policy lets this account read them).
pub async fn image(
    ecr: &aws_sdk_ecr::Client,
    registry: Option<&str>,
    repository: &str,
    tag: &str,
) -> Result<Presence<ImageInfo>, AwsError> {
    let id = if tag.starts_with("sha256:") {
        aws_sdk_ecr::types::ImageIdentifier::builder()
            .image_digest(tag)
            .build()
    } else {
        aws_sdk_ecr::types::ImageIdentifier::builder()
            .image_tag(tag)
            .build()
    };
    let out = ecr
        .describe_images()
        .set_registry_id(registry.map(str::to_string))
        .repository_name(repository)
        .image_ids(id)
        .send()
        .await
        .map_err(|e| classify("DescribeImages", &e));
    Ok(match presence(out, "ecr:DescribeImages")? {
        Presence::Present(out) => match out.image_details().first() {
            Some(d) => Presence::Present(ImageInfo {
                repository: repository.to_string(),
                tag: tag.to_string(),
                digest: d.image_digest().map(str::to_string),
                pushed_at: d.image_pushed_at().and_then(|t| {
                    u64::try_from(t.secs())
                        .ok()
                        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
                }),
                size_bytes: d.image_size_in_bytes(),
                scan: d.image_scan_findings_summary().map(|s| {
                    let counts = s.finding_severity_counts();
                    match counts {
                        Some(map) if !map.is_empty() => {
                            let mut parts: Vec<String> = map
                                .iter()
                                .map(|(k, v)| format!("{} {v}", k.as_str()))
                                .collect();
                            parts.sort();
                            parts.join(", ")
                        }
                        _ => "no findings".to_string(),
                    }
                }),
            }),
            None => Presence::Missing(format!("no image {repository}:{tag}")),
        },
        Presence::Missing(why) if why.contains("RepositoryNotFound") => {
            Presence::Missing(format!("no repository {repository} in ECR"))
        }
        Presence::Missing(_) => Presence::Missing(format!("no tag {tag} in {repository}")),
        Presence::Denied(action) => Presence::Denied(action),
    })
}

/// The log group (exact name) and when it last received an event.
pub async fn log_group(
    logs: &aws_sdk_cloudwatchlogs::Client,
    name: &str,
) -> Result<Presence<LogGroupInfo>, AwsError> {
    let out = logs
        .describe_log_groups()
        .log_group_name_prefix(name)
        .send()
        .await
        .map_err(|e| classify("DescribeLogGroups", &e));
    let out = match presence(out, "logs:DescribeLogGroups")? {
        Presence::Present(out) => out,
        Presence::Missing(why) => return Ok(Presence::Missing(why)),
        Presence::Denied(action) => return Ok(Presence::Denied(action)),
    };
    let Some(group) = out
        .log_groups()
        .iter()
        .find(|g| g.log_group_name() == Some(name))
    else {
        return Ok(Presence::Missing(format!("no log group {name}")));
    };
    // The latest stream, for "last event"; its failure only leaves that unknown.
    let last_event = logs
        .describe_log_streams()
        .log_group_name(name)
        .order_by(aws_sdk_cloudwatchlogs::types::OrderBy::LastEventTime)
        .descending(true)
        .limit(1)
        .send()
        .await
        .ok()
        .and_then(|o| {
            o.log_streams()
                .first()
                .and_then(|s| s.last_event_timestamp())
        })
        .and_then(|ms| u64::try_from(ms).ok())
        .map(|ms| UNIX_EPOCH + Duration::from_millis(ms));
    #[allow(deprecated)] // storedBytes is deprecated in the API but still the only size there is
    let stored_bytes = group.stored_bytes();
    Ok(Presence::Present(LogGroupInfo {
        name: name.to_string(),
        retention_days: group.retention_in_days(),
        stored_bytes,
        last_event,
    }))
}

/// The subnets and security groups, each present, missing or not readable.
pub async fn network(
    ec2: &aws_sdk_ec2::Client,
    subnets: &[String],
    groups: &[String],
) -> Result<Vec<(String, Presence<NetworkItem>)>, AwsError> {
    let mut out = Vec::new();
    if !subnets.is_empty() {
        // By filter, not by id: an id that is gone would fail the whole call
        // (InvalidSubnetID.NotFound) and hide the others.
        let answer = ec2
            .describe_subnets()
            .filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("subnet-id")
                    .set_values(Some(subnets.to_vec()))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("DescribeSubnets", &e));
        match presence(answer, "ec2:DescribeSubnets")? {
            Presence::Present(a) => {
                for id in subnets {
                    let found = a.subnets().iter().find(|s| s.subnet_id() == Some(id));
                    out.push((
                        id.clone(),
                        match found {
                            Some(s) => Presence::Present(NetworkItem {
                                id: id.clone(),
                                kind: "subnet",
                                summary: format!(
                                    "{} · {} · {}",
                                    s.vpc_id().unwrap_or("-"),
                                    s.availability_zone().unwrap_or("-"),
                                    s.cidr_block().unwrap_or("-")
                                ),
                                inbound: Vec::new(),
                            }),
                            None => Presence::Missing(format!("no subnet {id}")),
                        },
                    ));
                }
            }
            other => {
                for id in subnets {
                    out.push((id.clone(), same_fate(&other)));
                }
            }
        }
    }
    if !groups.is_empty() {
        let answer = ec2
            .describe_security_groups()
            .filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("group-id")
                    .set_values(Some(groups.to_vec()))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| classify("DescribeSecurityGroups", &e));
        match presence(answer, "ec2:DescribeSecurityGroups")? {
            Presence::Present(a) => {
                for id in groups {
                    let found = a
                        .security_groups()
                        .iter()
                        .find(|g| g.group_id() == Some(id));
                    out.push((
                        id.clone(),
                        match found {
                            Some(g) => Presence::Present(NetworkItem {
                                id: id.clone(),
                                kind: "security group",
                                summary: format!(
                                    "{} · {}",
                                    g.group_name().unwrap_or("-"),
                                    g.vpc_id().unwrap_or("-")
                                ),
                                inbound: g.ip_permissions().iter().flat_map(inbound_rule).collect(),
                            }),
                            None => Presence::Missing(format!("no security group {id}")),
                        },
                    ));
                }
            }
            other => {
                for id in groups {
                    out.push((id.clone(), same_fate(&other)));
                }
            }
        }
    }
    Ok(out)
}

fn same_fate<T, U>(p: &Presence<T>) -> Presence<U> {
    match p {
        Presence::Missing(why) => Presence::Missing(why.clone()),
        Presence::Denied(action) => Presence::Denied(action.clone()),
        Presence::Present(_) => Presence::Missing("not in the answer".into()),
    }
}

/// `tcp 443 from 0.0.0.0/0`, one per source.
fn inbound_rule(p: &aws_sdk_ec2::types::IpPermission) -> Vec<String> {
    let protocol = match p.ip_protocol() {
        Some("-1") | None => "all traffic".to_string(),
        Some(proto) => proto.to_string(),
    };
    let ports = match (p.from_port(), p.to_port()) {
        (Some(a), Some(b)) if a == b && a >= 0 => format!(" {a}"),
        (Some(a), Some(b)) if a >= 0 => format!(" {a}-{b}"),
        _ => String::new(),
    };
    let mut sources: Vec<String> = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip().map(str::to_string))
        .collect();
    sources.extend(
        p.ipv6_ranges()
            .iter()
            .filter_map(|r| r.cidr_ipv6().map(str::to_string)),
    );
    sources.extend(
        p.user_id_group_pairs()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string)),
    );
    sources.extend(
        p.prefix_list_ids()
            .iter()
            .filter_map(|g| g.prefix_list_id().map(str::to_string)),
    );
    if sources.is_empty() {
        sources.push("(no source)".into());
    }
    sources
        .into_iter()
        .map(|s| format!("{protocol}{ports} from {s}"))
        .collect()
}

pub async fn target_group(
    elbv2: &aws_sdk_elasticloadbalancingv2::Client,
    arn: &str,
) -> Result<Presence<TargetGroupInfo>, AwsError> {
    let out = elbv2
        .describe_target_groups()
        .target_group_arns(arn)
        .send()
        .await
        .map_err(|e| classify("DescribeTargetGroups", &e));
    let out = match presence(out, "elasticloadbalancing:DescribeTargetGroups")? {
        Presence::Present(o) => o,
        Presence::Missing(why) => return Ok(Presence::Missing(why)),
        Presence::Denied(action) => return Ok(Presence::Denied(action)),
    };
    let Some(tg) = out.target_groups().first() else {
        return Ok(Presence::Missing(format!("no target group {arn}")));
    };
    let targets = match elbv2
        .describe_target_health()
        .target_group_arn(arn)
        .send()
        .await
    {
        Ok(h) => h
            .target_health_descriptions()
            .iter()
            .map(|d| {
                let target = d.target();
                let state = d.target_health();
                let mut line = format!(
                    "{}:{} {}",
                    target.and_then(|t| t.id()).unwrap_or("?"),
                    target
                        .and_then(|t| t.port())
                        .map_or("?".into(), |p| p.to_string()),
                    state
                        .and_then(|s| s.state())
                        .map_or("unknown", |s| s.as_str())
                );
                if let Some(reason) = state.and_then(|s| s.reason()) {
                    line.push_str(&format!(" ({})", reason.as_str()));
                }
                line
            })
            .collect(),
        Err(e) => vec![format!(
            "target health not readable: {}",
            classify("DescribeTargetHealth", &e)
        )],
    };
    let listeners = listeners_of(elbv2, arn, tg.load_balancer_arns()).await;
    Ok(Presence::Present(TargetGroupInfo {
        listeners,
        arn: arn.to_string(),
        name: tg.target_group_name().unwrap_or_default().to_string(),
        summary: format!(
            "{} {} · {}",
            tg.protocol().map_or("-", |p| p.as_str()),
            tg.port().map_or("-".into(), |p| p.to_string()),
            tg.target_type().map_or("-", |t| t.as_str())
        ),
        targets,
    }))
}

/// The listeners of the target group's load balancers whose default action forwards to it
/// (rules that forward by path or host are not followed: their listener is named still).
async fn listeners_of(
    elbv2: &aws_sdk_elasticloadbalancingv2::Client,
    target_group: &str,
    load_balancers: &[String],
) -> Vec<String> {
    let mut out = Vec::new();
    for lb in load_balancers {
        let name = lb.split('/').nth(2).unwrap_or(lb);
        match elbv2
            .describe_listeners()
            .load_balancer_arn(lb)
            .send()
            .await
        {
            Ok(answer) => {
                for l in answer.listeners() {
                    let forwards = l.default_actions().iter().any(|a| {
                        a.target_group_arn() == Some(target_group)
                            || a.forward_config().is_some_and(|f| {
                                f.target_groups()
                                    .iter()
                                    .any(|t| t.target_group_arn() == Some(target_group))
                            })
                    });
                    out.push(format!(
                        "{name} {} {}{}",
                        l.protocol().map_or("-", |p| p.as_str()),
                        l.port().map_or("-".into(), |p| p.to_string()),
                        if forwards { "" } else { " (by a rule)" }
                    ));
                }
            }
            Err(e) => out.push(format!(
                "{name}: listeners not readable: {}",
                classify("DescribeListeners", &e)
            )),
        }
    }
    out
}

/// Runs one lookup with the clients it needs.
pub async fn lookup(clients: &super::Clients, what: &Lookup) -> Result<LookupAnswer, AwsError> {
    Ok(match what {
        Lookup::Role { arn } => LookupAnswer::Role(role(&clients.iam, arn).await?),
        Lookup::Image {
            registry,
            repository,
            tag,
        } => LookupAnswer::Image(image(&clients.ecr, registry.as_deref(), repository, tag).await?),
        Lookup::LogGroup { name } => LookupAnswer::LogGroup(log_group(&clients.logs, name).await?),
        Lookup::Network { subnets, groups } => {
            LookupAnswer::Network(network(&clients.ec2, subnets, groups).await?)
        }
        Lookup::TargetGroup { arn } => {
            LookupAnswer::TargetGroup(target_group(&clients.elbv2, arn).await?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::aws::namespace_admin::tests::{Capture, mocked};
    use aws_smithy_mocks::mock;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    fn denied_xml(action: &str) -> Response {
        Response::new(
            StatusCode::try_from(403).expect("status"),
            SdkBody::from(format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                 <Message>User: arn:aws:iam::1:user/ops is not authorized to perform: {action}</Message>\
                 </Error></ErrorResponse>"
            )),
        )
    }

    #[tokio::test]
    async fn a_role_that_may_not_be_read_is_denied_naming_the_action() {
        let rule =
            mock!(aws_sdk_iam::Client::get_role).then_http_response(|| denied_xml("iam:GetRole"));
        let iam = mocked!(aws_sdk_iam, [&rule], Capture::default());
        let got = role(&iam, "arn:aws:iam::1:role/web-task")
            .await
            .expect("an answer");
        assert_eq!(got, Presence::Denied("iam:GetRole".into()));
    }

    #[tokio::test]
    async fn a_log_group_that_may_not_be_read_is_denied_naming_the_action() {
        use aws_sdk_cloudwatchlogs::operation::describe_log_groups::DescribeLogGroupsError;
        let rule = mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups).then_error(|| {
            DescribeLogGroupsError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code("AccessDeniedException")
                    .message("User: arn:aws:iam::1:user/ops is not authorized to perform: logs:DescribeLogGroups")
                    .build(),
            )
        });
        let logs = mocked!(aws_sdk_cloudwatchlogs, [&rule], Capture::default());
        let got = log_group(&logs, "/ecs/web").await.expect("an answer");
        assert_eq!(got, Presence::Denied("logs:DescribeLogGroups".into()));
    }

    #[test]
    fn ecr_references_are_split_into_repository_and_tag() {
        assert_eq!(
            ecr_reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.5.0"),
            Some(("shop/web".into(), "2.5.0".into()))
        );
        assert_eq!(
            ecr_reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:abc"),
            Some(("web".into(), "sha256:abc".into()))
        );
        assert_eq!(
            ecr_reference("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web"),
            Some(("web".into(), "latest".into()))
        );
        assert_eq!(ecr_reference("nginx:1.27"), None);
        assert_eq!(ecr_reference("public.ecr.aws/nginx/nginx:1"), None);
    }

    #[test]
    fn denied_and_missing_are_told_from_other_failures() {
        let denied = AwsError {
            kind: ErrorKind::AccessDenied { action: None },
            code: Some("AccessDenied".into()),
            message: "no".into(),
            hint: None,
            read_back: None,
        };
        assert_eq!(
            presence::<()>(Err(denied), "iam:GetRole"),
            Ok(Presence::Denied("iam:GetRole".into()))
        );
        let missing = AwsError {
            kind: ErrorKind::Other,
            code: Some("NoSuchEntity".into()),
            message: "The role with name x cannot be found.".into(),
            hint: None,
            read_back: None,
        };
        assert!(matches!(
            presence::<()>(Err(missing), "iam:GetRole"),
            Ok(Presence::Missing(_))
        ));
        let throttled = AwsError {
            kind: ErrorKind::Throttled,
            code: Some("Throttling".into()),
            message: "slow down".into(),
            hint: None,
            read_back: None,
        };
        assert!(presence::<()>(Err(throttled), "iam:GetRole").is_err());
    }

    #[test]
    fn statements_are_summarised() {
        let doc = serde_json::json!({"Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}
        ]});
        assert_eq!(
            statements(&doc),
            [
                "Allow s3:GetObject, s3:PutObject on arn:aws:s3:::b/*",
                "Deny iam:* on *"
            ]
        );
    }
}
