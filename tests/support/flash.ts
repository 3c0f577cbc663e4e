/** What a response's redirect will say on the page it lands on (the flash cookie it sets). */
import { takeFlash, type Flash } from "../../app/infra/flash.server";

export async function flashOf(response: Response): Promise<Flash | null> {
  const cookies = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c.startsWith("qhatu_flash="));
  if (cookies.length === 0) return null;
  const request = new Request("http://localhost/", { headers: { Cookie: cookies.join("; ") } });
  return (await takeFlash(request)).flash;
}
