//! How each piece of the intermediate form is written as Rust: every conversion to tokens lives
//! here, so a runtime type is spelled in one place.
//!
//! Generated files refer to the runtime's code-generation items through the alias `runtime`
//! (`use client_runtime::codegen as runtime;`) and to the command line's through `cli`.
//!
//! A value's type is written differently depending on where the value is used, and each place has
//! one function, named after it:
//! - [`rust_type`]: the type itself, owned, as named from a [`Scope`]; what a value is read into,
//!   kept in a local, or returned as.
//! - [`field_type`]: how a model's field or a union's variant holds the value (in a `Box` where
//!   the type contains itself).
//! - [`builder_field_type`]: how a request builder's field holds an input (in an `Option` while an
//!   optional one is unset).
//! - [`argument_type`]: what a method or setter takes for the value (the type, or anything that
//!   converts into it), with [`argument_value`] converting what was passed.
//! - [`output_type`]: what a request's successful answer is read as (and [`output_receive`]
//!   whether it is read as it arrives).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote};

use crate::ir::{
    Auth, BodyField, EnumValue, Flag, IntegerWidth, Location, Method, NumberWidth, Operation, Passing, PathPart,
    Platform, ResponseBody, Rules, RustName, Server, StreamFormat, Style, Type, ValueKind, XmlElement, XmlField,
    XmlName, XmlNode, XmlScalar, XmlTable, XmlValue, reserved,
};

impl ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(ident(self));
    }
}

/// The identifier for a name (`r#type` written raw).
pub fn ident(name: &RustName) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.word(), Span::call_site())
    } else {
        Ident::new(name.word(), Span::call_site())
    }
}

/// An identifier the generator makes itself (locals, module names).
pub fn plain(word: &str) -> Ident {
    Ident::new(word, Span::call_site())
}

/// Where a type is named from: models name each other directly, the other modules of the crate
/// through `models::`, sample programs through the crate's root.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    Models,
    Module,
    Sample(&'a RustName),
}

