/**
 * The market's Yape/Plin wallet, set up by its coordinators: on/off, holder, numbers, QR,
 * how long a family has to send its proof and when verification closes before a market day.
 */
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCoordinator } from "../features/access/coordinator.server";
import { readFormWithPhoto } from "../features/producers/photo-form.server";
import { storePhoto } from "../features/producers/photos.server";
import { WalletSettingsSchema } from "../features/wallet/coord-wallet-schemas";
import { saveWalletSettings, walletSettingsOf } from "../features/wallet/wallet-settings.server";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { useTranslation } from "../infra/translate";
import { parseForm } from "../lib/form-parse";
import { refuseForm } from "../lib/forms.server";
import { titleMeta } from "../lib/meta";
import { WalletSettingsForm } from "../ui/WalletSettingsForm";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const settings = walletSettingsOf(market.id);
  return json({
    title: t("coordPayments.setup.title"),
    settings: {
      enabled: settings.enabled,
      holderName: settings.holderName,
      yapeNumber: settings.yapeNumber?.replace(/^\+51/, "") ?? "",
      plinNumber: settings.plinNumber?.replace(/^\+51/, "") ?? "",
      qrPhotoKey: settings.qrPhotoKey,
      proofWaitMinutes: String(settings.proofWaitMinutes),
      verifyLeadHours: String(Math.round(settings.verifyLeadMinutes / 60)),
    },
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormWithPhoto(request);
  if (formData === "tooLarge")
    return refuseForm(new FormData(), {
      status: 413,
      formId: "wallet",
      fieldErrors: { photo: ["errors.photoTooLarge"] },
    });
  const refuse = (fieldErrors: Record<string, string[] | null> | null | undefined) =>
    refuseForm(formData, { formId: "wallet", fieldErrors, status: 400 });
  const submission = parseForm(formData, WalletSettingsSchema);
  if (submission.status !== "success") return refuse(submission.error);
  const value = submission.value;
  const before = walletSettingsOf(market.id);
  let qrPhotoKey = value.removeQr ? null : before.qrPhotoKey;
  const photo = formData.get("photo");
  if (photo instanceof Blob && photo.size > 0) {
    const stored = await storePhoto(photo);
    if (!stored.ok) return refuse({ photo: [`errors.${stored.error}`] });
    qrPhotoKey = stored.key;
  }
  saveWalletSettings({
    marketId: market.id,
    actorUserId: user.id,
    settings: {
      enabled: Boolean(value.enabled),
      holderName: value.holderName,
      yapeNumber: value.yapeNumber,
      plinNumber: value.plinNumber,
      qrPhotoKey,
      proofWaitMinutes: value.proofWaitMinutes,
      verifyLeadMinutes: value.verifyLeadHours * 60,
    },
  });
  return redirect("/coordinacion/pagos/yape", {
    headers: { "Set-Cookie": await setFlash({ key: "coordPayments.flash.saved" }) },
  });
}

export default function WalletSetup() {
  const { t } = useTranslation();
  const { settings } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/coordinacion/pagos">{t("coordPayments.setup.back")}</Link>
      </p>
      <h1>{t("coordPayments.setup.title")}</h1>
      <p className="hint">{t("coordPayments.setup.explain")}</p>
      <WalletSettingsForm settings={settings} />
    </>
  );
}
