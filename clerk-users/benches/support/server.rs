//! A local HTTP/1.1 server for the client benches.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::data::{Seeded, user};

/// A local HTTP/1.1 server (keep-alive) on 127.0.0.1: `GET /users/...` answers one user,
/// `GET /users?limit=&offset=` (or `starting_after=`) pages through `total` users. Counts
/// requests. Users are made when a page asks for them, from their index, so the server's
/// memory does not grow with `total` (the streaming memory bench relies on it).
pub struct Server {
    pub url: String,
    pub requests: Arc<AtomicUsize>,
}

pub async fn serve(total: usize) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    let one_user = Arc::new(serde_json::to_vec(&user(&mut Seeded::new(7), 1)).unwrap_or_default());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            // Answers go out in one write, and without Nagle's delay.
            let _ = stream.set_nodelay(true);
            let (counter, one_user) = (Arc::clone(&counter), Arc::clone(&one_user));
            tokio::spawn(async move {
                let mut buffer = Vec::with_capacity(4096);
                let mut chunk = [0u8; 4096];
                loop {
                    let Some(end) = find_head_end(&buffer) else {
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
                        }
                        continue;
                    };
                    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                    buffer.drain(..end + 4);
                    counter.fetch_add(1, Ordering::Relaxed);
                    let target = head.split(' ').nth(1).unwrap_or("/");
                    let body = if let Some(query) = target.strip_prefix("/users?") {
                        page(total, query)
                    } else {
                        one_user.as_ref().clone()
                    };
                    let mut answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    answer.extend_from_slice(&body);
                    if stream.write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Server { url, requests }
}

fn find_head_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(4).position(|window| window == b"\r\n\r\n")
}

fn page(total: usize, query: &str) -> Vec<u8> {
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| {
                pair.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('='))
            })
            .and_then(|value| value.parse::<usize>().ok())
    };
    let limit = param("limit").unwrap_or(10);
    let after = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("starting_after="));
    let offset = match after {
        // Ids start with the user's index: `user_000042...`.
        Some(id) => id
            .strip_prefix("user_")
            .and_then(|rest| rest.get(..6))
            .and_then(|index| index.parse::<usize>().ok())
            .map_or(total, |index| index + 1),
        None => param("offset").unwrap_or(0),
    };
    let users: Vec<serde_json::Value> = (offset..total.min(offset.saturating_add(limit)))
        .map(|index| user(&mut Seeded::new(11 + index as u64), index))
        .collect();
    serde_json::to_vec(&users).unwrap_or_default()
}
