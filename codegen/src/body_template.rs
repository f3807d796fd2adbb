//! Typed request bodies other than JSON (`text`, `xml`, `sparql`, `formUrlEncoded`,
//! `multipartForm`) -> a [`BodyTemplate`] whose `{{placeholders}}` callers fill.

use serde_json::Value;

use crate::ir::{BodyTemplate, Template, TemplatePart, TemplateSegment};

/// The body template of a `{type, data}` body, or why it cannot be sent.
pub fn parse(kind: &str, data: &Value) -> Result<BodyTemplate, String> {
    let text_of = |what: &str| {
        data.as_str()
            .map(template)
            .ok_or_else(|| format!("a `{what}` body's `data` is text"))
    };
    match kind {
        "text" | "xml" | "sparql" => Ok(BodyTemplate::Text {
            content_type: match kind {
                "text" => "text/plain",
                "xml" => "application/xml",
                _ => "application/sparql-query",
            }
            .to_owned(),
            text: text_of(kind)?,
        }),
        "formUrlEncoded" => match data {
            // Values are text; a number or flag is sent as it is written.
            Value::Object(fields) => Ok(BodyTemplate::Form(
                fields
                    .iter()
                    .map(|(name, value)| match value {
                        Value::String(text) => (name.clone(), template(text)),
                        other => (name.clone(), template(&other.to_string())),
                    })
                    .collect(),
            )),
            Value::String(encoded) => Ok(BodyTemplate::Form(pre_encoded(encoded))),
            _ => Err("a `formUrlEncoded` body's `data` is an object or encoded text".to_owned()),
        },
        "multipartForm" => {
            let parts = data
                .as_array()
                .ok_or("a `multipartForm` body's `data` is a list of parts")?;
            parts
                .iter()
                .enumerate()
                .map(|(index, part)| multipart_part(index, part))
                .collect::<Result<_, _>>()
                .map(BodyTemplate::Multipart)
        }
        other => Err(format!(
            "body type `{other}` is none of json, text, xml, sparql, formUrlEncoded, multipartForm"
        )),
    }
}

fn multipart_part(index: usize, part: &Value) -> Result<TemplatePart, String> {
    let text = |key: &str| part.get(key).and_then(Value::as_str);
    let name = text("name").ok_or(format!("part {index} has no `name`"))?;
    Ok(TemplatePart {
        name: name.to_owned(),
        value: template(text("value").unwrap_or("")),
        file_name: text("filename").map(str::to_owned),
        content_type: text("contentType").map(str::to_owned),
    })
}

/// `a={{x}}&b=two%20words`: fields with their values decoded, placeholders kept.
fn pre_encoded(encoded: &str) -> Vec<(String, Template)> {
    encoded
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = template(value)
                .0
                .into_iter()
                .map(|segment| match segment {
                    TemplateSegment::Text(text) => TemplateSegment::Text(form_decode(&text)),
                    placeholder => placeholder,
                })
                .collect();
            (form_decode(name), Template(value))
        })
        .collect()
}

fn form_decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode(&spaced)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits text into literal pieces and `{{name}}` placeholders.
pub fn template(text: &str) -> Template {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + 2 + length].trim();
        if start > 0 {
            segments.push(TemplateSegment::Text(rest[..start].to_owned()));
        }
        segments.push(TemplateSegment::Placeholder(name.to_owned()));
        rest = &rest[start + 2 + length + 2..];
    }
    if !rest.is_empty() {
        segments.push(TemplateSegment::Text(rest.to_owned()));
    }
    Template(segments)
}

impl BodyTemplate {
    /// Every placeholder name, in order of first appearance.
    pub fn placeholders(&self) -> Vec<String> {
        let templates: Vec<&Template> = match self {
            BodyTemplate::Text { text, .. } => vec![text],
            BodyTemplate::Form(fields) => fields.iter().map(|(_, value)| value).collect(),
            BodyTemplate::Multipart(parts) => parts.iter().map(|part| &part.value).collect(),
        };
        let mut names: Vec<String> = Vec::new();
        for segment in templates.into_iter().flat_map(|template| &template.0) {
            if let TemplateSegment::Placeholder(name) = segment
                && !names.contains(name)
            {
                names.push(name.clone());
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TemplateSegment::{Placeholder, Text};

    fn text(s: &str) -> TemplateSegment {
        Text(s.to_owned())
    }

    fn placeholder(s: &str) -> TemplateSegment {
        Placeholder(s.to_owned())
    }

    #[test]
    fn templates_split_at_placeholders() {
        assert_eq!(
            template("<ship imo=\"{{ imo }}\">{{name}}</ship>").0,
            [
                text("<ship imo=\""),
                placeholder("imo"),
                text("\">"),
                placeholder("name"),
                text("</ship>")
            ]
        );
        assert_eq!(template("no placeholders").0, [text("no placeholders")]);
        assert_eq!(template("unclosed {{x").0, [text("unclosed {{x")]);
    }

    #[test]
    fn each_kind_has_its_shape() {
        let xml = parse("xml", &Value::String("<a>{{x}}</a>".into())).expect("xml");
        assert!(
            matches!(&xml, BodyTemplate::Text { content_type, .. } if content_type == "application/xml")
        );
        let form = parse(
            "formUrlEncoded",
            &Value::String("grant_type=client%5Fcredentials&scope={{scope}}+x".into()),
        )
        .expect("form");
        assert_eq!(
            form,
            BodyTemplate::Form(vec![
                (
                    "grant_type".into(),
                    Template(vec![text("client_credentials")])
                ),
                (
                    "scope".into(),
                    Template(vec![placeholder("scope"), text(" x")])
                ),
            ])
        );
        assert_eq!(form.placeholders(), ["scope"]);
        let parts = serde_json::json!([
            {"name": "note", "value": "{{note}}"},
            {"name": "file", "value": "{{content}}", "filename": "a.txt", "contentType": "text/plain"}
        ]);
        let multipart = parse("multipartForm", &parts).expect("multipart");
        assert_eq!(multipart.placeholders(), ["note", "content"]);
        for (kind, data) in [
            ("text", serde_json::json!({"a": 1})),
            ("multipartForm", serde_json::json!("x")),
            ("multipartForm", serde_json::json!([{"value": "no name"}])),
            ("yaml", serde_json::json!("a: 1")),
        ] {
            assert!(parse(kind, &data).is_err(), "{kind} {data}");
        }
    }
}
