//! Each operation's request builder members: its parameters, then its body, with what
//! callers pass for each and where its value goes on the request.

use crate::ir::{BodyEncoding, Operation, ParamLocation, ParamStyle, ParamType, TypeRef};
use crate::names::OperationNames;

/// One member of a request builder: a parameter or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    /// Its field and setter name (from the names module).
    pub name: &'a str,
    /// Its wire name (`body` for the body).
    pub wire: &'a str,
    /// What callers pass and the builder stores.
    pub kind: MemberKind,
    /// Required members are arguments of the client method; the others have setters.
    pub required: bool,
    /// The spec's text about it.
    pub description: Option<&'a str>,
    /// Where its value goes.
    pub place: Place,
    /// What callers pass for it.
    pub conversion: super::Conversion,
    /// For a [`MemberKind::Choice`], the string enum of its values.
    pub choice: Option<&'a TypeRef>,
}

/// What callers pass for a member, and so how the builder stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A parameter's values as its type says.
    Param(ParamType),
    /// A list of `+`/`-` filter values.
    Filter,
    /// A sort order.
    OrderBy,
    /// One value of a string enum, stored as its wire text.
    Choice,
    /// The request body, of the operation's body type.
    Body,
}

/// Where a member's value goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A path segment, query pair, header, cookie or body-template placeholder.
    Param(ParamLocation),
    /// The JSON body.
    JsonBody,
    /// The multipart/form-data body.
    MultipartBody,
}

/// The members of `op`'s builder: parameters in spec order, then the body.
pub fn members<'a>(op: &'a Operation, names: &'a OperationNames) -> Vec<Member<'a>> {
    let params = op.params.iter().zip(&names.params).map(|(param, name)| {
        let (kind, choice) = match (&param.style, param.ty) {
            (ParamStyle::IncludeExclude, ParamType::Array) => (MemberKind::Filter, None),
            (ParamStyle::OrderBy(_), ParamType::String) => (MemberKind::OrderBy, None),
            (ParamStyle::Choice(ty), ParamType::String) => (MemberKind::Choice, Some(ty)),
            (_, ty) => (MemberKind::Param(ty), None),
        };
        Member {
            name,
            wire: &param.name,
            kind,
            required: param.required,
            description: param.description.as_deref(),
            place: Place::Param(param.location),
            conversion: super::Conversion::of_member(kind),
            choice,
        }
    });
    let body = op
        .body
        .as_ref()
        .zip(names.body.as_deref())
        .map(|(body, name)| Member {
            name,
            wire: "body",
            kind: MemberKind::Body,
            conversion: super::Conversion::AsIs,
            choice: None,
            required: body.required,
            description: body.description.as_deref(),
            place: match body.encoding {
                BodyEncoding::Multipart => Place::MultipartBody,
                BodyEncoding::Json => Place::JsonBody,
            },
        });
    params.chain(body).collect()
}
