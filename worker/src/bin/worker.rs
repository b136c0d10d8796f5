//! The schema worker's entry point: trunk builds this as a web worker
//! (`data-type="worker"` in index.html), and the page starts it on first use.

use gloo_worker::Registrable;
use switchboard_worker::{SchemaWorker, protocol::Json};

fn main() {
    console_error_panic_hook::set_once();
    SchemaWorker::registrar().encoding::<Json>().register();
}
