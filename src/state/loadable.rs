//! A remote value and where its loading stands: every view draws loading, empty, loaded and failed.

use std::time::{Instant, SystemTime};

use crate::aws::errors::AwsError;

/// A request in flight; its id tags the result so stale answers can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlight {
    pub id: u64,
    pub started: Instant,
}

/// A remote value. Old data stays visible while a refresh is in flight or after a refresh failed.
#[derive(Debug, Clone)]
pub struct Loadable<T> {
    pub data: Option<T>,
    /// Wall-clock time of the last successful load.
    pub loaded_at: Option<SystemTime>,
    pub in_flight: Option<InFlight>,
    /// The last failure, cleared by the next success.
    pub error: Option<AwsError>,
    /// Failures in a row, for backoff.
    pub failures: u32,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Self {
            data: None,
            loaded_at: None,
            in_flight: None,
            error: None,
            failures: 0,
        }
    }
}

/// What a view should draw for a [`Loadable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing yet, first load in flight (or not started).
    Loading,
    /// First load failed and there is no data to show.
    Failed,
    /// Loaded, and the data is empty.
    Empty,
    /// Loaded with data.
    Loaded,
}

/// How the last load(s) of a screen ended: the failure to show and how many in a row, for backoff.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub error: Option<AwsError>,
    pub failures: u32,
}

impl Outcome {
    /// A screen made of two loads: the first failure shown, backoff by the worse of the two.
    pub fn and(self, other: Outcome) -> Outcome {
        Outcome {
            error: self.error.or(other.error),
            failures: self.failures.max(other.failures),
        }
    }
}

impl<T> Loadable<T> {
    /// How the last load ended.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            error: self.error.clone(),
            failures: self.failures,
        }
    }

    /// Marks a request as started.
    pub fn start(&mut self, id: u64, now: Instant) {
        self.in_flight = Some(InFlight { id, started: now });
    }

    /// Whether `id` is the request this value is waiting for.
    pub fn is_waiting_for(&self, id: u64) -> bool {
        self.in_flight.is_some_and(|f| f.id == id)
    }

    /// Applies a result if it answers the request in flight; returns false for a stale result.
    pub fn finish(&mut self, id: u64, result: Result<T, AwsError>, at: SystemTime) -> bool {
        if !self.is_waiting_for(id) {
            return false;
        }
        self.in_flight = None;
        match result {
            Ok(data) => {
                self.data = Some(data);
                self.loaded_at = Some(at);
                self.error = None;
                self.failures = 0;
            }
            Err(e) => {
                self.error = Some(e);
                self.failures = self.failures.saturating_add(1);
            }
        }
        true
    }

    pub fn is_loading(&self) -> bool {
        self.in_flight.is_some()
    }
}

impl<T> Loadable<Vec<T>> {
    /// The phase to draw.
    pub fn phase(&self) -> Phase {
        match &self.data {
            Some(items) if items.is_empty() => Phase::Empty,
            Some(_) => Phase::Loaded,
            None if self.error.is_some() && self.in_flight.is_none() => Phase::Failed,
            None => Phase::Loading,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_results_are_dropped_and_data_survives_failed_refresh() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        assert_eq!(l.phase(), Phase::Loading);
        l.start(1, now);
        assert!(l.finish(1, Ok(vec![1, 2]), SystemTime::UNIX_EPOCH));
        assert_eq!(l.phase(), Phase::Loaded);
        l.start(2, now);
        assert!(
            !l.finish(1, Ok(vec![9]), SystemTime::UNIX_EPOCH),
            "old id is stale"
        );
        assert!(l.finish(2, Err(AwsError::other("boom")), SystemTime::UNIX_EPOCH));
        assert_eq!(l.data.as_deref(), Some(&[1u8, 2][..]));
        assert_eq!(l.failures, 1);
        assert_eq!(l.phase(), Phase::Loaded);
    }

    #[test]
    fn first_failure_is_failed_and_empty_is_empty() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        l.start(1, now);
        l.finish(1, Err(AwsError::other("x")), SystemTime::UNIX_EPOCH);
        assert_eq!(l.phase(), Phase::Failed);
        l.start(2, now);
        assert_eq!(l.phase(), Phase::Loading, "retrying shows loading");
        l.finish(2, Ok(vec![]), SystemTime::UNIX_EPOCH);
        assert_eq!(l.phase(), Phase::Empty);
    }
}
