//! Where tecs talks to: the profiles on this machine, switching profile or region, and the
//! overview of every region.

use super::{Ctx, Reply};
use crate::aws::{AwsSettings, Clients, overview, profiles};
use crate::effect::{Outcome, SharedClients, Switched};
use crate::model::AwsError;

pub async fn profiles(_c: &Ctx) -> Outcome {
    Outcome::Profiles(profiles::list_profiles().await.map_err(AwsError::other))
}

/// The region a switch lands in: the one asked; else, for a new profile, the profile's own
/// region (the operator's intent for that account); else the current one.
pub fn switch_region(
    asked: Option<String>,
    new_profile: bool,
    profile_region: Option<String>,
    current: &str,
) -> String {
    asked
        .or(if new_profile { profile_region } else { None })
        .unwrap_or_else(|| current.to_string())
}

pub async fn switch(c: &Ctx, profile: Option<String>, region: Option<String>) -> Outcome {
    let new_profile = profile.is_some() && profile != c.profile;
    if let (Some(name), true) = (&profile, new_profile)
        && let Some(missing) = crate::aws::errors::missing_profile(name).await
    {
        return Outcome::Switched(Err(format!("{missing} (:profile lists them)")));
    }
    let profile = profile.or_else(|| c.profile.clone());
    let profile_region = match (&profile, new_profile) {
        (Some(name), true) => profiles::list_profiles()
            .await
            .ok()
            .and_then(|list| list.into_iter().find(|p| &p.name == name))
            .and_then(|p| p.region),
        _ => None,
    };
    let region = switch_region(region, new_profile, profile_region, &c.clients.region);
    let settings = AwsSettings {
        profile: profile.clone(),
        region: Some(region.clone()),
        endpoint_url: c.endpoint.clone(),
        emulator_account_id: c.clients.emulator_account.clone(),
        disable_retries: false,
    };
    let result = match Clients::from_settings(&settings).await {
        Ok(clients) => {
            // Saved once the new credentials have answered (`remember`), so a profile whose
            // SSO session has expired does not become the next start.
            let mut last = crate::last_used::load();
            last.chose(profile.clone(), &region);
            // The SDK's chain takes keys from the environment before any profile: say so, or
            // the operator believes they act as the profile's identity.
            let warning = (new_profile
                && std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty()))
            .then(|| {
                "AWS_ACCESS_KEY_ID is set in tecs's environment: the SDK signs with those keys, not with the profile's credentials (the header's account is whose they are); unset AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to use the profile".to_string()
            });
            Ok(Switched {
                clients: SharedClients::new(clients),
                profile,
                region,
                recent_regions: last.recent_regions,
                warning,
            })
        }
        Err(e) => Err(e.to_string()),
    };
    Outcome::Switched(result)
}

/// The switch worked (the account answered): it becomes the next start's.
pub async fn remember(profile: Option<String>, region: String) -> Outcome {
    let mut last = crate::last_used::load();
    last.chose(profile, &region);
    crate::last_used::save(&last);
    Outcome::Remembered
}

pub async fn overview(c: &Ctx, regions: Option<Vec<String>>, reply: &Reply) -> Outcome {
    let (regions, note) = match regions {
        Some(list) => (
            list,
            Some("regions from overview_regions in the config file".to_string()),
        ),
        None => match overview::enabled_regions(&c.clients.ec2).await {
            Ok(list) if !list.is_empty() => (list, None),
            Ok(_) => (
                crate::domain::regions::enabled_by_default(),
                Some("DescribeRegions listed none: showing the regions every account has".into()),
            ),
            Err(e) => (
                crate::domain::regions::enabled_by_default(),
                Some(format!(
                    "the account's regions could not be listed ({}): showing the regions every account has; set overview_regions in the config file to choose",
                    c.err(e)
                )),
            ),
        },
    };
    reply.send(Outcome::OverviewRegions {
        regions: regions.clone(),
        note,
    });
    overview::clusters_by_region(
        regions,
        |region| c.clients.ecs_in(region),
        |mut answer| {
            answer.result = c.fix(answer.result);
            reply.send(Outcome::OverviewRegion(answer));
        },
    )
    .await;
    Outcome::OverviewDone
}

#[cfg(test)]
mod tests {
    use super::switch_region;

    #[test]
    fn a_switch_lands_in_the_asked_then_the_profiles_then_the_current_region() {
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            switch_region(some("eu-west-1"), true, some("us-east-1"), "ap-south-1"),
            "eu-west-1"
        );
        assert_eq!(
            switch_region(None, true, some("us-east-1"), "ap-south-1"),
            "us-east-1"
        );
        assert_eq!(switch_region(None, true, None, "ap-south-1"), "ap-south-1");
        // Same profile, no region asked: stay.
        assert_eq!(
            switch_region(None, false, some("us-east-1"), "ap-south-1"),
            "ap-south-1"
        );
    }
}
