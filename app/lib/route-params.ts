/**
 * Reading the parts of an address. Kept apart from the form fields (form-fields.ts): a page
 * that only reads its id in its loader must not pull zod into the browser's bundle.
 */

/**
 * An id in an address (/coordinacion/ferias/:id, /coordinacion/recojo/:id…): a positive whole
 * number, or a thrown 404 for anything else, before anything is read.
 */
export function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id < 1)
    throw new Response("Not found", { status: 404 });
  return id;
}
