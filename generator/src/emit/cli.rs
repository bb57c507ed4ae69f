//! `cli.rs`: the command line, a subcommand per operation, as a table for the runtime's `cli`
//! module plus a few lines per operation that make the typed call.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, rust_type};
use crate::ir::{Api, CliKind, CliValue, Operation, ResponseBody, Type};

pub fn emit(api: &Api) -> TokenStream {
    let name = &api.cli_name;
    let about = format!("{} ({}), from the command line.", api.title, api.version);
    let commands = api.operations.iter().map(command_spec);
    let operations = &api.operations;
    let flags = |o: &Operation| !o.cli.parameter_flags.is_empty() || !o.cli.body_flags.is_empty();
    let imports = super::imports(
        quote! { crate::runtime::cli },
        &[
            ("Cli", true),
            ("CommandSpec", !operations.is_empty()),
            ("BodyField", operations.iter().any(|o| !o.cli.body_flags.is_empty())),
            ("Flag", operations.iter().any(flags)),
            ("Kind", operations.iter().any(flags)),
        ],
    );
    let arms = api.operations.iter().map(dispatch_arm);
    let (region_fn, region) = match region_variable(api) {
        Some(type_name) => {
            let ty = ident(type_name);
            (
                quote! {
                    fn region(config: runtime::Config, value: &str) -> ::std::result::Result<runtime::Config, ::std::string::String> {
                        value.parse::<crate::api::servers::#ty>().map(|value| config.server_variable(value)).map_err(|e| e.to_string())
                    }
                },
                quote! { ::std::option::Option::Some(region) },
            )
        }
        None => (quote! {}, quote! { ::std::option::Option::None }),
    };
    quote! {
                //! The command line: a subcommand per operation, flags per parameter and body field.

                use crate::runtime;
        #imports



        /// Runs the command line with the process's arguments and returns its exit code.
        pub fn main() -> ::std::process::ExitCode {
            runtime::cli::main(&CLI, dispatch)
        }

        /// The clap command, for help output and completions.
        pub fn command() -> clap::Command {
            runtime::cli::command(&CLI)
        }

        async fn dispatch(
            invocation: runtime::cli::Invocation,
        ) -> ::std::result::Result<runtime::cli::Output, runtime::Error> {
            let client = crate::api::Client::new(invocation.config())?;
            match invocation.command() {
                #(#arms)*
                other => ::std::result::Result::Err(runtime::Error::Build(::std::format!("unknown command {other}"))),
            }
        }

        #region_fn

        static CLI: Cli = Cli {
            name: #name,
            about: #about,
            commands: &[#(#commands),*],
            region: #region,
        };
    }
}

/// The server variable `--region` sets: one named `region`, else the only enum variable.
fn region_variable(api: &Api) -> Option<&str> {
    let variables: Vec<_> = api.server.iter().flat_map(|s| &s.variables).filter(|v| !v.values.is_empty()).collect();
    variables
        .iter()
        .find(|v| v.wire_name == "region")
        .or(if variables.len() == 1 { variables.first() } else { None })
        .map(|v| v.type_name.as_str())
}

fn flag(value: &CliValue) -> TokenStream {
    let (name, help) = (&value.flag, &value.help);
    let kind = match &value.kind {
        CliKind::Text => quote! { Text },
        CliKind::Bool => quote! { Bool },
        CliKind::Integer => quote! { Integer },
        CliKind::Number => quote! { Number },
        CliKind::OneOf(values) => quote! { OneOf(&[#(#values),*]) },
    };
    let required = value.required.then(|| quote! { .required() });
    let repeated = value.repeated.then(|| quote! { .repeated() });
    quote! { Flag::new(#name, #help, Kind::#kind) #required #repeated }
}

fn command_spec(operation: &Operation) -> TokenStream {
    let name = &operation.cli.name;
    let about = &operation.summary;
    let long_about = operation.docs.join("\n");
    let parameters = operation.cli.parameter_flags.iter().map(flag);
    let body = match &operation.body {
        None => quote! { ::std::option::Option::None },
        Some(_) => {
            let fields = operation.cli.body_flags.iter().map(|field| {
                let wire = &field.wire_name;
                let flag = flag(&field.value);
                quote! { BodyField { wire_name: #wire, flag: #flag } }
            });
            quote! { ::std::option::Option::Some(&[#(#fields),*]) }
        }
    };
    quote! {
        CommandSpec {
            name: #name,
            about: #about,
            long_about: #long_about,
            parameters: &[#(#parameters),*],
            body: #body,
        }
    }
}

/// The owned type a flag's value is read into, and how the method takes it.
fn owned(ty: &Type) -> TokenStream {
    match ty {
        Type::Array(item) => {
            let item = rust_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        other => rust_type(other),
    }
}

fn dispatch_arm(operation: &Operation) -> TokenStream {
    let name = &operation.cli.name;
    let method = ident(&operation.fn_name);
    let mut reads = Vec::new();
    let mut arguments = Vec::new();
    for (index, (parameter, value)) in operation.parameters.iter().zip(&operation.cli.parameter_flags).enumerate() {
        let local = ident(&format!("argument_{}", Literal::usize_unsuffixed(index)));
        let flag = &value.flag;
        let ty = owned(&parameter.ty);
        let by_value = matches!(parameter.ty, Type::Bool | Type::Integer(_) | Type::Number(_));
        let read = match (matches!(parameter.ty, Type::Array(_)), parameter.required) {
            (true, true) => quote! { invocation.list(#flag)?.unwrap_or_default() },
            (true, false) => quote! { invocation.list(#flag)? },
            (false, true) => quote! { invocation.required(#flag)? },
            (false, false) => quote! { invocation.optional(#flag)? },
        };
        let declared = if parameter.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        reads.push(quote! { let #local: #declared = #read; });
        arguments.push(match (parameter.required, by_value, &parameter.ty) {
            (true, true, _) | (false, true, _) => quote! { #local },
            (true, false, _) => quote! { &#local },
            (false, false, Type::String | Type::Array(_)) => quote! { #local.as_deref() },
            (false, false, _) => quote! { #local.as_ref() },
        });
    }
    if let Some(body) = &operation.body {
        let ty = owned(&body.ty);
        if body.required {
            reads.push(quote! { let body: #ty = invocation.body()?; });
            arguments.push(quote! { &body });
        } else {
            reads.push(quote! { let body: ::std::option::Option<#ty> = invocation.optional_body()?; });
            arguments.push(match body.ty {
                Type::String | Type::Array(_) => quote! { body.as_deref() },
                _ => quote! { body.as_ref() },
            });
        }
    }
    let call = quote! { client.#method(#(#arguments),*).await? };
    let output = match operation.response.body {
        ResponseBody::Empty => quote! { { #call; runtime::cli::Output::of(&()) } },
        _ => quote! { runtime::cli::Output::of(&#call) },
    };
    quote! {
        #name => {
            #(#reads)*
            #output
        }
    }
}
