/**
 * Every language's catalogue, put together from one file per area. The coordinator's pages
 * have their own files (top-level keys starting with "coord"), so the strings only they use
 * are kept out of the translations inlined in the consumers' pages (see root.tsx and
 * sections.ts). Server-only: imported by i18n.server.ts and the tests, never by browser code.
 */
import enAccountAccess from "./en/account-access.json";
import enCoordAccounts from "./en/coord-accounts.json";
import enCoordAssisted from "./en/coord-assisted.json";
import enCoordBundles from "./en/coord-bundles.json";
import enCoordDashboard from "./en/coord-dashboard.json";
import enCoordDays from "./en/coord-days.json";
import enCoordDesk from "./en/coord-desk.json";
import enCoordProducers from "./en/coord-producers.json";
import enCoordSettlement from "./en/coord-settlement.json";
import enNotifications from "./en/notifications.json";
import enOffline from "./en/offline.json";
import enOutbox from "./en/outbox.json";
import enPayments from "./en/payments.json";
import enWallet from "./en/wallet.json";
import enCoordPayments from "./en/coord-payments.json";
import enSmsCommands from "./en/sms-commands.json";
import enCoordMessages from "./en/coord-messages.json";
import enSmsInbound from "./en/sms-inbound.json";
import en from "./en/translation.json";
import esAccountAccess from "./es/account-access.json";
import esCoordAccounts from "./es/coord-accounts.json";
import esCoordAssisted from "./es/coord-assisted.json";
import esCoordBundles from "./es/coord-bundles.json";
import esCoordDashboard from "./es/coord-dashboard.json";
import esCoordDays from "./es/coord-days.json";
import esCoordDesk from "./es/coord-desk.json";
import esCoordProducers from "./es/coord-producers.json";
import esCoordSettlement from "./es/coord-settlement.json";
import esNotifications from "./es/notifications.json";
import esOffline from "./es/offline.json";
import esOutbox from "./es/outbox.json";
import esPayments from "./es/payments.json";
import esWallet from "./es/wallet.json";
import esCoordPayments from "./es/coord-payments.json";
import esSmsCommands from "./es/sms-commands.json";
import esCoordMessages from "./es/coord-messages.json";
import esSmsInbound from "./es/sms-inbound.json";
import es from "./es/translation.json";
import quAccountAccess from "./qu/account-access.json";
import quCoordAccounts from "./qu/coord-accounts.json";
import quCoordAssisted from "./qu/coord-assisted.json";
import quCoordBundles from "./qu/coord-bundles.json";
import quCoordDashboard from "./qu/coord-dashboard.json";
import quCoordDays from "./qu/coord-days.json";
import quCoordDesk from "./qu/coord-desk.json";
import quCoordProducers from "./qu/coord-producers.json";
import quCoordSettlement from "./qu/coord-settlement.json";
import quNotifications from "./qu/notifications.json";
import quOffline from "./qu/offline.json";
import quOutbox from "./qu/outbox.json";
import quPayments from "./qu/payments.json";
import quWallet from "./qu/wallet.json";
import quCoordPayments from "./qu/coord-payments.json";
import quSmsCommands from "./qu/sms-commands.json";
import quCoordMessages from "./qu/coord-messages.json";
import quSmsInbound from "./qu/sms-inbound.json";
import qu from "./qu/translation.json";

/** Each language's files, in order; their top-level keys must not collide (a test checks). */
export const catalogFiles = {
  es: [
    es,
    esPayments,
    esNotifications,
    esCoordDesk,
    esCoordDays,
    esCoordProducers,
    esCoordSettlement,
    esCoordDashboard,
    esCoordBundles,
    esCoordAssisted,
    esAccountAccess,
    esCoordAccounts,
    esOffline,
    esOutbox,
    esWallet,
    esCoordPayments,
    esSmsCommands,
    esCoordMessages,
    esSmsInbound,
  ],
  qu: [
    qu,
    quPayments,
    quNotifications,
    quCoordDesk,
    quCoordDays,
    quCoordProducers,
    quCoordSettlement,
    quCoordDashboard,
    quCoordBundles,
    quCoordAssisted,
    quAccountAccess,
    quCoordAccounts,
    quOffline,
    quOutbox,
    quWallet,
    quCoordPayments,
    quSmsCommands,
    quCoordMessages,
    quSmsInbound,
  ],
  en: [
    en,
    enPayments,
    enNotifications,
    enCoordDesk,
    enCoordDays,
    enCoordProducers,
    enCoordSettlement,
    enCoordDashboard,
    enCoordBundles,
    enCoordAssisted,
    enAccountAccess,
    enCoordAccounts,
    enOffline,
    enOutbox,
    enWallet,
    enCoordPayments,
    enSmsCommands,
    enCoordMessages,
    enSmsInbound,
  ],
} as const;

type Catalog = Record<string, unknown>;
const merge = (files: readonly object[]): Catalog => Object.assign({}, ...files) as Catalog;

export const catalogs = {
  es: merge(catalogFiles.es),
  qu: merge(catalogFiles.qu),
  en: merge(catalogFiles.en),
};
