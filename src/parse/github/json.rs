//! What GitHub's GraphQL API returns for the run issues (`QUERY`, run by
//! `gh api graphql --paginate`) into plain `Issue`s. Accepts one response, several
//! concatenated (`--paginate`) or an array of them (`--paginate --slurp`). A value of the
//! wrong shape is an error naming its JSON path (`data.repository.issues.nodes[1].createdAt`).

use serde_json::Value;

/// The query: the issues labelled `opsbook-run`, each with its body's edit history and
/// its comments. Variables: `owner`, `name`, and `endCursor` for `--paginate`. `opsbook
/// init` writes it into `.github/opsbook-runs.graphql`, where the Pages workflow reads it.
#[allow(dead_code)] // the file is what `init` writes; the tests read it through this
pub(crate) const QUERY: &str = include_str!("../../init/github/opsbook-runs.graphql");

/// One run issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Issue {
    pub number: u64,
    pub url: String,
    pub title: String,
    /// `OPEN` or `CLOSED`.
    pub state: String,
    /// `COMPLETED`, `NOT_PLANNED`, `DUPLICATE`, `REOPENED`, or none.
    pub state_reason: Option<String>,
    pub closed_at: Option<String>,
    /// Who closed it (the last `ClosedEvent`'s actor), when known.
    pub closed_by: Option<String>,
    pub created_at: String,
    /// The login; `ghost` for a deleted account.
    pub author: String,
    pub author_association: String,
    pub body: String,
    pub labels: Vec<String>,
    /// The body's versions, oldest first (GitHub lists them newest first).
    pub edits: Vec<Edit>,
    /// GitHub holds more versions than it returned (the query asks for the newest 100):
    /// the oldest of `edits` is not the issue as opened.
    pub edits_truncated: bool,
    pub comments: Vec<Comment>,
}

/// One version of the body: who saved it, when, and its whole text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Edit {
    pub editor: String,
    pub at: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Comment {
    pub author: String,
    pub association: String,
    pub at: String,
    pub body: String,
}

/// A value and where it is in the response.
struct At<'a> {
    v: &'a Value,
    path: String,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'a> At<'a> {
    fn get(&self, key: &str) -> Result<At<'a>, String> {
        let path = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        match self.v {
            Value::Object(m) => match m.get(key) {
                Some(v) => Ok(At { v, path }),
                None => Err(format!("`{path}` is missing")),
            },
            other => Err(format!(
                "`{}` must be an object, not {}",
                self.path,
                kind(other)
            )),
        }
    }

    /// `key`, or `None` when it is missing or null.
    fn opt(&self, key: &str) -> Result<Option<At<'a>>, String> {
        match self.get(key) {
            Ok(at) if at.v.is_null() => Ok(None),
            Ok(at) => Ok(Some(at)),
            Err(_) if self.v.is_object() => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn text(&self) -> Result<String, String> {
        match self.v {
            Value::String(s) => Ok(s.clone()),
            other => Err(format!(
                "`{}` must be a string, not {}",
                self.path,
                kind(other)
            )),
        }
    }

    fn time(&self) -> Result<String, String> {
        let t = self.text()?;
        // GitHub's DateTime is ISO 8601 in UTC; fractions of a second are dropped.
        let t = match t.split_once('.') {
            Some((secs, _)) if t.ends_with('Z') => format!("{secs}Z"),
            _ => t,
        };
        if crate::parse::run::is_utc_time(&t) {
            Ok(t)
        } else {
            Err(format!(
                "`{}` must be a time like \"2026-12-05T10:00:00Z\", not \"{t}\"",
                self.path
            ))
        }
    }

    fn nodes(&self) -> Result<Vec<At<'a>>, String> {
        let nodes = self.get("nodes")?;
        match nodes.v {
            Value::Array(list) => Ok(list
                .iter()
                .enumerate()
                .map(|(i, v)| At {
                    v,
                    path: format!("{}[{i}]", nodes.path),
                })
                .collect()),
            other => Err(format!(
                "`{}` must be a list, not {}",
                nodes.path,
                kind(other)
            )),
        }
    }

    /// `author { login }` (an actor): its login, `ghost` when null.
    fn login(&self, key: &str) -> Result<String, String> {
        match self.opt(key)? {
            Some(actor) => actor.get("login")?.text(),
            None => Ok("ghost".into()),
        }
    }
}

