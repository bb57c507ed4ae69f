//! Parameters: those the path item and the operation declare, which of them belong to the client,
//! how each is passed, and the path they fill.

use std::collections::HashSet;

use openapiv3::{ParameterSchemaOrContent, ReferenceOr};

use crate::diagnostic::{Diagnostic, Pointer};
use crate::ir::{
    ClientParameter, Flag, IntegerWidth, Location, Parameter, Passing, PathPart, Rules, RustName, SampleValue, Style,
    Type, reserved,
};
use crate::lower::cli;
use crate::lower::docs;
use crate::lower::extensions::XClientParameter;
use crate::lower::lowerer::Lowerer;
use crate::lower::refs::PARAMETERS;
use crate::lower::schemas::{SchemaRef, Typed};
use crate::lower::setters::passing;
use crate::lower::syntax::template_names;
use crate::names;
use crate::parse::upgrade::{COLLECTION_FORMAT, QUERYSTRING};

/// Header parameters OpenAPI says to ignore: the body, the security schemes and the response types
/// set them.
const IGNORED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];

/// A parameter as declared, before it is sorted into client-level and per-call ones.
struct Declared<'a> {
    data: &'a openapiv3::ParameterData,
    location: Location,
    style: Style,
    at: Pointer,
}

impl<'a> Lowerer<'a> {
    /// The operation's per-call parameters, and the names of the client-level ones it uses.
    pub(super) fn parameters(
        &mut self,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
        type_context: &str,
        argument_names: &mut HashSet<String>,
    ) -> Result<(Vec<Parameter>, Vec<String>), Diagnostic> {
        let mut parameters = Vec::new();
        let mut client_level = Vec::new();
        for parameter in self.declared_parameters(shared, own, at) {
            if parameter.location == Location::Header
                && IGNORED_HEADERS.iter().any(|h| parameter.data.name.eq_ignore_ascii_case(h))
            {
                // The spec says so: these are set from the body, the security schemes and the response types.
                continue;
            }
            // A 3.2 query string the upgrade could not spread over the query: it said so.
            if parameter.data.extensions.get(QUERYSTRING) == Some(&serde_json::Value::Bool(false)) {
                continue;
            }
            let client = self.extension::<XClientParameter>(&parameter.data.extensions, &parameter.at)?;
            if client.is_some_and(|XClientParameter(yes)| yes) {
                client_level.push(self.client_parameter(&parameter)?);
                continue;
            }
            let context = format!("{type_context}{}", names::pascal(&parameter.data.name).word());
            parameters.push(self.parameter(&parameter, &context, argument_names));
        }
        Ok((parameters, client_level))
    }

