// What a page needs to load the library: the files it fetched, raw and gzip -9
// (node:zlib), measured on the very bytes the bench server sent.

import { basename } from "node:path";
import { gzipSync } from "node:zlib";

/** Sizes of `files` ([{ url, body }]): { files: [{ name, url, raw, gzip }], raw, gzip }. */
export function fileSizes(files) {
  const rows = files.map(({ url, body }) => ({
    name: basename(url),
    url,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
  }));
  return {
    files: rows,
    raw: rows.reduce((sum, row) => sum + row.raw, 0),
    gzip: rows.reduce((sum, row) => sum + row.gzip, 0),
  };
}
