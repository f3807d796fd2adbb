//! One input parameter: where it goes, whether the caller passes it, the client sends a
//! fixed value, or it joins the body; its type, and its style (`x-filter`, `x-order-by`,
//! `x-type` naming a string enum).

use serde_json::Value;

use super::Resolver;
use super::auth::binding_reference;
use crate::diagnostic::DocPath;
use crate::ir::{FixedParam, Param, ParamLocation, ParamStyle, ParamType, TypeKind, TypeRef};
use crate::model::InputParameter;

impl Resolver<'_> {
    pub(super) fn param(&mut self, param: &InputParameter, path: &DocPath) -> Option<Resolved> {
        let name = self.param_name(param, path)?;
        let location = match param.location.as_deref() {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            Some("body") => return Some(Resolved::Body),
            // Environment parameters feed authentication and bindings, not the request.
            Some("environment") => return None,
            other => {
                self.error(
                    &path.key("in"),
                    format!(
                        "parameter `{name}` is sent `in: {}`, which this generator does not support",
                        other.unwrap_or("(missing)")
                    ),
                    "use `in:` path, query, header, cookie, body or environment",
                );
                return None;
            }
        };
        if let Some(value) = &param.value {
            return Some(self.valued_param(param, name, location, value));
        }
        let ty = self.param_type(param, name, path);
        let style = self.param_style(param, ty, path);
        Some(Resolved::Param(Param {
            name: name.to_owned(),
            location,
            ty,
            required: param.required.unwrap_or(false),
            description: param.description.clone(),
            style,
        }))
    }

    fn param_name<'p>(&mut self, param: &'p InputParameter, path: &DocPath) -> Option<&'p str> {
        let Some(name) = param.name.as_deref() else {
            self.error(
                &path.key("name"),
                "input parameter has no `name`",
                "give the parameter its wire name",
            );
            return None;
        };
        if !crate::names::has_word(name) {
            self.warning(
                &path.key("name"),
                format!(
                    "the parameter `{name}` has no ASCII letter or digit, so its Rust name is made up (`value`, numbered if taken); on the wire it stays `{name}`"
                ),
            );
        }
        Some(name)
    }

    /// A parameter with a `value`. `value: "{{NAME}}"` is bound at run time (a secret, a
    /// setting): it is not part of the capability, so callers pass it. Any other value is
    /// part of the capability: the client sends it, callers do not.
    fn valued_param(
        &self,
        param: &InputParameter,
        name: &str,
        location: ParamLocation,
        value: &Value,
    ) -> Resolved {
        let bound = value
            .as_str()
            .and_then(|text| binding_reference(text).or_else(|| self.bare_bind_key(text)));
        if let Some(reference) = bound {
            return Resolved::Param(Param {
                name: name.to_owned(),
                location,
                ty: ParamType::String,
                required: true,
                description: Some(param.description.clone().unwrap_or_else(|| {
                    format!("The value bound to `{{{{{reference}}}}}` in the capability.")
                })),
                style: ParamStyle::Plain,
            });
        }
        let value = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        Resolved::Fixed(FixedParam {
            location,
            name: name.to_owned(),
            value,
        })
    }

    fn param_type(&mut self, param: &InputParameter, name: &str, path: &DocPath) -> ParamType {
        match param.kind.as_deref() {
            None | Some("string") => ParamType::String,
            Some("integer") => ParamType::Integer,
            Some("number") => ParamType::Number,
            Some("boolean") => ParamType::Boolean,
            Some("array") => ParamType::Array,
            Some("object") => ParamType::Json,
            Some(other) => {
                self.warning(
                    &path.key("type"),
                    format!("unknown parameter type `{other}`; treating `{name}` as a string"),
                );
                ParamType::String
            }
        }
    }

    /// `x-filter`, `x-order-by` and `x-type`, checked against the parameter's type.
    fn param_style(&mut self, param: &InputParameter, ty: ParamType, path: &DocPath) -> ParamStyle {
        if let Some(value) = &param.x_type {
            return self.choice_style(param, value, ty, path);
        }
        match (&param.x_filter, &param.x_order_by) {
            (Some(_), Some(_)) => {
                self.error(
                    path,
                    "a parameter cannot be both `x-filter` and `x-order-by`",
                    "keep the one that describes it",
                );
                ParamStyle::Plain
            }
            (Some(filter), None) if filter == "include-exclude" && ty == ParamType::Array => {
                ParamStyle::IncludeExclude
            }
            (Some(filter), None) => {
                self.error(
                    &path.key("x-filter"),
                    format!("`x-filter: {filter}` needs an array parameter and the value `include-exclude`"),
                    "use `x-filter: include-exclude` on a `type: array` parameter",
                );
                ParamStyle::Plain
            }
            (None, Some(value)) if ty == ParamType::String => {
                let enum_path = path.key("x-order-by");
                let fields = self
                    .types
                    .parse(value, &enum_path)
                    .map(|schema| self.types.link(&schema, "OrderBy", &enum_path));
                ParamStyle::OrderBy(fields)
            }
            (None, Some(_)) => {
                self.error(
                    &path.key("x-order-by"),
                    "`x-order-by` needs a string parameter",
                    "put it on the sort parameter, which is `type: string`",
                );
                ParamStyle::Plain
            }
            (None, None) => ParamStyle::Plain,
        }
    }

    /// `x-type` on a string parameter: its values are those of a named string enum, which
    /// callers pass typed (or as text).
    fn choice_style(
        &mut self,
        param: &InputParameter,
        value: &Value,
        ty: ParamType,
        path: &DocPath,
    ) -> ParamStyle {
        let type_path = path.key("x-type");
        if param.x_filter.is_some() || param.x_order_by.is_some() {
            self.error(
                &type_path,
                "a parameter with `x-type` cannot also be `x-filter` or `x-order-by`",
                "keep the one that describes it",
            );
            return ParamStyle::Plain;
        }
        if ty != ParamType::String {
            self.error(
                &type_path,
                "`x-type` on a parameter needs `type: string`: it names the string enum of its values",
                "make the parameter `type: string`, or drop `x-type`",
            );
            return ParamStyle::Plain;
        }
        let Some(schema) = self.types.parse(value, &type_path) else {
            return ParamStyle::Plain;
        };
        match self.types.link(&schema, "Choice", &type_path) {
            TypeRef::Named(name)
                if matches!(
                    self.types.get(&name).map(|def| &def.kind),
                    Some(TypeKind::Enum(_))
                ) =>
            {
                ParamStyle::Choice(TypeRef::Named(name))
            }
            _ => {
                self.error(
                    &type_path,
                    "`x-type` on a parameter must name a string enum of the types",
                    "use `x-type: {$ref: '#/types/Name'}` where `Name` is `type: string` with `enum`",
                );
                ParamStyle::Plain
            }
        }
    }
}

pub(super) enum Resolved {
    Param(Param),
    /// An `in: body` parameter; the operation gathers them into its body.
    Body,
    Fixed(FixedParam),
}
