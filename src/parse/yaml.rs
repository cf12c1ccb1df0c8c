//! YAML with positions: one document read by serde-saphyr (strict booleans, duplicate
//! keys an error) into a spanned `Node` tree, and the small helpers validators use to
//! walk it (`pos`, `raw`, `scalar_text`, `Fields`). Knows no schema: `checklist/` and
//! `state.rs` validate their own files on top of it. Pure: text in, tree or error out.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::options::NonFiniteFloatPolicy;

/// in the source (see `raw`), so `id: 5.1` can be reported as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl Node {
    /// For messages: "a list", "a number", ….
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Node::Null => "empty",
            Node::Bool(_) => "true/false",
            Node::Number(_) => "a number",
            Node::Str(_) => "text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Node>>()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<Node>>()? {
            let v = map.next_value::<Spanned<Node>>()?;
            out.push((k, v));
        }
        Ok(Node::Map(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// A YAML syntax error (or a duplicate key) at a 1-based place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub(crate) message: String,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// Reads one YAML document into a spanned tree: strict booleans (`yes` is text),
/// duplicate keys an error, `.inf`/`.nan` kept as numbers. Empty text is `Null`.
pub(crate) fn load_yaml(text: &str) -> Result<Spanned<Node>, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
    };
    serde_saphyr::from_str_with_options::<Spanned<Node>>(text, options).map_err(|e| {
        let (line, col) = e
            .location()
            .map_or((0, 0), |l| (clamp(l.line()), clamp(l.column())));
        YamlError {
            message: strip_location(&e.without_snippet().to_string()),
            line,
            col,
        }
    })
}

/// serde-saphyr ends its messages with ` at line L, column C`; we show that separately.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) if first[i..].contains(", column ") => first[..i].to_string(),
        _ => first.to_string(),
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// 1-based (line, column) where a node starts.
pub(crate) fn pos(n: &Spanned<Node>) -> (u32, u32) {
    (clamp(n.referenced.line()), clamp(n.referenced.column()))
}

/// The node's text exactly as written in `text` (for numbers such as `5.1` or `1.10`).
pub(crate) fn raw<'t>(text: &'t str, n: &Spanned<Node>) -> Option<&'t str> {
    let span = n.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    text.get(start..start.checked_add(len)?)
}

/// The text of a scalar: strings as they are, numbers as written. Else `None`.
pub(crate) fn scalar_text(text: &str, n: &Spanned<Node>) -> Option<String> {
    match &n.value {
        Node::Str(s) => Some(s.clone()),
        Node::Number(num) => Some(raw(text, n).unwrap_or(num).trim().to_string()),
        _ => None,
    }
}

/// Keys the mapping has, by name; each with its key and value node.
pub(crate) type Fields<'n> = BTreeMap<String, (&'n Spanned<Node>, &'n Spanned<Node>)>;
