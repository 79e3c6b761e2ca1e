//! The named profiles of the shared config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`, or `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), read with the SDK's
//! own parser so the picker lists exactly what `--profile` accepts.

use aws_config::profile::{Profile, ProfileSet};
use aws_types::os_shim_internal::{Env, Fs};

use crate::model::profile::{ProfileKind, ProfileSummary};

/// Every profile in the shared files, sorted by name. A file that does not exist is no profiles;
/// a file that cannot be parsed is an error naming it (the SDK's message).
pub async fn list_profiles() -> Result<Vec<ProfileSummary>, String> {
    list_profiles_in(&Fs::real(), &Env::real()).await
}

/// [`list_profiles`] over a given file system and environment (tests).
pub async fn list_profiles_in(fs: &Fs, env: &Env) -> Result<Vec<ProfileSummary>, String> {
    // The default file locations (`Default` of the parameter's type, which aws-config only
    // re-exports under a deprecated alias).
    let set = aws_config::profile::load(fs, env, &Default::default(), None)
        .await
        .map_err(|e| format!("the AWS config files could not be read: {e}"))?;
    Ok(summaries(&set))
}

fn summaries(set: &ProfileSet) -> Vec<ProfileSummary> {
    let mut out: Vec<ProfileSummary> = set
        .profiles()
        .filter_map(|name| set.get_profile(name))
        .map(|p| summary(set, p))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The kind in the SDK chain's order: a role to assume wins over the source of its credentials.
fn summary(set: &ProfileSet, p: &Profile) -> ProfileSummary {
    let (kind, detail) = if let Some(role) = p.get("role_arn") {
        if p.get("web_identity_token_file").is_some() {
            (ProfileKind::WebIdentity, role.to_string())
        } else {
            let from = p
                .get("source_profile")
                .map(|s| format!(" from profile {s}"))
                .or_else(|| p.get("credential_source").map(|s| format!(" from {s}")))
                .unwrap_or_default();
            (ProfileKind::AssumeRole, format!("{role}{from}"))
        }
    } else if let Some(session) = p.get("sso_session") {
        let url = set
            .sso_session(session)
            .and_then(|s| s.get("sso_start_url"))
            .unwrap_or("");
        (ProfileKind::Sso, sso_detail(p, url, Some(session)))
    } else if let Some(url) = p.get("sso_start_url") {
        (ProfileKind::Sso, sso_detail(p, url, None))
    } else if let Some(process) = p.get("credential_process") {
        (ProfileKind::CredentialProcess, process.to_string())
    } else if let Some(key) = p.get("aws_access_key_id") {
        // The access key id is not secret, but its start is enough to tell two apart.
        let shown: String = key.chars().take(8).collect();
        (ProfileKind::Static, format!("key {shown}…"))
    } else {
        (ProfileKind::NoCredentials, String::new())
    };
    ProfileSummary {
        name: p.name().to_string(),
        kind,
        region: p.get("region").map(str::to_string),
        detail,
    }
}

fn sso_detail(p: &Profile, url: &str, session: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(account) = p.get("sso_account_id") {
        parts.push(account.to_string());
    }
    if let Some(role) = p.get("sso_role_name") {
        parts.push(role.to_string());
    }
    if let Some(session) = session {
        parts.push(format!("session {session}"));
    }
    if !url.is_empty() {
        parts.push(url.to_string());
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = eu-west-1

[profile prod]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile legacy-sso]
sso_start_url = https://old.awsapps.com/start
sso_account_id = 444455556666
sso_role_name = ReadOnly

[profile deploy]
role_arn = arn:aws:iam::111122223333:role/deploy
source_profile = default

[profile ci]
role_arn = arn:aws:iam::111122223333:role/ci
web_identity_token_file = /var/run/token

[profile vault]
credential_process = /usr/local/bin/vault-aws prod
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[keys-only]
aws_access_key_id = AKIAI44QH8DHBEXAMPLE
aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY
";

    async fn sample() -> Vec<ProfileSummary> {
        let fs = Fs::from_slice(&[
            ("/home/op/.aws/config", CONFIG),
            ("/home/op/.aws/credentials", CREDENTIALS),
        ]);
        let env = Env::from_slice(&[("HOME", "/home/op")]);
        list_profiles_in(&fs, &env).await.expect("profiles")
    }

    fn find<'a>(list: &'a [ProfileSummary], name: &str) -> &'a ProfileSummary {
        list.iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} in {list:?}"))
    }

    #[tokio::test]
    async fn every_kind_is_told_apart() {
        let list = sample().await;
        let names: Vec<&str> = list.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ci",
                "default",
                "deploy",
                "keys-only",
                "legacy-sso",
                "prod",
                "vault"
            ]
        );
        assert_eq!(find(&list, "prod").kind, ProfileKind::Sso);
        assert_eq!(
            find(&list, "prod").detail,
            "111122223333 · Admin · session corp · https://corp.awsapps.com/start"
        );
        assert_eq!(find(&list, "prod").region.as_deref(), Some("us-east-1"));
        assert_eq!(find(&list, "legacy-sso").kind, ProfileKind::Sso);
        assert_eq!(find(&list, "deploy").kind, ProfileKind::AssumeRole);
        assert!(
            find(&list, "deploy")
                .detail
                .ends_with("from profile default")
        );
        assert_eq!(find(&list, "ci").kind, ProfileKind::WebIdentity);
        assert_eq!(find(&list, "vault").kind, ProfileKind::CredentialProcess);
        // Keys from the credentials file merge into the config file's profile of the same name.
        let default = find(&list, "default");
        assert_eq!(default.kind, ProfileKind::Static);
        assert_eq!(default.region.as_deref(), Some("eu-west-1"));
        assert_eq!(find(&list, "keys-only").kind, ProfileKind::Static);
    }

    #[tokio::test]
    async fn no_secret_reaches_the_summary() {
        for p in sample().await {
            assert!(!p.detail.contains("EXAMPLEKEY"), "{p:?}");
            assert!(!p.detail.contains("AKIAIOSFODNN7EXAMPLE"), "{p:?}");
        }
    }

    #[tokio::test]
    async fn missing_files_are_no_profiles_and_the_variables_are_honoured() {
        let env = Env::from_slice(&[("HOME", "/home/none")]);
        assert_eq!(
            list_profiles_in(&Fs::from_slice(&[]), &env).await,
            Ok(vec![])
        );
        let fs = Fs::from_slice(&[("/etc/aws-config", "[profile only]\nregion = ap-south-1\n")]);
        let env = Env::from_slice(&[
            ("HOME", "/home/none"),
            ("AWS_CONFIG_FILE", "/etc/aws-config"),
        ]);
        let list = list_profiles_in(&fs, &env).await.expect("profiles");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].kind, ProfileKind::NoCredentials);
    }
}
