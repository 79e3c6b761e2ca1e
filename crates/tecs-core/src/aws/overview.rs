//! Every region at once (`:overview`): the clusters of each region with their counts, a region at
//! a time per request slot, so that an account with many regions is listed with a bounded number
//! of requests in flight and the first regions show while the rest load.

use aws_sdk_ec2::Client as Ec2;
use aws_sdk_ecs::Client as Ecs;
use futures::StreamExt;

use super::clusters::load_clusters;
use super::errors::classify;
use crate::model::AwsError;
pub use crate::model::cluster::RegionClusters;

/// Regions listed at once: each costs a ListClusters and a DescribeClusters (more for a region
/// with over 100 clusters), so 4 keeps the overview well under ECS's request rates.
pub const REGIONS_AT_ONCE: usize = 4;

/// The regions enabled for the account (`ec2:DescribeRegions` lists only those by default),
/// sorted. Errors when the call is denied: the caller falls back to a known list.
pub async fn enabled_regions(ec2: &Ec2) -> Result<Vec<String>, AwsError> {
    let out = ec2
        .describe_regions()
        .send()
        .await
        .map_err(|e| classify("DescribeRegions", &e))?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    Ok(regions)
}

/// Lists the clusters of every region in `regions`, [`REGIONS_AT_ONCE`] at a time, with
/// `client_for(region)`; `on_region` hears each region as it finishes (in finishing order).
pub async fn clusters_by_region(
    regions: Vec<String>,
    client_for: impl Fn(&str) -> Ecs,
    mut on_region: impl FnMut(RegionClusters),
) {
    let work = regions.into_iter().map(|region| {
        let client = client_for(&region);
        async move {
            let result = load_clusters(&client).await;
            RegionClusters { region, result }
        }
    });
    let mut answers = futures::stream::iter(work).buffer_unordered(REGIONS_AT_ONCE);
    while let Some(answer) = answers.next().await {
        on_region(answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
    use aws_sdk_ecs::operation::list_clusters::{ListClustersError, ListClustersOutput};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    fn healthy(name: &str) -> Ecs {
        let arn = format!("arn:aws:ecs:r:1:cluster/{name}");
        let list = mock!(aws_sdk_ecs::Client::list_clusters).then_output(move || {
            ListClustersOutput::builder()
                .cluster_arns(arn.clone())
                .build()
        });
        let name = name.to_string();
        let describe = mock!(aws_sdk_ecs::Client::describe_clusters).then_output(move || {
            DescribeClustersOutput::builder()
                .clusters(
                    aws_sdk_ecs::types::Cluster::builder()
                        .cluster_name(name.clone())
                        .cluster_arn(format!("arn:aws:ecs:r:1:cluster/{name}"))
                        .status("ACTIVE")
                        .active_services_count(2)
                        .running_tasks_count(5)
                        .build(),
                )
                .build()
        });
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe])
    }

    fn denied() -> Ecs {
        let list = mock!(aws_sdk_ecs::Client::list_clusters).then_error(|| {
            ListClustersError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code("UnrecognizedClientException")
                    .message("The security token included in the request is invalid.")
                    .build(),
            )
        });
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list])
    }

    #[tokio::test]
    async fn a_failing_region_is_its_own_answer_and_the_others_still_come() {
        let regions: Vec<String> = ["eu-west-1", "me-south-1", "us-east-1"]
            .map(String::from)
            .to_vec();
        let mut answers = Vec::new();
        clusters_by_region(
            regions,
            |region| match region {
                "me-south-1" => denied(),
                other => healthy(&format!("prod-{other}")),
            },
            |answer| answers.push(answer),
        )
        .await;
        answers.sort_by(|a, b| a.region.cmp(&b.region));
        assert_eq!(answers.len(), 3);
        let eu = answers[0].result.as_ref().expect("eu-west-1 lists");
        assert_eq!(eu[0].name, "prod-eu-west-1");
        assert_eq!(eu[0].running_tasks, 5);
        let me = answers[1].result.as_ref().expect_err("me-south-1 fails");
        assert!(me.to_string().contains("security token"), "{me}");
        assert!(answers[2].result.is_ok());
    }
}
