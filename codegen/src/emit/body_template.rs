//! The statements that fill a body template from the builder's fields and set it on the
//! request: text, form fields, or multipart parts.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{BodyTemplate, Template, TemplateSegment};

/// `placeholders` maps each placeholder to the builder field holding its value.
pub(super) fn statements(template: &BodyTemplate, placeholders: &[(&str, &Ident)]) -> TokenStream {
    let text = |template: &Template| filled(template, placeholders);
    match template {
        BodyTemplate::Text {
            content_type,
            text: body,
        } => {
            let body = text(body);
            quote!(request.text_body(#content_type, #body);)
        }
        BodyTemplate::Form(fields) => {
            let pairs = fields.iter().map(|(name, value)| {
                let value = filled_str(value, placeholders);
                quote!((#name, #value))
            });
            quote!(request.form_body(&[#(#pairs),*]);)
        }
        BodyTemplate::Multipart(parts) => {
            let parts = parts.iter().map(|part| {
                let (name, value) = (&part.name, text(&part.value));
                match (&part.file_name, &part.content_type) {
                    (Some(file_name), content_type) => {
                        let mime = content_type.as_ref().map(|mime| quote!(.mime(#mime)));
                        quote!(form.file(#name, crate::FilePart::new(#value, #file_name) #mime)?;)
                    }
                    (None, _) => quote!(form.text(#name, #value);),
                }
            });
            quote! {
                let mut form = crate::request::Form::new();
                #(#parts)*
                request.multipart_body(form);
            }
        }
    }
}

/// A `String` expression: the template's text with each placeholder's field in place.
fn filled(template: &Template, placeholders: &[(&str, &Ident)]) -> TokenStream {
    match pieces(template, placeholders).as_slice() {
        [] => quote!(String::new()),
        [Piece::Text(text)] => quote!(#text.to_owned()),
        [Piece::Field(field)] => quote!(self.#field.clone()),
        many => {
            let many = many.iter().map(Piece::as_str);
            quote!([#(#many),*].concat())
        }
    }
}

/// The same as a `&str` expression, for places that borrow.
fn filled_str(template: &Template, placeholders: &[(&str, &Ident)]) -> TokenStream {
    match pieces(template, placeholders).as_slice() {
        [] => quote!(""),
        [one] => one.as_str(),
        many => {
            let many = many.iter().map(Piece::as_str);
            quote!([#(#many),*].concat().as_str())
        }
    }
}

enum Piece<'a> {
    Text(&'a str),
    Field(&'a Ident),
}

impl Piece<'_> {
    fn as_str(&self) -> TokenStream {
        match self {
            Piece::Text(text) => quote!(#text),
            Piece::Field(field) => quote!(self.#field.as_str()),
        }
    }
}

fn pieces<'a>(template: &'a Template, placeholders: &[(&str, &'a Ident)]) -> Vec<Piece<'a>> {
    template
        .0
        .iter()
        .filter_map(|segment| match segment {
            TemplateSegment::Text(text) => Some(Piece::Text(text)),
            // `resolve` makes a parameter of every placeholder, so each finds its field.
            TemplateSegment::Placeholder(name) => placeholders
                .iter()
                .find(|(wire, _)| wire == name)
                .map(|(_, field)| Piece::Field(field)),
        })
        .collect()
}
