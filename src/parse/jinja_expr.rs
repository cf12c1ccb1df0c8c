//! Stage 3: the expressions of mkdocs-macros' Jinja that opsbook evaluates, for the
//! tags `jinja.rs` runs: names of mkdocs.yml's `extra:` (`version`, `extra.links.chat`,
//! `config.extra.x`, `links['chat']`, `items[0]`) and of `{% set %}` and `{% for %}`
//! (with `loop.index`, `loop.first`, …); literals (`'text'`, `"text"`, `3`, `2_05_00`,
//! `1.5`, `true`, `none`, `[a, b]`); `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`,
//! `and`, `or`, `not`, `~`, parentheses; the tests `is defined`, `is undefined`, `is
//! none` (and `is not …`); the filters `lower`, `upper`, `title`, `capitalize`,
//! `trim`, `default`/`d`, `replace`, `join`, `length`/`count`, `string`, `first`,
//! `last`. A key `extra:` does not have is Jinja's undefined (false, empty, and what
//! `default` replaces). Anything else (a macro call, arithmetic, another filter, a name
//! that is neither `extra:`'s nor set in the page) is an `Err` saying what, and the tag
//! is shown as written. Pure.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::Value;

/// A value, or Jinja's undefined (`None`).
pub(crate) type Val = Option<Value>;

/// The names a page's Jinja sees: `extra:`'s, then those `{% set %}` and `{% for %}`
/// made, innermost last.
pub(crate) struct Scope<'v> {
    pub(crate) extra: &'v BTreeMap<String, Value>,
    pub(crate) locals: Vec<BTreeMap<String, Val>>,
}

impl Scope<'_> {
    /// The value of `name` (a top-level name).
    fn name(&self, name: &str) -> Result<Val, String> {
        if let Some(v) = self.locals.iter().rev().find_map(|l| l.get(name)) {
            return Ok(v.clone());
        }
        if let Some(v) = self.extra.get(name) {
            return Ok(Some(v.clone()));
        }
        match name {
            "extra" => Ok(Some(Value::Object(
                self.extra
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ))),
            "config" => Err("`config` holds only `config.extra` for opsbook".into()),
            _ => Err(format!(
                "`{name}` is not a value of mkdocs.yml's `extra:`, of the page's front matter, nor set in the page"
            )),
        }
    }
}

/// `expr` evaluated in `scope`.
pub(crate) fn eval(expr: &str, scope: &Scope<'_>) -> Result<Val, String> {
    if expr.starts_with('.') || expr.starts_with('$') {
        return Err("Go template syntax, not Jinja: mkdocs-macros stops on it too".into());
    }
    let tokens = tokens(expr)?;
    let mut p = Parser {
        tokens: &tokens,
        at: 0,
        scope,
    };
    let v = p.or()?;
    match p.tokens.get(p.at) {
        None => Ok(v),
        Some(t) => Err(format!("`{}` is not Jinja opsbook runs", t.text())),
    }
}

/// Whether `v` is true, as Python tells.
pub(crate) fn truthy(v: &Val) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// `v` as Jinja prints it (Python's `str`).
pub(crate) fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// Python's `repr` of `v` (inside a printed list).
fn repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
            _ => n.to_string(),
        },
        Value::String(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(a) => format!("[{}]", a.iter().map(repr).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("'{k}': {}", repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Num(Value),
    Op(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Name(n) => n.clone(),
            Tok::Str(s) => format!("'{s}'"),
            Tok::Num(n) => n.to_string(),
            Tok::Op(o) => (*o).to_string(),
        }
    }
}

/// `=` alone is a keyword argument's (`artifact(repo="serving")`): read, so that a call
/// is said to be a macro's.
const OPS: [&str; 21] = [
    "==", "!=", "<=", ">=", "**", "//", "<", ">", "(", ")", "[", "]", ",", ".", "|", "~", "+", "-",
    "*", "/", "=",
];

fn tokens(expr: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let b = expr.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i] as char;
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let end = expr[i + 1..]
                .find(c)
                .ok_or_else(|| format!("`{}` is not closed", &expr[i..]))?;
            out.push(Tok::Str(expr[i + 1..i + 1 + end].to_string()));
            i += end + 2;
        } else if c.is_ascii_digit() {
            let len = expr[i..]
                .find(|ch: char| !(ch.is_ascii_digit() || ch == '_' || ch == '.'))
                .unwrap_or(expr.len() - i);
            let lit = expr[i..i + len].replace('_', "");
            let n = lit
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| lit.parse::<f64>().map(Value::from))
                .map_err(|_| format!("`{}` is not a number", &expr[i..i + len]))?;
            out.push(Tok::Num(n));
            i += len;
        } else if c.is_alphabetic() || c == '_' {
            let len = expr[i..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(expr.len() - i);
            out.push(Tok::Name(expr[i..i + len].to_string()));
            i += len;
        } else if let Some(op) = OPS.iter().find(|op| expr[i..].starts_with(**op)) {
            out.push(Tok::Op(op));
            i += op.len();
        } else {
            return Err(format!("`{c}` is not Jinja opsbook runs"));
        }
    }
    Ok(out)
}

