//! What an operation answers: the success type and the error statuses (`x-responses`), and
//! the consumed output parameters picked out of an untyped JSON response.

use super::Resolver;
use crate::diagnostic::DocPath;
use crate::ir::{Output, OutputKind, TypeRef};
use crate::model;

impl Resolver<'_> {
    /// The success type and the error statuses of an operation.
    pub(super) fn responses(
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

    /// Consumed output parameters whose path picks part of the response. Those that take
    /// the whole response (`$.`) add nothing: the response is returned anyway.
    pub(super) fn outputs(&mut self, operation: &model::Operation, path: &DocPath) -> Vec<Output> {
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
}
