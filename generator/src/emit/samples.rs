//! `examples/<operation>.rs`: a sample program per operation, the Rust counterpart of the vendor's
//! API Explorer samples.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_type};
use crate::ir::{Api, Operation, ResponseBody, Type};

/// The file stem of an operation's sample: its method name.
pub fn stem(operation: &Operation) -> String {
    operation.fn_name.trim_start_matches("r#").to_owned()
}

/// The sample program for one operation.
pub fn emit(api: &Api, operation: &Operation) -> TokenStream {
    let crate_name = api.crate_name.as_str();
    let krate = ident(crate_name);
    let stem = operation.fn_name.trim_start_matches("r#");
    let docs = [
        format!(" Calls `{}`: {}", operation.wire_name, operation.summary),
        String::new(),
        " Reads the access key from `CLOUD_SDK_AK` and `CLOUD_SDK_SK` and the project id from".to_owned(),
        " `HUAWEICLOUD_SDK_PROJECT_ID`; takes `--region <id>` or `--endpoint <url>`:".to_owned(),
        String::new(),
        " ```sh".to_owned(),
        format!(" cargo run -p {crate_name} --example {stem} -- --region cn-north-4"),
        " ```".to_owned(),
    ];
    let has_region =
        api.server.iter().flat_map(|s| &s.variables).any(|v| v.wire_name == "region" && !v.values.is_empty());
    let region_arm = has_region.then(|| {
        let region = ident(
            api.server
                .iter()
                .flat_map(|s| &s.variables)
                .find(|v| v.wire_name == "region")
                .map_or("Region", |v| v.type_name.as_str()),
        );
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
    let arguments = operation.parameters.iter().map(|parameter| {
        if !parameter.required {
            return quote! { None };
        }
        let example = parameter.example.clone();
        match &parameter.ty {
            Type::Bool => {
                let value = example.and_then(|e| e.as_bool()).unwrap_or(false);
                quote! { #value }
            }
            Type::Integer(_) | Type::Number(_) => {
                let value = example.and_then(|e| e.as_i64()).unwrap_or(0);
                let ty = rust_type(&parameter.ty);
                quote! { #value as #ty }
            }
            Type::Named(name) => {
                let name = ident(name);
                quote! { &#krate::models::#name::ALL[0] }
            }
            Type::Array(_) => quote! { &[] },
            _ => {
                let value = example
                    .and_then(|e| e.as_str().map(str::to_owned))
                    .unwrap_or_else(|| format!("{{{}}}", parameter.wire_name));
                quote! { #value }
            }
        }
    });
    let body = operation.body.as_ref().map(|body| {
        let ty = match &body.ty {
            Type::Named(name) => {
                let name = ident(name);
                quote! { #krate::models::#name }
            }
            other => rust_type(other),
        };
        let example = raw_string(&serde_json::to_string(&body.example).unwrap_or_else(|_| "{}".to_owned()));
        quote! {
            // The body of the spec's example.
            let body: #ty = match serde_json::from_str(#example) {
                Ok(body) => body,
                Err(error) => {
                    eprintln!("the example body does not fit the spec: {error}");
                    return ExitCode::from(2);
                }
            };
        }
    });
    let body_argument = operation.body.as_ref().map(|body| {
        if body.required {
            quote! { &body }
        } else {
            quote! { Some(&body) }
        }
    });
    let arguments: Vec<TokenStream> = arguments.chain(body_argument).collect();
    let method = ident(&operation.fn_name);
    let success = match operation.response.body {
        ResponseBody::Empty => {
            let done = format!("{} succeeded", operation.wire_name);
            quote! { Ok(()) => println!(#done), }
        }
        _ => quote! { Ok(response) => println!("{response:?}"), },
    };
    quote! {
        #(#![doc = #docs])*

        use std::process::ExitCode;

        use #krate::runtime::AccessKey;
        use #krate::{Client, Config};

        #[tokio::main]
        async fn main() -> ExitCode {
            // Keep the access key out of the code: it comes from the environment.
            let env = |name: &str| std::env::var(name).unwrap_or_default();
            let key = AccessKey::new(env("CLOUD_SDK_AK"), env("CLOUD_SDK_SK")).project_id(env("HUAWEICLOUD_SDK_PROJECT_ID"));
            let config = Config::new().access_key(key);
            let args: Vec<String> = std::env::args().skip(1).collect();
            let config = match args.as_slice() {
                #region_arm
                [flag, endpoint] if flag == "--endpoint" => config.endpoint(endpoint),
                _ => config,
            };
            let client = match Client::new(config) {
                Ok(client) => client,
                Err(error) => {
                    eprintln!("{error}");
                    return ExitCode::from(2);
                }
            };
            #body
            match client.#method(#(#arguments),*).await {
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

/// `r#"..."#`, with as many `#` as the text needs, so JSON reads as it is.
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| quote! { #text })
}
