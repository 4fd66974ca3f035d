import { describe, expect, it } from 'vitest';
import { STREAM_WORDS, createStreamTable, hashString, nextUint32, nextUniform, seedStream } from '../../engine/random/rng';
import { Purpose } from '../../engine/random/purposes';

const M32 = 0xffffffffn;

/** Independent reference: xoshiro128** straight from Blackman & Vigna's C code, in BigInt. */
function referenceXoshiro(state: bigint[], count: number): number[] {
  const s = [...state];
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M32;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number((rotl((s[1] * 5n) & M32, 7n) * 9n) & M32));
    const t = (s[1] << 9n) & M32;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

/** Independent reference: MurmurHash3_x86_32 over bytes (Appleby's C code), in BigInt. */
function referenceMurmur3(bytes: number[], seed: number): number {
  const mul = (a: bigint, b: bigint): bigint => (a * b) & M32;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M32;
  const c1 = 0xcc9e2d51n, c2 = 0x1b873593n;
  let h = BigInt(seed >>> 0);
  const blocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < blocks; i++) {
    let k = BigInt(bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16)) + (BigInt(bytes[4 * i + 3]) << 24n);
    k = mul(rotl(mul(k, c1), 15n), c2);
    h = (mul(rotl(h ^ k, 13n), 5n) + 0xe6546b64n) & M32;
  }
  let k = 0n;
  const tail = bytes.length & 3, at = blocks * 4;
  if (tail >= 3) k ^= BigInt(bytes[at + 2]) << 16n;
  if (tail >= 2) k ^= BigInt(bytes[at + 1]) << 8n;
  if (tail >= 1) { k ^= BigInt(bytes[at]); h ^= mul(rotl(mul(k, c1), 15n), c2); }
  h ^= BigInt(bytes.length);
  return Number(referenceFmix(h));
}
function referenceFmix(h: bigint): bigint {
  h ^= h >> 16n; h = (h * 0x85ebca6bn) & M32;
  h ^= h >> 13n; h = (h * 0xc2b2ae35n) & M32;
  return h ^ (h >> 16n);
}
const wordsToBytes = (words: number[]): number[] => words.flatMap((w) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, w >>> 24]);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Independent reference for hashString: FNV-1a over UTF-16 code units, then fmix32, in BigInt. */
function referenceHashString(text: string): number {
  let h = 0x811c9dc5n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x01000193n) & M32;
  return Number(referenceFmix(h));
}

function draws(seed: number, rep: number, entity: number, purpose: number, sub: number | undefined, n: number): number[] {
  const t = createStreamTable(1);
  if (sub === undefined) seedStream(t, 0, seed, rep, entity, purpose);
  else seedStream(t, 0, seed, rep, entity, purpose, sub);
  return Array.from({ length: n }, () => nextUint32(t, 0));
}

describe('xoshiro128**', () => {
  it('matches the published sequence from state [1,2,3,4]', () => {
    const t = createStreamTable(1);
    t.set([1, 2, 3, 4]);
    const got = Array.from({ length: 6 }, () => nextUint32(t, 0));
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    expect(referenceXoshiro([1n, 2n, 3n, 4n], 6)).toEqual(got);
  });

  it('matches the BigInt reference for 10 000 outputs from arbitrary states, in any table slot', () => {
    const states = [[0xdeadbeef, 0x01234567, 0x89abcdef, 0xffffffff], [0, 0, 0, 1], [0x80000000, 0x7fffffff, 1, 0xfffffffe]];
    const t = createStreamTable(3);
    states.forEach((s, i) => t.set(s, i * STREAM_WORDS));
    for (let i = 0; i < 3; i++) {
      const got = Array.from({ length: 10_000 }, () => nextUint32(t, i));
      expect(got).toEqual(referenceXoshiro(states[i].map(BigInt), 10_000));
    }
  });

  it('nextUniform maps the extreme outputs 0 and 2^32−1 strictly inside (0,1)', () => {
    const t = createStreamTable(1);
    t.set([7, 0, 1026, 12288]); // the state after one step from [1,2,3,4]: next output is 0
    expect(nextUniform(t, 0)).toBe(0.5 / 2 ** 32);
    // Invert the scrambler to find s1 with output 2^32−1: x·9 ≡ −1, rotr 7, then ·5^-1 (mod 2^32).
    const inv = (a: bigint): bigint => { let x = 1n; for (let i = 0; i < 5; i++) x = (x * (2n - a * x)) & M32; return x; };
    const x = (M32 * inv(9n)) & M32, r = ((x >> 7n) | (x << 25n)) & M32, s1 = (r * inv(5n)) & M32;
    t.set([1, Number(s1), 2, 3]);
    expect(nextUniform(t, 0)).toBe(1 - 2 ** -33);
  });
});

describe('hashString', () => {
  it('equals FNV-1a of UTF-16 units + fmix32 (BigInt reference) and fixed golden values', () => {
    const texts = ['', 'a', 's1', 's2', 'station-01', 'Prüfstand', '😀', 'x'.repeat(1000)];
    for (const text of texts) expect(hashString(text)).toBe(referenceHashString(text));
    // Golden values: part of the determinism contract (entity ids feed stream keys), never change.
    expect(['', 'a', 's1', 's2', 'Prüfstand'].map(hashString)).toEqual([0xab3e7c0b, 0x1a80b1b3, 0x7a3836e9, 0x6858ee18, 0xe50de382]);
  });
  it('returns unsigned 32-bit integers and separates near-identical ids', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `s${i}`);
    const hashes = ids.map(hashString);
    for (const h of hashes) expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    expect(new Set(hashes).size).toBe(ids.length);
  });
});

