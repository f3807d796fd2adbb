//! Stage 3: a loaded document -> the IR, checking everything a client depends on.
//!
//! Collects every problem instead of stopping at the first, so one run shows a user all of
//! them. Nothing Clerk-specific lives here.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, DocPath, Segment};
use crate::ir::{
    Api, ApiBase, Auth, Body, BodyEncoding, BodyTemplate, CursorPaging, FixedParam, Method,
    Operation, Output, OutputKind, Pagination, Param, ParamLocation, ParamStyle, ParamType,
    PathPart, ResponseFormat, TypeKind, TypeRef,
};
use crate::load::{Loaded, SourceMap};
use crate::model::{self, Document, InputParameter};
use crate::types::TypeConverter;

/// Builds the IR, or returns every error found (warnings ride along in both cases).
pub fn resolve(loaded: &Loaded) -> (Option<Api>, Vec<Diagnostic>) {
    let map = &loaded.source_map;
    let document: Document = match serde_path_to_error::deserialize(&loaded.value) {
        Ok(document) => document,
        Err(error) => {
            let path = doc_path(error.path());
            let message = format!("unexpected value: {}", error.inner());
            let help = "give this field the type the Naftiko schema expects";
            return (None, vec![map.error(&path, message, help)]);
        }
    };
    let mut types = TypeConverter::new(map, document.x_types.as_ref());
    types.named_types(document.x_types.as_ref(), &DocPath::root().key("x-types"));
    let mut resolver = Resolver {
        map,
        diagnostics: Vec::new(),
        types,
        operations_made: 0,
        paging: Vec::new(),
        bind_keys: document
            .binds
            .iter()
            .flat_map(|bind| bind.keys.keys().cloned())
            .collect(),
    };
    let mut api = resolver.document(&document);
    // Pagination is checked once every operation and type exists: it reads both.
    if let Some(api) = api.as_mut() {
        resolver.paginate(api);
    }
    let Resolver {
        mut diagnostics,
        types,
        ..
    } = resolver;
    diagnostics.extend(types.diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let api = api.filter(|_| !failed).map(|api| Api {
        types: types.types,
        ..api
    });
    (api, diagnostics)
}

/// Converts serde_path_to_error's path into ours.
fn doc_path(path: &serde_path_to_error::Path) -> DocPath {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|segment| match segment {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

/// An operation's `x-pagination`, waiting for the pagination pass.
struct PendingPaging {
    /// The operation's index in `Api::operations`.
    operation: usize,
    value: Value,
    path: DocPath,
}

struct Resolver<'a> {
    map: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
    types: TypeConverter<'a>,
    /// How many operations have been made so far (the next one's index in `Api::operations`).
    operations_made: usize,
    /// Each operation's `x-pagination`, checked in its own pass once all types exist.
    paging: Vec<PendingPaging>,
    /// Every key the document binds, in any namespace: a value written as just such a key
    /// (`token: "REGISTRY_TOKEN"`, as Ikanos tutorials do) refers to the binding.
    bind_keys: std::collections::BTreeSet<String>,
}

impl Resolver<'_> {
    fn error(&mut self, path: &DocPath, message: impl Into<String>, help: &str) {
        self.diagnostics.push(self.map.error(path, message, help));
    }

    fn warning(&mut self, path: &DocPath, message: impl Into<String>) {
        self.diagnostics.push(self.map.warning(path, message));
    }

    fn document(&mut self, document: &Document) -> Option<Api> {
        let root = DocPath::root();
        let consumes_path = root.key("capability").key("consumes");
        let consumes_http = document.capability.as_ref().is_some_and(|capability| {
            capability
                .consumes
                .iter()
                .any(|consumes| consumes.kind.as_deref().is_none_or(|kind| kind == "http"))
        });
        let Some(capability) = document.capability.as_ref().filter(|_| consumes_http) else {
            self.error(
                &consumes_path,
                "nothing to generate: this capability consumes no HTTP API",
                "a client is generated from `consumes` entries of `type: http`; files that only expose or mock an API have none",
            );
            return None;
        };

        let mut operations = Vec::new();
        for (index, consumes) in capability.consumes.iter().enumerate() {
            let path = consumes_path.index(index);
            if let Some(kind) = consumes.kind.as_deref().filter(|kind| *kind != "http") {
                self.warning(
                    &path.key("type"),
                    format!("consumes entry of type `{kind}` skipped: only `http` is generated"),
                );
                continue;
            }
            for (r, resource) in consumes.resources.iter().enumerate() {
                let resource_path = path.key("resources").index(r);
                operations.extend(self.resource(consumes, index, resource, &resource_path));
            }
        }

        let first = &capability.consumes[0];
        let apis = capability
            .consumes
            .iter()
            .enumerate()
            .map(|(index, consumes)| ApiBase {
                auth: self.auth(document, consumes, &consumes_path.index(index), index == 0),
                namespace: consumes
                    .namespace
                    .clone()
                    .unwrap_or_else(|| format!("api{index}")),
                url: consumes
                    .base_uri
                    .as_deref()
                    .unwrap_or("")
                    .trim_end_matches('/')
                    .to_owned(),
            })
            .collect();
        let info = document.info.clone().unwrap_or_default();
        Some(Api {
            title: info
                .label
                .or_else(|| first.namespace.clone())
                .unwrap_or_else(|| "API".to_owned()),
            description: info.description,
            apis,
            base_url_env: first.x_base_url_env.clone(),
            operations,
            types: Vec::new(),
        })
    }

    /// How one consumed API authenticates. Credentials are referenced (`{{NAME}}`,
    /// `{{env.NAME}}`, `$env.NAME`), never copied: the generated client reads the bound
    /// variable in `from_env`, or callers pass them. When the main API declares no
    /// authentication and the document binds exactly one variable, that variable is its
    /// bearer token (the secret key).
    fn auth(
        &mut self,
        document: &Document,
        consumes: &model::Consumes,
        path: &DocPath,
        main: bool,
    ) -> Auth {
        let env_keys: Vec<(&String, &Value)> = document
            .binds
            .iter()
            .filter(|bind| bind.namespace.as_deref().is_none_or(|ns| ns == "env"))
            .flat_map(|bind| bind.keys.iter())
            .collect();
        let path = path.key("authentication");
        let Some(auth) = &consumes.authentication else {
            return match env_keys.as_slice() {
                [(_, value)] if main => Auth::Bearer {
                    env_var: value.as_str().map(str::to_owned),
                },
                _ => Auth::None,
            };
        };
        let variable = |this: &mut Self, field: &str, text: Option<&String>| -> Option<String> {
            this.credential_variable(&env_keys, &path, field, text?)
        };
        let kind = self.auth_kind(auth, &path);
        match kind {
            Some("bearer") => Auth::Bearer {
                env_var: variable(self, "token", auth.token.as_ref()),
            },
            Some("basic") => Auth::Basic {
                username_env: variable(self, "username", auth.username.as_ref()),
                password_env: variable(self, "password", auth.password.as_ref()),
            },
            Some("apikey") => self.api_key_auth(auth, &path, &env_keys),
            Some("oauth2") if auth.token_endpoint.is_some() => Auth::OAuth2 {
                token_url: auth.token_endpoint.clone().unwrap_or_default(),
                scopes: auth.scopes.clone(),
                audience: auth.audience.clone(),
            },
            Some("oauth2") => {
                self.warning(
                    &path.key("type"),
                    "OAuth 2 without a `tokenEndpoint`: the client cannot fetch tokens, so callers pass an access token, sent as a bearer token",
                );
                Auth::Bearer { env_var: None }
            }
            Some("digest") => {
                self.error(
                    &path.key("type"),
                    "HTTP Digest authentication is not supported by the generated client",
                    "use `basic`, `bearer` or `apikey` if the API accepts one of them",
                );
                Auth::None
            }
            other => {
                self.warning(
                    &path.key("type"),
                    format!(
                        "authentication type `{}` is not known; requests are sent without credentials",
                        other.unwrap_or("(none)")
                    ),
                );
                Auth::None
            }
        }
    }

    /// `text` itself, when it is exactly a bound key.
    fn bare_bind_key<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.bind_keys.contains(text.trim()).then(|| text.trim())
    }

    /// The authentication type as the schema spells it. Published files also write
    /// OpenAPI's spellings (`apiKey`, `api_key`, `Bearer`, or `type: http` with a `scheme`);
    /// each has one plain meaning, read with a warning that says so. Anything else is
    /// returned as written (and reported by the caller).
    fn auth_kind<'a>(
        &mut self,
        auth: &'a model::Authentication,
        path: &DocPath,
    ) -> Option<&'a str> {
        const KNOWN: [&str; 5] = ["bearer", "basic", "apikey", "oauth2", "digest"];
        let written = auth.kind.as_deref()?;
        if KNOWN.contains(&written) {
            return Some(written);
        }
        let folded = |text: &str| -> String {
            text.chars()
                .filter(|c| !matches!(c, '-' | '_'))
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let (meant, from) = match (folded(written).as_str(), auth.scheme.as_deref()) {
            ("http", Some(scheme)) => {
                (folded(scheme), format!("type: {written}, scheme: {scheme}"))
            }
            (other, _) => (other.to_owned(), format!("type: {written}")),
        };
        let Some(known) = KNOWN.iter().find(|known| **known == meant) else {
            return Some(written);
        };
        self.warning(
            &path.key("type"),
            format!("authentication `{from}` read as `type: {known}` (the schema's spelling)"),
        );
        Some(known)
    }

    /// API key authentication. Published files often write it the OpenAPI way (`name:`
    /// for the header or query parameter, `in:` for where it goes); each has one plain
    /// meaning, so it is read as the schema's `key`/`placement`, with a warning that says so.
    fn api_key_auth(
        &mut self,
        auth: &model::Authentication,
        path: &DocPath,
        env_keys: &[(&String, &Value)],
    ) -> Auth {
        let placement = match (&auth.placement, &auth.location) {
            (Some(placement), _) => Some(placement.as_str()),
            (None, Some(location)) => {
                self.warning(
                    &path.key("in"),
                    format!("API key `in: {location}` read as `placement: {location}` (the schema's name for it)"),
                );
                Some(location.as_str())
            }
            (None, None) => None,
        };
        let placement_key = if auth.placement.is_some() {
            "placement"
        } else {
            "in"
        };
        let in_query = match placement {
            None | Some("header") => false,
            Some("query") => true,
            Some(other) => {
                self.error(
                    &path.key(placement_key),
                    format!("API key placement `{other}` is neither `header` nor `query`"),
                    "use `placement: header` or `placement: query`",
                );
                false
            }
        };
        let written = |name: &Option<String>| name.clone().filter(|name| !name.trim().is_empty());
        let name = match (written(&auth.key), written(&auth.name)) {
            (Some(key), _) => key,
            (None, Some(name)) => {
                self.warning(
                    &path.key("name"),
                    format!("API key `name: {name}` read as `key: {name}` (the schema's name for the header or query parameter)"),
                );
                name
            }
            (None, None) => {
                self.error(
                    &path.key("key"),
                    "API key authentication has no `key` (the header or query parameter name)",
                    "add `key: X-Api-Key` (or the name the API expects)",
                );
                return Auth::None;
            }
        };
        let env_var = auth
            .value
            .as_ref()
            .and_then(|value| self.credential_variable(env_keys, path, "value", value));
        Auth::ApiKey {
            name,
            in_query,
            env_var,
        }
    }

    /// The variable a credential field refers to; a literal is reported, not copied.
    fn credential_variable(
        &mut self,
        env_keys: &[(&String, &Value)],
        path: &DocPath,
        field: &str,
        text: &str,
    ) -> Option<String> {
        let name = secret_reference(text).or_else(|| self.bare_bind_key(text));
        let Some(name) = name else {
            self.warning(
                &path.key(field),
                format!("a literal `{field}` is not copied into generated code; callers pass it"),
            );
            return None;
        };
        let bound = env_keys
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .and_then(|(_, value)| value.as_str());
        Some(bound.unwrap_or(name).to_owned())
    }

    fn resource(
        &mut self,
        consumes: &model::Consumes,
        api: usize,
        resource: &model::Resource,
        path: &DocPath,
    ) -> Vec<Operation> {
        let Some(template) = resource.path.as_deref() else {
            self.error(
                &path.key("path"),
                "resource has no `path`",
                "add the path below the base URI, e.g. `path: /users/{user_id}`",
            );
            return Vec::new();
        };
        let resource_name = resource.name.clone().unwrap_or_else(|| template.to_owned());
        let parts = match parse_path(template) {
            Ok(parts) => parts,
            Err(problem) => {
                self.error(
                    &path.key("path"),
                    format!("path `{template}` is malformed: {problem}"),
                    "write placeholders as `{name}` or `{{name}}`",
                );
                return Vec::new();
            }
        };
        let consumes_path = DocPath::root()
            .key("capability")
            .key("consumes")
            .index(api)
            .key("inputParameters");
        let mut operations = Vec::new();
        for (index, operation) in resource.operations.iter().enumerate() {
            let op_path = path.key("operations").index(index);
            let shared = consumes
                .input_parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, Some(consumes_path.index(i))))
                .chain(
                    resource
                        .input_parameters
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (p, Some(path.key("inputParameters").index(i)))),
                );
            if let Some(mut made) = self.operation(
                operation,
                &op_path,
                &resource_name,
                template,
                &parts,
                shared,
            ) {
                made.api = api;
                if let Some(value) = &operation.x_pagination {
                    self.paging.push(PendingPaging {
                        operation: self.operations_made,
                        value: value.clone(),
                        path: op_path.key("x-pagination"),
                    });
                }
                self.operations_made += 1;
                operations.push(made);
            }
        }
        operations
    }

    fn operation<'p>(
        &mut self,
        operation: &'p model::Operation,
        path: &DocPath,
        resource: &str,
        template: &str,
        parts: &[PathPart],
        shared: impl Iterator<Item = (&'p InputParameter, Option<DocPath>)>,
    ) -> Option<Operation> {
        let name = operation.name.as_deref().filter(|n| !n.trim().is_empty());
        let method = operation.method.as_deref().and_then(Method::parse);
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

        // Inline body shapes are named after their operation.
        let body_owner = format!("{}.body", name.unwrap_or("Operation"));
        // Operation-level parameters override shared ones with the same name and location.
        let own = operation
            .input_parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, Some(path.key("inputParameters").index(i))));
        let mut params: Vec<Param> = Vec::new();
        let mut body_params: Vec<(&InputParameter, DocPath)> = Vec::new();
        let mut fixed: Vec<FixedParam> = Vec::new();
        for (param, param_path) in shared.chain(own) {
            let param_path = param_path.unwrap_or_else(|| path.clone());
            match self.param(param, &param_path) {
                Some(Resolved::Param(param)) => {
                    params.retain(|p| !(p.name == param.name && p.location == param.location));
                    params.push(param);
                }
                Some(Resolved::Body) => {
                    body_params.retain(|(p, _)| p.name != param.name);
                    body_params.push((param, param_path));
                }
                Some(Resolved::Fixed(new)) => {
                    fixed.retain(|f| !(f.name == new.name && f.location == new.location));
                    params.retain(|p| !(p.name == new.name && p.location == new.location));
                    fixed.push(new);
                }
                None => {}
            }
        }

        let body = match body_params.as_slice() {
            [] => None,
            [(param, param_path)] => Some(self.body(param, param_path, &body_owner)),
            several => self.combined_body(several, &body_owner),
        };

        // Fixed path values become literal path text.
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

        // Capabilities derived from OpenAPI documents often leave path parameters implicit:
        // a placeholder without a declaration is a required string the caller passes.
        let mustache = mustache_placeholders(template);
        for part in &parts {
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
        let parts = &parts[..];
        params.retain(|p| {
            p.location != ParamLocation::Path
                || parts
                    .iter()
                    .any(|part| matches!(part, PathPart::Param(name) if name == &p.name))
        });
        for param in &mut params {
            if param.location == ParamLocation::Path {
                param.required = true;
            }
        }

        let template = match (&body, &operation.body) {
            (None, Some(Value::String(text))) if text.contains("{{") => Some(text),
            _ => None,
        };
        let body = match template {
            Some(text) => self.templated_body(text, &path.key("body"), &body_owner),
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
        let body_template = match (&body, &operation.x_body) {
            (None, Some(typed)) => self.body_template(typed, &mut params, &path.key("x-body")),
            (Some(_), Some(_)) => {
                self.warning(
                    &path.key("x-body"),
                    "the operation has body parameters; its body template is not sent",
                );
                None
            }
            _ => None,
        };
        let body_template = body_template.or_else(|| {
            let text = raw_text?;
            // Its type comes from a fixed `Content-Type` header, else the schema's default.
            let declared = fixed.iter().position(|f| {
                f.location == ParamLocation::Header && f.name.eq_ignore_ascii_case("content-type")
            });
            let content_type = declared
                .map(|index| fixed.remove(index).value)
                .unwrap_or_else(|| "application/json".to_owned());
            Some(BodyTemplate::Text {
                content_type,
                text: crate::ir::Template(vec![crate::ir::TemplateSegment::Text(text)]),
            })
        });
        let response_format = match operation.output_raw_format.as_deref() {
            None => ResponseFormat::Json,
            Some(format) if format.eq_ignore_ascii_case("json") => ResponseFormat::Json,
            Some(format) if format.eq_ignore_ascii_case("binary") => ResponseFormat::Binary,
            Some(_) => ResponseFormat::Text,
        };
        let (response, error_statuses) =
            self.responses(operation, name.unwrap_or("Operation"), path);
        let outputs = self.outputs(operation, path);
        let outputs = if outputs.is_empty() {
            outputs
        } else if response.is_some()
            || operation.x_pagination.is_some()
            || response_format != ResponseFormat::Json
        {
            self.warning(
                &path.key("outputParameters"),
                "output parameters are extracted from untyped JSON responses only; this operation returns its typed, paged or non-JSON response as it is",
            );
            Vec::new()
        } else {
            outputs
        };
        Some(Operation {
            name: name?.to_owned(),
            resource: resource.to_owned(),
            method: method?,
            path: parts.to_vec(),
            path_template: canonical_template(parts),
            summary: operation
                .label
                .clone()
                .or_else(|| operation.description.clone()),
            description: operation.label.as_ref().and(operation.description.clone()),
            params,
            body,
            response,
            error_statuses,
            // Filled by the pagination pass.
            pagination: None,
            api: 0,
            fixed,
            fixed_body,
            response_format,
            outputs,
            body_template,
        })
    }

    /// A typed non-JSON body; its placeholders become required string arguments.
    fn body_template(
        &mut self,
        typed: &model::TypedBody,
        params: &mut Vec<Param>,
        path: &DocPath,
    ) -> Option<BodyTemplate> {
        let kind = typed.kind.as_deref().unwrap_or("(none)");
        let data = typed.data.clone().unwrap_or(Value::Null);
        let template = match crate::body_template::parse(kind, &data) {
            Ok(template) => template,
            Err(why) => {
                self.error(
                    path,
                    format!("the request body cannot be generated: {why}"),
                    "see the Ikanos RequestBody kinds: json, text, xml, sparql, formUrlEncoded, multipartForm",
                );
                return None;
            }
        };
        for name in template.placeholders() {
            params.push(Param {
                description: Some(format!("Fills `{{{{{name}}}}}` in the request body.")),
                name,
                location: ParamLocation::BodyTemplate,
                ty: ParamType::String,
                required: true,
                style: ParamStyle::Plain,
            });
        }
        Some(template)
    }

    /// Consumed output parameters whose path picks part of the response. Those that take
    /// the whole response (`$.`) add nothing: the response is returned anyway.
    fn outputs(&mut self, operation: &model::Operation, path: &DocPath) -> Vec<Output> {
        let mut outputs = Vec::new();
        for (index, output) in operation.output_parameters.iter().enumerate() {
            let at = path.key("outputParameters").index(index);
            let (Some(name), Some(expression)) = (&output.name, &output.value) else {
                continue;
            };
            let steps = match crate::output_path::parse(expression) {
                Ok(steps) => steps,
                Err(why) => {
                    self.warning(
                        &at.key("value"),
                        format!("output `{name}` is not extracted: `{expression}`: {why}"),
                    );
                    continue;
                }
            };
            if steps.is_empty() {
                continue;
            }
            let kind = match output.kind.as_deref() {
                Some("string") => OutputKind::String,
                Some("number") => OutputKind::Number,
                Some("integer") => OutputKind::Integer,
                Some("boolean") => OutputKind::Boolean,
                _ => OutputKind::Any,
            };
            outputs.push(Output {
                name: name.clone(),
                description: output.description.clone(),
                kind,
                path: steps,
                expression: expression.trim().to_owned(),
            });
        }
        outputs
    }

    /// A fixed body: a JSON value, or text holding JSON.
    fn fixed_body(&mut self, value: &Value, path: &DocPath) -> Option<String> {
        let json = match value {
            Value::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(json) => json,
                Err(error) => {
                    self.warning(
                        path,
                        format!("the fixed body is not JSON ({error}); it is not sent"),
                    );
                    return None;
                }
            },
            other => other.clone(),
        };
        Some(json.to_string())
    }

    fn param(&mut self, param: &InputParameter, path: &DocPath) -> Option<Resolved> {
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
        // `value: "{{NAME}}"` is bound at run time (a secret, a setting): it is not part of
        // the capability, so callers pass it.
        let bound = param
            .value
            .as_ref()
            .and_then(Value::as_str)
            .and_then(|text| binding_reference(text).or_else(|| self.bare_bind_key(text)));
        if let Some(reference) = bound {
            return Some(Resolved::Param(Param {
                name: name.to_owned(),
                location,
                ty: ParamType::String,
                required: true,
                description: Some(param.description.clone().unwrap_or_else(|| {
                    format!("The value bound to `{{{{{reference}}}}}` in the capability.")
                })),
                style: ParamStyle::Plain,
            }));
        }
        if let Some(value) = &param.value {
            // A fixed value is part of the capability: the client sends it, callers do not.
            let value = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            return Some(Resolved::Fixed(FixedParam {
                location,
                name: name.to_owned(),
                value,
            }));
        }
        let ty = match param.kind.as_deref() {
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
        };
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
}

