//! Walking list operations page by page: `.pages()` and `.stream()` on paginated builders.
//!
//! A walk asks for `limit` items a page (default 100, at most the API's maximum), moves by
//! a cursor (the last item's id) when the operation and the call allow it, else by offset,
//! and stops on a short page, on an empty page, or when the reported total is reached —
//! so N items never take more than ceil((N + 1) / limit) requests. If the server answers
//! the same page twice in a row the walk ends with `Failure::Pagination` (the crate's
//! `Error::Pagination`) instead of looping.
//!
//! The walk is the runtime's; sending a page and the error type are the generated crate's,
//! through [`PageSource`].

use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::error::Failure;
use crate::request::Request;

/// What a walk needs from a generated crate's client: one page request sent (with its
/// retries), and failures in the crate's own error type.
pub trait PageSource: Sync {
    /// The crate's error type; it can carry how a walk failed.
    type Error: From<Failure> + Send;

    /// Sends one page request and returns the body of its success answer.
    fn fetch(&self, request: Request) -> impl Future<Output = Result<Bytes, Self::Error>> + Send;
}

/// The page size a walk asks for unless the call set `limit`.
pub const DEFAULT_PAGE_SIZE: i64 = 100;

/// How one operation pages (generated from the spec's `x-pagination`).
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub limit: &'static str,
    pub offset: &'static str,
    /// The cursor parameter, if the operation has one.
    pub cursor: Option<&'static str>,
    /// The field holding the items; `None` when the body is the list itself.
    pub items: Option<&'static str>,
    /// The field holding the total count, if any.
    pub total: Option<&'static str>,
    /// The largest `limit` the API accepts.
    pub max_limit: i64,
    /// Query parameters every page request carries (e.g. `paginated=true`).
    pub fixed: &'static [(&'static str, &'static str)],
}

/// Where a walk starts, from the call's own parameters.
pub struct Start<T> {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    pub cursor: Option<String>,
    /// Whether this call may move by cursor (the operation's rules decide).
    pub use_cursor: bool,
    /// The value of the cursor parameter that asks for the items after an item.
    pub cursor_of: Option<fn(&T) -> &str>,
}

/// Where the next page starts.
enum Position {
    Offset(i64),
    Cursor(Option<String>),
}

struct Walk<'a, C, T, F> {
    client: &'a C,
    paging: Paging,
    build: F,
    limit: i64,
    position: Position,
    fetched: i64,
    last_page: Option<u64>,
    done: bool,
    cursor_of: Option<fn(&T) -> &str>,
}

/// Every page of a walk, in order.
pub fn pages<'a, C, T, F>(
    client: &'a C,
    paging: Paging,
    start: Start<T>,
    build: F,
) -> impl Stream<Item = Result<Vec<T>, C::Error>> + Send + 'a
where
    C: PageSource,
    T: DeserializeOwned + Send + 'a,
    F: FnMut() -> Result<Request, C::Error> + Send + 'a,
{
    let limit = start
        .limit
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, paging.max_limit);
    let position = match (paging.cursor, start.cursor_of) {
        (Some(_), Some(_)) if start.use_cursor => Position::Cursor(start.cursor),
        _ => Position::Offset(start.offset.unwrap_or(0).max(0)),
    };
    let walk = Walk {
        client,
        paging,
        build,
        limit,
        position,
        fetched: 0,
        last_page: None,
        done: false,
        cursor_of: start.cursor_of,
    };
    futures_util::stream::try_unfold(walk, |mut walk| async move {
        if walk.done {
            return Ok(None);
        }
        let page = walk.next_page().await?;
        Ok(Some((page, walk)))
    })
}

