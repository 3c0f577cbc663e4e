/**
 * A warning on the logout page when this device still holds actions not sent: logging out
 * deletes the desk's and the producers' queues (see account.ts), and a desk's queue is only
 * sent while the desk page is open, so a coordinator could otherwise lose handovers unawares.
 */
import { openDB } from "idb";
import { say, type Lang } from "./notices";
import { outboxNotice } from "./outbox";
import { OUTBOX_DB } from "./outbox-store";
import { DESK_DB } from "../features/desk/offline/desk-store";

/** The device's queues of actions waiting for the network: the desk's and the outbox. */
const QUEUES = [DESK_DB, OUTBOX_DB];

/** How many actions wait on this device to be sent. */
export async function countUnsent(): Promise<number> {
  const existing = new Set((await indexedDB.databases()).map((d) => d.name));
  let total = 0;
  for (const name of QUEUES) if (existing.has(name)) total += await queueLength(name);
  return total;
}

async function queueLength(name: string): Promise<number> {
  let db;
  try {
    // No version: opened as it is. Were it deleted meanwhile, the open would create it empty,
    // which its owner could then never upgrade: that upgrade is aborted, and nothing counted.
    db = await openDB(name, undefined, {
      upgrade(_db, _old, _new, transaction) {
        transaction.abort();
      },
    });
  } catch {
    return 0;
  }
  try {
    return db.objectStoreNames.contains("queue") ? await db.count("queue") : 0;
  } finally {
    db.close();
  }
}

/** What the worker adds at the top of a page: the outbox's notice, and on /salir the warning. */
export async function pageNotice(url: URL, lang: Lang): Promise<string> {
  // A notice is never worth a page: where IndexedDB fails (some private modes), none is shown.
  const notice = await outboxNotice(url, lang).catch(() => "");
  if (url.pathname !== "/salir") return notice;
  const count = await countUnsent().catch(() => 0);
  if (count === 0) return notice;
  const warning = say(lang, "unsentOnLogout", { count: String(count) });
  return `<div class="notice unsent-warning" role="alert"><p>${warning}</p></div>${notice}`;
}
