//! The AWS Management Console address of a resource tecs shows ("open in console"): on a bastion
//! there is no browser, so tecs shows the URL and copies it for the operator's own machine.
//!
//! The paths are the ECS console v2's (`/ecs/v2/clusters/NAME/services`), Cloud Map's and
//! CloudWatch Logs' (`#logsV2:log-groups/log-group/NAME`), as the consoles link to themselves.
//! The console host depends on the partition: `REGION.console.aws.amazon.com` (commercial),
//! `console.amazonaws-us-gov.com` (GovCloud), `REGION.console.amazonaws.cn` (China).

/// A resource with a console page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsoleTarget {
    /// The region's cluster list.
    Clusters,
    Cluster {
        cluster: String,
    },
    /// A cluster's container instances (the Infrastructure tab).
    ContainerInstances {
        cluster: String,
    },
    Service {
        cluster: String,
        service: String,
    },
    /// A task, by id or ARN.
    Task {
        cluster: String,
        task: String,
    },
    /// The region's task definition families.
    Families,
    Family {
        family: String,
    },
    Revision {
        family: String,
        revision: i32,
    },
    /// The region's Cloud Map namespaces.
    Namespaces,
    /// A Cloud Map namespace, by id (`ns-…`).
    Namespace {
        id: String,
    },
    LogGroup {
        group: String,
    },
    LogStream {
        group: String,
        stream: String,
    },
    /// An IAM role, by name.
    Role {
        name: String,
    },
    /// An ELB target group, by ARN.
    TargetGroup {
        arn: String,
    },
    SecurityGroup {
        id: String,
    },
    Subnet {
        id: String,
    },
    /// An ECR repository of a registry (account id).
    EcrRepository {
        registry: String,
        repository: String,
    },
}

impl ConsoleTarget {
    /// What the page shows, for the title of the URL page ("service web").
    pub fn describe(&self) -> String {
        match self {
            ConsoleTarget::Clusters => "the cluster list".into(),
            ConsoleTarget::Cluster { cluster } => format!("cluster {cluster}"),
            ConsoleTarget::ContainerInstances { cluster } => {
                format!("the container instances of {cluster}")
            }
            ConsoleTarget::Service { service, .. } => format!("service {service}"),
            ConsoleTarget::Task { task, .. } => format!("task {}", last_part(task)),
            ConsoleTarget::Families => "the task definitions".into(),
            ConsoleTarget::Family { family } => format!("task definition {family}"),
            ConsoleTarget::Revision { family, revision } => {
                format!("task definition {family}:{revision}")
            }
            ConsoleTarget::Namespaces => "the Cloud Map namespaces".into(),
            ConsoleTarget::Namespace { id } => format!("namespace {id}"),
            ConsoleTarget::LogGroup { group } => format!("log group {group}"),
            ConsoleTarget::LogStream { stream, .. } => format!("log stream {stream}"),
            ConsoleTarget::Role { name } => format!("role {name}"),
            ConsoleTarget::TargetGroup { arn } => {
                format!("target group {}", arn.split('/').nth(1).unwrap_or(arn))
            }
            ConsoleTarget::SecurityGroup { id } => format!("security group {id}"),
            ConsoleTarget::Subnet { id } => format!("subnet {id}"),
            ConsoleTarget::EcrRepository { repository, .. } => {
                format!("repository {repository}")
            }
        }
    }
}

/// The console host for `region`, by partition.
pub fn console_host(region: &str) -> String {
    if region.starts_with("us-gov-") {
        "https://console.amazonaws-us-gov.com".into()
    } else if region.starts_with("cn-") {
        format!("https://{region}.console.amazonaws.cn")
    } else {
        format!("https://{region}.console.aws.amazon.com")
    }
}

/// The console URL of `target` in `region`.
pub fn console_url(region: &str, target: &ConsoleTarget) -> String {
    let host = console_host(region);
    let q = format!("region={}", segment(region));
    let ecs = |path: String| format!("{host}/ecs/v2/{path}?{q}");
    match target {
        ConsoleTarget::Clusters => ecs("clusters".into()),
        ConsoleTarget::Cluster { cluster } => {
            ecs(format!("clusters/{}/services", segment(last_part(cluster))))
        }
        ConsoleTarget::ContainerInstances { cluster } => ecs(format!(
            "clusters/{}/infrastructure",
            segment(last_part(cluster))
        )),
        ConsoleTarget::Service { cluster, service } => ecs(format!(
            "clusters/{}/services/{}/health",
            segment(last_part(cluster)),
            segment(last_part(service))
        )),
        ConsoleTarget::Task { cluster, task } => ecs(format!(
            "clusters/{}/tasks/{}/configuration",
            segment(last_part(cluster)),
            segment(last_part(task))
        )),
        ConsoleTarget::Families => ecs("task-definitions".into()),
        ConsoleTarget::Family { family } => ecs(format!("task-definitions/{}", segment(family))),
        ConsoleTarget::Revision { family, revision } => ecs(format!(
            "task-definitions/{}/{revision}/containers",
            segment(family)
        )),
        ConsoleTarget::Namespaces => format!("{host}/cloudmap/home/namespaces?{q}"),
        ConsoleTarget::Namespace { id } => {
            format!("{host}/cloudmap/home/namespaces/{}?{q}", segment(id))
        }
        ConsoleTarget::LogGroup { group } => format!(
            "{host}/cloudwatch/home?{q}#logsV2:log-groups/log-group/{}",
            logs_fragment(group)
        ),
        ConsoleTarget::LogStream { group, stream } => format!(
            "{host}/cloudwatch/home?{q}#logsV2:log-groups/log-group/{}/log-events/{}",
            logs_fragment(group),
            logs_fragment(stream)
        ),
        ConsoleTarget::Role { name } => {
            format!("{host}/iam/home?{q}#/roles/details/{}", segment(name))
        }
        ConsoleTarget::TargetGroup { arn } => {
            format!("{host}/ec2/home?{q}#TargetGroup:targetGroupArn={arn}")
        }
        ConsoleTarget::SecurityGroup { id } => {
            format!("{host}/ec2/home?{q}#SecurityGroup:groupId={}", segment(id))
        }
        ConsoleTarget::Subnet { id } => {
            format!(
                "{host}/vpcconsole/home?{q}#SubnetDetails:subnetId={}",
                segment(id)
            )
        }
        ConsoleTarget::EcrRepository {
            registry,
            repository,
        } => format!(
            "{host}/ecr/repositories/private/{}/{repository}?{q}",
            segment(registry)
        ),
    }
}

