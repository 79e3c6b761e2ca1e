//! Container image references: ECR's `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG`.

/// The registry's account id of an ECR image (`ACCOUNT.dkr.ecr.…`).
pub fn ecr_registry(image: &str) -> Option<String> {
    let host = image.split('/').next()?;
    host.contains(".dkr.ecr.")
        .then(|| host.split('.').next().map(str::to_string))?
}

/// `ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG` → `(REPO, TAG)`; a digest reference gives the
/// digest as the tag.
pub fn ecr_reference(image: &str) -> Option<(String, String)> {
    let (host, rest) = image.split_once('/')?;
    if !host.contains(".dkr.ecr.") {
        return None;
    }
    if let Some((repo, digest)) = rest.split_once('@') {
        return Some((repo.to_string(), digest.to_string()));
    }
    match rest.rsplit_once(':') {
        Some((repo, tag)) => Some((repo.to_string(), tag.to_string())),
        None => Some((rest.to_string(), "latest".to_string())),
    }
}

/// An ECR image of `region`'s registries as `(registry account, repository, tag)`: the images
/// tecs can look up with the region's clients. Images of another region's ECR, of ECR Public or
/// of any other registry give `None`.
pub fn ecr_in_region(image: &str, region: &str) -> Option<(Option<String>, String, String)> {
    let host = image.split('/').next()?;
    if !host.contains(&format!(".dkr.ecr.{region}.")) {
        return None;
    }
    let (repository, tag) = ecr_reference(image)?;
    Some((ecr_registry(image), repository, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_regions_ecr_images_are_looked_up() {
        assert_eq!(
            ecr_in_region(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.5.0",
                "eu-west-1"
            ),
            Some((
                Some("123456789012".into()),
                "shop/web".into(),
                "2.5.0".into()
            ))
        );
        assert_eq!(
            ecr_in_region(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.5.0",
                "us-east-1"
            ),
            None
        );
        // A repository named after a region is not a registry of that region.
        assert_eq!(
            ecr_in_region(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror.eu-west-1.x:1",
                "eu-west-1"
            ),
            None
        );
        assert_eq!(
            ecr_in_region("public.ecr.aws/nginx/nginx:1", "us-east-1"),
            None
        );
    }
}
