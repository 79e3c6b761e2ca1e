//! The overview of every region against moto: per-region clients built from one configuration
//! (`Clients::ecs_in`) see each region's own clusters, and the account's regions come from
//! DescribeRegions.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use common::moto::fresh_clients;
use tecs::aws::overview::{clusters_by_region, enabled_regions};

#[tokio::test]
async fn each_region_lists_its_own_clusters_with_one_set_of_clients() {
    let (_account, clients) = fresh_clients();
    for (region, name) in [("eu-west-1", "dublin"), ("ap-south-1", "mumbai")] {
        clients
            .ecs_in(region)
            .create_cluster()
            .cluster_name(name)
            .send()
            .await
            .expect("create cluster");
    }
    let mut answers = Vec::new();
    clusters_by_region(
        ["eu-west-1", "ap-south-1", "us-west-2"]
            .map(String::from)
            .to_vec(),
        |region| clients.ecs_in(region),
        |answer| answers.push(answer),
    )
    .await;
    answers.sort_by(|a, b| a.region.cmp(&b.region));
    let names = |i: usize| -> Vec<String> {
        answers[i]
            .result
            .as_ref()
            .expect("listed")
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    assert_eq!(answers[0].region, "ap-south-1");
    assert_eq!(names(0), ["mumbai"]);
    assert_eq!(names(1), ["dublin"]);
    assert!(names(2).is_empty(), "us-west-2 has none");
    // The home region's client is untouched by the others.
    let home = clients.ecs.list_clusters().send().await.expect("list");
    assert!(home.cluster_arns().is_empty());
}

#[tokio::test]
async fn the_accounts_regions_come_sorted_from_describe_regions() {
    let (_account, clients) = fresh_clients();
    let regions = enabled_regions(&clients.ec2).await.expect("regions");
    assert!(regions.contains(&"us-east-1".to_string()), "{regions:?}");
    let mut sorted = regions.clone();
    sorted.sort();
    assert_eq!(regions, sorted);
}
