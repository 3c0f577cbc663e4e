/**
 * What an error page says, wherever it shows: the root's page, or inside the producer's and the
 * coordinator's areas under their own menu. Errors themselves are logged by entry.server.tsx.
 */
import { isRouteErrorResponse, Link, useLocation, useRouteError } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { useRequestInfo } from "../infra/request-context";

/** Which message an error status gets (others: the generic one). */
const ERROR_KINDS: Record<number, string> = { 403: "forbidden", 404: "notFound", 413: "tooLarge" };

export function ErrorMessage({ home = "/" }: { home?: string }) {
  const error = useRouteError();
  const { t } = useTranslation();
  const { requestId } = useRequestInfo();
  // The id belongs to the request that rendered the document: after a navigation in the
  // browser it would name another request, so it is shown on the first page only.
  const firstPage = useLocation().key === "default";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = ERROR_KINDS[status] ?? "generic";
  return (
    <section className="card error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(`errors.${kind}Title`)}</h1>
      <p>{t(`errors.${kind}Body`)}</p>
      {status >= 500 && requestId && firstPage ? (
        <p className="hint">{t("errors.requestId", { id: requestId })}</p>
      ) : null}
      <p>
        <Link to={home} className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
