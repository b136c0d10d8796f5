//! The users, in memory: seeded at start, changed by create, update and
//! delete. Each user's JSON is encoded when it changes, not on every read.

use std::collections::BTreeMap;

use axum::body::Bytes;
use switchboard_wire::users::{User, UserFields};

/// A user and its JSON answer.
#[derive(Debug, Clone)]
pub struct Entry {
    pub user: User,
    pub json: Bytes,
}

impl Entry {
    fn new(user: User) -> Self {
        let json = serde_json::to_vec(&user).expect("a User always encodes");
        Self {
            user,
            json: Bytes::from(json),
        }
    }
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Another user has this email.
    EmailTaken { email: String, owner: u64 },
}

/// The users by id, and the next id to hand out.
#[derive(Debug)]
pub struct Store {
    users: BTreeMap<u64, Entry>,
    next_id: u64,
}

impl Store {
    pub fn new(users: Vec<User>) -> Self {
        let next_id = users.iter().map(|user| user.id).max().unwrap_or(0) + 1;
        let users = users
            .into_iter()
            .map(|user| (user.id, Entry::new(user)))
            .collect();
        Self { users, next_id }
    }

    pub fn get(&self, id: u64) -> Option<&Entry> {
        self.users.get(&id)
    }

    /// The users whose name or email contains `filter` (any case), in id
    /// order: how many there are, and those on page `page` (from 1).
    pub fn list(&self, filter: Option<&str>, page: u32, per_page: u32) -> (u64, Vec<User>) {
        let filter = filter.map(str::to_lowercase);
        let matches = self.users.values().map(|entry| &entry.user).filter(|user| {
            filter.as_deref().is_none_or(|filter| {
                user.name.to_lowercase().contains(filter)
                    || user.email.to_lowercase().contains(filter)
            })
        });
        let skip = (page as usize - 1) * per_page as usize;
        let (total, items) =
            matches
                .enumerate()
                .fold((0_u64, Vec::new()), |(total, mut items), (index, user)| {
                    if index >= skip && items.len() < per_page as usize {
                        items.push(user.clone());
                    }
                    (total + 1, items)
                });
        (total, items)
    }

    pub fn create(&mut self, fields: UserFields) -> Result<&Entry, Conflict> {
        self.check_email(&fields.email, None)?;
        let id = self.next_id;
        self.next_id += 1;
        Ok(self.put(id, fields))
    }

    /// Replaces user `id`'s fields; `None` when there is no such user.
    pub fn update(&mut self, id: u64, fields: UserFields) -> Option<Result<&Entry, Conflict>> {
        self.users.get(&id)?;
        Some(
            self.check_email(&fields.email, Some(id))
                .map(|()| self.put(id, fields)),
        )
    }

    pub fn delete(&mut self, id: u64) -> bool {
        self.users.remove(&id).is_some()
    }

    fn put(&mut self, id: u64, UserFields { name, email }: UserFields) -> &Entry {
        let entry = Entry::new(User { id, name, email });
        self.users.insert(id, entry);
        &self.users[&id]
    }

    fn check_email(&self, email: &str, except: Option<u64>) -> Result<(), Conflict> {
        let owner = self.users.values().find(|entry| {
            entry.user.email.eq_ignore_ascii_case(email) && Some(entry.user.id) != except
        });
        match owner {
            Some(entry) => Err(Conflict::EmailTaken {
                email: email.to_owned(),
                owner: entry.user.id,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(names: &[&str]) -> Store {
        let users = names.iter().enumerate().map(|(index, name)| User {
            id: index as u64 + 1,
            name: (*name).to_owned(),
            email: format!("{}@example.com", name.to_lowercase()),
        });
        Store::new(users.collect())
    }

    fn fields(name: &str, email: &str) -> UserFields {
        UserFields {
            name: name.into(),
            email: email.into(),
        }
    }

    #[test]
    fn pages_split_the_matches_and_count_them_all() {
        let store = store(&["Ann", "Bob", "Anna", "Cy", "Hannah"]);
        let (total, page) = store.list(Some("AN"), 2, 2);
        assert_eq!(total, 3);
        let names: Vec<_> = page.iter().map(|user| user.name.as_str()).collect();
        assert_eq!(names, ["Hannah"]);
        assert_eq!(store.list(None, 9, 10), (5, vec![]));
    }

    #[test]
    fn ids_are_never_reused_and_emails_stay_unique() {
        let mut store = store(&["Ann", "Bob"]);
        assert!(store.delete(2));
        let created = store.create(fields("Cy", "cy@example.com")).unwrap();
        assert_eq!(created.user.id, 3);
        let taken = store
            .create(fields("Ann 2", "ANN@example.com"))
            .unwrap_err();
        assert_eq!(
            taken,
            Conflict::EmailTaken {
                email: "ANN@example.com".into(),
                owner: 1
            }
        );
        // A user keeps its own email when updated.
        let updated = store.update(1, fields("Ann B", "ann@example.com"));
        assert_eq!(updated.unwrap().unwrap().user.name, "Ann B");
        assert!(store.update(2, fields("Bob", "bob@example.com")).is_none());
    }
}
