import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { FieldError } from "../ui/fields";
import { literal, object } from "zod/mini";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatTime } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { idParam } from "../lib/route-params";
import { formatPeruvianMobile } from "../lib/phone";
import { IN_PERSON_CODE_TTL_MS } from "../features/access/account-codes.server";
import { AssistedPhoneSchema } from "../features/producers/assisted-schemas";
import {
  getMarketAccount,
  giveCodeInPerson,
  setAssistedPhone,
} from "../features/access/coord-accounts.server";

const GiveCodeSchema = object({ intent: literal(["giveCode"], { error: "errors.formInvalid" }) });

/** How the person types their contact at login: their phone if they have one, else email. */
const loginContact = (person: { phone: string | null; email: string | null }) =>
  person.phone ? formatPeruvianMobile(person.phone) : (person.email ?? "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const person = getMarketAccount({ marketId: market.id, userId: idParam(params.userId) });
  if (!person) throw new Response("Not found", { status: 404 });
  const { locale } = await getTranslator(request);
  return json({
    person: {
      id: person.id,
      name: person.name,
      phone: person.phone ? formatPeruvianMobile(person.phone) : null,
      email: person.email,
      canLogIn: Boolean(person.phone || person.email),
      assisted: person.assisted,
      roles: person.roles,
    },
    codeMinutes: IN_PERSON_CODE_TTL_MS / 60_000,
    codesGiven: person.codesGiven.map((entry) => ({
      id: entry.id,
      actor: entry.actor ?? "—",
      when: formatDateTime(entry.createdAt, locale),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.person.name} · Qhatu` : "Qhatu" },
];

/**
 * "Give a code to log in": the code is in this answer only (not stored in clear, never shown
 * by the page's GET), with no-store so no cache keeps it.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const userId = idParam(params.userId);
  const formData = await readFormData(request);
  if (formData.get("intent") === "setPhone") {
    return savePhone({ formData, marketId: market.id, coordinatorId: user.id, userId });
  }
  const submission = parseForm(formData, GiveCodeSchema);
  if (submission.status !== "success") return refuseForm(submission);
  const result = giveCodeInPerson({ marketId: market.id, coordinatorId: user.id, userId });
  if (result.status === "notFound") throw new Response("Not found", { status: 404 });
  if (result.status === "noContact") {
    return refuseForm(submission, { status: 409, formErrors: ["coordAccounts.errors.noContact"] });
  }
  const person = getMarketAccount({ marketId: market.id, userId });
  const { locale } = await getTranslator(request);
  return json(
    {
      given: {
        code: `${result.code.slice(0, 3)} ${result.code.slice(3)}`,
        until: formatTime(result.expiresAt, locale),
        contact: person ? loginContact(person) : "",
      },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** An assisted account's phone, typed by the coordinator with the person there. */
function savePhone({
  formData,
  ...who
}: {
  formData: FormData;
  marketId: number;
  coordinatorId: number;
  userId: number;
}) {
  const submission = parseForm(formData, AssistedPhoneSchema);
  if (submission.status !== "success") return refuseForm(submission);
  const result = setAssistedPhone({ ...who, phone: submission.value.phone });
  if (result.status === "notFound") throw new Response("Not found", { status: 404 });
  if (result.status !== "ok") {
    const error =
      result.status === "taken"
        ? "coordAccounts.errors.phoneTaken"
        : "coordAccounts.errors.notAssisted";
    return refuseForm(submission, { status: 409, fieldErrors: { phone: [error] } });
  }
  return redirect(`/coordinacion/cuentas/${who.userId}`);
}

export default function CoordinatorAccount() {
  const { t } = useTranslation();
  const { person, codeMinutes, codesGiven } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const given = data && "given" in data ? data.given : null;
  const refused = data && "error" in data ? data.error?.[""] : null;
  const phoneErrors = data && "error" in data ? data.error?.phone : null;
  const typedPhone = data && "initialValue" in data ? data.initialValue?.phone : undefined;
  return (
    <>
      <p>
        <Link to="/coordinacion/cuentas">{t("coordAccounts.back")}</Link>
      </p>
      <h1>{person.name}</h1>
      <dl className="facts">
        <dt>{t("coordAccounts.phone")}</dt>
        <dd>{person.phone ?? t("coordAccounts.none_value")}</dd>
        <dt>{t("coordAccounts.email")}</dt>
        <dd>{person.email ?? t("coordAccounts.none_value")}</dd>
        {person.roles.map((r) => (
          <dd key={`${r.role}-${r.farmName ?? ""}`}>
            {[t(`coordAccounts.role.${r.role}`), r.farmName, t(`coordAccounts.status.${r.status}`)]
              .filter(Boolean)
              .join(", ")}
          </dd>
        ))}
      </dl>

      <section className="card" aria-labelledby="give-code-title">
        <h2 id="give-code-title">{t("coordAccounts.giveTitle")}</h2>
        {given ? (
          <div className="given-code" role="status">
            <p>{t("coordAccounts.codeFor", { name: person.name })}</p>
            <p className="code">{given.code}</p>
            <p>{t("coordAccounts.codeUntil", { time: given.until })}</p>
            <p>
              {t("coordAccounts.howTo", {
                login: t("login.title"),
                forgot: t("recovery.forgotLink"),
                haveCode: t("recovery.haveCodeLink"),
                contact: given.contact,
              })}
            </p>
          </div>
        ) : null}
        {refused?.length ? (
          <p className="form-error" role="alert">
            {refused.map((e) => t(e)).join(" ")}
          </p>
        ) : null}
        {person.canLogIn ? (
          <>
            <p>{t("coordAccounts.giveIntro", { minutes: codeMinutes })}</p>
            <Form method="post">
              <button type="submit" name="intent" value="giveCode" className="button">
                {t("coordAccounts.giveCode")}
              </button>
            </Form>
          </>
        ) : (
          <p className="notice-inline">{t("coordAccounts.cannotLogIn")}</p>
        )}
      </section>

      {person.assisted ? (
        <section className="card" aria-labelledby="phone-title">
          <h2 id="phone-title">{t("coordAccounts.phoneTitle")}</h2>
          <p>{t("coordAccounts.phoneIntro")}</p>
          <Form method="post" className="field">
            <input type="hidden" name="intent" value="setPhone" />
            <label htmlFor="assisted-phone">{t("coordAccounts.phoneLabel")}</label>
            <input
              id="assisted-phone"
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              defaultValue={typeof typedPhone === "string" ? typedPhone : (person.phone ?? "")}
              aria-invalid={phoneErrors?.length ? true : undefined}
              aria-describedby={phoneErrors?.length ? "assisted-phone-error" : undefined}
            />
            <FieldError id="assisted-phone-error" errors={phoneErrors} />
            <button type="submit" className="button">
              {t("coordAccounts.phoneSave")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="codes-given-title">
        <h2 id="codes-given-title">{t("coordAccounts.history")}</h2>
        {codesGiven.length === 0 ? (
          <p className="muted">{t("coordAccounts.noHistory")}</p>
        ) : (
          <ul>
            {codesGiven.map((entry) => (
              <li key={entry.id}>
                {t("coordAccounts.historyItem", { actor: entry.actor, when: entry.when })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