pub fn rust_type(ty: &Type, scope: Scope) -> TokenStream {
    match ty {
        Type::String => quote! { ::std::string::String },
        Type::Secret => match scope {
            Scope::Sample(krate) => quote! { #krate::Secret },
            _ => quote! { runtime::Secret },
        },
        Type::Binary => match scope {
            Scope::Sample(krate) => quote! { #krate::Binary },
            _ => quote! { runtime::Binary },
        },
        Type::Bool => quote! { bool },
        Type::Integer(IntegerWidth::I32) => quote! { i32 },
        Type::Integer(IntegerWidth::I64) => quote! { i64 },
        Type::Number(NumberWidth::F32) => quote! { f32 },
        Type::Number(NumberWidth::F64) => quote! { f64 },
        Type::Named(name) => match scope {
            Scope::Models => quote! { #name },
            Scope::Module => quote! { models::#name },
            Scope::Sample(krate) => quote! { #krate::#name },
        },
        Type::Array(item) => {
            let item = rust_type(item, scope);
            quote! { ::std::vec::Vec<#item> }
        }
        Type::Tuple(items) => {
            let items = items.iter().map(|item| rust_type(item, scope));
            quote! { (#(#items,)*) }
        }
        Type::Map { key, value } => {
            let (key, value) = (rust_type(key, scope), rust_type(value, scope));
            quote! { ::std::collections::BTreeMap<#key, #value> }
        }
        Type::Nullable(inner) => {
            let inner = rust_type(inner, scope);
            quote! { ::std::option::Option<#inner> }
        }
        Type::Any => quote! { serde_json::Value },
    }
}

/// How a model's field or a union's variant holds a value of `ty`: in a `Box` where the type
/// contains itself.
pub fn field_type(ty: &Type, boxed: bool) -> TokenStream {
    let ty = rust_type(ty, Scope::Models);
    if boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    }
}

/// How a request builder's field holds an input of `ty`: in an `Option` when it is optional.
pub fn builder_field_type(ty: &Type, required: bool) -> TokenStream {
    let ty = rust_type(ty, Scope::Module);
    if required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

/// What a method or setter takes for a value of `ty` passed as `passing`.
pub fn argument_type(ty: &Type, passing: Passing, scope: Scope) -> TokenStream {
    let ty = rust_type(ty, scope);
    match passing {
        Passing::Value => ty,
        Passing::Into => quote! { impl ::std::convert::Into<#ty> },
    }
}

/// The value of an argument taken as `passing`, converted to the value's type.
pub fn argument_value(argument: impl ToTokens, passing: Passing) -> TokenStream {
    match passing {
        Passing::Value => quote! { #argument },
        Passing::Into => quote! { #argument.into() },
    }
}

/// What a request's successful answer is read as.
pub fn output_type(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote! { () },
        ResponseBody::Json(ty) | ResponseBody::Xml { ty, .. } => rust_type(ty, Scope::Module),
        ResponseBody::Text => quote! { ::std::string::String },
        ResponseBody::Bytes => quote! { ::std::vec::Vec<u8> },
        ResponseBody::Stream { format, item } => {
            let stream = plain(if format.is_events() { reserved::EVENT_STREAM } else { reserved::JSON_STREAM });
            let item = rust_type(item, Scope::Module);
            quote! { runtime::#stream<#item> }
        }
    }
}

/// How a request's `read` reads a successful answer held in `response`: the runtime's method
/// (`response.json()`), and for XML the table of its root element, the request's `XmlAnswer`.
pub fn output_read(body: &ResponseBody, response: &Ident) -> TokenStream {
    let reader = output_reader(body);
    match body {
        ResponseBody::Xml { .. } => quote! { #response.#reader(&<Self as runtime::XmlAnswer>::ROOT) },
        _ => quote! { #response.#reader() },
    }
}

/// The runtime's method that reads a successful answer whole (`json`).
fn output_reader(body: &ResponseBody) -> Ident {
    plain(match body {
        ResponseBody::Empty => "empty",
        ResponseBody::Json(_) => "json",
        ResponseBody::Xml { .. } => "xml",
        ResponseBody::Text => "text",
        ResponseBody::Bytes => "bytes",
        ResponseBody::Stream { format: StreamFormat::Events, .. } => "events",
        ResponseBody::Stream { format: StreamFormat::TextEvents, .. } => "text_events",
        ResponseBody::Stream { format: StreamFormat::JsonLines, .. } => "json_lines",
        ResponseBody::Stream { format: StreamFormat::JsonSeq, .. } => "json_seq",
    })
}

/// The mock rule for an operation whose answer is `body`, which writes the rule's typed outputs
/// as that answer (`Rule::json()`; an XML answer by the request's `XmlAnswer` table).
pub fn mock_rule(body: &ResponseBody) -> TokenStream {
    let constructor = plain(match body {
        ResponseBody::Xml { .. } => "xml",
        ResponseBody::Empty => "empty",
        ResponseBody::Json(_) => "json",
        ResponseBody::Text => "text",
        ResponseBody::Bytes => "bytes",
        ResponseBody::Stream { .. } => "streamed",
    });
    quote! { Rule::#constructor() }
}

/// How a request's successful answer is received, when it is not read whole first: the
/// `Request` implementation's `RECEIVE`.
pub fn output_receive(body: &ResponseBody) -> Option<TokenStream> {
    matches!(body, ResponseBody::Stream { .. })
        .then(|| quote! { const RECEIVE: runtime::Receive = runtime::Receive::Streamed; })
}

/// Whether writing `ty` names a model (so a file that writes it imports `models`).
pub fn names_a_model(ty: &Type) -> bool {
    match ty {
        Type::Named(_) => true,
        Type::Array(item) | Type::Nullable(item) => names_a_model(item),
        Type::Map { key, value } => names_a_model(key) || names_a_model(value),
        Type::Tuple(items) => items.iter().any(names_a_model),
        _ => false,
    }
}

/// Whether any of an operation's inputs (parameters and body) names a model.
pub fn inputs_name_a_model(operation: &Operation) -> bool {
    operation.parameters.iter().any(|parameter| names_a_model(&parameter.ty))
        || operation.body.as_ref().is_some_and(|body| names_a_model(&body.ty))
}

/// An element of an XML body, as the runtime's table: `runtime::XmlElement { .. }`.
pub fn xml_element(element: &XmlElement, scope: Scope) -> TokenStream {
    let name = xml_name(&element.name);
    let value = xml_value(&element.value, scope);
    quote! { runtime::XmlElement { name: #name, value: #value } }
}

fn xml_name(name: &XmlName) -> TokenStream {
    let local = &name.local;
    if name.namespace.is_none() && name.prefix.is_none() {
        return quote! { runtime::XmlName::local(#local) };
    }
    let namespace = option(name.namespace.as_ref());
    let prefix = option(name.prefix.as_ref());
    quote! { runtime::XmlName { local: #local, namespace: #namespace, prefix: #prefix } }
}

/// What an element holds; a model's table is the model's own, found through `runtime::Xml`.
fn xml_value(value: &XmlValue, scope: Scope) -> TokenStream {
    match value {
        XmlValue::Text(scalar) => {
            let scalar = plain(match scalar {
                XmlScalar::String => "String",
                XmlScalar::Integer => "Integer",
                XmlScalar::Number => "Number",
                XmlScalar::Boolean => "Boolean",
            });
            quote! { runtime::XmlValue::Text(runtime::XmlScalar::#scalar) }
        }
        XmlValue::Model(name) => {
            let model = rust_type(&Type::Named(name.clone()), scope);
            quote! { runtime::XmlValue::Of(<#model as runtime::Xml>::xml) }
        }
        XmlValue::List { wrapped, item } => {
            let item = xml_element(item, scope);
            quote! { runtime::XmlValue::List { wrapped: #wrapped, item: &#item } }
        }
        XmlValue::Map(values) => {
            let values = xml_value(values, scope);
            quote! { runtime::XmlValue::Map(&#values) }
        }
        XmlValue::Any => quote! { runtime::XmlValue::Any },
    }
}

/// A model's table, as the body of its `runtime::Xml::xml`.
pub fn xml_table(table: &XmlTable) -> TokenStream {
    let fields = table.fields.iter().map(xml_field);
    let others = option(table.others.as_ref().map(|others| {
        let others = xml_value(others, Scope::Models);
        quote! { &#others }
    }));
    quote! {
        static TABLE: runtime::XmlTable = runtime::XmlTable { fields: &[#(#fields),*], others: #others };
        runtime::XmlValue::Model(&TABLE)
    }
}

fn xml_field(field: &XmlField) -> TokenStream {
    let wire_name = &field.wire_name;
    let name = xml_name(&field.name);
    let node = plain(match field.node {
        XmlNode::Element => "Element",
        XmlNode::Attribute => "Attribute",
        XmlNode::Text => "Text",
    });
    let value = xml_value(&field.value, Scope::Models);
    quote! { runtime::XmlField { wire_name: #wire_name, name: #name, node: runtime::XmlNode::#node, value: #value } }
}

/// `Option::Some(value)`, or `Option::None`.
pub fn option(value: Option<impl ToTokens>) -> TokenStream {
    match value {
        Some(value) => quote! { ::std::option::Option::Some(#value) },
        None => quote! { ::std::option::Option::None },
    }
}

/// A type as the docs name it: `Vec<TaskGroup>`.
pub fn type_name(ty: &Type) -> String {
    ty.name()
}

/// `runtime::Method::Get` (the type is shared with the runtime, so it cannot implement `ToTokens`
/// here).
pub fn method(method: &Method<String>) -> TokenStream {
    match method {
        Method::Other(name) => quote! { runtime::Method::Other(#name) },
        named => {
            let variant = plain(&format!("{named:?}"));
            quote! { runtime::Method::#variant }
        }
    }
}

/// `runtime::Location::Path`.
pub fn location(location: Location) -> TokenStream {
    let variant = plain(&format!("{location:?}"));
    quote! { runtime::Location::#variant }
}

/// `path`: the name of the constructor of a `runtime::Argument` at `location`.
pub fn argument_constructor(location: Location) -> Ident {
    plain(&format!("{location:?}").to_lowercase())
}

impl ToTokens for Auth {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Auth::ApiKey { scheme, location: place, name } => {
                let place = location(*place);
                quote! { runtime::Auth::ApiKey { scheme: #scheme, location: #place, name: #name } }
            }
            Auth::Bearer => quote! { runtime::Auth::Bearer },
            Auth::Basic => quote! { runtime::Auth::Basic },
            Auth::Signature => quote! { runtime::Auth::Signature },
            Auth::All(all) => quote! { runtime::Auth::All(&[#(#all),*]) },
        });
    }
}

/// `runtime::Style::Form { explode: true }`.
pub fn style(style: Style) -> TokenStream {
    match style {
        Style::Simple { explode } => quote! { runtime::Style::Simple { explode: #explode } },
        Style::Form { explode } => quote! { runtime::Style::Form { explode: #explode } },
        Style::SpaceDelimited => quote! { runtime::Style::SpaceDelimited },
        Style::PipeDelimited => quote! { runtime::Style::PipeDelimited },
        Style::TabDelimited => quote! { runtime::Style::TabDelimited },
        Style::DeepObject => quote! { runtime::Style::DeepObject },
        Style::Json => quote! { runtime::Style::Json },
    }
}

impl ToTokens for PathPart {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            PathPart::Literal(text) => quote! { runtime::PathPart::Literal(#text) },
            PathPart::Client(name) => quote! { runtime::PathPart::Client(#name) },
            PathPart::Argument(index) => {
                let index = Literal::usize_unsuffixed(*index);
                quote! { runtime::PathPart::Argument(#index) }
            }
            PathPart::FixedQuery { name, value } => {
                quote! { runtime::PathPart::FixedQuery { name: #name, value: #value } }
            }
            PathPart::Server(server) => quote! { runtime::PathPart::Server(&#server) },
        });
    }
}

impl ToTokens for Platform {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Platform::Generic => quote! { runtime::Generic },
            Platform::HuaweiCloud { service: Some(service) } => {
                quote! { huaweicloud_runtime::HuaweiCloud::service(#service) }
            }
            Platform::HuaweiCloud { service: None } => quote! { huaweicloud_runtime::HuaweiCloud::new() },
        });
    }
}

/// `runtime::Server { url, variables, region }`: a server the runtime fills in and sends to.
impl ToTokens for Server {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let url = &self.url;
        let variables = self.variables.iter().map(|v| {
            let (name, default, user_chosen) = (&v.wire_name, &v.default, v.user_chosen);
            let values = v.values.iter().map(|value| &value.wire_name);
            let environment = option(v.environment.as_deref());
            quote! {
                runtime::Variable {
                    name: #name,
                    default: #default,
                    values: &[#(#values),*],
                    user_chosen: #user_chosen,
                    environment: #environment,
                }
            }
        });
        let region = option(self.region.as_deref());
        tokens.extend(quote! {
            runtime::Server {
                url: #url,
                variables: &[#(#variables),*],
                region: #region,
            }
        });
    }
}

/// The rules as the variants of `runtime::Rule` they are, without the path: `MaxLength(100)`.
pub fn rule_variants(rules: &Rules) -> Vec<TokenStream> {
    let count = |n: usize| Literal::usize_unsuffixed(n);
    let number = |n: f64| Literal::f64_unsuffixed(n);
    let mut items = Vec::new();
    if let Some(min) = rules.min_length.map(count) {
        items.push(quote! { MinLength(#min) });
    }
    if let Some(max) = rules.max_length.map(count) {
        items.push(quote! { MaxLength(#max) });
    }
    if let Some(pattern) = &rules.pattern {
        items.push(quote! { Pattern(#pattern) });
    }
    if let Some(bound) = rules.minimum {
        let value = number(bound.value);
        items.push(if bound.exclusive {
            quote! { ExclusiveMinimum(#value) }
        } else {
            quote! { Minimum(#value) }
        });
    }
    if let Some(bound) = rules.maximum {
        let value = number(bound.value);
        items.push(if bound.exclusive {
            quote! { ExclusiveMaximum(#value) }
        } else {
            quote! { Maximum(#value) }
        });
    }
    if let Some(step) = rules.multiple_of {
        let step = number(step);
        items.push(quote! { MultipleOf(#step) });
    }
    if !rules.allowed_numbers.is_empty() {
        let allowed = rules.allowed_numbers.iter().map(|n| number(*n));
        items.push(quote! { AllowedNumbers(&[#(#allowed),*]) });
    }
    if let Some(min) = rules.min_items.map(count) {
        items.push(quote! { MinItems(#min) });
    }
    if let Some(max) = rules.max_items.map(count) {
        items.push(quote! { MaxItems(#max) });
    }
    if let Some(each) = &rules.items {
        items.push(quote! { EachItem(#each) });
    }
    if let Some(each) = &rules.keys {
        items.push(quote! { EachKey(#each) });
    }
    items
}

/// The runtime's rule list for a value: `&[runtime::Rule::MinLength(1), ...]`.
impl ToTokens for Rules {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let variants = rule_variants(self);
        tokens.extend(quote! { &[#(runtime::Rule::#variants),*] });
    }
}

impl ToTokens for Flag {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let Flag { flag, help, kind, repeated, required } = self;
        let help = string_literal(help);
        let required = required.then(|| quote! { .required() });
        let repeated = repeated.then(|| quote! { .repeated() });
        tokens.extend(quote! { cli::Flag::new(#flag, #help, #kind) #required #repeated });
    }
}

impl ToTokens for ValueKind {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            ValueKind::Text => quote! { cli::ValueKind::Text },
            ValueKind::Bool => quote! { cli::ValueKind::Bool },
            ValueKind::Integer => quote! { cli::ValueKind::Integer },
            ValueKind::Number => quote! { cli::ValueKind::Number },
            ValueKind::OneOf(values) => quote! { cli::ValueKind::OneOf(&[#(#values),*]) },
            ValueKind::Json => quote! { cli::ValueKind::Json },
        });
    }
}

impl ToTokens for BodyField {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let BodyField { wire_name, flag } = self;
        tokens.extend(quote! { cli::BodyField { wire_name: #wire_name, flag: #flag } });
    }
}

/// The runtime's `string_enum!` for an enum with `values`: its table of variants and wire values,
/// and the variant holding the values the spec does not list, for an open enum.
pub fn string_enum(name: &RustName, values: &[EnumValue], other: Option<&str>) -> TokenStream {
    let variants = values.iter().map(|value| &value.rust_name);
    let wires = values.iter().map(|value| &value.wire_name);
    let other = other.map(|other| {
        let other = plain(other);
        quote! { else #other }
    });
    quote! {
        runtime::string_enum!(#name { #(#variants = #wires),* } #other);
    }
}

/// `#[doc = r"..."]` for each line. Docs are most of a big spec's text, and a raw string is
/// written and read back as it is, where an ordinary one is escaped and unescaped character by
/// character.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines =
        lines.iter().map(|line| if line.is_empty() { raw_string("", 0) } else { raw_string(&format!(" {line}"), 0) });
    quote! { #( #[doc = #lines] )* }
}

/// `text` as an ordinary string literal, the same as [`Literal::string`] writes it. That one
/// escapes each character through `char::escape_debug`; text that is mostly printable ASCII (help
/// text, summaries, examples) is copied here in runs, and only the other characters escaped.
pub fn string_literal(text: &str) -> Literal {
    // `Literal::string` writes NUL by what follows it; such text is rare enough to leave to it.
    if text.contains('\0') {
        return Literal::string(text);
    }
    let mut repr = String::with_capacity(text.len() + 2);
    repr.push('"');
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !matches!(c, ' '..='~') || c == '"' || c == '\\') {
        repr.push_str(&rest[..at]);
        let escaped = rest[at..].chars().next().unwrap_or(' ');
        repr.extend(escaped.escape_debug());
        rest = &rest[at + escaped.len_utf8()..];
    }
    repr.push_str(rest);
    repr.push('"');
    repr.parse().unwrap_or_else(|_| Literal::string(text))
}

/// `text` as a raw string literal, with at least `min_hashes` `#`s and as many more as keep a `"`
/// in it from ending the literal.
pub fn raw_string(text: &str, min_hashes: usize) -> Literal {
    let mut hashes = min_hashes;
    for (at, _) in text.match_indices('"') {
        let run = text[at + 1..].bytes().take_while(|byte| *byte == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let hashes = "#".repeat(hashes);
    // A raw string holds any text but a carriage return alone (which the lexer refuses): such
    // text is written as an ordinary string.
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_literal_is_written_as_proc_macro2_writes_it() {
        let texts = [
            "",
            "plain words, `code` and 'quotes'",
            "a \"quoted\" word and a back\\slash",
            "tab\there, lines\nand a carriage return\r\n",
            "a bell \u{7}, a delete \u{7f} and an escape \u{1b}",
            "non-ASCII: caf\u{e9}, \u{201c}curly\u{201d}, 20\u{a0}MiB, \u{1f600}",
            "a combining accent on its own: \u{301}, and a zero-width joiner \u{200d}",
            "unassigned \u{378} and private \u{e000}",
            "NUL \0 then 7: \u{0}7",
        ];
        for text in texts {
            assert_eq!(string_literal(text).to_string(), Literal::string(text).to_string(), "{text:?}");
        }
    }

    #[test]
    fn a_raw_string_holds_quotes_and_hashes() {
        assert_eq!(raw_string("say \"hi\"#", 0).to_string(), "r##\"say \"hi\"#\"##");
        assert_eq!(raw_string("lone\rreturn", 0).to_string(), Literal::string("lone\rreturn").to_string());
    }
}
