//! Creating and deleting Cloud Map namespaces against the emulator, following each operation with
//! GetOperation. moto finishes operations at once and ignores the ListServices namespace filter,
//! so the polling's PENDING path is covered by the mock tests; here the filter fallback matters.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::sync::{Arc, Mutex};

use common::moto;
use tecs::aws::namespace_admin::{
    NewNamespace, NewNamespaceKind, OperationProgress, PollSchedule, create_namespace,
    delete_namespace, list_vpcs, namespace_service_names,
};
use tecs::aws::namespaces::load_namespaces;
use tecs::model::namespace::NamespaceKind;

fn recorder() -> (
    Arc<Mutex<Vec<String>>>,
    impl FnMut(&OperationProgress) + Send,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p: &OperationProgress| {
        sink.lock().expect("lock").push(p.status.clone());
    })
}

fn http(name: &str) -> NewNamespace {
    NewNamespace {
        name: name.to_string(),
        kind: NewNamespaceKind::Http,
        description: Some(format!("{name} services")),
        tags: vec![("team".into(), "web".into())],
    }
}

#[tokio::test]
async fn create_list_and_delete_namespaces_following_their_operations() {
    let (_account, clients) = moto::fresh_clients();
    let sd = &clients.discovery;

    let (seen, mut sink) = recorder();
    let shop = create_namespace(sd, &http("shop.local"), &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("CreateHttpNamespace");
    assert_eq!(
        *seen.lock().expect("lock"),
        ["SUCCESS"],
        "moto finishes at once"
    );
    assert!(shop.id.starts_with("ns-"), "{}", shop.id);
    assert_eq!(shop.name, "shop.local");
    assert_eq!(shop.kind, NamespaceKind::Http);
    assert_eq!(shop.description.as_deref(), Some("shop.local services"));
    assert!(shop.arn.ends_with(&format!("namespace/{}", shop.id)));
    let tags = sd
        .list_tags_for_resource()
        .resource_arn(&shop.arn)
        .send()
        .await
        .expect("ListTagsForResource");
    let tags: Vec<(&str, &str)> = tags.tags().iter().map(|t| (t.key(), t.value())).collect();
    assert_eq!(tags, [("team", "web")]);

    // Private DNS in the default VPC, which list_vpcs puts first.
    let vpcs = list_vpcs(&clients.ec2).await.expect("DescribeVpcs");
    let default = vpcs.first().expect("the emulator has a default VPC");
    assert!(default.is_default);
    assert_eq!(default.cidr.as_deref(), Some("172.31.0.0/16"));
    let corp = create_namespace(
        sd,
        &NewNamespace {
            name: "corp.internal".into(),
            kind: NewNamespaceKind::DnsPrivate {
                vpc_id: default.id.clone(),
            },
            description: None,
            tags: Vec::new(),
        },
        &PollSchedule::CLOUD_MAP,
        &mut sink,
    )
    .await
    .expect("CreatePrivateDnsNamespace");
    assert_eq!(corp.kind, NamespaceKind::DnsPrivate);
    assert!(corp.hosted_zone_id.is_some());

    let names: Vec<String> = load_namespaces(sd)
        .await
        .expect("ListNamespaces")
        .into_iter()
        .map(|n| n.name)
        .collect();
    assert_eq!(names, ["corp.internal", "shop.local"]);

    // A Cloud Map service in shop.local blocks deleting it, and only it: moto lists the service
    // for corp.internal too (it ignores the filter), and GetService shows it is not there.
    let service = sd
        .create_service()
        .name("web")
        .namespace_id(&shop.id)
        .send()
        .await
        .expect("CreateService");
    let service_id = service
        .service()
        .and_then(|s| s.id())
        .expect("service id")
        .to_string();
    assert_eq!(
        namespace_service_names(sd, &shop.id).await.expect("lists"),
        ["web"]
    );
    assert!(
        namespace_service_names(sd, &corp.id)
            .await
            .expect("lists")
            .is_empty()
    );
    let err = delete_namespace(sd, &shop.id, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect_err("refused while it has a service");
    assert_eq!(err.code.as_deref(), Some("ResourceInUse"));
    assert!(
        err.message.contains("1 Cloud Map service: web"),
        "{}",
        err.message
    );
    assert_eq!(load_namespaces(sd).await.expect("still listed").len(), 2);

    let done = delete_namespace(sd, &corp.id, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("the other namespace is free to go");
    assert_eq!(done.namespace_id(), Some(corp.id.as_str()));

    sd.delete_service()
        .id(&service_id)
        .send()
        .await
        .expect("DeleteService");
    seen.lock().expect("lock").clear();
    delete_namespace(sd, &shop.id, &PollSchedule::CLOUD_MAP, &mut sink)
        .await
        .expect("deleted once empty");
    assert_eq!(*seen.lock().expect("lock"), ["SUCCESS"]);
    assert!(load_namespaces(sd).await.expect("lists").is_empty());
}

#[tokio::test]
async fn an_invalid_namespace_is_refused_before_the_call() {
    let (_account, clients) = moto::fresh_clients();
    let (_, mut sink) = recorder();
    let err = create_namespace(
        &clients.discovery,
        &http("has space"),
        &PollSchedule::CLOUD_MAP,
        &mut sink,
    )
    .await
    .expect_err("refused");
    assert!(err.message.contains("printable ASCII"), "{}", err.message);
    assert!(
        load_namespaces(&clients.discovery)
            .await
            .expect("lists")
            .is_empty()
    );
}
