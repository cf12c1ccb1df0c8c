//! A value in a table file (`.csv`, `.tsv`): the cell before it is another column,
//! not a name the value is assigned to. `secret-assignment` reads `name,value` as an
//! assignment (code such as `("api_key", "…")`), which in a table pairs any two
//! neighbouring cells (a team column `api-machinery`, then an assignee's handle).
//! There the value's name is its column's header, the file's first row. Pure.

/// The name a table file's cell value is assigned to, when the match joined two cells
/// (its text from the name's end to the value has the file's separator and no `=` or
/// `:`): the header of the value's column, or `""` when the first row has none. `None`
/// when `path` is no table file or the match is an assignment in a cell.
pub(super) fn column_name<'t>(
    path: Option<&str>,
    text: &'t str,
    name_end: usize,
    value_start: usize,
) -> Option<&'t str> {
    let sep = separator(path?)?;
    let between = text.get(name_end..value_start)?;
    if !between.contains(sep) || between.contains(['=', ':']) {
        return None;
    }
    let line_start = text[..value_start].rfind('\n').map_or(0, |i| i + 1);
    let column = cells(&text[line_start..value_start], sep).count() - 1;
    let header = text.lines().next().unwrap_or("");
    Some(cells(header, sep).nth(column).unwrap_or("").trim())
}

/// The separator of a table file, by its extension.
fn separator(path: &str) -> Option<char> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(','),
        "tsv" => Some('\t'),
        _ => None,
    }
}

/// The cells of one row (the last may be cut short), `sep` inside `"…"` kept.
fn cells(row: &str, sep: char) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    let mut start = 0;
    let mut bounds = Vec::new();
    for (i, ch) in row.char_indices() {
        if ch == '"' {
            quoted = !quoted;
        } else if ch == sep && !quoted {
            bounds.push((start, i));
            start = i + ch.len_utf8();
        }
    }
    bounds.push((start, row.len()));
    bounds
        .into_iter()
        .map(move |(a, b)| row[a..b].trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(path: &str, text: &str, name: &str, value: &str) -> Option<String> {
        let name_end = text.find(name).unwrap() + name.len();
        let value_start = text.find(value).unwrap();
        column_name(Some(path), text, name_end, value_start).map(str::to_string)
    }

    #[test]
    fn neighbouring_cells_take_their_columns_header() {
        let text = "Feature,SIG,Assignee\n\"Quota, API\",api-machinery,vikaschoudhary16\n";
        assert_eq!(
            name_of("f.csv", text, "api-machinery", "vikas").as_deref(),
            Some("Assignee")
        );
        let tsv = "User\tSecret access key\nbob\tWJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY\n";
        assert_eq!(
            name_of("creds.TSV", tsv, "bob", "WJal").as_deref(),
            Some("Secret access key")
        );
    }

    #[test]
    fn other_files_and_assignments_in_a_cell_are_left_to_the_rule() {
        let text = "api-machinery,vikaschoudhary16\n";
        assert_eq!(name_of("notes.md", text, "api-machinery", "vikas"), None);
        let cell = "name,setting\nx,api_key=abcdef123456\n";
        assert_eq!(name_of("f.csv", cell, "api_key", "abcdef"), None);
    }

    #[test]
    fn a_column_past_the_header_has_no_name() {
        let text = "a\nx,api-key,Zx81vQ2mK9pL\n";
        assert_eq!(
            name_of("f.csv", text, "api-key", "Zx81").as_deref(),
            Some("")
        );
    }
}
