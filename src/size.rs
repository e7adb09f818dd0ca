//! Sizes in bytes as people write and read them ("1 GB", "7.9 MB"), in one place so that
//! `site.toml`'s `size_budget`, the build's summary and its warnings agree. Units are
//! decimal (1 GB = 1,000,000,000 bytes), as hosts state their limits; `KiB`, `MiB` and `GiB`
//! are read too.

/// The units read, with their size in bytes (lower case).
const UNITS: [(&str, u64); 9] = [
    ("b", 1),
    ("kb", 1_000),
    ("mb", 1_000_000),
    ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
];

/// Reads a size such as `1 GB`, `500MB`, `1.5 GiB` or `1000000` (bytes); the error says why not.
pub fn parse(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = (&text[..split], text[split..].trim());
    let value: f64 = number.parse().map_err(|_| format!("`{text}` is not a size"))?;
    let factor = if unit.is_empty() {
        1
    } else {
        let unit = unit.to_ascii_lowercase();
        let known = UNITS.iter().find(|(name, _)| *name == unit);
        known.map(|(_, factor)| *factor).ok_or_else(|| format!("`{text}` has an unknown unit `{unit}`"))?
    };
    let bytes = (value * factor as f64).round();
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(bytes as u64)
}

/// `bytes` for people: `512 B`, `7.9 MB`, `1 GB` (one decimal, none when it is 0).
pub fn shown(bytes: u64) -> String {
    const DECIMAL: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    // 999,960 bytes show as 1 MB, not 1000.0 KB.
    while value >= 999.95 && unit + 1 < DECIMAL.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let text = format!("{value:.1}");
    format!("{} {}", text.strip_suffix(".0").unwrap_or(&text), DECIMAL[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_as_people_write_them() {
        assert_eq!(parse("1 GB"), Ok(1_000_000_000));
        assert_eq!(parse("500MB"), Ok(500_000_000));
        assert_eq!(parse("1.5 gb"), Ok(1_500_000_000));
        assert_eq!(parse("1 GiB"), Ok(1 << 30));
        assert_eq!(parse("2048"), Ok(2048));
        assert_eq!(parse("1 GW"), Err("`1 GW` has an unknown unit `gw`".into()));
        assert_eq!(parse("GB"), Err("`GB` is not a size".into()));
        assert_eq!(parse("-1 GB"), Err("`-1 GB` is not a size".into()));
        assert_eq!(parse("1e30 TB"), Err("`1e30 TB` has an unknown unit `e30 tb`".into()));
        assert_eq!(parse("99999999999 TB"), Err("`99999999999 TB` is too large".into()));
    }

    #[test]
    fn sizes_are_shown_with_one_decimal() {
        assert_eq!(shown(0), "0 B");
        assert_eq!(shown(999), "999 B");
        assert_eq!(shown(7_900_000), "7.9 MB");
        assert_eq!(shown(1_000_000_000), "1 GB");
        assert_eq!(shown(999_960), "1 MB");
        assert_eq!(shown(1_234_567), "1.2 MB");
    }
}
