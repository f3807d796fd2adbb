//! Short `no_run` examples for operation docs: a call with plausible required arguments.
//!
//! Written as text (they live inside doc comments); every name comes from the names module.

use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::names::Names;

/// Builds example expressions for one crate.
pub struct Examples<'a> {
    /// The crate's name as code refers to it (`clerk_users`).
    pub crate_ident: &'a str,
    pub api: &'a Api,
    pub names: &'a Names,
}

impl Examples<'_> {
    /// The doc lines of an example calling `method` with `args`, or nothing when an
    /// argument has no example value.
    pub fn call(&self, method: &str, args: &[Option<String>]) -> Option<Vec<String>> {
        let args: Vec<String> = args.iter().cloned().collect::<Option<_>>()?;
        let krate = self.crate_ident;
        Some(vec![
            "```no_run".to_owned(),
            format!("# async fn example(client: {krate}::Client) -> Result<(), {krate}::Error> {{"),
            format!(
                "let response = client.{method}({}).await?;",
                args.join(", ")
            ),
            "# let _ = response;".to_owned(),
            "# Ok(()) }".to_owned(),
            "```".to_owned(),
        ])
    }

    /// An expression of type `ty` as a setter or `new` argument takes it.
    pub fn value(&self, ty: &TypeRef, depth: u8) -> Option<String> {
        let krate = self.crate_ident;
        Some(match ty {
            TypeRef::String => "\"text\"".to_owned(),
            TypeRef::Integer => "1".to_owned(),
            TypeRef::Number => "1.0".to_owned(),
            TypeRef::Boolean => "true".to_owned(),
            TypeRef::Binary => format!("{krate}::FilePart::new(Vec::new(), \"file.png\")"),
            TypeRef::Any => "serde_json::Value::Null".to_owned(),
            TypeRef::Map(inner) if **inner == TypeRef::Any => "serde_json::Map::new()".to_owned(),
            TypeRef::Map(_) => "std::collections::BTreeMap::new()".to_owned(),
            TypeRef::Array(inner) if **inner == TypeRef::String => "[\"text\"]".to_owned(),
            // One item shows the shape (and an empty list may be refused, as bulk bodies are).
            TypeRef::Array(inner) => match self.value(inner, depth + 1) {
                Some(item) => format!("vec![{item}]"),
                None => "Vec::new()".to_owned(),
            },
            TypeRef::Named(name) => self.named(name, depth)?,
        })
    }

    fn named(&self, name: &str, depth: u8) -> Option<String> {
        if depth > 3 {
            return None;
        }
        let def: &TypeDef = self.api.types.iter().find(|t| t.name == name)?;
        let index = self.api.types.iter().position(|t| t.name == name)?;
        let type_names = self.names.types.get(index)?;
        let path = format!("{}::models::{}", self.crate_ident, type_names.rust);
        match &def.kind {
            TypeKind::Enum(_) => Some(format!("{path}::{}", type_names.members.first()?)),
            TypeKind::Struct(fields) => {
                let args = fields
                    .iter()
                    .filter(|f| f.required && !f.nullable)
                    .map(|f| self.value(&f.ty, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                Some(format!("{path}::new({})", args.join(", ")))
            }
            TypeKind::Union { .. } => None,
        }
    }
}