struct Parser<'a, 'v> {
    tokens: &'a [Tok],
    at: usize,
    scope: &'a Scope<'v>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Op(o)) if *o == op);
        self.at += usize::from(found);
        found
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let found = matches!(self.peek(), Some(Tok::Name(n)) if n == word);
        self.at += usize::from(found);
        found
    }

    fn expect_op(&mut self, op: &str) -> Result<(), String> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(format!("`{op}` was expected"))
        }
    }

    fn or(&mut self) -> Result<Val, String> {
        let mut v = self.and()?;
        while self.eat_word("or") {
            let r = self.and()?;
            v = if truthy(&v) { v } else { r };
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<Val, String> {
        let mut v = self.not()?;
        while self.eat_word("and") {
            let r = self.not()?;
            v = if truthy(&v) { r } else { v };
        }
        Ok(v)
    }

    fn not(&mut self) -> Result<Val, String> {
        if self.eat_word("not") {
            let v = self.not()?;
            return Ok(Some(Value::Bool(!truthy(&v))));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Val, String> {
        let mut left = self.concat()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op(o)) if ["==", "!=", "<", "<=", ">", ">="].contains(o) => *o,
                Some(Tok::Name(n)) if n == "in" => "in",
                Some(Tok::Name(n)) if n == "not" => "not in",
                Some(Tok::Name(n)) if n == "is" => "is",
                _ => return Ok(left),
            };
            self.at += 1;
            if op == "not in" && !self.eat_word("in") {
                return Err("`not` must be followed by `in` here".into());
            }
            if op == "is" {
                let negate = self.eat_word("not");
                let test = match self.peek() {
                    Some(Tok::Name(n)) => n.clone(),
                    _ => return Err("`is` must be followed by a test".into()),
                };
                self.at += 1;
                let result = match test.as_str() {
                    "defined" => left.is_some(),
                    "undefined" => left.is_none(),
                    "none" => left == Some(Value::Null),
                    other => return Err(format!("the test `is {other}` is not one opsbook runs")),
                };
                left = Some(Value::Bool(result != negate));
                continue;
            }
            let right = self.concat()?;
            left = Some(Value::Bool(compare(op, &left, &right)?));
        }
    }

    fn concat(&mut self) -> Result<Val, String> {
        let mut v = self.filtered()?;
        while self.eat_op("~") {
            let r = self.filtered()?;
            let text = |v: &Val| v.as_ref().map(display).unwrap_or_default();
            v = Some(Value::String(text(&v) + &text(&r)));
        }
        Ok(v)
    }

    fn filtered(&mut self) -> Result<Val, String> {
        let mut v = self.postfix()?;
        while self.eat_op("|") {
            let Some(Tok::Name(name)) = self.peek().cloned() else {
                return Err("`|` must be followed by a filter".into());
            };
            self.at += 1;
            let args = if self.eat_op("(") {
                self.args()?
            } else {
                Vec::new()
            };
            v = filter(&name, v, &args)?;
        }
        Ok(v)
    }

    fn args(&mut self) -> Result<Vec<Val>, String> {
        let mut args = Vec::new();
        if self.eat_op(")") {
            return Ok(args);
        }
        loop {
            if let (Some(Tok::Name(_)), Some(Tok::Op("="))) =
                (self.peek(), self.tokens.get(self.at + 1))
            {
                return Err("named filter arguments are not read by opsbook".into());
            }
            args.push(self.or()?);
            if self.eat_op(")") {
                return Ok(args);
            }
            self.expect_op(",")?;
        }
    }

    fn postfix(&mut self) -> Result<Val, String> {
        let mut v = self.primary()?;
        loop {
            if self.eat_op(".") {
                let Some(Tok::Name(key)) = self.peek().cloned() else {
                    return Err("`.` must be followed by a name".into());
                };
                self.at += 1;
                v = member(v, &Value::String(key));
            } else if self.eat_op("[") {
                let key = self.or()?;
                self.expect_op("]")?;
                v = key.and_then(|k| member(v, &k));
            } else if matches!(self.peek(), Some(Tok::Op("("))) {
                return Err("calls (macros, methods) are not run by opsbook".into());
            } else {
                return Ok(v);
            }
        }
    }

    fn primary(&mut self) -> Result<Val, String> {
        let tok = self.peek().cloned().ok_or("an expression was expected")?;
        self.at += 1;
        match tok {
            Tok::Str(s) => Ok(Some(Value::String(s))),
            Tok::Num(n) => Ok(Some(n)),
            Tok::Op("(") => {
                let v = self.or()?;
                self.expect_op(")")?;
                Ok(v)
            }
            Tok::Op("[") => {
                let mut items = Vec::new();
                while !self.eat_op("]") {
                    items.push(self.or()?.unwrap_or(Value::Null));
                    if !self.eat_op(",") {
                        self.expect_op("]")?;
                        break;
                    }
                }
                Ok(Some(Value::Array(items)))
            }
            Tok::Name(n) => match n.as_str() {
                "true" | "True" => Ok(Some(Value::Bool(true))),
                "false" | "False" => Ok(Some(Value::Bool(false))),
                "none" | "None" => Ok(Some(Value::Null)),
                "config" => {
                    if self.eat_op(".") && self.eat_word("extra") {
                        self.scope.name("extra")
                    } else {
                        self.scope.name("config")
                    }
                }
                _ => {
                    if matches!(self.peek(), Some(Tok::Op("("))) {
                        return Err(format!("`{n}(…)` is a macro; opsbook runs none"));
                    }
                    self.scope.name(&n)
                }
            },
            Tok::Op("-") => match self.peek().cloned() {
                Some(Tok::Num(n)) => {
                    self.at += 1;
                    Ok(n.as_i64()
                        .map(|i| Value::from(-i))
                        .or_else(|| n.as_f64().map(|f| Value::from(-f))))
                }
                _ => Err("`-` is not Jinja opsbook runs".into()),
            },
            Tok::Op(op) => Err(format!("`{op}` is not Jinja opsbook runs")),
        }
    }
}

