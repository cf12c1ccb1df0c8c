//! Team state: one environment's `state/<env>.yaml`, as `parse::state` reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// One item's team state in one environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub done: bool,
    pub by: Option<String>,
    pub at: Option<String>,
    pub note: Option<String>,
    /// 1-based line of the id in the file (0 for an entry not read from a file).
    pub line: u32,
}

/// The team state of one environment: item id → entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EnvState {
    pub environment: String,
    pub entries: BTreeMap<String, Entry>,
}
