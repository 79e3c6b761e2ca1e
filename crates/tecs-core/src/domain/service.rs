//! Rules for creating a service and running a task, as plain functions: names, counts, the
//! capacity (launch type or capacity provider strategy), what awsvpc and Fargate need, deployment
//! percentages, and which revisions may be used. The create-service and run-task wizards place
//! each message beside its field; the review lists them all.
//!
//! AWS sources: ECS API reference, CreateService (serviceName: up to 255 letters, numbers,
//! underscores and hyphens; desiredCount; deploymentConfiguration) and RunTask (count 1-10,
//! startedBy up to 128 letters, numbers, hyphens, forward slashes and underscores),
//! AwsVpcConfiguration ("all specified subnets must be from the same VPC", up to 16 subnets and up
//! to 5 security groups; assignPublicIp for Fargate), and the developer guide's network modes
//! (Fargate tasks use awsvpc). See also `../shared/docs/ecs-domain.md`.

use super::cluster::validate_capacity_providers;
use super::names::validate_name;
use crate::model::StrategyItem;

/// Most subnets an awsvpc configuration takes.
pub const MAX_SUBNETS: usize = 16;
/// Most security groups an awsvpc configuration takes.
pub const MAX_SECURITY_GROUPS: usize = 5;
/// Most tasks one RunTask call starts.
pub const MAX_RUN_COUNT: i32 = 10;
/// Longest `startedBy`.
pub const MAX_STARTED_BY: usize = 128;
/// The launch types a service or task may name.
pub const LAUNCH_TYPES: [&str; 3] = ["FARGATE", "EC2", "EXTERNAL"];
/// The Fargate capacity providers every cluster can use.
pub const FARGATE_PROVIDERS: [&str; 2] = ["FARGATE", "FARGATE_SPOT"];
/// The console's rolling-update defaults.
pub const DEFAULT_MIN_HEALTHY_PERCENT: i32 = 100;
pub const DEFAULT_MAX_PERCENT: i32 = 200;

/// A service name: 1-255 letters, digits, hyphens and underscores, not used by another service of
/// the cluster (`existing`, when known; ECS refuses a second ACTIVE service of the same name).
pub fn validate_service_name(name: &str, existing: &[String]) -> Result<(), String> {
    validate_name("service", name)?;
    if existing.iter().any(|e| e == name) {
        return Err(format!("the cluster already has a service named {name}"));
    }
    Ok(())
}

/// A whole number typed in a form field (`what` names it in the message).
pub fn parse_count(text: &str, what: &str) -> Result<i32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("the {what} is required"));
    }
    text.parse::<i32>()
        .map_err(|_| format!("the {what} must be a whole number, not {text:?}"))
}

/// A service's desired count: 0 or more (0 creates it without starting tasks).
pub fn validate_desired_count(n: i32) -> Result<(), String> {
    if n < 0 {
        return Err("the desired count cannot be negative".to_string());
    }
    Ok(())
}

/// How many tasks one RunTask starts: 1 to 10.
pub fn validate_run_count(n: i32) -> Result<(), String> {
    if !(1..=MAX_RUN_COUNT).contains(&n) {
        return Err(format!(
            "RunTask starts 1 to {MAX_RUN_COUNT} tasks at a time ({n} asked)"
        ));
    }
    Ok(())
}

