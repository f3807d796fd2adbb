//! How models are stored and which way they travel: from how the operations use them
//! (request, PATCH, multipart bodies) and from cycles in the type graph.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, BodyEncoding, Field, Method, TypeDef, TypeKind, TypeRef};

/// How one struct is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructPlan {
    /// Which way it travels, which decides how strictly it decodes.
    pub direction: Direction,
    /// Sent as a multipart form: its fields are the parts (no serde).
    pub multipart: bool,
    /// A request model whose fields are all optional: it derives `Default`.
    pub derive_default: bool,
    /// Per field (parallel to the struct's fields).
    pub fields: Vec<FieldPlan>,
}

impl StructPlan {
    /// Whether it is sent (and so gets `new` and setters).
    pub fn is_request(&self) -> bool {
        matches!(self.direction, Direction::Request { .. })
    }
}

/// How one struct field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldPlan {
    pub storage: Storage,
    /// Boxed, because the struct contains itself through this field.
    pub boxed: bool,
    /// What a request's constructor or setter takes for it.
    pub conversion: super::Conversion,
}

/// How a field is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Always present.
    Plain,
    /// A required list or map: absent or `null` decodes as empty.
    Collection,
    /// A required boolean of a response: absent or `null` decodes as `false`.
    FalseIfAbsent,
    /// Absent or `null` is `None`.
    Optional,
    /// Absent, `null` or a value, all three sendable (PATCH bodies).
    TriState,
}

/// Which way a struct travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Only ever received: decoding follows docs/decisions/0014-decoding-real-responses.md.
    Response,
    /// Sent (and possibly received too): required fields are required.
    Request {
        /// Part of a PATCH body: nullable optional fields become tri-state.
        patch: bool,
    },
}

/// The plan of every struct, parallel to `api.types` (`None` for enums and unions).
pub fn plan(api: &Api) -> Vec<Option<StructPlan>> {
    let usage = Usage::of(api);
    let cycles = Cycles::of(api);
    api.types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(fields) => Some(plan_struct(def, fields, &usage, &cycles)),
            TypeKind::Enum(_) | TypeKind::Union { .. } => None,
        })
        .collect()
}

fn plan_struct(def: &TypeDef, fields: &[Field], usage: &Usage, cycles: &Cycles<'_>) -> StructPlan {
    let multipart = usage.multipart.contains(&def.name);
    let is_request = multipart || usage.request.contains(&def.name);
    let direction = if is_request {
        Direction::Request {
            patch: usage.patch.contains(&def.name),
        }
    } else {
        Direction::Response
    };
    StructPlan {
        direction,
        multipart,
        derive_default: is_request && fields.iter().all(|f| !f.required),
        fields: fields
            .iter()
            .map(|field| FieldPlan {
                storage: storage(field, direction),
                boxed: cycles.needs_box(&def.name, &field.ty),
                conversion: super::Conversion::of_field(&field.ty),
            })
            .collect(),
    }
}

fn storage(field: &Field, direction: Direction) -> Storage {
    let collection = matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_));
    let required = field.required && !field.nullable;
    match direction {
        Direction::Request { patch } => match (field.required, field.nullable) {
            (false, true) if patch => Storage::TriState,
            (true, false) if collection => Storage::Collection,
            (true, false) => Storage::Plain,
            _ => Storage::Optional,
        },
        Direction::Response if !required => Storage::Optional,
        Direction::Response if collection => Storage::Collection,
        Direction::Response if field.ty == TypeRef::Boolean => Storage::FalseIfAbsent,
        Direction::Response if field.identity => Storage::Plain,
        // Timestamps, related ids, names, enums, nested objects: any default would lie.
        Direction::Response => Storage::Optional,
    }
}

/// How the operations use the named types.
#[derive(Debug, Default)]
struct Usage {
    /// Sent as (part of) a JSON request body.
    request: BTreeSet<String>,
    /// Sent in the body of a PATCH request: nullable optional fields become tri-state.
    patch: BTreeSet<String>,
    /// A multipart body: its fields are the parts.
    multipart: BTreeSet<String>,
}

impl Usage {
    /// Walks every operation's body type.
    fn of(api: &Api) -> Self {
        let defs: BTreeMap<&str, &TypeDef> =
            api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut usage = Self::default();
        for op in &api.operations {
            let Some(body) = &op.body else { continue };
            let Some(ty) = &body.ty else { continue };
            match body.encoding {
                BodyEncoding::Multipart => {
                    if let TypeRef::Named(name) = ty {
                        usage.multipart.insert(name.clone());
                    }
                }
                BodyEncoding::Json => {
                    let mut reached = BTreeSet::new();
                    reach(ty, &defs, &mut reached);
                    if op.method == Method::Patch {
                        usage.patch.extend(reached.iter().cloned());
                    }
                    usage.request.extend(reached);
                }
            }
        }
        usage
    }
}

