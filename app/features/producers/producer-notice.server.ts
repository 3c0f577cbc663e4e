/**
 * What a coordinator's page says after a change to a producer ("Approved: Chacra Ccori, now
 * approved"), carried by the flash cookie to wherever the coordinator is sent back.
 */
import type { TFunction } from "i18next";
import { redirectWithFlash } from "../../infra/flash.server";
import { getProducerHeadline } from "./coord-producers.server";

export type ProducerNotice =
  | "approved"
  | "suspended"
  | "reinstated"
  | "unchanged"
  | "profileSaved"
  | "certificationAdded"
  | "certificationRemoved"
  | "certificationAlreadyRemoved";

/** A redirect to `to` saying `notice` about the producer as they are now. */
export function backWithProducerNotice({
  to,
  notice,
  marketId,
  producerId,
  t,
}: {
  to: string;
  notice: ProducerNotice;
  marketId: number;
  producerId: number;
  t: TFunction;
}) {
  const now = getProducerHeadline({ marketId, producerId });
  return redirectWithFlash(to, {
    key: `coordProducers.notice.${notice}`,
    values: {
      farm: now?.farmName ?? "",
      status: now ? t(`coordProducers.status.${now.status}`) : "",
    },
  });
}
