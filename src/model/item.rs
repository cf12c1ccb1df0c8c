//! One checklist item, kept small: a big book holds every item of every page for the
//! whole build (400,000 in the benchmark's 10,000 pages), so the id and the text share
//! one allocation and the rarely set lists (environments, secrets) sit behind one
//! pointer that is empty for most items.

use serde::Serialize;
use serde::ser::SerializeStruct as _;

/// One checklist item (a task-list entry).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// The id, then the text: [`Item::id`], [`Item::text`].
    label: Box<str>,
    id_len: u32,
    /// Whether the id was written by the author.
    pub explicit_id: bool,
    /// Ticked in the source (`[x]`): done in every environment.
    pub done: bool,
    /// Index into `Document::phases`.
    pub phase: usize,
    /// Expected duration in minutes (`{estimate=10m}`, `estimate: 10m`).
    pub estimate: Option<u32>,
    pub line: u32,
    pub col: u32,
    /// The item's own environments and the secrets it needs; `None` when both are empty.
    lists: Option<Box<Lists>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Lists {
    environments: Vec<String>,
    secrets: Vec<String>,
}

impl Item {
    /// An item with this id and text, at `line:col`, everything else unset.
    pub fn new(id: &str, text: &str, line: u32, col: u32) -> Item {
        let mut label = String::with_capacity(id.len() + text.len());
        label.push_str(id);
        label.push_str(text);
        Item {
            label: label.into_boxed_str(),
            id_len: u32::try_from(id.len()).expect("an item id under 4 GiB"),
            line,
            col,
            ..Item::default()
        }
    }

    /// Stable id, unique in the book: explicit `{#id}`, else derived (see `ids.rs`).
    pub fn id(&self) -> &str {
        &self.label[..self.id_len as usize]
    }

    /// Plain text of the item (attributes removed).
    pub fn text(&self) -> &str {
        &self.label[self.id_len as usize..]
    }

    /// Replaces the text, keeping the id.
    pub fn set_text(&mut self, text: &str) {
        let mut label = String::with_capacity(self.id_len as usize + text.len());
        label.push_str(self.id());
        label.push_str(text);
        self.label = label.into_boxed_str();
    }

    /// Environments the item applies to; empty = the runbook's environments.
    pub fn environments(&self) -> &[String] {
        self.lists.as_deref().map_or(&[], |l| &l.environments)
    }

    /// Secrets the item needs (`secrets:` of a checklist YAML item).
    pub fn secrets(&self) -> &[String] {
        self.lists.as_deref().map_or(&[], |l| &l.secrets)
    }

    pub fn set_environments(&mut self, environments: Vec<String>) {
        let secrets = self.lists.take().map(|l| l.secrets).unwrap_or_default();
        self.lists = Lists::boxed(environments, secrets);
    }

    pub fn set_secrets(&mut self, secrets: Vec<String>) {
        let environments = self
            .lists
            .take()
            .map(|l| l.environments)
            .unwrap_or_default();
        self.lists = Lists::boxed(environments, secrets);
    }

    /// The environments the item applies to: its own, else its runbook's (empty: every
    /// one). The one scope rule: progress, ticks, write-back and `check` all use it.
    pub fn scope<'a>(&'a self, runbook_envs: &'a [String]) -> &'a [String] {
        let own = self.environments();
        if own.is_empty() { runbook_envs } else { own }
    }

    /// Is the item counted (and may it be ticked) in `env`?
    pub fn applies_to(&self, runbook_envs: &[String], env: &str) -> bool {
        let scope = self.scope(runbook_envs);
        scope.is_empty() || scope.iter().any(|e| e == env)
    }
}

impl Lists {
    fn boxed(environments: Vec<String>, secrets: Vec<String>) -> Option<Box<Lists>> {
        (!environments.is_empty() || !secrets.is_empty()).then(|| {
            Box::new(Lists {
                environments,
                secrets,
            })
        })
    }
}

/// The same fields, in the same order, as when they were plain struct fields.
impl Serialize for Item {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Item", 10)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("explicit_id", &self.explicit_id)?;
        st.serialize_field("text", self.text())?;
        st.serialize_field("done", &self.done)?;
        st.serialize_field("environments", self.environments())?;
        st.serialize_field("phase", &self.phase)?;
        st.serialize_field("secrets", self.secrets())?;
        st.serialize_field("estimate", &self.estimate)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("col", &self.col)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_and_text_share_one_label_and_lists_stay_apart() {
        let mut item = Item::new("deploy-1", "Deploy the app", 3, 1);
        item.done = true;
        item.set_environments(vec!["prod".into()]);
        assert_eq!((item.id(), item.text()), ("deploy-1", "Deploy the app"));
        item.set_secrets(vec!["DB_PASSWORD".into()]);
        item.set_text("Deploy it");
        assert_eq!(
            (item.id(), item.text(), item.done),
            ("deploy-1", "Deploy it", true)
        );
        assert_eq!(item.environments(), ["prod"]);
        assert_eq!(item.secrets(), ["DB_PASSWORD"]);
        item.set_environments(Vec::new());
        item.set_secrets(Vec::new());
        assert!(item.lists.is_none(), "empty lists take no allocation");
        assert_eq!(item.scope(&["staging".into()]), ["staging"]);
    }

    #[test]
    fn an_item_is_small() {
        assert!(
            std::mem::size_of::<Item>() <= 56,
            "{}",
            std::mem::size_of::<Item>()
        );
    }

    #[test]
    fn serializes_as_before() {
        let item = Item::new("a", "b", 1, 2);
        let json = serde_json::to_string(&item).unwrap();
        assert_eq!(
            json,
            r#"{"id":"a","explicit_id":false,"text":"b","done":false,"environments":[],"phase":0,"secrets":[],"estimate":null,"line":1,"col":2}"#
        );
    }
}
