//! A map fixed when built, from byte strings to values: a policy's exact origins and the parent
//! domains of its `*.` patterns, the paths of an application's `#[cors]` routes. Looking a
//! request's value up is the hot path; building happens once.
//!
//! Keys are hashed from their end, eight bytes at a time ([`SuffixHash`]), so that a walk from
//! the end of an origin has the hash of every part after a dot at hand, one multiplication each,
//! instead of hashing each part again: how `*.` patterns are looked up
//! (see [`origin::patterns`](crate::origin)).

use hashbrown::HashTable;

/// Most maps hold a handful of keys, which comparing one by one (length first) settles faster
/// than hashing; larger ones are hashed, so that 100,000 keys cost what one does.
pub(crate) enum BytesMap<V> {
    Few(Box<[(Box<[u8]>, V)]>),
    Many(HashTable<(Box<[u8]>, V)>),
}

impl<V> Default for BytesMap<V> {
    fn default() -> Self {
        BytesMap::Few(Box::default())
    }
}

/// Up to this many keys are compared one by one.
const FEW: usize = 4;

impl<V> BytesMap<V> {
    /// The map of `entries`; of two with the same key, the first one's value is kept.
    pub(crate) fn new(entries: Vec<(Box<[u8]>, V)>) -> Self {
        if entries.len() <= FEW {
            let mut few: Vec<(Box<[u8]>, V)> = Vec::with_capacity(entries.len());
            for (key, value) in entries {
                if !few.iter().any(|(k, _)| *k == key) {
                    few.push((key, value));
                }
            }
            return BytesMap::Few(few.into_boxed_slice());
        }
        let mut table = HashTable::with_capacity(entries.len());
        for (key, value) in entries {
            let hash = hash(&key);
            if table.find(hash, |(k, _): &(Box<[u8]>, V)| *k == key).is_none() {
                table.insert_unique(hash, (key, value), |(k, _)| self::hash(k));
            }
        }
        BytesMap::Many(table)
    }

    pub(crate) fn is_empty(&self) -> bool {
        match self {
            BytesMap::Few(entries) => entries.is_empty(),
            BytesMap::Many(table) => table.is_empty(),
        }
    }

    /// The value of `key`.
    #[allow(clippy::inline_always, reason = "measured: out of line, its call is a third of a lookup")]
    #[inline(always)]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&V> {
        match self {
            BytesMap::Few(entries) => few(entries, key),
            BytesMap::Many(table) => many(table, hash(key), key),
        }
    }

    /// The value of `key`, whose [`hash`] is `key_hash`.
    #[inline]
    pub(crate) fn get_hashed(&self, key_hash: u64, key: &[u8]) -> Option<&V> {
        match self {
            BytesMap::Few(entries) => few(entries, key),
            BytesMap::Many(table) => many(table, key_hash, key),
        }
    }
}

#[inline]
fn few<'a, V>(entries: &'a [(Box<[u8]>, V)], key: &[u8]) -> Option<&'a V> {
    entries.iter().find(|(k, _)| same_bytes(k, key)).map(|(_, value)| value)
}

#[inline]
fn many<'a, V>(table: &'a HashTable<(Box<[u8]>, V)>, key_hash: u64, key: &[u8]) -> Option<&'a V> {
    table.find(key_hash, |(k, _)| same_bytes(k, key)).map(|(_, value)| value)
}

/// Whether `a` and `b` hold the same bytes. Keys of 8 to 32 bytes (most origins, and parent
/// domains of `*.` patterns) are compared as overlapping words, which costs less than the call
/// slice equality makes (about 15 instructions a lookup).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let same = |at: usize| word_at(a, at) == word_at(b, at);
    match len {
        8..=16 => same(0) & same(len - 8),
        17..=32 => same(0) & same(8) & same(len - 16) & same(len - 8),
        _ => a == b,
    }
}

/// The hash of `key`, read from its end: its whole words from the last, then the bytes left in
/// front. Not keyed: the tables are fixed when built, so a hostile key costs at most one probe
/// sequence of a table its sender cannot fill.
pub(crate) fn hash(key: &[u8]) -> u64 {
    let mut suffix = SuffixHash::default();
    let mut end = key.len();
    while end >= 8 {
        end -= 8;
        suffix.push(word_at(key, end));
    }
    let front = if end == 0 {
        0
    } else if key.len() >= 8 {
        word_at(key, 0) & low_bytes(end)
    } else {
        key.iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b))
    };
    suffix.finish(front, key.len())
}

