//! `pages()` and `stream()` on a list operation's request builder: how the runtime walks its
//! pages (limit and offset, or a cursor), as tokens.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{ident, type_tokens};
use crate::ir::{Operation, ParamLocation};
use crate::lower::{Member, Place};
use crate::names::Names;

/// `pages()` and `stream()` for a list operation.
pub(super) fn paging_methods(
    pagination: &crate::ir::Pagination,
    op: &Operation,
    members: &[Member<'_>],
    names: &Names,
) -> TokenStream {
    let field_of = |wire: &str| {
        members
            .iter()
            .find(|m| m.wire == wire && m.place == Place::Param(ParamLocation::Query))
            .map(|m| ident(m.name))
    };
    let (Some(limit), Some(offset)) = (field_of(&pagination.limit), field_of(&pagination.offset))
    else {
        // `resolve` checked that both parameters exist.
        return TokenStream::new();
    };
    let item = type_tokens(&pagination.item, names);
    let limit_wire = &pagination.limit;
    let max_limit = pagination.max_limit;
    let paging = paging(pagination);
    let (cursor_start, use_cursor, cursor_of) =
        cursor_walk(pagination, &field_of, &offset, &item, names);
    let mode_doc = walk_doc(pagination);
    let name = &op.name;
    let pages_doc = format!(
        " Every page of `{name}`, in order: `{limit_wire}` items a page (default [`DEFAULT_PAGE_SIZE`](crate::DEFAULT_PAGE_SIZE), at most {max_limit}), starting where this call's parameters say."
    );
    quote! {
        #[doc = #pages_doc]
        ///
        #[doc = #mode_doc]
        /// The walk ends on a short or empty page or when the reported total is reached, and
        /// with [`Error::Pagination`](crate::Error::Pagination) if a page comes back twice.
        pub fn pages(
            self,
        ) -> impl crate::Stream<Item = Result<Vec<#item>, crate::Error>> + Send + 'a {
            let paging = #paging;
            let start = crate::pagination::Start {
                limit: self.#limit,
                offset: self.#offset,
                cursor: #cursor_start,
                use_cursor: #use_cursor,
                cursor_of: #cursor_of,
            };
            let client = self.client;
            crate::pagination::pages(client, paging, start, move || self.request())
        }

        /// Every item of every page, in order; see [`pages`](Self::pages) for how it walks.
        pub fn stream(self) -> impl crate::Stream<Item = Result<#item, crate::Error>> + Send + 'a {
            crate::pagination::items(self.pages())
        }
    }
}

/// The runtime's description of how an operation pages, as an expression.
fn paging(pagination: &crate::ir::Pagination) -> TokenStream {
    let limit = &pagination.limit;
    let offset = &pagination.offset;
    let max_limit = proc_macro2::Literal::i64_unsuffixed(pagination.max_limit);
    let items = option_str(pagination.items.as_deref());
    let total = option_str(pagination.total.as_deref());
    let fixed = pagination.fixed.iter().map(|(k, v)| quote!((#k, #v)));
    let cursor = option_str(pagination.cursor.as_ref().map(|c| c.param.as_str()));
    quote! {
        crate::pagination::Paging {
            limit: #limit,
            offset: #offset,
            cursor: #cursor,
            items: #items,
            total: #total,
            max_limit: #max_limit,
            fixed: &[#(#fixed),*],
        }
    }
}

/// How a walk starts from the call's cursor, when it may use the cursor, and how an item
/// gives the next one: `(start, use_cursor, cursor_of)` expressions.
fn cursor_walk(
    pagination: &crate::ir::Pagination,
    field_of: &dyn Fn(&str) -> Option<Ident>,
    offset: &Ident,
    item: &TokenStream,
    names: &Names,
) -> (TokenStream, TokenStream, TokenStream) {
    let Some(cursor) = &pagination.cursor else {
        return (quote!(None), quote!(false), quote!(None));
    };
    let start = field_of(&cursor.param).map_or_else(|| quote!(None), |f| quote!(self.#f.clone()));
    let condition = cursor.only_when.as_ref().and_then(|(param, values)| {
        let field = field_of(param)?;
        Some(quote!(
            &&matches!(self.#field.as_deref(), None #(| Some(#values))*)
        ))
    });
    let item_field = match &pagination.item {
        crate::ir::TypeRef::Named(item_type) => names.member(item_type, &cursor.field),
        _ => None,
    };
    let item_field = ident(item_field.unwrap_or("id"));
    (
        start,
        quote!(self.#offset.unwrap_or(0) == 0 #condition),
        quote!(Some(|item: &#item| item.#item_field.as_str())),
    )
}

/// The sentence of `pages`' docs that says how the walk moves.
fn walk_doc(pagination: &crate::ir::Pagination) -> String {
    let offset = &pagination.offset;
    match &pagination.cursor {
        Some(cursor) => match &cursor.only_when {
            Some((param, values)) => format!(
                " It moves by the `{}` cursor when `{param}` is absent or one of {} and no `{offset}` is set, so items added or removed during the walk are neither skipped nor repeated; otherwise by `{offset}`.",
                cursor.param,
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!(
                " It moves by the `{}` cursor unless `{offset}` is set.",
                cursor.param
            ),
        },
        None => format!(" It moves by `{offset}`."),
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}
