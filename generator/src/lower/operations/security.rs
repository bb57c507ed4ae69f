//! Security: which ways of authenticating each operation accepts, and the platform whose request
//! signing a security scheme asks for.

use openapiv3::ReferenceOr;

use crate::diagnostic::Pointer;
use crate::ir::{Auth, Location, Platform};
use crate::lower::extensions::{XSigning, is_present};
use crate::lower::lowerer::Lowerer;
use crate::lower::refs::SECURITY_SCHEMES;
use crate::lower::syntax::is_dashed_identifier;

/// The signing algorithm the Huawei Cloud runtime implements.
const SIGNING_ALGORITHM: &str = "SDK-HMAC-SHA256";

impl<'a> Lowerer<'a> {
    /// Huawei Cloud when a security scheme asks for its request signing (by an algorithm the
    /// runtime implements).
    pub(in crate::lower) fn platform(&mut self) -> Platform {
        let Some(components) = &self.doc.components else { return Platform::Generic };
        let mut platform = Platform::Generic;
        for (name, scheme) in &components.security_schemes {
            let ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { extensions, .. }) = scheme else { continue };
            let at = Pointer::root().push("components").push("securitySchemes").push(name);
            let signing = match self.extension::<XSigning>(extensions, &at) {
                Ok(Some(signing)) => signing,
                Ok(None) => continue,
                Err(error) => {
                    self.fail(error);
                    continue;
                }
            };
            let at = at.push(<XSigning as crate::lower::extensions::Extension>::KEY);
            if signing.algorithm != SIGNING_ALGORITHM {
                self.fail(at.push("algorithm").error(
                    "invalid extension",
                    format!("unsupported signing algorithm `{}`: expected `{SIGNING_ALGORITHM}`", signing.algorithm),
                ));
                continue;
            }
            let service = match signing.service {
                Some(service) if !is_dashed_identifier(&service) => {
                    self.fail(at.push("service").error(
                        "invalid extension",
                        "expected the service's name in the vendor's settings, in letters, digits, `-` and `_` (`OMS`)",
                    ));
                    None
                }
                service => service,
            };
            platform = Platform::HuaweiCloud { service };
        }
        platform
    }

    /// The ways the operation can be authenticated: its own `security`, else the document's. A
    /// scheme the client cannot use is left out of the alternatives, with a warning.
    pub(super) fn security(&mut self, operation: &openapiv3::Operation, at: &Pointer) -> Vec<Auth> {
        let (requirements, requirements_at) = match &operation.security {
            Some(own) => (own, at.push("security")),
            None => match &self.doc.security {
                Some(shared) => (shared, Pointer::root().push("security")),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let requirement_at = requirements_at.push(index.to_string());
            // `{}`: the call may also be made without credentials.
            if requirement.is_empty() {
                continue;
            }
            let schemes: Option<Vec<Auth>> =
                requirement.keys().map(|name| self.security_scheme(name, &requirement_at.push(name))).collect();
            let Some(mut schemes) = schemes else { continue };
            let auth = if schemes.len() == 1 { schemes.remove(0) } else { Auth::All(schemes) };
            if !alternatives.contains(&auth) {
                alternatives.push(auth);
            }
        }
        alternatives
    }

    fn security_scheme(&mut self, name: &str, used_at: &Pointer) -> Option<Auth> {
        let reference = Pointer::root().push("components").push("securitySchemes").push(name);
        let (scheme, at) = match self.refs.follow(reference.as_str(), &SECURITY_SCHEMES, used_at) {
            Ok(found) => found,
            Err(warning) => {
                self.warn(warning.at_key().note("requirements naming it are left out"));
                return None;
            }
        };
        use openapiv3::{APIKeyLocation, SecurityScheme};
        match scheme {
            // The algorithm is checked once, with the platform.
            SecurityScheme::APIKey { extensions, .. } if is_present::<XSigning>(extensions) => Some(Auth::Signature),
            SecurityScheme::APIKey { location, name: key, .. } => {
                let location = match location {
                    APIKeyLocation::Header => Location::Header,
                    APIKeyLocation::Query => Location::Query,
                    APIKeyLocation::Cookie => Location::Cookie,
                };
                Some(Auth::ApiKey { scheme: name.to_owned(), location, name: key.clone() })
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer),
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => Some(Auth::Basic),
            SecurityScheme::HTTP { scheme, .. } => {
                self.warn(
                    at.push("scheme")
                        .warning("security skipped", format!("HTTP `{scheme}` authentication is not supported"))
                        .note("expected `basic` or `bearer`; requirements naming it are left out"),
                );
                None
            }
            // Both end in an access token sent as a bearer token; obtaining it is up to the caller.
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(Auth::Bearer),
        }
    }
}
