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
