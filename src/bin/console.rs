//! The gRPC console module, loaded on demand: trunk builds it beside the page
//! (index.html), and the page loads it when a person opens the console.

fn main() {
    switchboard::console();
}
