//! Unit tests of the engine through its API, one file per concern.

mod compile;
mod descriptor_set;
mod fixtures;
mod forms;
mod json;
mod services;
mod status;
mod template;
