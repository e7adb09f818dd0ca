//! Counts in the messages rosette writes for people ("1 award", "2 awards"), in one place so
//! every message says it the same way. Pages are translated by the theme's strings
//! (`render/i18n`); these messages are the command line's, in English.

/// `n` and the noun in the right number: `counted(1, "award", "awards")` is `1 award`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "issuer", "issuers"), "1 issuer");
        assert_eq!(counted(0, "problem", "problems"), "0 problems");
        assert_eq!(counted(35, "award", "awards"), "35 awards");
    }
}
