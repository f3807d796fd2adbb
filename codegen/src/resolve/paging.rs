//! Pagination (`x-pagination`), checked in its own pass once every operation and type
//! exists: the limit, offset and cursor parameters, the list in the response, the cursor
//! field of its items.

use serde_json::Value;

use super::Resolver;
use crate::diagnostic::DocPath;
use crate::ir::{
    Api, CursorPaging, Pagination, Param, ParamLocation, ParamType, TypeKind, TypeRef,
};
use crate::model;

impl Resolver<'_> {
    /// The pagination pass: every operation's `x-pagination`, checked against its
    /// parameters and response type.
    pub(super) fn paginate(&mut self, api: &mut Api) {
        for pending in std::mem::take(&mut self.paging) {
            let Some(operation) = api.operations.get(pending.operation) else {
                continue;
            };
            let pagination = self.pagination(
                &pending.value,
                &operation.params,
                operation.response.as_ref(),
                &pending.path,
            );
            if let Some(operation) = api.operations.get_mut(pending.operation) {
                operation.pagination = pagination;
            }
        }
    }

    /// Checks `x-pagination` against the operation's parameters and response type.
    fn pagination(
        &mut self,
        value: &Value,
        params: &[Param],
        response: Option<&TypeRef>,
        path: &DocPath,
    ) -> Option<Pagination> {
        let spec: model::PaginationSpec = match serde_path_to_error::deserialize(value) {
            Ok(spec) => spec,
            Err(error) => {
                self.error(
                    path,
                    format!("`x-pagination` is malformed at `{}`: {}", error.path(), error.inner()),
                    "use limit, offset, maxLimit, items, total, fixed and cursor {param, field, onlyWhen}",
                );
                return None;
            }
        };
        let mut ok = self.paging_params_exist(&spec, params, path);
        let item = self.paged_item(&spec, response, path)?;
        let cursor = spec
            .cursor
            .as_ref()
            .map(|cursor| self.cursor_paging(cursor, &item, path, &mut ok));
        ok.then(|| Pagination {
            limit: spec.limit,
            offset: spec.offset,
            max_limit: spec.max_limit.unwrap_or(i64::MAX).max(1),
            items: spec.items,
            total: spec.total,
            fixed: spec.fixed.into_iter().collect(),
            cursor,
            item,
        })
    }

    /// Every parameter `x-pagination` names is a query parameter of the operation, of
    /// the type paging needs.
    fn paging_params_exist(
        &mut self,
        spec: &model::PaginationSpec,
        params: &[Param],
        path: &DocPath,
    ) -> bool {
        let mut ok = true;
        let mut require_param = |resolver: &mut Self, name: &str, key: &str, ty: ParamType| {
            let found = params
                .iter()
                .any(|p| p.name == name && p.location == ParamLocation::Query && p.ty == ty);
            if !found {
                ok = false;
                resolver.error(
                    &path.key(key),
                    format!("`{name}` is not a {ty:?} query parameter of this operation"),
                    "name a query parameter the operation has (add it with the overlay if the spec lacks it)",
                );
            }
        };
        require_param(self, &spec.limit, "limit", ParamType::Integer);
        require_param(self, &spec.offset, "offset", ParamType::Integer);
        if let Some(cursor) = &spec.cursor {
            require_param(self, &cursor.param, "cursor", ParamType::String);
            if let Some(only_when) = &cursor.only_when {
                require_param(self, &only_when.param, "cursor", ParamType::String);
            }
        }
        ok
    }

    /// The type of a page's items: the response itself, or one of its fields, must be a
    /// list. A list response may still name `items` (and `total`): its pages then come as
    /// an envelope around the list (an API that answers a walk's fixed parameters, such as
    /// `paginated=true`, with `{data, total_count}`); the runtime reads either shape.
    fn paged_item(
        &mut self,
        spec: &model::PaginationSpec,
        response: Option<&TypeRef>,
        path: &DocPath,
    ) -> Option<TypeRef> {
        let list = match (&spec.items, response) {
            (_, Some(ty @ TypeRef::Array(_))) => Some(ty.clone()),
            (Some(field), Some(TypeRef::Named(name))) => self.field_type(name, field),
            _ => None,
        };
        let Some(TypeRef::Array(item)) = list else {
            self.error(
                path,
                "`x-pagination` needs a list response: an array, or an object whose `items` field is one",
                "link the success response to a type first (`x-responses`), and name the list field in `items`",
            );
            return None;
        };
        Some(*item)
    }

    /// Cursor paging: its field must be a required string of the items.
    fn cursor_paging(
        &mut self,
        cursor: &model::CursorSpec,
        item: &TypeRef,
        path: &DocPath,
        ok: &mut bool,
    ) -> CursorPaging {
        let field_ok = match item {
            TypeRef::Named(name) => self.required_string_field(name, &cursor.field),
            _ => false,
        };
        if !field_ok {
            *ok = false;
            self.error(
                &path.key("cursor").key("field"),
                format!(
                    "cursor field `{}` is not a required string field of the items",
                    cursor.field
                ),
                "name the item field (usually `id`) whose value asks for the next page",
            );
        }
        CursorPaging {
            param: cursor.param.clone(),
            field: cursor.field.clone(),
            only_when: cursor
                .only_when
                .as_ref()
                .map(|w| (w.param.clone(), w.absent_or_one_of.clone())),
        }
    }

    /// The type of field `field` of the named struct `name`.
    fn field_type(&self, name: &str, field: &str) -> Option<TypeRef> {
        self.types.get(name).and_then(|t| match &t.kind {
            TypeKind::Struct(fields) => fields
                .iter()
                .find(|f| f.name == field)
                .map(|f| f.ty.clone()),
            _ => None,
        })
    }

    fn required_string_field(&self, name: &str, field: &str) -> bool {
        self.types.get(name).is_some_and(|t| match &t.kind {
            TypeKind::Struct(fields) => fields
                .iter()
                .any(|f| f.name == field && f.required && !f.nullable && f.ty == TypeRef::String),
            _ => false,
        })
    }
}
