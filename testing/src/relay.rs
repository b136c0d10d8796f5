//! A TCP relay between a client (the bridge) and a server (RabbitMQ) that a
//! test can make fail in two ways the real network can: cut every connection,
//! or hold the server's bytes so that answers (confirms) stop arriving while
//! requests still get through. It can also delay every byte, each way, as a
//! network between the two would (see [`Relay::with_delay`]).

use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{
        TcpListener, TcpStream,
        tcp::{OwnedReadHalf, OwnedWriteHalf},
    },
    sync::{mpsc, watch},
    task::AbortHandle,
    time::Instant,
};

use crate::clock::Clock;

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
        Self::with_delay(upstream, Duration::ZERO).await
    }

    /// Relays every connection it accepts to `upstream` (`host:port`), each
    /// byte arriving `one_way` after it was sent, in both directions: a
    /// link with a round trip of twice that, and no limit on bandwidth.
    pub async fn with_delay(upstream: &str, one_way: Duration) -> Self {
        let clock = (!one_way.is_zero()).then(Clock::start);
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
                    let delay = Delay {
                        one_way,
                        clock: clock.clone(),
                    };
                    let link =
                        tokio::spawn(relay(client, upstream.clone(), delay, holding.subscribe()));
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

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
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

/// How long each byte takes to cross, and what wakes it on time.
#[derive(Debug, Clone)]
struct Delay {
    one_way: Duration,
    clock: Option<Clock>,
}

impl Delay {
    async fn until(&self, due: Instant) {
        if let Some(clock) = &self.clock {
            clock.until(due).await;
        }
    }
}

/// Relays one connection until either side closes it.
async fn relay(client: TcpStream, upstream: String, delay: Delay, holding: watch::Receiver<bool>) {
    let Ok(server) = TcpStream::connect(&upstream).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    tokio::select! {
        () = forward(client_read, server_write, delay.clone(), None) => {}
        () = forward(server_read, client_write, delay, Some(holding)) => {}
    }
}

/// One direction of a connection: what `from` sends reaches `to` after the
/// delay, and not while `holding` is set. `from` is read all the time, so
/// that its closing is seen at once; then what is still on its way is
/// delivered, unless it is held, in which case it is lost, and `to` is
/// closed too.
async fn forward(
    from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    delay: Delay,
    mut holding: Option<watch::Receiver<bool>>,
) {
    let (sent, mut arriving) = mpsc::unbounded_channel();
    let reading = read_all(from, sent, delay.one_way);
    let writing = async {
        let mut on_the_way: VecDeque<(Instant, Vec<u8>)> = VecDeque::new();
        let mut open = true;
        loop {
            let held = holding
                .as_mut()
                .is_some_and(|holding| *holding.borrow_and_update());
            if !open && (held || on_the_way.is_empty()) {
                break;
            }
            let due = on_the_way.front().filter(|_| !held).map(|(due, _)| *due);
            tokio::select! {
                chunk = arriving.recv(), if open => match chunk {
                    Some(chunk) => on_the_way.push_back(chunk),
                    None => open = false,
                },
                changed = changed(&mut holding) => if !changed {
                    break;
                },
                () = delay.until(due.unwrap_or_else(Instant::now)), if due.is_some() => {
                    let (_, bytes) = on_the_way.pop_front().expect("a chunk is due");
                    if to.write_all(&bytes).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown().await;
    };
    // Writing ends on its own once reading has ended and what was on its
    // way is delivered (or lost); reading ends with writing.
    tokio::select! {
        () = writing => {}
        () = async {
            reading.await;
            std::future::pending().await
        } => {}
    }
}

/// Reads `from` until it closes, stamping each chunk with when it is due.
async fn read_all(
    mut from: OwnedReadHalf,
    sent: mpsc::UnboundedSender<(Instant, Vec<u8>)>,
    one_way: Duration,
) {
    let mut buffer = vec![0; 16 * 1024];
    while let Ok(n @ 1..) = from.read(&mut buffer).await {
        if sent
            .send((Instant::now() + one_way, buffer[..n].to_vec()))
            .is_err()
        {
            break;
        }
    }
}

/// Whether `holding` changed; `false` once its relay is gone. A direction
/// that is never held waits forever.
async fn changed(holding: &mut Option<watch::Receiver<bool>>) -> bool {
    match holding {
        Some(holding) => holding.changed().await.is_ok(),
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that sends back whatever it reads.
    async fn echo_server() -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let (mut read, mut write) = stream.into_split();
                    let _ = tokio::io::copy(&mut read, &mut write).await;
                });
            }
        });
        addr
    }

    async fn round_trips(relay: &Relay, count: usize) -> Vec<Duration> {
        let mut stream = TcpStream::connect(relay.addr()).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let mut byte = [0u8; 1];
        let mut times = Vec::new();
        for i in 0..count {
            let sent = Instant::now();
            stream.write_all(&[i as u8]).await.unwrap();
            stream.read_exact(&mut byte).await.unwrap();
            assert_eq!(byte[0], i as u8, "the bytes come back in order");
            times.push(sent.elapsed());
        }
        times.sort();
        times
    }

    #[tokio::test]
    async fn a_delay_each_way_adds_up_to_the_round_trip() {
        let upstream = echo_server().await.to_string();
        let one_way = Duration::from_millis(1);
        let delayed = Relay::with_delay(&upstream, one_way).await;
        let times = round_trips(&delayed, 50).await;
        assert!(times[0] >= 2 * one_way, "faster than the link: {times:?}");
        assert!(
            times[25] < 2 * one_way + Duration::from_millis(1),
            "the median round trip is far above 2 ms: {times:?}"
        );
        let direct = Relay::start(&upstream).await;
        let times = round_trips(&direct, 50).await;
        assert!(times[25] < one_way, "no delay asked, yet {times:?}");
    }
}
