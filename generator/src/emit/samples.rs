//! `examples/<operation>.rs`: a sample program per operation, the Rust counterpart of the vendor's
//! API Explorer samples.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::tokens::{Scope, plain, raw_string, rust_type};
use crate::ir::{Api, Operation, ResponseBody, RustName, SampleCredentials, SampleValue, Type, reserved};

/// The sample program for one operation.
pub fn emit(api: &Api, operation: &Operation) -> TokenStream {
    let krate = &api.crate_name;
    let stem = operation.fn_name.word();
    let (credentials_docs, credentials) = credentials(api);
    let mut docs = vec![format!(" Calls `{}`: {}", operation.wire_name, operation.summary), String::new()];
    docs.extend(credentials_docs);
    let run = match &api.region {
        Some(_) => format!(" cargo run -p {krate} --example {stem} -- --region <id>"),
        None => format!(" cargo run -p {krate} --example {stem} -- --endpoint <url>"),
    };
    docs.extend([" ```sh".to_owned(), run, " ```".to_owned()]);
    let region_arm = api.region.as_ref().map(|region| {
        quote! {
            [flag, region] if flag == "--region" => match region.parse::<#krate::#region>() {
                Ok(region) => config.region(region),
                Err(error) => {
                    eprintln!("{error}");
                    return ExitCode::from(2);
                }
            },
        }
    });
    let (client_type, client, body) = (plain(reserved::CLIENT_TYPE), plain(reserved::CLIENT), plain(reserved::BODY));
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
            SampleValue::Text(value) => quote! { #value },
            SampleValue::FirstOf(model) => quote! { #krate::#model::ALL[0].clone() },
            SampleValue::EmptyList => quote! { Vec::new() },
            SampleValue::FromJson(example, ty) => {
                let local = &parameter.rust_name;
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
    quote! {
        #(#![doc = #docs])*

        use std::process::ExitCode;

        use #krate::{#client_type, Config};

        #[tokio::main]
        async fn main() -> ExitCode {
            #credentials
            let args: Vec<String> = std::env::args().skip(1).collect();
            let config = match args.as_slice() {
                #region_arm
                [flag, endpoint] if flag == "--endpoint" => config.endpoint(endpoint),
                _ => config,
            };
            let #client = match #client_type::new(config) {
                Ok(#client) => #client,
                Err(error) => {
                    eprintln!("{error}");
                    return ExitCode::from(2);
                }
            };
            #(#setup)*
            #body_statement
            match #client.#method(#(#arguments),*)#(#setters)*.send().await {
                #success
                Err(error) => {
                    match error.service() {
                        Some(service) => {
                            println!("status: {}", service.status);
                            println!("request id: {}", service.request_id.as_deref().unwrap_or("none"));
                            println!("error_code: {}", service.error_code.as_deref().unwrap_or("none"));
                            println!("error_msg: {}", service.error_msg.as_deref().unwrap_or(&service.body));
                        }
                        None => eprintln!("{error}"),
                    }
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// The doc lines saying where credentials come from, and the statements that make the config.
fn credentials(api: &Api) -> (Vec<String>, TokenStream) {
    let krate = &api.crate_name;
    match &api.sample_credentials {
        SampleCredentials::None => (Vec::new(), quote! { let config = Config::new(); }),
        SampleCredentials::HuaweiCloudEnv => (
            vec![
                " Reads the access key from `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (or `CLOUD_SDK_AK` and"
                    .to_owned(),
                " `CLOUD_SDK_SK`) and the project id from `HUAWEICLOUD_SDK_PROJECT_ID`:".to_owned(),
                String::new(),
            ],
            quote! {
                // Keep the access key out of the code: it comes from the environment.
                let credentials = match #krate::BasicCredentials::from_env() {
                    Ok(credentials) => credentials,
                    Err(error) => {
                        eprintln!("{error}");
                        return ExitCode::from(2);
                    }
                };
                let config = Config::new().credentials(credentials);
            },
        ),
        SampleCredentials::TokenEnv(variable) => (
            vec![format!(" Reads the token from `{variable}`:"), String::new()],
            quote! {
                // Keep the token out of the code: it comes from the environment.
                let config = match std::env::var(#variable) {
                    Ok(token) => Config::new().token(token),
                    Err(_) => Config::new(),
                };
            },
        ),
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