/// The name at the end of an ARN (`…:cluster/prod` → `prod`, `…:service/prod/web` → `web`), or
/// the name itself.
fn last_part(name_or_arn: &str) -> &str {
    if name_or_arn.starts_with("arn:") {
        name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
    } else {
        name_or_arn
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for one path segment.
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// CloudWatch Logs' console fragment encoding: the name percent-encoded, then each `%` written
/// as `$25` (`/ecs/web` → `$252Fecs$252Fweb`), as the console's own links do.
fn logs_fragment(name: &str) -> String {
    segment(name).replace('%', "$25")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_pages_use_the_v2_console_and_the_region() {
        let url = console_url(
            "eu-west-1",
            &ConsoleTarget::Service {
                cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
                service: "arn:aws:ecs:eu-west-1:123456789012:service/prod/web".into(),
            },
        );
        assert_eq!(
            url,
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=eu-west-1"
        );
        assert_eq!(
            console_url(
                "us-east-1",
                &ConsoleTarget::Revision {
                    family: "web".into(),
                    revision: 3
                }
            ),
            "https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/3/containers?region=us-east-1"
        );
        assert_eq!(
            console_url(
                "us-east-1",
                &ConsoleTarget::Task {
                    cluster: "prod".into(),
                    task: "arn:aws:ecs:us-east-1:1:task/prod/0123abcd".into()
                }
            ),
            "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0123abcd/configuration?region=us-east-1"
        );
    }

    #[test]
    fn log_names_use_the_consoles_dollar_encoding() {
        let url = console_url(
            "us-east-1",
            &ConsoleTarget::LogStream {
                group: "/ecs/web".into(),
                stream: "ecs/web/abc".into(),
            },
        );
        assert_eq!(
            url,
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fecs$252Fweb/log-events/ecs$252Fweb$252Fabc"
        );
    }

    #[test]
    fn the_resource_trees_nodes_have_their_consoles_pages() {
        let r = "eu-west-1";
        let host = "https://eu-west-1.console.aws.amazon.com";
        assert_eq!(
            console_url(
                r,
                &ConsoleTarget::Role {
                    name: "web-task".into()
                }
            ),
            format!("{host}/iam/home?region=eu-west-1#/roles/details/web-task")
        );
        assert_eq!(
            console_url(
                r,
                &ConsoleTarget::SecurityGroup {
                    id: "sg-0123".into()
                }
            ),
            format!("{host}/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0123")
        );
        assert_eq!(
            console_url(
                r,
                &ConsoleTarget::Subnet {
                    id: "subnet-0123".into()
                }
            ),
            format!("{host}/vpcconsole/home?region=eu-west-1#SubnetDetails:subnetId=subnet-0123")
        );
        assert_eq!(
            console_url(
                r,
                &ConsoleTarget::EcrRepository {
                    registry: "123456789012".into(),
                    repository: "shop/web".into()
                }
            ),
            format!("{host}/ecr/repositories/private/123456789012/shop/web?region=eu-west-1")
        );
        assert!(
            console_url(
                r,
                &ConsoleTarget::TargetGroup {
                    arn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/0a".into()
                }
            )
            .ends_with("#TargetGroup:targetGroupArn=arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/0a")
        );
    }

    #[test]
    fn other_partitions_have_their_own_console() {
        assert_eq!(
            console_url("us-gov-west-1", &ConsoleTarget::Clusters),
            "https://console.amazonaws-us-gov.com/ecs/v2/clusters?region=us-gov-west-1"
        );
        assert_eq!(
            console_url(
                "cn-north-1",
                &ConsoleTarget::Namespace { id: "ns-1".into() }
            ),
            "https://cn-north-1.console.amazonaws.cn/cloudmap/home/namespaces/ns-1?region=cn-north-1"
        );
    }

    #[test]
    fn odd_characters_are_encoded_not_passed_through() {
        let url = console_url(
            "us-east-1",
            &ConsoleTarget::Family {
                family: "a b/c".into(),
            },
        );
        assert!(url.contains("task-definitions/a%20b%2Fc?"), "{url}");
    }
}
