/**
 * Security headers (helmet) and the Content-Security-Policy. Scripts run only from our own
 * origin or inline with this response's nonce (Remix's hydration scripts and the inlined
 * translations carry it): an injected <script> in a product name runs nowhere. Pages shared
 * between visitors by the micro-cache are rendered once for many responses, so they allow
 * their inline scripts by hash instead of by a nonce (`withScriptHashes`).
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import { randomToken } from "./random-pool.server";
import { SW_REGISTRATION_SCRIPT } from "./sw-registration";

type Locals = { locals: { nonce?: string } };

/** A fresh nonce for this response, kept where helmet and the page render can read it. */
export function assignNonce(res: Locals) {
  res.locals.nonce = randomToken(16, "base64");
  return res.locals.nonce;
}

export function securityHeaders({
  production,
  formTargets,
}: {
  production: boolean;
  /** Other origins forms may lead to: Stripe Checkout's redirect after "pay by card". */
  formTargets: string[];
}) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'self'",
          (_req: IncomingMessage, res: ServerResponse) =>
            `'nonce-${(res as unknown as Locals).locals.nonce ?? ""}'`,
          SW_REGISTRATION_HASH,
        ],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...formTargets],
      },
    },
    // Over plain HTTP (development, tests on localhost) browsers ignore it anyway.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });
}

/** The origins a card checkout may send the browser to (Stripe, or a stand-in in tests). */
export function stripeFormTargets(apiUrl: string | undefined): string[] {
  const targets = ["https://checkout.stripe.com"];
  if (apiUrl) targets.push(new URL(apiUrl).origin);
  return targets;
}

const sha256Source = (script: string) =>
  `'sha256-${crypto.createHash("sha256").update(script, "utf8").digest("base64")}'`;

/** The service worker's registration, on every page: allowed by its hash, nonce or not. */
export const SW_REGISTRATION_HASH = sha256Source(SW_REGISTRATION_SCRIPT);

export const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The CSP sources that allow exactly the inline scripts of `html`. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    if (!match[1]) continue;
    hashes.add(sha256Source(match[1]));
  }
  return [...hashes];
}

/** The policy with its per-response nonce replaced by the hashes of a shared page's scripts. */
export function withScriptHashes(policy: string, hashes: string[]): string {
  return policy.replace(/\s*'nonce-[^']*'/, hashes.length ? ` ${hashes.join(" ")}` : "");
}
