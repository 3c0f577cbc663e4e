/**
 * The coordinator's view of a producer's SMS and WhatsApp messages (issue 17 §3): each text the
 * producer sent, the command it ran and whether it worked, and Qhatu's reply with its delivery.
 * Newest first; only shows what the loader gives it.
 */
import { useTranslation } from "../infra/translate";

export type ProducerMessageRow = {
  id: number;
  provider: "sms" | "whatsapp";
  body: string;
  sender: "producer" | "pending" | "suspended" | "unknown";
  command: string | null;
  ok: boolean;
  reply: string | null;
  at: string;
  replyStatus: "pending" | "sent" | "failed" | null;
};

/** A message Qhatu sent on its own (the digest after the cutoff), as the producer read it. */
export type SentMessageRow = {
  id: number;
  channel: "sms" | "whatsapp";
  text: string | null;
  status: "pending" | "sent" | "failed";
  at: string;
};

export function ProducerMessagesSection({
  messages,
  sent,
}: {
  messages: ProducerMessageRow[];
  sent: SentMessageRow[];
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="producer-messages-title">
      <h2 id="producer-messages-title">{t("coordMessages.title")}</h2>
      <p>{t("coordMessages.intro")}</p>
      {messages.length === 0 ? (
        <p>{t("coordMessages.empty")}</p>
      ) : (
        <ol className="coord-history" aria-label={t("coordMessages.title")}>
          {messages.map((m) => (
            <li key={m.id}>
              <p>
                <small>
                  {t("coordMessages.received", {
                    channel: t(`coordMessages.channel.${m.provider}`),
                    at: m.at,
                  })}
                </small>
              </p>
              <blockquote>{m.body}</blockquote>
              <p>
                {m.command
                  ? `${t("coordMessages.command", { command: m.command })} · ${t(
                      m.ok ? "coordMessages.result.ok" : "coordMessages.result.refused",
                    )}`
                  : t("coordMessages.noCommand")}
                {m.sender !== "producer" ? ` ${t(`coordMessages.sender.${m.sender}`)}` : null}
              </p>
              {m.reply ? (
                <p>
                  {t("coordMessages.reply")}
                  {m.replyStatus
                    ? ` (${t(`coordMessages.delivery.${m.replyStatus}`)})`
                    : null}: {m.reply}
                </p>
              ) : (
                <p>{t("coordMessages.noReply")}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {sent.length > 0 ? (
        <>
          <h3>{t("coordMessages.sentTitle")}</h3>
          <ol className="coord-history" aria-label={t("coordMessages.sentTitle")}>
            {sent.map((m) => (
              <li key={m.id}>
                <small>
                  {t("coordMessages.sent", {
                    channel: t(`coordMessages.channel.${m.channel}`),
                    at: m.at,
                  })}{" "}
                  ({t(`coordMessages.delivery.${m.status}`)})
                </small>
                {m.text ? <blockquote>{m.text}</blockquote> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
