/*
 * bitset.h - a fixed set of small integers as an array of 64-bit words.
 *
 * The caller owns the array and sizes it with BITSET_WORDS(n) for members
 * 0 .. n-1; nothing here checks the bound (an index past the array is the
 * caller's bug). Bit i lives in word i / 64, at i % 64, so a set grows by
 * adding words, never by a wider integer type.
 */
#ifndef LF_BITSET_H
#define LF_BITSET_H
#include <stddef.h>
#include <stdint.h>

#define BITSET_WORDS(n) (((size_t)(n) + 63) / 64)

static inline void bitset_add(uint64_t *w, size_t i)
{
    w[i / 64] |= (uint64_t)1 << (i % 64);
}

static inline int bitset_has(const uint64_t *w, size_t i)
{
    return (int)((w[i / 64] >> (i % 64)) & 1u);
}

#endif
