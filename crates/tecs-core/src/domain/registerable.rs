//! Checks an edited RegisterTaskDefinition JSON before the API sees it.

use serde_json::Value;

use super::names::validate_family_name;

/// Parses `text`; a syntax error names its line and column.
pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| {
        format!(
            "JSON syntax error at line {} column {}: {e}",
            e.line(),
            e.column()
        )
    })
}

/// Every rule the JSON breaks (empty when it is fine to send).
pub fn problems(json: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(obj) = json.as_object() else {
        return vec!["the task definition must be a JSON object".into()];
    };
    match obj.get("family").and_then(Value::as_str) {
        Some(f) => {
            if let Err(e) = validate_family_name(f) {
                out.push(e);
            }
        }
        None => out.push("\"family\" is required".into()),
    }
    let containers = obj.get("containerDefinitions").and_then(Value::as_array);
    match containers {
        None => out.push("\"containerDefinitions\" is required".into()),
        Some(list) if list.is_empty() => out.push("at least one container is required".into()),
        Some(list) => {
            let mut names: Vec<&str> = Vec::new();
            let mut essential = false;
            for (i, c) in list.iter().enumerate() {
                let name = c.get("name").and_then(Value::as_str);
                match name {
                    Some(n) if names.contains(&n) => {
                        out.push(format!("container name {n:?} is used twice"))
                    }
                    Some(n) => names.push(n),
                    None => out.push(format!("container {} has no \"name\"", i + 1)),
                }
                if c.get("image")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    out.push(format!(
                        "container {} has no \"image\"",
                        name.unwrap_or("#?")
                    ));
                }
                essential |= c.get("essential").and_then(Value::as_bool).unwrap_or(true);
            }
            if !essential {
                out.push("at least one container must be essential".into());
            }
        }
    }
    let fargate = obj
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("FARGATE")));
    if fargate {
        if let Some(mode) = obj.get("networkMode").and_then(Value::as_str)
            && mode != "awsvpc"
        {
            out.push(format!("Fargate needs network mode awsvpc, not {mode}"));
        }
        let cpu = obj
            .get("cpu")
            .and_then(Value::as_str)
            .and_then(|c| c.parse::<u32>().ok());
        let memory = obj
            .get("memory")
            .and_then(Value::as_str)
            .and_then(|m| m.parse::<u32>().ok());
        match (cpu, memory) {
            (Some(cpu), Some(memory)) => {
                let os = obj
                    .get("runtimePlatform")
                    .and_then(|p| p.get("operatingSystemFamily"))
                    .and_then(Value::as_str)
                    .and_then(super::platform::OsFamily::from_api)
                    .unwrap_or(super::platform::OsFamily::Linux);
                if let Err(e) = super::task_size::validate_fargate(cpu, memory, os) {
                    out.push(format!("Fargate size: {e}"));
                }
            }
            _ => out.push(
                "Fargate needs task-level \"cpu\" and \"memory\" (as strings of numbers)".into(),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
               "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "app", "image": "nginx"}]})
    }

    #[test]
    fn a_good_definition_has_no_problems() {
        assert!(problems(&good()).is_empty(), "{:?}", problems(&good()));
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let e = parse("{\n  \"family\": \"web\",\n  oops\n}").expect_err("bad json");
        assert!(e.contains("line 3 column 3"), "{e}");
    }

    #[test]
    fn each_rule_is_reported() {
        let mut j = good();
        j["family"] = json!("bad name");
        j["networkMode"] = json!("bridge");
        j["memory"] = json!("3000");
        j["containerDefinitions"] = json!([
            {"name": "a", "image": "x", "essential": false},
            {"name": "a", "essential": false}
        ]);
        let p = problems(&j);
        assert!(
            p.iter().any(|m| m.contains("family name may contain only")),
            "{p:?}"
        );
        assert!(p.iter().any(|m| m.contains("awsvpc")), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("512")),
            "size error names the valid memory: {p:?}"
        );
        assert!(p.iter().any(|m| m.contains("used twice")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("no \"image\"")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("essential")), "{p:?}");
        assert_eq!(
            problems(&json!({"family": "x"})),
            ["\"containerDefinitions\" is required"]
        );
    }
}
