import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { loadCatalogue } from "../features/catalogue/catalogue-page.server";
import { CataloguePage } from "../ui/CataloguePage";

export const loader = ({ request }: LoaderFunctionArgs) => loadCatalogue(request);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];
export default CataloguePage;
