//! A local HTTP/1.1 server for the client benches.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::data::{Seeded, user};

/// A local HTTP/1.1 server (keep-alive) on 127.0.0.1: `GET /users/...` answers one user,
/// `GET /users?limit=&offset=` pages through `total` users. Counts requests.
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
    let all: Arc<Vec<Value>> = {
        let mut random = Seeded::new(11);
        Arc::new((0..total).map(|i| user(&mut random, i)).collect())
    };
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            // Answers go out in one write, and without Nagle's delay.
            let _ = stream.set_nodelay(true);
            let (counter, one_user, all) = (
                Arc::clone(&counter),
                Arc::clone(&one_user),
                Arc::clone(&all),
            );
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
                        page(&all, query)
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

fn page(all: &[Value], query: &str) -> Vec<u8> {
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
        Some(id) => all
            .iter()
            .position(|user| user["id"] == id)
            .map_or(all.len(), |index| index + 1),
        None => param("offset").unwrap_or(0),
    };
    let slice: Vec<&Value> = all.iter().skip(offset).take(limit).collect();
    serde_json::to_vec(&slice).unwrap_or_default()
}
