/**
 * Keyed random streams for common random numbers (DESIGN §2 "Determinism").
 *
 * Every draw comes from a stream keyed by (seed, replication, entity, purpose, sub). A stream's
 * state is a pure function of its key, so adding, removing or changing one station never shifts
 * another station's draws, and the same key gives the same sequence in any process or worker.
 *
 * Generator: xoshiro128** 1.1 — D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM Trans. Math. Softw. 47(4), 2021 (preprint 2018); reference C code at
 * https://prng.di.unimi.it/xoshiro128starstar.c. 128 bits of state, period 2^128 − 1, passes
 * BigCrush; only 32-bit xor/shift/rotate/multiply, so Math.imul and >>> reproduce it exactly in
 * every JavaScript engine.
 *
 * Layout: all streams live in ONE Uint32Array, STREAM_WORDS (4) words per stream, stream i at
 * words [4i, 4i+4). Hot loops pass (table, index): no object per stream, no allocation per draw.
 */

export const STREAM_WORDS = 4;

/** A zeroed table for `count` streams; each stream must be seeded with seedStream before use. */
export function createStreamTable(count: number): Uint32Array {
  return new Uint32Array(count * STREAM_WORDS);
}

/**
 * MurmurHash3 finalizer (A. Appleby, MurmurHash3, public domain,
 * https://github.com/aappleby/smhasher/blob/master/src/MurmurHash3.cpp): a bijection on 32 bits
 * with full avalanche (every input bit flips each output bit with probability ≈ 1/2).
 */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3_x86_32 block step: absorbs the 32-bit word k into the running hash h. */
function absorb(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * Stable 32-bit hash of a string (FNV-1a of the UTF-16 code units then fmix32). Used for entity ids.
 * FNV-1a: G. Fowler, L. C. Noll, K.-P. Vo, offset basis 2166136261, prime 16777619
 * (http://www.isthe.com/chongo/tech/comp/fnv/). FNV alone mixes its last characters poorly into the
 * high bits ("s1" vs "s2"), so the fmix32 finalizer spreads them over all 32 bits.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * A second 32-bit hash of a string, independent of hashString (MurmurHash3_x86_32 over the
 * UTF-16 code units): ids that collide under one (FNV-1a collides on e.g. "liquid" and
 * "costarring") almost surely do not under both, so the pair keys an entity with ~64 bits.
 */
export function hashString2(text: string): number {
  let h = 0x2545f491;
  for (let i = 0; i < text.length; i++) h = absorb(h, text.charCodeAt(i));
  return fmix32(h ^ (text.length * 2));
}

/**
 * Seeds stream `stream` of `table` from its key. Each of the four state words is
 * MurmurHash3_x86_32 of the 24-byte key (seed low word, seed high word, replication, entity,
 * purpose, sub) under a different hash seed (k·0x9e3779b9, the golden-ratio increment of
 * splitmix), so the 128-bit state is spread over the whole key space rather than a 32-bit one
 * (which would make two keys collide by the birthday bound after ~65 000 streams).
 *
 * Integers are expected; each key part is taken modulo 2^32 (seed: modulo 2^64, both halves
 * hashed, so seeds beyond 2^32 stay distinct). `sub` defaults to 0, e.g. the failure mode index.
 */
export function seedStream(
  table: Uint32Array,
  stream: number,
  seed: number,
  replication: number,
  entity: number,
  purpose: number,
  sub = 0,
): void {
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 4294967296) >>> 0;
  const o = stream * STREAM_WORDS;
  let any = 0;
  for (let w = 0; w < STREAM_WORDS; w++) {
    let h = Math.imul(w + 1, 0x9e3779b9);
    h = absorb(h, seedLo);
    h = absorb(h, seedHi);
    h = absorb(h, replication >>> 0);
    h = absorb(h, entity >>> 0);
    h = absorb(h, purpose >>> 0);
    h = absorb(h, sub >>> 0);
    const word = fmix32(h ^ 24); // Murmur3 xors in the key length in bytes before finalizing.
    table[o + w] = word;
    any |= word;
  }
  // xoshiro's all-zero state is a fixed point (outputs 0 forever). Probability 2^-128, but cheap.
  if (any === 0) table[o] = 0x9e3779b9;
}

/** Next 32-bit output of the stream, as an unsigned integer in [0, 2^32). Advances the stream. */
export function nextUint32(table: Uint32Array, stream: number): number {
  const o = stream * STREAM_WORDS;
  const s0 = table[o];
  const s1 = table[o + 1];
  const s2 = table[o + 2] ^ s0;
  const s3 = table[o + 3] ^ s1;
  // result = rotl(s1 * 5, 7) * 9
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  table[o] = s0 ^ s3;
  table[o + 1] = s1 ^ s2;
  table[o + 2] = s2 ^ (s1 << 9);
  table[o + 3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

/**
 * Uniform in the open interval (0,1): (x + 0.5) / 2^32, never 0 nor 1. Open at both ends so that
 * inversion samplers can take log(u) and log(1 − u) without guards. Exact in double precision.
 */
export function nextUniform(table: Uint32Array, stream: number): number {
  return (nextUint32(table, stream) + 0.5) * 2.3283064365386963e-10; // 2^-32, exact
}