/// The hashes of the suffixes of a string as it is read from its end, eight bytes at a time:
/// after the string's last `n` words are [pushed](Self::push), the hash of a suffix made of
/// those words and `r < 8` bytes in front of them is [`finish`](Self::finish)`(those bytes,
/// length)`, equal to [`hash`] of that suffix.
#[derive(Clone, Copy)]
pub(crate) struct SuffixHash(u64);

impl Default for SuffixHash {
    fn default() -> Self {
        SuffixHash(0x243f_6a88_85a3_08d3)
    }
}

impl SuffixHash {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;

    /// The next word from the end (its bytes in string order, little-endian).
    #[inline]
    pub(crate) fn push(&mut self, word: u64) {
        self.0 = folded_multiply(self.0 ^ word, Self::K);
    }

    /// The hash of the suffix of `len` bytes: the words pushed, and `front`, the bytes in front
    /// of them (fewer than eight, little-endian, the rest zero).
    #[inline]
    pub(crate) fn finish(self, front: u64, len: usize) -> u64 {
        folded_multiply(self.0 ^ front, Self::K ^ len as u64)
    }
}

/// Both halves of the full product, folded: every bit of each factor reaches the low bits (the
/// table's index) and the high ones (its tags).
#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    #[allow(clippy::cast_possible_truncation)] // the two halves, on purpose
    let folded = (product as u64) ^ ((product >> 64) as u64);
    folded
}

/// The eight bytes of `bytes` from `start` (which has eight from there), as a little-endian word.
#[inline]
pub(crate) fn word_at(bytes: &[u8], start: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[start..start + 8]);
    u64::from_le_bytes(word)
}

/// A mask of a word's first `n < 8` bytes.
#[inline]
pub(crate) fn low_bytes(n: usize) -> u64 {
    (1 << (8 * n)) - 1
}

#[cfg(test)]
mod tests {
    use super::{BytesMap, SuffixHash, hash, low_bytes, same_bytes, word_at};

    /// Word-wise equality against the slice's, at every length to 40, a byte changed anywhere.
    #[test]
    fn keys_compare_as_slices_do() {
        for len in 0..40 {
            let a: Vec<u8> = b"abcdefghijklmnopqrstuvwxyz".iter().cycle().take(len).copied().collect();
            assert!(same_bytes(&a, &a.clone()), "{len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_bytes(&a, &b), "{len} {at}");
            }
            assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    #[test]
    fn few_and_many_find_the_same_and_keep_the_first_of_a_key() {
        for count in [0, 1, 4, 5, 1000] {
            let mut entries: Vec<(Box<[u8]>, usize)> =
                (0..count).map(|i| (format!("/path/{i}").into_bytes().into(), i)).collect();
            if count > 0 {
                entries.push((b"/path/0".to_vec().into(), usize::MAX));
            }
            let map = BytesMap::new(entries);
            for i in 0..count {
                let key = format!("/path/{i}");
                assert_eq!(map.get(key.as_bytes()), Some(&i), "{count} keys");
                assert_eq!(map.get_hashed(hash(key.as_bytes()), key.as_bytes()), Some(&i));
            }
            assert_eq!(map.get(b"/path/"), None);
            assert_eq!(map.get(b""), None);
            assert_eq!(map.get(format!("/path/{count}").as_bytes()), None);
        }
    }

    /// The hash of each suffix of strings of every length to 40, from the words after it and
    /// the bytes in front of them, as a walk from the end of the whole string reads them, is the
    /// suffix's own hash.
    #[test]
    fn suffix_hashes_from_a_walk_from_the_end_are_the_suffixes_hashes() {
        for len in 0..40 {
            let text: Vec<u8> =
                (0..len).map(|i| b"abcdefghijklmnopqrstuvwxyz.-0123456789"[(i * 7) % 38]).collect();
            for from in 0..=len {
                let mut suffix = SuffixHash::default();
                let mut end = len;
                while end - from >= 8 {
                    end -= 8;
                    suffix.push(word_at(&text, end));
                }
                let front = text[from..end].iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b));
                assert_eq!(suffix.finish(front, len - from), hash(&text[from..]), "{len} {from}");
                if end >= 8 && end > from {
                    // Read as the walk reads it: the high bytes of the word ending at `end`.
                    let word = word_at(&text, end - 8);
                    assert_eq!(front, (word >> (8 * (8 - (end - from)))) & low_bytes(end - from));
                }
            }
        }
        assert_ne!(hash(b""), hash(b"\0"));
        assert_ne!(hash(b"example.com"), hash(b"example.con"));
    }
}
