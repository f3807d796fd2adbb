//! One operation, decided in steps: its name and method, its parameters (shared ones first,
//! overridden by its own), the path with fixed values filled in and implicit placeholders
//! declared, its request body in whichever form the capability writes it, and its response.
//! Each step reports its own problems, in this order, so diagnostics read top to bottom.

use serde_json::Value;

use super::Resolver;
use super::params::Resolved;
use super::path::{canonical_template, encode_segment, mustache_placeholders};
use crate::diagnostic::DocPath;
use crate::ir::{
    Body, BodyTemplate, FixedParam, Method, Operation, Output, Param, ParamLocation, ParamStyle,
    ParamType, PathPart, ResponseFormat, Template, TemplateSegment,
};
use crate::model::{self, InputParameter};

/// An operation's parameters, sorted by what becomes of them.
#[derive(Default)]
struct Gathered<'p> {
    /// Passed by the caller.
    params: Vec<Param>,
    /// `in: body`: together they make the request body.
    body: Vec<(&'p InputParameter, DocPath)>,
    /// Sent by the client with the value the capability gives.
    fixed: Vec<FixedParam>,
}

/// What an operation sends as its body: at most one of these is set.
struct RequestBody {
    body: Option<Body>,
    fixed_body: Option<String>,
    template: Option<BodyTemplate>,
}

impl Resolver<'_> {
    pub(super) fn operation<'p>(
        &mut self,
        operation: &'p model::Operation,
        path: &DocPath,
        resource: &str,
        template: &str,
        parts: &[PathPart],
        shared: impl Iterator<Item = (&'p InputParameter, Option<DocPath>)>,
    ) -> Option<Operation> {
        let name = self.operation_name(operation, path);
        let method = self.operation_method(operation, path);
        // Inline body shapes are named after their operation.
        let body_owner = format!("{}.body", name.unwrap_or("Operation"));
        let Gathered {
            mut params,
            body: body_params,
            mut fixed,
        } = self.gather_params(operation, path, shared);
        let body = match body_params.as_slice() {
            [] => None,
            [(param, param_path)] => Some(self.body(param, param_path, &body_owner)),
            several => self.combined_body(several, &body_owner),
        };
        let parts = fill_fixed_path(parts, &mut fixed);
        self.declare_path_params(template, &parts, path, &mut params);
        let request =
            self.request_body(operation, path, body, &body_owner, &mut params, &mut fixed);
        let response_format = response_format(operation);
        let (response, error_statuses) =
            self.responses(operation, name.unwrap_or("Operation"), path);
        let outputs = self.usable_outputs(operation, path, response.is_some(), response_format);
        Some(Operation {
            name: name?.to_owned(),
            resource: resource.to_owned(),
            method: method?,
            path_template: canonical_template(&parts),
            path: parts,
            summary: operation
                .label
                .clone()
                .or_else(|| operation.description.clone()),
            description: operation.label.as_ref().and(operation.description.clone()),
            params,
            body: request.body,
            response,
            error_statuses,
            // Filled by the pagination pass.
            pagination: None,
            api: 0,
            fixed,
            fixed_body: request.fixed_body,
            response_format,
            outputs,
            body_template: request.template,
            deprecated: operation.x_deprecated.clone(),
        })
    }

    /// The operation's name, which becomes its client method's name.
    fn operation_name<'o>(
        &mut self,
        operation: &'o model::Operation,
        path: &DocPath,
    ) -> Option<&'o str> {
        let name = operation.name.as_deref().filter(|n| !n.trim().is_empty());
        if name.is_none() {
            self.error(
                &path.key("name"),
                "operation has no `name`",
                "name the operation, e.g. `name: GetUser`; it becomes the client method's name",
            );
        } else if let Some(name) = name.filter(|name| !crate::names::has_word(name)) {
            self.warning(
                &path.key("name"),
                format!(
                    "the operation name `{name}` has no ASCII letter or digit, so its client method gets a made-up name (`value`, numbered if taken)"
                ),
            );
        }
        name
    }

    fn operation_method(&mut self, operation: &model::Operation, path: &DocPath) -> Option<Method> {
        let method = operation.method.as_deref().and_then(Method::parse);
        if method.is_none() {
            self.error(
                &path.key("method"),
                format!(
                    "operation has no valid HTTP `method` (found {:?})",
                    operation.method.as_deref().unwrap_or("nothing")
                ),
                "use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
            );
        }
        method
    }

    /// Shared parameters, then the operation's own, which override shared ones with the
    /// same name and location.
    fn gather_params<'p>(
        &mut self,
        operation: &'p model::Operation,
        path: &DocPath,
        shared: impl Iterator<Item = (&'p InputParameter, Option<DocPath>)>,
    ) -> Gathered<'p> {
        let own = operation
            .input_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, Some(path.key("inputParameters").index(i))));
        let mut gathered = Gathered::default();
        for (param, param_path) in shared.chain(own) {
            let param_path = param_path.unwrap_or_else(|| path.clone());
            match self.param(param, &param_path) {
                Some(Resolved::Param(param)) => {
                    gathered
                        .params
                        .retain(|p| !(p.name == param.name && p.location == param.location));
                    gathered.params.push(param);
                }
                Some(Resolved::Body) => {
                    gathered.body.retain(|(p, _)| p.name != param.name);
                    gathered.body.push((param, param_path));
                }
                Some(Resolved::Fixed(new)) => {
                    gathered
                        .fixed
                        .retain(|f| !(f.name == new.name && f.location == new.location));
                    gathered
                        .params
                        .retain(|p| !(p.name == new.name && p.location == new.location));
                    gathered.fixed.push(new);
                }
                None => {}
            }
        }
        gathered
    }

    /// Capabilities derived from OpenAPI documents often leave path parameters implicit:
    /// a placeholder without a declaration is a required string the caller passes. Path
    /// parameters the path does not name are dropped; the others are required.
    fn declare_path_params(
        &mut self,
        template: &str,
        parts: &[PathPart],
        path: &DocPath,
        params: &mut Vec<Param>,
    ) {
        let mustache = mustache_placeholders(template);
        for part in parts {
            let PathPart::Param(placeholder) = part else {
                continue;
            };
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.name == placeholder);
            if declared {
                continue;
            }
            let written = if mustache.contains(placeholder) {
                format!("{{{{{placeholder}}}}}")
            } else {
                format!("{{{placeholder}}}")
            };
            self.warning(
                path,
                format!("path placeholder `{written}` has no parameter; callers pass it as a required string"),
            );
            params.push(Param {
                name: placeholder.clone(),
                location: ParamLocation::Path,
                ty: ParamType::String,
                required: true,
                description: Some(format!("Fills `{written}` in the path.")),
                style: ParamStyle::Plain,
            });
        }
        params.retain(|p| {
            p.location != ParamLocation::Path
                || parts
                    .iter()
                    .any(|part| matches!(part, PathPart::Param(name) if name == &p.name))
        });
        for param in params.iter_mut() {
            if param.location == ParamLocation::Path {
                param.required = true;
            }
        }
    }

    /// The body, in the first form the operation writes: `in: body` parameters, a JSON
    /// template of placeholders, raw non-JSON text, a fixed JSON value, or a typed
    /// non-JSON template (`x-body`).
    fn request_body(
        &mut self,
        operation: &model::Operation,
        path: &DocPath,
        body: Option<Body>,
        owner: &str,
        params: &mut Vec<Param>,
        fixed: &mut Vec<FixedParam>,
    ) -> RequestBody {
        let template = match (&body, &operation.body) {
            (None, Some(Value::String(text))) if text.contains("{{") => Some(text),
            _ => None,
        };
        let body = match template {
            Some(text) => self.templated_body(text, &path.key("body"), owner),
            None => body,
        };
        // A raw string body that is not JSON is sent as written (the Ikanos raw body).
        let raw_text = match (&body, &operation.body, template) {
            (None, Some(Value::String(text)), None)
                if serde_json::from_str::<Value>(text).is_err() =>
            {
                Some(text.clone())
            }
            _ => None,
        };
        let fixed_body = match (&body, &operation.body, template, &raw_text) {
            (None, Some(value), None, None) => self.fixed_body(value, &path.key("body")),
            _ => None,
        };
        let typed = match (&body, &operation.x_body) {
            (None, Some(typed)) => self.body_template(typed, params, &path.key("x-body")),
            (Some(_), Some(_)) => {
                self.warning(
                    &path.key("x-body"),
                    "the operation has body parameters; its body template is not sent",
                );
                None
            }
            _ => None,
        };
        let template = typed.or_else(|| raw_text.map(|text| raw_text_body(text, fixed)));
        RequestBody {
            body,
            fixed_body,
            template,
        }
    }

    /// Output parameters apply to untyped JSON responses only.
    fn usable_outputs(
        &mut self,
        operation: &model::Operation,
        path: &DocPath,
        typed_response: bool,
        format: ResponseFormat,
    ) -> Vec<Output> {
        let outputs = self.outputs(operation, path);
        let whole_response =
            typed_response || operation.x_pagination.is_some() || format != ResponseFormat::Json;
        if outputs.is_empty() || !whole_response {
            return outputs;
        }
        self.warning(
            &path.key("outputParameters"),
            "output parameters are extracted from untyped JSON responses only; this operation returns its typed, paged or non-JSON response as it is",
        );
        Vec::new()
    }
}

