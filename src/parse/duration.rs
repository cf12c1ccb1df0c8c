//! Durations as authors write them for estimates (SPEC.md §11): `30m`, `2h`, `1h30m`,
//! `90` (minutes). Pure.

/// Minutes in `text`, or `None` when it is not a duration: one or more `<number><unit>`
/// parts (`h` hours, `m` minutes, in that order), or a bare number of minutes.
pub(crate) fn minutes(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().ok();
    }
    let mut total: u32 = 0;
    let mut rest = t;
    let mut last_unit = 0u8; // 0 none, 1 h, 2 m: units in order, each once
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let n: u32 = rest[..digits].parse().ok()?;
        let (unit, per) = match rest.as_bytes().get(digits)? {
            b'h' => (1, 60),
            b'm' => (2, 1),
            _ => return None,
        };
        if unit <= last_unit {
            return None;
        }
        last_unit = unit;
        total = total.checked_add(n.checked_mul(per)?)?;
        rest = &rest[digits + 1..];
    }
    Some(total)
}

/// `95` → `1h 35m`, `30` → `30m`, `120` → `2h`.
pub(crate) fn show(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hours_and_minutes() {
        assert_eq!(minutes("30m"), Some(30));
        assert_eq!(minutes("2h"), Some(120));
        assert_eq!(minutes("1h30m"), Some(90));
        assert_eq!(minutes(" 45 "), Some(45));
        for bad in ["", "m", "30x", "30m1h", "1h1h", "-5m", "1.5h", "h30"] {
            assert_eq!(minutes(bad), None, "{bad}");
        }
        assert_eq!(minutes("99999999999h"), None);
    }

    #[test]
    fn shows_hours_and_minutes() {
        assert_eq!(show(30), "30m");
        assert_eq!(show(120), "2h");
        assert_eq!(show(95), "1h 35m");
        assert_eq!(show(0), "0m");
    }
}
