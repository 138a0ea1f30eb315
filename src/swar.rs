//! Eight bytes at a time ("SIMD within a register"): the few word tricks the scanners, the
//! locator, key comparison and pointer resolution share. Plain integer code, the same on every
//! target (WebAssembly included), and without `unsafe`.

/// The high bit of each byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of each byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// 1 in each byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes of `s` from `i` as a number (the first byte lowest), if there are eight.
#[inline(always)]
pub(crate) fn word(s: &[u8], i: usize) -> Option<u64> {
    let mut w = [0; 8];
    w.copy_from_slice(s.get(i..i.checked_add(8)?)?);
    Some(u64::from_le_bytes(w))
}

/// Four bytes of `s` from `i` as a number (the first byte lowest), if there are four.
#[inline(always)]
pub(crate) fn word4(s: &[u8], i: usize) -> Option<u32> {
    match s.get(i..i.checked_add(4)?) {
        Some(&[b0, b1, b2, b3]) => Some(u32::from_le_bytes([b0, b1, b2, b3])),
        _ => None,
    }
}

/// The high bit of exactly the bytes of `w` that equal `c` (the sum stays within each byte, so
/// unlike the shorter `(x - ONES) & !x & HIGH` there are no false hits above a true one).
#[inline(always)]
pub(crate) fn eq_mask(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    !(((x & LOW7) + LOW7) | x) & HIGH
}

/// Like [`eq_mask`], but exact only about the lowest byte equal to `c` (bytes above it may be
/// marked too): one operation fewer, for scans that stop at the first hit. The locator's string
/// scan uses it; with the exact mask there the .wasm gzipped 700 bytes larger.
#[inline(always)]
pub(crate) fn first_eq_mask(w: u64, c: u8) -> u64 {
    let x = w ^ (ONES * u64::from(c));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The high bit of the lowest byte of `w` below `n` (for `n` up to 0x80), and maybe of bytes
/// above it, as [`first_eq_mask`] marks: for scans that stop at the first control character.
#[inline(always)]
pub(crate) fn first_below_mask(w: u64, n: u8) -> u64 {
    debug_assert!(n <= 0x80);
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The index of the first byte a mask from [`eq_mask`] or [`first_eq_mask`] marks (8 when it
/// marks none).
#[inline(always)]
pub(crate) fn first(mask: u64) -> usize {
    mask.trailing_zeros() as usize / 8
}

/// Where the run of plain string bytes from `i` ends: at the closing `quote`, a backslash or a
/// control character (or the end of the text). Eight bytes at a time: the byte loop was a third
/// of parsing Alibaba's server text.
/// The strict parser's fast path and the lenient scanner both use it.
#[inline]
pub(crate) fn plain_run_end(b: &[u8], mut i: usize, quote: u8) -> usize {
    while let Some(w) = word(b, i) {
        let hits = first_eq_mask(w, quote) | first_eq_mask(w, b'\\') | first_below_mask(w, 0x20);
        if hits != 0 {
            return i + first(hits);
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if c == quote || c == b'\\' || c < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eq_mask_marks_exactly_the_equal_bytes() {
        let samples: Vec<u8> = (0..=255u8).collect();
        for c in [0u8, b'\n', b'/', b'~', 0x7F, 0x80, 0xFF] {
            for chunk in samples
                .windows(8)
                .chain([&[c; 8][..], &[c, 0, c, c ^ 1, 0x80, c, 1, c][..]])
            {
                let w = word(chunk, 0).unwrap();
                let want = chunk
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == c)
                    .fold(0u64, |m, (i, _)| m | 0x80 << (8 * i));
                assert_eq!(eq_mask(w, c), want, "{c} in {chunk:?}");
            }
        }
        assert_eq!(first(eq_mask(word(b"abc/defg", 0).unwrap(), b'/')), 3);
        // The cheaper mask agrees about the first hit (and marks none when there is none).
        for chunk in samples.windows(8) {
            let w = word(chunk, 0).unwrap();
            for c in [0u8, b'"', b'\\', 0x80, 0xFF] {
                assert_eq!(
                    first(first_eq_mask(w, c)),
                    first(eq_mask(w, c)),
                    "{c} in {chunk:?}"
                );
            }
        }
        assert_eq!(first(0), 8);
    }

    #[test]
    fn first_below_mask_finds_the_first_byte_below_its_bound() {
        let samples: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for n in [1u8, 0x20, 0x80] {
            for chunk in samples.windows(8).chain([&[n; 8][..], &[n - 1; 8][..]]) {
                let w = word(chunk, 0).unwrap();
                let want = chunk.iter().position(|&b| b < n).unwrap_or(8);
                assert_eq!(first(first_below_mask(w, n)), want, "{n} in {chunk:?}");
            }
        }
    }

    #[test]
    fn word4_needs_four_bytes() {
        assert_eq!(word4(b"123", 0), None);
        assert_eq!(word4(b"1234", 1), None);
        assert_eq!(word4(b"\x01\0\0\x02", 0), Some(0x0200_0001));
    }

    #[test]
    fn word_needs_eight_bytes() {
        assert_eq!(word(b"1234567", 0), None);
        assert_eq!(word(b"12345678", 1), None);
        assert_eq!(word(b"12345678", usize::MAX), None);
        assert_eq!(
            word(b"\x01\0\0\0\0\0\0\x02", 0),
            Some(0x0200_0000_0000_0001)
        );
    }

    #[test]
    fn plain_runs_end_where_the_byte_loop_ends_them() {
        let text = "abcdefgh'ijklmnop\\qrstuvw\"xyz\u{1}0123456789\n\u{e9}\u{7f}~end";
        let b = text.as_bytes();
        for quote in [b'"', b'\''] {
            for i in 0..=b.len() {
                let want = (i..b.len())
                    .find(|&j| b[j] == quote || b[j] == b'\\' || b[j] < 0x20)
                    .unwrap_or(b.len());
                assert_eq!(plain_run_end(b, i, quote), want, "from {i}, quote {quote}");
            }
        }
    }
}
