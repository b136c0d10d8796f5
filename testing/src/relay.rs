//! A TCP relay between a client (the bridge) and a server (RabbitMQ) that a
//! test can make fail in two ways the real network can: cut every connection,
//! or hold the server's bytes so that answers (confirms) stop arriving while
//! requests still get through.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream, tcp::OwnedWriteHalf},
    sync::watch,
    task::AbortHandle,
};

/// A relay listening on a free local port; stops relaying when dropped.
#[derive(Debug)]
pub struct Relay {
    addr: SocketAddr,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    holding: watch::Sender<bool>,
    accepting: AbortHandle,
}

impl Relay {
    /// Relays every connection it accepts to `upstream` (`host:port`).
    pub async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free local port");
        let addr = listener.local_addr().expect("a bound address");
        let links = Arc::new(Mutex::new(Vec::new()));
        let (holding, _) = watch::channel(false);
        let accepting = tokio::spawn({
            let (links, holding, upstream) = (links.clone(), holding.clone(), upstream.to_owned());
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    let link = tokio::spawn(relay(client, upstream.clone(), holding.subscribe()));
                    lock(&links).push(link.abort_handle());
                }
            }
        })
        .abort_handle();
        Self {
            addr,
            links,
            holding,
            accepting,
        }
    }

    /// The AMQP URL (default vhost) that reaches the upstream through the relay.
    pub fn amqp_url(&self) -> String {
        format!("amqp://{}/%2f", self.addr)
    }

    /// Drops every relayed connection at once, as a network failure would.
    pub fn cut(&self) {
        for link in lock(&self.links).drain(..) {
            link.abort();
        }
    }

    /// Holds what the server sends, on every connection, new ones included,
    /// until [`Relay::release`]; the client's bytes still go through. If the
    /// server closes a connection meanwhile, what was held for it is lost
    /// and the client's side is closed too.
    pub fn hold(&self) {
        self.holding.send_replace(true);
    }

    /// Delivers what was held, and relays freely again.
    pub fn release(&self) {
        self.holding.send_replace(false);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Relays one connection until either side closes it.
async fn relay(client: TcpStream, upstream: String, holding: watch::Receiver<bool>) {
    let Ok(server) = TcpStream::connect(&upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, client_write) = client.into_split();
    let (server_read, mut server_write) = server.into_split();
    tokio::select! {
        _ = tokio::io::copy(&mut client_read, &mut server_write) => {}
        () = downstream(server_read, client_write, holding) => {}
    }
}

/// Server to client, holding the bytes while `holding` is set. The server is
/// read all the time, so that its closing the connection is seen at once.
async fn downstream(
    mut server: tokio::net::tcp::OwnedReadHalf,
    mut client: OwnedWriteHalf,
    mut holding: watch::Receiver<bool>,
) {
    let mut held = Vec::new();
    let mut buffer = vec![0; 16 * 1024];
    loop {
        tokio::select! {
            read = server.read(&mut buffer) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => held.extend_from_slice(&buffer[..n]),
            },
            changed = holding.changed() => if changed.is_err() {
                break;
            },
        }
        if !*holding.borrow() && !held.is_empty() {
            if client.write_all(&held).await.is_err() {
                break;
            }
            held.clear();
        }
    }
    let _ = client.shutdown().await;
}
