//! A secret named in a page's source (`parse::mentions`): where, and how sure.

/// Where a mention comes from; decides whether a name is a secret for sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Table,
    EnvBlock,
    K8sManifest,
    ActionsSecret,
    GhSecretSet,
    KubectlSecret,
    EnvList,
}

impl Source {
    /// Sources that only ever name secrets (anything else is classified by name).
    pub fn is_secret_store(self) -> bool {
        matches!(
            self,
            Source::K8sManifest
                | Source::ActionsSecret
                | Source::GhSecretSet
                | Source::KubectlSecret
        )
    }
}

/// One mention of a variable in a page's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub source: Source,
    /// 1-based line in the file.
    pub line: u32,
    pub description: Option<String>,
    pub store: Option<String>,
    /// Environment words found on the mention itself (a table cell, `--env`, …).
    pub environments: Vec<String>,
}
