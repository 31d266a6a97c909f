// AmazingStore share page, decrypting worker (docs/sharing.md "The page in a browser"): the page starts a few
// and hands each one's MessagePort to where the file is saved (the OPFS worker, the service worker or the page
// itself), which asks it for ranges: it fetches each, verifies and decrypts its chunks with WebCrypto (ase1.js, on
// this worker's thread) and sends the plaintext back as transferred buffers (pipeline.js serve/decryptor).
'use strict';
importScripts('/s/assets/ase1.js', '/s/assets/pipeline.js');

self.onmessage = (event) => {
  if (event.data && event.data.type === 'serve' && event.ports[0]) SharePipeline.serve(event.ports[0]);
};
