//! A task definition diff shows changes, not order: lists whose order AWS ignores (environment,
//! secrets, port mappings, mount points, ...) are compared by their key, and a list that only
//! changed order is named as such instead of showing as changed values.

use std::cmp::Ordering;

use serde_json::Value;

/// Lists inside a container definition whose order does not matter, with the members that
/// identify an entry (compared in turn). An empty key list means "the value itself" (string lists).
const CONTAINER_LISTS: &[(&str, &[&str])] = &[
    ("environment", &["name"]),
    ("secrets", &["name"]),
    // By name when the mappings are named (Service Connect), else by port and protocol.
    (
        "portMappings",
        &[
            "name",
            "containerPort",
            "protocol",
            "hostPort",
            "containerPortRange",
        ],
    ),
    ("mountPoints", &["sourceVolume", "containerPath"]),
    ("environmentFiles", &["type", "value"]),
    ("ulimits", &["name"]),
    ("dependsOn", &["containerName"]),
    ("volumesFrom", &["sourceContainer"]),
    ("extraHosts", &["hostname", "ipAddress"]),
    ("systemControls", &["namespace"]),
    ("resourceRequirements", &["type"]),
];

/// Task-level lists whose order does not matter.
const TASK_LISTS: &[(&str, &[&str])] = &[
    ("containerDefinitions", &["name"]),
    ("volumes", &["name"]),
    ("tags", &["key"]),
    ("requiresCompatibilities", &[]),
];

/// `v` with every order-insensitive list sorted by its key, so that two task definitions that
/// differ only in such order normalize to the same value (and a line diff of the pretty forms
/// shows only real changes). Everything else is left as it is.
pub fn normalized(v: &Value) -> Value {
    let mut out = v.clone();
    if let Some(task) = out.as_object_mut() {
        if let Some(Value::Array(containers)) = task.get_mut("containerDefinitions") {
            for container in containers.iter_mut() {
                if let Some(c) = container.as_object_mut() {
                    for (field, keys) in CONTAINER_LISTS {
                        if let Some(Value::Array(list)) = c.get_mut(*field) {
                            sort_by_keys(list, keys);
                        }
                    }
                }
            }
        }
        for (field, keys) in TASK_LISTS {
            if let Some(Value::Array(list)) = task.get_mut(*field) {
                sort_by_keys(list, keys);
            }
        }
    }
    out
}

/// The JSON paths of lists that differ between `old` and `new` only in order, e.g.
/// `containerDefinitions[0].environment` (indexes are `new`'s; containers are matched by name).
/// A list whose entries also changed is not listed: it shows as changed values.
pub fn order_only_changes(old: &Value, new: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let empty = Vec::new();
    let containers = |v: &Value| -> Vec<Value> {
        v.get("containerDefinitions")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
            .clone()
    };
    let (old_containers, new_containers) = (containers(old), containers(new));
    for (i, c_new) in new_containers.iter().enumerate() {
        let name = c_new.get("name").and_then(Value::as_str);
        let c_old = match name {
            Some(n) => old_containers
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(n)),
            None => old_containers.get(i),
        };
        let Some(c_old) = c_old else { continue };
        for (field, keys) in CONTAINER_LISTS {
            if reordered_only(c_old.get(*field), c_new.get(*field), keys) {
                out.push(format!("containerDefinitions[{i}].{field}"));
            }
        }
    }
    for (field, keys) in TASK_LISTS {
        let (a, b) = (old.get(*field), new.get(*field));
        let same_after_sorting = match (a, b) {
            // Containers count as reordered only when, normalized inside too, they are equal.
            (Some(Value::Array(_)), Some(Value::Array(_))) if *field == "containerDefinitions" => {
                a != b
                    && normalized(old).get(*field) == normalized(new).get(*field)
                    && order_differs(a, b, keys)
            }
            _ => reordered_only(a, b, keys),
        };
        if same_after_sorting {
            out.push((*field).to_string());
        }
    }
    out
}

/// Both are lists with the same entries in a different order.
fn reordered_only(a: Option<&Value>, b: Option<&Value>, keys: &[&str]) -> bool {
    let (Some(Value::Array(a)), Some(Value::Array(b))) = (a, b) else {
        return false;
    };
    if a == b || a.len() != b.len() {
        return false;
    }
    let (mut a, mut b) = (a.clone(), b.clone());
    sort_by_keys(&mut a, keys);
    sort_by_keys(&mut b, keys);
    a == b
}

/// Whether the entries' keys come in a different order (for containers, whose contents may also
/// have been reordered inside).
fn order_differs(a: Option<&Value>, b: Option<&Value>, keys: &[&str]) -> bool {
    let names = |v: Option<&Value>| -> Vec<Vec<Key>> {
        v.and_then(Value::as_array)
            .map(|l| l.iter().map(|e| key_of(e, keys)).collect())
            .unwrap_or_default()
    };
    names(a) != names(b)
}

/// One part of an entry's key: absent sorts first, numbers before strings, numbers by value.
#[derive(Debug, Clone, PartialEq)]
enum Key {
    Missing,
    Number(f64),
    Text(String),
    /// Objects, lists, booleans: compared by their JSON text.
    Other(String),
}

