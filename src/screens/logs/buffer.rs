//! The log buffer: a ring of at most `capacity` lines (memory never grows past it), kept in time
//! order, with the bounded set of recent keys that stops a line from showing twice when a tail
//! reconnects or switches between Live Tail and polling.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Milliseconds since the epoch.
    pub timestamp: i64,
    /// Index into the screen's origins (task + container), for the prefix and its colour.
    pub origin: usize,
    pub message: String,
}

/// The identity of a line across tails: where it came from, when, and what it said.
pub fn line_key(stream: &str, timestamp: i64, message: &str) -> u64 {
    let mut h = DefaultHasher::new();
    stream.hash(&mut h);
    timestamp.hash(&mut h);
    message.hash(&mut h);
    h.finish()
}

/// The ring of lines.
#[derive(Debug, Clone)]
pub struct LogBuffer {
    lines: VecDeque<LogLine>,
    capacity: usize,
    /// Keys of the lines seen recently, oldest first, bounded like the lines.
    keys: VecDeque<u64>,
    seen: HashSet<u64>,
    /// Lines dropped from the front to stay within the capacity.
    pub dropped: u64,
}

impl LogBuffer {
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            lines: VecDeque::new(),
            capacity,
            keys: VecDeque::new(),
            seen: HashSet::new(),
            dropped: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn get(&self, i: usize) -> Option<&LogLine> {
        self.lines.get(i)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogLine> + ExactSizeIterator {
        self.lines.iter()
    }

    /// The newest timestamp held.
    pub fn last_timestamp(&self) -> Option<i64> {
        self.lines.back().map(|l| l.timestamp)
    }

    /// Adds lines not seen before, keeping time order (a late line is inserted where it belongs;
    /// usually lines arrive in order and go at the end). Returns how many were new, and how many
    /// of them went before the end (which moves what a paused view shows).
    pub fn extend(&mut self, lines: impl IntoIterator<Item = (u64, LogLine)>) -> (usize, usize) {
        let mut added = 0;
        let mut inserted = 0;
        for (key, line) in lines {
            if !self.seen.insert(key) {
                continue;
            }
            self.keys.push_back(key);
            let at_end = self
                .lines
                .back()
                .is_none_or(|last| last.timestamp <= line.timestamp);
            if at_end {
                self.lines.push_back(line);
            } else {
                let pos = self
                    .lines
                    .partition_point(|l| l.timestamp <= line.timestamp);
                self.lines.insert(pos, line);
                inserted += 1;
            }
            added += 1;
            if self.lines.len() > self.capacity {
                self.lines.pop_front();
                self.dropped = self.dropped.saturating_add(1);
            }
            // The dedupe window is twice the capacity: a reconnect's backfill overlaps only the
            // newest lines, which are still remembered.
            if self.keys.len() > self.capacity.saturating_mul(2)
                && let Some(old) = self.keys.pop_front()
            {
                self.seen.remove(&old);
            }
        }
        (added, inserted)
    }

    /// Drops everything (a new filter pattern or start time).
    pub fn clear(&mut self) {
        self.lines.clear();
        self.keys.clear();
        self.seen.clear();
        self.dropped = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(ts: i64, msg: &str) -> (u64, LogLine) {
        (
            line_key("s", ts, msg),
            LogLine {
                timestamp: ts,
                origin: 0,
                message: msg.to_string(),
            },
        )
    }

    #[test]
    fn a_line_seen_twice_is_kept_once() {
        let mut b = LogBuffer::new(10);
        assert_eq!(b.extend([line(1, "a"), line(2, "b")]), (2, 0));
        // The same lines again, as after a reconnect's backfill, plus one new.
        assert_eq!(b.extend([line(1, "a"), line(2, "b"), line(3, "c")]), (1, 0));
        let msgs: Vec<&str> = b.iter().map(|l| l.message.as_str()).collect();
        assert_eq!(msgs, ["a", "b", "c"]);
    }

    #[test]
    fn late_lines_go_where_they_belong() {
        let mut b = LogBuffer::new(10);
        b.extend([line(1, "a"), line(5, "e")]);
        assert_eq!(b.extend([line(3, "c")]), (1, 1));
        let ts: Vec<i64> = b.iter().map(|l| l.timestamp).collect();
        assert_eq!(ts, [1, 3, 5]);
    }

    #[test]
    fn memory_is_bounded_by_the_capacity() {
        let mut b = LogBuffer::new(100);
        for i in 0..10_000 {
            b.extend([line(i, &format!("line {i}"))]);
        }
        assert_eq!(b.len(), 100);
        assert_eq!(b.dropped, 9_900);
        assert_eq!(b.get(0).map(|l| l.timestamp), Some(9_900));
        assert!(
            b.keys.len() <= 200 && b.seen.len() <= 200,
            "the dedupe set is bounded too"
        );
    }
}
