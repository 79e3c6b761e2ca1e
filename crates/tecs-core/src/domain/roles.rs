//! Task and execution roles: when the execution role is required, and what a role ARN looks like.

/// What one container needs from the ECS agent, as far as the execution role is concerned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerNeeds {
    pub name: String,
    pub image: String,
    /// Logs with the `awslogs` driver.
    pub awslogs: bool,
    /// `secrets` (Secrets Manager or SSM Parameter Store) are referenced.
    pub secrets: bool,
    /// Private registry authentication (`repositoryCredentials`).
    pub repository_credentials: bool,
    /// `environmentFiles` from S3.
    pub environment_files: bool,
    /// The log configuration's `secretOptions`.
    pub log_secrets: bool,
}

/// Whether an image lives in a private ECR repository
/// (`<account>.dkr.ecr.<region>.amazonaws.com/...`, FIPS and China endpoints included), which the
/// agent pulls with the execution role. Public ECR (`public.ecr.aws`) and other registries do not.
pub fn is_private_ecr_image(image: &str) -> bool {
    let Some((host, path)) = image.trim().split_once('/') else {
        return false;
    };
    if path.is_empty() {
        return false;
    }
    let Some((account, rest)) = host.split_once('.') else {
        return false;
    };
    if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = rest
        .strip_prefix("dkr.ecr-fips.")
        .or_else(|| rest.strip_prefix("dkr.ecr."));
    let Some(rest) = rest else {
        return false;
    };
    let region = rest
        .strip_suffix(".amazonaws.com")
        .or_else(|| rest.strip_suffix(".amazonaws.com.cn"));
    region.is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    })
}

/// Why the definition needs an execution role: one line per container and reason, empty when
/// it does not need one.
pub fn execution_role_reasons(containers: &[ContainerNeeds]) -> Vec<String> {
    let mut out = Vec::new();
    for c in containers {
        let name = if c.name.is_empty() {
            "(unnamed)"
        } else {
            c.name.as_str()
        };
        let mut reasons = Vec::new();
        if c.awslogs {
            reasons.push("awslogs logging");
        }
        if is_private_ecr_image(&c.image) {
            reasons.push("private ECR image");
        }
        if c.secrets {
            reasons.push("secrets");
        }
        if c.repository_credentials {
            reasons.push("private registry authentication");
        }
        if c.environment_files {
            reasons.push("environment files");
        }
        if c.log_secrets {
            reasons.push("log secret options");
        }
        if !reasons.is_empty() {
            out.push(format!("{name}: {}", reasons.join(", ")));
        }
    }
    out
}

/// Checks that an execution role is given when the containers need one.
pub fn check_execution_role(
    containers: &[ContainerNeeds],
    role: Option<&str>,
) -> Result<(), String> {
    let reasons = execution_role_reasons(containers);
    if reasons.is_empty() || role.is_some_and(|r| !r.trim().is_empty()) {
        Ok(())
    } else {
        Err(format!(
            "an execution role is required ({})",
            reasons.join("; ")
        ))
    }
}