/// Every issue of the response(s) in `text`, in the order given.
pub(crate) fn issues(text: &str) -> Result<Vec<Issue>, String> {
    let mut pages = Vec::new();
    for (n, value) in serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .enumerate()
    {
        let value = value.map_err(|e| {
            format!("this is not JSON: {e} (the output of `gh api graphql` is expected)")
        })?;
        match value {
            Value::Array(list) => {
                let at = pages.len();
                pages.extend(
                    list.into_iter()
                        .enumerate()
                        .map(|(i, v)| (format!("[{}]", at + i), v)),
                );
            }
            other if n == 0 || other.is_object() => pages.push((String::new(), other)),
            _ => {}
        }
    }
    if pages.is_empty() {
        return Err("the file is empty: the output of `gh api graphql` is expected".into());
    }
    let many = pages.len() > 1;
    let mut out = Vec::new();
    for (i, (path, page)) in pages.iter().enumerate() {
        // Concatenated answers (`--paginate`) have no path of their own: count them.
        let path = if path.is_empty() && many {
            format!("(answer {})", i + 1)
        } else {
            path.clone()
        };
        let root = At { v: page, path };
        if let Some(errors) = root.opt("errors")? {
            let first = errors.v.get(0).and_then(|e| e.get("message"));
            let msg = first.and_then(Value::as_str).unwrap_or("an error");
            return Err(format!("GitHub answered with an error: {msg}"));
        }
        let issues = root.get("data")?.get("repository")?.get("issues")?;
        for node in issues.nodes()? {
            out.push(issue(&node)?);
        }
    }
    Ok(out)
}

fn issue(n: &At<'_>) -> Result<Issue, String> {
    let number = n.get("number")?;
    let number = number
        .v
        .as_u64()
        .ok_or_else(|| format!("`{}` must be a whole number", number.path))?;
    let mut edits = Vec::new();
    let mut edits_truncated = false;
    if let Some(e) = n.opt("userContentEdits")? {
        let nodes = e.nodes()?;
        if let Some(total) = e.opt("totalCount")? {
            let total = total
                .v
                .as_u64()
                .ok_or_else(|| format!("`{}` must be a whole number", total.path))?;
            edits_truncated = usize::try_from(total).unwrap_or(usize::MAX) > nodes.len();
        }
        for edit in nodes {
            // A revision deleted from the history has no text.
            let Some(diff) = edit.opt("diff")? else {
                continue;
            };
            edits.push(Edit {
                editor: edit.login("editor")?,
                at: edit.get("editedAt")?.time()?,
                body: diff.text()?,
            });
        }
    }
    edits.sort_by(|a, b| a.at.cmp(&b.at));
    let mut comments = Vec::new();
    if let Some(c) = n.opt("comments")? {
        for comment in c.nodes()? {
            comments.push(Comment {
                author: comment.login("author")?,
                association: comment.get("authorAssociation")?.text()?,
                at: comment.get("createdAt")?.time()?,
                body: comment.get("body")?.text()?,
            });
        }
    }
    let mut labels = Vec::new();
    if let Some(l) = n.opt("labels")? {
        for label in l.nodes()? {
            labels.push(label.get("name")?.text()?);
        }
    }
    let mut closed_by = None;
    if let Some(t) = n.opt("timelineItems")? {
        for event in t.nodes()? {
            if event.opt("actor")?.is_some() {
                closed_by = Some(event.login("actor")?);
            }
        }
    }
    Ok(Issue {
        number,
        url: n.get("url")?.text()?,
        title: n.get("title")?.text()?,
        state: n.get("state")?.text()?,
        state_reason: n.opt("stateReason")?.map(|s| s.text()).transpose()?,
        closed_at: n.opt("closedAt")?.map(|s| s.time()).transpose()?,
        closed_by,
        created_at: n.get("createdAt")?.time()?,
        author: n.login("author")?,
        author_association: n.get("authorAssociation")?.text()?,
        body: n.get("body")?.text()?,
        labels,
        edits,
        edits_truncated,
        comments,
    })
}
