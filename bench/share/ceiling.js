// The share page's data path with nothing but the browser's own costs (docs/sharing.md "Speed in the
// browser"): WORKERS blob workers fetch the object's ciphertext in 32 MiB Range requests, two in flight each,
// read through a BYOB reader into reused buffers, and (MODE 'crypt') decrypt every byte with WebCrypto's
// AES-256-CTR in 256 KiB calls, eight at a time (the page's calls, without its authentication: no decryption
// in WebCrypto costs less); nothing is verified, kept or saved. bench-share-browser substitutes AS_URL,
// AS_TOTAL, AS_WORKERS and AS_MODE and runs it in the ready share page with its CSP bypassed; it sets
// data-ceiling on <html> to 'done' or to the error.
(() => {
  const worker = `
    onmessage = async ({ data }) => {
      try { await run(data); postMessage('done'); } catch (e) { postMessage('error: ' + e); }
    };
    const run = async ({ url, total, index, workers, mode }) => {
      const RANGE = 32 << 20, PIECE = 256 << 10, AT_ONCE = 8;
      const key = mode === 'crypt'
        ? await crypto.subtle.generateKey({ name: 'AES-CTR', length: 256 }, false, ['decrypt']) : null;
      const counter = new Uint8Array(16);
      const spare = [new ArrayBuffer(RANGE), new ArrayBuffer(RANGE)];
      const fetchRange = async (start) => {
        const end = Math.min(total, start + RANGE);
        const res = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) }, cache: 'no-store' });
        const reader = res.body.getReader({ mode: 'byob' });
        let buffer = spare.pop(), got = 0;
        while (got < end - start) {
          const { value, done } = await reader.read(new Uint8Array(buffer, got, end - start - got));
          if (value) buffer = value.buffer;
          if (done) break;
          got += value.byteLength;
        }
        return new Uint8Array(buffer, 0, got);
      };
      const starts = [];
      for (let s = index * RANGE; s < total; s += workers * RANGE) starts.push(s);
      let next = starts.length ? fetchRange(starts[0]) : null;
      for (let i = 0; i < starts.length; i++) {
        const bytes = await next;
        next = i + 1 < starts.length ? fetchRange(starts[i + 1]) : null;
        for (let p = 0; key && p < bytes.length; p += AT_ONCE * PIECE) {
          const calls = [];
          for (let q = p; q < Math.min(bytes.length, p + AT_ONCE * PIECE); q += PIECE)
            calls.push(crypto.subtle.decrypt({ name: 'AES-CTR', counter, length: 32 }, key,
              bytes.subarray(q, Math.min(bytes.length, q + PIECE))));
          await Promise.all(calls);
        }
        spare.push(bytes.buffer);
      }
    };`;
  const source = URL.createObjectURL(new Blob([worker], { type: 'text/javascript' }));
  const html = document.documentElement;
  let left = AS_WORKERS;
  for (let index = 0; index < AS_WORKERS; index++) {
    const w = new Worker(source);
    w.onmessage = ({ data }) => {
      if (data !== 'done') html.dataset.ceiling = data;
      else if (--left === 0) html.dataset.ceiling = 'done';
    };
    w.onerror = (e) => { html.dataset.ceiling = 'error: ' + e.message; };
    w.postMessage({ url: new URL(AS_URL, location.href).href, total: AS_TOTAL, index, workers: AS_WORKERS, mode: AS_MODE });
  }
  return true;
})()