/// Fixed path values become literal path text; the other fixed values stay to be sent.
fn fill_fixed_path(parts: &[PathPart], fixed: &mut Vec<FixedParam>) -> Vec<PathPart> {
    let mut parts = parts.to_vec();
    for part in &mut parts {
        let PathPart::Param(placeholder) = part else {
            continue;
        };
        if let Some(value) = fixed
            .iter()
            .find(|f| f.location == ParamLocation::Path && &f.name == placeholder)
        {
            *part = PathPart::Literal(encode_segment(&value.value));
        }
    }
    fixed.retain(|f| f.location != ParamLocation::Path);
    parts
}

/// Raw text sent as written. Its type comes from a fixed `Content-Type` header (which then
/// is not sent twice), else the schema's default.
fn raw_text_body(text: String, fixed: &mut Vec<FixedParam>) -> BodyTemplate {
    let declared = fixed.iter().position(|f| {
        f.location == ParamLocation::Header && f.name.eq_ignore_ascii_case("content-type")
    });
    let content_type = declared
        .map(|index| fixed.remove(index).value)
        .unwrap_or_else(|| "application/json".to_owned());
    BodyTemplate::Text {
        content_type,
        text: Template(vec![TemplateSegment::Text(text)]),
    }
}

fn response_format(operation: &model::Operation) -> ResponseFormat {
    match operation.output_raw_format.as_deref() {
        None => ResponseFormat::Json,
        Some(format) if format.eq_ignore_ascii_case("json") => ResponseFormat::Json,
        Some(format) if format.eq_ignore_ascii_case("binary") => ResponseFormat::Binary,
        Some(_) => ResponseFormat::Text,
    }
}
