/**
 * A rendered page kept with holes where per-response values go (the visitor's first name, the
 * request id), so one render serves many people. Its compression is done once too: each fixed
 * stretch is compressed on its own and ends on a byte boundary (a sync flush), so a response
 * is those pieces with the few filled-in bytes between them as stored blocks, wrapped in a
 * gzip header and trailer: no per-visitor compression, the cost that dominated a page served
 * from memory. (This is how pigz joins independently compressed pieces; RFC 1951 §3.2.4.)
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { INLINE_SCRIPT } from "./security-headers.server";

/** Stand-ins the page is rendered with: letters only, so no escaping changes them anywhere. */
export const HOLES = {
  firstName: "QhatuHoleFirstNameZq",
  requestId: "QhatuHoleRequestIdZq",
} as const;
export type HoleName = keyof typeof HOLES;
export type HoleValues = Record<HoleName, string>;

/**
 * Whether a value reads the same in HTML text, an attribute and a JSON string inside a script:
 * letters, marks, digits, spaces, dots and hyphens. Other names get a page of their own.
 */
export function fillsHoleAsIs(value: string): boolean {
  return /^[\p{L}\p{M}\p{N} .-]{0,200}$/u.test(value);
}

type Script = { hash: string } | { parts: string[]; holes: HoleName[] };

export type PageTemplate = {
  segments: Buffer[];
  holes: HoleName[];
  deflated: Buffer[];
  scripts: Script[];
};

const HOLE_PATTERN = new RegExp(
  Object.values(HOLES)
    .map((h) => `(${h})`)
    .join("|"),
  "g",
);

/** Splits at the holes: `parts` has one more element than `holes`. */
function splitAtHoles(text: string): { parts: string[]; holes: HoleName[] } {
  const names = Object.keys(HOLES) as HoleName[];
  const parts: string[] = [];
  const holes: HoleName[] = [];
  let last = 0;
  for (const match of text.matchAll(HOLE_PATTERN)) {
    parts.push(text.slice(last, match.index));
    holes.push(names[match.slice(1).findIndex(Boolean)]);
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return { parts, holes };
}

const sha256 = (text: string) =>
  `'sha256-${crypto.createHash("sha256").update(text, "utf8").digest("base64")}'`;

export function makeTemplate(html: string): PageTemplate {
  const { parts, holes } = splitAtHoles(html);
  const segments = parts.map((p) => Buffer.from(p, "utf8"));
  const deflated = segments.map((segment, i) =>
    zlib.deflateRawSync(segment, {
      finishFlush:
        i === segments.length - 1 ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    }),
  );
  const scripts: Script[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    if (!match[1]) continue;
    const split = splitAtHoles(match[1]);
    scripts.push(split.holes.length ? split : { hash: sha256(match[1]) });
  }
  return { segments, holes, deflated, scripts };
}

/** One deflate stored block (not the last) holding `data`: after a sync flush it starts on a byte. */
function storedBlock(data: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header[0] = 0; // BFINAL 0, BTYPE 00 (stored)
  header.writeUInt16LE(data.length, 1);
  header.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([header, data]);
}

// ID1 ID2, deflate, no flags, no mtime, no extra flags, OS unknown.
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);

/** The page with its holes filled, gzipped or not, and the CSP hashes of its inline scripts. */
export function fillTemplate(
  template: PageTemplate,
  values: HoleValues,
  { gzip }: { gzip: boolean },
): { body: Buffer; scriptHashes: string[] } {
  const filled = template.holes.map((hole) => Buffer.from(values[hole], "utf8"));
  const scriptHashes = [
    ...new Set(
      template.scripts.map((s) =>
        "hash" in s
          ? s.hash
          : sha256(s.parts.map((part, i) => (i ? values[s.holes[i - 1]] : "") + part).join("")),
      ),
    ),
  ];
  const plain: Buffer[] = [];
  template.segments.forEach((segment, i) => {
    if (i) plain.push(filled[i - 1]);
    plain.push(segment);
  });
  if (!gzip) return { body: Buffer.concat(plain), scriptHashes };

  const pieces: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  template.deflated.forEach((deflated, i) => {
    if (i) pieces.push(storedBlock(filled[i - 1]));
    pieces.push(deflated);
  });
  for (const buffer of plain) {
    crc = zlib.crc32(buffer, crc);
    size += buffer.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  pieces.push(trailer);
  return { body: Buffer.concat(pieces), scriptHashes };
}
