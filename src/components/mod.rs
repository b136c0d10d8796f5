//! One view per file.

pub mod broker_badge;
pub mod call_detail;
pub mod call_error;
pub mod call_status;
pub mod console_slot;
pub mod diagnosis;
pub mod error_view;
pub mod fields;
pub mod greeter_fields;
pub mod greeter_panel;
pub mod grpc_console;
pub mod latency_chart;
pub mod live_message;
pub mod live_panel;
pub mod panel;
pub mod publish_panel;
pub mod request_form;
pub mod settings_panel;
pub mod share_link;
pub mod stream_panel;
pub mod timeline;
pub mod users_panel;
