//! Where a task's container logs are in CloudWatch Logs, from the task's own task definition
//! revision.
//!
//! With the `awslogs` log driver, ECS writes a container's output to the stream
//! `<awslogs-stream-prefix>/<container-name>/<task-id>` of the group `awslogs-group` in the region
//! `awslogs-region` (ECS Developer Guide, "Using the awslogs log driver"). Without
//! `awslogs-stream-prefix` the stream is named after the Docker container id, which the ECS API
//! does not return for Fargate tasks: tecs cannot name that stream and never guesses "the latest
//! stream in the group" (it belongs to some other task). Other drivers (awsfirelens, splunk,
//! fluentd, …) do not write to a known CloudWatch stream; each such container gets a sentence
//! saying so instead of an empty view.

use serde_json::Value;

use crate::model::logs::{LogSource, Resolution};
use crate::model::task::Task;

/// The awslogs options tecs reads.
const GROUP: &str = "awslogs-group";
const REGION: &str = "awslogs-region";
const PREFIX: &str = "awslogs-stream-prefix";

/// The log sources of `tasks`, which all run the revision `task_definition_json` describes (the
/// `taskDefinition` object of DescribeTaskDefinition, or the whole answer around it).
/// `default_region` stands in for a missing `awslogs-region` (ECS uses the task's region).
///
/// Sources come task by task, containers in definition order, so colours stay stable. A task
/// that runs another revision (its `taskDefinitionArn` differs) is left out with a sentence:
/// its streams follow its own revision's options.
pub fn resolve(task_definition_json: &Value, tasks: &[Task], default_region: &str) -> Resolution {
    let td = task_definition_json
        .get("taskDefinition")
        .unwrap_or(task_definition_json);
    let td_arn = td.get("taskDefinitionArn").and_then(Value::as_str);
    let mut resolution = Resolution::default();

    let containers: Vec<(String, Result<Awslogs, String>)> = td
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let name = c
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let awslogs = awslogs(&name, c.get("logConfiguration"), default_region);
            (name, awslogs)
        })
        .collect();
    if containers.is_empty() {
        resolution
            .problems
            .push("the task definition has no container definitions".to_string());
    }
    for (_, awslogs) in &containers {
        if let Err(problem) = awslogs {
            resolution.problems.push(problem.clone());
        }
    }

    for task in tasks {
        if let Some(td_arn) = td_arn
            && task.task_definition.starts_with("arn:")
            && task.task_definition != td_arn
        {
            resolution.problems.push(format!(
                "task {} runs {}, not {}: its logs follow its own revision",
                task.id(),
                revision_label(&task.task_definition),
                revision_label(td_arn)
            ));
            continue;
        }
        for (name, awslogs) in &containers {
            let Ok(awslogs) = awslogs else { continue };
            resolution.sources.push(LogSource {
                group: awslogs.group.clone(),
                region: awslogs.region.clone(),
                stream: format!("{}/{name}/{}", awslogs.prefix, task.id()),
                task_id: task.id().to_string(),
                container: name.clone(),
            });
        }
    }
    resolution
}

/// A container's usable awslogs options.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Awslogs {
    group: String,
    region: Option<String>,
    prefix: String,
}