    /// A per-call parameter.
    fn parameter(
        &mut self,
        parameter: &Declared<'a>,
        context: &str,
        argument_names: &mut HashSet<String>,
    ) -> Parameter {
        let (mut typed, style) = match &parameter.data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), context), parameter.style)
            }
            // A parameter described by a media type is sent as that media type's text: JSON.
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media_type, media)) => {
                    let ty = self.media_type(media, &parameter.at.push("content").push(media_type), context);
                    (Typed::of_type(ty), Style::Json)
                }
                None => (Typed::of_type(Type::String), parameter.style),
            },
        };
        if parameter.data.description.is_some() {
            typed.description = parameter.data.description.clone();
        }
        let required = parameter.data.required;
        let ty = typed.ty.clone();
        let rust_name = names::unique(names::snake(&parameter.data.name), argument_names);
        let example = parameter.data.example.as_ref();
        let mut sample = self.sample_value(&ty, required, example, &parameter.data.name, rust_name.clone());
        // A sample program's local must not hide its helper that reports a failed call.
        if let SampleValue::FromJson { local, .. } = &mut sample
            && local.word() == reserved::SAMPLE_REPORT
        {
            *local = names::unique(local.clone(), argument_names);
        }
        Parameter {
            wire_name: parameter.data.name.clone(),
            sample,
            rust_name,
            location: parameter.location,
            docs: typed.docs(),
            required,
            style,
            passing: passing(&ty),
            setters: None,
            ty,
            default: typed.default.clone(),
            rules: typed.rules,
            flag: Flag::default(),
        }
    }

    /// Path-item parameters, then the operation's own; an operation's parameter replaces a
    /// path-item one with the same name and location.
    fn declared_parameters(
        &mut self,
        shared: &'a [ReferenceOr<openapiv3::Parameter>],
        own: &'a [ReferenceOr<openapiv3::Parameter>],
        at: &Pointer,
    ) -> Vec<Declared<'a>> {
        let path_item_at = at.parent();
        let mut declared: Vec<Declared<'a>> = Vec::new();
        let lists = [(shared, path_item_at.push("parameters")), (own, at.push("parameters"))];
        for (list, list_at) in lists {
            for (index, parameter) in list.iter().enumerate() {
                let item_at = list_at.push(index.to_string());
                let (parameter, parameter_at) = match parameter {
                    ReferenceOr::Item(parameter) => (parameter, item_at),
                    ReferenceOr::Reference { reference } => match self.refs.follow(reference, &PARAMETERS, &item_at) {
                        Ok(found) => found,
                        Err(warning) => {
                            self.warn(warning.note("the parameter is left out"));
                            continue;
                        }
                    },
                };
                let (data, location, style) = self.style(parameter, &parameter_at);
                if location == Location::Path && !data.required {
                    self.warn(
                        parameter_at
                            .push("required")
                            .warning("value coerced", "a path parameter is always required")
                            .note("read as `required: true`"),
                    );
                }
                let same = |d: &Declared| d.data.name == data.name && d.location == location;
                declared.retain(|d| !same(d));
                declared.push(Declared { data, location, style, at: parameter_at });
            }
        }
        declared
    }

    /// A parameter's data, location and style: Swagger 2.0's delimited lists that no 3.0 style
    /// says (its upgrade keeps them in [`COLLECTION_FORMAT`]) in any location, else the style the
    /// location takes.
    fn style(
        &mut self,
        parameter: &'a openapiv3::Parameter,
        at: &Pointer,
    ) -> (&'a openapiv3::ParameterData, Location, Style) {
        let (data, location, style) = self.openapi_style(parameter, at);
        let delimited = match data.extensions.get(COLLECTION_FORMAT).and_then(|format| format.as_str()) {
            Some("tsv") => Some(Style::TabDelimited),
            Some("ssv") => Some(Style::SpaceDelimited),
            Some("pipes") => Some(Style::PipeDelimited),
            _ => None,
        };
        (data, location, delimited.unwrap_or(style))
    }

    /// A parameter's data, location and OpenAPI style.
    fn openapi_style(
        &mut self,
        parameter: &'a openapiv3::Parameter,
        at: &Pointer,
    ) -> (&'a openapiv3::ParameterData, Location, Style) {
        use openapiv3::{Parameter as P, PathStyle, QueryStyle};
        let explode = |data: &openapiv3::ParameterData, default: bool| data.explode.unwrap_or(default);
        match parameter {
            P::Path { parameter_data, style } => {
                if !matches!(style, PathStyle::Simple) {
                    self.warn(
                        at.push("style")
                            .warning("value coerced", "only the `simple` style is written in paths")
                            .note("read as `style: simple`"),
                    );
                }
                (parameter_data, Location::Path, Style::Simple { explode: explode(parameter_data, false) })
            }
            P::Query { parameter_data, style, .. } => {
                let style = match style {
                    QueryStyle::Form => Style::Form { explode: explode(parameter_data, true) },
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                };
                (parameter_data, Location::Query, style)
            }
            P::Header { parameter_data, .. } => {
                (parameter_data, Location::Header, Style::Simple { explode: explode(parameter_data, false) })
            }
            P::Cookie { parameter_data, .. } => {
                (parameter_data, Location::Cookie, Style::Form { explode: explode(parameter_data, true) })
            }
        }
    }

    /// Records a client-level parameter (the same for every operation that uses it).
    fn client_parameter(&mut self, parameter: &Declared<'a>) -> Result<String, Diagnostic> {
        let name = &parameter.data.name;
        if parameter.location != Location::Path {
            return Err(parameter
                .at
                .error("invalid extension", "`x-client-parameter` is supported on path parameters only"));
        }
        let ParameterSchemaOrContent::Schema(schema) = &parameter.data.format else {
            return Err(parameter.at.error("invalid extension", "a client parameter needs a `schema`"));
        };
        let typed = self.schema(SchemaRef::Plain(schema), &parameter.at.push("schema"), "ClientParameter");
        if typed.ty != Type::String {
            return Err(parameter.at.push("schema").error("invalid extension", "a client parameter must be a string"));
        }
        let description = docs::paragraphs(parameter.data.description.as_deref());
        let client_parameter = ClientParameter {
            wire_name: name.clone(),
            docs: docs::join([description, docs::rule_lines(&typed.rules, None)]),
            rules: typed.rules,
            flag: Flag::default(),
        };
        match self.client_parameters.iter().find(|p| p.wire_name == *name) {
            Some(existing) if *existing != client_parameter => Err(parameter.at.error(
                "invalid extension",
                format!("client parameter `{name}` is declared elsewhere with a different description or schema"),
            )),
            Some(_) => Ok(name.clone()),
            None => {
                self.client_parameters.push(client_parameter);
                Ok(name.clone())
            }
        }
    }

    /// Splits a path template into literal text, client parameters and per-call arguments. A
    /// `{name}` no parameter declares becomes a string parameter; a declared path parameter the
    /// template does not name is left out.
    pub(super) fn path_parts(
        &mut self,
        path: &str,
        client_level: &[String],
        parameters: &mut Vec<Parameter>,
        argument_names: &mut HashSet<String>,
        at: &Pointer,
    ) -> Vec<PathPart> {
        let (path, fixed_query) = self.path_key(path, at);
        let in_template: Vec<&str> = template_names(path).collect();
        parameters.retain(|p| {
            let kept = p.location != Location::Path || in_template.contains(&p.wire_name.as_str());
            if !kept {
                self.warnings.push(
                    at.warning(
                        "parameter skipped",
                        format!("path parameter `{}` does not appear in the path", p.wire_name),
                    )
                    .note("left out"),
                );
            }
            kept
        });
        for name in &in_template {
            let declared = client_level.iter().any(|c| c == name)
                || parameters.iter().any(|p| p.location == Location::Path && p.wire_name == *name);
            if !declared {
                self.warn(
                    at.warning("parameter added", format!("`{{{name}}}` in the path has no path parameter"))
                        .note("read as a required string parameter"),
                );
                parameters.push(Parameter {
                    wire_name: (*name).to_owned(),
                    rust_name: names::unique(names::snake(name), argument_names),
                    location: Location::Path,
                    ty: Type::String,
                    required: true,
                    docs: Vec::new(),
                    rules: Default::default(),
                    style: Style::Simple { explode: false },
                    passing: Passing::Into,
                    setters: None,
                    sample: SampleValue::Text(format!("{{{name}}}")),
                    flag: Flag::default(),
                    default: None,
                });
            }
        }
        // Path parameters in the order the path names them, then the rest as declared.
        let position = |p: &Parameter| match p.location {
            Location::Path => in_template.iter().position(|name| *name == p.wire_name).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        parameters.sort_by_key(|p| position(p));
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            if client_level.iter().any(|c| c == name) {
                parts.push(PathPart::Client(name.to_owned()));
            } else if let Some(index) =
                parameters.iter().position(|p| p.location == Location::Path && p.wire_name == name)
            {
                parts.push(PathPart::Argument(index));
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts.extend(fixed_query);
        parts
    }

    /// The path a path key names, and the query parameters it fixes. Specs converted from other
    /// formats tell operations on one path apart with a fragment (`/#Action=AssumeRole`), never
    /// sent, or with a query (`/?Action=AssumeRole`), sent with every call.
    fn path_key<'p>(&mut self, key: &'p str, at: &Pointer) -> (&'p str, Vec<PathPart>) {
        let (key, fragment) = key.split_once('#').map_or((key, None), |(key, fragment)| (key, Some(fragment)));
        if let Some(fragment) = fragment {
            self.warn(
                at.parent()
                    .warning(
                        "value coerced",
                        format!("`#{fragment}` in the path key is a fragment, which is never sent"),
                    )
                    .note(format!("read as the path `{key}`; the operation's query parameters are sent as declared"))
                    .at_key(),
            );
        }
        let Some((path, query)) = key.split_once('?') else { return (key, Vec::new()) };
        let fixed: Vec<PathPart> = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                PathPart::FixedQuery { name: name.to_owned(), value: value.to_owned() }
            })
            .collect();
        self.warn(
            at.parent()
                .warning("value coerced", format!("`?{query}` in the path key is a query"))
                .note(format!("read as the path `{path}`, sent with these query parameters on every call"))
                .at_key(),
        );
        (path, fixed)
    }

    /// What a sample program passes for a parameter: the spec's example where it fits, else a
    /// placeholder of the right type; nothing for an optional one without an example.
    fn sample_value(
        &self,
        ty: &Type,
        required: bool,
        example: Option<&serde_json::Value>,
        wire_name: &str,
        local: RustName,
    ) -> SampleValue {
        if !required && example.is_none() {
            return SampleValue::Absent;
        }
        match ty {
            Type::Bool => SampleValue::Bool(example.and_then(|e| e.as_bool()).unwrap_or(false)),
            Type::Integer(_) | Type::Number(_) => {
                let example = example.and_then(serde_json::Value::as_i64);
                // A sample that does not fit the parameter's type is replaced by 0.
                let fits =
                    |value: &i64| !matches!(ty, Type::Integer(IntegerWidth::I32)) || i32::try_from(*value).is_ok();
                SampleValue::Integer(example.filter(fits).unwrap_or(0), ty.clone())
            }
            Type::String | Type::Secret => SampleValue::Text(
                example.and_then(|e| e.as_str().map(str::to_owned)).unwrap_or_else(|| format!("{{{wire_name}}}")),
            ),
            Type::Array(_) => SampleValue::EmptyList,
            Type::Named(name) if self.models.is_enum(name) => SampleValue::FirstOf(name.clone()),
            other => {
                let example = example.cloned().unwrap_or_else(|| cli::example(other, &|name| self.models.get(name), 0));
                SampleValue::FromJson { example, ty: other.clone(), local }
            }
        }
    }
}

/// The `Last-Event-ID` header of a request whose answer is an event stream, when the spec declares
/// no parameter of that name (a header, or a query parameter `last_event_id` some services take
/// instead): with the id of the last event received, the service resumes the stream after it.
pub(super) fn last_event_id(parameters: &[Parameter], argument_names: &mut HashSet<String>) -> Option<Parameter> {
    let name = names::snake(reserved::LAST_EVENT_ID);
    if parameters.iter().any(|parameter| names::snake(&parameter.wire_name).word() == name.word()) {
        return None;
    }
    let ty = Type::String;
    Some(Parameter {
        wire_name: reserved::LAST_EVENT_ID.to_owned(),
        rust_name: names::unique(name, argument_names),
        location: Location::Header,
        docs: vec!["The id of the last event received: the service resumes the event stream after it.".to_owned()],
        required: false,
        style: Style::Simple { explode: false },
        passing: passing(&ty),
        setters: None,
        sample: SampleValue::Absent,
        ty,
        rules: Rules::default(),
        default: None,
        flag: Flag::default(),
    })
}
