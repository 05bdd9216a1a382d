// A Lambda artifact's zip, through yazl (already in the tree for osls's own packaging).
'use strict';
const yazl = require('yazl');

// A fixed date (1980-01-01, DOS time only) and mode: the same sources give a byte-identical zip, so
// deploys skip unchanged code.
const FIXED = { mtime: new Date(1980, 0, 1), forceDosTimestamp: true, mode: 0o100644, compressionLevel: 9 };

/** Zips `files` ({ name, data }) in the given order; resolves to the archive's bytes. */
function zipFiles(files) {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(f.data, f.name.replace(/\\/g, '/'), FIXED);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

module.exports = { zipFiles };
