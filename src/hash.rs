//! A small, fast hasher (FNV-1a) for the engine's short string keys: JSON Pointers and rule
//! paths. The standard library's SipHash resists hash flooding, which these private, per-request
//! tables do not need, and costs several times more per short key.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map with [`Fnv`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equally_and_maps_work() {
        let mut s: FastMap<String, ()> = FastMap::default();
        assert!(s.insert("/pool/members/0".to_owned(), ()).is_none());
        assert!(s.insert("/pool/members/0".to_owned(), ()).is_some());
        assert!(s.contains_key("/pool/members/0"));
        assert!(!s.contains_key("/pool/members/1"));
        let mut a = Fnv::default();
        a.write(b"abc");
        let mut b = Fnv::default();
        b.write(b"abd");
        assert_ne!(a.finish(), b.finish());
    }
}
