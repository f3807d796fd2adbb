//! Stage 5: IR + names -> the decisions the emitters render, as plain data.
//!
//! How each struct field is stored (boxed to break a cycle, `Option`, `Patch`, a lenient
//! collection), which models are sent and how, each operation's builder members with
//! where each one goes, and what callers pass for each member and field. The emitters read this and write tokens: they walk no type graphs
//! and decide no policy, so a change of policy is a change here, testable without tokens.

mod arguments;
mod models;
mod operations;

use crate::ir::Api;
use crate::names::Names;

pub use arguments::Conversion;
pub use models::{Direction, FieldPlan, Storage, StructPlan};
pub use operations::{Member, MemberKind, Place};

/// Every decision of one API, parallel to the IR's lists.
#[derive(Debug)]
pub struct Lowered<'a> {
    /// Per named type (parallel to `Api::types`): the plan of a struct, `None` otherwise.
    pub structs: Vec<Option<StructPlan>>,
    /// Per operation (parallel to `Api::operations`): its builder's members, parameters
    /// first and the body last.
    pub members: Vec<Vec<Member<'a>>>,
}

/// Makes every decision for `api`, whose identifiers are `names`.
pub fn lower<'a>(api: &'a Api, names: &'a Names) -> Lowered<'a> {
    Lowered {
        structs: models::plan(api),
        members: api
            .operations
            .iter()
            .zip(&names.operations)
            .map(|(op, op_names)| operations::members(op, op_names))
            .collect(),
    }
}