/// Checks an IAM role ARN: `arn:<partition>:iam::<12-digit account>:role/<path/>name`.
pub fn validate_role_arn(arn: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return Err("a role ARN looks like arn:aws:iam::123456789012:role/NAME".to_string());
    };
    let bad = |what: &str| {
        Err(format!(
            "not a role ARN: {what} (arn:aws:iam::123456789012:role/NAME)"
        ))
    };
    if *prefix != "arn" || !["aws", "aws-cn", "aws-us-gov"].contains(partition) {
        return bad("it must start with arn:aws");
    }
    if *service != "iam" || !region.is_empty() {
        return bad("the service must be iam with no region");
    }
    if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
        return bad("the account must be 12 digits");
    }
    let Some(name_path) = resource.strip_prefix("role/") else {
        return bad("the resource must be role/NAME");
    };
    let name = name_path.rsplit('/').next().unwrap_or_default();
    let name_ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if !name_ok {
        return bad("the role name is 1-64 letters, digits and +=,.@_-");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(name: &str, image: &str) -> ContainerNeeds {
        ContainerNeeds {
            name: name.into(),
            image: image.into(),
            ..Default::default()
        }
    }

    #[test]
    fn private_ecr_images() {
        for yes in [
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web@sha256:abc",
            "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/web",
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web",
        ] {
            assert!(is_private_ecr_image(yes), "{yes}");
        }
        for no in [
            "nginx",
            "nginx:1.27",
            "public.ecr.aws/nginx/nginx:latest",
            "ghcr.io/org/app:1",
            "12345678901.dkr.ecr.us-east-1.amazonaws.com/web",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "123456789012.dkr.ecr..amazonaws.com/web",
            "123456789012.dkr.ecr.us-east-1.example.com/web",
            "abcdefghijkl.dkr.ecr.us-east-1.amazonaws.com/web",
        ] {
            assert!(!is_private_ecr_image(no), "{no}");
        }
    }

    #[test]
    fn each_reason_requires_the_execution_role() {
        let plain = needs("app", "nginx");
        assert!(execution_role_reasons(std::slice::from_ref(&plain)).is_empty());
        assert!(check_execution_role(std::slice::from_ref(&plain), None).is_ok());

        let variants: Vec<(ContainerNeeds, &str)> = vec![
            (
                ContainerNeeds {
                    awslogs: true,
                    ..plain.clone()
                },
                "awslogs logging",
            ),
            (
                needs("app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"),
                "private ECR image",
            ),
            (
                ContainerNeeds {
                    secrets: true,
                    ..plain.clone()
                },
                "secrets",
            ),
            (
                ContainerNeeds {
                    repository_credentials: true,
                    ..plain.clone()
                },
                "private registry authentication",
            ),
            (
                ContainerNeeds {
                    environment_files: true,
                    ..plain.clone()
                },
                "environment files",
            ),
            (
                ContainerNeeds {
                    log_secrets: true,
                    ..plain.clone()
                },
                "log secret options",
            ),
        ];
        for (c, reason) in variants {
            let set = [plain.clone(), c];
            assert_eq!(execution_role_reasons(&set), [format!("app: {reason}")]);
            let err = check_execution_role(&set, None).expect_err(reason);
            assert!(err.contains(reason), "{err}");
            assert!(
                check_execution_role(&set, Some("  ")).is_err(),
                "blank is none"
            );
            assert!(check_execution_role(&set, Some("arn:aws:iam::123456789012:role/x")).is_ok());
        }
    }

    #[test]
    fn reasons_are_listed_per_container() {
        let set = [
            ContainerNeeds {
                awslogs: true,
                secrets: true,
                ..needs("web", "nginx")
            },
            ContainerNeeds {
                awslogs: true,
                ..needs("", "nginx")
            },
        ];
        assert_eq!(
            execution_role_reasons(&set),
            [
                "web: awslogs logging, secrets",
                "(unnamed): awslogs logging"
            ]
        );
    }

    #[test]
    fn role_arns() {
        for ok in [
            "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "arn:aws:iam::123456789012:role/service-role/my.role+x=y,z@w_v-1",
            "arn:aws-cn:iam::123456789012:role/r",
            "arn:aws-us-gov:iam::123456789012:role/r",
        ] {
            assert!(validate_role_arn(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "ecsTaskExecutionRole",
            "arn:aws:iam::123456789012:user/bob",
            "arn:aws:iam:us-east-1:123456789012:role/r",
            "arn:aws:s3::123456789012:role/r",
            "arn:aws:iam::12345:role/r",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/has space",
            "arn:other:iam::123456789012:role/r",
        ] {
            assert!(validate_role_arn(bad).is_err(), "{bad}");
        }
        let long = format!("arn:aws:iam::123456789012:role/{}", "r".repeat(65));
        assert!(validate_role_arn(&long).is_err());
    }
}