impl Resolver<'_> {
    fn body(&mut self, param: &InputParameter, path: &DocPath, owner: &str) -> Body {
        let encoding = match param.x_content_type.as_deref() {
            None | Some("application/json") => BodyEncoding::Json,
            Some("multipart/form-data") => BodyEncoding::Multipart,
            Some(other) => {
                self.error(
                    &path.key("x-content-type"),
                    format!("body content type `{other}` is not supported"),
                    "use application/json or multipart/form-data",
                );
                BodyEncoding::Json
            }
        };
        let ty = param.x_type.as_ref().and_then(|value| {
            let type_path = path.key("x-type");
            let schema = self.types.parse(value, &type_path)?;
            Some(self.types.link(&schema, owner, &type_path))
        });
        if encoding == BodyEncoding::Multipart && !matches!(ty, Some(TypeRef::Named(_))) {
            self.error(
                &path.key("x-type"),
                "a multipart body needs an object type naming its parts",
                "give the body `x-type: {$ref: '#/types/Name'}` with one property per part",
            );
        }
        Body {
            required: param.required.unwrap_or(false),
            description: param.description.clone(),
            ty,
            encoding,
        }
    }

    /// Several `in: body` parameters are the properties of one JSON object, named after
    /// the parameters; a parameter's `x-type` (or else its `type`) types its property.
    fn combined_body(
        &mut self,
        params: &[(&InputParameter, DocPath)],
        owner: &str,
    ) -> Option<Body> {
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for (param, path) in params {
            let name = param.name.clone()?;
            if param
                .x_content_type
                .as_deref()
                .is_some_and(|t| t != "application/json")
            {
                self.error(
                    &path.key("x-content-type"),
                    "a body made of several parameters is sent as JSON",
                    "drop `x-content-type`, or keep one `in: body` parameter",
                );
            }
            let mut schema = match &param.x_type {
                Some(schema) => schema.clone(),
                // As for other parameters, no `type` means a string.
                None => match param.kind.as_deref() {
                    None => serde_json::json!({ "type": "string" }),
                    Some(kind @ ("string" | "integer" | "number" | "boolean" | "object")) => {
                        serde_json::json!({ "type": kind })
                    }
                    // The dialects give parameters no item type: any JSON values, as meant.
                    Some("array") => {
                        serde_json::json!({ "type": "array", "items": { "x-any": true } })
                    }
                    _ => serde_json::json!({}),
                },
            };
            if let (Some(description), Value::Object(map)) = (&param.description, &mut schema) {
                map.entry("description")
                    .or_insert_with(|| Value::String(description.clone()));
            }
            if param.required == Some(true) {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, schema);
        }
        let (_, first_path) = params.first()?;
        let body_required = !required.is_empty();
        self.object_body(
            properties,
            required,
            body_required,
            "The JSON request body: one property per body parameter.",
            first_path,
            owner,
        )
    }

    /// A JSON body whose type is an object of `properties`, named after the operation.
    fn object_body(
        &mut self,
        properties: serde_json::Map<String, Value>,
        required: Vec<Value>,
        body_required: bool,
        description: &str,
        path: &DocPath,
        owner: &str,
    ) -> Option<Body> {
        let object = serde_json::json!({
            "type": "object",
            "properties": properties,
            "required": required,
        });
        let schema = self.types.parse(&object, path)?;
        let ty = self.types.link(&schema, owner, path);
        Some(Body {
            required: body_required,
            description: Some(description.to_owned()),
            ty: Some(ty),
            encoding: BodyEncoding::Json,
        })
    }

    /// A JSON body template such as `{"imo": "{{shipImo}}", "crew": {{crewIds}}}`: each
    /// property filled by one placeholder becomes a property of the body object, a string
    /// where the placeholder is quoted and any JSON where it is bare.
    fn templated_body(&mut self, text: &str, path: &DocPath, owner: &str) -> Option<Body> {
        let unsupported = |why: &str| {
            format!(
                "the body template is not sent: {why}; declare the body with `in: body` parameters instead"
            )
        };
        // Placeholders become marked strings so the template parses as JSON.
        let (mut marked, mut rest) = (String::with_capacity(text.len()), text);
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            let name = rest[start + 2..start + len].trim();
            let quoted = rest[..start].ends_with('"') && rest[start + len + 2..].starts_with('"');
            if quoted {
                marked.push_str(&rest[..start - 1]);
                marked.push_str(&format!("\"\\u0001{name}\""));
                rest = &rest[start + len + 3..];
            } else {
                marked.push_str(&rest[..start]);
                marked.push_str(&format!("\"\\u0002{name}\""));
                rest = &rest[start + len + 2..];
            }
        }
        marked.push_str(rest);
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&marked) else {
            self.warning(
                path,
                unsupported("it is not a JSON object once its placeholders are filled"),
            );
            return None;
        };
        let mut properties = serde_json::Map::new();
        for (key, value) in &object {
            let placeholder = value.as_str().and_then(|text| {
                let kind = match text.chars().next()? {
                    '\u{1}' => "string",
                    '\u{2}' => "any",
                    _ => return None,
                };
                Some((kind, &text[1..]))
            });
            let Some((kind, name)) = placeholder else {
                self.warning(
                    path,
                    unsupported(&format!(
                        "property `{key}` is not exactly one `{{{{placeholder}}}}`"
                    )),
                );
                return None;
            };
            let description = format!("Fills `{{{{{name}}}}}` in the capability's body template.");
            let schema = match kind {
                "string" => serde_json::json!({ "type": "string", "description": description }),
                // A bare placeholder is any JSON by design.
                _ => serde_json::json!({ "description": description, "x-any": true }),
            };
            properties.insert(key.clone(), schema);
        }
        let required = properties.keys().cloned().map(Value::String).collect();
        self.object_body(
            properties,
            required,
            true,
            "The JSON request body the capability's template describes.",
            path,
            owner,
        )
    }

    /// `x-filter` and `x-order-by`, checked against the parameter's type.
    fn param_style(&mut self, param: &InputParameter, ty: ParamType, path: &DocPath) -> ParamStyle {
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

    /// The pagination pass: every operation's `x-pagination`, checked against its
    /// parameters and response type.
    fn paginate(&mut self, api: &mut Api) {
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

        // The items: the response itself, or one of its fields, must be a list.
        let list = match (&spec.items, response) {
            (None, Some(ty @ TypeRef::Array(_))) => Some(ty.clone()),
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
        let cursor = spec.cursor.as_ref().map(|cursor| {
            let field_ok = match &*item {
                TypeRef::Named(name) => self.required_string_field(name, &cursor.field),
                _ => false,
            };
            if !field_ok {
                ok = false;
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
        });
        ok.then(|| Pagination {
            limit: spec.limit,
            offset: spec.offset,
            max_limit: spec.max_limit.unwrap_or(i64::MAX).max(1),
            items: spec.items,
            total: spec.total,
            fixed: spec.fixed.into_iter().collect(),
            cursor,
            item: *item,
        })
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

    /// The success type and the error statuses of an operation.
    fn responses(
        &mut self,
        operation: &model::Operation,
        name: &str,
        path: &DocPath,
    ) -> (Option<TypeRef>, Vec<String>) {
        let mut success = None;
        let mut errors = Vec::new();
        for (status, schema) in &operation.x_responses {
            let status_path = path.key("x-responses").key(status);
            if status.starts_with('2') {
                if success.is_some() {
                    continue;
                }
                success = Some(match schema {
                    Some(value) => match self.types.parse(value, &status_path) {
                        Some(schema) => {
                            self.types
                                .link(&schema, &format!("{name}.response"), &status_path)
                        }
                        None => TypeRef::Any,
                    },
                    None => TypeRef::Any,
                });
            } else {
                errors.push(status.clone());
            }
        }
        (success, errors)
    }
}

enum Resolved {
    Param(Param),
    /// An `in: body` parameter; the operation gathers them into its body.
    Body,
    Fixed(FixedParam),
}

/// `NAME` when `text` is exactly one `{{NAME}}` reference.
/// The variable a credential names: `{{NAME}}`, `{{env.NAME}}`, `$env.NAME` or `${NAME}`.
fn secret_reference(text: &str) -> Option<&str> {
    let text = text.trim();
    let name = binding_reference(text)
        .map(|name| name.strip_prefix("env.").unwrap_or(name))
        .or_else(|| text.strip_prefix("$env."))
        .or_else(|| text.strip_prefix("${")?.strip_suffix('}'))?;
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    plain.then_some(name)
}

fn binding_reference(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let plain = !inner.is_empty() && !inner.contains(['{', '}']);
    plain.then_some(inner)
}

/// Names written as `{{name}}` in a path template.
fn mustache_placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        names.push(after[..end].trim().to_owned());
        rest = &after[end + 2..];
    }
    names
}

/// Percent-encodes a fixed path value as one segment (RFC 3986 unreserved kept).
fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Splits `/users/{user_id}/ban` (or `{{user_id}}`) into literals and parameters.
pub fn parse_path(template: &str) -> Result<Vec<PathPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let after = &rest[open..];
        let (inner_start, closing) = if after.starts_with("{{") {
            (2, "}}")
        } else {
            (1, "}")
        };
        let Some(close) = after[inner_start..].find(closing) else {
            return Err(format!("`{after}` has no closing `{closing}`"));
        };
        let name = after[inner_start..inner_start + close].trim();
        if name.is_empty() || name.contains(['{', '}']) {
            return Err(format!("placeholder `{after}` has no usable name"));
        }
        parts.push(PathPart::Param(name.to_owned()));
        rest = &after[inner_start + close + closing.len()..];
    }
    if rest.contains('}') {
        return Err("a `}` has no opening `{`".to_owned());
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok(parts)
}

