//! Stage 3 end to end on small documents: paths, bodies, authentication, bound values.

use super::auth::binding_reference;
use super::*;
use crate::ir::{Auth, Body, BodyTemplate, Method, ParamLocation, ParamType, PathPart, TypeRef};
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
