//! The task definition calls against moto: list, describe (raw JSON), deregister, delete.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use aws_sdk_ecs::types::{ContainerDefinition, PortMapping, Tag};
use common::moto::fresh_clients;
use tecs::aws::task_definitions::{self, FamilyFilter};

async fn register(clients: &tecs::aws::Clients, family: &str, image: &str) -> String {
    clients
        .ecs
        .register_task_definition()
        .family(family)
        .cpu("256")
        .memory("512")
        .network_mode(aws_sdk_ecs::types::NetworkMode::Awsvpc)
        .requires_compatibilities(aws_sdk_ecs::types::Compatibility::Fargate)
        .tags(Tag::builder().key("team").value("shop").build())
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image(image)
                .port_mappings(PortMapping::builder().container_port(8080).build())
                .command("serve")
                .build(),
        )
        .send()
        .await
        .expect("register")
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("arn")
        .to_string()
}

#[tokio::test]
async fn lists_describes_deregisters_and_deletes() {
    let (_account, clients) = fresh_clients();
    let web1 = register(&clients, "web", "nginx:1").await;
    let web2 = register(&clients, "web", "nginx:2").await;
    let web3 = register(&clients, "web", "nginx:3").await;
    register(&clients, "web-api", "api:1").await;

    let families = task_definitions::list_families(&clients.ecs, FamilyFilter::Active, None)
        .await
        .expect("families");
    assert_eq!(families, ["web", "web-api"]);
    let prefixed = task_definitions::list_families(&clients.ecs, FamilyFilter::All, Some("web-"))
        .await
        .expect("prefix");
    assert_eq!(prefixed, ["web-api"]);

    let revs = task_definitions::list_revisions(&clients.ecs, "web")
        .await
        .expect("revisions");
    let labels: Vec<String> = revs.iter().map(|r| r.label()).collect();
    assert_eq!(
        labels,
        ["web:3", "web:2", "web:1"],
        "newest first, web-api excluded"
    );

    let td = task_definitions::describe(&clients.ecs, &web2)
        .await
        .expect("describe");
    assert_eq!((td.family.as_str(), td.revision), ("web", 2));
    assert_eq!(td.containers[0].image, "nginx:2");
    assert_eq!(td.containers[0].ports, ["8080/tcp"]);
    assert_eq!(td.containers[0].command, ["serve"]);
    assert_eq!(td.tags, [("team".to_string(), "shop".to_string())]);
    assert_eq!(
        td.json["family"], "web",
        "the raw JSON is kept: {}",
        td.json
    );
    assert_eq!(td.json["containerDefinitions"][0]["image"], "nginx:2");

    let results = task_definitions::deregister(&clients.ecs, &[web1.clone(), web2.clone()]).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    let revs = task_definitions::list_revisions(&clients.ecs, "web")
        .await
        .expect("revisions");
    let statuses: Vec<(i32, &str)> = revs
        .iter()
        .map(|r| (r.revision, r.status.as_str()))
        .collect();
    assert_eq!(statuses, [(3, "ACTIVE"), (2, "INACTIVE"), (1, "INACTIVE")]);

    let results = task_definitions::delete(&clients.ecs, &[web1.clone(), web3.clone()]).await;
    assert!(results[0].1.is_ok(), "{results:?}");
    assert!(
        results[1].1.is_err(),
        "ACTIVE web:3 is refused: {results:?}"
    );
}

#[tokio::test]
async fn registers_a_new_revision_from_edited_registerable_json() {
    let (_account, clients) = fresh_clients();
    let web1 = register(&clients, "web", "nginx:1").await;
    let base = task_definitions::describe(&clients.ecs, &web1)
        .await
        .expect("describe");
    let mut json = tecs::model::task_definition::registerable_json(&base.json, &base.tags);
    json["containerDefinitions"][0]["image"] = "nginx:9".into();
    json["containerDefinitions"][0]["environment"] =
        serde_json::json!([{"name": "MODE", "value": "blue"}]);
    json["memory"] = "1024".into();

    let new = task_definitions::register_json(&clients.ecs, &json)
        .await
        .expect("register");
    assert_eq!((new.family.as_str(), new.revision), ("web", 2));
    assert_eq!(new.containers[0].image, "nginx:9");
    assert_eq!(
        new.containers[0].environment,
        [("MODE".to_string(), "blue".to_string())]
    );
    assert_eq!(new.memory.as_deref(), Some("1024"));
    assert_eq!(
        new.containers[0].command,
        ["serve"],
        "fields not edited are carried over"
    );
    assert_eq!(
        new.tags,
        [("team".to_string(), "shop".to_string())],
        "tags are carried over"
    );
    assert!(new.containers.iter().all(|c| c.name != "placeholder"));
}
