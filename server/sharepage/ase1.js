// AmazingStore share page: opens one ASE1 chunk (docs/crypto.md) with WebCrypto calls of at most 256 KiB
// instead of one AES-GCM call per 1 MiB chunk. Chromium's WebCrypto copies every call's input and output into
// fresh memory, and above about 960 KiB that memory is mapped anew each time: a 1 MiB call cost 4-5 times what
// the same bytes cost in 256 KiB calls (docs/sharing.md "Speed in the browser"). AES-GCM splits exactly:
// its ciphertext is AES-CTR from counter block nonce||2 on, and its tag is E(K, nonce||1) xor GHASH(H, ...)
// (NIST SP 800-38D). The pieces are decrypted with AES-CTR; each piece's GHASH comes from an AES-GCM call that
// only authenticates it (the piece as additional data, no plaintext), and the pieces' hashes are chained here
// with powers of H in GF(2^128). A chunk's plaintext is handed on only after its tag compared equal.
'use strict';
self.Ase1Chunks = (() => {
  const PIECE = 256 << 10; // bytes per WebCrypto call, a multiple of the 16-byte block
  const TAG = 16;
  const EMPTY = new Uint8Array(0);
  const MASK_IV = new Uint8Array(12); // for the GHASH-only calls, whose tags never leave this thread

  // GF(2^128) elements as four big-endian 32-bit words, bit 0 the most significant bit of word 0 (GCM's order).
  // Multiplication by shift-and-add, without branches on the bits (they come from the key).
  function mul(x, y) {
    let z0 = 0, z1 = 0, z2 = 0, z3 = 0, v0 = y[0], v1 = y[1], v2 = y[2], v3 = y[3];
    for (let i = 0; i < 128; i++) {
      const bit = -((x[i >>> 5] >>> (31 - (i & 31))) & 1);
      z0 ^= v0 & bit; z1 ^= v1 & bit; z2 ^= v2 & bit; z3 ^= v3 & bit;
      const reduce = -(v3 & 1) & 0xe1000000;
      v3 = (v3 >>> 1) | (v2 << 31); v2 = (v2 >>> 1) | (v1 << 31); v1 = (v1 >>> 1) | (v0 << 31); v0 = (v0 >>> 1) ^ reduce;
    }
    return [z0 >>> 0, z1 >>> 0, z2 >>> 0, z3 >>> 0];
  }
  const xor = (a, b) => [(a[0] ^ b[0]) >>> 0, (a[1] ^ b[1]) >>> 0, (a[2] ^ b[2]) >>> 0, (a[3] ^ b[3]) >>> 0];
  function pow(h, e) {
    let result = [0x80000000, 0, 0, 0], base = h;
    for (; e > 0; e = Math.floor(e / 2)) {
      if (e % 2) result = mul(result, base);
      base = mul(base, base);
    }
    return result;
  }
  function block(bytes, offset = 0) { // 16 bytes from offset, zero padded
    const b = new Uint8Array(16);
    b.set(bytes.subarray(offset, Math.min(bytes.length, offset + 16)));
    const v = new DataView(b.buffer);
    return [v.getUint32(0), v.getUint32(4), v.getUint32(8), v.getUint32(12)];
  }
  const bitLength = (bytes) => [Math.floor(bytes * 8 / 2 ** 32), (bytes * 8) >>> 0]; // u64 BE as two words
  const lengths = (aadBytes, textBytes) => [...bitLength(aadBytes), ...bitLength(textBytes)];
  const asWords = (buffer) => block(new Uint8Array(buffer));

  // What a file's key needs once per thread: H = E(K, 0), the GHASH-only calls' mask E(K, MASK_IV||1) and
  // H to the power of a whole piece's blocks. `keys` = {gcm, ctr} (importKeys).
  async function prepare(keys) {
    const zero = new Uint8Array(16);
    const h = asWords(await crypto.subtle.decrypt({ name: 'AES-CTR', counter: zero, length: 32 }, keys.ctr, zero));
    const mask = asWords(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: MASK_IV, tagLength: 128 }, keys.gcm, EMPTY));
    return { keys, h, mask, hPiece: pow(h, PIECE / 16) };
  }

  function counterBlock(nonce, counter) {
    const c = new Uint8Array(16);
    c.set(nonce);
    new DataView(c.buffer).setUint32(12, counter);
    return c;
  }

  // Verifies and decrypts one sealed chunk (ciphertext || tag) under `nonce` (12 B) and `aad`: its plaintext as
  // ArrayBuffers of at most PIECE bytes, in order, or a rejection if the tag does not match.
  async function open(prepared, sealed, nonce, aad) {
    const { keys, h, mask, hPiece } = prepared;
    if (sealed.length < TAG) throw new Error('chunk shorter than its tag');
    const textBytes = sealed.length - TAG;
    const calls = [];
    for (let off = 0; off < textBytes; off += PIECE) {
      const piece = sealed.subarray(off, Math.min(textBytes, off + PIECE));
      calls.push(crypto.subtle.decrypt({ name: 'AES-CTR', counter: counterBlock(nonce, 2 + off / 16), length: 32 }, keys.ctr, piece));
      calls.push(crypto.subtle.encrypt({ name: 'AES-GCM', iv: MASK_IV, additionalData: piece, tagLength: 128 }, keys.gcm, EMPTY));
    }
    calls.push(crypto.subtle.decrypt({ name: 'AES-CTR', counter: counterBlock(nonce, 1), length: 32 }, keys.ctr, new Uint8Array(16)));
    const out = await Promise.all(calls);
    // z = (GHASH so far) * H; a piece's GHASH-only tag, unmasked and without its length block, is its hash * H.
    let y = [0, 0, 0, 0];
    for (let off = 0; off < aad.length; off += 16) y = mul(xor(y, block(aad, off)), h);
    let z = mul(y, h);
    for (let k = 0, off = 0; off < textBytes; k += 2, off += PIECE) {
      const pieceBytes = Math.min(PIECE, textBytes - off);
      const pieceHash = xor(xor(asWords(out[k + 1]), mask), mul(lengths(pieceBytes, 0), h));
      z = xor(mul(z, pieceBytes === PIECE ? hPiece : pow(h, Math.ceil(pieceBytes / 16))), pieceHash);
    }
    const expected = xor(xor(z, mul(lengths(aad.length, textBytes), h)), asWords(out[out.length - 1]));
    const tag = block(sealed, textBytes);
    if ((expected[0] ^ tag[0]) | (expected[1] ^ tag[1]) | (expected[2] ^ tag[2]) | (expected[3] ^ tag[3]))
      throw new Error('tag mismatch');
    return out.filter((_, k) => k % 2 === 0 && k < out.length - 1);
  }

  // A file key from a link as the two non-extractable WebCrypto keys the page uses: AES-GCM (the sealed
  // metadata, the GHASH-only calls) and AES-CTR (the chunks' plaintext).
  const importKeys = async (raw) => ({
    gcm: await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']),
    ctr: await crypto.subtle.importKey('raw', raw, 'AES-CTR', false, ['decrypt']),
  });

  return { importKeys, prepare, open };
})();
