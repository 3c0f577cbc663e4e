/**
 * PLACEHOLDER, replaced by H5's real command runner at merge (branch sms-h5): the contract
 * between the inbound webhooks (app/features/sms-inbound/) and the command language is only
 * this signature. Until then every text is answered with a "not yet" help text.
 */
export type CommandResult = {
  /** The command recognised ("MISMO", "OFERTA", "LISTA", "PEDIDOS", "LLEVAR", "PAUSA", "AYUDA"), or "DESCONOCIDO". */
  command: string;
  ok: boolean;
  /** The answer to send back, in the producer's language, ≤ 160 GSM-7 characters where possible. */
  reply: string;
};

const NOT_YET: Record<"es" | "qu" | "en", string> = {
  es: "Qhatu: los pedidos por mensaje aun no estan listos. Use la pagina web o llame a su coordinador.",
  qu: "Qhatu: willakuywan mañakuyqa manaraq kanchu. Web paginata llamk'achiy utaq coordinadorniykita waqyay.",
  en: "Qhatu: commands by text message are not ready yet. Use the website or call your coordinator.",
};

/** Runs one text message from an approved producer (already matched by phone) through the real models. */
export function runProducerCommand(input: {
  producerId: number;
  marketId: number;
  userId: number;
  locale: "es" | "qu" | "en";
  text: string;
  now?: Date;
}): CommandResult {
  return { command: "DESCONOCIDO", ok: false, reply: NOT_YET[input.locale] ?? NOT_YET.es };
}
