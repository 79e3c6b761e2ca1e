//! AWS Regions tecs offers without asking AWS: switching region must never need a permission
//! (`ec2:DescribeRegions`, `account:ListRegions`) the operator may not have. Source: the AWS
//! General Reference, "Regions and Availability Zones" (Region code, name, whether it must be
//! enabled — "opt-in" — before use).

use std::sync::LazyLock;

/// One known Region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownRegion {
    pub code: &'static str,
    pub name: &'static str,
    /// Disabled until an account administrator enables it (Regions introduced after March 2019).
    pub opt_in: bool,
}

const fn r(code: &'static str, name: &'static str, opt_in: bool) -> KnownRegion {
    KnownRegion { code, name, opt_in }
}

/// The commercial Regions, then GovCloud and China (which need their own accounts).
pub const KNOWN_REGIONS: &[KnownRegion] = &[
    r("us-east-1", "US East (N. Virginia)", false),
    r("us-east-2", "US East (Ohio)", false),
    r("us-west-1", "US West (N. California)", false),
    r("us-west-2", "US West (Oregon)", false),
    r("af-south-1", "Africa (Cape Town)", true),
    r("ap-east-1", "Asia Pacific (Hong Kong)", true),
    r("ap-east-2", "Asia Pacific (Taipei)", true),
    r("ap-south-1", "Asia Pacific (Mumbai)", false),
    r("ap-south-2", "Asia Pacific (Hyderabad)", true),
    r("ap-southeast-1", "Asia Pacific (Singapore)", false),
    r("ap-southeast-2", "Asia Pacific (Sydney)", false),
    r("ap-southeast-3", "Asia Pacific (Jakarta)", true),
    r("ap-southeast-4", "Asia Pacific (Melbourne)", true),
    r("ap-southeast-5", "Asia Pacific (Malaysia)", true),
    r("ap-southeast-6", "Asia Pacific (New Zealand)", true),
    r("ap-southeast-7", "Asia Pacific (Thailand)", true),
    r("ap-northeast-1", "Asia Pacific (Tokyo)", false),
    r("ap-northeast-2", "Asia Pacific (Seoul)", false),
    r("ap-northeast-3", "Asia Pacific (Osaka)", false),
    r("ca-central-1", "Canada (Central)", false),
    r("ca-west-1", "Canada West (Calgary)", true),
    r("eu-central-1", "Europe (Frankfurt)", false),
    r("eu-central-2", "Europe (Zurich)", true),
    r("eu-west-1", "Europe (Ireland)", false),
    r("eu-west-2", "Europe (London)", false),
    r("eu-west-3", "Europe (Paris)", false),
    r("eu-south-1", "Europe (Milan)", true),
    r("eu-south-2", "Europe (Spain)", true),
    r("eu-north-1", "Europe (Stockholm)", false),
    r("il-central-1", "Israel (Tel Aviv)", true),
    r("me-south-1", "Middle East (Bahrain)", true),
    r("me-central-1", "Middle East (UAE)", true),
    r("mx-central-1", "Mexico (Central)", true),
    r("sa-east-1", "South America (São Paulo)", false),
    r("us-gov-west-1", "AWS GovCloud (US-West)", false),
    r("us-gov-east-1", "AWS GovCloud (US-East)", false),
    r("cn-north-1", "China (Beijing)", false),
    r("cn-northwest-1", "China (Ningxia)", false),
];

/// The known Region with this code.
pub fn known(code: &str) -> Option<&'static KnownRegion> {
    KNOWN_REGIONS.iter().find(|r| r.code == code)
}

/// The commercial Regions enabled in every account (the overview's list when the account's own
/// cannot be read).
pub fn enabled_by_default() -> Vec<String> {
    KNOWN_REGIONS
        .iter()
        .filter(|r| !r.opt_in && !r.code.starts_with("us-gov-") && !r.code.starts_with("cn-"))
        .map(|r| r.code.to_string())
        .collect()
}

static REGION_CODE: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    // area (2 letters), optional partition word (gov, iso, isob…), direction word(s), number.
    regex::Regex::new(r"^[a-z]{2}(-(gov|iso[a-z]?))?(-[a-z]+)+-[0-9]{1,2}$").ok()
});

/// Why `code` cannot be a Region code (`eu-west-1`), or `None` when it has the shape of one. A
/// well-formed code tecs does not know (a Region newer than tecs) is accepted: AWS decides.
pub fn region_code_problem(code: &str) -> Option<String> {
    let well_formed = REGION_CODE.as_ref().is_some_and(|re| re.is_match(code));
    if well_formed {
        return None;
    }
    Some(format!(
        "{code:?} is not a Region code: codes look like eu-west-1 (:region without a name lists them)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for region in KNOWN_REGIONS {
            assert!(seen.insert(region.code), "{} twice", region.code);
            assert_eq!(region_code_problem(region.code), None, "{}", region.code);
        }
    }

    #[test]
    fn malformed_codes_are_refused_and_new_ones_accepted() {
        for bad in [
            "",
            "eu",
            "eu-west",
            "EU-WEST-1",
            "eu west 1",
            "eu-west-1a",
            "1-2-3",
        ] {
            assert!(region_code_problem(bad).is_some(), "{bad}");
        }
        for good in ["eu-west-9", "us-isob-east-1", "ap-southeast-12"] {
            assert_eq!(region_code_problem(good), None, "{good}");
        }
    }

    #[test]
    fn the_default_list_has_no_opt_in_or_separate_partition_regions() {
        let list = enabled_by_default();
        assert!(list.contains(&"us-east-1".to_string()));
        assert!(!list.contains(&"af-south-1".to_string()));
        assert!(
            !list
                .iter()
                .any(|r| r.starts_with("cn-") || r.starts_with("us-gov-"))
        );
        assert_eq!(list.len(), 17);
    }
}
