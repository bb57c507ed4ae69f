//! `examples/<operation>.rs`: a sample program per operation, the Rust counterpart of the vendor's
//! API Explorer samples.
//!
//! `main` makes the operation's call; two helpers after it, the same in every sample of a crate,
//! make the client and report a failed call, so that a run formats them once for all samples.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::Chunk;
use super::tokens::{Scope, plain, raw_string, rust_type, string_literal};
use crate::ir::{Api, Operation, ResponseBody, RustName, SampleCredentials, SampleValue, Type, reserved};

/// The sample program for one operation: its `main`, then the helpers every sample shares.
pub fn emit<'a>(api: &'a Api, operation: &Operation) -> Vec<Chunk<'a>> {
    let setup = Setup { krate: &api.crate_name, credentials: &api.sample_credentials, region: api.region.as_ref() };
    vec![Chunk::Tokens(main(api, operation)), Chunk::shared("sample helpers", setup, helpers)]
}

/// What the helpers every sample has are made of.
#[derive(Debug)]
struct Setup<'a> {
    krate: &'a RustName,
    credentials: &'a SampleCredentials,
    region: Option<&'a RustName>,
}

/// The file's docs and imports, and `main`, which calls the operation with the spec's examples.
fn main(api: &Api, operation: &Operation) -> TokenStream {
    let krate = &api.crate_name;
    let stem = operation.fn_name.word();
    let mut docs = vec![format!(" Calls `{}`: {}", operation.wire_name, operation.summary), String::new()];
    docs.extend(credentials_docs(&api.sample_credentials));
    let run = match &api.region {
        Some(_) => format!(" cargo run -p {krate} --example {stem} -- --region <id>"),
        None => format!(" cargo run -p {krate} --example {stem} -- --endpoint <url>"),
    };
    docs.extend([" ```sh".to_owned(), run, " ```".to_owned()]);
    let (client_type, client, body) = (plain(reserved::CLIENT_TYPE), plain(reserved::CLIENT), plain(reserved::BODY));
    let report = plain(reserved::SAMPLE_REPORT);
    let mut setup = Vec::new();
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for parameter in &operation.parameters {
        let value = match &parameter.sample {
            SampleValue::Absent => continue,
            SampleValue::Bool(value) => quote! { #value },
            SampleValue::Integer(value, ty) => match ty {
                Type::Number(_) => proc_macro2::Literal::f64_unsuffixed(*value as f64).into_token_stream(),
                _ => proc_macro2::Literal::i64_unsuffixed(*value).into_token_stream(),
            },
            SampleValue::Text(value) => string_literal(value).into_token_stream(),
            SampleValue::FirstOf(model) => quote! { #krate::#model::ALL[0].clone() },
            SampleValue::EmptyList => quote! { Vec::new() },
            SampleValue::FromJson { example, ty, local } => {
                setup.push(from_json(local, &rust_type(ty, Scope::Sample(krate)), example, "the example value"));
                quote! { #local }
            }
        };
        match &parameter.setters {
            None => arguments.push(value),
            Some(setter) => {
                let set = &setter.set;
                setters.push(quote! { .#set(#value) });
            }
        }
    }
    let body_statement = operation.body.as_ref().map(|request| {
        let ty = rust_type(&request.ty, Scope::Sample(krate));
        let statement = from_json(&RustName::plain(reserved::BODY), &ty, &request.example, "the example body");
        quote! {
            // The body of the spec's example.
            #statement
        }
    });
    if let Some(request) = &operation.body {
        match &request.setters {
            None => arguments.push(quote! { #body }),
            Some(setter) => {
                let set = &setter.set;
                setters.push(quote! { .#set(#body) });
            }
        }
    }
    let method = &operation.fn_name;
    let success = match operation.response.body {
        ResponseBody::Empty => {
            // A format string: braces in the name are written twice.
            let done = format!("{} succeeded", operation.wire_name).replace('{', "{{").replace('}', "}}");
            quote! { Ok(()) => println!(#done), }
        }
        // Each item as it arrives; a malformed one or a broken connection ends the sample.
        ResponseBody::Stream { .. } => quote! {
            Ok(mut items) => {
                while let Some(item) = items.next().await {
                    match item {
                        Ok(item) => println!("{item:?}"),
                        Err(error) => {
                            eprintln!("{error}");
                            return ExitCode::FAILURE;
                        }
                    }
                }
            }
        },
        _ => quote! { Ok(response) => println!("{response:?}"), },
    };
    // Raw strings, as in every doc comment: see `doc_attrs`.
    let docs = docs.iter().map(|line| raw_string(line, 0));
    quote! {
        #(#![doc = #docs])*

        use std::process::ExitCode;

        use #krate::{#client_type, Config, Error};

        #[tokio::main]
        async fn main() -> ExitCode {
            let #client = match #client() {
                Ok(#client) => #client,
                Err(code) => return code,
            };
            #(#setup)*
            #body_statement
            match #client.#method(#(#arguments),*)#(#setters)*.send().await {
                #success
                Err(error) => return #report(&error),
            }
            ExitCode::SUCCESS
        }
    }
}

/// The helpers every sample of the crate has: the client, configured from the environment and
/// the command line, and the report of a failed call.
fn helpers(setup: &Setup) -> TokenStream {
    let krate = setup.krate;
    let (client_type, client, report) =
        (plain(reserved::CLIENT_TYPE), plain(reserved::CLIENT), plain(reserved::SAMPLE_REPORT));
    let credentials = credentials_statements(krate, setup.credentials);
    let (region_arm, flags) = match setup.region {
        Some(region) => (
            Some(quote! {
                [flag, region] if flag == "--region" => match region.parse::<#krate::#region>() {
                    Ok(region) => config.region(region),
                    Err(error) => {
                        eprintln!("{error}");
                        return Err(ExitCode::from(2));
                    }
                },
            }),
            " `--region <id>` or `--endpoint <url>`",
        ),
        None => (None, " `--endpoint <url>`"),
    };
    let sources = match setup.credentials {
        SampleCredentials::None => "",
        SampleCredentials::HuaweiCloudEnv | SampleCredentials::TokenEnv(_) => " the environment and from",
    };
    let client_docs = format!(" The client, configured from{sources}{flags}.");
    quote! {
        #[doc = #client_docs]
        fn #client() -> Result<#client_type, ExitCode> {
            #credentials
            let args: Vec<String> = std::env::args().skip(1).collect();
            let config = match args.as_slice() {
                #region_arm
                [flag, endpoint] if flag == "--endpoint" => config.endpoint(endpoint),
                _ => config,
            };
            #client_type::new(config).map_err(|error| {
                eprintln!("{error}");
                ExitCode::from(2)
            })
        }

        /// Prints what a failed call came back with: the service's answer, or why there was none.
        fn #report(error: &Error) -> ExitCode {
            match error.service() {
                Some(service) => {
                    let request_id = service.request_id.as_deref().unwrap_or("none");
                    let error_code = service.error_code.as_deref().unwrap_or("none");
                    let error_msg = service.error_msg.as_deref().unwrap_or(&service.body);
                    println!("status: {}", service.status);
                    println!("request id: {request_id}");
                    println!("error_code: {error_code}");
                    println!("error_msg: {error_msg}");
                }
                None => eprintln!("{error}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// The doc lines saying where credentials come from.
fn credentials_docs(credentials: &SampleCredentials) -> Vec<String> {
    match credentials {
        SampleCredentials::None => Vec::new(),
        SampleCredentials::HuaweiCloudEnv => vec![
            " Reads the access key from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (or `CLOUD_SDK_AK` and"
                .to_owned(),
            " `CLOUD_SDK_SK`) and the project id from `HUAWEICLOUD_SDK_PROJECT_ID`:".to_owned(),
            String::new(),
        ],
        SampleCredentials::TokenEnv(variable) => vec![format!(" Reads the token from `{variable}`:"), String::new()],
    }
}

/// The statements that make the config, with the credentials.
fn credentials_statements(krate: &RustName, credentials: &SampleCredentials) -> TokenStream {
    match credentials {
        SampleCredentials::None => quote! { let config = Config::new(); },
        // Keep the access key out of the code: it comes from the environment.
        SampleCredentials::HuaweiCloudEnv => quote! {
            let credentials = match #krate::BasicCredentials::from_env() {
                Ok(credentials) => credentials,
                Err(error) => {
                    eprintln!("{error}");
                    return Err(ExitCode::from(2));
                }
            };
            let config = Config::new().credentials(credentials);
        },
        // Keep the token out of the code: it comes from the environment.
        SampleCredentials::TokenEnv(variable) => quote! {
            let config = match std::env::var(#variable) {
                Ok(token) => Config::new().token(token),
                Err(_) => Config::new(),
            };
        },
    }
}

/// `let local: ty = <the value read from example>;`, leaving with exit code 2 if it does not fit.
fn from_json(local: &RustName, ty: &TokenStream, example: &serde_json::Value, what: &str) -> TokenStream {
    // `r#"..."#`, so that JSON reads as it is.
    let example = raw_string(&serde_json::to_string(example).unwrap_or_else(|_| "null".to_owned()), 1);
    let complaint = format!("{what} does not fit the spec: {{error}}");
    quote! {
        let #local: #ty = match serde_json::from_str(#example) {
            Ok(value) => value,
            Err(error) => {
                eprintln!(#complaint);
                return ExitCode::from(2);
            }
        };
    }
}