/// The container's awslogs options, or the sentence saying why its logs cannot be read.
fn awslogs(
    container: &str,
    log_configuration: Option<&Value>,
    default_region: &str,
) -> Result<Awslogs, String> {
    let Some(config) = log_configuration.filter(|v| !v.is_null()) else {
        return Err(format!(
            "container {container} has no log configuration: its output is not kept anywhere \
             tecs can read"
        ));
    };
    let driver = config
        .get("logDriver")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match driver {
        "awslogs" => {}
        "" => {
            return Err(format!(
                "container {container} has a log configuration without a log driver"
            ));
        }
        "awsfirelens" => {
            return Err(format!(
                "container {container} uses the awsfirelens log driver: its logs go wherever \
                 the FireLens log router sends them, not to a stream tecs can name in \
                 CloudWatch Logs"
            ));
        }
        other => {
            return Err(format!(
                "container {container} uses the {other} log driver: its logs are not in \
                 CloudWatch Logs"
            ));
        }
    }
    let option = |key: &str| {
        config
            .get("options")
            .and_then(|o| o.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let Some(group) = option(GROUP) else {
        return Err(format!(
            "container {container} has awslogs without awslogs-group: tecs cannot tell where \
             its logs are"
        ));
    };
    let Some(prefix) = option(PREFIX) else {
        return Err(format!(
            "container {container} has awslogs without awslogs-stream-prefix: ECS names its \
             streams by container id, which tecs cannot know — add a prefix"
        ));
    };
    let region = option(REGION).or_else(|| {
        let default = default_region.trim();
        (!default.is_empty()).then(|| default.to_string())
    });
    Ok(Awslogs {
        group,
        region,
        prefix,
    })
}

/// `family:revision` from a task definition ARN (or the text itself).
fn revision_label(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::task::TaskTimestamps;

    const TD_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    fn task(id: &str) -> Task {
        task_of(id, TD_ARN)
    }

    fn task_of(id: &str, td: &str) -> Task {
        Task {
            arn: format!("arn:aws:ecs:us-east-1:123456789012:task/prod/{id}"),
            cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/prod".to_string(),
            task_definition: td.to_string(),
            last_status: "RUNNING".to_string(),
            desired_status: "RUNNING".to_string(),
            health: None,
            launch_type: Some("FARGATE".to_string()),
            capacity_provider: None,
            availability_zone: None,
            group: Some("service:web".to_string()),
            started_by: None,
            cpu: None,
            memory: None,
            platform_version: None,
            container_instance_arn: None,
            enable_execute_command: false,
            stop_code: None,
            stopped_reason: None,
            timestamps: TaskTimestamps::default(),
            containers: Vec::new(),
            attachments: Vec::new(),
            json: crate::model::CompactJson::default(),
        }
    }

    fn awslogs_config(group: &str, region: Option<&str>, prefix: Option<&str>) -> Value {
        let mut options = serde_json::Map::new();
        options.insert("awslogs-group".into(), json!(group));
        if let Some(r) = region {
            options.insert("awslogs-region".into(), json!(r));
        }
        if let Some(p) = prefix {
            options.insert("awslogs-stream-prefix".into(), json!(p));
        }
        json!({"logDriver": "awslogs", "options": options})
    }

    fn td(containers: Vec<Value>) -> Value {
        json!({"taskDefinitionArn": TD_ARN, "family": "web", "revision": 2,
               "containerDefinitions": containers})
    }

    fn container(name: &str, log: Option<Value>) -> Value {
        let mut c = json!({"name": name, "image": "nginx"});
        if let Some(log) = log {
            c["logConfiguration"] = log;
        }
        c
    }

    fn streams(r: &Resolution) -> Vec<(&str, Option<&str>, &str, &str, &str)> {
        r.sources
            .iter()
            .map(|s| {
                (
                    s.group.as_str(),
                    s.region.as_deref(),
                    s.stream.as_str(),
                    s.task_id.as_str(),
                    s.container.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn awslogs_with_a_prefix_names_prefix_container_task_id() {
        let td = td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", Some("eu-west-1"), Some("ecs"))),
        )]);
        let r = resolve(&td, &[task("abc123")], "us-east-1");
        assert_eq!(
            streams(&r),
            [(
                "/ecs/web",
                Some("eu-west-1"),
                "ecs/app/abc123",
                "abc123",
                "app"
            )]
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn a_missing_region_defaults_to_the_given_one_and_a_blank_default_to_none() {
        let td = td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", None, Some("svc"))),
        )]);
        let r = resolve(&td, &[task("t1")], "ap-south-1");
        assert_eq!(r.sources[0].region.as_deref(), Some("ap-south-1"));
        assert_eq!(r.sources[0].stream, "svc/app/t1");
        let r = resolve(&td, &[task("t1")], "");
        assert_eq!(r.sources[0].region, None);
    }

    #[test]
    fn awslogs_without_a_prefix_is_explained_not_guessed() {
        let td = td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", Some("us-east-1"), None)),
        )]);
        let r = resolve(&td, &[task("t1"), task("t2")], "us-east-1");
        assert!(r.sources.is_empty());
        assert_eq!(
            r.problems,
            [
                "container app has awslogs without awslogs-stream-prefix: ECS names its streams \
              by container id, which tecs cannot know — add a prefix"
            ]
        );
        // A blank prefix is no prefix.
        let td2 = super::tests::td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", None, Some("  "))),
        )]);
        assert!(resolve(&td2, &[task("t1")], "us-east-1").sources.is_empty());
    }

    #[test]
    fn awslogs_without_a_group_is_explained() {
        let td = td(vec![container(
            "app",
            Some(json!({"logDriver": "awslogs", "options": {"awslogs-stream-prefix": "ecs"}})),
        )]);
        let r = resolve(&td, &[task("t1")], "us-east-1");
        assert!(r.sources.is_empty());
        assert!(
            r.problems[0].contains("without awslogs-group"),
            "{:?}",
            r.problems
        );
        let td = super::tests::td(vec![container(
            "app",
            Some(json!({"logDriver": "awslogs"})),
        )]);
        assert!(resolve(&td, &[task("t1")], "us-east-1").problems[0].contains("awslogs-group"));
    }

    #[test]
    fn other_drivers_and_no_configuration_are_explained_once_per_container() {
        let td = td(vec![
            container(
                "sidecar",
                Some(json!({"logDriver": "splunk", "options": {"splunk-url": "https://x"}})),
            ),
            container(
                "app",
                Some(json!({"logDriver": "awsfirelens", "options": {"Name": "cloudwatch"}})),
            ),
            container("x", None),
            container("nulled", Some(Value::Null)),
            container("fluent", Some(json!({"logDriver": "fluentd"}))),
            container("empty", Some(json!({}))),
        ]);
        let r = resolve(&td, &[task("t1"), task("t2")], "us-east-1");
        assert!(r.sources.is_empty());
        assert_eq!(
            r.problems,
            [
                "container sidecar uses the splunk log driver: its logs are not in CloudWatch Logs"
                    .to_string(),
                "container app uses the awsfirelens log driver: its logs go wherever the FireLens \
                 log router sends them, not to a stream tecs can name in CloudWatch Logs"
                    .to_string(),
                "container x has no log configuration: its output is not kept anywhere tecs can \
                 read"
                    .to_string(),
                "container nulled has no log configuration: its output is not kept anywhere tecs \
                 can read"
                    .to_string(),
                "container fluent uses the fluentd log driver: its logs are not in CloudWatch Logs"
                    .to_string(),
                "container empty has a log configuration without a log driver".to_string(),
            ]
        );
    }

    #[test]
    fn several_containers_and_tasks_come_task_by_task_in_definition_order() {
        let td = td(vec![
            container(
                "nginx",
                Some(awslogs_config("/ecs/web", Some("us-east-1"), Some("ecs"))),
            ),
            container("sidecar", Some(json!({"logDriver": "splunk"}))),
            container(
                "app",
                Some(awslogs_config(
                    "/ecs/web-app",
                    Some("us-west-2"),
                    Some("web"),
                )),
            ),
        ]);
        let r = resolve(&td, &[task("aaaa"), task("bbbb")], "us-east-1");
        assert_eq!(
            streams(&r),
            [
                (
                    "/ecs/web",
                    Some("us-east-1"),
                    "ecs/nginx/aaaa",
                    "aaaa",
                    "nginx"
                ),
                (
                    "/ecs/web-app",
                    Some("us-west-2"),
                    "web/app/aaaa",
                    "aaaa",
                    "app"
                ),
                (
                    "/ecs/web",
                    Some("us-east-1"),
                    "ecs/nginx/bbbb",
                    "bbbb",
                    "nginx"
                ),
                (
                    "/ecs/web-app",
                    Some("us-west-2"),
                    "web/app/bbbb",
                    "bbbb",
                    "app"
                ),
            ]
        );
        assert_eq!(r.problems.len(), 1, "one sentence for the sidecar");
    }

    #[test]
    fn no_tasks_still_explains_the_containers() {
        let td = td(vec![container("x", None)]);
        let r = resolve(&td, &[], "us-east-1");
        assert!(r.sources.is_empty());
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn the_describe_answer_around_the_definition_is_accepted() {
        let inner = td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", None, Some("ecs"))),
        )]);
        let r = resolve(
            &json!({"taskDefinition": inner, "tags": []}),
            &[task("t1")],
            "us-east-1",
        );
        assert_eq!(r.sources.len(), 1);
    }

    #[test]
    fn a_task_of_another_revision_is_left_out_with_a_sentence() {
        let td = td(vec![container(
            "app",
            Some(awslogs_config("/ecs/web", None, Some("ecs"))),
        )]);
        let other = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";
        let r = resolve(&td, &[task("t1"), task_of("t2", other)], "us-east-1");
        assert_eq!(r.sources.len(), 1);
        assert_eq!(r.sources[0].task_id, "t1");
        assert_eq!(
            r.problems,
            ["task t2 runs web:3, not web:2: its logs follow its own revision"]
        );
        // A family:revision string (the emulator stores it literally) is not compared.
        let r = resolve(&td, &[task_of("t3", "web:3")], "us-east-1");
        assert_eq!(r.sources.len(), 1);
    }

    #[test]
    fn no_container_definitions_is_a_problem() {
        let r = resolve(&json!({}), &[task("t1")], "us-east-1");
        assert!(r.sources.is_empty());
        assert_eq!(
            r.problems,
            ["the task definition has no container definitions"]
        );
    }
}
