/**
 * Configuration, parsed once at start-up. A bad variable stops the process with a message
 * naming it, rather than failing later in a request.
 */
import { z } from "zod";

const DEV_SESSION_SECRET = "qhatu-development-only-secret-do-not-use-in-production";

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z.string().min(1).default("./data/qhatu.db"),
    DATA_DIR: z.string().min(1).default("./data"),
    SESSION_SECRET: z.string().optional(),
    /** Card payments through Stripe Checkout: offered only when both are set (README "Card payments"). */
    STRIPE_SECRET_KEY: z.string().optional(),
    STRIPE_WEBHOOK_SECRET: z.string().optional(),
    /** Another Stripe API address, such as a local stand-in for tests (http://localhost:12111). */
    STRIPE_API_URL: z
      .string()
      .url()
      .refine((value) => /^https?:\/\/[^/\s]/i.test(value), "must be an http or https URL")
      .optional(),
    /**
     * NORMAL survives a killed process (the promise of docs/invariants.md #8); FULL also survives
     * power loss at roughly half the write throughput. See app/infra/db.server.ts.
     */
    SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
    /** "auto" loads the demo market into an empty database at start; "off" never does. */
    DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
    /** How long anonymous catalogue pages are reused (see micro-cache.js); 0 turns it off. */
    CATALOGUE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    /** How much the JSON log says (read by app/infra/logger.server.ts; checked here at start). */
    LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
    /** Set when a reverse proxy sets X-Forwarded-For, so login throttling sees client IPs. */
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    /**
     * The site's public address (https://feria.example.pe), for links in messages. Without it a
     * production server puts no link in a password-reset email: the request's Host header is
     * the client's to choose, and a link built from it could take the code to another site.
     */
    PUBLIC_URL: z
      .string()
      .url()
      .refine((value) => /^https?:\/\/[^/\s]/i.test(value), "must be an http or https URL")
      .transform((value) => new URL(value).origin)
      .optional(),
    /** Notifications (see README "Notifications"). Email: an SMTP URL such as smtp://user:pass@host:587. */
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().min(3).default("Qhatu <no-reply@qhatu.pe>"),
    /** SMS through Twilio's Messages API; off unless all three are set. */
    TWILIO_ACCOUNT_SID: z.string().optional(),
    TWILIO_AUTH_TOKEN: z.string().optional(),
    TWILIO_FROM: z.string().optional(),
    TWILIO_API_URL: z.string().url().default("https://api.twilio.com"),
    /** WhatsApp through Meta's Cloud API; off unless both are set. */
    WHATSAPP_TOKEN: z.string().optional(),
    WHATSAPP_PHONE_NUMBER_ID: z.string().optional(),
    WHATSAPP_API_URL: z.string().url().default("https://graph.facebook.com"),
    /**
     * Messages from producers (README "Producers by SMS and WhatsApp"): POST /webhooks/sms is
     * verified with TWILIO_AUTH_TOKEN; /webhooks/whatsapp needs the token Meta's handshake
     * echoes and the app secret that signs each delivery. Each webhook is off (404) without them.
     */
    WHATSAPP_VERIFY_TOKEN: z.string().optional(),
    WHATSAPP_APP_SECRET: z.string().optional(),
    /** "auto": print messages to the console when no channel is configured, outside production. */
    NOTIFY_LOG: z.enum(["auto", "on", "off"]).default("auto"),
    /** Backups (README "Backups"): where `npm run backup` and the server's timer write them. */
    BACKUP_DIR: z.string().min(1).optional(),
    /** The server backs up on its own every this many minutes; off when unset. Needs BACKUP_DIR. */
    BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(10_080).optional(),
    /** How many checked backups to keep; older ones are deleted after a new one checks ok. */
    BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(14),
  })
  .transform((env, ctx) => {
    // Card payments need both Stripe variables: one alone would silently turn card off.
    const stripeKey = Boolean(env.STRIPE_SECRET_KEY?.trim());
    const stripeHook = Boolean(env.STRIPE_WEBHOOK_SECRET?.trim());
    if (stripeKey !== stripeHook) {
      ctx.addIssue({
        code: "custom",
        path: [stripeKey ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY"],
        message: `is required with ${stripeKey ? "STRIPE_SECRET_KEY" : "STRIPE_WEBHOOK_SECRET"} (card payments need both, or neither to turn them off)`,
      });
      return z.NEVER;
    }
    // A timer with nowhere to write would fail at every tick instead of once, at start.
    if (env.BACKUP_INTERVAL_MINUTES !== undefined && !env.BACKUP_DIR?.trim()) {
      ctx.addIssue({
        code: "custom",
        path: ["BACKUP_DIR"],
        message: "is required with BACKUP_INTERVAL_MINUTES (where the server writes its backups)",
      });
      return z.NEVER;
    }
    const secret = env.SESSION_SECRET?.trim() || undefined;
    if (env.NODE_ENV === "production" && (!secret || secret.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production and must be at least 32 characters",
      });
      return z.NEVER;
    }
    return { ...env, SESSION_SECRET: secret ?? DEV_SESSION_SECRET };
  });

export type Env = z.infer<typeof EnvSchema>;

/** Parses an environment, throwing one readable error that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v])),
  );
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed environment, for scripts and tests that point one process at another database. */
export function resetEnv() {
  cached = undefined;
}
