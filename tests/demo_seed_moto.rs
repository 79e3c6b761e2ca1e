//! The demo seed against the emulator, checked through the SDK the way an operator would look:
//! clusters and their settings, task definition revisions, services, tasks and their log streams.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ecs::types::{ClusterField, DesiredStatus, TaskDefinitionStatus};
use common::moto;

fn setting<'a>(cluster: &'a aws_sdk_ecs::types::Cluster, name: &str) -> Option<&'a str> {
    cluster
        .settings()
        .iter()
        .find(|s| s.name().map(|n| n.as_str()) == Some(name))
        .and_then(|s| s.value())
}

#[tokio::test]
async fn demo_account_looks_like_a_real_one() {
    let (_account, clients) = moto::fresh_clients();
    let summary = tecs::demo::seed_demo(&clients)
        .await
        .expect("seed the demo");
    println!("{summary}");

    // Clusters and their settings.
    let listed = clients.ecs.list_clusters().send().await.unwrap();
    let described = clients
        .ecs
        .describe_clusters()
        .set_clusters(Some(listed.cluster_arns().to_vec()))
        .include(ClusterField::Settings)
        .include(ClusterField::Tags)
        .send()
        .await
        .unwrap();
    let clusters: BTreeMap<&str, &aws_sdk_ecs::types::Cluster> = described
        .clusters()
        .iter()
        .map(|c| (c.cluster_name().unwrap(), c))
        .collect();
    for name in ["prod-fargate", "staging", "legacy-ec2", "sandbox"] {
        assert!(
            clusters.contains_key(name),
            "cluster {name} missing: {clusters:?}"
        );
    }
    let prod = clusters["prod-fargate"];
    assert_eq!(setting(prod, "containerInsights"), Some("enabled"));
    assert_eq!(prod.capacity_providers(), ["FARGATE", "FARGATE_SPOT"]);
    let strategy: Vec<_> = prod
        .default_capacity_provider_strategy()
        .iter()
        .map(|s| (s.capacity_provider(), s.base(), s.weight()))
        .collect();
    assert_eq!(strategy, [("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 3)]);
    assert!(
        prod.tags()
            .iter()
            .any(|t| t.key() == Some("environment") && t.value() == Some("production"))
    );

    let staging = clusters["staging"];
    assert_eq!(setting(staging, "containerInsights"), Some("disabled"));
    let default_ns = staging
        .service_connect_defaults()
        .and_then(|d| d.namespace())
        .expect("staging has a default Service Connect namespace");
    let namespaces = clients.discovery.list_namespaces().send().await.unwrap();
    let http_ns = namespaces
        .namespaces()
        .iter()
        .find(|n| n.name() == Some("staging.local"))
        .expect("staging.local namespace");
    assert_eq!(Some(default_ns), http_ns.arn());
    assert_eq!(http_ns.r#type().map(|t| t.as_str()), Some("HTTP"));
    let dns_ns = namespaces
        .namespaces()
        .iter()
        .find(|n| n.name() == Some("internal.corp"))
        .expect("internal.corp namespace");
    assert_eq!(dns_ns.r#type().map(|t| t.as_str()), Some("DNS_PRIVATE"));

    let legacy = clusters["legacy-ec2"];
    assert_eq!(setting(legacy, "containerInsights"), Some("disabled"));
    assert!(legacy.capacity_providers().is_empty());
    assert_eq!(legacy.registered_container_instances_count(), 3);

    // Families and revision statuses. moto ignores the status filter of
    // ListTaskDefinitionFamilies, so the all-inactive family is checked through its revisions.
    let families = clients
        .ecs
        .list_task_definition_families()
        .send()
        .await
        .unwrap();
    let families: BTreeSet<&str> = families.families().iter().map(String::as_str).collect();
    assert_eq!(
        families,
        BTreeSet::from(["cron-report", "legacy-api", "web", "win-iis", "worker"])
    );
    let cron_active = clients
        .ecs
        .list_task_definitions()
        .family_prefix("cron-report")
        .status(TaskDefinitionStatus::Active)
        .send()
        .await
        .unwrap();
    assert!(cron_active.task_definition_arns().is_empty());
    let inactive = clients
        .ecs
        .list_task_definitions()
        .status(TaskDefinitionStatus::Inactive)
        .send()
        .await
        .unwrap();
    let inactive: BTreeSet<String> = inactive
        .task_definition_arns()
        .iter()
        .map(|arn| arn.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(
        inactive,
        BTreeSet::from([
            "web:1".to_string(),
            "cron-report:1".into(),
            "cron-report:2".into()
        ])
    );
    let web_revisions = clients
        .ecs
        .list_task_definitions()
        .family_prefix("web")
        .status(TaskDefinitionStatus::Active)
        .send()
        .await
        .unwrap();
    assert_eq!(web_revisions.task_definition_arns().len(), 2);

    let web3 = clients
        .ecs
        .describe_task_definition()
        .task_definition("web")
        .send()
        .await
        .unwrap()
        .task_definition
        .unwrap();
    assert_eq!(
        web3.revision(),
        3,
        "family alone resolves the latest revision"
    );
    assert_eq!(web3.network_mode().map(|m| m.as_str()), Some("awsvpc"));
    let platform = web3.runtime_platform().unwrap();
    assert_eq!(
        platform.operating_system_family().unwrap().as_str(),
        "LINUX"
    );
    assert_eq!(platform.cpu_architecture().unwrap().as_str(), "X86_64");
    assert!(
        web3.execution_role_arn()
            .unwrap()
            .ends_with(":role/ecsTaskExecutionRole")
    );
    let app = &web3.container_definitions()[0];
    let log = app.log_configuration().unwrap();
    assert_eq!(log.log_driver().as_str(), "awslogs");
    let options = log.options().unwrap();
    assert_eq!(options["awslogs-group"], "/ecs/web");
    assert_eq!(options["awslogs-region"], "us-east-1");
    assert_eq!(options["awslogs-stream-prefix"], "ecs");
    for container in web3.container_definitions() {
        assert!(container.memory().is_some() || container.memory_reservation().is_some());
    }

    let worker = clients
        .ecs
        .describe_task_definition()
        .task_definition("worker:2")
        .send()
        .await
        .unwrap()
        .task_definition
        .unwrap();
    assert_eq!(
        worker
            .runtime_platform()
            .unwrap()
            .cpu_architecture()
            .unwrap()
            .as_str(),
        "ARM64"
    );
    let iis = clients
        .ecs
        .describe_task_definition()
        .task_definition("win-iis")
        .send()
        .await
        .unwrap()
        .task_definition
        .unwrap();
    assert_eq!(
        iis.runtime_platform()
            .unwrap()
            .operating_system_family()
            .unwrap()
            .as_str(),
        "WINDOWS_SERVER_2022_CORE"
    );
    let legacy_api = clients
        .ecs
        .describe_task_definition()
        .task_definition("legacy-api")
        .send()
        .await
        .unwrap()
        .task_definition
        .unwrap();
    assert_eq!(
        legacy_api.network_mode().map(|m| m.as_str()),
        Some("bridge")
    );
    assert_eq!(
        legacy_api.container_definitions()[0].port_mappings()[0].host_port(),
        Some(8080)
    );

    // Services with desired/running counts, and the tasks tied to each.
    let expected = [
        ("prod-fargate", "web", 3, "web:2"),
        ("prod-fargate", "worker", 2, "worker:2"),
        ("staging", "web", 1, "web:3"),
        ("legacy-ec2", "legacy-api", 2, "legacy-api:2"),
        ("legacy-ec2", "win-iis", 1, "win-iis:2"),
    ];
    for (cluster, service, desired, revision) in expected {
        let out = clients
            .ecs
            .describe_services()
            .cluster(cluster)
            .services(service)
            .send()
            .await
            .unwrap();
        let svc = &out.services()[0];
        assert_eq!(svc.desired_count(), desired, "{cluster}/{service}");
        assert_eq!(svc.running_count(), desired, "{cluster}/{service}");
        assert!(
            svc.task_definition().unwrap().ends_with(revision),
            "{cluster}/{service}"
        );
        let deployment = svc.deployments()[0].id().unwrap();

        // What tecs does to list a service's tasks on the emulator: by startedBy.
        let tasks = clients
            .ecs
            .list_tasks()
            .cluster(cluster)
            .started_by(deployment)
            .desired_status(DesiredStatus::Running)
            .send()
            .await
            .unwrap();
        assert_eq!(
            tasks.task_arns().len(),
            desired as usize,
            "{cluster}/{service}"
        );
        let described = clients
            .ecs
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(tasks.task_arns().to_vec()))
            .send()
            .await
            .unwrap();
        for task in described.tasks() {
            assert_eq!(task.group(), Some(format!("service:{service}").as_str()));
            assert_eq!(task.last_status(), Some("RUNNING"));
            assert!(task.task_definition_arn().unwrap().ends_with(revision));
        }
    }
    let prod_tasks = clients
        .ecs
        .list_tasks()
        .cluster("prod-fargate")
        .send()
        .await
        .unwrap();
    // The emulator lists STOPPED tasks too when desiredStatus is not given.
    assert_eq!(
        prod_tasks.task_arns().len(),
        7,
        "3 web + 2 worker + 1 standalone + 1 stopped"
    );
    let stopped = clients
        .ecs
        .describe_tasks()
        .cluster("prod-fargate")
        .tasks(&summary.stopped_tasks[0].task_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        stopped.tasks()[0].stopped_reason(),
        Some(tecs::demo::STOPPED_REASON),
        "a failed batch run, for why it stopped"
    );
    // tecs explains it in plain words, though the emulator sends no stop code.
    let task = tecs::aws::tasks::describe_task(
        &clients.ecs,
        "prod-fargate",
        &summary.stopped_tasks[0].task_arn,
    )
    .await
    .unwrap();
    let why = tecs::domain::stop_reasons::explain_task(&task);
    // A standalone job's exit explained by its code (the emulator reports exit code 0): it ran
    // to completion; never "not recognised", never "a service needs it".
    let id = why.first().map(|e| e.reason.id);
    assert!(
        matches!(id, Some("ran-to-completion" | "exit-other")),
        "{id:?}"
    );
    let standalone = clients
        .ecs
        .list_tasks()
        .cluster("prod-fargate")
        .started_by("jdoe")
        .send()
        .await
        .unwrap();
    assert_eq!(standalone.task_arns().len(), 1);
    assert_eq!(summary.tasks.len(), 10);

    // Log streams under the exact awslogs names, with events.
    // prod web 3 tasks x (app, nginx), prod worker 2 + 1 standalone, staging web 1 x 2,
    // legacy-api 2, win-iis 1.
    assert_eq!(summary.log_streams.len(), 6 + 3 + 2 + 2 + 1);
    let web_task = summary
        .tasks
        .iter()
        .find(|t| t.cluster == "prod-fargate" && t.service.as_deref() == Some("web"))
        .unwrap();
    for container in ["app", "nginx"] {
        let stream = format!("ecs/{container}/{}", web_task.task_id);
        let events = clients
            .logs
            .get_log_events()
            .log_group_name("/ecs/web")
            .log_stream_name(&stream)
            .start_from_head(true)
            .send()
            .await
            .unwrap_or_else(|e| panic!("read {stream}: {e:?}"));
        assert!(
            events.events().len() >= 30,
            "{stream} has {} events",
            events.events().len()
        );
        let timestamps: Vec<i64> = events
            .events()
            .iter()
            .map(|e| e.timestamp().unwrap())
            .collect();
        assert!(
            timestamps.windows(2).all(|w| w[0] <= w[1]),
            "events in order"
        );
    }
    let api_task = summary
        .tasks
        .iter()
        .find(|t| t.service.as_deref() == Some("legacy-api"))
        .unwrap();
    let streams = clients
        .logs
        .describe_log_streams()
        .log_group_name("/ecs/legacy-api")
        .send()
        .await
        .unwrap();
    let names: BTreeSet<&str> = streams
        .log_streams()
        .iter()
        .filter_map(|s| s.log_stream_name())
        .collect();
    assert!(
        names.contains(format!("ecs/api/{}", api_task.task_id).as_str()),
        "{names:?}"
    );
    assert_eq!(names.len(), 2);

    // Follow mode's feeder appends to the same streams.
    let before = count_events(
        &clients,
        "/ecs/web",
        &format!("ecs/app/{}", web_task.task_id),
    )
    .await;
    let written = tecs::demo::feed_logs_once(&clients, &summary)
        .await
        .unwrap();
    assert!(written >= summary.log_streams.len());
    let after = count_events(
        &clients,
        "/ecs/web",
        &format!("ecs/app/{}", web_task.task_id),
    )
    .await;
    assert!(after > before, "{after} > {before}");

    let text = summary.to_string();
    assert!(
        text.contains("prod-fargate") && text.contains("log streams: 14"),
        "{text}"
    );
}

async fn count_events(clients: &tecs::aws::Clients, group: &str, stream: &str) -> usize {
    clients
        .logs
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .start_from_head(true)
        .send()
        .await
        .unwrap()
        .events()
        .len()
}

#[tokio::test]
async fn bulk_clusters_are_all_listed() {
    let (_account, clients) = moto::fresh_clients();
    let started = std::time::Instant::now();
    let names = tecs::demo::seed_clusters(&clients, 250, "bulk")
        .await
        .unwrap();
    println!("250 clusters in {:?}", started.elapsed());
    assert_eq!(names.len(), 250);
    assert_eq!(names.first().map(String::as_str), Some("bulk-0001"));
    assert_eq!(names.last().map(String::as_str), Some("bulk-0250"));

    // The emulator ignores maxResults, so one call returns them all; tecs must still paginate on AWS.
    let listed = clients.ecs.list_clusters().send().await.unwrap();
    let listed: BTreeSet<String> = listed
        .cluster_arns()
        .iter()
        .map(|arn| arn.rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(listed, names.iter().cloned().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn accounts_are_isolated() {
    let a = moto::unique_account_id();
    let b = moto::unique_account_id();
    assert_ne!(a, b);
    assert_eq!(a.len(), 12);
    assert!(a.chars().all(|c| c.is_ascii_digit()));
    let ca = moto::clients(&a);
    let cb = moto::clients(&b);
    tecs::demo::seed_clusters(&ca, 3, "only-in-a")
        .await
        .unwrap();
    let in_b = cb.ecs.list_clusters().send().await.unwrap();
    assert!(in_b.cluster_arns().is_empty(), "{:?}", in_b.cluster_arns());
}
