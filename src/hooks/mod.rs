//! Hooks own each panel's state and async work; components only render.

pub mod use_broker_status;
pub mod use_call;
pub mod use_greeter;
pub mod use_publish;
pub mod use_settings;
pub mod use_user_lookup;