/// The template with single-brace placeholders, for docs.
fn canonical_template(parts: &[PathPart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.clone(),
            PathPart::Param(name) => format!("{{{name}}}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{SourceFile, load};

    fn resolve_str(text: &str) -> (Option<Api>, Vec<Diagnostic>) {
        let loaded = load(&SourceFile::new("spec.yaml", text)).expect("valid YAML");
        resolve(&loaded)
    }

    #[test]
    fn parses_both_placeholder_styles() {
        assert_eq!(
            parse_path("/a/{x}/b/{{y}}").expect("valid"),
            vec![
                PathPart::Literal("/a/".into()),
                PathPart::Param("x".into()),
                PathPart::Literal("/b/".into()),
                PathPart::Param("y".into()),
            ]
        );
        assert!(parse_path("/a/{x").is_err());
        assert!(parse_path("/a/{}").is_err());
        assert!(parse_path("/a/x}").is_err());
    }

    const MINIMAL: &str = "naftiko: 1.0.0-alpha2
binds:
- namespace: env
  keys:
    API_KEY: API_KEY
capability:
  consumes:
  - type: http
    baseUri: https://example.test/v1/
    resources:
    - name: things
      path: /things/{thing_id}
      operations:
      - name: GetThing
        method: get
        inputParameters:
        - name: thing_id
          in: path
          type: string
        - name: page[size]
          in: query
          type: integer
";

    #[test]
    fn resolves_a_minimal_capability() {
        let (api, diagnostics) = resolve_str(MINIMAL);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("resolved");
        assert_eq!(api.apis[0].url, "https://example.test/v1");
        assert_eq!(
            api.apis[0].auth,
            Auth::Bearer {
                env_var: Some("API_KEY".into())
            }
        );
        let op = &api.operations[0];
        assert_eq!(op.method, Method::Get);
        assert_eq!(op.path_template, "/things/{thing_id}");
        assert!(op.params[0].required, "path params are always required");
        assert_eq!(op.params[1].ty, ParamType::Integer);
    }

    #[test]
    fn reports_every_problem_with_its_location() {
        let text = MINIMAL
            .replace("name: thing_id", "name: other_id")
            .replace("in: query", "in: matrix");
        let (api, diagnostics) = resolve_str(&text);
        assert!(api.is_none());
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(diagnostics.len(), 2, "{messages:#?}");
        assert!(messages[0].contains("does not support"), "{}", messages[0]);
        assert!(
            messages[0].contains(
                "spec.yaml:21:15 at capability.consumes[0].resources[0].operations[0].inputParameters[1].in"
            ),
            "{}",
            messages[0]
        );
        assert!(!diagnostics[1].is_error(), "{}", messages[1]);
        assert!(messages[1].contains("`{thing_id}`"), "{}", messages[1]);
        assert!(messages[1].contains("spec.yaml:14:9"), "{}", messages[1]);
    }

    #[test]
    fn undeclared_path_placeholders_become_string_arguments() {
        let text = MINIMAL.replace("name: thing_id", "name: other_id");
        let (api, diagnostics) = resolve_str(&text);
        let api = api.expect("a warning does not stop generation");
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0]
                .message
                .contains("callers pass it as a required string")
        );
        let param = api.operations[0]
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path)
            .expect("implicit path parameter");
        assert_eq!(
            (param.name.as_str(), param.ty, param.required),
            ("thing_id", ParamType::String, true)
        );
    }

    fn with_body(body: &str) -> (Option<Api>, Vec<Diagnostic>) {
        let text = MINIMAL.replace(
            "        method: get\n",
            &format!("        method: post\n        body: '{body}'\n"),
        );
        resolve_str(&text)
    }

    /// Each field of a body's object type: name, required, type.
    fn body_fields<'a>(api: &'a Api, body: &Body) -> Vec<(&'a str, bool, &'a TypeRef)> {
        let Some(TypeRef::Named(name)) = &body.ty else {
            panic!("an object body: {:?}", body.ty);
        };
        let def = api.types.iter().find(|t| &t.name == name).expect("defined");
        let crate::ir::TypeKind::Struct(fields) = &def.kind else {
            panic!("a struct: {def:?}");
        };
        fields
            .iter()
            .map(|f| (f.name.as_str(), f.required, &f.ty))
            .collect()
    }

    #[test]
    fn a_body_template_of_placeholders_becomes_a_typed_body() {
        let (api, diagnostics) = with_body(r#"{"note": "{{note}}", "crew": {{crewIds}}}"#);
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let operation = &api.operations[0];
        let body = operation.body.as_ref().expect("the template is the body");
        assert!(body.required && operation.fixed_body.is_none());
        let shapes = body_fields(&api, body);
        assert_eq!(
            shapes,
            [
                ("note", true, &TypeRef::String),
                ("crew", true, &TypeRef::Any)
            ]
        );
    }

    #[test]
    fn a_body_template_with_fixed_parts_is_reported_not_half_sent() {
        for template in [
            r#"{"kind": "note", "text": "{{text}}"}"#,
            r#"{"text": "Note: {{text}}"}"#,
            r#"["{{text}}"]"#,
        ] {
            let (api, diagnostics) = with_body(template);
            let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
            assert!(api.operations[0].body.is_none(), "{template}");
            assert!(api.operations[0].fixed_body.is_none(), "{template}");
            assert!(
                diagnostics
                    .iter()
                    .any(|d| !d.is_error() && d.message.contains("body template is not sent")),
                "{template}: {diagnostics:?}"
            );
        }
    }

    #[test]
    fn a_raw_body_that_is_not_json_is_sent_as_written_with_its_declared_type() {
        let text = MINIMAL
            .replace("        method: get\n", "        method: post\n        body: 'name=ada&role=admin'\n")
            .replace(
                "        - name: page[size]\n",
                "        - name: Content-Type\n          in: header\n          value: application/x-www-form-urlencoded\n        - name: page[size]\n",
            );
        let (api, diagnostics) = resolve_str(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let operation = &api.expect("resolved").operations[0];
        assert_eq!(
            operation.body_template,
            Some(BodyTemplate::Text {
                content_type: "application/x-www-form-urlencoded".into(),
                text: crate::ir::Template(vec![crate::ir::TemplateSegment::Text(
                    "name=ada&role=admin".into()
                )]),
            })
        );
        assert!(
            operation.fixed.is_empty(),
            "the type is not sent twice: {:?}",
            operation.fixed
        );
        assert!(operation.fixed_body.is_none());
    }

    #[test]
    fn several_body_parameters_make_one_object() {
        let text = MINIMAL.replace(
            "        - name: page[size]\n          in: query\n",
            "        - name: title\n          in: body\n          required: true\n        - name: size\n          in: body\n",
        );
        let (api, diagnostics) = resolve_str(&text);
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let body = api.operations[0].body.as_ref().expect("one body");
        assert!(body.required);
        let shapes = body_fields(&api, body);
        assert_eq!(
            shapes,
            [
                ("title", true, &TypeRef::String),
                ("size", false, &TypeRef::Integer)
            ]
        );
    }

    #[test]
    fn a_value_that_is_just_a_bound_key_refers_to_the_binding() {
        let text = MINIMAL
            .replace(
                "    resources:",
                "    authentication:\n      type: bearer\n      token: API_KEY\n    resources:",
            )
            .replace(
                "        - name: page[size]\n          in: query\n",
                "        - name: Api-Key-Copy\n          in: header\n          value: API_KEY\n        - name: page[size]\n          in: query\n",
            );
        let (api, diagnostics) = resolve_str(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let api = api.expect("resolved");
        assert_eq!(
            api.apis[0].auth,
            Auth::Bearer {
                env_var: Some("API_KEY".into())
            }
        );
        let operation = &api.operations[0];
        assert!(
            operation.fixed.is_empty(),
            "not sent as text: {:?}",
            operation.fixed
        );
        assert!(
            operation
                .params
                .iter()
                .any(|p| p.name == "Api-Key-Copy" && p.required)
        );
    }

    #[test]
    fn every_authentication_kind_resolves_per_api() {
        let text = MINIMAL.replace(
            "    resources:",
            "    authentication:\n      type: apikey\n      key: appid\n      value: $env.WEATHER\n      placement: query\n    resources:",
        );
        let (api, diagnostics) = resolve_str(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            api.expect("resolved").apis[0].auth,
            Auth::ApiKey {
                name: "appid".into(),
                in_query: true,
                env_var: Some("WEATHER".into())
            }
        );

        let digest = MINIMAL.replace(
            "    resources:",
            "    authentication:\n      type: digest\n      username: u\n    resources:",
        );
        let (_, diagnostics) = resolve_str(&digest);
        let error = diagnostics
            .iter()
            .find(|d| d.is_error())
            .expect("digest is refused");
        assert!(error.message.contains("Digest"), "{error:?}");
        assert_eq!(
            error.path.to_string(),
            "capability.consumes[0].authentication.type"
        );

        let literal = MINIMAL.replace(
            "    resources:",
            "    authentication:\n      type: basic\n      username: scott\n      password: tiger\n    resources:",
        );
        let (api, diagnostics) = resolve_str(&literal);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert!(
            diagnostics
                .iter()
                .all(|d| d.message.contains("is not copied"))
        );
        assert_eq!(
            api.expect("a warning only").apis[0].auth,
            Auth::Basic {
                username_env: None,
                password_env: None
            }
        );
    }

    #[test]
    fn bound_values_are_passed_by_callers_not_sent_as_text() {
        let text = MINIMAL.replace(
            "operations:",
            "inputParameters:\n      - name: Api-Version\n        in: header\n        value: \"{{ API_VERSION }}\"\n      operations:",
        );
        let (api, diagnostics) = resolve_str(&text);
        let api = api.unwrap_or_else(|| panic!("{diagnostics:?}"));
        let operation = &api.operations[0];
        assert!(operation.fixed.is_empty(), "{:?}", operation.fixed);
        let header = operation
            .params
            .iter()
            .find(|p| p.name == "Api-Version")
            .expect("a caller-passed header");
        assert!(header.required);
        assert_eq!(header.location, ParamLocation::Header);
        assert_eq!(binding_reference("{{a}}{{b}}"), None);
        assert_eq!(binding_reference("v{{a}}"), None);
    }

    #[test]
    fn type_mismatches_name_the_field() {
        let text = MINIMAL.replace("name: GetThing", "name: [1, 2]");
        let (api, diagnostics) = resolve_str(&text);
        assert!(api.is_none());
        assert_eq!(
            diagnostics[0].path.to_string(),
            "capability.consumes[0].resources[0].operations[0].name"
        );
        assert_eq!(diagnostics[0].position.map(|p| p.line), Some(14));
    }
}
