//! `cli.rs`: the command line, a subcommand per operation, as a table for the runtime's `cli`
//! module plus a few lines per operation that make the typed call.

use proc_macro2::TokenStream;
use quote::quote;

use super::Chunk;
use super::tokens::{Scope, inputs_name_a_model, option, plain, rust_type, string_literal};
use crate::ir::{
    Api, BodyEncoding, Counter, FollowUp, LinkSource, Operation, Progress, ResponseBody, WaiterFlags, json_texts,
    reserved,
};

/// Part `part` of `cli.rs`: the first holds the command line's table and the dispatcher, each other
/// a chunk per subcommand (its description, its statics and the function that makes its call).
pub fn emit(api: &Api, part: usize) -> Vec<Chunk<'_>> {
    match super::operations_of_part(api, part) {
        None => vec![Chunk::Tokens(header(api))],
        Some(operations) => operations.map(|(_, operation)| Chunk::item("cli command", operation, command)).collect(),
    }
}

fn header(api: &Api) -> TokenStream {
    let name = &api.cli_name;
    let about = format!("{} ({}), from the command line.", api.title, api.version);
    let commands = api.operations.iter().map(|operation| &operation.command_const);
    let client_parameters = api.client_parameters.iter().map(|parameter| {
        let (name, flag) = (&parameter.wire_name, &parameter.flag);
        quote! { cli::ClientParameterFlag { name: #name, flag: #flag } }
    });
    let (client, invocation) = (plain(reserved::CLIENT), plain(reserved::INVOCATION));
    let arms = api.operations.iter().map(|operation| {
        let (name, run) = (&operation.command.name, &operation.command_fn);
        quote! { #name => #run(#invocation, #client), }
    });
    let groups = api.command_groups.iter().map(|group| {
        let (name, about) = (&group.name, string_literal(&group.about));
        quote! { cli::Group { name: #name, about: #about } }
    });
    let query_examples = &api.query_examples;
    let token_variable = match &api.sample_credentials {
        crate::ir::SampleCredentials::TokenEnv(variable) => quote! { ::std::option::Option::Some(#variable) },
        _ => quote! { ::std::option::Option::None },
    };
    let models = api.operations.iter().any(inputs_name_a_model).then(|| quote! { use super::models; });
    let client_type = plain(reserved::CLIENT_TYPE);
    // With no operation, the dispatcher has nothing to call.
    let client_local =
        if api.operations.is_empty() { plain(&format!("_{}", reserved::CLIENT)) } else { client.clone() };
    quote! {
        //! The command line: a subcommand per operation, flags per parameter and body field.

        use client_runtime::cli;
        use client_runtime::codegen as runtime;
        #models

        /// Runs the command line with the process's arguments and returns its exit code.
        pub fn main() -> ::std::process::ExitCode {
            cli::main(&CLI, dispatch)
        }

        /// The clap command, for help output and completions.
        pub fn command() -> cli::clap::Command {
            cli::command(&CLI)
        }

        fn dispatch(
            #invocation: cli::Invocation,
        ) -> ::std::result::Result<cli::Pending, runtime::Error> {
            let #client_local = super::#client_type::new(#invocation.config())?;
            match #invocation.command() {
                #(#arms)*
                other => ::std::result::Result::Err(runtime::Error::Build(::std::format!("unknown command {other}"))),
            }
        }

        static CLI: cli::Cli = cli::Cli {
            name: #name,
            about: #about,
            service: &super::client::SERVICE,
            client_parameters: &[#(#client_parameters),*],
            groups: &[#(#groups),*],
            commands: &[#(#commands),*],
            token_variable: #token_variable,
            query_examples: #query_examples,
        };
    }
}

/// A subcommand: the const that describes it, the tables of its own waiters and progress (which
/// linked commands share) and of its body's flags when others share them, and the function that
/// makes its call.
fn command(operation: &Operation) -> TokenStream {
    let name = &operation.command_const;
    let spec = command_spec(operation);
    let progress = operation.command.progress.as_ref().filter(|_| operation.command.watch).map(progress_static);
    let waiters = operation.command.waiters.as_ref().filter(|_| !operation.waiters.is_empty()).map(waiters_static);
    let run = run(operation);
    let body_fields =
        operation.command.shared_body_fields.as_ref().filter(|shared| shared.defined_here).map(|shared| {
            let (static_name, fields) = (&shared.static_name, &operation.command.body_fields);
            quote! { const #static_name: &[cli::BodyField] = &[#(#fields),*]; }
        });
    quote! {
        const #name: cli::CommandSpec = #spec;

        #body_fields
        #progress
        #waiters
        #run
    }
}

fn command_spec(operation: &Operation) -> TokenStream {
    let command = &operation.command;
    let name = &command.name;
    let about = string_literal(&operation.summary);
    let long_about = string_literal(&operation.docs.join("\n"));
    let parameters = operation.parameters.iter().map(|parameter| &parameter.flag);
    let body = match (&operation.body, &command.shared_body_fields) {
        (None, _) => quote! { ::std::option::Option::None },
        (Some(_), Some(shared)) => {
            let static_name = &shared.static_name;
            quote! { ::std::option::Option::Some(#static_name) }
        }
        (Some(_), None) => {
            let fields = &command.body_fields;
            quote! { ::std::option::Option::Some(&[#(#fields),*]) }
        }
    };
    let paginated = operation.pagination.is_some();
    let waiters = match &command.waiters {
        Some(waiters) => {
            let name = &waiters.static_name;
            quote! { &#name }
        }
        None => quote! { &[] },
    };
    let watch = command.watch;
    let group = option(command.group.as_ref());
    let items = option(command.items.as_ref());
    let progress = option(command.progress.as_ref().map(|progress| {
        let name = &progress.static_name;
        quote! { &#name }
    }));
    quote! {
        cli::CommandSpec {
            name: #name,
            about: #about,
            long_about: #long_about,
            group: #group,
            parameters: &[#(#parameters),*],
            body: #body,
            paginated: #paginated,
            items: #items,
            waiters: #waiters,
            progress: #progress,
            watch: #watch,
        }
    }
}

/// The static listing an operation's own waiters by their `--wait` values.
fn waiters_static(waiters: &WaiterFlags) -> TokenStream {
    let name = &waiters.static_name;
    let flags = waiters.flags.iter().map(|flag| {
        let (value, waiting) = (&flag.value, &flag.static_name);
        quote! { cli::WaiterFlag { value: #value, waiting: &super::requests::#waiting } }
    });
    let count = proc_macro2::Literal::usize_unsuffixed(waiters.flags.len());
    quote! {
        static #name: [cli::WaiterFlag; #count] = [#(#flags),*];
    }
}

/// The static describing an operation's own progress; commands that poll it refer to it.
fn progress_static(progress: &Progress) -> TokenStream {
    let Progress { static_name, state, counters, finished, failed, interval_seconds } = progress;
    let state = option(state.as_ref());
    let counters = counters.iter().map(|counter| {
        let Counter { name, done, total, failed, bytes } = counter;
        let total = option(total.as_ref());
        let failed = option(failed.as_ref());
        quote! {
            cli::Counter { name: #name, done: &[#(#done),*], total: #total, failed: #failed, bytes: #bytes }
        }
    });
    let interval_seconds = proc_macro2::Literal::u64_unsuffixed(*interval_seconds);
    let (finished, failed) = (json_texts(finished), json_texts(failed));
    quote! {
        static #static_name: cli::Progress = cli::Progress {
            state: #state,
            counters: &[#(#counters),*],
            finished: &[#(#finished),*],
            failed: &[#(#failed),*],
            interval: ::std::time::Duration::from_secs(#interval_seconds),
        };
    }
}

/// The function that reads the subcommand's flags and makes its call.
fn run(operation: &Operation) -> TokenStream {
    let (run, method) = (&operation.command_fn, &operation.fn_name);
    let (client, invocation) = (plain(reserved::CLIENT), plain(reserved::INVOCATION));
    let mut reads = Vec::new();
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for parameter in &operation.parameters {
        let local = &parameter.rust_name;
        let flag = &parameter.flag.flag;
        let ty = rust_type(&parameter.ty, Scope::Module);
        // A repeated flag gives a list an item per use; any other flag gives the whole value
        // (a list of objects as one JSON array).
        let read = match (parameter.flag.repeated, parameter.required) {
            (true, true) => quote! { #invocation.list(#flag)?.unwrap_or_default() },
            (true, false) => quote! { #invocation.list(#flag)? },
            (false, true) => quote! { #invocation.required(#flag)? },
            (false, false) => quote! { #invocation.optional(#flag)? },
        };
        let declared = if parameter.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        reads.push(quote! { let #local: #declared = #read; });
        match &parameter.setters {
            None => arguments.push(quote! { #local }),
            Some(setter) => {
                let set_option = &setter.set_option;
                setters.push(quote! { .#set_option(#local) });
            }
        }
    }
    if let Some(request) = &operation.body {
        let body = plain(reserved::BODY);
        let ty = rust_type(&request.ty, Scope::Module);
        // Text and bytes are the file as it is; everything else is JSON with flags over it.
        let read = match (&request.encoding, request.required) {
            (BodyEncoding::Text, true) => quote! { text_body },
            (BodyEncoding::Text, false) => quote! { optional_text_body },
            (BodyEncoding::Binary, true) => quote! { binary_body },
            (BodyEncoding::Binary, false) => quote! { optional_binary_body },
            (_, true) => quote! { body },
            (_, false) => quote! { optional_body },
        };
        match &request.setters {
            None => {
                reads.push(quote! { let #body: #ty = #invocation.#read()?; });
                arguments.push(quote! { #body });
            }
            Some(setter) => {
                reads.push(quote! { let #body: ::std::option::Option<#ty> = #invocation.#read()?; });
                let set_option = &setter.set_option;
                setters.push(quote! { .#set_option(#body) });
            }
        }
    }
    let request = plain(reserved::REQUEST);
    // `--wait`, `--watch` and `--dry-run` are the runtime's; a link only says what is polled next.
    let mut output = match (&operation.follow_up, &operation.response.body) {
        // Items printed as they arrive; bytes written as they arrive.
        (_, ResponseBody::Stream { .. }) => quote! { cli::respond_streamed(#invocation, #request) },
        (None, ResponseBody::Bytes) => quote! { cli::download(#invocation, #request) },
        (None, _) => quote! { cli::respond(#invocation, #request) },
        (Some(FollowUp { target_fn, arguments }), _) => {
            let answer = plain(reserved::ANSWER);
            let reads_flags = arguments.iter().any(|a| matches!(a.source, LinkSource::Flag(_)));
            let reads_answer = arguments.iter().any(|a| matches!(a.source, LinkSource::Answer(_)));
            // Unused closure parameters are `_`.
            let invocation_parameter = if reads_flags {
                quote! { #invocation }
            } else {
                quote! { _ }
            };
            let answer_parameter = if reads_answer {
                quote! { #answer }
            } else {
                quote! { _ }
            };
            let arguments = arguments.iter().map(|argument| {
                let ty = rust_type(&argument.ty, Scope::Module);
                match &argument.source {
                    LinkSource::Flag(flag) => quote! { #invocation.required::<#ty>(#flag)? },
                    LinkSource::Answer(pointer) => quote! { cli::linked::<#ty>(#answer, #pointer)? },
                }
            });
            quote! {
                cli::respond_then(#invocation, #request, move |#invocation_parameter, #answer_parameter| {
                    ::std::result::Result::Ok(#client.#target_fn(#(#arguments),*))
                })
            }
        }
    };
    if operation.pagination.is_some() {
        output = quote! {
            if #invocation.all() {
                cli::all_items(#invocation, #request)
            } else {
                #output
            }
        };
    }
    let client_type = plain(reserved::CLIENT_TYPE);
    quote! {
        fn #run(
            #invocation: cli::Invocation,
            #client: super::#client_type,
        ) -> ::std::result::Result<cli::Pending, runtime::Error> {
            #(#reads)*
            let #request = #client.#method(#(#arguments),*)#(#setters)*;
            ::std::result::Result::Ok(#output)
        }
    }
}
