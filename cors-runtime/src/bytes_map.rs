//! A map fixed when built, from byte strings to values: a policy's exact origins, the paths of
//! an application's `#[cors]` routes. Looking a request's value up is the hot path; building
//! happens once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Most maps hold a handful of keys, which comparing one by one (length first) settles faster
/// than hashing; larger ones are hashed, so that 1,000 keys cost what one does.
pub(crate) enum BytesMap<V> {
    Few(Box<[(Box<[u8]>, V)]>),
    Many(HashMap<Box<[u8]>, V, BuildHasherDefault<FxHasher>>),
}

/// Up to this many keys are compared one by one.
const FEW: usize = 4;

impl<V> BytesMap<V> {
    /// The map of `entries`; of two with the same key, the first one's value is kept.
    pub(crate) fn new(entries: Vec<(Box<[u8]>, V)>) -> Self {
        if entries.len() <= FEW {
            BytesMap::Few(entries.into_boxed_slice())
        } else {
            let mut map = HashMap::with_capacity_and_hasher(entries.len(), BuildHasherDefault::default());
            for (key, value) in entries {
                map.entry(key).or_insert(value);
            }
            BytesMap::Many(map)
        }
    }

    #[inline]
    pub(crate) fn get(&self, key: &[u8]) -> Option<&V> {
        match self {
            BytesMap::Few(entries) => entries.iter().find(|(k, _)| **k == *key).map(|(_, value)| value),
            BytesMap::Many(map) => map.get(key),
        }
    }
}

/// A fast non-keyed hash. Flooding is not a concern: the table is fixed when it is built, so
/// a hostile key costs at most one probe sequence of a table the attacker cannot fill.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
        }
        let rest = chunks.remainder().len();
        // The last bytes, read as the end of the slice's last eight when it has eight (no copy
        // into a buffer: a call per hash otherwise), or one by one.
        let tail = if rest == 0 {
            0
        } else if let Some(last) = bytes.len().checked_sub(8).and_then(|start| bytes.get(start..)) {
            u64::from_le_bytes(last.try_into().unwrap_or_default()) >> (8 * (8 - rest))
        } else {
            bytes.iter().rev().fold(0, |word, &b| (word << 8) | u64::from(b))
        };
        self.0 = (self.0.rotate_left(26) ^ tail ^ bytes.len() as u64).wrapping_mul(K);
    }

    /// A slice's length, which `Hash` writes before its bytes: one round, not a buffer.
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(26) ^ n as u64).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::BytesMap;

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
                assert_eq!(map.get(format!("/path/{i}").as_bytes()), Some(&i), "{count} keys");
            }
            assert_eq!(map.get(b"/path/"), None);
            assert_eq!(map.get(b""), None);
            assert_eq!(map.get(format!("/path/{count}").as_bytes()), None);
        }
    }
}
