//! The timeline's list: finished calls, shared rather than copied, newest
//! first, bounded, and kept in localStorage across reloads.

use std::{ops::Deref, rc::Rc};

use gloo_storage::{LocalStorage, Storage};

use super::{CallRecord, HISTORY_LIMIT};

const STORAGE_KEY: &str = "switchboard.history";

/// A finished call, shared: records never change once made, so a copy is a
/// pointer and two are equal when they are the same record, without comparing
/// every field. Components shown a record render again only for a new one.
#[derive(Debug, Clone)]
pub struct Record(Rc<CallRecord>);

impl PartialEq for Record {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Record {
    type Target = CallRecord;

    fn deref(&self) -> &CallRecord {
        &self.0
    }
}

impl From<CallRecord> for Record {
    fn from(record: CallRecord) -> Self {
        Self(Rc::new(record))
    }
}

/// The timeline's calls, newest first, at most [`HISTORY_LIMIT`].
///
/// The app state is cloned on every action and the list is handed to several
/// components, so it is shared like its records: cloning a `History` copies a
/// pointer, and two are equal only when they are the same list.
#[derive(Debug, Clone, Default)]
pub struct History(Rc<Vec<Record>>);

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for History {
    type Target = [Record];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<Vec<CallRecord>> for History {
    fn from(records: Vec<CallRecord>) -> Self {
        let mut records: Vec<Record> = records.into_iter().map(Record::from).collect();
        records.truncate(HISTORY_LIMIT);
        Self(Rc::new(records))
    }
}

impl History {
    /// Adds a finished call. Calls finish out of order; the list stays in
    /// start order, newest first, and drops the oldest beyond the limit.
    pub fn insert(&mut self, record: CallRecord) {
        let records = Rc::make_mut(&mut self.0);
        let at = records
            .iter()
            .position(|older| older.seq < record.seq)
            .unwrap_or(records.len());
        records.insert(at, record.into());
        records.truncate(HISTORY_LIMIT);
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// The stored history, newest first; empty if there is none or it is unreadable.
pub fn load() -> History {
    LocalStorage::get::<Vec<CallRecord>>(STORAGE_KEY)
        .unwrap_or_default()
        .into()
}

/// Stores the history.
pub fn save(history: &History) {
    let records: Vec<&CallRecord> = history.iter().map(|record| &**record).collect();
    if let Err(error) = LocalStorage::set(STORAGE_KEY, records) {
        let message = format!("cannot store the history: {error}");
        web_sys::console::warn_1(&message.into());
    }
}

/// Records grouped by correlation id, groups ordered by their newest call.
pub fn groups(records: &[Record]) -> Vec<(&str, Vec<&Record>)> {
    let mut groups: Vec<(&str, Vec<&Record>)> = Vec::new();
    for record in records {
        match groups.iter_mut().find(|(id, _)| *id == record.trace_id) {
            Some((_, members)) => members.push(record),
            None => groups.push((&record.trace_id, vec![record])),
        }
    }
    groups
}
