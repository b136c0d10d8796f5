//! One view per file.

pub mod broker_badge;
pub mod call_form;
pub mod call_status;
pub mod error_view;
pub mod greeter_panel;
pub mod panel;
pub mod publish_panel;
pub mod settings_panel;
pub mod users_panel;
