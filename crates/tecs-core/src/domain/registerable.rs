//! Checks an edited RegisterTaskDefinition JSON before the API sees it: what AWS would refuse is a
//! problem with its JSON path, what tecs can fix safely (describe-only fields, the describe shape)
//! is fixed with a note saying so.

use serde_json::{Map, Value};

use super::names::validate_family_name;
use crate::model::task_definition::READ_ONLY_FIELDS;

/// The largest RegisterTaskDefinition request body AWS accepts: 64 KiB ("Task definition size",
/// Amazon ECS service quotas, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html;
/// not adjustable). tecs sends the JSON compact (`register_json` uses `serde_json::to_vec`), so
/// that is the size checked.
pub const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// An edit made ready to send: the JSON as it will be sent, what tecs changed on the way (for the
/// operator to see), and what AWS would refuse (empty when it can be sent).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The RegisterTaskDefinition input, unwrapped and without describe-only fields.
    pub json: Value,
    /// What tecs changed, one sentence each ("dropped revision, status: AWS sets them").
    pub notes: Vec<String>,
    /// Every rule the JSON breaks; the request must not be sent unless this is empty.
    pub problems: Vec<String>,
}

/// Parses an edit and makes it ready to send: a file in the DescribeTaskDefinition shape
/// (`{"taskDefinition": {...}, "tags": [...]}`) is unwrapped, describe-only fields are dropped
/// (both with a note), and every problem is listed. `Err` only for a JSON syntax error.
pub fn prepare(text: &str) -> Result<Prepared, String> {
    let mut json = parse(text)?;
    let mut notes = Vec::new();
    if let Some(note) = unwrap_describe_shape(&mut json) {
        notes.push(note);
    }
    if let Some(note) = drop_describe_only_fields(&mut json) {
        notes.push(note);
    }
    let problems = problems(&json);
    Ok(Prepared {
        json,
        notes,
        problems,
    })
}

/// `{"taskDefinition": {...}}` (as `aws ecs describe-task-definition` prints it, optionally with
/// `"tags": [...]` beside it) becomes the inner object, the tags moved into it.
fn unwrap_describe_shape(json: &mut Value) -> Option<String> {
    let obj = json.as_object()?;
    let only_describe_keys = obj.keys().all(|k| k == "taskDefinition" || k == "tags");
    if !only_describe_keys || !obj.get("taskDefinition").is_some_and(Value::is_object) {
        return None;
    }
    let mut outer = std::mem::take(json);
    let outer = outer.as_object_mut()?;
    let mut inner = outer.remove("taskDefinition")?;
    let tags = outer
        .remove("tags")
        .filter(|t| t.as_array().is_some_and(|a| !a.is_empty()));
    let mut note =
        "unwrapped the DescribeTaskDefinition answer (\"taskDefinition\": {...})".to_string();
    if let (Some(tags), Some(map)) = (tags, inner.as_object_mut()) {
        if map.contains_key("tags") {
            note.push_str("; its outer \"tags\" were ignored (the definition has its own)");
        } else {
            map.insert("tags".to_string(), tags);
            note.push_str(" and kept its tags");
        }
    }
    *json = inner;
    Some(note)
}

/// Drops the fields DescribeTaskDefinition adds and RegisterTaskDefinition refuses.
fn drop_describe_only_fields(json: &mut Value) -> Option<String> {
    let map: &mut Map<String, Value> = json.as_object_mut()?;
    let dropped: Vec<&str> = READ_ONLY_FIELDS
        .iter()
        .copied()
        .filter(|f| map.remove(*f).is_some())
        .collect();
    (!dropped.is_empty()).then(|| {
        format!(
            "dropped {}: AWS sets {} when it registers the revision",
            dropped.join(", "),
            if dropped.len() == 1 { "it" } else { "them" }
        )
    })
}