/// Every item of a walk, in order.
pub fn items<'a, T: Send + 'a, E: Send + 'a>(
    pages: impl Stream<Item = Result<Vec<T>, E>> + Send + 'a,
) -> impl Stream<Item = Result<T, E>> + Send + 'a {
    use futures_util::{StreamExt, TryStreamExt};
    pages
        .map_ok(|page| futures_util::stream::iter(page.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

impl<C, T, F> Walk<'_, C, T, F>
where
    C: PageSource,
    T: DeserializeOwned,
    F: FnMut() -> Result<Request, C::Error>,
{
    async fn next_page(&mut self) -> Result<Vec<T>, C::Error> {
        let mut request = (self.build)()?;
        let operation = request.operation;
        for (name, value) in self.paging.fixed {
            request.set_query(name, (*value).to_owned());
        }
        request.set_query(self.paging.limit, self.limit.to_string());
        match &self.position {
            Position::Offset(offset) => {
                request.set_query(self.paging.offset, offset.to_string());
                if let Some(cursor) = self.paging.cursor {
                    request.remove_query(cursor);
                }
            }
            Position::Cursor(after) => {
                request.remove_query(self.paging.offset);
                if let Some(cursor) = self.paging.cursor {
                    match after {
                        Some(after) => request.set_query(cursor, after.clone()),
                        None => request.remove_query(cursor),
                    }
                }
            }
        }

        let body = self.client.fetch(request).await?;
        let fingerprint = fingerprint(&body);
        let page: Page<T> = decode_page(operation, &body, self.paging)?;
        let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);

        if count > 0 && self.last_page == Some(fingerprint) {
            return Err(Failure::Pagination {
                operation,
                reason: "the server answered the same page twice; stopped instead of looping"
                    .to_owned(),
            }
            .into());
        }
        self.last_page = Some(fingerprint);
        self.fetched = self.fetched.saturating_add(count);
        let reached_total = page.total.is_some_and(|total| self.fetched >= total);
        self.done = count < self.limit || reached_total;
        self.position = match &self.position {
            Position::Offset(offset) => Position::Offset(offset.saturating_add(count)),
            Position::Cursor(previous) => Position::Cursor(
                page.items
                    .last()
                    .zip(self.cursor_of)
                    .map(|(item, cursor_of)| cursor_of(item).to_owned())
                    .or_else(|| previous.clone()),
            ),
        };
        Ok(page.items)
    }
}

/// Decodes the answer of one call to a list operation that pages with an envelope: the
/// items of `{items: [...], ...}`, or the bare list. A direct call may get either (Clerk
/// answers `GET /sessions` with a list, and with `{data, total_count}` under
/// `paginated=true`), so both decode into the same `Vec`.
pub fn decode_list<T: DeserializeOwned>(
    operation: &'static str,
    body: &Bytes,
    items: &'static str,
) -> Result<Vec<T>, Failure> {
    let paging = Paging {
        limit: "",
        offset: "",
        cursor: None,
        items: Some(items),
        total: None,
        max_limit: 0,
        fixed: &[],
    };
    decode_page(operation, body, paging).map(|page| page.items)
}

fn fingerprint(body: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    hasher.finish()
}

struct Page<T> {
    items: Vec<T>,
    total: Option<i64>,
}

fn decode_page<T: DeserializeOwned>(
    operation: &'static str,
    body: &Bytes,
    paging: Paging,
) -> Result<Page<T>, Failure> {
    // One decode; a failure's field is found from its position (crate::json_path), so every
    // model's decoder is compiled once.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let result = match paging.items {
        None => <Vec<T> as Deserialize>::deserialize(&mut deserializer)
            .map(|items| Page { items, total: None }),
        Some(items) => PageSeed::<T> {
            items,
            total: paging.total,
            _items: PhantomData,
        }
        .deserialize(&mut deserializer),
    };
    result.map_err(|error| Failure::Decode {
        operation,
        status: StatusCode::OK,
        path: crate::json_path::of_error(body, &error),
        message: error.to_string(),
        body: body.clone(),
    })
}

/// Reads `{items: [...], total: n, ...}` with the field names of the operation, or the
/// bare list (no total): an API may answer a walk either way (Clerk documents some lists
/// as arrays and sends them wrapped when asked for `paginated=true`).
struct PageSeed<T> {
    items: &'static str,
    total: Option<&'static str>,
    _items: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Page<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for PageSeed<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` list, or the list", self.items)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Page<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Page { items, total: None })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
        let mut items = None;
        let mut total = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.items {
                items = Some(map.next_value::<Option<Vec<T>>>()?.unwrap_or_default());
            } else if Some(key.as_str()) == self.total {
                total = map.next_value::<Option<i64>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let items = items.ok_or_else(|| de::Error::missing_field(self.items))?;
        Ok(Page { items, total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENVELOPE: Paging = Paging {
        limit: "limit",
        offset: "offset",
        cursor: None,
        items: Some("data"),
        total: Some("total_count"),
        max_limit: 500,
        fixed: &[("paginated", "true")],
    };

    fn page(body: &'static str, paging: Paging) -> Result<Page<u32>, Failure> {
        decode_page("ListThings", &Bytes::from_static(body.as_bytes()), paging)
    }

    #[test]
    fn a_page_named_as_an_envelope_also_reads_the_bare_list() {
        let wrapped = page(r#"{"data": [1, 2], "total_count": 7}"#, ENVELOPE).expect("decodes");
        assert_eq!((wrapped.items, wrapped.total), (vec![1, 2], Some(7)));
        let bare = page("[3, 4, 5]", ENVELOPE).expect("decodes");
        assert_eq!((bare.items, bare.total), (vec![3, 4, 5], None));
        let list_only = Paging {
            items: None,
            total: None,
            ..ENVELOPE
        };
        assert_eq!(page("[6]", list_only).expect("decodes").items, [6]);
        let Err(Failure::Decode { message, .. }) = page(r#"{"items": [1]}"#, ENVELOPE) else {
            panic!("an envelope without its list is a decode error");
        };
        assert!(message.contains("data"), "{message}");
        let Err(Failure::Decode { path, .. }) = page(r#"[1, "two"]"#, ENVELOPE) else {
            panic!("a bad item is a decode error");
        };
        assert_eq!(path, "[1]");
    }
}
