//! Where a client reads the settings it is not given in code: environment variables and the home
//! directory. The process's own by default; a fixed set for tests and for embedding, so that a
//! test never has to change the process's environment.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Environment variables and a home directory, as a client reads them. Debug shows the names of
/// a fixed set, never its values (they may be secrets).
#[derive(Clone, Default)]
pub struct Environment {
    /// `None`: the process's own.
    fixed: Option<Arc<BTreeMap<String, String>>>,
}

impl Environment {
    /// The process's environment.
    pub fn process() -> Self {
        Environment { fixed: None }
    }

    /// A fixed set of variables; nothing is read from the process. `HOME` (or `USERPROFILE`)
    /// among them names the home directory.
    pub fn fixed<N: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (N, V)>) -> Self {
        let vars = vars.into_iter().map(|(name, value)| (name.into(), value.into())).collect();
        Environment { fixed: Some(Arc::new(vars)) }
    }

    /// The variable's value; an empty or non-Unicode value counts as unset.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|value| !value.is_empty())
    }

    /// The user's home directory: `HOME`, else `USERPROFILE` (Windows).
    pub fn home(&self) -> Option<PathBuf> {
        self.var("HOME").or_else(|| self.var("USERPROFILE")).map(PathBuf::from)
    }

    /// `name` as a path when it is set, else `default` under the home directory.
    pub fn file(&self, name: &str, default: &[&str]) -> Option<PathBuf> {
        if let Some(path) = self.var(name) {
            return Some(PathBuf::from(path));
        }
        let mut path = self.home()?;
        path.extend(default);
        Some(path)
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            None => f.write_str("Environment::process()"),
            Some(vars) => f.debug_tuple("Environment::fixed").field(&vars.keys().collect::<Vec<_>>()).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_variables_and_files_under_home() {
        let env = Environment::fixed([("HOME", "/home/u"), ("EMPTY", ""), ("FILE", "/etc/x"), ("SECRET", "s3cr3t")]);
        assert_eq!(env.var("EMPTY"), None, "empty counts as unset");
        assert_eq!(env.var("PATH"), None, "nothing comes from the process");
        assert_eq!(env.file("FILE", &[".x", "y"]), Some(PathBuf::from("/etc/x")));
        assert_eq!(env.file("UNSET", &[".x", "y"]), Some(PathBuf::from("/home/u/.x/y")));
        assert!(Environment::fixed([("A", "1")]).file("UNSET", &["y"]).is_none(), "no home, no default file");
        let shown = format!("{env:?}");
        assert!(shown.contains("SECRET") && !shown.contains("s3cr3t"), "{shown}");
    }
}
