//! A description kept for the JSON view (`d`) as compact text.

use serde_json::Value;

/// A resource's description in the API's JSON shape, held as compact JSON text and parsed only
/// when it is shown. A `serde_json::Value` takes several times the size of its text (a map node
/// and a `String` per field), and a list of 5,000 tasks keeps one description per task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactJson(Box<str>);

impl CompactJson {
    /// The value as compact text.
    pub fn new(value: &Value) -> Self {
        Self(value.to_string().into_boxed_str())
    }

    /// The value again (`Null` if the text were ever not JSON, which `new` cannot produce).
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// The compact text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Value> for CompactJson {
    fn from(value: Value) -> Self {
        Self::new(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_and_is_compact() {
        let value =
            json!({"taskArn": "arn:aws:ecs:x", "containers": [{"name": "app", "exitCode": 137}]});
        let compact = CompactJson::new(&value);
        assert_eq!(compact.value(), value);
        assert!(!compact.as_str().contains(' '));
        assert_eq!(CompactJson::default().value(), Value::Null);
    }
}
