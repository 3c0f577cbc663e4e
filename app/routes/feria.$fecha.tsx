import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { loadCatalogue } from "../features/catalogue/catalogue-page.server";
import { CataloguePage } from "../ui/CataloguePage";

export function loader({ request, params }: LoaderFunctionArgs) {
  const date = params.fecha ?? "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Response("Not found", { status: 404 });
  return loadCatalogue(request, date);
}
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];
export default CataloguePage;
