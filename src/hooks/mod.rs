//! Hooks own the page's state and async work; components only render.

pub mod use_app;
pub mod use_broker_status;
pub mod use_collection_run;
pub mod use_console_runner;
pub mod use_diagnose;
pub mod use_draft;
pub mod use_http_console;
pub mod use_live_tail;
pub mod use_openapi;
pub mod use_persistence;
pub mod use_runner;
pub mod use_schema;
pub mod use_shared_requests;
pub mod use_shortcuts;
pub mod use_stream;
pub mod use_warm_worker;
pub mod use_workspace;