impl Key {
    fn rank(&self) -> u8 {
        match self {
            Key::Missing => 0,
            Key::Number(_) => 1,
            Key::Text(_) => 2,
            Key::Other(_) => 3,
        }
    }

    fn cmp(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => a.total_cmp(b),
            (Key::Text(a), Key::Text(b)) | (Key::Other(a), Key::Other(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

fn key_part(v: Option<&Value>) -> Key {
    match v {
        None | Some(Value::Null) => Key::Missing,
        Some(Value::Number(n)) => Key::Number(n.as_f64().unwrap_or_default()),
        Some(Value::String(s)) => Key::Text(s.clone()),
        Some(other) => Key::Other(other.to_string()),
    }
}

fn key_of(entry: &Value, keys: &[&str]) -> Vec<Key> {
    if keys.is_empty() {
        return vec![key_part(Some(entry))];
    }
    keys.iter().map(|k| key_part(entry.get(*k))).collect()
}

/// Sorts by the key members, then by the whole entry's JSON text, so that entries with equal
/// keys (duplicates) still sort the same way whatever order they came in.
fn sort_by_keys(list: &mut [Value], keys: &[&str]) {
    list.sort_by(|a, b| {
        let (ka, kb) = (key_of(a, keys), key_of(b, keys));
        ka.iter()
            .zip(&kb)
            .map(|(x, y)| x.cmp(y))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.to_string().cmp(&b.to_string()))
    });
}

/// Whether `found` (a description from AWS) holds everything in `sent` (what tecs registered):
/// every field of `sent` is in `found` with the same value, lists compared entry by entry after
/// [`normalized`]. Fields AWS adds with defaults (`essential`, `protocol`, empty lists) are not
/// in `sent` and so do not matter. Used to recognise a registration whose answer was lost.
pub fn contains(found: &Value, sent: &Value) -> bool {
    fn sub(found: &Value, sent: &Value) -> bool {
        match (found, sent) {
            (Value::Object(f), Value::Object(s)) => s
                .iter()
                .all(|(k, v)| f.get(k).is_some_and(|fv| sub(fv, v)) || is_empty(v)),
            (Value::Array(f), Value::Array(s)) => {
                f.len() == s.len() && f.iter().zip(s).all(|(fv, sv)| sub(fv, sv))
            }
            // AWS answers numbers given as strings (cpu "256") unchanged, and the reverse.
            (Value::String(f), Value::Number(s)) | (Value::Number(s), Value::String(f)) => {
                *f == s.to_string()
            }
            (f, s) => f == s,
        }
    }
    // An empty list or object sent is the same as one left out: AWS omits it in describe.
    fn is_empty(v: &Value) -> bool {
        matches!(v, Value::Array(a) if a.is_empty())
            || matches!(v, Value::Object(o) if o.is_empty())
    }
    sub(&normalized(found), &normalized(sent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn td(env: Value, ports: Value) -> Value {
        json!({
            "family": "web",
            "containerDefinitions": [
                {"name": "app", "image": "nginx", "environment": env, "portMappings": ports},
                {"name": "sidecar", "image": "envoy"}
            ]
        })
    }

    fn env(pairs: &[(&str, &str)]) -> Value {
        Value::Array(
            pairs
                .iter()
                .map(|(n, v)| json!({"name": n, "value": v}))
                .collect(),
        )
    }

    #[test]
    fn environment_reordered_only_is_order_changed_and_normalizes_equal() {
        let old = td(env(&[("A", "1"), ("B", "2"), ("C", "3")]), json!([]));
        let new = td(env(&[("C", "3"), ("A", "1"), ("B", "2")]), json!([]));
        assert_ne!(old, new);
        assert_eq!(normalized(&old), normalized(&new));
        assert_eq!(
            order_only_changes(&old, &new),
            ["containerDefinitions[0].environment"]
        );
    }

    #[test]
    fn environment_reordered_and_changed_is_a_change_not_an_order_change() {
        let old = td(env(&[("A", "1"), ("B", "2")]), json!([]));
        let new = td(env(&[("B", "2"), ("A", "changed")]), json!([]));
        assert_ne!(normalized(&old), normalized(&new));
        assert!(order_only_changes(&old, &new).is_empty());
        // The normalized forms differ in exactly the changed value.
        let (o, n) = (normalized(&old), normalized(&new));
        assert_eq!(o["containerDefinitions"][0]["environment"][0]["value"], "1");
        assert_eq!(
            n["containerDefinitions"][0]["environment"][0]["value"],
            "changed"
        );
        assert_eq!(
            o["containerDefinitions"][0]["environment"][1],
            n["containerDefinitions"][0]["environment"][1]
        );
    }

    #[test]
    fn ports_reordered_are_compared_by_port_and_protocol_or_name() {
        let ports_old = json!([
            {"containerPort": 8080, "protocol": "tcp"},
            {"containerPort": 443, "protocol": "tcp"},
            {"containerPort": 443, "protocol": "udp"}
        ]);
        let ports_new = json!([
            {"containerPort": 443, "protocol": "udp"},
            {"containerPort": 8080, "protocol": "tcp"},
            {"containerPort": 443, "protocol": "tcp"}
        ]);
        let old = td(json!([]), ports_old);
        let new = td(json!([]), ports_new);
        assert_eq!(normalized(&old), normalized(&new));
        assert_eq!(
            order_only_changes(&old, &new),
            ["containerDefinitions[0].portMappings"]
        );
        // Numbers sort by value (443 before 8080), tcp before udp.
        let sorted = &normalized(&new)["containerDefinitions"][0]["portMappings"];
        assert_eq!(sorted[0], json!({"containerPort": 443, "protocol": "tcp"}));
        assert_eq!(sorted[2]["containerPort"], 8080);
        // Named mappings sort by name.
        let named = td(
            json!([]),
            json!([{"name": "web", "containerPort": 80}, {"name": "admin", "containerPort": 9000}]),
        );
        assert_eq!(
            normalized(&named)["containerDefinitions"][0]["portMappings"][0]["name"],
            "admin"
        );
    }

    #[test]
    fn other_keyed_lists_and_reordered_containers() {
        let old = json!({
            "family": "web",
            "tags": [{"key": "b", "value": "1"}, {"key": "a", "value": "2"}],
            "containerDefinitions": [
                {"name": "app", "image": "x",
                 "secrets": [{"name": "S2", "valueFrom": "arn:2"}, {"name": "S1", "valueFrom": "arn:1"}],
                 "mountPoints": [{"sourceVolume": "v2", "containerPath": "/b"}, {"sourceVolume": "v1", "containerPath": "/a"}],
                 "dependsOn": [{"containerName": "z", "condition": "START"}, {"containerName": "b", "condition": "START"}],
                 "ulimits": [{"name": "nofile", "softLimit": 1, "hardLimit": 2}, {"name": "core", "softLimit": 0, "hardLimit": 0}],
                 "environmentFiles": [{"type": "s3", "value": "arn:b"}, {"type": "s3", "value": "arn:a"}],
                 "command": ["b", "a"]},
                {"name": "sidecar", "image": "y"}
            ]
        });
        let mut new = old.clone();
        for list in [
            "secrets",
            "mountPoints",
            "dependsOn",
            "ulimits",
            "environmentFiles",
        ] {
            if let Some(Value::Array(l)) = new["containerDefinitions"][0].get_mut(list) {
                l.reverse();
            }
        }
        if let Some(Value::Array(l)) = new.get_mut("tags") {
            l.reverse();
        }
        if let Some(Value::Array(l)) = new.get_mut("containerDefinitions") {
            l.reverse();
        }
        assert_eq!(normalized(&old), normalized(&new));
        let mut changes = order_only_changes(&old, &new);
        changes.sort();
        assert_eq!(
            changes,
            [
                "containerDefinitions",
                "containerDefinitions[1].dependsOn",
                "containerDefinitions[1].environmentFiles",
                "containerDefinitions[1].mountPoints",
                "containerDefinitions[1].secrets",
                "containerDefinitions[1].ulimits",
                "tags",
            ]
        );
        // Order that matters stays: a reversed command is a change.
        let mut cmd = old.clone();
        cmd["containerDefinitions"][0]["command"] = json!(["a", "b"]);
        assert_ne!(normalized(&old), normalized(&cmd));
        assert!(order_only_changes(&old, &cmd).is_empty());
    }

    #[test]
    fn duplicate_keys_normalize_the_same_whatever_their_order() {
        let old = td(env(&[("A", "1"), ("A", "2")]), json!([]));
        let new = td(env(&[("A", "2"), ("A", "1")]), json!([]));
        assert_eq!(normalized(&old), normalized(&new));
        assert_eq!(order_only_changes(&old, &new).len(), 1);
    }

    #[test]
    fn identical_definitions_have_no_order_changes() {
        let v = td(env(&[("A", "1")]), json!([{"containerPort": 80}]));
        assert!(order_only_changes(&v, &v).is_empty());
        assert_eq!(normalized(&json!("not an object")), json!("not an object"));
    }

    #[test]
    fn a_description_contains_what_was_registered_despite_defaults_and_order() {
        let sent = json!({"family": "web", "cpu": "256", "containerDefinitions": [
            {"name": "app", "image": "nginx", "environment": [
                {"name": "B", "value": "2"}, {"name": "A", "value": "1"}], "mountPoints": []}]});
        let found = json!({"family": "web", "cpu": "256", "revision": 8, "containerDefinitions": [
            {"name": "app", "image": "nginx", "essential": true, "cpu": 0, "environment": [
                {"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]});
        assert!(contains(&found, &sent));
        let other = json!({"family": "web", "cpu": "512", "containerDefinitions": [
            {"name": "app", "image": "nginx"}]});
        assert!(
            !contains(&found, &other),
            "a different cpu is another revision"
        );
        let more = json!({"family": "web", "containerDefinitions": [
            {"name": "app", "image": "nginx"}, {"name": "sidecar", "image": "envoy"}]});
        assert!(
            !contains(&found, &more),
            "a missing container is another revision"
        );
    }
}
