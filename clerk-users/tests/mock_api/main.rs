//! The client against a local mock of the API (127.0.0.1 only; every test ends by itself).

mod errors;
mod metadata;
mod operations;
mod pagination;
mod retries;
mod support;
