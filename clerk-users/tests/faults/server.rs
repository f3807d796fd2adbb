//! A local HTTP/1.1 server (127.0.0.1 only) that misbehaves on purpose. Each connection
//! carries one request and gets the next answer of its script (the last answer repeats);
//! every connection is closed afterwards, by a clean close or a TCP reset.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server answers one request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A complete response.
    Respond {
        status: u16,
        content_type: &'static str,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Reset the connection before the status line.
    ResetBeforeStatus,
    /// Send the status line and headers (announcing a body), then reset.
    ResetAfterHeaders,
    /// Send the headers and half of `body`, then reset.
    ResetMidBody { body: Vec<u8> },
    /// Announce `announced` bytes, send `body` (fewer or exactly as many), close cleanly.
    Truncated { announced: usize, body: Vec<u8> },
    /// Send `body` one byte per `every`.
    Drip { body: Vec<u8>, every: Duration },
    /// Stream `total` bytes of JSON-ish filler, with or without `Content-Length`.
    Huge { total: u64, with_length: bool },
    /// Read the request and never answer (the connection is held until the client leaves).
    Silent,
}

impl Answer {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            content_type: "application/json",
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    /// A response of any content type.
    pub fn raw(status: u16, content_type: &'static str, body: &[u8]) -> Self {
        Self::Respond {
            status,
            content_type,
            headers: Vec::new(),
            body: body.to_vec(),
        }
    }

    /// A response with extra headers.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }
}

/// A running fault server; it stops when dropped.
pub struct FaultServer {
    pub url: String,
    requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 that answers connection `n` with `script[n]`.
    pub async fn start(script: Vec<Answer>) -> Self {
        Self::start_on("127.0.0.1", script).await
    }

    /// Starts a server listening on `host` (an address on this machine) and reachable by
    /// that name.
    pub async fn start_on(host: &str, script: Vec<Answer>) -> Self {
        assert!(!script.is_empty(), "a script needs an answer");
        let listener = TcpListener::bind((host, 0)).await.expect("bind");
        let url = format!(
            "http://{host}:{}",
            listener.local_addr().expect("address").port()
        );
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            let mut served = 0usize;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let answer = script[served.min(script.len() - 1)].clone();
                served += 1;
                let seen = Arc::clone(&seen);
                tokio::spawn(async move {
                    // Every connection ends by itself, whatever the client does.
                    let _ =
                        tokio::time::timeout(Duration::from_secs(20), serve(stream, answer, seen))
                            .await;
                });
            }
        });
        Self {
            url,
            requests,
            task,
        }
    }

    /// The head (request line and headers) of every request received so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("not poisoned").clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, answer: Answer, seen: Arc<Mutex<Vec<String>>>) {
    let Some(head) = read_request(&mut stream).await else {
        return;
    };
    seen.lock().expect("not poisoned").push(head);
    match answer {
        Answer::Respond {
            status,
            content_type,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} Status\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Answer::ResetBeforeStatus => reset(stream),
        Answer::ResetAfterHeaders => {
            let _ = stream.write_all(&json_head(64)).await;
            let _ = stream.flush().await;
            settle().await;
            reset(stream);
        }
        Answer::ResetMidBody { body } => {
            let _ = stream.write_all(&json_head(body.len())).await;
            let _ = stream.write_all(&body[..body.len() / 2]).await;
            let _ = stream.flush().await;
            settle().await;
            reset(stream);
        }
        Answer::Truncated { announced, body } => {
            let _ = stream.write_all(&json_head(announced)).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Answer::Drip { body, every } => {
            let _ = stream.write_all(&json_head(body.len())).await;
            for byte in body {
                if stream.write_all(&[byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
        Answer::Huge { total, with_length } => {
            let head = if with_length {
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {total}\r\nconnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n"
                    .to_owned()
            };
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0u64;
            while sent < total {
                let size = chunk
                    .len()
                    .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                // The client hangs up once it has seen enough: then writing fails and we stop.
                if stream.write_all(&chunk[..size]).await.is_err() {
                    return;
                }
                sent += size as u64;
            }
        }
        Answer::Silent => {
            // Hold the connection open until the client gives up and closes it.
            let mut buffer = [0u8; 1024];
            while matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {}
        }
    }
}

/// Status line and headers of a 200 JSON response announcing `length` body bytes.
fn json_head(length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// Lets what was written reach the client before the reset discards it.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Closes with a TCP reset (SO_LINGER 0) instead of a clean close.
fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// Reads one request's head (and its body, by `Content-Length`); `None` if the client left.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        })
        .unwrap_or(0);
    let mut body_read = data.len() - head_end;
    while body_read < length {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        body_read += read;
    }
    Some(head)
}
