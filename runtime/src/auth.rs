//! Authentication: which of the ways an operation accepts the credentials can provide, and what
//! it adds to the request (a header, a query parameter, a cookie, or the platform's signature).

use reqwest::header::HeaderMap;

use crate::credentials::{AccessKey, Credentials, ProvideCredentials};
use crate::error::Error;
use crate::http::{header_name, header_value};
use crate::platform::{Platform, SigningRequest};
use crate::prepare::Prepared;
use crate::tables::{Auth, Location};

/// What authenticating one request adds to it.
enum Proof<'c> {
    Header(&'static str, String),
    Query(&'static str, String),
    Cookie(&'static str, String),
    Sign(&'c AccessKey),
}

/// The client's credentials, or how to give some when it has none.
pub(crate) struct Given<'a> {
    pub(crate) provider: Option<&'a dyn ProvideCredentials>,
    /// Said when a call needs credentials and there are none; the `Config` methods when `None`.
    pub(crate) missing_hint: Option<&'a str>,
}

/// Adds what proves who is calling, by the first way the operation accepts that the
/// credentials `given` can provide.
pub(crate) async fn authenticate(
    prepared: &Prepared<'_>,
    given: Given<'_>,
    platform: &dyn Platform,
    headers: &mut HeaderMap,
    url: &mut url::Url,
    cookies: &mut Vec<String>,
) -> Result<(), Error> {
    let operation = prepared.operation;
    if operation.auth.is_empty() {
        return Ok(());
    }
    let provider = given.provider.ok_or_else(|| {
        let how = match given.missing_hint {
            Some(hint) => hint.to_owned(),
            None => format!("give them with {}", config_methods(operation.auth)),
        };
        Error::Config(format!(
            "{} needs credentials ({}) and the client has none: {how}",
            operation.name,
            accepted(operation.auth)
        ))
    })?;
    let credentials = provider.provide_credentials().await?;
    // What a source fetched is checked as what was given in code is when the client was made.
    credentials.check()?;
    let proofs = operation.auth.iter().find_map(|auth| proofs(auth, &credentials)).ok_or_else(|| {
        Error::Config(format!(
            "{} accepts {}, which the configured credentials cannot provide",
            operation.name,
            accepted(operation.auth)
        ))
    })?;
    let mut signer = None;
    for proof in proofs {
        match proof {
            Proof::Header(name, value) => {
                let mut value = header_value(name, &value)?;
                value.set_sensitive(true);
                headers.insert(header_name(name)?, value);
            }
            Proof::Query(name, value) => {
                url.query_pairs_mut().append_pair(name, &value);
            }
            Proof::Cookie(name, value) => cookies.push(format!("{name}={value}")),
            Proof::Sign(key) => signer = Some(key),
        }
    }
    // Signing comes last: it covers every header and the query the other proofs added.
    if let Some(key) = signer {
        let client_parameters: Vec<(&'static str, &str)> =
            prepared.client_parameters.iter().map(|p| (p.name, p.value.as_str())).collect();
        let request = SigningRequest {
            method: operation.method.as_str(),
            url,
            headers,
            body: prepared.body.bytes(),
            body_streamed: prepared.body.is_streamed(),
            key,
            client_parameters: &client_parameters,
        };
        platform
            .sign(request)
            .map_err(|e| Error::Build(format!("{}: cannot sign the request: {e}", operation.name)))?;
    }
    Ok(())
}

/// What `auth` adds to a request made with `credentials`, if they can provide it.
fn proofs<'c>(auth: &Auth, credentials: &'c Credentials) -> Option<Vec<Proof<'c>>> {
    Some(match (auth, credentials) {
        (Auth::Signature, Credentials::AccessKey(key)) => vec![Proof::Sign(key)],
        (Auth::ApiKey { scheme, location, name }, credentials) => {
            let key = credentials.key_for(scheme)?.expose().to_owned();
            vec![match location {
                Location::Query => Proof::Query(name, key),
                Location::Cookie => Proof::Cookie(name, key),
                Location::Header | Location::Path => Proof::Header(name, key),
            }]
        }
        (Auth::Bearer, Credentials::Token(token)) => {
            vec![Proof::Header("Authorization", format!("Bearer {}", token.expose()))]
        }
        (Auth::Basic, Credentials::Basic { username, password }) => {
            use base64::Engine as _;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", password.expose()));
            vec![Proof::Header("Authorization", format!("Basic {pair}"))]
        }
        (Auth::All(all), credentials) => {
            let mut proofs = Vec::new();
            for auth in *all {
                proofs.extend(self::proofs(auth, credentials)?);
            }
            proofs
        }
        _ => return None,
    })
}

/// The `Config` methods that give credentials `auth` accepts, in words, for errors.
fn config_methods(auth: &[Auth]) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for auth in auth {
        let method = match auth {
            Auth::Signature => "Config::access_key",
            Auth::ApiKey { .. } | Auth::Bearer => "Config::token",
            Auth::Basic => "Config::basic_auth",
            // Several keys at once, by scheme name.
            Auth::All(_) => "Config::api_keys",
        };
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    format!("{}, or Config::credentials for a source of your own", methods.join(" or "))
}

/// The ways `auth` accepts, in words, for errors.
fn accepted(auth: &[Auth]) -> String {
    fn one(auth: &Auth) -> String {
        match auth {
            Auth::Signature => "AK/SK signing".to_owned(),
            Auth::ApiKey { name, location: Location::Query, .. } => format!("a key in the query parameter {name}"),
            Auth::ApiKey { name, location: Location::Cookie, .. } => format!("a key in the cookie {name}"),
            Auth::ApiKey { name, .. } => format!("a token in {name}"),
            Auth::Bearer => "a bearer token".to_owned(),
            Auth::Basic => "a user name and password".to_owned(),
            Auth::All(all) => all.iter().map(one).collect::<Vec<_>>().join(" and "),
        }
    }
    auth.iter().map(one).collect::<Vec<_>>().join(" or ")
}
