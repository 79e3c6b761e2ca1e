//! `list_task_roles` against moto: only roles trusting ecs-tasks.amazonaws.com come back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use common::moto::fresh_clients;
use tecs::aws::iam::list_task_roles;

fn trust(services: &[&str]) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": services},
            "Action": "sts:AssumeRole"
        }]
    })
    .to_string()
}

#[tokio::test]
async fn lists_only_roles_that_ecs_tasks_can_assume() {
    let (_account, clients) = fresh_clients();
    let roles = [
        ("ecsTaskExecutionRole", trust(&["ecs-tasks.amazonaws.com"])),
        (
            "web-task",
            trust(&["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"]),
        ),
        ("ec2-instance", trust(&["ec2.amazonaws.com"])),
        ("lambda-fn", trust(&["lambda.amazonaws.com"])),
    ];
    for (name, doc) in &roles {
        clients
            .iam
            .create_role()
            .role_name(*name)
            .path("/service/")
            .assume_role_policy_document(doc)
            .send()
            .await
            .expect("create role");
    }
    let listed = list_task_roles(&clients.iam).await.expect("list roles");
    let names: Vec<&str> = listed.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ecsTaskExecutionRole", "web-task"]);
    let account = &_account;
    assert_eq!(
        listed[0].arn,
        format!("arn:aws:iam::{account}:role/service/ecsTaskExecutionRole")
    );
}

#[tokio::test]
async fn an_account_without_task_roles_lists_none() {
    let (_account, clients) = fresh_clients();
    clients
        .iam
        .create_role()
        .role_name("ec2-only")
        .assume_role_policy_document(trust(&["ec2.amazonaws.com"]))
        .send()
        .await
        .expect("create role");
    assert!(
        list_task_roles(&clients.iam)
            .await
            .expect("list")
            .is_empty()
    );
}