/// `startedBy`: up to 128 letters, digits, hyphens, forward slashes and underscores.
pub fn validate_started_by(text: &str) -> Result<(), String> {
    if text.chars().count() > MAX_STARTED_BY {
        return Err(format!(
            "started-by is longer than {MAX_STARTED_BY} characters"
        ));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-/_".contains(*c)))
    {
        return Err(format!(
            "started-by may contain letters, digits, -, / and _ (not {bad:?})"
        ));
    }
    Ok(())
}

/// The rolling update's bounds: minimum healthy 0-100 %, maximum at least 100 % and, so that a
/// deployment can replace anything, not both at 100 %.
pub fn validate_percents(min_healthy: i32, max: i32) -> Vec<String> {
    let mut errors = Vec::new();
    if !(0..=100).contains(&min_healthy) {
        errors.push("the minimum healthy percent must be 0 to 100".to_string());
    }
    if max < 100 {
        errors.push("the maximum percent must be at least 100".to_string());
    }
    if min_healthy == 100 && max == 100 {
        errors.push(
            "with 100 % minimum healthy and 100 % maximum a deployment cannot replace any task: \
             raise the maximum or lower the minimum"
                .to_string(),
        );
    }
    errors
}

/// A capacity provider strategy as typed: `NAME[:weight[:base]]` entries separated by spaces or
/// commas (`FARGATE:1:1 FARGATE_SPOT:3`). A bare name has weight 1 and base 0. The entries are
/// then checked like a cluster's strategy (weights, one base, no mix of Fargate and EC2
/// providers); `cluster_providers`, when known, are the only names allowed.
pub fn parse_strategy(
    text: &str,
    cluster_providers: Option<&[String]>,
) -> Result<Vec<StrategyItem>, String> {
    let mut items = Vec::new();
    for token in text.split([' ', ',']).filter(|t| !t.is_empty()) {
        let mut parts = token.split(':');
        let name = parts.next().unwrap_or_default().to_string();
        if name.is_empty() {
            return Err(format!("{token:?}: the capacity provider name is missing"));
        }
        let number = |p: Option<&str>, what: &str, default: i32| -> Result<i32, String> {
            match p {
                None => Ok(default),
                Some(v) => v.parse::<i32>().or_else(|_| {
                    // Too many digits is a number out of range, and the range check says so.
                    let digits = v.strip_prefix('-').unwrap_or(v);
                    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                        Ok(if v.starts_with('-') {
                            i32::MIN
                        } else {
                            i32::MAX
                        })
                    } else {
                        Err(format!("the {what} of {name} must be a number, not {v:?}"))
                    }
                }),
            }
        };
        let weight = number(parts.next(), "weight", 1)?;
        let base = number(parts.next(), "base", 0)?;
        if parts.next().is_some() {
            return Err(format!(
                "{token:?}: write NAME, NAME:weight or NAME:weight:base"
            ));
        }
        items.push(StrategyItem {
            provider: name,
            weight,
            base,
        });
    }
    if items.is_empty() {
        return Err(
            "name at least one capacity provider, e.g. FARGATE:1:1 FARGATE_SPOT:3".to_string(),
        );
    }
    let names: Vec<String> = items.iter().map(|s| s.provider.clone()).collect();
    let mut errors: Vec<String> = validate_capacity_providers(&names, &items)
        .into_iter()
        // Every name comes from the strategy itself, so "not one of the providers" cannot happen;
        // the same name twice is reported once, as the strategy's.
        .filter(|e| !e.contains("is listed twice"))
        .collect();
    if let Some(known) = cluster_providers {
        for item in &items {
            if !known.contains(&item.provider) {
                errors.push(format!(
                    "{} is not a capacity provider of this cluster ({})",
                    item.provider,
                    if known.is_empty() {
                        "it has none".to_string()
                    } else {
                        known.join(", ")
                    }
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors.join("; "))
    }
}

/// Whether tasks run on Fargate: the FARGATE launch type, or a strategy of Fargate providers.
pub fn runs_on_fargate(launch_type: Option<&str>, strategy: &[StrategyItem]) -> bool {
    match launch_type {
        Some(lt) => lt == "FARGATE",
        None => strategy
            .iter()
            .any(|s| FARGATE_PROVIDERS.contains(&s.provider.as_str())),
    }
}

/// What a revision allows: only ACTIVE revisions start tasks or services.
pub fn validate_revision_status(label: &str, status: &str) -> Result<(), String> {
    if status == "ACTIVE" {
        Ok(())
    } else {
        Err(format!(
            "{label} is {}: only ACTIVE revisions can start tasks or services",
            if status.is_empty() {
                "not ACTIVE"
            } else {
                status
            }
        ))
    }
}

/// Whether the revision can run where it is sent: Fargate needs awsvpc, and a revision that
/// names its compatibilities (`requiresCompatibilities`) runs only there. `fargate` comes from
/// [`runs_on_fargate`]; `launch_type` is the explicit one, if any.
pub fn validate_placement(
    label: &str,
    network_mode: Option<&str>,
    compatibilities: &[String],
    launch_type: Option<&str>,
    fargate: bool,
) -> Vec<String> {
    let mut errors = Vec::new();
    let mode = network_mode.unwrap_or("bridge");
    if fargate && mode != "awsvpc" {
        errors.push(format!(
            "Fargate runs only awsvpc tasks, and {label} uses {mode} networking: choose EC2, or a \
             revision with awsvpc"
        ));
    }
    let needed = if fargate {
        Some("FARGATE")
    } else {
        launch_type
    };
    if let Some(needed) = needed
        && !compatibilities.is_empty()
        && !compatibilities.iter().any(|c| c == needed)
    {
        errors.push(format!(
            "{label} is compatible with {} only, not {needed}",
            compatibilities.join(", ")
        ));
    }
    errors
}

/// Whether `id` is a full EC2 resource id with this prefix (`vpc`, `subnet`, `sg`): the prefix, a
/// dash and 8 or 17 hex digits (EC2 "Resource IDs": the short form before 2018, the long one
/// since).
pub fn is_ec2_id(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            (hex.len() == 8 || hex.len() == 17)
                && hex
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
}

/// Typed ids that are not EC2 ids of this kind, as one message (`None` when all are): checked
/// before the request, since ECS would refuse the whole call for one of them.
pub fn malformed_ids(prefix: &str, noun: &str, typed: &[String]) -> Option<String> {
    let bad: Vec<&str> = typed
        .iter()
        .map(String::as_str)
        .filter(|id| !is_ec2_id(prefix, id))
        .collect();
    (!bad.is_empty()).then(|| {
        format!(
            "malformed {noun} id{}: {} ({prefix}- then 8 or 17 hex digits; space on it unpicks it)",
            if bad.len() == 1 { "" } else { "s" },
            bad.join(", ")
        )
    })
}

/// An awsvpc network configuration: 1-16 subnets and at most 5 security groups (messages for
/// the subnets, then for the groups).
pub fn validate_awsvpc(
    subnets: &[String],
    security_groups: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut subnet_errors = Vec::new();
    if subnets.is_empty() {
        subnet_errors.push("awsvpc needs at least one subnet".to_string());
    } else if subnets.len() > MAX_SUBNETS {
        subnet_errors.push(format!(
            "at most {MAX_SUBNETS} subnets ({} picked)",
            subnets.len()
        ));
    }
    let mut group_errors = Vec::new();
    if security_groups.len() > MAX_SECURITY_GROUPS {
        group_errors.push(format!(
            "at most {MAX_SECURITY_GROUPS} security groups ({} picked)",
            security_groups.len()
        ));
    }
    (subnet_errors, group_errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_ids_are_a_prefix_and_8_or_17_hex_digits() {
        assert!(is_ec2_id("subnet", "subnet-0a1b2c3d"));
        assert!(is_ec2_id("sg", "sg-0123456789abcdef0"));
        assert!(
            !is_ec2_id("subnet", "subnet-0A1B2C3D"),
            "ids are lower case"
        );
        assert!(!is_ec2_id("subnet", "subnet-xyz"));
        assert!(!is_ec2_id("sg", "subnet-0a1b2c3d"));
        assert!(!is_ec2_id("sg", "sg0123456789abcdef0"));
        assert_eq!(
            malformed_ids("sg", "security group", &["sg-0a1b2c3d".into()]),
            None
        );
        assert_eq!(
            malformed_ids(
                "subnet",
                "subnet",
                &["subnet-0a1b2c3d".into(), "subnet-1".into()]
            )
            .as_deref(),
            Some(
                "malformed subnet id: subnet-1 (subnet- then 8 or 17 hex digits; space on it unpicks it)"
            )
        );
    }

    #[test]
    fn service_names_follow_the_name_rules_and_are_unique() {
        assert!(validate_service_name("web-api_2", &[]).is_ok());
        assert!(
            validate_service_name("", &[])
                .unwrap_err()
                .contains("required")
        );
        assert!(validate_service_name("web api", &[]).is_err());
        assert!(validate_service_name(&"a".repeat(256), &[]).is_err());
        assert!(validate_service_name(&"a".repeat(255), &[]).is_ok());
        let err = validate_service_name("web", &["web".into()]).unwrap_err();
        assert!(err.contains("already has a service named web"), "{err}");
    }

    #[test]
    fn counts_are_whole_numbers_in_range() {
        assert_eq!(parse_count(" 3 ", "desired count"), Ok(3));
        assert!(
            parse_count("", "desired count")
                .unwrap_err()
                .contains("required")
        );
        assert!(
            parse_count("two", "count")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(validate_desired_count(0).is_ok());
        assert!(validate_desired_count(-1).is_err());
        assert!(validate_run_count(1).is_ok());
        assert!(validate_run_count(10).is_ok());
        assert!(validate_run_count(0).is_err());
        assert!(validate_run_count(11).unwrap_err().contains("1 to 10"));
    }

    #[test]
    fn started_by_is_short_and_plain() {
        assert!(validate_started_by("tecs/ops_1-x").is_ok());
        assert!(validate_started_by("").is_ok());
        assert!(validate_started_by("a b").is_err());
        assert!(validate_started_by(&"a".repeat(129)).is_err());
    }

    #[test]
    fn percents_bound_the_rolling_update() {
        assert!(validate_percents(100, 200).is_empty());
        assert!(validate_percents(0, 100).is_empty());
        assert_eq!(validate_percents(101, 200).len(), 1);
        assert_eq!(validate_percents(-1, 200).len(), 1);
        assert_eq!(validate_percents(50, 99).len(), 1);
        assert!(validate_percents(100, 100)[0].contains("cannot replace"));
    }

    #[test]
    fn strategies_parse_with_defaults_and_are_checked() {
        let s = parse_strategy("FARGATE:1:1, FARGATE_SPOT:3", None).expect("parses");
        assert_eq!(
            s,
            [
                StrategyItem {
                    provider: "FARGATE".into(),
                    weight: 1,
                    base: 1
                },
                StrategyItem {
                    provider: "FARGATE_SPOT".into(),
                    weight: 3,
                    base: 0
                }
            ]
        );
        assert_eq!(parse_strategy("FARGATE", None).expect("bare")[0].weight, 1);
        let cases = [
            ("", "at least one"),
            ("FARGATE:x", "weight of FARGATE must be a number"),
            ("FARGATE:1:y", "base of FARGATE must be a number"),
            ("FARGATE:1:1:1", "NAME:weight:base"),
            (":1", "name is missing"),
            ("FARGATE:0", "weight above 0"),
            ("FARGATE:1001", "weight must be 0 to 1000"),
            ("FARGATE:1:99999999999", "base must be 0 to 100000"),
            ("FARGATE:-99999999999", "weight must be 0 to 1000"),
            ("FARGATE:1:1 FARGATE_SPOT:1:1", "only one strategy entry"),
            ("FARGATE:1 my-asg:1", "cannot mix"),
            ("FARGATE:1 FARGATE:2", "appears twice"),
        ];
        for (text, reason) in cases {
            let err = parse_strategy(text, None).expect_err(text);
            assert!(err.contains(reason), "{text}: {err}");
        }
        let known = vec!["FARGATE".to_string()];
        let err = parse_strategy("FARGATE_SPOT:1", Some(&known)).unwrap_err();
        assert!(
            err.contains("not a capacity provider of this cluster"),
            "{err}"
        );
        assert!(parse_strategy("FARGATE:1", Some(&known)).is_ok());
    }

    #[test]
    fn fargate_is_the_launch_type_or_a_fargate_strategy() {
        let spot = vec![StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 1,
            base: 0,
        }];
        assert!(runs_on_fargate(Some("FARGATE"), &[]));
        assert!(!runs_on_fargate(Some("EC2"), &spot));
        assert!(runs_on_fargate(None, &spot));
        assert!(!runs_on_fargate(None, &[]));
    }

    #[test]
    fn only_active_revisions_run() {
        assert!(validate_revision_status("web:3", "ACTIVE").is_ok());
        let err = validate_revision_status("web:1", "INACTIVE").unwrap_err();
        assert!(err.contains("web:1 is INACTIVE"), "{err}");
    }

    #[test]
    fn fargate_needs_awsvpc_and_compatibility() {
        let fargate = vec!["FARGATE".to_string()];
        assert!(
            validate_placement("web:3", Some("awsvpc"), &fargate, Some("FARGATE"), true).is_empty()
        );
        let e = validate_placement("api:1", Some("bridge"), &[], Some("FARGATE"), true);
        assert!(e[0].contains("Fargate runs only awsvpc"), "{e:?}");
        let e = validate_placement("web:3", Some("awsvpc"), &fargate, Some("EC2"), false);
        assert!(e[0].contains("FARGATE only, not EC2"), "{e:?}");
        assert!(validate_placement("api:1", None, &[], Some("EC2"), false).is_empty());
        let e = validate_placement("api:1", None, &[], None, true);
        assert!(e[0].contains("bridge"), "no network mode is bridge: {e:?}");
    }

    #[test]
    fn awsvpc_takes_1_to_16_subnets_and_up_to_5_groups() {
        let n = |k: usize, p: &str| (0..k).map(|i| format!("{p}-{i}")).collect::<Vec<_>>();
        assert_eq!(
            validate_awsvpc(&n(16, "subnet"), &n(5, "sg")),
            (vec![], vec![])
        );
        assert!(validate_awsvpc(&[], &[]).0[0].contains("at least one subnet"));
        assert!(validate_awsvpc(&n(17, "subnet"), &[]).0[0].contains("at most 16"));
        assert!(validate_awsvpc(&n(1, "subnet"), &n(6, "sg")).1[0].contains("at most 5"));
    }
}
