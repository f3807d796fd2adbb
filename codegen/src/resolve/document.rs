//! The document and its resources: which consumed APIs there are (base URL, namespace,
//! authentication), and which operations each resource's path holds.

use super::path::parse_path;
use super::{PendingPaging, Resolver};
use crate::diagnostic::DocPath;
use crate::ir::{Api, ApiBase, Operation};
use crate::model::{self, Document};

impl Resolver<'_> {
    pub(super) fn document(&mut self, document: &Document) -> Option<Api> {
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
}