describe('seedStream', () => {
  it('our BigInt MurmurHash3 reproduces the published test vectors', () => {
    expect(referenceMurmur3([], 0)).toBe(0);
    expect(referenceMurmur3([], 1)).toBe(0x514e28b7);
    expect(referenceMurmur3([0, 0, 0, 0], 0)).toBe(0x2362f9de);
    expect(referenceMurmur3(ascii('aaaa'), 0x9747b28c)).toBe(0x5a97808a);
    expect(referenceMurmur3(ascii('a'), 0x9747b28c)).toBe(0x7fa09ea6);
    expect(referenceMurmur3(ascii('Hello, world!'), 0x9747b28c)).toBe(0x24884cba);
  });

  it('state word w is MurmurHash3_x86_32 of the 24-byte key under seed (w+1)·0x9e3779b9', () => {
    const keys = [[1, 0, 0, 1, Purpose.cycle, 0], [2 ** 32 + 7, 0, 3, hashString('s2'), Purpose.failureTtr, 1], [123456789, 19, 0xffffffff, 9, Purpose.rework, 4]];
    for (const [seed, rep, entity, purpose, sub] of keys) {
      const t = createStreamTable(1);
      seedStream(t, 0, seed, rep, entity, purpose, sub);
      const bytes = wordsToBytes([seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, rep, entity, purpose, sub]);
      const want = [1, 2, 3, 4].map((w) => referenceMurmur3(bytes, Number((BigInt(w) * 0x9e3779b9n) & M32)));
      expect(Array.from(t)).toEqual(want);
    }
  });

  it('same key gives the same sequence, regardless of table slot and neighbours', () => {
    const a = draws(42, 3, 7, Purpose.cycle, 0, 1000);
    const t = createStreamTable(5);
    seedStream(t, 0, 1, 1, 1, 1);
    seedStream(t, 3, 42, 3, 7, Purpose.cycle);
    seedStream(t, 4, 2, 2, 2, 2);
    expect(Array.from({ length: 1000 }, () => nextUint32(t, 3))).toEqual(a);
    expect(draws(42, 3, 7, Purpose.cycle, undefined, 1000)).toEqual(a); // sub defaults to 0
  });

  it('changing any one key part changes the sequence', () => {
    const base = draws(42, 3, 7, Purpose.cycle, 0, 8);
    const variants = [
      draws(43, 3, 7, Purpose.cycle, 0, 8), draws(42 + 2 ** 32, 3, 7, Purpose.cycle, 0, 8), draws(42, 4, 7, Purpose.cycle, 0, 8),
      draws(42, 3, 8, Purpose.cycle, 0, 8), draws(42, 3, 7, Purpose.failureTtf, 0, 8), draws(42, 3, 7, Purpose.cycle, 1, 8),
      draws(3, 42, 7, Purpose.cycle, 0, 8), // swapped parts are a different key
    ];
    const all = [base, ...variants].map((v) => v.join(','));
    expect(new Set(all).size).toBe(all.length);
    for (const v of variants) expect(v.filter((x, i) => x === base[i]).length).toBeLessThanOrEqual(1);
  });

  it('neighbouring keys give uncorrelated uniforms', () => {
    const n = 100_000, t = createStreamTable(2);
    seedStream(t, 0, 1, 0, 1, Purpose.cycle);
    seedStream(t, 1, 1, 0, 2, Purpose.cycle);
    let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) {
      const x = nextUniform(t, 0), y = nextUniform(t, 1);
      sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    const r = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });
});

describe('nextUniform', () => {
  it('stays in (0,1) and passes a 16-bin chi-square test', () => {
    const t = createStreamTable(1);
    seedStream(t, 0, 2024, 0, hashString('s1'), Purpose.cycle);
    const n = 1_600_000, bins = new Float64Array(16);
    let min = 1, max = 0;
    for (let i = 0; i < n; i++) {
      const u = nextUniform(t, 0);
      if (u < min) min = u;
      if (u > max) max = u;
      bins[Math.floor(u * 16)]++;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    const e = n / 16;
    const chi2 = bins.reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
    expect(chi2).toBeLessThan(37.7); // χ²(15) upper 0.1% point
    expect(chi2).toBeGreaterThan(3.48); // lower 0.1% point: too-even counts are as suspicious
  });

  it('every output bit is set about half the time', () => {
    const t = createStreamTable(1);
    seedStream(t, 0, 7, 1, 2, 3);
    const n = 100_000, ones = new Float64Array(32);
    for (let i = 0; i < n; i++) {
      const x = nextUint32(t, 0);
      for (let b = 0; b < 32; b++) ones[b] += (x >>> b) & 1;
    }
    for (let b = 0; b < 32; b++) expect(Math.abs(ones[b] - n / 2)).toBeLessThan(4.5 * Math.sqrt(n / 4));
  });
});