/// The JSON path of every explicit `null`, e.g. `containerDefinitions[0].environment[0]`.
pub fn null_paths(json: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &mut String, out: &mut Vec<String>) {
        match v {
            Value::Null => out.push(if path.is_empty() {
                "(the whole document)".to_string()
            } else {
                path.clone()
            }),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path, out);
                    path.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(item, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(json, &mut String::new(), &mut out);
    out
}

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
    // AWS refuses an explicit null (and an emulator may store it and then fail to answer):
    // leaving a field out is how to say "not set".
    for path in null_paths(json) {
        out.push(format!(
            "{path} is null: remove it or give it a value (RegisterTaskDefinition refuses null)"
        ));
    }
    let size = serde_json::to_vec(json).map_or(0, |b| b.len());
    if size > MAX_REQUEST_BYTES {
        out.push(format!(
            "the request is {size} bytes; RegisterTaskDefinition accepts at most 64 KiB \
             ({MAX_REQUEST_BYTES} bytes): move long values out (e.g. environment variables to \
             an environmentFiles object in S3, or secrets)"
        ));
    }
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

    #[test]
    fn explicit_nulls_are_problems_named_by_path_also_inside_arrays() {
        // The issue's example: registered by the emulator, then unreadable.
        let text = r#"{"family": "web", "cpu": null, "containerDefinitions": [{"name": "app",
            "image": "nginx", "environment": [null, {"name": "MODE", "value": "blue"}]}]}"#;
        let p = prepare(text).expect("parses");
        assert_eq!(
            null_paths(&p.json),
            ["cpu", "containerDefinitions[0].environment[0]"]
        );
        assert!(
            p.problems
                .iter()
                .any(|m| m.starts_with("containerDefinitions[0].environment[0] is null")),
            "{:?}",
            p.problems
        );
        assert!(
            p.problems.iter().any(|m| m.starts_with("cpu is null")),
            "{:?}",
            p.problems
        );
        let nested = json!({"a": [[1, null]], "b": {"c": null}});
        assert_eq!(null_paths(&nested), ["a[0][1]", "b.c"]);
    }

    #[test]
    fn a_request_over_64_kib_is_a_problem_and_one_at_the_limit_is_not() {
        let mut j = good();
        let base = serde_json::to_vec(&j).expect("encodes").len();
        // Fill one value so that the compact body is exactly the limit.
        let pad = "\"description\":\"\",".len();
        j["description"] = json!("x".repeat(MAX_REQUEST_BYTES - base - pad));
        assert_eq!(
            serde_json::to_vec(&j).expect("encodes").len(),
            MAX_REQUEST_BYTES
        );
        assert!(
            !problems(&j).iter().any(|m| m.contains("64 KiB")),
            "{:?}",
            problems(&j)
        );
        j["description"] = json!("x".repeat(MAX_REQUEST_BYTES - base - pad + 1));
        let p = problems(&j);
        assert!(
            p.iter()
                .any(|m| m.contains("65537 bytes") && m.contains("64 KiB")),
            "{p:?}"
        );
    }

    #[test]
    fn describe_only_fields_are_dropped_with_a_note() {
        let mut j = good();
        j["revision"] = json!(7);
        j["status"] = json!("ACTIVE");
        j["taskDefinitionArn"] = json!("arn:aws:ecs:us-east-1:1:task-definition/web:7");
        j["registeredAt"] = json!("2024-01-01T00:00:00Z");
        let p = prepare(&j.to_string()).expect("parses");
        assert_eq!(p.json, good());
        assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
        assert!(
            p.notes[0].contains("taskDefinitionArn, revision, status, registeredAt"),
            "{:?}",
            p.notes
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn the_describe_shape_is_unwrapped_with_a_note_and_its_tags_kept() {
        let mut inner = good();
        inner["revision"] = json!(3);
        let described = json!({"taskDefinition": inner, "tags": [{"key": "team", "value": "a"}]});
        let p = prepare(&described.to_string()).expect("parses");
        let mut want = good();
        want["tags"] = json!([{"key": "team", "value": "a"}]);
        assert_eq!(p.json, want);
        assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
        assert!(p.notes[0].contains("taskDefinition"), "{:?}", p.notes);
        assert!(p.notes[0].contains("kept its tags"), "{:?}", p.notes);
        assert!(p.notes[1].contains("revision"), "{:?}", p.notes);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        // Without tags, and with empty tags: unwrapped, nothing added.
        let p =
            prepare(&json!({"taskDefinition": good(), "tags": []}).to_string()).expect("parses");
        assert_eq!(p.json, good());
        // An object that merely has a taskDefinition member among others is left alone.
        let odd = json!({"family": "web", "taskDefinition": {}});
        assert_eq!(prepare(&odd.to_string()).expect("parses").json, odd);
    }

    #[test]
    fn a_clean_edit_has_no_notes_and_syntax_errors_stay_errors() {
        let p = prepare(&good().to_string()).expect("parses");
        assert!(p.notes.is_empty() && p.problems.is_empty(), "{p:?}");
        assert!(prepare("{").is_err());
    }
}
