//! A remote value and where its loading stands: every view draws loading, empty, loaded and failed.

use std::time::{Instant, SystemTime};

use crate::effect::{Owner, Ticket};
use crate::model::AwsError;

/// A request in flight; its ticket tags the result so stale answers can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlight {
    pub ticket: Ticket,
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
    /// `data` holds the rows a first load has delivered so far, not a whole answer: dropped when
    /// that load fails, is abandoned or is replaced by another, so they never pass for a list.
    pub partial: bool,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Self {
            data: None,
            loaded_at: None,
            in_flight: None,
            error: None,
            failures: 0,
            partial: false,
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
pub struct LoadOutcome {
    pub error: Option<AwsError>,
    pub failures: u32,
}

impl LoadOutcome {
    /// A screen made of two loads: the first failure shown, backoff by the worse of the two.
    pub fn and(self, other: LoadOutcome) -> LoadOutcome {
        LoadOutcome {
            error: self.error.or(other.error),
            failures: self.failures.max(other.failures),
        }
    }
}

impl<T> Loadable<T> {
    /// Already loaded with `data` (a page seeded from what a list knows).
    pub fn with(data: T) -> Self {
        Self {
            data: Some(data),
            ..Self::default()
        }
    }

    /// How the last load ended.
    pub fn outcome(&self) -> LoadOutcome {
        LoadOutcome {
            error: self.error.clone(),
            failures: self.failures,
        }
    }

    /// Marks a request as started; returns the ticket id of the request it replaces, which the
    /// caller cancels (its answer would be dropped anyway).
    pub fn start(&mut self, ticket: Ticket, now: Instant) -> Option<u64> {
        let replaced = self.in_flight.map(|f| f.ticket.id);
        // The rows of the load this one replaces were only part of an answer.
        self.drop_partial();
        self.in_flight = Some(InFlight {
            ticket,
            started: now,
        });
        replaced
    }

    /// Whether `id` is the request this value is waiting for.
    pub fn is_waiting_for(&self, id: u64) -> bool {
        self.in_flight.is_some_and(|f| f.ticket.id == id)
    }

    /// Applies a result if it answers the request in flight; returns false for a stale result.
    pub fn finish(&mut self, id: u64, result: Result<T, AwsError>, at: SystemTime) -> bool {
        if !self.is_waiting_for(id) {
            return false;
        }
        self.in_flight = None;
        match result {
            Ok(data) => {
                self.partial = false;
                self.data = Some(data);
                self.loaded_at = Some(at);
                self.error = None;
                self.failures = 0;
            }
            Err(e) => {
                self.drop_partial();
                self.error = Some(e);
                self.failures = self.failures.saturating_add(1);
            }
        }
        true
    }

    /// Forgets rows that were only part of an answer.
    fn drop_partial(&mut self) {
        if self.partial {
            self.data = None;
            self.partial = false;
        }
    }

    /// Forgets a request whose owner was cancelled, so the next load is not mistaken for a
    /// duplicate of it.
    pub fn abandon(&mut self, owner: Owner) {
        if self.in_flight.is_some_and(|f| f.ticket.owner == owner) {
            self.in_flight = None;
            self.drop_partial();
        }
    }

    /// Drops the data and any request in flight: the next load starts from nothing (new
    /// parameters, such as another status filter).
    pub fn reset(&mut self) -> Option<u64> {
        let replaced = self.in_flight.take().map(|f| f.ticket.id);
        *self = Self::default();
        replaced
    }

    pub fn is_loading(&self) -> bool {
        self.in_flight.is_some()
    }
}

impl<T> Loadable<Vec<T>> {
    /// Adds rows that arrived ahead of the final answer of request `id`, so a first load shows
    /// its first page while the rest loads. A refresh keeps showing the previous list until its
    /// final answer (rows would jump about otherwise). False when nothing changed (stale, or a
    /// refresh).
    pub fn extend_so_far(&mut self, id: u64, rows: Vec<T>) -> bool {
        if !self.is_waiting_for(id) || self.loaded_at.is_some() {
            return false;
        }
        if !self.partial {
            // Whatever was shown before (rows a screen was seeded with) gives way to the answer.
            self.data = Some(Vec::new());
            self.partial = true;
        }
        self.data.get_or_insert_with(Vec::new).extend(rows);
        true
    }

    /// Rows are shown before the list is complete (a first load that is still paging).
    pub fn is_partial(&self) -> bool {
        self.partial
    }

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
    use crate::effect::ScreenId;

    fn ticket(id: u64) -> Ticket {
        Ticket {
            id,
            owner: Owner::Screen(ScreenId(1)),
        }
    }

    #[test]
    fn stale_results_are_dropped_and_data_survives_failed_refresh() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        assert_eq!(l.phase(), Phase::Loading);
        assert_eq!(l.start(ticket(1), now), None);
        assert!(l.finish(1, Ok(vec![1, 2]), SystemTime::UNIX_EPOCH));
        assert_eq!(l.phase(), Phase::Loaded);
        l.start(ticket(2), now);
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
    fn rows_so_far_never_outlive_their_load() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        l.start(ticket(1), now);
        assert!(l.extend_so_far(1, vec![1, 2]));
        assert!(l.is_partial());
        // The load fails: its first page is not shown as if it were the list.
        l.finish(1, Err(AwsError::other("throttled")), SystemTime::UNIX_EPOCH);
        assert_eq!((l.data.clone(), l.is_partial()), (None, false));
        assert_eq!(l.phase(), Phase::Failed);
        // A retry that is replaced mid-way starts again from nothing, without doubled rows.
        l.start(ticket(2), now);
        assert!(l.extend_so_far(2, vec![1, 2]));
        l.start(ticket(3), now);
        assert_eq!(l.data, None);
        assert!(l.extend_so_far(3, vec![1, 2]));
        assert_eq!(l.data.as_deref(), Some(&[1u8, 2][..]));
        // Left before it finished (the screen was closed): nothing partial stays.
        l.abandon(Owner::Screen(ScreenId(1)));
        assert_eq!((l.data.clone(), l.is_partial()), (None, false));
        // The whole answer is whole.
        l.start(ticket(4), now);
        l.extend_so_far(4, vec![1]);
        assert!(l.finish(4, Ok(vec![1, 2, 3]), SystemTime::UNIX_EPOCH));
        assert!(!l.is_partial());
        assert_eq!(l.data.as_deref(), Some(&[1u8, 2, 3][..]));
    }

    #[test]
    fn first_failure_is_failed_and_empty_is_empty() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        l.start(ticket(1), now);
        l.finish(1, Err(AwsError::other("x")), SystemTime::UNIX_EPOCH);
        assert_eq!(l.phase(), Phase::Failed);
        l.start(ticket(2), now);
        assert_eq!(l.phase(), Phase::Loading, "retrying shows loading");
        l.finish(2, Ok(vec![]), SystemTime::UNIX_EPOCH);
        assert_eq!(l.phase(), Phase::Empty);
    }

    #[test]
    fn a_restart_names_the_request_it_replaces_and_abandon_forgets_the_owner() {
        let now = Instant::now();
        let mut l: Loadable<Vec<u8>> = Loadable::default();
        l.start(ticket(1), now);
        assert_eq!(l.start(ticket(2), now), Some(1));
        l.abandon(Owner::Screen(ScreenId(9)));
        assert!(l.is_loading(), "another owner's abandon changes nothing");
        l.abandon(Owner::Screen(ScreenId(1)));
        assert!(!l.is_loading());
    }
}
