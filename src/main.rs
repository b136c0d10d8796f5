//! The page: the first load. See the crate's documentation in `lib.rs`.

fn main() {
    switchboard::page();
}
