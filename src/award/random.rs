//! The random values an award stores forever: its id, its salt and its status-list index.
//!
//! They come from the operating system's generator (`getrandom`), never from the recipient or
//! the clock: an id derived from a person would leak who holds the badge, and a guessable
//! salt would let anyone test e-mail addresses against the published hash. Every draw is
//! unbiased (rejection sampling), so no id or index is likelier than another.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::model::STATUS_LIST_SIZE;

/// Characters of award ids: lower-case letters and digits, safe in any URL.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Length of award ids: 36^10 ≈ 2^51.7 ids, enough that drawing one already used is rare.
pub const ID_LENGTH: usize = 10;

/// Bytes of randomness in a salt (written as twice as many hex digits).
const SALT_BYTES: usize = 16;

fn fill(bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|e| Error::failed("no random numbers available from the system", e.to_string()))
}

/// The id character a random byte stands for; `None` for the 4 top bytes (252–255), which are
/// redrawn: 256 is not a multiple of 36, and mapping them too would favour `a`–`d`.
fn id_char(byte: u8) -> Option<char> {
    let usable = 256 - 256 % ALPHABET.len();
    (usize::from(byte) < usable).then(|| char::from(ALPHABET[usize::from(byte) % ALPHABET.len()]))
}

/// A random award id: 10 characters of a-z and 0-9, each equally likely.
pub fn random_id() -> Result<String> {
    let mut id = String::with_capacity(ID_LENGTH);
    let mut bytes = [0u8; 16];
    while id.len() < ID_LENGTH {
        fill(&mut bytes)?;
        id.extend(bytes.iter().filter_map(|b| id_char(*b)).take(ID_LENGTH - id.len()));
    }
    Ok(id)
}

/// A random salt: 32 lower-case hex digits (128 bits).
pub fn random_salt() -> Result<String> {
    let mut bytes = [0u8; SALT_BYTES];
    fill(&mut bytes)?;
    Ok(crate::hex::encode(&bytes))
}

/// A uniformly random number in `0..n` (`n > 0`).
fn below(n: u32) -> Result<u32> {
    // Values at or above the largest multiple of n are redrawn, so every result is equally likely.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut bytes = [0u8; 4];
        fill(&mut bytes)?;
        let value = u32::from_le_bytes(bytes);
        if value < zone {
            return Ok(value % n);
        }
    }
}

/// A random status-list index that is not in `used`; it is added to `used`.
pub fn random_status_index(used: &mut BTreeSet<u32>) -> Result<u32> {
    let free = STATUS_LIST_SIZE as usize - used.range(..STATUS_LIST_SIZE).count();
    if free == 0 {
        return Err(Error::Refused(format!(
            "the status list is full: all {STATUS_LIST_SIZE} indexes are used; an index is never reused, so this site cannot award more badges"
        )));
    }
    // Drawing until a free index comes up is fast while the list is mostly free; on a crowded
    // list, pick among the free indexes directly instead of looping for long.
    for _ in 0..64 {
        let index = below(STATUS_LIST_SIZE)?;
        if used.insert(index) {
            return Ok(index);
        }
    }
    let free: Vec<u32> = (0..STATUS_LIST_SIZE).filter(|i| !used.contains(i)).collect();
    let count = u32::try_from(free.len()).map_err(|_| Error::Refused("status list too large".into()))?;
    let index = free[below(count)? as usize];
    used.insert(index);
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_character_has_the_same_number_of_bytes() {
        let mut counts = std::collections::BTreeMap::new();
        for byte in 0..=255u8 {
            if let Some(c) = id_char(byte) {
                *counts.entry(c).or_insert(0) += 1;
            }
        }
        assert_eq!(counts.len(), 36);
        assert!(counts.values().all(|n| *n == 7), "{counts:?}");
        assert_eq!(id_char(251), Some('9'));
        assert_eq!(id_char(252), None);
    }

    #[test]
    fn ids_and_salts_have_their_shape() {
        let id = random_id().unwrap();
        assert_eq!(id.len(), ID_LENGTH);
        assert!(crate::model::rules::is_safe_id(&id), "{id}");
        let salt = random_salt().unwrap();
        assert_eq!(salt.len(), 32);
        assert!(salt.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{salt}");
    }

    #[test]
    fn id_characters_are_evenly_spread() {
        let mut counts = [0u32; 36];
        for _ in 0..3600 {
            for b in random_id().unwrap().bytes() {
                counts[ALPHABET.iter().position(|a| *a == b).unwrap()] += 1;
            }
        }
        // 1000 expected per character, standard deviation about 31: 6 deviations either side.
        assert!(counts.iter().all(|n| (810..=1190).contains(n)), "{counts:?}");
    }

    #[test]
    fn status_indexes_avoid_used_ones_even_on_a_crowded_list() {
        let mut used: BTreeSet<u32> = (0..STATUS_LIST_SIZE).filter(|i| ![5, 77_777, 131_071].contains(i)).collect();
        let mut drawn: Vec<u32> = (0..3).map(|_| random_status_index(&mut used).unwrap()).collect();
        drawn.sort_unstable();
        assert_eq!(drawn, [5, 77_777, 131_071]);
        let full = random_status_index(&mut used).unwrap_err().to_string();
        assert!(full.starts_with("the status list is full"), "{full}");
    }

    #[test]
    fn below_stays_in_range() {
        for n in [1, 2, 3, 36, STATUS_LIST_SIZE] {
            assert!((0..50).all(|_| below(n).unwrap() < n));
        }
    }
}
