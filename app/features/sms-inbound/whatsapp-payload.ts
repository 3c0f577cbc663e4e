/**
 * The text messages in a WhatsApp Cloud API delivery:
 * { object, entry: [{ changes: [{ value: { messages: [{ from, id, type: "text", text: { body } }] } }] }] }.
 * Anything else in it (statuses, images, reactions) is not a command and is left out.
 */
import { z } from "zod";

const MAX_ID_LENGTH = 128;

const Delivery = z.object({
  entry: z.array(
    z.object({
      changes: z
        .array(
          z.object({
            value: z
              .object({ messages: z.array(z.unknown()).optional() })
              .passthrough()
              .optional(),
          }),
        )
        .optional(),
    }),
  ),
});

const TextMessage = z.object({
  id: z.string().min(1).max(MAX_ID_LENGTH),
  from: z.string().min(1).max(40),
  type: z.literal("text"),
  text: z.object({ body: z.string() }),
});

/** The delivery's text messages, or null when it is not a delivery at all. */
export function textMessagesOf(
  payload: unknown,
): { messageId: string; from: string; body: string }[] | null {
  const delivery = Delivery.safeParse(payload);
  if (!delivery.success) return null;
  const texts: { messageId: string; from: string; body: string }[] = [];
  for (const entry of delivery.data.entry) {
    for (const change of entry.changes ?? []) {
      for (const candidate of change.value?.messages ?? []) {
        const message = TextMessage.safeParse(candidate);
        if (message.success) {
          texts.push({
            messageId: message.data.id,
            from: message.data.from,
            body: message.data.text.body,
          });
        }
      }
    }
  }
  return texts;
}