/// `v.key` or `v[key]`: undefined when `v` has no such member.
fn member(v: Val, key: &Value) -> Val {
    match (v?, key) {
        (Value::Object(mut o), Value::String(k)) => o.remove(k),
        (Value::Array(a), Value::Number(n)) => {
            let i = n.as_i64()?;
            let i = if i < 0 { a.len() as i64 + i } else { i };
            a.get(usize::try_from(i).ok()?).cloned()
        }
        _ => None,
    }
}

fn compare(op: &str, left: &Val, right: &Val) -> Result<bool, String> {
    if let ("==" | "!=", l, r) = (op, left, right) {
        let same = match (l, r) {
            (Some(Value::Number(a)), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        return Ok(same == (op == "=="));
    }
    let (Some(l), Some(r)) = (left, right) else {
        return Err(format!("`{op}` compares a value `extra:` does not have"));
    };
    if op == "in" || op == "not in" {
        let found = match r {
            Value::String(s) => s.contains(&display(l)),
            Value::Array(a) => a
                .iter()
                .any(|x| compare("==", &Some(x.clone()), left) == Ok(true)),
            Value::Object(o) => o.contains_key(&display(l)),
            _ => return Err(format!("`in` needs a list or text, found {}", repr(r))),
        };
        return Ok(found == (op == "in"));
    }
    let order = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
    .ok_or_else(|| format!("`{op}` compares {} with {}", repr(l), repr(r)))?;
    Ok(match op {
        "<" => order == Ordering::Less,
        "<=" => order != Ordering::Greater,
        ">" => order == Ordering::Greater,
        _ => order != Ordering::Less,
    })
}

fn filter(name: &str, v: Val, args: &[Val]) -> Result<Val, String> {
    let text = |v: &Val| v.as_ref().map(display).unwrap_or_default();
    let arg_text = |i: usize| args.get(i).map(text).unwrap_or_default();
    let string = |s: String| Ok(Some(Value::String(s)));
    match name {
        "default" | "d" => {
            let on_false = args.get(1).is_some_and(truthy);
            Ok(if v.is_none() || (on_false && !truthy(&v)) {
                args.first()
                    .cloned()
                    .flatten()
                    .or(Some(Value::String(String::new())))
            } else {
                v
            })
        }
        _ if v.is_none() => Ok(None),
        "lower" => string(text(&v).to_lowercase()),
        "upper" => string(text(&v).to_uppercase()),
        "trim" => string(text(&v).trim().to_string()),
        "string" => string(text(&v)),
        "capitalize" => {
            let t = text(&v).to_lowercase();
            let mut c = t.chars();
            string(
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect()),
            )
        }
        "title" => string(
            text(&v)
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect()
                    })
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "replace" if args.len() >= 2 => string(text(&v).replace(&arg_text(0), &arg_text(1))),
        "join" => match v {
            Some(Value::Array(a)) => {
                string(a.iter().map(display).collect::<Vec<_>>().join(&arg_text(0)))
            }
            other => Ok(other),
        },
        "length" | "count" => Ok(Some(Value::from(match &v {
            Some(Value::Array(a)) => a.len(),
            Some(Value::Object(o)) => o.len(),
            other => text(other).chars().count(),
        }))),
        "first" | "last" => Ok(match v {
            Some(Value::Array(a)) if name == "first" => a.first().cloned(),
            Some(Value::Array(a)) => a.last().cloned(),
            other => {
                let t = text(&other);
                let c = if name == "first" {
                    t.chars().next()
                } else {
                    t.chars().last()
                };
                c.map(|c| Value::String(c.to_string()))
            }
        }),
        other => Err(format!("the filter `{other}` is not one opsbook runs")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(expr: &str) -> Result<String, String> {
        let extra: BTreeMap<String, Value> = serde_json::from_str(
            r#"{"version": "1.4", "chunky": 20500, "beta": false, "name": "Ops Team",
                "envs": ["dev", "prod"], "links": {"chat": "https://chat"}}"#,
        )
        .unwrap();
        let scope = Scope {
            extra: &extra,
            locals: vec![BTreeMap::from([("x".to_string(), Some(Value::from(3)))])],
        };
        eval(expr, &scope).map(|v| v.as_ref().map_or("<undefined>".into(), display))
    }

    #[test]
    fn names_literals_and_comparisons() {
        assert_eq!(run("config.extra.links.chat").unwrap(), "https://chat");
        assert_eq!(run("extra.links['chat']").unwrap(), "https://chat");
        assert_eq!(run("envs[-1]").unwrap(), "prod");
        assert_eq!(run("extra.chunky >= 2_05_00").unwrap(), "True");
        assert_eq!(run("chunky < 2_05_00 or beta").unwrap(), "False");
        assert_eq!(run("version == '1.4' and not beta").unwrap(), "True");
        assert_eq!(run("'prod' in envs and 'qa' not in envs").unwrap(), "True");
        assert_eq!(run("x > 2").unwrap(), "True");
        assert_eq!(run("extra.nope").unwrap(), "<undefined>");
        assert_eq!(run("extra.nope is defined").unwrap(), "False");
        assert_eq!(run("envs").unwrap(), "['dev', 'prod']");
        assert_eq!(run("'v' ~ version").unwrap(), "v1.4");
    }

    #[test]
    fn filters_docs_use() {
        assert_eq!(run("name | lower").unwrap(), "ops team");
        assert_eq!(run("name|upper").unwrap(), "OPS TEAM");
        assert_eq!(run("extra.nope | default('none set')").unwrap(), "none set");
        assert_eq!(run("beta | d('off', true)").unwrap(), "off");
        assert_eq!(run("name | replace(' ', '-') | lower").unwrap(), "ops-team");
        assert_eq!(run("envs | join(', ')").unwrap(), "dev, prod");
        assert_eq!(run("envs | length").unwrap(), "2");
        assert_eq!(run("'hello world' | title").unwrap(), "Hello World");
    }

    #[test]
    fn what_opsbook_does_not_run_is_an_error_saying_what() {
        assert_eq!(
            run("page.title").unwrap_err(),
            "`page` is not a value of mkdocs.yml's `extra:`, of the page's front matter, nor set in the page"
        );
        assert_eq!(
            run("optionlink('a')").unwrap_err(),
            "`optionlink(…)` is a macro; opsbook runs none"
        );
        assert_eq!(
            run("name | slugify").unwrap_err(),
            "the filter `slugify` is not one opsbook runs"
        );
        assert_eq!(run("x + 1").unwrap_err(), "`+` is not Jinja opsbook runs");
        // knative's `{{ artifact(repo="serving", file="serving-hpa.yaml") }}`.
        assert_eq!(
            run(r#"artifact( repo="serving", file="serving-hpa.yaml")"#).unwrap_err(),
            "`artifact(…)` is a macro; opsbook runs none"
        );
        assert_eq!(
            run(".Values.image").unwrap_err(),
            "Go template syntax, not Jinja: mkdocs-macros stops on it too"
        );
        assert_eq!(
            run("name < 3").unwrap_err(),
            "`<` compares 'Ops Team' with 3"
        );
        assert_eq!(
            run("config.theme").unwrap_err(),
            "`config` holds only `config.extra` for opsbook"
        );
    }
}
