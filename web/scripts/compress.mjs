// After `vite build`: writes a gzip and a Brotli copy next to each text file
// of dist/ (file.js.gz, file.js.br), which deeptrace-api serves to browsers
// that accept them (src/api/static_files.cpp). Compressing once at build
// time costs the server nothing per request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|map|wasm)$/;
const MIN_BYTES = 1024; // smaller files gain nothing worth a second request path

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let written = 0;
for await (const path of files(DIST)) {
  if (!COMPRESSIBLE.test(path)) continue;
  const body = await readFile(path);
  if (body.length < MIN_BYTES) continue;
  await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
  await writeFile(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  written++;
}
console.log(`compress: gzip and Brotli copies of ${written} files in dist/`);
