import { useTranslation } from "../infra/translate";
import type { BundleShortage, Shortage } from "../features/ordering/availability.server";

/** One line of "what could not be reserved", in words that match the reason. */
export function ShortageText({ shortage: s }: { shortage: Shortage }) {
  const { t } = useTranslation();
  if (s.reason === "unavailable")
    return <>{t("checkout.shortUnavailable", { product: s.productName })}</>;
  const values = { product: s.productName, requested: s.requested, count: s.available };
  return (
    <>
      {s.reason === "limit" ? t("checkout.shortLimit", values) : t("checkout.shortStock", values)}
    </>
  );
}

/** The same for a family basket: no longer available, over the per-family limit, or only so many left. */
export function BundleShortageText({ shortage: s }: { shortage: BundleShortage }) {
  const { t } = useTranslation();
  if (s.reason === "unavailable") return <>{t("bundles.shortUnavailable", { name: s.name })}</>;
  const values = { name: s.name, requested: s.requested, count: s.available };
  return (
    <>{s.reason === "limit" ? t("bundles.shortLimit", values) : t("bundles.shortStock", values)}</>
  );
}
