/**
 * The Yape/Plin setup form of /coordinacion/pagos/yape (a plain multipart form, no JavaScript):
 * on/off, holder, numbers, QR (shown when set, removable), proof wait and verification lead.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { TextInput, useFormReply } from "./CoordForm";
import { Field, FieldError } from "./fields";

export type WalletSettingsView = {
  enabled: boolean;
  holderName: string;
  yapeNumber: string;
  plinNumber: string;
  qrPhotoKey: string | null;
  proofWaitMinutes: string;
  verifyLeadHours: string;
};

export function WalletSettingsForm({ settings }: { settings: WalletSettingsView }) {
  const { t } = useTranslation();
  const form = useFormReply("wallet");
  const enabled = form.reply ? form.value("enabled") === "on" : settings.enabled;
  return (
    <Form method="post" encType="multipart/form-data" className="card" noValidate>
      <input type="hidden" name="intent" value="save" />
      {form.reply ? (
        <p className="form-error" role="alert">
          {t("coordPayments.setup.formHasErrors")}
        </p>
      ) : null}
      <FieldError id="wallet--error" errors={form.errors("")} />
      <div className="checkbox">
        <input type="checkbox" id="wallet-enabled" name="enabled" defaultChecked={enabled} />
        <label htmlFor="wallet-enabled">{t("coordPayments.setup.enabled")}</label>
      </div>
      <TextInput
        form={form}
        name="holderName"
        label={t("coordPayments.setup.holderName")}
        hint={t("coordPayments.setup.holderNameHint")}
        autoComplete="off"
        maxLength={80}
        defaultValue={settings.holderName}
      />
      <TextInput
        form={form}
        name="yapeNumber"
        type="tel"
        inputMode="tel"
        label={t("coordPayments.setup.yapeNumber")}
        hint={t("coordPayments.setup.numberHint")}
        autoComplete="off"
        maxLength={40}
        defaultValue={settings.yapeNumber}
      />
      <TextInput
        form={form}
        name="plinNumber"
        type="tel"
        inputMode="tel"
        label={t("coordPayments.setup.plinNumber")}
        hint={t("coordPayments.setup.numberHint")}
        autoComplete="off"
        maxLength={40}
        defaultValue={settings.plinNumber}
      />
      <Field
        id="wallet-photo"
        label={t("coordPayments.setup.qr")}
        errorId="wallet-photo-error"
        errors={form.errors("photo")}
        errorValues={form.reply?.values}
      >
        {settings.qrPhotoKey ? (
          <img
            className="wallet-qr"
            src={`/fotos/${settings.qrPhotoKey}-320.webp`}
            alt={t("coordPayments.setup.qrCurrent")}
            width={160}
            height={160}
          />
        ) : null}
        <p className="hint" id="wallet-photo-hint">
          {t("coordPayments.setup.qrHint")}
        </p>
        <input
          id="wallet-photo"
          name="photo"
          type="file"
          accept="image/*"
          aria-describedby="wallet-photo-hint"
          {...form.invalid("photo", "wallet-photo-hint")}
        />
      </Field>
      {settings.qrPhotoKey ? (
        <div className="checkbox">
          <input type="checkbox" id="wallet-removeQr" name="removeQr" />
          <label htmlFor="wallet-removeQr">{t("coordPayments.setup.removeQr")}</label>
        </div>
      ) : null}
      <TextInput
        form={form}
        name="proofWaitMinutes"
        inputMode="numeric"
        label={t("coordPayments.setup.proofWait")}
        hint={t("coordPayments.setup.proofWaitHint")}
        defaultValue={settings.proofWaitMinutes}
      />
      <TextInput
        form={form}
        name="verifyLeadHours"
        inputMode="numeric"
        label={t("coordPayments.setup.verifyLead")}
        hint={t("coordPayments.setup.verifyLeadHint")}
        defaultValue={settings.verifyLeadHours}
      />
      <button type="submit" className="button primary">
        {t("coordPayments.setup.save")}
      </button>
    </Form>
  );
}
