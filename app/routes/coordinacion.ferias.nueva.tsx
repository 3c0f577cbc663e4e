import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { MarketDayFields } from "../ui/MarketDayFields";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { MarketDaySchema } from "../features/market-days/coord-days-schemas";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import type { FormReply } from "../lib/form-reply";
import { createMarketDay } from "../features/market-days/day-edits.server";
import { suggestNewDayDate } from "../features/market-days/day-list.server";
import { backToDay } from "../features/market-days/day-done.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  return json({
    title: t("coordDays.newTitle"),
    defaults: {
      date: suggestNewDayDate(market.id),
      ordersOpenAt: "",
      cutoffAt: "",
      pickupStart: "07:00",
      pickupEnd: "13:00",
      place: market.defaultPlace,
    },
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const { locale } = await getTranslator(request);
  const formData = await readFormData(request);
  const refuse = (
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
    values?: FormReply["values"],
  ) => refuseForm(formData, { formId: "day", fieldErrors, status, values });
  const submission = parseForm(formData, MarketDaySchema);
  if (submission.status !== "success") return refuse(submission.error);
  const result = createMarketDay({
    marketId: market.id,
    actorUserId: user.id,
    input: submission.value,
  });
  if (!result.ok) {
    // A taken date conflicts with another day (409); a past date is simply bad input (400).
    const status = result.error === "duplicateDate" ? 409 : 400;
    return refuse({ date: [`coordDays.errors.${result.error}`] }, status, {
      date: formatMarketDate(submission.value.date, locale),
    });
  }
  return backToDay(result.day.id, "created");
}

export default function NewMarketDay() {
  const { t } = useTranslation();
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/coordinacion/ferias">{t("coordDays.backToList")}</Link>
      </p>
      <h1>{t("coordDays.newTitle")}</h1>
      <p className="hint">{t("coordDays.draftExplained")}</p>
      <Form method="post" className="card" noValidate>
        {reply ? (
          <p className="form-error" role="alert">
            {t("coordDays.formHasErrors")}
          </p>
        ) : null}
        <MarketDayFields reply={reply} defaults={defaults} />
        <button type="submit" className="button primary">
          {t("coordDays.create")}
        </button>
      </Form>
    </>
  );
}