fn reach(ty: &TypeRef, defs: &BTreeMap<&str, &TypeDef>, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => reach(inner, defs, out),
        TypeRef::Named(name) => {
            if !out.insert(name.clone()) {
                return;
            }
            let Some(def) = defs.get(name.as_str()) else {
                return;
            };
            match &def.kind {
                TypeKind::Struct(fields) => fields.iter().for_each(|f| reach(&f.ty, defs, out)),
                TypeKind::Union { variants, .. } => variants
                    .iter()
                    .for_each(|v| reach(&TypeRef::Named(v.ty.clone()), defs, out)),
                TypeKind::Enum(_) => {}
            }
        }
        _ => {}
    }
}

/// Which struct fields must be boxed because the struct contains itself through them.
struct Cycles<'a> {
    defs: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Cycles<'a> {
    fn of(api: &'a Api) -> Self {
        Self {
            defs: api.types.iter().map(|d| (d.name.as_str(), d)).collect(),
        }
    }

    /// Whether a field of type `ty` in `owner` leads back to `owner` without passing a
    /// `Vec` or map (which already put their contents on the heap).
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let mut seen = BTreeSet::new();
        self.reaches(ty, owner, &mut seen)
    }

    fn reaches(&self, ty: &TypeRef, target: &str, seen: &mut BTreeSet<&'a str>) -> bool {
        let TypeRef::Named(name) = ty else {
            return false;
        };
        if name == target {
            return true;
        }
        let Some(def) = self.defs.get(name.as_str()) else {
            return false;
        };
        if !seen.insert(def.name.as_str()) {
            return false;
        }
        match &def.kind {
            TypeKind::Struct(fields) => fields.iter().any(|f| self.reaches(&f.ty, target, seen)),
            TypeKind::Union { variants, .. } => variants
                .iter()
                .any(|v| self.reaches(&TypeRef::Named(v.ty.clone()), target, seen)),
            TypeKind::Enum(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, SourceFile};
    use crate::{dialect, resolve};

    const SPEC: &str = r##"
naftiko: 1.0.0-alpha2
info:
  label: Plans
capability:
  consumes:
  - type: http
    namespace: shop
    baseUri: https://shop.example.test
    resources:
    - name: items
      path: /items/{id}
      operations:
      - name: update-item
        method: PATCH
        inputParameters:
        - name: id
          in: path
          type: string
        - name: body
          in: body
          x-type:
            $ref: '#/types/ItemPatch'
        x-responses:
          '200':
            $ref: '#/types/Item'
x-types:
  ItemPatch:
    type: object
    properties:
      title:
        type: string
      note:
        type: string
        nullable: true
  Item:
    type: object
    required: [id, title, archived, tags, parent]
    properties:
      id:
        type: string
      title:
        type: string
      archived:
        type: boolean
      tags:
        type: array
        items:
          type: string
      parent:
        $ref: '#/types/Item'
"##;

    fn plans() -> BTreeMap<String, StructPlan> {
        let mut loaded = load::load(&SourceFile::new("plans.yaml", SPEC)).expect("loads");
        dialect::normalize(&mut loaded);
        let (api, diagnostics) = resolve::resolve(&loaded);
        let api = api.unwrap_or_else(|| panic!("resolves: {diagnostics:?}"));
        let names: Vec<String> = api.types.iter().map(|def| def.name.clone()).collect();
        names
            .into_iter()
            .zip(plan(&api))
            .filter_map(|(name, plan)| Some((name, plan?)))
            .collect()
    }

    fn storages(plan: &StructPlan) -> Vec<Storage> {
        plan.fields.iter().map(|field| field.storage).collect()
    }

    #[test]
    fn a_patch_body_sends_nullable_optional_fields_as_three_states() {
        let plans = plans();
        let patch = &plans["ItemPatch"];
        assert_eq!(patch.direction, Direction::Request { patch: true });
        assert!(patch.derive_default, "every field is optional");
        assert_eq!(storages(patch), [Storage::Optional, Storage::TriState]);
    }

    #[test]
    fn a_response_keeps_its_id_and_reads_absent_required_fields_leniently() {
        let plans = plans();
        let item = &plans["Item"];
        assert_eq!(item.direction, Direction::Response);
        assert!(!item.is_request());
        assert_eq!(
            storages(item),
            [
                Storage::Plain,
                Storage::Optional,
                Storage::FalseIfAbsent,
                Storage::Collection,
                Storage::Optional
            ]
        );
    }

    #[test]
    fn only_the_field_that_leads_back_to_its_struct_is_boxed() {
        let plans = plans();
        let boxed: Vec<bool> = plans["Item"].fields.iter().map(|f| f.boxed).collect();
        assert_eq!(boxed, [false, false, false, false, true]);
    }
}
